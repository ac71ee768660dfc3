"""Source files as the publishers write them (FORMATS.md §2, §3), for the reader tests and the bench; and a plain reading
context (a gemeente with a few BAG points and addresses) standing in for a store."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from shapely.geometry import box

# EP-Online "v2" totaalbestand (2022–2024), in order (FORMATS.md §2a)
EP_V2 = (
    "Pand_opnamedatum", "Pand_opnametype", "Pand_status", "Pand_berekeningstype", "Pand_energieindex",
    "Pand_energieklasse", "Pand_energielabel_is_prive", "Pand_is_op_basis_van_referentie_gebouw", "Pand_gebouwklasse",
    "Meting_geldig_tot", "Pand_registratiedatum", "Pand_postcode", "Pand_huisnummer", "Pand_huisletter",
    "Pand_huisnummertoevoeging", "Pand_detailaanduiding", "Pand_bagverblijfsobjectid", "Pand_bagligplaatsid",
    "Pand_bagstandplaatsid", "Pand_bagpandid", "Pand_gebouwtype", "Pand_gebouwsubtype", "Pand_projectnaam",
    "Pand_projectobject", "Pand_SBIcode", "Pand_gebruiksoppervlakte_thermische_zone", "Pand_energiebehoefte",
    "Pand_eis_energiebehoefte", "Pand_primaire_fossiele_energie", "Pand_eis_primaire_fossiele_energie",
    "Pand_primaire_fossiele_energie_EMG_forfaitair", "Pand_aandeel_hernieuwbare_energie",
    "Pand_eis_aandeel_hernieuwbare_energie", "Pand_aandeel_hernieuwbare_energie_EMG_forfaitair",
    "Pand_temperatuuroverschrijding", "Pand_eis_temperatuuroverschrijding", "Pand_warmtebehoefte",
    "Pand_energieindex_met_EMG_forfaitair",
)
# the older (2021) header: `Pand_huisnummer_toev`, no `Pand_huisletter`, `Pand_gebruiksoppervlakte`
EP_2021 = tuple(
    {"Pand_huisnummertoevoeging": "Pand_huisnummer_toev",
     "Pand_gebruiksoppervlakte_thermische_zone": "Pand_gebruiksoppervlakte"}.get(c, c)
    for c in EP_V2 if c != "Pand_huisletter"
)


def ep_regel(kolommen: Sequence[str], label: Mapping[str, Any]) -> List[str]:
    """One label as a row under `kolommen`; `label` keys are the column names without `Pand_` (vbo: the vbo id)."""
    waarden = {"bagverblijfsobjectid": label.get("vbo", ""), "energieindex": "1,4", "berekeningstype": "NTA 8800",
               "status": "Bestaand", "gebruiksoppervlakte_thermische_zone": "112,5", **label}
    return [str(waarden.get(c.removeprefix("Pand_"), "")) for c in kolommen]


def ep_csv(path: Path, labels: Iterable[Mapping[str, Any]], kolommen: Sequence[str] = EP_V2,
           preamble: Optional[Mapping[str, str]] = None, bom: bool = False, encoding: str = "utf-8",
           sep: str = ";") -> Path:
    """An EP-Online totaalbestand: `;` (or `sep`), optional `key;value` preamble lines before the header, optional
    BOM."""
    with open(path, "w", encoding="utf-8-sig" if bom else encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=sep, lineterminator="\r\n")
        for k, v in (preamble or {}).items():
            w.writerow([k, v])
        w.writerow(kolommen)
        for label in labels:
            w.writerow(ep_regel(kolommen, label))
    return path


def lbm_csv(path: Path, rows: Iterable[Mapping[str, Any]], sleutel: str = "grid_id", sep: str = ",",
            decimaal: str = ".", extra: Sequence[str] = ()) -> Path:
    """A Leefbaarometer score CSV (FORMATS.md §3a): key, jaar, lbm, afw and the five dimensions (+ `extra`)."""
    kolommen = [sleutel, "jaar", "lbm", "afw", "fys", "onv", "soc", "vrz", "won", *extra]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n")
    w.writerow(kolommen)
    for r in rows:
        w.writerow([str(r.get(k, "")).replace(".", decimaal) if isinstance(r.get(k), float) else r.get(k, "")
                    for k in kolommen])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def gpkg_vlakken(path: Path, laag: str, rows: Iterable[Mapping[str, Any]], velden: Mapping[str, str]) -> Path:
    """A GeoPackage of polygons (EPSG:28992): rows with 'geom' (shapely) and `velden` (name → 'str'|'int'|'real');
    a layer added when the file exists."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(28992)
    ds = ogr.Open(str(path), 1) if path.exists() else ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    lyr = ds.CreateLayer(laag, srs, ogr.wkbMultiPolygon)
    types = {"str": ogr.OFTString, "int": ogr.OFTInteger, "real": ogr.OFTReal}
    for name, t in velden.items():
        lyr.CreateField(ogr.FieldDefn(name, types[t]))
    for r in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for name in velden:
            if r.get(name) is not None:
                f.SetField(name, r[name])
        f.SetGeometry(ogr.ForceToMultiPolygon(ogr.CreateGeometryFromWkb(r["geom"].wkb)))
        lyr.CreateFeature(f)
    ds = None
    return path


@dataclass
class LeesContext:
    """What a reader may know of a store (core/sources/bronnen.BronContext), without a store."""

    gemeente_code: str = "GM0141"
    gemeente: Any = field(default_factory=lambda: box(0, 0, 1000, 1000))
    punten: Dict[str, Tuple[float, float]] = field(default_factory=dict)
    adres: Dict[Tuple[str, int, str, str], str] = field(default_factory=dict)

    def vbo_punten(self) -> Mapping[str, Tuple[float, float]]:
        return self.punten

    def adressen(self) -> Mapping[Tuple[str, int, str, str], str]:
        return self.adres
