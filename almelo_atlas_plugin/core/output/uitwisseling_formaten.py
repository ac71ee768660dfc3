"""The writers of the exchange formats (FORMATS.md §9): Planregistratie (GeoPackage or FileGDB), the Zuid-Holland GeoJSON,
the Zeeland Planmonitor Wonen workbook and one readable workbook. Each writes the whole file aside and renames it into
place; they get a plan list the pre-flight (uitwisseling.controle) has passed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..model.schema import DOMAINS, EPSG
from .files import check_target, failure, write_text, write_with
from .uitwisseling import (
    BOUW_VELDEN,
    KLASSEN,
    OPDRACHTGEVER_PR,
    PLANTYPE_PR,
    PROJECTFASE_PR,
    REALISATIEKANS_PR,
    SLOOP_VELDEN,
    STATUS_PR,
    TYPEN,
    VERTROUWELIJKHEID_PR,
    Plan,
    Planlijst,
    realisatiekans_pr,
    verhuurder_type,
)

PROVINCIE = "Overijssel"
REGIO = "Twente"
MAKER = "Almelo Atlas"
JA_NEE = {"Ja": "Ja", "Nee": "Nee"}
VERHUURDER_PR = {v: v for v in ("Woningbouwcorporatie", "Overig", "Combinatie", "Onbekend")}
AANDACHTSGROEPEN_PR = {v: v for v in ("Studenten", "Ouderen", "Arbeidsmigranten", "Woonwagenbewoners", "Overig")}
# field → its domain (code → description) in the geodatabase
DOMEINEN: Dict[str, Dict[str, str]] = {
    "status_planologisch": {v: v for v in STATUS_PR.values()},
    "projectfase": {v: v for v in PROJECTFASE_PR.values()},
    "plantype": {v: v for v in PLANTYPE_PR.values()},
    "vertrouwelijkheid": {v: v for v in VERTROUWELIJKHEID_PR.values()},
    "opdrachtgever_type": {v: v for v in OPDRACHTGEVER_PR.values()},
    "verhuurder_type": VERHUURDER_PR,
    "aandachtsgroepen": AANDACHTSGROEPEN_PR,
    "realisatiekans": {str(v): f"{v} %" for v in REALISATIEKANS_PR},
    "zoekgebied": JA_NEE, "bouw_gerealiseerd": JA_NEE, "sloop_gerealiseerd": JA_NEE,
}
TOTAAL_VELDEN: Tuple[str, ...] = (
    "totaal_bouw", "totaal_gerealiseerd", "totaal_resterend", "totaal_sloop", "totaal_sloop_gerealiseerd", "totaal_sloop_resterend",
    "totaal_netto", "totaal_netto_gerealiseerd", "totaal_netto_resterend", "totaal_eengezins_resterend",
    "totaal_meergezins_resterend", "totaal_type_onbekend_resterend", "totaal_koop_resterend", "totaal_huur_resterend",
    "totaal_koop_huur_onbekend_resterend", "Totaal_koop1", "Totaal_koop2", "Totaal_koop3", "Totaal_koop4", "Totaal_koop_onbekend",
    "Totaal_huur1", "Totaal_huur2", "Totaal_huur3", "Totaal_huur4", "Totaal_huur_onbekend", "Totaal_eigendom_onbekend")
GROEP_VELDEN: Tuple[str, ...] = ("aantal_tijdelijke_woningen", "aantal_nultreden_woningen", "aantal_geclusterde_woningen",
                                 "aantal_zorggeschikte_woningen", "aantal_middenhuur_corporatie", "onzelfstandige_wooneenheden")
# Planregistratie, in the order of FORMATS.md §9a: (name, 'str' | 'int' | 'datetime', not null)
PLAN_VELDEN: Tuple[Tuple[str, str, bool], ...] = (
    ("GlobalID", "str", True), ("Creator", "str", False), ("Created", "datetime", False), ("Editor", "str", False),
    ("Edited", "datetime", False),
    ("plannaam", "str", False), ("provincie", "str", False), ("regio", "str", True), ("gemeente", "str", True),
    ("woonplaats", "str", False), ("vertrouwelijkheid", "str", False),
    ("opdrachtgever_type", "str", False), ("opdrachtgever_naam", "str", False), ("oplevering_eerste", "int", False),
    ("oplevering_laatste", "int", False), ("opmerkingen_basis", "str", False),
    ("plantype", "str", False), ("masterplan", "str", False), ("bestemmingsplan", "str", False), ("zoekgebied", "str", False),
    ("projectfase", "str", False), ("status_planologisch", "str", True), ("opmerkingen_status", "str", False),
    ("beoogd_woonmilieu_ABF5", "str", False), ("beoogd_woonmilieu_ABF13", "str", False), ("knelpunten_meerkeuze", "str", False),
    ("toelichting_knelpunten", "str", False), ("verhuurder_type", "str", False), ("aantal_huurwoningen_corporatie", "int", False),
    ("opmerkingen_kwalitatief", "str", False),
    ("koppelid", "str", False), ("klopt_geom", "str", False), ("overkoeppelende_plan_id", "str", False),
    ("overkoeppelende_plan_naam", "str", False),
    *((v, "int", False) for v in TOTAAL_VELDEN), *((v, "int", False) for v in GROEP_VELDEN),
    ("energieconcept", "str", False), ("tapwatervoorziening", "str", False), ("realisatiekans", "int", False),
    ("aandachtsgroepen", "str", False), ("sleutelproject", "str", False),
)
DETAIL_VELDEN: Tuple[Tuple[str, str, bool], ...] = (
    ("GlobalID", "str", True), ("Creator", "str", False), ("Created", "datetime", False), ("Editor", "str", False),
    ("Edited", "datetime", False), ("parent_globalid", "str", True), ("gemeente", "str", False), ("regio", "str", False),
    ("vertrouwelijkheid", "str", False), ("jaartal", "int", False),
    *((v, "int", False) for v in BOUW_VELDEN), ("bouw_gerealiseerd", "str", False),
    *((v, "int", False) for v in SLOOP_VELDEN), ("sloop_gerealiseerd", "str", False),
)
# Zuid-Holland's placeholders (FORMATS.md §9a): those whose meaning is not known stay empty and are listed in the report
PH_ONBEKEND: Tuple[str, ...] = ("ph_text3", "ph_text4", "ph_text7", "ph_short2", "ph_short7", "ph_short8", "ph_short9")
PH_ZONDER_GEGEVENS: Tuple[str, ...] = ("ph_text6", "ph_text8", "ph_date1", "ph_date2")  # known, but the atlas keeps no value
# ZH's hardheid 1a/1b/1c/2 from the planologische status: an assumption of this exporter (the class definitions are
# not in the stored sources): onherroepelijk 1a, vastgesteld 1b, in voorbereiding 1c, visie/idee 2
HARDHEID_ZH: Dict[str, str] = {**{s: "1a" for s in ("1A", "1B", "1C")}, **{s: "1b" for s in ("2A", "2B", "2C")}, "3": "1c",
                               "4A": "2", "4B": "2"}


def _jaren(plan: Plan) -> Tuple[Optional[int], Optional[int]]:
    jaren = [b.jaar for b in plan.blokken if b.soort == "bouw" and b.jaar is not None]
    return (min(jaren), max(jaren)) if jaren else (None, None)


def plan_properties(plan: Plan, lijst: Planlijst, moment: str) -> Dict[str, Any]:
    """The Planregistratie fields of one plan (FORMATS.md §9a), as written to every format that has them."""
    v = plan.velden
    eerste, laatste = _jaren(plan)
    groepen = sorted({{"studenten": "Studenten", "ouderen_nultreden": "Ouderen"}[b.doelgroep] for b in plan.blokken
                      if b.doelgroep in ("studenten", "ouderen_nultreden")})
    props: Dict[str, Any] = {
        "GlobalID": plan.globalid, "Creator": MAKER, "Created": moment, "Editor": MAKER, "Edited": moment,
        "plannaam": plan.naam, "provincie": PROVINCIE, "regio": REGIO, "gemeente": lijst.gemeente, "woonplaats": lijst.gemeente,
        "vertrouwelijkheid": VERTROUWELIJKHEID_PR.get(v.get("vertrouwelijkheid")),
        "opdrachtgever_type": OPDRACHTGEVER_PR.get(v.get("opdrachtgever_type")), "opdrachtgever_naam": None,
        "oplevering_eerste": eerste, "oplevering_laatste": laatste, "opmerkingen_basis": v.get("toelichting"),
        "plantype": PLANTYPE_PR.get(v.get("plantype")), "masterplan": None, "bestemmingsplan": None, "zoekgebied": None,
        "projectfase": PROJECTFASE_PR.get(v.get("projectfase")),
        "status_planologisch": STATUS_PR.get(v.get("status_planologisch")), "opmerkingen_status": None,
        "beoogd_woonmilieu_ABF5": None, "beoogd_woonmilieu_ABF13": None, "knelpunten_meerkeuze": v.get("knelpunten"),
        "toelichting_knelpunten": None, "verhuurder_type": verhuurder_type(plan),
        "aantal_huurwoningen_corporatie": plan.totalen.get("aantal_huurwoningen_corporatie"), "opmerkingen_kwalitatief": None,
        "koppelid": plan.koppelid, "klopt_geom": None, "overkoeppelende_plan_id": None, "overkoeppelende_plan_naam": None,
        **{k: plan.totalen.get(k) for k in TOTAAL_VELDEN + GROEP_VELDEN},
        "energieconcept": None, "tapwatervoorziening": None, "realisatiekans": realisatiekans_pr(plan.realisatiekans),
        "aandachtsgroepen": ", ".join(groepen) or None, "sleutelproject": None,
    }
    return props


def detail_properties(plan: Plan, lijst: Planlijst, moment: str) -> List[Dict[str, Any]]:
    """The DetailPlanning rows of one plan (one per jaartal, gerealiseerd or not)."""
    import uuid

    from .uitwisseling import NAMESPACE

    out = []
    for r in plan.detail:
        key = f"{plan.koppelid}/{r['jaartal']}/{'ja' if r['gerealiseerd'] else 'nee'}"
        ja = "Ja" if r["gerealiseerd"] else "Nee"
        out.append({"GlobalID": "{" + str(uuid.uuid5(NAMESPACE, key)).upper() + "}", "Creator": MAKER, "Created": moment,
                    "Editor": MAKER, "Edited": moment, "parent_globalid": plan.globalid, "gemeente": lijst.gemeente,
                    "regio": REGIO, "vertrouwelijkheid": VERTROUWELIJKHEID_PR.get(plan.velden.get("vertrouwelijkheid")),
                    "jaartal": r["jaartal"], **{v: r[v] for v in BOUW_VELDEN}, "bouw_gerealiseerd": ja,
                    **{v: r[v] for v in SLOOP_VELDEN}, "sloop_gerealiseerd": ja})
    return out


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


# --- writing aside ---------------------------------------------------------------------------------------
def _aside(target: str, writer: Callable[[str], None]) -> None:
    """Write `target` (a file, or a .gdb folder) in a folder next to it, then rename it into place: whole or not at all."""
    path = Path(target)
    if path.suffix.lower() != ".gdb":
        check_target(path)
    elif not path.parent.is_dir() or not os.access(path.parent, os.W_OK):
        raise failure(path, "de map bestaat niet of is niet schrijfbaar")
    work = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        out = work / path.name
        writer(str(out))
        if path.is_dir():  # a .gdb written before: moved aside, then the new one in its place (or the old one back)
            os.rename(path, work / "oud")
            try:
                os.rename(out, path)
            except OSError:
                os.rename(work / "oud", path)
                raise
        else:
            os.replace(out, path)
    except OSError as exc:
        raise failure(path, str(exc.strerror or exc)) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- Planregistratie -------------------------------------------------------------------------------------
def write_planregistratie(lijst: Planlijst, target: str) -> None:
    """Layer Planregistratie (MultiPolygon, EPSG:28992) and table DetailPlanning, with their domains, as a GeoPackage or
    (by the name's .gdb) a FileGDB."""
    _aside(target, lambda out: _planregistratie(lijst, out, _now()))


def _planregistratie(lijst: Planlijst, out: str, moment: str) -> None:
    from osgeo import gdal, ogr, osr

    gdb = out.lower().endswith(".gdb")
    drv = gdal.GetDriverByName("OpenFileGDB" if gdb else "GPKG")
    ds = drv.Create(out, 0, 0, 0, gdal.GDT_Unknown)
    if ds is None:
        raise OSError(f"GDAL kan {out} niet maken")
    for naam, codes in DOMEINEN.items():
        typ = ogr.OFTInteger if naam == "realisatiekans" else ogr.OFTString
        dom = ogr.CreateCodedFieldDomain(naam, f"Planregistratie: {naam}", typ, ogr.OFSTNone, codes)
        if not ds.AddFieldDomain(dom):
            raise OSError(f"GDAL kan het domein {naam} niet schrijven")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    plan_lyr = ds.CreateLayer("Planregistratie", srs, ogr.wkbMultiPolygon, ["FID=OBJECTID"] if gdb else [])
    detail_lyr = ds.CreateLayer("DetailPlanning", None, ogr.wkbNone, ["FID=OBJECTID"] if gdb else [])
    for lyr, velden in ((plan_lyr, PLAN_VELDEN), (detail_lyr, DETAIL_VELDEN)):
        for naam, typ, verplicht in velden:
            fd = ogr.FieldDefn(naam, {"str": ogr.OFTString, "int": ogr.OFTInteger, "datetime": ogr.OFTDateTime}[typ])
            fd.SetNullable(not verplicht)
            if naam in DOMEINEN:
                fd.SetDomainName(naam)
            lyr.CreateField(fd)
    if not gdb:  # FileGDB has no transactions: its folder is renamed into place whole (_aside)
        ds.StartTransaction()
    for plan in lijst.plannen:
        f = ogr.Feature(plan_lyr.GetLayerDefn())
        for k, v in plan_properties(plan, lijst, moment).items():
            if v is not None:
                f.SetField(k, v)
        f.SetGeometry(ogr.CreateGeometryFromWkb(_multi(plan.geom)))
        plan_lyr.CreateFeature(f)
        for row in detail_properties(plan, lijst, moment):
            d = ogr.Feature(detail_lyr.GetLayerDefn())
            for k, v in row.items():
                if v is not None:
                    d.SetField(k, v)
            detail_lyr.CreateFeature(d)
    if not gdb:
        ds.CommitTransaction()
    ds = None


def _multi(geom: Any) -> bytes:
    from shapely.geometry import MultiPolygon

    g = MultiPolygon([geom]) if geom.geom_type == "Polygon" else geom
    return g.wkb


# --- Zuid-Holland GeoJSON --------------------------------------------------------------------------------
def zuid_holland_json(lijst: Planlijst, moment: str) -> Dict[str, Any]:
    """One FeatureCollection (EPSG:28992 named), one feature per plan with the per-year rows nested in year_properties."""
    from shapely.geometry import mapping

    feats = []
    peil = (lijst.peildatum or moment)[:10]
    for plan in lijst.plannen:
        props = plan_properties(plan, lijst, moment)
        ph: Dict[str, Any] = {f"ph_text{i}": None for i in range(1, 10)}
        ph.update({f"ph_short{i}": None for i in range(1, 10)})
        ph.update({f"ph_date{i}": None for i in range(1, 4)})
        corp = [b for b in plan.blokken if b.soort == "bouw" and not b.gerealiseerd and b.eigenaar == "corporatie"]
        ph.update({"ph_text1": HARDHEID_ZH.get(plan.velden.get("status_planologisch") or ""),
                   "ph_text5": None if plan.realisatiekans is None else f"{realisatiekans_pr(plan.realisatiekans)}%",
                   "ph_text9": plan.koppelid, "ph_short1": plan.velden.get("start_jaar"),
                   "ph_short3": sum(b.aantal for b in corp if b.klasse in ("huur1", "huur2")),
                   "ph_short4": sum(b.aantal for b in corp if b.klasse == "huur3"), "ph_date3": peil})
        years = [{k: v for k, v in r.items() if k not in ("Creator", "Created", "Editor", "Edited")}
                 for r in detail_properties(plan, lijst, moment)]
        feats.append({"type": "Feature", "geometry": mapping(plan.geom), "properties": {**props, **ph, "year_properties": years}})
    return {"type": "FeatureCollection", "name": "Planregistratie",
            "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{EPSG}"}}, "features": feats}


