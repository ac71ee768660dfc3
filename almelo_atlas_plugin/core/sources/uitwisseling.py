"""Back in (DESIGN.md §10): a Planregistratie file (GeoPackage, FileGDB or the Zuid-Holland GeoJSON) or the atlas's own
exchange workbook read into locations and dwelling blocks, all or nothing.

A plan becomes a project (a potloodplan when its koppelid says so: `potloodplannen:<soort>:<fid>`, how the atlas
writes them), its koppelid the location's bron_id. Planregistratie holds the dwellings per year and class only, the owners
and groups as plan totals: the blocks get them back by filling those totals in order (corporatie first in middenhuur,
then in huur1, huur2, huur_onb, huur4; tijdelijk, nultreden, zorg in the remaining blocks). The workbook holds every block.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from ..model.schema import DOMAINS, PLANSTATUS_VAN_STATUS
from ..output.uitwisseling import (
    BOUW_VELDEN,
    KLASSEN,
    OPDRACHTGEVER_PR,
    PLANTYPE_PR,
    PROJECTFASE_PR,
    SLOOP_VELDEN,
    STATUS_PR,
    TYPEN,
    VERTROUWELIJKHEID_PR,
    som_controle,
)
from ..output.uitwisseling_formaten import BLOK_KOLOMMEN, PLAN_KOLOMMEN, detail_kop
from ..store.base import Store, StoreError
from .importer import ImportReport

SOORTEN = ("planregistratie", "uitwisseling-excel")
SEGMENT_VAN_KLASSE = {**{k: "koop" for k in KLASSEN if k.startswith("koop")}, "huur1": "sociale_huur", "huur2": "sociale_huur",
                      "huur3": "middenhuur", "huur4": "vrije_huur", "huur_onb": "onbekend", "onbekend": "onbekend"}
# the project's status from its phase (never opgeleverd unless every block is realised: the blocks carry that)
STATUS_VAN_FASE = {"0_studie": "initiatief", "1_initiatief": "initiatief", "2_project": "voorbereiding",
                   "3_vergunning": "voorbereiding", "4_realisatie": "uitvoering", "5_oplevering": "uitvoering",
                   "afgerond": "opgeleverd", "onbekend": "initiatief"}


def _terug(lijst: Dict[str, str]) -> Dict[str, str]:
    return {v.lower(): k for k, v in lijst.items()}


@dataclass
class PlanIn:
    waar: str  # 'Planregistratie, feature 3 (Plan X)'
    props: Dict[str, Any]
    geom: Any
    detail: List[Dict[str, Any]] = field(default_factory=list)
    blokken: Optional[List[Dict[str, Any]]] = None  # the workbook's own blocks


# --- reading ---------------------------------------------------------------------------------------------
def _lees_ogr(pad: str) -> List[PlanIn]:
    from osgeo import gdal, ogr

    from ..model import geo

    ds = gdal.OpenEx(pad, gdal.OF_VECTOR)
    if ds is None or ds.GetLayerByName("Planregistratie") is None or ds.GetLayerByName("DetailPlanning") is None:
        raise StoreError(f"{pad}: geen Planregistratie (lagen Planregistratie en DetailPlanning niet gevonden)")
    per_plan: Dict[str, List[Dict[str, Any]]] = {}
    for f in ds.GetLayerByName("DetailPlanning"):
        row = f.items()
        per_plan.setdefault(str(row.get("parent_globalid")), []).append(row)
    out = []
    for f in ds.GetLayerByName("Planregistratie"):
        props = f.items()
        g = f.GetGeometryRef()
        geom = geo.from_wkb(bytes(g.ExportToWkb(ogr.wkbNDR))) if g is not None else None
        out.append(PlanIn(f"Planregistratie, feature {f.GetFID()} ({props.get('plannaam')})", props, geom,
                          _detail(per_plan.get(str(props.get("GlobalID")), []))))
    return out


def _detail(rows: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The rows as read (numbers checked by _normaliseer, where the plan is known)."""
    return [{"jaartal": r.get("jaartal"), "gerealiseerd": str(r.get("bouw_gerealiseerd") or "Nee") == "Ja",
             **{v: r.get(v) for v in BOUW_VELDEN + SLOOP_VELDEN}} for r in rows]


