"""Scenarios (DESIGN.md §11): a named set of changes on top of the current plans, never written to them.

A change (`Wijziging`) is one of SOORTEN; it either selects locations by a filter (vervallen, realisatiekans, uitstel)
or names one location (locatie, potloodplan). As people write it (command line, Processing, the dock's line):
    vervallen status_planologisch=4B
    realisatiekans 40 status_planologisch=3,4A
    uitstel 2 [wijk=WK014110] [projectfase=1_initiatief]
    locatie projecten:12 oplever_jaar=2032 sociale_huur=30 koop=0
    potloodplan 7 oplever_jaar=2029 status_planologisch=3
Pure: no store, no QGIS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Tuple

from ..store.base import StoreError
from .schema import DOMAINS, LOCATION_LAYERS, YEAR_RANGE

SOORTEN: Dict[str, str] = dict(DOMAINS["soort_wijziging"])
FILTER_KEYS: Tuple[str, ...] = ("laag", "status_planologisch", "projectfase", "plantype", "wijk")
FILTER_LABELS = {"laag": "laag", "status_planologisch": "planologische status", "projectfase": "projectfase",
                 "plantype": "plantype", "wijk": "wijk"}
FILTER_DOMAINS = {"laag": "laag_locatie", "status_planologisch": "status_planologisch", "projectfase": "projectfase",
                  "plantype": "plantype"}
SEGMENT_KEYS: Tuple[str, ...] = tuple(DOMAINS["segment"])  # sociale_huur … onbekend: dwellings of a segment (bouw)
YEAR_KEYS = ("start_jaar", "oplever_jaar")
# per soort: the parameter its first value stands for, and the parameters it takes (besides a filter)
POSITIONAL = {"realisatiekans": "kans", "uitstel": "jaren", "locatie": "locatie", "potloodplan": "locatie"}
PARAMETERS: Dict[str, Tuple[str, ...]] = {
    "vervallen": (),
    "realisatiekans": ("kans",),
    "uitstel": ("jaren",),
    "locatie": ("jaren", "status_planologisch", "kans", *YEAR_KEYS, *SEGMENT_KEYS),
    "potloodplan": ("status_planologisch", "planstatus", "kans", *YEAR_KEYS),
}
TARGETED = ("locatie", "potloodplan")
PARAMETER_LABELS = {"jaren": "jaren later:", "kans": "realisatiekans", "status_planologisch": "planologische status",
                    "planstatus": "planstatus", "start_jaar": "startjaar", "oplever_jaar": "opleverjaar",
                    **{s: f"woningen {label.lower()}:" for s, label in DOMAINS["segment"].items()}}
MAX_UITSTEL = 30
VOORBEELD = "bijv. 'vervallen status_planologisch=4B' of 'uitstel 2 wijk=WK014110'"


@dataclass(frozen=True)
class Wijziging:
    soort: str
    filter: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    laag: Optional[str] = None
    locatie_fid: Optional[int] = None
    parameters: Dict[str, Any] = field(default_factory=dict)
    locatie_naam: Optional[str] = None  # the location's naam when the change was made (a stale one is named by it)
    volgorde: int = 0
    fid: Optional[int] = None  # its row in scenario_wijziging

    @property
    def doel(self) -> str:
        """What it applies to, in words: 'projecten 12 (Naam)' or the filter ('planologische status 4B'), or 'alle plannen'."""
        if self.soort in TARGETED:
            naam = f" ({self.locatie_naam})" if self.locatie_naam else ""
            return f"{DOMAINS['laag_locatie'].get(self.laag or '', str(self.laag)).lower()} {self.locatie_fid}{naam}"
        if not self.filter:
            return "alle plannen"
        return ", ".join(f"{FILTER_LABELS[k]} {' / '.join(_label(k, x) for x in v)}" for k, v in self.filter.items())

    @property
    def tekst(self) -> str:
        """One Dutch line: 'Uitstel 2 jaar: wijk WK014110'."""
        p = self.parameters
        head = SOORTEN[self.soort]
        if self.soort == "realisatiekans":
            head += f" {p['kans']} %"
        elif self.soort == "uitstel":
            head += f" {p['jaren']} jaar"
        rest = [f"{PARAMETER_LABELS.get(k, k)} {v}" for k, v in p.items() if self.soort in TARGETED]
        return f"{head}: {self.doel}" + (f" ({', '.join(rest)})" if rest else "")

    @property
    def regel(self) -> str:
        """The change as people write it (parse(w.regel) == w, but for naam and volgorde)."""
        parts = [self.soort]
        first = POSITIONAL.get(self.soort)
        if first == "locatie":
            parts.append(f"{self.laag}:{self.locatie_fid}")
        elif first:
            parts.append(str(self.parameters[first]))
        parts += [f"{k}={','.join(v)}" for k, v in self.filter.items()]
        parts += [f"{k}={v}" for k, v in self.parameters.items() if k != first]
        return " ".join(parts)

    def row(self) -> Dict[str, Any]:
        """Its columns of scenario_wijziging (filter and parameters as JSON)."""
        return {"soort": self.soort, "volgorde": self.volgorde, "laag": self.laag, "locatie_fid": self.locatie_fid,
                "locatie_naam": self.locatie_naam,
                "filter": json.dumps({k: list(v) for k, v in self.filter.items()}, ensure_ascii=False) if self.filter else None,
                "parameters": json.dumps(self.parameters, ensure_ascii=False) if self.parameters else None}


@dataclass(frozen=True)
class Scenario:
    naam: str
    omschrijving: Optional[str] = None
    wijzigingen: Tuple[Wijziging, ...] = ()
    gemaakt: Optional[str] = None
    door: Optional[str] = None
    fid: Optional[int] = None


def _label(key: str, value: str) -> str:
    """A filter's value for people: the projectfase's and plantype's names, codes of status and wijk as they are."""
    if key in ("projectfase", "plantype", "laag"):
        return DOMAINS[FILTER_DOMAINS[key]].get(value, value)
    return value


