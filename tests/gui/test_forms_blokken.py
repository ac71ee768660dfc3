"""A location's woningblokken in its form: the child table (a polymorphic relation on laag + locatie_fid), a block's
own form as a planner fills it (Dutch labels, value maps, spin boxes that keep what was typed), the database's refusals,
undo, the history, and the location's sums after the blocks are saved (both backends)."""

from __future__ import annotations

import json

import pytest
from qgis.core import QgsApplication, QgsGeometry, QgsProject, QgsVectorLayerTools, QgsVectorLayerUtils

from almelo_atlas_plugin.core.model.schema import DOMAINS, table
from almelo_atlas_plugin.core.output.forms import BLOCKS_RELATION, BLOKKEN_TAB
from tests.gui.test_forms import SHOTS, constraint_tips, ok_button, open_form, spin_box, type_into

pytestmark = pytest.mark.gui


class FormTools(QgsVectorLayerTools):
    """What QGIS's own tools do when the child table's "add" is clicked: the new block's form opens; here a planner
    (`fill`) types into it and presses OK."""

    def __init__(self):
        super().__init__()
        self.fill = None
        self.dialogs = []
        self.errors = []

    def addFeature(self, layer, defaultValues=None, defaultGeometry=None):  # noqa: N802 (QGIS's name)
        from qgis.gui import QgsAttributeDialog, QgsAttributeEditorContext

        feature = QgsVectorLayerUtils.createFeature(layer, defaultGeometry or QgsGeometry(), defaultValues or {})
        dialog = QgsAttributeDialog(layer, feature, False, None, True, QgsAttributeEditorContext())
        dialog.setMode(QgsAttributeEditorContext.Mode.AddFeatureMode)
        dialog.show()
        QgsApplication.processEvents()
        self.dialogs.append(dialog)
        try:
            ok = self.fill(dialog)
        except Exception as exc:  # an exception must not cross back into QGIS's C++: the test raises it afterwards
            self.errors.append(exc)
            ok = False
        if not ok:
            dialog.reject()
            return False, feature
        dialog.accept()
        return True, dialog.feature()

    def startEditing(self, layer):  # noqa: N802
        return layer.startEditing()

    def stopEditing(self, layer, allowCancel=True):  # noqa: N802
        return layer.commitChanges()

    def saveEdits(self, layer):  # noqa: N802
        return layer.commitChanges()

    def copyMoveFeatures(self, *args):  # noqa: N802
        return False


def relation_editor(dialog):
    from qgis.gui import QgsRelationEditorWidget

    return next(w for w in dialog.findChildren(QgsRelationEditorWidget) if w.relation().polymorphicRelationId() == BLOCKS_RELATION)


def tool_button(editor, name_or_tip):
    from qgis.PyQt.QtWidgets import QToolButton

    return next(b for b in editor.findChildren(QToolButton) if name_or_tip in (b.objectName(), b.toolTip()))


def click(widget):
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    assert widget.isEnabled(), widget.toolTip()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QgsApplication.processEvents()


def add_block(editor, tools, fill):
    """The child table's "add": the block's form opens, `fill` types into it (and says whether to press OK)."""
    tools.fill = fill
    click(tool_button(editor, "mAddFeatureButton"))
    if tools.errors:
        raise tools.errors.pop()


def choose(dialog, name, label):
    """Pick `label` in the value map of field `name`, as the planner opens the list and clicks it."""
    from qgis.PyQt.QtWidgets import QComboBox

    combo = next(w for w in dialog.findChildren(QComboBox) if w.objectName() == name)
    i = combo.findText(label)
    assert i >= 0, [combo.itemText(j) for j in range(combo.count())]
    combo.setCurrentIndex(i)
    QgsApplication.processEvents()


def failing(dialog):
    """The fields whose constraint the form shows as not met (a red cross), with the message."""
    from qgis.PyQt.QtWidgets import QLabel

    return [(w.parentWidget().objectName(), w.toolTip()) for w in dialog.findChildren(QLabel, "ConstraintStatus")
            if "✘" in w.text() or "✖" in w.text()]


