"""The store contract: what every backend (GeoPackage, PostGIS) offers the rest of the atlas.

A backend speaks its own driver natively (sqlite3 with `?`, psycopg2 with `%s`); the rest of the atlas sees only
this contract:

- `reading()` yields a handle on one consistent snapshot, `transaction(guarded=True)` one write transaction (all or
  nothing). The handle `con` is the driver's own: `con.execute(sql, params)` returns a cursor (fetchone, fetchall,
  iteration, rowcount). SQL that is the same for both backends is written once with the backend's placeholder
  `store.param`; SQL that differs is a method of each backend.
- Values cross the contract as Python values; times as ISO UTC text ('2021-01-01T00:00:00.000Z'), dates as ISO text,
  geometries as WKB (plain, EPSG:28992) or shapely — never as a driver's own geometry format.
- Errors are `StoreError` (a Dutch line for the user) and its kinds below, never a driver's error.
"""

from __future__ import annotations

import abc
import contextlib
import datetime as _dt
import enum
import getpass
import os
import re
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from ..model.schema import GEOM_COLUMN, Table, quote_ident


class StoreError(Exception):
    """A store problem, with a Dutch message for the user."""


class DbError(StoreError):
    """A write the database refused (a guard, a constraint, a value the column cannot hold), with the Dutch message.

    `sqlstate`: the SQL state class of the refusal ('22…' or '23…': this row's values; others: the write itself)."""

    def __init__(self, message: str, sqlstate: Optional[str] = None):
        super().__init__(message)
        self.sqlstate = sqlstate

    @property
    def refuses_row(self) -> bool:
        """The refusal is about this row's values (not the write itself: disk full, rights, …)."""
        return str(self.sqlstate or "")[:2] in ("22", "23")


class MigrationNeeded(StoreError):
    """An atlas store at an older schema version, opened without consent to migrate it."""

    def __init__(self, label: str, version: int):
        from ..model.schema import SCHEMA_VERSION

        self.version = version
        super().__init__(f"Store '{label}' heeft schemaversie {version} (deze plugin: {SCHEMA_VERSION}); "
                         f"voer eerst `migrate {label}` uit.")


class ConnectionLost(StoreError):
    """The database went away in the middle of the work; nothing of the unfinished transaction was saved."""


DISK_FULL = "schijf vol: er is niets opgeslagen"
CONNECTION_PREFIX = "verbinding:"  # a STORE address naming a connection saved in QGIS


class Backend(str, enum.Enum):
    """The kinds of store; `open.py` picks the backend class by this."""

    GEOPACKAGE = "gpkg"
    POSTGIS = "postgis"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return os.environ.get("USER", "onbekend")


