"""The store's guards and history triggers as installed, compared with what this version generates.

Each guard (a trigger; on PostGIS also its function) is compared by name with the generated SQL, whitespace
normalised. `atlas_meta` keeps a fingerprint (a hash per guard) of what was installed last: a guard that differs
from today's generation but still hashes to the recorded value is *verouderd* (an older plugin made it; migration
reinstalls it), one that differs from the recorded value is *gewijzigd* (tampered or broken: write commands refuse
until `validate --herstel`). A store without a fingerprint (made before it existed) counts as verouderd.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Dict, List, Optional

from .base import StoreError

FINGERPRINT_KEY = "bewaking_sha256"
REPAIR = "herstel ze met: python -m almelo_atlas_plugin validate STORE --herstel (PostGIS: als beheerder)"


@dataclass(frozen=True)
class GuardProblem:
    naam: str
    soort: str  # ontbreekt | gewijzigd | onbekend
    verouderd: bool  # an older generation, not a change by hand

    def text(self) -> str:
        if self.verouderd:
            return {"ontbreekt": "nieuw in deze versie, nog niet geïnstalleerd",
                    "gewijzigd": "van een oudere versie (wordt bij migratie vernieuwd)",
                    "onbekend": "van een oudere versie, vervalt bij migratie"}[self.soort]
        return {"ontbreekt": "ontbreekt (verwijderd)", "gewijzigd": "is gewijzigd ten opzichte van wat de atlas installeerde",
                "onbekend": "is niet door de atlas geïnstalleerd"}[self.soort]


def normalise(sql: str, schema: Optional[str] = None) -> str:
    """SQL compared without quotes, schema prefix or differences in whitespace."""
    text = sql.replace('"', "")
    if schema:
        text = re.sub(rf"\b{re.escape(schema)}\.", "", text)
    return " ".join(text.split())


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprint(guards: Dict[str, str]) -> str:
    """The value kept in atlas_meta: a hash per guard (JSON)."""
    return json.dumps({k: _hash(v) for k, v in sorted(guards.items())}, sort_keys=True)


def generated(store, con) -> Dict[str, str]:
    return store.generated_guards(con)


def installed(store, con) -> Dict[str, str]:
    return store.installed_guards(con)


def recorded(con) -> Optional[Dict[str, str]]:
    try:
        row = con.execute(f"SELECT waarde FROM atlas_meta WHERE sleutel = '{FINGERPRINT_KEY}'").fetchone()
        return json.loads(row[0]) if row and row[0] else None
    except (ValueError, TypeError):
        return {}  # unreadable: nothing is vouched for
    except Exception:  # no atlas_meta (an old store): no fingerprint
        return None


def problems(store, con) -> List[GuardProblem]:
    """Every guard that is missing, altered or unknown, each marked verouderd (older generation) or not (tampered)."""
    gen, inst, rec = generated(store, con), installed(store, con), recorded(con)
    out = []
    for name in sorted(gen.keys() | inst.keys()):
        g, i = gen.get(name), inst.get(name)
        if g == i:
            continue
        if rec is None:
            old = True
        elif i is None:
            old = name not in rec
        else:
            old = rec.get(name) == _hash(i)
        out.append(GuardProblem(name, "ontbreekt" if i is None else "onbekend" if g is None else "gewijzigd", old))
    return out


def needs_update(store, con) -> bool:
    """Only older generations (or no fingerprint yet), or indexes unlike this version's: what migration renews without asking."""
    found = problems(store, con)
    return (bool(found) and all(p.verouderd for p in found)) or (not found and recorded(con) is None) \
        or (not found and bool(index_problems(store, con)))


def index_problems(store, con) -> List[str]:
    """The atlas indexes that are missing, differ or are of an older version (migration aligns them)."""
    from .rules import index_problems as differ

    return differ(store.installed_indexes(con), set(store.table_names(con)))


def check(store, con) -> None:
    """Refuse a write on a store whose guards are missing, altered or outdated: one Dutch line with the way out."""
    found = problems(store, con)
    if not found:
        return
    first = found[0]
    what = "zijn van een oudere versie" if all(p.verouderd for p in found) else "ontbreken of zijn gewijzigd"
    raise StoreError(f"Store {store.label}: {len(found)} databaseregel(s) {what} (o.a. {first.naam}: {first.text()}); "
                     f"er is niets opgeslagen. {REPAIR[0].upper()}{REPAIR[1:]}.")


def reinstall(store, con, owner: bool = True) -> None:
    """Install the generated guards and record their fingerprint, in the caller's transaction (PostGIS: as the store's
    owner, or as a beheerder through the owner's repair function)."""
    store.install_guards(con, owner=owner)
    store.set_meta(con, FINGERPRINT_KEY, fingerprint(installed(store, con)))


def repair(store) -> int:
    """`validate --herstel`: reinstall the generated guards and functions in one transaction; returns how many differed.
    On PostGIS only the store's beheerder (the owner of its tables) may; anyone else gets one line and nothing changes."""
    owner, may_run = store.may_repair()
    if not may_run:
        raise StoreError(f"Store {store.label}: alleen een beheerder (rol atlas_beheerder of de eigenaar van het schema) kan de "
                         "databaseregels herstellen; er is niets gewijzigd.")
    with store.transaction(guarded=False) as con:
        found = problems(store, con)
        fn = getattr(store, "repair_function", None)
        if not owner and any(p.naam == fn for p in found):
            raise StoreError(f"Store {store.label}: de herstelfunctie {fn} zelf ontbreekt of is gewijzigd; alleen de "
                             "eigenaar van het schema kan de databaseregels herstellen. Er is niets gewijzigd.")
        reinstall(store, con, owner=owner)
    return len(found)


__all__ = ["FINGERPRINT_KEY", "GuardProblem", "normalise", "fingerprint", "generated", "installed", "recorded", "problems",
           "needs_update", "index_problems", "check", "reinstall", "repair"]
