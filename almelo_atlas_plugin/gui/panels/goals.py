"""The goals panel: one bar per goal of the chosen scope."""

from __future__ import annotations

from typing import Optional, Sequence

from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QGridLayout, QGroupBox, QLabel, QProgressBar, QWidget

from ...core.figures.result import Doel
from ...core.output import tables as report


def tr(text: str) -> str:
    return QCoreApplication.translate("AtlasDock", text)


class GoalsPanel(QGroupBox):
    """Renders `Doel` rows; knows nothing of stores or layers."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(tr("Doelen"), parent)
        self.setObjectName("goalsBox")
        self._grid = QGridLayout(self)

    def clear(self) -> None:
        while self._grid.count():
            w = self._grid.takeAt(0).widget()
            if w is not None:
                w.setParent(None)
                w.deleteLater()

    def show_doelen(self, doelen: Sequence[Doel]) -> None:
        self.clear()
        self.setVisible(bool(doelen))
        for row, d in enumerate(doelen):
            label = QLabel(d.omschrijving or d.indicator, self)
            label.setWordWrap(True)
            bar = QProgressBar(self)
            bar.setObjectName(f"doel_{d.fid}")
            dekking = d.dekking or 0.0
            bar.setRange(0, 150)
            bar.setValue(int(round(min(dekking, 1.5) * 100)))
            if d.eenheid == "aandeel":
                bar.setFormat(tr("{gepland} van max. {streef} ({pct} %)").format(
                    gepland=f"{(d.gepland or 0) * 100:.0f} %", streef=f"{d.streefwaarde * 100:.0f} %", pct=f"{dekking * 100:.0f}"))
            else:
                bar.setFormat(tr("{gepland} van {streef} ({pct} %)").format(
                    gepland=report.fmt(d.gepland), streef=report.fmt(d.streefwaarde), pct=f"{dekking * 100:.0f}"))
            ok = bool(d.gehaald)
            colour = "#27ae60" if ok else "#c0392b"
            bar.setStyleSheet(f"QProgressBar::chunk {{ background-color: {colour}; }}")
            bar.setProperty("gehaald", ok)
            bar.setToolTip(tr("Peiljaar {jaar}; bron {bron}; 100 % = doel, de balk loopt tot 150 %").format(
                jaar=d.peiljaar, bron=d.bron or "–"))
            self._grid.addWidget(label, row, 0)
            self._grid.addWidget(bar, row, 1)
