"""A scenario's roll-up (DESIGN.md §11): the current plans read as always, its changes applied to them in memory, then
the same roll-up. Nothing is written. A change that no longer applies (its location deleted) is reported, not dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from ..model.blokken import planstatus_of
from ..model.scenario import SEGMENT_KEYS, Scenario, Wijziging
from ..model.schema import LOCATION_LAYERS
from ..store.base import Store
from .result import Rollup, json_number
from .rollup import RollupEngine, _Frame, _objects, categories

BUITEN_WIJK = "buiten"  # filter wijk=buiten: the locations in no wijk


@dataclass(frozen=True)
class Toepassing:
    """What one change did: the locations it touched, or why it did nothing (`vervallen`: its location is gone)."""
    nummer: int
    wijziging: Wijziging
    locaties: int
    vervallen: bool = False
    eerder: bool = False  # its location was taken out by an earlier change of the scenario


    @property
    def kort(self) -> str:
        """What it did in a few words, for a table's cell."""
        if self.vervallen:
            return "NIET TOEGEPAST: de locatie bestaat niet meer"
        if self.eerder:
            return "raakt niets: al vervallen door een eerdere wijziging"
        return f"{self.locaties} locatie(s)" if self.locaties else "raakt geen enkele locatie"

    @property
    def melding(self) -> str:
        w = self.wijziging
        if self.vervallen:
            return (f"wijziging {self.nummer} ({w.tekst}) is niet toegepast: {w.doel} bestaat niet meer"
                    f" (verwijderd of omgezet na het maken van het scenario)")
        if self.eerder:
            return f"wijziging {self.nummer} ({w.tekst}) raakt niets: {w.doel} is al vervallen door een eerdere wijziging"
        if not self.locaties:
            return f"wijziging {self.nummer} ({w.tekst}) raakt geen enkele locatie"
        return f"wijziging {self.nummer} ({w.tekst}): {self.locaties} locatie(s)"


@dataclass(frozen=True)
class ScenarioRollup:
    scenario: Scenario
    result: Rollup
    toepassingen: Tuple[Toepassing, ...]

    @property
    def niet_toegepast(self) -> List[Toepassing]:
        return [t for t in self.toepassingen if t.vervallen]


class ScenarioEngine(RollupEngine):
    """The roll-up engine with a scenario's changes applied to the locations and blocks it has read."""

    incremental = False  # the changes are applied to all it reads: a refresh assembles all anew

    def __init__(self, store: Store, scenario: Scenario, norm: float, publiek: bool = False):
        super().__init__(store, norm=norm, publiek=publiek)
        self.scenario = scenario
        self.toepassingen: List[Toepassing] = []

    def locations(self, con) -> Tuple[Any, Any]:
        """The engine's columns as tables, the changes applied, back to the engine's columns (copies: the engine's own
        cache of the plans is never changed)."""
        loc_cols, blk_cols = super().locations(con)
        loc = pd.DataFrame({c: v.copy() for c, v in loc_cols.cols.items()})
        blk = pd.DataFrame({c: v.copy() for c, v in blk_cols.cols.items()})
        extra: Dict[Tuple[str, int], Tuple[Any, Any]] = {}
        for laag in LOCATION_LAYERS:
            if laag in self._tables:
                for fid, fase, ptype in con.execute(f'SELECT fid, projectfase, plantype FROM "{laag}"').fetchall():
                    extra[(laag, int(fid))] = (fase, ptype)
        loc, blk, self.toepassingen = apply(self.scenario.wijzigingen, loc, blk, extra)
        return _columns(loc, loc_cols), _columns(blk, blk_cols)


def _columns(df: pd.DataFrame, like: _Frame) -> _Frame:
    """A table back to the engine's columns, each with the type the engine read it with."""
    return _Frame({c: (_objects(df[c].tolist()) if v.dtype == object else df[c].to_numpy(dtype=v.dtype)) for c, v in like.cols.items()})


