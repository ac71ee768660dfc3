"""Opening an older atlas store in the dock asks before migrating it; a file that is no atlas store is refused
untouched (issue #12, finding 3)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QFileDialog, QMessageBox

import almelo_atlas_plugin
from almelo_atlas_plugin.core.model.schema import SCHEMA_VERSION
from almelo_atlas_plugin.core.store.open import open_store
from tests.fixtures.v0_store import make_v0_store
from tests.unit.test_consent import own_wijken  # noqa: F401  (fixture)

pytestmark = pytest.mark.gui


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def dock(atlas_iface, qgis_canvas):
    atlas_iface.mapCanvas = lambda: qgis_canvas
    atlas_iface.mainWindow().show()
    p = almelo_atlas_plugin.classFactory(atlas_iface)
    p.initGui()
    p.action.trigger()
    yield p.dock
    p.unload()


def open_through_the_button(dock, path, monkeypatch, answer=None):
    asked = []

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    QTest.mouseClick(dock.open_button, Qt.MouseButton.LeftButton)
    return asked


def test_dock_asks_before_migrating_and_no_leaves_the_file(dock, tmp_path, monkeypatch):
    path = make_v0_store(tmp_path / "v0.gpkg")
    before = digest(path)
    asked = open_through_the_button(dock, path, monkeypatch, QMessageBox.StandardButton.No)
    assert len(asked) == 1 and f"schemaversie 0; deze plugin werkt met versie {SCHEMA_VERSION}" in asked[0]
    assert dock.controller.store is None and digest(path) == before
    asked = open_through_the_button(dock, path, monkeypatch, QMessageBox.StandardButton.Yes)
    assert len(asked) == 1 and dock.controller.store is not None
    assert open_store(path).schema_version() == SCHEMA_VERSION


def test_dock_refuses_a_geopackage_that_is_no_atlas(dock, own_wijken, monkeypatch):  # noqa: F811
    before = digest(own_wijken)
    asked = open_through_the_button(dock, own_wijken, monkeypatch)
    assert asked == [] and dock.controller.store is None and digest(own_wijken) == before


def test_dock_asks_before_migrating_a_postgis_store(dock, pg_store, monkeypatch):
    import psycopg2

    con = psycopg2.connect(pg_store.split("?")[0])
    with con, con.cursor() as cur:
        cur.execute("UPDATE atlas.atlas_meta SET waarde = '3' WHERE sleutel = 'schema_versie'")
    con.close()
    asked = []

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    answer = QMessageBox.StandardButton.No
    assert not dock.open_path(pg_store)
    assert len(asked) == 1 and f"schemaversie 3; deze plugin werkt met versie {SCHEMA_VERSION}" in asked[0]
    assert dock.controller.store is None and open_store(pg_store, migrate=False).schema_version() == 3
    answer = QMessageBox.StandardButton.Yes
    assert dock.open_path(pg_store)
    assert len(asked) == 2 and dock.controller.store is not None
    assert open_store(pg_store).schema_version() == SCHEMA_VERSION
