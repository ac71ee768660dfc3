"""A point on a wijk border belongs to exactly one wijk: the lowest wijk_code among the wijken whose closure holds it
(geo's rule, and pg.atlas_wijk_van in SQL); an equal split of an area likewise. On both backends, through the import,
the roll-up and its invariant stad = Σ wijken + buiten wijken."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Point, box

from almelo_atlas_plugin.core.edits import assign_wijken, wijk_at
from almelo_atlas_plugin.core.figures.result import FIGURES
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.model import geo
from almelo_atlas_plugin.core.sources.importer import import_layer
from almelo_atlas_plugin.core.store.open import open_store
from tests.helpers import project, wijk

X0, Y0 = 240000.0, 480000.0
# three wijken meeting in (100, 100); inserted so that neither fid order nor list order is the rule
WIJKEN = (("WK000003", box(0, 0, 100, 100)), ("WK000001", box(100, 0, 200, 100)), ("WK000002", box(0, 100, 200, 200)))
POINTS = {(100, 50): "WK000001",   # on the edge WK000003 | WK000001
          (100, 100): "WK000001",  # on the vertex of all three
          (50, 100): "WK000002",   # on the edge WK000003 | WK000002
          (150, 100): "WK000001",  # on the edge WK000001 | WK000002
          (0, 50): "WK000003",     # on the outer border of one wijk
          (50, 50): "WK000003",    # inside
          (300, 300): None}        # outside every wijk


def _shift(g):
    from shapely.affinity import translate

    return translate(g, X0, Y0)


def test_the_rule_in_python():
    codes = [c for c, _ in WIJKEN]
    polys = [_shift(g) for _, g in WIJKEN]
    x = np.array([X0 + p[0] for p in POINTS], dtype=float)
    y = np.array([Y0 + p[1] for p in POINTS], dtype=float)
    assert geo.assign_points(polys, codes, x, y) == list(POINTS.values())
    assert geo.assign_largest([Point(X0 + px, Y0 + py) for px, py in POINTS], polys, codes) == list(POINTS.values())
    assert geo.largest_overlap(_shift(box(50, 25, 150, 75)), polys, codes) == "WK000001"  # a 50/50 split
    assert geo.largest_overlap(_shift(box(90, 90, 110, 110)), polys, codes) == "WK000002"  # most of it


@pytest.fixture(params=["gpkg", "postgis"])
def store(request, empty_store):
    s = empty_store if request.param == "gpkg" else open_store(request.getfixturevalue("pg_store"))
    with s.transaction() as con:
        for code, g in WIJKEN:
            wijk(con, code, f"Wijk {code[-1]}", _shift(g), store=s)
    return s


def test_points_on_borders_and_a_tie_on_both_backends(store, tmp_path):
    csv = tmp_path / "woningen.csv"
    csv.write_text("x,y,eigendom,woningtype,bouwjaar\n" + "".join(
        f"{X0 + px},{Y0 + py},koop,eengezins,1990\n" for px, py in POINTS), encoding="utf-8")
    rep = import_layer(store, "woningvoorraad", str(csv))
    assert rep.imported == len(POINTS) and not rep.refused
    got = store.read_frame("SELECT wijk_code FROM woningvoorraad ORDER BY fid").wijk_code.tolist()
    assert [None if w is None or w != w else w for w in got] == list(POINTS.values())
    assert wijk_at(store, X0 + 100, Y0 + 100) == "WK000001"
    with store.transaction() as con:  # wijk_code left to the store: PostGIS's trigger, the GeoPackage's roll-up
        tie = project(con, "Half om half", _shift(box(50, 25, 150, 75)), won=(0, 0, 0, 10), store=store)
        most = project(con, "Op het drielandenpunt", _shift(box(90, 90, 110, 110)), won=(0, 0, 0, 4), store=store)
    r = rollup(store).to_json()
    loc = {x["fid"]: x["wijk_code"] for x in r["locaties"]}
    assert loc == {tie: "WK000001", most: "WK000002"}
    assert assign_wijken(store, "projecten") == loc  # the one Python writer of wijk_code agrees (PostGIS: with its SQL)
    per = {w["wijk_code"]: w for w in r["wijken"]}
    assert {c: w["profiel"]["woningen"] for c, w in per.items()} == {"WK000001": 3, "WK000002": 1, "WK000003": 2}
    assert per["WK000001"]["won_gepland"] == 10 and per["WK000002"]["won_gepland"] == 4
    stad, buiten = r["stad"], r["stad"]["buiten_wijken"]
    for f in FIGURES:
        assert stad[f] == sum(w[f] for w in r["wijken"]) + buiten[f], f
    assert stad["profiel"]["woningen"] == sum(w["profiel"]["woningen"] for w in r["wijken"]) + buiten["profiel"]["woningen"] == 7
    assert buiten["profiel"]["woningen"] == 1
