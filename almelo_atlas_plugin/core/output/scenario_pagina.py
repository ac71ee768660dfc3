"""The agenda's appendix page of a scenario (#20, DESIGN.md §11): its changes and what they did, the stad, every goal,
the years against demand and norm and the wijken, each beside the current plans; a chart of its years.

A layout made in code, the size of the agenda's pages (A3 landscape), with the labels `pagina`, `datum`, `bron` that the
agenda stamps on every page. qgis.core only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

from qgis.core import (
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemManualTable,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsProject,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QRectF, Qt
from qgis.PyQt.QtGui import QFont

from ..figures.scenario import ScenarioRollup
from . import charts
from . import tables as report
from .scenario import STAD_KOPPEN, doel_label, verschil_tekst

WIDTH, HEIGHT = 420.0, 297.0  # the agenda's page (stad.qpt, wijk.qpt)
LEFT_W, RIGHT_X, RIGHT_W = 235.0, 255.0, 155.0


def _label(layout: QgsPrintLayout, item_id: str, text: str, x: float, y: float, w: float, h: float, size: float,
           bold: bool = False) -> QgsLayoutItemLabel:
    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    label.setText(text)
    font = QFont("Noto Sans")
    font.setPointSizeF(size)
    font.setBold(bold)
    fmt = QgsTextFormat.fromQFont(font)
    fmt.setSize(size)
    if hasattr(label, "setTextFormat"):  # QGIS ≥ 3.24
        label.setTextFormat(fmt)
    else:
        label.setFont(font)
    label.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    label.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    layout.addLayoutItem(label)
    return label


def _table(layout: QgsPrintLayout, x: float, y: float, w: float, h: float) -> QgsLayoutItemManualTable:
    table = QgsLayoutItemManualTable.create(layout)
    layout.addMultiFrame(table)
    for get, put, size, bold in ((table.contentTextFormat, table.setContentTextFormat, 7.5, False),
                                 (table.headerTextFormat, table.setHeaderTextFormat, 7.5, True)):
        f = get()
        font = QFont("Noto Sans")
        font.setBold(bold)
        f.setFont(font)
        f.setSize(size)
        put(f)
    frame = QgsLayoutFrame(layout, table)
    frame.attemptSetSceneRect(QRectF(x, y, w, h))
    table.addFrame(frame)
    return table


def _fill(layout: QgsPrintLayout, headers: List[str], rows: List[List[str]], x: float, y: float, w: float, h: float) -> None:
    from .agenda import _fill_table

    _fill_table(_table(layout, x, y, w, h), headers, rows)


def scenario_layout(project: QgsProject, v: Dict[str, Any], i: int, sr: ScenarioRollup, chart_dir: Path,
                    tot_jaar: Optional[int] = None) -> QgsPrintLayout:
    """The appendix page of scenario `i` of the comparison `v` (figures/scenario.py: vergelijking)."""
    s, base = v["scenarios"][i], v["huidig"]
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(f"Scenario {s['naam']}")
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(WIDTH, HEIGHT, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    assert isinstance(page, QgsLayoutItemPage)
    _label(layout, "titel", f"Bijlage — scenario ‘{s['naam']}’ naast de doelen", 10, 8, 300, 11, 18, bold=True)
    _label(layout, "pagina", "", 310, 10, 100, 6, 9).setHAlign(Qt.AlignmentFlag.AlignRight)
    _label(layout, "datum", "", 10, 19, 300, 5, 8)
    _label(layout, "bron", "", 10, 287, 400, 5, 7)
    uitleg = (s.get("omschrijving") or "") + (" " if s.get("omschrijving") else "") + \
        "Het scenario rekent met de plannen van nu en past zijn wijzigingen alleen in de berekening toe; de plannen zelf blijven zoals ze zijn."
    _label(layout, "omschrijving", uitleg, 10, 25, 400, 9, 9)

    y = 36.0
    _label(layout, "kop_wijzigingen", "Wijzigingen", 10, y, LEFT_W, 5, 10, bold=True)
    rows = [[str(w["nummer"]), w["tekst"], w["kort"]] for w in s["wijzigingen"]] or [["", "geen wijzigingen", ""]]
    h = 8 + 6.5 * len(rows)
    _fill(layout, ["Nr", "Wijziging", "Wat het doet"], rows, 10, y + 6, LEFT_W, h)
    y += h + 10
    _label(layout, "kop_stad", "Woningen stad (netto)", 10, y, LEFT_W, 5, 10, bold=True)
    rows = [[x["naam"], *[report.fmt(x["stad"][f]) for f in STAD_KOPPEN]] for x in (base, s)]
    rows.append(["Verschil", *[verschil_tekst(s["stad"]["verschil"][f]) for f in STAD_KOPPEN]])
    _fill(layout, ["", *STAD_KOPPEN.values()], rows, 10, y + 6, LEFT_W, 22)
    y += 32
    _label(layout, "kop_doelen", "Doelen: huidige plannen → scenario", 10, y, LEFT_W, 5, 10, bold=True)
    rows = []
    for d0, d in zip(base["doelen"], s["doelen"]):
        aandeel = "aandeel" if d["eenheid"] == "aandeel" else ""
        rows.append([doel_label(d), report.fmt(d["streefwaarde"], aandeel), report.fmt(d0["gepland"], aandeel),
                     report.fmt(d["gepland"], aandeel), "" if aandeel else verschil_tekst(d["verschil_gepland"]),
                     report.fmt(d["verwacht"], aandeel), report.fmt(d["dekking"], "dekking"),
                     ("ja" if d["gehaald"] else "nee") + ("" if d["gehaald"] == d0["gehaald"] else " (was " + ("ja" if d0["gehaald"] else "nee") + ")")])
    _fill(layout, ["Doel", "Streef", "Gepland nu", "Gepland scenario", "Δ", "Verwacht scenario", "Dekking", "Gehaald"],
          rows, 10, y + 6, LEFT_W, 280 - (y + 6))

    chart = QgsLayoutItemPicture(layout)
    chart.setId("grafiek")
    svg = chart_dir / f"scenario_{i}.svg"
    svg.write_bytes(charts.per_jaar_svg(sr.result.per_year(), f"Scenario ‘{s['naam']}’: woningbouw per jaar tegen de vraag",
                                        RIGHT_W / 25.4, 3.9, charts.STAD_FROM_YEAR))
    chart.setPicturePath(str(svg), QgsLayoutItemPicture.Format.FormatSVG)
    chart.attemptMove(QgsLayoutPoint(RIGHT_X, 36, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    chart.attemptResize(QgsLayoutSize(RIGHT_W, 100, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    layout.addLayoutItem(chart)
    y = 140.0
    norm = f"{v['norm'] * 100:.0f} %"
    _label(layout, "kop_jaren", f"Per jaar: netto aanbod cumulatief tegen vraag en norm {norm}", RIGHT_X, y, RIGHT_W, 5, 10, bold=True)
    rows = []
    for j0 in base["per_jaar"]:
        if j0["vraag"] is None or (tot_jaar and j0["jaar"] > tot_jaar):
            continue
        j = next((k for k in s["per_jaar"] if k["jaar"] == j0["jaar"]), None)
        rows.append([str(j0["jaar"]), report.fmt(j0["cumulatief_vraag"]), report.fmt(j0["cumulatief_vraag"] * v["norm"]),
                     report.fmt(j0["cumulatief_aanbod"]), report.fmt(j0["planoverschot"], "dekking"),
                     report.fmt(j and j["cumulatief_aanbod"]), report.fmt(j and j["planoverschot"], "dekking")])
    _fill(layout, ["Jaar", "Vraag", f"Norm {norm}", "Aanbod nu", "Overschot nu", "Aanbod scenario", "Overschot scenario"],
          rows, RIGHT_X, y + 6, 130, 5 + 4.2 * len(rows))
    y += 6 + 5 + 4.2 * len(rows) + 6
    rows = [[w["naam"], report.fmt(w0["won_netto_gepland"]), report.fmt(w["won_netto_gepland"]), verschil_tekst(w["verschil"])]
            for w0, w in zip(base["wijken"], s["wijken"]) if w["verschil"]]
    _label(layout, "kop_wijken", "Wijken waar het scenario iets verandert (woningen gepland, netto)", RIGHT_X, y, RIGHT_W, 5, 10, bold=True)
    _fill(layout, ["Wijk", "Nu", "Scenario", "Verschil"], rows or [["geen wijk verandert", "", "", ""]],
          RIGHT_X, y + 6, RIGHT_W, max(10.0, 280 - (y + 6)))
    return layout


__all__ = ["scenario_layout"]