def _fout(regel: str, wat: str) -> StoreError:
    return StoreError(f"wijziging '{regel}': {wat}; {VOORBEELD}.")


def _whole(regel: str, key: str, text: str, low: int, high: int) -> int:
    try:
        v = int(str(text).strip())
    except ValueError:
        raise _fout(regel, f"{key} moet een geheel getal zijn, niet '{text}'") from None
    if not low <= v <= high:
        raise _fout(regel, f"{key} moet tussen {low} en {high} liggen, niet {v}")
    return v


def _value(regel: str, key: str, text: str) -> Any:
    if key == "kans":
        return _whole(regel, "realisatiekans", text, 0, 100)
    if key == "jaren":
        return _whole(regel, "jaren", text, -MAX_UITSTEL, MAX_UITSTEL)
    if key in YEAR_KEYS:
        return _whole(regel, key, text, *YEAR_RANGE)
    if key in SEGMENT_KEYS:
        return _whole(regel, key, text, 0, 10_000)
    domain = {"status_planologisch": "status_planologisch", "planstatus": "planstatus"}[key]
    if text not in DOMAINS[domain]:
        raise _fout(regel, f"{key} '{text}' bestaat niet (kies uit {', '.join(DOMAINS[domain])})")
    return text


def _target(regel: str, soort: str, text: str) -> Tuple[str, int]:
    laag, _, fid = text.rpartition(":")
    laag = laag or ("potloodplannen" if soort == "potloodplan" else "projecten")
    if laag not in LOCATION_LAYERS or (soort == "potloodplan" and laag != "potloodplannen"):
        raise _fout(regel, f"laag '{laag}' kan hier niet (kies uit {', '.join(LOCATION_LAYERS if soort == 'locatie' else ('potloodplannen',))})")
    return laag, _whole(regel, "locatie", fid, 1, 2**31 - 1)


