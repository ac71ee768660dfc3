"""`bron STORE planlijst FILE` (#16): the department's plan list as Dutch Excel writes it (a title row, a merged two-row
header, empty rows, a totals row; a `;` CSV in Windows-1252 with decimal commas and thousands dots) into projecten and
their woningblokken, matched on bron_id; the column mapping saved for the next time. The apply step on both backends."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import Workbook

from almelo_atlas_plugin.core.sources import planlijst
from almelo_atlas_plugin.core.store.base import StoreError

X, Y = 241500.0, 487500.0  # inside Almelo
TITEL = ["Woningbouwplanning gemeente Almelo, stand 1-11-2026"]
KOP = ["Planid", "Projectnaam", "Wijk", "Planologische status", "Fase", "Jaar", "Woningen", None, None, None, "Sloop",
       "X", "Y", "Projectleider"]
ONDER = [None] * 6 + ["Sociale huur", "Middenhuur", "Vrije huur", "Koop"] + [None] * 4
PLANNEN = [
    ["P-001", "Hofkamp fase 2", "Centrum", "1A Onherroepelijk", "Realisatie", 2027, 10, 5, None, 12, 4, X, Y, "Jansen"],
    ["P-002", "De Riet Noord", "De Riet", "2A", "2. Projectfase", 2027, 8, None, None, 6, None, X + 400, Y, "Smit"],
    ["P-002", "De Riet Noord", "De Riet", "2A", "2. Projectfase", 2028, 4, None, 3, 10, None, X + 400, Y, "Smit"],
    ["P-003", "Sluitersveld Zuid", "Sluitersveld", "3 In voorbereiding", "Initiatief", 2030, None, None, None, 40, None,
     None, None, "Smit"],
]


def excel_lijst(path: Path, plannen=PLANNEN, kop=KOP, onder=ONDER) -> Path:
    """As a planner keeps it: a merged title, an empty row, "Woningen" merged over four segment columns and the other
    headers merged down over both header rows, an empty row between the plans, a totals row at the bottom."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Planning"
    ws.append(TITEL)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(kop))
    ws.append([])
    ws.append(kop)
    ws.append(onder)
    ws.merge_cells(start_row=3, start_column=7, end_row=3, end_column=10)
    for c in [*range(1, 7), *range(11, len(kop) + 1)]:
        ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    for i, plan in enumerate(plannen):
        ws.append(plan)
        if i == 0:
            ws.append([])
    ws.append(["Totaal", None, None, None, None, None, 22, 5, 3, 68, 4])
    wb.save(path)
    return path


def excel_csv(path: Path, lines) -> Path:
    path.write_bytes(("\r\n".join(";".join("" if c is None else str(c) for c in line) for line in lines) + "\r\n").encode("cp1252"))
    return path


def projecten(store) -> dict:
    df = store.read_frame("SELECT fid, bron_id, naam, status_planologisch, planstatus, projectfase, oplever_jaar, won_sociale_huur,"
                          " won_middenhuur, won_vrije_huur, won_koop, won_totaal, won_sloop, wijk_code, toelichting"
                          " FROM projecten WHERE bron_id IS NOT NULL ORDER BY bron_id")
    return {r["bron_id"]: r for r in df.to_dict("records")}


def blokken(store, fid: int) -> list:
    with store.reading() as con:
        return sorted(tuple(r) for r in con.execute(
            f"SELECT soort, segment, aantal, jaar FROM woningblokken WHERE laag = 'projecten' AND locatie_fid = {fid}").fetchall())


def bronnen(store) -> list:
    df = store.read_frame("SELECT soort, laag, bestand, peildatum, rijen, geweigerd, nieuw, gewijzigd, vervallen FROM bronnen"
                          " WHERE soort = 'planlijst' ORDER BY fid")  # the sample holds its own cbs run
    return [tuple(r) for r in df.itertuples(index=False)]


