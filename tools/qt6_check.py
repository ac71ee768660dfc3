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
                r"TransformationMode|AspectRatioMode|ConnectionType|ToolButtonStyle|FocusPolicy|WindowModality|ApplicationAttribute)\b)[A-Z]\w*"),
     "enum zonder scope (Qt6)"),
    (re.compile(r"\b(QSizePolicy|QHeaderView|QAbstractItemView|QTableWidget|QPlainTextEdit|QFrame|QDialogButtonBox|QMessageBox)"
                r"\.(?!(Policy|ResizeMode|EditTrigger|SelectionMode|SelectionBehavior|LineWrapMode|Shape|Shadow|StandardButton|"
                r"ButtonRole|Icon)\b)[A-Z]\w*\b(?!\()"), "enum zonder scope (Qt6)"),
)


def main() -> int:
    bad = []
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
