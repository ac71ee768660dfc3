"""The command line's own arguments: numbers and ids bounded in one place (core/model/values.py), one Dutch line, valid JSON."""

from __future__ import annotations

import json

import pytest

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.model.values import FID_RANGE, ArgumentError, bounded_float, bounded_int, parse_fids
from tests.helpers import content_hash

HUGE = ["99999999999999999999", str(2**63), "inf", "-inf", "nan", "1e308", "", " ", "½", "0x10", "7.5"]


def _argvs(addr: str, value: str):
    return [["tag", addr, "projecten", value, "--opgave", "3.4"],
            ["tag", addr, "projecten", f"1,{value}" if value.strip() else "1,x", "--opgave", "3.4"],
            ["promote", addr, value],
            ["promote", addr, "1", "--start-jaar", value],
            ["promote", addr, "1", "--oplever-jaar", value],
            ["rollup", addr, "--norm", value, "--format", "json"],
            ["sample", addr, "--seed", value],
            ["sample", addr, "--woningen", value],
            ["sample", addr, "--locaties", value]]


@pytest.mark.parametrize("value", HUGE)
def test_huge_infinite_and_non_numbers_are_one_dutch_line_and_change_nothing(store, value, capsys):
    addr = str(store.path) if store.kind == "gpkg" else store.uri
    before = content_hash(store)
    for argv in _argvs(addr, value):
        assert main(argv) == 2, argv  # refused before the store is opened
        err = capsys.readouterr().err
        assert err.startswith("fout: ") and "Traceback" not in err and ("getal van" in err or value.startswith("-") or not value.strip()), (argv, err)
    assert content_hash(store) == before


def test_fids_beyond_64_bits_in_tag_are_refused_not_a_traceback(sample_store, capsys):
    before = content_hash(sample_store)
    assert main(["tag", str(sample_store.path), "projecten", "99999999999999999999", "--opgave", "3.4"]) == 2
    err = capsys.readouterr().err
    assert err == "fout: feature-id '99999999999999999999' is geen geheel getal van 1 tot en met 9.223.372.036.854.775.807.\n"
    assert content_hash(sample_store) == before


def test_bounds_are_inclusive_and_dutch():
    assert bounded_int(str(2**63 - 1), FID_RANGE) == 2**63 - 1
    assert parse_fids(" 3, 7,,12 ") == [3, 7, 12]
    assert bounded_float("1,3", (0.5, 5.0)) == 1.3
    for bad in ("nan", "inf", "1e400", "5.01"):
        with pytest.raises(ArgumentError, match="geen getal van 0,5 tot en met 5,0"):
            bounded_float(bad, (0.5, 5.0))
    with pytest.raises(ArgumentError, match=r"'a\\x00b'"):  # a NUL byte shown escaped: still one line
        parse_fids("a\x00b")


def test_rollup_json_is_valid_json_or_a_dutch_refusal(sample_store, capsys):
    """A figure that became infinite (absurd programme values) is refused by name; JSON never holds Infinity/NaN."""
    assert main(["rollup", str(sample_store.path), "--format", "json", "--norm", "1,5"]) == 0
    data = json.loads(capsys.readouterr().out, parse_constant=lambda c: pytest.fail(f"ongeldige JSON: {c}"))
    assert data["per_jaar"][0]["norm"] == 1.5
    store = sample_store
    with store.transaction(guarded=False) as con:  # past the schema's bound: straight into the file, its guard dropped
        con.execute('DROP TRIGGER "atlas_potloodplannen_guard_update"')
        con.execute("UPDATE potloodplannen SET ha_zon = 1e308 WHERE fid = 1")
        con.execute("UPDATE potloodplannen SET ha_zon = 1e308 WHERE fid = 2")
    out = store.path.with_suffix(".json")
    assert main(["rollup", str(store.path), "--format", "json", "-o", str(out)]) == 2
    cap = capsys.readouterr()
    assert cap.err.startswith("fout: Cijfer stad.ha_zon_potentieel is geen eindig getal") and cap.out == ""
    assert not out.exists()


