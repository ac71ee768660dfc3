"""The sample is faithful to the CBS figures, complete, valid and deterministic."""

from __future__ import annotations

import csv
import hashlib

import pytest

from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.model import blokken
from almelo_atlas_plugin.core.model.schema import DOMAINS
from almelo_atlas_plugin.core.store.open import open_store
from almelo_atlas_plugin.core.store.validation import validate
from almelo_atlas_plugin.sample import LOCATIES, build_sample
from tests.conftest import SHARED_DATA


def _feiten(store) -> dict:
    """The CBS wijk figures (2022) the store carries: wijk_code → {variabele: waarde}."""
    df = store.read_frame("SELECT gebied_code, variabele, waarde FROM kerncijfers WHERE niveau = 'wijk' AND jaar = 2022")
    out: dict = {}
    for code, var, v in zip(df.gebied_code, df.variabele, df.waarde):
        out.setdefault(code, {})[var] = v
    return out


def test_shipped_geography_is_the_public_file_and_carries_its_figures():
    """The plugin's CBS resource is ../shared's almelo.gpkg unchanged, and the wijk figures the reader gives are the
    data README's wijk_feiten.csv (where ../shared is present)."""
    from almelo_atlas_plugin.core.sources import geografie
    from almelo_atlas_plugin.core.sources.bronnen import sha256_of

    src = SHARED_DATA / "almelo.gpkg"
    if not src.exists():
        pytest.skip("../shared ontbreekt")
    assert sha256_of(geografie.pad()) == sha256_of(src)
    kern = {(r["gebied_code"], r["variabele"]): r["waarde"] for r in geografie.almelo().andere["kerncijfers"]
            if r["niveau"] == "wijk" and r["jaar"] == 2022}
    with open(SHARED_DATA / "wijk_feiten.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for ours, theirs in (("woningvoorraad", "woningvoorraad"), ("percentage_koopwoningen", "pct_koopwoningen"),
                                 ("percentage_eengezinswoning", "pct_eengezinswoning"), ("oppervlakte_land_ha", "oppervlakte_land_ha")):
                assert kern[(row["wijk_code"], ours)] == float(row[theirs]), (row["wijk_code"], ours)


def test_sample_totals_match_the_cbs_figures(sample_master):
    store = open_store(sample_master)
    feiten = _feiten(store)
    wv = store.read_frame("SELECT wijk_code, eigendom, woningtype FROM woningvoorraad")
    assert len(wv) == sum(f["woningvoorraad"] for f in feiten.values()) == 33917
    for code, grp in wv.groupby("wijk_code"):
        f = feiten[code]
        n = len(grp)
        assert n == f["woningvoorraad"], code
        assert round((grp.eigendom == "koop").mean() * 100) == pytest.approx(f["percentage_koopwoningen"], abs=1), code
        assert round((grp.woningtype == "eengezins").mean() * 100) == pytest.approx(f["percentage_eengezinswoning"], abs=1), code
    assert (wv.eigendom == "corporatie").mean() == pytest.approx(0.34, abs=0.002)
    names = store.read_frame("SELECT wijk_code, naam FROM wijken ORDER BY wijk_code")
    assert names.wijk_code.tolist() == [f"WK0141{i}" for i in range(10, 22)]
    assert names.naam.tolist()[:2] == ["Binnenstad", "De Riet"]


