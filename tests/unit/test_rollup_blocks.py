"""The roll-up from dwelling blocks (schema 5, DESIGN.md §3a/§4), on both backends: a phased plan with a demolition
added to the sample changes exactly its own figures, per year, in the goals, and after a block's edit the warm engine
gives what a cold roll-up gives."""

from __future__ import annotations

from shapely.geometry import box

from almelo_atlas_plugin.core.figures.result import FIGURES, SEGMENTS, Selection
from almelo_atlas_plugin.core.figures.rollup import RollupEngine, rollup
from tests.helpers import blok, project

DOEL = ("stad", None, "3.4", "won_netto", "minimum", "aantal", 1000, 2030)


def _phased_plan(store, realisatiekans=80):
    """Project 'Gefaseerd' (2A, hard, oplever_jaar 2029) in the first wijk: 40 koop eengezins 2026, 60 sociale huur
    meergezins 2028, 10 middenhuur without year (→ 2029), 30 sociale huur demolished in 2025 (gerealiseerd)."""
    codes, polys = store.read_geometries("wijken", key="wijk_code")
    p = polys[0].representative_point()
    with store.transaction() as con:
        fid = project(con, "Gefaseerd", box(p.x - 20, p.y - 20, p.x + 20, p.y + 20), "uitvoering", "hard", (0, 0, 0, 0), 2029,
                      start=2024, store=store, status_planologisch="2A", realisatiekans=realisatiekans)
        fids = [blok(con, "projecten", fid, 40, segment="koop", woningtype="eengezins", jaar=2026, store=store),
                blok(con, "projecten", fid, 60, segment="sociale_huur", woningtype="meergezins", jaar=2028, store=store),
                blok(con, "projecten", fid, 10, segment="middenhuur", store=store),
                blok(con, "projecten", fid, 30, soort="sloop", segment="sociale_huur", jaar=2025, gerealiseerd=True,
                     store=store)]
        cols = "niveau, wijk_code, opgave_code, indicator, soort, eenheid, streefwaarde, peiljaar"
        con.execute(f"INSERT INTO doelen ({cols}) VALUES ({', '.join([store.param] * len(DOEL))})", DOEL)
    return fid, fids, codes[0]


def _delta(after, before):
    return {f: after[f] - before[f] for f in FIGURES if after[f] != before[f]}


def test_a_phased_plan_with_demolition_counts_each_block_in_its_own_category(store):
    before = rollup(store)
    fid, _, code = _phased_plan(store)
    r = rollup(store)
    plan = {"won_hard": 110, "won_gepland": 110, "won_koop_hard": 40, "won_koop_gepland": 40,
            "won_sociale_huur_hard": 60, "won_sociale_huur_gepland": 60, "won_middenhuur_hard": 10, "won_middenhuur_gepland": 10,
            "won_eengezins_hard": 40, "won_eengezins_gepland": 40, "won_meergezins_hard": 60, "won_meergezins_gepland": 60,
            "won_woningtype_onbekend_hard": 10, "won_woningtype_onbekend_gepland": 10,
            "won_sloop_gerealiseerd": 30, "won_netto_hard": 110, "won_netto_gepland": 110, "won_netto_gerealiseerd": -30,
            "won_verwacht": 88, "n_projecten": 1}
    assert _delta(r.stad.figures.to_json(), before.stad.figures.to_json()) == plan
    assert _delta(r.wijk(code).figures.to_json(), before.wijk(code).figures.to_json()) == plan
    assert _delta(r.figures_for(Selection.of_locations([("projecten", fid)])).to_json(), r.stad.figures.zero().to_json()) == plan
    x = next(x for x in r.locaties if x.key == ("projecten", fid))
    assert {k: x.programma[k] for k in ("won_sociale_huur", "won_middenhuur", "won_koop", "won_totaal", "won_sloop", "won_netto")} == \
        {"won_sociale_huur": 60, "won_middenhuur": 10, "won_koop": 40, "won_totaal": 110, "won_sloop": 30, "won_netto": 80}
    assert (x.status_planologisch, x.realisatiekans) == ("2A", 80)


