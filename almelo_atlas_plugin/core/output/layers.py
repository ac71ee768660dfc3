"""Styled layers and layer-tree groups from the store's layer catalogue (qgis.core only)."""

from __future__ import annotations

import contextlib
import re
from typing import Dict, List, Optional, Tuple
from urllib.parse import urlparse

from qgis.core import QgsLayerTreeGroup, QgsMapLayer, QgsProject, QgsRasterLayer, QgsVectorLayer

from ..model.roles import ATLAS_PROPERTY, LAAG_PROPERTY, PEILDATUM_PROPERTY, TABEL_PROPERTY, TITLE_PROPERTY
from ..model.schema import EPSG, LOCATION_LAYERS, TABLES_BY_NAME, quote_ident
from ..resources import style_path
from ..store.base import Store, StoreError

BACKGROUND_GROUP = "Achtergrond"  # one background at a time (a mutually exclusive group), drawn under everything
ATTRIBUTIONS = {"pdok.nl": "Kadaster / PDOK"}  # source line of external maps, by host
# a table whose content asks for another of its styles (styles/<stijl>@<naam>.qml), with the query that says so: the
# Leefbaarometer read from a score file without the published classes (FORMATS.md §3c) shows the deviation afw
STIJL_NAAR_INHOUD = {"leefbaarheid": ("afwijking", "afw", "SELECT count(score) = 0 AND count(afw) > 0 FROM leefbaarheid")}


def catalogue(store: Store) -> List[Dict[str, object]]:
    df = store.read_frame("SELECT laag, titel, groep, stijl, volgorde, zichtbaar, bron, provider, stijl_qml FROM atlas_lagen ORDER BY volgorde, fid")
    return df.to_dict("records")


def add_to_catalogue(store: Store, layer: QgsMapLayer, groep: str, titel: Optional[str] = None, zichtbaar: bool = True) -> str:
    """Curate the atlas: list a layer (a table of this store, or an external source) with its current style.

    Every colleague who opens the store then sees it. Credentials are never stored: a source with a
    password is refused (use a QGIS authentication configuration, authcfg=…)."""
    from qgis.PyQt.QtXml import QDomDocument

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


def _points(style: Optional[str], table: str) -> bool:
    """A point style on a polygon table: the layer is the table's points on surface (the dwelling circles)."""
    t = TABLES_BY_NAME.get(table)
    if not style or t is None or not t.geometry or "Polygon" not in t.geometry or not style_path(style).exists():
        return False
    return "<layerGeometryType>0</layerGeometryType>" in style_path(style).read_text(encoding="utf-8")


def _table_source(store: Store, table: str, points: bool) -> Tuple[str, str]:
    """URI and provider of a table of `store` (or of its points on surface)."""
    uri, provider = store.layer_source(table)
    if not points:
        return uri, provider
    from qgis.core import QgsVirtualLayerDefinition, QgsWkbTypes

    t = TABLES_BY_NAME[table]
    fields = ", ".join(quote_ident(c) for c in [t.fid_column, *t.field_names])
    d = QgsVirtualLayerDefinition()
    d.addSource("t", uri, provider)
    d.setQuery(f"SELECT {fields}, ST_PointOnSurface(geometry) AS geometry FROM t")
    d.setGeometryField("geometry")
    d.setGeometryWkbType(QgsWkbTypes.Point)
    d.setGeometrySrid(EPSG)
    d.setUid(t.fid_column)
    return d.toString(), "virtual"


def _attribution(source: str) -> str:
    host = urlparse(re.sub(r"^.*?url=", "", source)).hostname or ""
    return next((text for h, text in ATTRIBUTIONS.items() if host.endswith(h)), "")