def _lees_geojson(pad: str) -> List[PlanIn]:
    from shapely.geometry import shape

    with open(pad, encoding="utf-8") as fh:
        data = json.load(fh)
    out = []
    for i, feat in enumerate(data.get("features") or []):
        props = dict(feat.get("properties") or {})
        years = props.pop("year_properties", None) or []
        geom = shape(feat["geometry"]) if feat.get("geometry") else None
        out.append(PlanIn(f"Planregistratie, feature {i + 1} ({props.get('plannaam')})", props, geom, _detail(years)))
    return out


def _lees_excel(pad: str) -> List[PlanIn]:
    from openpyxl import load_workbook
    from shapely import wkt

    wb = load_workbook(pad, read_only=True, data_only=True)
    for sheet in ("Plannen", "Blokken"):
        if sheet not in wb.sheetnames:
            raise StoreError(f"{pad}: geen uitwisselingswerkboek van de atlas (tabblad {sheet} ontbreekt)")
    velden = {k: v for v, k in PLAN_KOLOMMEN}
    rows = list(wb["Plannen"].iter_rows(values_only=True))
    kop = [velden.get(str(c), str(c)) for c in rows[0]]
    plannen: Dict[str, PlanIn] = {}
    for n, r in enumerate(rows[1:], start=2):
        props = dict(zip(kop, r))
        geom_text = props.pop("Geometrie (WKT, EPSG:28992)", None)
        plannen[str(props.get("koppelid"))] = PlanIn(f"Plannen, rij {n} ({props.get('plannaam')})", props,
                                                     wkt.loads(geom_text) if geom_text else None, [], [])
    bkol = {k: v for v, k in BLOK_KOLOMMEN}
    brows = list(wb["Blokken"].iter_rows(values_only=True))
    bkop = [bkol.get(str(c), str(c)) for c in brows[0]]
    for n, r in enumerate(brows[1:], start=2):
        b = dict(zip(bkop, r))
        plan = plannen.get(str(b.get("koppelid")))
        if plan is None:
            raise StoreError(f"Blokken, rij {n}, veld Koppel-id: plan '{b.get('koppelid')}' staat niet op tabblad Plannen")
        b["rij"] = n
        plan.blokken.append(b)  # type: ignore[union-attr]
    if "Per jaar" in wb.sheetnames:
        dkol = {detail_kop(v): v for v in BOUW_VELDEN + SLOOP_VELDEN}
        drows = list(wb["Per jaar"].iter_rows(values_only=True))
        dkop = [{"Koppel-id": "koppelid", "Jaartal": "jaartal", "Gerealiseerd": "gerealiseerd"}.get(str(c), dkol.get(str(c), str(c)))
                for c in drows[0]]
        for r in drows[1:]:
            d = dict(zip(dkop, r))
            if str(d.get("koppelid")) in plannen:
                plannen[str(d["koppelid"])].detail.append({"jaartal": d.get("jaartal"), "gerealiseerd": d.get("gerealiseerd") == "ja",
                                                          **{v: d.get(v) for v in BOUW_VELDEN + SLOOP_VELDEN}})
    wb.close()
    return list(plannen.values())


def lees(soort: str, pad: str) -> List[PlanIn]:
    """The plans of a file; a file that cannot be read is one Dutch line, never a traceback."""
    import zipfile

    if not Path(pad).exists():
        raise StoreError(f"{pad}: bestand niet gevonden")
    try:
        if soort == "uitwisseling-excel":
            return _lees_excel(pad)
        return _lees_geojson(pad) if pad.lower().endswith((".geojson", ".json")) else _lees_ogr(pad)
    except StoreError:
        raise
    except (OSError, RuntimeError, ValueError, KeyError, TypeError, AttributeError, IndexError, StopIteration, zipfile.BadZipFile) as exc:
        what = "Excel-werkboek van de atlas" if soort == "uitwisseling-excel" else "Planregistratie (.gpkg, .gdb of .geojson)"
        raise StoreError(f"{pad}: geen leesbaar {what} ({type(exc).__name__})") from exc


