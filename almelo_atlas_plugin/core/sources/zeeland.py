"""Back in (DESIGN.md §10, #19): the Zeeland Planmonitor Wonen workbook (`uitwisseling --formaat zeeland`) read into the
dwelling blocks of existing locations, all or nothing.

What it can do: every plan sheet is read (header, categories × years, Later of zonder jaar, Gerealiseerd) and checked
(whole numbers; Totalen = years + later + gerealiseerd; Restcapaciteit = Totalen − Gerealiseerd; every group adds up to
Nieuwbouw totaal in every column). A plan is matched to a location by its Koppel-id (bron_id, or laag:fid as the export
writes it), else by its name (exactly one location). Its blocks are then replaced by blocks made from the categories:
per column the three groups (woningtype, doelgroep from Wonen en zorg + Flex, price class) are laid side by side, so every
category total per year comes back exactly.

What it cannot do: the template has no geometry, so a plan without a match is never invented (it is reported; with
`overslaan` the others go in). The template holds group totals only, so what is finer than its categories is lost: the
eigenaar (onbekend), the prijs (empty; the class is the first of its category: Sociale huur → huur2, betaalbare koop →
koop1, dure koop → koop3), studenten (regulier), the year of realised blocks and of years outside 2024–2043, the
combination of categories within one column (which eengezins is sociale huur), and everything of a sloop block but its
number and year. The header fields are read and checked but the location's fields are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..output.uitwisseling_formaten import BETAALBAARHEID, WONEN_ZORG, ZEELAND_JAREN
from ..store.base import Store, StoreError
from .importer import ImportReport

LATER, TOTAAL, CHECK, GER, REST = "Later of zonder jaar", "Totalen", "Check", "Gerealiseerd", "Restcapaciteit"
WONINGTYPE = (("Eengezins", "eengezins"), ("Meergezins", "meergezins"), ("Onbekend", "onbekend"))
# a category of Betaalbaarheid → the class (and segment) its blocks get: the first of the category
KLASSE_VAN: Dict[str, Tuple[str, str]] = {
    "Sociale huur": ("huur2", "sociale_huur"), "Huur middenhuur": ("huur3", "middenhuur"), "Huur dure huur": ("huur4", "vrije_huur"),
    "Huur onbekend": ("huur_onb", "onbekend"), "Koop betaalbare koop": ("koop1", "koop"), "Koop dure koop": ("koop3", "koop"),
    "Koop onbekend": ("koop_onb", "koop"), "Onbekend koop of huur": ("onbekend", "onbekend")}
DOELGROEP_VAN = {"Nultreden": "ouderen_nultreden", "Zorggeschikt": "zorg"}  # Regulier: regulier or tijdelijk (Flex)
ZONDER_DOELGROEP = tuple(n for n, d in WONEN_ZORG if not d)  # Geclusterd, Onbekend: the atlas has no doelgroep for them
GROEPEN: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("Nieuwbouw", ("Nieuwbouw totaal",)), ("Woningtype", tuple(n for n, _ in WONINGTYPE)),
    ("Wonen en zorg", tuple(n for n, _ in WONEN_ZORG)), ("Flexwoningen", ("Flex", "Regulier permanent")),
    ("Betaalbaarheid", tuple(n for n, _ in BETAALBAARHEID)), ("Sloop", ("Sloop",)))


class Fout(Exception):
    """One Dutch line: where (sheet and plan), what."""


@dataclass
class ZeelandPlan:
    blad: str
    naam: str
    koppelid: Optional[str]
    kop: Dict[str, Any]
    kolommen: List[Any]  # the years, then LATER and GER
    cellen: Dict[Tuple[str, str], List[int]] = field(default_factory=dict)  # (groep, categorie) → per kolom
    checks: Dict[Tuple[str, str], Any] = field(default_factory=dict)  # (groep, categorie) → the Check cell as written

    @property
    def waar(self) -> str:
        return f"tabblad '{self.blad}' (plan {self.naam})"


def _kolom_naam(k: Any) -> str:
    return "later of zonder jaar" if k == LATER else ("gerealiseerd" if k == GER else f"jaar {k}")


def _getal(waar: str, v: Any) -> int:
    if v is None or str(v).strip() == "":
        return 0
    try:
        f = float(str(v).strip().replace(",", "."))
    except ValueError:
        f = float("nan")
    if f != f or not f.is_integer() or f < 0:
        raise Fout(f"{waar}: '{v}' is geen geheel getal van 0 of meer")
    return int(f)


# --- reading ---------------------------------------------------------------------------------------------
def _lees_blad(ws: Any) -> ZeelandPlan:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    kop: Dict[str, Any] = {}
    start = None
    for i, r in enumerate(rows):
        if r and str(r[0]).strip() == "Groep" and len(r) > 1 and str(r[1]).strip() == "Categorie":
            start = i
            break
        if r and r[0] not in (None, ""):
            kop[str(r[0]).strip()] = r[1] if len(r) > 1 else None
    naam = str(kop.get("Plannaam") or "").strip()
    waar = f"tabblad '{ws.title}'" + (f" (plan {naam})" if naam else "")
    if start is None:
        raise Fout(f"{waar}: geen tabel met de kolommen Groep en Categorie (geen blad van de Planmonitor Wonen)")
    if not naam:
        raise Fout(f"{waar}, veld Plannaam: is verplicht")
    titels = [str(c).strip() if c is not None else "" for c in rows[start]]
    for t in (LATER, TOTAAL, CHECK, GER, REST):
        if t not in titels:
            raise Fout(f"{waar}: kolom '{t}' ontbreekt")
    jaren = [int(t) for t in titels[2:titels.index(LATER)] if t.isdigit()]
    if len(jaren) != titels.index(LATER) - 2:
        raise Fout(f"{waar}: tussen Categorie en '{LATER}' horen alleen jaartallen")
    koppel = str(kop.get("Koppel-id") or "").strip() or None
    plan = ZeelandPlan(ws.title, naam, koppel, kop, [*jaren, LATER, GER])
    idx = [titels.index(str(j)) for j in jaren] + [titels.index(LATER), titels.index(GER)]
    for r in rows[start + 1:]:
        if not r or all(c in (None, "") for c in r):
            continue
        r = r + [None] * (len(titels) - len(r))
        groep, cat = str(r[0] or "").strip(), str(r[1] or "").strip()
        w = f"{plan.waar}, categorie {cat or '(leeg)'}"
        if not any(groep == g and cat in cats for g, cats in GROEPEN):
            raise Fout(f"{w}: onbekende categorie (groep '{groep}')")
        vals = [_getal(f"{w}, {_kolom_naam(k)}", r[i]) for k, i in zip(plan.kolommen, idx)]
        tot = _getal(f"{w}, {TOTAAL}", r[titels.index(TOTAAL)])
        rest = _getal(f"{w}, {REST}", r[titels.index(REST)])
        if sum(vals) != tot:
            raise Fout(f"{w}: {TOTAAL} is {tot}, de jaren, later en gerealiseerd tellen op tot {sum(vals)}")
        if rest != tot - vals[-1]:
            raise Fout(f"{w}: {REST} is {rest}, {TOTAAL} min {GER} is {tot - vals[-1]}")
        plan.cellen[(groep, cat)] = vals
        plan.checks[(groep, cat)] = r[titels.index(CHECK)]
    _controleer(plan)
    return plan


def _controleer(plan: ZeelandPlan) -> None:
    """Every category present; every group adds up to Nieuwbouw totaal in every column (the template's Check)."""
    for g, cats in GROEPEN:
        for c in cats:
            if (g, c) not in plan.cellen:
                raise Fout(f"{plan.waar}, categorie {c}: rij ontbreekt (groep {g})")
    totaal = plan.cellen[("Nieuwbouw", "Nieuwbouw totaal")]
    for g, cats in GROEPEN:
        if g in ("Nieuwbouw", "Sloop"):
            continue
        for i, k in enumerate(plan.kolommen):
            som = sum(plan.cellen[(g, c)][i] for c in cats)
            if som != totaal[i]:
                raise Fout(f"{plan.waar}, categorie {' + '.join(cats)}, {_kolom_naam(k)}: groep {g} telt op tot {som},"
                           f" Nieuwbouw totaal is {totaal[i]} (Check klopt niet)")
        verschil = sum(sum(plan.cellen[(g, c)]) for c in cats) - sum(totaal)
        for c in cats:
            check = plan.checks.get((g, c))
            moet = "OK" if verschil == 0 else f"{verschil:+d}"
            if check not in (None, "") and str(check).strip() != moet:
                raise Fout(f"{plan.waar}, categorie {c}, kolom {CHECK}: staat '{check}', de getallen geven '{moet}'")
    for c in ZONDER_DOELGROEP:
        for i, k in enumerate(plan.kolommen):
            if plan.cellen[("Wonen en zorg", c)][i]:
                raise Fout(f"{plan.waar}, categorie {c}, {_kolom_naam(k)}: de atlas kent geen doelgroep '{c}'"
                           " (zet deze woningen bij Nultreden, Zorggeschikt of Regulier)")
    for i, k in enumerate(plan.kolommen):
        flex, regulier = plan.cellen[("Flexwoningen", "Flex")][i], plan.cellen[("Wonen en zorg", "Regulier")][i]
        if flex > regulier:
            raise Fout(f"{plan.waar}, categorie Flex, {_kolom_naam(k)}: {flex} flexwoningen, maar Wonen en zorg Regulier"
                       f" heeft er maar {regulier} (flexwoningen tellen daar mee)")


def lees(pad: str) -> List[ZeelandPlan]:
    """The plan sheets of a Planmonitor Wonen workbook, each checked; a file that cannot be read is one Dutch line."""
    import zipfile

    if not Path(pad).exists():
        raise StoreError(f"{pad}: bestand niet gevonden")
    try:
        from openpyxl import load_workbook

        wb = load_workbook(pad, read_only=True, data_only=True)
        try:
            bladen = [ws for ws in wb.worksheets if ws.title != "Geen plannen"]
            plannen = [_lees_blad(ws) for ws in bladen]
        finally:
            wb.close()
    except Fout as exc:
        raise StoreError(f"{pad}, {exc}") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, zipfile.BadZipFile) as exc:
        raise StoreError(f"{pad}: geen leesbaar werkboek van de Planmonitor Wonen (.xlsx) ({type(exc).__name__})") from exc
    if not plannen and not any(ws.title == "Geen plannen" for ws in wb.worksheets):
        raise StoreError(f"{pad}: geen tabbladen met plannen (geen werkboek van de Planmonitor Wonen)")
    return plannen


