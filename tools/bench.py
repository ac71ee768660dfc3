"""Benchmarks (`make bench`): writes bench/results.md. Not a test: it measures, then checks the targets.

Measured in one run, on the same data:
- the roll-up end to end (store on disk → JSON), at the sample size and at 1 M dwellings + 10 k locations;
- QGIS Processing native:joinbylocationsummary for the same per-wijk dwelling counts;
- a vectorised shapely 2 STRtree + numpy baseline for the same counts (the floor);
- the refresh of the figures after one dwelling block's edit (warm engine);
- peak memory of the roll-up process at 1 M dwellings;
- the schema-5 roll-up (every dwelling figure from the blocks) against the schema-4 one (the plugin at V4_COMMIT, in a
  temporary git worktree) on the same 1 M store: built by the schema-4 plugin, then migrated (4 → 5 makes the blocks).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
PY = sys.executable

PROCESSING_SNIPPET = r"""
import sys, time, json
t0 = time.perf_counter()
from qgis.core import QgsApplication, QgsVectorLayer
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
for p in ("/usr/share/qgis/python/plugins", "/usr/lib/qgis/python/plugins"):
    sys.path.append(p)
from processing.core.Processing import Processing
Processing.initialize()
from qgis.analysis import QgsNativeAlgorithms
reg = QgsApplication.processingRegistry()
if reg.providerById("native") is None:
    reg.addProvider(QgsNativeAlgorithms())
import processing
alg = "native:joinbylocationsummary" if reg.algorithmById("native:joinbylocationsummary") else "qgis:joinbylocationsummary"
store = sys.argv[1]
wijken = QgsVectorLayer(f"{store}|layername=wijken", "wijken", "ogr")
punten = QgsVectorLayer(f"{store}|layername=woningvoorraad", "woningvoorraad", "ogr")
t1 = time.perf_counter()
res = processing.run(alg, {
    "INPUT": wijken, "JOIN": punten, "PREDICATE": [1], "JOIN_FIELDS": ["fid"], "SUMMARIES": [0],
    "DISCARD_NONMATCHING": False, "OUTPUT": "memory:"})