def test_excel_with_title_merged_header_and_totals_row(store, tmp_path):
    n0 = int(store.read_frame("SELECT count(*) AS n FROM projecten").n[0])
    lijst = excel_lijst(tmp_path / "planlijst_2026-11-01.xlsx")
    v = planlijst.importeer(store, lijst)
    assert (v.telling.rijen, v.telling.nieuw, v.telling.gewijzigd, v.telling.vervallen) == (3, 2, 0, 0)
    # the new plan without x/y is refused in Dutch, naming the row, the plan and the field; the totals row is no plan
    assert v.weigeringen == ["Laag projecten, rij 9, plan 'Sluitersveld Zuid', veld x/y: geen geometrie: teken de locatie "
                           "eerst (met dit planid als 'Id in de planlijst') of geef x/y"]
    assert any("'Projectleider'" in m for m in v.meldingen)  # an unknown column, once
    assert any("'Wijk'" in m and "geometrie" in m for m in v.meldingen)
    p = projecten(store)
    assert sorted(p) == ["P-001", "P-002"]
    assert int(store.read_frame("SELECT count(*) AS n FROM projecten").n[0]) == n0 + 2
    hof = p["P-001"]
    assert (hof["naam"], hof["status_planologisch"], hof["planstatus"], hof["projectfase"], hof["oplever_jaar"]) == \
        ("Hofkamp fase 2", "1A", "hard", "4_realisatie", 2027)
    # the database's sums follow from the blocks the list made
    assert (hof["won_sociale_huur"], hof["won_middenhuur"], hof["won_koop"], hof["won_totaal"], hof["won_sloop"]) == (10, 5, 12, 27, 4)
    assert hof["wijk_code"] is not None and planlijst.GEBIED_NOTITIE in hof["toelichting"]
    assert blokken(store, hof["fid"]) == [("bouw", "koop", 12, 2027), ("bouw", "middenhuur", 5, 2027),
                                          ("bouw", "sociale_huur", 10, 2027), ("sloop", "onbekend", 4, 2027)]
    riet = p["P-002"]  # two rows, two years: one plan
    assert (riet["oplever_jaar"], riet["won_totaal"], riet["planstatus"]) == (2028, 31, "hard")
    assert blokken(store, riet["fid"]) == [("bouw", "koop", 6, 2027), ("bouw", "koop", 10, 2028), ("bouw", "sociale_huur", 4, 2028),
                                           ("bouw", "sociale_huur", 8, 2027), ("bouw", "vrije_huur", 3, 2028)]
    assert bronnen(store) == [("planlijst", "projecten", "planlijst_2026-11-01.xlsx", "2026-11-01", 3, 1, 2, 0, 0)]
    assert v.samenvatting() == "Planlijst, stand 01-11-2026: 3 plannen, 1 geweigerd: 2 nieuw, 0 gewijzigd."


def test_reimport_changes_nothing_then_a_changed_list_updates_and_reports_gone(store, tmp_path):
    lijst = excel_lijst(tmp_path / "planlijst.xlsx")
    planlijst.importeer(store, lijst)
    before = projecten(store)
    hist = int(store.read_frame("SELECT count(*) AS n FROM wijzigingen").n[0])
    again = planlijst.importeer(store, lijst)
    assert again.telling.niets_gewijzigd and "niets gewijzigd" in again.samenvatting()
    assert int(store.read_frame("SELECT count(*) AS n FROM wijzigingen").n[0]) == hist
    # P-001 grows and changes status, P-002 leaves the list
    changed = [[*PLANNEN[0][:3], "2B", *PLANNEN[0][4:9], 20, *PLANNEN[0][10:]], PLANNEN[3]]
    v = planlijst.importeer(store, excel_lijst(tmp_path / "planlijst2.xlsx", changed))
    assert (v.telling.nieuw, v.telling.gewijzigd, v.telling.vervallen) == (0, 1, 1)
    assert v.meldingen[-1].startswith("Plan 'De Riet Noord' (planid P-002, projecten fid ")
    assert v.meldingen[-1].endswith("niet meer in de lijst; het staat nog in de atlas")
    after = projecten(store)
    assert after["P-002"] == before["P-002"]  # not deleted, not changed
    hof = after["P-001"]
    assert (hof["status_planologisch"], hof["won_koop"], hof["won_totaal"], hof["fid"]) == ("2B", 20, 35, before["P-001"]["fid"])
    assert bronnen(store)[-1][-3:] == (0, 1, 1)
    # the same list again, with a stand its name lacks: nothing changes, the missing plan is still said
    v = planlijst.importeer(store, tmp_path / "planlijst2.xlsx", {"peildatum": "15-11-2026"})
    assert (v.peildatum, bronnen(store)[-1][3], v.niets_gewijzigd) == ("2026-11-15", "2026-11-15", True)
    assert v.samenvatting() == ("Planlijst, stand 15-11-2026: 2 plannen, 1 geweigerd: niets gewijzigd; 1 niet meer in de "
                                "lijst (blijven in de atlas).")
    assert projecten(store) == after
    with pytest.raises(StoreError, match="--peildatum: .*'gisteren'"):
        planlijst.importeer(store, tmp_path / "planlijst2.xlsx", {"peildatum": "gisteren"})


