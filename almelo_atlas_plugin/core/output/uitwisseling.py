"""Uitwisseling (DESIGN.md §10, FORMATS.md §9): the store's plans as the province and DIWI formats want them.

From the store (or the store as it stood at a peildatum) one plan list is built: a plan per location with blocks, its
totals bouw/sloop/netto (gerealiseerd/resterend) and per year the 33 bouw and 33 sloop counts, {meergezins, eengezins,
onbekend} × {koop1–4, koop_onb, huur1–4, huur_onb, onbekend}, price classes from table `prijsklassen`. The pre-flight
(`controle`) checks that list before any writer (uitwisseling_formaten.py) sees it. GUI-free.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..model import blokken as blok_regels
from ..model import geo
from ..model.schema import DOMAINS, LOCATION_LAYERS
from ..store.base import Store, StoreError

FORMATEN: Tuple[str, ...] = ("planregistratie", "excel", "zuid-holland", "zeeland")
FORMAAT_NAMEN: Dict[str, str] = {"planregistratie": "Planregistratie", "excel": "Excel", "zuid-holland": "Zuid-Holland (GeoJSON)",
                                 "zeeland": "Zeeland (Planmonitor Wonen)"}
NIVEAUS: Tuple[str, ...] = ("openbaar", "provincie", "regio", "gemeente")
# what a receiver may see: openbaar and its own level; the gemeente everything (a plan marked provincie never reaches
# the region, one marked regio never the province: both are "… (en gemeente)")
ZICHTBAAR: Dict[str, Tuple[str, ...]] = {"openbaar": ("openbaar",), "provincie": ("openbaar", "provincie"),
                                          "regio": ("openbaar", "regio"), "gemeente": NIVEAUS}
# the price-class boundaries each format uses by default (Overijssel has none published: FORMATS.md §9c)
TARGET_VAN: Dict[str, str] = {"planregistratie": "gelderland", "excel": "gelderland", "zeeland": "gelderland",
                              "zuid-holland": "zuid_holland"}

KLASSEN: Tuple[str, ...] = ("koop1", "koop2", "koop3", "koop4", "koop_onb", "huur1", "huur2", "huur3", "huur4", "huur_onb",
                            "onbekend")
TYPEN: Tuple[str, ...] = ("meergezins", "eengezins", "onbekend")
BOUW_VELDEN: Tuple[str, ...] = tuple(f"{t}_{k}" for t in TYPEN for k in KLASSEN)  # the 33 of DetailPlanning
SLOOP_VELDEN: Tuple[str, ...] = tuple(f"sloop_{v}" for v in BOUW_VELDEN)
HUUR_SEGMENTEN = ("sociale_huur", "middenhuur", "vrije_huur")
# a block without prijs (and without a delivered class): its class from its segment. Sociale huur without a rent is
# huur2 (up to the liberalisatiegrens, the limit that makes it sociaal), middenhuur huur3, vrije huur huur4.
KLASSE_VAN_SEGMENT: Dict[str, str] = {"koop": "koop_onb", "sociale_huur": "huur2", "middenhuur": "huur3",
                                      "vrije_huur": "huur4", "onbekend": "onbekend"}
KOOP_VANAF = 10_000.0  # a price of a block without segment: from € 10.000 a koopprijs, below it a rent per month
NAMESPACE = uuid.UUID("6f1c1e0a-5d1b-4c1e-9a41-414c4d454c4f")  # GlobalIDs: stable per plan, per store

# Planregistratie code lists (FORMATS.md §9a) of the store's codes
STATUS_PR: Dict[str, str] = {
    "1A": "1A Onherroepelijk", "1B": "1B Onherroepelijk, uitwerkingsplicht", "1C": "1C Onherroepelijk, wijzigingsbevoegdheid",
    "2A": "2A Vastgesteld", "2B": "2B Vastgesteld, uitwerkingsplicht", "2C": "2C Vastgesteld, wijzigingsbevoegdheid",
    "3": "3 In voorbereiding", "4A": "4A Visie", "4B": "4B Idee", "onbekend": "Onbekend"}
VERTROUWELIJKHEID_PR: Dict[str, str] = {"openbaar": "Openbaar", "provincie": "ProvincieGemeente", "regio": "Regio",
                                        "gemeente": "Gemeente"}
OPDRACHTGEVER_PR: Dict[str, str] = {**DOMAINS["opdrachtgever_type"], "meerdere": "Meerdere namelijk"}
PLANTYPE_PR: Dict[str, str] = dict(DOMAINS["plantype"])
PROJECTFASE_PR: Dict[str, str] = dict(DOMAINS["projectfase"])
REALISATIEKANS_PR: Tuple[int, ...] = tuple(range(10, 101, 10))


@dataclass
class Blok:
    fid: int
    soort: str
    aantal: int
    segment: str
    woningtype: str
    eigenaar: str
    prijs: Optional[float]
    prijsklasse: Optional[str]
    doelgroep: str
    jaar: Optional[int]  # its own, else its location's oplever_jaar
    gerealiseerd: bool  # its own flag, or its project opgeleverd
    klasse: str = "onbekend"

    @property
    def veld(self) -> str:
        """Its DetailPlanning field (bouw; sloop_ before it for a sloop block)."""
        typ = self.woningtype if self.woningtype in TYPEN else "onbekend"
        return ("sloop_" if self.soort == "sloop" else "") + f"{typ}_{self.klasse}"


@dataclass
class Plan:
    laag: str
    fid: int
    naam: str
    geom: Any  # shapely (MultiPolygon), None when missing
    velden: Dict[str, Any]  # the location's plan fields as stored
    realisatiekans: Optional[int]  # %: its own, else the norm of its status
    blokken: List[Blok]
    totalen: Dict[str, Optional[int]] = field(default_factory=dict)
    detail: List[Dict[str, Any]] = field(default_factory=list)  # DetailPlanning rows: jaartal, gerealiseerd, 33 + 33

    @property
    def globalid(self) -> str:
        return "{" + str(uuid.uuid5(NAMESPACE, self.koppelid)).upper() + "}"

    @property
    def koppelid(self) -> str:
        """The plan's id in the file: the id it came with (bron_id), else laag:fid (a potloodplan with its soort)."""
        if self.velden.get("bron_id"):
            return str(self.velden["bron_id"])
        soort = f":{self.velden.get('soort')}" if self.laag == "potloodplannen" else ""
        return f"{self.laag}{soort}:{self.fid}"


