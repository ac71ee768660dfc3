"""The atlas in QGIS and the agenda at scale (issue #18, `make bench`): its subsection of bench/results.md.

- Dock open at 5 M dwellings: the real QGIS desktop under Xvfb with the packaged plugin in a fresh profile
  (tools/bench_schaal_qgis_desktop.py, run by `qgis --code`); the dock opens the store as a user's file dialog makes it
  (`open_path`); timed until the stad view is drawn (the map canvas' last `mapCanvasRefreshed` before it stays still)
  and until the dock shows the figures; wall and CPU seconds of the QGIS process; each visible layer drawn alone.
- The agenda at 1 M: `python -m almelo_atlas_plugin agenda STORE -o PDF` as a whole process (wall and CPU), its pages;
  and the dock's Agenda action in the same QGIS session.
Stores: bench/schaal_5000k.gpkg and bench/schaal_1000k.gpkg (copies, not tracked; tools/bench_speed.py builds them).
Run once each (big, on a shared machine); the subsection "### De atlas in QGIS en de agenda op schaal" of the section
"## Speed at every scale (issue #18)" is replaced, the rest of bench/results.md kept.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = ROOT / "out" / "bench_schaal_qgis"
PY = sys.executable
SECTION = "## Speed at every scale (issue #18)"
HEADING = "### De atlas in QGIS en de agenda op schaal"
TARGET_OPEN_S = 3.0  # dock open at 5 M to a drawn stad view
TARGET_AGENDA_S = 30.0  # agenda (13 pages) at 1 M, whole process


def dock_in_qgis(stores: List[Path], agenda: Optional[Path], profiel: bool = False, timeout: int = 900) -> Dict:
    """One QGIS desktop session: open each store in the dock, then the dock's agenda of `agenda`."""
    sys.path.insert(0, str(ROOT / "tools"))
    import run_qgis

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "result.json").unlink(missing_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="atlas_bench_qgis_"))
    try:
        run_qgis.install(profile)
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env["ATLAS_BENCH_QGIS"] = json.dumps({"stores": [str(s) for s in stores], "agenda": str(agenda) if agenda else "",
                                              "out": str(OUT), "profiel": profiel})
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--profiles-path", str(profile), "--profile", "atlas",
               "--nologo", "--noversioncheck", "--code", str(ROOT / "tools" / "bench_schaal_qgis_desktop.py")]
        with open(OUT / "qgis.log", "w") as log:
            subprocess.run(cmd, env=env, timeout=timeout, stdout=log, stderr=log)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    res = json.loads((OUT / "result.json").read_text(encoding="utf-8"))
    if res["errors"]:
        raise RuntimeError("\n".join(res["errors"]))
    return res


def pdf_pages(pdf: Path) -> int:
    p = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(line.split()[-1] for line in p.stdout.splitlines() if line.startswith("Pages:")))


def agenda_cli(store: Path) -> Dict:
    """`agenda STORE -o PDF` as a whole process, once: wall and CPU seconds (user + sys), the PDF's pages and size."""
    OUT.mkdir(parents=True, exist_ok=True)
    pdf = OUT / f"agenda_cli_{store.stem}.pdf"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([PY, "-m", "almelo_atlas_plugin", "agenda", str(store), "-o", str(pdf)], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"store": store.name, "s": wall, "cpu_s": cpu, "pages": pdf_pages(pdf), "mb": pdf.stat().st_size / 1e6, "pdf": str(pdf)}


def woningen(store: Path) -> str:
    import sqlite3

    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        n = con.execute("SELECT max(fid) FROM woningvoorraad").fetchone()[0] or 0  # rowid order: no scan
    finally:
        con.close()
    return f"{n / 1e6:g} M" if n >= 1_000_000 else f"{n / 1e3:g} k"


def met(value: float, target: float) -> str:
    return "**gehaald**" if value < target else "**niet gehaald**"


