"""almelo_atlas:tag — tag (or untag) locations with opgaven: chosen fids, or every location in a gebied or wijk."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterString,
)

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
        from ..core.edits import locations_in, tag
        from ..core.model.values import parse_fids

        store = self.store(parameters, context)
        laag = LOCATION_LAYERS[self.parameterAsEnum(parameters, self.LAAG, context)]
        codes = [c.strip() for c in self.parameterAsString(parameters, self.OPGAVEN, context).split(",") if c.strip()]
        fid_text = self.parameterAsString(parameters, self.FIDS, context) or ""
        gebied = self.parameterAsString(parameters, self.GEBIED, context) or None
        wijk = self.parameterAsString(parameters, self.WIJK, context) or None
        try:
            if fid_text.strip():
                fids = parse_fids(fid_text)
            else:
                fids = locations_in(store, laag, gebied=gebied, wijk=wijk) if (gebied or wijk) else []
            if not fids:
                raise StoreError(tr("Geen locaties gekozen: geef feature-id's, een gebied of een wijk."))
            n = tag(store, laag, fids, codes, remove=self.parameterAsBool(parameters, self.VERWIJDER, context))
        except (StoreError, ValueError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(tr("{n} tag(s) gewijzigd op {m} locaties").format(n=n, m=len(fids)))
        return {"GEWIJZIGD": n}
