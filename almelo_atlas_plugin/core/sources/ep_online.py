"""EP-Online's totaalbestand (RVO; FORMATS.md §2) → the newest energy label of each dwelling of the gemeente.

The national file holds ~5 M labels: it is scanned in blocks of bytes for the gemeente's vbo ids and postcodes, only
those lines are parsed, and only the best row per vbo of this gemeente is kept.
Columns are found by name (any case, with or without `Pand_`), the header line by name too (newer files may start with
`key;value` lines such as `PublicatieDatum;01-09-2026`). A label is placed on its BAG point: by vbo id (read as text,
re-padded to 16 digits), else by postcode + huisnummer (+ letter, toevoeging). Labels of other gemeenten are skipped
and counted, not refused.
"""

from __future__ import annotations

import csv
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple

from shapely.geometry import Point

from ..model.schema import DOMAINS
from ..output.termen import getal
from ..store.base import StoreError
from .bronnen import BronContext, BronInhoud, Weigering
from .importer import Refused, _date, _short

LAAG = "energielabels"
SLEUTEL = "vbo_id"
HEADER_SEARCH = 50  # lines searched for the header (after a preamble of `key;value` lines)
VBO_DIGITS = 16
VBO_TYPE = "01"  # object type of a verblijfsobject in its id (GGGG 01 nnnnnnnnnn)
BLOCK = 1 << 22  # bytes read at a time when scanning the national file
# our column → the names files use, after dropping case and the `Pand_` prefix (2021 headers: `huisnummer_toev`)
KOLOMMEN: Dict[str, Tuple[str, ...]] = {
    "klasse": ("energieklasse",),
    "vbo": ("bagverblijfsobjectid",),
    "opnamedatum": ("opnamedatum",),
    "registratiedatum": ("registratiedatum",),
    "gebouwklasse": ("gebouwklasse",),
    "status": ("status",),
    "postcode": ("postcode",),
    "huisnummer": ("huisnummer",),
    "huisletter": ("huisletter",),
    "toevoeging": ("huisnummertoevoeging", "huisnummer_toev"),
    "gebouwtype": ("gebouwtype",),
}
WONING = "W"
UTILITEIT = "U"
VERGUNNINGSAANVRAAG = "vergunningsaanvraag"  # a label for a permit application: no registered label of a dwelling
KLASSEN = tuple(DOMAINS["energielabel"])
NIET_GEVONDEN = "niet gevonden in de woningvoorraad (BAG)"
_LEGE_REGEL = re.compile(rb"^\r?\n", re.MULTILINE)
_NAAM_DATUM = re.compile(r"(?:^|[^0-9])v?(\d{8})(?:[^0-9]|$)")


def _key(name: str) -> str:
    k = name.strip().lower()
    return k[5:] if k.startswith("pand_") else k


def _yyyymmdd(v: str, name: str) -> str:
    """EP-Online's YYYYMMDD (also ISO or DD-MM-JJJJ) as an ISO date."""
    t = v.strip()
    if len(t) == 8 and t.isdigit():
        try:
            return _date(f"{t[:4]}-{t[4:6]}-{t[6:]}", name)
        except Refused:
            raise Refused(name, f"moet een bestaande datum zijn (JJJJMMDD) (niet {_short(t)!r})") from None
    return _date(t, name)


def _peildatum_uit_naam(naam: str) -> Optional[str]:
    """`v20231101_v2_csv.csv` → 2023-11-01 (None when the name holds no valid date)."""
    for m in _NAAM_DATUM.finditer(Path(naam).name):
        try:
            return _yyyymmdd(m.group(1), "bestandsnaam")
        except Refused:
            continue
    return None


def _adres(postcode: Optional[str], huisnummer: Optional[int], huisletter: Optional[str], toevoeging: Optional[str]
           ) -> Tuple[str, Optional[int], str, str]:
    """An address as a lookup key: postcode without space, letter and toevoeging in capitals, empty for none."""
    return ((postcode or "").replace(" ", "").upper(), huisnummer, (huisletter or "").strip().upper(),
            (toevoeging or "").strip().upper())


