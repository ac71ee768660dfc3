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


def test_a_refused_save_keeps_the_edit_session(atlas, sample_store):
    proj = atlas["projecten"]
    feats = {f["naam"]: f for f in proj.getFeatures()}
    good, bad = feats["Woningbouw Maardijk"], feats["Veenelanden-Oost"]
    proj.startEditing()
    proj.changeAttributeValue(good.id(), proj.fields().indexOf("naam"), "Maardijk (nieuw)")
    proj.changeAttributeValue(bad.id(), proj.fields().indexOf("won_koop"), -10)  # the database refuses this
    assert not proj.commitChanges()
    assert any("won_koop: mag niet negatief" in e for e in proj.commitErrors()), proj.commitErrors()
    assert proj.isEditable()  # the edit session, with both edits, is kept
    names = {f.id(): f["naam"] for f in proj.getFeatures()}
    assert names[good.id()] == "Maardijk (nieuw)"
    stored = sample_store.read_frame("SELECT naam FROM projecten WHERE fid = ?", (good.id(),)).naam[0]
    assert stored == "Woningbouw Maardijk"  # nothing half-saved
    proj.rollBack()
