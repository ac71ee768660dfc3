"""The chart panel: the chart per year as wide as the dock and as tall as its drawing asks, so that its text is never
squeezed. Needs QtSvg (the caller leaves the chart out on an ImportError)."""

from __future__ import annotations

from typing import Callable, Optional, Sequence

from qgis.PyQt.QtCore import QByteArray, QSize, QTimer
from qgis.PyQt.QtSvg import QSvgWidget
from qgis.PyQt.QtWidgets import QSizePolicy, QWidget

from ...core.figures.result import PerJaar
from ...core.output import charts

DOCK_PX = round(charts.DOCK_WIDTH_IN * 100)
WAIT_MS = 5000  # the longest the chart waits for a drawing map


class ChartPanel(QSvgWidget):
    """Renders the per-year rows it is given; knows nothing of stores or scopes."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("chart")
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._shown: Optional[tuple] = None  # what is drawn: the same rows and title again are not drawn again
        self._pending: Optional[tuple] = None
        self._waited = 0
        self._timer = QTimer(self)  # the chart is drawn once control returns to Qt: the map draws meanwhile
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._due)
        self.busy: Callable[[], bool] = lambda: False  # e.g. the map is drawing: the chart waits for it

    def show_per_jaar(self, per_jaar: Sequence[PerJaar], titel: str, from_year: Optional[int] = None) -> None:
        """Draw the chart (matplotlib, ~1 s in QGIS) as soon as Qt is idle, the last rows asked for; nothing when it
        already shows these rows under this title (opening an atlas shows its figures twice: new result, stad scope)."""
        key = (tuple(per_jaar), titel, from_year)
        self._pending = None if key == self._shown else key
        if self._pending is not None:
            self._waited = 0
            self._timer.start(0)

    def _due(self) -> None:
        if self.busy() and self._waited < WAIT_MS:  # never longer than WAIT_MS (a map that keeps drawing)
            self._waited += 50
            self._timer.start(50)
            return
        self.flush()

    def flush(self) -> None:
        """Draw now what is waiting (a screenshot, a test)."""
        self._timer.stop()
        key, self._pending = self._pending, None
        if key is None:
            return
        per_jaar, titel, from_year = key
        self.load(QByteArray(charts.per_jaar_svg(per_jaar, titel, from_year=from_year, vertaald=True)))
        self._shown = key
        self._fit()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        size = self.renderer().defaultSize()
        return round(width * size.height() / size.width()) if size.width() > 0 else 0

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(DOCK_PX, self.heightForWidth(DOCK_PX))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """As tall as the drawing at this width (a scroll area does not ask a widget's height for its width)."""
        height = self.heightForWidth(self.width())
        if height and height != self.height():
            self.setFixedHeight(height)
