"""Deterministic synthetic Almelo sample.

The real CBS geography of Almelo (gemeente, 12 wijken, 71 buurten, kerncijfers: the plugin's
resource, core/sources/geografie.py) with synthetic contents: per wijk as many dwellings as CBS
counts (2022), spread over its buurten by their households, with the wijk's koop/huur/eengezins
shares; labels, leefbaarheid cells and plans inside the real wijken and buurten. Projects and
potloodplannen carry the agenda's own names, placed in the buurt the name points to. Everything
else is generated from the seed, so the same seed gives the same store. Schema 5: each location goes in with zero
dwelling sums, then its woningblokken (phased, with corporation demolition where the
agenda names herstructurering); the database keeps the sums. Its history (HISTORIE, #20): the store of 1-1-2021
differs from today's, and dated edits 2022–2026 (one of every kind of mutatie) lead to exactly today's state.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from shapely import affinity
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.ops import transform

from .core.model import blokken, geo
from .core.model.schema import SEGMENT_OF_FIELD, WON_SEGMENTS
from .core.sources import bronnen, geografie
from .core.sources.bronnen import BronInhoud
from .core.store import blobs as gpkg
from .core.store.geopackage import GeoPackageStore, built_aside, create_gpkg_store

SAMPLE_TIME = "2021-01-01T00:00:00.000Z"  # the agenda's woningbouwprogramma is "per 1/1/2021"
SAMPLE_USER = "sample"
CORPORATIE_AANDEEL = 0.34  # of all dwellings, gemeente level
CORPORATIES = (("Beter Wonen", 0.6), ("Sint Joseph", 0.3), ("Mijande Wonen", 0.1))

PRIORITEIT = {
    "WK014115": "prioritair",  # Nieuwstraat-Kwartier
    "WK014116": "prioritair",  # Ossenkoppelerhoek
    "WK014114": "prioritair",  # Wierdense Hoek (Kerkelanden)
    "WK014113": "aandacht",  # Sluitersveld
    "WK014111": "aandacht",  # De Riet
}
# mean building year and spread per wijk (synthetic, plausible for the wijk's history)
BOUWJAAR = {
    "WK014110": (1950, 35), "WK014111": (1962, 15), "WK014112": (1965, 25), "WK014113": (1970, 12),
    "WK014114": (1970, 15), "WK014115": (1930, 15), "WK014116": (1966, 8), "WK014117": (1960, 25),
    "WK014118": (1985, 8), "WK014119": (1995, 10), "WK014120": (1975, 25), "WK014121": (1975, 25),
}
LEEFBAARHEID_BASIS = {"prioritair": 4.0, "aandacht": 5.0, "regulier": 6.3}

WIJK_DOELEN_2030 = {  # synthetic split of the 1,400 dwellings to 2030 over the wijken
    "WK014110": 340, "WK014111": 60, "WK014112": 120, "WK014113": 50, "WK014114": 240, "WK014115": 120,
    "WK014116": 100, "WK014117": 70, "WK014118": 120, "WK014119": 100, "WK014120": 40, "WK014121": 40,
}
MAX_SOCIAAL_PRIORITAIR = 0.25  # synthetic: at most a quarter social rent on new programme in priority wijken


@dataclass
class Loc:
    laag: str
    naam: str
    wijk: str
    opgaven: Tuple[str, ...]
    status: str = ""
    planstatus: str = ""
    soort: str = ""
    gemeente: int = 0
    prioriteit: str = "midden"
    won: Tuple[int, int, int, int] = (0, 0, 0, 0)  # sociale huur, middenhuur, vrije huur, koop
    m2_bedrijf: float = 0.0
    m2_voorzieningen: float = 0.0
    ha_groen: float = 0.0
    ha_zon: float = 0.0
    start: Optional[int] = None
    oplever: Optional[int] = None
    gebied: Optional[str] = None
    sloop: int = 0  # corporation dwellings demolished first (sociale huur), in the start year
    plan: Dict[str, object] = field(default_factory=dict)  # plan fields (schema 5) other than the rule gives


def project(naam, wijk, status, planstatus, start, oplever, opgaven, won=(0, 0, 0, 0), gebied=None, **kw) -> Loc:
    return Loc("projecten", naam, wijk, tuple(opgaven), status=status, planstatus=planstatus, won=won,
               start=start, oplever=oplever, gebied=gebied, **kw)


def potloodplan(naam, wijk, soort, gemeente, prioriteit, opgaven, won=(0, 0, 0, 0), gebied=None, **kw) -> Loc:
    return Loc("potloodplannen", naam, wijk, tuple(opgaven), soort=soort, gemeente=gemeente,
               prioriteit=prioriteit, won=won, gebied=gebied, **kw)


# The agenda's own projects and potential locations (§4.3–4.7), programme synthetic.
LOCATIES: Tuple[Loc, ...] = (
    # Binnenstad
    project("Transformatie voormalig Stadhuis", "WK014110", "uitvoering", "hard", 2023, 2025, ("3.3", "3.4", "3.1"), (0, 30, 40, 0), "Binnenstad", plan={"opdrachtgever_type": "ontwikkelaar"}),
    project("Ontwikkeling Stadskade", "WK014110", "voorbereiding", "hard", 2025, 2028, ("3.3", "3.4", "3.2"), (30, 40, 40, 50), "Binnenstad", m2_voorzieningen=1500, plan={"realisatiekans": 80, "opdrachtgever_type": "meerdere"}),
    project("Visie Grotestraat Noord (Groot Gravenkwartier)", "WK014110", "initiatief", "zacht", 2027, 2030, ("3.3", "3.4"), (0, 30, 0, 25), "Binnenstad", plan={"realisatiekans": 40}),
    project("Appartementen Kop van Zuid", "WK014110", "opgeleverd", "hard", 2020, 2022, ("3.3", "3.4"), (0, 0, 25, 20), "Binnenstad"),
    project("Nieuwe rechtbank Stationsplein", "WK014110", "uitvoering", "hard", 2022, 2025, ("3.1", "3.7"), m2_voorzieningen=9000, plan={"opdrachtgever_type": "anders", "toelichting": "Rijksvastgoedbedrijf (synthetisch)"}),
    project("Nieuwbouw brandweerkazerne Westerdok", "WK014110", "voorbereiding", "hard", 2025, 2027, ("3.7",), gebied="Westerdok", m2_voorzieningen=2400),
    potloodplan("Transformatie Westerdok", "WK014110", "strategische_positie", 1, "hoog", ("3.4", "3.6", "3.2"), (80, 120, 100, 100), "Westerdok", m2_bedrijf=6000, plan={"vertrouwelijkheid": "regio", "realisatiekans": 30, "knelpunten": "Grondpositie; milieucontouren van bedrijven"}),
    potloodplan("Herbestemming oude rechtbank", "WK014110", "leegstaand_vastgoed", 0, "hoog", ("3.4", "3.1", "3.3"), (0, 30, 30, 0)),
    potloodplan("Kantoorgebouw De Waaierd", "WK014110", "leegstaand_vastgoed", 0, "midden", ("3.4", "3.6"), (20, 40, 20, 0)),
    potloodplan("Niemandsland Stationsstraat (tussen kanaal en spoor)", "WK014110", "braakliggend_terrein", 1, "midden", ("3.4", "3.5"), (0, 20, 25, 0), "Spoorzone"),
    # Wierdense Hoek: station west side and Kerkelanden
    project("Herstructurering flats Thorbeckelaan", "WK014114", "uitvoering", "hard", 2023, 2026, ("3.4", "3.7"), (20, 36, 0, 0), "Stationsgebied-west", sloop=32, plan={"knelpunten": "Herhuisvesting van de huurders"}),
    project("Woningbouwplan vrije sector oude ROC-locatie (BPD)", "WK014114", "voorbereiding", "hard", 2025, 2027, ("3.4",), (0, 0, 45, 65), "Stationsgebied-west", plan={"opdrachtgever_type": "ontwikkelaar"}),
    project("Sociale woningen Parallelweg (Beter Wonen)", "WK014114", "uitvoering", "hard", 2024, 2026, ("3.4",), (64, 0, 0, 0), "Stationsgebied-west", plan={"opdrachtgever_type": "corporatie"}),
    project("Uitbreiding ROC", "WK014114", "voorbereiding", "hard", 2025, 2027, ("3.7", "3.1"), gebied="Stationsgebied-west", m2_voorzieningen=6500, plan={"opdrachtgever_type": "anders"}),
    project("Wijkvernieuwing Kerkelanden fase 1", "WK014114", "voorbereiding", "zacht", 2026, 2029, ("3.4", "3.7", "3.2"), (30, 20, 0, 60), "Kerkelanden", sloop=40, plan={"realisatiekans": 60}),
    # Nieuwstraat-Kwartier
    potloodplan("Transformatie Achter de Molen", "WK014115", "strategische_positie", 1, "hoog", ("3.4", "3.6"), (10, 40, 30, 40), "Achter de Molen", m2_bedrijf=3000, plan={"vertrouwelijkheid": "provincie"}),
    project("Nieuwe moskee Bellavistastraat", "WK014115", "uitvoering", "hard", 2024, 2026, ("3.7",), m2_voorzieningen=1800, plan={"opdrachtgever_type": "anders"}),
    project("Herstructurering Wonde e.o.", "WK014115", "voorbereiding", "zacht", 2026, 2029, ("3.4", "3.7"), (0, 30, 0, 45), "Nieuwstraatkwartier", sloop=24),
    project("Woningverbetering Witvoet e.o.", "WK014115", "initiatief", "zacht", 2028, 2031, ("3.4",), (0, 0, 0, 30), "Nieuwstraatkwartier", sloop=10),
    # Ossenkoppelerhoek
    potloodplan("Transformatie George Breitnerstraat", "WK014116", "strategische_positie", 0, "midden", ("3.4", "3.6"), (0, 30, 0, 40), "George Breitnerstraat"),
    project("Herstructurering Ossenkoppelerhoek Midden-Zuid", "WK014116", "initiatief", "zacht", 2027, 2030, ("3.4", "3.7"), (10, 40, 0, 70), "Ossenkoppelerhoek", sloop=48, plan={"realisatiekans": 50, "knelpunten": "Financiering onrendabele top"}),
    project("Nieuwbouw zwembad", "WK014116", "uitvoering", "hard", 2024, 2026, ("3.7",), m2_voorzieningen=5200),
    # De Riet
    potloodplan("Transformatie Jacques Perkstraat", "WK014111", "strategische_positie", 0, "laag", ("3.4",), (0, 15, 0, 25), "Jacques Perkstraat"),
    potloodplan("Transformatie Boomshoeksdwarsweg", "WK014111", "strategische_positie", 0, "laag", ("3.4",), (0, 15, 0, 20), "Boomshoeksdwarsweg"),
    project("Herstructurering Nieuwland", "WK014111", "voorbereiding", "zacht", 2026, 2028, ("3.4", "3.7"), (30, 0, 0, 40), sloop=30),
    # Noorderkwartier: Noordflank
    project("Woningbouw naast Het Meulenbelt", "WK014112", "initiatief", "zacht", 2027, 2030, ("3.4", "3.2"), (0, 15, 25, 95), "Noordflank", plan={"realisatiekans": 40, "knelpunten": "Stikstof; netcongestie"}),
    project("Zonneveld Aadijk #1", "WK014112", "opgeleverd", "hard", 2019, 2020, ("3.2",), gebied="Noordflank", ha_zon=37.0),
    project("Zonneveld Aadijk #2", "WK014112", "voorbereiding", "zacht", 2026, 2027, ("3.2",), gebied="Noordflank", ha_zon=36.0),
    project("Nieuwbouw asielzoekerscentrum", "WK014112", "voorbereiding", "hard", 2025, 2027, ("3.7",), gebied="Noordflank", m2_voorzieningen=7000),
    potloodplan("Herbestemming huize Alexandra en basisschool De Zegge", "WK014112", "leegstaand_vastgoed", 0, "midden", ("3.4", "3.7"), (15, 15, 0, 15), "Noordflank"),
    project("Uitgifte bedrijvenpark Twente-Noord (10 ha)", "WK014112", "uitvoering", "hard", 2021, 2028, ("3.6",), m2_bedrijf=100000),
    project("Kleinschalige kantoorruimte Indiëterrein", "WK014112", "initiatief", "zacht", 2026, 2028, ("3.6",), m2_bedrijf=4000, plan={"status_planologisch": "onbekend"}),
    # Windmolenbroek
    project("Zonneveld Leemslagen", "WK014119", "initiatief", "zacht", 2027, 2028, ("3.2",), ha_zon=17.0),
    potloodplan("Businesspark XL 2e fase", "WK014119", "strategische_positie", 1, "hoog", ("3.6", "3.5"), gebied="Businesspark XL 2e fase", m2_bedrijf=350000, plan={"vertrouwelijkheid": "provincie"}),
    project("Inbreiding Groeneveld", "WK014119", "opgeleverd", "hard", 2021, 2023, ("3.4",), (0, 0, 0, 48)),
    project("Woningbouw Maardijk", "WK014119", "voorbereiding", "hard", 2025, 2027, ("3.4",), (0, 20, 0, 70)),
    # Schelfhorst
    project("Veenelanden-Oost", "WK014118", "uitvoering", "hard", 2023, 2026, ("3.4",), (0, 20, 0, 110)),
    project("Levensloopbestendige woningen Havezathe", "WK014118", "voorbereiding", "hard", 2025, 2027, ("3.4", "3.7"), (20, 40, 0, 0)),
    # Sluitersveld
    project("Herstructurering Rumerslanden", "WK014113", "voorbereiding", "zacht", 2026, 2029, ("3.4", "3.7"), (25, 0, 0, 45), sloop=24),
    project("Vernieuwing Wester Sluitersveldlanden", "WK014113", "initiatief", "zacht", 2028, 2032, ("3.4",), (0, 20, 0, 40), sloop=20),
    # Hofkamp
    project("Woningbouw Kollenveld", "WK014117", "voorbereiding", "hard", 2025, 2028, ("3.4",), (0, 0, 15, 75)),
    project("Groen en water Paradijs", "WK014117", "uitvoering", "hard", 2024, 2025, ("3.2",), ha_groen=6.0),
    # Aadorp and Bornerbroek
    project("Uitbreiding Aadorp-West", "WK014120", "voorbereiding", "hard", 2025, 2028, ("3.4",), (0, 0, 0, 55)),
    project("Uitbreiding Bornerbroek-Zuid", "WK014121", "initiatief", "zacht", 2027, 2029, ("3.4",), (0, 10, 0, 40)),
)

# gebieden of the agenda (§4, §4.3): name, soort, prioriteit, wijk, offset from the wijk point (m), radius (m)
GEBIEDEN = (
    ("Spoorzone", "gebiedsontwikkeling", "hoog"),
    ("Stationsgebied-west", "gebiedsontwikkeling", "hoog"),
    ("Binnenstad", "gebiedsontwikkeling", "hoog"),
    ("Westerdok", "transformatie", "hoog"),
    ("Achter de Molen", "transformatie", "hoog"),
    ("George Breitnerstraat", "transformatie", "midden"),
    ("Jacques Perkstraat", "transformatie", "laag"),
    ("Boomshoeksdwarsweg", "transformatie", "laag"),
    ("Noordflank", "gebiedsontwikkeling", "midden"),
    ("Businesspark XL 2e fase", "werklocatie", "hoog"),
    ("Nieuwstraatkwartier", "wijkaanpak", "hoog"),
    ("Ossenkoppelerhoek", "wijkaanpak", "hoog"),
    ("Kerkelanden", "wijkaanpak", "hoog"),
)

BEDRIJVENTERREINEN = (  # (naam, the CBS buurt it is or the wijk it lies in, ha (in a wijk), uitgeefbaar ha)
    ("Twentepoort", "BU01411908", 60, 0), ("XL Businesspark Twente", "BU01411910", 110, 13),
    ("Bedrijvenpark Twente-Noord", "BU01411205", 45, 10), ("Dollegoor / Turfkade", "BU01411204", 30, 0),
    ("Indiëterrein", "WK014112", 20, 0), ("Bornsestraat", "BU01411105", 40, 0),
    ("Westerdok", "WK014110", 12, 0), ("Achter de Molen", "WK014115", 4, 0),
    ("Wendelgoor", "WK014117", 25, 0), ("Violierstraat", "WK014111", 6, 0), ("Havens Zuid", "WK014119", 18, 0),
)


# --- the real geography -------------------------------------------------------------------------

@dataclass
class Geografie:
    """The CBS geography the sample fills: polygons by code, the buurten of each wijk with their households, and the
    wijk figures the sample's dwellings follow (CBS 2022: woningvoorraad, % koop, % eengezins)."""

    gemeente: Polygon
    wijken: Dict[str, MultiPolygon]
    buurten: Dict[str, MultiPolygon]
    buurten_van: Dict[str, List[str]]
    huishoudens: Dict[str, float]
    feiten: List[Dict[str, object]]

    @classmethod
    def of(cls, inhoud: BronInhoud) -> "Geografie":
        kern = {(r["gebied_code"], r["jaar"], r["variabele"]): r["waarde"] for r in inhoud.andere["kerncijfers"]}
        buurten = {r["buurt_code"]: r["geom"] for r in inhoud.andere["buurten"]}
        van: Dict[str, List[str]] = {}
        for r in inhoud.andere["buurten"]:
            van.setdefault(r["wijk_code"], []).append(r["buurt_code"])
        feiten = [{"wijk_code": r["wijk_code"], "naam": r["naam"],
                   **{k: kern[(r["wijk_code"], WIJK_JAAR, v)] for k, v in WIJK_FEITEN.items()}} for r in inhoud.rijen]
        return cls(inhoud.andere["gemeente"][0]["geom"], {r["wijk_code"]: r["geom"] for r in inhoud.rijen}, buurten, van,
                   {b: kern.get((b, BUURT_JAAR, "aantal_huishoudens")) or 0.0 for b in buurten}, feiten)

    def zone(self, code: str, inset: float = 20.0):
        """A wijk or buurt by its code, a little inside its border (the whole area where that leaves nothing)."""
        g = (self.buurten if code.startswith("BU") else self.wijken)[code]
        inner = g.buffer(-inset)
        return inner if inner.area > 0.2 * g.area else g


