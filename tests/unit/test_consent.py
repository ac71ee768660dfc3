"""A file that is no atlas store is never turned into one, and an older atlas store is migrated only with consent
(issue #12, finding 3): read-only commands never write, write commands migrate and say so, `migrate STORE`."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from osgeo import gdal, ogr, osr

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.model.schema import SCHEMA_VERSION
from almelo_atlas_plugin.core.store import migrations
from almelo_atlas_plugin.core.store.open import open_store
from tests.conftest import ROOT
from tests.fixtures.v0_store import make_v0_store

SAMPLE = ROOT / "sample_gpkg" / "almelo_sample.gpkg"


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def own_wijken(tmp_path):
    """Someone's own GeoPackage holding only a `wijken` table."""
    gdal.UseExceptions()
    path = tmp_path / "eigen.gpkg"
    ds = gdal.GetDriverByName("GPKG").Create(str(path), 0, 0, 0, gdal.GDT_Unknown)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(28992)
    lyr = ds.CreateLayer("wijken", srs, ogr.wkbMultiPolygon)
    lyr.CreateField(ogr.FieldDefn("wijk_code", ogr.OFTString))
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("wijk_code", "WK014110")
    f.SetGeometry(ogr.CreateGeometryFromWkt("MULTIPOLYGON(((241000 485000,242000 485000,242000 486000,241000 485000)))"))
    lyr.CreateFeature(f)
    ds = None
    return path


def commands(store: str, tmp_path):
    src = tmp_path / "bron.csv"
    src.write_text("naam,status,planstatus,x,y\nA,initiatief,hard,241500,485500\n", encoding="utf-8")
    return [
        ["validate", store], ["validate", store, "--format", "json"],
        *(["rollup", store, "--format", f] for f in ("table", "json", "csv")),
        ["rollup", store, "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")],
        ["rollup", store, "--peildatum", "2021-01-01"],
        ["tag", store, "projecten", "1", "--opgave", "3.4"], ["tag", store, "projecten", "1", "--opgave", "3.4", "--remove"],
        ["promote", store, "1"], ["import", store, "projecten", str(src)], ["import", store, "wijken", str(src), "--vervang"],
        ["agenda", store, "-o", str(tmp_path / "a.pdf")], ["export", store, str(tmp_path / "kopie.gpkg")],
        ["migrate", store], ["init", store], ["sample", store], ["roles", store],
    ]


def test_every_command_refuses_a_geopackage_that_is_no_atlas(own_wijken, tmp_path, capsys):
    before = digest(own_wijken)
    for argv in commands(str(own_wijken), tmp_path):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1, (argv, err)
        if argv[0] in ("init", "sample"):
            assert "bestaat al" in err, (argv, err)
        elif argv[0] != "roles":
            assert err == f"fout: '{own_wijken}' is geen atlas-store; maak er een met init.", (argv, err)
        assert digest(own_wijken) == before, argv
    assert sorted(os.listdir(tmp_path)) == ["bron.csv", "eigen.gpkg"]


def test_read_only_commands_never_migrate(tmp_path, capsys):
    path = make_v0_store(tmp_path / "v0.gpkg")
    before = digest(path)
    for argv in (["rollup", str(path)], ["rollup", str(path), "--format", "json"], ["agenda", str(path), "-o", str(tmp_path / "a.pdf")],
                 ["export", str(path), str(tmp_path / "kopie.gpkg")]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert f"schemaversie 0 (deze plugin: {SCHEMA_VERSION}); voer eerst `migrate {path}` uit" in err, err
        assert digest(path) == before
    assert main(["validate", str(path)]) == 2  # reads it as it is and names what is old
    assert "schemaversie" in capsys.readouterr().out
    assert digest(path) == before


def test_write_commands_migrate_and_say_so(tmp_path, capsys):
    path = make_v0_store(tmp_path / "v0.gpkg")
    assert main(["tag", str(path), "projecten", "2", "--opgave", "3.4"]) == 0
    err = capsys.readouterr().err
    assert f"gemigreerd: {path}: schemaversie 0 → {SCHEMA_VERSION}" in err and "projecten: won_totaal berekend" in err
    assert open_store(path).schema_version() == SCHEMA_VERSION
    assert main(["tag", str(path), "projecten", "2", "--opgave", "3.5"]) == 0
    assert "gemigreerd" not in capsys.readouterr().err


def test_migrate_command_says_what_it_changed_and_is_idempotent(tmp_path, capsys):
    path = make_v0_store(tmp_path / "v0.gpkg")
    assert main(["migrate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"schemaversie 0 → {SCHEMA_VERSION}" in out and "tabellen toegevoegd:" in out and "veld won_totaal toegevoegd" in out
    assert open_store(path).schema_version() == SCHEMA_VERSION
    after = digest(path)
    assert main(["migrate", str(path)]) == 0
    assert f"heeft al schemaversie {SCHEMA_VERSION}; er is niets gewijzigd" in capsys.readouterr().out
    assert digest(path) == after
    assert sorted(os.listdir(tmp_path)) == ["v0.gpkg"]


def test_migrate_command_on_postgis(pg_sample, capsys):
    assert main(["migrate", pg_sample]) == 0
    assert "er is niets gewijzigd" in capsys.readouterr().out


def test_a_failed_migration_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    path = make_v0_store(tmp_path / "v0.gpkg")
    before = digest(path)

    def broken(cur, mark):  # fails after tables and columns were added
        raise RuntimeError("stroom uitgevallen")

    monkeypatch.setitem(migrations.STEPS, 0, broken)
    with pytest.raises(RuntimeError):
        open_store(path, migrate=True)
    assert digest(path) == before
    assert sorted(os.listdir(tmp_path)) == ["v0.gpkg"]
    assert open_store(path, migrate=False).schema_version() == 0


def test_migration_refuses_a_read_only_store(tmp_path):
    path = make_v0_store(tmp_path / "v0.gpkg")
    before = digest(path)
    (tmp_path / "ro").mkdir()
    import subprocess

    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(tmp_path / "ro")], check=True)
    try:
        shutil.copy(path, tmp_path / "ro" / "v0.gpkg")
        subprocess.run(["mount", "-o", "remount,ro", str(tmp_path / "ro")], check=True)
        assert main(["migrate", str(tmp_path / "ro" / "v0.gpkg")]) == 2
        assert digest(tmp_path / "ro" / "v0.gpkg") == before
    finally:
        subprocess.run(["umount", "-l", str(tmp_path / "ro")], check=False)


KILLED_MIGRATION = """
import sys, time
from pathlib import Path
from almelo_atlas_plugin.core.store import migrations
from almelo_atlas_plugin.core.store.open import open_store

def slow(cur, mark):  # halfway: tables and columns added on the work copy
    Path(sys.argv[2]).touch()
    time.sleep(120)
    return []

migrations.STEPS[0] = slow
open_store(sys.argv[1], migrate=True)
"""


def test_kill_9_during_a_migration_leaves_the_store_as_it_was(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    path = make_v0_store(tmp_path / "v0.gpkg")
    before = digest(path)
    marker = tmp_path.parent / f"{tmp_path.name}.halverwege"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_MIGRATION, str(path), str(marker)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not marker.exists():
        assert proc.poll() is None and time.time() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert digest(path) == before
    assert open_store(path, migrate=False).schema_version() == 0
    assert main(["migrate", str(path)]) == 0  # the next run migrates and clears the killed run's work copy
    assert sorted(os.listdir(tmp_path)) == ["v0.gpkg"]
