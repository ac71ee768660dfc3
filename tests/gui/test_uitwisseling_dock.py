"""The dock's "Plannen uitwisselen…" as a planner uses it (#19): choose the format and the receiver, type the file name,
press Alleen controleren and then Schrijven; the file holds the plans the province may see, at the dock's peildatum."""

from __future__ import annotations

from pathlib import Path

import pytest
from osgeo import gdal

from tests.gui.test_dock import plugin  # noqa: F401 (the dock with the sample open)

pytestmark = pytest.mark.gui


def test_the_dock_writes_planregistratie_for_the_province_through_its_dialog(plugin, sample_store, tmp_path, monkeypatch):  # noqa: F811
    from qgis.PyQt.QtCore import Qt, QTimer
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QApplication, QDialogButtonBox

    shots = Path(__file__).resolve().parents[2] / "out"
    shots.mkdir(exist_ok=True)
    target = tmp_path / "provincie.gdb"
    seen = {}

    def interact():  # an exception in a Qt slot would abort the test run: kept and raised after
        try:
            steps()
        except Exception as exc:  # noqa: BLE001
            seen["exc"] = exc
            QApplication.activeModalWidget().reject()

    def steps():
        dlg = QApplication.activeModalWidget()
        seen["titel"] = dlg.windowTitle()
        dlg.formaat_combo.setCurrentIndex(dlg.formaat_combo.findData("planregistratie"))
        dlg.niveau_combo.setCurrentIndex(dlg.niveau_combo.findData("provincie"))
        QTest.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        seen["zonder bestand"] = dlg.report.toPlainText()
        QTest.mouseClick(dlg.controle_button, Qt.MouseButton.LeftButton)  # the pre-flight alone: nothing written
        seen["controle"] = dlg.report.toPlainText()
        seen["na controle"] = target.exists()
        QTest.keyClicks(dlg.bestand_edit, str(target))
        dlg.grab().save(str(shots / "uitwisseling_dialog.png"))
        QTest.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    shown = []
    bar = plugin.iface.messageBar()
    monkeypatch.setattr(bar, "pushMessage", lambda title, text, *rest: shown.append(text))
    QTimer.singleShot(0, interact)
    plugin.dock.uitwisseling_action.trigger()
    if "exc" in seen:
        raise seen["exc"]
    assert seen["titel"] == "Plannen uitwisselen"
    assert seen["zonder bestand"] == "Kies eerst het bestand om naar te schrijven."
    assert "Controle: 0 fout(en)" in seen["controle"] and seen["na controle"] is False
    ds = gdal.OpenEx(str(target), gdal.OF_VECTOR)
    rows = [f.items() for f in ds.GetLayerByName("Planregistratie")]
    with sample_store.reading() as con:
        for_province = {r[0] for r in con.execute(
            "SELECT naam FROM projecten p WHERE vertrouwelijkheid IN ('openbaar', 'provincie') AND EXISTS (SELECT 1 FROM"
            " woningblokken b WHERE b.laag = 'projecten' AND b.locatie_fid = p.fid) UNION SELECT naam FROM potloodplannen p"
            " WHERE vertrouwelijkheid IN ('openbaar', 'provincie') AND EXISTS (SELECT 1 FROM woningblokken b WHERE"
            " b.laag = 'potloodplannen' AND b.locatie_fid = p.fid)").fetchall()}
    assert {r["plannaam"] for r in rows} == for_province
    assert all(r["vertrouwelijkheid"] in ("Openbaar", "ProvincieGemeente") for r in rows)
    assert shown == [f"Planregistratie geschreven: {target} ({len(rows)} plannen)"]