def make_layer(store: Store, entry: Dict[str, object]) -> Optional[QgsMapLayer]:
    provider = (entry.get("provider") or "ogr")
    source = entry.get("bron")
    style = str(entry["stijl"]) if entry.get("stijl") else None
    title = str(entry["titel"])
    table_name = str(source).split(":", 1)[1] if source and str(source).startswith("store:") else (None if source else str(entry["laag"]))
    if table_name:  # a table of this store, or another view of one (`store:tabel`)
        points = not entry.get("stijl_qml") and _points(style, table_name)
        uri, prov = _table_source(store, table_name, points)
        layer: QgsMapLayer = QgsVectorLayer(uri, title, prov)
    elif provider == "wms":  # WMS, WMTS or XYZ tiles: nothing is fetched before the layer is drawn
        layer = QgsRasterLayer(str(source), title, str(provider))
        layer.setAttribution(_attribution(str(source)))
    else:
        layer = QgsVectorLayer(str(source), title, str(provider))
    if not layer.isValid():
        return None
    if entry.get("stijl_qml"):  # the curator's own style, kept in the store
        from qgis.PyQt.QtXml import QDomDocument

        doc = QDomDocument()
        doc.setContent(str(entry["stijl_qml"]))
        layer.importNamedStyle(doc)
    elif style and style_path(style).exists():
        layer.loadNamedStyle(str(style_path(style)))
    if style and not entry.get("stijl_qml"):
        add_alternative_styles(layer, style)
        chosen = _style_for_content(store, table_name)
        if chosen in layer.styleManager().styles():
            layer.styleManager().setCurrentStyle(chosen)
    layer.setCustomProperty(TABEL_PROPERTY, table_name or "")
    layer.setCustomProperty(ATLAS_PROPERTY, store.label)
    layer.setCustomProperty(LAAG_PROPERTY, str(entry["laag"]))
    layer.setCustomProperty(TITLE_PROPERTY, title)
    return layer


def _style_for_content(store: Store, table: Optional[str]) -> Optional[str]:
    """The alternative style the table's content asks for (STIJL_NAAR_INHOUD), if any."""
    if table not in STIJL_NAAR_INHOUD:
        return None
    name, column, sql = STIJL_NAAR_INHOUD[table]
    if column not in store.columns(table):
        return None
    return name if bool(store.read_frame(sql).iloc[0, 0]) else None


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


_LOADED: Dict[str, Store] = {}  # store label → the store whose atlas a project shows


def loaded_store(project: Optional[QgsProject] = None) -> Optional[Store]:
    """The store whose atlas is loaded in `project` (the one the dock opened): what Processing dialogs are prefilled with."""
    project = project or QgsProject.instance()
    for g in project.layerTreeRoot().children():
        store = _LOADED.get(str(g.customProperty(ATLAS_PROPERTY) or ""))
        if store is not None:
            return store
    return None


def _known_transform(project: QgsProject, layer: QgsMapLayer) -> None:
    """A layer in another CRS (the PDOK tiles in EPSG:3857) gets the preferred transformation to and from the atlas's
    RD in the project, so that QGIS does not stop the opening with its 'Select Transformation' question."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsDatumTransform

    rd = QgsCoordinateReferenceSystem(f"EPSG:{EPSG}")
    other = layer.crs()
    if not other.isValid() or other == rd:
        return
    context = project.transformContext()
    for src, dst in ((other, rd), (rd, other)):
        if context.hasTransform(src, dst):
            continue
        ops = [op for op in QgsDatumTransform.operations(src, dst) if op.isAvailable]
        if ops:  # the first is PROJ's preferred one for the whole area
            context.addCoordinateOperation(src, dst, ops[0].proj)
    project.setTransformContext(context)


def load_atlas(store: Store, project: Optional[QgsProject] = None) -> QgsLayerTreeGroup:
    """Load the store's atlas as groups; opening the same store again replaces, never duplicates."""
    project = project or QgsProject.instance()
    unload_atlas(store, project)
    _LOADED[store.label] = store
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
        _known_transform(project, layer)
        project.addMapLayer(layer, False)
        node = groups[grp_name].addLayer(layer)
        node.setItemVisibilityChecked(bool(entry["zichtbaar"]))
    if BACKGROUND_GROUP in groups:
        groups[BACKGROUND_GROUP].setIsMutuallyExclusive(True)
    show_sources(store, [n.layer() for n in top.findLayers()])
    _whole_labels(project)
    # the tag tables (for the tagging tool and the N:M widget) and the woningblokken (the forms' child table), collapsed
    tables = top.addGroup("Tabellen")
    tables.setExpanded(False)
    table_layers = {}
    for name, title in (("locatie_opgaven", "Opgaven per locatie"), ("opgaven", "Stadsopgaven"), ("woningblokken", "Woningblokken")):
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
        tbl = lyr.customProperty(TABEL_PROPERTY)
        if tbl in ("projecten", "potloodplannen") and isinstance(lyr, QgsVectorLayer):
            setup_forms(lyr, tbl, gemeente, wijken)
            if lyr.customProperty(LAAG_PROPERTY) == tbl:
                locations[tbl] = lyr
    if "locatie_opgaven" in table_layers and "opgaven" in table_layers and locations:
        setup_relations(project, table_layers["locatie_opgaven"], table_layers["opgaven"], locations, table_layers.get("woningblokken"))
    return top


