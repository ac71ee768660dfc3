"""Start-up of the command line (#18): the roll-up path imports only what it needs. A behaviour test, not a timing test:
pandas (≈ 0.3 s to import), QGIS/Qt, GDAL, openpyxl and matplotlib stay out of `rollup` as text and as JSON; a
command that writes Excel still gets pandas."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = ("pandas", "qgis", "PyQt5", "osgeo", "openpyxl", "matplotlib")
PROBE = r"""
import json, sys
from almelo_atlas_plugin.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted({m.split(".")[0] for m in sys.modules})}), file=sys.stderr)
"""


def loaded_by(*args: str) -> dict:
    p = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    return json.loads(p.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_rollup_starts_without_pandas_qgis_or_gdal(sample_store, fmt):
    got = loaded_by("rollup", str(sample_store.path), "--format", fmt, "--niveau", "wijk")
    assert got["code"] == 0
    assert not set(HEAVY) & set(got["loaded"]), set(HEAVY) & set(got["loaded"])


def test_the_excel_output_still_loads_pandas(sample_store, tmp_path):
    got = loaded_by("rollup", str(sample_store.path), "--format", "xlsx", "-o", str(tmp_path / "cijfers.xlsx"))
    assert got["code"] == 0 and "pandas" in got["loaded"] and (tmp_path / "cijfers.xlsx").exists()
