"""Roll-up: locatie → (buurt) → wijk → stad, held against the goals (DESIGN.md §4).

Base layers are summarised with SQL group-bys on the stored `wijk_code` (cached);
locations are few, so they are read whole and aggregated with pandas. Spatial work
is done only for locations whose geometry changed since the last run.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from ..model import geo
from ..model.schema import BLOCK_SUM_FIELDS, LOCATION_LAYERS, PROGRAMME_FIELDS
from ..model.values import NORM_RANGE, SURPLUS_NORM, bounded_float
from ..store.base import Store
from .result import (
    BUITEN,
    CATEGORIES,
    FIGURES,
    Buurt,
    Doel,
    Figures,
    Gebied,
    Locatie,
    PerJaar,
    Profiel,
    Rollup,
    Stad,
    Wijk,
    figure_base,
    json_number,
    per_year_rows,
)

LABELS_EFG = ("E", "F", "G")
LABELS_AB = ("A++++", "A+++", "A++", "A+", "A", "B")




class RollupEngine:
    """Computes the roll-up of a store; keeps caches so that a refresh after one edit is cheap."""

    def __init__(self, store: Store, norm: float = SURPLUS_NORM):
        self.store = store
        self.norm = bounded_float(norm, NORM_RANGE, "norm planoverschot")
        self._profile_key: Optional[Tuple] = None
        self._profile: Optional[Dict[str, Dict[str, Any]]] = None
        self._polys: Dict[str, Tuple[List[str], List[Any]]] = {}
        self._poly_key: Dict[str, Tuple] = {}
        self._loc_df: Optional[pd.DataFrame] = None
        self._loc_top: Optional[int] = None
        self._loc_poly_key: Optional[Tuple] = None
        self._loc_json: Dict[Tuple[str, int], Locatie] = {}  # the result entries of unchanged locations

    # --- inputs -----------------------------------------------------------------------------
    def _fingerprint(self, con, table: str) -> Tuple:
        """Cheap change marker of a table: GDAL's feature count and the highest fid (no table scan).

        An in-place attribute edit of a base layer is not seen (a new RollupEngine sees it)."""
        if table not in self._tables:
            return (0, 0)
        cnt = None
        if "gpkg_ogr_contents" in self._tables:
            row = con.execute(f"SELECT feature_count FROM gpkg_ogr_contents WHERE lower(table_name) = lower({self.store.param})",
                              (table,)).fetchone()
            cnt = row[0] if row else None
        top = con.execute(f'SELECT max(fid) FROM "{table}"').fetchone()[0]
        return (cnt, top)

    def _polygons(self, con, table: str, key_col: str) -> Tuple[List[str], List[Any]]:
        if table not in self._tables:
            return [], []
        key = self._poly_fingerprint(con, table)
        if self._poly_key.get(table) != key:
            self._polys[table] = self.store.read_geometries(table, key=key_col, con=con)
            self._poly_key[table] = key
        return self._polys[table]

    def profile(self, con) -> Dict[str, Dict[str, Any]]:
        """Wijk profile from the base layers (cached until a base layer changes)."""
        key = tuple(self._fingerprint(con, t) for t in ("woningvoorraad", "energielabels", "leefbaarheid", "wijken"))
        if self._profile is not None and key == self._profile_key:
            return self._profile
        prof: Dict[str, Dict[str, Any]] = {}

        def add(code, **kv):
            d = prof.setdefault(code if code is not None else BUITEN, {})
            for k, v in kv.items():
                d[k] = d.get(k, 0) + v

        # grouped counts over covering indexes (wijk_code, …): no scan of the tables themselves
        if "woningvoorraad" in self._tables:
            for code, eig, typ, n in con.execute(
                    "SELECT wijk_code, eigendom, woningtype, count(*) FROM woningvoorraad GROUP BY 1, 2, 3"):
                add(code, woningen=n, _corp=n if eig == "corporatie" else 0, _eg=n if typ == "eengezins" else 0,
                    _n_type=n if typ is not None else 0, _n_eig=n if eig is not None else 0)
        if "energielabels" in self._tables:
            for code, label, n in con.execute("SELECT wijk_code, label, count(*) FROM energielabels GROUP BY 1, 2"):
                add(code, _n_lab=n, _efg=n if label in LABELS_EFG else 0, _ab=n if label in LABELS_AB else 0)
        if "leefbaarheid" in self._tables:
            for code, score, n in con.execute(
                    "SELECT wijk_code, score, count(*) FROM leefbaarheid WHERE score IS NOT NULL GROUP BY 1, 2"):
                add(code, _n_cel=n, _score=n * (score if isinstance(score, (int, float)) else 0))
        self._profile = prof
        self._profile_key = key
        return prof

    @staticmethod
    def _finish_profile(parts: Sequence[Dict[str, Any]]) -> Profiel:
        s: Dict[str, float] = {}
        for p in parts:
            for k, v in p.items():
                s[k] = s.get(k, 0) + (v or 0)

        def share(num, den):
            return round(s.get(num, 0) / s[den], 6) if s.get(den) else None

        return Profiel(woningen=int(s.get("woningen", 0)), aandeel_corporatie=share("_corp", "_n_eig"),
                       aandeel_eengezins=share("_eg", "_n_type"), aandeel_label_efg=share("_efg", "_n_lab"),
                       aandeel_label_ab=share("_ab", "_n_lab"), leefbaarheid_gem=share("_score", "_n_cel"),
                       energielabels=int(s.get("_n_lab", 0)), leefbaarheid_cellen=int(s.get("_n_cel", 0)))

    LOC_COLUMNS = ["laag", "fid", "naam", "status", "planstatus", "soort", "start_jaar", "oplever_jaar", *PROGRAMME_FIELDS,
                   *BLOCK_SUM_FIELDS,
                   "wijk_code", "buurt_code", "gebieden", "opgaven", "categorie"]

    def _read_locations(self, con, keys: Optional[Dict[str, List[int]]] = None) -> pd.DataFrame:
        """Locations (all, or only `keys` per layer) with their spatial membership and tags."""
        membership = self.store.membership_sql(sorted(self._tables))  # the backend computes the overlaps, or we do
        in_sql = membership is not None
        if not in_sql:
            wk_codes, wk_geoms = self._polygons(con, "wijken", "wijk_code")
            gb_names, gb_geoms = self._polygons(con, "gebieden", "naam")
            bu_codes, bu_geoms = self._polygons(con, "buurten", "buurt_code")
            tail = f"wijk_code, {self.store.geometry_sql()}"
        else:
            tail = membership
        fields = ", ".join(PROGRAMME_FIELDS + BLOCK_SUM_FIELDS)
        records: List[tuple] = []
        geoms: List[Any] = []
        spatial: List[tuple] = []
        for laag in LOCATION_LAYERS:
            if laag not in self._tables or (keys is not None and not keys.get(laag)):
                continue
            extra = ("status, planstatus, NULL AS soort, start_jaar, oplever_jaar" if laag == "projecten"
                     else "NULL AS status, NULL AS planstatus, soort, NULL AS start_jaar, NULL AS oplever_jaar")
            sql = f'SELECT l.fid, naam, {extra}, {fields}, {tail} FROM "{laag}" l'
            if keys is None:
                rows = con.execute(sql + " ORDER BY l.fid").fetchall()
            else:
                ids = sorted(keys[laag])
                rows = []
                for k in range(0, len(ids), 500):
                    chunk = ids[k:k + 500]
                    rows += con.execute(sql + f" WHERE l.fid IN ({','.join([self.store.param] * len(chunk))})", chunk).fetchall()
            for r in rows:
                if in_sql:
                    records.append((laag, *r[:-2]))
                    spatial.append((r[-2], tuple(r[-1] or ())))
                else:
                    records.append((laag, *r[:-1]))
                    g = None if r[-1] is None else geo.from_wkb(bytes(r[-1]))
                    geoms.append(None if g is None or g.is_empty else g)
        cols = ["laag", "fid", "naam", "status", "planstatus", "soort", "start_jaar", "oplever_jaar", *PROGRAMME_FIELDS,
                *BLOCK_SUM_FIELDS, "wijk_code"]
        df = pd.DataFrame.from_records(records, columns=cols)
        if not len(df):
            return pd.DataFrame(columns=self.LOC_COLUMNS)
        if in_sql:
            df["buurt_code"] = [b for b, _ in spatial]
            df["gebieden"] = [g for _, g in spatial]
        else:
            # the stored wijk_code is authoritative once set; a NULL one (new or moved location) is computed here
            stored = df["wijk_code"].tolist()
            todo = [i for i, w in enumerate(stored) if w is None]
            if todo:
                for i, w in zip(todo, geo.assign_largest([geoms[i] for i in todo], wk_geoms, wk_codes)):
                    stored[i] = w
            df["wijk_code"] = stored
            df["buurt_code"] = geo.assign_largest(geoms, bu_geoms, bu_codes) if bu_codes else None
            member: List[List[str]] = [[] for _ in geoms]
            for i, j, share in geo.overlap_pairs(geoms, gb_geoms):
                if share >= geo.GEBIED_MIN_SHARE:
                    member[i].append(j)
            df["gebieden"] = [tuple(gb_names[j] for j in sorted(m)) for m in member]
        for f in PROGRAMME_FIELDS + BLOCK_SUM_FIELDS:
            df[f] = pd.to_numeric(df[f], errors="coerce").fillna(0.0)
        tags: Dict[Tuple[str, int], List[str]] = {}
        if "locatie_opgaven" in self._tables:
            if keys is None:
                rows = con.execute("SELECT laag, locatie_fid, opgave_code FROM locatie_opgaven ORDER BY fid").fetchall()
            else:
                rows = []
                for laag, ids in keys.items():
                    for k in range(0, len(ids), 500):
                        chunk = ids[k:k + 500]
                        p = self.store.param
                        rows += con.execute(f"SELECT laag, locatie_fid, opgave_code FROM locatie_opgaven WHERE laag = {p} AND locatie_fid IN "
                                            f"({','.join([p] * len(chunk))})", [laag, *chunk]).fetchall()
            for laag, fid, code in rows:
                tags.setdefault((laag, fid), []).append(code)
        df["opgaven"] = [tuple(sorted(set(tags.get((lg, f), ())))) for lg, f in zip(df["laag"].tolist(), df["fid"].tolist())]
        lg = df["laag"].to_numpy()
        st = df["status"].to_numpy()
        ps = df["planstatus"].to_numpy()
        df["categorie"] = np.where(lg == "potloodplannen", "potentieel",
                                   np.where(st == "opgeleverd", "gerealiseerd", np.where(ps == "hard", "hard", "zacht")))
        return df[self.LOC_COLUMNS]

    def _changed_locations(self, con, since: int) -> Dict[str, List[int]]:
        """Locations touched since history row `since`: edits and tag changes (from `wijzigingen`)."""
        out: Dict[str, set] = {lg: set() for lg in LOCATION_LAYERS}
        j = self.store.json_text
        rows = con.execute(
            f"SELECT laag, fid, {j('COALESCE(nieuw, oud)', 'laag')}, {j('COALESCE(nieuw, oud)', 'locatie_fid')}"
            f" FROM wijzigingen WHERE wijziging_id > {self.store.param}", (since,)).fetchall()
        for laag, fid, tag_laag, tag_fid in rows:
            if laag in out and fid is not None:
                out[laag].add(int(fid))
            elif laag == "locatie_opgaven" and tag_laag in out and tag_fid is not None:
                out[tag_laag].add(int(tag_fid))
        return {k: sorted(v) for k, v in out.items()}

    def locations(self, con) -> pd.DataFrame:
        """One row per location; after the first call only the locations changed since (per the history) are re-read."""
        top = con.execute("SELECT max(wijziging_id) FROM wijzigingen").fetchone()[0] if "wijzigingen" in self._tables else None
        poly_key = tuple(self._poly_fingerprint(con, t) for t in ("wijken", "gebieden", "buurten"))
        cached = getattr(self, "_loc_df", None)
        if cached is None or top is None or self._loc_top is None or top < self._loc_top or poly_key != self._loc_poly_key:
            df = self._read_locations(con)
            self._loc_json = {}
        elif top > self._loc_top:
            keys = self._changed_locations(con, self._loc_top)
            for laag, ids in keys.items():
                for f in ids:
                    self._loc_json.pop((laag, f), None)
            fresh = self._read_locations(con, keys)
            gone = np.zeros(len(cached), dtype=bool)
            lg = cached["laag"].to_numpy()
            fids = cached["fid"].to_numpy()
            for laag, ids in keys.items():
                if ids:
                    gone |= (lg == laag) & np.isin(fids, ids)
            df = pd.concat([cached[~gone], fresh], ignore_index=True) if len(fresh) else cached[~gone].reset_index(drop=True)
            order = np.lexsort((df["fid"].to_numpy(), df["laag"].map(LOCATION_LAYERS.index).to_numpy()))
            df = df.iloc[order].reset_index(drop=True)
        else:
            df = cached
        self._loc_df, self._loc_top, self._loc_poly_key = df, top, poly_key
        return df

    def _poly_fingerprint(self, con, table: str) -> Tuple:
        if table not in self._tables:
            return ()
        return (self._fingerprint(con, table), con.execute(f'SELECT {self.store.geom_size()} FROM "{table}"').fetchone()[0])

    def compute(self) -> Rollup:
        with self.store.reading() as con:
            self._tables = set(self.store.table_names(con))
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
        for f in PROGRAMME_FIELDS + BLOCK_SUM_FIELDS:
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
        """Row sums of `mat` per key, in `order` (keys not in order are ignored): a bincount per column."""
        if not len(keys) or not len(order):
            return np.zeros((len(order), mat.shape[1]))
        idx = {k: i for i, k in enumerate(order)}
        codes = np.fromiter((idx.get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
        ok = codes >= 0
        c = codes[ok]
        m = mat[ok]
        return np.column_stack([np.bincount(c, weights=m[:, j], minlength=len(order)) for j in range(mat.shape[1])])

    def _assemble(self, loc, prof, wijken, gebieden, buurten, doelen, vraag, version) -> Rollup:
        fm = self.figure_matrix(loc)
        codes = wijken["wijk_code"].tolist()
        known = set(codes)
        wkey = [w if w in known else BUITEN for w in loc["wijk_code"].tolist()]
        order_w = codes + [BUITEN]
        per_wijk = self._group(wkey, order_w, fm)
        # tags: a location counts once in every opgave it is tagged with
        pairs = [(i, c) for i, tags in enumerate(loc["opgaven"].tolist()) for c in tags]
        tag_rows = np.array([i for i, _ in pairs], dtype=np.int64)
        tag_codes = [c for _, c in pairs]
        opg_order = sorted(set(tag_codes))
        ft = fm[tag_rows] if len(pairs) else np.zeros((0, fm.shape[1]))
        opg_stad = self._group(tag_codes, opg_order, ft)
        wk_opg_keys = [(wkey[i], c) for i, c in pairs]
        wk_opg_order = sorted(set(wk_opg_keys))
        wk_opg = self._group(wk_opg_keys, wk_opg_order, ft)
        wk_opg_map: Dict[str, Dict[str, Figures]] = {}
        for (w, c), row in zip(wk_opg_order, wk_opg):
            wk_opg_map.setdefault(w, {})[c] = Figures.from_row(row)

        stad = Stad(figures=Figures.from_row(fm.sum(axis=0)), profiel=self._finish_profile(list(prof.values())),
                    opgaven={c: Figures.from_row(r) for c, r in zip(opg_order, opg_stad)},
                    buiten_wijken=Figures.from_row(per_wijk[-1]),
                    buiten_profiel=self._finish_profile([prof.get(BUITEN, {})]))  # stad = Σ wijken + buiten, also here

        out_wijken = [Wijk(wijk_code=w.wijk_code, naam=w.naam, prioriteit=w.prioriteit, figures=Figures.from_row(per_wijk[i]),
                           profiel=self._finish_profile([prof.get(w.wijk_code, {})]), opgaven=wk_opg_map.get(w.wijk_code, {}))
                      for i, w in enumerate(wijken.itertuples(index=False))]

        out_gebieden = []
        if len(gebieden):
            gpairs = [(i, g) for i, gs in enumerate(loc["gebieden"].tolist()) for g in gs]
            gnames = gebieden["naam"].tolist()
            grows = np.array([i for i, _ in gpairs], dtype=np.int64)
            fg = fm[grows] if gpairs else np.zeros((0, fm.shape[1]))
            per_g = self._group([g for _, g in gpairs], gnames, fg)
            tags_of = loc["opgaven"].tolist()
            gt_keys, gt_rows = [], []
            for i, g in gpairs:
                for c in tags_of[i]:
                    gt_keys.append((g, c))
                    gt_rows.append(i)
            gt_order = sorted(set(gt_keys))
            per_gt = self._group(gt_keys, gt_order, fm[np.array(gt_rows, dtype=np.int64)] if gt_rows else np.zeros((0, fm.shape[1])))
            gt_map: Dict[str, Dict[str, Figures]] = {}
            for (g, c), row in zip(gt_order, per_gt):
                gt_map.setdefault(g, {})[c] = Figures.from_row(row)
            out_gebieden = [Gebied(naam=g.naam, soort=g.soort, prioriteit=g.prioriteit, figures=Figures.from_row(per_g[i]),
                                   opgaven=gt_map.get(g.naam, {}))
                            for i, g in enumerate(gebieden.itertuples(index=False))]

        out_buurten = []
        if len(buurten):
            bcodes = buurten["buurt_code"].tolist()
            per_b = self._group(loc["buurt_code"].tolist(), bcodes, fm)
            out_buurten = [Buurt(buurt_code=bu.buurt_code, naam=bu.naam, wijk_code=bu.wijk_code, figures=Figures.from_row(per_b[i]))
                           for i, bu in enumerate(buurten.itertuples(index=False))]

        return Rollup(schema_versie=version, peildatum=None, norm=self.norm, stad=stad, wijken=out_wijken, gebieden=out_gebieden,
                      buurten=out_buurten, doelen=self._doelen(loc, doelen, wkey, dict(zip(codes, wijken["naam"]))),
                      per_jaar=self._per_jaar(loc, vraag), locaties=self._locaties(loc, wkey), matrix=fm)

    @staticmethod
    def _doelen(loc: pd.DataFrame, doelen: pd.DataFrame, wkey: List[str], wijknamen: Dict[str, str]) -> List[Doel]:
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
            out.append(Doel(
                fid=int(d.fid), niveau=d.niveau, wijk_code=d.wijk_code,
                wijk_naam=wijknamen.get(d.wijk_code) if d.wijk_code else None,
                opgave_code=d.opgave_code, indicator=ind, soort=d.soort, eenheid=d.eenheid,
                streefwaarde=json_number(streef), peiljaar=json_number(d.peiljaar), bron=d.bron, omschrijving=d.omschrijving,
                **{k: json_number(v) for k, v in vals.items()},
                gap=json_number(gap), dekking=json_number(dekking), gehaald=gehaald,
            ))
        return out

    def _per_jaar(self, loc: pd.DataFrame, vraag: pd.DataFrame) -> List[PerJaar]:
        proj = loc["laag"].to_numpy() == "projecten"
        years = pd.to_numeric(loc["oplever_jaar"], errors="coerce").to_numpy(dtype=float)
        ok = proj & ~np.isnan(years)
        vr = dict(zip(vraag["jaar"].astype(int).tolist(), vraag["aantal"].astype(int).tolist()))
        return per_year_rows(years[ok].astype(int), loc["categorie"].to_numpy()[ok], loc["won_totaal"].to_numpy(dtype=float)[ok],
                             vr, self.norm)

    def _locaties(self, loc: pd.DataFrame, wkey: List[str]) -> List[Locatie]:
        """One entry per location; entries of unchanged locations come from the cache."""
        cols = ["laag", "fid", "naam", "status", "planstatus", "soort", "categorie", "start_jaar", "oplever_jaar"]
        lagen = loc["laag"].tolist()
        fids = loc["fid"].tolist()
        cache = self._loc_json
        todo = [i for i, k in enumerate(zip(lagen, fids)) if k not in cache]
        if todo:
            sub = loc.iloc[todo]
            columns = []
            for c in cols:
                vals = sub[c].tolist()
                if c in ("fid", "start_jaar", "oplever_jaar"):
                    vals = [json_number(v) for v in vals]
                columns.append(vals)
            # programme floats: integral values as int
            programma = [dict(zip(PROGRAMME_FIELDS, row)) for row in
                         zip(*([int(v) if float(v).is_integer() else round(float(v), 6) for v in sub[f].tolist()] for f in PROGRAMME_FIELDS))]
            extra = (programma, [None if wkey[i] == BUITEN else wkey[i] for i in todo], sub["buurt_code"].tolist(),
                     [tuple(g) for g in sub["gebieden"].tolist()], [tuple(o) for o in sub["opgaven"].tolist()])
            names = cols + ["programma", "wijk_code", "buurt_code", "gebieden", "opgaven"]
            for n, row in enumerate(zip(*columns, *extra)):
                i = todo[n]
                cache[(lagen[i], fids[i])] = Locatie(**dict(zip(names, row)))
        return [cache[k] for k in zip(lagen, fids)]


def rollup(store: Store, norm: float = SURPLUS_NORM) -> Rollup:
    """Full roll-up of a store (its JSON, DESIGN.md §5: `rollup(store).to_json()`)."""
    return RollupEngine(store, norm).compute()


__all__ = ["rollup", "RollupEngine"]
