"""The Processing algorithms run by id, as in the model designer and qgis_process."""

from __future__ import annotations

import json

import pytest
from qgis.core import QgsApplication, QgsProcessingException

from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.store.open import open_store

pytestmark = pytest.mark.gui


def test_rollup_algorithm(provider, sample_store, tmp_path):
    import processing

    out = tmp_path / "r.json"
    res = processing.run("almelo_atlas:rollup", {"STORE": str(sample_store.path), "NIVEAU": 0, "NORM": 1.3, "OUTPUT": str(out)})
    expected = rollup(open_store(sample_store.path)).to_json()
    assert res["WON_GEPLAND"] == expected["stad"]["won_gepland"]
    assert res["WON_POTENTIEEL"] == expected["stad"]["won_potentieel"]
    assert json.loads(out.read_text(encoding="utf-8"))["stad"] == expected["stad"]


def test_validate_algorithm(provider, sample_store, tmp_path):
    import processing

    res = processing.run("almelo_atlas:validate", {"STORE": str(sample_store.path), "OUTPUT": str(tmp_path / "v.json")})
    assert res["PROBLEMEN"] == 0
    with sample_store.transaction() as con:
        con.execute("DROP TRIGGER atlas_projecten_guard_update")
        con.execute("UPDATE projecten SET won_koop = -1 WHERE fid = 1")
    res = processing.run("almelo_atlas:validate", {"STORE": str(sample_store.path), "OUTPUT": str(tmp_path / "v.json")})
    assert res["PROBLEMEN"] >= 2
    rows = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    assert any(r["fid"] == 1 and r["veld"] == "won_koop" for r in rows)


def test_bad_store_is_a_processing_error(provider, tmp_path):
    import processing

    with pytest.raises(QgsProcessingException):
        processing.run("almelo_atlas:rollup", {"STORE": str(tmp_path / "nee.gpkg"), "OUTPUT": str(tmp_path / "o.json")})


def test_tag_algorithm_every_potloodplan_in_a_gebied(provider, sample_store):
    import processing

    from almelo_atlas_plugin.core.edits import locations_in

    fids = locations_in(sample_store, "potloodplannen", gebied="Spoorzone")
    assert fids
    had = set(sample_store.read_frame("SELECT locatie_fid FROM locatie_opgaven WHERE laag='potloodplannen' AND opgave_code='3.5'").locatie_fid)
    res = processing.run("almelo_atlas:tag", {"STORE": str(sample_store.path), "LAAG": 1, "OPGAVEN": [4], "GEBIED": "Spoorzone"})  # 3.5
    assert res["GEWIJZIGD"] == len(set(fids) - had)
    tagged = set(sample_store.read_frame("SELECT locatie_fid FROM locatie_opgaven WHERE laag='potloodplannen' AND opgave_code='3.5'").locatie_fid)
    assert tagged == set(fids) | had
    with pytest.raises(QgsProcessingException):
        processing.run("almelo_atlas:tag", {"STORE": str(sample_store.path), "LAAG": 1, "OPGAVEN": "9.9", "GEBIED": "Spoorzone"})


def test_algorithms_run_on_a_postgis_store(provider, pg_sample, tmp_path):
    """The same algorithm ids take a PostgreSQL connection string as STORE, with the same figures."""
    import processing

    from tests.gui.test_pg_connection import save_connection

    db = pg_sample.rsplit("/", 1)[1].split("?")[0]
    port = int(pg_sample.split(":")[2].split("/")[0])
    save_connection("Atlas processing", port, db)
    store = {"PG_VERBINDING": "Atlas processing", "PG_SCHEMA": "atlas"}
    res = processing.run("almelo_atlas:rollup", {**store, "NIVEAU": 0, "NORM": 1.3, "OUTPUT": str(tmp_path / "r.json")})
    expected = rollup(open_store(pg_sample)).to_json()
    assert res["WON_GEPLAND"] == expected["stad"]["won_gepland"] > 0
    res = processing.run("almelo_atlas:validate", {**store, "OUTPUT": str(tmp_path / "v.json")})
    assert res["PROBLEMEN"] == 0
    with pytest.raises(QgsProcessingException):
        processing.run("almelo_atlas:validate", {"OUTPUT": str(tmp_path / "v.json")})


