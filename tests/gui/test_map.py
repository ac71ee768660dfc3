"""The map as a planner reads it: background without internet, the chosen wijk outlined, labels, hard vs zacht, the
size legend of the dwelling circles, and the locations as they stood at a peildatum (both backends)."""

from __future__ import annotations

import time

import pytest
from qgis.core import (
    QgsExpressionContextUtils,
    QgsGeometry,
    QgsLayerTreeModel,
    QgsMapRendererCustomPainterJob,
    QgsMapSettings,
    QgsProject,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QImage, QPainter

from almelo_atlas_plugin.core.model.schema import DOMAINS
from almelo_atlas_plugin.core.output import layers
from almelo_atlas_plugin.core.store.base import StoreError
from almelo_atlas_plugin.sample import HISTORIE_EIND
from tests.helpers import potloodplan, square

pytestmark = pytest.mark.gui

CHOSEN = QColor("#c2185b")


@pytest.fixture
def atlas(qgis_app, store):
    project = QgsProject.instance()
    top = layers.load_atlas(store, project)
    yield store, project, top, {n.layer().customProperty("almelo_atlas/laag"): n.layer() for n in top.findLayers()}
    layers.unload_atlas(store, project)


def gemeente_extent(by):
    ext = by["gemeente"].extent()
    ext.scale(1.05)
    return ext


def render_labels(layers, by, size, extent, dpi=None):
    """Render the layers as the map would (RD, this size and extent) and return the finished job with its labels."""
    from qgis.core import QgsMapRendererSequentialJob

    ms = QgsMapSettings()
    ms.setLayers(layers)
    ms.setDestinationCrs(by["gemeente"].crs())
    if dpi:
        ms.setOutputDpi(dpi)
    ms.setOutputSize(size)
    ms.setExtent(extent)
    job = QgsMapRendererSequentialJob(ms)
    job.start()
    job.waitForFinished()
    return job



def render(lyrs, extent, size=(400, 400)) -> QImage:
    ms = QgsMapSettings()
    ms.setLayers(lyrs)
    ms.setDestinationCrs(lyrs[0].crs())
    ms.setOutputSize(QSize(*size))
    ms.setExtent(extent)
    ms.setBackgroundColor(QColor("white"))
    img = QImage(QSize(*size), QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    painter = QPainter(img)
    job = QgsMapRendererCustomPainterJob(ms, painter)
    job.start()
    job.waitForFinished()
    painter.end()
    return img


def near(c: QColor, ref: QColor, tol: int = 40) -> bool:
    return abs(c.red() - ref.red()) + abs(c.green() - ref.green()) + abs(c.blue() - ref.blue()) < tol


def chosen_pixels(img: QImage) -> int:
    return sum(near(QColor(img.pixel(x, y)), CHOSEN) for x in range(0, img.width(), 2) for y in range(0, img.height(), 2))


@pytest.mark.parametrize("store", ["gpkg"], indirect=True)
def test_background_maps_are_optional_and_do_not_need_internet(atlas):
    """PDOK's maps are in the catalogue, off, at the bottom, one at a time; loading and drawing without network is quick."""
    store, project, top, by = atlas
    group = top.children()[-2]  # the last group before the tag tables
    assert group.name() == layers.BACKGROUND_GROUP and group.isMutuallyExclusive()
    shown = {n.layer().customProperty("almelo_atlas/laag"): n.itemVisibilityChecked() for n in group.findLayers()}
    assert shown == {"luchtfoto": False, "achtergrond_brt": False, "ondergrond": True}
    for key in ("achtergrond_brt", "luchtfoto"):
        lyr = by[key]
        assert isinstance(lyr, QgsRasterLayer) and lyr.isValid()
        assert "https://service.pdok.nl/" in lyr.source() and lyr.attribution() == "Kadaster / PDOK"
    assert "/grijs/" in by["achtergrond_brt"].source() and "Actueel_ortho25" in by["luchtfoto"].source()
    # no network here: choosing the BRT map and drawing the map still ends quickly, and the atlas's layers are drawn
    group.findLayer(by["achtergrond_brt"].id()).setItemVisibilityChecked(True)
    assert not group.findLayer(by["ondergrond"].id()).itemVisibilityChecked()  # one background at a time
    t0 = time.perf_counter()
    img = render([by["wijken"], by["achtergrond_brt"]], by["gemeente"].extent())
    assert time.perf_counter() - t0 < 15
    assert any(QColor(img.pixel(x, 200)).name() != "#ffffff" for x in range(400))


@pytest.mark.parametrize("store", ["gpkg"], indirect=True)
def test_atlas_loads_quickly_without_network(qgis_app, store):
    t0 = time.perf_counter()
    top = layers.load_atlas(store, QgsProject.instance())
    try:
        assert time.perf_counter() - t0 < 10
        assert {n.layer().customProperty("almelo_atlas/laag") for n in top.findLayers()} >= {"achtergrond_brt", "luchtfoto"}
    finally:
        layers.unload_atlas(store, QgsProject.instance())


@pytest.mark.parametrize("store", ["gpkg"], indirect=True)
def test_plain_look_greys_out_what_lies_outside_the_gemeente(atlas):
    store, project, top, by = atlas
    ext = by["gemeente"].extent()
    ext.scale(1.3)
    img = render([by["ondergrond"]], ext)
    assert QColor(img.pixel(2, 2)).name() != "#ffffff"  # a corner: outside the gemeente
    assert QColor(img.pixel(200, 200)).name() == "#ffffff"  # the centre: inside


@pytest.mark.parametrize("store", ["gpkg"], indirect=True)
def test_the_chosen_wijk_is_outlined(atlas):
    """The dock sets the layer variable atlas_wijk; that wijk gets a thick outline along its border, no fill."""
    store, project, top, by = atlas
    wijken = by["wijken"]
    feats = {f["wijk_code"]: f for f in wijken.getFeatures()}
    code = "WK014116"
    geom = feats[code].geometry()
    ext = geom.boundingBox()
    ext.scale(1.2)
    assert chosen_pixels(render([wijken], ext)) == 0  # no wijk chosen: no outline
    QgsExpressionContextUtils.setLayerVariable(wijken, "atlas_wijk", code)
    img = render([wijken], ext)
    assert chosen_pixels(img) > 100
    # the outline follows this wijk's border: its vertices are drawn in the outline colour, its inside stays unfilled
    ms = QgsMapSettings()
    ms.setOutputSize(QSize(400, 400))
    ms.setExtent(ext)
    m2p = ms.mapToPixel()
    ring = geom.asMultiPolygon()[0][0]
    on_border = 0
    for a, b in zip(ring, ring[1:]):
        mid = m2p.transform((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
        x, y = int(round(mid.x())), int(round(mid.y()))
        on_border += any(near(QColor(img.pixel(x + dx, y + dy)), CHOSEN) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                         if 0 <= x + dx < 400 and 0 <= y + dy < 400)
    assert on_border >= len(ring) - 2
    inside = m2p.transform(geom.pointOnSurface().asPoint())
    assert not near(QColor(img.pixel(int(inside.x()), int(inside.y()))), CHOSEN)
    # another wijk chosen: this one is no longer outlined
    view = geom.buffer(-50, 4).boundingBox()
    ms.setExtent(view)  # what the square image shows of it: a real wijk's view holds its neighbours, pick one outside
    other = next(c for c in feats if c != code and not feats[c].geometry().intersects(QgsGeometry.fromRect(ms.visibleExtent())))
    QgsExpressionContextUtils.setLayerVariable(wijken, "atlas_wijk", other)
    assert chosen_pixels(render([wijken], view)) == 0


@pytest.mark.parametrize("store", ["gpkg"], indirect=True)
def test_hard_and_zacht_and_the_size_legend(atlas):
    """Hard filled, zacht hollow/striped, with the domain's words; the dwelling circles carry a size legend."""
    store, project, top, by = atlas
    model = QgsLayerTreeModel(project.layerTreeRoot())
    wbp = by["woningbouwprogramma"]
    assert wbp.geometryType() == 0 and wbp.featureCount() == by["projecten"].featureCount()  # points on surface
    nodes = model.layerLegendNodes(project.layerTreeRoot().findLayer(wbp.id()))
    texts = [n.data(0) for n in nodes]
    assert texts == ["Woningen per locatie", "25 woningen", "75 woningen", "150 woningen",
                     "Hard: met bestemmingsplan", "Zacht: nog geen bestemmingsplan"]
    sizes = [n.symbol().size() for n in nodes[1:4]]
    assert sizes == sorted(sizes) and sizes[0] > 1  # circles growing with the dwellings
    cats = wbp.renderer().categories()  # kept: the symbols belong to these copies
    from qgis.core import QgsExpressionContext

    for c in cats:  # a legend (panel or layout) draws them without a feature: they keep a size, not 0
        assert c.symbol().dataDefinedSize().valueAsDouble(QgsExpressionContext(), 0)[0] > 1
    assert cats[0].symbol().color().alpha() == 255 and cats[1].symbol().color().alpha() < 200  # hard filled, zacht hollow
    legend = wbp.renderer().dataDefinedSizeLegend()
    assert [c.label for c in legend.classes()] == ["25 woningen", "75 woningen", "150 woningen"]
    pr = by["projecten"]
    texts = [n.data(0) for n in model.layerLegendNodes(project.layerTreeRoot().findLayer(pr.id()))]
    assert texts[0] == "Hard: met bestemmingsplan" and texts[5] == "Zacht: nog geen bestemmingsplan"
    assert texts[1:5] == list(DOMAINS["status"].values())
    renderer = pr.renderer()
    groups = renderer.rootRule().children()
    assert [g.filterExpression() for g in groups] == ["\"planstatus\" = 'hard'", "\"planstatus\" = 'zacht'"]
    assert groups[0].children()[0].symbol().symbolLayer(0).brushStyle() != groups[1].children()[0].symbol().symbolLayer(0).brushStyle()


@pytest.mark.parametrize("store", ["gpkg"], indirect=True)
def test_labels_rank_wijk_over_gebied_over_location_and_location_names_only_zoomed_in(atlas):
    store, project, top, by = atlas
    prio = {k: by[k].labeling().settings().priority for k in ("wijken", "gebieden", "projecten", "potloodplannen")}
    assert prio["wijken"] > prio["gebieden"] > prio["projecten"] == prio["potloodplannen"]
    for k in ("projecten", "potloodplannen"):
        s = by[k].labeling().settings()
        assert s.scaleVisibility and s.minimumScale <= 15000 and s.format().buffer().enabled() and s.autoWrapLength
    assert not by["wijken"].labeling().settings().scaleVisibility  # wijk names at stad scale
    obstacle = by["woningbouwprogramma"].labeling().settings()
    assert not obstacle.drawLabels and obstacle.obstacleSettings().isObstacle()  # labels keep off the circles


def test_show_at_shows_the_locations_as_they_stood(atlas):
    """Both backends: a location added today is not on the map at an earlier peildatum, is back now; the past is read-only."""
    store, project, top, by = atlas
    with store.transaction() as con:
        fid = potloodplan(con, "Nieuw na de peildatum", square(243500, 485500, 60), store=store)
    pl, pr, wbp = by["potloodplannen"], by["projecten"], by["woningbouwprogramma"]
    now = {f.id() for f in pl.getFeatures()}
    assert fid in now
    n_projects = pr.featureCount()
    switched = layers.show_at(store, HISTORIE_EIND, project)  # after the sample's own history: today's sample
    assert set(switched) == {pl, pr, wbp}
    assert fid not in {f.id() for f in pl.getFeatures()} and len(now) - 1 == pl.featureCount()
    assert pr.featureCount() == n_projects and wbp.featureCount() == n_projects  # the sample's projects stood then
    assert pl.readOnly() and not pl.startEditing()
    assert pl.name() == f"Potloodplannen ({'-'.join(reversed(HISTORIE_EIND.split('-')))})" and pl.customProperty(layers.PEILDATUM_PROPERTY)
    assert pr.renderer() is not None and pr.labelsEnabled()  # the style stays
    layers.show_at(store, "2021-01-01", project)  # the sample's own past: a plan dropped since, not yet the new one
    names = {f["naam"] for f in pr.getFeatures()}
    assert "Woningbouw Sportpark Windmolenbroek" in names and "Uitbreiding Bornerbroek-Zuid" not in names
    import datetime as _dt

    layers.show_at(store, _dt.date.today().isoformat(), project)  # from one peildatum to another: today's has it
    assert fid in {f.id() for f in pl.getFeatures()} and pl.readOnly()
    layers.show_at(store, None, project)
    assert store.label not in layers._PAST  # the past store (a GeoPackage copy, a PostGIS connection) is let go
    assert {f.id() for f in pl.getFeatures()} == now
    assert not pl.readOnly() and pl.name() == "Potloodplannen" and not pl.customProperty(layers.PEILDATUM_PROPERTY)
    assert wbp.providerType() == "virtual" and wbp.featureCount() == n_projects


@pytest.mark.parametrize("store", ["gpkg"], indirect=True)
def test_show_at_refuses_while_a_location_layer_is_edited(atlas):
    store, project, top, by = atlas
    pl = by["potloodplannen"]
    assert pl.startEditing()
    with pytest.raises(StoreError, match="wordt bewerkt"):
        layers.show_at(store, "2021-01-01", project)
    pl.rollBack()
    assert not pl.readOnly() and pl.name() == "Potloodplannen"


@pytest.mark.parametrize("store", ["gpkg"], indirect=True)
def test_layer_names_and_legend_entries_fit_the_layers_panel(atlas):
    """No entry wider than a layers panel of ~330 px at its depth (about 32 characters)."""
    store, project, top, by = atlas
    model = QgsLayerTreeModel(project.layerTreeRoot())
    long = [lyr.name() for lyr in by.values() if len(lyr.name()) > 30]
    for lyr in by.values():
        long += [n.data(0) for n in model.layerLegendNodes(project.layerTreeRoot().findLayer(lyr.id()))
                 if n.data(0) and len(n.data(0)) > 32]
    assert not long


@pytest.mark.parametrize("store", ["gpkg"], indirect=True)
def test_every_wijk_is_named_at_stad_scale_without_colliding_labels(atlas):
    """The whole gemeente on a screen: all wijk names placed (the small ones in the centre too), no two labels overlapping."""

    store, project, top, by = atlas
    visible = [n.layer() for n in project.layerTreeRoot().findLayers() if n.isVisible()]
    job = render_labels(visible, by, QSize(1200, 900), gemeente_extent(by))
    placed = job.takeLabelingResults().allLabels()
    named = {p.labelText.replace("-\n", "-") for p in placed if p.layerID == by["wijken"].id()}
    assert named == {f["naam"] for f in by["wijken"].getFeatures()}
    boxes = [p.labelGeometry.boundingBox() for p in placed]
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.intersect(b).area() > 0.05 * min(a.area(), b.area())]
    assert not any(p.layerID == by["projecten"].id() for p in placed)  # location names only when zoomed in


@pytest.mark.parametrize("store", ["gpkg"], indirect=True)
def test_zoomed_in_a_wijk_name_stays_on_its_own_wijk(atlas):
    """A wijk cut off by the screen's edge is named inside its visible part, never on its neighbour (as seen in QGIS)."""
    from qgis.core import QgsGeometry

    store, project, top, by = atlas
    wijken = {f["naam"]: f.geometry() for f in by["wijken"].getFeatures()}
    ext = next(f.geometry() for f in by["wijken"].getFeatures() if f["wijk_code"] == "WK014116").boundingBox()
    ext.grow(300)
    job = render_labels([by["wijken"], by["woningbouwprogramma"]], by, QSize(900, 700), ext)
    placed = [p for p in job.takeLabelingResults().allLabels() if p.layerID == by["wijken"].id()]
    assert len(placed) >= 4
    for p in placed:
        centre = QgsGeometry.fromPointXY(p.labelRect.center())
        assert wijken[p.labelText.replace("-\n", "-")].buffer(20, 4).contains(centre), p.labelText


@pytest.mark.parametrize("store", ["gpkg"], indirect=True)
def test_no_names_cut_off_at_the_map_edge(atlas):
    from qgis.core import QgsLabelingEngineSettings

    store, project, top, by = atlas
    assert not project.labelingEngineSettings().testFlag(QgsLabelingEngineSettings.Flag.UsePartialCandidates)


@pytest.mark.parametrize("store", ["gpkg"], indirect=True)
def test_small_wijken_named_in_a_300_dpi_print(atlas):
    """The agenda prints at 300 dpi: the small wijken in the centre keep their names (beside the wijk, with a line)."""

    store, project, top, by = atlas
    job = render_labels([by["wijken"]], by, QSize(2400, 2640), gemeente_extent(by), dpi=300)
    named = {p.labelText.replace("-\n", "-") for p in job.takeLabelingResults().allLabels()}
    assert {"Nieuwstraat-Kwartier", "Binnenstad", "Ossenkoppelerhoek"} <= named


def test_background_maps_open_without_the_transformation_question(qgis_iface, sample_store):
    """QGIS asks which transformation to use for EPSG:3857 tiles on an RD map — a modal question that stopped the
    opening of the atlas in the real desktop; the atlas tells the project the preferred one itself."""
    from qgis.core import QgsCoordinateReferenceSystem

    project = QgsProject()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:28992"))
    layers.load_atlas(sample_store, project)
    try:
        web, rd = QgsCoordinateReferenceSystem("EPSG:3857"), QgsCoordinateReferenceSystem("EPSG:28992")
        assert project.transformContext().hasTransform(web, rd) and project.transformContext().hasTransform(rd, web)
    finally:
        layers.unload_atlas(sample_store, project)