def apply(wijzigingen: Sequence[Wijziging], loc: pd.DataFrame, blk: pd.DataFrame,
          extra: Dict[Tuple[str, int], Tuple[Any, Any]]) -> Tuple[pd.DataFrame, pd.DataFrame, List[Toepassing]]:
    """The changes, in order, on copies of the roll-up's frames (locations, blocks); `extra`: (laag, fid) → (projectfase,
    plantype). Returns the new frames (locations ordered by laag, fid as the roll-up wants them) and what each change did."""
    loc = loc.copy().reset_index(drop=True)
    blk = blk.copy().reset_index(drop=True)
    for c in ("start_jaar", "oplever_jaar", "realisatiekans"):
        loc[c] = pd.to_numeric(loc[c], errors="coerce").astype(float)
    blk["jaar"] = blk["jaar"].astype(float)
    done: List[Toepassing] = []
    known = set(zip(loc["laag"], loc["fid"]))
    for n, w in enumerate(wijzigingen, start=1):
        if w.soort in ("locatie", "potloodplan"):
            hit = (loc["laag"] == w.laag) & (loc["fid"] == w.locatie_fid)
            if not hit.any():
                gone = (w.laag, w.locatie_fid) not in known
                done.append(Toepassing(n, w, 0, vervallen=gone, eerder=not gone))
                continue
        else:
            hit = _match(w.filter, loc, extra)
        loc, blk = _CHANGES[w.soort](w, loc, blk, hit.to_numpy())
        loc, blk = loc.reset_index(drop=True), blk.reset_index(drop=True)
        done.append(Toepassing(n, w, int(hit.sum())))
    loc["planstatus"] = [planstatus_of(sp, ps) if lg == "projecten" else None
                         for lg, sp, ps in zip(loc["laag"], loc["status_planologisch"], loc["planstatus"])]
    loc["categorie"] = categories(loc["laag"].tolist(), loc["status"].tolist(), loc["planstatus"].tolist(), [False] * len(loc))
    order = np.lexsort((loc["fid"].to_numpy(dtype=np.int64), loc["laag"].map(LOCATION_LAYERS.index).to_numpy()))
    return loc.iloc[order].reset_index(drop=True), blk.reset_index(drop=True), done


def _match(filt: Dict[str, Tuple[str, ...]], loc: pd.DataFrame, extra: Dict[Tuple[str, int], Tuple[Any, Any]]) -> pd.Series:
    m = pd.Series(True, index=loc.index)
    keys = list(zip(loc["laag"], loc["fid"]))
    for k, values in filt.items():
        if k == "laag":
            col = loc["laag"]
        elif k == "status_planologisch":
            col = loc["status_planologisch"]
        elif k == "wijk":
            col = loc["wijk_code"].where(loc["wijk_code"].notna(), BUITEN_WIJK)
        else:
            i = 0 if k == "projectfase" else 1
            col = pd.Series([extra.get((lg, int(f)), (None, None))[i] for lg, f in keys], index=loc.index)
        m &= col.isin(values)
    return m


def _blocks_of(blk: pd.DataFrame, loc: pd.DataFrame, hit: np.ndarray) -> np.ndarray:
    keys = set(zip(loc["laag"][hit], loc["fid"][hit]))
    return np.array([k in keys for k in zip(blk["laag"], blk["fid"])], dtype=bool)


def _vervallen(w: Wijziging, loc: pd.DataFrame, blk: pd.DataFrame, hit: np.ndarray) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """The plans of the filter as if deleted, with their blocks."""
    return loc[~hit], blk[~_blocks_of(blk, loc, hit)]


def _realisatiekans(w: Wijziging, loc: pd.DataFrame, blk: pd.DataFrame, hit: np.ndarray) -> Tuple[pd.DataFrame, pd.DataFrame]:
    loc.loc[hit, "realisatiekans"] = float(w.parameters["kans"])
    return loc, blk


def _shift(loc: pd.DataFrame, blk: pd.DataFrame, hit: np.ndarray, jaren: int) -> None:
    """Years of the plans `hit` (not delivered) and of their blocks not yet realised moved by `jaren`; a block without a
    year follows its location's oplever_jaar."""
    hit = hit & (loc["status"] != "opgeleverd").to_numpy()
    for c in ("start_jaar", "oplever_jaar"):
        loc.loc[hit, c] = loc.loc[hit, c] + jaren
    mine = _blocks_of(blk, loc, hit) & ~blk["gerealiseerd"].to_numpy(dtype=bool)
    blk.loc[mine, "jaar"] = blk.loc[mine, "jaar"] + jaren


