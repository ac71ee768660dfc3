"""Reader of the BAG GeoPackage (PDOK "bag-light.gpkg", FORMATS.md §1): the gemeente's dwellings → woningvoorraad.

The national file is ~8 GB with ~10 M verblijfsobjecten; it is never read whole. The layer's R-tree gives the rows in
the gemeente's bounding box, the points are then held against the gemeente polygon (boundary included); without a
polygon the gemeentecode in `bronhouder_identificatie` selects the rows. sqlite3 reads the file directly, read-only.

Options (`opties`, as the CLI flags without dashes):
- `corporatiebezit`: a CSV of a corporation's own dwellings, by vbo id or by address (postcode, huisnummer, huisletter,
  toevoeging), with an optional column `corporatie` (its name). Those dwellings get eigendom corporatie; every other
  dwelling gets eigendom empty (unknown): the BAG knows no owners, and koop is never guessed.
- `corporatie`: the corporation's name for the rows of that list without a name of their own.
- `peildatum`: the stand of the file (ISO or dd-mm-jjjj) when the user knows it; else the file's
  gpkg_contents.last_change.
Woningtype is not in the BAG and is left as it is.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Tuple

import numpy as np

from ..model import geo
from ..model.schema import TABLES_BY_NAME
from ..store.base import StoreError
from ..store.blobs import point_xy
from .bronnen import BronContext, BronInhoud, Weigering
from .importer import Refused, _csv_features, convert

LAAG = "woningvoorraad"
SLEUTEL = "vbo_id"
BAG_LAAG = "verblijfsobject"

# The statuses of an existing dwelling: CBS counts a verblijfsobject with woonfunctie in its woningvoorraad when it is
# "in gebruik", "in gebruik (niet ingemeten)" or "buiten gebruik" (cbs.nl, definitie Woningvoorraad, 2022), so the
# store's count lines up with the CBS kerncijfers. "Buiten gebruik" is a built dwelling standing empty. Left out:
# "gevormd" (not built yet), "Verbouwing verblijfsobject" (e.g. an office being turned into dwellings: not yet there),
# and the ended ones (ingetrokken, niet gerealiseerd, ten onrechte opgevoerd).
STATUS_WONING = frozenset({
    "verblijfsobject in gebruik",
    "verblijfsobject in gebruik (niet ingemeten)",
    "verblijfsobject buiten gebruik",
})
WOONFUNCTIE = "woonfunctie"

# source column → woningvoorraad field (names as in bag-light, matched case-insensitively)
KOLOMMEN: Dict[str, str] = {
    "identificatie": "vbo_id", "bouwjaar": "bouwjaar", "oppervlakte": "oppervlakte", "pand_identificatie": "pand_id",
    "postcode": "postcode", "huisnummer": "huisnummer", "huisletter": "huisletter", "toevoeging": "toevoeging",
}
NODIG = ("identificatie", "gebruiksdoel", "status")
BRONHOUDER = "bronhouder_identificatie"

# corporatiebezit columns, by their key (lower case, letters and digits only)
CORP_ID = ("vboid", "verblijfsobjectid", "verblijfsobjectidentificatie", "bagvboid", "bagverblijfsobjectid",
           "adresseerbaarobjectid", "identificatie", "bagid")
CORP_ADRES = {"postcode": ("postcode",), "huisnummer": ("huisnummer", "huisnr"),
              "huisletter": ("huisletter",), "toevoeging": ("toevoeging", "huisnummertoevoeging", "huisnrtoev")}
CORP_NAAM = ("corporatie", "corporatienaam", "woningcorporatie", "eigenaar", "naam")

BAG_ID = re.compile(r"\d{16}")
POSTCODE = re.compile(r"\d{4}[A-Z]{2}")
STUK = 50_000  # rows read at a time: memory stays bounded also when the whole file must be scanned
MAX_MELDINGEN = 10  # lines about the corporatiebezit list, then a count

Adres = Tuple[str, int, str, str]


def bag_id(v: Any) -> Optional[str]:
    """A BAG id as text with its leading zeros (a spreadsheet or an INTEGER column loses them); None if it is none."""
    if v is None or isinstance(v, float) and not v.is_integer():
        return None
    t = str(int(v)) if isinstance(v, (int, float)) else str(v).strip()
    if t.isdigit() and len(t) <= 16:
        t = t.zfill(16)
    return t if BAG_ID.fullmatch(t) else None


def postcode(v: Any) -> Optional[str]:
    """'7607 ab' → '7607AB'; None when it is no Dutch postcode."""
    if isinstance(v, str) and len(v) == 6 and POSTCODE.fullmatch(v):
        return v
    t = str(v or "").replace(" ", "").upper()
    return t if POSTCODE.fullmatch(t) else None


def adres(pc: Any, nummer: Any, letter: Any, toevoeging: Any) -> Adres:
    return (pc, nummer, str(letter or "").strip().upper(), str(toevoeging or "").strip().upper())


def _kolommen(con: sqlite3.Connection, tabel: str) -> Dict[str, str]:
    return {r[1].lower(): r[1] for r in con.execute(f'PRAGMA table_info("{tabel}")')}


def _open(pad: Path) -> Tuple[sqlite3.Connection, str, str, str, Dict[str, str]]:
    """The file read-only: (connection, layer table, geometry column, primary key, columns by lower-case name)."""
    naam = f"BAG-bestand '{pad.name}'"
    if not pad.is_file():
        raise StoreError(f"{naam} bestaat niet.")
    try:
        con = sqlite3.connect(f"file:{pad.resolve()}?mode=ro", uri=True)
        tabellen = {r[0].lower(): r for r in con.execute(
            "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c "
            "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name")}
    except sqlite3.DatabaseError:
        raise StoreError(f"{naam} is geen GeoPackage.") from None
    if BAG_LAAG not in tabellen:
        con.close()
        raise StoreError(f"{naam} heeft geen laag {BAG_LAAG} (is het de BAG GeoPackage van PDOK?).")
    tabel, geom, srs = tabellen[BAG_LAAG]
    if srs != 28992:
        con.close()
        raise StoreError(f"{naam}, laag {tabel}: coördinaten in EPSG:{srs}, verwacht EPSG:28992 (RD New).")
    kolommen = _kolommen(con, tabel)
    ontbreekt = [k for k in NODIG if k not in kolommen]
    if ontbreekt:
        con.close()
        raise StoreError(f"{naam}, laag {tabel}: veld {', '.join(ontbreekt)} ontbreekt.")
    pk = next((r[1] for r in con.execute(f'PRAGMA table_info("{tabel}")') if r[5] == 1), "rowid")
    return con, tabel, geom, pk, kolommen


def _peildatum(con: sqlite3.Connection, tabel: str) -> Optional[str]:
    row = con.execute("SELECT last_change FROM gpkg_contents WHERE table_name = ?", (tabel,)).fetchone()
    t = str(row[0] or "") if row else ""
    return t[:10] if re.match(r"\d{4}-\d{2}-\d{2}", t) else None


def _code(context: BronContext) -> str:
    """GM0141 → 0141, the BAG's bronhouder_identificatie."""
    return re.sub(r"^GM", "", context.gemeente_code.strip().upper())


