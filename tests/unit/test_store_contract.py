"""Both backends keep the same contract (core/store/base.py): one scenario, run per backend through `Store`'s methods only."""

from __future__ import annotations

import re
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
                won_koop=won_koop, won_totaal=won_koop, won_netto=won_koop, bijgewerkt_door="contract", geom=geom)


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


# --- dwelling blocks (schema 5): the database keeps a location's sums equal to its blocks ----------------------------

SUMS = ("won_sociale_huur", "won_middenhuur", "won_vrije_huur", "won_koop", "won_onbekend", "won_totaal", "won_sloop", "won_netto")


def _sums(store: Store, laag: str, fid: int) -> dict:
    row = store.read_frame(f"SELECT {', '.join(SUMS)}, versie FROM {laag} WHERE fid = {store.param}", (fid,)).iloc[0]
    return {k: int(v) for k, v in row.items() if int(v) or k == "versie"}


def _blocks(store: Store, laag: str, fid: int) -> list:
    p = store.param
    f = store.read_frame(f"SELECT soort, aantal, segment, jaar FROM woningblokken WHERE laag = {p} AND locatie_fid = {p} ORDER BY fid",
                         (laag, fid))
    return [tuple(r) for r in f.itertuples(index=False)]


def _block(store: Store, con, laag: str, fid: int, soort: str = "bouw", aantal: int = 5, segment: str = "onbekend") -> int:
    return store.insert_rows(con, "woningblokken", [dict(laag=laag, locatie_fid=fid, soort=soort, aantal=aantal, segment=segment,
                                                         bijgewerkt_door="contract")])[0]


def test_a_location_written_with_totals_gets_its_blocks(store):
    with store.transaction() as con:
        fid = store.insert_rows(con, "potloodplannen", [{**_location("Oud programma", won_koop=4), "won_sociale_huur": 6,
                                                         "won_totaal": 10, "won_netto": 0, "soort": "leegstaand_vastgoed"}])[0]
        pid = store.insert_rows(con, "projecten", [dict(naam="Oude schrijver", status="opgeleverd", planstatus="hard", won_koop=7,
                                                        won_totaal=7, oplever_jaar=2024, geom=GEOM)])[0]
    assert _blocks(store, "potloodplannen", fid) == [("bouw", 6, "sociale_huur", None), ("bouw", 4, "koop", None)]
    assert _sums(store, "potloodplannen", fid) == {"won_sociale_huur": 6, "won_koop": 4, "won_totaal": 10, "won_netto": 10,
                                                   "versie": 1}
    assert _blocks(store, "projecten", pid) == [("bouw", 7, "koop", 2024)]
    gerealiseerd = store.read_frame(f"SELECT gerealiseerd FROM woningblokken WHERE locatie_fid = {store.param} AND laag = 'projecten'",
                                    (pid,)).gerealiseerd
    assert [bool(g) for g in gerealiseerd] == [True]
    # one history row for the sums (netto), after the insert, on both backends
    p = store.param
    hist = store.read_frame(f"SELECT actie FROM wijzigingen WHERE laag = {p} AND fid = {p} ORDER BY wijziging_id", ("potloodplannen", fid))
    assert hist.actie.tolist() == ["insert", "update"]


def test_block_edits_keep_the_location_sums(store):
    with store.transaction() as con:
        a = store.insert_rows(con, "potloodplannen", [{**_location("Blokken A", won_koop=0), "soort": "leegstaand_vastgoed"}])[0]
        b = store.insert_rows(con, "potloodplannen", [{**_location("Blokken B", won_koop=0), "soort": "leegstaand_vastgoed"}])[0]
    assert _blocks(store, "potloodplannen", a) == [] and _sums(store, "potloodplannen", a) == {"versie": 1}
    p = store.param
    with store.transaction() as con:
        k = _block(store, con, "potloodplannen", a, aantal=12, segment="koop")
        s = _block(store, con, "potloodplannen", a, soort="sloop", aantal=5)
        o = _block(store, con, "potloodplannen", a, aantal=3)
    assert _sums(store, "potloodplannen", a) == {"won_koop": 12, "won_onbekend": 3, "won_totaal": 15, "won_sloop": 5,
                                                 "won_netto": 10, "versie": 1}
    with store.transaction() as con:
        con.execute(f"UPDATE woningblokken SET segment = 'middenhuur', aantal = 20 WHERE fid = {p}", (k,))
        con.execute(f"UPDATE woningblokken SET locatie_fid = {p} WHERE fid = {p}", (b, o))  # moves to another location
    assert _sums(store, "potloodplannen", a) == {"won_middenhuur": 20, "won_totaal": 20, "won_sloop": 5, "won_netto": 15, "versie": 1}
    assert _sums(store, "potloodplannen", b) == {"won_onbekend": 3, "won_totaal": 3, "won_netto": 3, "versie": 1}
    with store.transaction() as con:
        con.execute(f"UPDATE woningblokken SET laag = 'projecten', locatie_fid = (SELECT min(fid) FROM projecten) WHERE fid = {p}", (o,))
        con.execute(f"DELETE FROM woningblokken WHERE fid = {p}", (s,))
    assert _sums(store, "potloodplannen", a) == {"won_middenhuur": 20, "won_totaal": 20, "won_netto": 20, "versie": 1}
    assert _sums(store, "potloodplannen", b) == {"versie": 1}
    # several blocks of one location in one statement
    with store.transaction() as con:
        _block(store, con, "potloodplannen", a, aantal=4, segment="koop")
        con.execute(f"DELETE FROM woningblokken WHERE laag = 'potloodplannen' AND locatie_fid = {p}", (a,))
    assert _sums(store, "potloodplannen", a) == {"versie": 1}
    # the blocks are in the history, each with its location
    hist = store.read_frame(f"SELECT actie, {store.json_text('nieuw', 'locatie_fid')} AS locatie, {store.json_text('nieuw', 'laag')} AS laag"
                            f" FROM wijzigingen WHERE laag = 'woningblokken' AND fid = {p} ORDER BY wijziging_id", (o,))
    assert hist.actie.tolist() == ["insert", "update", "update"]
    assert [int(x) for x in hist.locatie] == [a, b, int(store.read_frame("SELECT min(fid) AS f FROM projecten").f[0])]
    assert hist.laag.tolist() == ["potloodplannen", "potloodplannen", "projecten"]