def test_a_drawn_location_is_matched_on_its_planid(store, tmp_path):
    """A plan without x/y updates the location a planner drew and gave its planid; the geometry stays as drawn."""
    fid = int(store.read_frame("SELECT min(fid) AS f FROM projecten").f[0])
    geom = store.read_frame(f"SELECT {store.geometry_sql()} AS g FROM projecten WHERE fid = {fid}").g[0]
    with store.transaction() as con:  # typed in other capitals: still the same plan
        con.execute(f"UPDATE projecten SET bron_id = 'p-003', versie_gezien = versie WHERE fid = {fid}")
    v = planlijst.importeer(store, excel_lijst(tmp_path / "planlijst.xlsx", PLANNEN[3:]))
    assert (v.weigeringen, v.telling.gewijzigd) == ([], 1)
    p = projecten(store)["P-003"]
    assert (p["fid"], p["naam"], p["status_planologisch"], p["planstatus"], p["won_totaal"]) == (fid, "Sluitersveld Zuid", "3", "zacht", 40)
    assert blokken(store, fid) == [("bouw", "koop", 40, 2030)]
    assert bytes(store.read_frame(f"SELECT {store.geometry_sql()} AS g FROM projecten WHERE fid = {fid}").g[0]) == bytes(geom)


def test_csv_as_dutch_excel_saves_it(store, tmp_path):
    """`;`, Windows-1252 (ë, ö), thousands dots and a decimal comma in x/y, a total that is not the sum refused per row,
    a total alone as an onbekend block, the totals row left out."""
    lijst = excel_csv(tmp_path / "plannen.csv", [
        ["Plannr", "Plannaam", "Status", "Oplevering", "Sociale huur", "Middenhuur", "Vrije huur", "Koop", "Totaal",
         "X-coördinaat", "Y-coördinaat", "Opmerking"],
        [7, "Indiëterrein", "1A", 2027, 12, "", "", 8, 20, "241.500,5", "487.500", "café blijft"],
        [8, "Ossenkoppelerhoek", "2C", 2029, 5, 5, "", "", 12, "241.900", "487.600", ""],
        [9, "Kolthoorn", "4A", 2031, "", "", "", "", "1.200", "242.000", "487.700", ""],
        ["", "", "", "", "", "", "", "", "", "", "", ""],
        ["Totaal", "", "", "", 17, 5, "", 8, "1.232", "", "", ""],
    ])
    v = planlijst.importeer(store, lijst)
    assert v.weigeringen == ["Laag projecten, rij 3, plan 'Ossenkoppelerhoek', veld Totaal: totaal 12 is niet de som van de "
                           "segmenten (10)"]
    p = projecten(store)
    assert sorted(p) == ["7", "9"]
    assert (p["7"]["naam"], p["7"]["won_totaal"], p["7"]["toelichting"].split(" — ")[0]) == ("Indiëterrein", 20, "café blijft")
    assert blokken(store, p["9"]["fid"]) == [("bouw", "onbekend", 1200, 2031)]
    with store.reading() as con:
        env = con.execute(f"SELECT {store.geometry_sql()} FROM projecten WHERE bron_id = '7'").fetchone()[0]
    from shapely import wkb

    assert wkb.loads(bytes(env)).centroid.coords[0] == pytest.approx((241500.5, 487500.0))


