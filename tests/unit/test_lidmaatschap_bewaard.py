"""The locations' membership (buurt, gebieden, a computed wijk) kept in the store (#18): never stale. Locations moved,
added and deleted and gebieden and buurten edited by every path (plain SQL, plain GDAL/OGR, the command line, the QGIS
provider's edit buffer); each time a roll-up that uses the kept membership equals a cold one that computes it from the
geometry. A kept roll-up computes nothing for what did not change; a reader who may not write, a locked store and a
store at a peildatum roll up right and keep nothing."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.figures.rollup import RollupEngine
from almelo_atlas_plugin.core.model.schema import LIDMAATSCHAP_KEY
from almelo_atlas_plugin.core.store.open import open_store
from tests.pgfixtures import cluster, pg_sample, pg_template  # noqa: F401 (fixtures)


def figures(store, bewaard: bool) -> dict:
    return RollupEngine(store, bewaard=bewaard).compute().to_json()


def kept(store) -> dict:
    return json.loads(store.meta().get(LIDMAATSCHAP_KEY) or "{}")


def n_locations(store) -> int:
    with store.reading() as con:
        return sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("projecten", "potloodplannen"))


def forget(store) -> None:
    """The store without a kept membership (the sample keeps one from the start)."""
    with store.transaction() as con:
        con.execute(f"DELETE FROM atlas_meta WHERE sleutel = {store.param}", (LIDMAATSCHAP_KEY,))


class Computed:
    """Counts which locations a roll-up computed the membership of (RollupEngine._location_rows)."""

    def __init__(self, monkeypatch):
        self.calls = []
        real = RollupEngine._location_rows

        def spy(engine, con, keys=None):
            self.calls.append(None if keys is None else {k: sorted(v) for k, v in keys.items() if v})
            return real(engine, con, keys)

        monkeypatch.setattr(RollupEngine, "_location_rows", spy)


def _moved_wkb(wkb: bytes, dx: float, dy: float) -> bytes:
    from shapely import affinity

    from almelo_atlas_plugin.core.model import geo

    return geo.to_wkb(affinity.translate(geo.from_wkb(wkb), dx, dy))


def sql_move(store, table: str, fid: int, dx: float, dy: float) -> None:
    """Plain SQL: a geometry moved (PostGIS in the database; GeoPackage as a blob written back)."""
    p = store.param
    with store.transaction() as con:
        if store.kind == "gpkg":
            wkb = con.execute(f"SELECT {store.geometry_sql()} FROM {table} WHERE fid = {p}", (fid,)).fetchone()[0]
            con.execute(f"UPDATE {table} SET geom = {store.geometry_param()} WHERE fid = {p}",
                        (store.geometry_value(_moved_wkb(bytes(wkb), dx, dy)), fid))
        else:
            con.execute(f"UPDATE {table} SET geom = ST_Translate(geom, {p}, {p}) WHERE fid = {p}", (dx, dy, fid))


def sql_edit(store, n: int) -> None:
    """Plain SQL: a location moved, one added (a copy of another: the same geometry), one deleted, a gebied moved."""
    sql_move(store, "projecten", 1 + n % 5, 400.0 * (n + 1), -300.0)
    with store.transaction() as con:
        cols = "naam, soort, geom"
        con.execute(f"INSERT INTO potloodplannen ({cols}) SELECT {cols} FROM potloodplannen WHERE fid = (SELECT min(fid) FROM potloodplannen)")
        con.execute("DELETE FROM potloodplannen WHERE fid = (SELECT max(fid) FROM potloodplannen WHERE fid < (SELECT max(fid) FROM potloodplannen))")
    sql_move(store, "gebieden", 1 + n % 13, 250.0, 250.0 * (n % 3))
    with store.transaction() as con:  # a stored wijk_code set by hand, one cleared (computed from the geometry then)
        con.execute(f"UPDATE projecten SET wijk_code = {store.param} WHERE fid = {store.param}", ("WK014112", 10 + n % 5))
        con.execute(f"UPDATE potloodplannen SET wijk_code = NULL WHERE fid = {store.param}", (2 + n % 3,))


def gdal_edit(store, n: int) -> None:
    """Plain GDAL/OGR: a location moved, a buurt's geometry changed."""
    from osgeo import ogr

    ds = ogr.Open(str(store.path), 1)
    try:
        for name, fid in (("projecten", 6 + n % 5), ("buurten", 1 + n % 20)):
            lyr = ds.GetLayerByName(name)
            f = lyr.GetFeature(fid)
            g = f.GetGeometryRef()
            if name == "buurten":
                g = ogr.ForceToMultiPolygon(g.Buffer(150.0))
            else:
                g = ogr.CreateGeometryFromWkb(_moved_wkb(bytes(g.ExportToWkb()), 600.0, 600.0))
            f.SetGeometry(g)
            assert lyr.SetFeature(f) == 0
    finally:
        ds = None


