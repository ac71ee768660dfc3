"""`bron bag`'s reader: the gemeente's dwellings from a BAG GeoPackage in PDOK's layout, checked against OGR's own count."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List

import pytest
from osgeo import ogr
from shapely.geometry import Polygon

from almelo_atlas_plugin.core.sources import bag
from almelo_atlas_plugin.core.store.base import StoreError
from tests.fixtures.make_bag import STATUSSEN, write_bag

# the gemeente: an L (its bounding box holds a corner of the neighbour, 0163)
GEMEENTE = Polygon([(240000, 480000), (244000, 480000), (244000, 482000), (242000, 482000), (242000, 484000),
                    (240000, 484000)])
IN_GEBRUIK = ("Verblijfsobject in gebruik", "Verblijfsobject in gebruik (niet ingemeten)", "Verblijfsobject buiten gebruik")
DOELEN = ("woonfunctie", "winkelfunctie,woonfunctie", "woonfunctie,kantoorfunctie", "kantoorfunctie",
          "onderwijsfunctie,sportfunctie", "overige gebruiksfunctie")


@dataclass
class Context:
    gemeente_code: str = "GM0141"
    gemeente: Any = GEMEENTE

    def vbo_punten(self):
        return {}

    def adressen(self):
        return {}


def vbo(serial: int, x: float, y: float, gemeente: str = "0141", **kw) -> Dict[str, Any]:
    row = dict(identificatie=f"{gemeente}01{serial:010d}", x=x, y=y, status="Verblijfsobject in gebruik",
               gebruiksdoel="woonfunctie", bouwjaar=1970, oppervlakte=90, huisnummer=serial % 200 + 1,
               postcode="7607AB", pand_identificatie=f"{gemeente}10{serial:010d}", bronhouder_identificatie=gemeente,
               woonplaats_naam="Almelo", openbare_ruimte_naam="Grotestraat", pandstatus="Pand in gebruik")
    row.update(kw)
    return row


def rows() -> List[Dict[str, Any]]:
    rnd = random.Random(16)
    out = []
    serial = 1
    while len(out) < 800:  # Almelo, every status and gebruiksdoel, plus the neighbour's corner in the box
        x, y = rnd.uniform(240000, 244000), rnd.uniform(480000, 484000)
        buur = x > 242000 and y > 482000
        out.append(vbo(serial, x, y, "0163" if buur else "0141", status=rnd.choice(STATUSSEN), gebruiksdoel=rnd.choice(DOELEN),
                       bouwjaar=rnd.choice((None, 1905, 1964, 2024))))
        serial += 1
    for i in range(50):  # far away: Amsterdam, one of them broken
        out.append(vbo(i + 1, 121000 + i, 487000, "0363", bouwjaar=None if i else 99999, identificatie=None if i == 1 else
                       f"036301{i + 1:010d}"))
    out += [
        vbo(900001, 240000, 481000),  # on the border: in the gemeente
        vbo(900002, 241000, 481000, bouwjaar=9999),  # refused
        vbo(900003, 241000, 481100, pand_identificatie="0141100000000007,0141100000000008", postcode="7607 ab",
            huisletter="a", toevoeging="2", huisnummer=12),
        vbo(900004, 241000, 481200, bouwjaar=None),
        vbo(900005, 241000, 481300, postcode="7607CD", huisnummer=5, huisletter="B"),
        vbo(900006, 241000, 481400, oppervlakte=-3),  # refused
    ]
    return out


@pytest.fixture(scope="module")
def bag_gpkg(tmp_path_factory) -> Path:
    return write_bag(tmp_path_factory.mktemp("bag") / "bag-light.gpkg", rows())


def ogr_woningen(path: Path) -> set:
    """The independent count: OGR's spatial filter on the gemeente and its SQL over the attributes."""
    ds = ogr.Open(str(path))
    lyr = ds.GetLayerByName("verblijfsobject")
    lyr.SetSpatialFilter(ogr.CreateGeometryFromWkt(GEMEENTE.wkt))
    statussen = ", ".join(f"'{s}'" for s in IN_GEBRUIK)
    lyr.SetAttributeFilter(f"gebruiksdoel LIKE '%woonfunctie%' AND status IN ({statussen})")
    return {f.GetField("identificatie") for f in lyr}


