"""A small store computed by hand: every figure of the JSON asserted."""

from __future__ import annotations

import pytest
from shapely.geometry import box

from almelo_atlas_plugin.core.figures.result import BOUWJAARKLASSEN, BUITEN, FIGURES, Selection
from almelo_atlas_plugin.core.figures.rollup import RollupEngine, rollup
from tests.helpers import blob, point, potloodplan, programme_blocks, project, wijk

X0, Y0 = 200000.0, 450000.0


def b(x0, y0, x1, y1):
    return box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


@pytest.fixture
def small(empty_store):
    s = empty_store
    with s.transaction() as con:
        con.execute("DELETE FROM doelen")
        con.execute("DELETE FROM woningvraag")
        wijk(con, "W1", "Eerste", b(0, 0, 1000, 1000), "prioritair")
        wijk(con, "W2", "Tweede", b(1000, 0, 2000, 1000))
        con.execute("INSERT INTO gebieden (naam, soort, prioriteit, geom) VALUES ('G1', 'transformatie', 'hoog', ?)", (blob(b(0, 0, 500, 1000)),))
        f = {}
        none = (0, 0, 0, 0)  # the dwellings are the blocks, as the migration makes them of these segments
        for name, geom, status, ps, won, opl, extra in (
                ("P1", b(100, 100, 200, 200), "voorbereiding", "hard", (10, 5, 0, 20), 2026, {"m2_bedrijf": 100}),
                ("P2", b(1100, 100, 1200, 200), "initiatief", "zacht", (0, 0, 10, 10), 2029, {"ha_zon": 5}),
                ("P3", b(300, 300, 400, 400), "opgeleverd", "hard", (0, 0, 0, 8), 2022, {"start": 2020}),
                ("P4", b(970, 500, 1070, 600), "uitvoering", "hard", (4, 0, 0, 0), 2031, {}),  # 30 % W1, 70 % W2
                ("P5", b(5000, 0, 5100, 100), "initiatief", "zacht", (0, 0, 0, 7), 2027, {})):  # outside every wijk
            f[name] = project(con, name, geom, status, ps, none, opl, **extra)
            programme_blocks(con, "projecten", f[name], won, status, opl)
        f["L1"] = potloodplan(con, "L1", b(700, 700, 800, 800), none)
        programme_blocks(con, "potloodplannen", f["L1"], (0, 0, 0, 50))
        f["L2"] = potloodplan(con, "L2", b(1500, 500, 1600, 600), none, ha_groen=2)
        for name, codes in (("P1", ("3.4", "3.1")), ("P2", ("3.4",)), ("P3", ("3.2",)), ("P5", ("3.4",))):
            for c in codes:
                con.execute("INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES ('projecten', ?, ?)", (f[name], c))
        for c in ("3.4", "3.7"):
            con.execute("INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES ('potloodplannen', ?, ?)", (f["L1"], c))
        for (x, y), eig, typ, wk in (((10, 10), "koop", "eengezins", "W1"), ((20, 20), "corporatie", "meergezins", "W1"),
                                     ((30, 30), "corporatie", "eengezins", "W1"), ((1010, 10), "particuliere_huur", "meergezins", "W2")):
            con.execute("INSERT INTO woningvoorraad (eigendom, woningtype, wijk_code, geom) VALUES (?, ?, ?, ?)",
                        (eig, typ, wk, blob(point(X0 + x, Y0 + y))))
        for lab, wk in (("A", "W1"), ("F", "W1"), ("G", "W1"), ("B", "W2")):
            con.execute("INSERT INTO energielabels (label, wijk_code, geom) VALUES (?, ?, ?)", (lab, wk, blob(point(X0 + 50, Y0 + 50))))
        for score, wk in ((4, "W1"), (6, "W1"), (8, "W2")):
            con.execute("INSERT INTO leefbaarheid (score, jaar, wijk_code) VALUES (?, 2022, ?)", (score, wk))
        doel = "INSERT INTO doelen (niveau, wijk_code, opgave_code, indicator, soort, eenheid, streefwaarde, peiljaar) VALUES (?,?,?,?,?,?,?,?)"
        con.execute(doel, ("stad", None, "3.4", "won_totaal", "minimum", "aantal", 60, 2030))
        con.execute(doel, ("wijk", "W1", "3.4", "won_sociale_huur", "maximum", "aandeel", 0.2, 2030))
        con.execute(doel, ("wijk", "W2", "3.4", "won_totaal", "minimum", "aantal", 30, 2035))
        con.execute("INSERT INTO woningvraag (jaar, aantal) VALUES (2026, 10), (2027, 10)")
    return s


def nonzero(figs):
    return {k: v for k, v in figs.items() if k in FIGURES and v}


