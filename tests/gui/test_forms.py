"""The attribute forms come from the schema: value maps, ranges, constraints with Dutch messages, defaults, read-only."""

from __future__ import annotations

import pytest
from qgis.core import QgsFieldConstraints, QgsProject, QgsVectorLayerUtils

from almelo_atlas_plugin.core import layers
from almelo_atlas_plugin.core.schema import DOMAINS

pytestmark = pytest.mark.gui


@pytest.fixture
def atlas(qgis_app, sample_store):
    project = QgsProject.instance()
    top = layers.load_atlas(sample_store, project)
    by = {n.layer().customProperty("almelo_atlas/laag"): n.layer() for n in top.findLayers()}
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
    assert proj.editorWidgetSetup(f.indexOf("won_koop")).type() == "Range"
    assert proj.editorWidgetSetup(f.indexOf("oplever_jaar")).config()["Min"] == 2000
    assert proj.editFormConfig().readOnly(f.indexOf("wijk_code"))
    assert proj.attributeAlias(f.indexOf("won_koop")) == "Woningen koop"
    assert proj.defaultValueDefinition(f.indexOf("bijgewerkt_door")).expression() == "@user_account_name"
    pot = atlas["potloodplannen"]
    assert pot.editorWidgetSetup(pot.fields().indexOf("soort")).type() == "ValueMap"
    assert pot.editorWidgetSetup(pot.fields().indexOf("eigendom_gemeente")).type() == "CheckBox"


@pytest.mark.parametrize("name, value, message", [
    ("won_koop", -3, "Laag projecten, veld won_koop: mag niet negatief zijn"),
    ("status", "bezig", "Laag projecten, veld status: kies een van"),
    ("oplever_jaar", 1999, "Laag projecten, veld oplever_jaar: tussen 2000 en 2050"),
    ("oplever_jaar", 2051, "Laag projecten, veld oplever_jaar: tussen 2000 en 2050"),
    ("won_totaal", 999, "Laag projecten, veld won_totaal: moet de som zijn"),
])
def test_form_constraints_refuse_bad_input_in_dutch(atlas, name, value, message):
    proj = atlas["projecten"]
    feat = next(proj.getFeatures())
    assert errors(proj, feat, name) == []
    feat[name] = value
    errs = errors(proj, feat, name)
    assert errs and any(message in e for e in errs), errs


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
    import sqlite3

    from tests.helpers import potloodplan

    with pytest.raises(sqlite3.DatabaseError, match="veld geom: geometrie ontbreekt of is leeg"):
        with sample_store.transaction() as con:
            con.execute("INSERT INTO potloodplannen (naam, soort) VALUES ('zonder vorm', 'braakliggend_terrein')")
    with pytest.raises(sqlite3.DatabaseError, match="geometrie ontbreekt of is leeg"):
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
    from almelo_atlas_plugin.core.forms import OPGAVE_RELATION, TAGS_RELATION

    manager = QgsProject.instance().relationManager()
    assert TAGS_RELATION in manager.polymorphicRelations()
    for laag in ("projecten", "potloodplannen"):
        lyr = atlas[laag]
        child = next(r for r in manager.referencedRelations(lyr) if r.polymorphicRelationId() == TAGS_RELATION)
        assert lyr.editFormConfig().widgetConfig(child.id())["nm-rel"] == OPGAVE_RELATION
        for feat in list(lyr.getFeatures())[:5]:
            related = sorted(f["opgave_code"] for f in child.getRelatedFeatures(feat))
            stored = sorted(f["opgave_code"] for f in atlas["locatie_opgaven"].getFeatures()
                            if f["laag"] == laag and f["locatie_fid"] == feat.id())
            assert related == stored  # only this layer's tags, though fids repeat across layers
    assert manager.relation(OPGAVE_RELATION).referencedLayer() == atlas["opgaven"]


def test_the_real_attribute_form_shows_the_nm_widget(atlas, qgis_iface):
    from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm
    from qgis.PyQt.QtWidgets import QWidget

    proj = atlas["projecten"]
    feat = next(f for f in proj.getFeatures() if f["naam"] == "Transformatie voormalig Stadhuis")
    form = QgsAttributeForm(proj, feat, QgsAttributeEditorContext())
    names = {w.metaObject().className() for w in form.findChildren(QWidget)}
    assert "QgsRelationEditorWidget" in names or any("Relation" in n for n in names), sorted(names)[:30]
    form.deleteLater()
