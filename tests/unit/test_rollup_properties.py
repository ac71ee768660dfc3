"""Property tests (hypothesis) for the roll-up invariants of DESIGN.md §4."""

from __future__ import annotations

import shutil
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from almelo_atlas_plugin.core.figures.result import BUITEN, FIGURES, SEGMENTS, WONINGTYPE_FIGURES, Selection
from almelo_atlas_plugin.core.figures.rollup import RollupEngine, rollup
from almelo_atlas_plugin.core.model.schema import SEGMENT_OF_FIELD, WON_SEGMENTS
from almelo_atlas_plugin.core.store.open import create_store, open_store
from tests.helpers import blob, blok, potloodplan, programme_blocks, project, wijk

X0, Y0 = 230000.0, 470000.0
WIJKEN = {"WA": (0, 0, 1000, 1000), "WB": (1000, 0, 2000, 1000), "WC": (0, 1000, 2000, 2000)}
CODES = ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

SEGMENT_FIELD = {v: k for k, v in SEGMENT_OF_FIELD.items()}
NORM_ONBEKEND = 50  # realisatiekans_norm of status onbekend (resources/catalogus/realisatiekans_norm.csv)

block = st.fixed_dictionaries({
    "soort": st.sampled_from(["bouw", "bouw", "sloop"]),
    "aantal": st.integers(1, 200),
    "segment": st.sampled_from(SEGMENTS),
    "woningtype": st.sampled_from(list(WONINGTYPE_FIGURES)),
    "jaar": st.one_of(st.none(), st.integers(2018, 2040)),
    "gerealiseerd": st.booleans(),
})
location = st.fixed_dictionaries({
    "laag": st.sampled_from(["projecten", "potloodplannen"]),
    "x": st.integers(0, 2900),  # beyond 2000 lies outside every wijk
    "y": st.integers(0, 1900),
    "status": st.sampled_from(["initiatief", "voorbereiding", "uitvoering", "opgeleverd"]),
    "planstatus": st.sampled_from(["hard", "zacht"]),
    "kans": st.one_of(st.none(), st.integers(0, 100)),
    "blokken": st.lists(block, max_size=4),
    "m2": st.integers(0, 5000),
    "ha": st.floats(0, 40, allow_nan=False).map(lambda v: round(v, 2)),
    "oplever": st.one_of(st.none(), st.integers(2018, 2040)),
    "tags": st.lists(st.sampled_from(CODES), max_size=3, unique=True),
})
# a schema-4 location: its dwellings only as the four segments (the migration makes its blocks)
location_v4 = st.fixed_dictionaries({
    "laag": st.sampled_from(["projecten", "potloodplannen"]),
    "x": st.integers(0, 2900),
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
        assert con.execute("SELECT realisatiekans FROM realisatiekans_norm WHERE status_planologisch = 'onbekend'"
                           ).fetchone()[0] == NORM_ONBEKEND
    return path


def add_location(con, loc, name, geom) -> int:
    """A location without dwellings of its own, then its blocks (the database sums them onto the location)."""
    if loc["laag"] == "projecten":
        fid = project(con, name, geom, loc["status"], loc["planstatus"], (0, 0, 0, 0), loc["oplever"], start=2018,
                      m2_bedrijf=loc["m2"], ha_zon=loc["ha"], realisatiekans=loc["kans"])
    else:  # a building that may be demolished
        fid = potloodplan(con, name, geom, (0, 0, 0, 0), soort="leegstaand_vastgoed", m2_bedrijf=loc["m2"], ha_zon=loc["ha"],
                          realisatiekans=loc["kans"])
    for b_ in loc["blokken"]:
        blok(con, loc["laag"], fid, **b_)
    return fid


def make_store(template, tmp_path, locs):
    dst = tmp_path / f"s{len(list(tmp_path.iterdir()))}.gpkg"
    shutil.copy(template, dst)
    s = open_store(dst)
    with s.transaction() as con:
        for i, loc in enumerate(locs):
            geom = box(X0 + loc["x"], Y0 + loc["y"], X0 + loc["x"] + 80, Y0 + loc["y"] + 60)
            loc["fid"] = add_location(con, loc, f"p{i}", geom)
            for c in loc["tags"]:
                con.execute("INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES (?, ?, ?)", (loc["laag"], loc["fid"], c))
    return s


def category(loc, gerealiseerd=False) -> str:
    if loc["laag"] == "potloodplannen":
        return "potentieel"
    if gerealiseerd or loc["status"] == "opgeleverd":
        return "gerealiseerd"
    return loc["planstatus"]


def _add(out, name, cat, v):
    out[f"{name}_{cat}"] += v
    if cat in ("hard", "zacht"):
        out[f"{name}_gepland"] += v


def figures_of(loc) -> dict:
    """Independent statement of the rules: one location's figures (its dwellings: its blocks)."""
    out = defaultdict(float)
    for name, v in (("m2_bedrijf", loc["m2"]), ("ha_zon", loc["ha"])):
        _add(out, name, category(loc), v)
    kans = (NORM_ONBEKEND if loc["kans"] is None else loc["kans"]) / 100
    for b_ in loc["blokken"]:
        cat = category(loc, b_["gerealiseerd"])
        n = b_["aantal"]
        if b_["soort"] == "sloop":
            _add(out, "won_sloop", cat, n)
            n = -n
        else:
            for name in ("won", SEGMENT_FIELD.get(b_["segment"], "won_onbekend"), WONINGTYPE_FIGURES[b_["woningtype"]]):
                _add(out, name, cat, n)
        _add(out, "won_netto", cat, n)
        if cat in ("hard", "zacht"):
            out["won_verwacht"] += n * kans
    out["n_projecten" if loc["laag"] == "projecten" else "n_potloodplannen"] += 1
    return out


def figures_of_v4(loc) -> dict:
    """The schema-4 rules (a location's dwellings in its own category), as before the blocks."""
    cat = category(loc)
    out = defaultdict(float)
    prog = dict(zip(WON_SEGMENTS, loc["won"]))
    prog.update(won=sum(loc["won"]), m2_bedrijf=loc["m2"], ha_zon=loc["ha"])
    for name, v in prog.items():
        _add(out, name, cat, v)
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
        for c in ("gerealiseerd", "hard", "zacht", "bouw", "sloop", "netto", "verwacht", "cumulatief_aanbod"):
            assert close(sum(getattr(rows[i], c) for rows in per_wijk), getattr(stad, c)), (stad.jaar, c)
        for sg in SEGMENTS:
            assert close(sum(rows[i].segmenten[sg] for rows in per_wijk), stad.segmenten[sg]), (stad.jaar, sg)


def per_year_of(locs) -> dict:
    """Independent statement of the per-year rules: the projects' blocks by their own year (else oplever_jaar)."""
    out = defaultdict(lambda: defaultdict(float))
    for loc in locs:
        if loc["laag"] != "projecten":
            continue
        kans = (NORM_ONBEKEND if loc["kans"] is None else loc["kans"]) / 100
        for b_ in loc["blokken"]:
            jaar = b_["jaar"] if b_["jaar"] is not None else loc["oplever"]
            if jaar is None:
                continue
            cat = category(loc, b_["gerealiseerd"])
            row = out[jaar]
            n = b_["aantal"]
            if b_["soort"] == "sloop":
                row["sloop"] += n
                n = -n
            else:
                row[cat] += n
                row["bouw"] += n
                row[b_["segment"]] += n
            row["netto"] += n
            row["verwacht"] += n * (1 if cat == "gerealiseerd" else kans)
    return out


@SETTINGS
@given(st.lists(location, max_size=10))
def test_netto_is_bouw_minus_sloop_at_every_level_and_year(template, tmp_path, locs):
    r = rollup(make_store(template, tmp_path, locs))
    scopes = [r.stad.figures, r.stad.buiten_wijken, *(w.figures for w in r.wijken), *r.stad.opgaven.values(),
              *(g.figures for g in r.gebieden)]
    for fig in scopes:
        for c in ("hard", "zacht", "gepland", "gerealiseerd", "potentieel"):
            assert close(fig[f"won_netto_{c}"], fig[f"won_{c}"] - fig[f"won_sloop_{c}"]), c
            assert close(fig[f"won_{c}"], sum(fig[f"{f}_{c}"] for f in (*WON_SEGMENTS, "won_onbekend"))), c
            assert close(fig[f"won_{c}"], sum(fig[f"{b}_{c}"] for b in WONINGTYPE_FIGURES.values())), c
    want = per_year_of(locs)
    cum = 0.0
    for code in (None, *WIJKEN, BUITEN):
        for p in r.per_year(code):
            assert close(p.netto, p.bouw - p.sloop) and close(p.bouw, p.gerealiseerd + p.hard + p.zacht)
            assert close(p.bouw, sum(p.segmenten.values()))
    for p in r.per_year():
        w = want.get(p.jaar, {})
        for c in ("gerealiseerd", "hard", "zacht", "bouw", "sloop", "netto", "verwacht"):
            assert close(getattr(p, c), w.get(c, 0)), (p.jaar, c)
        for sg in SEGMENTS:
            assert close(p.segmenten[sg], w.get(sg, 0)), (p.jaar, sg)
        cum += p.netto
        assert close(p.cumulatief_aanbod, cum)


@SETTINGS
@given(st.lists(location_v4, max_size=12))
def test_migrate_is_identity_a_v4_store_keeps_its_figures_as_blocks(template, tmp_path, locs):
    """Locations made as schema 4 had them, their blocks by blocks_from_programme (the migration rule): every figure of
    the v4 rules, per wijk and opgave, and the v4 per-year rows (per oplever_jaar, won_totaal)."""
    for loc in locs:
        loc.update(kans=None, blokken=[])
    s = make_store(template, tmp_path, locs)
    with s.transaction() as con:  # the blocks as the migration makes them
        for loc in locs:
            proj = loc["laag"] == "projecten"
            programme_blocks(con, loc["laag"], loc["fid"], loc["won"], loc["status"] if proj else None, loc["oplever"] if proj else None)
    r = rollup(s)
    expected, per_wijk = defaultdict(float), defaultdict(lambda: defaultdict(float))
    by_loc = {x.key: x for x in r.locaties}
    for loc in locs:
        w = by_loc[(loc["laag"], loc["fid"])].wijk_code or BUITEN
        for k, v in figures_of_v4(loc).items():
            expected[k] += v
            per_wijk[w][k] += v
    v4_figures = [f for f in FIGURES if not f.startswith(("won_onbekend", "won_sloop", "won_netto", "won_eengezins",
                                                          "won_meergezins", "won_woningtype", "won_verwacht"))]
    for f in v4_figures:
        assert close(r.stad.figures[f], expected.get(f, 0)), f
        for wk in r.wijken:
            assert close(wk.figures[f], per_wijk[wk.wijk_code].get(f, 0)), (wk.wijk_code, f)
    v4_years = defaultdict(lambda: defaultdict(float))
    for loc in locs:
        if loc["laag"] == "projecten":
            v4_years[loc["oplever"]][category(loc)] += sum(loc["won"])
    for p in r.per_year():
        for c in ("gerealiseerd", "hard", "zacht"):
            assert close(getattr(p, c), v4_years.get(p.jaar, {}).get(c, 0)), (p.jaar, c)


edit = st.sampled_from(["update", "move", "delete", "insert", "tag", "untag", "blok+", "blok-", "blokjaar", "blokverhuizing"])


@SETTINGS
@given(st.lists(location, min_size=2, max_size=8), st.lists(st.tuples(edit, st.integers(0, 7), location), min_size=1, max_size=4))
def test_incremental_refresh_equals_a_fresh_rollup(template, tmp_path, locs, edits):
    """The warm engine re-reads only the locations the history names (their own rows, tags and blocks); the result
    equals a cold roll-up."""
    s = make_store(template, tmp_path, locs)
    eng = RollupEngine(s)
    eng.compute()
    for kind, k, new in edits:
        loc = locs[k % len(locs)]
        where = "laag = ? AND locatie_fid = ?"
        with s.transaction() as con:
            exists = con.execute(f"SELECT count(*) FROM {loc['laag']} WHERE fid = ?", (loc["fid"],)).fetchone()[0]
            first = con.execute(f"SELECT min(fid) FROM woningblokken WHERE {where}", (loc["laag"], loc["fid"])).fetchone()[0]
            if kind == "insert" or not exists:
                geom = box(X0 + new["x"], Y0 + new["y"], X0 + new["x"] + 50, Y0 + new["y"] + 50)
                add_location(con, new, "nieuw", geom)
            elif kind == "update":
                con.execute(f"UPDATE {loc['laag']} SET m2_bedrijf = m2_bedrijf + 3, bijgewerkt_door = 'x' WHERE fid = ?", (loc["fid"],))
            elif kind == "move":
                con.execute(f"UPDATE {loc['laag']} SET geom = ? WHERE fid = ?",
                            (blob(box(X0 + new["x"], Y0 + new["y"], X0 + new["x"] + 70, Y0 + new["y"] + 70)), loc["fid"]))
            elif kind == "delete":
                con.execute(f"DELETE FROM woningblokken WHERE {where}", (loc["laag"], loc["fid"]))
                con.execute(f"DELETE FROM {loc['laag']} WHERE fid = ?", (loc["fid"],))
            elif kind == "tag":
                con.execute("INSERT OR IGNORE INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES (?, ?, '3.5')", (loc["laag"], loc["fid"]))
            elif kind == "untag":
                con.execute("DELETE FROM locatie_opgaven WHERE laag = ? AND locatie_fid = ?", (loc["laag"], loc["fid"]))
            elif kind == "blok+":
                blok(con, loc["laag"], loc["fid"], new["m2"] % 200 + 1, jaar=new["oplever"], segment="koop")
            elif first is None:
                continue
            elif kind == "blok-":
                con.execute("DELETE FROM woningblokken WHERE fid = ?", (first,))
            elif kind == "blokjaar":  # the location's row is untouched
                con.execute("UPDATE woningblokken SET jaar = ?, gerealiseerd = 1 - gerealiseerd WHERE fid = ?", (new["oplever"], first))
            else:  # the block goes to another location: both change
                other = next((x for x in locs if x is not loc and x["laag"] == "projecten"), None)
                if other is not None and con.execute("SELECT count(*) FROM projecten WHERE fid = ?", (other["fid"],)).fetchone()[0]:
                    con.execute("UPDATE woningblokken SET laag = 'projecten', locatie_fid = ?, soort = 'bouw' WHERE fid = ?",
                                (other["fid"], first))
        assert eng.compute().to_json() == rollup(s).to_json()
