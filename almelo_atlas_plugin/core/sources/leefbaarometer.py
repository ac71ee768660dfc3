"""Leefbaarometer 3.0 (BZK; FORMATS.md §3) → the scores of the gemeente's 100 m cells or buurten, with the five
dimensions.

Two ways in: a score CSV (`Leefbaarometer-scores grids …csv` / `… buurten …csv`) with its geometry GeoPackage in
`opties["geometrie"]` (`grid 2024.gpkg` / `buurt 2024.gpkg`), or one GeoPackage holding geometry and scores (a WFS layer
saved from QGIS: `id`, `kscore`, `afw`, `fys`, …). The class 1–9 is taken from the published class field `kscore`
where the file has one; the official thresholds from score to class are not confirmed (FORMATS.md §3c), so without that
field the class stays empty and the map shows the deviation `afw` as a continuous ramp.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import numpy as np
import shapely

from ..model.schema import TABLES_BY_NAME
from ..output.termen import getal
from ..store.base import StoreError
from .bronnen import BronContext, BronInhoud, Weigering
from .importer import (
    ImportReport,
    Refused,
    _geometry,
    _number,
    _ogr_features,
    _open_source,
    _pick_layer,
    _short,
    _srs_of,
    _transform,
)

LAAG = "leefbaarheid"
SLEUTEL = "gebied_id"
SCORES = ("lbm", "afw", "fys", "onv", "soc", "vrz", "won")
KLASSE = "kscore"  # the published class 1–9 (WFS and its exports)
KLASSEN = (1, 9)
SLEUTELS = {"grid_id": "grid", "bu_code": "buurt", "id": None}  # key column → soort_gebied (`id`: by its values)
ZONDER_KLASSEN = "klassen niet in het bestand: de kaart toont de afwijking (afw) als doorlopende kleur"
_JAAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)|score(\d\d)(?!\d)")


@dataclass
class _Gebied:
    geom: Any
    waarden: Dict[str, Any] = field(default_factory=dict)  # lower-case field name → value (a WFS export's scores)


def _id(v: Any) -> str:
    """An area key as text: grid ids may come as numbers (12345.0 → '12345')."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _soort(kolom: str, ids: List[str]) -> str:
    soort = SLEUTELS[kolom]
    return soort or ("buurt" if ids and all(i.upper().startswith("BU") for i in ids[:50]) else "grid")


def _sleutelkolom(names: List[str], waar: str) -> str:
    lower = {n.strip().lower(): n for n in names}
    for k in SLEUTELS:
        if k in lower:
            return lower[k]
    raise StoreError(f"Bron '{waar}': geen kolom grid_id, bu_code of id met de gebiedscode (wel: {', '.join(names)}).")


def _gebieden(pad: Path, bronlaag: Optional[str], context: BronContext, geweigerd: List[Weigering]
              ) -> Tuple[Dict[str, _Gebied], str]:
    """The areas of the geometry file that lie in the gemeente (key → geometry and fields), and their kind."""
    if context.gemeente is None:
        raise StoreError(f"Bron '{pad.name}': de store heeft geen gemeentegrens om de gebieden mee te kiezen; lees "
                         "eerst de CBS-geografie in (bron cbs).")
    ds = _open_source(str(pad))
    src = _pick_layer(ds, pad.name, LAAG, bronlaag)
    transform = _transform(_srs_of(src, pad.name, False, False, ImportReport(LAAG, pad.name)), pad.name)
    names, features = _ogr_features(src, pad.name)
    kolom = _sleutelkolom(names, pad.name)
    gemeente = context.gemeente
    if transform is None:
        src.SetSpatialFilterRect(*gemeente.bounds)  # the file's spatial index: never the whole country
    prefix = "BU" + context.gemeente_code[2:]
    table = TABLES_BY_NAME[LAAG]
    kandidaten: List[Tuple[str, str, Any, Dict[str, Any]]] = []  # key, where, geometry, fields
    for feat in features:
        key = _id(feat.values.get(kolom)) if feat.values.get(kolom) is not None else ""
        if SLEUTELS[kolom.lower()] == "buurt" or key.upper().startswith("BU"):
            if not key.upper().startswith(prefix):
                continue  # a buurt of another gemeente, however close
        try:
            g = _geometry(feat.geometry, table, transform)
        except Refused as exc:
            geweigerd.append(Weigering(f"{pad.name}, {key or feat.where}", exc.field, str(exc)))
            continue
        kandidaten.append((key, feat.where, g, feat.values))
    out: Dict[str, _Gebied] = {}
    for (key, waar, g, values), binnen in zip(kandidaten, _in_gemeente(gemeente, [k[2] for k in kandidaten])):
        if not binnen:
            continue  # outside, or only touching the border
        if not key:
            geweigerd.append(Weigering(f"{pad.name}, {waar}", kolom, "geen gebiedscode (leeg)"))
            continue
        out[key] = _Gebied(g, {n.lower(): v for n, v in values.items()})
    return out, _soort(kolom.lower(), list(out))


