"""What a new user met (#12, nothing false): a column that goes into no field is said, not dropped in silence;
Dutch thousands in a whole-number field; an output file named for another format is refused."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.store.open import open_store
from tests.conftest import ROOT
from tests.helpers import content_hash

SAMPLE = ROOT / "sample_gpkg" / "almelo_sample.gpkg"


def run(argv) -> tuple:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def _copy(tmp_path):
    path = tmp_path / "atlas.gpkg"
    shutil.copy(SAMPLE, path)
    return path


def test_a_column_name_with_a_space_finds_its_field_and_an_unknown_column_is_said(tmp_path):
    path = _copy(tmp_path)
    csv = tmp_path / "leegstand.csv"
    csv.write_bytes("X;Y;Adres;M2;Leeg sinds;Eigenaar\r\n".encode("cp1252")
                    + "241500;487300;Grotestraat 1;120,5;03-02-2021;Café de Hoek\r\n".encode("cp1252"))
    code, out, err = run(["import", path, "winkelleegstand", csv])
    assert code == 0, err
    rows = open_store(path).read_frame("SELECT leeg_sinds FROM winkelleegstand ORDER BY fid DESC LIMIT 1")
    assert rows.leeg_sinds[0] == "2021-02-03"  # "Leeg sinds" is leeg_sinds
    lines = [ln for ln in err.splitlines() if ln.startswith("waarschuwing:")]
    assert any("'Eigenaar'" in ln and "niet ingelezen" in ln and "--map" in ln for ln in lines), err
    assert not any("'Leeg sinds'" in ln or "'X'" in ln for ln in lines), err


def test_dutch_thousands_in_a_whole_number_field(tmp_path):
    path = _copy(tmp_path)
    csv = tmp_path / "vraag.csv"
    csv.write_text("jaar;aantal;bron\n2040;1.200;eigen raming\n", encoding="utf-8")
    code, out, err = run(["import", path, "woningvraag", csv])
    assert code == 0 and "geweigerd" not in err, err
    assert open_store(path).read_frame("SELECT aantal FROM woningvraag WHERE jaar = 2040").aantal[0] == 1200


def test_rollup_output_named_for_another_format_is_refused(tmp_path):
    path = _copy(tmp_path)
    before = content_hash(open_store(path))
    for fmt, name in (("xlsx", "x.csv"), ("csv", "x.xlsx"), ("json", "x.csv"), ("table", "x.xlsx")):
        code, out, err = run(["rollup", path, "--format", fmt, "-o", tmp_path / name])
        assert code == 2 and err.startswith("fout: ") and "schrijft geen" in err, (fmt, err)
        assert not (tmp_path / name).exists()
    assert content_hash(open_store(path)) == before
    code, out, err = run(["rollup", path, "--format", "xlsx", "-o", tmp_path / "cijfers.xlsx"])
    assert code == 0 and (tmp_path / "cijfers.xlsx").exists()
