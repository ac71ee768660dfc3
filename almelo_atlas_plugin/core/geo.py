"""Geometry helpers over shapely 1.8 (QGIS's own Python on Debian 12) and shapely 2."""

from __future__ import annotations

from typing import List, Optional, Sequence

import numpy as np
import shapely
import shapely.wkb

SHAPELY2 = int(shapely.__version__.split(".")[0]) >= 2


def from_wkb(wkb: bytes):
    return shapely.wkb.loads(bytes(wkb))


def to_wkb(geom) -> bytes:
    if SHAPELY2:
        return shapely.to_wkb(geom, byte_order=1)
    return shapely.wkb.dumps(geom, byte_order=1)


def contains_xy(geom, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Vectorised point-in-polygon (boundary points count as outside, like `contains`)."""
    if SHAPELY2:
        shapely.prepare(geom)
        return shapely.contains_xy(geom, x, y)
    from shapely import vectorized

    return vectorized.contains(geom, x, y)


def assign_points(polygons: Sequence, codes: Sequence[Optional[str]], x: np.ndarray, y: np.ndarray) -> List[Optional[str]]:
    """Code of the polygon that contains each point (first wins), None outside all."""
    out = np.full(len(x), None, dtype=object)
    todo = np.ones(len(x), dtype=bool)
    for poly, code in zip(polygons, codes):
        if poly is None or not todo.any():
            continue
        minx, miny, maxx, maxy = poly.bounds
        cand = todo & (x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy)
        if not cand.any():
            continue
        idx = np.nonzero(cand)[0]
        hit = contains_xy(poly, x[idx], y[idx])
        out[idx[hit]] = code
        todo[idx[hit]] = False
    return list(out)


def largest_overlap(geom, polygons: Sequence, codes: Sequence[Optional[str]]) -> Optional[str]:
    """Code of the polygon a geometry overlaps most; points: the one containing it."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Point", "MultiPoint"):
        p = geom if geom.geom_type == "Point" else geom.representative_point()
        for poly, code in zip(polygons, codes):
            if poly is not None and poly.contains(p):
                return code
        return None
    best, best_area = None, 0.0
    gminx, gminy, gmaxx, gmaxy = geom.bounds
    for poly, code in zip(polygons, codes):
        if poly is None:
            continue
        minx, miny, maxx, maxy = poly.bounds
        if maxx < gminx or minx > gmaxx or maxy < gminy or miny > gmaxy:
            continue
        try:
            area = geom.intersection(poly).area
        except Exception:  # invalid geometry: fall back on a valid copy
            area = geom.buffer(0).intersection(poly.buffer(0)).area
        if area > best_area:
            best, best_area = code, area
    return best


def overlap_share(geom, poly) -> float:
    """Share of `geom`'s area inside `poly` (points: 1 or 0)."""
    if geom is None or poly is None or geom.is_empty:
        return 0.0
    if geom.area == 0:
        return 1.0 if poly.contains(geom.representative_point()) else 0.0
    try:
        return geom.intersection(poly).area / geom.area
    except Exception:
        return geom.buffer(0).intersection(poly.buffer(0)).area / geom.area


def explain_invalid(geom) -> Optional[str]:
    """None when valid, else shapely's reason."""
    if geom.is_valid:
        return None
    from shapely.validation import explain_validity

    return explain_validity(geom)