def test_sample_lies_on_the_real_geography_and_dwellings_in_their_wijk_and_buurt(sample_master):
    """Wijken and buurten are the CBS polygons; every dwelling lies in its wijk and buurt by the one membership rule,
    spread over the buurten as CBS counts their households."""
    from almelo_atlas_plugin.core.model import geo
    from almelo_atlas_plugin.core.sources import geografie
    from almelo_atlas_plugin.core.store import blobs as gpkg

    store = open_store(sample_master)
    cbs = geografie.almelo()
    fids, polys = store.read_geometries("wijken")
    codes = store.read_frame("SELECT wijk_code FROM wijken ORDER BY fid").wijk_code.tolist()
    real = {r["wijk_code"]: r["geom"] for r in cbs.rijen}
    for code, poly in zip(codes, polys):
        assert poly.symmetric_difference(real[code]).area < 1.0, code
    assert store.read_geometries("gemeente")[1][0].area / 1e4 == pytest.approx(6940.6, rel=0.001)
    _, bpolys = store.read_geometries("buurten")
    bcodes = store.read_frame("SELECT buurt_code FROM buurten ORDER BY fid").buurt_code.tolist()
    assert len(bcodes) == 71
    df = store.read_frame("SELECT wijk_code, buurt_code, geom FROM woningvoorraad")
    x, y = gpkg.point_xy(df.geom)
    assert (geo.assign_points(polys, codes, x, y) == df.wijk_code).all()
    assert (geo.assign_points(bpolys, bcodes, x, y) == df.buurt_code).all()
    hh = {r["gebied_code"]: r["waarde"] for r in cbs.andere["kerncijfers"] if r["variabele"] == "aantal_huishoudens"
          and r["niveau"] == "buurt"}
    per = df.groupby("buurt_code").size()
    assert "BU01411910" not in per  # the XL Businesspark: no households, no dwellings
    assert per["BU01411000"] > per["BU01411002"]  # Binnenstad Noord (1.335 households) over Ulk (565)
    assert set(per.index) == {b for b, n in hh.items() if n}
    for t in ("energielabels", "leefbaarheid"):
        assert store.read_frame(f"SELECT count(*) AS n FROM {t} WHERE buurt_code IS NULL AND wijk_code IS NOT NULL").n[0] == 0, t


def test_sample_layers_and_agenda_names(sample_master):
    store = open_store(sample_master)
    counts = {t: store.read_frame(f"SELECT count(*) AS n FROM {t}").n[0] for t in (
        "energielabels", "leefbaarheid", "gebieden", "projecten", "potloodplannen", "locatie_opgaven",
        "grondbezit_gemeente", "bedrijventerreinen", "groenblauwe_structuur", "bestemmingsplannen", "winkelleegstand")}
    assert 0.75 * 33917 < counts["energielabels"] < 0.9 * 33917
    assert counts["bedrijventerreinen"] == 11  # §4.4: "Almelo heeft 11 bedrijventerreinen"
    assert all(v > 0 for v in counts.values()), counts
    names = set(store.read_frame("SELECT naam FROM projecten UNION SELECT naam FROM potloodplannen").naam)
    for must in ("Transformatie voormalig Stadhuis", "Ontwikkeling Stadskade", "Herstructurering flats Thorbeckelaan",
                 "Sociale woningen Parallelweg (Beter Wonen)", "Woningbouw naast Het Meulenbelt", "Zonneveld Aadijk #1",
                 "Zonneveld Aadijk #2", "Zonneveld Leemslagen", "Kantoorgebouw De Waaierd", "Herbestemming oude rechtbank",
                 "Herbestemming huize Alexandra en basisschool De Zegge"):
        assert must in names
    gebieden = set(store.read_frame("SELECT naam FROM gebieden").naam)
    assert {"Binnenstad", "Spoorzone", "Stationsgebied-west", "Achter de Molen", "Westerdok", "Noordflank",
            "Businesspark XL 2e fase", "Nieuwstraatkwartier", "Ossenkoppelerhoek", "Kerkelanden"} <= gebieden
    aadijk = store.read_frame("SELECT status, ha_zon FROM projecten WHERE naam = 'Zonneveld Aadijk #1'").iloc[0]
    assert aadijk.status == "opgeleverd" and aadijk.ha_zon == 37
    meulenbelt = store.read_frame("SELECT won_totaal FROM projecten WHERE naam = 'Woningbouw naast Het Meulenbelt'").won_totaal[0]
    assert meulenbelt == 135
    # leefbaarheid lower in the priority wijken
    lb = store.read_frame("SELECT w.prioriteit, avg(l.score) AS s FROM leefbaarheid l JOIN wijken w USING (wijk_code) GROUP BY w.prioriteit")
    s = dict(zip(lb.prioriteit, lb.s))
    assert s["prioritair"] < s["aandacht"] < s["regulier"]


def test_sample_roughly_meets_2030_but_not_every_wijk_goal(sample_master):
    result = rollup(open_store(sample_master)).to_json()
    stad2030 = next(d for d in result["doelen"] if d["niveau"] == "stad" and d["peiljaar"] == 2030 and d["indicator"] == "won_netto")
    assert 1.0 <= stad2030["dekking"] <= 1.2
    wijk_goals = [d for d in result["doelen"] if d["niveau"] == "wijk"]
    assert any(d["gehaald"] for d in wijk_goals) and not all(d["gehaald"] for d in wijk_goals)
    assert result["stad"]["won_hard"] > 0 and result["stad"]["won_zacht"] > 0 and result["stad"]["won_potentieel"] > 0
    assert set(result["stad"]["opgaven"]) == {"3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"}


