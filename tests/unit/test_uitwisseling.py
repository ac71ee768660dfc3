"""Uitwisseling (#19, DESIGN.md §10, FORMATS.md §9): each format written and read back with GDAL / openpyxl and held field
by field against FORMATS.md; totals per plan equal the roll-up; the 33-class cross-tab sums to the blocks per year; a
confidential plan never reaches a receiver it is not for; the pre-flight stops a plan that does not add up; the round trip
export → import into an empty store → export gives the same file and the same figures. Both store backends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from osgeo import gdal
from shapely.geometry import MultiPolygon, box

from almelo_atlas_plugin import cli
from almelo_atlas_plugin.core import atlas
from almelo_atlas_plugin.core.figures.result import Selection
from almelo_atlas_plugin.core.model.schema import SCHEMA_VERSION
from almelo_atlas_plugin.core.output import uitwisseling as u
from almelo_atlas_plugin.core.store.base import Backend

# FORMATS.md §9a, written out here (not taken from the code under test)
KLASSEN_SPEC = ["koop1", "koop2", "koop3", "koop4", "koop_onb", "huur1", "huur2", "huur3", "huur4", "huur_onb", "onbekend"]
BOUW_SPEC = [f"{t}_{k}" for t in ("meergezins", "eengezins", "onbekend") for k in KLASSEN_SPEC]
PLAN_SPEC = ["GlobalID", "Creator", "Created", "Editor", "Edited", "plannaam", "provincie", "regio", "gemeente", "woonplaats",
             "vertrouwelijkheid", "opdrachtgever_type", "opdrachtgever_naam", "oplevering_eerste", "oplevering_laatste",
             "opmerkingen_basis", "plantype", "masterplan", "bestemmingsplan", "zoekgebied", "projectfase", "status_planologisch",
             "opmerkingen_status", "beoogd_woonmilieu_ABF5", "beoogd_woonmilieu_ABF13", "knelpunten_meerkeuze",
             "toelichting_knelpunten", "verhuurder_type", "aantal_huurwoningen_corporatie", "opmerkingen_kwalitatief", "koppelid",
             "klopt_geom", "overkoeppelende_plan_id", "overkoeppelende_plan_naam", "totaal_bouw", "totaal_gerealiseerd",
             "totaal_resterend", "totaal_sloop", "totaal_sloop_gerealiseerd", "totaal_sloop_resterend", "totaal_netto",
             "totaal_netto_gerealiseerd", "totaal_netto_resterend", "totaal_eengezins_resterend", "totaal_meergezins_resterend",
             "totaal_type_onbekend_resterend", "totaal_koop_resterend", "totaal_huur_resterend",
             "totaal_koop_huur_onbekend_resterend", "Totaal_koop1", "Totaal_koop2", "Totaal_koop3", "Totaal_koop4",
             "Totaal_koop_onbekend", "Totaal_huur1", "Totaal_huur2", "Totaal_huur3", "Totaal_huur4", "Totaal_huur_onbekend",
             "Totaal_eigendom_onbekend", "aantal_tijdelijke_woningen", "aantal_nultreden_woningen", "aantal_geclusterde_woningen",
             "aantal_zorggeschikte_woningen", "aantal_middenhuur_corporatie", "onzelfstandige_wooneenheden", "energieconcept",
             "tapwatervoorziening", "realisatiekans", "aandachtsgroepen", "sleutelproject"]
DETAIL_SPEC = ["GlobalID", "Creator", "Created", "Editor", "Edited", "parent_globalid", "gemeente", "regio", "vertrouwelijkheid",
               "jaartal", *BOUW_SPEC, "bouw_gerealiseerd", *(f"sloop_{v}" for v in BOUW_SPEC), "sloop_gerealiseerd"]
STATUS_SPEC = ["1A Onherroepelijk", "1B Onherroepelijk, uitwerkingsplicht", "1C Onherroepelijk, wijzigingsbevoegdheid",
               "2A Vastgesteld", "2B Vastgesteld, uitwerkingsplicht", "2C Vastgesteld, wijzigingsbevoegdheid",
               "3 In voorbereiding", "4A Visie", "4B Idee", "Onbekend"]
DATUMS = ("Created", "Edited")


def _rows(path: Path, layer: str) -> List[Dict[str, Any]]:
    ds = gdal.OpenEx(str(path), gdal.OF_VECTOR)
    out = []
    for f in ds.GetLayerByName(layer):
        d = f.items()
        g = f.GetGeometryRef()
        if g is not None:
            d["geom"] = g.ExportToIsoWkt()
        out.append(d)
    return out


def _run(*argv: str) -> int:
    return cli.main([str(a) for a in argv])


def _uri(store) -> str:
    return store.uri


def _export(store, tmp_path: Path, formaat: str, name: str, *extra: str) -> Path:
    out = tmp_path / name
    assert _run("uitwisseling", _uri(store), "--formaat", formaat, "-o", out, *extra) == 0
    return out


@pytest.mark.parametrize("ext", [".gpkg", ".gdb"])
def test_planregistratie_has_the_layers_fields_and_domains_of_formats_md(store, tmp_path, ext):
    out = _export(store, tmp_path, "planregistratie", "plannen" + ext)
    ds = gdal.OpenEx(str(out), gdal.OF_VECTOR)
    assert ds.GetDriver().ShortName == ("OpenFileGDB" if ext == ".gdb" else "GPKG")
    plan, detail = ds.GetLayerByName("Planregistratie"), ds.GetLayerByName("DetailPlanning")
    assert plan.GetGeomType() == 6 and plan.GetSpatialRef().GetAuthorityCode(None) == "28992"  # MultiPolygon, RD New
    assert detail.GetGeomType() == 100  # wkbNone: a table
    defn = plan.GetLayerDefn()
    assert [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())] == PLAN_SPEC
    d2 = detail.GetLayerDefn()
    assert [d2.GetFieldDefn(i).GetName() for i in range(d2.GetFieldCount())] == DETAIL_SPEC
    for verplicht in ("regio", "gemeente", "status_planologisch"):  # NOT NULL in Gelderland's template
        assert not defn.GetFieldDefn(defn.GetFieldIndex(verplicht)).IsNullable()
    dom = ds.GetFieldDomain("status_planologisch")
    assert sorted(dom.GetEnumeration()) == sorted(STATUS_SPEC)
    assert sorted(ds.GetFieldDomain("vertrouwelijkheid").GetEnumeration()) == ["Gemeente", "Openbaar", "ProvincieGemeente", "Regio"]
    assert sorted(int(k) for k in ds.GetFieldDomain("realisatiekans").GetEnumeration()) == list(range(10, 101, 10))
    rows = _rows(out, "Planregistratie")
    assert rows and all(r["status_planologisch"] in STATUS_SPEC and r["gemeente"] == "Almelo" and r["provincie"] == "Overijssel"
                        for r in rows)
    assert all(r["realisatiekans"] in range(10, 101, 10) for r in rows)
    ids = {r["GlobalID"] for r in rows}
    assert all(d["parent_globalid"] in ids and d["bouw_gerealiseerd"] in ("Ja", "Nee") for d in _rows(out, "DetailPlanning"))


def test_totals_per_plan_equal_the_rollup(store, tmp_path):
    out = _export(store, tmp_path, "planregistratie", "plannen.gpkg")
    result = atlas.figures(store)
    rows = _rows(out, "Planregistratie")
    assert len(rows) == len({(b.laag, b.fid) for b in _blocks(store)})  # one plan per location with blocks
    for r in rows:
        laag, *_, fid = r["koppelid"].split(":")
        f = result.figures_for(Selection.of_locations([(laag, int(fid))]))
        pot = laag == "potloodplannen"
        assert r["totaal_resterend"] == (f["won_potentieel"] if pot else f["won_gepland"]), r["plannaam"]
        assert r["totaal_gerealiseerd"] == (0 if pot else f["won_gerealiseerd"])
        assert r["totaal_sloop_resterend"] == (f["won_sloop_potentieel"] if pot else f["won_sloop_gepland"])
        assert r["totaal_sloop_gerealiseerd"] == f["won_sloop_gerealiseerd"]
        assert r["totaal_netto_resterend"] == (f["won_netto_potentieel"] if pot else f["won_netto_gepland"])
        assert r["totaal_bouw"] - r["totaal_sloop"] == r["totaal_netto"]
        assert r["totaal_eengezins_resterend"] == (f["won_eengezins_potentieel"] if pot else f["won_eengezins_gepland"])


def _blocks(store):
    lijst = u.planlijst(store, "gelderland", "gemeente", 2026)
    return [p for p in lijst.plannen]


def test_the_cross_tab_sums_to_the_blocks_per_year(store, tmp_path):
    out = _export(store, tmp_path, "planregistratie", "plannen.gpkg")
    rows = {r["GlobalID"]: r for r in _rows(out, "Planregistratie")}
    fids = {r["GlobalID"]: r["koppelid"].split(":") for r in rows.values()}
    per: Dict[Any, List[int]] = {}
    for d in _rows(out, "DetailPlanning"):
        laag, *_, fid = fids[d["parent_globalid"]]
        key = (laag, int(fid), d["jaartal"], d["bouw_gerealiseerd"] == "Ja")
        tot = per.setdefault(key, [0, 0])
        tot[0] += sum(d[v] for v in BOUW_SPEC)
        tot[1] += sum(d[f"sloop_{v}"] for v in BOUW_SPEC)
    p = store.param
    want: Dict[Any, List[int]] = {}
    with store.reading() as con:
        for laag in ("projecten", "potloodplannen"):
            jaar = "COALESCE(b.jaar, l.oplever_jaar)" if laag == "projecten" else "b.jaar"
            ger = "(b.gerealiseerd OR l.status = 'opgeleverd')" if laag == "projecten" else "b.gerealiseerd"
            for fid, j, g, soort, n in con.execute(
                    f'SELECT l.fid, {jaar}, {ger}, b.soort, SUM(b.aantal) FROM woningblokken b JOIN "{laag}" l ON l.fid = b.locatie_fid'
                    f" WHERE b.laag = {p} GROUP BY l.fid, {jaar}, {ger}, b.soort", (laag,)).fetchall():
                tot = want.setdefault((laag, int(fid), j, bool(g)), [0, 0])
                tot[0 if soort == "bouw" else 1] += int(n)
    assert per == want


def test_a_confidential_plan_never_reaches_a_receiver_it_is_not_for(store, tmp_path):
    with store.reading() as con:
        fids = [r[0] for r in con.execute("SELECT fid FROM projecten p WHERE EXISTS (SELECT 1 FROM woningblokken b WHERE"
                                          " b.laag = 'projecten' AND b.locatie_fid = p.fid) ORDER BY fid").fetchall()[:4]]
    marked = dict(zip(("gemeente", "provincie", "regio", "openbaar"), fids))
    with store.transaction() as con:
        for v, fid in marked.items():
            con.execute(f"UPDATE projecten SET vertrouwelijkheid = {store.param} WHERE fid = {store.param}", (v, fid))

    def ids(niveau: str) -> set:
        out = _export(store, tmp_path, "planregistratie", f"{niveau}.gpkg", "--niveau", niveau)
        return {r["koppelid"] for r in _rows(out, "Planregistratie")}

    provincie, regio, openbaar, alles = ids("provincie"), ids("regio"), ids("openbaar"), ids("gemeente")
    key = {v: f"projecten:{fid}" for v, fid in marked.items()}
    assert key["gemeente"] in alles and key["gemeente"] not in provincie | regio | openbaar
    assert key["provincie"] in provincie and key["provincie"] not in regio | openbaar
    assert key["regio"] in regio and key["regio"] not in provincie | openbaar
    assert key["openbaar"] in provincie & regio & openbaar
    assert not any(k.startswith("potloodplannen") and k in openbaar for k in alles - openbaar)


def test_the_preflight_catches_a_plan_whose_detailplanning_does_not_add_up(sample_store):
    lijst = u.planlijst(sample_store, "gelderland", "gemeente", 2026)
    assert not [p for p in u.controle(lijst) if p.blokkeert]
    plan = lijst.plannen[0]
    row = plan.detail[0]
    veld = next(v for v in u.BOUW_VELDEN if row[v])
    row[veld] += 1
    fouten = [p for p in u.controle(lijst) if p.blokkeert]
    assert {p.plan for p in fouten} == {plan.naam}
    velden = {p.veld for p in fouten}
    assert "totaal_bouw" in velden and f"DetailPlanning {row['jaartal']}" in velden
    assert "de DetailPlanning telt op tot" in u.rapport(fouten)


def test_a_file_whose_detailplanning_does_not_add_up_is_refused_whole(sample_store, tmp_path, capsys):
    out = _export(sample_store, tmp_path, "planregistratie", "plannen.gpkg")
    ds = gdal.OpenEx(str(out), gdal.OF_VECTOR | gdal.OF_UPDATE)
    ds.ExecuteSQL("UPDATE DetailPlanning SET eengezins_koop2 = eengezins_koop2 + 5 WHERE fid = 1")
    ds = None
    target = tmp_path / "leeg.gpkg"
    atlas.create(str(target))
    capsys.readouterr()
    assert _run("import", target, "planregistratie", out) == 2
    err = capsys.readouterr().err
    assert "geweigerd: Planregistratie, feature" in err and "veld totaal_bouw: de DetailPlanning telt op tot" in err
    with atlas.open_store(str(target)).reading() as con:
        assert con.execute("SELECT COUNT(*) FROM projecten").fetchone()[0] == 0  # nothing written
        assert con.execute("SELECT COUNT(*) FROM woningblokken").fetchone()[0] == 0


def test_nothing_is_written_while_a_problem_blocks(store, tmp_path, capsys):
    with store.transaction() as con:
        con.execute(f"UPDATE projecten SET geom = {store.geometry_param()} WHERE fid = 1",
                    (store.geometry_value(MultiPolygon([box(100000, 400000, 100100, 400100)])),))
    out = tmp_path / "plannen.gpkg"
    assert _run("uitwisseling", store.uri, "--formaat", "planregistratie", "-o", out) == 2
    text = capsys.readouterr().out
    assert not out.exists()
    naam = atlas.location_name(store, "projecten", 1)
    assert f"fout: plan '{naam}', veld geometrie: ligt (deels) buiten de gemeente Almelo" in text
    assert "Niets geschreven" in text
    assert _run("uitwisseling", store.uri, "--formaat", "planregistratie", "--controle") == 2


def test_the_preflight_of_the_sample_passes_with_remarks_only(sample_store, capsys):
    assert _run("uitwisseling", sample_store.uri, "--formaat", "planregistratie", "--controle") == 0
    text = capsys.readouterr().out
    assert "Controle: 0 fout(en)" in text


# --- price classes -----------------------------------------------------------------------------------------
def test_price_classes_come_from_the_catalogue_with_their_source(sample_store):
    gld = u.grenzen(sample_store, "gelderland", 2026)
    zh = u.grenzen(sample_store, "zuid_holland", 2026)
    assert u.klasse_van("koop", 405_000, None, gld) == "koop2" and u.klasse_van("koop", 405_000.01, None, gld) == "koop4"
    assert u.klasse_van("sociale_huur", 731, None, gld) == "huur1" and u.klasse_van("middenhuur", 900.07, None, gld) == "huur2"
    assert u.klasse_van("vrije_huur", 1185.5, None, gld) == "huur4"
    assert u.klasse_van("koop", 279_999, None, zh) == "koop1" and u.klasse_van("koop", 280_000, None, zh) == "koop2"
    assert u.klasse_van("koop", 600_000, None, zh) == "koop4" and u.klasse_van("middenhuur", 880, None, zh) == "huur3"
    assert u.klasse_van("onbekend", None, None, gld) == "onbekend"  # never dropped
    assert u.klasse_van("koop", None, None, gld) == "koop_onb"
    with sample_store.reading() as con:
        bronnen = [r[0] for r in con.execute("SELECT bron FROM prijsklassen").fetchall()]
    assert len(bronnen) == 14 and all("DIWI" in b for b in bronnen)


def test_an_edited_boundary_changes_the_export(sample_store):
    with sample_store.transaction() as con:
        con.execute("INSERT INTO prijsklassen (target, jaar, klasse, ondergrens, bovengrens, bron) VALUES"
                    " ('gelderland', 2026, 'koop2', 0, 300000, 'test'), ('gelderland', 2026, 'koop4', 300000, NULL, 'test')")
    g25, g26 = u.grenzen(sample_store, "gelderland", 2025), u.grenzen(sample_store, "gelderland", 2026)
    assert u.klasse_van("koop", 350_000, None, g25) == "koop2" and u.klasse_van("koop", 350_000, None, g26) == "koop4"
    assert [k for k, *_ in g26] == ["koop2", "koop4"]  # the newest year's rows only


@settings(max_examples=200, deadline=None)
@given(segment=st.sampled_from(["koop", "sociale_huur", "middenhuur", "vrije_huur", "onbekend"]),
       prijs=st.one_of(st.none(), st.floats(0, 2_000_000, allow_nan=False)),
       klasse=st.one_of(st.none(), st.sampled_from(KLASSEN_SPEC)),
       target=st.sampled_from(["gelderland", "zuid_holland"]))
def test_every_block_gets_exactly_one_class_that_fits_its_tenure(segment, prijs, klasse, target):
    from almelo_atlas_plugin.core.model.catalogue import prijsklassen

    grens = [(r["klasse"], r["ondergrens"], r["bovengrens"]) for r in prijsklassen() if r["target"] == target]
    k = u.klasse_van(segment, prijs, klasse, grens)
    assert k in KLASSEN_SPEC
    if segment == "koop":
        assert k.startswith("koop")
    elif segment != "onbekend":
        assert k.startswith("huur")
    if prijs is not None and segment != "onbekend":
        hit = [g for g in grens if g[0] == k]
        assert hit and hit[0][1] <= prijs and (hit[0][2] is None or prijs < hit[0][2])


# --- the other formats ---------------------------------------------------------------------------------------
def test_zuid_holland_geojson_nests_the_years_and_lists_the_unknown_fields(store, tmp_path, capsys):
    out = _export(store, tmp_path, "zuid-holland", "plannen.geojson", "--peildatum", "2026-06-30")
    report = capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and data["crs"]["properties"]["name"].endswith("EPSG::28992")
    f = data["features"][0]
    props = f["properties"]
    assert set(PLAN_SPEC) <= set(props) and props["ph_date3"] == "2026-06-30"
    assert props["ph_text1"] in ("1a", "1b", "1c", "2") and props["ph_text9"] == props["koppelid"]
    assert all(props[k] is None for k in ("ph_text3", "ph_text4", "ph_text7", "ph_short2", "ph_short7", "ph_short8", "ph_short9"))
    years = props["year_properties"]
    assert years and set(BOUW_SPEC) <= set(years[0]) and sum(sum(y[v] for v in BOUW_SPEC) for y in years) == props["totaal_bouw"]
    assert "ph_text3, ph_text4, ph_text7, ph_short2, ph_short7, ph_short8, ph_short9" in report
    ogr_rows = _rows(out, "Planregistratie")  # GDAL reads it as a layer of multipolygons in RD
    assert len(ogr_rows) == len(data["features"])


def test_the_readable_workbook_has_plans_blocks_and_years_in_dutch(store, tmp_path):
    from openpyxl import load_workbook

    out = _export(store, tmp_path, "excel", "plannen.xlsx")
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames == ["Plannen", "Blokken", "Per jaar", "Toelichting"]
    kop = next(wb["Plannen"].iter_rows(values_only=True))
    assert kop[:4] == ("Plan", "Koppel-id", "Planologische status", "Projectfase") and "Bouw resterend" in kop
    bkop = next(wb["Blokken"].iter_rows(values_only=True))
    assert bkop[:4] == ("Plan", "Koppel-id", "Bouw of sloop", "Aantal woningen")
    blokken = list(wb["Blokken"].iter_rows(min_row=2, values_only=True))
    with store.reading() as con:
        assert sum(b[3] for b in blokken) == con.execute("SELECT SUM(aantal) FROM woningblokken").fetchone()[0]
    jkop = next(wb["Per jaar"].iter_rows(values_only=True))
    assert len(jkop) == 4 + 66 and jkop[4] == "Bouw meergezins — Koop 1 (goedkoopst)"
    assert all("_" not in str(c) for c in kop + bkop + jkop)  # no raw field names for people


def test_zeeland_template_per_plan_with_checks(store, tmp_path):
    from openpyxl import load_workbook

    out = _export(store, tmp_path, "zeeland", "plannen.xlsx")
    pr = {r["plannaam"]: r for r in u_rows(store, tmp_path)}
    wb = load_workbook(out, read_only=True)
    assert len(wb.sheetnames) == len(pr)
    ws = wb[wb.sheetnames[0]]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Plannaam"
    kop_i = next(i for i, r in enumerate(rows) if r and r[0] == "Groep")
    kop = rows[kop_i]
    assert kop[1] == "Categorie" and kop[2:22] == tuple(str(j) for j in range(2024, 2044))
    assert kop[-4:] == ("Totalen", "Check", "Gerealiseerd", "Restcapaciteit")
    matrix = {(r[0], r[1]): r for r in rows[kop_i + 1:] if r and r[0]}
    assert {g for g, _ in matrix} == {"Nieuwbouw", "Woningtype", "Wonen en zorg", "Flexwoningen", "Betaalbaarheid", "Sloop"}
    naam = rows[0][1]
    totaal = matrix[("Nieuwbouw", "Nieuwbouw totaal")]
    assert totaal[-4] == pr[naam]["totaal_bouw"] and totaal[-2] == pr[naam]["totaal_gerealiseerd"]
    assert matrix[("Sloop", "Sloop")][-4] == pr[naam]["totaal_sloop"]
    assert {r[-3] for (g, _), r in matrix.items() if g not in ("Nieuwbouw", "Sloop")} == {"OK"}
    for groep in ("Woningtype", "Wonen en zorg", "Flexwoningen", "Betaalbaarheid"):  # each group adds up to the total
        assert sum(r[-4] for (g, _), r in matrix.items() if g == groep) == totaal[-4], groep
        assert [sum(r[i] for (g, _), r in matrix.items() if g == groep) for i in range(2, 23)] == list(totaal[2:23]), groep


def u_rows(store, tmp_path):
    out = tmp_path / "ref.gpkg"
    if not out.exists():
        _export(store, tmp_path, "planregistratie", "ref.gpkg")
    return _rows(out, "Planregistratie")


# --- round trip -----------------------------------------------------------------------------------------
@pytest.fixture
def leeg(store, request, tmp_path):
    """An empty store on Almelo's geography, on the backend of `store`."""
    if store.kind is Backend.POSTGIS:
        from tests.pgfixtures import db_name

        uri = f"{request.getfixturevalue('cluster').createdb(db_name(request) + '_leeg')}?schema=atlas"
    else:
        uri = str(tmp_path / "leeg.gpkg")
    atlas.create(uri)
    return atlas.open_store(uri)


