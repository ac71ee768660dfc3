"""The change report (mutaties, DESIGN.md §11): begin + Σ buckets = eind at stad, wijk and opgave, for hand-made
cases of every bucket and for hypothesis-generated edit histories on both backends; the command line's refusals."""

from __future__ import annotations

import datetime as _dt
import itertools
import json
import shutil

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core import atlas
from almelo_atlas_plugin.core.figures.mutaties import BUCKETS, PRECEDENCE, identity_holds
from almelo_atlas_plugin.core.figures.result import BUITEN, FIGURES
from almelo_atlas_plugin.core.store.open import create_store, open_store
from tests.helpers import blok, potloodplan, project, wijk

X0, Y0 = 230000.0, 470000.0


def stamp_last(store, since: int, tijd: str) -> int:
    """Date the history rows written since `since` (the tests cannot wait years between edits)."""
    with store.transaction() as con:
        p = store.param
        con.execute(f"UPDATE wijzigingen SET tijd = {p} WHERE wijziging_id > {p}", (tijd, since))
        return int(con.execute("SELECT coalesce(max(wijziging_id), 0) FROM wijzigingen").fetchone()[0])


def check_identity(report, begin, eind):
    """begin + Σ buckets = eind exactly for every scope, and begin and eind are the roll-ups' own figures."""
    scopes = [("stad", report.stad, begin.stad.figures, eind.stad.figures),
              (BUITEN, report.buiten_wijken, begin.stad.buiten_wijken, eind.stad.buiten_wijken)]
    zero = type(begin.stad.figures).zero()
    for code, _, a in report.wijken:
        wb, we = begin.wijk(code), eind.wijk(code)
        scopes.append((code, a, wb.figures if wb else zero, we.figures if we else zero))
    for code, a in report.opgaven.items():
        scopes.append((code, a, begin.stad.opgaven.get(code, zero), eind.stad.opgaven.get(code, zero)))
    assert set(report.opgaven) == set(begin.stad.opgaven) | set(eind.stad.opgaven)
    for name, a, fb, fe in scopes:
        assert identity_holds(a), name
        for f in FIGURES:
            assert abs(a.get(f, "begin") - fb[f]) < 1e-5, (name, f, "begin")
            assert abs(a.get(f, "eind") - fe[f]) < 1e-5, (name, f, "eind")
    # the locations' deltas add up to the stad's buckets
    for b in BUCKETS:
        total = sum((w.delta for w in report.in_bucket(b)), np.zeros(len(FIGURES), dtype=np.int64))
        assert np.array_equal(total, report.stad.rows[2 + BUCKETS.index(b)]), b


# --- hand-computed: every bucket ---------------------------------------------------------------------------
@pytest.fixture
def small(tmp_path):
    """Two wijken; five projects and a potloodplan at 1-1-2022, then one edit of each kind at 1-6-2023."""
    s = create_store(tmp_path / "m.gpkg")
    with s.transaction() as con:
        wijk(con, "WA", "Wijk A", box(X0, Y0, X0 + 1000, Y0 + 1000))
        wijk(con, "WB", "Wijk B", box(X0 + 1000, Y0, X0 + 2000, Y0 + 1000))
        sq = lambda x: box(X0 + x, Y0 + 100, X0 + x + 50, Y0 + 150)  # noqa: E731
        f = {n: project(con, n, sq(x), "voorbereiding", ps, (0, 0, 0, 0), 2027) for n, x, ps in
             (("A", 100, "zacht"), ("B", 200, "hard"), ("C", 300, "hard"), ("D", 400, "hard"))}
        f["E"] = potloodplan(con, "E", sq(1200), (0, 0, 0, 0))
        for n, aantal in (("A", 10), ("B", 20), ("C", 30), ("D", 40)):
            blok(con, "projecten", f[n], aantal, segment="koop", jaar=2027)
        blok(con, "potloodplannen", f["E"], 5)
        con.execute("INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES ('projecten', ?, '3.4')", (f["B"],))
    top = stamp_last(s, 0, "2022-01-01T10:00:00.000Z")
    with s.transaction() as con:
        con.execute("UPDATE projecten SET planstatus = 'hard' WHERE fid = ?", (f["A"],))  # status: zacht → hard
        blok(con, "projecten", f["B"], 5, segment="koop", jaar=2027)  # gewijzigd: +5
        con.execute("UPDATE projecten SET status = 'opgeleverd' WHERE fid = ?", (f["C"],))  # gerealiseerd
        con.execute("UPDATE projecten SET geom = ?, wijk_code = 'WB' WHERE fid = ?",  # verplaatst, and +2
                    (__import__("tests.helpers", fromlist=["blob"]).blob(box(X0 + 1400, Y0 + 100, X0 + 1450, Y0 + 150)), f["D"]))
        blok(con, "projecten", f["D"], 2, segment="koop", jaar=2027)
        con.execute("DELETE FROM woningblokken WHERE laag = 'potloodplannen' AND locatie_fid = ?", (f["E"],))
        con.execute("DELETE FROM potloodplannen WHERE fid = ?", (f["E"],))  # vervallen
        f["F"] = project(con, "F", box(X0 + 1600, Y0 + 100, X0 + 1650, Y0 + 150), "initiatief", "zacht", (0, 0, 0, 0), 2029)
        blok(con, "projecten", f["F"], 7, jaar=2029)  # nieuw
        con.execute("UPDATE projecten SET naam = 'B (hernoemd)' WHERE fid = ?", (f["B"],))  # no figure: not listed by itself
    stamp_last(s, top, "2023-06-01T10:00:00.000Z")
    return s, f


