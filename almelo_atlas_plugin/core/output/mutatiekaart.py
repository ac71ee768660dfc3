"""The map of the changes (mutatiekaart): the changed locations coloured by their bucket, one style for the dock and
the agenda. qgis.core only."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeature,
    QgsFillSymbol,
    QgsGeometry,
    QgsRendererCategory,
    QgsVectorLayer,
)

from ..figures.mutaties import BUCKET_LABELS, KLEUREN, PRECEDENCE, Mutaties
from ..model import geo
from ..model.roles import LAAG_PROPERTY
from ..model.schema import EPSG
from .mutaties import periode

LAAG_NAAM = "Mutaties {periode}"
MUTATIE_LAAG = "mutaties"  # the layer's role (LAAG_PROPERTY), as the store's layers carry their table name


def renderer() -> QgsCategorizedSymbolRenderer:
    """The mutatiekaart's style: a category per bucket, in the order of precedence, a vervallen plan hatched."""
    cats = []
    for b in PRECEDENCE:
        props = {"color": KLEUREN[b], "outline_color": KLEUREN[b], "outline_width": "0.7", "outline_width_unit": "MM"}
        if b == "vervallen":
            props["style"] = "b_diagonal"
        sym = QgsFillSymbol.createSimple(props)
        cats.append(QgsRendererCategory(b, sym, BUCKET_LABELS[b]))
    return QgsCategorizedSymbolRenderer("mutatie", cats)


def layer(report: Mutaties, geometries: Dict[Tuple[str, int], Any]) -> QgsVectorLayer:
    """A memory layer of the changed locations (geometry as at the end date, a dropped one as at the begin date)."""
    fields = "".join(f"&field={n}:{t}" for n, t in (("laag", "string"), ("fid", "integer"), ("naam", "string"), ("mutatie", "string"),
                                                    ("soort_mutatie", "string"), ("delta_gepland", "double"), ("toelichting", "string")))
    lyr = QgsVectorLayer(f"MultiPolygon?crs=EPSG:{EPSG}{fields}", LAAG_NAAM.format(periode=periode(report)), "memory")
    pr = lyr.dataProvider()
    feats = []
    for w in report.locaties:
        g = geometries.get((w.laag, w.fid))
        if g is None:
            continue
        f = QgsFeature(lyr.fields())
        qg = QgsGeometry()
        qg.fromWkb(geo.to_wkb(g))
        if not qg.isMultipart():
            qg.convertToMultiType()
        f.setGeometry(qg)
        f.setAttributes([w.laag, w.fid, w.naam, w.bucket, BUCKET_LABELS[w.bucket], float(w.value("won_gepland") or 0),
                         w.toelichting])
        feats.append(f)
    pr.addFeatures(feats)
    lyr.updateExtents()
    lyr.setRenderer(renderer())
    lyr.setCustomProperty(LAAG_PROPERTY, MUTATIE_LAAG)
    return lyr


__all__ = ["KLEUREN", "MUTATIE_LAAG", "layer", "renderer"]
