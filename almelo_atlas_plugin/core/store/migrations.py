"""Schema migrations: one step per version for both backends, run explicitly and all or nothing.

`STEPS[v]` takes a store from version v to v + 1 with plain SQL on a DB-API cursor (the same SQL on GeoPackage and
PostGIS). Around the steps each backend adds the tables and columns that are new (from schema.py) before them, and after
them renews its guards, indexes and catalogues and writes the version. GeoPackage: the work runs on a copy next to the
file that is written back in one SQLite transaction; PostGIS: one PostgreSQL transaction (DDL included), by the store's
owner. `migrate STORE`, a write command (which says so) and the dock (after asking) run it; a current store is left as it is.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from typing import Any, Callable, Dict, List, Set

from ..model import catalogue
from ..model.schema import LOCATION_LAYERS, SCHEMA_VERSION, TABLES, TABLES_BY_NAME, quote_ident
from . import guards, rules
from .geopackage import Store, StoreError, _ogr_create_tables, _remove, _set_meta, now_iso, work_name

Step = Callable[[Any], List[str]]


def _0_to_1(cur) -> List[str]:
    """v0 (pre-release) kept no won_totaal, no history and no layer catalogue."""
    notes = []
    for t in LOCATION_LAYERS:
        cur.execute(f"UPDATE {quote_ident(t)} SET won_totaal = COALESCE(won_sociale_huur,0) + COALESCE(won_middenhuur,0)"
                    " + COALESCE(won_vrije_huur,0) + COALESCE(won_koop,0)")
        notes.append(f"{t}: won_totaal berekend voor {cur.rowcount} locaties")
    return notes


def _1_to_2(cur) -> List[str]:
    """v2 adds atlas_lagen.stijl_qml (a new column); no data to move."""
    return []


def _2_to_3(cur) -> List[str]:
    """v3: locations must have a non-empty geometry (a new guard)."""
    return []


def _3_to_4(cur) -> List[str]:
    """v4: versie / versie_gezien on locations for optimistic locking (new columns, every row at versie 1)."""
    return []


STEPS: Dict[int, Step] = {0: _0_to_1, 1: _1_to_2, 2: _2_to_3, 3: _3_to_4}
CATALOGUE_KEYS = {"opgaven": "code", "koersopgaven": "code", "woningvraag": "jaar", "atlas_lagen": "laag"}


def migrate_store(store: Store) -> List[str]:
    """Bring an atlas store to SCHEMA_VERSION without losing rows, and renew guards and indexes of an older plugin version.
    Returns what was changed (nothing for a current store). Refused for guards changed by hand (a beheerder repairs them)."""
    version = store.schema_version()
    if version > SCHEMA_VERSION:
        raise StoreError(f"Store {store.label} heeft schemaversie {version}; deze plugin kent versie {SCHEMA_VERSION}. Werk de plugin bij.")
    with store.reading() as con:
        found = guards.problems(store, con)
        refresh = guards.needs_update(store, con)
    if any(not p.verouderd for p in found):  # tampered: repairing is a beheerder's decision, not a side effect of opening
        raise StoreError(f"Store {store.label}: databaseregels ontbreken of zijn gewijzigd; {guards.REPAIR}.")
    if version >= SCHEMA_VERSION and not refresh:
        return []
    notes = [f"schemaversie {version} → {SCHEMA_VERSION}"] if version < SCHEMA_VERSION else []
    if store.kind == "postgis":
        return notes + _migrate_postgis(store, version, len(found))
    return notes + _migrate_geopackage(store, version, len(found))


def _run(cur, version: int, outdated: int) -> List[str]:
    """The steps from `version` on (the guards, renewed after them, are counted here)."""
    notes: List[str] = []
    for v in range(version, SCHEMA_VERSION):
        notes.extend(STEPS[v](cur))
    return notes + ([f"databaseregels vernieuwd: {outdated}"] if outdated else [])


def _added_columns(cur, tables: Dict[str, Set[str]], column: Callable[[Any], str]) -> List[str]:
    """ALTER TABLE … ADD COLUMN for every schema field a present table lacks (tables: name → its columns)."""
    notes = []
    for t in TABLES:
        if t.name not in tables:
            continue
        for f in t.fields:
            if f.name not in tables[t.name]:
                cur.execute(f"ALTER TABLE {quote_ident(t.name)} ADD COLUMN {column(f)}")
                notes.append(f"{t.name}: veld {f.name} toegevoegd")
    return notes


def fill_catalogues(cur, mark: str = "?") -> None:
    """Add catalogue rows the store lacks (by key); existing rows are the user's and stay as they are. Goals are added only
    to a store without any goals. `mark`: the driver's parameter mark (sqlite3 `?`, psycopg2 `%s`)."""
    for tname, rows in catalogue.catalogue_rows().items():
        key = CATALOGUE_KEYS.get(tname)
        cur.execute(f"SELECT {quote_ident(key) if key else 'NULL'} FROM {quote_ident(tname)}")
        have = {r[0] for r in cur.fetchall()}
        if key is None and have:
            continue
        rows = [r for r in rows if key is None or r[key] not in have]
        if not rows:
            continue
        table = TABLES_BY_NAME[tname]
        cols = [c for c in rows[0].keys() if c in table.field_names]
        flags = {c for c in cols if table.field(c).type == "BOOLEAN"}
        cur.executemany(f"INSERT INTO {quote_ident(tname)} ({', '.join(quote_ident(c) for c in cols)}) "
                        f"VALUES ({', '.join([mark] * len(cols))})",
                        [[bool(r.get(c)) if c in flags else r.get(c) for c in cols] for r in rows])


