"""The agenda on paper: stad page and an atlas page per wijk in one PDF, from the .qpt templates.

qgis.core only (no widgets): usable from the dock, Processing and the command line.
"""

from __future__ import annotations

import datetime as _dt
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutTable,
    QgsLayoutTableColumn,
    QgsLayoutUtils,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsTableCell,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QFont
from qgis.PyQt.QtXml import QDomDocument

from ..figures.result import CATEGORIES, FIGURES, Doel, Rollup, Selection, json_number
from ..figures.rollup import RollupEngine
from ..model.roles import laag_of
from ..model.schema import EPSG
from ..resources import resource_path
from ..store.base import Store, StoreError
from . import charts, termen
from . import tables as report
from .files import atomic_output, check_target, failure
from .layers import load_atlas

STAD_LAYOUT = "Atlas stadsontwikkeling — stad"
WIJK_LAYOUT = "Atlas stadsontwikkeling — wijken"
MAP_LAYERS = ("projecten", "potloodplannen", "gebieden", "wijken", "gemeente")
LOCATION_MAP_LAYERS = ("projecten", "potloodplannen", "gebieden")  # named on the map by their own labels


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


def _font(text_format, size: Any = None) -> QFont:
    """The text format's font at its size (or at `size` pt: the layout's own, kept on the frame)."""
    font = text_format.toQFont()
    font.setPointSizeF(float(size) if size is not None else text_format.size())
    return font


def _cell(text: str, right: bool) -> QgsTableCell:
    cell = QgsTableCell(text)
    cell.setHorizontalAlignment(Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
    return cell


def _fill_table(table: QgsLayoutItemManualTable, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                cut: Optional[Callable[[int], List[List[str]]]] = None) -> int:
    """Headers, rows and column widths measured from the text: every header and number whole, numbers right-aligned,
    the text columns share what is left of the frame's width (and wrap). Every change of a table with rows lays them all
    out again (a wijk of 1.000 locations: ~0,3 s each): the previous rows go before the type is reset.
    Rows too many for the frame even at the smallest type: the rows of `cut(k)` (k rows and one row for the rest, the
    largest k that fits; `rest_rows` when not given). Returns the number of rows left out (0: all are on the page)."""
    cells = [[str(v) for v in r] for r in rows]
    frame = table.frame(0)
    if frame is None:
        _lay_out(table, headers, cells, measure=False)
        return 0
    if table.tableContents():
        table.setTableContents([])  # the type is reset without laying out the previous wijk's rows
    _type_size(table)
    if _never_fits(table, len(cells)):  # a wijk of 1.000 locations: not laid out whole, twice, to learn that
        _type_size(table, FIT_SIZES[-1])
    elif _fit_rows(table, _lay_out(table, headers, cells)):
        return 0
    return _cut_rows(table, headers, cells, cut or (lambda k: rest_rows(cells, k, len(headers))))


def _lay_out(table: QgsLayoutItemManualTable, headers: Sequence[str], cells: List[List[str]], measure: bool = True) -> list:
    """The table's headers, rows and (measured at the layout's own type) column widths, laid out once."""
    numeric = [bool(cells) and all(report.numeric_text(r[i]) for r in cells if r[i]) for i in range(len(headers))]
    columns = []
    for h, num in zip(headers, numeric):
        col = QgsLayoutTableColumn(h)
        col.setHAlignment(Qt.AlignmentFlag.AlignRight if num else Qt.AlignmentFlag.AlignLeft)
        columns.append(col)
    table.setHeaders(columns)
    table.setHeaderHAlignment(QgsLayoutTable.HeaderHAlignment.FollowColumn)
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.WrapText)
    table.setIncludeTableHeader(True)
    contents = [[_cell(v, num) for v, num in zip(r, numeric)] for r in cells]
    table.setTableContents(contents)  # before the frame's width is read: a new table's frame has none while empty
    if measure:
        table.setColumnWidths(_column_widths(table, headers, cells, numeric))
    table.refresh()
    return contents


