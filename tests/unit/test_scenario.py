"""Scenarios (#20, DESIGN.md §11): changes on top of the plans, applied in memory only, on both backends."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core import atlas
from almelo_atlas_plugin.core.model import scenario as model
from almelo_atlas_plugin.core.model.schema import DOMAINS, SCHEMA_VERSION
from almelo_atlas_plugin.core.store.base import StoreError
from almelo_atlas_plugin.core.store.open import open_store

PLAN_TABLES = ("projecten", "potloodplannen", "woningblokken", "locatie_opgaven", "wijzigingen", "doelen", "woningvraag")


def _figures(result) -> dict:
    """The roll-up's JSON without what names a location's identity (a scenario's potloodplan becomes project −fid)."""
    out = result.to_json()
    out.pop("locaties", None)
    return out


def _snapshot(store) -> dict:
    """Every row of the plans and their history, as text (geometry as its bytes)."""
    out = {}
    with store.reading() as con:
        for t in PLAN_TABLES:
            out[t] = [tuple(bytes(v) if isinstance(v, (bytes, bytearray, memoryview)) else v for v in r)
                      for r in con.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()]
    return out


def _delete(store, where: str) -> int:
    with store.transaction() as con:
        n = 0
        for t in ("projecten", "potloodplannen"):
            n += con.execute(f'DELETE FROM "{t}" WHERE {where}').rowcount
    return n


def test_drop_4b_equals_the_rollup_of_a_copy_without_those_plans(store):
    """Both backends: 'vervallen status_planologisch=4B' gives exactly the figures of the store with the 4B plans deleted."""
    atlas.save_scenario(store, "Zonder 4B", ["vervallen status_planologisch=4B"])
    sr = atlas.scenario_figures(store, "Zonder 4B")
    assert [t.locaties for t in sr.toepassingen] == [9] and not sr.niet_toegepast
    assert _delete(store, "status_planologisch = '4B'") == 9  # the fixture's store is this test's own copy
    assert _figures(sr.result) == _figures(atlas.figures(store))


def test_a_filter_by_wijk_and_plantype_equals_deleting_the_same_plans(sample_store):
    store = open_store(str(sample_store.path))
    regel = "vervallen wijk=WK014110,WK014114 laag=projecten"
    atlas.save_scenario(store, "Wijken", [regel])
    sr = atlas.scenario_figures(store, "Wijken")
    with store.transaction() as con:
        n = con.execute("DELETE FROM projecten WHERE wijk_code IN ('WK014110', 'WK014114')").rowcount
    assert n == sr.toepassingen[0].locaties > 0
    assert _figures(sr.result) == _figures(atlas.figures(store))


def test_a_scenario_never_writes_the_plans_or_their_history(store):
    """Both backends: saving, applying and comparing scenarios of every kind leaves the plans and history row for row."""
    before = _snapshot(store)
    atlas.save_scenario(store, "Alles", ["vervallen status_planologisch=4B", "uitstel 2", "realisatiekans 40 status_planologisch=3,4A",
                                         "locatie projecten:5 koop=50 oplever_jaar=2029 jaren=1", "potloodplan 5 oplever_jaar=2029",
                                         "potloodplan 3"],
                        omschrijving="elke soort wijziging")
    v = atlas.compare_scenarios(store)
    atlas.scenario_figures(store, "Alles")
    assert [w["toegepast"] for w in v["scenarios"][0]["wijzigingen"]] == [True] * 6
    assert "al vervallen door een eerdere wijziging" in v["scenarios"][0]["wijzigingen"][-1]["melding"]  # 3 is a 4B plan
    assert _snapshot(store) == before


def test_a_change_whose_location_is_gone_is_reported_not_dropped(store, capsys):
    atlas.save_scenario(store, "Later", ["locatie projecten:5 jaren=3", "uitstel 1 status_planologisch=3"])
    with store.transaction() as con:
        con.execute("DELETE FROM projecten WHERE fid = 5")
    sr = atlas.scenario_figures(store, "Later")
    assert [t.vervallen for t in sr.toepassingen] == [True, False]
    assert "bestaat niet meer" in sr.niet_toegepast[0].melding and "project 5" in sr.niet_toegepast[0].melding
    assert main(["rollup", store.uri, "--scenario", "Later", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["scenario"]["niet_toegepast"] and data["scenario"]["wijzigingen"][0]["toegepast"] is False
    assert "Scenario 'Later': wijziging 1" in err and "niet toegepast" in err
    assert main(["scenarios", store.uri]) == 0
    assert "NIET TOEGEPAST" in capsys.readouterr().out


def test_the_rollup_of_a_scenario_without_changes_is_the_rollup(sample_store):
    store = open_store(str(sample_store.path))
    atlas.save_scenario(store, "Leeg")
    assert _figures(atlas.scenario_figures(store, "Leeg").result) == _figures(atlas.figures(store))


def test_potloodplan_as_plan_counts_as_a_zacht_project_in_the_years(sample_store):
    store = open_store(str(sample_store.path))
    atlas.save_scenario(store, "Waaierd", ["potloodplan 3 oplever_jaar=2029"])
    base, sr = atlas.figures(store), atlas.scenario_figures(store, "Waaierd").result
    won = sr.stad.figures.won_netto_gepland - base.stad.figures.won_netto_gepland
    assert won > 0 and won == base.stad.figures.won_netto_potentieel - sr.stad.figures.won_netto_potentieel
    assert sr.stad.figures.won_netto_zacht - base.stad.figures.won_netto_zacht == won
    y = {j.jaar: j.zacht for j in sr.per_jaar}, {j.jaar: j.zacht for j in base.per_jaar}
    assert y[0][2029] - y[1].get(2029, 0) == won


def test_the_cli_makes_edits_and_removes_scenarios(sample_store, capsys, tmp_path):
    uri = str(sample_store.path)
    assert main(["scenario", uri, "A", "--wijziging", "uitstel 2", "--wijziging", "vervallen plantype=verdichting",
                 "--omschrijving", "twee jaar later"]) == 0
    assert main(["scenario", uri, "A", "--weg", "1", "--wijziging", "realisatiekans 30"]) == 0
    s = atlas.scenario(open_store(uri), "A")
    assert [w.regel for w in s.wijzigingen] == ["vervallen plantype=verdichting", "realisatiekans 30"]
    assert s.omschrijving == "twee jaar later"
    assert main(["scenario", uri, "A", "--weg", "7"]) == 2
    assert main(["scenario", uri, "A", "--wijziging", "uitstel twee"]) == 2
    assert main(["scenario", uri, "A", "--wijziging", "locatie projecten:99999 jaren=1"]) == 2
    err = capsys.readouterr().err
    assert "wijziging 7 bestaat niet" in err and "jaren moet een geheel getal zijn" in err and "feature 99999: bestaat niet" in err
    assert "Traceback" not in err and len(atlas.scenario(open_store(uri), "A").wijzigingen) == 2  # nothing half saved
    assert main(["scenarios", uri, "--format", "xlsx", "-o", str(tmp_path / "s.xlsx")]) == 0
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert wb.sheetnames == ["scenario's", "stad", "doelen", "per jaar", "wijken"]
    assert main(["rollup", uri, "--scenario", "B"]) == 2
    assert "Scenario 'B' bestaat niet" in capsys.readouterr().err
    assert main(["scenario", uri, "A", "--verwijder"]) == 0
    assert "A" not in [s.naam for s in atlas.scenarios(open_store(uri))]


def test_rollup_with_a_scenario_in_every_format(sample_store, tmp_path, capsys):
    uri = str(sample_store.path)
    assert main(["scenario", uri, "Z", "--wijziging", "vervallen status_planologisch=4B"]) == 0
    capsys.readouterr()
    assert main(["rollup", uri, "--scenario", "Z"]) == 0
    assert capsys.readouterr().out.startswith("Scenario: Z")
    for fmt in ("csv", "xlsx", "json"):
        assert main(["rollup", uri, "--scenario", "Z", "--format", fmt, "-o", str(tmp_path / f"z.{fmt}")]) == 0
    assert json.loads((tmp_path / "z.json").read_text(encoding="utf-8"))["scenario"]["naam"] == "Z"
    import openpyxl

    assert "blokken" not in openpyxl.load_workbook(tmp_path / "z.xlsx").sheetnames  # the plans' blocks are not the scenario's
    assert main(["rollup", uri, "--scenario", "Z", "--peildatum", "2021-01-01"]) == 2


# --- the written form of a change --------------------------------------------------------------------
_values = {k: st.lists(st.sampled_from(sorted(DOMAINS[d])), min_size=1, max_size=3, unique=True).map(tuple)
           for k, d in model.FILTER_DOMAINS.items()}
_values["wijk"] = st.lists(st.sampled_from(["WK014110", "WK014114", "buiten"]), min_size=1, max_size=2, unique=True).map(tuple)
_filters = st.dictionaries(st.sampled_from(model.FILTER_KEYS), st.just(None), max_size=3).flatmap(
    lambda d: st.fixed_dictionaries({k: _values[k] for k in d}))
_year = st.integers(2000, 2050)


@st.composite
def wijzigingen(draw) -> model.Wijziging:
    soort = draw(st.sampled_from(sorted(model.SOORTEN)))
    if soort == "locatie":
        params = draw(st.fixed_dictionaries({}, optional={"jaren": st.integers(-30, 30), "oplever_jaar": _year,
                                                          "koop": st.integers(0, 10_000), "kans": st.integers(0, 100),
                                                          "status_planologisch": st.sampled_from(sorted(DOMAINS["status_planologisch"]))}))
        if not params:
            params = {"jaren": 1}
        return model.Wijziging(soort, laag=draw(st.sampled_from(["projecten", "potloodplannen"])),
                               locatie_fid=draw(st.integers(1, 10**6)), parameters=params)
    if soort == "potloodplan":
        params = draw(st.fixed_dictionaries({}, optional={"oplever_jaar": _year, "planstatus": st.sampled_from(["hard", "zacht"])}))
        return model.Wijziging(soort, laag="potloodplannen", locatie_fid=draw(st.integers(1, 10**6)), parameters=params)
    params = {"realisatiekans": {"kans": draw(st.integers(0, 100))}, "uitstel": {"jaren": draw(st.integers(-30, 30))}}.get(soort, {})
    return model.Wijziging(soort, filter=draw(_filters), parameters=params)


@given(wijzigingen())
def test_a_change_reads_back_from_its_written_form(w):
    assert model.parse(w.regel) == w
    assert model.from_row({**w.row(), "fid": None}) == w


@pytest.mark.parametrize("regel, fout", [
    ("", "leeg"), ("weg status=4B", "soort 'weg' bestaat niet"), ("uitstel", "jaren ontbreekt"),
    ("realisatiekans 140", "tussen 0 en 100"), ("vervallen status_planologisch=5C", "'5C' bestaat niet"),
    ("locatie jaren=2", "welke locatie"), ("locatie projecten:3", "zeg wat er verandert"),
    ("potloodplan projecten:3", "laag 'projecten' kan hier niet"), ("uitstel 2 wijk", "geen sleutel=waarde"),
])
def test_a_bad_change_is_refused_in_dutch(regel, fout):
    with pytest.raises(StoreError, match=fout):
        model.parse(regel)


# --- invariants on the sample -------------------------------------------------------------------------
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filt=_filters, jaren=st.integers(-5, 5), kans=st.integers(0, 100))
def test_delay_and_realisatiekans_move_no_dwelling_between_categories(sample_store, filt, jaren, kans):
    """Uitstel moves years only, realisatiekans only the verwacht figures: every other stad figure stays as it was."""
    store = open_store(str(sample_store.path))
    base = atlas.figures(store).stad.figures.to_json()
    from almelo_atlas_plugin.core.figures.scenario import rollup

    for w in (model.Wijziging("uitstel", filter=filt, parameters={"jaren": jaren}),
              model.Wijziging("realisatiekans", filter=filt, parameters={"kans": kans})):
        got = rollup(store, model.Scenario("h", wijzigingen=(w,)), atlas.NORM).result.stad.figures.to_json()
        assert {k: v for k, v in got.items() if "verwacht" not in k} == {k: v for k, v in base.items() if "verwacht" not in k}


# --- the schema step ---------------------------------------------------------------------------------
def test_a_geopackage_of_the_previous_version_gets_the_scenario_tables(sample_store, capsys):
    from osgeo import ogr

    path = str(sample_store.path)
    ds = ogr.Open(path, 1)
    for name in ("scenario", "scenario_wijziging"):
        ds.DeleteLayer([i for i in range(ds.GetLayerCount()) if ds.GetLayerByIndex(i).GetName() == name][0])
    ds = None
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE atlas_meta SET waarde = ? WHERE sleutel = 'schema_versie'", (str(SCHEMA_VERSION - 1),))
    con.close()
    before = _snapshot(open_store(path, migrate=False))
    assert main(["migrate", path]) == 0
    assert "scenario_wijziging" in capsys.readouterr().out
    s = open_store(path)
    assert s.schema_version() == SCHEMA_VERSION and atlas.scenarios(s) == [] and _snapshot(s) == before
    assert main(["migrate", path]) == 0 and "niets gewijzigd" in capsys.readouterr().out


def test_a_postgis_store_of_the_previous_version_gets_the_scenario_tables(pg_sample, capsys):
    import psycopg2

    from almelo_atlas_plugin.core.store.guards import FINGERPRINT_KEY

    con = psycopg2.connect(pg_sample.split("?")[0])
    with con, con.cursor() as cur:
        cur.execute("DROP TABLE atlas.scenario_wijziging, atlas.scenario")
        cur.execute("UPDATE atlas.atlas_meta SET waarde = %s WHERE sleutel = 'schema_versie'", (str(SCHEMA_VERSION - 1),))
        # as the previous version left it: its guards' fingerprint knows nothing of the scenario tables
        cur.execute("SELECT waarde FROM atlas.atlas_meta WHERE sleutel = %s", (FINGERPRINT_KEY,))
        kept = {k: v for k, v in json.loads(cur.fetchone()[0]).items() if "scenario" not in k}
        cur.execute("UPDATE atlas.atlas_meta SET waarde = %s WHERE sleutel = %s", (json.dumps(kept), FINGERPRINT_KEY))
    con.close()
    assert main(["migrate", pg_sample]) == 0
    assert "scenario_wijziging" in capsys.readouterr().out
    s = open_store(pg_sample)
    assert s.schema_version() == SCHEMA_VERSION
    atlas.save_scenario(s, "Na migratie", ["uitstel 1"])
    assert [x.naam for x in atlas.scenarios(s)] == ["Na migratie"]
    assert main(["migrate", pg_sample]) == 0 and "niets gewijzigd" in capsys.readouterr().out


def test_an_editor_makes_scenarios_in_postgis_a_reader_may_not(pg_sample, capsys):
    """Scenarios are shared through PostGIS: a redacteur makes one; a lezer is refused in Dutch, nothing half written."""
    import psycopg2

    assert main(["roles", pg_sample]) == 0
    con = psycopg2.connect(pg_sample.split("?")[0])
    with con, con.cursor() as cur:
        for user, role in (("scen_lies", "atlas_lezer"), ("scen_ruud", "atlas_redacteur")):
            cur.execute(f"DROP ROLE IF EXISTS {user}")
            cur.execute(f"CREATE ROLE {user} LOGIN IN ROLE {role}")
    con.close()
    capsys.readouterr()
    as_ruud, as_lies = (pg_sample.replace("postgres@", f"{u}@") for u in ("scen_ruud", "scen_lies"))
    assert main(["scenario", as_ruud, "Van Ruud", "--wijziging", "uitstel 1"]) == 0
    assert main(["scenario", as_lies, "Van Lies", "--wijziging", "uitstel 1"]) == 2
    assert "Geen rechten om laag scenario te wijzigen" in capsys.readouterr().err
    assert [s.naam for s in atlas.scenarios(open_store(pg_sample))].count("Van Ruud") == 1
    assert "Van Lies" not in [s.naam for s in atlas.scenarios(open_store(pg_sample))]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filt=_filters)
def test_dropping_any_filter_equals_deleting_those_plans(sample_master, tmp_path_factory, filt):
    """For random filters (status, fase, plantype, wijk, laag): the scenario's roll-up is the roll-up of a copy of the
    store with exactly those plans deleted."""
    import shutil

    path = tmp_path_factory.mktemp("drop") / "s.gpkg"
    shutil.copy(sample_master, path)
    store = open_store(str(path))
    from almelo_atlas_plugin.core.figures.scenario import rollup

    sr = rollup(store, model.Scenario("f", wijzigingen=(model.Wijziging("vervallen", filter=filt),)), atlas.NORM)
    where = []
    for k, values in filt.items():
        if k == "laag":
            continue
        col = "wijk_code" if k == "wijk" else k
        known = [v for v in values if v != "buiten"]
        part = f"{col} IN ({', '.join(repr(v) for v in known)})" if known else "0"
        where.append(f"({part} OR {col} IS NULL)" if "buiten" in values else part)
    n = 0
    with store.transaction() as con:
        for t in filt.get("laag", ("projecten", "potloodplannen")):
            n += con.execute(f'DELETE FROM "{t}" WHERE {" AND ".join(where) or "1"}').rowcount
    assert n == sr.toepassingen[0].locaties
    assert _figures(sr.result) == _figures(atlas.figures(store))