def test_sample_keeps_plan_capacity_as_the_registers_do(sample_master):
    """Schema 5: phased projects, blocks delivered in projects still in uitvoering, demolition of corporation homes in
    the herstructurering areas, status 1A–4B agreeing with planstatus, realisatiekans on a few plans, potloodplannen
    confidential (a few to provincie or regio), blocks with woningtype, eigenaar, doelgroep and price."""
    store = open_store(sample_master)
    blocks = store.read_frame("SELECT b.*, p.naam, p.status, p.plantype, p.opdrachtgever_type, p.toelichting FROM woningblokken b"
                              " JOIN projecten p ON b.laag = 'projecten' AND p.fid = b.locatie_fid")
    years = blocks[blocks.soort == "bouw"].groupby("naam").jaar.nunique()
    assert (years >= 3).sum() >= 4 and years["Veenelanden-Oost"] == 3
    uitvoering = blocks[(blocks.status == "uitvoering") & (blocks.soort == "bouw")].groupby("naam").gerealiseerd.agg(["min", "max"])
    assert ((uitvoering["min"] == 0) & (uitvoering["max"] == 1)).any()  # partly delivered
    sloop = blocks[blocks.soort == "sloop"]
    assert sloop.aantal.sum() > 200 and set(sloop.eigenaar) == {"corporatie"} and set(sloop.segment) == {"sociale_huur"}
    assert {"Herstructurering flats Thorbeckelaan", "Wijkvernieuwing Kerkelanden fase 1",
            "Herstructurering Ossenkoppelerhoek Midden-Zuid"} <= set(sloop.naam)
    assert set(sloop.plantype) == {"herstructurering"} and set(sloop.opdrachtgever_type) == {"corporatie"}
    assert all("synthetisch" in t for t in sloop.toelichting)
    bouw = blocks[blocks.soort == "bouw"]
    assert {"eengezins", "meergezins", "onbekend"} <= set(bouw.woningtype) and "ouderen_nultreden" in set(bouw.doelgroep)
    assert set(bouw.eigenaar) == {"corporatie", "particulier"} and (bouw[bouw.segment == "sociale_huur"].eigenaar == "corporatie").all()
    assert bouw.prijs.notna().mean() > 0.5 and (bouw[bouw.segment == "koop"].prijs.dropna() >= 200_000).all()
    locs = store.read_frame("SELECT 'projecten' AS laag, status_planologisch, planstatus, realisatiekans, vertrouwelijkheid FROM projecten"
                            " UNION ALL SELECT 'potloodplannen', status_planologisch, NULL, realisatiekans, vertrouwelijkheid FROM potloodplannen")
    assert set(locs.status_planologisch) == set(DOMAINS["status_planologisch"])
    proj = locs[locs.laag == "projecten"]
    assert all(blokken.planstatus_of(s, p) == p for s, p in zip(proj.status_planologisch, proj.planstatus))
    assert 3 <= locs.realisatiekans.notna().sum() <= len(locs) / 4
    pot = locs[locs.laag == "potloodplannen"].vertrouwelijkheid.value_counts()
    assert pot["gemeente"] > pot.sum() / 2 and pot["provincie"] >= 1 and pot["regio"] >= 1
    assert set(proj.vertrouwelijkheid) == {"openbaar"}


def test_sample_sums_are_its_blocks(sample_master):
    """The locations went in with zero sums and got them from their blocks (the database keeps them): bouw, sloop, netto."""
    store = open_store(sample_master)
    for laag in ("projecten", "potloodplannen"):
        df = store.read_frame(
            f"SELECT l.won_totaal, l.won_sloop, l.won_netto, coalesce(sum(CASE WHEN b.soort = 'bouw' THEN b.aantal END), 0) AS bouw,"
            f" coalesce(sum(CASE WHEN b.soort = 'sloop' THEN b.aantal END), 0) AS sloop FROM {laag} l"
            f" LEFT JOIN woningblokken b ON b.laag = '{laag}' AND b.locatie_fid = l.fid GROUP BY l.fid")
        assert (df.won_totaal == df.bouw).all() and (df.won_sloop == df.sloop).all() and (df.won_netto == df.bouw - df.sloop).all()
    assert store.read_frame("SELECT sum(won_sloop) AS s FROM projecten").s[0] > 0
    goals = store.read_frame("SELECT DISTINCT indicator FROM doelen WHERE niveau = 'wijk' AND omschrijving LIKE '%erbij%'")
    assert goals.indicator.tolist() == ["won_netto"]  # "woningen erbij" count netto, as the Woonvisie means them