WIJK_JAAR, BUURT_JAAR = 2022, 2021  # the years of the CBS figures the sample follows (wijken 2022, buurten 2021)
WIJK_FEITEN = {"woningvoorraad": "woningvoorraad", "pct_koopwoningen": "percentage_koopwoningen",
               "pct_eengezinswoning": "percentage_eengezinswoning"}


# --- geometry helpers ---------------------------------------------------------------------------

def _as_multi(g) -> MultiPolygon:
    if isinstance(g, MultiPolygon):
        return g
    if isinstance(g, Polygon):
        return MultiPolygon([g])
    polys = [p for p in getattr(g, "geoms", []) if isinstance(p, Polygon)]
    return MultiPolygon(polys)


def _blob(g) -> bytes:
    # to the millimetre: the last bits of float arithmetic differ between processors, the stored sample must not
    r = transform(lambda x, y, z=None: (np.round(x, 3), np.round(y, 3)), g)
    if not r.is_valid:
        r = r.buffer(0)
        g = _as_multi(r) if isinstance(g, MultiPolygon) else r
    else:
        g = r
    return gpkg.from_wkb(geo.to_wkb(g), g.bounds)


def _rect(cx: float, cy: float, area_m2: float, angle: float, aspect: float = 1.5) -> Polygon:
    w = math.sqrt(area_m2 * aspect)
    h = area_m2 / w
    r = box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    return affinity.rotate(r, angle, origin=(cx, cy))