# --- into blocks -----------------------------------------------------------------------------------------
def _naast_elkaar(*marges: Sequence[Tuple[Any, int]]) -> List[Tuple[Tuple[Any, ...], int]]:
    """Lay margins with the same total side by side: (one value of each, count) pieces whose sums give every margin back."""
    rest = [[list(m) for m in marge if m[1] > 0] for marge in marges]
    out: List[Tuple[Tuple[Any, ...], int]] = []
    while all(rest):
        n = min(r[0][1] for r in rest)
        out.append((tuple(r[0][0] for r in rest), n))
        for r in rest:
            r[0][1] -= n
            if r[0][1] == 0:
                r.pop(0)
    return out


def blokken(plan: ZeelandPlan, later_jaar: Optional[int]) -> List[Dict[str, Any]]:
    """The plan's blocks from its categories (module docstring). `later_jaar`: the year a block of 'Later of zonder jaar'
    gets (None, unless the location's oplever_jaar would put it in a year column)."""
    c = plan.cellen
    out: List[Dict[str, Any]] = []
    for i, k in enumerate(plan.kolommen):
        ger = k == GER
        jaar = None if ger else (later_jaar if k == LATER else int(k))
        typen = [(t, c[("Woningtype", n)][i]) for n, t in WONINGTYPE]
        flex = c[("Flexwoningen", "Flex")][i]
        doel = [(DOELGROEP_VAN[n], c[("Wonen en zorg", n)][i]) for n in DOELGROEP_VAN]
        doel += [("tijdelijk", flex), ("regulier", c[("Wonen en zorg", "Regulier")][i] - flex)]
        klassen = [(n, c[("Betaalbaarheid", n)][i]) for n, _ in BETAALBAARHEID]
        for (typ, dg, kat), n in _naast_elkaar(typen, doel, klassen):
            klasse, segment = KLASSE_VAN[kat]
            out.append({"soort": "bouw", "aantal": n, "segment": segment, "woningtype": typ, "eigenaar": "onbekend",
                        "doelgroep": dg, "prijsklasse": klasse, "jaar": jaar, "gerealiseerd": ger})
        n = c[("Sloop", "Sloop")][i]
        if n:
            out.append({"soort": "sloop", "aantal": n, "segment": "onbekend", "woningtype": "onbekend", "eigenaar": "onbekend",
                        "doelgroep": "regulier", "prijsklasse": "onbekend", "jaar": jaar, "gerealiseerd": ger})
    return out


