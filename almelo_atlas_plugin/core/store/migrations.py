"""Schema migrations: one step per version for both backends, run explicitly and all or nothing.

`STEPS[v]` takes a store from version v to v + 1 with plain SQL on a DB-API cursor (the same SQL on GeoPackage and
PostGIS). Around the steps each backend adds the tables and columns that are new (from schema.py) before them, and after
them renews its guards, indexes and catalogues and writes the version. GeoPackage: the work runs on a copy next to the
file that is written back in one SQLite transaction; PostGIS: one PostgreSQL transaction (DDL included), by the store's
owner. `migrate STORE`, a write command (which says so) and the dock (after asking) run it; a current store is left as it is.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Set

from ..model import blokken, catalogue
from ..model.schema import EPSG, LOCATION_LAYERS, SCHEMA_VERSION, STAND_INSERT_SQL, TABLES, TABLES_BY_NAME, WON_SEGMENTS, quote_ident
from . import gpkg_ddl, guards
from .base import MigrationNeeded, Store, StoreError, now_iso
from .rules import recompute_sql

Step = Callable[[Any, str], List[str]]


def _0_to_1(cur, mark: str) -> List[str]:
    """v0 (pre-release) kept no won_totaal, no history and no layer catalogue."""
    notes = []
    for t in LOCATION_LAYERS:
        cur.execute(f"UPDATE {quote_ident(t)} SET won_totaal = COALESCE(won_sociale_huur,0) + COALESCE(won_middenhuur,0)"
                    " + COALESCE(won_vrije_huur,0) + COALESCE(won_koop,0)")
        notes.append(f"{t}: won_totaal berekend voor {cur.rowcount} locaties")
    return notes


def _1_to_2(cur, mark: str) -> List[str]:
    """v2 adds atlas_lagen.stijl_qml (a new column); no data to move."""
    return []


def _2_to_3(cur, mark: str) -> List[str]:
    """v3: locations must have a non-empty geometry (a new guard)."""
    return []


def _3_to_4(cur, mark: str) -> List[str]:
    """v4: versie / versie_gezien on locations for optimistic locking (new columns, every row at versie 1)."""
    return []


def _4_to_5(cur, mark: str) -> List[str]:
    """v5: plan capacity in dwelling blocks. Each non-zero dwelling segment of a location becomes one bouw block
    (blokken.blocks_from_programme: jaar = oplever_jaar, gerealiseerd = status opgeleverd); every figure stays as it was."""
    notes = []
    cols = ["laag", "locatie_fid", "soort", "aantal", "segment", "woningtype", "eigenaar", "doelgroep", "jaar", "gerealiseerd"]
    for t in LOCATION_LAYERS:
        extra = "status, oplever_jaar" if t == "projecten" else "NULL, NULL"
        cur.execute(f"SELECT fid, {', '.join(WON_SEGMENTS)}, {extra} FROM {quote_ident(t)} ORDER BY fid")
        rows = []
        for r in cur.fetchall():
            loc = dict(zip(["fid", *WON_SEGMENTS, "status", "oplever_jaar"], r))
            rows += [[t, loc["fid"], *[b[c] for c in cols[2:]]] for b in blokken.blocks_from_programme(loc)]
        if rows:
            cur.executemany(f"INSERT INTO woningblokken ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})", rows)
            notes.append(f"{t}: {len(rows)} woningblokken gemaakt uit de woningsegmenten")
        # the new sums (won_netto) from the blocks, as the guards installed after the steps keep them
        cur.execute(recompute_sql(t, f"{quote_ident(t)}.fid", "sqlite" if mark == "?" else "pg"))
    return notes


def _5_to_6(cur, mark: str) -> List[str]:
    """v6: the real sources (DESIGN.md §8): tables bronnen, bron_kolommen, kerncijfers and the sources' own columns
    (vbo_id, …) on the base layers, bron_id on locations (all new and empty); leefbaarheid.score may be empty (a
    Leefbaarometer file with scores only) and leefbaarheid holds MultiPolygons (a buurt may have several parts): each
    cell becomes a MultiPolygon of its one part, fid and values unchanged."""
    if mark == "?":
        relaxed = gpkg_ddl.relax_not_null(cur, "leefbaarheid", "score")
        multi = gpkg_ddl.multi_polygon(cur, "leefbaarheid")
    else:
        cur.execute("SELECT is_nullable = 'NO' FROM information_schema.columns WHERE table_schema = current_schema()"
                    " AND table_name = 'leefbaarheid' AND column_name = 'score'")
        relaxed = bool((cur.fetchone() or [False])[0])
        cur.execute("ALTER TABLE leefbaarheid ALTER COLUMN score DROP NOT NULL")
        cur.execute("SELECT upper(type) = 'POLYGON' FROM geometry_columns WHERE f_table_schema = current_schema()"
                    " AND f_table_name = 'leefbaarheid' AND f_geometry_column = 'geom'")
        multi = bool((cur.fetchone() or [False])[0])
        if multi:
            cur.execute(f"ALTER TABLE leefbaarheid ALTER COLUMN geom TYPE geometry(MultiPolygon, {EPSG}) USING ST_Multi(geom)")
    return (["leefbaarheid: veld score mag leeg zijn"] if relaxed else []) + (["leefbaarheid: vlakken als multipolygoon"] if multi else [])


def _6_to_7_uitwisseling(cur, mark: str) -> List[str]:
    """v7 (issue #19, uitwisseling): table prijsklassen (the price-class boundaries per exchange target and year, filled
    with Gelderland's and Zuid-Holland's from FORMATS.md §9a by fill_catalogues after the steps) and the column
    woningblokken.prijsklasse (the class a province's file delivered, for a block without prijs); both new and added
    around the steps, so no data moves here."""
    return ["prijsklassen: tabel toegevoegd (Gelderland en Zuid-Holland)"]


def _7_to_8_scenario(cur, mark: str) -> List[str]:
    """v8 (#20, scenarios): tables scenario and scenario_wijziging (named sets of changes on top of the plans, DESIGN.md
    §11), new and empty, made from schema.py before the steps; no plan or history row is touched."""
    return ["scenario's: tabellen scenario en scenario_wijziging (leeg)"]


def _8_to_9_profiel(cur, mark: str) -> List[str]:
    """v9: the wijk profile kept in the store (issue #18). Adds the count of base-layer changes (atlas_meta
    basislagen_stand, from 0; the triggers that count it up come with the guards renewed after the steps). No profile is
    kept yet: the first roll-up computes and keeps it."""
    cur.execute(STAND_INSERT_SQL)
    return ["basislagen: de telling van wijzigingen voor het bewaarde wijkprofiel toegevoegd"] if cur.rowcount else []


STEPS: Dict[int, Step] = {0: _0_to_1, 1: _1_to_2, 2: _2_to_3, 3: _3_to_4, 4: _4_to_5, 5: _5_to_6, 6: _6_to_7_uitwisseling,
                          7: _7_to_8_scenario, 8: _8_to_9_profiel}
CATALOGUE_KEYS = {"opgaven": "code", "koersopgaven": "code", "woningvraag": "jaar", "atlas_lagen": "laag",
                  "realisatiekans_norm": "status_planologisch"}


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
    return notes + store.migrate_schema(version, len(found))


def run_steps(cur, version: int, outdated: int, mark: str = "?") -> List[str]:
    """The steps from `version` on (the guards, renewed after them, are counted here). `mark`: the driver's parameter mark."""
    notes: List[str] = []
    for v in range(version, SCHEMA_VERSION):
        notes.extend(STEPS[v](cur, mark))
    return notes + ([f"databaseregels vernieuwd: {outdated}"] if outdated else [])


def added_columns(cur, tables: Dict[str, Set[str]], column: Callable[[Any], str]) -> List[str]:
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


def stamp_version(store: Store, con) -> None:
    store.set_meta(con, "schema_versie", str(SCHEMA_VERSION))
    store.set_meta(con, "gemigreerd_op", now_iso())


def migrate_if_asked(store: Store, version: int, migrate: Optional[bool]) -> None:
    """Opening an older atlas store: migrate=None refuses it (MigrationNeeded), True migrates it (store.migration_notes),
    False leaves it; guards and indexes of an older plugin version are renewed only with migrate=True."""
    if version < SCHEMA_VERSION:
        if migrate is None:
            raise MigrationNeeded(store.label, version)
        if migrate:
            store.migration_notes = migrate_store(store)
        return
    if migrate:
        with store.reading() as con:
            outdated = guards.needs_update(store, con)
        if outdated:  # of an older plugin version: renewed by a write command
            store.migration_notes = migrate_store(store)


__all__ = ["STEPS", "migrate_store", "migrate_if_asked", "fill_catalogues", "run_steps", "added_columns", "stamp_version"]
