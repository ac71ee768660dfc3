"""The planner's journeys, run inside the real QGIS desktop (started by tests/desktop/test_journeys.py).

A scripted planner uses the widgets a person uses: the toolbar button, the dock's buttons, clicks on the map, the
attribute form's spin boxes, QGIS's own save action and the dialogs' buttons. After each step the store is read with
its own SQL and roll-up, and the whole main window is saved to OUT/NN_step.png. Results go to OUT/result.json.
"""

import json
import os
import sqlite3
import sys
import traceback
from pathlib import Path

from qgis.core import QgsApplication, QgsPointXY, QgsProject
from qgis.PyQt.QtCore import QPoint, Qt, QTimer
from qgis.PyQt.QtGui import QGuiApplication
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QAbstractSpinBox, QApplication, QDialogButtonBox, QMessageBox, QPushButton
from qgis.utils import iface, plugins

CONFIG = json.loads(os.environ["ATLAS_JOURNEY"])
STORE = CONFIG["store"]
OUT = Path(CONFIG["out"])
RESULT = OUT / "result.json"
results = []
slot_errors = []  # exceptions raised in Qt slots (QGIS would show them in a modal dialog)
state = {}
shots = [0]


def step_shot(name):
    wait(300)
    iface.mapCanvas().waitWhileRendering()
    win = iface.mainWindow()
    g = win.frameGeometry()  # the whole main window, with any dialog in front of it
    pix = QGuiApplication.primaryScreen().grabWindow(0, g.x(), g.y(), g.width(), g.height())
    shots[0] += 1
    pix.save(str(OUT / f"{shots[0]:02d}_{name}.png"))


def wait(ms=100):
    QTest.qWait(ms)


def dock():
    return plugins["almelo_atlas_plugin"].dock


def db(sql, params=()):
    con = sqlite3.connect(STORE)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def figures():
    from almelo_atlas_plugin.core.figures.rollup import rollup
    from almelo_atlas_plugin.core.store.open import open_store

    return rollup(open_store(STORE)).to_json()


def shown(table):
    return dict(table.rows())


def woningen():
    """The dock's dwellings table as a planner reads it: row label → {Netto, Bouw, Sloop} → value."""
    view = dock().panel.woningen
    heads = [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(view.model().columnCount())]
    return {label: dict(zip(heads[1:], values)) for label, *values in view.rows()}


def when_modal(kind, act, seen=None, timeout=10000):
    """Answer the next modal dialog of `kind` with act(dialog), as a person would; remember that it appeared."""
    left = [timeout]

    def poll():
        w = QApplication.activeModalWidget()
        if w is None or not w.inherits(kind):  # a window-modal form is not the application's modal widget
            w = next((x for x in QApplication.topLevelWidgets() if x.inherits(kind) and x.isVisible()), w)
        if w is not None and w.inherits(kind):
            if seen is not None:
                seen.append(w)
            try:
                act(w)
            except Exception:
                slot_errors.append(traceback.format_exc())
                w.close()
            return
        left[0] -= 50
        if left[0] > 0:
            QTimer.singleShot(50, poll)
        else:  # never appeared: show what is in front instead, then get out of it
            step_shot(f"verwacht_{kind}")
            if w is not None:
                w.close()

    QTimer.singleShot(50, poll)


def accept_file(dlg, path):
    """Type the path into the file dialog's name field, then its Openen / Opslaan button."""
    from qgis.PyQt.QtWidgets import QLineEdit

    dlg.selectFile(path)
    edit = dlg.findChild(QLineEdit, "fileNameEdit")
    if edit is not None:
        edit.setText(Path(path).name)
    bb = dlg.findChild(QDialogButtonBox)
    next(b for b in bb.buttons() if bb.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole).click()


def click_through_file_dialog(button, path):
    """Click a button that asks for a file; answer the file dialog with `path`."""
    seen = []
    when_modal("QFileDialog", lambda dlg: accept_file(dlg, path), seen)
    click(button)
    assert seen, f"geen bestandskeuze na {button.text()}"


