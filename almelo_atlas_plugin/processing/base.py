"""Shared bits of the algorithms: the store parameter and Dutch help."""

from __future__ import annotations

from typing import Optional

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterDatabaseSchema,
    QgsProcessingParameterFile,
    QgsProcessingParameterProviderConnection,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core import atlas
from ..core.store.base import Store, StoreError


def tr(text: str) -> str:
    return QCoreApplication.translate("AlmeloAtlasProcessing", text)


class AtlasAlgorithm(QgsProcessingAlgorithm):
    STORE = "STORE"
    VERBINDING = "PG_VERBINDING"
    SCHEMA = "PG_SCHEMA"
    PEILDATUM = "PEILDATUM"

    def group(self) -> str:
        return tr("Atlas stadsontwikkeling")

    def groupId(self) -> str:  # noqa: N802
        return "atlas"

    def createInstance(self):  # noqa: N802
        return type(self)()

    def add_store_parameter(self) -> None:
        """The store: a GeoPackage file, or a PostgreSQL connection saved in QGIS with the schema of the atlas; prefilled
        with the atlas the dock has open."""
        from ..core.output.layers import loaded_store
        from ..core.store.base import Backend
        from ..core.store.open import backend_of

        open_now = loaded_store()
        gpkg = open_now is not None and backend_of(open_now.uri) is Backend.GEOPACKAGE  # the address says, not the object
        connection = getattr(open_now, "connection_name", None) if open_now is not None and not gpkg else None
        self.addParameter(QgsProcessingParameterFile(
            self.STORE, tr("Store (GeoPackage)"), behavior=QgsProcessingParameterFile.Behavior.File,
            extension="gpkg", defaultValue=str(open_now.path) if gpkg else None, optional=True))
        self.addParameter(QgsProcessingParameterProviderConnection(
            self.VERBINDING, tr("of: PostGIS-verbinding"), "postgres", defaultValue=connection, optional=True))
        self.addParameter(QgsProcessingParameterDatabaseSchema(
            self.SCHEMA, tr("Schema van de atlas"), self.VERBINDING,
            defaultValue=getattr(open_now, "schema", "atlas") if connection else "atlas", optional=True))

    def store(self, parameters, context) -> Store:
        path = self.parameterAsFile(parameters, self.STORE, context)
        name = self.parameterAsConnectionName(parameters, self.VERBINDING, context) or ""  # given, or the open atlas's
        try:
            if path:
                return atlas.open_store(path)
            if name:
                return atlas.open_connection(name, self.parameterAsSchema(parameters, self.SCHEMA, context) or "atlas")
        except StoreError as exc:
            raise QgsProcessingException(str(exc)) from exc
        raise QgsProcessingException(tr("Geef een store op: een GeoPackage of een PostGIS-verbinding."))

    def add_peildatum_parameter(self, what: str) -> None:
        """PEILDATUM: the same text and the same parser as the command line's --peildatum (empty: now)."""
        self.addParameter(QgsProcessingParameterString(
            self.PEILDATUM, tr("Peildatum: {wat} zoals de store er toen voor stond (JJJJ-MM-DD of JJJJ-MM-DDTUU:MM, "
                               "Nederlandse tijd; leeg = nu)").format(wat=what), optional=True))

    def peildatum(self, parameters, context) -> Optional[str]:
        try:
            return atlas.peildatum(self.parameterAsString(parameters, self.PEILDATUM, context))
        except StoreError as exc:
            raise QgsProcessingException(str(exc)) from exc