def _stamp_version(con) -> None:
    _set_meta(con, "schema_versie", str(SCHEMA_VERSION))
    _set_meta(con, "gemigreerd_op", now_iso())


# --- GeoPackage ---------------------------------------------------------------------------------

def _migrate_geopackage(store: Store, version: int, outdated: int) -> List[str]:
    """On a copy next to the file, then written back in a single SQLite transaction (a failure or a kill leaves the store
    as it was)."""
    if not os.access(store.path, os.W_OK) or not os.access(store.path.parent, os.W_OK):
        raise StoreError(f"GeoPackage '{store.path}' is alleen-lezen: hij kan niet worden gemigreerd; er is niets gewijzigd.")
    store.recover()
    work = work_name(store.path, "migratie.gpkg")
    try:
        stamp = _stamp(store.path)
        _copy_sqlite(store.connect(write=False), sqlite3.connect(str(work)))
        notes = _geopackage_steps(Store(work), version, outdated)
        dst = sqlite3.connect(str(store.path), timeout=store.busy_timeout, isolation_level=None)
        dst.execute("BEGIN IMMEDIATE")  # no other writer from here on
        unchanged = _stamp(store.path) == stamp
        dst.execute("ROLLBACK")
        if not unchanged:
            dst.close()
            raise StoreError(f"GeoPackage '{store.path}' is tijdens de migratie door een ander programma gewijzigd; "
                             "er is niets gemigreerd. Probeer het opnieuw.")
        _copy_sqlite(sqlite3.connect(str(work)), dst)  # one transaction on the store
    except sqlite3.OperationalError as exc:
        raise StoreError(f"GeoPackage '{store.path}' kan niet worden gemigreerd ({exc}); er is niets gewijzigd.") from exc
    finally:
        _remove(work)
    return notes


def _stamp(path) -> bytes:
    """SQLite's file change counter and page count (header bytes 24–31): they move with every commit."""
    with open(path, "rb") as fh:
        fh.seek(24)
        return fh.read(8)


def _copy_sqlite(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    """Copy a whole SQLite database page by page, in one transaction on the destination; closes both."""
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _gpkg_column(f) -> str:
    decl = f"{quote_ident(f.name)} {f.type}"
    if f.default is not None:
        decl += f" DEFAULT {f.default}" + (" NOT NULL" if f.not_null else "")
    return decl


def _geopackage_steps(store: Store, version: int, outdated: int) -> List[str]:
    from .geopackage import installed_indexes

    notes: List[str] = []
    present = set(store.table_names())
    missing = [t for t in TABLES if t.name not in present]
    if missing:
        _ogr_create_tables(store.path, missing, new=False)  # through OGR: GeoPackage metadata, r-tree, field domains
        notes.append("tabellen toegevoegd: " + ", ".join(t.name for t in missing))
    with store.transaction(guarded=False) as con:
        cur = con.cursor()
        notes += _added_columns(cur, {t.name: set(store.columns(t.name, con)) for t in TABLES if t.name in present}, _gpkg_column)
        notes += _run(cur, version, outdated)
        guards.reinstall(store, con)
        notes += rules.align_indexes(cur, installed_indexes(con), set(store.table_names(con)))
        fill_catalogues(cur)
        _stamp_version(con)
    return notes


# --- PostGIS ------------------------------------------------------------------------------------

def _migrate_postgis(store, version: int, outdated: int) -> List[str]:
    """One PostgreSQL transaction, DDL included: a failure anywhere leaves the store as it was. Only the store's owner may."""
    from .postgis import FOREIGN_KEYS, column_sql, installed_indexes, may_repair, table_ddl

    if not may_repair(store):
        raise StoreError(f"Store {store.label}: alleen de eigenaar van het schema kan de store migreren; er is niets gewijzigd.")
    with store.transaction(guarded=False) as con:
        cur = con.raw.cursor()  # psycopg2 itself: %s parameters
        cur.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s", (store.schema,))
        tables: Dict[str, Set[str]] = {}
        for table, col in cur.fetchall():
            tables.setdefault(table, set()).add(col)
        missing = sorted((t for t in TABLES if t.name not in tables), key=lambda t: t.name in FOREIGN_KEYS)  # opgaven first
        for t in missing:
            for sql in table_ddl(t):
                cur.execute(sql)
        notes = ["tabellen toegevoegd: " + ", ".join(t.name for t in missing)] if missing else []
        # as on the GeoPackage: a new required field without a default is required from its first edit on
        notes += _added_columns(cur, tables, lambda f: column_sql(f if f.default is not None else replace(f, not_null=False)))
        notes += _run(cur, version, outdated)
        guards.reinstall(store, con)
        present = set(tables) | {t.name for t in missing}
        notes += rules.align_indexes(cur, installed_indexes(cur, store.schema), present)
        fill_catalogues(cur, "%s")
        _stamp_version(con)
    return notes


__all__ = ["STEPS", "migrate_store", "fill_catalogues"]