@dataclass
class Planlijst:
    plannen: List[Plan]
    weggelaten: int  # plans left out for the niveau
    gemeente: str
    gemeente_geom: Any
    target: str
    peiljaar: int
    peildatum: Optional[str]
    niveau: str


# --- price classes ---------------------------------------------------------------------------------------
Grenzen = List[Tuple[str, float, Optional[float]]]


def grenzen(store: Store, target: str, jaar: int, con: Any = None) -> Grenzen:
    """(klasse, ondergrens, bovengrens) of `target` valid in `jaar`: the rows of the latest jaar ≤ it (else the earliest)."""
    with store._con(con) as c:
        rows = c.execute(f"SELECT jaar, klasse, ondergrens, bovengrens FROM prijsklassen WHERE target = {store.param}",
                         (target,)).fetchall()
    if not rows:
        raise StoreError(f"Tabel prijsklassen heeft geen grenzen voor {DOMAINS['prijsklasse_doel'].get(target, target)}; "
                         "vul ze aan (tabel prijsklassen) en probeer opnieuw.")
    jaren = sorted({int(r[0]) for r in rows})
    geldig = max((j for j in jaren if j <= jaar), default=jaren[0])
    return [(str(k), float(lo), None if hi is None else float(hi)) for j, k, lo, hi in rows if int(j) == geldig]


def klasse_van(segment: str, prijs: Optional[float], prijsklasse: Optional[str], grens: Grenzen) -> str:
    """A block's price class: from its prijs with the boundaries, else the class it was delivered with, else its segment;
    a block without price, class and segment is onbekend, never dropped."""
    if segment == "koop":
        soort: Optional[str] = "koop"
    elif segment in HUUR_SEGMENTEN:
        soort = "huur"
    elif prijsklasse and prijsklasse != "onbekend":
        soort = prijsklasse[:4]
    elif prijs is not None:
        soort = "koop" if prijs >= KOOP_VANAF else "huur"
    else:
        soort = None
    if prijs is not None and soort:
        for k, lo, hi in grens:
            if k.startswith(soort) and lo <= prijs and (hi is None or prijs < hi):
                return k
        return f"{soort}_onb"
    if prijsklasse and (soort is None or prijsklasse.startswith(soort)):
        return prijsklasse
    return KLASSE_VAN_SEGMENT.get(segment, "onbekend")


