"""`make demo-postgis`: the demo on a local PostgreSQL + PostGIS cluster.

Starts a throwaway cluster (as the tests do), copies the sample into it with `export` (checked lossless),
creates the roles, then runs validate, the stad and wijk roll-ups and the agenda on the PostGIS store,
and shows that its figures equal the GeoPackage's. `--houd` keeps the cluster running for QGIS.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "sample_gpkg" / "almelo_sample.gpkg"


def cli(*args: str, capture: bool = False) -> str:
    print("$ python -m almelo_atlas_plugin " + " ".join(args), flush=True)
    r = subprocess.run([sys.executable, "-m", "almelo_atlas_plugin", *args], cwd=ROOT, text=True,
                       capture_output=capture, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    if r.returncode != 0:
        raise SystemExit(f"mislukt ({r.returncode}): {' '.join(args)}\n{r.stderr if capture else ''}")
    return r.stdout if capture else ""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--houd", action="store_true", help="laat de cluster draaien (stoppen: pg_ctl -D … stop)")
    args = ap.parse_args()
    from tests.pgcluster import Cluster

    c = Cluster().start()
    try:
        uri = f"{c.createdb('almelo_atlas')}?schema=atlas"
        cli("export", str(SAMPLE), uri)
        cli("roles", uri)
        cli("validate", uri)
        cli("rollup", uri, "--niveau", "stad")
        cli("rollup", uri, "--niveau", "wijk")
        out = ROOT / "out"
        out.mkdir(exist_ok=True)
        cli("agenda", uri, "-o", str(out / "agenda_postgis.pdf"), "--xlsx", str(out / "atlas_postgis.xlsx"))
        same = json.loads(cli("rollup", uri, "--format", "json", capture=True)) == json.loads(
            cli("rollup", str(SAMPLE), "--format", "json", capture=True))
        print(f"Cijfers van PostGIS gelijk aan die van de GeoPackage: {'ja' if same else 'NEE'}")
        print(f"Agenda: {out / 'agenda_postgis.pdf'}  Cijfers: {out / 'atlas_postgis.xlsx'}")
        if args.houd:
            print(f"Cluster draait: {uri}  (data: {c.data}; stoppen: {c.bin}/pg_ctl -D {c.data} stop)")
            return 0 if same else 1
        return 0 if same else 1
    finally:
        if not args.houd:
            c.stop()


if __name__ == "__main__":
    sys.exit(main())
