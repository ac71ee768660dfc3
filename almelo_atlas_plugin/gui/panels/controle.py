"""The controle panel: the findings of the one selected location (claims against the BAG, status against the
bestemmingsplannen), in the words of core/output/controle.py."""

from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from ...core.figures.controle import Controle
from ...core.output.controle import bevinding_tekst, overgeslagen_tekst


def tr(text: str) -> str:
    return QCoreApplication.translate("ControlePanel", text)


class ControlePanel(QGroupBox):
    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(tr("Controle tegen BAG en bestemmingsplannen"), parent)
        self.setObjectName("controleBox")
        self.setToolTip(tr("Gerealiseerde woningen tegen de BAG-woningen die sinds de start in de locatie zijn gebouwd;"
                           " een harde planologische status (1A–2C) tegen de bestemmingsplannen in de atlas."))
        lay = QVBoxLayout(self)
        self.findings = QLabel(self)
        self.findings.setObjectName("controleLabel")
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.findings)
        self.show_controle(None)

    def show_controle(self, result: Optional[Controle]) -> None:
        """The findings of one location; None: no single location is selected."""
        self.setEnabled(result is not None)
        if result is None:
            self.findings.setText(tr("Selecteer één locatie op de kaart om haar te controleren."))
            return
        lines = [bevinding_tekst(b) for b in result.bevindingen] or [tr("Geen bevindingen.")]
        lines += [overgeslagen_tekst(r) for r in result.overgeslagen]
        self.findings.setText("\n".join(f"• {line}" for line in lines))
