"""Fixtures of the GUI tests that several files share."""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication, QgsProject

from almelo_atlas_plugin.core.model.roles import laag_of
from almelo_atlas_plugin.core.output import layers


@pytest.fixture
def messages(qgis_app):
    """What QGIS writes to its message log meanwhile."""
    seen = []

    def keep(message, tag, level):
        seen.append(f"{tag}: {message}")

    QgsApplication.messageLog().messageReceived.connect(keep)
    yield seen
    QgsApplication.messageLog().messageReceived.disconnect(keep)


@pytest.fixture(params=["gpkg", "postgis"])
def backend(request, qgis_app, sample_store):
    """(store, its atlas loaded as the dock loads it) on GeoPackage and on PostGIS."""
    from almelo_atlas_plugin.core.store.open import open_store

    store = sample_store if request.param == "gpkg" else open_store(request.getfixturevalue("pg_sample"))
    project = QgsProject.instance()
    top = layers.load_atlas(store, project)
    yield store, {laag_of(n.layer()): n.layer() for n in top.findLayers()}
    layers.unload_atlas(store, project)


@pytest.fixture
def provider(qgis_processing):
    """The plugin's Processing provider, registered for one test."""
    from almelo_atlas_plugin.processing.provider import AlmeloAtlasProvider

    prov = AlmeloAtlasProvider()
    QgsApplication.processingRegistry().addProvider(prov)
    yield prov
    QgsApplication.processingRegistry().removeProvider(prov)