def test_every_bucket_by_hand(small):
    s, f = small
    r = atlas.mutaties(s, "2022-12-31", "2024-01-01")
    by = {w.naam: w for w in r.locaties}
    assert {n: w.bucket for n, w in by.items()} == {"A": "status", "B (hernoemd)": "gewijzigd", "C": "gerealiseerd",
                                                     "D": "verplaatst", "E": "vervallen", "F": "nieuw"}
    st_ = r.stad
    assert st_.get("won_gepland", "begin") == 100 and st_.get("won_gepland", "eind") == 100 - 30 + 5 + 2 + 7
    assert [st_.get("won_gepland", b) for b in ("nieuw", "vervallen", "gewijzigd", "status", "gerealiseerd", "verplaatst")] \
        == [7, 0, 5, 0, -30, 2]
    assert (st_.get("won_hard", "status"), st_.get("won_zacht", "status")) == (10, -10)
    assert (st_.get("won_gerealiseerd", "gerealiseerd"), st_.get("won_potentieel", "vervallen")) == (30, -5)
    assert st_.get("n_projecten", "nieuw") == 1 and st_.get("n_potloodplannen", "vervallen") == -1
    wa, wb = (dict((c, a) for c, _, a in r.wijken)[k] for k in ("WA", "WB"))
    assert (wa.get("won_gepland", "verplaatst"), wb.get("won_gepland", "verplaatst")) == (-40, 42)
    assert wb.get("won_potentieel", "vervallen") == -5 and wa.get("won_gepland", "begin") == 100
    assert r.opgaven["3.4"].get("won_gepland", "gewijzigd") == 5
    assert by["D"].soorten == ("verplaatst", "gewijzigd") and "wijk Wijk A → Wijk B" in by["D"].toelichting
    assert "zacht" in by["A"].toelichting and "hard" in by["A"].toelichting
    check_identity(r, atlas.figures(s, "2022-12-31"), atlas.figures(s, "2024-01-01"))


def test_same_date_and_before_the_edits_give_no_changes(small):
    s, _ = small
    r = atlas.mutaties(s, "2024-01-01", "2024-01-01")
    assert r.locaties == [] and all(r.stad.get(f, b) == 0 for f in FIGURES for b in BUCKETS)
    r = atlas.mutaties(s, "2023-01-01", None)  # tot: now
    assert len(r.locaties) == 6


def test_a_date_is_the_end_of_that_day_in_amsterdam(small):
    s, _ = small
    # the edits are at 1-6-2023 12:00 Amsterdam time: in the state at the end of 1-6-2023, not in that of 31-5-2023
    assert len(atlas.mutaties(s, "2023-05-31", "2023-06-01").locaties) == 6
    assert atlas.mutaties(s, "2023-06-01", "2023-06-02").locaties == []


