"""Start the real QGIS with the packaged plugin in a separate profile and the sample open.

`make qgis` runs it on the user's display. With --screenshot and --quit it serves as a
smoke test under Xvfb: it grabs the main window, writes the QGIS message log next to it
and exits non-zero on any Python error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import package  # noqa: E402

STARTUP = r'''
import sys, traceback
from qgis.core import QgsApplication, Qgis
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface, plugins

LOG = {log!r}
GUIDE = {guide!r}
SHOT = {shot!r}
SAMPLE = {sample!r}
QUIT = {quit!r}
errors = []

def on_message(message, tag, level):
    with open(LOG, "a", encoding="utf-8") as fh:
        fh.write(f"[{{tag}}] {{int(level)}} {{message}}\n")
    if tag == "Python error" or (level == Qgis.MessageLevel.Critical and "Traceback" in message):
        errors.append(message)

QgsApplication.messageLog().messageReceived.connect(on_message)

def run():
    try:
        p = plugins["almelo_atlas_plugin"]
        p.show_dock(True)
        if not p.dock.open_path(SAMPLE):
            errors.append("store niet geopend")
    except Exception:
        errors.append(traceback.format_exc())
        on_message(traceback.format_exc(), "Python error", Qgis.MessageLevel.Critical)
    QTimer.singleShot(1500, choose_wijk)

def choose_wijk():
    try:
        wijk = {wijk!r}
        if wijk:
            plugins["almelo_atlas_plugin"].dock.controller.select_wijk(wijk)
    except Exception:
        errors.append(traceback.format_exc())
        on_message(traceback.format_exc(), "Python error", Qgis.MessageLevel.Critical)
    QTimer.singleShot(3000, finish)

def guide_shots():
    """Screenshots for docs/handleiding.md, made from the real QGIS (make smoke)."""
    import os
    from qgis.PyQt.QtCore import QCoreApplication
    p = plugins["almelo_atlas_plugin"]
    d = p.dock
    win = iface.mainWindow()
    def shot(name, widget=None):
        QCoreApplication.processEvents()
        iface.mapCanvas().waitWhileRendering()
        QCoreApplication.processEvents()
        (widget or win).grab().save(os.path.join(GUIDE, name))
    d.controller.set_scope("stad")
    shot("01_stad.png")
    d.controller.select_wijk("WK014116")
    shot("02_wijk.png")
    proj = d.controller.atlas_layers()["projecten"]
    ids = [f.id() for f in proj.getFeatures() if f["naam"] in ("Transformatie voormalig Stadhuis", "Ontwikkeling Stadskade")]
    d.controller.set_scope("locatie")
    proj.selectByIds(ids)
    d.scroll.ensureWidgetVisible(d.tags)
    d.scroll.ensureWidgetVisible(d.tags.tag_checks["3.1"], 50, 120)
    shot("03_opgaven.png", d)
    proj.selectByIds(ids[:1])
    d.scroll.ensureWidgetVisible(d.history)
    shot("04_historie.png", d)
    d.scroll.ensureWidgetVisible(d.goals_box)
    d.controller.set_scope("stad")
    d.scroll.ensureWidgetVisible(d.goals_box)
    shot("05_doelen.png", d)
    from qgis.PyQt.QtCore import QDate
    d.peildatum_edit.setDate(QDate(2021, 1, 1))
    d.peildatum_check.setChecked(True)
    shot("06_peildatum.png", d)
    d.peildatum_check.setChecked(False)
    d.export_agenda(os.path.join(GUIDE, "agenda.pdf"))
    proj.removeSelection()

def finish():
    if GUIDE:
        try:
            guide_shots()
        except Exception:
            errors.append(traceback.format_exc())
            on_message(traceback.format_exc(), "Python error", Qgis.MessageLevel.Critical)
    if SHOT:
        iface.mainWindow().grab().save(SHOT)
        if hasattr(plugins["almelo_atlas_plugin"], "dock") and plugins["almelo_atlas_plugin"].dock is not None:
            plugins["almelo_atlas_plugin"].dock.grab().save(SHOT.replace(".png", "_dock.png"))
    with open(LOG, "a", encoding="utf-8") as fh:
        fh.write(f"SMOKE-RESULT {{len(errors)}} errors\n")
    if QUIT:
        QgsApplication.exit(1 if errors else 0)

QTimer.singleShot(1500, run)
'''


def install(profile_root: Path) -> Path:
    zip_path = package.build()
    plugins_dir = profile_root / "profiles" / "atlas" / "python" / "plugins"
    if plugins_dir.exists():
        shutil.rmtree(plugins_dir)
    plugins_dir.mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(plugins_dir)
    ini = profile_root / "profiles" / "atlas" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    ini.write_text("[PythonPlugins]\nalmelo_atlas_plugin=true\n\n[qgis]\ncheckVersion=false\nshowTips=false\n"
                   "[core]\nlocale\\overrideFlag=false\n", encoding="utf-8")
    return plugins_dir


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", default=str(ROOT / "sample_gpkg" / "almelo_sample.gpkg"))
    ap.add_argument("--profile-root", default=str(ROOT / ".qgis-profile"))
    ap.add_argument("--screenshot")
    ap.add_argument("--wijk")
    ap.add_argument("--quit", action="store_true")
    ap.add_argument("--guide", help="folder for the user guide's screenshots")
    ap.add_argument("--timeout", type=int, default=180)
    args = ap.parse_args()
    root = Path(args.profile_root).resolve()
    install(root)
    log = str(Path(args.screenshot).with_suffix(".log")) if args.screenshot else str(root / "qgis.log")
    Path(log).parent.mkdir(parents=True, exist_ok=True)
    Path(log).write_text("", encoding="utf-8")
    guide = str(Path(args.guide).resolve()) if args.guide else ""
    if guide:
        Path(guide).mkdir(parents=True, exist_ok=True)
    code = STARTUP.format(log=log, guide=guide, shot=str(Path(args.screenshot).resolve()) if args.screenshot else "",
                          sample=str(Path(args.sample).resolve()), quit=args.quit, wijk=args.wijk or "")
    startup = Path(tempfile.mkdtemp()) / "atlas_startup.py"
    startup.write_text(code, encoding="utf-8")
    cmd = ["qgis", "--profiles-path", str(root), "--profile", "atlas", "--nologo", "--noversioncheck", "--code", str(startup)]
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None) if not args.quit else None
    try:
        proc = subprocess.run(cmd, env=env, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        print(f"QGIS reageerde niet binnen {args.timeout} s", file=sys.stderr)
        return 1
    text = Path(log).read_text(encoding="utf-8")
    if guide and (Path(guide) / "agenda.pdf").exists():  # a page of the agenda for the guide, then the PDF goes
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "2", "-l", "2", "-singlefile", str(Path(guide) / "agenda.pdf"),
                        str(Path(guide) / "06_agenda_wijk")], check=False)
        (Path(guide) / "agenda.pdf").unlink()
    if args.quit:
        print(text[-3000:])
        if "SMOKE-RESULT 0 errors" not in text:
            return 1
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
