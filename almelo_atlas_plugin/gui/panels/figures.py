"""The figures panel: the scope's title, its figures and profile as Qt item models (label | value)."""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ...core.output import termen


def tr(text: str) -> str:
    return QCoreApplication.translate("FiguresPanel", text)


def figures_model(rows: Sequence[Tuple[str, str]], first: str, uitleg: Sequence[str] = ()) -> QStandardItemModel:
    """Label and value per row; a row's tooltip explains its term (hard, zacht, …) where it has one."""
    model = QStandardItemModel(0, 2)
    model.setHorizontalHeaderLabels([first, tr("Waarde")])
    for i, (label, value) in enumerate(rows):
        left = QStandardItem(label)
        left.setToolTip(uitleg[i] if i < len(uitleg) and uitleg[i] else label)
        right = QStandardItem(value)
        right.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        model.appendRow([left, right])
    return model


class FiguresTable(QTableView):
    """Two columns that fit the dock's width: the label wraps, the value keeps its width; no scrolling of its own."""

    def __init__(self, name: str, first: str, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.first = first
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.show_rows([])

    def show_rows(self, rows: Sequence[Tuple[str, str]], uitleg: Sequence[str] = ()) -> None:
        self.setModel(figures_model(rows, self.first, uitleg))
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.resizeRowsToContents()
        self.setFixedHeight(header.sizeHint().height() + self.verticalHeader().length() + 2 * self.frameWidth())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API): rewrap the labels at the new width
        super().resizeEvent(event)
        self.resizeRowsToContents()
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + self.verticalHeader().length() + 2 * self.frameWidth())

    def rows(self) -> list:
        m = self.model()
        return [(m.index(r, 0).data(), m.index(r, 1).data()) for r in range(m.rowCount())]


class FiguresPanel(QWidget):
    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("", self)
        self.title.setObjectName("scopeTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.figures = FiguresTable("figuresTable", tr("Cijfer"), self)
        self.profile = FiguresTable("profileTable", tr("Profiel"), self)
        self.terms = QLabel(termen.legenda_regel(), self)  # the figure words in one line, under the figures
        self.terms.setObjectName("termsLine")
        self.terms.setWordWrap(True)
        self.terms.setStyleSheet("font-size: 8pt; font-style: italic;")
        for w in (self.title, self.figures, self.terms, self.profile):
            lay.addWidget(w)

    def show_figures(self, title: str, figures, profile, uitleg: Sequence[str] = ()) -> None:
        self.title.setText(title)
        self.figures.show_rows(figures, uitleg)
        self.figures.setVisible(bool(figures))
        self.terms.setVisible(bool(figures))
        self.profile.show_rows(profile)
        self.profile.setVisible(bool(profile))

    def clear(self) -> None:
        self.show_figures("", [], [])