def _rijen(con: sqlite3.Connection, tabel: str, geom: str, pk: str, kolommen: Dict[str, str],
           context: BronContext) -> Tuple[sqlite3.Cursor, List[str], List[str]]:
    """The rows in the gemeente's bounding box (through the R-tree) or of its bronhouder: (cursor, column keys, notes).
    A row holds the values of the column keys, then the feature id and the geometry blob."""
    keys = [k for k in (*NODIG, *KOLOMMEN, BRONHOUDER) if k in kolommen]
    keys = list(dict.fromkeys(keys))
    select = ", ".join(f'v."{kolommen[k]}"' for k in keys) + f', v."{pk}", v."{geom}"'
    rtree = f"rtree_{tabel}_{geom}"
    heeft_rtree = con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (rtree,)).fetchone() is not None
    code = _code(context)
    if context.gemeente is not None and heeft_rtree:
        minx, miny, maxx, maxy = context.gemeente.bounds
        sql = (f'SELECT {select} FROM "{rtree}" r JOIN "{tabel}" v ON v."{pk}" = r.id '
               "WHERE r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ?")
        return con.execute(sql, (maxx, minx, maxy, miny)), keys, []
    if BRONHOUDER in kolommen:
        sql = f'SELECT {select} FROM "{tabel}" v WHERE v."{kolommen[BRONHOUDER]}" = ?'
        waarom = "zonder gemeentegrens in de opslag" if context.gemeente is None else f"zonder ruimtelijke index ({rtree})"
        return con.execute(sql, (code,)), keys, [
            f"BAG gelezen op bronhouder {code} ({waarom}): dat duurt bij het landelijke bestand lang."]
    if context.gemeente is None:
        raise StoreError(f"Laag {tabel}: zonder gemeentegrens in de opslag en zonder veld {BRONHOUDER} "
                         "is niet te bepalen welke verblijfsobjecten in de gemeente liggen.")
    return con.execute(f'SELECT {select} FROM "{tabel}" v'), keys, [
        f"BAG zonder ruimtelijke index ({rtree}) gelezen: het hele bestand is doorzocht."]