t2 = time.perf_counter()
out = {f["wijk_code"]: int(f["fid_count"] or 0) for f in res["OUTPUT"].getFeatures()}
print(json.dumps({"algorithm_s": t2 - t1, "process_s": t2 - t0, "counts": out, "alg": alg}))
"""

ROLLUP_SNIPPET = r"""
import json, resource, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[2])
from almelo_atlas_plugin.core.figures.rollup import RollupEngine
from almelo_atlas_plugin.core.store.open import open_store
t1 = time.perf_counter()
r = RollupEngine(open_store(sys.argv[1])).compute()
text = json.dumps(r.to_json(), ensure_ascii=False)
t2 = time.perf_counter()
counts = {w.wijk_code: w.profiel.woningen for w in r.wijken}
f = r.stad.figures
won = {k: f[k] for k in ("won_gerealiseerd", "won_hard", "won_zacht", "won_potentieel", "won_koop_hard", "m2_bedrijf_gepland")}
print(json.dumps({"s": t2 - t1, "process_s": t2 - t0, "bytes": len(text), "counts": counts, "won": won,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

FLOOR_SNIPPET = r"""
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[2])
sys.path.insert(0, sys.argv[2] + "/tools")
import numpy, shapely
from bench import shapely_floor
t1 = time.perf_counter()
r = shapely_floor(sys.argv[1])
t2 = time.perf_counter()
print(json.dumps({"s": r["s"], "process_s": t2 - t0, "counts": r["counts"]}))
"""


OPEN_RENDER_SNIPPET = r"""
import json, sys, time
sys.path.insert(0, sys.argv[2])
from qgis.core import QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsProject
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
from almelo_atlas_plugin.core.model.roles import laag_of
from almelo_atlas_plugin.core.output.layers import load_atlas
from almelo_atlas_plugin.core.figures.rollup import RollupEngine
from almelo_atlas_plugin.core.store.open import open_store
t0 = time.perf_counter()
store = open_store(sys.argv[1])
project = QgsProject.instance()
top = load_atlas(store, project)
t1 = time.perf_counter()
RollupEngine(store).compute()
t2 = time.perf_counter()
root = project.layerTreeRoot()
layers = root.checkedLayers()
gemeente = next(l for l in layers if laag_of(l) == "gemeente")
ms = QgsMapSettings()
ms.setLayers(layers)
ms.setDestinationCrs(gemeente.crs())
ms.setExtent(gemeente.extent())
ms.setOutputSize(QSize(1600, 1000))
ms.setBackgroundColor(QColor("white"))
job = QgsMapRendererParallelJob(ms)
t3 = time.perf_counter()
job.start()
job.waitForFinished()
t4 = time.perf_counter()
img = job.renderedImage()
img.save(sys.argv[3])
print(json.dumps({"open_s": t1 - t0, "rollup_s": t2 - t1, "render_s": t4 - t3, "layers": len(project.mapLayers()),
                  "visible": len(layers), "errors": len(job.errors())}))
"""


def run_json(code: str, *args: str) -> Dict:
    t = time.perf_counter()
    p = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    wall = time.perf_counter() - t
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-3000:])
    out = json.loads(p.stdout.strip().splitlines()[-1])
    out["wall_s"] = wall
    return out


def shapely_floor(store_path: Path) -> Dict:
    """Read the raw blobs, parse x/y vectorised, STRtree + contains: the spatial floor."""
    import numpy as np
    import shapely

    from almelo_atlas_plugin.core.store import blobs as gpkg
    from almelo_atlas_plugin.core.store.open import open_store

    t0 = time.perf_counter()
    store = open_store(store_path)
    with store.reading() as con:
        blobs = [r[0] for r in con.execute("SELECT geom FROM woningvoorraad")]
        wk = con.execute("SELECT wijk_code, geom FROM wijken ORDER BY fid").fetchall()
    x, y = gpkg.point_xy(blobs)
    polys = shapely.from_wkb([gpkg.to_wkb(b) for _, b in wk])
    pts = shapely.points(x, y)
    tree = shapely.STRtree(pts)
    poly_idx, _ = tree.query(polys, predicate="contains")
    counts = np.bincount(poly_idx, minlength=len(polys))
    t1 = time.perf_counter()
    return {"s": t1 - t0, "counts": {code: int(c) for (code, _), c in zip(wk, counts)}}


def refresh_one(store_path: Path, repeats: int = 20) -> Dict:
    """Warm engine; edit one dwelling block (its location's row is untouched); time the figures' refresh."""
    from almelo_atlas_plugin.core.figures.rollup import RollupEngine
    from almelo_atlas_plugin.core.store.open import open_store

    work = store_path.with_name(store_path.stem + "_refresh.gpkg")
    shutil.copy(store_path, work)
    store = open_store(work)
    eng = RollupEngine(store)
    t = time.perf_counter()
    eng.compute()
    cold = time.perf_counter() - t
    blok, fid = store.read_frame("SELECT fid, locatie_fid FROM woningblokken WHERE laag = 'projecten' ORDER BY fid LIMIT 1").iloc[0]
    times: List[float] = []
    cpu: List[float] = []
    for i in range(repeats):
        with store.transaction() as con:
            con.execute("UPDATE woningblokken SET aantal = ?, jaar = ?, bijgewerkt_door = 'bench' WHERE fid = ?",
                        (10 + i % 2, 2030 + i % 2, int(blok)))
        t, c = time.perf_counter(), time.process_time()
        r = eng.compute()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)  # the machine is shared: CPU time besides wall time
        assert any(x.fid == fid for x in r.locaties)
    work.unlink()
    times.sort()
    cpu.sort()
    return {"cold_s": cold, "median_s": times[len(times) // 2], "max_s": times[-1], "n": len(times),
            "cpu_median_s": cpu[len(cpu) // 2], "cpu_max_s": cpu[-1]}


def ensure_store(path: Path, woningen: int | None, locaties: int | None) -> float:
    if path.exists():
        return 0.0
    t = time.perf_counter()
    # in its own process, so that this process stays small (its memory would count in the children's peak RSS)
    subprocess.run([PY, "-m", "almelo_atlas_plugin", "sample", str(path), "--woningen", str(woningen), "--locaties", str(locaties)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


V4_COMMIT = "4772a0d"  # the plugin before schema 5 (#15): its roll-up read a location's dwellings from the location


def schema4_code() -> Path:
    """The schema-4 plugin checked out in a temporary worktree (bench/schema4, removed by main), with the wijk bound of
    today (its 100.000 dwellings per wijk refuse the 1 M store)."""
    path = BENCH / "schema4"
    if not path.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(path), V4_COMMIT], cwd=ROOT, check=True, capture_output=True)
        schema = path / "almelo_atlas_plugin" / "core" / "model" / "schema.py"
        text = schema.read_text(encoding="utf-8")
        schema.write_text(text.replace("MAX_WONINGEN_WIJK = 100_000", "MAX_WONINGEN_WIJK = 1_000_000"), encoding="utf-8")
    return path


def schema_4_and_5(runs: int) -> Dict:
    """The roll-up of the same 1 M store at schema 4 (V4_COMMIT's code) and schema 5 (this code, after the migration
    made the blocks), alternating runs; the v4 figures must come out the same."""
    code4 = schema4_code()
    v4, v5 = BENCH / "groot_1m_v4.gpkg", BENCH / "groot_1m_v5.gpkg"
    if not v4.exists():
        subprocess.run([PY, "-m", "almelo_atlas_plugin", "sample", str(v4), "--woningen", "1000000", "--locaties", "10000"],
                       cwd=code4, check=True, stdout=subprocess.DEVNULL)
    if not v5.exists():
        shutil.copy(v4, v5)
        subprocess.run([PY, "-m", "almelo_atlas_plugin", "migrate", str(v5)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    with sqlite3.connect(v5) as con:
        n_blocks, n_locs = con.execute("SELECT (SELECT count(*) FROM woningblokken),"
                                       " (SELECT count(*) FROM projecten) + (SELECT count(*) FROM potloodplannen)").fetchone()
    r4, r5 = [], []
    for _ in range(runs):
        r4.append(run_json(ROLLUP_SNIPPET, str(v4), str(code4)))
        r5.append(run_json(ROLLUP_SNIPPET, str(v5), str(ROOT)))
    b4, b5 = min(r4, key=lambda d: d["s"]), min(r5, key=lambda d: d["s"])
    assert b4["won"] == b5["won"] and b4["counts"] == b5["counts"], "schema 4 and 5 give other figures"
    return {"v4": b4, "v5": b5, "blocks": n_blocks, "locations": n_locs, "woningen": sum(b5["counts"].values()),
            "refresh": refresh_one(v5)}


def measure(label: str, path: Path, runs: int) -> Dict:
    roll = [run_json(ROLLUP_SNIPPET, str(path), str(ROOT)) for _ in range(runs)]
    proc = run_json(PROCESSING_SNIPPET, str(path))
    floor = min((run_json(FLOOR_SNIPPET, str(path), str(ROOT)) for _ in range(runs)), key=lambda d: d["s"])
    best = min(roll, key=lambda d: d["s"])
    assert best["counts"] == floor["counts"] == proc["counts"], "per-wijk counts differ between methods"
    openr = run_json(OPEN_RENDER_SNIPPET, str(path), str(ROOT), str(BENCH / f"stad_{path.stem}.png"))
    return {"label": label, "open": openr, "rollup": best, "rollup_wall": min(r["process_s"] for r in roll), "processing": proc,
            "floor": floor, "refresh": refresh_one(path), "maxrss_mb": max(r["maxrss_mb"] for r in roll),
            "woningen": sum(best["counts"].values())}


def dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def schema_lines(m: Dict) -> List[str]:
    ratio = m["v5"]["s"] / m["v4"]["s"]
    return ["", "## Schema 5: the roll-up from the dwelling blocks (issue #15)", "",
            f"The same store ({dutch(m['woningen'])} woningen, {dutch(m['locations'])} locaties) built by the schema-4 plugin "
            f"({V4_COMMIT}) and, copied, migrated to schema 5 ({dutch(m['blocks'])} woningblokken); roll-up as above, best of "
            "runs that alternate between the two; the schema-4 figures are checked equal.", "",
            "| roll-up | in process (s) | whole process (s) | peak RSS (MB) |", "|---|---|---|---|",
            f"| schema 4 (dwellings from the locations) | {m['v4']['s']:.3f} | {m['v4']['process_s']:.2f} | {m['v4']['maxrss_mb']:.0f} |",
            f"| schema 5 (dwellings from the blocks) | {m['v5']['s']:.3f} | {m['v5']['process_s']:.2f} | {m['v5']['maxrss_mb']:.0f} |",
            "", f"- schema 5 ≤ 1,2× schema 4: **{'gehaald' if ratio <= 1.2 else 'niet gehaald'}** ({ratio:.2f}×); refresh after "
            f"one block's edit at schema 5: {m['refresh']['median_s'] * 1000:.1f} / {m['refresh']['max_s'] * 1000:.1f} ms "
            "(median / max)"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--klein", action="store_true", help="only the sample size (quick check)")
    ap.add_argument("--schema", action="store_true", help="only schema 4 against schema 5 at 1 M (its section of results.md)")
    args = ap.parse_args()
    BENCH.mkdir(exist_ok=True)
    if args.schema:  # this section of results.md renewed, the rest kept
        try:
            section = schema_lines(schema_4_and_5(args.runs))
            old = (BENCH / "results.md").read_text(encoding="utf-8").split("\n## ")
            kept = [part for part in old if not part.startswith(section[1][3:])]
            (BENCH / "results.md").write_text("\n## ".join(kept).rstrip("\n") + "\n" + "\n".join(section) + "\n", encoding="utf-8")
            print("\n".join(section))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(BENCH / "schema4")], cwd=ROOT, capture_output=True)
        return 0
    sample = ROOT / "sample_gpkg" / "almelo_sample.gpkg"
    big = BENCH / "groot_1m.gpkg"
    build_s = 0.0 if args.klein else ensure_store(big, 1_000_000, 10_000)
    results = [measure("steekproef (33.917 woningen, 44 locaties)", sample, args.runs)]
    schemas = None
    if not args.klein:
        results.append(measure("1 M woningen + 10 k locaties", big, args.runs))
        try:
            schemas = schema_4_and_5(args.runs)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(BENCH / "schema4")], cwd=ROOT, capture_output=True)
    lines = [
        "# Benchmarks", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"run {time.strftime('%Y-%m-%d %H:%M')}; best of {args.runs}.",
        "Roll-up = open the store on disk, compute every figure, JSON text; 'in process' after imports, 'whole process' "
        "includes starting Python and importing pandas. "
        "Processing = `native:joinbylocationsummary` (count of dwellings per wijk), algorithm only and whole process. "
        "Floor = shapely 2 STRtree + numpy on the raw WKB, same counts, in process. The three per-wijk counts are checked equal.",
        "",
        "| data | roll-up in process (s) | roll-up whole process (s) | Processing alg. (s) | Processing whole process (s) "
        "| shapely floor in process (s) | floor whole process (s) | Processing ÷ roll-up (in process / whole) "
        "| roll-up ÷ floor (in process / whole) | refresh after 1 edit, median / max (ms) | peak RSS roll-up (MB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    verdicts = []
    for r in results:
        rp_in = r["processing"]["algorithm_s"] / r["rollup"]["s"]
        rp_all = r["processing"]["process_s"] / r["rollup_wall"]
        rf_in = r["rollup"]["s"] / r["floor"]["s"]
        rf_all = r["rollup_wall"] / r["floor"]["process_s"]
        lines.append(
            f"| {r['label']} | {r['rollup']['s']:.3f} | {r['rollup_wall']:.2f} | {r['processing']['algorithm_s']:.2f} "
            f"| {r['processing']['process_s']:.2f} | {r['floor']['s']:.3f} | {r['floor']['process_s']:.2f} "
            f"| {rp_in:.1f}× / {rp_all:.1f}× | {rf_in:.2f}× / {rf_all:.2f}× "
            f"| {r['refresh']['median_s'] * 1000:.1f} / {r['refresh']['max_s'] * 1000:.1f} | {r['maxrss_mb']:.0f} |")
        verdicts.append((r["label"], rp_in, rf_in, r["refresh"]["median_s"], r["maxrss_mb"]))
    lines += ["", "## The atlas in QGIS (issue #4)", "",
              "Open = open the store and load every layer of its catalogue, styled, into the layer tree (until the layers are "
              "in the tree); the dock then computes the figures (roll-up, next column). Render = the stad view (the layers "
              "visible by default, extent of the gemeente, 1600×1000 px) with QgsMapRendererParallelJob.", "",
              "| data | open, layers in the tree (s) | + figures for the dock (s) | render stad view (s) | layers | render errors |",
              "|---|---|---|---|---|---|"]
    for r in results:
        o = r["open"]
        lines.append(f"| {r['label']} | {o['open_s']:.2f} | {o['rollup_s']:.2f} | {o['render_s']:.2f} | {o['layers']} | {o['errors']} |")
    lines += ["", "## Targets (issue #3)", ""]
    for label, rp, rf, ref, mem in verdicts:
        lines.append(f"- {label}: ≥ 20× faster than Processing: **{'gehaald' if rp >= 20 else 'niet gehaald'}** ({rp:.1f}×); "
                     f"≤ 2× the shapely floor: **{'gehaald' if rf <= 2 else 'niet gehaald'}** ({rf:.2f}×); "
                     f"refresh < 50 ms: **{'gehaald' if ref < 0.05 else 'niet gehaald'}** ({ref * 1000:.1f} ms); "
                     f"peak memory < 2 GB: **{'gehaald' if mem < 2048 else 'niet gehaald'}** ({mem:.0f} MB)")
    lines += ["", "## Targets (issue #4)", ""]
    for r in results:
        o = r["open"]
        lines.append(f"- {r['label']}: open < 3 s: **{'gehaald' if o['open_s'] + o['rollup_s'] < 3 else 'niet gehaald'}** "
                     f"({o['open_s'] + o['rollup_s']:.2f} s incl. figures); render < 2 s: "
                     f"**{'gehaald' if o['render_s'] < 2 else 'niet gehaald'}** ({o['render_s']:.2f} s)")
    if schemas is not None:
        lines += schema_lines(schemas)
    # the agenda on paper (issue #6): full PDF for the sample, a new process as the command line runs it
    t = time.perf_counter()
    pdf = BENCH / "agenda_sample.pdf"
    subprocess.run([PY, "-m", "almelo_atlas_plugin", "agenda", str(sample), "-o", str(pdf)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    agenda_s = time.perf_counter() - t
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    n_pages = next((ln.split()[-1] for ln in pages.splitlines() if ln.startswith("Pages:")), "?")
    lines += ["", "## The agenda on paper (issue #6)", "",
              f"- `agenda` for the sample (whole process, {n_pages} pages, {pdf.stat().st_size / 1e6:.1f} MB): {agenda_s:.1f} s — "
              f"target < 30 s: **{'gehaald' if agenda_s < 30 else 'niet gehaald'}**"]
    if build_s:
        lines += ["", f"Building the 1 M store (`sample --woningen 1000000 --locaties 10000`): {build_s:.0f} s."]
    (BENCH / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"\nGeschreven: {BENCH / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
