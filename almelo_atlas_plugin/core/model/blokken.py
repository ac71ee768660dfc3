"""Dwelling blocks (schema 5, DESIGN.md §3a): the rules every face and backend share, once.

A location's programme of dwellings is the sum of its blocks; a block counts by its own year and its own
`gerealiseerd`. The migration 4 → 5 and every writer that receives only a location's segment totals (an import, an older
client) turn them into blocks with `blocks_from_programme`.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from .schema import PLANSTATUS_VAN_STATUS, SEGMENT_OF_FIELD, WON_SEGMENTS


def planstatus_of(status_planologisch: Optional[str], planstatus: Optional[str]) -> Optional[str]:
    """hard/zacht as it follows from the planologische status; for onbekend (or none) the location's own planstatus."""
    return PLANSTATUS_VAN_STATUS.get(status_planologisch or "onbekend") or planstatus


def blocks_from_programme(location: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """One bouw block per non-zero dwelling segment of a location (jaar = oplever_jaar, gerealiseerd = status
    opgeleverd): the migration 4 → 5 rule, which leaves every figure of the roll-up as it was."""
    out = []
    for f in WON_SEGMENTS:
        n = location.get(f) or 0
        if n:
            out.append({"soort": "bouw", "aantal": int(n), "segment": SEGMENT_OF_FIELD[f], "woningtype": "onbekend",
                        "eigenaar": "onbekend", "doelgroep": "regulier", "jaar": location.get("oplever_jaar"),
                        "gerealiseerd": location.get("status") == "opgeleverd"})
    return out


def block_category(laag: str, status: Optional[str], planstatus: Optional[str], gerealiseerd: bool) -> str:
    """A block's roll-up category: potentieel (a potloodplan's), gerealiseerd (the block's own flag, or its project
    opgeleverd), else the project's hard/zacht."""
    if laag == "potloodplannen":
        return "potentieel"
    if gerealiseerd or status == "opgeleverd":
        return "gerealiseerd"
    return "hard" if planstatus == "hard" else "zacht"


def realisatiekans_of(realisatiekans: Optional[float], status_planologisch: Optional[str],
                     norm: Mapping[str, float]) -> float:
    """A location's realisatiekans as a fraction 0–1: its own, else the norm of its planologische status (table
    realisatiekans_norm), else the norm of onbekend; without any norm 1 (the plan counts whole)."""
    if realisatiekans is not None:
        return float(realisatiekans) / 100
    kans = norm.get(status_planologisch or "onbekend", norm.get("onbekend"))
    return 1.0 if kans is None else float(kans) / 100


__all__ = ["planstatus_of", "blocks_from_programme", "block_category", "realisatiekans_of"]
