"""Promotion of a potloodplan, restore from history, tagging by gebied or wijk."""

from __future__ import annotations

import pytest

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.edits import TagError, locations_in, promote, restore
from almelo_atlas_plugin.core.figures.history import history_of
from almelo_atlas_plugin.core.figures.result import FIGURES, figure_base
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.model.schema import PROGRAMME_FIELDS


def test_promotion_moves_exactly_its_figures(sample_store):
    s = sample_store
    fid = int(s.read_frame("SELECT fid FROM potloodplannen WHERE naam = 'Transformatie Achter de Molen'").fid[0])
    before = rollup(s).to_json()
    loc = next(x for x in before["locaties"] if x["laag"] == "potloodplannen" and x["fid"] == fid)
    new = promote(s, fid, planstatus="zacht", oplever_jaar=2029, start_jaar=2027)
    after = rollup(s).to_json()
    wk = loc["wijk_code"]
    for f in PROGRAMME_FIELDS:
        b = figure_base(f)
        for scope_before, scope_after in ((before["stad"], after["stad"]),
                                          (next(w for w in before["wijken"] if w["wijk_code"] == wk),
                                           next(w for w in after["wijken"] if w["wijk_code"] == wk))):
            assert scope_after[f"{b}_potentieel"] == pytest.approx(scope_before[f"{b}_potentieel"] - loc[f])
            assert scope_after[f"{b}_zacht"] == pytest.approx(scope_before[f"{b}_zacht"] + loc[f])
            assert scope_after[f"{b}_hard"] == pytest.approx(scope_before[f"{b}_hard"])
    other = [w for w in before["wijken"] if w["wijk_code"] != wk]
    for w in other:
        assert next(x for x in after["wijken"] if x["wijk_code"] == w["wijk_code"]) == w
    proj = next(x for x in after["locaties"] if x["laag"] == "projecten" and x["fid"] == new)
    assert proj["opgaven"] == loc["opgaven"] and proj["categorie"] == "zacht"
    assert s.read_frame("SELECT potloodplan_fid FROM projecten WHERE fid = ?", (new,)).potloodplan_fid[0] == fid
    assert not any(x["laag"] == "potloodplannen" and x["fid"] == fid for x in after["locaties"])
    # the potloodplan's history stays reachable through the link
    assert history_of(s, "potloodplannen", fid)[-1]["actie"] == "delete"
    # then hard: the dwellings move from zacht to hard
    with s.transaction() as con:
        con.execute("UPDATE projecten SET planstatus = 'hard', bijgewerkt_door = 't' WHERE fid = ?", (new,))
    hard = rollup(s).to_json()
    assert hard["stad"]["won_hard"] == after["stad"]["won_hard"] + loc["won_totaal"]
    assert hard["stad"]["won_zacht"] == after["stad"]["won_zacht"] - loc["won_totaal"]
    assert set(FIGURES) <= set(hard["stad"])


def test_promote_command(sample_store, capsys):
    fid = int(sample_store.read_frame("SELECT fid FROM potloodplannen ORDER BY fid LIMIT 1").fid[0])
    assert main(["promote", str(sample_store.path), str(fid), "--planstatus", "hard", "--oplever-jaar", "2028"]) == 0
    assert "is nu project" in capsys.readouterr().out
    assert main(["promote", str(sample_store.path), str(fid)]) == 2  # gone now


def test_restore_an_earlier_version(sample_store):
    s = sample_store
    fid = int(s.read_frame("SELECT fid FROM projecten WHERE naam = 'Woningbouw Kollenveld'").fid[0])
    with s.transaction() as con:
        con.execute("UPDATE projecten SET won_koop = 5, won_totaal = 20, naam = 'Kollenveld (verkleind)', bijgewerkt_door = 'a' WHERE fid = ?", (fid,))
        con.execute("DELETE FROM projecten WHERE fid = ?", (fid,))
    h = history_of(s, "projecten", fid)
    first = h[0]
    assert first["actie"] == "insert"
    restore(s, "projecten", fid, first["wijziging_id"], user="herstel")
    row = s.read_frame("SELECT naam, won_koop, won_totaal FROM projecten WHERE fid = ?", (fid,)).iloc[0]
    assert (row.naam, row.won_koop, row.won_totaal) == ("Woningbouw Kollenveld", 75, 90)
    h2 = history_of(s, "projecten", fid)
    assert h2[-1]["actie"] == "insert" and h2[-1]["gebruiker"] == "herstel"  # the restore is a new change
    with pytest.raises(TagError):
        restore(s, "projecten", fid, 999999)


def test_locations_in_gebied_and_wijk(sample_store):
    s = sample_store
    in_spoorzone = locations_in(s, "potloodplannen", gebied="Spoorzone")
    names = set(s.read_frame(f"SELECT naam FROM potloodplannen WHERE fid IN ({','.join(map(str, in_spoorzone))})").naam)
    assert "Niemandsland Stationsstraat (tussen kanaal en spoor)" in names
    wk = locations_in(s, "projecten", wijk="WK014119")
    assert set(s.read_frame(f"SELECT wijk_code FROM projecten WHERE fid IN ({','.join(map(str, wk))})").wijk_code) == {"WK014119"}
    with pytest.raises(TagError, match="Gebied 'Nergens'"):
        locations_in(s, "projecten", gebied="Nergens")