@pytest.mark.parametrize("backend", ["gpkg", "postgis"])
def test_import_algorithm(provider, sample_store, backend, request, tmp_path):
    """almelo_atlas:import: rows by the store's rules (refused ones reported), on either backend."""
    import processing

    from almelo_atlas_plugin.processing.importer import IMPORTABLE

    store = open_store(sample_store.path if backend == "gpkg" else request.getfixturevalue("pg_sample"))
    csv = tmp_path / "woningen.csv"
    csv.write_text("x,y,eig,woningtype\n241500,486000,koop,eengezins\n241600,486100,huur,eengezins\n", encoding="utf-8")
    before = store.read_frame("SELECT count(*) AS n FROM woningvoorraad").n[0]
    params = {"STORE": str(store.path)} if backend == "gpkg" else {}
    if backend == "postgis":
        from tests.gui.test_pg_connection import save_connection

        uri = request.getfixturevalue("pg_sample")
        save_connection("Atlas import", int(uri.split(":")[2].split("/")[0]), uri.rsplit("/", 1)[1].split("?")[0])
        params = {"PG_VERBINDING": "Atlas import", "PG_SCHEMA": "atlas"}
    res = processing.run("almelo_atlas:import", {**params, "LAAG": IMPORTABLE.index("woningvoorraad"), "BRON": str(csv),
                                                 "MAP": "eigendom=eig"})
    assert (res["GEIMPORTEERD"], res["GEWEIGERD"]) == (1, 1)  # 'huur' is not an eigendom
    assert store.read_frame("SELECT count(*) AS n FROM woningvoorraad").n[0] == before + 1
    with pytest.raises(QgsProcessingException):
        processing.run("almelo_atlas:import", {**params, "LAAG": 0, "BRON": str(csv), "MAP": "zonder-is-teken"})


def test_huge_fids_and_a_nan_norm_are_refused_in_dutch(provider, sample_store, tmp_path):
    """The same bounded parsers as the command line (core/model/values.py): one Dutch message, nothing written."""
    import processing

    before = sample_store.read_frame("SELECT count(*) AS n FROM locatie_opgaven").n[0]
    with pytest.raises(QgsProcessingException, match="feature-id '99999999999999999999' is geen geheel getal"):
        processing.run("almelo_atlas:tag", {"STORE": str(sample_store.path), "LAAG": 0, "OPGAVEN": [3],
                                            "FIDS": "1,99999999999999999999"})
    assert sample_store.read_frame("SELECT count(*) AS n FROM locatie_opgaven").n[0] == before
    for norm, message in ((float("nan"), "norm planoverschot 'nan' is geen getal van 0,5 tot en met 5,0"),
                          (1e308, "NORM")):
        with pytest.raises(QgsProcessingException, match=message):
            processing.run("almelo_atlas:rollup", {"STORE": str(sample_store.path), "NIVEAU": 0, "NORM": norm,
                                                   "OUTPUT": str(tmp_path / "r.json")})
        assert not (tmp_path / "r.json").exists()


def test_rollup_algorithm_defaults_to_the_one_norm(provider):
    from almelo_atlas_plugin.core.model.values import SURPLUS_NORM

    alg = QgsApplication.processingRegistry().algorithmById("almelo_atlas:rollup")
    assert alg.parameterDefinition("NORM").defaultValue() == SURPLUS_NORM


def test_rollup_and_agenda_at_a_peildatum(provider, sample_store, tmp_path):
    """PEILDATUM: the command line's text and parser; the figures as the store stood then, a bad date in Dutch."""
    import processing

    from almelo_atlas_plugin.core import atlas
    from tests.gui.test_agenda import gepland_now, page_text
    from tests.gui.test_faces import PEILDATUM, PEILDATUM_NL, later_edit

    before = gepland_now(sample_store)  # the sample as it stood at PEILDATUM (after its own history)
    later_edit(sample_store)
    params = {"STORE": str(sample_store.path), "NIVEAU": 0, "NORM": 1.3}
    then = processing.run("almelo_atlas:rollup", {**params, "PEILDATUM": PEILDATUM_NL, "OUTPUT": str(tmp_path / "toen.json")})
    now = processing.run("almelo_atlas:rollup", {**params, "OUTPUT": str(tmp_path / "nu.json")})
    assert then["WON_GEPLAND"] == atlas.figures(sample_store, PEILDATUM).stad.figures.won_gepland == now["WON_GEPLAND"] - 500
    assert json.loads((tmp_path / "toen.json").read_text(encoding="utf-8"))["peildatum"] == f"{PEILDATUM}T23:59:59.999+01:00"
    with pytest.raises(QgsProcessingException, match="Peildatum 'gisteren' is geen datum"):
        processing.run("almelo_atlas:rollup", {**params, "PEILDATUM": "gisteren", "OUTPUT": str(tmp_path / "x.json")})
    assert not (tmp_path / "x.json").exists()
    res = processing.run("almelo_atlas:agenda", {"STORE": str(sample_store.path), "WIJKEN": "WK014110", "PEILDATUM": PEILDATUM,
                                                 "OUTPUT": str(tmp_path / "toen.pdf")})
    assert res["PAGINAS"] == 2 and f"peildatum: {PEILDATUM_NL}" in page_text(tmp_path / "toen.pdf", 1)
    line = next(ln for ln in page_text(tmp_path / "toen.pdf", 2).splitlines() if "Woningen gepland" in ln)
    assert line.split("Woningen gepland")[1].split()[0] == before  # without the later +500


