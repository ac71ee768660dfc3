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


def _num(v: float) -> Any:
    """A plain float sum as JSON number: integral values as int, others rounded to 6 decimals."""
    if v != v:
        return None
    return int(v) if float(v).is_integer() and abs(v) < 2**53 else round(v, 6)


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
        """Cheap change marker of a table: GDAL's feature count and the highest fid (no table scan).

        An in-place attribute edit of a base layer is not seen; call `invalidate()` after one."""
        if table not in self._tables:
            return (0, 0)
        cnt = None
        if "gpkg_ogr_contents" in self._tables:
            row = con.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE lower(table_name) = lower(?)", (table,)).fetchone()
            cnt = row[0] if row else None
        top = con.execute(f'SELECT max(fid) FROM "{table}"').fetchone()[0]
        return (cnt, top)

    def invalidate(self) -> None:
        """Forget the cached base-layer profile and geometries (after an edit of a base layer)."""
        self._profile = None
        self._profile_key = None
        self._poly_key.clear()
        self._loc_spatial.clear()

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

    # --- aggregation (numpy: one matrix of figures, group sums as one-hot products) -------------
    @staticmethod
    def figure_matrix(loc: pd.DataFrame) -> np.ndarray:
        """n_locations × len(FIGURES): each value in its own category column, zero elsewhere."""
        n = len(loc)
        out = np.zeros((n, len(FIGURES)))
        if not n:
            return out
        cat = loc["categorie"].to_numpy()
        col = {name: i for i, name in enumerate(FIGURES)}
        masks = {c: (cat == c) for c in CATEGORIES}
        for f in PROGRAMME_FIELDS:
            b = figure_base(f)
            v = loc[f].to_numpy(dtype=float)
            for c in CATEGORIES:
                out[:, col[f"{b}_{c}"]] = np.where(masks[c], v, 0.0)
            out[:, col[f"{b}_gepland"]] = out[:, col[f"{b}_hard"]] + out[:, col[f"{b}_zacht"]]
        laag = loc["laag"].to_numpy()
        out[:, col["n_projecten"]] = laag == "projecten"
        out[:, col["n_potloodplannen"]] = laag == "potloodplannen"
        return out

    @staticmethod
    def _group(keys: Sequence[Any], order: Sequence[Any], mat: np.ndarray) -> np.ndarray:
        """Row sums of `mat` per key, in `order` (keys not in order are ignored)."""
        idx = {k: i for i, k in enumerate(order)}
        codes = np.fromiter((idx.get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
        onehot = (codes[None, :] == np.arange(len(order))[:, None]).astype(float)
        return onehot @ mat if len(keys) else np.zeros((len(order), mat.shape[1]))

    @staticmethod
    def _figs(row: np.ndarray) -> Dict[str, Any]:
        return {k: _num(v) for k, v in zip(FIGURES, row.tolist())}

    def _assemble(self, loc, prof, wijken, gebieden, buurten, doelen, vraag, version) -> Dict[str, Any]:
        F = self.figure_matrix(loc)
        codes = wijken["wijk_code"].tolist()
        known = set(codes)
        wkey = [w if w in known else BUITEN for w in loc["wijk_code"].tolist()]
        order_w = codes + [BUITEN]
        per_wijk = self._group(wkey, order_w, F)
        # tags: a location counts once in every opgave it is tagged with
        pairs = [(i, c) for i, tags in enumerate(loc["opgaven"].tolist()) for c in tags]
        tag_rows = np.array([i for i, _ in pairs], dtype=np.int64)
        tag_codes = [c for _, c in pairs]
        opg_order = sorted(set(tag_codes))
        FT = F[tag_rows] if len(pairs) else np.zeros((0, F.shape[1]))
        opg_stad = self._group(tag_codes, opg_order, FT)
        wk_opg_keys = [(wkey[i], c) for i, c in pairs]
        wk_opg_order = sorted(set(wk_opg_keys))
        wk_opg = self._group(wk_opg_keys, wk_opg_order, FT)
        wk_opg_map: Dict[str, Dict[str, Any]] = {}
        for (w, c), row in zip(wk_opg_order, wk_opg):
            wk_opg_map.setdefault(w, {})[c] = self._figs(row)

        stad = self._figs(F.sum(axis=0))
        stad["buiten_wijken"] = self._figs(per_wijk[-1])
        stad["profiel"] = self._finish_profile(list(prof.values()))
        stad["opgaven"] = {c: self._figs(r) for c, r in zip(opg_order, opg_stad)}

        out_wijken = []
        for i, w in enumerate(wijken.itertuples(index=False)):
            entry = {"wijk_code": w.wijk_code, "naam": w.naam, "prioriteit": w.prioriteit, **self._figs(per_wijk[i])}
            entry["profiel"] = self._finish_profile([prof.get(w.wijk_code, {})])
            entry["opgaven"] = wk_opg_map.get(w.wijk_code, {})
            out_wijken.append(entry)

        out_gebieden = []
        if len(gebieden):
            gpairs = [(i, g) for i, gs in enumerate(loc["gebieden"].tolist()) for g in gs]
            gnames = gebieden["naam"].tolist()
            grows = np.array([i for i, _ in gpairs], dtype=np.int64)
            FG = F[grows] if gpairs else np.zeros((0, F.shape[1]))
            per_g = self._group([g for _, g in gpairs], gnames, FG)
            tags_of = loc["opgaven"].tolist()
            gt_keys, gt_rows = [], []
            for i, g in gpairs:
                for c in tags_of[i]:
                    gt_keys.append((g, c))
                    gt_rows.append(i)
            gt_order = sorted(set(gt_keys))
            per_gt = self._group(gt_keys, gt_order, F[np.array(gt_rows, dtype=np.int64)] if gt_rows else np.zeros((0, F.shape[1])))
            gt_map: Dict[str, Dict[str, Any]] = {}
            for (g, c), row in zip(gt_order, per_gt):
                gt_map.setdefault(g, {})[c] = self._figs(row)
            for i, g in enumerate(gebieden.itertuples(index=False)):
                out_gebieden.append({"naam": g.naam, "soort": g.soort, "prioriteit": g.prioriteit, **self._figs(per_g[i]),
                                     "opgaven": gt_map.get(g.naam, {})})

        out_buurten = []
        if len(buurten):
            bcodes = buurten["buurt_code"].tolist()
            per_b = self._group(loc["buurt_code"].tolist(), bcodes, F)
            for i, bu in enumerate(buurten.itertuples(index=False)):
                out_buurten.append({"buurt_code": bu.buurt_code, "naam": bu.naam, "wijk_code": bu.wijk_code, **self._figs(per_b[i])})

        result = {
            "schema_versie": version,
            "stad": stad,
            "wijken": out_wijken,
            "gebieden": out_gebieden,
            "doelen": self._doelen(loc, doelen, wkey, dict(zip(codes, wijken["naam"]))),
            "per_jaar": self._per_jaar(loc, vraag),
            "locaties": self._locaties(loc, wkey),
        }
        if out_buurten:
            result["buurten"] = out_buurten
        return result

    @staticmethod
    def _doelen(loc: pd.DataFrame, doelen: pd.DataFrame, wkey: List[str], wijknamen: Dict[str, str]) -> List[Dict[str, Any]]:
        out = []
        proj = loc["laag"].to_numpy() == "projecten"
        wk = np.array(wkey, dtype=object)
        opl = pd.to_numeric(loc["oplever_jaar"], errors="coerce").to_numpy(dtype=float)
        cat = loc["categorie"].to_numpy()
        sets = {"gerealiseerd": cat == "gerealiseerd"}
        sets["hard"] = sets["gerealiseerd"] | (cat == "hard")
        sets["gepland"] = sets["hard"] | (cat == "zacht")
        tot = loc["won_totaal"].to_numpy(dtype=float)
        for d in doelen.itertuples(index=False):
            ind = d.indicator
            m = proj.copy()
            if d.niveau == "wijk":
                m &= wk == d.wijk_code
            if d.peiljaar is not None and not pd.isna(d.peiljaar):
                with np.errstate(invalid="ignore"):
                    m &= opl <= float(d.peiljaar)
            if ind not in loc.columns:
                vals: Dict[str, Optional[float]] = {c: None for c in ("gerealiseerd", "hard", "gepland")}
            else:
                v = loc[ind].to_numpy(dtype=float)
                vals = {k: float(v[m & s].sum()) for k, s in sets.items()}
                if d.eenheid == "aandeel":
                    dens = {k: float(tot[m & s].sum()) for k, s in sets.items()}
                    vals = {k: (vals[k] / dens[k] if dens[k] else None) for k in vals}
            streef = float(d.streefwaarde)
            gepland = vals["gepland"]
            if gepland is None:
                gap = dekking = gehaald = None
            elif d.soort == "maximum":
                gap, gehaald = max(gepland - streef, 0.0), gepland <= streef
                dekking = gepland / streef if streef else None
            else:
                gap, gehaald = max(streef - gepland, 0.0), gepland >= streef
                dekking = gepland / streef if streef else None
            out.append({
                "fid": int(d.fid), "niveau": d.niveau, "wijk_code": d.wijk_code,
                "wijk_naam": wijknamen.get(d.wijk_code) if d.wijk_code else None,
                "opgave_code": d.opgave_code, "indicator": ind, "soort": d.soort, "eenheid": d.eenheid,
                "streefwaarde": _clean(streef), "peiljaar": _clean(d.peiljaar), "bron": d.bron, "omschrijving": d.omschrijving,
                **{k: _clean(v) for k, v in vals.items()},
                "gap": _clean(gap), "dekking": _clean(dekking), "gehaald": gehaald,
            })
        return out

    def _per_jaar(self, loc: pd.DataFrame, vraag: pd.DataFrame) -> List[Dict[str, Any]]:
        proj = loc["laag"].to_numpy() == "projecten"
        years = pd.to_numeric(loc["oplever_jaar"], errors="coerce").to_numpy(dtype=float)
        ok = proj & ~np.isnan(years)
        cat = loc["categorie"].to_numpy()[ok]
        yrs = years[ok].astype(int)
        won = loc["won_totaal"].to_numpy(dtype=float)[ok]
        vr = dict(zip(vraag["jaar"].astype(int).tolist(), vraag["aantal"].astype(int).tolist()))
        all_years = set(vr) | set(yrs.tolist())
        if not all_years:
            return []
        y0, y1 = min(all_years), max(all_years)
        sums = {c: np.bincount(yrs[cat == c] - y0, weights=won[cat == c], minlength=y1 - y0 + 1)
                for c in ("gerealiseerd", "hard", "zacht")}
        out = []
        cum_aanbod = cum_vraag = 0.0
        for i, y in enumerate(range(y0, y1 + 1)):
            g, h, z = (float(sums[c][i]) for c in ("gerealiseerd", "hard", "zacht"))
            v = vr.get(y)
            cum_aanbod += g + h + z
            cum_vraag += v or 0
            ratio = cum_aanbod / cum_vraag if cum_vraag else None
            out.append({
                "jaar": y, "gerealiseerd": _num(g), "hard": _num(h), "zacht": _num(z), "vraag": v,
                "cumulatief_aanbod": _num(cum_aanbod), "cumulatief_vraag": _num(cum_vraag),
                "planoverschot": _clean(ratio), "norm": self.norm,
                "boven_norm": None if ratio is None else bool(ratio >= self.norm),
            })
        return out

    @staticmethod
    def _locaties(loc: pd.DataFrame, wkey: List[str]) -> List[Dict[str, Any]]:
        cols = ["laag", "fid", "naam", "status", "planstatus", "soort", "categorie", "start_jaar", "oplever_jaar", *PROGRAMME_FIELDS]
        data = {c: loc[c].tolist() for c in cols}
        data["buurt_code"] = loc["buurt_code"].tolist()
        gebieden = loc["gebieden"].tolist()
        opgaven = loc["opgaven"].tolist()
        out = []
        for i in range(len(loc)):
            e = {c: _clean(data[c][i]) for c in cols}
            e["wijk_code"] = None if wkey[i] == BUITEN else wkey[i]
            e["buurt_code"] = data["buurt_code"][i]
            e["gebieden"] = list(gebieden[i])
            e["opgaven"] = list(opgaven[i])
            out.append(e)
        return out


def rollup(store: Store, norm: float = SURPLUS_NORM) -> Dict[str, Any]:
    """Full roll-up of a store as the JSON object of DESIGN.md §5."""
    return RollupEngine(store, norm).compute()


__all__ = ["rollup", "RollupEngine", "FIGURES", "BUITEN", "SCHEMA_VERSION", "figure_base"]
