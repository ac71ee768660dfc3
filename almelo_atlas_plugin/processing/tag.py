"""almelo_atlas:tag — tag (or untag) locations with opgaven: the selected locations of a layer, chosen fids, or every
location in a gebied or wijk. The dialog opens on the atlas the dock has open, with its selected locations."""

from __future__ import annotations

from typing import List, Optional

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsVectorLayer,
)

from ..core import atlas
from ..core.model.catalogue import opgaven
from ..core.model.roles import TABEL_PROPERTY
from ..core.model.schema import LOCATION_LAYERS
from ..core.output.layers import loaded_store, location_layers
from ..core.store.base import StoreError
from .base import AtlasAlgorithm, tr


def _selected_location_layer() -> Optional[QgsVectorLayer]:
    """The open atlas's location layer with a selection (else its potloodplannen), to prefill LOCATIES."""
    from qgis.core import QgsProject

    store = loaded_store()
    found = [x for x in location_layers(QgsProject.instance(), store) if x.providerType() != "virtual"] if store else []
    return next((x for x in found if x.selectedFeatureCount()), None) or (found[-1] if found else None)


class TagAlgorithm(AtlasAlgorithm):
    LAAG, OPGAVEN, LOCATIES, FIDS, GEBIED, WIJK, VERWIJDER = "LAAG", "OPGAVEN", "LOCATIES", "FIDS", "GEBIED", "WIJK", "VERWIJDER"

    def name(self) -> str:
        return "tag"

    def displayName(self) -> str:  # noqa: N802
        return tr("Locaties taggen met opgaven")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Voegt opgaven toe aan (of haalt ze weg van) projecten of potloodplannen: de geselecteerde locaties van een "
                  "laag (vink 'Alleen geselecteerde objecten' aan), de opgegeven features, of alle locaties in een gebied "
                  "(minstens de helft van hun oppervlak) of een wijk. Alles of niets: bij een onbekende opgave of feature "
                  "wordt niets geschreven.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_store_parameter()
        self.codes: List[str] = [o["code"] for o in opgaven()]
        self.addParameter(QgsProcessingParameterEnum(
            self.OPGAVEN, tr("Opgaven"), options=[f"{o['code']} {o['naam']}" for o in opgaven()], allowMultiple=True))
        layer = _selected_location_layer()
        default = QgsProcessingFeatureSourceDefinition(layer.id(), True) if layer is not None else None
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.LOCATIES, tr("Locaties (projecten of potloodplannen van de atlas)"), [QgsProcessing.SourceType.TypeVectorPolygon],
            defaultValue=default, optional=True))
        self.addParameter(QgsProcessingParameterEnum(self.LAAG, tr("Of: laag"), options=list(LOCATION_LAYERS), defaultValue=1))
        self.addParameter(QgsProcessingParameterString(self.FIDS, tr("met feature-id's (komma-gescheiden)"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.GEBIED, tr("of alle locaties in gebied (naam)"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.WIJK, tr("of alle locaties in wijk (wijkcode)"), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(self.VERWIJDER, tr("Opgaven verwijderen in plaats van toevoegen"), defaultValue=False))
        self.addOutput(QgsProcessingOutputNumber("GEWIJZIGD", tr("Aantal gewijzigde tags")))

    @staticmethod
    def _layer(value, context) -> Optional[QgsVectorLayer]:
        """The layer behind LOCATIES (an id, a name or a 'selected features only' definition); None when not given."""
        if isinstance(value, QgsProcessingFeatureSourceDefinition):
            value = value.source.staticValue()
        found = QgsProcessingUtils.mapLayerFromString(str(value), context) if value else None
        return found if isinstance(found, QgsVectorLayer) else None

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        codes = [self.codes[i] for i in self.parameterAsEnums(parameters, self.OPGAVEN, context)]
        laag = LOCATION_LAYERS[self.parameterAsEnum(parameters, self.LAAG, context)]
        fids = self.parameterAsString(parameters, self.FIDS, context) or ""
        layer = self._layer(parameters.get(self.LOCATIES), context)
        if layer is not None and not (fids or parameters.get(self.GEBIED) or parameters.get(self.WIJK)):
            laag = str(layer.customProperty(TABEL_PROPERTY) or "")
            if laag not in LOCATION_LAYERS:
                raise QgsProcessingException(tr("Laag '{naam}' is geen laag met projecten of potloodplannen van de atlas.").format(
                    naam=layer.name()))
            source = self.parameterAsSource(parameters, self.LOCATIES, context)
            fids = ",".join(str(f.id()) for f in source.getFeatures())
            if not fids:
                raise QgsProcessingException(tr("Geen locaties geselecteerd in '{naam}': selecteer ze op de kaart.").format(
                    naam=layer.name()))
        try:
            n, m = atlas.tag_where(store, laag, codes, fids=fids,
                                   gebied=self.parameterAsString(parameters, self.GEBIED, context) or None,
                                   wijk=self.parameterAsString(parameters, self.WIJK, context) or None,
                                   remove=self.parameterAsBool(parameters, self.VERWIJDER, context))
        except (StoreError, ValueError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(tr("{n} tag(s) gewijzigd op {m} locaties").format(n=n, m=m))
        return {"GEWIJZIGD": n}