def cli_edit(store, n: int, tmp_path) -> None:
    """The command line: a potloodplan promoted to a project; a new gebied imported over some locations."""
    with store.reading() as con:
        fid = con.execute("SELECT min(fid) FROM potloodplannen").fetchone()[0]
        wkb = con.execute(f"SELECT {store.geometry_sql()} FROM gebieden WHERE fid = {store.param}", (1 + n % 13,)).fetchone()[0]
    if fid is not None:
        assert main(["promote", str(store.path), str(fid)]) == 0
    from almelo_atlas_plugin.core.model import geo

    g = geo.from_wkb(bytes(wkb)).buffer(200.0)
    src = tmp_path / f"gebied_{n}_{fid}.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
                               "features": [
        {"type": "Feature", "properties": {"naam": f"Nieuw gebied {n} {fid}", "soort": "transformatie", "prioriteit": "hoog"},
         "geometry": g.__geo_interface__}]}), encoding="utf-8")
    assert main(["import", str(store.path), "gebieden", str(src)]) == 0


def qgis_edit(store, n: int) -> None:
    """The QGIS provider: a location and a gebied moved in an edit buffer."""
    from qgis.core import QgsVectorLayer

    for name, fid, d in (("potloodplannen", 1 + n % 4, 350.0), ("gebieden", 1 + (n + 5) % 13, -200.0)):
        layer = QgsVectorLayer(f"{store.path}|layername={name}", name, "ogr")
        assert layer.isValid()
        f = layer.getFeature(fid)
        if not f.isValid():
            continue
        g = f.geometry()
        g.translate(d, d / 2)
        layer.startEditing()
        assert layer.changeGeometry(fid, g)
        assert layer.commitChanges(), layer.commitErrors()


PATHS = ("sql", "gdal", "cli", "qgis")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PATHS), st.integers(0, 5)), min_size=1, max_size=4))
def test_the_kept_membership_equals_a_cold_one_after_edits_by_every_path(sample_master, tmp_path_factory, qgis_app, edits):
    tmp = tmp_path_factory.mktemp("lid")
    shutil.copy(sample_master, tmp / "s.gpkg")
    store = open_store(tmp / "s.gpkg")
    forget(store)
    assert figures(store, True) == figures(store, False)  # the first roll-up keeps it
    assert len(kept(store)["leden"]) <= n_locations(store)
    for path, n in edits:
        before = kept(store)
        if path == "sql":
            sql_edit(store, n)
        elif path == "gdal":
            gdal_edit(store, n)
        elif path == "cli":
            cli_edit(store, n, tmp)
        else:
            qgis_edit(store, n)
        warm = figures(store, True)
        assert warm == figures(store, False), path
        assert kept(store) != before, path  # what changed is kept again
        assert 0 < len(kept(store)["leden"]) <= n_locations(store)


def test_a_kept_rollup_computes_no_membership_and_a_move_only_that_location(store, monkeypatch):
    """On both backends: the first roll-up computes every location once; the next none; after one location moved only
    that one (the figures each time those of a cold roll-up)."""
    forget(store)
    spy = Computed(monkeypatch)
    first = figures(store, True)
    assert spy.calls and all(c for c in spy.calls)  # computed, for the locations not kept
    assert len(kept(store)["leden"]) > 0
    spy.calls.clear()
    assert figures(store, True) == first
    assert spy.calls == []  # nothing computed: all kept
    sql_move(store, "projecten", 3, 500.0, 500.0)
    spy.calls.clear()
    warm = figures(store, True)
    assert spy.calls == [{"projecten": [3]}]
    assert warm == figures(store, False) != first


def test_a_stored_wijk_code_changed_in_place_is_seen(store):
    """The kept membership carries the wijk; a wijk_code edited (not the geometry) is another location to it."""
    figures(store, True)
    with store.transaction() as con:
        con.execute("UPDATE projecten SET wijk_code = 'WK014112' WHERE fid = 4")
        con.execute("UPDATE projecten SET wijk_code = NULL WHERE fid = 5")
    warm = figures(store, True)
    assert warm == figures(store, False)
    assert next(x for x in warm["locaties"] if (x["laag"], x["fid"]) == ("projecten", 4))["wijk_code"] == "WK014112"


def test_a_moved_gebied_recomputes_all(store, monkeypatch):
    figures(store, True)
    sql_move(store, "gebieden", 3, 300.0, 0.0)
    spy = Computed(monkeypatch)
    warm = figures(store, True)
    assert spy.calls and sum(len(v) for c in spy.calls for v in c.values()) == n_locations(store)
    assert warm == figures(store, False)


