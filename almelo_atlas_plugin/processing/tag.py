"""almelo_atlas:tag — tag (or untag) locations with opgaven: chosen fids, or every location in a gebied or wijk."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterString,
)

from ..core import atlas
from ..core.model.schema import LOCATION_LAYERS
from ..core.store.base import StoreError
from .base import AtlasAlgorithm, tr


class TagAlgorithm(AtlasAlgorithm):
    LAAG, OPGAVEN, FIDS, GEBIED, WIJK, VERWIJDER = "LAAG", "OPGAVEN", "FIDS", "GEBIED", "WIJK", "VERWIJDER"

    def name(self) -> str:
        return "tag"

    def displayName(self) -> str:  # noqa: N802
        return tr("Locaties taggen met opgaven")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Voegt opgaven toe aan (of haalt ze weg van) projecten of potloodplannen: de opgegeven features, of alle "
                  "locaties in een gebied (minstens de helft van hun oppervlak) of een wijk. Alles of niets: bij een onbekende "
                  "opgave of feature wordt niets geschreven.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_store_parameter()
        self.addParameter(QgsProcessingParameterEnum(self.LAAG, tr("Laag"), options=list(LOCATION_LAYERS), defaultValue=1))
        self.addParameter(QgsProcessingParameterString(self.OPGAVEN, tr("Opgaven (codes, komma-gescheiden, bv. 3.4,3.2)")))
        self.addParameter(QgsProcessingParameterString(self.FIDS, tr("Feature-id's (komma-gescheiden)"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.GEBIED, tr("Of: alle locaties in gebied (naam)"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.WIJK, tr("Of: alle locaties in wijk (wijkcode)"), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(self.VERWIJDER, tr("Opgaven verwijderen in plaats van toevoegen"), defaultValue=False))
        self.addOutput(QgsProcessingOutputNumber("GEWIJZIGD", tr("Aantal gewijzigde tags")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        laag = LOCATION_LAYERS[self.parameterAsEnum(parameters, self.LAAG, context)]
        codes = [c.strip() for c in self.parameterAsString(parameters, self.OPGAVEN, context).split(",") if c.strip()]
        try:
            n, m = atlas.tag_where(store, laag, codes, fids=self.parameterAsString(parameters, self.FIDS, context) or "",
                                   gebied=self.parameterAsString(parameters, self.GEBIED, context) or None,
                                   wijk=self.parameterAsString(parameters, self.WIJK, context) or None,
                                   remove=self.parameterAsBool(parameters, self.VERWIJDER, context))
        except (StoreError, ValueError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(tr("{n} tag(s) gewijzigd op {m} locaties").format(n=n, m=m))
        return {"GEWIJZIGD": n}
