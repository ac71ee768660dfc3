"""Geometry helpers over shapely 1.8 (QGIS's own Python on Debian 12) and shapely 2.

Membership rule (wijken and buurten; DESIGN §4), the same in SQL (pg.WIJK_VAN_BODY, rollup._sql_buurt):
an area belongs to the polygon it overlaps most; a point to a polygon whose closure contains it (a point on
the border lies in it); a tie — a point on a shared border or on a vertex shared by several wijken, or two
equal overlaps — goes to the lowest code (code-point order; PostgreSQL: COLLATE "C"). So every point and
location is in exactly one wijk or in none: stad = Σ wijken + buiten wijken.
"""

from __future__ import annotations

import functools
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
    return _overlap_pairs_boxes(geoms, polys)


@functools.cache
def _geos_extent():
    """shapely 1.8: GEOS's own extent getters (GEOS ≥ 3.7) through shapely's handle; a box in ~5 µs where `bounds` takes
    ~100 µs (it builds the envelope as a geometry). None when they cannot be had: then `bounds`."""
    try:
        import ctypes

        from shapely.geos import lgeos

        fns = [getattr(lgeos._lgeos, f"GEOSGeom_get{n}_r") for n in ("XMin", "YMin", "XMax", "YMax")]
        for f in fns:
            f.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_double)]
            f.restype = ctypes.c_int
        handle, value = lgeos.geos_handle, ctypes.c_double()
        ref = ctypes.byref(value)

        def extent(g) -> Tuple[float, ...]:
            out = []
            for f in fns:
                if not f(handle, g._geom, ref):
                    return tuple(g.bounds)
                out.append(value.value)
            return tuple(out)

        from shapely.geometry import box

        probe = box(1.0, 2.0, 3.0, 4.0)
        return extent if extent(probe) == (1.0, 2.0, 3.0, 4.0) else None
    except Exception:
        return None


def _bounds(geoms: Sequence) -> np.ndarray:
    """(n, 4) minx, miny, maxx, maxy of each geometry; NaN for None or empty."""
    extent = None if SHAPELY2 else _geos_extent()
    out = np.full((len(geoms), 4), np.nan)
    for i, g in enumerate(geoms):
        if g is not None and not g.is_empty:
            out[i] = extent(g) if extent is not None else g.bounds
    return out


def _overlap_pairs_boxes(geoms: Sequence, polys: Sequence) -> List[Tuple[int, int, float]]:
    """overlap_pairs under shapely 1.8 (QGIS's Python on Debian 12): every bounding box once, the box test in numpy, then
    per candidate pair a prepared polygon; an area wholly inside it has share 1 without an intersection. (The pairwise
    loop asked shapely for both boxes per pair: 10 k locations × 86 buurten and wijken took 2 minutes in QGIS.)"""
    from shapely.prepared import prep

    gb, pb = _bounds(geoms), _bounds(polys)
    area: dict = {}  # each geometry's area once (shapely 1.8 takes ~15 µs a call)
    found: List[Tuple[int, int, float]] = []
    for j, poly in enumerate(polys):
        if np.isnan(pb[j, 0]):
            continue
        minx, miny, maxx, maxy = pb[j]
        cand = np.nonzero((gb[:, 2] >= minx) & (gb[:, 0] <= maxx) & (gb[:, 3] >= miny) & (gb[:, 1] <= maxy))[0]
        if not len(cand):
            continue
        prepared = prep(poly)
        for i in cand.tolist():
            g = geoms[i]
            a = area.get(i)
            if a is None:
                a = area[i] = g.area
            if a == 0:  # a point (or line): in the closure or not
                s = 1.0 if prepared.intersects(g.representative_point()) else 0.0
            else:
                try:
                    if not prepared.intersects(g):  # boxes overlap, the shapes do not
                        continue
                    inside = prepared.contains(g)
                except Exception:  # an invalid geometry: overlap_share repairs a copy
                    inside = False
                if inside:
                    s = 1.0
                else:
                    try:
                        s = g.intersection(poly).area / a
                    except Exception:
                        s = overlap_share(g, poly)
            if s > 0:
                found.append((i, j, s))
    found.sort(key=lambda t: (t[0], t[1]))  # as the pairwise loop gave them: by geometry, then polygon
    return found


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
