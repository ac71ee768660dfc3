"""Load benchmark of the PostGIS store (`make bench`): writes bench/load_postgis.md.

8 editors (processes, each its own database login with the role atlas_redacteur) save 200 edits each
to the projects of the sample, with optimistic locking as the forms do it (read the version, save with
versie_gezien; a refused save is read again and redone). A ninth process rolls up every second with
one warm engine. Afterwards the store is checked: every edit is in the data and in the history,
exactly once, by the user who made it, and each project's history is one unbroken chain.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH = ROOT / "bench"


def editor(uri: str, n: int, edits: int, fids: List[int], start: float, pace: float, tag: str, out: "mp.Queue") -> None:
    from almelo_atlas_plugin.core.store.base import DbError
    from almelo_atlas_plugin.core.store.open import open_store
    from almelo_atlas_plugin.core.store.postgis import cursor

    store = open_store(uri)
    rnd = random.Random(f"{tag}{n}")
    raw = store.connect()
    con = cursor(raw)
    lat: List[float] = []
    conflicts = 0
    while time.time() < start:
        time.sleep(0.005)
    t0 = time.perf_counter()
    for seq in range(edits):
        fid = rnd.choice(fids)
        t = time.perf_counter()
        while True:
            versie, m2 = con.execute("SELECT versie, m2_bedrijf FROM projecten WHERE fid = %s", (fid,)).fetchone()
            raw.commit()
            try:  # the save, as QGIS sends it: the changed fields plus the version loaded
                # (a project's dwellings are its blocks' sums, kept by the database: the editors add m² bedrijf)
                con.execute("UPDATE projecten SET m2_bedrijf = %s, naam = %s, bijgewerkt_door = %s, versie_gezien = %s"
                            " WHERE fid = %s", ((m2 or 0) + 1, f"P{fid} {tag}e{n} #{seq}", f"redacteur{n}", versie, fid))
                raw.commit()
                break
            except DbError as exc:
                raw.rollback()
                if "veld versie" not in str(exc):
                    raise
                conflicts += 1
        lat.append(time.perf_counter() - t)
        if pace:
            time.sleep(pace)
    out.put({"editor": n, "seconds": time.perf_counter() - t0, "latencies": lat, "conflicts": conflicts})
    raw.close()


def roller(uri: str, stop: "mp.Event", out: "mp.Queue") -> None:
    from almelo_atlas_plugin.core.figures.rollup import RollupEngine
    from almelo_atlas_plugin.core.store.open import open_store

    engine = RollupEngine(open_store(uri))
    lat = []
    while not stop.is_set():
        t = time.perf_counter()
        engine.compute()
        lat.append((time.time(), time.perf_counter() - t))
        time.sleep(max(0.0, 1.0 - (time.perf_counter() - t)))
    out.put({"latencies": lat})


def verify(uri: str, before: Dict[int, tuple], editors: int, edits: int, top: int) -> Dict[str, object]:
    """Every edit in the store and in the history, exactly once."""
    from almelo_atlas_plugin.core.store.open import open_store

    store = open_store(uri)
    with store.reading() as con:
        now = {f: (k, v) for f, k, v in con.execute("SELECT fid, m2_bedrijf, versie FROM projecten")}
        hist = con.execute("SELECT wijziging_id, gebruiker, fid, oud, nieuw FROM wijzigingen WHERE wijziging_id > %s AND laag = 'projecten'"
                           " ORDER BY wijziging_id", (top,)).fetchall()
    added = int(sum((now[f][0] or 0) - (before[f][0] or 0) for f in before))
    bumps = sum(now[f][1] - before[f][1] for f in before)
    marks = [json.loads(n)["naam"].split(" ", 1)[1] for _, _, _, _, n in hist]
    per_user: Dict[str, int] = {}
    for _, user, *_ in hist:
        per_user[user] = per_user.get(user, 0) + 1
    chain_ok = True
    last: Dict[int, dict] = {}
    for _, _, fid, oud, nieuw in hist:
        o, n = json.loads(oud), json.loads(nieuw)
        if fid in last and last[fid]["m2_bedrijf"] != o["m2_bedrijf"]:
            chain_ok = False
        if n["m2_bedrijf"] != (o["m2_bedrijf"] or 0) + 1:
            chain_ok = False
        last[fid] = n
    chain_ok = chain_ok and all(now[f][0] == n["m2_bedrijf"] for f, n in last.items())
    expected = editors * edits
    return {
        "m2_bedrijf_erbij": added, "versies_erbij": bumps, "historie_rijen": len(hist),
        "unieke_bewerkingen": len(set(marks)), "per_gebruiker": per_user, "keten_heel": chain_ok,
        "ok": added == bumps == len(hist) == len(set(marks)) == expected and chain_ok
        and all(v == edits for v in per_user.values()) and len(per_user) == editors,
    }


def at_scale(cluster, gpkg_path: Path) -> List[str]:
    """The 1 M dwellings store of `tools/bench.py` copied into PostGIS: copy time, roll-up cold and after one edit,
    figures equal to the GeoPackage's."""
    from almelo_atlas_plugin.core.figures.rollup import RollupEngine
    from almelo_atlas_plugin.core.store.open import copy_store, open_store

    g = open_store(gpkg_path)
    uri = f"{cluster.createdb('atlas_groot')}?schema=atlas"
    t = time.perf_counter()
    copy_store(g, uri)
    copy_s = time.perf_counter() - t
    p = open_store(uri)
    cold = []
    for _ in range(3):
        t = time.perf_counter()
        res = RollupEngine(p).compute()
        cold.append(time.perf_counter() - t)
    t = time.perf_counter()
    same = res.to_json() == RollupEngine(g).compute().to_json()
    gpkg_s = time.perf_counter() - t
    engine = RollupEngine(p)
    engine.compute()
    warm = []
    for i in range(10):
        with p.transaction() as con:
            con.execute("UPDATE woningblokken SET aantal = mod(aantal, 100) + 1 WHERE fid = (SELECT min(fid) FROM woningblokken"
                        " WHERE laag = 'projecten' AND locatie_fid = %s)", (1 + i,))
        t = time.perf_counter()
        engine.compute()
        warm.append(time.perf_counter() - t)
    return [
        "",
        f"## At scale: `{gpkg_path.name}` ({res['stad']['profiel']['woningen']:,} dwellings; {len(res['locaties']):,} locations)"
        .replace(",", "."),
        "",
        "| measure | value |",
        "|---|---|",
        f"| copy GeoPackage → PostGIS (the copy of `export`, without its comparison) | {copy_s:.0f} s |",
        f"| roll-up cold, new engine (best of 3) | PostGIS {min(cold):.2f} s · GeoPackage {gpkg_s:.2f} s |",
        f"| refresh after one location's edit, warm engine (median of 10) | {statistics.median(warm) * 1000:.0f} ms |",
        f"| figures equal to the GeoPackage's | {'ja' if same else 'NEE'} |",
    ]


