"""almelo_atlas:controle — the plans against the BAG and the bestemmingsplannen (the command line's `controle`)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from ..core import atlas
from ..core.model.values import JAAR_RANGE
from ..core.output import controle as words
from ..core.output.files import OutputError, write_text
from ..core.store.base import StoreError
from .base import AtlasAlgorithm, tr


class ControleAlgorithm(AtlasAlgorithm):
    SINDS = "SINDS"
    OUTPUT = "OUTPUT"
    BEVINDINGEN = "BEVINDINGEN"
    ONGECLAIMD = "ONGECLAIMD"

    def name(self) -> str:
        return "controle"

    def displayName(self) -> str:  # noqa: N802
        return tr("Plannen controleren tegen BAG en bestemmingsplannen")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Per locatie: woningen die gerealiseerd heten zonder (genoeg) BAG-woningen die sinds de start in de locatie"
                  " zijn gebouwd, en een harde planologische status (1A–2C) zonder bestemmingsplan eronder. Per wijk: nieuwe"
                  " BAG-woningen (bouwjaar vanaf Sinds) die in geen plan liggen, met hun vbo-id's. Uitvoer: CSV of JSON.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_store_parameter()
        self.addParameter(QgsProcessingParameterNumber(
            self.SINDS, tr("Sinds (eerste bouwjaar van de nieuwe BAG-woningen; leeg = begin van de historie, anders 2021)"),
            type=QgsProcessingParameterNumber.Type.Integer, minValue=JAAR_RANGE[0], maxValue=JAAR_RANGE[1], optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, tr("Rapport"), fileFilter="CSV (*.csv);;JSON (*.json)",
                                                                optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.BEVINDINGEN, tr("Bevindingen bij locaties")))
        self.addOutput(QgsProcessingOutputNumber(self.ONGECLAIMD, tr("Nieuwe BAG-woningen in geen plan")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        given = parameters.get(self.SINDS)
        sinds = self.parameterAsInt(parameters, self.SINDS, context) if given not in (None, "") else None
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        try:
            result = atlas.controle(store, sinds)
            if out:
                write_text(out, words.csv_text(result) if out.lower().endswith(".csv") else words.json_report(result) + "\n")
        except (StoreError, OutputError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(words.text(result))
        answer = {self.BEVINDINGEN: len(result.bevindingen), self.ONGECLAIMD: result.ongeclaimd_totaal}
        return {**answer, self.OUTPUT: out} if out else answer