def block_form(aantal, jaar, segment="Koop", soort="Bouw", eigenaar=None, shot=None):
    def fill(dialog):
        choose(dialog, "soort", soort)
        type_into(spin_box(dialog, "aantal"), str(aantal))
        assert spin_box(dialog, "aantal").value() == aantal  # the 0.3 bug: spin boxes that overflowed
        choose(dialog, "segment", segment)
        if eigenaar:
            choose(dialog, "eigenaar", eigenaar)
        type_into(spin_box(dialog, "jaar"), str(jaar))
        if shot:
            dialog.grab().save(str(SHOTS / f"{shot}.png"))
        assert ok_button(dialog).isEnabled(), failing(dialog)
        return True
    return fill


def open_blocks(layer, feat, tools, shot):
    from qgis.gui import QgsAttributeDialog, QgsAttributeEditorContext
    from qgis.PyQt.QtWidgets import QTabWidget

    context = QgsAttributeEditorContext()
    context.setVectorLayerTools(tools)
    dialog = QgsAttributeDialog(layer, feat, False, None, True, context)
    dialog.show()
    dialog.resize(min(800, dialog.sizeHint().width()), 860)
    tabs = dialog.findChild(QTabWidget)
    tabs.setCurrentIndex([tabs.tabText(i) for i in range(tabs.count())].index(BLOKKEN_TAB))
    QgsApplication.processEvents()
    dialog.grab().save(str(SHOTS / f"{shot}.png"))
    return dialog


def blocks_of(store, laag, fid):
    df = store.read_frame(f"SELECT soort, aantal, segment, eigenaar, jaar FROM woningblokken WHERE laag = {store.param} "
                          f"AND locatie_fid = {store.param} ORDER BY jaar, soort", (laag, fid))
    return [tuple(r) for r in df.itertuples(index=False)]


def sums(store, laag, fid):
    row = store.read_frame(f"SELECT won_koop, won_sociale_huur, won_totaal, won_sloop, won_netto FROM {laag} "
                           f"WHERE fid = {store.param}", (fid,)).iloc[0]
    return {k: int(row[k]) for k in row.index}


@pytest.fixture
def atlas(backend):
    return backend


def located(layer, fid):
    """The location whose fid column is `fid` (on PostGIS QGIS numbers a bigint key's features itself)."""
    from qgis.core import QgsFeatureRequest

    return next(layer.getFeatures(QgsFeatureRequest().setFilterExpression(f'"fid" = {int(fid)}')))


def test_the_blocks_relation_tells_the_layers_apart(atlas):
    """fids repeat across projecten and potloodplannen: each form lists only its own layer's blocks."""
    store, by = atlas
    proj, pot, blocks = by["projecten"], by["potloodplannen"], by["woningblokken"]
    fid = next(iter(set(f["fid"] for f in proj.getFeatures()) & set(f["fid"] for f in pot.getFeatures())))
    with store.transaction() as con:
        for laag, aantal in (("projecten", 11), ("potloodplannen", 22)):
            store.insert_rows(con, "woningblokken", [dict(laag=laag, locatie_fid=fid, soort="bouw", aantal=aantal, segment="koop",
                                                          woningtype="onbekend", eigenaar="onbekend", doelgroep="regulier",
                                                          jaar=2030, gerealiseerd=False)])
    blocks.reload()
    manager = QgsProject.instance().relationManager()
    assert BLOCKS_RELATION in manager.polymorphicRelations()
    for lyr, aantal in ((proj, 11), (pot, 22)):
        rel = next(r for r in manager.referencedRelations(lyr) if r.polymorphicRelationId() == BLOCKS_RELATION)
        assert rel.referencingLayer() == blocks
        related = [f["aantal"] for f in rel.getRelatedFeatures(located(lyr, fid))]
        assert aantal in related and ({11, 22} - {aantal}).isdisjoint(related), related
    # the block's own form: Dutch labels, value maps with Dutch labels, the relation's keys not shown
    f = blocks.fields()
    for field in table("woningblokken").fields:
        assert blocks.attributeAlias(f.indexOf(field.name)) == field.label
    segment = blocks.editorWidgetSetup(f.indexOf("segment"))
    assert segment.type() == "ValueMap" and [list(d)[0] for d in segment.config()["map"]] == list(DOMAINS["segment"].values())
    assert blocks.editorWidgetSetup(f.indexOf("gerealiseerd")).type() == "CheckBox"
    assert {blocks.editorWidgetSetup(f.indexOf(n)).type() for n in ("laag", "locatie_fid")} == {"Hidden"}