def test_the_mapping_is_saved_and_used_next_time(store, tmp_path):
    rows = [["Nummer", "Naam", "Eigen woningen (K)", "Ligging x", "Ligging y"], ["A1", "Het Groenedael", 14, X, Y]]
    lijst = excel_csv(tmp_path / "lijst.csv", rows)
    v = planlijst.importeer(store, lijst, {"kolom": ["Eigen woningen (K)=won_koop", "Ligging x=x", "Ligging y=y"]})
    assert v.telling.nieuw == 1 and projecten(store)["A1"]["won_koop"] == 14
    assert planlijst.opgeslagen_kolommen(store) == {"Nummer": "bron_id", "Naam": "naam", "Eigen woningen (K)": "won_koop",
                                                     "Ligging x": "x", "Ligging y": "y"}
    assert json.loads(store.read_frame("SELECT opties FROM bronnen WHERE soort = 'planlijst'").opties[0])["kolom"][0] == "Eigen woningen (K)=won_koop"
    rows[1][2] = 16  # the next list, imported without --kolom
    # a reader given a context from the store (as `bron` gives it) reads with the saved mapping too
    lijst2 = excel_csv(tmp_path / "lijst2.csv", rows)
    inhoud = planlijst.lees(lijst2, {}, SimpleNamespace(store=store, gemeente=None, gemeente_code="GM0141"))
    assert [b["aantal"] for b in inhoud.andere["woningblokken"]] == [16]
    v = planlijst.importeer(store, lijst2)
    assert (v.telling.gewijzigd, v.meldingen) == (1, [])
    assert projecten(store)["A1"]["won_koop"] == 16


def test_reader_alone(tmp_path):
    """`lees` never writes: the rows keyed on the planid, their blocks, the mapping; a bad --kolom in Dutch."""
    inhoud = planlijst.lees(excel_lijst(tmp_path / "l.xlsx"), {}, None)
    assert (inhoud.soort, inhoud.laag, inhoud.sleutel) == ("planlijst", "projecten", "bron_id")
    assert [r["bron_id"] for r in inhoud.rijen] == ["P-001", "P-002", "P-003"]
    assert [r["_waar"] for r in inhoud.rijen] == ["rij 5", "rijen 7, 8", "rij 9"]
    assert {k["kolom"]: k["veld"] for k in inhoud.andere["bron_kolommen"]}["Woningen Vrije huur"] == "won_vrije_huur"
    assert len(inhoud.andere["woningblokken"]) == 4 + 5 + 1
    with pytest.raises(StoreError, match="'won_kop' is geen veld van de planlijst"):
        planlijst.lees(tmp_path / "l.xlsx", {"kolom": ["Koop=won_kop"]}, None)
    with pytest.raises(StoreError, match="geen kopregel gevonden"):
        planlijst.lees(excel_csv(tmp_path / "leeg.csv", [["a", "b"], [1, 2]]), {}, None)


def test_a_potloodplan_is_matched_too(store, tmp_path):
    """A plan the atlas holds as a potloodplan is updated there (no planstatus of its own), not doubled as a project."""
    from tests.helpers import potloodplan, square

    with store.transaction() as con:
        fid = potloodplan(con, "Zoekgebied Noord", geom=square(X, Y), store=store, bron_id="Z-1")
    v = planlijst.importeer(store, excel_csv(tmp_path / "l.csv", [["id", "plannaam", "status", "jaar", "koop", "middenhuur"],
                                                                     ["Z-1", "Zoekgebied Noord", "4B Idee", 2032, 6, 9]]))
    assert (v.weigeringen, v.telling.nieuw, v.telling.gewijzigd) == ([], 0, 1)
    df = store.read_frame(f"SELECT status_planologisch, won_koop, won_middenhuur, won_totaal FROM potloodplannen WHERE fid = {fid}")
    assert tuple(df.iloc[0]) == ("4B", 6, 9, 15)
    assert projecten(store) == {}


