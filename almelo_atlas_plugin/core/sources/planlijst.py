"""`bron STORE planlijst FILE`: the department's own plan list (XLSX or CSV, as Dutch Excel writes it) into locations and
their woningblokken (DESIGN.md §8).

Reading (`lees`): the header is the row (within the first rows) whose cells name the most atlas fields; a row above it
that groups columns ("Woningen" merged over "koop | huur") is read with it. Title rows, empty rows and a totals row
("Totaal") are no plans. Columns are matched by their Dutch names (KOLOMNAMEN), a saved or given mapping (`kolom`:
{column: field}) goes first; unknown columns are reported once. Rows with the same planid are one plan: each row gives
its segment counts (and sloop) for its own year, a count column with a year in its header ("Koop 2027") for that year.

Geometry: a plan list has no polygons. A plan is matched on `bron_id` (the planid) to a location in the atlas and updated
there, its geometry untouched. A new plan needs x/y (RD) columns: it gets a square of GEBIED_M around the point, which its
toelichting says; without x/y it is refused ("teken de locatie eerst"). A geometry file (`geometrie`, any OGR source with
a planid column) gives plans their polygons: new ones are placed on them, matched ones take them over.

Applying (`pas_toe`, one transaction): new plans become projecten; a matched plan's fields are updated and, when its
counts changed, its blocks replaced by those of the list; a plan no longer in the list stays in the atlas and is reported
"niet meer in de lijst" (at every run while it is missing). The mapping used is saved in `bron_kolommen` for the next
time; the run is recorded in `bronnen`. `bron.bron` applies a plan list with this module's `pas_toe`, never as a base
layer (which would delete the plans a list lacks).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ..edits import write_wijk_codes
from ..model.blokken import planstatus_of
from ..model.schema import DOMAINS, LOCATION_LAYERS, NL_BOUNDS, SEGMENT_OF_FIELD, TABLES_BY_NAME, Field
from ..store.base import DbError, Store, StoreError, current_user, now_iso
from .bronnen import BronContext, BronInhoud, Telling, Weigering, registreer, sha256_of
from .importer import Refused, _db_refusal, _decode, _separator, _short, convert

SOORT = "planlijst"
LAAG = "projecten"  # a new plan becomes a project; a match may also be a potloodplan
SLEUTEL = "bron_id"
GEBIED_M = 50.0  # side of the square a new plan gets around its x/y
GEBIED_NOTITIE = f"Geometrie: vierkant van {GEBIED_M:.0f} m rond x/y uit de planlijst; teken de locatie na."
KOPREGEL_ZOEKEN = 15  # the header is sought in this many rows from the top
TOTAAL = re.compile(r"^\s*(sub)?totaal\b", re.I)  # the first text of a totals row
DUIZENDTALLEN = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d*)?")  # 241.234 or 241.234,5: Dutch thousands dots

# atlas field (or x, y, wijk) → column names as plan lists head them (compared after `_norm`)
KOLOMNAMEN: Dict[str, Tuple[str, ...]] = {
    "bron_id": ("planid", "plan id", "id", "nummer", "nr", "plannummer", "plannr", "projectnummer", "projectnr",
                "projectid", "project id"),
    "naam": ("naam", "projectnaam", "plannaam", "project", "plan", "locatie", "locatienaam"),
    "wijk": ("wijk", "wijknaam"),
    "status_planologisch": ("status", "planstatus", "planologische status", "status planologisch", "plan status"),
    "projectfase": ("fase", "projectfase"),
    "plantype": ("plantype", "type plan", "soort plan"),
    "opdrachtgever_type": ("opdrachtgever", "type opdrachtgever", "opdrachtgever type"),
    "realisatiekans": ("realisatiekans", "kans"),
    "start_jaar": ("start", "startjaar", "start bouw", "jaar start", "start jaar"),
    "oplever_jaar": ("jaar", "oplevering", "opleverjaar", "jaar oplevering", "oplevering jaar", "gereed"),
    "won_sociale_huur": ("sociale huur", "sociaal", "huur sociaal", "soc huur", "sociale huurwoningen"),
    "won_middenhuur": ("middenhuur", "midden huur", "middeldure huur", "huur midden", "midden"),
    "won_vrije_huur": ("vrije huur", "huur vrij", "vrije sector huur", "dure huur", "huur duur", "vrij"),
    "won_koop": ("koop", "koopwoningen"),
    "won_totaal": ("totaal", "woningen", "aantal woningen", "totaal woningen", "woningen totaal", "aantal"),
    "won_sloop": ("sloop", "te slopen", "sloop woningen", "woningen sloop"),
    "toelichting": ("toelichting", "opmerking", "opmerkingen", "omschrijving"),
    "x": ("x", "x rd", "rd x", "xcoord", "x coordinaat", "x coördinaat"),
    "y": ("y", "y rd", "rd y", "ycoord", "y coordinaat", "y coördinaat"),
}
VULWOORDEN = ("aantal", "aantallen", "woningen", "won", "woningbouw")  # "Aantal koop", "Woningen koop": koop
# the location's fields the list may give (not the computed sums: those follow from the blocks)
PLANVELDEN = ("naam", "status_planologisch", "projectfase", "plantype", "opdrachtgever_type", "realisatiekans",
              "start_jaar", "toelichting")
VELDEN = tuple(KOLOMNAMEN)
AANTALLEN = (*SEGMENT_OF_FIELD, "won_totaal", "won_sloop")  # the count fields; each may also come per year (veld@jaar)
JAARKOLOM = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
JAARWOORDEN = (*VULWOORDEN, "oplevering", "opgeleverd", "gereed", "jaar", "per", "in", "bouw")
STATUS_CODE = re.compile(r"^\s*([1-4][A-Ca-c]?)(?![0-9A-Za-z])")


def _norm(naam: Any) -> str:
    """A header as it is matched: lower case, words only ("X-coördinaat" → "x coördinaat")."""
    return " ".join(re.sub(r"[\W_]+", " ", str(naam or "").casefold()).split())


_ALIAS = {_norm(a): veld for veld, namen in KOLOMNAMEN.items() for a in namen}


def _veld_van(naam: str) -> Optional[str]:
    """The field a header names; a count with a year in it ("Koop 2027", "2027" under "Oplevering per jaar") is
    `veld@jaar`: the blocks of that year."""
    key = _norm(naam)
    kern = " ".join(w for w in key.split() if w not in VULWOORDEN)
    veld = _ALIAS.get(key) or (_ALIAS.get(kern) if kern else None)
    m = JAARKOLOM.search(key) if veld is None else None
    if m is None:
        return veld
    rest = " ".join(w for w in (key[:m.start()] + " " + key[m.end():]).split() if w not in JAARWOORDEN)
    basis = _veld_van(rest) if rest else "won_totaal"
    return f"{basis}@{m.group(0)}" if basis in AANTALLEN else None


def _basis(veld: str) -> Tuple[str, Optional[int]]:
    """('won_koop', 2027) of 'won_koop@2027'; (veld, None) of a field without a year."""
    basis, _, jaar = veld.partition("@")
    return basis, int(jaar) if jaar else None


def kolom_opties(waarde: Any) -> Dict[str, str]:
    """The `kolom` option as {column: field}: a mapping, or "KOLOM=veld" texts (CLI --kolom)."""
    if not waarde:
        return {}
    teksten = waarde if isinstance(waarde, (list, tuple)) else [waarde]
    paren = waarde.items() if isinstance(waarde, Mapping) else (_paar(str(t)) for t in teksten)
    out = {}
    for kolom, veld in paren:
        veld = str(veld).strip()
        basis, jaar = _basis(veld) if re.fullmatch(r"\w+(@\d{4})?", veld) else (veld, None)
        if basis not in VELDEN or (jaar is not None and basis not in AANTALLEN):
            raise StoreError(f"--kolom {kolom}={veld}: '{veld}' is geen veld van de planlijst (wel: {', '.join(VELDEN)}; "
                             "een aantal per jaar als veld@jaar, bijv. won_koop@2027).")
        out[str(kolom).strip()] = veld
    return out


def _paar(tekst: str) -> Tuple[str, str]:
    if "=" not in tekst:
        raise StoreError(f"--kolom '{tekst}': gebruik BRONKOLOM=veld, bijv. \"Aantal koop=won_koop\".")
    kolom, veld = tekst.rsplit("=", 1)
    return kolom, veld


# --- the grid of cells --------------------------------------------------------------------------------------------

def _raster(pad: Path, opties: Mapping[str, Any]) -> Tuple[List[List[Any]], List[int]]:
    """The cells of the sheet (merged cells filled with their value) and each row's number as Excel shows it."""
    if not pad.is_file():
        raise StoreError(f"Planlijst '{pad}' bestaat niet.")
    if pad.suffix.lower() in (".xlsx", ".xlsm"):
        return _raster_xlsx(pad, opties.get("blad"))
    if pad.suffix.lower() in (".csv", ".txt"):
        tekst = _decode(pad.read_bytes()).replace("\x00", "\ufffd")
        eerste = next((r for r in tekst.splitlines() if r.strip(" ;,\t")), "")
        lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=_separator(eerste))
        try:
            rijen = list(lezer)
        except csv.Error:  # a cell longer than the csv module takes, or a quote that never closes
            raise StoreError(f"Planlijst '{pad.name}', rij {lezer.line_num}: de rij kan niet worden gelezen (te lang, of een "
                             "aanhalingsteken dat niet sluit); er is niets gewijzigd.") from None
        return [[c.strip() or None for c in r] for r in rijen], list(range(1, len(rijen) + 1))
    raise StoreError(f"Planlijst '{pad.name}': alleen .xlsx of .csv (sla het blad in Excel op als .xlsx of CSV).")


