"""PostGIS migrations: a store made before the redesign (the v4 fixture) opens with every row and history entry intact
and the same roll-up; every step runs in one transaction on both backends; both backends end with the same indexes."""

from __future__ import annotations

import json
import subprocess

import psycopg2
import pytest

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.model.schema import SCHEMA_VERSION, TABLES_BY_NAME
from almelo_atlas_plugin.core.store import migrations
from almelo_atlas_plugin.core.store.geopackage import installed_indexes
from almelo_atlas_plugin.core.store.open import open_store
from almelo_atlas_plugin.core.store.postgis import installed_indexes as pg_indexes
from almelo_atlas_plugin.core.store.rules import INDEXES, index_key
from almelo_atlas_plugin.core.store.validation import validate
from tests.conftest import ROOT
from tests.fixtures.v0_store import make_v0_store
from tests.pgfixtures import db_name
from tests.v4_identity import V4_TABLES, blocks_made, figures_kept, kept, made_multi, new_figures_follow

FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def pg_v4(cluster, request) -> str:
    """tests/fixtures/pg_v4_store.sql restored into a database of its own."""
    name = db_name(request)
    cluster.createdb(name)
    subprocess.run([str(cluster.bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", cluster.dsn(name),
                    "-f", str(FIXTURES / "pg_v4_store.sql")], check=True, capture_output=True)
    return f"{cluster.dsn(name)}?schema=atlas"


def rows(uri: str, tables=V4_TABLES) -> dict:
    """Every row of the tables, as JSON (by column), in key order."""
    con = psycopg2.connect(uri.split("?")[0])
    out = {}
    with con, con.cursor() as cur:
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'atlas'")
        present = {r[0] for r in cur.fetchall()}
        for name in tables:
            if name in present:
                cur.execute(f"SELECT to_jsonb(t) FROM atlas.{name} t ORDER BY {TABLES_BY_NAME[name].fid_column}")
                out[name] = [r[0] for r in cur.fetchall()]
    con.close()
    return out


def test_a_postgis_store_made_before_the_redesign_opens_with_every_row_and_the_same_rollup(pg_v4, capsys):
    before = rows(pg_v4)
    assert {"update", "delete"} <= {r["actie"] for r in before["wijzigingen"]} and "woningblokken" not in before
    store = open_store(pg_v4, migrate=True)
    assert store.schema_version() == SCHEMA_VERSION
    assert any(n.startswith("indexen vernieuwd: atlas_energielabels_profiel") for n in store.migration_notes)
    after = rows(pg_v4, [*V4_TABLES, "woningblokken"])
    # every row and every history entry, the new columns at their defaults; the layer catalogue only gains this version's
    assert kept(before, after) == []
    added = {r["laag"] for r in after["atlas_lagen"]} - {r["laag"] for r in before["atlas_lagen"]}
    assert added == {"ondergrond", "achtergrond_brt", "luchtfoto"}
    assert blocks_made(before, after) == []  # one bouw block per non-zero segment
    assert [p.text() for p in validate(store)] == []  # sums equal the blocks; guards, history chains and rules as this version makes them
    for peildatum, name in ((None, "pg_v4_rollup.json"), ("2021-01-01", "pg_v4_rollup_2021-01-01.json")):
        assert main(["rollup", pg_v4, "--format", "json"] + (["--peildatum", peildatum] if peildatum else [])) == 0
        diffs, new = figures_kept(json.loads((FIXTURES / name).read_text(encoding="utf-8")), json.loads(capsys.readouterr().out))
        assert diffs == [], name  # every figure of schema 4 (the v4 code's own output), per wijk, gebied, opgave, year and goal
        assert new and new_figures_follow(new) == [], name
    assert main(["migrate", pg_v4]) == 0  # idempotent
    assert "er is niets gewijzigd" in capsys.readouterr().out


def test_migrate_command_on_the_postgis_v4_store_says_what_it_changed(pg_v4, capsys):
    assert main(["migrate", pg_v4]) == 0
    out = capsys.readouterr().out
    assert "indexen vernieuwd: atlas_energielabels_profiel, atlas_energielabels_wijk" in out
    assert main(["tag", pg_v4, "projecten", "2", "--opgave", "3.5"]) == 0  # writes go through
    assert "gemigreerd" not in capsys.readouterr().err


def test_both_backends_install_the_same_indexes(empty_store, pg_store):
    want = {ix.name: ix.key() for ix in INDEXES}
    with empty_store.reading() as con:
        assert {n: index_key(sql) for n, sql in installed_indexes(con).items()} == want
    con = psycopg2.connect(pg_store.split("?")[0])
    with con, con.cursor() as cur:
        assert {n: index_key(sql) for n, sql in pg_indexes(cur, "atlas").items()} == want
    con.close()


def pg_at_version(uri: str, version: int) -> None:
    con = psycopg2.connect(uri.split("?")[0])
    with con, con.cursor() as cur:
        cur.execute("UPDATE atlas.atlas_meta SET waarde = %s WHERE sleutel = 'schema_versie'", (str(version),))
        cur.execute("DROP INDEX atlas.atlas_wijzigingen_tijd")
        cur.execute("ALTER TABLE atlas.atlas_lagen DROP COLUMN stijl_qml")  # new in version 2
    con.close()


@pytest.mark.parametrize("step", sorted(migrations.STEPS))
@pytest.mark.parametrize("backend", ["gpkg", "postgis"])
def test_every_step_is_transactional(backend, step, tmp_path, request, monkeypatch):
    """A failure right after step v (its own work done) leaves the store as it was: version, rows, columns, indexes."""
    if backend == "gpkg":
        uri = str(make_v0_store(tmp_path / "v0.gpkg"))
        version = 0
    else:
        uri = request.getfixturevalue("pg_store")
        version = 0
        pg_at_version(uri, version)
    store = open_store(uri, migrate=False)
    with store.reading() as con:
        before = {t: con.execute(f"SELECT * FROM {t} ORDER BY fid").fetchall() for t in ("projecten", "opgaven")}
    real = migrations.STEPS[step]

    def broken(cur, mark):
        real(cur, mark)
        raise RuntimeError("stroom uitgevallen")

    monkeypatch.setitem(migrations.STEPS, step, broken)
    with pytest.raises(RuntimeError):
        migrations.migrate_store(store)
    assert store.schema_version() == version
    with store.reading() as con:
        assert {t: con.execute(f"SELECT * FROM {t} ORDER BY fid").fetchall() for t in before} == before
        if backend == "postgis":
            assert "atlas_wijzigingen_tijd" not in pg_indexes(con, "atlas")
            assert "stijl_qml" not in store.columns("atlas_lagen", con)  # DDL too is undone
    monkeypatch.setitem(migrations.STEPS, step, real)
    notes = migrations.migrate_store(store)
    assert f"schemaversie {version} → {SCHEMA_VERSION}" in notes and store.schema_version() == SCHEMA_VERSION
    if backend == "postgis":
        assert "atlas_lagen: veld stijl_qml toegevoegd" in notes and "indexen vernieuwd: atlas_wijzigingen_tijd" in notes


def test_postgis_migration_adds_a_missing_table_with_its_catalogue(pg_store, capsys):
    con = psycopg2.connect(pg_store.split("?")[0])
    with con, con.cursor() as cur:
        cur.execute("DROP TABLE atlas.koersopgaven")
        cur.execute("UPDATE atlas.atlas_meta SET waarde = '3' WHERE sleutel = 'schema_versie'")
    con.close()
    assert main(["migrate", pg_store]) == 0
    assert "tabellen toegevoegd: koersopgaven" in capsys.readouterr().out
    store = open_store(pg_store)
    assert store.read_frame("SELECT count(*) AS n FROM koersopgaven").n[0] > 0


def test_a_postgis_store_of_schema_4_takes_an_empty_leefbaarheid_score_and_multipolygons_after_migrating(pg_v4):
    from shapely.geometry import MultiPolygon

    from tests.helpers import square

    before = rows(pg_v4, ["leefbaarheid"])["leefbaarheid"]
    store = open_store(pg_v4, migrate=True)
    assert {"leefbaarheid: veld score mag leeg zijn", "leefbaarheid: vlakken als multipolygoon"} <= set(store.migration_notes)
    after = rows(pg_v4, ["leefbaarheid"])["leefbaarheid"]
    assert len(after) == len(before) and all(made_multi(old["geom"], new["geom"]) for old, new in zip(before, after))
    assert [{k: v for k, v in r.items() if k != "geom"} for r in before] == [{k: r[k] for k in old if k != "geom"} for old, r in zip(before, after)]
    two = MultiPolygon([square(243500, 484500), square(243800, 484500)])
    with store.transaction() as con:
        store.insert_rows(con, "leefbaarheid", [{"score": None, "lbm": 4.12, "geom": two}])
    with store.reading() as con:
        assert con.execute("SELECT count(*) FROM leefbaarheid WHERE score IS NULL").fetchone()[0] == 1
        assert con.execute("SELECT type FROM geometry_columns WHERE f_table_name = 'leefbaarheid'").fetchone()[0] == "MULTIPOLYGON"


def test_a_postgis_store_of_schema_5_gets_multipolygon_cells_and_the_same_rollup(pg_sample, capsys):
    """The sample as schema 5 kept it (leefbaarheid Polygon, score NOT NULL): `migrate` makes each cell the MultiPolygon
    of its one part, every row and value kept, and the roll-up is the sample's kept file byte for byte."""
    from almelo_atlas_plugin.cli import main

    con = psycopg2.connect(pg_sample.split("?")[0])
    with con, con.cursor() as cur:
        cur.execute("ALTER TABLE atlas.leefbaarheid ALTER COLUMN geom TYPE geometry(Polygon, 28992) USING ST_GeometryN(geom, 1)")
        cur.execute("ALTER TABLE atlas.leefbaarheid ALTER COLUMN score SET NOT NULL")
        cur.execute("UPDATE atlas.atlas_meta SET waarde = '5' WHERE sleutel = 'schema_versie'")
    con.close()
    before = rows(pg_sample, ["leefbaarheid"])["leefbaarheid"]
    assert main(["migrate", pg_sample]) == 0
    assert "leefbaarheid: vlakken als multipolygoon" in capsys.readouterr().out
    after = rows(pg_sample, ["leefbaarheid"])["leefbaarheid"]
    assert len(after) == len(before) == 2797
    assert all(made_multi(old["geom"], new["geom"]) for old, new in zip(before, after))
    assert [{**r, "geom": None} for r in before] == [{**r, "geom": None} for r in after]
    assert main(["rollup", pg_sample, "--format", "json"]) == 0
    assert capsys.readouterr().out == (FIXTURES / "rollup_sample.json").read_text(encoding="utf-8")
