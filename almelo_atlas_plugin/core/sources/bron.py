"""Apply a source file to a store (`bron STORE SOORT FILE`, DESIGN.md §8).

The soort's reader (`core/sources/<soort>.py`, `lees`) reads the file; `pas_toe` writes what it read in one transaction:
rows matched on the source's own id (`BronInhoud.sleutel`) are inserted (new key), updated (a field or the geometry
differs; only the fields the source gives, so the atlas's own fields such as a wijk's prioriteit stay) or deleted (key no
longer in the file); the tables in `BronInhoud.andere` are replaced whole. Rows of the layer without a key did not come
from a source (the synthetic sample, an older import): a run replaces them and counts them as vervallen. wijk_code and
buurt_code follow by the one wijk rule, and the run is recorded in `bronnen` — also when nothing changed.
"""

from __future__ import annotations

import collections
import importlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from shapely.ops import unary_union

from ..model import geo
from ..model.schema import GEOM_COLUMN, TABLES_BY_NAME, Table, quote_ident
from ..model.tijd import parse_datum
from ..model.values import parse_pairs
from ..store.base import DbError, Store, StoreError, current_user, now_iso
from . import bronnen
from .bronnen import BronInhoud, Telling, Weigering, bronregel, sha256_of
from .importer import POINT_LAYERS, Refused, area_codes, refresh_wijk_codes, target_geometry, update_wijk_counts

# options every reader takes; the others per soort: bronnen.OPTIES_VAN (names as the CLI flag without dashes)
COMMON_OPTIONS: Tuple[str, ...] = ("peildatum",)
CHUNK = 5000  # rows per insert/update batch (a refused row is then looked for within its batch)
SQL_LIST = 500  # keys per `IN (…)`
DEFAULT_GEMEENTE = "GM0141"
_DB_REFUSAL = re.compile(r"^Laag [^,]+, (?:feature \d+, )?veld ([^:]+): (.*)$", re.S)


class BronFout(StoreError):
    """A source that cannot be read or applied at all (one Dutch line; nothing was written)."""


def _reader(soort: str):
    if soort not in bronnen.SOORTEN:
        raise BronFout(f"bron {soort}: onbekende soort; kies uit {', '.join(bronnen.SOORTEN)}.")
    name = f"{__package__}.{soort.replace('-', '_')}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise BronFout(f"bron {soort}: nog niet beschikbaar.") from None
    if not hasattr(module, "lees"):
        raise BronFout(f"bron {soort}: nog niet beschikbaar.")
    return module


def opties_van(soort: str) -> Tuple[str, ...]:
    """The options a soort takes (without dashes): the common ones and bronnen.OPTIES_VAN."""
    return COMMON_OPTIONS + tuple(bronnen.OPTIES_VAN.get(soort, ()))


def _koppeling(naam: str, value: Any) -> Dict[str, str]:
    """BRON=VELD pairs (a list, or text separated by commas) → {bron: veld}; a dict as it is."""
    if isinstance(value, Mapping):
        return dict(value)
    pairs = [str(p).strip() for p in (value.split(",") if isinstance(value, str) else value) if str(p).strip()]
    return parse_pairs(pairs, f"optie --{naam} '{{m}}'", "BRON=VELD")


