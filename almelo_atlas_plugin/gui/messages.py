"""One message helper for the QGIS message bar: every message of the atlas under the same title."""

from __future__ import annotations

from typing import Optional

from qgis.core import Qgis
from qgis.PyQt.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("AtlasMessages", text)


LEVELS = {"info": Qgis.MessageLevel.Info, "warning": Qgis.MessageLevel.Warning,
          "success": Qgis.MessageLevel.Success, "critical": Qgis.MessageLevel.Critical}
SECONDS = {"info": 5, "warning": 10, "success": 8, "critical": 0}  # critical stays until closed


def notify(iface, text: str, level: str = "warning", seconds: Optional[int] = None, title: Optional[str] = None,
           details: Optional[str] = None) -> None:
    """One line of Dutch in the message bar; `details` only behind Meer tonen."""
    bar = iface.messageBar() if iface is not None else None
    if bar is None:
        return
    title = title or tr("Atlas stadsontwikkeling")
    duration = SECONDS[level] if seconds is None else seconds
    if details:
        bar.pushMessage(title, text, details, LEVELS[level], duration)
    else:
        bar.pushMessage(title, text, LEVELS[level], duration)
