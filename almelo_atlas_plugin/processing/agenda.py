"""almelo_atlas:agenda — the agenda as one PDF: stad page, then a page per wijk; now or at a peildatum."""

from __future__ import annotations

from qgis.core import QgsProcessingException, QgsProcessingOutputNumber, QgsProcessingParameterFileDestination, QgsProcessingParameterString

from ..core import atlas
from ..core.store.base import StoreError
from .base import AtlasAlgorithm, tr


class AgendaAlgorithm(AtlasAlgorithm):
    WIJKEN = "WIJKEN"
    VERGELIJK = "VERGELIJK"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "agenda"

    def displayName(self) -> str:  # noqa: N802
        return tr("Agenda afdrukken (PDF)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Schrijft één PDF: eerst de stadspagina (kaart, cijfers per wijk, doelen, grafiek), dan een pagina per wijk "
                  "(kaart, profiel, locaties, doelen, grafiek). Leeg laten = alle wijken.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_store_parameter()
        self.addParameter(QgsProcessingParameterString(self.WIJKEN, tr("Wijkcodes (komma-gescheiden, leeg = alle)"), optional=True))
        self.add_peildatum_parameter(tr("de agenda"))
        self.addParameter(QgsProcessingParameterString(
            self.VERGELIJK, tr("Vergelijken met (JJJJ-MM-DD): een hoofdstuk over wat er sindsdien veranderde (leeg = geen)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, tr("Agenda (PDF)"), fileFilter="PDF (*.pdf)"))
        self.addOutput(QgsProcessingOutputNumber("PAGINAS", tr("Aantal pagina's")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        moment = self.peildatum(parameters, context)
        text = self.parameterAsString(parameters, self.WIJKEN, context) or ""
        codes = [c.strip() for c in text.split(",") if c.strip()]
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        try:
            info = atlas.agenda(store, out, wijken=codes, moment=moment,
                                vergelijk=self.parameterAsString(parameters, self.VERGELIJK, context) or None)
        except StoreError as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(tr("Agenda geschreven: {path} ({summary})").format(path=out, summary=info.summary))
        return {self.OUTPUT: out, "PAGINAS": info.pages}