def with_blocks(figs: dict) -> dict:
    """Schema-4 figures with what blocks of woningtype onbekend and no sloop add: netto = bouw, woningtype onbekend =
    bouw, verwacht = gepland × 50 % (realisatiekans norm of status onbekend)."""
    out = dict(figs)
    for c in ("hard", "zacht", "gepland", "gerealiseerd", "potentieel"):
        if figs.get(f"won_{c}"):
            out[f"won_netto_{c}"] = out[f"won_woningtype_onbekend_{c}"] = figs[f"won_{c}"]
    if figs.get("won_gepland"):
        out["won_verwacht"] = figs["won_gepland"] * 0.5
    return out


def test_every_figure_by_hand(small):
    r = rollup(small).to_json()
    s = r["stad"]
    assert nonzero(s) == with_blocks({
        "won_hard": 39, "won_zacht": 27, "won_gepland": 66, "won_gerealiseerd": 8, "won_potentieel": 50,
        "won_sociale_huur_hard": 14, "won_sociale_huur_gepland": 14,
        "won_middenhuur_hard": 5, "won_middenhuur_gepland": 5,
        "won_vrije_huur_zacht": 10, "won_vrije_huur_gepland": 10,
        "won_koop_hard": 20, "won_koop_zacht": 17, "won_koop_gepland": 37, "won_koop_gerealiseerd": 8, "won_koop_potentieel": 50,
        "m2_bedrijf_hard": 100, "m2_bedrijf_gepland": 100,
        "ha_zon_zacht": 5, "ha_zon_gepland": 5, "ha_groen_potentieel": 2,
        "n_projecten": 5, "n_potloodplannen": 2,
    })
    assert nonzero(s["buiten_wijken"]) == with_blocks({"won_zacht": 7, "won_gepland": 7, "won_koop_zacht": 7, "won_koop_gepland": 7,
                                                       "n_projecten": 1})
    assert s["profiel"] == {"woningen": 4, "aandeel_corporatie": 0.5, "aandeel_eengezins": 0.5, "aandeel_label_efg": 0.5,
                            "aandeel_label_ab": 0.5, "leefbaarheid_gem": 6.0, "energielabels": 4, "leefbaarheid_cellen": 3,
                            # no bouwjaar; four labels without vbo_id on four dwellings; cells without geometry or dims
                            "bouwjaarklassen": {**{k: 0 for k in BOUWJAARKLASSEN}, "onbekend": 4},
                            "woningtypen": {"eengezins": 2, "meergezins": 2, "onbekend": 0},
                            "labels": {"A+": 0, "A": 1, "B": 1, "C": 0, "D": 0, "E": 0, "F": 1, "G": 1},
                            "zonder_label": 0, "aandeel_zonder_label": 0.0,
                            **{f"leefbaarheid_{c}": None for c in ("afw", "fys", "onv", "soc", "vrz", "won")}}
    assert {c: nonzero(v) for c, v in s["opgaven"].items()} == {c: with_blocks(v) for c, v in {
        "3.1": {"won_hard": 35, "won_gepland": 35, "won_sociale_huur_hard": 10, "won_sociale_huur_gepland": 10,
                "won_middenhuur_hard": 5, "won_middenhuur_gepland": 5, "won_koop_hard": 20, "won_koop_gepland": 20,
                "m2_bedrijf_hard": 100, "m2_bedrijf_gepland": 100, "n_projecten": 1},
        "3.2": {"won_gerealiseerd": 8, "won_koop_gerealiseerd": 8, "n_projecten": 1},
        "3.4": {"won_hard": 35, "won_zacht": 27, "won_gepland": 62, "won_potentieel": 50,
                "won_sociale_huur_hard": 10, "won_sociale_huur_gepland": 10, "won_middenhuur_hard": 5, "won_middenhuur_gepland": 5,
                "won_vrije_huur_zacht": 10, "won_vrije_huur_gepland": 10, "won_koop_hard": 20, "won_koop_zacht": 17,
                "won_koop_gepland": 37, "won_koop_potentieel": 50, "m2_bedrijf_hard": 100, "m2_bedrijf_gepland": 100,
                "ha_zon_zacht": 5, "ha_zon_gepland": 5, "n_projecten": 3, "n_potloodplannen": 1},
        "3.7": {"won_potentieel": 50, "won_koop_potentieel": 50, "n_potloodplannen": 1},
    }.items()}
    w1, w2 = r["wijken"]
    assert (w1["wijk_code"], w1["naam"], w1["prioriteit"]) == ("W1", "Eerste", "prioritair")
    assert nonzero(w1) == with_blocks({
        "won_hard": 35, "won_gepland": 35, "won_gerealiseerd": 8, "won_potentieel": 50,
        "won_sociale_huur_hard": 10, "won_sociale_huur_gepland": 10, "won_middenhuur_hard": 5, "won_middenhuur_gepland": 5,
        "won_koop_hard": 20, "won_koop_gepland": 20, "won_koop_gerealiseerd": 8, "won_koop_potentieel": 50,
        "m2_bedrijf_hard": 100, "m2_bedrijf_gepland": 100, "n_projecten": 2, "n_potloodplannen": 1})
    assert nonzero(w2) == with_blocks({
        "won_hard": 4, "won_zacht": 20, "won_gepland": 24, "won_sociale_huur_hard": 4, "won_sociale_huur_gepland": 4,
        "won_vrije_huur_zacht": 10, "won_vrije_huur_gepland": 10, "won_koop_zacht": 10, "won_koop_gepland": 10,
        "ha_zon_zacht": 5, "ha_zon_gepland": 5, "ha_groen_potentieel": 2, "n_projecten": 2, "n_potloodplannen": 1})
    assert w1["profiel"]["aandeel_corporatie"] == pytest.approx(2 / 3, abs=1e-6)
    assert w1["profiel"]["aandeel_label_efg"] == pytest.approx(2 / 3, abs=1e-6)
    assert w1["profiel"]["leefbaarheid_gem"] == 5.0 and w2["profiel"]["leefbaarheid_gem"] == 8.0
    assert w2["profiel"]["aandeel_label_ab"] == 1.0 and w2["profiel"]["woningen"] == 1
    assert set(w1["opgaven"]) == {"3.1", "3.2", "3.4", "3.7"} and set(w2["opgaven"]) == {"3.4"}
    assert w1["opgaven"]["3.4"]["won_potentieel"] == 50 and w2["opgaven"]["3.4"]["won_zacht"] == 20
    (g1,) = r["gebieden"]
    assert nonzero(g1)["won_hard"] == 35 and nonzero(g1)["won_gerealiseerd"] == 8 and g1["won_potentieel"] == 0
    d_stad, d_w1, d_w2 = r["doelen"]
    assert (d_stad["gerealiseerd"], d_stad["hard"], d_stad["gepland"], d_stad["gap"], d_stad["gehaald"]) == (8, 43, 70, 0, True)
    assert d_stad["verwacht"] == 8 + 0.5 * (70 - 8)  # gerealiseerd + the planned dwellings × realisatiekans (norm onbekend)
    assert d_stad["dekking"] == pytest.approx(70 / 60, abs=1e-6)
    assert d_w1["gepland"] == pytest.approx(10 / 43, abs=1e-6) and d_w1["hard"] == pytest.approx(10 / 43, abs=1e-6)
    assert d_w1["gerealiseerd"] == 0 and d_w1["gap"] == pytest.approx(10 / 43 - 0.2, abs=1e-6) and d_w1["gehaald"] is False
    assert (d_w2["gepland"], d_w2["hard"], d_w2["gap"], d_w2["dekking"], d_w2["gehaald"]) == (24, 4, 6, 0.8, False)
    pj = {y["jaar"]: y for y in r["per_jaar"]}
    assert sorted(pj) == list(range(2022, 2032))
    assert (pj[2022]["gerealiseerd"], pj[2026]["hard"], pj[2027]["zacht"], pj[2029]["zacht"], pj[2031]["hard"]) == (8, 35, 7, 20, 4)
    assert pj[2026]["vraag"] == 10 and pj[2028]["vraag"] is None
    assert pj[2027]["cumulatief_aanbod"] == 50 and pj[2027]["cumulatief_vraag"] == 20
    assert pj[2027]["planoverschot"] == 2.5 and pj[2027]["boven_norm"] is True
    assert pj[2022]["planoverschot"] is None
    loc = {x["naam"]: x for x in r["locaties"]}
    assert loc["P4"]["wijk_code"] == "W2" and loc["P5"]["wijk_code"] is None
    assert loc["P1"]["gebieden"] == ["G1"] and loc["L1"]["gebieden"] == []
    assert loc["L1"]["opgaven"] == ["3.4", "3.7"] and loc["L1"]["categorie"] == "potentieel"


