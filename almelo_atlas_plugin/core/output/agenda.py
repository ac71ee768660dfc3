"""The agenda on paper: stad page and an atlas page per wijk in one PDF, from the .qpt templates.

qgis.core only (no widgets): usable from the dock, Processing and the command line.
"""

from __future__ import annotations

import datetime as _dt
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsTableCell,
)
from qgis.PyQt.QtXml import QDomDocument

from ..figures.result import Doel, Rollup, Selection
from ..figures.rollup import RollupEngine
from ..model.roles import laag_of
from ..model.schema import EPSG
from ..resources import resource_path
from ..store.base import Store, StoreError
from . import charts
from . import tables as report
from .files import atomic_output, check_target, failure
from .layers import load_atlas

STAD_LAYOUT = "Atlas stadsontwikkeling — stad"
WIJK_LAYOUT = "Atlas stadsontwikkeling — wijken"
MAP_LAYERS = ("projecten", "potloodplannen", "gebieden", "wijken", "gemeente")


def template_layout(project: QgsProject, name: str, template: str, edited_in: Optional[QgsProject] = None) -> QgsPrintLayout:
    """The project's layout of that name (edited in the Layout Designer), else a copy of the one edited in
    `edited_in`, else a new one from the template."""
    existing = project.layoutManager().layoutByName(name)
    if existing is not None:
        return existing
    layout = QgsPrintLayout(project)
    doc = QDomDocument()
    edited = edited_in.layoutManager().layoutByName(name) if edited_in is not None else None
    if edited is not None:
        doc.appendChild(edited.writeXml(doc, QgsReadWriteContext()))
    else:
        doc.setContent(Path(resource_path("layouts", template)).read_text(encoding="utf-8"))
    layout.loadFromTemplate(doc, QgsReadWriteContext())
    layout.setName(name)
    return layout


def add_layouts_to_project(project: QgsProject) -> List[QgsPrintLayout]:
    """Put both layouts in the project (for the user's own edits in the Layout Designer)."""
    out = []
    for name, tpl in ((STAD_LAYOUT, "stad.qpt"), (WIJK_LAYOUT, "wijk.qpt")):
        layout = template_layout(project, name, tpl)
        if project.layoutManager().layoutByName(name) is None:
            project.layoutManager().addLayout(layout)
        out.append(layout)
    return out


def _item(layout: QgsPrintLayout, item_id: str):
    item = layout.itemById(item_id)
    if item is None:
        raise StoreError(f"Opmaak '{layout.name()}' mist het element '{item_id}'.")
    return item


def _table(layout: QgsPrintLayout, frame_id: str) -> QgsLayoutItemManualTable:
    frame = _item(layout, frame_id)
    if not isinstance(frame, QgsLayoutFrame) or not isinstance(frame.multiFrame(), QgsLayoutItemManualTable):
        raise StoreError(f"Opmaak '{layout.name()}': '{frame_id}' is geen tabel.")
    return frame.multiFrame()


def _fill_table(table: QgsLayoutItemManualTable, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                weights: Optional[Sequence[float]] = None) -> None:
    """Headers, rows and column widths (the first column gets the rest of the frame's width)."""
    from qgis.core import QgsLayoutTable, QgsLayoutTableColumn

    table.setHeaders([QgsLayoutTableColumn(h) for h in headers])
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.WrapText)
    table.setIncludeTableHeader(True)
    table.setTableContents([[QgsTableCell(str(v)) for v in r] for r in rows])
    frame = table.frame(0)
    if frame is not None:
        target = float(frame.customProperty("breedte_mm", frame.rect().width()) or frame.rect().width())
        width = target - 2 * len(headers) * table.cellMargin() - (len(headers) + 1) * table.gridStrokeWidth() - 0.2
        w = list(weights or [3.0] + [1.0] * (len(headers) - 1))
        table.setColumnWidths([width * x / sum(w) for x in w])
    table.refresh()


def _pct(v) -> str:
    return "–" if v is None else f"{v * 100:.0f} %"


def goal_rows(doelen: List[Doel]) -> List[List[str]]:
    out = []
    for d in doelen:
        fmt = _pct if d.eenheid == "aandeel" else report.fmt
        out.append([d.omschrijving or d.indicator, fmt(d.streefwaarde), str(d.peiljaar or ""),
                    fmt(d.gepland), fmt(d.hard), _pct(d.dekking), "ja" if d.gehaald else "nee"])
    return out


GOAL_HEADERS = ["Doel", "Streef", "Peiljaar", "Gepland", "Hard", "Dekking", "Gehaald"]
GOAL_WEIGHTS = [5.2, 1.1, 0.9, 1.1, 1.1, 0.9, 0.8]


def _legend_layers(legend, layers) -> None:
    """The legend shows the map's own layers, not the whole layer tree."""
    legend.setAutoUpdateModel(False)
    root = legend.model().rootGroup()
    root.clear()
    for lyr in layers:
        root.addLayer(lyr)
    legend.setLegendFilterByMapEnabled(True)
    legend.adjustBoxSize()


