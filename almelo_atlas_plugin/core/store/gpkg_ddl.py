"""GeoPackage DDL the SQLite way, for the migrations: a table rebuilt with new DDL, a NOT NULL dropped, a Polygon table
made a MultiPolygon one. Plain sqlite3 cursors; no store object (migrations and the backend both use it)."""

from __future__ import annotations

import re
from typing import Dict, Optional

from ..model.schema import quote_ident
from . import blobs as gpkg


def relax_not_null(cur, table: str, column: str) -> bool:
    """Drop NOT NULL from one column of a GeoPackage table (rebuild_table). False when the column already takes NULL."""
    ddl = table_ddl(cur, table)
    relaxed, n = re.subn(rf'("{re.escape(column)}"\s+\w+(?:\([^)]*\))?)\s+NOT\s+NULL', r"\1", ddl or "", flags=re.I)
    if n:
        rebuild_table(cur, table, relaxed)
    return bool(n)


def multi_polygon(cur, table: str) -> bool:
    """Make a Polygon table of a GeoPackage a MultiPolygon one: its column type (rebuild_table), its registration in
    gpkg_geometry_columns and every blob (blobs.multi_polygon_blob: same envelope, so the r-tree stays as it is).
    False when the table is not a Polygon table."""
    found = cur.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ? AND upper(geometry_type_name)"
                        " = 'POLYGON'", (table,)).fetchone()
    if found is None:
        return False
    column = found[0]
    ddl = re.sub(rf'("{re.escape(column)}"\s+)POLYGON\b', r"\1MULTIPOLYGON", table_ddl(cur, table) or "", flags=re.I)
    cur.connection.create_function("atlas_multi_polygon", 1, gpkg.multi_polygon_blob, deterministic=True)
    rebuild_table(cur, table, ddl, {column: f"atlas_multi_polygon({quote_ident(column)})"})
    cur.execute("UPDATE gpkg_geometry_columns SET geometry_type_name = 'MULTIPOLYGON' WHERE table_name = ?", (table,))
    return True


def table_ddl(cur, table: str) -> Optional[str]:
    row = cur.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    return None if row is None else row[0]


def rebuild_table(cur, table: str, ddl: str, exprs: Optional[Dict[str, str]] = None) -> None:
    """Give a GeoPackage table new DDL the SQLite way (a new table with `ddl`, the rows copied with their fids, a column
    through its SQL expression in `exprs` where given, the old table dropped, the new one renamed), keeping the table's
    gpkg_contents entry, r-tree (same fids), OGR triggers, indexes and AUTOINCREMENT counter."""
    work = f"{table}_atlas_nieuw"
    ddl = re.sub(rf'^CREATE\s+TABLE\s+("?){re.escape(table)}\1', f"CREATE TABLE {quote_ident(work)}", ddl, flags=re.I)
    kept = [r[0] for r in cur.execute("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger')"
                                      " AND sql IS NOT NULL ORDER BY type, name", (table,)).fetchall()]
    seq = cur.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    names = [r[1] for r in cur.execute(f"PRAGMA table_info({quote_ident(table)})").fetchall()]
    cols = ", ".join(quote_ident(c) for c in names)
    values = ", ".join((exprs or {}).get(c, quote_ident(c)) for c in names)
    cur.execute(ddl)
    cur.execute(f"INSERT INTO {quote_ident(work)} ({cols}) SELECT {values} FROM {quote_ident(table)}")
    cur.execute(f"DROP TABLE {quote_ident(table)}")
    cur.execute(f"ALTER TABLE {quote_ident(work)} RENAME TO {quote_ident(table)}")
    for sql in kept:
        cur.execute(sql)
    if seq is not None:
        cur.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq[0], table))