def _point_in(poly, rng: np.random.Generator, near: Optional[Tuple[float, float]] = None, sigma: float = 0.0) -> Tuple[float, float]:
    minx, miny, maxx, maxy = poly.bounds
    for _ in range(2000):
        if near is not None:
            x, y = rng.normal(near[0], sigma), rng.normal(near[1], sigma)
        else:
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if poly.contains(Point(x, y)):
            return x, y
    p = poly.representative_point()
    return p.x, p.y


# --- the sample ----------------------------------------------------------------------------------

def _scaled_counts(counts: Sequence[int], total: int) -> List[int]:
    raw = np.array(counts, dtype=float) * total / float(sum(counts))
    out = np.floor(raw).astype(int)
    rest = total - out.sum()
    for i in np.argsort(-(raw - out))[:rest]:
        out[i] += 1
    return out.tolist()


def _location_area(loc: Loc) -> float:
    won = sum(loc.won)
    area = won / 60.0 * 1e4 + loc.m2_bedrijf / 0.6 + loc.m2_voorzieningen / 0.8 + (loc.ha_groen + loc.ha_zon) * 1e4
    return max(area, 2500.0)


def build_sample(path: os.PathLike | str, seed: int = 141, woningen: Optional[int] = None,
                 locaties: Optional[int] = None, overwrite: bool = False) -> Dict[str, int]:
    """Create the sample store at `path` (an existing file only with overwrite), whole or not at all; returns the row
    count per layer."""
    with built_aside(path, overwrite, "steekproef") as work:
        return _build(work, seed, woningen, locaties)


def _build(path: Path, seed: int, woningen: Optional[int], locaties: Optional[int]) -> Dict[str, int]:
    rng = np.random.default_rng(seed)
    inhoud = geografie.almelo()
    stad = Geografie.of(inhoud)
    feiten = stad.feiten
    codes = [f["wijk_code"] for f in feiten]
    wijk_geom = stad.wijken
    cells = [wijk_geom[c] for c in codes]
    wijk_prio = {c: PRIORITEIT.get(c, "regulier") for c in codes}

    store = create_gpkg_store(path, overwrite=True)
    counts: Dict[str, int] = {}
    with store.transaction() as con:
        counts.update(geografie.vul(store, con, inhoud, wijk_prio))

        # dwellings
        n_target = [int(f["woningvoorraad"]) for f in feiten]
        n_per = n_target if woningen is None else _scaled_counts(n_target, int(woningen))
        dw = _dwellings(rng, feiten, n_per, stad)
        dw["vbo_id"] = np.array([vbo_id(i) for i in range(len(dw["x"]))], dtype=object)
        blobs = gpkg.point_blobs(dw["x"], dw["y"])
        store.insert_many(con, "woningvoorraad", ["woningtype", "eigendom", "corporatie", "bouwjaar", "wijk_code", "buurt_code",
                                                  "vbo_id", "geom"],
                          zip(dw["woningtype"], dw["eigendom"], dw["corporatie"], dw["bouwjaar"].tolist(), dw["wijk_code"],
                              dw["buurt_code"], dw["vbo_id"], blobs))
        counts["woningvoorraad"] = len(blobs)

        from .core.sources.importer import update_wijk_counts

        update_wijk_counts(store, con)

        # energy labels for most addresses
        lab = _labels(rng, dw)
        store.insert_many(con, "energielabels", ["label", "registratiedatum", "opnamedatum", "wijk_code", "buurt_code", "vbo_id",
                                                 "geom"],
                          zip(lab["label"], lab["datum"], lab["datum"], lab["wijk_code"], lab["buurt_code"], lab["vbo_id"],
                              gpkg.point_blobs(lab["x"], lab["y"])))
        counts["energielabels"] = len(lab["label"])

        # leefbaarheid: 100 m cells with dwellings
        cellrows = _leefbaarheid(rng, dw, wijk_prio, codes, cells, stad)
        cellrows = _met_dimensies(np.random.default_rng([seed, 6]), cellrows)  # its own stream: the rest stays as it was
        store.insert_many(con, "leefbaarheid", ["score", "jaar", "wijk_code", "buurt_code", "geom", "soort_gebied", "gebied_id",
                                                "afw", "fys", "onv", "soc", "vrz", "won"], cellrows)
        counts["leefbaarheid"] = len(cellrows)

        # gebieden
        gebieden = _gebieden(stad)
        store.insert_many(con, "gebieden", ["naam", "soort", "prioriteit", "geom"],
                          [[n, s, p, _blob(_as_multi(gebieden[n]))] for n, s, p in GEBIEDEN])
        counts["gebieden"] = len(GEBIEDEN)

        # locations
        locs = list(LOCATIES)
        if locaties is not None and locaties > len(locs):
            locs += _extra_locations(rng, locaties - len(locs), codes, feiten)
        placed = _place_locations(rng, locs, stad, gebieden)
        counts.update(_insert_locations(store, con, locs, placed, codes, cells, seed))

        # goals at wijk level (synthetic)
        naam = {f["wijk_code"]: f["naam"] for f in feiten}
        doel_rows = []
        for code, n in WIJK_DOELEN_2030.items():
            doel_rows.append(["wijk", code, "3.4", "won_netto", "minimum", "aantal", n, 2030,
                              "sample (synthetisch): verdeling van de 1.400 woningen tot 2030 over de wijken",
                              f"{naam[code]}: woningen erbij tot 2030"])
        for code, prio in wijk_prio.items():
            if prio == "prioritair":
                doel_rows.append(["wijk", code, "3.4", "won_sociale_huur", "maximum", "aandeel", MAX_SOCIAAL_PRIORITAIR, 2030,
                                  "sample (synthetisch), naar §3.4/§4.1: wijken in balans",
                                  f"{naam[code]}: ten hoogste een kwart sociale huur in het nieuwe programma"])
        store.insert_many(con, "doelen", ["niveau", "wijk_code", "opgave_code", "indicator", "soort", "eenheid",
                                          "streefwaarde", "peiljaar", "bron", "omschrijving"], doel_rows)

        # other base layers
        counts.update(_base_layers(store, con, rng, stad, placed, locs))
        counts["scenario_wijziging"] = _scenarios(store, con)
        gedateerd = _historie(store, con, stad, seed) if locaties is None else []

        store.finish_write(con)
        # sample history is dated at the agenda's reference date, so the sample is reproducible; then the dated edits
        con.execute("UPDATE wijzigingen SET tijd = ?", (SAMPLE_TIME,))
        for moment, ids in gedateerd:
            con.executemany("UPDATE wijzigingen SET tijd = ? WHERE wijziging_id = ?", [(moment, i) for i in ids])
        con.execute("UPDATE gpkg_contents SET last_change = ?", (SAMPLE_TIME,))
        con.execute("UPDATE atlas_meta SET waarde = ? WHERE sleutel = 'aangemaakt_op'", (SAMPLE_TIME,))
        con.execute("INSERT INTO atlas_meta (sleutel, waarde) VALUES ('sample_seed', ?)", (str(seed),))
        con.execute("UPDATE bronnen SET geimporteerd_op = ?, gebruiker = ?", (SAMPLE_TIME, SAMPLE_USER))
        con.execute("INSERT INTO atlas_meta (sleutel, waarde) VALUES ('bron', ?)", (
            f"Synthetische steekproef op de echte geografie; gemeente, wijken, buurten en kerncijfers: {bronnen.KADASTER_CBS}",))
    with store.reading() as con:
        for t in ("locatie_opgaven", "doelen", "woningvraag", "opgaven", "wijzigingen"):
            counts[t] = con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
    from .core.figures.rollup import RollupEngine

    RollupEngine(store).compute()  # keeps the wijk profile (schema 9): a roll-up of the sample reads it, writes nothing
    _vacuum(store.path)
    return counts


