"""The goals panel shows the sample's goals as a planner reads them: a bar whose full width is the goal, the figure
against the goal in readable units, a maximum as a maximum, and what the goal counts (#14, "goals at a glance")."""

from __future__ import annotations

import json
import re

import pytest
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QColor, QPalette
from qgis.PyQt.QtWidgets import QLabel, QProgressBar

from almelo_atlas_plugin.core.figures.result import Doel
from almelo_atlas_plugin.gui.panels import goals
from almelo_atlas_plugin.gui.panels.goals import GoalsPanel
from tests.conftest import ROOT

pytestmark = pytest.mark.gui
SHOTS = ROOT / "out" / "goals"
DOCK_WIDTH = 380
SAMPLE = json.loads((ROOT / "tests" / "fixtures" / "rollup_sample.json").read_text(encoding="utf-8"))
DOELEN = {d["fid"]: Doel(**d) for d in SAMPLE["doelen"]}
TEXT_GREEN, TEXT_RED, TEXT_GREY = goals.TEXT_COLOURS[False]  # the light theme of the tests
MET, UNMET, ZERO_MAX, OVER_MAX, UNDER_MAX, M2 = 1, 11, 19, 18, 20, 5  # the sample's goals of each kind


def shown(panel: GoalsPanel, fid: int):
    bar = panel.findChild(QProgressBar, f"doel_{fid}")
    stand = panel.findChild(QLabel, f"doel_{fid}_stand").text()
    colour = re.search(r'color: (#[0-9a-f]{6})', stand).group(1)
    figure, status = (re.sub("<[^>]+>", "", part).replace("\u00a0", " ").strip() for part in stand.split("&nbsp;&nbsp;"))
    return bar, {"stand": figure, "status": status, "status_kleur": colour,
                 "opbouw": panel.findChild(QLabel, f"doel_{fid}_opbouw").text().replace("\u00a0", " ")}


def chunk_colour(bar: QProgressBar) -> str:
    return bar.styleSheet().split("::chunk")[1].split("background-color:")[1].split(";")[0].strip()


def luminance(colour: str) -> float:
    c = QColor(colour)
    lin = [(v / 255) / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in (c.red(), c.green(), c.blue())]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture
def panel(qgis_app):
    p = GoalsPanel()
    p.resize(DOCK_WIDTH, 400)
    yield p
    p.deleteLater()


def snapshot(p: GoalsPanel, name: str) -> None:
    QCoreApplication.processEvents()  # rows added to a shown panel are shown by the event loop
    p.resize(DOCK_WIDTH, p.heightForWidth(DOCK_WIDTH) if p.hasHeightForWidth() else p.sizeHint().height())
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert p.grab().save(str(SHOTS / f"{name}.png"))


def test_a_met_goal_is_a_full_bar_with_its_figure_in_dwellings(panel):
    d = DOELEN[MET]
    assert d.dekking > 1  # over-achieved: 1.454 netto of 1.400
    panel.show_doelen([d])
    bar, t = shown(panel, MET)
    assert bar.value() == bar.maximum()  # full, never running on to 150 %
    assert t["stand"] == "1.454 van 1.400 woningen"
    assert t["status"] == "gehaald (104 %)"
    assert chunk_colour(bar) == goals.GREEN and bar.property("gehaald") is True and t["status_kleur"] == TEXT_GREEN
    assert "peiljaar 2030" in bar.toolTip() and "Hard:" in bar.toolTip() and "Netto:" in bar.toolTip()


def test_m2_above_10000_reads_as_hectares(panel):
    panel.show_doelen([DOELEN[M2]])
    bar, t = shown(panel, M2)
    assert t["stand"] == "10,4 van 10 ha"
    assert t["opbouw"] == "t/m 2030: 10 hard + 0,4 zacht"
    assert bar.value() == bar.maximum()