def show_sources(store: Store, layers: List[QgsMapLayer]) -> None:
    """Each base layer's source line ('BAG, stand 01-11-2026', 'synthetisch (voorbeeld)') as its attribution and in
    its abstract (the legend's and the metadata's source); after a `bron` run the dock calls it again."""
    from ..sources.bronnen import bronregels

    regels = bronregels(store)
    for lyr in layers:
        line = regels.get(str(lyr.customProperty(TABEL_PROPERTY) or ""))
        if line:
            lyr.setAttribution(line)
            lyr.setAbstract(f"Bron: {line}")


def _whole_labels(project: QgsProject) -> None:
    """No names cut off at the map's edge: a label that does not fit on the screen is moved in or left out."""
    from qgis.core import QgsLabelingEngineSettings

    settings = project.labelingEngineSettings()
    settings.setFlag(QgsLabelingEngineSettings.Flag.UsePartialCandidates, False)
    project.setLabelingEngineSettings(settings)


def unload_atlas(store: Store, project: Optional[QgsProject] = None) -> None:
    project = project or QgsProject.instance()
    group = atlas_group(project, store)
    if group is None:
        return
    past = _PAST.pop(store.label, None)
    _LOADED.pop(store.label, None)
    ids = [n.layerId() for n in group.findLayers()]
    project.removeMapLayers(ids)
    group.parent().removeChildNode(group)
    if past is not None:
        past.close()


_PAST: Dict[str, contextlib.ExitStack] = {}  # store label → the past store the layers read while they show a peildatum


def location_layers(project: QgsProject, store: Store) -> List[QgsVectorLayer]:
    """The atlas's layers of projecten and potloodplannen (and their other views, e.g. the woningbouwprogramma)."""
    group = atlas_group(project, store)
    found = [n.layer() for n in group.findLayers()] if group is not None else []
    return [x for x in found if isinstance(x, QgsVectorLayer) and x.customProperty(TABEL_PROPERTY) in LOCATION_LAYERS]


def show_at(store: Store, peildatum: Optional[str], project: Optional[QgsProject] = None) -> List[QgsVectorLayer]:
    """Show the atlas's location layers as they stood at `peildatum` (read-only: the past is not edited), or as they are
    now (`None`). Both backends, from the history. Returns the switched layers; refused while one of them is edited."""
    from qgis.core import QgsDataProvider

    from ..model.tijd import parse_peildatum, peildatum_label

    project = project or QgsProject.instance()
    targets = location_layers(project, store)
    editing = [x.name() for x in targets if x.isEditable()]
    if editing:
        raise StoreError(f"Laag '{editing[0]}' wordt bewerkt: sla de wijzigingen op of verwerp ze voordat u een peildatum kiest.")
    moment = parse_peildatum(peildatum) if peildatum else None
    stack = contextlib.ExitStack()
    source = stack.enter_context(store.at(moment)) if moment else store
    try:
        for lyr in targets:
            table = str(lyr.customProperty(TABEL_PROPERTY))
            title = str(lyr.customProperty(TITLE_PROPERTY) or lyr.name())
            subset = lyr.subsetString()
            uri, provider = _table_source(source, table, lyr.providerType() == "virtual")
            lyr.setReadOnly(False)
            lyr.setDataSource(uri, f"{title} ({peildatum_label(moment)})" if moment else title, provider,
                              QgsDataProvider.ProviderOptions())
            if subset:
                lyr.setSubsetString(subset)
            lyr.setReadOnly(moment is not None)
            lyr.setCustomProperty(PEILDATUM_PROPERTY, moment or "")
            lyr.triggerRepaint()
    except BaseException:
        stack.close()
        raise
    old = _PAST.pop(store.label, None)
    if moment:
        _PAST[store.label] = stack
    if old is not None:
        old.close()
    return targets
