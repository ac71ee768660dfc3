"""The database itself refuses bad rows (each rule), keeps history and flags stale wijk codes."""

from __future__ import annotations

import json
import sqlite3

import pytest

from almelo_atlas_plugin.core.model.schema import SCHEMA_VERSION, TABLES
from almelo_atlas_plugin.core.store.base import DbError, StoreError
from almelo_atlas_plugin.core.store.open import create_store, open_store
from tests.helpers import blob, point, potloodplan, project, square, wijk


def refused(store, sql, params=()):
    with pytest.raises(DbError) as exc:
        with store.transaction() as con:
            con.execute(sql, params)
    return str(exc.value)


def test_init_creates_every_table_and_field(empty_store):
    names = set(empty_store.table_names())
    for t in TABLES:
        assert t.name in names
        assert set(t.field_names) <= set(empty_store.columns(t.name))
    assert empty_store.schema_version() == SCHEMA_VERSION
    with empty_store.reading() as con:
        srs = dict(con.execute("SELECT table_name, srs_id FROM gpkg_geometry_columns"))
        assert set(srs.values()) == {28992}
        assert con.execute("SELECT count(*) FROM opgaven").fetchone()[0] == 7
        assert con.execute("SELECT count(*) FROM koersopgaven").fetchone()[0] == 7
        assert con.execute("SELECT count(*) FROM doelen WHERE niveau = 'stad'").fetchone()[0] >= 4
        assert con.execute("SELECT sum(aantal) FROM woningvraag WHERE jaar <= 2030").fetchone()[0] == 1400
        assert con.execute("SELECT sum(aantal) FROM woningvraag WHERE jaar > 2030").fetchone()[0] == 240


def test_init_refuses_existing_file(empty_store):
    with pytest.raises(StoreError, match="bestaat al"):
        create_store(empty_store.path)


@pytest.mark.parametrize("column, value, message", [
    ("status", "bezig", "veld status: waarde niet toegestaan"),
    ("planstatus", "halfzacht", "veld planstatus: waarde niet toegestaan"),
    ("won_koop", -5, "veld won_koop: mag niet negatief zijn"),
    ("won_koop", "veel", "veld won_koop: moet een getal zijn"),
    ("ha_zon", -0.5, "veld ha_zon: mag niet negatief zijn"),
    ("oplever_jaar", 1999, "veld oplever_jaar: mag niet kleiner zijn dan 2000"),
    ("start_jaar", 2051, "veld start_jaar: mag niet groter zijn dan 2050"),
])
def test_project_guards(empty_store, column, value, message):
    with empty_store.transaction() as con:
        fid = project(con)
    msg = refused(empty_store, f"UPDATE projecten SET {column} = ? WHERE fid = ?", (value, fid))
    assert f"Laag projecten, {message}" in msg
    with pytest.raises(DbError, match=message.split(":")[0]):
        with empty_store.transaction() as con:
            project(con, **{column: value})


def test_sum_of_segments_guard(empty_store):
    msg = refused(empty_store, "INSERT INTO potloodplannen (naam, soort, won_koop, won_totaal, geom) VALUES ('x', 'braakliggend_terrein', 5, 7, ?)",
                  (blob(square(240000, 485000)),))
    assert "veld won_totaal: is niet gelijk aan de som" in msg


def test_potloodplan_domain_guards(empty_store):
    assert "veld soort" in refused(empty_store, "INSERT INTO potloodplannen (naam, soort, geom) VALUES ('x', 'weiland', ?)",
                                   (blob(square(240000, 485000)),))
    assert "veld prioriteit" in refused(empty_store, "INSERT INTO potloodplannen (naam, soort, prioriteit) VALUES ('x', 'braakliggend_terrein', 'urgent')")


def test_other_domains(empty_store):
    assert "Laag wijken, veld prioriteit" in refused(empty_store, "INSERT INTO wijken (wijk_code, naam, prioriteit) VALUES ('W1', 'x', 'hoog')")
    assert "Laag energielabels, veld label" in refused(empty_store, "INSERT INTO energielabels (label) VALUES ('H')")
    assert "Laag woningvoorraad, veld eigendom" in refused(empty_store, "INSERT INTO woningvoorraad (eigendom) VALUES ('huur')")
    assert "Laag leefbaarheid, veld score" in refused(empty_store, "INSERT INTO leefbaarheid (score) VALUES (10)")
    assert "Laag gebieden, veld soort" in refused(empty_store, "INSERT INTO gebieden (naam, soort) VALUES ('g', 'park')")
    assert "Laag doelen, veld eenheid" in refused(
        empty_store, "INSERT INTO doelen (niveau, opgave_code, indicator, soort, eenheid, streefwaarde) VALUES ('stad','3.4','won_totaal','minimum','stuks',1)")


