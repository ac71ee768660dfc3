"""GeoPackage geometry blobs and the SQL functions its r-tree triggers need.

GDAL registers ST_IsEmpty, ST_MinX, … on its own connections; a plain `sqlite3`
connection must register them too before it may insert or move geometries.
"""

from __future__ import annotations

import sqlite3
import struct
from typing import Iterable, List, Optional, Sequence, Tuple

import numpy as np

from ..model.schema import EPSG

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def header_length(blob: bytes) -> int:
    flags = blob[3]
    return 8 + _ENVELOPE_BYTES.get((flags >> 1) & 0x07, 0)


def blob_srs_id(blob: bytes) -> int:
    flags = blob[3]
    return struct.unpack("<i" if flags & 1 else ">i", blob[4:8])[0]


def blob_is_empty(blob: Optional[bytes]) -> bool:
    if blob is None:
        return True
    return bool(blob[3] & 0x10)


def to_wkb(blob: bytes) -> bytes:
    """GeoPackage blob → plain WKB."""
    return bytes(blob[header_length(blob):])


def from_wkb(wkb: bytes, bounds: Optional[Sequence[float]] = None, srs_id: int = EPSG) -> bytes:
    """Plain WKB (little endian) → GeoPackage blob; envelope [minx, maxx, miny, maxy] when given."""
    if bounds is None:
        return b"GP\x00\x01" + struct.pack("<i", srs_id) + wkb
    minx, miny, maxx, maxy = bounds
    return b"GP\x00\x03" + struct.pack("<i4d", srs_id, minx, maxx, miny, maxy) + wkb


def multi_polygon_blob(blob: Optional[bytes]) -> Optional[bytes]:
    """A Polygon blob as a MultiPolygon of that one part (header, envelope and coordinates untouched: the polygon's WKB
    becomes the part); a MultiPolygon, NULL or another type stays as it is, an empty Polygon becomes an empty MultiPolygon."""
    if blob is None:
        return None
    n = header_length(blob)
    wkb_type = struct.unpack("<I" if blob[n] == 1 else ">I", blob[n + 1:n + 5])[0]
    if wkb_type != 3:
        return blob
    parts = 0 if blob_is_empty(blob) else 1
    return bytes(blob[:n]) + struct.pack("<BII", 1, 6, parts) + (bytes(blob[n:]) if parts else b"")


def point_blobs(x: np.ndarray, y: np.ndarray, srs_id: int = EPSG) -> List[bytes]:
    """Vectorised point blobs (no envelope, as the GeoPackage spec allows for points)."""
    n = len(x)
    rec = np.empty(n, dtype=[("gp", "S4"), ("srs", "<i4"), ("bo", "u1"), ("t", "<u4"), ("x", "<f8"), ("y", "<f8")])
    rec["gp"] = b"GP\x00\x01"
    rec["srs"] = srs_id
    rec["bo"] = 1
    rec["t"] = 1
    rec["x"] = x
    rec["y"] = y
    raw = rec.tobytes()
    size = rec.dtype.itemsize
    return [raw[i * size:(i + 1) * size] for i in range(n)]


def point_xy(blobs: Iterable[Optional[bytes]]) -> Tuple[np.ndarray, np.ndarray]:
    """x, y of point blobs; fast path for the usual 29-byte little-endian blobs."""
    blobs = list(blobs)
    n = len(blobs)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    if not n:
        return x, y
    if all(b is not None and len(b) == 29 and b[3] == 1 and b[8] == 1 for b in blobs):
        arr = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(n, 29)
        x = arr[:, 13:21].copy().view("<f8").ravel()
        y = arr[:, 21:29].copy().view("<f8").ravel()
        return x, y
    from ..model import geo

    for i, b in enumerate(blobs):
        if b is None or blob_is_empty(b):
            continue
        g = geo.from_wkb(to_wkb(b))
        p = g if g.geom_type == "Point" else g.representative_point()
        x[i], y[i] = p.x, p.y
    return x, y


# --- functions for the r-tree triggers ------------------------------------------------

def envelope(blob: Optional[bytes]) -> Optional[Tuple[float, float, float, float]]:
    if blob is None or blob_is_empty(blob):
        return None
    flags = blob[3]
    env = (flags >> 1) & 0x07
    if env:
        fmt = "<4d" if flags & 1 else ">4d"
        minx, maxx, miny, maxy = struct.unpack(fmt, blob[8:40])
        return minx, maxx, miny, maxy
    wkb = blob[header_length(blob):]
    if len(wkb) == 21 and wkb[0] == 1 and wkb[1:5] == b"\x01\x00\x00\x00":
        px, py = struct.unpack("<2d", wkb[5:21])
        return px, px, py, py
    from ..model import geo

    g = geo.from_wkb(bytes(wkb))
    minx, miny, maxx, maxy = g.bounds
    return minx, maxx, miny, maxy


def _env_part(i: int):
    def f(blob):
        env = envelope(blob)
        return None if env is None else env[i]
    return f


def register_functions(con: sqlite3.Connection) -> None:
    con.create_function("ST_IsEmpty", 1, lambda b: 1 if blob_is_empty(b) else 0, deterministic=True)
    con.create_function("ST_MinX", 1, _env_part(0), deterministic=True)
    con.create_function("ST_MaxX", 1, _env_part(1), deterministic=True)
    con.create_function("ST_MinY", 1, _env_part(2), deterministic=True)
    con.create_function("ST_MaxY", 1, _env_part(3), deterministic=True)
    con.create_function("ST_AsBinary", 1, lambda b: None if b is None else to_wkb(b), deterministic=True)
    con.create_function("ST_SRID", 1, lambda b: None if b is None else blob_srs_id(b), deterministic=True)
    con.create_function("ST_GeometryType", 1, lambda b: None, deterministic=True)
    # GDAL's own helper used by some of its triggers
    con.create_function("GPKG_IsAssignable", 2, lambda a, b: 1, deterministic=True)