def _raster_xlsx(pad: Path, blad: Optional[str]) -> Tuple[List[List[Any]], List[int]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(pad, data_only=True)
    except Exception:  # zip, XML or openpyxl's own errors: the file is no workbook it can read
        raise StoreError(f"Planlijst '{pad.name}' kan niet als Excel-bestand worden gelezen (beschadigd of geen .xlsx?).") from None
    if blad and blad not in wb.sheetnames:
        raise StoreError(f"Planlijst '{pad.name}' heeft geen blad '{blad}' (wel: {', '.join(wb.sheetnames)}).")
    ws = wb[blad] if blad else wb.worksheets[0]
    cellen = [[c.value if not isinstance(c.value, str) else (c.value.strip() or None) for c in r] for r in ws.iter_rows()]
    for bereik in ws.merged_cells.ranges:  # a merged header ("Woningen" over three columns) holds for every column
        waarde = ws.cell(bereik.min_row, bereik.min_col).value
        for r in range(bereik.min_row, bereik.max_row + 1):
            for c in range(bereik.min_col, bereik.max_col + 1):
                cellen[r - 1][c - 1] = waarde
    return cellen, list(range(1, len(cellen) + 1))


def _kop(raster: List[List[Any]], kolom: Mapping[str, str]) -> Tuple[int, List[str], Dict[int, str]]:
    """(index of the header row, each column's name, column index → field) of the row naming most fields."""
    beste: Tuple[int, int, List[str], Dict[int, str]] = (0, -1, [], {})
    for i, rij in enumerate(raster[:KOPREGEL_ZOEKEN]):
        boven = raster[i - 1] if i else []
        namen, velden = _kolommen(rij, boven, kolom)
        if len(velden) > beste[0] and "naam" in velden.values():
            beste = (len(velden), i, namen, velden)
    if beste[1] < 0:
        raise StoreError("Planlijst: geen kopregel gevonden; de lijst heeft een kolom naam (of projectnaam, plannaam) "
                         "nodig in een van de eerste rijen (of koppel een kolom met --kolom \"KOLOM=naam\").")
    return beste[1], beste[2], beste[3]


def _kolommen(rij: List[Any], boven: List[Any], kolom: Mapping[str, str]) -> Tuple[List[str], Dict[int, str]]:
    """Each column's name (its group above it where that names a field: "Woningen koop", "Huur sociaal") and its field."""
    gegeven = {_norm(k): v for k, v in kolom.items()}
    namen: List[str] = []
    gevonden: List[Tuple[bool, int, str]] = []  # (by the known names, column, field)
    groep = None
    for c, cel in enumerate(rij):
        g = boven[c] if c < len(boven) else None
        groep = g if g is not None else groep  # a CSV writes a merged group in its first column only
        kop = "" if cel is None else str(cel)
        kandidaten = [f"{groep} {kop}".strip()] if groep is not None and kop else []
        kandidaten += [kop] if kop else ([str(groep)] if groep is not None else [])
        # a given (or saved) mapping first, then the known names
        naam, veld = next(((k, gegeven[_norm(k)]) for k in kandidaten if _norm(k) in gegeven),
                          next(((k, _veld_van(k)) for k in kandidaten if _veld_van(k)), (kandidaten[-1] if kandidaten else "", None)))
        namen.append(naam)
        if veld:
            gevonden.append((_norm(naam) not in gegeven, c, veld))
    velden: Dict[int, str] = {}
    for _, c, veld in sorted(gevonden):  # a field named twice: the mapping's column, else the leftmost
        if veld not in velden.values():
            velden[c] = veld
    return namen, dict(sorted(velden.items()))


# --- reading ---------------------------------------------------------------------------------------------------

@dataclass
class _Plan:
    rijen: List[int]  # its rows in the list, as Excel numbers them
    velden: Dict[str, Any]
    blokken: List[Dict[str, Any]] = field(default_factory=list)
    xy: Optional[Tuple[float, float]] = None


def lees(pad: Path, opties: Mapping[str, Any], context: Optional[BronContext]) -> BronInhoud:
    """The plans of the list: rows of `projecten` keyed on bron_id (the planid), their blocks in andere["woningblokken"]
    (with bron_id), the mapping used in andere["bron_kolommen"]. A row also holds "_waar" (its rows, its naam) for the
    refusals of `pas_toe`."""
    pad = Path(pad)
    raster, nummers = _raster(pad, opties)
    store = getattr(context, "store", None)  # a context from a store (bron.StoreContext): its saved mapping counts
    kolom = kolommen_voor(store, opties) if store is not None else kolom_opties(opties.get("kolom"))
    k, namen, velden = _kop(raster, kolom)
    inhoud = BronInhoud(SOORT, LAAG, SLEUTEL, peildatum=_peildatum(pad.name))
    naam_van = {v: namen[c] for c, v in velden.items()}
    onbekend = [n for c, n in enumerate(namen) if c not in velden and n and any(c < len(r) and r[c] is not None for r in raster[k + 1:])]
    if onbekend:
        inhoud.meldingen.append(f"{pad.name}: kolom(men) {', '.join(repr(n) for n in onbekend)} horen bij geen veld en zijn "
                                "niet ingelezen (koppel een kolom met --kolom \"KOLOM=veld\")")
    if "wijk" in velden.values():
        inhoud.meldingen.append(f"{pad.name}: kolom '{naam_van['wijk']}' is niet overgenomen: de atlas bepaalt de wijk uit de geometrie")
    if "bron_id" not in velden.values():
        inhoud.meldingen.append(f"{pad.name}: geen kolom planid; de naam van elk plan dient als zijn id in de lijst")
    if any(_basis(v)[0] in AANTALLEN for v in naam_van):
        inhoud.andere["woningblokken"] = []  # the list gives counts: a plan without any has no blocks
    inhoud.andere["bron_kolommen"] = [{"soort": SOORT, "kolom": namen[c], "veld": v} for c, v in velden.items()]
    plannen: Dict[str, _Plan] = {}
    weg: Dict[str, str] = {}  # planid → the row that refused it: the plan is not applied (nor counted gone)
    for rij, nr in zip(raster[k + 1:], nummers[k + 1:]):
        waarden = {v: rij[c] if c < len(rij) else None for c, v in velden.items()}
        eerste = next((c for c in rij if c is not None), None)
        if all(w is None for w in waarden.values()) or TOTAAL.match(str(eerste)):
            continue  # an empty row, or the totals at the bottom
        naam = waarden.get("naam")
        waar = f"rij {nr}" + (f", plan '{_short(naam, 80)}'" if naam is not None else "")
        try:
            sleutel, plan = _plan_van(waarden, naam_van, nr, context)
            if sleutel in weg:
                continue
            eerder = plannen.get(sleutel)
            if eerder is None:
                plannen[sleutel] = plan
            else:
                _voeg_samen(eerder, plan, naam_van)
        except Refused as exc:
            inhoud.geweigerd.append(Weigering(waar, exc.field, str(exc)))
            sleutel = _planid(waarden.get("bron_id") if "bron_id" in naam_van else naam)
            if sleutel:
                weg[sleutel] = waar
                plannen.pop(sleutel, None)
    for sleutel, plan in plannen.items():
        jaren = [b["jaar"] for b in plan.blokken if b["jaar"] is not None]
        rij = {SLEUTEL: sleutel, **plan.velden, **({"oplever_jaar": max(jaren)} if jaren else {}),
               "geom": _vierkant(*plan.xy) if plan.xy else None,
               "_waar": f"rij {plan.rijen[0]}" if len(plan.rijen) == 1 else f"rijen {', '.join(map(str, plan.rijen))}"}
        inhoud.rijen.append(rij)
        inhoud.andere.get("woningblokken", []).extend({SLEUTEL: sleutel, **b} for b in plan.blokken)
    inhoud.andere["geweigerde_plannen"] = [{SLEUTEL: s} for s in weg]
    if opties.get("geometrie"):
        _met_vlakken(inhoud, str(opties["geometrie"]), kolom)
    return inhoud


def _met_vlakken(inhoud: BronInhoud, bron: str, kolom: Mapping[str, str]) -> None:
    """The plans' polygons from a geometry file (`geometrie`: any OGR source with a planid column): they replace the x/y
    squares and a matched location's geometry ("_vlak" on the row)."""
    from osgeo import gdal

    from .importer import ImportReport, _geometry, _ogr_features, _open_source, _srs_of, _transform

    gdal.UseExceptions()
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = _open_source(bron)
        if ds.GetLayerCount() != 1:
            raise StoreError(f"Geometriebestand '{bron}' moet één laag hebben (heeft er {ds.GetLayerCount()}).")
        src = ds.GetLayerByIndex(0)
        namen, features = _ogr_features(src, bron)
        gegeven = {_norm(k): v for k, v in kolom.items()}
        id_kolom = next((n for n in namen if gegeven.get(_norm(n), _veld_van(n)) == SLEUTEL), None)
        if id_kolom is None:
            raise StoreError(f"Geometriebestand '{bron}' heeft geen kolom planid (wel: {', '.join(namen)}).")
        verslag = ImportReport(LAAG, bron)
        transform = _transform(_srs_of(src, bron, False, False, verslag), bron)
        vlakken: Dict[str, Tuple[str, Any]] = {}  # planid as matched → (as written, polygon)
        for f in features:
            planid = _planid(f.values.get(id_kolom))
            try:
                vlakken[_zelfde(planid)] = (planid, _geometry(f.geometry, TABLES_BY_NAME[LAAG], transform))
            except Refused as exc:
                inhoud.geweigerd.append(Weigering(f"geometriebestand, {f.where}, planid '{_short(planid)}'", exc.field, str(exc)))
    finally:
        gdal.PopErrorHandler()
    inhoud.meldingen += verslag.warnings
    for rij in inhoud.rijen:
        if _zelfde(rij[SLEUTEL]) in vlakken:
            rij.update(geom=vlakken.pop(_zelfde(rij[SLEUTEL]))[1], _vlak=True)
    if vlakken:
        inhoud.meldingen.append(f"Geometriebestand: {len(vlakken)} vlak(ken) horen bij geen plan in de lijst (planid "
                                f"{', '.join(sorted(p for p, _ in vlakken.values())[:5])}{' …' if len(vlakken) > 5 else ''})")


def _plan_van(waarden: Dict[str, Any], naam_van: Dict[str, str], nr: int,
              context: Optional[BronContext]) -> Tuple[str, _Plan]:
    """One row of the list as (planid, plan with the blocks of this row's year); Refused naming the column."""
    def kolom(v: str) -> str:
        return naam_van.get(v, v)

    def waarde(v: str, f: Field) -> Any:
        w = waarden.get(v)
        if f.type == "REAL" and isinstance(w, str) and DUIZENDTALLEN.fullmatch(w.strip()):
            w = w.replace(".", "")
        if v == "realisatiekans":  # 80, "80%" or Excel's percentage cell 0.8
            w = w.strip().rstrip("%").strip() if isinstance(w, str) else round(w * 100) if isinstance(w, float) and 0 < w <= 1 else w
        try:
            return convert(f, w)
        except Refused as exc:
            raise Refused(kolom(v), str(exc)) from None

    naam = waarde("naam", Field("naam", "TEXT"))
    if naam is None:
        raise Refused(kolom("naam"), "leeg: elk plan heeft een naam nodig")
    sleutel = _planid(waarden.get("bron_id")) if "bron_id" in naam_van else naam
    if not sleutel:
        raise Refused(kolom("bron_id"), "leeg: elk plan heeft een planid nodig om het bij een volgende import terug te vinden")
    projecten = TABLES_BY_NAME[LAAG]
    velden: Dict[str, Any] = {"naam": naam}
    for v in PLANVELDEN[1:]:
        if v in naam_van:
            velden[v] = _domeinwaarde(projecten.field(v), waarden.get(v), kolom(v)) if projecten.field(v).domain else \
                waarde(v, projecten.field(v))
    jaar = waarde("oplever_jaar", projecten.field("oplever_jaar")) if "oplever_jaar" in naam_van else None
    if jaar is not None:
        velden["oplever_jaar"] = jaar
    aantallen = {v: waarde(v, Field(_basis(v)[0], "INTEGER")) for v in naam_van if _basis(v)[0] in AANTALLEN}
    for v, n in aantallen.items():
        if n is not None and n < 0:
            raise Refused(kolom(v), f"moet 0 of meer zijn (niet {n})")
    # (soort, segment, aantal, jaar) of every count but the stated total; a year column's own year, else the row's
    tellingen = [(v, *_basis(v), n) for v, n in aantallen.items() if v != "won_totaal"]
    bouw = [(v, "onbekend" if b == "won_totaal" else SEGMENT_OF_FIELD[b], n, j or jaar) for v, b, j, n in tellingen
            if b != "won_sloop"]
    per_segment = [v for v, b, _, n in tellingen if b in SEGMENT_OF_FIELD and n]
    per_jaar = [v for v, b, _, n in tellingen if b == "won_totaal" and n]
    if per_segment and per_jaar:
        raise Refused(kolom(per_jaar[0]), "aantallen per segment én per jaar zonder segment: geef er één van, of per segment "
                                          "per jaar (bijv. 'Koop 2027')")
    som = sum(n or 0 for _, _, n, _ in bouw)
    totaal = aantallen.get("won_totaal")
    if totaal is not None and any(n is not None for _, _, n, _ in bouw) and som != totaal:
        wat = "aantallen per jaar" if any("@" in v for v, *_ in bouw) else "segmenten"
        raise Refused(kolom("won_totaal"), f"totaal {totaal} is niet de som van de {wat} ({som})")
    plan = _Plan([nr], velden)
    plan.blokken += [_blok("bouw", seg, n, j) for _, seg, n, j in bouw if n]
    if totaal and not som:
        plan.blokken.append(_blok("bouw", "onbekend", totaal, jaar))
    plan.blokken += [_blok("sloop", "onbekend", n, j or jaar) for _, b, j, n in tellingen if b == "won_sloop" and n]
    if "x" in naam_van and "y" in naam_van and (waarden.get("x") is not None or waarden.get("y") is not None):
        plan.xy = (waarde("x", Field("x", "REAL")), waarde("y", Field("y", "REAL")))
        _binnen(plan.xy, f"{kolom('x')}/{kolom('y')}", context)
    return sleutel, plan


def _planid(v: Any) -> str:
    """A planid as text: 12 also where Excel keeps it as 12.0."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v).strip()


def _zelfde(planid: Any) -> str:
    """A planid as plans are matched on it: "007" is 7 (Excel drops leading zeros), "p-001" is "P-001"."""
    t = " ".join(str(planid).split())
    return str(int(t)) if t.isdigit() else t.casefold()


def _blok(soort: str, segment: str, aantal: int, jaar: Optional[int]) -> Dict[str, Any]:
    return {"soort": soort, "segment": segment, "aantal": int(aantal), "jaar": jaar}


def _domeinwaarde(f: Field, v: Any, kolom: str) -> Any:
    """A domain field as a list writes it: the code ("2A"), the code with words ("1A Onherroepelijk"), the label, or a
    label's word ("initiatief" for "1. Initiatieffase"); refused naming the values allowed."""
    t = None if v is None else str(int(v) if isinstance(v, float) and v.is_integer() else v).strip()
    if not t:
        return None
    waarden = DOMAINS[f.domain]
    m = STATUS_CODE.match(t) if f.domain == "status_planologisch" else None
    if m and m.group(1).upper() in waarden:
        return m.group(1).upper()
    key = _norm(t)
    for code, label in waarden.items():
        if key in (_norm(code), _norm(label)):
            return code
    gevonden = [code for code, label in waarden.items() if key and re.search(rf"\b{re.escape(key)}", _norm(label))]
    if len(gevonden) == 1:
        return gevonden[0]
    raise Refused(kolom, f"waarde '{_short(v)}' niet toegestaan (toegestaan: {', '.join(waarden.values())})")


def _binnen(xy: Tuple[float, float], kolom: str, context: Optional[BronContext]) -> None:
    x, y = xy
    x0, y0, x1, y1 = NL_BOUNDS
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        raise Refused(kolom, f"{x:.0f}, {y:.0f} ligt buiten Nederland (x/y in RD, EPSG:28992)")
    gemeente = getattr(context, "gemeente", None) if context is not None else None
    if gemeente is not None:
        from shapely.geometry import Point

        if not gemeente.intersects(Point(x, y)):
            raise Refused(kolom, f"{x:.0f}, {y:.0f} ligt buiten gemeente {context.gemeente_code}")


def _voeg_samen(plan: _Plan, meer: _Plan, naam_van: Dict[str, str]) -> None:
    """A further row of the same plan (another year): its blocks added; its plan fields must agree with the first row."""
    for v, w in meer.velden.items():
        eerst = plan.velden.get(v)
        if v != "oplever_jaar" and w is not None and eerst is not None and w != eerst:
            raise Refused(naam_van.get(v, v), f"'{_short(w)}' wijkt af van '{_short(eerst)}' in rij {plan.rijen[0]} (zelfde planid)")
        if eerst is None:
            plan.velden[v] = w
    plan.blokken += meer.blokken
    plan.xy = plan.xy or meer.xy
    plan.rijen += meer.rijen


def _vierkant(x: float, y: float):
    from shapely.geometry import MultiPolygon, box

    h = GEBIED_M / 2
    return MultiPolygon([box(x - h, y - h, x + h, y + h)])


def _peildatum(naam: str) -> Optional[str]:
    """The list's stand from its file name (planlijst_2026-11-01, planlijst 20261101, 01-11-2026), if it holds one."""
    for patroon, volgorde in ((r"(\d{4})-(\d{2})-(\d{2})", (0, 1, 2)), (r"(\d{2})-(\d{2})-(\d{4})", (2, 1, 0)),
                              (r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)", (0, 1, 2))):
        m = re.search(patroon, naam)
        if m:
            try:
                return _dt.date(*(int(m.group(i + 1)) for i in volgorde)).isoformat()
            except ValueError:
                continue
    return None


# --- applying -------------------------------------------------------------------------------------------------

BLOK_SLEUTEL = ("soort", "segment", "aantal", "jaar")


@dataclass
class Verslag:
    """What a planlijst run did, shaped as the faces read any `bron` run: the counts (as recorded in `bronnen`), the
    refused rows and the notes, in Dutch."""

    bestand: str
    telling: Telling
    peildatum: Optional[str]
    weigeringen: List[str]
    meldingen: List[str]
    soort: str = SOORT
    laag: str = LAAG
    vervangen: Dict[str, int] = field(default_factory=dict)  # no table is replaced whole by a plan list

    @property
    def niets_gewijzigd(self) -> bool:
        """Nothing new or changed: a plan no longer in the list (telling.vervallen) stays as it is, and is counted at every
        run while it is missing."""
        return not (self.telling.nieuw or self.telling.gewijzigd)

    def samenvatting(self) -> str:
        """'Planlijst, stand 01-11-2026: 3 plannen, 1 geweigerd: 2 nieuw, 0 gewijzigd; 1 niet meer in de lijst …'."""
        from ..output.termen import getal

        t = self.telling
        stand = f", stand {_dt.date.fromisoformat(self.peildatum):%d-%m-%Y}" if self.peildatum else ""
        head = f"Planlijst{stand}: {getal(t.rijen)} {'plan' if t.rijen == 1 else 'plannen'}, {getal(t.geweigerd)} geweigerd"
        wat = "niets gewijzigd" if self.niets_gewijzigd else f"{getal(t.nieuw)} nieuw, {getal(t.gewijzigd)} gewijzigd"
        weg = f"; {getal(t.vervallen)} niet meer in de lijst (blijven in de atlas)" if t.vervallen else ""
        return f"{head}: {wat}{weg}."


def opgeslagen_kolommen(store: Store) -> Dict[str, str]:
    """The mapping saved by the last planlijst run: {column: field}."""
    with store.reading() as con:
        return {str(k): str(v) for k, v in con.execute(
            f"SELECT kolom, veld FROM bron_kolommen WHERE soort = {store.param} ORDER BY fid", (SOORT,)).fetchall()}


def importeer(store: Store, pad: Path, opties: Optional[Mapping[str, Any]] = None,
              context: Optional[BronContext] = None) -> Verslag:
    """Read the list (with the saved mapping, `kolom` over it) and apply it to the store in one transaction. A plan list
    is not applied as a base layer (bron.pas_toe would delete the plans it lacks): `bron … planlijst` comes here."""
    opties = dict(opties or {})
    inhoud = lees(Path(pad), {**opties, "kolom": kolommen_voor(store, opties)}, context)
    return pas_toe(store, inhoud, Path(pad), opties)


def kolommen_voor(store: Store, opties: Mapping[str, Any]) -> Dict[str, str]:
    """The mapping of this run: the saved one, with the given `kolom` over it."""
    return {**opgeslagen_kolommen(store), **kolom_opties(opties.get("kolom"))}


def pas_toe(store: Store, inhoud: BronInhoud, pad: Path, opties: Mapping[str, Any]) -> Verslag:
    """A read plan list into the store, all in one transaction (a plan the database refuses is left out and reported)."""
    geweigerd = [w.regel(LAAG) for w in inhoud.geweigerd]
    meldingen = list(inhoud.meldingen)
    peildatum = _stand(opties.get("peildatum")) or inhoud.peildatum
    blokken: Dict[str, List[Dict[str, Any]]] = {}  # planid → its blocks; none at all when the list gives no counts
    for b in inhoud.andere.get("woningblokken", []):
        blokken.setdefault(b[SLEUTEL], []).append({k: b[k] for k in BLOK_SLEUTEL})
    gezien = {_zelfde(r[SLEUTEL]) for r in (*inhoud.rijen, *inhoud.andere.get("geweigerde_plannen", []))}
    user = current_user()
    p = store.param
    nieuw = gewijzigd = 0
    with store.transaction() as con:
        bestaand = _bestaande_plannen(store, con)
        verplaatst: Dict[str, List[int]] = {}  # locations placed or moved: their wijk follows
        for rij in inhoud.rijen:
            rij = dict(rij)
            waar = f"{rij.pop('_waar')}, plan '{_short(rij['naam'], 80)}'"
            vlak = rij.pop("_vlak", False)
            sleutel = rij[SLEUTEL]
            plan_blokken = blokken.get(sleutel, []) if "woningblokken" in inhoud.andere else None
            treffers = bestaand.get(_zelfde(sleutel), [])
            if len(treffers) > 1:
                geweigerd.append(f"Laag {LAAG}, {waar}, veld {SLEUTEL}: planid '{_short(sleutel)}' staat bij meer dan één locatie "
                                 f"({', '.join(f'{t[0]} fid {t[1]}' for t in treffers)}); maak het uniek")
                continue
            con.execute("SAVEPOINT plan")
            try:
                if treffers:
                    laag, fid, huidig, huidige_blokken = treffers[0]
                    geom = rij.pop("geom") if vlak else None  # an x/y square never replaces a drawn location
                    if _werk_bij(store, con, laag, fid, rij, huidig, plan_blokken, huidige_blokken, user) | \
                            _nieuwe_vorm(store, con, laag, fid, geom, user):
                        gewijzigd += 1
                        verplaatst.setdefault(laag, []).extend([fid] if geom is not None else [])
                elif rij.get("geom") is None:
                    raise Refused("x/y", "geen geometrie: teken de locatie eerst (met dit planid als 'Id in de planlijst') of geef x/y")
                else:
                    fid = _nieuw(store, con, rij, plan_blokken, user, vlak)
                    verplaatst.setdefault(LAAG, []).append(fid)
                    nieuw += 1
            except Refused as exc:
                con.execute("ROLLBACK TO plan")
                geweigerd.append(f"Laag {LAAG}, {waar}, veld {exc.field}: {exc}")
            except DbError as exc:
                if not exc.refuses_row:
                    raise
                con.execute("ROLLBACK TO plan")
                geweigerd.append(_db_refusal(LAAG, waar, exc))
            con.execute("RELEASE plan")
        for laag, fids in verplaatst.items():
            if fids:
                write_wijk_codes(store, con, laag, fids)
        weg = [(s, t) for s, ts in bestaand.items() if s not in gezien for t in ts]
        for _, (laag, fid, huidig, _) in sorted(weg, key=lambda x: (x[1][0], x[1][1])):
            meldingen.append(f"Plan '{_short(huidig['naam'], 80)}' (planid {huidig[SLEUTEL]}, {laag} fid {fid}): niet meer in de lijst; "
                             "het staat nog in de atlas")
        con.execute(f"DELETE FROM bron_kolommen WHERE soort = {p}", (SOORT,))
        if inhoud.andere.get("bron_kolommen"):
            store.insert_rows(con, "bron_kolommen", inhoud.andere["bron_kolommen"])
        telling = Telling(rijen=len(inhoud.rijen) + len(inhoud.geweigerd), geweigerd=len(geweigerd), nieuw=nieuw, gewijzigd=gewijzigd, vervallen=len(weg))
        registreer(store, con, SOORT, LAAG, pad, sha256_of(pad), peildatum, telling,
                   {k: v for k, v in opties.items() if v not in (None, "", [], {})})
        store.finish_write(con)
    return Verslag(pad.name, telling, peildatum, geweigerd, meldingen)


def _stand(gegeven: Any) -> Optional[str]:
    """The list's stand as given (--peildatum: JJJJ-MM-DD or DD-MM-JJJJ) as an ISO date."""
    try:
        return convert(Field("peildatum", "DATE"), gegeven)
    except Refused as exc:
        raise StoreError(f"--peildatum: {exc}") from None


def _bestaande_plannen(store: Store, con) -> Dict[str, List[Tuple[str, int, Dict[str, Any], List[Dict[str, Any]]]]]:
    """planid → [(laag, fid, its plan fields, its blocks)] of the locations that carry one."""
    uit: Dict[str, List[Tuple[str, int, Dict[str, Any], List[Dict[str, Any]]]]] = {}
    for laag in LOCATION_LAYERS:
        velden = _velden(laag)
        for r in con.execute(f'SELECT fid, {", ".join(velden)} FROM "{laag}" WHERE {SLEUTEL} IS NOT NULL ORDER BY fid').fetchall():
            uit.setdefault(_zelfde(r[1]), []).append((laag, int(r[0]), dict(zip(velden, r[1:])), []))
    plaats = {(t[0], t[1]): t[3] for ts in uit.values() for t in ts}
    for laag, fid, *blok in con.execute(f"SELECT laag, locatie_fid, {', '.join(BLOK_SLEUTEL)} FROM woningblokken ORDER BY fid").fetchall():
        if (laag, int(fid)) in plaats:
            plaats[(laag, int(fid))].append(dict(zip(BLOK_SLEUTEL, blok)))
    return uit


def _velden(laag: str) -> List[str]:
    namen = TABLES_BY_NAME[laag].field_names
    return [v for v in (SLEUTEL, *PLANVELDEN, "oplever_jaar", "planstatus") if v in namen]


def _blok_set(blokken: Iterable[Mapping[str, Any]]) -> List[Tuple[Any, ...]]:
    return sorted((str(b["soort"]), str(b["segment"]), int(b["aantal"]), -1 if b["jaar"] is None else int(b["jaar"])) for b in blokken)


def _werk_bij(store: Store, con, laag: str, fid: int, rij: Dict[str, Any], huidig: Dict[str, Any],
              plan_blokken: Optional[List[Dict[str, Any]]], huidige_blokken: List[Dict[str, Any]], user: str) -> bool:
    """Update a matched location where the list differs (fields; its blocks replaced when the counts differ); True when
    anything changed. Its geometry stays as drawn."""
    p = store.param
    velden = TABLES_BY_NAME[laag]
    nieuw = {v: w for v, w in rij.items() if v in huidig and v != "planstatus" and not (w is None and velden.field(v).not_null)}
    if "status_planologisch" in nieuw and "planstatus" in huidig:  # a potloodplan has none
        nieuw["planstatus"] = planstatus_of(nieuw["status_planologisch"], huidig.get("planstatus")) or huidig.get("planstatus")
    anders = {v: w for v, w in nieuw.items() if w != huidig.get(v)}
    andere_blokken = plan_blokken is not None and _blok_set(plan_blokken) != _blok_set(huidige_blokken)
    if not anders and not andere_blokken:
        return False
    if anders:
        sets = ", ".join(f"{v} = {p}" for v in anders)
        con.execute(f'UPDATE "{laag}" SET {sets}, bijgewerkt_door = {p}, bijgewerkt_op = {p}, versie_gezien = versie WHERE fid = {p}',
                    (*anders.values(), user, now_iso(), fid))
    if andere_blokken:
        _zet_blokken(store, con, laag, fid, plan_blokken, user)
    return True


def _nieuwe_vorm(store: Store, con, laag: str, fid: int, geom: Any, user: str) -> bool:
    """A matched location gets the polygon of the geometry file where it differs; True when it did."""
    from ..model import geo

    if geom is None:
        return False
    p = store.param
    oud = con.execute(f'SELECT {store.geometry_sql()} FROM "{laag}" WHERE fid = {p}', (fid,)).fetchone()[0]
    if oud is not None and geo.from_wkb(bytes(oud)).equals_exact(geom, 0):
        return False
    con.execute(f'UPDATE "{laag}" SET geom = {store.geometry_param()}, bijgewerkt_door = {p}, bijgewerkt_op = {p}, '
                f'versie_gezien = versie WHERE fid = {p}', (store.geometry_value(geom), user, now_iso(), fid))
    return True


def _nieuw(store: Store, con, rij: Dict[str, Any], plan_blokken: Optional[List[Dict[str, Any]]], user: str, vlak: bool) -> int:
    """A plan not yet in the atlas as a project on its polygon or x/y square (with zero sums: its blocks follow)."""
    rij = {v: w for v, w in rij.items() if w is not None}
    if "status_planologisch" in rij:
        rij["planstatus"] = planstatus_of(rij["status_planologisch"], None) or "zacht"
    if not vlak:
        rij["toelichting"] = f"{rij['toelichting']} — {GEBIED_NOTITIE}" if rij.get("toelichting") else GEBIED_NOTITIE
    fid = store.insert_rows(con, LAAG, [{**rij, "bijgewerkt_door": user, "bijgewerkt_op": now_iso()}])[0]
    _zet_blokken(store, con, LAAG, fid, plan_blokken or [], user)
    return int(fid)


def _zet_blokken(store: Store, con, laag: str, fid: int, plan_blokken: Sequence[Dict[str, Any]], user: str) -> None:
    con.execute(f"DELETE FROM woningblokken WHERE laag = {store.param} AND locatie_fid = {store.param}", (laag, fid))
    if plan_blokken:
        store.insert_rows(con, "woningblokken", [{"laag": laag, "locatie_fid": fid, **b, "bijgewerkt_door": user} for b in plan_blokken])


__all__: Sequence[str] = ("SOORT", "KOLOMNAMEN", "kolommen_voor", "VELDEN", "Verslag", "kolom_opties", "lees", "opgeslagen_kolommen",
                          "importeer", "pas_toe")