def parse(regel: str, volgorde: int = 0) -> Wijziging:
    """A change as people write it (see the module's docstring) → Wijziging; a Dutch StoreError naming what is wrong."""
    words = str(regel or "").split()
    if not words:
        raise _fout(regel, "leeg")
    soort = words[0].lower()
    if soort not in SOORTEN:
        raise _fout(regel, f"soort '{words[0]}' bestaat niet (kies uit {', '.join(SOORTEN)})")
    rest = words[1:]
    laag = fid = None
    params: Dict[str, Any] = {}
    first = POSITIONAL.get(soort)
    if first and rest and "=" not in rest[0]:
        if first == "locatie":
            laag, fid = _target(regel, soort, rest[0])
        else:
            params[first] = _value(regel, first, rest[0])
        rest = rest[1:]
    filt: Dict[str, Tuple[str, ...]] = {}
    for w in rest:
        key, eq, text = w.partition("=")
        if not eq or not text:
            raise _fout(regel, f"'{w}' is geen sleutel=waarde")
        if key in PARAMETERS[soort] and key not in params:
            params[key] = _value(regel, key, text)
        elif key in FILTER_KEYS and soort not in TARGETED and key not in filt:
            filt[key] = _filter_values(regel, key, text)
        else:
            allowed = [*(() if soort in TARGETED else FILTER_KEYS), *PARAMETERS[soort]]
            raise _fout(regel, f"'{key}' kan hier niet (of twee keer)" + (f"; kies uit {', '.join(allowed)}" if allowed else ""))
    if first == "locatie" and fid is None:
        raise _fout(regel, f"welke locatie? ({soort} LAAG:FID)")
    if first and first != "locatie" and first not in params:
        raise _fout(regel, f"{first} ontbreekt ({soort} {first.upper()})")
    if soort == "locatie" and not params:
        raise _fout(regel, "zeg wat er verandert (jaren, oplever_jaar, een segment=aantal, …)")
    return Wijziging(soort=soort, filter=filt, laag=laag, locatie_fid=fid, parameters=params, volgorde=volgorde)


def _filter_values(regel: str, key: str, text: str) -> Tuple[str, ...]:
    values = tuple(v for v in (t.strip() for t in text.split(",")) if v)
    domain = FILTER_DOMAINS.get(key)
    bad = [v for v in values if domain and v not in DOMAINS[domain]]
    if bad or not values:
        choices = f" (kies uit {', '.join(DOMAINS[domain])})" if domain else ""
        raise _fout(regel, f"{key} '{','.join(bad) or text}' bestaat niet{choices}")
    return values


def from_row(row: Mapping[str, Any]) -> Wijziging:
    """A stored row of scenario_wijziging → Wijziging (JSON that cannot be read is a StoreError naming the row)."""
    try:
        filt = {k: tuple(v) for k, v in json.loads(row.get("filter") or "{}").items()}
        params = json.loads(row.get("parameters") or "{}")
    except (ValueError, AttributeError, TypeError):
        raise StoreError(f"Laag scenario_wijziging, feature {row.get('fid')}, veld filter/parameters: geen geldige JSON.") from None
    fid = row.get("locatie_fid")
    return Wijziging(soort=str(row["soort"]), filter=filt, laag=row.get("laag"),
                     locatie_fid=None if fid is None else int(fid), parameters=params, locatie_naam=row.get("locatie_naam"),
                     volgorde=int(row.get("volgorde") or 0), fid=None if row.get("fid") is None else int(row["fid"]))


def check_naam(naam: str) -> str:
    """A scenario's name: not empty, one line, at most 80 characters."""
    n = " ".join(str(naam or "").split())
    if not n:
        raise StoreError("Scenario: naam is verplicht.")
    if len(n) > 80:
        raise StoreError(f"Scenario '{n[:40]}…': naam is langer dan 80 tekens.")
    return n


__all__ = ["SOORTEN", "FILTER_KEYS", "Wijziging", "Scenario", "parse", "from_row", "check_naam"]
