"""The attribute forms come from the schema: value maps, ranges, constraints with Dutch messages, defaults, read-only;
and the real attribute dialog, driven through its widgets as a planner does, saves what was typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsFieldConstraints, QgsProject, QgsVectorLayerUtils

from almelo_atlas_plugin.core.model.roles import laag_of
from almelo_atlas_plugin.core.model.schema import COMPUTED_FIELDS, DOMAINS, table
from almelo_atlas_plugin.core.output import layers
from almelo_atlas_plugin.core.store.base import DbError

SHOTS = Path(__file__).resolve().parents[2] / "out" / "forms"
WINDOW_WIDTH = 800  # the form must fit a dialog this wide (beside the map on a 1366 px laptop screen)

pytestmark = pytest.mark.gui


@pytest.fixture
def atlas(qgis_app, sample_store):
    project = QgsProject.instance()
    top = layers.load_atlas(sample_store, project)
    by = {laag_of(n.layer()): n.layer() for n in top.findLayers()}
    yield by
    layers.unload_atlas(sample_store, project)


def errors(layer, feature, name):
    ok, errs = QgsVectorLayerUtils.validateAttribute(layer, feature, layer.fields().indexOf(name),
                                                     QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard)
    return [] if ok else errs


def test_widgets_from_the_schema(atlas):
    proj = atlas["projecten"]
    f = proj.fields()
    status = proj.editorWidgetSetup(f.indexOf("status"))
    assert status.type() == "ValueMap"
    assert [list(d.values())[0] for d in status.config()["map"]] == list(DOMAINS["status"])
    assert [list(d.keys())[0] for d in status.config()["map"]] == list(DOMAINS["status"].values())
    koop = proj.editorWidgetSetup(f.indexOf("won_koop"))
    assert koop.type() == "Range"
    assert (koop.config()["Min"], koop.config()["Max"]) == (-100_000, 100_000)  # was ±1e12: overflowed the spin box
    assert '"oplever_jaar" >= 2000' in proj.constraintExpression(f.indexOf("oplever_jaar"))
    assert proj.editFormConfig().readOnly(f.indexOf("wijk_code"))
    assert proj.attributeAlias(f.indexOf("won_koop")) == "Woningen koop"
    assert proj.defaultValueDefinition(f.indexOf("bijgewerkt_door")).expression() == "@user_account_name"
    pot = atlas["potloodplannen"]
    assert pot.editorWidgetSetup(pot.fields().indexOf("soort")).type() == "ValueMap"
    assert pot.editorWidgetSetup(pot.fields().indexOf("eigendom_gemeente")).type() == "CheckBox"


@pytest.mark.parametrize("name, value, message", [
    ("won_koop", -3, "Laag projecten, veld won_koop: moet een getal van 0 tot en met 10.000 zijn"),
    ("won_koop", 10_001, "Laag projecten, veld won_koop: moet een getal van 0 tot en met 10.000 zijn"),
    ("won_koop", 9.2e18, "Laag projecten, veld won_koop: moet een getal van 0 tot en met 10.000 zijn"),
    ("won_koop", "veel", "Laag projecten, veld won_koop: moet een getal van 0 tot en met 10.000 zijn"),
    ("ha_zon", 1e308, "Laag projecten, veld ha_zon: moet een getal van 0 tot en met 1000 zijn"),
    ("ha_zon", float("inf"), "Laag projecten, veld ha_zon: moet een getal van 0 tot en met 1000 zijn"),
    ("m2_bedrijf", "1e5 m2", "Laag projecten, veld m2_bedrijf: moet een getal van 0 tot en met 2.000.000 zijn"),
    ("status", "bezig", "Laag projecten, veld status: kies een van"),
    ("oplever_jaar", 1999, "Laag projecten, veld oplever_jaar: moet een getal van 2000 tot en met 2050 zijn"),
    ("oplever_jaar", 2051, "Laag projecten, veld oplever_jaar: moet een getal van 2000 tot en met 2050 zijn"),
    ("oplever_jaar", "volgend jaar", "Laag projecten, veld oplever_jaar: moet een getal van 2000 tot en met 2050 zijn"),
])
def test_form_constraints_refuse_bad_input_in_dutch(atlas, name, value, message):
    proj = atlas["projecten"]
    feat = next(proj.getFeatures())
    assert errors(proj, feat, name) == []
    feat[name] = value
    errs = errors(proj, feat, name)
    assert errs and any(message in e for e in errs), errs
    if isinstance(value, str) and name.startswith("won_"):  # text in a segment is blamed on it, not on the sum
        assert errors(proj, feat, "won_totaal") == []


@pytest.mark.parametrize("wkt, message", [
    ("MultiPolygon(((240000 485000, 240100 485100, 240100 485000, 240000 485100, 240000 485000)))", "is ongeldig"),  # bow tie
    ("MultiPolygon EMPTY", "is leeg"),
    ("MultiPolygon(((100000 400000, 100100 400000, 100100 400100, 100000 400000)))", "buiten de gemeente"),
])
def test_form_refuses_bad_geometry(atlas, wkt, message):
    from qgis.core import QgsGeometry

    pot = atlas["potloodplannen"]
    feat = next(pot.getFeatures())
    all_errors = [e for n in ("naam", "wijk_code") for e in errors(pot, feat, n)]
    assert all_errors == []
    feat.setGeometry(QgsGeometry.fromWkt(wkt))
    all_errors = [e for n in ("naam", "wijk_code") for e in errors(pot, feat, n)]
    assert any("Laag potloodplannen, veld geom:" in e and message in e for e in all_errors), all_errors


def test_database_refuses_empty_geometry(sample_store):

    from tests.helpers import potloodplan

    with pytest.raises(DbError, match="veld geom: geometrie ontbreekt of is leeg"):
        with sample_store.transaction() as con:
            con.execute("INSERT INTO potloodplannen (naam, soort) VALUES ('zonder vorm', 'braakliggend_terrein')")
    with pytest.raises(DbError, match="geometrie ontbreekt of is leeg"):
        with sample_store.transaction() as con:
            fid = potloodplan(con)
            empty = b"GP\x00\x11" + (28992).to_bytes(4, "little") + b"\x01\x06\x00\x00\x00\x00\x00\x00\x00"
            con.execute("UPDATE potloodplannen SET geom = ? WHERE fid = ?", (empty, fid))


def test_a_refused_save_keeps_the_edit_session(atlas, sample_store):
    proj = atlas["projecten"]
    feats = {f["naam"]: f for f in proj.getFeatures()}
    good, bad = feats["Woningbouw Maardijk"], feats["Veenelanden-Oost"]
    proj.startEditing()
    proj.changeAttributeValue(good.id(), proj.fields().indexOf("naam"), "Maardijk (nieuw)")
    proj.changeAttributeValue(bad.id(), proj.fields().indexOf("won_koop"), -10)  # the database refuses this
    assert not proj.commitChanges()
    # layer, feature and field are named
    assert any(f"feature {bad.id()}" in e and "Laag projecten, veld won_koop: mag niet negatief" in e for e in proj.commitErrors()), proj.commitErrors()
    assert proj.isEditable()  # the edit session, with both edits, is kept
    names = {f.id(): f["naam"] for f in proj.getFeatures()}
    assert names[good.id()] == "Maardijk (nieuw)"
    stored = sample_store.read_frame("SELECT naam FROM projecten WHERE fid = ?", (good.id(),)).naam[0]
    assert stored == "Woningbouw Maardijk"  # nothing half-saved
    proj.rollBack()


def test_opgaven_as_an_nm_relation_in_the_form(atlas):
    from almelo_atlas_plugin.core.output.forms import OPGAVE_RELATION, TAGS_RELATION

    manager = QgsProject.instance().relationManager()
    assert TAGS_RELATION in manager.polymorphicRelations()
    for laag in ("projecten", "potloodplannen"):
        lyr = atlas[laag]
        child = next(r for r in manager.referencedRelations(lyr) if r.polymorphicRelationId() == TAGS_RELATION)
        element = relation_element(lyr, TAGS_RELATION)
        assert element.relation().id() == child.id() and element.nmRelationId() == OPGAVE_RELATION
        assert element.label() == "Opgaven"
        for feat in list(lyr.getFeatures())[:5]:
            related = sorted(f["opgave_code"] for f in child.getRelatedFeatures(feat))
            stored = sorted(f["opgave_code"] for f in atlas["locatie_opgaven"].getFeatures()
                            if f["laag"] == laag and f["locatie_fid"] == feat.id())
            assert related == stored  # only this layer's tags, though fids repeat across layers
    assert manager.relation(OPGAVE_RELATION).referencedLayer() == atlas["opgaven"]


def relation_element(layer, polymorphic_id):
    """The form's relation editor element of the relation generated from `polymorphic_id` for this layer."""
    from qgis.core import QgsAttributeEditorElement

    def walk(element):
        if element.type() == QgsAttributeEditorElement.AttributeEditorType.AeTypeRelation:
            yield element
        for child in getattr(element, "children", lambda: [])():
            yield from walk(child)

    return next(e for e in walk(layer.editFormConfig().invisibleRootContainer())
                if e.relation().polymorphicRelationId() == polymorphic_id)


