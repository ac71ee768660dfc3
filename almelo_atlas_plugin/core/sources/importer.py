"""Load real data into a store: CBS wijk- en buurtkaart, point layers, CSV with coordinates, any OGR source.

One transaction; every value is read as its field's type and every row goes through the
database guards (a refused row is reported with layer, row and field and left out, the rest
is kept); curves are linearised; geometry is reprojected to EPSG:28992 with a warning (a row
that does not transform is refused); a source without a CRS or outside the Netherlands is
refused whole. A CSV is read as Excel writes it: UTF-8 or Windows-1252, `;` or `,`, decimal commas.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

from ..edits import write_wijk_codes
from ..model import geo
from ..model.blokken import PROGRAMME_BLOCKS
from ..model.schema import (
    DATE_RULE,
    DOMAINS,
    EPSG,
    GEOM_COLUMN,
    LOCATION_LAYERS,
    NL_BOUNDS,
    NUMBER_RULE,
    REQUIRED_RULE,
    TABLES_BY_NAME,
    Field,
    Table,
)
from ..store.base import DbError, Store, StoreError, current_user, now_iso

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
# a spreadsheet's first row holds the field names, also when every cell below it is text
SPREADSHEET_HEADERS = ("OGR_XLSX_HEADERS", "OGR_ODS_HEADERS")
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


class Refused(ValueError):
    """One value or geometry of a source row cannot go in: the Dutch reason (after "veld NAME: ")."""

    def __init__(self, field_name: str, reason: str):
        super().__init__(reason)
        self.field = field_name


@dataclass
class _Feature:
    where: str  # how the user finds the row: "rij 4" (CSV, as Excel numbers it) or "bronfeature 7"
    values: Dict[str, Any]  # source field → value (text or number), None when empty
    geometry: Any = None  # ogr.Geometry or None
    problem: Optional[Refused] = None  # the row could not be read whole


# --- reading a CSV ourselves: Excel's encodings, separators and decimal commas ---------------------

def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM, else Windows-1252 (Excel's "CSV (gescheiden door lijstscheidingsteken)");
    a byte that is no character in either becomes U+FFFD, and the row holding it is refused."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (";", "\t", ",", "|")}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else ","


def _csv_features(path: Path, source: str, points: bool):
    """(field names, coordinate columns, features) of a CSV; with `points`, a point geometry from the x/y (RD) or lon/lat
    columns the header has."""
    from osgeo import ogr

    try:
        text = _decode(path.read_bytes())
    except OSError:
        raise StoreError(f"Bron '{source}' kan niet worden gelezen (geen leesrechten?).") from None
    text = text.replace("\x00", "\ufffd")  # a NUL byte is no text: its row is refused below
    lines = io.StringIO(text, newline="")
    first = text.split("\n", 1)[0]
    reader = csv.reader(lines, delimiter=_separator(first))
    try:
        header = next(reader, None)
    except csv.Error:
        header = None
    if not header or not any(h.strip() for h in header):
        raise StoreError(f"Bron '{source}' is leeg of heeft geen kopregel met veldnamen.")
    names = [h.strip() or f"kolom{i + 1}" for i, h in enumerate(header)]
    lower = {n.lower(): n for n in names}
    xy = None
    for xs, ys, lonlat in ((LON_NAMES, LAT_NAMES, True), (X_NAMES, Y_NAMES, False)):
        x = next((lower[c.lower()] for c in xs.split(",") if c.lower() in lower), None)
        y = next((lower[c.lower()] for c in ys.split(",") if c.lower() in lower), None)
        if x and y:
            xy = (x, y, lonlat)
            break

    def features():
        n = 1
        while True:
            n += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:  # e.g. a field longer than the csv module takes; the reader goes on with the next line
                yield _Feature(f"rij {n}", {}, problem=Refused("(hele rij)", "de rij kan niet worden gelezen (te lang of onjuist aanhalingsteken)"))
                continue
            if not any(c.strip() for c in cells):
                continue
            values = {name: (cells[i].strip() or None) if i < len(cells) else None for i, name in enumerate(names)}
            feat = _Feature(f"rij {n}", values)
            extra = [c for c in cells[len(names):] if c.strip()]
            if extra:
                feat.problem = Refused(f"kolom{len(names) + 1}", "waarde zonder veldnaam in de kopregel")
            elif xy and points:
                try:
                    feat.geometry = ogr.Geometry(ogr.wkbPoint)
                    feat.geometry.AddPoint_2D(_number(values[xy[0]], xy[0]), _number(values[xy[1]], xy[1]))
                except Refused as exc:
                    feat.geometry, feat.problem = None, exc
            yield feat

    return names, xy, features()


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _number(v: Any, name: str) -> float:
    """A finite number from a source value; text may use a decimal comma (12,5) and Dutch thousands dots (1.234,5)."""
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        x = float(v) if not isinstance(v, int) or abs(v) < 2 ** 1023 else math.inf
    else:
        t = str(v).strip().replace(" ", "")
        if "," in t:
            t = t.replace(".", "").replace(",", ".") if t.count(",") == 1 else "x"
        if v is None:
            raise Refused(name, f"{NUMBER_RULE} (leeg)")
        if not _NUMBER.fullmatch(t):
            raise Refused(name, f"{NUMBER_RULE} (niet '{_short(v)}')")
        x = float(t)
    if not math.isfinite(x):
        raise Refused(name, f"{NUMBER_RULE} (niet '{_short(v)}': geen eindig getal)")
    return x


def _short(v: Any, limit: int = 40) -> str:
    """A source value quoted in a message: on one line (control characters escaped), at most `limit` characters."""
    t = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in str(v))
    return t if len(t) <= limit else t[:limit - 3] + "…"


# --- one value as the store's field type wants it --------------------------------------------

INT_RANGE = (-(2 ** 31), 2 ** 31 - 1)  # an INTEGER field holds this on both backends (PostGIS `integer`)
BOOLEANS = {**{k: True for k in ("1", "true", "ja", "waar", "j", "yes", "y", "t")},  # booleans, not 1/0: PostgreSQL
            **{k: False for k in ("0", "false", "nee", "onwaar", "n", "no", "f")}}  # takes no integer in a boolean column


def _date(v: Any, name: str) -> str:
    """A calendar day as ISO text: from JJJJ-MM-DD (also OGR's JJJJ/MM/DD, with a time after it) or DD-MM-JJJJ."""
    t = str(v).strip()
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T].*)?", t) or re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", t)
    try:
        if m is None:
            raise ValueError
        parts = [int(p) for p in m.groups()]
        day = _dt.date(*parts) if len(m.group(1)) == 4 else _dt.date(parts[2], parts[1], parts[0])
    except ValueError:
        raise Refused(name, f"{DATE_RULE} (niet '{_short(v)}')") from None
    return day.isoformat()


