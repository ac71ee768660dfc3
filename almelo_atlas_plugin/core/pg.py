"""PostGIS store, first step (issue #7): the same tables, guards, catalogues and history as the GeoPackage,
generated from the same schema definition (schema.py), in one PostgreSQL schema.

So far: create a store (`init postgresql://…?schema=atlas` or `service=NAME`). Opening, roll-up,
roles, conflicts and the dock follow with #7.
"""

from __future__ import annotations

import re
from typing import List, Tuple
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

from . import catalogue
from .schema import EPSG, GEOM_COLUMN, LOCATION_LAYERS, SCHEMA_VERSION, TABLES, Table, quote_ident, quote_literal
from .store import StoreError

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


def _column(f, table: Table) -> str:
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


def _bad_conditions(t: Table) -> List[Tuple[str, str]]:
    """(condition on NEW that makes a row bad, Dutch message), PostgreSQL dialect; same rules as the GeoPackage."""
    out: List[Tuple[str, str]] = []
    for f in t.fields:
        col = f"NEW.{quote_ident(f.name)}"
        if f.domain:
            allowed = ", ".join(quote_literal(v) for v in f.values)
            out.append((f"{col} IS NOT NULL AND {col} NOT IN ({allowed})",
                        f"{f.name}: waarde niet toegestaan (toegestaan: {', '.join(f.values)})"))
        if f.minimum is not None:
            msg = "mag niet negatief zijn" if f.minimum == 0 else f"mag niet kleiner zijn dan {f.minimum:g}"
            out.append((f"{col} < {f.minimum:g}", f"{f.name}: {msg}"))
        if f.maximum is not None:
            out.append((f"{col} > {f.maximum:g}", f"{f.name}: mag niet groter zijn dan {f.maximum:g}"))
    if t.name in LOCATION_LAYERS:
        out.append(("NEW.won_totaal IS DISTINCT FROM (COALESCE(NEW.won_sociale_huur,0) + COALESCE(NEW.won_middenhuur,0)"
                    " + COALESCE(NEW.won_vrije_huur,0) + COALESCE(NEW.won_koop,0))",
                    "won_totaal: is niet gelijk aan de som van de woningsegmenten (sociale huur + middenhuur + vrije huur + koop)"))
        out.append((f"NEW.{GEOM_COLUMN} IS NULL OR ST_IsEmpty(NEW.{GEOM_COLUMN})", f"{GEOM_COLUMN}: geometrie ontbreekt of is leeg"))
    if t.name == "projecten":
        out.append(("NEW.start_jaar IS NOT NULL AND NEW.oplever_jaar IS NOT NULL AND NEW.oplever_jaar < NEW.start_jaar",
                    "oplever_jaar: ligt voor het startjaar"))
    if t.name == "locatie_opgaven":
        for lyr in LOCATION_LAYERS:
            out.append((f"NEW.laag = '{lyr}' AND NOT EXISTS (SELECT 1 FROM {quote_ident(lyr)} WHERE fid = NEW.locatie_fid)",
                        f"locatie_fid: locatie bestaat niet in laag {lyr}"))
    if t.name == "doelen":
        out.append(("NEW.niveau = 'wijk' AND NEW.wijk_code IS NULL", "wijk_code: verplicht voor een wijkdoel"))
        out.append(("NEW.eenheid = 'aandeel' AND (NEW.streefwaarde < 0 OR NEW.streefwaarde > 1)",
                    "streefwaarde: een aandeel ligt tussen 0 en 1"))
    return out