def _map_layers(project: QgsProject):
    by = {laag_of(lyr): lyr for lyr in project.mapLayers().values()}
    return [by[k] for k in MAP_LAYERS if k in by], by


def fill_stad(layout: QgsPrintLayout, project: QgsProject, result: Rollup, peildatum: str, chart_dir: Path) -> None:
    layers, by = _map_layers(project)
    kaart = _item(layout, "kaart")
    assert isinstance(kaart, QgsLayoutItemMap)
    kaart.setLayers(layers)
    kaart.setKeepLayerSet(True)
    kaart.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{EPSG}"))
    if "gemeente" in by:
        ext = by["gemeente"].extent()
        ext.scale(1.05)
        kaart.zoomToExtent(ext)
    datum = _item(layout, "datum")
    if isinstance(datum, QgsLayoutItemLabel):
        datum.setText(f"Datum: {_dt.date.today():%d-%m-%Y} — peildatum: {peildatum}")
    def row(naam: str, f, profiel) -> List[str]:
        return [naam, *(report.fmt(v) for v in (f.won_gerealiseerd, f.won_hard, f.won_zacht, f.won_gepland, f.won_potentieel)),
                report.fmt(profiel.woningen) if profiel else "", _pct(profiel.aandeel_corporatie) if profiel else ""]

    s = result.stad
    rows = [row(w.naam, w.figures, w.profiel) for w in result.wijken]
    rows.append(row("buiten wijken", s.buiten_wijken, None))
    rows.append(row("Almelo (stad)", s.figures, s.profiel))
    _fill_table(_table(layout, "wijk_tabel"),
                ["Wijk", "Gerealiseerd", "Hard", "Zacht", "Gepland", "Potentieel", "Voorraad", "Corporatie"], rows,
                [2.2, 1.3, 1, 1, 1.1, 1.2, 1.1, 1.1])
    _fill_table(_table(layout, "doelen"), GOAL_HEADERS, goal_rows(result.doelen_for(Selection.stad())), GOAL_WEIGHTS)
    legend = layout.itemById("legenda")
    if legend is not None:
        _legend_layers(legend, layers)
    svg = chart_dir / "stad.svg"
    svg.write_bytes(charts.per_jaar_svg(result.per_year(), "Woningen per opleverjaar tegen de woningvraag (stad)", 7.6, 3.7, charts.STAD_FROM_YEAR))
    pic = _item(layout, "grafiek")
    assert isinstance(pic, QgsLayoutItemPicture)
    pic.setPicturePath(str(svg), QgsLayoutItemPicture.Format.FormatSVG)


def fill_wijk(layout: QgsPrintLayout, result: Rollup, code: str, chart_dir: Path) -> None:
    w = result.wijk(code)
    if w is None:
        raise StoreError(f"Onbekende wijk: {code}.")
    titel = _item(layout, "titel")
    if isinstance(titel, QgsLayoutItemLabel):
        titel.setText(f"{w.naam} ({code}) — {'prioritaire wijk' if w.prioriteit == 'prioritair' else w.prioriteit}")
    p, f = w.profiel, w.figures
    _fill_table(_table(layout, "profiel"), ["Woningvoorraad", "Corporatiehuur", "Eengezins", "Label E–G", "Label A++++–B", "Leefbaarheid"],
                [[report.fmt(p.woningen), _pct(p.aandeel_corporatie), _pct(p.aandeel_eengezins), _pct(p.aandeel_label_efg),
                  _pct(p.aandeel_label_ab), report.fmt(p.leefbaarheid_gem)],
                 ["Woningen gepland", report.fmt(f.won_gepland), "waarvan hard", report.fmt(f.won_hard),
                  "potentieel", report.fmt(f.won_potentieel)]], [1.6, 1, 1, 1, 1.1, 1])
    rows = []
    for x in result.locaties_in(code):
        pr = x.programma
        soort = x.categorie if x.laag == "projecten" else "potloodplan"
        rows.append([x.naam, soort, x.status or x.soort or "", report.fmt(pr["won_totaal"]),
                     report.fmt(pr["m2_bedrijf"] + pr["m2_voorzieningen"]), report.fmt(pr["ha_groen"] + pr["ha_zon"]),
                     "" if x.oplever_jaar is None else str(x.oplever_jaar), ", ".join(x.opgaven)])
    _fill_table(_table(layout, "locaties"), ["Locatie", "Plan", "Status / soort", "Woningen", "m²", "ha", "Oplevering", "Opgaven"], rows,
                [4.2, 1.1, 1.5, 1, 1, 0.7, 1, 1.3])
    _fill_table(_table(layout, "doelen"), GOAL_HEADERS, goal_rows(result.doelen_for(Selection.wijk(code))), GOAL_WEIGHTS)
    svg = chart_dir / f"{code}.svg"
    svg.write_bytes(charts.per_jaar_svg(result.per_year(code), f"Woningen per opleverjaar — {w.naam}", 7.6, 2.6, charts.WIJK_FROM_YEAR))
    pic = _item(layout, "grafiek")
    assert isinstance(pic, QgsLayoutItemPicture)
    pic.setPicturePath(str(svg), QgsLayoutItemPicture.Format.FormatSVG)


