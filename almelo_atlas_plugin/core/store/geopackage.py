"""The GeoPackage backend: open, create, guard and migrate a store through sqlite3 (and OGR for the tables).

Tables are created through OGR (GeoPackage metadata, r-tree, field domains); the
guards (domains, non-negative programme, known opgave codes, EPSG:28992) and the
history are SQL triggers, so the database refuses bad rows whichever tool writes.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np

from ..model.schema import (
    CONFLICT_MESSAGE,
    EPSG,
    GEOM_COLUMN,
    LOCATION_LAYERS,
    PROFIEL_LAYERS,
    REQUIRED_RULE,
    SCHEMA_VERSION,
    STAND_INSERT_SQL,
    STAND_UP_SQL,
    TABLES,
    TABLES_BY_NAME,
    UNIQUE_RULE,
    VERSION_FIELDS,
    Field,
    Table,
    quote_ident,
    quote_literal,
)
from . import blobs as gpkg
from . import guards
from .base import DISK_FULL, Backend, DbError, Store, StoreError, now_iso
from .rules import align_indexes, guard_conditions, programme_blocks_sql, programme_pending, recompute_sql

GPKG_APPLICATION_IDS = (0x47504B47, 0x47503130, 0x47503131)  # 'GPKG', 'GP10', 'GP11'
TRIGGER_PREFIX = "atlas_"


def is_disk_full(exc: BaseException) -> bool:
    """SQLite's SQLITE_FULL (or the OS's ENOSPC) in the middle of a write."""
    import errno

    return (isinstance(exc, sqlite3.OperationalError) and getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL) \
        or "database or disk is full" in str(exc) or (isinstance(exc, OSError) and exc.errno == errno.ENOSPC)


def check_gpkg_path(arg: str) -> Path:
    path = Path(arg)
    if path.suffix.lower() != ".gpkg":
        raise StoreError(f"'{arg}' is geen GeoPackage: een store is een pad dat eindigt op .gpkg.")
    return path


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
    for op in ("INSERT", "UPDATE"):
        conds = guard_conditions(t, "sqlite", op)
        if conds:
            body = "\n".join(f"  SELECT CASE WHEN {c} THEN RAISE(ABORT, {quote_literal(f'Laag {t.name}, veld {m}')}) END;"
                             for c, m in conds)
            trg = quote_ident(f"{TRIGGER_PREFIX}{t.name}_guard_{op.lower()}")
            out.append(f"CREATE TRIGGER {trg} BEFORE {op} ON {name} FOR EACH ROW BEGIN\n{body}\nEND")
    if t.name in LOCATION_LAYERS:
        trg = quote_ident(f"{TRIGGER_PREFIX}{t.name}_tags_cascade")
        out.append(
            f"CREATE TRIGGER {trg} AFTER DELETE ON {name} FOR EACH ROW BEGIN\n"
            f"  DELETE FROM locatie_opgaven WHERE laag = {quote_literal(t.name)} AND locatie_fid = OLD.fid;\nEND"
        )
        # the blocks go with their location; a location written with totals and no blocks gets them from its programme
        out.append(f"CREATE TRIGGER {quote_ident(f'{TRIGGER_PREFIX}{t.name}_blokken_cascade')} AFTER DELETE ON {name} FOR EACH ROW BEGIN\n"
                   f"  DELETE FROM woningblokken WHERE laag = {quote_literal(t.name)} AND locatie_fid = OLD.fid;\nEND")
        out.append(f"CREATE TRIGGER {quote_ident(f'{TRIGGER_PREFIX}{t.name}_programma_blokken')} AFTER INSERT ON {name} FOR EACH ROW BEGIN\n"
                   f"  {programme_blocks_sql(t.name, 'sqlite')};\n  {recompute_sql(t.name, 'NEW.fid', 'sqlite')};\nEND")
        trg = quote_ident(f"{TRIGGER_PREFIX}{t.name}_wijk_stale")
        out.append(
            f"CREATE TRIGGER {trg} AFTER UPDATE OF {quote_ident(GEOM_COLUMN)} ON {name} FOR EACH ROW\n"
            f"  WHEN NEW.wijk_code IS OLD.wijk_code AND NEW.geom IS NOT OLD.geom BEGIN\n"
            f"  UPDATE {name} SET wijk_code = NULL WHERE fid = NEW.fid;\nEND"
        )
    if t.name in PROFIEL_LAYERS:  # the kept wijk profile: every change of a base layer counts up its stand (schema 9)
        for op in ("INSERT", "UPDATE", "DELETE"):
            out.append(f"CREATE TRIGGER {quote_ident(f'{TRIGGER_PREFIX}{t.name}_stand_{op.lower()}')} AFTER {op} ON {name}"
                       f" FOR EACH ROW BEGIN\n  {STAND_UP_SQL};\nEND")
    if t.name == "woningblokken":  # a location's dwelling sums follow its blocks, also a block that moves
        for op, refs in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            body = "".join(f"  {recompute_sql(lyr, f'{r}.locatie_fid', 'sqlite')} AND {r}.laag = {quote_literal(lyr)}"
                           + (f" AND NOT {programme_pending(lyr, 'NEW.locatie_fid')}" if op == "INSERT" else "") + ";\n"
                           for r in refs for lyr in LOCATION_LAYERS)
            out.append(f"CREATE TRIGGER {quote_ident(f'{TRIGGER_PREFIX}woningblokken_sommen_{op.lower()}')} AFTER {op} ON {name}"
                       f" FOR EACH ROW BEGIN\n{body}END")
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

class _Connection(sqlite3.Connection):
    """sqlite3's own connection (`?` parameters); a row the database refuses is raised as the contract's DbError."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:  # type: ignore[override]
        try:
            return super().execute(sql, params)
        except sqlite3.IntegrityError as exc:
            raise DbError(translate_db_error(exc), "23") from exc

    def executemany(self, sql: str, seq) -> sqlite3.Cursor:  # type: ignore[override]
        try:
            return super().executemany(sql, seq)
        except sqlite3.IntegrityError as exc:
            raise DbError(translate_db_error(exc), "23") from exc


