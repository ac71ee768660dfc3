"""Plain-file resources (catalogues, styles, layouts, icons) found through one helper."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Dict, List

PLUGIN_DIR = Path(__file__).resolve().parent.parent


def _first_existing(*candidates: Path) -> Path:
    for c in candidates:
        if c.exists():
            return c
    return candidates[0]


def resources_dir() -> Path:
    """`resources/` inside the installed plugin, or at the repository top in a checkout."""
    return _first_existing(PLUGIN_DIR / "resources", PLUGIN_DIR.parent / "resources")


def styles_dir() -> Path:
    return _first_existing(PLUGIN_DIR / "styles", PLUGIN_DIR.parent / "styles")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def style_path(name: str) -> Path:
    return styles_dir() / f"{name}.qml"


def read_csv(*parts: str) -> List[Dict[str, str]]:
    """Read a catalogue CSV (lines starting with '#' are comments)."""
    path = resource_path(*parts)
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    return [dict(row) for row in csv.DictReader(lines)]