def lines(res: Dict) -> List[str]:
    out = [HEADING, "", f"Run {res['run']}, load average {res['load']}; once each (big stores, shared machine). Dock: the real "
           "QGIS 3.22 desktop under Xvfb (1600×1000), the packaged plugin in a fresh profile, the store opened by the dock as "
           "its file dialog does (`open_path`); 'getekend' = the map canvas' last `mapCanvasRefreshed` before it stays still "
           "for 1,5 s (the stad view with the layers visible by default); 'cijfers' = the dock's figures shown; 'grafiek' = its "
           "chart per year drawn (once Qt is idle, after the figures). Wall / CPU "
           "seconds of the QGIS process. Command: `.venv/bin/python tools/bench_schaal_qgis.py`.", "",
           "| woningen | store | open() / cijfers / grafiek (s) | stad view getekend: wall / CPU (s) | hertekeningen | duurste lagen (ms, alleen getekend) |",
           "|---|---|---|---|---|---|"]
    for r in res["dock"]["open"]:
        costs = ", ".join(f"{c['laag']} {c['ms']:.0f}" for c in r["lagen_ms"][:3])
        out.append(f"| {r['woningen']} | {Path(r['store']).name} | {r['open_s']:.2f} / {r['figures_s']:.2f} / {r['chart_s']:.2f} | "
                   f"{r['drawn_s']:.2f} / {r['drawn_cpu_s']:.2f} | {r['refreshes']} | {costs} |")
    out.append("")
    a, d = res.get("agenda_cli"), res["dock"].get("agenda")
    if a:
        out.append(f"- Agenda as a whole process (`python -m almelo_atlas_plugin agenda {a['store']} -o …`): {a['s']:.1f} s wall, "
                   f"{a['cpu_s']:.1f} s CPU, {a['pages']} pages, {a['mb']:.1f} MB.")
    if d:
        out.append(f"- Agenda from the dock (its Agenda action, store already open, {d['store']}): {d['s']:.1f} s wall, "
                   f"{d['cpu_s']:.1f} s CPU ({d['summary']}).")
    big = [r for r in res["dock"]["open"] if r["woningen"] == "5 M"]
    if big:
        r = big[0]
        out.append(f"- target dock open at 5 M < 3 s to a drawn stad view: {met(r['drawn_s'], TARGET_OPEN_S)} ({r['drawn_s']:.2f} s)")
    if a and a["store"].startswith("schaal_1000k"):
        out.append(f"- target agenda ({a['pages']} pages) at 1 M < 30 s: {met(a['s'], TARGET_AGENDA_S)} ({a['s']:.1f} s)")
    return out + [""]


def write(section: List[str]) -> None:
    """Replace this tool's subsection inside the #18 section (or add it at the section's end); the rest stays."""
    path = BENCH / "results.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find(SECTION)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + SECTION + "\n\n"
        start = text.find(SECTION)
    nxt = text.find("\n## ", start + len(SECTION))
    end = len(text) if nxt < 0 else nxt + 1
    body = text[start:end]
    mine = body.find(HEADING)
    if mine >= 0:
        after = body.find("\n### ", mine + len(HEADING))
        body = body[:mine] + (body[after + 1:] if after >= 0 else "")
    body = body.rstrip("\n") + "\n\n" + "\n".join(section) + "\n"
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(text[:start] + body + ("\n" + text[end:] if end < len(text) else ""), encoding="utf-8")
    tmp.replace(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--open", default=str(BENCH / "schaal_5000k.gpkg"), help="comma-separated stores to open in the dock")
    ap.add_argument("--agenda", default=str(BENCH / "schaal_1000k.gpkg"), help="store of the agenda (CLI and dock)")
    ap.add_argument("--profiel", action="store_true", help="cProfile of the dock's open() to out/bench_schaal_qgis/")
    ap.add_argument("--niet-schrijven", action="store_true", help="print the lines, leave bench/results.md alone")
    args = ap.parse_args()
    stores = [Path(s).resolve() for s in args.open.split(",") if s]
    agenda = Path(args.agenda).resolve() if args.agenda else None
    missing = [str(p) for p in [*stores, *([agenda] if agenda else [])] if not p.exists()]
    if missing:
        print(f"Store ontbreekt: {', '.join(missing)} (tools/bench_speed.py --groot bouwt ze in bench/)", file=sys.stderr)
        return 2
    res: Dict = {"run": time.strftime("%Y-%m-%d %H:%M"), "load": " / ".join(f"{x:.1f}" for x in os.getloadavg())}
    res["dock"] = dock_in_qgis(stores, agenda, args.profiel)
    for r in res["dock"]["open"]:
        r["woningen"] = woningen(Path(r["store"]))
    if agenda:
        res["agenda_cli"] = agenda_cli(agenda)
    (OUT / "bench.json").write_text(json.dumps(res, indent=1), encoding="utf-8")
    section = lines(res)
    print("\n".join(section))
    if not args.niet_schrijven:
        write(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