def geom_blob(value: Any) -> Optional[bytes]:
    """A geometry (shapely, plain WKB, or a blob already) as a GeoPackage blob: envelope for non-points, empty flag set."""
    from ..model import geo

    if value is None:
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        if bytes(value[:2]) == b"GP":
            return bytes(value)
        value = geo.from_wkb(bytes(value))
    point = value.geom_type == "Point"
    blob = bytearray(gpkg.from_wkb(geo.to_wkb(value), None if point or value.is_empty else value.bounds))
    if value.is_empty:
        blob[3] |= 0x10
    return bytes(blob)


def geom_blobs(values: Sequence[Any]) -> List[Optional[bytes]]:
    """`geom_blob` of many values; shapely points at once (the same bytes)."""
    from ..model import geo

    if values and geo.SHAPELY2 and all(getattr(v, "geom_type", None) == "Point" for v in values):
        x, y = geo.xy(values)
        if not ((x != x).any() or (y != y).any()):  # no empty point among them
            return list(gpkg.point_blobs(x, y))
    return [geom_blob(v) for v in values]


BULK_RTREE = 2000  # rows from which insert_many fills the r-tree at once instead of through its trigger


def _insert_bulk(con: sqlite3.Connection, table: str, sql: str, values: List[Sequence[Any]]) -> None:
    """Many rows at once: the r-tree's insert trigger (five Python calls per row) set aside in the transaction, the
    rows inserted, their envelopes written to the r-tree in one go, the trigger put back."""
    rtree = f"rtree_{table}_{GEOM_COLUMN}"
    trigger = con.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (f"{rtree}_insert",)).fetchone()
    if trigger is None:
        con.executemany(sql, values)
        return
    last = con.execute(f"SELECT COALESCE(max(fid), 0) FROM {quote_ident(table)}").fetchone()[0]
    con.execute(f"DROP TRIGGER {quote_ident(rtree + '_insert')}")
    con.executemany(sql, values)
    rows = con.execute(f"SELECT fid, {quote_ident(GEOM_COLUMN)} FROM {quote_ident(table)} WHERE fid > ?", (last,)).fetchall()
    envelopes = [(fid, *env) for fid, blob in rows if (env := gpkg.envelope(blob)) is not None]
    con.executemany(f"INSERT OR REPLACE INTO {quote_ident(rtree)} VALUES (?, ?, ?, ?, ?)", envelopes)
    con.execute(trigger[0])