def _datetime(v: Any, name: str) -> str:
    """A moment as the store keeps it (UTC, ISO with Z); a time without zone is Dutch time."""
    from zoneinfo import ZoneInfo

    t = str(v).strip().replace("/", "-")
    try:
        moment = _dt.datetime.fromisoformat(t[:-1] + "+00:00" if t.endswith("Z") else t)
    except ValueError:
        raise Refused(name, f"moet een datum en tijd zijn (JJJJ-MM-DDTUU:MM:SS), niet '{_short(v)}'") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("Europe/Amsterdam"))
    return moment.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _domain_value(f: Field, t: str) -> str:
    """A domain value also as a register or spreadsheet writes it: its Dutch label ("Sociale huur", "1A Onherroepelijk
    (hard)") or the value in other capitals; anything else goes on to the database guard as it is."""
    if not f.domain or t in DOMAINS[f.domain]:
        return t
    key = _key(t)
    for value, label in DOMAINS[f.domain].items():
        if key in (_key(value), _key(label)):
            return value
    return t


def convert(f: Field, v: Any) -> Any:
    """A source value as field `f` stores it (None when empty); Refused with the reason when it cannot be.
    Bounds (minimum, maximum, domain) are the database guards' to judge: the value only has to reach them intact."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if f.type == "TEXT":
        t = v if isinstance(v, str) else str(v)
        if "\ufffd" in t or "\x00" in t:
            raise Refused(f.name, "bevat onleesbare tekens (geen UTF-8 of Windows-1252?)")
        return _domain_value(f, t)
    if f.type in ("INTEGER", "REAL"):
        if f.type == "INTEGER" and isinstance(v, str) and _THOUSANDS.fullmatch(v.strip()):
            v = v.strip().replace(".", "")  # 1.200 in a whole-number field: Dutch thousands, not 1,2
        x = _number(v, f.name)
        if f.type == "REAL":
            return x
        if x != int(x):
            raise Refused(f.name, f"moet een geheel getal zijn (niet '{_short(v)}')")
        n = int(v) if isinstance(v, int) else int(x)
        if not INT_RANGE[0] <= n <= INT_RANGE[1]:
            raise Refused(f.name, f"getal te groot om op te slaan ('{_short(v)}')")
        return n
    if f.type == "BOOLEAN":
        key = str(int(v) if isinstance(v, (int, float)) and float(v) in (0.0, 1.0) else v).strip().lower()
        if key not in BOOLEANS:
            raise Refused(f.name, f"moet ja of nee zijn (niet '{_short(v)}')")
        return BOOLEANS[key]
    if f.type == "DATE":
        return _date(v, f.name)
    return _datetime(v, f.name)


# --- geometry ---------------------------------------------------------------------------------

def target_geometry(g, t: Table):
    from shapely.geometry import MultiPolygon, Point, Polygon

    if g is None or g.is_empty:
        return None
    if t.geometry == "MultiPolygon":
        if isinstance(g, Polygon):
            return MultiPolygon([g])
        if isinstance(g, MultiPolygon):
            return g
    if t.geometry == "Point":
        if isinstance(g, Point):
            return g
        if g.geom_type == "MultiPoint" and len(g.geoms) == 1:
            return g.geoms[0]
    raise Refused(GEOM_COLUMN, f"geometrietype {g.geom_type} past niet bij {t.geometry}")


def _geometry(og, t: Table, transform):
    """A source geometry as the store keeps it: curves linearised, in RD New, 2D, valid, of the table's type."""
    from osgeo import ogr

    if og is None or og.IsEmpty():
        raise Refused(GEOM_COLUMN, "geen geometrie")
    try:  # OGR answers with error codes, or with exceptions once anything in the process turned those on
        og = og.Clone()
        if og.HasCurveGeometry():
            og = og.GetLinearGeometry()
        og.FlattenTo2D()
        try:
            failed = transform is not None and og.Transform(transform) != 0
        except RuntimeError:
            failed = True
        if failed:
            raise Refused(GEOM_COLUMN, "omzetten naar EPSG:28992 (RD New) mislukt: de coördinaten passen niet bij het coördinatenstelsel van de bron")
        env = og.GetEnvelope()
        if not all(math.isfinite(c) for c in env):
            raise Refused(GEOM_COLUMN, "coördinaten zijn geen eindige getallen" + (" na omzetten naar EPSG:28992" if transform else ""))
        g = geo.from_wkb(bytes(og.ExportToIsoWkb(ogr.wkbNDR)))
    except Refused:
        raise
    except Exception:  # OGR or shapely/GEOS: a ring that does not close, too few points, …
        raise Refused(GEOM_COLUMN, "geometrie is onleesbaar (bijv. een ring die niet sluit)") from None
    g = target_geometry(g, t)
    if g is None:
        raise Refused(GEOM_COLUMN, "geen geometrie")
    if not g.is_valid:
        raise Refused(GEOM_COLUMN, "geometrie is ongeldig (bijv. zelfdoorsnijdend); herstel hem in de bron (QGIS: Geometrieën repareren)")
    return g