def test_dwellings_in_the_gemeente_as_ogr_counts_them(bag_gpkg):
    inhoud = bag.lees(bag_gpkg, {}, Context())
    verwacht = ogr_woningen(bag_gpkg)
    geweigerd = {w.waar.split()[-1] for w in inhoud.geweigerd}
    assert len(verwacht) > 100
    assert {r["vbo_id"] for r in inhoud.rijen} == verwacht - geweigerd
    assert geweigerd == {"0141010000900002", "0141010000900006"}
    assert (inhoud.soort, inhoud.laag, inhoud.sleutel) == ("bag", "woningvoorraad", "vbo_id")
    assert all(r["geom"].geom_type == "Point" and GEMEENTE.covers(r["geom"]) for r in inhoud.rijen)
    assert "0141010000900001" in verwacht  # the border point counts
    assert not any(r["vbo_id"].startswith(("0163", "0363")) for r in inhoud.rijen)


def test_what_is_no_dwelling_is_counted_not_refused(bag_gpkg):
    inhoud = bag.lees(bag_gpkg, {}, Context())
    ds = ogr.Open(str(bag_gpkg))
    lyr = ds.GetLayerByName("verblijfsobject")
    lyr.SetSpatialFilter(ogr.CreateGeometryFromWkt(GEMEENTE.wkt))
    lyr.SetAttributeFilter("gebruiksdoel NOT LIKE '%woonfunctie%'")
    zonder = lyr.GetFeatureCount()
    lyr.SetAttributeFilter("gebruiksdoel LIKE '%woonfunctie%' AND status = 'Verblijfsobject gevormd'")
    gevormd = lyr.GetFeatureCount()
    melding = next(m for m in inhoud.meldingen if "geen bestaande woning" in m)
    assert f"{zonder} zonder woonfunctie" in melding
    assert f"{gevormd} met status 'Verblijfsobject gevormd'" in melding
    assert "'Verbouwing verblijfsobject'" in melding
    assert len(inhoud.geweigerd) == 2


def test_values_as_the_store_holds_them(bag_gpkg):
    rijen = {r["vbo_id"]: r for r in bag.lees(bag_gpkg, {}, Context()).rijen}
    r = rijen["0141010000900003"]
    assert r["pand_id"] == "0141100000000007,0141100000000008"
    assert (r["postcode"], r["huisnummer"], r["huisletter"], r["toevoeging"]) == ("7607AB", 12, "A", "2")
    assert (r["bouwjaar"], r["oppervlakte"]) == (1970, 90)
    assert rijen["0141010000900004"]["bouwjaar"] is None
    assert "woningtype" not in r and "eigendom" not in r  # not in the BAG: the store keeps what it has


def test_refusals_name_the_vbo_and_field_in_dutch(bag_gpkg):
    weigeringen = {w.waar: w for w in bag.lees(bag_gpkg, {}, Context()).geweigerd}
    w = weigeringen["vbo 0141010000900002"]
    assert w.veld == "bouwjaar" and "1000 tot en met 2100" in w.reden and "9999" in w.reden
    assert w.regel("woningvoorraad").startswith("Laag woningvoorraad, vbo 0141010000900002, veld bouwjaar: ")
    assert weigeringen["vbo 0141010000900006"].veld == "oppervlakte"


def test_points_with_a_height(tmp_path):
    pad = write_bag(tmp_path / "bag.gpkg", [vbo(1, 241000.5, 481000.25), vbo(2, 243500, 483500)], z=True)
    rijen = bag.lees(pad, {}, Context()).rijen
    assert [(r["vbo_id"], r["geom"].x, r["geom"].y) for r in rijen] == [("0141010000000001", 241000.5, 481000.25)]


def test_ids_that_lost_their_leading_zeros(tmp_path):
    pad = write_bag(tmp_path / "bag.gpkg", [vbo(1, 241000, 481000), vbo(2, 241000, 481010)], id_als_getal=True)
    assert [r["vbo_id"] for r in bag.lees(pad, {}, Context()).rijen] == ["0141010000000001", "0141010000000002"]


def test_peildatum_from_the_file_or_the_option(bag_gpkg, tmp_path):
    assert bag.lees(bag_gpkg, {}, Context()).peildatum == "2026-11-01"
    assert bag.lees(bag_gpkg, {"peildatum": "01-10-2026"}, Context()).peildatum == "2026-10-01"
    zonder = write_bag(tmp_path / "bag.gpkg", [vbo(1, 241000, 481000)], last_change=None)
    assert bag.lees(zonder, {}, Context()).peildatum is None
    with pytest.raises(StoreError, match="peildatum"):
        bag.lees(zonder, {"peildatum": "gisteren"}, Context())


