"""Schema rules as SQL conditions, one list for both backends' guards."""

from __future__ import annotations

import re
from typing import List, Tuple

from ..model.schema import (
    DATE_RULE,
    EPSG,
    GEOM_COLUMN,
    LOCATION_LAYERS,
    NUMBER_RULE,
    Table,
    quote_ident,
    quote_literal,
)


def _bad_conditions(t: Table, dialect: str = "sqlite") -> List[Tuple[str, str]]:
    """(condition on NEW that makes a row bad, Dutch message) for a table's guards; one list for both backends
    ("sqlite": GeoPackage, untyped columns and blobs; "pg": typed columns, PostGIS geometry)."""
    sqlite = dialect == "sqlite"
    out: List[Tuple[str, str]] = []
    for f in t.fields:
        col = f"NEW.{quote_ident(f.name)}"
        is_num = f"typeof({col}) IN ('integer','real') AND " if sqlite else ""
        if f.numeric_check and sqlite:  # SQLite stores NaN as NULL: a required number catches it here
            null_ok = "" if f.not_null else f"{col} IS NOT NULL AND "
            out.append((f"{null_ok}typeof({col}) NOT IN ('integer','real')", f"{f.name}: {NUMBER_RULE}"))
        elif f.numeric_check and f.not_null:  # as on GeoPackage: a required number is missing (text sent as NULL)
            out.append((f"{col} IS NULL", f"{f.name}: {NUMBER_RULE}"))
        if f.type == "REAL" and not sqlite:  # PostgreSQL keeps NaN, and orders it above every number
            out.append((f"{col} = 'NaN'::float8", f"{f.name}: {NUMBER_RULE}"))
        if f.type == "DATE":  # GeoPackage: text that is a calendar day as written; PostGIS: the date type, finite
            bad = f"typeof({col}) <> 'text' OR date({col}, '+0 days') IS NOT {col}" if sqlite else f"NOT isfinite({col})"
            out.append((f"{col} IS NOT NULL AND ({bad})", f"{f.name}: {DATE_RULE}"))
        if f.domain:
            allowed = ", ".join(quote_literal(v) for v in f.values)
            out.append((
                f"{col} IS NOT NULL AND {col} NOT IN ({allowed})",
                f"{f.name}: waarde niet toegestaan (toegestaan: {', '.join(f.values)})",
            ))
        too_small, too_large = f.bound_messages()
        if f.minimum is not None:
            out.append((f"{is_num}{col} < {f.minimum!r}", f"{f.name}: {too_small}"))
        if f.maximum is not None:
            out.append((f"{is_num}{col} > {f.maximum!r}", f"{f.name}: {too_large}"))
    for cond, msg in t.extra_checks:
        out.append((cond if sqlite else re.sub(r" IS NOT (?!NULL|DISTINCT)", " IS DISTINCT FROM ", cond), msg))
    g = f"NEW.{quote_ident(GEOM_COLUMN)}"
    if t.geometry and sqlite:  # PostGIS: the column type holds the SRID
        srs_le = (EPSG).to_bytes(4, "little").hex()
        srs_be = (EPSG).to_bytes(4, "big").hex()
        out.append((
            f"{g} IS NOT NULL AND substr({g}, 5, 4) NOT IN (x'{srs_le}', x'{srs_be}')",
            f"{GEOM_COLUMN}: geometrie moet in EPSG:{EPSG} (RD New) staan",
        ))
    if t.name in LOCATION_LAYERS:
        # the GeoPackage header's flags byte has 0x10 set for an empty geometry
        empty = f"(unicode(CAST(substr({g}, 4, 1) AS TEXT)) & 16) = 16" if sqlite else f"ST_IsEmpty({g})"
        out.append((f"{g} IS NULL OR {empty}", f"{GEOM_COLUMN}: geometrie ontbreekt of is leeg"))
    if t.name == "locatie_opgaven":
        out.append(("NEW.opgave_code NOT IN (SELECT code FROM opgaven)", "opgave_code: onbekende opgave"))
        for lyr in LOCATION_LAYERS:
            out.append((
                f"NEW.laag = '{lyr}' AND NOT EXISTS (SELECT 1 FROM {quote_ident(lyr)} WHERE fid = NEW.locatie_fid)",
                f"locatie_fid: locatie bestaat niet in laag {lyr}",
            ))
    if t.name == "doelen":
        out.append(("NEW.opgave_code NOT IN (SELECT code FROM opgaven)", "opgave_code: onbekende opgave"))
        out.append((
            "NEW.wijk_code IS NOT NULL AND NEW.wijk_code NOT IN (SELECT wijk_code FROM wijken)",
            "wijk_code: onbekende wijk",
        ))
    return out
