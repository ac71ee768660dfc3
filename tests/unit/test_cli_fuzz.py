"""Property-based fuzz of the command line (hypothesis): random commands, options and values against a copy of the sample.

Every run ends in exit 0 or 2, never in a traceback, and a failed command leaves the store as it was (its bytes).
Most examples run in-process through `cli.main` (stderr captured); a bounded few in a real process.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almelo_atlas_plugin.cli import main
from tests.conftest import IN_CI, ROOT

BUDGET_S = 50  # the in-process fuzz stops drawing new examples after this
FUZZ = settings(max_examples=160, deadline=None, database=None, derandomize=IN_CI,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# markers replaced by real paths per example
STORE, NEW_GPKG, DIR, MISSING, NOT_GPKG, TEXT_GPKG, CSV, OUT = ("<store>", "<nieuw.gpkg>", "<map>", "<ontbreekt>",
                                                                "<tekst.txt>", "<tekst.gpkg>", "<bron.csv>", "<uit>")
PATHS = [STORE, NEW_GPKG, DIR, MISSING, NOT_GPKG, TEXT_GPKG, CSV,
         "postgresql://postgres@127.0.0.1:1/geen?schema=atlas", "service=bestaat_niet"]
NUMBERS = ["0", "1", "-1", "3", "2025", "99999999999999999999", str(2**63), str(2**63 - 1), "inf", "-inf", "nan",
           "1e308", "1,3", "1.3", "0x10", "", " ", "٣", "1_000"]
NASTY = ["x'; DROP TABLE projecten; --", "3.4 OR 1=1", '"', "\\", "%s", "{}", "é", "🏠", "\x00", "a\nb", "../../etc/passwd"]


def texts():
    return st.one_of(st.sampled_from(NUMBERS + NASTY), st.text(max_size=12),
                     st.integers(min_value=-(2**70), max_value=2**70).map(str),
                     st.floats(allow_nan=True, allow_infinity=True).map(repr))


values = st.one_of(texts(), st.sampled_from(PATHS))
layers = st.one_of(st.sampled_from(["projecten", "potloodplannen", "wijken", "woningvoorraad", "energielabels", "gemeente"]), texts())
stores = st.one_of(st.just(STORE), st.sampled_from(PATHS))  # the sample half of the time: the commands get past opening it


def mostly(*good: str):
    """Often a sensible value (so that the command gets deep), else anything."""
    return st.one_of(st.sampled_from(good), values)


def opt(name: str, value):
    return st.one_of(st.just([]), value.map(lambda v: [name, v]))


@st.composite
def commands(draw):
    cmd = draw(st.sampled_from(["init", "sample", "validate", "rollup", "tag", "roles", "promote", "agenda", "export",
                                "import", "controle", "frobnicate", ""]))
    argv = [cmd, draw(stores)]
    if cmd == "init":
        argv = ["init", draw(st.sampled_from([p for p in PATHS if p != NEW_GPKG] + [DIR + "/x.gpkg"]))]
    elif cmd == "sample":  # never a whole new sample: a store that exists or no store at all, and random numbers
        argv = ["sample", draw(st.sampled_from([STORE, DIR, MISSING, NOT_GPKG, TEXT_GPKG]))]
        for o in ("--seed", "--woningen", "--locaties"):
            argv += draw(opt(o, values))
        argv += ["--woningen", draw(st.sampled_from(["-1", "inf", "99999999999999999999", "x"]))]  # the last one counts
    elif cmd == "validate":
        argv += draw(opt("--format", st.sampled_from(["text", "json", "xml", ""])))
    elif cmd == "rollup":
        argv += draw(opt("--niveau", st.sampled_from(["stad", "wijk", "gebied", "locatie", "buurt"])))
        argv += draw(opt("--format", st.sampled_from(["table", "json", "csv", "xlsx", "pdf"])))
        argv += draw(opt("-o", st.sampled_from([OUT + ".json", OUT + ".xlsx", DIR, MISSING + "/x.csv", NOT_GPKG])))
        argv += draw(opt("--norm", mostly("1.3", "1,5", "0.5", "5")))
        argv += draw(opt("--peildatum", mostly("2021-01-01", "20210101", "01-01-2021", "2021-03-28T02:30", "2021-10-31T02:30",
                                               "2021-02-30", "9999-12-31", "2000-01-01", "2100-01-01T00:00Z")))
    elif cmd == "controle":
        argv += draw(opt("--sinds", mostly("2021", "2000", "2050", "1999", "2051")))
        argv += draw(opt("--format", st.sampled_from(["text", "csv", "json", "xlsx"])))
        argv += draw(opt("-o", st.sampled_from([OUT + ".json", OUT + ".csv", DIR, MISSING + "/x.csv", NOT_GPKG])))
    elif cmd == "tag":
        argv += [draw(layers), draw(st.one_of(mostly("1", "2", "1,2", "5,99999", str(2**63 - 1)),
                                               st.lists(texts(), max_size=3).map(",".join)))]
        argv += ["--opgave", draw(st.one_of(st.sampled_from(["3.1", "3.4", "3.7", "9.9"]), texts()))]
        argv += draw(st.sampled_from([[], ["--remove"]]))
    elif cmd == "promote":
        argv += [draw(mostly("1", "2", "3", "40", str(2**63 - 1)))]
        argv += draw(opt("--planstatus", st.sampled_from(["zacht", "hard", "vloeibaar"])))
        argv += draw(opt("--start-jaar", mostly("2025", "2050", "2000"))) + draw(opt("--oplever-jaar", mostly("2024", "2030")))
    elif cmd == "agenda":  # refused before QGIS starts: the output is no PDF, or the store is not one
        argv += ["-o", draw(st.sampled_from([OUT + ".txt", DIR, NOT_GPKG, OUT + ".pdf"]))]
        if argv[-1].endswith(".pdf"):
            argv[1] = draw(st.sampled_from([p for p in PATHS if p not in (STORE,)]))
        argv += draw(opt("--peildatum", texts())) + draw(opt("--wijk", texts()))
    elif cmd == "export":
        argv += [draw(st.sampled_from([STORE, DIR, MISSING, NOT_GPKG, TEXT_GPKG, CSV, DIR + "/kopie.txt"]))]
    elif cmd == "import":
        argv += [draw(layers), draw(st.sampled_from([CSV, STORE, DIR, MISSING, NOT_GPKG, TEXT_GPKG]))]
        argv += draw(opt("--bronlaag", mostly("projecten", "wijken"))) + draw(opt("--map", mostly("label=label", "x=y", "=", "label")))
    elif cmd == "roles":
        pass
    else:
        argv += draw(st.lists(values, max_size=2))
    return argv


class Sandbox:
    """A folder per example: a copy of the sample and every kind of path the fuzz names."""

    def __init__(self, master: Path):
        self.dir = Path(tempfile.mkdtemp(prefix="atlas_fuzz_"))
        self.store = self.dir / "store.gpkg"
        shutil.copy(master, self.store)
        (self.dir / "map").mkdir()
        (self.dir / "tekst.txt").write_text("geen store\n", encoding="utf-8")
        (self.dir / "tekst.gpkg").write_text("ook geen GeoPackage\n", encoding="utf-8")
        (self.dir / "bron.csv").write_text("x,y,label\n241500,486000,C\n1e308,nan,Q\n", encoding="utf-8")
        self.paths = {STORE: self.store, NEW_GPKG: self.dir / "nieuw.gpkg", DIR: self.dir / "map",
                      MISSING: self.dir / "ontbreekt" / "x.gpkg", NOT_GPKG: self.dir / "tekst.txt",
                      TEXT_GPKG: self.dir / "tekst.gpkg", CSV: self.dir / "bron.csv", OUT: self.dir / "uit"}

    def real(self, argv):
        out = []
        for a in argv:
            for marker, path in self.paths.items():
                a = a.replace(marker, str(path))
            out.append(a)
        return out

    def digest(self) -> bytes:
        return b"".join(p.read_bytes() if p.exists() else b"-" for p in (self.store, Path(str(self.store) + "-wal")))

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def _check(argv, code, err, before, after):
    assert code in (0, 2), (argv, code, err)
    assert "Traceback" not in err, (argv, err)
    if code == 2:
        assert err.startswith("fout: ") or "geweigerd" in err or "probleem" in err, (argv, err)
        assert after == before, f"{argv}: de store veranderde bij een geweigerde opdracht"


@pytest.fixture(scope="module")
def started():
    return time.monotonic()


@FUZZ
@given(argv=commands())
def test_fuzz_in_process(sample_master, started, argv):
    if time.monotonic() - started > BUDGET_S:
        return
    box = Sandbox(sample_master)
    try:
        real = box.real(argv)
        before = box.digest()
        out, err = io.StringIO(), io.StringIO()
        cwd = os.getcwd()
        try:
            os.chdir(box.dir)  # relative outputs land in the sandbox
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(real)
        finally:
            os.chdir(cwd)
        _check(real, code, err.getvalue(), before, box.digest())
    finally:
        box.close()


@settings(max_examples=6, deadline=None, database=None, derandomize=IN_CI,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(argv=commands())
def test_fuzz_as_a_process(sample_master, argv):
    box = Sandbox(sample_master)
    try:
        real = [a.replace("\x00", "") for a in box.real(argv)]  # the OS allows no NUL in an argument
        before = box.digest()
        p = subprocess.run([sys.executable, "-m", "almelo_atlas_plugin", *real], cwd=box.dir, capture_output=True,
                           text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
        _check(real, p.returncode, p.stderr, before, box.digest())
    finally:
        box.close()