def _omzetter(veld: str) -> Callable[[Any], Any]:
    """The conversion of a BAG value into woningvoorraad field `veld` (Refused with the Dutch reason); the clean values
    the BAG nearly always holds take the short path."""
    f = TABLES_BY_NAME[LAAG].field(veld)

    def ids(v: Any) -> Optional[str]:
        if isinstance(v, str) and len(v) == 16 and v.isdigit():
            return v
        if v is None or not str(v).strip():
            if veld == "vbo_id":
                raise Refused(veld, "leeg (het verblijfsobject heeft geen identificatie)")
            return None
        delen = [bag_id(p) for p in v.split(",")] if isinstance(v, str) and veld == "pand_id" else [bag_id(v)]
        if None in delen:
            raise Refused(veld, f"geen BAG-id van 16 cijfers ('{v}')")
        return ",".join(delen)  # type: ignore[arg-type]

    def pc(v: Any) -> Optional[str]:
        if v is None or not str(v).strip():
            return None
        t = postcode(v)
        if t is None:
            raise Refused(veld, f"geen postcode als 1234AB ('{v}')")
        return t

    def tekst(v: Any) -> Optional[str]:
        t = convert(f, v)
        return t.strip().upper() or None if t is not None else None

    def getal(v: Any) -> Optional[int]:
        x = v if type(v) is int else convert(f, v)
        if x is not None and not f.minimum <= x <= f.maximum:  # type: ignore[operator]
            raise Refused(veld, f"{f.range_message()} (niet {v})")
        return x

    if veld in ("vbo_id", "pand_id"):
        return ids
    if veld == "postcode":
        return pc
    return getal if f.type == "INTEGER" else tekst


