"""An older (v0) store is migrated forward on open without losing rows."""

from __future__ import annotations

import sqlite3

import pytest

from almelo_atlas_plugin.core.model.schema import COMPUTED_FIELDS, SCHEMA_VERSION, TABLES
from almelo_atlas_plugin.core.store.base import DbError
from almelo_atlas_plugin.core.store.open import open_store
from almelo_atlas_plugin.core.store.validation import validate
from tests.fixtures.v0_store import PROJECTS, make_v0_store


def test_v0_store_migrates_without_losing_rows(tmp_path):
    path = make_v0_store(tmp_path / "v0.gpkg")
    before = {}
    con = sqlite3.connect(path)
    for t in ("projecten", "potloodplannen", "wijken", "opgaven", "locatie_opgaven"):
        before[t] = con.execute(f"SELECT * FROM {t} ORDER BY fid").fetchall()
    con.close()

    store = open_store(path, migrate=True)  # migrates
    assert store.schema_version() == SCHEMA_VERSION
    for t in TABLES:
        assert set(t.field_names) <= set(store.columns(t.name)), t.name
    # every old row and value is still there
    for t, rows in before.items():
        with store.reading() as c:
            cols = [d[1] for d in c.execute(f"PRAGMA table_info({t})")]
            now = c.execute(f"SELECT * FROM {t} ORDER BY fid").fetchall()
        assert len(now) >= len(rows)
        for old, new in zip(rows, now):  # a missing dwelling count is now the sum of no blocks
            assert tuple(new[: len(old)]) == tuple(0 if v is None and c in COMPUTED_FIELDS else v for c, v in zip(cols, old)), (t, cols)
    # data step of 0 → 1: won_totaal filled from the segments
    tot = store.read_frame("SELECT naam, won_totaal FROM projecten ORDER BY fid")
    assert tot.won_totaal.tolist() == [sum(p[3]) for p in PROJECTS]
    # the old opgave row is kept as the user left it; the catalogue adds the missing ones
    opg = store.read_frame("SELECT code, naam FROM opgaven ORDER BY code")
    assert opg.code.tolist() == ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]
    assert opg.set_index("code").naam["3.4"] == "Woningvoorraad (oud)"
    # guards and history are active after the migration
    with pytest.raises(DbError, match="mag niet negatief"):
        with store.transaction() as c:
            c.execute("UPDATE projecten SET won_koop = -1 WHERE fid = 1")
    with store.transaction() as c:
        c.execute("UPDATE projecten SET naam = 'Nieuw' , bijgewerkt_door = 't' WHERE fid = 1")
    assert store.read_frame("SELECT count(*) AS n FROM wijzigingen").n[0] == 1
    assert store.read_frame("SELECT count(*) AS n FROM atlas_lagen").n[0] > 5


def test_open_without_migrate_leaves_v0_untouched(tmp_path):
    path = make_v0_store(tmp_path / "v0.gpkg")
    store = open_store(path, migrate=False)
    assert store.schema_version() == 0
    kinds = {p.soort for p in validate(store)}
    assert {"schemaversie", "tabel_ontbreekt", "veld_ontbreekt"} <= kinds


def test_migration_is_idempotent(tmp_path):
    path = make_v0_store(tmp_path / "v0.gpkg")
    open_store(path, migrate=True)
    store = open_store(path, migrate=True)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.read_frame("SELECT count(*) AS n FROM projecten").n[0] == len(PROJECTS)


def _gpkg_rows(path, tables) -> dict:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    out = {t: [dict(r) for r in con.execute(f"SELECT * FROM {t} ORDER BY 1")] for t in tables if t in present}
    con.close()
    return out