@contextmanager
def _open_bytes(pad: Path) -> Iterator[Tuple[IO[bytes], str, str]]:
    """The CSV's bytes, its own name and its encoding (UTF-8 with or without BOM, else Windows-1252); a .zip holding one
    CSV is read from inside the zip without unpacking it."""
    try:
        if zipfile.is_zipfile(pad):
            with zipfile.ZipFile(pad) as zf:
                csvs = [i for i in zf.infolist() if i.filename.lower().endswith(".csv") and not i.is_dir()]
                if len(csvs) != 1:
                    raise StoreError(f"Bron '{pad.name}': het zip-bestand moet precies één CSV-bestand bevatten "
                                     f"(gevonden: {len(csvs)}).")
                with zf.open(csvs[0]) as probe:
                    encoding = _encoding(probe.read(1 << 20))
                with zf.open(csvs[0]) as raw:
                    yield raw, csvs[0].filename, encoding
            return
        with open(pad, "rb") as raw:
            encoding = _encoding(raw.read(1 << 20))
            raw.seek(0)
            yield raw, pad.name, encoding
    except OSError as exc:
        raise StoreError(f"Bron '{pad.name}' kan niet worden gelezen ({exc.strerror or exc}).") from None
    except zipfile.BadZipFile:
        raise StoreError(f"Bron '{pad.name}' is geen leesbaar zip-bestand.") from None


