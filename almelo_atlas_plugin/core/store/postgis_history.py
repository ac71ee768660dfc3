"""A PostGIS store as it stood at a moment (peildatum), computed in SQL from `wijzigingen`, without copying the store.

On one psycopg2 connection, temporary tables of the versioned tables (projecten, potloodplannen, locatie_opgaven,
woningblokken) are rebuilt from the history and
put first on that connection's search path: every query on it sees the locations and tags of then, and the base layers,
goals and demand of the store itself (they are not versioned). The rule of a row's state at moment P is figures/history.py's:
the `nieuw` of its last change at or before P (absent after a delete); when all its changes come after P, the `oud` of the
first (absent when that was its insert); a row without any change is as it is now. History from a GeoPackage (copied in
with `export`) keeps its geometry as a GeoPackage blob, PostGIS's own as WKB: both are read.
"""

from __future__ import annotations

import json
from typing import Optional, Tuple

from ..model.schema import EPSG, GEOM_COLUMN, LOCATION_LAYERS, TABLES_BY_NAME, VERSION_FIELDS, quote_ident, quote_literal
from .snapshot import VERSIONED, blocks_of_then

_KEYS = """(SELECT w.laag, w.fid, max(w.wijziging_id) FILTER (WHERE {before}) AS last, min(w.wijziging_id) AS first
  FROM {s}.wijzigingen w WHERE w.laag IN ({lagen}) GROUP BY w.laag, w.fid)"""
_STATES = """
SELECT k.fid, CASE WHEN k.last IS NOT NULL THEN CASE WHEN w.actie = 'delete' THEN NULL ELSE w.nieuw END
  ELSE CASE WHEN w.actie = 'insert' THEN NULL ELSE w.oud END END AS state
FROM {keys} k JOIN {s}.wijzigingen w ON w.wijziging_id = coalesce(k.last, k.first) WHERE k.laag = {laag}"""
# per fid the id of its last change at or before P, else of its first: one pass over the history, then each state read by
# its key (sorting the wide rows themselves, as DISTINCT ON did, spilled to disk at 1 M: 1,2 s for projecten)
KEPT_KEYS = "pg_temp.atlas_toestand"  # shadow(): the keys of every versioned layer at once (one pass for all four)


def _keys(schema: str, moment: str, lagen) -> str:
    before = f"date_trunc('milliseconds', w.tijd) <= {quote_literal(moment)}::timestamptz"
    return _KEYS.format(s=quote_ident(schema), before=before, lagen=", ".join(quote_literal(laag) for laag in lagen))


def _states(schema: str, laag: str, moment: str, keys: Optional[str] = None) -> str:
    """SELECT fid, state (the history's JSON of the row at `moment`; NULL: absent then) of the rows of `laag` with history;
    `keys`: a table made by shadow() (else computed here)."""
    return _STATES.format(s=quote_ident(schema), laag=quote_literal(laag), keys=keys or _keys(schema, moment, [laag]))

# hex WKB, or a GeoPackage blob ('GP', flags in byte 4 give the envelope's size) whose WKB follows its header
_WKB = ("CASE WHEN left(h.hex, 4) = '4750' THEN substring(h.b FROM 9 + (ARRAY[0, 32, 48, 48, 64])[((get_byte(h.b, 3) >> 1) & 7) + 1])"
        " ELSE h.b END")


