"""PostGIS store, first step of #7: `init` creates the same tables, guards, catalogues and history in PostgreSQL."""

from __future__ import annotations

import json

import pytest

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.model.schema import SCHEMA_VERSION, TABLES
from almelo_atlas_plugin.core.store.base import DbError
from almelo_atlas_plugin.core.store.postgis import pg_connection


def test_init_creates_every_table_with_catalogues(pg_store, capsys):
    con = pg_connection(pg_store)
    with con, con.cursor() as cur:
        for t in TABLES:
            cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = 'atlas' AND table_name = %s", (t.name,))
            cols = {r[0] for r in cur.fetchall()}
            assert set(t.field_names) <= cols, t.name
        cur.execute("SELECT waarde FROM atlas_meta WHERE sleutel = 'schema_versie'")
        assert cur.fetchone()[0] == str(SCHEMA_VERSION)
        cur.execute("SELECT count(*) FROM opgaven")
        assert cur.fetchone()[0] == 7
        cur.execute("SELECT Find_SRID('atlas', 'projecten', 'geom')")
        assert cur.fetchone()[0] == 28992
    con.close()
    assert main(["init", pg_store]) == 2  # exists already
    assert "bestaat al" in capsys.readouterr().err


def insert_project(cur, won=(0, 0, 0, 10), total=None, status="initiatief", geom="MULTIPOLYGON(((240000 485000,240100 485000,240100 485100,240000 485000)))"):
    cur.execute("INSERT INTO projecten (naam, status, planstatus, won_sociale_huur, won_middenhuur, won_vrije_huur, won_koop, won_totaal, "
                "bijgewerkt_door, geom) VALUES ('P', %s, 'zacht', %s, %s, %s, %s, %s, 'x', ST_GeomFromText(%s, 28992)) RETURNING fid",
                (status, *won, sum(won) if total is None else total, geom))
    return cur.fetchone()[0]


@pytest.mark.parametrize("kwargs, message", [
    ({"status": "bezig"}, "Laag projecten, veld status: waarde niet toegestaan"),
    ({"won": (0, 0, 0, -1)}, "Laag projecten, veld won_koop: mag niet negatief zijn"),
    ({"total": 99}, "Laag projecten, veld won_totaal: is niet gelijk aan de som"),
    ({"geom": "MULTIPOLYGON EMPTY"}, "Laag projecten, veld geom: geometrie ontbreekt of is leeg"),
])
def test_the_database_refuses(pg_store, kwargs, message):
    import psycopg2

    con = pg_connection(pg_store)
    with pytest.raises(psycopg2.Error, match=message):
        with con, con.cursor() as cur:
            insert_project(cur, **kwargs)
    con.close()


def test_unknown_opgave_and_wrong_crs_refused_and_history_names_the_db_user(pg_store):
    import psycopg2

    con = pg_connection(pg_store)
    with con, con.cursor() as cur:
        fid = insert_project(cur)
        cur.execute("UPDATE woningblokken SET aantal = 12 WHERE laag = 'projecten' AND locatie_fid = %s", (fid,))  # the sums follow
    with pytest.raises(psycopg2.Error, match="veld opgave_code: onbekende opgave"):
        with con, con.cursor() as cur:
            cur.execute("INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES ('projecten', %s, '9.9')", (fid,))
    with pytest.raises(psycopg2.Error):
        with con, con.cursor() as cur:
            cur.execute("INSERT INTO projecten (naam, geom) VALUES ('wgs', ST_GeomFromText('MULTIPOLYGON(((6 52,6.1 52,6.1 52.1,6 52)))', 4326))")
    with con, con.cursor() as cur:
        cur.execute("SELECT gebruiker, actie, oud, nieuw FROM wijzigingen WHERE laag = 'projecten' ORDER BY wijziging_id")
        rows = cur.fetchall()
    con.close()
    assert [r[1] for r in rows] == ["insert", "update", "update"]  # the second: won_netto from its new block
    assert rows[2][0] == "postgres"  # the database user, not a field the client fills in
    assert json.loads(rows[2][2])["won_koop"] == 10 and json.loads(rows[2][3])["won_koop"] == 12
    assert json.loads(rows[2][3])["geom"]  # geometry kept as hex WKB, as in the GeoPackage