# --- matching and writing --------------------------------------------------------------------------------
def _locaties(store: Store, con: Any) -> List[Dict[str, Any]]:
    out = []
    for laag in ("projecten", "potloodplannen"):
        extra = "oplever_jaar, NULL AS soort" if laag == "projecten" else "NULL AS oplever_jaar, soort"
        for fid, naam, bron_id, oplever, soort in con.execute(f'SELECT fid, naam, bron_id, {extra} FROM "{laag}" ORDER BY fid'):
            koppel = str(bron_id) if bron_id else (f"{laag}:{soort}:{fid}" if laag == "potloodplannen" else f"{laag}:{fid}")
            out.append({"laag": laag, "fid": int(fid), "naam": str(naam or "").strip(), "koppelid": koppel, "oplever_jaar": oplever})
    return out


def koppel(plan: ZeelandPlan, locaties: Sequence[Dict[str, Any]]) -> Tuple[Optional[Dict[str, Any]], str]:
    """The location of a plan (by Koppel-id, else by its name, exactly one) or None with the Dutch reason."""
    if plan.koppelid:
        hit = [loc for loc in locaties if loc["koppelid"] == plan.koppelid]
        if len(hit) == 1:
            return hit[0], ""
    hit = [loc for loc in locaties if loc["naam"] == plan.naam]
    if len(hit) == 1:
        return hit[0], ""
    waarom = f"Koppel-id '{plan.koppelid}' niet gevonden en " if plan.koppelid else "geen Koppel-id en "
    if hit:
        return None, waarom + f"{len(hit)} locaties heten '{plan.naam}' (hernoem er een of geef de Koppel-id)"
    return None, waarom + f"geen project of potloodplan heet '{plan.naam}'; het werkboek heeft geen geometrie, dus het plan" \
                          " wordt niet nieuw aangemaakt (teken het eerst in de atlas)"


