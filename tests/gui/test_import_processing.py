"""almelo_atlas:import of woningblokken (#15): the same as the command line, rows naming their location, refused rows
reported with layer, row, location and field."""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication, QgsProcessingException, QgsProcessingFeedback

from almelo_atlas_plugin.core.store.open import open_store
from tests.helpers import content_hash
from tests.unit.test_import_blokken import excel_csv


class Feedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.errors = []

    def reportError(self, error, fatalError=False):  # noqa: N802
        self.errors.append(error)


def test_blocks_by_location_naam_through_processing(provider, sample_store, tmp_path):
    import processing

    from almelo_atlas_plugin.processing.importer import IMPORTABLE

    src = excel_csv(tmp_path / "blokken.csv", [["locatie", "soort", "aantal", "segment", "jaar"],
                                               ["Veenelanden-Oost", "Sloop", "6", "Sociale huur", "2025"],
                                               ["Bestaat niet", "bouw", "3", "koop", "2027"]])
    before = sample_store.read_frame("SELECT count(*) AS n FROM woningblokken").n[0]
    feedback = Feedback()
    res = processing.run("almelo_atlas:import", {"STORE": str(sample_store.path), "LAAG": IMPORTABLE.index("woningblokken"),
                                                 "BRON": str(src)}, feedback=feedback)
    assert (res["GEIMPORTEERD"], res["GEWEIGERD"]) == (1, 1)
    assert feedback.errors == ["geweigerd: Laag woningblokken, rij 3, veld locatie: er is geen locatie met de naam 'Bestaat niet'"]
    store = open_store(sample_store.path)
    assert store.read_frame("SELECT count(*) AS n FROM woningblokken").n[0] == before + 1
    last = store.read_frame("SELECT soort, aantal, segment FROM woningblokken ORDER BY fid DESC LIMIT 1").values.tolist()
    assert last == [["sloop", 6, "sociale_huur"]]


def test_a_refused_replace_of_blocks_changes_nothing(provider, sample_store, tmp_path):
    import processing

    from almelo_atlas_plugin.processing.importer import IMPORTABLE

    src = excel_csv(tmp_path / "blokken.csv", [["locatie", "aantal"], ["Veenelanden-Oost", "6"], ["Veenelanden-Oost", "0"]])
    before = content_hash(sample_store)
    with pytest.raises(QgsProcessingException, match="--vervang gaat alleen door als elke rij goed is"):
        processing.run("almelo_atlas:import", {"STORE": str(sample_store.path), "LAAG": IMPORTABLE.index("woningblokken"),
                                               "BRON": str(src), "VERVANG": True})
    assert content_hash(sample_store) == before


def test_the_layers_are_offered_by_their_dutch_title(provider):
    from almelo_atlas_plugin.processing.importer import IMPORTABLE

    alg = QgsApplication.processingRegistry().createAlgorithmById("almelo_atlas:import")
    options = alg.parameterDefinition("LAAG").options()
    assert options[IMPORTABLE.index("woningblokken")] == "Woningblokken (woningblokken)"
    assert options[IMPORTABLE.index("energielabels")] == "Energielabels (energielabels)"
