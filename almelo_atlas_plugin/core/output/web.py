"""The atlas as a QGIS Server project (DESIGN.md §9): the dock's layers, styles and print layouts (one code path:
layers.load_atlas and the agenda's layouts), with the settings of a read-only WMS, WFS and OGC API Features.

qgis.core only: the server itself (web/server.py) reads the project this module writes.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsVectorLayer

from ..figures.result import Rollup
from ..model.roles import TABEL_PROPERTY, laag_of
from ..model.schema import EPSG, GEHEIME_NAMEN_SQL, LOCATION_LAYERS, PUBLIEK_FILTER, gebied_publiek_filter
from ..store.base import Store, StoreError
from . import agenda
from . import tables as report
from .layers import load_atlas

TITEL = "Atlas stadsontwikkeling Almelo"
KAARTBRON = "Kaart: Kadaster / CBS (CC BY 4.0)"  # the licence line on the page's map
PROJECT_FILE = "atlas.qgs"
STORE_ENTRY = ("AlmeloAtlas", "/store")  # the project's own note of its store (QGIS Server's response cache)
CRS_LIST = (f"EPSG:{EPSG}", "EPSG:3857", "EPSG:4326")
TABLES_GROUP = "Tabellen"  # the dock's tables for its forms: no map layers, not served
WIJK_PRINT = "Agenda — {code}"  # GetPrint TEMPLATE of one wijk's page (atlas over the wijken, ATLAS_PK = its fid)


@dataclass
class WebProject:
    """What `write_project` wrote: the .qgs, and what the page needs to know of it."""
    path: Path
    result: Rollup = field(repr=False)
    lagen: List[Dict[str, object]] = field(default_factory=list)  # naam (WMS name), titel, groep, bron, zichtbaar
    afdrukken: Dict[str, Dict[str, object]] = field(default_factory=dict)  # "stad" / wijk code → template, atlas_pk
    extent: List[float] = field(default_factory=list)  # the gemeente, EPSG:28992
    wijken: Dict[str, List[float]] = field(default_factory=dict)  # wijk code → its extent (the page zooms to it)
    kaartbron: str = KAARTBRON  # the map's licence line, and whether the rest is the synthetic sample

    def info(self, publiek: bool) -> Dict[str, object]:
        """The page's description of the atlas (the JSON of /atlas.json)."""
        return {"titel": TITEL, "publiek": publiek, "peildatum": report.peildatum_text(self.result.peildatum),
                "crs": CRS_LIST[0], "extent": self.extent, "wijken": self.wijken, "lagen": self.lagen,
                "afdrukken": self.afdrukken, "kaartbron": self.kaartbron}


PUBLIEK_ENTRY = ("AlmeloAtlas", "/publiek")  # the project is the public atlas (its layers hold the rules)


def geheime_namen(store: Store) -> List[str]:
    """The names of the store's confidential locations (what no public gebied may be called)."""
    return sorted(store.read_frame(f"SELECT naam FROM ({GEHEIME_NAMEN_SQL}) AS g")["naam"].tolist())


def publiek_subset(tabel: str, namen: List[str]) -> str:
    """What a layer of `tabel` shows in the public atlas (its subset; "" for all): the public locations, and the
    gebieden not named like a confidential location (`namen`)."""
    if tabel in LOCATION_LAYERS:
        return PUBLIEK_FILTER
    return gebied_publiek_filter(namen) if tabel == "gebieden" else ""


def short_name(text: str) -> str:
    """A WMS/WFS name of a layer or group: lower case letters, digits and _ (QGIS Server's short name)."""
    return re.sub(r"[^a-z0-9_]+", "_", text.lower().translate(str.maketrans("ëéèïöü—", "eeeiou-"))).strip("_") or "laag"


def _bron(store: Store, layer, fallback: str) -> str:
    """The source line of a layer: its own attribution (external maps), the latest `bron` run of its table, or the
    store's source line."""
    if layer.attribution():
        return f"Bron: {layer.attribution()}"
    table = layer.customProperty(TABEL_PROPERTY) or ""
    if table and "bronnen" in store.table_names():
        rows = store.read_frame(f"SELECT soort, bestand, peildatum FROM bronnen WHERE laag = {store.param}"
                                " ORDER BY geimporteerd_op DESC", (table,))
        if len(rows):
            r = rows.iloc[0]
            stand = f", stand {_dt.date.fromisoformat(str(r['peildatum'])[:10]):%d-%m-%Y}" if r["peildatum"] else ""
            return f"Bron: {r['soort']} ({r['bestand']}{stand})"
    return fallback