def click_map(x, y, modifier=Qt.KeyboardModifier.NoModifier):
    """A click on the map at RD coordinates (x, y)."""
    canvas = iface.mapCanvas()
    p = canvas.getCoordinateTransform().transform(QgsPointXY(x, y))
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, modifier, QPoint(int(p.x()), int(p.y())))
    wait(200)


def click(widget):
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    wait(100)


def layer(laag):
    return dock().controller.atlas_layers()[laag]


def feature(laag, naam):
    return next(f for f in layer(laag).getFeatures() if f["naam"] == naam)


def inside(f):
    return f.geometry().pointOnSurface().asPoint()


def select_on_map(laag, *namen):
    """The Select tool on the layer made current in the layers panel; shift-click adds."""
    iface.layerTreeView().setCurrentLayer(layer(laag))
    iface.actionSelect().trigger()
    for i, naam in enumerate(namen):
        p = inside(feature(laag, naam))
        click_map(p.x(), p.y(), Qt.KeyboardModifier.ShiftModifier if i else Qt.KeyboardModifier.NoModifier)


def spin(form, name):
    return next(w for w in form.findChildren(QAbstractSpinBox) if w.objectName() == name)


def type_into(box, text):
    box.setFocus()
    box.lineEdit().selectAll()
    QTest.keyClicks(box.lineEdit(), text)
    wait(100)


def ok_button(form):
    return form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def open_form(laag, naam, fill):
    """identify → form: QGIS's feature form of the location, driven by fill(form) while it is open (modal)."""
    done = []

    def drive(form):
        try:
            fill(form)
        except Exception:
            done.append(traceback.format_exc())
            form.reject()

    when_modal("QgsAttributeDialog", drive)
    iface.openFeatureForm(layer(laag), feature(laag, naam), False, True)
    if done:
        raise AssertionError(done[0])


def bar_texts():
    bar = iface.messageBar()
    out = []
    for item in bar.items():
        out.append((item.title(), item.text()))
    return out


# --- the steps ---------------------------------------------------------------------------------------
PROJECT = "Ontwikkeling Stadskade"
OTHER = "Transformatie voormalig Stadhuis"
WIJK = "WK014110"


def s_open():
    p = plugins["almelo_atlas_plugin"]
    click(iface.pluginToolBar().widgetForAction(p.action))  # the atlas's toolbar button
    assert dock() is not None and dock().isVisible(), "de dock verschijnt niet"

    click_through_file_dialog(dock().open_button, STORE)
    wait(1500)
    assert dock().controller.store is not None and str(dock().controller.store.path) == STORE, "store niet geopend"
    assert iface.mapCanvas().scale() < 500_000, f"de kaart toont de gemeente niet (schaal 1:{iface.mapCanvas().scale():.0f})"
    stad = figures()["stad"]
    from almelo_atlas_plugin.core.output import tables as report

    state["stad"] = stad
    assert woningen()["Gepland (hard + zacht)"]["Bouw"] == report.fmt(stad["won_gepland"]), woningen()
    assert woningen()["Gepland (hard + zacht)"]["Netto"] == report.fmt(stad["won_netto_gepland"]), woningen()


def s_wijk():
    click(dock().scope.pick_button)
    naam, geom = db("SELECT naam, 1 FROM wijken WHERE wijk_code = ?", (WIJK,))[0]
    wijken = layer("wijken")
    f = next(x for x in wijken.getFeatures() if x["wijk_code"] == WIJK)
    p = inside(f)
    click_map(p.x(), p.y())
    wait(1000)
    assert dock().controller.wijk_code == WIJK, f"gekozen wijk: {dock().controller.wijk_code}"
    assert naam in dock().panel.title.text(), dock().panel.title.text()
    strays = [w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible() and w.objectName().startswith("doelrij_")]
    assert not strays, f"doelen als losse vensters: {strays}"


