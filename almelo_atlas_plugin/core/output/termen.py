"""The atlas's words explained and its goal figures in readable units: one place for the dock's tooltips, its legend
line and the agenda. GUI-free; the texts go through tr() so that the dock shows them in the user's language, while
`vertaald=False` gives the Dutch source (the printed agenda stays Dutch)."""

from __future__ import annotations

import math
import sys
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from ..figures.result import BOUWJAARKLASSEN, LABELGROEPEN, ONBEKEND, Doel
from ..model.schema import PROGRAMME_LABELS

M2_PER_HA = 10_000
_QT = ("qgis.PyQt.QtCore", "PyQt5.QtCore", "PyQt6.QtCore")
LEGENDA_TERMEN = ("netto", "verwacht", "hard", "zacht", "gepland", "gerealiseerd", "potentieel")


def tr(text: str) -> str:
    if not any(m in sys.modules for m in _QT):  # no Qt loaded, so no translator installed: the Dutch source as it is
        return text  # (the command line starts without Qt: issue #18)
    from qgis.PyQt.QtCore import QCoreApplication

    return QCoreApplication.translate("Termen", text)


def _dutch(text: str) -> str:
    return text


def vertaler(vertaald: bool, translate: Callable[[str], str] = tr) -> Callable[[str], str]:
    """A module's tr() (default the Termen's) for text shown in the user's language, else the Dutch source."""
    return translate if vertaald else _dutch