def write_zuid_holland(lijst: Planlijst, target: str) -> List[str]:
    write_text(target, json.dumps(zuid_holland_json(lijst, _now()), ensure_ascii=False, indent=1) + "\n")
    return [f"Zuid-Holland: velden met onbekende betekenis leeg gelaten: {', '.join(PH_ONBEKEND)}",
            f"Zuid-Holland: velden zonder gegevens in de atlas leeg gelaten: {', '.join(PH_ZONDER_GEGEVENS)}",
            "Zuid-Holland: ph_text1 (hardheid) afgeleid uit de planologische status: 1A–1C → 1a, 2A–2C → 1b, 3 → 1c, 4A/4B → 2"
            " (aanname, niet uit een bron)"]


# --- the readable workbook -------------------------------------------------------------------------------
KLASSE_NL = {k: DOMAINS["prijsklasse"][k] for k in KLASSEN}
TYPE_NL = {"meergezins": "Meergezins", "eengezins": "Eengezins", "onbekend": "Type onbekend"}
PLAN_KOLOMMEN: Tuple[Tuple[str, str], ...] = (
    ("plannaam", "Plan"), ("koppelid", "Koppel-id"), ("status_planologisch", "Planologische status"),
    ("projectfase", "Projectfase"), ("plantype", "Plantype"), ("opdrachtgever_type", "Opdrachtgever"),
    ("vertrouwelijkheid", "Vertrouwelijkheid"), ("realisatiekans", "Realisatiekans (%)"), ("knelpunten_meerkeuze", "Knelpunten"),
    ("opmerkingen_basis", "Toelichting"), ("oplevering_eerste", "Eerste oplevering"), ("oplevering_laatste", "Laatste oplevering"),
    ("totaal_bouw", "Bouw totaal"), ("totaal_gerealiseerd", "Bouw gerealiseerd"), ("totaal_resterend", "Bouw resterend"),
    ("totaal_sloop", "Sloop totaal"), ("totaal_sloop_gerealiseerd", "Sloop gerealiseerd"),
    ("totaal_sloop_resterend", "Sloop resterend"), ("totaal_netto", "Netto totaal"),
    ("totaal_netto_gerealiseerd", "Netto gerealiseerd"), ("totaal_netto_resterend", "Netto resterend"))