class GeoPackageStore(Store):
    """A GeoPackage store, through sqlite3. Connections are short-lived; writes run in one transaction."""

    kind = Backend.GEOPACKAGE
    param = "?"
    dialect = "sqlite"  # for the rules (rules.py)
    busy_timeout = 30.0  # seconds a write waits for another program's lock

    def __init__(self, path: os.PathLike | str):
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"GeoPackageStore({str(self.path)!r})"

    @property
    def uri(self) -> str:
        return str(self.path)

    @property
    def label(self) -> str:
        return str(self.path)

    # dialect
    @staticmethod
    def json_text(expr: str, key: str) -> str:
        return f"CAST(json_extract({expr}, '$.{key}') AS TEXT)"

    @staticmethod
    def distinct(a: str, b: str) -> str:
        return f"{a} IS NOT {b}"

    @staticmethod
    def is_number(col: str) -> str:
        return f"typeof({col}) IN ('integer','real')"

    @staticmethod
    def geom_size(col: str = GEOM_COLUMN) -> str:
        return f"sum(length({col}))"

    @staticmethod
    def history_row(t: Table, ref: str) -> str:
        return _json_object(t, ref)

    def geometry_sql(self, column: str = GEOM_COLUMN) -> str:
        return f"ST_AsBinary({quote_ident(column)})"  # registered on every connection (blobs.register_functions)

    def geometry_param(self) -> str:
        return "?"

    def geometry_value(self, value: Any) -> Optional[bytes]:
        return geom_blob(value)

    def points_in_boxes(self, con, points: str, boxes: str, where: str) -> Dict[int, int]:
        rp, rb = (quote_ident(f"rtree_{t}_{GEOM_COLUMN}") for t in (points, boxes))
        if all(con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (n.strip('"'),)).fetchone() for n in (rp, rb)):
            # a range query on the points' index per box (a point's box is the point)
            return dict(con.execute(
                f"SELECT b.id, (SELECT count(*) FROM {rp} p WHERE p.minx >= b.minx AND p.minx < b.maxx AND p.miny >= b.miny"
                f" AND p.miny < b.maxy) FROM {rb} b JOIN {quote_ident(boxes)} t ON t.fid = b.id WHERE {where}").fetchall())
        _, pts = self.read_geometries(points, con=con)
        xy = np.array([(g.x, g.y) for g in pts if g is not None], dtype=float).reshape(-1, 2)
        fids, geoms = self.read_geometries(boxes, where=where, con=con)
        out = {}
        for fid, g in zip(fids, geoms):
            if g is not None:
                x0, y0, x1, y1 = g.bounds
                out[fid] = int(((xy[:, 0] >= x0) & (xy[:, 0] < x1) & (xy[:, 1] >= y0) & (xy[:, 1] < y1)).sum())
        return out

    def membership_sql(self, tables: Sequence[str]) -> Optional[str]:
        return None  # shapely on the blobs: faster here than SQL without spatialite

    def trigger_names(self, con) -> List[str]:
        return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]

    def expected_triggers(self) -> List[str]:
        return expected_triggers()

    def generated_guards(self, con) -> Dict[str, str]:
        present = set(self.table_names(con))
        return {name: sql for table, name, sql in _generated() if table in present}

    def installed_guards(self, con) -> Dict[str, str]:
        return {name: guards.normalise(sql or "") for name, sql in con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'atlas\\_%' ESCAPE '\\'")}

    def install_guards(self, con, owner: bool = True) -> None:
        _install_guards(con)

    def installed_indexes(self, con) -> Dict[str, str]:
        return installed_indexes(con)

    def may_repair(self) -> Tuple[bool, bool]:
        return True, True

    def geometry_srids(self, con) -> Dict[str, int]:
        tables = set(self.table_names(con))
        if not {"gpkg_geometry_columns", "gpkg_spatial_ref_sys"} <= tables:
            return {}
        return dict(con.execute(
            "SELECT g.table_name, CASE WHEN s.organization = 'EPSG' OR s.organization = 'epsg' THEN s.organization_coordsys_id"
            " ELSE g.srs_id END FROM gpkg_geometry_columns g LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id").fetchall())

    def keep_meta(self, key: str, value: str) -> bool:
        if not os.access(self.path, os.W_OK):
            return False
        try:
            con = sqlite3.connect(str(self.path), timeout=0.2, isolation_level=None)  # a cache: never wait long for a lock
            try:
                con.execute("BEGIN IMMEDIATE")
                self.set_meta(con, key, value)
                con.execute("COMMIT")
            finally:
                con.close()  # without COMMIT: rolled back
        except sqlite3.Error:
            return False
        return True

    def layer_source(self, table: str) -> Tuple[str, str]:
        return f"{self.path}|layername={table}", "ogr"

    # connections
    def connect(self, write: bool = False) -> sqlite3.Connection:
        try:
            if write:
                con = sqlite3.connect(str(self.path), timeout=self.busy_timeout, isolation_level=None, factory=_Connection)
            else:
                from urllib.parse import quote

                # percent-encoded: a file name may hold '?', '#' or '%'
                con = sqlite3.connect(f"file:{quote(str(self.path.resolve()))}?mode=ro", uri=True, timeout=self.busy_timeout,
                                      isolation_level=None, factory=_Connection)
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
        except sqlite3.Error as exc:
            raise self._store_error(exc) from exc
        finally:
            con.close()

    def change_marker(self) -> str:
        """The file and its write-ahead log as they stand (identity, time of the last write, size): every commit
        touches one of them. No SQLite connection: one kept open beside QGIS Server's own in one process made GDAL
        answer "unable to open database file" (counts and extents 0) on the same GeoPackage."""
        parts = []
        for name in (str(self.path), f"{self.path}-wal"):
            try:
                st = os.stat(name)
                parts.append(f"{st.st_ino}:{st.st_mtime_ns}:{st.st_size}")
            except OSError:
                parts.append("-")
        return "/".join(parts)

    def _store_error(self, exc: sqlite3.Error) -> StoreError:
        """The contract's error for a driver error that reached the end of a reading or transaction."""
        return self._damaged(exc) or StoreError(translate_db_error(exc))

    def _damaged(self, exc: Exception) -> Optional[StoreError]:
        """A Dutch StoreError for a damaged file (None for other errors, e.g. a refused row)."""
        msg = str(exc)
        if type(exc) is sqlite3.DatabaseError or "malformed" in msg or "not a database" in msg:
            return StoreError(f"'{self.path}' is beschadigd of geen GeoPackage ({msg}); er is niets gewijzigd. "
                              "Herstel hem uit een reservekopie.")
        return None

    @contextlib.contextmanager
    def transaction(self, guarded: bool = True) -> Iterator[sqlite3.Connection]:
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
                    guards.check(self, con)
                yield con
                con.execute("COMMIT")
            except BaseException as exc:
                try:
                    con.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                if is_disk_full(exc) or is_disk_full(exc.__cause__ or exc):
                    con.close()
                    self.recover()  # SQLite may leave the journal of the undone work behind: play it back now
                    raise StoreError(f"GeoPackage '{self.path}': {DISK_FULL}.") from None
                if isinstance(exc, sqlite3.Error):
                    raise self._store_error(exc) from exc
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

    # writing
    def _insert_sql(self, table: str, cols: Sequence[str]) -> str:
        return (f"INSERT INTO {quote_ident(table)} ({', '.join(quote_ident(c) for c in cols)}) "
                f"VALUES ({', '.join('?' for _ in cols)})")

    def insert_rows(self, con: sqlite3.Connection, table: str, rows: Sequence[Dict[str, Any]]) -> List[int]:
        if not rows:
            return []
        cols = list(rows[0].keys())
        sql = self._insert_sql(table, cols)
        return [con.execute(sql, tuple(geom_blob(r.get(c)) if c == GEOM_COLUMN else r.get(c) for c in cols)).lastrowid
                for r in rows]

    def insert_many(self, con: sqlite3.Connection, table: str, cols: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
        g = list(cols).index(GEOM_COLUMN) if GEOM_COLUMN in cols else None
        if g is not None:
            values = list(values)  # may be an iterator
            values = [[*v[:g], b, *v[g + 1:]] for v, b in zip(values, geom_blobs([v[g] for v in values]))]
            if len(values) >= BULK_RTREE and "fid" not in cols:
                return _insert_bulk(con, table, self._insert_sql(table, cols), values)
        con.executemany(self._insert_sql(table, cols), values)

    def finish_write(self, con: sqlite3.Connection) -> None:
        """Extents, and each table's AUTOINCREMENT past every fid the history knows of it (a deleted location's fid is
        never given again: its history is keyed on laag and fid)."""
        update_extents(con)
        for name, top in con.execute("SELECT laag, max(fid) FROM wijzigingen WHERE fid IS NOT NULL GROUP BY laag").fetchall():
            if con.execute("SELECT 1 FROM sqlite_sequence WHERE name = ?", (name,)).fetchone():
                con.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (top, name))
            elif con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? AND sql LIKE '%AUTOINCREMENT%'",
                             (name,)).fetchone():
                con.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (name, top))

    # history
    @contextlib.contextmanager
    def at(self, moment: str) -> Iterator["GeoPackageStore"]:
        tmpdir = Path(tempfile.mkdtemp(prefix="atlas_peildatum_"))
        path = tmpdir / f"{self.path.stem}_{moment[:10]}.gpkg"
        try:
            with self.reading() as src:  # a consistent snapshot, also while others write
                dst = sqlite3.connect(str(path))
                src.backup(dst)
                dst.close()
            yield past_of(GeoPackageStore(path), moment)
        finally:
            shutil.rmtree(tmpdir, ignore_errors=True)

    def migrate_schema(self, version: int, outdated: int) -> List[str]:
        return _migrate_geopackage(self, version, outdated)