def layout(layer):
    """{container title: [its field names]} of the drag-and-drop form, tabs and groups alike, in order."""
    from qgis.core import QgsAttributeEditorElement

    out = {}

    def walk(element):
        out[element.name()] = [c.name() for c in element.children()
                               if c.type() == QgsAttributeEditorElement.AttributeEditorType.AeTypeField]
        for child in element.children():
            if child.type() == QgsAttributeEditorElement.AttributeEditorType.AeTypeContainer:
                if not child.showLabel():  # an untitled wrapper (a field shown only when set) counts with its group
                    out[element.name()] += [c.name() for c in child.children()]
                else:
                    walk(child)

    for tab in layer.editFormConfig().tabs():
        walk(tab)
    return out


# --- the real attribute dialog, as QGIS opens it when a planner identifies a location and opens its form ---

def open_form(layer, feature, shot: str):
    from qgis.gui import QgsAttributeDialog, QgsAttributeEditorContext

    dialog = QgsAttributeDialog(layer, feature, False, None, True, QgsAttributeEditorContext())
    dialog.show()
    dialog.resize(min(WINDOW_WIDTH, dialog.sizeHint().width()), 720)  # as QGIS opens it the first time: its size hint
    QgsApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / f"{shot}.png"))
    return dialog


def spin_box(dialog, name):
    from qgis.PyQt.QtWidgets import QAbstractSpinBox

    return next(w for w in dialog.findChildren(QAbstractSpinBox) if w.objectName() == name)


