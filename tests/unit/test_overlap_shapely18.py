"""overlap_pairs under shapely 1.8 (QGIS's own Python on Debian 12: the dock's roll-up runs there) gives the pairs and
shares of the shapely 2 path: the same membership of every location in buurten, wijken and gebieden (#18: the pairwise
loop it replaces took two minutes at 10 k locations in QGIS)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon, box

from almelo_atlas_plugin.core.model import geo
from tests.conftest import ROOT

coord = st.integers(min_value=0, max_value=40)


@st.composite
def shapes(draw):
    """Boxes, triangles and points on a small grid: many touching edges, shared vertices, containment and equal halves."""
    kind = draw(st.sampled_from(["box", "tri", "point"]))
    x, y = draw(coord), draw(coord)
    if kind == "point":
        return Point(x, y)
    w, h = draw(st.integers(1, 20)), draw(st.integers(1, 20))
    return box(x, y, x + w, y + h) if kind == "box" else Polygon([(x, y), (x + w, y), (x, y + h)])


def _same(a, b):
    assert [(i, j) for i, j, _ in a] == [(i, j) for i, j, _ in b]
    assert all(abs(s - t) < 1e-9 for (_, _, s), (_, _, t) in zip(a, b))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.none(), shapes()), max_size=12),
       st.lists(st.one_of(st.none(), shapes().filter(lambda g: g.area > 0)), max_size=6))
def test_the_box_path_equals_the_shapely2_path(geoms, polys):
    if not geo.SHAPELY2:
        pytest.skip("shapely 2 nodig als maatstaf")
    want = [p for p in geo.overlap_pairs(geoms, polys) if p[2] > 0]
    _same(geo._overlap_pairs_boxes(geoms, polys), sorted(want, key=lambda t: (t[0], t[1])))


def test_the_largest_overlap_and_a_tie_go_the_same_way_on_the_box_path(monkeypatch):
    polys = [box(100, 0, 200, 100), box(0, 0, 100, 100), box(0, 100, 200, 200)]
    codes = ["WK2", "WK1", "WK3"]
    geoms = [box(50, 25, 150, 75), box(90, 90, 110, 110), Point(100, 100), box(10, 10, 20, 20), None, Point(500, 500)]
    want = geo.assign_largest(geoms, polys, codes)
    monkeypatch.setattr(geo, "SHAPELY2", False)
    assert geo.assign_largest(geoms, polys, codes) == want == ["WK1", "WK3", "WK1", "WK1", None, None]


SYSTEM_PY = "/usr/bin/python3"
SCRIPT = r"""
import json, sqlite3, sys
sys.path.insert(0, sys.argv[1])
from almelo_atlas_plugin.core.model import geo
con = sqlite3.connect(sys.argv[2])
def shapes(sql):
    return [None if w is None else geo.from_wkb(w[8 + {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(w[3] >> 1) & 7]:]) for (w,) in con.execute(sql)]
locs = shapes("SELECT geom FROM projecten ORDER BY fid") + shapes("SELECT geom FROM potloodplannen ORDER BY fid")
polys = shapes("SELECT geom FROM buurten ORDER BY fid") + shapes("SELECT geom FROM gebieden ORDER BY fid")
extent = geo._geos_extent()
same_boxes = extent is not None and all(extent(g) == tuple(g.bounds) for g in locs + polys if g is not None)
print(json.dumps({"shapely2": geo.SHAPELY2, "boxes": same_boxes, "pairs": [[i, j, round(s, 9)] for i, j, s in geo.overlap_pairs(locs, polys) if s > 0]}))
"""


def _pairs(python):
    p = subprocess.run([python, "-c", SCRIPT, str(ROOT), str(ROOT / "sample_gpkg" / "almelo_sample.gpkg")],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout)


def test_qgis_python_with_shapely18_gives_the_memberships_of_shapely2():
    """The sample's locations against its buurten and gebieden, in QGIS's Python (shapely 1.8) and in the venv."""
    probe = subprocess.run([SYSTEM_PY, "-c", "import shapely, numpy; print(shapely.__version__)"], capture_output=True, text=True)
    if probe.returncode or not probe.stdout.startswith("1."):
        pytest.skip("geen shapely 1.8 in de Python van het systeem")
    old, new = _pairs(SYSTEM_PY), _pairs(sys.executable)
    assert not old["shapely2"] and new["shapely2"] == geo.SHAPELY2
    assert old["boxes"], "GEOS's extent getters differ from shapely's bounds (or are missing) under shapely 1.8"
    assert len(old["pairs"]) > 50
    assert [p[:2] for p in old["pairs"]] == [p[:2] for p in sorted(new["pairs"])]
    assert all(abs(a[2] - b[2]) < 1e-6 for a, b in zip(old["pairs"], sorted(new["pairs"])))