def _corporatiebezit(pad: Path, naam: Optional[str]) -> Tuple[Dict[str, Optional[str]], Dict[Adres, Optional[str]], List[str]]:
    """The corporation's list: (vbo id → name, address → name, notes on rows it cannot use)."""
    if not pad.is_file():
        raise StoreError(f"Corporatiebezit '{pad.name}' bestaat niet.")
    namen, _xy, features = _csv_features(pad, str(pad), points=False)
    by_key = {re.sub(r"[^a-z0-9]", "", n.lower()): n for n in namen}
    kol_id = next((by_key[k] for k in CORP_ID if k in by_key), None)
    kol_adres = {veld: next((by_key[k] for k in keys if k in by_key), None) for veld, keys in CORP_ADRES.items()}
    kol_naam = next((by_key[k] for k in CORP_NAAM if k in by_key), None)
    if kol_id is None and not (kol_adres["postcode"] and kol_adres["huisnummer"]):
        raise StoreError(f"Corporatiebezit '{pad.name}': geen kolom met het vbo-id (vbo_id) en geen kolommen postcode en "
                         "huisnummer.")
    ids: Dict[str, Optional[str]] = {}
    adressen: Dict[Adres, Optional[str]] = {}
    fouten: List[str] = []
    for feat in features:
        v = feat.values
        eigenaar = (v.get(kol_naam) if kol_naam else None) or naam
        vbo = bag_id(v.get(kol_id)) if kol_id else None
        if vbo is not None:
            ids[vbo] = eigenaar
            continue
        pc = postcode(v.get(kol_adres["postcode"])) if kol_adres["postcode"] else None
        try:
            nummer = convert(TABLES_BY_NAME[LAAG].field("huisnummer"), v.get(kol_adres["huisnummer"])) if pc else None
        except Refused:
            nummer = None
        if feat.problem is None and pc and nummer is not None:
            letter, toev = (v.get(kol_adres[k]) if kol_adres[k] else None for k in ("huisletter", "toevoeging"))
            adressen[adres(pc, nummer, letter, toev)] = eigenaar
            continue
        veld = kol_id if kol_id and v.get(kol_id) else (kol_adres["postcode"] or kol_id)
        fouten.append(f"Corporatiebezit '{pad.name}', {feat.where}, veld {veld}: geen vbo-id van 16 cijfers en geen "
                      "postcode met huisnummer; de regel is overgeslagen.")
    return ids, adressen, fouten


def _binnen(cur: sqlite3.Cursor, gemeente: Any) -> Iterator[Tuple[tuple, float, float]]:
    """(row, x, y) of the rows whose point lies in the gemeente (boundary included), read a block at a time."""
    while True:
        stuk = cur.fetchmany(STUK)
        if not stuk:
            return
        x, y = point_xy(r[-1] for r in stuk)
        binnen = ~np.isnan(x)
        if gemeente is not None:
            binnen &= geo.covers_xy(gemeente, np.nan_to_num(x), np.nan_to_num(y))
        for n in np.flatnonzero(binnen):
            yield stuk[n], float(x[n]), float(y[n])