def _column_widths(table: QgsLayoutItemManualTable, headers: Sequence[str], cells: List[List[str]],
                   numeric: Sequence[bool]) -> List[float]:
    frame = table.frame(0)
    target = float(frame.customProperty("breedte_mm", frame.rect().width()) or frame.rect().width())
    room = target - 2 * len(headers) * table.cellMargin() - (len(headers) + 1) * table.gridStrokeWidth() - 0.2
    head, body = _font(table.headerTextFormat(), frame.customProperty("kop_pt")), _font(table.contentTextFormat(), frame.customProperty("tekst_pt"))
    # no column narrower than its longest word: a header wraps between words, a name ('Nieuwstraat-Kwartier') not at
    # all, a number ('42 %') neither
    least = [max([QgsLayoutUtils.textWidthMM(head, max(h.split(), key=len, default=""))]
                 + [QgsLayoutUtils.textWidthMM(body, word) for r in cells for word in ([r[i]] if numeric[i] else r[i].split())])
             + 0.6 for i, h in enumerate(headers)]
    # a header may take two lines: half its length, or its longest word
    natural = [max([lo, QgsLayoutUtils.textWidthMM(head, h) / 2 + 0.6] + [QgsLayoutUtils.textWidthMM(body, r[i]) + 0.6 for r in cells])
               for i, (h, lo) in enumerate(zip(headers, least))]
    return _share(room, least, natural)


def _type_size(table: QgsLayoutItemManualTable, size: Optional[float] = None) -> None:
    """The table's type at most `size` pt; None: back to the layout's own sizes (kept on the frame at first use)."""
    frame = table.frame(0)
    for key, get, put in (("tekst_pt", table.contentTextFormat, table.setContentTextFormat),
                          ("kop_pt", table.headerTextFormat, table.setHeaderTextFormat)):
        text_format = get()
        own = frame.customProperty(key)
        if own is None:
            own = text_format.size()
            frame.setCustomProperty(key, own)
        text_format.setSize(float(own) if size is None else min(size, float(own)))
        put(text_format)


FIT_SIZES = (7.5, 7.0, 6.5, 6.0)  # pt, smaller type for a table taller than its frame


def _never_fits(table: QgsLayoutItemManualTable, n_rows: int) -> bool:
    """More rows than fit the frame even at the smallest type, each one line high: a row is at least its type's ascent
    and the cell's margins above and below."""
    smallest = min(FIT_SIZES[-1], float(table.frame(0).customProperty("tekst_pt")))
    row = QgsLayoutUtils.fontAscentMM(_font(table.contentTextFormat(), smallest)) + 2 * table.cellMargin()
    return n_rows * row > table.frame(0).rect().height()


def _fits(table: QgsLayoutItemManualTable) -> bool:
    return table.totalHeight() <= table.frame(0).rect().height() + 0.01


def _fit_rows(table: QgsLayoutItemManualTable, contents: list) -> bool:
    """Every row on the page: a table taller than its frame gets smaller type (down to 6 pt). The smallest size is tried
    first: a table too tall even then stays at it (one lay-out more, not four) and False is returned."""

    def fits_at(size: Optional[float]) -> bool:
        if size is not None:  # the type changed while the table is empty, then its rows laid out once
            table.setTableContents([])
            _type_size(table, size)
            table.setTableContents(contents)
            table.refresh()
        return _fits(table)

    if fits_at(None):
        return True
    if not fits_at(FIT_SIZES[-1]):
        return False
    for size in FIT_SIZES[:-1]:  # the largest size at which every row fits
        if fits_at(size):
            return True
    fits_at(FIT_SIZES[-1])
    return True


def rest_rows(cells: List[List[str]], k: int, width: int, wat: str = "rijen") -> List[List[str]]:
    """The first k rows and one row saying how many more there are (a table without its own way to total them)."""
    return cells[:k] + [[rest_label(len(cells) - k, wat)] + [""] * (width - 1)]


def rest_label(n: int, wat: str) -> str:
    """The last row of a table cut to its frame: '… en 1.230 andere locaties'."""
    return f"… en {report.fmt(n)} andere {wat}"


def _cut_rows(table: QgsLayoutItemManualTable, headers: Sequence[str], cells: List[List[str]],
              cut: Callable[[int], List[List[str]]]) -> int:
    """The largest k whose rows `cut(k)` fit the frame (at the smallest type, set by now), laid out; returns the rows
    left out. Searched from few rows up (each lay-out of a few rows is cheap), then halved."""
    def fits(k: int) -> bool:
        _lay_out(table, headers, cut(k))
        return _fits(table)

    good, bad = 0, len(cells)
    k = 8
    while k < bad and fits(k):
        good, k = k, k * 2
    bad = min(bad, k)
    while bad - good > 1:
        mid = (good + bad) // 2
        if fits(mid):
            good = mid
        else:
            bad = mid
    _lay_out(table, headers, cut(good))
    return len(cells) - good


