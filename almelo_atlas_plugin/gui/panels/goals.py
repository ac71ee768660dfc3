"""The goals panel: per goal of the chosen scope its description, a bar whose full width is the goal, the figure
against the goal in words and what it counts. The texts come from core/output/termen.py."""

from __future__ import annotations

import re
from html import escape
from typing import Optional, Sequence, Tuple

from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QGroupBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from ...core.figures.result import Doel
from ...core.output import termen

BAR_STEPS = 1000
LEGENDA = ("verwacht", "gerealiseerd", "hard", "zacht")  # the words of the lines under each bar
MIN_VISIBLE = 0.02  # a goal at zero still shows a sliver in its colour
GREEN, RED, GREY, GROOVE = "#27ae60", "#c0392b", "#95a5a6", "#dfe3e6"
# status words on the panel's own background, contrast ≥ 4.5:1: (green, red, grey) on a light and on a dark theme
TEXT_COLOURS = {False: ("#1e6b3a", "#a93226", "#4d5656"), True: ("#7dcea0", "#f1948a", "#bfc9ca")}


def text_colours(widget: QWidget) -> Tuple[str, str, str]:
    """The status colours that read on the widget's background (QGIS's Night Mapping theme is dark)."""
    return TEXT_COLOURS[widget.palette().window().color().lightness() < 128]


def tr(text: str) -> str:
    return QCoreApplication.translate("GoalsPanel", text)


NUMBER_AND_WORD = re.compile(r"(?<=\d) (?=[^\d+])|(?<=t/m) ")


def _unbroken(text: str) -> str:
    """A phrase that wraps as a whole ('nog 65 woningen te gaan', '869 hard')."""
    return text.replace(" ", "\u00a0")


def _outlook(colour: str, full: float, verwacht: Optional[float]) -> str:
    """The bar's fill solid up to the verwacht outlook, lighter from there to gepland ('' without an outlook)."""
    if verwacht is None or full <= 0 or verwacht >= full:
        return ""
    cut = verwacht / full  # along the filled part
    light = QColor(colour).lighter(165).name()
    return (f" background: qlineargradient(x1: 0, y1: 0, x2: 1, y2: 0, stop: 0 {colour}, stop: {cut:.4f} {colour},"
            f" stop: {min(cut + 0.0001, 1):.4f} {light}, stop: 1 {light});")


class GoalRow(QWidget):
    """One goal: description, bar, 'figure van goal' with its status, and what it counts."""

    def __init__(self, d: Doel, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName(f"doelrij_{d.fid}")
        ok = d.gehaald  # None: nothing to judge (no figure), grey
        bar_colour = GREY if ok is None else GREEN if ok else RED
        green, red, grey = text_colours(parent or self)
        text_colour = grey if ok is None else green if ok else red
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 6)
        lay.setSpacing(2)
        self.titel = QLabel(d.omschrijving or d.indicator, self)
        self.titel.setWordWrap(True)
        self.titel.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(self)
        self.bar.setObjectName(f"doel_{d.fid}")
        self.bar.setRange(0, BAR_STEPS)
        full = termen.doel_balk(d)
        self.bar.setValue(int(round(max(full, MIN_VISIBLE) * BAR_STEPS)))
        self.bar.setTextVisible(False)  # the text sits beside the bar, on the panel's background: always readable
        self.bar.setFormat(termen.doel_stand(d))
        self.bar.setFixedHeight(10)
        verwacht = termen.doel_verwacht_balk(d)
        self.bar.setStyleSheet(f"QProgressBar {{ border: none; border-radius: 3px; background-color: {GROOVE}; }}"
                               f"QProgressBar::chunk {{ border-radius: 3px; background-color: {bar_colour};"
                               f"{_outlook(bar_colour, full, verwacht)} }}")
        self.bar.setProperty("gehaald", ok)
        self.bar.setProperty("balk", full)
        self.bar.setProperty("verwacht", verwacht)
        # the figure against the goal and its status: one line that wraps at dock width
        self.stand = QLabel(f"<b>{escape(termen.doel_stand(d))}</b>&nbsp;&nbsp; <span style=\"color: {text_colour}\">"
                            f"{_unbroken(escape(termen.doel_status(d)))}</span>", self)
        self.stand.setObjectName(f"doel_{d.fid}_stand")
        self.stand.setWordWrap(True)
        self.verwacht = QLabel(termen.doel_verwacht(d), self)  # the realisatiekans-weighted outlook, when the goal has one
        self.verwacht.setObjectName(f"doel_{d.fid}_verwacht")
        self.verwacht.setWordWrap(True)
        self.verwacht.setVisible(bool(self.verwacht.text()))
        self.opbouw = QLabel(NUMBER_AND_WORD.sub("\u00a0", termen.doel_opbouw(d)), self)  # '869 hard' stays on one line
        self.opbouw.setObjectName(f"doel_{d.fid}_opbouw")
        self.opbouw.setWordWrap(True)
        self.opbouw.setStyleSheet(f"color: {grey};")
        lay.addWidget(self.titel)
        lay.addWidget(self.bar)
        lay.addWidget(self.stand)
        lay.addWidget(self.verwacht)
        lay.addWidget(self.opbouw)
        tip = termen.doel_uitleg(d)
        for w in (self, self.titel, self.bar, self.stand, self.verwacht, self.opbouw):
            w.setToolTip(tip)


class GoalsPanel(QGroupBox):
    """Renders `Doel` rows; knows nothing of stores or layers."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(tr("Doelen"), parent)
        self.setObjectName("goalsBox")
        self.setToolTip(termen.uitleg("doel"))
        outer = QVBoxLayout(self)
        self._rows = QVBoxLayout()
        outer.addLayout(self._rows)
        # the words of the lines under the bars, explained once for the reader who does not hover
        self.legenda = QLabel(termen.legenda_regel(LEGENDA), self)
        self.legenda.setObjectName("doelenLegenda")
        self.legenda.setWordWrap(True)
        outer.addWidget(self.legenda)

    def clear(self) -> None:
        while self._rows.count():
            w = self._rows.takeAt(0).widget()
            if w is not None:  # gone now; never without a parent first (that would make it a window of its own)
                sip.delete(w)

    def show_doelen(self, doelen: Sequence[Doel]) -> None:
        self.clear()
        self.setVisible(bool(doelen))
        for d in doelen:
            self._rows.addWidget(GoalRow(d, self))
        self.legenda.setStyleSheet(f"color: {text_colours(self)[2]};")  # the theme may have changed since

    def rows(self) -> Sequence[GoalRow]:
        return [self._rows.itemAt(i).widget() for i in range(self._rows.count())]
