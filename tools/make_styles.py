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
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProperty,
    QgsRendererCategory,
    QgsRuleBasedRenderer,
    QgsSimpleFillSymbolLayer,
    QgsSingleSymbolRenderer,
    QgsSymbolLayer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

from almelo_atlas_plugin.core.model.schema import DOMAINS  # noqa: E402

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
STATUS_COLOURS = {"initiatief": "#f1c40f", "voorbereiding": "#e67e22", "uitvoering": "#c0392b", "opgeleverd": "#7f8c8d"}
EIGENDOM_COLOURS = {"koop": "#2e86c1", "corporatie": "#c0392b", "particuliere_huur": "#f39c12"}
POTLOOD_COLOURS = {"leegstaand_vastgoed": "#8e44ad", "braakliggend_terrein": "#a67c52", "strategische_positie": "#16a085"}
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


def labels(layer: QgsVectorLayer, field: str, size: float = 8.0, color: str = "#222222", min_scale: float = 0.0) -> None:
    s = QgsPalLayerSettings()
    s.fieldName = field
    fmt = QgsTextFormat()
    fmt.setFont(QFont("DejaVu Sans"))
    fmt.setSize(size)
    fmt.setColor(QColor(color))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(0.8)
    buf.setColor(QColor("white"))
    fmt.setBuffer(buf)
    s.setFormat(fmt)
    if min_scale:
        s.scaleVisibility = True
        s.minimumScale = min_scale
        s.maximumScale = 0
    layer.setLabeling(QgsVectorLayerSimpleLabeling(s))
    layer.setLabelsEnabled(True)


def categorized(field: str, domain: str, make) -> QgsCategorizedSymbolRenderer:
    cats = [QgsRendererCategory(v, make(v), lbl) for v, lbl in DOMAINS[domain].items()]
    return QgsCategorizedSymbolRenderer(field, cats)


def layer(geom: str, fields: str) -> QgsVectorLayer:
    return QgsVectorLayer(f"{geom}?crs=EPSG:28992&{fields}", "tmp", "memory")


def save(lyr: QgsVectorLayer, name: str) -> None:
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

    lyr = layer("MultiPolygon", poly)
    lyr.setRenderer(QgsSingleSymbolRenderer(fill("#ffffff", "#34495e", 0.5, alpha=0)))
    labels(lyr, "naam", 9, "#1b2631")
    save(lyr, "wijken")

    lyr = layer("MultiPolygon", poly)
    lyr.setRenderer(QgsSingleSymbolRenderer(fill("#ffffff", "#7f8c8d", 0.2, alpha=0, outline_style=Qt.PenStyle.DashLine)))
    save(lyr, "buurten")

    lyr = layer("MultiPolygon", poly)
    lyr.setRenderer(categorized("soort", "soort_gebied",
                                lambda v: fill(GEBIED_COLOURS[v], GEBIED_COLOURS[v], 0.5, alpha=40, outline_style=Qt.PenStyle.DashLine)))
    labels(lyr, "naam", 7.5, "#1a5276", min_scale=60000)
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
    labels(lyr, "naam", 7.5, "#641e16", min_scale=40000)
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

    # projecten: colour by status, solid outline for hard plans, dashed for soft ones
    lyr = layer("MultiPolygon", poly)
    root = QgsRuleBasedRenderer.Rule(None)
    for st, st_lbl in DOMAINS["status"].items():
        for ps in ("hard", "zacht"):
            sym = fill(STATUS_COLOURS[st], "#1b2631", 0.6 if ps == "hard" else 0.4, alpha=200,
                       outline_style=Qt.PenStyle.SolidLine if ps == "hard" else Qt.PenStyle.DashLine)
            rule = QgsRuleBasedRenderer.Rule(sym, 0, 0, f"\"status\" = '{st}' AND \"planstatus\" = '{ps}'", f"{st_lbl}, {ps}")
            root.appendChild(rule)
    lyr.setRenderer(QgsRuleBasedRenderer(root))
    labels(lyr, "naam", 7.5, "#641e16", min_scale=40000)
    save(lyr, "projecten")

    lyr = layer("MultiPolygon", poly)
    lyr.setRenderer(categorized("soort", "soort_potloodplan",
                                lambda v: fill(POTLOOD_COLOURS[v], POTLOOD_COLOURS[v], 0.6, style=Qt.BrushStyle.BDiagPattern)))
    labels(lyr, "naam", 7.5, "#4a235a", min_scale=40000)
    save(lyr, "potloodplannen")

    # woningbouwprogramma: projecten not yet delivered, by hard/zacht, sized by dwellings
    lyr = layer("MultiPolygon", poly + "&field=won_totaal:integer")
    root = QgsRuleBasedRenderer.Rule(None)
    for ps, colour, lbl in (("hard", "#1f618d", "Hard (in bestemmingsplan)"), ("zacht", "#85c1e9", "Zacht (nog niet in bestemmingsplan)")):
        sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": colour, "outline_color": "#1b2631", "outline_width": "0.3"})
        sym.setDataDefinedSize(QgsProperty.fromExpression('1.5 + sqrt("won_totaal") * 0.45'))
        from qgis.core import QgsCentroidFillSymbolLayer

        cf = QgsCentroidFillSymbolLayer()
        cf.setSubSymbol(sym)
        cf.setPointOnSurface(True)
        outer = QgsFillSymbol()
        outer.changeSymbolLayer(0, cf)
        rule = QgsRuleBasedRenderer.Rule(outer, 0, 0, f"\"planstatus\" = '{ps}' AND \"status\" <> 'opgeleverd' AND \"won_totaal\" > 0", lbl)
        root.appendChild(rule)
    lyr.setRenderer(QgsRuleBasedRenderer(root))
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
    _ = (QgsLineSymbol, QgsSymbolLayer)


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    build()
    print(f"Stijlen geschreven in {STYLES}")
    app.exitQgis()
