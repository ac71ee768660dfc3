"""Two editors, one location: the second save is refused naming who changed it and when; different locations
are both saved. Driven through QGIS's own edit buffer on both backends (ogr and postgres providers)."""

from __future__ import annotations

import pytest
from qgis.core import QgsGeometry, QgsVectorLayer

from almelo_atlas_plugin.core.output.forms import setup_forms
from almelo_atlas_plugin.core.store.messages import conflict_message

pytestmark = pytest.mark.gui


def editor(store, laag="projecten"):
    """One editor's session: its own layer on the store, with the atlas forms (which send the version loaded)."""
    uri, provider = store.layer_source(laag)
    layer = QgsVectorLayer(uri, laag, provider)
    assert layer.isValid(), uri
    setup_forms(layer, laag)
    layer.startEditing()
    return layer


def qfid(layer, pk):
    """QGIS's feature id of the location with store fid `pk`, found as a user finds it: through the layer's features."""
    from qgis.core import QgsFeatureRequest

    return next(layer.getFeatures(QgsFeatureRequest().setFilterExpression(f'"fid" = {int(pk)}'))).id()


def change(layer, pk, **values):
    fid = qfid(layer, pk)
    for k, v in values.items():
        assert layer.changeAttributeValue(fid, layer.fields().indexOf(k), v)


def row(store, fid, cols="naam, versie, versie_gezien, won_koop"):
    with store.reading() as con:
        return con.execute(f"SELECT {cols} FROM projecten WHERE fid = {store.param}", (fid,)).fetchone()


def test_second_save_of_the_same_location_is_refused(qgis_app, store):
    a, b = editor(store), editor(store)
    v0 = row(store, 5)[1]
    change(b, 5, naam="Versie van B")  # B started first …
    change(a, 5, naam="Versie van A", won_koop=row(store, 5)[3] + 0)
    assert a.commitChanges(), a.commitErrors()  # … A saves first
    assert row(store, 5)[:3] == ("Versie van A", v0 + 1, None)
    assert not b.commitChanges()
    errors = " ".join(b.commitErrors())
    assert "Laag projecten" in errors and "veld versie: is intussen" in errors
    if store.kind == "postgis":  # the database names who and when itself
        assert "gewijzigd door postgres op " in errors
    msg = conflict_message(store, "projecten", 5)
    assert msg.startswith("Laag projecten, feature 5, veld versie: is intussen gewijzigd door ") and " op " in msg
    # nothing of B's is lost: the edit is still in B's buffer, and A's save stands
    assert b.isEditable() and b.editBuffer().changedAttributeValues()[qfid(b, 5)][b.fields().indexOf("naam")] == "Versie van B"
    assert row(store, 5)[0] == "Versie van A"
    # B reloads (drops its buffer), applies the edit again on the new version: saved
    b.rollBack()
    b.startEditing()
    change(b, 5, naam="Versie van B")
    assert b.commitChanges(), b.commitErrors()
    assert row(store, 5)[:2] == ("Versie van B", v0 + 2)


def test_different_locations_and_geometry_edits_are_both_saved(qgis_app, store):
    a, b = editor(store), editor(store)
    v5, v6 = row(store, 5)[1], row(store, 6)[1]
    change(a, 5, naam="A")
    geom = b.getFeature(qfid(b, 6)).geometry()
    moved = QgsGeometry(geom)
    moved.translate(5, 5)
    assert b.changeGeometry(qfid(b, 6), moved)  # geometry and attribute of one feature: one save, one version
    change(b, 6, naam="B")
    assert a.commitChanges(), a.commitErrors()
    assert b.commitChanges(), b.commitErrors()
    assert row(store, 5)[:2] == ("A", v5 + 1) and row(store, 6)[:2] == ("B", v6 + 1)
    # a geometry-only edit over someone else's newer save is refused too
    a.startEditing()
    b.startEditing()
    moved2 = QgsGeometry(moved)
    moved2.translate(1, 1)
    assert a.changeGeometry(qfid(a, 6), moved2)
    change(b, 6, naam="B2")
    assert b.commitChanges(), b.commitErrors()
    assert not a.commitChanges()
    assert "veld versie" in " ".join(a.commitErrors())
    a.rollBack()


def test_a_new_location_from_the_form_starts_at_version_1_and_can_be_edited(qgis_app, store):
    from qgis.core import QgsVectorLayerUtils

    a = editor(store)
    g = QgsGeometry.fromWkt("MULTIPOLYGON(((241000 485500, 241060 485500, 241060 485560, 241000 485560, 241000 485500)))")
    attrs = {a.fields().indexOf(k): v for k, v in (("naam", "Nieuw plan"), ("status", "initiatief"), ("planstatus", "zacht"),
                                                   ("won_koop", 6), ("won_totaal", 6))}
    f = QgsVectorLayerUtils.createFeature(a, g, attrs)  # with its totals: the database makes its block (schema 5)
    assert a.addFeature(f)
    assert a.commitChanges(), a.commitErrors()
    with store.reading() as con:
        pk, versie, gezien, totaal = con.execute(
            "SELECT fid, versie, versie_gezien, won_totaal FROM projecten WHERE naam = 'Nieuw plan'").fetchone()
    assert (versie, gezien, totaal) == (1, None, 6)
    b = editor(store)
    change(b, pk, naam="Nieuw plan (bijgewerkt)")
    assert b.commitChanges(), b.commitErrors()
    assert row(store, pk)[:3] == ("Nieuw plan (bijgewerkt)", 2, None)