# --- into locations and blocks ---------------------------------------------------------------------------
class _Fout(Exception):
    def __init__(self, waar: str, veld: str, tekst: str):
        super().__init__(f"{waar}, veld {veld}: {tekst}")


def _getal(waar: str, veld: str, v: Any, leeg: Optional[int] = 0, negatief: bool = False) -> Optional[int]:
    """A whole number as a file holds it (int, 12.0, '12'); empty: `leeg`; anything else refused with plan and field.
    Negative only where `negatief` (netto)."""
    if v is None or str(v).strip() == "":
        return leeg
    try:
        f = float(str(v).strip().replace(",", "."))
    except ValueError:
        f = float("nan")
    if f != f or not f.is_integer() or (f < 0 and not negatief):
        raise _Fout(waar, veld, f"'{v}' is geen geheel getal" + ("" if negatief else " van 0 of meer"))
    return int(f)


def _normaliseer(plan: PlanIn) -> None:
    """The plan's totals and DetailPlanning numbers checked and made whole numbers, in place (before the sums are held)."""
    for k in [k for k in plan.props if k.lower().startswith(("totaal", "aantal_")) or k == "onzelfstandige_wooneenheden"]:
        plan.props[k] = _getal(plan.waar, k, plan.props[k], None, negatief="netto" in k)
    for r in plan.detail:
        r["jaartal"] = _getal(plan.waar, "jaartal", r.get("jaartal"), None)
        for v in BOUW_VELDEN + SLOOP_VELDEN:
            r[v] = _getal(f"{plan.waar}, DetailPlanning {r['jaartal'] if r['jaartal'] is not None else 'zonder jaar'}", v, r.get(v))


def _code(plan: PlanIn, veld: str, lijst: Dict[str, str], default: str = "onbekend") -> str:
    v = plan.props.get(veld)
    if v is None or str(v).strip() == "":
        return default
    code = _terug(lijst).get(str(v).strip().lower())
    if code is None:
        raise _Fout(plan.waar, veld, f"waarde '{v}' staat niet in de lijst ({', '.join(lijst.values())})")
    return code


def _locatie(plan: PlanIn) -> Tuple[str, Dict[str, Any]]:
    naam = str(plan.props.get("plannaam") or "").strip()
    if not naam:
        raise _Fout(plan.waar, "plannaam", "is verplicht")
    if plan.geom is None or plan.geom.is_empty:
        raise _Fout(plan.waar, "geometrie", "ontbreekt")
    koppel = str(plan.props.get("koppelid") or "").strip() or None
    status_pl = _code(plan, "status_planologisch", STATUS_PR)
    row: Dict[str, Any] = {
        "naam": naam, "status_planologisch": status_pl, "projectfase": _code(plan, "projectfase", PROJECTFASE_PR),
        "plantype": _code(plan, "plantype", PLANTYPE_PR), "opdrachtgever_type": _code(plan, "opdrachtgever_type", OPDRACHTGEVER_PR),
        "vertrouwelijkheid": _code(plan, "vertrouwelijkheid", VERTROUWELIJKHEID_PR, "gemeente"),
        "knelpunten": plan.props.get("knelpunten_meerkeuze"), "toelichting": plan.props.get("opmerkingen_basis"),
        "bron_id": koppel, "bijgewerkt_door": "import uitwisseling", "geom": plan.geom}
    kans = plan.props.get("realisatiekans")
    if kans not in (None, ""):
        try:
            row["realisatiekans"] = int(str(kans).rstrip("% "))
        except ValueError:
            raise _Fout(plan.waar, "realisatiekans", f"'{kans}' is geen percentage") from None
    parts = (koppel or "").split(":")
    if parts[0] == "potloodplannen" and len(parts) == 3 and parts[1] in DOMAINS["soort_potloodplan"]:
        row["soort"] = parts[1]
        return "potloodplannen", row
    row["planstatus"] = PLANSTATUS_VAN_STATUS.get(status_pl) or "zacht"
    row["status"] = STATUS_VAN_FASE[row["projectfase"]]
    jaren = [_getal(plan.waar, k, plan.props.get(k)) for k in ("oplevering_eerste", "oplevering_laatste")
             if plan.props.get(k) not in (None, "")]
    row["oplever_jaar"] = max(jaren) if jaren else None
    start = plan.props.get("ph_short1")  # Zuid-Holland's start year
    if start not in (None, "") and (row["oplever_jaar"] is None or _getal(plan.waar, "ph_short1", start) <= row["oplever_jaar"]):
        row["start_jaar"] = _getal(plan.waar, "ph_short1", start)
    return "projecten", row


