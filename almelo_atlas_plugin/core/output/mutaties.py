"""The change report for people: a Dutch table, JSON, and a workbook (one row per location and change)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

import pandas as pd

from ..figures.mutaties import BUCKET_LABELS, BUCKETS, KLEUREN, PRECEDENCE, Afstemming, Mutaties
from ..figures.result import FIGURES
from ..model.tijd import peildatum_label
from .files import atomic_output, write_text
from .tables import _grid, figure_label, fmt, json_text

# the figures the table and the agenda show (all of them: JSON and Excel)
KERNCIJFERS = ("won_gepland", "won_hard", "won_zacht", "won_gerealiseerd", "won_potentieel", "won_netto_gepland", "won_verwacht")
KOLOMMEN = ("begin", *PRECEDENCE, "eind")
KOP = {"begin": "Begin", "eind": "Eind", "nieuw": "Nieuw", "vervallen": "Vervallen", "verplaatst": "Verplaatst",
       "gerealiseerd": "Gerealiseerd", "status": "Status", "gewijzigd": "Gewijzigd"}
LAAG = {"projecten": "Project", "potloodplannen": "Potloodplan"}


def signed(v: Any, col: str = "") -> str:
    """A change with its sign ('+12', '-5', '0'; a plain minus: tables align it as a number); whole dwellings for verwacht."""
    if v is None:
        return "–"
    if col == "won_verwacht":
        v = round(v)
    text = fmt(abs(v), col)
    return text if v == 0 else ("+" if v > 0 else "-") + text


def periode(report: Mutaties) -> str:
    return f"{peildatum_label(report.van)} tot {peildatum_label(report.tot)}"


def wijk_label(code: Any, report: Optional[Mutaties] = None) -> str:
    """A wijk by its name (its code when unknown); None: buiten wijken."""
    if code is None:
        return "buiten wijken"
    return next((n for c, n, _ in report.wijken if c == code), str(code)) if report is not None else str(code)


def afstemming_rows(a: Afstemming, figures: Sequence[str] = KERNCIJFERS) -> List[List[str]]:
    return [[figure_label(f), *(fmt(a.get(f, k), f) if k in ("begin", "eind") else signed(a.get(f, k), f) for k in KOLOMMEN)]
            for f in figures]


def scope_rows(report: Mutaties, figure: str = "won_gepland") -> List[List[str]]:
    """One row per wijk (then buiten wijken and the stad) for one figure: begin, the buckets, eind."""
    def row(code: str, naam: str, a: Afstemming) -> List[str]:
        return [code, naam, *(fmt(a.get(figure, k), figure) if k in ("begin", "eind") else signed(a.get(figure, k), figure)
                              for k in KOLOMMEN)]
    rows = [row(c, n, a) for c, n, a in report.wijken]
    return rows + [row("", "buiten wijken", report.buiten_wijken), row("", "Almelo (stad)", report.stad)]


def table_text(report: Mutaties) -> str:
    lines = [f"Mutaties woningbouwprogramma Almelo, {periode(report)} (einde van de dag, Nederlandse tijd)", "",
             "Stad", _grid(["Cijfer", *(KOP[k] for k in KOLOMMEN)], afstemming_rows(report.stad)), "",
             "Per wijk: woningen gepland (hard + zacht)",
             _grid(["Wijk", "Naam", *(KOP[k] for k in KOLOMMEN)], scope_rows(report)), ""]
    if report.opgaven:
        rows = [[c, *(fmt(a.get("won_gepland", k)) if k in ("begin", "eind") else signed(a.get("won_gepland", k))
                      for k in KOLOMMEN)] for c, a in report.opgaven.items()]
        lines += ["Per opgave: woningen gepland (hard + zacht)", _grid(["Opgave", *(KOP[k] for k in KOLOMMEN)], rows), ""]
    lines.append("Locaties per soort mutatie (een locatie die op meer manieren veranderde telt bij de eerste soort in deze"
                 " volgorde: " + ", ".join(KOP[b].lower() for b in PRECEDENCE) + ")")
    for b in PRECEDENCE:
        mine = report.in_bucket(b)
        lines += ["", f"{BUCKET_LABELS[b]} ({len(mine)})"]
        if mine:
            rows = [[LAAG.get(w.laag, w.laag), str(w.fid), w.naam or "", wijk_label(w.wijk_tot if w.bucket != "vervallen" else w.wijk_van, report),
                     *(signed(w.value(f), f) for f in ("won_gepland", "won_gerealiseerd", "won_potentieel")), w.toelichting]
                    for w in mine]
            lines.append(_grid(["Laag", "Fid", "Naam", "Wijk", "Δ gepland", "Δ gerealiseerd", "Δ potentieel", "Wat"], rows))
    return "\n".join(lines)


def json_report(report: Mutaties) -> str:
    return json_text(report.to_json())


def frames(report: Mutaties) -> Dict[str, pd.DataFrame]:
    """Sheets: stad (every figure), wijken and opgaven (every figure per scope), locaties (one row per location and change)."""
    def scope(a: Afstemming, **keys: Any) -> List[Dict[str, Any]]:
        return [{**keys, "Cijfer": figure_label(f), "Code": f, **{KOP[k]: a.get(f, k) for k in KOLOMMEN}} for f in FIGURES]
    wijken = [r for c, n, a in report.wijken for r in scope(a, Wijk=c, Naam=n)] + scope(report.buiten_wijken, Wijk="", Naam="buiten wijken")
    opgaven = [r for c, a in report.opgaven.items() for r in scope(a, Opgave=c)]
    locaties = [{"Mutatie": BUCKET_LABELS[w.bucket], "Laag": LAAG.get(w.laag, w.laag), "Fid": w.fid, "Naam": w.naam,
                 "Wijk begin": wijk_label(w.wijk_van, report) if w.bucket != "nieuw" else "",
                 "Wijk eind": wijk_label(w.wijk_tot, report) if w.bucket != "vervallen" else "",
                 "Opgaven begin": ", ".join(w.opgaven_van), "Opgaven eind": ", ".join(w.opgaven_tot),
                 "Ook veranderd": ", ".join(BUCKET_LABELS[k].lower() for k in w.soorten[1:]), "Wat": w.toelichting,
                 **{"Δ " + figure_label(f): w.value(f) for f in FIGURES}} for b in PRECEDENCE for w in report.in_bucket(b)]
    return {"stad": pd.DataFrame(scope(report.stad)), "wijken": pd.DataFrame(wijken), "opgaven": pd.DataFrame(opgaven),
            "locaties": pd.DataFrame(locaties, columns=None if locaties else ["Mutatie", "Laag", "Fid", "Naam"])}


def write_xlsx(report: Mutaties, path: str) -> None:
    from openpyxl.utils import get_column_letter

    with atomic_output(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xw:
        pd.DataFrame({"Mutatierapportage": [f"Woningbouwprogramma Almelo, {periode(report)}",
                                            "Einde van de dag, Nederlandse tijd. Begin + nieuw + vervallen + verplaatst +"
                                            " gerealiseerd + status + gewijzigd = eind.",
                                            "Een locatie die op meer manieren veranderde telt bij de eerste soort in de volgorde: "
                                            + ", ".join(BUCKET_LABELS[b].lower() for b in PRECEDENCE) + "."]}
                     ).to_excel(xw, sheet_name="toelichting", index=False)
        for sheet, df in frames(report).items():
            df.to_excel(xw, sheet_name=sheet, index=False)
            ws = xw.sheets[sheet]
            ws.freeze_panes = "A2"
            for i, col in enumerate(df.columns, start=1):
                ws.column_dimensions[get_column_letter(i)].width = min(max(len(str(col)) + 2, 10), 40)
        xw.sheets["toelichting"].column_dimensions["A"].width = 120


def write(report: Mutaties, path: str, fmt_: str) -> None:
    if fmt_ == "xlsx":
        write_xlsx(report, path)
    else:
        write_text(path, json_report(report) + "\n")


__all__ = ["BUCKETS", "KERNCIJFERS", "frames", "json_report", "periode", "scope_rows", "signed", "table_text", "write",
           "write_xlsx"]


def brug_svg(report: Mutaties, figure: str = "won_gepland", width_in: float = 7.6, height_in: float = 3.4) -> bytes:
    """A bridge (waterfall) from begin to eind for one stad figure: a bar per bucket, in the colours of the mutatiekaart."""
    import io
    import itertools

    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    a = report.stad
    steps = [(KOP[b], a.get(figure, b) or 0, KLEUREN[b]) for b in PRECEDENCE]
    begin, eind = a.get(figure, "begin") or 0, a.get(figure, "eind") or 0
    levels = [begin, eind] + list(itertools.accumulate([begin] + [v for _, v, _ in steps]))
    swing = max([abs(v) for _, v, _ in steps] + [1])
    low = max(0.0, min(levels) - 3 * swing)  # the changes visible: the axis starts near the lowest level (said in the title)
    fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=100, layout="constrained")
    try:
        level = begin
        ax.bar(0, begin - low, bottom=low, color="#aab7b8")  # bars from the axis' start: no clipping needed (Qt's SVG)
        ax.text(0, begin, fmt(begin), ha="center", va="bottom", fontsize=9)
        for i, (_, v, colour) in enumerate(steps, start=1):
            ax.bar(i, v, bottom=level, color=colour)
            ax.text(i, max(level, level + v), signed(v), ha="center", va="bottom", fontsize=9)
            level += v
        ax.bar(len(steps) + 1, eind - low, bottom=low, color="#1b2631")
        ax.text(len(steps) + 1, eind, fmt(eind), ha="center", va="bottom", fontsize=9)
        ax.set_xticks(range(len(steps) + 2), ["Begin", *(s[0] for s in steps), "Eind"], fontsize=9)
        ax.tick_params(axis="y", labelsize=9)
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: fmt(int(v))))
        ax.set_ylim(bottom=low, top=max(levels) + 1.5 * swing)
        titel = f"{figure_label(figure)}: van {peildatum_label(report.van)} naar {peildatum_label(report.tot)}"
        ax.set_title(titel + (f"\n(de as begint bij {fmt(int(low))})" if low > 0 else ""), fontsize=10)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        buf = io.BytesIO()
        with matplotlib.rc_context({"svg.fonttype": "path"}):
            fig.savefig(buf, format="svg")
        return buf.getvalue()
    finally:
        plt.close(fig)


def append_xlsx(report: Mutaties, path: str) -> None:
    """The change report's sheets (mutaties_stad, mutaties_wijken, mutaties_opgaven, mutaties_locaties) added to an
    existing workbook (the agenda's figures), written to a temporary file and put in place whole."""
    import shutil

    with atomic_output(path) as tmp:
        shutil.copyfile(path, tmp)
        with pd.ExcelWriter(tmp, engine="openpyxl", mode="a", if_sheet_exists="replace") as xw:
            for sheet, df in frames(report).items():
                df.to_excel(xw, sheet_name=f"mutaties_{sheet}", index=False)
                xw.sheets[f"mutaties_{sheet}"].freeze_panes = "A2"
