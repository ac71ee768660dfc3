"""The internal atlas's services as a GIS client uses them: the same layers, counts and figures as the store."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from almelo_atlas_plugin.core.store.open import open_store

from .conftest import GEHEIM, ROOT
from .ows import colours, featureinfo, getmap, hits, opaque_pixels, wfs, wms

pytestmark = pytest.mark.usefixtures("qgis_app")


def _geoms(path, table):
    names, geoms = open_store(path).read_geometries(table, key="naam")
    return dict(zip(names, geoms))


def test_capabilities_list_the_atlas_layers(intern):
    status, headers, body = intern.get(wms(REQUEST="GetCapabilities"))
    assert status == 200 and b"<Title>Atlas stadsontwikkeling Almelo</Title>" in body
    for name in (b"wijken", b"projecten", b"potloodplannen", b"woningbouwprogramma", b"gemeente"):
        assert b"<Name>" + name + b"</Name>" in body
    assert b"EPSG:28992" in body and b"Bron: " in body  # each layer's source line as its attribution


def test_getmap_draws_the_wijken_and_the_projects(intern, web_store):
    store = open_store(web_store)
    x0, y0, x1, y1 = store.read_geometries("gemeente")[1][0].bounds
    status, headers, png = intern.get(getmap("wijken,projecten", (x0, y0, x1, y1), size=512))
    assert status == 200 and headers["Content-Type"].startswith("image/png")
    found = colours(png)
    assert opaque_pixels(png) > 1000 and len(found) > 5, "een lege kaart"
    alleen_projecten = colours(intern.get(getmap("projecten", (x0, y0, x1, y1), size=512))[2])
    assert alleen_projecten and set(alleen_projecten) & set(found), "de kleuren van de projecten ontbreken"


def test_featureinfo_of_a_project_gives_its_programme(intern, web_store):
    naam = "Ontwikkeling Stadskade"
    geom = _geoms(web_store, "projecten")[naam]
    status, _, body = intern.get(featureinfo("projecten", geom.representative_point().buffer(1).bounds))
    assert status == 200
    props = [f["properties"] for f in json.loads(body)["features"]]
    mine = next(p for p in props if p["Naam"] == naam)  # Dutch field names and values, as the forms show them
    assert mine["Woningen totaal"] == 160 and mine["Status"] == "Voorbereiding"


# #17: this failed in full runs ("offset [0--1]": QGIS Server counted the layer as empty): SQLite connections of the
# atlas itself in the server's process beside GDAL's on the same GeoPackage. Asked twice: the fault showed from the
# second request on.
@pytest.mark.parametrize("laag", ["projecten", "potloodplannen", "wijken"])
def test_wfs_and_ogc_api_counts_equal_the_store(intern, web_store, laag):
    n = open_store(web_store).read_frame(f'SELECT count(*) AS n FROM "{laag}"')["n"][0]
    assert hits(intern.get(wfs(REQUEST="GetFeature", TYPENAME=laag, RESULTTYPE="hits"))[2]) == n
    for _ in range(2):
        items = intern.json(f"/ows/wfs3/collections/{laag}/items.json?limit=1000")
        assert items["numberMatched"] == n and len(items["features"]) == n
        intern.json("/cijfers.json?wijk=WK014110")


def test_the_services_are_read_only(intern):
    insert = (b'<wfs:Transaction service="WFS" version="1.1.0" xmlns:wfs="http://www.opengis.net/wfs">'
              b'<wfs:Delete typeName="potloodplannen"><ogc:Filter xmlns:ogc="http://www.opengis.net/ogc">'
              b'<ogc:FeatureId fid="potloodplannen.1"/></ogc:Filter></wfs:Delete></wfs:Transaction>')
    status, _, body = intern.get("/ows?SERVICE=WFS&VERSION=1.1.0&REQUEST=Transaction", data=insert)
    assert b"totalDeleted>1<" not in body
    assert hits(intern.get(wfs(REQUEST="GetFeature", TYPENAME="potloodplannen", RESULTTYPE="hits"))[2]) == 10


def test_getprint_gives_the_agenda_pages(intern, tmp_path):
    info = intern.json("/atlas.json")
    for key in ("stad", "WK014110"):
        page = info["afdrukken"][key]
        extra = {"ATLAS_PK": page["atlas_pk"]} if "atlas_pk" in page else {}
        status, headers, pdf = intern.get(wms(REQUEST="GetPrint", TEMPLATE=page["template"], FORMAT="pdf", **extra))
        assert status == 200 and pdf.startswith(b"%PDF"), pdf[:300]
        (tmp_path / f"{key}.pdf").write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(tmp_path / f"{key}.pdf"), "-"], capture_output=True, text=True, check=True).stdout
        assert "peildatum" in text and "Legenda" in text
        # #17: the tables' text is text, not outlines (QGIS Server 3.22's own GetPrint drew it as curves)
        assert ("Wierdense Hoek" in text and "Streefwaarde" in text) if key == "stad" else "Ontwikkeling Stadskade" in text
        if key == "WK014110":
            assert "Binnenstad (WK014110)" in text and "Strategische positie" in text  # GEHEIM's kind, in the legend


def test_figures_equal_rollup_niveau_wijk(intern, web_store):
    out = subprocess.run([sys.executable, "-m", "almelo_atlas_plugin", "rollup", str(web_store), "--niveau", "wijk",
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    rollup = json.loads(out)
    whole = intern.json("/cijfers.json")
    assert whole["wijken"] == rollup["wijken"] and whole["stad"] == rollup["stad"]
    for w in rollup["wijken"]:
        scope = intern.json(f"/cijfers.json?wijk={w['wijk_code']}")
        assert scope["wijk"] == w
    assert GEHEIM in {x["naam"] for x in whole["locaties"]}  # the internal atlas shows everything
    status, _, body = intern.get("/cijfers.json?wijk=WK999999")
    assert status == 404 and "Onbekende wijk" in json.loads(body)["fout"]