def _uitstel(w: Wijziging, loc: pd.DataFrame, blk: pd.DataFrame, hit: np.ndarray) -> Tuple[pd.DataFrame, pd.DataFrame]:
    _shift(loc, blk, hit, int(w.parameters["jaren"]))
    return loc, blk


def _set_plan(w: Wijziging, loc: pd.DataFrame, hit: np.ndarray) -> None:
    p = w.parameters
    if "status_planologisch" in p:
        loc.loc[hit, "status_planologisch"] = p["status_planologisch"]
    if "kans" in p:
        loc.loc[hit, "realisatiekans"] = float(p["kans"])
    for c in ("start_jaar", "oplever_jaar"):
        if c in p:
            loc.loc[hit, c] = float(p[c])


def _locatie(w: Wijziging, loc: pd.DataFrame, blk: pd.DataFrame, hit: np.ndarray) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """One location: its status, kans, years (a new oplever_jaar also moves its blocks not yet realised), dwellings per
    segment (the planned bouw blocks of a segment replaced by one block of that many)."""
    p = w.parameters
    mine = _blocks_of(blk, loc, hit) & ~blk["gerealiseerd"].to_numpy(dtype=bool)
    if "oplever_jaar" in p:
        blk.loc[mine, "jaar"] = float(p["oplever_jaar"])
    _set_plan(w, loc, hit)
    if "jaren" in p:
        _shift(loc, blk, hit, int(p["jaren"]))
    new = []
    for seg in SEGMENT_KEYS:
        if seg in p:
            gone = mine & (blk["soort"] == "bouw").to_numpy() & (blk["segment"] == seg).to_numpy()
            jaar = blk.loc[gone, "jaar"].min() if gone.any() else np.nan
            blk = blk[~gone]
            mine = mine[~gone]
            if p[seg]:
                new.append({"laag": w.laag, "fid": w.locatie_fid, "soort": "bouw", "aantal": float(p[seg]), "segment": seg,
                            "woningtype": "onbekend", "jaar": jaar, "gerealiseerd": False,
                            "blok": np.nan})  # a block of the scenario: no fid of its own (counted after the store's)
    if new:
        blk = pd.concat([blk, pd.DataFrame(new).astype(blk.dtypes.to_dict())], ignore_index=True)
    return loc, blk


def _potloodplan(w: Wijziging, loc: pd.DataFrame, blk: pd.DataFrame, hit: np.ndarray) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """A potloodplan counted as a project (initiatief; zacht unless its planologische status makes it hard) under fid −fid
    in projecten, with its blocks; its years from the change."""
    p = w.parameters
    mine = _blocks_of(blk, loc, hit)
    _set_plan(w, loc, hit)
    new_fid = -int(w.locatie_fid)
    loc.loc[hit, ["laag", "fid", "status", "planstatus", "soort"]] = ["projecten", new_fid, "initiatief",
                                                                      p.get("planstatus", "zacht"), None]
    blk.loc[mine, "laag"] = "projecten"
    blk.loc[mine, "fid"] = new_fid
    if "oplever_jaar" in p:
        blk.loc[mine & blk["jaar"].isna().to_numpy(), "jaar"] = float(p["oplever_jaar"])
    return loc, blk


_CHANGES = {"vervallen": _vervallen, "realisatiekans": _realisatiekans, "uitstel": _uitstel, "locatie": _locatie,
            "potloodplan": _potloodplan}


def rollup(store: Store, scenario: Scenario, norm: float, publiek: bool = False) -> ScenarioRollup:
    """The roll-up of the store's current plans with the scenario's changes (nothing is written)."""
    engine = ScenarioEngine(store, scenario, norm=norm, publiek=publiek)
    result = engine.compute()
    return ScenarioRollup(scenario, result, tuple(engine.toepassingen))


# --- the comparison: every scenario against the goals and the current plans ------------------------------
STAD_FIGUREN = ("won_netto_gepland", "won_netto_hard", "won_netto_zacht", "won_verwacht", "won_netto_gerealiseerd",
                "won_netto_potentieel")
