"""The PostGIS backend: the same tables, guards, catalogues and history as the GeoPackage, generated from the
same schema definition (schema.py), in one PostgreSQL schema.

`PostgisStore` speaks psycopg2 natively: `%s` parameters, names through quote_ident, geometry in and out as WKB
(`ST_GeomFromWKB`, `ST_AsBinary`), `INSERT … RETURNING` where a fid is needed. Times cross the contract as ISO UTC text,
refusals as `DbError` carrying our Dutch message.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Set, Tuple
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

from ..model.geo import GEBIED_MIN_SHARE
from ..model.schema import (
    CONFLICT_BY,
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
    Table,
    quote_ident,
    quote_literal,
)
from . import guards
from .base import DISK_FULL, Backend, ConnectionLost, DbError, Store, StoreError, redact
from .rules import INDEXES, SRID_RULE, align_indexes, guard_conditions, programme_blocks_sql, recompute_sql

PG_TYPES = {"TEXT": "text", "INTEGER": "integer", "REAL": "double precision", "DATE": "date", "DATETIME": "timestamptz",
            "BOOLEAN": "boolean"}


def split_dsn(arg: str) -> Tuple[str, str]:
    """'postgresql://u@h:p/db?schema=atlas' or 'service=NAME schema=atlas' → (libpq dsn, schema name)."""
    if arg.startswith(("postgresql://", "postgres://")):
        u = urlparse(arg)
        q = parse_qs(u.query)
        schema = (q.pop("schema", ["atlas"]) or ["atlas"])[0]
        dsn = urlunparse(u._replace(query=urlencode({k: v[0] for k, v in q.items()})))
        return dsn, schema
    parts = dict(p.split("=", 1) for p in arg.split() if "=" in p)
    schema = parts.pop("schema", "atlas")
    return " ".join(f"{k}={v}" for k, v in parts.items()), schema


def column_sql(f) -> str:
    """A field's column in CREATE TABLE or ADD COLUMN."""
    sql = f"{quote_ident(f.name)} {PG_TYPES[f.type]}"
    if f.not_null:
        sql += " NOT NULL"
    if f.unique:
        sql += " UNIQUE"
    if f.default is not None:
        d = f.default
        if f.type == "BOOLEAN":
            d = "true" if d.strip("'") in ("1", "true") else "false"
        sql += f" DEFAULT {d}"
    return sql


def _search_path(schema: str) -> str:
    """Every function's pinned search path: the store's schema, PostGIS, and temporary objects last (never first)."""
    return f"{quote_ident(schema)}, public, pg_temp"


def _function(schema: str, name: str, body: str, lang: str = "plpgsql", args: str = "", returns: str = "trigger",
              volatility: str = "", definer: bool = False, tag: str = "") -> str:
    """CREATE FUNCTION with the search path pinned; SECURITY DEFINER runs it with the rights of the store's owner."""
    extra = (f" {volatility}" if volatility else "") + (" SECURITY DEFINER" if definer else "")
    return (f"CREATE FUNCTION {quote_ident(name)}({args}) RETURNS {returns} LANGUAGE {lang}{extra}"
            f" SET search_path = {_search_path(schema)} AS ${tag}${body}${tag}$")


def _trigger(name: str, table: str, when: str) -> str:
    """CREATE TRIGGER running function `name` for each row (events in PostgreSQL's own order: INSERT, DELETE, UPDATE)."""
    return f"CREATE TRIGGER {quote_ident(name)} {when} ON {quote_ident(table)} FOR EACH ROW EXECUTE FUNCTION {quote_ident(name)}()"


# the wijk a geometry overlaps most (points: a wijk whose closure holds it; a tie: the lowest wijk_code) — geo's rule in SQL
WIJK_VAN_BODY = """
  SELECT w.wijk_code FROM wijken w
   WHERE g IS NOT NULL AND NOT ST_IsEmpty(g) AND w.geom && g
     AND CASE WHEN ST_Dimension(g) = 0 THEN ST_Intersects(w.geom, ST_PointOnSurface(g))
              ELSE ST_Area(ST_Intersection(w.geom, g)) > 0 END
   ORDER BY CASE WHEN ST_Dimension(g) = 0 THEN 0 ELSE ST_Area(ST_Intersection(w.geom, g)) END DESC, w.wijk_code COLLATE "C"
   LIMIT 1 """


# known opgave codes as real foreign keys
FOREIGN_KEYS = {"locatie_opgaven": "locatie_opgave_code_fk", "doelen": "doel_opgave_code_fk"}


def table_ddl(t: Table) -> List[str]:
    """One table with its key, geometry index and foreign key (in the store's search path)."""
    cols = [f"{quote_ident(t.fid_column)} bigserial PRIMARY KEY"] + [column_sql(f) for f in t.fields]
    if t.geometry:
        cols.append(f"{quote_ident(GEOM_COLUMN)} geometry({t.geometry}, {EPSG})")
    out = [f"CREATE TABLE {quote_ident(t.name)} ({', '.join(cols)})"]
    if t.geometry:
        out.append(f"CREATE INDEX {quote_ident(t.name + '_geom_idx')} ON {quote_ident(t.name)} USING gist ({quote_ident(GEOM_COLUMN)})")
    if t.name in FOREIGN_KEYS:
        out.append(f"ALTER TABLE {quote_ident(t.name)} ADD CONSTRAINT {quote_ident(FOREIGN_KEYS[t.name])}"
                   " FOREIGN KEY (opgave_code) REFERENCES opgaven (code)")
    return out


def table_sql(schema: str) -> List[str]:
    """The schema, tables, keys and indexes (no guards)."""
    s = quote_ident(schema)
    out = [f"CREATE SCHEMA IF NOT EXISTS {s}", f"SET search_path TO {s}, public"]
    for t in sorted(TABLES, key=lambda t: t.name in FOREIGN_KEYS):  # opgaven before the tables that refer to it
        out += table_ddl(t)
    return out + [ix.sql() for ix in INDEXES]


def installed_indexes(cur, schema: str) -> Dict[str, str]:
    """name → definition of the atlas indexes in the store's schema (a psycopg2 cursor; compared with rules.INDEXES)."""
    cur.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = %s AND i.indexname LIKE 'atlas\\_%%'"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%%I.%%I', i.schemaname, i.indexname)::regclass)",
                (schema,))  # not the keys of atlas_meta and atlas_lagen
    return dict(cur.fetchall())


REPAIR_FUNCTION = "atlas_herstel_bewaking"


