"""Charts made once (matplotlib → SVG) for the dock and the print layouts; Dutch labels, readable in print."""

from __future__ import annotations

import io
from typing import Optional, Sequence

from ..figures.result import PerJaar

# the first year on the charts: the stad with the last year before the agenda, a wijk from the agenda's start (2021–2035)
STAD_FROM_YEAR, WIJK_FROM_YEAR = 2020, 2021


def per_jaar_svg(per_jaar: Sequence[PerJaar], titel: str = "Woningbouw per jaar tegen de vraag",
                 width_in: float = 6.0, height_in: float = 3.4, from_year: Optional[int] = None) -> bytes:
    """Bars of dwellings per oplever_jaar (gerealiseerd, hard, zacht) against demand; cumulative lines and the norm."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    rows = [r for r in per_jaar if from_year is None or r.jaar >= from_year]
    years = [r.jaar for r in rows]
    ger = [r.gerealiseerd or 0 for r in rows]
    hard = [r.hard or 0 for r in rows]
    zacht = [r.zacht or 0 for r in rows]
    vraag = [r.vraag if r.vraag is not None else float("nan") for r in rows]
    fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=100)
    try:
        ax.bar(years, ger, color="#7f8c8d", label="gerealiseerd")
        ax.bar(years, hard, bottom=ger, color="#1f618d", label="hard")
        ax.bar(years, zacht, bottom=[a + b for a, b in zip(ger, hard)], color="#85c1e9", label="zacht")
        has_demand = any(v == v for v in vraag)  # NaN where no demand is known (a wijk)
        if has_demand:
            ax.plot(years, vraag, color="#c0392b", marker="o", lw=1.6, ms=3, label="woningvraag")
        ax.set_ylabel("woningen per jaar")
        ax.set_title(titel, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
        ax2 = ax.twinx()
        cum_a = [r.cumulatief_aanbod for r in rows]
        cum_v = [r.cumulatief_vraag for r in rows]
        ax2.plot(years, cum_a, color="#1b2631", lw=1.4, ls="-", label="cumulatief aanbod")
        if has_demand:  # then there are rows, each with the norm
            norm = rows[0].norm
            ax2.plot(years, cum_v, color="#c0392b", lw=1.2, ls="--", label="cumulatieve vraag")
            ax2.plot(years, [v * norm for v in cum_v], color="#c0392b", lw=0.9, ls=":", label=f"norm {norm * 100:.0f} % van de vraag")
        ax2.set_ylabel("cumulatief")
        h1, l1 = ax.get_legend_handles_labels()
        h2, l2 = ax2.get_legend_handles_labels()
        ax.legend(h1 + h2, l1 + l2, fontsize=7, loc="upper left", ncol=2, frameon=False)
        if years:
            ax.set_xticks(years)
            ax.set_xticklabels([str(y) for y in years], rotation=90, fontsize=7)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="svg")
        return buf.getvalue()
    finally:
        plt.close(fig)
