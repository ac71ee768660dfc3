"""History and guard integrity (#12, findings 6 and 7, --overschrijven): on both backends, the store unchanged after
every refused command."""

from __future__ import annotations

import hashlib
import json

import pytest

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.store import guards
from almelo_atlas_plugin.core.store.open import open_store
from almelo_atlas_plugin.core.store.validation import validate

WATCHED = ("projecten", "potloodplannen", "locatie_opgaven", "wijzigingen", "atlas_meta")


def digest(store) -> str:
    """Every row of the edited tables and the history (the store's content for these tests)."""
    h = hashlib.sha256()
    with store.reading() as con:
        for t in WATCHED:
            key = "wijziging_id" if t == "wijzigingen" else "sleutel" if t == "atlas_meta" else "fid"
            for row in con.execute(f"SELECT * FROM {t} ORDER BY {key}"):
                h.update(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)).encode())
    return h.hexdigest()


def owner_sql(store, *statements):
    """Statements run by the store's owner, past the atlas's own check (as a hand edit or an old tool would)."""
    with store.transaction(guarded=False) as con:
        for sql in statements:
            con.execute(sql)


def first_project(store) -> int:
    with store.reading() as con:
        return con.execute("SELECT min(fid) FROM projecten").fetchone()[0]


def run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def refused_one_line(argv, store, capsys, *expect):
    before = digest(store)
    code, _, err = run(argv, capsys)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, err
    for e in expect:
        assert e in lines[0], lines[0]
    assert digest(store) == before
    return lines[0]


def drop_tag_history(store):
    if store.kind == "gpkg":
        owner_sql(store, 'DROP TRIGGER "atlas_locatie_opgaven_hist_insert"')
        return "atlas_locatie_opgaven_hist_insert"
    owner_sql(store, "DROP TRIGGER atlas_locatie_opgaven_hist ON locatie_opgaven")
    return "atlas_locatie_opgaven_hist (trigger)"


def test_a_fresh_store_and_the_sample_have_their_guards_as_generated(store, capsys):
    with store.reading() as con:
        assert guards.problems(store, con) == []
        assert guards.recorded(con) is not None
    code, out, _ = run(["validate", store.uri], capsys)
    assert code == 0 and "geen problemen" in out


def test_a_dropped_history_trigger_is_reported_and_writes_refuse_until_herstel(store, capsys):
    name = drop_tag_history(store)
    fid = first_project(store)
    code, out, _ = run(["validate", store.uri], capsys)
    assert code == 2 and f"laag locatie_opgaven: databaseregel {name} ontbreekt (verwijderd)" in out
    for argv in (["tag", store.uri, "projecten", str(fid), "--opgave", "3.2"], ["promote", store.uri, "1"]):
        refused_one_line(argv, store, capsys, "ontbreken of zijn gewijzigd", "validate STORE --herstel", "niets opgeslagen")
    code, out, err = run(["validate", store.uri, "--herstel"], capsys)
    assert code == 0 and "geen problemen" in out and "opnieuw geïnstalleerd (1" in err
    with store.reading() as con:
        top = con.execute("SELECT max(wijziging_id) FROM wijzigingen").fetchone()[0]
    assert run(["tag", store.uri, "projecten", str(fid), "--opgave", "3.2"], capsys)[0] == 0
    with store.reading() as con:  # the tag is in the history again
        rows = con.execute(f"SELECT laag, actie FROM wijzigingen WHERE wijziging_id > {store.param}", (top,)).fetchall()
    assert rows == [("locatie_opgaven", "insert")]


def test_a_no_op_under_the_same_name_is_reported_as_altered(store, capsys):
    if store.kind == "gpkg":
        name = "atlas_projecten_hist_update"
        owner_sql(store, f'DROP TRIGGER "{name}"', f'CREATE TRIGGER "{name}" AFTER UPDATE ON projecten FOR EACH ROW BEGIN SELECT 1; END')
    else:
        name = "atlas_projecten_hist"
        owner_sql(store, "CREATE OR REPLACE FUNCTION atlas_projecten_hist() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$")
    code, out, _ = run(["validate", store.uri], capsys)
    assert code == 2 and "geen problemen" not in out
    assert f"laag projecten: databaseregel {name} is gewijzigd ten opzichte van wat de atlas installeerde" in out
    with store.reading() as con:
        assert {p.soort for p in guards.problems(store, con)} == {"gewijzigd"}
    fid = first_project(store)
    refused_one_line(["tag", store.uri, "projecten", str(fid), "--opgave", "3.2"], store, capsys, "ontbreken of zijn gewijzigd")
    open_store(store.uri)  # opening does not repair a tampered store (only a beheerder's --herstel does)
    with store.reading() as con:
        assert guards.problems(store, con)
    assert run(["validate", store.uri, "--herstel"], capsys)[0] == 0