def _blokken_uit_detail(plan: PlanIn) -> List[Dict[str, Any]]:
    """One block per non-zero DetailPlanning cell, then the plan's owner and group totals filled in (module docstring)."""
    out = []
    for r in plan.detail:
        for veld in BOUW_VELDEN + SLOOP_VELDEN:
            n = r.get(veld) or 0
            if n <= 0:
                continue
            sloop = veld.startswith("sloop_")
            rest = veld[6:] if sloop else veld
            typ = next(t for t in TYPEN if rest.startswith(t + "_"))
            klasse = rest[len(typ) + 1:]
            out.append({"soort": "sloop" if sloop else "bouw", "aantal": n, "segment": SEGMENT_VAN_KLASSE[klasse], "woningtype": typ,
                        "eigenaar": "onbekend", "doelgroep": "regulier", "prijsklasse": klasse,
                        "jaar": r.get("jaartal"), "gerealiseerd": bool(r.get("gerealiseerd"))})
    p = plan.props
    rest_huur = [b for b in out if b["soort"] == "bouw" and not b["gerealiseerd"] and b["prijsklasse"].startswith("huur")]
    midden = p.get("aantal_middenhuur_corporatie") or 0
    corp = p.get("aantal_huurwoningen_corporatie") or 0
    out = _vul(out, [b for b in rest_huur if b["segment"] == "middenhuur"], "eigenaar", "corporatie", midden)
    rest_huur = [b for b in out if b["soort"] == "bouw" and not b["gerealiseerd"] and b["prijsklasse"].startswith("huur")
                 and b["eigenaar"] == "onbekend"]
    volgorde = {"huur1": 0, "huur2": 1, "huur_onb": 2, "huur4": 3}  # a corporatie's dwellings: the social classes first
    out = _vul(out, sorted((b for b in rest_huur if b["segment"] != "middenhuur"), key=lambda b: volgorde.get(b["prijsklasse"], 9)),
               "eigenaar", "corporatie", corp - midden)
    if p.get("verhuurder_type") in ("Overig", "Combinatie"):
        for b in out:
            if b["soort"] == "bouw" and b["prijsklasse"].startswith("huur") and b["eigenaar"] == "onbekend":
                b["eigenaar"] = "particulier"
    for veld, groep in (("aantal_tijdelijke_woningen", "tijdelijk"), ("aantal_nultreden_woningen", "ouderen_nultreden"),
                        ("aantal_zorggeschikte_woningen", "zorg")):
        vrij = [b for b in out if b["soort"] == "bouw" and not b["gerealiseerd"] and b["doelgroep"] == "regulier"]
        out = _vul(out, vrij, "doelgroep", groep, p.get(veld) or 0)
    return out


def _vul(blokken: List[Dict[str, Any]], kandidaten: List[Dict[str, Any]], veld: str, waarde: str, n: int) -> List[Dict[str, Any]]:
    """Give `n` dwellings of the candidates (in order) `veld` = `waarde`, splitting the last block where needed."""
    for b in kandidaten:
        if n <= 0:
            break
        if b["aantal"] > n:
            deel = {**b, "aantal": b["aantal"] - n}
            b["aantal"] = n
            blokken.insert(blokken.index(b) + 1, deel)
        b[veld] = waarde
        n -= b["aantal"]
    return blokken


