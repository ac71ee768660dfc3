"""Geometry helpers over shapely 1.8 (QGIS's own Python on Debian 12) and shapely 2.

Membership rule (wijken and buurten; DESIGN §4), the same in SQL (pg.WIJK_VAN_BODY, rollup._sql_buurt):
an area belongs to the polygon it overlaps most; a point to a polygon whose closure contains it (a point on
the border lies in it); a tie — a point on a shared border or on a vertex shared by several wijken, or two
equal overlaps — goes to the lowest code (code-point order; PostgreSQL: COLLATE "C"). So every point and
location is in exactly one wijk or in none: stad = Σ wijken + buiten wijken.
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import numpy as np
import shapely
import shapely.wkb

SHAPELY2 = int(shapely.__version__.split(".")[0]) >= 2
# a location lies in a gebied when at least this share of its area does
GEBIED_MIN_SHARE = 0.5


def from_wkb(wkb: bytes):
    return shapely.wkb.loads(bytes(wkb))


def areas(wkbs: Sequence[Optional[bytes]]) -> np.ndarray:
    """The area of each WKB geometry (0 where None), vectorised with shapely 2."""
    if SHAPELY2:
        return np.nan_to_num(shapely.area(shapely.from_wkb([None if w is None else bytes(w) for w in wkbs])))
    return np.array([0.0 if w is None else from_wkb(w).area for w in wkbs], dtype=float)


def to_wkb(geom) -> bytes:
    if SHAPELY2:
        return shapely.to_wkb(geom, byte_order=1)
    return shapely.wkb.dumps(geom, big_endian=False)  # shapely 1.8 (Debian 12)


def points_xy(wkbs: Sequence[Optional[bytes]]) -> Tuple[np.ndarray, np.ndarray]:
    """x, y of WKB points (NaN for NULL or empty); one numpy view for the usual 21-byte little-endian 2D points."""
    n = len(wkbs)
    if n and all(w is not None and len(w) == 21 and bytes(w[:5]) == b"\x01\x01\x00\x00\x00" for w in wkbs):
        arr = np.frombuffer(b"".join(bytes(w) for w in wkbs), dtype=np.uint8).reshape(n, 21)
        return arr[:, 5:13].copy().view("<f8").ravel(), arr[:, 13:21].copy().view("<f8").ravel()
    x, y = np.full(n, np.nan), np.full(n, np.nan)
    for i, w in enumerate(wkbs):
        g = None if w is None else from_wkb(bytes(w))
        if g is not None and not g.is_empty:
            x[i], y[i] = g.x, g.y
    return x, y


def contains_xy(geom, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Vectorised point-in-polygon (boundary points count as outside, like `contains`)."""
    if SHAPELY2:
        shapely.prepare(geom)
        return shapely.contains_xy(geom, x, y)
    from shapely import vectorized

    return vectorized.contains(geom, x, y)


def points(x: np.ndarray, y: np.ndarray) -> List:
    """Shapely points, vectorised where shapely 2 can."""
    if SHAPELY2:
        return list(shapely.points(x, y))
    from shapely.geometry import Point

    return [Point(a, b) for a, b in zip(x, y)]


