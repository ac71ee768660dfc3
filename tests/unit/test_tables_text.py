"""The figures as people read them (table text, CSV, Excel): years whole, the peildatum said, labels not codes,
a goal passed shows by how much, the agenda's summary in Dutch numbers."""

from __future__ import annotations

import dataclasses
import io
import re

import pandas as pd
import pytest

from almelo_atlas_plugin.core import atlas
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.output import tables


@pytest.fixture(scope="module")
def result(sample_master):
    from almelo_atlas_plugin.core.store.open import open_store

    return rollup(open_store(sample_master))


@pytest.fixture(scope="module")
def then(result):
    return dataclasses.replace(result, peildatum="2021-01-01T23:59:59.999+01:00")


def test_years_are_whole_in_the_table_and_the_csv(result):
    text = tables.table_text(result, "locatie")
    assert not re.search(r"\b2\.0\d\d\b|20\d\d,0\b", text)  # not 2.025 nor 2025,0
    assert re.search(r"\s20\d\d\s", text)
    buf = io.StringIO()
    tables.write_csv(result, "locatie", buf)
    csv = buf.getvalue()
    assert not re.search(r"\b20\d\d\.0\b", csv)
    df = pd.read_csv(io.StringIO(csv))
    assert df["oplever_jaar"].dropna().map(float.is_integer).all() and df["oplever_jaar"].isna().any()


def test_the_peildatum_is_said_in_text_csv_and_excel(then, result, tmp_path):
    assert tables.table_text(then, "stad").startswith("Peildatum: 01-01-2021")
    assert tables.table_text(then, "wijk").startswith("Peildatum: 01-01-2021")
    assert tables.table_text(result, "gebied").startswith("Peildatum: actueel (")
    buf = io.StringIO()
    tables.write_csv(then, "wijk", buf)
    assert set(pd.read_csv(io.StringIO(buf.getvalue()))["peildatum"]) == {"01-01-2021"}
    xlsx = tmp_path / "toen.xlsx"
    tables.write_xlsx(then, str(xlsx))
    for name, sheet in pd.read_excel(xlsx, sheet_name=None).items():
        assert set(sheet["Peildatum"]) == {"01-01-2021"}, name


def test_excel_speaks_labels_and_years_without_thousands(result, tmp_path):
    from openpyxl import load_workbook

    xlsx = tmp_path / "a.xlsx"
    tables.write_xlsx(result, str(xlsx))
    sheets = pd.read_excel(xlsx, sheet_name=None)
    doelen = sheets["doelen"]
    assert {"Gepland", "Hard", "Gerealiseerd"} <= set(doelen.columns) and "gepland" not in doelen.columns
    assert set(doelen["Soort"]) <= {"Minimaal", "Maximaal"}
    assert {"Woningen totaal", "Woningen netto (bouw − sloop)"} & set(doelen["Indicator"])  # labels, not won_*
    locaties = sheets["locaties"]
    assert "strategische_positie" not in set(locaties["Soort"].dropna()) and "Strategische positie" in set(locaties["Soort"])
    assert set(locaties["Laag"]) == {"Project", "Potloodplan"}
    ws = load_workbook(xlsx)["locaties"]
    col = [c.column_letter for c in ws[1] if c.value == "Opleverjaar"][0]
    assert {c.number_format for c in ws[col][1:] if c.value is not None} == {"0"}


def test_a_goal_passed_shows_by_how_much(result, tmp_path):
    xlsx = tmp_path / "d.xlsx"
    tables.write_xlsx(result, str(xlsx))
    doelen = pd.read_excel(xlsx, sheet_name="doelen")
    verschil = doelen["Verschil met streefwaarde (gepland − streef)"]
    assert list(verschil) == pytest.approx(list(doelen["Gepland"] - doelen["Streefwaarde"]))
    passed = doelen[(doelen["Soort"] == "Minimaal") & (doelen["Gepland"] > doelen["Streefwaarde"])]
    assert len(passed) and (verschil[passed.index] > 0).all()  # not 0 once the goal is passed


def test_value_labels():
    assert tables.value_label("strategische_positie", "soort") == "Strategische positie"
    assert tables.value_label("uitvoering", "status") == "Uitvoering"
    assert tables.value_label("won_totaal", "indicator") == "Woningen totaal"
    assert tables.value_label(None, "soort") == "–"


def test_the_agenda_summary_is_in_dutch_numbers(result):
    info = atlas.Agenda(pages=13, seconds=5.24, bytes=2_210_000, wijken=[], result=result)
    assert info.summary == "13 pagina's, 2,2 MB, 5,2 s"


def add_blocks(store, naam: str, blocks) -> None:
    """Blocks on the location of that name, as a planner adds them (phased bouw and a sloop block first)."""
    with store.transaction() as con:
        fid = con.execute(f"SELECT fid FROM projecten WHERE naam = {store.param}", (naam,)).fetchone()[0]
    base = {"laag": "projecten", "locatie_fid": fid, "segment": "onbekend", "woningtype": "onbekend", "eigenaar": "onbekend",
            "doelgroep": "regulier", "bijgewerkt_door": "test"}
    store_rows = [{**base, **b} for b in blocks]
    with store.transaction() as con:
        store.insert_rows(con, "woningblokken", store_rows)


