"""History: the store as it stood at a moment (peildatum), and the changes of one location.

Every insert, update and delete of projecten, potloodplannen and their tags is in `wijzigingen` with the full old and
new row (JSON, geometry as hex WKB); the store backends rebuild the past from it (`Store.at`, core/store/snapshot.py).
"""

from __future__ import annotations

import contextlib
import json
from typing import Iterator, List, Optional

from ..model.tijd import parse_peildatum  # the one parser of user dates and times (Amsterdam time)
from ..store.base import Store


@contextlib.contextmanager
def at(store: Store, peildatum: Optional[str]) -> Iterator[Store]:
    """The store itself, or (with a peildatum) the store as it stood then (a private copy, removed afterwards)."""
    if not peildatum:
        yield store
        return
    with store.at(parse_peildatum(peildatum)) as past:
        yield past


def history_of(store: Store, laag: str, fid: int) -> List[dict]:
    """The changes of one location (and of its tags), oldest first."""
    with store.reading() as con:
        j, p = store.json_text, store.param
        rows = con.execute(
            "SELECT wijziging_id, tijd, gebruiker, laag, fid, actie, oud, nieuw FROM wijzigingen"
            f" WHERE (laag = {p} AND fid = {p}) OR (laag = 'locatie_opgaven' AND {j('COALESCE(nieuw, oud)', 'laag')} = {p}"
            f" AND {j('COALESCE(nieuw, oud)', 'locatie_fid')} = {p}) ORDER BY wijziging_id",
            (laag, fid, laag, str(fid))).fetchall()
    out = []
    for wid, tijd, gebruiker, lg, f, actie, oud, nieuw in rows:
        out.append({"wijziging_id": wid, "tijd": tijd, "gebruiker": gebruiker, "laag": lg, "fid": f, "actie": actie,
                    "oud": json.loads(oud) if oud else None, "nieuw": json.loads(nieuw) if nieuw else None})
    return out


__all__ = ["parse_peildatum", "at", "history_of"]