def test_without_polygon_or_index_the_bronhouder_decides(bag_gpkg, tmp_path):
    met = {r["vbo_id"] for r in bag.lees(bag_gpkg, {}, Context()).rijen}
    zonder_grens = bag.lees(bag_gpkg, {}, Context(gemeente=None))
    assert {r["vbo_id"] for r in zonder_grens.rijen} == met  # the neighbour's corner has bronhouder 0163
    assert "bronhouder 0141" in zonder_grens.meldingen[0]
    zonder_index = write_bag(tmp_path / "bag.gpkg", rows(), spatial_index=False)
    inhoud = bag.lees(zonder_index, {}, Context())
    assert {r["vbo_id"] for r in inhoud.rijen} == met and "ruimtelijke index" in inhoud.meldingen[0]


def test_corporatiebezit_by_vbo_id_and_by_address(bag_gpkg, tmp_path):
    lijst = tmp_path / "bezit Sité.csv"
    lijst.write_bytes("vbo_id;Postcode;Huisnummer;Huisletter;Toevoeging;Corporatie\n"
                      "141010000900001;;;;;Sité Woondiensten\n"  # Excel dropped the leading zero
                      ";7607 AB;12;a;2;\n"
                      ";7607CD;5;B;;Beter Wonen\n"
                      "0141010099999999;;;;;Sité Woondiensten\n"
                      "onzin;;;;;\n".encode("cp1252"))
    inhoud = bag.lees(bag_gpkg, {"corporatiebezit": str(lijst), "corporatie": "Sité"}, Context())
    rijen = {r["vbo_id"]: r for r in inhoud.rijen}
    assert (rijen["0141010000900001"]["eigendom"], rijen["0141010000900001"]["corporatie"]) == ("corporatie", "Sité Woondiensten")
    assert (rijen["0141010000900003"]["eigendom"], rijen["0141010000900003"]["corporatie"]) == ("corporatie", "Sité")
    assert rijen["0141010000900005"]["corporatie"] == "Beter Wonen"
    anderen = [r for k, r in rijen.items() if k not in ("0141010000900001", "0141010000900003", "0141010000900005")]
    assert anderen and all(r["eigendom"] is None and r["corporatie"] is None for r in anderen)  # never koop
    tekst = "\n".join(inhoud.meldingen)
    assert "3 woningen van de corporatie" in tekst and "1 regels zijn geen BAG-woning" in tekst
    assert "rij 6, veld vbo_id" in tekst


def test_corporatiebezit_without_id_or_address_columns(bag_gpkg, tmp_path):
    lijst = tmp_path / "bezit.csv"
    lijst.write_text("adres;naam\nGrotestraat 1;Sité\n", encoding="utf-8")
    with pytest.raises(StoreError, match="Corporatiebezit 'bezit.csv': geen kolom met het vbo-id"):
        bag.lees(bag_gpkg, {"corporatiebezit": str(lijst)}, Context())
    with pytest.raises(StoreError, match="Corporatiebezit 'weg.csv' bestaat niet"):
        bag.lees(bag_gpkg, {"corporatiebezit": str(tmp_path / "weg.csv")}, Context())


@pytest.mark.parametrize("inhoud, melding", [
    (None, "bestaat niet"),
    (b"geen sqlite", "is geen GeoPackage"),
])
def test_a_file_that_is_no_bag_geopackage(tmp_path, inhoud, melding):
    pad = tmp_path / "bag.gpkg"
    if inhoud is not None:
        pad.write_bytes(inhoud)
    with pytest.raises(StoreError, match=f"BAG-bestand 'bag.gpkg' {melding}"):
        bag.lees(pad, {}, Context())


def test_a_geopackage_without_verblijfsobject_or_its_fields(tmp_path):
    pad = write_bag(tmp_path / "bag.gpkg", [vbo(1, 241000, 481000)])
    ds = ogr.Open(str(pad), 1)
    ds.ExecuteSQL("ALTER TABLE verblijfsobject RENAME COLUMN gebruiksdoel TO doel")
    ds = None
    with pytest.raises(StoreError, match="laag verblijfsobject: veld gebruiksdoel ontbreekt"):
        bag.lees(pad, {}, Context())
    ds = ogr.Open(str(pad), 1)
    ds.DeleteLayer("verblijfsobject")
    ds = None
    with pytest.raises(StoreError, match="heeft geen laag verblijfsobject"):
        bag.lees(pad, {}, Context())


def test_a_missing_or_repeated_id_is_refused_by_feature(tmp_path):
    pad = write_bag(tmp_path / "bag.gpkg", [vbo(1, 241000, 481000), vbo(2, 241000, 481010, identificatie=None),
                                            vbo(1, 241000, 481020), vbo(3, 241000, 481030, identificatie="0141-01")])
    inhoud = bag.lees(pad, {}, Context())
    assert [r["vbo_id"] for r in inhoud.rijen] == ["0141010000000001"]
    assert [(w.waar, w.veld) for w in inhoud.geweigerd] == [
        ("feature 2", "vbo_id"), ("vbo 0141010000000001", "vbo_id"), ("vbo 0141-01", "vbo_id")]
    assert "meer dan eens" in inhoud.geweigerd[1].reden and "16 cijfers" in inhoud.geweigerd[2].reden


