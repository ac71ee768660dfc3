"""Bench (`make bench`): `bron ep-online`'s reader on a national-size totaalbestand (issue #16).

A synthetic EP-Online v2 CSV of 5 M labels (all gemeenten; ~45 k of Almelo, some dwellings with several labels, some
without vbo id, some utiliteit) is generated once into bench/.cache/ (gitignored). The reader then picks Almelo's
newest label per dwelling in a fresh process (34.000 dwellings in its context); wall time and peak RSS of that process
are measured and written into this section of bench/results.md (the rest of the file kept).
Targets: < 60 s and < 1 GB peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CACHE = BENCH / ".cache"
sys.path.insert(0, str(ROOT))

from tests.bronbestanden import EP_V2  # noqa: E402  (the test builders' column list: one place for the format)

RIJEN = 5_000_000
WONINGEN = 34_000  # Almelo's dwellings in the reading context
TITEL = "## EP-Online: the national totaalbestand read for one gemeente (issue #16)"

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from tests.bronbestanden import LeesContext
n = int(sys.argv[3])
ctx = LeesContext()
for i in range(n):
    vbo = f"01410100{i:08d}"
    ctx.punten[vbo] = (240000.0 + i % 200 * 20, 485000.0 + i // 200 * 20)
    ctx.adres[(f"76{i % 100:02d}AB", i // 100 + 1, "", "")] = vbo
from almelo_atlas_plugin.core.sources import ep_online
t, cpu = time.perf_counter(), time.process_time()
inhoud = ep_online.lees(Path(sys.argv[2]), {}, ctx)
s, cpu = time.perf_counter() - t, time.process_time() - cpu
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(dict(s=s, cpu=cpu, rss=rss, rijen=len(inhoud.rijen), geweigerd=len(inhoud.geweigerd),
                      meldingen=inhoud.meldingen)))
"""


def generate(path: Path, rows: int, woningen: int, seed: int = 16) -> None:
    """The national file: every 110th row a label of Almelo (a third of those a second, older label; every 50th without
    vbo id, by address), 4 % utiliteit, the rest other gemeenten; written to a temporary name, then renamed."""
    rnd = random.Random(seed)
    klassen = ("A++++", "A+++", "A++", "A+", "A", "A", "B", "B", "C", "C", "C", "D", "D", "E", "F", "G")
    typen = ("Rijwoning", "Appartement", "Vrijstaande woning", "Twee-onder-één-kap")
    head = ";".join(EP_V2) + "\r\n"
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(head)
        buf = []
        for n in range(rows):
            day = f"{rnd.randint(2008, 2025)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
            if n % 110 == 0:
                i = (n // 110) % woningen
                vbo = "" if n % 5500 == 0 else f"01410100{i:08d}"
                pc, nr = f"76{i % 100:02d}AB", i // 100 + 1
            else:
                g = rnd.randint(1, 1999)
                g = g + 1 if g == 141 else g
                vbo, pc, nr = f"{g:04d}0100{rnd.randint(0, 99_999_999):08d}", f"{1000 + g % 8999}XY", rnd.randint(1, 300)
            gk = "U" if rnd.random() < 0.04 else "W"
            buf.append(f"{day};Basis;Bestaand;NTA 8800;1,{rnd.randint(0, 9)};{rnd.choice(klassen)};false;false;{gk};"
                       f"{int(day[:4]) + 10}{day[4:]};{day};{pc};{nr};;;;{vbo};;;{vbo[:4]}100000{vbo[-6:] if vbo else ''};"
                       f"{rnd.choice(typen)};tussen;;;;112,5;98,21;105,00;120,3;135,00;60,1;45,2;50,00;40,1;0,00;1,20;"
                       f"85,3;1,12\r\n")
            if len(buf) == 100_000:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))
    tmp.replace(path)


def _nl(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rijen", type=int, default=RIJEN)
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"v20261101_v2_csv_{args.rijen}.csv"
    gen_s = 0.0
    if not path.exists():
        t = time.perf_counter()
        generate(path, args.rijen, WONINGEN)
        gen_s = time.perf_counter() - t
    runs = [json.loads(subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(path), str(WONINGEN)],
                                      check=True, capture_output=True, text=True).stdout) for _ in range(args.runs)]
    load = os.getloadavg()[0]  # the machine is shared: the wall time depends on what else runs
    best = min(runs, key=lambda r: r["s"])
    rss = max(r["rss"] for r in runs)
    size = path.stat().st_size / 1e9
    lines = [TITEL, "",
             f"{_nl(args.rijen)} labels ({size:.2f} GB CSV), {_nl(WONINGEN)} dwellings in the context; "
             f"`ep_online.lees` in a fresh process, best of {args.runs}.", "",
             "| read, wall (s) | read, CPU (s) | load average | peak RSS (MB) | labels kept | refused | notes |",
             "|---|---|---|---|---|---|---|",
             f"| {best['s']:.1f} | {best['cpu']:.1f} | {load:.1f} | {rss:.0f} | {_nl(best['rijen'])} | {_nl(best['geweigerd'])} | "
             f"{'; '.join(best['meldingen'])} |", "",
             f"- < 60 s: **{'gehaald' if best['s'] < 60 else 'niet gehaald'}** ({best['s']:.1f} s); "
             f"< 1 GB peak memory: **{'gehaald' if rss < 1024 else 'niet gehaald'}** ({rss:.0f} MB)"]
    if gen_s:
        lines.append(f"- generating the file (cached in bench/.cache/): {gen_s:.0f} s")
    results = BENCH / "results.md"
    old = results.read_text(encoding="utf-8").split("\n## ") if results.exists() else []
    kept = [part for part in old if not part.startswith(TITEL[3:])]
    tmp = results.with_suffix(".tmp")
    tmp.write_text("\n## ".join(kept).rstrip("\n") + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(results)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
