"""`controle` (DESIGN.md §8) on both backends: each finding from its own rule, on the sample with rows written into it.

(a) dwellings claimed gerealiseerd against the BAG dwellings inside the location since its start; (b) new BAG dwellings in
no location, per wijk with their vbo ids; (c) a hard planologische status with no bestemmingsplan under it, and the
check skipped (said so) when the atlas has no bestemmingsplannen."""

from __future__ import annotations

import json

from shapely.geometry import MultiPolygon, Point, box

from almelo_atlas_plugin import cli
from almelo_atlas_plugin.core import atlas
from almelo_atlas_plugin.core.figures.controle import (
    GEEN_BAG,
    OVERGESLAGEN_BAG,
    OVERGESLAGEN_BESTEMMINGSPLANNEN,
    TE_WEINIG_BAG,
    ZONDER_BESTEMMINGSPLAN,
)
from almelo_atlas_plugin.core.output import controle as words
from tests.helpers import blok, project

SIZE = 40.0


def _spot(store, k: int = 0):
    """A clear spot of SIZE m in the first wijk (k-th of a row), away from the sample's locations; its wijk code."""
    codes, polys = store.read_geometries("wijken", key="wijk_code")
    _, locs = store.read_geometries("projecten")
    _, pots = store.read_geometries("potloodplannen")
    taken = [g for g in locs + pots if g is not None]
    p = polys[0].representative_point()
    found = 0
    for dx in range(0, 3000, 60):
        x0, y0 = p.x + dx - 1500, p.y
        b = box(x0, y0, x0 + SIZE, y0 + SIZE)
        if polys[0].contains(b) and not any(g.intersects(b.buffer(5)) for g in taken):
            if found == k:
                return b, codes[0]
            found += 1
    raise AssertionError("geen vrije plek in de eerste wijk")


def _clear(store, con, area) -> None:
    """No sample dwelling inside the test's area: the test counts its own."""
    fids, geoms = store.read_geometries("woningvoorraad", con=con)
    gone = [f for f, g in zip(fids, geoms) if g is not None and area.buffer(1).intersects(g)]
    for f in gone:
        con.execute(f"DELETE FROM woningvoorraad WHERE fid = {store.param}", (f,))


def _woningen(store, con, area, bouwjaar: int, n: int, wijk: str, prefix: str = "0141010000") -> None:
    """n BAG dwellings on a line through the middle of `area`, with vbo ids."""
    minx, miny, maxx, maxy = area.bounds
    rows = [{"geom": Point(minx + (k + 1) * (maxx - minx) / (n + 1), (miny + maxy) / 2), "bouwjaar": bouwjaar,
             "vbo_id": f"{prefix}{bouwjaar}{k:03d}", "wijk_code": wijk} for k in range(n)]
    if rows:
        store.insert_rows(con, "woningvoorraad", rows)


def _findings(store, fid: int):
    return atlas.controle(store, 2021).van("projecten", fid)


def _opgeleverd(store, con, area, start=2022, jaar=2023, aantal=40, flag=True) -> int:
    fid = project(con, "Opgeleverd aan de Test", MultiPolygon([area]), "opgeleverd", "hard", (0, 0, 0, 0), jaar, start=start,
                  store=store, status_planologisch="1A")
    blok(con, "projecten", fid, aantal, jaar=jaar, gerealiseerd=flag, store=store)
    return fid


def test_claimed_gerealiseerd_is_held_against_the_bag_dwellings_inside_since_the_start(store):
    area, wijk = _spot(store)
    with store.transaction() as con:
        _clear(store, con, area)
        fid = _opgeleverd(store, con, area)
    [b] = _findings(store, fid)
    assert (b.soort, b.geclaimd, b.bag, b.vanaf) == (GEEN_BAG, 40, 0, 2022)
    with store.transaction() as con:
        _woningen(store, con, area, 2023, 12, wijk)
        _woningen(store, con, area.buffer(-5), 2015, 3, wijk, prefix="0141019999")  # before the start: not counted
    [b] = _findings(store, fid)
    assert (b.soort, b.geclaimd, b.bag) == (TE_WEINIG_BAG, 40, 12)
    assert words.bevinding_tekst(b, vertaald=False) == "claimt 40 gerealiseerd, 12 BAG-woningen gebouwd sinds 2022"
    with store.transaction() as con:  # enough now
        _woningen(store, con, area.buffer(-10), 2024, 28, wijk, prefix="0141018888")
    assert _findings(store, fid) == []


