"""A PostGIS store as it stood at a moment (peildatum), computed in SQL from `wijzigingen`, without copying the store.

On one psycopg2 connection, temporary tables projecten, potloodplannen and locatie_opgaven are rebuilt from the history and
put first on that connection's search path: every query on it sees the locations and tags of then, and the base layers,
goals and demand of the store itself (they are not versioned). The rule of a row's state at moment P is figures/history.py's:
the `nieuw` of its last change at or before P (absent after a delete); when all its changes come after P, the `oud` of the
first (absent when that was its insert); a row without any change is as it is now. History from a GeoPackage (copied in
with `export`) keeps its geometry as a GeoPackage blob, PostGIS's own as WKB: both are read.
"""

from __future__ import annotations

import contextlib
import copy
from typing import Iterator, List

from ..model.schema import EPSG, GEOM_COLUMN, LOCATION_LAYERS, TABLES_BY_NAME, VERSION_FIELDS, quote_ident

VERSIONED = (*LOCATION_LAYERS, "locatie_opgaven")

# history times are kept to the microsecond, the GeoPackage's (and the rule's) to the millisecond
_AT_OR_BEFORE = "date_trunc('milliseconds', w.tijd) <= %(moment)s::timestamptz"

_STATES = """
SELECT fid, state FROM (SELECT DISTINCT ON (w.fid) w.fid, CASE WHEN w.actie = 'delete' THEN NULL ELSE w.nieuw END AS state
  FROM {s}.wijzigingen w WHERE w.laag = %(laag)s AND {before} ORDER BY w.fid, w.wijziging_id DESC) b
UNION ALL
SELECT fid, state FROM (SELECT DISTINCT ON (w.fid) w.fid, CASE WHEN w.actie = 'insert' THEN NULL ELSE w.oud END AS state
  FROM {s}.wijzigingen w WHERE w.laag = %(laag)s AND NOT EXISTS (SELECT 1 FROM {s}.wijzigingen e
    WHERE e.laag = w.laag AND e.fid = w.fid AND date_trunc('milliseconds', e.tijd) <= %(moment)s::timestamptz)
  ORDER BY w.fid, w.wijziging_id) a"""

# hex WKB, or a GeoPackage blob ('GP', flags in byte 4 give the envelope's size) whose WKB follows its header
_WKB = ("CASE WHEN left(h.hex, 4) = '4750' THEN substring(h.b FROM 9 + (ARRAY[0, 32, 48, 48, 64])[((get_byte(h.b, 3) >> 1) & 7) + 1])"
        " ELSE h.b END")


def past_sql(schema: str, laag: str) -> List[str]:
    """The statements (psycopg2, parameters `moment` and `laag`) that build temporary table `laag` as it stood at the moment."""
    s, t = quote_ident(schema), TABLES_BY_NAME[laag]
    cols = [t.fid_column, *t.field_names] + ([GEOM_COLUMN] if t.geometry else [])
    names = ", ".join(quote_ident(c) for c in cols)
    kept = [f for f in t.field_names if f not in VERSION_FIELDS]  # the history leaves out the locking bookkeeping
    recorded = ", ".join(quote_ident(c) for c in [t.fid_column, *kept] + ([GEOM_COLUMN] if t.geometry else []))
    values = ", ".join(["st.fid"] + [f"r.{quote_ident(c)}" for c in kept])
    if t.geometry:
        values += f", CASE WHEN h.hex IS NULL THEN NULL ELSE ST_GeomFromWKB({_WKB}, {EPSG}) END"
    geom = ("CROSS JOIN LATERAL (SELECT st.state::jsonb ->> 'geom' AS hex, decode(st.state::jsonb ->> 'geom', 'hex') AS b) h"
            if t.geometry else "")
    return [
        f"DROP TABLE IF EXISTS pg_temp.{quote_ident(laag)}",
        f"CREATE TEMP TABLE {quote_ident(laag)} (LIKE {s}.{quote_ident(laag)} INCLUDING DEFAULTS)",
        f"INSERT INTO pg_temp.{quote_ident(laag)} ({names}) SELECT {names} FROM {s}.{quote_ident(laag)} n"
        f" WHERE NOT EXISTS (SELECT 1 FROM {s}.wijzigingen w WHERE w.laag = %(laag)s AND w.fid = n.{quote_ident(t.fid_column)})",
        f"INSERT INTO pg_temp.{quote_ident(laag)} ({recorded}) SELECT {values}"
        f" FROM ({_STATES.format(s=s, before=_AT_OR_BEFORE)}) st"
        f" CROSS JOIN LATERAL jsonb_populate_record(NULL::{s}.{quote_ident(laag)}, (st.state::jsonb - 'geom')) r {geom}"
        " WHERE st.state IS NOT NULL",
    ]


def shadow(raw, schema: str, moment: str) -> None:
    """On `raw` (a psycopg2 connection, outside a transaction): the versioned tables as they stood at `moment` (ISO UTC),
    first on its search path, committed. The store itself is only read."""
    with raw.cursor() as cur:
        for laag in VERSIONED:
            for sql in past_sql(schema, laag):
                cur.execute(sql, {"moment": moment, "laag": laag})
        cur.execute(f"SET search_path TO pg_temp, {quote_ident(schema)}, public")
    raw.commit()




@contextlib.contextmanager
def store_at(store, moment: str) -> Iterator:
    """The PostGIS store seen at `moment`: every connection it hands out is the one with the past tables (closed after).
    The seam for `PostgisStore.at`: it needs only `shadow` on the store's own connection."""
    from .postgis import PgConnection

    class Kept(PgConnection):
        def close(self) -> None:  # the past lives in this connection: closed once, below
            pass

    raw = store.connect().raw
    try:
        shadow(raw, store.schema, moment)
        past = copy.copy(store)
        past.connect = lambda write=False: Kept(raw)
        yield past
    finally:
        raw.close()


__all__ = ["VERSIONED", "past_sql", "shadow", "store_at"]
