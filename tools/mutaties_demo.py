"""A copy of the sample with an edit history after 1-1-2021 (2022–2026), to show the change report (mutaties) and
the agenda's chapter `agenda … --vergelijk 2021-01-01`: one or two edits of every kind, dated as in the comments.

    .venv/bin/python tools/mutaties_demo.py sample_gpkg/almelo_sample.gpkg /tmp/demo.gpkg
    .venv/bin/python -m almelo_atlas_plugin mutaties /tmp/demo.gpkg --van 2021-01-01
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from shapely.geometry import MultiPolygon, box

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from almelo_atlas_plugin.core import atlas  # noqa: E402


def _fid(con, laag: str, naam: str) -> int:
    return int(con.execute(f"SELECT fid FROM {laag} WHERE naam = ?", (naam,)).fetchone()[0])


def _square_in(store, wijk_code: str, size: float = 120.0):
    _, geoms = store.read_geometries("wijken", "wijk_code = ?", (wijk_code,), key="wijk_code")
    p = geoms[0].representative_point()
    return MultiPolygon([box(p.x - size / 2, p.y - size / 2, p.x + size / 2, p.y + size / 2)])


def _blok(store, con, laag: str, fid: int, aantal: int, soort: str = "bouw", segment: str = "koop", jaar=None) -> None:
    store.insert_rows(con, "woningblokken", [dict(laag=laag, locatie_fid=fid, soort=soort, aantal=aantal, segment=segment,
                                                  woningtype="meergezins", jaar=jaar, gerealiseerd=False, bijgewerkt_door="demo")])


def steps(store):
    """(moment UTC, what, edit(con)) in order."""
    def status(con):  # zacht → hard: the bestemmingsplan was adopted
        con.execute("UPDATE projecten SET status_planologisch = '1A', planstatus = 'hard', bijgewerkt_door = 'demo'"
                    " WHERE naam = 'Herstructurering Wonde e.o.'")

    def meer(con):  # +40 koopwoningen
        _blok(store, con, "projecten", _fid(con, "projecten", "Woningbouw Maardijk"), 40, jaar=2027)

    def vervalt(con):  # the plan is dropped
        fid = _fid(con, "projecten", "Vernieuwing Wester Sluitersveldlanden")
        con.execute("DELETE FROM woningblokken WHERE laag = 'projecten' AND locatie_fid = ?", (fid,))
        con.execute("DELETE FROM locatie_opgaven WHERE laag = 'projecten' AND locatie_fid = ?", (fid,))
        con.execute("DELETE FROM projecten WHERE fid = ?", (fid,))

    def nieuw(con):  # a new plan
        fid = store.insert_rows(con, "projecten", [dict(naam="Woningbouw Schelfhorst-Noord", status="initiatief", planstatus="zacht",
                                                        status_planologisch="4A", start_jaar=2026, oplever_jaar=2030,
                                                        bijgewerkt_door="demo", wijk_code="WK014118",
                                                        geom=_square_in(store, "WK014118"))])[0]
        _blok(store, con, "projecten", fid, 80, segment="middenhuur", jaar=2030)
        con.execute("INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES ('projecten', ?, '3.4')", (fid,))

    def verplaatst(con):  # the potloodplan's outline corrected: it lies in Hofkamp
        con.execute(f"UPDATE potloodplannen SET geom = {store.geometry_param()}, wijk_code = 'WK014117', bijgewerkt_door = 'demo'"
                    " WHERE naam = 'Transformatie Boomshoeksdwarsweg'", (store.geometry_value(_square_in(store, "WK014117", 80)),))

    def later(con):  # delivery two years later
        con.execute("UPDATE projecten SET oplever_jaar = 2031, realisatiekans = 40, bijgewerkt_door = 'demo'"
                    " WHERE naam = 'Herstructurering Rumerslanden'")

    def opgeleverd(con):  # delivered
        con.execute("UPDATE projecten SET status = 'opgeleverd', bijgewerkt_door = 'demo' WHERE naam = 'Transformatie voormalig Stadhuis'")

    def sloop(con):  # 20 dwellings demolished first
        _blok(store, con, "projecten", _fid(con, "projecten", "Ontwikkeling Stadskade"), 20, soort="sloop", segment="sociale_huur",
              jaar=2027)

    return [("2022-09-15T10:00:00.000Z", status), ("2023-03-01T10:00:00.000Z", meer), ("2023-06-20T10:00:00.000Z", vervalt),
            ("2024-01-15T10:00:00.000Z", nieuw), ("2024-04-01T10:00:00.000Z", verplaatst), ("2025-02-01T10:00:00.000Z", later),
            ("2025-09-01T10:00:00.000Z", opgeleverd), ("2026-03-02T10:00:00.000Z", sloop)]


def build(src: str, dst: str) -> None:
    shutil.copyfile(src, dst)
    store = atlas.open_store(dst)
    top = int(store.read_frame("SELECT max(wijziging_id) AS m FROM wijzigingen").m[0])
    for moment, edit in steps(store):
        with store.transaction() as con:
            edit(con)
        with store.transaction() as con:
            con.execute("UPDATE wijzigingen SET tijd = ? WHERE wijziging_id > ?", (moment, top))
            top = int(con.execute("SELECT max(wijziging_id) FROM wijzigingen").fetchone()[0])


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2])
    print(f"Voorbeeld met mutaties geschreven: {sys.argv[2]}")