def _same(a: List[Dict[str, Any]], b: List[Dict[str, Any]]) -> None:
    def norm(rows):
        return sorted(({k: v for k, v in r.items() if k not in DATUMS} for r in rows),
                      key=lambda r: (str(r.get("koppelid") or r.get("parent_globalid")), str(r.get("jaartal")),
                                     str(r.get("bouw_gerealiseerd"))))
    assert norm(a) == norm(b)


SEGMENTEN = ("sociale_huur", "middenhuur", "vrije_huur", "koop", "won_onbekend")
PER_JAAR = ("bouw", "sloop", "netto", "hard", "zacht", "gerealiseerd", "verwacht")


def _figures_without_segments(result) -> Dict[str, Any]:
    """The roll-up's dwelling figures of stad, wijken and per year, without the split per segment (the province's price
    classes carry the segment only as far as their boundaries do: a middenhuur of € 900 is huur2 in Gelderland and comes
    back as sociale huur). Not the opgaven (not in the format), not the base layers (the empty store has none)."""
    j = result.to_json()

    def clean(d):
        return {k: v for k, v in d.items() if k.startswith("won_") and not any(s in k for s in SEGMENTEN)}
    jaren = {p["jaar"]: {k: p.get(k) or 0 for k in PER_JAAR} for p in j["per_jaar"]}
    return {"stad": clean(j["stad"]), "wijken": {w["wijk_code"]: clean(w) for w in j["wijken"]},
            "per_jaar": {y: v for y, v in jaren.items() if any(v.values())}}