def ok_button(dialog):
    from qgis.PyQt.QtWidgets import QDialogButtonBox

    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def type_into(box, text: str) -> None:
    from qgis.PyQt.QtTest import QTest

    box.setFocus()
    box.lineEdit().selectAll()
    QTest.keyClicks(box, text)
    QgsApplication.processEvents()


STORED = ("won_koop", "won_totaal", "realisatiekans", "m2_voorzieningen", "versie")


def stored(store, laag, fid):
    """(the location's row as stored, the JSON of its updates in the history)."""
    row = store.read_frame(f"SELECT {', '.join(STORED)} FROM {laag} WHERE fid = {store.param}", (fid,)).iloc[0]
    history = store.read_frame(f"SELECT nieuw FROM wijzigingen WHERE laag = {store.param} AND fid = {store.param} AND actie = 'update' ORDER BY wijziging_id",
                               (laag, fid))
    return {k: None if row[k] is None or row[k] != row[k] else int(row[k]) for k in row.index}, list(history.nieuw)


@pytest.mark.parametrize("laag", ["projecten", "potloodplannen"])
def test_a_planner_types_into_the_form_and_saves(backend, messages, laag):
    import json

    sample_store, atlas = backend
    layer = atlas[laag]
    feat = max(layer.getFeatures(), key=lambda f: f["won_totaal"])
    before, history = stored(sample_store, laag, feat["fid"])
    layer.startEditing()
    dialog = open_form(layer, feat, f"{laag}_{sample_store.kind}_geopend")
    # the blocker of 0.3: every Woningen field showed −727379968 (min = max) and OK stayed greyed out
    koop = spin_box(dialog, "won_koop")
    assert (koop.minimum(), koop.maximum(), koop.value()) == (-100_000, 100_000, before["won_koop"])
    # the dwelling sums come from the woningblokken: shown, not typed into
    for name in COMPUTED_FIELDS:
        assert spin_box(dialog, name).value() == feat[name] and not spin_box(dialog, name).isEnabled(), name
    assert ok_button(dialog).isEnabled()
    type_into(spin_box(dialog, "realisatiekans"), "60")
    type_into(spin_box(dialog, "m2_voorzieningen"), "250")
    assert spin_box(dialog, "realisatiekans").value() == 60 and ok_button(dialog).isEnabled()
    dialog.grab().save(str(SHOTS / f"{laag}_{sample_store.kind}_ingevuld.png"))
    dialog.accept()
    assert layer.commitChanges(), layer.commitErrors()
    after, history_after = stored(sample_store, laag, feat["fid"])
    assert after == dict(before, realisatiekans=60, m2_voorzieningen=250, versie=before["versie"] + 1)
    assert len(history_after) == len(history) + 1
    assert json.loads(history_after[-1])["realisatiekans"] == 60
    # no relation warning, no deprecation: the relations are configured completely
    assert not [m for m in messages if "elati" in m or "Deprecat" in m], messages