def export_agenda(store: Store, output: str, wijken: Optional[Sequence[str]] = None, project: Optional[QgsProject] = None,
                  peildatum: Optional[str] = None, result: Optional[Rollup] = None,
                  layouts_from: Optional[QgsProject] = None) -> Dict[str, Any]:
    """Write the agenda: one PDF, stad page first, then one page per wijk. Returns pages, seconds and bytes.
    `result`: the store's roll-up when the caller has it (computed here otherwise); `layouts_from`: a project whose
    layouts, as edited in the Layout Designer, print an agenda in a project of its own (the store at a peildatum)."""
    from qgis.PyQt.QtCore import QMarginsF, QSizeF
    from qgis.PyQt.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    t0 = time.perf_counter()
    check_target(output)  # before the work: a folder as target, a missing folder
    result = result if result is not None else RollupEngine(store).compute()
    codes = [w.wijk_code for w in result.wijken]
    if wijken:
        unknown = [c for c in wijken if c not in codes]
        if unknown:
            raise StoreError(f"Onbekende wijk(en): {', '.join(unknown)}; bekend zijn {', '.join(codes)}.")
        codes = [c for c in codes if c in set(wijken)]
    own_project = project is None
    if own_project:
        project = QgsProject()
        project.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{EPSG}"))
        load_atlas(store, project)
    peildatum = peildatum or f"actueel ({_dt.date.today():%d-%m-%Y})"
    stad = template_layout(project, STAD_LAYOUT, "stad.qpt", layouts_from)
    wijk = template_layout(project, WIJK_LAYOUT, "wijk.qpt", layouts_from)
    _, by = _map_layers(project)
    if "wijken" not in by:
        raise StoreError("De atlas heeft geen laag wijken: de wijkpagina's kunnen niet worden gemaakt.")
    atlas = wijk.atlas()
    atlas.setEnabled(True)
    atlas.setCoverageLayer(by["wijken"])
    atlas.setHideCoverage(False)
    kaart = _item(wijk, "kaart")
    layers, _ = _map_layers(project)
    kaart.setLayers(layers)
    kaart.setKeepLayerSet(True)
    kaart.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{EPSG}"))
    kaart.setAtlasDriven(True)
    from qgis.core import Qgis

    always_text = Qgis.TextRenderFormat.AlwaysText  # scoped since QGIS 3.22
    for lay in (stad, wijk):  # text stays text in the PDF (searchable, copyable)
        lay.renderContext().setTextRenderFormat(always_text)
    pages = 0
    with tempfile.TemporaryDirectory() as tmp, atomic_output(output) as pdf:
        tmpdir = Path(tmp)
        fill_stad(stad, project, result, peildatum, tmpdir)
        writer = QPdfWriter(pdf)
        writer.setResolution(300)
        size = stad.pageCollection().page(0).pageSize()
        writer.setPageLayout(QPageLayout(QPageSize(QSizeF(size.width(), size.height()), QPageSize.Unit.Millimeter),
                                         QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        writer.setTitle("Atlas stadsontwikkeling Almelo")
        writer.setCreator("Almelo Atlas stadsontwikkeling")
        painter = QPainter()
        if not painter.begin(writer):
            raise failure(output, "de PDF kan niet worden begonnen")
        try:
            QgsLayoutExporter(stad).renderPage(painter, 0)
            pages += 1
            if not atlas.beginRender():
                raise StoreError("De atlas over de wijken kan niet worden gemaakt.")
            exporter = QgsLayoutExporter(wijk)
            for i in range(atlas.count()):
                if not atlas.seekTo(i):
                    raise StoreError(f"De atlas over de wijken kan niet naar wijk {i + 1} gaan.")
                code = atlas.layout().reportContext().feature()["wijk_code"]
                if code not in codes:
                    continue
                fill_wijk(wijk, result, code, tmpdir)
                kaart.refresh()
                if not writer.newPage():
                    raise failure(output, f"pagina {pages + 1} kan niet worden toegevoegd")
                exporter.renderPage(painter, 0)
                pages += 1
            atlas.endRender()
        finally:
            ended = painter.end()
        del writer  # closes the file
        _check_pdf(pdf, output, ended)
        size_bytes = os.path.getsize(pdf)
    return {"pages": pages, "seconds": time.perf_counter() - t0, "bytes": size_bytes, "wijken": codes}


def _check_pdf(pdf: str, output: str, ended: bool) -> None:
    """The PDF writer reports no write errors (a full disk gives a cut-off file): the file must be closed cleanly
    and end with the PDF trailer."""
    try:
        with open(pdf, "rb") as fh:
            fh.seek(max(0, os.path.getsize(pdf) - 64))
            tail = fh.read()
    except OSError as exc:
        raise failure(output, f"de PDF kan niet worden gelezen ({exc.strerror})") from exc
    if not ended or b"%%EOF" not in tail:
        raise failure(output, "de PDF is onvolledig (schijf vol?)")