def test_round_trip_planregistratie_gives_the_same_file_and_figures(store, leeg, tmp_path, capsys):
    first = _export(store, tmp_path, "planregistratie", "eerste.gdb")
    assert _run("import", leeg.uri, "planregistratie", first) == 0
    assert "plannen met hun woningblokken ingelezen uit planregistratie." in capsys.readouterr().out
    second = _export(leeg, tmp_path, "planregistratie", "tweede.gdb")
    for layer in ("Planregistratie", "DetailPlanning"):
        _same(_rows(first, layer), _rows(second, layer))
    before, after = atlas.figures(store), atlas.figures(leeg)
    assert _figures_without_segments(after) == _figures_without_segments(before)
    assert after.stad.figures["won_gepland"] == before.stad.figures["won_gepland"] > 0


def test_round_trip_through_the_zuid_holland_geojson(sample_store, tmp_path):
    first = _export(sample_store, tmp_path, "zuid-holland", "eerste.geojson")
    target = tmp_path / "leeg.gpkg"
    atlas.create(str(target))
    assert _run("import", target, "zuid-holland", first) == 0
    second = _export(atlas.open_store(str(target)), tmp_path, "zuid-holland", "tweede.geojson")

    def feats(path):
        return sorted(({k: v for k, v in f["properties"].items() if k not in DATUMS + ("ph_date3",)} | {"geometry": f["geometry"]}
                       for f in json.loads(path.read_text(encoding="utf-8"))["features"]), key=lambda p: p["koppelid"])
    a, b = feats(first), feats(second)
    for p in a + b:
        p["year_properties"] = sorted(p["year_properties"], key=str)
    assert len(a) == 31 and a == b