def test_a_warm_engine_sees_a_gebied_moved_in_place_and_keeps_it_right(store):
    """The dock's engine: a gebied moved in place (same fid, count and size of its geometry) is seen at once, and the
    membership it keeps after that is the moved gebied's (a fresh roll-up reading it equals a cold one)."""
    eng = RollupEngine(store)
    before = eng.compute().to_json()
    sql_move(store, "gebieden", 3, 700.0, 0.0)
    warm = eng.compute().to_json()
    assert warm == figures(store, False) != before
    assert figures(store, True) == warm


def test_a_kept_entry_is_used_as_kept_so_a_wrong_digest_would_show(sample_store):
    """The roll-up really reads the kept membership: an entry altered in the store changes the figures (so the tests
    above, which compare with a cold roll-up, test the kept path)."""
    figures(sample_store, True)
    k = kept(sample_store)
    i = next(i for i, e in enumerate(k["soorten"]) if e[2])
    k["soorten"][i] = [*k["soorten"][i][:2], []]  # its locations in no gebied
    with sample_store.transaction() as con:
        sample_store.set_meta(con, LIDMAATSCHAP_KEY, json.dumps(k))
    assert figures(sample_store, True) != figures(sample_store, False)


@pytest.mark.parametrize("bad", ["{niet json", json.dumps({"rekenwijze": "0"}), json.dumps([1, 2]),
                                 "vlakken-anders"])
def test_a_kept_membership_of_other_polygons_or_rekenwijze_or_broken_is_not_used(sample_store, bad):
    figures(sample_store, True)
    k = kept(sample_store)
    if bad == "vlakken-anders":
        bad = json.dumps({**k, "vlakken": "0" * 32, "soorten": [[None, None, []] for _ in k["soorten"]]})
    with sample_store.transaction() as con:
        sample_store.set_meta(con, LIDMAATSCHAP_KEY, bad)
    assert figures(sample_store, True) == figures(sample_store, False)
    assert kept(sample_store) == k  # and kept again


def test_a_store_locked_by_another_writer_rolls_up_without_keeping(sample_store):
    import sqlite3

    forget(sample_store)
    other = sqlite3.connect(str(sample_store.path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert figures(sample_store, True) == figures(sample_store, False)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert LIDMAATSCHAP_KEY not in sample_store.meta()


def test_a_postgis_reader_rolls_up_right_and_keeps_nothing(pg_sample):  # noqa: F811 (the fixture)
    import psycopg2

    assert main(["roles", pg_sample]) == 0
    con = psycopg2.connect(pg_sample.split("?")[0])
    with con, con.cursor() as cur:
        cur.execute("DROP ROLE IF EXISTS lid_lezer")
        cur.execute("CREATE ROLE lid_lezer LOGIN IN ROLE atlas_lezer")
    con.close()
    forget(open_store(pg_sample))
    reader = open_store(pg_sample.replace("postgres@", "lid_lezer@"))
    assert figures(reader, True) == figures(open_store(pg_sample), False)
    assert LIDMAATSCHAP_KEY not in open_store(pg_sample).meta()


def test_a_rollup_at_a_peildatum_takes_the_geometry_of_then_and_keeps_nothing(store):
    """A location moved now: the roll-up at a moment before the move places it where it stood then, with a kept
    membership of now in the store; and it keeps nothing of then."""
    import time

    from almelo_atlas_plugin.core.figures.history import at
    from almelo_atlas_plugin.core.store.base import now_iso

    def place(result: dict) -> dict:
        return {(x["laag"], x["fid"]): (x["wijk_code"], x["buurt_code"], x["gebieden"]) for x in result["locaties"]}

    before = figures(store, True)
    time.sleep(0.01)
    moment = now_iso()
    time.sleep(0.01)
    sql_move(store, "projecten", 2, 2500.0, 2500.0)
    now = figures(store, True)
    assert place(now)[("projecten", 2)] != place(before)[("projecten", 2)]
    k = kept(store)
    with at(store, moment) as then:
        past_kept = RollupEngine(then).compute().to_json()
        past_cold = RollupEngine(then, bewaard=False).compute().to_json()
    assert past_kept == past_cold
    assert place(past_kept) == place(before)
    assert kept(store) == k


def test_a_kept_rollup_does_not_import_shapely(sample_store):
    """With the membership kept, the command line's roll-up needs no geometry library (its import is lazy); a location
    moved makes it compute, and then it does."""
    from tests.unit.test_startup import loaded_by

    figures(sample_store, True)
    assert "shapely" not in loaded_by("rollup", str(sample_store.path), "--format", "json")["loaded"]
    sql_move(sample_store, "projecten", 1, 300.0, 300.0)
    assert "shapely" in loaded_by("rollup", str(sample_store.path), "--format", "json")["loaded"]
