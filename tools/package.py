"""Build dist/almelo_atlas_plugin.zip: the plugin folder with metadata.txt, styles/, resources/, .qm inside."""

from __future__ import annotations

import configparser
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "almelo_atlas_plugin"
SKIP_DIRS = {"__pycache__", ".pytest_cache"}
SKIP_SUFFIX = {".pyc", ".pyo", ".ts"}


def version() -> str:
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(ROOT / "metadata.txt", encoding="utf-8")
    return cp["general"]["version"]


def files():
    for base, prefix in ((ROOT / NAME, ""), (ROOT / "styles", "styles/"), (ROOT / "resources", "resources/")):
        for p in sorted(base.rglob("*")):
            if p.is_dir() or SKIP_DIRS & set(p.parts) or p.suffix in SKIP_SUFFIX:
                continue
            yield p, f"{NAME}/{prefix}{p.relative_to(base).as_posix()}"
    for extra in ("metadata.txt", "LICENSE", "CHANGELOG.md", "README.md"):
        if (ROOT / extra).exists():
            yield ROOT / extra, f"{NAME}/{extra}"


def build(out_dir: Path = ROOT / "dist") -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{NAME}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for src, arc in files():
            zf.write(src, arc)
    return target


if __name__ == "__main__":
    path = build()
    print(f"Pakket: {path} (versie {version()})")
    sys.exit(0)
