"""Styled layers and layer-tree groups from the store's layer catalogue (qgis.core only)."""

from __future__ import annotations

from typing import Dict, List, Optional

from qgis.core import QgsLayerTreeGroup, QgsMapLayer, QgsProject, QgsRasterLayer, QgsVectorLayer

from ..model.roles import ATLAS_PROPERTY, LAAG_PROPERTY
from ..resources import style_path
from ..store.base import Store


def catalogue(store: Store) -> List[Dict[str, object]]:
    df = store.read_frame("SELECT laag, titel, groep, stijl, volgorde, zichtbaar, bron, provider, stijl_qml FROM atlas_lagen ORDER BY volgorde, fid")
    return df.to_dict("records")


def add_to_catalogue(store: Store, layer: QgsMapLayer, groep: str, titel: Optional[str] = None, zichtbaar: bool = True) -> str:
    """Curate the atlas: list a layer (a table of this store, or an external source) with its current style.

    Every colleague who opens the store then sees it. Credentials are never stored: a source with a
    password is refused (use a QGIS authentication configuration, authcfg=…)."""
    import re

    from qgis.PyQt.QtXml import QDomDocument

    from ..store.base import StoreError

    source = layer.source()
    if re.search(r"(password|passwd|pwd)=", source, re.I):
        raise StoreError(f"Laag '{layer.name()}': de bron bevat een wachtwoord; gebruik een QGIS-authenticatieconfiguratie (authcfg).")
    table = layer.customProperty(LAAG_PROPERTY)
    own = layer.providerType() == "ogr" and store.label in source
    if own and not table:
        m = re.search(r"layername=([^|]+)", source)
        table = m.group(1) if m else None
    laag = table if own and table else re.sub(r"[^a-z0-9_]+", "_", layer.name().lower()).strip("_") or "laag"
    doc = QDomDocument()
    layer.exportNamedStyle(doc)
    with store.transaction() as con:
        top = con.execute("SELECT coalesce(max(volgorde), 0) FROM atlas_lagen").fetchone()[0]
        existing = con.execute(f"SELECT volgorde FROM atlas_lagen WHERE laag = {store.param}", (laag,)).fetchone()
        con.execute(f"DELETE FROM atlas_lagen WHERE laag = {store.param}", (laag,))
        store.insert_rows(con, "atlas_lagen", [dict(
            laag=laag, titel=titel or layer.name(), groep=groep, stijl=None, volgorde=existing[0] if existing else top + 10,
            zichtbaar=bool(zichtbaar), bron=None if own else source, provider=None if own else layer.providerType(),
            stijl_qml=doc.toString())])
    return laag


def name_filter(text: str) -> str:
    """QGIS expression: locations whose naam contains `text` (case-insensitive); the text is quoted, never SQL."""
    from qgis.core import QgsExpression

    return f'"naam" ILIKE {QgsExpression.quotedValue("%" + text + "%")}'


def _source(store: Store, table: str, title: str):
    uri, provider = store.layer_source(table)
    return uri, title, provider


def make_layer(store: Store, entry: Dict[str, object]) -> Optional[QgsMapLayer]:
    provider = (entry.get("provider") or "ogr")
    source = entry.get("bron")
    if source and str(source).startswith("store:"):  # another view of a table of this store
        table = str(source).split(":", 1)[1]
        layer = QgsVectorLayer(*_source(store, table, str(entry["titel"])))
    elif source:
        layer = (QgsRasterLayer(str(source), str(entry["titel"]), str(provider)) if provider == "wms"
                 else QgsVectorLayer(str(source), str(entry["titel"]), str(provider)))
    else:
        layer = QgsVectorLayer(*_source(store, str(entry["laag"]), str(entry["titel"])))
    if not layer.isValid():
        return None
    style = entry.get("stijl")
    if entry.get("stijl_qml"):  # the curator's own style, kept in the store
        from qgis.PyQt.QtXml import QDomDocument

        doc = QDomDocument()
        doc.setContent(str(entry["stijl_qml"]))
        layer.importNamedStyle(doc)
    elif style and style_path(str(style)).exists():
        layer.loadNamedStyle(str(style_path(str(style))))
    if style and not entry.get("stijl_qml"):
        add_alternative_styles(layer, str(style))
    table_name = str(source).split(":", 1)[1] if source and str(source).startswith("store:") else (None if source else str(entry["laag"]))
    layer.setCustomProperty("almelo_atlas/tabel", table_name or "")
    layer.setCustomProperty(ATLAS_PROPERTY, store.label)
    layer.setCustomProperty(LAAG_PROPERTY, str(entry["laag"]))
    return layer