def redact(arg: str) -> str:
    """Never show a password from a connection string."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", re.sub(r"password=\S+", "password=***", arg))


class Store(abc.ABC):
    """One atlas store. Connections are short-lived; a write runs in one transaction."""

    kind: Backend
    param: str  # the driver's placeholder for one parameter
    dialect: str  # how rules.py writes the schema's rules as SQL: 'sqlite' or 'pg'
    path: "os.PathLike"  # a file name for titles and suggested output names (GeoPackage: the file itself)
    migration_notes: List[str] = []  # what opening with migrate=True changed

    # --- naming ---------------------------------------------------------------------------------
    @property
    @abc.abstractmethod
    def uri(self) -> str:
        """The STORE address this store was opened with (may name a saved connection, never holds a password it lacks)."""

    @property
    @abc.abstractmethod
    def label(self) -> str:
        """How the store is named to the user (without any password)."""

    # --- connections ----------------------------------------------------------------------------
    @abc.abstractmethod
    def reading(self) -> contextlib.AbstractContextManager:
        """Context manager: a read-only handle on one consistent snapshot (others may write meanwhile)."""

    @abc.abstractmethod
    def transaction(self, guarded: bool = True) -> contextlib.AbstractContextManager:
        """Context manager: one write transaction, committed when the block ends, rolled back whole on any error.
        `guarded`: refused (StoreError) while the store's guards are missing or altered; off only for the atlas's own
        work on its guards (create, migrate, repair)."""

    @contextlib.contextmanager
    def _con(self, con: Any) -> Iterator[Any]:
        """The caller's handle, or a fresh reading one."""
        if con is not None:
            yield con
        else:
            with self.reading() as c:
                yield c

    # --- metadata -------------------------------------------------------------------------------
    @abc.abstractmethod
    def table_names(self, con: Any = None) -> List[str]:
        """The tables of the store."""

    @abc.abstractmethod
    def columns(self, table: str, con: Any = None) -> List[str]:
        """The columns of one table, in order."""

    def schema_version(self, con: Any = None) -> int:
        """The atlas schema version recorded in atlas_meta (0 when absent)."""
        with self._con(con) as c:
            if "atlas_meta" not in self.table_names(c):
                return 0
            row = c.execute(f"SELECT waarde FROM atlas_meta WHERE sleutel = {self.param}", ("schema_versie",)).fetchone()
            return int(row[0]) if row and row[0] is not None else 0

    @abc.abstractmethod
    def change_marker(self) -> str:
        """A cheap text that changes whenever anything in the store is written (conservative: it may change without a
        visible edit, never stays the same across one); caches of what the store shows are keyed on it."""

    def meta(self) -> Dict[str, str]:
        """atlas_meta as a dict."""
        with self.reading() as c:
            return dict(c.execute("SELECT sleutel, waarde FROM atlas_meta").fetchall())

    def keep_meta(self, key: str, value: str) -> bool:
        """Write one atlas_meta value if the store can be written right now, else leave it: for a cache (the kept wijk
        profile), so no long wait for another writer's lock and no error for a reader without write rights."""
        try:
            with self.transaction(guarded=False) as con:
                self.set_meta(con, key, value)
        except StoreError:
            return False
        return True

    def set_meta(self, con: Any, key: str, value: str) -> None:
        """Set one atlas_meta value (in the caller's transaction)."""
        p = self.param
        con.execute(f"DELETE FROM atlas_meta WHERE sleutel = {p}", (key,))
        con.execute(f"INSERT INTO atlas_meta (sleutel, waarde) VALUES ({p}, {p})", (key, value))

    @abc.abstractmethod
    def geometry_srids(self, con: Any) -> Dict[str, int]:
        """table → EPSG code of its registered geometry column."""

    @abc.abstractmethod
    def layer_source(self, table: str) -> Tuple[str, str]:
        """(QGIS data source, provider key) of one table."""

    # --- reading --------------------------------------------------------------------------------
    def read_frame(self, sql: str, params: Sequence[Any] = (), con: Any = None):
        """A pandas DataFrame of a query (SQL with `self.param` placeholders)."""
        import pandas as pd

        with self._con(con) as c:
            cur = c.execute(sql, tuple(params))
            cols = [d[0] for d in cur.description]
            return pd.DataFrame.from_records(cur.fetchall(), columns=cols)

    @abc.abstractmethod
    def geometry_sql(self, column: str = GEOM_COLUMN) -> str:
        """SQL selecting a geometry column as plain WKB (NULL stays NULL)."""

    def read_geometries(self, table: str, where: str = "", params: Sequence[Any] = (), con: Any = None,
                        key: str = "fid") -> Tuple[List[Any], List[Any]]:
        """keys (`key` column, default fid) and shapely geometries (None where missing or empty) of a spatial table, in fid
        order; `where` is SQL with `self.param` placeholders."""
        from ..model import geo

        sql = (f"SELECT {quote_ident(key)}, {self.geometry_sql()} FROM {quote_ident(table)}" + (f" WHERE {where}" if where else "")
               + " ORDER BY fid")
        keys, geoms = [], []
        with self._con(con) as c:
            for k, wkb in c.execute(sql, tuple(params)):
                keys.append(k)
                g = None if wkb is None else geo.from_wkb(bytes(wkb))
                geoms.append(None if g is None or g.is_empty else g)
        return keys, geoms

    # --- writing --------------------------------------------------------------------------------
    @abc.abstractmethod
    def geometry_param(self) -> str:
        """SQL taking one geometry parameter (the value from `geometry_value`)."""

    @abc.abstractmethod
    def geometry_value(self, value: Any) -> Any:
        """A geometry (WKB or shapely, None) as the parameter `geometry_param` takes."""

    @abc.abstractmethod
    def insert_rows(self, con: Any, table: str, rows: Sequence[Dict[str, Any]]) -> List[int]:
        """Insert rows (dicts of column → value; 'geom' as WKB or shapely); returns the new fids."""

    @abc.abstractmethod
    def insert_many(self, con: Any, table: str, cols: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
        """Insert many rows fast (geometry as WKB or shapely); no fids returned."""

    @abc.abstractmethod
    def finish_write(self, con: Any) -> None:
        """Bookkeeping after a bulk write with explicit fids or geometries (extents, sequences), in the transaction."""

    # --- SQL pieces that differ per dialect ------------------------------------------------------
    @staticmethod
    @abc.abstractmethod
    def json_text(expr: str, key: str) -> str:
        """SQL for a JSON text column's member `key`, as text."""

    @staticmethod
    @abc.abstractmethod
    def distinct(a: str, b: str) -> str:
        """SQL: a and b differ, NULL-safe."""

    @staticmethod
    @abc.abstractmethod
    def is_number(col: str) -> str:
        """SQL condition: the column holds a number (always true for a typed column)."""

    @abc.abstractmethod
    def points_in_boxes(self, con: Any, points: str, boxes: str, where: str) -> Dict[int, int]:
        """fid → how many points of table `points` lie in the bounding box of that row of table `boxes` (half open:
        [minx, maxx) × [miny, maxy)), for the rows of `boxes` that match `where` (SQL); through the spatial indexes."""

    @staticmethod
    @abc.abstractmethod
    def geom_size(col: str = GEOM_COLUMN) -> str:
        """SQL aggregate that changes when any geometry of a table changes size."""

    @staticmethod
    @abc.abstractmethod
    def history_row(t: Table, ref: str) -> str:
        """SQL: the row `ref` of table t as its history records it (JSON)."""

    # --- history and membership -------------------------------------------------------------------
    @abc.abstractmethod
    def at(self, moment: str) -> contextlib.AbstractContextManager:
        """Context manager: a read-only store as this one stood at `moment` (ISO UTC), from the history; removed after."""

    @abc.abstractmethod
    def membership_sql(self, tables: Sequence[str]) -> Optional[str]:
        """SQL columns (wijk_code, buurt_code, gebieden array) computing a location `l`'s membership in the database, or
        None when the backend leaves it to Python (shapely on the geometries)."""

    def labels_by_vbo(self, con: Any) -> Optional[List[tuple]]:
        """The wijk profile's labels joined to their dwellings by vbo_id and counted in the database: rows (the dwelling's
        wijk_code, label, count) by the rule of RollupEngine._labels_by_vbo (the newest label of a vbo on the first dwelling
        of that vbo); None: the engine joins them itself (it reads every row)."""
        return None

    # --- guards and migrations --------------------------------------------------------------------
    @abc.abstractmethod
    def trigger_names(self, con: Any) -> List[str]:
        """The triggers present."""

    @abc.abstractmethod
    def expected_triggers(self) -> List[str]:
        """The triggers this version installs."""

    @abc.abstractmethod
    def generated_guards(self, con: Any) -> Dict[str, str]:
        """name → each guard as this version generates it (normalised)."""

    @abc.abstractmethod
    def installed_guards(self, con: Any) -> Dict[str, str]:
        """name → each guard as installed (normalised like `generated_guards`)."""

    @abc.abstractmethod
    def install_guards(self, con: Any, owner: bool = True) -> None:
        """Drop every atlas guard and create them as generated, in the caller's transaction."""

    @abc.abstractmethod
    def may_repair(self) -> Tuple[bool, bool]:
        """(may reinstall the guards as owner, may run the repair as beheerder)."""

    @abc.abstractmethod
    def installed_indexes(self, con) -> Dict[str, str]:
        """name → definition of the atlas indexes in the store (compared with rules.INDEXES)."""

    @abc.abstractmethod
    def migrate_schema(self, version: int, outdated: int) -> List[str]:
        """Bring the store from `version` to this version's schema in one transaction, running the steps of
        migrations.py natively and renewing guards, indexes and catalogues; returns what changed. Called by
        migrations.migrate_store, which checks first whether there is anything to do."""


__all__ = ["StoreError", "DbError", "MigrationNeeded", "ConnectionLost", "DISK_FULL", "CONNECTION_PREFIX", "Backend", "Store", "now_iso",
           "current_user", "redact"]