# --- migration (the steps: migrations.py) --------------------------------------------------------

def _migrate_geopackage(store: "GeoPackageStore", version: int, outdated: int) -> List[str]:
    """On a copy next to the file, then written back in a single SQLite transaction (a failure or a kill leaves the store
    as it was)."""
    if not os.access(store.path, os.W_OK) or not os.access(store.path.parent, os.W_OK):
        raise StoreError(f"GeoPackage '{store.path}' is alleen-lezen: hij kan niet worden gemigreerd; er is niets gewijzigd.")
    store.recover()
    work = work_name(store.path, "migratie.gpkg")
    try:
        stamp = _stamp(store.path)
        _copy_sqlite(store.connect(write=False), sqlite3.connect(str(work)))
        notes = _geopackage_steps(GeoPackageStore(work), version, outdated)
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


def _geopackage_steps(store: "GeoPackageStore", version: int, outdated: int) -> List[str]:
    from . import migrations

    notes: List[str] = []
    present = set(store.table_names())
    missing = [t for t in TABLES if t.name not in present]
    if missing:
        _ogr_create_tables(store.path, missing, new=False)  # through OGR: GeoPackage metadata, r-tree, field domains
        notes.append("tabellen toegevoegd: " + ", ".join(t.name for t in missing))
    with store.transaction(guarded=False) as con:
        cur = con.cursor()
        notes += migrations.added_columns(cur, {t.name: set(store.columns(t.name, con)) for t in TABLES if t.name in present}, _gpkg_column)
        drop_triggers(con)  # the steps move rows as they were: no guards, no history of their own
        notes += migrations.run_steps(cur, version, outdated)
        guards.reinstall(store, con)
        notes += align_indexes(cur, installed_indexes(con), set(store.table_names(con)))
        migrations.fill_catalogues(cur)
        migrations.stamp_version(store, con)
    return notes