def _encoding(head: bytes) -> str:
    """UTF-8 when the first MB decodes as UTF-8 (a character cut at its end aside), else Windows-1252."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return "utf-8" if exc.start >= len(head) - 3 else "cp1252"
    return "utf-8"


def _lines(raw: IO[bytes], encoding: str) -> Iterator[str]:
    """The lines before the data, decoded (a BOM dropped)."""
    for n, line in enumerate(iter(raw.readline, b"")):
        yield line.decode(encoding, errors="replace").lstrip("\ufeff") if n == 0 else line.decode(encoding, "replace")


def _header(lines: Iterator[str], naam: str) -> Tuple[Dict[str, int], Dict[str, str], Dict[str, str], int, str]:
    """(our column → index, our column → the file's name for it, the preamble's `key;value` pairs, line number of the
    header, separator: `;` as RVO writes it, `,` when a spreadsheet saved it so)."""
    preamble: Dict[str, str] = {}
    for n, line in zip(range(1, HEADER_SEARCH + 1), lines):
        sep = "," if line.count(",") > line.count(";") else ";"
        cells = next(csv.reader([line], delimiter=sep), [])
        keys = [_key(c) for c in cells]
        if "energieklasse" in keys:
            index = {}
            for ours, names in KOLOMMEN.items():
                found = next((keys.index(k) for k in names if k in keys), None)
                if found is not None:
                    index[ours] = found
            namen = {ours: f"Pand_{names[0]}" for ours, names in KOLOMMEN.items()}  # as RVO names them
            namen.update({ours: cells[i].strip() for ours, i in index.items()})  # as this file does
            return index, namen, preamble, n, sep
        if len(cells) >= 2 and cells[0].strip():
            preamble[cells[0].strip().lower()] = cells[1].strip()
    raise StoreError(f"Bron '{naam}': geen kopregel met de kolom Pand_energieklasse in de eerste {HEADER_SEARCH} "
                     "regels; is dit een totaalbestand van EP-Online?")


@dataclass(frozen=True)
class _Probes:
    """What a line of this gemeente holds, found without parsing the line: a vbo id starting with one of the gemeente's
    prefixes (GGGG + object type 01, its leading zeros possibly dropped; a literal, found by a fast search) or a
    postcode of the gemeente (its PC4, any letters). A false hit only costs parsing that line."""

    ids: Tuple[bytes, ...]
    postcode: Optional["re.Pattern[bytes]"]

    @classmethod
    def of(cls, prefixes: Iterable[str], postcodes: Iterable[str]) -> "_Probes":
        pc4 = sorted({p[:4] for p in postcodes if len(p) >= 4})
        return cls(tuple(sorted({(p.lstrip("0") + VBO_TYPE).encode() for p in prefixes})),
                   re.compile(rf"(?:{'|'.join(map(re.escape, pc4))}) ?[A-Za-z]{{2}}".encode()) if pc4 else None)

    def line_starts(self, body: bytes) -> List[int]:
        """Offsets of the lines of `body` in which a probe finds something, in order."""
        starts = set()
        for lit in self.ids:
            i = body.find(lit)
            while i >= 0:
                starts.add(body.rfind(b"\n", 0, i) + 1)
                nl = body.find(b"\n", i)
                i = body.find(lit, nl + 1) if nl >= 0 else -1
        if self.postcode is not None:
            starts.update(body.rfind(b"\n", 0, m.start()) + 1 for m in self.postcode.finditer(body))
        return sorted(starts)


def _leeg(body: bytes) -> int:
    """Empty lines in `body` (no labels); two fast searches where there are none, as in a published file."""
    if b"\n\n" not in body and b"\n\r\n" not in body and not body.startswith((b"\n", b"\r\n")):
        return 0
    return len(_LEGE_REGEL.findall(body))


def _regels(raw: IO[bytes], encoding: str, probes: _Probes, regel: int, overgeslagen: List[int]
            ) -> Iterator[Tuple[int, str]]:
    """(line number, line) of the data lines that a probe finds something in, read in blocks of 4 MB: the ~5 M lines
    of other gemeenten are counted into `overgeslagen[0]`, never decoded or parsed. A quoted value holding a line
    break is not supported (the totaalbestand has none)."""
    rest = b""
    while True:
        block = raw.read(BLOCK)
        body = rest + block
        cut = len(body) if not block else body.rfind(b"\n") + 1
        body, rest = body[:cut], body[cut:]
        done = 0  # offset in body up to which lines are counted
        for start in probes.line_starts(body):
            end = body.find(b"\n", start)
            end = len(body) if end < 0 else end + 1
            skipped = body.count(b"\n", done, start)
            regel += skipped + 1
            yield regel, body[start:end].decode(encoding, "replace")
            overgeslagen[0] += skipped
            done = end
        tail = body.count(b"\n", done) + (not block and not body.endswith(b"\n") and done < len(body))
        regel += tail
        overgeslagen[0] += tail - _leeg(body)
        if not block:
            return


def lees(pad: Path, opties: Mapping[str, Any], context: BronContext) -> BronInhoud:
    """The newest label of each dwelling in `context`'s woningvoorraad. opties: `peildatum` (DD-MM-JJJJ, overrides the
    file's own stand)."""
    pad = Path(pad)
    punten = context.vbo_punten()
    if not punten:
        raise StoreError(f"Bron '{pad.name}': de woningvoorraad heeft geen BAG-verblijfsobjecten om de labels op te "
                         "plaatsen; lees eerst de BAG in (bron bag).")
    adressen = {_adres(*k): v for k, v in context.adressen().items()}
    postcodes = {k[0] for k in adressen}
    inhoud = BronInhoud(soort="ep-online", laag=LAAG, sleutel=SLEUTEL)
    best: Dict[str, Tuple[Tuple[str, str], Dict[str, Any]]] = {}
    geweigerd: List[Weigering] = []
    elders = utiliteit = aanvraag = vervangen = via_adres = 0

    prefixes = {v[:4] for v in punten} | {context.gemeente_code[2:]}  # GM0141 → 0141: how its BAG ids start
    with _open_bytes(pad) as (raw, naam, encoding):
        kol, namen, preamble, kopregel, sep = _header(_lines(raw, encoding), naam)
        if "vbo" not in kol and not {"postcode", "huisnummer"} <= kol.keys():
            raise StoreError(f"Bron '{naam}': kolom Pand_bagverblijfsobjectid ontbreekt (en Pand_postcode met "
                             "Pand_huisnummer ook).")
        width = max(kol.values()) + 1
        i_vbo, i_pc = kol.get("vbo"), kol.get("postcode")
        i_gk, i_status = kol.get("gebouwklasse"), kol.get("status")
        probes = _Probes.of(prefixes, postcodes)
        telling = [0]
        for regel, line in _regels(raw, encoding, probes, kopregel, telling):
            cells = next(csv.reader((line,), delimiter=sep), [])
            if len(cells) < width:
                if not any(c.strip() for c in cells):
                    continue
                cells = cells + [""] * (width - len(cells))
            vbo = cells[i_vbo].strip() if i_vbo is not None else ""
            if vbo and len(vbo) != VBO_DIGITS and vbo.isdigit():
                vbo = vbo.zfill(VBO_DIGITS)  # a tool read the id as a number and dropped its leading zeros
            postcode = cells[i_pc].replace(" ", "").upper() if i_pc is not None else ""
            if not (vbo in punten or vbo[:4] in prefixes or postcode in postcodes):
                elders += 1
                continue
            if i_gk is not None:
                gk = cells[i_gk].strip().upper()
                if gk == UTILITEIT:
                    utiliteit += 1
                    continue
            if i_status is not None and cells[i_status].strip().lower() == VERGUNNINGSAANVRAAG:
                aanvraag += 1
                continue
            try:
                if i_gk is not None and gk != WONING:
                    raise Refused("gebouwklasse", f"gebouwklasse {_short(gk)!r} is geen W (woning) of U (utiliteit)")
                rij, adres = _rij(cells, kol, vbo, postcode)
                if vbo not in punten:
                    vbo = adressen.get(adres) if adres else None
                    if vbo is None and adres and not adres[2] and kol.get("huisletter") is None and len(adres[3]) == 1:
                        vbo = adressen.get((adres[0], adres[1], adres[3], ""))  # 2021 files: the letter in `toev`
                    if vbo is None:
                        raise Refused("vbo", NIET_GEVONDEN)
                    via_adres += 1
            except Refused as exc:
                geweigerd.append(Weigering(f"rij {regel}", namen.get(exc.field, exc.field), str(exc)))
                continue
            rij["vbo_id"] = vbo
            volgorde = (rij["opnamedatum"] or "", rij["registratiedatum"] or "")
            vorige = best.get(vbo)
            if vorige is not None:
                vervangen += 1
                if vorige[0] >= volgorde:
                    continue
            best[vbo] = (volgorde, rij)

    for vbo, (_, rij) in best.items():
        rij["geom"] = Point(punten[vbo])
        inhoud.rijen.append(rij)
    inhoud.geweigerd = geweigerd
    inhoud.peildatum = _peildatum(opties, preamble, naam, pad)
    inhoud.meldingen = _meldingen(elders + telling[0], utiliteit, aanvraag, vervangen, via_adres)
    return inhoud


