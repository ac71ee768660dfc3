"""The chart panel keeps the chart's proportions at the dock's width: its text is never squeezed (#14)."""

from __future__ import annotations

import json

import pytest
from qgis.PyQt.QtCore import QCoreApplication, QTranslator
from qgis.PyQt.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from almelo_atlas_plugin.core.figures.result import PerJaar
from almelo_atlas_plugin.core.output import charts
from almelo_atlas_plugin.core.resources import PLUGIN_DIR
from almelo_atlas_plugin.gui.panels.chart import DOCK_PX, ChartPanel
from tests.conftest import ROOT

pytestmark = pytest.mark.gui
SHOTS = ROOT / "out" / "charts"
ROWS = [PerJaar(**r) for r in json.loads((ROOT / "tests" / "fixtures" / "rollup_sample.json").read_text(encoding="utf-8"))["per_jaar"]]


@pytest.mark.parametrize("width", [DOCK_PX, 300, 520])
def test_the_chart_in_a_scrolled_dock_is_as_tall_as_its_drawing_asks(qgis_app, width):
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    inner = QWidget()
    lay = QVBoxLayout(inner)
    chart = ChartPanel(inner)
    lay.addWidget(chart)
    lay.addStretch(1)
    scroll.setWidget(inner)
    chart.show_per_jaar(ROWS, "Woningbouw per jaar (stad) tegen de vraag", charts.STAD_FROM_YEAR)
    scroll.resize(width + 40, 400)
    scroll.show()
    for _ in range(3):
        QCoreApplication.processEvents()
    size = chart.renderer().defaultSize()
    assert chart.renderer().isValid()
    assert abs(chart.height() / chart.width() - size.height() / size.width()) < 0.02  # not squeezed, not stretched
    if width == DOCK_PX:
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert scroll.grab().save(str(SHOTS / "dock_chart_panel.png"))
    scroll.deleteLater()


def test_the_docks_chart_speaks_the_users_language_the_agendas_stays_dutch(qgis_app):
    t = QTranslator()
    assert t.load(str(PLUGIN_DIR / "i18n" / "almelo_atlas_en.qm")), "run `make translations`"
    QCoreApplication.installTranslator(t)
    try:
        en = charts.per_jaar_svg(ROWS, "Housing", vertaald=True)
        nl = charts.per_jaar_svg(ROWS, "Woningbouw")
    finally:
        QCoreApplication.removeTranslator(t)
    assert b"<!-- housing demand -->" in en and b"<!-- norm: 130 % of demand -->" in en
    assert b"<!-- woningvraag -->" in nl and b"demand" not in nl


def test_the_same_rows_under_the_same_title_are_drawn_once(qgis_app, monkeypatch):
    """Opening an atlas shows its figures twice (new result, then the stad scope): the chart (≈ 1 s of matplotlib in
    QGIS) is drawn once, when Qt is idle (the map draws meanwhile); other rows or another title draw it again (#18)."""
    drawn = []
    real = charts.per_jaar_svg
    monkeypatch.setattr(charts, "per_jaar_svg", lambda *a, **k: drawn.append(a) or real(*a, **k))
    chart = ChartPanel()
    chart.show_per_jaar(ROWS, "Woningbouw per jaar (stad) tegen de vraag", charts.STAD_FROM_YEAR)
    assert not drawn  # drawn once Qt is idle: the map draws first
    QCoreApplication.processEvents()
    chart.show_per_jaar(list(ROWS), "Woningbouw per jaar (stad) tegen de vraag", charts.STAD_FROM_YEAR)
    QCoreApplication.processEvents()
    assert len(drawn) == 1 and chart.renderer().isValid()
    chart.show_per_jaar(ROWS[:-1], "Woningbouw per jaar (stad) tegen de vraag", charts.STAD_FROM_YEAR)
    chart.show_per_jaar(ROWS[:-1], "Woningbouw per jaar in Centrum", charts.STAD_FROM_YEAR)
    QCoreApplication.processEvents()
    assert len(drawn) == 2 and drawn[-1][1] == "Woningbouw per jaar in Centrum"  # only the last one asked for
    chart.show_per_jaar(ROWS, "Woningbouw per jaar (stad) tegen de vraag", charts.STAD_FROM_YEAR)
    chart.flush()
    assert len(drawn) == 3


def test_the_chart_waits_while_the_map_draws_but_not_for_ever(qgis_app, monkeypatch):
    """The dock's chart waits while its map is drawing (the stad view first); a map that keeps drawing does not keep
    the chart away longer than WAIT_MS."""
    from qgis.PyQt.QtTest import QTest

    from almelo_atlas_plugin.gui.panels import chart as panel

    drawn = []
    real = charts.per_jaar_svg
    monkeypatch.setattr(charts, "per_jaar_svg", lambda *a, **k: drawn.append(a) or real(*a, **k))
    monkeypatch.setattr(panel, "WAIT_MS", 300)
    drawing = [True]
    chart = ChartPanel()
    chart.busy = lambda: drawing[0]
    chart.show_per_jaar(ROWS, "Woningbouw per jaar (stad) tegen de vraag", charts.STAD_FROM_YEAR)
    QTest.qWait(120)
    assert not drawn  # the map is still drawing
    drawing[0] = False
    QTest.qWait(120)
    assert len(drawn) == 1
    drawing[0] = True  # a map that never stops
    chart.show_per_jaar(ROWS[:-1], "Woningbouw per jaar (stad) tegen de vraag", charts.STAD_FROM_YEAR)
    QTest.qWait(800)
    assert len(drawn) == 2