def test_controle_algorithm_writes_the_findings_and_counts_them(provider, sample_store, tmp_path):
    """The Toolbox's controle: the same findings as the command line, to CSV or JSON; a bad year is refused."""
    import processing

    from almelo_atlas_plugin.core import atlas

    expected = atlas.controle(sample_store, 2022)
    res = processing.run("almelo_atlas:controle", {"STORE": str(sample_store.path), "SINDS": 2022, "OUTPUT": str(tmp_path / "c.json")})
    assert (res["BEVINDINGEN"], res["ONGECLAIMD"]) == (len(expected.bevindingen), expected.ongeclaimd_totaal) and res["BEVINDINGEN"] > 0
    data = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert data["sinds"] == 2022 and len(data["bevindingen"]) == res["BEVINDINGEN"]
    res = processing.run("almelo_atlas:controle", {"STORE": str(sample_store.path), "OUTPUT": str(tmp_path / "c.csv")})
    assert (tmp_path / "c.csv").read_text(encoding="utf-8").startswith("bevinding,laag,fid")
    assert res["ONGECLAIMD"] == atlas.controle(sample_store).ongeclaimd_totaal  # no year: the default of every face
    with pytest.raises(QgsProcessingException):
        processing.run("almelo_atlas:controle", {"STORE": str(sample_store.path), "SINDS": 1800})


def test_uitwisseling_algorithm_writes_the_format_and_refuses_a_blocking_problem(provider, sample_store, tmp_path):
    """The Toolbox's uitwisseling: the same plans as the command line; a plan outside the gemeente stops it, nothing written."""
    import processing
    from osgeo import gdal
    from shapely.geometry import MultiPolygon, box

    out = tmp_path / "plannen.gpkg"
    res = processing.run("almelo_atlas:uitwisseling", {"STORE": str(sample_store.path), "FORMAAT": 0, "NIVEAU": 1,
                                                        "OUTPUT": str(out)})
    ds = gdal.OpenEx(str(out), gdal.OF_VECTOR)
    assert res["PLANNEN"] == ds.GetLayerByName("Planregistratie").GetFeatureCount() > 0 and res["WEGGELATEN"] > 0
    with sample_store.transaction() as con:
        con.execute(f"UPDATE projecten SET geom = {sample_store.geometry_param()} WHERE fid = 1",
                    (sample_store.geometry_value(MultiPolygon([box(100000, 400000, 100100, 400100)])),))
    with pytest.raises(QgsProcessingException, match="buiten de gemeente"):
        processing.run("almelo_atlas:uitwisseling", {"STORE": str(sample_store.path), "FORMAAT": 3, "OUTPUT": str(tmp_path / "x.xlsx")})
    assert not (tmp_path / "x.xlsx").exists()


def test_scenario_algorithms(provider, sample_store, tmp_path):
    """#20: a scenario made through Processing (one change per line), then the comparison as Excel and JSON."""
    import processing

    from almelo_atlas_plugin.core import atlas

    res = processing.run("almelo_atlas:scenario", {"STORE": str(sample_store.path), "NAAM": "Proc", "OMSCHRIJVING": "via Processing",
                                                   "WIJZIGINGEN": "uitstel 1\n\nvervallen plantype=verdichting\n", "VERVANG": False})
    assert res["WIJZIGINGEN_TOTAAL"] == 2
    s = atlas.scenario(open_store(sample_store.path), "Proc")
    assert [w.regel for w in s.wijzigingen] == ["uitstel 1", "vervallen plantype=verdichting"] and s.omschrijving == "via Processing"
    with pytest.raises(QgsProcessingException, match="soort 'later' bestaat niet"):
        processing.run("almelo_atlas:scenario", {"STORE": str(sample_store.path), "NAAM": "Proc", "WIJZIGINGEN": "later 2"})
    out = tmp_path / "s.json"
    res = processing.run("almelo_atlas:scenarios", {"STORE": str(sample_store.path), "OUTPUT": str(out)})
    data = json.loads(out.read_text(encoding="utf-8"))
    assert res["SCENARIOS"] == 3 and "Proc" in [x["naam"] for x in data["scenarios"]]
    res = processing.run("almelo_atlas:scenarios", {"STORE": str(sample_store.path), "OUTPUT": str(tmp_path / "s.xlsx")})
    assert (tmp_path / "s.xlsx").stat().st_size > 0


