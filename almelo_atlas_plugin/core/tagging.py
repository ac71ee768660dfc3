"""Tag and untag locations with stadsopgaven; wijk assignment of locations."""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Sequence

from . import geo, gpkg
from .schema import LOCATION_LAYERS
from .store import Store, StoreError, current_user, now_iso


class TagError(StoreError):
    """Bad tagging input (unknown layer, feature or opgave); nothing was written."""


def check_tag_input(con, laag: str, fids: Sequence[int], codes: Sequence[str]) -> None:
    if laag not in LOCATION_LAYERS:
        raise TagError(f"Laag '{laag}' kan niet worden getagd; kies uit: {', '.join(LOCATION_LAYERS)}.")
    if not fids:
        raise TagError(f"Laag {laag}: geen locaties opgegeven.")
    if not codes:
        raise TagError("Geen opgave opgegeven (--opgave CODE).")
    known = {r[0] for r in con.execute("SELECT code FROM opgaven")}
    bad = [c for c in codes if c not in known]
    if bad:
        raise TagError(f"Onbekende opgave(n): {', '.join(map(str, bad))}; bekend zijn {', '.join(sorted(known))}.")
    present = set()
    uniq = sorted(set(int(f) for f in fids))
    for i in range(0, len(uniq), 500):
        chunk = uniq[i:i + 500]
        q = ",".join("?" * len(chunk))
        present |= {r[0] for r in con.execute(f'SELECT fid FROM "{laag}" WHERE fid IN ({q})', chunk)}
    missing = [f for f in uniq if f not in present]
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        raise TagError(f"Laag {laag}: feature(s) {shown} bestaan niet.")


def tag(store: Store, laag: str, fids: Sequence[int], codes: Sequence[str], remove: bool = False,
        user: Optional[str] = None) -> int:
    """Add (or remove) opgave tags on locations in one transaction; returns rows changed."""
    user = user or current_user()
    with store.transaction() as con:
        check_tag_input(con, laag, fids, codes)
        n = 0
        for fid in sorted(set(int(f) for f in fids)):
            for code in codes:
                if remove:
                    n += con.execute(
                        "DELETE FROM locatie_opgaven WHERE laag = ? AND locatie_fid = ? AND opgave_code = ?",
                        (laag, fid, code)).rowcount
                else:
                    n += con.execute(
                        "INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code, bijgewerkt_door)"
                        " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM locatie_opgaven"
                        " WHERE laag = ? AND locatie_fid = ? AND opgave_code = ?)",
                        (laag, fid, code, user, laag, fid, code)).rowcount
        return n


def tags_of(store: Store, laag: str, fids: Iterable[int]) -> Dict[int, List[str]]:
    fids = list(fids)
    out: Dict[int, List[str]] = {int(f): [] for f in fids}
    with store.reading() as con:
        for fid, code in con.execute(
                "SELECT locatie_fid, opgave_code FROM locatie_opgaven WHERE laag = ? ORDER BY opgave_code", (laag,)):
            if fid in out:
                out[fid].append(code)
    return out


def assign_wijken(store: Store, laag: str, fids: Optional[Sequence[int]] = None, con=None) -> Dict[int, Optional[str]]:
    """Store in `wijk_code` the wijk each location overlaps most (None outside every wijk)."""
    def run(c):
        wk = c.execute("SELECT wijk_code, geom FROM wijken ORDER BY fid").fetchall()
        codes = [w[0] for w in wk]
        polys = [None if gpkg.blob_is_empty(w[1]) else geo.from_wkb(gpkg.to_wkb(w[1])) for w in wk]
        sql = f'SELECT fid, geom, wijk_code FROM "{laag}"'
        rows = c.execute(sql).fetchall()
        if fids is not None:
            wanted = set(int(f) for f in fids)
            rows = [r for r in rows if r[0] in wanted]
        result = {}
        for fid, blob, stored in rows:
            g = None if gpkg.blob_is_empty(blob) else geo.from_wkb(gpkg.to_wkb(blob))
            w = geo.largest_overlap(g, polys, codes)
            result[fid] = w
            if w != stored:
                c.execute(f'UPDATE "{laag}" SET wijk_code = ? WHERE fid = ?', (w, fid))
        return result

    if con is not None:
        return run(con)
    with store.transaction() as c:
        return run(c)


def stamp(row: dict, user: Optional[str] = None) -> dict:
    """Set bijgewerkt_door / bijgewerkt_op on a row about to be written."""
    row = dict(row)
    row["bijgewerkt_door"] = user or current_user()
    row["bijgewerkt_op"] = now_iso()
    return row


def wijk_at(store: Store, x: float, y: float) -> Optional[str]:
    """Code of the wijk containing the point (EPSG:28992), None outside every wijk."""
    import numpy as np

    with store.reading() as con:
        wk = con.execute("SELECT wijk_code, geom FROM wijken ORDER BY fid").fetchall()
    codes = [w[0] for w in wk]
    polys = [None if gpkg.blob_is_empty(w[1]) else geo.from_wkb(gpkg.to_wkb(w[1])) for w in wk]
    return geo.assign_points(polys, codes, np.array([x]), np.array([y]))[0]
