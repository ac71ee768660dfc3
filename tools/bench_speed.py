"""Speed at every scale (issue #18, `make bench`): its section of bench/results.md.

- Start-up: `rollup` of the sample as a whole process (the command line as a user starts it; Python's bytecode cache
  kept in out/pycache, as an installed plugin has one), and which heavy modules it imports (none of pandas, Qt, GDAL).
- A scaling table at 100 k, 1 M (and with --groot 5 M) dwellings with 10 k locations, both backends: the whole-process
  roll-up that reads the kept wijk profile, the cold roll-up that recomputes it from the base layers (in process), the
  refresh after one dwelling block's edit (warm engine, the dock's path) and the peak memory; at every scale the figures
  of the kept profile are checked equal to the cold recompute, on both backends.
- At 1 M: QGIS Processing's join-by-location summary in the same run (the roll-up ÷ Processing target).
Stores are built once into bench/ (`sample --woningen N --locaties 10000`, not tracked). Medians; the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
PY = sys.executable
HEADING = "## Speed at every scale (issue #18)"
SAMPLE = ROOT / "sample_gpkg" / "almelo_sample.gpkg"
HEAVY = ("pandas", "qgis", "PyQt5", "osgeo", "openpyxl", "matplotlib")
SIZES = {"100 k": 100_000, "1 M": 1_000_000, "5 M": 5_000_000}

IN_PROCESS = r"""
import json, sys, time
sys.path.insert(0, sys.argv[2])
from almelo_atlas_plugin.core.figures.rollup import RollupEngine
from almelo_atlas_plugin.core.store.open import open_store
store = open_store(sys.argv[1])
out = {}
for name, bewaard in (("bewaard", True), ("koud", False), ("bewaard2", True), ("koud2", False))[:int(sys.argv[4]) if len(sys.argv) > 4 else 4]:
    t = time.perf_counter()
    r = RollupEngine(store, bewaard=bewaard).compute().to_json()
    out[name + "_s"] = time.perf_counter() - t
    out[name] = json.dumps(r, sort_keys=True)
out["gelijk"] = len({out.pop(k) for k in ("bewaard", "koud", "bewaard2", "koud2") if k in out}) == 1
if len(sys.argv) > 3 and sys.argv[3]:  # the figures at a peildatum (PostGIS: computed in SQL from the history, no copy)
    from almelo_atlas_plugin.core import atlas
    t = time.perf_counter()
    atlas.figures(store, sys.argv[3])
    out["peildatum_s"] = time.perf_counter() - t
print(json.dumps(out))
"""

MODULES = r"""
import json, sys
from almelo_atlas_plugin.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted({m.split(".")[0] for m in sys.modules})}), file=sys.stderr)
"""


def _refresh_cpu(r: Dict) -> str:
    """The refresh's CPU time (the machine is shared: wall time alone says little), when measured."""
    v = r.get("cpu_median_s")
    return f", {v * 1000:.1f} ms CPU" if v is not None and v == v else ""  # NaN: not measured


def env() -> Dict[str, str]:
    e = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPYCACHEPREFIX": str(ROOT / "out" / "pycache")}
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    return e


def whole(args: List[str], runs: int) -> Dict[str, float]:
    """A command as a whole process: wall seconds of `runs` after one warm-up (median, min, max)."""
    cmd = [PY, "-m", "almelo_atlas_plugin", *args]
    subprocess.run(cmd, cwd=ROOT, env=env(), check=True, stdout=subprocess.DEVNULL)
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env(), check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    # CPU seconds (user + sys) as well: on a shared machine the wall time also counts the waiting for a core
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "cpu_s": statistics.median(cpu)}


