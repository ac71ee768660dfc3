"""Property tests (hypothesis) for the roll-up invariants of DESIGN.md §4."""

from __future__ import annotations

import shutil
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from almelo_atlas_plugin.core.figures.result import BUITEN, FIGURES, Selection
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.store.open import create_store, open_store
from tests.helpers import blob, potloodplan, project, wijk

X0, Y0 = 230000.0, 470000.0
WIJKEN = {"WA": (0, 0, 1000, 1000), "WB": (1000, 0, 2000, 1000), "WC": (0, 1000, 2000, 2000)}
CODES = ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

location = st.fixed_dictionaries({
    "laag": st.sampled_from(["projecten", "potloodplannen"]),
    "x": st.integers(0, 2900),  # beyond 2000 lies outside every wijk
    "y": st.integers(0, 1900),
    "status": st.sampled_from(["initiatief", "voorbereiding", "uitvoering", "opgeleverd"]),
    "planstatus": st.sampled_from(["hard", "zacht"]),
    "won": st.tuples(*[st.integers(0, 200)] * 4),
    "m2": st.integers(0, 5000),
    "ha": st.floats(0, 40, allow_nan=False).map(lambda v: round(v, 2)),
    "oplever": st.integers(2018, 2040),
    "tags": st.lists(st.sampled_from(CODES), max_size=3, unique=True),
})


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("prop") / "template.gpkg"
    s = create_store(path)
    with s.transaction() as con:
        for code, (a, b_, c, d) in WIJKEN.items():
            wijk(con, code, code, box(X0 + a, Y0 + b_, X0 + c, Y0 + d))
    return path


def make_store(template, tmp_path, locs):
    dst = tmp_path / f"s{len(list(tmp_path.iterdir()))}.gpkg"
    shutil.copy(template, dst)
    s = open_store(dst)
    with s.transaction() as con:
        for i, loc in enumerate(locs):
            geom = box(X0 + loc["x"], Y0 + loc["y"], X0 + loc["x"] + 80, Y0 + loc["y"] + 60)
            if loc["laag"] == "projecten":
                fid = project(con, f"p{i}", geom, loc["status"], loc["planstatus"], loc["won"], loc["oplever"], start=2018,
                              m2_bedrijf=loc["m2"], ha_zon=loc["ha"])
            else:
                fid = potloodplan(con, f"l{i}", geom, loc["won"], m2_bedrijf=loc["m2"], ha_zon=loc["ha"])
            loc["fid"] = fid
            for c in loc["tags"]:
                con.execute("INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES (?, ?, ?)", (loc["laag"], fid, c))
    return s


def figures_of(loc) -> dict:
    """Independent statement of the rules: one location's figures."""
    if loc["laag"] == "potloodplannen":
        cat = "potentieel"
    elif loc["status"] == "opgeleverd":
        cat = "gerealiseerd"
    else:
        cat = loc["planstatus"]
    prog = dict(zip(["won_sociale_huur", "won_middenhuur", "won_vrije_huur", "won_koop"], loc["won"]))
    prog.update(won=sum(loc["won"]), won_netto=sum(loc["won"]), m2_bedrijf=loc["m2"], ha_zon=loc["ha"])  # netto: no sloop here
    out = defaultdict(float)
    for name, v in prog.items():
        out[f"{name}_{cat}"] += v
        if cat in ("hard", "zacht"):
            out[f"{name}_gepland"] += v
    out["n_projecten" if loc["laag"] == "projecten" else "n_potloodplannen"] += 1
    return out


def close(a, b):
    return abs((a or 0) - (b or 0)) < 1e-6


@SETTINGS
@given(st.lists(location, max_size=12))
def test_stad_is_sum_of_wijken_plus_buiten(template, tmp_path, locs):
    r = rollup(make_store(template, tmp_path, locs)).to_json()
    for f in FIGURES:
        total = sum(w[f] for w in r["wijken"]) + r["stad"]["buiten_wijken"][f]
        assert close(total, r["stad"][f]), f
    # and each figure equals the independent statement of the rules
    expected = defaultdict(float)
    for loc in locs:
        for k, v in figures_of(loc).items():
            expected[k] += v
    for f in FIGURES:
        assert close(r["stad"][f], expected.get(f, 0)), f


@SETTINGS
@given(st.lists(location, min_size=1, max_size=10))
def test_tags_count_once_per_wijk_and_in_every_opgave(template, tmp_path, locs):
    r = rollup(make_store(template, tmp_path, locs)).to_json()
    by_loc = {(x["laag"], x["fid"]): x for x in r["locaties"]}
    per_wijk = defaultdict(lambda: defaultdict(float))
    per_opgave = defaultdict(lambda: defaultdict(float))
    for loc in locs:
        w = by_loc[(loc["laag"], loc["fid"])]["wijk_code"] or BUITEN
        for k, v in figures_of(loc).items():
            per_wijk[w][k] += v
            for c in loc["tags"]:
                per_opgave[c][k] += v
    for wk in r["wijken"]:
        for f in FIGURES:
            assert close(wk[f], per_wijk[wk["wijk_code"]].get(f, 0)), (wk["wijk_code"], f)
    for c in CODES:
        got = r["stad"]["opgaven"].get(c, {})
        for f in FIGURES:
            assert close(got.get(f, 0), per_opgave[c].get(f, 0)), (c, f)


