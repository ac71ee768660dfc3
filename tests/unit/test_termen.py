"""The atlas's words explained and goal figures in readable units (core/output/termen.py, #14)."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from almelo_atlas_plugin.core.figures.result import Doel
from almelo_atlas_plugin.core.output import termen
from tests.conftest import ROOT

SAMPLE = json.loads((ROOT / "tests" / "fixtures" / "rollup_sample.json").read_text(encoding="utf-8"))
DOELEN = {d["fid"]: Doel(**d) for d in SAMPLE["doelen"]}


def doel(**kw) -> Doel:
    base = dict(fid=1, niveau="stad", wijk_code=None, wijk_naam=None, opgave_code="3.4", indicator="won_totaal",
                soort="minimum", eenheid="aantal", streefwaarde=100, peiljaar=2030, bron="x", omschrijving="Doel",
                gerealiseerd=0, hard=0, gepland=0, gap=100, dekking=0, gehaald=False)
    return Doel(**{**base, **kw})


@pytest.mark.parametrize("v, text", [(1507, "1.507"), (104000 / 10000, "10,4"), (10.0, "10"), (0.44, "0,4"),
                                     (1234567.26, "1.234.567,3"), (0, "0")])
def test_getal_is_dutch(v, text):
    assert termen.getal(v) == text


@pytest.mark.parametrize("share, text", [(0.401408, "40 %"), (0.125, "13 %"), (0, "0 %"), (0.25, "25 %")])
def test_procent(share, text):
    assert termen.procent(share) == text


@pytest.mark.parametrize("indicator, grootte, unit", [("won_totaal", 10, "woningen"), ("won_koop", 5, "woningen"),
                                                      ("m2_bedrijf", 9_999, "m²"), ("m2_bedrijf", 10_000, "ha"),
                                                      ("ha_zon", 100, "ha")])
def test_eenheid(indicator, grootte, unit):
    assert termen.eenheid(indicator, grootte)[1] == unit


@pytest.mark.parametrize("fid, stand", [(1, "1.454 van 1.400 woningen"), (4, "90 van 100 ha"), (5, "10,4 van 10 ha"),
                                        (18, "34 % — ten hoogste 25 %"), (19, "0 % — ten hoogste 25 %")])
def test_doel_stand_of_the_sample(fid, stand):
    assert termen.doel_stand(DOELEN[fid]) == stand


def test_doel_hoeveelheid_in_the_goals_unit():
    assert termen.doel_hoeveelheid(DOELEN[5], 100000) == "10 ha"
    assert termen.doel_hoeveelheid(DOELEN[1], 962) == "962 woningen"
    assert termen.doel_hoeveelheid(DOELEN[18], 0.392523) == "39 %"


def test_small_m2_goals_stay_in_m2_and_other_shapes():
    assert termen.doel_stand(doel(indicator="m2_voorzieningen", streefwaarde=2500, gepland=1200)) == "1.200 van 2.500 m²"
    assert termen.doel_stand(doel(soort="maximum", streefwaarde=80, gepland=50)) == "50 woningen — ten hoogste 80 woningen"
    assert termen.doel_stand(doel(eenheid="aandeel", streefwaarde=0.3, gepland=0.2)) == "20 % — ten minste 30 %"
    assert termen.doel_stand(doel(eenheid="aandeel", soort="maximum", streefwaarde=0.25, gepland=None)) == \
        "niets gepland — ten hoogste 25 %"
    unknown = doel(indicator="ha_water", streefwaarde=12, gerealiseerd=None, hard=None, gepland=None, gap=None, dekking=None,
                   gehaald=None)
    assert termen.doel_stand(unknown) == "geen cijfer — doel 12 ha"
    assert termen.doel_status(unknown) == "onbekend" and termen.doel_balk(unknown) == 0


def test_doel_status():
    assert termen.doel_status(DOELEN[1]) == "gehaald (104 %)"  # 1.454 netto of 1.400
    assert termen.doel_status(DOELEN[11]) == f"nog {termen.getal(DOELEN[11].gap)} woningen te gaan"  # 65 (schema 4), 89 netto
    assert termen.doel_status(DOELEN[4]) == "nog 10 ha te gaan"
    assert termen.doel_status(DOELEN[18]) == "boven het maximum"
    assert termen.doel_status(DOELEN[20]) == "binnen het maximum"


def test_doel_balk_is_full_at_the_goal_and_never_beyond():
    assert termen.doel_balk(DOELEN[14]) == 1.0  # 158 % of the goal: full, not longer
    assert termen.doel_balk(DOELEN[11]) == pytest.approx(DOELEN[11].gepland / 120, abs=1e-6)  # 55 or 31 (netto) of 120
    assert DOELEN[20].gepland == pytest.approx(1 / 12, abs=1e-6)  # 1 social of 12 new dwellings (netto sample)
    assert termen.doel_balk(DOELEN[20]) == pytest.approx(1 / 3, abs=1e-6)  # 8,3 % of a maximum of 25 %: a third used
    assert termen.doel_balk(doel(dekking=None, gepland=None)) == 0.0


def test_doel_delen_add_up_to_the_goal_figure_for_every_sample_goal():
    for d in DOELEN.values():
        delen = termen.doel_delen(d)
        if d.eenheid == "aandeel":
            assert delen == []
        else:
            assert [k for k, _ in delen] == ["gerealiseerd", "hard", "zacht"]
            assert sum(v for _, v in delen) == pytest.approx(d.gepland)
            if d.indicator != "won_netto":  # bouw, m², ha: never below zero
                assert all(v >= 0 for _, v in delen)
    # a netto part is below zero only where sloop came first: Wierdense Hoek demolished 32 and delivered nothing yet
    wijk = next(w for w in SAMPLE["wijken"] if w["wijk_code"] == DOELEN[10].wijk_code)
    assert dict(termen.doel_delen(DOELEN[10]))["gerealiseerd"] == wijk["won_netto_gerealiseerd"] == -32
    assert wijk["won_gerealiseerd"] == 0 and wijk["won_sloop_gerealiseerd"] == 32
    assert [(k, v) for d in DOELEN.values() for k, v in termen.doel_delen(d) if v < 0] == [("gerealiseerd", -32)]


def test_a_netto_part_below_zero_is_subtracted_and_the_line_adds_up():
    d = DOELEN[10]
    assert termen.doel_opbouw(d) == "t/m 2030: −32 gerealiseerd + 230 hard + 70 zacht"
    assert -32 + 230 + 70 == d.gepland == 268
    assert termen.doel_opbouw(doel(indicator="won_netto", gerealiseerd=40, hard=30, gepland=50)) == \
        "t/m 2030: 40 gerealiseerd − 10 hard + 20 zacht"
    assert "Netto: bouw min sloop" in termen.doel_uitleg(d) and "Netto:" not in termen.doel_uitleg(DOELEN[4])


def test_the_stad_goal_explains_1454_against_the_figures_1387():
    """The goal counts delivered and planned dwellings netto (bouw − sloop) with a year up to 2030 (1.454); the figures'
    'netto gepland' counts what is not yet delivered, in every year (1.387). Both from the same sample."""
    d = DOELEN[1]
    assert d.indicator == "won_netto"
    assert termen.doel_opbouw(d) == "t/m 2030: 138 gerealiseerd + 808 hard + 508 zacht"
    stad = SAMPLE["stad"]
    later = [r for r in SAMPLE["per_jaar"] if r["jaar"] > 2030]
    assert not any(r["gerealiseerd"] for r in later)  # after 2030 everything is still planned
    assert stad["won_netto_gepland"] == 1387 == d.gepland - d.gerealiseerd + sum(r["netto"] for r in later)
    assert stad["won_netto_gerealiseerd"] == d.gerealiseerd == 138 == stad["won_gerealiseerd"] - stad["won_sloop_gerealiseerd"]
    tip = termen.doel_uitleg(d)
    assert "opleverjaar t/m 2030" in tip and "'gepland' in de cijfers telt alleen wat nog niet is opgeleverd" in tip


def test_doel_opbouw_of_a_share_and_of_nothing_yet():
    assert termen.doel_opbouw(DOELEN[18]) == "t/m 2030: aandeel in de gerealiseerde en geplande woningen"
    assert termen.doel_opbouw(doel()) == "t/m 2030: nog niets gerealiseerd of gepland"
    assert termen.doel_opbouw(doel(peiljaar=None, gepland=5, hard=5)) == "alle jaren: 5 hard"


def test_every_term_has_a_dutch_line_and_a_legend_entry():
    for term in ("hard", "zacht", "gepland", "gerealiseerd", "potentieel", "peildatum", "potloodplan", "opgave", "bouw", "sloop",
                 "netto", "verwacht", "realisatiekans", "planologische status", "woningblok", "segment", "woningtype"):
        assert term in termen.TERMEN
    for term in termen.TERMEN:
        line = termen.uitleg(term, vertaald=False)
        assert line.lower().startswith(term) and line.endswith(".") and "\n" not in line, term
    regel = termen.legenda_regel(vertaald=False)
    assert regel.startswith("netto: bouw − sloop · verwacht: gepland × realisatiekans · hard: met bestemmingsplan · zacht: ")
    assert regel.count(" · ") == len(termen.LEGENDA_TERMEN) - 1
    with pytest.raises(KeyError):
        termen.uitleg("onzin")


@pytest.mark.parametrize("name, term", [("won_hard", "hard"), ("won_sociale_huur_zacht", "zacht"), ("m2_bedrijf_gepland", "gepland"),
                                        ("ha_zon_gerealiseerd", "gerealiseerd"), ("won_potentieel", "potentieel"),
                                        ("buiten_wijken", "buiten wijken"), ("vraag", "woningvraag"), ("planoverschot", "planoverschot"),
                                        ("peiljaar", "peiljaar"), ("dekking", "dekking"), ("woningen", None), ("naam", None)])
def test_the_term_of_a_figure(name, term):
    assert termen.term_van(name) == term
    assert termen.cijfer_uitleg(name, vertaald=False) == (termen.uitleg(term, vertaald=False) if term else "")


def test_every_figure_of_the_rollup_with_a_category_has_its_explanation():
    for name in SAMPLE["stad"]:
        if name.rsplit("_", 1)[-1] in ("hard", "zacht", "gepland", "gerealiseerd", "potentieel"):
            assert termen.cijfer_uitleg(name, vertaald=False), name


AMOUNT = st.one_of(st.none(), st.floats(min_value=0, max_value=1e7, allow_nan=False))


@example(indicator="won_totaal", soort="minimum", eenheid="aantal", streef=5e-324, ger=None, hard=None, gepland=1.0, peiljaar=None)
@given(indicator=st.sampled_from(["won_totaal", "won_sociale_huur", "m2_bedrijf", "m2_voorzieningen", "ha_zon", "ha_groen"]),
       soort=st.sampled_from(["minimum", "maximum"]), eenheid=st.sampled_from(["aantal", "aandeel"]),
       streef=st.floats(min_value=0, max_value=1e7, allow_nan=False), ger=AMOUNT, hard=AMOUNT, gepland=AMOUNT,
       peiljaar=st.one_of(st.none(), st.integers(2000, 2050)))
def test_every_goal_reads_as_one_line_and_its_bar_stays_within_the_goal(indicator, soort, eenheid, streef, ger, hard, gepland,
                                                                        peiljaar):
    dekking = gepland / streef if gepland is not None and streef else None
    gehaald = None if gepland is None else (gepland <= streef if soort == "maximum" else gepland >= streef)
    d = doel(indicator=indicator, soort=soort, eenheid=eenheid, streefwaarde=streef, gerealiseerd=ger, hard=hard,
             gepland=gepland, gap=None if gepland is None else abs(streef - gepland), dekking=dekking, gehaald=gehaald,
             peiljaar=peiljaar)
    for text in (termen.doel_stand(d), termen.doel_status(d), termen.doel_opbouw(d)):
        assert text and "\n" not in text and "None" not in text and "nan" not in text
    assert 0 <= termen.doel_balk(d) <= 1
    assert ("ten hoogste" in termen.doel_stand(d)) == (soort == "maximum")


def test_the_verwacht_outlook_against_a_goal():
    assert termen.doel_verwacht(doel(streefwaarde=1400, gepland=1507, verwacht=1309.6)) == "verwacht 1.310 van 1.400 in 2030"
    assert termen.doel_verwacht(doel(soort="maximum", streefwaarde=80, verwacht=50, peiljaar=None)) == "verwacht 50 — ten hoogste 80"
    assert termen.doel_verwacht(doel(indicator="ha_zon", streefwaarde=100, verwacht=72.45)) == "verwacht 72,5 van 100 in 2030"
    assert termen.doel_verwacht(doel(eenheid="aandeel", streefwaarde=0.3, verwacht=0.2)) == ""  # a share has no outlook
    assert termen.doel_verwacht(doel()) == "" and termen.doel_verwacht_balk(doel()) is None
    assert termen.doel_verwacht_balk(doel(streefwaarde=1400, verwacht=2800)) == 1
