"""Schema and data problems of a store, each naming layer, feature and field."""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import asdict, dataclass
from typing import Any, Dict, List, Optional

from ..model import geo
from ..model.schema import EPSG, GEOM_COLUMN, LOCATION_LAYERS, SCHEMA_VERSION, TABLES, VERSION_FIELDS, Field, Table, number_nl, quote_ident
from ..model.tijd import local_time
from . import guards
from .base import Store
from .rules import Rule, rules_of
from .snapshot import history_wkb


@dataclass
class Problem:
    soort: str  # short machine code
    laag: str
    fid: Optional[int]
    veld: Optional[str]
    melding: str  # Dutch

    def text(self) -> str:
        where = f"laag {self.laag}"
        if self.fid is not None:
            where += f", feature {self.fid}"
        if self.veld:
            where += f", veld {self.veld}"
        return f"{where}: {self.melding}"

    def as_dict(self) -> Dict[str, object]:
        return asdict(self)


def validate(store: Store, geometry: bool = True) -> List[Problem]:
    """Every problem found; an empty list means the store is sound."""
    out: List[Problem] = []
    with store.reading() as con:
        tables = set(store.table_names(con))
        version = store.schema_version(con)
        if version != SCHEMA_VERSION:
            out.append(Problem("schemaversie", "atlas_meta", None, "schema_versie",
                               f"schemaversie {version}, verwacht {SCHEMA_VERSION}"))
        srs = store.geometry_srids(con)
        for t in TABLES:
            if t.name not in tables:
                if t.required:
                    out.append(Problem("tabel_ontbreekt", t.name, None, None, "tabel ontbreekt"))
                continue
            cols = set(store.columns(t.name, con))
            missing = [f for f in t.fields if f.name not in cols]
            for f in missing:
                out.append(Problem("veld_ontbreekt", t.name, None, f.name, "veld ontbreekt"))
            if t.geometry:
                sid = srs.get(t.name)
                if sid is None:
                    out.append(Problem("geen_geometrie", t.name, None, GEOM_COLUMN, "geen geometriekolom geregistreerd"))
                elif sid != EPSG:
                    out.append(Problem("verkeerde_crs", t.name, None, GEOM_COLUMN,
                                       f"coördinatenstelsel is srs_id {sid}, verwacht EPSG:{EPSG} (RD New)"))
            out.extend(_rule_problems(store, con, t, cols, tables))
        # guards and history triggers as this version generates them?
        for g in guards.problems(store, con):
            soort = "bewaking_verouderd" if g.verouderd else f"bewaking_{g.soort}"
            out.append(Problem(soort, _guarded_table(g.naam), None, None, f"databaseregel {g.naam} {g.text()}"))
        out.extend(history_problems(store, con, tables))
        if geometry:
            out.extend(_geometry_problems(store, con, tables))
    return out


def _rule_problems(store: Store, con, t: Table, cols: set, tables: set) -> List[Problem]:
    """The rows the guards would refuse now (rules.py: the same conditions, on the stored rows); the geometry rules are
    checked by `_geometry_problems`. A rule on a missing column or table is left out (reported above)."""
    out: List[Problem] = []
    fidcol = quote_ident(t.fid_column)
    for rule in rules_of(t, store.dialect):
        if not rule.bad or rule.soort == "geometrie" or not rule.columns <= cols or not set(rule.needs) <= tables:
            continue
        field = t.field(rule.veld) if rule.veld in t.field_names else None
        for fid, val in con.execute(f"SELECT r.{fidcol}, r.{quote_ident(rule.veld)} FROM {quote_ident(t.name)} r"
                                    f" WHERE {rule.condition('r')}"):
            out.append(Problem(rule.soort, t.name, fid, rule.veld, _melding(rule, field, val)))
    return out