def covers_xy(geom, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Vectorised point-in-polygon with the boundary included (a point on the border lies in the polygon)."""
    if SHAPELY2:
        shapely.prepare(geom)
        return shapely.intersects_xy(geom, x, y)
    from shapely import vectorized

    return vectorized.contains(geom, x, y) | vectorized.touches(geom, x, y)


def xy(points: Sequence) -> "tuple[np.ndarray, np.ndarray]":
    """x and y of shapely points (NaN for None), vectorised under shapely 2."""
    if SHAPELY2:
        arr = np.array(list(points), dtype=object)
        return shapely.get_x(arr).astype(float), shapely.get_y(arr).astype(float)
    x = np.array([p.x if p is not None else np.nan for p in points], dtype=float)
    y = np.array([p.y if p is not None else np.nan for p in points], dtype=float)
    return x, y


def code_order(codes: Sequence[Optional[str]]) -> List[int]:
    """Indexes of `codes` from the lowest code up (None last): who wins a tie."""
    return sorted(range(len(codes)), key=lambda j: (codes[j] is None, str(codes[j] or "")))


def points_in(poly, x: np.ndarray, y: np.ndarray, among: Optional[np.ndarray] = None) -> np.ndarray:
    """Indexes of the points (of those `among`, a boolean mask) in the closure of one polygon: a box test first."""
    minx, miny, maxx, maxy = poly.bounds
    cand = (x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy)
    idx = np.nonzero(cand if among is None else cand & among)[0]
    return idx[covers_xy(poly, x[idx], y[idx])] if len(idx) else idx


def assign_points(polygons: Sequence, codes: Sequence[Optional[str]], x: np.ndarray, y: np.ndarray) -> List[Optional[str]]:
    """Code of the polygon whose closure contains each point (the lowest code on a border), None outside all."""
    out = np.full(len(x), None, dtype=object)
    todo = np.ones(len(x), dtype=bool)
    for j in code_order(codes):
        poly, code = polygons[j], codes[j]
        if poly is None or not todo.any():
            continue
        hit = points_in(poly, x, y, todo)
        out[hit] = code
        todo[hit] = False
    return list(out)


def largest_overlap(geom, polygons: Sequence, codes: Sequence[Optional[str]]) -> Optional[str]:
    """Code of the polygon one geometry overlaps most (the membership rule above); None outside all."""
    if geom is None or geom.is_empty:
        return None
    return assign_largest([geom], polygons, codes)[0]


def overlap_share(geom, poly) -> float:
    """Share of `geom`'s area inside `poly` (points: 1 when in its closure, else 0)."""
    if geom is None or poly is None or geom.is_empty:
        return 0.0
    if geom.area == 0:
        return 1.0 if poly.intersects(geom.representative_point()) else 0.0
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


def overlap_pairs(geoms: Sequence, polys: Sequence):
    """(i, j, share of geoms[i]'s area inside polys[j]) for every intersecting pair; points: share 1 when in the closure."""
    out = []
    if not len(geoms) or not len(polys):
        return out
    if SHAPELY2:
        g = np.array([x if x is not None else shapely.Point() for x in geoms], dtype=object)
        p = np.array([x if x is not None else shapely.Polygon() for x in polys], dtype=object)
        tree = shapely.STRtree(p)
        gi, pj = tree.query(g, predicate="intersects")
        if not len(gi):
            return out
        areas = shapely.area(g[gi])
        inter = np.zeros(len(gi))
        poly_mask = areas > 0
        if poly_mask.any():
            try:
                inter[poly_mask] = shapely.area(shapely.intersection(g[gi[poly_mask]], p[pj[poly_mask]]))
            except Exception:  # invalid geometry somewhere: repair a copy
                inter[poly_mask] = shapely.area(shapely.intersection(shapely.make_valid(g[gi[poly_mask]]), shapely.make_valid(p[pj[poly_mask]])))
        share = np.where(poly_mask, inter / np.where(poly_mask, areas, 1.0), 0.0)
        pts = ~poly_mask
        if pts.any():
            reps = shapely.point_on_surface(g[gi[pts]])
            share[pts] = shapely.intersects(p[pj[pts]], reps).astype(float)
        return list(zip(gi.tolist(), pj.tolist(), share.tolist()))
    for i, g in enumerate(geoms):
        if g is None or g.is_empty:
            continue
        gminx, gminy, gmaxx, gmaxy = g.bounds
        for j, poly in enumerate(polys):
            if poly is None:
                continue
            minx, miny, maxx, maxy = poly.bounds
            if maxx < gminx or minx > gmaxx or maxy < gminy or miny > gmaxy:
                continue
            s = overlap_share(g, poly)
            if s > 0:
                out.append((i, j, s))
    return out


def assign_largest(geoms: Sequence, polys: Sequence, codes: Sequence[Optional[str]]) -> List[Optional[str]]:
    """Per geometry, the code of the polygon it overlaps most (the lowest code on a tie); None outside all."""
    rank = {j: r for r, j in enumerate(code_order(codes))}
    best: List[Optional[int]] = [None] * len(geoms)
    best_share = [0.0] * len(geoms)
    for i, j, s in overlap_pairs(geoms, polys):
        b = best[i]
        if s > best_share[i] or (s == best_share[i] and s > 0 and b is not None and rank[j] < rank[b]):
            best[i], best_share[i] = j, s
    return [None if b is None else codes[b] for b in best]
