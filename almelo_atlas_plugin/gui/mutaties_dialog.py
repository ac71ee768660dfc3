"""The dock's "Mutaties…": what changed between two dates, compact — the stad reconciled (begin, the buckets, eind), the
changed locations (double-click: to the map), the mutatiekaart and the workbook. Everything through the controller."""

from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtCore import QCoreApplication, QDate
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.output import mutaties as words
from ..core.output.tables import figure_label, fmt, numeric_text
from .controller import AtlasController


def tr(text: str) -> str:
    return QCoreApplication.translate("MutatiesDialog", text)


def _fill(table: QTableWidget, headers, rows) -> None:
    from qgis.PyQt.QtCore import Qt

    table.clear()
    table.setColumnCount(len(headers))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(headers)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            item = QTableWidgetItem(str(text))
            item.setToolTip(str(text))
            if numeric_text(str(text)):
                item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
            table.setItem(i, j, item)
    table.resizeColumnsToContents()
    if table.horizontalHeader().stretchLastSection():  # the last column (what changed) takes the rest and wraps
        table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        table.setWordWrap(True)
        table.resizeRowsToContents()
    if table.rowCount():  # every row in view when there is room
        table.setMinimumHeight(min(table.rowHeight(0) * (table.rowCount() + 1) + 8, 260))


class MutatiesDialog(QDialog):
    def __init__(self, controller: AtlasController, parent: Optional[QWidget] = None, van: str = ""):
        super().__init__(parent)
        self.controller = controller
        self.report = None
        self.setWindowTitle(tr("Mutaties: wat veranderde er?"))
        self.resize(1060, 700)
        box = QVBoxLayout(self)
        row = QHBoxLayout()
        self.van_edit = QLineEdit(van, self)
        self.van_edit.setPlaceholderText("JJJJ-MM-DD")
        self.tot_edit = QLineEdit(self)
        self.tot_edit.setPlaceholderText(tr("leeg = nu"))
        self.run_button = QPushButton(tr("Berekenen"), self)
        for w in (QLabel(tr("Van"), self), self.van_edit, QLabel(tr("tot"), self), self.tot_edit, self.run_button):
            row.addWidget(w)
        box.addLayout(row)
        self.note = QLabel(tr("Een datum is het einde van die dag (Nederlandse tijd)."), self)
        self.note.setWordWrap(True)
        box.addWidget(self.note)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setVisible(False)
        box.addWidget(self.error_label)
        self.stad_table = QTableWidget(self)
        self.locaties_table = QTableWidget(self)
        for t in (self.stad_table, self.locaties_table):
            t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            t.verticalHeader().setVisible(False)
            t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 6)  # compact rows
        self.locaties_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.locaties_table.horizontalHeader().setStretchLastSection(True)
        self.stad_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        box.addWidget(QLabel(tr("De stad: begin + mutaties = eind"), self))
        box.addWidget(self.stad_table, 2)
        box.addWidget(self.summary)
        box.addWidget(self.locaties_table, 3)
        buttons = QHBoxLayout()
        self.map_button = QPushButton(tr("Mutatiekaart tonen"), self)
        self.excel_button = QPushButton(tr("Excel…"), self)
        self.close_button = QPushButton(tr("Sluiten"), self)
        for b in (self.map_button, self.excel_button):
            b.setEnabled(False)
        buttons.addWidget(self.map_button)
        buttons.addWidget(self.excel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        box.addLayout(buttons)
        self.run_button.clicked.connect(self.run)
        self.van_edit.returnPressed.connect(self.run)
        self.tot_edit.returnPressed.connect(self.run)
        self.map_button.clicked.connect(self.show_map)
        self.excel_button.clicked.connect(lambda: self.save_excel())
        self.close_button.clicked.connect(self.close)
        self.locaties_table.cellDoubleClicked.connect(self._to_map)

    def run(self) -> bool:
        report, error = self.controller.mutaties(self.van_edit.text(), self.tot_edit.text())
        self.error_label.setText(error)
        self.error_label.setVisible(bool(error))
        if report is None:
            return False
        self.report = report
        _fill(self.stad_table, [tr("Cijfer"), *(words.KOP[k] for k in words.KOLOMMEN)], words.afstemming_rows(report.stad))
        rows = [[words.BUCKET_LABELS[w.bucket], w.naam or "", words.wijk_label(w.wijk_van if w.bucket == "vervallen" else w.wijk_tot,
                                                                              report),
                 words.signed(w.value("won_gepland")), words.signed(w.value("won_gerealiseerd")), w.toelichting]
                for b in words.PRECEDENCE for w in report.in_bucket(b)]
        _fill(self.locaties_table, [tr("Mutatie"), tr("Locatie"), tr("Wijk"), tr("Δ gepland"), tr("Δ gerealiseerd"), tr("Wat")], rows)
        self._keys = [(w.laag, w.fid) for b in words.PRECEDENCE for w in report.in_bucket(b)]
        a = report.stad
        self.summary.setText(tr("{periode}: {cijfer} van {begin} naar {eind}; {n} locaties met een mutatie.").format(
            periode=words.periode(report), cijfer=figure_label("won_gepland"), begin=fmt(a.get("won_gepland", "begin")),
            eind=fmt(a.get("won_gepland", "eind")), n=len(report.locaties)))
        for b in (self.map_button, self.excel_button):
            b.setEnabled(True)
        return True

    def show_map(self):
        return self.controller.show_mutatiekaart(self.report) if self.report is not None else None

    def save_excel(self, path: Optional[str] = None) -> Optional[str]:
        if self.report is None:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, tr("Mutaties opslaan"),
                                                  f"mutaties_{QDate.currentDate().toString('yyyy-MM-dd')}.xlsx", tr("Excel (*.xlsx)"))
        return self.controller.mutaties_excel(self.report, path) if path else None

    def _to_map(self, row: int, _column: int) -> None:
        laag, fid = self._keys[row]
        lyr = self.controller.atlas_layers().get(laag)
        if lyr is None:
            return
        lyr.selectByIds([fid])
        if lyr.selectedFeatureCount():
            self.controller.zoom_to(lyr.boundingBoxOfSelected(), lyr)