def _termen(tr: Callable[[str], str]) -> Dict[str, Tuple[str, str]]:
    """term → (short meaning for a legend line, one-line explanation)."""
    return {
        "hard": (tr("met bestemmingsplan"),
                 tr("Hard: een project dat past in een vastgesteld bestemmingsplan en nog niet is opgeleverd.")),
        "zacht": (tr("nog geen bestemmingsplan"),
                  tr("Zacht: een project waarvoor het bestemmingsplan nog niet is vastgesteld; het kan nog veranderen.")),
        "gepland": (tr("hard + zacht"),
                    tr("Gepland: hard en zacht samen, de projecten die nog niet zijn opgeleverd.")),
        "gerealiseerd": (tr("opgeleverd"),
                         tr("Gerealiseerd: projecten die zijn opgeleverd.")),
        "potentieel": (tr("op potloodplannen"),
                       tr("Potentieel: wat op potloodplannen zou passen; indicatief, nog geen project.")),
        "potloodplan": (tr("mogelijke locatie"),
                        tr("Potloodplan: een mogelijke locatie (leegstand, braakliggend terrein, strategische positie), "
                           "nog geen project.")),
        "peildatum": (tr("cijfers op die datum"),
                      tr("Peildatum: de cijfers zoals de atlas ze op die datum kende.")),
        "peiljaar": (tr("doel t/m dat jaar"),
                     tr("Peiljaar: het doel telt de projecten met een opleverjaar tot en met dit jaar.")),
        "opgave": (tr("stadsopgave 3.1–3.7"),
                   tr("Opgave: een van de zeven stadsopgaven van de Uitvoeringsagenda (3.1–3.7); "
                      "een locatie telt mee bij de opgaven waarmee ze is gelabeld.")),
        "doel": (tr("streefwaarde met peiljaar"),
                 tr("Doel: een streefwaarde uit de agenda, gehouden tegen de projecten tot en met het peiljaar.")),
        "dekking": (tr("deel van het doel"),
                    tr("Dekking: gerealiseerd en gepland samen, gedeeld door het doel; 100 % is het doel gehaald.")),
        "woningvraag": (tr("verwachte vraag per jaar"),
                        tr("Woningvraag: het aantal woningen dat per jaar nodig is volgens de prognose.")),
        "planoverschot": (tr("aanbod boven de vraag"),
                          tr("Planoverschot: het cumulatieve aanbod gedeeld door de cumulatieve vraag; "
                             "de norm vraagt meer plannen dan de vraag, omdat niet elk plan doorgaat.")),
        "bouw": (tr("nieuwe woningen"),
                 tr("Bouw: de woningen die de woningblokken toevoegen (nieuwbouw en transformatie).")),
        "sloop": (tr("woningen die verdwijnen"),
                  tr("Sloop: de woningen die de woningblokken van soort sloop wegnemen, vaak vóór nieuwbouw op dezelfde plek.")),
        "netto": (tr("bouw − sloop"),
                  tr("Netto: bouw min sloop, de woningen die er werkelijk bij komen; de doelen van de Woonvisie tellen netto.")),
        "verwacht": (tr("gepland × realisatiekans"),
                     tr("Verwacht: de geplande woningen (netto) gewogen naar hun realisatiekans, plus wat al is gerealiseerd; "
                        "wat er naar verwachting werkelijk komt.")),
        "realisatiekans": (tr("kans dat het plan doorgaat"),
                           tr("Realisatiekans: de kans (0–100 %) dat een plan wordt gebouwd; leeg is de norm voor zijn "
                              "planologische status (een aanname in de catalogus).")),
        "planologische status": (tr("1A–2C hard, 3–4B zacht"),
                                 tr("Planologische status: de landelijke indeling 1A–4B van de planregistratie; 1A–2C "
                                    "(vastgesteld of onherroepelijk) is hard, 3–4B (in voorbereiding, visie, idee) zacht.")),
        "woningblok": (tr("deel van een plan"),
                       tr("Woningblok: een deel van een plan met eigen aantal, jaar, segment en woningtype; "
                          "een plan kan in fasen opleveren en eerst slopen.")),
        "segment": (tr("huur of koop, prijsklasse"),
                    tr("Segment: sociale huur, middenhuur, vrije huur of koop; onbekend waar het blok het niet zegt.")),
        "woningtype": (tr("eengezins of meergezins"),
                       tr("Woningtype: eengezinswoning (grondgebonden) of meergezinswoning (appartement); "
                          "onbekend waar het blok het niet zegt.")),
        "buiten wijken": (tr("in geen wijk"),
                          tr("Buiten wijken: locaties die in geen enkele wijk liggen; ze tellen mee voor de stad.")),
        # the profile from the base layers (BAG, EP-Online, Leefbaarometer)
        "bouwjaarklasse": (tr("klassen van het CBS"),
                           tr("Bouwjaarklasse: de woningen naar hun bouwjaar (BAG), in de klassen van het CBS: vóór 1945, "
                              "1945–1964, 1965–1974, 1975–1984, 1985–1994, 1995–2004, 2005–2014, 2015 en later.")),
        "energielabel": (tr("A++++ t/m G, EP-Online"),
                         tr("Energielabel: het geregistreerde label van een woning (EP-Online); A++++ t/m A+ samen als "
                            "'A+ en beter'. Een label telt bij zijn woning (BAG-id), zonder id als één woning.")),
        "zonder label": (tr("woningen − gelabelde woningen"),
                         tr("Zonder label: de woningen waarvoor (nog) geen energielabel is geregistreerd.")),
        "leefbaarometer": (tr("leefbaarheid in klassen 1–9"),
                           tr("Leefbaarometer: de leefbaarheid volgens het ministerie van BZK, van 1 (zeer onvoldoende) tot "
                              "9 (uitstekend); het gemiddelde over de gebieden weegt hun woningen (hun oppervlakte waar ze "
                              "geen woningen hebben).")),
        "afwijking": (tr("ten opzichte van Nederland"),
                      tr("Afwijking: de Leefbaarometer-score min het landelijk gemiddelde; boven 0 is beter dan gemiddeld. "
                         "De vijf dimensies zijn zijn delen.")),
        "fysieke omgeving": (tr("dimensie van de Leefbaarometer"),
                             tr("Fysieke omgeving: dimensie van de Leefbaarometer — groen, water, geluid en de bebouwing.")),
        "overlast en onveiligheid": (tr("dimensie van de Leefbaarometer"),
                                     tr("Overlast en onveiligheid: dimensie van de Leefbaarometer — vernielingen, geweld, "
                                        "inbraak en overlast.")),
        "sociale samenhang": (tr("dimensie van de Leefbaarometer"),
                              tr("Sociale samenhang: dimensie van de Leefbaarometer — de samenstelling van de bewoners en "
                                 "hoe vaak ze verhuizen.")),
        "voorzieningen": (tr("dimensie van de Leefbaarometer"),
                          tr("Voorzieningen: dimensie van de Leefbaarometer — winkels, scholen, zorg en cultuur in de buurt.")),
        "woningvoorraad": (tr("dimensie van de Leefbaarometer"),
                           tr("Woningvoorraad: dimensie van de Leefbaarometer — soort, grootte en ouderdom van de woningen.")),
    }


