"""Attribute forms of the location layers, set up from the schema (one source of truth).

A drag-and-drop form in the schema's groups (Algemeen, Programma, Planning, Opgaven, Beheer) with the schema's
labels; value maps with Dutch labels for every domain, spin boxes within the schema's plausible bounds,
constraints with Dutch messages, defaults (bijgewerkt_door = the user, bijgewerkt_op = now, planstatus = as the
planologische status says) and read-only bookkeeping and dwelling sums. A location's woningblokken are an editable child
table in its form (a polymorphic relation on laag + locatie_fid). The database guards the same rules on save.
"""

from __future__ import annotations

import weakref
from typing import Dict, List, Optional

from qgis.core import (
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsAttributeEditorRelation,
    QgsDefaultValue,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsExpression,
    QgsExpressionContextUtils,
    QgsFieldConstraints,
    QgsOptionalExpression,
    QgsPolymorphicRelation,
    QgsProject,
    QgsRelation,
    QgsVectorLayer,
)

from ..model.schema import (
    COMPUTED_FIELDS,
    DOMAINS,
    FORM_GROUPS,
    FORM_TAB,
    OPGAVEN_TAB,
    PLANSTATUS_VAN_STATUS,
    SPINBOX_LIMIT,
    Table,
    table,
)

# characters of a label and its widget's widest value that fit side by side in a location's form and in the narrower
# form of a block beside the child table's list; more goes on top
FORM_ROOM, NUMBER_WIDTH = 55, 12


def _constraint(layer: QgsVectorLayer, idx: int, expression: str, message: str) -> None:
    layer.setConstraintExpression(idx, expression, message)
    layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintExpression, QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard)


def _field_widgets(layer: QgsVectorLayer, laag: str, t: Table) -> None:
    """Labels, widgets and constraints of the schema's fields: value maps with Dutch labels for every domain, check
    boxes, spin boxes within reach of the plausible bounds, not-null; the Dutch messages name layer and field."""
    fields = layer.fields()
    for f in t.fields:
        idx = fields.indexOf(f.name)
        if idx < 0:
            continue
        layer.setFieldAlias(idx, f.label or f.name)
        name = f'"{f.name}"'
        if f.domain:
            values = [{label: value} for value, label in DOMAINS[f.domain].items()]
            layer.setEditorWidgetSetup(idx, QgsEditorWidgetSetup("ValueMap", {"map": values}))
            allowed = ", ".join("'" + v.replace("'", "''") + "'" for v in DOMAINS[f.domain])
            _constraint(layer, idx, f"{name} IS NULL OR {name} IN ({allowed})",
                        f"Laag {laag}, veld {f.name}: kies een van {', '.join(DOMAINS[f.domain].values())}")
        elif f.type == "BOOLEAN":
            layer.setEditorWidgetSetup(idx, QgsEditorWidgetSetup("CheckBox", {"CheckedState": "1", "UncheckedState": "0"}))
        elif f.type in ("INTEGER", "REAL") and (f.minimum is not None or f.maximum is not None):
            # the spin box takes numbers beyond the bounds (clamping would silently save 0 for "-5" or 10.000 for
            # "99999"); the constraint refuses them in Dutch with OK disabled. Ten times the bound: room to type a
            # wrong number, a box no wider than that number (at ±2^31 it pushed the form past its window)
            span = min(SPINBOX_LIMIT, 10 * max(abs(f.minimum or 0), abs(f.maximum or 0))) if f.maximum is not None else SPINBOX_LIMIT
            cfg = {"Style": "SpinBox", "AllowNull": not f.not_null, "Step": 1, "Min": -span, "Max": span}
            if f.type == "REAL":
                cfg["Precision"] = f.decimals
            layer.setEditorWidgetSetup(idx, QgsEditorWidgetSetup("Range", cfg))
            # text (pasted, or from the attribute table) is no number: to_real() fails on it, try() makes that NULL
            bounds = [f"{name} >= {f.minimum!r}"] * (f.minimum is not None) + [f"{name} <= {f.maximum!r}"] * (f.maximum is not None)
            _constraint(layer, idx, f"{name} IS NULL OR (try(to_real({name})) IS NOT NULL AND {' AND '.join(bounds)})",
                        f"Laag {laag}, veld {f.name}: {f.range_message()}")
        if f.not_null and f.default is None:
            layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintNotNull,
                                     QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard)
        if f.default is not None:  # the schema's default in a new feature's form (PostGIS offers its SQL clause)
            default = ("true" if f.default == "1" else "false") if f.type == "BOOLEAN" else f.default
            layer.setDefaultValueDefinition(idx, QgsDefaultValue(default))