# --- opening an OGR source ------------------------------------------------------------------------

def _open_source(source: str):
    from osgeo import gdal

    path = Path(source)
    if not path.exists() and "://" not in source:
        raise StoreError(f"Bron '{source}' bestaat niet.")
    if path.is_dir() and "://" not in source and not any(path.glob("*.shp")):
        raise StoreError(f"Bron '{source}' is een map, geen bestand met gegevens.")
    try:
        ds = gdal.OpenEx(str(source), gdal.OF_VECTOR)
    except RuntimeError:
        ds = None
    if ds is None:
        raise StoreError(f"Bron '{source}' kan niet worden gelezen: geen bekend formaat voor geodata, of beschadigd.")
    return ds


def _pick_layer(ds, source: str, layer: str, bronlaag: Optional[str]):
    names = [ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount())]
    if not names:
        raise StoreError(f"Bron '{source}' heeft geen lagen met gegevens.")
    if bronlaag:
        if bronlaag not in names:
            raise StoreError(f"Bron '{source}' heeft geen laag '{bronlaag}' (wel: {', '.join(names)}).")
        return ds.GetLayerByName(bronlaag)
    if len(names) == 1:
        return ds.GetLayerByIndex(0)
    if layer in names:
        return ds.GetLayerByName(layer)
    raise StoreError(f"Bron '{source}' heeft meerdere lagen ({', '.join(names)}); kies er een met --bronlaag.")


