"""History: the store as it stood at a moment (peildatum), rebuilt from `wijzigingen`.

Every insert, update and delete of projecten, potloodplannen and their tags is in
`wijzigingen` with the full old and new row (JSON, geometry as hex WKB). The state at a
moment P of one row is: the `nieuw` of its last change at or before P (absent when that
change was a delete); when all its changes come after P, the `oud` of the first one
(absent when that was its insert); a row without any change is as it is now.
Goals, demand and base layers are not versioned and are taken as they are now.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

from ..model.schema import LOCATION_LAYERS, TABLES_BY_NAME, quote_ident
from ..model.tijd import parse_peildatum  # the one parser of user dates and times (Amsterdam time)
from ..store import blobs as gpkg
from ..store.geopackage import Store

VERSIONED = (*LOCATION_LAYERS, "locatie_opgaven")


def states_at(con: sqlite3.Connection, laag: str, moment: str) -> Dict[int, Optional[dict]]:
    """fid → row (dict) as it stood at `moment`, or None where the row did not exist; rows without history are left out."""
    rows = con.execute("SELECT fid, tijd, actie, oud, nieuw FROM wijzigingen WHERE laag = ? ORDER BY wijziging_id", (laag,)).fetchall()
    by: Dict[int, List[Tuple[str, str, Optional[str], Optional[str]]]] = {}
    for fid, tijd, actie, oud, nieuw in rows:
        by.setdefault(int(fid), []).append((tijd, actie, oud, nieuw))
    out: Dict[int, Optional[dict]] = {}
    for fid, changes in by.items():
        before = [c for c in changes if c[0] <= moment]
        if before:
            tijd, actie, oud, nieuw = before[-1]
            out[fid] = None if actie == "delete" else json.loads(nieuw)
        else:
            tijd, actie, oud, nieuw = changes[0]
            out[fid] = None if actie == "insert" else json.loads(oud)
    return out


def store_at(store: Store, peildatum: str, workdir: Optional[str] = None) -> Store:
    """A temporary copy of a GeoPackage store with projecten, potloodplannen and tags as they stood at `peildatum`.

    The caller removes the copy (`discard(store)`)."""
    moment = parse_peildatum(peildatum)
    tmpdir = Path(tempfile.mkdtemp(prefix="atlas_peildatum_", dir=workdir))
    path = tmpdir / f"{store.path.stem}_{moment[:10]}.gpkg"
    with store.reading() as src:  # a consistent snapshot, also while others write
        dst = sqlite3.connect(str(path))
        src.backup(dst)
        dst.close()
    copy = Store(path)
    with copy.transaction(guarded=False) as con:
        # the copy is a picture of the past: no guards, no new history
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'atlas\\_%' ESCAPE '\\'").fetchall():
            con.execute(f"DROP TRIGGER {quote_ident(name)}")
        for laag in VERSIONED:
            table = TABLES_BY_NAME[laag]
            states = states_at(con, laag, moment)
            for fid, row in states.items():
                con.execute(f"DELETE FROM {quote_ident(laag)} WHERE fid = ?", (fid,))
                if row is None:
                    continue
                cols = [f for f in table.field_names if f in row]
                values = [row[c] for c in cols]
                if table.geometry:
                    cols.append("geom")
                    values.append(gpkg.ensure_blob(bytes.fromhex(row["geom"])) if row.get("geom") else None)
                con.execute(f"INSERT INTO {quote_ident(laag)} (fid, {', '.join(quote_ident(c) for c in cols)}) "
                            f"VALUES (?, {', '.join('?' * len(cols))})", [fid, *values])
        con.execute("INSERT OR REPLACE INTO atlas_meta (sleutel, waarde) VALUES ('peildatum', ?)", (moment,))
    return copy


def discard(store: Store) -> None:
    shutil.rmtree(store.path.parent, ignore_errors=True)


@contextlib.contextmanager
def at(store: Store, peildatum: Optional[str]) -> Iterator[Store]:
    """The store itself, or (with a peildatum) the store as it stood then: a temporary copy removed afterwards (GeoPackage),
    the past computed in SQL on one connection (PostGIS)."""
    if not peildatum:
        yield store
        return
    if store.kind == "postgis":  # computed in SQL on one connection (no copy)
        from ..store.postgis_history import store_at as postgis_at

        with postgis_at(store, parse_peildatum(peildatum)) as past:
            yield past
        return
    past = store_at(store, peildatum)
    try:
        yield past
    finally:
        discard(past)


def history_of(store: Store, laag: str, fid: int) -> List[dict]:
    """The changes of one location (and of its tags), oldest first."""
    with store.reading() as con:
        j = store.json_text
        rows = con.execute(
            "SELECT wijziging_id, tijd, gebruiker, laag, fid, actie, oud, nieuw FROM wijzigingen"
            f" WHERE (laag = ? AND fid = ?) OR (laag = 'locatie_opgaven' AND {j('COALESCE(nieuw, oud)', 'laag')} = ?"
            f" AND {j('COALESCE(nieuw, oud)', 'locatie_fid')} = ?) ORDER BY wijziging_id",
            (laag, fid, laag, str(fid))).fetchall()
    out = []
    for wid, tijd, gebruiker, lg, f, actie, oud, nieuw in rows:
        out.append({"wijziging_id": wid, "tijd": tijd, "gebruiker": gebruiker, "laag": lg, "fid": f, "actie": actie,
                    "oud": json.loads(oud) if oud else None, "nieuw": json.loads(nieuw) if nieuw else None})
    return out


__all__ = ["parse_peildatum", "states_at", "store_at", "discard", "at", "history_of"]
