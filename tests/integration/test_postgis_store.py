"""The PostGIS store runs every command unchanged and gives exactly the GeoPackage's figures (#7)."""

from __future__ import annotations

import json
import shutil
import time

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.atlas import figures
from almelo_atlas_plugin.core.edits import promote, restore, tag
from almelo_atlas_plugin.core.figures.history import history_of
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.store.base import now_iso
from almelo_atlas_plugin.core.store.open import open_store
from almelo_atlas_plugin.core.store.transfer import compare_stores
from tests.conftest import ROOT
from tests.helpers import square
from tests.unit.test_history import first_difference

SAMPLE = ROOT / "sample_gpkg" / "almelo_sample.gpkg"


def multi(*args):
    from shapely.geometry import MultiPolygon

    return MultiPolygon([square(*args)])


def test_rollup_and_validate_equal_on_both_backends(pg_sample, capsys):
    out = {}
    for store in (str(SAMPLE), pg_sample):
        assert main(["rollup", store, "--format", "json"]) == 0
        out[store] = json.loads(capsys.readouterr().out)
    a, b = out[str(SAMPLE)], out[pg_sample]
    assert a["stad"]["won_gepland"] > 1000 and len(a["wijken"]) == 12 and len(a["locaties"]) == 44
    assert a == b, first_difference(a, b)
    for niveau in ("stad", "wijk", "gebied", "locatie"):
        assert main(["rollup", pg_sample, "--niveau", niveau]) == 0
    assert "Binnenstad" in capsys.readouterr().out
    assert main(["validate", pg_sample]) == 0
    assert "geen problemen" in capsys.readouterr().out
    assert "password" not in open_store(pg_sample).label


def test_export_both_ways_is_lossless_and_a_difference_is_seen(cluster, pg_sample, tmp_path, capsys):
    there = f"{cluster.createdb('atlas_export_heen')}?schema=kopie"
    assert main(["export", str(SAMPLE), there]) == 0
    assert "gelijk aan de bron" in capsys.readouterr().out
    assert compare_stores(open_store(SAMPLE), open_store(there)) == []
    back = tmp_path / "terug.gpkg"
    assert main(["export", pg_sample, str(back)]) == 0
    assert "gelijk aan de bron" in capsys.readouterr().out
    src, pg = open_store(SAMPLE), open_store(pg_sample)
    assert compare_stores(src, open_store(back)) == []
    assert compare_stores(src, pg) == []
    with pg.transaction() as con:  # one changed value, one moved vertex: both are reported
        con.execute("UPDATE projecten SET naam = naam || '!' WHERE fid = 3")
        con.execute("UPDATE wijken SET geom = ST_Translate(geom, 0.001, 0) WHERE fid = 1")
    diffs = compare_stores(src, pg)
    assert any(d.startswith("projecten, feature 3, veld naam") for d in diffs)
    assert any(d.startswith("wijken, feature 1, veld geom") for d in diffs)
    assert main(["export", pg_sample, str(back)]) == 2  # exists already
    assert "bestaat al" in capsys.readouterr().err


def _edits(store, moved_fid: int, geom):
    """The same working session on either backend: tag, untag, promote, move, add outside every wijk, delete."""
    tag(store, "projecten", [1, 2, 3], ["3.5"])
    tag(store, "projecten", [2], ["3.5"], remove=True)
    new = promote(store, 1, planstatus="zacht", oplever_jaar=2028)  # its status 4A: zacht
    p = store.param
    with store.transaction() as con:
        con.execute(f"UPDATE projecten SET geom = {store.geometry_param()}, naam = 'verplaatst' WHERE fid = {p}",
                    (store.geometry_value(geom), moved_fid))
        store.insert_rows(con, "projecten", [dict(naam="Buiten", status="initiatief", planstatus="zacht", won_sociale_huur=0,
                                                  won_middenhuur=0, won_vrije_huur=0, won_koop=12, won_totaal=12, oplever_jaar=2029,
                                                  geom=multi(200000, 400000, 50))])
        con.execute("DELETE FROM projecten WHERE fid = 4")
    return new