def test_json_and_xlsx(small, tmp_path, capsys):
    s, _ = small
    assert main(["mutaties", str(s.path), "--van", "2022-12-31", "--tot", "2024-01-01", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["van"].startswith("2022-12-31T23:59:59.999+01:00") and out["tot"].startswith("2024-01-01T23:59:59.999")
    g = out["stad"]["won_gepland"]
    assert g["begin"] + sum(g[b] for b in BUCKETS) == g["eind"]
    assert set(g) == {"begin", "eind", *BUCKETS} and out["precedentie"] == list(PRECEDENCE)
    assert {w["wijk_code"] for w in out["wijken"]} == {"WA", "WB"} and len(out["locaties"]) == 6
    assert all(f in out["locaties"][0] for f in FIGURES)
    x = tmp_path / "m.xlsx"
    assert main(["mutaties", str(s.path), "--van", "2022-12-31", "--format", "xlsx", "-o", str(x)]) == 0
    import pandas as pd

    sheets = pd.read_excel(x, sheet_name=None)
    assert set(sheets) == {"toelichting", "stad", "wijken", "opgaven", "locaties"}
    loc = sheets["locaties"]
    assert len(loc) == 6 and set(loc["Mutatie"]) == {"Nieuw", "Vervallen", "Verplaatst (andere wijk)", "Gerealiseerd",
                                                      "Status gewijzigd", "Programma gewijzigd"}
    assert main(["mutaties", str(s.path), "--van", "2022-12-31"]) == 0
    text = capsys.readouterr().out
    assert "Verplaatst (andere wijk) (1)" in text and "wijk Wijk A → Wijk B" in text


@pytest.mark.parametrize("args, words", [
    (["--van", "2021-13-01"], "Peildatum"),
    (["--van", "gisteren"], "Peildatum"),
    (["--van", "2024-01-01", "--tot", "2023-01-01"], "ligt na de einddatum"),
    ([], "verplicht argument ontbreekt"),
    (["--van", "2021-01-01", "--format", "xlsx"], "--format xlsx vraagt een uitvoerbestand"),
    (["--van", "2021-01-01", "--format", "json", "-o", "x.xlsx"], "schrijft geen .xlsx"),
    (["--van", "2021-03-28T02:30"], "bestaat niet in Nederlandse tijd"),
    (["--van", "2021-12-31"], "ligt vóór het begin van de historie (01-01-2022): kies 01-01-2022 of later"),
])
def test_cli_refuses_bad_input_in_dutch(small, capsys, args, words):
    s, _ = small
    assert main(["mutaties", str(s.path), *args]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and err.startswith("fout:")


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_cli_fuzz_dates_never_trace(tmp_path_factory, van, tot):
    path = tmp_path_factory.getbasetemp() / "fuzz.gpkg"
    if not path.exists():
        create_store(path)
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["mutaties", str(path), "--van", van, "--tot", tot])
    assert code in (0, 2) and "Traceback" not in err.getvalue()
    if code == 2:
        assert err.getvalue().startswith("fout:")


# --- hypothesis: random edit histories, both backends --------------------------------------------------------
EDITS = ("grow", "shrink", "zacht_hard", "opgeleverd", "move", "delete", "insert", "tag", "untag", "kans", "rename", "blokgerealiseerd")
edit = st.tuples(st.sampled_from(EDITS), st.integers(0, 10_000), st.integers(0, 10_000), st.integers(1, 90))
_CLOCK = itertools.count()


def apply(s, con, kind, i, j, n):
    p = s.param
    fids = [r[0] for r in con.execute("SELECT fid FROM projecten ORDER BY fid").fetchall()]
    if not fids:
        return
    fid, other = fids[i % len(fids)], fids[j % len(fids)]
    if kind == "grow":
        blok(con, "projecten", fid, n, segment="koop", jaar=2030, store=s)
    elif kind in ("shrink", "blokgerealiseerd"):
        b = con.execute(f"SELECT min(fid) FROM woningblokken WHERE laag = 'projecten' AND locatie_fid = {p}", (fid,)).fetchone()[0]
        if b is not None and kind == "shrink":
            con.execute(f"DELETE FROM woningblokken WHERE fid = {p}", (b,))
        elif b is not None:
            con.execute(f"UPDATE woningblokken SET gerealiseerd = NOT gerealiseerd WHERE fid = {p}", (b,))
    elif kind == "zacht_hard":
        con.execute("UPDATE projecten SET status_planologisch = CASE WHEN planstatus = 'hard' THEN '4A' ELSE '1A' END,"
                    f" planstatus = CASE WHEN planstatus = 'hard' THEN 'zacht' ELSE 'hard' END WHERE fid = {p}", (fid,))
    elif kind == "opgeleverd":
        con.execute(f"UPDATE projecten SET status = 'opgeleverd' WHERE fid = {p}", (fid,))
    elif kind == "move":
        con.execute(f"UPDATE projecten SET geom = (SELECT geom FROM projecten WHERE fid = {p}),"
                    f" wijk_code = (SELECT wijk_code FROM projecten WHERE fid = {p}) WHERE fid = {p}", (other, other, fid))
    elif kind == "delete":
        con.execute(f"DELETE FROM woningblokken WHERE laag = 'projecten' AND locatie_fid = {p}", (fid,))
        con.execute(f"DELETE FROM locatie_opgaven WHERE laag = 'projecten' AND locatie_fid = {p}", (fid,))
        con.execute(f"DELETE FROM projecten WHERE fid = {p}", (fid,))
    elif kind == "insert":
        g = box(243000 + n * 10, 484000, 243050 + n * 10, 484050)
        new = potloodplan(con, f"Nieuw {n}", g, (0, 0, 0, 0), store=s) if n % 2 else \
            project(con, f"Nieuw {n}", g, "initiatief", "zacht", (0, 0, 0, 0), 2031, store=s)
        blok(con, "potloodplannen" if n % 2 else "projecten", new, n, jaar=2031, store=s)
    elif kind in ("tag", "untag"):
        has = con.execute(f"SELECT count(*) FROM locatie_opgaven WHERE laag = 'projecten' AND locatie_fid = {p}"
                          f" AND opgave_code = '3.5'", (fid,)).fetchone()[0]
        if kind == "tag" and not has:
            con.execute(f"INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES ('projecten', {p}, '3.5')", (fid,))
        elif kind == "untag":
            con.execute(f"DELETE FROM locatie_opgaven WHERE laag = 'projecten' AND locatie_fid = {p}", (fid,))
    elif kind == "kans":
        con.execute(f"UPDATE projecten SET realisatiekans = {p} WHERE fid = {p}", (n, fid))
    else:
        con.execute(f"UPDATE projecten SET naam = naam || ' *' WHERE fid = {p}", (fid,))


@pytest.fixture(params=["gpkg", "postgis"])
def backend(request, sample_master, tmp_path):
    if request.param == "gpkg":
        dst = tmp_path / "h.gpkg"
        shutil.copy(sample_master, dst)
        return open_store(dst)
    return open_store(request.getfixturevalue("pg_sample"))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(edit, min_size=1, max_size=3), min_size=1, max_size=3), st.data())
