"""The figures panel: the scope's title, its dwellings as small tables (netto, bouw, sloop; bouw per segment and per
woningtype), its other figures and profile as Qt item models (label | value)."""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ...core.output import termen
from ...core.output.tables import PROFIEL_KOPPEN, Matrix


def tr(text: str) -> str:
    return QCoreApplication.translate("FiguresPanel", text)


def figures_model(headers: Sequence[str], rows: Sequence[Sequence[str]], uitleg: Sequence[str] = (),
                  header_uitleg: Sequence[str] = (), cel_uitleg: Sequence[Sequence[str]] = ()) -> QStandardItemModel:
    """A label and its values per row, numbers right-aligned; a row's tooltip explains its term (hard, zacht, …), a
    header's its word (netto, bouw, …), a value's what it holds (hard + zacht of a gepland)."""
    model = QStandardItemModel(0, len(headers))
    model.setHorizontalHeaderLabels(list(headers))
    for i, tip in enumerate(header_uitleg):
        if tip:
            model.horizontalHeaderItem(i + 1).setToolTip(tip)
    for i, (label, *values) in enumerate(rows):
        left = QStandardItem(label)
        left.setToolTip(uitleg[i] if i < len(uitleg) and uitleg[i] else label)
        items = [left]
        for j, value in enumerate(values):
            right = QStandardItem(value)
            right.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            tips = cel_uitleg[i] if i < len(cel_uitleg) else ()
            if j < len(tips) and tips[j]:
                right.setToolTip(tips[j])
            items.append(right)
        model.appendRow(items)
    return model


class FiguresTable(QTableView):
    """Columns that fit the dock's width: the label wraps, the values keep their width; no scrolling of its own."""

    def __init__(self, name: str, first: str, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.first = first
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().sectionResized.connect(lambda *_: self._fit())  # the labels rewrap at their new width
        self.show_rows([])

    def show_rows(self, rows: Sequence[Tuple[str, str]], uitleg: Sequence[str] = ()) -> None:
        """Label | value."""
        self._show(figures_model([self.first, tr("Waarde")], rows, uitleg))

    def show_matrix(self, matrix: Matrix) -> None:
        """A small table of figures: its title heads the labels, a column per category or kind."""
        self._show(figures_model([matrix.titel, *matrix.kolommen], [[label, *values] for label, values, *_ in matrix.rijen],
                                 [r[2] for r in matrix.rijen], matrix.kolom_uitleg, [r[3] for r in matrix.rijen]))

    def _show(self, model: QStandardItemModel) -> None:
        self.setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i in range(1, model.columnCount()):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API): rewrap the labels at the new width
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        self.resizeRowsToContents()
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + self.verticalHeader().length() + 2 * self.frameWidth())

    def rows(self) -> List[tuple]:
        """Every row as shown: (label, value, …)."""
        m = self.model()
        return [tuple(m.index(r, c).data() for c in range(m.columnCount())) for r in range(m.rowCount())]


class FiguresPanel(QWidget):
    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("", self)
        self.title.setObjectName("scopeTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        # the dwellings: netto, bouw and sloop per category; bouw per segment; bouw per woningtype
        self.woningen = FiguresTable("woningenTable", "", self)
        self.segmenten = FiguresTable("segmentenTable", "", self)
        self.woningtypen = FiguresTable("woningtypenTable", "", self)
        self.figures = FiguresTable("figuresTable", tr("Cijfer"), self)
        # the profile under its headers: the dwellings, bouwjaar classes, energielabels, the Leefbaarometer
        self.profile = [FiguresTable(f"profileTable{i}", kop, self) for i, kop in enumerate(PROFIEL_KOPPEN)]
        self.terms = QLabel(termen.legenda_regel(), self)  # the figure words in one line, under the figures
        self.terms.setObjectName("termsLine")
        self.terms.setWordWrap(True)
        self.terms.setStyleSheet("font-size: 8pt; font-style: italic;")
        for w in (self.title, self.woningen, self.terms, self.segmenten, self.woningtypen, self.figures, *self.profile):
            lay.addWidget(w)

    def show_figures(self, title: str, figures, profile, uitleg: Sequence[str] = (),
                     matrices: Sequence[Optional[Matrix]] = ()) -> None:
        """`matrices`: the dwellings, per segment and per woningtype; `profile`: its parts under their headers
        (`tables.scope_figures`); a table without rows is left out."""
        self.title.setText(title)
        for table, matrix in zip((self.woningen, self.segmenten, self.woningtypen), (*matrices, None, None, None)):
            if matrix is not None:
                table.show_matrix(matrix)
            else:
                table.show_rows([])
            table.setVisible(matrix is not None and bool(matrix.rijen))
        self.figures.show_rows(figures, uitleg)
        self.figures.setVisible(bool(figures))
        self.terms.setVisible(bool(figures))
        parts = dict(profile)
        for table in self.profile:
            rows = parts.get(table.first, [])
            table.show_rows([(label, value) for _, label, value in rows], [termen.cijfer_uitleg(name) for name, *_ in rows])
            table.setVisible(bool(rows))

    def clear(self) -> None:
        self.show_figures("", [], [])