def test_sample_validates_clean(sample_master):
    assert validate(open_store(sample_master)) == []


def _content_hash(path) -> str:
    store = open_store(path)
    h = hashlib.sha256()
    for t in ("wijken", "woningvoorraad", "energielabels", "leefbaarheid", "projecten", "potloodplannen", "locatie_opgaven", "wijzigingen"):
        df = store.read_frame(f"SELECT * FROM {t} ORDER BY 1")
        h.update(df.to_csv(index=False).encode())
    return h.hexdigest()


def test_sample_is_deterministic_per_seed(sample_master, tmp_path):
    again = tmp_path / "again.gpkg"
    build_sample(again, seed=141)
    assert _content_hash(again) == _content_hash(sample_master)
    other = tmp_path / "other.gpkg"
    build_sample(other, seed=7, woningen=2000)
    assert _content_hash(other) != _content_hash(sample_master)


def test_sample_scales(tmp_path):
    path = tmp_path / "groot.gpkg"
    counts = build_sample(path, seed=3, woningen=50_000, locaties=len(LOCATIES) + 200)
    assert counts["woningvoorraad"] == 50_000
    assert counts["projecten"] + counts["potloodplannen"] == len(LOCATIES) + 200
    assert counts["woningblokken"] > counts["projecten"] + counts["potloodplannen"]  # bulk locations get blocks too
    store = open_store(path)
    per = store.read_frame("SELECT wijk_code, count(*) AS n FROM woningvoorraad GROUP BY wijk_code").set_index("wijk_code").n
    for code, f in _feiten(store).items():
        n = f["woningvoorraad"]
        assert per[code] == pytest.approx(n * 50_000 / 33917, abs=1)


def test_committed_sample_is_current(sample_master):
    """sample_gpkg/almelo_sample.gpkg is what `make sample` builds now."""
    from tests.conftest import ROOT

    committed = ROOT / "sample_gpkg" / "almelo_sample.gpkg"
    assert committed.exists(), "run `make sample` and commit sample_gpkg/almelo_sample.gpkg"
    assert _content_hash(committed) == _content_hash(sample_master)


def test_sample_history_leads_to_exactly_today(sample_store):
    """#20: the sample's state at 1-1-2021 differs from today's; its dated edits (sample.HISTORIE, one of every kind at
    least) lead to exactly today's state; every history row is dated at 1-1-2021 or at its edit, forward in time."""
    from almelo_atlas_plugin.core import atlas
    from almelo_atlas_plugin.core.figures.history import at
    from almelo_atlas_plugin.core.figures.mutaties import BUCKETS, identity_holds
    from almelo_atlas_plugin.sample import HISTORIE, HISTORIE_EIND, SAMPLE_TIME

    def figures(store) -> dict:
        return {k: v for k, v in rollup(store).to_json().items() if k != "peildatum"}

    now = figures(sample_store)
    with at(sample_store, HISTORIE_EIND) as past:
        assert figures(past) == now
    with at(sample_store, "2021-01-01") as past:
        assert figures(past) != now
    report = atlas.mutaties(sample_store, "2021-01-01", None)
    got = {(w.bucket, w.naam) for w in report.locaties}
    assert got == {(soort, naam) for _, soort, _, naam, _ in HISTORIE}
    assert {b for b, _ in got} == set(BUCKETS) and identity_holds(report.stad)
    assert all(identity_holds(a) for _, _, a in report.wijken)
    rows = sample_store.read_frame("SELECT laag, fid, tijd FROM wijzigingen ORDER BY wijziging_id")
    assert set(rows.tijd) == {SAMPLE_TIME} | {m for m, *_ in HISTORIE}
    assert all(g.tijd.is_monotonic_increasing for _, g in rows.groupby(["laag", "fid"]))
    assert "2021-01-01" < min(m for m, *_ in HISTORIE) and max(m for m, *_ in HISTORIE) < "2027"