PHASED = [{"soort": "sloop", "aantal": 30, "segment": "sociale_huur", "woningtype": "eengezins", "eigenaar": "corporatie",
           "jaar": 2025, "gerealiseerd": False},
          {"soort": "bouw", "aantal": 40, "segment": "middenhuur", "woningtype": "meergezins", "jaar": 2026, "gerealiseerd": False}]


@pytest.mark.parametrize("store", ["gpkg", "postgis"], indirect=True)
def test_excel_has_a_sheet_of_the_blocks_with_labels(store, tmp_path):
    add_blocks(store, "Ontwikkeling Stadskade", PHASED)
    xlsx = tmp_path / "blokken.xlsx"
    assert atlas.write_figures(atlas.figures(store), str(xlsx), store=store) == "xlsx"
    blokken = pd.read_excel(xlsx, sheet_name="blokken")
    jaar = blokken["Jaar (oplevering of sloop)"]
    mine = blokken[(blokken["Locatie"] == "Ontwikkeling Stadskade") & jaar.isin([2025, 2026])]
    assert {(2025, "Sloop", 30), (2026, "Bouw", 40)} <= set(zip(jaar[mine.index], mine["Bouw of sloop"], mine["Aantal woningen"]))
    sloop = mine[(mine["Bouw of sloop"] == "Sloop") & (mine["Aantal woningen"] == 30)].iloc[0]
    assert (sloop["Segment"], sloop["Woningtype"], sloop["Eigenaar"], sloop["Gerealiseerd"]) == \
        ("Sociale huur", "Eengezinswoning", "Corporatie", "nee")
    assert sloop["Wijk"] == "Binnenstad" and sloop["Status"] in {"Initiatief", "Voorbereiding", "Uitvoering", "Opgeleverd"}
    assert not set(blokken.columns) & {"segment", "soort", "locatie"}  # Dutch headers, no field names
    assert blokken["Laag"].iloc[0] == "Project"  # the projects first, then the potloodplannen


def test_excel_per_year_has_bouw_sloop_netto_verwacht_and_segments(result, tmp_path):
    jaar = dataclasses.replace(result.per_jaar[0], bouw=100, sloop=30, netto=70, verwacht=56,
                               segmenten={"koop": 60, "sociale_huur": 40})
    xlsx = tmp_path / "jaar.xlsx"
    tables.write_xlsx(dataclasses.replace(result, per_jaar=[jaar]), str(xlsx))
    row = pd.read_excel(xlsx, sheet_name="per_jaar").iloc[0]
    assert (row["Bouw"], row["Sloop"], row["Netto (bouw − sloop)"], row["Verwacht (netto, naar realisatiekans)"]) == (100, 30, 70, 56)
    assert (row["Bouw koop"], row["Bouw sociale huur"], row["Bouw middenhuur"]) == (60, 40, 0)
    assert "Blok" not in pd.read_excel(xlsx, sheet_name=None).get("blokken", pd.DataFrame()).columns  # no store: no blocks


def test_figure_labels_of_schema_5():
    assert tables.figure_label("won_netto_gepland") == "Woningen netto gepland (hard + zacht)"
    assert tables.figure_label("won_sloop_hard") == "Woningen sloop hard"
    assert tables.figure_label("won_gepland") == "Woningen bouw gepland (hard + zacht)"
    assert tables.figure_label("won_eengezins_zacht") == "Eengezinswoningen zacht"
    assert tables.figure_label("won_verwacht") == "Woningen verwacht (netto, naar realisatiekans)"
    assert tables.value_label("won_netto", "indicator") == "Woningen netto (bouw − sloop)"
    assert tables.value_label("2B", "status_planologisch") == "2B Vastgesteld, uitwerkingsplicht (hard)"
    assert tables.fmt(873.7, "won_verwacht") == "874" and tables.fmt(873.7) == "873,7"  # expected dwellings are whole


def test_the_stad_table_shows_netto_first_then_bouw_and_sloop(result):
    figs = dataclasses.replace(result.stad.figures, won_netto_gepland=1469, won_sloop_gepland=30, won_verwacht=1310)
    stad = dataclasses.replace(result.stad, figures=figs)
    text = tables.table_text(dataclasses.replace(result, stad=stad), "stad")
    head, gepland, verwacht = (next(ln for ln in text.splitlines() if ln.startswith(w))
                               for w in ("Woningen ", "Gepland (hard + zacht)", "Verwacht"))
    assert head.split() == ["Woningen", "Netto", "Bouw", "Sloop"]
    assert gepland.split()[-3:] == ["1.469", tables.fmt(figs.won_gepland), "30"] and verwacht.split()[-1] == "1.310"
    segment = next(ln for ln in text.splitlines() if ln.startswith("Segment"))
    assert segment.split() == ["Segment", "Gepland", "Gerealiseerd"] and "Sociale huur" in text