def _share(room: float, least: Sequence[float], natural: Sequence[float]) -> List[float]:
    """Column widths that fill `room`: short columns whole, the long ones cut to one level (they wrap), none below
    its longest header word; room to spare goes to the widest."""
    if sum(natural) <= room:
        widest = max(range(len(natural)), key=lambda i: natural[i])
        return [w + (room - sum(natural) if i == widest else 0) for i, w in enumerate(natural)]
    low, high = 0.0, max(natural)
    for _ in range(40):  # the level at which the columns fill the room
        level = (low + high) / 2
        if sum(max(lo, min(level, w)) for lo, w in zip(least, natural)) > room:
            high = level
        else:
            low = level
    return [max(lo, min(low, w)) for lo, w in zip(least, natural)]


def _pct(v) -> str:
    return "–" if v is None else f"{v * 100:.0f} %"


def goal_rows(doelen: List[Doel]) -> List[List[str]]:
    """Goal rows in the goal's own unit ('10 ha', '1.507 woningen'), its status and what it counts."""
    out = []
    for d in doelen:
        amount = ["–" if v is None else termen.doel_hoeveelheid(d, v, vertaald=False) for v in (d.streefwaarde, d.gepland)]
        out.append([d.omschrijving or d.indicator, amount[0], str(d.peiljaar or ""), amount[1],
                    termen.verwacht_getal(d, vertaald=False) or "–",
                    termen.doel_status(d, vertaald=False),
                    termen.doel_opbouw(d, vertaald=False)])
    return out


GOAL_HEADERS = ["Doel", "Streefwaarde", "Peiljaar", "Gepland", "Verwacht", "Stand", "Waarvan"]
PRIORITEIT_TITEL = {"prioritair": "prioritaire wijk", "aandacht": "aandachtswijk", "regulier": "reguliere wijk"}
PRIORITEIT_UITLEG = {
    "prioritair": "Prioritaire wijk: een van de wijken met een integrale wijkaanpak in de Uitvoeringsagenda (§4.1: "
                  "herstructurering, verduurzaming, leefbaarheid).",
    "aandacht": "Aandachtswijk: gevolgd naast de prioritaire wijken (Uitvoeringsagenda §4.1); een aanpak waar de "
                "leefbaarheid daarom vraagt.",
    "regulier": "Reguliere wijk: geen wijkaanpak in de Uitvoeringsagenda; de locaties dragen bij aan de opgaven van de stad.",
}


def source_line(store: Store) -> str:
    """The source line of every page: the base layers' sources (the newest run of each), and whether the rest is the
    synthetic sample."""
    from ..sources.bronnen import BASISLAGEN, SYNTHETISCH, bronregels

    regels = bronregels(store)
    named = dict.fromkeys(regels[laag] for laag in BASISLAGEN if laag in regels and regels[laag] != SYNTHETISCH)
    return f"Bron: {'; '.join(named)}; {overige_gegevens(store)}"


def overige_gegevens(store: Store) -> str:
    """Where the plans and other non-CBS data come from: the synthetic sample (said wherever it is shown) or the gemeente."""
    return "overige gegevens synthetisch (voorbeeld)" if "sample_seed" in store.meta() else "overige gegevens: gemeente Almelo"


@dataclass(frozen=True)
class Stamp:
    """What every page says of itself: the number of pages, the date of printing and the peildatum, the source."""
    pages: int
    peildatum: str
    bron: str

    def apply(self, layout: QgsPrintLayout, page: int) -> None:
        """On one page (a label the user removed in the Layout Designer is left out)."""
        texts = {"pagina": f"pagina {page} van {self.pages}",
                 "datum": f"Datum: {_dt.date.today():%d-%m-%Y} — peildatum: {self.peildatum}", "bron": self.bron}
        for item_id, text in texts.items():
            item = layout.itemById(item_id)
            if isinstance(item, QgsLayoutItemLabel):
                item.setText(text)


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