def s_select():
    select_on_map("projecten", PROJECT)
    click(dock().scope.scope_buttons["locatie"])
    fid = feature("projecten", PROJECT).id()
    assert layer("projecten").selectedFeatureIds() == [fid], layer("projecten").selectedFeatureIds()
    assert PROJECT in dock().panel.title.text() or dock().panel.figures.rowCount(), dock().panel.title.text()


BLOKKEN_PROJECT = "Uitbreiding ROC"  # no dwellings yet: the planner adds a phased plan with demolition
PHASED = [("Bouw", 40, 2026, "Koop", None), ("Bouw", 60, 2028, "Koop", None), ("Sloop", 30, 2025, "Sociale huur", "Corporatie")]


def choose(form, name, label):
    from qgis.PyQt.QtWidgets import QComboBox

    combo = next(w for w in form.findChildren(QComboBox) if w.objectName() == name)
    i = combo.findText(label)
    assert i >= 0, (name, [combo.itemText(j) for j in range(combo.count())])
    combo.setCurrentIndex(i)
    wait(100)


def s_blokken():
    """The location's form, tab Woningblokken: add three blocks by typing into each block's form, OK, save."""
    from qgis.gui import QgsRelationEditorWidget
    from qgis.PyQt.QtWidgets import QTabWidget, QToolButton

    from almelo_atlas_plugin.core.output.forms import BLOCKS_RELATION, BLOKKEN_TAB

    fid = feature("projecten", BLOKKEN_PROJECT)["fid"]
    assert db("SELECT won_totaal FROM projecten WHERE fid = ?", (fid,))[0][0] == 0
    iface.layerTreeView().setCurrentLayer(layer("projecten"))
    if not layer("projecten").isEditable():
        iface.actionToggleEditing().trigger()

    def button(editor, name):
        return next(b for b in editor.findChildren(QToolButton) if name in (b.objectName(), b.toolTip()))

    def fill(form):
        form.setGeometry(420, 40, 800, 900)  # the whole form on the 1000 px high screen
        tabs = form.findChild(QTabWidget)
        tabs.setCurrentIndex([tabs.tabText(i) for i in range(tabs.count())].index(BLOKKEN_TAB))
        wait(300)
        step_shot("blokken_tab")
        editor = next(w for w in form.findChildren(QgsRelationEditorWidget) if w.relation().polymorphicRelationId() == BLOCKS_RELATION)
        if not layer("woningblokken").isEditable():
            click(button(editor, "mToggleEditingButton"))
        for i, (soort, aantal, jaar, segment, eigenaar) in enumerate(PHASED):
            def block(dlg, soort=soort, aantal=aantal, jaar=jaar, segment=segment, eigenaar=eigenaar, i=i):
                choose(dlg, "soort", soort)
                type_into(spin(dlg, "aantal"), str(aantal))
                assert spin(dlg, "aantal").value() == aantal, spin(dlg, "aantal").value()
                choose(dlg, "segment", segment)
                if eigenaar:
                    choose(dlg, "eigenaar", eigenaar)
                type_into(spin(dlg, "jaar"), str(jaar))
                step_shot(f"blok_{i + 1}_ingevuld")
                assert ok_button(dlg).isEnabled(), "OK is uitgeschakeld in het blokformulier"
                click(ok_button(dlg))

            seen = []
            when_modal("QgsAttributeDialog", block, seen)
            click(button(editor, "mAddFeatureButton"))
            wait(300)
            assert seen, "het formulier van een blok opende niet"
        step_shot("blokken_toegevoegd")
        click(button(editor, "Save child layer edits"))
        wait(500)
        assert not layer("woningblokken").isModified(), layer("woningblokken").commitErrors()
        click(ok_button(form))

    open_form("projecten", BLOKKEN_PROJECT, fill)
    iface.actionSaveActiveLayerEdits().trigger()
    wait(500)
    state["blokken_fid"] = fid
    check_blokken()


