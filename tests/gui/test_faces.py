"""One use-case layer (core/atlas.py) behind every face: the command line, Processing through the real qgis_process
and the dock give the same figures for the same peildatum; the dock's PDF and Excel agree; the agenda with
--peildatum and --xlsx builds the past once (#13)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pandas as pd
import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QDate

import almelo_atlas_plugin
from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.figures.rollup import RollupEngine
from almelo_atlas_plugin.core.output import tables as report
from almelo_atlas_plugin.sample import HISTORIE_EIND
from tests.conftest import ROOT
from tests.gui.test_agenda import page_text
from tests.helpers import grow
from tests.integration.test_package import qgis_process

pytestmark = pytest.mark.gui
PEILDATUM = HISTORIE_EIND  # after the sample's own history (sample.HISTORIE): its state then is today's
PEILDATUM_NL = "-".join(reversed(PEILDATUM.split("-")))  # as the PDF prints it


def later_edit(store) -> None:
    """A change after the peildatum: the figures of now and of the peildatum differ by 500 dwellings."""
    with store.transaction() as con:
        grow(con, "Ontwikkeling Stadskade", 500)


@pytest.fixture(scope="module")
def qgis_profile(tmp_path_factory):
    """A fresh QGIS profile with this checkout's plugin on its path and enabled, for qgis_process."""
    sys.path.insert(0, str(ROOT / "tools"))
    import package

    base = tmp_path_factory.mktemp("qgis")
    plugins = base / "plugins"
    package.link(plugins)
    env = {**os.environ, "QGIS_CUSTOM_CONFIG_PATH": str(base / "profiel"), "QGIS_PLUGINPATH": str(plugins),
           "QT_QPA_PLATFORM": "offscreen"}
    exe = qgis_process()
    p = subprocess.run([exe, "plugins", "enable", "almelo_atlas_plugin"], env=env, capture_output=True, text=True, timeout=180)
    assert p.returncode == 0 and "No matching plugins" not in p.stdout, p.stdout + p.stderr
    return exe, env


