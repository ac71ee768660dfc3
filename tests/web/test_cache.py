"""The response cache of `serve`: a repeated request is answered from it, a write to the store empties it (the next
answer shows the write); it holds no more than its limit."""

from __future__ import annotations

import shutil

import pytest

from almelo_atlas_plugin.core.store.open import open_store

from .conftest import Served, _cli
from .ows import wfs

pytestmark = pytest.mark.usefixtures("qgis_app")
NAAM = "Ontwikkeling Stadskade"


def test_lru_and_state():
    from almelo_atlas_plugin.web.server import ResponseCache

    cache = ResponseCache(limit=10)
    assert cache.get("a", "x") is None
    cache.put("a", "x", (200, {}, b"12345"))
    cache.put("a", "y", (200, {}, b"12345"))
    assert cache.get("a", "x")[2] == b"12345"  # x used last: y goes first
    cache.put("a", "z", (200, {}, b"1"))
    assert cache.get("a", "y") is None and cache.get("a", "x") and cache.get("a", "z") and cache.size == 6
    cache.put("b", "x", (200, {}, b"new"))  # drawn for another state than the cache holds: not kept
    assert cache.get("b", "x") is None  # another state: everything goes
    assert cache.get("a", "z") is None and cache.size == 0


@pytest.fixture(scope="module")
def own(web_store, tmp_path_factory):
    """A server of its own on a copy: this module writes to its store."""
    path = tmp_path_factory.mktemp("cache") / "atlas.gpkg"
    shutil.copy(web_store, path)
    served = Served(_cli("serve", str(path), "--port", "0")).wait()
    yield served, path
    served.stop()


def test_a_repeat_comes_from_the_cache_and_a_write_empties_it(own):
    served, path = own
    ask = wfs(REQUEST="GetFeature", TYPENAME="projecten", EXP_FILTER=f"\"naam\" LIKE '{NAAM}%'")
    status, headers, first = served.get(ask)
    assert status == 200 and headers["X-Atlas-Cache"] == "MISS" and NAAM.encode() in first
    status, headers, again = served.get(ask)
    assert headers["X-Atlas-Cache"] == "HIT" and again == first
    store = open_store(path)
    with store.transaction() as con:
        con.execute(f"UPDATE projecten SET naam = {store.param} WHERE naam = {store.param}", (NAAM + " fase 2", NAAM))
    status, headers, after = served.get(ask)
    assert headers["X-Atlas-Cache"] == "MISS" and b"Stadskade fase 2" in after
    assert served.json("/cijfers.json")["locaties"] and NAAM + " fase 2" in {x["naam"] for x in served.json("/cijfers.json")["locaties"]}
