"""The dock's scenarios (#20): typed into the dialog, saved with Opslaan, read back from the store; the compare view."""

from __future__ import annotations

import pytest
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtTest import QTest

from almelo_atlas_plugin.core import atlas
from almelo_atlas_plugin.core.store.open import open_store
from almelo_atlas_plugin.gui.scenario_dialog import ScenarioDialog
from tests.gui.test_dock import plugin  # noqa: F401  (the dock with the sample open)

pytestmark = pytest.mark.gui


def _type(widget, text):
    widget.setFocus()
    widget.selectAll()
    QTest.keyClicks(widget, text)


def test_a_scenario_made_in_the_dialog_is_in_the_store(plugin, sample_store, tmp_path):  # noqa: F811
    dock = plugin.dock
    assert dock.scenario_button.isEnabled()
    dlg = ScenarioDialog(dock.controller, dock)
    dlg.show()
    assert dlg.scenario_combo.count() == 3  # nieuw + the sample's two
    dlg.scenario_combo.setCurrentIndex(0)
    _type(dlg.naam_edit, "Alleen harde plannen")
    _type(dlg.omschrijving_edit, "Zachte plannen gaan niet door")
    dlg.soort_combo.setCurrentIndex(dlg.soort_combo.findData("vervallen"))
    _type(dlg.regel_edit, "status_planologisch=3,4A,4B")
    QTest.mouseClick(dlg.add_button, Qt.MouseButton.LeftButton)
    dlg.soort_combo.setCurrentIndex(dlg.soort_combo.findData("uitstel"))
    _type(dlg.regel_edit, "twee")
    QTest.keyClick(dlg.regel_edit, Qt.Key.Key_Return)
    assert "jaren moet een geheel getal zijn" in dlg.fout_label.text()
    _type(dlg.regel_edit, "1")
    QTest.keyClick(dlg.regel_edit, Qt.Key.Key_Return)
    assert dlg.wijzigingen_list.count() == 2
    dlg.wijzigingen_list.setCurrentRow(1)
    QTest.mouseClick(dlg.remove_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    s = atlas.scenario(open_store(sample_store.path), "Alleen harde plannen")  # what the store holds now
    assert [w.regel for w in s.wijzigingen] == ["vervallen status_planologisch=3,4A,4B"]
    assert s.omschrijving == "Zachte plannen gaan niet door"
    assert dlg.scenario_combo.currentData() == "Alleen harde plannen" and dlg.naam_edit.isReadOnly()
    t = dlg.vergelijking_table
    rows = {t.item(r, 0).text(): [t.item(r, c).text() for c in range(1, 7)] for r in range(t.rowCount())}
    figs = atlas.scenario_figures(open_store(sample_store.path), "Alleen harde plannen").result
    stad = rows["Woningen gepland netto (stad)"]
    assert stad[2] == f"{int(figs.stad.figures.won_netto_gepland):,}".replace(",", ".")
    assert any(k.startswith("3.4 Woningen netto") and k.endswith("stad, 2030") for k in rows)
    dlg.grab().save(str(tmp_path / "scenario_dialog.png"))
    dlg.close()


def test_the_dock_button_opens_the_dialog_and_a_stale_change_is_shown(plugin, sample_store):  # noqa: F811
    dock = plugin.dock
    store = open_store(sample_store.path)
    atlas.save_scenario(store, "Aa oud", ["locatie projecten:5 jaren=2"])
    with store.transaction() as con:
        con.execute("DELETE FROM projecten WHERE fid = 5")
    seen = []

    def look():
        from qgis.PyQt.QtWidgets import QApplication

        dlg = QApplication.activeModalWidget()
        seen.append((dlg.scenario_combo.currentText(), dlg.meldingen_label.text()))
        dlg.reject()

    QTimer.singleShot(300, look)
    QTest.mouseClick(dock.scenario_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0][0] == "Aa oud" and "bestaat niet meer" in seen[0][1]
