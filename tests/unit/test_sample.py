"""The sample is faithful to the CBS figures, complete, valid and deterministic."""

from __future__ import annotations

import csv
import hashlib

import pytest

from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.model import catalogue
from almelo_atlas_plugin.core.store.open import open_store
from almelo_atlas_plugin.core.store.validation import validate
from almelo_atlas_plugin.sample import LOCATIES, build_sample
from tests.conftest import SHARED_DATA


def test_carried_wijk_figures_equal_the_public_file():
    """The project's own copy of the CBS figures matches ../shared (where it is present)."""
    src = SHARED_DATA / "wijk_feiten.csv"
    if not src.exists():
        pytest.skip("../shared ontbreekt")
    with open(src, encoding="utf-8") as fh:
        shared = list(csv.DictReader(fh))
    ours = catalogue.wijk_feiten()
    assert [r["wijk_code"] for r in shared] == [r["wijk_code"] for r in ours]
    for a, b in zip(shared, ours):
        for k, v in a.items():
            assert str(b[k]) == v, (a["wijk_code"], k)


def test_sample_totals_match_wijk_feiten(sample_master):
    store = open_store(sample_master)
    feiten = {f["wijk_code"]: f for f in catalogue.wijk_feiten()}
    wv = store.read_frame("SELECT wijk_code, eigendom, woningtype FROM woningvoorraad")
    assert len(wv) == 33917
    for code, grp in wv.groupby("wijk_code"):
        f = feiten[code]
        n = len(grp)
        assert n == f["woningvoorraad"], code
        assert round((grp.eigendom == "koop").mean() * 100) == pytest.approx(f["pct_koopwoningen"], abs=1), code
        assert round((grp.woningtype == "eengezins").mean() * 100) == pytest.approx(f["pct_eengezinswoning"], abs=1), code
    assert (wv.eigendom == "corporatie").mean() == pytest.approx(0.34, abs=0.002)
    names = store.read_frame("SELECT wijk_code, naam FROM wijken ORDER BY wijk_code")
    assert names.wijk_code.tolist() == [f"WK0141{i}" for i in range(10, 22)]
    assert dict(zip(names.wijk_code, names.naam)) == {k: v["naam"] for k, v in feiten.items()}


def test_dwellings_lie_in_their_wijk_and_wijken_are_sized_by_cbs_area(sample_master):
    from almelo_atlas_plugin.core.model import geo
    from almelo_atlas_plugin.core.store import blobs as gpkg

    store = open_store(sample_master)
    fids, polys = store.read_geometries("wijken")
    codes = store.read_frame("SELECT wijk_code FROM wijken ORDER BY fid").wijk_code.tolist()
    feiten = {f["wijk_code"]: f for f in catalogue.wijk_feiten()}
    total_land = sum(f["oppervlakte_land_ha"] for f in feiten.values())
    gemeente_ha = store.read_geometries("gemeente")[1][0].area / 1e4
    assert gemeente_ha == pytest.approx(6940.6, rel=0.01)
    for code, poly in zip(codes, polys):
        share = poly.area / 1e4 / gemeente_ha
        assert share == pytest.approx(feiten[code]["oppervlakte_land_ha"] / total_land, rel=0.03), code
    df = store.read_frame("SELECT wijk_code, geom FROM woningvoorraad")
    x, y = gpkg.point_xy(df.geom)
    assert (geo.assign_points(polys, codes, x, y) == df.wijk_code).all()


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
    store = open_store(path)
    per = store.read_frame("SELECT wijk_code, count(*) AS n FROM woningvoorraad GROUP BY wijk_code").set_index("wijk_code").n
    feiten = {f["wijk_code"]: f["woningvoorraad"] for f in catalogue.wijk_feiten()}
    for code, n in feiten.items():
        assert per[code] == pytest.approx(n * 50_000 / 33917, abs=1)


def test_committed_sample_is_current(sample_master):
    """sample_gpkg/almelo_sample.gpkg is what `make sample` builds now."""
    from tests.conftest import ROOT

    committed = ROOT / "sample_gpkg" / "almelo_sample.gpkg"
    assert committed.exists(), "run `make sample` and commit sample_gpkg/almelo_sample.gpkg"
    assert _content_hash(committed) == _content_hash(sample_master)