def test_a_planner_adds_a_phased_plan_with_demolition(atlas, messages):
    """Through the form as a person: the Woningblokken tab, editing on, add — type — OK three times, save the child edits.
    The store holds the blocks (and their history); the location's sums follow from them and the layer shows them."""
    store, by = atlas
    proj, blocks = by["projecten"], by["woningblokken"]
    feat = next(f for f in proj.getFeatures() if f["status"] != "opgeleverd")
    fid = feat["fid"]
    before = sums(store, "projecten", fid)
    old = blocks_of(store, "projecten", fid)
    tools = FormTools()
    proj.startEditing()
    dialog = open_blocks(proj, feat, tools, f"blokken_{store.kind}_leeg")
    editor = relation_editor(dialog)
    click(tool_button(editor, "mToggleEditingButton"))
    assert blocks.isEditable()
    for i, fill in enumerate((block_form(40, 2026, shot=f"blok_{store.kind}_ingevuld"), block_form(60, 2028),
                              block_form(30, 2025, segment="Sociale huur", soort="Sloop", eigenaar="Corporatie"))):
        add_block(editor, tools, fill)
        assert len(tools.dialogs) == i + 1 and len(blocks.editBuffer().addedFeatures()) == i + 1, blocks.editBuffer().addedFeatures()
    dialog.grab().save(str(SHOTS / f"blokken_{store.kind}_toegevoegd.png"))
    click(tool_button(editor, "Save child layer edits"))
    assert not blocks.isModified(), blocks.commitErrors()
    new = sorted(set(blocks_of(store, "projecten", fid)) - set(old))
    assert new == sorted([("bouw", 40, "koop", "onbekend", 2026), ("bouw", 60, "koop", "onbekend", 2028),
                          ("sloop", 30, "sociale_huur", "corporatie", 2025)]), new
    history = store.read_frame("SELECT nieuw FROM wijzigingen WHERE laag = 'woningblokken' AND actie = 'insert'")
    logged = [json.loads(n) for n in history.nieuw]
    assert sum(1 for n in logged if n["laag"] == "projecten" and n["locatie_fid"] == fid) >= 3
    after = sums(store, "projecten", fid)
    assert (after["won_koop"], after["won_totaal"], after["won_sloop"]) == (
        before["won_koop"] + 100, before["won_totaal"] + 100, before["won_sloop"] + 30)
    assert after["won_netto"] == after["won_totaal"] - after["won_sloop"]
    # the layer (and the form when opened again) shows the database's sums
    assert located(proj, fid)["won_totaal"] == after["won_totaal"]
    dialog.reject()
    again = open_form(proj, located(proj, fid), f"blokken_{store.kind}_sommen")
    assert spin_box(again, "won_netto").value() == after["won_netto"]
    again.reject()
    proj.rollBack()
    assert not [m for m in messages if "elati" in m or "Deprecat" in m], messages


