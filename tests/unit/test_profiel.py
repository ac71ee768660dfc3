"""The wijk profile from the real base layers (#16): bouwjaar classes, woningtype, labels by vbo_id and those without one,
the Leefbaarometer weighted by the dwellings in its cells — computed by hand on both backends; invariants by hypothesis."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, box

from almelo_atlas_plugin.core.figures.result import BOUWJAARKLASSEN, LABELGROEPEN, Selection
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.output import tables
from almelo_atlas_plugin.core.store.open import create_store, open_store
from tests.helpers import blob, point, wijk
from tests.pgfixtures import cluster, pg_store  # noqa: F401 (fixtures)
from tests.unit.test_rollup_properties import X0, Y0, template  # noqa: F401 (fixture: the wijken WA, WB, WC)


def cell(i: int, j: int):
    """The 100 m grid square i, j from the origin (a leefbaarheid cell is a MultiPolygon)."""
    return MultiPolygon([box(X0 + 100 * i, Y0 + 100 * j, X0 + 100 * (i + 1), Y0 + 100 * (j + 1))])


@pytest.fixture(params=["gpkg", "postgis"])
def leeg(request, tmp_path):
    if request.param == "gpkg":
        return create_store(tmp_path / "p.gpkg")
    return open_store(request.getfixturevalue("pg_store"))


def fill(s) -> None:
    """W1: four dwellings in cell (0, 0), one in cell (5, 0); W2: two dwellings, its cells hold none. Labels by vbo_id (one
    vbo twice, the newest counts; one label of no dwelling), one without vbo_id; cells with afw and dims, one score-only
    (NULL class) and one buurt."""
    with s.transaction() as con:
        wijk(con, "W1", "Eerste", box(X0, Y0, X0 + 1000, Y0 + 1000), store=s)
        wijk(con, "W2", "Tweede", box(X0 + 1000, Y0, X0 + 2000, Y0 + 1000), store=s)
        s.insert_rows(con, "woningvoorraad", [
            dict(vbo_id=vbo, bouwjaar=jaar, woningtype=typ, wijk_code=wk, buurt_code="BU01" if wk == "W1" else None,
                 geom=point(X0 + x, Y0 + y))
            for vbo, jaar, typ, wk, x, y in (("0141010000000001", 1930, "eengezins", "W1", 10, 10),
                                             ("0141010000000002", 1950, "eengezins", "W1", 20, 20),
                                             ("0141010000000003", 1964, "meergezins", "W1", 30, 30),
                                             ("0141010000000004", None, None, "W1", 40, 40),
                                             ("0141010000000005", 2015, "meergezins", "W1", 550, 50),
                                             ("0141010000000006", 1975, "eengezins", "W2", 1950, 950),
                                             ("0141010000000007", 2006, "eengezins", "W2", 1960, 960))])
        s.insert_rows(con, "energielabels", [
            dict(vbo_id=vbo, label=label, registratiedatum=datum, wijk_code=wk, geom=point(X0 + 5, Y0 + 5))
            for vbo, label, datum, wk in (("0141010000000001", "G", "2015-01-01", "W1"), ("0141010000000001", "A++", "2023-05-01", "W1"),
                                          ("0141010000000003", "C", "2020-01-01", "W1"), ("0141010000000006", "E", "2019-01-01", "W2"),
                                          ("0141010000000099", "A", "2021-01-01", "W1"), (None, "B", "2018-01-01", "W2"))])
        s.insert_rows(con, "leefbaarheid", [
            dict(score=score, afw=afw, fys=fys, onv=0, soc=0, vrz=0, won=0, wijk_code=wk, soort_gebied="grid", gebied_id=gid, geom=geom)
            for score, afw, fys, wk, geom, gid in (
                (4, -0.10, -0.02, "W1", cell(0, 0), "g1"),  # four dwellings
                (8, 0.10, 0.04, "W1", cell(5, 0), "g2"),  # one dwelling
                (9, 0.50, 0.50, "W1", cell(9, 9), "g3"),  # none: no weight by dwellings
                (None, 0.20, 0.00, "W2", cell(10, 0), "g4"),  # score-only file: no class, but afw and dims
                (2, -0.20, 0.02, "W2", MultiPolygon([box(X0 + 1500, Y0, X0 + 1700, Y0 + 100)]), "g5"))])  # twice the area


def test_profile_by_hand(leeg):
    fill(leeg)
    r = rollup(leeg)
    w1, w2 = (r.wijk(c).profiel for c in ("W1", "W2"))
    assert w1.woningen == 5 and w2.woningen == 2
    assert w1.bouwjaarklassen == {**{k: 0 for k in BOUWJAARKLASSEN}, "voor_1945": 1, "1945_1964": 2, "2015_later": 1, "onbekend": 1}
    assert w2.bouwjaarklassen["1975_1984"] == 1 and w2.bouwjaarklassen["2005_2014"] == 1
    assert w1.woningtypen == {"eengezins": 2, "meergezins": 2, "onbekend": 1}
    # vbo 1: the newest label (A++, not G); vbo 3: C; vbo 99 is no dwelling of the gemeente; the B without vbo_id counts once
    assert w1.labels == {**{g: 0 for g in LABELGROEPEN}, "A+": 1, "C": 1}
    assert (w1.energielabels, w1.zonder_label, w1.aandeel_zonder_label) == (2, 3, 0.6)
    assert w2.labels == {**{g: 0 for g in LABELGROEPEN}, "B": 1, "E": 1} and w2.zonder_label == 0
    # W1 by dwellings: cells (0, 0) ×4 and (5, 0) ×1; the empty cell weighs nothing
    assert w1.leefbaarheid_gem == pytest.approx((4 * 4 + 8) / 5, abs=1e-6)
    assert w1.leefbaarheid_afw == pytest.approx((4 * -0.10 + 0.10) / 5, abs=1e-6)
    assert w1.leefbaarheid_fys == pytest.approx((4 * -0.02 + 0.04) / 5, abs=1e-6)
    assert w1.leefbaarheid_cellen == 3
    # W2: no dwelling in its cells, so by area (1 : 2); the score-only cell has no class but its afw counts
    assert w2.leefbaarheid_gem == pytest.approx(2.0, abs=1e-6)
    assert w2.leefbaarheid_afw == pytest.approx((0.20 * 1 + -0.20 * 2) / 3, abs=1e-6)
    assert w2.leefbaarheid_cellen == 1
    # the stad: its cells hold dwellings, so by dwellings (W2's cells weigh nothing there)
    stad = r.stad.profiel
    assert stad.leefbaarheid_gem == pytest.approx((4 * 4 + 8) / 5, abs=1e-6)
    assert stad.labels["A+"] == 1 and stad.zonder_label == 3 and stad.woningen == 7


def test_buurt_cells_weigh_the_dwellings_of_their_buurt(tmp_path):
    s = create_store(tmp_path / "b.gpkg")
    fill(s)
    with s.transaction() as con:
        con.execute("DELETE FROM leefbaarheid")
        for score, gid, geom in ((6, "BU01", cell(0, 0)), (2, "BU02", cell(1, 0))):  # BU01 has five dwellings, BU02 none
            con.execute("INSERT INTO leefbaarheid (score, wijk_code, soort_gebied, gebied_id, geom) VALUES (?, 'W1', 'buurt', ?, ?)",
                        (score, gid, blob(geom)))
    assert rollup(s).wijk("W1").profiel.leefbaarheid_gem == 6.0


def test_the_faces_show_the_profile_under_its_headers(tmp_path):
    s = create_store(tmp_path / "f.gpkg")
    fill(s)
    r = rollup(s)
    parts = dict((kop, rows) for kop, rows in tables.profiel_secties(r.profiel_for(Selection.wijk("W1"))))
    assert list(parts) == list(tables.PROFIEL_KOPPEN)
    shown = {name: value for rows in parts.values() for name, _, value in rows}
    assert shown["bouwjaar_1945_1964"] == "2 (40 %)" and shown["bouwjaar_onbekend"] == "1 (20 %)"
    assert shown["zonder_label"] == "3 (60 %)" and shown["label_A+"] == "1 (20 %)"
    assert shown["leefbaarheid_gem"] == "4,8" and shown["leefbaarheid_afw"] == "-0,060"
    labels = [label for rows in parts.values() for _, label, _ in rows]
    assert "A+ en beter" in labels and "vóór 1945" in labels and "Overlast en onveiligheid" in labels
    # the agenda: shares only
    agenda = {name: value for _, rows in tables.profiel_secties(r.wijk("W1").profiel, aantallen=False) for name, _, value in rows}
    assert agenda["bouwjaar_1945_1964"] == "40 %"
    # the Excel/CSV profile sheet: a column per class, a row per wijk, buiten wijken and the stad
    sheet = tables.frames(r)["profiel"]
    assert sheet["naam"].tolist() == ["Eerste", "Tweede", "buiten wijken", "Almelo (stad)"]
    assert sheet.loc[3, "bouwjaar_voor_1945"] == 1 and sheet.loc[0, "label_A+"] == 1
    assert tables.figure_label("bouwjaar_voor_1945") == "Woningen bouwjaar vóór 1945"
    assert tables.figure_label("leefbaarheid_onv") == "Leefbaarometer: overlast en onveiligheid"


def test_a_store_without_the_base_layers_has_an_empty_profile(tmp_path):
    s = create_store(tmp_path / "e.gpkg")
    with s.transaction() as con:
        wijk(con, "W1", "Eerste", box(X0, Y0, X0 + 1000, Y0 + 1000))
    p = rollup(s).wijk("W1").profiel
    assert p.woningen == 0 and p.aandeel_zonder_label is None and p.leefbaarheid_gem is None and p.leefbaarheid_afw is None
    assert [kop for kop, _ in tables.profiel_secties(p)] == ["Woningvoorraad"]


# --- invariants ------------------------------------------------------------------------------------------------------
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
dwelling = st.fixed_dictionaries({
    "wijk": st.sampled_from(["WA", "WB", None, "WX"]),  # None: buiten wijken; WX: a code of no wijk (also buiten)
    "bouwjaar": st.one_of(st.none(), st.integers(1800, 2030)),
    "woningtype": st.sampled_from(["eengezins", "meergezins", None]),
    "label": st.one_of(st.none(), st.sampled_from(["A++++", "A+", "A", "B", "C", "D", "E", "F", "G"])),
    "vbo": st.booleans(),
    "x": st.integers(0, 2999), "y": st.integers(0, 999),
})
gridcell = st.fixed_dictionaries({
    "i": st.integers(0, 29), "j": st.integers(0, 9), "score": st.one_of(st.none(), st.integers(1, 9)),
    "dims": st.lists(st.floats(-1, 1, allow_nan=False), min_size=6, max_size=6),
})


@SETTINGS
@given(dwellings=st.lists(dwelling, max_size=40), cells=st.lists(gridcell, max_size=12, unique_by=lambda c: (c["i"], c["j"])),
       by_vbo=st.booleans())
def test_profile_invariants(template, tmp_path, dwellings, cells, by_vbo):  # noqa: F811 (the fixture)
    dst = tmp_path / f"s{len(list(tmp_path.iterdir()))}.gpkg"
    shutil.copy(template, dst)
    s = open_store(dst)
    with s.transaction() as con:
        for n, d in enumerate(dwellings):
            vbo = f"{n:016d}" if by_vbo else None
            con.execute("INSERT INTO woningvoorraad (vbo_id, bouwjaar, woningtype, wijk_code, geom) VALUES (?, ?, ?, ?, ?)",
                        (vbo, d["bouwjaar"], d["woningtype"], d["wijk"], blob(point(X0 + d["x"] + 0.5, Y0 + d["y"] + 0.5))))
            if d["label"]:  # at most one label per dwelling: by vbo_id, or by count in its wijk
                con.execute("INSERT INTO energielabels (vbo_id, label, wijk_code, geom) VALUES (?, ?, ?, ?)",
                            (vbo if d["vbo"] else None, d["label"], d["wijk"], blob(point(X0 + d["x"], Y0 + d["y"]))))
        for c in cells:
            wk = "WA" if c["i"] < 10 else "WB" if c["i"] < 20 else None
            con.execute("INSERT INTO leefbaarheid (score, afw, fys, onv, soc, vrz, won, wijk_code, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (c["score"], *c["dims"], wk, blob(cell(c["i"], c["j"]))))
    r = rollup(s)
    parts = [w.profiel for w in r.wijken] + [r.stad.buiten_profiel]
    stad = r.stad.profiel
    # counts: stad = Σ wijken + buiten
    assert stad.woningen == sum(p.woningen for p in parts) == len(dwellings)
    for field in ("bouwjaarklassen", "woningtypen", "labels"):
        for k, v in getattr(stad, field).items():
            assert v == sum(getattr(p, field)[k] for p in parts), (field, k)
    assert stad.energielabels == sum(p.energielabels for p in parts)
    assert stad.leefbaarheid_cellen == sum(p.leefbaarheid_cellen for p in parts) == sum(c["score"] is not None for c in cells)
    for p in [stad, *parts]:
        # every dwelling in one class; labels + zonder label = dwellings (one label per dwelling at most)
        assert sum(p.bouwjaarklassen.values()) == sum(p.woningtypen.values()) == p.woningen
        assert sum(p.labels.values()) + p.zonder_label == p.woningen
        for share in (p.aandeel_corporatie, p.aandeel_eengezins, p.aandeel_label_efg, p.aandeel_label_ab, p.aandeel_zonder_label):
            assert share is None or 0 <= share <= 1
        assert p.leefbaarheid_gem is None or 1 <= p.leefbaarheid_gem <= 9
        for dim in ("afw", "fys", "onv", "soc", "vrz", "won"):
            v = getattr(p, f"leefbaarheid_{dim}")
            assert v is None or -1 - 1e-9 <= v <= 1 + 1e-9
    assert stad.labels["A+"] == sum(d["label"] in ("A++++", "A+") for d in dwellings)


def test_dwellings_per_cell_with_and_without_the_spatial_index(tmp_path):
    """A GeoPackage without its R-tree (made by another tool) counts the same dwellings per cell, from the geometries."""
    import sqlite3

    s = create_store(tmp_path / "i.gpkg")
    fill(s)
    where = "soort_gebied IS NULL OR soort_gebied <> 'buurt'"
    with s.reading() as con:
        indexed = s.points_in_boxes(con, "woningvoorraad", "leefbaarheid", where)
    assert sorted(indexed.values()) == [0, 0, 0, 1, 4]
    with sqlite3.connect(s.path) as raw:
        for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_leefbaarheid_geom%'"):
            raw.execute(f'DROP TRIGGER "{name}"')
        raw.execute("DROP TABLE rtree_leefbaarheid_geom")
    with s.reading() as con:
        assert s.points_in_boxes(con, "woningvoorraad", "leefbaarheid", where) == indexed