# --- the plan list ---------------------------------------------------------------------------------------
_PLAN_FIELDS = ("status_planologisch", "projectfase", "plantype", "opdrachtgever_type", "realisatiekans", "vertrouwelijkheid",
                "knelpunten", "toelichting", "bron_id", "wijk_code")


def _locations(store: Store, con: Any, laag: str) -> List[Dict[str, Any]]:
    extra = ("status, planstatus, start_jaar, oplever_jaar, NULL AS soort" if laag == "projecten"
             else "NULL AS status, NULL AS planstatus, NULL AS start_jaar, NULL AS oplever_jaar, soort")
    cur = con.execute(f'SELECT fid, naam, {", ".join(_PLAN_FIELDS)}, {extra}, {store.geometry_sql()} AS geom '
                      f'FROM "{laag}" ORDER BY fid')
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _blocks(store: Store, con: Any) -> Dict[Tuple[str, int], List[Dict[str, Any]]]:
    cols = ["fid", "laag", "locatie_fid", "soort", "aantal", "segment", "woningtype", "eigenaar", "prijs", "doelgroep", "jaar",
            "gerealiseerd"]
    have = set(store.columns("woningblokken", con))
    sel = cols + (["prijsklasse"] if "prijsklasse" in have else ["NULL AS prijsklasse"])
    out: Dict[Tuple[str, int], List[Dict[str, Any]]] = {}
    for r in con.execute(f"SELECT {', '.join(sel)} FROM woningblokken ORDER BY fid").fetchall():
        b = dict(zip(cols + ["prijsklasse"], r))
        out.setdefault((b["laag"], int(b["locatie_fid"])), []).append(b)
    return out


def _gemeente(store: Store, con: Any) -> Tuple[str, Any]:
    row = con.execute(f"SELECT naam, {store.geometry_sql()} FROM gemeente ORDER BY fid").fetchone()
    if not row:
        return "", None
    return str(row[0] or ""), (geo.from_wkb(bytes(row[1])) if row[1] is not None else None)


def planlijst(store: Store, target: str, niveau: str = "gemeente", peiljaar: int = 2024,
              peildatum: Optional[str] = None) -> Planlijst:
    """The plan list of a store (already the store at the peildatum when one is asked): the plans the `niveau` may see."""
    if niveau not in ZICHTBAAR:
        raise StoreError(f"--niveau {niveau}: kies uit {', '.join(NIVEAUS)}")
    with store.reading() as con:
        grens = grenzen(store, target, peiljaar, con)
        norm = dict(con.execute("SELECT status_planologisch, realisatiekans FROM realisatiekans_norm").fetchall())
        blocks = _blocks(store, con)
        naam, gem = _gemeente(store, con)
        locs = [(laag, loc) for laag in LOCATION_LAYERS for loc in _locations(store, con, laag)]
    plannen, weg = [], 0
    for laag, loc in locs:
        rows = blocks.get((laag, int(loc["fid"])))
        if not rows:
            continue
        if loc["vertrouwelijkheid"] not in ZICHTBAAR[niveau]:
            weg += 1
            continue
        plannen.append(_plan(laag, loc, rows, grens, norm))
    return Planlijst(plannen, weg, naam, gem, target, peiljaar, peildatum, niveau)


def _plan(laag: str, loc: Dict[str, Any], rows: List[Dict[str, Any]], grens: Grenzen, norm: Mapping[str, float]) -> Plan:
    blokken = []
    for b in rows:
        cat = blok_regels.block_category(laag, loc["status"], loc["planstatus"], bool(b["gerealiseerd"]))
        jaar = b["jaar"] if b["jaar"] is not None else loc["oplever_jaar"]
        blokken.append(Blok(int(b["fid"]), b["soort"], int(b["aantal"]), b["segment"], b["woningtype"], b["eigenaar"],
                            None if b["prijs"] is None else float(b["prijs"]), b["prijsklasse"], b["doelgroep"],
                            None if jaar is None else int(jaar), cat == "gerealiseerd",
                            klasse_van(b["segment"], None if b["prijs"] is None else float(b["prijs"]), b["prijsklasse"], grens)))
    kans = loc["realisatiekans"]
    if kans is None:
        kans = norm.get(loc["status_planologisch"] or "onbekend", norm.get("onbekend"))
    velden = {k: loc.get(k) for k in (*_PLAN_FIELDS, "status", "planstatus", "start_jaar", "oplever_jaar", "soort")}
    geom = geo.from_wkb(bytes(loc["geom"])) if loc["geom"] is not None else None
    plan = Plan(laag, int(loc["fid"]), str(loc["naam"] or ""), geom, velden, None if kans is None else int(round(kans)), blokken)
    plan.totalen = totalen(blokken)
    plan.detail = detailplanning(blokken)
    return plan