def _long_labels_on_top(form: QgsEditFormConfig, layer: QgsVectorLayer, t: Table, room: int) -> None:
    """A label that would not fit beside its widget goes on top of it (beside, it pushed the form past its window):
    `room` characters for the label and the widest value of its list (a number: NUMBER_WIDTH)."""
    for f in t.fields:
        idx = layer.fields().indexOf(f.name)
        if idx >= 0:
            widest = max(map(len, DOMAINS[f.domain].values())) if f.domain else NUMBER_WIDTH
            form.setLabelOnTop(idx, len(f.label) + widest > room)


def _planstatus_expression() -> str:
    """planstatus as it follows from status_planologisch (blokken.planstatus_of, PLANSTATUS_VAN_STATUS) as a QGIS
    expression: the form's default, applied on every change of the status; for onbekend the planner's own choice."""
    whens = []
    for ps in ("hard", "zacht"):
        codes = ", ".join(QgsExpression.quotedString(k) for k, v in PLANSTATUS_VAN_STATUS.items() if v == ps)
        whens.append(f'WHEN "status_planologisch" IN ({codes}) THEN {QgsExpression.quotedString(ps)}')
    return f"CASE {' '.join(whens)} ELSE \"planstatus\" END"


def setup_forms(layer: QgsVectorLayer, laag: str, gemeente_layer_id: str = "", wijken_layer_id: str = "") -> None:
    """Configure the layer's attribute form for store table `laag` (geometry checks need the gemeente layer; the
    wijk is shown by name from the wijken layer)."""
    t = table(laag)
    fields = layer.fields()
    form = layer.editFormConfig()
    _field_widgets(layer, laag, t)
    # versie_gezien: the version this editor loaded, sent with every save of the feature (optimistic locking);
    # planstatus follows the planologische status whenever that changes
    for name, expr, on_update in (("bijgewerkt_door", "@user_account_name", True), ("bijgewerkt_op", "now()", True),
                                  ("versie_gezien", '"versie"', True), ("planstatus", _planstatus_expression(), True)):
        idx = fields.indexOf(name)
        if idx >= 0:
            layer.setDefaultValueDefinition(idx, QgsDefaultValue(expr, on_update))
    # the dwelling sums are the database's (from the woningblokken): shown, never typed
    for name in ("wijk_code", "bijgewerkt_door", "bijgewerkt_op", "potloodplan_fid", "versie", "versie_gezien", *COMPUTED_FIELDS):
        idx = fields.indexOf(name)
        if idx >= 0:
            form.setReadOnly(idx, True)
    _long_labels_on_top(form, layer, t, FORM_ROOM)
    _layout(form, layer, t)
    numbers = [fields.indexOf(f.name) for f in t.fields if f.numeric_check and fields.indexOf(f.name) >= 0]
    ref = weakref.ref(layer)  # the connection must not keep the layer alive (a cycle that crashed at collection)
    layer.beforeCommitChanges.connect(lambda *_: _text_to_null(ref(), numbers))
    # the geometry: no field of its own in the form, so its checks ride on naam (valid, not empty) and wijk_code (in the gemeente)
    ni = fields.indexOf("naam")
    if ni >= 0:
        _constraint(layer, ni, "$geometry IS NOT NULL AND NOT is_empty($geometry) AND is_valid($geometry)",
                    f"Laag {laag}, veld geom: de geometrie ontbreekt, is leeg of is ongeldig (bijvoorbeeld zelfdoorsnijdend)")
    wi = fields.indexOf("wijk_code")
    if wi >= 0 and wijken_layer_id:  # the wijk's name, not its bare code
        layer.setEditorWidgetSetup(wi, QgsEditorWidgetSetup("ValueRelation", {
            "Layer": wijken_layer_id, "Key": "wijk_code", "Value": "naam", "AllowNull": True, "OrderByValue": True}))
    if wi >= 0 and gemeente_layer_id:
        _constraint(layer, wi, f"$geometry IS NULL OR overlay_within('{gemeente_layer_id}')",
                    f"Laag {laag}, veld geom: de locatie ligt (deels) buiten de gemeente")
    oi, si = fields.indexOf("oplever_jaar"), fields.indexOf("start_jaar")
    if oi >= 0 and si >= 0:
        jaar = t.field("oplever_jaar")
        _constraint(layer, oi, f'"oplever_jaar" IS NULL OR (try(to_int("oplever_jaar")) IS NOT NULL AND "oplever_jaar" >= {jaar.minimum!r}'
                    f' AND "oplever_jaar" <= {jaar.maximum!r} AND ("start_jaar" IS NULL OR "oplever_jaar" >= "start_jaar"))',
                    f"Laag {laag}, veld oplever_jaar: {jaar.range_message()}, niet voor het startjaar")
    layer.setEditFormConfig(form)


