"""almelo_atlas:import — load real data (CBS wijken, EP-online labels, a municipal layer) into a store table."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..core import atlas
from ..core.model.schema import TABLES, table
from ..core.store.base import StoreError
from .base import AtlasAlgorithm, tr

IMPORTABLE = [t.name for t in TABLES if t.name not in ("wijzigingen", "atlas_meta")]
# after the tables: a province's plan list or the atlas's exchange workbook, plans with their blocks (#19)
PLANLIJSTEN = ["planregistratie", "excel", "zeeland"]


class ImportAlgorithm(AtlasAlgorithm):
    LAAG, BRON, BRONLAAG, MAP, VERVANG, OVERSLAAN = "LAAG", "BRON", "BRONLAAG", "MAP", "VERVANG", "OVERSLAAN"

    def name(self) -> str:
        return "import"

    def displayName(self) -> str:  # noqa: N802
        return tr("Gegevens importeren in de store")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Laadt een bron (GeoPackage, shapefile, CSV met x/y, Excel, …) in een laag van de store: velden op naam of "
                  "via DOEL=BRON, omgezet naar EPSG:28992, wijkcode bepaald. Woningblokken noemen hun locatie met laag en "
                  "locatie_fid, of met een kolom locatie (de naam van het project of potloodplan). Rijen die de regels van "
                  "de store breken worden geweigerd met een Nederlandse melding; de rest wordt in één transactie geschreven. "
                  "Planmonitor Wonen (Zeeland): het werkboek heeft geen geometrie; elk plan wordt op Koppel-id of naam aan een "
                  "bestaand project of potloodplan gekoppeld en krijgt de woningblokken uit de categorieën per jaar.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_store_parameter()
        self.addParameter(QgsProcessingParameterEnum(self.LAAG, tr("Laag in de store"),
                                                     options=[f"{table(n).title} ({n})" for n in IMPORTABLE]
                                                     + [tr("Planregistratie: plannen met woningblokken (.gpkg, .gdb, .geojson)"),
                                                        tr("Werkmap van Plannen uitwisselen: plannen met woningblokken (.xlsx)"),
                                                        tr("Planmonitor Wonen (Zeeland): woningblokken van bestaande plannen (.xlsx)")]))
        self.addParameter(QgsProcessingParameterFile(self.BRON, tr("Bron"), behavior=QgsProcessingParameterFile.Behavior.File))
        self.addParameter(QgsProcessingParameterString(self.BRONLAAG, tr("Laag in de bron (bij meerdere lagen)"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.MAP, tr("Velden: DOEL=BRON, komma-gescheiden"), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(self.VERVANG, tr("Bestaande rijen van de laag eerst verwijderen"),
                                                        defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean(self.OVERSLAAN, tr("Planmonitor Wonen: plannen zonder bestaande locatie "
                                                                           "overslaan (anders wordt niets ingelezen)"),
                                                        defaultValue=False))
        self.addOutput(QgsProcessingOutputNumber("GEIMPORTEERD", tr("Aantal geïmporteerde features")))
        self.addOutput(QgsProcessingOutputNumber("GEWEIGERD", tr("Aantal geweigerde features")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        laag = (IMPORTABLE + PLANLIJSTEN)[self.parameterAsEnum(parameters, self.LAAG, context)]
        pairs = [p.strip() for p in (self.parameterAsString(parameters, self.MAP, context) or "").split(",") if p.strip()]
        try:
            mapping = atlas.parse_mapping(pairs, "Veldkoppeling '{m}'")
            rep = atlas.import_layer(store, laag, self.parameterAsFile(parameters, self.BRON, context),
                                     bronlaag=self.parameterAsString(parameters, self.BRONLAAG, context) or None,
                                     mapping=mapping, replace=self.parameterAsBool(parameters, self.VERVANG, context),
                                     overslaan=self.parameterAsBool(parameters, self.OVERSLAAN, context))
        except StoreError as exc:
            raise QgsProcessingException(str(exc)) from exc
        for w in rep.warnings:
            feedback.pushWarning(w)
        for r in rep.refused:
            feedback.reportError(tr("geweigerd: {r}").format(r=r))
        if not rep.saved and rep.refused:  # a replace with a refused row changed nothing
            raise QgsProcessingException(rep.summary())
        feedback.pushInfo(rep.summary())
        return {"GEIMPORTEERD": rep.imported, "GEWEIGERD": len(rep.refused)}
