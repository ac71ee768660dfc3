"""The schema's rules as SQL, once for both backends: the conditions that make a row bad and the atlas's indexes.

`rules_of(table, dialect)` turns schema.py's fields (domains, bounds, numbers, dates), its extra checks and the references
(known opgave, wijk, location) into conditions on a row; the GeoPackage triggers, the PostGIS guard functions (on NEW) and
`validate` (on the stored rows) all use them. Index names start with `atlas_`; an `atlas_` index not listed here is an
older generation's and goes at migration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Tuple

from ..model.blokken import BLOCK_DEFAULTS, GEREALISEERD_STATUS, JAAR_FIELD, PROGRAMME_BLOCKS, SUM_OF_BLOCKS
from ..model.schema import (
    COMPUTED_FIELDS,
    COMPUTED_RULE,
    DATE_RULE,
    EPSG,
    GEOM_COLUMN,
    LOCATION_LAYERS,
    NUMBER_RULE,
    Table,
    quote_ident,
    quote_literal,
)


@dataclass(frozen=True)
class Rule:
    """A condition on row NEW that makes it bad, and the guard's Dutch message ("veld: rule"). An empty condition: the
    backend's column type enforces the rule by itself (PostGIS: typed numbers, the geometry's SRID), with the same message."""

    soort: str  # domein, geen_getal, datum, negatief, te_klein, te_groot, som_woningen, regel, berekend, onbekende_*, geometrie
    veld: str
    bad: str
    melding: str
    needs: Tuple[str, ...] = ()  # other tables the condition reads
    changed: bool = False  # a guard checks it only on an UPDATE that changes the field (validate: on every stored row)

    def condition(self, row: str = "NEW") -> str:
        return re.sub(r"\bNEW\.", f"{row}.", self.bad)

    @property
    def columns(self) -> set:
        """The row's columns the condition reads."""
        return set(re.findall(r"\bNEW\.\"?(\w+)", self.bad))

    @property
    def text(self) -> str:
        """The message without its field."""
        return self.melding.split(": ", 1)[-1]


