"""Map tool: one click on the map gives a point (in the canvas CRS) to the dock."""

from __future__ import annotations

from qgis.gui import QgsMapToolEmitPoint
from qgis.PyQt.QtCore import pyqtSignal


class PointPickTool(QgsMapToolEmitPoint):
    picked = pyqtSignal(float, float, object)

    def __init__(self, canvas):
        super().__init__(canvas)
        self.canvasClicked.connect(self._clicked)

    def _clicked(self, point, button) -> None:
        self.picked.emit(point.x(), point.y(), self.canvas().mapSettings().destinationCrs())
