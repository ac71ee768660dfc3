"""Scenarios for people (DESIGN.md §11): the comparison as a Dutch table, JSON and an Excel workbook; a scenario's
roll-up JSON with what its changes did."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pandas as pd

from ..figures.scenario import ScenarioRollup
from .files import atomic_output
from .tables import figure_label, fmt, json_text

STAD_KOPPEN = {"won_netto_gepland": "Gepland (netto)", "won_netto_hard": "Hard", "won_netto_zacht": "Zacht",
               "won_verwacht": "Verwacht (× realisatiekans)", "won_netto_gerealiseerd": "Gerealiseerd",
               "won_netto_potentieel": "Potentieel"}


def rollup_json(sr: ScenarioRollup) -> Dict[str, Any]:
    """`rollup --scenario NAAM --format json`: the roll-up of §5 and a `scenario` object (naam, omschrijving, its changes
    and what each did; `niet_toegepast`: the ones whose location is gone)."""
    out = sr.result.to_json()
    out["scenario"] = {"naam": sr.scenario.naam, "omschrijving": sr.scenario.omschrijving,
                       "wijzigingen": [{"nummer": t.nummer, "regel": t.wijziging.regel, "tekst": t.wijziging.tekst,
                                        "locaties": t.locaties, "toegepast": not t.vervallen} for t in sr.toepassingen],
                       "niet_toegepast": [t.melding for t in sr.niet_toegepast]}
    return out


def meldingen(sr: ScenarioRollup) -> List[str]:
    """The Dutch lines of the changes that no longer apply (stderr of the command line, the dock's message bar)."""
    return [f"Scenario '{sr.scenario.naam}': {t.melding}." for t in sr.niet_toegepast]


def verschil_tekst(v: Optional[float]) -> str:
    if v is None:
        return "–"
    return "0" if round(v, 1) == 0 else ("+" if v > 0 else "−") + fmt(abs(v))


def doel_label(d: Dict[str, Any]) -> str:
    """'3.4 Woningen netto, stad, 2030': opgave, indicator in words, where and when."""
    waar = "stad" if d["niveau"] == "stad" else (d.get("wijk_naam") or d.get("wijk_code") or "")
    wat = figure_label(d["indicator"])
    wat = wat if d["eenheid"] != "aandeel" else f"aandeel {wat[0].lower()}{wat[1:]}"
    return f"{d['opgave_code']} {wat}, {waar}" + (f", {d['peiljaar']}" if d["peiljaar"] else "")


def _grid(headers: List[str], rows: List[List[str]]) -> str:
    """A plain text table; columns of numbers aligned right."""
    def number(x: str) -> bool:
        return bool(x) and (x[0].isdigit() or x[0] in "+−-–") and not x.startswith("3.") or x.endswith("%")

    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    right = [bool(rows) and all(number(r[i]) or not r[i] for r in rows) for i in range(len(headers))]
    def line(cells: List[str]) -> str:
        return "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip()
    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def variants(v: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [v["huidig"], *v["scenarios"]]


def table_text(v: Dict[str, Any], peiljaar: Optional[int] = None) -> str:
    """`scenarios STORE`: the scenarios and their changes, then the stad, the goals (of `peiljaar`, or all), the years
    against demand and norm, the opgaven and the wijken, each variant side by side with its difference to the plans."""
    vs = variants(v)
    lines = ["Almelo — scenario's naast de doelen", ""]
    if not v["scenarios"]:
        return "\n".join(lines + ["Er zijn nog geen scenario's; maak er een met: scenario STORE NAAM --wijziging …"])
    for s in v["scenarios"]:
        lines.append(f"Scenario '{s['naam']}'" + (f": {s['omschrijving']}" if s.get("omschrijving") else ""))
        for w in s["wijzigingen"]:
            lines.append(f"  {w['nummer']}. {w['tekst']} — {w['kort']}")
        lines.append("")
    lines += ["Woningen stad (netto)", ""]
    rows = [[x["naam"], *[fmt(x["stad"][f]) for f in STAD_KOPPEN], verschil_tekst(x["stad"]["verschil"]["won_netto_gepland"]),
             verschil_tekst(x["stad"]["verschil"]["won_verwacht"])] for x in vs]
    lines += [_grid(["Variant", *STAD_KOPPEN.values(), "Δ gepland", "Δ verwacht"], rows), ""]
    lines += [f"Doelen{f' (peiljaar {peiljaar})' if peiljaar else ''}", ""]
    rows = []
    for i, d0 in enumerate(vs[0]["doelen"]):
        if peiljaar and d0["peiljaar"] != peiljaar:
            continue
        for x in vs:
            d = x["doelen"][i]
            rows.append([doel_label(d) if x is vs[0] else "", x["naam"], fmt(d["streefwaarde"], d["eenheid"] == "aandeel" and "aandeel" or ""),
                         fmt(d["gepland"], "aandeel" if d["eenheid"] == "aandeel" else ""), fmt(d["verwacht"], "aandeel" if d["eenheid"] == "aandeel" else ""),
                         fmt(d["dekking"], "dekking"), "ja" if d["gehaald"] else "nee",
                         "" if x is vs[0] else verschil_tekst(d["verschil_gepland"]), "" if x is vs[0] else verschil_tekst(d["verschil_verwacht"])])
    lines += [_grid(["Doel", "Variant", "Streef", "Gepland", "Verwacht", "Dekking", "Gehaald", "Δ gepland", "Δ verwacht"], rows), ""]
    lines += [_per_jaar(vs, v["norm"], peiljaar), ""]
    codes = sorted({c for x in vs for c in x["opgaven"]})
    namen = v.get("opgave_namen", {})
    rows = [[f"{c} {namen.get(c, '')}".strip(), *[fmt(x["opgaven"].get(c, {}).get("won_netto_gepland", 0)) for x in vs]]
            for c in codes]
    lines += ["Opgaven: woningen gepland (netto) op de locaties met die opgave", "",
              _grid(["Opgave", *[x["naam"] for x in vs]], rows), ""]
    rows = [[w["naam"], *[fmt(x["wijken"][i]["won_netto_gepland"]) + ("" if x is vs[0] else f" ({verschil_tekst(x['wijken'][i]['verschil'])})")
                          for x in vs]] for i, w in enumerate(vs[0]["wijken"])]
    lines += ["Wijken: woningen gepland (netto; tussen haakjes het verschil met de huidige plannen)", "",
              _grid(["Wijk", *[x["naam"] for x in vs]], rows)]
    return "\n".join(lines)


def _per_jaar(vs: List[Dict[str, Any]], norm: float, tot: Optional[int]) -> str:
    norm_pct = f"{norm * 100:.0f} %"
    head = ["Jaar", "Vraag", "Vraag cum.", f"Norm {norm_pct}"]
    for x in vs:
        head += [f"{x['naam']}: aanbod cum.", "overschot"]
    rows = []
    for j in vs[0]["per_jaar"]:
        if j["vraag"] is None or (tot and j["jaar"] > tot):
            continue
        row = [str(j["jaar"]), fmt(j["vraag"]), fmt(j["cumulatief_vraag"]), fmt(j["cumulatief_vraag"] * norm)]
        for x in vs:
            jj = next((k for k in x["per_jaar"] if k["jaar"] == j["jaar"]), None)
            row += [fmt(jj["cumulatief_aanbod"]) if jj else "–",
                    (fmt(jj["planoverschot"], "dekking") + (" ✓" if jj["boven_norm"] else " ✗")) if jj and jj["planoverschot"] is not None else "–"]
        rows.append(row)
    return f"Per jaar: netto aanbod tegen de woningvraag en de norm van {norm_pct} (✓: boven de norm)\n\n" + _grid(head, rows)


def json_report(v: Dict[str, Any]) -> str:
    return json_text(v)


def frames(v: Dict[str, Any]) -> Dict[str, pd.DataFrame]:
    """The workbook's sheets: scenario's (changes), stad, doelen, per jaar, wijken; one row per variant and item."""
    vs = variants(v)
    out: Dict[str, pd.DataFrame] = {}
    out["scenario's"] = pd.DataFrame([{"Scenario": s["naam"], "Omschrijving": s.get("omschrijving"), "Nr": w["nummer"],
                                       "Wijziging": w["tekst"], "Regel": w["regel"], "Locaties": w["locaties"],
                                       "Toegepast": w["kort"]}
                                      for s in v["scenarios"] for w in s["wijzigingen"]],
                                     columns=["Scenario", "Omschrijving", "Nr", "Wijziging", "Regel", "Locaties", "Toegepast"])
    out["stad"] = pd.DataFrame([{"Variant": x["naam"], **{STAD_KOPPEN[f]: x["stad"][f] for f in STAD_KOPPEN},
                                 "Δ gepland": x["stad"]["verschil"]["won_netto_gepland"],
                                 "Δ verwacht": x["stad"]["verschil"]["won_verwacht"]} for x in vs])
    out["doelen"] = pd.DataFrame([{"Doel": doel_label(d), "Omschrijving": d["omschrijving"], "Variant": x["naam"],
                                   "Streefwaarde": d["streefwaarde"], "Gepland": d["gepland"], "Hard": d["hard"],
                                   "Verwacht": d["verwacht"], "Dekking": d["dekking"], "Gehaald": "ja" if d["gehaald"] else "nee",
                                   "Δ gepland": d["verschil_gepland"], "Δ verwacht": d["verschil_verwacht"]}
                                  for i in range(len(vs[0]["doelen"])) for x in vs for d in [x["doelen"][i]]])
    out["per jaar"] = pd.DataFrame([{"Jaar": j["jaar"], "Variant": x["naam"], "Vraag": j["vraag"], "Vraag cumulatief": j["cumulatief_vraag"],
                                     "Norm": j["norm"], "Aanbod cumulatief (netto)": j["cumulatief_aanbod"],
                                     "Planoverschot": j["planoverschot"], "Verwacht": j["verwacht"]}
                                    for x in vs for j in x["per_jaar"]])
    out["wijken"] = pd.DataFrame([{"Wijk": w["naam"], "Wijkcode": w["wijk_code"], "Variant": x["naam"],
                                   "Gepland (netto)": w["won_netto_gepland"], "Verwacht": w["won_verwacht"], "Δ gepland": w["verschil"]}
                                  for x in vs for w in x["wijken"]])
    return out


def write_xlsx(v: Dict[str, Any], path: str) -> None:
    """The comparison as a workbook (whole or not at all), a sheet per part, frozen header row."""
    with atomic_output(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xw:
        for sheet, df in frames(v).items():
            df.to_excel(xw, sheet_name=sheet, index=False)
            ws = xw.sheets[sheet]
            ws.freeze_panes = "A2"
            for col in ws.columns:
                ws.column_dimensions[col[0].column_letter].width = min(max(len(str(col[0].value)) + 2, 10), 45)
            for cell in (c for row in ws.iter_rows(min_row=2) for c in row):
                if ws.cell(1, cell.column).value in ("Dekking", "Planoverschot", "Norm") and isinstance(cell.value, float):
                    cell.number_format = "0%"


__all__ = ["rollup_json", "meldingen", "table_text", "json_report", "frames", "write_xlsx"]
