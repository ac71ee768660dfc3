"""The production set-up of `serve` on localhost: nginx in front (the page's files), QGIS Server as FastCGI
(Debian's qgis_mapserv.fcgi started by spawn-fcgi, one process per core by default, nginx sends each request to
the least busy) behind /ows, with the plugin as QGIS Server plugin (its
access-control filter; ALMELO_ATLAS_PUBLIEK=1: the public atlas).

    python tools/web_productie.py MAP [--port 8081] [--publiek] [--processen N]   # MAP written by `serve STORE --schrijf MAP`

runs until Ctrl+C; tests/web/test_productie.py starts it, tries it and stops it (`make web-productie`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import List, Optional

import package  # tools/package.py

ROOT = Path(__file__).resolve().parent.parent
FCGI = "/usr/lib/cgi-bin/qgis_mapserv.fcgi"
NGINX_CONF = """worker_processes 1;
user root;
pid {run}/nginx.pid;
error_log {run}/nginx-fouten.log;
daemon off;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {run}/body; fastcgi_temp_path {run}/fastcgi; proxy_temp_path {run}/proxy;
  uwsgi_temp_path {run}/uwsgi; scgi_temp_path {run}/scgi;
  upstream qgis {{
    least_conn;
{upstream}
  }}
  server {{
    listen 127.0.0.1:{port};
    root {site};
    location /ows {{
      include /etc/nginx/fastcgi_params;
      fastcgi_param QGIS_PROJECT_FILE {project};
      fastcgi_pass qgis;
    }}
  }}
}}
"""


class Productie:
    """nginx + spawn-fcgi + qgis_mapserv.fcgi for the project and page in `folder`; stop() ends what it started."""

    def __init__(self, folder: Path, port: int, publiek: bool = False, processen: int = 0):
        self.folder, self.port, self.publiek = Path(folder).resolve(), port, publiek
        self.processen = processen or os.cpu_count() or 1  # QGIS Server draws one request at a time per process
        self.run = self.folder / "run"
        self.procs: List[subprocess.Popen] = []
        self.log = None

    def start(self, seconds: float = 120.0, expect: int = 200) -> "Productie":
        """Start and wait until GetCapabilities answers with `expect` (a test of a refused set-up: 403)."""
        for tool in ("nginx", "spawn-fcgi"):
            if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
                raise SystemExit(f"{tool} ontbreekt: make deps")
        self.run.mkdir(parents=True, exist_ok=True)
        socks = [self.run / f"qgis-{i}.sock" for i in range(self.processen)]
        plugins = self.run / "plugins"  # the plugin as the zip lays it out (metadata.txt: server=True)
        shutil.rmtree(plugins, ignore_errors=True)
        package.link(plugins)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QGIS_PLUGINPATH": str(plugins),
               "ALMELO_ATLAS_PUBLIEK": "1" if self.publiek else "0", "QGIS_SERVER_LOG_STDERR": "1",
               "QGIS_SERVER_LOG_LEVEL": "2", "HOME": str(self.run)}
        self.log = log = open(self.run / "qgis-server.log", "ab")
        for sock in socks:
            sock.unlink(missing_ok=True)
            self.procs.append(subprocess.Popen(["spawn-fcgi", "-n", "-s", str(sock), "--", FCGI], env=env, stdout=log, stderr=log))
        conf = self.run / "nginx.conf"
        upstream = "\n".join(f"    server unix:{sock};" for sock in socks)
        conf.write_text(NGINX_CONF.format(run=self.run, port=self.port, site=self.folder / "site", upstream=upstream,
                                          project=self.folder / "atlas.qgs"), encoding="utf-8")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.procs.append(subprocess.Popen([nginx, "-c", str(conf), "-p", str(self.run)], stdout=log, stderr=log))
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/ows?SERVICE=WMS&REQUEST=GetCapabilities", timeout=60) as r:
                    if r.status == expect:
                        return self._warm()
            except urllib.error.HTTPError as exc:
                if exc.code == expect:
                    return self._warm()
                time.sleep(0.5)
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"de productie-opzet antwoordt niet; zie {self.run}/qgis-server.log en nginx-fouten.log")

    def _warm(self) -> "Productie":
        """Every process reads the project before the first user comes (QGIS Server reads it at its first request):
        as many GetCapabilities at once as there are processes, twice (nginx hands each to the least busy)."""
        import threading

        def ask():
            try:
                urllib.request.urlopen(f"{self.url}/ows?SERVICE=WMS&REQUEST=GetCapabilities", timeout=300).read()
            except OSError:
                pass
        for _ in range(2):
            asks = [threading.Thread(target=ask) for _ in range(self.processen)]
            for t in asks:
                t.start()
            for t in asks:
                t.join()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        for p in reversed(self.procs):
            p.terminate()
        for p in self.procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs.clear()
        if self.log is not None:
            self.log.close()


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="nginx + QGIS Server (FastCGI) voor een map van `serve --schrijf`")
    ap.add_argument("map")
    ap.add_argument("--port", type=int, default=8081)
    ap.add_argument("--publiek", action="store_true")
    ap.add_argument("--processen", type=int, default=0, help="QGIS Server-processen (standaard: een per kern)")
    args = ap.parse_args(argv)
    prod = Productie(Path(args.map), args.port, args.publiek, args.processen).start()
    print(f"Atlas op {prod.url}/ (nginx + {prod.processen} QGIS Server-processen, FastCGI); stoppen met Ctrl+C", flush=True)
    try:
        while all(p.poll() is None for p in prod.procs):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        prod.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
