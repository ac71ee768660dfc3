"""`make bench`, the web atlas (issue #17): 20 simulated users on localhost, each a bounded loop stad → wijk → locatie
(GetMap of the stad view, the figures, GetMap of a wijk, GetFeatureInfo of a location), against `serve` (QGIS Server
in-process) and the production set-up (nginx + QGIS Server as FastCGI). Median and p95 per request kind into
bench/results.md (its own section; the rest of the file is kept)."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
BENCH = ROOT / "bench"
USERS, ROUNDS, THINK = 20, 5, 1.0  # THINK: seconds a user looks at an answer before the next click
SECTION = "## The web atlas (issue #17)"
KINDS = ("GetMap stad", "cijfers", "GetMap wijk", "GetFeatureInfo locatie")


def _wms(params: Dict[str, object]) -> str:
    from urllib.parse import quote, urlencode

    return "/ows?" + urlencode({"SERVICE": "WMS", "VERSION": "1.3.0", "CRS": "EPSG:28992", **params}, quote_via=quote)


def _requests(store_path: Path) -> List[List[tuple]]:
    """Per user: its bounded list of (kind, path)."""
    from almelo_atlas_plugin.core.store.open import open_store

    store = open_store(store_path)
    stad = store.read_geometries("gemeente")[1][0].bounds
    codes, wijken = store.read_geometries("wijken", key="wijk_code")
    _, locaties = store.read_geometries("projecten")
    layers = "gemeente,wijken,gebieden,woningbouwprogramma,potloodplannen,projecten"
    out = []
    for u in range(USERS):
        seq = []
        for r in range(ROUNDS):
            w = wijken[(u + r) % len(wijken)].bounds
            p = locaties[(u * ROUNDS + r) % len(locaties)].representative_point()
            seq += [("GetMap stad", _wms(dict(REQUEST="GetMap", LAYERS=layers, STYLES="", BBOX=",".join(map(str, stad)),
                                                 WIDTH=1024, HEIGHT=768, FORMAT="image/png", TRANSPARENT="true"))),
                    ("cijfers", "/cijfers.json"),
                    ("GetMap wijk", _wms(dict(REQUEST="GetMap", LAYERS=layers, STYLES="", BBOX=",".join(map(str, w)),
                                                 WIDTH=1024, HEIGHT=768, FORMAT="image/png", TRANSPARENT="true"))),
                    ("GetFeatureInfo locatie", _wms(dict(
                        REQUEST="GetFeatureInfo", LAYERS="projecten,potloodplannen,wijken", QUERY_LAYERS="projecten,potloodplannen,wijken",
                        STYLES="", BBOX=f"{p.x - 50},{p.y - 50},{p.x + 50},{p.y + 50}", WIDTH=101, HEIGHT=101, I=50, J=50,
                        INFO_FORMAT="application/json", FEATURE_COUNT=5)))]
        out.append(seq)
    return out


def _load(url: str, plan: List[List[tuple]]) -> Dict[str, List[float]]:
    times: Dict[str, List[float]] = {k: [] for k in (*KINDS, "fouten", "getekend")}
    lock = threading.Lock()

    def user(seq):
        for kind, path in seq:
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(url + path, timeout=300) as r:
                    r.read()
                    ok = r.status == 200
                    drawn = kind == "GetMap stad" and r.headers.get("X-Atlas-Cache") == "MISS"
            except OSError:
                ok = False
            with lock:
                times[kind if ok else "fouten"].append(time.perf_counter() - t0)
                if ok and drawn:  # cold: drawn by QGIS Server, not from the response cache
                    times["getekend"].append(times[kind][-1])
            time.sleep(THINK)

    threads = [threading.Thread(target=user, args=(seq,)) for seq in plan]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def _p95(v: List[float]) -> float:
    return statistics.quantiles(v, n=20)[-1] if len(v) > 1 else v[0]


def _cold(v: List[float]) -> str:
    return f"{len(v)}, {statistics.median(v):.3f} / {_p95(v):.3f}" if v else "—"


def main() -> int:
    from almelo_atlas_plugin.sample import build_sample

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "atlas.gpkg"
        build_sample(store)
        plan = _requests(store)
        proc = subprocess.Popen([sys.executable, "-m", "almelo_atlas_plugin", "serve", str(store), "--port", "0"],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = ""
            while not line.startswith("Atlas op http://"):
                line = proc.stdout.readline()
                if not line:
                    raise SystemExit("serve begon niet")
            rows.append(("`serve` (QGIS Server in het proces)", _load(line.split()[2].rstrip("/"), plan)))
        finally:
            proc.terminate()
            proc.wait()
        if shutil.which("spawn-fcgi"):
            from web_productie import Productie

            site = Path(tmp) / "productie"
            subprocess.run([sys.executable, "-m", "almelo_atlas_plugin", "serve", str(store), "--schrijf", str(site)],
                           cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for n in (os.cpu_count() or 1, 2 * (os.cpu_count() or 1)):
                prod = Productie(site, 18917, processen=n).start(seconds=300)
                try:
                    rows.append((f"nginx + QGIS Server FastCGI ({prod.processen} processen, elk met cache)", _load(prod.url, plan)))
                finally:
                    prod.stop()
    lines = [SECTION, "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores; run {time.strftime('%Y-%m-%d %H:%M')}. {USERS} simulated users "
             f"at once, {THINK:.0f} s between a user's clicks, each {ROUNDS} rounds of stad → wijk → locatie "
             "(GetMap 1024×768 of the stad view, the figures, GetMap of a wijk, GetFeatureInfo of a location), on the sample; "
             "seconds per request, queueing included (one request at a time per QGIS Server process). "
             "`serve` answers repeated requests from its response cache (keyed on the full request and the store's state); "
             "the cold column is the GetMap stad requests QGIS Server drew (cache MISS). FastCGI: each process reads the "
             "project before the users come (warmed) and keeps its own cache, so a repeat can still wait in nginx's queue "
             "behind a drawing in the same process; one process per core and two per core.", "",
             "| set-up | " + " | ".join(f"{k} median / p95 (s)" for k in KINDS) + " | cold GetMap stad: n, median / p95 (s) | failed requests |",
             "|---" * (len(KINDS) + 3) + "|"]
    for name, times in rows:
        lines.append(f"| {name} | " + " | ".join(f"{statistics.median(times[k]):.3f} / {_p95(times[k]):.3f}" for k in KINDS)
                     + f" | {_cold(times['getekend'])} | {len(times['fouten'])} |")
    goal = [f"{name}: {'**gehaald**' if _p95(t['GetMap stad']) < 1 else '**niet gehaald**'} ({_p95(t['GetMap stad']):.2f} s)"
            for name, t in rows]
    lines += ["", "Target: p95 of GetMap at the stad view < 1 s — " + "; ".join(goal)]
    path = BENCH / "results.md"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    kept = [s for s in old.split("\n## ") if not s.startswith(SECTION[3:])]
    path.write_text("\n## ".join(kept).rstrip("\n") + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