def create_sql(schema: str) -> List[str]:
    s = quote_ident(schema)
    out = [f"CREATE SCHEMA IF NOT EXISTS {s}", f"SET search_path TO {s}, public"]
    for t in TABLES:
        cols = [f"{quote_ident(t.fid_column)} bigserial PRIMARY KEY"] + [_column(f, t) for f in t.fields]
        if t.geometry:
            cols.append(f"{quote_ident(GEOM_COLUMN)} geometry({t.geometry}, {EPSG})")
        out.append(f"CREATE TABLE {quote_ident(t.name)} ({', '.join(cols)})")
        if t.geometry:
            out.append(f"CREATE INDEX {quote_ident(t.name + '_geom_idx')} ON {quote_ident(t.name)} USING gist ({quote_ident(GEOM_COLUMN)})")
    # known opgave codes as real foreign keys
    out.append("ALTER TABLE locatie_opgaven ADD CONSTRAINT locatie_opgave_code_fk FOREIGN KEY (opgave_code) REFERENCES opgaven (code)")
    out.append("ALTER TABLE doelen ADD CONSTRAINT doel_opgave_code_fk FOREIGN KEY (opgave_code) REFERENCES opgaven (code)")
    out.append("CREATE UNIQUE INDEX atlas_locatie_opgaven_uniek ON locatie_opgaven (laag, locatie_fid, opgave_code)")
    for t in TABLES:
        conds = _bad_conditions(t)
        if conds:
            body = "\n".join(f"  IF {c} THEN RAISE EXCEPTION USING MESSAGE = {quote_literal(f'Laag {t.name}, veld {m}')}, "
                             f"ERRCODE = 'check_violation'; END IF;" for c, m in conds)
            fn = quote_ident(f"atlas_{t.name}_guard")
            out.append(f"CREATE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}\n  RETURN NEW;\nEND $$")
            out.append(f"CREATE TRIGGER {fn} BEFORE INSERT OR UPDATE ON {quote_ident(t.name)} FOR EACH ROW EXECUTE FUNCTION {fn}()")
        if t.history:
            row = ("to_jsonb({r}) - 'geom' || jsonb_build_object('geom', encode(ST_AsBinary({r}.geom), 'hex'))" if t.geometry
                   else "to_jsonb({r})")
            fn = quote_ident(f"atlas_{t.name}_hist")
            out.append(
                f"CREATE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                f"  IF TG_OP = 'INSERT' THEN INSERT INTO wijzigingen (tijd, gebruiker, laag, fid, actie, oud, nieuw)"
                f" VALUES (now(), current_user, {quote_literal(t.name)}, NEW.fid, 'insert', NULL, ({row.format(r='NEW')})::text); RETURN NEW;\n"
                f"  ELSIF TG_OP = 'UPDATE' THEN INSERT INTO wijzigingen (tijd, gebruiker, laag, fid, actie, oud, nieuw)"
                f" VALUES (now(), current_user, {quote_literal(t.name)}, NEW.fid, 'update', ({row.format(r='OLD')})::text,"
                f" ({row.format(r='NEW')})::text); RETURN NEW;\n"
                f"  ELSE INSERT INTO wijzigingen (tijd, gebruiker, laag, fid, actie, oud, nieuw)"
                f" VALUES (now(), current_user, {quote_literal(t.name)}, OLD.fid, 'delete', ({row.format(r='OLD')})::text, NULL); RETURN OLD;\n"
                f"  END IF;\nEND $$")
            out.append(f"CREATE TRIGGER {fn} AFTER INSERT OR UPDATE OR DELETE ON {quote_ident(t.name)} FOR EACH ROW EXECUTE FUNCTION {fn}()")
    return out


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
                        raise StoreError(f"Schema '{schema}' bestaat al; kies een nieuw schema.")
                    cur.execute(f"DROP SCHEMA {quote_ident(schema)} CASCADE")
                cur.execute("CREATE EXTENSION IF NOT EXISTS postgis")
                for sql in create_sql(schema):
                    cur.execute(sql)
                for tname, rows in catalogue.catalogue_rows().items():
                    cols = [c for c in rows[0] if c in next(t for t in TABLES if t.name == tname).field_names]
                    for r in rows:
                        vals = [bool(r[c]) if c == "zichtbaar" else r.get(c) for c in cols]
                        cur.execute(f"INSERT INTO {quote_ident(tname)} ({', '.join(quote_ident(c) for c in cols)}) "
                                    f"VALUES ({', '.join(['%s'] * len(cols))})", vals)
                cur.execute("INSERT INTO atlas_meta (sleutel, waarde) VALUES ('schema_versie', %s), ('gemeente', 'Almelo (GM0141)')",
                            (str(SCHEMA_VERSION),))
    finally:
        con.close()
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", dsn), schema


def pg_connection(arg: str):
    """A psycopg2 connection with the store's schema on the search path."""
    import psycopg2

    dsn, schema = split_dsn(arg)
    con = psycopg2.connect(dsn)
    with con.cursor() as cur:
        cur.execute(f"SET search_path TO {quote_ident(schema)}, public")
    return con


__all__ = ["create_pg_store", "create_sql", "split_dsn", "pg_connection"]


ROLES = {
    "atlas_lezer": "lezen",
    "atlas_redacteur": "projecten, potloodplannen en opgaven per locatie bewerken",
    "atlas_beheerder": "alles, ook catalogi, doelen en de lagencatalogus",
}
EDITABLE = ("projecten", "potloodplannen", "locatie_opgaven")


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
    # history is written by the triggers on behalf of every editor, never edited by hand
    out.append(f"GRANT INSERT ON {s}.wijzigingen TO atlas_redacteur")
    out.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO atlas_redacteur")
    out.append(f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO atlas_beheerder")
    out.append(f"REVOKE UPDATE, DELETE ON {s}.wijzigingen FROM atlas_beheerder")
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
    m = re.search(r"permission denied for (?:table|relation) (\w+)", msg)
    if m:
        return f"Geen rechten om laag {m.group(1)} te wijzigen: vraag een beheerder om de rol atlas_redacteur."
    if "foreign key" in msg and "opgave" in msg:
        return "Laag locatie_opgaven, veld opgave_code: onbekende opgave"
    return msg
