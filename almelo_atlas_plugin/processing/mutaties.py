"""almelo_atlas:mutaties — what changed between two dates: the programme at the begin reconciled to the end."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..core import atlas
from ..core.output.files import OutputError
from ..core.output.mutaties import table_text
from ..core.store.base import StoreError
from .base import AtlasAlgorithm, tr


class MutatiesAlgorithm(AtlasAlgorithm):
    VAN = "VAN"
    TOT = "TOT"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "mutaties"

    def displayName(self) -> str:  # noqa: N802
        return tr("Mutaties tussen twee datums")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Stemt het programma van de begindatum af op dat van de einddatum, voor de stad, elke wijk en elke "
                  "opgave: nieuw, vervallen, verplaatst, gerealiseerd, status en programma gewijzigd, met de locaties per "
                  "soort. Een datum is het einde van die dag (Nederlandse tijd). Uitvoer: Excel of JSON.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_store_parameter()
        self.addParameter(QgsProcessingParameterString(self.VAN, tr("Begindatum (JJJJ-MM-DD, het einde van die dag)")))
        self.addParameter(QgsProcessingParameterString(self.TOT, tr("Einddatum (leeg = nu)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, tr("Uitvoer"), fileFilter="Excel (*.xlsx);;JSON (*.json)"))
        for key, label in (("WON_GEPLAND_BEGIN", "Woningen gepland op de begindatum"),
                           ("WON_GEPLAND_EIND", "Woningen gepland op de einddatum"), ("LOCATIES", "Locaties met een mutatie")):
            self.addOutput(QgsProcessingOutputNumber(key, tr(label)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        van = self.parameterAsString(parameters, self.VAN, context)
        tot = self.parameterAsString(parameters, self.TOT, context)
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        try:
            report = atlas.mutaties(store, van, tot)
            atlas.write_mutaties(report, out)
        except (StoreError, OutputError) as exc:  # a bad date, begin after end, an unwritable file
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(table_text(report))
        return {self.OUTPUT: out, "WON_GEPLAND_BEGIN": report.stad.get("won_gepland", "begin"),
                "WON_GEPLAND_EIND": report.stad.get("won_gepland", "eind"), "LOCATIES": len(report.locaties)}
