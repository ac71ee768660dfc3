"""The tags panel: the opgaven of the selected locations, in full, one check box each (tristate when mixed)."""

from __future__ import annotations

from typing import Dict, Optional, Sequence, Tuple

from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("TagsPanel", text)


class NameLabel(QLabel):
    """The opgave's full name beside its check box, wrapped at the dock's width; a click ticks the box."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget):
        super().__init__(text, parent)
        self.box = box
        self.setWordWrap(True)
        self.setToolTip(text)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.box.click()


class TagsPanel(QGroupBox):
    apply_requested = pyqtSignal(dict)  # opgave code → Qt.CheckState

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(tr("Opgaven van de selectie"), parent)
        self.setObjectName("tagBox")
        self._lay = QVBoxLayout(self)
        self._grid = QGridLayout()
        self._grid.setColumnStretch(1, 1)
        self._lay.addLayout(self._grid)
        self.tag_checks: Dict[str, QCheckBox] = {}
        self.tag_names: Dict[str, QLabel] = {}
        self.apply_tags_button = QPushButton(tr("Toepassen"), self)
        self.apply_tags_button.setObjectName("applyTagsButton")
        self.apply_tags_button.setToolTip(tr("Eén stap in de bewerkingsbuffer: ongedaan maken met Ctrl+Z, bewaren met Opslaan bovenin de dock."))
        self.apply_tags_button.clicked.connect(lambda: self.apply_requested.emit(self.wanted()))
        self._lay.addWidget(self.apply_tags_button)
        self.show_state({}, False)

    def set_opgaven(self, opgaven: Sequence[Tuple[str, str]]) -> None:
        for w in (*self.tag_checks.values(), *self.tag_names.values()):  # gone now, never a window of its own
            self._grid.removeWidget(w)
            sip.delete(w)
        self.tag_checks, self.tag_names = {}, {}
        for i, (code, naam) in enumerate(opgaven):
            cb = QCheckBox(code, self)
            cb.setObjectName(f"tag_{code}")
            cb.setToolTip(f"{code} {naam}")
            label = NameLabel(naam, cb, self)  # the name in full, wrapped, never cut with …
            self._grid.addWidget(cb, i, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(label, i, 1)
            self.tag_checks[code] = cb
            self.tag_names[code] = label

    def show_state(self, states: Dict[str, Qt.CheckState], selected: bool) -> None:
        self.setEnabled(selected)
        self.setToolTip("" if selected else tr("Selecteer eerst een of meer locaties op de kaart (of zoek ze op naam)."))
        for code, cb in self.tag_checks.items():
            state = states.get(code, Qt.CheckState.Unchecked)
            cb.setTristate(state == Qt.CheckState.PartiallyChecked)
            cb.setCheckState(state)

    def wanted(self) -> Dict[str, Qt.CheckState]:
        return {code: cb.checkState() for code, cb in self.tag_checks.items()}
