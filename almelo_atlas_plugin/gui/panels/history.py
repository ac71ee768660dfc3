"""The history panel: the changes of one location, newest first, with field labels; restore a version, promote."""

from __future__ import annotations

from typing import List, Optional

from qgis.PyQt.QtCore import QCoreApplication, QSize, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QGroupBox, QHBoxLayout, QListView, QListWidget, QListWidgetItem, QPushButton, QStyledItemDelegate, QVBoxLayout, QWidget

from ...core.model.schema import TABLES_BY_NAME
from ...core.model.tijd import local_time

SKIP = {"geom", "bijgewerkt_door", "bijgewerkt_op", "wijk_code", "versie", "versie_gezien"}


def tr(text: str) -> str:
    return QCoreApplication.translate("HistoryPanel", text)


def describe(change: dict) -> str:
    """One change as a planner reads it: when, who, what, with the fields' labels."""
    when = local_time(change["tijd"], seconds=False)  # Dutch time
    who = change.get("gebruiker") or "?"
    actie = {"insert": tr("toegevoegd"), "update": tr("gewijzigd"), "delete": tr("verwijderd")}[change["actie"]]
    if change["laag"] == "locatie_opgaven":
        row = change["nieuw"] or change["oud"]
        return f"{when} — {who} — " + tr("opgave {code} {actie}").format(code=row["opgave_code"], actie=actie)
    parts = []
    if change["actie"] == "update":
        labels = {f.name: f.label for f in TABLES_BY_NAME[change["laag"]].fields}
        for k, v in change["nieuw"].items():
            if k not in SKIP and change["oud"].get(k) != v:
                parts.append(f"{labels.get(k) or k}: {change['oud'].get(k)} → {v}")
        if change["oud"].get("geom") != change["nieuw"].get("geom"):
            parts.append(tr("geometrie"))
    return f"{when} — {who} — {actie}" + (": " + "; ".join(parts) if parts else "")


class WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped at the list's present width (Qt measures them once, at a narrower one)."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt API)
        view = self.parent()
        width = max(view.viewport().width() - 2 * view.spacing() - 8, 50)
        lines = option.fontMetrics.boundingRect(0, 0, width, 10_000, int(Qt.TextFlag.TextWordWrap), index.data() or "")
        return QSize(width, lines.height() + 6)


class HistoryPanel(QGroupBox):
    restore_requested = pyqtSignal(int)  # wijziging_id
    promote_requested = pyqtSignal()

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(tr("Historie van de locatie"), parent)
        self.setObjectName("historyBox")
        lay = QVBoxLayout(self)
        self.history_list = QListWidget(self)
        self.history_list.setObjectName("historyList")
        self.history_list.setMinimumHeight(120)
        self.history_list.setWordWrap(True)  # a change's fields in full, not cut off at the dock's edge
        self.history_list.setResizeMode(QListView.ResizeMode.Adjust)  # rewrap (and re-measure) at every width
        self.history_list.setSpacing(2)
        self.history_list.setItemDelegate(WrapDelegate(self.history_list))
        self.history_list.currentItemChanged.connect(self._chosen)
        lay.addWidget(self.history_list)
        row = QHBoxLayout()
        self.restore_button = QPushButton(tr("Deze versie herstellen"), self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self._restore)
        self.promote_button = QPushButton(tr("Potloodplan → project"), self)
        self.promote_button.setObjectName("promoteButton")
        self.promote_button.setToolTip(tr("Maakt van het geselecteerde potloodplan een project (zacht); programma, opgaven en historie gaan mee."))
        self.promote_button.clicked.connect(self.promote_requested.emit)
        row.addWidget(self.restore_button)
        row.addWidget(self.promote_button)
        lay.addLayout(row)
        self.show_history(None, [])

    def show_history(self, laag: Optional[str], changes: List[dict]) -> None:
        """The changes of one location (newest first); laag None: no single location is selected."""
        self.history_list.clear()
        self.setEnabled(laag is not None)
        self.setToolTip("" if laag else tr("Selecteer één locatie op de kaart om haar historie te zien."))
        self.promote_button.setEnabled(laag == "potloodplannen")
        for change in changes:
            item = QListWidgetItem(describe(change))
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, change["wijziging_id"] if change["laag"] == laag else None)
            self.history_list.addItem(item)
        self._chosen()

    def _chosen(self, *args) -> None:
        item = self.history_list.currentItem()
        self.restore_button.setEnabled(item is not None and item.data(Qt.ItemDataRole.UserRole) is not None)

    def _restore(self) -> None:
        item = self.history_list.currentItem()
        wid = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if wid is not None:
            self.restore_requested.emit(int(wid))