def _ogr_features(src, source: str):
    sheet = Path(source).suffix.lower() in (".xlsx", ".ods")
    defn = src.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]

    def features():
        src.ResetReading()
        n = 0
        while True:
            try:
                feat = src.GetNextFeature()
            except RuntimeError:
                raise StoreError(f"Bron '{source}': de feature na nummer {n} kan niet worden gelezen (beschadigd?); "
                                 "er is niets opgeslagen.") from None
            if feat is None:
                return
            n += 1
            f = _Feature(f"{'rij' if sheet else 'bronfeature'} {feat.GetFID()}", {})  # a sheet's fid is Excel's row
            for i, name in enumerate(names):
                try:
                    f.values[name] = feat.GetField(i) if feat.IsFieldSetAndNotNull(i) else None
                except (UnicodeDecodeError, RuntimeError, ValueError):
                    f.problem = Refused(name, "waarde kan niet worden gelezen (geen geldige tekst)")
            f.geometry = feat.GetGeometryRef()
            yield f

    return names, features()


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")


def _key(name: str) -> str:
    """A column name as it is matched with a field: "Leeg sinds", "leeg-sinds" and "LEEG_SINDS" are leeg_sinds."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _field_map(t: Table, src_fields: List[str], mapping: Dict[str, str]) -> Dict[str, str]:
    lower = {_key(f): f for f in src_fields}
    out: Dict[str, str] = {}
    for dst, src in mapping.items():
        if dst not in t.field_names:
            raise StoreError(f"--map {dst}={src}: laag {t.name} heeft geen veld '{dst}'.")
        out[dst] = _mapped(src_fields, dst, src)
    for f in t.fields:
        if f.name in out:
            continue
        for cand in [f.name, *ALIASES.get(t.name, {}).get(f.name, [])]:
            if _key(cand) in lower:
                out[f.name] = lower[_key(cand)]
                break
    return out


def _mapped(src_fields: List[str], dst: str, src: str) -> str:
    """The source column `src` of a --map DST=SRC (names compared as `_key` does)."""
    found = {_key(c): c for c in src_fields}.get(_key(src))
    if found is None:
        raise StoreError(f"--map {dst}={src}: de bron heeft geen veld '{src}' (wel: {', '.join(src_fields)}).")
    return found


def _unused_columns(src_fields: List[str], fmap: Dict[str, str], xy, named_col: Optional[str]) -> List[str]:
    """Source columns that go into no field (nor the coordinates, nor a block's location naam): said, never dropped in silence."""
    used = set(fmap.values()) | ({xy[0], xy[1]} if xy else set()) | {named_col}
    return [c for c in src_fields if c not in used and _key(c) not in ("fid", "ogc_fid", "id")]


def _srs_of(src, source: str, lonlat: bool, csv_xy: bool, rep: ImportReport):
    """The source's CRS, set to x/y order; CSV x/y without one is RD New (with a warning)."""
    from osgeo import osr

    srs = src.GetSpatialRef() if src is not None else None
    if srs is not None and (srs.GetName() or "").lower().startswith("undefined"):
        srs = None  # a GeoPackage's "undefined" SRS (srs_id 0 or -1) is no CRS
    if srs is None and (lonlat or csv_xy):
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4326 if lonlat else EPSG)
        if not lonlat:
            rep.warnings.append(f"{source}: geen coördinatenstelsel opgegeven; x/y gelezen als EPSG:{EPSG} (RD New)")
    if srs is None:
        raise StoreError(f"Bron '{source}' heeft geen coördinatenstelsel (CRS); de gegevens kunnen niet worden geplaatst.")
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def _transform(srs, source: str):
    """None when the source is in RD New already, else the transformation to it."""
    from osgeo import osr

    rd = osr.SpatialReference()
    rd.ImportFromEPSG(EPSG)
    rd.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if srs.IsSame(rd):
        return None
    try:
        transform = osr.CoordinateTransformation(srs, rd)
    except (RuntimeError, TypeError, ValueError):
        transform = None
    if transform is None:
        raise StoreError(f"Bron '{source}': het coördinatenstelsel {srs.GetName()} kan niet naar EPSG:{EPSG} (RD New) worden omgezet.")
    return transform


