"""The Processing tag dialog as a planner meets it: the open atlas prefilled, opgaven picked from their full names, the
locations from the selection on the map."""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication, QgsProcessingException, QgsProject

from almelo_atlas_plugin.core.model.catalogue import opgaven
from almelo_atlas_plugin.core.output import layers

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("provider")]


@pytest.fixture
def open_atlas(qgis_app, sample_store):
    project = QgsProject.instance()
    top = layers.load_atlas(sample_store, project)
    yield sample_store, {n.layer().customProperty("almelo_atlas/laag"): n.layer() for n in top.findLayers()}
    layers.unload_atlas(sample_store, project)


def tags(store, laag: str) -> set:
    df = store.read_frame(f"SELECT locatie_fid, opgave_code FROM locatie_opgaven WHERE laag = '{laag}'")
    return set(zip(df.locatie_fid, df.opgave_code))


def test_without_an_open_atlas_nothing_is_prefilled(qgis_app):
    alg = QgsApplication.processingRegistry().createAlgorithmById("almelo_atlas:tag")
    assert not alg.parameterDefinition("STORE").defaultValue() and not alg.parameterDefinition("LOCATIES").defaultValue()


def test_dialog_opens_on_the_open_atlas_and_tags_the_selection(open_atlas):
    import processing

    store, by = open_atlas
    pl = by["potloodplannen"]
    chosen = sorted(f.id() for f in pl.getFeatures())[:2]
    pl.selectByIds(chosen)
    alg = QgsApplication.processingRegistry().createAlgorithmById("almelo_atlas:tag")
    assert alg.parameterDefinition("STORE").defaultValue() == str(store.path)
    opg = alg.parameterDefinition("OPGAVEN")
    assert opg.allowMultiple() and opg.options() == [f"{o['code']} {o['naam']}" for o in opgaven()]
    assert opg.options()[3].startswith("3.4 Een gebalanceerde en duurzame woningvoorraad")
    locaties = alg.parameterDefinition("LOCATIES").defaultValue()
    assert locaties.source.staticValue() == pl.id() and locaties.selectedFeaturesOnly
    # the person ticks two opgaven and presses Run: the defaults as the dialog holds them
    before = tags(store, "potloodplannen")
    params = {p.name(): p.defaultValue() for p in alg.parameterDefinitions()}
    params["OPGAVEN"] = [1, 3]  # 3.2 and 3.4
    res = processing.run("almelo_atlas:tag", params)
    after = tags(store, "potloodplannen")
    assert after - before == {(fid, code) for fid in chosen for code in ("3.2", "3.4")} - before
    assert res["GEWIJZIGD"] == len(after - before) > 0
    assert {fid for fid, _ in after - before} <= set(chosen)  # nothing beyond the selection


def test_selection_in_the_projects_layer_tags_projects(open_atlas):
    import processing

    store, by = open_atlas
    pr = by["projecten"]
    fid = min(f.id() for f in pr.getFeatures())
    pr.selectByIds([fid])
    alg = QgsApplication.processingRegistry().createAlgorithmById("almelo_atlas:tag")
    assert alg.parameterDefinition("LOCATIES").defaultValue().source.staticValue() == pr.id()  # the layer with a selection
    params = {p.name(): p.defaultValue() for p in alg.parameterDefinitions()}
    params["OPGAVEN"] = [6]
    processing.run("almelo_atlas:tag", params)
    assert (fid, opgaven()[6]["code"]) in tags(store, "projecten")
    pr.removeSelection()
    with pytest.raises(QgsProcessingException, match="Geen locaties geselecteerd"):
        processing.run("almelo_atlas:tag", params)
    params["LOCATIES"] = by["wijken"].id()
    with pytest.raises(QgsProcessingException, match="geen laag met projecten of potloodplannen"):
        processing.run("almelo_atlas:tag", params)


def test_an_open_postgis_atlas_prefills_connection_and_schema(qgis_app, pg_sample):
    import processing

    from almelo_atlas_plugin.core import atlas
    from tests.gui.test_pg_connection import save_connection

    db = pg_sample.rsplit("/", 1)[1].split("?")[0]
    save_connection("Atlas taggen", int(pg_sample.split(":")[2].split("/")[0]), db)
    store = atlas.open_connection("Atlas taggen", "atlas")
    project = QgsProject.instance()
    top = layers.load_atlas(store, project)
    try:
        pl = next(n.layer() for n in top.findLayers() if n.layer().customProperty("almelo_atlas/laag") == "potloodplannen")
        fid = min(f.id() for f in pl.getFeatures())
        pl.selectByIds([fid])
        alg = QgsApplication.processingRegistry().createAlgorithmById("almelo_atlas:tag")
        assert not alg.parameterDefinition("STORE").defaultValue()
        assert alg.parameterDefinition("PG_VERBINDING").defaultValue() == "Atlas taggen"
        assert alg.parameterDefinition("PG_SCHEMA").defaultValue() == "atlas"
        params = {p.name(): p.defaultValue() for p in alg.parameterDefinitions()}
        params["OPGAVEN"] = [0]
        processing.run("almelo_atlas:tag", params)
        assert (fid, "3.1") in tags(store, "potloodplannen")
    finally:
        layers.unload_atlas(store, project)