def lees(pad: Path, opties: Mapping[str, Any], context: BronContext) -> BronInhoud:
    """The gemeente's dwellings in the BAG GeoPackage at `pad` (see the module's doc for `opties`)."""
    pad = Path(pad)
    inhoud = BronInhoud(soort="bag", laag=LAAG, sleutel=SLEUTEL)
    if opties.get("peildatum"):
        try:
            inhoud.peildatum = convert(TABLES_BY_NAME["bronnen"].field("peildatum"), opties["peildatum"])
        except Refused as exc:
            raise StoreError(f"Optie peildatum: {exc}") from None
    con, tabel, geom, pk, kolommen = _open(pad)
    code = _code(context)
    geen_woonfunctie, status_anders, andere_bronhouder = 0, Counter(), 0
    gezien = set()
    xs: List[float] = []
    ys: List[float] = []
    try:
        inhoud.peildatum = inhoud.peildatum or _peildatum(con, tabel)
        cur, keys, inhoud.meldingen = _rijen(con, tabel, geom, pk, kolommen, context)
        i_id, i_status, i_doel = keys.index("identificatie"), keys.index("status"), keys.index("gebruiksdoel")
        i_bron = keys.index(BRONHOUDER) if BRONHOUDER in keys else None
        velden = [(i, KOLOMMEN[k], _omzetter(KOLOMMEN[k])) for i, k in enumerate(keys) if k in KOLOMMEN]
        for r, x, y in _binnen(cur, context.gemeente):
            doel = r[i_doel]
            if doel != WOONFUNCTIE and WOONFUNCTIE not in {d.strip().lower() for d in str(doel or "").split(",")}:
                geen_woonfunctie += 1
                continue
            status = str(r[i_status] or "").strip()
            if status.lower() not in STATUS_WONING:
                status_anders[status or "(leeg)"] += 1
                continue
            rij: Dict[str, Any] = {}
            try:
                for i, veld, omzetten in velden:
                    rij[veld] = omzetten(r[i])
                if rij["vbo_id"] in gezien:
                    raise Refused("vbo_id", "komt meer dan eens voor in het bestand")
            except Refused as exc:
                waar = f"vbo {bag_id(r[i_id]) or r[i_id]}" if r[i_id] is not None else f"feature {r[-2]}"
                inhoud.geweigerd.append(Weigering(waar, exc.field, str(exc)))
                continue
            gezien.add(rij["vbo_id"])
            if i_bron is not None and r[i_bron] != code:
                andere_bronhouder += 1
            inhoud.rijen.append(rij)
            xs.append(x)
            ys.append(y)
    except sqlite3.DatabaseError:
        raise StoreError(f"BAG-bestand '{pad.name}', laag {tabel}: kan niet worden gelezen (beschadigd of onvolledig "
                         "gedownload?).") from None
    finally:
        con.close()
    for rij, p in zip(inhoud.rijen, geo.points(np.array(xs), np.array(ys))):
        rij["geom"] = p

    if not (inhoud.rijen or inhoud.geweigerd or geen_woonfunctie or status_anders):
        inhoud.meldingen.append(f"Geen enkel verblijfsobject ligt binnen de gemeente {context.gemeente_code}: is het "
                                "bestand de BAG van een andere gemeente?")
    niet = geen_woonfunctie + sum(status_anders.values())
    if niet:
        delen = [f"{geen_woonfunctie} zonder woonfunctie"] if geen_woonfunctie else []
        delen += [f"{aantal} met status '{s}'" for s, aantal in sorted(status_anders.items())]
        inhoud.meldingen.append(f"{niet} verblijfsobjecten in de gemeente zijn geen bestaande woning: {'; '.join(delen)}.")
    if andere_bronhouder:
        inhoud.meldingen.append(f"{andere_bronhouder} woningen binnen de gemeentegrens hebben een andere bronhouder dan "
                                f"{code}; ze zijn meegenomen.")
    if opties.get("corporatiebezit"):
        _eigendom(inhoud, Path(opties["corporatiebezit"]), opties.get("corporatie"))
    return inhoud


def _eigendom(inhoud: BronInhoud, pad: Path, naam: Optional[str]) -> None:
    """Eigendom and corporatie of every dwelling from the corporation's list (by vbo id, else by address)."""
    ids, adressen, fouten = _corporatiebezit(pad, naam)
    gevonden = 0
    gebruikt_adres = set()
    for rij in inhoud.rijen:
        a = adres(rij.get("postcode"), rij.get("huisnummer"), rij.get("huisletter"), rij.get("toevoeging"))
        if rij["vbo_id"] in ids:
            eigenaar: Any = ids.pop(rij["vbo_id"])
        elif a in adressen:
            eigenaar = adressen[a]
            gebruikt_adres.add(a)
        else:
            rij["eigendom"] = rij["corporatie"] = None
            continue
        gevonden += 1
        rij["eigendom"], rij["corporatie"] = "corporatie", eigenaar
    los = len(ids) + len(set(adressen) - gebruikt_adres)
    inhoud.meldingen.append(f"Corporatiebezit '{pad.name}': {gevonden} woningen van de corporatie; de andere woningen "
                            "hebben eigendom onbekend.")
    if los:
        inhoud.meldingen.append(f"Corporatiebezit '{pad.name}': {los} regels zijn geen BAG-woning in de gemeente.")
    inhoud.meldingen += fouten[:MAX_MELDINGEN]
    if len(fouten) > MAX_MELDINGEN:
        inhoud.meldingen.append(f"Corporatiebezit '{pad.name}': en nog {len(fouten) - MAX_MELDINGEN} regels overgeslagen.")
