"""The dock's Mutaties…: a planner opens the dialog, types the dates, presses Berekenen, reads the stad and the
locations, shows the mutatiekaart and saves the workbook; the store is only read."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest

from almelo_atlas_plugin.core.store.open import open_store
from tests.helpers import content_hash

pytestmark = pytest.mark.gui


@pytest.fixture
def plugin(atlas_iface, sample_master, tmp_path):
    import almelo_atlas_plugin

    path = tmp_path / "demo.gpkg"  # the sample: its own history since 1-1-2021 (sample.HISTORIE)
    shutil.copyfile(sample_master, path)
    p = almelo_atlas_plugin.classFactory(atlas_iface)
    p.initGui()
    p.show_dock(True)
    assert p.dock.open_path(str(path))
    yield p, path
    p.unload()


def cell(table, row, col) -> str:
    return table.item(row, col).text()


def test_a_planner_reads_the_changes_since_2021(plugin, tmp_path):
    p, path = plugin
    before = content_hash(open_store(path))
    assert p.dock.mutaties_button.isEnabled()
    QTest.mouseClick(p.dock.mutaties_button, Qt.MouseButton.LeftButton)
    dlg = p.dock.mutaties_dialog
    assert dlg.isVisible() and dlg.van_edit.text() == "2021-01-01"  # the start of the history
    QTest.keyClicks(dlg.tot_edit, "31-02-2026")  # a day that does not exist
    QTest.mouseClick(dlg.run_button, Qt.MouseButton.LeftButton)
    assert dlg.error_label.isVisibleTo(dlg) and "Peildatum '31-02-2026' is geen datum" in dlg.error_label.text()
    assert not dlg.map_button.isEnabled()
    dlg.tot_edit.clear()
    QTest.keyClicks(dlg.tot_edit, "01-12-2026")
    QTest.mouseClick(dlg.run_button, Qt.MouseButton.LeftButton)
    assert not dlg.error_label.isVisibleTo(dlg)
    headers = [dlg.stad_table.horizontalHeaderItem(i).text() for i in range(dlg.stad_table.columnCount())]
    assert headers[:3] == ["Cijfer", "Begin", "Nieuw"] and headers[-1] == "Eind"
    assert cell(dlg.stad_table, 0, 0) == "Woningen bouw gepland (hard + zacht)"
    assert (cell(dlg.stad_table, 0, 1), cell(dlg.stad_table, 0, 2), cell(dlg.stad_table, 0, len(headers) - 1)) == ("1.646", "+50", "1.583")
    assert dlg.locaties_table.rowCount() == 10 and "10 locaties met een mutatie" in dlg.summary.text()
    assert cell(dlg.locaties_table, 1, 1) == "Uitbreiding Bornerbroek-Zuid" and cell(dlg.locaties_table, 1, 0) == "Nieuw"
    # the mutatiekaart: every changed location, coloured by its bucket; a second press replaces it
    QTest.mouseClick(dlg.map_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(dlg.map_button, Qt.MouseButton.LeftButton)
    kaart = [lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.name().startswith("Mutaties ")]
    assert len(kaart) == 1 and kaart[0].featureCount() == 10
    assert [c.label() for c in kaart[0].renderer().categories()] == ["Nieuw", "Vervallen", "Verplaatst (andere wijk)",
                                                                     "Gerealiseerd", "Status gewijzigd", "Programma gewijzigd"]
    assert QgsProject.instance().layerTreeRoot().findLayer(kaart[0].id()) is not None
    # double-click a location: selected on the map
    dlg.locaties_table.cellDoubleClicked.emit(1, 1)
    proj = p.dock.controller.atlas_layers()["projecten"]
    assert [f["naam"] for f in proj.selectedFeatures()] == ["Uitbreiding Bornerbroek-Zuid"]
    out = tmp_path / "m.xlsx"
    assert dlg.save_excel(str(out)) == str(out)
    assert len(pd.read_excel(out, sheet_name="locaties")) == 10
    img = dlg.grab()
    assert not img.isNull()
    img.save(str(tmp_path / "mutaties_dialog.png"))
    dlg.close()
    # reopened: fresh, and the store only read
    QTest.mouseClick(p.dock.mutaties_button, Qt.MouseButton.LeftButton)
    assert p.dock.mutaties_dialog.locaties_table.rowCount() == 0
    assert content_hash(open_store(path)) == before
    QgsProject.instance().removeMapLayers([lyr.id() for lyr in kaart])
