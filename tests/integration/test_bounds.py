"""Plausible bounds per field (schema.py) are enforced by the database on both backends: absurd values — 9.2×10^18
dwellings, 2^63, ha_zon = 1e308, inf, NaN, text — are refused with the Dutch message naming layer and field, and the
store is unchanged afterwards."""

from __future__ import annotations

import hashlib

import pytest

from almelo_atlas_plugin.core.model.schema import (
    LOCATION_LAYERS,
    MAX_HA_LOCATIE,
    MAX_WONINGEN_SEGMENT,
    PROGRAMME_FIELDS,
    SPINBOX_LIMIT,
    TABLES,
    number_nl,
    table,
)
from almelo_atlas_plugin.core.store.base import DbError

NAN, INF = float("nan"), float("inf")
ABSURD = [
    ("won_koop", 9.2e18, "veld won_koop: mag niet groter zijn dan 10.000"),
    ("won_koop", 9_200_000_000_000_000_000, "veld won_koop: mag niet groter zijn dan 10.000"),
    ("won_koop", 2**63 - 1, "veld won_koop: mag niet groter zijn dan 10.000"),
    ("won_koop", str(2**63), "veld won_koop: mag niet groter zijn dan 10.000"),  # as text, as a CSV hands it over
    ("won_koop", INF, "veld won_koop: mag niet groter zijn dan 10.000"),
    ("won_koop", NAN, "veld won_koop: moet een getal zijn"),  # SQLite stores NaN as NULL; PostgreSQL has no integer NaN
    ("won_koop", "veel", "veld won_koop: moet een getal zijn"),
    ("won_koop", -(2**40), "veld won_koop: mag niet negatief zijn"),
    ("won_koop", MAX_WONINGEN_SEGMENT + 1, "veld won_koop: mag niet groter zijn dan 10.000"),
    ("won_koop", -1, "veld won_koop: mag niet negatief zijn"),
    ("ha_zon", 1e308, "veld ha_zon: mag niet groter zijn dan 1000"),
    ("ha_zon", INF, "veld ha_zon: mag niet groter zijn dan 1000"),
    ("ha_zon", -INF, "veld ha_zon: mag niet negatief zijn"),
    ("ha_zon", NAN, "veld ha_zon: moet een getal zijn"),
    ("ha_zon", MAX_HA_LOCATIE + 0.5, "veld ha_zon: mag niet groter zijn dan 1000"),
    ("m2_bedrijf", 2_000_001, "veld m2_bedrijf: mag niet groter zijn dan 2.000.000"),
]


def snapshot(store) -> str:
    """The content of the location layers and the history, as a hash."""
    h = hashlib.sha256()
    with store.reading() as con:
        for laag in (*LOCATION_LAYERS, "wijzigingen", "locatie_opgaven"):
            fid = table(laag).fid_column
            for row in con.execute(f"SELECT * FROM {laag} ORDER BY {fid}"):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


@pytest.mark.parametrize("name, value, message", ABSURD, ids=[f"{n}={v!r}"[:40] for n, v, _ in ABSURD])
@pytest.mark.parametrize("laag", LOCATION_LAYERS)
def test_absurd_values_are_refused_in_dutch_and_nothing_changes(store, laag, name, value, message):
    before = snapshot(store)
    with store.reading() as con:
        fid = con.execute(f"SELECT min(fid) FROM {laag}").fetchone()[0]
    with pytest.raises(DbError) as exc:
        with store.transaction() as con:
            con.execute(f"UPDATE {laag} SET {name} = {store.param} WHERE fid = {store.param}", (value, fid))
    assert str(exc.value).startswith(f"Laag {laag}, ") and message in str(exc.value), str(exc.value)
    assert "\n" not in str(exc.value)
    assert snapshot(store) == before
    if store.kind != "postgis":
        with store.reading() as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_every_bound_is_plausible_and_fits_a_spin_box():
    for t in TABLES:
        for f in t.fields:
            for bound in (f.minimum, f.maximum):
                assert bound is None or abs(bound) <= SPINBOX_LIMIT, (t.name, f.name)
    for laag in LOCATION_LAYERS:
        for name in PROGRAMME_FIELDS:
            f = table(laag).field(name)
            assert f.minimum == 0 and f.maximum is not None, name
    # the largest location in the sample stays far below every bound
    assert number_nl(10_000) == "10.000" and number_nl(2050) == "2050" and number_nl(0.25) == "0,25"


@pytest.mark.parametrize("value, message", [
    (2**63 - 1, "veld won_koop: mag niet groter zijn dan 10.000"),
    (str(2**63), "veld won_koop: mag niet groter zijn dan 10.000"),
    (NAN, "veld won_koop: moet een getal zijn"),
])
def test_an_absurd_new_location_is_refused_in_dutch(store, value, message):
    from tests.helpers import project

    before = snapshot(store)
    with pytest.raises(DbError) as exc:
        with store.transaction() as con:
            project(con, "Absurd", status="initiatief", planstatus="zacht", won=(0, 0, 0, 0), won_koop=value, won_totaal=value,
                    oplever=None, start=None, bijgewerkt_door=None, store=store)
    assert str(exc.value).startswith("Laag projecten, ") and message in str(exc.value), str(exc.value)
    assert snapshot(store) == before


def test_validate_reports_values_beyond_the_bounds_of_an_older_store(sample_store):
    """A store whose guards predate the bounds may hold such values: validate names them, bound written in Dutch."""
    from almelo_atlas_plugin.core.store.validation import validate

    with sample_store.transaction() as con:
        con.execute("DROP TRIGGER atlas_projecten_guard_update")
        fid = con.execute("SELECT min(fid) FROM projecten").fetchone()[0]
        con.execute("UPDATE projecten SET m2_bedrijf = 3e6 WHERE fid = ?", (fid,))
    problems = [p for p in validate(sample_store) if p.soort == "te_groot"]
    assert [(p.laag, p.fid, p.veld, p.melding) for p in problems] == [
        ("projecten", fid, "m2_bedrijf", "waarde 3000000.0 is groter dan 2.000.000")]