def test_a_disabled_history_trigger_is_reported(pg_sample, capsys):
    store = open_store(pg_sample)
    owner_sql(store, "ALTER TABLE projecten DISABLE TRIGGER atlas_projecten_hist")
    code, out, _ = run(["validate", pg_sample], capsys)
    assert code == 2 and "databaseregel atlas_projecten_hist (trigger) is gewijzigd" in out


def _as_older_generation(store) -> str:
    """Rewrite one guard as an older plugin version would have made it, with that version's fingerprint."""
    if store.kind == "gpkg":
        name = "atlas_projecten_tags_cascade"
        older = (f'CREATE TRIGGER "{name}" AFTER DELETE ON "projecten" FOR EACH ROW BEGIN\n'
                 "  DELETE FROM locatie_opgaven WHERE locatie_fid = OLD.fid AND laag = 'projecten';\nEND")
        owner_sql(store, f'DROP TRIGGER "{name}"', older)
    else:
        name = "atlas_projecten_hist"
        owner_sql(store, "DROP TRIGGER atlas_projecten_hist ON projecten", "DROP FUNCTION atlas_projecten_hist()",
                  "CREATE FUNCTION atlas_projecten_hist() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$\nBEGIN\n"
                  "  INSERT INTO wijzigingen (tijd, gebruiker, laag, fid, actie) VALUES (now(), current_user, 'projecten', NEW.fid, 'update');"
                  " RETURN NEW;\nEND $$",
                  "CREATE TRIGGER atlas_projecten_hist AFTER INSERT OR DELETE OR UPDATE ON projecten FOR EACH ROW EXECUTE FUNCTION atlas_projecten_hist()")
    with store.transaction(guarded=False) as con:
        store.set_meta(con, guards.FINGERPRINT_KEY, guards.fingerprint(guards.installed(store, con)))
    return name


def test_an_older_generation_is_outdated_not_tampered_and_migration_reinstalls_it(store, capsys):
    name = _as_older_generation(store)
    with store.reading() as con:
        found = guards.problems(store, con)
    assert [(p.naam.split(" ")[0], p.soort, p.verouderd) for p in found] == [(name, "gewijzigd", True)]
    code, out, _ = run(["validate", store.uri], capsys)
    assert code == 2 and f"databaseregel {found[0].naam} van een oudere versie (wordt bij migratie vernieuwd)" in out
    # a write on the store as it is says how to bring it up to date
    with pytest.raises(Exception, match="zijn van een oudere versie"):
        with store.transaction() as con:
            con.execute("DELETE FROM locatie_opgaven")
    fid = first_project(store)
    assert run(["tag", store.uri, "projecten", str(fid), "--opgave", "3.2"], capsys)[0] == 0  # opening migrated it
    code, out, _ = run(["validate", store.uri], capsys)
    assert code == 0, out


def test_a_store_without_a_fingerprint_still_opens_and_migrates(store, capsys):
    owner_sql(store, f"DELETE FROM atlas_meta WHERE sleutel = '{guards.FINGERPRINT_KEY}'")
    if store.kind == "postgis":  # as today's main made it: history by the editor's own rights
        owner_sql(store, "ALTER FUNCTION atlas_projecten_hist() SECURITY INVOKER")
    with store.reading() as con:
        assert guards.needs_update(store, con)
    fid = first_project(store)
    assert run(["tag", store.uri, "projecten", str(fid), "--opgave", "3.2"], capsys)[0] == 0
    with store.reading() as con:
        assert guards.problems(store, con) == [] and guards.recorded(con)


# --- history chain --------------------------------------------------------------------------

def _chain(store, fid):
    with store.reading() as con:
        return con.execute(f"SELECT wijziging_id, tijd, actie, oud, nieuw FROM wijzigingen WHERE laag = 'projecten' AND fid = {store.param}"
                           " ORDER BY wijziging_id", (fid,)).fetchall()


def forge(store, fid, actie, oud, nieuw, tijd="2020-12-31T12:00:00.000Z", wie="wethouder"):
    with store.transaction(guarded=False) as con:
        p = store.param
        con.execute(f"INSERT INTO wijzigingen (tijd, gebruiker, laag, fid, actie, oud, nieuw) VALUES ({p}, {p}, 'projecten', {p}, {p}, {p}, {p})",
                    (tijd, wie, fid, actie, oud, nieuw))


