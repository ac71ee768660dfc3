"""Shared bits of the algorithms: the store parameter and Dutch help."""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingParameterFile
from qgis.PyQt.QtCore import QCoreApplication

from ..core.store import Store, StoreError, open_store


def tr(text: str) -> str:
    return QCoreApplication.translate("AlmeloAtlasProcessing", text)


class AtlasAlgorithm(QgsProcessingAlgorithm):
    STORE = "STORE"

    def group(self) -> str:
        return tr("Atlas stadsontwikkeling")

    def groupId(self) -> str:  # noqa: N802
        return "atlas"

    def createInstance(self):  # noqa: N802
        return type(self)()

    def add_store_parameter(self) -> None:
        self.addParameter(QgsProcessingParameterFile(
            self.STORE, tr("Store (GeoPackage)"), behavior=QgsProcessingParameterFile.Behavior.File,
            extension="gpkg"))

    def store(self, parameters, context) -> Store:
        path = self.parameterAsFile(parameters, self.STORE, context)
        try:
            return open_store(path)
        except StoreError as exc:
            raise QgsProcessingException(str(exc)) from exc