def past_of(copy: GeoPackageStore, moment: str) -> GeoPackageStore:
    """Rewrite a private copy of a store to how it stood at `moment`: no guards, no new history."""
    from .snapshot import VERSIONED, history_wkb, past_blocks, states_at

    with copy.transaction(guarded=False) as con:
        drop_triggers(con)
        programmes = past_blocks(copy, con, moment)
        for laag in VERSIONED:
            table = TABLES_BY_NAME[laag]
            for fid, row in states_at(copy, con, laag, moment).items():
                con.execute(f"DELETE FROM {quote_ident(laag)} WHERE fid = ?", (fid,))
                if row is None:
                    continue
                cols = [f for f in table.field_names if f in row]
                values = [row[c] for c in cols]
                if table.geometry:
                    cols.append(GEOM_COLUMN)
                    values.append(geom_blob(history_wkb(row.get("geom"))))
                con.execute(f"INSERT INTO {quote_ident(laag)} (fid, {', '.join(quote_ident(c) for c in cols)}) "
                            f"VALUES (?, {', '.join('?' * len(cols))})", [fid, *values])
        for (laag, fid), blocks in programmes.items():  # a location of before schema 5: the blocks of its programme of then
            con.execute("DELETE FROM woningblokken WHERE laag = ? AND locatie_fid = ?", (laag, fid))
            for b in blocks:
                row = {"laag": laag, "locatie_fid": fid, **b}
                con.execute(f"INSERT INTO woningblokken ({', '.join(quote_ident(c) for c in row)}) VALUES ({', '.join('?' * len(row))})",
                            list(row.values()))
        con.execute("INSERT OR REPLACE INTO atlas_meta (sleutel, waarde) VALUES ('peildatum', ?)", (moment,))
    return copy


