"""Property-based fuzz of import sources (#12): generated CSVs (encodings, separators, headers, junk values, empty
files, binary garbage, very long lines) and generated GeoPackages/GeoJSON (geometry types incl. curves, empty and
invalid geometries, other and missing CRSs) imported into a copy of the sample on the command line. Whatever comes
in: exit 0 or 2, no traceback, every refusal names layer, row or feature, and field, in Dutch, and an import that
ends in 2 with nothing imported leaves the store as it was."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from osgeo import gdal, ogr, osr

from almelo_atlas_plugin.core.store.open import open_store
from tests.conftest import ROOT
from tests.helpers import add_feature
from tests.unit.test_import_sources import REFUSAL, SAMPLE, content_hash, run

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# locations of the committed sample: a project, a potloodplan on braakliggend terrein (no sloop there), one with ë
BLOCK_LOCATIONS = ["Veenelanden-Oost", "Niemandsland Stationsstraat (tussen kanaal en spoor)",
                   "Kleinschalige kantoorruimte Indiëterrein", "veenelanden-oost "]
GOOD = {  # target layer → source field → values that go in (the fuzz mixes them with junk)
    "energielabels": {"label": ["C", "a", "A++++"], "energieklasse": ["b"], "registratiedatum": ["2021-02-03", "01-02-2021"]},
    "winkelleegstand": {"adres": ["Markt 1", "Café"], "m2": ["12,5", "100"], "leeg_sinds": ["2020-01-01"]},
    "potloodplannen": {"naam": ["Plan"], "soort": ["braakliggend_terrein"], "won_koop": ["3", "0"], "won_sociale_huur": ["2"],
                       "ha_zon": ["0,5"], "eigendom_gemeente": ["ja", "0"], "bijgewerkt_op": ["2021-01-01T10:00:00"]},
    "leefbaarheid": {"score": ["5"], "jaar": ["2020"]},
    "woningvraag": {"jaar": ["2040", "2041", "2042"], "aantal": ["150"], "bron": ["prognose"]},
    "woningblokken": {"locatie": BLOCK_LOCATIONS, "laag": ["projecten", "potloodplannen", "Project"], "locatie_fid": ["1", "3", "99999"],
                      "soort": ["bouw", "sloop", "Sloop"], "aantal": ["12", "1", "10.000"], "segment": ["koop", "Sociale huur", "onbekend"],
                      "jaar": ["2027", "2000", "2050"], "prijs": ["325.000", "850,50"], "gerealiseerd": ["ja", "0"]},
}
LAYERS = {layer: list(fields) for layer, fields in GOOD.items()}
COORDS = {"x": ["241500", "241600,5"], "y": ["486000"], "lon": ["6,66", "6.67"], "lat": ["52.35"], "X_RD": ["241700"],
          "latitude": ["52,36"]}
JUNK = ["", " ", "inf", "-inf", "NaN", "1e308", "-1e308", "1e400", str(2 ** 63), str(-2 ** 63 - 1), "-0", "12,5", "1.234,5",
        "1,2,3", "morgen", "2021-02-30", "2021-02-28", "01-02-2021", "31-04-2021", "2021-02-28T10:00:00", "ja", "nee", "C",
        "c", "A++++", "koop", "braakliggend_terrein", "\x00", "é", "€", '"', "'; DROP TABLE wijken; --", "241500", "486000",
        "6,66", "52.35", "6.66", "0x10", "1_000", "Infinity"]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]
CHARS = list("abcé€ë;,.\t\"'\n\r 0123456789-+eE") + ["\ufffd", "\u202e", "\u2028"]
TEXT = st.text(alphabet=st.sampled_from(CHARS + ["\x00"]), max_size=12)
TEXT_NO_NUL = st.text(alphabet=st.sampled_from(CHARS), max_size=12)  # an OGR string field cannot hold NUL
value = st.one_of(st.sampled_from(JUNK), TEXT, st.integers(-2 ** 70, 2 ** 70).map(str),
                  st.floats(allow_nan=True, allow_infinity=True).map(repr))


def cell(column: str):
    """A value for a column: mostly one that fits it, else junk."""
    good = {**COORDS, **{k: v for fields in GOOD.values() for k, v in fields.items()}}.get(column)
    return st.one_of(*[st.sampled_from(good)] * 8, value) if good else value


@st.composite
def csv_source(draw):
    layer = draw(st.sampled_from(list(LAYERS)))
    kind = draw(st.sampled_from(["table"] * 6 + ["empty", "garbage", "long"]))
    if kind == "empty":
        return layer, draw(st.sampled_from([b"", b"\n", b"\xef\xbb\xbf", b";;;\n"]))
    if kind == "garbage":
        return layer, draw(st.binary(max_size=600))
    fields = LAYERS[layer] + draw(st.sampled_from([["x", "y"]] * 3 + [["lon", "lat"], ["X_RD", "latitude"], []]))
    header = draw(st.one_of(*[st.permutations(fields)] * 3,
                            st.lists(st.sampled_from(fields + list(COORDS) + ["", "kolom"]), min_size=1, max_size=8)))
    rows = [[draw(cell(c)) for c in header] for _ in range(draw(st.integers(1, 5)))]
    rows = [r[:draw(st.integers(1, len(r) + 1))] if draw(st.integers(0, 9)) == 9 else r for r in rows]  # ragged now and then
    if kind == "long":
        rows.append(["x" * draw(st.sampled_from([40_000, 200_000]))] * len(header))
    sep = draw(st.sampled_from([";", ",", "\t", "|"]))
    buf = io.StringIO()
    if draw(st.booleans()):
        w = csv.writer(buf, delimiter=sep, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
        w.writerow(header)
        w.writerows(rows)
    else:  # no quoting at all: separators and quotes inside values break the columns
        buf.write("\n".join(sep.join(r) for r in [header, *rows]))
    return layer, buf.getvalue().encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


GEOMETRIES = [
    None, "POINT EMPTY", "POLYGON EMPTY", "GEOMETRYCOLLECTION EMPTY", "POINT (241500 486000)", "POINT Z (241500 486000 5)",
    "POINT M (241500 486000 1)", "POINT (6.66 52.35)", "POINT (200 100)", "POINT (1e300 1e300)", "MULTIPOINT ((1 1),(2 2))",
    "LINESTRING (241500 486000,241600 486100)", "POLYGON ((241500 486000,241600 486000,241600 486100,241500 486100,241500 486000))",
    "POLYGON ((241500 486000,241600 486100,241600 486000,241500 486100,241500 486000))",  # a bow tie: invalid
    "POLYGON ((6.66 52.35,6.67 52.35,6.67 52.36,6.66 52.35))",
    "MULTIPOLYGON (((241500 486000,241600 486000,241600 486100,241500 486000)),((0 0,1 0,1 1,0 0)))",
    "GEOMETRYCOLLECTION (POINT (241500 486000))",
    "CURVEPOLYGON (CIRCULARSTRING (241000 486000,241100 486100,241000 486000))",
    "MULTISURFACE (CURVEPOLYGON (CIRCULARSTRING (241000 486000,241100 486100,241000 486000)))",
    "COMPOUNDCURVE (CIRCULARSTRING (241000 486000,241100 486100,241200 486000),(241200 486000,241000 486000))",
    "CIRCULARSTRING (241000 486000,241100 486100,241200 486000)",
]
CURVED = ("CURVE", "CIRCULAR", "SURFACE", " M ")


@st.composite
def vector_source(draw):
    layer = draw(st.sampled_from(list(LAYERS)))
    driver = draw(st.sampled_from(["GPKG", "GeoJSON"]))
    epsg = draw(st.sampled_from([28992, 28992, None, 4326, 3857, 32631]))
    fields = draw(st.one_of(st.just(LAYERS[layer]), st.lists(st.sampled_from(sum(LAYERS.values(), [])), max_size=5, unique=True)))
    kinds = {f: draw(st.sampled_from([ogr.OFTString, ogr.OFTString, ogr.OFTInteger64, ogr.OFTReal])) for f in fields}
    feats = []
    for _ in range(draw(st.integers(1, 5))):
        wkt = draw(st.sampled_from([g for g in GEOMETRIES if driver == "GPKG" or not (g and any(c in g for c in CURVED))]))
        vals = {}
        for f, k in kinds.items():
            if k == ogr.OFTString:
                vals[f] = draw(st.one_of(*[st.sampled_from(GOOD[layer].get(f, ["x"]))] * 3, st.sampled_from(JUNK[:19]), TEXT_NO_NUL))
            elif k == ogr.OFTInteger64:
                vals[f] = draw(st.one_of(st.integers(0, 10), st.integers(-2 ** 63, 2 ** 63 - 1)))
            else:
                vals[f] = draw(st.one_of(st.floats(0, 10), st.floats(allow_nan=driver == "GPKG", allow_infinity=driver == "GPKG")))
        feats.append((wkt, vals))
    return layer, (driver, epsg, kinds, feats)


def write_vector(path, driver, epsg, kinds, feats):
    ds = gdal.GetDriverByName(driver).Create(str(path), 0, 0, 0, gdal.GDT_Unknown)
    srs = None
    if epsg:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
    lyr = ds.CreateLayer("bron", srs, ogr.wkbUnknown)
    for f, k in kinds.items():
        lyr.CreateField(ogr.FieldDefn(f, k))
    for wkt, vals in feats:
        add_feature(lyr, vals, wkt)
    ds = None


@pytest.fixture(scope="module")
def master(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "atlas.gpkg"
    shutil.copy(SAMPLE, path)
    return path, content_hash(str(path))


def check(uri: str, before: str, layer: str, source, ogr_exceptions: bool = False, replace: bool = False) -> None:
    """One import on the command line in this process (OGR's exceptions on or off, as earlier work in the process left
    them), and what must hold whatever the source was: a refused replace changes nothing either."""
    was = ogr.GetUseExceptions()
    (ogr.UseExceptions if ogr_exceptions else ogr.DontUseExceptions)()
    try:
        code, out, err = run(["import", uri, layer, source] + (["--vervang"] if replace else []))
    finally:
        (ogr.UseExceptions if was else ogr.DontUseExceptions)()
    assert code in (0, 2), (code, out, err)
    event(f"exit {code}, " + ("iets geïmporteerd" if re.match(r"[1-9]", out) else "niets geïmporteerd")
          + (", rijen geweigerd" if "geweigerd: " in err else ""))
    assert "Traceback" not in err
    for line in err.splitlines():
        assert line.startswith(("fout: ", "waarschuwing: ", "geweigerd: ")), line  # one line each, whatever the values
        if line.startswith("geweigerd: "):
            assert re.match(REFUSAL, line) and f"Laag {layer}, " in line, line
        assert not re.search(r"\b(Error|error|failed|invalid|cannot|unable)\b", line), line
    if code == 2 and ("0 features geïmporteerd" in out or "fout: " in err) or replace and "geweigerd: " in err:
        assert content_hash(uri) == before


def gpkg_copy(master, tmp_path) -> str:
    store = tmp_path / "kopie.gpkg"
    shutil.copy(master[0], store)
    return str(store)


@SETTINGS
@given(generated=csv_source(), ogr_exceptions=st.booleans())
def test_fuzz_csv_sources(master, tmp_path, generated, ogr_exceptions):
    layer, data = generated
    source = tmp_path / "bron.csv"
    source.write_bytes(data)
    check(gpkg_copy(master, tmp_path), master[1], layer, source, ogr_exceptions)


@SETTINGS
@given(generated=vector_source(), ogr_exceptions=st.booleans())
def test_fuzz_vector_sources(master, tmp_path, generated, ogr_exceptions):
    layer, src = generated
    driver, epsg, kinds, feats = src
    source = tmp_path / ("bron.gpkg" if driver == "GPKG" else "bron.geojson")
    for p in (source, tmp_path / "kopie.gpkg"):
        if p.exists():
            p.unlink()
    write_vector(source, *src)
    check(gpkg_copy(master, tmp_path), master[1], layer, source, ogr_exceptions)


def write_source(tmp_path, generated):
    """A generated CSV (bytes) or vector source written to a fresh file; its path."""
    if isinstance(generated, bytes):
        source = tmp_path / "bron.csv"
        source.write_bytes(generated)
        return source
    source = tmp_path / ("bron.gpkg" if generated[0] == "GPKG" else "bron.geojson")
    if source.exists():
        source.unlink()
    write_vector(source, *generated)
    return source


@contextlib.contextmanager
def pg_copy(cluster, pg_template):
    """A fresh copy of the sample database (its address) for one example."""
    import psycopg2

    admin = psycopg2.connect(cluster.dsn())
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute('DROP DATABASE IF EXISTS "atlas_fuzz"')
        cur.execute(f'CREATE DATABASE "atlas_fuzz" TEMPLATE "{pg_template}"')
    try:
        yield f"{cluster.dsn('atlas_fuzz')}?schema=atlas"
    finally:
        with admin.cursor() as cur:
            cur.execute('DROP DATABASE "atlas_fuzz" WITH (FORCE)')
        admin.close()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=st.one_of(csv_source(), vector_source()), ogr_exceptions=st.booleans())
def test_fuzz_sources_on_postgis(cluster, pg_template, pg_master_hash, tmp_path, generated, ogr_exceptions):
    """The same on PostGIS: a fresh copy of the sample database per example."""
    layer, src = generated
    source = write_source(tmp_path, src)
    with pg_copy(cluster, pg_template) as uri:
        check(uri, pg_master_hash, layer, source, ogr_exceptions)


BLOCK_COLUMNS = [["locatie", "soort", "aantal", "segment", "jaar"],
                 ["laag", "locatie_fid", "soort", "aantal", "segment", "jaar", "prijs", "gerealiseerd"],
                 ["locatie", "laag", "aantal", "segment", "woningtype", "eigenaar", "doelgroep", "jaar"]]


BLOCK_VALUES = {**GOOD["woningblokken"], "woningtype": ["Eengezinswoning", "meergezins"], "eigenaar": ["corporatie", "Particulier"],
                "doelgroep": ["regulier", "Zorg"], "soort": ["bouw", "Bouw"]}


@functools.cache
def sample_locations() -> list:
    """(naam, laag, fid) of the committed sample's locations (the fuzz's sources name them)."""
    con = sqlite3.connect(str(SAMPLE))
    try:
        return [(n, laag, fid) for laag in ("projecten", "potloodplannen")
                for fid, n in con.execute(f"SELECT fid, naam FROM {laag} WHERE naam IN ({', '.join('?' * len(BLOCK_LOCATIONS))})",
                                          BLOCK_LOCATIONS)]
    finally:
        con.close()


@st.composite
def good_block(draw, header):
    """A row that fits: an existing location (by naam, or laag and fid) and values a planner would type."""
    naam, laag, fid = draw(st.sampled_from(sample_locations()))
    own = {"locatie": naam, "laag": laag, "locatie_fid": str(fid)}
    return [own.get(c) or draw(st.sampled_from(BLOCK_VALUES[c])) for c in header]


@st.composite
def block_csv(draw) -> bytes:
    """woningblokken as a planner's Excel saves them: rows naming their location by naam or by laag + fid, mostly good
    values, some junk; now and then a column shuffled away or doubled."""
    header = draw(st.one_of(st.sampled_from(BLOCK_COLUMNS), st.sampled_from(BLOCK_COLUMNS).flatmap(st.permutations),
                            st.lists(st.sampled_from(sum(BLOCK_COLUMNS, [])), min_size=1, max_size=6)))
    rows = [draw(st.one_of(good_block(header), st.just(None))) or [draw(cell(c)) for c in header]
            for _ in range(draw(st.integers(1, 6)))]
    text = "\r\n".join(";".join(r) for r in [header, *rows])
    return text.encode(draw(st.sampled_from(["cp1252", "utf-8-sig", "utf-8"])), errors="replace")


def sums_follow_blocks(uri: str) -> None:
    """Every location's dwelling sums are its blocks' (the database keeps them, whatever was imported)."""
    store = open_store(uri)
    with store.reading() as con:
        for laag in ("projecten", "potloodplannen"):
            bad = con.execute(
                f"SELECT l.fid FROM {laag} l LEFT JOIN (SELECT locatie_fid, sum(CASE WHEN soort = 'bouw' THEN aantal ELSE 0 END) AS b,"
                f" sum(CASE WHEN soort = 'sloop' THEN aantal ELSE 0 END) AS s FROM woningblokken WHERE laag = '{laag}'"
                " GROUP BY locatie_fid) k ON k.locatie_fid = l.fid"
                " WHERE l.won_totaal <> coalesce(k.b, 0) OR l.won_sloop <> coalesce(k.s, 0) OR l.won_netto <> coalesce(k.b, 0) - coalesce(k.s, 0)"
            ).fetchall()
            assert bad == [], (laag, bad)


@SETTINGS
@given(data=block_csv(), replace=st.booleans())
def test_fuzz_block_imports(master, tmp_path, data, replace):
    """Whatever the rows: exit 0 or 2, one Dutch line per refusal naming layer, row (location) and field; a refused
    replace changes nothing; the locations' sums stay their blocks'."""
    source = tmp_path / "blokken.csv"
    source.write_bytes(data)
    uri = gpkg_copy(master, tmp_path)
    check(uri, master[1], "woningblokken", source, replace=replace)
    sums_follow_blocks(uri)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=block_csv(), replace=st.booleans())
def test_fuzz_block_imports_on_postgis(cluster, pg_template, pg_master_hash, tmp_path, data, replace):
    source = tmp_path / "blokken.csv"
    source.write_bytes(data)
    with pg_copy(cluster, pg_template) as uri:
        check(uri, pg_master_hash, "woningblokken", source, replace=replace)
        sums_follow_blocks(uri)


@pytest.fixture(scope="module")
def pg_master_hash(cluster, pg_template):
    return content_hash(f"{cluster.dsn(pg_template)}?schema=atlas")


@pytest.mark.parametrize("name,data", [
    ("bogen.gpkg", None),
    ("excel.csv", "x;y;adres;m2\n241500;486000;Café;12,5\n241500;486000;Caf\x81;1e400\n".encode("cp1252", errors="ignore") + b"\x81\n"),
    ("rommel.gpkg", os.urandom(3000)),
    ("rommel.csv", b"\xff\xfe\x00\x00" + os.urandom(2000)),
    ("lang.csv", b"x;y;adres\n241500;486000;" + b"a" * 300_000 + b"\n241500;486000;kort\n"),
], ids=["bogen", "excel", "rommel-gpkg", "rommel-csv", "lang"])
def test_no_traceback_escapes_at_process_level(tmp_path, name, data):
    """The real process: nothing but Dutch lines on stderr (no GDAL/PROJ 'ERROR 1:' either), exit 0 or 2."""
    store = tmp_path / "atlas.gpkg"
    shutil.copy(SAMPLE, store)
    source = tmp_path / name
    if data is None:
        write_vector(source, "GPKG", 4326, {"adres": ogr.OFTString}, [(g, {"adres": "a"}) for g in GEOMETRIES])
    else:
        source.write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "almelo_atlas_plugin", "import", str(store), "winkelleegstand", str(source)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert proc.returncode in (0, 2), proc.stderr
    for line in proc.stderr.splitlines():
        assert line.startswith(("fout: ", "waarschuwing: ", "geweigerd: ")), line
