"""Roll-up results as tables for people: Dutch headers, table text, CSV and Excel."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

if TYPE_CHECKING:  # pandas only where a table is written (Excel, CSV): the roll-up's text and JSON start without it
    import pandas as pd

from ..figures.result import (
    BOUWJAARKLASSEN,
    LABELGROEPEN,
    ONBEKEND,
    SPLIT,
    WONINGTYPE_FIGURES,
    Figures,
    PerJaar,
    Profiel,
    Rollup,
    Selection,
    figure_base,
)
from ..model.schema import BLOCK_SUM_LABELS, DOMAINS, LOCATION_LAYERS, PROGRAMME_FIELDS, PROGRAMME_LABELS, SEGMENT_OF_FIELD
from ..model.schema import table as schema_table
from ..model.tijd import peildatum_label
from ..store.base import Store, StoreError
from . import termen
from .files import atomic_output, write_with

CATEGORY_LABELS = {"hard": "hard", "zacht": "zacht", "gepland": "gepland (hard + zacht)",
                   "gerealiseerd": "gerealiseerd", "potentieel": "potentieel (potloodplannen)"}
LEEFBAAROMETER_LABELS = {"leefbaarheid_gem": "Klasse 1–9 (gemiddeld)", "leefbaarheid_afw": "Afwijking (landelijk = 0)",
                         "leefbaarheid_fys": "Fysieke omgeving", "leefbaarheid_onv": "Overlast en onveiligheid",
                         "leefbaarheid_soc": "Sociale samenhang", "leefbaarheid_vrz": "Voorzieningen",
                         "leefbaarheid_won": "Woningvoorraad"}
LABELGROEP_LABELS = {g: "A+ en beter" if g == "A+" else g for g in LABELGROEPEN}
WONINGTYPE_VOORRAAD = {"eengezins": "Eengezins", "meergezins": "Meergezins", ONBEKEND: "Woningtype onbekend"}
PROFILE_LABELS = {
    "woningen": "Woningvoorraad",
    "aandeel_corporatie": "Aandeel corporatiehuur",
    "aandeel_eengezins": "Aandeel eengezinswoningen",
    "aandeel_label_efg": "Aandeel energielabel E–G",
    "aandeel_label_ab": "Aandeel energielabel A++++–B",
    "leefbaarheid_gem": "Leefbaarheid (gem. klasse 1–9)",
}
# the profile's other columns (tables.frames, Excel), flat: profiel_kolommen
PROFILE_COLUMN_LABELS = {
    **PROFILE_LABELS,
    "energielabels": "Woningen met energielabel", "leefbaarheid_cellen": "Leefbaarometer-gebieden",
    **{f"bouwjaar_{k}": f"Woningen bouwjaar {b[2]}" for k, b in BOUWJAARKLASSEN.items()}, f"bouwjaar_{ONBEKEND}": "Woningen bouwjaar onbekend",
    **{f"woningtype_{k}": f"Woningen {v.lower()}" if k != ONBEKEND else "Woningen woningtype onbekend"
       for k, v in WONINGTYPE_VOORRAAD.items()},
    **{f"label_{g}": f"Energielabel {v}" for g, v in LABELGROEP_LABELS.items()},
    "zonder_label": "Woningen zonder energielabel", "aandeel_zonder_label": "Aandeel zonder energielabel",
    "leefbaarheid_afw": "Leefbaarometer: afwijking van het landelijk gemiddelde",
    **{k: f"Leefbaarometer: {v.lower()}" for k, v in LEEFBAAROMETER_LABELS.items() if k not in ("leefbaarheid_gem", "leefbaarheid_afw")},
}
OTHER_LABELS = {
    "n_projecten": "Aantal projecten", "n_potloodplannen": "Aantal potloodplannen", "wijk_code": "Wijkcode",
    "naam": "Naam", "prioriteit": "Prioriteit", "soort": "Soort", "opgave": "Opgave", "jaar": "Jaar",
    "vraag": "Woningvraag", "cumulatief_aanbod": "Cumulatief aanbod (netto)", "cumulatief_vraag": "Cumulatieve vraag",
    "planoverschot": "Plan / vraag (cumulatief)", "norm": "Norm", "boven_norm": "Boven norm",
    "niveau": "Niveau", "wijk_naam": "Wijk", "opgave_code": "Opgave", "indicator": "Indicator",
    "eenheid": "Eenheid", "streefwaarde": "Streefwaarde", "peiljaar": "Peiljaar", "bron": "Bron",
    "omschrijving": "Omschrijving", "gap": "Tekort / overschrijding", "dekking": "Dekking", "gehaald": "Gehaald",
    "laag": "Laag", "fid": "Feature", "status": "Status", "planstatus": "Planstatus", "categorie": "Categorie",
    "start_jaar": "Startjaar", "oplever_jaar": "Opleverjaar", "buurt_code": "Buurtcode", "gebieden": "Gebieden",
    "opgaven": "Opgaven", "peildatum": "Peildatum", "verschil": "Verschil met streefwaarde (gepland − streef)",
}
# a goal's figures are in its own unit (dwellings, ha, a share): no "Woningen" before them
DOEL_LABELS = {"gerealiseerd": "Gerealiseerd", "hard": "Hard", "gepland": "Gepland", "verwacht": "Verwacht (naar realisatiekans)"}
YEAR_COLUMNS = ("jaar", "peiljaar", "start_jaar", "oplever_jaar")
# which domain of DOMAINS a column's values come from (its values are shown by their label)
VALUE_DOMAINS = {"soort": ("soort_potloodplan", "soort_gebied", "soort_doel", "soort_blok"), "indicator": (), "status": ("status",),
                 "planstatus": ("planstatus",), "prioriteit": ("prioriteit_wijk", "prioriteit"), "laag": ("laag_locatie",),
                 "niveau": ("niveau",), "eenheid": ("eenheid",), "status_planologisch": ("status_planologisch",),
                 "segment": ("segment",), "woningtype": ("woningtype_blok",), "eigenaar": ("eigenaar",),
                 "doelgroep": ("doelgroep",)}


# the dwelling figures by their prefix (won_* is bouw): what a planner calls them
WONINGEN_LABELS = {**BLOCK_SUM_LABELS, "won": "Woningen bouw", "won_netto": "Woningen netto", "won_eengezins": "Eengezinswoningen",
                   "won_meergezins": "Meergezinswoningen", "won_woningtype_onbekend": "Woningen woningtype onbekend"}
FIGURE_BASES = {**{figure_base(f): PROGRAMME_LABELS[f] for f in PROGRAMME_FIELDS}, **WONINGEN_LABELS}
YEAR_LABELS = {"bouw": "Bouw", "sloop": "Sloop", "netto": "Netto (bouw − sloop)",
               "verwacht": "Verwacht (netto, naar realisatiekans)", "won_verwacht": "Woningen verwacht (netto, naar realisatiekans)",
               **{f"bouw_{seg}": f"Bouw {label.lower()}" for seg, label in DOMAINS["segment"].items()}}
# the blocks sheet: a block's fields as the schema (and the form) names them, with its location's name, wijk and status
BLOCK_LABELS = {"blok": "Blok", "locatie": "Locatie",
                "status_planologisch": schema_table("projecten").field("status_planologisch").label,
                "realisatiekans": schema_table("realisatiekans_norm").field("realisatiekans").label,
                **{f.name: f.label for f in schema_table("woningblokken").fields if f.name not in ("laag", "locatie_fid")}}


def figure_label(name: str) -> str:
    for base, label in FIGURE_BASES.items():
        for c in SPLIT:
            if name == f"{base}_{c}":
                return f"{label} {CATEGORY_LABELS[c]}"
    if name in ("hard", "zacht", "gerealiseerd"):
        return f"Woningen {name}"
    return (PROFILE_COLUMN_LABELS.get(name) or OTHER_LABELS.get(name) or YEAR_LABELS.get(name) or PROGRAMME_LABELS.get(name)
            or BLOCK_SUM_LABELS.get(name) or name)


def value_label(value: Any, column: str = "") -> str:
    """A stored value as people read it: 'strategische_positie' → 'Strategische positie' (the domains of the schema)."""
    if not isinstance(value, str):
        return fmt(value, column)
    if column == "indicator":  # a goal's indicator is a figure ('won_totaal')
        return figure_label(str(value))
    for domain in VALUE_DOMAINS.get(column, tuple(DOMAINS)):
        if value in DOMAINS[domain]:
            return DOMAINS[domain][value]
    return str(value)


def peildatum_text(peildatum: str | None) -> str:
    """The peildatum of a roll-up for people: '01-01-2021', or 'actueel (30-11-2026)' for the store as it is."""
    import datetime as _dt

    return peildatum_label(peildatum) if peildatum else f"actueel ({_dt.date.today():%d-%m-%Y})"


def _whole_years(df: pd.DataFrame) -> pd.DataFrame:
    """Years stay whole numbers (2025, not 2025.0) where some are missing."""
    for col in YEAR_COLUMNS:
        if col in df.columns:
            df[col] = df[col].astype("Int64")
    return df


def profiel_kolommen(p: Profiel) -> Dict[str, Any]:
    """A profile as flat columns (one per bouwjaar class, woningtype and label group) for the tables and Excel."""
    out: Dict[str, Any] = {}
    for k, v in p.to_json().items():
        prefix = {"bouwjaarklassen": "bouwjaar", "woningtypen": "woningtype", "labels": "label"}.get(k)
        out.update({f"{prefix}_{kk}": vv for kk, vv in v.items()} if prefix else {k: v})
    return out


def _deel_van(n: int, total: int, aantal: bool = True) -> str:
    """A count and its share of `total`: '4.412 (13 %)'; the share alone without `aantal`."""
    if not total:
        return fmt(n) if aantal else "–"
    return f"{fmt(n)} ({fmt(n / total, 'aandeel')})" if aantal else fmt(n / total, "aandeel")


def _afwijking(v: Any) -> str:
    """A Leefbaarometer deviation (around 0) with its sign: '+0,034', '-0,120'."""
    return "–" if v is None else f"{v:+.3f}".replace(".", ",")


PROFIEL_KOPPEN = ("Woningvoorraad", "Bouwjaarklasse", "Energielabel", "Leefbaarometer")  # profiel_secties's headers


def profiel_secties(p: Optional[Profiel], aantallen: bool = True) -> List[Tuple[str, List[Tuple[str, str, str]]]]:
    """The profile under its headers for people — (header, rows (column name, label, value text)): the dwellings, per
    woningtype, bouwjaar class and label group (with those without a label) as count and share (only the share without
    `aantallen`), the Leefbaarometer; a part with nothing known is left out."""
    if p is None:
        return []
    n = p.woningen

    def _deel(k: int, total: int) -> str:
        return _deel_van(k, total, aantallen)

    out: List[Tuple[str, List[Tuple[str, str, str]]]] = []
    voorraad = [("woningen", "Woningen", fmt(n)), ("aandeel_corporatie", "Corporatiehuur", fmt(p.aandeel_corporatie, "aandeel"))]
    voorraad += [(f"woningtype_{k}", label, _deel(p.woningtypen.get(k, 0), n)) for k, label in WONINGTYPE_VOORRAAD.items()
                 if k != ONBEKEND or p.woningtypen.get(k)]
    out.append((PROFIEL_KOPPEN[0], voorraad))
    if n:
        out.append((PROFIEL_KOPPEN[1], [(f"bouwjaar_{k}", b[2], _deel(p.bouwjaarklassen.get(k, 0), n)) for k, b in BOUWJAARKLASSEN.items()]
                    + ([(f"bouwjaar_{ONBEKEND}", "onbekend", _deel(p.bouwjaarklassen[ONBEKEND], n))]
                       if p.bouwjaarklassen.get(ONBEKEND) else [])))
    if n or p.energielabels:
        total = max(n, p.energielabels)
        out.append((PROFIEL_KOPPEN[2], [(f"label_{g}", LABELGROEP_LABELS[g], _deel(p.labels.get(g, 0), total)) for g in LABELGROEPEN]
                    + [("zonder_label", "Zonder label", _deel(p.zonder_label, total))]))
    lbm = [("leefbaarheid_gem", LEEFBAAROMETER_LABELS["leefbaarheid_gem"], fmt(p.leefbaarheid_gem))]
    lbm += [(k, label, _afwijking(getattr(p, k))) for k, label in LEEFBAAROMETER_LABELS.items() if k != "leefbaarheid_gem"]
    if any(getattr(p, k) is not None for k, *_ in lbm):
        out.append((PROFIEL_KOPPEN[3], lbm))
    return out


def frames(result: Rollup, blokken: Optional[pd.DataFrame] = None) -> Dict[str, pd.DataFrame]:
    """One table per level, with the figure names as columns (machine names); each row says its peildatum. `blokken`
    (`read_blokken`): a table of the blocks as well."""
    import pandas as pd

    s = result.stad
    stad_df = pd.DataFrame([{"naam": "Almelo (stad)", **s.figures.to_json(), **profiel_kolommen(s.profiel)},
                            {"naam": "waarvan buiten wijken", **s.buiten_wijken.to_json()}])
    wijken = pd.DataFrame(_level_rows(result, "wijk"))
    # the profile alone: a row per wijk, buiten wijken and the stad
    profiel = pd.DataFrame([{"wijk_code": w.wijk_code, "naam": w.naam, **profiel_kolommen(w.profiel)} for w in result.wijken]
                           + [{"wijk_code": None, "naam": "buiten wijken", **profiel_kolommen(s.buiten_profiel)},
                              {"wijk_code": None, "naam": "Almelo (stad)", **profiel_kolommen(s.profiel)}])
    gebieden = pd.DataFrame(_level_rows(result, "gebied"))
    opg: List[Dict[str, Any]] = []
    for code, figs in sorted(s.opgaven.items()):
        opg.append({"niveau": "stad", "wijk_code": None, "opgave": code, **figs.to_json()})
    for w in result.wijken:
        for code, figs in sorted(w.opgaven.items()):
            opg.append({"niveau": "wijk", "wijk_code": w.wijk_code, "opgave": code, **figs.to_json()})
    opgaven = pd.DataFrame(opg)
    doelen = pd.DataFrame([d.to_json() for d in result.doelen]).drop(columns=["fid"], errors="ignore")
    if len(doelen):  # signed: a goal passed shows by how much (gap is the shortfall only, 0 once met)
        doelen.insert(int(doelen.columns.get_loc("gap")), "verschil", doelen["gepland"] - doelen["streefwaarde"])
        doelen = doelen.drop(columns=["gap"])
    per_jaar = pd.DataFrame([year_row(p) for p in result.per_jaar])
    loc = pd.DataFrame(_level_rows(result, "locatie"))
    out = {"stad": stad_df, "wijken": wijken, "profiel": profiel, "gebieden": gebieden, "opgaven": opgaven, "doelen": doelen,
           "per_jaar": per_jaar, "locaties": loc}
    if blokken is not None:
        out["blokken"] = blokken.copy()
    peildatum = peildatum_text(result.peildatum)
    for df in out.values():
        _whole_years(df)
        df["peildatum"] = peildatum
    return out


def _level_rows(result: Rollup, niveau: str) -> List[Dict[str, Any]]:
    """The rows of the table of wijken, gebieden or locaties (`frames`, and the text table without pandas)."""
    if niveau == "wijk":
        return [{"wijk_code": w.wijk_code, "naam": w.naam, "prioriteit": w.prioriteit, **w.figures.to_json(),
                 **profiel_kolommen(w.profiel)} for w in result.wijken]
    if niveau == "gebied":
        return [{"naam": g.naam, "soort": g.soort, "prioriteit": g.prioriteit, **g.figures.to_json()} for g in result.gebieden]
    return [{**x.to_json(), "gebieden": "; ".join(x.gebieden), "opgaven": "; ".join(x.opgaven)} for x in result.locaties]


def _as_column(values: List[Any], year: bool) -> List[Any]:
    """A column's values as a table of them gives them (pandas' rule, without pandas): whole years stay whole; numbers
    with a gap or a fraction among them all become floats (a gap NaN)."""
    numbers = [v for v in values if v is not None]
    if year or not numbers or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in numbers):
        return values
    if len(numbers) == len(values) and all(isinstance(v, int) for v in numbers):
        return values
    return [math.nan if v is None else float(v) for v in values]


def year_row(p: PerJaar) -> Dict[str, Any]:
    """A year as one flat row: bouw per segment as columns bouw_<segment> (every segment, 0 where none)."""
    row = p.to_json()
    segmenten = row.pop("segmenten")
    return {**row, **{f"bouw_{seg}": segmenten.get(seg, 0) for seg in DOMAINS["segment"]}}


def read_blokken(store: Store) -> pd.DataFrame:
    """One row per dwelling block with its location's naam, wijk and status (stored codes; the faces show labels)."""
    selects = []
    for laag in LOCATION_LAYERS:
        status = "l.status, l.planstatus" if laag == "projecten" else "NULL AS status, NULL AS planstatus"
        selects.append(
            f"SELECT b.fid AS blok, b.laag, l.naam AS locatie, l.wijk_code, w.naam AS wijk_naam, {status}, l.status_planologisch,"
            f" l.realisatiekans, b.soort, b.aantal, b.segment, b.woningtype, b.eigenaar, b.prijs, b.doelgroep, b.jaar,"
            f" b.gerealiseerd FROM woningblokken b JOIN \"{laag}\" l ON l.fid = b.locatie_fid"
            f" LEFT JOIN wijken w ON w.wijk_code = l.wijk_code WHERE b.laag = '{laag}'")
    with store.reading() as con:
        df = store.read_frame(" UNION ALL ".join(selects) + " ORDER BY laag DESC, locatie, jaar, blok", con=con)
    df["gerealiseerd"] = df["gerealiseerd"].map(lambda v: "ja" if v else "nee")
    return df


