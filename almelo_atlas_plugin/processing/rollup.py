"""almelo_atlas:rollup — figures locatie → wijk → stad, held against the goals, now or at a peildatum."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from ..core import atlas
from ..core.model.values import NORM_RANGE
from ..core.output.files import OutputError
from ..core.output.tables import table_text
from ..core.store.base import StoreError
from .base import AtlasAlgorithm, tr


class RollupAlgorithm(AtlasAlgorithm):
    NIVEAU = "NIVEAU"
    NORM = "NORM"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "rollup"

    def displayName(self) -> str:  # noqa: N802
        return tr("Cijfers optellen (locatie → wijk → stad)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Telt het programma van projecten en potloodplannen op per wijk, gebied en voor de stad, "
                  "en zet het af tegen de doelen. Uitvoer: JSON (alle cijfers), CSV (één niveau) of Excel.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_store_parameter()
        self.addParameter(QgsProcessingParameterEnum(self.NIVEAU, tr("Niveau (voor CSV)"), options=list(atlas.NIVEAUS), defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(self.NORM, tr("Norm planoverschot"), type=QgsProcessingParameterNumber.Type.Double,
                                                       defaultValue=atlas.NORM, minValue=NORM_RANGE[0], maxValue=NORM_RANGE[1]))
        self.add_peildatum_parameter(tr("de cijfers"))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, tr("Uitvoer"), fileFilter="JSON (*.json);;CSV (*.csv);;Excel (*.xlsx)"))
        for key, label in (("WON_GEPLAND", "Woningen gepland (stad)"), ("WON_HARD", "Woningen hard (stad)"),
                           ("WON_ZACHT", "Woningen zacht (stad)"), ("WON_POTENTIEEL", "Woningen potentieel (stad)")):
            self.addOutput(QgsProcessingOutputNumber(key, tr(label)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        niveau = atlas.NIVEAUS[self.parameterAsEnum(parameters, self.NIVEAU, context)]
        norm = self.parameterAsDouble(parameters, self.NORM, context)
        moment = self.peildatum(parameters, context)
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        try:
            result = atlas.figures(store, moment, norm=norm)
            atlas.write_figures(result, out, niveau=niveau, store=store)
        except (StoreError, OutputError) as exc:  # a norm out of bounds, a figure that is no finite number, an unwritable file
            raise QgsProcessingException(str(exc)) from exc
        s = result.stad.figures
        feedback.pushInfo(table_text(result, "stad"))
        return {self.OUTPUT: out, "WON_GEPLAND": s.won_gepland, "WON_HARD": s.won_hard,
                "WON_ZACHT": s.won_zacht, "WON_POTENTIEEL": s.won_potentieel}
