"""almelo_atlas:uitwisseling — the plans to a province or DIWI format (the command line's `uitwisseling`)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
)

from ..core import atlas
from ..core.output.files import OutputError
from ..core.store.base import StoreError
from .base import AtlasAlgorithm, tr

FORMATEN = ("planregistratie", "zuid-holland", "zeeland", "excel")
NIVEAUS = ("gemeente", "provincie", "regio", "openbaar")


class UitwisselingAlgorithm(AtlasAlgorithm):
    FORMAAT = "FORMAAT"
    NIVEAU = "NIVEAU"
    CONTROLE = "CONTROLE"
    OUTPUT = "OUTPUT"
    PLANNEN = "PLANNEN"
    WEGGELATEN = "WEGGELATEN"

    def name(self) -> str:
        return "uitwisseling"

    def displayName(self) -> str:  # noqa: N802
        return tr("Plannen uitwisselen met provincie of DIWI")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Schrijft de plannen met hun woningblokken in het formaat van de ontvanger: Planregistratie (Gelderland,"
                  " Zuid-Holland; .gpkg of .gdb), de GeoJSON van Zuid-Holland, de Planmonitor Wonen van Zeeland (.xlsx) of"
                  " een leesbare Excel. Eerst wordt alles gecontroleerd (verplichte velden, lijsten, optellingen, geometrie);"
                  " bij een fout wordt niets geschreven. Plannen die vertrouwelijker zijn dan de ontvanger blijven weg.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_store_parameter()
        self.addParameter(QgsProcessingParameterEnum(
            self.FORMAAT, tr("Formaat"), options=[tr("Planregistratie (GeoPackage of FileGDB)"), tr("Zuid-Holland (GeoJSON)"),
                                                   tr("Zeeland, Planmonitor Wonen (Excel)"), tr("Leesbare Excel")], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.NIVEAU, tr("Ontvanger (vertrouwelijkheid)"),
            options=[tr("Gemeente (alles)"), tr("Provincie"), tr("Regio"), tr("Openbaar")], defaultValue=0))
        self.add_peildatum_parameter(tr("de plannen"))
        self.addParameter(QgsProcessingParameterBoolean(self.CONTROLE, tr("Alleen controleren, niets schrijven"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Bestand"), fileFilter="GeoPackage (*.gpkg);;FileGDB (*.gdb);;GeoJSON (*.geojson);;Excel (*.xlsx)",
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.PLANNEN, tr("Plannen geleverd")))
        self.addOutput(QgsProcessingOutputNumber(self.WEGGELATEN, tr("Plannen weggelaten (vertrouwelijk)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        moment = self.peildatum(parameters, context)
        formaat = FORMATEN[self.parameterAsEnum(parameters, self.FORMAAT, context)]
        niveau = NIVEAUS[self.parameterAsEnum(parameters, self.NIVEAU, context)]
        out = None if self.parameterAsBool(parameters, self.CONTROLE, context) else self.parameterAsFileOutput(
            parameters, self.OUTPUT, context)
        if not out and not self.parameterAsBool(parameters, self.CONTROLE, context):
            raise QgsProcessingException(tr("Geef een bestand op, of kies Alleen controleren."))
        try:
            res = atlas.uitwisseling(store, formaat, out or None, moment, niveau)
        except (StoreError, OutputError, ValueError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(res.rapport())
        if res.blokkeert:
            raise QgsProcessingException(res.rapport())
        answer = {self.PLANNEN: res.plannen, self.WEGGELATEN: res.weggelaten}
        return {**answer, self.OUTPUT: out} if out else answer