def _melding(rule: Rule, f: Optional[Field], val: Any) -> str:
    """The problem for a person: the value and the rule."""
    if rule.soort == "domein" and f is not None:
        return f"waarde '{val}' niet toegestaan (toegestaan: {', '.join(f.values)})"
    if rule.soort == "geen_getal":
        return "waarde ontbreekt" if val is None else f"waarde '{val}' is geen getal"
    if rule.soort == "negatief":
        return f"waarde {val} is negatief"
    if rule.soort == "te_klein" and f is not None:
        return f"waarde {val} is kleiner dan {number_nl(f.minimum)}"
    if rule.soort == "te_groot" and f is not None:
        return f"waarde {val} is groter dan {number_nl(f.maximum)}"
    if rule.soort == "onbekende_opgave":
        return f"onbekende opgave '{val}'"
    if rule.soort == "berekend":
        return f"waarde {val} is niet gelijk aan de som van de woningblokken"
    if rule.soort == "onbekende_locatie":
        return f"locatie {val} bestaat niet in {rule.needs[0]}"
    return f"waarde {val}: {rule.text}"


def _guarded_table(guard: str) -> str:
    """The table a guard belongs to (atlas_<table>_…), 'store' when none."""
    names = sorted((t.name for t in TABLES), key=len, reverse=True)
    return next((n for n in names if guard.startswith(f"atlas_{n}_")), "store")


_NOT_COMPARED = {"wijk_code", "fid", *VERSION_FIELDS}  # kept up to date without a history row; the fid is the key
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _value(key: str, v: Any) -> Any:
    """One recorded value, comparable across backends (a store copied from a GeoPackage keeps its GeoPackage history)."""
    if isinstance(v, bool):
        return int(v)
    if key == GEOM_COLUMN and isinstance(v, str) and v:
        return history_wkb(v).hex().upper()
    if isinstance(v, str) and _MOMENT.match(v):
        try:
            t = _dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
            return (t if t.tzinfo else t.replace(tzinfo=_dt.timezone.utc)).astimezone(_dt.timezone.utc).isoformat(timespec="milliseconds")
        except ValueError:
            return v
    return v


def _row(text: Any) -> Optional[Dict[str, Any]]:
    if text is None:
        return None
    d = text if isinstance(text, dict) else json.loads(text)
    return {k: _value(k, v) for k, v in d.items() if k not in _NOT_COMPARED}


def _differs(a: Dict[str, Any], b: Dict[str, Any]) -> Optional[str]:
    """The first field both rows record with different values (None when they agree)."""
    return next((k for k in sorted(a.keys() & b.keys()) if a[k] != b[k]), None)


def history_problems(store: Store, con, tables) -> List[Problem]:
    """A broken history chain, per (laag, fid) in order: each row's `oud` is the previous row's `nieuw`, nothing follows a
    delete but an insert, time never goes back, and the last row leads to the current row (or to its absence)."""
    if "wijzigingen" not in tables:
        return []
    out: List[Problem] = []
    for t in TABLES:
        if not t.history or t.name not in tables:
            continue
        fidcol = quote_ident(t.fid_column)
        current = None  # a table without all its fields (reported above): the chain is checked, not where it leads
        if set(t.field_names) <= set(store.columns(t.name, con)):
            current = {int(fid): _row(js) for fid, js in con.execute(
                f"SELECT r.{fidcol}, {store.history_row(t, 'r')} FROM {quote_ident(t.name)} r")}
        rows = con.execute(f"SELECT wijziging_id, tijd, gebruiker, fid, actie, oud, nieuw FROM wijzigingen WHERE laag = {store.param}"
                           " ORDER BY fid, wijziging_id", (t.name,)).fetchall()
        chains: Dict[int, list] = {}
        for r in rows:
            if r[3] is not None:
                chains.setdefault(int(r[3]), []).append(r)
        for fid, chain in chains.items():
            out.extend(_chain_problems(t.name, fid, chain, current))
    return out