TERMEN: Tuple[str, ...] = tuple(_termen(_dutch))
# figure and column names (tables.frames, the JSON) whose word is a term under another name
ALIASES = {"vraag": "woningvraag", "cumulatief_vraag": "woningvraag", "n_potloodplannen": "potloodplan",
           "opgave_code": "opgave", "opgaven": "opgave", "streefwaarde": "doel", "boven_norm": "planoverschot",
           "leefbaarheid_gem": "leefbaarometer", "leefbaarheid_afw": "afwijking", "leefbaarheid_fys": "fysieke omgeving",
           "leefbaarheid_onv": "overlast en onveiligheid", "leefbaarheid_soc": "sociale samenhang",
           "leefbaarheid_vrz": "voorzieningen", "leefbaarheid_won": "woningvoorraad",
           **{f"bouwjaar_{k}": "bouwjaarklasse" for k in (*BOUWJAARKLASSEN, ONBEKEND)},
           **{f"label_{g}": "energielabel" for g in LABELGROEPEN}}


def uitleg(term: str, vertaald: bool = True) -> str:
    """The one-line explanation of a term of the atlas (KeyError for an unknown term: every term is listed here)."""
    return _termen(vertaler(vertaald))[term][1]


def term_van(name: str) -> Optional[str]:
    """The term a figure or column is named after: won_hard → hard, m2_bedrijf_potentieel → potentieel, vraag →
    woningvraag; None when it has none."""
    if name in ALIASES:
        return ALIASES[name]
    return next((t for t in TERMEN if name == t.replace(" ", "_") or name.endswith("_" + t)), None)


def cijfer_uitleg(name: str, vertaald: bool = True) -> str:
    """The explanation for a figure or column of the tables ('' when it needs none): a tooltip per row or header."""
    term = term_van(name)
    return uitleg(term, vertaald) if term else ""


def kort(term: str, vertaald: bool = True) -> str:
    """The short meaning of a term, for a legend: hard → 'met bestemmingsplan'."""
    return _termen(vertaler(vertaald))[term][0]


def legenda_regel(termen: Sequence[str] = LEGENDA_TERMEN, vertaald: bool = True) -> str:
    """One line that explains the figure words: 'hard: met bestemmingsplan · zacht: …'."""
    return " · ".join(f"{term}: {kort(term, vertaald)}" for term in termen)


# --- numbers and units ---------------------------------------------------------------------------------------------

def getal(v: float) -> str:
    """A Dutch number: 1.507, 10,4, 0,5 (at most one decimal)."""
    r = round(float(v), 1)
    text = f"{r:,.0f}" if r.is_integer() else f"{r:,.1f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def procent(share: float) -> str:
    """A share 0–1 as a Dutch percentage: 0.401 → '40 %'; beyond any number (a goal of ~0) '–'."""
    if not math.isfinite(share * 100):
        return "–"
    return getal(math.floor(share * 100 + 0.5)) + " %"


def eenheid(indicator: str, grootte: float = 0.0, vertaald: bool = True) -> Tuple[float, str]:
    """(factor, unit) to show amounts of `indicator` up to `grootte`: dwellings as woningen, m² as ha from 10.000."""
    tr = vertaler(vertaald)
    if indicator.startswith("won_"):
        return 1.0, tr("woningen")
    if indicator.startswith("m2_"):
        return (1 / M2_PER_HA, "ha") if grootte >= M2_PER_HA else (1.0, "m²")
    if indicator.startswith("ha_"):
        return 1.0, "ha"
    return 1.0, ""


def _in(d: Doel, v: float, vertaald: bool) -> str:
    """An amount of the goal's indicator in the goal's unit, without the unit name ('10,4', '18 %')."""
    if d.eenheid == "aandeel":
        return procent(v)
    factor, _ = eenheid(d.indicator, d.streefwaarde, vertaald)
    return getal(v * factor)


def _unit(d: Doel, vertaald: bool) -> str:
    return "" if d.eenheid == "aandeel" else eenheid(d.indicator, d.streefwaarde, vertaald)[1]