def rules_of(t: Table, dialect: str = "sqlite") -> List[Rule]:
    """A table's rules; one list for both backends ("sqlite": GeoPackage, untyped columns and blobs; "pg": typed columns,
    PostGIS geometry)."""
    sqlite = dialect == "sqlite"
    out: List[Rule] = []
    for f in t.fields:
        col = f"NEW.{quote_ident(f.name)}"
        is_num = f"typeof({col}) IN ('integer','real') AND " if sqlite else ""
        if f.numeric_check and sqlite:  # SQLite stores NaN as NULL: a required number catches it here
            null_ok = "" if f.not_null else f"{col} IS NOT NULL AND "
            out.append(Rule("geen_getal", f.name, f"{null_ok}typeof({col}) NOT IN ('integer','real')", f"{f.name}: {NUMBER_RULE}"))
        elif f.numeric_check:  # as on GeoPackage: a required number is missing (text sent as NULL); text: the column type
            out.append(Rule("geen_getal", f.name, f"{col} IS NULL" if f.not_null else "", f"{f.name}: {NUMBER_RULE}"))
        if f.type == "REAL" and not sqlite:  # PostgreSQL keeps NaN, and orders it above every number
            out.append(Rule("geen_getal", f.name, f"{col} = 'NaN'::float8", f"{f.name}: {NUMBER_RULE}"))
        if f.type == "DATE":  # GeoPackage: text that is a calendar day as written; PostGIS: the date type, finite
            bad = f"typeof({col}) <> 'text' OR date({col}, '+0 days') IS NOT {col}" if sqlite else f"NOT isfinite({col})"
            out.append(Rule("datum", f.name, f"{col} IS NOT NULL AND ({bad})", f"{f.name}: {DATE_RULE}"))
        if f.domain:
            allowed = ", ".join(quote_literal(v) for v in f.values)
            out.append(Rule("domein", f.name, f"{col} IS NOT NULL AND {col} NOT IN ({allowed})",
                            f"{f.name}: waarde niet toegestaan (toegestaan: {', '.join(f.values)})"))
        too_small, too_large = f.bound_messages()
        if f.minimum is not None:
            out.append(Rule("negatief" if f.minimum == 0 else "te_klein", f.name, f"{is_num}{col} < {f.minimum!r}",
                            f"{f.name}: {too_small}"))
        if f.maximum is not None:
            out.append(Rule("te_groot", f.name, f"{is_num}{col} > {f.maximum!r}", f"{f.name}: {too_large}"))
    for cond, msg in t.extra_checks:
        veld = msg.split(":", 1)[0]
        out.append(Rule("som_woningen" if veld == "won_totaal" else "regel", veld,
                        cond if sqlite else re.sub(r" IS NOT (?!NULL|DISTINCT)", " IS DISTINCT FROM ", cond), msg))
    g = f"NEW.{quote_ident(GEOM_COLUMN)}"
    if t.geometry:  # PostGIS: the column type holds the SRID
        srs = " NOT IN (" + ", ".join(f"x'{EPSG.to_bytes(4, order).hex()}'" for order in ("little", "big")) + ")"
        out.append(Rule("geometrie", GEOM_COLUMN, f"{g} IS NOT NULL AND substr({g}, 5, 4){srs}" if sqlite else "", SRID_RULE))
    if t.name in LOCATION_LAYERS:
        # the GeoPackage header's flags byte has 0x10 set for an empty geometry
        empty = f"(unicode(CAST(substr({g}, 4, 1) AS TEXT)) & 16) = 16" if sqlite else f"ST_IsEmpty({g})"
        out.append(Rule("geometrie", GEOM_COLUMN, f"{g} IS NULL OR {empty}", f"{GEOM_COLUMN}: geometrie ontbreekt of is leeg"))
    if t.name in ("locatie_opgaven", "doelen"):
        out.append(Rule("onbekende_opgave", "opgave_code", "NEW.opgave_code NOT IN (SELECT code FROM opgaven)",
                        "opgave_code: onbekende opgave", ("opgaven",)))
    if t.name in ("locatie_opgaven", "woningblokken"):
        for lyr in LOCATION_LAYERS:
            out.append(Rule("onbekende_locatie", "locatie_fid",
                            f"NEW.laag = '{lyr}' AND NOT EXISTS (SELECT 1 FROM {quote_ident(lyr)} WHERE fid = NEW.locatie_fid)",
                            f"locatie_fid: locatie bestaat niet in laag {lyr}", (lyr,)))
    if t.name == "woningblokken":
        out.append(Rule("regel", "soort", "NEW.soort = 'sloop' AND NEW.laag = 'potloodplannen' AND EXISTS (SELECT 1 FROM potloodplannen p"
                        " WHERE p.fid = NEW.locatie_fid AND p.soort = 'braakliggend_terrein')",
                        "soort: sloop kan niet op braakliggend terrein (geen bebouwing)", ("potloodplannen",)))
    if t.name == "potloodplannen":
        out.append(Rule("regel", "soort", "NEW.soort = 'braakliggend_terrein' AND EXISTS (SELECT 1 FROM woningblokken b"
                        " WHERE b.laag = 'potloodplannen' AND b.locatie_fid = NEW.fid AND b.soort = 'sloop')",
                        "soort: braakliggend terrein kan geen sloopblokken hebben (geen bebouwing)", ("woningblokken",)))
    if t.name in LOCATION_LAYERS:
        for f in COMPUTED_FIELDS:
            out.append(Rule("berekend", f, distinct(f"NEW.{f}", block_sum(t.name, f, "NEW.fid"), dialect), f"{f}: {COMPUTED_RULE}",
                            ("woningblokken",), changed=True))
    if t.name == "doelen":
        out.append(Rule("onbekende_wijk", "wijk_code", "NEW.wijk_code IS NOT NULL AND NEW.wijk_code NOT IN (SELECT wijk_code FROM wijken)",
                        "wijk_code: onbekende wijk", ("wijken",)))
    return out


SRID_RULE = f"{GEOM_COLUMN}: geometrie moet in EPSG:{EPSG} (RD New) staan"


def distinct(a: str, b: str, dialect: str) -> str:
    return f"{a} IS NOT {b}" if dialect == "sqlite" else f"{a} IS DISTINCT FROM {b}"


