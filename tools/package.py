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


def changelog():
    """(version, changelog text) from CHANGELOG.md: the newest section is the version being packaged."""
    import re

    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (\d+\.\d+\.\d+)[^\n]*\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    if not sections:
        raise SystemExit("CHANGELOG.md heeft geen sectie '## X.Y.Z'")
    lines = []
    for ver, body in sections:
        items = [re.sub(r"\s+", " ", b).strip() for b in re.split(r"^- ", body, flags=re.M) if b.strip()]
        lines.append(f"{ver}: " + " ".join(f"- {i}" for i in items))
    return sections[0][0], "\n".join(lines)


def version() -> str:
    return changelog()[0]


def metadata_text() -> str:
    """metadata.txt with version and changelog taken from CHANGELOG.md."""
    cp = configparser.ConfigParser(interpolation=None)
    cp.optionxform = str
    cp.read(ROOT / "metadata.txt", encoding="utf-8")
    ver, log = changelog()
    cp["general"]["version"] = ver
    cp["general"]["changelog"] = log.replace("\n", "\n    ")
    import io

    buf = io.StringIO()
    cp.write(buf)
    return buf.getvalue()


def files():
    for base, prefix in ((ROOT / NAME, ""), (ROOT / "styles", "styles/"), (ROOT / "resources", "resources/")):
        for p in sorted(base.rglob("*")):
            if p.is_dir() or SKIP_DIRS & set(p.parts) or p.suffix in SKIP_SUFFIX:
                continue
            yield p, f"{NAME}/{prefix}{p.relative_to(base).as_posix()}"
    for extra in ("LICENSE", "CHANGELOG.md", "README.md"):
        if (ROOT / extra).exists():
            yield ROOT / extra, f"{NAME}/{extra}"


def build(out_dir: Path = ROOT / "dist") -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{NAME}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for src, arc in files():
            zf.write(src, arc)
        zf.writestr(f"{NAME}/metadata.txt", metadata_text())
    return target


def link(plugins_dir: Path) -> Path:
    """The plugin folder as the zip lays it out, as links into this checkout, under `plugins_dir`: QGIS and
    qgis_process load a plugin only from a folder with metadata.txt inside (the checkout keeps it at the top)."""
    target = plugins_dir / NAME
    for src, arc in files():
        dst = plugins_dir / arc
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.symlink_to(src)
    (target / "metadata.txt").write_text(metadata_text(), encoding="utf-8")
    return target


def plugins_xml(zip_path: Path, url: str = "") -> str:
    """A plugins.xml for a custom plugin repository pointing at the zip."""
    from xml.sax.saxutils import escape

    cp = configparser.ConfigParser(interpolation=None)
    cp.read_string(metadata_text())
    g = cp["general"]
    url = url or zip_path.resolve().as_uri()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<plugins>
  <pyqgis_plugin name="{escape(g['name'])}" version="{escape(g['version'])}" plugin_id="{NAME}">
    <description>{escape(g['description'])}</description>
    <about>{escape(g['about'])}</about>
    <version>{escape(g['version'])}</version>
    <qgis_minimum_version>{escape(g['qgisMinimumVersion'])}</qgis_minimum_version>
    <qgis_maximum_version>{escape(g.get('qgisMaximumVersion', '3.99'))}</qgis_maximum_version>
    <homepage>{escape(g['homepage'])}</homepage>
    <file_name>{zip_path.name}</file_name>
    <author_name>{escape(g['author'])}</author_name>
    <download_url>{escape(url)}</download_url>
    <repository>{escape(g['repository'])}</repository>
    <tracker>{escape(g['tracker'])}</tracker>
    <tags>{escape(g['tags'])}</tags>
    <experimental>{escape(g.get('experimental', 'False'))}</experimental>
    <deprecated>False</deprecated>
  </pyqgis_plugin>
</plugins>
"""


if __name__ == "__main__":
    path = build()
    print(f"Pakket: {path} (versie {version()})")
    if "--repo" in sys.argv:
        xml = path.parent / "plugins.xml"
        xml.write_text(plugins_xml(path), encoding="utf-8")
        print(f"Pluginrepository: {xml}")
    sys.exit(0)
