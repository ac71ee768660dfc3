"""Write styles/*.qml (one per layer) from the schema's domains and Dutch labels.

Run: `make styles`. The .qml files are committed; a test checks they are current.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsDataDefinedSizeLegend,
    QgsFillSymbol,
    QgsInvertedPolygonRenderer,
    QgsLineSymbol,
    QgsMapLayer,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProperty,
    QgsRasterLayer,
    QgsRendererCategory,
    QgsRuleBasedRenderer,
    QgsSimpleFillSymbolLayer,
    QgsSimpleLineCallout,
    QgsSingleSymbolRenderer,
    QgsSizeScaleTransformer,
    QgsSymbolLayer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

from almelo_atlas_plugin.core.model.schema import DOMAINS  # noqa: E402
from almelo_atlas_plugin.core.output import termen  # noqa: E402

STYLES = ROOT / "styles"

LABEL_COLOURS = {  # energy label ramp A++++ (dark green) … G (dark red)
    "A++++": "#006a3a", "A+++": "#008a43", "A++": "#00a651", "A+": "#4cb848", "A": "#8cc63f", "B": "#c9da2a",
    "C": "#fff200", "D": "#fdb913", "E": "#f7941d", "F": "#ed1c24", "G": "#be1e2d",
}
LEEFBAAROMETER = [  # the Leefbaarometer's nine classes
    (1, "Zeer onvoldoende", "#8c1a1a"), (2, "Ruim onvoldoende", "#c8392b"), (3, "Onvoldoende", "#e8743b"),
    (4, "Zwak", "#f5b461"), (5, "Voldoende", "#f6e8a6"), (6, "Ruim voldoende", "#cfe6a0"),
    (7, "Goed", "#8cc97a"), (8, "Zeer goed", "#4b9d5a"), (9, "Uitstekend", "#1e6b3a"),
]
LEEFBAAROMETER_RAMP = ("create_ramp(map(0, '#8c1a1a', 0.25, '#e8743b', 0.5, '#f6e8a6', 0.75, '#8cc97a', 1, '#1e6b3a'))")
AFW_BEREIK = 0.4  # afw from -0.4 to +0.4 spans the ramp (beyond it the end colours); 0 is the national average
LEEFBAAROMETER_AFW_LEGENDA = "Leefbaarometer (afwijking van het landelijk gemiddelde; klassen niet in het bestand)"
STATUS_COLOURS = {"initiatief": "#f1c40f", "voorbereiding": "#e67e22", "uitvoering": "#c0392b", "opgeleverd": "#7f8c8d"}
EIGENDOM_COLOURS = {"koop": "#2e86c1", "corporatie": "#c0392b", "particuliere_huur": "#f39c12"}
POTLOOD_COLOURS = {"leegstaand_vastgoed": "#8e44ad", "braakliggend_terrein": "#a67c52", "strategische_positie": "#16a085"}
CHOSEN_WIJK = "#c2185b"  # the chosen wijk's outline (magenta: no fill, no status or soort colour uses it)
CHOSEN_WIJK_RULE = '"wijk_code" = @atlas_wijk'
PROGRAMMA_COLOUR = "#1f618d"
OUTSIDE_GEMEENTE = "#e3e6e8"
# hard and zacht in the legend: short enough for the layers panel, the glossary's words (core/output/termen.py)
PLANSTATUS_LEGEND = {s: f"{s.capitalize()}: {termen.kort(s, vertaald=False)}" for s in ("hard", "zacht")}
WONINGEN_MAX, SIZE_MAX_MM, SIZE_CLASSES = 500, 12.0, (25, 75, 150)
LEGEND_MM = 3.0  # the hard/zacht legend symbols (no feature, so no size of their own); mapped features always have one
GEBIED_COLOURS = {"gebiedsontwikkeling": "#2980b9", "wijkaanpak": "#d35400", "transformatie": "#8e44ad", "werklocatie": "#7f8c8d"}


def fill(color: str, outline: str = "#333333", width: float = 0.3, alpha: int = 255, style=Qt.BrushStyle.SolidPattern,
         outline_style=Qt.PenStyle.SolidLine) -> QgsFillSymbol:
    sym = QgsFillSymbol()
    sl = QgsSimpleFillSymbolLayer()
    c = QColor(color)
    c.setAlpha(alpha)
    sl.setFillColor(c)
    sl.setBrushStyle(style)
    sl.setStrokeColor(QColor(outline))
    sl.setStrokeWidth(width)
    sl.setStrokeStyle(outline_style)
    sym.changeSymbolLayer(0, sl)
    return sym


# label rules: wijk names win over gebied names, which win over location names (priority 0–10); location names only
# when zoomed in; long names wrap; a white buffer keeps them readable on fills and on the background maps
WIJK_PRIORITY, GEBIED_PRIORITY, LOCATIE_PRIORITY = 9, 6, 4
LOCATIE_LABEL_SCALE = 15000
SMALL_WIJK_M2 = 1_300_000  # smaller wijken (Binnenstad, Nieuwstraat-Kwartier) are named in small type, beside them if need be
GEBIED_LABEL_SCALE = 30000


def labels(layer: QgsVectorLayer, field: str, size: float = 8.0, color: str = "#222222", min_scale: float = 0.0,
           priority: int = 5, wrap: int = 0, bold: bool = False, italic: bool = False, blocks: float = 1.0) -> None:
    s = QgsPalLayerSettings()
    s.fieldName = field
    fmt = QgsTextFormat()
    font = QFont("DejaVu Sans")
    font.setBold(bold)
    font.setItalic(italic)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setColor(QColor(color))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(1.0)
    buf.setColor(QColor("white"))
    buf.setOpacity(0.85)
    fmt.setBuffer(buf)
    s.setFormat(fmt)
    s.priority = priority
    obs = s.obstacleSettings()  # how much the features keep other names off (0: not at all)
    obs.setIsObstacle(blocks > 0)
    obs.setFactor(blocks)
    s.setObstacleSettings(obs)
    if wrap:
        s.autoWrapLength = wrap
    if layer.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry:
        s.placement = QgsPalLayerSettings.Placement.Horizontal
        s.centroidInside = True
    if min_scale:
        s.scaleVisibility = True
        s.minimumScale = min_scale
        s.maximumScale = 0
    layer.setLabeling(QgsVectorLayerSimpleLabeling(s))
    layer.setLabelsEnabled(True)


def obstacle(layer: QgsVectorLayer) -> None:
    """The layer's features keep labels off without labels of their own (the dwelling circles)."""
    s = QgsPalLayerSettings()
    s.fieldName = "''"
    s.isExpression = True
    s.drawLabels = False
    obs = s.obstacleSettings()
    obs.setIsObstacle(True)
    obs.setFactor(0.8)  # below the wijk names: those may touch a circle rather than vanish
    s.setObstacleSettings(obs)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(s))
    layer.setLabelsEnabled(True)