@SETTINGS
@given(st.lists(location, min_size=1, max_size=8), st.data())
def test_moving_a_location_moves_exactly_its_figures(template, tmp_path, locs, data):
    s = make_store(template, tmp_path, locs)
    before = rollup(s).to_json()
    i = data.draw(st.integers(0, len(locs) - 1))
    loc = locs[i]
    target = data.draw(st.sampled_from(sorted(WIJKEN)))
    a, b_, _, _ = WIJKEN[target]
    with s.transaction() as con:
        con.execute(f"UPDATE {loc['laag']} SET geom = ? WHERE fid = ?",
                    (blob(box(X0 + a + 400, Y0 + b_ + 400, X0 + a + 480, Y0 + b_ + 460)), loc["fid"]))
    after = rollup(s).to_json()
    src = next(x for x in before["locaties"] if (x["laag"], x["fid"]) == (loc["laag"], loc["fid"]))["wijk_code"] or BUITEN
    mine = figures_of(loc)

    def wijk_fig(res, code, f):
        if code == BUITEN:
            return res["stad"]["buiten_wijken"][f]
        return next(w for w in res["wijken"] if w["wijk_code"] == code)[f]

    for f in FIGURES:
        assert close(after["stad"][f], before["stad"][f]), f
        for code in [*WIJKEN, BUITEN]:
            delta = wijk_fig(after, code, f) - wijk_fig(before, code, f)
            expect = (mine.get(f, 0) if code == target else 0) - (mine.get(f, 0) if code == src else 0)
            assert close(delta, expect), (code, f)


@SETTINGS
@given(st.lists(location, min_size=1, max_size=10))
def test_removing_all_tags_leaves_totals_unchanged(template, tmp_path, locs):
    s = make_store(template, tmp_path, locs)
    before = rollup(s).to_json()
    with s.transaction() as con:
        con.execute("DELETE FROM locatie_opgaven")
    after = rollup(s).to_json()
    assert after["stad"]["opgaven"] == {}
    for f in FIGURES:
        assert close(after["stad"][f], before["stad"][f])
        for wa, wb in zip(after["wijken"], before["wijken"]):
            assert close(wa[f], wb[f])


@SETTINGS
@given(st.lists(location, max_size=10), st.data())
def test_figures_for_any_set_of_locations_is_their_sum(template, tmp_path, locs, data):
    """figures_for(locations) = the rules applied to those locations; per wijk it is the wijk's figures, and the
    wijken's per_year add up to the stad's."""
    r = rollup(make_store(template, tmp_path, locs))
    chosen = data.draw(st.lists(st.sampled_from(locs), unique_by=id)) if locs else []
    expected = defaultdict(float)
    for loc in chosen:
        for k, v in figures_of(loc).items():
            expected[k] += v
    got = r.figures_for(Selection.of_locations((x["laag"], x["fid"]) for x in chosen))
    for f in FIGURES:
        assert close(got[f], expected.get(f, 0)), f
    for w in r.wijken:
        keys = [x.key for x in r.locaties_in(w.wijk_code)]
        assert r.figures_for(Selection.of_locations(keys)).to_json() == r.figures_for(Selection.wijk(w.wijk_code)).to_json()
    per_wijk = [r.per_year(code) for code in [*WIJKEN, BUITEN]]
    for i, stad in enumerate(r.per_year()):
        for c in ("gerealiseerd", "hard", "zacht"):
            assert close(sum(getattr(rows[i], c) for rows in per_wijk), getattr(stad, c)), (stad.jaar, c)


edit = st.sampled_from(["update", "move", "delete", "insert", "tag", "untag"])


@SETTINGS
@given(st.lists(location, min_size=2, max_size=8), st.lists(st.tuples(edit, st.integers(0, 7), location), min_size=1, max_size=4))
def test_incremental_refresh_equals_a_fresh_rollup(template, tmp_path, locs, edits):
    """The warm engine re-reads only the locations the history names; the result equals a cold roll-up."""
    from almelo_atlas_plugin.core.figures.rollup import RollupEngine

    s = make_store(template, tmp_path, locs)
    eng = RollupEngine(s)
    eng.compute()
    for kind, k, new in edits:
        loc = locs[k % len(locs)]
        with s.transaction() as con:
            exists = con.execute(f"SELECT count(*) FROM {loc['laag']} WHERE fid = ?", (loc["fid"],)).fetchone()[0]
            if kind == "insert" or not exists:
                make = project if new["laag"] == "projecten" else potloodplan
                args = (con, "nieuw", box(X0 + new["x"], Y0 + new["y"], X0 + new["x"] + 50, Y0 + new["y"] + 50))
                make(*args, won=new["won"]) if make is potloodplan else make(*args, new["status"], new["planstatus"], new["won"], new["oplever"], start=2018)
            elif kind == "update":
                con.execute("INSERT INTO woningblokken (laag, locatie_fid, aantal, segment, bijgewerkt_door) VALUES (?, ?, 3, 'koop', 'x')",
                            (loc["laag"], loc["fid"]))
            elif kind == "move":
                con.execute(f"UPDATE {loc['laag']} SET geom = ? WHERE fid = ?",
                            (blob(box(X0 + new["x"], Y0 + new["y"], X0 + new["x"] + 70, Y0 + new["y"] + 70)), loc["fid"]))
            elif kind == "delete":
                con.execute(f"DELETE FROM {loc['laag']} WHERE fid = ?", (loc["fid"],))
            elif kind == "tag":
                con.execute("INSERT OR IGNORE INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES (?, ?, '3.5')", (loc["laag"], loc["fid"]))
            else:
                con.execute("DELETE FROM locatie_opgaven WHERE laag = ? AND locatie_fid = ?", (loc["laag"], loc["fid"]))
        assert eng.compute().to_json() == rollup(s).to_json()
