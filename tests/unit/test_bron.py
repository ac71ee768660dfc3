"""`bron`: the framework that applies a reader's BronInhoud to a store (core/sources/bron.py), on both backends.

The readers are other lanes' work; here a tiny reader defined in the test (registered as soort `proef`; what it reads it calls bag or cbs) reads a
`vbo_id;x;y;bouwjaar` CSV into woningvoorraad, or `wijk_code;naam` into wijken."""

from __future__ import annotations

import csv
import sys
import types
from pathlib import Path

import pytest

from almelo_atlas_plugin.core.sources import bron as bron_mod
from almelo_atlas_plugin.core.sources import bronnen
from almelo_atlas_plugin.core.sources.bronnen import BronInhoud, Weigering
from tests.helpers import content_hash

MODULE = "almelo_atlas_plugin.core.sources.proef"


def _lees(pad: Path, opties, context) -> BronInhoud:
    from shapely.geometry import Point

    with open(pad, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    if rows and "wijk_code" in rows[0]:
        return BronInhoud("cbs", "wijken", "wijk_code", [dict(r) for r in rows], peildatum="2026-11-01")
    out, refused = [], []
    for n, r in enumerate(rows, 2):
        if not r["x"]:
            refused.append(Weigering(f"rij {n}", "x", "is leeg"))
            continue
        out.append({"vbo_id": r["vbo_id"], "bouwjaar": int(r["bouwjaar"]), "geom": Point(float(r["x"]), float(r["y"]))})
    andere = {"kerncijfers": [{"niveau": "gemeente", "gebied_code": context.gemeente_code, "jaar": 2024,
                               "variabele": "AantalInwoners_5", "waarde": 73000.0, "bron": "proef"}]}
    return BronInhoud("bag", "woningvoorraad", "vbo_id", out, refused, peildatum="2026-11-01", andere=andere)


@pytest.fixture
def proef(monkeypatch):
    mod = types.ModuleType(MODULE)
    mod.lees = _lees
    monkeypatch.setitem(sys.modules, MODULE, mod)
    monkeypatch.setattr(bronnen, "SOORTEN", (*bronnen.SOORTEN, "proef", "nogniet"))
    monkeypatch.setitem(bronnen.OPTIES_VAN, "proef", ("gemeente",))
    return mod


def _write(path: Path, rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["vbo_id", "x", "y", "bouwjaar"])
        w.writerows(rows)
    return path


def _points(store, n: int):
    """n points spread over the store's wijken (inside the gemeente), with 16-digit ids."""
    with store.reading() as con:
        _, polys = store.read_geometries("wijken", con=con)
    out = []
    for i in range(n):
        c = polys[i % len(polys)].representative_point()
        out.append([f"0141010000{i:06d}", round(c.x + (i // len(polys)) * 0.01, 3), round(c.y, 3), 1950 + i % 70])
    return out


def _count(store, sql: str):
    with store.reading() as con:
        return con.execute(sql).fetchone()[0]


def test_first_import_replaces_the_synthetic_rows_assigns_wijk_and_buurt_and_records_the_run(store, proef, tmp_path):
    synthetic = _count(store, "SELECT count(*) FROM woningvoorraad")
    with store.transaction() as con:  # one buurt: the first wijk's area
        codes, polys = store.read_geometries("wijken", key="wijk_code", con=con)
        store.insert_rows(con, "buurten", [{"buurt_code": "BU01410000", "naam": "Proefbuurt", "wijk_code": codes[0],
                                            "geom": polys[0]}])
    f = _write(tmp_path / "vbo.csv", _points(store, 60) + [["0141010000999999", "", "", "2000"]])
    res = bron_mod.bron(store, "proef", f, {"gemeente": "GM0141", "peildatum": None})
    t = res.telling
    assert (t.rijen, t.geweigerd, t.nieuw, t.gewijzigd, t.vervallen) == (61, 1, 60, 0, synthetic)
    assert _count(store, "SELECT count(*) FROM woningvoorraad") == 60
    assert _count(store, "SELECT count(*) FROM woningvoorraad WHERE wijk_code IS NULL") == 0
    assert _count(store, f"SELECT count(*) FROM woningvoorraad WHERE buurt_code = 'BU01410000' AND wijk_code = '{codes[0]}'") == 5
    assert _count(store, "SELECT sum(woningen) FROM wijken") == 60  # the counts on the wijken follow
    assert _count(store, "SELECT count(*) FROM kerncijfers WHERE gebied_code = 'GM0141'") == 1
    assert res.samenvatting() == "BAG, stand 01-11-2026: 61 rijen, 1 geweigerd: 60 nieuw, 0 gewijzigd, 33.917 vervallen; " \
                                 "kerncijfers: 1 rijen vervangen." .replace("33.917", f"{synthetic:,}".replace(",", "."))
    assert res.weigeringen == ["Laag woningvoorraad, rij 62, veld x: is leeg"]
    assert any("kwamen niet uit een bron" in m for m in res.meldingen), res.meldingen
    with store.reading() as con:
        row = con.execute("SELECT soort, laag, bestand, peildatum, rijen, geweigerd, nieuw, gewijzigd, vervallen, opties, sha256"
                          " FROM bronnen WHERE soort <> 'cbs'").fetchall()  # the sample's own run: the CBS geography
    assert [tuple(r[:9]) for r in row] == [("bag", "woningvoorraad", "vbo.csv", "2026-11-01", 61, 1, 60, 0, synthetic)]
    assert row[0][9] == '{"gemeente": "GM0141"}' and row[0][10] == bronnen.sha256_of(f)


def test_reimport_of_the_same_file_changes_nothing_and_says_so_but_records_the_run(store, proef, tmp_path):
    f = _write(tmp_path / "vbo.csv", _points(store, 30))
    bron_mod.bron(store, "proef", f)
    before = _count(store, "SELECT max(fid) FROM woningvoorraad")
    res = bron_mod.bron(store, "proef", f)
    assert res.niets_gewijzigd and res.samenvatting().endswith(": 30 rijen, 0 geweigerd: niets gewijzigd.")
    assert _count(store, "SELECT max(fid) FROM woningvoorraad") == before
    assert _count(store, "SELECT count(*) FROM bronnen WHERE soort <> 'cbs'") == 2
    assert _count(store, "SELECT nieuw + gewijzigd + vervallen FROM bronnen ORDER BY fid DESC") == 0


def test_a_changed_file_is_matched_on_the_key_new_changed_gone(store, proef, tmp_path):
    pts = _points(store, 20)
    bron_mod.bron(store, "proef", _write(tmp_path / "a.csv", pts))
    fids = dict(store.read_frame("SELECT vbo_id, fid FROM woningvoorraad").values.tolist())
    pts[0][3] = 2024  # bouwjaar changed
    pts[1][1] += 5.0  # moved
    gone = pts.pop(2)
    pts.append(["0141010000888888", pts[3][1], pts[3][2], 2025])
    res = bron_mod.bron(store, "proef", _write(tmp_path / "b.csv", pts))
    t = res.telling
    assert (t.nieuw, t.gewijzigd, t.vervallen) == (1, 2, 1)
    now = dict(store.read_frame("SELECT vbo_id, fid FROM woningvoorraad").values.tolist())
    assert gone[0] not in now and now[pts[0][0]] == fids[pts[0][0]]  # updated in place, same fid
    assert _count(store, f"SELECT bouwjaar FROM woningvoorraad WHERE vbo_id = '{pts[0][0]}'") == 2024


def test_a_row_the_database_refuses_is_named_and_the_rest_goes_in(store, proef, tmp_path):
    pts = _points(store, 12)
    pts[4][3] = 3000  # bouwjaar above the bound of the guard
    res = bron_mod.bron(store, "proef", _write(tmp_path / "a.csv", pts))
    assert res.telling.nieuw == 11 and res.telling.geweigerd == 1
    assert len(res.weigeringen) == 1
    assert res.weigeringen[0].startswith(f"Laag woningvoorraad, vbo_id {pts[4][0]}, veld bouwjaar: ")
    assert _count(store, "SELECT count(*) FROM woningvoorraad") == 11


def test_wijken_keep_their_prioriteit_on_update(store, proef, tmp_path):
    with store.reading() as con:
        code, prio = con.execute("SELECT wijk_code, prioriteit FROM wijken WHERE prioriteit <> 'regulier'").fetchone()
        all_codes = [r[0] for r in con.execute("SELECT wijk_code, naam FROM wijken ORDER BY fid")]
    f = tmp_path / "w.csv"
    f.write_text("wijk_code;naam\n" + "".join(f"{c};Wijk {c[-2:]}\n" for c in all_codes), encoding="utf-8")
    res = bron_mod.bron(store, "proef", f)
    assert res.telling.gewijzigd == len(all_codes) and res.telling.vervallen == 0
    with store.reading() as con:
        assert con.execute(f"SELECT naam, prioriteit FROM wijken WHERE wijk_code = '{code}'").fetchone() == (f"Wijk {code[-2:]}", prio)


def test_a_failure_midway_leaves_the_store_as_it_was(store, proef, tmp_path, monkeypatch):
    f = _write(tmp_path / "a.csv", _points(store, 10))
    before = content_hash(store)

    def broken(*a, **k):
        raise bron_mod.BronFout("kapot")
    monkeypatch.setattr(bron_mod, "update_wijk_counts", broken)
    with pytest.raises(bron_mod.BronFout):
        bron_mod.bron(store, "proef", f)
    assert content_hash(store) == before


def test_a_reader_not_yet_there_an_unknown_soort_and_a_wrong_option_are_one_dutch_line(sample_store, proef, tmp_path):
    f = _write(tmp_path / "a.csv", [])
    with pytest.raises(bron_mod.BronFout, match=r"^bron nogniet: nog niet beschikbaar\.$"):
        bron_mod.bron(sample_store, "nogniet", f)
    with pytest.raises(bron_mod.BronFout, match=r"^bron xyz: onbekende soort; kies uit cbs, bag"):
        bron_mod.bron(sample_store, "xyz", f)
    with pytest.raises(bron_mod.BronFout, match=r"^bron proef: optie --corporatiebezit hoort niet bij deze bron; "
                                                r"deze bron kent --peildatum, --gemeente\.$"):
        bron_mod.bron(sample_store, "proef", f, {"corporatiebezit": "x.csv"})
    with pytest.raises(bron_mod.BronFout, match="bestaat niet"):
        bron_mod.bron(sample_store, "proef", tmp_path / "weg.csv")


def test_the_context_knows_the_gemeente_and_the_bag_points_of_the_store(sample_store, proef, tmp_path):
    bron_mod.bron(sample_store, "proef", _write(tmp_path / "a.csv", _points(sample_store, 3)))
    with sample_store.transaction() as con:
        con.execute("UPDATE woningvoorraad SET postcode = '7607AB', huisnummer = 12 WHERE vbo_id = '0141010000000001'")
    ctx = bron_mod.StoreContext(sample_store)
    assert ctx.gemeente_code == "GM0141" and ctx.gemeente is not None and ctx.gemeente.area > 0
    assert set(ctx.vbo_punten()) == {"0141010000000000", "0141010000000001", "0141010000000002"}
    assert ctx.adressen() == {("7607AB", 12, "", ""): "0141010000000001"}


def test_source_line_of_the_newest_run_per_layer(sample_store, proef, tmp_path):
    cbs = dict.fromkeys(bronnen.CBS_LAGEN, "Kadaster / CBS (CC BY 4.0), stand 01-01-2021")  # one run fills all four
    assert bronnen.laatste_bronnen(sample_store) == cbs
    bron_mod.bron(sample_store, "proef", _write(tmp_path / "a.csv", _points(sample_store, 3)), {"peildatum": "2026-12-01"})
    assert bronnen.laatste_bronnen(sample_store) == {**cbs, "woningvoorraad": "BAG, stand 01-12-2026"}
    assert bronnen.bronregel("leefbaarometer", None) == "Leefbaarometer, stand onbekend"


@pytest.fixture
def bag_reader(monkeypatch):
    """The test reader in the place of the bag reader (whether or not the bag lane's is there)."""
    mod = types.ModuleType("almelo_atlas_plugin.core.sources.bag")
    mod.lees = _lees
    monkeypatch.setitem(sys.modules, mod.__name__, mod)
    return mod


def test_cli_bron_prints_one_summary_line_the_refusals_and_says_when_nothing_changed(sample_store, bag_reader, tmp_path, capsys):
    from almelo_atlas_plugin.cli import main

    store = str(sample_store.path)
    f = _write(tmp_path / "vbo.csv", _points(sample_store, 5) + [["0141010000999999", "", "", "2000"]])
    assert main(["bron", store, "bag", str(f), "--peildatum", "1-12-2026"]) == 0
    out, err = capsys.readouterr()
    assert out == "BAG, stand 01-12-2026: 6 rijen, 1 geweigerd: 5 nieuw, 0 gewijzigd, 33.917 vervallen; kerncijfers: 1 rijen vervangen.\n"
    assert "geweigerd: Laag woningvoorraad, rij 7, veld x: is leeg\n" in err
    assert "let op: 33.917 rijen van laag woningvoorraad kwamen niet uit een bron" in err
    assert main(["bron", store, "bag", str(f), "--peildatum", "2026-12-01"]) == 0
    assert capsys.readouterr().out == "BAG, stand 01-12-2026: 6 rijen, 1 geweigerd: niets gewijzigd.\n"
    assert main(["bronnen", store]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ingelezen", "bron", "laag", "bestand", "rijen", "geweigerd", "nieuw", "gewijzigd", "vervallen", "door"]
    assert len(lines) == 4 and "Kadaster / CBS" in lines[1] and "BAG, stand 01-12-2026" in lines[2], lines  # oldest first
    assert lines[2].split()[-6:] == ["6", "1", "5", "0", "33.917", bronnen.current_user()]
    assert lines[3].split()[-6:] == ["6", "1", "0", "0", "0", bronnen.current_user()]


@pytest.mark.parametrize("extra, message", [
    (["--blad", "Plannen"], "fout: bron bag: optie --blad hoort niet bij deze bron; deze bron kent "
                            "--peildatum, --gemeente, --corporatiebezit, --corporatie."),
    (["--peildatum", "31-02-2026"], "fout: Peildatum '31-02-2026' is geen datum (JJJJ-MM-DD, JJJJMMDD of DD-MM-JJJJ)."),
    (["--kolom", "naam"], "fout: optie --kolom 'naam': gebruik BRON=VELD"),
])
def test_cli_bron_refuses_bad_options_with_one_dutch_line_and_writes_nothing(sample_store, bag_reader, tmp_path, capsys,
                                                                              extra, message):
    from almelo_atlas_plugin.cli import main

    f = _write(tmp_path / "vbo.csv", _points(sample_store, 2))
    before = content_hash(sample_store)
    assert main(["bron", str(sample_store.path), "bag", str(f), *extra]) == 2
    assert capsys.readouterr().err.splitlines()[0] == message
    assert content_hash(sample_store) == before


def test_cli_bron_of_a_reader_not_yet_there(sample_store, monkeypatch, tmp_path, capsys):
    from almelo_atlas_plugin.cli import main

    monkeypatch.setitem(sys.modules, "almelo_atlas_plugin.core.sources.planlijst", None)
    f = _write(tmp_path / "lijst.csv", [])
    assert main(["bron", str(sample_store.path), "planlijst", str(f)]) == 2
    assert capsys.readouterr().err == "fout: bron planlijst: nog niet beschikbaar.\n"
    assert main(["bronnen", str(sample_store.path)]) == 0
    assert "planlijst" not in capsys.readouterr().out  # the refused run is not recorded
    empty = tmp_path / "leeg.gpkg"
    assert main(["init", str(empty)]) == 0 and main(["bronnen", str(empty)]) == 0
    assert "Kadaster / CBS" in capsys.readouterr().out  # a new store starts with its geography's run


def test_a_file_that_gives_no_usable_row_never_empties_the_layer(sample_store, proef, tmp_path):
    before = content_hash(sample_store)
    f = _write(tmp_path / "leeg.csv", [["0141010000999999", "", "", "2000"]])
    with pytest.raises(bron_mod.BronFout, match=r"^bron bag: 'leeg.csv' levert geen bruikbare rij voor laag woningvoorraad "
                                                r"\(eerste weigering: Laag woningvoorraad, rij 2, veld x: is leeg\); er is niets gewijzigd\.$"):
        bron_mod.bron(sample_store, "proef", f)
    assert content_hash(sample_store) == before


def test_a_big_geopackage_write_fills_the_rtree_as_its_trigger_would_and_puts_the_trigger_back(sample_store, proef, tmp_path):
    from almelo_atlas_plugin.core.store.geopackage import BULK_RTREE

    with sample_store.reading() as con:
        trigger = con.execute("SELECT sql FROM sqlite_master WHERE name = 'rtree_woningvoorraad_geom_insert'").fetchone()
    bron_mod.bron(sample_store, "proef", _write(tmp_path / "a.csv", _points(sample_store, BULK_RTREE + 10)))
    with sample_store.reading() as con:
        assert con.execute("SELECT sql FROM sqlite_master WHERE name = 'rtree_woningvoorraad_geom_insert'").fetchone() == trigger
        assert con.execute("SELECT count(*) FROM rtree_woningvoorraad_geom").fetchone()[0] == BULK_RTREE + 10
        # the r-tree keeps 32-bit floats
        assert con.execute("SELECT count(*) FROM woningvoorraad w JOIN rtree_woningvoorraad_geom r ON r.id = w.fid"
                           " WHERE abs(r.minx - ST_MinX(w.geom)) < 0.1 AND abs(r.maxx - ST_MaxX(w.geom)) < 0.1"
                           " AND abs(r.miny - ST_MinY(w.geom)) < 0.1 AND abs(r.maxy - ST_MaxY(w.geom)) < 0.1").fetchone()[0] == BULK_RTREE + 10