def _with_unit(number: str, unit: str) -> str:
    return f"{number} {unit}" if unit else number


def doel_hoeveelheid(d: Doel, v: float, vertaald: bool = True) -> str:
    """An amount of the goal's indicator with its unit, as the goal shows it: '1.400 woningen', '10 ha', '25 %'
    (for the agenda's goal table: streefwaarde, gepland, hard)."""
    return _with_unit(_in(d, v, vertaald), _unit(d, vertaald))


def doel_stand(d: Doel, vertaald: bool = True) -> str:
    """The goal in one line: '1.507 van 1.400 woningen', '10,4 van 10 ha', '40 % — ten hoogste 25 %'."""
    tr = vertaler(vertaald)
    unit = _unit(d, vertaald)
    doel = doel_hoeveelheid(d, d.streefwaarde, vertaald)
    if d.gepland is None:  # a share of no dwellings, or an indicator the locations do not carry
        stand = tr("niets gepland") if d.eenheid == "aandeel" else tr("geen cijfer")
    else:
        stand = _in(d, d.gepland, vertaald)
        stand = _with_unit(stand, unit) if d.soort == "maximum" else stand
    if d.soort == "maximum":
        return tr("{stand} — ten hoogste {doel}").format(stand=stand, doel=doel)
    if d.eenheid == "aandeel":
        return tr("{stand} — ten minste {doel}").format(stand=stand, doel=doel)
    if d.gepland is None:
        return tr("{stand} — doel {doel}").format(stand=stand, doel=doel)
    return tr("{stand} van {doel}").format(stand=stand, doel=doel)


def verwacht_getal(d: Doel, vertaald: bool = True) -> str:
    """The goal's verwacht outlook as a number in its unit (whole dwellings: '1.310'); '' where it has none (a share,
    or no outlook)."""
    if d.verwacht is None or d.eenheid == "aandeel":
        return ""
    return _in(d, round(d.verwacht) if d.indicator.startswith("won_") else d.verwacht, vertaald)


def doel_verwacht(d: Doel, vertaald: bool = True) -> str:
    """The realisatiekans-weighted outlook against the goal, under its line (which names the unit): 'verwacht 1.310 van
    1.400 in 2030'; '' where the goal has none."""
    tr = vertaler(vertaald)
    outlook = verwacht_getal(d, vertaald)
    if not outlook:
        return ""
    values = {"verwacht": outlook, "doel": _in(d, d.streefwaarde, vertaald), "jaar": d.peiljaar}
    if d.soort == "maximum":
        text = tr("verwacht {verwacht} — ten hoogste {doel} in {jaar}") if d.peiljaar else tr("verwacht {verwacht} — ten hoogste {doel}")
    else:
        text = tr("verwacht {verwacht} van {doel} in {jaar}") if d.peiljaar else tr("verwacht {verwacht} van {doel}")
    return text.format(**values)


def doel_status(d: Doel, vertaald: bool = True) -> str:
    """Met or not, in words: 'gehaald (108 %)', 'nog 65 te gaan', 'binnen het maximum', 'boven het maximum'."""
    tr = vertaler(vertaald)
    if d.gehaald is None:
        return tr("onbekend")
    if d.soort == "maximum":
        return tr("binnen het maximum") if d.gehaald else tr("boven het maximum")
    if d.gehaald:
        return tr("gehaald ({pct})").format(pct=procent(d.dekking)) if d.dekking is not None else tr("gehaald")
    return tr("nog {tekort} te gaan").format(tekort=doel_hoeveelheid(d, d.gap or 0.0, vertaald))


def doel_delen(d: Doel) -> List[Tuple[str, float]]:
    """What the goal counts, apart: [(gerealiseerd, n), (hard, n), (zacht, n)] up to its peiljaar (hard and gepland
    of a `Doel` include what came before them). Empty for a share, which has no parts to add. A netto goal's part is
    below zero where its sloop outweighs its bouw (demolished before the new dwellings come)."""
    if d.eenheid == "aandeel" or d.gepland is None:
        return []
    ger = d.gerealiseerd or 0.0
    hard = d.hard if d.hard is not None else ger
    return [("gerealiseerd", ger), ("hard", hard - ger), ("zacht", d.gepland - hard)]