def run_qgis_process(qgis_profile, store_path, out, peildatum=None) -> dict:
    exe, env = qgis_profile
    args = [exe, "--json", "run", "almelo_atlas:rollup", "--", f"STORE={store_path}", f"OUTPUT={out}"]
    p = subprocess.run(args + ([f"PEILDATUM={peildatum}"] if peildatum else []), env=env, capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, (p.stdout + p.stderr)[-2000:]
    return out.read_text(encoding="utf-8")


@pytest.fixture
def dock(atlas_iface, sample_store):
    later_edit(sample_store)
    atlas_iface.openLayoutDesigner = lambda layout: None
    p = almelo_atlas_plugin.classFactory(atlas_iface)
    p.initGui()
    p.show_dock(True)
    assert p.dock.open_path(str(sample_store.path))
    yield p.dock
    for lay in QgsProject.instance().layoutManager().printLayouts():
        QgsProject.instance().layoutManager().removeLayout(lay)
    p.unload()


def set_peildatum(dock, peildatum) -> None:
    if peildatum:
        y, m, d = map(int, peildatum.split("-"))
        dock.peildatum_edit.setDate(QDate(y, m, d))
    dock.peildatum_check.setChecked(bool(peildatum))
    dock.controller.refresh()


def test_cli_qgis_process_and_dock_give_the_same_figures(dock, sample_store, qgis_profile, tmp_path, capsys):
    seen = {}
    for peildatum in (None, PEILDATUM):
        capsys.readouterr()
        assert main(["rollup", str(sample_store.path), "--format", "json"] + (["--peildatum", peildatum] if peildatum else [])) == 0
        text = capsys.readouterr().out
        processing = run_qgis_process(qgis_profile, sample_store.path, tmp_path / f"r_{peildatum}.json", peildatum)
        set_peildatum(dock, peildatum)
        in_dock = report.json_text(dock.controller.result.to_json()) + "\n"
        assert text == processing == in_dock, peildatum  # byte for byte
        cli = json.loads(text)
        assert bool(cli["peildatum"]) == bool(peildatum)
        seen[peildatum] = cli["stad"]["won_gepland"]
    assert seen[None] == seen[PEILDATUM] + 500  # the later edit counts now, not at the peildatum


def _stad_row(pdf) -> list:
    line = next(ln for ln in page_text(pdf, 1).splitlines() if "Almelo (stad)" in ln)
    return line.split("Almelo (stad)")[1].split()[:5]


def test_the_docks_pdf_and_excel_agree_at_the_peildatum(dock, tmp_path):
    order = ["won_gerealiseerd", "won_hard", "won_zacht", "won_gepland", "won_potentieel"]
    for peildatum in (PEILDATUM, None):
        set_peildatum(dock, peildatum)
        pdf, xlsx = tmp_path / f"agenda_{peildatum}.pdf", tmp_path / f"cijfers_{peildatum}.xlsx"
        assert dock.export_agenda(str(pdf)).pages == 13
        assert dock.export_excel(str(xlsx)) == str(xlsx)
        stad = pd.read_excel(xlsx, sheet_name="stad").iloc[0]
        assert _stad_row(pdf) == [report.fmt(stad[report.figure_label(f)].item()) for f in order], peildatum
        assert stad[report.figure_label("won_gepland")] == dock.controller.result.stad.figures.won_gepland
        assert (f"peildatum: {PEILDATUM_NL}" in page_text(pdf, 1)) == bool(peildatum)
    now, then = _stad_row(tmp_path / "agenda_None.pdf"), _stad_row(tmp_path / f"agenda_{PEILDATUM}.pdf")
    assert now != then  # the PDF follows the peildatum box


def test_agenda_at_a_peildatum_with_xlsx_builds_the_past_once(qgis_app, sample_store, tmp_path, monkeypatch, capsys):
    from tests.gui.test_agenda import gepland_now

    then = gepland_now(sample_store)  # the sample as it stood at PEILDATUM
    later_edit(sample_store)
    built, computed = [], []
    from almelo_atlas_plugin.core.store.geopackage import GeoPackageStore

    store_at, compute = GeoPackageStore.at, RollupEngine.compute
    monkeypatch.setattr(GeoPackageStore, "at", lambda self, moment: built.append(moment) or store_at(self, moment))
    monkeypatch.setattr(RollupEngine, "compute", lambda self: computed.append(self.store.path) or compute(self))
    pdf, xlsx = tmp_path / "toen.pdf", tmp_path / "toen.xlsx"
    assert main(["agenda", str(sample_store.path), "-o", str(pdf), "--xlsx", str(xlsx), "--wijk", "WK014110",
                 "--peildatum", PEILDATUM]) == 0
    assert len(built) == 1 and len(computed) == 1, (built, computed)
    assert computed[0] != sample_store.path  # the one roll-up is of the past
    out = capsys.readouterr().out
    assert "Agenda geschreven" in out and "Excel geschreven" in out
    stad = pd.read_excel(xlsx, sheet_name="stad").iloc[0]
    assert _stad_row(pdf)[3] == report.fmt(stad[report.figure_label("won_gepland")].item())
    wijk = pd.read_excel(xlsx, sheet_name="wijken").set_index("Wijkcode").loc["WK014110"]
    line = next(ln for ln in page_text(pdf, 2).splitlines() if "Woningen gepland" in ln)
    assert line.split("Woningen gepland")[1].split()[0] == report.fmt(wijk[report.figure_label("won_gepland")].item()) == then


def test_the_docks_agenda_at_a_peildatum_keeps_the_layout_edited_in_the_designer(dock, tmp_path):
    from almelo_atlas_plugin.core.output.agenda import STAD_LAYOUT

    dock.edit_layouts()
    QgsProject.instance().layoutManager().layoutByName(STAD_LAYOUT).itemById("titel").setText("Almelo — versie van de raad")
    set_peildatum(dock, PEILDATUM)
    pdf = tmp_path / "raad.pdf"
    assert dock.export_agenda(str(pdf)).pages == 13
    first = page_text(pdf, 1)
    assert "Almelo — versie van de raad" in first and f"peildatum: {PEILDATUM_NL}" in first
    assert _stad_row(pdf)[3] == report.fmt(dock.controller.result.stad.figures.won_gepland)


def test_the_faces_hold_no_sql_and_no_backend_switch():
    """The command line, Processing and the dock reach the store only through core/atlas.py's use cases."""
    pkg = ROOT / "almelo_atlas_plugin"
    faces = [pkg / "cli.py", pkg / "plugin.py", *(pkg / "gui").rglob("*.py"), *(pkg / "processing").rglob("*.py")]
    for path in faces:
        text = path.read_text(encoding="utf-8")
        for word in ("SELECT ", ".execute(", "read_frame(", "reading()", "transaction(", "kind ==", "core.edits",
                     "core.sources", "core.figures.history", "core.store.validation", "core.store.transfer"):
            assert word not in text, (path.relative_to(ROOT).as_posix(), word)
    algorithms = [p for p in (pkg / "processing").glob("*.py") if "def processAlgorithm" in p.read_text(encoding="utf-8")]
    registered = re.findall(r"from \.(\w+) import (?:\w+Algorithm|algorithms)", (pkg / "processing" / "provider.py").read_text(encoding="utf-8"))
    assert sorted(p.stem for p in algorithms) == sorted(registered)  # every algorithm module is offered, none twice
    assert all("atlas." in p.read_text(encoding="utf-8") for p in algorithms)
