"""Benchmark of `bron bag`'s reader (`make bench`): one gemeente's dwellings out of a national-size BAG GeoPackage.

Builds once (cached in bench/.cache/, not tracked) a synthetic BAG GeoPackage in PDOK's layout (tests/fixtures/make_bag.py)
with ≥ 2 M verblijfsobjecten over the whole country in a few hundred gemeenten, ordered by id as the real file is;
Almelo's ~40 k dwellings (and its shops, offices, every status) lie inside the real Almelo polygon and its neighbours'
objects in the rest of Almelo's bounding box. Then `core.sources.bag.lees` for Almelo runs in a fresh process, a few
times: wall time, rows, peak RSS of that process. The section "Real sources: BAG (issue #16)" of bench/results.md is
renewed; the rest of the file is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CACHE = BENCH / ".cache"
sys.path.insert(0, str(ROOT))

from almelo_atlas_plugin.core.model import geo  # noqa: E402
from almelo_atlas_plugin.core.store.blobs import point_blobs  # noqa: E402
from tests.fixtures.make_bag import STATUSSEN, write_bag  # noqa: E402

# the real Almelo (CBS/Kadaster): the plugin's resource once shipped, else the shared data set
GEMEENTE_BESTANDEN = (ROOT / "almelo_atlas_plugin" / "resources" / "almelo.gpkg", Path("/work/shared/data/almelo/almelo.gpkg"))
NL = (13_000, 306_000, 278_000, 619_000)  # RD bounding box of the Netherlands
BUREN = ("0163", "1700", "0183", "0147")  # Wierden, Twenterand, Tubbergen, Borne
STATUS_KANS = (0.02, 0.003, 0.02, 0.93, 0.005, 0.003, 0.017, 0.002)  # in the order of STATUSSEN
DOELEN = ("woonfunctie", "winkelfunctie,woonfunctie", "woonfunctie,kantoorfunctie", "kantoorfunctie", "winkelfunctie",
          "industriefunctie", "bijeenkomstfunctie,onderwijsfunctie", "overige gebruiksfunctie")
DOEL_KANS = (0.8, 0.02, 0.01, 0.05, 0.04, 0.03, 0.02, 0.03)
IN_GEBRUIK = {"Verblijfsobject in gebruik", "Verblijfsobject in gebruik (niet ingemeten)", "Verblijfsobject buiten gebruik"}

LEES_SNIPPET = r"""
import json, sys, time

def hwm_mb():  # peak RSS of this process alone (ru_maxrss keeps the parent's from before exec)
    with open("/proc/self/status") as fh:
        return next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:")) / 1024

t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from osgeo import ogr
from almelo_atlas_plugin.core.model import geo
from almelo_atlas_plugin.core.sources import bag

class Context:
    gemeente_code = "GM0141"
    def __init__(self, g): self.gemeente = g
    def vbo_punten(self): return {}
    def adressen(self): return {}

ds = ogr.Open(sys.argv[3])
feat = ds.GetLayerByName("gemeente").GetNextFeature()
gemeente = geo.from_wkb(bytes(feat.GetGeometryRef().ExportToWkb()))
t1 = time.perf_counter()
inhoud = bag.lees(Path(sys.argv[2]), {}, Context(gemeente if sys.argv[4] == "grens" else None))
t2 = time.perf_counter()
print(json.dumps({"lees_s": t2 - t1, "process_s": t2 - t0, "rijen": len(inhoud.rijen), "geweigerd": len(inhoud.geweigerd),
                  "maxrss_mb": hwm_mb(), "meldingen": inhoud.meldingen}))
