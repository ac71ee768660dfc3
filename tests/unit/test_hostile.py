"""Hostile input on the GeoPackage backend: names with quotes, spaces, dashes and SQL fragments (part of #7)."""

from __future__ import annotations

import shutil

import pytest

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.importer import import_layer
from almelo_atlas_plugin.core.rollup import rollup
from almelo_atlas_plugin.core.store import StoreError, open_store
from almelo_atlas_plugin.core.tagging import TagError, locations_in, tag

NASTY = ["x'; DROP TABLE projecten; --", 'a"b', "3.4 OR 1=1", "wijk-code met spaties", "); DELETE FROM opgaven; --"]


def test_store_path_with_quotes_spaces_and_dashes(sample_master, tmp_path, capsys):
    folder = tmp_path / "map met 'quotes' en-streepjes"
    folder.mkdir()
    path = folder / "store \"x\"; DROP TABLE y -- #1 ?mode=rw 100%.gpkg"
    shutil.copy(sample_master, path)
    assert main(["validate", str(path)]) == 0
    assert main(["rollup", str(path), "--format", "json"]) == 0
    assert '"won_gepland": 1499' in capsys.readouterr().out.replace("\n ", "")
    assert main(["init", str(folder / "nieuw 'store'.gpkg")]) == 0


@pytest.mark.parametrize("code", NASTY)
def test_opgave_codes_with_sql_fragments_are_refused_and_nothing_changes(sample_store, code):
    before = sample_store.read_frame("SELECT count(*) AS n FROM locatie_opgaven").n[0]
    with pytest.raises(TagError, match="Onbekende opgave"):
        tag(sample_store, "projecten", [1], [code])
    assert sample_store.read_frame("SELECT count(*) AS n FROM locatie_opgaven").n[0] == before
    assert sample_store.read_frame("SELECT count(*) AS n FROM opgaven").n[0] == 7


@pytest.mark.parametrize("text", NASTY)
def test_layer_gebied_and_wijk_names_are_data_not_sql(sample_store, text):
    with pytest.raises(TagError):
        tag(sample_store, text, [1], ["3.4"])
    with pytest.raises(TagError):
        locations_in(sample_store, "projecten", gebied=text)
    with pytest.raises(TagError):
        locations_in(sample_store, "projecten", wijk=text)
    with pytest.raises(StoreError):
        import_layer(sample_store, text, str(sample_store.path))
    assert open_store(sample_store.path).read_frame("SELECT count(*) AS n FROM projecten").n[0] == 34


def test_values_with_quotes_are_stored_as_they_are(sample_store):
    name = "Project \"Kade\"; DROP TABLE projecten; -- 'x'"
    with sample_store.transaction() as con:
        con.execute("UPDATE projecten SET naam = ?, bijgewerkt_door = ? WHERE fid = 1", (name, "o'brien"))
    r = rollup(sample_store)
    assert next(x for x in r["locaties"] if x["laag"] == "projecten" and x["fid"] == 1)["naam"] == name
    assert sample_store.read_frame("SELECT gebruiker FROM wijzigingen ORDER BY wijziging_id DESC LIMIT 1").gebruiker[0] == "o'brien"


def test_import_mapping_with_hostile_field_names(sample_store, tmp_path):
    csv = tmp_path / "labels.csv"
    csv.write_text('x,y,"label""; --"\n241500,486000,C\n', encoding="utf-8")
    with pytest.raises(StoreError, match="heeft geen veld"):
        import_layer(sample_store, "energielabels", str(csv), mapping={"label": "nope'; DROP TABLE x; --"})
    with pytest.raises(StoreError, match="heeft geen veld"):
        import_layer(sample_store, "energielabels", str(csv), mapping={"label'; --": "label"})