def guard_conditions(t: Table, dialect: str, op: str = "") -> List[Tuple[str, str]]:
    """(condition on NEW, message) of every rule the guard checks: what a trigger raises. op: the GeoPackage trigger's
    INSERT or UPDATE; empty: one PostGIS function for both (TG_OP)."""
    out = []
    for r in rules_of(t, dialect):
        if not r.bad or (r.changed and op == "INSERT"):
            continue
        cond = r.condition()
        if r.changed:
            cond = f"{distinct(f'NEW.{r.veld}', f'OLD.{r.veld}', dialect)} AND {cond}"
            cond = cond if op else f"TG_OP = 'UPDATE' AND {cond}"
        out.append((cond, r.melding))
    return out


# --- a location's dwelling sums from its blocks (both backends) -----------------------------------------------------

def block_sum(laag: str, field: str, fid: str) -> str:
    """SQL: the sum of location `fid`'s blocks that computed field `field` holds (blokken.SUM_OF_BLOCKS; won_netto: bouw −
    sloop)."""
    where = f"b.laag = {quote_literal(laag)} AND b.locatie_fid = {fid}"
    if field == "won_netto":
        return f"(SELECT COALESCE(SUM(CASE WHEN b.soort = 'sloop' THEN -b.aantal ELSE b.aantal END), 0) FROM woningblokken b WHERE {where})"
    soort, segment = SUM_OF_BLOCKS[field]
    where += f" AND b.soort = {quote_literal(soort)}" + (f" AND b.segment = {quote_literal(segment)}" if segment else "")
    return f"(SELECT COALESCE(SUM(b.aantal), 0) FROM woningblokken b WHERE {where})"


def recompute_sql(laag: str, fid: str, dialect: str) -> str:
    """UPDATE of location `fid` (an SQL expression) setting every computed field to its blocks' sum, only where one
    differs (no history row, no trigger work otherwise)."""
    own = f"{quote_ident(laag)}.fid"
    sets = ", ".join(f"{f} = {block_sum(laag, f, own)}" for f in COMPUTED_FIELDS)
    differs = " OR ".join(distinct(f, block_sum(laag, f, own), dialect) for f in COMPUTED_FIELDS)
    return f"UPDATE {quote_ident(laag)} SET {sets} WHERE fid = {fid} AND ({differs})"


def programme_pending(laag: str, fid: str) -> str:
    """SQL: location `fid` has a non-zero programme field without any block of its kind yet: it is getting its blocks from
    its programme (never true of a location whose sums equal its blocks). The GeoPackage's block triggers, which run per
    row, wait for the last of them: one sums update, as on PostGIS."""
    # of its kind: the blocks its sum counts (SUM_OF_BLOCKS; won_sloop: a sloop block of any segment)
    missing = " OR ".join(f"(l.{f} <> 0 AND NOT EXISTS (SELECT 1 FROM woningblokken b WHERE b.laag = {quote_literal(laag)}"
                          f" AND b.locatie_fid = l.fid AND b.soort = {quote_literal(SUM_OF_BLOCKS[f][0])}"
                          + (f" AND b.segment = {quote_literal(SUM_OF_BLOCKS[f][1])}))" if SUM_OF_BLOCKS[f][1] else "))")
                          for f, _, _ in PROGRAMME_BLOCKS)
    return f"EXISTS (SELECT 1 FROM {quote_ident(laag)} l WHERE l.fid = {fid} AND ({missing}))"


