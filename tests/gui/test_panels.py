"""Each panel of the dock on its own, without a desktop: what a planner sees and what a click asks for."""

from __future__ import annotations

import pytest
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QSignalSpy, QTest
from qgis.PyQt.QtWidgets import QComboBox

from almelo_atlas_plugin.gui.panels.figures import FiguresPanel
from almelo_atlas_plugin.gui.panels.history import HistoryPanel, describe
from almelo_atlas_plugin.gui.panels.scope import ScopePanel
from almelo_atlas_plugin.gui.panels.tags import TagsPanel

pytestmark = pytest.mark.gui
WIJKEN = [("WK014110", "Binnenstad"), ("WK014115", "Nieuwstraat-Kwartier"), ("WK014116", "Ossenkoppelerhoek")]


def test_scope_panel_is_greyed_until_an_atlas_is_open_and_says_why(qgis_app):
    panel = ScopePanel()
    assert not panel.scope_buttons["wijk"].isEnabled() and not panel.search_edit.isEnabled()
    assert panel.wijk_combo.toolTip() == "Open eerst een atlas."
    panel.set_open(True)
    assert all(b.isEnabled() for b in panel.scope_buttons.values()) and panel.search_edit.isEnabled()


def test_scope_panel_full_wijk_names_and_what_a_click_asks(qgis_app):
    panel = ScopePanel()
    panel.set_open(True)
    panel.set_wijken(WIJKEN)
    panel.resize(420, 120)
    panel.show()
    texts = [panel.wijk_combo.itemText(i) for i in range(panel.wijk_combo.count())]
    assert "Nieuwstraat-Kwartier (WK014115)" in texts
    # the chooser is wide enough for the longest name: not cut to 'Nieuwstraat'
    width = panel.wijk_combo.fontMetrics().horizontalAdvance("Nieuwstraat-Kwartier (WK014115)")
    assert panel.wijk_combo.width() >= width
    wijk, scope, search = QSignalSpy(panel.wijk_chosen), QSignalSpy(panel.scope_chosen), QSignalSpy(panel.search_requested)
    i = panel.wijk_combo.findData("WK014116")
    panel.wijk_combo.activated.emit(i)
    assert wijk[0] == ["WK014116"]
    QTest.mouseClick(panel.scope_buttons["locatie"], Qt.MouseButton.LeftButton)
    assert scope[0] == ["locatie"]
    QTest.keyClicks(panel.search_edit, "Kollenveld")
    QTest.keyClick(panel.search_edit, Qt.Key.Key_Return)
    assert search[0] == ["Kollenveld"]
    panel.show_found(2, "Kollenveld")
    assert panel.search_label.text() == "2 gevonden"
    panel.show_scope("wijk", "WK014115")
    assert panel.scope_buttons["wijk"].isChecked() and panel.wijk_combo.currentData() == "WK014115"
    panel.show_scope("stad", "")  # Stad: no wijk looks chosen
    assert panel.wijk_combo.currentIndex() == -1 and panel.wijk_combo.placeholderText() == "Kies een wijk…"
    empty = QComboBox()  # what Qt 5.15 draws by itself: an empty box
    empty.addItems([panel.wijk_combo.itemText(i) for i in range(panel.wijk_combo.count())])
    empty.setCurrentIndex(-1)
    empty.resize(panel.wijk_combo.size())
    assert panel.wijk_combo.grab().toImage() != empty.grab().toImage()  # the placeholder is drawn, not an empty box


def test_figures_panel_uses_an_item_model_and_nothing_is_clipped_at_dock_width(qgis_app):
    panel = FiguresPanel()
    rows = [("Woningen gepland (hard + zacht)", "1.499"), ("Bedrijventerrein gepland (m² bruto vloeroppervlak)", "104.000")]
    panel.show_figures("Almelo (stad)", rows, [("Woningvoorraad", [("woningen", "Woningen", "34.512")])])
    panel.resize(400, 400)
    panel.show()
    qgis_app.processEvents()
    table = panel.figures
    assert table.rows() == rows and panel.title.text() == "Almelo (stad)"
    value = table.model().index(1, 1)
    assert int(value.data(Qt.ItemDataRole.TextAlignmentRole)) & int(Qt.AlignmentFlag.AlignRight)
    # the value column fits its text and the table fits the panel: no column cut at the dock's edge
    assert table.columnWidth(1) >= table.fontMetrics().horizontalAdvance("104.000")
    assert table.horizontalHeader().length() <= table.viewport().width() + 1
    assert panel.profile[0].isVisible()
    panel.show_figures("Locatie", [], [])
    assert table.model().rowCount() == 0 and not any(t.isVisible() for t in panel.profile)


