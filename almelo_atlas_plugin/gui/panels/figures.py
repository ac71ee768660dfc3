"""The figures panel: the scope's title, its figures and profile as Qt item models (label | value)."""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("FiguresPanel", text)


def figures_model(rows: Sequence[Tuple[str, str]], first: str) -> QStandardItemModel:
    model = QStandardItemModel(0, 2)
    model.setHorizontalHeaderLabels([first, tr("Waarde")])
    for label, value in rows:
        left = QStandardItem(label)
        left.setToolTip(label)
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

    def show_rows(self, rows: Sequence[Tuple[str, str]]) -> None:
        self.setModel(figures_model(rows, self.first))
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
        for w in (self.title, self.figures, self.profile):
            lay.addWidget(w)

    def show_figures(self, title: str, figures, profile) -> None:
        self.title.setText(title)
        self.figures.show_rows(figures)
        self.figures.setVisible(bool(figures))
        self.profile.show_rows(profile)
        self.profile.setVisible(bool(profile))

    def clear(self) -> None:
        self.show_figures("", [], [])
