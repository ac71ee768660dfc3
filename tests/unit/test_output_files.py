"""Every output file is written whole or not at all (issue #12, findings 4 and 5).

Tests run as root, for whom chmod stops nothing: a read-only folder and a full disk are small tmpfs mounts."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from almelo_atlas_plugin.core.output import files as output
from almelo_atlas_plugin.core.output.files import OutputError, atomic_output, write_text
from tests.conftest import ROOT

SAMPLE = ROOT / "sample_gpkg" / "almelo_sample.gpkg"
OLD = b"%PDF-1.4 de agenda van vorige maand\n%%EOF\n"


def run(*args, **kw):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "almelo_atlas_plugin", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, **kw)


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "1m", old: bytes = OLD, readonly: bool = False):
    """A small filesystem of its own at `folder`, holding last month's agenda.pdf."""
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        (folder / "agenda.pdf").write_bytes(old)
        if readonly:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def store(tmp_path):
    dst = tmp_path / "atlas.gpkg"
    shutil.copy(SAMPLE, dst)
    return dst


def _refused(p, *words):
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert "Traceback" not in p.stderr
    line = p.stderr.strip().splitlines()[-1]
    assert line.startswith("fout: Uitvoer") and "er is niets geschreven" in line, line
    for w in words:
        assert w in line, line
    assert "geschreven:" not in p.stdout  # no success reported


def test_agenda_into_read_only_folder_keeps_last_months_agenda(store, tmp_path):
    with tmpfs(tmp_path / "ro", readonly=True) as d:
        p = run("agenda", store, "-o", d / "agenda.pdf", "--wijk", "WK014110")
        _refused(p, "alleen-lezen", "het bestaande bestand is ongewijzigd")
        assert (d / "agenda.pdf").read_bytes() == OLD
        assert os.listdir(d) == ["agenda.pdf"]


def test_agenda_on_a_full_disk_writes_nothing(store, tmp_path):
    with tmpfs(tmp_path / "vol", size="120k") as d:
        p = run("agenda", store, "-o", d / "agenda.pdf", "--wijk", "WK014110")
        _refused(p, "schijf vol")
        assert (d / "agenda.pdf").read_bytes() == OLD
        assert os.listdir(d) == ["agenda.pdf"]


def test_agenda_to_a_folder_is_refused(store, tmp_path):
    (tmp_path / "map.pdf").mkdir()
    p = run("agenda", store, "-o", tmp_path / "map.pdf")
    _refused(p, "is een map")
    p = run("agenda", store, "-o", tmp_path / "bestaat_niet" / "a.pdf")
    _refused(p, "bestaat niet")


def test_agenda_xlsx_into_read_only_folder_is_refused_before_the_pdf(store, tmp_path):
    with tmpfs(tmp_path / "ro", readonly=True) as d:
        pdf = tmp_path / "agenda.pdf"
        p = run("agenda", store, "-o", pdf, "--xlsx", d / "cijfers.xlsx", "--wijk", "WK014110")
        assert p.returncode == 2 and "Traceback" not in p.stderr
        assert not pdf.exists() and os.listdir(d) == ["agenda.pdf"]


def _writing(pid: int, folder: Path) -> bool:
    """The process has a file open in `folder` with something in it (the anonymous temporary file)."""
    fds = Path(f"/proc/{pid}/fd")
    with contextlib.suppress(OSError):
        for fd in fds.iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith(str(folder) + "/") and os.stat(fd).st_size > 0:
                    return True
    return False


def test_kill_9_halfway_through_the_agenda_leaves_the_old_one(store, tmp_path):
    d = tmp_path / "uit"
    d.mkdir()
    (d / "agenda.pdf").write_bytes(OLD)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "almelo_atlas_plugin", "agenda", str(store), "-o", str(d / "agenda.pdf")],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not _writing(proc.pid, d) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "de agenda was al klaar voordat hij kon worden onderbroken"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (d / "agenda.pdf").read_bytes() == OLD
    assert os.listdir(d) == ["agenda.pdf"]


@pytest.mark.parametrize("fmt,name", [("json", "cijfers.json"), ("csv", "cijfers.csv"), ("xlsx", "cijfers.xlsx"),
                                      ("table", "cijfers.txt")])
def test_rollup_output_read_only_or_folder(store, tmp_path, fmt, name):
    with tmpfs(tmp_path / "ro", readonly=True) as d:
        p = run("rollup", store, "--format", fmt, "-o", d / name)  # a read-only folder (with last month's agenda)
        _refused(p, "alleen-lezen")
        assert not (d / name).exists()
        assert (d / "agenda.pdf").read_bytes() == OLD
    (tmp_path / name).mkdir()
    p = run("rollup", store, "--format", fmt, "-o", tmp_path / name)
    _refused(p, "is een map")
    ok = tmp_path / ("ok_" + name)
    ok.write_bytes(OLD)
    p = run("rollup", store, "--format", fmt, "-o", ok)
    assert p.returncode == 0, p.stderr
    assert ok.read_bytes() != OLD and ok.stat().st_size > 100
    assert sorted(os.listdir(tmp_path)) == sorted(["atlas.gpkg", "ro", name, "ok_" + name])


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_failing_writer_leaves_the_previous_file_and_no_temporary(tmp_path, monkeypatch, anonymous):
    if not anonymous:  # systems without O_TMPFILE: a hidden name next to the target
        monkeypatch.setattr(output, "_anonymous", lambda folder: None)
    target = tmp_path / "cijfers.json"
    target.write_bytes(OLD)
    with pytest.raises(RuntimeError):
        with atomic_output(target) as tmp:
            Path(tmp).write_text("half")
            raise RuntimeError("halverwege")
    assert target.read_bytes() == OLD and os.listdir(tmp_path) == ["cijfers.json"]
    with pytest.raises(OutputError, match="de uitvoer is leeg"):
        with atomic_output(target):
            pass
    assert target.read_bytes() == OLD and os.listdir(tmp_path) == ["cijfers.json"]
    os.chmod(target, 0o640)
    write_text(target, "nieuw")
    assert target.read_text() == "nieuw" and os.listdir(tmp_path) == ["cijfers.json"]
    assert target.stat().st_mode & 0o777 == 0o640  # the file keeps its permissions


def test_work_files_of_a_killed_run_are_cleared_by_the_next(tmp_path):
    from almelo_atlas_plugin.sample import build_sample

    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = [tmp_path / f".agenda.pdf.{dead.pid}.tmp", tmp_path / f".atlas.gpkg.{dead.pid}.steekproef.gpkg",
             tmp_path / f".atlas.gpkg.{dead.pid}.steekproef.gpkg-journal"]
    busy = tmp_path / ".agenda.pdf.1.tmp"  # a process that still runs: its work file stays
    for p in (*stale, busy):
        p.write_bytes(b"half")
    write_text(tmp_path / "agenda.pdf", "nieuw")
    build_sample(tmp_path / "atlas.gpkg", woningen=100, locaties=5)
    assert sorted(os.listdir(tmp_path)) == [busy.name, "agenda.pdf", "atlas.gpkg"]
