"""Nothing destroyed or changed without asking (issue #12, findings 1 and 2), on both backends:
`sample` over an existing store, `import --vervang` with refused rows."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.store.open import open_store
from tests.conftest import ROOT
from tests.unit.test_import import _write_layer

SAMPLE = ROOT / "sample_gpkg" / "almelo_sample.gpkg"
TABLES = ("wijken", "woningvoorraad", "projecten", "potloodplannen", "locatie_opgaven", "wijzigingen", "atlas_meta", "opgaven")


def state(uri) -> dict:
    """Row count and content hash per table (both backends), plus the file's bytes for a GeoPackage."""
    s = open_store(uri, migrate=False)
    out = {}
    for t in TABLES:
        df = s.read_frame(f"SELECT * FROM {t} ORDER BY 1")
        out[t] = (len(df), hashlib.sha256(df.to_csv(index=False).encode()).hexdigest())
    if s.kind == "gpkg":
        out["bytes"] = hashlib.sha256(s.path.read_bytes()).hexdigest()
    return out


@pytest.fixture(params=["gpkg", "postgis"])
def edited(request, tmp_path):
    """A copy of the sample with an edit in its history, on either backend."""
    if request.param == "gpkg":
        uri = str(tmp_path / "atlas.gpkg")
        shutil.copy(SAMPLE, uri)
    else:
        uri = request.getfixturevalue("pg_sample")
    assert main(["tag", uri, "projecten", "1", "--opgave", "3.6"]) == 0
    return uri


def test_sample_over_an_existing_store_is_refused(edited, capsys):
    before = state(edited)
    capsys.readouterr()
    assert main(["sample", edited, "--woningen", "100", "--locaties", "5"]) == 2
    err = capsys.readouterr().err
    assert "bestaat al" in err and "--overschrijven" in err and len(err.strip().splitlines()) == 1
    assert state(edited) == before


def test_sample_overwrites_only_when_asked(tmp_path, capsys):
    path = tmp_path / "atlas.gpkg"
    shutil.copy(SAMPLE, path)
    assert main(["tag", str(path), "projecten", "1", "--opgave", "3.6"]) == 0
    assert main(["sample", str(path), "--woningen", "100", "--locaties", "5", "--overschrijven"]) == 0
    s = open_store(path)
    assert s.read_frame("SELECT count(*) AS n FROM woningvoorraad").n[0] == 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas.gpkg"]  # built aside, then renamed: no leftovers
    (tmp_path / "map.gpkg").mkdir()
    assert main(["sample", str(tmp_path / "map.gpkg")]) == 2
    assert "is een map" in capsys.readouterr().err


@pytest.mark.parametrize("what", ["init", "sample", "export"])
def test_overschrijven_never_replaces_a_file_that_is_no_atlas(tmp_path, capsys, what):
    """--overschrijven replaces an atlas store only: a GeoPackage of someone's own data (or any other file) stays as it was."""
    own = tmp_path / "eigen.gpkg"
    _write_layer(own, "kerncijfers", 28992, ["POINT (240000 485000)"], [{"naam": "van mij"}])
    text = tmp_path / "notities.gpkg"
    text.write_text("geen GeoPackage", encoding="utf-8")
    for path in (own, text):
        before = path.read_bytes()
        argv = {"init": ["init", str(path)], "sample": ["sample", str(path), "--woningen", "100", "--locaties", "5"],
                "export": ["export", str(SAMPLE), str(path)]}[what]
        capsys.readouterr()
        assert main(argv + ["--overschrijven"]) == 2
        err = capsys.readouterr().err
        assert "wordt niet overschreven: het is geen atlas-store" in err and len(err.strip().splitlines()) == 1
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["eigen.gpkg", "notities.gpkg"]  # nothing left behind


def _source(tmp_path, layer: str, rows) -> str:
    """A GeoPackage source (RD New) with one layer of the given (fields, wkt) rows."""
    path = tmp_path / f"bron_{layer}.gpkg"
    _write_layer(path, layer, 28992, [wkt for _, wkt in rows], [fields for fields, _ in rows])
    return str(path)