def test_a_geopackage_made_by_schema_4_migrates_without_changing_anything(tmp_path, capsys):
    """tests/fixtures/gpkg_v4_store.gpkg: made by the last code of schema 4 (make_gpkg_v4.py), with that code's roll-up."""
    import json
    import shutil

    from almelo_atlas_plugin.cli import main
    from tests.conftest import ROOT
    from tests.v4_identity import V4_TABLES, blocks_made, figures_kept, kept, new_figures_follow

    fixtures = ROOT / "tests" / "fixtures"
    path = tmp_path / "v4.gpkg"
    shutil.copy(fixtures / "gpkg_v4_store.gpkg", path)
    before = _gpkg_rows(path, V4_TABLES)
    assert before["projecten"] and before["potloodplannen"] and "woningblokken" not in before
    assert {"update", "delete"} <= {r["actie"] for r in before["wijzigingen"]}
    store = open_store(path, migrate=True)
    assert store.schema_version() == SCHEMA_VERSION
    after = _gpkg_rows(path, [*V4_TABLES, "woningblokken"])
    assert kept(before, after) == []  # every row and history entry, the new columns at their defaults
    assert blocks_made(before, after) == []
    assert [p.text() for p in validate(store)] == []  # sums equal the blocks, guards and history as this version makes them
    for peildatum, name in ((None, "gpkg_v4_rollup.json"), ("2021-01-01", "gpkg_v4_rollup_2021-01-01.json")):
        assert main(["rollup", str(path), "--format", "json"] + (["--peildatum", peildatum] if peildatum else [])) == 0
        diffs, added = figures_kept(json.loads((fixtures / name).read_text(encoding="utf-8")), json.loads(capsys.readouterr().out))
        assert diffs == [], name  # every figure schema 4 knew, per wijk, gebied, opgave, year and goal
        assert added and new_figures_follow(added) == [], name


def test_a_geopackage_of_schema_4_takes_an_empty_leefbaarheid_score_and_multipolygons_after_migrating(tmp_path):
    """Schema 6 lets score be empty and keeps leefbaarheid as MultiPolygons; the v4 file's DDL had NOT NULL and POLYGON:
    the migration rebuilds the table, keeping its rows, fids, values, r-tree, GeoPackage registration and OGR's feature
    count, each cell the MultiPolygon of its one part."""
    import shutil

    from osgeo import ogr
    from shapely.geometry import MultiPolygon

    from tests.conftest import ROOT
    from tests.helpers import square
    from tests.v4_identity import made_multi

    path = tmp_path / "v4.gpkg"
    shutil.copy(ROOT / "tests" / "fixtures" / "gpkg_v4_store.gpkg", path)
    with sqlite3.connect(path) as con:
        assert "NOT NULL" in con.execute("SELECT sql FROM sqlite_master WHERE name = 'leefbaarheid'").fetchone()[0]
        before = con.execute("SELECT fid, score, jaar, wijk_code, geom FROM leefbaarheid ORDER BY fid").fetchall()
        rtree = con.execute("SELECT * FROM rtree_leefbaarheid_geom ORDER BY id").fetchall()
    store = open_store(path, migrate=True)
    assert {"leefbaarheid: veld score mag leeg zijn", "leefbaarheid: vlakken als multipolygoon"} <= set(store.migration_notes)
    two = MultiPolygon([square(243500, 484500), square(243800, 484500)])
    with store.transaction() as con:
        fid = store.insert_rows(con, "leefbaarheid", [{"score": None, "lbm": 4.12, "geom": two}])[0]
    con = sqlite3.connect(path)
    after = con.execute("SELECT fid, score, jaar, wijk_code, geom FROM leefbaarheid WHERE fid <> ? ORDER BY fid", (fid,)).fetchall()
    assert [r[:4] for r in after] == [r[:4] for r in before]
    assert all(made_multi(old[4], new[4]) for old, new in zip(before, after))
    assert fid > max(r[0] for r in before)
    assert con.execute("SELECT * FROM rtree_leefbaarheid_geom WHERE id <> ? ORDER BY id", (fid,)).fetchall() == rtree
    assert con.execute("SELECT count(*) FROM rtree_leefbaarheid_geom WHERE id = ?", (fid,)).fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM gpkg_contents WHERE table_name = 'leefbaarheid'").fetchone()[0] == 1
    assert con.execute("SELECT geometry_type_name FROM gpkg_geometry_columns WHERE table_name = 'leefbaarheid'").fetchone()[0] == "MULTIPOLYGON"
    assert '"geom" MULTIPOLYGON' in con.execute("SELECT sql FROM sqlite_master WHERE name = 'leefbaarheid'").fetchone()[0]
    con.close()
    ds = ogr.Open(str(path))
    lyr = ds.GetLayerByName("leefbaarheid")
    assert lyr.GetFeatureCount() == len(before) + 1 and lyr.GetSpatialRef().GetAuthorityCode(None) == "28992"
    assert lyr.GetGeomType() == ogr.wkbMultiPolygon
    assert {f.GetGeometryRef().GetGeometryType() for f in lyr} == {ogr.wkbMultiPolygon}
    assert [p.text() for p in validate(store)] == []
