"""What a reader of a real source (`bron`, DESIGN.md §8) hands the store, and the record of each run in `bronnen`.

A reader (`core/sources/<soort>.py`, function `lees`) turns one file into a `BronInhoud`: the rows of one layer keyed
on the source's own id, the rows it refused with their reason, and the source's stand (peildatum). It never writes:
`core/sources/bron.py` applies it to a store in one transaction (new, changed, gone) and records the run.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Protocol, Sequence, Tuple

from ..store.base import Store, current_user, now_iso

# the readers by soort (module of core/sources, function `lees`); the order is the order a full set is read in
SOORTEN: Tuple[str, ...] = ("cbs", "bag", "ep-online", "leefbaarometer", "planlijst")
KADASTER_CBS = "Kadaster / CBS (CC BY 4.0)"  # the CBS geography the plugin ships (gemeente, wijken, buurten)
CBS_LAGEN = ("gemeente", "wijken", "buurten", "kerncijfers")  # what one `cbs` run fills
# how a source is named to people (summary lines, legends, the agenda's source line)
NAMEN: Dict[str, str] = {"cbs": KADASTER_CBS, "bag": "BAG", "ep-online": "EP-Online", "leefbaarometer": "Leefbaarometer",
                         "planlijst": "Planlijst gemeente"}
SYNTHETISCH = "synthetisch (voorbeeld)"


@dataclass(frozen=True)
class Optie:
    """One option a reader may take, as every face offers it (CLI flag `--naam`, Processing parameter, dock field).
    soort: 'tekst', 'datum', 'bestand' or 'koppeling' (BRON=VELD pairs → dict)."""

    naam: str
    label: str
    soort: str
    uitleg: str


# every option any reader takes (peildatum: all of them); which soort takes which: OPTIES_VAN
OPTIES: Dict[str, Optie] = {o.naam: o for o in (
    Optie("peildatum", "Stand van de bron", "datum", "stand van de bron (JJJJ-MM-DD), als het bestand die niet noemt"),
    Optie("gemeente", "Gemeentecode", "tekst", "cbs, bag: gemeentecode (standaard die van de store, GM0141)"),
    Optie("corporatiebezit", "Corporatiebezit (CSV)", "bestand", "bag: lijst van de corporatie (vbo-id's of adressen)"),
    Optie("corporatie", "Naam van de corporatie", "tekst", "bag: de corporatie van de lijst bij --corporatiebezit"),
    Optie("geometrie", "Geometrie (bestand)", "bestand", "leefbaarometer, planlijst: de vlakken bij een lijst of CSV zonder"),
    Optie("bronlaag", "Laag in het bestand", "tekst", "leefbaarometer: de laag van het bestand (bij meerdere lagen)"),
    Optie("jaar", "Jaar", "tekst", "leefbaarometer: het jaar van de scores (bij meerdere jaren)"),
    Optie("kolom", "Kolomindeling (BRON=VELD)", "koppeling", "planlijst: kolom van de lijst = veld van de atlas"),
    Optie("blad", "Werkblad", "tekst", "planlijst: het werkblad van de Excel-lijst (standaard het eerste)"),
)}
# the options each soort's reader takes besides peildatum (the one place the faces and the check read)
OPTIES_VAN: Dict[str, Tuple[str, ...]] = {
    "cbs": ("gemeente",),
    "bag": ("gemeente", "corporatiebezit", "corporatie"),
    "ep-online": (),
    "leefbaarometer": ("geometrie", "bronlaag", "jaar"),
    "planlijst": ("kolom", "blad", "geometrie"),
}


@dataclass(frozen=True)
class Weigering:
    """A source row the reader could not use: where (Dutch: "rij 12", "vbo 0141010000012345"), field, reason."""

    waar: str
    veld: str
    reden: str

    def regel(self, laag: str) -> str:
        """One Dutch line naming layer, row and field."""
        return f"Laag {laag}, {self.waar}, veld {self.veld}: {self.reden}"


@dataclass
class BronInhoud:
    """One source file read: the rows of `laag` keyed on `sleutel` (the source's own id, unique per row).

    A row maps field names of the table to values; its geometry, EPSG:28992, as shapely under the key "geom".
    `andere` holds the rows of further tables the same run replaces whole (e.g. `kerncijfers` with `cbs`)."""

    soort: str
    laag: str
    sleutel: str
    rijen: List[Dict[str, Any]] = field(default_factory=list)
    geweigerd: List[Weigering] = field(default_factory=list)
    peildatum: Optional[str] = None  # ISO date: the stand of the source (from the file or its name), if known
    andere: Dict[str, List[Dict[str, Any]]] = field(default_factory=dict)
    meldingen: List[str] = field(default_factory=list)  # Dutch notes for the user (not refusals)


class BronContext(Protocol):
    """What a reader may know of the store it reads for (the framework gives it; tests may give a plain object)."""

    gemeente_code: str  # 'GM0141'
    gemeente: Any  # shapely (Multi)Polygon of the gemeente in the store, EPSG:28992, or None

    def vbo_punten(self) -> Mapping[str, Tuple[float, float]]:
        """vbo_id → (x, y) of the woningvoorraad in the store (for placing labels on BAG points)."""

    def adressen(self) -> Mapping[Tuple[str, int, str, str], str]:
        """(postcode, huisnummer, huisletter, toevoeging) → vbo_id of the woningvoorraad in the store."""


def bronregel(soort: str, peildatum: Optional[str]) -> str:
    """A layer's source line: 'BAG, stand 01-11-2026' (the one place that composes it)."""
    naam = NAMEN.get(soort, soort)
    if not peildatum:
        return f"{naam}, stand onbekend"
    d = str(peildatum)[:10]
    return f"{naam}, stand {d[8:10]}-{d[5:7]}-{d[0:4]}" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) else f"{naam}, stand {peildatum}"


