"""import (#12, values and messages): curved geometries, Excel's CSV encodings, disk full, a failed reprojection,
DATE values and non-finite or huge numbers: a refused row is named (layer, row, field), never a traceback, and a
refused or failed import leaves the store as it was, on GeoPackage and on PostGIS."""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from osgeo import gdal, ogr, osr

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.model.schema import DATE_RULE, TABLES
from almelo_atlas_plugin.core.store.base import DbError
from almelo_atlas_plugin.core.store.open import open_store
from tests.conftest import ROOT
from tests.helpers import add_feature

SAMPLE = ROOT / "sample_gpkg" / "almelo_sample.gpkg"
REFUSAL = r"^geweigerd: Laag (\w+), (rij|bronfeature) -?\d+(, locatie '.*')?, veld [^:]+: \S"  # a block: its location's naam


@pytest.fixture(params=["gpkg", "postgis"])
def store_uri(request, tmp_path) -> str:
    """A private copy of the committed sample on either backend."""
    if request.param == "postgis":
        return request.getfixturevalue("pg_sample")
    path = tmp_path / "atlas.gpkg"
    shutil.copy(SAMPLE, path)
    return str(path)


def content_hash(uri: str) -> str:
    """Every row of every atlas table (geometry included), in fid order."""
    store = open_store(uri)
    h = hashlib.sha256()
    with store.reading() as con:
        present = set(store.table_names(con))
        for t in TABLES:
            if t.name in present:
                for row in con.execute(f'SELECT * FROM "{t.name}" ORDER BY "{t.fid_column}"'):
                    h.update(repr(tuple(bytes(v) if isinstance(v, (bytes, memoryview)) else v for v in row)).encode())
    return h.hexdigest()


