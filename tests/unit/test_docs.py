"""The guide's screenshots are the ones `make smoke` makes."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def test_guide_images_come_from_the_smoke_test():
    guide = (ROOT / "docs" / "handleiding.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\]\(img/([^)]+)\)", guide))
    made = set(re.findall(r'shot\("([^"]+)"', (ROOT / "tools" / "run_qgis.py").read_text(encoding="utf-8"))) | {"06_agenda_wijk.png"}
    assert used and used <= made, used - made
    for name in used:
        path = ROOT / "docs" / "img" / name
        assert path.exists() and path.stat().st_size > 20_000, name  # a real screenshot, not an empty image