def _refusal(layer: str, where: str, field_name: str, reason: str) -> str:
    return f"Laag {layer}, {where}, veld {field_name}: {reason}"


def _db_refusal(layer: str, where: str, exc: DbError) -> str:
    msg = str(exc)
    m = re.match(r"Laag (\S+), veld ([^:]+): (.*)", msg, re.S)
    if m:  # a guard of another layer (a block's location, its sums) names its field with its layer
        return _refusal(layer, where, m.group(2) if m.group(1) == layer else f"{m.group(1)}.{m.group(2)}", m.group(3))
    return f"Laag {layer}, {where}: {msg}"


# --- woningblokken: each row names its location ------------------------------------------------------------------

LOCATIE_COLUMN = "locatie"  # a woningblokken source may name its location instead of giving laag + locatie_fid
LOCATIE_NAMES = (LOCATIE_COLUMN, "locatienaam", "plannaam", "projectnaam")  # as registers and spreadsheets head it
LOCATION_KEYS = ("laag", "locatie_fid")
NAAM_LIMIT = 120  # a location's naam in a refusal: whole, as the store keeps it (within reason)


class _Locations:
    """The store's locations, by (laag, fid) and by naam: how a block row finds its location, and its name in a refusal."""

    def __init__(self, store: Store):
        self.naam: Dict[tuple, str] = {}
        self.by_name: Dict[str, List[tuple]] = {}
        with store.reading() as con:
            for laag in LOCATION_LAYERS:
                for fid, naam in con.execute(f'SELECT fid, naam FROM "{laag}" ORDER BY fid').fetchall():
                    self.naam[(laag, int(fid))] = str(naam)
                    self.by_name.setdefault(_name_key(naam), []).append((laag, int(fid)))

    def where(self, where: str, row: Dict[str, Any], named: Optional[str]) -> str:
        """`where` with the location's naam after it; fills laag + locatie_fid from the naam. Refused when the naam fits
        no location or more than one, or is not the naam of the row's fid (a fid that is not there: the database guard's)."""
        laag, fid = row.get("laag"), row.get("locatie_fid")
        if fid is not None:
            if laag is None:
                raise Refused("laag", f"{REQUIRED_RULE} bij locatie_fid (projecten of potloodplannen)")
            naam = self.naam.get((laag, fid))
            if naam is None:
                return where  # the database guard refuses a block whose location is not there
            if named is not None and _name_key(named) != _name_key(naam):
                raise Refused(LOCATIE_COLUMN, f"'{_short(named)}' is niet de naam van {laag} fid {fid} ('{_short(naam)}')")
            return f"{where}, locatie '{_short(naam, NAAM_LIMIT)}'"
        if named is None:
            raise Refused(LOCATIE_COLUMN, f"{REQUIRED_RULE}: de naam van de locatie, of laag en locatie_fid")
        if laag is not None and laag not in LOCATION_LAYERS:
            return where  # the database guard names the layers a block may have
        found = [k for k in self.by_name.get(_name_key(named), []) if laag is None or k[0] == laag]
        if not found:
            raise Refused(LOCATIE_COLUMN, f"er is geen locatie met de naam '{_short(named)}'" + (f" in laag {laag}" if laag else ""))
        if len(found) > 1:
            which = ", ".join(f"{k[0]} fid {k[1]}" for k in found[:5]) + (" …" if len(found) > 5 else "")
            raise Refused(LOCATIE_COLUMN, f"de naam '{_short(named)}' is niet eenduidig ({len(found)} locaties: {which}); "
                                          "geef laag en locatie_fid")
        row["laag"], row["locatie_fid"] = found[0]
        return f"{where}, locatie '{_short(self.naam[found[0]], NAAM_LIMIT)}'"