def test_refused_rows_name_row_plan_and_column(tmp_path):
    """Reader refusals, each one Dutch line: laag, rij, plan, the list's own column."""
    inhoud = planlijst.lees(excel_csv(tmp_path / "l.csv", [
        ["Planid", "Projectnaam", "Planstatus", "Jaar", "Koop", "Sloop"],
        ["1", "Goed plan", "1A", 2027, 5, ""],
        ["2", "Verkeerde status", "5X", 2027, 5, ""],
        ["3", "Min koop", "2A", 2027, -3, ""],
        ["4", "Halve sloop", "2A", 2027, 3, "2,5"],
        ["1", "Andere naam", "1A", 2028, 5, ""],
        ["", "Zonder id", "1A", 2028, 5, ""],
    ]), {}, None)
    assert [r["bron_id"] for r in inhoud.rijen] == []
    regels = [w.regel("projecten") for w in inhoud.geweigerd]
    assert regels[0].startswith("Laag projecten, rij 3, plan 'Verkeerde status', veld Planstatus: waarde '5X' niet toegestaan "
                                "(toegestaan: 1A Onherroepelijk (hard), ")
    assert regels[1:] == [
        "Laag projecten, rij 4, plan 'Min koop', veld Koop: moet 0 of meer zijn (niet -3)",
        "Laag projecten, rij 5, plan 'Halve sloop', veld Sloop: moet een geheel getal zijn (niet '2,5')",
        "Laag projecten, rij 6, plan 'Andere naam', veld Projectnaam: 'Andere naam' wijkt af van 'Goed plan' in rij 2 (zelfde planid)",
        "Laag projecten, rij 7, plan 'Zonder id', veld Planid: leeg: elk plan heeft een planid nodig om het bij een volgende import "
        "terug te vinden",
    ]
    assert inhoud.andere["geweigerde_plannen"] == [{"bron_id": s} for s in ("2", "3", "4", "1")]


def test_a_given_column_wins_over_a_known_name(tmp_path):
    lijst = excel_csv(tmp_path / "l.csv", [["Projectnaam", "Werknaam", "Nr"], ["Officieel", "Zoals iedereen het noemt", "1"]])
    inhoud = planlijst.lees(lijst, {"kolom": {"Werknaam": "naam"}}, None)
    assert [r["naam"] for r in inhoud.rijen] == ["Zoals iedereen het noemt"]
    assert any("'Projectnaam'" in m for m in inhoud.meldingen)


def test_x_y_outside_the_gemeente_is_refused(tmp_path):
    from shapely.geometry import box

    gemeente = SimpleNamespace(gemeente=box(X - 1000, Y - 1000, X + 1000, Y + 1000), gemeente_code="GM0141")
    inhoud = planlijst.lees(excel_csv(tmp_path / "l.csv", [["nr", "naam", "x", "y"], [1, "Binnen", X, Y], [2, "Buiten", X + 5000, Y],
                                                          [3, "Zee", 10, 10]]), {}, gemeente)
    assert [r["naam"] for r in inhoud.rijen] == ["Binnen"]
    assert [w.regel("projecten") for w in inhoud.geweigerd] == [
        "Laag projecten, rij 3, plan 'Buiten', veld x/y: 246500, 487500 ligt buiten gemeente GM0141",
        "Laag projecten, rij 4, plan 'Zee', veld x/y: 10, 10 ligt buiten Nederland (x/y in RD, EPSG:28992)"]


def vlakken(path: Path, plannen: dict, kolom: str = "PLANID") -> Path:
    """A plan contour file as a GIS colleague keeps it: a GeoPackage layer with a planid column, in RD."""
    from osgeo import ogr, osr

    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(28992)
    lyr = ds.CreateLayer("plancontouren", srs, ogr.wkbMultiPolygon)
    lyr.CreateField(ogr.FieldDefn(kolom, ogr.OFTString))
    for planid, g in plannen.items():
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField(kolom, planid)
        f.SetGeometry(ogr.CreateGeometryFromWkt(g.wkt))
        lyr.CreateFeature(f)
    ds = None
    return path


