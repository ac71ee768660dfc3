"""The chart per year (#14): legible at dock width, labelled y-axes, the legend outside the data, bars never clipped,
years that do not touch; checked on the SVG itself, and rendered at dock width to look at (out/charts)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Dict, List, Tuple

import pytest

from almelo_atlas_plugin.core.figures.result import PerJaar
from almelo_atlas_plugin.core.output import charts
from tests.conftest import ROOT

SHOTS = ROOT / "out" / "charts"
SAMPLE = json.loads((ROOT / "tests" / "fixtures" / "rollup_sample.json").read_text(encoding="utf-8"))
STAD = [PerJaar(**r) for r in SAMPLE["per_jaar"]]
WIJK = [replace(r, vraag=None) for r in STAD]  # a wijk has no demand of its own
DOCK_PX = 380
MIN_PX = 12  # 9 pt on a 96 dpi screen
SVG = "{http://www.w3.org/2000/svg}"
NUM = re.compile(r"-?\d+(?:\.\d+)?")


def parse(svg: bytes) -> ET.Element:
    return ET.fromstring(svg, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))


def width_pt(root: ET.Element) -> float:
    return float(root.get("width").removesuffix("pt"))


def by_id(root: ET.Element, prefix: str) -> Dict[str, ET.Element]:
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith(prefix)}


def _drawn(el: ET.Element):
    """The element and what it draws, without the glyph definitions (<defs>, in font units)."""
    yield el
    for child in el:
        if child.tag != f"{SVG}defs":
            yield from _drawn(child)


def ys(group: ET.Element) -> List[float]:
    """The y of every point of the group's paths and texts (SVG y runs down)."""
    out = []
    for el in _drawn(group):
        if el.tag == f"{SVG}path" and el.get("d"):
            nums = [float(n) for n in NUM.findall(el.get("d"))]
            out += nums[1::2]
        m = re.match(r"translate\(([-\d.]+) ([-\d.]+)\)", el.get("transform") or "")
        if m:
            out.append(float(m.group(2)))
    return out


TEXT_AT = re.compile(r"translate\(([-\d.]+) [-\d.]+\)(?: rotate\([-\d.]+\))? scale\(([\d.]+) -[\d.]+\)")


def texts(root: ET.Element) -> List[Tuple[str, float, float]]:
    """(line, font size in pt, x) of every line of text: matplotlib names each line in a comment and draws its
    outlines scaled by size / 100."""
    out = []
    for g in by_id(root, "text_").values():
        lines = [c.text.strip() for c in g if c.tag is ET.Comment]
        drawn = [TEXT_AT.match(c.get("transform") or "") for c in g if c.tag == f"{SVG}g"]
        for label, m in zip(lines, [m for m in drawn if m]):
            out.append((label, float(m.group(2)) * 100, float(m.group(1))))
    return out


@pytest.mark.parametrize("rows, name", [(STAD, "stad"), (WIJK, "wijk")])
def test_every_text_is_at_least_9_pt_at_dock_width(rows, name):
    root = parse(charts.per_jaar_svg(rows, "Woningen per opleverjaar — Nieuwstraat-Kwartier", from_year=charts.STAD_FROM_YEAR))
    px_per_pt = DOCK_PX / width_pt(root)
    found = texts(root)
    assert {"woningen", "per jaar", "gerealiseerd", "hard", "zacht", "2025"} <= {t for t, _, _ in found}
    for label, size, _ in found:
        assert size * px_per_pt >= MIN_PX, (label, size)


def test_years_do_not_touch_at_dock_or_print_width():
    for width in (charts.DOCK_WIDTH_IN, 7.6):
        root = parse(charts.per_jaar_svg(WIJK, width_in=width, from_year=charts.WIJK_FROM_YEAR))
        years = sorted({(x, size) for label, size, x in texts(root) if re.fullmatch(r"\d{4}", label)})
        assert len(years) >= 3
        for (x0, size), (x1, _) in zip(years, years[1:]):
            assert x1 - x0 >= 4 * 0.64 * size + 0.5 * size, (width, x0, x1)  # four digits and a gap


@pytest.mark.parametrize("rows", [STAD, WIJK, [replace(r, hard=5000) if r.jaar == 2027 else r for r in STAD]],
                         ids=["stad", "wijk", "one_very_high_year"])
def test_no_bar_runs_out_of_its_plot_and_the_legend_is_outside_the_data(rows):
    root = parse(charts.per_jaar_svg(rows, from_year=charts.STAD_FROM_YEAR))
    plot = ys(by_id(root, "plotvlak_jaar")["plotvlak_jaar"])
    top, bottom = min(plot), max(plot)
    bars = by_id(root, "balk_")
    assert len(bars) == 3 * len([r for r in rows if r.jaar >= charts.STAD_FROM_YEAR])
    for gid, g in bars.items():
        assert top <= min(ys(g)) and max(ys(g)) <= bottom + 0.01, gid
    legend = ys(by_id(root, "legenda_jaar")["legenda_jaar"])
    assert max(legend) < top  # above the plot, not over the bars
    if rows is not WIJK:
        cum = ys(by_id(root, "plotvlak_cumulatief")["plotvlak_cumulatief"])
        assert max(ys(by_id(root, "legenda_cumulatief")["legenda_cumulatief"])) < min(cum)
        assert bottom < min(cum)  # the cumulative plot is below the plot per year, apart


