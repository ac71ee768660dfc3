"""History and peildatum: the figures as the store stood at a moment, rebuilt from `wijzigingen`."""

from __future__ import annotations

import datetime as _dt
import json

import pytest
from shapely.geometry import MultiPolygon

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.figures.history import at, history_of, parse_peildatum
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.model.tijd import ZONE, local_time, peildatum_label
from almelo_atlas_plugin.core.store.base import StoreError
from almelo_atlas_plugin.core.store.snapshot import states_at
from almelo_atlas_plugin.sample import HISTORIE_EIND
from tests.helpers import grow, potloodplan, square

# after the sample's own history (sample.HISTORIE, up to HISTORIE_EIND): from then on its state is today's
DATES = ["2026-04-01T10:00:00.000Z", "2026-06-15T12:00:00.000Z", "2026-08-31T08:30:00.000Z", "2026-11-02T16:45:00.000Z"]


def stamp_last(store, since: int, tijd: str) -> int:
    """Date the history rows written since `since` (the tests cannot wait years between edits)."""
    with store.transaction() as con:
        p = store.param
        con.execute(f"UPDATE wijzigingen SET tijd = {p} WHERE wijziging_id > {p}", (tijd, since))
        return con.execute("SELECT max(wijziging_id) FROM wijzigingen").fetchone()[0]


