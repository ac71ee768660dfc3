"""Open, create, guard and migrate a store (GeoPackage).

Tables are created through OGR (GeoPackage metadata, r-tree, field domains); the
guards (domains, non-negative programme, known opgave codes, EPSG:28992) and the
history are SQL triggers, so the database refuses bad rows whichever tool writes.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import getpass
import os
import re
import sqlite3
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from ..model.schema import (
    CONFLICT_BY,
    CONFLICT_MESSAGE,
    EPSG,
    GEOM_COLUMN,
    LOCATION_LAYERS,
    REQUIRED_RULE,
    SCHEMA_VERSION,
    TABLES,
    TABLES_BY_NAME,
    UNIQUE_RULE,
    VERSION_FIELDS,
    Field,
    Table,
    quote_ident,
    quote_literal,
)
from ..model.tijd import local_time
from . import blobs as gpkg
from . import guards
from .rules import align_indexes, guard_conditions

GPKG_APPLICATION_IDS = (0x47504B47, 0x47503130, 0x47503131)  # 'GPKG', 'GP10', 'GP11'
TRIGGER_PREFIX = "atlas_"


class StoreError(Exception):
    """A store problem, with a Dutch message for the user."""


class DbError(sqlite3.DatabaseError):
    """A refused write on a PostGIS store, carrying the Dutch message: callers catch one error type for both backends."""


class MigrationNeeded(StoreError):
    """An atlas store at an older schema version, opened without consent to migrate it."""

    def __init__(self, label: str, version: int):
        self.version = version
        super().__init__(f"Store '{label}' heeft schemaversie {version} (deze plugin: {SCHEMA_VERSION}); "
                         f"voer eerst `migrate {label}` uit.")


DISK_FULL = "schijf vol: er is niets opgeslagen"


def is_disk_full(exc: BaseException) -> bool:
    """SQLite's SQLITE_FULL (or the OS's ENOSPC) in the middle of a write."""
    import errno

    return (isinstance(exc, sqlite3.OperationalError) and getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL) \
        or "database or disk is full" in str(exc) or (isinstance(exc, OSError) and exc.errno == errno.ENOSPC)


class ConnectionLost(StoreError):
    """The database went away in the middle of the work; nothing of the unfinished transaction was saved."""


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return os.environ.get("USER", "onbekend")


def is_postgres(arg: str) -> bool:
    a = str(arg)
    return a.startswith(("postgresql://", "postgres://", "service=", "dbname=", "host="))


def check_gpkg_path(arg: str) -> Path:
    if is_postgres(arg):
        raise StoreError(f"'{_redact(arg)}' is een PostGIS-store; hier is een GeoPackage (.gpkg) nodig.")
    path = Path(arg)
    if path.suffix.lower() != ".gpkg":
        raise StoreError(f"'{arg}' is geen GeoPackage: een store is een pad dat eindigt op .gpkg.")
    return path


def _redact(arg: str) -> str:
    """Never show a password from a connection string."""
    import re

    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", re.sub(r"password=\S+", "password=***", arg))


# --- DDL ---------------------------------------------------------------------------------

def _ogr_field(f: Field):
    from osgeo import ogr

    types = {
        "TEXT": (ogr.OFTString, ogr.OFSTNone),
        "INTEGER": (ogr.OFTInteger64 if f.name.endswith("fid") else ogr.OFTInteger, ogr.OFSTNone),
        "REAL": (ogr.OFTReal, ogr.OFSTNone),
        "DATE": (ogr.OFTDate, ogr.OFSTNone),
        "DATETIME": (ogr.OFTDateTime, ogr.OFSTNone),
        "BOOLEAN": (ogr.OFTInteger, ogr.OFSTBoolean),
    }
    ftype, sub = types[f.type]
    fd = ogr.FieldDefn(f.name, ftype)
    fd.SetSubType(sub)
    if f.label:
        with contextlib.suppress(AttributeError):
            fd.SetAlternativeName(f.label)
    if f.not_null:
        fd.SetNullable(False)
    if f.unique:
        fd.SetUnique(True)
    if f.default is not None:
        fd.SetDefault(f.default)
    if f.domain:
        fd.SetDomainName(f.domain)
    return fd


def _ogr_create_tables(path: Path, tables: Sequence[Table], new: bool) -> None:
    from osgeo import gdal, ogr, osr

    gdal.UseExceptions()
    ogr.UseExceptions()
    if new:
        ds = gdal.GetDriverByName("GPKG").Create(str(path), 0, 0, 0, gdal.GDT_Unknown)
    else:
        ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_UPDATE)
    if ds is None:
        raise StoreError(f"GeoPackage '{path}' kan niet worden geschreven.")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    existing_domains = set(ds.GetFieldDomainNames() or [])
    from ..model.schema import DOMAINS

    for name, values in DOMAINS.items():
        if name in existing_domains:
            continue
        dom = ogr.CreateCodedFieldDomain(name, "", ogr.OFTString, ogr.OFSTNone, dict(values))
        ds.AddFieldDomain(dom)
    geom_types = {
        "MultiPolygon": ogr.wkbMultiPolygon,
        "Polygon": ogr.wkbPolygon,
        "Point": ogr.wkbPoint,
        None: ogr.wkbNone,
    }
    for t in tables:
        opts = [f"FID={t.fid_column}"]
        if t.geometry:
            opts += [f"GEOMETRY_NAME={GEOM_COLUMN}", "SPATIAL_INDEX=YES"]
        if t.title:
            opts.append(f"IDENTIFIER={t.title}")
        lyr = ds.CreateLayer(t.name, srs if t.geometry else None, geom_types[t.geometry], options=opts)
        for f in t.fields:
            lyr.CreateField(_ogr_field(f))
    ds.FlushCache()
    ds = None


def _json_object(t: Table, ref: str) -> str:
    parts = []
    for f in t.fields:
        if f.name in VERSION_FIELDS:
            continue
        parts.append(f"{quote_literal(f.name)}, {ref}.{quote_ident(f.name)}")
    if t.geometry:
        parts.append(f"'geom', hex({ref}.{quote_ident(GEOM_COLUMN)})")
    return "json_object(" + ", ".join(parts) + ")"


def trigger_sql(t: Table) -> List[str]:
    """CREATE TRIGGER statements guarding a table (GeoPackage / SQLite dialect)."""
    name = quote_ident(t.name)
    out: List[str] = []
    conds = guard_conditions(t, "sqlite")
    if conds:
        body = "\n".join(
            f"  SELECT CASE WHEN {c} THEN RAISE(ABORT, {quote_literal(f'Laag {t.name}, veld {m}')}) END;"
            for c, m in conds
        )
        for op in ("INSERT", "UPDATE"):
            trg = quote_ident(f"{TRIGGER_PREFIX}{t.name}_guard_{op.lower()}")
            out.append(f"CREATE TRIGGER {trg} BEFORE {op} ON {name} FOR EACH ROW BEGIN\n{body}\nEND")
    if t.name in LOCATION_LAYERS:
        trg = quote_ident(f"{TRIGGER_PREFIX}{t.name}_tags_cascade")
        out.append(
            f"CREATE TRIGGER {trg} AFTER DELETE ON {name} FOR EACH ROW BEGIN\n"
            f"  DELETE FROM locatie_opgaven WHERE laag = {quote_literal(t.name)} AND locatie_fid = OLD.fid;\nEND"
        )
        trg = quote_ident(f"{TRIGGER_PREFIX}{t.name}_wijk_stale")
        out.append(
            f"CREATE TRIGGER {trg} AFTER UPDATE OF {quote_ident(GEOM_COLUMN)} ON {name} FOR EACH ROW\n"
            f"  WHEN NEW.wijk_code IS OLD.wijk_code AND NEW.geom IS NOT OLD.geom BEGIN\n"
            f"  UPDATE {name} SET wijk_code = NULL WHERE fid = NEW.fid;\nEND"
        )
    if t.name == "opgaven":
        trg = quote_ident(f"{TRIGGER_PREFIX}opgaven_in_use")
        out.append(
            f"CREATE TRIGGER {trg} BEFORE DELETE ON opgaven FOR EACH ROW\n"
            "  WHEN EXISTS (SELECT 1 FROM locatie_opgaven WHERE opgave_code = OLD.code)"
            " OR EXISTS (SELECT 1 FROM doelen WHERE opgave_code = OLD.code) BEGIN\n"
            "  SELECT RAISE(ABORT, 'Laag opgaven, veld code: opgave is nog in gebruik');\nEND"
        )
    if "versie_gezien" in t.field_names:
        # optimistic locking (a RAISE message is a literal in SQLite: who and when come from `conflict_message`)
        out.append(
            f"CREATE TRIGGER {quote_ident(TRIGGER_PREFIX + t.name + '_versie_check')} BEFORE UPDATE ON {name} FOR EACH ROW\n"
            f"  WHEN NEW.versie_gezien IS NOT NULL AND NEW.versie_gezien IS NOT OLD.versie BEGIN\n"
            f"  SELECT RAISE(ABORT, {quote_literal(f'Laag {t.name}, {CONFLICT_MESSAGE}')});\nEND")
        out.append(
            f"CREATE TRIGGER {quote_ident(TRIGGER_PREFIX + t.name + '_versie_ophogen')} AFTER UPDATE ON {name} FOR EACH ROW\n"
            f"  WHEN NEW.versie_gezien IS NOT NULL BEGIN\n"
            f"  UPDATE {name} SET versie = OLD.versie + 1, versie_gezien = NULL WHERE fid = NEW.fid;\nEND")
        out.append(
            f"CREATE TRIGGER {quote_ident(TRIGGER_PREFIX + t.name + '_versie_nieuw')} AFTER INSERT ON {name} FOR EACH ROW\n"
            f"  WHEN NEW.versie_gezien IS NOT NULL BEGIN\n"
            f"  UPDATE {name} SET versie_gezien = NULL WHERE fid = NEW.fid;\nEND")
    if t.history:
        user_new = "NEW.bijgewerkt_door" if "bijgewerkt_door" in t.field_names else "NULL"
        user_old = "OLD.bijgewerkt_door" if "bijgewerkt_door" in t.field_names else "NULL"
        ins = "INSERT INTO wijzigingen (tijd, gebruiker, laag, fid, actie, oud, nieuw) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ','now')"
        tracked = [f.name for f in t.fields if f.name != "wijk_code" and f.name not in VERSION_FIELDS] + ([GEOM_COLUMN] if t.geometry else [])
        changed = " OR ".join(f"OLD.{quote_ident(c)} IS NOT NEW.{quote_ident(c)}" for c in tracked)
        lit = quote_literal(t.name)
        out.append(
            f"CREATE TRIGGER {quote_ident(TRIGGER_PREFIX + t.name + '_hist_insert')} AFTER INSERT ON {name} FOR EACH ROW BEGIN\n"
            f"  {ins}, {user_new}, {lit}, NEW.fid, 'insert', NULL, {_json_object(t, 'NEW')});\nEND"
        )
        out.append(
            f"CREATE TRIGGER {quote_ident(TRIGGER_PREFIX + t.name + '_hist_update')} AFTER UPDATE ON {name} FOR EACH ROW\n"
            f"  WHEN {changed} BEGIN\n"
            f"  {ins}, {user_new}, {lit}, NEW.fid, 'update', {_json_object(t, 'OLD')}, {_json_object(t, 'NEW')});\nEND"
        )
        out.append(
            f"CREATE TRIGGER {quote_ident(TRIGGER_PREFIX + t.name + '_hist_delete')} AFTER DELETE ON {name} FOR EACH ROW BEGIN\n"
            f"  {ins}, {user_old}, {lit}, OLD.fid, 'delete', {_json_object(t, 'OLD')}, NULL);\nEND"
        )
    return out


def installed_indexes(con: sqlite3.Connection) -> Dict[str, str]:
    """name → definition of the atlas indexes in the GeoPackage (compared with rules.INDEXES)."""
    return dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name LIKE 'atlas\\_%' ESCAPE '\\'").fetchall())


def expected_triggers() -> List[str]:
    names = []
    for t in TABLES:
        for sql in trigger_sql(t):
            names.append(sql.split('"')[1])
    return names


# --- the store ------------------------------------------------------------------------------

class Store:
    """A GeoPackage store. Connections are short-lived; writes run in one transaction."""

    kind = "gpkg"
    busy_timeout = 30.0  # seconds a write waits for another program's lock
    migration_notes: List[str] = []  # what opening with migrate=True changed

    def __init__(self, path: os.PathLike | str):
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @property
    def uri(self) -> str:
        return str(self.path)

    @property
    def label(self) -> str:
        """How the store is named to the user."""
        return str(self.path)

    # dialect: the few places where SQLite and PostgreSQL differ
    @staticmethod
    def json_text(expr: str, key: str) -> str:
        """SQL for a JSON text column's member `key`, as text."""
        return f"CAST(json_extract({expr}, '$.{key}') AS TEXT)"

    @staticmethod
    def distinct(a: str, b: str) -> str:
        """SQL: a and b differ, NULL-safe."""
        return f"{a} IS NOT {b}"

    @staticmethod
    def is_number(col: str) -> str:
        """SQL condition: the (untyped) column holds a number."""
        return f"typeof({col}) IN ('integer','real')"

    @staticmethod
    def geom_size(col: str = GEOM_COLUMN) -> str:
        """SQL aggregate that changes when any geometry of a table changes size."""
        return f"sum(length({col}))"

    @staticmethod
    def history_row(t: Table, ref: str) -> str:
        """SQL: the row `ref` of table t as its history records it (JSON)."""
        return _json_object(t, ref)

    def trigger_names(self, con) -> List[str]:
        return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]

    def expected_triggers(self) -> List[str]:
        return expected_triggers()

    def geometry_srids(self, con) -> Dict[str, int]:
        """table → EPSG code of its registered geometry column."""
        tables = set(self.table_names(con))
        if not {"gpkg_geometry_columns", "gpkg_spatial_ref_sys"} <= tables:
            return {}
        return dict(con.execute(
            "SELECT g.table_name, CASE WHEN s.organization = 'EPSG' OR s.organization = 'epsg' THEN s.organization_coordsys_id"
            " ELSE g.srs_id END FROM gpkg_geometry_columns g LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id").fetchall())

    def layer_source(self, table: str) -> Tuple[str, str]:
        """(QGIS data source, provider) of one table."""
        return f"{self.path}|layername={table}", "ogr"

    # connections
    def connect(self, write: bool = False) -> sqlite3.Connection:
        try:
            if write:
                con = sqlite3.connect(str(self.path), timeout=self.busy_timeout, isolation_level=None)
            else:
                from urllib.parse import quote

                # percent-encoded: a file name may hold '?', '#' or '%'
                con = sqlite3.connect(f"file:{quote(str(self.path.resolve()))}?mode=ro", uri=True, timeout=self.busy_timeout,
                                      isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"GeoPackage '{self.path}' kan niet worden geopend: {exc}") from exc
        gpkg.register_functions(con)
        return con

    def recover(self) -> None:
        """Roll back the leftovers of a writer that died mid-transaction (a hot journal), which a read-only
        connection cannot do; SQLite does it when a writer opens the file."""
        journal = Path(str(self.path) + "-journal")
        try:
            hot = journal.exists() and journal.stat().st_size > 0
        except OSError:
            hot = False
        if not hot:
            return
        if not os.access(self.path, os.W_OK) or not os.access(self.path.parent, os.W_OK):
            raise StoreError(f"GeoPackage '{self.path}' heeft een onderbroken schrijfactie ({journal.name}) en is alleen-lezen: "
                             "open hem eenmaal met schrijfrechten om die terug te draaien.")
        con = sqlite3.connect(str(self.path), timeout=30)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read rolls the journal back
        finally:
            con.close()

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        self.recover()
        con = self.connect(write=False)
        try:
            yield con
        except sqlite3.DatabaseError as exc:
            damaged = self._damaged(exc)
            if damaged:
                raise damaged from exc
            raise
        finally:
            con.close()

    def _damaged(self, exc: Exception) -> Optional[StoreError]:
        """A Dutch StoreError for a damaged file (None for other errors, e.g. a refused row)."""
        msg = str(exc)
        if type(exc) is sqlite3.DatabaseError or "malformed" in msg or "not a database" in msg:
            return StoreError(f"'{self.path}' is beschadigd of geen GeoPackage ({msg}); er is niets gewijzigd. "
                              "Herstel hem uit een reservekopie.")
        return None

    @contextlib.contextmanager
    def transaction(self, guarded: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything or nothing. `guarded`: refused while the store's guards are missing or altered
        (off only for the atlas's own work on its guards: create, migrate, repair, a copy of the past)."""
        if not os.access(self.path, os.W_OK):
            raise StoreError(f"GeoPackage '{self.path}' is alleen-lezen: er is niets opgeslagen.")
        con = self.connect(write=True)
        try:
            try:
                con.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"GeoPackage '{self.path}' is vergrendeld door een ander programma: {exc}") from exc
            try:
                if guarded:
                    from . import guards

                    guards.check(self, con)
                yield con
                con.execute("COMMIT")
            except BaseException as exc:
                try:
                    con.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                if is_disk_full(exc):
                    con.close()
                    self.recover()  # SQLite may leave the journal of the undone work behind: play it back now
                    raise StoreError(f"GeoPackage '{self.path}': {DISK_FULL}.") from None
                if isinstance(exc, sqlite3.DatabaseError) and self._damaged(exc):
                    raise self._damaged(exc) from exc
                raise
        finally:
            con.close()

    # metadata
    def table_names(self, con: Optional[sqlite3.Connection] = None) -> List[str]:
        with self._con(con) as c:
            return [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def columns(self, table: str, con: Optional[sqlite3.Connection] = None) -> List[str]:
        with self._con(con) as c:
            return [r[1] for r in c.execute(f"PRAGMA table_info({quote_ident(table)})")]

    def schema_version(self, con: Optional[sqlite3.Connection] = None) -> int:
        with self._con(con) as c:
            if "atlas_meta" not in self.table_names(c):
                return 0
            row = c.execute("SELECT waarde FROM atlas_meta WHERE sleutel = 'schema_versie'").fetchone()
            return int(row[0]) if row and row[0] is not None else 0

    def meta(self) -> Dict[str, str]:
        with self.reading() as c:
            return dict(c.execute("SELECT sleutel, waarde FROM atlas_meta").fetchall())

    @contextlib.contextmanager
    def _con(self, con: Optional[sqlite3.Connection]) -> Iterator[sqlite3.Connection]:
        if con is not None:
            yield con
        else:
            with self.reading() as c:
                yield c

    # reading
    def read_frame(self, sql: str, params: Sequence[Any] = (), con: Optional[sqlite3.Connection] = None):
        import pandas as pd

        with self._con(con) as c:
            cur = c.execute(sql, tuple(params))
            cols = [d[0] for d in cur.description]
            return pd.DataFrame.from_records(cur.fetchall(), columns=cols)

    def read_geometries(self, table: str, where: str = "", params: Sequence[Any] = (),
                        con: Optional[sqlite3.Connection] = None) -> Tuple[List[int], List[Any]]:
        """fids and shapely geometries (None where empty) of a spatial table."""
        from ..model import geo

        sql = f"SELECT fid, {quote_ident(GEOM_COLUMN)} FROM {quote_ident(table)}" + (f" WHERE {where}" if where else "")
        fids, geoms = [], []
        with self._con(con) as c:
            for fid, blob in c.execute(sql, tuple(params)):
                fids.append(fid)
                geoms.append(None if gpkg.blob_is_empty(blob) else geo.from_wkb(gpkg.to_wkb(blob)))
        return fids, geoms

    # writing
    @staticmethod
    def insert_rows(con: sqlite3.Connection, table: str, rows: Sequence[Dict[str, Any]]) -> List[int]:
        """Insert rows (dicts; a 'geom' value is a GeoPackage blob); returns the new fids."""
        if not rows:
            return []
        cols = list(rows[0].keys())
        sql = (
            f"INSERT INTO {quote_ident(table)} ({', '.join(quote_ident(c) for c in cols)}) "
            f"VALUES ({', '.join('?' for _ in cols)})"
        )
        fids = []
        for r in rows:
            cur = con.execute(sql, tuple(r.get(c) for c in cols))
            fids.append(cur.lastrowid)
        return fids

    @staticmethod
    def insert_many(con: sqlite3.Connection, table: str, cols: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
        sql = (
            f"INSERT INTO {quote_ident(table)} ({', '.join(quote_ident(c) for c in cols)}) "
            f"VALUES ({', '.join('?' for _ in cols)})"
        )
        con.executemany(sql, values)


def conflict_message(store: "Store", laag: str, fid: int) -> str:
    """The refusal of a save over someone else's newer edit, naming who changed the location and when."""
    with store.reading() as con:
        row = con.execute("SELECT gebruiker, tijd FROM wijzigingen WHERE laag = ? AND fid = ? ORDER BY wijziging_id DESC LIMIT 1",
                          (laag, int(fid))).fetchone()
    wie, wanneer = (row[0] or "onbekend", local_time(row[1])) if row else ("onbekend", "onbekend")
    return f"Laag {laag}, feature {fid}, " + CONFLICT_BY.format(wie=wie, wanneer=wanneer)


def translate_db_error(exc: Exception, table: Optional[str] = None, fid: Optional[int] = None) -> str:
    """A Dutch message naming layer, feature and field from a trigger or constraint error."""
    msg = str(exc)
    if msg.startswith("Laag "):
        if fid is not None and ", veld " in msg:
            head, rest = msg.split(", veld ", 1)
            return f"{head}, feature {fid}, veld {rest}"
        return msg
    if is_disk_full(exc):
        return DISK_FULL + "."
    for mark, rule in (("UNIQUE constraint failed", UNIQUE_RULE), ("NOT NULL constraint failed", REQUIRED_RULE)):
        if mark in msg:
            cols = [c.strip().partition(".") for c in msg.rsplit(":", 1)[-1].split(",")]
            f = ", ".join(c[2] for c in cols)
            return f"Laag {table or cols[0][0]}" + (f", feature {fid}" if fid is not None else "") + f", veld {f}: {rule}"
    return msg


GUARD_RX = re.compile(r"Laag (\w+)(?:, feature (\d+))?, veld (\w+): ([^\n]+)")
LOCATION_NOUN = {"projecten": "project", "potloodplannen": "potloodplan"}


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
    noun = LOCATION_NOUN.get(laag, f"laag {laag}")
    return text + (f" ({noun} {where})" if where else f" ({noun})")


def update_extents(con: sqlite3.Connection) -> None:
    """Set the extent in gpkg_contents from each table's r-tree (OGR does this on its own writes; we write with SQL)."""
    for (table,) in con.execute("SELECT table_name FROM gpkg_geometry_columns").fetchall():
        rtree = f"rtree_{table}_{GEOM_COLUMN}"
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (rtree,)).fetchone():
            continue
        ext = con.execute(f"SELECT min(minx), min(miny), max(maxx), max(maxy) FROM {quote_ident(rtree)}").fetchone()
        con.execute("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
                    " WHERE table_name = ?", (*ext, table))


def _set_meta(con: sqlite3.Connection, key: str, value: str) -> None:
    con.execute("DELETE FROM atlas_meta WHERE sleutel = ?", (key,))
    con.execute("INSERT INTO atlas_meta (sleutel, waarde) VALUES (?, ?)", (key, value))


def _install_guards(con: sqlite3.Connection) -> None:
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'atlas\\_%' ESCAPE '\\'").fetchall():
        con.execute(f"DROP TRIGGER {quote_ident(name)}")
    present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for t in TABLES:
        if t.name in present:
            for sql in trigger_sql(t):
                con.execute(sql)


def refuse_existing(arg: os.PathLike | str, overwrite: bool) -> Path:
    """The GeoPackage path of a store to create; an existing file is replaced only when asked (and only once the new one
    is complete)."""
    path = check_gpkg_path(str(arg))
    if path.is_dir():
        raise StoreError(f"'{path}' is een map, geen GeoPackage.")
    if path.exists() and not overwrite:
        raise StoreError(f"'{path}' bestaat al; kies een nieuw bestand (of vervang hem bewust met --overschrijven).")
    if not path.parent.is_dir():
        raise StoreError(f"Map '{path.parent}' bestaat niet.")
    return path


def _remove(path: Path) -> None:
    """A work file and its SQLite journal, if there."""
    for leftover in (path, Path(f"{path}-journal")):
        if leftover.exists():
            leftover.unlink()


def work_name(target: Path, what: str) -> Path:
    """The hidden work file of this process next to `target`; work files of processes that died (kill -9, power cut)
    are removed on the way."""
    if os.name == "posix":
        pattern = re.compile(re.escape(f".{target.name}.") + r"(\d+)" + re.escape(f".{what}") + r"(-journal)?$")
        with contextlib.suppress(OSError):
            for entry in os.scandir(target.parent):
                m = pattern.match(entry.name)
                if m and not _alive(int(m.group(1))):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
    return target.with_name(f".{target.name}.{os.getpid()}.{what}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process
        return True
    return True


@contextlib.contextmanager
def built_aside(arg: os.PathLike | str, overwrite: bool, what: str) -> Iterator[Path]:
    """A GeoPackage built under a work name next to the target and renamed over it only when complete: a failure
    leaves the previous file as it was (an existing target only with overwrite)."""
    target = refuse_existing(arg, overwrite)
    work = work_name(target, f"{what}.gpkg")
    _remove(work)
    try:
        yield work
        os.replace(work, target)
    except StoreError as exc:  # the user knows the target, not our work file
        if str(work) not in str(exc):
            raise
        raise StoreError(str(exc).replace(str(work), str(target))) from None
    finally:
        _remove(work)


def create_store(arg: os.PathLike | str, overwrite: bool = False) -> Store:
    """Create an empty store with every table, guard, catalogue and the schema version."""
    path = refuse_existing(arg, overwrite)
    with built_aside(path, overwrite, "nieuw") as work:
        _ogr_create_tables(work, TABLES, new=True)
        work_store = Store(work)
        with work_store.transaction(guarded=False) as con:
            from .migrations import fill_catalogues

            guards.reinstall(work_store, con)
            align_indexes(con.cursor(), {}, {t.name for t in TABLES})
            fill_catalogues(con.cursor())
            _set_meta(con, "schema_versie", str(SCHEMA_VERSION))
            _set_meta(con, "aangemaakt_op", now_iso())
            _set_meta(con, "gemeente", "Almelo (GM0141)")
    return Store(path)


def open_store(arg: os.PathLike | str, write: bool = False, migrate: Optional[bool] = None) -> Store:
    """Open a store (a GeoPackage path or a PostgreSQL connection string), checking that it is a store of this atlas.

    A file without atlas_meta is refused untouched. An older atlas store: migrate=None refuses it (MigrationNeeded:
    read-only use never writes), True migrates it (what was done is in store.migration_notes), False opens it as it is
    (validate)."""
    if is_postgres(str(arg)):
        from .postgis import open_pg_store

        return open_pg_store(str(arg), migrate=migrate)  # type: ignore[return-value]
    path = check_gpkg_path(str(arg))
    if not path.exists():
        raise StoreError(f"GeoPackage '{path}' bestaat niet.")
    if path.is_dir():
        raise StoreError(f"'{path}' is een map, geen GeoPackage.")
    store = Store(path)
    try:
        with store.reading() as con:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = store.schema_version(con)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(f"GeoPackage '{path}' is vergrendeld door een ander programma ({exc}); probeer het later opnieuw.") from exc
        raise StoreError(f"'{path}' is beschadigd of geen GeoPackage ({exc}).") from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"'{path}' is beschadigd of geen GeoPackage ({exc}).") from exc
    if app_id not in GPKG_APPLICATION_IDS or "gpkg_contents" not in tables:
        raise StoreError(f"'{path}' is geen GeoPackage (SQLite-bestand zonder GeoPackage-kenmerken).")
    if "atlas_meta" not in tables:
        raise StoreError(f"'{path}' is geen atlas-store; maak er een met init.")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"Store '{path}' heeft schemaversie {version}; deze plugin kent versie {SCHEMA_VERSION}. Werk de plugin bij."
        )
    migrate_if_asked(store, version, migrate)
    return store


def migrate_if_asked(store: "Store", version: int, migrate: Optional[bool]) -> None:
    """Opening an older atlas store: migrate=None refuses it (MigrationNeeded), True migrates it (store.migration_notes),
    False leaves it; guards and indexes of an older plugin version are renewed only with migrate=True."""
    from .migrations import migrate_store

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