def test_a_broken_history_chain_is_reported_naming_laag_fid_and_time(store):
    assert not [p for p in validate(store, geometry=False) if p.soort == "historie"]
    with store.reading() as con:
        a, b, c = [r[0] for r in con.execute("SELECT fid FROM projecten ORDER BY fid LIMIT 3").fetchall()]
    # a: a forged delete signed by the wethouder, dated back, while the project is still there (finding 6)
    last = _chain(store, a)[-1]
    forge(store, a, "delete", last[4], None)
    # b: an update whose old values are not what the previous row left
    last = json.loads(_chain(store, b)[-1][4])
    changed = dict(last, won_koop=(last["won_koop"] or 0) + 500)
    forge(store, b, "update", json.dumps(changed), json.dumps(changed), tijd="2099-01-01T00:00:00.000Z")
    # c: a delete followed by an update
    last = _chain(store, c)[-1][4]
    forge(store, c, "delete", last, None, tijd="2099-01-01T00:00:00.000Z")
    forge(store, c, "update", last, last, tijd="2099-01-01T00:00:01.000Z")
    found = [p for p in validate(store, geometry=False) if p.soort == "historie"]
    text = "\n".join(p.text() for p in found)
    assert f"laag projecten, feature {a}: wijziging" in text and "(delete, 31-12-2020 13:00:00, door wethouder)" in text
    assert "tijd ligt voor die van de vorige wijziging" in text
    assert "de historie eindigt met verwijderen, maar de rij bestaat" in text
    assert f"laag projecten, feature {b}, veld won_koop: wijziging" in text and "oude waarde van won_koop is niet de nieuwe waarde" in text
    assert f"laag projecten, feature {b}, veld won_koop" in text and "de historie leidt niet tot de huidige rij (veld won_koop)" in text
    assert f"laag projecten, feature {c}: wijziging" in text and "gewijzigd na de verwijdering in wijziging" in text
    assert {p.fid for p in found} == {a, b, c}
    assert all("\n" not in p.text() for p in found)


# --- PostGIS: only the history functions write the history ----------------------------------------

def _login(cluster, pg_uri, user, role):
    import psycopg2

    con = psycopg2.connect(cluster.dsn())
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,))
        if not cur.fetchone():
            cur.execute(f"CREATE ROLE {user} LOGIN")
        cur.execute(f"GRANT {role} TO {user}")
    con.close()
    return pg_uri.replace("postgres@", f"{user}@")


def test_nobody_writes_history_by_hand_and_edits_still_name_their_user(pg_sample, cluster, capsys):
    import psycopg2

    from almelo_atlas_plugin.core.store.base import DbError
    from almelo_atlas_plugin.core.store.postgis import HISTORY_REFUSED

    assert main(["roles", pg_sample]) == 0
    capsys.readouterr()
    redacteur = _login(cluster, pg_sample, "integ_anna", "atlas_redacteur")
    beheerder = _login(cluster, pg_sample, "integ_wim", "atlas_beheerder")
    owner = open_store(pg_sample)
    before = digest(owner)
    with owner.reading() as con:
        stad = con.execute("SELECT fid, nieuw FROM wijzigingen WHERE laag = 'projecten' ORDER BY wijziging_id DESC LIMIT 1").fetchone()
    forged = [
        ("INSERT INTO wijzigingen (tijd, gebruiker, laag, fid, actie, oud, nieuw) VALUES "
         "('2020-12-31T12:00:00Z', 'wethouder', 'projecten', %s, 'delete', %s, NULL)", (stad[0], stad[1])),
        ("UPDATE wijzigingen SET gebruiker = 'wethouder'", ()),
        ("DELETE FROM wijzigingen", ()),
        ("TRUNCATE wijzigingen", ()),
    ]
    for uri in (redacteur, beheerder):
        s = open_store(uri)
        for sql, params in forged:
            with pytest.raises(DbError) as exc:
                with s.transaction() as con:
                    con.execute(sql, params)
            assert str(exc.value) == HISTORY_REFUSED
        # someone's own trigger on a temporary table cannot borrow the history function
        raw = psycopg2.connect(uri.split("?")[0])
        with pytest.raises(psycopg2.Error, match="permission denied|wijzigingen"):
            with raw, raw.cursor() as cur:
                cur.execute("CREATE TEMP TABLE nep (LIKE atlas.projecten INCLUDING DEFAULTS)")
                cur.execute("CREATE TRIGGER nep AFTER INSERT ON nep FOR EACH ROW EXECUTE FUNCTION atlas.atlas_projecten_hist()")
                cur.execute("INSERT INTO nep (fid, naam, geom) SELECT fid, naam, geom FROM atlas.projecten LIMIT 1")
        raw.close()
    # a beheerder cannot change the guards either (only the owner can), and a redacteur cannot repair them
    raw = psycopg2.connect(beheerder.split("?")[0])
    with pytest.raises(psycopg2.Error, match="must be owner"):
        with raw, raw.cursor() as cur:
            cur.execute("DROP TRIGGER atlas_projecten_hist ON atlas.projecten")
    raw.close()
    refused_one_line(["validate", redacteur, "--herstel"], owner, capsys, "alleen een beheerder (rol atlas_beheerder")
    assert digest(owner) == before
    # a normal edit writes its history, in the name of the login user
    fid = first_project(owner)
    assert main(["tag", redacteur, "projecten", str(fid), "--opgave", "3.2"]) == 0
    s = open_store(redacteur)
    with s.transaction() as con:
        con.execute("UPDATE projecten SET naam = naam || ' (b)' WHERE fid = %s", (fid,))
    with owner.reading() as con:
        rows = con.execute("SELECT laag, actie, gebruiker FROM wijzigingen ORDER BY wijziging_id DESC LIMIT 2").fetchall()
    assert rows == [("projecten", "update", "integ_anna"), ("locatie_opgaven", "insert", "integ_anna")]
    assert not [p for p in validate(owner, geometry=False) if p.soort in ("historie", "bewaking_gewijzigd")]


