"""The dock's questions and file dialogs: close with unsaved work, add a layer, the agenda and the Excel figures."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, List, Optional

from qgis.core import QgsProject, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QDate, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from ..core.model.schema import SCHEMA_VERSION
from ..core.store.base import CONNECTION_PREFIX, StoreError
from .controller import AtlasController
from .messages import notify

SETTINGS_FOLDER = "almelo_atlas/laatste_map"


def tr(text: str) -> str:
    return QCoreApplication.translate("AtlasDialogs", text)


def chart_widget(parent: QWidget) -> Optional[QWidget]:
    """The chart panel (SVG); without QtSvg the chart is left out and the figures stay."""
    try:
        from .panels.chart import ChartPanel
    except ImportError:
        return None
    return ChartPanel(parent)


def unsaved_text(names: List[str]) -> str:
    return tr("Niet opgeslagen wijzigingen in: {lagen}").format(lagen=", ".join(names))


def confirm_close(parent: QWidget, controller: AtlasController) -> bool:
    """Opslaan / verwerpen / annuleren when there is unsaved work (True: go on closing)."""
    layers = controller.unsaved_layers()
    if not layers:
        return True
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Atlas sluiten"),
                      unsaved_text([lyr.name() for lyr in layers]) + "\n" + tr("Wilt u ze opslaan voordat de atlas sluit?"),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("closeQuestion")
    save = box.addButton(tr("Opslaan"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(tr("Verwerpen"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
    save.setObjectName("saveAnswer")
    discard.setObjectName("discardAnswer")
    cancel.setObjectName("cancelAnswer")
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    if box.clickedButton() is save:
        return controller.save_edits()
    if box.clickedButton() is discard:
        controller.discard_edits()
        return True
    return False


def ask_connection(parent: QWidget, iface) -> Optional[str]:
    """A saved PostgreSQL connection of QGIS and a schema: credentials come from QGIS's authentication database."""
    from ..core.store.connections import saved_connections

    names = saved_connections()
    if not names:
        notify(iface, tr("Geen PostgreSQL-verbindingen in QGIS; maak er een in de Browser (PostgreSQL)."))
        return None
    name, ok = QInputDialog.getItem(parent, tr("PostGIS-store openen"), tr("Verbinding"), names, 0, False)
    if not ok or not name:
        return None
    schema, ok = QInputDialog.getText(parent, tr("PostGIS-store openen"), tr("Schema"), text="atlas")
    return f"{CONNECTION_PREFIX}{name}?schema={schema.strip()}" if ok and schema else None


def agree_to_migrate(parent: QWidget, path: str, version: int) -> bool:
    answer = QMessageBox.question(
        parent, tr("Atlas stadsontwikkeling"),
        tr("Store '{path}' heeft schemaversie {oud}; deze plugin werkt met versie {nieuw}. De store bijwerken? "
           "Oudere versies van de plugin kunnen hem daarna niet meer openen.").format(path=path, oud=version, nieuw=SCHEMA_VERSION),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def add_current_layer(parent: QWidget, iface, controller: AtlasController) -> Optional[str]:
    """Curate: put the active layer (with its style) in the store's layer catalogue and reload the atlas."""
    from ..core.output.layers import catalogue

    layer = iface.activeLayer()
    if controller.store is None or layer is None:
        notify(iface, tr("Kies eerst een laag in het lagenpaneel."), "info")
        return None
    groups = sorted({str(e["groep"]) for e in catalogue(controller.store)})
    start = groups.index("Overige lagen") if "Overige lagen" in groups else 0
    group, ok = QInputDialog.getItem(parent, tr("Laag aan de atlas toevoegen"), tr("Groep in de atlas"), groups, start, True)
    if not ok or not group:
        return None
    laag = controller.add_layer(layer, group)
    if laag:
        notify(iface, tr("Laag '{naam}' staat nu in de atlas (groep {groep}).").format(naam=layer.name(), groep=group), "success")
    return laag


def _save_path(parent: QWidget, title: str, name: str, filter_: str) -> str:
    """A file name suggested in the last used folder (home at first)."""
    folder = QgsSettings().value(SETTINGS_FOLDER, "") or str(Path.home())
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / name), filter_)
    if path:
        QgsSettings().setValue(SETTINGS_FOLDER, str(Path(path).parent))
    return path


def export_agenda(parent: QWidget, iface, controller: AtlasController, path: Optional[str] = None):
    """One PDF: stad page, then a page per wijk, at the peildatum when it is set; afterwards offers to open it."""
    if controller.store is None:
        return None
    ask = not path  # chosen in the dialog: offer to open the result
    if not path:
        path = _save_path(parent, tr("Agenda opslaan"), f"agenda_{QDate.currentDate().toString('yyyy-MM-dd')}.pdf", tr("PDF (*.pdf)"))
    if not path:
        return None
    info = controller.agenda(path)
    if info is None:
        return None
    text = tr("Agenda geschreven: {path} ({summary})").format(path=path, summary=info.summary)
    notify(iface, text, "success")
    if ask:
        answer = QMessageBox.question(parent, tr("Agenda geschreven"), text + "\n" + tr("De PDF nu openen?"),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))
    return info


def export_excel(parent: QWidget, iface, controller: AtlasController, path: Optional[str] = None) -> Optional[str]:
    if controller.store is None or controller.result is None:
        return None
    if not path:
        path = _save_path(parent, tr("Cijfers opslaan"), f"cijfers_{QDate.currentDate().toString('yyyy-MM-dd')}.xlsx", tr("Excel (*.xlsx)"))
    if path and controller.excel(path):
        notify(iface, tr("Excel geschreven: {path}").format(path=path), "success")
        return path
    return None


def edit_layouts(iface, controller: AtlasController) -> None:
    """One Layout Designer, on the wijk layout filled as it prints, the atlas preview on the first wijk."""
    from ..core.output.agenda import prepare_for_designer

    if controller.store is None:
        return
    try:
        layout = prepare_for_designer(QgsProject.instance(), controller.store, controller.result)
    except StoreError as exc:  # e.g. the atlas's wijken removed from the project
        notify(iface, str(exc))
        return
    designer = iface.openLayoutDesigner(layout) if hasattr(iface, "openLayoutDesigner") else None
    if designer is not None:
        designer.setAtlasPreviewEnabled(True)


def toggle_pick(canvas, tool, on: bool, picked: Callable, gone: Callable):
    """The map tool that picks a wijk: returns the active tool (None when off)."""
    if on:
        from .maptool import PointPickTool

        tool = PointPickTool(canvas)
        tool.picked.connect(picked)
        tool.deactivated.connect(gone)
        canvas.setMapTool(tool)
        return tool
    if tool is not None and canvas.mapTool() is tool:
        canvas.unsetMapTool(tool)
    return None
