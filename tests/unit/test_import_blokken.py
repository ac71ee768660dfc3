"""import … woningblokken (#15): each row names its location (laag + locatie_fid, or the location's naam), read as Excel
writes it (`;`, decimal comma, Windows-1252, Dutch labels, .xlsx); a refused row names layer, row, location and field; a
refused replace changes nothing. Both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from osgeo import gdal, ogr, osr

from almelo_atlas_plugin.core.sources.importer import import_layer
from almelo_atlas_plugin.core.store.base import StoreError
from tests.helpers import content_hash, potloodplan, square

COLUMNS = ["laag", "locatie_fid", "soort", "aantal", "segment", "woningtype", "eigenaar", "prijs", "doelgroep", "jaar",
           "gerealiseerd"]


def excel_csv(path: Path, lines) -> Path:
    """A CSV as Dutch Excel saves it: `;`, Windows-1252."""
    path.write_bytes(("\r\n".join(";".join(str(c) for c in line) for line in lines) + "\r\n").encode("cp1252"))
    return path


def fid_of(store, laag: str, naam: str) -> int:
    return int(store.read_frame(f"SELECT fid FROM {laag} WHERE naam = '{naam}'").fid[0])


def blocks_of(store, laag: str, fid: int) -> list:
    with store.reading() as con:
        return [[int(v) if isinstance(v, bool) else v for v in r] for r in con.execute(
            f"SELECT {', '.join(COLUMNS)} FROM woningblokken WHERE laag = '{laag}' AND locatie_fid = {fid} ORDER BY fid").fetchall()]


def test_blocks_by_location_naam_from_an_excel_csv(store, tmp_path):
    """Names in other capitals and spaces, labels instead of codes, a price with thousands dots and a decimal comma."""
    veen = fid_of(store, "projecten", "Veenelanden-Oost")
    indie = fid_of(store, "projecten", "Kleinschalige kantoorruimte Indiëterrein")
    before = len(blocks_of(store, "projecten", veen))
    src = excel_csv(tmp_path / "blokken.csv", [
        ["locatie", "soort", "aantal", "segment", "woningtype", "eigenaar", "prijs", "doelgroep", "jaar", "gerealiseerd"],
        ["Veenelanden-Oost", "Bouw", "12", "Koop", "Eengezinswoning", "particulier", "325.000,50", "Regulier", "2027", "nee"],
        [" veenelanden-oost ", "sloop", "4", "sociale huur", "meergezins", "Corporatie", "", "", "2026", "ja"],
        ["Kleinschalige kantoorruimte Indiëterrein", "bouw", "8", "middenhuur", "", "", "", "Ouderen / nultreden", "2028", ""],
    ])
    rep = import_layer(store, "woningblokken", str(src))
    assert (rep.imported, rep.refused, rep.warnings) == (3, [], [])
    new = blocks_of(store, "projecten", veen)[before:]
    assert new == [["projecten", veen, "bouw", 12, "koop", "eengezins", "particulier", 325000.5, "regulier", 2027, 0],
                   ["projecten", veen, "sloop", 4, "sociale_huur", "meergezins", "corporatie", None, "regulier", 2026, 1]]
    assert blocks_of(store, "projecten", indie) == [
        ["projecten", indie, "bouw", 8, "middenhuur", "onbekend", "onbekend", None, "ouderen_nultreden", 2028, 0]]


def test_refusals_name_layer_row_location_and_field(store, tmp_path):
    """A location that is not there (by fid or by naam), a naam that fits two, a naam that is not the fid's, and bad
    aantal, jaar and segment: each row refused with its reason, the good row kept."""
    with store.transaction() as con:
        potloodplan(con, naam="Woningbouw Maardijk", won=(0, 0, 0, 0), soort="leegstaand_vastgoed", store=store,
                    geom=square(241000, 486000))
    veen = fid_of(store, "projecten", "Veenelanden-Oost")
    src = excel_csv(tmp_path / "blokken.csv", [
        ["laag", "locatie_fid", "locatie", "soort", "aantal", "segment", "jaar"],
        ["projecten", "99999", "", "bouw", "3", "koop", "2027"],
        ["", "", "Bestaat niet", "bouw", "3", "koop", "2027"],
        ["", "", "Woningbouw Maardijk", "bouw", "3", "koop", "2027"],
        ["projecten", veen, "Ontwikkeling Stadskade", "bouw", "3", "koop", "2027"],
        ["", "", "Veenelanden-Oost", "bouw", "0", "koop", "2027"],
        ["", "", "Veenelanden-Oost", "bouw", "3", "koop", "2060"],
        ["", "", "Veenelanden-Oost", "bouw", "3", "luxe", "2027"],
        ["", "", "Veenelanden-Oost", "bouw", "veel", "koop", "2027"],
        ["", "", "", "bouw", "3", "koop", "2027"],
        ["projecten", "", "Woningbouw Maardijk", "bouw", "3", "koop", "2027"],
    ])
    rep = import_layer(store, "woningblokken", str(src))
    assert rep.imported == 1
    refused = [r.split(": ", 1)[0] for r in rep.refused]
    assert refused == [
        "Laag woningblokken, rij 2, veld locatie_fid",
        "Laag woningblokken, rij 3, veld locatie",
        "Laag woningblokken, rij 4, veld locatie",
        "Laag woningblokken, rij 5, veld locatie",
        "Laag woningblokken, rij 6, locatie 'Veenelanden-Oost', veld aantal",
        "Laag woningblokken, rij 7, locatie 'Veenelanden-Oost', veld jaar",
        "Laag woningblokken, rij 8, locatie 'Veenelanden-Oost', veld segment",
        "Laag woningblokken, rij 9, locatie 'Veenelanden-Oost', veld aantal",
        "Laag woningblokken, rij 10, veld locatie",
    ]
    assert "locatie bestaat niet in laag projecten" in rep.refused[0]
    assert "er is geen locatie met de naam 'Bestaat niet'" in rep.refused[1]
    assert "de naam 'Woningbouw Maardijk' is niet eenduidig (2 locaties: projecten fid" in rep.refused[2]
    assert f"'Ontwikkeling Stadskade' is niet de naam van projecten fid {veen} ('Veenelanden-Oost')" in rep.refused[3]
    assert "moet een getal zijn (niet 'veel')" in rep.refused[7]
    assert "de naam van de locatie, of laag en locatie_fid" in rep.refused[8]
    maardijk = fid_of(store, "projecten", "Woningbouw Maardijk")  # the layer column settles the naam
    assert blocks_of(store, "projecten", maardijk)[-1][2:5] == ["bouw", 3, "koop"]


def test_without_location_columns_the_import_is_refused_whole(sample_store, tmp_path):
    src = excel_csv(tmp_path / "blokken.csv", [["soort", "aantal"], ["bouw", "3"]])
    with pytest.raises(StoreError, match="verplichte velden ontbreken voor laag woningblokken: laag, locatie_fid "
                                         r"\(gebruik --map DOEL=BRON of een kolom locatie met de naam van de locatie\)"):
        import_layer(sample_store, "woningblokken", str(src))


def test_a_refused_replace_changes_nothing(store, tmp_path):
    before = content_hash(store)
    src = excel_csv(tmp_path / "blokken.csv", [["locatie", "aantal", "segment"], ["Veenelanden-Oost", "5", "koop"],
                                               ["Veenelanden-Oost", "-5", "koop"]])
    rep = import_layer(store, "woningblokken", str(src), replace=True)
    assert not rep.saved and len(rep.refused) == 1
    assert content_hash(store) == before


def write_xlsx(path: Path, lines) -> Path:
    """A spreadsheet with a header row and text cells only (as a planner types it)."""
    ds = ogr.GetDriverByName("XLSX").CreateDataSource(str(path))
    lyr = ds.CreateLayer("Blad1", None, ogr.wkbNone)
    for name in lines[0]:
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for line in lines[1:]:
        f = ogr.Feature(lyr.GetLayerDefn())
        for i, v in enumerate(line):
            f.SetField(i, v)
        lyr.CreateFeature(f)
    ds = None
    return path


def test_blocks_from_xlsx_refused_by_excel_row(sample_store, tmp_path):
    src = write_xlsx(tmp_path / "blokken.xlsx", [["Locatie", "Soort", "Aantal", "Segment", "Jaar"],
                                                 ["Veenelanden-Oost", "Bouw", "7", "Koop", "2029"],
                                                 ["Veenelanden-Oost", "Bouw", "7", "Koop", "twintig"]])
    was = gdal.GetConfigOption("OGR_XLSX_HEADERS")
    rep = import_layer(sample_store, "woningblokken", str(src))
    assert gdal.GetConfigOption("OGR_XLSX_HEADERS") == was  # the process's GDAL settings are left as they were
    assert rep.imported == 1
    assert rep.refused == ["Laag woningblokken, rij 3, locatie 'Veenelanden-Oost', veld jaar: moet een getal zijn (niet 'twintig')"]


def sums(store, laag: str, fid: int) -> dict:
    names = ["won_sociale_huur", "won_koop", "won_middenhuur", "won_totaal", "won_sloop", "won_netto"]
    return dict(zip(names, store.read_frame(f"SELECT {', '.join(names)} FROM {laag} WHERE fid = {fid}").iloc[0].tolist()))


def test_the_locations_sums_follow_the_imported_blocks(store, tmp_path):
    veen = fid_of(store, "projecten", "Veenelanden-Oost")
    was = sums(store, "projecten", veen)
    src = excel_csv(tmp_path / "blokken.csv", [["locatie", "soort", "aantal", "segment", "jaar"],
                                               ["Veenelanden-Oost", "bouw", "12", "koop", "2027"],
                                               ["Veenelanden-Oost", "sloop", "30", "sociale huur", "2025"],
                                               ["Veenelanden-Oost", "bouw", "5", "koop", "2028"]])
    assert import_layer(store, "woningblokken", str(src)).imported == 3
    now = sums(store, "projecten", veen)
    assert now["won_koop"] == was["won_koop"] + 17 and now["won_totaal"] == was["won_totaal"] + 17
    assert now["won_sloop"] == was["won_sloop"] + 30 and now["won_netto"] == was["won_netto"] + 17 - 30
    assert now["won_sociale_huur"] == was["won_sociale_huur"]  # sloop counts in won_sloop only


def test_no_sloop_on_a_potloodplan_without_a_building(store, tmp_path):
    naam = "Niemandsland Stationsstraat (tussen kanaal en spoor)"  # braakliggend terrein
    src = excel_csv(tmp_path / "blokken.csv", [["locatie", "soort", "aantal", "segment"], [naam, "sloop", "3", "onbekend"],
                                               [naam, "bouw", "3", "koop"]])
    rep = import_layer(store, "woningblokken", str(src))
    assert rep.imported == 1
    assert rep.refused == [f"Laag woningblokken, rij 2, locatie '{naam}', veld soort: sloop kan niet op braakliggend terrein "
                           "(geen bebouwing)"]


def write_locations(path: Path, rows) -> Path:
    """A GeoPackage of potloodplannen (RD New) with the given attribute rows, each on its own square."""
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(28992)
    lyr = ds.CreateLayer("plannen", srs, ogr.wkbMultiPolygon)
    for name, value in rows[0].items():
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTInteger if isinstance(value, int) else ogr.OFTString))
    for i, attrs in enumerate(rows):
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in attrs.items():
            f.SetField(k, v)
        f.SetGeometry(ogr.CreateGeometryFromWkt(square(241000 + 200 * i, 486000).wkt))
        lyr.CreateFeature(f)
    ds = None
    return path


def test_locations_with_segments_get_their_blocks_and_a_wrong_total_is_refused(store, tmp_path):
    """An import of locations with segment columns: the blocks follow from the segments (one per segment); a row whose
    stated won_totaal is not the segments' sum is refused with the reason, the others kept."""
    src = write_locations(tmp_path / "plannen.gpkg", [
        {"naam": "Import Een", "soort": "leegstaand_vastgoed", "won_koop": 6, "won_sociale_huur": 4, "won_totaal": 10},
        {"naam": "Import Twee", "soort": "strategische_positie", "won_koop": 6, "won_sociale_huur": 4, "won_totaal": 12},
    ])
    rep = import_layer(store, "potloodplannen", str(src))
    assert rep.imported == 1
    assert rep.refused == ["Laag potloodplannen, bronfeature 2, veld won_totaal: is niet gelijk aan de som van de "
                           "woningsegmenten (sociale huur + middenhuur + vrije huur + koop + onbekend)"]
    fid = fid_of(store, "potloodplannen", "Import Een")
    assert [b[2:5] for b in blocks_of(store, "potloodplannen", fid)] == [["bouw", 4, "sociale_huur"], ["bouw", 6, "koop"]]
    assert sums(store, "potloodplannen", fid)["won_netto"] == 10
    assert store.read_frame("SELECT count(*) AS n FROM potloodplannen WHERE naam = 'Import Twee'").n[0] == 0


