"""The wijk profile on PostGIS with the labels joined to their dwellings in SQL (store.labels_by_vbo, issue #18) gives
the very sums of the engine's own join in Python (every row read): on the sample and on hypothesis-made base layers
(dwellings outside every wijk, a vbo twice, labels of no dwelling, labels without a date or on the same date, cells
without geometry); the figures of both backends agree where the rule leaves no choice."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from almelo_atlas_plugin.core.figures.rollup import RollupEngine
from almelo_atlas_plugin.core.model import geo
from almelo_atlas_plugin.core.store.base import Store
from almelo_atlas_plugin.core.store.open import create_store, open_store
from almelo_atlas_plugin.core.store.postgis import PostgisStore
from tests.helpers import point, wijk
from tests.pgfixtures import cluster, pg_sample, pg_store, pg_template  # noqa: F401 (fixtures)
from tests.unit.test_profiel import cell
from tests.unit.test_rollup_properties import X0, Y0

BASE = ("woningvoorraad", "energielabels", "leefbaarheid")


def profiles(store, monkeypatch) -> tuple:
    """The cold profile (per wijk code its sums) with the labels counted in SQL, and with the engine's join in Python."""
    with store.reading() as con:
        tables = set(store.table_names(con))
        sql = RollupEngine(store, bewaard=False)
        sql._tables = tables
        in_sql = sql.profile(con)
    with monkeypatch.context() as m:
        m.setattr(PostgisStore, "labels_by_vbo", Store.labels_by_vbo)  # the engine reads every row and joins
        with store.reading() as con:
            py = RollupEngine(store, bewaard=False)
            py._tables = tables
            in_python = py.profile(con)
    return in_sql, in_python


def figures_json(store) -> str:
    return json.dumps(RollupEngine(store, bewaard=False).compute().to_json(), sort_keys=True)


def test_the_sample_profile_in_sql_is_the_python_one(pg_sample, monkeypatch):  # noqa: F811 (the fixture)
    store = open_store(pg_sample)
    assert type(store).labels_by_vbo is not Store.labels_by_vbo
    in_sql, in_python = profiles(store, monkeypatch)
    assert in_sql == in_python
    assert sum(p.get("_n_lab", 0) for p in in_sql.values()) > 0
    with monkeypatch.context() as m:
        m.setattr(PostgisStore, "labels_by_vbo", Store.labels_by_vbo)
        python_json = figures_json(store)
    assert figures_json(store) == python_json


def test_a_geopackage_joins_in_python(tmp_path):
    assert create_store(tmp_path / "g.gpkg").labels_by_vbo(None) is None


@pytest.fixture(scope="module")
def pg_wijken(cluster):  # noqa: F811 (the fixture)
    """A PostGIS store with the wijken WA and WB (the rest: buiten wijken), refilled by each example."""
    from almelo_atlas_plugin.core.store.open import create_store as create

    uri = f"{cluster.createdb('atlas_profiel_sql')}?schema=atlas"
    create(uri)
    store = open_store(uri)
    with store.transaction() as con:
        wijk(con, "WA", "A", box(X0, Y0, X0 + 1000, Y0 + 1000), store=store)
        wijk(con, "WB", "B", box(X0 + 1000, Y0, X0 + 2000, Y0 + 1000), store=store)
    return store


DATES = st.one_of(st.none(), st.sampled_from(["2020-06-30", "2023-01-01"]))  # few: ties of date
dwelling = st.fixed_dictionaries({
    "wijk": st.sampled_from(["WA", "WB", None, "WX"]),  # None: buiten wijken; WX: a code of no wijk
    "vbo": st.one_of(st.none(), st.integers(0, 5)),  # a vbo may be on two dwellings (the first, by fid, counts)
    "bouwjaar": st.one_of(st.none(), st.integers(1900, 2030)),
    "eigendom": st.sampled_from(["corporatie", "koop", None]),
    "x": st.integers(0, 2999), "y": st.integers(0, 999), "rand": st.sampled_from([0, 0.5]),  # 0: on a cell's edge when x % 100 == 0
})
label = st.fixed_dictionaries({
    "vbo": st.one_of(st.none(), st.integers(0, 7)),  # 6, 7: of no dwelling
    "label": st.sampled_from(["A++++", "A+", "A", "B", "C", "E", "G"]),
    "opname": DATES, "registratie": DATES,
    "wijk": st.sampled_from(["WA", "WB", None]),
})
gridcell = st.fixed_dictionaries({
    "i": st.integers(0, 29), "j": st.integers(0, 9), "score": st.one_of(st.none(), st.integers(1, 9)),
    "afw": st.floats(-1, 1, allow_nan=False), "geom": st.booleans(), "wijk": st.sampled_from(["WA", "WB", None]),
})


TWICE = [{"wijk": "WA", "vbo": 0, "bouwjaar": None, "eigendom": None, "x": 1, "y": 1, "rand": 0},
         {"wijk": "WB", "vbo": 0, "bouwjaar": None, "eigendom": None, "x": 1500, "y": 1, "rand": 0}]  # a vbo on two dwellings
