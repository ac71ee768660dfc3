"""The warm engine's refresh (#18, the dock's path): after an edit only the changed locations' rows of the figures matrix,
the groups they are and were in, their blocks, the goals in their scope and the years of their blocks are computed again.
Random edits on the sample store, through the store's contract and plain SQL, on both backends: after each the refreshed
result equals a cold roll-up (the JSON, and the figures matrix bit for bit)."""

from __future__ import annotations

import itertools
import json
import shutil

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almelo_atlas_plugin.core.figures.result import SEGMENTS
from almelo_atlas_plugin.core.figures.rollup import RollupEngine
from almelo_atlas_plugin.core.store.base import DbError
from almelo_atlas_plugin.core.store.open import open_store
from tests.helpers import blok, potloodplan, project, square

CODES = ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]
PLANOLOGISCH = [("1A", "hard"), ("2B", "hard"), ("3", "zacht"), ("4B", "zacht"), ("onbekend", "hard"), ("onbekend", "zacht")]
STATUS = ["initiatief", "voorbereiding", "uitvoering", "opgeleverd"]
BLOCK_EDITS = ["aantal", "jaar", "soort", "segment", "blok_verhuisd", "blok_weg", "blok_nieuw", "gerealiseerd"]
LOCATION_EDITS = ["status", "planstatus", "andere_wijk", "locatie_weg", "locatie_nieuw", "m2", "tag", "untag"]
edit = st.tuples(st.sampled_from(BLOCK_EDITS + LOCATION_EDITS), st.integers(0, 10_000), st.integers(0, 10_000))


def _fids(con, sql: str) -> list:
    return [r[0] for r in con.execute(sql).fetchall()]


def apply(store, kind: str, a: int, b: int) -> None:
    """One edit of the sample: blocks by row (a picks the block or location, b the new value); one the store refuses
    (a rule of the schema) changes nothing."""
    try:
        _apply(store, kind, a, b)
    except DbError:
        pass


def _apply(store, kind: str, a: int, b: int) -> None:
    p = store.param
    with store.transaction() as con:
        blocks = _fids(con, "SELECT fid FROM woningblokken ORDER BY fid")
        projects = _fids(con, "SELECT fid FROM projecten ORDER BY fid")
        plans = _fids(con, "SELECT fid FROM potloodplannen ORDER BY fid")
        bl = blocks[a % len(blocks)] if blocks else None
        laag, fids = ("projecten", projects) if b % 3 or not plans else ("potloodplannen", plans)
        loc = fids[a % len(fids)] if fids else None
        if kind == "aantal" and bl:
            con.execute(f"UPDATE woningblokken SET aantal = {p}, bijgewerkt_door = 't' WHERE fid = {p}", (1 + b % 150, bl))
        elif kind == "jaar" and bl:
            con.execute(f"UPDATE woningblokken SET jaar = {p} WHERE fid = {p}", (None if b % 5 == 0 else 2015 + b % 25, bl))
        elif kind == "soort" and bl:
            con.execute(f"UPDATE woningblokken SET soort = {p} WHERE fid = {p}", ("sloop" if b % 2 else "bouw", bl))
        elif kind == "segment" and bl:
            con.execute(f"UPDATE woningblokken SET segment = {p} WHERE fid = {p}", (SEGMENTS[b % len(SEGMENTS)], bl))
        elif kind == "gerealiseerd" and bl:
            con.execute(f"UPDATE woningblokken SET gerealiseerd = {p} WHERE fid = {p}", (bool(b % 2), bl))
        elif kind == "blok_verhuisd" and bl and loc:
            con.execute(f"UPDATE woningblokken SET laag = {p}, locatie_fid = {p} WHERE fid = {p}", (laag, loc, bl))
        elif kind == "blok_weg" and bl:
            con.execute(f"DELETE FROM woningblokken WHERE fid = {p}", (bl,))
        elif kind == "blok_nieuw" and loc:
            blok(con, laag, loc, 1 + b % 80, soort="sloop" if b % 7 == 0 else "bouw", segment=SEGMENTS[b % len(SEGMENTS)],
                 jaar=None if b % 4 == 0 else 2018 + b % 20, gerealiseerd=b % 9 == 0, store=store)
        elif kind == "status" and projects:
            con.execute(f"UPDATE projecten SET status = {p} WHERE fid = {p}", (STATUS[b % 4], projects[a % len(projects)]))
        elif kind == "planstatus" and projects:
            sp, ps = PLANOLOGISCH[b % len(PLANOLOGISCH)]  # planstatus follows it (onbekend: the user's choice); so does the kans
            con.execute(f"UPDATE projecten SET status_planologisch = {p}, planstatus = {p} WHERE fid = {p}", (sp, ps, projects[a % len(projects)]))
        elif kind == "m2" and loc:
            con.execute(f"UPDATE {laag} SET m2_bedrijf = {p} WHERE fid = {p}", (b % 900 + 0.25, loc))
        elif kind == "andere_wijk" and len(fids) > 1:  # the geometry of another location (mostly in another wijk)
            other = fids[b % len(fids)]
            con.execute(f"UPDATE {laag} SET geom = (SELECT geom FROM {laag} WHERE fid = {p}) WHERE fid = {p}", (other, loc))
        elif kind == "locatie_weg" and loc:
            con.execute(f"DELETE FROM woningblokken WHERE laag = {p} AND locatie_fid = {p}", (laag, loc))
            con.execute(f"DELETE FROM locatie_opgaven WHERE laag = {p} AND locatie_fid = {p}", (laag, loc))
            con.execute(f"DELETE FROM {laag} WHERE fid = {p}", (loc,))
        elif kind == "locatie_nieuw":
            geom = square(239500 + b % 7000, 484000 + (b * 7) % 6000, 80)
            if b % 3:
                new = project(con, naam=f"nieuw {b}", geom=geom, status=STATUS[b % 4], oplever=2025 + b % 12, store=store)
                blok(con, "projecten", new, 1 + b % 60, segment=SEGMENTS[b % len(SEGMENTS)], jaar=2021 + b % 12, store=store)
            else:
                new = potloodplan(con, naam=f"nieuw {b}", geom=geom, store=store)
                blok(con, "potloodplannen", new, 1 + b % 60, store=store)
        elif kind in ("tag", "untag") and loc:
            code = CODES[b % len(CODES)]
            con.execute(f"DELETE FROM locatie_opgaven WHERE laag = {p} AND locatie_fid = {p} AND opgave_code = {p}", (laag, loc, code))
            if kind == "tag":
                store.insert_rows(con, "locatie_opgaven", [dict(laag=laag, locatie_fid=loc, opgave_code=code, bijgewerkt_door="t")])


