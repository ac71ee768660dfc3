"""Promotion of a potloodplan, restore from history, tagging by gebied or wijk."""

from __future__ import annotations

import pytest

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.edits import TagError, locations_in, promote, restore
from almelo_atlas_plugin.core.figures.history import history_of
from almelo_atlas_plugin.core.figures.result import FIGURES, figure_base
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.model.schema import PROGRAMME_FIELDS
from almelo_atlas_plugin.core.store.base import StoreError


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
        con.execute("UPDATE projecten SET status_planologisch = '2A', planstatus = 'hard', bijgewerkt_door = 't' WHERE fid = ?",
                    (new,))  # the plan is vastgesteld (the sample's potloodplan was a visie, 4A: zacht)
    hard = rollup(s).to_json()
    assert hard["stad"]["won_hard"] == after["stad"]["won_hard"] + loc["won_totaal"]
    assert hard["stad"]["won_zacht"] == after["stad"]["won_zacht"] - loc["won_totaal"]
    assert set(FIGURES) <= set(hard["stad"])


def test_promote_command(sample_store, capsys):
    fid = int(sample_store.read_frame("SELECT fid FROM potloodplannen ORDER BY fid LIMIT 1").fid[0])
    assert main(["promote", str(sample_store.path), str(fid), "--planstatus", "zacht", "--oplever-jaar", "2028"]) == 0
    assert "is nu project" in capsys.readouterr().out
    assert main(["promote", str(sample_store.path), str(fid)]) == 2  # gone now


def test_restore_an_earlier_version(sample_store):
    s = sample_store
    fid = int(s.read_frame("SELECT fid FROM projecten WHERE naam = 'Woningbouw Kollenveld'").fid[0])
    # the version before the session: its last own row (its insert has zero sums; each block that followed updated them)
    kept = [x for x in history_of(s, "projecten", fid) if x["laag"] == "projecten"][-1]
    with s.transaction() as con:
        con.execute("UPDATE woningblokken SET aantal = 5, bijgewerkt_door = 'a' WHERE laag = 'projecten' AND locatie_fid = ?"
                    " AND segment = 'koop'", (fid,))
        con.execute("UPDATE projecten SET naam = 'Kollenveld (verkleind)', bijgewerkt_door = 'a' WHERE fid = ?", (fid,))
        con.execute("DELETE FROM projecten WHERE fid = ?", (fid,))
    h = history_of(s, "projecten", fid)
    assert h[0]["actie"] == "insert"
    restore(s, "projecten", fid, kept["wijziging_id"], user="herstel")
    row = s.read_frame("SELECT naam, won_koop, won_totaal FROM projecten WHERE fid = ?", (fid,)).iloc[0]
    assert (row.naam, row.won_koop, row.won_totaal) == ("Woningbouw Kollenveld", 75, 90)
    h2 = history_of(s, "projecten", fid)
    assert h2[-1]["gebruiker"] == "herstel"  # the restore is a new change
    assert [x["actie"] for x in h2 if x["laag"] == "projecten"][-1] in ("insert", "update")
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


# --- edits that carry blocks (schema 5), on both backends -------------------------------------------------------------

def _blocks(s, laag, fid):
    p = s.param
    f = s.read_frame(f"SELECT soort, aantal, segment, woningtype, jaar FROM woningblokken WHERE laag = {p} AND locatie_fid = {p}"
                     " ORDER BY soort, segment, aantal", (laag, int(fid)))
    return [tuple(None if v != v else v for v in r) for r in f.itertuples(index=False)]  # NaN (no year) as None


def _plan(s, naam="Blokkenplan") -> int:
    """A potloodplan (leegstaand vastgoed, status 3) with a koop block of 2031, an eengezins block and a sloop block."""
    from shapely.geometry import MultiPolygon, box

    with s.transaction() as con:
        fid = s.insert_rows(con, "potloodplannen", [dict(naam=naam, soort="leegstaand_vastgoed", status_planologisch="3",
                                                         vertrouwelijkheid="regio", geom=MultiPolygon([box(243000, 484000, 243050, 484050)]),
                                                         bijgewerkt_door="t")])[0]
        s.insert_rows(con, "woningblokken", [dict(laag="potloodplannen", locatie_fid=fid, soort="bouw", aantal=12, segment="koop",
                                                  jaar=2031, bijgewerkt_door="t")])
        s.insert_rows(con, "woningblokken", [dict(laag="potloodplannen", locatie_fid=fid, soort="bouw", aantal=8,
                                                  segment="sociale_huur", woningtype="eengezins", bijgewerkt_door="t")])
        s.insert_rows(con, "woningblokken", [dict(laag="potloodplannen", locatie_fid=fid, soort="sloop", aantal=6, bijgewerkt_door="t")])
    return int(fid)