def test_a_block_that_takes_its_location_over_a_bound_is_refused_with_that_field(store, tmp_path):
    src = excel_csv(tmp_path / "blokken.csv", [["locatie", "aantal", "segment"], ["Veenelanden-Oost", "10.000", "koop"]])
    rep = import_layer(store, "woningblokken", str(src))
    assert rep.refused == ["Laag woningblokken, rij 2, locatie 'Veenelanden-Oost', veld projecten.won_koop: mag niet groter "
                           "zijn dan 10.000"]


def test_a_location_import_with_onbekend_and_sloop_columns(store, tmp_path):
    """Dwellings of segment onbekend count in the total the import works out; sloop becomes a sloop block; netto follows."""
    src = write_locations(tmp_path / "plannen.gpkg", [
        {"naam": "Import Drie", "soort": "leegstaand_vastgoed", "won_koop": 5, "won_onbekend": 2, "won_sloop": 3}])
    rep = import_layer(store, "potloodplannen", str(src))
    assert (rep.imported, rep.refused) == (1, [])
    fid = fid_of(store, "potloodplannen", "Import Drie")
    assert sorted(b[2:5] for b in blocks_of(store, "potloodplannen", fid)) == [["bouw", 2, "onbekend"], ["bouw", 5, "koop"],
                                                                              ["sloop", 3, "onbekend"]]
    assert sums(store, "potloodplannen", fid) == {"won_sociale_huur": 0, "won_koop": 5, "won_middenhuur": 0, "won_totaal": 7,
                                                  "won_sloop": 3, "won_netto": 4}