class ZeelandReport(ImportReport):
    """Written whole or not at all; a plan without a location is a refusal unless the user asked to skip those."""

    overgeslagen: int = 0

    @property
    def saved(self) -> bool:
        return self.imported > 0 and not self.refused

    def summary(self) -> str:
        if self.refused:
            return (f"{self.source}: {len(self.refused)} plan(nen) niet te koppelen; het werkboek wordt alleen in zijn geheel"
                    " ingelezen, er is niets gewijzigd (of kies: plannen zonder koppeling overslaan).")
        skipped = f"; {self.overgeslagen} plan(nen) zonder koppeling overgeslagen" if self.overgeslagen else ""
        return f"Woningblokken van {self.imported} plan(nen) vervangen uit de Planmonitor Wonen {self.source}{skipped}."


def importeer(store: Store, pad: str, overslaan: bool = False, vervang: bool = False,
              door: str = "import zeeland") -> ZeelandReport:
    """Read the workbook and replace the blocks of every matched location in one transaction (module docstring)."""
    rep = ZeelandReport("zeeland", pad)
    if vervang:
        rep.warnings.append("--vervang geldt niet voor zeeland: alleen de woningblokken van de plannen in het werkboek worden"
                            " vervangen, andere locaties en blokken blijven staan")
    plannen = lees(pad)
    with store.transaction() as con:
        locaties = _locaties(store, con)
        gezien: Dict[Tuple[str, int], str] = {}
        klaar: List[Tuple[Dict[str, Any], List[Dict[str, Any]]]] = []
        for plan in plannen:
            loc, waarom = koppel(plan, locaties)
            if loc is None:
                (rep.warnings if overslaan else rep.refused).append(f"{plan.waar}: {waarom}")
                rep.overgeslagen += overslaan
                continue
            dubbel = gezien.get((loc["laag"], loc["fid"]))
            if dubbel:
                rep.refused.append(f"{plan.waar}: hoort bij dezelfde locatie als {dubbel}")
                continue
            gezien[(loc["laag"], loc["fid"])] = plan.waar
            if loc["naam"] != plan.naam:
                rep.warnings.append(f"{plan.waar}: gekoppeld op Koppel-id {plan.koppelid} aan '{loc['naam']}' (andere naam)")
            oj = loc["oplever_jaar"]
            later = None if oj is None or not min(ZEELAND_JAREN) <= int(oj) <= max(ZEELAND_JAREN) else max(ZEELAND_JAREN) + 1
            klaar.append((loc, blokken(plan, later)))
        if rep.refused:
            return rep
        for loc, bl in klaar:
            con.execute(f"DELETE FROM woningblokken WHERE laag = {store.param} AND locatie_fid = {store.param}",
                        (loc["laag"], loc["fid"]))
            if bl:
                store.insert_rows(con, "woningblokken", [{**b, "laag": loc["laag"], "locatie_fid": loc["fid"],
                                                          "bijgewerkt_door": door} for b in bl])
    rep.imported = len(klaar)
    return rep
