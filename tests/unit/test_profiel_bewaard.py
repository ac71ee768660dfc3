"""The wijk profile kept in the store (#18, schema 9): never stale. Base layers edited, imported and deleted by every path
(plain SQL, plain GDAL/OGR, the command line's import, the QGIS provider's edit buffer) and each time a roll-up that
uses the kept profile equals a cold one that recomputes it from the base layers."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.figures.rollup import RollupEngine
from almelo_atlas_plugin.core.model.schema import PROFIEL_KEY, SCHEMA_VERSION, STAND_KEY
from almelo_atlas_plugin.core.store.open import open_store
from tests.pgfixtures import cluster, pg_sample, pg_template  # noqa: F401 (fixtures)


def figures(store, bewaard: bool) -> dict:
    return RollupEngine(store, bewaard=bewaard).compute().to_json()


def kept(store) -> dict:
    return json.loads(store.meta().get(PROFIEL_KEY) or "{}")


def sql_edit(store, n: int) -> None:
    p = store.param
    with store.transaction() as con:
        con.execute(f"UPDATE woningvoorraad SET eigendom = 'corporatie', bouwjaar = {p} WHERE fid IN"
                    f" (SELECT fid FROM woningvoorraad ORDER BY fid LIMIT {p})", (1900 + n, n + 1))
        con.execute(f"DELETE FROM energielabels WHERE fid IN (SELECT fid FROM energielabels ORDER BY fid DESC LIMIT {p})", (n + 1,))
        con.execute(f"UPDATE leefbaarheid SET score = {p} WHERE fid = (SELECT min(fid) FROM leefbaarheid)", (1 + n % 9,))


def gdal_edit(store, n: int) -> None:
    from osgeo import ogr

    ds = ogr.Open(str(store.path), 1)
    try:
        lyr = ds.GetLayerByName("energielabels")
        f = lyr.GetFeature(lyr.GetFeatureCount() // 2 + n)
        if f is not None:
            f.SetField("label", "G" if n % 2 else "A")
            assert lyr.SetFeature(f) == 0
        won = ds.GetLayerByName("woningvoorraad")
        try:
            gone = won.DeleteFeature(won.GetFeatureCount() // 3 + n)
        except RuntimeError:  # GDAL with exceptions on (an earlier import turned them on): deleted by an earlier edit
            gone = ogr.OGRERR_NON_EXISTING_FEATURE
        assert gone in (0, ogr.OGRERR_NON_EXISTING_FEATURE)
        new = ogr.Feature(won.GetLayerDefn())
        new.SetField("woningtype", "meergezins")
        new.SetField("wijk_code", "WK014110")
        new.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({241500 + n} {486000 + n})"))
        assert won.CreateFeature(new) == 0
    finally:
        ds = None


def cli_import(store, n: int, tmp_path) -> None:
    csv = tmp_path / f"woningen_{n}.csv"
    csv.write_text("x,y,eigendom,woningtype,bouwjaar\n" + "".join(f"{241500 + 10 * i},{486000 + n},koop,eengezins,{1950 + i}\n"
                                                                 for i in range(n + 1)), encoding="utf-8")
    assert main(["import", str(store.path), "woningvoorraad", str(csv)]) == 0


def qgis_edit(store, n: int) -> None:
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{store.path}|layername=woningvoorraad", "woningvoorraad", "ogr")
    assert layer.isValid()
    fid = next(layer.getFeatures()).id() + n
    layer.startEditing()
    layer.changeAttributeValue(fid, layer.fields().indexOf("woningtype"), "eengezins" if n % 2 else "meergezins")
    layer.changeAttributeValue(fid, layer.fields().indexOf("eigendom"), "particuliere_huur")
    assert layer.commitChanges(), layer.commitErrors()


PATHS = ("sql", "gdal", "cli", "qgis")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PATHS), st.integers(0, 5)), min_size=1, max_size=4))
def test_the_kept_profile_equals_a_cold_one_after_edits_by_every_path(sample_master, tmp_path_factory, qgis_app, edits):
    tmp = tmp_path_factory.mktemp("bewaard")
    shutil.copy(sample_master, tmp / "s.gpkg")
    store = open_store(tmp / "s.gpkg")
    assert figures(store, True) == figures(store, False)  # the first roll-up keeps it
    assert kept(store)["stand"] == int(store.meta()[STAND_KEY])
    for path, n in edits:
        before = int(store.meta()[STAND_KEY])
        if path == "sql":
            sql_edit(store, n)
        elif path == "gdal":
            gdal_edit(store, n)
        elif path == "cli":
            cli_import(store, n, tmp)
        else:
            qgis_edit(store, n)
        assert int(store.meta()[STAND_KEY]) > before, path  # the triggers saw it, whoever wrote
        warm = figures(store, True)
        assert warm == figures(store, False), path
        assert kept(store)["stand"] == int(store.meta()[STAND_KEY])  # and it is kept again, at the new stand


def test_an_engine_kept_warm_sees_an_in_place_edit(sample_store):
    """The dock's engine: an attribute edit of a base layer in place (no new fid, same count) is seen at once."""
    eng = RollupEngine(sample_store)
    before = eng.compute().stad.profiel.aandeel_corporatie
    with sample_store.transaction() as con:
        con.execute("UPDATE woningvoorraad SET eigendom = 'corporatie'")
    assert eng.compute().stad.profiel.aandeel_corporatie == 1.0 != before