def _in_gemeente(gemeente: Any, geoms: List[Any]) -> List[bool]:
    """Per area whether it shares more than its border with the gemeente: cells well inside by a prepared test, only
    those on the boundary by their interiors (vectorised, shapely 2)."""
    if not geoms:
        return []
    arr = np.array(geoms, dtype=object)
    shapely.prepare(gemeente)
    binnen = shapely.contains_properly(gemeente, arr)
    rand = ~binnen & shapely.intersects(gemeente, arr)
    binnen[rand] = shapely.relate_pattern(gemeente, arr[rand], "T********")
    return binnen.tolist()


def _csv_rijen(pad: Path, gebieden: Mapping[str, _Gebied], geweigerd: List[Weigering]
               ) -> Tuple[List[str], Dict[str, Dict[int, Tuple[int, Dict[str, str]]]], int]:
    """(column names, key → year → (line number, row) for the areas in `gebieden`, rows of other areas): the score CSV
    streamed (`,` or `;`, point or comma decimals, UTF-8 with or without BOM). Without a `jaar` column the year is 0."""
    try:
        fh = open(pad, encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        raise StoreError(f"Bron '{pad.name}' kan niet worden gelezen ({exc.strerror or exc}).") from None
    with fh:
        first = fh.readline()
        sep = ";" if first.count(";") > first.count(",") else ","
        names = [c.strip().lower() for c in next(csv.reader([first], delimiter=sep), [])]
        i_key = names.index(_sleutelkolom(names, pad.name))
        i_jaar = names.index("jaar") if "jaar" in names else None
        rijen: Dict[str, Dict[int, Tuple[int, Dict[str, str]]]] = {}
        elders = 0
        for n, cells in enumerate(csv.reader(fh, delimiter=sep), start=2):
            key = cells[i_key].strip() if len(cells) > i_key else ""
            if key not in gebieden:
                elders += bool(key)
                continue
            try:
                jaar = int(_number(cells[i_jaar], "jaar")) if i_jaar is not None else 0
            except Refused as exc:
                geweigerd.append(Weigering(f"rij {n}", exc.field, str(exc)))
                continue
            rijen.setdefault(key, {})[jaar] = (n, dict(zip(names, cells)))
    return names, rijen, elders


def _jaar_uit_naam(*namen: str) -> Optional[int]:
    """`grid 2024.gpkg` → 2024, `clippedgridscore24` → 2024."""
    for naam in namen:
        m = _JAAR.search(naam)
        if m:
            return int(m.group(1) or "20" + m.group(2))
    return None


def _waarde(v: Any, naam: str) -> Optional[float]:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    return _number(v, naam)


def _klasse(v: Any) -> Optional[int]:
    x = _waarde(v, KLASSE)
    if x is None:
        return None
    if not x.is_integer() or not KLASSEN[0] <= x <= KLASSEN[1]:
        raise Refused(KLASSE, f"klasse moet een geheel getal van {KLASSEN[0]} t/m {KLASSEN[1]} zijn (niet {_short(v)!r})")
    return int(x)


def lees(pad: Path, opties: Mapping[str, Any], context: BronContext) -> BronInhoud:
    """The Leefbaarometer areas in the gemeente of `context`. opties: `geometrie` (the geometry GeoPackage, when `pad`
    is a score CSV), `jaar` (the measurement year; default the newest in the file), `bronlaag` (the layer of a
    GeoPackage holding more than one)."""
    pad = Path(pad)
    inhoud = BronInhoud(soort="leefbaarometer", laag=LAAG, sleutel=SLEUTEL)
    is_csv = pad.suffix.lower() in (".csv", ".txt")
    if is_csv and not opties.get("geometrie"):
        raise StoreError(f"Bron '{pad.name}' is een scorebestand zonder geometrie; geef het geometriebestand "
                         "(grid 2024.gpkg of buurt 2024.gpkg) mee met --geometrie.")
    geo_pad = Path(opties["geometrie"]) if is_csv else pad
    gebieden, soort = _gebieden(geo_pad, opties.get("bronlaag"), context, inhoud.geweigerd)
    try:
        gevraagd = int(_number(opties["jaar"], "jaar")) if opties.get("jaar") else None
    except Refused as exc:
        raise StoreError(f"Bron '{pad.name}': jaar {exc}.") from None

    if is_csv:
        kolommen, rijen, elders = _csv_rijen(pad, gebieden, inhoud.geweigerd)
        jaren = sorted({j for per in rijen.values() for j in per})
        jaar = gevraagd or (jaren[-1] if jaren else None)
        if gevraagd and jaren and jaren != [0] and gevraagd not in jaren:
            raise StoreError(f"Bron '{pad.name}' heeft geen scores voor {gevraagd} in deze gemeente (wel: "
                             f"{', '.join(map(str, jaren))}).")
        bron = {k: per.get(jaar if 0 not in per else 0) for k, per in rijen.items()}
        if elders:
            inhoud.meldingen.append(f"{getal(elders)} scores van gebieden buiten de gemeente overgeslagen")
        ander = sum(len(per) for per in rijen.values()) - sum(1 for v in bron.values() if v is not None)
        if ander:
            inhoud.meldingen.append(f"{getal(ander)} scores van de gemeente uit andere jaren dan {jaar} overgeslagen")
    else:
        kolommen = sorted({k for g in gebieden.values() for k in g.waarden})
        jaren = sorted({int(g.waarden["jaar"]) for g in gebieden.values() if g.waarden.get("jaar")})
        jaar = gevraagd or (jaren[-1] if jaren else _jaar_uit_naam(pad.stem))
        bron = {k: (0, g.waarden) for k, g in gebieden.items()}

    # the class: the score file's own, else that of a WFS export given as geometry when it is of the same year
    geo_klasse = (is_csv and KLASSE not in kolommen and any(KLASSE in g.waarden for g in gebieden.values())
                  and jaar is not None and _jaar_uit_naam(geo_pad.stem) == jaar)
    heeft_klasse = KLASSE in kolommen or geo_klasse
    zonder = 0
    for key, g in gebieden.items():
        hit = bron.get(key)
        if hit is None:
            zonder += 1
            continue
        n, waarden = hit
        try:
            rij: Dict[str, Any] = {s: _waarde(waarden.get(s, g.waarden.get(s)), s) for s in SCORES}
            rij["score"] = _klasse(g.waarden.get(KLASSE) if geo_klasse else waarden.get(KLASSE)) if heeft_klasse else None
        except Refused as exc:
            inhoud.geweigerd.append(Weigering(f"rij {n}" if is_csv else f"gebied {key}", exc.field, str(exc)))
            continue
        rij.update(gebied_id=key, soort_gebied=soort, jaar=jaar or None, geom=g.geom)
        inhoud.rijen.append(rij)
    if zonder:
        inhoud.meldingen.append(f"{getal(zonder)} gebieden in de gemeente zonder score" + (f" in {jaar}" if jaar else ""))
    if not heeft_klasse:
        inhoud.meldingen.append(ZONDER_KLASSEN)
    return inhoud