def test_the_command_refuses_a_file_of_another_format_before_any_work(sample_store, tmp_path, capsys):
    assert _run("uitwisseling", sample_store.uri, "--formaat", "planregistratie", "-o", tmp_path / "x.xlsx") == 2
    assert "formaat planregistratie schrijft een bestand op .gpkg of .gdb" in capsys.readouterr().err
    assert _run("uitwisseling", sample_store.uri, "--formaat", "excel") == 2
    assert "uitvoerbestand (-o BESTAND) of --controle" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_round_trip_through_the_workbook_keeps_every_block(store, leeg, tmp_path):
    from openpyxl import load_workbook

    first = _export(store, tmp_path, "excel", "eerste.xlsx")
    assert _run("import", leeg.uri, "excel", first) == 0
    second = _export(leeg, tmp_path, "excel", "tweede.xlsx")
    def sheets(path):
        wb = load_workbook(path, read_only=True)
        try:
            return {sheet: sorted(wb[sheet].iter_rows(values_only=True), key=str) for sheet in ("Plannen", "Blokken", "Per jaar")}
        finally:
            wb.close()
    a, b = sheets(first), sheets(second)
    for sheet in a:
        assert a[sheet] == b[sheet], sheet
    before, after = atlas.figures(store).to_json(), atlas.figures(leeg).to_json()
    for k in ("won_gepland", "won_hard", "won_zacht", "won_gerealiseerd", "won_potentieel", "won_sociale_huur_gepland",
              "won_middenhuur_gepland", "won_koop_gepland", "won_sloop_gepland", "won_netto_gepland"):
        assert after["stad"][k] == before["stad"][k], k


