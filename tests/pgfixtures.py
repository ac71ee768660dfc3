"""PostgreSQL fixtures: one throwaway PostgreSQL + PostGIS cluster for the whole session (started on first use, removed after)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def cluster():
    from tests.pgcluster import Cluster, bindir

    if bindir() is None:
        pytest.skip("PostgreSQL ontbreekt (Debian: postgresql postgresql-postgis)")
    c = Cluster().start()
    yield c
    c.stop()


def db_name(request) -> str:
    import hashlib

    name = request.node.name.lower()
    return "atlas_" + "".join(ch if ch.isalnum() else "_" for ch in name)[:40] + "_" + hashlib.md5(name.encode()).hexdigest()[:8]


@pytest.fixture
def pg_store(cluster, request):
    """An empty PostGIS store (init) in a database of its own."""
    from almelo_atlas_plugin.cli import main

    uri = f"{cluster.createdb(db_name(request))}?schema=atlas"
    assert main(["init", uri]) == 0
    return uri


@pytest.fixture
def pg_sample(cluster, request):
    """The committed sample, copied into a PostGIS store."""
    from almelo_atlas_plugin.core.store import open_store
    from almelo_atlas_plugin.core.transfer import copy_store
    from tests.conftest import ROOT

    uri = f"{cluster.createdb(db_name(request))}?schema=atlas"
    copy_store(open_store(ROOT / "sample_gpkg" / "almelo_sample.gpkg"), uri)
    return uri