def test_a_geometry_file_places_and_moves_plans(store, tmp_path):
    from shapely import wkb
    from shapely.geometry import MultiPolygon, box

    def vlak(x, y):
        return MultiPolygon([box(x, y, x + 120, y + 80)])

    lijst = excel_lijst(tmp_path / "planlijst.xlsx", [PLANNEN[0], PLANNEN[3]])
    geo = vlakken(tmp_path / "contouren.gpkg", {"P-001": vlak(X, Y), "P-003": vlak(X + 600, Y), "P-999": vlak(X, Y + 600)})
    v = planlijst.importeer(store, lijst, {"geometrie": str(geo)})
    assert (v.weigeringen, v.telling.nieuw) == ([], 2)
    assert any("1 vlak(ken) horen bij geen plan in de lijst (planid P-999)" in m for m in v.meldingen)
    p = projecten(store)

    def vorm(bron_id):
        with store.reading() as con:
            return wkb.loads(bytes(con.execute(f"SELECT {store.geometry_sql()} FROM projecten WHERE bron_id = '{bron_id}'").fetchone()[0]))

    assert vorm("P-003").equals(vlak(X + 600, Y)) and vorm("P-001").equals(vlak(X, Y))
    assert p["P-003"]["toelichting"] is None and p["P-003"]["wijk_code"] is not None
    v = planlijst.importeer(store, lijst, {"geometrie": str(vlakken(tmp_path / "c2.gpkg", {"P-003": vlak(X - 3000, Y - 2000)}))})
    assert (v.telling.gewijzigd, v.telling.nieuw) == (1, 0)
    assert vorm("P-003").equals(vlak(X - 3000, Y - 2000)) and vorm("P-001").equals(vlak(X, Y))  # P-001: no new polygon, kept
    with pytest.raises(StoreError, match="geen kolom planid"):
        planlijst.lees(lijst, {"geometrie": str(vlakken(tmp_path / "c3.gpkg", {}, kolom="omschrijving"))}, None)


def test_counts_per_year_in_columns(tmp_path):
    """A wide list: a segment merged over its years ("Koop" over 2027 | 2028), or years alone under "Oplevering per jaar";
    each count its own block in its own year."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Planid", "Naam", "Koop", None, "Sociale huur", None, "Totaal", "Sloop 2026"])
    ws.append([None, None, 2027, 2028, 2027, 2028])
    ws.merge_cells("C1:D1")
    ws.merge_cells("E1:F1")
    for c in "ABGH":
        ws.merge_cells(f"{c}1:{c}2")
    ws.append(["1", "Breed plan", 10, 5, None, 8, 23, 6])
    ws.append(["2", "Klopt niet", 10, 5, None, 8, 20, None])
    wb.save(tmp_path / "breed.xlsx")
    inhoud = planlijst.lees(tmp_path / "breed.xlsx", {}, None)
    assert {k["kolom"]: k["veld"] for k in inhoud.andere["bron_kolommen"]} == {
        "Planid": "bron_id", "Naam": "naam", "Koop 2027": "won_koop@2027", "Koop 2028": "won_koop@2028",
        "Sociale huur 2027": "won_sociale_huur@2027", "Sociale huur 2028": "won_sociale_huur@2028", "Totaal": "won_totaal",
        "Sloop 2026": "won_sloop@2026"}
    assert sorted((b["soort"], b["segment"], b["aantal"], b["jaar"]) for b in inhoud.andere["woningblokken"]) == [
        ("bouw", "koop", 5, 2028), ("bouw", "koop", 10, 2027), ("bouw", "sociale_huur", 8, 2028), ("sloop", "onbekend", 6, 2026)]
    assert inhoud.rijen[0]["oplever_jaar"] == 2028
    assert [w.regel("projecten") for w in inhoud.geweigerd] == [
        "Laag projecten, rij 4, plan 'Klopt niet', veld Totaal: totaal 20 is niet de som van de aantallen per jaar (23)"]
    csv_lijst = excel_csv(tmp_path / "jaren.csv", [
        ["", "", "Oplevering per jaar", "", ""], ["Nr", "Plannaam", "2026", "2027", "Koop"],
        ["3", "Alleen jaren", "12", "1.040", ""], ["4", "Beide", "12", "", "5"]])
    inhoud = planlijst.lees(csv_lijst, {}, None)
    assert sorted((b["segment"], b["aantal"], b["jaar"]) for b in inhoud.andere["woningblokken"]) == [
        ("onbekend", 12, 2026), ("onbekend", 1040, 2027)]
    assert [w.regel("projecten") for w in inhoud.geweigerd] == [
        "Laag projecten, rij 4, plan 'Beide', veld Oplevering per jaar 2026: aantallen per segment én per jaar zonder segment: "
        "geef er één van, of per segment per jaar (bijv. 'Koop 2027')"]
    assert planlijst.kolom_opties(["Eigen 2029=won_koop@2029"]) == {"Eigen 2029": "won_koop@2029"}
    with pytest.raises(StoreError, match="veld@jaar"):
        planlijst.kolom_opties(["Naam 2029=naam@2029"])


def test_a_plan_the_database_refuses_is_left_out_and_named(store, tmp_path):
    """The database's own guards (an opleverjaar before the startjaar) refuse that plan only; the rest goes in."""
    v = planlijst.importeer(store, excel_csv(tmp_path / "l.csv", [
        ["Nr", "Naam", "Startjaar", "Jaar", "Koop", "Realisatiekans", "X", "Y"],
        ["1", "Te vroeg", 2029, 2027, 10, "80%", X, Y],
        ["2", "Op tijd", 2026, 2027, 10, "80%", X, Y]]))
    assert v.weigeringen == ["Laag projecten, rij 2, plan 'Te vroeg', veld oplever_jaar: ligt voor het startjaar"]
    assert (v.telling.nieuw, v.telling.geweigerd) == (1, 1)
    p = store.read_frame("SELECT bron_id, realisatiekans, start_jaar FROM projecten WHERE bron_id IS NOT NULL")
    assert [tuple(r) for r in p.itertuples(index=False)] == [("2", 80, 2026)]


