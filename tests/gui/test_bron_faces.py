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


def test_processing_has_one_algorithm_per_soort_in_group_bronnen_and_runs_like_the_cli(provider, sample_store, bag_reader,
                                                                                      tmp_path):
    import processing
    from qgis.core import QgsApplication, QgsProcessingAlgorithm

    from almelo_atlas_plugin.core.sources.bronnen import SOORTEN

    algs = {a.id(): a for a in QgsApplication.processingRegistry().algorithms() if a.provider().id() == "almelo_atlas"}
    for soort in SOORTEN:
        a = algs[f"almelo_atlas:bron_{soort.replace('-', '_')}"]
        assert a.group() == "Bronnen" and not a.flags() & QgsProcessingAlgorithm.Flag.FlagHideFromModeler
    f = _write(tmp_path / "a.csv", _points(sample_store, 7))
    params = {"STORE": str(sample_store.path), "BESTAND": str(f), "PEILDATUM": "01-11-2026"}
    res = processing.run("almelo_atlas:bron_bag", params)
    assert (res["RIJEN"], res["NIEUW"], res["VERVALLEN"]) == (7, 7, 33917)
    assert res["SAMENVATTING"].startswith("BAG, stand 01-11-2026: 7 rijen, 0 geweigerd: 7 nieuw, 0 gewijzigd, 33.917 vervallen")
    res = processing.run("almelo_atlas:bron_bag", params)
    assert res["SAMENVATTING"] == "BAG, stand 01-11-2026: 7 rijen, 0 geweigerd: niets gewijzigd."


def test_a_bron_algorithm_runs_in_a_model_and_row_by_row_as_batch_mode_does(provider, sample_store, bag_reader, tmp_path):
    import processing
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
    )

    from almelo_atlas_plugin.core.sources.bronnen import runs

    first, second = (_write(tmp_path / f"{n}.csv", _points(sample_store, k)) for n, k in (("a", 5), ("b", 6)))
    model = QgsProcessingModelAlgorithm("bron in een model", "test")
    child = QgsProcessingModelChildAlgorithm("almelo_atlas:bron_bag")
    child.setChildId("bag")
    for name, value in (("STORE", str(sample_store.path)), ("BESTAND", str(first)), ("PEILDATUM", "2026-11-01")):
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromStaticValue(value)])
    model.addChildAlgorithm(child)
    ok = model.run({}, QgsProcessingContext(), QgsProcessingFeedback())[1]
    assert ok
    for f in (second, first):  # the batch panel runs the algorithm once per row, each with its own parameters
        processing.run("almelo_atlas:bron_bag", {"STORE": str(sample_store.path), "BESTAND": str(f)})
    assert [(r["bestand"], r["nieuw"], r["vervallen"]) for r in runs(sample_store)] == [
        ("a.csv", 5, 33917), ("b.csv", 1, 0), ("a.csv", 0, 1)]


def test_processing_refuses_with_the_dutch_line(provider, sample_store, bag_reader, monkeypatch, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    f = _write(tmp_path / "a.csv", _points(sample_store, 2))
    with pytest.raises(QgsProcessingException, match="Peildatum '31-02-2026' is geen datum"):
        processing.run("almelo_atlas:bron_bag", {"STORE": str(sample_store.path), "BESTAND": str(f), "PEILDATUM": "31-02-2026"})
    monkeypatch.setitem(sys.modules, "almelo_atlas_plugin.core.sources.planlijst", None)
    with pytest.raises(QgsProcessingException, match=r"bron planlijst: nog niet beschikbaar\."):
        processing.run("almelo_atlas:bron_planlijst", {"STORE": str(sample_store.path), "BESTAND": str(f)})