def constraint_tips(dialog):
    from qgis.PyQt.QtWidgets import QWidget

    return [w.toolTip() for w in dialog.findChildren(QWidget) if "Laag " in w.toolTip()]


@pytest.mark.parametrize("text, shown", [("-5", -5), ("999", 999), ("abc", None)])
def test_the_form_refuses_negative_text_and_absurd_numbers(atlas, sample_store, text, shown):
    layer = atlas["projecten"]
    feat = max(layer.getFeatures(), key=lambda f: f["won_koop"])
    before = stored(sample_store, "projecten", feat.id())
    layer.startEditing()
    dialog = open_form(layer, feat, f"projecten_weigert_{text}")
    kans = spin_box(dialog, "realisatiekans")
    type_into(kans, text)
    if shown is None:  # letters never get into the spin box: its value stays
        assert kans.value() == kans.minimum() and ok_button(dialog).isEnabled()  # empty (NULL) as it was
    else:  # what was typed stays visible (no silent clamping to 0 or 100), refused in Dutch, OK disabled
        assert kans.value() == shown
        assert not ok_button(dialog).isEnabled()
        assert any("Laag projecten, veld realisatiekans: moet een getal van 0 tot en met 100 zijn" in t
                   for t in constraint_tips(dialog)), constraint_tips(dialog)
    dialog.grab().save(str(SHOTS / f"projecten_weigert_{text}_getypt.png"))
    dialog.accept()  # what OK would do if it were pressed anyway (QGIS refuses to save an invalid form)
    layer.commitChanges()
    assert stored(sample_store, "projecten", feat.id()) == before  # nothing saved
    layer.rollBack()


def test_text_in_a_number_field_is_blamed_on_that_field(atlas, sample_store):
    """Text in the edit buffer (pasted into the attribute table, or the field calculator): the database refuses it on
    save naming that field."""
    layer = atlas["projecten"]
    feat = max(layer.getFeatures(), key=lambda f: f["won_koop"])
    before = stored(sample_store, "projecten", feat.id())
    layer.startEditing()
    layer.changeAttributeValue(feat.id(), layer.fields().indexOf("m2_voorzieningen"), "veel")
    assert not layer.commitChanges()
    errs = layer.commitErrors()
    assert any("veld m2_voorzieningen" in e for e in errs) and not any("won_totaal" in e for e in errs), errs
    assert stored(sample_store, "projecten", feat.id()) == before
    layer.rollBack()


