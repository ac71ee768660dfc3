"""The roll-up as typed objects (DESIGN.md §4): figures per scope, goals, per year, locations.

Figure values are JSON-safe numbers (integral values as int, others rounded to 6 decimals), so that what a face
shows and what `to_json()` writes are the same numbers. JSON is made here and only at the edge (`to_json`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from ..model.schema import BLOCK_SUM_FIELDS, COMPUTED_FIELDS, DOMAINS, PROGRAMME_FIELDS, SEGMENT_OF_FIELD, WON_SEGMENTS

BUITEN = "buiten_wijken"
CATEGORIES = ("hard", "zacht", "gerealiseerd", "potentieel")  # a location's one category; gepland = hard + zacht
YEAR_CATEGORIES = ("gerealiseerd", "hard", "zacht")  # the projects' blocks counted per year
SEGMENTS: Tuple[str, ...] = tuple(DOMAINS["segment"])  # woningblokken.segment, in the domain's order
LOCATION_FIELDS: Tuple[str, ...] = tuple(f for f in PROGRAMME_FIELDS if f not in COMPUTED_FIELDS)  # m2_*, ha_*: per location


def figure_base(programme_field: str) -> str:
    """Programme field → figure prefix: won_totaal → won, the rest keep their name."""
    return "won" if programme_field == "won_totaal" else programme_field


# schema 5: bouw per woningtype (woningblokken.woningtype), as figure prefixes
WONINGTYPE_FIGURES: Dict[str, str] = {"eengezins": "won_eengezins", "meergezins": "won_meergezins",
                                      "onbekend": "won_woningtype_onbekend"}
SPLIT = ("hard", "zacht", "gepland", "gerealiseerd", "potentieel")


def figure_names() -> List[str]:
    """Every figure of DESIGN.md §4, in a stable order: the programme (won_* is bouw), sloop and netto, the woningtype
    split, each split by category; then won_verwacht (planned blocks weighted by realisatiekans, netto) and the counts."""
    out = []
    for b in [figure_base(f) for f in PROGRAMME_FIELDS + BLOCK_SUM_FIELDS] + list(WONINGTYPE_FIGURES.values()):
        out += [f"{b}_{c}" for c in SPLIT]
    return out + ["won_verwacht", "n_projecten", "n_potloodplannen"]


FIGURES = figure_names()


def block_values(soort: np.ndarray, aantal: np.ndarray, segment: np.ndarray, woningtype: np.ndarray) -> Dict[str, np.ndarray]:
    """Each block's dwellings per figure prefix (won_koop, won, won_onbekend, won_sloop, won_netto, won_eengezins, …):
    the programme is bouw, won_sloop is sloop, won_netto = bouw − sloop."""
    aantal = np.asarray(aantal, dtype=float)
    bouw = np.where(soort == "bouw", aantal, 0.0)
    sloop = np.where(soort == "sloop", aantal, 0.0)
    out = {figure_base(f): np.where(segment == SEGMENT_OF_FIELD[f], bouw, 0.0) for f in WON_SEGMENTS}
    out["won"] = bouw
    out["won_onbekend"] = np.where(segment == "onbekend", bouw, 0.0)
    out["won_sloop"] = sloop
    out["won_netto"] = bouw - sloop
    for typ, b in WONINGTYPE_FIGURES.items():
        out[b] = np.where(woningtype == typ, bouw, 0.0)
    return out


def json_number(v: Any) -> Any:
    """A number as JSON gives it: None and NaN → None, integral values as int, others rounded to 6 decimals."""
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return None
        return int(f) if f.is_integer() and abs(f) < 2**53 else round(f, 6)
    return v


def json_numbers(values: Sequence[float]) -> List[Any]:
    """json_number of many floats at once: the integral ones as ints in one go, json_number only for the others (the
    roll-up's thousands of locations, and every row of figures)."""
    v = np.asarray(values, dtype=float)
    whole = np.isfinite(v) & (v == np.round(v)) & (np.abs(v) < 2**53)
    out = np.where(whole, v, 0.0).astype(np.int64).tolist()
    if not whole.all():
        floats = v.tolist()
        for i in np.flatnonzero(~whole).tolist():
            out[i] = json_number(floats[i])
    return out


class _FigureValues:
    """Behaviour of `Figures` (its fields are the names of FIGURES, made below from the schema)."""

    @classmethod
    def from_row(cls, row: Iterable[float]) -> Figures:
        return cls(*json_numbers(np.fromiter(row, dtype=float) if not isinstance(row, np.ndarray) else row))  # type: ignore[return-value]

    @classmethod
    def zero(cls) -> Figures:
        return cls.from_row([0] * len(FIGURES))

    def __getitem__(self, name: str) -> Any:
        if name not in FIGURES:
            raise KeyError(name)
        return getattr(self, name)

    def to_json(self) -> Dict[str, Any]:
        return {k: getattr(self, k) for k in FIGURES}


# every figure as a typed attribute (won_hard, ha_zon_gepland, n_projecten, …), named once: in the schema's programme
Figures = dataclasses.make_dataclass("Figures", [(n, float) for n in FIGURES], bases=(_FigureValues,), frozen=True)
Figures.__doc__ = "The figures of one scope (DESIGN.md §4), one attribute per figure name."
Figures.__module__ = __name__


class _Flat:
    """A dataclass whose JSON is its fields, in order."""

    def to_json(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]


# the dwellings' bouwjaar classes as CBS publishes them (PC6 and grid statistics: aantal_woningen_bouwjaar_voor_1945,
# _45_tot_65, …, _15_en_later; FORMATS §4b): key → (first year, first year of the next class, label)
BOUWJAARKLASSEN: Dict[str, Tuple[Optional[int], Optional[int], str]] = {
    "voor_1945": (None, 1945, "vóór 1945"), "1945_1964": (1945, 1965, "1945–1964"), "1965_1974": (1965, 1975, "1965–1974"),
    "1975_1984": (1975, 1985, "1975–1984"), "1985_1994": (1985, 1995, "1985–1994"), "1995_2004": (1995, 2005, "1995–2004"),
    "2005_2014": (2005, 2015, "2005–2014"), "2015_later": (2015, None, "2015 en later")}
ONBEKEND = "onbekend"  # a dwelling without bouwjaar or woningtype
PROFIEL_WONINGTYPEN = ("eengezins", "meergezins", ONBEKEND)
# energielabels grouped as the profile shows them: A+ and better in one group (FORMATS §2b)
LABELGROEPEN: Dict[str, Tuple[str, ...]] = {"A+": ("A++++", "A+++", "A++", "A+"), "A": ("A",), "B": ("B",), "C": ("C",),
                                            "D": ("D",), "E": ("E",), "F": ("F",), "G": ("G",)}
LEEFBAAROMETER = ("score", "afw", "fys", "onv", "soc", "vrz", "won")  # leefbaarheid's columns the profile averages


def bouwjaarklasse(jaar: np.ndarray) -> np.ndarray:
    """BOUWJAARKLASSEN key of each bouwjaar (NaN: ONBEKEND)."""
    jaar = np.asarray(jaar, dtype=float)
    keys = np.array(list(BOUWJAARKLASSEN), dtype=object)
    edges = np.array([upper for _, upper, _ in BOUWJAARKLASSEN.values() if upper is not None], dtype=float)
    return np.where(np.isnan(jaar), ONBEKEND, keys[np.searchsorted(edges, np.nan_to_num(jaar), side="right")])


@dataclass(frozen=True)
class Profiel(_Flat):
    """A wijk's profile from the base layers (shares 0–1, None where nothing is known).

    Dwellings per bouwjaar class and woningtype; labelled dwellings per label group (a label joins its dwelling by vbo_id
    where the dwellings have one, else it counts as one dwelling) and those without one; the Leefbaarometer's mean class
    (`leefbaarheid_gem`, 1–9) and mean afw and dimensions, over the cells weighted by their dwellings (by area where the
    cells hold none)."""
    woningen: int
    aandeel_corporatie: Optional[float]
    aandeel_eengezins: Optional[float]
    aandeel_label_efg: Optional[float]
    aandeel_label_ab: Optional[float]
    leefbaarheid_gem: Optional[float]
    energielabels: int
    leefbaarheid_cellen: int
    bouwjaarklassen: Dict[str, int]  # BOUWJAARKLASSEN + ONBEKEND → dwellings
    woningtypen: Dict[str, int]  # PROFIEL_WONINGTYPEN → dwellings
    labels: Dict[str, int]  # LABELGROEPEN → labelled dwellings
    zonder_label: int
    aandeel_zonder_label: Optional[float]
    leefbaarheid_afw: Optional[float]
    leefbaarheid_fys: Optional[float]
    leefbaarheid_onv: Optional[float]
    leefbaarheid_soc: Optional[float]
    leefbaarheid_vrz: Optional[float]
    leefbaarheid_won: Optional[float]


def _opgaven_json(opgaven: Mapping[str, Any]) -> Dict[str, Any]:
    return {c: f.to_json() for c, f in opgaven.items()}


@dataclass(frozen=True)
class Stad:
    figures: Figures
    profiel: Profiel
    opgaven: Dict[str, Figures]  # opgave code → figures of the locations tagged with it
    buiten_wijken: Figures  # Figures of the locations in no wijk
    buiten_profiel: Profiel

    def to_json(self) -> Dict[str, Any]:
        return {**self.figures.to_json(), BUITEN: {**self.buiten_wijken.to_json(), "profiel": self.buiten_profiel.to_json()},
                "profiel": self.profiel.to_json(), "opgaven": _opgaven_json(self.opgaven)}


@dataclass(frozen=True)
class Wijk:
    wijk_code: str
    naam: str
    prioriteit: Optional[str]
    figures: Figures
    profiel: Profiel
    opgaven: Dict[str, Figures]

    def to_json(self) -> Dict[str, Any]:
        return {"wijk_code": self.wijk_code, "naam": self.naam, "prioriteit": self.prioriteit, **self.figures.to_json(),
                "profiel": self.profiel.to_json(), "opgaven": _opgaven_json(self.opgaven)}


@dataclass(frozen=True)
class Gebied:
    naam: str
    soort: Optional[str]
    prioriteit: Optional[str]
    figures: Figures
    opgaven: Dict[str, Figures]

    def to_json(self) -> Dict[str, Any]:
        return {"naam": self.naam, "soort": self.soort, "prioriteit": self.prioriteit, **self.figures.to_json(),
                "opgaven": _opgaven_json(self.opgaven)}


@dataclass(frozen=True)
class Buurt:
    buurt_code: str
    naam: Optional[str]
    wijk_code: Optional[str]
    figures: Figures

    def to_json(self) -> Dict[str, Any]:
        return {"buurt_code": self.buurt_code, "naam": self.naam, "wijk_code": self.wijk_code, **self.figures.to_json()}


@dataclass(frozen=True)
class Doel(_Flat):
    """A goal held against the projects by its peiljaar (dwellings: their blocks by their own year): gerealiseerd, hard
    (+ gerealiseerd), gepland (+ hard), verwacht (gerealiseerd + the planned ones × realisatiekans)."""
    fid: int
    niveau: str
    wijk_code: Optional[str]
    wijk_naam: Optional[str]
    opgave_code: Optional[str]
    indicator: str
    soort: str
    eenheid: str
    streefwaarde: float
    peiljaar: Optional[int]
    bron: Optional[str]
    omschrijving: Optional[str]
    gerealiseerd: Optional[float]
    hard: Optional[float]
    gepland: Optional[float]
    gap: Optional[float]
    dekking: Optional[float]
    gehaald: Optional[bool]
    verwacht: Optional[float] = None


@dataclass(frozen=True)
class PerJaar(_Flat):
    """The projects' blocks of one year (a block's own jaar, else its project's oplever_jaar) against the demand; the
    cumulative netto supply and the plan surplus (on netto) against the norm."""
    jaar: int
    gerealiseerd: float
    hard: float
    zacht: float
    vraag: Optional[int]
    cumulatief_aanbod: float
    cumulatief_vraag: float
    planoverschot: Optional[float]
    norm: float
    boven_norm: Optional[bool]
    # gerealiseerd + hard + zacht is bouw; sloop, netto (= bouw − sloop), verwacht (netto of the gerealiseerd blocks
    # + netto of the planned blocks × realisatiekans) and bouw per segment (every segment of the domain) in this year
    bouw: float = 0
    sloop: float = 0
    netto: float = 0
    verwacht: float = 0
    segmenten: Dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Locatie:
    laag: str
    fid: int
    naam: Optional[str]
    status: Optional[str]
    planstatus: Optional[str]
    soort: Optional[str]
    categorie: str
    start_jaar: Optional[int]
    oplever_jaar: Optional[int]
    programma: Dict[str, float]  # PROGRAMME_FIELDS + BLOCK_SUM_FIELDS → value (the dwellings: sums of the blocks)
    wijk_code: Optional[str]  # None: buiten wijken
    buurt_code: Optional[str]
    gebieden: Tuple[str, ...]
    opgaven: Tuple[str, ...]
    status_planologisch: Optional[str] = None
    realisatiekans: Optional[float] = None  # %: the location's own, else the norm of its status

    @property
    def key(self) -> Tuple[str, int]:
        return (self.laag, self.fid)

    def to_json(self) -> Dict[str, Any]:
        return {"laag": self.laag, "fid": self.fid, "naam": self.naam, "status": self.status, "planstatus": self.planstatus,
                "soort": self.soort, "categorie": self.categorie, "start_jaar": self.start_jaar, "oplever_jaar": self.oplever_jaar,
                **{f: self.programma[f] for f in PROGRAMME_FIELDS + BLOCK_SUM_FIELDS}, "wijk_code": self.wijk_code,
                "buurt_code": self.buurt_code, "gebieden": list(self.gebieden), "opgaven": list(self.opgaven),
                "status_planologisch": self.status_planologisch, "realisatiekans": self.realisatiekans}


@dataclass(frozen=True)
class Selection:
    """A scope of the atlas: the stad, one wijk, one gebied or a set of locations."""
    niveau: str  # stad | wijk | gebied | locaties
    code: Optional[str] = None  # wijk_code or gebied naam
    locaties: Tuple[Tuple[str, int], ...] = ()

    @classmethod
    def stad(cls) -> Selection:
        return cls("stad")

    @classmethod
    def wijk(cls, code: str) -> Selection:
        return cls("wijk", code)

    @classmethod
    def gebied(cls, naam: str) -> Selection:
        return cls("gebied", naam)

    @classmethod
    def of_locations(cls, keys: Iterable[Tuple[str, int]]) -> Selection:
        return cls("locaties", locaties=tuple(keys))


@dataclass(frozen=True)
class Jaarblokken:
    """The projects' blocks as the per-year rows count them, one entry per block with a year (its own jaar, else its
    project's oplever_jaar), category gerealiseerd, hard or zacht."""
    locatie: np.ndarray  # index of the block's location in Rollup.locaties
    jaar: np.ndarray  # int
    categorie: np.ndarray  # YEAR_CATEGORIES
    segment: np.ndarray
    bouw: np.ndarray
    sloop: np.ndarray
    kans: np.ndarray  # realisatiekans of the block's location, 0–1

    @classmethod
    def empty(cls) -> Jaarblokken:
        return cls(*(np.zeros(0, dtype=d) for d in (np.int64, np.int64, object, object, float, float, float)))

    def subset(self, mask: np.ndarray) -> Jaarblokken:
        return Jaarblokken(*(getattr(self, f.name)[mask] for f in dataclasses.fields(self)))


def per_year_rows(blokken: Jaarblokken, vraag: Mapping[int, int], norm: float,
                  span: Optional[Tuple[int, int]] = None) -> List[PerJaar]:
    """Bouw (per category and segment), sloop, netto and verwacht per year against `vraag`, the cumulative netto
    supply, and the plan surplus (cumulative netto / cumulative demand) against `norm`.
    The years run over `span`, or over the years of the demand and the blocks."""
    b = blokken
    if span is None:
        all_years = set(vraag) | set(b.jaar.tolist())
        if not all_years:
            return []
        span = (min(all_years), max(all_years))
    return per_year_from_sums(per_year_sums(b, span), span, vraag, norm)


def per_year_sums(b: Jaarblokken, span: Tuple[int, int],
                  codes: Optional[Tuple[np.ndarray, np.ndarray]] = None) -> Dict[str, np.ndarray]:
    """Per year of `span` (one entry each) the sums of the blocks: bouw per category, sloop, verwacht, bouw per segment
    (each year's blocks added in their order: the sums of a subset holding all blocks of some years are those years'
    sums bit for bit). `codes`: each block's category and segment as its index in YEAR_CATEGORIES and SEGMENTS
    (compared faster than the names)."""
    if codes is None:
        cat_is = {c: b.categorie == c for c in YEAR_CATEGORIES}
        seg_is = {sg: b.segment == sg for sg in SEGMENTS}
    else:
        cat_is = {c: codes[0] == i for i, c in enumerate(YEAR_CATEGORIES)}
        seg_is = {sg: codes[1] == i for i, sg in enumerate(SEGMENTS)}
    y0, y1 = span
    inside = (b.jaar >= y0) & (b.jaar <= y1)
    n = y1 - y0 + 1

    def per_year(weights: np.ndarray, mask: Optional[np.ndarray] = None) -> np.ndarray:
        m = inside if mask is None else inside & mask
        return np.bincount(b.jaar[m] - y0, weights=weights[m], minlength=n) if m.any() else np.zeros(n)

    out = {c: per_year(b.bouw, cat_is[c]) for c in YEAR_CATEGORIES}
    out["sloop"] = per_year(b.sloop)
    weight = np.where(cat_is["gerealiseerd"], 1.0, b.kans)
    out["verwacht"] = per_year((b.bouw - b.sloop) * weight)
    out.update({f"segment_{sg}": per_year(b.bouw, seg_is[sg]) for sg in SEGMENTS})
    return out


def per_year_from_sums(sums: Dict[str, np.ndarray], span: Tuple[int, int], vraag: Mapping[int, int], norm: float) -> List[PerJaar]:
    """The rows of `per_year_rows` from the sums of `per_year_sums`."""
    y0, y1 = span
    out = []
    cum_aanbod = cum_vraag = 0.0
    for i, y in enumerate(range(y0, y1 + 1)):
        g, h, z = (float(sums[c][i]) for c in YEAR_CATEGORIES)
        bouw = g + h + z
        sloop = float(sums["sloop"][i])
        netto = bouw - sloop
        v = vraag.get(y)
        cum_aanbod += netto
        cum_vraag += v or 0
        ratio = cum_aanbod / cum_vraag if cum_vraag else None
        out.append(PerJaar(jaar=y, gerealiseerd=json_number(g), hard=json_number(h), zacht=json_number(z), vraag=v,
                           cumulatief_aanbod=json_number(cum_aanbod), cumulatief_vraag=json_number(cum_vraag),
                           planoverschot=json_number(ratio), norm=norm, boven_norm=None if ratio is None else bool(ratio >= norm),
                           bouw=json_number(bouw), sloop=json_number(sloop), netto=json_number(netto),
                           verwacht=json_number(float(sums["verwacht"][i])),
                           segmenten={sg: json_number(float(sums[f"segment_{sg}"][i])) for sg in SEGMENTS}))
    return out


@dataclass(frozen=True)
class Rollup:
    """The roll-up of a store (DESIGN.md §4–5). `to_json()` gives the JSON of `rollup --format json`."""
    schema_versie: int
    peildatum: Optional[str]
    norm: float
    stad: Stad
    wijken: List[Wijk]
    gebieden: List[Gebied]
    buurten: List[Buurt]
    doelen: List[Doel]
    per_jaar: List[PerJaar]
    locaties: List[Locatie]
    # one row of figures per location (aligned with `locaties`): sums over any set of locations
    matrix: np.ndarray = field(repr=False, compare=False)
    jaren: Jaarblokken = field(default_factory=Jaarblokken.empty, repr=False, compare=False)  # per_year of any scope

    def to_json(self) -> Dict[str, Any]:
        out = {"schema_versie": self.schema_versie, "peildatum": self.peildatum, "stad": self.stad.to_json(),
               "wijken": [w.to_json() for w in self.wijken], "gebieden": [g.to_json() for g in self.gebieden],
               "doelen": [d.to_json() for d in self.doelen], "per_jaar": [p.to_json() for p in self.per_jaar],
               "locaties": [x.to_json() for x in self.locaties]}
        if self.buurten:
            out["buurten"] = [b.to_json() for b in self.buurten]
        return out

    # --- lookups -------------------------------------------------------------------------------
    def wijk(self, code: Optional[str]) -> Optional[Wijk]:
        return next((w for w in self.wijken if w.wijk_code == code), None)

    def gebied(self, naam: Optional[str]) -> Optional[Gebied]:
        return next((g for g in self.gebieden if g.naam == naam), None)

    def locaties_in(self, wijk_code: Optional[str]) -> List[Locatie]:
        """The locations of one wijk (None: buiten wijken)."""
        return [x for x in self.locaties if x.wijk_code == wijk_code]

    # --- a scope -------------------------------------------------------------------------------
    def figures_for(self, selection: Selection) -> Figures:
        """The figures of a scope (a Figures); an unknown wijk or gebied, or no location, gives zeros."""
        if selection.niveau == "stad":
            return self.stad.figures
        if selection.niveau == "wijk":
            w = self.wijk(selection.code)
            return w.figures if w is not None else Figures.zero()
        if selection.niveau == "gebied":
            g = self.gebied(selection.code)
            return g.figures if g is not None else Figures.zero()
        if selection.niveau == "locaties":
            chosen = set(selection.locaties)
            rows = [i for i, x in enumerate(self.locaties) if x.key in chosen]
            return Figures.from_row(self.matrix[rows].sum(axis=0) if rows else np.zeros(len(FIGURES)))
        raise ValueError(f"onbekende selectie {selection.niveau!r}")

    def profiel_for(self, selection: Selection) -> Optional[Profiel]:
        """The base-layer profile of the stad or a wijk (None for other scopes)."""
        if selection.niveau == "stad":
            return self.stad.profiel
        w = self.wijk(selection.code) if selection.niveau == "wijk" else None
        return w.profiel if w is not None else None

    def doelen_for(self, selection: Selection) -> List[Doel]:
        """The goals of the stad or of one wijk (other scopes have none)."""
        if selection.niveau == "stad":
            return [d for d in self.doelen if d.niveau == "stad"]
        if selection.niveau == "wijk":
            return [d for d in self.doelen if d.niveau == "wijk" and d.wijk_code == selection.code]
        return []

    def per_year(self, wijk: Optional[str] = None) -> List[PerJaar]:
        """Per year for the stad (with the demand), or for one wijk over the stad's years (demand is known for the stad
        only; BUITEN: the locations in no wijk)."""
        if wijk is None:
            return self.per_jaar
        if not self.per_jaar:
            return []
        code = None if wijk == BUITEN else wijk
        mine = np.fromiter((x.wijk_code == code for x in self.locaties), dtype=bool, count=len(self.locaties))
        jaren = self.jaren.subset(mine[self.jaren.locatie]) if len(mine) else self.jaren
        return per_year_rows(jaren, {}, self.norm, (self.per_jaar[0].jaar, self.per_jaar[-1].jaar))


__all__ = ["BOUWJAARKLASSEN", "BUITEN", "CATEGORIES", "FIGURES", "LABELGROEPEN", "LEEFBAAROMETER", "LOCATION_FIELDS", "ONBEKEND",
           "PROFIEL_WONINGTYPEN", "SEGMENTS", "Buurt", "Doel", "Figures", "Gebied", "Jaarblokken", "Locatie", "PerJaar", "Profiel",
           "Rollup", "Selection", "Stad", "WONINGTYPE_FIGURES", "Wijk", "block_values", "bouwjaarklasse", "figure_base",
           "figure_names", "json_number", "json_numbers", "per_year_rows"]
