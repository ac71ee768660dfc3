"""Messages about refused writes, for a person: a conflicting save, a guard's refusal in the provider's error text."""

from __future__ import annotations

import re
from typing import Optional, Sequence

from ..model.schema import GEOM_COLUMN, TABLES_BY_NAME
from .base import Store


def conflict_message(store: Store, laag: str, fid: int) -> str:
    """The refusal of a save over someone else's newer edit, naming who changed the location and when."""
    from ..model.schema import CONFLICT_BY
    from ..model.tijd import local_time

    p = store.param
    with store.reading() as con:
        row = con.execute(f"SELECT gebruiker, tijd FROM wijzigingen WHERE laag = {p} AND fid = {p} ORDER BY wijziging_id DESC LIMIT 1",
                          (laag, int(fid))).fetchone()
    wie, wanneer = (row[0] or "onbekend", local_time(row[1])) if row else ("onbekend", "onbekend")
    return f"Laag {laag}, feature {fid}, " + CONFLICT_BY.format(wie=wie, wanneer=wanneer)


GUARD_RX = re.compile(r"Laag (\w+)(?:, (?:feature|blok) (\d+))?, veld (\w+): ([^\n]+)")
LOCATION_NOUN = {"projecten": "project", "potloodplannen": "potloodplan"}
NOUN = {**LOCATION_NOUN, "woningblokken": "woningblok"}


def refusal_message(errors: Sequence[str], laag: Optional[str] = None, fid: Optional[int] = None,
                    name: Optional[str] = None) -> Optional[str]:
    """A guard's refusal in the provider's error text, for a person: the field's label, the rule, the location
    (e.g. "Woningen koop mag niet negatief zijn (project Hofkwartier)"). None when no guard refused."""
    m = GUARD_RX.search("\n".join(errors))
    if m is None:
        return None
    laag = m.group(1) or laag
    fid = int(m.group(2)) if m.group(2) else fid
    col, rule = m.group(3), m.group(4).strip()
    try:
        label = TABLES_BY_NAME[laag].field(col).label or col
    except KeyError:
        label = "De geometrie" if col == GEOM_COLUMN else col
    text = f"{label} {rule}" if rule.split(" ", 1)[0] in ("mag", "moet", "is", "ligt", "tussen") else f"{label}: {rule}"
    where = name or (f"{fid}" if fid is not None else "")
    noun = NOUN.get(laag, f"laag {laag}")
    return text + (f" ({noun} {where})" if where else f" ({noun})")


__all__ = ["conflict_message", "refusal_message"]
