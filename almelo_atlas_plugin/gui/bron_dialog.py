"""The dock's "Bron bijwerken…": a small dialog (soort, bestand, the soort's options) that runs `atlas.bron` through the
controller and shows the summary; the fields come from atlas.bron_opties (no logic here)."""

from __future__ import annotations

from typing import Any, Dict, Optional

from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..core import atlas
from .controller import AtlasController


def tr(text: str) -> str:
    return QCoreApplication.translate("BronDialog", text)


class BronDialog(QDialog):
    def __init__(self, controller: AtlasController, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.controller = controller
        self.result_text: Optional[str] = None
        self.setWindowTitle(tr("Bron bijwerken"))
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.soort_combo = QComboBox(self)
        for soort, naam in atlas.bron_soorten().items():
            self.soort_combo.addItem(naam, soort)
        form.addRow(tr("Bron"), self.soort_combo)
        self.bestand_edit = self._file_row(form, tr("Bestand"))
        self.option_edits: Dict[str, QLineEdit] = {}
        for naam, o in atlas.bron_opties().items():
            edit = self._file_row(form, o.label) if o.soort == "bestand" else QLineEdit(self)
            if o.soort != "bestand":
                form.addRow(o.label, edit)
            edit.setToolTip(o.uitleg)
            edit.setPlaceholderText({"datum": "JJJJ-MM-DD", "koppeling": "Projectnaam=naam, Woningen=won_totaal"}.get(o.soort, ""))
            self.option_edits[naam] = edit
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020")
        form.addRow(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Bijwerken"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Annuleren"))
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.soort_combo.currentIndexChanged.connect(self._soort_changed)
        for edit in (self.bestand_edit, *self.option_edits.values()):
            edit.textEdited.connect(lambda *_: self.error_label.clear())  # an old refusal goes once the user corrects
        self._soort_changed()

    def _file_row(self, form: QFormLayout, label: str) -> QLineEdit:
        row = QWidget(self)
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(row)
        browse = QPushButton("…", row)
        browse.setMaximumWidth(32)
        browse.clicked.connect(lambda: self._browse(edit, label))
        lay.addWidget(edit)
        lay.addWidget(browse)
        form.addRow(label, row)
        edit.row = row  # type: ignore[attr-defined]  # shown or hidden with the soort
        return edit

    def _browse(self, edit: QLineEdit, title: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, title, edit.text())
        if path:  # a cancelled dialog does nothing
            edit.setText(path)

    def soort(self) -> str:
        return str(self.soort_combo.currentData())

    def _soort_changed(self) -> None:
        """Only the options the chosen source takes."""
        takes = set(atlas.bron_opties(self.soort()))
        form = self.layout()
        for naam, edit in self.option_edits.items():
            widget = getattr(edit, "row", edit)
            widget.setVisible(naam in takes)
            form.labelForField(widget).setVisible(naam in takes)
        self.error_label.clear()
        self.adjustSize()

    def opties(self) -> Dict[str, Any]:
        takes = set(atlas.bron_opties(self.soort()))
        return {naam: edit.text().strip() or None for naam, edit in self.option_edits.items() if naam in takes}

    def _refused(self, text: str) -> None:
        self.error_label.setText(text)
        self.adjustSize()  # the whole line, wrapped

    def run(self) -> None:
        """OK: run the source; the dialog stays open with the Dutch line when it was refused whole."""
        if not self.bestand_edit.text().strip():
            self._refused(tr("Kies eerst het bestand van de bron."))
            return
        res, error = self.controller.bron(self.soort(), self.bestand_edit.text().strip(), self.opties())
        if res is None:
            self._refused(error)
            return
        self.result_text = res.samenvatting()
        self.accept()


def update_source(parent: QWidget, controller: AtlasController) -> Optional[str]:
    """Beheer → Bron bijwerken…: the dialog; the run's summary when it ran."""
    if controller.store is None:
        return None
    dlg = BronDialog(controller, parent)
    dlg.exec()
    return dlg.result_text
