"""almelo_atlas:bron_<soort> — bring a base layer up to date from a real source file, one algorithm per soort (group
Bronnen); the options are the ones the soort's reader takes (atlas.bron_opties)."""

from __future__ import annotations

from typing import List

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..core import atlas
from ..core.store.base import StoreError
from .base import AtlasAlgorithm, tr

COUNTS = ("RIJEN", "GEWEIGERD", "NIEUW", "GEWIJZIGD", "VERVALLEN")


class BronAlgorithm(AtlasAlgorithm):
    BESTAND = "BESTAND"

    def __init__(self, soort: str):
        super().__init__()
        self.soort = soort

    def createInstance(self):  # noqa: N802
        return BronAlgorithm(self.soort)

    def name(self) -> str:
        return f"bron_{self.soort.replace('-', '_')}"

    def displayName(self) -> str:  # noqa: N802
        return tr("Bron bijwerken: {naam}").format(naam=atlas.bron_soorten()[self.soort])

    def group(self) -> str:
        return tr("Bronnen")

    def groupId(self) -> str:  # noqa: N802
        return "bronnen"

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Werkt een basislaag van de store bij uit een bestand van de bron, in één transactie: rijen gekoppeld op "
                  "het eigen id van de bron (nieuw, gewijzigd, vervallen), wijk en buurt bepaald, de run vastgelegd in de "
                  "tabel bronnen. Rijen die niet bruikbaar zijn worden geweigerd met de reden; hetzelfde bestand nog eens "
                  "inlezen verandert niets en zegt dat.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_store_parameter()
        self.addParameter(QgsProcessingParameterFile(self.BESTAND, tr("Bestand van de bron"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File))
        for naam, o in atlas.bron_opties(self.soort).items():
            if o.soort == "bestand":
                self.addParameter(QgsProcessingParameterFile(naam.upper(), o.label, optional=True,
                                                             behavior=QgsProcessingParameterFile.Behavior.File))
            else:
                self.addParameter(QgsProcessingParameterString(naam.upper(), o.label, optional=True))
        for name in COUNTS:
            self.addOutput(QgsProcessingOutputNumber(name, name.lower()))
        self.addOutput(QgsProcessingOutputString("SAMENVATTING", tr("Samenvatting")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        store = self.store(parameters, context)
        opties = {naam: self.parameterAsString(parameters, naam.upper(), context) or None for naam in atlas.bron_opties(self.soort)}
        try:
            res = atlas.bron(store, self.soort, self.parameterAsFile(parameters, self.BESTAND, context), opties)
        except StoreError as exc:
            raise QgsProcessingException(str(exc)) from exc
        for r in res.weigeringen:
            feedback.reportError(tr("geweigerd: {r}").format(r=r))
        for m in res.meldingen:
            feedback.pushWarning(m)
        feedback.pushInfo(res.samenvatting())
        t = res.telling
        return {"RIJEN": t.rijen, "GEWEIGERD": t.geweigerd, "NIEUW": t.nieuw, "GEWIJZIGD": t.gewijzigd,
                "VERVALLEN": t.vervallen, "SAMENVATTING": res.samenvatting()}


def algorithms() -> List[BronAlgorithm]:
    return [BronAlgorithm(soort) for soort in atlas.bron_soorten()]
