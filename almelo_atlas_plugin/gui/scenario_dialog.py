"""Scenarios in the dock (#20): choose or name a scenario, add and remove its changes, save; beside it the compare view
(the current plans and the scenario against the goals). Only renders and asks: the controller saves and computes."""

from __future__ import annotations

from typing import List, Optional

from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import atlas
from ..core.output import tables as report
from ..core.output.scenario import doel_label, verschil_tekst
from ..core.store.base import StoreError


def tr(text: str) -> str:
    return QCoreApplication.translate("ScenarioDialog", text)


NIEUW = ""  # the combo's first item: a new scenario


class ScenarioDialog(QDialog):
    """Make and change scenarios; the compare view shows the chosen one against the goals."""

    def __init__(self, controller, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(tr("Scenario's"))
        self.resize(1280, 680)
        self.scenario_combo = QComboBox(self)
        self.naam_edit = QLineEdit(self)
        self.omschrijving_edit = QLineEdit(self)
        self.wijzigingen_list = QListWidget(self)
        self.soort_combo = QComboBox(self)
        for soort, label in atlas.wijziging_soorten().items():
            self.soort_combo.addItem(label, soort)
        self.regel_edit = QLineEdit(self)
        self.regel_edit.setPlaceholderText(tr("bijv. status_planologisch=4B, of: 2 wijk=WK014110, of: projecten:12 oplever_jaar=2032"))
        self.add_button = QPushButton(tr("Toevoegen"), self)
        self.remove_button = QPushButton(tr("Wijziging verwijderen"), self)
        self.fout_label = QLabel(self)
        self.fout_label.setWordWrap(True)
        self.fout_label.setStyleSheet("color: #b00020")
        self.meldingen_label = QLabel(self)
        self.meldingen_label.setWordWrap(True)
        self.vergelijking_table = QTableWidget(0, 7, self)
        self.vergelijking_table.setHorizontalHeaderLabels([tr("Doel"), tr("Streef"), tr("Nu"), tr("Scenario"),
                                                           tr("Verschil"), tr("Verwacht"), tr("Gehaald")])
        head = self.vergelijking_table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.vergelijking_table.verticalHeader().setVisible(False)
        self.vergelijking_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # Opslaan saves and stays (the comparison follows); not the dialog's accept button, so Enter in a line never saves
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = self.buttons.addButton(tr("Opslaan"), QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Sluiten"))

        for b in (self.add_button, self.remove_button, *self.buttons.buttons()):  # Enter in the line adds it, nothing else
            b.setAutoDefault(False)
            b.setDefault(False)

        form = QFormLayout()
        form.addRow(tr("Scenario"), self.scenario_combo)
        form.addRow(tr("Naam"), self.naam_edit)
        form.addRow(tr("Omschrijving"), self.omschrijving_edit)
        add_row = QHBoxLayout()
        add_row.addWidget(self.soort_combo)
        add_row.addWidget(self.regel_edit, 1)
        add_row.addWidget(self.add_button)
        left = QVBoxLayout()
        left.addLayout(form)
        uitleg = QLabel(tr("Wijzigingen bovenop de plannen (de plannen zelf blijven zoals ze zijn)"), self)
        uitleg.setWordWrap(True)
        self.wijzigingen_list.setWordWrap(True)
        left.addWidget(uitleg)
        left.addWidget(self.wijzigingen_list, 1)
        left.addLayout(add_row)
        left.addWidget(self.remove_button)
        left.addWidget(self.fout_label)
        right = QVBoxLayout()
        right.addWidget(QLabel(tr("Vergelijking met de doelen: de huidige plannen (nu) en het opgeslagen scenario"), self))
        right.addWidget(self.vergelijking_table, 1)
        right.addWidget(self.meldingen_label)
        links = QWidget(self)
        links.setLayout(left)
        links.setMaximumWidth(460)
        left.setContentsMargins(0, 0, 0, 0)
        body = QHBoxLayout()
        body.addWidget(links)
        body.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(self.buttons)

        self._nieuw: List[str] = []  # changes added, not yet saved (as written)
        self._weg: List[int] = []  # numbers of saved changes to remove on save
        self._opgeslagen: List[str] = []  # the saved changes' texts
        self.scenario_combo.currentIndexChanged.connect(lambda *_: self._load())
        self.add_button.clicked.connect(self._add)
        self.regel_edit.returnPressed.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._fill(None)

    # --- rendering --------------------------------------------------------------------------------------
    def _fill(self, chosen: Optional[str]) -> None:
        self.scenario_combo.blockSignals(True)
        self.scenario_combo.clear()
        self.scenario_combo.addItem(tr("Nieuw scenario"), NIEUW)
        for s in self.controller.scenarios():
            self.scenario_combo.addItem(s.naam, s.naam)
        i = self.scenario_combo.findData(chosen) if chosen else -1
        self.scenario_combo.setCurrentIndex(max(i, 0) if chosen else (1 if self.scenario_combo.count() > 1 else 0))
        self.scenario_combo.blockSignals(False)
        self._load()

    def _current(self):
        naam = self.scenario_combo.currentData()
        return next((s for s in self.controller.scenarios() if s.naam == naam), None) if naam else None

    def _load(self) -> None:
        s = self._current()
        self._nieuw, self._weg = [], []
        self._opgeslagen = [w.tekst for w in s.wijzigingen] if s else []
        self.naam_edit.setText(s.naam if s else "")
        self.naam_edit.setReadOnly(s is not None)
        self.omschrijving_edit.setText((s.omschrijving or "") if s else "")
        self.fout_label.clear()
        self._show_list()
        self._show_comparison(s.naam if s else None)

    def _show_list(self) -> None:
        self.wijzigingen_list.clear()
        for i, tekst in enumerate(self._opgeslagen, start=1):
            if i not in self._weg:
                self.wijzigingen_list.addItem(f"{i}. {tekst}")
        for regel in self._nieuw:
            self.wijzigingen_list.addItem(tr("nieuw: {tekst}").format(tekst=atlas.parse_wijziging(regel).tekst))

    def _show_comparison(self, naam: Optional[str]) -> None:
        t = self.vergelijking_table
        t.setRowCount(0)
        self.meldingen_label.clear()
        v = self.controller.compare_scenario(naam) if naam else None
        if not v or not v["scenarios"]:
            return
        base, s = v["huidig"], v["scenarios"][0]
        rows = [[tr("Woningen gepland netto (stad)"), "", report.fmt(base["stad"]["won_netto_gepland"]),
                 report.fmt(s["stad"]["won_netto_gepland"]), verschil_tekst(s["stad"]["verschil"]["won_netto_gepland"]),
                 report.fmt(s["stad"]["won_verwacht"]), ""]]
        for d0, d in zip(base["doelen"], s["doelen"]):
            unit = "aandeel" if d["eenheid"] == "aandeel" else ""
            rows.append([doel_label(d).replace(" (bouw − sloop)", ""), report.fmt(d["streefwaarde"], unit), report.fmt(d0["gepland"], unit),
                         report.fmt(d["gepland"], unit), "" if unit else verschil_tekst(d["verschil_gepland"]),
                         report.fmt(d["verwacht"], unit), tr("ja") if d["gehaald"] else tr("nee")])
        t.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
                t.setItem(r, c, item)
        t.resizeRowsToContents()
        self.meldingen_label.setText("\n".join(w["melding"] for w in s["wijzigingen"] if not w["toegepast"]))

    # --- asking -----------------------------------------------------------------------------------------
    def _add(self) -> None:
        regel = f"{self.soort_combo.currentData()} {self.regel_edit.text().strip()}".strip()
        try:
            atlas.parse_wijziging(regel)
        except StoreError as exc:
            self.fout_label.setText(str(exc))
            return
        self.fout_label.clear()
        self._nieuw.append(regel)
        self.regel_edit.clear()
        self._show_list()

    def _remove(self) -> None:
        row = self.wijzigingen_list.currentRow()
        if row < 0:
            return
        kept = [i for i in range(1, len(self._opgeslagen) + 1) if i not in self._weg]
        if row < len(kept):
            self._weg.append(kept[row])
        else:
            del self._nieuw[row - len(kept)]
        self._show_list()

    def save(self) -> bool:
        """Opslaan: the scenario with its new changes and without the removed ones, all or nothing; then the comparison."""
        naam = self.naam_edit.text().strip()
        s, why = self.controller.save_scenario(naam, self._nieuw, self.omschrijving_edit.text().strip() or None, self._weg)
        if s is None:
            self.fout_label.setText(why)
            return False
        self._fill(s.naam)
        return True