def test_the_location_column_as_registers_head_it_or_mapped(sample_store, tmp_path, capsys):
    """`plannaam` (the Planregistratie's) is read as the location's naam; any other column with --map locatie=KOLOM."""
    from almelo_atlas_plugin.cli import main

    veen = fid_of(sample_store, "projecten", "Veenelanden-Oost")
    before = len(blocks_of(sample_store, "projecten", veen))
    plannaam = excel_csv(tmp_path / "plannaam.csv", [["Plannaam", "aantal", "segment"], ["Veenelanden-Oost", "4", "koop"]])
    assert main(["import", str(sample_store.path), "woningblokken", str(plannaam)]) == 0
    eigen = excel_csv(tmp_path / "eigen.csv", [["Project", "aantal", "segment"], ["Veenelanden-Oost", "6", "koop"]])
    assert main(["import", str(sample_store.path), "woningblokken", str(eigen), "--map", "locatie=Project"]) == 0
    assert [b[3] for b in blocks_of(sample_store, "projecten", veen)[before:]] == [4, 6]
    assert "waarschuwing" not in capsys.readouterr().err
    assert main(["import", str(sample_store.path), "woningblokken", str(eigen), "--map", "locatie=Plan"]) == 2
    assert "--map locatie=Plan: de bron heeft geen veld 'Plan' (wel: Project, aantal, segment)" in capsys.readouterr().err