# two scenarios (#20, DESIGN.md §11) on top of the sample's plans: (naam, omschrijving, changes as people write them)
SCENARIOS = (
    ("Zonder ideeën (4B)", "Plannen in de ideefase (planologische status 4B) gaan niet door.",
     ("vervallen status_planologisch=4B",)),
    ("Netcongestie: twee jaar later", "Plannen in initiatief-, project- of vergunningsfase schuiven twee jaar op, zachte plannen"
     " halen de helft; Transformatie Achter de Molen wordt een plan met oplevering in 2029.",
     ("uitstel 2 projectfase=1_initiatief,2_project,3_vergunning", "realisatiekans 50 status_planologisch=3,4A,4B",
      "potloodplan 5 oplever_jaar=2029 status_planologisch=4A")),
)


def _scenarios(store, con) -> int:
    from .core.model.scenario import parse

    rows = []
    for sid, (naam, omschrijving, regels) in enumerate(SCENARIOS, start=1):
        store.insert_many(con, "scenario", ["fid", "naam", "omschrijving", "gemaakt", "door"],
                          [[sid, naam, omschrijving, SAMPLE_TIME, SAMPLE_USER]])
        for i, regel in enumerate(regels, start=1):
            w = parse(regel).row()
            if w["laag"]:
                w["locatie_naam"] = con.execute(f'SELECT naam FROM "{w["laag"]}" WHERE fid = ?', (w["locatie_fid"],)).fetchone()[0]
            rows.append({**w, "scenario": sid, "volgorde": i})
    cols = list(rows[0])
    store.insert_many(con, "scenario_wijziging", cols, [[r[c] for c in cols] for r in rows])
    return len(rows)


# The sample's past (#20): the store of 1-1-2021 differs from today's, and these dated edits (2022–2026) lead to exactly
# today's state. (moment UTC, soort, laag, naam, reden): the reason is for the guide; the history keeps who and when.
HISTORIE = (
    ("2022-06-01T10:00:00.000Z", "gerealiseerd", "projecten", "Appartementen Kop van Zuid", "Opgeleverd"),
    ("2022-09-15T10:00:00.000Z", "status", "projecten", "Woningbouw Kollenveld", "Bestemmingsplan vastgesteld: zacht → hard"),
    ("2023-03-01T10:00:00.000Z", "gewijzigd", "projecten", "Woningbouw Maardijk", "20 koopwoningen meer in de tweede fase"),
    ("2023-06-20T10:00:00.000Z", "vervallen", "projecten", "Woningbouw Sportpark Windmolenbroek",
     "Gaat niet door: de sportvereniging blijft op het terrein"),
    ("2023-09-01T10:00:00.000Z", "gerealiseerd", "projecten", "Inbreiding Groeneveld", "Opgeleverd"),
    ("2024-01-15T10:00:00.000Z", "nieuw", "projecten", "Uitbreiding Bornerbroek-Zuid", "Nieuw initiatief voor de dorpsuitbreiding"),
    ("2024-04-01T10:00:00.000Z", "verplaatst", "potloodplannen", "Transformatie Boomshoeksdwarsweg",
     "Omtrek gecorrigeerd: de locatie ligt in De Riet, niet in Hofkamp"),
    ("2025-02-01T10:00:00.000Z", "gewijzigd", "projecten", "Woningbouw naast Het Meulenbelt",
     "Realisatiekans van 60 naar 40 % (stikstof, netcongestie)"),
    ("2025-09-01T10:00:00.000Z", "nieuw", "potloodplannen", "Kantoorgebouw De Waaierd", "Leegstaand kantoor als kans voor wonen"),
    ("2026-03-02T10:00:00.000Z", "gewijzigd", "projecten", "Herstructurering Nieuwland", "10 corporatiewoningen meer gesloopt"),
)
HISTORIE_EIND = HISTORIE[-1][0][:10]  # the day of the last edit: a peildatum from then on sees today's sample
VERVALLEN = project("Woningbouw Sportpark Windmolenbroek", "WK014119", "initiatief", "zacht", 2024, 2026, ("3.4",), (0, 10, 0, 30))