@pytest.mark.parametrize("field, text, message", [
    ("aantal", "0", "Laag woningblokken, veld aantal: moet een getal van 1 tot en met 10.000 zijn"),
    ("aantal", "12000", "Laag woningblokken, veld aantal: moet een getal van 1 tot en met 10.000 zijn"),
    ("jaar", "1999", "Laag woningblokken, veld jaar: moet een getal van 2000 tot en met 2050 zijn"),
    ("jaar", "2051", "Laag woningblokken, veld jaar: moet een getal van 2000 tot en met 2050 zijn"),
])
def test_the_block_form_keeps_what_was_typed_and_refuses_it_in_dutch(atlas, field, text, message):
    store, by = atlas
    proj, blocks = by["projecten"], by["woningblokken"]
    feat = next(proj.getFeatures())
    n = len(blocks_of(store, "projecten", feat["fid"]))
    tools = FormTools()
    seen = {}

    def fill(dialog):
        type_into(spin_box(dialog, "aantal"), "40")
        type_into(spin_box(dialog, field), text)
        seen.update(value=spin_box(dialog, field).value(), ok=ok_button(dialog).isEnabled(), tips=constraint_tips(dialog))
        dialog.grab().save(str(SHOTS / f"blok_weigert_{field}_{text}.png"))
        return False  # OK is greyed out: the planner cancels

    proj.startEditing()
    dialog = open_blocks(proj, feat, tools, "blokken_weigert")
    editor = relation_editor(dialog)
    click(tool_button(editor, "mToggleEditingButton"))
    add_block(editor, tools, fill)
    assert seen["value"] == int(text) and not seen["ok"]
    assert any(message in t for t in seen["tips"]), seen["tips"]
    assert not blocks.isModified()
    dialog.reject()
    blocks.rollBack()
    proj.rollBack()
    assert len(blocks_of(store, "projecten", feat["fid"])) == n


@pytest.mark.parametrize("field, value, message", [
    ("aantal", 0, "veld aantal"),
    ("jaar", 2051, "veld jaar"),
    ("segment", "duur", "veld segment"),
])
def test_the_database_refuses_a_bad_block_and_nothing_changes(atlas, field, value, message):
    """What the form cannot stop (the attribute table, the field calculator): the save is refused in Dutch, the edit
    stays undoable in the buffer, the store and the location are unchanged."""
    store, by = atlas
    proj, blocks = by["projecten"], by["woningblokken"]
    feat = next(proj.getFeatures())
    before = sums(store, "projecten", feat["fid"]), blocks_of(store, "projecten", feat["fid"])
    blocks.startEditing()
    values = {blocks.fields().indexOf(k): v for k, v in dict(laag="projecten", locatie_fid=feat["fid"], aantal=40, jaar=2026,
                                                             segment="koop").items()}
    values[blocks.fields().indexOf(field)] = value
    assert blocks.addFeature(QgsVectorLayerUtils.createFeature(blocks, QgsGeometry(), values))
    assert not blocks.commitChanges()
    errs = blocks.commitErrors()
    assert any("Laag woningblokken" in e and message in e for e in errs), errs
    assert blocks.isModified()
    blocks.undoStack().undo()  # the planner takes the block back
    assert not blocks.isModified()
    assert blocks.commitChanges(), blocks.commitErrors()
    assert (sums(store, "projecten", feat["fid"]), blocks_of(store, "projecten", feat["fid"])) == before


def edit(layer, change):
    """One edit as QGIS's attribute table and forms make it: one command on the undo stack."""
    layer.beginEditCommand("bewerking")
    change()
    layer.endEditCommand()


def test_changing_and_deleting_blocks_is_undoable_and_in_the_history(atlas):
    store, by = atlas
    proj, blocks = by["projecten"], by["woningblokken"]
    feat = next(proj.getFeatures())
    with store.transaction() as con:
        store.insert_rows(con, "woningblokken", [dict(laag="projecten", locatie_fid=feat["fid"], soort="bouw", aantal=25,
                                                      segment="koop", woningtype="onbekend", eigenaar="onbekend",
                                                      doelgroep="regulier", jaar=2030, gerealiseerd=False)])
    blocks.reload()
    block = next(f for f in blocks.getFeatures() if f["laag"] == "projecten" and f["locatie_fid"] == feat["fid"] and f["aantal"] == 25)
    blocks.startEditing()
    edit(blocks, lambda: blocks.changeAttributeValue(block.id(), blocks.fields().indexOf("aantal"), 35))
    blocks.undoStack().undo()  # Ctrl+Z
    assert blocks.getFeature(block.id())["aantal"] == 25
    blocks.undoStack().redo()
    edit(blocks, lambda: blocks.deleteFeature(block.id()))
    blocks.undoStack().undo()
    assert blocks.getFeature(block.id()).isValid()
    assert blocks.commitChanges(), blocks.commitErrors()
    row = store.read_frame(f"SELECT actie, nieuw FROM wijzigingen WHERE laag = 'woningblokken' AND fid = {store.param} "
                           "ORDER BY wijziging_id DESC", (block["fid"],)).iloc[0]
    assert row.actie == "update" and json.loads(row.nieuw)["aantal"] == 35
    blocks.startEditing()
    blocks.deleteFeature(block.id())
    assert blocks.commitChanges(), blocks.commitErrors()
    last = store.read_frame(f"SELECT actie FROM wijzigingen WHERE laag = 'woningblokken' AND fid = {store.param} "
                            "ORDER BY wijziging_id DESC", (block["fid"],)).actie[0]
    assert last == "delete"


