"""Hostile input on both backends: names with quotes, spaces, dashes and SQL fragments are data, never SQL (#7)."""

from __future__ import annotations

import json
import shutil

import pytest

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.edits import TagError, locations_in, tag
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.sources.importer import import_layer
from almelo_atlas_plugin.core.store.base import DbError, StoreError

NASTY = ["x'; DROP TABLE projecten; --", 'a"b', "3.4 OR 1=1", "wijk-code met spaties", "); DELETE FROM opgaven; --",
         "%' OR '1'='1", "$$; DROP SCHEMA atlas CASCADE; $$", "E'\\x27; --"]


def test_store_path_with_quotes_spaces_and_dashes(sample_master, tmp_path, capsys):
    folder = tmp_path / "map met 'quotes' en-streepjes"
    folder.mkdir()
    path = folder / "store \"x\"; DROP TABLE y -- #1 ?mode=rw 100%.gpkg"
    shutil.copy(sample_master, path)
    assert main(["rollup", str(sample_master), "--format", "json"]) == 0
    plain = capsys.readouterr().out
    assert main(["validate", str(path)]) == 0
    capsys.readouterr()
    assert main(["rollup", str(path), "--format", "json"]) == 0
    assert capsys.readouterr().out == plain and '"won_gepland": ' in plain  # the same figures, whatever the path
    assert main(["init", str(folder / "nieuw 'store'.gpkg")]) == 0


@pytest.mark.parametrize("code", NASTY)
def test_opgave_codes_with_sql_fragments_are_refused_and_nothing_changes(store, code):
    before = store.read_frame("SELECT count(*) AS n FROM locatie_opgaven").n[0]
    with pytest.raises(TagError, match="Onbekende opgave"):
        tag(store, "projecten", [1], [code])
    assert store.read_frame("SELECT count(*) AS n FROM locatie_opgaven").n[0] == before
    assert store.read_frame("SELECT count(*) AS n FROM opgaven").n[0] == 7
    # straight into the table, past the command: the database itself refuses, in Dutch
    with pytest.raises(DbError, match="Laag locatie_opgaven, veld opgave_code: onbekende opgave"):
        with store.transaction() as con:
            con.execute(f"INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES ('projecten', 1, {store.param})", (code,))
    assert store.read_frame("SELECT count(*) AS n FROM locatie_opgaven").n[0] == before


@pytest.mark.parametrize("text", NASTY)
def test_layer_gebied_and_wijk_names_are_data_not_sql(store, sample_store, text):
    with pytest.raises(TagError):
        tag(store, text, [1], ["3.4"])
    with pytest.raises(TagError):
        locations_in(store, "projecten", gebied=text)
    with pytest.raises(TagError):
        locations_in(store, "projecten", wijk=text)
    with pytest.raises(StoreError):
        import_layer(store, text, str(sample_store.path))
    assert store.read_frame("SELECT count(*) AS n FROM projecten").n[0] == 34
    assert len(store.table_names()) >= 22


def test_values_with_quotes_are_stored_as_they_are(store):
    name = "Project \"Kade\"; DROP TABLE projecten; -- 'x' 100% ?"
    with store.transaction() as con:
        p = store.param
        con.execute(f"UPDATE projecten SET naam = {p}, bijgewerkt_door = {p} WHERE fid = 1", (name, "o'brien"))
    r = rollup(store).to_json()
    assert next(x for x in r["locaties"] if x["laag"] == "projecten" and x["fid"] == 1)["naam"] == name
    last = store.read_frame("SELECT gebruiker, nieuw FROM wijzigingen ORDER BY wijziging_id DESC LIMIT 1")
    # GeoPackage: the name the editor gives; PostGIS: the database user
    assert last.gebruiker[0] == ("o'brien" if store.kind == "gpkg" else "postgres")
    assert json.loads(last.nieuw[0])["naam"] == name


def test_hostile_database_and_schema_names(cluster, capsys):
    from urllib.parse import quote

    db = "atlas 'x\"; DROP DATABASE postgres; --"
    import psycopg2

    con = psycopg2.connect(cluster.dsn())
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute('CREATE DATABASE "atlas \'x""; DROP DATABASE postgres; --"')
    con.close()
    uri = f"postgresql://postgres@127.0.0.1:{cluster.port}/{quote(db)}?schema=atlas"
    assert main(["init", uri]) == 0
    assert main(["rollup", uri, "--format", "json"]) == 0
    assert '"schema_versie"' in capsys.readouterr().out
    for schema in ("atlas; DROP SCHEMA public", 'a"b', "Atlas-Groot"):
        assert main(["init", f"postgresql://postgres@127.0.0.1:{cluster.port}/{quote(db)}?schema={quote(schema)}"]) == 2
        assert "Schemanaam" in capsys.readouterr().err


def test_import_mapping_with_hostile_field_names(sample_store, tmp_path):
    csv = tmp_path / "labels.csv"
    csv.write_text('x,y,"label""; --"\n241500,486000,C\n', encoding="utf-8")
    with pytest.raises(StoreError, match="heeft geen veld"):
        import_layer(sample_store, "energielabels", str(csv), mapping={"label": "nope'; DROP TABLE x; --"})
    with pytest.raises(StoreError, match="heeft geen veld"):
        import_layer(sample_store, "energielabels", str(csv), mapping={"label'; --": "label"})
