"""Dock *Atlas stadsontwikkeling*: a thin layer over core (open a store, show the figures)."""

from __future__ import annotations

from typing import Optional

from qgis.core import Qgis, QgsProject, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QFontDatabase
from qgis.PyQt.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import report
from ..core.rollup import RollupEngine
from ..core.store import Store, StoreError, open_store

SETTINGS_RECENT = "almelo_atlas/recente_store"


def tr(text: str) -> str:
    return QCoreApplication.translate("AtlasDock", text)


class AtlasDock(QDockWidget):
    def __init__(self, iface, parent: Optional[QWidget] = None):
        super().__init__(tr("Atlas stadsontwikkeling"), parent)
        self.setObjectName("AlmeloAtlasDock")
        self.iface = iface
        self.store: Optional[Store] = None
        self.engine: Optional[RollupEngine] = None
        body = QWidget(self)
        lay = QVBoxLayout(body)
        row = QHBoxLayout()
        self.open_button = QPushButton(tr("Store openen…"), body)
        self.open_button.setObjectName("openButton")
        self.open_button.clicked.connect(self.choose_store)
        self.close_button = QPushButton(tr("Sluiten"), body)
        self.close_button.setObjectName("closeButton")
        self.close_button.clicked.connect(self.close_store)
        self.close_button.setEnabled(False)
        row.addWidget(self.open_button)
        row.addWidget(self.close_button)
        lay.addLayout(row)
        self.store_label = QLabel(tr("Geen store geopend."), body)
        self.store_label.setObjectName("storeLabel")
        self.store_label.setWordWrap(True)
        lay.addWidget(self.store_label)
        self.figures = QPlainTextEdit(body)
        self.figures.setObjectName("figures")
        self.figures.setReadOnly(True)
        self.figures.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.figures.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        lay.addWidget(self.figures, 1)
        self.setWidget(body)

    def choose_store(self) -> None:
        start = QgsSettings().value(SETTINGS_RECENT, "", type=str)
        path, _ = QFileDialog.getOpenFileName(self, tr("Store openen"), start, tr("GeoPackage (*.gpkg)"))
        if path:  # cancelled dialog: nothing to do
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        from ..core.layers import load_atlas

        try:
            store = open_store(path)
        except StoreError as exc:
            self.iface.messageBar().pushMessage(tr("Atlas stadsontwikkeling"), str(exc), Qgis.MessageLevel.Warning, 10)
            return False
        if self.store is not None and self.store.path != store.path:
            self.close_store()
        self.store = store
        self.engine = RollupEngine(store)
        load_atlas(store, QgsProject.instance())
        QgsSettings().setValue(SETTINGS_RECENT, str(store.path))
        self.store_label.setText(tr("Store: {path}").format(path=store.path))
        self.close_button.setEnabled(True)
        self.refresh()
        return True

    def refresh(self) -> None:
        if self.engine is None:
            self.figures.setPlainText("")
            return
        result = self.engine.compute()
        self.figures.setPlainText(report.table_text(result, "stad") + "\n\n" + report.table_text(result, "wijk"))

    def close_store(self) -> None:
        from ..core.layers import unload_atlas

        if self.store is not None:
            unload_atlas(self.store, QgsProject.instance())
        self.store = None
        self.engine = None
        self.store_label.setText(tr("Geen store geopend."))
        self.close_button.setEnabled(False)
        self.figures.setPlainText("")


__all__ = ["AtlasDock", "Qt"]