def run(argv) -> tuple:
    """The command line in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def write_source(path: Path, layer: str, epsg, rows, driver: str = "GPKG") -> Path:
    """A vector source: rows are (wkt or None, {field: value}); fields typed by their first value."""
    ds = gdal.GetDriverByName(driver).Create(str(path), 0, 0, 0, gdal.GDT_Unknown)
    srs = None
    if epsg:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
    lyr = ds.CreateLayer(layer, srs, ogr.wkbUnknown)
    types = {str: ogr.OFTString, int: ogr.OFTInteger64, float: ogr.OFTReal}
    for k, v in (rows[0][1] if rows else {}).items():
        lyr.CreateField(ogr.FieldDefn(k, types[type(v)]))
    for wkt, attrs in rows:
        add_feature(lyr, attrs, wkt)
    ds = None
    return path


def refusals(err: str):
    lines = [ln for ln in err.splitlines() if ln.startswith("geweigerd:")]
    import re

    assert all(re.match(REFUSAL, ln) for ln in lines), lines
    return lines


# --- curved geometries --------------------------------------------------------------------------

ARC = "CIRCULARSTRING(245000 486000,245100 486100,245200 486000)"
CURVES = [
    f"CURVEPOLYGON(COMPOUNDCURVE({ARC},(245200 486000,245000 486000)))",
    f"MULTISURFACE(CURVEPOLYGON(COMPOUNDCURVE({ARC},(245200 486000,245000 486000))))",
    "CURVEPOLYGON(CIRCULARSTRING(246000 486000,246100 486100,246000 486000))",
    f"COMPOUNDCURVE({ARC},(245200 486000,245000 486000))",  # a line: no area for a potloodplan
]


def test_curved_geometries_are_linearised_or_refused_by_row(store_uri, tmp_path):
    src = write_source(tmp_path / "bogen.gpkg", "plannen", 28992,
                       [(wkt, {"naam": f"Boog {i}", "soort": "braakliggend_terrein", "won_koop": 4}) for i, wkt in enumerate(CURVES)])
    code, out, err = run(["import", store_uri, "potloodplannen", src])
    assert code == 0 and "Traceback" not in err
    assert "3 features geïmporteerd" in out
    (line,) = refusals(err)
    assert "Laag potloodplannen, bronfeature 4, veld geom:" in line and "LineString" in line
    store = open_store(store_uri)
    rows = store.read_frame(f"SELECT naam, {store.geometry_sql()} AS geom FROM potloodplannen WHERE naam LIKE 'Boog %' ORDER BY naam")
    assert rows.naam.tolist() == ["Boog 0", "Boog 1", "Boog 2"]
    from almelo_atlas_plugin.core.model import geo

    half_disc = geo.from_wkb(bytes(rows.geom[0]))
    assert half_disc.geom_type == "MultiPolygon" and half_disc.is_valid
    assert half_disc.area == pytest.approx(3.14159 * 100 ** 2 / 2, rel=0.01)  # the arc, not its chord


# --- Excel's CSV ----------------------------------------------------------------------------------

EXCEL_CSV = ("x;y;adres;m2;leeg_sinds\r\n"
             "241500,5;486000,25;Café Zwaan, Grotestraat 1;1.234,5;01-02-2021\r\n"
             "241600;486100;Één € winkel;12,5;2021-03-04\r\n")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
def test_dutch_excel_csv_is_read_in_any_of_its_encodings(store_uri, tmp_path, encoding):
    csv = tmp_path / "winkels.csv"
    csv.write_bytes(EXCEL_CSV.encode(encoding))
    last = open_store(store_uri).read_frame("SELECT max(fid) AS m FROM winkelleegstand").m[0]
    code, out, err = run(["import", store_uri, "winkelleegstand", csv])
    assert (code, err.count("geweigerd")) == (0, 0), err
    store = open_store(store_uri)
    rows = store.read_frame(f"SELECT adres, m2, leeg_sinds, {store.geometry_sql()} AS geom FROM winkelleegstand WHERE fid > {last} ORDER BY fid")
    assert rows.adres.tolist() == ["Café Zwaan, Grotestraat 1", "Één € winkel"]
    assert rows.m2.tolist() == [1234.5, 12.5]
    assert rows.leeg_sinds.tolist() == ["2021-02-01", "2021-03-04"]
    from almelo_atlas_plugin.core.model import geo

    first = geo.from_wkb(bytes(rows.geom[0]))
    assert (first.x, first.y) == (241500.5, 486000.25)


def test_a_byte_that_is_no_character_refuses_its_row_by_name(store_uri, tmp_path):
    csv = tmp_path / "winkels.csv"
    csv.write_bytes(EXCEL_CSV.encode("cp1252") + b"241700;486200;Winkel \x81 drie;10;2021-01-01\r\n")
    before = content_hash(store_uri)
    code, out, err = run(["import", store_uri, "winkelleegstand", csv])
    assert code == 0
    (line,) = refusals(err)
    assert line.startswith("geweigerd: Laag winkelleegstand, rij 4, veld adres: bevat onleesbare tekens")
    assert "2 features geïmporteerd" in out
    assert content_hash(store_uri) != before


# --- values: DATE, non-finite and huge numbers -------------------------------------------------------

def test_bad_dates_and_numbers_are_refused_per_row_and_the_store_is_unchanged(store_uri, tmp_path):
    csv = tmp_path / "winkels.csv"
    csv.write_text("x;y;adres;m2;leeg_sinds\n"
                   "241500;486000;a;1;morgen\n"
                   "241500;486000;b;2;2021-02-30\n"
                   "241500;486000;c;inf;2021-02-01\n"
                   "241500;486000;d;NaN;2021-02-01\n"
                   "241500;486000;e;1e400;2021-02-01\n"
                   "241500;486000;f;-3;2021-02-01\n", encoding="utf-8")
    before = content_hash(store_uri)
    code, out, err = run(["import", store_uri, "winkelleegstand", csv])
    assert code == 2 and "Traceback" not in err
    lines = refusals(err)
    assert [ln.split(": ", 1)[1].split(":")[0] for ln in lines] == [
        f"Laag winkelleegstand, rij {n}, veld {f}" for n, f in
        ((2, "leeg_sinds"), (3, "leeg_sinds"), (4, "m2"), (5, "m2"), (6, "m2"), (7, "m2"))]
    assert DATE_RULE in lines[0] and "'2021-02-30'" in lines[1]
    assert "mag niet negatief zijn" in lines[5]  # the schema's bound, said by the database guard
    assert content_hash(store_uri) == before


def test_integers_beyond_what_a_field_holds_are_refused(store_uri, tmp_path):
    src = write_source(tmp_path / "woningen.gpkg", "woningen", 28992, [
        ("POINT (241500 486000)", {"bouwjaar": str(2 ** 63)}),
        ("POINT (241500 486000)", {"bouwjaar": "1e308"}),
        ("POINT (241500 486000)", {"bouwjaar": "1990,5"}),
        ("POINT (241500 486000)", {"bouwjaar": "3000"}),
    ])
    before = content_hash(store_uri)
    code, out, err = run(["import", store_uri, "woningvoorraad", src])
    assert code == 2, err
    lines = refusals(err)
    assert len(lines) == 4 and all("veld bouwjaar" in ln for ln in lines)
    assert "te groot" in lines[0] and "te groot" in lines[1] and "geheel getal" in lines[2]
    assert "mag niet groter zijn dan 2100" in lines[3]
    assert content_hash(store_uri) == before


def test_the_database_refuses_an_invalid_date_on_both_backends(store_uri):
    store = open_store(store_uri)
    geom = bytes(ogr.CreateGeometryFromWkt("POINT (241500 486000)").ExportToIsoWkb(ogr.wkbNDR))
    bad = ["2021-02-30", "morgen", "infinity"] if store.kind == "postgis" else ["2021-02-30", "morgen", "2021-2-3", "20210203", 20210203]
    before = content_hash(store_uri)
    for value in bad:
        with pytest.raises(DbError) as exc, store.transaction() as con:
            store.insert_rows(con, "energielabels", [dict(label="C", registratiedatum=value, geom=geom)])
        if store.kind == "gpkg" or value == "infinity":
            assert str(exc.value) == f"Laag energielabels, veld registratiedatum: {DATE_RULE}"
        else:
            assert isinstance(exc.value, DbError)
    assert content_hash(store_uri) == before
    with store.transaction() as con:
        store.insert_rows(con, "energielabels", [dict(label="C", registratiedatum="2024-02-29", geom=geom)])


# --- reprojection ------------------------------------------------------------------------------------

@pytest.mark.parametrize("ogr_exceptions", [False, True], ids=["codes", "exceptions"])
def test_a_row_that_does_not_reproject_is_refused_and_not_reported_as_converted(store_uri, tmp_path, ogr_exceptions):
    was = ogr.GetUseExceptions()
    (ogr.UseExceptions if ogr_exceptions else ogr.DontUseExceptions)()  # init/migrate turn them on in the same process
    try:
        reprojection_refused(store_uri, tmp_path)
    finally:
        (ogr.UseExceptions if was else ogr.DontUseExceptions)()


def reprojection_refused(store_uri, tmp_path):
    bad = write_source(tmp_path / "wgs.gpkg", "labels", 4326, [("POINT (6.66 95)", {"energieklasse": "C"})])
    before = content_hash(store_uri)
    code, out, err = run(["import", store_uri, "energielabels", bad])
    assert code == 2
    (line,) = refusals(err)
    assert "Laag energielabels, bronfeature 1, veld geom: omzetten naar EPSG:28992 (RD New) mislukt" in line
    assert "omgezet van" not in err
    assert content_hash(store_uri) == before
    good = write_source(tmp_path / "wgs2.gpkg", "labels", 4326, [("POINT (6.66 52.35)", {"energieklasse": "C"}),
                                                                 ("POINT (200 100)", {"energieklasse": "D"})])
    code, out, err = run(["import", store_uri, "energielabels", good])
    assert code == 0 and "omgezet van WGS 84" in err and len(refusals(err)) == 1


# --- disk full ------------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A tmpfs just larger than the sample (tests run as root)."""
    mnt = tmp_path / "klein"
    mnt.mkdir()
    size = SAMPLE.stat().st_size + 600 * 1024
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)], check=True)
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=True)