def test_mutaties_algorithm(provider, sample_store, tmp_path):
    """The Toolbox's change report: the workbook, the begin and end figures; a begin after the end is refused in Dutch."""
    import pandas as pd
    import processing

    from almelo_atlas_plugin.core import atlas
    from tests.gui.test_faces import PEILDATUM, later_edit

    later_edit(sample_store)  # +500 in Ontwikkeling Stadskade, today, after the sample's own history (up to PEILDATUM)
    params = {"STORE": str(sample_store.path), "VAN": PEILDATUM}
    res = processing.run("almelo_atlas:mutaties", {**params, "OUTPUT": str(tmp_path / "m.xlsx")})
    begin = atlas.figures(sample_store, PEILDATUM).stad.figures.won_gepland
    assert (res["WON_GEPLAND_BEGIN"], res["WON_GEPLAND_EIND"], res["LOCATIES"]) == (begin, begin + 500, 1)
    loc = pd.read_excel(tmp_path / "m.xlsx", sheet_name="locaties")
    assert loc["Naam"].tolist() == ["Ontwikkeling Stadskade"] and loc["Δ Woningen bouw gepland (hard + zacht)"].tolist() == [500]
    with pytest.raises(QgsProcessingException, match="ligt na de einddatum"):
        processing.run("almelo_atlas:mutaties", {**params, "VAN": "2030-01-01", "TOT": "2021-01-01", "OUTPUT": str(tmp_path / "x.xlsx")})
    assert not (tmp_path / "x.xlsx").exists()
    # the same report as the command line's, byte for byte
    processing.run("almelo_atlas:mutaties", {**params, "TOT": "2030-01-01", "OUTPUT": str(tmp_path / "m.json")})
    from almelo_atlas_plugin.cli import main

    assert main(["mutaties", str(sample_store.path), "--van", PEILDATUM, "--tot", "2030-01-01", "--format", "json",
                 "-o", str(tmp_path / "cli.json")]) == 0
    assert (tmp_path / "m.json").read_bytes() == (tmp_path / "cli.json").read_bytes()


def test_the_import_algorithm_reads_a_plan_list_back(provider, sample_store, tmp_path):
    """A Planregistratie file through the Toolbox's import: its plans and blocks in an empty store, all or nothing."""
    import processing

    from almelo_atlas_plugin.core import atlas
    from almelo_atlas_plugin.processing.importer import IMPORTABLE, PLANLIJSTEN

    out = tmp_path / "plannen.gpkg"
    assert atlas.uitwisseling(sample_store, "planregistratie", str(out)).geschreven
    target = tmp_path / "leeg.gpkg"
    atlas.create(str(target))
    res = processing.run("almelo_atlas:import", {"STORE": str(target), "LAAG": len(IMPORTABLE) + PLANLIJSTEN.index("planregistratie"),
                                                  "BRON": str(out)})
    assert res["GEIMPORTEERD"] == atlas.uitwisseling(sample_store, "planregistratie").plannen and res["GEWEIGERD"] == 0
    assert atlas.figures(atlas.open_store(str(target))).stad.figures["won_gepland"] == atlas.figures(sample_store).stad.figures["won_gepland"]


def test_the_import_algorithm_reads_a_zeeland_workbook_into_the_blocks(provider, sample_store, tmp_path):
    """The Planmonitor Wonen workbook through the Toolbox's import: the blocks of the matched plans replaced, a plan without
    a location refused unless the user skips it."""
    import processing
    from openpyxl import load_workbook
    from qgis.core import QgsProcessingException

    from almelo_atlas_plugin.core import atlas
    from almelo_atlas_plugin.processing.importer import IMPORTABLE, PLANLIJSTEN

    out = tmp_path / "zeeland.xlsx"
    assert atlas.uitwisseling(sample_store, "zeeland", str(out)).geschreven
    voor = atlas.figures(sample_store).stad.figures["won_gepland"]
    with sample_store.transaction() as con:
        con.execute("DELETE FROM woningblokken")
    laag = len(IMPORTABLE) + PLANLIJSTEN.index("zeeland")
    res = processing.run("almelo_atlas:import", {"STORE": str(sample_store.path), "LAAG": laag, "BRON": str(out)})
    assert res["GEIMPORTEERD"] == 31 and res["GEWEIGERD"] == 0
    assert atlas.figures(sample_store).stad.figures["won_gepland"] == voor
    wb = load_workbook(out)
    wb.worksheets[0]["B1"], wb.worksheets[0]["B15"] = "Nergens bekend", None
    wb.save(out)
    with pytest.raises(QgsProcessingException, match="niets gewijzigd"):
        processing.run("almelo_atlas:import", {"STORE": str(sample_store.path), "LAAG": laag, "BRON": str(out)})
    res = processing.run("almelo_atlas:import", {"STORE": str(sample_store.path), "LAAG": laag, "BRON": str(out), "OVERSLAAN": True})
    assert res["GEIMPORTEERD"] == 30
