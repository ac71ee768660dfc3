"""Copy a whole store between backends (GeoPackage ↔ PostGIS), losslessly, and prove it (open.copy_store creates the target).

The copy keeps every row with its fid, every geometry, the catalogues, goals and the history
(`wijzigingen` with its ids, times, users and old/new JSON). It runs in one transaction on the
destination: a copy that fails leaves nothing behind. `compare_stores` reads both sides back and
lists every difference (none after a good copy).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Sequence

from ..model.schema import EPSG, GEOM_COLUMN, TABLES, Table, quote_ident
from . import guards
from .base import Store

# rows that others refer to go first; the history last, after the triggers have written theirs
_LAST = ("locatie_opgaven", "doelen", "wijzigingen")
# rows the destination's triggers write for the rows copied before them
_MADE_BY_TRIGGERS = ("woningblokken", "wijzigingen")
# rows that belong to one store and are not copied or compared
_OWN = {"atlas_meta": f" WHERE sleutel <> '{guards.FINGERPRINT_KEY}'"}
ORDER: List[Table] = [t for t in TABLES if t.name not in _LAST] + [t for t in TABLES if t.name in _LAST]


def _columns(t: Table, present: Sequence[str]) -> List[str]:
    cols = [t.fid_column] + [f.name for f in t.fields if f.name in present]
    if t.geometry and GEOM_COLUMN in present:
        cols.append(GEOM_COLUMN)
    return cols


def _to_dest(bools: Sequence[int], row: Sequence[Any]) -> List[Any]:
    """A row for the destination: booleans (0/1 in a GeoPackage) as booleans."""
    out = list(row)
    for i in bools:
        if out[i] is not None:
            out[i] = bool(out[i])
    return out


def _select(store: Store, t: Table, cols: Sequence[str]) -> str:
    """Every row of t, by fid, geometry as WKB."""
    sel = ", ".join(store.geometry_sql() if c == GEOM_COLUMN else quote_ident(c) for c in cols)
    return f"SELECT {sel} FROM {quote_ident(t.name)}{_OWN.get(t.name, '')} ORDER BY {quote_ident(t.fid_column)}"


def copy_rows(src: Store, dst: Store) -> Dict[str, int]:
    """Replace every row of the (new, empty) store `dst` by those of `src`, in one transaction; rows per table."""
    counts: Dict[str, int] = {}
    with src.reading() as scon, dst.transaction() as dcon:
        have = set(src.table_names(scon))
        for t in reversed(ORDER):
            dcon.execute(f"DELETE FROM {quote_ident(t.name)}")
        for t in ORDER:
            if t.name not in have:
                continue
            cols = _columns(t, src.columns(t.name, scon))
            rows = scon.execute(_select(src, t, cols)).fetchall()
            if t.name in _MADE_BY_TRIGGERS:  # blocks made from the locations' programmes, history of the rows copied above
                dcon.execute(f"DELETE FROM {quote_ident(t.name)}")  # the source's replace them
            kinds = {f.name: f.type for f in t.fields}
            bools = [i for i, c in enumerate(cols) if kinds.get(c) == "BOOLEAN"]
            dst.insert_many(dcon, t.name, cols, [_to_dest(bools, r) for r in rows])
            counts[t.name] = len(rows)
        dst.finish_write(dcon)
        # the guards' fingerprint is the destination's own (its backend generates other SQL)
        dst.set_meta(dcon, guards.FINGERPRINT_KEY, guards.fingerprint(guards.installed(dst, dcon)))
    return counts


def _instant(v: Any) -> Any:
    """An ISO time as a UTC instant (ms): '…T00:00:00Z' and '…T00:00:00.000Z' are the same moment."""
    if not isinstance(v, str):
        return v
    try:
        t = _dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return v
    if t.tzinfo is None:
        t = t.replace(tzinfo=_dt.timezone.utc)
    return round(t.timestamp() * 1000)


def _norm_geom(wkb: Any) -> Any:
    from ..model import geo

    if wkb is None:
        return None
    g = geo.from_wkb(bytes(wkb))
    return "EMPTY" if g.is_empty else (EPSG, g.wkb)


def compare_stores(a: Store, b: Store) -> List[str]:
    """Every difference between two stores (rows by fid, all fields, geometries exactly); empty when identical."""
    diffs: List[str] = []
    with a.reading() as ca, b.reading() as cb:
        ta, tb = set(a.table_names(ca)), set(b.table_names(cb))
        for t in TABLES:
            if (t.name in ta) != (t.name in tb):
                diffs.append(f"{t.name}: tabel alleen in {'de bron' if t.name in ta else 'het doel'}")
                continue
            if t.name not in ta:
                continue
            cols = _columns(t, sorted(set(a.columns(t.name, ca)) & set(b.columns(t.name, cb))))
            ra, rb = ca.execute(_select(a, t, cols)).fetchall(), cb.execute(_select(b, t, cols)).fetchall()
            if len(ra) != len(rb):
                diffs.append(f"{t.name}: {len(ra)} rijen in de bron, {len(rb)} in het doel")
            kinds = {f.name: f.type for f in t.fields}
            for x, y in zip(ra, rb):
                for c, u, v in zip(cols, x, y):
                    if c == GEOM_COLUMN:
                        u, v = _norm_geom(u), _norm_geom(v)
                    elif kinds.get(c) == "DATETIME":
                        u, v = _instant(u), _instant(v)
                    elif kinds.get(c) == "BOOLEAN":
                        u, v = (None if u is None else bool(u)), (None if v is None else bool(v))
                    if u != v:
                        diffs.append(f"{t.name}, feature {x[0]}, veld {c}: {str(u)[:60]!s} ≠ {str(v)[:60]!s}")
                        if len(diffs) > 200:
                            return diffs
    return diffs


__all__ = ["copy_rows", "compare_stores"]