def test_a_kept_profile_of_another_stand_or_rekenwijze_is_not_used(sample_store):
    figures(sample_store, True)
    k = kept(sample_store)
    with sample_store.transaction() as con:  # a profile that lies: it is not of the current stand
        sample_store.set_meta(con, PROFIEL_KEY, json.dumps({**k, "stand": k["stand"] - 1, "wijken": {}}))
    assert figures(sample_store, True) == figures(sample_store, False)
    with sample_store.transaction() as con:
        sample_store.set_meta(con, PROFIEL_KEY, json.dumps({**kept(sample_store), "rekenwijze": "0", "wijken": {}}))
    assert figures(sample_store, True) == figures(sample_store, False)


def test_a_store_locked_by_another_writer_rolls_up_without_keeping(sample_store):
    """Keeping is a cache: when another program holds the write lock, the roll-up is right and keeps nothing."""
    import sqlite3

    with sample_store.transaction() as con:
        con.execute("DELETE FROM atlas_meta WHERE sleutel = ?", (PROFIEL_KEY,))
    other = sqlite3.connect(str(sample_store.path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert figures(sample_store, True) == figures(sample_store, False)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert PROFIEL_KEY not in sample_store.meta()
    figures(sample_store, True)
    assert kept(sample_store)["stand"] == int(sample_store.meta()[STAND_KEY])


def test_postgis_keeps_the_profile_and_counts_each_statement(pg_sample):  # noqa: F811 (the fixture)
    store = open_store(pg_sample)
    assert store.schema_version() == SCHEMA_VERSION
    assert figures(store, True) == figures(store, False)
    stand = kept(store)["stand"]
    assert stand == int(store.meta()[STAND_KEY])
    sql_edit(store, 3)  # three statements on three base layers
    assert int(store.meta()[STAND_KEY]) == stand + 3
    assert figures(store, True) == figures(store, False)
    with store.transaction() as con:
        con.execute("TRUNCATE energielabels")
    assert figures(store, True) == figures(store, False)
    assert kept(store)["stand"] == int(store.meta()[STAND_KEY]) == stand + 4


@pytest.mark.parametrize("bewaard", [True, False])
def test_the_sample_figures_do_not_depend_on_the_kept_profile(sample_store, bewaard):
    from tests.conftest import ROOT

    fixture = json.loads((ROOT / "tests" / "fixtures" / "rollup_sample.json").read_text(encoding="utf-8"))
    got = RollupEngine(sample_store, bewaard=bewaard).compute().to_json()
    got = json.loads(json.dumps(got))
    assert {k: v for k, v in got.items() if k != "schema_versie"} == {k: v for k, v in fixture.items() if k != "schema_versie"}


def test_a_store_of_schema_6_migrates_to_the_kept_profile(store):
    """The step 6 → 7 on both backends: a store as schema 6 left it (no count, no counting triggers) gets both, once."""
    from almelo_atlas_plugin.core.model.schema import PROFIEL_LAYERS
    from almelo_atlas_plugin.core.store import guards
    from almelo_atlas_plugin.core.store.migrations import migrate_store
    from almelo_atlas_plugin.core.store.validation import validate

    p = store.param
    with store.transaction(guarded=False) as con:
        for t in PROFIEL_LAYERS:
            if store.kind == "gpkg":
                for op in ("insert", "update", "delete"):
                    con.execute(f'DROP TRIGGER "atlas_{t}_stand_{op}"')
            else:
                con.execute(f"DROP TRIGGER atlas_{t}_stand ON {t}")
        if store.kind != "gpkg":
            con.execute("DROP FUNCTION atlas_basislagen_stand()")
        con.execute(f"DELETE FROM atlas_meta WHERE sleutel IN ({p}, {p})", (STAND_KEY, PROFIEL_KEY))
        con.execute(f"UPDATE atlas_meta SET waarde = '{SCHEMA_VERSION - 1}' WHERE sleutel = 'schema_versie'")
        store.set_meta(con, guards.FINGERPRINT_KEY, guards.fingerprint(guards.installed(store, con)))
    assert store.schema_version() == SCHEMA_VERSION - 1
    notes = migrate_store(store)
    assert any("bewaarde wijkprofiel" in n for n in notes), notes
    assert store.schema_version() == SCHEMA_VERSION and store.meta()[STAND_KEY] == "0"
    assert [x.text() for x in validate(store)] == []
    assert migrate_store(store) == []  # idempotent
    assert figures(store, True) == figures(store, False)
    sql_edit(store, 1)
    assert int(store.meta()[STAND_KEY]) > 0
    assert figures(store, True) == figures(store, False)
