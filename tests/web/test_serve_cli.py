"""`serve` refuses bad input with one Dutch line and exit 2, before any work."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from .conftest import ROOT


def _serve(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "almelo_atlas_plugin", "serve", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_port_out_of_range(sample_master):
    r = _serve(str(sample_master), "--port", "70000")
    assert r.returncode == 2 and "--port" in r.stderr and "Traceback" not in r.stderr


def test_a_port_in_use(sample_master):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        r = _serve(str(sample_master), "--port", str(port))
    assert r.returncode == 2 and f"--port {port}: de poort is bezet" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_no_store(tmp_path):
    r = _serve(str(tmp_path / "geen.gpkg"))
    assert r.returncode == 2 and r.stderr.startswith("fout: ") and "Traceback" not in r.stderr