BLOK_KOLOMMEN: Tuple[Tuple[str, str], ...] = (
    ("plan", "Plan"), ("koppelid", "Koppel-id"), ("soort", "Bouw of sloop"), ("aantal", "Aantal woningen"),
    ("segment", "Segment"), ("woningtype", "Woningtype"), ("eigenaar", "Eigenaar"), ("prijs", "Prijs (€)"),
    ("klasse", "Prijsklasse"), ("doelgroep", "Doelgroep"), ("jaar", "Jaar"), ("gerealiseerd", "Gerealiseerd"))


def detail_kop(veld: str) -> str:
    """A DetailPlanning field as a column header: 'Sloop eengezins huur 2 (tot liberalisatiegrens)'."""
    sloop = veld.startswith("sloop_")
    rest = veld[6:] if sloop else veld
    typ = next(t for t in TYPEN if rest.startswith(t + "_"))
    return f"{'Sloop' if sloop else 'Bouw'} {TYPE_NL[typ].lower()} — {KLASSE_NL[rest[len(typ) + 1:]]}"


def write_excel(lijst: Planlijst, target: str) -> None:
    """One workbook: Plannen (with the geometry as WKT, so it can come back), Blokken, Per jaar and Toelichting."""
    write_with(target, lambda out: _excel(lijst, out))