def programme_blocks_sql(laag: str, dialect: str) -> str:
    """INSERT of the blocks of a location NEW inserted with a programme and no blocks: blokken.blocks_from_programme in
    SQL (PROGRAMME_BLOCKS, BLOCK_DEFAULTS, the year and realisation of the location)."""
    from ..model.schema import TABLES_BY_NAME

    names = TABLES_BY_NAME[laag].field_names
    jaar = f"NEW.{JAAR_FIELD}" if JAAR_FIELD in names else "NULL"
    false = "0" if dialect == "sqlite" else "false"
    done = f"NEW.status = {quote_literal(GEREALISEERD_STATUS)}" if "status" in names else false
    rows = " UNION ALL ".join(f"SELECT {quote_literal(soort)} AS soort, {quote_literal(seg)} AS segment, NEW.{f} AS aantal"
                              for f, soort, seg in PROGRAMME_BLOCKS)
    cols = ["laag", "locatie_fid", "soort", "aantal", "segment", *BLOCK_DEFAULTS, "jaar", "gerealiseerd", "bijgewerkt_door"]
    values = [quote_literal(laag), "NEW.fid", "v.soort", "v.aantal", "v.segment", *map(quote_literal, BLOCK_DEFAULTS.values()),
              jaar, done, "NEW.bijgewerkt_door"]
    return (f"INSERT INTO woningblokken ({', '.join(cols)}) SELECT {', '.join(values)} FROM ({rows}) v WHERE v.aantal <> 0"
            f" AND NOT EXISTS (SELECT 1 FROM woningblokken b WHERE b.laag = {quote_literal(laag)} AND b.locatie_fid = NEW.fid)")


@dataclass(frozen=True)
class Index:
    name: str
    table: str
    columns: Tuple[str, ...]
    unique: bool = False

    def sql(self) -> str:  # table and columns are the schema's plain names
        return f"CREATE {'UNIQUE ' if self.unique else ''}INDEX {quote_ident(self.name)} ON {self.table} ({', '.join(self.columns)})"

    def key(self) -> str:
        return f"{'UNIQUE ' if self.unique else ''}{self.table} ({', '.join(self.columns)})"


INDEXES: Tuple[Index, ...] = (
    Index("atlas_woningblokken_locatie", "woningblokken", ("laag", "locatie_fid")),
    Index("atlas_locatie_opgaven_uniek", "locatie_opgaven", ("laag", "locatie_fid", "opgave_code"), unique=True),
    # covering indexes: the wijk profile is a scan of these, not of the tables
    Index("atlas_woningvoorraad_profiel", "woningvoorraad", ("wijk_code", "eigendom", "woningtype", "bouwjaar", "vbo_id")),
    Index("atlas_energielabels_profiel", "energielabels", ("wijk_code", "label", "vbo_id")),
    Index("atlas_leefbaarheid_profiel", "leefbaarheid", ("wijk_code", "score")),
    Index("atlas_wijzigingen_laag_fid", "wijzigingen", ("laag", "fid")),
    Index("atlas_wijzigingen_tijd", "wijzigingen", ("tijd",)),
)

_DEFINITION = re.compile(r"CREATE (UNIQUE )?INDEX (?:IF NOT EXISTS )?\S+ ON (?:ONLY )?(\S+) (?:USING \w+ )?\((.*)\)\s*$", re.I | re.S)


def index_key(definition: str) -> str:
    """An installed index's definition (sqlite_master.sql or pg_indexes.indexdef) as `Index.key` writes it."""
    m = _DEFINITION.match(" ".join(definition.split()))
    if not m:
        return definition
    table = m.group(2).replace('"', "").rsplit(".", 1)[-1]
    cols = ", ".join(c.strip().strip('"') for c in m.group(3).split(","))
    return f"{'UNIQUE ' if m.group(1) else ''}{table} ({cols})"


def index_problems(installed: Dict[str, str], tables: set) -> List[str]:
    """Names of the atlas indexes that are missing, differ or are no longer generated (installed: name → definition)."""
    want = {ix.name: ix.key() for ix in INDEXES if ix.table in tables}
    have = {name: index_key(sql) for name, sql in installed.items()}
    return sorted(n for n in want.keys() | have.keys() if want.get(n) != have.get(n))


def align_indexes(cur, installed: Dict[str, str], tables: set) -> List[str]:
    """Drop the atlas indexes that differ from this version's and create the missing ones (cursor of either backend)."""
    wrong = index_problems(installed, tables)
    for name in wrong:
        if name in installed:
            cur.execute(f"DROP INDEX {quote_ident(name)}")
    for ix in INDEXES:
        if ix.name in wrong and ix.table in tables:
            cur.execute(ix.sql())
    return [f"indexen vernieuwd: {', '.join(wrong)}"] if wrong else []


__all__ = ["Rule", "rules_of", "guard_conditions", "distinct", "block_sum", "recompute_sql", "programme_pending",
           "programme_blocks_sql", "Index", "INDEXES", "index_key", "index_problems", "align_indexes"]