SQ = "MULTIPOLYGON((({x} 485000,{x2} 485000,{x2} 486000,{x} 486000,{x} 485000)))"


def _wijken(tmp_path, prioriteiten):
    return _source(tmp_path, "wijken", [({"wijk_code": f"WK9{i:05d}", "naam": f"W{i}", "prioriteit": p},
                                         SQ.format(x=241000 + i * 1000, x2=242000 + i * 1000)) for i, p in enumerate(prioriteiten)])


def _projecten(tmp_path, statussen):
    return _source(tmp_path, "projecten", [({"naam": f"P{i}", "status": s, "planstatus": "hard", "won_koop": "10"},
                                            SQ.format(x=241000 + i * 300, x2=241200 + i * 300)) for i, s in enumerate(statussen)])


@pytest.mark.parametrize("layer,make", [("wijken", _wijken), ("projecten", _projecten)])
def test_replace_with_every_row_refused_changes_nothing(edited, tmp_path, capsys, layer, make):
    src = make(tmp_path, ["onzin", "ook onzin", "nee"])
    before = state(edited)
    capsys.readouterr()
    assert main(["import", edited, layer, src, "--vervang"]) == 2
    err = capsys.readouterr().err
    assert err.count("geweigerd: ") == 3 and "er is niets gewijzigd" in err and "Traceback" not in err
    assert state(edited) == before


def test_replace_with_one_row_refused_changes_nothing(edited, tmp_path, capsys):
    src = _wijken(tmp_path, ["regulier", "prioritair", "onzin"])
    before = state(edited)
    assert main(["import", edited, "wijken", src, "--vervang"]) == 2
    assert "er is niets gewijzigd" in capsys.readouterr().err
    assert state(edited) == before
    # all good: the layer is replaced
    (tmp_path / "goed").mkdir()
    good = _wijken(tmp_path / "goed", ["regulier", "prioritair"])
    assert main(["import", edited, "wijken", good, "--vervang"]) == 0
    assert open_store(edited).read_frame("SELECT count(*) AS n FROM wijken").n[0] == 2


def test_replace_with_an_empty_source_changes_nothing(edited, tmp_path, capsys):
    src = _wijken(tmp_path, ["onzin"])
    from osgeo import ogr

    ds = ogr.Open(src, 1)
    ds.ExecuteSQL("DELETE FROM wijken")
    ds = None
    before = state(edited)
    assert main(["import", edited, "wijken", src, "--vervang"]) == 2
    assert "leegmaken" in capsys.readouterr().err
    assert state(edited) == before


def test_plain_import_keeps_the_good_rows_and_says_so(tmp_path, capsys):
    path = tmp_path / "atlas.gpkg"
    shutil.copy(SAMPLE, path)
    n = open_store(path).read_frame("SELECT count(*) AS n FROM projecten").n[0]
    src = _projecten(tmp_path, ["initiatief", "onzin"])
    assert main(["import", str(path), "projecten", src]) == 0
    out = capsys.readouterr()
    assert "1 features geïmporteerd in projecten en opgeslagen; 1 geweigerd en niet opgeslagen" in out.out
    assert "geweigerd: Laag projecten, bronfeature 2, veld status" in out.err
    assert open_store(path).read_frame("SELECT count(*) AS n FROM projecten").n[0] == n + 1


def test_sample_and_export_over_a_store_on_a_full_disk_keep_it(tmp_path, capsys):
    """--overschrijven replaces the store only once the new one is complete: a full disk leaves the old one."""
    import os

    from tests.unit.test_output_files import tmpfs

    with tmpfs(tmp_path / "vol", size="3m") as d:
        old = d / "oud.gpkg"
        assert main(["init", str(old)]) == 0
        before = state(old)
        for argv in (["sample", str(old), "--overschrijven"], ["export", str(SAMPLE), str(old), "--overschrijven"]):
            assert main(argv) == 2, argv
            assert capsys.readouterr().err == f"fout: GeoPackage '{old}': schijf vol: er is niets opgeslagen.\n", argv
            assert state(old) == before, argv
            assert sorted(os.listdir(d)) == ["agenda.pdf", "oud.gpkg"], argv
