"""import: real CBS data, CSV with coordinates, reprojection, refusals, one transaction."""

from __future__ import annotations

import sqlite3

import pytest
from osgeo import gdal, ogr, osr

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.sources.importer import import_layer
from almelo_atlas_plugin.core.store.base import StoreError
from almelo_atlas_plugin.core.store.open import open_store
from tests.helpers import project


@pytest.mark.realdata
def test_real_cbs_wijken_and_buurten(empty_store, shared_data, tmp_path):
    src = shared_data / "almelo.gpkg"
    for layer in ("gemeente", "wijken", "buurten"):
        rep = import_layer(empty_store, layer, str(src))
        assert not rep.refused, rep.refused
    s = empty_store
    wk = s.read_frame("SELECT wijk_code, naam FROM wijken ORDER BY wijk_code")
    assert wk.wijk_code.tolist() == [f"WK0141{i}" for i in range(10, 22)]
    assert "Windmolenbroek" in set(wk.naam)
    assert s.read_frame("SELECT count(*) AS n FROM buurten").n[0] == 71
    # locations placed at real buurt interiors: their wijk comes from the real polygons
    con = sqlite3.connect(src)
    samples = con.execute("SELECT buurtcode, wijkcode FROM buurten ORDER BY buurtcode LIMIT 71").fetchall()
    con.close()
    ds = gdal.OpenEx(str(src), gdal.OF_VECTOR)
    lyr = ds.GetLayerByName("buurten")
    expected = {}
    with s.transaction() as c:
        for feat in lyr:
            code = feat.GetField("buurtcode")
            p = feat.GetGeometryRef().PointOnSurface()
            x, y = p.GetX(), p.GetY()
            from shapely.geometry import box

            fid = project(c, f"Locatie {code}", box(x - 5, y - 5, x + 5, y + 5), won=(0, 0, 0, 1))
            expected[fid] = feat.GetField("wijkcode")
    assert len(expected) == len(samples) == 71
    r = rollup(s).to_json()
    got = {x["fid"]: x["wijk_code"] for x in r["locaties"]}
    assert got == expected
    assert sum(w["won_gepland"] for w in r["wijken"]) == 71 and r["stad"]["buiten_wijken"]["won_gepland"] == 0
    per = {w["wijk_code"]: w["won_gepland"] for w in r["wijken"]}
    buurten_per_wijk = {}
    for _, w in samples:
        buurten_per_wijk[w] = buurten_per_wijk.get(w, 0) + 1
    assert per == buurten_per_wijk
    # buurt level: every location in its own buurt
    assert all(b["won_gepland"] == 1 for b in r["buurten"])


def _write_layer(path, name, srs_epsg, geoms, fields):
    ds = gdal.GetDriverByName("GPKG").Create(str(path), 0, 0, 0, gdal.GDT_Unknown) if not path.exists() else gdal.OpenEx(str(path), gdal.OF_UPDATE)
    srs = None
    if srs_epsg:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(srs_epsg)
    lyr = ds.CreateLayer(name, srs, ogr.wkbUnknown)
    for k in fields[0] if fields else []:
        lyr.CreateField(ogr.FieldDefn(k, ogr.OFTString if isinstance(fields[0][k], str) else ogr.OFTInteger))
    for wkt, attrs in zip(geoms, fields):
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in attrs.items():
            f.SetField(k, v)
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None


def test_wgs84_is_reprojected_with_a_warning(sample_store, tmp_path):
    src = tmp_path / "wgs.gpkg"
    # a GeoPackage stores x = longitude, y = latitude
    _write_layer(src, "labels", 4326, ["POINT (6.662 52.356)"], [{"energieklasse": "c"}])
    rep = import_layer(sample_store, "energielabels", str(src))
    assert rep.imported == 1 and any("omgezet" in w for w in rep.warnings)
    row = sample_store.read_frame("SELECT label, wijk_code, geom FROM energielabels ORDER BY fid DESC LIMIT 1").iloc[0]
    assert row.label == "C"
    from almelo_atlas_plugin.core.store import blobs as gpkg

    x, y = gpkg.point_xy([row.geom])
    assert 230000 < x[0] < 250000 and 470000 < y[0] < 495000


def test_csv_with_rd_coordinates_and_refused_rows(sample_store, tmp_path):
    csv = tmp_path / "woningen.csv"
    csv.write_text("x,y,eigendom,woningtype,bouwjaar\n241500,486000,koop,eengezins,1990\n"
                   "241600,486100,huur,eengezins,1991\n241700,486200,corporatie,meergezins,abc\n", encoding="utf-8")
    before = sample_store.read_frame("SELECT count(*) AS n FROM woningvoorraad").n[0]
    rep = import_layer(sample_store, "woningvoorraad", str(csv))
    assert rep.imported == 1
    assert len(rep.refused) == 2
    assert "veld eigendom" in rep.refused[0] and "veld bouwjaar" in rep.refused[1]
    after = sample_store.read_frame("SELECT count(*) AS n FROM woningvoorraad").n[0]
    assert after == before + 1
    wk = sample_store.read_frame("SELECT wijk_code FROM woningvoorraad ORDER BY fid DESC LIMIT 1").wijk_code[0]
    assert wk is not None


def test_source_without_crs_or_outside_nl_is_refused(empty_store, tmp_path):
    nocrs = tmp_path / "nocrs.gpkg"
    _write_layer(nocrs, "w", None, ["POLYGON ((0 0,1 0,1 1,0 0))"], [{"wijkcode": "WK1", "wijknaam": "x"}])
    with pytest.raises(StoreError, match="geen coördinatenstelsel"):
        import_layer(empty_store, "wijken", str(nocrs))
    far = tmp_path / "far.gpkg"
    _write_layer(far, "w", 28992, ["POLYGON ((900000 0,900100 0,900100 100,900000 0))"], [{"wijkcode": "WK1", "wijknaam": "x"}])
    with pytest.raises(StoreError, match="buiten Nederland"):
        import_layer(empty_store, "wijken", str(far))
    assert empty_store.read_frame("SELECT count(*) AS n FROM wijken").n[0] == 0


def test_multi_layer_source_and_mapping(empty_store, tmp_path, capsys):
    src = tmp_path / "multi.gpkg"
    _write_layer(src, "a", 28992, ["POLYGON ((240000 480000,241000 480000,241000 481000,240000 480000))"], [{"code": "WKX", "titel": "Iks"}])
    _write_layer(src, "b", 28992, ["POLYGON ((240000 480000,241000 480000,241000 481000,240000 480000))"], [{"code": "WKY", "titel": "Ypsilon"}])
    assert main(["import", str(empty_store.path), "wijken", str(src)]) == 2
    assert "meerdere lagen" in capsys.readouterr().err
    assert main(["import", str(empty_store.path), "wijken", str(src), "--bronlaag", "b", "--map", "wijk_code=code", "--map", "naam=titel"]) == 0
    assert open_store(empty_store.path).read_frame("SELECT wijk_code, naam FROM wijken").values.tolist() == [["WKY", "Ypsilon"]]
    assert main(["import", str(empty_store.path), "wijken", str(src), "--bronlaag", "b"]) == 2  # no wijk_code source field
    assert "verplichte velden" in capsys.readouterr().err
    assert main(["import", str(empty_store.path), "wijken", str(tmp_path / "nope.gpkg")]) == 2
