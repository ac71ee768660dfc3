"""`bron` in QGIS: the layers' source lines (attribution, abstract), the agenda's source line, the Processing algorithms
(group Bronnen) and the dock's "Bron bijwerken…" dialog — with the test reader of tests/unit/test_bron.py in the place
of the bag reader."""

from __future__ import annotations

import sys

import pytest
from qgis.core import QgsProject

from almelo_atlas_plugin.core.model.roles import laag_of
from almelo_atlas_plugin.core.output import layers
from almelo_atlas_plugin.core.output.agenda import source_line
from almelo_atlas_plugin.core.sources import bron as bron_mod
from tests.gui.test_dock import plugin  # noqa: F401 (the dock with the sample open)
from tests.unit.test_bron import _points, _write, bag_reader  # noqa: F401 (the test reader as bag)

pytestmark = pytest.mark.gui



def test_the_layers_and_the_agenda_name_the_newest_run_and_the_synthetic_rest(qgis_app, sample_store, bag_reader, tmp_path):  # noqa: F811
    assert source_line(sample_store) == "Bron: Kadaster / CBS (CC BY 4.0), stand 01-01-2021; overige gegevens synthetisch (voorbeeld)"
    bron_mod.bron(sample_store, "bag", _write(tmp_path / "a.csv", _points(sample_store, 4)), {"peildatum": "2026-11-01"})
    assert source_line(sample_store) == ("Bron: Kadaster / CBS (CC BY 4.0), stand 01-01-2021; BAG, stand 01-11-2026; "
                                         "overige gegevens synthetisch (voorbeeld)")
    project = QgsProject.instance()
    top = layers.load_atlas(sample_store, project)
    try:
        by = {laag_of(n.layer()): n.layer() for n in top.findLayers()}
        assert by["woningvoorraad"].attribution() == "BAG, stand 01-11-2026"
        assert by["woningvoorraad"].abstract() == "Bron: BAG, stand 01-11-2026"
        assert by["energielabels"].attribution() == "synthetisch (voorbeeld)"
        assert by["wijken"].attribution() == "Kadaster / CBS (CC BY 4.0), stand 01-01-2021"
    finally:
        layers.unload_atlas(sample_store, project)


def test_processing_has_one_algorithm_per_soort_in_group_bronnen_and_runs_like_the_cli(provider, sample_store, bag_reader,  # noqa: F811
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


def test_a_bron_algorithm_runs_in_a_model_and_row_by_row_as_batch_mode_does(provider, sample_store, bag_reader, tmp_path):  # noqa: F811
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
    assert [(r["bestand"], r["nieuw"], r["vervallen"]) for r in runs(sample_store) if r["soort"] != "cbs"] == [
        ("a.csv", 5, 33917), ("b.csv", 1, 0), ("a.csv", 0, 1)]


def test_processing_refuses_with_the_dutch_line(provider, sample_store, bag_reader, monkeypatch, tmp_path):  # noqa: F811
    import processing
    from qgis.core import QgsProcessingException

    f = _write(tmp_path / "a.csv", _points(sample_store, 2))
    with pytest.raises(QgsProcessingException, match="Peildatum '31-02-2026' is geen datum"):
        processing.run("almelo_atlas:bron_bag", {"STORE": str(sample_store.path), "BESTAND": str(f), "PEILDATUM": "31-02-2026"})
    monkeypatch.setitem(sys.modules, "almelo_atlas_plugin.core.sources.planlijst", None)
    with pytest.raises(QgsProcessingException, match=r"bron planlijst: nog niet beschikbaar\."):
        processing.run("almelo_atlas:bron_planlijst", {"STORE": str(sample_store.path), "BESTAND": str(f)})


def test_the_dock_updates_a_source_through_its_dialog_typed_into_and_ok_pressed(plugin, sample_store, bag_reader, tmp_path,  # noqa: F811
                                                                             monkeypatch):
    from pathlib import Path

    from qgis.PyQt.QtCore import Qt, QTimer
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QApplication, QDialogButtonBox

    from almelo_atlas_plugin.core.sources.bronnen import runs

    out = Path(__file__).resolve().parents[2] / "out"
    out.mkdir(exist_ok=True)
    f = _write(tmp_path / "vbo.csv", _points(sample_store, 9))
    assert plugin.dock.controller.result.stad.profiel.woningen == 33917
    seen = {}

    def interact():  # an exception in a Qt slot would abort the test run: kept and raised after
        try:
            steps()
        except Exception as exc:  # noqa: BLE001
            seen["exc"] = exc
            QApplication.activeModalWidget().reject()

    def steps():
        dlg = QApplication.activeModalWidget()
        seen["titel"] = dlg.windowTitle()
        dlg.soort_combo.setCurrentIndex(dlg.soort_combo.findData("bag"))
        seen["gemeente zichtbaar"] = dlg.option_edits["gemeente"].isVisibleTo(dlg)
        seen["kolom zichtbaar"] = dlg.option_edits["kolom"].isVisibleTo(dlg)
        QTest.keyClicks(dlg.bestand_edit, str(f))
        QTest.keyClicks(dlg.option_edits["peildatum"], "31-02-2026")
        ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)  # refused whole: the dialog stays, with the Dutch line
        seen["fout"] = dlg.error_label.text()
        dlg.grab().save(str(out / "bron_dialog_fout.png"))
        dlg.option_edits["peildatum"].clear()
        QTest.keyClicks(dlg.option_edits["peildatum"], "01-11-2026")
        dlg.grab().save(str(out / "bron_dialog.png"))
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)

    shown = []  # the message bar as QGIS has it: with "Meer tonen" details (pytest-qgis's mock takes none)
    bar = plugin.iface.messageBar()
    monkeypatch.setattr(bar, "pushMessage", lambda title, text, *rest: shown.append((title, text, rest[0] if len(rest) == 3 else "")))
    QTimer.singleShot(0, interact)
    plugin.dock.bron_action.trigger()
    if "exc" in seen:
        raise seen["exc"]
    assert seen == {"titel": "Bron bijwerken", "gemeente zichtbaar": True, "kolom zichtbaar": False,
                    "fout": "Peildatum '31-02-2026' is geen datum (JJJJ-MM-DD, JJJJMMDD of DD-MM-JJJJ)."}
    assert [(r["soort"], r["bestand"], r["peildatum"], r["nieuw"]) for r in runs(sample_store) if r["soort"] != "cbs"] == [("bag", "vbo.csv", "2026-11-01", 9)]
    assert shown == [("Bron bijwerken", "BAG, stand 01-11-2026: 9 rijen, 0 geweigerd: 9 nieuw, 0 gewijzigd, 33.917 vervallen; "
                      "kerncijfers: 1 rijen vervangen.", "33.917 rijen van laag woningvoorraad kwamen niet uit een bron "
                      "(synthetisch of ouder) en zijn vervangen.")]
    assert plugin.dock.controller.result.stad.profiel.woningen == 9  # the figures follow
    woningen = next(lyr for lyr in plugin.dock.controller.atlas_layers().values() if laag_of(lyr) == "woningvoorraad")
    assert woningen.attribution() == "BAG, stand 01-11-2026" and woningen.featureCount() == 9