def _text_to_null(layer: Optional[QgsVectorLayer], numbers: List[int]) -> None:
    """Text in a number field (pasted, or from the field calculator) would reach the database as 0: send it as NULL,
    which the guard refuses naming this field."""
    buffer = layer.editBuffer() if layer is not None else None
    if buffer is None:
        return
    for fid, changes in list(buffer.changedAttributeValues().items()):
        for idx, value in list(changes.items()):
            if idx in numbers and isinstance(value, str):
                try:
                    float(value)
                except ValueError:
                    layer.changeAttributeValue(fid, idx, None)


def _layout(form: QgsEditFormConfig, layer: QgsVectorLayer, t: Table, tags_relation: Optional[QgsRelation] = None,
            blocks_relation: Optional[QgsRelation] = None) -> None:
    """The drag-and-drop form: a tab with the schema's groups and their fields, fid and the version bookkeeping left out
    and "Voortgekomen uit potloodplan" only when set; a tab with the woningblokken and one with the opgaven once their
    relations exist."""
    form.setLayout(QgsEditFormConfig.EditorLayout.TabLayout)
    form.clearTabs()
    root = form.invisibleRootContainer()
    fields = layer.fields()
    tab = QgsAttributeEditorContainer(FORM_TAB, root)
    tab.setIsGroupBox(False)
    for group in FORM_GROUPS:
        box = QgsAttributeEditorContainer(group, tab)
        box.setIsGroupBox(True)
        for f in t.fields:
            idx = fields.indexOf(f.name)
            if f.group != group or idx < 0:
                continue
            parent = box
            if f.name == "potloodplan_fid":
                parent = QgsAttributeEditorContainer(f.label, box)
                parent.setShowLabel(False)
                parent.setVisibilityExpression(_property(f'"{f.name}" IS NOT NULL'))
                box.addChildElement(parent)
            parent.addChildElement(QgsAttributeEditorField(f.name, idx, parent))
        if box.children():
            tab.addChildElement(box)
    form.addTab(tab)
    # tabs of their own: the child table and the N:M widget (list and opgave) need the height
    if blocks_relation is not None:
        _relation_tab(form, blocks_relation, BLOKKEN_TAB, {
            "buttons": "AddChildFeature|DuplicateChildFeature|DeleteChildFeature|SaveChildEdits", "show_first_feature": True})
    if tags_relation is not None:
        _relation_tab(form, tags_relation, OPGAVEN_TAB, {"buttons": "Link|Unlink", "show_first_feature": True}, OPGAVE_RELATION)


def _relation_tab(form: QgsEditFormConfig, relation: QgsRelation, title: str, config: Dict[str, object], nm: str = "") -> None:
    tab = QgsAttributeEditorContainer(title, form.invisibleRootContainer())
    tab.setIsGroupBox(False)
    rel = QgsAttributeEditorRelation(relation, tab)
    rel.setLabel(title)
    rel.setShowLabel(False)
    rel.setRelationWidgetTypeId("relation_editor")
    if nm:
        rel.setNmRelationId(nm)
    rel.setRelationEditorConfiguration(config)
    tab.addChildElement(rel)
    form.addTab(tab)


def _property(expression: str) -> QgsOptionalExpression:
    return QgsOptionalExpression(QgsExpression(expression), True)


def _opgave_form(opgaven: QgsVectorLayer) -> None:
    """The opgave shown beside the list in the N:M widget: its name and description, read-only and wrapped."""
    t = table("opgaven")
    form = opgaven.editFormConfig()
    form.setLayout(QgsEditFormConfig.EditorLayout.TabLayout)
    form.clearTabs()
    form.setLabelOnTop(0, True)
    for name in ("naam", "omschrijving"):
        idx = opgaven.fields().indexOf(name)
        if idx < 0:
            continue
        opgaven.setFieldAlias(idx, t.field(name).label)
        opgaven.setEditorWidgetSetup(idx, QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False}))
        form.setReadOnly(idx, True)
        form.setLabelOnTop(idx, True)
        form.addTab(QgsAttributeEditorField(name, idx, form.invisibleRootContainer()))
    opgaven.setEditFormConfig(form)


TAGS_RELATION = "atlas_locatie_opgaven"
OPGAVE_RELATION = "atlas_opgave"
BLOCKS_RELATION = "atlas_woningblokken"
BLOKKEN_TAB = "Woningblokken"
# a block in the child table's list, its year first (the list is narrow; the phasing reads down): "2026 · Bouw 40 koop"
BLOCK_DISPLAY = ("coalesce(\"jaar\" || ' · ', '') || represent_value(\"soort\") || ' ' || \"aantal\" || ' '"
                 " || lower(represent_value(\"segment\"))")


