"""Load real data into a store: CBS wijk- en buurtkaart, point layers, CSV with coordinates, any OGR source.

One transaction; every row goes through the database guards (a refused row is reported
with its reason and left out, the rest is kept); geometry is reprojected to EPSG:28992
with a warning; a source without a CRS or outside the Netherlands is refused whole.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np

from . import geo, gpkg
from .schema import EPSG, GEOM_COLUMN, LOCATION_LAYERS, NL_BOUNDS, TABLES_BY_NAME, Table
from .store import Store, StoreError, current_user, now_iso, translate_db_error

# Source field names that mean our field (CBS wijk- en buurtkaart, EP-online, BAG-like exports)
ALIASES: Dict[str, Dict[str, List[str]]] = {
    "gemeente": {"gemeente_code": ["gemeentecode", "gm_code"], "naam": ["gemeentenaam", "gm_naam"]},
    "wijken": {"wijk_code": ["wijkcode", "wk_code"], "naam": ["wijknaam", "wk_naam"]},
    "buurten": {"buurt_code": ["buurtcode", "bu_code"], "naam": ["buurtnaam", "bu_naam"], "wijk_code": ["wijkcode", "wk_code"]},
    "energielabels": {"label": ["energieklasse", "labelletter", "energielabel", "label_energie"],
                      "registratiedatum": ["registratiedatum", "opnamedatum", "datum"]},
    "woningvoorraad": {"bouwjaar": ["bouwjaar", "oorspronkelijkbouwjaar"], "eigendom": ["eigendom", "eigenaar_type"],
                       "woningtype": ["woningtype", "type"]},
    "leefbaarheid": {"score": ["score", "klasse", "lbm_klasse", "kl"]},
}
X_NAMES = "x,X,x_rd,rd_x,xcoord,x_coord,easting"
Y_NAMES = "y,Y,y_rd,rd_y,ycoord,y_coord,northing"
LON_NAMES = "lon,longitude,lng,LON,LONGITUDE"
LAT_NAMES = "lat,latitude,LAT,LATITUDE"
# values as sources spell them → domain values
VALUE_FIXES = {"label": lambda v: str(v).strip().upper().replace(" ", "") if v is not None else v}


@dataclass
class ImportReport:
    layer: str
    source: str
    imported: int = 0
    refused: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    replace: bool = False

    @property
    def saved(self) -> bool:
        """Whether anything was written: a replace (--vervang) is all or nothing, a plain import keeps the good rows."""
        return self.imported > 0 and not (self.replace and self.refused)

    def summary(self) -> str:
        """One Dutch line on what was stored (the refused rows are listed separately)."""
        n = len(self.refused)
        if self.replace and n:
            return (f"laag {self.layer}: --vervang gaat alleen door als elke rij goed is; {n} rij(en) geweigerd, "
                    "er is niets gewijzigd.")
        if n and self.imported:
            return (f"{self.imported} features geïmporteerd in {self.layer} en opgeslagen; {n} geweigerd en niet opgeslagen "
                    "(verbeter die rijen in de bron en importeer ze opnieuw).")
        return f"{self.imported} features geïmporteerd in {self.layer}; {n} geweigerd."


class _Undo(Exception):
    """Roll the import's transaction back (a replace with a refused row)."""