def guard_sql(schema: str) -> List[str]:
    """The guards, the history and the repair function: every CREATE FUNCTION and CREATE TRIGGER (what `validate` compares
    the store with)."""
    return _guards(schema) + _repair_sql(schema)


def _repair_sql(schema: str) -> List[str]:
    """`validate --herstel` for a beheerder who does not own the store: a SECURITY DEFINER function (owner's rights, only for
    atlas_beheerder) that drops every other atlas trigger and function and creates them as generated: nothing else."""
    own = f"n.nspname = {quote_literal(schema)}"
    roles = ", ".join(quote_literal(r) for r in ROLES)
    body = ("\nDECLARE r record;\nBEGIN\n"
            "  FOR r IN SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            f" JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {own} AND NOT t.tgisinternal AND t.tgname LIKE 'atlas\\_%' LOOP\n"
            f"    EXECUTE format('DROP TRIGGER %I ON %I.%I', r.tgname, {quote_literal(schema)}, r.relname);\n  END LOOP;\n"
            "  FOR r IN SELECT p.oid::regprocedure::text AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            f" WHERE {own} AND p.proname LIKE 'atlas\\_%' AND p.proname <> {quote_literal(REPAIR_FUNCTION)} LOOP\n"
            "    EXECUTE 'DROP FUNCTION ' || r.sig || ' CASCADE';\n  END LOOP;\n"
            + "".join(f"  EXECUTE {quote_literal(sql)};\n" for sql in _guards(schema))
            + f"  EXECUTE 'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {quote_ident(schema)}.wijzigingen FROM PUBLIC';\n"
            f"  FOR r IN SELECT rolname FROM pg_roles WHERE rolname IN ({roles}) LOOP\n"
            f"    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {quote_ident(schema)}.wijzigingen FROM %I', r.rolname);\n"
            "  END LOOP;\nEND\n")
    return [_function(schema, REPAIR_FUNCTION, body, returns="void", definer=True, tag="herstel"),
            f"REVOKE ALL ON FUNCTION {quote_ident(REPAIR_FUNCTION)}() FROM PUBLIC"]


def _guards(schema: str) -> List[str]:
    out = [_function(schema, "atlas_wijk_van", WIJK_VAN_BODY, lang="sql", args="g geometry", returns="text", volatility="STABLE")]
    for t in TABLES:
        conds = guard_conditions(t, "pg")
        if conds:
            body = "\n".join(f"  IF {c} THEN RAISE EXCEPTION USING MESSAGE = {quote_literal(f'Laag {t.name}, veld {m}')}, "
                             f"ERRCODE = 'check_violation'; END IF;" for c, m in conds)
            name = f"atlas_{t.name}_guard"
            out.append(_function(schema, name, f"\nBEGIN\n{body}\n  RETURN NEW;\nEND "))
            out.append(_trigger(name, t.name, "BEFORE INSERT OR UPDATE"))
        if t.name in LOCATION_LAYERS:
            # wijk_code kept up to date in SQL: computed on insert when absent and on every geometry edit;
            # the tags of a deleted location go with it
            name = f"atlas_{t.name}_wijk"
            out.append(_function(schema, name, "\nBEGIN\n"
                "  IF (TG_OP = 'INSERT' AND NEW.wijk_code IS NULL) OR (TG_OP = 'UPDATE' AND NEW.wijk_code IS NOT DISTINCT FROM OLD.wijk_code"
                " AND ST_AsEWKB(NEW.geom) IS DISTINCT FROM ST_AsEWKB(OLD.geom)) THEN NEW.wijk_code := atlas_wijk_van(NEW.geom); END IF;\n"
                "  RETURN NEW;\nEND "))
            out.append(_trigger(name, t.name, "BEFORE INSERT OR UPDATE"))
            name = f"atlas_{t.name}_tags_cascade"
            out.append(_function(schema, name, "\nBEGIN\n"
                f"  DELETE FROM locatie_opgaven WHERE laag = {quote_literal(t.name)} AND locatie_fid = OLD.fid;\n  RETURN OLD;\nEND "))
            out.append(_trigger(name, t.name, "AFTER DELETE"))
            # the blocks go with their location; a location written with totals and no blocks gets them from its programme
            name = f"atlas_{t.name}_blokken_cascade"
            out.append(_function(schema, name, "\nBEGIN\n"
                f"  DELETE FROM woningblokken WHERE laag = {quote_literal(t.name)} AND locatie_fid = OLD.fid;\n  RETURN OLD;\nEND "))
            out.append(_trigger(name, t.name, "AFTER DELETE"))
            name = f"atlas_{t.name}_programma_blokken"  # after atlas_<laag>_hist (by name): its insert row comes first
            out.append(_function(schema, name, f"\nBEGIN\n  {programme_blocks_sql(t.name, 'pg')};\n"
                                               f"  {recompute_sql(t.name, 'NEW.fid', 'pg')};\n  RETURN NULL;\nEND "))
            out.append(_trigger(name, t.name, "AFTER INSERT"))
        if t.name == "woningblokken":  # a location's dwelling sums follow its blocks, also a block that moves
            name = "atlas_woningblokken_sommen"
            body = "".join(f"  IF TG_OP <> {quote_literal(skip)} THEN\n"
                           + "".join(f"    {recompute_sql(lyr, f'{r}.locatie_fid', 'pg')} AND {r}.laag = {quote_literal(lyr)};\n"
                                     for lyr in LOCATION_LAYERS) + "  END IF;\n"
                           for r, skip in (("OLD", "INSERT"), ("NEW", "DELETE")))
            out.append(_function(schema, name, f"\nBEGIN\n{body}  RETURN NULL;\nEND "))
            out.append(_trigger(name, t.name, "AFTER INSERT OR DELETE OR UPDATE"))
        if "versie_gezien" in t.field_names:
            # optimistic locking; a concurrent save waits for the row lock and is then checked against the new row
            name = f"atlas_{t.name}_versie"
            out.append(_function(schema, name, "\n"
                "DECLARE w record;\nBEGIN\n"
                "  IF TG_OP = 'INSERT' THEN NEW.versie_gezien := NULL; RETURN NEW; END IF;\n"
                "  IF NEW.versie_gezien IS NULL THEN RETURN NEW; END IF;\n"
                "  IF NEW.versie_gezien IS DISTINCT FROM OLD.versie THEN\n"
                "    SELECT gebruiker, tijd INTO w FROM wijzigingen WHERE laag = TG_TABLE_NAME AND fid = OLD.fid ORDER BY wijziging_id DESC LIMIT 1;\n"
                "    RAISE EXCEPTION USING ERRCODE = 'serialization_failure', MESSAGE = format("
                f"{quote_literal('Laag %s, feature %s, ' + CONFLICT_BY.format(wie='%s', wanneer='%s'))},"
                " TG_TABLE_NAME, OLD.fid, COALESCE(w.gebruiker, 'onbekend'),"
                " COALESCE(to_char(w.tijd AT TIME ZONE 'Europe/Amsterdam', 'DD-MM-YYYY HH24:MI:SS'), 'onbekend'));\n"
                "  END IF;\n"
                "  NEW.versie := OLD.versie + 1; NEW.versie_gezien := NULL;\n  RETURN NEW;\nEND "))
            out.append(_trigger(name, t.name, "BEFORE INSERT OR UPDATE"))
        if t.history:
            out += _history_sql(schema, t)
    return out + _stand_sql(schema)