def test_bad_connection_is_one_dutch_line(capsys):
    assert main(["init", "postgresql://nobody@127.0.0.1:1/none?schema=atlas"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "verbinding mislukt" in err[0]


def test_roles_read_edit_manage(pg_store, cluster, capsys):
    import psycopg2

    from almelo_atlas_plugin.core.store.postgis import translate_pg_error

    assert main(["roles", pg_store]) == 0
    assert "atlas_redacteur" in capsys.readouterr().out
    assert main(["roles", pg_store]) == 0  # idempotent
    con = pg_connection(pg_store)
    with con, con.cursor() as cur:
        for user, role in (("lies", "atlas_lezer"), ("ruud", "atlas_redacteur"), ("bea", "atlas_beheerder")):
            cur.execute(f"DROP ROLE IF EXISTS {user}")
            cur.execute(f"CREATE ROLE {user} LOGIN IN ROLE {role}")
    con.close()

    def as_user(user, sql, params=()):
        c = psycopg2.connect(pg_store.split("?")[0].replace("postgres@", f"{user}@"))
        try:
            with c, c.cursor() as cur:
                cur.execute("SET search_path TO atlas, public")
                cur.execute(sql, params)
        finally:
            c.close()

    insert = ("INSERT INTO projecten (naam, bijgewerkt_door, geom) VALUES ('R', 'ruud', "
              "ST_GeomFromText('MULTIPOLYGON(((240000 485000,240100 485000,240100 485100,240000 485000)))', 28992))")
    as_user("lies", "SELECT count(*) FROM projecten")
    with pytest.raises(psycopg2.Error) as exc:
        as_user("lies", insert)
    assert translate_pg_error(exc.value) == "Geen rechten om laag projecten te wijzigen: vraag een beheerder om de rol atlas_redacteur."
    as_user("ruud", insert)  # an editor edits locations (and the triggers write the history for him)
    as_user("ruud", "INSERT INTO woningblokken (laag, locatie_fid, soort, aantal, segment, bijgewerkt_door)"
                    " SELECT 'projecten', max(fid), 'bouw', 9, 'koop', 'ruud' FROM projecten")  # and their blocks
    as_user("ruud", "UPDATE woningblokken SET aantal = 11 WHERE fid = (SELECT max(fid) FROM woningblokken)")
    with pytest.raises(psycopg2.Error, match="permission denied") as exc:
        as_user("ruud", "UPDATE realisatiekans_norm SET realisatiekans = 50")  # the catalogue is a beheerder's
    assert translate_pg_error(exc.value) == ("Geen rechten om laag realisatiekans_norm te wijzigen: vraag een beheerder om de rol "
                                             "atlas_beheerder.")
    as_user("bea", "UPDATE realisatiekans_norm SET realisatiekans = realisatiekans")
    with pytest.raises(psycopg2.Error, match="permission denied") as exc:
        as_user("ruud", "UPDATE doelen SET streefwaarde = 1")  # but not the goals
    assert translate_pg_error(exc.value) == "Geen rechten om laag doelen te wijzigen: vraag een beheerder om de rol atlas_beheerder."
    as_user("bea", "UPDATE doelen SET streefwaarde = streefwaarde")
    with pytest.raises(psycopg2.Error, match="permission denied"):
        as_user("bea", "DELETE FROM wijzigingen")  # nobody rewrites history
    con = pg_connection(pg_store)
    with con, con.cursor() as cur:
        cur.execute("SELECT gebruiker FROM wijzigingen WHERE laag = 'projecten' ORDER BY wijziging_id DESC LIMIT 1")
        assert cur.fetchone()[0] == "ruud"
        cur.execute("SELECT won_koop, won_totaal, won_netto FROM projecten WHERE naam = 'R'")
        assert cur.fetchone() == (11, 11, 11)  # the sums follow his blocks
    con.close()


def test_a_password_in_the_connection_string_is_never_printed(cluster, capsys, tmp_path):
    cluster.createdb("atlas_geheim")
    secret = "Zeer-geheim-0141"
    uri = f"postgresql://postgres:{secret}@127.0.0.1:{cluster.port}/atlas_geheim?schema=atlas"
    shown = []
    for argv, rc in ((["init", uri], 0), (["validate", uri], 0), (["rollup", uri], 0), (["export", uri, str(tmp_path / "k.gpkg")], 0),
                     (["init", uri], 2), (["init", uri.replace("schema=atlas", "schema=Slecht-Schema")], 2),
                     (["rollup", uri.replace(f":{cluster.port}/", ":1/")], 2)):
        assert main(argv) == rc, argv
        out = capsys.readouterr()
        shown.append(out.out + out.err)
    assert not any(secret in s for s in shown)
    assert "postgres:***@" in shown[0] and "verbinding mislukt" in shown[-1]


def test_a_service_from_a_pg_service_file(qgis_app, cluster, pg_sample, tmp_path, monkeypatch, capsys):
    """`service=NAME`: host, database and user from the service file (no credentials anywhere else); QGIS layers too."""
    from qgis.core import QgsVectorLayer

    from almelo_atlas_plugin.core.figures.rollup import rollup
    from almelo_atlas_plugin.core.store.open import open_store

    db = pg_sample.rsplit("/", 1)[1].split("?")[0]
    svc = tmp_path / "pg_service.conf"
    svc.write_text(f"[atlas_test]\nhost=127.0.0.1\nport={cluster.port}\ndbname={db}\nuser=postgres\n", encoding="utf-8")
    monkeypatch.setenv("PGSERVICEFILE", str(svc))
    arg = "service=atlas_test schema=atlas"
    assert main(["rollup", arg, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == rollup(open_store(pg_sample)).to_json()
    uri, provider = open_store(arg).layer_source("projecten")
    assert "service='atlas_test'" in uri and "127.0.0.1" not in uri
    layer = QgsVectorLayer(uri, "projecten", provider)
    assert layer.isValid() and layer.featureCount() == 34


def test_deleting_an_opgave_in_use_is_refused_as_on_geopackage(pg_sample):

    from almelo_atlas_plugin.core.store.open import open_store

    store = open_store(pg_sample)
    with pytest.raises(DbError, match="^Laag opgaven, veld code: opgave is nog in gebruik$"):
        with store.transaction() as con:
            con.execute("DELETE FROM opgaven WHERE code = '3.4'")
    assert store.read_frame("SELECT count(*) AS n FROM opgaven").n[0] == 7
