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
    """An empty PostGIS store (schema and catalogues, no geography) in a database of its own."""
    from almelo_atlas_plugin.core.store.open import create_store

    uri = f"{cluster.createdb(db_name(request))}?schema=atlas"
    create_store(uri)
    return uri


@pytest.fixture(scope="session")
def pg_template(cluster):
    """The committed sample copied into PostGIS once (with `export`'s code); tests get a copy of this database."""
    from almelo_atlas_plugin.core.store.open import copy_store, open_store
    from tests.conftest import ROOT

    name = "atlas_sjabloon"
    copy_store(open_store(ROOT / "sample_gpkg" / "almelo_sample.gpkg", migrate=False), f"{cluster.createdb(name)}?schema=atlas")
    return name


@pytest.fixture
def pg_sample(cluster, pg_template, request):
    """The committed sample in a PostGIS store of its own (a copy of the template database: fast)."""
    import psycopg2

    name = db_name(request)
    con = psycopg2.connect(cluster.dsn())
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    con.close()
    return f"{cluster.dsn(name)}?schema=atlas"