def _excel(lijst: Planlijst, out: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    moment = _now()
    wb = Workbook()
    ws = wb.active
    ws.title = "Plannen"
    ws.append([k for _, k in PLAN_KOLOMMEN] + ["Geometrie (WKT, EPSG:28992)"])
    for plan in lijst.plannen:
        props = plan_properties(plan, lijst, moment)
        ws.append([props.get(v) for v, _ in PLAN_KOLOMMEN] + [plan.geom.wkt])
    wb_blok = wb.create_sheet("Blokken")
    wb_blok.append([k for _, k in BLOK_KOLOMMEN])
    for plan in lijst.plannen:
        for b in plan.blokken:
            wb_blok.append([plan.naam, plan.koppelid, DOMAINS["soort_blok"][b.soort], b.aantal, DOMAINS["segment"][b.segment],
                            DOMAINS["woningtype_blok"][b.woningtype], DOMAINS["eigenaar"][b.eigenaar], b.prijs,
                            KLASSE_NL[b.klasse], DOMAINS["doelgroep"][b.doelgroep], b.jaar, "ja" if b.gerealiseerd else "nee"])
    wj = wb.create_sheet("Per jaar")
    wj.append(["Plan", "Koppel-id", "Jaartal", "Gerealiseerd"] + [detail_kop(v) for v in BOUW_VELDEN + SLOOP_VELDEN])
    for plan in lijst.plannen:
        for r in plan.detail:
            wj.append([plan.naam, plan.koppelid, r["jaartal"], "ja" if r["gerealiseerd"] else "nee"]
                      + [r[v] for v in BOUW_VELDEN + SLOOP_VELDEN])
    wt = wb.create_sheet("Toelichting")
    for row in (("Gemeente", lijst.gemeente), ("Peildatum", lijst.peildatum or f"nu ({moment[:10]})"),
                ("Ontvanger (niveau)", DOMAINS["vertrouwelijkheid"][lijst.niveau]), ("Plannen", len(lijst.plannen)),
                ("Weggelaten (vertrouwelijk)", lijst.weggelaten),
                ("Prijsklassen", f"{DOMAINS['prijsklasse_doel'][lijst.target]}, geldig in {lijst.peiljaar}")):
        wt.append(list(row))
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for col in sheet.columns:
            width = max(len(str(c.value or "")) for c in list(col)[:50])
            sheet.column_dimensions[col[0].column_letter].width = min(60, max(10, width + 2))
    wb.save(out)


# --- Zeeland Planmonitor Wonen ---------------------------------------------------------------------------
ZEELAND_JAREN = tuple(range(2024, 2044))
BETAALBAARHEID: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("Sociale huur", ("huur1", "huur2")), ("Huur middenhuur", ("huur3",)), ("Huur dure huur", ("huur4",)),
    ("Huur onbekend", ("huur_onb",)), ("Koop betaalbare koop", ("koop1", "koop2")), ("Koop dure koop", ("koop3", "koop4")),
    ("Koop onbekend", ("koop_onb",)), ("Onbekend koop of huur", ("onbekend",)))
