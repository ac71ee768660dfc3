"""The production set-up as the README gives it, on localhost: `serve --schrijf`, nginx in front, QGIS Server as
FastCGI (spawn-fcgi) with the plugin as server plugin. The project is the internal one: with ALMELO_ATLAS_PUBLIEK=1
only the plugin's access-control filter keeps the confidential plans out."""

from __future__ import annotations

import json
import shutil
import socket
import sys
import urllib.request

import pytest

from .conftest import GEHEIM, ROOT, _cli
from .ows import getmap, hits, opaque_pixels, wfs, wms

sys.path.insert(0, str(ROOT / "tools"))
pytestmark = pytest.mark.usefixtures("qgis_app")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def productie(web_store, tmp_path_factory):
    from web_productie import FCGI, Productie

    if not shutil.which("spawn-fcgi") or not shutil.which("nginx") and not shutil.which("/usr/sbin/nginx"):
        pytest.skip("nginx of spawn-fcgi ontbreekt (make deps)")
    if not (shutil.which(FCGI) or __import__("os").path.exists(FCGI)):
        pytest.skip("qgis-server ontbreekt (make deps)")
    folder = tmp_path_factory.mktemp("productie")
    store = folder / "atlas.gpkg"  # its own copy: two QGIS Servers on one GeoPackage at once are no production set-up
    shutil.copy(web_store, store)
    proc = _cli("serve", str(store), "--schrijf", str(folder))
    assert proc.wait(900) == 0 and (folder / "atlas.qgs").exists() and (folder / "site" / "index.html").exists()
    prod = Productie(folder, _free_port(), publiek=True).start(seconds=300)
    yield prod
    prod.stop()


def _get(prod, path: str) -> bytes:
    with urllib.request.urlopen(prod.url + path, timeout=120) as r:
        assert r.status == 200
        return r.read()


def test_nginx_serves_the_page_and_the_figures(productie):
    assert b"Atlas stadsontwikkeling Almelo" in _get(productie, "/")
    assert b"ol.js" in _get(productie, "/") and len(_get(productie, "/lib/ol.js")) > 100_000
    info = json.loads(_get(productie, "/atlas.json"))
    assert len(info["afdrukken"]) == 13
    assert len(json.loads(_get(productie, "/cijfers.json"))["wijken"]) == 12


def test_qgis_server_as_fastcgi_with_the_filter(productie, web_store):
    from almelo_atlas_plugin.core.store.open import open_store

    assert b"<Name>potloodplannen</Name>" in _get(productie, wms(REQUEST="GetCapabilities"))
    store = open_store(web_store)
    bounds = store.read_geometries("gemeente")[1][0].bounds
    assert opaque_pixels(_get(productie, getmap("wijken,projecten", bounds, size=512))) > 1000
    assert hits(_get(productie, wfs(REQUEST="GetFeature", TYPENAME="potloodplannen", RESULTTYPE="hits"))) == 1
    assert hits(_get(productie, wfs(REQUEST="GetFeature", TYPENAME="projecten", RESULTTYPE="hits"))) == 34
    geheim = store.read_geometries("potloodplannen", where=f"naam = {store.param}", params=(GEHEIM,))[1][0].bounds
    assert opaque_pixels(_get(productie, getmap("potloodplannen", geheim))) == 0
    assert GEHEIM.encode() not in _get(productie, wfs(REQUEST="GetFeature", TYPENAME="potloodplannen"))