def test_figures_explain_their_terms(qgis_app, sample_store):
    from almelo_atlas_plugin.core.figures.rollup import rollup
    from almelo_atlas_plugin.core.output import tables, termen

    data = tables.scope_figures(rollup(sample_store), "stad")
    panel = FiguresPanel()
    panel.show_figures(data["titel"], data["cijfers"], data["profiel"], data["uitleg"],
                       (data["woningen"], data["segmenten"], data["woningtypen"]))
    model = panel.woningen.model()
    tips = {model.index(r, 0).data(): model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())}
    assert tips["Hard"] == termen.uitleg("hard") and tips["Gepland (hard + zacht)"] == termen.uitleg("gepland")
    model = panel.figures.model()
    tips = {model.index(r, 0).data(): model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())}
    assert tips["Aantal potloodplannen"] == termen.uitleg("potloodplan")
    assert panel.terms.text() == termen.legenda_regel() and not panel.terms.isHidden()


def test_tags_panel_full_names_tristate_and_apply(qgis_app):
    panel = TagsPanel()
    long = "Herstructurering en verduurzaming van wijken met leefbaarheidsopgaven"
    panel.set_opgaven([("3.1", "Binnenstedelijk bouwen"), ("4.1", long)])
    assert panel.tag_names["4.1"].text() == long and panel.tag_names["4.1"].wordWrap()  # in full, never cut with …
    panel.resize(400, 300)
    assert panel.minimumSizeHint().width() < 400  # a long name wraps; it never widens the dock
    panel.show_state({}, False)
    assert not panel.isEnabled() and "Selecteer" in panel.toolTip()
    panel.show_state({"3.1": Qt.CheckState.PartiallyChecked, "4.1": Qt.CheckState.Checked}, True)
    assert panel.isEnabled() and panel.tag_checks["3.1"].isTristate()
    assert panel.tag_checks["3.1"].checkState() == Qt.CheckState.PartiallyChecked
    spy = QSignalSpy(panel.apply_requested)
    QTest.mouseClick(panel.tag_names["4.1"], Qt.MouseButton.LeftButton)  # a planner unticks 4.1 by its name
    QTest.mouseClick(panel.apply_tags_button, Qt.MouseButton.LeftButton)
    assert spy[0][0] == {"3.1": Qt.CheckState.PartiallyChecked, "4.1": Qt.CheckState.Unchecked}


CHANGES = [  # newest first, as the controller gives them
    {"wijziging_id": 7, "tijd": "2026-11-30T10:00:00.000Z", "gebruiker": "ans", "laag": "projecten", "actie": "update",
     "oud": {"won_koop": 75, "geom": "x"}, "nieuw": {"won_koop": 10, "geom": "x"}},
    {"wijziging_id": 1, "tijd": "2021-01-01T00:00:00.000Z", "gebruiker": "sample", "laag": "projecten", "actie": "insert",
     "oud": None, "nieuw": {"won_koop": 75}},
]


def test_history_panel_labels_newest_first_and_restore_only_after_a_choice(qgis_app):
    panel = HistoryPanel()
    assert not panel.isEnabled() and "Selecteer één locatie" in panel.toolTip()
    panel.show_history("projecten", CHANGES)
    items = [panel.history_list.item(i).text() for i in range(panel.history_list.count())]
    assert "Woningen koop: 75 → 10" in items[0] and "won_koop" not in items[0] and "toegevoegd" in items[1]
    assert panel.history_list.wordWrap() and panel.history_list.item(0).toolTip() == items[0]
    assert not panel.restore_button.isEnabled() and not panel.promote_button.isEnabled()
    spy = QSignalSpy(panel.restore_requested)
    panel.history_list.setCurrentRow(1)
    assert panel.restore_button.isEnabled()
    QTest.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert spy[0] == [1]
    panel.show_history("potloodplannen", [])
    assert panel.promote_button.isEnabled() and not panel.restore_button.isEnabled()


def test_describe_names_the_opgave_of_a_tag_change(qgis_app):
    change = {"tijd": "2021-01-01T00:00:00.000Z", "gebruiker": "ans", "laag": "locatie_opgaven", "actie": "delete",
              "oud": {"opgave_code": "3.4"}, "nieuw": None}
    assert describe(change) == "01-01-2021 01:00 — ans — opgave 3.4 verwijderd"