def test_the_migration_adds_the_catalogue_from_the_previous_version(tmp_path):
    import shutil

    from tests.conftest import ROOT

    old = tmp_path / "v4.gpkg"
    shutil.copy(ROOT / "tests" / "fixtures" / "gpkg_v4_store.gpkg", old)
    s, notes = atlas.migrate(str(old))
    assert s.schema_version() == SCHEMA_VERSION
    assert any("prijsklassen" in n for n in notes)
    with s.reading() as con:
        assert con.execute("SELECT COUNT(*) FROM prijsklassen").fetchone()[0] == 14
    assert "prijsklasse" in s.columns("woningblokken")
    assert atlas.migrate(str(old))[1] == []  # idempotent


@pytest.mark.parametrize("soort, name", [("planregistratie", "kapot.gpkg"), ("planregistratie", "kapot.geojson"),
                                         ("excel", "kapot.xlsx")])
def test_a_file_that_is_not_the_format_is_one_dutch_line(sample_store, tmp_path, capsys, soort, name):
    bad = tmp_path / name
    bad.write_bytes(b"\x00\x01 geen bestand van dit formaat {")
    assert _run("import", sample_store.uri, soort, bad) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fout: {bad}: geen ") and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_count_that_is_no_number_is_refused_with_plan_field_and_year(sample_store, tmp_path, capsys):
    out = _export(sample_store, tmp_path, "zuid-holland", "plannen.geojson")
    data = json.loads(out.read_text(encoding="utf-8"))
    plan = data["features"][0]["properties"]
    year = plan["year_properties"][0]
    year["meergezins_huur3"] = "veel"
    out.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert _run("import", sample_store.uri, "zuid-holland", out) == 2
    err = capsys.readouterr().err
    assert (f"geweigerd: Planregistratie, feature 1 ({plan['plannaam']}), DetailPlanning {year['jaartal']}, veld meergezins_huur3:"
            " 'veel' is geen geheel getal van 0 of meer") in err