def totalen(blokken: Sequence[Blok]) -> Dict[str, Optional[int]]:
    """A plan's totals as Planregistratie holds them; the splits (type, koop/huur, classes, groups) of what remains to build."""
    def som(pred) -> int:
        return sum(b.aantal for b in blokken if pred(b))

    bouw = [b for b in blokken if b.soort == "bouw"]
    rest = [b for b in bouw if not b.gerealiseerd]
    t: Dict[str, Optional[int]] = {
        "totaal_bouw": sum(b.aantal for b in bouw), "totaal_gerealiseerd": sum(b.aantal for b in bouw if b.gerealiseerd),
        "totaal_sloop": som(lambda b: b.soort == "sloop"),
        "totaal_sloop_gerealiseerd": som(lambda b: b.soort == "sloop" and b.gerealiseerd)}
    t["totaal_resterend"] = t["totaal_bouw"] - t["totaal_gerealiseerd"]  # type: ignore[operator]
    t["totaal_sloop_resterend"] = t["totaal_sloop"] - t["totaal_sloop_gerealiseerd"]  # type: ignore[operator]
    for k in ("", "_gerealiseerd", "_resterend"):
        t[f"totaal_netto{k}"] = t[f"totaal_bouw{k}" if not k else f"totaal{k}"] - t[f"totaal_sloop{k}"]  # type: ignore[operator]

    def r(pred) -> int:
        return sum(b.aantal for b in rest if pred(b))

    t.update({
        "totaal_eengezins_resterend": r(lambda b: b.woningtype == "eengezins"),
        "totaal_meergezins_resterend": r(lambda b: b.woningtype == "meergezins"),
        "totaal_type_onbekend_resterend": r(lambda b: b.woningtype not in ("eengezins", "meergezins")),
        "totaal_koop_resterend": r(lambda b: b.klasse.startswith("koop")),
        "totaal_huur_resterend": r(lambda b: b.klasse.startswith("huur")),
        "totaal_koop_huur_onbekend_resterend": r(lambda b: b.klasse == "onbekend"),
        **{f"Totaal_{k}": r(lambda b, k=k: b.klasse == k) for k in ("koop1", "koop2", "koop3", "koop4")},
        "Totaal_koop_onbekend": r(lambda b: b.klasse == "koop_onb"),
        **{f"Totaal_{k}": r(lambda b, k=k: b.klasse == k) for k in ("huur1", "huur2", "huur3", "huur4")},
        "Totaal_huur_onbekend": r(lambda b: b.klasse == "huur_onb"),
        "Totaal_eigendom_onbekend": r(lambda b: b.klasse == "onbekend"),
        "aantal_tijdelijke_woningen": r(lambda b: b.doelgroep == "tijdelijk"),
        "aantal_nultreden_woningen": r(lambda b: b.doelgroep == "ouderen_nultreden"),
        "aantal_geclusterde_woningen": None,  # not kept by the atlas
        "aantal_zorggeschikte_woningen": r(lambda b: b.doelgroep == "zorg"),
        "aantal_middenhuur_corporatie": r(lambda b: b.segment == "middenhuur" and b.eigenaar == "corporatie"),
        "onzelfstandige_wooneenheden": None,  # not kept by the atlas
        "aantal_huurwoningen_corporatie": r(lambda b: b.klasse.startswith("huur") and b.eigenaar == "corporatie"),
    })
    return t


def detailplanning(blokken: Sequence[Blok]) -> List[Dict[str, Any]]:
    """One row per jaartal (and gerealiseerd or not: a year with both gets two rows), the 33 bouw and 33 sloop counts;
    blocks without any year in a row without jaartal. Ordered by jaartal (none last), gerealiseerd first."""
    rows: Dict[Tuple[Optional[int], bool], Dict[str, Any]] = {}
    for b in blokken:
        key = (b.jaar, b.gerealiseerd)
        row = rows.setdefault(key, {"jaartal": b.jaar, "gerealiseerd": b.gerealiseerd,
                                    **{v: 0 for v in BOUW_VELDEN + SLOOP_VELDEN}})
        row[b.veld] += b.aantal
    return [rows[k] for k in sorted(rows, key=lambda k: (k[0] is None, k[0] or 0, not k[1]))]


