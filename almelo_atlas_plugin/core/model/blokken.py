"""Dwelling blocks (schema 5, DESIGN.md §3a): the rules every face and backend share, once.

A location's programme of dwellings is the sum of its blocks; a block counts by its own year and its own
`gerealiseerd`. The migration 4 → 5 and every writer that receives only a location's segment totals (an import, an older
client) turn them into blocks with `blocks_from_programme`; the database does the same for a location inserted with
totals and no blocks (rules.py generates that SQL from PROGRAMME_BLOCKS and BLOCK_DEFAULTS below).
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple

from .schema import PLANSTATUS_VAN_STATUS, SEGMENT_OF_FIELD

# a location's programme field → the block (soort, segment) it becomes; the database keeps each field = Σ such blocks
PROGRAMME_BLOCKS: Tuple[Tuple[str, str, str], ...] = (
    *((f, "bouw", s) for f, s in SEGMENT_OF_FIELD.items()),
    ("won_onbekend", "bouw", "onbekend"),
    ("won_sloop", "sloop", "onbekend"),
)
# the blocks each computed sum of a location counts: field → (soort, segment; None: every segment). won_netto = bouw − sloop.
SUM_OF_BLOCKS: Dict[str, Tuple[str, Optional[str]]] = {
    **{f: (soort, seg) for f, soort, seg in PROGRAMME_BLOCKS}, "won_totaal": ("bouw", None), "won_sloop": ("sloop", None)}
# a programme block's other columns; its jaar is the location's oplever_jaar, gerealiseerd its status opgeleverd
BLOCK_DEFAULTS: Dict[str, str] = {"woningtype": "onbekend", "eigenaar": "onbekend", "doelgroep": "regulier"}
JAAR_FIELD = "oplever_jaar"
GEREALISEERD_STATUS = "opgeleverd"


def planstatus_of(status_planologisch: Optional[str], planstatus: Optional[str]) -> Optional[str]:
    """hard/zacht as it follows from the planologische status; for onbekend (or none) the location's own planstatus."""
    return PLANSTATUS_VAN_STATUS.get(status_planologisch or "onbekend") or planstatus


def blocks_from_programme(location: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """One block per non-zero programme field of a location (PROGRAMME_BLOCKS; jaar = oplever_jaar, gerealiseerd =
    status opgeleverd): the migration 4 → 5 rule, which leaves every figure of the roll-up as it was."""
    out = []
    for f, soort, segment in PROGRAMME_BLOCKS:
        n = location.get(f) or 0
        if n:
            out.append({"soort": soort, "aantal": int(n), "segment": segment, **BLOCK_DEFAULTS,
                        "jaar": location.get(JAAR_FIELD), "gerealiseerd": location.get("status") == GEREALISEERD_STATUS})
    return out


def block_category(laag: str, status: Optional[str], planstatus: Optional[str], gerealiseerd: bool) -> str:
    """A block's roll-up category: potentieel (a potloodplan's), gerealiseerd (the block's own flag, or its project
    opgeleverd), else the project's hard/zacht."""
    if laag == "potloodplannen":
        return "potentieel"
    if gerealiseerd or status == "opgeleverd":
        return "gerealiseerd"
    return "hard" if planstatus == "hard" else "zacht"


__all__ = ["PROGRAMME_BLOCKS", "SUM_OF_BLOCKS", "BLOCK_DEFAULTS", "JAAR_FIELD", "GEREALISEERD_STATUS", "planstatus_of",
           "blocks_from_programme", "block_category"]
