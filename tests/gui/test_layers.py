"""The atlas loads as styled layer groups from the store's layer catalogue."""

from __future__ import annotations

import pytest
from qgis.core import QgsCategorizedSymbolRenderer, QgsProject, QgsRuleBasedRenderer

from almelo_atlas_plugin.core.model.roles import laag_of
from almelo_atlas_plugin.core.model.schema import DOMAINS
from almelo_atlas_plugin.core.output import layers
from almelo_atlas_plugin.core.resources import style_path

pytestmark = pytest.mark.gui


def test_every_catalogue_style_exists(sample_store):
    for entry in layers.catalogue(sample_store):
        assert entry["stijl"] and style_path(entry["stijl"]).exists(), entry


def test_groups_layers_and_renderers(qgis_app, sample_store):
    project = QgsProject.instance()
    top = layers.load_atlas(sample_store, project)
    try:
        groups = [g.name() for g in top.children()]
        assert groups == ["Overige lagen", "Ontwikkeling", "Leefbaarheid", "Energielabels", "Woningvoorraad", "Basis", "Achtergrond",
                          "Tabellen"]
        by = {laag_of(n.layer()): n.layer() for n in top.findLayers()}
        assert set(by) >= {"gemeente", "wijken", "buurten", "gebieden", "woningvoorraad", "energielabels", "leefbaarheid",
                           "projecten", "potloodplannen", "woningbouwprogramma"}
        assert all(lyr.isValid() for lyr in by.values())
        el = by["energielabels"].renderer()
        assert isinstance(el, QgsCategorizedSymbolRenderer)
        assert [c.value() for c in el.categories()] == list(DOMAINS["energielabel"])
        assert el.categories()[0].symbol().color().name() == "#006a3a" and el.categories()[-1].symbol().color().name() == "#be1e2d"
        lb = by["leefbaarheid"].renderer()
        assert [str(c.value()) for c in lb.categories()] == [str(i) for i in range(1, 10)]
        assert lb.categories()[0].label() == "1 – Zeer onvoldoende"
        pr = by["projecten"].renderer()
        assert isinstance(pr, QgsRuleBasedRenderer) and [len(g.children()) for g in pr.rootRule().children()] == [4, 4]
        assert by["projecten"].labelsEnabled() and by["wijken"].labelsEnabled()
        wv = by["woningvoorraad"]
        assert wv.hasScaleBasedVisibility() and wv.minimumScale() == 25000
        assert [c.label() for c in wv.renderer().categories()] == list(DOMAINS["eigendom"].values())
        assert "layername%3Dprojecten" in by["woningbouwprogramma"].source()  # the points of projecten
        # alternative style in the style manager
        sm = by["projecten"].styleManager()
        assert "planstatus" in sm.styles()
        default = sm.currentStyle()
        sm.setCurrentStyle("planstatus")
        assert isinstance(by["projecten"].renderer(), QgsCategorizedSymbolRenderer)
        assert by["projecten"].renderer().classAttribute() == "planstatus"
        sm.setCurrentStyle(default)
        assert isinstance(by["projecten"].renderer(), QgsRuleBasedRenderer)
        # dwellings at wijk scale: share of corporation rent per wijk, shown when zoomed out
        ww = by["woningvoorraad_wijk"]
        assert ww.hasScaleBasedVisibility() and ww.maximumScale() == 25000
        assert "woningen_corporatie" in ww.renderer().classAttribute()
        feats = {f["wijk_code"]: f for f in ww.getFeatures()}
        assert sum(f["woningen"] for f in feats.values()) == 33917
        assert sum(f["woningen_corporatie"] for f in feats.values()) == round(0.34 * 33917)
        # visibility from the catalogue
        vis = {laag_of(n.layer()): n.itemVisibilityChecked() for n in top.findLayers()}
        assert vis["projecten"] and not vis["woningvoorraad"]
    finally:
        layers.unload_atlas(sample_store, project)
    assert not project.mapLayers()


def test_leefbaarometer_without_classes_shows_the_deviation_and_says_so(qgis_app, sample_store, tmp_path):
    """A store whose leefbaarheid has scores but no published class (a score file, FORMATS.md §3c) opens with the
    continuous afw ramp, its legend naming what it shows; with classes the nine classes stay."""
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize

    entry = next(e for e in layers.catalogue(sample_store) if e["laag"] == "leefbaarheid")
    assert isinstance(layers.make_layer(sample_store, entry).renderer(), QgsCategorizedSymbolRenderer)
    with sample_store.transaction() as con:
        con.execute("UPDATE leefbaarheid SET afw = (fid % 9 - 4) / 10.0, score = NULL")
    lyr = layers.make_layer(sample_store, entry)
    assert lyr.styleManager().currentStyle() == "afwijking"
    rules = lyr.renderer().rootRule().children()
    assert [r.label() for r in rules] == [
        "Leefbaarometer (afwijking van het landelijk gemiddelde; klassen niet in het bestand)"]
    assert [r.label() for r in rules[0].children()] == ["Boven het landelijk gemiddelde (hoe groener, hoe hoger)",
                                                     "Onder het landelijk gemiddelde (hoe roder, hoe lager)"]
    settings = QgsMapSettings()  # the ramp draws: a cell below and one above the average differ in colour
    settings.setLayers([lyr])
    settings.setDestinationCrs(lyr.crs())
    settings.setExtent(lyr.extent())
    settings.setOutputSize(QSize(400, 400))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(str(tmp_path / "leefbaarheid_afw.png"))  # looked at by eye (out/ when run by hand)
    colours = {image.pixelColor(x, y).name() for x in range(0, 400, 7) for y in range(0, 400, 7)}
    assert len(colours) > 4
