"""almelo_atlas:scenario — make or change a scenario (changes on top of the plans, DESIGN.md §11);
almelo_atlas:scenarios — every scenario against the goals and the current plans, to JSON or Excel."""

from __future__ import annotations

from typing import List

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..core import atlas
from ..core.output import scenario as words
from ..core.output.files import OutputError
from ..core.store.base import StoreError
from .base import AtlasAlgorithm, tr


class ScenarioAlgorithm(AtlasAlgorithm):
    NAAM = "NAAM"
    OMSCHRIJVING = "OMSCHRIJVING"
    WIJZIGINGEN = "WIJZIGINGEN"
    VERVANG = "VERVANG"

    def name(self) -> str:
        return "scenario"

    def displayName(self) -> str:  # noqa: N802
        return tr("Scenario maken of wijzigen")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Een scenario is een benoemde set wijzigingen bovenop de plannen; de plannen zelf blijven zoals ze zijn. "
                  "Eén wijziging per regel, bijv. 'vervallen status_planologisch=4B', 'uitstel 2 wijk=WK014110', "
                  "'realisatiekans 40 status_planologisch=3', 'locatie projecten:12 oplever_jaar=2032 koop=20' of "
                  "'potloodplan 7 oplever_jaar=2029'.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_store_parameter()
        self.addParameter(QgsProcessingParameterString(self.NAAM, tr("Naam van het scenario")))
        self.addParameter(QgsProcessingParameterString(self.OMSCHRIJVING, tr("Omschrijving"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.WIJZIGINGEN, tr("Wijzigingen (één per regel)"), multiLine=True,
                                                       optional=True))
        self.addParameter(QgsProcessingParameterBoolean(self.VERVANG, tr("Bestaande wijzigingen vervangen"), defaultValue=False))
        self.addOutput(QgsProcessingOutputNumber("WIJZIGINGEN_TOTAAL", tr("Wijzigingen in het scenario")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        naam = self.parameterAsString(parameters, self.NAAM, context)
        regels = [r for r in self.parameterAsString(parameters, self.WIJZIGINGEN, context).splitlines() if r.strip()]
        omschrijving = self.parameterAsString(parameters, self.OMSCHRIJVING, context) or None
        try:
            s = atlas.save_scenario(store, naam, regels, omschrijving=omschrijving,
                                    vervang=self.parameterAsBool(parameters, self.VERVANG, context))
        except StoreError as exc:
            raise QgsProcessingException(str(exc)) from exc
        for i, w in enumerate(s.wijzigingen, start=1):
            feedback.pushInfo(f"{i}. {w.tekst}")
        return {"WIJZIGINGEN_TOTAAL": len(s.wijzigingen)}


class ScenariosAlgorithm(AtlasAlgorithm):
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "scenarios"

    def displayName(self) -> str:  # noqa: N802
        return tr("Scenario's naast de doelen")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Elk scenario naast de doelen en de huidige plannen: stad, doelen, per jaar tegen vraag en norm, opgaven en "
                  "wijken. Uitvoer: JSON of Excel.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_store_parameter()
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, tr("Uitvoer"), fileFilter="Excel (*.xlsx);;JSON (*.json)"))
        self.addOutput(QgsProcessingOutputNumber("SCENARIOS", tr("Scenario's")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        try:
            v = atlas.compare_scenarios(store)
            if out.lower().endswith(".json"):
                from ..core.output.files import write_text

                write_text(out, words.json_report(v) + "\n")
            else:
                words.write_xlsx(v, out)
        except (StoreError, OutputError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(words.table_text(v))
        return {self.OUTPUT: out, "SCENARIOS": len(v["scenarios"])}


def algorithms() -> List[AtlasAlgorithm]:
    return [ScenarioAlgorithm(), ScenariosAlgorithm()]
