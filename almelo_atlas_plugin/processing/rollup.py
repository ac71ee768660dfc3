"""almelo_atlas:rollup — figures locatie → wijk → stad, held against the goals."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from ..core.figures.rollup import RollupEngine
from ..core.model.values import NORM_RANGE
from ..core.output import tables as report
from ..core.output.files import OutputError, write_text
from ..core.store.base import StoreError
from .base import AtlasAlgorithm, tr

NIVEAUS = ("stad", "wijk", "gebied", "locatie")


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
        self.addParameter(QgsProcessingParameterEnum(self.NIVEAU, tr("Niveau (voor CSV)"), options=list(NIVEAUS), defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(self.NORM, tr("Norm planoverschot"), type=QgsProcessingParameterNumber.Type.Double,
                                                       defaultValue=1.3, minValue=NORM_RANGE[0], maxValue=NORM_RANGE[1]))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, tr("Uitvoer"), fileFilter="JSON (*.json);;CSV (*.csv);;Excel (*.xlsx)"))
        for key, label in (("WON_GEPLAND", "Woningen gepland (stad)"), ("WON_HARD", "Woningen hard (stad)"),
                           ("WON_ZACHT", "Woningen zacht (stad)"), ("WON_POTENTIEEL", "Woningen potentieel (stad)")):
            self.addOutput(QgsProcessingOutputNumber(key, tr(label)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        niveau = NIVEAUS[self.parameterAsEnum(parameters, self.NIVEAU, context)]
        norm = self.parameterAsDouble(parameters, self.NORM, context)
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        low = out.lower()
        try:
            result = RollupEngine(store, norm=norm).compute()
            if low.endswith(".xlsx"):
                report.write_xlsx(result, out)
            elif low.endswith(".csv"):
                report.write_csv(result, niveau, out)
            else:
                write_text(out, report.json_text(result))
        except (StoreError, OutputError) as exc:  # a norm out of bounds, a figure that is no finite number, an unwritable file
            raise QgsProcessingException(str(exc)) from exc
        s = result["stad"]
        feedback.pushInfo(report.table_text(result, "stad"))
        return {self.OUTPUT: out, "WON_GEPLAND": s["won_gepland"], "WON_HARD": s["won_hard"],
                "WON_ZACHT": s["won_zacht"], "WON_POTENTIEEL": s["won_potentieel"]}