def _open_source(source: str):
    from osgeo import gdal

    gdal.UseExceptions()
    path = Path(source)
    if not path.exists() and "://" not in source:
        raise StoreError(f"Bron '{source}' bestaat niet.")
    opts = []
    if path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8-sig") as fh:
            header = [h.strip().strip('"') for h in fh.readline().replace(";", ",").split(",")]
        lower = {h.lower() for h in header}
        if lower & set(LON_NAMES.lower().split(",")) and lower & set(LAT_NAMES.lower().split(",")):
            opts = [f"X_POSSIBLE_NAMES={LON_NAMES}", f"Y_POSSIBLE_NAMES={LAT_NAMES}", "KEEP_GEOM_COLUMNS=NO"]
        elif lower & set(X_NAMES.lower().split(",")) and lower & set(Y_NAMES.lower().split(",")):
            opts = [f"X_POSSIBLE_NAMES={X_NAMES}", f"Y_POSSIBLE_NAMES={Y_NAMES}", "KEEP_GEOM_COLUMNS=NO"]
        else:
            raise StoreError(f"Bron '{source}': CSV zonder coördinaatkolommen (x/y in RD of lon/lat).")
    try:
        ds = gdal.OpenEx(str(source), gdal.OF_VECTOR, open_options=opts)
    except RuntimeError as exc:
        raise StoreError(f"Bron '{source}' kan niet worden gelezen: {exc}") from exc
    if ds is None:
        raise StoreError(f"Bron '{source}' kan niet worden gelezen.")
    return ds, bool(opts) and opts[0].startswith("X_POSSIBLE_NAMES=lon")


def _pick_layer(ds, source: str, layer: str, bronlaag: Optional[str]):
    names = [ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount())]
    if bronlaag:
        if bronlaag not in names:
            raise StoreError(f"Bron '{source}' heeft geen laag '{bronlaag}' (wel: {', '.join(names)}).")
        return ds.GetLayerByName(bronlaag)
    if len(names) == 1:
        return ds.GetLayerByIndex(0)
    if layer in names:
        return ds.GetLayerByName(layer)
    raise StoreError(f"Bron '{source}' heeft meerdere lagen ({', '.join(names)}); kies er een met --bronlaag.")


def _field_map(t: Table, src_fields: List[str], mapping: Dict[str, str]) -> Dict[str, str]:
    lower = {f.lower(): f for f in src_fields}
    out: Dict[str, str] = {}
    for dst, src in mapping.items():
        if dst not in t.field_names:
            raise StoreError(f"--map {dst}={src}: laag {t.name} heeft geen veld '{dst}'.")
        if src.lower() not in lower:
            raise StoreError(f"--map {dst}={src}: de bron heeft geen veld '{src}' (wel: {', '.join(src_fields)}).")
        out[dst] = lower[src.lower()]
    for f in t.fields:
        if f.name in out:
            continue
        for cand in [f.name, *ALIASES.get(t.name, {}).get(f.name, [])]:
            if cand.lower() in lower:
                out[f.name] = lower[cand.lower()]
                break
    return out


def _target_geometry(g, t: Table):
    from shapely.geometry import MultiPolygon, Point, Polygon

    if g is None or g.is_empty:
        return None
    if t.geometry == "MultiPolygon":
        if isinstance(g, Polygon):
            return MultiPolygon([g])
        if isinstance(g, MultiPolygon):
            return g
    if t.geometry == "Polygon":
        if isinstance(g, Polygon):
            return g
        if isinstance(g, MultiPolygon) and len(g.geoms) == 1:
            return g.geoms[0]
    if t.geometry == "Point":
        if isinstance(g, Point):
            return g
        if g.geom_type == "MultiPoint" and len(g.geoms) == 1:
            return g.geoms[0]
    raise ValueError(f"geometrietype {g.geom_type} past niet bij {t.geometry}")