def _name_key(naam: Any) -> str:
    """A location's naam as a row matches it: spaces around and capitals do not count."""
    return " ".join(str(naam).split()).casefold()


def import_layer(store: Store, layer: str, source: str, bronlaag: Optional[str] = None,
                 mapping: Optional[Dict[str, str]] = None, replace: bool = False) -> ImportReport:
    """Import one source layer into store table `layer`; returns what was imported, refused and warned."""
    from osgeo import gdal

    if layer not in TABLES_BY_NAME or layer in ("wijzigingen", "atlas_meta"):
        raise StoreError(f"Laag '{layer}' bestaat niet in de store of kan niet worden geïmporteerd.")
    gdal.UseExceptions()
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # GDAL/PROJ's own English lines: we say it in Dutch, per row
    was = {k: gdal.GetConfigOption(k) for k in SPREADSHEET_HEADERS}
    for k in SPREADSHEET_HEADERS:
        gdal.SetConfigOption(k, "FORCE")
    try:
        return _import(store, TABLES_BY_NAME[layer], str(source), bronlaag, mapping or {}, replace)
    finally:
        for k, v in was.items():
            gdal.SetConfigOption(k, v)
        gdal.PopErrorHandler()


def _import(store: Store, t: Table, source: str, bronlaag: Optional[str], mapping: Dict[str, str], replace: bool) -> ImportReport:
    layer = t.name
    rep = ImportReport(layer, source, replace=replace)
    path = Path(source)
    src = None
    if path.suffix.lower() == ".csv" and path.is_file():
        if bronlaag:
            raise StoreError(f"Bron '{source}' is een CSV met één laag; --bronlaag past daar niet bij.")
        src_fields, xy, features = _csv_features(path, source, points=bool(t.geometry))
        if t.geometry and xy is None:
            raise StoreError(f"Bron '{source}': CSV zonder coördinaatkolommen (x/y in RD of lon/lat).")
        lonlat = bool(xy and xy[2])
    else:
        ds = _open_source(source)
        src = _pick_layer(ds, source, layer, bronlaag)
        src_fields, features = _ogr_features(src, source)
        xy, lonlat = None, False
    blocks = _Locations(store) if layer == "woningblokken" else None
    named_col = None
    if blocks is not None:  # the column naming a block's location: --map locatie=KOLOM, else one of LOCATIE_NAMES
        mapping = dict(mapping)
        src_named = mapping.pop(LOCATIE_COLUMN, None)
        named_col = (_mapped(src_fields, LOCATIE_COLUMN, src_named) if src_named else
                     next((c for c in src_fields if _key(c) in LOCATIE_NAMES), None))
    fmap = _field_map(t, src_fields, mapping)
    unused = _unused_columns(src_fields, fmap, xy, named_col)
    if unused:
        names = ", ".join(f"'{c}'" for c in unused[:8]) + (f" en {len(unused) - 8} meer" if len(unused) > 8 else "")
        rep.warnings.append(f"{source}: kolom(men) {names} horen bij geen veld van laag {layer} en zijn niet ingelezen "
                            "(koppel een kolom met --map VELD=KOLOM)")
    missing = [f.name for f in t.fields if f.name not in fmap and f.not_null and f.default is None
               and not (named_col and f.name in LOCATION_KEYS)]
    if missing:
        hint = f" of een kolom {LOCATIE_COLUMN} met de naam van de locatie" if blocks else ""
        raise StoreError(f"Bron '{source}': verplichte velden ontbreken voor laag {layer}: {', '.join(missing)} "
                         f"(gebruik --map DOEL=BRON{hint}).")
    transform = srs = None
    if t.geometry:
        srs = _srs_of(src, source, lonlat, xy is not None, rep)
        transform = _transform(srs, source)
    # read and prepare every row before writing anything
    rows = []
    refused = []  # (row sequence, line): reported in source order
    xmin, ymin, xmax, ymax = math.inf, math.inf, -math.inf, -math.inf
    for seq, feat in enumerate(features):
        where = feat.where
        try:
            if feat.problem is not None:
                raise feat.problem
            row: Dict[str, Any] = {}
            first = [d for d in fmap if blocks and d in LOCATION_KEYS]  # a block's location first: its naam goes in every refusal
            _convert_into(row, t, fmap, feat, first, required=not named_col)
            if blocks is not None:
                named = convert(Field(LOCATIE_COLUMN, "TEXT"), feat.values.get(named_col)) if named_col else None
                where = blocks.where(feat.where, row, named)
            _convert_into(row, t, fmap, feat, [d for d in fmap if d not in first], required=True)
            if t.geometry:
                g = _geometry(feat.geometry, t, transform)
                bx = g.bounds
                xmin, ymin, xmax, ymax = min(xmin, bx[0]), min(ymin, bx[1]), max(xmax, bx[2]), max(ymax, bx[3])
                row[GEOM_COLUMN] = g
        except Refused as exc:
            refused.append((seq, _refusal(layer, where, exc.field, str(exc))))
            continue
        rows.append((seq, where, row))
    if t.geometry and rows:
        nx0, ny0, nx1, ny1 = NL_BOUNDS
        if xmin < nx0 or ymin < ny0 or xmax > nx1 or ymax > ny1:
            raise StoreError(
                f"Bron '{source}': geometrie ligt buiten Nederland (omvang {xmin:.0f},{ymin:.0f} – {xmax:.0f},{ymax:.0f} in RD); "
                "klopt het coördinatenstelsel?")
    if transform is not None and rows:
        rep.warnings.append(f"{source}: omgezet van {srs.GetName()} naar EPSG:{EPSG} (RD New)")
    if replace and refused:  # refused while reading: a replace does not touch the layer
        return _sorted(rep, refused)
    if replace and not rows:
        raise StoreError(f"Bron '{source}' heeft geen rijen voor laag {layer}: --vervang zou de laag leegmaken; er is niets gewijzigd.")
    if not rows:
        return _sorted(rep, refused)
    try:
        _write(store, t, rows, refused, rep, replace, total_given="won_totaal" in fmap)
    except _Undo:
        rep.imported = 0
    return _sorted(rep, refused)


