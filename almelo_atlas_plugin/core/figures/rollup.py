"""Roll-up: locatie → (buurt) → wijk → stad, held against the goals (DESIGN.md §4).

Base layers are summarised with SQL group-bys on the stored `wijk_code` (cached);
locations and their dwelling blocks are few, so they are read whole and aggregated
with numpy: every dwelling figure from the blocks (each by its own category and year),
the rest of the programme (m², ha) from the locations. Spatial work is done only for
locations whose geometry changed since the last run.
"""

from __future__ import annotations

import collections
import copy
import hashlib
import itertools
import json
import math
from collections import namedtuple
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np

from ..model.blokken import block_category, realisatiekans_of
from ..model.schema import BLOCK_SUM_FIELDS, GEHEIME_NAMEN_SQL, LIDMAATSCHAP_KEY, LOCATION_LAYERS, PROFIEL_KEY, PROGRAMME_FIELDS, PUBLIEK_FILTER, STAND_KEY
from ..model.values import NORM_RANGE, SURPLUS_NORM, bounded_float
from ..store.base import Store
from .result import (
    BOUWJAARKLASSEN,
    BUITEN,
    CATEGORIES,
    FIGURES,
    LABELGROEPEN,
    LEEFBAAROMETER,
    LOCATION_FIELDS,
    ONBEKEND,
    PROFIEL_WONINGTYPEN,
    SEGMENTS,
    YEAR_CATEGORIES,
    Buurt,
    Doel,
    Figures,
    Gebied,
    Jaarblokken,
    Locatie,
    PerJaar,
    Profiel,
    Rollup,
    Stad,
    Wijk,
    block_values,
    bouwjaarklasse,
    figure_base,
    json_number,
    json_numbers,
    per_year_from_sums,
    per_year_sums,
)

LABELS_EFG = ("E", "F", "G")
LID_REKENWIJZE = "1"  # of the kept membership: raise it when the membership rule changes
REKENWIJZE = "1"  # of the kept profile's sums: raise it when `profile` computes them otherwise (an older kept one is not used)
LOC_NUMBERS = ("start_jaar", "oplever_jaar", "realisatiekans")  # location columns read as floats (NULL → NaN)
LABELS_AB = ("A++++", "A+++", "A++", "A+", "A", "B")
BLOCK_COLUMNS = ["laag", "fid", "soort", "aantal", "segment", "woningtype", "jaar", "gerealiseerd",
                 "blok"]  # fid: the location's; blok: the block's own fid (a float: a scenario's new block has none)
POLYGON_KEYS = {"wijken": "wijk_code", "buurten": "buurt_code", "gebieden": "naam"}  # what a location can lie in, by key
DWELLING_FIELDS = {f: figure_base(f) for f in PROGRAMME_FIELDS + BLOCK_SUM_FIELDS if f not in LOCATION_FIELDS}  # → prefix


class _Frame:
    """Named columns of one length (numpy arrays): the few table operations the roll-up needs. Not pandas: importing
    pandas alone costs more than the whole roll-up of the sample (start-up of `rollup`, issue #18)."""

    def __init__(self, cols: Dict[str, np.ndarray]):
        self.cols = cols

    def __len__(self) -> int:
        return len(next(iter(self.cols.values()))) if self.cols else 0

    def __getitem__(self, name: str) -> np.ndarray:
        return self.cols[name]

    def take(self, rows: Any) -> "_Frame":
        """The rows `rows` (a boolean mask or indices), in that order."""
        return _Frame({c: v[rows] for c, v in self.cols.items()})

    def concat(self, other: "_Frame") -> "_Frame":
        return _Frame({c: np.concatenate([v, other.cols[c]]) for c, v in self.cols.items()})


def _isin(a: np.ndarray, values: Any) -> np.ndarray:
    """np.isin of numbers: for a few values (a refresh's changed locations, years) one comparison each, without isin's
    sorting or lookup table over the 35 k blocks."""
    values = np.asarray(values).ravel()
    if len(values) > 8 or a.dtype == object:
        return np.isin(a, values)
    out = np.zeros(a.shape, dtype=bool)
    for v in values.tolist():
        out |= a == v
    return out