@functools.lru_cache(maxsize=1)
def _generated() -> Tuple[Tuple[str, str, str], ...]:
    return tuple((t.name, sql.split('"')[1], guards.normalise(sql)) for t in TABLES for sql in trigger_sql(t))


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




def update_extents(con: sqlite3.Connection) -> None:
    """Set the extent in gpkg_contents from each table's r-tree (OGR does this on its own writes; we write with SQL)."""
    for (table,) in con.execute("SELECT table_name FROM gpkg_geometry_columns").fetchall():
        rtree = f"rtree_{table}_{GEOM_COLUMN}"
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (rtree,)).fetchone():
            continue
        ext = con.execute(f"SELECT min(minx), min(miny), max(maxx), max(maxy) FROM {quote_ident(rtree)}").fetchone()
        con.execute("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
                    " WHERE table_name = ?", (*ext, table))




def drop_triggers(con) -> None:
    """Every atlas trigger (a copy at a peildatum, the migration steps: rows moved without guards or new history)."""
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'atlas\\_%' ESCAPE '\\'").fetchall():
        con.execute(f"DROP TRIGGER {quote_ident(name)}")


def _install_guards(con: sqlite3.Connection) -> None:
    drop_triggers(con)
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
    if path.exists() and not _is_atlas_file(path):  # --overschrijven replaces an atlas store, never someone's own data
        raise StoreError(f"'{path}' wordt niet overschreven: het is geen atlas-store; er is niets gewijzigd. Kies een nieuw bestand.")
    if not path.parent.is_dir():
        raise StoreError(f"Map '{path.parent}' bestaat niet.")
    return path


def _is_atlas_file(path: Path) -> bool:
    """A GeoPackage file that holds an atlas (its table atlas_meta), read without changing it."""
    from urllib.parse import quote

    try:
        con = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'atlas_meta'").fetchone() is not None
        finally:
            con.close()
    except sqlite3.Error:
        return False


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


def create_gpkg_store(arg: os.PathLike | str, overwrite: bool = False) -> GeoPackageStore:
    """Create an empty GeoPackage store with every table, guard, catalogue and the schema version."""
    path = refuse_existing(arg, overwrite)
    with built_aside(path, overwrite, "nieuw") as work:
        _ogr_create_tables(work, TABLES, new=True)
        work_store = GeoPackageStore(work)
        with work_store.transaction(guarded=False) as con:
            from .migrations import fill_catalogues

            guards.reinstall(work_store, con)
            align_indexes(con.cursor(), {}, {t.name for t in TABLES})
            fill_catalogues(con.cursor())
            work_store.set_meta(con, "schema_versie", str(SCHEMA_VERSION))
            work_store.set_meta(con, "aangemaakt_op", now_iso())
            work_store.set_meta(con, "gemeente", "Almelo (GM0141)")
            con.execute(STAND_INSERT_SQL)
    return GeoPackageStore(path)


def open_gpkg_store(arg: os.PathLike | str, migrate: Optional[bool] = None) -> GeoPackageStore:
    """Open a GeoPackage store, checking that it is a store of this atlas (see open.open_store for `migrate`)."""
    path = check_gpkg_path(str(arg))
    if not path.exists():
        raise StoreError(f"GeoPackage '{path}' bestaat niet.")
    if path.is_dir():
        raise StoreError(f"'{path}' is een map, geen GeoPackage.")
    store = GeoPackageStore(path)
    store.recover()
    con = store.connect()
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = store.schema_version(con)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(f"GeoPackage '{path}' is vergrendeld door een ander programma ({exc}); probeer het later opnieuw.") from exc
        raise StoreError(f"'{path}' is beschadigd of geen GeoPackage ({exc}).") from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"'{path}' is beschadigd of geen GeoPackage ({exc}).") from exc
    finally:
        con.close()
    if app_id not in GPKG_APPLICATION_IDS or "gpkg_contents" not in tables:
        raise StoreError(f"'{path}' is geen GeoPackage (SQLite-bestand zonder GeoPackage-kenmerken).")
    if "atlas_meta" not in tables:
        raise StoreError(f"'{path}' is geen atlas-store; maak er een met init.")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"Store '{path}' heeft schemaversie {version}; deze plugin kent versie {SCHEMA_VERSION}. Werk de plugin bij."
        )
    from .migrations import migrate_if_asked

    migrate_if_asked(store, version, migrate)
    return store


