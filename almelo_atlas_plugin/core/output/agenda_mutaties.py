"""The agenda's chapter of the change report (`agenda … --vergelijk D1`): two pages after the stad page, on the stad
page's template — the mutatiekaart with the reconciliation of the stad and per wijk and a bridge from begin to eind,
then the locations per bucket. qgis.core only."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from qgis.core import QgsLayoutFrame, QgsLayoutItemLabel, QgsLayoutItemMap, QgsPrintLayout, QgsProject
from qgis.PyQt.QtCore import QRectF, Qt

from ..figures.mutaties import BUCKET_LABELS, PRECEDENCE, Mutaties
from ..model.roles import laag_of
from . import agenda
from . import mutaties as words
from .mutatiekaart import layer as mutatie_layer

LAYOUT = "Atlas stadsontwikkeling — mutaties"
LOCATIE_CIJFERS = ("won_gepland", "won_netto_gepland", "won_gerealiseerd", "won_potentieel")
MAX_ROWS = 70  # locations listed on the second page; the rest in the Excel (agenda --xlsx or mutaties --format xlsx)


def _label(layout: QgsPrintLayout, item_id: str, text: str) -> None:
    item = layout.itemById(item_id)
    if isinstance(item, QgsLayoutItemLabel):
        item.setText(text)


def _hide(layout: QgsPrintLayout, *ids: str) -> None:
    for item_id in ids:
        item = layout.itemById(item_id)
        if item is not None:
            item.setVisibility(False)


def _kaart(layout: QgsPrintLayout, project: QgsProject, kaartlaag) -> None:
    """The mutatiekaart over the wijken and the gemeente, zoomed to the gemeente; the legend names the buckets."""
    by = {laag_of(lyr): lyr for lyr in project.mapLayers().values()}
    layers = [kaartlaag] + [by[k] for k in ("wijken", "gemeente") if k in by]
    agenda._show_layers(layout, layers, ("kaart",))
    m = layout.itemById("kaart")
    if isinstance(m, QgsLayoutItemMap):
        ext = by["gemeente"].extent() if "gemeente" in by else kaartlaag.extent()
        ext.scale(1.05)
        m.zoomToExtent(ext)


def location_rows(report: Mutaties, limit: int = MAX_ROWS) -> Tuple[List[List[str]], int]:
    """The changed locations by bucket (precedence), the largest change first; (rows, locations left out)."""
    rows = []
    for b in PRECEDENCE:
        mine = sorted(report.in_bucket(b), key=lambda w: (-abs(w.value("won_gepland") or 0) - abs(w.value("won_gerealiseerd") or 0)
                                                          - abs(w.value("won_potentieel") or 0), w.naam or ""))
        for w in mine:
            wijk = w.wijk_van if w.bucket == "vervallen" else w.wijk_tot
            rows.append([BUCKET_LABELS[b], w.naam or "", words.LAAG.get(w.laag, w.laag), words.wijk_label(wijk, report),
                         *(words.signed(w.value(f), f) for f in LOCATIE_CIJFERS),
                         w.toelichting])
    return rows[:limit], max(0, len(rows) - limit)


def pages(project: QgsProject, report: Mutaties, geometries: Dict[Any, Any], chart_dir: Path,
          layouts_from: Optional[QgsProject] = None) -> List[QgsPrintLayout]:
    """The chapter's two layouts, filled (the caller stamps and renders them). The mutatiekaart layer is added to
    `project` (not to its layer tree) so that the map can draw it."""
    kaartlaag = mutatie_layer(report, geometries)
    project.addMapLayer(kaartlaag, False)
    periode = words.periode(report)
    # page 1: map, stad, wijken, bridge
    one = agenda.template_layout(project, LAYOUT, "stad.qpt", layouts_from)
    _label(one, "titel", f"Wat veranderde er? Woningbouwprogramma van {periode}")
    _kaart(one, project, kaartlaag)
    _label(one, "kop_wijken", "Per wijk: woningen gepland (hard + zacht), van begin naar eind")
    agenda._fill_table(agenda._table(one, "wijk_tabel"), ["Wijk", *(words.KOP[k] for k in words.KOLOMMEN)],
                       [[r[1], *r[2:]] for r in words.scope_rows(report)])
    _label(one, "kop_doelen", "De stad: begin + mutaties = eind")
    agenda._fill_table(agenda._table(one, "doelen"), ["Cijfer", *(words.KOP[k] for k in words.KOLOMMEN)],
                       words.afstemming_rows(report.stad))
    agenda._chart(one, chart_dir / "mutaties.svg", words.brug_svg(report))
    _label(one, "begrippen", "Een locatie die op meer manieren veranderde telt één keer, bij de eerste soort in de volgorde: "
           + ", ".join(BUCKET_LABELS[b].lower() for b in PRECEDENCE) + ". Een datum is het einde van die dag.")
    # page 2: the locations
    two = agenda.template_layout(project, LAYOUT + " — locaties", "stad.qpt", layouts_from)
    _label(two, "titel", f"Wat veranderde er? De locaties, {periode}")
    _hide(two, "kaart", "legenda", "noordpijl", "schaalbalk", "grafiek", "kop_doelen", "doelen")
    rows, rest = location_rows(report)
    _label(two, "kop_wijken", f"{len(report.locaties)} locaties met een mutatie" + (
        f" (de {len(rows)} grootste; alle in de Excel)" if rest else ""))
    kop = two.itemById("kop_wijken")
    if isinstance(kop, QgsLayoutItemLabel):
        kop.attemptSetSceneRect(QRectF(10, 28, 400, 6))
        kop.setHAlign(Qt.AlignmentFlag.AlignLeft)
    frame = agenda._item(two, "wijk_tabel")
    if isinstance(frame, QgsLayoutFrame):
        frame.attemptSetSceneRect(QRectF(10, 35, 400, 240))
        frame.setCustomProperty("breedte_mm", 400)
    agenda._fill_table(agenda._table(two, "wijk_tabel"), ["Mutatie", "Locatie", "Laag", "Wijk", "Δ gepland", "Δ netto gepland",
                                                          "Δ gerealiseerd", "Δ potentieel", "Wat"],
                       rows or [["geen mutaties", "", "", "", "", "", "", "", ""]])
    _label(two, "begrippen", "Δ: eind min begin, in woningen (bouw; netto: bouw − sloop). Gepland = hard + zacht; gerealiseerd: opgeleverd; "
           "potentieel: potloodplannen.")
    return [one, two]


__all__ = ["LAYOUT", "location_rows", "pages"]
