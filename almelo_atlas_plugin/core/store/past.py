"""A PostGIS store at a peildatum, as today: one consistent snapshot copied into a private GeoPackage and rewound there.

(The SQL version, computed in PostGIS from the history without a copy, replaces this: core/store/postgis_history.py.)
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from .base import Store
from .geopackage import GeoPackageStore, create_gpkg_store, past_of
from .transfer import copy_rows


@contextlib.contextmanager
def rewound_copy(store: Store, moment: str) -> Iterator[GeoPackageStore]:
    tmpdir = Path(tempfile.mkdtemp(prefix="atlas_peildatum_"))
    path = tmpdir / f"{store.path.stem}_{moment[:10]}.gpkg"
    try:
        copy = create_gpkg_store(path)
        copy_rows(store, copy)
        yield past_of(copy, moment)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
