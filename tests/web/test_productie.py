"""The production set-up as the README gives it, on localhost: `serve --schrijf --publiek`, nginx in front, QGIS Server
as FastCGI (spawn-fcgi, a process per core) with the plugin as server plugin (ALMELO_ATLAS_PUBLIEK=1: its
access-control filter; its response cache)."""

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
    proc = _cli("serve", str(store), "--schrijf", str(folder), "--publiek")
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


def test_each_qgis_server_process_answers_repeats_from_its_cache_until_the_store_changes(productie):
    """The server plugin's response cache (CacheFilter): a repeated GetMap is not drawn again; after a write to the store
    no process answers what it kept from before (each finds another state of the store)."""
    from almelo_atlas_plugin.core.store.open import open_store

    naam = "Ontwikkeling Stadskade"
    ask = wfs(REQUEST="GetFeature", TYPENAME="projecten", EXP_FILTER=f"\"naam\" LIKE '{naam}%'")

    def get(path):
        with urllib.request.urlopen(productie.url + path, timeout=120) as r:
            return r.headers.get("X-Atlas-Cache"), r.read()

    seen = [get(ask) for _ in range(2 * productie.processen + 1)]
    assert "HIT" in {h for h, _ in seen} and all(b == seen[0][1] and naam.encode() in b for _, b in seen)
    store = open_store(productie.folder / "atlas.gpkg")
    with store.transaction() as con:
        con.execute(f"UPDATE projecten SET naam = {store.param} WHERE naam = {store.param}", (naam + " fase 2", naam))
    after = [get(ask) for _ in range(2 * productie.processen + 1)]
    assert all(b"Stadskade fase 2" in b for _, b in after), "een proces gaf een antwoord van voor de wijziging"
    assert after[0][0] != "HIT"


def test_ogc_api_limit_and_bbox_in_the_production_set_up(productie):
    """#17: after a first request, ?limit= and ?bbox= on the public atlas answered 400 (the layer counted as empty)."""
    for _ in range(2 * productie.processen + 1):
        for query in ("limit=2", "bbox=6.5,52.2,6.9,52.5&limit=50", "offset=1&limit=1"):
            items = json.loads(_get(productie, f"/ows/wfs3/collections/projecten/items.json?{query}"))
            assert items["features"] and items["numberMatched"] == 34
        assert json.loads(_get(productie, "/ows/wfs3/collections/potloodplannen/items.json?limit=10"))["numberMatched"] == 1


def test_getprint_in_the_production_set_up_has_its_tables_as_text(productie, tmp_path):
    import subprocess

    info = json.loads(_get(productie, "/atlas.json"))
    for key in ("stad", "WK014110"):
        page = info["afdrukken"][key]
        extra = {"ATLAS_PK": page["atlas_pk"]} if "atlas_pk" in page else {}
        pdf = _get(productie, wms(REQUEST="GetPrint", TEMPLATE=page["template"], FORMAT="pdf", **extra))
        (tmp_path / "p.pdf").write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(tmp_path / "p.pdf"), "-"], capture_output=True, text=True, check=True).stdout
        assert ("Wierdense Hoek" in text and "Streefwaarde" in text) if key == "stad" else "Binnenstad (WK014110)" in text
        assert GEHEIM not in text and ("Strategische positie" not in text)  # the public atlas


def test_a_public_atlas_on_the_internal_project_is_refused(web_store, tmp_path):
    """ALMELO_ATLAS_PUBLIEK=1 with a project written without --publiek: every request refused (403), nothing shown."""
    import urllib.error

    from web_productie import Productie

    store = tmp_path / "atlas.gpkg"
    shutil.copy(web_store, store)
    assert _cli("serve", str(store), "--schrijf", str(tmp_path)).wait(900) == 0
    prod = Productie(tmp_path, _free_port(), publiek=True, processen=1).start(seconds=300, expect=403)
    for path in (wfs(REQUEST="GetFeature", TYPENAME="potloodplannen"), wms(REQUEST="GetCapabilities")):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(prod.url + path, timeout=120)
        assert err.value.code == 403 and GEHEIM.encode() not in err.value.read()
    prod.stop()
    assert GEHEIM.encode() not in (tmp_path / "run" / "qgis-server.log").read_bytes()