def verhuurder_type(plan: Plan) -> str:
    """Woningbouwcorporatie, Overig, Combinatie or Onbekend: the owners of the plan's rented dwellings."""
    eig = {b.eigenaar for b in plan.blokken if b.soort == "bouw" and b.klasse.startswith("huur")}
    if not eig or eig == {"onbekend"}:
        return "Onbekend"
    if eig <= {"corporatie", "onbekend"}:
        return "Woningbouwcorporatie"
    return "Overig" if "corporatie" not in eig else "Combinatie"


def realisatiekans_pr(kans: Optional[int]) -> Optional[int]:
    """The Planregistratie value: the percentage in steps of 10, at least 10 (the domain 10 % … 100 %)."""
    if kans is None:
        return None
    return int(min(100, max(10, 10 * round(kans / 10))))


# --- the pre-flight --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Probleem:
    plan: str
    veld: str
    tekst: str
    blokkeert: bool = True

    def regel(self) -> str:
        return f"{'fout' if self.blokkeert else 'let op'}: plan '{self.plan}', veld {self.veld}: {self.tekst}"


def _domains(plan: Plan) -> List[Probleem]:
    out = []
    for veld, lijst in (("status_planologisch", STATUS_PR), ("projectfase", PROJECTFASE_PR), ("plantype", PLANTYPE_PR),
                        ("opdrachtgever_type", OPDRACHTGEVER_PR), ("vertrouwelijkheid", VERTROUWELIJKHEID_PR)):
        v = plan.velden.get(veld)
        if v not in lijst:
            out.append(Probleem(plan.naam, veld, f"waarde '{v}' staat niet in de lijst ({', '.join(lijst)})"))
    return out


def som_controle(naam: str, totaal: Mapping[str, Any], detail: Sequence[Mapping[str, Any]],
                 blokken_per_jaar: Optional[Mapping[Tuple[Optional[int], bool], Tuple[int, int]]] = None) -> List[Probleem]:
    """Every group adds up to the same total (as Zeeland's Check columns): the DetailPlanning rows to the plan's totals, the
    resterend splits to totaal_resterend, and (from the store) each row to the blocks of its year."""
    out = []

    def check(veld: str, heeft: Any, moet: Any, waarom: str) -> None:
        if (heeft or 0) != (moet or 0):
            out.append(Probleem(naam, veld, f"{waarom}: {heeft or 0} in plaats van {moet or 0}"))

    bouw = sum(sum(int(r.get(v) or 0) for v in BOUW_VELDEN) for r in detail)
    sloop = sum(sum(int(r.get(v) or 0) for v in SLOOP_VELDEN) for r in detail)
    bouw_ger = sum(sum(int(r.get(v) or 0) for v in BOUW_VELDEN) for r in detail if r.get("gerealiseerd"))
    sloop_ger = sum(sum(int(r.get(v) or 0) for v in SLOOP_VELDEN) for r in detail if r.get("gerealiseerd"))
    check("totaal_bouw", bouw, totaal.get("totaal_bouw"), "de DetailPlanning telt op tot")
    check("totaal_sloop", sloop, totaal.get("totaal_sloop"), "de DetailPlanning (sloop_) telt op tot")
    check("totaal_gerealiseerd", bouw_ger, totaal.get("totaal_gerealiseerd"), "de gerealiseerde DetailPlanning telt op tot")
    check("totaal_sloop_gerealiseerd", sloop_ger, totaal.get("totaal_sloop_gerealiseerd"),
          "de gerealiseerde DetailPlanning (sloop_) telt op tot")
    g = {k: int(totaal.get(k) or 0) for k in totaal}
    check("totaal_netto", g.get("totaal_netto"), g.get("totaal_bouw", 0) - g.get("totaal_sloop", 0), "netto is niet bouw − sloop")
    check("totaal_resterend", g.get("totaal_resterend"), g.get("totaal_bouw", 0) - g.get("totaal_gerealiseerd", 0),
          "resterend is niet totaal − gerealiseerd")
    rest = g.get("totaal_resterend", 0)
    for veld, delen in (("totaal_eengezins_resterend", ("totaal_eengezins_resterend", "totaal_meergezins_resterend",
                                                        "totaal_type_onbekend_resterend")),
                        ("totaal_koop_resterend", ("totaal_koop_resterend", "totaal_huur_resterend",
                                                   "totaal_koop_huur_onbekend_resterend")),
                        ("Totaal_koop1", ("Totaal_koop1", "Totaal_koop2", "Totaal_koop3", "Totaal_koop4", "Totaal_koop_onbekend",
                                          "Totaal_huur1", "Totaal_huur2", "Totaal_huur3", "Totaal_huur4", "Totaal_huur_onbekend",
                                          "Totaal_eigendom_onbekend"))):
        if not all(d in totaal for d in delen):  # a file without this group (the readable workbook)
            continue
        check(veld, sum(g.get(d, 0) for d in delen), rest, f"de groep {' + '.join(delen)} telt op tot")
    for r in detail if blokken_per_jaar is not None else ():
        key = (r.get("jaartal"), bool(r.get("gerealiseerd")))
        b, s = blokken_per_jaar.get(key, (0, 0))  # type: ignore[union-attr]
        j = r.get("jaartal") if r.get("jaartal") is not None else "zonder jaar"
        check(f"DetailPlanning {j}", sum(int(r.get(v) or 0) for v in BOUW_VELDEN), b, "bouw van dat jaar telt op tot")
        check(f"DetailPlanning {j} (sloop_)", sum(int(r.get(v) or 0) for v in SLOOP_VELDEN), s, "sloop van dat jaar telt op tot")
    return out