"""


def gemeente_bestand() -> Path:
    return next(p for p in GEMEENTE_BESTANDEN if p.exists())


def almelo():
    from osgeo import ogr

    ds = ogr.Open(str(gemeente_bestand()))
    feat = ds.GetLayerByName("gemeente").GetNextFeature()  # held: its geometry is freed with it
    return geo.from_wkb(bytes(feat.GetGeometryRef().ExportToWkb()))


def _in(geom, n: int, rnd: np.random.Generator, binnen: bool):
    """n random points in the bounding box of `geom`, inside it (binnen) or outside it."""
    minx, miny, maxx, maxy = geom.bounds
    xs: List[np.ndarray] = []
    ys: List[np.ndarray] = []
    while sum(map(len, xs)) < n:
        x, y = rnd.uniform(minx, maxx, n), rnd.uniform(miny, maxy, n)
        keep = geo.covers_xy(geom, x, y) == binnen
        xs.append(x[keep])
        ys.append(y[keep])
    return np.concatenate(xs)[:n], np.concatenate(ys)[:n]


def generate(path: Path, totaal: int, almelo_n: int, seed: int = 16) -> Dict:
    """The synthetic national file; returns what it holds (the expected Almelo count among it)."""
    rnd = np.random.default_rng(seed)
    gem = almelo()
    ax, ay = _in(gem, almelo_n, rnd, True)
    bx, by = _in(gem, almelo_n // 2, rnd, False)
    rest = totaal - len(ax) - len(bx)
    minx, miny, maxx, maxy = gem.bounds
    x, y = rnd.uniform(NL[0], NL[2], rest * 2), rnd.uniform(NL[1], NL[3], rest * 2)
    buiten = (x < minx - 1000) | (x > maxx + 1000) | (y < miny - 1000) | (y > maxy + 1000)
    x, y = x[buiten][:rest], y[buiten][:rest]
    # the country in a 20 × 20 grid of gemeenten, codes 0200–0599 (none of Almelo's or its neighbours')
    cel = (np.floor((x - NL[0]) / (NL[2] - NL[0]) * 20) * 20 + np.floor((y - NL[1]) / (NL[3] - NL[1]) * 20)).astype(int)
    codes = np.concatenate([np.full(len(ax), 141), rnd.choice([int(b) for b in BUREN], len(bx)), 200 + cel])
    xs, ys = np.concatenate([ax, bx, x]), np.concatenate([ay, by, y])
    n = len(xs)
    order = np.argsort(codes, kind="stable")  # the file is ordered by id, so by gemeente
    status = rnd.choice(len(STATUSSEN), n, p=STATUS_KANS)
    doel = rnd.choice(len(DOELEN), n, p=DOEL_KANS)
    bouwjaar = rnd.integers(1850, 2026, n)
    opp = rnd.integers(25, 250, n)
    nummer = rnd.integers(1, 300, n)
    blobs = point_blobs(xs, ys)
    woon = np.array(["woonfunctie" in d for d in DOELEN])[doel] & np.isin(
        status, [i for i, s in enumerate(STATUSSEN) if s in IN_GEBRUIK])
    verwacht = int((woon & (codes == 141)).sum())

    def rows():
        serial = 0
        for i in order:
            serial += 1
            g = f"{codes[i]:04d}"
            yield (f"{g}01{serial:010d}", int(opp[i]), STATUSSEN[status[i]], DOELEN[doel[i]], "Grotestraat", "Grotestraat",
                   int(nummer[i]), "A" if serial % 7 == 0 else None, "2" if serial % 11 == 0 else None,
                   f"{7600 + serial % 100:04d}AB", "Almelo" if g == "0141" else f"Plaats {g}", int(bouwjaar[i]),
                   f"{g}10{serial // 3:010d}", "Pand in gebruik", f"{g}20{serial:010d}", f"{g}30{serial // 50:010d}",
                   g, g, blobs[i])

    tmp = path.with_suffix(".tmp.gpkg")
    write_bag(tmp, [], spatial_index=False)
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    velden = ("identificatie, oppervlakte, status, gebruiksdoel, openbare_ruimte_naam, openbare_ruimte_naam_kort, "
              "huisnummer, huisletter, toevoeging, postcode, woonplaats_naam, bouwjaar, pand_identificatie, pandstatus, "
              "nummeraanduiding_hoofdadres_identificatie, openbare_ruimte_identificatie, woonplaats_identificatie, "
              "bronhouder_identificatie, geom")
    with con:
        con.executemany(f"INSERT INTO verblijfsobject ({velden}) VALUES ({', '.join('?' * 19)})", rows())
    con.close()
    from osgeo import ogr

    ds = ogr.Open(str(tmp), 1)
    ds.ExecuteSQL("SELECT CreateSpatialIndex('verblijfsobject', 'geom')")
    ds = None
    con = sqlite3.connect(tmp)
    with con:
        con.execute("UPDATE gpkg_contents SET last_change = '2026-11-01T00:00:00.000Z', min_x = ?, min_y = ?, max_x = ?, "
                    "max_y = ? WHERE table_name = 'verblijfsobject'", (float(xs.min()), float(ys.min()), float(xs.max()),
                                                                        float(ys.max())))
    con.close()
    os.replace(tmp, path)
    return {"verblijfsobjecten": n, "gemeenten": len(np.unique(codes)), "almelo_woningen": verwacht,
            "almelo_verblijfsobjecten": len(ax), "bytes": path.stat().st_size}


def lees(path: Path, wijze: str, koud: bool = False) -> Dict:
    """One run of the reader in a fresh process; `wijze`: grens (R-tree and polygon) or bronhouder (a scan); `koud`:
    the file's pages dropped from the page cache first (as after a download; other files are left alone)."""
    if koud:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    p = subprocess.run([sys.executable, "-c", LEES_SNIPPET, str(ROOT), str(path), str(gemeente_bestand()), wijze],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-3000:])
    out = json.loads(p.stdout.strip().splitlines()[-1])
    print(wijze, out)
    return out


