"""The planner's journeys in the real QGIS desktop under Xvfb: the packaged plugin in a fresh profile, driven through
its widgets (tests/desktop/journeys.py). Screenshots of every step: out/journeys/NN_step.png."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.gui
OUT = ROOT / "out" / "journeys"


def test_the_planners_journeys_in_the_real_qgis(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    import run_qgis

    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    store = tmp_path / "almelo.gpkg"
    shutil.copy(ROOT / "sample_gpkg" / "almelo_sample.gpkg", store)
    profile = tmp_path / "profiel"
    run_qgis.install(profile)
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["ATLAS_JOURNEY"] = json.dumps({"store": str(store), "out": str(OUT), "dump_after": 60})
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--profiles-path", str(profile), "--profile", "atlas",
           "--nologo", "--noversioncheck", "--code", str(ROOT / "tests" / "desktop" / "journeys.py")]
    with open(OUT / "qgis.log", "w") as log:
        try:
            subprocess.run(cmd, env=env, timeout=int(os.environ.get("ATLAS_JOURNEY_TIMEOUT", "420")), stdout=log, stderr=log)
        except subprocess.TimeoutExpired:
            pass  # what the steps wrote is reported below
    result = OUT / "result.json"
    assert result.exists(), "QGIS startte de journeys niet"
    steps = json.loads(result.read_text(encoding="utf-8"))
    failed = [f"{s['step']}:\n{s['error']}" for s in steps if not s["ok"]]
    assert not failed, "\n\n".join(failed)
    assert steps[-1]["step"] == "einde", f"afgebroken na {steps[-1]['step']}"