def laatste_bronnen(store: Store, con: Any = None) -> Dict[str, str]:
    """laag → the source line of its newest run in `bronnen` (layers no source filled are absent)."""
    out: Dict[str, str] = {}
    with store._con(con) as c:
        if "bronnen" not in store.table_names(c):
            return out
        for laag, soort, peildatum in c.execute("SELECT laag, soort, peildatum FROM bronnen ORDER BY geimporteerd_op, fid"):
            for filled in (CBS_LAGEN if soort == "cbs" else (laag,)):
                out[filled] = bronregel(soort, peildatum)
    return out


# the base layers a source fills, in the order a source line names them; the sample makes the last three up
BASISLAGEN = (*CBS_LAGEN, "woningvoorraad", "energielabels", "leefbaarheid")


def bronregels(store: Store) -> Dict[str, str]:
    """laag → its source line: the newest run in `bronnen`; else the shipped CBS geography, or SYNTHETISCH for a layer
    the sample made up."""
    lines = {laag: KADASTER_CBS for laag in CBS_LAGEN}
    if "sample_seed" in store.meta():
        lines.update({laag: SYNTHETISCH for laag in BASISLAGEN if laag not in CBS_LAGEN})
    lines.update(laatste_bronnen(store))
    return lines


RUN_FIELDS = ("geimporteerd_op", "soort", "laag", "bestand", "peildatum", "rijen", "geweigerd", "nieuw", "gewijzigd",
              "vervallen", "gebruiker", "sha256", "opties")


def runs(store: Store) -> List[Dict[str, Any]]:
    """Every run recorded in `bronnen`, oldest first (dicts of RUN_FIELDS)."""
    with store.reading() as con:
        if "bronnen" not in store.table_names(con):
            return []
        cur = con.execute(f"SELECT {', '.join(RUN_FIELDS)} FROM bronnen ORDER BY geimporteerd_op, fid")
        return [dict(zip(RUN_FIELDS, r)) for r in cur.fetchall()]


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class Telling:
    """What a run did to its layer."""

    rijen: int = 0
    geweigerd: int = 0
    nieuw: int = 0
    gewijzigd: int = 0
    vervallen: int = 0

    @property
    def niets_gewijzigd(self) -> bool:
        return not (self.nieuw or self.gewijzigd or self.vervallen)


def registreer(store: Store, con: Any, soort: str, laag: str, bestand: Path, sha256: str, peildatum: Optional[str],
               telling: Telling, opties: Optional[Mapping[str, Any]] = None) -> None:
    """Write the run's row in `bronnen` (inside the caller's transaction)."""
    row = dict(soort=soort, laag=laag, bestand=Path(bestand).name, sha256=sha256, peildatum=peildatum,
               geimporteerd_op=now_iso(), gebruiker=current_user(), rijen=telling.rijen, geweigerd=telling.geweigerd,
               nieuw=telling.nieuw, gewijzigd=telling.gewijzigd, vervallen=telling.vervallen,
               opties=json.dumps(dict(opties or {}), sort_keys=True, ensure_ascii=False, default=str))
    store.insert_rows(con, "bronnen", [row])


__all__: Sequence[str] = ("SOORTEN", "NAMEN", "Optie", "OPTIES", "OPTIES_VAN", "SYNTHETISCH", "KADASTER_CBS", "BASISLAGEN", "bronregel",
                          "laatste_bronnen", "bronregels", "runs", "RUN_FIELDS", "Weigering", "BronInhoud", "BronContext",
                          "Telling", "sha256_of", "registreer")