STAND_FUNCTION = "atlas_basislagen_stand"


def _stand_sql(schema: str) -> List[str]:
    """The kept wijk profile (schema 9): every statement that changes a base layer counts up its stand, once per statement
    (a bulk import too). SECURITY DEFINER: an editor of a base layer may not write atlas_meta himself."""
    out = [_function(schema, STAND_FUNCTION, f"\nBEGIN\n  {STAND_UP_SQL};\n  RETURN NULL;\nEND ", definer=True),
           f"REVOKE ALL ON FUNCTION {quote_ident(STAND_FUNCTION)}() FROM PUBLIC"]
    for t in PROFIEL_LAYERS:
        out.append(f"CREATE TRIGGER {quote_ident(f'atlas_{t}_stand')} AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON {quote_ident(t)}"
                   f" FOR EACH STATEMENT EXECUTE FUNCTION {quote_ident(STAND_FUNCTION)}()")
    return out


def history_row(t: Table, ref: str) -> str:
    """SQL: the row `ref` of table t as its history records it (JSON; geometry as hex WKB, no locking bookkeeping)."""
    if t.geometry:
        return f"to_jsonb({ref}) - 'geom' - 'versie' - 'versie_gezien' || jsonb_build_object('geom', encode(ST_AsBinary({ref}.geom), 'hex'))"
    return f"to_jsonb({ref})"


def _history_sql(schema: str, t: Table) -> List[str]:
    """History of one table, written only by this SECURITY DEFINER trigger function (the store owner's rights: editors may not
    write `wijzigingen` themselves). It refuses to run for any other table (someone's own trigger on a temporary table),
    names the login user (session_user: inside the function current_user is the owner) and writes to the store's own table."""
    s = quote_ident(schema)
    row = history_row(t, "{r}")
    name = f"atlas_{t.name}_hist"
    ins = f"INSERT INTO {s}.wijzigingen (tijd, gebruiker, laag, fid, actie, oud, nieuw) VALUES (now(), session_user, {quote_literal(t.name)}"
    body = ("\nBEGIN\n"
            f"  IF TG_RELID IS DISTINCT FROM {quote_literal(f'{s}.{quote_ident(t.name)}')}::regclass THEN\n"
            f"    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = {quote_literal(HISTORY_REFUSED)};\n"
            "  END IF;\n"
            f"  IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) - 'wijk_code' - 'versie' - 'versie_gezien')"
            f" = (to_jsonb(NEW) - 'wijk_code' - 'versie' - 'versie_gezien') THEN RETURN NEW; END IF;\n"
            f"  IF TG_OP = 'INSERT' THEN {ins}, NEW.fid, 'insert', NULL, ({row.format(r='NEW')})::text); RETURN NEW;\n"
            f"  ELSIF TG_OP = 'UPDATE' THEN {ins}, NEW.fid, 'update', ({row.format(r='OLD')})::text,"
            f" ({row.format(r='NEW')})::text); RETURN NEW;\n"
            f"  ELSE {ins}, OLD.fid, 'delete', ({row.format(r='OLD')})::text, NULL); RETURN OLD;\n"
            "  END IF;\nEND ")
    return [_function(schema, name, body, definer=True),
            f"REVOKE ALL ON FUNCTION {quote_ident(name)}() FROM PUBLIC",
            _trigger(name, t.name, "AFTER INSERT OR DELETE OR UPDATE")]


def create_sql(schema: str) -> List[str]:
    return table_sql(schema) + guard_sql(schema)


_FUNCTION = re.compile(r"CREATE FUNCTION (\S+?)\(.*?\) RETURNS \S+ LANGUAGE (\w+)((?: \w+)*?) SET search_path = (.*?) AS \$(\w*)\$(.*)\$\5\$$", re.S)


def _canon_function(name: str, lang: str, definer: bool, config: str, body: str, public: bool) -> str:
    return f"FUNCTION {name} LANGUAGE {lang} SECURITY {'DEFINER' if definer else 'INVOKER'} {config} PUBLIC {public} AS {body}"


@functools.lru_cache(maxsize=8)
def _generated(schema: str) -> Tuple[Tuple[str, str], ...]:
    from .guards import normalise

    out = []
    for sql in guard_sql(schema):
        m = _FUNCTION.match(sql)
        if m:
            name, lang, attrs, path, _, body = m.groups()
            definer = "SECURITY DEFINER" in attrs
            out.append((name.strip('"'), normalise(_canon_function(name, lang, definer, f"search_path={path}", body, not definer), schema)))
        elif sql.startswith("CREATE TRIGGER"):
            out.append((sql.split()[2].strip('"') + " (trigger)", normalise(sql, schema)))
    return tuple(out)


def generated_guards(schema: str) -> Dict[str, str]:
    """name → the guard or history function or trigger as this version generates it (normalised)."""
    return dict(_generated(schema))


def installed_guards(con, schema: str) -> Dict[str, str]:
    """name → the atlas function or trigger as installed (pg_proc, pg_get_triggerdef; normalised like `generated_guards`)."""
    from .guards import normalise

    out = {}
    for name, lang, definer, config, body, public in con.execute(
            "SELECT p.proname, l.lanname, p.prosecdef, array_to_string(p.proconfig, ';'), p.prosrc,"
            " has_function_privilege('public', p.oid, 'EXECUTE')"
            " FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = %s AND p.proname LIKE 'atlas\\_%%'", (schema,)).fetchall():
        out[name] = normalise(_canon_function(name, lang, definer, config or "", body, public), schema)
    for name, definition, enabled in con.execute(
            "SELECT t.tgname, pg_get_triggerdef(t.oid), t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND NOT t.tgisinternal AND t.tgname LIKE 'atlas\\_%%'",
            (schema,)).fetchall():
        out[name + " (trigger)"] = normalise(definition, schema) + (" [uitgeschakeld]" if enabled == "D" else "")
    return out


