"""`bron` in QGIS: the layers' source lines (attribution, abstract), the agenda's source line, the Processing algorithms
(group Bronnen) and the dock's "Bron bijwerken…" dialog — with the test reader of tests/unit/test_bron.py in the place
of the bag reader."""

from __future__ import annotations

import sys
import types

import pytest
from qgis.core import QgsProject

from almelo_atlas_plugin.core.model.roles import laag_of
from almelo_atlas_plugin.core.output import layers
from almelo_atlas_plugin.core.output.agenda import source_line
from almelo_atlas_plugin.core.sources import bron as bron_mod
from tests.unit.test_bron import _lees, _points, _write

pytestmark = pytest.mark.gui


@pytest.fixture
def bag_reader(monkeypatch):
    mod = types.ModuleType("almelo_atlas_plugin.core.sources.bag")
    mod.lees = _lees
    mod.OPTIES = ("gemeente",)
    monkeypatch.setitem(sys.modules, mod.__name__, mod)
    return mod


def test_the_layers_and_the_agenda_name_the_newest_run_and_the_synthetic_rest(qgis_app, sample_store, bag_reader, tmp_path):
    assert source_line(sample_store) == "Bron: Kadaster / CBS (CC BY 4.0); overige gegevens synthetisch (voorbeeld)"
    bron_mod.bron(sample_store, "bag", _write(tmp_path / "a.csv", _points(sample_store, 4)), {"peildatum": "2026-11-01"})
    assert source_line(sample_store) == ("Bron: Kadaster / CBS (CC BY 4.0); BAG, stand 01-11-2026; "
                                         "overige gegevens synthetisch (voorbeeld)")
    project = QgsProject.instance()
    top = layers.load_atlas(sample_store, project)
    try:
        by = {laag_of(n.layer()): n.layer() for n in top.findLayers()}
        assert by["woningvoorraad"].attribution() == "BAG, stand 01-11-2026"
        assert by["woningvoorraad"].abstract() == "Bron: BAG, stand 01-11-2026"
        assert by["energielabels"].attribution() == "synthetisch (voorbeeld)"
        assert by["wijken"].attribution() == "Kadaster / CBS (CC BY 4.0)"
    finally:
        layers.unload_atlas(sample_store, project)