def _given(opties: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The options actually given (a face passes every option, None or empty when not given), as the readers take
    them: peildatum an ISO date, a koppeling a dict."""
    given = {k: v for k, v in dict(opties or {}).items() if v is not None and not (hasattr(v, "__len__") and not len(v))}
    for k, v in given.items():
        kind = bronnen.OPTIES[k].soort if k in bronnen.OPTIES else None
        if kind == "datum":
            given[k] = parse_datum(str(v))
        elif kind == "koppeling":
            given[k] = _koppeling(k, v)
    return given


def lees_bron(store: Store, soort: str, pad: Path, opties: Optional[Mapping[str, Any]] = None) -> BronInhoud:
    """Read one source file for `store` by the soort's reader (never writes)."""
    module = _reader(soort)
    opties = _given(opties)
    known = opties_van(soort)
    unknown = sorted(set(opties) - set(known))
    if unknown:
        raise BronFout(f"bron {soort}: optie {', '.join('--' + k for k in unknown)} hoort niet bij deze bron; "
                       f"deze bron kent {', '.join('--' + k for k in known)}.")
    pad = Path(pad)
    if not pad.is_file():
        raise BronFout(f"bron {soort}: bestand '{pad}' bestaat niet of is geen bestand.")
    try:
        return module.lees(pad, opties, StoreContext(store, opties))
    except (OSError, UnicodeError) as exc:
        raise BronFout(f"bron {soort}: bestand '{pad.name}' kan niet worden gelezen ({exc}).") from exc


class StoreContext:
    """`bronnen.BronContext` from a store: its gemeente and the BAG points already in its woningvoorraad."""

    def __init__(self, store: Store, opties: Optional[Mapping[str, Any]] = None):
        self.store = store
        with store.reading() as con:
            row = con.execute("SELECT gemeente_code FROM gemeente ORDER BY fid").fetchone()
            geoms = [g for g in store.read_geometries("gemeente", con=con)[1] if g is not None]
        self.gemeente_code: str = str((opties or {}).get("gemeente") or (row[0] if row else DEFAULT_GEMEENTE))
        self.gemeente = geoms[0] if len(geoms) == 1 else (unary_union(geoms) if geoms else None)

    @cached_property
    def _bag(self) -> List[Tuple[Any, ...]]:
        sql = (f"SELECT vbo_id, postcode, huisnummer, huisletter, toevoeging, {self.store.geometry_sql()} FROM woningvoorraad"
               " WHERE vbo_id IS NOT NULL ORDER BY fid")
        with self.store.reading() as con:
            return con.execute(sql).fetchall()

    def vbo_punten(self) -> Mapping[str, Tuple[float, float]]:
        out = {}
        for vbo, *_, wkb in self._bag:
            if wkb is not None:
                p = geo.from_wkb(bytes(wkb))
                if not p.is_empty:
                    out[vbo] = (p.x, p.y)
        return out

    def adressen(self) -> Mapping[Tuple[str, int, str, str], str]:
        return {(pc, nr, lt or "", tv or ""): vbo for vbo, pc, nr, lt, tv, _ in self._bag if pc and nr is not None}


@dataclass
class BronResultaat:
    """What one run did (for the faces: one summary line and the refusals)."""

    soort: str
    laag: str
    bestand: str
    telling: Telling
    peildatum: Optional[str]
    weigeringen: List[str] = field(default_factory=list)  # Dutch lines naming layer, row and field
    meldingen: List[str] = field(default_factory=list)
    vervangen: Dict[str, int] = field(default_factory=dict)  # table of `andere` → rows it now holds (only when changed)

    @property
    def niets_gewijzigd(self) -> bool:
        return self.telling.niets_gewijzigd and not self.vervangen

    def samenvatting(self) -> str:
        """'BAG, stand 01-11-2026: 40.112 rijen, 12 geweigerd: 40.100 nieuw, 0 gewijzigd, 3.200 vervallen'."""
        from ..output.termen import getal

        t = self.telling
        head = f"{bronregel(self.soort, self.peildatum)}: {getal(t.rijen)} rijen, {getal(t.geweigerd)} geweigerd"
        if self.niets_gewijzigd:
            return f"{head}: niets gewijzigd."
        tail = f"{getal(t.nieuw)} nieuw, {getal(t.gewijzigd)} gewijzigd, {getal(t.vervallen)} vervallen"
        extra = "".join(f"; {naam}: {getal(n)} rijen vervangen" for naam, n in self.vervangen.items())
        return f"{head}: {tail}{extra}."


def bron(store: Store, soort: str, pad: Path, opties: Optional[Mapping[str, Any]] = None) -> BronResultaat:
    """Read and apply one source file (a soort whose rows are not one base layer — the planlijst — applies itself)."""
    inhoud = lees_bron(store, soort, pad, opties)
    return getattr(_reader(soort), "pas_toe", pas_toe)(store, inhoud, pad, _given(opties))


# --- applying -------------------------------------------------------------------------------------------------------

def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return str(a) == str(b)


def _same_geometry(wkb: Any, g: Any) -> bool:
    if wkb is None or g is None:
        return wkb is None and g is None
    if bytes(wkb) == geo.to_wkb(g):
        return True
    return geo.from_wkb(bytes(wkb)).equals_exact(g, 0)


def _chunks(seq: Sequence[Any], n: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


@dataclass
class _Plan:
    cols: List[str]  # the layer's fields the source gives (geometry apart)
    new: List[Tuple[str, Dict[str, Any]]] = field(default_factory=list)  # (key, row)
    changed: List[Tuple[int, str, Dict[str, Any]]] = field(default_factory=list)  # (fid, key, row)
    gone: List[int] = field(default_factory=list)  # fids
    unkeyed: int = 0  # of `gone`: rows that came from no source


def _prepared(inhoud: BronInhoud, t: Table) -> Tuple[List[Tuple[str, Dict[str, Any]]], List[Weigering]]:
    """The reader's rows keyed, once each, with the geometry as the table keeps it."""
    refused: List[Weigering] = []
    seen: set = set()
    out = []
    fields = set(t.field_names)
    for n, row in enumerate(inhoud.rijen, 1):
        key = row.get(inhoud.sleutel)
        where = f"{inhoud.sleutel} {key}" if key not in (None, "") else f"rij {n}"
        if key in (None, ""):
            refused.append(Weigering(where, inhoud.sleutel, "is leeg"))
            continue
        key = str(key)
        if key in seen:
            refused.append(Weigering(where, inhoud.sleutel, "komt meer dan eens voor; de eerste rij telt"))
            continue
        extra = set(row) - fields - {GEOM_COLUMN}
        if extra:
            raise BronFout(f"bron {inhoud.soort}: laag {t.name} kent geen veld {', '.join(sorted(extra))}.")
        row = dict(row)
        if t.geometry:
            try:
                row[GEOM_COLUMN] = target_geometry(row.get(GEOM_COLUMN), t)
            except Refused as exc:
                refused.append(Weigering(where, exc.field, str(exc)))
                continue
        seen.add(key)
        out.append((key, row))
    return out, refused


def _plan(store: Store, con: Any, t: Table, sleutel: str, rows: List[Tuple[str, Dict[str, Any]]]) -> _Plan:
    cols = sorted({c for _, r in rows for c in r if c != GEOM_COLUMN} | {sleutel}, key=t.field_names.index)
    geom = [store.geometry_sql()] if t.geometry else []
    sql = f"SELECT fid, {', '.join([*(quote_ident(c) for c in cols), *geom])} FROM {quote_ident(t.name)} ORDER BY fid"
    by_key = dict(rows)
    plan = _Plan(cols)
    k = cols.index(sleutel)
    present: set = set()
    for fid, *values in con.execute(sql):
        key = values[k]
        key = None if key in (None, "") else str(key)
        if key is None or key not in by_key or key in present:
            plan.gone.append(fid)
            plan.unkeyed += key is None
            continue
        present.add(key)
        row = by_key[key]
        if any(not _same(v, row.get(c)) for c, v in zip(cols, values)) or (
                t.geometry and not _same_geometry(values[-1], row.get(GEOM_COLUMN))):
            plan.changed.append((fid, key, row))
    plan.new = [(key, row) for key, row in rows if key not in present]
    return plan


def _refusal(t: Table, sleutel: str, key: str, exc: DbError) -> Weigering:
    m = _DB_REFUSAL.match(str(exc))
    return Weigering(f"{sleutel} {key}", m.group(1), m.group(2)) if m else Weigering(f"{sleutel} {key}", "(rij)", str(exc))


def _guarded(con: Any, run, items: Sequence[Any], refuse) -> int:
    """Run `run(items)` in a savepoint; when the database refuses a row, run the items one by one and hand each refused
    item to `refuse(item, exc)`. Returns how many items went in."""
    con.execute("SAVEPOINT bron")
    try:
        run(items)
    except DbError as exc:
        con.execute("ROLLBACK TO SAVEPOINT bron")
        if not exc.refuses_row:
            raise
        done = 0
        for item in items:
            con.execute("SAVEPOINT bron_rij")
            try:
                run([item])
            except DbError as one:
                if not one.refuses_row:
                    raise
                con.execute("ROLLBACK TO SAVEPOINT bron_rij")
                refuse(item, one)
            else:
                done += 1
            con.execute("RELEASE SAVEPOINT bron_rij")
        con.execute("RELEASE SAVEPOINT bron")
        return done
    con.execute("RELEASE SAVEPOINT bron")
    return len(items)


def _stamped(t: Table, row: Dict[str, Any]) -> Dict[str, Any]:
    """Who and when on a layer that records its editor."""
    if "bijgewerkt_door" in t.field_names:
        row = {**row, "bijgewerkt_door": row.get("bijgewerkt_door") or current_user()}
        if "bijgewerkt_op" in t.field_names:
            row.setdefault("bijgewerkt_op", now_iso())
    return row


def _insert(store: Store, con: Any, t: Table, sleutel: str, new: List[Tuple[str, Dict[str, Any]]],
            refused: List[Weigering]) -> int:
    groups: Dict[Tuple[str, ...], List[Tuple[str, Dict[str, Any]]]] = collections.defaultdict(list)
    for key, row in new:  # a NULL goes in as the column's default: each group lists only the values it has
        row = _stamped(t, row)
        groups[tuple(c for c in row if row[c] is not None or c == GEOM_COLUMN)].append((key, row))
    done = 0
    for cols, items in groups.items():
        def run(batch, cols=cols):
            store.insert_many(con, t.name, cols, [[r[c] for c in cols] for _, r in batch])
        for batch in _chunks(items, CHUNK):
            done += _guarded(con, run, batch, lambda item, exc: refused.append(_refusal(t, sleutel, item[0], exc)))
    return done


def _update(store: Store, con: Any, t: Table, plan: _Plan, sleutel: str, refused: List[Weigering]) -> int:
    p = store.param
    cols = list(plan.cols) + [c for c in ("bijgewerkt_door", "bijgewerkt_op") if c in t.field_names and c not in plan.cols]
    sets = [f"{quote_ident(c)} = {p}" for c in cols] + ([f"{GEOM_COLUMN} = {store.geometry_param()}"] if t.geometry else [])
    sql = f"UPDATE {quote_ident(t.name)} SET {', '.join(sets)} WHERE fid = {p}"

    def values(fid: int, row: Dict[str, Any]) -> List[Any]:
        row = _stamped(t, row)
        geom = [store.geometry_value(row.get(GEOM_COLUMN))] if t.geometry else []
        return [row.get(c) for c in cols] + geom + [fid]

    def run(batch):
        con.executemany(sql, [values(fid, row) for fid, _, row in batch])
    done = 0
    for batch in _chunks(plan.changed, CHUNK):
        done += _guarded(con, run, batch, lambda item, exc: refused.append(_refusal(t, sleutel, item[1], exc)))
    return done


def _delete(store: Store, con: Any, t: Table, fids: Sequence[int]) -> None:
    p = store.param
    for chunk in _chunks(list(fids), SQL_LIST):
        con.execute(f"DELETE FROM {quote_ident(t.name)} WHERE fid IN ({', '.join([p] * len(chunk))})", list(chunk))


def _norm(v: Any) -> Any:
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    return None if v is None else str(v)


def _replace(store: Store, con: Any, table: str, rows: List[Dict[str, Any]]) -> bool:
    """Replace a table's rows whole; False (and nothing written) when it already holds exactly these rows."""
    t = TABLES_BY_NAME.get(table)
    if t is None:
        raise BronFout(f"tabel {table} bestaat niet in de store.")
    cols = [c for c in t.field_names if any(c in r for r in rows)]
    read = cols + ([GEOM_COLUMN] if t.geometry else [])
    select = ", ".join(store.geometry_sql() if c == GEOM_COLUMN else quote_ident(c) for c in read)
    old = collections.Counter(tuple(_norm(bytes(v) if c == GEOM_COLUMN and v is not None else v) for c, v in zip(read, r))
                              for r in con.execute(f"SELECT {select} FROM {quote_ident(table)}"))
    new = collections.Counter(tuple(_norm(_wkb_of(r.get(c), t) if c == GEOM_COLUMN else r.get(c)) for c in read) for r in rows)
    if old == new:
        return False
    con.execute(f"DELETE FROM {quote_ident(table)}")
    for batch in _chunks(rows, CHUNK):
        store.insert_many(con, table, read, [[r.get(c) for c in read] for r in batch])
    return True


def _wkb_of(g: Any, t: Table) -> Optional[bytes]:
    return None if g is None else geo.to_wkb(target_geometry(g, t))


def pas_toe(store: Store, inhoud: BronInhoud, pad: Path, opties: Optional[Mapping[str, Any]] = None) -> BronResultaat:
    """Apply what a reader read to the store in one transaction, and record the run in `bronnen`."""
    opties = _given(opties)
    t = TABLES_BY_NAME.get(inhoud.laag)
    if t is None:
        raise BronFout(f"bron {inhoud.soort}: laag {inhoud.laag} bestaat niet in de store.")
    pad = Path(pad)
    sha = sha256_of(pad)
    peildatum = opties.get("peildatum") or inhoud.peildatum
    rows, refused = _prepared(inhoud, t)
    refused = list(inhoud.geweigerd) + refused
    if not rows:  # never empty a layer on a file that gives nothing (another gemeente, a wrong file)
        first = f" (eerste weigering: {refused[0].regel(t.name)})" if refused else ""
        raise BronFout(f"bron {inhoud.soort}: '{pad.name}' levert geen bruikbare rij voor laag {t.name}{first}; "
                       "er is niets gewijzigd.")
    with store.transaction() as con:
        if t.name in POINT_LAYERS and rows:  # wijk and buurt of each row by the one rule, compared and written with it
            codes = area_codes(store, con, t.name, [r.get(GEOM_COLUMN) for _, r in rows])
            for i, (_, r) in enumerate(rows):
                r.update({c: v[i] for c, v in codes.items()})
        plan = _plan(store, con, t, inhoud.sleutel, rows)
        # a layer no run filled before holds rows of no source (the synthetic sample, an old import), keyed or not
        eerste = not con.execute(f"SELECT count(*) FROM bronnen WHERE laag = {store.param}", (t.name,)).fetchone()[0]
        geen_bron = len(plan.gone) if eerste else plan.unkeyed
        nieuw = _insert(store, con, t, inhoud.sleutel, plan.new, refused)
        gewijzigd = _update(store, con, t, plan, inhoud.sleutel, refused)
        _delete(store, con, t, plan.gone)
        vervangen = {naam: len(r) for naam, r in inhoud.andere.items() if _replace(store, con, naam, r)}
        touched = ({t.name} if nieuw or gewijzigd or plan.gone else set()) | set(vervangen)
        if touched & {"wijken", "buurten"}:
            refresh_wijk_codes(store, con, "wijken")  # every layer: the areas themselves moved
        elif t.name in touched and t.name not in POINT_LAYERS:
            refresh_wijk_codes(store, con, t.name)
        if touched & {"wijken", "woningvoorraad"}:
            update_wijk_counts(store, con)
        if touched:
            store.finish_write(con)
        telling = Telling(rijen=len(inhoud.rijen) + len(inhoud.geweigerd), geweigerd=len(refused), nieuw=nieuw,
                          gewijzigd=gewijzigd, vervallen=len(plan.gone))
        bronnen.registreer(store, con, inhoud.soort, t.name, pad, sha, peildatum, telling, opties)
    meldingen = list(inhoud.meldingen)
    if geen_bron:
        from ..output.termen import getal

        meldingen.append(f"{getal(geen_bron)} rijen van laag {t.name} kwamen niet uit een bron (synthetisch of ouder) "
                         "en zijn vervangen.")
    return BronResultaat(inhoud.soort, t.name, pad.name, telling, peildatum, [w.regel(t.name) for w in refused], meldingen,
                         vervangen)


__all__: Sequence[str] = ("BronFout", "BronResultaat", "StoreContext", "lees_bron", "pas_toe", "bron", "opties_van")