def reinstall_guards(con, schema: str, owner: bool = True) -> None:
    """Drop every atlas function and trigger and create them as this version generates them (in the caller's transaction).
    The owner first renews the repair function itself; a beheerder only runs it."""
    if owner:
        s = quote_ident(schema)
        con.execute(f"DROP FUNCTION IF EXISTS {s}.{quote_ident(REPAIR_FUNCTION)}()")
        con.execute(f"SET LOCAL search_path TO {s}, public")
        for sql in _repair_sql(schema):
            con.execute(sql)
        _grant_repair(con, schema)
    con.execute(f"SELECT {quote_ident(schema)}.{quote_ident(REPAIR_FUNCTION)}()")


def _grant_repair(cur, schema: str) -> None:
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = 'atlas_beheerder'")
    if cur.fetchone():
        cur.execute(f"GRANT EXECUTE ON FUNCTION {quote_ident(schema)}.{quote_ident(REPAIR_FUNCTION)}() TO atlas_beheerder")


def create_pg_store(arg: str, overwrite: bool = False) -> Tuple[str, str]:
    """Create the store in a PostgreSQL schema; returns (dsn without password, schema)."""
    import psycopg2

    dsn, schema = split_dsn(arg)
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
        raise StoreError(f"Schemanaam '{schema}' is niet toegestaan: kleine letters, cijfers en _.")
    try:
        con = psycopg2.connect(dsn)
    except psycopg2.Error as exc:
        raise StoreError(f"PostGIS-store: verbinding mislukt ({str(exc).strip().splitlines()[0]}).") from None
    try:
        with con:
            with con.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
                if cur.fetchone():
                    if not overwrite:
                        raise StoreError(f"Schema '{schema}' bestaat al; kies een nieuw schema (of vervang het bewust met --overschrijven).")
                    _refuse_foreign_schema(cur, schema)
                    cur.execute(f"DROP SCHEMA {quote_ident(schema)} CASCADE")
                cur.execute("CREATE EXTENSION IF NOT EXISTS postgis")
                for sql in table_sql(schema) + _repair_sql(schema):
                    cur.execute(sql)
                cur.execute(f"SELECT {quote_ident(REPAIR_FUNCTION)}()")  # the guards and history, installed as a repair would
                _grant_repair(cur, schema)
                from .migrations import fill_catalogues

                fill_catalogues(cur, "%s")
                cur.execute("INSERT INTO atlas_meta (sleutel, waarde) VALUES ('schema_versie', %s), ('gemeente', 'Almelo (GM0141)')",
                            (str(SCHEMA_VERSION),))
                cur.execute(STAND_INSERT_SQL)
                from .guards import FINGERPRINT_KEY, fingerprint

                cur.execute("INSERT INTO atlas_meta (sleutel, waarde) VALUES (%s, %s)",
                            (FINGERPRINT_KEY, fingerprint(installed_guards(cursor(con), schema))))
    finally:
        con.close()
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", dsn), schema


def _refuse_foreign_schema(cur, schema: str) -> None:
    """--overschrijven drops only an atlas store: never `public`, never a schema without atlas_meta or with tables of its own."""
    ours = {t.name for t in TABLES}
    cur.execute("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'f')", (schema,))
    foreign = sorted({r[0] for r in cur.fetchall()} - ours)
    atlas = "atlas_meta" in _present(cur, schema)
    if schema == "public" or not atlas or foreign:
        why = ("het schema public wordt nooit overschreven" if schema == "public" else "het is geen atlas-store" if not atlas
               else f"het bevat tabellen die niet van de atlas zijn ({', '.join(foreign[:3])})")
        raise StoreError(f"Schema '{schema}' wordt niet overschreven: {why}; er is niets gewijzigd. Kies een nieuw schema.")


def _present(cur, schema: str) -> set:
    cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,))
    return {r[0] for r in cur.fetchall()}


def pg_connection(arg: str):
    """A psycopg2 connection with the store's schema on the search path."""
    import psycopg2

    dsn, schema = split_dsn(arg)
    con = psycopg2.connect(dsn)
    with con.cursor() as cur:
        cur.execute(f"SET search_path TO {quote_ident(schema)}, public")
    return con


ROLES = {
    "atlas_lezer": "lezen",
    "atlas_redacteur": "projecten, potloodplannen, hun woningblokken en opgaven per locatie bewerken; scenario's maken",
    "atlas_beheerder": "alles, ook catalogi, doelen en de lagencatalogus",
}
EDITABLE = ("projecten", "potloodplannen", "locatie_opgaven", "woningblokken", "scenario", "scenario_wijziging")
HISTORY_REFUSED = "Laag wijzigingen: de historie wordt alleen door de atlas zelf geschreven; niemand kan haar met de hand wijzigen."