def test_unknown_opgave_code_refused(empty_store):
    with empty_store.transaction() as con:
        fid = project(con)
    assert "Laag locatie_opgaven, veld opgave_code: onbekende opgave" in refused(
        empty_store, "INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES ('projecten', ?, '9.9')", (fid,))
    assert "Laag doelen, veld opgave_code: onbekende opgave" in refused(
        empty_store,
        "INSERT INTO doelen (niveau, opgave_code, indicator, soort, eenheid, streefwaarde) VALUES ('stad','3.9','won_totaal','minimum','aantal',1)")
    assert "locatie bestaat niet" in refused(
        empty_store, "INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES ('projecten', 999, '3.4')")


def test_geometry_crs_guard(empty_store):
    msg = refused(empty_store, "INSERT INTO projecten (naam, geom) VALUES ('wgs', ?)", (blob(square(6.6, 52.3, 0.01), srs=4326),))
    assert "veld geom: geometrie moet in EPSG:28992" in msg


def test_opgave_in_use_cannot_be_deleted(empty_store):
    assert "opgave is nog in gebruik" in refused(empty_store, "DELETE FROM opgaven WHERE code = '3.4'")


def test_history_on_insert_update_delete(empty_store):
    with empty_store.transaction() as con:
        fid = project(con, naam="Historie", won_netto=10)  # its koop becomes one block
        con.execute("INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code, bijgewerkt_door) VALUES ('projecten', ?, '3.4', 'ann')", (fid,))
        con.execute("UPDATE projecten SET naam = 'Historie 2', bijgewerkt_door = 'bob' WHERE fid = ?", (fid,))
        con.execute("UPDATE woningblokken SET aantal = 12, bijgewerkt_door = 'cor' WHERE laag = 'projecten' AND locatie_fid = ?", (fid,))
        con.execute("UPDATE projecten SET wijk_code = 'WK0' WHERE fid = ?", (fid,))  # not a user edit: no history
        con.execute("DELETE FROM projecten WHERE fid = ?", (fid,))
    rows = empty_store.read_frame("SELECT laag, fid, actie, gebruiker, oud, nieuw FROM wijzigingen ORDER BY wijziging_id")
    assert list(zip(rows.laag, rows.actie)) == [
        ("projecten", "insert"), ("woningblokken", "insert"), ("locatie_opgaven", "insert"), ("projecten", "update"),
        ("woningblokken", "update"), ("projecten", "update"),
        ("projecten", "delete"), ("woningblokken", "delete"), ("locatie_opgaven", "delete")]
    upd = rows.iloc[3]
    assert upd.gebruiker == "bob"
    assert json.loads(upd.oud)["naam"] == "Historie" and json.loads(upd.nieuw)["naam"] == "Historie 2"
    assert rows.iloc[4].gebruiker == "cor" and json.loads(rows.iloc[4].nieuw)["aantal"] == 12
    sums = rows.iloc[5]  # the sums follow the block: a row of the location's history
    assert json.loads(sums.oud)["won_koop"] == 10 and json.loads(sums.nieuw)["won_koop"] == 12
    assert json.loads(sums.nieuw)["won_netto"] == 12
    assert json.loads(rows.iloc[6].oud)["naam"] == "Historie 2"
    assert json.loads(rows.iloc[0].nieuw)["geom"]  # geometry kept as hex WKB


def test_geometry_edit_marks_wijk_code_stale(empty_store):
    with empty_store.transaction() as con:
        fid = project(con, wijk_code="WK1")
        con.execute("UPDATE projecten SET naam = 'x' WHERE fid = ?", (fid,))
        assert con.execute("SELECT wijk_code FROM projecten WHERE fid = ?", (fid,)).fetchone()[0] == "WK1"
        con.execute("UPDATE projecten SET geom = ? WHERE fid = ?", (blob(square(241000, 485000)), fid))
        assert con.execute("SELECT wijk_code FROM projecten WHERE fid = ?", (fid,)).fetchone()[0] is None
        # an editor that sets geometry and wijk_code together keeps its wijk_code
        con.execute("UPDATE projecten SET geom = ?, wijk_code = 'WK2' WHERE fid = ?", (blob(square(242000, 485000)), fid))
        assert con.execute("SELECT wijk_code FROM projecten WHERE fid = ?", (fid,)).fetchone()[0] == "WK2"


