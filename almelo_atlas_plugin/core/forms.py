"""Attribute forms of the location layers, set up from the schema (one source of truth).

Value maps with Dutch labels for every domain, ranges for years and figures, constraints with
Dutch messages, defaults (bijgewerkt_door = the user, bijgewerkt_op = now, won_totaal = the sum of
the segments) and a read-only wijk_code. The database guards the same rules on save.
"""

from __future__ import annotations

from typing import Dict

from qgis.core import (
    QgsDefaultValue,
    QgsEditorWidgetSetup,
    QgsExpressionContextUtils,
    QgsFieldConstraints,
    QgsPolymorphicRelation,
    QgsProject,
    QgsRelation,
    QgsVectorLayer,
)

from .schema import DOMAINS, WON_SEGMENTS, table

SUM_EXPR = " + ".join(f'coalesce("{s}", 0)' for s in WON_SEGMENTS)


def _constraint(layer: QgsVectorLayer, idx: int, expression: str, message: str) -> None:
    layer.setConstraintExpression(idx, expression, message)
    layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintExpression, QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard)


def setup_forms(layer: QgsVectorLayer, laag: str, gemeente_layer_id: str = "") -> None:
    """Configure the layer's attribute form for store table `laag` (geometry checks need the gemeente layer)."""
    t = table(laag)
    fields = layer.fields()
    form = layer.editFormConfig()
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
            cfg = {"Style": "SpinBox", "AllowNull": not f.not_null, "Step": 1 if f.type == "INTEGER" else 0.1,
                   "Min": f.minimum if f.minimum is not None else -1e12, "Max": f.maximum if f.maximum is not None else 1e12}
            if f.type == "REAL":
                cfg["Precision"] = 2
            layer.setEditorWidgetSetup(idx, QgsEditorWidgetSetup("Range", cfg))
            parts = []
            if f.minimum is not None:
                parts.append(f"{name} >= {f.minimum:g}")
            if f.maximum is not None:
                parts.append(f"{name} <= {f.maximum:g}")
            if f.minimum == 0 and f.maximum is None:
                msg = f"Laag {laag}, veld {f.name}: mag niet negatief zijn"
            else:
                msg = f"Laag {laag}, veld {f.name}: moet tussen {f.minimum:g} en {f.maximum:g} liggen"
            _constraint(layer, idx, f"{name} IS NULL OR ({' AND '.join(parts)})", msg)
        if f.not_null and f.default is None:
            layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintNotNull,
                                     QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard)
    # versie_gezien: the version this editor loaded, sent with every save of the feature (optimistic locking)
    for name, expr, on_update in (("bijgewerkt_door", "@user_account_name", True), ("bijgewerkt_op", "now()", True),
                                  ("won_totaal", SUM_EXPR, True), ("versie_gezien", '"versie"', True)):
        idx = fields.indexOf(name)
        if idx >= 0:
            layer.setDefaultValueDefinition(idx, QgsDefaultValue(expr, on_update))
    idx = fields.indexOf("won_totaal")
    if idx >= 0:
        _constraint(layer, idx, f'"won_totaal" = {SUM_EXPR}',
                    f"Laag {laag}, veld won_totaal: moet de som zijn van sociale huur, middenhuur, vrije huur en koop")
    for name in ("wijk_code", "bijgewerkt_door", "bijgewerkt_op", "won_totaal", "potloodplan_fid", "versie", "versie_gezien"):
        idx = fields.indexOf(name)
        if idx >= 0:
            form.setReadOnly(idx, True)
    # the geometry: no field of its own in the form, so its checks ride on naam (valid, not empty) and wijk_code (in the gemeente)
    ni = fields.indexOf("naam")
    if ni >= 0:
        _constraint(layer, ni, "$geometry IS NOT NULL AND NOT is_empty($geometry) AND is_valid($geometry)",
                    f"Laag {laag}, veld geom: de geometrie ontbreekt, is leeg of is ongeldig (bijvoorbeeld zelfdoorsnijdend)")
    wi = fields.indexOf("wijk_code")
    if wi >= 0 and gemeente_layer_id:
        _constraint(layer, wi, f"$geometry IS NULL OR overlay_within('{gemeente_layer_id}')",
                    f"Laag {laag}, veld geom: de locatie ligt (deels) buiten de gemeente")
    oi, si = fields.indexOf("oplever_jaar"), fields.indexOf("start_jaar")
    if oi >= 0 and si >= 0:
        _constraint(layer, oi, '"oplever_jaar" IS NULL OR ("oplever_jaar" >= 2000 AND "oplever_jaar" <= 2050 AND '
                    '("start_jaar" IS NULL OR "oplever_jaar" >= "start_jaar"))',
                    f"Laag {laag}, veld oplever_jaar: tussen 2000 en 2050 en niet voor het startjaar")
    layer.setEditFormConfig(form)


TAGS_RELATION = "atlas_locatie_opgaven"
OPGAVE_RELATION = "atlas_opgave"


def setup_relations(project: QgsProject, tags: QgsVectorLayer, opgaven: QgsVectorLayer, locations: Dict[str, QgsVectorLayer]) -> None:
    """The opgaven of a location as an N:M relation in its form: a polymorphic relation (locatie_opgaven.laag tells
    which layer a tag belongs to) plus the relation from each tag to its opgave."""
    manager = project.relationManager()
    for lyr_laag, lyr in locations.items():
        QgsExpressionContextUtils.setLayerVariable(lyr, "atlas_laag", lyr_laag)
    if TAGS_RELATION in manager.polymorphicRelations():
        manager.removePolymorphicRelation(TAGS_RELATION)
    if manager.relation(OPGAVE_RELATION).isValid():
        manager.removeRelation(OPGAVE_RELATION)
    poly = QgsPolymorphicRelation()
    poly.setId(TAGS_RELATION)
    poly.setName("Opgaven")
    poly.setReferencingLayer(tags.id())
    poly.addFieldPair("locatie_fid", "fid")
    poly.setReferencedLayerField("laag")
    poly.setReferencedLayerExpression("@atlas_laag")
    poly.setReferencedLayerIds([lyr.id() for lyr in locations.values()])
    manager.addPolymorphicRelation(poly)
    rel = QgsRelation()
    rel.setId(OPGAVE_RELATION)
    rel.setName("Stadsopgave")
    rel.setReferencingLayer(tags.id())
    rel.setReferencedLayer(opgaven.id())
    rel.addFieldPair("opgave_code", "code")
    manager.addRelation(rel)
    for lyr in locations.values():
        child = next((r for r in manager.referencedRelations(lyr) if r.polymorphicRelationId() == TAGS_RELATION), None)
        if child is None:
            continue
        form = lyr.editFormConfig()
        form.setWidgetConfig(child.id(), {"nm-rel": OPGAVE_RELATION, "show-link": True, "show-unlink": True})
        lyr.setEditFormConfig(form)