def test_without_a_start_year_the_dwellings_count_from_the_year_before_the_blocks_year(store):
    area, wijk = _spot(store)
    with store.transaction() as con:
        _clear(store, con, area)
        fid = _opgeleverd(store, con, area, start=None, jaar=2024, aantal=5, flag=False)  # opgeleverd: its block counts
        _woningen(store, con, area, 2022, 5, wijk)  # too early for a block of 2024
    [b] = _findings(store, fid)
    assert (b.soort, b.geclaimd, b.bag, b.vanaf) == (GEEN_BAG, 5, 0, 2023)
    with store.transaction() as con:
        _woningen(store, con, area.buffer(-5), 2023, 5, wijk, prefix="0141017777")
    assert _findings(store, fid) == []


def test_a_plan_not_yet_gerealiseerd_claims_nothing(store):
    area, _ = _spot(store)
    with store.transaction() as con:
        fid = project(con, "Nog in uitvoering", MultiPolygon([area]), "uitvoering", "hard", (0, 0, 0, 0), 2027, start=2025,
                      store=store, status_planologisch="1A")
        blok(con, "projecten", fid, 30, jaar=2027, store=store)
    assert _findings(store, fid) == []


def test_new_bag_dwellings_in_no_plan_are_counted_per_wijk_with_their_vbo_ids(store):
    area, wijk = _spot(store)
    outside, _ = _spot(store, 1)
    before = {o.wijk_code: o for o in atlas.controle(store, 2024).ongeclaimd}
    with store.transaction() as con:
        _clear(store, con, area)
        _clear(store, con, outside)
        _opgeleverd(store, con, area)
        _woningen(store, con, area, 2024, 2, wijk)  # inside a plan: claimed
        _woningen(store, con, outside, 2024, 5, wijk, prefix="0141016666")
        _woningen(store, con, outside.buffer(-5), 2019, 4, wijk, prefix="0141015555")  # before sinds
    after = {o.wijk_code: o for o in atlas.controle(store, 2024).ongeclaimd}
    mine = set(after[wijk].vbo_ids) - set(before[wijk].vbo_ids if wijk in before else ())
    assert mine == {f"01410166662024{k:03d}" for k in range(5)}
    assert after[wijk].aantal - (before[wijk].aantal if wijk in before else 0) == 5
    assert all(after[w].aantal == o.aantal for w, o in before.items() if w != wijk)
    report = words.text(atlas.controle(store, 2024))
    assert "Verblijfsobjecten (vbo-id)" in report and after[wijk].vbo_ids[0] in report  # the table lists the ids
    line = words.ongeclaimd_tekst(after[wijk], 2024, vertaald=False)
    assert line.startswith(f"{after[wijk].aantal} BAG-woningen gebouwd sinds 2024 liggen in geen plan")
    assert wijk not in {o.wijk_code for o in atlas.controle(store, 2025).ongeclaimd} or \
        not set(atlas.controle(store, 2025).ongeclaimd[0].vbo_ids) & mine


def test_the_unclaimed_dwellings_match_an_independent_count(store):
    """Every BAG dwelling since 2021 is in a location (shapely, by another route: a union of all locations) or counted."""
    from shapely.ops import unary_union

    c = atlas.controle(store, 2021)
    _, locs = store.read_geometries("projecten")
    _, pots = store.read_geometries("potloodplannen")
    plans = unary_union([g for g in locs + pots if g is not None])
    _, pts = store.read_geometries("woningvoorraad", where="bouwjaar >= 2021")
    expected = sum(1 for g in pts if g is not None and not plans.intersects(g))
    assert c.ongeclaimd_totaal == expected > 0


def test_a_hard_status_without_a_bestemmingsplan_under_it_is_found(store):
    covered, _ = _spot(store)
    bare, _ = _spot(store, 1)
    with store.transaction() as con:
        con.execute("DELETE FROM bestemmingsplannen")
        store.insert_rows(con, "bestemmingsplannen", [{"naam": "BP Test", "plan_id": "NL.IMRO.0141.TEST-VA01",
                                                       "geom": MultiPolygon([covered.buffer(20)])}])
        ok = project(con, "Hard met plan", MultiPolygon([covered]), "voorbereiding", "hard", store=store, status_planologisch="2B")
        hard = project(con, "Hard zonder plan", MultiPolygon([bare]), "voorbereiding", "hard", store=store,
                       status_planologisch="1B")
        zacht = project(con, "Zacht zonder plan", MultiPolygon([bare.buffer(-10)]), "initiatief", "zacht", store=store,
                        status_planologisch="3")
    c = atlas.controle(store, 2021)
    assert c.van("projecten", ok) == [] and c.van("projecten", zacht) == []
    [b] = c.van("projecten", hard)
    assert (b.soort, b.status_planologisch) == (ZONDER_BESTEMMINGSPLAN, "1B")
    assert words.bevinding_tekst(b, vertaald=False) == "status 1B (hard), maar geen bestemmingsplan onder de locatie"
    assert OVERGESLAGEN_BESTEMMINGSPLANNEN not in c.overgeslagen


