"""`bron leefbaarometer`'s reader (#16, FORMATS.md §3): the gemeente's 100 m cells or buurten with the score, the
deviation and the five dimensions, from the published score CSVs with their geometry GeoPackage or from a GeoPackage
saved from the WFS (with the class field `kscore`), each checked against the fixture counted with OGR SQL and csv."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Dict, List, Set

import pytest
from osgeo import gdal
from shapely.geometry import box

from almelo_atlas_plugin.core.sources import leefbaarometer
from almelo_atlas_plugin.core.store.base import StoreError
from tests.bronbestanden import LeesContext, gpkg_vlakken, lbm_csv

X0, Y0 = 240_000, 485_000
GEMEENTE = box(X0, Y0, X0 + 500, Y0 + 500)  # 5 × 5 cells of 100 m
JAREN = (2020, 2022)


def _context() -> LeesContext:
    return LeesContext(gemeente=GEMEENTE)


def _cellen() -> List[Dict]:
    """A 20 × 20 grid around the gemeente (ids as numbers, as in `grid 2024.gpkg`)."""
    return [dict(grid_id=f"{(X0 - 800 + i * 100) // 100}{(Y0 - 800 + j * 100) // 100}",
                 geom=box(X0 - 800 + i * 100, Y0 - 800 + j * 100, X0 - 700 + i * 100, Y0 - 700 + j * 100))
            for i in range(20) for j in range(20)]


def _scores(keys: List[str], sleutel: str, seed: int = 3) -> List[Dict]:
    rnd = random.Random(seed)
    out = []
    for k in keys:
        for jaar in JAREN:
            out.append({sleutel: k, "jaar": jaar, "lbm": round(rnd.uniform(3.8, 4.4), 6),
                        **{d: round(rnd.uniform(-0.3, 0.3), 6) for d in ("afw", "fys", "onv", "soc", "vrz", "won")}})
    return out


def _ogr_ids(path: Path, sql: str) -> Set[str]:
    """The ids an OGR SQL query (SQLite dialect, SpatiaLite functions) selects from the fixture."""
    ds = gdal.OpenEx(str(path), gdal.OF_VECTOR)
    lyr = ds.ExecuteSQL(sql, dialect="SQLITE")
    ids = {str(f.GetField(0)) for f in lyr}
    ds.ReleaseResultSet(lyr)
    return ids


def _csv_rows(path: Path, sep: str, key: str, keep: Set[str], jaar: int) -> Dict[str, Dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {r[key]: r for r in csv.DictReader(fh, delimiter=sep) if r[key] in keep and int(r["jaar"]) == jaar}


def _num(v: str) -> float:
    return float(v.replace(",", "."))


@pytest.mark.parametrize("sep, decimaal", [(",", "."), (";", ",")])
def test_grid_scores_of_the_cells_in_the_gemeente(tmp_path, sep, decimaal):
    cellen = _cellen()
    geo = gpkg_vlakken(tmp_path / "grid 2024.gpkg", "grid", cellen, {"grid_id": "str"})
    scores = lbm_csv(tmp_path / "Leefbaarometer-scores grids 2002-2022.csv", _scores([c["grid_id"] for c in cellen],
                     "grid_id"), sep=sep, decimaal=decimaal)
    inside = _ogr_ids(geo, f"SELECT grid_id FROM grid WHERE ST_Area(ST_Intersection(geom, "
                           f"ST_GeomFromText('{GEMEENTE.wkt}'))) > 0")
    want = _csv_rows(scores, sep, "grid_id", inside, 2022)
    inhoud = leefbaarometer.lees(scores, {"geometrie": str(geo)}, _context())
    assert (inhoud.soort, inhoud.laag, inhoud.sleutel) == ("leefbaarometer", "leefbaarheid", "gebied_id")
    assert len(inside) == 25 and {r["gebied_id"] for r in inhoud.rijen} == set(want)  # not the 24 touching cells
    for r in inhoud.rijen:
        src = want[r["gebied_id"]]
        assert (r["soort_gebied"], r["jaar"], r["score"]) == ("grid", 2022, None)
        assert all(r[d] == pytest.approx(_num(src[d])) for d in leefbaarometer.SCORES)
        assert r["geom"].area == pytest.approx(10_000) and r["geom"].geom_type == "MultiPolygon"
    assert leefbaarometer.ZONDER_KLASSEN in inhoud.meldingen and not inhoud.geweigerd
    assert "750 scores van gebieden buiten de gemeente overgeslagen" in inhoud.meldingen
    assert "25 scores van de gemeente uit andere jaren dan 2022 overgeslagen" in inhoud.meldingen
    older = leefbaarometer.lees(scores, {"geometrie": str(geo), "jaar": "2020"}, _context())
    assert {r["jaar"] for r in older.rijen} == {2020} and len(older.rijen) == 25


def test_buurt_scores_with_published_classes(tmp_path):
    buurten = [dict(bu_code=f"BU014100{i:02d}", bu_naam=f"Buurt {i}", geom=box(X0 + i * 100, Y0, X0 + i * 100 + 100, Y0 + 500))
               for i in range(5)]
    buurten.append(dict(bu_code="BU01630001", bu_naam="Buurman", geom=box(X0 + 400, Y0 + 400, X0 + 900, Y0 + 900)))
    buurten.append(dict(bu_code="BU01410099", bu_naam="Elders", geom=box(X0 + 5000, Y0, X0 + 5100, Y0 + 100)))
    geo = gpkg_vlakken(tmp_path / "buurt 2024.gpkg", "buurt", buurten, {"bu_code": "str", "bu_naam": "str"})
    rows = _scores([b["bu_code"] for b in buurten], "bu_code")
    for n, r in enumerate(rows):
        r["kscore"] = (n % 9) + 1
    rows[0]["kscore"], rows[1]["kscore"] = "", 12  # no class (too few residents) / not a class
    scores = lbm_csv(tmp_path / "Leefbaarometer-scores buurten 2002-2024.csv", rows, "bu_code", extra=["kscore"])
    ours = _ogr_ids(geo, "SELECT bu_code FROM buurt WHERE bu_code LIKE 'BU0141%' AND ST_Intersects(geom, "
                         f"ST_GeomFromText('{GEMEENTE.wkt}'))")
    want = _csv_rows(scores, ",", "bu_code", ours, 2022)
    inhoud = leefbaarometer.lees(scores, {"geometrie": str(geo)}, _context())
    got = {r["gebied_id"]: r for r in inhoud.rijen}
    assert len(ours) == 5 and set(got) == set(want) - {"BU01410000"}
    assert [(w.waar, w.veld) for w in inhoud.geweigerd] == [("rij 3", "kscore")]
    assert "klasse moet een geheel getal van 1 t/m 9 zijn" in inhoud.geweigerd[0].reden
    for k, r in got.items():
        assert r["score"] == int(want[k]["kscore"]) and r["soort_gebied"] == "buurt"
        assert r["geom"].geom_type == "MultiPolygon"
    assert leefbaarometer.ZONDER_KLASSEN not in inhoud.meldingen


def test_wfs_export_holds_geometry_and_classes(tmp_path):
    """A layer saved from the WFS (lbm3:buurtscore24): `id`, `kscore`, `afw` and the dimensions, no `jaar`, no `lbm`."""
    rows = [dict(id=f"BU014100{i:02d}", kscore=i + 3, afw=0.1 * i, fys=0.01, onv=-0.02, soc=0.0, vrz=0.03, won=None,
                 geom=box(X0 + i * 100, Y0, X0 + i * 100 + 100, Y0 + 500)) for i in range(5)]
    rows[4]["kscore"] = None
    geo = gpkg_vlakken(tmp_path / "buurtscore24.gpkg", "buurtscore24", rows,
                       {"id": "str", "kscore": "int", **{d: "real" for d in ("afw", "fys", "onv", "soc", "vrz", "won")}})
    inhoud = leefbaarometer.lees(geo, {}, _context())
    got = {r["gebied_id"]: r for r in inhoud.rijen}
    assert set(got) == _ogr_ids(geo, "SELECT id FROM buurtscore24 WHERE id LIKE 'BU0141%'")
    assert [got[f"BU014100{i:02d}"]["score"] for i in range(5)] == [3, 4, 5, 6, None]
    assert {(r["jaar"], r["soort_gebied"], r["lbm"], r["won"]) for r in inhoud.rijen} == {(2024, "buurt", None, None)}
    assert got["BU01410002"]["afw"] == pytest.approx(0.2) and not inhoud.geweigerd
    gpkg_vlakken(geo, "wijkscore24", rows[:1], {"id": "str", "kscore": "int"})  # a second layer: say which
    with pytest.raises(StoreError, match="meerdere lagen"):
        leefbaarometer.lees(geo, {}, _context())
    assert len(leefbaarometer.lees(geo, {"bronlaag": "buurtscore24"}, _context()).rijen) == 5


def test_a_score_file_without_geometry_or_year_is_one_dutch_line(tmp_path):
    cellen = _cellen()
    geo = gpkg_vlakken(tmp_path / "grid 2024.gpkg", "grid", cellen, {"grid_id": "str"})
    scores = lbm_csv(tmp_path / "scores.csv", _scores([c["grid_id"] for c in cellen], "grid_id"))
    with pytest.raises(StoreError, match="zonder geometrie; geef het geometriebestand"):
        leefbaarometer.lees(scores, {}, _context())
    with pytest.raises(StoreError, match=r"geen scores voor 2018 in deze gemeente \(wel: 2020, 2022\)"):
        leefbaarometer.lees(scores, {"geometrie": str(geo), "jaar": 2018}, _context())
    bad = tmp_path / "geen_sleutel.csv"
    bad.write_text("code,jaar,lbm\n1,2022,4.1\n", encoding="utf-8")
    with pytest.raises(StoreError, match="geen kolom grid_id, bu_code of id"):
        leefbaarometer.lees(bad, {"geometrie": str(geo)}, _context())


def test_unreadable_numbers_are_refused_with_row_and_field(tmp_path):
    cellen = _cellen()
    geo = gpkg_vlakken(tmp_path / "grid 2024.gpkg", "grid", cellen, {"grid_id": "str"})
    inside = f"{X0 // 100}{Y0 // 100}"
    path = tmp_path / "scores.csv"
    path.write_text(f"grid_id,jaar,lbm,afw,fys,onv,soc,vrz,won\n{inside},2022,4.1,n.v.t.,0,0,0,0,0\n", encoding="utf-8")
    inhoud = leefbaarometer.lees(path, {"geometrie": str(geo)}, _context())
    assert [(w.waar, w.veld) for w in inhoud.geweigerd] == [("rij 2", "afw")] and not inhoud.rijen
    assert "24 gebieden in de gemeente zonder score in 2022" in inhoud.meldingen


def test_without_gemeente_nothing_is_read_and_it_says_why(tmp_path):
    geo = gpkg_vlakken(tmp_path / "grid 2024.gpkg", "grid", _cellen(), {"grid_id": "str"})
    scores = lbm_csv(tmp_path / "scores.csv", _scores([c["grid_id"] for c in _cellen()], "grid_id"))
    with pytest.raises(StoreError, match=r"geen gemeentegrens .* \(bron cbs\)"):
        leefbaarometer.lees(scores, {"geometrie": str(geo)}, LeesContext(gemeente=None))


def test_lbm_rows_fit_the_store(store, tmp_path):
    """What the reader hands the framework goes into `leefbaarheid` as it is, on both backends (with and without class)."""
    cellen = _cellen()
    geo = gpkg_vlakken(tmp_path / "grid 2024.gpkg", "grid", cellen, {"grid_id": "str"})
    rows = _scores([c["grid_id"] for c in cellen], "grid_id")
    scores = lbm_csv(tmp_path / "scores.csv", rows)
    klassen = lbm_csv(tmp_path / "klassen.csv", [{**r, "kscore": 1 + i % 9} for i, r in enumerate(rows)],
                      extra=["kscore"])
    inhoud = leefbaarometer.lees(scores, {"geometrie": str(geo)}, _context())
    met = leefbaarometer.lees(klassen, {"geometrie": str(geo)}, _context())
    for r in met.rijen:
        r["gebied_id"] += "k"
    with store.transaction() as con:
        con.execute("DELETE FROM leefbaarheid")  # the sample's synthetic cells carry ids too
        store.insert_rows(con, "leefbaarheid", inhoud.rijen + met.rijen)
    got = store.read_frame("SELECT gebied_id, score, afw, jaar FROM leefbaarheid WHERE gebied_id IS NOT NULL")
    assert len(got) == 50 and got["jaar"].eq(2022).all()
    assert got["score"].isna().sum() == 25 and got["score"].dropna().between(1, 9).all()


def test_an_area_without_code_is_refused_a_neighbour_touching_the_border_left_out(tmp_path):
    rows = [dict(id="", kscore=5, afw=0.1, geom=box(X0, Y0, X0 + 100, Y0 + 100)),
            dict(id="c2", kscore=5, afw=0.1, geom=box(X0 + 100, Y0, X0 + 200, Y0 + 100)),
            dict(id="buiten", kscore=5, afw=0.1, geom=box(X0 - 100, Y0, X0, Y0 + 100))]
    geo = gpkg_vlakken(tmp_path / "clippedgridscore24.gpkg", "clippedgridscore24", rows,
                       {"id": "str", "kscore": "int", "afw": "real"})
    inhoud = leefbaarometer.lees(geo, {}, _context())
    assert [(r["gebied_id"], r["soort_gebied"], r["score"]) for r in inhoud.rijen] == [("c2", "grid", 5)]
    assert [(w.veld, w.reden) for w in inhoud.geweigerd] == [("id", "geen gebiedscode (leeg)")]
    assert inhoud.geweigerd[0].waar.startswith("clippedgridscore24.gpkg, bronfeature ")


def test_classes_from_a_wfs_export_given_as_geometry_only_for_its_year(tmp_path):
    """A score CSV without classes with the WFS layer `buurtscore24` as its geometry: the 2024 scores take the
    layer's kscore; the 2022 scores do not (their classes are not in either file)."""
    geo = gpkg_vlakken(tmp_path / "buurtscore24.gpkg", "buurtscore24", [
        dict(id=f"BU014100{i:02d}", kscore=i + 2, geom=box(X0 + i * 100, Y0, X0 + i * 100 + 100, Y0 + 500))
        for i in range(5)], {"id": "str", "kscore": "int"})
    rows = [{**r, "jaar": 2024 if r["jaar"] == 2020 else r["jaar"]}
            for r in _scores([f"BU014100{i:02d}" for i in range(5)], "bu_code")]
    scores = lbm_csv(tmp_path / "Leefbaarometer-scores buurten 2002-2024.csv", rows, "bu_code")
    nieuw = leefbaarometer.lees(scores, {"geometrie": str(geo)}, _context())
    assert sorted((r["gebied_id"], r["jaar"], r["score"]) for r in nieuw.rijen) == [
        (f"BU014100{i:02d}", 2024, i + 2) for i in range(5)]
    assert leefbaarometer.ZONDER_KLASSEN not in nieuw.meldingen
    oud = leefbaarometer.lees(scores, {"geometrie": str(geo), "jaar": 2022}, _context())
    assert {(r["jaar"], r["score"]) for r in oud.rijen} == {(2022, None)} and leefbaarometer.ZONDER_KLASSEN in oud.meldingen


