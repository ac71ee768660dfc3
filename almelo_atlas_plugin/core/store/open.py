"""The one place that turns a STORE address into a backend.

A STORE is a GeoPackage path (`….gpkg`), a libpq string (`postgresql://user@host:port/db?schema=atlas`,
`service=NAME schema=atlas`, `dbname=…`, `host=…`) or a connection saved in QGIS (`verbinding:NAME?schema=atlas`).
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional

from .base import CONNECTION_PREFIX, Backend, Store, StoreError, redact

_POSTGIS_PREFIXES = ("postgresql://", "postgres://", "service=", "dbname=", "host=")


def backend_of(arg: os.PathLike | str) -> Backend:
    """The backend a STORE address names."""
    a = str(arg)
    if a.startswith(_POSTGIS_PREFIXES) or a.startswith(CONNECTION_PREFIX):
        return Backend.POSTGIS
    return Backend.GEOPACKAGE


def open_store(arg: os.PathLike | str, migrate: Optional[bool] = None) -> Store:
    """Open a store, checking that it is a store of this atlas.

    A file without atlas_meta is refused untouched. An older atlas store: migrate=None refuses it (MigrationNeeded:
    read-only use never writes), True migrates it (what was done is in store.migration_notes), False opens it as it is
    (validate)."""
    a = str(arg)
    if a.startswith(CONNECTION_PREFIX):
        from .connections import open_token

        return open_token(a, migrate)
    if backend_of(a) is Backend.POSTGIS:
        from .postgis import open_pg_store

        return open_pg_store(a, migrate=migrate)
    from .geopackage import open_gpkg_store

    return open_gpkg_store(a, migrate=migrate)


def create_store(arg: os.PathLike | str, overwrite: bool = False) -> Store:
    """Create an empty store with every table, guard, catalogue and the schema version."""
    if backend_of(arg) is Backend.POSTGIS:
        from .postgis import create_pg_store, open_pg_store

        create_pg_store(str(arg), overwrite=overwrite)
        return open_pg_store(str(arg))
    from .geopackage import create_gpkg_store

    return create_gpkg_store(arg, overwrite=overwrite)


def require(arg: str, backend: Backend, why: str) -> None:
    """Refuse a STORE address of another backend, saying why."""
    if backend_of(arg) is not backend:
        raise StoreError(why)


def copy_store(src: Store, dst_arg: str, overwrite: bool = False) -> Dict[str, int]:
    """Create the store `dst_arg` and copy `src` into it; rows per table. A GeoPackage is built next to the target and
    renamed into place when complete (an existing one only with overwrite)."""
    from .transfer import copy_rows

    if os.path.abspath(str(src.uri)) == os.path.abspath(dst_arg) or src.uri == dst_arg:
        raise StoreError("Bron en doel zijn dezelfde store.")
    if backend_of(dst_arg) is Backend.POSTGIS:
        return copy_rows(src, create_store(dst_arg, overwrite=overwrite))
    from .geopackage import built_aside

    with built_aside(dst_arg, overwrite, "kopie") as work:
        return copy_rows(src, create_store(work, overwrite=True))


def export_store(src_arg: str, dst_arg: str, overwrite: bool = False) -> Dict[str, Any]:
    """Copy and verify: the CLI's `export`."""
    from .transfer import compare_stores

    src = open_store(src_arg)
    counts = copy_store(src, dst_arg, overwrite=overwrite)
    dst = open_store(dst_arg)
    return {"rijen": counts, "verschillen": compare_stores(src, dst), "doel": dst}


__all__: List[str] = ["backend_of", "open_store", "create_store", "require", "copy_store", "export_store", "redact",
                      "CONNECTION_PREFIX"]
