"""The scope panel: Stad / Wijk / Locatie, the wijk chooser (full names), pick on the map, search by name."""

from __future__ import annotations

from typing import Dict, Optional, Sequence, Tuple

from qgis.PyQt.QtCore import QCoreApplication, Qt, pyqtSignal
from qgis.PyQt.QtGui import QPalette
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

SCOPES = ("stad", "wijk", "locatie")


def tr(text: str) -> str:
    return QCoreApplication.translate("ScopePanel", text)


class WijkCombo(QComboBox):
    """A combo that shows its placeholder while nothing is chosen (Qt 5.15 draws it empty)."""

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        if self.currentIndex() < 0:
            opt.currentText = self.placeholderText()
            opt.palette.setColor(QPalette.ColorRole.ButtonText, opt.palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText))
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)


class ScopePanel(QWidget):
    scope_chosen = pyqtSignal(str)
    wijk_chosen = pyqtSignal(str)
    pick_toggled = pyqtSignal(bool)
    search_requested = pyqtSignal(str)

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("scopePanel")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: Dict[str, QRadioButton] = {}
        tips = {"stad": tr("De hele gemeente"), "wijk": tr("Eén wijk: kies haar in de lijst of op de kaart"),
                "locatie": tr("De geselecteerde projecten en potloodplannen")}
        for i, (key, label) in enumerate((("stad", tr("Stad")), ("wijk", tr("Wijk")), ("locatie", tr("Locatie")))):
            b = QRadioButton(label, self)
            b.setObjectName(f"scope_{key}")
            b.setToolTip(tips[key])
            self.scope_group.addButton(b, i)
            self.scope_buttons[key] = b
            row.addWidget(b)
        row.addStretch(1)
        self.scope_buttons["stad"].setChecked(True)
        self.scope_group.buttonClicked.connect(lambda b: self.scope_chosen.emit(SCOPES[self.scope_group.id(b)]))
        grid.addLayout(row, 0, 0, 1, 2)
        self.wijk_combo = WijkCombo(self)
        self.wijk_combo.setObjectName("wijkCombo")
        self.wijk_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # the full CBS name, never cut
        self.wijk_combo.setPlaceholderText(tr("Kies een wijk…"))
        self.wijk_combo.activated.connect(lambda i: self.wijk_chosen.emit(self.wijk_combo.itemData(i) or ""))
        self.pick_button = QPushButton(tr("Kies op kaart"), self)
        self.pick_button.setObjectName("pickButton")
        self.pick_button.setCheckable(True)
        self.pick_button.setToolTip(tr("Klik daarna op de kaart: de wijk onder de muis wordt gekozen."))
        self.pick_button.toggled.connect(self.pick_toggled.emit)
        grid.addWidget(self.wijk_combo, 1, 0)
        grid.addWidget(self.pick_button, 1, 1)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(tr("Zoek locatie op naam…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.returnPressed.connect(lambda: self.search_requested.emit(self.search_edit.text()))
        self.search_label = QLabel("", self)
        self.search_label.setObjectName("searchLabel")
        grid.addWidget(self.search_edit, 2, 0)
        grid.addWidget(self.search_label, 2, 1)
        grid.setColumnStretch(0, 1)
        self.set_open(False)

    def set_open(self, is_open: bool) -> None:
        """Everything here needs an open atlas; a greyed control says why."""
        why = "" if is_open else tr("Open eerst een atlas.")
        for w in (*self.scope_buttons.values(), self.wijk_combo, self.pick_button, self.search_edit):
            w.setEnabled(is_open)
        self.wijk_combo.setToolTip(why or tr("Kies een wijk"))
        if not is_open:
            self.wijk_combo.clear()
            self.search_label.setText("")
            self.pick_button.setChecked(False)

    def set_wijken(self, wijken: Sequence[Tuple[str, str]]) -> None:
        """(code, naam) pairs: shown as 'naam (code)'."""
        self.wijk_combo.clear()
        for code, naam in wijken:
            self.wijk_combo.addItem(f"{naam} ({code})", code)
            self.wijk_combo.setItemData(self.wijk_combo.count() - 1, f"{naam} ({code})", Qt.ItemDataRole.ToolTipRole)
        self.wijk_combo.setCurrentIndex(-1)

    def show_scope(self, scope: str, wijk_code: str) -> None:
        self.scope_buttons[scope].setChecked(True)
        # outside Wijk no wijk is shown as chosen: the chooser waits with its placeholder
        self.wijk_combo.setCurrentIndex(self.wijk_combo.findData(wijk_code) if wijk_code else -1)

    def show_found(self, n: int, text: str) -> None:
        self.search_label.setText(tr("{n} gevonden").format(n=n) if text.strip() else "")