def check_blokken():
    fid = state["blokken_fid"]
    blocks = db("SELECT soort, aantal, segment, eigenaar, jaar FROM woningblokken WHERE laag = 'projecten' AND locatie_fid = ? "
                "ORDER BY jaar", (fid,))
    assert blocks == [("sloop", 30, "sociale_huur", "corporatie", 2025), ("bouw", 40, "koop", "onbekend", 2026),
                      ("bouw", 60, "koop", "onbekend", 2028)], blocks
    sums = db("SELECT won_koop, won_sociale_huur, won_totaal, won_sloop, won_netto FROM projecten WHERE fid = ?", (fid,))[0]
    assert sums == (100, 0, 100, 30, 70), sums


def s_tag():
    iface.actionToggleEditing().trigger() if layer("projecten").isEditable() else None
    select_on_map("projecten", PROJECT, OTHER)
    fids = sorted(layer("projecten").selectedFeatureIds())
    assert len(fids) == 2, fids
    state["tagged"] = fids
    state["tags_before"] = db("SELECT count(*) FROM locatie_opgaven")[0][0]
    box = dock().tags.tag_checks["3.6"]
    dock().scroll.ensureWidgetVisible(dock().tags.apply_tags_button)
    if box.checkState() != Qt.CheckState.Checked:
        click(box)
    if box.checkState() != Qt.CheckState.Checked:
        click(box)
    click(dock().tags.apply_tags_button)
    assert dock().unsaved_box.isVisible() and "Opgaven per locatie" in dock().unsaved_label.text(), dock().unsaved_label.text()
    assert db("SELECT count(*) FROM locatie_opgaven")[0][0] == state["tags_before"]  # nothing saved yet


def s_close_asks():
    seen = []

    def save(box):
        state["question"] = box.text()
        step_shot("sluiten_vraagt")
        box.findChild(QPushButton, "saveAnswer").click()

    when_modal("QMessageBox", save, seen)
    click(dock().close_button)
    wait(500)
    assert seen, "Sluiten vroeg niets"
    assert "Opgaven per locatie" in state["question"], state["question"]
    assert dock().controller.store is None, "de atlas is niet gesloten"
    rows = db("SELECT locatie_fid FROM locatie_opgaven WHERE laag = 'projecten' AND opgave_code = '3.6'")
    assert set(state["tagged"]) <= {r[0] for r in rows}, rows


def s_reopen():
    combo = dock().recent_combo
    i = combo.findData(STORE)
    assert i > 0, "de store staat niet bij Recent"
    combo.setCurrentIndex(i)
    combo.activated.emit(i)  # what choosing the item does
    wait(1500)
    assert dock().controller.store is not None
    select_on_map("projecten", PROJECT, OTHER)
    assert sorted(layer("projecten").selectedFeatureIds()) == state["tagged"]
    assert dock().tags.tag_checks["3.6"].checkState() == Qt.CheckState.Checked
    check_blokken()  # the blocks and the location's sums as saved before closing
    open_form("projecten", BLOKKEN_PROJECT, lambda form: (form.setGeometry(420, 40, 800, 900), step_shot("blokken_heropend"), form.reject()))
    dock().scroll.ensureWidgetVisible(dock().tags)


