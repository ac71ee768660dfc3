"""The agenda's chapter of the change report (`agenda … --vergelijk D1`): two pages after the stad page — the
mutatiekaart, the stad and each wijk reconciled, the bridge; then the locations — and the workbook's sheets."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core import atlas
from tests.conftest import ROOT
from tests.gui.test_agenda import non_white, page_image, page_text

pytestmark = pytest.mark.gui


@pytest.fixture
def demo(sample_master, tmp_path):
    """The sample with the scripted history of tools/mutaties_demo.py (eight edits, 2022–2026)."""
    sys.path.insert(0, str(ROOT / "tools"))
    import mutaties_demo

    path = tmp_path / "demo.gpkg"
    mutaties_demo.build(str(sample_master), str(path))
    return path


def test_agenda_vergelijk_adds_the_chapter(qgis_app, demo, tmp_path, capsys):
    out, xlsx = tmp_path / "a.pdf", tmp_path / "a.xlsx"
    assert main(["agenda", str(demo), "-o", str(out), "--wijk", "WK014110", "--vergelijk", "2021-01-01", "--xlsx", str(xlsx)]) == 0
    assert "4 pagina's" in capsys.readouterr().out
    report = atlas.mutaties(atlas.open_store(demo), "2021-01-01", None)
    two, three = page_text(out, 2), page_text(out, 3)
    assert "Wat veranderde er? Woningbouwprogramma van 01-01-2021 tot" in two and "pagina 2 van 4" in two
    stad = next(ln for ln in two.splitlines() if ln.strip().startswith("Woningen bouw gepland (hard + zacht)"))
    assert stad.split()[-1] == "1.608" and "+80" in stad and "-60" in stad  # begin … eind as the report
    assert report.stad.get("won_gepland", "eind") == 1608
    for legend in ("Nieuw", "Vervallen", "Verplaatst (andere wijk)", "Gerealiseerd", "Status gewijzigd", "Programma gewijzigd"):
        assert legend in two, legend
    assert "8 locaties met een mutatie" in three and "Woningbouw Schelfhorst-Noord" in three and "wijk De Riet → Hofkamp" in three
    assert "pagina 4 van 4" in page_text(out, 4) and "Binnenstad" in page_text(out, 4)
    img = page_image(out, 2, tmp_path)
    assert non_white(img, 0.03, 0.12, 0.5, 0.7) > 0.03  # the mutatiekaart is drawn
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert {"stad", "wijken", "mutaties_stad", "mutaties_locaties"} <= set(sheets) and len(sheets["mutaties_locaties"]) == 8


def test_agenda_vergelijk_after_the_peildatum_is_refused(qgis_app, demo, tmp_path, capsys):
    out = tmp_path / "a.pdf"
    assert main(["agenda", str(demo), "-o", str(out), "--peildatum", "2022-01-01", "--vergelijk", "2023-01-01"]) == 2
    assert "ligt na de einddatum" in capsys.readouterr().err and not out.exists()


def test_agenda_algorithm_vergelijk(provider, demo, tmp_path):
    import processing

    res = processing.run("almelo_atlas:agenda", {"STORE": str(demo), "WIJKEN": "WK014118", "VERGELIJK": "2021-01-01",
                                                 "OUTPUT": str(tmp_path / "a.pdf")})
    assert res["PAGINAS"] == 4 and "Woningbouw Schelfhorst-Noord" in page_text(tmp_path / "a.pdf", 3)
