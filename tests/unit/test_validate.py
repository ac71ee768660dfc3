"""validate reports one planted problem of each kind, naming layer, feature and field."""

from __future__ import annotations

import json

from shapely.geometry import Polygon

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.store.open import open_store
from almelo_atlas_plugin.core.store.validation import validate
from tests.helpers import blob, project, square


def plant(store):
    """Drop the guards (as an old tool or a hand edit might) and write one bad row of each kind."""
    with store.transaction() as con:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'atlas_%'").fetchall():
            con.execute(f'DROP TRIGGER "{name}"')
        fid = {}
        fid["domein"] = project(con, naam="Domein", status="bezig")
        fid["negatief"] = project(con, naam="Negatief", won=(0, 0, 0, -4))
        fid["geen_getal"] = project(con, naam="Tekst", m2_bedrijf="veel")
        fid["som"] = project(con, naam="Som", won_totaal=99)
        bowtie = Polygon([(240000, 485000), (240100, 485100), (240100, 485000), (240000, 485100)])
        fid["ongeldig"] = project(con, naam="Strik", geom=bowtie)
        fid["buiten"] = project(con, naam="Buiten", geom=square(100000, 400000))
        fid["wijk_oud"] = project(con, naam="Oud", wijk_code="WK014121")
        fid["tag"] = con.execute("INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code) VALUES ('projecten', ?, '9.9')",
                                 (fid["domein"],)).lastrowid
        fid["crs"] = project(con, naam="WGS84", geom=square(6.6, 52.3, 0.001))
        con.execute("UPDATE projecten SET geom = ? WHERE fid = ?", (blob(square(6.6, 52.3, 0.001), srs=4326), fid["crs"]))
        con.execute("ALTER TABLE potloodplannen DROP COLUMN ha_groen")
        con.execute("UPDATE gpkg_geometry_columns SET srs_id = 4326 WHERE table_name = 'gebieden'")
    return fid


def test_each_planted_problem_is_reported(sample_store):
    fid = plant(sample_store)
    problems = validate(sample_store)
    by = {(p.soort, p.laag, p.fid, p.veld) for p in problems}
    expected = {
        ("domein", "projecten", fid["domein"], "status"),
        ("negatief", "projecten", fid["negatief"], "won_koop"),
        ("geen_getal", "projecten", fid["geen_getal"], "m2_bedrijf"),
        ("som_woningen", "projecten", fid["som"], "won_totaal"),
        ("ongeldige_geometrie", "projecten", fid["ongeldig"], "geom"),
        ("buiten_wijken", "projecten", fid["buiten"], "geom"),
        ("wijk_niet_actueel", "projecten", fid["wijk_oud"], "wijk_code"),
        ("onbekende_opgave", "locatie_opgaven", fid["tag"], "opgave_code"),
        ("verkeerde_crs", "projecten", fid["crs"], "geom"),
        ("veld_ontbreekt", "potloodplannen", None, "ha_groen"),
        ("verkeerde_crs", "gebieden", None, "geom"),
        ("bewaking_ontbreekt", "projecten", None, None),
    }
    missing = expected - by
    assert not missing, missing
    texts = [p.text() for p in problems]
    assert f"laag projecten, feature {fid['domein']}, veld status: waarde 'bezig' niet toegestaan" in " | ".join(texts)


def test_missing_table_reported(empty_store):
    with empty_store.transaction() as con:
        con.execute("DROP TABLE doelen")
    assert any(p.soort == "tabel_ontbreekt" and p.laag == "doelen" for p in validate(empty_store))


def test_cli_validate_exit_codes_and_json(sample_store, capsys):
    assert main(["validate", str(sample_store.path)]) == 0
    assert "geen problemen" in capsys.readouterr().out
    fid = plant(sample_store)
    assert main(["validate", str(sample_store.path), "--format", "json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert {"soort", "laag", "fid", "veld", "melding"} <= set(data["problemen"][0])
    assert any(p["fid"] == fid["negatief"] and p["veld"] == "won_koop" for p in data["problemen"])


def test_cli_refuses_bad_paths_with_one_dutch_line(tmp_path, capsys):
    (tmp_path / "kapot.gpkg").write_bytes(b"\x00" * 4096)
    for arg, expect in ((tmp_path / "weg.gpkg", "bestaat niet"), (tmp_path / "kapot.gpkg", "geen GeoPackage"),
                        (tmp_path / "kaart.shp", "eindigt op .gpkg")):
        assert main(["validate", str(arg)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and expect in err[0] and err[0].startswith("fout:")


def test_open_store_reads_without_writing(sample_store):
    before = sample_store.path.stat().st_mtime_ns
    validate(open_store(sample_store.path))
    assert sample_store.path.stat().st_mtime_ns == before


def test_blocks_are_validated_orphans_rules_and_sums(sample_store):
    """Blocks written past the guards: a block of no location, a sloop block on braakliggend terrein, a location whose
    sums are not its blocks'."""
    s = sample_store
    with s.transaction() as con:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'atlas_%'").fetchall():
            con.execute(f'DROP TRIGGER "{name}"')
        orphan = con.execute("INSERT INTO woningblokken (laag, locatie_fid, soort, aantal) VALUES ('projecten', 99999, 'bouw', 5)").lastrowid
        braak = con.execute("SELECT min(fid) FROM potloodplannen WHERE soort = 'braakliggend_terrein'").fetchone()[0]
        sloop = con.execute("INSERT INTO woningblokken (laag, locatie_fid, soort, aantal) VALUES ('potloodplannen', ?, 'sloop', 5)",
                            (braak,)).lastrowid
        pid = con.execute("SELECT min(fid) FROM projecten WHERE won_koop > 0").fetchone()[0]
        con.execute("UPDATE projecten SET won_koop = won_koop + 1, won_totaal = won_totaal + 1, won_netto = won_netto + 1 WHERE fid = ?", (pid,))
    found = {(p.soort, p.laag, p.fid, p.veld): p.melding for p in validate(s, geometry=False)}
    assert found[("onbekende_locatie", "woningblokken", orphan, "locatie_fid")] == "locatie 99999 bestaat niet in projecten"
    assert found[("regel", "woningblokken", sloop, "soort")] == "waarde sloop: sloop kan niet op braakliggend terrein (geen bebouwing)"
    assert found[("regel", "potloodplannen", braak, "soort")].endswith("braakliggend terrein kan geen sloopblokken hebben (geen bebouwing)")
    koop = found[("berekend", "projecten", pid, "won_koop")]
    assert koop.startswith("waarde ") and koop.endswith("is niet gelijk aan de som van de woningblokken")
    assert ("berekend", "projecten", pid, "won_totaal") in found and ("berekend", "potloodplannen", braak, "won_sloop") in found
    assert not [k for k in found if k[0] == "berekend" and k[2] not in (pid, braak)]  # the sample's sums are its blocks'