def write_project(store: Store, folder: Path, result: Rollup, publiek: bool = False) -> WebProject:
    """The store's atlas as `folder`/atlas.qgs (written whole: a temporary name, then renamed), with the layouts of
    the agenda filled from `result` (the roll-up the page shows: of the public locations with --publiek) and their
    charts beside it. `publiek`: the location layers hold only the public locations themselves too (QGIS Server
    3.22 counts OGC API features without its access-control filter; the filter does the rest)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    project = QgsProject()
    project.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{EPSG}"))
    project.setTitle(TITEL)
    top = load_atlas(store, project)
    tables = top.findGroup(TABLES_GROUP)
    if tables is not None:
        for node in tables.findLayers():
            project.removeMapLayer(node.layerId())
        top.removeChildNode(tables)
    top.setName(TITEL)
    fallback = agenda.source_line(store)
    namen = geheime_namen(store) if publiek else []
    project.writeEntry(*PUBLIEK_ENTRY, publiek)
    web = WebProject(folder / PROJECT_FILE, result, kaartbron=f"{KAARTBRON}; {agenda.overige_gegevens(store)}")
    names: Dict[str, str] = {}
    for node in top.findLayers():
        layer = node.layer()
        name = short_name(laag_of(layer) or layer.name())
        layer.setShortName(name)
        if publiek and publiek_subset(layer.customProperty(TABEL_PROPERTY), namen):
            layer.setSubsetString(publiek_subset(layer.customProperty(TABEL_PROPERTY), namen))
        bron = _bron(store, layer, fallback)
        layer.setAttribution(bron)
        names[layer.id()] = name
        group = node.parent()
        web.lagen.append({"naam": name, "titel": layer.name(), "groep": group.name() if group is not top else "",
                          "bron": bron, "zichtbaar": node.isVisible(), "vector": isinstance(layer, QgsVectorLayer)})
    for group in top.findGroups():
        group.setCustomProperty("wmsShortName", short_name(group.name()))
    top.setCustomProperty("wmsShortName", "atlas")
    project.writeEntry(*STORE_ENTRY, store.uri)
    _print_layouts(project, store, web, folder)
    _service(project, [lid for lid, lyr in project.mapLayers().items() if isinstance(lyr, QgsVectorLayer)])
    tmp = folder / f".{PROJECT_FILE}.tmp.qgs"
    if not project.write(str(tmp)):
        raise StoreError(f"Het project {web.path} kan niet worden geschreven: {project.error()}")
    os.replace(tmp, web.path)
    return web


def project_is_public(path: str) -> bool:
    """Whether a project of `write_project` was written as the public atlas."""
    import xml.etree.ElementTree as ET

    try:
        node = ET.parse(path).getroot().find(f"properties/{PUBLIEK_ENTRY[0]}/{PUBLIEK_ENTRY[1].strip('/')}")
    except Exception:
        return False
    return node is not None and (node.text or "").strip().lower() in ("1", "true")


def project_store(path: str) -> Optional[Store]:
    """The store a project of `write_project` shows (None: another project, or the store not to be opened)."""
    import xml.etree.ElementTree as ET

    from ..store.open import open_store

    try:
        node = ET.parse(path).getroot().find(f"properties/{STORE_ENTRY[0]}/{STORE_ENTRY[1].strip('/')}")
        return open_store(node.text) if node is not None and node.text else None
    except Exception:  # unreadable project or store: QGIS Server answers it itself
        return None


def _print_layouts(project: QgsProject, store: Store, web: WebProject, folder: Path) -> None:
    """The agenda's stad page, and a page per wijk (its tables filled for that wijk, its maps on it by the atlas)."""
    charts = folder / "grafieken"
    charts.mkdir(exist_ok=True)
    result = web.result
    stad, wijk = agenda._atlas_layouts(project)
    codes = [w.wijk_code for w in result.wijken]
    stamp = agenda.Stamp(1 + len(codes), report.peildatum_text(result.peildatum), agenda.source_line(store))
    agenda.fill_stad(stad, project, result, charts)
    stamp.apply(stad, 1)
    project.layoutManager().addLayout(stad)
    web.afdrukken["stad"] = {"template": stad.name()}
    wijken = next(lyr for lyr in project.mapLayers().values() if laag_of(lyr) == "wijken")
    ext = next((lyr.extent() for lyr in project.mapLayers().values() if laag_of(lyr) == "gemeente"), wijken.extent())
    web.extent = [ext.xMinimum(), ext.yMinimum(), ext.xMaximum(), ext.yMaximum()]
    fids = {}
    for f in wijken.getFeatures():
        fids[f["wijk_code"]] = f.id()
        box = f.geometry().boundingBox()
        web.wijken[f["wijk_code"]] = [box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()]
    for page, code in enumerate(codes, start=2):
        if code not in fids:
            continue
        layout = wijk.clone()
        layout.setName(WIJK_PRINT.format(code=code))
        layout.atlas().setFilterFeatures(True)
        layout.atlas().setFilterExpression(f"\"wijk_code\" = '{code}'")
        agenda.fill_wijk(layout, result, code, charts)
        stamp.apply(layout, page)
        project.layoutManager().addLayout(layout)
        web.afdrukken[code] = {"template": layout.name(), "atlas_pk": fids[code]}


def _service(project: QgsProject, vector_ids: List[str]) -> None:
    """WMS/WFS/OGC API Features settings: title, CRS, the vector layers published read-only over WFS, GetPrint."""
    project.writeEntry("WMSServiceCapabilities", "/", True)
    project.writeEntry("WMSServiceTitle", "/", TITEL)
    project.writeEntry("WMSServiceAbstract", "/", "De atlas stadsontwikkeling van de gemeente Almelo: alleen lezen.")
    project.writeEntry("WMSContactOrganization", "/", "Gemeente Almelo")
    project.writeEntry("WMSCrsList", "/", list(CRS_LIST))
    project.writeEntry("WMSUseLayerIDs", "/", False)
    project.writeEntry("WMSAddWktGeometry", "/", False)
    project.writeEntry("WMSFeatureInfoUseAttributeFormSettings", "/", False)
    project.writeEntry("WMSMaxAtlasFeatures", "/", 1)
    project.writeEntry("WFSLayers", "/", vector_ids)
    for lid in vector_ids:
        project.writeEntry("WFSLayersPrecision", "/" + lid, 2)
    for what in ("Update", "Insert", "Delete"):  # read-only: no WFS-T
        project.writeEntry("WFSTLayers", what, [])
    project.writeEntry("WCSLayers", "/", [])
    project.writeEntry("Paths", "/Absolute", True)  # the project lives in a folder of its own, away from the store
