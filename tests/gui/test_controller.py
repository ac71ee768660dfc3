"""The dock's controller without a desktop: it owns store, roll-up, scope, peildatum and layers, and says so in signals."""

from __future__ import annotations

import pytest
from qgis.core import QgsExpressionContextUtils
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QSignalSpy

from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.gui.controller import AtlasController

pytestmark = pytest.mark.gui


@pytest.fixture
def controller(qgis_canvas, sample_store):
    c = AtlasController(lambda: qgis_canvas)
    opened = QSignalSpy(c.store_opened)
    assert c.open(str(sample_store.path), lambda *a: False)
    assert len(opened) == 1 and opened[0] == [sample_store.label, False]
    yield c
    c.discard_edits()
    c.close()


def test_open_shows_the_stad_and_close_tells_the_widgets(controller, sample_store):
    assert controller.scope == "stad" and controller.scope_data()["titel"] == "Almelo (stad)"
    assert controller.result.to_json() == rollup(sample_store).to_json()
    assert controller.may_curate()  # a GeoPackage's user is its beheerder
    closed = QSignalSpy(controller.store_closed)
    controller.close()
    assert len(closed) == 1 and controller.store is None and controller.scope_data() is None


def test_a_wijk_is_told_to_its_layer_not_selected_and_has_its_own_years(controller):
    scope = QSignalSpy(controller.scope_changed)
    controller.select_wijk("WK014116")
    assert scope[-1] == ["wijk", "WK014116"]
    wijken = controller.atlas_layers()["wijken"]
    assert QgsExpressionContextUtils.layerScope(wijken).variable("atlas_wijk") == "WK014116"
    assert wijken.selectedFeatureCount() == 0
    per_wijk = controller.wijk_per_year()
    assert per_wijk is not None and per_wijk != controller.result.per_year()
    controller.set_scope("stad")
    assert QgsExpressionContextUtils.layerScope(wijken).variable("atlas_wijk") == ""
    assert controller.wijk_per_year() is None and scope[-1] == ["stad", ""]


def test_a_peildatum_before_the_history_is_said_not_shown_as_zeros(controller):
    assert controller.first_day == "2021-01-01"
    changed = QSignalSpy(controller.result_changed)
    controller.set_peildatum("2020-06-01")
    assert len(changed) == 1 and controller.before_history()
    assert controller.result.stad.figures.won_hard > 0  # the figures of the first day, not an empty atlas
    controller.set_peildatum(None)
    assert not controller.before_history()


def test_tags_through_the_edit_buffer_show_as_unsaved_and_discard(controller):
    proj = controller.atlas_layers()["projecten"]
    fid = next(f.id() for f in proj.getFeatures() if f["naam"] == "Woningbouw Kollenveld")
    selection = QSignalSpy(controller.selection_changed)
    proj.selectByIds([fid])
    assert len(selection) >= 1 and controller.single_selection() == ("projecten", fid)
    code = next(c for c, s in controller.tag_states().items() if s == Qt.CheckState.Unchecked)
    unsaved = QSignalSpy(controller.unsaved_changed)
    assert controller.apply_tags({code: Qt.CheckState.Checked}) == 1
    assert controller.tag_states()[code] == Qt.CheckState.Checked
    assert unsaved and unsaved[-1][0] == [controller.tags_layer().name()]
    controller.discard_edits()
    assert controller.tag_states()[code] == Qt.CheckState.Unchecked and unsaved[-1] == [[]]


def test_history_is_newest_first(controller, sample_store):
    proj = controller.atlas_layers()["projecten"]
    feat = next(f for f in proj.getFeatures() if f["naam"] == "Woningbouw Kollenveld")
    proj.startEditing()
    proj.changeAttributeValue(feat.id(), proj.fields().indexOf("toelichting"), "nieuw")  # the sums follow from the blocks
    assert proj.commitChanges()
    proj.selectByIds([feat.id()])
    changes = controller.history()
    assert changes[0]["actie"] == "update" and changes[-1]["actie"] == "insert"


@pytest.mark.parametrize("backend", ["gpkg", "postgis"])
def test_both_backends_open_know_the_first_history_day_and_tell_the_wijk(backend, request, qgis_canvas, sample_store):
    address = str(sample_store.path) if backend == "gpkg" else request.getfixturevalue("pg_sample")
    c = AtlasController(lambda: qgis_canvas)
    try:
        assert c.open(address, lambda *a: False)
        assert c.first_day == "2021-01-01"  # GeoPackage text and PostGIS timestamptz alike
        assert c.may_curate()  # the owner of the store
        c.set_peildatum("2020-01-01")
        assert c.before_history() and c.result.stad.figures.won_hard > 0
        c.select_wijk("WK014115")
        wijken = c.atlas_layers()["wijken"]
        assert QgsExpressionContextUtils.layerScope(wijken).variable("atlas_wijk") == "WK014115"
    finally:
        c.close()


def test_a_peildatum_shows_the_map_as_it_stood_read_only_and_waits_for_an_edit(controller):
    projecten = controller.atlas_layers()["projecten"]
    assert controller.set_peildatum("2021-06-01")
    assert projecten.readOnly() and "(01-06-2021)" in projecten.name()
    assert controller.set_peildatum(None)
    assert not projecten.readOnly() and "(" not in projecten.name()
    projecten.startEditing()
    try:
        messages = QSignalSpy(controller.message)
        assert not controller.set_peildatum("2021-06-01")  # an edit in progress: save or discard first
        assert controller.peildatum is None and not projecten.readOnly() and "bewerkt" in messages[-1][0]
    finally:
        projecten.rollBack()
