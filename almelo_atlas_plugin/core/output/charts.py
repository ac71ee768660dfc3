"""Charts made once (matplotlib → SVG) for the dock and the print layouts; Dutch labels, readable at dock width and
in print. Text is drawn as outlines (Qt's SVG renderer would size SVG text by the device's dpi), so it scales with the
chart and its labels never run into each other."""

from __future__ import annotations

import io
import itertools
import math
import textwrap
from typing import Any, List, Optional, Sequence

from qgis.PyQt.QtCore import QCoreApplication

from ..figures.result import PerJaar
from .termen import getal, woorden

# the first year on the charts: the stad with the last year before the agenda, a wijk from the agenda's start (2021–2035)
STAD_FROM_YEAR, WIJK_FROM_YEAR = 2020, 2021
# the dock shows the chart ~380 px wide: a 3.8 in figure, so that a point of the figure is ~1.4 px there
DOCK_WIDTH_IN = 3.8
FONT_PT, TITLE_PT = 9.0, 10.0  # the smallest text (ticks, legend) and the title
PANEL_IN = 1.55  # the height of one plot
LEGEND_ROW_IN = 0.22
# fixed parts of the figure's height: title, x labels and margins
FRAME_IN = 0.75
COLOURS = {"gerealiseerd": "#7f8c8d", "hard": "#1f618d", "zacht": "#85c1e9", "vraag": "#c0392b", "aanbod": "#1b2631",
           "sloop": "#b9770e", "netto": "#1b2631", "verwacht": "#7d3c98"}
YEAR_STEPS = (1, 2, 5, 10)
CHAR_EM = 0.6  # a digit's width as a share of the font size


def _year_step(n_years: int, width_in: float) -> int:
    """Label every year, or every 2nd, 5th or 10th, so that the year labels never touch."""
    room = width_in * 72 * 0.8 / (4 * CHAR_EM * FONT_PT + 0.8 * FONT_PT)  # labels that fit on the x-axis
    return next((s for s in YEAR_STEPS if math.ceil(n_years / s) <= room), YEAR_STEPS[-1])


def _legend_cols(labels: Sequence[str], width_in: float) -> int:
    """All entries in one row when they fit the width, else two columns."""
    widths = [len(s) * CHAR_EM * FONT_PT + 2.8 * FONT_PT for s in labels]  # text, handle and gap, in points
    if sum(widths) <= width_in * 72 * 0.92:
        return len(labels)
    return 2 if 2 * max(widths) <= width_in * 72 * 0.92 else 1


def _legend_rows(labels: Sequence[str], width_in: float) -> int:
    return math.ceil(len(labels) / _legend_cols(labels, width_in))


def _legend_above(ax: Any, handles: List[Any], labels: List[str], width_in: float, gid: str) -> None:
    """The legend above its own plot, outside the data."""
    legend = ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0.0, 1.01), ncol=_legend_cols(labels, width_in),
              fontsize=FONT_PT, frameon=False, borderaxespad=0.1, handlelength=1.4, columnspacing=1.0, handletextpad=0.5)
    legend.set_gid(gid)


def _axis(ax: Any, ylabel: str, top: float, low: float = 0.0) -> None:
    """A labelled y-axis from `low` (≤ 0: sloop below the axis) to a little above `top`."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_ylabel(ylabel, fontsize=FONT_PT)
    span = max(top, 0.0) - min(low, 0.0)
    room = span * 0.08 if span > 0 else 1
    ax.set_ylim(min(low, 0.0) - (room if low < 0 else 0), max(top, 0.0) + room)  # room beyond the bars: nothing is clipped
    if low < 0:
        ax.axhline(0, color="#4d5656", lw=0.8)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: getal(v)))
    ax.tick_params(labelsize=FONT_PT)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)




def _grafiek_tr(text: str) -> str:
    return QCoreApplication.translate("Grafiek", text)


def _dutch(text: str) -> str:
    return text


def _two_lines(text: str) -> str:
    """An axis label on two lines, split at the space nearest its middle: 'woningen\nper jaar'."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "\n" + text[cut + 1:]


