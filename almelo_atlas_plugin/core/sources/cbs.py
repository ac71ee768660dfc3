"""Reader `cbs`: one gemeente from the CBS Wijk- en buurtkaart GeoPackage (FORMATS.md §4).

Reads the published file (layers `gemeenten`, `wijken`, `buurten`; 2022+ field names, the older short names too) and
the plugin's own Almelo resource (layer `gemeente`, tables `kerncijfers_gemeente` / `kerncijfers_wijken`). Land only:
a feature CBS marks `water = 'JA'` (the water part of a gemeente, a fictitious water buurt 9997/9998) gives no
geometry and no figures. Every numeric field that is not an identity field is a kerncijfer, one row per value; a
value ≤ −99990 is CBS's "geheim / niet beschikbaar" and is read as empty (§4c).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import unary_union
from shapely.validation import make_valid

from ..model import geo
from ..model.schema import EPSG
from ..store.base import StoreError
from .bronnen import BronContext, BronInhoud, Weigering

STANDAARD_GEMEENTE = "GM0141"
# our layer → (its layer names in a file, code fields, name fields, code pattern, kerncijfers niveau)
LAGEN: Dict[str, Tuple[Tuple[str, ...], Tuple[str, ...], Tuple[str, ...], str, str]] = {
    "gemeente": (("gemeenten", "gemeente"), ("gemeentecode", "gm_code"), ("gemeentenaam", "gm_naam"), r"GM\d{4}", "gemeente"),
    "wijken": (("wijken",), ("wijkcode", "wk_code"), ("wijknaam", "wk_naam"), r"WK\d{6}", "wijk"),
    "buurten": (("buurten",), ("buurtcode", "bu_code"), ("buurtnaam", "bu_naam"), r"BU\d{8}", "buurt"),
}
# kerncijfers tables without geometry (the resource): table → layer whose codes they carry
TABELLEN = {"kerncijfers_gemeente": "gemeente", "kerncijfers_wijken": "wijken", "kerncijfers_buurten": "buurten"}
GEMEENTE_VELDEN = ("gemeentecode", "gm_code")
WATER_VELDEN = ("water", "h2o")
JAAR_VELDEN = ("kerncijfers_jaar", "jaar")  # the year of a feature's figures, first found
GRENZEN_VELDEN = ("grenzen_jaar",)  # the year of its boundaries (the source's stand)
# numeric fields that identify, not measure
IDENTITEIT = {"fid", "jaar", "grenzen_jaar", "kerncijfers_jaar", "indelingswijziging", "indelingswijziging_wijken_en_buurten",
              "ind_wbi", "dekkingspercentage", "dek_perc", "meest_voorkomende_postcode", "postcode"}
ONTBREEKT = -99990  # §4c: any value at or below is missing
# the resource's short names → CBS's 2022+ names (§4a, §4b), so a profile reads one name whatever the file
CBS_NAAM = {
    "pct_0_15": "percentage_personen_0_tot_15_jaar", "pct_15_25": "percentage_personen_15_tot_25_jaar",
    "pct_25_45": "percentage_personen_25_tot_45_jaar", "pct_45_65": "percentage_personen_45_tot_65_jaar",
    "pct_65plus": "percentage_personen_65_jaar_en_ouder", "bevolkingsdichtheid": "bevolkingsdichtheid_inwoners_per_km2",
    "gem_huishoudensgrootte": "gemiddelde_huishoudsgrootte", "pct_eenpersoonshuishoudens": "percentage_eenpersoonshuishoudens",
    "pct_huishoudens_zonder_kinderen": "percentage_huishoudens_zonder_kinderen",
    "pct_huishoudens_met_kinderen": "percentage_huishoudens_met_kinderen", "gem_woz_waarde": "gemiddelde_woningwaarde",
    "pct_koopwoningen": "percentage_koopwoningen", "pct_huurwoningen": "percentage_huurwoningen",
    "pct_huurwoningen_corporatie": "perc_huurwoningen_in_bezit_woningcorporaties",
    "pct_eengezinswoning": "percentage_eengezinswoning", "pct_meergezinswoning": "percentage_meergezinswoning",
    "pct_bouwjaar_vanaf_2000": "percentage_bouwjaarklasse_vanaf_2000",
    "pct_leegstand_woningen": "percentage_leegstand_woningen", "stedelijkheid": "stedelijkheid_adressen_per_km2",
    "aant_inw": "aantal_inwoners", "aantal_hh": "aantal_huishoudens", "oad": "omgevingsadressendichtheid",
    "sted": "stedelijkheid_adressen_per_km2",
}
_JAARTAL = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
_MET_JAAR = re.compile(r"^(.*)_(20[1-9]\d)$")  # e.g. aantal_inwoners_2024 in the resource


def bron_regel(pad: Path) -> str:
    """The `bron` column of the kerncijfers this file gives."""
    return f"CBS Wijk- en buurtkaart ({Path(pad).name})"


def lees(pad: Path, opties: Mapping[str, Any], context: Optional[BronContext] = None) -> BronInhoud:
    """Gemeente, wijken (the rows, keyed on wijk_code), buurten and kerncijfers of `opties["gemeente"]` (GM0141)."""
    gm = str(opties.get("gemeente") or STANDAARD_GEMEENTE).strip().upper()
    if not re.fullmatch(LAGEN["gemeente"][3], gm):
        raise StoreError(f"Optie gemeente: '{gm}' is geen CBS-gemeentecode (GM en vier cijfers, bijvoorbeeld GM0141).")
    ds = _open(Path(pad))
    bestandsjaar = _jaar_uit(Path(pad).name)
    inhoud = BronInhoud(soort="cbs", laag="wijken", sleutel="wijk_code")
    kern: Dict[Tuple[str, str, int, str], Optional[float]] = {}
    rijen: Dict[str, List[Dict[str, Any]]] = {}
    grenzen: List[int] = []
    for laag, (namen, codes, naamvelden, patroon, niveau) in LAGEN.items():
        ogr_laag = _laag(ds, namen)
        if ogr_laag is None:
            raise StoreError(f"Bron '{Path(pad).name}' heeft geen laag {' of '.join(namen)}: geen CBS Wijk- en buurtkaart.")
        if ogr_laag.GetSpatialRef() is not None and _epsg(ogr_laag) not in (EPSG, None):
            raise StoreError(f"Bron '{Path(pad).name}', laag {ogr_laag.GetName()}: niet in EPSG:{EPSG} (RD New), "
                             "zoals de Wijk- en buurtkaart van het CBS; er is niets gelezen.")
        rijen[laag] = _gebieden(ogr_laag, laag, gm, codes, naamvelden, patroon, niveau, bestandsjaar, kern, inhoud, grenzen)
    for tabel, laag in TABELLEN.items():
        ogr_laag = _laag(ds, (tabel,))
        if ogr_laag is not None:
            _, codes, _, patroon, niveau = LAGEN[laag]
            numeriek = _numerieke_velden(ogr_laag)
            for _waar, velden, _g in _features(ogr_laag, _filter(ogr_laag, laag, gm, codes)):
                code = _eerste(velden, codes)
                if code and re.fullmatch(patroon, code):
                    _kerncijfers(velden, niveau, code, _eerste(velden, JAAR_VELDEN) or bestandsjaar, kern, numeriek)
    if not rijen["gemeente"]:
        raise StoreError(f"Bron '{Path(pad).name}' heeft geen gemeente {gm} (op het land).")
    inhoud.rijen = rijen["wijken"]
    bron = bron_regel(Path(pad))
    inhoud.andere = {
        "gemeente": rijen["gemeente"],
        "buurten": rijen["buurten"],
        "kerncijfers": [dict(niveau=n, gebied_code=c, jaar=j, variabele=v, waarde=w, bron=bron)
                        for (n, c, j, v), w in sorted(kern.items(), key=lambda kv: (_NIVEAU_ORDE[kv[0][0]], kv[0][1:]))],
    }
    if not kern and not bestandsjaar:
        inhoud.meldingen.append(f"Bron '{Path(pad).name}': geen jaar van de kerncijfers (veld jaar, of een jaartal in de "
                                "bestandsnaam zoals wijkenbuurten_2024_v1.gpkg); de kerncijfers zijn niet ingelezen.")
    jaar = max(grenzen) if grenzen else bestandsjaar
    inhoud.peildatum = f"{jaar}-01-01" if jaar else None
    return inhoud


_NIVEAU_ORDE = {"gemeente": 0, "wijk": 1, "buurt": 2}


def _open(pad: Path):
    from osgeo import gdal

    if not pad.is_file():
        raise StoreError(f"Bron '{pad}' bestaat niet.")
    try:
        ds = gdal.OpenEx(str(pad), gdal.OF_VECTOR)
    except RuntimeError:
        ds = None
    if ds is None:
        raise StoreError(f"Bron '{pad.name}' kan niet worden gelezen: geen GeoPackage, of beschadigd.")
    return ds


def _laag(ds, namen: Sequence[str]):
    bestaand = {ds.GetLayerByIndex(i).GetName().lower(): i for i in range(ds.GetLayerCount())}
    for n in namen:
        if n in bestaand:
            return ds.GetLayerByIndex(bestaand[n])
    return None


def _epsg(ogr_laag) -> Optional[int]:
    srs = ogr_laag.GetSpatialRef()
    srs.AutoIdentifyEPSG()
    code = srs.GetAuthorityCode(None)
    return int(code) if code else None


def _jaar_uit(tekst: Any) -> Optional[int]:
    m = _JAARTAL.search(str(tekst or ""))
    return int(m.group(1)) if m else None


def _veldnamen(ogr_laag) -> Dict[str, str]:
    d = ogr_laag.GetLayerDefn()
    return {d.GetFieldDefn(i).GetName().lower(): d.GetFieldDefn(i).GetName() for i in range(d.GetFieldCount())}


def _filter(ogr_laag, laag: str, gm: str, codes: Sequence[str]) -> Optional[str]:
    """The OGR attribute filter that keeps one gemeente: on gemeentecode where the layer has it, else on the code's
    digits (WK0141…, BU0141…)."""
    namen = _veldnamen(ogr_laag)
    for v in GEMEENTE_VELDEN:
        if v in namen:
            return f"\"{namen[v]}\" = '{gm}'"
    for v in codes:
        if v in namen:
            return f"\"{namen[v]}\" LIKE '{('GM' if laag == 'gemeente' else LAGEN[laag][3][:2]) + gm[2:]}%'"
    return None


def _features(ogr_laag, filter_: Optional[str]) -> Iterator[Tuple[str, Dict[str, Any], Any]]:
    """(where, {lower-case field: value}, ogr geometry) of each feature passing the filter."""
    ogr_laag.SetAttributeFilter(filter_)
    ogr_laag.ResetReading()
    d = ogr_laag.GetLayerDefn()
    namen = [d.GetFieldDefn(i).GetName().lower() for i in range(d.GetFieldCount())]
    for feat in ogr_laag:
        velden = {n: (feat.GetField(i) if feat.IsFieldSetAndNotNull(i) else None) for i, n in enumerate(namen)}
        yield f"bronfeature {feat.GetFID()}", velden, feat.GetGeometryRef()
    ogr_laag.SetAttributeFilter(None)


def _eerste(velden: Mapping[str, Any], namen: Sequence[str]) -> Any:
    for n in namen:
        v = velden.get(n)
        if v not in (None, ""):
            return v.strip() if isinstance(v, str) else v
    return None


def _gebieden(ogr_laag, laag: str, gm: str, codes, naamvelden, patroon: str, niveau: str, bestandsjaar: Optional[int],
              kern: Dict, inhoud: BronInhoud, grenzen: List[int]) -> List[Dict[str, Any]]:
    """The land rows of one layer of gemeente `gm`; the parts of one code (land split in pieces) are united."""
    delen: Dict[str, List[Any]] = {}
    namen: Dict[str, Optional[str]] = {}
    water = 0
    codeveld = next((c for c in codes if c in _veldnamen(ogr_laag)), codes[0])
    numeriek = _numerieke_velden(ogr_laag)
    for waar, velden, ogeom in _features(ogr_laag, _filter(ogr_laag, laag, gm, codes)):
        code = _eerste(velden, codes)
        if not code or not re.fullmatch(patroon, str(code)):
            inhoud.geweigerd.append(Weigering(waar, codeveld, f"'{code or ''}' is geen CBS-code ({_VOORBEELD[laag]})"))
            continue
        if str(_eerste(velden, WATER_VELDEN) or "").upper() == "JA":
            water += 1
            continue
        g = _shapely(ogeom)
        if g is None:
            inhoud.geweigerd.append(Weigering(f"{waar} ({code})", "geom", "geen vlak (leeg of geen polygoon)"))
            continue
        delen.setdefault(code, []).append(g)
        namen.setdefault(code, _eerste(velden, naamvelden))
        g_jaar = _eerste(velden, GRENZEN_VELDEN)
        if g_jaar:
            grenzen.append(int(g_jaar))
        _kerncijfers(velden, niveau, code, _eerste(velden, JAAR_VELDEN) or bestandsjaar, kern, numeriek)
    if water:
        inhoud.meldingen.append(f"Laag {ogr_laag.GetName()}: {water} water-deel{'en' if water > 1 else ''} "
                                "(water = JA) overgeslagen; alleen land wordt ingelezen.")
    sleutel = {"gemeente": "gemeente_code", "wijken": "wijk_code", "buurten": "buurt_code"}[laag]
    rows = []
    for code in sorted(delen):
        g = delen[code][0] if len(delen[code]) == 1 else unary_union(delen[code])
        row: Dict[str, Any] = {sleutel: code, "naam": namen[code] or code, "geom": _multi(g)}
        if laag == "buurten":
            row["wijk_code"] = "WK" + code[2:8]
        rows.append(row)
    return rows


_VOORBEELD = {"gemeente": "GM0141", "wijken": "WK014110", "buurten": "BU01411000"}


def _kerncijfers(velden: Mapping[str, Any], niveau: str, code: str, jaar: Any, kern: Dict, numeriek: set) -> None:
    if not jaar:
        return
    for naam, v in velden.items():
        if naam not in numeriek or naam in IDENTITEIT:
            continue
        var, j = naam, int(jaar)
        m = _MET_JAAR.match(naam)
        if m:
            var, j = m.group(1), int(m.group(2))
        waarde = None if v is None or float(v) <= ONTBREEKT else float(v)
        kern.setdefault((niveau, code, j, CBS_NAAM.get(var, var)), waarde)


def _numerieke_velden(ogr_laag) -> set:
    from osgeo import ogr

    d = ogr_laag.GetLayerDefn()
    return {d.GetFieldDefn(i).GetName().lower() for i in range(d.GetFieldCount())
            if d.GetFieldDefn(i).GetType() in (ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal)}


def _shapely(ogeom):
    if ogeom is None or ogeom.IsEmpty():
        return None
    ogeom = ogeom.GetLinearGeometry() if ogeom.HasCurveGeometry() else ogeom
    g = geo.from_wkb(bytes(ogeom.ExportToIsoWkb()))
    if g.has_z:
        from shapely.ops import transform

        g = transform(lambda x, y, z=None: (x, y), g)
    if not g.is_valid:
        g = make_valid(g)
    polys = _polygons(g)
    return unary_union(polys) if polys else None


def _polygons(g) -> List[Polygon]:
    if isinstance(g, Polygon):
        return [g] if not g.is_empty else []
    return [p for part in getattr(g, "geoms", []) for p in _polygons(part)]


def _multi(g) -> MultiPolygon:
    return g if isinstance(g, MultiPolygon) else MultiPolygon(_polygons(g))