def test_per_year_has_bouw_sloop_netto_verwacht_and_segments_of_the_blocks(store):
    r0 = rollup(store)
    before = {p.jaar: p for p in r0.per_year()}
    code = store.read_geometries("wijken", key="wijk_code")[0][0]
    wijk0 = {p.jaar: p for p in r0.per_year(code)}
    assert _phased_plan(store)[2] == code
    r = rollup(store)
    zero = dict.fromkeys(SEGMENTS, 0)
    want = {2025: dict(hard=0, bouw=0, sloop=30, netto=-30, verwacht=-30, segmenten=zero),
            2026: dict(hard=40, bouw=40, sloop=0, netto=40, verwacht=32, segmenten={**zero, "koop": 40}),
            2028: dict(hard=60, bouw=60, sloop=0, netto=60, verwacht=48, segmenten={**zero, "sociale_huur": 60}),
            2029: dict(hard=10, bouw=10, sloop=0, netto=10, verwacht=8, segmenten={**zero, "middenhuur": 10})}
    cum = 0.0
    for p in r.per_year():
        b = before[p.jaar]
        got = dict(hard=p.hard - b.hard, bouw=p.bouw - b.bouw, sloop=p.sloop - b.sloop, netto=p.netto - b.netto,
                   verwacht=p.verwacht - b.verwacht, segmenten={s: p.segmenten[s] - b.segmenten[s] for s in SEGMENTS})
        empty = dict(hard=0, bouw=0, sloop=0, netto=0, verwacht=0, segmenten=zero)
        assert got == want.get(p.jaar, empty), p.jaar
        assert p.netto == p.bouw - p.sloop == p.gerealiseerd + p.hard + p.zacht - p.sloop
        assert p.bouw == sum(p.segmenten.values())
        cum += p.netto
        assert p.cumulatief_aanbod == cum  # the supply, and so the planoverschot, is netto
    wijk = {p.jaar: p for p in r.per_year(code)}
    assert (wijk[2025].sloop - wijk0[2025].sloop, wijk[2026].hard - wijk0[2026].hard,
            wijk[2028].segmenten["sociale_huur"] - wijk0[2028].segmenten["sociale_huur"],
            wijk[2029].verwacht - wijk0[2029].verwacht) == (30, 40, 60, 8)


def test_a_goal_on_won_netto_counts_blocks_by_their_year_and_realisatiekans(store):
    fid, fids, _ = _phased_plan(store)
    mine = rollup(store).doelen[-1]
    with store.transaction() as con:
        p = store.param
        con.execute(f"DELETE FROM woningblokken WHERE laag = 'projecten' AND locatie_fid = {p}", (fid,))
    base = rollup(store).doelen[-1]
    assert mine.indicator == "won_netto"
    got = {k: getattr(mine, k) - getattr(base, k) for k in ("gerealiseerd", "hard", "gepland", "verwacht")}
    assert got == {"gerealiseerd": -30, "hard": 80, "gepland": 80, "verwacht": -30 + 0.8 * 110}


def test_an_empty_realisatiekans_takes_the_norm_of_the_status(store):
    before = rollup(store).stad.figures.won_verwacht
    _phased_plan(store, realisatiekans=None)
    with store.reading() as con:
        norm = con.execute("SELECT realisatiekans FROM realisatiekans_norm WHERE status_planologisch = '2A'").fetchone()[0]
    assert rollup(store).stad.figures.won_verwacht - before == 110 * norm / 100


def test_refresh_after_a_block_edit_equals_a_cold_rollup(store):
    eng = RollupEngine(store)
    eng.compute()
    fid, fids, _ = _phased_plan(store)
    assert eng.compute().to_json() == rollup(store).to_json()
    p = store.param
    for sql, args in ((f"UPDATE woningblokken SET jaar = 2031 WHERE fid = {p}", (fids[1],)),  # the location row is untouched
                      (f"UPDATE woningblokken SET gerealiseerd = {p} WHERE fid = {p}", (True, fids[0])),
                      (f"DELETE FROM woningblokken WHERE fid = {p}", (fids[3],))):
        with store.transaction() as con:
            con.execute(sql, args)
        warm = eng.compute()
        assert warm.to_json() == rollup(store).to_json(), sql
    assert {p.jaar: p.hard for p in warm.per_year()}.get(2031, 0) >= 60
