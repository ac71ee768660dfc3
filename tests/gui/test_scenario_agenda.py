"""The agenda's appendix pages of scenarios (#20): one page per scenario after the wijken, in Dutch, the stale change named."""

from __future__ import annotations

import pytest

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core import atlas
from almelo_atlas_plugin.core.store.open import open_store
from tests.gui.test_agenda import non_white, page_image, page_text

pytestmark = pytest.mark.gui


def test_an_appendix_page_per_scenario(sample_store, tmp_path, capsys):
    uri = str(sample_store.path)
    store = open_store(uri)
    atlas.save_scenario(store, "Verouderd", ["locatie projecten:5 jaren=2"], omschrijving="project 5 later")
    with store.transaction() as con:
        con.execute("DELETE FROM projecten WHERE fid = 5")
    pdf = tmp_path / "a.pdf"
    assert main(["agenda", uri, "-o", str(pdf), "--wijk", "WK014110", "--scenarios"]) == 0
    assert "5 pagina's" in capsys.readouterr().out  # stad, one wijk, the sample's two scenarios and this one
    texts = [page_text(pdf, p) for p in (3, 4, 5)]
    assert [t.split("\n", 1)[0].strip().split("  ")[0] for t in texts] == [
        "Bijlage — scenario ‘Netcongestie: twee jaar later’ naast de doelen", "Bijlage — scenario ‘Verouderd’ naast de doelen",
        "Bijlage — scenario ‘Zonder ideeën (4B)’ naast de doelen"]
    assert "pagina 4 van 5" in texts[1] and "NIET TOEGEPAST" in texts[1] and "Doelen: huidige plannen" in texts[1]
    assert "Plannen vervallen: planologische status 4B" in texts[2] and "9 locatie(s)" in texts[2]
    for t in texts:
        assert "Per jaar: netto aanbod" in t and "Woningen stad (netto)" in t and "won_" not in t
    img = page_image(pdf, 5, tmp_path)
    assert non_white(img, 0.6, 0.1, 0.98, 0.45) > 0.03  # the chart is drawn
    assert main(["agenda", uri, "-o", str(tmp_path / "b.pdf"), "--scenario", "Zonder ideeën (4B)", "--peildatum", "2021-01-01"]) == 2
    assert main(["agenda", uri, "-o", str(tmp_path / "b.pdf"), "--scenario", "Bestaat niet"]) == 2
    assert "Scenario 'Bestaat niet' bestaat niet" in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()
