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
    assert set(doelen["Soort"]) <= {"Minimaal", "Maximaal"} and "Woningen totaal" in set(doelen["Indicator"])
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