def import_layer(store: Store, layer: str, source: str, bronlaag: Optional[str] = None,
                 mapping: Optional[Dict[str, str]] = None, replace: bool = False) -> ImportReport:
    """Import one source layer into store table `layer`; returns what was imported, refused and warned."""
    from osgeo import ogr, osr

    if layer not in TABLES_BY_NAME or layer in ("wijzigingen", "atlas_meta"):
        raise StoreError(f"Laag '{layer}' bestaat niet in de store of kan niet worden geïmporteerd.")
    t = TABLES_BY_NAME[layer]
    rep = ImportReport(layer, str(source), replace=replace)
    ds, lonlat = _open_source(str(source))
    src = _pick_layer(ds, str(source), layer, bronlaag)
    defn = src.GetLayerDefn()
    src_fields = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    fmap = _field_map(t, src_fields, mapping or {})
    missing = [f.name for f in t.fields if f.name not in fmap and f.not_null and f.default is None]
    if missing:
        raise StoreError(f"Bron '{source}': verplichte velden ontbreken voor laag {layer}: {', '.join(missing)} (gebruik --map DOEL=BRON).")
    transform = None
    if t.geometry:
        srs = src.GetSpatialRef()
        if srs is not None and (srs.GetName() or "").lower().startswith("undefined"):
            srs = None  # a GeoPackage's "undefined" SRS (srs_id 0 or -1) is no CRS
        if srs is None and lonlat:
            srs = osr.SpatialReference()
            srs.ImportFromEPSG(4326)
        if srs is None:
            # CSV with x/y: RD New if every coordinate lies in the Dutch RD range
            if Path(str(source)).suffix.lower() == ".csv":
                srs = osr.SpatialReference()
                srs.ImportFromEPSG(EPSG)
                rep.warnings.append(f"{source}: geen coördinatenstelsel opgegeven; x/y gelezen als EPSG:{EPSG} (RD New)")
            else:
                raise StoreError(f"Bron '{source}' heeft geen coördinatenstelsel (CRS); de gegevens kunnen niet worden geplaatst.")
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        rd = osr.SpatialReference()
        rd.ImportFromEPSG(EPSG)
        rd.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        if not srs.IsSame(rd):
            transform = osr.CoordinateTransformation(srs, rd)
            rep.warnings.append(f"{source}: omgezet van {srs.GetName()} naar EPSG:{EPSG} (RD New)")
    # read and prepare every row before writing anything
    rows = []
    xmin, ymin, xmax, ymax = np.inf, np.inf, -np.inf, -np.inf
    src.ResetReading()
    for feat in src:
        sid = feat.GetFID()
        row = {}
        for dst, s in fmap.items():
            v = feat.GetField(s)
            if dst in VALUE_FIXES:
                v = VALUE_FIXES[dst](v)
            row[dst] = v
        if t.geometry:
            og = feat.GetGeometryRef()
            if og is None or og.IsEmpty():
                rep.refused.append(f"bronfeature {sid}: geen geometrie")
                continue
            og = og.Clone()
            if transform is not None:
                og.Transform(transform)
            og.FlattenTo2D()
            try:
                g = _target_geometry(geo.from_wkb(bytes(og.ExportToWkb(ogr.wkbNDR))), t)
            except ValueError as exc:
                rep.refused.append(f"bronfeature {sid}: {exc}")
                continue
            bx = g.bounds
            xmin, ymin, xmax, ymax = min(xmin, bx[0]), min(ymin, bx[1]), max(xmax, bx[2]), max(ymax, bx[3])
            row[GEOM_COLUMN] = gpkg.from_wkb(geo.to_wkb(g), None if t.geometry == "Point" else g.bounds)
        rows.append((sid, row))
    if t.geometry and rows:
        nx0, ny0, nx1, ny1 = NL_BOUNDS
        if xmin < nx0 or ymin < ny0 or xmax > nx1 or ymax > ny1:
            raise StoreError(
                f"Bron '{source}': geometrie ligt buiten Nederland (omvang {xmin:.0f},{ymin:.0f} – {xmax:.0f},{ymax:.0f} in RD); "
                "klopt het coördinatenstelsel?")
    if replace and rep.refused:  # refused while reading: the layer is not touched
        return rep
    if replace and not rows:
        raise StoreError(f"Bron '{source}' heeft geen rijen voor laag {layer}: --vervang zou de laag leegmaken; er is niets gewijzigd.")
    user = current_user()
    try:
        _write_rows(store, t, layer, rows, fmap, replace, user, rep)
    except _Undo:
        rep.imported = 0
    return rep