def test_an_unmet_goal_shows_its_share_and_what_is_missing(panel):
    d = DOELEN[UNMET]
    panel.show_doelen([d])
    bar, t = shown(panel, UNMET)
    assert bar.value() == round(d.dekking * goals.BAR_STEPS)  # 55 of 120: 46 % of the width
    assert t["stand"] == f"{d.gepland:.0f} van 120 woningen"  # 55 of 120 (31 netto once the sample has sloop)
    assert t["status"] == f"nog {d.gap:.0f} woningen te gaan"
    assert chunk_colour(bar) == goals.RED and bar.property("gehaald") is False and t["status_kleur"] == TEXT_RED


def test_a_maximum_above_is_red_and_full_and_says_ten_hoogste(panel):
    panel.show_doelen([DOELEN[OVER_MAX]])
    bar, t = shown(panel, OVER_MAX)
    assert t["stand"] == "34 % — ten hoogste 25 %"  # 34 % of the new dwellings social
    assert t["status"] == "boven het maximum"
    assert bar.value() == bar.maximum() and chunk_colour(bar) == goals.RED
    assert "Ten hoogste 25 %" in bar.toolTip()


def test_a_maximum_below_is_green_and_shows_the_share_of_the_maximum_used(panel):
    panel.show_doelen([DOELEN[UNDER_MAX]])
    bar, t = shown(panel, UNDER_MAX)
    assert t["stand"] == "8 % — ten hoogste 25 %"  # 1 of 12 new dwellings social
    assert t["status"] == "binnen het maximum"
    assert bar.value() == round(goals.BAR_STEPS / 3) and chunk_colour(bar) == goals.GREEN  # a third of the maximum used


def test_a_goal_at_zero_is_never_an_empty_bar_and_its_text_is_readable(panel):
    d = DOELEN[ZERO_MAX]
    assert d.gepland == 0
    panel.show_doelen([d])
    bar, t = shown(panel, ZERO_MAX)
    assert bar.value() > 0 and bar.property("balk") == 0
    assert not bar.isTextVisible()  # the figure is never drawn on the bar's colours
    assert t["stand"] == "0 % — ten hoogste 25 %"
    background = panel.palette().window().color().name()
    for colour in (TEXT_GREEN, TEXT_RED, TEXT_GREY, panel.palette().windowText().color().name()):
        assert contrast(colour, background) >= 4.5, colour


