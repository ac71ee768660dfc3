"""The plugin loads and unloads cleanly: load → unload → load leaves nothing behind."""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtWidgets import QDockWidget

import almelo_atlas_plugin
from almelo_atlas_plugin.plugin import MENU
from almelo_atlas_plugin.processing.provider import PROVIDER_ID

pytestmark = pytest.mark.gui


def atlas_docks(iface):
    return [d for d in iface.mainWindow().findChildren(QDockWidget) if d.objectName() == "AlmeloAtlasDock"]


def provider_ids():
    return [p.id() for p in QgsApplication.processingRegistry().providers()]


def test_import_does_no_work():
    """classFactory only: importing the package loads neither QGIS GUI nor the core."""
    import subprocess
    import sys

    code = ("import sys; import almelo_atlas_plugin; "
            "print(sorted(m for m in sys.modules if m.startswith(('almelo_atlas_plugin.', 'qgis', 'pandas'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(__import__("pathlib").Path(almelo_atlas_plugin.__file__).parent.parent)).stdout
    assert out.strip() == "[]"


def test_load_unload_load_leaves_nothing_behind(atlas_iface, qgis_app, sample_master):
    tb_before = len(atlas_iface.mainWindow().findChildren(QDockWidget))
    for round_ in range(2):
        plugin = almelo_atlas_plugin.classFactory(atlas_iface)
        plugin.initGui()
        assert PROVIDER_ID in provider_ids()
        assert plugin.action is not None and plugin.action.objectName() == "AlmeloAtlasAction"
        assert atlas_iface.plugin_toolbar.actions() == [plugin.action]
        assert atlas_iface.plugin_menu(MENU).actions() == [plugin.action]
        plugin.action.setChecked(True)  # opens the dock
        assert len(atlas_docks(atlas_iface)) == 1
        assert plugin.dock.open_path(str(sample_master))
        assert any(layer.customProperty("almelo_atlas/store") for layer in QgsProject.instance().mapLayers().values())
        plugin.unload()
        qgis_app.processEvents()
        from qgis.PyQt.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert PROVIDER_ID not in provider_ids(), round_
        assert atlas_docks(atlas_iface) == [], round_
        assert not any(layer.customProperty("almelo_atlas/store") for layer in QgsProject.instance().mapLayers().values())
        assert len(atlas_iface.mainWindow().findChildren(QDockWidget)) == tb_before
        assert atlas_iface.plugin_toolbar.actions() == [], round_
        assert atlas_iface.plugin_menu(MENU) is None, round_
        assert plugin.action is None and plugin.provider is None and plugin.dock is None


def test_opening_the_same_store_twice_does_not_duplicate(atlas_iface, sample_master):
    plugin = almelo_atlas_plugin.classFactory(atlas_iface)
    plugin.initGui()
    try:
        plugin.show_dock(True)
        plugin.dock.open_path(str(sample_master))
        n = len(QgsProject.instance().mapLayers())
        plugin.dock.open_path(str(sample_master))
        assert len(QgsProject.instance().mapLayers()) == n
        groups = [g.name() for g in QgsProject.instance().layerTreeRoot().findGroups()]
        assert sum(1 for g in groups if g.startswith("Atlas stadsontwikkeling")) == 1
        labels = [label for label, *_ in plugin.dock.panel.woningen.rows()]  # the dwellings' own table, once
        assert labels.count("Gepland (hard + zacht)") == 1
        assert plugin.dock.scope.wijk_combo.count() == 12
    finally:
        plugin.unload()


def test_bad_store_goes_to_the_message_bar(atlas_iface, tmp_path):
    plugin = almelo_atlas_plugin.classFactory(atlas_iface)
    plugin.initGui()
    try:
        plugin.show_dock(True)
        (tmp_path / "kapot.gpkg").write_bytes(b"x" * 100)
        assert plugin.dock.open_path(str(tmp_path / "kapot.gpkg")) is False
        assert plugin.dock.controller.store is None
        from qgis.core import Qgis

        assert any("geen GeoPackage" in m for m in atlas_iface.messageBar().get_messages(Qgis.MessageLevel.Warning))
    finally:
        plugin.unload()
