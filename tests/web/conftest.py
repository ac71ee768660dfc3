"""The web atlas started as a person starts it (`serve` on a free loopback port), once per session; stopped after."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Optional, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
GEHEIM = "Transformatie Westerdok"  # potloodplan 1: vertrouwelijkheid regio
OPENBAAR = "Herbestemming huize Alexandra en basisschool De Zegge"  # potloodplan 9, made openbaar here
START_SECONDS = 600  # writing the project (13 layouts and their charts) on a busy machine


@pytest.fixture(scope="session")
def web_store(sample_master, tmp_path_factory) -> Path:
    """The sample with one potloodplan made public: --publiek must keep it and leave out the others."""
    from almelo_atlas_plugin.core.store.open import open_store

    path = tmp_path_factory.mktemp("web") / "atlas.gpkg"
    shutil.copy(sample_master, path)
    store = open_store(path)
    with store.transaction() as con:
        con.execute(f"UPDATE potloodplannen SET vertrouwelijkheid = 'openbaar' WHERE naam = {store.param}", (OPENBAAR,))
    return path


def _cli(*args: str) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "almelo_atlas_plugin", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


class Served:
    """A running `serve`: its address, and GET helpers."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = proc
        self.url = ""

    def wait(self) -> "Served":
        deadline = time.monotonic() + START_SECONDS
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"serve stopte (code {self.proc.wait()})")
            if line.startswith("Atlas op http://"):
                self.url = line.split()[2].rstrip("/")
                return self
        raise AssertionError("serve begon niet op tijd")

    def get(self, path: str, data: Optional[bytes] = None) -> Tuple[int, Dict[str, str], bytes]:
        try:
            with urllib.request.urlopen(urllib.request.Request(self.url + path, data=data), timeout=120) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def json(self, path: str):
        status, _, body = self.get(path)
        assert status == 200, body[:300]
        return json.loads(body)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="session")
def servers(web_store):
    """Both atlases, started side by side: the internal one and the public one (--publiek)."""
    both = {"intern": Served(_cli("serve", str(web_store), "--port", "0")),
            "publiek": Served(_cli("serve", str(web_store), "--port", "0", "--publiek"))}
    try:
        for s in both.values():
            s.wait()
        yield both
    finally:
        for s in both.values():
            s.stop()


@pytest.fixture(scope="session")
def intern(servers) -> Served:
    return servers["intern"]


@pytest.fixture(scope="session")
def publiek(servers) -> Served:
    return servers["publiek"]
