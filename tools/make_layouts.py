"""Write resources/layouts/{stad,wijk}.qpt: print templates, editable in the Layout Designer.

Items carry ids (titel, pagina, datum, bron, begrippen, kaart, noordpijl, legenda, schaalbalk, wijk_tabel, doelen,
grafiek; on the wijk page also kaart_omgeving, toelichting, profiel, locaties, opgaven_uitleg); core/output/agenda.py
fills them. Run: `make layouts`.
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
    QgsBasicNumericFormat,
    QgsFillSymbol,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutItemShape,
    QgsLayoutMeasurement,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsMapClippingRegion,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsScaleBarSettings,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QRectF, Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

from almelo_atlas_plugin.core.output import termen  # noqa: E402
from almelo_atlas_plugin.core.sources.bronnen import KADASTER_CBS  # noqa: E402

OUT = ROOT / "resources" / "layouts"
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
BEGRIPPEN = termen.legenda_regel(("netto", "verwacht", "hard", "zacht", "gepland", "gerealiseerd", "potentieel"), vertaald=False)


def label(layout, item_id, text, x, y, w, h, size=9.0, bold=False, colour="#1b2631", right=False, italic=False):
    lab = QgsLayoutItemLabel(layout)
    lab.setId(item_id)
    lab.setText(text)
    f = QFont("DejaVu Sans")
    f.setPointSizeF(size)
    f.setBold(bold)
    f.setItalic(italic)
    lab.setFont(f)
    if right:
        lab.setHAlign(Qt.AlignmentFlag.AlignRight)
    lab.setFontColor(QColor(colour))
    layout.addLayoutItem(lab)
    lab.attemptMove(QgsLayoutPoint(x, y, MM))
    lab.attemptResize(QgsLayoutSize(w, h, MM))
    return lab


def table(layout, item_id, x, y, w, h, size=8.0):
    from qgis.core import QgsLayoutMultiFrame

    t = QgsLayoutItemManualTable.create(layout)
    t.setResizeMode(QgsLayoutMultiFrame.ResizeMode.UseExistingFrames)
    layout.addMultiFrame(t)
    frame = QgsLayoutFrame(layout, t)
    frame.setId(item_id)
    frame.setCustomProperty("breedte_mm", w)  # a table frame takes its columns' width: export fits them to this
    t.addFrame(frame)
    frame.attemptMove(QgsLayoutPoint(x, y, MM))
    frame.attemptResize(QgsLayoutSize(w, h, MM))
    from qgis.core import QgsTextFormat

    body = QgsTextFormat()
    body.setFont(QFont("DejaVu Sans"))
    body.setSize(size)
    t.setContentTextFormat(body)
    head = QgsTextFormat()
    hf = QFont("DejaVu Sans")
    hf.setBold(True)
    head.setFont(hf)
    head.setSize(size)
    t.setHeaderTextFormat(head)
    t.setCellMargin(0.8)
    t.setGridStrokeWidth(0.15)
    t.setGridColor(QColor("#aab7b8"))
    t.setEmptyTableBehavior(QgsLayoutItemManualTable.EmptyTableMode.ShowMessage)
    t.setEmptyTableMessage("geen gegevens")
    return t


def picture(layout, item_id, x, y, w, h):
    p = QgsLayoutItemPicture(layout)
    p.setId(item_id)
    layout.addLayoutItem(p)
    p.attemptMove(QgsLayoutPoint(x, y, MM))
    p.attemptResize(QgsLayoutSize(w, h, MM))
    p.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
    return p


def base(project, name, title: str) -> QgsPrintLayout:
    """A3 landscape with the parts every page has: title, page number, date and peildatum, terms, source line
    (export fills the page number, the dates and the source)."""
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(name)
    page = layout.pageCollection().page(0)
    page.setPageSize("A3", QgsLayoutItemPage.Orientation.Landscape)
    label(layout, "titel", title, 10, 8, 300, 11, 18, True)
    label(layout, "pagina", "pagina 1 van 1", 310, 10, 100, 6, 9, right=True)
    label(layout, "datum", "Datum: [% format_date(now(), 'dd-MM-yyyy') %]", 10, 19, 300, 5, 9)
    label(layout, "begrippen", BEGRIPPEN, 10, 281, 400, 5, 7, colour="#34495e")
    label(layout, "bron", f"Bron: {KADASTER_CBS}", 10, 287, 400, 5, 6.5, colour="#566573")
    layout.setCustomProperty("singleFile", True)  # the atlas export mode: one PDF
    return layout


def map_item(layout, x, y, w, h, item_id="kaart"):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    m = QgsLayoutItemMap(layout)
    m.setId(item_id)
    m.attemptSetSceneRect(QRectF(x, y, w, h))
    m.setCrs(QgsCoordinateReferenceSystem("EPSG:28992"))
    m.zoomToExtent(QgsRectangle(237000, 478500, 246500, 491000))  # Almelo; export zooms to the data
    m.setFrameEnabled(True)
    m.setFrameStrokeWidth(QgsLayoutMeasurement(0.3, MM))
    layout.addLayoutItem(m)
    return m


def legend(layout, m, x, y, columns):
    leg = QgsLayoutItemLegend(layout)
    leg.setId("legenda")
    leg.setTitle("Legenda")
    leg.setLinkedMap(m)
    leg.setLegendFilterByMapEnabled(True)
    leg.setColumnCount(columns)
    leg.setSplitLayer(True)
    leg.setSymbolHeight(3.0)
    leg.setSymbolWidth(5.0)
    # small type: the legend stays under its own map, clear of the tables and the chart beside it
    for style, size, bold in ((QgsLegendStyle.Style.Title, 10, True), (QgsLegendStyle.Style.Group, 8, True),
                              (QgsLegendStyle.Style.Subgroup, 7.5, True), (QgsLegendStyle.Style.SymbolLabel, 7, False)):
        font = QFont("DejaVu Sans")
        font.setPointSizeF(size)
        font.setBold(bold)
        leg.setStyleFont(style, font)
    layout.addLayoutItem(leg)
    leg.attemptMove(QgsLayoutPoint(x, y, MM))
    leg.setResizeToContents(True)
    return leg


def scale_bar(layout, m, x, y):
    sb = QgsLayoutItemScaleBar(layout)
    sb.setId("schaalbalk")
    sb.setStyle("Single Box")
    sb.setLinkedMap(m)
    sb.applyDefaultSize()
    sb.setUnitLabel("km")
    sb.setUnits(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    sb.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFitWidth)  # a round length for any wijk
    sb.setMinimumBarWidth(25)
    sb.setMaximumBarWidth(55)
    dutch = QgsBasicNumericFormat()  # 0,5 km, not 0.5
    dutch.setThousandsSeparator(".")
    dutch.setDecimalSeparator(",")
    sb.setNumericFormat(dutch)
    sb.setNumberOfSegments(2)
    sb.setNumberOfSegmentsLeft(0)
    sb.setBackgroundEnabled(True)
    sb.setBackgroundColor(QColor(255, 255, 255, 220))
    layout.addLayoutItem(sb)
    sb.attemptMove(QgsLayoutPoint(x, y, MM))
    return sb


def north_arrow(layout, m, x, y):
    """QGIS's own north arrow (found by name in every QGIS's SVG library), turned with the map."""
    p = QgsLayoutItemPicture(layout)
    p.setId("noordpijl")
    p.setPicturePath("arrows/NorthArrow_02.svg", QgsLayoutItemPicture.Format.FormatSVG)
    p.setLinkedMap(m)
    p.setNorthMode(QgsLayoutItemPicture.NorthMode.GridNorth)
    p.setBackgroundEnabled(True)
    p.setBackgroundColor(QColor(255, 255, 255, 220))
    layout.addLayoutItem(p)
    p.attemptMove(QgsLayoutPoint(x, y, MM))
    p.attemptResize(QgsLayoutSize(10, 14, MM))
    return p


def map_furniture(layout, m, legend_y, bar_at, arrow_y) -> None:
    """What every map of the agenda has: a legend under it, a scale bar and a north arrow on it."""
    legend(layout, m, 10, legend_y, 3)
    scale_bar(layout, m, *bar_at)
    north_arrow(layout, m, 202, arrow_y)


def build() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    project = QgsProject.instance()
    ctx = QgsReadWriteContext()

    lay = base(project, "Atlas stadsontwikkeling — stad", "Almelo — woningbouwprogramma en stadsopgaven")
    m = map_item(lay, 10, 28, 205, 190)
    map_furniture(lay, m, legend_y=221, bar_at=(150, 205), arrow_y=30)
    label(lay, "kop_wijken", "Programma per wijk (woningen)", 222, 28, 190, 6, 10, True)
    table(lay, "wijk_tabel", 222, 35, 190, 95)
    label(lay, "kop_doelen", "Doelen van de stad", 222, 133, 190, 6, 10, True)
    table(lay, "doelen", 222, 140, 190, 48)
    picture(lay, "grafiek", 222, 190, 190, 89)
    lay.saveAsTemplate(str(OUT / "stad.qpt"), ctx)

    lay = base(project, "Atlas stadsontwikkeling — wijken", "[% \"naam\" %] ([% \"wijk_code\" %])")
    label(lay, "toelichting", "", 10, 24, 400, 5, 8, colour="#34495e", italic=True)
    # the wijk stands out: its surroundings faded underneath, the wijk itself on top, cut to its outline
    omgeving = map_item(lay, 10, 30, 205, 200, "kaart_omgeving")
    veil = QgsLayoutItemShape(lay)  # a white veil, not item opacity: the PDF stays vector
    veil.setId("sluier")
    veil.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
    veil.setSymbol(QgsFillSymbol.createSimple({"color": "255,255,255,165", "outline_style": "no"}))
    lay.addLayoutItem(veil)
    veil.attemptSetSceneRect(QRectF(10, 30, 205, 200))
    m = map_item(lay, 10, 30, 205, 200)
    m.setBackgroundEnabled(False)
    m.atlasClippingSettings().setEnabled(True)
    m.atlasClippingSettings().setFeatureClippingType(QgsMapClippingRegion.FeatureClippingType.ClipPainterOnly)
    for item in (omgeving, m):
        item.setAtlasDriven(True)
        item.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
        item.setAtlasMargin(0.12)
    map_furniture(lay, m, legend_y=233, bar_at=(13, 216), arrow_y=32)
    label(lay, "kop_profiel", "Profiel van de wijk", 222, 30, 190, 6, 10, True)
    # the base layers' profile (ten rows: bouwjaar classes, labels) and the programme: fourteen columns, smaller type
    table(lay, "profiel", 222, 37, 190, 52, size=7.0)
    label(lay, "kop_locaties", "Locaties in de wijk", 222, 91, 190, 6, 10, True)
    table(lay, "locaties", 222, 98, 190, 66)
    label(lay, "opgaven_uitleg", "", 222, 165, 190, 11.6, 6.5, colour="#34495e")  # four lines: all seven opgaven
    label(lay, "kop_doelen", "Doelen van de wijk", 222, 177.6, 190, 6, 10, True)
    table(lay, "doelen", 222, 184, 190, 22)
    picture(lay, "grafiek", 222, 207, 190, 72)
    atlas = lay.atlas()
    atlas.setEnabled(True)
    atlas.setPageNameExpression('"naam"')
    atlas.setFilenameExpression("'wijk_' || \"wijk_code\"")
    lay.saveAsTemplate(str(OUT / "wijk.qpt"), ctx)


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    build()
    print(f"Sjablonen geschreven in {OUT}")
    app.exitQgis()
