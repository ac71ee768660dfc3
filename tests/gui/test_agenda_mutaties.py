"""The agenda's chapter of the change report (`agenda … --vergelijk D1`): two pages after the stad page — the
mutatiekaart, the stad and each wijk reconciled, the bridge; then the locations — and the workbook's sheets."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core import atlas
from tests.gui.test_agenda import non_white, page_image, page_text

pytestmark = pytest.mark.gui


@pytest.fixture
def demo(sample_master, tmp_path):
    """A copy of the sample: its own history since 1-1-2021 (sample.HISTORIE: ten edits, 2022–2026)."""
    path = tmp_path / "demo.gpkg"
    shutil.copyfile(sample_master, path)
    return path


def test_agenda_vergelijk_adds_the_chapter(qgis_app, demo, tmp_path, capsys):
    out, xlsx = tmp_path / "a.pdf", tmp_path / "a.xlsx"
    assert main(["agenda", str(demo), "-o", str(out), "--wijk", "WK014110", "--vergelijk", "2021-01-01", "--xlsx", str(xlsx)]) == 0
    assert "4 pagina's" in capsys.readouterr().out
    report = atlas.mutaties(atlas.open_store(demo), "2021-01-01", None)
    two, three = page_text(out, 2), page_text(out, 3)
    assert "Wat veranderde er? Woningbouwprogramma van 01-01-2021 tot" in two and "pagina 2 van 4" in two
    stad = next(ln for ln in two.splitlines() if ln.strip().startswith("Woningen bouw gepland (hard + zacht)"))
    assert stad.split()[-1] == "1.583" and "+50" in stad and "-40" in stad  # begin … eind as the report
    assert report.stad.get("won_gepland", "eind") == 1583
    for legend in ("Nieuw", "Vervallen", "Verplaatst (andere wijk)", "Gerealiseerd", "Status gewijzigd", "Programma gewijzigd"):
        assert legend in two, legend
    assert "10 locaties met een mutatie" in three and "Uitbreiding Bornerbroek-Zuid" in three and "wijk Hofkamp → De Riet" in three
    assert "pagina 4 van 4" in page_text(out, 4) and "Binnenstad" in page_text(out, 4)
    img = page_image(out, 2, tmp_path)
    assert non_white(img, 0.03, 0.12, 0.5, 0.7) > 0.03  # the mutatiekaart is drawn
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert {"stad", "wijken", "mutaties_stad", "mutaties_locaties"} <= set(sheets) and len(sheets["mutaties_locaties"]) == 10


def test_agenda_vergelijk_after_the_peildatum_is_refused(qgis_app, demo, tmp_path, capsys):
    out = tmp_path / "a.pdf"
    assert main(["agenda", str(demo), "-o", str(out), "--peildatum", "2022-01-01", "--vergelijk", "2023-01-01"]) == 2
    assert "ligt na de einddatum" in capsys.readouterr().err and not out.exists()


def test_agenda_algorithm_vergelijk(provider, demo, tmp_path):
    import processing

    res = processing.run("almelo_atlas:agenda", {"STORE": str(demo), "WIJKEN": "WK014118", "VERGELIJK": "2021-01-01",
                                                 "OUTPUT": str(tmp_path / "a.pdf")})
    assert res["PAGINAS"] == 4 and "Uitbreiding Bornerbroek-Zuid" in page_text(tmp_path / "a.pdf", 3)