def test_a_file_of_another_gemeente_says_so(tmp_path):
    pad = write_bag(tmp_path / "bag.gpkg", [vbo(1, 121000, 487000, "0363")])
    inhoud = bag.lees(pad, {}, Context())
    assert not inhoud.rijen and "Geen enkel verblijfsobject ligt binnen de gemeente GM0141" in inhoud.meldingen[0]


def test_a_damaged_file_is_one_dutch_line(tmp_path):
    pad = write_bag(tmp_path / "bag.gpkg", [vbo(i, 240000 + i, 481000) for i in range(1, 3000)])
    data = bytearray(pad.read_bytes())
    data[len(data) // 3:len(data) // 3 + 200_000] = b"\xff" * 200_000  # pages of the layer overwritten
    pad.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"^BAG-bestand 'bag.gpkg', laag verblijfsobject: kan niet worden gelezen \(beschadigd"):
        bag.lees(pad, {}, Context())


def test_another_bronhouder_inside_the_border_is_kept_and_said(tmp_path):
    pad = write_bag(tmp_path / "bag.gpkg", [vbo(1, 241000, 481000), vbo(2, 241000, 481010, bronhouder_identificatie="0163")])
    inhoud = bag.lees(pad, {}, Context())
    assert len(inhoud.rijen) == 2
    assert "1 woningen binnen de gemeentegrens hebben een andere bronhouder dan 0141" in inhoud.meldingen[0]


def test_many_unusable_corporatiebezit_rows_are_summed_up(bag_gpkg, tmp_path):
    lijst = tmp_path / "bezit.csv"
    lijst.write_text("vbo_id\n" + "onbekend\n" * 14, encoding="utf-8")
    meldingen = bag.lees(bag_gpkg, {"corporatiebezit": str(lijst)}, Context()).meldingen
    assert sum("de regel is overgeslagen" in m for m in meldingen) == bag.MAX_MELDINGEN
    assert meldingen[-1] == "Corporatiebezit 'bezit.csv': en nog 4 regels overgeslagen."


class _Terug(Exception):
    """Roll the test's transaction back."""


def test_the_rows_pass_the_store_guards_on_both_backends(store, bag_gpkg, tmp_path):
    from almelo_atlas_plugin.core.model import geo

    lijst = tmp_path / "bezit.csv"
    lijst.write_text("vbo_id;corporatie\n0141010000900003;Sité\n", encoding="utf-8")
    rijen = bag.lees(bag_gpkg, {"corporatiebezit": str(lijst)}, Context()).rijen
    velden = ["vbo_id", "pand_id", "postcode", "huisnummer", "huisletter", "toevoeging", "bouwjaar", "oppervlakte",
              "eigendom", "corporatie"]
    with pytest.raises(_Terug), store.transaction() as con:
        con.execute("DELETE FROM woningvoorraad")  # the sample's synthetic dwellings carry ids too
        store.insert_rows(con, "woningvoorraad", [{**r, "geom": geo.to_wkb(r["geom"])} for r in rijen])
        terug = store.read_frame(f"SELECT {', '.join(velden)} FROM woningvoorraad WHERE vbo_id IS NOT NULL "
                                 "ORDER BY vbo_id", con=con)
        raise _Terug
    verwacht = sorted(rijen, key=lambda r: r["vbo_id"])
    assert len(terug) == len(verwacht)
    gelezen = [{k: (None if v is None or v != v else v) for k, v in rec.items()} for rec in terug.to_dict("records")]
    assert [(g["vbo_id"], g["pand_id"], g["postcode"], g["eigendom"]) for g in gelezen] == [
        (r["vbo_id"], r["pand_id"], r["postcode"], r["eigendom"]) for r in verwacht]
    assert {int(g["bouwjaar"]) for g in gelezen if g["bouwjaar"] is not None} == {
        r["bouwjaar"] for r in verwacht if r["bouwjaar"] is not None}


def test_the_rows_come_through_the_files_rtree(tmp_path):
    import sqlite3

    pad = write_bag(tmp_path / "bag.gpkg", [vbo(1, 241000, 481000), vbo(2, 241000, 481010)])
    con = sqlite3.connect(pad)
    with con:  # the index no longer knows feature 2: a reader that scans the table would still find it
        con.execute("DELETE FROM rtree_verblijfsobject_geom WHERE id = 2")
    con.close()
    assert [r["vbo_id"] for r in bag.lees(pad, {}, Context()).rijen] == ["0141010000000001"]