def test_planstatus_follows_the_planologische_status(atlas):
    """The status 1A–4B as a value map that says hard or zacht; choosing it sets planstatus (the database refuses a
    mismatch); for onbekend the planner's own choice stays."""
    store, by = atlas
    proj = by["projecten"]
    status = proj.editorWidgetSetup(proj.fields().indexOf("status_planologisch")).config()["map"]
    assert all(("(hard)" in list(d)[0]) or ("(zacht)" in list(d)[0]) or list(d.values())[0] == "onbekend" for d in status)
    feat = next(f for f in proj.getFeatures() if f["planstatus"] == "hard" and f["status"] != "opgeleverd")
    proj.startEditing()
    dialog = open_form(proj, feat, f"planstatus_{store.kind}_voor")
    choose(dialog, "status_planologisch", DOMAINS["status_planologisch"]["4A"])
    dialog.grab().save(str(SHOTS / f"planstatus_{store.kind}_4A.png"))
    dialog.accept()
    assert proj.commitChanges(), proj.commitErrors()
    row = store.read_frame(f"SELECT status_planologisch, planstatus FROM projecten WHERE fid = {store.param}", (feat["fid"],)).iloc[0]
    assert (row.status_planologisch, row.planstatus) == ("4A", "zacht")


def test_a_refused_child_save_leaves_the_location_unchanged(atlas):
    """The planner changed the location in its form and added a block the database refuses (what the form cannot stop:
    a value written by the field calculator); saving the child edits is refused, the location in the store is as
    before (its sums and its own fields), both edits stay in their buffers to be corrected or undone."""
    store, by = atlas
    proj, blocks = by["projecten"], by["woningblokken"]
    feat = next(f for f in proj.getFeatures() if f["won_totaal"] > 0)
    fid = feat["fid"]
    row = f"SELECT won_totaal, won_sloop, won_netto, realisatiekans, versie FROM projecten WHERE fid = {store.param}"
    before = tuple(store.read_frame(row, (fid,)).iloc[0])
    proj.startEditing()
    proj.changeAttributeValue(feat.id(), proj.fields().indexOf("realisatiekans"), 60)
    tools = FormTools()
    dialog = open_blocks(proj, proj.getFeature(feat.id()), tools, f"blokken_{store.kind}_weigert_opslaan")
    editor = relation_editor(dialog)
    click(tool_button(editor, "mToggleEditingButton"))
    add_block(editor, tools, block_form(40, 2026))
    added = next(iter(blocks.editBuffer().addedFeatures()))
    blocks.changeAttributeValue(added, blocks.fields().indexOf("aantal"), 0)  # the field calculator's bar
    click(tool_button(editor, "Save child layer edits"))
    assert blocks.isModified() and any("veld aantal" in e for e in blocks.commitErrors()), blocks.commitErrors()
    assert tuple(store.read_frame(row, (fid,)).iloc[0]) == before
    assert proj.isModified()
    dialog.reject()
    blocks.rollBack()
    proj.rollBack()
    assert tuple(store.read_frame(row, (fid,)).iloc[0]) == before