def test_both_y_axes_are_labelled_and_the_demand_only_where_known():
    stad = {t for t, _, _ in texts(parse(charts.per_jaar_svg(STAD)))}
    assert {"woningen", "per jaar", "cumulatief", "woningvraag", "norm: 130 % van de vraag"} <= stad
    wijk = {t for t, _, _ in texts(parse(charts.per_jaar_svg(WIJK)))}
    assert "woningvraag" not in wijk and "cumulatief" not in wijk and "per jaar" in wijk
    assert "Nog geen woningbouw per jaar" in {t for t, _, _ in texts(parse(charts.per_jaar_svg([])))}
    leeg = [replace(r, gerealiseerd=0, hard=0, zacht=0, bouw=0, sloop=0, netto=0, verwacht=0) for r in WIJK]  # nothing built or demolished
    assert "opleverjaar in deze jaren" in {t for t, _, _ in texts(parse(charts.per_jaar_svg(leeg)))}
    assert "opleverjaar in deze jaren" not in wijk


@pytest.mark.gui
def test_the_chart_renders_at_dock_width(qgis_app):
    for name, rows, width in (("dock_stad", STAD, charts.DOCK_WIDTH_IN), ("dock_wijk", WIJK, charts.DOCK_WIDTH_IN),
                              ("agenda_stad", STAD, 7.6)):
        render(name, rows, width)


def render(name: str, rows: List[PerJaar], width: float, height=None) -> None:
    """The chart as the dock or the agenda draws it, to out/charts/NAME.png."""
    from qgis.PyQt.QtCore import QByteArray
    from qgis.PyQt.QtGui import QColor, QImage, QPainter
    from qgis.PyQt.QtSvg import QSvgRenderer

    SHOTS.mkdir(parents=True, exist_ok=True)
    renderer = QSvgRenderer(QByteArray(charts.per_jaar_svg(rows, width_in=width, height_in=height, from_year=charts.STAD_FROM_YEAR)))
    assert renderer.isValid()
    px = round(width * 100)
    size = renderer.defaultSize()
    image = QImage(px, round(px * size.height() / size.width()), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    assert image.save(str(SHOTS / f"{name}.png"))


def phased(rows: List[PerJaar]) -> List[PerJaar]:
    """The sample's years with sloop (in the herstructurering years), netto and a verwacht outlook, as the figures lane
    gives them."""
    out = []
    for r in rows:
        bouw = r.gerealiseerd + r.hard + r.zacht
        sloop = 60 if r.jaar in (2024, 2025, 2027) else 0
        out.append(replace(r, bouw=bouw, sloop=sloop, netto=bouw - sloop, verwacht=r.gerealiseerd + 0.9 * r.hard + 0.5 * r.zacht - sloop))
    return out


@pytest.mark.parametrize("rows", [phased(STAD), phased(WIJK)], ids=["stad", "wijk"])
def test_sloop_below_zero_and_the_netto_and_verwacht_lines(rows):
    root = parse(charts.per_jaar_svg(rows, from_year=charts.STAD_FROM_YEAR))
    found = {t for t, _, _ in texts(root)}
    assert {"sloop", "netto", "verwacht"} <= found, found
    legend = ys(by_id(root, "legenda_jaar")["legenda_jaar"])
    assert max(legend) - min(legend) < 4 * 0.3 * 72  # seven entries in at most four rows (two columns) at dock width
    plot = ys(by_id(root, "plotvlak_jaar")["plotvlak_jaar"])
    zero_y = max(ys(by_id(root, "balk_gerealiseerd_2024")["balk_gerealiseerd_2024"]))  # the bars stand on zero
    sloop = by_id(root, "sloop_")
    assert len(sloop) == len([r for r in rows if r.jaar >= charts.STAD_FROM_YEAR])
    for gid, g in sloop.items():
        assert min(ys(g)) >= zero_y - 0.01 and max(ys(g)) <= max(plot) + 0.01, gid  # below zero, inside the plot
    assert max(ys(sloop["sloop_2025"])) > zero_y + 1  # 60 demolished: a bar downwards
    assert by_id(root, "lijn_netto") and by_id(root, "lijn_verwacht")
    if rows[0].vraag is not None or any(r.vraag for r in rows):
        assert {"verwacht (cumulatief)", "norm: 130 % van de vraag"} <= found


def test_without_sloop_or_outlook_the_chart_stays_as_it_was():
    without = [replace(r, sloop=0, netto=r.bouw, verwacht=0) for r in STAD]  # the sample has sloop since schema 5
    assert any(r.sloop for r in STAD) and not any(r.sloop or r.verwacht for r in without)
    root = parse(charts.per_jaar_svg(without, from_year=charts.STAD_FROM_YEAR))
    found = {t for t, _, _ in texts(root)}
    assert not by_id(root, "sloop_") and not by_id(root, "lijn_") and "sloop" not in found
    sample = parse(charts.per_jaar_svg(STAD, from_year=charts.STAD_FROM_YEAR))  # the sample itself: its sloop and lines shown
    assert by_id(sample, "sloop_") and by_id(sample, "lijn_netto") and by_id(sample, "lijn_verwacht")


@pytest.mark.gui
def test_the_phased_chart_renders_at_dock_and_agenda_width(qgis_app):
    for name, rows, width, height in (("fasen_dock", phased(STAD), charts.DOCK_WIDTH_IN, None),
                                      ("fasen_agenda", phased(STAD), 7.6, 3.6), ("fasen_wijk", phased(WIJK), 7.6, 2.8)):
        render(name, rows, width, height)