def _objects(values: Sequence[Any]) -> np.ndarray:
    """A 1-d object array of `values` (tuples stay elements, not rows)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _to_float(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _numeric(values: Sequence[Any]) -> np.ndarray:
    """Numbers as floats; None and what is no number → NaN."""
    try:
        return np.array(values, dtype=float)
    except (TypeError, ValueError):
        return np.array([_to_float(v) for v in values], dtype=float)


def _is_none(values: np.ndarray) -> np.ndarray:
    return np.fromiter((v is None or (isinstance(v, float) and v != v) for v in values), dtype=bool, count=len(values))


def _group_sums(keys: Sequence[Any], parts: Dict[str, np.ndarray]) -> Iterator[Tuple[Any, Dict[str, float]]]:
    """Per distinct key (sorted) the sums of each of `parts` over its rows."""
    order = sorted(set(keys))
    idx = {k: i for i, k in enumerate(order)}
    codes = np.fromiter((idx[k] for k in keys), dtype=np.int64, count=len(keys))
    sums = {name: np.bincount(codes, weights=v, minlength=len(order)).tolist() for name, v in parts.items()}
    for i, k in enumerate(order):
        yield k, {name: col[i] for name, col in sums.items()}


def _raw_bytes(v: Any) -> bytes:
    """A value as bytes for a digest (a GeoPackage blob, PostGIS's hex EWKB, a code; NULL apart from empty)."""
    if v is None:
        return b"\x00N"
    b = bytes(v) if isinstance(v, (bytes, bytearray, memoryview)) else str(v).encode()
    return len(b).to_bytes(8, "little") + b


def _member_key(wijk_code: Any, geom: Any) -> str:
    """What a location's membership depends on of its own: the geometry as stored (a digest) and the stored wijk_code."""
    if geom is None:
        g = "-"
    else:
        g = hashlib.blake2b(geom if isinstance(geom, bytes) else str(geom).encode(), digest_size=12).hexdigest()
    return g if wijk_code is None else f"{g}={wijk_code}"  # no "=" in a hex digest: one key for one pair


def _records(con, sql: str, row: Any) -> List[Any]:
    return [row(*r) for r in con.execute(sql).fetchall()]


_Wijk = namedtuple("_Wijk", "wijk_code naam prioriteit")
_Gebied = namedtuple("_Gebied", "naam soort prioriteit")
_Buurt = namedtuple("_Buurt", "buurt_code naam wijk_code")
_Doelrij = namedtuple("_Doelrij", "fid niveau wijk_code opgave_code indicator soort eenheid streefwaarde peiljaar bron omschrijving")


def _label_counts(label: Any, n: int) -> Dict[str, int]:
    """The profile's sums of `n` labelled dwellings with `label`."""
    group = next((g for g, members in LABELGROEPEN.items() if label in members), None)
    return {"_n_lab": n, "_efg": n if label in LABELS_EFG else 0, "_ab": n if label in LABELS_AB else 0,
            **({f"_lb_{group}": n} if group else {})}


def categories(laag: Sequence[str], status: Sequence[Any], planstatus: Sequence[Any], gerealiseerd: Sequence[bool]) -> np.ndarray:
    """blokken.block_category of many (locations' or blocks') rows: the rule once per distinct combination."""
    memo: Dict[tuple, str] = {}
    out = [memo[k] if k in memo else memo.setdefault(k, block_category(*k))
           for k in zip(laag, status, planstatus, gerealiseerd)]
    return np.array(out, dtype=object)


class RollupEngine:
    """Computes the roll-up of a store; keeps caches so that a refresh after one edit is cheap."""

    incremental = True  # a refresh assembles only what the changed locations touch (a subclass that rewrites them: False)

    def __init__(self, store: Store, norm: float = SURPLUS_NORM, publiek: bool = False, bewaard: bool = True):
        """`bewaard`: use and keep the wijk profile kept in the store (schema 9); False: always computed from the base layers
        (a cold roll-up, what the kept one is checked against)."""
        self.store = store
        self.bewaard = bewaard
        self._to_keep: Optional[Tuple[int, Dict[str, Dict[str, Any]]]] = None
        self.publiek = publiek  # only the locations everyone may see (PUBLIEK_FILTER)
        self.norm = bounded_float(norm, NORM_RANGE, "norm planoverschot")
        self._profile_key: Optional[Tuple] = None
        self._profile: Optional[Dict[str, Dict[str, Any]]] = None
        self._polys: Dict[str, Tuple[List[str], List[Any]]] = {}
        self._poly_key: Dict[str, Tuple] = {}
        self._loc_df: Optional[_Frame] = None
        self._blk_df: Optional[_Frame] = None
        self._norm_key: Optional[Tuple] = None
        self._loc_top: Optional[int] = None
        self._loc_poly_key: Optional[Tuple] = None
        self._loc_json: Dict[Tuple[str, int], Locatie] = {}  # the result entries of unchanged locations
        self._members_to_keep: Optional[Tuple[str, Dict[str, list]]] = None
        self._changed_keys: Optional[Dict[str, List[int]]] = None  # the locations `locations` read anew (None: all)
        self._warm: Optional[_Warm] = None  # what the last result was made of (a refresh updates it)
        self._profiles_of: Optional[tuple] = None
        # per location (laag, fid) its _member_key and membership [wijk_code, buurt_code, gebieden] at the polygons of
        # the last full read (None: not known; a refresh then computes the changed ones' membership)
        self._members_now: Optional[Dict[Tuple[str, int], Tuple[str, list]]] = None
        self._fingerprints: Optional[Tuple[Any, Dict[str, Tuple]]] = None  # (connection, table → _poly_fingerprint)

    # --- inputs -----------------------------------------------------------------------------
    def _fingerprint(self, con, table: str) -> Tuple:
        """Cheap change marker of a table: GDAL's feature count and the highest fid (no table scan).

        An in-place attribute edit of a base layer is not seen (a new RollupEngine sees it)."""
        if table not in self._tables:
            return (0, 0)
        cnt = None
        if "gpkg_ogr_contents" in self._tables:
            row = con.execute(f"SELECT feature_count FROM gpkg_ogr_contents WHERE lower(table_name) = lower({self.store.param})",
                              (table,)).fetchone()
            cnt = row[0] if row else None
        top = con.execute(f'SELECT max(fid) FROM "{table}"').fetchone()[0]
        return (cnt, top)

    def _polygons(self, con, table: str, key_col: str) -> Tuple[List[str], List[Any]]:
        if table not in self._tables:
            return [], []
        key = self._poly_fingerprint(con, table)
        if self._poly_key.get(table) != key:
            self._polys[table] = self.store.read_geometries(table, key=key_col, con=con)
            self._poly_key[table] = key
        return self._polys[table]

    def profile(self, con) -> Dict[str, Dict[str, Any]]:
        """Wijk profile from the base layers (cached until a base layer changes): per wijk code, sums that add up over
        wijken (counts, and the weighted sums of the Leefbaarometer means); `_finish_profile` makes the shares."""
        stand = self._stand(con)
        key = ("stand", stand) if stand is not None else \
            tuple(self._fingerprint(con, t) for t in ("woningvoorraad", "energielabels", "leefbaarheid", "wijken"))
        if self._profile is not None and key == self._profile_key:
            return self._profile
        kept = self._kept(con, stand) if stand is not None else None
        if kept is not None:
            self._profile, self._profile_key = kept, key
            return kept
        prof: Dict[str, Dict[str, Any]] = {}

        def add(code, **kv):
            d = prof.setdefault(code if code is not None else BUITEN, {})
            for k, v in kv.items():
                d[k] = d.get(k, 0) + v

        # grouped counts over covering indexes (wijk_code, …): no scan of the tables themselves
        vbo = False  # do the dwellings carry BAG ids (labels then join them by vbo_id)?
        if "woningvoorraad" in self._tables:
            # grouped by the exact bouwjaar, in the covering index's order (no sort); the classes in numpy
            wv = con.execute("SELECT wijk_code, eigendom, woningtype, bouwjaar, count(*), count(vbo_id)"
                             " FROM woningvoorraad GROUP BY 1, 2, 3, 4").fetchall()
            code, eig, typ, jaar, n, n_vbo = (list(c) for c in zip(*wv)) if wv else ([], [], [], [], [], [])
            n = np.array(n, dtype=float)
            eig, typ = _objects(eig), _objects(typ)
            klasse = bouwjaarklasse(_numeric(jaar))
            typ_key = np.where(np.isin(typ, PROFIEL_WONINGTYPEN), typ, ONBEKEND)
            parts = {"woningen": n, "_corp": np.where(eig == "corporatie", n, 0.0), "_eg": np.where(typ == "eengezins", n, 0.0),
                     "_n_type": np.where(_is_none(typ), 0.0, n), "_n_eig": np.where(_is_none(eig), 0.0, n),
                     **{f"_bj_{k}": np.where(klasse == k, n, 0.0) for k in (*BOUWJAARKLASSEN, ONBEKEND)},
                     **{f"_wt_{k}": np.where(typ_key == k, n, 0.0) for k in PROFIEL_WONINGTYPEN}}
            for c, row in _group_sums([BUITEN if c is None else c for c in code], parts):
                add(c, **row)
            vbo = bool(sum(n_vbo))
        if "energielabels" in self._tables:
            if vbo:
                self._labels_by_vbo(con, add)
            for code, label, n in con.execute("SELECT wijk_code, label, count(*) FROM energielabels"
                                              + (" WHERE vbo_id IS NULL" if vbo else "") + " GROUP BY 1, 2"):
                add(code, **_label_counts(label, n))
        if "leefbaarheid" in self._tables:
            self._leefbaarheid(con, add)
        self._profile = prof
        self._profile_key = key
        if stand is not None:
            self._to_keep = (stand, prof)
        return prof

    def _stand(self, con) -> Optional[int]:
        """The count of base-layer changes the store keeps (schema 9; read before any base layer), or None: no kept
        profile then (an older store, or `bewaard=False`)."""
        if not self.bewaard or "atlas_meta" not in self._tables:
            return None
        row = con.execute(f"SELECT waarde FROM atlas_meta WHERE sleutel = {self.store.param}", (STAND_KEY,)).fetchone()
        try:
            return int(row[0]) if row else None
        except (TypeError, ValueError):
            return None

    def _kept(self, con, stand: int) -> Optional[Dict[str, Dict[str, Any]]]:
        """The profile kept in the store, if it was computed at this very stand of the base layers (and this REKENWIJZE)."""
        row = con.execute(f"SELECT waarde FROM atlas_meta WHERE sleutel = {self.store.param}", (PROFIEL_KEY,)).fetchone()
        try:
            kept = json.loads(row[0]) if row and row[0] else None
        except ValueError:
            return None
        if not isinstance(kept, dict) or kept.get("stand") != stand or kept.get("rekenwijze") != REKENWIJZE:
            return None
        return kept.get("wijken")

    def _keep(self) -> None:
        """Keep the profile just computed in the store, for the next roll-up (when the store can be written now)."""
        if self._to_keep is not None:
            stand, prof = self._to_keep
            self._to_keep = None
            self.store.keep_meta(PROFIEL_KEY, json.dumps({"stand": stand, "rekenwijze": REKENWIJZE, "wijken": prof},
                                                         separators=(",", ":")))

    def _labels_by_vbo(self, con, add) -> None:
        """The labels with a vbo_id, each on its dwelling (in the dwelling's wijk; the newest label of a vbo; a label of
        no dwelling is not one of the gemeente's dwellings). PostGIS counts them in SQL (store.labels_by_vbo)."""
        counted = self.store.labels_by_vbo(con)
        if counted is not None:
            for code, label, n in counted:
                add(code, **_label_counts(label, int(n)))
            return
        # dict() keeps the last of each key: the labels in order of date (no date: newest), then fid; the dwellings
        # reversed, so that the first in the table's order wins. Joined and counted in C (1 M rows: no Python loop)
        datum = "coalesce(opnamedatum, registratiedatum)"
        newest = dict(con.execute(f"SELECT vbo_id, label FROM energielabels WHERE vbo_id IS NOT NULL"
                                  f" ORDER BY {datum} IS NULL, {datum}, fid").fetchall())
        wijk_of = dict(reversed(con.execute("SELECT vbo_id, wijk_code FROM woningvoorraad WHERE vbo_id IS NOT NULL").fetchall()))
        both = list(wijk_of.keys() & newest.keys())
        counts = collections.Counter(zip(map(wijk_of.__getitem__, both), map(newest.__getitem__, both)))
        for (code, label), n in counts.items():
            add(code, **_label_counts(label, n))

    def _leefbaarheid(self, con, add) -> None:
        """Per wijk the Leefbaarometer sums: Σ weight × value and Σ weight of each column of LEEFBAAROMETER, weighted by
        the dwellings in the cell (a grid cell: the dwellings in its box; a buurt: the dwellings of the buurt), by
        the cell's area (the fallback of a scope whose cells hold no dwelling) and by one per cell (cells without
        geometry)."""
        rows = con.execute(f"SELECT fid, wijk_code, soort_gebied, gebied_id, {', '.join(LEEFBAAROMETER)}, {self.store.geometry_sql()}"
                           " FROM leefbaarheid ORDER BY fid").fetchall()
        if not rows:
            return
        cols = list(zip(*rows))
        df = {c: list(v) for c, v in zip(["fid", "wijk_code", "soort_gebied", "gebied_id", *LEEFBAAROMETER], cols)}
        n_rows = len(rows)
        from ..model import geo

        area = geo.areas(list(cols[-1]))
        buurt = _objects(df["soort_gebied"]) == "buurt"
        dwell = np.zeros(n_rows)
        if "woningvoorraad" in self._tables:
            # a grid cell: the dwellings in its box (the 100 m square, or what is left of it clipped); a buurt: its dwellings
            in_cell = self.store.points_in_boxes(con, "woningvoorraad", "leefbaarheid", "soort_gebied IS NULL OR soort_gebied <> 'buurt'")
            dwell = np.array([in_cell.get(f, 0) for f in df["fid"]], dtype=float)
            if buurt.any():
                per_buurt = dict(con.execute("SELECT buurt_code, count(*) FROM woningvoorraad WHERE buurt_code IS NOT NULL"
                                             " GROUP BY 1").fetchall())
                dwell[buurt] = [per_buurt.get(b, 0) for b in _objects(df["gebied_id"])[buurt]]
        parts: Dict[str, np.ndarray] = {}
        for c in LEEFBAAROMETER:
            v = _numeric(df[c])
            known = ~np.isnan(v)
            for weight, w in (("d", dwell), ("a", area), ("n", np.ones(n_rows))):
                parts[f"_lx{weight}_{c}"] = np.where(known, v * w, 0.0)
                parts[f"_lw{weight}_{c}"] = np.where(known, w, 0.0)
            if c == "score":
                parts["_n_cel"] = known.astype(float)
        for code, row in _group_sums([BUITEN if c is None else c for c in df["wijk_code"]], parts):
            add(code, **row)

    @staticmethod
    def _finish_profile(parts: Sequence[Dict[str, Any]]) -> Profiel:
        s: Dict[str, float] = {}
        for p in parts:
            for k, v in p.items():
                s[k] = s.get(k, 0) + (v or 0)

        def share(num, den):
            return round(s.get(num, 0) / s[den], 6) if s.get(den) else None

        def mean(c):  # weighted by dwellings; by area where the cells hold none; per cell where they have no geometry
            weight = next((w for w in "dan" if s.get(f"_lw{w}_{c}")), "n")
            return share(f"_lx{weight}_{c}", f"_lw{weight}_{c}")

        woningen = int(s.get("woningen", 0))
        labels = {g: int(s.get(f"_lb_{g}", 0)) for g in LABELGROEPEN}
        zonder = max(woningen - sum(labels.values()), 0)
        return Profiel(woningen=woningen, aandeel_corporatie=share("_corp", "_n_eig"),
                       aandeel_eengezins=share("_eg", "_n_type"), aandeel_label_efg=share("_efg", "_n_lab"),
                       aandeel_label_ab=share("_ab", "_n_lab"), leefbaarheid_gem=mean("score"),
                       energielabels=int(s.get("_n_lab", 0)), leefbaarheid_cellen=int(s.get("_n_cel", 0)),
                       bouwjaarklassen={k: int(s.get(f"_bj_{k}", 0)) for k in (*BOUWJAARKLASSEN, ONBEKEND)},
                       woningtypen={k: int(s.get(f"_wt_{k}", 0)) for k in PROFIEL_WONINGTYPEN},
                       labels=labels, zonder_label=zonder, aandeel_zonder_label=round(zonder / woningen, 6) if woningen else None,
                       **{f"leefbaarheid_{c}": mean(c) for c in LEEFBAAROMETER if c != "score"})

    LOC_COLUMNS = ["laag", "fid", "naam", "status", "planstatus", "soort", "start_jaar", "oplever_jaar", "status_planologisch",
                   "realisatiekans", *LOCATION_FIELDS, "wijk_code", "buurt_code", "gebieden", "opgaven", "categorie"]

    def _by_location(self, con, sql: str, keys: Optional[Dict[str, List[int]]]) -> List[tuple]:
        """Rows of a table of per-location rows (columns laag, locatie_fid): all (`sql` ordered), or those of `keys`."""
        if keys is None:
            return con.execute(sql + " ORDER BY fid").fetchall()
        p = self.store.param
        rows: List[tuple] = []
        for laag, ids in keys.items():
            for k in range(0, len(ids), 500):
                chunk = ids[k:k + 500]
                rows += con.execute(sql + f" WHERE laag = {p} AND locatie_fid IN ({','.join([p] * len(chunk))})",
                                    [laag, *chunk]).fetchall()
        return rows

    def _read_blocks(self, con, keys: Optional[Dict[str, List[int]]] = None) -> _Frame:
        """The dwelling blocks (all, or only those of the locations `keys`)."""
        rows = []
        if "woningblokken" in self._tables:
            rows = self._by_location(con, "SELECT laag, locatie_fid, soort, aantal, segment, woningtype, jaar, gerealiseerd, fid"
                                          " FROM woningblokken", keys)
        cols = list(zip(*rows)) if rows else [()] * len(BLOCK_COLUMNS)
        types = (object, np.int64, object, float, object, object, float, bool, float)  # jaar: NULL → NaN
        return _Frame({c: _objects(v) if t is object else np.array(v, dtype=t) for c, v, t in zip(BLOCK_COLUMNS, cols, types)})

    def _read_locations(self, con, keys: Optional[Dict[str, List[int]]] = None) -> _Frame:
        """Locations (all, or only `keys` per layer) with their spatial membership and tags. All of them: the membership
        kept in the store where a location's geometry is as it was then (`_kept_rows`), else computed."""
        if keys is None:
            self._members_now = None  # made again by _kept_rows (at these polygons)
        elif self._members_now is not None:
            return self._location_frame(con, self._remembered_rows(con, keys), keys)
        kept = self._kept_membership(con) if keys is None and self.bewaard else None
        raw = self._location_rows(con, keys) if kept is None else self._kept_rows(con, kept)
        return self._location_frame(con, raw, keys)

    def _remembered_rows(self, con, keys: Dict[str, List[int]]) -> Dict[str, List[Any]]:
        """The columns of the locations `keys` (a refresh), their membership as the last full read had it where their own
        wijk_code and geometry are as they were then (`_member_key`, as `_kept_rows`: a block edit needs no shapely),
        else computed (and remembered)."""
        raw: Dict[str, List[Any]] = {c: [] for c in self.ROW_COLUMNS}
        geoms: List[Any] = []
        p = self.store.param
        for laag in LOCATION_LAYERS:
            ids = sorted(keys.get(laag) or ())
            if laag not in self._tables or not ids:
                continue
            for k in range(0, len(ids), 500):
                chunk = ids[k:k + 500]
                rows = con.execute(self._location_select(laag, "wijk_code, l.geom") + f" WHERE l.fid IN ({','.join([p] * len(chunk))})",
                                   chunk).fetchall()
                if rows:
                    *cols, geom = zip(*rows)
                    raw["laag"] += [laag] * len(rows)
                    for c, v in zip(self.ROW_COLUMNS[1:], cols):
                        raw[c] += v
                    geoms += geom
        members = self._members_now
        assert members is not None
        mkeys = list(map(_member_key, raw["wijk_code"], geoms))
        entries: List[Any] = []
        missing: Dict[str, List[int]] = {}
        for lg, f, k in zip(raw["laag"], raw["fid"], mkeys):
            had = members.get((lg, f))
            entries.append(had[1] if had is not None and had[0] == k else None)
            if entries[-1] is None:
                missing.setdefault(lg, []).append(f)
        if missing:
            got = self._location_rows(con, missing)
            computed = {(lg, f): [w, b, list(g)] for lg, f, w, b, g in
                        zip(got["laag"], got["fid"], got["wijk_code"], got["buurt_code"], got["gebieden"])}
            for i, (lg, f) in enumerate(zip(raw["laag"], raw["fid"])):
                if entries[i] is None:
                    entries[i] = computed[(lg, f)]
        for lg, f, k, e in zip(raw["laag"], raw["fid"], mkeys, entries):
            members[(lg, f)] = (k, e)
        raw["wijk_code"] = [e[0] for e in entries]
        raw["buurt_code"] = [e[1] for e in entries]
        raw["gebieden"] = [tuple(e[2]) for e in entries]
        return raw

    def _location_rows(self, con, keys: Optional[Dict[str, List[int]]] = None) -> Dict[str, List[Any]]:
        """The locations' columns (all, or `keys` per layer), their membership computed from the geometry: by the
        backend in SQL (PostGIS) or here with shapely."""
        from ..model import geo

        membership = self.store.membership_sql(sorted(self._tables))  # the backend computes the overlaps, or we do
        in_sql = membership is not None
        if not in_sql:
            wk_codes, wk_geoms = self._polygons(con, "wijken", "wijk_code")
            gb_names, gb_geoms = self._polygons(con, "gebieden", "naam")
            bu_codes, bu_geoms = self._polygons(con, "buurten", "buurt_code")
            tail = f"wijk_code, {self.store.geometry_sql()}"
        else:
            tail = membership
        records: List[tuple] = []
        geoms: List[Any] = []
        spatial: List[tuple] = []
        for laag in LOCATION_LAYERS:
            if laag not in self._tables or (keys is not None and not keys.get(laag)):
                continue
            sql = self._location_select(laag, tail)
            if keys is None:
                rows = con.execute(sql + " ORDER BY l.fid").fetchall()
            else:
                ids = sorted(keys[laag])
                rows = []
                for k in range(0, len(ids), 500):
                    chunk = ids[k:k + 500]
                    rows += con.execute(sql + f" WHERE l.fid IN ({','.join([self.store.param] * len(chunk))})", chunk).fetchall()
            for r in rows:
                if in_sql:
                    records.append((laag, *r[:-2]))
                    spatial.append((r[-2], tuple(r[-1] or ())))
                else:
                    records.append((laag, *r[:-1]))
                    g = None if r[-1] is None else geo.from_wkb(bytes(r[-1]))
                    geoms.append(None if g is None or g.is_empty else g)
        cols = self.ROW_COLUMNS
        raw = {c: list(v) for c, v in zip(cols, zip(*records))} if records else {c: [] for c in cols}
        n = len(records)
        if in_sql:
            raw["buurt_code"] = [b for b, _ in spatial]
            raw["gebieden"] = [g for _, g in spatial]
        elif n:
            # the stored wijk_code is authoritative once set; a NULL one (new or moved location) is computed here
            stored = raw["wijk_code"]
            todo = [i for i, w in enumerate(stored) if w is None]
            if todo:
                for i, w in zip(todo, geo.assign_largest([geoms[i] for i in todo], wk_geoms, wk_codes)):
                    stored[i] = w
            raw["buurt_code"] = list(geo.assign_largest(geoms, bu_geoms, bu_codes)) if bu_codes else [None] * n
            member: List[List[str]] = [[] for _ in geoms]
            for i, j, share in geo.overlap_pairs(geoms, gb_geoms):
                if share >= geo.GEBIED_MIN_SHARE:
                    member[i].append(j)
            raw["gebieden"] = [tuple(gb_names[j] for j in sorted(m)) for m in member]
        else:
            raw["buurt_code"], raw["gebieden"] = [], []
        return raw

    ROW_COLUMNS = ["laag", "fid", "naam", "status", "planstatus", "soort", "start_jaar", "oplever_jaar", "status_planologisch",
                   "realisatiekans", *LOCATION_FIELDS, "wijk_code"]

    @staticmethod
    def _location_select(laag: str, tail: str) -> str:
        """SELECT of one location layer's columns (ROW_COLUMNS after laag), then `tail`."""
        fields = ", ".join(("status_planologisch", "realisatiekans") + LOCATION_FIELDS)
        extra = ("status, planstatus, NULL AS soort, start_jaar, oplever_jaar" if laag == "projecten"
                 else "NULL AS status, NULL AS planstatus, soort, NULL AS start_jaar, NULL AS oplever_jaar")
        return f'SELECT l.fid, naam, {extra}, {fields}, {tail} FROM "{laag}" l'

    # --- the membership kept in the store (#18) ---------------------------------------------------
    # atlas_meta LIDMAATSCHAP_KEY: {"rekenwijze", "vlakken": digest of wijken/buurten/gebieden, "soorten": [[wijk_code,
    # buurt_code, [gebieden]], …], "leden": {_member_key of a location's stored wijk_code and geometry: index in soorten}}. Keyed by content, so it is never
    # stale whoever edits and however (no trigger, history or lock needed): a moved, new or edited location has another
    # digest and is computed; another polygon layer, another "vlakken" and all are computed.
    def _membership_rekenwijze(self) -> str:
        return f"{self.store.kind}-{LID_REKENWIJZE}"

    def _polygon_digest(self, con) -> str:
        """Digest of what membership depends on besides the location: wijken, buurten and gebieden (keys, geometry, order)."""
        return hashlib.blake2b(repr([self._poly_fingerprint(con, t) for t in POLYGON_KEYS]).encode(), digest_size=16).hexdigest()

    def _kept_membership(self, con) -> Optional[Tuple[str, Dict[str, list]]]:
        """(polygon digest, kept entries by key): the entries only if kept at these very polygons and this rekenwijze."""
        if "atlas_meta" not in self._tables:
            return None
        vlakken = self._polygon_digest(con)
        row = con.execute(f"SELECT waarde FROM atlas_meta WHERE sleutel = {self.store.param}", (LIDMAATSCHAP_KEY,)).fetchone()
        try:
            kept = json.loads(row[0]) if row and row[0] else {}
            ok = kept.get("vlakken") == vlakken and kept.get("rekenwijze") == self._membership_rekenwijze()
            soorten = kept["soorten"] if ok else []
            leden = {k: soorten[i] for k, i in kept["leden"].items()} if ok else {}
        except (ValueError, AttributeError, KeyError, TypeError, IndexError):  # not what we keep: computed again
            leden = {}
        return vlakken, leden

    def _kept_rows(self, con, kept: Tuple[str, Dict[str, list]]) -> Dict[str, List[Any]]:
        """The locations' columns with the kept membership; those not kept (new, moved, re-coded) computed, and what
        changed kept again after the roll-up (`_keep_membership`)."""
        vlakken, leden = kept
        raw: Dict[str, List[Any]] = {c: [] for c in self.ROW_COLUMNS}
        geoms: List[Any] = []
        for laag in LOCATION_LAYERS:
            if laag in self._tables:
                rows = con.execute(self._location_select(laag, "wijk_code, l.geom") + " ORDER BY l.fid").fetchall()
                if rows:
                    *cols, geom = zip(*rows)
                    raw["laag"] += [laag] * len(rows)
                    for c, v in zip(self.ROW_COLUMNS[1:], cols):
                        raw[c] += v
                    geoms += geom
        keys = list(map(_member_key, raw["wijk_code"], geoms))
        missing: Dict[str, List[int]] = {}
        for i, k in enumerate(keys):
            if k not in leden:
                missing.setdefault(raw["laag"][i], []).append(raw["fid"][i])
        if missing:
            got = self._location_rows(con, missing)
            computed = {(lg, f): [w, b, list(g)] for lg, f, w, b, g in
                        zip(got["laag"], got["fid"], got["wijk_code"], got["buurt_code"], got["gebieden"])}
            leden = dict(leden)
            for i, k in enumerate(keys):
                if k not in leden:
                    leden[k] = computed[(raw["laag"][i], raw["fid"][i])]
        entries = [leden[k] for k in keys]
        self._members_now = {(lg, f): (k, e) for lg, f, k, e in zip(raw["laag"], raw["fid"], keys, entries)}  # for a refresh
        raw["wijk_code"] = [e[0] for e in entries]
        raw["buurt_code"] = [e[1] for e in entries]
        raw["gebieden"] = [tuple(e[2]) for e in entries]
        used = dict(zip(keys, entries))
        if (missing or len(used) != len(kept[1])) and not self._is_past(con):  # computed some, or some are gone: keep
            self._members_to_keep = (vlakken, used)
        return raw

    def _keep_membership(self) -> None:
        """Keep the membership of the locations of now (each distinct one once), if the store can be written now."""
        if self._members_to_keep is not None:
            vlakken, leden = self._members_to_keep
            self._members_to_keep = None
            index: Dict[str, int] = {}
            soorten: List[list] = []
            for e in leden.values():
                t = json.dumps(e)
                if t not in index:
                    index[t] = len(soorten)
                    soorten.append(e)
            keep = {"rekenwijze": self._membership_rekenwijze(), "vlakken": vlakken, "soorten": soorten,
                    "leden": {k: index[json.dumps(e)] for k, e in leden.items()}}
            self.store.keep_meta(LIDMAATSCHAP_KEY, json.dumps(keep, separators=(",", ":")))

    def _is_past(self, con) -> bool:
        """A store at a peildatum: its locations are of then (and on PostGIS its atlas_meta is that of now): keep nothing."""
        if getattr(self.store, "_kept", None) is not None:  # PostGIS: the past lives in one connection's temporary tables
            return True
        return con.execute("SELECT 1 FROM atlas_meta WHERE sleutel = 'peildatum'").fetchone() is not None

    def _location_frame(self, con, raw: Dict[str, List[Any]], keys: Optional[Dict[str, List[int]]]) -> _Frame:
        """The locations' frame from their columns: tags, category, numbers."""
        n = len(raw["fid"])
        tags: Dict[Tuple[str, int], List[str]] = {}
        if n and "locatie_opgaven" in self._tables:
            for laag, fid, code in self._by_location(con, "SELECT laag, locatie_fid, opgave_code FROM locatie_opgaven", keys):
                tags.setdefault((laag, fid), []).append(code)
        raw["opgaven"] = [tuple(sorted(set(tags.get((lg, f), ())))) for lg, f in zip(raw["laag"], raw["fid"])]
        raw["categorie"] = list(categories(raw["laag"], raw["status"], raw["planstatus"], [False] * n))
        out: Dict[str, np.ndarray] = {}
        for c in self.LOC_COLUMNS:
            if c == "fid":
                out[c] = np.array(raw[c], dtype=np.int64)
            elif c in LOC_NUMBERS:
                out[c] = _numeric(raw[c])
            elif c in LOCATION_FIELDS:  # a programme field that is no number counts as 0
                v = _numeric(raw[c])
                out[c] = np.where(np.isnan(v), 0.0, v)
            else:
                out[c] = _objects(raw[c])
        return _Frame(out)

    def _changed_locations(self, con, since: int) -> Dict[str, List[int]]:
        """Locations touched since history row `since`: edits of their own, of their tags and of their blocks (a row of
        those names its location in the JSON; a row moved to another location touches both)."""
        out: Dict[str, set] = {lg: set() for lg in LOCATION_LAYERS}
        j = self.store.json_text
        rows = con.execute(
            f"SELECT laag, fid, {j('oud', 'laag')}, {j('oud', 'locatie_fid')}, {j('nieuw', 'laag')}, {j('nieuw', 'locatie_fid')}"
            f" FROM wijzigingen WHERE wijziging_id > {self.store.param}", (since,)).fetchall()
        for laag, fid, *owners in rows:
            if laag in out and fid is not None:
                out[laag].add(int(fid))
            elif laag in ("locatie_opgaven", "woningblokken"):
                for of_laag, of_fid in (owners[:2], owners[2:]):
                    if of_laag in out and of_fid is not None:
                        out[of_laag].add(int(of_fid))
        return {k: sorted(v) for k, v in out.items()}

    @staticmethod
    def _in_place(cached: _Frame, fresh: _Frame) -> Optional[_Frame]:
        """`cached` (ordered by laag, fid) with the rows of the locations in `fresh` replaced by theirs (#18: a refresh
        after an edit keeps the rows where they were, without sorting all again); None when one of them is new.
        Written into `cached` itself (the engine's own `_loc_df`; no copy of its columns): what is made of it takes its
        rows, and a failure halfway leaves `_loc_top` behind, so that the next roll-up writes the same rows again."""
        at = np.empty(len(fresh), dtype=np.int64)
        lg, fids, f_lg, f_fid = cached["laag"], cached["fid"], fresh["laag"], fresh["fid"]
        for laag in set(f_lg.tolist()):
            rows = np.flatnonzero(lg == laag)
            mine = np.flatnonzero(f_lg == laag)
            pos = np.searchsorted(fids[rows], f_fid[mine])
            if not len(rows) or (pos >= len(rows)).any() or (fids[rows[pos]] != f_fid[mine]).any():
                return None
            at[mine] = rows[pos]
        for c, v in cached.cols.items():
            v[at] = fresh[c]
        return cached

    @classmethod
    def _blocks_replaced(cls, blk: _Frame, keys: Dict[str, List[int]], fresh: _Frame) -> _Frame:
        """`blk` with the blocks of the locations `keys` replaced by `fresh` (theirs as read now): in their rows when they
        are the same blocks (an edit of a block: written into `blk` itself, no copy of its 35 k rows), else at the end.
        `blk` is the engine's own (`_blk_df`): what is made of it takes its rows (`_Blocks` and the scenario's frames), and
        a failure halfway leaves `_loc_top` behind, so that the next roll-up writes the same rows again."""
        was = np.flatnonzero(cls._of_locations(blk, keys))
        if len(was) == len(fresh):
            was = was[np.argsort(blk["blok"][was], kind="stable")]
            new = np.argsort(fresh["blok"], kind="stable")
            if np.array_equal(blk["blok"][was], fresh["blok"][new]):
                for c, v in blk.cols.items():
                    v[was] = fresh[c][new]
                return blk
        return cls._without(blk, keys).concat(fresh)

    @staticmethod
    def _of_locations(df: _Frame, keys: Dict[str, List[int]], fid_col: str = "fid") -> np.ndarray:
        """The rows of the locations `keys` (a mask)."""
        gone = np.zeros(len(df), dtype=bool)
        lg = df["laag"]
        fids = df[fid_col]
        for laag, ids in keys.items():
            if ids:
                hit = np.flatnonzero(_isin(fids, ids))  # the fids first (numbers: fast), the laag of those rows only
                gone[hit[lg[hit] == laag]] = True
        return gone

    @classmethod
    def _without(cls, df: _Frame, keys: Dict[str, List[int]], fid_col: str = "fid") -> _Frame:
        """`df` without the rows of the locations `keys`."""
        return df.take(~cls._of_locations(df, keys, fid_col))

    def locations(self, con) -> Tuple[_Frame, _Frame]:
        """One row per location, and the blocks; after the first call only the locations changed since (per the
        history) are re-read, with their blocks."""
        top = con.execute("SELECT max(wijziging_id) FROM wijzigingen").fetchone()[0] if "wijzigingen" in self._tables else None
        poly_key = tuple(self._poly_fingerprint(con, t) for t in ("wijken", "gebieden", "buurten"))
        cached, blk = self._loc_df, self._blk_df
        if cached is None or blk is None or top is None or self._loc_top is None or top < self._loc_top \
                or poly_key != self._loc_poly_key:
            df = self._read_locations(con)
            blk = self._read_blocks(con)
            self._loc_json = {}
            self._changed_keys = None
        elif top > self._loc_top:
            keys = self._changed_locations(con, self._loc_top)
            for laag, ids in keys.items():
                for f in ids:
                    self._loc_json.pop((laag, f), None)
            fresh = self._read_locations(con, keys)
            df = self._in_place(cached, fresh) if len(fresh) == sum(map(len, keys.values())) else None
            if df is None:  # a location added or gone: the rows move
                kept = self._without(cached, keys)
                df = kept.concat(fresh) if len(fresh) else kept
                order = np.lexsort((df["fid"], np.array([LOCATION_LAYERS.index(lg) for lg in df["laag"].tolist()], dtype=np.int64)))
                df = df.take(order)
            blk = self._blocks_replaced(blk, keys, self._read_blocks(con, keys))
            self._changed_keys = keys
        else:
            df = cached
            self._changed_keys = {}
        self._loc_df, self._blk_df, self._loc_top, self._loc_poly_key = df, blk, top, poly_key
        return df, blk

    def _poly_fingerprint(self, con, table: str) -> Tuple:
        """A polygon layer's keys and geometries as stored, in fid order, as one digest: exact (an in-place edit of a vertex
        is seen, also by a warm engine); what the kept membership and the polygons read here are keyed on."""
        if table not in self._tables:
            return ()
        memo = self._fingerprints  # once per reading (a refresh asks for each layer twice: its key and its members')
        if memo is not None and memo[0] is con and table in memo[1]:
            return memo[1][table]
        h = hashlib.blake2b(digest_size=16)
        for k, g in con.execute(f'SELECT {POLYGON_KEYS[table]}, geom FROM "{table}" ORDER BY fid'):
            h.update(_raw_bytes(k))
            h.update(_raw_bytes(g))
        if memo is not None and memo[0] is con:
            memo[1][table] = (h.hexdigest(),)
        return (h.hexdigest(),)

    def compute(self) -> Rollup:
        with self.store.reading() as con:
            self._tables = set(self.store.table_names(con))
            self._fingerprints = (con, {})
            try:
                loc, blk = self.locations(con)
            finally:
                self._fingerprints = None
            if self.publiek:
                hidden = {laag: [r[0] for r in con.execute(f'SELECT fid FROM "{laag}" WHERE NOT ({PUBLIEK_FILTER})')]
                          for laag in LOCATION_LAYERS if laag in self._tables}
                loc, blk = self._without(loc, hidden), self._without(blk, hidden)
            prof = self.profile(con)
            norm = dict(con.execute("SELECT status_planologisch, realisatiekans FROM realisatiekans_norm").fetchall()
                        if "realisatiekans_norm" in self._tables else [])
            wijken = _records(con, "SELECT wijk_code, naam, prioriteit FROM wijken ORDER BY wijk_code", _Wijk)
            gebieden = _records(con, "SELECT naam, soort, prioriteit FROM gebieden ORDER BY fid", _Gebied) \
                if "gebieden" in self._tables else []
            if self.publiek and gebieden:  # a gebied named like a confidential location: not in the public figures
                geheim = {r[0] for r in con.execute(f"SELECT naam FROM ({GEHEIME_NAMEN_SQL}) AS g")}
                gebieden = [g for g in gebieden if g.naam not in geheim]
                loc = _Frame({**loc.cols, "gebieden": _objects([tuple(g for g in gs if g not in geheim)
                                                                 for gs in loc["gebieden"].tolist()])})
            buurten = _records(con, "SELECT buurt_code, naam, wijk_code FROM buurten ORDER BY buurt_code", _Buurt) \
                if "buurten" in self._tables else []
            doelen = _records(con, f"SELECT {', '.join(_Doelrij._fields)} FROM doelen ORDER BY fid", _Doelrij)
            vraag = [(int(j), int(a)) for j, a in con.execute("SELECT jaar, aantal FROM woningvraag ORDER BY jaar").fetchall()]
            version = self.store.schema_version(con)
        self._keep()
        self._keep_membership()
        return self._assemble(loc, blk, norm, prof, wijken, gebieden, buurten, doelen, vraag, version)

    # --- aggregation (numpy: one matrix of figures, group sums as one-hot products) -------------
    @staticmethod
    def _blocks(loc: _Frame, blk: _Frame, norm: Dict[str, Any]) -> "_Blocks":
        """The blocks joined to their locations (a block of no known location is not counted): category, year (its own,
        else the location's oplever_jaar), the location's realisatiekans, the dwellings per figure prefix."""
        n = len(loc)
        own = blk["blok"]
        if len(own) > 1 and not (own[1:] > own[:-1]).all():  # a refresh's frame: its blocks back in the order of their fid,
            blk = blk.take(np.argsort(own, kind="stable"))  # so that every sum over blocks adds them as a cold roll-up does
        li = np.full(len(blk), -1, dtype=np.int64)
        lagen = loc["laag"]
        fids = loc["fid"]
        b_laag = blk["laag"]
        b_fid = blk["fid"]
        for laag in LOCATION_LAYERS:  # the locations are ordered by laag, then fid
            rows = np.flatnonzero(lagen == laag)
            mine = np.flatnonzero(b_laag == laag)
            if not len(rows) or not len(mine):
                continue
            pos = np.minimum(np.searchsorted(fids[rows], b_fid[mine]), len(rows) - 1)
            li[mine] = np.where(fids[rows][pos] == b_fid[mine], rows[pos], -1)
        ok = li >= 0
        blk, li = blk.take(ok), li[ok]
        status = loc["status"]
        planstatus = loc["planstatus"]
        cat = categories(lagen[li].tolist(), status[li].tolist(), planstatus[li].tolist(), blk["gerealiseerd"].tolist())
        memo: Dict[tuple, float] = {}
        own = [None if v != v else v for v in loc["realisatiekans"].tolist()]  # NaN → None: NaN finds no memo entry
        kans = np.array([memo[k] if k in memo else memo.setdefault(k, realisatiekans_of(k[0], k[1], norm))
                         for k in zip(own, loc["status_planologisch"].tolist())], dtype=float)
        opl = loc["oplever_jaar"]
        jaar = blk["jaar"]
        jaar = np.where(np.isnan(jaar), opl[li] if len(li) else jaar, jaar)
        values = block_values(blk["soort"], blk["aantal"], blk["segment"], blk["woningtype"])
        return _Blocks(n=n, locatie=li, categorie=cat, jaar=jaar, kans=kans, values=values, segment=blk["segment"], blok=blk["blok"])

    @staticmethod
    def figure_matrix(loc: _Frame, blocks: "_Blocks") -> np.ndarray:
        """n_locations × len(FIGURES): each value in its own category column, zero elsewhere (a location's dwellings:
        its blocks, each in the block's own category)."""
        n = len(loc)
        out = np.zeros((n, len(FIGURES)))
        if not n:
            return out
        cat = loc["categorie"]
        col = {name: i for i, name in enumerate(FIGURES)}
        masks = {c: (cat == c) for c in CATEGORIES}
        for f in LOCATION_FIELDS:
            v = loc[f]
            for c in CATEGORIES:
                out[:, col[f"{f}_{c}"]] = np.where(masks[c], v, 0.0)
        bmasks = {c: blocks.categorie == c for c in CATEGORIES}
        for b, v in blocks.values.items():
            for c in CATEGORIES:
                out[:, col[f"{b}_{c}"]] = blocks.per_location(v, bmasks[c])
        for b in [*blocks.values, *LOCATION_FIELDS]:
            out[:, col[f"{b}_gepland"]] = out[:, col[f"{b}_hard"]] + out[:, col[f"{b}_zacht"]]
        out[:, col["won_verwacht"]] = blocks.per_location(blocks.values["won_netto"] * blocks.kans[blocks.locatie],
                                                          bmasks["hard"] | bmasks["zacht"])
        laag = loc["laag"]
        out[:, col["n_projecten"]] = laag == "projecten"
        out[:, col["n_potloodplannen"]] = laag == "potloodplannen"
        return out

    @staticmethod
    def _group(keys: Sequence[Any], order: Sequence[Any], mat: np.ndarray) -> np.ndarray:
        """Row sums of `mat` per key, in `order` (keys not in order are ignored): a bincount per column (each key's rows
        added one after another, so a refresh and a cold roll-up give the same sums bit for bit)."""
        if not len(keys) or not len(order):
            return np.zeros((len(order), mat.shape[1]))
        idx = {k: i for i, k in enumerate(order)}
        codes = np.fromiter(map(idx.get, keys, itertools.repeat(-1)), dtype=np.int64, count=len(keys))
        ok = codes >= 0
        c = codes[ok]
        m = mat[ok]
        return np.column_stack([np.bincount(c, weights=m[:, j], minlength=len(order)) for j in range(mat.shape[1])])

    def _assemble(self, loc: _Frame, blk: _Frame, norm: Dict[str, Any], prof: Dict[str, Dict[str, Any]], wijken: List[Any],
                  gebieden: List[Any], buurten: List[Any], doelen: List[Any], vraag: List[Tuple[int, int]], version: int) -> Rollup:
        """The result from the locations and blocks: after a refresh that changed only some locations (none added or
        removed, the small tables as before) only their rows of the figures matrix and the groups they are (and were) in
        are computed again, summed in the cold order, so that the result is the cold one bit for bit."""
        inputs = (norm, wijken, gebieden, buurten, doelen, vraag, version, self.norm)
        warm, self._warm = self._warm, None  # kept again only once this result is made (an error leaves no half state)
        rows = self._changed_rows(warm, loc, prof, inputs)
        if warm is None or rows is None:
            w = self._cold(loc, blk, norm, wijken, gebieden, buurten, doelen, vraag)
        else:
            w = self._refresh(warm, rows, loc, blk, norm, wijken, gebieden, buurten, doelen, vraag)
        w.inputs, w.prof = inputs, prof
        w.rows, w.before = rows, (warm.locaties if warm is not None and rows is not None else None)
        out = self._result(w, loc, prof, wijken, gebieden, buurten, version)
        if not self.publiek:
            self._warm = w
        return out

    def _changed_rows(self, warm: Optional["_Warm"], loc: _Frame, prof: Any, inputs: tuple) -> Optional[List[int]]:
        """The rows of the locations changed since the last result (the same rows then), or None: assemble all anew."""
        keys = self._changed_keys
        if warm is None or keys is None or not self.incremental or self.publiek or prof is not warm.prof or len(loc) != len(warm.loc) \
                or inputs != warm.inputs:
            return None
        if warm.index is None:
            warm.index = {k: i for i, k in enumerate(zip(warm.loc["laag"].tolist(), warm.loc["fid"].tolist()))}
        rows = []
        for laag, ids in keys.items():
            for f in ids:
                i = warm.index.get((laag, f))
                if i is None:  # added (or gone): other rows move
                    return None
                rows.append(i)
        rows.sort()
        r = np.array(rows, dtype=np.int64)
        if not (np.array_equal(loc["fid"][r], warm.loc["fid"][r]) and (loc["laag"][r] == warm.loc["laag"][r]).all()):
            return None
        return rows

    def _level_keys(self, loc: _Frame, wkey: List[str], gebieden: List[Any], buurten: List[Any]) -> Dict[str, List[tuple]]:
        """Per level the groups of each location (row): its wijk, its opgaven (tags), wijk × opgave, its gebieden,
        gebied × opgave and its buurt (of the known gebieden and buurten)."""
        tags = loc["opgaven"].tolist()
        out = {"wijk": [(w,) for w in wkey], "opgave": tags,
               "wijk_opgave": [tuple((w, c) for c in ts) for w, ts in zip(wkey, tags)]}
        if gebieden:
            known = {g.naam for g in gebieden}
            gs = loc["gebieden"].tolist()
            out["gebied"] = [tuple(g for g in x if g in known) for x in gs]
            out["gebied_opgave"] = [tuple((g, c) for g in x for c in ts) for x, ts in zip(gs, tags)]
        if buurten:
            known = {b.buurt_code for b in buurten}
            out["buurt"] = [(b,) if b in known else () for b in loc["buurt_code"].tolist()]
        return out

    def _cold(self, loc: _Frame, blk: _Frame, norm: Dict[str, Any], wijken: List[Any], gebieden: List[Any], buurten: List[Any],
              doelen: List[Any], vraag: List[Tuple[int, int]]) -> "_Warm":
        """Everything assembled from all locations."""
        blocks = self._blocks(loc, blk, norm)
        fm = self.figure_matrix(loc, blocks)
        known = {w.wijk_code for w in wijken}
        wkey = [w if w in known else BUITEN for w in loc["wijk_code"].tolist()]
        fixed = {"wijk": [w.wijk_code for w in wijken] + [BUITEN], "gebied": [g.naam for g in gebieden],
                 "buurt": [b.buurt_code for b in buurten]}
        levels = {name: _Level.cold(keys, fixed.get(name), fm) for name, keys in self._level_keys(loc, wkey, gebieden, buurten).items()}
        jaren = blocks.jaarblokken(loc["laag"] == "projecten")
        goal_rows = _GoalRows.of(loc, wkey, fixed["wijk"])
        return _Warm(loc=loc, blocks=blocks, fm=fm, wkey=wkey, levels=levels, jaren=jaren,
                     doelen=self._doelen(loc, blocks, doelen, goal_rows, {w.wijk_code: w.naam for w in wijken}),
                     per_jaar=self._per_jaar(loc, jaren, vraag), goal_rows=goal_rows)

    def _refresh(self, warm: "_Warm", rows: List[int], loc: _Frame, blk: _Frame, norm: Dict[str, Any], wijken: List[Any],
                 gebieden: List[Any], buurten: List[Any], doelen: List[Any], vraag: List[Tuple[int, int]]) -> "_Warm":
        """The last result with the locations at `rows` (and their blocks) changed."""
        if not rows:
            same = copy.copy(warm)
            same.loc = loc
            return same
        r = np.array(rows, dtype=np.int64)
        sub_loc = loc.take(r)
        keys = set(zip(sub_loc["laag"].tolist(), sub_loc["fid"].tolist()))
        cand = np.flatnonzero(_isin(blk["fid"], sub_loc["fid"]))
        lagen, fids = blk["laag"], blk["fid"]
        mine = [j for j in cand.tolist() if (lagen[j], int(fids[j])) in keys]  # the blocks of the changed, in frame order
        sub = self._blocks(sub_loc, blk.take(np.array(mine, dtype=np.int64)), norm)
        blocks = warm.blocks.replaced(r, sub)
        fm = warm.fm.copy()
        fm[r] = self.figure_matrix(sub_loc, sub)
        known = {w.wijk_code for w in wijken}
        wkey = list(warm.wkey)
        for i, w in zip(rows, sub_loc["wijk_code"].tolist()):
            wkey[i] = w if w in known else BUITEN
        new_keys = self._level_keys(sub_loc, [wkey[i] for i in rows], gebieden, buurten)
        levels = {name: lvl.refresh(rows, new_keys[name], fm) for name, lvl in warm.levels.items()}
        goal_rows = warm.goal_rows.changed(r, sub_loc, [wkey[i] for i in rows])
        projects = sub_loc["laag"] == "projecten"
        if not projects.any():  # goals and per-year rows count only projects
            return _Warm(loc=loc, blocks=blocks, fm=fm, wkey=wkey, levels=levels, jaren=warm.jaren, doelen=warm.doelen,
                         per_jaar=warm.per_jaar, index=warm.index, goal_rows=goal_rows)
        # the per-year blocks (numbers compared only); the years that the changed projects' blocks were or are in
        jaren, year_codes = blocks.year_blocks(goal_rows.proj)
        old = warm.jaren
        years = np.union1d(old.jaar[_isin(old.locatie, r)], jaren.jaar[_isin(jaren.locatie, r)])
        scope = {warm.wkey[i] for i in r[projects].tolist()} | {wkey[i] for i in r[projects].tolist()}
        todo = [k for k, d in enumerate(doelen) if d.niveau != "wijk" or d.wijk_code in scope]
        out = list(warm.doelen)
        fresh = self._doelen(loc, blocks, [doelen[k] for k in todo], goal_rows, {w.wijk_code: w.naam for w in wijken})
        for k, d in zip(todo, fresh):
            out[k] = d
        return _Warm(loc=loc, blocks=blocks, fm=fm, wkey=wkey, levels=levels, jaren=jaren, doelen=out,
                     per_jaar=self._per_jaar(loc, jaren, vraag, (warm.per_jaar, years, year_codes), goal_rows.proj), index=warm.index,
                     goal_rows=goal_rows)  # the same rows: the same index

    def _profiles(self, prof: Dict[str, Dict[str, Any]], codes: List[str]) -> Tuple[Profiel, Profiel, Dict[str, Profiel]]:
        """The stad's, the buiten's and each wijk's profile (kept while the profile and the wijken stay the same)."""
        if self._profiles_of is None or self._profiles_of[0] is not prof or self._profiles_of[1] != codes:
            known = set(codes)
            made = (self._finish_profile(list(prof.values())), self._finish_profile([p for c, p in prof.items() if c not in known]),
                    {c: self._finish_profile([prof.get(c, {})]) for c in codes})
            self._profiles_of = (prof, codes, made)
        return self._profiles_of[2]

    def _result(self, w: "_Warm", loc: _Frame, prof: Dict[str, Dict[str, Any]], wijken: List[Any], gebieden: List[Any],
                buurten: List[Any], version: int) -> Rollup:
        lv = w.levels
        w.locaties = self._locaties(loc, w.blocks, w.wkey, None if w.rows is None else (w.before, w.rows))
        codes = [x.wijk_code for x in wijken]
        stad_profiel, buiten_profiel, wijk_profiel = self._profiles(prof, codes)
        wijk_fig = lv["wijk"].figures
        wk_opg: Dict[str, Dict[str, Figures]] = {}
        for (wk, c), f in zip(lv["wijk_opgave"].order, lv["wijk_opgave"].figures):
            wk_opg.setdefault(wk, {})[c] = f
        stad = Stad(figures=Figures.from_row(w.fm.sum(axis=0)), profiel=stad_profiel,
                    opgaven=dict(zip(lv["opgave"].order, lv["opgave"].figures)), buiten_wijken=wijk_fig[-1],
                    buiten_profiel=buiten_profiel)  # stad = Σ wijken + buiten
        out_wijken = [Wijk(wijk_code=x.wijk_code, naam=x.naam, prioriteit=x.prioriteit, figures=wijk_fig[i],
                           profiel=wijk_profiel[x.wijk_code], opgaven=wk_opg.get(x.wijk_code, {}))
                      for i, x in enumerate(wijken)]
        out_gebieden = []
        if gebieden:
            gt_map: Dict[str, Dict[str, Figures]] = {}
            for (g, c), f in zip(lv["gebied_opgave"].order, lv["gebied_opgave"].figures):
                gt_map.setdefault(g, {})[c] = f
            out_gebieden = [Gebied(naam=g.naam, soort=g.soort, prioriteit=g.prioriteit, figures=lv["gebied"].figures[i],
                                   opgaven=gt_map.get(g.naam, {}))
                            for i, g in enumerate(gebieden)]
        out_buurten = [Buurt(buurt_code=bu.buurt_code, naam=bu.naam, wijk_code=bu.wijk_code, figures=lv["buurt"].figures[i])
                       for i, bu in enumerate(buurten)]
        return Rollup(schema_versie=version, peildatum=None, norm=self.norm, stad=stad, wijken=out_wijken, gebieden=out_gebieden,
                      buurten=out_buurten, doelen=list(w.doelen), per_jaar=list(w.per_jaar),
                      locaties=w.locaties, matrix=w.fm, jaren=w.jaren)

    @staticmethod
    def _doelen(loc: _Frame, blocks: "_Blocks", doelen: List[Any], rows: "_GoalRows", wijknamen: Dict[str, str]) -> List[Doel]:
        """Each goal against the projects by its peiljaar: a dwelling indicator over their blocks (by the block's year),
        m² and ha over the projects (by oplever_jaar)."""
        out: List[Doel] = []
        if not doelen:
            return out
        proj, wk = rows.proj, rows.wijk
        li = blocks.locatie
        sources = (  # (rows counted, wijk, year, sets by category, weight for verwacht, won_totaal)
            _goal_source(proj[li], wk[li], blocks.jaar, blocks.catcode, blocks.kans[li], blocks.values["won"]),
            _goal_source(proj, wk, loc["oplever_jaar"], rows.categorie, blocks.kans, blocks.per_location(blocks.values["won"])))
        for d in doelen:
            ind = d.indicator
            base = figure_base(ind)
            if base in blocks.values:
                (inside, wks, years, cats, weight, tot), v = sources[0], blocks.values[base]
            elif ind in LOCATION_FIELDS:
                (inside, wks, years, cats, weight, tot), v = sources[1], loc[ind]
            else:
                v = None
            vals: Dict[str, Optional[float]] = {c: None for c in ("gerealiseerd", "hard", "gepland", "verwacht")}
            if v is not None:
                m = inside.copy()
                if d.niveau == "wijk":
                    m &= wks == rows.index.get(d.wijk_code, -1)
                if _to_float(d.peiljaar) == _to_float(d.peiljaar):  # a number, not NULL
                    with np.errstate(invalid="ignore"):
                        m &= years <= float(d.peiljaar)
                sets = {k: m & c for k, c in cats.items()}
                vals = _amounts(v, sets, weight)
                if d.eenheid == "aandeel":
                    dens = _amounts(tot, sets, weight)
                    vals = {k: (vals[k] / dens[k] if dens[k] else None) for k in vals}
            streef = _to_float(d.streefwaarde)
            gepland = vals["gepland"]
            if gepland is None:
                gap = dekking = gehaald = None
            elif d.soort == "maximum":
                gap, gehaald = max(gepland - streef, 0.0), gepland <= streef
                dekking = gepland / streef if streef else None
            else:
                gap, gehaald = max(streef - gepland, 0.0), gepland >= streef
                dekking = gepland / streef if streef else None
            out.append(Doel(
                fid=int(d.fid), niveau=d.niveau, wijk_code=d.wijk_code,
                wijk_naam=wijknamen.get(d.wijk_code) if d.wijk_code else None,
                opgave_code=d.opgave_code, indicator=ind, soort=d.soort, eenheid=d.eenheid,
                streefwaarde=json_number(streef), peiljaar=json_number(d.peiljaar), bron=d.bron, omschrijving=d.omschrijving,
                **{k: json_number(v) for k, v in vals.items()},
                gap=json_number(gap), dekking=json_number(dekking), gehaald=gehaald,
            ))
        return out

    def _per_jaar(self, loc: _Frame, jaren: Jaarblokken, vraag: List[Tuple[int, int]],
                  before: Optional[Tuple["_PerJaar", np.ndarray, Tuple[np.ndarray, np.ndarray]]] = None,
                  projecten: Optional[np.ndarray] = None) -> "_PerJaar":
        """The stad's rows, over the years of the demand, the blocks and the projects' oplever_jaar. `before`: the last
        rows and the years whose blocks changed since; over the same years only those years are summed again."""
        vr = dict(vraag)
        opl = loc["oplever_jaar"][loc["laag"] == "projecten" if projecten is None else projecten]  # projecten: that mask, known
        opl = opl[~np.isnan(opl)].astype(int)
        ends = [(int(a.min()), int(a.max())) for a in (np.array(list(vr), dtype=np.int64), jaren.jaar, opl) if len(a)]
        if not ends:
            return _PerJaar([], None, {})
        span = (min(e[0] for e in ends), max(e[1] for e in ends))
        if before is None or before[0].span != span:
            sums = per_year_sums(jaren, span)
        else:
            years, codes = before[1], before[2]
            sel = _isin(jaren.jaar, years)
            part = per_year_sums(jaren.subset(sel), span, (codes[0][sel], codes[1][sel]))  # all blocks of those years, in order
            at = years - span[0]
            sums = {k: v.copy() for k, v in before[0].sums.items()}
            for k, v in sums.items():
                v[at] = part[k][at]
        return _PerJaar(per_year_from_sums(sums, span, vr, self.norm), span, sums)

    def _locaties(self, loc: _Frame, blocks: "_Blocks", wkey: List[str],
                  before: Optional[Tuple[List[Locatie], List[int]]] = None) -> List[Locatie]:
        """One entry per location; entries of unchanged locations come from the cache (`before`: the last entries, in the
        same rows, and the rows changed since: only those are looked at)."""
        cols = ["laag", "fid", "naam", "status", "planstatus", "soort", "categorie", "start_jaar", "oplever_jaar"]
        cache = self._loc_json
        if before is not None:
            lagen, fids = loc["laag"], loc["fid"].tolist()
            todo = [i for i in before[1] if (lagen[i], fids[i]) not in cache]
        else:
            lagen, fids = loc["laag"].tolist(), loc["fid"].tolist()
            todo = [i for i, k in enumerate(zip(lagen, fids)) if k not in cache]
        if todo:
            sub = loc.take(np.array(todo, dtype=np.int64))
            columns = []
            for c in cols:
                vals = sub[c].tolist()
                if c in ("fid", "start_jaar", "oplever_jaar"):
                    vals = [json_number(v) for v in vals]
                columns.append(vals)
            # the programme: the dwellings from the blocks, the rest from the location; integral values as int
            mine = _isin(blocks.locatie, todo)  # only these locations' blocks (a refresh: a few of thousands)
            won = {f: blocks.per_location(blocks.values[b], mine)[todo] for f, b in DWELLING_FIELDS.items()}
            fields = {f: won[f] if f in won else sub[f] for f in PROGRAMME_FIELDS + BLOCK_SUM_FIELDS}
            programma = [dict(zip(fields, row)) for row in zip(*(json_numbers(vals) for vals in fields.values()))]
            kans = json_numbers(np.round(blocks.kans[todo] * 100, 6))
            extra = (programma, [None if wkey[i] == BUITEN else wkey[i] for i in todo], sub["buurt_code"].tolist(),
                     [tuple(g) for g in sub["gebieden"].tolist()], [tuple(o) for o in sub["opgaven"].tolist()],
                     sub["status_planologisch"].tolist(), kans)
            names = cols + ["programma", "wijk_code", "buurt_code", "gebieden", "opgaven", "status_planologisch", "realisatiekans"]
            for n, row in enumerate(zip(*columns, *extra)):
                i = todo[n]
                cache[(lagen[i], fids[i])] = Locatie(**dict(zip(names, row)))
        if before is not None:
            out = list(before[0])
            for i in before[1]:
                out[i] = cache[(lagen[i], fids[i])]
            return out
        return [cache[k] for k in zip(lagen, fids)]


_YEAR_CAT = {c: i for i, c in enumerate(YEAR_CATEGORIES)}
_SEGMENT = {sg: i for i, sg in enumerate(SEGMENTS)}


_CAT_CODE = {c: i for i, c in enumerate(CATEGORIES)}  # a category as a small number (compared fast)
_YEAR_CATCODES = [_CAT_CODE[c] for c in YEAR_CATEGORIES]
_YEAR_OF_CAT = np.array([_YEAR_CAT.get(c, -1) for c in CATEGORIES], dtype=np.int64)  # _CAT_CODE → YEAR_CATEGORIES


def _cat_codes(cat: np.ndarray) -> np.ndarray:
    return np.fromiter(map(_CAT_CODE.__getitem__, cat.tolist()), dtype=np.int8, count=len(cat))


class _GoalRows:
    """Per location what the goals select on: project or not, its wijk (a number: `index` of the wijk code, buiten
    included) and its category (_CAT_CODE)."""

    def __init__(self, proj: np.ndarray, wijk: np.ndarray, categorie: np.ndarray, index: Dict[Any, int]):
        self.proj, self.wijk, self.categorie, self.index = proj, wijk, categorie, index

    @classmethod
    def of(cls, loc: _Frame, wkey: List[str], order: List[str]) -> "_GoalRows":
        index = {w: i for i, w in enumerate(order)}
        return cls(loc["laag"] == "projecten", np.fromiter(map(index.__getitem__, wkey), dtype=np.int64, count=len(wkey)),
                   _cat_codes(loc["categorie"]), index)

    def changed(self, rows: np.ndarray, sub_loc: _Frame, wkey: List[str]) -> "_GoalRows":
        """These with the locations at `rows` (same laag) as `sub_loc`, in wijk `wkey` (one per row)."""
        wijk, cat = self.wijk.copy(), self.categorie.copy()
        wijk[rows] = [self.index[w] for w in wkey]
        cat[rows] = _cat_codes(sub_loc["categorie"])
        return _GoalRows(self.proj, wijk, cat, self.index)


def _goal_source(inside: np.ndarray, wijk: np.ndarray, jaar: np.ndarray, categorie: np.ndarray, kans: np.ndarray,
                 won: np.ndarray) -> tuple:
    """What a goal counts over (blocks or locations): the cumulative sets gerealiseerd ⊂ hard ⊂ gepland and the weight of
    verwacht (gerealiseerd whole, the planned ones × realisatiekans)."""
    real = categorie == _CAT_CODE["gerealiseerd"]
    hard = real | (categorie == _CAT_CODE["hard"])
    cats = {"gerealiseerd": real, "hard": hard, "gepland": hard | (categorie == _CAT_CODE["zacht"])}
    return inside, wijk, jaar, cats, np.where(real, 1.0, kans), won


def _amounts(v: np.ndarray, sets: Dict[str, np.ndarray], weight: np.ndarray) -> Dict[str, Optional[float]]:
    """Σ v over each set of a goal, and verwacht: Σ v × weight over the planned (gepland) set."""
    got: Dict[str, Optional[float]] = {k: float(v[m].sum()) for k, m in sets.items()}
    got["verwacht"] = float((v * weight)[sets["gepland"]].sum())
    return got


_NO_ROWS = np.zeros(0, dtype=np.int64)


def _row_sum(fm: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Σ of the rows `rows` (ascending) of `fm`, added one after another in row order (as the cold bincount adds them).
    Many rows (a group of most locations): summed in place under a mask, not copied out first (#18: megabytes per refresh)."""
    if not len(rows):
        return np.zeros(fm.shape[1])
    if 4 * len(rows) < len(fm):
        return np.add.reduce(fm[rows], axis=0)
    mask = np.zeros((len(fm), 1), dtype=bool)
    mask[rows] = True
    return np.add.reduce(fm, axis=0, where=mask)


class _Level:
    """The group sums of one level (wijk, opgave, wijk × opgave, gebied, …) of the last result, kept for a refresh: the
    groups in order, per location (row) its groups, per group its sums and Figures; the member rows of each group are
    made on the first refresh (a cold roll-up does not need them)."""

    def __init__(self, order: List[Any], keys_of: List[tuple], sums: np.ndarray, figures: List[Figures], fixed: bool,
                 members: Optional[Dict[Any, np.ndarray]] = None):
        self.order, self.keys_of, self.sums, self.figures, self.fixed = order, keys_of, sums, figures, fixed
        self.members = members
        self._index: Optional[Dict[Any, int]] = None  # group → its row in `sums` (kept while the groups stay the same)

    @classmethod
    def cold(cls, keys_of: List[tuple], order: Optional[List[Any]], fm: np.ndarray) -> "_Level":
        """From all rows (`order` None: the groups that occur, sorted)."""
        flat = [k for ks in keys_of for k in ks]
        if len(flat) == len(keys_of) == len(fm) and all(len(ks) == 1 for ks in keys_of):
            m = fm
        else:
            m = fm[np.array([i for i, ks in enumerate(keys_of) for _ in ks], dtype=np.int64)] if flat else np.zeros((0, fm.shape[1]))
        groups = list(order) if order is not None else sorted(set(flat))
        sums = RollupEngine._group(flat, groups, m)
        return cls(groups, keys_of, sums, [Figures.from_row(r) for r in sums], order is not None)

    def _members(self) -> Dict[Any, np.ndarray]:
        """Per group its rows, ascending (one stable sort of the rows by group)."""
        flat = [k for ks in self.keys_of for k in ks]
        if not flat:
            return {}
        rows = np.fromiter((i for i, ks in enumerate(self.keys_of) for _ in ks), dtype=np.int64, count=len(flat))
        groups = sorted(set(flat))
        idx = {k: i for i, k in enumerate(groups)}
        codes = np.fromiter(map(idx.__getitem__, flat), dtype=np.int64, count=len(flat))
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(groups) + 1))
        return {k: rows[order[bounds[i]:bounds[i + 1]]] for i, k in enumerate(groups)}

    def _summed(self, order: List[Any], keys_of: List[tuple], touched: set, members: Dict[Any, np.ndarray],
                fm: np.ndarray) -> "_Level":
        """This level's groups (`order` is self.order) with the `touched` ones summed again over their rows."""
        sums, figures = self.sums.copy(), list(self.figures)
        at = self._index if self._index is not None else {k: i for i, k in enumerate(order)}
        for k in touched:
            p = at.get(k)
            if p is not None:
                sums[p] = _row_sum(fm, members.get(k, _NO_ROWS))
                figures[p] = Figures.from_row(sums[p])
        out = _Level(order, keys_of, sums, figures, self.fixed, members)
        out._index = at
        return out

    def refresh(self, rows: List[int], new_keys: List[tuple], fm: np.ndarray) -> "_Level":
        """The level after the locations at `rows` got the groups `new_keys` (and their rows in `fm`): the groups they
        left or joined are summed again over their rows in row order (as the cold bincount adds them), the others kept.
        Takes over this level's member lists (this one is not used again)."""
        members = self.members if self.members is not None else self._members()
        self.members = None
        touched = set()
        if all(self.keys_of[i] == ks for i, ks in zip(rows, new_keys)):  # the same groups (a block edit): only summed again
            touched.update(k for ks in new_keys for k in ks)
            return self._summed(self.order, self.keys_of, touched, members, fm)
        keys_of = list(self.keys_of)
        born = False  # a group that had no rows before
        for i, ks in zip(rows, new_keys):
            for k in keys_of[i]:
                m = members[k]
                members[k] = np.delete(m, np.searchsorted(m, i))
                touched.add(k)
            for k in ks:
                m = members.get(k, _NO_ROWS)
                born = born or not len(m)
                members[k] = np.insert(m, np.searchsorted(m, i), i)
                touched.add(k)
            keys_of[i] = ks
        gone = False
        for k in touched:
            if not len(members[k]):
                del members[k]
                gone = True
        order = self.order if self.fixed or not (born or gone) else sorted(members)  # no group came or went: no sort
        if order is self.order:  # the same groups (the common case): the kept sums, only the touched ones again
            return self._summed(order, keys_of, touched, members, fm)
        before = {k: i for i, k in enumerate(self.order)}
        sums = np.empty((len(order), fm.shape[1]))
        figures = []
        for p, k in enumerate(order):
            j = before.get(k)
            if j is None or k in touched:
                sums[p] = _row_sum(fm, members.get(k, _NO_ROWS))
                figures.append(Figures.from_row(sums[p]))
            else:
                sums[p] = self.sums[j]
                figures.append(self.figures[j])
        return _Level(order, keys_of, sums, figures, self.fixed, members)


class _PerJaar(list):
    """The stad's per-year rows (a list of PerJaar), with the span of years and the sums they were made from."""

    def __init__(self, rows: List[PerJaar], span: Optional[Tuple[int, int]], sums: Dict[str, np.ndarray]):
        super().__init__(rows)
        self.span, self.sums = span, sums


class _Warm:
    """What the last result was made of, kept for the next refresh: the locations, blocks, figures matrix, levels, the
    wijk of each row, goals and per-year rows, and the inputs they came from (a refresh with other inputs starts anew)."""

    def __init__(self, loc: _Frame, blocks: "_Blocks", fm: np.ndarray, wkey: List[str], levels: Dict[str, _Level],
                 jaren: Jaarblokken, doelen: List[Doel], per_jaar: _PerJaar, inputs: tuple = (), prof: Any = None,
                 index: Optional[Dict[Tuple[str, int], int]] = None, goal_rows: Optional[_GoalRows] = None):
        self.goal_rows = goal_rows
        self.locaties: List[Locatie] = []
        self.rows: Optional[List[int]] = None  # the rows changed since `before` (the last result's entries); None: all
        self.before: Optional[List[Locatie]] = None
        self.loc, self.blocks, self.fm, self.wkey, self.levels = loc, blocks, fm, wkey, levels
        self.jaren, self.doelen, self.per_jaar, self.inputs, self.prof, self.index = jaren, doelen, per_jaar, inputs, prof, index


class _Blocks:
    """The blocks of a roll-up, joined to the locations (n of them): per block its location's index, category, year,
    segment and dwellings per figure prefix; per location its realisatiekans (0–1)."""

    def __init__(self, n: int, locatie: np.ndarray, categorie: np.ndarray, jaar: np.ndarray, kans: np.ndarray,
                 values: Dict[str, np.ndarray], segment: np.ndarray, blok: np.ndarray, catcode: Optional[np.ndarray] = None,
                 segcode: Optional[np.ndarray] = None):
        self.n, self.locatie, self.categorie, self.jaar, self.kans = n, locatie, categorie, jaar, kans
        self.values, self.segment, self.blok = values, segment, blok  # blok: the block's fid (ascending)
        self.catcode = _cat_codes(categorie) if catcode is None else catcode  # the category as _CAT_CODE
        self.segcode = (np.fromiter(map(_SEGMENT.get, segment.tolist(), itertools.repeat(-1)), dtype=np.int64, count=len(segment))
                        if segcode is None else segcode)  # the segment as its index in SEGMENTS (-1: none)

    def per_location(self, v: np.ndarray, mask: Optional[np.ndarray] = None) -> np.ndarray:
        """Σ v per location (over the blocks in `mask`)."""
        idx = self.locatie if mask is None else self.locatie[mask]
        return np.bincount(idx, weights=v if mask is None else v[mask], minlength=self.n)

    def replaced(self, rows: np.ndarray, sub: "_Blocks") -> "_Blocks":
        """These blocks with those of the locations `rows` replaced by `sub` (the blocks of just those locations): each
        of `sub`'s where its fid puts it among the kept ones (the order of a cold roll-up)."""
        gone = _isin(self.locatie, rows)
        kans = self.kans.copy()
        kans[rows] = sub.kans
        was = np.flatnonzero(gone)
        if len(was) == len(sub.blok) and np.array_equal(self.blok[was], sub.blok):  # the same blocks (an edit): in place
            def put(a: np.ndarray, b: np.ndarray) -> np.ndarray:  # into the warm engine's own arrays (no copy of 35 k rows):
                a[was] = b  # nothing else holds them (results take copies), and a failed refresh drops the warm state
                return a

            return _Blocks(n=self.n, locatie=put(self.locatie, rows[sub.locatie]), categorie=put(self.categorie, sub.categorie),
                           jaar=put(self.jaar, sub.jaar), kans=kans, values={k: put(v, sub.values[k]) for k, v in self.values.items()},
                           segment=put(self.segment, sub.segment), blok=self.blok, catcode=put(self.catcode, sub.catcode),
                           segcode=put(self.segcode, sub.segcode))
        keep = ~gone
        at = np.searchsorted(self.blok[keep], sub.blok)

        def join(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            return np.insert(a[keep], at, b)

        return _Blocks(n=self.n, locatie=join(self.locatie, rows[sub.locatie]), categorie=join(self.categorie, sub.categorie),
                       jaar=join(self.jaar, sub.jaar), kans=kans, values={k: join(v, sub.values[k]) for k, v in self.values.items()},
                       segment=join(self.segment, sub.segment), blok=join(self.blok, sub.blok), catcode=join(self.catcode, sub.catcode),
                       segcode=join(self.segcode, sub.segcode))

    def jaarblokken(self, projecten: np.ndarray) -> Jaarblokken:
        """The blocks the per-year rows count: the projects' blocks with a year."""
        return self.year_blocks(projecten)[0]

    def year_blocks(self, projecten: np.ndarray) -> Tuple[Jaarblokken, Tuple[np.ndarray, np.ndarray]]:
        """`jaarblokken`, and their category and segment as numbers (per_year_sums' codes)."""
        ok = projecten[self.locatie] & ~np.isnan(self.jaar) & _isin(self.catcode, _YEAR_CATCODES)
        codes = (_YEAR_OF_CAT[self.catcode[ok]], self.segcode[ok])
        return self._jaarblokken(ok), codes

    def _jaarblokken(self, ok: np.ndarray) -> Jaarblokken:
        bouw, sloop = self.values["won"][ok], self.values["won_sloop"][ok]
        return Jaarblokken(locatie=self.locatie[ok], jaar=self.jaar[ok].astype(np.int64), categorie=self.categorie[ok],
                           segment=self.segment[ok], bouw=bouw, sloop=sloop, kans=self.kans[self.locatie[ok]])


def rollup(store: Store, norm: float = SURPLUS_NORM) -> Rollup:
    """Full roll-up of a store (its JSON, DESIGN.md §5: `rollup(store).to_json()`)."""
    return RollupEngine(store, norm).compute()


__all__ = ["rollup", "RollupEngine"]
