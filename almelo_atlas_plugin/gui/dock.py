"""The dock *Atlas stadsontwikkeling*: the view. Loads dock.ui, creates the controller and the panels, connects them."""

from __future__ import annotations

from typing import List, Optional

from qgis.PyQt import uic
from qgis.PyQt.QtCore import QCoreApplication, QDate, QSignalBlocker
from qgis.PyQt.QtWidgets import QDockWidget, QFileDialog, QMenu, QPushButton, QWidget

from ..core.output import charts
from ..core.resources import PLUGIN_DIR
from . import dialogs
from .bron_dialog import update_source
from .controller import AtlasController
from .messages import notify
from .panels.controle import ControlePanel
from .panels.figures import FiguresPanel
from .panels.goals import GoalsPanel
from .panels.history import HistoryPanel
from .panels.scope import ScopePanel
from .panels.tags import TagsPanel
from .uitwisseling_dialog import exchange_plans

FORM, _ = uic.loadUiType(str(PLUGIN_DIR / "gui" / "dock.ui"))


def tr(text: str) -> str:
    return QCoreApplication.translate("AtlasDock", text)


class AtlasDock(QDockWidget, FORM):
    def __init__(self, iface, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setupUi(self)
        self._empty = self.store_label.text()  # the .ui's first words, translated
        self.iface = iface
        self.controller = c = AtlasController(lambda: self.iface.mapCanvas(), self)
        self._pick_tool = None
        self.scope = ScopePanel(self)
        self.scope_layout.addWidget(self.scope)
        self.panel = FiguresPanel(self.scroll_body)
        self.goals_box = GoalsPanel(self.scroll_body)
        self.tags = TagsPanel(self.scroll_body)
        self.select_wijk_button = QPushButton(tr("Alle locaties van deze wijk selecteren"), self.scroll_body)
        self.history = HistoryPanel(self.scroll_body)
        self.controle = ControlePanel(self.scroll_body)
        self.chart = dialogs.chart_widget(self.scroll_body)
        if self.chart is not None:  # the map first: the chart per year (matplotlib) waits while the map draws
            self.chart.busy = lambda: self.iface.mapCanvas().isDrawing()
        self.panel.layout().insertWidget(1, self.goals_box)  # goals at a glance, under the title
        for w in filter(None, (self.panel, self.tags, self.select_wijk_button, self.controle, self.history, self.chart)):
            self.body_layout.addWidget(w)
        self.body_layout.addStretch(1)
        self.beheer_button.setMenu(QMenu(self.beheer_button))
        self.beheer_button.menu().addAction(self.add_layer_action)
        self.bron_action = self.beheer_button.menu().addAction(tr("Bron bijwerken…"))
        self.bron_action.setToolTip(tr("Een basislaag bijwerken uit een bestand van CBS, BAG, EP-Online, de Leefbaarometer of de "
                                       "planlijst van de gemeente"))
        self.uitwisseling_action = self.beheer_button.menu().addAction(tr("Plannen uitwisselen…"))
        self.uitwisseling_action.setToolTip(tr("De plannen met hun woningblokken naar de provincie of DIWI: Planregistratie,"
                                               " Zuid-Holland, Zeeland of een leesbare Excel; eerst gecontroleerd"))
        self.scenario_button = QPushButton(tr("Scenario's…"), self)
        self.scenario_button.setToolTip(tr("Scenario's maken en wijzigen en naast de doelen zetten; de plannen zelf blijven zoals ze zijn"))
        self.outputRow.insertWidget(self.outputRow.indexOf(self.excel_button) + 1, self.scenario_button)
        self.peildatum_edit.setDate(QDate.currentDate())
        self.mutaties_button = QPushButton(tr("Mutaties…"), self)
        self.mutaties_button.setToolTip(tr("Wat veranderde er tussen twee datums: nieuw, vervallen, verplaatst, gerealiseerd, "
                                           "status en programma, per stad, wijk en opgave, met de mutatiekaart"))
        self.outputRow.insertWidget(self.outputRow.indexOf(self.layout_button), self.mutaties_button)
        self.mutaties_dialog = None
        # the view asks, the controller does, the panels render
        self.open_button.clicked.connect(self.choose_store)
        self.pg_button.clicked.connect(self.choose_connection)
        self.recent_combo.activated.connect(lambda i: self.recent_combo.itemData(i) and self.open_path(self.recent_combo.itemData(i)))
        self.close_button.clicked.connect(self.close_atlas)
        self.add_layer_action.triggered.connect(lambda: dialogs.add_current_layer(self, self.iface, c))
        self.bron_action.triggered.connect(lambda: update_source(self, c))
        self.uitwisseling_action.triggered.connect(self.exchange_plans)
        self.agenda_button.clicked.connect(lambda: self.export_agenda())
        self.excel_button.clicked.connect(lambda: self.export_excel())
        self.layout_button.clicked.connect(self.edit_layouts)
        self.scenario_button.clicked.connect(lambda: self.edit_scenarios())
        self.mutaties_button.clicked.connect(lambda: self.show_mutaties())
        self.save_button.clicked.connect(c.save_edits)
        self.discard_button.clicked.connect(c.discard_edits)
        self.peildatum_check.toggled.connect(self._peildatum_changed)
        self.peildatum_edit.dateChanged.connect(lambda *_: self.peildatum_check.isChecked() and self._peildatum_changed())
        self.scope.scope_chosen.connect(c.set_scope)
        self.scope.wijk_chosen.connect(c.select_wijk)
        self.scope.pick_toggled.connect(self._toggle_pick)
        self.scope.search_requested.connect(lambda text: self.scope.show_found(c.find_locations(text), text))
        self.tags.apply_requested.connect(c.apply_tags)
        self.select_wijk_button.clicked.connect(c.select_wijk_locations)
        self.history.restore_requested.connect(c.restore)
        self.history.promote_requested.connect(c.promote)
        c.message.connect(lambda text, level, title, details: notify(self.iface, text, level, None, title or None, details or None))
        c.store_opened.connect(self._opened)
        c.store_closed.connect(self._closed)
        c.result_changed.connect(self.show_scope)
        c.result_changed.connect(lambda: self.controle.show_controle(c.controle()))  # a save can change a finding
        c.scope_changed.connect(self._scope_changed)
        c.selection_changed.connect(self._selection_changed)
        c.tags_changed.connect(lambda: self.tags.show_state(c.tag_states(), bool(c.selected_locations())))
        c.unsaved_changed.connect(self._show_unsaved)
        self._fill_recent()
        self._closed()

    # --- opening and closing ---------------------------------------------------------------------
    def _fill_recent(self) -> None:
        self.recent_combo.clear()
        self.recent_combo.addItem(tr("Recent…"), None)
        for path in self.controller.recent():
            self.recent_combo.addItem(path, path)

    def choose_store(self) -> None:
        recent = self.controller.recent()
        path, _ = QFileDialog.getOpenFileName(self, tr("Atlas openen"), recent[0] if recent else "", tr("GeoPackage (*.gpkg)"))
        if path:  # a cancelled dialog does nothing
            self.open_path(path)

    def choose_connection(self) -> None:
        address = dialogs.ask_connection(self, self.iface)
        if address:
            self.open_path(address)

    def open_path(self, path: str) -> bool:
        if self.controller.store is not None and not self.confirm_close():  # unsaved work first, before anything is opened
            return False
        return self.controller.open(path, lambda p, v: dialogs.agree_to_migrate(self, p, v))

    def _opened(self, label: str, readonly: bool) -> None:
        self._fill_recent()
        self.store_label.setText(tr("Atlas: {path}").format(path=label) + (" — " + tr("alleen lezen") if readonly else ""))
        self._set_open(True)
        self.scope.set_wijken([(w.wijk_code, w.naam) for w in self.controller.result.wijken])
        self.tags.set_opgaven(self.controller.opgaven())

    def _closed(self) -> None:
        if getattr(self, "mutaties_dialog", None) is not None:
            self.mutaties_dialog.close()
            self.mutaties_dialog = None
        if self._pick_tool is not None:
            self.scope.pick_button.setChecked(False)
        self.store_label.setText(self._empty)
        self._set_open(False)
        self.panel.clear()
        self.goals_box.clear()
        self.tags.show_state({}, False)
        self.history.show_history(None, [])
        self.controle.show_controle(None)

    def _set_open(self, is_open: bool) -> None:
        """Controls that need an open atlas are greyed until one is open; Beheer only for who may curate."""
        for w in (self.close_button, self.agenda_button, self.excel_button, self.scenario_button, self.layout_button, self.mutaties_button,
                  self.peildatum_check,
                  self.peildatum_edit, self.select_wijk_button):
            w.setEnabled(is_open)
        self.scope.set_open(is_open)
        self.beheer_button.setEnabled(is_open and self.controller.may_curate())
        self.select_wijk_button.setVisible(is_open and self.controller.scope == "wijk")

    def confirm_close(self) -> bool:
        """Before the atlas closes: opslaan / verwerpen / annuleren when there is unsaved work (True: go on)."""
        return dialogs.confirm_close(self, self.controller)

    def close_atlas(self) -> bool:
        """The dock's Sluiten: asks about unsaved work first; False when the user cancelled (or a save failed)."""
        if not self.confirm_close():
            return False
        self.controller.close()
        return True

    def _show_unsaved(self, names: List[str]) -> None:
        self.unsaved_label.setText(dialogs.unsaved_text(names) if names else "")
        self.unsaved_box.setVisible(bool(names))

    def export_agenda(self, path: Optional[str] = None):
        return dialogs.export_agenda(self, self.iface, self.controller, path)

    def export_excel(self, path: Optional[str] = None) -> Optional[str]:
        return dialogs.export_excel(self, self.iface, self.controller, path)

    def exchange_plans(self) -> None:
        res = exchange_plans(self, self.controller)
        if res is not None:
            notify(self.iface, tr("{formaat} geschreven: {path} ({n} plannen)").format(formaat=res.naam, path=res.pad, n=res.plannen),
                   "success")

    def edit_scenarios(self):
        """The scenarios dialog (#20): make, change, compare; returns it after it closed."""
        from .scenario_dialog import ScenarioDialog

        dlg = ScenarioDialog(self.controller, self)
        dlg.exec()
        return dlg

    def show_mutaties(self):
        """The change report's dialog (not modal: the map stays usable), from the start of the history to now."""
        from .mutaties_dialog import MutatiesDialog

        if self.controller.store is None:
            return None
        if self.mutaties_dialog is not None:
            self.mutaties_dialog.close()
        self.mutaties_dialog = MutatiesDialog(self.controller, self, self.controller.first_day or "")
        self.mutaties_dialog.show()
        return self.mutaties_dialog

    def edit_layouts(self) -> None:
        dialogs.edit_layouts(self.iface, self.controller)

    def _peildatum_changed(self, *args) -> None:
        day = self.peildatum_edit.date().toString("yyyy-MM-dd") if self.peildatum_check.isChecked() else None
        if not self.controller.set_peildatum(day):  # refused (a location layer in edit): the box says what is shown
            with QSignalBlocker(self.peildatum_check):
                self.peildatum_check.setChecked(bool(self.controller.peildatum))

    def _scope_changed(self, scope: str, wijk: str) -> None:
        self.scope.show_scope(scope, wijk)
        self.select_wijk_button.setVisible(scope == "wijk")
        self.show_scope()
        self.scroll.verticalScrollBar().setValue(0)  # a new scope starts at the top

    def _selection_changed(self) -> None:
        if self.controller.scope == "locatie":
            self.show_scope()
        one = self.controller.single_selection()
        self.history.show_history(one[0] if one else None, self.controller.history())
        self.controle.show_controle(self.controller.controle())

    def show_scope(self) -> None:
        c = self.controller
        data = c.scope_data()
        if data is None:
            return
        titel = data["titel"] or tr("Locatie: selecteer projecten of potloodplannen op de kaart (of zoek ze op naam)")
        if c.peildatum:
            titel += " — " + tr("peildatum {datum}").format(datum=self.peildatum_edit.date().toString("dd-MM-yyyy"))
        first = "-".join(reversed(c.first_day.split("-"))) if c.before_history() else ""  # dd-mm-jjjj
        note = tr("Vóór {datum} is er geen historie; de cijfers beginnen op {datum}").format(datum=first) if first else ""
        self.peildatum_note.setText(note)
        self.peildatum_note.setVisible(bool(note))
        self.panel.show_figures(titel, data["cijfers"], data["profiel"], data["uitleg"],
                                (data["woningen"], data["segmenten"], data["woningtypen"]))
        self.goals_box.show_doelen(data["doelen"])
        if self.chart is not None:
            per_wijk = c.wijk_per_year()
            naam = next((w.naam for w in c.result.wijken if w.wijk_code == c.wijk_code), "") if per_wijk is not None else ""
            titel = tr("Woningbouw per jaar in {wijk}").format(wijk=naam) if naam else tr("Woningbouw per jaar (stad) tegen de vraag")
            rows = per_wijk if per_wijk is not None else c.result.per_year()
            self.chart.show_per_jaar(rows, titel, from_year=charts.STAD_FROM_YEAR)

    def _toggle_pick(self, on: bool) -> None:
        self._pick_tool = dialogs.toggle_pick(self.iface.mapCanvas(), self._pick_tool, on, self.controller.pick_point,
                                              lambda: self.scope.pick_button.setChecked(False))