def controle(lijst: Planlijst, formaat: str = "planregistratie") -> List[Probleem]:
    """The pre-flight of a plan list for a format: mandatory fields, code lists, every group adding up, the geometry valid
    and inside the gemeente. A problem with blokkeert stops the writing; the others are said and written as said."""
    out: List[Probleem] = []
    binnen = lijst.gemeente_geom.buffer(1.0) if lijst.gemeente_geom is not None else None
    if not lijst.gemeente:
        out.append(Probleem("(alle)", "gemeente", "de store heeft geen gemeente (laag gemeente); verplicht in elk formaat"))
    for p in lijst.plannen:
        if not p.naam.strip():
            out.append(Probleem(f"{p.laag} {p.fid}", "plannaam", "is verplicht"))
        out.extend(_domains(p))
        if p.velden.get("status_planologisch") == "onbekend":
            out.append(Probleem(p.naam, "status_planologisch", "is Onbekend: de provincie kan het plan niet als hard of zacht tellen",
                                blokkeert=formaat == "zuid-holland"))
        if p.geom is None or p.geom.is_empty:
            out.append(Probleem(p.naam, "geometrie", "ontbreekt"))
        else:
            why = geo.explain_invalid(p.geom)
            if why:
                out.append(Probleem(p.naam, "geometrie", f"is ongeldig ({why})"))
            elif binnen is not None and not binnen.covers(p.geom):
                out.append(Probleem(p.naam, "geometrie", f"ligt (deels) buiten de gemeente {lijst.gemeente}"))
        pr = realisatiekans_pr(p.realisatiekans)
        if p.realisatiekans is not None and pr != p.realisatiekans:
            out.append(Probleem(p.naam, "realisatiekans", f"{p.realisatiekans} % wordt geleverd als {pr} % (stappen van 10 %)",
                                blokkeert=False))
        if any(b.jaar is None for b in p.blokken):
            out.append(Probleem(p.naam, "jaartal", "woningblokken zonder jaar (en geen opleverjaar): een rij zonder jaartal",
                                blokkeert=False))
        per_jaar: Dict[Tuple[Optional[int], bool], Tuple[int, int]] = {}
        for b in p.blokken:
            bouw, sloop = per_jaar.get((b.jaar, b.gerealiseerd), (0, 0))
            per_jaar[(b.jaar, b.gerealiseerd)] = (bouw + (b.aantal if b.soort == "bouw" else 0),
                                                  sloop + (b.aantal if b.soort == "sloop" else 0))
        out.extend(som_controle(p.naam, p.totalen, p.detail, per_jaar))
    return out


def rapport(problemen: Sequence[Probleem]) -> str:
    """The pre-flight report in Dutch: one line per problem, then the count."""
    fouten = sum(1 for p in problemen if p.blokkeert)
    regels = [p.regel() for p in problemen]
    regels.append(f"Controle: {fouten} fout(en) die het schrijven tegenhouden, {len(problemen) - fouten} opmerking(en).")
    return "\n".join(regels)


__all__ = ["FORMATEN", "NIVEAUS", "KLASSEN", "BOUW_VELDEN", "SLOOP_VELDEN", "Plan", "Planlijst", "Probleem", "planlijst",
           "klasse_van", "grenzen", "controle", "som_controle", "rapport", "totalen", "detailplanning"]
