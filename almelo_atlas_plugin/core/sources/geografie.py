"""Almelo's real CBS geography, shipped with the plugin: what `init` and `sample` start a store on.

`resources/cbs/almelo_cbs.gpkg`: gemeente, 12 wijken and 71 buurten of the CBS Wijk- en buurtkaart 2021 with the
kerncijfers 2021–2024 (Kadaster / CBS, CC BY 4.0; see the plugin README). Read by the `cbs` reader like any
Wijk- en buurtkaart, so a store started here and one filled by `bron cbs` hold the same rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Mapping, Optional

from ..resources import resource_path
from ..store.base import Store
from . import cbs
from .bronnen import BronInhoud, Telling, registreer, sha256_of

GEMEENTE_CODE = "GM0141"
# the attribution CBS asks for (its data README); every map and page that shows the geography says it


def pad() -> Path:
    return resource_path("cbs", "almelo_cbs.gpkg")


def almelo() -> BronInhoud:
    """The shipped geography read by the `cbs` reader."""
    return cbs.lees(pad(), {"gemeente": GEMEENTE_CODE})


def vul(store: Store, con: Any, inhoud: Optional[BronInhoud] = None,
        prioriteit: Optional[Mapping[str, str]] = None) -> Dict[str, int]:
    """Write gemeente, wijken (with their prioriteit, default regulier), buurten and kerncijfers into an empty store,
    inside the caller's transaction, and record the run in `bronnen`; rows per table."""
    inhoud = inhoud or almelo()
    prioriteit = prioriteit or {}
    rows = {
        "gemeente": inhoud.andere["gemeente"],
        "wijken": [{**r, "prioriteit": prioriteit.get(r["wijk_code"], "regulier")} for r in inhoud.rijen],
        "buurten": inhoud.andere["buurten"],
        "kerncijfers": inhoud.andere["kerncijfers"],
    }
    for table, rs in rows.items():
        store.insert_rows(con, table, rs)
    registreer(store, con, "cbs", inhoud.laag, pad(), sha256_of(pad()), inhoud.peildatum,
               Telling(rijen=len(inhoud.rijen), nieuw=len(inhoud.rijen)), {"gemeente": GEMEENTE_CODE})
    return {t: len(rs) for t, rs in rows.items()}
