"""Thin shell: action, dock, Processing provider, translator, unload."""

from __future__ import annotations

from typing import Optional

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QSettings, Qt, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .core.resources import PLUGIN_DIR, resource_path

MENU = "&Almelo Atlas"


def tr(text: str) -> str:
    return QCoreApplication.translate("AlmeloAtlasPlugin", text)


class AlmeloAtlasPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.action: Optional[QAction] = None
        self.dock = None
        self.provider = None
        self.translator: Optional[QTranslator] = None

    # Processing (no GUI code here, so qgis_process can use it)
    def initProcessing(self) -> None:  # noqa: N802 (QGIS API)
        from .processing.provider import AlmeloAtlasProvider

        if self.provider is None:
            self.provider = AlmeloAtlasProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def _install_translator(self) -> None:
        locale = (QSettings().value("locale/userLocale", "") or QLocale.system().name())[:2]
        qm = PLUGIN_DIR / "i18n" / f"almelo_atlas_{locale}.qm"
        if qm.exists():
            self.translator = QTranslator()
            if self.translator.load(str(qm)):
                QCoreApplication.installTranslator(self.translator)
            else:
                self.translator = None

    def initGui(self) -> None:  # noqa: N802 (QGIS API)
        self._install_translator()
        self.initProcessing()
        self.action = QAction(QIcon(str(resource_path("icons", "atlas.svg"))), tr("Atlas stadsontwikkeling"),
                              self.iface.mainWindow())
        self.action.setObjectName("AlmeloAtlasAction")
        self.action.setCheckable(True)
        self.action.toggled.connect(self.show_dock)
        self.iface.addToolBarIcon(self.action)
        self.iface.addPluginToMenu(MENU, self.action)

    def show_dock(self, visible: bool = True) -> None:
        if self.dock is None:
            from .gui.dock import AtlasDock

            self.dock = AtlasDock(self.iface, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
            self.dock.visibilityChanged.connect(self._dock_visibility)
        self.dock.setVisible(visible)

    def _dock_visibility(self, visible: bool) -> None:
        if self.action is not None and self.action.isChecked() != visible:
            self.action.setChecked(visible)

    def unload(self) -> None:
        if self.dock is not None:
            self.dock.visibilityChanged.disconnect(self._dock_visibility)
            # unsaved atlas edits: asked as on Sluiten; annuleren keeps the layers with their edits in the project
            self.dock.controller.close(keep_layers=not self.dock.confirm_close())
            self.iface.removeDockWidget(self.dock)
            self.dock.setParent(None)
            self.dock.deleteLater()
            self.dock = None
        if self.action is not None:
            self.action.toggled.disconnect(self.show_dock)
            self.iface.removeToolBarIcon(self.action)
            self.iface.removePluginMenu(MENU, self.action)
            self.action.deleteLater()
            self.action = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