def _rij(cells: List[str], kol: Mapping[str, int], vbo: str, postcode: str) -> Tuple[Dict[str, Any], Optional[Tuple]]:
    """The store row of one label of this gemeente (without vbo_id and geom) and its address key (None without one)."""
    def cell(name: str) -> str:
        i = kol.get(name)
        return cells[i].strip() if i is not None else ""

    klasse = cell("klasse").replace(" ", "").upper()
    if not klasse:
        raise Refused("klasse", "geen energieklasse (leeg)")
    if klasse not in KLASSEN:
        raise Refused("klasse", f"onbekende energieklasse {_short(klasse)!r} (bekend: {KLASSEN[0]} t/m "
                                            f"{KLASSEN[-1]})")
    if vbo and not vbo.isdigit():
        raise Refused("vbo", f"{_short(vbo)!r} is geen BAG-id van {VBO_DIGITS} cijfers")
    nummer = cell("huisnummer")
    huisnummer = None
    if nummer:
        if not nummer.isdigit():
            raise Refused("huisnummer", f"huisnummer moet een geheel getal zijn (niet {_short(nummer)!r})")
        huisnummer = int(nummer)
    datums = {}
    for name in ("opnamedatum", "registratiedatum"):
        v = cell(name)
        datums[name] = _yyyymmdd(v, name) if v else None
    rij = dict(label=klasse, **datums, postcode=postcode or None, huisnummer=huisnummer,
               huisletter=cell("huisletter") or None, toevoeging=cell("toevoeging") or None,
               gebouwtype=cell("gebouwtype") or None)
    adres = _adres(postcode, huisnummer, cell("huisletter"), cell("toevoeging")) if postcode and huisnummer else None
    return rij, adres


def _peildatum(opties: Mapping[str, Any], preamble: Mapping[str, str], naam: str, pad: Path) -> Optional[str]:
    """The stand of the file: opties["peildatum"], else the preamble's PublicatieDatum, else the file name's date."""
    try:
        if opties.get("peildatum"):
            return _yyyymmdd(str(opties["peildatum"]), "peildatum")
        if preamble.get("publicatiedatum"):
            return _yyyymmdd(preamble["publicatiedatum"], "PublicatieDatum")
    except Refused as exc:
        raise StoreError(f"Bron '{pad.name}', {exc.field}: {exc}.") from None
    return _peildatum_uit_naam(naam) or _peildatum_uit_naam(pad.name)


def _meldingen(elders: int, utiliteit: int, aanvraag: int, vervangen: int, via_adres: int) -> List[str]:
    regels = [
        (elders, "labels van andere gemeenten overgeslagen"),
        (utiliteit, "labels van utiliteitsgebouwen (gebouwklasse U) overgeslagen"),
        (aanvraag, "labels bij een vergunningsaanvraag overgeslagen"),
        (vervangen, "oudere labels van een woning met een nieuwer label overgeslagen"),
        (via_adres, "labels via postcode en huisnummer aan de BAG gekoppeld"),
    ]
    return [f"{getal(n)} {tekst}" for n, tekst in regels if n]