def peak_of(args: List[str]) -> float:
    """Peak RSS (MB) of one run of the command, measured by GNU time in a fresh process."""
    p = subprocess.run(["/usr/bin/time", "-f", "%M", PY, "-m", "almelo_atlas_plugin", *args], cwd=ROOT, env=env(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    return int(p.stderr.strip().splitlines()[-1]) / 1024


def in_process(uri: str, peildatum: str = "", passes: int = 4) -> Dict:
    p = subprocess.run([PY, "-c", IN_PROCESS, uri, str(ROOT), peildatum, str(passes)], cwd=ROOT, env=env(), capture_output=True,
                       text=True)
    if p.returncode:
        raise RuntimeError(p.stderr[-2000:])
    return json.loads(p.stdout.strip().splitlines()[-1])


def startup(runs: int) -> Dict:
    p = subprocess.run([PY, "-c", MODULES, "rollup", str(SAMPLE)], cwd=ROOT, env=env(), capture_output=True, text=True)
    loaded = json.loads(p.stderr.strip().splitlines()[-1])["loaded"]
    return {**whole(["rollup", str(SAMPLE)], runs), "heavy": sorted(set(HEAVY) & set(loaded)),
            "json": whole(["rollup", str(SAMPLE), "--format", "json"], runs)}


def ensure(n: int) -> Path:
    path = BENCH / f"schaal_{n // 1000}k.gpkg"
    if not path.exists():
        t = time.perf_counter()
        # the generator itself: the command line's `sample` stops at 2 M dwellings
        subprocess.run([PY, "-c", "import sys; from almelo_atlas_plugin.sample import build_sample;"
                        " build_sample(sys.argv[1], woningen=int(sys.argv[2]), locaties=10000)", str(path), str(n)],
                       cwd=ROOT, env=env(), check=True, stdout=subprocess.DEVNULL)
        print(f"gebouwd: {path.name} in {time.perf_counter() - t:.0f} s", flush=True)
    return path


def refresh(path: Path) -> Dict:
    from bench import refresh_one

    return refresh_one(path, repeats=15)


def postgis(cluster, path: Path, label: str) -> Dict:
    from almelo_atlas_plugin.core.store.open import copy_store, open_store

    uri = f"{cluster.createdb('schaal_' + label.replace(' ', '').lower())}?schema=atlas"
    t = time.perf_counter()
    copy_store(open_store(path), uri)
    copy_s = time.perf_counter() - t
    analyze(uri)
    return {"uri": uri, "copy_s": copy_s, **in_process(uri, "2021-01-01"), "whole": whole(["rollup", uri], 3)}


def analyze(uri: str) -> None:
    """The planner's statistics of the fresh copy, as autovacuum makes them within a minute (the first roll-up right after
    the copy would otherwise be planned without them)."""
    import psycopg2

    con = psycopg2.connect(uri.split("?")[0])
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    con.close()


PG_CPU = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[2])
from almelo_atlas_plugin.core import atlas
from almelo_atlas_plugin.core.figures.rollup import RollupEngine
from almelo_atlas_plugin.core.store.open import open_store
pid, tick = int(sys.argv[4]), os.sysconf("SC_CLK_TCK")


def server():  # the cluster's CPU seconds: the postmaster, its exited children (cutime) and the running ones
    tot = sum(int(x) for x in open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[11:15])
    for c in open(f"/proc/{pid}/task/{pid}/children").read().split():
        try:
            tot += sum(int(x) for x in open(f"/proc/{c}/stat").read().rsplit(")", 1)[1].split()[11:13])
        except FileNotFoundError:
            pass
    return tot / tick


store, out = open_store(sys.argv[1]), {}
for name in ("koud", "bewaard", "peildatum", "koud", "bewaard", "peildatum"):
    t, c, sc = time.perf_counter(), time.process_time(), server()
    if name == "peildatum":
        atlas.figures(store, sys.argv[3])
    else:
        RollupEngine(store, bewaard=name == "bewaard").compute()
    out.setdefault(name, []).append({"wall_s": time.perf_counter() - t, "cpu_s": time.process_time() - c, "server_cpu_s": server() - sc})
print(json.dumps(out))
"""


def postgis_cpu(uri: str, peildatum: str = "2021-01-01") -> Dict:
    """Cold, kept-profile and peildatum roll-ups of a PostGIS store of a local cluster (started by tests/pgcluster.py) in
    one process, twice each: wall, this process's CPU and the database server's (its postmaster's accounting), for the
    PostGIS targets of #18 (the server does most of the work, which the process's own CPU does not show)."""
    port = int(uri.split("?")[0].rsplit(":", 1)[1].split("/")[0])
    pid = next(int(f.read_text().split("\n")[0]) for f in Path("/tmp").glob("atlas_pg_*/data/postmaster.pid")
               if f.read_text().split("\n")[3].strip() == str(port))
    p = subprocess.run([PY, "-c", PG_CPU, uri, str(ROOT), peildatum, str(pid)], cwd=ROOT, env=env(), capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(p.stderr[-2000:])
    return json.loads(p.stdout.strip().splitlines()[-1])


def processing(path: Path) -> Dict:
    from bench import PROCESSING_SNIPPET

    p = subprocess.run([PY, "-c", PROCESSING_SNIPPET, str(path)], cwd=ROOT, env=env(), capture_output=True, text=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


def _best(r: Dict, name: str) -> float:
    """The faster of an in-process roll-up's passes: the first after a copy also computes and keeps what the store lacks."""
    return min(r[f"{name}_s"], r.get(f"{name}2_s", float("inf")))


def lines(res: Dict) -> List[str]:
    st = res["startup"]
    out = ["", HEADING, "",
           f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; run {time.strftime('%Y-%m-%d %H:%M')};"
           " medians. Whole process = `python -m almelo_atlas_plugin rollup STORE` (the stad table) from start to exit, with Python's"
           " bytecode cache (as an installed plugin has it); roll-up 'bewaard' reads the wijk profile kept in the store (schema 9),"
           " 'koud' recomputes it from every dwelling, label and leefbaarheid row (in process). 'gelijk': the figures of both, as JSON,"
           " are the same. Refresh = the dock's warm engine after one dwelling block's edit.", "",
           "### Start-up", "",
           f"- `rollup` of the sample (table), whole process: {st['median_s']:.3f} s wall (min {st['min_s']:.3f}, max {st['max_s']:.3f}),"
           f" {st['cpu_s']:.3f} s CPU; `--format json`: {st['json']['median_s']:.3f} s wall, {st['json']['cpu_s']:.3f} s CPU;"
           f" heavy modules loaded: {', '.join(st['heavy']) or 'geen'}.",
           f"- target < 0,25 s: **{'gehaald' if st['median_s'] < 0.25 else 'niet gehaald'}** ({st['median_s']:.3f} s wall;"
           f" CPU {st['cpu_s']:.3f} s{', load average ' + res['load'] if res.get('load') else ''})", "",
           "### Scaling (10.000 locaties)", "",
           "| woningen | backend | whole process, bewaard: wall / CPU (s) | in process bewaard / koud, best pass (s) | gelijk | refresh median / max (ms)"
           " | peak RSS whole process, JSON of every level (MB) |",
           "|---|---|---|---|---|---|---|"]
    for label, r in res["sizes"].items():
        g = r["gpkg"]
        out.append(f"| {label} ({r.get('run', '')}) | GeoPackage | {g['whole']['median_s']:.2f} / {g['whole']['cpu_s']:.2f} | "
                   f"{_best(g, 'bewaard'):.3f} / {_best(g, 'koud'):.3f} | "
                   f"{'ja' if g['gelijk'] else 'NEE'} | {g['refresh']['median_s'] * 1000:.1f} / {g['refresh']['max_s'] * 1000:.1f} | "
                   f"{g['peak_mb']:.0f} |")
        if r.get("pg"):
            p = r["pg"]
            out.append(f"| {label} | PostGIS | {p['whole']['median_s']:.2f} / {p['whole']['cpu_s']:.2f} | {_best(p, 'bewaard'):.3f} / {_best(p, 'koud'):.3f} | "
                       f"{'ja' if p['gelijk'] else 'NEE'} | – | – |")
    out += ["", "### Targets", ""]
    sizes = res["sizes"]
    if "100 k" in sizes and "5 M" in sizes:
        a, b = sizes["100 k"]["gpkg"]["whole"]["median_s"], sizes["5 M"]["gpkg"]["whole"]["median_s"]
        cpu = sizes["5 M"]["gpkg"]["whole"]["cpu_s"] / sizes["100 k"]["gpkg"]["whole"]["cpu_s"]
        out.append(f"- whole-process roll-up at 5 M ≤ 1,3× at 100 k: **{'gehaald' if b <= 1.3 * a else 'niet gehaald'}** ({b / a:.2f}× wall,"
                   f" {cpu:.2f}× CPU)")
    elif "100 k" in sizes and "1 M" in sizes:
        a, b = sizes["100 k"]["gpkg"]["whole"]["median_s"], sizes["1 M"]["gpkg"]["whole"]["median_s"]
        out.append(f"- whole-process roll-up at 1 M ÷ at 100 k (5 M not measured in this run): {b / a:.2f}×")
    if "1 M" in sizes:
        g = sizes["1 M"]["gpkg"]
        out.append(f"- refresh after one edit at 1 M < 20 ms (median): **{'gehaald' if g['refresh']['median_s'] < 0.02 else 'niet gehaald'}**"
                   f" ({g['refresh']['median_s'] * 1000:.1f} ms wall{_refresh_cpu(g['refresh'])})")
        if res.get("processing"):
            pr = res["processing"]
            ratio = pr["process_s"] / g["whole"]["median_s"]
            out.append(f"- whole-process roll-up ≥ 25× faster than Processing `{pr['alg']}` at 1 M: "
                       f"**{'gehaald' if ratio >= 25 else 'niet gehaald'}** ({ratio:.1f}×: {pr['process_s']:.1f} s vs "
                       f"{g['whole']['median_s']:.2f} s)")
    for label, r in sizes.items():  # PostGIS where it was measured (1 M is the target's size)
        if r.get("pg"):
            p, g = r["pg"], r["gpkg"]
            pk, gk, pb, gb = _best(p, "koud"), _best(g, "koud"), _best(p, "bewaard"), _best(g, "bewaard")
            ratio = pk / gk
            out.append(f"- PostGIS cold roll-up ≤ 1,2× GeoPackage ({label}{'' if label == '1 M' else '; the target is at 1 M'}): "
                       f"**{'gehaald' if ratio <= 1.2 else 'niet gehaald'}** ({ratio:.2f}×: {pk:.2f} s vs {gk:.2f} s, in process)")
            out.append(f"- PostGIS kept-profile roll-up ÷ GeoPackage ({label}): in process {pb / gb:.2f}× ({pb:.2f} s vs {gb:.2f} s),"
                       f" whole process {p['whole']['median_s'] / g['whole']['median_s']:.2f}× ({p['whole']['median_s']:.2f} s vs"
                       f" {g['whole']['median_s']:.2f} s); copy into PostGIS (`copy_store`): {p['copy_s']:.0f} s")
            ratio = p["peildatum_s"] / pb
            out.append(f"- PostGIS figures at a peildatum (2021-01-01, from the history in SQL, no copy) ≤ 2× the current roll-up "
                       f"({label}): **{'gehaald' if ratio <= 2 else 'niet gehaald'}** ({ratio:.2f}×: {p['peildatum_s']:.2f} s vs "
                       f"{pb:.2f} s)")
    if "5 M" in sizes:
        peak = sizes["5 M"]["gpkg"]["peak_mb"]
        out.append(f"- peak RSS of the roll-up at 5 M < 1 GB: **{'gehaald' if peak < 1024 else 'niet gehaald'}** ({peak:.0f} MB)")
    out.append(f"- figures of the kept profile equal to a cold recompute at every scale and backend: "
               f"**{'ja' if all(r['gpkg']['gelijk'] and (not r.get('pg') or r['pg']['gelijk']) for r in sizes.values()) else 'NEE'}**")
    return out


NOTES = [  # what the profiles showed (cProfile; see the closing note of #18) and what is still open
    "", "### Profiles, what was done, what is open", "",
    "- Start-up (sample, before): 1,10 s under cProfile, of which imports 0,72 s (pandas ≈ 0,24 s via the roll-up and the tables,"
    " QGIS/Qt ≈ 0,29 s via the Termen's tr(), the source readers via the parser) and the profile 0,21 s (labels by vbo 0,13 s)."
    " Done: the roll-up engine on numpy columns, tables and JSON without pandas, tr() without Qt when none is loaded, the readers"
    " only when `bron` runs, the profile kept in the store; shapely only when a membership is computed.",
    "- Cold roll-up at 1 M: the profile ≈ 80 % of the time (the labels by vbo: fetch and join of 1 M labels with 1 M"
    " dwellings). Done: the profile kept in the store (schema 9), so the whole process no longer grows with the dwellings;"
    " the cold path joins in C (GeoPackage) or in SQL (PostGIS: labels by vbo and dwellings per Leefbaarometer cell"
    " through the index — the cells were 1 M probes, 47 s at 1 M — and JIT off).",
    "- Kept-profile roll-up at 1 M / 10 k locations (0,9 s before): the locations' buurt and gebieden in shapely on every"
    " run ≈ 45 % (PostGIS: the same in SQL, ≈ 80 % of its time). Done: each location's buurt, gebieden and computed wijk"
    " kept in `atlas_meta` (`locatie_lidmaatschap`), keyed by digests of its geometry and wijk_code and of the polygon"
    " layers: computed only for what changed, whoever changed it. Left: the 10 k per-location result entries that the stad"
    " table does not print (≈ 0,09 s), the fetch of 35 k blocks (≈ 0,08 s), imports (numpy ≈ 0,06 s).",
    "- Refresh after one edit at 1 M (≈ 130 ms before): the whole assembly again. Done: the figures matrix, the group"
    " sums per level, the blocks, goals and years kept between refreshes; only the changed locations' rows and the groups"
    " they were and are in summed again, in the cold order (bit for bit equal to a cold roll-up: hypothesis test on both"
    " backends). Left (≈ 18–20 ms on a quiet machine, ≈ 30 ms on a loaded one): ≈ 7–10 ms is opening a SQLite"
    " connection (its first statement parses the schema's 251 triggers) and closing it — a connection kept open beside"
    " GDAL's in one process broke GDAL before; goals and years over all 35 k blocks ≈ 8 ms.",
    "- PostGIS at a peildatum: the temporary tables of then are rebuilt from the history's JSON for every row with a"
    " history (in these stores every row has one); at 1 M that is ≈ 3,5–4× the kept current roll-up and ≈ 0,4× a cold one."
    " Left: taking a row unchanged since the peildatum as it is now (a wijk_code-only edit writes no history, so it"
    " needs care to stay equal to the GeoPackage's rule).",
    "- In QGIS (`tools/bench_schaal_qgis.py`): QGIS's own Python on Debian 12 has shapely 1.8, where the membership fell"
    " back to a pairwise loop (≈ 2 minutes for 10 k locations when the dock opened a 1 M store); the chart was drawn twice"
    " on opening; the agenda laid out a crowded table up to 13 times and silently dropped the rows that did not fit (now"
    " the largest locations and one row with the rest and their totals).",
]


def write(section: List[str]) -> None:
    path = BENCH / "results.md"
    old = path.read_text(encoding="utf-8").split("\n## ") if path.exists() else []
    kept = [part for part in old if not part.startswith(HEADING[3:])]
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text("\n## ".join(kept).rstrip("\n") + "\n" + "\n".join(section + NOTES) + "\n", encoding="utf-8")
    tmp.replace(path)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groot", action="store_true", help="also 5 M dwellings (builds a 5 M store once: minutes)")
    ap.add_argument("--zonder-postgis", action="store_true")
    ap.add_argument("--zonder-processing", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--alleen-tabel", action="store_true", help="write the section from the last measurements only")
    ap.add_argument("--maten", default="", help="comma-separated subset of: 100 k,1 M,5 M")
    ap.add_argument("--pg-cpu", metavar="URI", help="only: cold/kept/peildatum roll-ups of this PostGIS store of a local test"
                    " cluster with the server's CPU (JSON; bench/results.md untouched)")
    args = ap.parse_args()
    if args.pg_cpu:
        print(json.dumps(postgis_cpu(args.pg_cpu)))
        return 0
    (ROOT / "out").mkdir(exist_ok=True)
    cache = BENCH / ".cache" / "speed.json"
    if args.alleen_tabel:  # the section again from the last measurements (bench/.cache/speed.json), nothing measured
        res = json.loads(cache.read_text(encoding="utf-8"))
        write(lines({**res["_laatst"], "sizes": {k: res[k] for k in SIZES if k in res}, "processing": res.get("_processing")}))
        return 0
    res: Dict = {"startup": startup(args.runs), "sizes": {}, "load": " / ".join(f"{x:.1f}" for x in os.getloadavg())}
    print("\n".join(lines({**res, "sizes": {}})[:12]), flush=True)
    labels = [s.strip() for s in args.maten.split(",") if s.strip()] or [k for k in SIZES if args.groot or k != "5 M"]
    cluster = None
    if not args.zonder_postgis:
        from tests.pgcluster import Cluster

        cluster = Cluster().start()
    try:
        for label in labels:
            path = ensure(SIZES[label])
            big = SIZES[label] >= 5_000_000  # once each, no refresh (its copy of the store): the machine is shared
            g = {**in_process(str(path), passes=2 if big else 4), "whole": whole(["rollup", str(path)], args.runs),
                 "peak_mb": peak_of(["rollup", str(path), "--format", "json"]),
                 "refresh": {"median_s": float("nan"), "max_s": float("nan")} if big else refresh(path)}
            r: Dict = {"gpkg": g}
            if cluster is not None:
                r["pg"] = postgis(cluster, path, label)
            res["sizes"][label] = r
            print(json.dumps({label: {k: {x: y for x, y in v.items() if not isinstance(y, dict)} for k, v in r.items()}}), flush=True)
            if label == "1 M" and not args.zonder_processing:
                res["processing"] = processing(path)
    finally:
        if cluster is not None:
            cluster.stop()
    # sizes measured in an earlier run (e.g. 5 M alone, late) stay in the table, marked with their own run
    cache.parent.mkdir(exist_ok=True)
    earlier = json.loads(cache.read_text(encoding="utf-8")) if cache.exists() else {}
    for r in res["sizes"].values():
        r["run"] = time.strftime("%Y-%m-%d %H:%M")
    earlier.update(res["sizes"])
    if "processing" in res:
        earlier["_processing"] = res["processing"]
    earlier["_laatst"] = {"startup": res["startup"], "load": res["load"]}
    cache.write_text(json.dumps(earlier), encoding="utf-8")
    res["processing"] = earlier.get("_processing")
    res["sizes"] = {k: earlier[k] for k in SIZES if k in earlier}
    section = lines(res)
    write(section)
    print("\n".join(section))
    return 0


if __name__ == "__main__":
    sys.exit(main())