def test_identity_for_random_histories(backend, steps, data):
    """Each step is a transaction dated a day later than the one before (over all examples: the store keeps its history);
    the report between any two of the days reconciles exactly and begins and ends on the roll-ups of those days."""
    s = backend
    top = int(s.read_frame("SELECT max(wijziging_id) AS m FROM wijzigingen").m[0])
    days = []
    for step in steps:
        day = _dt.date(2022, 1, 1) + _dt.timedelta(days=next(_CLOCK))
        with s.transaction() as con:
            for kind, i, j, n in step:
                apply(s, con, kind, i, j, n)
        top = stamp_last(s, top, f"{day.isoformat()}T11:00:00.000Z")
        days.append(day.isoformat())
    van = data.draw(st.sampled_from(["2021-06-01", *days]))
    tot = data.draw(st.sampled_from([d for d in days if d >= van] or days[-1:]))
    report = atlas.mutaties(s, van, tot)
    check_identity(report, atlas.figures(s, van), atlas.figures(s, tot))


def test_geometries_of_the_changes(backend):
    """The mutatiekaart's shapes on both backends: a dropped plan as it was, a moved one where it went, a new one."""
    from almelo_atlas_plugin.core.figures.mutaties import geometries

    s = backend
    top = int(s.read_frame("SELECT max(wijziging_id) AS m FROM wijzigingen").m[0])
    first = int(s.read_frame("SELECT min(fid) AS f FROM projecten").f[0])
    _, (was,) = s.read_geometries("projecten", f"fid = {s.param}", (first,))
    with s.transaction() as con:
        apply(s, con, "delete", 0, 0, 1)  # the first project
        apply(s, con, "move", 0, 20, 1)  # the next one onto another's place
        apply(s, con, "insert", 0, 0, 2)
    stamp_last(s, top, "2022-02-02T10:00:00.000Z")
    r = atlas.mutaties(s, "2022-01-01", "2022-03-01")
    g = geometries(s, r)
    assert set(g) == {(w.laag, w.fid) for w in r.locaties} and len(g) >= 2
    assert all(v is not None and not v.is_empty for v in g.values())
    assert g[("projecten", first)].equals(was)
    moved = [w for w in r.locaties if w.bucket in ("verplaatst", "gewijzigd")]
    for w in moved:
        _, (now,) = s.read_geometries(w.laag, f"fid = {s.param}", (w.fid,))
        assert g[(w.laag, w.fid)].equals(now)