TIES = [{"vbo": 0, "label": lb, "opname": None, "registratie": d, "wijk": None}
        for lb, d in (("G", "2023-01-01"), ("A", "2020-06-30"), ("C", "2023-01-01"), ("E", None), ("B", None))]


EDGES = [{"wijk": "WA", "vbo": None, "bouwjaar": None, "eigendom": None, "x": x, "y": y, "rand": 0}
         for x, y in ((100, 50), (50, 100), (100, 100), (200, 50), (0, 0))]
CELLS = [{"i": i, "j": j, "score": 5, "afw": 0.1 * i, "geom": True, "wijk": "WA"} for i, j in ((0, 0), (1, 0), (0, 1), (1, 1))]


def vbo_id(n):
    return None if n is None else f"{n:016d}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dwellings=st.lists(dwelling, max_size=30), labels=st.lists(label, max_size=30),
       cells=st.lists(gridcell, max_size=8, unique_by=lambda c: (c["i"], c["j"])))
@example(dwellings=TWICE, labels=TIES[:3], cells=[])  # the same date: the highest fid
@example(dwellings=TWICE, labels=TIES, cells=[])  # no date: newest, then the highest fid
@example(dwellings=EDGES, labels=[], cells=CELLS)  # on the edges of cells: in the one to the right and above
def test_the_profile_in_sql_is_the_python_one(pg_wijken, tmp_path, monkeypatch, dwellings, labels, cells):
    s = pg_wijken
    with s.transaction() as con:
        con.execute(f"TRUNCATE {', '.join(BASE)}")  # a fresh table: its rows in the order of their fids
        s.insert_rows(con, "woningvoorraad", [
            dict(vbo_id=vbo_id(d["vbo"]), bouwjaar=d["bouwjaar"], eigendom=d["eigendom"], wijk_code=d["wijk"],
                 geom=point(X0 + d["x"] + d["rand"], Y0 + d["y"] + d["rand"])) for d in dwellings])
        s.insert_rows(con, "energielabels", [
            dict(vbo_id=vbo_id(lb["vbo"]), label=lb["label"], opnamedatum=lb["opname"], registratiedatum=lb["registratie"],
                 wijk_code=lb["wijk"], geom=point(X0 + 5, Y0 + 5)) for lb in labels])
        s.insert_rows(con, "leefbaarheid", [
            dict(score=c["score"], afw=c["afw"], wijk_code=c["wijk"], soort_gebied="grid", gebied_id=f"g{c['i']}_{c['j']}",
                 geom=cell(c["i"], c["j"]) if c["geom"] else None) for c in cells])
    in_sql, in_python = profiles(s, monkeypatch)
    assert in_sql == in_python
    # the rule by hand: per vbo the newest label (a date-less one newest, then the highest fid) on its lowest-fid dwelling
    first = {}
    for d in dwellings:
        if d["vbo"] is not None:
            first.setdefault(d["vbo"], d["wijk"])
    newest = {}
    for n, lb in enumerate(labels):
        datum = lb["opname"] or lb["registratie"]
        key = (datum is None, datum or "", n)
        if lb["vbo"] is not None and (lb["vbo"] not in newest or key > newest[lb["vbo"]][0]):
            newest[lb["vbo"]] = (key, lb["label"])
    counted = sum(v in first for v in newest) + sum(lb["vbo"] is None for lb in labels) if first else len(labels)
    assert sum(p.get("_n_lab", 0) for p in in_sql.values()) == counted
    g = create_store(tmp_path / f"g{len(list(tmp_path.iterdir()))}.gpkg")  # the same rows in a GeoPackage
    with g.transaction() as con, s.reading() as pcon:
        for t in ("wijken", *BASE):
            cols = s.columns(t, pcon)  # with the fids
            rows = pcon.execute(f"SELECT {', '.join('ST_AsBinary(geom)' if c == 'geom' else c for c in cols)} FROM {t}"
                                " ORDER BY fid").fetchall()
            g.insert_rows(con, t, [{c: (geo.from_wkb(bytes(v)) if c == "geom" and v is not None else v)
                                    for c, v in zip(cols, r)} for r in rows])
    where = "soort_gebied IS NULL OR soort_gebied <> 'buurt'"
    with s.reading() as pcon, g.reading() as gcon:  # the dwellings per cell: PostGIS's index scans per box = the GeoPackage's
        assert s.points_in_boxes(pcon, "woningvoorraad", "leefbaarheid", where) == \
            {f: n for f, n in g.points_in_boxes(gcon, "woningvoorraad", "leefbaarheid", where).items() if n}
    if len({d["vbo"] for d in dwellings if d["vbo"] is not None}) == sum(d["vbo"] is not None for d in dwellings):
        assert figures_json(g) == figures_json(s)  # one dwelling per vbo: the rule leaves no choice, the figures agree
