"""Dock *Atlas stadsontwikkeling*: a thin layer over core.

Open a store, load the atlas, switch Stad / Wijk / Locatie, show figures, profile, goals
(progress bars) and the chart per year; figures refresh when an edit is saved.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsExpression,
    QgsFeatureRequest,
    QgsProject,
    QgsRectangle,
    QgsSettings,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QByteArray, QCoreApplication, QDate, Qt, QTimer
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDockWidget,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import atlas
from ..core.figures.result import Rollup
from ..core.figures.rollup import RollupEngine
from ..core.model.roles import ATLAS_PROPERTY, LAAG_PROPERTY, laag_of
from ..core.model.schema import CONFLICT_MARK, SCHEMA_VERSION
from ..core.output import charts
from ..core.output import tables as report
from ..core.output.layers import load_atlas, name_filter, unload_atlas
from ..core.store.base import CONNECTION_PREFIX, MigrationNeeded, Store, StoreError
from ..core.store.messages import conflict_message, refusal_message
from .messages import notify
from .panels.goals import GoalsPanel

SETTINGS_RECENT = "almelo_atlas/recente_stores"
SCOPES = ("stad", "wijk", "locatie")


def tr(text: str) -> str:
    return QCoreApplication.translate("AtlasDock", text)


class AtlasDock(QDockWidget):
    def __init__(self, iface, parent: Optional[QWidget] = None):
        super().__init__(tr("Atlas stadsontwikkeling"), parent)
        self.setObjectName("AlmeloAtlasDock")
        self.iface = iface
        self.store: Optional[Store] = None
        self.engine: Optional[RollupEngine] = None
        self.result: Optional[Rollup] = None
        self.scope = "stad"
        self.wijk_code: Optional[str] = None
        self._watched: List[QgsVectorLayer] = []
        self._pick_tool = None
        self._build()

    # --- widgets ---------------------------------------------------------------------------
    def _build(self) -> None:
        body = QWidget(self)
        lay = QVBoxLayout(body)
        row = QHBoxLayout()
        self.open_button = QPushButton(tr("Atlas openen…"), body)
        self.open_button.setObjectName("openButton")
        self.open_button.clicked.connect(self.choose_store)
        self.pg_button = QPushButton(tr("PostGIS…"), body)
        self.pg_button.setObjectName("pgButton")
        self.pg_button.setToolTip(tr("Een store openen via een in QGIS opgeslagen PostgreSQL-verbinding"))
        self.pg_button.clicked.connect(self.choose_connection)
        self.recent_combo = QComboBox(body)
        self.recent_combo.setObjectName("recentCombo")
        self.recent_combo.setToolTip(tr("Recent geopende stores"))
        self.recent_combo.activated.connect(self._open_recent)
        self.close_button = QPushButton(tr("Sluiten"), body)
        self.close_button.setObjectName("closeButton")
        self.close_button.clicked.connect(self.close_atlas)
        self.close_button.setEnabled(False)
        row.addWidget(self.open_button)
        row.addWidget(self.pg_button)
        row.addWidget(self.recent_combo, 1)
        row.addWidget(self.close_button)
        lay.addLayout(row)
        self.add_layer_button = QPushButton(tr("Huidige laag aan de atlas toevoegen"), body)
        self.add_layer_button.setObjectName("addLayerButton")
        self.add_layer_button.setToolTip(tr("Voor de beheerder: de actieve laag met haar stijl in de lagencatalogus van de store zetten, "
                                            "zodat iedereen die de store opent dezelfde atlas ziet."))
        self.add_layer_button.clicked.connect(self.add_current_layer)
        self.add_layer_button.setEnabled(False)
        lay.addWidget(self.add_layer_button)
        out_row = QHBoxLayout()
        self.agenda_button = QPushButton(tr("Agenda (PDF)…"), body)
        self.agenda_button.setObjectName("agendaButton")
        self.agenda_button.clicked.connect(self.export_agenda)
        self.excel_button = QPushButton(tr("Cijfers (Excel)…"), body)
        self.excel_button.setObjectName("excelButton")
        self.excel_button.clicked.connect(self.export_excel)
        self.layout_button = QPushButton(tr("Opmaak bewerken"), body)
        self.layout_button.setObjectName("layoutButton")
        self.layout_button.setToolTip(tr("De afdrukopmaak in de Layout Designer openen; uw wijzigingen gelden voor de volgende export."))
        self.layout_button.clicked.connect(self.edit_layouts)
        for b in (self.agenda_button, self.excel_button, self.layout_button):
            b.setEnabled(False)
            out_row.addWidget(b)
        lay.addLayout(out_row)
        self.store_label = QLabel(tr("Open een atlas: een GeoPackage (.gpkg) of een PostGIS-verbinding."), body)
        self.store_label.setObjectName("storeLabel")
        self.store_label.setWordWrap(True)
        lay.addWidget(self.store_label)
        # unsaved edits of the atlas's layers (tags included): always in sight, with save / discard
        self.unsaved_box = QWidget(body)
        self.unsaved_box.setObjectName("unsavedBox")
        self.unsaved_box.setStyleSheet("#unsavedBox { background-color: #fdebd0; border: 1px solid #e67e22; }")
        urow = QHBoxLayout(self.unsaved_box)
        urow.setContentsMargins(6, 3, 6, 3)
        self.unsaved_label = QLabel("", self.unsaved_box)
        self.unsaved_label.setObjectName("unsavedLabel")
        self.unsaved_label.setWordWrap(True)
        self.save_button = QPushButton(tr("Opslaan"), self.unsaved_box)
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self.save_edits)
        self.discard_button = QPushButton(tr("Verwerpen"), self.unsaved_box)
        self.discard_button.setObjectName("discardButton")
        self.discard_button.clicked.connect(self.discard_edits)
        urow.addWidget(self.unsaved_label, 1)
        urow.addWidget(self.save_button)
        urow.addWidget(self.discard_button)
        self.unsaved_box.setVisible(False)
        lay.addWidget(self.unsaved_box)

        scope_row = QHBoxLayout()
        self.scope_group = QButtonGroup(body)
        self.scope_buttons: Dict[str, QRadioButton] = {}
        for i, (key, label) in enumerate((("stad", tr("Stad")), ("wijk", tr("Wijk")), ("locatie", tr("Locatie")))):
            b = QRadioButton(label, body)
            b.setObjectName(f"scope_{key}")
            self.scope_group.addButton(b, i)
            self.scope_buttons[key] = b
            scope_row.addWidget(b)
        self.scope_buttons["stad"].setChecked(True)
        self.scope_group.buttonClicked.connect(lambda b: self.set_scope(SCOPES[self.scope_group.id(b)]))
        self.wijk_combo = QComboBox(body)
        self.wijk_combo.setObjectName("wijkCombo")
        self.wijk_combo.activated.connect(lambda i: self.select_wijk(self.wijk_combo.itemData(i)))
        scope_row.addWidget(self.wijk_combo, 1)
        self.pick_button = QPushButton(tr("Kies op kaart"), body)
        self.pick_button.setObjectName("pickButton")
        self.pick_button.setCheckable(True)
        self.pick_button.toggled.connect(self._toggle_pick)
        scope_row.addWidget(self.pick_button)
        lay.addLayout(scope_row)

        search_row = QHBoxLayout()
        self.search_edit = QLineEdit(body)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(tr("Zoek locatie op naam…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.returnPressed.connect(lambda: self.find_locations(self.search_edit.text()))
        search_row.addWidget(self.search_edit, 1)
        self.search_label = QLabel("", body)
        self.search_label.setObjectName("searchLabel")
        search_row.addWidget(self.search_label)
        lay.addLayout(search_row)

        peil_row = QHBoxLayout()
        self.peildatum_check = QCheckBox(tr("Peildatum"), body)
        self.peildatum_check.setObjectName("peildatumCheck")
        self.peildatum_check.setToolTip(tr("De cijfers zoals de store er op die dag voor stond (herbouwd uit de historie)."))
        self.peildatum_edit = QDateEdit(body)
        self.peildatum_edit.setObjectName("peildatumEdit")
        self.peildatum_edit.setCalendarPopup(True)
        self.peildatum_edit.setDisplayFormat("dd-MM-yyyy")
        self.peildatum_edit.setDate(QDate(2021, 1, 1))
        self.peildatum_check.toggled.connect(self.refresh)
        self.peildatum_edit.dateChanged.connect(lambda *_: self.peildatum_check.isChecked() and self.refresh())
        peil_row.addWidget(self.peildatum_check)
        peil_row.addWidget(self.peildatum_edit)
        peil_row.addStretch(1)
        lay.addLayout(peil_row)
        self.title = QLabel("", body)
        self.title.setObjectName("scopeTitle")
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        lay.addWidget(self.title)

        scroll = self.scroll = QScrollArea(body)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(scroll)
        ilay = QVBoxLayout(inner)
        self.figures = self._two_column_table(inner, "figuresTable", tr("Cijfer"))
        ilay.addWidget(self.figures)
        self.profile = self._two_column_table(inner, "profileTable", tr("Profiel"))
        ilay.addWidget(self.profile)
        self.goals_box = GoalsPanel(inner)
        ilay.addWidget(self.goals_box)
        self.tag_box = QGroupBox(tr("Opgaven van de selectie"), inner)
        self.tag_box.setObjectName("tagBox")
        self.tag_layout = QGridLayout(self.tag_box)
        self.tag_checks: Dict[str, QCheckBox] = {}
        self.apply_tags_button = QPushButton(tr("Toepassen"), self.tag_box)
        self.apply_tags_button.setObjectName("applyTagsButton")
        self.apply_tags_button.setToolTip(tr("Eén stap in de bewerkingsbuffer: ongedaan maken met Ctrl+Z, bewaren met Opslaan bovenin de dock."))
        self.apply_tags_button.clicked.connect(self.apply_tags)
        self.tag_box.setEnabled(False)
        ilay.addWidget(self.tag_box)
        self.select_wijk_button = QPushButton(tr("Alle locaties van deze wijk selecteren"), inner)
        self.select_wijk_button.setObjectName("selectWijkButton")
        self.select_wijk_button.clicked.connect(self.select_wijk_locations)
        ilay.addWidget(self.select_wijk_button)
        self.history_box = QGroupBox(tr("Historie van de locatie"), inner)
        self.history_box.setObjectName("historyBox")
        hlay = QVBoxLayout(self.history_box)
        self.history_list = QListWidget(self.history_box)
        self.history_list.setObjectName("historyList")
        self.history_list.setMinimumHeight(120)
        self.history_list.setWordWrap(True)  # a change's fields in full, not cut off at the dock's edge
        hlay.addWidget(self.history_list)
        hrow = QHBoxLayout()
        self.restore_button = QPushButton(tr("Deze versie herstellen"), self.history_box)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self.restore_selected_version)
        self.promote_button = QPushButton(tr("Potloodplan → project"), self.history_box)
        self.promote_button.setObjectName("promoteButton")
        self.promote_button.setToolTip(tr("Maakt van het geselecteerde potloodplan een project (zacht); programma, opgaven en historie gaan mee."))
        self.promote_button.clicked.connect(self.promote_selected)
        hrow.addWidget(self.restore_button)
        hrow.addWidget(self.promote_button)
        hlay.addLayout(hrow)
        self.history_box.setEnabled(False)
        ilay.addWidget(self.history_box)
        self.chart = None
        try:
            from qgis.PyQt.QtSvg import QSvgWidget

            self.chart = QSvgWidget(inner)
            self.chart.setObjectName("chart")
            self.chart.setMinimumHeight(230)
            ilay.addWidget(self.chart)
        except ImportError:  # no QtSvg: the chart is left out, the figures stay
            pass
        ilay.addStretch(1)
        scroll.setWidget(inner)
        lay.addWidget(scroll, 1)
        self.setWidget(body)
        self.setMinimumWidth(420)
        self._fill_recent()

    @staticmethod
    def _two_column_table(parent: QWidget, name: str, first: str) -> QTableWidget:
        table = QTableWidget(0, 2, parent)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels([first, tr("Waarde")])
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        return table

    # --- opening and closing -------------------------------------------------------------------
    def _recent(self) -> List[str]:
        value = QgsSettings().value(SETTINGS_RECENT, [], type=list) or []
        return [str(v) for v in value if v]

    def _fill_recent(self) -> None:
        self.recent_combo.clear()
        self.recent_combo.addItem(tr("Recent…"), None)
        for path in self._recent():
            self.recent_combo.addItem(path, path)

    def _open_recent(self, index: int) -> None:
        path = self.recent_combo.itemData(index)
        if path:
            self.open_path(path)

    def choose_store(self) -> None:
        recent = self._recent()
        path, _ = QFileDialog.getOpenFileName(self, tr("Atlas openen"), recent[0] if recent else "", tr("GeoPackage (*.gpkg)"))
        if path:  # a cancelled dialog does nothing
            self.open_path(path)

    def choose_connection(self) -> None:
        """A saved PostgreSQL connection of QGIS and a schema: credentials come from QGIS's authentication database."""
        from ..core.store.connections import saved_connections

        names = saved_connections()
        if not names:
            notify(self.iface, tr("Geen PostgreSQL-verbindingen in QGIS; maak er een in de Browser (PostgreSQL)."), "warning", 10)
            return
        name, ok = QInputDialog.getItem(self, tr("PostGIS-store openen"), tr("Verbinding"), names, 0, False)
        if not ok or not name:
            return
        schema, ok = QInputDialog.getText(self, tr("PostGIS-store openen"), tr("Schema"), text="atlas")
        if ok and schema:
            self.open_path(f"{CONNECTION_PREFIX}{name}?schema={schema.strip()}")

    def open_path(self, path: str) -> bool:
        if self.store is not None and not self.confirm_close():  # unsaved work first, before anything is opened or migrated
            return False
        try:
            try:
                store = atlas.open_store(path)
            except MigrationNeeded as exc:  # an older atlas: migrate only when the user agrees
                if not self._agree_to_migrate(path, exc.version):
                    return False
                store = atlas.open_store(path, migrate=True)
            engine = atlas.engine(store)
            result = atlas.figures(store, self.peildatum(), keep=engine)
        except StoreError as exc:
            notify(self.iface, str(exc), "warning", 10)
            return False
        if self.store is not None:
            self.close_store()
        self.store, self.engine, self.result = store, engine, result
        load_atlas(store, QgsProject.instance())
        self._watch_layers()
        QgsProject.instance().cleared.connect(self._project_cleared)
        # a connection string is remembered only without a password (credentials: auth database or pg_service)
        keep = [a for a in (atlas.remembered_address(path, store),) if a]
        recent = keep + [p for p in self._recent() if p not in keep]
        QgsSettings().setValue(SETTINGS_RECENT, recent[:8])
        self._fill_recent()
        self.store_label.setText(tr("Atlas: {path}").format(path=store.label))
        proj = self.atlas_layers().get("projecten")
        if proj is not None and not proj.supportsEditing():  # e.g. a PostGIS user without atlas_redacteur
            note = tr("Alleen lezen: uw gebruiker mag deze store niet wijzigen (daarvoor is de rol atlas_redacteur nodig).")
            self.store_label.setText(self.store_label.text() + " — " + tr("alleen lezen"))
            notify(self.iface, note, "info", 10)
        self.close_button.setEnabled(True)
        self.add_layer_button.setEnabled(True)
        for b in (self.agenda_button, self.excel_button, self.layout_button):
            b.setEnabled(True)
        self._zoom_to_layer("gemeente")  # the whole gemeente in view, whatever the map showed before
        self._build_tag_checks()
        self.wijk_combo.clear()
        for w in result.wijken:
            self.wijk_combo.addItem(f"{w.naam} ({w.wijk_code})", w.wijk_code)
        self.show_scope()
        return True

    # --- unsaved edits: shown in the dock, asked about before the atlas closes ----------------------
    def unsaved_layers(self) -> List[QgsVectorLayer]:
        """The atlas's layers (location layers and the tags table) with edits not yet saved."""
        out = []
        for lyr in self.atlas_layers().values():
            try:
                if isinstance(lyr, QgsVectorLayer) and lyr.isEditable() and lyr.isModified():
                    out.append(lyr)
            except RuntimeError:  # layer already deleted
                continue
        return out

    def _unsaved_text(self, layers: List[QgsVectorLayer]) -> str:
        names = ", ".join(lyr.name() for lyr in layers)
        return tr("Niet opgeslagen wijzigingen in: {lagen}").format(lagen=names)

    def _show_unsaved(self, *args) -> None:
        layers = self.unsaved_layers()
        self.unsaved_label.setText(self._unsaved_text(layers) if layers else "")
        self.unsaved_box.setVisible(bool(layers))

    def save_edits(self) -> bool:
        """Save every unsaved atlas layer; stop at the first refusal (its edits stay in the buffer, explained)."""
        for lyr in self.unsaved_layers():
            if not lyr.commitChanges(False):  # stays editable to be corrected; _before_commit explains the refusal
                self._show_unsaved()
                return False
            lyr.commitChanges(True)  # nothing left to save: leave edit mode, as QGIS's own save-and-stop does
        self._show_unsaved()
        return True

    def discard_edits(self) -> None:
        for lyr in self.unsaved_layers():
            lyr.rollBack(True)
        self._show_unsaved()
        self._show_tags()

    def confirm_close(self) -> bool:
        """Before the atlas closes: opslaan / verwerpen / annuleren when there is unsaved work (True: go on)."""
        layers = self.unsaved_layers()
        if not layers:
            return True
        from qgis.PyQt.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, tr("Atlas sluiten"),
                          self._unsaved_text(layers) + "\n" + tr("Wilt u ze opslaan voordat de atlas sluit?"),
                          QMessageBox.StandardButton.NoButton, self)
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
            return self.save_edits()
        if box.clickedButton() is discard:
            self.discard_edits()
            return True
        return False

    def close_atlas(self) -> bool:
        """The dock's Sluiten: asks about unsaved work first; False when the user cancelled (or a save failed)."""
        if not self.confirm_close():
            return False
        self.close_store()
        return True

    def _project_cleared(self) -> None:
        """QGIS closed the project (it asked about unsaved layer edits itself): the atlas's layers are gone, so is the store."""
        self.close_store(keep_layers=True)

    def close_store(self, keep_layers: bool = False) -> None:
        """Close the store; keep_layers leaves its layers (and their unsaved edits) in the project, for QGIS to ask about."""
        try:
            QgsProject.instance().cleared.disconnect(self._project_cleared)
        except TypeError:  # not connected (no store open)
            pass
        self._unwatch_layers()
        if self._pick_tool is not None:
            self.pick_button.setChecked(False)
        if self.store is not None and not keep_layers:
            unload_atlas(self.store, QgsProject.instance())
        self.store = self.engine = self.result = None
        self.wijk_combo.clear()
        self.store_label.setText(tr("Open een atlas: een GeoPackage (.gpkg) of een PostGIS-verbinding."))
        self.close_button.setEnabled(False)
        self.add_layer_button.setEnabled(False)
        for b in (self.agenda_button, self.excel_button, self.layout_button):
            b.setEnabled(False)
        self.title.setText("")
        self.figures.setRowCount(0)
        self.profile.setRowCount(0)
        self.goals_box.clear()
        self._show_unsaved()

    def add_current_layer(self) -> Optional[str]:
        """Curate: put the active layer (with its style) in the store's layer catalogue and reload the atlas."""
        from qgis.PyQt.QtWidgets import QInputDialog

        from ..core.output.layers import add_to_catalogue, catalogue

        layer = self.iface.activeLayer()
        if self.store is None or layer is None:
            notify(self.iface, tr("Kies eerst een laag in het lagenpaneel."), "info", 5)
            return None
        groups = sorted({str(e["groep"]) for e in catalogue(self.store)})
        start = groups.index("Overige lagen") if "Overige lagen" in groups else 0
        group, ok = QInputDialog.getItem(self, tr("Laag aan de atlas toevoegen"), tr("Groep in de atlas"), groups, start, True)
        if not ok or not group:
            return None
        try:
            laag = add_to_catalogue(self.store, layer, group)
        except StoreError as exc:
            notify(self.iface, str(exc), "warning", 10)
            return None
        self._unwatch_layers()
        load_atlas(self.store, QgsProject.instance())
        self._watch_layers()
        notify(self.iface, tr("Laag '{naam}' staat nu in de atlas (groep {groep}).").format(naam=layer.name(), groep=group), "success", 5)
        return laag

    def _agree_to_migrate(self, path: str, version: int) -> bool:
        answer = QMessageBox.question(
            self, tr("Atlas stadsontwikkeling"),
            tr("Store '{path}' heeft schemaversie {oud}; deze plugin werkt met versie {nieuw}. De store bijwerken? "
               "Oudere versies van de plugin kunnen hem daarna niet meer openen.").format(path=path, oud=version, nieuw=SCHEMA_VERSION),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def export_agenda(self, path: Optional[str] = None) -> Optional[atlas.Agenda]:
        """One PDF: stad page, then a page per wijk, at the peildatum when it is set (as the Excel figures); uses the
        layouts as edited in the Layout Designer."""
        if self.store is None:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, tr("Agenda opslaan"), str(self.store.path.with_suffix(".pdf")), tr("PDF (*.pdf)"))
        if not path:
            return None
        try:
            info = atlas.agenda(self.store, path, moment=self.peildatum(), project=QgsProject.instance())
        except StoreError as exc:
            notify(self.iface, str(exc), "warning", 10)
            return None
        notify(self.iface, tr("Agenda geschreven: {path} ({n} pagina's)").format(path=path, n=info.pages), "success", 8)
        return info

    def export_excel(self, path: Optional[str] = None) -> Optional[str]:
        if self.store is None or self.result is None:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, tr("Cijfers opslaan"), str(self.store.path.with_suffix(".xlsx")), tr("Excel (*.xlsx)"))
        if not path:
            return None
        try:
            atlas.write_figures(self.result, path, "xlsx")
        except StoreError as exc:  # read-only folder, disk full: the previous file stays
            notify(self.iface, str(exc), "warning", 10)
            return None
        notify(self.iface, tr("Excel geschreven: {path}").format(path=path), "success", 8)
        return path

    def edit_layouts(self) -> None:
        from ..core.output.agenda import add_layouts_to_project

        layouts = add_layouts_to_project(QgsProject.instance())
        for layout in layouts:
            if hasattr(self.iface, "openLayoutDesigner"):
                self.iface.openLayoutDesigner(layout)

    # --- layers of the open atlas ---------------------------------------------------------------
    def atlas_layers(self) -> Dict[str, QgsVectorLayer]:
        out = {}
        if self.store is None:
            return out
        for lyr in QgsProject.instance().mapLayers().values():
            if lyr.customProperty(ATLAS_PROPERTY) == self.store.label:
                out.setdefault(laag_of(lyr), lyr)
        return out

    def _watch_layers(self) -> None:
        tags = self.tags_layer()
        if tags is not None:
            tags.afterCommitChanges.connect(self._after_commit)
            tags.editCommandEnded.connect(self._show_tags)
            tags.afterRollBack.connect(self._show_tags)
            tags.undoStack().indexChanged.connect(self._show_tags)  # undo / redo
            self._watched_tags = tags
        self._edit_watched = [lyr for lyr in self.atlas_layers().values() if isinstance(lyr, QgsVectorLayer)]
        for lyr in self._edit_watched:
            for signal in self._edit_signals(lyr):
                signal.connect(self._show_unsaved)
            lyr.beforeCommitChanges.connect(self._before_commit)
        for laag, lyr in self.atlas_layers().items():
            if laag in ("projecten", "potloodplannen"):
                lyr.afterCommitChanges.connect(self._after_commit)
                lyr.committedGeometriesChanges.connect(self._geometries_committed)
                lyr.committedFeaturesAdded.connect(self._features_added)
                lyr.selectionChanged.connect(self._selection_changed)
                self._watched.append(lyr)

    def _before_commit(self, *args) -> None:
        layer = self.sender()
        if isinstance(layer, QgsVectorLayer):  # the save runs right after this signal: look at its outcome then
            QTimer.singleShot(0, lambda: self._explain_conflict(layer) or self._explain_refusal(layer))

    def _explain_conflict(self, layer: QgsVectorLayer) -> List[str]:
        """A save refused over someone else's newer edit: who changed which location and when."""
        try:
            errors = " ".join(layer.commitErrors())
            editable = layer.isEditable()
        except RuntimeError:  # layer gone
            return []
        if self.store is None or not editable:
            return []
        if CONFLICT_MARK not in errors:
            return []
        laag = laag_of(layer)
        buf = layer.editBuffer()
        fields = layer.fields()
        seen = {}
        for qfid in set(buf.changedAttributeValues()) | set(buf.changedGeometries()):
            f = layer.getFeature(qfid)
            seen[int(f.attribute(fields.indexOf("fid")))] = f.attribute(fields.indexOf("versie_gezien"))
        try:
            now = atlas.versions(self.store, laag, seen)
        except StoreError:
            now = {}
        stale = sorted(fid for fid, v in seen.items() if fid in now and v is not None and int(v) != int(now[fid]))
        messages = [conflict_message(self.store, laag, fid) for fid in stale[:3]]
        if messages:
            notify(self.iface, " ".join(messages), "critical", 0)
        return messages

    def _explain_refusal(self, layer: QgsVectorLayer) -> Optional[str]:
        """A save the database refused: its Dutch rule first, with the field's label and the location's name;
        the technical text only behind Meer tonen."""
        try:
            errors = layer.commitErrors()
            editable = layer.isEditable()
        except RuntimeError:  # layer gone
            return None
        if self.store is None or not editable or not errors:
            return None
        laag = laag_of(layer)
        fid = self._refused_fid(layer, errors)
        message = refusal_message(errors, laag, fid, self._location_name(laag, fid) if fid is not None else None)
        if message is None:
            return None
        notify(self.iface, message, "critical", title=tr("Niet opgeslagen"), details="\n".join(e.strip() for e in errors if e.strip()))
        return message

    @staticmethod
    def _refused_fid(layer: QgsVectorLayer, errors: List[str]) -> Optional[int]:
        """The feature a refused save is about: named by the provider (OGR, in any language), else the only one edited."""
        import re

        m = re.search(r"(?:feature|object|objet|Objekt) (\d+)", " ".join(errors))
        if m:
            return int(m.group(1))
        buf = layer.editBuffer()
        changed = set(buf.changedAttributeValues()) | set(buf.changedGeometries()) if buf is not None else set()
        return int(next(iter(changed))) if len(changed) == 1 else None

    def _location_name(self, laag: str, fid: int) -> Optional[str]:
        try:
            return atlas.location_name(self.store, laag, fid)
        except StoreError:
            return None

    def _unwatch_layers(self) -> None:
        tags = getattr(self, "_watched_tags", None)
        if tags is not None:
            try:
                tags.afterCommitChanges.disconnect(self._after_commit)
                tags.editCommandEnded.disconnect(self._show_tags)
                tags.afterRollBack.disconnect(self._show_tags)
                tags.undoStack().indexChanged.disconnect(self._show_tags)
            except (TypeError, RuntimeError):
                pass
            self._watched_tags = None
        for lyr in self._watched:
            try:
                lyr.afterCommitChanges.disconnect(self._after_commit)
                lyr.committedGeometriesChanges.disconnect(self._geometries_committed)
                lyr.committedFeaturesAdded.disconnect(self._features_added)
                lyr.selectionChanged.disconnect(self._selection_changed)
            except (TypeError, RuntimeError):  # layer already deleted
                pass
        self._watched = []
        for lyr in getattr(self, "_edit_watched", []):
            try:
                for signal in self._edit_signals(lyr):
                    signal.disconnect(self._show_unsaved)
                lyr.beforeCommitChanges.disconnect(self._before_commit)
            except (TypeError, RuntimeError):  # layer already deleted
                pass
        self._edit_watched = []

    @staticmethod
    def _edit_signals(lyr: QgsVectorLayer) -> list:
        return [lyr.editingStarted, lyr.editingStopped, lyr.layerModified, lyr.afterRollBack, lyr.afterCommitChanges]

    def _laag_of(self, layer_id: str) -> Optional[str]:
        lyr = QgsProject.instance().mapLayer(layer_id)
        return laag_of(lyr) if lyr is not None else None

    def _geometries_committed(self, layer_id: str, changed) -> None:
        laag = self._laag_of(layer_id)
        if self.store is not None and laag:
            atlas.assign_wijken(self.store, laag, list(changed.keys()))

    def _features_added(self, layer_id: str, features) -> None:
        laag = self._laag_of(layer_id)
        if self.store is not None and laag:
            atlas.assign_wijken(self.store, laag, [f.id() for f in features])

    def _after_commit(self) -> None:
        self.refresh()

    def _selection_changed(self, *args) -> None:
        if self.scope == "locatie":
            self.show_scope()
        self._show_tags()
        self._show_history()

    # --- history, restore, promotion ---------------------------------------------------------------
    def select_wijk_locations(self) -> int:
        """Select every project and potloodplan of the chosen wijk (e.g. to tag them all at once)."""
        if self.result is None or not self.wijk_code:
            return 0
        n = 0
        for laag in ("projecten", "potloodplannen"):
            lyr = self.atlas_layers().get(laag)
            if lyr is None:
                continue
            ids = [x.fid for x in self.result.locaties_in(self.wijk_code) if x.laag == laag]
            lyr.selectByIds(ids)
            n += len(ids)
        return n

    def _single_selection(self) -> Optional[Tuple[str, int]]:
        sel = self.selected_locations()
        return sel[0] if len(sel) == 1 else None

    @staticmethod
    def _describe(change: dict) -> str:
        from ..core.model.schema import TABLES_BY_NAME

        skip = {"geom", "bijgewerkt_door", "bijgewerkt_op", "wijk_code"}
        from ..core.model.tijd import local_time

        when = local_time(change["tijd"], seconds=False)  # Dutch time, as the planner thinks
        who = change.get("gebruiker") or "?"
        actie = {"insert": tr("toegevoegd"), "update": tr("gewijzigd"), "delete": tr("verwijderd")}[change["actie"]]
        if change["laag"] == "locatie_opgaven":
            row = change["nieuw"] or change["oud"]
            return f"{when} — {who} — " + tr("opgave {code} {actie}").format(code=row["opgave_code"], actie=actie)
        parts = []
        if change["actie"] == "update":
            fields = {f.name: f.label for f in TABLES_BY_NAME[change["laag"]].fields}
            for k, v in change["nieuw"].items():
                if k not in skip and change["oud"].get(k) != v:
                    parts.append(f"{fields.get(k) or k}: {change['oud'].get(k)} → {v}")
            if change["oud"].get("geom") != change["nieuw"].get("geom"):
                parts.append(tr("geometrie"))
        return f"{when} — {who} — {actie}" + (": " + "; ".join(parts) if parts else "")

    def _show_history(self) -> None:
        self.history_list.clear()
        one = self._single_selection()
        self.history_box.setEnabled(one is not None and self.store is not None)
        self.promote_button.setEnabled(one is not None and one[0] == "potloodplannen")
        if one is None or self.store is None:
            return
        for change in atlas.history(self.store, *one):
            item = QListWidgetItem(self._describe(change))
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, change["wijziging_id"] if change["laag"] == one[0] else None)
            self.history_list.addItem(item)

    def _layer_busy(self, laag: str) -> bool:
        lyr = self.atlas_layers().get(laag)
        if lyr is not None and lyr.isEditable() and lyr.isModified():
            notify(self.iface, tr("Laag {laag} heeft onopgeslagen bewerkingen: sla ze eerst op of maak ze ongedaan.").format(laag=laag), "warning", 8)
            return True
        return False

    def _reload(self, *lagen: str) -> None:
        for laag in lagen:
            lyr = self.atlas_layers().get(laag)
            if lyr is not None:
                keep = lyr.selectedFeatureIds()
                lyr.dataProvider().reloadData()
                lyr.selectByIds([f for f in keep if lyr.getFeature(f).isValid()])
                lyr.triggerRepaint()
        self.refresh()
        self._show_history()

    def restore_selected_version(self) -> bool:
        one = self._single_selection()
        item = self.history_list.currentItem()
        wid = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if one is None or wid is None or self._layer_busy(one[0]):
            return False
        try:
            atlas.restore(self.store, one[0], one[1], int(wid))
        except StoreError as exc:
            notify(self.iface, str(exc), "warning", 10)
            return False
        self._reload(one[0], "locatie_opgaven")
        return True

    def promote_selected(self) -> Optional[int]:
        one = self._single_selection()
        if one is None or one[0] != "potloodplannen" or self._layer_busy("potloodplannen") or self._layer_busy("projecten"):
            return None
        try:
            new = atlas.promote(self.store, one[1])
        except StoreError as exc:
            notify(self.iface, str(exc), "warning", 10)
            return None
        self._reload("potloodplannen", "projecten", "locatie_opgaven")
        notify(self.iface, tr("Potloodplan is nu project {fid} (zacht).").format(fid=new), "success", 6)
        return new

    # --- tagging through the edit buffer (one undo step per apply) ------------------------------
    def tags_layer(self) -> Optional[QgsVectorLayer]:
        """The store's locatie_opgaven table as a layer of the atlas (loaded when the catalogue lacks it)."""
        if self.store is None:
            return None
        lyr = self.atlas_layers().get("locatie_opgaven")
        if lyr is None:
            uri, provider = self.store.layer_source("locatie_opgaven")
            lyr = QgsVectorLayer(uri, tr("Opgaven per locatie"), provider)
            if not lyr.isValid():
                return None
            lyr.setCustomProperty(ATLAS_PROPERTY, self.store.label)
            lyr.setCustomProperty(LAAG_PROPERTY, "locatie_opgaven")
            QgsProject.instance().addMapLayer(lyr, False)
            from ..core.output.layers import atlas_group

            group = atlas_group(QgsProject.instance(), self.store)
            if group is not None:
                group.addLayer(lyr)
        return lyr

    def _build_tag_checks(self) -> None:
        for cb in self.tag_checks.values():
            cb.setParent(None)
            cb.deleteLater()
        self.tag_checks = {}
        for i, (code, naam) in enumerate(atlas.opgaven(self.store) if self.store else []):
            short = naam if len(naam) <= 42 else naam[:40].rstrip() + "…"
            cb = QCheckBox(f"{code} {short}", self.tag_box)
            cb.setObjectName(f"tag_{code}")
            cb.setToolTip(naam)
            self.tag_layout.addWidget(cb, i, 0)
            self.tag_checks[code] = cb
        self.tag_layout.addWidget(self.apply_tags_button, len(self.tag_checks), 0)
        self._show_tags()

    def _current_tags(self) -> Dict[Tuple[str, int], Dict[str, int]]:
        """(laag, fid) → {opgave_code: feature id in the tags layer}, edit buffer included."""
        out: Dict[Tuple[str, int], Dict[str, int]] = {}
        tags = self.tags_layer()
        if tags is None:
            return out
        for f in tags.getFeatures():
            out.setdefault((f["laag"], int(f["locatie_fid"])), {})[f["opgave_code"]] = f.id()
        return out

    def _show_tags(self, *args) -> None:
        sel = self.selected_locations()
        self.tag_box.setEnabled(bool(sel) and self.store is not None)
        current = self._current_tags() if sel else {}
        for code, cb in self.tag_checks.items():
            n = sum(1 for k in sel if code in current.get(k, {}))
            cb.setTristate(0 < n < len(sel))
            cb.setCheckState(Qt.CheckState.Checked if sel and n == len(sel) else
                             Qt.CheckState.PartiallyChecked if n else Qt.CheckState.Unchecked)

    def apply_tags(self) -> int:
        """Checked: every selected location gets the opgave; unchecked: none has it; mixed: left as it is."""
        sel = self.selected_locations()
        tags = self.tags_layer()
        if not sel or tags is None:
            return 0
        if not tags.isEditable() and not tags.startEditing():
            notify(self.iface, tr("De opgaven kunnen niet worden bewerkt (alleen-lezen)."), "warning", 8)
            return 0
        from qgis.core import QgsFeature

        from ..core.store.base import current_user

        current = self._current_tags()
        changes = 0
        tags.beginEditCommand(tr("Opgaven van {n} locatie(s)").format(n=len(sel)))
        for code, cb in self.tag_checks.items():
            state = cb.checkState()
            for key in sel:
                have = current.get(key, {})
                if state == Qt.CheckState.Checked and code not in have:
                    f = QgsFeature(tags.fields())
                    f["laag"], f["locatie_fid"], f["opgave_code"], f["bijgewerkt_door"] = key[0], key[1], code, current_user()
                    tags.addFeature(f)
                    changes += 1
                elif state == Qt.CheckState.Unchecked and code in have:
                    tags.deleteFeature(have[code])
                    changes += 1
        if changes:
            tags.endEditCommand()
        else:
            tags.destroyEditCommand()
        self._show_tags()
        return changes

    # --- scope -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the figures (only what changed) and show the current scope."""
        if self.engine is None:
            return
        try:
            self.result = atlas.figures(self.store, self.peildatum(), keep=self.engine)
            self._show_tags()
        except StoreError as exc:
            notify(self.iface, str(exc), "warning", 10)
            return
        self.show_scope()

    def peildatum(self) -> Optional[str]:
        """The peildatum box as text for atlas.py (the end of that day, Dutch time), None when unchecked: now."""
        return self.peildatum_edit.date().toString("yyyy-MM-dd") if self.peildatum_check.isChecked() else None

    def set_scope(self, scope: str) -> None:
        self.scope = scope
        self.scope_buttons[scope].setChecked(True)
        if scope == "wijk" and self.wijk_code is None and self.wijk_combo.count():
            self.select_wijk(self.wijk_combo.itemData(0))
            return
        if scope == "stad":
            wijken = self.atlas_layers().get("wijken")
            if wijken is not None:
                wijken.removeSelection()
            self._zoom_to_layer("gemeente")
        self.show_scope()

    def select_wijk(self, code: Optional[str]) -> None:
        if not code:
            return
        self.wijk_code = code
        self.scope = "wijk"
        self.scope_buttons["wijk"].setChecked(True)
        i = self.wijk_combo.findData(code)
        if i >= 0:
            self.wijk_combo.setCurrentIndex(i)
        wijken = self.atlas_layers().get("wijken")
        if wijken is not None:
            req = QgsFeatureRequest().setFilterExpression(f'"wijk_code" = {QgsExpression.quotedValue(code)}')
            ids = [f.id() for f in wijken.getFeatures(req)]
            wijken.selectByIds(ids)
            self._zoom_to(wijken.boundingBoxOfSelected(), wijken)
        self.show_scope()

    def find_locations(self, text: str) -> int:
        """Select (and zoom to) the locations whose name contains the text; the text is data, never SQL."""
        text = text.strip()
        n = 0
        box = QgsRectangle()
        for laag, lyr in self.atlas_layers().items():
            if laag not in ("projecten", "potloodplannen"):
                continue
            if not text:
                lyr.removeSelection()
                continue
            lyr.selectByExpression(name_filter(text))  # replaces the selection (the default behaviour)
            n += lyr.selectedFeatureCount()
            if lyr.selectedFeatureCount():
                box.combineExtentWith(lyr.boundingBoxOfSelected())
                layer_for_crs = lyr
        self.search_label.setText(tr("{n} gevonden").format(n=n) if text else "")
        if n:
            self._zoom_to(box, layer_for_crs)
        return n

    def selected_locations(self) -> List[Tuple[str, int]]:
        out = []
        for laag, lyr in self.atlas_layers().items():
            if laag in ("projecten", "potloodplannen"):
                out += [(laag, int(fid)) for fid in lyr.selectedFeatureIds()]
        return out

    def show_scope(self) -> None:
        if self.result is None:
            return
        data = report.scope_figures(self.result, self.scope, self.wijk_code, self.selected_locations())
        titel = data["titel"] if data["titel"] else tr("Selecteer locaties op de kaart")
        if self.peildatum_check.isChecked():
            titel += " — " + tr("peildatum {datum}").format(datum=self.peildatum_edit.date().toString("dd-MM-yyyy"))
        self.title.setText(titel)
        self._fill(self.figures, data["cijfers"])
        self._fill(self.profile, data["profiel"])
        self.profile.setVisible(bool(data["profiel"]))
        self.goals_box.show_doelen(data["doelen"])
        if self.chart is not None:
            titel = tr("Woningbouw per jaar (stad) tegen de vraag")
            self.chart.load(QByteArray(charts.per_jaar_svg(self.result.per_year(), titel, from_year=charts.STAD_FROM_YEAR)))

    @staticmethod
    def _fill(table: QTableWidget, rows) -> None:
        table.setRowCount(len(rows))
        for i, (label, value) in enumerate(rows):
            table.setItem(i, 0, QTableWidgetItem(label))
            item = QTableWidgetItem(value)
            item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
            table.setItem(i, 1, item)
        table.resizeColumnToContents(1)
        table.resizeRowsToContents()
        # tall enough for every row: the dock's own scroll area scrolls, not the table
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + table.verticalHeader().length() + 2 * table.frameWidth())

    # --- map ---------------------------------------------------------------------------------------
    def _zoom_to_layer(self, laag: str) -> None:
        lyr = self.atlas_layers().get(laag)
        if lyr is not None:
            self._zoom_to(lyr.extent(), lyr)

    def _zoom_to(self, rect: QgsRectangle, layer: QgsVectorLayer) -> None:
        canvas = self.iface.mapCanvas()
        if canvas is None or rect.isEmpty():
            return
        dest = canvas.mapSettings().destinationCrs()
        if dest.isValid() and dest != layer.crs():
            rect = QgsCoordinateTransform(layer.crs(), dest, QgsProject.instance()).transformBoundingBox(rect)
        rect.scale(1.1)
        canvas.setExtent(rect)
        canvas.refresh()

    def _toggle_pick(self, on: bool) -> None:
        canvas = self.iface.mapCanvas()
        if on:
            from .maptool import PointPickTool

            self._pick_tool = PointPickTool(canvas)
            self._pick_tool.picked.connect(self.pick_point)
            self._pick_tool.deactivated.connect(lambda: self.pick_button.setChecked(False))
            canvas.setMapTool(self._pick_tool)
        elif self._pick_tool is not None:
            tool, self._pick_tool = self._pick_tool, None
            if canvas.mapTool() is tool:
                canvas.unsetMapTool(tool)

    def pick_point(self, x: float, y: float, crs: Optional[QgsCoordinateReferenceSystem] = None) -> Optional[str]:
        """A click on the map chooses the wijk under it."""
        if self.store is None:
            return None
        from qgis.core import QgsPointXY

        pt = QgsPointXY(x, y)
        rd = QgsCoordinateReferenceSystem("EPSG:28992")
        if crs is not None and crs.isValid() and crs != rd:
            pt = QgsCoordinateTransform(crs, rd, QgsProject.instance()).transform(pt)
        code = atlas.wijk_at(self.store, pt.x(), pt.y())
        if code:
            self.select_wijk(code)
        else:
            notify(self.iface, tr("Hier ligt geen wijk."), "info", 4)
        return code