def column_label(column: str, sheet: str = "") -> str:
    """A column's header for people; a goal's own figures without 'Woningen'; a block's fields as the form names them."""
    if sheet == "doelen" and column in DOEL_LABELS:
        return DOEL_LABELS[column]
    return BLOCK_LABELS[column] if sheet == "blokken" and column in BLOCK_LABELS else figure_label(column)


def dutch(df: pd.DataFrame, sheet: str = "") -> pd.DataFrame:
    return df.rename(columns={c: column_label(c, sheet) for c in df.columns})


TABLE_COLUMNS = {
    "wijk": ["wijk_code", "naam", "won_netto_gepland", "won_hard", "won_zacht", "won_gepland", "won_sloop_gepland", "won_verwacht",
             "won_gerealiseerd", "won_potentieel", "woningen", "aandeel_corporatie", "aandeel_label_efg", "leefbaarheid_gem"],
    "gebied": ["naam", "soort", "won_netto_gepland", "won_hard", "won_zacht", "won_gepland", "won_sloop_gepland", "won_verwacht",
               "won_gerealiseerd", "won_potentieel", "m2_bedrijf_gepland", "ha_zon_gepland"],
    "locatie": ["laag", "fid", "naam", "categorie", "wijk_code", "won_totaal", "oplever_jaar", "opgaven"],
}
SHORT = {"won_netto_gepland": "netto gepl.", "won_sloop_gepland": "sloop gepl.", "won_verwacht": "verwacht",
         "won_hard": "hard", "won_zacht": "zacht", "won_gepland": "gepland", "won_gerealiseerd": "gerealiseerd",
         "won_potentieel": "potentieel", "woningen": "voorraad", "aandeel_corporatie": "% corp.",
         "aandeel_label_efg": "% E–G", "leefbaarheid_gem": "leefb.", "m2_bedrijf_gepland": "m² bedrijf",
         "ha_zon_gepland": "ha zon", "won_totaal": "woningen", "wijk_code": "wijk", "oplever_jaar": "oplevering"}