def test_deleting_a_location_removes_its_tags(empty_store):
    with empty_store.transaction() as con:
        fid = potloodplan(con)
        con.execute("INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES ('potloodplannen', ?, '3.2')", (fid,))
        con.execute("DELETE FROM potloodplannen WHERE fid = ?", (fid,))
        assert con.execute("SELECT count(*) FROM locatie_opgaven").fetchone()[0] == 0


def test_failed_transaction_writes_nothing(empty_store):
    with pytest.raises(DbError):
        with empty_store.transaction() as con:
            project(con, naam="goed")
            project(con, naam="fout", status="bezig")
    assert empty_store.read_frame("SELECT count(*) AS n FROM projecten").n[0] == 0


def test_edits_through_ogr_are_guarded_and_recorded(empty_store):
    """Another tool (GDAL/OGR, as QGIS and ogr2ogr use) meets the same guards and history."""
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    ds = gdal.OpenEx(str(empty_store.path), gdal.OF_VECTOR | gdal.OF_UPDATE)
    lyr = ds.GetLayerByName("projecten")
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("naam", "Via OGR")
    f.SetField("status", "initiatief")
    f.SetField("planstatus", "zacht")
    f.SetGeometry(ogr.CreateGeometryFromWkt("MULTIPOLYGON(((240000 485000,240100 485000,240100 485100,240000 485000)))"))
    assert lyr.CreateFeature(f) == 0
    bad = ogr.Feature(lyr.GetLayerDefn())
    bad.SetField("naam", "Fout via OGR")
    bad.SetField("won_koop", -3)
    with pytest.raises(RuntimeError, match="won_koop: mag niet negatief"):
        lyr.CreateFeature(bad)
    ds = None
    hist = empty_store.read_frame("SELECT laag, actie, nieuw FROM wijzigingen")
    assert len(hist) == 1 and "Via OGR" in hist.nieuw[0]


def test_open_errors_are_dutch_and_clear(tmp_path):
    with pytest.raises(StoreError, match="bestaat niet"):
        open_store(tmp_path / "nergens.gpkg")
    (tmp_path / "kapot.gpkg").write_bytes(b"dit is geen database" * 50)
    with pytest.raises(StoreError, match="beschadigd of geen GeoPackage"):
        open_store(tmp_path / "kapot.gpkg")
    with pytest.raises(StoreError, match="eindigt op .gpkg"):
        open_store(tmp_path / "data.shp")
    con = sqlite3.connect(tmp_path / "plain.gpkg")
    con.execute("CREATE TABLE t (a)")
    con.close()
    with pytest.raises(StoreError, match="geen GeoPackage"):
        open_store(tmp_path / "plain.gpkg")


def test_newer_store_is_refused(empty_store):
    with empty_store.transaction() as con:
        con.execute("UPDATE atlas_meta SET waarde = '99' WHERE sleutel = 'schema_versie'")
    with pytest.raises(StoreError, match="schemaversie 99"):
        open_store(empty_store.path)


def test_point_and_wijk_helpers_roundtrip(empty_store):
    with empty_store.transaction() as con:
        wijk(con, "WK1", "Een", square(0, 0, 1000))
        con.execute("INSERT INTO woningvoorraad (eigendom, geom) VALUES ('koop', ?)", (blob(point(10, 10)),))
    fids, geoms = empty_store.read_geometries("woningvoorraad")
    assert geoms[0].x == 10 and geoms[0].y == 10


def test_a_block_refusal_reads_for_a_person():
    from almelo_atlas_plugin.core.store.messages import refusal_message

    assert refusal_message(["Laag woningblokken, blok 7, veld soort: sloop kan niet op braakliggend terrein (geen bebouwing)"]) \
        == "Bouw of sloop: sloop kan niet op braakliggend terrein (geen bebouwing) (woningblok 7)"
    assert refusal_message(["Laag projecten, veld won_koop: wordt berekend uit de woningblokken; wijzig de woningblokken"],
                           "projecten", 3, "Hofkwartier") \
        == "Woningen koop: wordt berekend uit de woningblokken; wijzig de woningblokken (project Hofkwartier)"
