"""Faults (#7): a writer killed with kill -9 in the middle of a bulk tag or import of 10,000 locations leaves the
store as it was, on GeoPackage and on PostGIS; a database server that goes down mid-session gives a clear message
and loses nothing of what the user has not saved yet."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from almelo_atlas_plugin.core.edits import tag
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.store.base import StoreError
from almelo_atlas_plugin.core.store.open import open_store
from tests.conftest import ROOT
from tests.helpers import add_potloodplannen

SAMPLE = ROOT / "sample_gpkg" / "almelo_sample.gpkg"
N = 10_000

# runs the command line in a child that stops itself (sleeps) after `after` statements of its write transaction,
# so that the parent can kill it at a known point in the middle of the work
WRITER = r"""
import sys, time
from almelo_atlas_plugin.core.store import geopackage as gp, postgis as pg
marker, after, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
count = [0]
def tick():
    count[0] += 1
    if count[0] == after:
        open(marker, "w").write(str(after))
        time.sleep(600)
class Counting:
    def __init__(self, con): self._con = con
    def execute(self, *a): tick(); return self._con.execute(*a)
    def executemany(self, *a): tick(); return self._con.executemany(*a)
    def __getattr__(self, k): return getattr(self._con, k)
plain = gp.GeoPackageStore.connect
gp.GeoPackageStore.connect = lambda self, write=False: Counting(plain(self, write)) if write else plain(self, write)
pcursor = pg.cursor
pg.cursor = lambda raw: Counting(pcursor(raw))
from almelo_atlas_plugin.cli import main
sys.exit(main(argv))
"""


@pytest.fixture(params=["gpkg", "postgis"])
def big(request, tmp_path):
    """The sample with 10,000 extra potloodplannen (the store a bulk operation works on)."""
    if request.param == "gpkg":
        path = tmp_path / "groot.gpkg"
        shutil.copy(SAMPLE, path)
        uri = str(path)
    else:
        uri = request.getfixturevalue("pg_sample")
    return uri, add_potloodplannen(open_store(uri), N)


def snapshot(store):
    with store.reading() as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("potloodplannen", "locatie_opgaven", "wijzigingen")}
        top = con.execute("SELECT max(wijziging_id) FROM wijzigingen").fetchone()[0]
    return counts, top, rollup(store).to_json()["stad"]


def run_killed(tmp_path, after, argv):
    marker = tmp_path / "midden"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    log = tmp_path / "schrijver.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(marker), str(after), *argv], env=env, stdout=out, stderr=out)
    deadline = time.time() + 300
    while not marker.exists():
        assert proc.poll() is None, log.read_text()
        assert time.time() < deadline, "schrijver kwam niet halverwege"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL


def source_of(tmp_path, n):
    from osgeo import ogr, osr

    path = tmp_path / "bron.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(28992)
    lyr = ds.CreateLayer("potloodplannen", srs, ogr.wkbMultiPolygon)
    for name, kind in (("naam", ogr.OFTString), ("soort", ogr.OFTString), ("won_koop", ogr.OFTInteger)):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    lyr.StartTransaction()
    for i in range(n):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("naam", f"Bron {i}")
        f.SetField("soort", "leegstaand_vastgoed")
        f.SetField("won_koop", 3)
        x, y = 245000 + (i % 100) * 20, 486000 + (i // 100) * 20
        f.SetGeometry(ogr.CreateGeometryFromWkt(f"MULTIPOLYGON((({x} {y},{x + 10} {y},{x + 10} {y + 10},{x} {y + 10},{x} {y})))"))
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    ds = None
    return path


@pytest.mark.parametrize("work", ["tag", "import"])
def test_kill_9_in_the_middle_leaves_the_store_as_it_was(big, tmp_path, work):
    uri, fids = big
    store = open_store(uri)
    before = snapshot(store)
    if work == "tag":
        argv = ["tag", uri, "potloodplannen", ",".join(map(str, fids)), "--opgave", "3.4"]
        after = N // 2  # half of the 10,000 tags written
    else:
        argv = ["import", uri, "potloodplannen", str(source_of(tmp_path, N))]
        after = N  # one statement per savepoint: about a third of the rows written
    run_killed(tmp_path, after, argv)
    assert snapshot(open_store(uri)) == before  # read straight away, as the next user would
    if store.kind == "gpkg":
        con = sqlite3.connect(uri)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
    # and the store takes the same work afterwards, whole (nothing left locked)
    if work == "tag":
        assert tag(open_store(uri), "potloodplannen", fids, ["3.4"]) == N
    else:
        from almelo_atlas_plugin.cli import main

        assert main(argv) == 0
    counts, _, _ = snapshot(open_store(uri))
    assert counts["locatie_opgaven" if work == "tag" else "potloodplannen"] == before[0][
        "locatie_opgaven" if work == "tag" else "potloodplannen"] + N


def test_server_down_mid_session(qgis_app, tmp_path):
    """The server stops while an editor has unsaved edits: a Dutch message, the edits stay in the buffer and are
    saved once the server is back; commands fail with one clear line."""
    from qgis.core import QgsVectorLayer

    from almelo_atlas_plugin.cli import main
    from almelo_atlas_plugin.core.output.forms import setup_forms
    from almelo_atlas_plugin.core.store.open import copy_store
    from tests.gui.test_conflicts import change
    from tests.pgcluster import Cluster

    c = Cluster().start()
    try:
        uri = f"{c.createdb('atlas_storing')}?schema=atlas"
        copy_store(open_store(SAMPLE), uri)
        store = open_store(uri)
        uri_layer, provider = store.layer_source("projecten")
        layer = QgsVectorLayer(uri_layer, "projecten", provider)
        assert layer.isValid()
        setup_forms(layer, "projecten")
        layer.startEditing()
        change(layer, 5, naam="Onopgeslagen werk")
        c.halt()
        assert not layer.commitChanges()
        assert layer.isEditable() and any("Onopgeslagen werk" == v for vals in layer.editBuffer().changedAttributeValues().values()
                                          for v in vals.values())
        with pytest.raises(StoreError, match="verbinding mislukt"):
            tag(store, "projecten", [5], ["3.4"])
        assert main(["rollup", uri]) == 2
        c.resume()
        assert layer.commitChanges(), layer.commitErrors()
        with store.reading() as con:
            assert con.execute("SELECT naam FROM projecten WHERE fid = 5").fetchone()[0] == "Onopgeslagen werk"
    finally:
        c.stop()


def _digest(path):
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("damage", ["afgekapt", "beschadigd"])
def test_truncated_or_corrupt_geopackage_gives_a_message_and_is_left_alone(tmp_path, damage, capsys):
    from almelo_atlas_plugin.cli import main

    path = tmp_path / "kapot.gpkg"
    shutil.copy(SAMPLE, path)
    data = bytearray(path.read_bytes())
    if damage == "afgekapt":
        data = data[: len(data) // 3]
    else:  # the header stays, pages in the middle are overwritten
        data[200_000:1_200_000] = os.urandom(1_000_000)
    path.write_bytes(bytes(data))
    digest = _digest(path)
    for argv in (["rollup", str(path)], ["validate", str(path)], ["tag", str(path), "projecten", "5", "--opgave", "3.4"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("fout: ") and "beschadigd" in err and "Traceback" not in err
    assert _digest(path) == digest


def test_locked_geopackage_waits_then_refuses_and_writes_nothing(tmp_path, monkeypatch):
    from almelo_atlas_plugin.core.store.geopackage import GeoPackageStore as Store

    path = tmp_path / "bezet.gpkg"
    shutil.copy(SAMPLE, path)
    other = sqlite3.connect(str(path), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program is writing
    monkeypatch.setattr(Store, "busy_timeout", 0.5)
    with pytest.raises(StoreError, match="vergrendeld door een ander programma"):
        tag(open_store(path), "projecten", [5], ["3.5"])
    other.execute("ROLLBACK")
    other.close()
    assert tag(open_store(path), "projecten", [5], ["3.5"]) == 1  # and works once the other program is done


def test_read_only_geopackage_reads_but_refuses_writes(request):
    """Run as an unprivileged user (root may write anywhere): figures come, a save is refused in Dutch."""
    if os.geteuid() != 0:
        pytest.skip("needs root to switch to the user nobody")  # CI runs as root
    # a folder of its own under /tmp: another pytest run resets pytest's base folder to 0700 at its start
    folder = Path(tempfile.mkdtemp(prefix="atlas_alleen_lezen_", dir="/tmp"))
    request.addfinalizer(lambda: shutil.rmtree(folder, ignore_errors=True))
    path = folder / "alleen_lezen.gpkg"
    shutil.copy(SAMPLE, path)
    os.chmod(folder, 0o755)
    os.chmod(path, 0o644)
    digest = _digest(path)
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME="/tmp")

    def as_nobody(*argv):
        return subprocess.run(["runuser", "-u", "nobody", "--", sys.executable, "-m", "almelo_atlas_plugin", *argv],
                              env=env, capture_output=True, text=True, cwd="/tmp")

    r = as_nobody("rollup", str(path))
    assert r.returncode == 0 and "woningbouwprogramma" in r.stdout, r.stderr
    r = as_nobody("tag", str(path), "projecten", "5", "--opgave", "3.5")
    assert r.returncode == 2 and "alleen-lezen" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert _digest(path) == digest