def test_wijk_assignment_follows_geometry_edits(small):
    """Moving a location into another wijk moves exactly its figures; the stored wijk_code is refreshed."""
    eng = RollupEngine(small)
    before = eng.compute().to_json()
    with small.transaction() as con:
        con.execute("UPDATE projecten SET geom = ? WHERE naam = 'P1'", (blob(b(1300, 300, 1400, 400)),))
        assert con.execute("SELECT wijk_code FROM projecten WHERE naam = 'P1'").fetchone()[0] is None
    after = eng.compute().to_json()
    w1b, w2b = before["wijken"]
    w1a, w2a = after["wijken"]
    assert w1a["won_hard"] == w1b["won_hard"] - 35 and w2a["won_hard"] == w2b["won_hard"] + 35
    assert after["stad"]["won_hard"] == before["stad"]["won_hard"]
    from almelo_atlas_plugin.core.edits import assign_wijken

    assert assign_wijken(small, "projecten")[1] == "W2"
    assert small.read_frame("SELECT wijk_code FROM projecten WHERE naam = 'P1'").wijk_code[0] == "W2"


def test_engine_refresh_sees_edits_and_keeps_profile_cache(small):
    eng = RollupEngine(small)
    eng.compute()
    prof = eng._profile
    with small.transaction() as con:
        con.execute("UPDATE woningblokken SET aantal = 120, bijgewerkt_door = 't' WHERE segment = 'koop' AND laag = 'projecten'"
                    " AND locatie_fid = (SELECT fid FROM projecten WHERE naam = 'P1')")
    r = eng.compute().to_json()
    assert r["wijken"][0]["won_hard"] == 135
    assert eng._profile is prof  # base layers unchanged: profile not recomputed
    with small.transaction() as con:
        con.execute("INSERT INTO woningvoorraad (eigendom, woningtype, wijk_code, geom) VALUES ('koop','eengezins','W2', ?)",
                    (blob(point(X0 + 1500, Y0 + 500)),))
    assert eng.compute().to_json()["wijken"][1]["profiel"]["woningen"] == 2


