"""The change report (mutatierapportage, DESIGN.md §11): the plan capacity at D1 reconciled to D2.

Built on two roll-ups (the store as it stood at the end of D1 and of D2, core/figures/history.py): each location's row
of figures at both dates, its wijk and its opgaven. A location that differs between the two dates falls in exactly one
bucket, the first of PRECEDENCE that applies:

1. nieuw        — not there at D1, there at D2 (a promoted potloodplan: vervallen as potloodplan, nieuw as project)
2. vervallen    — there at D1, gone at D2
3. verplaatst   — in another wijk (or buiten wijken) at D2; its whole change goes here, also a programme change
4. gerealiseerd — its realised figures (…_gerealiseerd) changed: status opgeleverd, or blocks marked gerealiseerd
5. status       — status, planstatus or planologische status changed (zacht → hard, …)
6. gewijzigd    — anything else that moves a figure: programme, years, realisatiekans, opgaven (tags)

So a location that moved and changed its programme counts once, under verplaatst, with its whole change. Per scope
(stad, buiten wijken, each wijk, each opgave) and figure: begin + Σ buckets = eind, exactly: the figures are summed
as whole micro-units (integers), and begin and eind are the sums the roll-up gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .result import BUITEN, FIGURES, Locatie, Rollup, json_number

BUCKETS = ("nieuw", "vervallen", "gewijzigd", "status", "gerealiseerd", "verplaatst")  # the JSON's order (DESIGN §11)
PRECEDENCE = ("nieuw", "vervallen", "verplaatst", "gerealiseerd", "status", "gewijzigd")  # a location's one bucket
BUCKET_LABELS = {"nieuw": "Nieuw", "vervallen": "Vervallen", "gewijzigd": "Programma gewijzigd", "status": "Status gewijzigd",
                 "gerealiseerd": "Gerealiseerd", "verplaatst": "Verplaatst (andere wijk)"}
# the colour of each bucket on the mutatiekaart and in the bridge: growth green, loss red, moves purple, realised grey,
# status blue, programme orange
KLEUREN = {"nieuw": "#1e8449", "vervallen": "#c0392b", "verplaatst": "#7d3c98", "gerealiseerd": "#566573",
           "status": "#2471a3", "gewijzigd": "#d68910"}
SCALE = 1_000_000  # figures as whole micro-units: sums without rounding error
_COL = {name: i for i, name in enumerate(FIGURES)}
_REALISED = np.array([n.endswith("_gerealiseerd") for n in FIGURES])


def _micro(m: np.ndarray) -> np.ndarray:
    return np.rint(np.asarray(m, dtype=float) * SCALE).astype(np.int64)


@dataclass(frozen=True)
class Wijziging:
    """One location that changed between the dates: its bucket, every kind of change seen, its delta per figure."""
    laag: str
    fid: int
    naam: Optional[str]
    bucket: str
    soorten: Tuple[str, ...]  # every kind that applies, in PRECEDENCE order (bucket = the first)
    wijk_van: Optional[str]  # None: not there, or buiten wijken (see `er_van`)
    wijk_tot: Optional[str]
    opgaven_van: Tuple[str, ...]
    opgaven_tot: Tuple[str, ...]
    toelichting: str  # what changed, in Dutch ('zacht → hard; wijk 0141 01 → 0141 03')
    delta: np.ndarray = field(repr=False, compare=False)  # micro-units per figure, stad level

    def value(self, figure: str) -> Any:
        return json_number(self.delta[_COL[figure]] / SCALE)

    def to_json(self) -> Dict[str, Any]:
        return {"laag": self.laag, "fid": self.fid, "naam": self.naam, "bucket": self.bucket, "soorten": list(self.soorten),
                "wijk_van": self.wijk_van, "wijk_tot": self.wijk_tot, "opgaven_van": list(self.opgaven_van),
                "opgaven_tot": list(self.opgaven_tot), "toelichting": self.toelichting,
                **{f: self.value(f) for f in FIGURES}}


@dataclass(frozen=True)
class Afstemming:
    """One scope reconciled: per figure begin, eind and each bucket (micro-units; rows: begin, eind, *BUCKETS)."""
    rows: np.ndarray = field(repr=False)

    def get(self, figure: str, what: str) -> Any:
        i = ("begin", "eind", *BUCKETS).index(what)
        return json_number(self.rows[i, _COL[figure]] / SCALE)

    def to_json(self, figures: Sequence[str] = FIGURES) -> Dict[str, Dict[str, Any]]:
        return {f: {w: self.get(f, w) for w in ("begin", "eind", *BUCKETS)} for f in figures}


@dataclass(frozen=True)
class Mutaties:
    """The change report between two moments (UTC text, as parse_peildatum gives)."""
    van: str
    tot: str
    stad: Afstemming
    buiten_wijken: Afstemming
    wijken: List[Tuple[str, str, Afstemming]]  # (wijk_code, naam, …)
    opgaven: Dict[str, Afstemming]  # opgave code → the locations tagged with it (stad-wide)
    locaties: List[Wijziging]

    def in_bucket(self, bucket: str) -> List[Wijziging]:
        return [w for w in self.locaties if w.bucket == bucket]

    def to_json(self) -> Dict[str, Any]:
        from ..model.tijd import local_iso

        return {"van": local_iso(self.van), "tot": local_iso(self.tot), "precedentie": list(PRECEDENCE),
                "stad": {**self.stad.to_json(), BUITEN: self.buiten_wijken.to_json(),
                         "opgaven": {c: a.to_json() for c, a in self.opgaven.items()}},
                "wijken": [{"wijk_code": c, "naam": n, **a.to_json()} for c, n, a in self.wijken],
                "locaties": [w.to_json() for w in self.locaties]}


def _kinds(a: Optional[Locatie], b: Optional[Locatie], ra: np.ndarray, rb: np.ndarray) -> List[str]:
    if a is None:
        return ["nieuw"]
    if b is None:
        return ["vervallen"]
    out = []
    if (a.wijk_code or BUITEN) != (b.wijk_code or BUITEN):
        out.append("verplaatst")
    if np.any((ra != rb) & _REALISED):
        out.append("gerealiseerd")
    if (a.status, a.planstatus, a.status_planologisch) != (b.status, b.planstatus, b.status_planologisch):
        out.append("status")
    # realisatiekans: its own change, not the norm that follows a new planologische status
    kans = a.realisatiekans != b.realisatiekans and a.status_planologisch == b.status_planologisch
    if not out or kans or a.programma != b.programma or set(a.opgaven) != set(b.opgaven) or \
            (a.start_jaar, a.oplever_jaar) != (b.start_jaar, b.oplever_jaar):
        out.append("gewijzigd")
    return [k for k in PRECEDENCE if k in out]


def _toelichting(a: Optional[Locatie], b: Optional[Locatie], kinds: Sequence[str], wijknamen: Dict[str, str]) -> str:
    """What changed, in Dutch and short ('planstatus zacht → hard; woningen 90 → 130')."""
    if a is None or b is None:
        return "nieuw plan" if a is None else "plan vervallen"

    def label(v: Any) -> str:
        return "–" if v is None else str(json_number(v))

    def wijk(code: Optional[str]) -> str:
        return "buiten wijken" if code is None else wijknamen.get(code, code)
    parts = []
    if "verplaatst" in kinds:
        parts.append(f"wijk {wijk(a.wijk_code)} → {wijk(b.wijk_code)}")
    for attr, naam in (("status", "status"), ("planstatus", "planstatus"), ("status_planologisch", "planologische status"),
                       ("oplever_jaar", "oplevering"), ("realisatiekans", "realisatiekans")):
        if getattr(a, attr) != getattr(b, attr):
            unit = " %" if attr == "realisatiekans" else ""
            parts.append(f"{naam} {label(getattr(a, attr))}{unit} → {label(getattr(b, attr))}{unit}")
    for veld, naam in (("won_totaal", "woningen"), ("won_sloop", "sloop")):
        wa, wb = a.programma.get(veld) or 0, b.programma.get(veld) or 0
        if wa != wb:
            parts.append(f"{naam} {label(wa)} → {label(wb)}")
    if set(a.opgaven) != set(b.opgaven):
        parts.append(f"opgaven {', '.join(sorted(a.opgaven)) or '–'} → {', '.join(sorted(b.opgaven)) or '–'}")
    return "; ".join(parts) or "programma gewijzigd"


def _group(keys: List[Any], order: List[Any], m: np.ndarray) -> np.ndarray:
    """Integer row sums of m per key in order (keys not in order are left out)."""
    out = np.zeros((len(order), m.shape[1]), dtype=np.int64)
    idx = {k: i for i, k in enumerate(order)}
    for k, row in zip(keys, m):
        if k in idx:
            out[idx[k]] += row
    return out


def mutaties(begin: Rollup, eind: Rollup, van: str, tot: str) -> Mutaties:
    """Reconcile two roll-ups of one store (at van and at tot) per stad, wijk and opgave, with the locations per bucket."""
    n = len(FIGURES)
    ma, mb = _micro(begin.matrix).reshape(-1, n), _micro(eind.matrix).reshape(-1, n)
    ia = {x.key: i for i, x in enumerate(begin.locaties)}
    ib = {x.key: i for i, x in enumerate(eind.locaties)}
    zero = np.zeros(n, dtype=np.int64)
    wijken = [(w.wijk_code, w.naam) for w in eind.wijken] + [(w.wijk_code, w.naam) for w in begin.wijken
                                                               if eind.wijk(w.wijk_code) is None]
    codes = [c for c, _ in wijken]
    opgaven = sorted({c for r in (begin, eind) for x in r.locaties for c in x.opgaven})
    scopes = ["stad", *codes, BUITEN, *(("opgave", c) for c in opgaven)]
    pos = {s: i for i, s in enumerate(scopes)}
    table = np.zeros((len(scopes), 2 + len(BUCKETS), n), dtype=np.int64)

    def scopes_of(x: Locatie) -> List[Any]:
        w = x.wijk_code if x.wijk_code in pos else BUITEN
        return ["stad", w, *(("opgave", c) for c in set(x.opgaven))]

    for k, (r, m, idx) in enumerate(((begin, ma, ia), (eind, mb, ib))):  # begin, eind
        for i in idx.values():
            for s in scopes_of(r.locaties[i]):
                table[pos[s], k] += m[i]
    changes = []
    names = dict(wijken)
    for key in sorted(set(ia) | set(ib)):
        a = begin.locaties[ia[key]] if key in ia else None
        b = eind.locaties[ib[key]] if key in ib else None
        ra = ma[ia[key]] if a is not None else zero
        rb = mb[ib[key]] if b is not None else zero
        if a is not None and b is not None and np.array_equal(ra, rb) and (a.wijk_code or BUITEN) == (b.wijk_code or BUITEN) \
                and set(a.opgaven) == set(b.opgaven):
            continue  # no figure of any scope moves (a name or a geometry within the wijk)
        kinds = _kinds(a, b, ra, rb)
        k = 2 + BUCKETS.index(kinds[0])
        if a is not None:
            for s in scopes_of(a):
                table[pos[s], k] -= ra
        if b is not None:
            for s in scopes_of(b):
                table[pos[s], k] += rb
        x = b or a
        changes.append(Wijziging(laag=key[0], fid=int(key[1]), naam=x.naam if x else None, bucket=kinds[0], soorten=tuple(kinds),
                                 wijk_van=a.wijk_code if a else None, wijk_tot=b.wijk_code if b else None,
                                 opgaven_van=tuple(sorted(a.opgaven)) if a else (), opgaven_tot=tuple(sorted(b.opgaven)) if b else (),
                                 toelichting=_toelichting(a, b, kinds, names), delta=rb - ra))
    return Mutaties(van=van, tot=tot, stad=Afstemming(table[pos["stad"]]), buiten_wijken=Afstemming(table[pos[BUITEN]]),
                    wijken=[(c, names[c], Afstemming(table[pos[c]])) for c in codes],
                    opgaven={c: Afstemming(table[pos[("opgave", c)]]) for c in opgaven}, locaties=changes)


def identity_holds(a: Afstemming) -> bool:
    """begin + Σ buckets = eind, for every figure (exact, in micro-units)."""
    return bool(np.array_equal(a.rows[0] + a.rows[2:].sum(axis=0), a.rows[1]))




def geometries(store: Any, report: Mutaties) -> Dict[Tuple[str, int], Any]:
    """(laag, fid) → the shapely geometry of each changed location: as it stood at `tot`, a dropped one as at `van`
    (from the history; a location without history as it is now). None where it has none."""
    import datetime as _dt

    from ..model import geo
    from ..store.snapshot import history_wkb, states_at

    out: Dict[Tuple[str, int], Any] = {}
    with store.reading() as con:
        first = con.execute("SELECT tijd FROM wijzigingen ORDER BY wijziging_id LIMIT 1").fetchone()
        text = first is None or isinstance(first[0], str)  # GeoPackage: UTC text; PostGIS: timestamptz

        def moment(m: str) -> Any:
            return m if text else _dt.datetime.fromisoformat(m.replace("Z", "+00:00"))
        for laag in sorted({w.laag for w in report.locaties}):
            at = {"van": states_at(store, con, laag, moment(report.van)), "tot": states_at(store, con, laag, moment(report.tot))}
            rest = []
            for w in (w for w in report.locaties if w.laag == laag):
                state = at["van" if w.bucket == "vervallen" else "tot"].get(w.fid, False)
                if state is False:
                    rest.append(w.fid)
                else:
                    b = history_wkb(state.get("geom")) if state else None
                    out[(laag, w.fid)] = geo.from_wkb(b) if b else None
            if rest:
                keys, geoms = store.read_geometries(laag, f"fid IN ({', '.join([store.param] * len(rest))})", rest, con=con)
                out.update({(laag, int(k)): g for k, g in zip(keys, geoms)})
    return out


__all__ = ["BUCKETS", "BUCKET_LABELS", "KLEUREN", "PRECEDENCE", "Afstemming", "Mutaties", "Wijziging", "geometries", "identity_holds", "mutaties"]