def test_the_form_in_groups_with_labels_and_no_bookkeeping(atlas):
    proj, pot = atlas["projecten"], atlas["potloodplannen"]
    groups = layout(proj)
    assert list(groups) == ["Locatie", "Algemeen", "Plan", "Programma", "Planning", "Beheer", "Woningblokken", "Opgaven"]
    assert groups["Algemeen"] == ["naam", "status", "planstatus"]
    assert groups["Plan"][:2] == ["status_planologisch", "projectfase"]
    assert groups["Programma"][:5] == ["won_sociale_huur", "won_middenhuur", "won_vrije_huur", "won_koop", "won_totaal"]
    assert groups["Beheer"] == ["bron_id", "wijk_code", "bijgewerkt_door", "bijgewerkt_op", "potloodplan_fid"]
    shown = {n for names in groups.values() for n in names}
    assert not shown & {"fid", "versie", "versie_gezien"}
    assert list(layout(pot)) == ["Locatie", "Algemeen", "Plan", "Programma", "Beheer", "Woningblokken", "Opgaven"]
    for lyr, laag in ((proj, "projecten"), (pot, "potloodplannen")):
        for name in ("wijk_code", "bijgewerkt_door", "bijgewerkt_op", *COMPUTED_FIELDS):
            assert lyr.editFormConfig().readOnly(lyr.fields().indexOf(name))
        for f in table(laag).fields:
            if f.group:
                assert lyr.attributeAlias(lyr.fields().indexOf(f.name)) == f.label
    # whole m², hectares to two decimals
    assert proj.editorWidgetSetup(proj.fields().indexOf("m2_bedrijf")).config()["Precision"] == 0
    assert proj.editorWidgetSetup(proj.fields().indexOf("ha_zon")).config()["Precision"] == 2
    # the wijk by name, not by its bare code
    wijk = proj.editorWidgetSetup(proj.fields().indexOf("wijk_code"))
    assert wijk.type() == "ValueRelation" and wijk.config()["Layer"] == atlas["wijken"].id() and wijk.config()["Value"] == "naam"
    # the opgaven by name, not by bare code
    assert atlas["opgaven"].displayExpression() == '"code" || \' \' || "naam"'
    tag_code = atlas["locatie_opgaven"].editorWidgetSetup(atlas["locatie_opgaven"].fields().indexOf("opgave_code"))
    assert tag_code.type() == "ValueRelation" and tag_code.config()["Value"] == "naam"


def test_what_the_planner_sees(atlas, messages):
    from qgis.PyQt.QtWidgets import QGroupBox, QLabel, QTabWidget

    for laag in ("projecten", "potloodplannen"):
        layer = atlas[laag]
        feat = next(f for f in layer.getFeatures() if f["won_totaal"] > 0)
        dialog = open_form(layer, feat, f"{laag}_leesbaar")
        texts = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()] + \
                [w.title() for w in dialog.findChildren(QGroupBox) if w.isVisible()]
        assert not [t for t in texts if "Generated" in t or t in ("fid", "Versie", "Versie bij laden")], texts
        tabs = dialog.findChild(QTabWidget)
        assert [tabs.tabText(i) for i in range(tabs.count())] == ["Locatie", "Woningblokken", "Opgaven"]
        tabs.setCurrentIndex(2)  # as the planner clicks the tab: the opgaven by name, with their description
        QgsApplication.processEvents()
        dialog.grab().save(str(SHOTS / f"{laag}_opgaven.png"))
        from qgis.PyQt.QtWidgets import QListView

        listed = [v.model().data(v.model().index(r, 0)) for v in dialog.findChildren(QListView) if v.isVisible()
                  for r in range(v.model().rowCount())]
        opgaven = {f["code"]: f["naam"] for f in atlas["opgaven"].getFeatures()}
        assert listed and all(any(t == f"{c} {n}" for c, n in opgaven.items()) for t in listed), listed
        # the form fits its window: no horizontal scroll bar on any tab (it had one), the window fits a small laptop screen
        from qgis.PyQt.QtWidgets import QScrollArea

        for i in range(tabs.count()):  # as the planner clicks through the tabs (a tab is laid out when shown)
            tabs.setCurrentIndex(i)
            QgsApplication.processEvents()
            bars = [a.horizontalScrollBar() for a in dialog.findChildren(QScrollArea) if a.isVisible()]
            assert bars and not [b for b in bars if b.maximum() > 0], (tabs.tabText(i), [b.maximum() for b in bars])
        assert dialog.width() <= WINDOW_WIDTH, dialog.width()
        dialog.reject()
    assert not [m for m in messages if "elati" in m or "Deprecat" in m], messages