def test_history_rows_are_as_tall_as_their_wrapped_text(qgis_app):
    panel = HistoryPanel()
    panel.resize(420, 300)
    panel.show()
    short = dict(CHANGES[1], tijd="2021-01-01T00:00:00.000Z")
    panel.show_history("projecten", [short, short, CHANGES[0]])
    qgis_app.processEvents()
    view = panel.history_list
    heights = [view.visualItemRect(view.item(i)).height() for i in range(view.count())]
    assert heights[0] == heights[1]  # same text, same height
    line = view.fontMetrics().height()
    assert heights[0] < 2 * line  # one line of text is one row, not two


def phased_figures(result):
    """The sample's stad figures with blocks as the figures lane counts them: sloop, netto, woningtype, verwacht."""
    import dataclasses

    f = result.stad.figures
    types = {f"{b}_{c}": 0 for b in ("won_eengezins", "won_meergezins", "won_woningtype_onbekend")
             for c in ("gerealiseerd", "potentieel", "gepland", "hard", "zacht")}
    return dataclasses.replace(f, won_sloop_hard=30, won_sloop_zacht=40, won_sloop_gepland=70, won_netto_hard=f.won_hard - 30,
                               won_netto_zacht=f.won_zacht - 40, won_netto_gepland=f.won_gepland - 70,
                               won_netto_gerealiseerd=f.won_gerealiseerd, won_netto_potentieel=f.won_potentieel,
                               won_verwacht=1310, **{**types, **dict(won_eengezins_hard=300, won_eengezins_zacht=100,
                                                                        won_eengezins_gepland=400, won_meergezins_gepland=1099,
                                                                        won_meergezins_hard=569, won_meergezins_zacht=530)})


def test_the_dwellings_show_netto_first_then_bouw_and_sloop_with_their_words(qgis_app, sample_store, tmp_path):
    import dataclasses

    from almelo_atlas_plugin.core.figures.rollup import rollup
    from almelo_atlas_plugin.core.output import tables, termen
    from tests.conftest import ROOT

    result = rollup(sample_store)
    figs = phased_figures(result)
    result = dataclasses.replace(result, stad=dataclasses.replace(result.stad, figures=figs))
    data = tables.scope_figures(result, "stad")
    from qgis.PyQt.QtWidgets import QVBoxLayout, QWidget

    dock = QWidget()  # as in the dock: inside a layout with margins, narrower than the panel's own width
    panel = FiguresPanel(dock)
    QVBoxLayout(dock).addWidget(panel)
    dock.resize(380, 900)
    dock.show()
    panel.show_figures(data["titel"], data["cijfers"], data["profiel"], data["uitleg"],
                       (data["woningen"], data["segmenten"], data["woningtypen"]))
    qgis_app.processEvents()
    dock.resize(380, dock.sizeHint().height())
    qgis_app.processEvents()
    for table in (panel.woningen, panel.segmenten, panel.woningtypen, panel.figures, *panel.profile):  # every row whole
        rows = table.model().rowCount()
        assert table.height() >= table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(rows)), table.objectName()
        for r in range(rows):
            label = table.model().index(r, 0).data()
            needed = table.fontMetrics().boundingRect(0, 0, table.columnWidth(0) - 8, 1000, int(Qt.TextFlag.TextWordWrap), label)
            assert table.rowHeight(r) >= needed.height(), (table.objectName(), label)
    model = panel.woningen.model()
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert heads == ["Woningen", "Netto", "Bouw", "Sloop"]
    rows = {label: values for label, *values in panel.woningen.rows()}
    assert rows["Gepland (hard + zacht)"] == [tables.fmt(figs.won_gepland - 70), tables.fmt(figs.won_gepland), "70"]
    assert rows["Verwacht (naar realisatiekans)"][0] == "1.310"
    assert model.horizontalHeaderItem(1).toolTip() == termen.uitleg("netto")
    assert model.index(5, 0).data(Qt.ItemDataRole.ToolTipRole) == termen.uitleg("verwacht")
    types = {label: values for label, *values in panel.woningtypen.rows()}
    assert types == {"Eengezins": ["400", "0"], "Meergezins": ["1.099", "0"]}  # no empty rows
    assert panel.woningtypen.model().index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "hard 300 + zacht 100"
    segments = [r[0] for r in panel.segmenten.rows()]
    assert segments == ["Sociale huur", "Middenhuur", "Vrije huur", "Koop"]
    for table in (panel.woningen, panel.segmenten, panel.woningtypen):  # nothing cut at the dock's width
        assert table.horizontalHeader().length() <= table.viewport().width() + 1
        for c in range(1, table.model().columnCount()):
            assert table.columnWidth(c) >= table.fontMetrics().horizontalAdvance(str(table.model().headerData(c, Qt.Orientation.Horizontal)))
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    dock.grab().save(str(out / "faces_woningen.png"))