def test_a_file_it_cannot_read_is_one_dutch_line(tmp_path):
    cases = {"lang.csv": b"naam;koop\r\n" + b"x" * 200_000 + b";1\r\n", "kapot.xlsx": b"PK\x03\x04 geen werkmap",
             "lijst.pdf": b"%PDF-1.4"}
    lines = []
    for naam, inhoud in cases.items():
        (tmp_path / naam).write_bytes(inhoud)
        with pytest.raises(StoreError) as exc:
            planlijst.lees(tmp_path / naam, {}, None)
        lines.append(str(exc.value))
    assert lines == [
        "Planlijst 'lang.csv', rij 2: de rij kan niet worden gelezen (te lang, of een aanhalingsteken dat niet sluit); er is "
        "niets gewijzigd.",
        "Planlijst 'kapot.xlsx' kan niet als Excel-bestand worden gelezen (beschadigd of geen .xlsx?).",
        "Planlijst 'lijst.pdf': alleen .xlsx of .csv (sla het blad in Excel op als .xlsx of CSV)."]


def test_a_planid_that_lost_its_leading_zeros_is_the_same_plan(store, tmp_path):
    """Excel turns 007 into 7: the atlas's 007 is matched, and takes the list's spelling."""
    fid = int(store.read_frame("SELECT min(fid) AS f FROM projecten").f[0])
    with store.transaction() as con:
        con.execute(f"UPDATE projecten SET bron_id = '007', versie_gezien = versie WHERE fid = {fid}")
    wb = Workbook()
    wb.active.append(["Planid", "Naam", "Koop"])
    wb.active.append([7, "Zeven", 3])
    wb.save(tmp_path / "l.xlsx")
    v = planlijst.importeer(store, tmp_path / "l.xlsx")
    assert (v.weigeringen, v.telling.nieuw, v.telling.gewijzigd) == ([], 0, 1)
    assert tuple(store.read_frame(f"SELECT bron_id, naam, won_koop FROM projecten WHERE fid = {fid}").iloc[0]) == ("7", "Zeven", 3)
