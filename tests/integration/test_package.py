"""The installable zip: right contents, loads in a fresh profile, and qgis_process runs its algorithms."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import package  # noqa: E402


@pytest.fixture(scope="module")
def zip_path(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    return package.build(out)


CBS = "almelo_atlas_plugin/resources/cbs/almelo_cbs.gpkg"


def test_zip_contents(zip_path):
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        meta = zf.read("almelo_atlas_plugin/metadata.txt").decode("utf-8")
    assert all(n.startswith("almelo_atlas_plugin/") for n in names)
    for must in ("almelo_atlas_plugin/__init__.py", "almelo_atlas_plugin/metadata.txt", "almelo_atlas_plugin/LICENSE",
                 "almelo_atlas_plugin/styles/projecten.qml", "almelo_atlas_plugin/resources/layouts/wijk.qpt",
                 "almelo_atlas_plugin/resources/catalogus/opgaven.csv", "almelo_atlas_plugin/resources/icons/atlas.svg",
                 "almelo_atlas_plugin/i18n/almelo_atlas_en.qm", "almelo_atlas_plugin/i18n/almelo_atlas_nl.qm", CBS):
        assert must in names, must
    assert not [n for n in names if "/tests/" in n or "__pycache__" in n or n.endswith((".pyc", ".ts")) or ".venv" in n
                or (n.endswith(".gpkg") and n != CBS)]  # the one GeoPackage: Almelo's CBS geography
    version, changelog = package.changelog()
    assert f"version = {version}" in meta and "changelog = " + changelog.splitlines()[0][:40] in meta
    for key in ("name", "qgisMinimumVersion", "description", "about", "author", "email", "repository", "tracker", "homepage",
                "tags", "category", "icon", "hasProcessingProvider"):
        assert f"\n{key} = " in meta, key


def test_plugins_xml(zip_path):
    root = ET.fromstring(package.plugins_xml(zip_path, "https://example.invalid/almelo_atlas_plugin.zip"))
    p = root.find("pyqgis_plugin")
    assert p.get("plugin_id") == "almelo_atlas_plugin" and p.findtext("version") == package.version()
    assert p.findtext("file_name") == "almelo_atlas_plugin.zip" and p.findtext("qgis_minimum_version") == "3.22"


def qgis_process():
    # Debian's /usr/bin/qgis_process wrapper passes --noversioncheck, which qgis_process 3.22 refuses; use the binary
    for cand in ("qgis_process.bin", "qgis_process"):
        path = shutil.which(cand)
        if path:
            return path
    pytest.skip("qgis_process ontbreekt")


def test_zip_in_a_fresh_profile_runs_in_qgis_process(zip_path, tmp_path, sample_master):
    profile = tmp_path / "profiel"
    plugins = profile / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(plugins)
    env = {**os.environ, "QGIS_CUSTOM_CONFIG_PATH": str(profile), "QT_QPA_PLATFORM": "offscreen"}
    exe = qgis_process()
    p = subprocess.run([exe, "plugins", "enable", "almelo_atlas_plugin"], env=env, capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, p.stderr
    listing = subprocess.run([exe, "list"], env=env, capture_output=True, text=True, timeout=180).stdout
    for alg in ("almelo_atlas:rollup", "almelo_atlas:validate", "almelo_atlas:tag", "almelo_atlas:agenda"):
        assert alg in listing
    out = tmp_path / "r.json"
    p = subprocess.run([exe, "--json", "run", "almelo_atlas:rollup", "--", f"STORE={sample_master}", f"OUTPUT={out}"],
                       env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    res = json.loads(p.stdout[p.stdout.index("{"):])["results"]
    data = json.loads(out.read_text(encoding="utf-8"))
    kept = json.loads((ROOT / "tests" / "fixtures" / "rollup_sample.json").read_text(encoding="utf-8"))  # the sample's roll-up
    assert res["WON_GEPLAND"] == data["stad"]["won_gepland"] == kept["stad"]["won_gepland"] == 1583
    assert data["stad"]["won_netto_gepland"] == kept["stad"]["won_netto_gepland"] == 1387  # the figures of schema 5 too