# --- --overschrijven on PostGIS: only an atlas store ----------------------------------------------

def _tables(dsn):
    import psycopg2

    con = psycopg2.connect(dsn)
    with con, con.cursor() as cur:
        cur.execute("SELECT table_schema, table_name FROM information_schema.tables"
                    " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2")
        tables = cur.fetchall()
        cur.execute("SELECT count(*) FROM anders.gegevens")
        n = cur.fetchone()[0]
    con.close()
    return tables, n


def test_overschrijven_drops_only_an_atlas_store(cluster, capsys):
    import psycopg2

    dsn = cluster.createdb("atlas_integ_overschrijven")
    con = psycopg2.connect(dsn)
    with con, con.cursor() as cur:
        cur.execute("CREATE SCHEMA anders")
        cur.execute("CREATE TABLE anders.gegevens AS SELECT g AS id, 'rij ' || g AS tekst FROM generate_series(1, 1000) g")
        cur.execute("CREATE TABLE public.eigen (id int)")
    con.close()
    before = _tables(dsn)
    for schema, why in (("public", "het schema public wordt nooit overschreven"), ("anders", "het is geen atlas-store")):
        code, _, err = run(["init", f"{dsn}?schema={schema}", "--overschrijven"], capsys)
        lines = err.strip().splitlines()
        assert code == 2 and len(lines) == 1 and f"Schema '{schema}' wordt niet overschreven: {why}" in lines[0], err
        assert _tables(dsn) == before
    # an atlas store with someone's table added is not dropped either
    assert run(["init", f"{dsn}?schema=atlas"], capsys)[0] == 0
    con = psycopg2.connect(dsn)
    with con, con.cursor() as cur:
        cur.execute("CREATE TABLE atlas.notities (id int)")
    con.close()
    code, _, err = run(["init", f"{dsn}?schema=atlas", "--overschrijven"], capsys)
    assert code == 2 and "tabellen die niet van de atlas zijn (notities)" in err
    con = psycopg2.connect(dsn)
    with con, con.cursor() as cur:
        cur.execute("DROP TABLE atlas.notities")
    con.close()
    assert run(["init", f"{dsn}?schema=atlas", "--overschrijven"], capsys)[0] == 0  # an atlas store is overwritten
    assert _tables(dsn)[1] == 1000


def test_a_beheerder_repairs_through_the_owners_repair_function(pg_sample, cluster, capsys):
    assert main(["roles", pg_sample]) == 0
    beheerder = _login(cluster, pg_sample, "integ_wim", "atlas_beheerder")
    owner = open_store(pg_sample)
    name = drop_tag_history(owner)
    fid = first_project(owner)
    refused_one_line(["tag", beheerder, "projecten", str(fid), "--opgave", "3.2"], owner, capsys, "ontbreken of zijn gewijzigd")
    code, out, err = run(["validate", beheerder, "--herstel"], capsys)
    assert code == 0 and "geen problemen" in out and "(1 waren" in err, (out, err)
    assert run(["tag", beheerder, "projecten", str(fid), "--opgave", "3.2"], capsys)[0] == 0
    with owner.reading() as con:
        assert con.execute("SELECT laag, gebruiker FROM wijzigingen ORDER BY wijziging_id DESC LIMIT 1").fetchone() == (
            "locatie_opgaven", "integ_wim")
        assert guards.problems(owner, con) == []
    # the repair function itself altered: only the owner can repair
    owner_sql(owner, "ALTER FUNCTION atlas_herstel_bewaking() SECURITY INVOKER", f"DROP TRIGGER {name.split()[0]} ON locatie_opgaven")
    refused_one_line(["validate", beheerder, "--herstel"], owner, capsys, "de herstelfunctie atlas_herstel_bewaking zelf")
    assert run(["validate", pg_sample, "--herstel"], capsys)[0] == 0