WONEN_ZORG = (("Nultreden", ("ouderen_nultreden",)), ("Geclusterd", ()), ("Zorggeschikt", ("zorg",)),
              ("Regulier", ("regulier", "studenten", "tijdelijk")), ("Onbekend", ()))
ZEELAND_KOP = ("Groep", "Categorie", *(str(j) for j in ZEELAND_JAREN), "Later of zonder jaar", "Totalen", "Check", "Gerealiseerd",
               "Restcapaciteit")


def zeeland_rijen(plan: Plan) -> List[Tuple[str, str, Any]]:
    """(groep, categorie, predicate on a bouw block) of the template's matrix, plus Sloop."""
    rows: List[Tuple[str, str, Any]] = [("Nieuwbouw", "Nieuwbouw totaal", lambda b: True)]
    rows += [("Woningtype", n, lambda b, t=t: (b.woningtype if b.woningtype in TYPEN else "onbekend") == t)
             for t, n in (("eengezins", "Eengezins"), ("meergezins", "Meergezins"), ("onbekend", "Onbekend"))]
    rows += [("Wonen en zorg", n, lambda b, d=d: b.doelgroep in d) for n, d in WONEN_ZORG]
    rows += [("Flexwoningen", "Flex", lambda b: b.doelgroep == "tijdelijk"),
             ("Flexwoningen", "Regulier permanent", lambda b: b.doelgroep != "tijdelijk")]
    rows += [("Betaalbaarheid", n, lambda b, k=k: b.klasse in k) for n, k in BETAALBAARHEID]
    return rows


