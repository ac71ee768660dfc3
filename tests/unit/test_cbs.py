"""Reader `cbs` (FORMATS.md §4) on a Wijk- en buurtkaart as CBS publishes it and on the shipped resource, each count
checked against OGR SQL or sqlite3 over the same file; `init` starts a store on the shipped geography."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from osgeo import ogr, osr

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.sources import cbs, geografie
from almelo_atlas_plugin.core.store.base import StoreError
from almelo_atlas_plugin.core.store.open import open_store

FIELDS = (("gemeentecode", ogr.OFTString), ("gemeentenaam", ogr.OFTString), ("water", ogr.OFTString),
          ("aantal_inwoners", ogr.OFTInteger), ("woningvoorraad", ogr.OFTInteger),
          ("percentage_koopwoningen", ogr.OFTReal), ("indelingswijziging_wijken_en_buurten", ogr.OFTInteger))
OWN = {"gemeenten": (), "wijken": (("wijkcode", ogr.OFTString), ("wijknaam", ogr.OFTString)),
       "buurten": (("buurtcode", ogr.OFTString), ("buurtnaam", ogr.OFTString), ("wijkcode", ogr.OFTString))}


def _square(x: float, y: float, size: float = 500.0) -> str:
    return f"MULTIPOLYGON ((({x} {y},{x + size} {y},{x + size} {y + size},{x} {y + size},{x} {y})))"


def _published(path: Path, epsg: int = 28992) -> Path:
    """A Wijk- en buurtkaart in CBS's 2022+ layout: two gemeenten; GM0141 with a water part, two wijken, three land
    buurten, a water buurt (9997), secret and later-published figures, a code that is no code, a buurt without area."""
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    rows = {
        "gemeenten": [
            dict(gemeentecode="GM0141", gemeentenaam="Almelo", water="NEE", aantal_inwoners=73155, woningvoorraad=33917,
                 percentage_koopwoningen=56.0, geom=_square(0, 0, 2000)),
            dict(gemeentecode="GM0141", gemeentenaam="Almelo", water="JA", aantal_inwoners=-99997, woningvoorraad=-99997,
                 percentage_koopwoningen=-99997, geom=_square(2000, 0, 200)),
            dict(gemeentecode="GM0153", gemeentenaam="Enschede", water="NEE", aantal_inwoners=160000, woningvoorraad=75000,
                 percentage_koopwoningen=48.0, geom=_square(5000, 0, 2000)),
        ],
        "wijken": [
            dict(wijkcode="WK014110", wijknaam="Binnenstad", gemeentecode="GM0141", water="NEE", aantal_inwoners=5000,
                 woningvoorraad=3383, percentage_koopwoningen=-99997, geom=_square(0, 0, 1000)),
            dict(wijkcode="WK014111", wijknaam="De Riet", gemeentecode="GM0141", water="NEE", aantal_inwoners=8000,
                 woningvoorraad=3605, percentage_koopwoningen=-99995, geom=_square(1000, 0, 1000)),
            dict(wijkcode="WK015301", wijknaam="Centrum", gemeentecode="GM0153", water="NEE", aantal_inwoners=9000,
                 woningvoorraad=4000, percentage_koopwoningen=40.0, geom=_square(5000, 0, 1000)),
        ],
        "buurten": [
            dict(buurtcode="BU01411000", buurtnaam="Binnenstad Noord", wijkcode="WK014110", gemeentecode="GM0141",
                 water="NEE", aantal_inwoners=2000, woningvoorraad=1300, percentage_koopwoningen=30.0, geom=_square(0, 0)),
            dict(buurtcode="BU01411001", buurtnaam="Binnenstad Zuid", wijkcode="WK014110", gemeentecode="GM0141",
                 water="NEE", aantal_inwoners=1500, woningvoorraad=780, percentage_koopwoningen=-99999999, geom=_square(500, 0)),
            dict(buurtcode="BU01411100", buurtnaam="Nieuwland", wijkcode="WK014111", gemeentecode="GM0141",
                 water="NEE", aantal_inwoners=2500, woningvoorraad=1025, percentage_koopwoningen=45.0, geom=_square(1000, 0)),
            dict(buurtcode="BU01419997", buurtnaam="Water", wijkcode="WK014199", gemeentecode="GM0141",
                 water="JA", aantal_inwoners=0, woningvoorraad=0, percentage_koopwoningen=-99997, geom=_square(1500, 0)),
            dict(buurtcode="BU0141", buurtnaam="Kapot", wijkcode="WK014111", gemeentecode="GM0141",
                 water="NEE", aantal_inwoners=1, woningvoorraad=1, percentage_koopwoningen=1.0, geom=_square(1500, 500)),
            dict(buurtcode="BU01411101", buurtnaam="Zonder vlak", wijkcode="WK014111", gemeentecode="GM0141",
                 water="NEE", aantal_inwoners=1, woningvoorraad=1, percentage_koopwoningen=1.0, geom=None),
            dict(buurtcode="BU01530100", buurtnaam="Centrum", wijkcode="WK015301", gemeentecode="GM0153",
                 water="NEE", aantal_inwoners=9000, woningvoorraad=4000, percentage_koopwoningen=40.0, geom=_square(5000, 0)),
        ],
    }
    for name, feats in rows.items():
        lyr = ds.CreateLayer(name, srs, ogr.wkbMultiPolygon)
        for fname, ftype in OWN[name] + FIELDS:
            if lyr.FindFieldIndex(fname, True) < 0:
                lyr.CreateField(ogr.FieldDefn(fname, ftype))
        for r in feats:
            f = ogr.Feature(lyr.GetLayerDefn())
            for k, v in r.items():
                if k != "geom":
                    f.SetField(k, v)
            if r["geom"]:
                f.SetGeometry(ogr.CreateGeometryFromWkt(r["geom"]))
            lyr.CreateFeature(f)
    ds = None
    return path


def _ogr_count(path: Path, sql: str) -> int:
    ds = ogr.Open(str(path))
    lyr = ds.ExecuteSQL(sql)
    n = lyr.GetNextFeature().GetField(0)
    ds.ReleaseResultSet(lyr)
    return n


@pytest.fixture
def wbk(tmp_path) -> Path:
    return _published(tmp_path / "wijkenbuurten_2023_v1.gpkg")


def test_reads_one_gemeente_of_the_published_file_land_only(wbk):
    got = cbs.lees(wbk, {}, None)
    land = "gemeentecode = 'GM0141' AND water = 'NEE'"
    assert got.soort == "cbs" and got.laag == "wijken" and got.sleutel == "wijk_code"
    assert [r["wijk_code"] for r in got.rijen] == ["WK014110", "WK014111"]
    assert len(got.rijen) == _ogr_count(wbk, f"SELECT count(*) FROM wijken WHERE {land}")
    assert [r["naam"] for r in got.rijen] == ["Binnenstad", "De Riet"]
    buurten = got.andere["buurten"]
    # land buurten with a valid code and an area: the OGR count less the refused two
    assert len(buurten) == _ogr_count(wbk, f"SELECT count(*) FROM buurten WHERE {land}") - 2 == 3
    assert {b["buurt_code"]: b["wijk_code"] for b in buurten} == {
        "BU01411000": "WK014110", "BU01411001": "WK014110", "BU01411100": "WK014111"}
    (gm,) = got.andere["gemeente"]
    assert gm["gemeente_code"] == "GM0141" and gm["naam"] == "Almelo"
    assert gm["geom"].area == pytest.approx(2000 * 2000)  # the water part is not in it
    assert gm["geom"].geom_type == "MultiPolygon" and all(r["geom"].geom_type == "MultiPolygon" for r in got.rijen)
    assert got.peildatum == "2023-01-01"  # the file's name: no boundary year in it
    assert sorted((w.waar.split()[0], w.veld) for w in got.geweigerd) == [("bronfeature", "buurtcode"), ("bronfeature", "geom")]
    assert any("BU0141" in w.reden for w in got.geweigerd)
    lines = [w.regel("buurten") for w in got.geweigerd]
    assert all(line.startswith("Laag buurten, bronfeature ") for line in lines), lines
    assert any("water" in m for m in got.meldingen)


def test_kerncijfers_long_form_and_cbs_missing_codes_empty(wbk):
    kern = cbs.lees(wbk, {"gemeente": "GM0141"}, None).andere["kerncijfers"]
    by = {(r["niveau"], r["gebied_code"], r["jaar"], r["variabele"]): r["waarde"] for r in kern}
    assert len(by) == len(kern)  # one value per area, year and variable
    assert by[("gemeente", "GM0141", 2023, "woningvoorraad")] == 33917
    assert by[("wijk", "WK014110", 2023, "percentage_koopwoningen")] is None  # -99997: geheim
    assert by[("wijk", "WK014111", 2023, "percentage_koopwoningen")] is None  # -99995: later
    assert by[("buurt", "BU01411001", 2023, "percentage_koopwoningen")] is None  # -99999999: older files
    assert by[("buurt", "BU01411000", 2023, "percentage_koopwoningen")] == 30.0
    assert not any(k[3].startswith("indelingswijziging") for k in by)  # an identity code, not a figure
    assert not any(k[1] in ("GM0153", "BU01419997") for k in by)  # another gemeente; water
    assert {r["bron"] for r in kern} == {"CBS Wijk- en buurtkaart (wijkenbuurten_2023_v1.gpkg)"}


def test_a_file_without_a_year_gives_its_areas_and_says_why_it_has_no_figures(tmp_path):
    got = cbs.lees(_published(tmp_path / "wbk.gpkg"), {}, None)
    assert len(got.rijen) == 2 and got.andere["kerncijfers"] == [] and got.peildatum is None
    assert any("geen jaar van de kerncijfers" in m for m in got.meldingen)


def test_another_gemeente_by_option(wbk):
    got = cbs.lees(wbk, {"gemeente": "gm0153"}, None)
    assert [r["wijk_code"] for r in got.rijen] == ["WK015301"]
    assert [b["buurt_code"] for b in got.andere["buurten"]] == ["BU01530100"]


@pytest.mark.parametrize("what, opties, says", [
    ("geen_gemeente", {"gemeente": "GM9999"}, "geen gemeente GM9999"),
    ("slechte_code", {"gemeente": "Almelo"}, "geen CBS-gemeentecode"),
    ("wgs84", {}, "niet in EPSG:28992"),
    ("geen_gpkg", {}, "kan niet worden gelezen"),
    ("ontbreekt", {}, "bestaat niet"),
])
def test_bad_input_is_one_dutch_line(tmp_path, what, opties, says):
    path = tmp_path / f"{what}.gpkg"
    if what == "wgs84":
        _published(path, epsg=4326)
    elif what == "geen_gpkg":
        path.write_text("geen geopackage", encoding="utf-8")
    elif what != "ontbreekt":
        _published(path)
    with pytest.raises(StoreError) as exc:
        cbs.lees(path, opties, None)
    assert says in str(exc.value) and "\n" not in str(exc.value)


def test_shipped_resource_counted_by_sqlite():
    got = geografie.almelo()
    con = sqlite3.connect(str(geografie.pad()))
    try:
        n_wijken, n_buurten = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("wijken", "buurten"))
        wijk_jaren = con.execute("SELECT count(DISTINCT jaar) FROM kerncijfers_wijken").fetchone()[0]
    finally:
        con.close()
    assert (len(got.rijen), len(got.andere["buurten"]), len(got.andere["gemeente"])) == (n_wijken, n_buurten, 1) == (12, 71, 1)
    assert got.peildatum == "2021-01-01"  # grenzen_jaar of the boundaries
    kern = got.andere["kerncijfers"]
    codes = {r["wijk_code"] for r in got.rijen} | {b["buurt_code"] for b in got.andere["buurten"]} | {"GM0141"}
    assert {r["gebied_code"] for r in kern} == codes
    assert {r["jaar"] for r in kern if r["niveau"] == "wijk"} == {2022, 2024} and wijk_jaren == 2
    wv = sum(r["waarde"] for r in kern if r["niveau"] == "wijk" and r["jaar"] == 2022 and r["variabele"] == "woningvoorraad")
    assert wv == 33917  # the data README: the 12 wijken sum to the CBS 2022 gemeente total
    # the gemeente is the union of its buurten: wijken and buurten nest without gaps
    area = sum(b["geom"].area for b in got.andere["buurten"])
    assert area == pytest.approx(got.andere["gemeente"][0]["geom"].area, rel=1e-6)


def _init_and_check(address: str, capsys) -> None:
    assert main(["init", address]) == 0
    assert "12 wijken, 71 buurten" in capsys.readouterr().out
    s = open_store(address)
    with s.reading() as con:
        n = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("gemeente", "wijken", "buurten", "kerncijfers")}
        prio = {r[0] for r in con.execute("SELECT prioriteit FROM wijken")}
        bron = con.execute("SELECT soort, laag, bestand, peildatum, rijen, nieuw FROM bronnen").fetchall()
    assert n == {"gemeente": 1, "wijken": 12, "buurten": 71, "kerncijfers": len(geografie.almelo().andere["kerncijfers"])}
    assert prio == {"regulier"}
    assert [tuple(r) for r in bron] == [("cbs", "wijken", "almelo_cbs.gpkg", "2021-01-01", 12, 12)]


def test_init_starts_a_geopackage_on_the_real_geography(tmp_path, capsys):
    _init_and_check(str(tmp_path / "nieuw.gpkg"), capsys)


def test_init_starts_a_postgis_store_on_the_real_geography(cluster, capsys):
    _init_and_check(f"{cluster.createdb('atlas_cbs_init')}?schema=atlas", capsys)