def _polymorphic(manager, rel_id: str, name: str, child: QgsVectorLayer, locations: Dict[str, QgsVectorLayer]) -> None:
    """A relation from each location layer to the rows of `child` whose laag names that layer and whose locatie_fid is
    the location's fid (fids repeat across the layers: a plain relation cannot tell them apart)."""
    if rel_id in manager.polymorphicRelations():
        manager.removePolymorphicRelation(rel_id)
    poly = QgsPolymorphicRelation()
    poly.setId(rel_id)
    poly.setName(name)
    poly.setReferencingLayer(child.id())
    poly.addFieldPair("locatie_fid", "fid")
    poly.setReferencedLayerField("laag")
    poly.setReferencedLayerExpression("@atlas_laag")
    poly.setReferencedLayerIds([lyr.id() for lyr in locations.values()])
    manager.addPolymorphicRelation(poly)


def _child(manager, layer: QgsVectorLayer, rel_id: str) -> Optional[QgsRelation]:
    """The relation generated from polymorphic relation `rel_id` for location layer `layer`."""
    return next((r for r in manager.referencedRelations(layer) if r.polymorphicRelationId() == rel_id), None)


def setup_blocks_form(blocks: QgsVectorLayer) -> None:
    """The form of one woningblok (in the location's child table): the schema's labels, value maps, spin boxes and
    check box; laag and locatie_fid are the relation's (set by QGIS, not shown)."""
    _field_widgets(blocks, "woningblokken", table("woningblokken"))
    fields = blocks.fields()
    for name in ("fid", "laag", "locatie_fid"):
        idx = fields.indexOf(name)
        if idx >= 0:
            blocks.setEditorWidgetSetup(idx, QgsEditorWidgetSetup("Hidden", {}))
    form = blocks.editFormConfig()
    # every label on top: the block's form shares the tab with the list of blocks (beside, it scrolled sideways)
    for f in table("woningblokken").fields:
        if fields.indexOf(f.name) >= 0:
            form.setLabelOnTop(fields.indexOf(f.name), True)
    idx = fields.indexOf("bijgewerkt_door")
    if idx >= 0:
        blocks.setDefaultValueDefinition(idx, QgsDefaultValue("@user_account_name", True))
        form.setReadOnly(idx, True)
    blocks.setEditFormConfig(form)
    blocks.setDisplayExpression(BLOCK_DISPLAY)


def _reload(refs: List[weakref.ref]) -> None:
    """The location layers read their dwelling sums anew: the database changed them with the blocks just saved."""
    for ref in refs:
        lyr = ref()
        if lyr is not None:
            lyr.reload()
            lyr.triggerRepaint()


def setup_relations(project: QgsProject, tags: QgsVectorLayer, opgaven: QgsVectorLayer, locations: Dict[str, QgsVectorLayer],
                    blocks: Optional[QgsVectorLayer] = None) -> None:
    """The opgaven of a location as an N:M relation in its form: a polymorphic relation (locatie_opgaven.laag tells
    which layer a tag belongs to) plus the relation from each tag to its opgave; its woningblokken (if given) as a
    child table through a polymorphic relation of their own."""
    manager = project.relationManager()
    for lyr_laag, lyr in locations.items():
        QgsExpressionContextUtils.setLayerVariable(lyr, "atlas_laag", lyr_laag)
    if manager.relation(OPGAVE_RELATION).isValid():
        manager.removeRelation(OPGAVE_RELATION)
    _polymorphic(manager, TAGS_RELATION, "Opgaven", tags, locations)
    if blocks is not None:
        _polymorphic(manager, BLOCKS_RELATION, BLOKKEN_TAB, blocks, locations)
        setup_blocks_form(blocks)
        refs = [weakref.ref(lyr) for lyr in locations.values()]
        blocks.afterCommitChanges.connect(lambda: _reload(refs))
    rel = QgsRelation()
    rel.setId(OPGAVE_RELATION)
    rel.setName("Stadsopgave")
    rel.setReferencingLayer(tags.id())
    rel.setReferencedLayer(opgaven.id())
    rel.addFieldPair("opgave_code", "code")
    manager.addRelation(rel)
    # the N:M widget lists opgaven by name; a tag's opgave_code picks from the opgaven by name, never a bare code
    opgaven.setDisplayExpression('"code" || \' \' || "naam"')
    _opgave_form(opgaven)
    tags.setDisplayExpression('"opgave_code"')
    ti = tags.fields().indexOf("opgave_code")
    if ti >= 0:
        tags.setEditorWidgetSetup(ti, QgsEditorWidgetSetup("ValueRelation", {
            "Layer": opgaven.id(), "Key": "code", "Value": "naam", "AllowNull": False, "OrderByValue": False}))
    for lyr_laag, lyr in locations.items():
        child = _child(manager, lyr, TAGS_RELATION)
        if child is None:
            continue
        form = lyr.editFormConfig()
        _layout(form, lyr, table(lyr_laag), child, _child(manager, lyr, BLOCKS_RELATION))
        lyr.setEditFormConfig(form)