def _convert_into(row: Dict[str, Any], t: Table, fmap: Dict[str, str], feat: _Feature, fields: List[str], required: bool) -> None:
    """The source values of `fields` as the store keeps them, into `row`; Refused at the first that cannot be."""
    for dst in fields:
        v = feat.values.get(fmap[dst])
        if dst in VALUE_FIXES:
            v = VALUE_FIXES[dst](v)
        row[dst] = convert(t.field(dst), v)
        if required and row[dst] is None and t.field(dst).not_null and t.field(dst).default is None:
            raise Refused(dst, REQUIRED_RULE)  # an empty cell, before the database sees it


def _write(store: Store, t: Table, rows: List[tuple], refused: List[tuple], rep: ImportReport, replace: bool,
           total_given: bool) -> None:
    """The prepared rows in one transaction, each in a savepoint: a row the database refuses is reported and left out."""
    layer = t.name
    user = current_user()
    with store.transaction() as con:
        if replace:
            con.execute(f'DELETE FROM "{layer}"')
        for seq, where, row in rows:
            if "bijgewerkt_door" in t.field_names:
                row.setdefault("bijgewerkt_door", user)
                row["bijgewerkt_door"] = row["bijgewerkt_door"] or user
                if "bijgewerkt_op" in t.field_names:
                    row.setdefault("bijgewerkt_op", now_iso())
            if layer in LOCATION_LAYERS and not total_given:
                row["won_totaal"] = sum(int(row.get(f) or 0) for f, soort, _ in PROGRAMME_BLOCKS if soort == "bouw")
            cols = [c for c in row if row[c] is not None or c == GEOM_COLUMN]
            con.execute("SAVEPOINT rij")
            try:
                store.insert_many(con, layer, cols, [[row[c] for c in cols]])
            except DbError as exc:
                if not exc.refuses_row:
                    raise  # the write itself failed (disk full, connection lost): nothing is kept
                con.execute("ROLLBACK TO rij")
                con.execute("RELEASE rij")
                refused.append((seq, _db_refusal(layer, where, exc)))
                continue
            con.execute("RELEASE rij")
            rep.imported += 1
        if replace and refused:
            raise _Undo  # all or nothing: the deletion goes back too
        if not rep.imported and not replace:
            return  # nothing written: the store stays as it was, to the byte
        refresh_wijk_codes(store, con, layer)
        if layer in ("wijken", "woningvoorraad"):
            update_wijk_counts(store, con)
        store.finish_write(con)


