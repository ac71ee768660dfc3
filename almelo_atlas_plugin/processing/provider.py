"""The Processing provider; registered in initProcessing(), removed in unload()."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..core.resources import resource_path

PROVIDER_ID = "almelo_atlas"


class AlmeloAtlasProvider(QgsProcessingProvider):
    def id(self) -> str:
        return PROVIDER_ID

    def name(self) -> str:
        return "Almelo Atlas stadsontwikkeling"

    def icon(self) -> QIcon:
        return QIcon(str(resource_path("icons", "atlas.svg")))

    def loadAlgorithms(self) -> None:  # noqa: N802 (QGIS API)
        from .agenda import AgendaAlgorithm
        from .bron import algorithms as bron_algorithms
        from .controle import ControleAlgorithm
        from .importer import ImportAlgorithm
        from .mutaties import MutatiesAlgorithm
        from .rollup import RollupAlgorithm
        from .scenario import algorithms as scenario_algorithms
        from .tag import TagAlgorithm
        from .uitwisseling import UitwisselingAlgorithm
        from .validate import ValidateAlgorithm

        for alg in (RollupAlgorithm(), ValidateAlgorithm(), AgendaAlgorithm(), TagAlgorithm(), ImportAlgorithm(), ControleAlgorithm(),
                    UitwisselingAlgorithm(), MutatiesAlgorithm(), *bron_algorithms(), *scenario_algorithms()):
            self.addAlgorithm(alg)
