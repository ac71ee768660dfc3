"""The controle in words: one Dutch line per finding (tr() for the dock, `vertaald=False` for files), the command line's
table, CSV and JSON. GUI-free."""

from __future__ import annotations

import csv
import io
from typing import Dict, List

from qgis.PyQt.QtCore import QCoreApplication

from ..figures.controle import (
    OVERGESLAGEN_BAG,
    OVERGESLAGEN_BESTEMMINGSPLANNEN,
    ZONDER_BESTEMMINGSPLAN,
    Bevinding,
    Controle,
    Ongeclaimd,
)
from .tables import _grid, fmt, json_text
from .termen import vertaler

VBO_IDS_IN_TEXT = 10  # the table lists this many vbo ids per wijk (CSV and JSON: all)
CSV_COLUMNS = ("bevinding", "laag", "fid", "naam", "wijk_code", "wijk", "geclaimd", "bag", "vanaf", "status_planologisch",
               "aantal", "vbo_ids", "tekst")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Controle", text)


def bevinding_tekst(b: Bevinding, vertaald: bool = True) -> str:
    """One finding of a location as a planner reads it."""
    tr = vertaler(vertaald, _tr)
    if b.soort == ZONDER_BESTEMMINGSPLAN:
        return tr("status {status} (hard), maar geen bestemmingsplan onder de locatie").format(status=b.status_planologisch)
    line = (tr("claimt {geclaimd} gerealiseerd, 1 BAG-woning gebouwd sinds {jaar}") if b.bag == 1
            else tr("claimt {geclaimd} gerealiseerd, {bag} BAG-woningen gebouwd sinds {jaar}"))
    return line.format(geclaimd=fmt(b.geclaimd), bag=fmt(b.bag), jaar=b.vanaf)


def ongeclaimd_tekst(o: Ongeclaimd, sinds: int, vertaald: bool = True) -> str:
    """BAG dwellings of one wijk that no plan claims, with what to do."""
    tr = vertaler(vertaald, _tr)
    return tr("{n} BAG-woningen gebouwd sinds {jaar} liggen in geen plan: teken het project of potloodplan in,"
              " of controleer de BAG").format(n=fmt(o.aantal), jaar=sinds)


def overgeslagen_tekst(reden: str, vertaald: bool = True) -> str:
    tr = vertaler(vertaald, _tr)
    return {OVERGESLAGEN_BESTEMMINGSPLANNEN: tr("geen bestemmingsplannen in de atlas; controle overgeslagen"),
            OVERGESLAGEN_BAG: tr("geen BAG-woningen in de atlas (woningvoorraad is leeg); controle overgeslagen")}[reden]


def samenvatting(c: Controle, vertaald: bool = True) -> str:
    """The one line every face ends with: what was checked and how much was found."""
    tr = vertaler(vertaald, _tr)
    locaties = len({(b.laag, b.fid) for b in c.bevindingen})
    return tr("{n} locaties gecontroleerd: {b} bevindingen bij {l} locaties; {o} nieuwe BAG-woningen (sinds {jaar})"
             " in geen plan, in {w} wijken").format(n=fmt(c.locaties), b=fmt(len(c.bevindingen)), l=fmt(locaties),
                                                   o=fmt(c.ongeclaimd_totaal), jaar=c.sinds, w=fmt(len(c.ongeclaimd)))


def _laag(laag: str) -> str:
    return {"projecten": "project", "potloodplannen": "potloodplan"}.get(laag, laag)


def _wijk(code, naam) -> str:
    return f"{naam} ({code})" if naam else (code or "buiten de wijken")


def text(c: Controle) -> str:
    """The command line's Dutch report: the locations' findings, the unclaimed BAG dwellings per wijk, the summary."""
    out = [f"Controle van de plannen tegen de BAG en de bestemmingsplannen (nieuwbouw sinds {c.sinds})", ""]
    out += [f"Let op: {overgeslagen_tekst(r, vertaald=False)}." for r in c.overgeslagen]
    out += [""] if c.overgeslagen else []
    out.append("Bevindingen per locatie")
    if c.bevindingen:
        rows = [[_laag(b.laag), str(b.fid), b.naam or "", _wijk(b.wijk_code, b.wijk),
                 bevinding_tekst(b, vertaald=False)] for b in c.bevindingen]
        out.append(_grid(["Laag", "Fid", "Naam", "Wijk", "Bevinding"], rows))
    else:
        out.append("geen")
    out += ["", f"Nieuwe BAG-woningen (bouwjaar {c.sinds} of later) die geen plan claimt"]
    if c.ongeclaimd:
        with_ids = any(o.vbo_ids for o in c.ongeclaimd)  # a woningvoorraad not from the BAG has none: no column
        rows = []
        for o in c.ongeclaimd:
            ids = ", ".join(o.vbo_ids[:VBO_IDS_IN_TEXT]) + (f" … (+{len(o.vbo_ids) - VBO_IDS_IN_TEXT})"
                                                            if len(o.vbo_ids) > VBO_IDS_IN_TEXT else "")
            rows.append([_wijk(o.wijk_code, o.wijk), fmt(o.aantal)] + ([ids or "geen"] if with_ids else []))
        out.append(_grid(["Wijk", "Woningen"] + (["Verblijfsobjecten (vbo-id)"] if with_ids else []), rows))
        out.append("Tip: teken het project of potloodplan in waar deze woningen bij horen, of controleer de BAG.")
    else:
        out.append("geen")
    out += ["", samenvatting(c, vertaald=False) + "."]
    return "\n".join(out)


def rows(c: Controle) -> List[Dict[str, object]]:
    """One row per finding and per wijk with unclaimed dwellings (the CSV)."""
    out: List[Dict[str, object]] = []
    for b in c.bevindingen:
        out.append({"bevinding": b.soort, "laag": b.laag, "fid": b.fid, "naam": b.naam, "wijk_code": b.wijk_code, "wijk": b.wijk,
                    "geclaimd": b.geclaimd, "bag": b.bag, "vanaf": b.vanaf, "status_planologisch": b.status_planologisch,
                    "tekst": bevinding_tekst(b, vertaald=False)})
    for o in c.ongeclaimd:
        out.append({"bevinding": "bag_zonder_plan", "wijk_code": o.wijk_code, "wijk": o.wijk, "vanaf": c.sinds,
                    "aantal": o.aantal, "vbo_ids": " ".join(o.vbo_ids), "tekst": ongeclaimd_tekst(o, c.sinds, vertaald=False)})
    for r in c.overgeslagen:
        out.append({"bevinding": r, "tekst": overgeslagen_tekst(r, vertaald=False)})
    return out


def csv_text(c: Controle) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows(c))
    return buf.getvalue()


def json_report(c: Controle) -> str:
    data = c.to_json()
    data["samenvatting"] = samenvatting(c, vertaald=False)
    for b, d in zip(c.bevindingen, data["bevindingen"]):
        d["tekst"] = bevinding_tekst(b, vertaald=False)
    for o, d in zip(c.ongeclaimd, data["ongeclaimd"]):
        d["tekst"] = ongeclaimd_tekst(o, c.sinds, vertaald=False)
    return json_text(data)


__all__ = ["bevinding_tekst", "ongeclaimd_tekst", "overgeslagen_tekst", "samenvatting", "text", "rows", "csv_text",
           "json_report"]
