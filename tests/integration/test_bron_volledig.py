"""A full set of real sources through the command line, on both backends (#16): cbs, bag, ep-online, leefbaarometer
and planlijst after one another on the sample, each run in `bronnen`, the figures and the controle computed on what
came in, and a second run of the same BAG file changing nothing. The files are written in the publishers' layouts by
the test (tests/fixtures/make_bag.py, tests/bronbestanden.py); the expected counts are counted from what was written."""

from __future__ import annotations

import json

import numpy as np
import pytest
from openpyxl import Workbook
from shapely.geometry import Point, box

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core import atlas
from almelo_atlas_plugin.core.sources import geografie
from tests.bronbestanden import ep_csv, gpkg_vlakken, lbm_csv
from tests.fixtures.make_bag import write_bag

N_BAG = 600


def _gemeente(store):
    from almelo_atlas_plugin.core.model import geo

    with store.reading() as con:
        wkb = con.execute(f"SELECT {store.geometry_sql()} FROM gemeente").fetchone()[0]
    return geo.from_wkb(bytes(wkb))


def _bag_rows(gemeente, rng):
    minx, miny, maxx, maxy = gemeente.bounds
    rows, n = [], 0
    while n < N_BAG:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if not gemeente.contains(Point(x, y)):
            continue
        n += 1
        rows.append(dict(identificatie=f"014101{n:010d}", status="Verblijfsobject in gebruik", gebruiksdoel="woonfunctie",
                         bouwjaar=int(rng.integers(1900, 2026)), oppervlakte=int(rng.integers(30, 200)), postcode="7607AB",
                         huisnummer=n, pand_identificatie=f"014110{n:010d}", bronhouder_identificatie="0141", x=x, y=y))
    # not dwellings: a shop and one still being built
    rows.append(dict(rows[0], identificatie="0141019999999991", gebruiksdoel="winkelfunctie", huisnummer=9001))
    rows.append(dict(rows[1], identificatie="0141019999999992", status="Verblijfsobject gevormd", huisnummer=9002))
    return rows


@pytest.fixture(params=["gpkg", "postgis"])
def address(request, sample_store):
    return str(sample_store.path) if request.param == "gpkg" else request.getfixturevalue("pg_sample")


def _run(capsys, *args):
    code = main([*map(str, args)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_full_set_of_sources_through_the_command_line(address, tmp_path, capsys):
    store = atlas.open_store(address)
    rng = np.random.default_rng(141)
    gemeente = _gemeente(store)

    code, out = _run(capsys, "bron", address, "cbs", geografie.pad())
    assert code == 0, out
    assert "12" in out and "CBS" in out

    bag = write_bag(tmp_path / "bag-light.gpkg", _bag_rows(gemeente, rng))
    code, out = _run(capsys, "bron", address, "bag", bag)
    assert code == 0, out
    with store.reading() as con:
        assert con.execute("SELECT count(*) FROM woningvoorraad").fetchone()[0] == N_BAG
        assert con.execute("SELECT count(*) FROM woningvoorraad WHERE vbo_id IS NULL OR wijk_code IS NULL").fetchone()[0] == 0

    labels = [dict(vbo=f"14101{n:010d}", energieklasse="ABCDEFG"[n % 7], gebouwklasse="W", opnamedatum="20240115",
                   registratiedatum="20240120", postcode="7607AB", huisnummer=n) for n in range(1, 401)]
    labels.append(dict(labels[0], energieklasse="G", opnamedatum="20150101", registratiedatum="20150102"))  # older
    ep = ep_csv(tmp_path / "v20261101_v2_csv.csv", labels, preamble={"PublicatieDatum": "01-11-2026"}, bom=True)
    code, out = _run(capsys, "bron", address, "ep-online", ep)
    assert code == 0, out
    with store.reading() as con:
        assert con.execute("SELECT count(*) FROM energielabels").fetchone()[0] == 400
        assert con.execute("SELECT label FROM energielabels WHERE vbo_id = '0141010000000001'").fetchone()[0] == "B"

    cx, cy = gemeente.centroid.x // 100 * 100, gemeente.centroid.y // 100 * 100
    cells = [dict(grid_id=f"{int(cx + 100 * i)}_{int(cy + 100 * j)}", geom=box(cx + 100 * i, cy + 100 * j, cx + 100 * (i + 1),
                                                                            cy + 100 * (j + 1)))
             for i in range(-5, 5) for j in range(-5, 5)]
    geometrie = gpkg_vlakken(tmp_path / "grid 2024.gpkg", "grid", cells, {"grid_id": "str"})
    scores = lbm_csv(tmp_path / "Leefbaarometer-scores grids 2002-2024.csv",
                     [dict(grid_id=c["grid_id"], jaar=2024, lbm=4.1, afw=0.05, fys=0.01, onv=-0.02, soc=0.0, vrz=0.03, won=0.01)
                      for c in cells])
    code, out = _run(capsys, "bron", address, "leefbaarometer", scores, "--geometrie", geometrie)
    assert code == 0, out
    with store.reading() as con:
        assert con.execute("SELECT count(*) FROM leefbaarheid").fetchone()[0] == len(cells)
        assert con.execute("SELECT count(*) FROM leefbaarheid WHERE score IS NULL AND afw IS NOT NULL").fetchone()[0] == len(cells)

    wb = Workbook()
    ws = wb.active
    ws.append(["Planid", "Projectnaam", "Planologische status", "Jaar", "Koop", "Sociale huur", "X", "Y"])
    ws.append(["P-101", "Nieuw plan Volledig", "2A", 2028, 20, 10, cx + 50, cy + 50])
    plan = tmp_path / "planlijst.xlsx"
    wb.save(plan)
    code, out = _run(capsys, "bron", address, "planlijst", plan)
    assert code == 0, out
    with store.reading() as con:
        assert con.execute("SELECT won_totaal FROM projecten WHERE bron_id = 'P-101'").fetchone()[0] == 30

    runs = atlas.bron_runs(atlas.open_store(address))
    assert [r["soort"] for r in runs][-5:] == ["cbs", "bag", "ep-online", "leefbaarometer", "planlijst"], runs
    code, out = _run(capsys, "bronnen", address)
    assert code == 0 and "BAG" in out, out

    # the figures and the controle on what came in
    code, out = _run(capsys, "rollup", address, "--format", "json")
    assert code == 0, out
    profiel = json.loads(out[out.index("{"):])["stad"]["profiel"]
    assert (profiel["woningen"], profiel["energielabels"]) == (N_BAG, 400)
    code, out = _run(capsys, "controle", address)
    assert code == 0, out

    # the same BAG file again: nothing changes, and it says so
    code, out = _run(capsys, "bron", address, "bag", bag)
    assert code == 0 and "niets gewijzigd" in out, out
    with store.reading() as con:
        assert con.execute("SELECT count(*) FROM woningvoorraad").fetchone()[0] == N_BAG
