"""The guide's screenshots are the ones `make handleiding-img` makes (and `make test` never rewrites them)."""

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


def test_make_test_leaves_the_guide_images_alone():
    """`make smoke` (part of `make test`) must not write docs/img; the guide's own target does."""
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = dict(re.findall(r"^([a-z-]+):[^\n]*\n((?:\t[^\n]*\n|[^\n]*\\\n)*)", make, re.M))
    assert "--guide" not in targets["smoke"] and "--guide docs/img" in targets["handleiding-img"]
    assert "cmp -s - out/tracked_voor.txt" in targets["test"]