def test_on_a_dark_theme_the_words_are_light(panel):
    """QGIS's Night Mapping theme: the status colours switch so that they still read."""
    dark = QPalette(panel.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#323232"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    panel.setPalette(dark)
    panel.show_doelen([DOELEN[MET], DOELEN[UNMET]])
    _, met = shown(panel, MET)
    _, unmet = shown(panel, UNMET)
    assert (met["status_kleur"], unmet["status_kleur"]) == goals.TEXT_COLOURS[True][:2]
    assert goals.TEXT_COLOURS[True][2] in panel.findChild(QLabel, "doelenLegenda").styleSheet()
    for colour in goals.TEXT_COLOURS[True]:
        assert contrast(colour, "#323232") >= 4.5, colour
    snapshot(panel, "donker")


def test_a_goal_without_a_figure_is_grey_not_red(panel):
    d = Doel(**{**SAMPLE["doelen"][0], "indicator": "ha_water", "gerealiseerd": None, "hard": None, "gepland": None,
                "gap": None, "dekking": None, "gehaald": None})
    panel.show_doelen([d])
    bar, t = shown(panel, d.fid)
    assert chunk_colour(bar) == goals.GREY and t["status_kleur"] == TEXT_GREY
    assert t["stand"] == "geen cijfer — doel 1.400 ha" and t["status"] == "onbekend"


def test_the_goal_says_what_it_counts_and_why_the_figures_say_1387(panel):
    """The stad goal counts 1.454 netto where the figures table says 'netto gepland' 1.387: the goal adds what was
    delivered (gerealiseerd) and leaves out what is planned after its peiljaar 2030."""
    d = DOELEN[MET]
    panel.show_doelen([d])
    _, t = shown(panel, MET)
    assert t["opbouw"] == "t/m 2030: 138 gerealiseerd + 808 hard + 508 zacht"
    assert 138 + 808 + 508 == d.gepland == 1454
    stad = SAMPLE["stad"]
    after = sum(r["netto"] for r in SAMPLE["per_jaar"] if r["jaar"] > d.peiljaar)  # all of it planned, none delivered
    assert stad["won_netto_gepland"] == 1387 == 808 + 508 + after
    assert stad["won_netto_gerealiseerd"] == 138
    assert "alleen wat nog niet is opgeleverd, in alle jaren" in panel.findChild(QProgressBar, f"doel_{MET}").toolTip()
    legenda = panel.findChild(QLabel, "doelenLegenda").text()
    assert legenda == ("verwacht: gepland × realisatiekans · gerealiseerd: opgeleverd · hard: met bestemmingsplan · "
                       "zacht: nog geen bestemmingsplan")


def test_the_sample_goals_at_dock_width(panel):
    """Every goal of the stad and of two wijken fits the dock's width; screenshots in out/goals to look at."""
    panel.show()
    for name, fids in {"stad": [1, 2, 3, 4, 5], "wierdense_hoek": [10, 18], "nieuwstraat_kwartier": [11, 19]}.items():
        panel.show_doelen([DOELEN[f] for f in fids])
        QCoreApplication.processEvents()
        assert len(panel.rows()) == len(fids)
        assert panel.minimumSizeHint().width() <= DOCK_WIDTH
        snapshot(panel, name)
    panel.show_doelen([])
    assert not panel.rows() and panel.isHidden()


def test_goals_shown_again_leave_no_window_behind(qgis_app, sample_store):
    """Old goal rows go with their panel: in the real desktop they had become windows of their own."""
    from qgis.PyQt.QtWidgets import QApplication

    from almelo_atlas_plugin.core.figures.result import Selection
    from almelo_atlas_plugin.core.figures.rollup import rollup

    doelen = rollup(sample_store).doelen_for(Selection.stad())
    panel = GoalsPanel()
    panel.show()
    for _ in range(3):
        panel.show_doelen(doelen)
        qgis_app.processEvents()
    # a row without a parent is a window (Qt shows it as one in the desktop until it is deleted)
    strays = [w for w in QApplication.allWidgets() if w.objectName().startswith("doelrij_") and w.parent() is None]
    assert not strays and len(panel.rows()) == len(doelen)


def test_each_goal_shows_its_verwacht_outlook_and_the_bar_marks_it(panel):
    import dataclasses

    # 1.507 planned, 1.310 expected, of 1.400; 55 of 120 planned, half of it expected (made here: the sample changes)
    d = dataclasses.replace(DOELEN[MET], streefwaarde=1400, peiljaar=2030, gepland=1507, dekking=1507 / 1400, gehaald=True,
                            verwacht=1310)
    partial = dataclasses.replace(DOELEN[UNMET], streefwaarde=120, peiljaar=2030, gepland=55, dekking=55 / 120, gehaald=False,
                                  gap=65, verwacht=27.5)
    panel.show_doelen([d, partial, DOELEN[OVER_MAX]])
    text = panel.findChild(QLabel, f"doel_{MET}_verwacht")
    assert text.text() == "verwacht 1.310 van 1.400 in 2030" and not text.isHidden()
    bar = panel.findChild(QProgressBar, f"doel_{MET}")
    assert bar.property("verwacht") == pytest.approx(1310 / 1400) and bar.property("balk") == 1
    assert "qlineargradient" in bar.styleSheet() and f"stop: {1310 / 1400:.4f}" in bar.styleSheet()
    assert chunk_colour(bar) == goals.GREEN  # the goal's colour stays the bar's
    half = panel.findChild(QProgressBar, f"doel_{UNMET}")
    assert "stop: 0.5000" in half.styleSheet()  # half of what is planned is expected
    assert panel.findChild(QLabel, f"doel_{UNMET}_verwacht").text() == "verwacht 28 van 120 in 2030"  # whole dwellings
    assert "verwacht" in bar.toolTip() and "Verwacht:" in bar.toolTip()
    share = panel.findChild(QLabel, f"doel_{OVER_MAX}_verwacht")  # a share has no outlook of its own
    assert share.isHidden() and "qlineargradient" not in panel.findChild(QProgressBar, f"doel_{OVER_MAX}").styleSheet()
    snapshot(panel, "verwacht")