def s_mutaties():
    """Mutaties…: the dates typed, Berekenen; today's edits (the phased plan, the tags) are there; the mutatiekaart on
    the map; the store only read."""
    before = db("SELECT count(*) FROM wijzigingen")[0][0]
    click(dock().mutaties_button)
    wait(300)
    dlg = dock().mutaties_dialog
    assert dlg is not None and dlg.isVisible(), "het venster Mutaties verschijnt niet"
    assert dlg.van_edit.text() == "2021-01-01", dlg.van_edit.text()
    dlg.van_edit.selectAll()
    QTest.keyClicks(dlg.van_edit, "01-01-2021")
    click(dlg.run_button)
    wait(1500)
    assert not dlg.error_label.isVisible(), dlg.error_label.text()
    rows = {dlg.locaties_table.item(i, 1).text(): (dlg.locaties_table.item(i, 0).text(), dlg.locaties_table.item(i, 3).text())
            for i in range(dlg.locaties_table.rowCount())}
    assert rows.get(BLOKKEN_PROJECT) == ("Programma gewijzigd", "+100"), rows
    assert {PROJECT, OTHER} <= set(rows), rows  # tagged with 3.6 today
    assert "locaties met een mutatie" in dlg.summary.text(), dlg.summary.text()
    click(dlg.map_button)
    wait(1000)
    kaart = [lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.name().startswith("Mutaties ")]
    assert len(kaart) == 1 and kaart[0].featureCount() == len(rows), (kaart, len(rows))
    step_shot("mutaties")
    click(dlg.close_button)
    assert db("SELECT count(*) FROM wijzigingen")[0][0] == before, "de mutaties schreven in de store"


def s_agenda():
    target = str(OUT / "agenda.pdf")
    offered = []  # afterwards the dock offers to open the PDF: not now
    when_modal("QMessageBox", lambda box: box.button(QMessageBox.StandardButton.No).click(), offered, timeout=120000)
    click_through_file_dialog(dock().agenda_button, target)
    wait(500)
    assert offered, "de dock bood niet aan de PDF te openen"
    assert Path(target).exists() and Path(target).stat().st_size > 10_000
    assert any("Agenda geschreven" in t[1] for t in bar_texts()), bar_texts()


def s_uitwisseling():
    """Beheer → Plannen uitwisselen…: Planregistratie for the province, typed file name, Alleen controleren, Schrijven."""
    from osgeo import gdal

    target = str(OUT / "provincie.gpkg")
    seen = []

    def fill(dlg):
        dlg.formaat_combo.setCurrentIndex(dlg.formaat_combo.findData("planregistratie"))
        dlg.niveau_combo.setCurrentIndex(dlg.niveau_combo.findData("provincie"))
        click(dlg.controle_button)
        state["controle"] = dlg.report.toPlainText()
        dlg.bestand_edit.setFocus()
        QTest.keyClicks(dlg.bestand_edit, target)
        step_shot("uitwisseling_dialoog")
        click(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok))

    when_modal("UitwisselingDialog", fill, seen)
    dock().uitwisseling_action.trigger()
    wait(500)
    assert seen, "geen dialoog Plannen uitwisselen"
    assert "Controle: 0 fout(en)" in state["controle"], state["controle"]
    ds = gdal.OpenEx(target, gdal.OF_VECTOR)
    names = {f.GetField("plannaam") for f in ds.GetLayerByName("Planregistratie")}
    want = {r[0] for r in db("SELECT naam FROM projecten p WHERE vertrouwelijkheid IN ('openbaar', 'provincie') AND EXISTS"
                             " (SELECT 1 FROM woningblokken b WHERE b.laag = 'projecten' AND b.locatie_fid = p.fid)"
                             " UNION SELECT naam FROM potloodplannen p WHERE vertrouwelijkheid IN ('openbaar', 'provincie')"
                             " AND EXISTS (SELECT 1 FROM woningblokken b WHERE b.laag = 'potloodplannen' AND b.locatie_fid = p.fid)")}
    assert names == want, (names ^ want)
    assert any("Planregistratie geschreven" in t[1] for t in bar_texts()), bar_texts()