def add_alternative_styles(layer: QgsMapLayer, style: str) -> List[str]:
    """styles/<stijl>@<naam>.qml become named styles in the layer's style manager (the default stays current)."""
    manager = layer.styleManager()
    default = manager.currentStyle()
    names = []
    for path in sorted(style_path(style).parent.glob(f"{style}@*.qml")):
        name = path.stem.split("@", 1)[1]
        if name in manager.styles():
            continue
        manager.addStyleFromLayer(default)  # keeps the default under its own name
        manager.addStyle(name, manager.style(default))
        manager.setCurrentStyle(name)
        layer.loadNamedStyle(str(path))
        manager.setCurrentStyle(default)
        names.append(name)
    return names


def atlas_group(project: QgsProject, store: Store) -> Optional[QgsLayerTreeGroup]:
    root = project.layerTreeRoot()
    for g in root.findGroups():
        if g.customProperty(ATLAS_PROPERTY) == store.label:
            return g
    return None


def load_atlas(store: Store, project: Optional[QgsProject] = None) -> QgsLayerTreeGroup:
    """Load the store's atlas as groups; opening the same store again replaces, never duplicates."""
    project = project or QgsProject.instance()
    unload_atlas(store, project)
    root = project.layerTreeRoot()
    top = root.insertGroup(0, f"Atlas stadsontwikkeling — {store.path.stem}")
    top.setCustomProperty(ATLAS_PROPERTY, store.label)
    groups: Dict[str, QgsLayerTreeGroup] = {}
    # `volgorde` is the drawing order: a higher number is drawn on top, so it comes first in the tree
    for entry in sorted(catalogue(store), key=lambda e: -int(e["volgorde"])):
        layer = make_layer(store, entry)
        if layer is None:
            continue
        grp_name = str(entry["groep"])
        if grp_name not in groups:
            groups[grp_name] = top.addGroup(grp_name)
        project.addMapLayer(layer, False)
        node = groups[grp_name].addLayer(layer)
        node.setItemVisibilityChecked(bool(entry["zichtbaar"]))
    # the tag tables (for the tagging tool and the N:M widget), in a collapsed group
    tables = top.addGroup("Tabellen")
    tables.setExpanded(False)
    table_layers = {}
    for name, title in (("locatie_opgaven", "Opgaven per locatie"), ("opgaven", "Stadsopgaven")):
        lyr = QgsVectorLayer(*_source(store, name, title))
        if lyr.isValid():
            lyr.setCustomProperty(ATLAS_PROPERTY, store.label)
            lyr.setCustomProperty(LAAG_PROPERTY, name)
            project.addMapLayer(lyr, False)
            tables.addLayer(lyr)
            table_layers[name] = lyr
    # forms of the location layers, once every layer (the gemeente for the geometry check) is there
    from .forms import setup_forms, setup_relations

    loaded = [n.layer() for n in top.findLayers()]
    gemeente = next((x.id() for x in loaded if x.customProperty(LAAG_PROPERTY) == "gemeente"), "")
    wijken = next((x.id() for x in loaded if x.customProperty(LAAG_PROPERTY) == "wijken"), "")
    locations = {}
    for lyr in loaded:
        tbl = lyr.customProperty("almelo_atlas/tabel")
        if tbl in ("projecten", "potloodplannen") and isinstance(lyr, QgsVectorLayer):
            setup_forms(lyr, tbl, gemeente, wijken)
            if lyr.customProperty(LAAG_PROPERTY) == tbl:
                locations[tbl] = lyr
    if len(table_layers) == 2 and locations:
        setup_relations(project, table_layers["locatie_opgaven"], table_layers["opgaven"], locations)
    return top


def unload_atlas(store: Store, project: Optional[QgsProject] = None) -> None:
    project = project or QgsProject.instance()
    group = atlas_group(project, store)
    if group is None:
        return
    ids = [n.layerId() for n in group.findLayers()]
    project.removeMapLayers(ids)
    group.parent().removeChildNode(group)