def _blokken_uit_werkboek(plan: PlanIn) -> List[Dict[str, Any]]:
    terug = {k: _terug(DOMAINS[d]) for k, d in (("soort", "soort_blok"), ("segment", "segment"), ("woningtype", "woningtype_blok"),
                                               ("eigenaar", "eigenaar"), ("doelgroep", "doelgroep"))}
    klassen = _terug(DOMAINS["prijsklasse"])
    out = []
    for b in plan.blokken or []:
        row: Dict[str, Any] = {}
        for k, lijst in terug.items():
            code = lijst.get(str(b.get(k) or "").strip().lower())
            if code is None:
                raise _Fout(f"Blokken, rij {b['rij']}", k, f"waarde '{b.get(k)}' staat niet in de lijst")
            row[k] = code
        row["aantal"] = _getal(f"Blokken, rij {b['rij']}", "aantal", b.get("aantal"))
        try:
            row["prijs"] = None if b.get("prijs") in (None, "") else float(b["prijs"])
        except (TypeError, ValueError):
            raise _Fout(f"Blokken, rij {b['rij']}", "prijs", f"'{b.get('prijs')}' is geen bedrag") from None
        row["prijsklasse"] = None if row["prijs"] is not None else klassen.get(str(b.get("klasse") or "").lower())
        row["jaar"] = _getal(f"Blokken, rij {b['rij']}", "jaar", b.get("jaar"), None)
        row["gerealiseerd"] = str(b.get("gerealiseerd")).lower() == "ja"
        out.append(row)
    return out


class UitwisselingReport(ImportReport):
    """A file is read whole or not at all: the summary says so when a plan was refused."""

    @property
    def saved(self) -> bool:
        return self.imported > 0 and not self.refused

    def summary(self) -> str:
        if self.refused:
            return (f"{self.layer}: {len(self.refused)} probleem/problemen in het bestand; het wordt alleen in zijn geheel"
                    " ingelezen, er is niets gewijzigd.")
        return f"{self.imported} plannen met hun woningblokken ingelezen uit {self.layer}."


def importeer(store: Store, soort: str, pad: str, vervang: bool = False) -> ImportReport:
    """Read the file and write its plans (locations and blocks) in one transaction; a file with any refused plan writes
    nothing (the report names each plan and field). `vervang`: the locations and blocks of the store go first."""
    from ..edits import write_wijk_codes

    rep = UitwisselingReport(soort, pad, replace=vervang)
    plannen = lees(soort, pad)
    rijen: List[Tuple[str, Dict[str, Any], List[Dict[str, Any]]]] = []
    for plan in plannen:
        try:
            _normaliseer(plan)
            laag, row = _locatie(plan)
            blokken = _blokken_uit_werkboek(plan) if plan.blokken is not None else _blokken_uit_detail(plan)
        except _Fout as exc:
            rep.refused.append(str(exc))
            continue
        naam = str(plan.props.get("plannaam"))
        for p in som_controle(naam, {k: v for k, v in plan.props.items() if k.lower().startswith("totaal")}, plan.detail):
            rep.refused.append(f"{plan.waar}, veld {p.veld}: {p.tekst}")
        rijen.append((laag, row, blokken))
    if rep.refused:
        return rep
    with store.transaction() as con:
        if vervang:
            for laag in ("projecten", "potloodplannen"):
                con.execute(f'DELETE FROM "{laag}"')
        nieuw: Dict[str, List[int]] = {}
        for laag, row, blokken in rijen:
            fid = store.insert_rows(con, laag, [row])[0]
            nieuw.setdefault(laag, []).append(fid)
            if blokken:
                store.insert_rows(con, "woningblokken", [{**b, "laag": laag, "locatie_fid": fid, "bijgewerkt_door": "import uitwisseling"}
                                                         for b in blokken])
        for laag, fids in nieuw.items():
            write_wijk_codes(store, con, laag, fids)
    rep.imported = len(rijen)
    return rep