def _chain_problems(laag: str, fid: int, chain: list, current: Optional[Dict[int, Optional[dict]]]) -> List[Problem]:
    out: List[Problem] = []
    prev = None

    def bad(r, melding: str, veld: Optional[str] = None) -> None:
        wid, tijd, gebruiker = r[0], r[1], r[2]
        out.append(Problem("historie", laag, fid, veld, f"wijziging {wid} ({r[4]}, {local_time(tijd)}, door {gebruiker or 'onbekend'}): {melding}"))

    for r in chain:
        wid, tijd, _, _, actie, oud_t, nieuw_t = r
        try:
            oud, nieuw = _row(oud_t), _row(nieuw_t)
        except (ValueError, TypeError, AttributeError):
            bad(r, "oude of nieuwe waarden zijn geen leesbare JSON")
            prev = None
            continue
        if (actie == "insert") != (oud is None) or (actie == "delete") != (nieuw is None):
            bad(r, "onvolledig: oude en nieuwe waarden passen niet bij de actie")
        elif prev is not None:
            if actie == "insert" and prev[4] != "delete":
                bad(r, f"toegevoegd terwijl de rij al bestond (wijziging {prev[0]})")
            elif actie != "insert" and prev[4] == "delete":
                bad(r, f"{'gewijzigd' if actie == 'update' else 'verwijderd'} na de verwijdering in wijziging {prev[0]}")
            elif actie != "insert" and prev[7] is not None:
                field = _differs(oud, prev[7])
                if field:
                    bad(r, f"oude waarde van {field} is niet de nieuwe waarde van wijziging {prev[0]}", field)
            if str(tijd) < str(prev[1]):
                bad(r, f"tijd ligt voor die van de vorige wijziging {prev[0]} ({local_time(prev[1])})")
        prev = (*r, nieuw)
    if prev is not None and current is not None:
        last, now = prev, current.get(fid)
        if last[4] == "delete" and fid in current:
            bad(last, "de historie eindigt met verwijderen, maar de rij bestaat")
        elif last[4] != "delete" and fid not in current:
            bad(last, "de rij bestaat niet meer, maar de historie eindigt niet met verwijderen")
        elif last[4] != "delete" and now is not None and last[7] is not None:
            field = _differs(last[7], now)
            if field:
                bad(last, f"de historie leidt niet tot de huidige rij (veld {field})", field)
    return out


def _geometry_problems(store: Store, con, tables) -> List[Problem]:
    out: List[Problem] = []
    for t in TABLES:
        if not t.geometry or t.geometry == "Point" or t.name not in tables:
            continue
        for fid, srid, wkb in con.execute(f"SELECT fid, ST_SRID(geom), {store.geometry_sql()} FROM {quote_ident(t.name)}"):
            g = None if wkb is None else geo.from_wkb(bytes(wkb))
            if g is None or g.is_empty:
                if t.name in LOCATION_LAYERS:
                    out.append(Problem("lege_geometrie", t.name, fid, GEOM_COLUMN, "geometrie ontbreekt of is leeg"))
                continue
            if srid != EPSG:
                out.append(Problem("verkeerde_crs", t.name, fid, GEOM_COLUMN, f"geometrie in srs_id {srid}, verwacht {EPSG}"))
            reason = geo.explain_invalid(g)
            if reason:
                out.append(Problem("ongeldige_geometrie", t.name, fid, GEOM_COLUMN, f"ongeldige geometrie: {reason}"))
    if "wijken" in tables:
        codes, wk_geoms = store.read_geometries("wijken", key="wijk_code", con=con)
        for lyr in LOCATION_LAYERS:
            if lyr not in tables:
                continue
            wcol = "wijk_code" if "wijk_code" in store.columns(lyr, con) else "NULL"
            stored_codes = dict(con.execute(f"SELECT fid, {wcol} FROM {lyr}").fetchall())
            for fid, g in zip(*store.read_geometries(lyr, con=con)):
                if g is None:
                    continue
                stored = stored_codes[fid]
                w = geo.largest_overlap(g, wk_geoms, codes)
                if w is None:
                    out.append(Problem("buiten_wijken", lyr, fid, GEOM_COLUMN, "locatie ligt buiten alle wijken"))
                elif wcol != "NULL" and stored != w:
                    out.append(Problem("wijk_niet_actueel", lyr, fid, "wijk_code",
                                       f"wijk_code is '{stored}', maar de locatie ligt vooral in {w}"))
    return out
