"""The dock's "Plannen uitwisselen…": a small dialog (formaat, bestand, ontvanger) that runs `atlas.uitwisseling` on the
open store at the dock's peildatum and shows the pre-flight; nothing is written while a problem blocks (no logic here)."""

from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ..core import atlas
from ..core.output.files import OutputError
from ..core.store.base import StoreError
from .controller import AtlasController


def tr(text: str) -> str:
    return QCoreApplication.translate("UitwisselingDialog", text)


class UitwisselingDialog(QDialog):
    def __init__(self, controller: AtlasController, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.controller = controller
        self.result = None
        self.setWindowTitle(tr("Plannen uitwisselen"))
        self.setMinimumWidth(620)
        form = QFormLayout(self)
        self.formaat_combo = QComboBox(self)
        for code, naam, uitleg in (
                ("planregistratie", tr("Planregistratie: GeoPackage of FileGDB"), tr("Gelderland en Zuid-Holland (Esri)")),
                ("zuid-holland", tr("Zuid-Holland: GeoJSON"), tr("Planregistratie van Zuid-Holland, één bestand")),
                ("zeeland", tr("Zeeland: Planmonitor Wonen (Excel)"), tr("Het Excel-sjabloon van Zeeland, een tabblad per plan")),
                ("excel", tr("Leesbare Excel"), tr("Plannen, woningblokken en per jaar, voor iedereen"))):
            self.formaat_combo.addItem(naam, code)
            self.formaat_combo.setItemData(self.formaat_combo.count() - 1, uitleg, Qt.ItemDataRole.ToolTipRole)
        form.addRow(tr("Formaat"), self.formaat_combo)
        row = QWidget(self)
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        self.bestand_edit = QLineEdit(row)
        self.bestand_edit.setPlaceholderText(tr("bijvoorbeeld plannen.gpkg, plannen.gdb, plannen.geojson of plannen.xlsx"))
        browse = QPushButton("…", row)
        browse.setMaximumWidth(32)
        browse.clicked.connect(self._browse)
        lay.addWidget(self.bestand_edit)
        lay.addWidget(browse)
        form.addRow(tr("Bestand"), row)
        self.niveau_combo = QComboBox(self)
        for code, naam in (("gemeente", tr("Gemeente (alle plannen)")), ("provincie", tr("Provincie")), ("regio", tr("Regio")),
                           ("openbaar", tr("Openbaar"))):
            self.niveau_combo.addItem(naam, code)
        form.addRow(tr("Ontvanger"), self.niveau_combo)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.report.setPlaceholderText(tr("Hier komt de controle: per probleem het plan en het veld."))
        self.report.setMinimumHeight(140)
        form.addRow(self.report)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.controle_button = self.buttons.addButton(tr("Alleen controleren"), QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Schrijven"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Sluiten"))
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        self.controle_button.clicked.connect(lambda: self.run(check_only=True))
        form.addRow(self.buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Bestand"), self.bestand_edit.text(),
                                              tr("GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Excel (*.xlsx)"))
        if path:  # a cancelled dialog does nothing
            self.bestand_edit.setText(path)

    def run(self, check_only: bool = False) -> None:
        """Schrijven (or Alleen controleren): the pre-flight and its report; written only when nothing blocks. The dialog
        closes after a file was written, and stays open with the report otherwise."""
        path = self.bestand_edit.text().strip()
        if not path and not check_only:
            self.report.setPlainText(tr("Kies eerst het bestand om naar te schrijven."))
            return
        try:
            res = atlas.uitwisseling(self.controller.store, str(self.formaat_combo.currentData()), None if check_only else path,
                                     self.controller.peildatum, str(self.niveau_combo.currentData()))
        except (StoreError, OutputError, ValueError) as exc:
            self.report.setPlainText(str(exc))
            return
        self.report.setPlainText(res.rapport())
        self.result = res
        if res.geschreven:
            self.accept()


def exchange_plans(parent: QWidget, controller: AtlasController) -> Optional[object]:
    """Beheer → Plannen uitwisselen…: the dialog; the Uitwisseling when a file was written."""
    if controller.store is None:
        return None
    dlg = UitwisselingDialog(controller, parent)
    dlg.exec()
    return dlg.result if dlg.result is not None and dlg.result.geschreven else None