def test_computed_sums_and_blocks_are_guarded(store):
    with store.transaction() as con:
        fid = store.insert_rows(con, "potloodplannen", [{**_location("Bewaakt"), "soort": "leegstaand_vastgoed"}])[0]
        braak = store.insert_rows(con, "potloodplannen", [_location("Braak", won_koop=0)])[0]
    p = store.param
    for sql, message in (
            (f"UPDATE potloodplannen SET won_koop = 5, won_totaal = 5 WHERE fid = {fid}",
             "Laag potloodplannen, veld won_koop: wordt berekend uit de woningblokken; wijzig de woningblokken"),
            (f"UPDATE potloodplannen SET won_netto = 1 WHERE fid = {fid}", "veld won_netto: wordt berekend uit de woningblokken"),
            (f"INSERT INTO woningblokken (laag, locatie_fid, soort, aantal) VALUES ('projecten', {p}, 'bouw', 5)",
             "Laag woningblokken, veld locatie_fid: locatie bestaat niet in laag projecten"),
            (f"INSERT INTO woningblokken (laag, locatie_fid, soort, aantal) VALUES ('potloodplannen', {braak}, 'sloop', 5)",
             "Laag woningblokken, veld soort: sloop kan niet op braakliggend terrein (geen bebouwing)"),
            (f"UPDATE woningblokken SET locatie_fid = {braak}, soort = 'sloop' WHERE laag = 'potloodplannen' AND locatie_fid = {fid}",
             "veld soort: sloop kan niet op braakliggend terrein"),
            (f"INSERT INTO woningblokken (laag, locatie_fid, soort, aantal) VALUES ('potloodplannen', {fid}, 'bouw', 0)",
             "Laag woningblokken, veld aantal: mag niet kleiner zijn dan 1")):
        with pytest.raises(DbError, match=re.escape(message)):
            with store.transaction() as con:
                con.execute(sql, (999999,) if p in sql else ())
    assert _sums(store, "potloodplannen", fid) == {"won_koop": 4, "won_totaal": 4, "won_netto": 4, "versie": 1}
    with store.transaction() as con:  # a change to the sums the blocks hold is no change
        con.execute(f"UPDATE potloodplannen SET won_koop = 4, naam = 'Bewaakt 2' WHERE fid = {p}", (fid,))
        _block(store, con, "potloodplannen", fid, soort="sloop", aantal=2)
    with pytest.raises(DbError, match="Laag potloodplannen, veld soort: braakliggend terrein kan geen sloopblokken hebben"):
        with store.transaction() as con:
            con.execute(f"UPDATE potloodplannen SET soort = 'braakliggend_terrein' WHERE fid = {p}", (fid,))
    # a location's delete takes its blocks along
    with store.transaction() as con:
        con.execute(f"DELETE FROM potloodplannen WHERE fid = {p}", (fid,))
    assert _blocks(store, "potloodplannen", fid) == []


def test_a_store_at_a_moment_has_the_blocks_it_had_then(store):
    with store.transaction() as con:
        fid = store.insert_rows(con, "potloodplannen", [{**_location("Toen"), "soort": "leegstaand_vastgoed"}])[0]
    time.sleep(0.05)
    moment = now_iso()
    time.sleep(0.05)
    p = store.param
    with store.transaction() as con:
        _block(store, con, "potloodplannen", fid, soort="sloop", aantal=3)
        con.execute(f"DELETE FROM woningblokken WHERE laag = 'potloodplannen' AND locatie_fid = {p} AND segment = 'koop'", (fid,))
    assert _blocks(store, "potloodplannen", fid) == [("sloop", 3, "onbekend", None)]
    with store.at(moment) as past:
        assert _blocks(past, "potloodplannen", fid) == [("bouw", 4, "koop", None)]
        assert _sums(past, "potloodplannen", fid) == {"won_koop": 4, "won_totaal": 4, "won_netto": 4, "versie": 1}
    with store.at(now_iso()) as now:
        assert _blocks(now, "potloodplannen", fid) == [("sloop", 3, "onbekend", None)]
        assert _sums(now, "potloodplannen", fid) == {"won_sloop": 3, "won_netto": -3, "versie": 1}
