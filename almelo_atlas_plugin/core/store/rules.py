"""The schema's rules as SQL, once for both backends: the atlas's indexes (the same on GeoPackage and PostGIS).

Index names start with `atlas_`; an `atlas_` index that is not listed here is an older generation's and goes at migration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Tuple

from ..model.schema import quote_ident


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
    Index("atlas_locatie_opgaven_uniek", "locatie_opgaven", ("laag", "locatie_fid", "opgave_code"), unique=True),
    # covering indexes: the wijk profile is a scan of these, not of the tables
    Index("atlas_woningvoorraad_profiel", "woningvoorraad", ("wijk_code", "eigendom", "woningtype")),
    Index("atlas_energielabels_profiel", "energielabels", ("wijk_code", "label")),
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


__all__ = ["Index", "INDEXES", "index_key", "index_problems", "align_indexes"]