def s_scenario():
    """#20: a planner makes a scenario in the dock: types its name and a change, presses Opslaan; the store holds it and
    the compare view shows it against the goals."""
    done = []

    def drive(dlg):
        dlg.setGeometry(150, 80, 1300, 720)
        dlg.scenario_combo.setCurrentIndex(0)  # Nieuw scenario
        type_line(dlg.naam_edit, "Vier jaar later")
        type_line(dlg.omschrijving_edit, "Alles in initiatief vier jaar later")
        dlg.soort_combo.setCurrentIndex(dlg.soort_combo.findData("uitstel"))
        type_line(dlg.regel_edit, "4 projectfase=1_initiatief")
        click(dlg.add_button)
        click(dlg.save_button)
        wait(1500)
        done.append((db("SELECT s.naam, s.omschrijving, w.soort, w.parameters, w.filter FROM scenario s"
                        " JOIN scenario_wijziging w ON w.scenario = s.fid WHERE s.naam = 'Vier jaar later'"),
                     dlg.vergelijking_table.rowCount(), dlg.scenario_combo.currentText()))
        step_shot("scenario_opgeslagen")
        click(dlg.buttons.button(QDialogButtonBox.StandardButton.Close))

    before = db("SELECT count(*) FROM wijzigingen")
    when_modal("ScenarioDialog", drive, timeout=20000)
    click(dock().scenario_button)
    assert done, "de scenario's verschenen niet"
    rows, shown, chosen = done[0]
    assert rows == [("Vier jaar later", "Alles in initiatief vier jaar later", "uitstel", '{"jaren": 4}',
                     '{"projectfase": ["1_initiatief"]}')], rows
    assert shown > 10 and chosen == "Vier jaar later", (shown, chosen)
    assert db("SELECT count(*) FROM wijzigingen") == before  # the plans' history is untouched


def type_line(edit, text):
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)
    wait(100)


STEPS = [("store_openen", s_open), ("wijk_kiezen", s_wijk), ("project_selecteren", s_select),
         ("gefaseerd_plan_met_sloop", s_blokken), ("twee_locaties_taggen", s_tag), ("sluiten_vraagt", s_close_asks),
         ("heropenen", s_reopen), ("mutaties", s_mutaties), ("agenda", s_agenda), ("plannen_uitwisselen", s_uitwisseling),
         ("scenario_maken", s_scenario)]


def on_exception(kind, value, tb):
    slot_errors.append("".join(traceback.format_exception(kind, value, tb)))


def run():
    sys.excepthook = on_exception
    # Qt's own file dialogs (a platform's native one cannot be driven); they are answered through their widgets
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    iface.mainWindow().showMaximized()
    iface.mainWindow().setGeometry(QGuiApplication.primaryScreen().availableGeometry())  # Xvfb has no window manager to maximise
    wait(1000)
    for name, fn in STEPS:
        entry = {"step": name, "ok": True, "error": ""}
        RESULT.write_text(json.dumps(results + [dict(entry, ok=False, error="loopt nog (bleef hangen)")], indent=1), encoding="utf-8")
        try:
            fn()
            if slot_errors:
                raise AssertionError("fout in de interface:\n" + "\n".join(slot_errors))
        except Exception:
            entry.update(ok=False, error=traceback.format_exc())
        slot_errors.clear()
        if not entry["ok"]:
            for w in (QApplication.activeModalWidget(),):
                if w is not None:
                    w.close()
        step_shot(name)
        results.append(entry)
        RESULT.write_text(json.dumps(results, indent=1), encoding="utf-8")
    # leave without QGIS asking about anything (the results are written)
    for lyr in QgsProject.instance().mapLayers().values():
        if hasattr(lyr, "isEditable") and lyr.isEditable():
            lyr.rollBack()
    RESULT.write_text(json.dumps(results + [{"step": "einde", "ok": True, "error": ""}], indent=1), encoding="utf-8")
    os._exit(0)


import faulthandler  # noqa: E402

_trace = open(OUT / "stapels.txt", "w")  # where a hanging step hangs
faulthandler.dump_traceback_later(int(CONFIG.get("dump_after", 400)), repeat=True, file=_trace)
QTimer.singleShot(2000, run)
_ = QgsApplication
