"""The command line: init, sample, rollup formats, tag; exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.figures.result import FIGURES
from almelo_atlas_plugin.core.store.open import open_store
from tests.conftest import ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "almelo_atlas_plugin", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_init_and_validate_as_a_process(tmp_path):
    p = run("init", tmp_path / "s.gpkg")
    assert p.returncode == 0, p.stderr
    from almelo_atlas_plugin.core.model.schema import SCHEMA_VERSION

    assert f"schemaversie {SCHEMA_VERSION}" in p.stdout
    p = run("init", tmp_path / "s.gpkg")
    assert p.returncode == 2 and "bestaat al" in p.stderr and "Traceback" not in p.stderr
    p = run("frobnicate")
    assert p.returncode == 2 and "fout:" in p.stderr


def test_rollup_json_shape(sample_store, capsys):
    assert main(["rollup", str(sample_store.path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"schema_versie", "stad", "wijken", "gebieden", "doelen", "per_jaar"} <= set(data)
    assert set(FIGURES) <= set(data["stad"]) and "buiten_wijken" in data["stad"]
    w = data["wijken"][0]
    assert {"wijk_code", "naam", "profiel", "opgaven"} <= set(w) and set(FIGURES) <= set(w)
    assert {"woningen", "aandeel_corporatie", "aandeel_eengezins", "aandeel_label_efg", "aandeel_label_ab",
            "leefbaarheid_gem"} <= set(w["profiel"])
    assert {"gepland", "hard", "gap", "dekking"} <= set(data["doelen"][0])
    assert {"jaar", "hard", "zacht", "vraag"} <= set(data["per_jaar"][0])


def test_rollup_table_csv_xlsx(sample_store, tmp_path, capsys):
    assert main(["rollup", str(sample_store.path)]) == 0
    out = capsys.readouterr().out
    assert "Gepland (hard + zacht)" in out and "Doelen (stad)" in out
    assert next(ln for ln in out.splitlines() if ln.startswith("Woningen ")).split() == ["Woningen", "Netto", "Bouw", "Sloop"]
    assert main(["rollup", str(sample_store.path), "--niveau", "wijk"]) == 0
    assert "Windmolenbroek" in capsys.readouterr().out
    csv_path = tmp_path / "w.csv"
    assert main(["rollup", str(sample_store.path), "--niveau", "wijk", "--format", "csv", "-o", str(csv_path)]) == 0
    df = pd.read_csv(csv_path)
    assert len(df) == 12 and "won_gepland" in df.columns
    xlsx = tmp_path / "a.xlsx"
    assert main(["rollup", str(sample_store.path), "--format", "xlsx", "-o", str(xlsx)]) == 0
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert list(sheets) == ["stad", "wijken", "profiel", "gebieden", "opgaven", "doelen", "per_jaar", "locaties", "blokken"]
    assert main(["rollup", str(sample_store.path), "--format", "xlsx"]) == 2


def test_tag_command(sample_store, capsys):
    store = sample_store
    fid = int(store.read_frame("SELECT fid FROM potloodplannen ORDER BY fid LIMIT 1").fid[0])
    assert main(["tag", str(store.path), "potloodplannen", str(fid), "--opgave", "3.5", "--opgave", "3.6"]) == 0
    tags = set(store.read_frame("SELECT opgave_code FROM locatie_opgaven WHERE laag='potloodplannen' AND locatie_fid=?", (fid,)).opgave_code)
    assert {"3.5", "3.6"} <= tags
    assert main(["tag", str(store.path), "potloodplannen", str(fid), "--opgave", "3.5", "--remove"]) == 0
    before = store.read_frame("SELECT count(*) AS n FROM locatie_opgaven").n[0]
    # unknown code, unknown fid, bad layer: exit 2, nothing written
    capsys.readouterr()
    assert main(["tag", str(store.path), "potloodplannen", f"{fid},99999", "--opgave", "3.4"]) == 2
    assert "99999" in capsys.readouterr().err
    assert main(["tag", str(store.path), "potloodplannen", str(fid), "--opgave", "3.4", "--opgave", "x'; DROP TABLE opgaven; --"]) == 2
    assert main(["tag", str(store.path), "wijken", "1", "--opgave", "3.4"]) == 2
    assert main(["tag", str(store.path), "projecten", "1,a", "--opgave", "3.4"]) == 2
    assert open_store(store.path).read_frame("SELECT count(*) AS n FROM locatie_opgaven").n[0] == before


def test_qt6_check_finds_what_qt6_drops():
    sys.path.insert(0, str(ROOT / "tools"))
    import qt6_check

    bad = ["x = Qt.AlignRight", "QHeaderView.Stretch", "from PyQt5 import QtCore", "d.exec" + "_()", "QVariant.Int"]  # qt6-ok
    good = ["x = Qt.AlignmentFlag.AlignRight", "QHeaderView.ResizeMode.Stretch", "from qgis.PyQt import QtCore", "d.exec()"]
    assert all(any(rx.search(line) for rx, _ in qt6_check.RULES) for line in bad)
    assert not any(rx.search(line) for line in good for rx, _ in qt6_check.RULES)
    assert qt6_check.main() == 0  # the project itself passes


def test_the_command_line_is_a_table_of_small_commands():
    """Each command: its arguments, one call to core/atlas.py, the rendering of its answer; no logic of its own."""
    import inspect

    from almelo_atlas_plugin import cli

    names = [c.name for c in cli.COMMANDS]
    assert names == ["init", "migrate", "sample", "validate", "rollup", "controle", "tag", "roles", "promote", "mutaties", "agenda",
                     "serve", "export", "import", "uitwisseling", "bron", "bronnen", "scenarios", "scenario"]
    for c in cli.COMMANDS:
        source = inspect.getsource(c.run).split("\ndef ", 1)[1]  # the function without its argument table
        assert len(source.splitlines()) <= 20, c.name
        assert "atlas." in source and ".execute(" not in source and "kind" not in source, c.name