def test_parser_messages_are_dutch_and_one_line(sample_store, capsys):
    s = str(sample_store.path)
    for argv, expected in ((["tag", s], "verplicht argument ontbreekt: LAAG"),
                           (["rollup", s, "--niveau", "straat"], "ongeldige keuze 'straat' (kies uit 'stad', 'wijk'"),
                           (["rollup", s, "--norm"], "argument --norm: verwacht één waarde"),
                           (["rollup", s, "--frob\nx"], "onbekend argument: --frob\\nx")):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("fout: ") and expected in err.splitlines()[0], (argv, err)


def test_an_output_folder_that_does_not_exist_is_one_dutch_line(sample_store, tmp_path, capsys):
    before = content_hash(sample_store)
    target = tmp_path / "ontbreekt" / "cijfers.csv"
    assert main(["rollup", str(sample_store.path), "--niveau", "wijk", "--format", "csv", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fout: ") and len(err.splitlines()) == 1 and "Traceback" not in err
    assert not target.parent.exists() and content_hash(sample_store) == before


def test_every_face_gets_the_same_norm_bound(sample_store):
    """The roll-up itself (CLI, Processing, dock) refuses a norm outside NORM_RANGE; Processing's parameter has the same range."""
    from almelo_atlas_plugin.core.figures.rollup import RollupEngine
    from almelo_atlas_plugin.core.model.values import NORM_RANGE

    for bad in (float("nan"), float("inf"), 0.0, 1e308):
        with pytest.raises(ArgumentError, match="norm planoverschot"):
            RollupEngine(sample_store, norm=bad)
    assert RollupEngine(sample_store, norm=NORM_RANGE[1]).norm == NORM_RANGE[1]


def test_the_default_norm_is_written_once(sample_store, capsys):
    """Engine and CLI take the default surplus norm from values.SURPLUS_NORM (Processing: tests/gui/test_processing.py)."""
    from almelo_atlas_plugin.core.figures.rollup import RollupEngine
    from almelo_atlas_plugin.core.model.values import SURPLUS_NORM

    assert RollupEngine(sample_store).norm == SURPLUS_NORM
    assert main(["rollup", str(sample_store.path), "--format", "json"]) == 0
    assert {r["norm"] for r in json.loads(capsys.readouterr().out)["per_jaar"]} == {SURPLUS_NORM}


def test_no_face_writes_the_norm_itself():
    """The 1,30 of the planoverschot lives in values.py only: no other line that speaks of the norm carries it."""
    import re

    from tests.conftest import ROOT

    own = [f"{p.relative_to(ROOT)}:{i}" for p in (ROOT / "almelo_atlas_plugin").rglob("*.py") if p.name != "values.py"
           for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
           if "norm" in line.lower() and re.search(r"(?<![\d.])1[.,]30?(?![\d])", line)]
    assert own == []


def test_the_help_speaks_dutch(capsys):
    """No argparse English in the help a planner reads: headings, the help option, the names of the values."""
    from almelo_atlas_plugin.cli import COMMANDS

    for argv in [["--help"]] + [[c.name, "--help"] for c in COMMANDS]:
        assert main(argv) == 0
        text = capsys.readouterr().out
        assert text.startswith("gebruik: ") and "toon deze hulp en stop" in text, argv
        for english in ("usage:", "positional arguments", "optional arguments", "options:", "show this help", "  store\n", "{"
                        "init,"):
            assert english not in text, (argv, english)


def test_a_reader_that_stops_early_is_no_error(tmp_path):
    """`rollup --format json | head -1`: the output is cut on purpose; no 'fout' line, no traceback."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    out = subprocess.run(f"{sys.executable} -m almelo_atlas_plugin rollup {ROOT / 'sample_gpkg' / 'almelo_sample.gpkg'} --format json"
                         " | head -c 10", shell=True, capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.startswith('{\n "schema') and out.stderr.strip() in ("", ), out.stderr