def test_same_edits_give_the_same_figures_history_and_peildatum(pg_sample, tmp_path):
    copy = tmp_path / "kopie.gpkg"
    shutil.copy(SAMPLE, copy)
    g, p = open_store(copy), open_store(pg_sample)
    with p.reading() as con:  # move project 5 into the middle of another wijk
        wijk5 = con.execute("SELECT wijk_code FROM projecten WHERE fid = 5").fetchone()[0]
        other, (x, y) = next((w, xy) for w, *xy in con.execute(
            "SELECT wijk_code, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM wijken ORDER BY fid") if w != wijk5)
    geom = multi(x - 20, y - 20, 40)
    for s in (g, p):  # two buurten over the middle of the city: membership by largest share, on both backends
        with s.transaction() as con:
            s.insert_rows(con, "buurten", [dict(buurt_code=code, naam=f"Buurt {code}", wijk_code=other, geom=multi(x + dx, y - 3000, 3000))
                                           for code, dx in (("BU01", -3000), ("BU02", 0))])
    before = rollup(g).to_json()
    moment = now_iso()
    time.sleep(0.05)
    assert _edits(g, 5, geom) == _edits(p, 5, geom)
    a, b = rollup(g).to_json(), rollup(p).to_json()
    assert a == b, first_difference(a, b)
    assert a != before and {"BU01", "BU02"} <= {bu["buurt_code"] for bu in a["buurten"]}  # next to the 71 CBS buurten
    assert sum(bu["n_projecten"] + bu["n_potloodplannen"] for bu in a["buurten"]) > 0
    assert any(loc["naam"] == "Buiten" and loc["wijk_code"] is None for loc in b["locaties"])
    with p.reading() as con:  # kept up to date in SQL at the edit itself
        assert con.execute("SELECT wijk_code FROM projecten WHERE fid = 5").fetchone()[0] == other
        users = {r[0] for r in con.execute("SELECT gebruiker FROM wijzigingen WHERE tijd > %s", (moment,))}
    assert users == {"postgres"}  # the database user, not what the client claims
    # peildatum: the figures as they stood before the session, on both backends
    then_g, then_p = figures(g, moment).to_json(), figures(p, moment).to_json()
    assert then_g == then_p, first_difference(then_g, then_p)
    before["peildatum"] = then_g["peildatum"]
    assert then_p == before, first_difference(then_p, before)
    # history of one location and a restore from it work the same
    hist = history_of(p, "projecten", 5)
    assert [h["actie"] for h in hist][-1] == "update" and hist[-1]["gebruiker"] == "postgres"
    versies = [s.read_frame("SELECT versie FROM projecten WHERE fid = 5").versie[0] for s in (g, p)]
    restore(p, "projecten", 5, hist[-1]["wijziging_id"])
    restore(g, "projecten", 5, history_of(g, "projecten", 5)[-1]["wijziging_id"])
    # a restore is a save like any other: the version moves on, so an editor holding the old one is refused
    assert [s.read_frame("SELECT versie FROM projecten WHERE fid = 5").versie[0] for s in (g, p)] == [v + 1 for v in versies]
    assert rollup(g).to_json()["stad"] == rollup(p).to_json()["stad"]


def test_sample_command_and_copy_into_postgis(cluster, tmp_path, capsys):
    uri = f"{cluster.createdb('atlas_sample_cmd')}?schema=plan"
    assert main(["sample", uri, "--woningen", "2000", "--locaties", "30"]) == 0
    assert "woningvoorraad" in capsys.readouterr().out
    s = open_store(uri)
    assert s.schema == "plan" and rollup(s).to_json()["stad"]["profiel"]["woningen"] == 2000
    assert main(["sample", uri]) == 2 and "bestaat al" in capsys.readouterr().err


def test_concurrent_editors_lose_nothing(tmp_path):
    """The load benchmark, small: editor processes saving the same projects at once; every save is in the data and
    in the history exactly once, by its own database user (the full run is in `make bench`)."""
    import subprocess
    import sys

    out = tmp_path / "last.md"
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "bench_postgis.py"), "--editors", "4", "--edits", "40", "--pace", "0.01",
                        "-o", str(out), "--groot", ""], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    text = out.read_text()
    assert "nothing lost, nothing duplicated" in text and "redacteur3 80" in text
