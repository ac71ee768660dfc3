"""Small builders for tests: geometries as GeoPackage blobs, locations."""

from __future__ import annotations

from typing import Optional

from shapely.geometry import MultiPolygon, Point, box

from almelo_atlas_plugin.core.model import geo
from almelo_atlas_plugin.core.model.schema import WON_SEGMENTS
from almelo_atlas_plugin.core.store import blobs as gpkg


def blob(g, srs: int = 28992) -> bytes:
    if g.geom_type == "Polygon":
        g = MultiPolygon([g])
    if g.geom_type == "Point":
        return gpkg.from_wkb(geo.to_wkb(g), None, srs)
    return gpkg.from_wkb(geo.to_wkb(g), g.bounds, srs)


def square(x: float, y: float, size: float = 100.0):
    return box(x, y, x + size, y + size)


def point(x: float, y: float):
    return Point(x, y)


def _insert(con, table: str, row: dict, store=None) -> int:
    """One row (geom: shapely): through the store's contract when given, else straight into a GeoPackage (as a blob)."""
    if store is not None:
        g = row["geom"]
        return store.insert_rows(con, table, [{**row, "geom": MultiPolygon([g]) if g.geom_type == "Polygon" else g}])[0]
    row = {**row, "geom": blob(row["geom"])}
    cols = list(row)
    return con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                       [row[c] for c in cols]).lastrowid


def project(con, naam="P", geom=None, status="voorbereiding", planstatus="hard", won=(0, 0, 0, 10),
            oplever: Optional[int] = 2027, start: Optional[int] = 2025, store=None, **extra) -> int:
    row = dict(zip(WON_SEGMENTS, won))
    row.update(naam=naam, status=status, planstatus=planstatus, won_totaal=sum(won), oplever_jaar=oplever,
               start_jaar=start, bijgewerkt_door="test", geom=geom if geom is not None else square(240000, 485000))
    row.update(extra)
    return _insert(con, "projecten", row, store)


def potloodplan(con, naam="L", geom=None, won=(0, 0, 0, 10), soort="braakliggend_terrein", store=None, **extra) -> int:
    row = dict(zip(WON_SEGMENTS, won))
    row.update(naam=naam, soort=soort, won_totaal=sum(won), bijgewerkt_door="test",
               geom=geom if geom is not None else square(240000, 485000))
    row.update(extra)
    return _insert(con, "potloodplannen", row, store)


def wijk(con, code: str, naam: str, geom, prioriteit="regulier", store=None) -> int:
    return _insert(con, "wijken", dict(wijk_code=code, naam=naam, prioriteit=prioriteit, geom=geom), store)


def add_potloodplannen(store, n: int, x0: float = 243000, y0: float = 484000) -> list:
    """n small potloodplannen on a grid (2 koop dwellings each), in one transaction; returns their fids."""
    rows = []
    for i in range(n):
        x, y = x0 + (i % 100) * 20, y0 + (i // 100) * 20
        rows.append((f"Locatie {i}", "braakliggend_terrein", 0, 0, 0, 2, 2, MultiPolygon([box(x, y, x + 15, y + 15)])))
    with store.transaction() as con:
        first = con.execute("SELECT coalesce(max(fid), 0) FROM potloodplannen").fetchone()[0] + 1
        store.insert_many(con, "potloodplannen", ["naam", "soort", "won_sociale_huur", "won_middenhuur", "won_vrije_huur",
                                                  "won_koop", "won_totaal", "geom"], rows)
    return list(range(first, first + n))


def content_hash(store) -> str:
    """Digest of every table's rows (both backends): equal before and after a refused command."""
    import hashlib

    h = hashlib.sha256()
    if store.kind == "gpkg":  # the file itself, byte for byte
        for p in (store.path, store.path.with_name(store.path.name + "-wal")):
            h.update(p.read_bytes() if p.exists() else b"")
        return h.hexdigest()
    for t in sorted(store.table_names()):
        h.update(t.encode() + store.read_frame(f'SELECT * FROM "{t}" ORDER BY 1').to_csv(index=False).encode())
    return h.hexdigest()


def add_feature(lyr, values: dict, wkt: Optional[str] = None) -> None:
    """One OGR feature with these field values and geometry (WKT) into an OGR layer."""
    from osgeo import ogr

    f = ogr.Feature(lyr.GetLayerDefn())
    for k, v in values.items():
        f.SetField(k, v)
    if wkt:
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
    lyr.CreateFeature(f)


def grow(con, naam: str, aantal: int, segment: str = "koop", laag: str = "projecten", user: str = "x") -> None:
    """More dwellings on a location the way an editor adds them now: one more block (the database keeps its sums)."""
    from almelo_atlas_plugin.core.model.schema import quote_literal as q

    con.execute(f"INSERT INTO woningblokken (laag, locatie_fid, soort, aantal, segment, bijgewerkt_door) SELECT {q(laag)}, fid,"
                f" 'bouw', {int(aantal)}, {q(segment)}, {q(user)} FROM {laag} WHERE naam = {q(naam)}")