def _show_layers(layout: QgsPrintLayout, layers, map_ids: Sequence[str]) -> None:
    """The atlas's layers on the page's maps (and in its legend), in RD New."""
    for map_id in map_ids:
        m = layout.itemById(map_id)
        if isinstance(m, QgsLayoutItemMap):
            m.setLayers(layers)
            m.setKeepLayerSet(True)
            m.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{EPSG}"))
    legend = layout.itemById("legenda")
    if legend is not None:
        _legend_layers(legend, layers)


def _chart(layout: QgsPrintLayout, svg: Path, data: bytes) -> None:
    svg.write_bytes(data)
    pic = _item(layout, "grafiek")
    assert isinstance(pic, QgsLayoutItemPicture)
    pic.setPicturePath(str(svg), QgsLayoutItemPicture.Format.FormatSVG)


def fill_stad(layout: QgsPrintLayout, project: QgsProject, result: Rollup, chart_dir: Path) -> None:
    layers, by = _map_layers(project)
    _show_layers(layout, layers, ("kaart",))
    if "gemeente" in by:
        ext = by["gemeente"].extent()
        ext.scale(1.05)
        _item(layout, "kaart").zoomToExtent(ext)

    def row(naam: str, f, profiel) -> List[str]:
        return [naam, *(report.fmt(v) for v in (f.won_gerealiseerd, f.won_hard, f.won_zacht, f.won_gepland, f.won_potentieel,
                                                f.won_sloop_gepland, f.won_netto_gepland)), report.fmt(f.won_verwacht, "won_verwacht"),
                report.fmt(profiel.woningen) if profiel else "", _pct(profiel.aandeel_corporatie) if profiel else ""]

    s = result.stad
    rows = [row(w.naam, w.figures, w.profiel) for w in result.wijken]
    rows.append(row("buiten wijken", s.buiten_wijken, None))
    rows.append(row("Almelo (stad)", s.figures, s.profiel))
    _fill_table(_table(layout, "wijk_tabel"),
                ["Wijk", "Bouw gerealiseerd", "Bouw hard", "Bouw zacht", "Bouw gepland", "Bouw potentieel", "Sloop gepland", "Netto gepland",
                 "Verwacht (netto)", "Voorraad", "Aandeel corporatie"], rows)
    _fill_table(_table(layout, "doelen"), GOAL_HEADERS, goal_rows(result.doelen_for(Selection.stad())))
    _chart(layout, chart_dir / "stad.svg", charts.per_jaar_svg(
        result.per_year(), "Woningbouw en sloop per jaar tegen de woningvraag (stad)", 7.6, 3.6, charts.STAD_FROM_YEAR))


# a wijk with more locations than fit its table: the heading says which are shown, the last row where the rest is
LOCATIES_VOLGORDE = "de {k} grootste van {n} (woningen bouw + sloop)"
LOCATIES_ELDERS = "alle in de Excel (agenda --xlsx, blad locaties)"


def _location_table(result: Rollup, code: str):
    """The wijk's location rows (in the roll-up's order) and the cut for a wijk with more than fit its frame: the k
    largest programmes (woningen bouw + sloop, then m², then ha, then the name) and one row '… en N andere locaties'
    with their totals, so that every column still adds up to the wijk's locations."""
    sloop_of = [FIGURES.index(f"won_sloop_{c}") for c in CATEGORIES]  # a location is in one category: its sloop is their sum
    rows, amounts = [], []
    for i, x in enumerate(result.locaties):
        if x.wijk_code != code:
            continue
        pr = x.programma
        plan = x.categorie if x.laag == "projecten" else "potloodplan"
        staat = report.value_label(x.status, "status") if x.status else report.value_label(x.soort, "soort") if x.soort else ""
        sloop = json_number(result.matrix[i, sloop_of].sum())
        m2, ha = pr["m2_bedrijf"] + pr["m2_voorzieningen"], pr["ha_groen"] + pr["ha_zon"]
        rows.append([x.naam, plan, staat, report.fmt(pr["won_totaal"]), report.fmt(sloop), report.fmt(m2), report.fmt(ha),
                     report.fmt(x.oplever_jaar, "oplever_jaar") if x.oplever_jaar is not None else "", ", ".join(x.opgaven)])
        amounts.append((pr["won_totaal"], sloop, m2, ha))
    order = sorted(range(len(rows)), key=lambda j: (-(amounts[j][0] + amounts[j][1]), -amounts[j][2], -amounts[j][3], rows[j][0]))

    def cut(k: int) -> List[List[str]]:
        rest = order[k:]
        totals = [json_number(sum(amounts[j][c] for j in rest)) for c in range(4)]
        return [rows[j] for j in order[:k]] + [[f"{rest_label(len(rest), 'locaties')}; {LOCATIES_ELDERS}", "", "", *(report.fmt(t) for t in totals), "", ""]]

    return rows, cut