def write_zeeland(lijst: Planlijst, target: str) -> None:
    """The Planmonitor Wonen template: per plan a sheet with its header block, then the categories × years 2024–2043 with
    Totalen, Check (each group against Nieuwbouw totaal), Gerealiseerd and Restcapaciteit."""
    write_with(target, lambda out: _zeeland(lijst, out))


def _zeeland(lijst: Planlijst, out: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set = set()
    for plan in lijst.plannen:
        title = _sheet_title(plan.naam, used)
        ws = wb.create_sheet(title)
        v = plan.velden
        header = (("Plannaam", plan.naam), ("Provincie", PROVINCIE), ("Gemeente", lijst.gemeente), ("Regio", REGIO),
                  ("Plaatsnaam", lijst.gemeente),
                  ("Vertrouwelijkheid", {"openbaar": "Openbaar", "provincie": "Provincie"}.get(v.get("vertrouwelijkheid"), "Gemeente")),
                  ("Opdrachtgever type", OPDRACHTGEVER_PR.get(v.get("opdrachtgever_type"))), ("Opdrachtgever naam", None),
                  ("Opmerkingen", v.get("toelichting")), ("Plantype", PLANTYPE_PR.get(v.get("plantype"))), ("Bestemmingsplan", None),
                  ("Status project", PROJECTFASE_PR.get(v.get("projectfase"))),
                  ("Status planologisch", STATUS_PR.get(v.get("status_planologisch"))), ("Knelpunten", v.get("knelpunten")),
                  ("Koppel-id", plan.koppelid))
        for k, val in header:
            ws.append([k, val])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.append([])
        ws.append(list(ZEELAND_KOP))
        for c in ws[ws.max_row]:
            c.font = Font(bold=True)
        bouw = [b for b in plan.blokken if b.soort == "bouw"]
        totaal = sum(b.aantal for b in bouw)
        groepen: Dict[str, int] = {}
        rows = [(g, n, [b for b in bouw if pred(b)]) for g, n, pred in zeeland_rijen(plan)]
        for g, _, bl in rows:
            groepen[g] = groepen.get(g, 0) + sum(b.aantal for b in bl)
        rows.append(("Sloop", "Sloop", [b for b in plan.blokken if b.soort == "sloop"]))
        for g, n, bl in rows:
            rest = [b for b in bl if not b.gerealiseerd]
            per = [sum(b.aantal for b in rest if b.jaar == j) for j in ZEELAND_JAREN]
            anders = sum(b.aantal for b in rest if b.jaar not in ZEELAND_JAREN)
            ger = sum(b.aantal for b in bl if b.gerealiseerd)
            tot = sum(b.aantal for b in bl)
            check = "" if g in ("Nieuwbouw", "Sloop") else ("OK" if groepen[g] == totaal else f"{groepen[g] - totaal:+d}")
            ws.append([g, n, *per, anders, tot, check, ger, tot - ger])
        ws.column_dimensions["A"].width = 20
        ws.column_dimensions["B"].width = 24
    if not lijst.plannen:
        wb.create_sheet("Geen plannen").append(["Geen plannen voor dit niveau."])
    wb.save(out)


def _sheet_title(naam: str, used: set) -> str:
    base = "".join(c for c in naam if c not in "[]:*?/\\")[:28] or "Plan"
    title, n = base, 1
    while title.lower() in used:
        n += 1
        title = f"{base[:25]} ({n})"
    used.add(title.lower())
    return title


WRITERS: Dict[str, Callable[[Planlijst, str], Any]] = {
    "planregistratie": write_planregistratie, "excel": write_excel, "zuid-holland": write_zuid_holland, "zeeland": write_zeeland}
EXTENSIES: Dict[str, Sequence[str]] = {"planregistratie": (".gpkg", ".gdb"), "excel": (".xlsx",), "zuid-holland": (".geojson", ".json"),
                                       "zeeland": (".xlsx",)}


def check_extension(formaat: str, target: str) -> None:
    """A file name that does not fit the format is refused before anything is read."""
    ext = os.path.splitext(str(target).rstrip("/"))[1].lower()
    if ext not in EXTENSIES[formaat]:
        raise ValueError(f"-o {target}: formaat {formaat} schrijft een bestand op {' of '.join(EXTENSIES[formaat])}")


def schrijf(lijst: Planlijst, formaat: str, target: str) -> List[str]:
    """Write one format; returns the notes the report adds (fields left empty, assumptions)."""
    check_extension(formaat, target)
    return list(WRITERS[formaat](lijst, str(target).rstrip("/")) or [])