def bulk(cluster, n: int = 10_000) -> List[str]:
    """One bulk operation in one transaction on each backend: tag n locations (as `tag` does)."""
    import shutil
    import tempfile

    from almelo_atlas_plugin.core.edits import tag
    from almelo_atlas_plugin.core.store.open import copy_store, open_store
    from tests.helpers import add_potloodplannen

    sample = ROOT / "sample_gpkg" / "almelo_sample.gpkg"
    tmp = Path(tempfile.mkdtemp(prefix="atlas_bulk_"))
    out = ["", f"## Bulk: tag {n:,} locations in one transaction".replace(",", "."), "", "| backend | seconds |", "|---|---|"]
    try:
        shutil.copy(sample, tmp / "bulk.gpkg")
        pg = f"{cluster.createdb('atlas_bulk')}?schema=atlas"
        copy_store(open_store(sample), pg)
        for label, uri in (("GeoPackage", str(tmp / "bulk.gpkg")), ("PostGIS", pg)):
            store = open_store(uri)
            fids = add_potloodplannen(store, n)
            t = time.perf_counter()
            done = tag(store, "potloodplannen", fids, ["3.4"])
            out.append(f"| {label} | {time.perf_counter() - t:.2f} ({done} tags) |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def pct(xs: List[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))] if xs else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--editors", type=int, default=8)
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--pace", type=float, default=0.05, help="seconds between saves in the paced round")
    ap.add_argument("-o", "--output", default=str(BENCH / "load_postgis.md"))
    ap.add_argument("--groot", default=str(BENCH / "groot_1m.gpkg"), help="the large store to measure at scale ('' to skip)")
    args = ap.parse_args()

    from almelo_atlas_plugin.core.store.open import copy_store, open_store
    from almelo_atlas_plugin.core.store.postgis import create_roles
    from tests.pgcluster import Cluster

    cluster = Cluster().start()
    try:
        owner = f"{cluster.createdb('atlas_last')}?schema=atlas"
        copy_store(open_store(ROOT / "sample_gpkg" / "almelo_sample.gpkg"), owner)
        create_roles(owner)
        import psycopg2

        con = psycopg2.connect(cluster.dsn("atlas_last"))
        con.autocommit = True
        with con.cursor() as cur:
            for n in range(args.editors):
                cur.execute(f"CREATE ROLE redacteur{n} LOGIN IN ROLE atlas_redacteur")
        con.close()
        store = open_store(owner)
        with store.reading() as c:
            before = {f: (k, v) for f, k, v in c.execute("SELECT fid, m2_bedrijf, versie FROM projecten")}
            top = c.execute("SELECT max(wijziging_id) FROM wijzigingen").fetchone()[0]
        fids = sorted(before)
        ctx = mp.get_context("spawn")
        rq, stop = ctx.Queue(), ctx.Event()
        rproc = ctx.Process(target=roller, args=(owner, stop, rq))
        rproc.start()
        phases = []
        for tag, pace in (("a", 0.0), ("b", args.pace)):
            out = ctx.Queue()
            start = time.time() + 3.0
            procs = [ctx.Process(target=editor, args=(f"{cluster.dsn('atlas_last', f'redacteur{n}')}?schema=atlas", n, args.edits,
                                                      fids, start, pace, tag, out)) for n in range(args.editors)]
            for p in procs:
                p.start()
            results = []
            while len(results) < len(procs):
                try:
                    results.append(out.get(timeout=5))
                except Exception:  # queue.Empty: is anyone still working?
                    if not any(p.is_alive() for p in procs):
                        raise RuntimeError("een redacteur-proces is gestopt zonder resultaat") from None
            end = time.time()
            for p in procs:
                p.join()
            phases.append({"pace": pace, "start": start, "end": end, "results": results})
        stop.set()
        rolled = rq.get(timeout=120)
        rproc.join()
        check = verify(owner, before, args.editors, 2 * args.edits, top)
        big = Path(args.groot) if args.groot else None
        scale = (at_scale(cluster, big) if big is not None and big.is_file()
                 else ["", f"(Not measured at scale: {args.groot or 'skipped'} is absent; `make bench` builds it.)"])
        scale += bulk(cluster) if big is not None else []
    finally:
        cluster.stop()

    lines = [
        "# Load on the PostGIS store",
        "",
        f"Machine: {platform.node()} · Python {platform.python_version()} · {mp.cpu_count()} cores · `python3 tools/bench_postgis.py`",
        "",
        f"{args.editors} editors (processes, each its own login with role atlas_redacteur) save {args.edits} edits each on the "
        f"{len(fids)} projects of the sample, with optimistic locking as the forms do it (a refused save is read again and "
        "redone); a ninth process rolls up every second with one warm engine. Two rounds: as fast as they can, then "
        f"paced ({args.pace * 1000:.0f} ms between saves, a busy office).",
        "",
        "| measure | full speed | paced |",
        "|---|---|---|",
    ]
    cols = []
    for ph in phases:
        lat = [x for r in ph["results"] for x in r["latencies"]]
        wall = ph["end"] - ph["start"]
        total = args.editors * args.edits
        rl = [d for t, d in rolled["latencies"] if ph["start"] <= t <= ph["end"]]
        cols.append({
            "saves": f"{total} in {wall:.1f} s = **{total / wall:.0f} edits/s**",
            "latency": f"p50 {pct(lat, .5) * 1000:.1f} ms · p95 {pct(lat, .95) * 1000:.1f} ms · max {max(lat) * 1000:.0f} ms",
            "conflicts": str(sum(r["conflicts"] for r in ph["results"])),
            "rollups": (f"{len(rl)} · p50 {pct(rl, .5) * 1000:.0f} ms · max {max(rl) * 1000:.0f} ms" if rl else "0 (round shorter than 1 s)"),
        })
    for key, label in (("saves", "saves"), ("latency", "save latency (read + save, incl. redo)"),
                       ("conflicts", "refused saves (someone else was first), redone"), ("rollups", "roll-ups during the round")):
        lines.append(f"| {label} | {cols[0][key]} | {cols[1][key]} |")
    lines += [
        "",
        "Afterwards, over both rounds:",
        "",
        "| check | value |",
        "|---|---|",
        f"| m² bedrijf added in the data | {check['m2_bedrijf_erbij']} (expected {2 * args.editors * args.edits}) |",
        f"| versions added | {check['versies_erbij']} |",
        f"| history rows (update) · distinct edits | {check['historie_rijen']} · {check['unieke_bewerkingen']} |",
        f"| history rows per database user | {', '.join(f'{k} {v}' for k, v in sorted(check['per_gebruiker'].items()))} |",
        f"| each project's history one unbroken chain | {'ja' if check['keten_heel'] else 'NEE'} |",
        "",
        f"Result: {'nothing lost, nothing duplicated' if check['ok'] else 'FOUT: edits lost or duplicated'}.",
        *scale,
    ]
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if check["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