def _write_rows(store: Store, t, layer: str, rows, fmap, replace: bool, user: str, rep: ImportReport) -> None:
    with store.transaction() as con:
        if replace:
            con.execute(f'DELETE FROM "{layer}"')
        for sid, row in rows:
            if "bijgewerkt_door" in t.field_names:
                row.setdefault("bijgewerkt_door", user)
                row["bijgewerkt_door"] = row["bijgewerkt_door"] or user
                row.setdefault("bijgewerkt_op", now_iso())
            if layer in LOCATION_LAYERS and "won_totaal" not in fmap:
                row["won_totaal"] = sum(int(row.get(s) or 0) for s in ("won_sociale_huur", "won_middenhuur", "won_vrije_huur", "won_koop"))
            cols = [c for c in row if row[c] is not None or c == GEOM_COLUMN]
            con.execute("SAVEPOINT rij")
            try:
                con.execute(f'INSERT INTO "{layer}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})', [row[c] for c in cols])
                con.execute("RELEASE rij")
                rep.imported += 1
            except sqlite3.DatabaseError as exc:
                con.execute("ROLLBACK TO rij")
                con.execute("RELEASE rij")
                rep.refused.append(f"bronfeature {sid}: {translate_db_error(exc, layer)}")
        if replace and rep.refused:
            raise _Undo
        refresh_wijk_codes(con, layer)
        if layer in ("wijken", "woningvoorraad"):
            update_wijk_counts(con)
        if store.kind == "gpkg":
            from .store import update_extents

            update_extents(con)


def update_wijk_counts(con) -> None:
    """Woningvoorraad per wijk by eigendom, stored on the wijken (for the map at wijk scale)."""
    counts: Dict[str, Dict[str, int]] = {}
    for code, eig, n in con.execute("SELECT wijk_code, eigendom, count(*) FROM woningvoorraad GROUP BY 1, 2"):
        counts.setdefault(code, {})[eig] = n
    for (code,) in con.execute("SELECT wijk_code FROM wijken").fetchall():
        c = counts.get(code, {})
        con.execute("UPDATE wijken SET woningen = ?, woningen_koop = ?, woningen_corporatie = ?, woningen_particuliere_huur = ?"
                    " WHERE wijk_code = ?", (sum(c.values()), c.get("koop", 0), c.get("corporatie", 0), c.get("particuliere_huur", 0), code))


def refresh_wijk_codes(con, layer: str) -> None:
    """Assign wijk_code after an import: for the imported layer, or for everything when wijken changed."""
    codes, polys = gpkg.keyed_geometries(con, "wijken", "wijk_code")
    targets = ("woningvoorraad", "energielabels", "leefbaarheid", *LOCATION_LAYERS) if layer == "wijken" else (layer,)
    for t in targets:
        if t in ("woningvoorraad", "energielabels", "leefbaarheid"):
            rows = con.execute(f'SELECT fid, geom FROM "{t}"').fetchall()
            if not rows:
                continue
            if t == "leefbaarheid":  # the cell's centre decides
                cents = [geo.from_wkb(gpkg.to_wkb(b)).centroid if b else None for _, b in rows]
                x = np.array([c.x if c else np.nan for c in cents])
                y = np.array([c.y if c else np.nan for c in cents])
            else:
                x, y = gpkg.point_xy([b for _, b in rows])
            assigned = geo.assign_points(polys, codes, x, y)
            con.executemany(f'UPDATE "{t}" SET wijk_code = ? WHERE fid = ?', [(w, fid) for (fid, _), w in zip(rows, assigned)])
        elif t in LOCATION_LAYERS:
            for fid, blob, stored in con.execute(f'SELECT fid, geom, wijk_code FROM "{t}"').fetchall():
                g = None if gpkg.blob_is_empty(blob) else geo.from_wkb(gpkg.to_wkb(blob))
                w = geo.largest_overlap(g, polys, codes)
                if w != stored:
                    con.execute(f'UPDATE "{t}" SET wijk_code = ? WHERE fid = ?', (w, fid))