def _sorted(rep: ImportReport, refused: List[tuple]) -> ImportReport:
    rep.refused = [line for _, line in sorted(refused)]
    return rep


def update_wijk_counts(store: Store, con) -> None:
    """Woningvoorraad per wijk by eigendom, stored on the wijken (for the map at wijk scale)."""
    counts: Dict[str, Dict[str, int]] = {}
    for code, eig, n in con.execute("SELECT wijk_code, eigendom, count(*) FROM woningvoorraad GROUP BY 1, 2"):
        counts.setdefault(code, {})[eig] = n
    for (code,) in con.execute("SELECT wijk_code FROM wijken").fetchall():
        c = counts.get(code, {})
        p = store.param
        con.execute(f"UPDATE wijken SET woningen = {p}, woningen_koop = {p}, woningen_corporatie = {p}, woningen_particuliere_huur = {p}"
                    f" WHERE wijk_code = {p}", (sum(c.values()), c.get("koop", 0), c.get("corporatie", 0), c.get("particuliere_huur", 0), code))


# layers of points or cells: their wijk (and buurt) by the point rule
POINT_LAYERS = ("woningvoorraad", "energielabels", "leefbaarheid")


def area_codes(store: Store, con, layer: str, geoms: List[Any]) -> Dict[str, List[Optional[str]]]:
    """wijk_code (and buurt_code where the layer has it) of each geometry of a point or cell layer: a cell's centre
    decides, a point is its own (geo.assign_points)."""
    pts = [None if g is None else g.centroid if layer == "leefbaarheid" else g for g in geoms]
    x, y = geo.xy(pts)
    out = {"wijk_code": geo.assign_points(*store.read_geometries("wijken", key="wijk_code", con=con)[::-1], x, y)}
    if "buurt_code" in TABLES_BY_NAME[layer].field_names:
        out["buurt_code"] = geo.assign_points(*store.read_geometries("buurten", key="buurt_code", con=con)[::-1], x, y)
    return out


def refresh_wijk_codes(store: Store, con, layer: str) -> None:
    """Assign wijk_code (and buurt_code, where the layer has it) after an import: for the imported layer, or for
    everything when wijken or buurten changed."""
    targets = (*POINT_LAYERS, *LOCATION_LAYERS) if layer in ("wijken", "buurten") else (layer,)
    p = store.param
    for t in targets:
        if t in POINT_LAYERS:
            fids, geoms = store.read_geometries(t, con=con)
            if not fids:
                continue
            codes = area_codes(store, con, t, geoms)
            if "buurt_code" in codes:
                con.executemany(f'UPDATE "{t}" SET wijk_code = {p}, buurt_code = {p} WHERE fid = {p}',
                                list(zip(codes["wijk_code"], codes["buurt_code"], fids)))
            else:
                con.executemany(f'UPDATE "{t}" SET wijk_code = {p} WHERE fid = {p}', list(zip(codes["wijk_code"], fids)))
        elif t in LOCATION_LAYERS:
            write_wijk_codes(store, con, t)
