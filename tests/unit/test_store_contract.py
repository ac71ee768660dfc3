"""Both backends keep the same contract (core/store/base.py): one scenario, run per backend through `Store`'s methods only."""

from __future__ import annotations

import time

import pytest
from shapely.geometry import MultiPolygon, box

from almelo_atlas_plugin.core.model.schema import SCHEMA_VERSION, TABLES
from almelo_atlas_plugin.core.store import guards
from almelo_atlas_plugin.core.store.base import Backend, DbError, Store, StoreError, now_iso, redact
from almelo_atlas_plugin.core.store.open import backend_of, open_store

GEOM = MultiPolygon([box(243000, 484000, 243080, 484060)])


def _location(naam: str, won_koop: int = 4, geom=GEOM) -> dict:
    return dict(naam=naam, soort="braakliggend_terrein", won_sociale_huur=0, won_middenhuur=0, won_vrije_huur=0,
                won_koop=won_koop, won_totaal=won_koop, bijgewerkt_door="contract", geom=geom)


def _count(store: Store, naam: str) -> int:
    return int(store.read_frame(f"SELECT count(*) AS n FROM potloodplannen WHERE naam = {store.param}", (naam,)).n[0])


def test_naming_metadata_and_guards(store):
    assert isinstance(store, Store) and store.kind in Backend and backend_of(store.uri) is store.kind
    assert redact(store.label) == store.label
    names = set(store.table_names())
    assert {t.name for t in TABLES} <= names
    assert set(TABLES[0].field_names) <= set(store.columns(TABLES[0].name))
    assert store.schema_version() == SCHEMA_VERSION and store.meta()["schema_versie"] == str(SCHEMA_VERSION)
    with store.reading() as con:
        assert store.geometry_srids(con)["projecten"] == 28992
        assert store.generated_guards(con) == store.installed_guards(con) and guards.problems(store, con) == []
        assert set(store.expected_triggers()) <= set(store.trigger_names(con))
    uri, provider = store.layer_source("projecten")
    assert provider in ("ogr", "postgres") and "projecten" in uri


def test_a_write_is_one_transaction_and_geometry_crosses_as_wkb(store):
    with store.transaction() as con:
        fid = store.insert_rows(con, "potloodplannen", [_location("Contract")])[0]
    assert isinstance(fid, int) and _count(store, "Contract") == 1
    fids, geoms = store.read_geometries("potloodplannen", f"fid = {store.param}", (fid,))
    assert fids == [fid] and geoms[0].equals(GEOM)
    # a refused row takes the rows before it along: all or nothing, and the error is the contract's, in Dutch
    with pytest.raises(DbError, match="Laag potloodplannen, veld won_koop: mag niet negatief zijn") as exc:
        with store.transaction() as con:
            store.insert_rows(con, "potloodplannen", [_location("Eerst goed")])
            store.insert_rows(con, "potloodplannen", [_location("Dan fout", won_koop=-1)])
    assert isinstance(exc.value, StoreError) and exc.value.refuses_row
    assert _count(store, "Eerst goed") == 0 and _count(store, "Dan fout") == 0
    # a write that fails halfway for another reason leaves nothing either
    with pytest.raises(RuntimeError):
        with store.transaction() as con:
            store.insert_many(con, "potloodplannen", ["naam", "soort", "won_totaal", "geom"],
                              [["Half", "braakliggend_terrein", 0, GEOM]])
            raise RuntimeError("halverwege")
    assert _count(store, "Half") == 0


def test_history_and_the_store_at_a_moment(store):
    moment = now_iso()
    time.sleep(0.05)
    with store.transaction() as con:
        fid = store.insert_rows(con, "potloodplannen", [_location("Later")])[0]
        con.execute(f"UPDATE potloodplannen SET naam = {store.param} WHERE fid = {store.param}", ("Nog later", fid))
    p = store.param
    hist = store.read_frame(f"SELECT actie, tijd FROM wijzigingen WHERE laag = {p} AND fid = {p} ORDER BY wijziging_id",
                            ("potloodplannen", fid))
    assert hist.actie.tolist() == ["insert", "update"] and all(t > moment for t in hist.tijd)  # times as ISO UTC text
    with store.at(moment) as past:
        assert isinstance(past, Store)
        assert _count(past, "Later") == 0 and _count(past, "Nog later") == 0
        assert past.read_frame("SELECT count(*) AS n FROM projecten").n[0] == store.read_frame("SELECT count(*) AS n FROM projecten").n[0]
    with store.at(now_iso()) as now:
        assert _count(now, "Nog later") == 1


def test_dialect_pieces_give_the_same_answers(store):
    with store.transaction() as con:
        fid = store.insert_rows(con, "potloodplannen", [_location("Dialect")])[0]
    j = store.json_text("nieuw", "naam")
    got = store.read_frame(f"SELECT {j} AS naam, {store.distinct('laag', 'laag')} AS verschil FROM wijzigingen"
                           f" WHERE laag = 'potloodplannen' AND fid = {store.param}", (fid,))
    assert got.naam.tolist() == ["Dialect"] and not bool(got.verschil[0])
    with store.reading() as con:
        assert con.execute(f"SELECT count(*) FROM potloodplannen WHERE {store.is_number('won_koop')}").fetchone()[0] > 0
        assert con.execute(f"SELECT {store.geom_size()} FROM potloodplannen").fetchone()[0] > 0


def test_open_refuses_what_is_no_store(tmp_path):
    with pytest.raises(StoreError, match="bestaat niet"):
        open_store(tmp_path / "nergens.gpkg")
    (tmp_path / "leeg.gpkg").write_bytes(b"")
    with pytest.raises(StoreError):
        open_store(tmp_path / "leeg.gpkg")
    assert backend_of("postgresql://u@h/db?schema=atlas") is Backend.POSTGIS
    assert backend_of("service=atlas") is Backend.POSTGIS and backend_of("verbinding:x?schema=a") is Backend.POSTGIS
    assert backend_of("kaart.gpkg") is Backend.GEOPACKAGE