def dutch(n: float) -> str:
    return f"{n:,.0f}".replace(",", ".")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--totaal", type=int, default=2_500_000, help="verblijfsobjecten in the national file")
    ap.add_argument("--almelo", type=int, default=50_000, help="verblijfsobjecten inside Almelo")
    args = ap.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"bag_nl_{args.totaal}_{args.almelo}.gpkg"
    meta_path = path.with_suffix(".json")
    build_s = None
    if not (path.exists() and meta_path.exists()):
        t = time.perf_counter()
        meta = generate(path, args.totaal, args.almelo)
        build_s = time.perf_counter() - t
        meta["build_s"] = build_s
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    koud = lees(path, "grens", koud=True)
    runs = [lees(path, "grens") for _ in range(args.runs)]
    scan = lees(path, "bronhouder")  # no polygon in the store: the whole table read on bronhouder_identificatie
    if any(r["rijen"] + r["geweigerd"] != meta["almelo_woningen"] for r in (koud, *runs, scan)):
        raise RuntimeError(f"lees las {runs[0]['rijen']} woningen, de generator legde er {meta['almelo_woningen']} neer")
    best = min(runs, key=lambda r: r["lees_s"])
    rss = max(r["maxrss_mb"] for r in (koud, *runs))
    section = [
        "", "## Real sources: BAG (issue #16)", "",
        f"Synthetic BAG GeoPackage in PDOK's layout (`tools/bench_bag.py`, cached in bench/.cache/): "
        f"{dutch(meta['verblijfsobjecten'])} verblijfsobjecten in {meta['gemeenten']} gemeenten, ordered by id, "
        f"{meta['bytes'] / 1e9:.2f} GB, R-tree built by GDAL; Almelo: {dutch(meta['almelo_verblijfsobjecten'])} "
        f"verblijfsobjecten inside the real CBS polygon, {dutch(meta['almelo_woningen'])} of them dwellings in use; its "
        f"neighbours' objects fill the rest of Almelo's bounding box. Reader = `core.sources.bag.lees` for GM0141 "
        f"(R-tree on the bounding box, point in polygon, woonfunctie and status, values checked), in a fresh process; "
        f"first with the file dropped from the page cache (posix_fadvise DONTNEED), then {len(runs)} runs warm.", "",
        "| rows read for Almelo | lees, cold cache (s) | lees, warm, best (s) | whole process, warm, best (s) | peak RSS (MB) |",
        "|---|---|---|---|---|",
        f"| {dutch(best['rijen'])} woningen ({best['geweigerd']} geweigerd) | {koud['lees_s']:.2f} | {best['lees_s']:.2f} "
        f"| {best['process_s']:.2f} | {rss:.0f} |", "",
        f"Without the gemeente polygon in the store the reader scans the whole table on `bronhouder_identificatie`: "
        f"{scan['lees_s']:.1f} s, peak RSS {scan['maxrss_mb']:.0f} MB (same {dutch(scan['rijen'])} woningen).", "",
        f"- `bron bag` reader, one gemeente out of {dutch(meta['verblijfsobjecten'])}: < 60 s: "
        f"**{'gehaald' if koud['lees_s'] < 60 else 'niet gehaald'}** ({koud['lees_s']:.2f} s, cold cache); < 1 GB peak memory: "
        f"**{'gehaald' if rss < 1024 else 'niet gehaald'}** ({rss:.0f} MB)",
    ]
    if meta.get("build_s"):
        section.append(f"- Building the synthetic national file: {meta['build_s']:.0f} s (once; cached).")
    results = BENCH / "results.md"
    old = results.read_text(encoding="utf-8").split("\n## ") if results.exists() else ["# Benchmarks\n"]
    kept = [part for part in old if not part.startswith(section[1][3:])]
    tmp = results.with_suffix(".md.tmp")
    tmp.write_text("\n## ".join(kept).rstrip("\n") + "\n" + "\n".join(section) + "\n", encoding="utf-8")
    os.replace(tmp, results)
    print("\n".join(section))
    return 0


if __name__ == "__main__":
    sys.exit(main())