def _historie(store: GeoPackageStore, con, stad: Geografie, seed: int) -> List[Tuple[str, List[int]]]:
    """The sample's past (HISTORIE): each location set to how it stood at 1-1-2021 (history rows dated SAMPLE_TIME by the
    caller), then each edit of HISTORIE made in date order; returns (moment, the history rows it wrote) for the caller to
    date. A nieuw location was not there at 1-1-2021: its own rows (and those of its tags and blocks) get its moment.
    Today's rows stay exactly as built (same fids and values): every edit puts back what the build wrote."""
    def fid(laag: str, naam: str) -> int:
        return int(con.execute(f"SELECT fid FROM {laag} WHERE naam = ?", (naam,)).fetchone()[0])

    def top() -> int:
        return int(con.execute("SELECT coalesce(max(wijziging_id), 0) FROM wijzigingen").fetchone()[0])

    def setter(table: str, key: int, values: Dict[str, object]):
        sets = ", ".join(f"{c} = ?" for c in values)
        now = dict(zip(values, con.execute(f"SELECT {', '.join(values)} FROM {table} WHERE fid = ?", (key,)).fetchone()))
        con.execute(f"UPDATE {table} SET {sets} WHERE fid = ?", (*values.values(), key))  # as at 1-1-2021
        return lambda: con.execute(f"UPDATE {table} SET {sets} WHERE fid = ?", (*now.values(), key))

    def block(laag: str, loc: int, soort: str, segment: str, jaar: int) -> int:
        return int(con.execute("SELECT fid FROM woningblokken WHERE laag = ? AND locatie_fid = ? AND soort = ? AND segment = ?"
                               " AND jaar = ?", (laag, loc, soort, segment, jaar)).fetchone()[0])

    def rows_of(laag: str, loc: int) -> List[int]:
        return [int(r[0]) for r in con.execute(
            "SELECT wijziging_id FROM wijzigingen WHERE (laag = ? AND fid = ?) OR (laag IN ('locatie_opgaven', 'woningblokken')"
            " AND json_extract(coalesce(nieuw, oud), '$.laag') = ? AND json_extract(coalesce(nieuw, oud), '$.locatie_fid') = ?)",
            (laag, loc, laag, loc))]

    def opgeleverd(naam: str):  # at 1-1-2021 in uitvoering, its blocks not yet realised
        loc = fid("projecten", naam)
        steps = [setter("woningblokken", b, {"gerealiseerd": 0}) for (b,) in con.execute(
            "SELECT fid FROM woningblokken WHERE laag = 'projecten' AND locatie_fid = ?", (loc,)).fetchall()]
        steps.append(setter("projecten", loc, {"status": "uitvoering", "projectfase": "4_realisatie"}))
        return lambda: [s() for s in steps]

    def vervallen():  # there at 1-1-2021, dropped since
        rng = np.random.default_rng([seed, 7])
        loc = VERVALLEN
        x, y = _point_in(stad.zone("BU01411903", 40.0), rng)
        row = {"naam": loc.naam, **plan_fields(loc, 0, rng, 0), "wijk_code": loc.wijk, "bijgewerkt_door": SAMPLE_USER,
               "bijgewerkt_op": SAMPLE_TIME, "geom": _blob(_as_multi(_rect(x, y, _location_area(loc), 20.0))),
               "status": loc.status, "start_jaar": loc.start, "oplever_jaar": loc.oplever}
        (f,) = store.insert_rows(con, loc.laag, [row])
        store.insert_many(con, "locatie_opgaven", ["laag", "locatie_fid", "opgave_code", "bijgewerkt_door"],
                          [[loc.laag, f, code, SAMPLE_USER] for code in loc.opgaven])
        store.insert_many(con, "woningblokken", BLOCK_COLUMNS,
                          [[loc.laag, f, *[b[c] for c in BLOCK_COLUMNS[2:-1]], SAMPLE_USER] for b in sample_blocks(loc, 0, rng)])
        return lambda: con.execute(f"DELETE FROM {loc.laag} WHERE fid = ?", (f,))

    def verplaatst(naam: str):  # at 1-1-2021 drawn in Hofkamp
        p = stad.zone("WK014117", 200.0).representative_point()
        return setter("potloodplannen", fid("potloodplannen", naam),
                      {"geom": _blob(_as_multi(box(p.x - 40, p.y - 40, p.x + 40, p.y + 40))), "wijk_code": "WK014117"})

    maardijk, nieuwland = fid("projecten", "Woningbouw Maardijk"), fid("projecten", "Herstructurering Nieuwland")
    edits = {  # naam → make it as at 1-1-2021, returning the edit that brings it to today
        "Appartementen Kop van Zuid": lambda: opgeleverd("Appartementen Kop van Zuid"),
        "Inbreiding Groeneveld": lambda: opgeleverd("Inbreiding Groeneveld"),
        "Woningbouw Kollenveld": lambda: setter("projecten", fid("projecten", "Woningbouw Kollenveld"),
                                                {"planstatus": "zacht", "status_planologisch": "3", "projectfase": "2_project"}),
        "Woningbouw Maardijk": lambda: setter("woningblokken", block("projecten", maardijk, "bouw", "koop", 2027), {"aantal": 15}),
        "Woningbouw Sportpark Windmolenbroek": vervallen,
        "Transformatie Boomshoeksdwarsweg": lambda: verplaatst("Transformatie Boomshoeksdwarsweg"),
        "Woningbouw naast Het Meulenbelt": lambda: setter("projecten", fid("projecten", "Woningbouw naast Het Meulenbelt"),
                                                          {"realisatiekans": 60}),
        "Herstructurering Nieuwland": lambda: setter("woningblokken", block("projecten", nieuwland, "sloop", "sociale_huur", 2026),
                                                     {"aantal": 20}),
    }
    forward = {naam: make() for naam, make in edits.items()}
    out: List[Tuple[str, List[int]]] = []
    for moment, soort, laag, naam, _ in HISTORIE:
        if soort == "nieuw":
            out.append((moment, rows_of(laag, fid(laag, naam))))
            continue
        first = top()
        forward[naam]()
        out.append((moment, list(range(first + 1, top() + 1))))
    return out


