"""almelo_atlas:validate — schema and data problems of a store."""

from __future__ import annotations

import json

from qgis.core import QgsProcessingException, QgsProcessingOutputNumber, QgsProcessingParameterFileDestination

from ..core import atlas
from ..core.output.files import OutputError, write_text
from .base import AtlasAlgorithm, tr


class ValidateAlgorithm(AtlasAlgorithm):
    OUTPUT = "OUTPUT"
    PROBLEMEN = "PROBLEMEN"

    def name(self) -> str:
        return "validate"

    def displayName(self) -> str:  # noqa: N802
        return tr("Store controleren")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Meldt per probleem de laag, het feature en het veld: ontbrekende tabellen of velden, "
                  "verkeerd coördinatenstelsel, ongeldige geometrie, waarden buiten het domein, negatieve cijfers, "
                  "onbekende opgaven en locaties buiten alle wijken.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_store_parameter()
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, tr("Rapport (JSON)"), fileFilter="JSON (*.json)",
                                                                optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.PROBLEMEN, tr("Aantal problemen")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        problems = atlas.validate(store).problems
        for p in problems:
            feedback.reportError(p.text(), fatalError=False)
        if not problems:
            feedback.pushInfo(tr("Geen problemen gevonden."))
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        result = {self.PROBLEMEN: len(problems)}
        if out:
            try:
                write_text(out, json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=1))
            except OutputError as exc:
                raise QgsProcessingException(str(exc)) from exc
            result[self.OUTPUT] = out
        return result