def test_a_filegdb_is_replaced_whole_and_a_failed_write_keeps_the_old_one(sample_store, tmp_path, monkeypatch):
    from almelo_atlas_plugin.core.output import uitwisseling_formaten as formaten

    target = _export(sample_store, tmp_path, "planregistratie", "plannen.gdb", "--niveau", "openbaar")
    before = sorted(r["koppelid"] for r in _rows(target, "Planregistratie"))

    def broken(lijst, out, moment):
        Path(out).mkdir()
        (Path(out) / "half").write_text("x")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(formaten, "_planregistratie", broken)
    assert _run("uitwisseling", sample_store.uri, "--formaat", "planregistratie", "-o", target) == 2
    assert sorted(r["koppelid"] for r in _rows(target, "Planregistratie")) == before  # the old file, untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no work folder left
    monkeypatch.undo()
    _export(sample_store, tmp_path, "planregistratie", "plannen.gdb")  # gemeente: all plans, in the same place
    assert len(_rows(target, "Planregistratie")) > len(before)


# --- Zeeland back in (import STORE zeeland FILE) -------------------------------------------------------
def _werkboek(path: Path) -> Dict[str, List[tuple]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def _blokken_stand(store) -> List[tuple]:
    with store.reading() as con:
        return sorted((tuple(r) for r in con.execute("SELECT laag, locatie_fid, soort, aantal, segment, woningtype, doelgroep, jaar,"
                                                    " gerealiseerd FROM woningblokken").fetchall()), key=str)


# what the template's categories carry: every dwelling figure of stad and wijken but the split sociale huur / middenhuur
# (Zeeland has Sociale huur = huur1+huur2 and Huur middenhuur = huur3 at Gelderland's boundaries: a middenhuur block of
# € 900 is huur2 there and comes back as sociale huur), and per year the planned (hard, zacht) dwellings; the year of a
# realised block (bouw or sloop) is not in the template, nor price, eigenaar, studenten.
NIET_IN_ZEELAND = ("sociale_huur", "middenhuur")


def _zeeland_figuren(store) -> Dict[str, Any]:
    j = atlas.figures(store).to_json()

    def clean(d):
        return {k: v for k, v in d.items() if k.startswith("won_") and not any(s in k for s in NIET_IN_ZEELAND)}
    return {"stad": clean(j["stad"]), "wijken": {w["wijk_code"]: clean(w) for w in j["wijken"]},
            "per_jaar": {p["jaar"]: (p["hard"], p["zacht"]) for p in j["per_jaar"]}}


def test_round_trip_zeeland_gives_the_same_workbook_and_figures(store, tmp_path, capsys):
    first = _export(store, tmp_path, "zeeland", "eerste.xlsx")
    figuren = _zeeland_figuren(store)
    with store.transaction() as con:  # the blocks removed: the workbook must bring them back
        con.execute("DELETE FROM woningblokken")
    assert _run("import", store.uri, "zeeland", first) == 0
    assert "Woningblokken van 31 plan(nen) vervangen" in capsys.readouterr().out
    second = _export(store, tmp_path, "zeeland", "tweede.xlsx")
    assert _werkboek(first) == _werkboek(second)  # cell for cell (the template holds no dates)
    na = _zeeland_figuren(store)
    assert na == figuren
    assert na["stad"]["won_gepland"] > 0 and na["stad"]["won_sloop_gepland"] > 0


def test_zeeland_replaces_only_the_blocks_of_the_plans_in_the_workbook(sample_store, tmp_path):
    out = _export(sample_store, tmp_path, "zeeland", "plannen.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(out)
    blijft = wb.sheetnames[1:]
    for title in blijft:
        del wb[title]
    naam = wb.worksheets[0]["B1"].value
    wb.worksheets[0]["B15"] = None  # no Koppel-id: matched by its name
    wb.save(out)
    with sample_store.reading() as con:
        fid = con.execute("SELECT fid FROM projecten WHERE naam = ?", (naam,)).fetchone()[0]
    with sample_store.transaction() as con:
        con.execute("UPDATE woningblokken SET aantal = aantal + 7 WHERE laag = 'projecten' AND locatie_fid = ?", (fid,))
    anderen = [b for b in _blokken_stand(sample_store) if (b[0], b[1]) != ("projecten", fid)]
    assert _run("import", sample_store.uri, "zeeland", out) == 0
    assert [b for b in _blokken_stand(sample_store) if (b[0], b[1]) != ("projecten", fid)] == anderen
    weer = _werkboek(_export(sample_store, tmp_path, "zeeland", "weer.xlsx"))[wb.sheetnames[0]]
    assert weer[:14] + weer[15:] == (_werkboek(out)[wb.sheetnames[0]][:14] + _werkboek(out)[wb.sheetnames[0]][15:])  # not Koppel-id


def _zeeland_blad(sample_store, tmp_path):
    from openpyxl import load_workbook

    out = _export(sample_store, tmp_path, "zeeland", "plannen.xlsx")
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    rij = {(ws.cell(r, 1).value, ws.cell(r, 2).value): r for r in range(1, ws.max_row + 1)}
    return out, wb, ws, rij


def test_a_plan_without_a_location_is_reported_and_nothing_is_written_unless_skipped(sample_store, tmp_path, capsys):
    out, wb, ws, _ = _zeeland_blad(sample_store, tmp_path)
    ws["B1"], ws["B15"] = "Nergens bekend", "projecten:99999"
    wb.save(out)
    voor = _blokken_stand(sample_store)
    capsys.readouterr()
    assert _run("import", sample_store.uri, "zeeland", out) == 2
    err = capsys.readouterr().err
    assert (f"geweigerd: tabblad '{ws.title}' (plan Nergens bekend): Koppel-id 'projecten:99999' niet gevonden en geen project"
            " of potloodplan heet 'Nergens bekend'") in err and "er is niets gewijzigd" in err
    assert _blokken_stand(sample_store) == voor
    assert _run("import", sample_store.uri, "zeeland", out, "--zonder-koppeling-overslaan") == 0
    res = capsys.readouterr()
    assert "waarschuwing: tabblad" in res.err and "30 plan(nen) vervangen" in res.out and "1 plan(nen) zonder koppeling" in res.out


def test_a_plan_renamed_in_the_workbook_still_finds_its_location_by_koppel_id(sample_store, tmp_path, capsys):
    out, wb, ws, _ = _zeeland_blad(sample_store, tmp_path)
    naam, ws["B1"] = ws["B1"].value, "Andere naam"
    wb.save(out)
    capsys.readouterr()
    assert _run("import", sample_store.uri, "zeeland", out) == 0
    res = capsys.readouterr()
    assert f"(plan Andere naam): gekoppeld op Koppel-id {ws['B15'].value} aan '{naam}' (andere naam)" in res.err
    assert "31 plan(nen) vervangen" in res.out


def test_a_name_that_fits_two_locations_is_no_match(sample_store, tmp_path, capsys):
    out, wb, ws, _ = _zeeland_blad(sample_store, tmp_path)
    naam, ws["B15"] = ws["B1"].value, None
    wb.save(out)
    with sample_store.transaction() as con:
        con.execute("UPDATE potloodplannen SET naam = ? WHERE fid = (SELECT min(fid) FROM potloodplannen)", (naam,))
    assert _run("import", sample_store.uri, "zeeland", out) == 2
    assert f"2 locaties heten '{naam}'" in capsys.readouterr().err


def _verschuif(ws, rij, van, naar, alles=False):
    """Move dwellings of one category to another in the year column where Regulier has the most (the sums stay right)."""
    k = max(range(3, 23), key=lambda c: ws.cell(rij[("Wonen en zorg", "Regulier")], c).value or 0)
    n = ws.cell(rij[van], k).value if alles else 1
    for cat, d in ((van, -n), (naar, n)):
        for c in (k, 24, 27):
            ws.cell(rij[cat], c, (ws.cell(rij[cat], c).value or 0) + d)


@pytest.mark.parametrize("wijzig, melding", [
    (lambda ws, rij: ws.cell(rij[("Woningtype", "Eengezins")], 3, "veel"), "categorie Eengezins, jaar 2024: 'veel' is geen geheel getal"),
    (lambda ws, rij: [ws.cell(rij[("Betaalbaarheid", "Koop onbekend")], c, (ws.cell(rij[("Betaalbaarheid", "Koop onbekend")], c).value or 0) + 1)
                      for c in (8, 24, 27)],
     "categorie Sociale huur + Huur middenhuur + Huur dure huur + Huur onbekend + Koop betaalbare koop + Koop dure koop + Koop"
     " onbekend + Onbekend koop of huur, jaar 2029: groep Betaalbaarheid telt op tot"),
    (lambda ws, rij: ws.cell(rij[("Nieuwbouw", "Nieuwbouw totaal")], 24, 99999), "categorie Nieuwbouw totaal: Totalen is 99999"),
    (lambda ws, rij: ws.delete_rows(rij[("Sloop", "Sloop")]), "categorie Sloop: rij ontbreekt (groep Sloop)"),
    (lambda ws, rij: ws.cell(rij[("Woningtype", "Onbekend")], 25, "+3"), "categorie Onbekend, kolom Check: staat '+3', de getallen geven 'OK'"),
    (lambda ws, rij: _verschuif(ws, rij, ("Wonen en zorg", "Regulier"), ("Wonen en zorg", "Geclusterd")),
     "categorie Geclusterd, jaar 20"),
    (lambda ws, rij: [_verschuif(ws, rij, ("Flexwoningen", "Regulier permanent"), ("Flexwoningen", "Flex"), alles=True),
                      _verschuif(ws, rij, ("Wonen en zorg", "Regulier"), ("Wonen en zorg", "Nultreden"), alles=True)],
     "flexwoningen, maar Wonen en zorg Regulier heeft er maar"),
])
def test_a_sheet_whose_numbers_do_not_add_up_is_refused_naming_plan_category_and_year(sample_store, tmp_path, capsys, wijzig, melding):
    out, wb, ws, rij = _zeeland_blad(sample_store, tmp_path)
    wijzig(ws, rij)
    wb.save(out)
    voor = _blokken_stand(sample_store)
    capsys.readouterr()
    assert _run("import", sample_store.uri, "zeeland", out) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fout: {out}, tabblad '{ws.title}' (plan {ws['B1'].value}), ") and melding in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert _blokken_stand(sample_store) == voor


@pytest.mark.parametrize("soort", ["kapot", "vreemd", "leeg"])
def test_a_broken_or_foreign_workbook_is_one_dutch_line(sample_store, tmp_path, capsys, soort):
    from openpyxl import Workbook

    bad = tmp_path / "zeeland.xlsx"
    if soort == "kapot":
        bad.write_bytes(b"PK\x03\x04 geen werkboek")
    else:
        wb = Workbook()
        if soort == "vreemd":
            wb.active.append(["Naam", "Aantal"])
            wb.active.append(["Plan X", 3])
        else:
            wb.active.title = "Blad1"  # the plan sheets missing
        wb.save(bad)
    voor = _blokken_stand(sample_store)
    assert _run("import", sample_store.uri, "zeeland", bad) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fout: {bad}") and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert _blokken_stand(sample_store) == voor


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=6), min_size=2, max_size=4))
def test_margins_laid_side_by_side_give_every_margin_back(delen):
    from almelo_atlas_plugin.core.sources.zeeland import _naast_elkaar

    totaal = sum(delen[0])
    marges = [list(enumerate(d[:-1])) + [(len(d) - 1, totaal - sum(d[:-1]))] for d in delen
              if sum(d[:-1]) <= totaal]
    stukken = _naast_elkaar(*marges)
    for i, marge in enumerate(marges):
        for waarde, n in marge:
            assert sum(a for k, a in stukken if k[i] == waarde) == n