def test_without_bestemmingsplannen_the_check_is_skipped_and_says_so(store):
    with store.transaction() as con:
        con.execute("DELETE FROM bestemmingsplannen")
    c = atlas.controle(store, 2021)
    assert c.overgeslagen == (OVERGESLAGEN_BESTEMMINGSPLANNEN,)
    assert not [b for b in c.bevindingen if b.soort == ZONDER_BESTEMMINGSPLAN]
    assert "Let op: geen bestemmingsplannen in de atlas; controle overgeslagen." in words.text(c)


def test_without_bag_dwellings_no_plan_is_flagged_for_them(store):
    with store.transaction() as con:
        con.execute("DELETE FROM woningvoorraad")
    c = atlas.controle(store, 2021)
    assert OVERGESLAGEN_BAG in c.overgeslagen
    assert not [b for b in c.bevindingen if b.soort in (GEEN_BAG, TE_WEINIG_BAG)] and not c.ongeclaimd


def test_one_location_is_checked_alone(store):
    area, _ = _spot(store)
    with store.transaction() as con:
        _clear(store, con, area)
        fid = _opgeleverd(store, con, area)
    c = atlas.controle(store, 2021, locaties=[("projecten", fid)])
    assert [(b.laag, b.fid, b.soort) for b in c.bevindingen] == [("projecten", fid, GEEN_BAG)]
    assert c.locaties == 1 and c.ongeclaimd == []


def test_the_default_threshold_is_the_start_of_the_history(store):
    assert atlas.controle_sinds(store) == int(atlas.history_start(store)[:4])
    assert atlas.controle(store).sinds == atlas.controle_sinds(store)


# --- the command line -----------------------------------------------------------------------------------------------
def test_cli_controle_prints_a_dutch_report_and_exits_0_with_findings(sample_store, capsys):
    assert cli.main(["controle", str(sample_store.path)]) == 0
    out = capsys.readouterr().out
    c = atlas.controle(sample_store)
    assert c.bevindingen and c.ongeclaimd  # the sample has something to say
    assert out.startswith(f"Controle van de plannen tegen de BAG en de bestemmingsplannen (nieuwbouw sinds {c.sinds})")
    for b in c.bevindingen:
        assert words.bevinding_tekst(b, vertaald=False) in out
    assert out.rstrip().endswith(words.samenvatting(c, vertaald=False) + ".")
    assert f"{len(c.bevindingen)} bevindingen" in out


def test_cli_controle_writes_csv_and_json_files(sample_store, tmp_path, capsys):
    j, c = tmp_path / "c.json", tmp_path / "c.csv"
    assert cli.main(["controle", str(sample_store.path), "--sinds", "2022", "--format", "json", "-o", str(j)]) == 0
    assert cli.main(["controle", str(sample_store.path), "--sinds", "2022", "--format", "csv", "-o", str(c)]) == 0
    data = json.loads(j.read_text(encoding="utf-8"))
    result = atlas.controle(sample_store, 2022)
    assert data["sinds"] == 2022 and len(data["bevindingen"]) == len(result.bevindingen)
    assert sum(o["aantal"] for o in data["ongeclaimd"]) == result.ongeclaimd_totaal
    lines = c.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("bevinding,laag,fid,naam") and len(lines) == 1 + len(result.bevindingen) + len(result.ongeclaimd)
    assert "bevindingen" in capsys.readouterr().err  # the count also when the report went to a file


def test_cli_controle_refuses_a_bad_year_or_a_file_of_another_format(sample_store, tmp_path, capsys):
    assert cli.main(["controle", str(sample_store.path), "--sinds", "twintig"]) == 2
    assert cli.main(["controle", str(sample_store.path), "--format", "csv", "-o", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err
    assert "geen geheel getal" in err and "schrijft geen .json-bestand" in err
    assert not (tmp_path / "x.json").exists()


def test_points_are_read_from_any_wkb():
    """The fast path (21-byte little-endian points) and the rest (big-endian, 3D, NULL, empty) give the same x, y."""
    import shapely.wkb

    from almelo_atlas_plugin.core.model import geo

    fast = geo.points_xy([geo.to_wkb(Point(240000.5, 485000.25)), geo.to_wkb(Point(1, 2))])
    assert [list(a) for a in fast] == [[240000.5, 1.0], [485000.25, 2.0]]
    big = shapely.wkb.dumps(Point(240000.5, 485000.25), big_endian=True)
    x, y = geo.points_xy([big, geo.to_wkb(Point(3, 4, 5)), None])
    assert list(x[:2]) == [240000.5, 3.0] and list(y[:2]) == [485000.25, 4.0] and x[2] != x[2]