WHOLE_COLUMNS = ("won_verwacht", "verwacht")  # expected dwellings (weighted by realisatiekans) are shown whole


def fmt(v: Any, col: str = "") -> str:
    if v is None or type(v).__name__ == "NAType" or (isinstance(v, float) and v != v):  # NAType: pandas' NA
        return "–"
    if col in YEAR_COLUMNS:
        return str(int(v))
    if col in WHOLE_COLUMNS:
        v = round(v)
    if col.startswith("aandeel") or col == "dekking":
        return f"{v * 100:.0f} %"
    if isinstance(v, float):
        return f"{v:,.1f}".replace(",", "·").replace(".", ",").replace("·", ".")
    if isinstance(v, int):
        return f"{v:,}".replace(",", ".")
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return str(v)


_NUMERIC = re.compile(r"^[\d.,\s%–−+()-]+$")


def numeric_text(cell: str) -> bool:
    """A cell that shows a number ('1.234', '10,4', '25 %', '–'): right-aligned in tables."""
    return bool(_NUMERIC.match(cell))


def _grid(headers: List[str], rows: List[List[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    for r in rows:
        out.append("  ".join(c.rjust(w) if numeric_text(c) else c.ljust(w) for c, w in zip(r, widths)))
    return "\n".join(out)


def table_text(result: Rollup, niveau: str = "stad") -> str:
    """A readable Dutch table for people."""
    return f"Peildatum: {peildatum_text(result.peildatum)}\n\n" + _table_body(result, niveau)


def _table_body(result: Rollup, niveau: str) -> str:
    s = result.stad
    if niveau == "stad":
        lines = ["Almelo — woningbouwprogramma (stad)", ""]
        for matrix in (woningen_matrix(s.figures), segment_matrix(s.figures), woningtype_matrix(s.figures)):
            if not matrix.rijen:
                continue
            lines.append(_grid([matrix.titel, *matrix.kolommen], [[label, *values] for label, values, *_ in matrix.rijen]))
            lines.append("")
        rows = [[figure_label(k), fmt(s.figures[k])] for k in SCOPE_FIGURES]
        rows.append(["Woningen bouw gepland buiten wijken", fmt(s.buiten_wijken.won_gepland)])
        lines.append(_grid(["Cijfer", "Waarde"], rows))
        lines += ["", "Profiel (basislagen)"]
        for kop, rijen in profiel_secties(s.profiel):
            lines += ["", _grid([kop, "Waarde"], [[label, value] for _, label, value in rijen])]
        lines += ["", "Doelen (stad)", ""]
        drows = [[d.omschrijving or d.indicator, fmt(d.streefwaarde), str(d.peiljaar), fmt(d.gepland), fmt(d.hard),
                  termen.verwacht_getal(d, vertaald=False) or "–", fmt(d.dekking, "dekking"), "ja" if d.gehaald else "nee", d.bron or ""]
                 for d in result.doelen_for(Selection.stad())]
        lines.append(_grid(["Doel", "Streef", "Peiljaar", "Gepland", "Hard", "Verwacht", "Dekking", "Gehaald", "Bron"], drows))
        return "\n".join(lines)
    records = _level_rows(result, niveau)
    present = set().union(*records) if records else set()
    cols = [c for c in TABLE_COLUMNS[niveau] if c in present]
    columns = {c: _as_column([r.get(c) for r in records], c in YEAR_COLUMNS) for c in cols}
    rows = [[value_label(v, c) if c in VALUE_DOMAINS else fmt(v, c) for c, v in zip(cols, vals)]
            for vals in zip(*columns.values())] if cols else []
    if niveau == "wijk":
        buiten, stad, profiel = s.buiten_wijken.to_json(), s.figures.to_json(), s.profiel.to_json()
        rows.append(["", "buiten wijken"] + [fmt(buiten[c], c) if c in buiten else "" for c in cols[2:]])
        rows.append(["", "Almelo (stad)"] + [fmt(stad.get(c, profiel.get(c)), c) for c in cols[2:]])
    return _grid([SHORT.get(c, figure_label(c)) for c in cols], rows)


def write_csv(result: Rollup, niveau: str, path_or_buf) -> None:
    """To an open stream, or to a file (whole or not at all)."""
    df = frames(result)[{"stad": "stad", "wijk": "wijken", "gebied": "gebieden", "locatie": "locaties"}[niveau]]
    if hasattr(path_or_buf, "write"):
        df.to_csv(path_or_buf, index=False)
    else:
        write_with(path_or_buf, lambda tmp: df.to_csv(tmp, index=False))


def write_xlsx(result: Rollup, path: str, blokken: Optional[pd.DataFrame] = None) -> None:
    """Sheets stad, wijken, profiel (the base layers' profile per wijk), gebieden, opgaven, doelen, per_jaar (bouw, sloop, netto, verwacht, bouw per segment),
    locaties and, given `blokken` (`read_blokken`), one row per block; Dutch headers and labels, frozen header row."""
    import pandas as pd
    from openpyxl.utils import get_column_letter

    with atomic_output(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xw:
        for sheet, df in frames(result, blokken).items():
            shown = df.copy()
            for col in VALUE_DOMAINS:  # labels, not stored codes ('Strategische positie')
                if col in shown.columns:
                    shown[col] = shown[col].map(lambda v, c=col: value_label(v, c) if isinstance(v, str) else v)
            dutch(shown, sheet).to_excel(xw, sheet_name=sheet, index=False)
            ws = xw.sheets[sheet]
            ws.freeze_panes = "A2"
            for i, col in enumerate(df.columns, start=1):
                letter = get_column_letter(i)
                ws.column_dimensions[letter].width = min(max(len(column_label(col, sheet)) + 2, 10), 45)
                fmt = "0%" if (col.startswith("aandeel") or col in ("dekking", "planoverschot")) else (
                    "0" if col in YEAR_COLUMNS or col in ("fid", "blok", "realisatiekans") else
                    "0.000" if col in LEEFBAAROMETER_LABELS and col != "leefbaarheid_gem" else
                    "#,##0.0" if col.startswith(("ha_", "leefbaarheid_gem")) else "#,##0")
                if df[col].dtype.kind in "if":
                    for cell in ws[letter][1:]:
                        cell.number_format = fmt


SCOPE_FIGURES = ("m2_bedrijf_gepland", "m2_voorzieningen_gepland", "ha_groen_gepland", "ha_zon_gepland", "ha_zon_gerealiseerd",
                 "n_projecten", "n_potloodplannen")
# the dwellings of a scope as small tables: netto, bouw and sloop per category; bouw per segment and per woningtype
WONINGEN_KOLOMMEN = (("netto", "won_netto"), ("bouw", "won"), ("sloop", "won_sloop"))
WONINGEN_RIJEN = {"gerealiseerd": "Gerealiseerd", "hard": "Hard", "zacht": "Zacht", "gepland": "Gepland (hard + zacht)",
                  "potentieel": "Potentieel (potloodplannen)"}
SPLIT_KOLOMMEN = {"gepland": "Gepland", "gerealiseerd": "Gerealiseerd"}  # potentieel: in the woningen table and the Excel
SEGMENT_FIGURES = {**{seg: f for f, seg in SEGMENT_OF_FIELD.items()}, "onbekend": "won_onbekend"}


@dataclass(frozen=True)
class Matrix:
    """A small table of figures for people: rows with a label, a value per column, and what each word means."""
    titel: str
    kolommen: List[str]
    kolom_uitleg: List[str]
    rijen: List[Tuple[str, List[str], str, List[str]]]  # (label, values, the label's explanation, each value's tooltip)


def woningen_matrix(figs: Figures) -> Matrix:
    """Netto, bouw and sloop per category (netto first: what the goals count), and the realisatiekans-weighted outlook."""
    rijen = [(label, [fmt(figs[f"{base}_{c}"]) for _, base in WONINGEN_KOLOMMEN], termen.uitleg(c), [""] * 3)
             for c, label in WONINGEN_RIJEN.items()]
    rijen.append(("Verwacht (naar realisatiekans)", [fmt(figs.won_verwacht, "won_verwacht"), "", ""], termen.uitleg("verwacht"),
                  [""] * 3))
    return Matrix("Woningen", [k.capitalize() for k, _ in WONINGEN_KOLOMMEN], [termen.uitleg(k) for k, _ in WONINGEN_KOLOMMEN],
                  rijen)


def _split_matrix(figs: Figures, titel: str, term: str, rows: Dict[str, str], labels: Dict[str, str]) -> Matrix:
    """Bouw per segment or woningtype (`titel`: its word): gepland (hard + zacht in its tooltip) and gerealiseerd; only the rows that hold
    dwellings."""
    rijen = []
    for key, base in rows.items():
        base = figure_base(base)
        tips = [f"hard {fmt(figs[f'{base}_hard'])} + zacht {fmt(figs[f'{base}_zacht'])}" if c == "gepland" else ""
                for c in SPLIT_KOLOMMEN]
        values = [figs[f"{base}_{c}"] for c in SPLIT_KOLOMMEN]
        if any(values):  # a segment or woningtype the scope has none of is left out
            rijen.append((labels[key], [fmt(v) for v in values], termen.uitleg(term), tips))
    return Matrix(titel, list(SPLIT_KOLOMMEN.values()), [termen.uitleg(c) for c in SPLIT_KOLOMMEN], rijen)


def segment_matrix(figs: Figures) -> Matrix:
    return _split_matrix(figs, "Segment", "segment", SEGMENT_FIGURES, DOMAINS["segment"])


WONINGTYPE_KORT = {"eengezins": "Eengezins", "meergezins": "Meergezins", "onbekend": "Onbekend"}


def woningtype_matrix(figs: Figures) -> Matrix:
    return _split_matrix(figs, "Woningtype", "woningtype", WONINGTYPE_FIGURES, WONINGTYPE_KORT)


EMPTY_SCOPE: Dict[str, Any] = {"titel": "", "cijfers": [], "uitleg": [], "profiel": [], "doelen": [], "woningen": None,
                               "segmenten": None, "woningtypen": None}


def scope_figures(result: Rollup, scope: str, wijk_code: str | None = None,
                  selection: List[tuple] | None = None) -> Dict[str, Any]:
    """Figures, profile and goals for one scope of the dock (stad, a wijk, or selected locations): the dwellings as
    small tables (`Matrix`: woningen, segmenten, woningtypen), the other figures and the profile as rows of text."""
    if scope == "wijk":
        w = result.wijk(wijk_code)
        if w is None:
            return dict(EMPTY_SCOPE)
        sel = Selection.wijk(w.wijk_code)
        titel = f"{w.naam} ({w.wijk_code})"
    elif scope == "locatie":
        if not selection:  # nothing chosen yet: no table of zeros, the dock says what to do
            return dict(EMPTY_SCOPE)
        sel = Selection.of_locations(selection or [])
        chosen = set(sel.locaties)
        locs = [x for x in result.locaties if x.key in chosen]
        titel = locs[0].naam if len(locs) == 1 else f"{len(locs)} geselecteerde locaties"
    else:
        sel = Selection.stad()
        titel = "Almelo (stad)"
    figs, prof = result.figures_for(sel), result.profiel_for(sel)
    cijfers = [(figure_label(k), fmt(figs[k])) for k in SCOPE_FIGURES]
    profiel = profiel_secties(prof)
    uitleg = [termen.cijfer_uitleg(k) for k in SCOPE_FIGURES]  # per row of cijfers: what the word means ('' for none)
    return {"titel": titel, "cijfers": cijfers, "uitleg": uitleg, "profiel": profiel, "doelen": result.doelen_for(sel),
            "woningen": woningen_matrix(figs), "segmenten": segment_matrix(figs), "woningtypen": woningtype_matrix(figs)}


def _non_finite(data: Any, path: str = "") -> str | None:
    """The path ('stad.ha_zon_gepland') of the first infinite or NaN number in `data`, else None."""
    if isinstance(data, float) and not math.isfinite(data):
        return path or "?"
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, (list, tuple)) else ()
    for k, v in items:
        found = _non_finite(v, f"{path}.{k}" if path else str(k))
        if found:
            return found
    return None


def json_text(data: Any) -> str:
    """Always valid JSON (no Infinity/NaN): a non-finite figure is refused with its name."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
    except ValueError:  # only then the walk that names the figure (at 10 k locations it costs as much as the text itself)
        bad = _non_finite(data)
        if not bad:
            raise
        raise StoreError(f"Cijfer {bad} is geen eindig getal (oneindig of NaN): controleer de programmavelden; er is niets geschreven.") from None