def test_promotion_takes_the_blocks_along(store):
    s = store
    fid = _plan(s)
    since = int(s.read_frame("SELECT max(wijziging_id) AS m FROM wijzigingen").m[0])
    new = promote(s, fid, planstatus="zacht", oplever_jaar=2029, user="tom")
    assert _blocks(s, "projecten", new) == [("bouw", 12, "koop", "onbekend", 2031), ("bouw", 8, "sociale_huur", "eengezins", 2029),
                                             ("sloop", 6, "onbekend", "onbekend", 2029)]
    assert _blocks(s, "potloodplannen", fid) == []
    row = s.read_frame(f"SELECT won_koop, won_sociale_huur, won_totaal, won_sloop, won_netto, status_planologisch, vertrouwelijkheid"
                       f" FROM projecten WHERE fid = {s.param}", (new,)).iloc[0]
    assert tuple(row) == (12, 8, 20, 6, 14, "3", "regio")  # the plan fields go along
    who = s.read_frame(f"SELECT DISTINCT {s.json_text('oud', 'bijgewerkt_door')} AS wie FROM wijzigingen"
                       f" WHERE laag = 'woningblokken' AND actie = 'delete' AND wijziging_id > {since}").wie
    assert who.tolist() == ["tom"]  # the potloodplan's blocks leave under the name of who promoted


def test_a_refused_promotion_changes_nothing(store):
    from tests.helpers import content_hash

    s = store
    fid = _plan(s, "Status 3")
    before = content_hash(s)
    with pytest.raises(StoreError, match=r"^Potloodplan Status 3 \(feature \d+\) is niet omgezet in een project: Laag projecten, "
                                          r"veld planstatus: volgt uit de planologische status; 3–4B is zacht; er is niets gewijzigd\.$"):
        promote(s, fid, planstatus="hard")
    assert content_hash(s) == before


def _last_change(s, fid) -> int:
    p = s.param
    return int(s.read_frame(f"SELECT max(wijziging_id) AS w FROM wijzigingen WHERE laag = 'potloodplannen' AND fid = {p}", (fid,)).w[0])


def _edited_plan(s, naam: str, change: str):
    """A plan (`_plan`) edited once (`change`: SET …); (its fid, the history row of the edit)."""
    fid = _plan(s, naam)
    with s.transaction() as con:
        con.execute(f"UPDATE potloodplannen SET {change}, bijgewerkt_door = 't' WHERE fid = {s.param}", (fid,))
    return fid, _last_change(s, fid)


def test_restore_brings_back_the_blocks_of_then(store):
    s = store
    fid, version = _edited_plan(s, "Herstelplan", "naam = 'Herstelplan 2'")
    p = s.param
    then = _blocks(s, "potloodplannen", fid)
    with s.transaction() as con:  # later: a block grows, one goes, one comes
        con.execute(f"UPDATE woningblokken SET aantal = 40 WHERE laag = 'potloodplannen' AND locatie_fid = {p} AND segment = 'koop'", (fid,))
        con.execute(f"DELETE FROM woningblokken WHERE laag = 'potloodplannen' AND locatie_fid = {p} AND soort = 'sloop'", (fid,))
        s.insert_rows(con, "woningblokken", [dict(laag="potloodplannen", locatie_fid=fid, aantal=3, bijgewerkt_door="t")])
    restore(s, "potloodplannen", fid, version, user="herstel")
    assert _blocks(s, "potloodplannen", fid) == then
    sums = s.read_frame(f"SELECT naam, won_koop, won_onbekend, won_sloop, won_netto FROM potloodplannen WHERE fid = {p}", (fid,)).iloc[0]
    assert tuple(sums) == ("Herstelplan 2", 12, 0, 6, 14)
    # deleted: it comes back with the blocks it had
    with s.transaction() as con:
        con.execute(f"DELETE FROM potloodplannen WHERE fid = {p}", (fid,))
    restore(s, "potloodplannen", fid, _last_change(s, fid), user="herstel")
    assert _blocks(s, "potloodplannen", fid) == then
    from almelo_atlas_plugin.core.store.validation import validate

    assert [x.text() for x in validate(s, geometry=False) if x.laag in ("potloodplannen", "woningblokken")] == []


def test_a_refused_restore_changes_nothing(store):
    from tests.helpers import content_hash

    s = store
    fid, version = _edited_plan(s, "Weigerplan", "prioriteit = 'hoog'")
    p = s.param
    # a version of then the rules of now refuse (written by hand: braakliggend terrein, with its sloop block)
    import json

    nieuw = json.loads(s.read_frame(f"SELECT nieuw FROM wijzigingen WHERE wijziging_id = {p}", (version,)).nieuw[0])
    with s.transaction() as con:
        con.execute(f"UPDATE wijzigingen SET nieuw = {p} WHERE wijziging_id = {p}",
                    (json.dumps({**nieuw, "soort": "braakliggend_terrein"}), version))
    before = content_hash(s)
    with pytest.raises(StoreError, match=r"^Potloodplan Weigerplan \(feature \d+\) is niet hersteld \(wijziging \d+\): Laag woningblokken, "
                                          r"blok \d+, veld soort: sloop kan niet op braakliggend terrein \(geen bebouwing\); er is niets gewijzigd\.$"):
        restore(s, "potloodplannen", fid, version)
    assert content_hash(s) == before