def roles_sql(schema: str) -> List[str]:
    """Create the three roles (if absent) and grant them their rights on the store's schema."""
    s = quote_ident(schema)
    out = []
    for role in ROLES:
        out.append(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} NOLOGIN; END IF; END $$")
    out += [
        f"GRANT USAGE ON SCHEMA {s} TO atlas_lezer, atlas_redacteur, atlas_beheerder",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO atlas_lezer, atlas_redacteur, atlas_beheerder",
        "GRANT atlas_lezer TO atlas_redacteur",
        "GRANT atlas_redacteur TO atlas_beheerder",
    ]
    for t in EDITABLE:
        out.append(f"GRANT INSERT, UPDATE, DELETE ON {s}.{quote_ident(t)} TO atlas_redacteur")
    out.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO atlas_redacteur")
    out.append(f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO atlas_beheerder")
    # history is written only by the SECURITY DEFINER history functions, for every editor; never by hand, not even by a beheerder
    out.append(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {s}.wijzigingen FROM PUBLIC, atlas_lezer, atlas_redacteur, atlas_beheerder")
    fn = f"{s}.{quote_ident(REPAIR_FUNCTION)}()"
    out.append(f"DO $$ BEGIN IF to_regprocedure({quote_literal(fn)}) IS NOT NULL THEN GRANT EXECUTE ON FUNCTION {fn} TO atlas_beheerder; END IF; END $$")
    return out


def create_roles(arg: str) -> List[str]:
    """Run roles_sql on the store; returns the roles. Needs a user that may create roles."""
    import psycopg2

    dsn, schema = split_dsn(arg)
    try:
        con = psycopg2.connect(dsn)
    except psycopg2.Error as exc:
        raise StoreError(f"PostGIS-store: verbinding mislukt ({str(exc).strip().splitlines()[0]}).") from None
    try:
        with con, con.cursor() as cur:
            for sql in roles_sql(schema):
                cur.execute(sql)
    except psycopg2.Error as exc:
        raise StoreError(f"Rollen aanmaken mislukt: {translate_pg_error(exc)}") from None
    finally:
        con.close()
    return list(ROLES)


def translate_pg_error(exc: Exception) -> str:
    """A Dutch line for a database error; our guard messages pass through as they are."""
    msg = str(getattr(exc, "pgerror", None) or exc).strip().splitlines()[0]
    msg = msg.replace("ERROR:  ", "").replace("FOUT:  ", "")
    code = getattr(exc, "pgcode", None)
    diag = getattr(exc, "diag", None)
    m = re.search(r"permission denied for (?:table|relation) (\w+)", msg)
    if (m and m.group(1) == "wijzigingen") or msg.startswith("Laag wijzigingen"):
        return HISTORY_REFUSED
    if m or code == "42501":  # insufficient_privilege, whatever the server's language
        table = m.group(1) if m else (getattr(diag, "table_name", None) or "?")
        role = "atlas_redacteur" if table in EDITABLE else "atlas_beheerder"  # the role that may write this table
        return f"Geen rechten om laag {table} te wijzigen: vraag een beheerder om de rol {role}."
    if code in ("23502", "23505") and diag is not None and diag.table_name:  # not_null / unique violation
        col = diag.column_name or (re.findall(r"\(([^)]+)\)=", diag.message_detail or "") or ["?"])[0]
        return f"Laag {diag.table_name}, veld {col}: {REQUIRED_RULE if code == '23502' else UNIQUE_RULE}"
    if code == "53100":  # disk_full
        return f"PostGIS-server: {DISK_FULL}"
    if code == "23503" or ("foreign key" in msg and "opgave" in msg):  # foreign_key_violation
        # an unknown code is refused earlier by the guard trigger; what reaches the key is an opgave still in use
        # (diag.table_name is then the referring table)
        if msg.startswith("insert or update on table"):
            return "Laag locatie_opgaven, veld opgave_code: onbekende opgave"
        return "Laag opgaven, veld code: opgave is nog in gebruik"  # as the GeoPackage says it
    return msg


# --- opening and using a PostGIS store ---------------------------------------------------------

def _iso_utc(value: Optional[str], cur=None) -> Optional[str]:
    """timestamptz text (session time zone UTC) → '2021-01-01T00:00:00.000Z': times cross the store contract as ISO UTC text."""
    if value is None:
        return None
    day, _, rest = value.partition(" ")
    clock = rest[:8]
    frac = rest[8:].split("+")[0].split("-")[0]
    ms = (frac[1:] + "000")[:3] if frac.startswith(".") else "000"
    return f"{day}T{clock}.{ms}Z"


def _cursor_class():
    import psycopg2
    import psycopg2.extensions as ext
    from psycopg2.extras import execute_batch

    class Cursor(ext.cursor):
        """psycopg2's own cursor (`%s` parameters). `execute` returns the cursor, as DB-API drivers commonly do, and a
        refusal arrives as the contract's DbError (a lost server as ConnectionLost)."""

        def execute(self, sql, params=None):  # type: ignore[override]
            try:
                super().execute(sql, params or None)
            except psycopg2.Error as exc:
                raise _error(exc, self.connection, sql, params or ()) from None
            return self

        def executemany(self, sql, seq):  # type: ignore[override]
            try:
                execute_batch(self, sql, list(seq), page_size=500)
            except psycopg2.Error as exc:
                raise _error(exc, self.connection) from None
            return self

    return Cursor


_CURSOR: list = []


def cursor(raw):
    """A cursor of the store's kind on a psycopg2 connection."""
    if not _CURSOR:
        _CURSOR.append(_cursor_class())
    return raw.cursor(cursor_factory=_CURSOR[0])


def _wkb(value: Any) -> Any:
    """A geometry parameter (shapely or plain WKB) for ST_GeomFromWKB."""
    import psycopg2

    from ..model import geo

    if value is None:
        return None
    if not isinstance(value, (bytes, bytearray, memoryview)):
        value = geo.to_wkb(value)
    return psycopg2.Binary(bytes(value))


def _error(exc: Exception, raw, sql: str = "", params: Sequence[Any] = ()) -> StoreError:
    """A refused statement (the server answered with an error code) → DbError; a lost connection → ConnectionLost."""
    import psycopg2

    if getattr(exc, "pgcode", None) and not isinstance(exc, psycopg2.InterfaceError) and not raw.closed:
        if getattr(exc, "pgcode", None) in ("22003", "22P02"):  # numeric_value_out_of_range, invalid_text_representation
            return DbError(_not_an_integer(sql, params) or translate_pg_error(exc), exc.pgcode)
        if "does not match column SRID" in str(exc) and _WRITE.match(sql):  # the column type refused it: as the guard says it
            return DbError(f"Laag {_WRITE.match(sql).group(2)}, veld {SRID_RULE}", exc.pgcode)
        return DbError(translate_pg_error(exc), exc.pgcode)  # class 22/23: this row's values; others: the write itself
    return ConnectionLost(f"Verbinding met de database verbroken ({_first_line(exc)}); de wijziging is niet opgeslagen.")


_WRITE = re.compile(r'\s*(INSERT\s+INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def _not_an_integer(sql: str, params: Sequence[Any]) -> Optional[str]:
    """PostgreSQL refuses 9.2×10^18, 2^63, inf, NaN or text for an integer column before the guard runs, without
    naming the column: find the field that value was meant for and say it as the GeoPackage's guard does."""
    m = _WRITE.match(sql)
    if not m or m.group(2) not in TABLES_BY_NAME:
        return None
    t = TABLES_BY_NAME[m.group(2)]
    if m.group(1).upper() == "UPDATE":
        names = re.findall(r'"?(\w+)"?\s*=\s*%s', re.split(r"\bWHERE\b", sql, flags=re.IGNORECASE)[0])
    else:
        cols = re.search(r"\(([^)]*)\)\s*VALUES\s*\((.*)\)", sql, re.IGNORECASE | re.S)
        names = [c.strip().strip('"') for c in cols.group(1).split(",")] if cols else []
        if cols and cols.group(2).count("%s") != len(names):  # one parameter per column, as insert_rows writes
            names = []
    for name, value in zip(names, params):
        if name not in t.field_names or t.field(name).type != "INTEGER" or value is None:
            continue
        f = t.field(name)
        try:
            number = float(value)
        except (TypeError, ValueError):
            return f"Laag {t.name}, veld {name}: moet een getal zijn"
        if math.isnan(number):
            return f"Laag {t.name}, veld {name}: moet een getal zijn"
        if abs(number) > 2**31 - 1:
            too_small, too_large = f.bound_messages()
            if number > 0:
                return f"Laag {t.name}, veld {name}: {too_large if f.maximum is not None else 'getal is te groot'}"
            return f"Laag {t.name}, veld {name}: {too_small if f.minimum is not None else 'getal is te klein'}"
    return None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _connect(dsn: str, schema: str, password: Optional[str] = None):
    import psycopg2
    import psycopg2.extensions as ext

    extra = {"password": password} if password else {}
    try:
        raw = psycopg2.connect(dsn, connect_timeout=10, application_name="almelo_atlas", **extra)
    except psycopg2.Error as exc:
        raise StoreError(f"PostGIS-store: verbinding mislukt ({_redact_line(_first_line(exc))}).") from None
    with raw.cursor() as cur:
        # one round trip; no JIT: compiling costs 0,1–0,7 s per large read and gains nothing on the atlas's short queries
        cur.execute(f"SET search_path TO {quote_ident(schema)}, public; SET TIME ZONE 'UTC'; SET jit = off")
    raw.commit()
    ext.register_type(ext.new_type((1184, 1114), "TIME_ISO", _iso_utc), raw)
    ext.register_type(ext.new_type((1082,), "DATE_ISO", lambda v, c: v), raw)
    return raw


PROFILE_WORK_MEM = "256MB"  # the sorts of the profile's label join (per sort, this query only)


def _redact_line(text: str) -> str:
    return re.sub(r"password=\S+", "password=***", text)


class PostgisStore(Store):
    """A store in a PostgreSQL + PostGIS schema, through psycopg2 (`%s` parameters, geometry as WKB)."""

    kind = Backend.POSTGIS
    param = "%s"
    dialect = "pg"  # for the rules (rules.py)
    repair_function = REPAIR_FUNCTION

    def __init__(self, arg: str, dsn: Optional[str] = None, schema: Optional[str] = None, password: Optional[str] = None,
                 qgis_conninfo: Optional[str] = None, connection_name: Optional[str] = None):
        self.arg = arg
        self.dsn, self.schema = (dsn, schema or "atlas") if dsn is not None else split_dsn(arg)
        self.path = Path(f"{self.schema}.postgis")  # a name for file-based helpers (exports, titles); never opened
        self._password = password  # from QGIS's authentication database: in memory only, never written
        self.qgis_conninfo = qgis_conninfo  # what QGIS layers connect with (authcfg, never a password)
        self.connection_name = connection_name

    @classmethod
    def from_connection(cls, name: str, dsn: str, schema: str, password: Optional[str], qgis_conninfo: str) -> "PostgisStore":
        """A store reached through a connection saved in QGIS (credentials from its authentication database)."""
        return cls(f"verbinding:{name}?schema={schema}", dsn, schema, password, qgis_conninfo, name)

    def __repr__(self) -> str:
        return f"PostgisStore({self.label!r})"

    @property
    def uri(self) -> str:
        return self.arg

    @property
    def label(self) -> str:
        if self.connection_name:
            return f"PostGIS-verbinding {self.connection_name} (schema {self.schema})"
        return f"{redact(self.dsn)} (schema {self.schema})"

    _kept: Any = None  # the one connection of a store at a peildatum (its past lives in that connection's temporary tables)

    def connect(self):
        """A psycopg2 connection with the store's schema on the search path."""
        return _connect(self.dsn, self.schema, self._password)

    def _session(self):
        return self._kept if self._kept is not None else self.connect()

    def _release(self, raw) -> None:
        if raw is not self._kept:
            raw.close()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Any]:
        """One consistent snapshot (repeatable read), read-only."""
        raw = self._session()
        raw.set_session(isolation_level="REPEATABLE READ", readonly=True)
        try:
            yield cursor(raw)
        finally:
            with contextlib.suppress(Exception):
                raw.rollback()
            self._release(raw)

    def change_marker(self) -> str:
        """The cluster's write-ahead log position: every committed write moves it (writes elsewhere in the cluster too)."""
        with self.reading() as cur:
            return str(cur.execute("SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
                                   " ELSE pg_current_wal_lsn() END::text").fetchone()[0])

    @contextlib.contextmanager
    def transaction(self, guarded: bool = True) -> Iterator[Any]:
        import psycopg2

        raw = self._session()
        try:
            con = cursor(raw)
            if guarded:
                guards.check(self, con)
            yield con
            try:
                raw.commit()
            except psycopg2.Error as exc:
                raise ConnectionLost(f"Opslaan mislukt ({_first_line(exc)}); er is niets opgeslagen.") from None
        except BaseException:
            with contextlib.suppress(Exception):  # the server is gone: it rolls back by itself
                raw.rollback()
            raise
        finally:
            self._release(raw)

    # metadata
    def table_names(self, con=None) -> List[str]:
        with self._con(con) as c:
            return [r[0] for r in c.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s ORDER BY table_name", (self.schema,))]

    def columns(self, table: str, con=None) -> List[str]:
        with self._con(con) as c:
            return [r[0] for r in c.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
                (self.schema, table))]

    @staticmethod
    def json_text(expr: str, key: str) -> str:
        return f"(({expr})::jsonb ->> {quote_literal(key)})"

    @staticmethod
    def distinct(a: str, b: str) -> str:
        return f"{a} IS DISTINCT FROM {b}"

    @staticmethod
    def is_number(col: str) -> str:
        return "true"

    @staticmethod
    def geom_size(col: str = GEOM_COLUMN) -> str:
        return f"sum(ST_MemSize({col}))"

    @staticmethod
    def history_row(t: Table, ref: str) -> str:
        return history_row(t, ref)

    def geometry_sql(self, column: str = GEOM_COLUMN) -> str:
        return f"ST_AsBinary({quote_ident(column)})"

    def geometry_param(self) -> str:
        return f"ST_GeomFromWKB(%s, {EPSG})"

    def geometry_value(self, value: Any) -> Any:
        return _wkb(value)

    def points_in_boxes(self, con, points: str, boxes: str, where: str) -> Dict[int, int]:
        """Per box (its bounds computed once) the points found through the points' spatial index: 6 k index scans at 1 M
        dwellings, not 1 M probes into the boxes that each read a box's whole geometry again (47 s → 2 s)."""
        b = quote_ident(boxes)
        sql = (f"WITH b AS MATERIALIZED (SELECT fid, ST_Envelope(geom) AS env, ST_XMin(geom) AS x0, ST_XMax(geom) AS x1,"
               f" ST_YMin(geom) AS y0, ST_YMax(geom) AS y1 FROM {b} WHERE geom IS NOT NULL AND ({where}))"
               f" SELECT fid, n FROM (SELECT b.fid, (SELECT count(*) FROM {quote_ident(points)} p WHERE p.geom && b.env"
               " AND ST_X(p.geom) >= b.x0 AND ST_X(p.geom) < b.x1 AND ST_Y(p.geom) >= b.y0 AND ST_Y(p.geom) < b.y1) AS n FROM b) c"
               " WHERE n > 0")
        return {int(f): int(n) for f, n in con.execute(sql).fetchall()}

    def membership_sql(self, tables: Sequence[str]) -> Optional[str]:
        """wijk_code, buurt_code and gebieden of location `l` computed in the database (the rules of geo.assign_largest and
        geo.overlap_pairs in SQL)."""
        share = ("CASE WHEN ST_Area(l.geom) > 0 THEN ST_Area(ST_Intersection(l.geom, p.geom)) / ST_Area(l.geom)"
                 " ELSE CASE WHEN ST_Intersects(p.geom, ST_PointOnSurface(l.geom)) THEN 1.0 ELSE 0.0 END END")
        buurt = (f"(SELECT p.buurt_code FROM buurten p WHERE p.geom && l.geom AND ST_Intersects(p.geom, l.geom)"
                 f" AND {share} > 0 ORDER BY {share} DESC, p.buurt_code COLLATE \"C\" LIMIT 1)") if "buurten" in tables else "NULL"
        gebieden = (f"ARRAY(SELECT p.naam FROM gebieden p WHERE p.geom && l.geom AND ST_Intersects(p.geom, l.geom)"
                    f" AND {share} >= {GEBIED_MIN_SHARE} ORDER BY p.fid)") if "gebieden" in tables else "ARRAY[]::text[]"
        return f"COALESCE(l.wijk_code, atlas_wijk_van(l.geom)) AS wijk_code, {buurt} AS buurt_code, {gebieden} AS gebieden"

    def labels_by_vbo(self, con) -> Optional[List[tuple]]:
        """The labels on their dwellings by vbo_id, joined and counted in the database (≈ 100 rows back, not 2 × 1 M):
        per vbo its newest label (by opname- else registratiedatum, one without a date newest, then the highest fid) on
        its dwelling of the lowest fid; a label of no dwelling is not counted. Sorted bytewise (COLLATE "C": the same
        equality, no locale's rules) and in memory (1 M: ~100 MB per side for this query only; more spills to disk)."""
        datum = "coalesce(opnamedatum, registratiedatum)"
        con.execute(f"SET LOCAL work_mem = '{PROFILE_WORK_MEM}'")  # a failed query rolls the reading back, this with it
        rows = con.execute(
            "SELECT d.wijk_code, n.label, count(*) FROM (SELECT DISTINCT ON (k) vbo_id COLLATE \"C\" AS k, wijk_code"
            " FROM woningvoorraad WHERE vbo_id IS NOT NULL ORDER BY k, fid) d"
            " JOIN (SELECT DISTINCT ON (k) vbo_id COLLATE \"C\" AS k, label FROM energielabels WHERE vbo_id IS NOT NULL"
            f" ORDER BY k, {datum} IS NULL DESC, {datum} DESC, fid DESC) n USING (k) GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
        con.execute("SET LOCAL work_mem TO DEFAULT")
        return rows

    def trigger_names(self, con) -> List[str]:
        return [r[0] for r in con.execute(
            "SELECT DISTINCT trigger_name FROM information_schema.triggers WHERE trigger_schema = %s", (self.schema,))]

    def expected_triggers(self) -> List[str]:
        return sorted({m.group(1).strip('"') for sql in create_sql(self.schema) for m in [re.match(r"CREATE TRIGGER (\S+)", sql)] if m})

    def generated_guards(self, con) -> Dict[str, str]:
        return generated_guards(self.schema)

    def installed_guards(self, con) -> Dict[str, str]:
        return installed_guards(con, self.schema)

    def install_guards(self, con, owner: bool = True) -> None:
        reinstall_guards(con, self.schema, owner=owner)

    def installed_indexes(self, con) -> Dict[str, str]:
        return installed_indexes(con, self.schema)

    def may_repair(self) -> Tuple[bool, bool]:
        owner = may_repair(self)
        return owner, owner or may_run_repair(self)

    def geometry_srids(self, con) -> Dict[str, int]:
        return dict(con.execute("SELECT f_table_name, srid FROM geometry_columns WHERE f_table_schema = %s", (self.schema,)).fetchall())

    # writing
    def _insert_sql(self, table: str, cols: Sequence[str], returning: bool = False) -> str:
        values = ", ".join(self.geometry_param() if c == GEOM_COLUMN else "%s" for c in cols)
        sql = f"INSERT INTO {quote_ident(table)} ({', '.join(quote_ident(c) for c in cols)}) VALUES ({values})"
        return sql + (f" RETURNING {quote_ident(TABLES_BY_NAME[table].fid_column)}" if returning else "")

    def insert_rows(self, con, table: str, rows: Sequence[Dict[str, Any]]) -> List[int]:
        if not rows:
            return []
        cols = list(rows[0].keys())
        sql = self._insert_sql(table, cols, returning=True)
        return [con.execute(sql, [_wkb(r.get(c)) if c == GEOM_COLUMN else r.get(c) for c in cols]).fetchone()[0] for r in rows]

    def insert_many(self, con, table: str, cols: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
        g = list(cols).index(GEOM_COLUMN) if GEOM_COLUMN in cols else None
        if g is not None:
            values = [[*v[:g], _wkb(v[g]), *v[g + 1:]] for v in values]
        con.executemany(self._insert_sql(table, cols), values)

    def finish_write(self, con) -> None:
        """Each fid sequence past the highest fid (rows were written with their own fids), and past every fid the history
        knows of the table: a deleted location's fid is never given again (its history is keyed on laag and fid)."""
        for t in TABLES:
            fc = quote_ident(t.fid_column)
            con.execute(f"SELECT setval(pg_get_serial_sequence({quote_literal(t.name)}, {quote_literal(t.fid_column)}),"
                        f" COALESCE(GREATEST((SELECT max({fc}) FROM {quote_ident(t.name)}),"
                        f" (SELECT max(fid) FROM wijzigingen WHERE laag = {quote_literal(t.name)})), 0) + 1, false)")

    # history
    @contextlib.contextmanager
    def at(self, moment: str) -> Iterator[Store]:
        """The store as it stood at `moment`, computed in SQL from the history without a copy: one connection whose
        temporary projecten, potloodplannen and locatie_opgaven shadow the real ones (postgis_history.py)."""
        import copy

        from .postgis_history import layer_source as past_layer
        from .postgis_history import shadow

        raw = self.connect()
        try:
            shadow(raw, self.schema, moment)
            past = copy.copy(self)
            past._kept = raw
            past.layer_source = lambda table: past_layer(self, table, moment)  # type: ignore[method-assign]
            yield past
        finally:
            raw.close()

    def migrate_schema(self, version: int, outdated: int) -> List[str]:
        return _migrate_postgis(self, version, outdated)

    def keep_meta(self, key: str, value: str) -> bool:
        import psycopg2

        try:
            with self.transaction(guarded=False) as con:
                con.execute("SET LOCAL lock_timeout = '200ms'")  # a cache: never wait long for a lock
                self.set_meta(con, key, value)
        except (psycopg2.Error, StoreError):  # no rights (atlas_lezer), locked, gone: the kept value stays as it was
            return False
        return True

    def layer_source(self, table: str) -> Tuple[str, str]:
        """A postgres-provider URI without any password (QGIS takes it from its authentication database or the service file)."""
        from urllib.parse import urlparse

        t = TABLES_BY_NAME.get(table)
        if self.qgis_conninfo:
            parts = [self.qgis_conninfo]
        elif self.dsn.startswith(("postgresql://", "postgres://")):
            u = urlparse(self.dsn)
            parts = [f"dbname='{u.path.lstrip('/')}'"]
            if u.hostname:
                parts.append(f"host={u.hostname}")
            if u.port:
                parts.append(f"port={u.port}")
            if u.username:
                parts.append(f"user='{u.username}'")
            for k, v in parse_qs(u.query).items():
                if k in ("service", "sslmode", "authcfg", "host"):
                    parts.append(f"{k}={v[0]}" if k != "service" else f"service='{v[0]}'")
        else:
            parts = [f"{k}='{v}'" if k in ("service", "dbname", "user") else f"{k}={v}"
                     for k, v in (p.split("=", 1) for p in self.dsn.split()) if k != "password"]
        key = t.fid_column if t else "fid"
        parts.append(f"key='{key}'")
        if t is not None and t.geometry:
            parts += [f"srid={EPSG}", f"type={t.geometry}", f'table="{self.schema}"."{table}" ({GEOM_COLUMN})']
        else:
            parts.append(f'table="{self.schema}"."{table}"')
        return " ".join(parts), "postgres"


def open_pg_store(arg: "str | PostgisStore", migrate: Optional[bool] = True) -> PostgisStore:
    """Open a PostGIS store, checking that the schema holds this atlas at a version this plugin knows; migrate as for the
    GeoPackage (`migrate_if_asked`). Guards of an older generation are renewed only by the store's owner, else write commands
    refuse until a beheerder does."""
    store = arg if isinstance(arg, PostgisStore) else PostgisStore(arg)
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", store.schema):
        raise StoreError(f"Schemanaam '{store.schema}' is niet toegestaan: kleine letters, cijfers en _.")
    with store.reading() as con:
        tables = set(store.table_names(con))
        if "atlas_meta" not in tables:
            raise StoreError(f"PostGIS-store {store.label}: schema '{store.schema}' bevat geen atlas (maak hem met init).")
        version = store.schema_version(con)
    if version > SCHEMA_VERSION:
        raise StoreError(f"PostGIS-store {store.label} heeft schemaversie {version}; deze plugin kent versie {SCHEMA_VERSION}. "
                         "Werk de plugin bij.")
    if migrate and version == SCHEMA_VERSION and not may_repair(store):
        migrate = False
    from .migrations import migrate_if_asked

    migrate_if_asked(store, version, migrate)
    return store


# --- migration (the steps: migrations.py) --------------------------------------------------------

def _migrate_postgis(store: "PostgisStore", version: int, outdated: int) -> List[str]:
    """One PostgreSQL transaction, DDL included: a failure anywhere leaves the store as it was. Only the store's owner may."""
    from . import migrations

    if not may_repair(store):
        raise StoreError(f"Store {store.label}: alleen de eigenaar van het schema kan de store migreren; er is niets gewijzigd.")
    with store.transaction(guarded=False) as con:
        cur = con
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
        notes += migrations.added_columns(cur, tables, lambda f: column_sql(f if f.default is not None else replace(f, not_null=False)))
        # the steps move rows as they were: no guards, no history of their own (the owner renews the triggers after them)
        cur.execute("SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n"
                    " ON n.oid = c.relnamespace WHERE n.nspname = %s AND NOT t.tgisinternal AND t.tgname LIKE 'atlas\\_%%'", (store.schema,))
        for trg, table in cur.fetchall():
            cur.execute(f"DROP TRIGGER {quote_ident(trg)} ON {quote_ident(table)}")
        notes += migrations.run_steps(cur, version, outdated, "%s")
        guards.reinstall(store, con)
        present = set(tables) | {t.name for t in missing}
        notes += align_indexes(cur, installed_indexes(cur, store.schema), present)
        migrations.fill_catalogues(cur, "%s")
        migrations.stamp_version(store, con)
    return notes


def may_repair(store: PostgisStore) -> bool:
    """The connected user owns the store's tables (or is superuser): may reinstall its guards, also the repair function."""
    with store.reading() as con:
        row = con.execute("SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                          " WHERE n.nspname = %s AND c.relname = 'wijzigingen'", (store.schema,)).fetchone()
    return bool(row and row[0])


def may_run_repair(store: PostgisStore) -> bool:
    """A beheerder (atlas_beheerder) may run the repair function."""
    with store.reading() as con:
        row = con.execute("SELECT p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %s AND p.proname = %s",
                          (store.schema, REPAIR_FUNCTION)).fetchone()
        return bool(row) and bool(con.execute("SELECT has_function_privilege(%s::oid, 'EXECUTE')", (row[0],)).fetchone()[0])


__all__ = ["create_pg_store", "create_sql", "split_dsn", "pg_connection", "ROLES", "roles_sql", "create_roles",
           "translate_pg_error", "PostgisStore", "open_pg_store", "cursor"]