def per_jaar_svg(per_jaar: Sequence[PerJaar], titel: str = "Woningbouw per jaar tegen de vraag",
                 width_in: float = DOCK_WIDTH_IN, height_in: Optional[float] = None, from_year: Optional[int] = None,
                 vertaald: bool = False) -> bytes:
    """Bars of dwellings per year: bouw stacked by gerealiseerd, hard and zacht, sloop below zero; the netto line
    (where there is sloop) and the verwacht line (netto weighted by realisatiekans) against the demand. Where the demand
    is known, a second plot below with the cumulative supply, verwacht, demand and the norm. Each plot has its own
    labelled y-axis and its legend above it. `height_in`: by default what the plots and legends need at this width.
    `vertaald`: the labels in the user's language (the dock); the printed agenda stays Dutch."""
    tr = _grafiek_tr if vertaald else _dutch
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    rows = [r for r in per_jaar if from_year is None or r.jaar >= from_year]
    years = [r.jaar for r in rows]
    stack = {c: [float(getattr(r, c) or 0) for r in rows] for c in ("gerealiseerd", "hard", "zacht")}
    sloop = [float(r.sloop or 0) for r in rows]
    verwacht = [float(r.verwacht or 0) for r in rows]
    has_sloop, has_verwacht = any(sloop), any(verwacht)
    has_demand = any(r.vraag is not None for r in rows)
    norm = rows[0].norm if rows else 0.0
    woord = woorden(vertaald)
    labels_cum = [tr("netto aanbod (cumulatief)")] + ([tr("verwacht (cumulatief)")] if has_verwacht else []) + [
        tr("vraag (cumulatief)"), tr("norm: {pct} % van de vraag").format(pct=f"{norm * 100:.0f}")]
    labels_jaar = ([woord[c] for c in stack] + ([woord["sloop"], woord["netto"]] if has_sloop else [])
                   + ([woord["verwacht"]] if has_verwacht else []) + ([tr("woningvraag")] if has_demand else []))
    legend_in = LEGEND_ROW_IN * (_legend_rows(labels_jaar, width_in) + (_legend_rows(labels_cum, width_in) if has_demand else 0))
    title = textwrap.fill(titel, max(20, int(width_in * 72 / (CHAR_EM * TITLE_PT))), break_on_hyphens=False)
    title_in = (title.count("\n") + 1) * TITLE_PT * 1.3 / 72
    panels = 2 if has_demand else 1
    if height_in is None:
        height_in = FRAME_IN + title_in + legend_in + panels * PANEL_IN
    fig, axes = plt.subplots(panels, 1, figsize=(width_in, height_in), dpi=100, sharex=True, squeeze=False,
                             layout="constrained")
    try:
        fig.suptitle(title, fontsize=TITLE_PT)
        ax = axes[0][0]
        ax.patch.set_gid("plotvlak_jaar")
        if not rows:
            ax.text(0.5, 0.5, tr("Nog geen woningbouw per jaar"), ha="center", va="center", fontsize=FONT_PT, transform=ax.transAxes)
            ax.set_axis_off()
        else:
            bottom = [0.0] * len(rows)
            for cat, values in stack.items():
                for rect, jaar in zip(ax.bar(years, values, bottom=bottom, color=COLOURS[cat], width=0.75), years):
                    rect.set_gid(f"balk_{cat}_{jaar}")
                bottom = [a + b for a, b in zip(bottom, values)]
            handles: List[Any] = [Patch(color=COLOURS[c]) for c in stack]
            line = {"netto": dict(color=COLOURS["netto"], marker="s", lw=1.4, ms=2.5),
                    "verwacht": dict(color=COLOURS["verwacht"], ls="--", marker="^", lw=1.4, ms=3)}
            if has_sloop:  # below zero; the netto line is the bars' top less the sloop
                for rect, jaar in zip(ax.bar(years, [-v for v in sloop], color=COLOURS["sloop"], width=0.75), years):
                    rect.set_gid(f"sloop_{jaar}")
                (netto,) = ax.plot(years, [float(r.netto) for r in rows], **line["netto"])
                netto.set_gid("lijn_netto")
                handles += [Patch(color=COLOURS["sloop"]), Line2D([], [], **line["netto"])]
            if has_verwacht:
                (outlook,) = ax.plot(years, verwacht, **line["verwacht"])
                outlook.set_gid("lijn_verwacht")
                handles.append(Line2D([], [], **line["verwacht"]))
            vraag = [r.vraag for r in rows]
            if has_demand:
                ax.plot(years, [math.nan if v is None else v for v in vraag], color=COLOURS["vraag"], marker="o", lw=1.6, ms=3)
                handles.append(Line2D([], [], color=COLOURS["vraag"], marker="o", lw=1.6, ms=3))
            _axis(ax, _two_lines(tr("woningen per jaar")), max(bottom + verwacht + [float(v) for v in vraag if v is not None]),
                  -max(sloop))
            if not any(bottom) and not has_sloop:  # a wijk without projects in these years: say so, not an empty grid
                ax.text(0.5, 0.5, textwrap.fill(tr("Geen projecten met een opleverjaar in deze jaren"), 26), ha="center", va="center",
                        fontsize=FONT_PT, color="#4d5656", transform=ax.transAxes)
            _legend_above(ax, handles, labels_jaar, width_in, "legenda_jaar")
            if has_demand:
                cum = axes[1][0]
                cum.patch.set_gid("plotvlak_cumulatief")
                aanbod = [r.cumulatief_aanbod for r in rows]
                gevraagd = [r.cumulatief_vraag for r in rows]
                lines = [(aanbod, COLOURS["aanbod"], "-", 1.8)]
                if has_verwacht:
                    lines.append((list(itertools.accumulate(verwacht)), COLOURS["verwacht"], "--", 1.6))
                lines += [(gevraagd, COLOURS["vraag"], "--", 1.4), ([v * norm for v in gevraagd], COLOURS["vraag"], ":", 1.4)]
                for values, colour, style, lw in lines:
                    cum.plot(years, values, color=colour, ls=style, lw=lw)
                _axis(cum, _two_lines(tr("woningen cumulatief")), max(max(v) for v, *_ in lines))
                _legend_above(cum, [Line2D([], [], color=c, ls=s, lw=w) for _, c, s, w in lines], labels_cum, width_in, "legenda_cumulatief")
            step = _year_step(len(years), width_in)
            for each in axes[:, 0]:  # every plot shows its years
                each.set_xticks([y for y in years if y % step == 0])
                each.set_xticks(years, minor=True)
                each.set_xlim(years[0] - 0.6, years[-1] + 0.6)
                each.tick_params(axis="x", labelsize=FONT_PT, labelbottom=True)
                each.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}"))
        buf = io.BytesIO()
        with matplotlib.rc_context({"svg.fonttype": "path"}):  # text as outlines: the same size in every renderer
            fig.savefig(buf, format="svg")
        return buf.getvalue()
    finally:
        plt.close(fig)