def test_a_buurt_of_two_parts_goes_in_whole_with_its_neighbour_on_both_backends(store, tmp_path):
    """`bron leefbaarometer` at buurt level: Almelo's buurten as CBS draws them (the sample's), one of them in two parts,
    go into `leefbaarheid` both, the two-part one as the MultiPolygon it is (the table held Polygons and refused it)."""
    from shapely import wkb

    from almelo_atlas_plugin.core.sources.bron import bron

    with store.reading() as con:
        codes, geoms = store.read_geometries("buurten", key="buurt_code", con=con)
    delen = {c: g for c, g in zip(codes, geoms) if len(g.geoms) > 1}
    heel = next(c for c, g in zip(codes, geoms) if len(g.geoms) == 1)
    twee = min(delen)
    geo = gpkg_vlakken(tmp_path / "buurt 2024.gpkg", "buurt", [dict(bu_code=c, geom=dict(zip(codes, geoms))[c])
                                                                 for c in (heel, twee)], {"bu_code": "str"})
    assert _ogr_ids(geo, "SELECT bu_code FROM buurt WHERE ST_NumGeometries(geom) = 2") == {twee}
    scores = lbm_csv(tmp_path / "Leefbaarometer-scores buurten 2002-2024.csv", _scores([heel, twee], "bu_code"), "bu_code")
    uit = bron(store, "leefbaarometer", scores, {"geometrie": str(geo)})
    assert (uit.telling.rijen, uit.telling.geweigerd, uit.telling.nieuw) == (2, 0, 2) and uit.weigeringen == []
    with store.reading() as con:
        got = {k: wkb.loads(bytes(g)) for k, g in con.execute(
            f"SELECT gebied_id, {store.geometry_sql()} FROM leefbaarheid WHERE soort_gebied = 'buurt'").fetchall()}
    assert set(got) == {heel, twee} and {g.geom_type for g in got.values()} == {"MultiPolygon"}
    assert len(got[twee].geoms) == 2 and got[twee].equals(delen[twee]) and got[heel].equals(dict(zip(codes, geoms))[heel])