def bulk_source(path: Path, n: int) -> Path:
    return write_source(path, "potloodplannen", 28992, [
        (f"POLYGON(({x} {y},{x + 10} {y},{x + 10} {y + 10},{x} {y + 10},{x} {y}))",
         {"naam": f"Bron {i} " + "lang " * 40, "soort": "leegstaand_vastgoed", "won_koop": 3})
        for i, (x, y) in enumerate((245000 + (i % 100) * 20, 486000 + (i // 100) * 20) for i in range(n))])


def test_disk_full_during_import_saves_nothing_and_says_so(small_disk, tmp_path):
    store = small_disk / "atlas.gpkg"
    shutil.copy(SAMPLE, store)
    src = bulk_source(tmp_path / "bron.gpkg", 4000)
    before = content_hash(str(store))
    code, out, err = run(["import", store, "potloodplannen", src])
    assert code == 2, (out, err)
    assert err.strip() == f"fout: GeoPackage '{store}': schijf vol: er is niets opgeslagen."
    assert not Path(f"{store}-journal").exists()
    con = sqlite3.connect(store)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert content_hash(str(store)) == before


def test_a_table_without_geometry_takes_a_csv_and_ignores_its_coordinates(store_uri, tmp_path):
    csv = tmp_path / "vraag.csv"
    csv.write_text("jaar;aantal;bron;x;y\n2040;150;prognose;geen getal;\n", encoding="utf-8")
    code, out, err = run(["import", store_uri, "woningvraag", csv])
    assert (code, err) == (0, "")
    assert open_store(store_uri).read_frame("SELECT aantal FROM woningvraag WHERE jaar = 2040").aantal.tolist() == [150]


@pytest.fixture
def pg_small_disk(cluster, pg_sample):
    """The PostGIS sample with potloodplannen and the history on a small tmpfs (a tablespace; tests run as root)."""
    import tempfile

    import psycopg2

    mnt = Path(tempfile.mkdtemp(prefix="atlas_vol_"))
    mnt.chmod(0o755)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(mnt)], check=True)
    shutil.chown(mnt, "postgres", "postgres")
    admin = psycopg2.connect(cluster.dsn())
    admin.autocommit = True
    db = pg_sample.rsplit("/", 1)[1].split("?")[0]
    with admin.cursor() as cur:
        cur.execute(f"CREATE TABLESPACE klein LOCATION '{mnt}'")
    con = psycopg2.connect(cluster.dsn(db))
    with con, con.cursor() as cur:
        cur.execute("ALTER TABLE atlas.potloodplannen SET TABLESPACE klein")
        cur.execute("ALTER TABLE atlas.wijzigingen SET TABLESPACE klein")
    con.close()
    yield pg_sample
    with admin.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (db,))
        cur.execute(f'DROP DATABASE "{db}"')
        cur.execute("DROP TABLESPACE klein")
    admin.close()
    subprocess.run(["umount", str(mnt)], check=True)
    mnt.rmdir()


def test_disk_full_on_the_database_server_saves_nothing_and_says_so(pg_small_disk, tmp_path):
    src = bulk_source(tmp_path / "bron.gpkg", 4000)
    before = content_hash(pg_small_disk)
    code, out, err = run(["import", pg_small_disk, "potloodplannen", src])
    assert code == 2, (out, err)
    assert err.strip() == "fout: PostGIS-server: schijf vol: er is niets opgeslagen"
    assert content_hash(pg_small_disk) == before


def test_required_and_unique_fields_are_named_in_dutch_on_both_backends(store_uri, tmp_path):
    csv = tmp_path / "vraag.csv"
    csv.write_text("jaar;aantal\n2040;\n2041;10\n2041;20\n", encoding="utf-8")
    code, out, err = run(["import", store_uri, "woningvraag", csv])
    assert code == 0
    assert refusals(err) == ["geweigerd: Laag woningvraag, rij 2, veld aantal: is verplicht",
                             "geweigerd: Laag woningvraag, rij 4, veld jaar: waarde bestaat al (moet uniek zijn)"]