def _heading(layout: QgsPrintLayout, item_id: str, extra: str = "") -> None:
    """A table's heading as in the layout, or with `extra` after it (the layout's own text kept on the label)."""
    label = layout.itemById(item_id)
    if not isinstance(label, QgsLayoutItemLabel):
        return
    own = label.customProperty("eigen_tekst")
    if own is None:
        own = label.text()
        label.setCustomProperty("eigen_tekst", own)
    label.setText(f"{own} — {extra}" if extra else own)


def _opgaven_key(result: Rollup, code: str) -> str:
    """The names of the opgaven the wijk's locations serve, for the codes in the table."""
    from ..model.catalogue import opgaven

    used = sorted({c for x in result.locaties_in(code) for c in x.opgaven})
    names = {o["code"]: o["naam"] for o in opgaven()}
    return ("Opgaven: " + " · ".join(f"{c} {names.get(c, '')}".strip() for c in used)) if used else ""


def fill_wijk(layout: QgsPrintLayout, result: Rollup, code: str, chart_dir: Path) -> None:
    w = result.wijk(code)
    if w is None:
        raise StoreError(f"Onbekende wijk: {code}.")
    titel = _item(layout, "titel")
    if isinstance(titel, QgsLayoutItemLabel):
        titel.setText(f"{w.naam} ({code}) — {PRIORITEIT_TITEL.get(w.prioriteit, w.prioriteit)}")
    for item_id, text in (("toelichting", PRIORITEIT_UITLEG.get(w.prioriteit, "")), ("opgaven_uitleg", _opgaven_key(result, code))):
        item = layout.itemById(item_id)
        if isinstance(item, QgsLayoutItemLabel):
            item.setText(text)
    f = w.figures
    # the profile's parts side by side (each a label and a value column), then the programme: bouw, sloop and netto
    # (= bouw − sloop) per category, and the realisatiekans-weighted outlook
    parts = [(kop, [[label, value] for _, label, value in rijen]) for kop, rijen in report.profiel_secties(w.profiel, aantallen=False)]
    woningen = [[f"Woningen {c}", *(report.fmt(f[f"{base}_{c}"]) for base in ("won", "won_sloop", "won_netto"))]
                for c in ("gerealiseerd", "hard", "zacht", "gepland", "potentieel")]
    woningen.append(["Woningen verwacht", "", "", report.fmt(f.won_verwacht, "won_verwacht")])
    parts.append(("Programma", woningen))
    headers = [h for kop, _ in parts for h in ([kop, "Bouw", "Sloop", "Netto"] if kop == "Programma" else [kop, ""])]
    height = max(len(rows) for _, rows in parts)
    width = {kop: len(rows[0]) for kop, rows in parts}
    _fill_table(_table(layout, "profiel"), headers,
                [[cell for kop, rows in parts for cell in (rows[i] if i < len(rows) else [""] * width[kop])] for i in range(height)])
    rows, cut = _location_table(result, code)
    left_out = _fill_table(_table(layout, "locaties"), ["Locatie", "Plan", "Status / soort", "Woningen", "Sloop", "m² bedrijf en voorz.",
                                                        "ha groen en zon", "Oplevering", "Opgaven"], rows, cut)
    _heading(layout, "kop_locaties", LOCATIES_VOLGORDE.format(k=report.fmt(len(rows) - left_out), n=report.fmt(len(rows)))
             if left_out else "")
    _fill_table(_table(layout, "doelen"), GOAL_HEADERS, goal_rows(result.doelen_for(Selection.wijk(code))))
    _chart(layout, chart_dir / f"{code}.svg", charts.per_jaar_svg(
        result.per_year(code), f"Woningbouw en sloop per jaar — {w.naam}", 7.6, 2.8, charts.WIJK_FROM_YEAR))


