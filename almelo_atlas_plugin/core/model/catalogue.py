"""Opgaven, koers-opgaven, doelen, woningvraag and the layer catalogue (data in resources/)."""

from __future__ import annotations

from typing import Dict, List, Optional

from ..resources import read_csv


def _num(value: str) -> Optional[float]:
    value = (value or "").strip()
    if not value:
        return None
    f = float(value)
    return int(f) if f.is_integer() else f


def opgaven() -> List[Dict[str, str]]:
    """The seven stadsopgaven (agenda §3.1–3.7)."""
    return [{k: r[k] for k in ("code", "naam", "omschrijving")} for r in read_csv("catalogus", "opgaven.csv")]


def koersopgaven() -> List[Dict[str, str]]:
    """The seven koers-opgaven / programmes (agenda §4.1–4.7) and the stadsopgaven they serve."""
    return [
        {k: r[k] for k in ("code", "naam", "omschrijving", "stadsopgaven")}
        for r in read_csv("catalogus", "koersopgaven.csv")
    ]


def doelen() -> List[Dict[str, object]]:
    """Stad goals stated in the agenda, each with its source section."""
    out = []
    for r in read_csv("catalogus", "doelen.csv"):
        out.append({
            "niveau": r["niveau"],
            "wijk_code": r["wijk_code"] or None,
            "opgave_code": r["opgave_code"],
            "indicator": r["indicator"],
            "soort": r["soort"],
            "eenheid": r["eenheid"],
            "streefwaarde": _num(r["streefwaarde"]),
            "peiljaar": _num(r["peiljaar"]),
            "bron": r["bron"],
            "omschrijving": r["omschrijving"],
        })
    return out


def woningvraag() -> List[Dict[str, object]]:
    """Demand forecast per year (agenda §4.2)."""
    return [
        {"jaar": int(r["jaar"]), "aantal": int(r["aantal"]), "bron": r["bron"]}
        for r in read_csv("catalogus", "woningvraag.csv")
    ]


def lagen() -> List[Dict[str, object]]:
    """Default layer catalogue: layer, title, group, style, order, visibility, source."""
    out = []
    for r in read_csv("catalogus", "lagen.csv"):
        out.append({
            "laag": r["laag"],
            "titel": r["titel"],
            "groep": r["groep"],
            "stijl": r["stijl"] or None,
            "volgorde": int(r["volgorde"]),
            "zichtbaar": int(r["zichtbaar"]),
            "bron": r["bron"] or None,
            "provider": r["provider"] or None,
        })
    return out


def realisatiekans_norm() -> List[Dict[str, object]]:
    """Default realisatiekans per planologische status (schema 5): assumptions, marked so in each row."""
    return [{"status_planologisch": r["status_planologisch"], "realisatiekans": int(r["realisatiekans"]),
             "aanname": int(r["aanname"]), "bron": r["bron"]} for r in read_csv("catalogus", "realisatiekans_norm.csv")]


def prijsklassen() -> List[Dict[str, object]]:
    """Price-class boundaries of the exchange targets (schema 7, FORMATS.md §9a), each row with its source."""
    return [{"target": r["target"], "jaar": int(r["jaar"]), "klasse": r["klasse"], "ondergrens": float(r["ondergrens"]),
             "bovengrens": _num(r["bovengrens"]), "bron": r["bron"]} for r in read_csv("catalogus", "prijsklassen.csv")]


def catalogue_rows() -> Dict[str, List[Dict[str, object]]]:
    """Rows a new store is filled with, by table."""
    return {
        "opgaven": opgaven(),
        "koersopgaven": koersopgaven(),
        "doelen": doelen(),
        "woningvraag": woningvraag(),
        "atlas_lagen": lagen(),
        "realisatiekans_norm": realisatiekans_norm(),
        "prijsklassen": prijsklassen(),
    }