def test_a_write_that_fails_half_way_leaves_every_block_as_it_was(sample_store, tmp_path, monkeypatch, capsys):
    from almelo_atlas_plugin.core.store.base import StoreError
    from almelo_atlas_plugin.core.store.geopackage import GeoPackageStore

    out = _export(sample_store, tmp_path, "zeeland", "plannen.xlsx")
    with sample_store.transaction() as con:
        con.execute("UPDATE woningblokken SET aantal = aantal + 1")
    voor = _blokken_stand(sample_store)
    echt, n = GeoPackageStore.insert_rows, []

    def breekt(self, con, table, rows):
        n.append(1)
        if len(n) == 5:
            raise StoreError("schijf vol")
        return echt(self, con, table, rows)
    monkeypatch.setattr(GeoPackageStore, "insert_rows", breekt)
    capsys.readouterr()
    assert _run("import", sample_store.uri, "zeeland", out) == 2
    assert "schijf vol" in capsys.readouterr().err and len(n) == 5
    assert _blokken_stand(sample_store) == voor  # the four plans before it rolled back too


def test_vervang_is_said_not_to_apply_to_zeeland(sample_store, tmp_path, capsys):
    out = _export(sample_store, tmp_path, "zeeland", "plannen.xlsx")
    with sample_store.reading() as con:
        n = con.execute("SELECT count(*) FROM projecten").fetchone()[0]
    capsys.readouterr()
    assert _run("import", sample_store.uri, "zeeland", out, "--vervang") == 0
    assert "waarschuwing: --vervang geldt niet voor zeeland" in capsys.readouterr().err
    with sample_store.reading() as con:
        assert con.execute("SELECT count(*) FROM projecten").fetchone()[0] == n
