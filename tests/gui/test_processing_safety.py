"""Processing: outputs whole or not at all, --vervang all or nothing, an older store only after `migrate`
(issue #12, findings 2, 3 and 5), with one Dutch line and no Python error."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException

from tests.fixtures.v0_store import make_v0_store

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("alg,name", [("rollup", "r.json"), ("rollup", "r.csv"), ("rollup", "r.xlsx"), ("validate", "v.json"),
                                      ("agenda", "a.pdf")])
def test_output_to_a_folder_is_a_dutch_refusal(provider,  # noqa: F811
                                                 sample_store, tmp_path, alg, name):
    import processing

    (tmp_path / name).mkdir()
    params = {"STORE": str(sample_store.path), "OUTPUT": str(tmp_path / name)}
    if alg == "rollup":
        params.update(NIVEAU=0, NORM=1.3)
    with pytest.raises(QgsProcessingException, match="is een map; geef een bestandsnaam; er is niets geschreven"):
        processing.run(f"almelo_atlas:{alg}", params)


def test_an_older_store_is_not_migrated_by_processing(provider, tmp_path):  # noqa: F811
    import processing

    path = make_v0_store(tmp_path / "v0.gpkg")
    before = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    with pytest.raises(QgsProcessingException, match="voer eerst `migrate"):
        processing.run("almelo_atlas:rollup", {"STORE": str(path), "NIVEAU": 0, "NORM": 1.3, "OUTPUT": str(tmp_path / "r.json")})
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == before


def test_import_replace_with_a_refused_row_changes_nothing(provider, sample_store, tmp_path):  # noqa: F811
    import processing

    from almelo_atlas_plugin.processing.importer import IMPORTABLE
    from tests.unit.test_no_silent_loss import _wijken, state

    src = _wijken(tmp_path, ["regulier", "onzin"])
    before = state(sample_store.path)
    with pytest.raises(QgsProcessingException, match="er is niets gewijzigd"):
        processing.run("almelo_atlas:import", {"STORE": str(sample_store.path), "LAAG": IMPORTABLE.index("wijken"), "BRON": src,
                                               "VERVANG": True})
    assert state(sample_store.path) == before
