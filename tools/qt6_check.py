"""Qt6 / QGIS 4 readiness check (part of `make lint`): Qt only through qgis.PyQt, no exec_()."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = (
    (re.compile(r"^\s*(from|import)\s+PyQt[56]\b"), "importeer Qt via qgis.PyQt"),
    (re.compile(r"\.exec_\("), "gebruik exec() in plaats van exec_()"),
    (re.compile(r"QVariant\.(Int|String|Double|LongLong|Bool|Date|DateTime)\b"), "QVariant-veldtype zonder versiepoort"),
    # Qt6 drops the unscoped enum members: Qt.AlignRight must be Qt.AlignmentFlag.AlignRight
    (re.compile(r"\bQt\.(?!(AlignmentFlag|CheckState|MouseButton|DockWidgetArea|ItemDataRole|PenStyle|BrushStyle|ScrollBarPolicy|"
                r"Orientation|CursorShape|Key|WindowType|ItemFlag|TextFormat|GlobalColor|KeyboardModifier|SortOrder|"
                r"TransformationMode|AspectRatioMode|ConnectionType|ToolButtonStyle|FocusPolicy|WindowModality|ApplicationAttribute|TextFlag)\b)[A-Z]\w*"),
     "enum zonder scope (Qt6)"),
    (re.compile(r"\b(QSizePolicy|QHeaderView|QAbstractItemView|QTableWidget|QPlainTextEdit|QFrame|QDialogButtonBox|QMessageBox)"
                r"\.(?!(Policy|ResizeMode|EditTrigger|SelectionMode|SelectionBehavior|LineWrapMode|Shape|Shadow|StandardButton|"
                r"ButtonRole|Icon)\b)[A-Z]\w*\b(?!\()"), "enum zonder scope (Qt6)"),
)


# Designer forms: widgets and properties Qt6's uic no longer knows
UI_RULES = (
    (re.compile(r'class="(QRegExpValidator|QDesktopWidget|QGLWidget|QWorkspace)"'), "widget bestaat niet meer in Qt6"),
    (re.compile(r'<property name="margin">'), "layout-eigenschap margin (Qt4): gebruik leftMargin/topMargin/…"),
    (re.compile(r"<(layoutdefault|pixmapfunction)\b"), "Qt4-element in een .ui"),
)


def ui_problems() -> list:
    """Every .ui of the plugin must parse and avoid what Qt6 dropped; loaded with qgis.PyQt.uic on either Qt."""
    import xml.etree.ElementTree as ET

    bad = []
    for path in sorted((ROOT / "almelo_atlas_plugin").rglob("*.ui")):
        text = path.read_text(encoding="utf-8")
        try:
            ET.fromstring(text)
        except ET.ParseError as exc:
            bad.append(f"{path.relative_to(ROOT)}: geen geldige XML ({exc})")
            continue
        for n, line in enumerate(text.splitlines(), 1):
            for rx, msg in UI_RULES:
                if rx.search(line):
                    bad.append(f"{path.relative_to(ROOT)}:{n}: {msg}")
    return bad


def main() -> int:
    bad = ui_problems()
    for path in sorted((ROOT / "almelo_atlas_plugin").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for rx, msg in RULES:
                if rx.search(line) and "qt6-ok" not in line:
                    bad.append(f"{path.relative_to(ROOT)}:{n}: {msg}")
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