def first_difference(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if a.get(k) != b.get(k):
                return first_difference(a.get(k), b.get(k), f"{path}/{k}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {str(a)[:150]} != {str(b)[:150]}"


def strip(r):
    r = dict(r)
    r.pop("peildatum", None)
    return r


def test_peildatum_figures_equal_the_figures_at_that_time(store):
    """On both backends: a GeoPackage copy of the past, PostGIS's past computed in SQL (core/store/postgis_history.py)."""
    s = store
    top = int(s.read_frame("SELECT max(wijziging_id) AS m FROM wijzigingen").m[0])
    seen = {HISTORIE_EIND: rollup(s).to_json()}  # the day of the sample's last dated edit
    # step 1: a project grows; step 2: a potloodplan is added and tagged; step 3: a project is deleted, a tag removed;
    # step 4: a project is moved to another wijk
    steps = [
        lambda con: con.execute("INSERT INTO woningblokken (laag, locatie_fid, soort, aantal, segment, jaar, bijgewerkt_door)"
                                " SELECT 'projecten', fid, 'bouw', 40, 'koop', oplever_jaar, 'ann' FROM projecten WHERE naam = 'Woningbouw Maardijk'"),
        lambda con: con.execute(f"INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES ('potloodplannen', {s.param}, '3.4')",
                                (potloodplan(con, "Nieuw potloodplan Hofkamp", square(244000, 485500, 80), (0, 10, 0, 30), store=s),)),
        lambda con: (con.execute("DELETE FROM projecten WHERE naam = 'Veenelanden-Oost'"),
                     con.execute("DELETE FROM locatie_opgaven WHERE opgave_code = '3.2' AND laag = 'projecten'")),
        lambda con: con.execute(f"UPDATE projecten SET geom = {s.geometry_param()}, wijk_code = NULL WHERE naam = 'Uitbreiding Aadorp-West'",
                                (s.geometry_value(MultiPolygon([square(241200, 481000, 60)])),)),
    ]
    for step, tijd in zip(steps, DATES):
        with s.transaction() as con:
            step(con)
        top = stamp_last(s, top, tijd)
        seen[tijd[:10]] = rollup(s).to_json()
    for day, expected in seen.items():
        with at(s, day) as past:
            got = rollup(past).to_json()
        if strip(got) != strip(expected):
            raise AssertionError(f"{day}: {first_difference(strip(got), strip(expected))}")
    # a moment between two edits sees the earlier state
    with at(s, "2026-05-01T00:00:00") as past:
        assert strip(rollup(past).to_json()) == strip(seen["2026-04-01"])


def test_cli_rollup_peildatum(sample_store, capsys):
    with sample_store.transaction() as con:
        grow(con, "Inbreiding Groeneveld", 7, user="bob")
    assert main(["rollup", str(sample_store.path), "--format", "json", "--peildatum", HISTORIE_EIND]) == 0
    then = json.loads(capsys.readouterr().out)
    assert main(["rollup", str(sample_store.path), "--format", "json"]) == 0
    now = json.loads(capsys.readouterr().out)
    assert now["stad"]["won_gerealiseerd"] == then["stad"]["won_gerealiseerd"] + 7
    assert then["peildatum"] == f"{HISTORIE_EIND}T23:59:59.999+01:00" and now["peildatum"] is None  # Dutch time, with its offset
    assert main(["rollup", str(sample_store.path), "--peildatum", "gisteren"]) == 2
    assert "geen datum" in capsys.readouterr().err


def test_history_of_a_location_names_who_and_what(sample_store):
    fid = int(sample_store.read_frame("SELECT fid FROM projecten WHERE naam = 'Zonneveld Aadijk #2'").fid[0])
    with sample_store.transaction() as con:
        # planstatus follows the planologische status: 3 → 1A makes it hard
        con.execute("UPDATE projecten SET status_planologisch = '1A', planstatus = 'hard', bijgewerkt_door = 'cees' WHERE fid = ?", (fid,))
        con.execute("INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code, bijgewerkt_door) VALUES ('projecten', ?, '3.6', 'cees')", (fid,))
    h = history_of(sample_store, "projecten", fid)
    assert [x["actie"] for x in h] == ["insert", "insert", "update", "insert"]  # project, its 3.2 tag, the edit, the new tag
    upd = h[2]
    assert upd["gebruiker"] == "cees" and upd["oud"]["planstatus"] == "zacht" and upd["nieuw"]["planstatus"] == "hard"
    assert (upd["oud"]["status_planologisch"], upd["nieuw"]["status_planologisch"]) == ("3", "1A")


def test_parse_peildatum_is_dutch_time_in_every_format():
    """A date is the end of that day in Amsterdam, in all three formats; a time is Amsterdam time unless it says otherwise."""
    for text in ("2021-01-01", "20210101", "01-01-2021", " 1-1-2021 "):
        assert parse_peildatum(text) == "2021-01-01T22:59:59.999Z", text
    assert parse_peildatum("2021-07-01") == "2021-07-01T21:59:59.999Z"  # summer time
    assert parse_peildatum("2026-11-27T14:05:00") == "2026-11-27T13:05:00.000Z"
    assert parse_peildatum("2026-11-27 14:05") == parse_peildatum("27-11-2026 14:05") == "2026-11-27T13:05:00.000Z"
    assert parse_peildatum("2026-07-27T14:05") == "2026-07-27T12:05:00.000Z"
    assert parse_peildatum("2026-11-27T14:05:00+01:00") == "2026-11-27T13:05:00.000Z"
    assert parse_peildatum("2026-11-27T14:05Z") == "2026-11-27T14:05:00.000Z"
    for text in ("2021-01-01", "2021-07-01T14:45", "2021-10-31T02:30"):  # its own output means the same moment
        assert parse_peildatum(parse_peildatum(text)) == parse_peildatum(text)
    for bad in ("gisteren", "2021-02-30", "", "2021-13-01", "9999-12-31", "2021-01-01\x00", "1e308", "99999999999999999999"):
        with pytest.raises(StoreError, match="Peildatum"):
            parse_peildatum(bad)


def test_peildatum_at_the_dst_edges():
    # summer time starts 28-03-2021 02:00 → 03:00: a day of 23 hours; 02:30 does not exist
    assert parse_peildatum("2021-03-27") == "2021-03-27T22:59:59.999Z"
    assert parse_peildatum("2021-03-28") == "2021-03-28T21:59:59.999Z"
    assert parse_peildatum("2021-03-28T01:59") == "2021-03-28T00:59:00.000Z"
    assert parse_peildatum("2021-03-28T03:00") == "2021-03-28T01:00:00.000Z"
    with pytest.raises(StoreError, match="bestaat niet in Nederlandse tijd"):
        parse_peildatum("2021-03-28T02:30")
    # summer time ends 31-10-2021 03:00 → 02:00: 02:30 happens twice, the first (summer time) is meant
    assert parse_peildatum("2021-10-31T02:30") == "2021-10-31T00:30:00.000Z"
    assert parse_peildatum("2021-10-31T02:30+01:00") == "2021-10-31T01:30:00.000Z"
    assert parse_peildatum("2021-10-31T03:00") == "2021-10-31T02:00:00.000Z"
    assert parse_peildatum("2021-10-31") == "2021-10-31T22:59:59.999Z"  # a day of 25 hours


def test_peildatum_is_shown_in_dutch_time():
    assert peildatum_label(parse_peildatum("2021-07-01")) == "01-07-2021"
    assert peildatum_label(parse_peildatum("2021-07-01T14:45")) == "01-07-2021 14:45"
    assert local_time("2021-07-01T12:45:00.000Z") == "01-07-2021 14:45:00"
    assert local_time("2021-01-01T12:45:00.000Z", seconds=False) == "01-01-2021 13:45"


def test_an_edit_at_1445_dutch_time_is_not_in_the_state_at_1443(sample_store):
    """The peildatum a user types is Dutch time: two minutes before an edit does not show it, two minutes after does."""
    fid = int(sample_store.read_frame("SELECT fid FROM projecten ORDER BY fid LIMIT 1").fid[0])
    with sample_store.transaction() as con:
        con.execute("UPDATE projecten SET naam = 'Na de wijziging', bijgewerkt_door = 'ans' WHERE fid = ?", (fid,))
        tijd = con.execute("SELECT max(tijd) FROM wijzigingen").fetchone()[0]
    edit = _dt.datetime.fromisoformat(tijd.replace("Z", "+00:00")).astimezone(ZONE)
    before, after = (f"{edit + _dt.timedelta(minutes=m):%Y-%m-%dT%H:%M}" for m in (-2, 2))
    with sample_store.reading() as con:
        assert states_at(sample_store, con, "projecten", parse_peildatum(before))[fid]["naam"] != "Na de wijziging"
        assert states_at(sample_store, con, "projecten", parse_peildatum(after))[fid]["naam"] == "Na de wijziging"
        assert states_at(sample_store, con, "projecten", parse_peildatum(f"{edit:%Y-%m-%d}"))[fid]["naam"] == "Na de wijziging"


def test_postgis_peildatum_is_computed_in_the_store_without_a_copy(pg_sample, monkeypatch, qgis_app):
    """The past of a PostGIS store lives in temporary tables of one connection (and query layers for the maps): no copy,
    nothing written to the store."""
    from almelo_atlas_plugin.core.store import open as store_open
    from almelo_atlas_plugin.core.store import transfer
    from almelo_atlas_plugin.core.store.open import open_store

    monkeypatch.setattr(transfer, "copy_rows", lambda *a, **k: pytest.fail("de store is gekopieerd"))
    monkeypatch.setattr(store_open, "copy_store", lambda *a, **k: pytest.fail("de store is gekopieerd"))
    s = open_store(pg_sample)
    top = int(s.read_frame("SELECT max(wijziging_id) AS m FROM wijzigingen").m[0])
    with s.transaction() as con:
        con.execute("DELETE FROM projecten WHERE naam = 'Veenelanden-Oost'")
    stamp_last(s, top, "2026-06-01T00:00:00.000Z")
    now = s.read_frame("SELECT count(*) AS n FROM projecten").n[0]
    with at(s, HISTORIE_EIND) as past:
        assert past.kind == "postgis"
        assert past.read_frame("SELECT count(*) AS n FROM projecten").n[0] == now + 1
        assert s.read_frame("SELECT count(*) AS n FROM projecten").n[0] == now  # other connections see the store as it is
        from qgis.core import QgsVectorLayer

        layer = QgsVectorLayer(*past.layer_source("projecten")[:1], "projecten", "postgres")  # the agenda's maps of then
        assert layer.isValid() and layer.featureCount() == now + 1
    assert s.read_frame("SELECT count(*) AS n FROM projecten").n[0] == now