WIJK_FIGUUR = "won_netto_gepland"
HUIDIG = "Huidige plannen"


def _delta(a: Any, b: Any) -> Optional[float]:
    """b − a where both are known."""
    return None if a is None or b is None else json_number(float(b) - float(a))


def _doelen(r: Rollup, base: Rollup) -> List[Dict[str, Any]]:
    was = {d.fid: d for d in base.doelen}
    out = []
    for d in r.doelen:
        b = was.get(d.fid)
        out.append({"fid": d.fid, "niveau": d.niveau, "wijk_code": d.wijk_code, "wijk_naam": d.wijk_naam,
                    "opgave_code": d.opgave_code, "indicator": d.indicator, "soort": d.soort, "eenheid": d.eenheid,
                    "omschrijving": d.omschrijving, "streefwaarde": d.streefwaarde, "peiljaar": d.peiljaar,
                    "gepland": d.gepland, "hard": d.hard, "verwacht": d.verwacht, "dekking": d.dekking, "gap": d.gap,
                    "gehaald": d.gehaald, "verschil_gepland": _delta(b and b.gepland, d.gepland),
                    "verschil_verwacht": _delta(b and b.verwacht, d.verwacht)})
    return out


def _variant(naam: str, r: Rollup, base: Rollup) -> Dict[str, Any]:
    stad = {f: json_number(r.stad.figures[f]) for f in STAD_FIGUREN}
    bstad = {f: json_number(base.stad.figures[f]) for f in STAD_FIGUREN}
    bw = {w.wijk_code: w for w in base.wijken}
    return {
        "naam": naam,
        "stad": {**stad, "verschil": {f: _delta(bstad[f], stad[f]) for f in STAD_FIGUREN}},
        "doelen": _doelen(r, base),
        "per_jaar": [{"jaar": j.jaar, "vraag": j.vraag, "cumulatief_vraag": j.cumulatief_vraag,
                      "cumulatief_aanbod": j.cumulatief_aanbod, "planoverschot": j.planoverschot, "norm": j.norm,
                      "boven_norm": j.boven_norm, "verwacht": j.verwacht} for j in r.per_jaar],
        "wijken": [{"wijk_code": w.wijk_code, "naam": w.naam, WIJK_FIGUUR: json_number(w.figures[WIJK_FIGUUR]),
                    "won_verwacht": json_number(w.figures["won_verwacht"]),
                    "verschil": _delta(bw[w.wijk_code].figures[WIJK_FIGUUR] if w.wijk_code in bw else None, w.figures[WIJK_FIGUUR])}
                   for w in r.wijken],
        "opgaven": {c: {WIJK_FIGUUR: json_number(f[WIJK_FIGUUR]), "won_verwacht": json_number(f["won_verwacht"]),
                        "verschil": _delta(base.stad.opgaven[c][WIJK_FIGUUR] if c in base.stad.opgaven else 0, f[WIJK_FIGUUR])}
                    for c, f in sorted(r.stad.opgaven.items())},
    }


def vergelijking(huidig: Rollup, scenarios: Sequence[ScenarioRollup]) -> Dict[str, Any]:
    """The current plans and each scenario side by side, JSON-ready: stad figures, every goal (gepland, verwacht,
    dekking, gehaald and the difference to the current plans), per year the cumulative supply against the demand and
    the norm, per wijk and per opgave the planned netto dwellings; each scenario with its changes and what they did."""
    out = {"norm": huidig.norm, "huidig": _variant(HUIDIG, huidig, huidig), "scenarios": []}
    for sr in scenarios:
        v = _variant(sr.scenario.naam, sr.result, huidig)
        v["omschrijving"] = sr.scenario.omschrijving
        v["wijzigingen"] = [{"nummer": t.nummer, "regel": t.wijziging.regel, "tekst": t.wijziging.tekst,
                             "locaties": t.locaties, "toegepast": not t.vervallen, "kort": t.kort,
                             "melding": t.melding}
                            for t in sr.toepassingen]
        out["scenarios"].append(v)
    return out


__all__ = ["ScenarioEngine", "ScenarioRollup", "Toepassing", "apply", "rollup", "vergelijking"]
