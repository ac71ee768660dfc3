"""The schema's rules become SQL once (core/store/rules.py): both backends install the same guards with the same Dutch
messages, a rule a PostGIS column type enforces says the same, and `validate` checks the stored rows with the same rules."""

from __future__ import annotations

import re
import sqlite3

import psycopg2
import pytest
from shapely.geometry import MultiPolygon

from almelo_atlas_plugin.core.model import geo
from almelo_atlas_plugin.core.model.schema import TABLES
from almelo_atlas_plugin.core.store.base import StoreError
from almelo_atlas_plugin.core.store.postgis import REPAIR_FUNCTION
from almelo_atlas_plugin.core.store.rules import SRID_RULE, rules_of
from almelo_atlas_plugin.core.store.validation import validate
from tests.helpers import blob, project, square

# guards that are no rule on a row: a catalogue row still in use and an edit over a newer one (GeoPackage: triggers;
# PostGIS: a foreign key and the locking function, whose conflict names who and when), the history's own refusal (PostGIS)
NOT_RULES = re.compile(r"veld code: opgave is nog in gebruik|veld versie: |^Laag wijzigingen: ")


def rule_set(dialect: str) -> set:
    return {(t.name, r.soort, r.veld, r.melding) for t in TABLES for r in rules_of(t, dialect)}


def test_both_backends_have_the_same_rules_and_messages():
    assert rule_set("sqlite") == rule_set("pg")


def installed_messages(empty_store, pg_store):
    with empty_store.reading() as con:
        gpkg = {m.replace("''", "'") for (sql,) in con.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'atlas\\_%' ESCAPE '\\'")
                for m in re.findall(r"RAISE\(ABORT, '((?:[^']|'')*)'\)", sql)}
    con = psycopg2.connect(pg_store.split("?")[0])
    with con, con.cursor() as cur:
        cur.execute("SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    " WHERE n.nspname = 'atlas' AND p.proname LIKE 'atlas\\_%%' AND p.proname <> %s", (REPAIR_FUNCTION,))
        pg = {m.replace("''", "'") for (src,) in cur.fetchall() for m in re.findall(r"MESSAGE = '((?:[^']|'')*)'", src)}
    con.close()
    return gpkg, pg


def test_both_backends_install_the_same_guards_and_messages(empty_store, pg_store):
    gpkg, pg = installed_messages(empty_store, pg_store)
    for dialect, found in (("sqlite", gpkg), ("pg", pg)):
        checked = {f"Laag {t.name}, veld {r.melding}" for t in TABLES for r in rules_of(t, dialect) if r.bad}
        assert {m for m in found if not NOT_RULES.search(m)} == checked, dialect
    by_type = {f"Laag {t.name}, veld {r.melding}" for t in TABLES for r in rules_of(t, "pg") if not r.bad}
    assert {m for m in gpkg if not NOT_RULES.search(m)} == {m for m in pg if not NOT_RULES.search(m)} | by_type
    assert {r.soort for t in TABLES for r in rules_of(t, "pg") if not r.bad} == {"geen_getal", "geometrie"}


@pytest.mark.parametrize("field, message", [
    ("start_jaar", "Laag projecten, veld start_jaar: moet een getal zijn"),
    ("geom", f"Laag projecten, veld {SRID_RULE}"),
])
def test_a_rule_a_postgis_column_type_enforces_says_the_same(store, field, message):
    fid = int(store.read_frame("SELECT min(fid) AS f FROM projecten").f[0])
    p = store.param
    if field == "geom":  # a geometry in WGS 84 (EPSG:4326), written as each driver writes one
        wrong = square(6.6, 52.3, 0.001)
        sql, value = (f"ST_GeomFromWKB({p}, 4326)", geo.to_wkb(MultiPolygon([wrong]))) if store.kind == "postgis" \
            else (p, blob(wrong, srs=4326))
    else:
        sql, value = p, "volgend jaar"
    with pytest.raises((sqlite3.DatabaseError, StoreError)) as exc:
        with store.transaction() as con:
            con.execute(f"UPDATE projecten SET {field} = {sql} WHERE fid = {p}", (value, fid))
    assert str(exc.value).startswith(message)


def test_validate_checks_every_rule_of_the_guards(sample_store):
    """Rows written past the guards (dropped, as an old tool might) are found by the same rules."""
    with sample_store.transaction() as con:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'atlas_%'").fetchall():
            con.execute(f'DROP TRIGGER "{name}"')
        late = project(con, naam="Te vroeg", start=2030, oplever=2025)
        con.execute("UPDATE doelen SET niveau = 'wijk', wijk_code = 'WK999999' WHERE fid = (SELECT min(fid) FROM doelen)")
        doel = con.execute("SELECT min(fid) FROM doelen").fetchone()[0]
    found = {(p.soort, p.laag, p.fid, p.veld): p.melding for p in validate(sample_store, geometry=False)}
    assert found[("regel", "projecten", late, "oplever_jaar")] == "waarde 2025: ligt voor het startjaar"
    assert found[("onbekende_wijk", "doelen", doel, "wijk_code")] == "waarde WK999999: onbekende wijk"