def _vacuum(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        con.execute("VACUUM")
    finally:
        con.close()


def _dwellings(rng, feiten, n_per, stad: Geografie) -> Dict[str, np.ndarray]:
    huur = [n - int(round(n * f["pct_koopwoningen"] / 100.0)) for f, n in zip(feiten, n_per)]
    corp_total = int(round(CORPORATIE_AANDEEL * sum(n_per)))
    corp = _scaled_counts(huur, corp_total) if sum(huur) else [0] * len(huur)
    xs, ys, typ, eig, cor, bj, wk, bu = [], [], [], [], [], [], [], []
    corp_names = [c for c, _ in CORPORATIES]
    corp_p = [p for _, p in CORPORATIES]
    for f, n, h, c in zip(feiten, n_per, huur, corp):
        code = f["wijk_code"]
        x, y, buurt = _points_in_buurten(rng, stad, code, n)
        koop = n - h
        eigendom = np.array(["koop"] * koop + ["corporatie"] * c + ["particuliere_huur"] * (h - c), dtype=object)
        ee = int(round(n * f["pct_eengezinswoning"] / 100.0))
        woningtype = np.array(["eengezins"] * ee + ["meergezins"] * (n - ee), dtype=object)
        # eengezins leans to koop: sort a noisy key so the two correlate without being fixed
        order_e = np.argsort(rng.random(n) + (eigendom == "koop") * 0.6)[::-1]
        woningtype_sorted = np.empty(n, dtype=object)
        woningtype_sorted[order_e] = woningtype
        perm = rng.permutation(n)
        eigendom, woningtype_sorted = eigendom[perm], woningtype_sorted[perm]
        corporatie = np.where(eigendom == "corporatie", rng.choice(corp_names, size=n, p=corp_p), None)
        mean, sd = BOUWJAAR[code]
        years = np.clip(np.round(rng.normal(mean, sd, n)), 1880, 2023).astype(int)
        new = rng.random(n) < 0.03
        years[new] = rng.integers(2010, 2025, new.sum())
        xs.append(x)
        ys.append(y)
        typ.append(woningtype_sorted)
        eig.append(eigendom)
        cor.append(corporatie)
        bj.append(years)
        wk.append(np.array([code] * n, dtype=object))
        bu.append(buurt)
    cat = np.concatenate
    return {"x": cat(xs), "y": cat(ys), "woningtype": cat(typ), "eigendom": cat(eig), "corporatie": cat(cor),
            "bouwjaar": cat(bj), "wijk_code": cat(wk), "buurt_code": cat(bu)}


def _points_in_buurten(rng, stad: Geografie, wijk: str, n: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n dwellings of a wijk over its buurten as CBS counts their households (by area where none are counted),
    spread evenly inside each buurt."""
    buurten = stad.buurten_van[wijk]
    weight = np.array([stad.huishoudens[b] for b in buurten], dtype=float)
    if not weight.sum():
        weight = np.array([stad.buurten[b].area for b in buurten])
    per = _scaled_counts(weight.tolist(), n) if n else [0] * len(buurten)
    xs, ys, codes = [], [], []
    for b, m in zip(buurten, per):
        x, y = _uniform_in(rng, stad.zone(b, 15.0), m)
        xs.append(x)
        ys.append(y)
        codes.append(np.array([b] * m, dtype=object))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(codes)


def _uniform_in(rng, poly, n: int) -> Tuple[np.ndarray, np.ndarray]:
    minx, miny, maxx, maxy = poly.bounds
    share = max(poly.area / ((maxx - minx) * (maxy - miny)), 0.05)
    xs, ys = np.empty(0), np.empty(0)
    while len(xs) < n:
        m = int((n - len(xs)) / share * 1.2) + 16
        x, y = rng.uniform(minx, maxx, m), rng.uniform(miny, maxy, m)
        ok = geo.contains_xy(poly, x, y)
        xs, ys = np.concatenate([xs, x[ok]]), np.concatenate([ys, y[ok]])
    return np.round(xs[:n], 1), np.round(ys[:n], 1)


_LABELS = ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")


def _labels(rng, dw) -> Dict[str, np.ndarray]:
    n = len(dw["x"])
    has = rng.random(n) < 0.82
    year = dw["bouwjaar"][has]
    corp = dw["eigendom"][has] == "corporatie"
    # expected label index by building year (0 = A++++, 10 = G)
    base = np.select(
        [year < 1930, year < 1946, year < 1965, year < 1975, year < 1992, year < 2006, year < 2015],
        [9.0, 8.5, 7.6, 7.0, 5.8, 4.8, 4.0], default=2.2)
    idx = np.clip(np.round(base - corp * 1.2 + rng.normal(0, 1.1, has.sum())), 0, 10).astype(int)
    days = rng.integers(0, 365 * 15, has.sum())
    dates = (np.datetime64("2010-01-01") + days.astype("timedelta64[D]")).astype(str)
    return {"x": dw["x"][has] + 0.5, "y": dw["y"][has] + 0.5, "label": np.array(_LABELS, dtype=object)[idx],
            "datum": dates, "wijk_code": dw["wijk_code"][has], "buurt_code": dw["buurt_code"][has], "vbo_id": dw["vbo_id"][has]}


def _leefbaarheid(rng, dw, wijk_prio, codes, cells, stad: Geografie) -> List[list]:
    gx = np.floor(dw["x"] / 100.0).astype(int)
    gy = np.floor(dw["y"] / 100.0).astype(int)
    keys = np.unique(np.stack([gx, gy], axis=1), axis=0)
    cx = keys[:, 0] * 100.0 + 50.0
    cy = keys[:, 1] * 100.0 + 50.0
    wijk = geo.assign_points(cells, codes, cx, cy)
    buurt_codes = sorted(stad.buurten)
    buurt = geo.assign_points([stad.buurten[b] for b in buurt_codes], buurt_codes, cx, cy)
    # smooth spatial noise: a few waves
    waves = sum(rng.uniform(0.3, 0.6) * np.sin(cx / rng.uniform(600, 1500) + rng.uniform(0, 6))
                * np.cos(cy / rng.uniform(600, 1500) + rng.uniform(0, 6)) for _ in range(3))
    rows = []
    for i in range(len(keys)):
        base = LEEFBAARHEID_BASIS[wijk_prio.get(wijk[i], "regulier")] if wijk[i] else 6.0
        score = int(np.clip(round(base + waves[i] + rng.normal(0, 0.8)), 1, 9))
        x0, y0 = keys[i, 0] * 100.0, keys[i, 1] * 100.0
        sq = box(x0, y0, x0 + 100.0, y0 + 100.0)
        rows.append([score, 2022, wijk[i], buurt[i], _blob(MultiPolygon([sq]))])
    return rows


# the Leefbaarometer's five dimensions as shares of the deviation `afw` (synthetic; the real files give them)
DIMENSIE_AANDEEL = {"fys": 0.30, "onv": 0.20, "soc": 0.15, "vrz": 0.15, "won": 0.20}


def vbo_id(i: int) -> str:
    """The synthetic BAG verblijfsobject id of the sample's i-th dwelling: 16 digits as the BAG writes them (gemeente
    0141, object type 01), never one of the real register's."""
    return f"014101{9_000_000_000 + i:010d}"


def _met_dimensies(rng, rows: List[list]) -> List[list]:
    """Cells with the Leefbaarometer's scores as a grid file carries them: the deviation from the national mean (afw)
    rising with the class, and the five dimensions that make it up."""
    out = []
    for row in rows:
        score, geom = row[0], row[4]
        afw = round(0.05 * (score - 5) + float(rng.normal(0, 0.01)), 4)
        dims = [round(afw * a + float(rng.normal(0, 0.005)), 4) for a in DIMENSIE_AANDEEL.values()]
        x0, y0 = _cell_corner(geom)
        out.append([*row, "grid", f"{x0}_{y0}", afw, *dims])
    return out


def _cell_corner(blob: bytes) -> Tuple[int, int]:
    minx, miny, _, _ = geo.from_wkb(gpkg.to_wkb(blob)).bounds
    return int(round(minx)), int(round(miny))


STATION = (241288.0, 486299.0)  # Almelo station (RD), the Spoorzone's middle


def _gebieden(stad: Geografie) -> Dict[str, Polygon]:
    """The agenda's gebieden (§4, §4.3) on the real map: a wijk or buurt where the name is one, else a spot in the
    buurt the place lies in (synthetic outline)."""
    sx, sy = STATION
    spoor = LineString([(sx - 1500, sy - 150), (sx, sy), (sx + 1100, sy - 900)])  # synthetic track through the station
    out: Dict[str, Polygon] = {"Spoorzone": spoor.buffer(200, cap_style=2).intersection(stad.gemeente)}
    out["Stationsgebied-west"] = Point(sx - 250, sy - 100).buffer(250).intersection(stad.gemeente)
    out["Binnenstad"] = stad.zone("WK014110", 40.0)
    for naam, (buurt, dx, dy, r) in GEBIED_SPOTS.items():
        zone = stad.zone(buurt)
        c = zone.representative_point()
        p = Point(c.x + dx, c.y + dy)
        out[naam] = (p if zone.contains(p) else c).buffer(r).intersection(zone)
    noord = stad.wijken["WK014112"]
    nb = noord.bounds
    out["Noordflank"] = noord.intersection(box(nb[0], (nb[1] + nb[3]) / 2, nb[2], nb[3])).buffer(-30)
    out["Businesspark XL 2e fase"] = stad.zone("BU01411910", 30.0)
    out["Nieuwstraatkwartier"] = stad.wijken["WK014115"]
    out["Ossenkoppelerhoek"] = stad.wijken["WK014116"]
    out["Kerkelanden"] = stad.zone("BU01411402")
    return out


# gebied → (the CBS buurt it lies in, offset from the buurt's inner point in m, radius in m): synthetic outlines
GEBIED_SPOTS = {
    "Westerdok": ("BU01411000", -250, 150, 230),
    "Achter de Molen": ("BU01411502", 0, 0, 120),
    "George Breitnerstraat": ("BU01411604", 0, 0, 110),
    "Jacques Perkstraat": ("BU01411102", 0, 0, 100),
    "Boomshoeksdwarsweg": ("BU01411100", 0, 0, 90),
}
# named locations the agenda puts in a CBS buurt (the buurt's name or the place in it)
BUURT_VAN_LOCATIE = {
    "Herstructurering Nieuwland": "BU01411103",
    "Uitgifte bedrijvenpark Twente-Noord (10 ha)": "BU01411205",
    "Kleinschalige kantoorruimte Indiëterrein": "BU01411203",
    "Herstructurering Rumerslanden": "BU01411302",
    "Vernieuwing Wester Sluitersveldlanden": "BU01411303",
    "Herstructurering Wonde e.o.": "BU01411501",
    "Woningverbetering Witvoet e.o.": "BU01411500",
    "Herstructurering Ossenkoppelerhoek Midden-Zuid": "BU01411605",
    "Woningbouw Kollenveld": "BU01411703",
    "Groen en water Paradijs": "BU01411702",
    "Veenelanden-Oost": "BU01411806",
    "Levensloopbestendige woningen Havezathe": "BU01411803",
    "Inbreiding Groeneveld": "BU01411900",
    "Zonneveld Leemslagen": "BU01411905",
    "Woningbouw Maardijk": "BU01411907",
    "Uitbreiding Aadorp-West": "BU01412000",
    "Uitbreiding Bornerbroek-Zuid": "BU01412100",
}


def _extra_locations(rng, n: int, codes, feiten) -> List[Loc]:
    w = np.array([f["woningvoorraad"] for f in feiten], dtype=float)
    w = w / w.sum()
    out = []
    statuses = ("initiatief", "voorbereiding", "uitvoering", "opgeleverd")
    for k in range(n):
        code = codes[rng.choice(len(codes), p=w)]
        won = tuple(int(v) for v in rng.integers(0, 8, 4))
        if rng.random() < 0.75:
            st = statuses[rng.integers(0, 4)]
            start = int(rng.integers(2019, 2031))
            out.append(project(f"Locatie {k + 1}", code, st, "hard" if rng.random() < 0.5 else "zacht", start,
                         start + int(rng.integers(1, 4)), ("3.4",), won))
        else:
            out.append(potloodplan(f"Potloodplan {k + 1}", code, ("leegstaand_vastgoed", "braakliggend_terrein", "strategische_positie")[k % 3],
                         int(rng.random() < 0.4), ("hoog", "midden", "laag")[k % 3], ("3.4",), won))
    return out


def _place_locations(rng, locs: Sequence[Loc], stad: Geografie, gebieden) -> List[Polygon]:
    """Each location inside its wijk: in its buurt or gebied where it has one that fits it."""
    placed: List[Polygon] = []
    named = len(LOCATIES)
    taken = []
    inner = {code: g.buffer(-10) for code, g in stad.wijken.items()}
    for i, loc in enumerate(locs):
        area = _location_area(loc)
        zone = inner[loc.wijk]
        buurt = BUURT_VAN_LOCATIE.get(loc.naam) if i < named else None
        for z in ((stad.zone(buurt, 10.0),) if buurt else ()) + ((gebieden[loc.gebied],) if loc.gebied in gebieden else ()):
            gz = z.intersection(zone)
            if not gz.is_empty and gz.area > area * 1.2:
                zone = gz
                break
        if i >= named:  # bulk locations: small, no overlap search
            area = min(area, 6000.0)
            x, y = _point_in(zone, rng)
            placed.append(_rect(x, y, area, float(rng.uniform(0, 90))))
            continue
        best = None
        for attempt in range(300):
            x, y = _point_in(zone, rng)
            r = _rect(x, y, area * (0.98 ** (attempt // 30)), float(rng.uniform(0, 90)))
            if not zone.contains(r):
                continue
            if any(r.intersects(t) for t in taken):
                continue
            best = r
            break
        if best is None:
            x, y = _point_in(zone, rng)
            best = _rect(x, y, min(area, 4000.0), 0.0).intersection(zone)
        taken.append(best.buffer(15))
        placed.append(best)
    return placed


# --- plan capacity (schema 5): the registers' plan fields and the dwelling blocks ---------------------------------

REALISATIE_TOT = 2024  # blocks of a project in uitvoering up to this year are gerealiseerd (synthetic)
HARD_VOORBEREIDING = ("2A", "1B", "2A", "1C", "2B", "1A", "2C")  # spread of the planologische status over hard plans
PRIJS = {"koop": (250_000, 450_000, 5_000), "sociale_huur": (620, 800, 5), "middenhuur": (900, 1_150, 5),
         "vrije_huur": (1_200, 1_600, 10)}  # € koopprijs or huur per maand (synthetic): low, high, step
CORPORATIE_VAN_WIJK = {"WK014114": "Beter Wonen", "WK014115": "Beter Wonen", "WK014116": "Sint Joseph",
                       "WK014111": "Mijande Wonen", "WK014113": "Mijande Wonen"}
_HERSTRUCTURERING = ("Herstructurering", "Wijkvernieuwing", "Vernieuwing", "Woningverbetering")


def _status_planologisch(loc: Loc, rng: np.random.Generator, k: int, bulk: bool) -> str:
    """1A–4B as the plan's stage makes likely; the k-th hard plan in preparation takes the k-th of a spread; a few bulk
    locations are onbekend."""
    if loc.laag == "potloodplannen":
        return "4A" if loc.gemeente and loc.soort == "strategische_positie" else "4B"
    if bulk and rng.random() < 0.04:
        return "onbekend"
    if loc.planstatus == "hard":
        return "1A" if loc.status in ("uitvoering", "opgeleverd") else HARD_VOORBEREIDING[k % len(HARD_VOORBEREIDING)]
    if loc.status == "initiatief":
        return "4B" if rng.random() < 0.3 else "4A"
    return "3"


def _plantype(loc: Loc, sloop: int) -> str:
    if not sum(loc.won):
        return "onbekend"
    if sloop or loc.naam.startswith(_HERSTRUCTURERING):
        return "herstructurering"
    if loc.soort == "leegstaand_vastgoed" or loc.naam.startswith(("Herbestemming", "Transformatie voormalig")):
        return "pand_transformatie"
    if loc.soort == "strategische_positie" or loc.naam.startswith("Transformatie"):
        return "transformatiegebied"
    return "uitbreiding_uitleg" if loc.naam.startswith("Uitbreiding") else "verdichting"


def _opdrachtgever(loc: Loc, sloop: int) -> str:
    if loc.laag == "potloodplannen":
        return "gemeente" if loc.gemeente else "onbekend"
    if sloop:
        return "corporatie"
    won = sum(loc.won)
    if not won:
        return "gemeente"
    return "ontwikkelaar" if loc.won[3] * 2 > won else "meerdere"


def plan_fields(loc: Loc, sloop: int, rng: np.random.Generator, k: int, bulk: bool = False) -> Dict[str, object]:
    """The schema-5 plan fields of a sample location (rules of thumb, then the location's own `plan`)."""
    status = str(loc.plan.get("status_planologisch") or _status_planologisch(loc, rng, k, bulk))
    out: Dict[str, object] = {"status_planologisch": status, "plantype": _plantype(loc, sloop),
                              "opdrachtgever_type": _opdrachtgever(loc, sloop)}
    if loc.laag == "projecten":
        out["planstatus"] = blokken.planstatus_of(status, loc.planstatus)
        out["projectfase"] = {"initiatief": "1_initiatief", "uitvoering": "4_realisatie", "opgeleverd": "afgerond"}.get(
            loc.status, "3_vergunning" if out["planstatus"] == "hard" else "2_project")
    else:
        out["projectfase"] = "0_studie"
    if sloop:
        corporatie = CORPORATIE_VAN_WIJK.get(loc.wijk, CORPORATIES[0][0])
        out["toelichting"] = f"Sloop van {sloop} corporatiewoningen ({corporatie}) voor de nieuwbouw (synthetisch)"
    out.update(loc.plan)
    return out


def _split(n: int, parts: int) -> List[int]:
    """n dwellings over `parts` phases, the rest to the later ones."""
    return [n // parts + (1 if i >= parts - n % parts else 0) for i in range(parts)]


def _years(loc: Loc) -> List[Optional[int]]:
    """A project of 60 dwellings or more over two years or more is phased: a block per year of its last three."""
    if loc.laag != "projecten" or loc.oplever is None:
        return [None]
    if loc.start is not None and loc.oplever - loc.start >= 2 and sum(loc.won) >= 60:
        return list(range(max(loc.start + 1, loc.oplever - 2), loc.oplever + 1))
    return [loc.oplever]


def _woningtype(loc: Loc, segment: str) -> str:
    if loc.laag == "potloodplannen" or loc.status == "initiatief":
        return "onbekend"
    if loc.wijk == "WK014110" or segment in ("middenhuur", "vrije_huur"):
        return "meergezins"
    return "eengezins" if segment == "koop" or loc.naam.startswith(_HERSTRUCTURERING) else "meergezins"


def _realised(loc: Loc, jaar: Optional[int]) -> bool:
    return loc.status == "opgeleverd" or (loc.status == "uitvoering" and jaar is not None and jaar <= REALISATIE_TOT)


def sample_blocks(loc: Loc, sloop: int, rng: np.random.Generator) -> List[Dict[str, object]]:
    """The woningblokken of a sample location: its segments, phased when large, and the demolition first."""
    out: List[Dict[str, object]] = []
    if sloop:
        jaar = loc.start if loc.laag == "projecten" else None
        out.append({"soort": "sloop", "aantal": sloop, "segment": "sociale_huur", "woningtype": "meergezins",
                    "eigenaar": "corporatie", "prijs": None, "doelgroep": "regulier", "jaar": jaar,
                    "gerealiseerd": _realised(loc, jaar)})
    years = _years(loc)
    for f, n in zip(WON_SEGMENTS, loc.won):
        segment = SEGMENT_OF_FIELD[f]
        for jaar, aantal in zip(years, _split(n, min(len(years), n))):
            if not aantal:
                continue
            prijs = None
            if loc.laag == "projecten" and loc.status != "initiatief":
                low, high, step = PRIJS[segment]
                prijs = float(low + step * int(rng.integers(0, (high - low) // step + 1)))
            out.append({"soort": "bouw", "aantal": aantal, "segment": segment, "woningtype": _woningtype(loc, segment),
                        "eigenaar": "corporatie" if segment == "sociale_huur" else "onbekend" if loc.laag == "potloodplannen" else "particulier",
                        "prijs": prijs, "doelgroep": "ouderen_nultreden" if "Levensloop" in loc.naam else "regulier",
                        "jaar": jaar, "gerealiseerd": _realised(loc, jaar)})
    return out


BLOCK_COLUMNS = ("laag", "locatie_fid", "soort", "aantal", "segment", "woningtype", "eigenaar", "prijs", "doelgroep", "jaar",
                 "gerealiseerd", "bijgewerkt_door")


def _insert_locations(store: GeoPackageStore, con, locs, placed, codes, cells, seed: int) -> Dict[str, int]:
    """The locations with zero dwelling sums, then their blocks (the database keeps the sums)."""
    rng = np.random.default_rng([seed, 5])  # its own stream: the plan fields leave every other layer as it was
    counts = {"projecten": 0, "potloodplannen": 0, "woningblokken": 0}
    tags, blocks = [], []
    named, hard_k = len(LOCATIES), 0
    for i, (loc, geom) in enumerate(zip(locs, placed)):
        wijk = geo.largest_overlap(geom, cells, codes)
        sloop, bulk = loc.sloop, i >= named
        if bulk and loc.laag == "projecten" and sum(loc.won) >= 8 and rng.random() < 0.1:
            sloop = int(rng.integers(2, sum(loc.won)))  # bulk locations: now and then a demolition
        plan = plan_fields(loc, sloop, rng, hard_k, bulk)
        hard_k += loc.laag == "projecten" and plan.get("planstatus") == "hard" and loc.status == "voorbereiding"
        row = {
            "naam": loc.naam, **plan, "m2_bedrijf": loc.m2_bedrijf,
            "m2_voorzieningen": loc.m2_voorzieningen, "ha_groen": loc.ha_groen, "ha_zon": loc.ha_zon,
            "wijk_code": wijk, "bijgewerkt_door": SAMPLE_USER, "bijgewerkt_op": SAMPLE_TIME,
            "geom": _blob(_as_multi(geom)),
        }
        if loc.laag == "projecten":
            row.update(status=loc.status, start_jaar=loc.start, oplever_jaar=loc.oplever)
        else:
            row.update(soort=loc.soort, eigendom_gemeente=loc.gemeente, prioriteit=loc.prioriteit)
        (fid,) = store.insert_rows(con, loc.laag, [row])
        counts[loc.laag] += 1
        tags += [[loc.laag, fid, code, SAMPLE_USER] for code in loc.opgaven]
        blocks += [[loc.laag, fid, *[b[c] for c in BLOCK_COLUMNS[2:-1]], SAMPLE_USER] for b in sample_blocks(loc, sloop, rng)]
    store.insert_many(con, "locatie_opgaven", ["laag", "locatie_fid", "opgave_code", "bijgewerkt_door"], tags)
    store.insert_many(con, "woningblokken", BLOCK_COLUMNS, blocks)
    counts["woningblokken"] = len(blocks)
    return counts


def _base_layers(store: GeoPackageStore, con, rng, stad: Geografie, placed, locs) -> Dict[str, int]:
    counts = {}
    wijk_geom, gemeente = stad.wijken, stad.gemeente
    # grondbezit gemeente: its potloodplannen and scattered parcels
    parcels = [g.buffer(10) for loc, g in zip(locs, placed) if loc.laag == "potloodplannen" and loc.gemeente]
    for code in sorted(wijk_geom):
        for _ in range(3):
            x, y = _point_in(wijk_geom[code].buffer(-30), rng)
            parcels.append(_rect(x, y, float(rng.uniform(1500, 12000)), float(rng.uniform(0, 90))))
    store.insert_many(con, "grondbezit_gemeente", ["omschrijving", "geom"],
                      [["Eigendom gemeente Almelo (synthetisch)", _blob(_as_multi(p))] for p in parcels])
    counts["grondbezit_gemeente"] = len(parcels)
    # bedrijventerreinen: the 11 terrains of §4.4
    rows = []
    for naam, code, ha, uitgeefbaar in BEDRIJVENTERREINEN:
        if code.startswith("BU"):  # a terrain CBS counts as a buurt of its own: that buurt
            r = stad.buurten[code]
        else:
            x, y = _point_in(wijk_geom[code].buffer(-200), rng)
            r = _rect(x, y, ha * 1e4, float(rng.uniform(0, 90)), 1.8).intersection(wijk_geom[code])
        rows.append([naam, float(uitgeefbaar), _blob(_as_multi(r))])
    store.insert_many(con, "bedrijventerreinen", ["naam", "ha_uitgeefbaar", "geom"], rows)
    counts["bedrijventerreinen"] = len(rows)
    # groenblauwe structuur: four green lungs and the main waters
    c = wijk_geom["WK014110"].centroid
    rows = []
    core = c.buffer(1600)
    for naam, ang in (("Groene long noord", 90), ("Groene long oost", 0), ("Groene long zuid", 270), ("Groene long west", 180)):
        a = math.radians(ang)
        wedge = Polygon([(c.x, c.y),
                         (c.x + 9000 * math.cos(a - 0.18), c.y + 9000 * math.sin(a - 0.18)),
                         (c.x + 9000 * math.cos(a + 0.18), c.y + 9000 * math.sin(a + 0.18))])
        rows.append([naam, "groen", _blob(_as_multi(wedge.difference(core.buffer(-900)).intersection(gemeente)))])
    b = gemeente.bounds
    waters = (
        ("De Aa", LineString([(b[0], c.y - 500), (c.x, c.y), (b[2], c.y + 900)]), 12),
        ("Kanaal Almelo-Nordhorn", LineString([(c.x, c.y), (c.x + 800, b[3])]), 18),
        ("Twentekanaal (zijtak)", LineString([(c.x - 1500, b[1]), (c.x - 200, c.y - 200)]), 25),
        ("Weezebeek", LineString([(b[0], c.y - 2500), (c.x - 300, c.y - 1200)]), 6),
    )
    for naam, line, w in waters:
        rows.append([naam, "water", _blob(_as_multi(line.buffer(w).intersection(gemeente)))])
    store.insert_many(con, "groenblauwe_structuur", ["naam", "soort", "geom"], rows)
    counts["groenblauwe_structuur"] = len(rows)
    # bestemmingsplannen: one per wijk, plus a partial revision for every hard project
    rows = []
    for code in sorted(wijk_geom):
        d = np.datetime64("2012-01-01") + int(rng.integers(0, 3000))
        rows.append([f"Bestemmingsplan {code}", f"NL.IMRO.0141.BP{code[-2:]}-VA01", str(d), _blob(_as_multi(wijk_geom[code]))])
    for i, (loc, g) in enumerate(zip(locs, placed)):
        if loc.laag == "projecten" and loc.planstatus == "hard" and i < len(LOCATIES):
            year = max(2015, (loc.start or 2021) - 1)
            rows.append([f"Partiële herziening {loc.naam}", f"NL.IMRO.0141.PH{i:03d}-VA01", f"{year}-06-01", _blob(_as_multi(g.buffer(10)))])
    store.insert_many(con, "bestemmingsplannen", ["naam", "plan_id", "vastgesteld", "geom"], rows)
    counts["bestemmingsplannen"] = len(rows)
    # winkelleegstand in the binnenstad
    bs = wijk_geom["WK014110"].buffer(-30)
    rows = []
    for k in range(28):
        x, y = _point_in(bs, rng, near=(c.x, c.y), sigma=220)
        d = np.datetime64("2018-01-01") + int(rng.integers(0, 2400))
        straat = ("Grotestraat", "Koornmarkt", "Doelenstraat", "Marktstraat", "Wierdensestraat")[k % 5]
        rows.append([f"{straat} {int(rng.integers(1, 120))}", float(rng.integers(40, 900)), str(d), gpkg.point_blobs(np.array([x]), np.array([y]))[0]])
    store.insert_many(con, "winkelleegstand", ["adres", "m2", "leeg_sinds", "geom"], rows)
    counts["winkelleegstand"] = len(rows)
    return counts