def woorden(vertaald: bool = True) -> Dict[str, str]:
    """The words of a project's state as the dock and the chart write them (the domain words may stay Dutch)."""
    tr = vertaler(vertaald)
    return {"gerealiseerd": tr("gerealiseerd"), "hard": tr("hard"), "zacht": tr("zacht"), "sloop": tr("sloop"),
            "netto": tr("netto"), "verwacht": tr("verwacht")}


def _tm(d: Doel, tr: Callable[[str], str]) -> str:
    return tr("t/m {jaar}").format(jaar=d.peiljaar) if d.peiljaar is not None else tr("alle jaren")


def doel_opbouw(d: Doel, vertaald: bool = True) -> str:
    """The short line under a goal: what it counts, 't/m 2030: 138 gerealiseerd + 808 hard + 508 zacht' (netto: a part
    below zero is subtracted, 't/m 2030: −32 gerealiseerd + 230 hard + 70 zacht')."""
    tr = vertaler(vertaald)
    woord = woorden(vertaald)
    if d.eenheid == "aandeel":
        return tr("{tm}: aandeel in de gerealiseerde en geplande woningen").format(tm=_tm(d, tr))
    delen = [(v, f"{_in(d, abs(v), vertaald)} {woord[k]}") for k, v in doel_delen(d) if v]
    if not delen:
        return tr("{tm}: nog niets gerealiseerd of gepland").format(tm=_tm(d, tr))
    # a netto part below zero (sloop before bouw) is subtracted, so that the line still adds up to the goal's figure
    text = ("−" if delen[0][0] < 0 else "") + delen[0][1]
    return f"{_tm(d, tr)}: " + text + "".join((" − " if v < 0 else " + ") + part for v, part in delen[1:])


def doel_uitleg(d: Doel, vertaald: bool = True) -> str:
    """The goal's tooltip: what it asks, what it counts and why its number differs from 'gepland' in the figures."""
    tr = vertaler(vertaald)
    lines = [d.omschrijving or PROGRAMME_LABELS.get(d.indicator, d.indicator)]
    doel = doel_hoeveelheid(d, d.streefwaarde, vertaald)
    bron = d.bron or "–"
    if d.soort == "maximum":
        lines.append(tr("Ten hoogste {doel} (peiljaar {jaar}, bron {bron}); groen zolang het eronder blijft, "
                       "de balk toont welk deel van het maximum is gebruikt.").format(doel=doel, jaar=d.peiljaar or "–", bron=bron))
    else:
        lines.append(tr("Doel: {doel} (peiljaar {jaar}, bron {bron}); een volle balk is het doel gehaald.").format(
            doel=doel, jaar=d.peiljaar or "–", bron=bron))
    if d.eenheid == "aandeel":
        lines.append(tr("Het aandeel telt de gerealiseerde, harde en zachte woningen met een opleverjaar {tm}.").format(
            tm=_tm(d, tr)))
    else:
        lines.append(tr("Het doel telt gerealiseerd, hard en zacht met een opleverjaar {tm}; 'gepland' in de cijfers "
                       "telt alleen wat nog niet is opgeleverd, in alle jaren.").format(tm=_tm(d, tr)))
    if doel_verwacht(d, vertaald):
        lines.append(tr("Het volle deel van de balk is verwacht, het lichte deel de rest van gepland.") + " "
                     + uitleg("verwacht", vertaald))
    netto = ("netto",) if d.indicator == "won_netto" else ()
    lines += [uitleg(term, vertaald) for term in netto + ("gerealiseerd", "hard", "zacht")]
    return "\n".join(lines)


def doel_verwacht_balk(d: Doel) -> Optional[float]:
    """How far the verwacht outlook fills the goal's bar, 0–1 (None: the goal has no outlook)."""
    if d.verwacht is None or d.eenheid == "aandeel" or not d.streefwaarde:
        return None
    return max(0.0, min(float(d.verwacht) / float(d.streefwaarde), 1.0))


def doel_balk(d: Doel) -> float:
    """How full the goal's bar is, 0–1: the share of the goal reached (a met or exceeded goal is full), for a maximum
    the share of the maximum used."""
    if d.dekking is None:
        return 0.0
    return max(0.0, min(float(d.dekking), 1.0))