def same_as_cold(store, eng: RollupEngine) -> None:
    warm = eng.compute()
    cold = RollupEngine(store).compute()
    assert json.dumps(warm.to_json()) == json.dumps(cold.to_json())  # the text: 120 and 120.0 differ there
    assert np.array_equal(warm.matrix, cold.matrix)  # every location's figures, bit for bit


_copies = itertools.count()


@pytest.fixture(params=["gpkg", "postgis"])
def fresh_sample(request, sample_master, tmp_path):
    """Makes a new copy of the sample on either backend (each example of a property starts from the same store)."""
    if request.param == "gpkg":
        def make():
            dst = tmp_path / f"sample_{next(_copies)}.gpkg"
            shutil.copy(sample_master, dst)
            return open_store(dst)
        return make
    import psycopg2

    cluster, template = request.getfixturevalue("cluster"), request.getfixturevalue("pg_template")

    def make_pg():
        name = f"atlas_refresh_{next(_copies)}"
        con = psycopg2.connect(cluster.dsn())
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        con.close()
        return open_store(f"{cluster.dsn(name)}?schema=atlas")
    return make_pg


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(edit, min_size=1, max_size=6))
def test_a_refresh_after_random_edits_equals_a_cold_rollup(fresh_sample, edits):
    store = fresh_sample()
    eng = RollupEngine(store)
    eng.compute()
    for kind, a, b in edits:
        apply(store, kind, a, b)
        same_as_cold(store, eng)


def test_an_edit_of_one_block_refreshes_only_its_location(store):
    """The dock's path (tools/bench.py refresh_one): one block's aantal and jaar; the warm result is the cold one, and only
    that location's row of the figures matrix was computed again (the others are the last result's)."""
    eng = RollupEngine(store)
    first = eng.compute()
    with store.transaction() as con:
        bl, laag, fid = con.execute("SELECT fid, laag, locatie_fid FROM woningblokken WHERE laag = 'projecten'"
                                    " ORDER BY fid LIMIT 1").fetchone()
        con.execute(f"UPDATE woningblokken SET aantal = aantal + 7, jaar = 2033 WHERE fid = {store.param}", (bl,))
    assert eng._warm is not None
    same_as_cold(store, eng)
    assert eng._warm.rows == [next(i for i, x in enumerate(first.locaties) if x.key == (laag, fid))]


def test_a_new_location_or_other_tables_assemble_all_anew(store):
    """Rows that move (a location added) or another input (a goal) make the refresh start from all rows."""
    eng = RollupEngine(store)
    eng.compute()
    apply(store, "locatie_nieuw", 0, 5)
    same_as_cold(store, eng)
    assert eng._warm.rows is None
    with store.transaction() as con:
        con.execute("UPDATE doelen SET streefwaarde = streefwaarde + 1 WHERE eenheid <> 'aandeel'")
    same_as_cold(store, eng)
    assert eng._warm.rows is None
    same_as_cold(store, eng)  # nothing changed: all kept
    assert eng._warm.rows == []


def test_a_block_edit_takes_its_locations_membership_from_the_last_read(store, monkeypatch):
    """A block edit leaves its location's wijk_code and geometry as they were: the refresh computes no membership (no
    shapely, no SQL overlap), the in-place rows and blocks are the cold ones; a moved location is computed again."""
    eng = RollupEngine(store)
    eng.compute()
    assert eng._members_now is not None  # the full read remembered every location's membership
    computed = []
    real = RollupEngine._location_rows

    def counting(self, con, keys=None):
        computed.append(keys)
        return real(self, con, keys)

    monkeypatch.setattr(RollupEngine, "_location_rows", counting)
    with store.transaction() as con:
        bl = con.execute("SELECT fid FROM woningblokken WHERE laag = 'projecten' ORDER BY fid LIMIT 1").fetchone()[0]
        con.execute(f"UPDATE woningblokken SET aantal = aantal + 3 WHERE fid = {store.param}", (bl,))
    same_as_cold(store, eng)
    assert computed == []
    with store.transaction() as con:
        a, b = _fids(con, "SELECT fid FROM projecten ORDER BY fid")[:2]
        p = store.param
        con.execute(f"UPDATE projecten SET geom = (SELECT geom FROM projecten WHERE fid = {p}) WHERE fid = {p}", (b, a))
    computed.clear()
    eng.compute()
    assert {"projecten": [a]} in computed  # the moved one: its membership computed
    same_as_cold(store, eng)
