"""Requests to the served atlas's OGC services, as a GIS client or the page sends them."""

from __future__ import annotations

import re
from typing import Dict, Sequence
from urllib.parse import quote, urlencode

from qgis.PyQt.QtGui import QImage

WMS = {"SERVICE": "WMS", "VERSION": "1.3.0", "CRS": "EPSG:28992"}


def wms(**params) -> str:
    return "/ows?" + urlencode({**WMS, **params}, quote_via=quote)


def wfs(**params) -> str:
    return "/ows?" + urlencode({"SERVICE": "WFS", "VERSION": "1.1.0", **params}, quote_via=quote)


def bbox(bounds: Sequence[float], grow: float = 0.0) -> str:
    x0, y0, x1, y1 = bounds
    return ",".join(f"{v:.2f}" for v in (x0 - grow, y0 - grow, x1 + grow, y1 + grow))


def getmap(layers: str, bounds: Sequence[float], size: int = 256, **extra) -> str:
    return wms(REQUEST="GetMap", LAYERS=layers, STYLES="", BBOX=bbox(bounds), WIDTH=size, HEIGHT=size,
               FORMAT="image/png", TRANSPARENT="true", **extra)


def opaque_pixels(png: bytes) -> int:
    """How many pixels of a transparent PNG something was drawn on."""
    img = QImage.fromData(png)
    assert not img.isNull(), png[:200]
    img = img.convertToFormat(QImage.Format.Format_ARGB32)
    return sum(1 for y in range(0, img.height(), 2) for x in range(0, img.width(), 2) if (img.pixel(x, y) >> 24) & 0xFF)


def colours(png: bytes) -> Dict[int, int]:
    """The colours drawn on a transparent PNG (at least half opaque) and how many (sampled) pixels have each."""
    img = QImage.fromData(png).convertToFormat(QImage.Format.Format_ARGB32)
    out: Dict[int, int] = {}
    for y in range(0, img.height(), 2):
        for x in range(0, img.width(), 2):
            p = img.pixel(x, y)
            if (p >> 24) & 0xFF >= 0x80:
                out[p & 0xFFFFFF] = out.get(p & 0xFFFFFF, 0) + 1
    return out


def hits(body: bytes) -> int:
    """numberOfFeatures of a WFS 1.1 GetFeature RESULTTYPE=hits answer."""
    m = re.search(rb'numberOfFeatures="(\d+)"', body)
    assert m, body[:400]
    return int(m.group(1))


def featureinfo(layer: str, bounds: Sequence[float], grow: float = 20.0, **extra) -> str:
    """A GetFeatureInfo at the middle of `bounds` (a 101 px square around it)."""
    x0, y0, x1, y1 = bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    box = (cx - grow, cy - grow, cx + grow, cy + grow)
    return wms(REQUEST="GetFeatureInfo", LAYERS=layer, QUERY_LAYERS=layer, STYLES="", BBOX=bbox(box), WIDTH=101, HEIGHT=101,
               I=50, J=50, INFO_FORMAT="application/json", FEATURE_COUNT=10, FI_POLYGON_TOLERANCE=4, **extra)
