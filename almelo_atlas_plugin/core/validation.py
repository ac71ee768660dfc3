"""Schema and data problems of a store, each naming layer, feature and field."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Dict, List, Optional

from . import geo, gpkg
from .schema import EPSG, GEOM_COLUMN, LOCATION_LAYERS, SCHEMA_VERSION, TABLES, number_nl, quote_ident, quote_literal
from .store import Store


@dataclass
class Problem:
    soort: str  # short machine code
    laag: str
    fid: Optional[int]
    veld: Optional[str]
    melding: str  # Dutch

    def text(self) -> str:
        where = f"laag {self.laag}"
        if self.fid is not None:
            where += f", feature {self.fid}"
        if self.veld:
            where += f", veld {self.veld}"
        return f"{where}: {self.melding}"

    def as_dict(self) -> Dict[str, object]:
        return asdict(self)


def validate(store: Store, geometry: bool = True) -> List[Problem]:
    """Every problem found; an empty list means the store is sound."""
    out: List[Problem] = []
    with store.reading() as con:
        tables = set(store.table_names(con))
        version = store.schema_version(con)
        if version != SCHEMA_VERSION:
            out.append(Problem("schemaversie", "atlas_meta", None, "schema_versie",
                               f"schemaversie {version}, verwacht {SCHEMA_VERSION}"))
        triggers = set(store.trigger_names(con))
        srs = store.geometry_srids(con)
        for t in TABLES:
            if t.name not in tables:
                if t.required:
                    out.append(Problem("tabel_ontbreekt", t.name, None, None, "tabel ontbreekt"))
                continue
            cols = set(store.columns(t.name, con))
            missing = [f for f in t.fields if f.name not in cols]
            for f in missing:
                out.append(Problem("veld_ontbreekt", t.name, None, f.name, "veld ontbreekt"))
            present = [f for f in t.fields if f.name in cols]
            if t.geometry:
                sid = srs.get(t.name)
                if sid is None:
                    out.append(Problem("geen_geometrie", t.name, None, GEOM_COLUMN, "geen geometriekolom geregistreerd"))
                elif sid != EPSG:
                    out.append(Problem("verkeerde_crs", t.name, None, GEOM_COLUMN,
                                       f"coördinatenstelsel is srs_id {sid}, verwacht EPSG:{EPSG} (RD New)"))
            fidcol = quote_ident(t.fid_column)
            for f in present:
                col = quote_ident(f.name)
                if f.domain:
                    allowed = ", ".join(quote_literal(v) for v in f.values)
                    for fid, val in con.execute(
                            f"SELECT {fidcol}, {col} FROM {quote_ident(t.name)} WHERE {col} IS NOT NULL AND {col} NOT IN ({allowed})"):
                        out.append(Problem("domein", t.name, fid, f.name, f"waarde '{val}' niet toegestaan (toegestaan: {', '.join(f.values)})"))
                if f.numeric_check and store.kind == "gpkg":  # PostGIS columns are typed
                    for fid, val in con.execute(
                            f"SELECT {fidcol}, {col} FROM {quote_ident(t.name)} WHERE {col} IS NOT NULL AND typeof({col}) NOT IN ('integer','real')"):
                        out.append(Problem("geen_getal", t.name, fid, f.name, f"waarde '{val}' is geen getal"))
                if f.minimum is not None:
                    for fid, val in con.execute(
                            f"SELECT {fidcol}, {col} FROM {quote_ident(t.name)} WHERE {store.is_number(col)} AND {col} < ?", (f.minimum,)):
                        kind = "negatief" if f.minimum == 0 else "te_klein"
                        msg = f"waarde {val} is negatief" if f.minimum == 0 else f"waarde {val} is kleiner dan {number_nl(f.minimum)}"
                        out.append(Problem(kind, t.name, fid, f.name, msg))
                if f.maximum is not None:
                    for fid, val in con.execute(
                            f"SELECT {fidcol}, {col} FROM {quote_ident(t.name)} WHERE {store.is_number(col)} AND {col} > ?", (f.maximum,)):
                        out.append(Problem("te_groot", t.name, fid, f.name, f"waarde {val} is groter dan {number_nl(f.maximum)}"))
            if t.name in LOCATION_LAYERS and not missing:
                for fid, tot, som in con.execute(
                        f"SELECT fid, won_totaal, won_sociale_huur + won_middenhuur + won_vrije_huur + won_koop FROM {t.name}"
                        f" WHERE {store.distinct('won_totaal', '(won_sociale_huur + won_middenhuur + won_vrije_huur + won_koop)')}"):
                    out.append(Problem("som_woningen", t.name, fid, "won_totaal", f"won_totaal {tot} ≠ som van de segmenten {som}"))
        # guards present?
        wanted = [n for n in store.expected_triggers() if any(n.startswith(f"atlas_{t}_") for t in tables)]
        missing_trg = [n for n in wanted if n not in triggers]
        if missing_trg:
            out.append(Problem("bewaking_ontbreekt", "store", None, None,
                               f"{len(missing_trg)} databaseregels (triggers) ontbreken, o.a. {missing_trg[0]}"))
        # opgave codes
        if {"locatie_opgaven", "opgaven"} <= tables:
            for fid, code in con.execute("SELECT fid, opgave_code FROM locatie_opgaven WHERE opgave_code NOT IN (SELECT code FROM opgaven)"):
                out.append(Problem("onbekende_opgave", "locatie_opgaven", fid, "opgave_code", f"onbekende opgave '{code}'"))
            for lyr in LOCATION_LAYERS:
                if lyr in tables:
                    for fid, lf in con.execute(
                            f"SELECT fid, locatie_fid FROM locatie_opgaven WHERE laag = ? AND locatie_fid NOT IN (SELECT fid FROM {lyr})", (lyr,)):
                        out.append(Problem("onbekende_locatie", "locatie_opgaven", fid, "locatie_fid", f"locatie {lf} bestaat niet in {lyr}"))
        if {"doelen", "opgaven"} <= tables:
            for fid, code in con.execute("SELECT fid, opgave_code FROM doelen WHERE opgave_code NOT IN (SELECT code FROM opgaven)"):
                out.append(Problem("onbekende_opgave", "doelen", fid, "opgave_code", f"onbekende opgave '{code}'"))
        if geometry:
            out.extend(_geometry_problems(store, con, tables))
    return out


def _geometry_problems(store: Store, con, tables) -> List[Problem]:
    out: List[Problem] = []
    for t in TABLES:
        if not t.geometry or t.geometry == "Point" or t.name not in tables:
            continue
        for fid, blob in con.execute(f"SELECT fid, geom FROM {quote_ident(t.name)}"):
            if blob is None or gpkg.blob_is_empty(blob):
                if t.name in LOCATION_LAYERS:
                    out.append(Problem("lege_geometrie", t.name, fid, GEOM_COLUMN, "geometrie ontbreekt of is leeg"))
                continue
            if gpkg.blob_srs_id(blob) != EPSG:
                out.append(Problem("verkeerde_crs", t.name, fid, GEOM_COLUMN, f"geometrie in srs_id {gpkg.blob_srs_id(blob)}, verwacht {EPSG}"))
            g = geo.from_wkb(gpkg.to_wkb(blob))
            reason = geo.explain_invalid(g)
            if reason:
                out.append(Problem("ongeldige_geometrie", t.name, fid, GEOM_COLUMN, f"ongeldige geometrie: {reason}"))
    if "wijken" in tables:
        codes, wk_geoms = gpkg.keyed_geometries(con, "wijken", "wijk_code")
        for lyr in LOCATION_LAYERS:
            if lyr not in tables:
                continue
            wcol = "wijk_code" if "wijk_code" in store.columns(lyr, con) else "NULL"
            for fid, stored, blob in con.execute(f"SELECT fid, {wcol}, geom FROM {lyr}"):
                if blob is None or gpkg.blob_is_empty(blob):
                    continue
                g = geo.from_wkb(gpkg.to_wkb(blob))
                w = geo.largest_overlap(g, wk_geoms, codes)
                if w is None:
                    out.append(Problem("buiten_wijken", lyr, fid, GEOM_COLUMN, "locatie ligt buiten alle wijken"))
                elif wcol != "NULL" and stored != w:
                    out.append(Problem("wijk_niet_actueel", lyr, fid, "wijk_code",
                                       f"wijk_code is '{stored}', maar de locatie ligt vooral in {w}"))
    return out
