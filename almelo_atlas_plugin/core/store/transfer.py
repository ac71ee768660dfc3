"""Copy a whole store between backends (GeoPackage ↔ PostGIS), losslessly, and prove it.

The copy keeps every row with its fid, every geometry, the catalogues, goals and the history
(`wijzigingen` with its ids, times, users and old/new JSON). It runs in one transaction on the
destination: a copy that fails leaves nothing behind. `compare_stores` reads both sides back and
lists every difference (none after a good copy).
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Dict, List, Sequence

from ..model.schema import EPSG, GEOM_COLUMN, TABLES, Table, quote_ident
from . import guards
from .geopackage import Store, StoreError, _set_meta, built_aside, create_store, is_postgres, open_store, update_extents

# rows that others refer to go first; the history last, after the triggers have written theirs
_LAST = ("locatie_opgaven", "doelen", "wijzigingen")
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


def create_empty(arg: str, overwrite: bool = False) -> Store:
    if is_postgres(arg):
        from .postgis import create_pg_store, open_pg_store

        create_pg_store(arg, overwrite=overwrite)
        return open_pg_store(arg)
    return create_store(arg, overwrite=overwrite)


def copy_store(src: Store, dst_arg: str, overwrite: bool = False) -> Dict[str, int]:
    """Create the store `dst_arg` (a .gpkg path or a PostgreSQL string) and copy `src` into it; rows per table.
    A GeoPackage is built next to the target and renamed into place when complete (an existing one only with overwrite)."""
    if os.path.abspath(str(src.uri)) == os.path.abspath(dst_arg) or src.uri == dst_arg:
        raise StoreError("Bron en doel zijn dezelfde store.")
    if is_postgres(dst_arg):
        return _copy_into(src, dst_arg, overwrite)
    with built_aside(dst_arg, overwrite, "kopie") as work:
        return _copy_into(src, str(work), True)


def _copy_into(src: Store, dst_arg: str, overwrite: bool) -> Dict[str, int]:
    dst = create_empty(dst_arg, overwrite=overwrite)
    counts: Dict[str, int] = {}
    try:
        with src.reading() as scon, dst.transaction() as dcon:
            have = set(src.table_names(scon))
            for t in reversed(ORDER):
                dcon.execute(f"DELETE FROM {quote_ident(t.name)}")
            for t in ORDER:
                if t.name not in have:
                    continue
                cols = _columns(t, src.columns(t.name, scon))
                sel = ", ".join(quote_ident(c) for c in cols)
                rows = scon.execute(f"SELECT {sel} FROM {quote_ident(t.name)}{_OWN.get(t.name, '')} ORDER BY {quote_ident(t.fid_column)}").fetchall()
                if t.name == "wijzigingen":  # the triggers wrote history for the rows copied above: the source's replaces it
                    dcon.execute("DELETE FROM wijzigingen")
                kinds = {f.name: f.type for f in t.fields}
                bools = [i for i, c in enumerate(cols) if kinds.get(c) == "BOOLEAN"]
                dst.insert_many(dcon, t.name, cols, [_to_dest(bools, r) for r in rows])
                counts[t.name] = len(rows)
            if dst.kind == "postgis":
                for t in ORDER:
                    fc = quote_ident(t.fid_column)
                    dcon.execute(f"SELECT setval(pg_get_serial_sequence('{t.name}', '{t.fid_column}'),"
                                 f" COALESCE((SELECT max({fc}) FROM {quote_ident(t.name)}), 0) + 1, false)")
            else:
                update_extents(dcon)
            # the guards' fingerprint is the destination's own (its backend generates other SQL)
            _set_meta(dcon, guards.FINGERPRINT_KEY, guards.fingerprint(guards.installed(dst, dcon)))
    except BaseException:
        if dst.kind == "gpkg" and dst.path.exists():
            dst.path.unlink()
        raise
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


def _norm_geom(blob: Any) -> Any:
    from ..model import geo
    from . import blobs as gpkg

    if blob is None:
        return None
    if gpkg.blob_is_empty(blob):
        return "EMPTY"
    srid = gpkg.blob_srs_id(blob)
    return (srid if srid != 0 else EPSG, geo.from_wkb(gpkg.to_wkb(blob)).wkb)


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
            sel = ", ".join(quote_ident(c) for c in cols)
            sql = f"SELECT {sel} FROM {quote_ident(t.name)}{_OWN.get(t.name, '')} ORDER BY {quote_ident(t.fid_column)}"
            ra, rb = ca.execute(sql).fetchall(), cb.execute(sql).fetchall()
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


def export_store(src_arg: str, dst_arg: str, overwrite: bool = False) -> Dict[str, Any]:
    """Copy and verify: the CLI's `export`."""
    src = open_store(src_arg)
    counts = copy_store(src, dst_arg, overwrite=overwrite)
    dst = open_store(dst_arg)
    return {"rijen": counts, "verschillen": compare_stores(src, dst), "doel": dst}


__all__ = ["copy_store", "compare_stores", "export_store", "create_empty"]
