"""Controle (DESIGN.md §8): the plans held against the BAG and the bestemmingsplannen.

Per location: (a) dwellings claimed gerealiseerd (blokken.block_category) with fewer BAG dwellings (woningvoorraad,
bouwjaar ≥ the location's start_jaar, else ≥ its gerealiseerd blocks' jaar − 1) inside its polygon; (c) a hard
planologische status (1A–2C) with no bestemmingsplan under it. Per wijk: (b) BAG dwellings built since `sinds` that lie
in no location. A point lies in a location when the location's closure contains it (geo.points_in, the roll-up's rule).
The result is typed; core/output/controle.py words it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..model import geo
from ..model.blokken import JAAR_FIELD
from ..model.schema import LOCATION_LAYERS, PLANSTATUS_VAN_STATUS
from ..store.base import Store
from .rollup import categories

SINDS_STANDAARD = 2021  # the threshold year of (b) when the store has no history
GEEN_BAG = "gerealiseerd_zonder_bag"  # claimed gerealiseerd, not one BAG dwelling since the start
TE_WEINIG_BAG = "gerealiseerd_te_weinig_bag"  # claimed gerealiseerd, fewer BAG dwellings than claimed
ZONDER_BESTEMMINGSPLAN = "hard_zonder_bestemmingsplan"  # status 1A–2C, no bestemmingsplan under it
SOORTEN = (GEEN_BAG, TE_WEINIG_BAG, ZONDER_BESTEMMINGSPLAN)
# what was not checked, and why (core/output/controle.py words them)
OVERGESLAGEN_BESTEMMINGSPLANNEN = "geen_bestemmingsplannen"
OVERGESLAGEN_BAG = "geen_bag"


@dataclass(frozen=True)
class Bevinding:
    """One finding of one location."""

    laag: str
    fid: int
    naam: Optional[str]
    wijk_code: Optional[str]
    wijk: Optional[str]  # its naam
    soort: str  # one of SOORTEN
    geclaimd: Optional[int] = None  # dwellings claimed gerealiseerd (a, b)
    bag: Optional[int] = None  # BAG dwellings inside since `vanaf`
    vanaf: Optional[int] = None  # the bouwjaar from which the BAG dwellings count
    status_planologisch: Optional[str] = None  # (c)


@dataclass(frozen=True)
class Ongeclaimd:
    """BAG dwellings of one wijk built since the threshold year that lie in no location."""

    wijk_code: Optional[str]  # None: outside every wijk
    wijk: Optional[str]
    aantal: int
    vbo_ids: Tuple[str, ...]  # those that have one, sorted


@dataclass
class Controle:
    sinds: int  # (b): BAG dwellings with bouwjaar ≥ sinds
    bevindingen: List[Bevinding] = field(default_factory=list)
    ongeclaimd: List[Ongeclaimd] = field(default_factory=list)
    overgeslagen: Tuple[str, ...] = ()  # checks not done (OVERGESLAGEN_*)
    locaties: int = 0  # locations checked

    def van(self, laag: str, fid: int) -> List[Bevinding]:
        """The findings of one location."""
        return [b for b in self.bevindingen if b.laag == laag and b.fid == fid]

    @property
    def ongeclaimd_totaal(self) -> int:
        return sum(o.aantal for o in self.ongeclaimd)

    def to_json(self) -> Dict[str, Any]:
        return {"sinds": self.sinds, "locaties": self.locaties, "overgeslagen": list(self.overgeslagen),
                "bevindingen": [vars(b) for b in self.bevindingen],
                "ongeclaimd": [{**vars(o), "vbo_ids": list(o.vbo_ids)} for o in self.ongeclaimd]}


def _points(store: Store, con, vanaf: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray, List[Any], List[Any]]:
    """x, y, bouwjaar, wijk_code and vbo_id of the BAG dwellings built in or after `vanaf`."""
    rows = con.execute(f"SELECT bouwjaar, wijk_code, vbo_id, {store.geometry_sql()} FROM woningvoorraad"
                       f" WHERE bouwjaar >= {store.param} AND geom IS NOT NULL", (int(vanaf),)).fetchall()
    x, y = geo.points_xy([r[3] for r in rows])
    return x, y, np.array([r[0] for r in rows], dtype=float), [r[1] for r in rows], [r[2] for r in rows]


def _locations(store: Store, con, tables: Sequence[str], only: Optional[Sequence[Tuple[str, int]]]) -> List[Dict[str, Any]]:
    """The locations (all, or `only` these (laag, fid)) with what the checks need: naam, wijk, status, planstatus,
    start_jaar, oplever_jaar, geometry."""
    out = []
    for laag in LOCATION_LAYERS:
        fids = None if only is None else sorted({int(f) for lg, f in only if lg == laag})
        if laag not in tables or fids == []:
            continue
        extra = ("status, planstatus, start_jaar, oplever_jaar" if laag == "projecten"
                 else "NULL AS status, NULL AS planstatus, NULL AS start_jaar, NULL AS oplever_jaar")
        where = "" if fids is None else f" WHERE fid IN ({', '.join([store.param] * len(fids))})"
        sql = f'SELECT fid, naam, wijk_code, status_planologisch, {extra}, {store.geometry_sql()} FROM "{laag}"{where} ORDER BY fid'
        for fid, naam, wijk, spl, status, planstatus, start, oplever, wkb in con.execute(sql, fids or ()).fetchall():
            g = None if wkb is None else geo.from_wkb(bytes(wkb))
            out.append({"laag": laag, "fid": int(fid), "naam": naam, "wijk_code": wijk, "status_planologisch": spl,
                        "status": status, "planstatus": planstatus, "start_jaar": start, JAAR_FIELD: oplever,
                        "geom": None if g is None or g.is_empty else g})
    return out


def _gerealiseerd(con, locs: List[Dict[str, Any]], tables: Sequence[str]) -> Dict[Tuple[str, int], Tuple[int, Optional[int]]]:
    """(laag, fid) → (dwellings claimed gerealiseerd, the lowest jaar of those blocks): bouw blocks whose category is
    gerealiseerd (the block's own flag or its project opgeleverd; a block without jaar has its location's oplever_jaar)."""
    if "woningblokken" not in tables:
        return {}
    by_key = {(loc["laag"], loc["fid"]): loc for loc in locs}
    blocks = [(lg, int(f), a, j, g) for lg, f, a, j, g in con.execute(
        "SELECT laag, locatie_fid, aantal, jaar, gerealiseerd FROM woningblokken WHERE soort = 'bouw' AND aantal > 0")
              if (lg, int(f)) in by_key]
    owners = [by_key[(b[0], b[1])] for b in blocks]
    cats = categories([b[0] for b in blocks], [o["status"] for o in owners], [o["planstatus"] for o in owners],
                      [bool(b[4]) for b in blocks])
    out: Dict[Tuple[str, int], Tuple[int, Optional[int]]] = {}
    for (laag, fid, aantal, jaar, _), owner, cat in zip(blocks, owners, cats):
        if cat != "gerealiseerd":
            continue
        jaar = jaar if jaar is not None else owner[JAAR_FIELD]
        n, low = out.get((laag, fid), (0, None))
        if jaar is not None:
            low = int(jaar) if low is None else min(low, int(jaar))
        out[(laag, fid)] = (n + int(aantal), low)
    return out


def vanaf_of(start_jaar: Optional[int], laagste_jaar: Optional[int], sinds: int) -> int:
    """From which bouwjaar BAG dwellings count for a location's claim: its start_jaar, else its gerealiseerd blocks'
    lowest jaar − 1 (built the year before delivery), else the threshold year of the check."""
    if start_jaar is not None:
        return int(start_jaar)
    return int(laagste_jaar) - 1 if laagste_jaar is not None else sinds


def controle(store: Store, sinds: int, locaties: Optional[Sequence[Tuple[str, int]]] = None) -> Controle:
    """The checks of a store. `locaties`: only these (laag, fid) and no (b) (the dock's one location)."""
    with store.reading() as con:
        tables = store.table_names(con)
        locs = _locations(store, con, tables, locaties)
        claims = _gerealiseerd(con, locs, tables)
        has_bag = "woningvoorraad" in tables and con.execute("SELECT 1 FROM woningvoorraad LIMIT 1").fetchone() is not None
        plans = store.read_geometries("bestemmingsplannen", con=con)[1] if "bestemmingsplannen" in tables else []
        plans = [p for p in plans if p is not None]
        vanaf = {k: vanaf_of(by["start_jaar"], claims[k][1], sinds) for k, by in
                 (((loc["laag"], loc["fid"]), loc) for loc in locs) if k in claims}
        low = min([sinds, *vanaf.values()])
        x, y, bouwjaar, wijk, vbo = _points(store, con, low) if has_bag else (np.zeros(0), np.zeros(0), np.zeros(0), [], [])
        wijknamen = dict(con.execute("SELECT wijk_code, naam FROM wijken").fetchall()) if "wijken" in tables else {}
    out = Controle(sinds=sinds, locaties=len(locs),
                   overgeslagen=tuple(k for k, skip in ((OVERGESLAGEN_BAG, not has_bag),
                                                        (OVERGESLAGEN_BESTEMMINGSPLANNEN, not plans)) if skip))
    ongeclaimd = bouwjaar >= sinds  # (b): cleared for every point inside a location
    hard = [i for i, loc in enumerate(locs) if loc["geom"] is not None
            and PLANSTATUS_VAN_STATUS.get(loc["status_planologisch"] or "onbekend") == "hard"]
    covered = {hard[k] for k, _, share in geo.overlap_pairs([locs[i]["geom"] for i in hard], plans) if share > 0}
    bare = set(hard) - covered if plans else set()
    for i, loc in enumerate(locs):
        key = (loc["laag"], loc["fid"])
        inside = geo.points_in(loc["geom"], x, y) if loc["geom"] is not None and len(x) else np.zeros(0, dtype=np.int64)
        ongeclaimd[inside] = False
        base = {"laag": loc["laag"], "fid": loc["fid"], "naam": loc["naam"], "wijk_code": loc["wijk_code"],
                "wijk": wijknamen.get(loc["wijk_code"])}
        if key in claims and has_bag:
            n_bag = int((bouwjaar[inside] >= vanaf[key]).sum())
            if n_bag < claims[key][0]:
                out.bevindingen.append(Bevinding(**base, soort=GEEN_BAG if n_bag == 0 else TE_WEINIG_BAG,
                                                 geclaimd=claims[key][0], bag=n_bag, vanaf=vanaf[key]))
        if i in bare:
            out.bevindingen.append(Bevinding(**base, soort=ZONDER_BESTEMMINGSPLAN, status_planologisch=loc["status_planologisch"]))
    if locaties is None and len(x):
        groups: Dict[Optional[str], List[int]] = {}
        for k in np.flatnonzero(ongeclaimd):
            groups.setdefault(wijk[k], []).append(int(k))
        for code in sorted(groups, key=lambda c: (c is None, c or "")):
            ks = groups[code]
            out.ongeclaimd.append(Ongeclaimd(wijk_code=code, wijk=wijknamen.get(code), aantal=len(ks),
                                             vbo_ids=tuple(sorted(str(vbo[k]) for k in ks if vbo[k] is not None))))
    return out


__all__ = ["Bevinding", "Ongeclaimd", "Controle", "controle", "vanaf_of", "SINDS_STANDAARD", "SOORTEN", "GEEN_BAG",
           "TE_WEINIG_BAG", "ZONDER_BESTEMMINGSPLAN", "OVERGESLAGEN_BAG", "OVERGESLAGEN_BESTEMMINGSPLANNEN"]