def location_labels(lyr: QgsVectorLayer, colour: str) -> None:
    labels(lyr, "naam", 7, colour, min_scale=LOCATIE_LABEL_SCALE, priority=LOCATIE_PRIORITY, wrap=18, blocks=0.5)


def categorized(field: str, domain: str, make) -> QgsCategorizedSymbolRenderer:
    cats = [QgsRendererCategory(v, make(v), lbl) for v, lbl in DOMAINS[domain].items()]
    return QgsCategorizedSymbolRenderer(field, cats)


def layer(geom: str, fields: str) -> QgsVectorLayer:
    return QgsVectorLayer(f"{geom}?crs=EPSG:28992&{fields}", "tmp", "memory")


_KEPT: list = []  # the throwaway layers live until the process ends (os._exit): destroying them corrupts the heap


def save(lyr: QgsMapLayer, name: str) -> None:
    _KEPT.append(lyr)
    path = STYLES / f"{name}.qml"
    msg, ok = lyr.saveNamedStyle(str(path))
    if not ok:
        raise RuntimeError(f"{name}: {msg}")


def build() -> None:
    STYLES.mkdir(exist_ok=True)
    poly = "field=naam:string&field=soort:string&field=status:string&field=planstatus:string&field=wijk_code:string"

    lyr = layer("MultiPolygon", poly)
    lyr.setRenderer(QgsSingleSymbolRenderer(fill("#ffffff", "#1b2631", 0.8, alpha=0)))
    save(lyr, "gemeente")

    # wijken: thin outlines; the wijk whose code is the layer variable @atlas_wijk (set by the dock) thickly outlined
    lyr = layer("MultiPolygon", poly)
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(fill("#ffffff", "#34495e", 0.5, alpha=0), 0, 0, "ELSE", "Wijk"))
    chosen = fill("#ffffff", CHOSEN_WIJK, 1.4, alpha=0)
    chosen.symbolLayer(0).setRenderingPass(1)  # above the neighbours' shared borders
    root.appendChild(QgsRuleBasedRenderer.Rule(chosen, 0, 0, CHOSEN_WIJK_RULE, "Gekozen wijk"))
    renderer = QgsRuleBasedRenderer(root)
    renderer.setUsingSymbolLevels(True)
    lyr.setRenderer(renderer)
    labels(lyr, "naam", 9, "#1b2631", priority=WIJK_PRIORITY, wrap=14, bold=True)
    # small wijken (the centre) in smaller type, a double name broken after its hyphen, and beside the wijk with a line to
    # it when it cannot fit inside; a big wijk is named inside only (cut off by the screen, it must not name its neighbour).
    # (Not by @map_scale: the labeling engine does not see map variables in a 300 dpi print, QGIS 3.22.)
    s = lyr.labeling().settings()
    s.isExpression = True
    s.fieldName = "regexp_replace(\"naam\", '-', '-\\n')"
    small = f"area($geometry) < {SMALL_WIJK_M2}"
    props = s.dataDefinedProperties()
    props.setProperty(QgsPalLayerSettings.Property.Size, QgsProperty.fromExpression(f"CASE WHEN {small} THEN 7 ELSE 9 END"))
    props.setProperty(QgsPalLayerSettings.Property.PolygonLabelOutside, QgsProperty.fromExpression(small))
    # a wijk page (the layout's atlas) names its wijk in the title: its map names only the neighbours
    props.setProperty(QgsPalLayerSettings.Property.Show, QgsProperty.fromExpression("@atlas_featureid IS NULL OR $id <> @atlas_featureid"))
    s.setDataDefinedProperties(props)
    # a big wijk is named at its pole of inaccessibility, not its centroid: a real wijk's centroid can lie at its edge
    # (Noorderkwartier around Aadorp), where the name would run into the neighbour's
    s.geometryGeneratorEnabled = True
    s.geometryGeneratorType = QgsWkbTypes.GeometryType.PolygonGeometry
    s.geometryGenerator = f"CASE WHEN {small} THEN $geometry ELSE buffer(pole_of_inaccessibility($geometry, 10), sqrt(area($geometry)) / 6) END"
    callout = QgsSimpleLineCallout()  # a name beside its wijk points at it (not drawn for a name inside)
    callout.setEnabled(True)
    callout.setLineSymbol(QgsLineSymbol.createSimple({"color": "#1b2631", "width": "0.25"}))
    callout.setMinimumLength(1.0)
    s.setCallout(callout)
    lyr.setLabeling(QgsVectorLayerSimpleLabeling(s))
    save(lyr, "wijken")

    lyr = layer("MultiPolygon", poly)
    lyr.setRenderer(QgsSingleSymbolRenderer(fill("#ffffff", "#7f8c8d", 0.2, alpha=0, outline_style=Qt.PenStyle.DashLine)))
    save(lyr, "buurten")

    lyr = layer("MultiPolygon", poly)
    lyr.setRenderer(categorized("soort", "soort_gebied",
                                lambda v: fill(GEBIED_COLOURS[v], GEBIED_COLOURS[v], 0.5, alpha=40, outline_style=Qt.PenStyle.DashLine)))
    labels(lyr, "naam", 7.5, "#1a5276", min_scale=GEBIED_LABEL_SCALE, priority=GEBIED_PRIORITY, wrap=16, italic=True,
           blocks=0)  # gebieden cover whole wijken: their names may lie on them
    save(lyr, "gebieden")

    # dwellings: dots by eigendom, only when zoomed in (33 k – 1 M points stay fast at city scale)
    lyr = layer("Point", "field=eigendom:string")
    cats = []
    for v, lbl in DOMAINS["eigendom"].items():
        sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": EIGENDOM_COLOURS[v], "size": "1.2", "outline_style": "no"})
        cats.append(QgsRendererCategory(v, sym, lbl))
    lyr.setRenderer(QgsCategorizedSymbolRenderer("eigendom", cats))
    lyr.setScaleBasedVisibility(True)
    lyr.setMinimumScale(25000)
    lyr.setMaximumScale(0)
    save(lyr, "woningvoorraad")

    # the same dwellings at wijk scale: share of corporation rent per wijk, visible when zoomed out
    from qgis.core import QgsGraduatedSymbolRenderer, QgsRendererRange

    lyr = layer("MultiPolygon", poly + "&field=woningen:integer&field=woningen_corporatie:integer")
    ranges = []
    for lo, hi, colour in ((0, 0.2, "#fee5d9"), (0.2, 0.35, "#fcae91"), (0.35, 0.5, "#fb6a4a"), (0.5, 1.0, "#cb181d")):
        ranges.append(QgsRendererRange(lo, hi, fill(colour, "#34495e", 0.3, alpha=190), f"{lo * 100:.0f} – {hi * 100:.0f} % corporatiehuur"))
    lyr.setRenderer(QgsGraduatedSymbolRenderer('"woningen_corporatie" / nullif("woningen", 0)', ranges))
    labels(lyr, "naam", 8, "#1b2631")
    lyr.setScaleBasedVisibility(True)
    lyr.setMinimumScale(0)
    lyr.setMaximumScale(25000)
    save(lyr, "woningvoorraad_wijk")

    # alternative style (style manager): projecten by planstatus only
    lyr = layer("MultiPolygon", poly)
    lyr.setRenderer(categorized("planstatus", "planstatus",
                                lambda v: fill("#1f618d" if v == "hard" else "#85c1e9", "#1b2631", 0.5, alpha=210)))
    location_labels(lyr, "#641e16")
    save(lyr, "projecten@planstatus")

    lyr = layer("Point", "field=label:string")
    cats = []
    for v in DOMAINS["energielabel"]:
        sym = QgsMarkerSymbol.createSimple({"name": "square", "color": LABEL_COLOURS[v], "size": "1.4", "outline_style": "no"})
        cats.append(QgsRendererCategory(v, sym, f"Label {v}"))
    lyr.setRenderer(QgsCategorizedSymbolRenderer("label", cats))
    lyr.setScaleBasedVisibility(True)
    lyr.setMinimumScale(25000)
    lyr.setMaximumScale(0)
    save(lyr, "energielabels")

    lyr = layer("Polygon", "field=score:integer")
    cats = [QgsRendererCategory(k, fill(c, c, 0.0, alpha=200), f"{k} – {lbl}") for k, lbl, c in LEEFBAAROMETER]
    lyr.setRenderer(QgsCategorizedSymbolRenderer("score", cats))
    save(lyr, "leefbaarheid")

    # a file without the published classes (FORMATS.md §3c): the deviation afw as a continuous ramp, red below and green
    # above the national average, and the legend says so; core/output/layers.py makes it current for such a store
    lyr = layer("Polygon", "field=score:integer&field=afw:double")
    colour = (f"set_color_part(ramp_color({LEEFBAAROMETER_RAMP}, scale_linear(\"afw\", {-AFW_BEREIK}, {AFW_BEREIK}, 0, 1)),"
              " 'alpha', 200)")
    group = QgsRuleBasedRenderer.Rule(None, 0, 0, '"afw" IS NOT NULL', LEEFBAAROMETER_AFW_LEGENDA)
    for flt, label, (_, _, c) in (('"afw" >= 0', "Boven het landelijk gemiddelde (hoe groener, hoe hoger)", LEEFBAAROMETER[-1]),
                                  ('"afw" < 0', "Onder het landelijk gemiddelde (hoe roder, hoe lager)", LEEFBAAROMETER[0])):
        sym = fill(c, c, 0.0, alpha=200)
        for prop in (QgsSymbolLayer.Property.PropertyFillColor, QgsSymbolLayer.Property.PropertyStrokeColor):
            sym.symbolLayer(0).setDataDefinedProperty(prop, QgsProperty.fromExpression(colour))
        group.appendChild(QgsRuleBasedRenderer.Rule(sym, 0, 0, flt, label))
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(group)
    lyr.setRenderer(QgsRuleBasedRenderer(root))
    save(lyr, "leefbaarheid@afwijking")

    # projecten: colour by status; hard plans filled, zacht plans striped (the legend groups them under hard and zacht)
    lyr = layer("MultiPolygon", poly)
    root = QgsRuleBasedRenderer.Rule(None)
    for ps, ps_lbl in PLANSTATUS_LEGEND.items():
        group = QgsRuleBasedRenderer.Rule(None, 0, 0, f"\"planstatus\" = '{ps}'", ps_lbl)
        for st, st_lbl in DOMAINS["status"].items():
            colour = STATUS_COLOURS[st]
            sym = (fill(colour, "#1b2631", 0.5, alpha=210) if ps == "hard"
                   else fill(colour, colour, 0.8, style=Qt.BrushStyle.FDiagPattern, outline_style=Qt.PenStyle.DashLine))
            group.appendChild(QgsRuleBasedRenderer.Rule(sym, 0, 0, f"\"status\" = '{st}'", st_lbl))
        root.appendChild(group)
    lyr.setRenderer(QgsRuleBasedRenderer(root))
    location_labels(lyr, "#641e16")
    save(lyr, "projecten")

    lyr = layer("MultiPolygon", poly)
    lyr.setRenderer(categorized("soort", "soort_potloodplan",
                                lambda v: fill(POTLOOD_COLOURS[v], POTLOOD_COLOURS[v], 0.6, style=Qt.BrushStyle.BDiagPattern)))
    location_labels(lyr, "#4a235a")
    save(lyr, "potloodplannen")

    # woningbouwprogramma: projecten not yet delivered as points (a point style on a polygon table: the layer is its
    # points on surface, core/output/layers.py), hard filled, zacht hollow, the circle's area by dwellings, with a size legend
    lyr = layer("Point", "field=naam:string&field=status:string&field=planstatus:string&field=won_totaal:integer")
    size = QgsProperty.fromField("won_totaal")
    size.setTransformer(QgsSizeScaleTransformer(QgsSizeScaleTransformer.ScaleType.Area, 0, WONINGEN_MAX, 1.0, SIZE_MAX_MM, LEGEND_MM, 0.5))
    cats = []
    for ps, ps_lbl in PLANSTATUS_LEGEND.items():
        hard = ps == "hard"
        sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": PROGRAMMA_COLOUR if hard else "255,255,255,140",
                                            "outline_color": "#1b2631" if hard else PROGRAMMA_COLOUR,
                                            "outline_width": "0.3" if hard else "0.7"})
        sym.setDataDefinedSize(size)
        cats.append(QgsRendererCategory(ps, sym, ps_lbl))
    renderer = QgsCategorizedSymbolRenderer("CASE WHEN \"status\" <> 'opgeleverd' AND \"won_totaal\" > 0 THEN \"planstatus\" END", cats)
    # the size legend is drawn for a marker source symbol, in its look: a neutral open circle
    source = QgsMarkerSymbol.createSimple({"name": "circle", "color": "255,255,255,0", "outline_color": "#1b2631",
                                           "outline_width": "0.3"})
    source.setDataDefinedSize(size)
    renderer.setSourceSymbol(source)
    legend = QgsDataDefinedSizeLegend()
    legend.setLegendType(QgsDataDefinedSizeLegend.LegendType.LegendSeparated)
    legend.setTitle("Woningen per locatie")
    legend.setClasses([QgsDataDefinedSizeLegend.SizeClass(v, f"{v} woningen") for v in SIZE_CLASSES])
    renderer.setDataDefinedSizeLegend(legend)
    lyr.setRenderer(renderer)
    obstacle(lyr)
    save(lyr, "woningbouwprogramma")

    for name, colour in (("grondbezit_gemeente", "#f5cba7"), ("bedrijventerreinen", "#aab7b8"),
                         ("bestemmingsplannen", "#d6eaf8")):
        lyr = layer("MultiPolygon", poly)
        lyr.setRenderer(QgsSingleSymbolRenderer(fill(colour, "#566573", 0.3, alpha=150)))
        save(lyr, name)
    lyr = layer("MultiPolygon", poly)
    lyr.setRenderer(QgsCategorizedSymbolRenderer("soort", [
        QgsRendererCategory("groen", fill("#52be80", "#1e8449", 0.2, alpha=120), "Groen"),
        QgsRendererCategory("water", fill("#5dade2", "#2874a6", 0.2, alpha=200), "Water")]))
    save(lyr, "groenblauwe_structuur")
    lyr = layer("Point", "field=adres:string")
    lyr.setRenderer(QgsSingleSymbolRenderer(QgsMarkerSymbol.createSimple({"name": "triangle", "color": "#e74c3c", "size": "2.6"})))
    save(lyr, "winkelleegstand")

    # the background: without internet a plain look (outside the gemeente softly grey); the PDOK maps as raster styles
    lyr = layer("MultiPolygon", poly)
    lyr.setRenderer(QgsInvertedPolygonRenderer(QgsSingleSymbolRenderer(fill(OUTSIDE_GEMEENTE, OUTSIDE_GEMEENTE, 0.0))))
    save(lyr, "ondergrond")
    for name, opacity, saturation in (("achtergrond_brt", 1.0, 0), ("luchtfoto", 0.85, -35)):
        raster = QgsRasterLayer("type=xyz&url=http://localhost/%7Bz%7D/%7Bx%7D/%7By%7D.png&zmax=19&zmin=0", "tmp", "wms")
        raster.setOpacity(opacity)
        raster.hueSaturationFilter().setSaturation(saturation)
        save(raster, name)
    _ = (QgsLineSymbol, QgsSymbolLayer)


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    build()
    print(f"Stijlen geschreven in {STYLES}", flush=True)
    os._exit(0)  # the files are written; skip the teardown of the kept layers (see _KEPT)