WIJK_MAPS = ("kaart", "kaart_omgeving")


def _atlas_layouts(project: QgsProject, layouts_from: Optional[QgsProject] = None):
    """The stad and wijk layouts of the project, the wijk layout's atlas over the wijken, its maps with the atlas's layers."""
    stad = template_layout(project, STAD_LAYOUT, "stad.qpt", layouts_from)
    wijk = template_layout(project, WIJK_LAYOUT, "wijk.qpt", layouts_from)
    layers, by = _map_layers(project)
    if "wijken" not in by:
        raise StoreError("De atlas heeft geen laag wijken: de wijkpagina's kunnen niet worden gemaakt.")
    atlas = wijk.atlas()
    atlas.setEnabled(True)
    atlas.setCoverageLayer(by["wijken"])
    atlas.setHideCoverage(False)
    _show_layers(wijk, layers, WIJK_MAPS)
    for map_id in WIJK_MAPS:
        m = wijk.itemById(map_id)
        if isinstance(m, QgsLayoutItemMap):
            m.setAtlasDriven(True)
    surroundings = wijk.itemById("kaart_omgeving")
    if isinstance(surroundings, QgsLayoutItemMap):
        _unlabelled(surroundings, [by[k] for k in LOCATION_MAP_LAYERS if k in by])
    focus = wijk.itemById("kaart")
    if isinstance(focus, QgsLayoutItemMap):
        _outline_wijk(focus, by["wijken"])
        legend = wijk.itemById("legenda")
        node = legend.model().rootGroup().findLayer(by["wijken"]) if legend is not None else None
        if node is not None:
            node.setCustomProperty("legend/title-label", "Deze wijk")
            legend.updateLegend()
    return stad, wijk


def _unlabelled(surroundings: QgsLayoutItemMap, layers) -> None:
    """The faded map names no locations: the wijk's own map does, once (two maps would each place the same label)."""
    from qgis.core import QgsMapLayerStyle

    overrides = {}
    for layer in layers:
        style = QgsMapLayerStyle()
        style.readFromLayer(layer)
        doc = QDomDocument()
        doc.setContent(style.xmlData())
        doc.documentElement().setAttribute("labelsEnabled", "0")
        overrides[layer.id()] = doc.toString()
    surroundings.setKeepLayerStyles(True)
    surroundings.setLayerStyleOverrides(overrides)


def _outline_wijk(focus: QgsLayoutItemMap, wijken) -> None:
    """The wijk's own map (cut to the wijk) draws the wijken layer as one bold outline, only on this map: the layer's
    style elsewhere stays as it is."""
    from qgis.core import QgsFillSymbol, QgsMapLayerStyle, QgsSingleSymbolRenderer, QgsVectorLayer

    shape = QgsVectorLayer("MultiPolygon?crs=EPSG:28992", "wijkgrens", "memory")
    shape.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": "#1b2631", "outline_width": "1.2", "outline_width_unit": "MM"})))
    style = QgsMapLayerStyle()
    style.readFromLayer(shape)
    focus.setKeepLayerStyles(True)
    focus.setLayerStyleOverrides({wijken.id(): style.xmlData()})


def prepare_for_designer(project: QgsProject, store: Store, result: Optional[Rollup] = None) -> QgsPrintLayout:
    """Both layouts in the project, filled as they print, for the user's edits in the Layout Designer: the stad page
    with its tables and chart, the wijk page on the first wijk (title, tables, chart, page number). Returns the wijk
    layout: open one designer on it, with the atlas preview on."""
    result = result if result is not None else RollupEngine(store).compute()
    stad, wijk = _atlas_layouts(project)
    for layout in (stad, wijk):
        if project.layoutManager().layoutByName(layout.name()) is None:
            project.layoutManager().addLayout(layout)
    charts_dir = Path(tempfile.gettempdir()) / "almelo_atlas_grafieken"  # the pictures outlive this call (one folder)
    charts_dir.mkdir(exist_ok=True)
    stamp = Stamp(1 + len(result.wijken), report.peildatum_text(result.peildatum), source_line(store))
    fill_stad(stad, project, result, charts_dir)
    stamp.apply(stad, 1)
    codes = [w.wijk_code for w in result.wijken]

    def follow(feature) -> None:  # the preview's wijk, as it prints (an export then fills its page again)
        code = feature["wijk_code"] if feature.isValid() else None
        if code in codes:
            fill_wijk(wijk, result, code, charts_dir)
            stamp.apply(wijk, codes.index(code) + 2)

    atlas = wijk.atlas()
    previous = _FOLLOWING.get(id(atlas))
    if previous is not None:  # the layout follows the newest figures only
        try:
            atlas.featureChanged.disconnect(previous)
        except TypeError:
            pass
    atlas.featureChanged.connect(follow)
    _FOLLOWING[id(atlas)] = follow
    atlas.updateFeatures()
    if atlas.count():
        atlas.seekTo(0)
    return wijk