def past_select(schema: str, laag: str, moment: str, keys: Optional[str] = None) -> str:
    """SELECT of table `laag` as it stood at `moment` (ISO UTC; a literal): the rows without history as they are, the others
    from their history (without the locking bookkeeping, which takes its default). The JSON of a state is parsed once."""
    s, t = quote_ident(schema), TABLES_BY_NAME[laag]
    geom = [GEOM_COLUMN] if t.geometry else []
    names = ", ".join(quote_ident(c) for c in [t.fid_column, *t.field_names, *geom])
    # history times are kept to the microsecond, the GeoPackage's (and the rule's) to the millisecond
    states = _states(schema, laag, moment, keys)
    values = ["st.fid"] + [f.default or "NULL" if f.name in VERSION_FIELDS else f"r.{quote_ident(f.name)}" for f in t.fields]
    lateral = ""
    if t.geometry:
        values.append(f"CASE WHEN h.hex IS NULL THEN NULL ELSE ST_GeomFromWKB({_WKB}, {EPSG}) END")
        lateral = " CROSS JOIN LATERAL (SELECT js.j ->> 'geom' AS hex, decode(js.j ->> 'geom', 'hex') AS b) h"
    return (f"SELECT {names} FROM {s}.{quote_ident(laag)} n WHERE NOT EXISTS (SELECT 1 FROM {s}.wijzigingen w"
            f" WHERE w.laag = {quote_literal(laag)} AND w.fid = n.{quote_ident(t.fid_column)})"
            f" UNION ALL SELECT {', '.join(values)} FROM ({states}) st CROSS JOIN LATERAL (SELECT st.state::jsonb AS j) js"
            f" CROSS JOIN LATERAL jsonb_populate_record(NULL::{s}.{quote_ident(laag)}, (js.j - 'geom')) r{lateral}"
            " WHERE st.state IS NOT NULL")


def shadow(raw, schema: str, moment: str) -> None:
    """On `raw` (a psycopg2 connection, outside a transaction): the versioned tables as they stood at `moment` (ISO UTC),
    first on its search path, committed. The store itself is only read."""
    with raw.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {KEPT_KEYS}")
        cur.execute(f"CREATE TEMP TABLE {KEPT_KEYS.split('.')[1]} AS SELECT * FROM {_keys(schema, moment, VERSIONED)} k")
        for laag in VERSIONED:
            t = quote_ident(laag)
            cur.execute(f"DROP TABLE IF EXISTS pg_temp.{t}")
            cur.execute(f"CREATE TEMP TABLE {t} AS {past_select(schema, laag, moment, KEPT_KEYS)}")
        _programmes_of_then(cur, schema, moment)
        cur.execute(f"SET search_path TO pg_temp, {quote_ident(schema)}, public")
    raw.commit()


def _programmes_of_then(cur, schema: str, moment: str) -> None:
    """In the temporary woningblokken: a location whose state at `moment` is from before schema 5 gets the blocks of its
    programme of then (snapshot.blocks_of_then) in place of those the migration made from its programme of now."""
    for laag in LOCATION_LAYERS:
        # only the states of before schema 5 (without won_netto) come back: blocks_of_then is None for every other
        cur.execute(f"SELECT fid, state FROM ({_states(schema, laag, moment, KEPT_KEYS)}) x"
                    " WHERE state IS NOT NULL AND NOT (state::jsonb ? 'won_netto')")
        for fid, state in cur.fetchall():
            blocks = blocks_of_then(json.loads(state) if isinstance(state, str) else state)
            if blocks is None:
                continue
            cur.execute("DELETE FROM pg_temp.woningblokken WHERE laag = %s AND locatie_fid = %s", (laag, int(fid)))
            for b in blocks:
                row = {"laag": laag, "locatie_fid": int(fid), **b}
                cur.execute(f"INSERT INTO pg_temp.woningblokken (fid, {', '.join(quote_ident(c) for c in row)})"
                            f" SELECT coalesce(max(fid), 0) + 1, {', '.join(['%s'] * len(row))} FROM pg_temp.woningblokken",
                            list(row.values()))


def layer_source(store, table: str, moment: str) -> Tuple[str, str]:
    """A QGIS layer of `table` as it stood at `moment` (a query layer on the store: the maps of an agenda at a peildatum)."""
    uri, provider = store.layer_source(table)
    if table not in VERSIONED:
        return uri, provider
    from qgis.core import QgsDataSourceUri

    t = TABLES_BY_NAME[table]
    u = QgsDataSourceUri(uri)
    u.setDataSource("", f"({past_select(store.schema, table, moment)})", GEOM_COLUMN if t.geometry else "", "", t.fid_column)
    return u.uri(False), provider


__all__ = ["past_select", "shadow", "layer_source"]
