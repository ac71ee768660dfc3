"""Write resources/layouts/{stad,wijk}.qpt: print templates, editable in the Layout Designer.

Items carry ids (titel, datum, kaart, legenda, schaalbalk, wijk_tabel, doelen, grafiek, bron, profiel,
locaties); core/output/agenda.py fills them. Run: `make layouts`.
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
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutMeasurement,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QRectF  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

OUT = ROOT / "resources" / "layouts"
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
ATTRIBUTION = ("Bron: Kadaster / Centraal Bureau voor de Statistiek (CBS), Wijk- en buurtkaart 2021; CBS Kerncijfers wijken en buurten "
               "2022 (via PDOK), CC BY 4.0. Projecten, potloodplannen en basislagen: Almelo Atlas stadsontwikkeling.")


def label(layout, item_id, text, x, y, w, h, size=9.0, bold=False, colour="#1b2631"):
    lab = QgsLayoutItemLabel(layout)
    lab.setId(item_id)
    lab.setText(text)
    f = QFont("DejaVu Sans")
    f.setPointSizeF(size)
    f.setBold(bold)
    lab.setFont(f)
    lab.setFontColor(QColor(colour))
    layout.addLayoutItem(lab)
    lab.attemptMove(QgsLayoutPoint(x, y, MM))
    lab.attemptResize(QgsLayoutSize(w, h, MM))
    return lab


def table(layout, item_id, x, y, w, h):
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
    body.setSize(8)
    t.setContentTextFormat(body)
    head = QgsTextFormat()
    hf = QFont("DejaVu Sans")
    hf.setBold(True)
    head.setFont(hf)
    head.setSize(8)
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
    """A3 landscape with the parts every page has: title, date, source line."""
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(name)
    page = layout.pageCollection().page(0)
    page.setPageSize("A3", QgsLayoutItemPage.Orientation.Landscape)
    label(layout, "titel", title, 10, 8, 300, 11, 18, True)
    label(layout, "datum", "Datum: [% format_date(now(), 'dd-MM-yyyy') %]", 10, 19, 300, 7, 9)
    label(layout, "bron", ATTRIBUTION, 10, 285, 400, 8, 6.5, colour="#566573")
    layout.setCustomProperty("singleFile", True)  # the atlas export mode: one PDF
    return layout


def map_item(layout, x, y, w, h):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    m = QgsLayoutItemMap(layout)
    m.setId("kaart")
    m.attemptSetSceneRect(QRectF(x, y, w, h))
    m.setCrs(QgsCoordinateReferenceSystem("EPSG:28992"))
    m.zoomToExtent(QgsRectangle(237000, 478500, 246500, 491000))  # Almelo; export zooms to the data
    m.setFrameEnabled(True)
    m.setFrameStrokeWidth(QgsLayoutMeasurement(0.3, MM))
    layout.addLayoutItem(m)
    return m


def build() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    project = QgsProject.instance()
    ctx = QgsReadWriteContext()

    lay = base(project, "Atlas stadsontwikkeling — stad", "Almelo — woningbouwprogramma en stadsopgaven")
    m = map_item(lay, 10, 28, 205, 205)
    leg = QgsLayoutItemLegend(lay)
    leg.setId("legenda")
    leg.setTitle("Legenda")
    leg.setLinkedMap(m)
    leg.setLegendFilterByMapEnabled(True)
    leg.setColumnCount(4)
    leg.setSplitLayer(True)
    leg.setSymbolHeight(3.0)
    leg.setSymbolWidth(5.0)
    lay.addLayoutItem(leg)
    leg.attemptMove(QgsLayoutPoint(10, 236, MM))
    leg.setResizeToContents(True)
    sb = QgsLayoutItemScaleBar(lay)
    sb.setId("schaalbalk")
    sb.setStyle("Single Box")
    sb.setLinkedMap(m)
    sb.applyDefaultSize()
    sb.setUnitLabel("km")
    sb.setUnits(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    sb.setNumberOfSegments(3)
    sb.setUnitsPerSegment(1.0)
    lay.addLayoutItem(sb)
    sb.attemptMove(QgsLayoutPoint(150, 222, MM))
    label(lay, "kop_wijken", "Programma per wijk (woningen)", 222, 28, 190, 6, 10, True)
    table(lay, "wijk_tabel", 222, 35, 190, 95)
    label(lay, "kop_doelen", "Doelen van de stad", 222, 133, 190, 6, 10, True)
    table(lay, "doelen", 222, 140, 190, 48)
    picture(lay, "grafiek", 222, 190, 190, 92)
    lay.saveAsTemplate(str(OUT / "stad.qpt"), ctx)

    lay = base(project, "Atlas stadsontwikkeling — wijken", "[% \"naam\" %] ([% \"wijk_code\" %])")
    m = map_item(lay, 10, 28, 205, 250)
    m.setAtlasDriven(True)
    m.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
    m.setAtlasMargin(0.12)
    label(lay, "kop_profiel", "Profiel van de wijk", 222, 28, 190, 6, 10, True)
    table(lay, "profiel", 222, 35, 190, 36)
    label(lay, "kop_locaties", "Locaties in de wijk", 222, 74, 190, 6, 10, True)
    table(lay, "locaties", 222, 81, 190, 105)
    label(lay, "kop_doelen", "Doelen van de wijk", 222, 188, 190, 6, 10, True)
    table(lay, "doelen", 222, 195, 190, 22)
    picture(lay, "grafiek", 222, 219, 190, 64)
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
