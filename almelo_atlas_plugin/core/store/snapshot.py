"""Rows as they stood at a moment, from the history (`wijzigingen`): what both backends' `at(moment)` build on.

The state at a moment P of one row is: the `nieuw` of its last change at or before P (absent when that change was a
delete); when all its changes come after P, the `oud` of the first one (absent when that was its insert); a row without
any change is as it is now. Locations, their tags and their blocks are versioned; goals, demand and base layers are not and are taken as they are now.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple, Union

from ..model import blokken
from ..model.schema import LOCATION_LAYERS
from . import blobs
from .base import Store

VERSIONED = (*LOCATION_LAYERS, "locatie_opgaven", "woningblokken")


def states_at(store: Store, con: Any, laag: str, moment: Union[str, int], by: str = "tijd") -> Dict[int, Optional[dict]]:
    """fid → row (dict) as it stood at `moment`, or None where the row did not exist; rows without history are left out.
    by="wijziging_id": as it stood right after history row `moment`."""
    rows = con.execute(f"SELECT fid, {by}, actie, oud, nieuw FROM wijzigingen WHERE laag = {store.param} ORDER BY wijziging_id",
                       (laag,)).fetchall()
    of: Dict[int, List[Tuple[Any, str, Optional[str], Optional[str]]]] = {}
    for fid, tijd, actie, oud, nieuw in rows:
        of.setdefault(int(fid), []).append((tijd, actie, oud, nieuw))
    out: Dict[int, Optional[dict]] = {}
    for fid, changes in of.items():
        before = [c for c in changes if c[0] <= moment]
        if before:
            tijd, actie, oud, nieuw = before[-1]
            out[fid] = None if actie == "delete" else json.loads(nieuw)
        else:
            tijd, actie, oud, nieuw = changes[0]
            out[fid] = None if actie == "insert" else json.loads(oud)
    return out


def blocks_of_then(state: Optional[dict]) -> Optional[List[Dict[str, Any]]]:
    """The blocks of a location whose state of then (a history row) is from before schema 5 (it has no won_netto: its
    programme was kept in its won_* fields, its blocks now were made by the migration): the blocks that programme makes
    (blokken.blocks_from_programme); None for a state of schema 5, whose blocks have their own history."""
    if state is None or "won_netto" in state:
        return None
    return blokken.blocks_from_programme(state)


def past_blocks(store: Store, con: Any, moment: Union[str, int]) -> Dict[Tuple[str, int], List[Dict[str, Any]]]:
    """(laag, fid) → the blocks of each location whose state at `moment` is from before schema 5 (blocks_of_then): these
    replace the blocks the location has at `moment` (made by the migration from the programme of now)."""
    out: Dict[Tuple[str, int], List[Dict[str, Any]]] = {}
    for laag in LOCATION_LAYERS:
        for fid, state in states_at(store, con, laag, moment).items():
            blocks = blocks_of_then(state)
            if blocks is not None:
                out[(laag, fid)] = blocks
    return out


def history_wkb(text: Optional[str]) -> Optional[bytes]:
    """A history row's geometry (hex: plain WKB from PostGIS, a GeoPackage blob from a GeoPackage) as plain WKB."""
    if not text:
        return None
    b = bytes.fromhex(text)
    return blobs.to_wkb(b) if b[:2] == b"GP" else b


__all__ = ["VERSIONED", "states_at", "blocks_of_then", "past_blocks", "history_wkb"]