# the designer's wijk layout follows its atlas preview: per atlas, the function that fills it
_FOLLOWING: Dict[int, Any] = {}


def export_agenda(store: Store, output: str, wijken: Optional[Sequence[str]] = None, project: Optional[QgsProject] = None,
                  peildatum: Optional[str] = None, result: Optional[Rollup] = None,
                  layouts_from: Optional[QgsProject] = None,
                  hoofdstukken: Sequence[Callable[[QgsProject, Path], List[QgsPrintLayout]]] = (),
                  bijlagen: Sequence[Callable[[QgsProject, Path], QgsPrintLayout]] = ()) -> Dict[str, Any]:
    """Write the agenda: one PDF, stad page first, then one page per wijk, then the appendix pages
    (`bijlagen`: each makes its layout in the project, with the labels pagina, datum, bron). Returns pages, seconds and bytes.
    `hoofdstukken`: chapters printed after the stad page, each a function (project, folder for charts) → its filled
    layouts (the change report: agenda_mutaties.pages); layers they add to the project are removed afterwards.
    `result`: the store's roll-up when the caller has it (computed here otherwise); `layouts_from`: a project whose
    layouts, as edited in the Layout Designer, print an agenda in a project of its own (the store at a peildatum);
    `peildatum`: as shown on the pages (the roll-up's own otherwise)."""
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
    stad, wijk = _atlas_layouts(project, layouts_from)
    atlas = wijk.atlas()
    from qgis.core import Qgis

    always_text = Qgis.TextRenderFormat.AlwaysText  # scoped since QGIS 3.22
    for lay in (stad, wijk):  # text stays text in the PDF (searchable, copyable)
        lay.renderContext().setTextRenderFormat(always_text)
    pages = 0
    had = set(project.mapLayers())
    with tempfile.TemporaryDirectory() as tmp, atomic_output(output) as pdf:
        tmpdir = Path(tmp)
        fill_stad(stad, project, result, tmpdir)
        extra = [lay for make in hoofdstukken for lay in make(project, tmpdir)]
        for lay in extra:
            lay.renderContext().setTextRenderFormat(always_text)
        stamp = Stamp(1 + len(extra) + len(codes) + len(bijlagen), peildatum or report.peildatum_text(result.peildatum), source_line(store))
        stamp.apply(stad, 1)
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
            for lay in extra:
                stamp.apply(lay, pages + 1)
                if not writer.newPage():
                    raise failure(output, f"pagina {pages + 1} kan niet worden toegevoegd")
                QgsLayoutExporter(lay).renderPage(painter, 0)
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
                stamp.apply(wijk, pages + 1)
                for map_id in WIJK_MAPS:
                    m = wijk.itemById(map_id)
                    if m is not None:
                        m.refresh()
                if not writer.newPage():
                    raise failure(output, f"pagina {pages + 1} kan niet worden toegevoegd")
                exporter.renderPage(painter, 0)
                pages += 1
            atlas.endRender()
            for make in bijlagen:
                extra = make(project, tmpdir)
                extra.renderContext().setTextRenderFormat(always_text)
                stamp.apply(extra, pages + 1)
                if not writer.newPage():
                    raise failure(output, f"pagina {pages + 1} kan niet worden toegevoegd")
                QgsLayoutExporter(extra).renderPage(painter, 0)
                pages += 1
        finally:
            ended = painter.end()
            project.removeMapLayers([i for i in project.mapLayers() if i not in had])  # the chapters' own layers
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