def only_figures(entry: dict) -> dict:
    return {k: entry[k] for k in FIGURES}


def test_figures_for_a_scope_are_the_figures_of_the_json(small):
    """Stad, a wijk, a gebied, a set of locations: typed figures equal the JSON's for the same scope."""
    r = rollup(small)
    data = r.to_json()
    assert r.figures_for(Selection.stad()).to_json() == only_figures(data["stad"])
    everything = [(x["laag"], x["fid"]) for x in data["locaties"]]
    assert r.figures_for(Selection.of_locations(everything)).to_json() == only_figures(data["stad"])
    for w in data["wijken"]:
        assert r.figures_for(Selection.wijk(w["wijk_code"])).to_json() == only_figures(w)
        mine = [(x["laag"], x["fid"]) for x in data["locaties"] if x["wijk_code"] == w["wijk_code"]]
        assert r.figures_for(Selection.of_locations(mine)).to_json() == only_figures(w)
    for g in data["gebieden"]:
        assert r.figures_for(Selection.gebied(g["naam"])).to_json() == only_figures(g)
    buiten = [(x["laag"], x["fid"]) for x in data["locaties"] if x["wijk_code"] is None]
    assert r.figures_for(Selection.of_locations(buiten)).to_json() == only_figures(data["stad"][BUITEN])
    # typed access, ints where the JSON has ints; an unknown wijk or no location: zeros
    w1 = r.figures_for(Selection.wijk("W1"))
    assert (w1.won_hard, w1.won_potentieel, w1.n_projecten) == (35, 50, 2) and isinstance(w1.won_hard, int)
    assert set(r.figures_for(Selection.wijk("W9")).to_json().values()) == {0}
    assert set(r.figures_for(Selection.of_locations([])).to_json().values()) == {0}
    # profile and goals per scope
    assert r.profiel_for(Selection.wijk("W1")).to_json() == data["wijken"][0]["profiel"]
    assert r.profiel_for(Selection.of_locations(everything)) is None
    assert [d.fid for d in r.doelen_for(Selection.stad())] == [d["fid"] for d in data["doelen"] if d["niveau"] == "stad"]
    assert [d.wijk_code for d in r.doelen_for(Selection.wijk("W2"))] == ["W2"]
    assert r.doelen_for(Selection.gebied("G1")) == []


def test_per_year_of_the_stad_and_of_a_wijk(small):
    """per_year() is the JSON's per_jaar; per wijk the same years without demand, and the wijken add up to the stad."""
    r = rollup(small)
    assert [p.to_json() for p in r.per_year()] == r.to_json()["per_jaar"]
    w1 = {p.jaar: p for p in r.per_year("W1")}
    assert sorted(w1) == list(range(2022, 2032))
    assert (w1[2022].gerealiseerd, w1[2026].hard, w1[2027].zacht, w1[2031].hard) == (8, 35, 0, 0)
    assert w1[2031].cumulatief_aanbod == 43 and all(p.vraag is None and p.planoverschot is None for p in w1.values())
    assert all(p.norm == r.norm for p in w1.values())
    for i, stad in enumerate(r.per_year()):
        for c in ("gerealiseerd", "hard", "zacht"):
            parts = [getattr(r.per_year(code)[i], c) for code in ("W1", "W2", BUITEN)]
            assert sum(parts) == getattr(stad, c), (stad.jaar, c)
