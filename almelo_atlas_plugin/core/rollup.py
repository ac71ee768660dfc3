"""Roll-up: locatie → (buurt) → wijk → stad, held against the goals (DESIGN.md §4).

Base layers are summarised with SQL group-bys on the stored `wijk_code` (cached);
locations are few, so they are read whole and aggregated with pandas. Spatial work
is done only for locations whose geometry changed since the last run.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import geo, gpkg
from .schema import LOCATION_LAYERS, PROGRAMME_FIELDS, SCHEMA_VERSION
from .store import Store

BUITEN = "buiten_wijken"
CATEGORIES = ("hard", "zacht", "gerealiseerd", "potentieel")
SURPLUS_NORM = 1.30
LABELS_EFG = ("E", "F", "G")
LABELS_AB = ("A++++", "A+++", "A++", "A+", "A", "B")


def figure_base(field: str) -> str:
    """Programme field → figure prefix: won_totaal → won, the rest keep their name."""
    return "won" if field == "won_totaal" else field


def figure_names() -> List[str]:
    """Every figure of DESIGN.md §4, in a stable order."""
    out = []
    for f in PROGRAMME_FIELDS:
        b = figure_base(f)
        out += [f"{b}_hard", f"{b}_zacht", f"{b}_gepland", f"{b}_gerealiseerd", f"{b}_potentieel"]
    return out + ["n_projecten", "n_potloodplannen"]


FIGURES = figure_names()
PROFILE_KEYS = ("woningen", "aandeel_corporatie", "aandeel_eengezins", "aandeel_label_efg", "aandeel_label_ab",
                "leefbaarheid_gem")


def _clean(v: Any) -> Any:
    """JSON-safe numbers: ints stay ints, NaN → None."""
    if v is None:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        if math.isnan(v):
            return None
        f = float(v)
        return int(f) if f.is_integer() and abs(f) < 2**53 else round(f, 6)
    return v


class RollupEngine:
    """Computes the roll-up of a store; keeps caches so that a refresh after one edit is cheap."""

    def __init__(self, store: Store, norm: float = SURPLUS_NORM):
        self.store = store
        self.norm = norm
        self._profile_key: Optional[Tuple] = None
        self._profile: Optional[Dict[str, Dict[str, Any]]] = None
        self._polys: Dict[str, Tuple[List[str], List[Any]]] = {}
        self._poly_key: Dict[str, Tuple] = {}
        self._loc_spatial: Dict[Tuple[str, int], Tuple[bytes, Optional[str], Tuple[str, ...], Optional[str]]] = {}

    # --- inputs -----------------------------------------------------------------------------
    def _fingerprint(self, con, table: str) -> Tuple:
        row = con.execute(f'SELECT count(*), max(fid) FROM "{table}"').fetchone() if table in self._tables else (0, 0)
        return tuple(row)

    def _polygons(self, con, table: str, key_col: str) -> Tuple[List[str], List[Any]]:
        if table not in self._tables:
            return [], []
        key = (self._fingerprint(con, table), con.execute(f'SELECT sum(length(geom)) FROM "{table}"').fetchone()[0])
        if self._poly_key.get(table) != key:
            cur = con.execute(f'SELECT {key_col}, geom FROM "{table}" ORDER BY fid')
            codes, geoms = [], []
            for code, blob in cur:
                codes.append(code)
                geoms.append(None if gpkg.blob_is_empty(blob) else geo.from_wkb(gpkg.to_wkb(blob)))
            self._polys[table] = (codes, geoms)
            self._poly_key[table] = key
            if table == "wijken":
                self._loc_spatial.clear()
        return self._polys[table]

    def profile(self, con) -> Dict[str, Dict[str, Any]]:
        """Wijk profile from the base layers (cached until a base layer changes)."""
        key = tuple(self._fingerprint(con, t) for t in ("woningvoorraad", "energielabels", "leefbaarheid", "wijken"))
        if self._profile is not None and key == self._profile_key:
            return self._profile
        prof: Dict[str, Dict[str, Any]] = {}

        def put(rows, fn):
            for r in rows:
                code = r[0] if r[0] is not None else BUITEN
                prof.setdefault(code, {}).update(fn(r))

        if "woningvoorraad" in self._tables:
            put(con.execute(
                "SELECT wijk_code, count(*), sum(eigendom = 'corporatie'), sum(woningtype = 'eengezins'),"
                " sum(woningtype IS NOT NULL), sum(eigendom IS NOT NULL) FROM woningvoorraad GROUP BY wijk_code"),
                lambda r: {"woningen": r[1], "_corp": r[2] or 0, "_eg": r[3] or 0, "_n_type": r[4] or 0, "_n_eig": r[5] or 0})
        if "energielabels" in self._tables:
            efg = ",".join(f"'{v}'" for v in LABELS_EFG)
            ab = ",".join(f"'{v}'" for v in LABELS_AB)
            put(con.execute(
                f"SELECT wijk_code, count(*), sum(label IN ({efg})), sum(label IN ({ab})) FROM energielabels GROUP BY wijk_code"),
                lambda r: {"_n_lab": r[1], "_efg": r[2] or 0, "_ab": r[3] or 0})
        if "leefbaarheid" in self._tables:
            put(con.execute("SELECT wijk_code, count(*), sum(score) FROM leefbaarheid WHERE score IS NOT NULL GROUP BY wijk_code"),
                lambda r: {"_n_cel": r[1], "_score": r[2] or 0})
        self._profile = prof
        self._profile_key = key
        return prof

    @staticmethod
    def _finish_profile(parts: Sequence[Dict[str, Any]]) -> Dict[str, Any]:
        s: Dict[str, float] = {}
        for p in parts:
            for k, v in p.items():
                s[k] = s.get(k, 0) + (v or 0)

        def share(num, den):
            return round(s.get(num, 0) / s[den], 6) if s.get(den) else None

        return {
            "woningen": int(s.get("woningen", 0)),
            "aandeel_corporatie": share("_corp", "_n_eig"),
            "aandeel_eengezins": share("_eg", "_n_type"),
            "aandeel_label_efg": share("_efg", "_n_lab"),
            "aandeel_label_ab": share("_ab", "_n_lab"),
            "leefbaarheid_gem": share("_score", "_n_cel"),
            "energielabels": int(s.get("_n_lab", 0)),
            "leefbaarheid_cellen": int(s.get("_n_cel", 0)),
        }

    def locations(self, con) -> pd.DataFrame:
        """One row per location: programme, status, planstatus, categorie, wijk, buurt, gebieden, opgaven."""
        wk_codes, wk_geoms = self._polygons(con, "wijken", "wijk_code")
        gb_names, gb_geoms = self._polygons(con, "gebieden", "naam")
        bu_codes, bu_geoms = self._polygons(con, "buurten", "buurt_code")
        frames = []
        fields = ", ".join(PROGRAMME_FIELDS)
        for laag in LOCATION_LAYERS:
            if laag not in self._tables:
                continue
            extra = ("status, planstatus, NULL AS soort, start_jaar, oplever_jaar" if laag == "projecten"
                     else "NULL AS status, NULL AS planstatus, soort, NULL AS start_jaar, NULL AS oplever_jaar")
            cur = con.execute(f"SELECT fid, naam, {extra}, {fields}, wijk_code, geom FROM \"{laag}\" ORDER BY fid")
            cols = [d[0] for d in cur.description]
            rows = cur.fetchall()
            df = pd.DataFrame.from_records(rows, columns=cols)
            df.insert(0, "laag", laag)
            wijk, buurt, gebieden = [], [], []
            for fid, stored, blob in zip(df["fid"], df["wijk_code"], df["geom"]):
                k = (laag, int(fid))
                h = hashlib.blake2b(blob or b"", digest_size=16).digest()
                hit = self._loc_spatial.get(k)
                if hit is None or hit[0] != h:
                    g = None if gpkg.blob_is_empty(blob) else geo.from_wkb(gpkg.to_wkb(blob))
                    w = geo.largest_overlap(g, wk_geoms, wk_codes)
                    gb = tuple(n for n, p in zip(gb_names, gb_geoms) if geo.overlap_share(g, p) >= 0.5)
                    bu = geo.largest_overlap(g, bu_geoms, bu_codes) if bu_codes else None
                    hit = (h, w, gb, bu)
                    self._loc_spatial[k] = hit
                # the stored wijk_code is authoritative once set; a NULL one is computed here
                wijk.append(stored if stored is not None else hit[1])
                gebieden.append(hit[2])
                buurt.append(hit[3])
            df["wijk_code"] = wijk
            df["buurt_code"] = buurt
            df["gebieden"] = gebieden
            frames.append(df.drop(columns=["geom"]))
        if not frames:
            return pd.DataFrame(columns=["laag", "fid", "naam", "status", "planstatus", "soort", *PROGRAMME_FIELDS,
                                         "wijk_code", "buurt_code", "gebieden", "opgaven", "categorie"])
        loc = pd.concat(frames, ignore_index=True)
        for f in PROGRAMME_FIELDS:
            loc[f] = pd.to_numeric(loc[f], errors="coerce").fillna(0)
        tags = pd.DataFrame(con.execute("SELECT laag, locatie_fid, opgave_code FROM locatie_opgaven ORDER BY opgave_code").fetchall(),
                            columns=["laag", "fid", "opgave"]) if "locatie_opgaven" in self._tables else pd.DataFrame(columns=["laag", "fid", "opgave"])
        by_loc = tags.groupby(["laag", "fid"])["opgave"].agg(lambda s: tuple(sorted(set(s)))).to_dict()
        loc["opgaven"] = [by_loc.get((lg, int(f)), ()) for lg, f in zip(loc["laag"], loc["fid"])]
        cat = np.where(loc["laag"] == "potloodplannen", "potentieel",
                       np.where(loc["status"] == "opgeleverd", "gerealiseerd",
                                np.where(loc["planstatus"] == "hard", "hard", "zacht")))
        loc["categorie"] = cat
        loc["wijk_code"] = loc["wijk_code"].where(loc["wijk_code"].notna(), None)
        return loc

    # --- aggregation ----------------------------------------------------------------------
    @staticmethod
    def figure_frame(loc: pd.DataFrame) -> pd.DataFrame:
        """Per location, every figure (value in its own category column, zero elsewhere)."""
        out = pd.DataFrame(index=loc.index)
        for f in PROGRAMME_FIELDS:
            b = figure_base(f)
            for c in CATEGORIES:
                out[f"{b}_{c}"] = np.where(loc["categorie"] == c, loc[f], 0)
            out[f"{b}_gepland"] = out[f"{b}_hard"] + out[f"{b}_zacht"]
        out["n_projecten"] = (loc["laag"] == "projecten").astype(int)
        out["n_potloodplannen"] = (loc["laag"] == "potloodplannen").astype(int)
        return out[FIGURES]

    @staticmethod
    def _sum(frame: pd.DataFrame) -> Dict[str, Any]:
        s = frame.sum(axis=0) if len(frame) else pd.Series(0, index=FIGURES)
        return {k: _clean(s.get(k, 0)) for k in FIGURES}

    def compute(self, peiljaar_doelen: bool = True) -> Dict[str, Any]:
        with self.store.reading() as con:
            self._tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            loc = self.locations(con)
            prof = self.profile(con)
            wijken = pd.DataFrame(con.execute("SELECT wijk_code, naam, prioriteit FROM wijken ORDER BY wijk_code").fetchall(),
                                  columns=["wijk_code", "naam", "prioriteit"])
            gebieden = pd.DataFrame(columns=["naam", "soort", "prioriteit"])
            if "gebieden" in self._tables:
                gebieden = pd.DataFrame(con.execute("SELECT naam, soort, prioriteit FROM gebieden ORDER BY fid").fetchall(),
                                        columns=["naam", "soort", "prioriteit"])
            buurten = pd.DataFrame(con.execute("SELECT buurt_code, naam, wijk_code FROM buurten ORDER BY buurt_code").fetchall(),
                                   columns=["buurt_code", "naam", "wijk_code"]) if "buurten" in self._tables else pd.DataFrame()
            doelen = pd.DataFrame(con.execute(
                "SELECT fid, niveau, wijk_code, opgave_code, indicator, soort, eenheid, streefwaarde, peiljaar, bron, omschrijving"
                " FROM doelen ORDER BY fid").fetchall(),
                columns=["fid", "niveau", "wijk_code", "opgave_code", "indicator", "soort", "eenheid", "streefwaarde",
                         "peiljaar", "bron", "omschrijving"])
            vraag = pd.DataFrame(con.execute("SELECT jaar, aantal FROM woningvraag ORDER BY jaar").fetchall(), columns=["jaar", "aantal"])
            version = self.store.schema_version(con)
        return self._assemble(loc, prof, wijken, gebieden, buurten, doelen, vraag, version)

    def _assemble(self, loc, prof, wijken, gebieden, buurten, doelen, vraag, version) -> Dict[str, Any]:
        fig = self.figure_frame(loc)
        known = set(wijken["wijk_code"])
        wkey = loc["wijk_code"].where(loc["wijk_code"].isin(known), BUITEN) if len(loc) else pd.Series(dtype=object)
        # per opgave: a location counts once in every opgave it is tagged with
        ex = loc[["opgaven"]].join(fig).explode("opgaven").dropna(subset=["opgaven"]) if len(loc) else pd.DataFrame()
        ex_w = wkey.reindex(ex.index) if len(ex) else pd.Series(dtype=object)

        def per_opgave(mask_index=None) -> Dict[str, Dict[str, Any]]:
            sub = ex if mask_index is None else ex[mask_index]
            if not len(sub):
                return {}
            g = sub.groupby("opgaven")[FIGURES].sum()
            return {str(code): {k: _clean(v) for k, v in row.items()} for code, row in g.iterrows()}

        stad = self._sum(fig)
        stad["buiten_wijken"] = self._sum(fig[wkey == BUITEN])
        stad["profiel"] = self._finish_profile(list(prof.values()))
        stad["opgaven"] = per_opgave()

        out_wijken = []
        for _, w in wijken.iterrows():
            m = wkey == w["wijk_code"]
            entry = {"wijk_code": w["wijk_code"], "naam": w["naam"], "prioriteit": w["prioriteit"], **self._sum(fig[m])}
            entry["profiel"] = self._finish_profile([prof.get(w["wijk_code"], {})])
            entry["opgaven"] = per_opgave(ex_w == w["wijk_code"]) if len(ex) else {}
            out_wijken.append(entry)

        out_gebieden = []
        if len(gebieden):
            gex = loc[["gebieden"]].join(fig).explode("gebieden").dropna(subset=["gebieden"])
            for _, g in gebieden.iterrows():
                m = gex["gebieden"] == g["naam"]
                entry = {"naam": g["naam"], "soort": g["soort"], "prioriteit": g["prioriteit"], **self._sum(gex.loc[m, FIGURES])}
                idx = gex.index[m]
                entry["opgaven"] = per_opgave(ex.index.isin(idx)) if len(ex) else {}
                out_gebieden.append(entry)

        out_buurten = []
        if len(buurten):
            for _, b in buurten.iterrows():
                m = loc["buurt_code"] == b["buurt_code"]
                out_buurten.append({"buurt_code": b["buurt_code"], "naam": b["naam"], "wijk_code": b["wijk_code"], **self._sum(fig[m])})

        result = {
            "schema_versie": version,
            "stad": stad,
            "wijken": out_wijken,
            "gebieden": out_gebieden,
            "doelen": self._doelen(loc, doelen, wkey, dict(zip(wijken["wijk_code"], wijken["naam"]))),
            "per_jaar": self._per_jaar(loc, vraag),
            "locaties": self._locaties(loc, fig, wkey),
        }
        if out_buurten:
            result["buurten"] = out_buurten
        return result

    @staticmethod
    def _doelen(loc: pd.DataFrame, doelen: pd.DataFrame, wkey: pd.Series, wijknamen: Dict[str, str]) -> List[Dict[str, Any]]:
        out = []
        proj = loc["laag"] == "projecten"
        for _, d in doelen.iterrows():
            ind = d["indicator"]
            m = proj.copy()
            if d["niveau"] == "wijk":
                m &= wkey == d["wijk_code"]
            if pd.notna(d["peiljaar"]):
                m &= pd.to_numeric(loc["oplever_jaar"], errors="coerce") <= d["peiljaar"]
            sub = loc[m]
            if ind not in sub.columns:
                vals = {c: None for c in ("gerealiseerd", "hard", "gepland")}
            else:
                def tot(cats, col=ind, sub=sub):
                    return float(sub.loc[sub["categorie"].isin(cats), col].sum())
                vals = {"gerealiseerd": tot(["gerealiseerd"]), "hard": tot(["gerealiseerd", "hard"]),
                        "gepland": tot(["gerealiseerd", "hard", "zacht"])}
                if d["eenheid"] == "aandeel":
                    dens = {"gerealiseerd": tot(["gerealiseerd"], "won_totaal"), "hard": tot(["gerealiseerd", "hard"], "won_totaal"),
                            "gepland": tot(["gerealiseerd", "hard", "zacht"], "won_totaal")}
                    vals = {k: (vals[k] / dens[k] if dens[k] else None) for k in vals}
            streef = float(d["streefwaarde"])
            gepland = vals["gepland"]
            if gepland is None:
                gap = dekking = gehaald = None
            elif d["soort"] == "maximum":
                gap = max(gepland - streef, 0.0)
                dekking = gepland / streef if streef else None
                gehaald = gepland <= streef
            else:
                gap = max(streef - gepland, 0.0)
                dekking = gepland / streef if streef else None
                gehaald = gepland >= streef
            entry = {
                "fid": int(d["fid"]), "niveau": d["niveau"], "wijk_code": d["wijk_code"],
                "wijk_naam": wijknamen.get(d["wijk_code"]) if d["wijk_code"] else None,
                "opgave_code": d["opgave_code"], "indicator": ind, "soort": d["soort"], "eenheid": d["eenheid"],
                "streefwaarde": _clean(streef), "peiljaar": _clean(d["peiljaar"]), "bron": d["bron"],
                "omschrijving": d["omschrijving"],
                **{k: _clean(v) for k, v in vals.items()},
                "gap": _clean(gap), "dekking": _clean(dekking), "gehaald": gehaald,
            }
            out.append(entry)
        return out

    def _per_jaar(self, loc: pd.DataFrame, vraag: pd.DataFrame) -> List[Dict[str, Any]]:
        proj = loc[(loc["laag"] == "projecten")].copy()
        proj["jaar"] = pd.to_numeric(proj["oplever_jaar"], errors="coerce")
        proj = proj.dropna(subset=["jaar"])
        years = set(vraag["jaar"].astype(int)) | set(proj["jaar"].astype(int))
        if not years:
            return []
        piv = proj.pivot_table(index="jaar", columns="categorie", values="won_totaal", aggfunc="sum", fill_value=0)
        vr = dict(zip(vraag["jaar"].astype(int), vraag["aantal"].astype(int)))
        out = []
        cum_aanbod = cum_vraag = 0.0
        for y in range(min(years), max(years) + 1):
            row = piv.loc[y] if y in piv.index else {}
            g = float(row.get("gerealiseerd", 0)) if len(row) else 0.0
            h = float(row.get("hard", 0)) if len(row) else 0.0
            z = float(row.get("zacht", 0)) if len(row) else 0.0
            v = vr.get(y)
            cum_aanbod += g + h + z
            cum_vraag += v or 0
            ratio = cum_aanbod / cum_vraag if cum_vraag else None
            out.append({
                "jaar": y, "gerealiseerd": _clean(g), "hard": _clean(h), "zacht": _clean(z), "vraag": v,
                "cumulatief_aanbod": _clean(cum_aanbod), "cumulatief_vraag": _clean(cum_vraag),
                "planoverschot": _clean(ratio), "norm": self.norm,
                "boven_norm": None if ratio is None else bool(ratio >= self.norm),
            })
        return out

    @staticmethod
    def _locaties(loc: pd.DataFrame, fig: pd.DataFrame, wkey: pd.Series) -> List[Dict[str, Any]]:
        out = []
        cols = ["laag", "fid", "naam", "status", "planstatus", "soort", "categorie", "start_jaar", "oplever_jaar", *PROGRAMME_FIELDS]
        for i, r in loc.iterrows():
            e = {c: _clean(r[c]) if c in r and not isinstance(r[c], str) else r.get(c) for c in cols}
            e["wijk_code"] = None if wkey[i] == BUITEN else wkey[i]
            e["buurt_code"] = r["buurt_code"]
            e["gebieden"] = list(r["gebieden"])
            e["opgaven"] = list(r["opgaven"])
            out.append(e)
        return out


def rollup(store: Store, norm: float = SURPLUS_NORM) -> Dict[str, Any]:
    """Full roll-up of a store as the JSON object of DESIGN.md §5."""
    return RollupEngine(store, norm).compute()


__all__ = ["rollup", "RollupEngine", "FIGURES", "BUITEN", "SCHEMA_VERSION", "figure_base"]
