"""Scenarios in the store (tables scenario, scenario_wijziging; DESIGN.md §11): read, save, remove, all or nothing.

Only these two tables are ever written here: the plans and their history stay as they are.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from ..model.scenario import Scenario, Wijziging, check_naam, from_row
from .base import Store, StoreError, current_user, now_iso

TABLES = ("scenario", "scenario_wijziging")
W_COLUMNS = ("fid", "scenario", "volgorde", "soort", "filter", "laag", "locatie_fid", "locatie_naam", "parameters")


def _present(store: Store, con: Any) -> bool:
    return set(TABLES) <= set(store.table_names(con))


def scenarios(store: Store, con: Any = None) -> List[Scenario]:
    """Every scenario with its changes (in their order), by name; none in a store without the tables."""
    with store._con(con) as c:
        if not _present(store, c):
            return []
        heads = c.execute("SELECT fid, naam, omschrijving, gemaakt, door FROM scenario ORDER BY naam").fetchall()
        rows = c.execute(f"SELECT {', '.join(W_COLUMNS)} FROM scenario_wijziging ORDER BY scenario, volgorde, fid").fetchall()
    per: Dict[int, List[Wijziging]] = {}
    for r in rows:
        d = dict(zip(W_COLUMNS, r))
        per.setdefault(int(d["scenario"]), []).append(from_row(d))
    return [Scenario(naam=n, omschrijving=o, gemaakt=None if g is None else str(g), door=d, fid=int(f),
                     wijzigingen=tuple(per.get(int(f), ()))) for f, n, o, g, d in heads]


def scenario(store: Store, naam: str, con: Any = None) -> Scenario:
    """One scenario by its name; a Dutch StoreError naming the ones there are."""
    alle = scenarios(store, con)
    for s in alle:
        if s.naam == naam:
            return s
    known = ", ".join(f"'{s.naam}'" for s in alle) or "geen"
    raise StoreError(f"Scenario '{naam}' bestaat niet in {store.label} (scenario's: {known}).")


def _naam_of(store: Store, con: Any, laag: str, fid: int) -> Optional[str]:
    row = con.execute(f'SELECT naam FROM "{laag}" WHERE fid = {store.param}', (int(fid),)).fetchone()
    if row is None:
        raise StoreError(f"Laag {laag}, feature {fid}: bestaat niet; de wijziging is niet opgeslagen.")
    return row[0]


def save(store: Store, naam: str, wijzigingen: Sequence[Wijziging] = (), omschrijving: Optional[str] = None,
         vervang: bool = False, weg: Sequence[int] = ()) -> Scenario:
    """Make or change a scenario in one transaction: its omschrijving (None: as it was), the changes `weg` removed (their
    numbers 1, 2, … as `scenarios` lists them), all changes replaced (`vervang`) or the new ones added after the others.
    A change naming a location that does not exist is refused."""
    naam = check_naam(naam)
    p = store.param
    with store.transaction() as con:
        if not _present(store, con):
            raise StoreError(f"{store.label}: de tabellen voor scenario's ontbreken; migreer de store eerst (migrate).")
        row = con.execute(f"SELECT fid FROM scenario WHERE naam = {p}", (naam,)).fetchone()
        if row is None:
            sid = store.insert_rows(con, "scenario", [{"naam": naam, "omschrijving": omschrijving, "gemaakt": now_iso(),
                                                        "door": current_user()}])[0]
        else:
            sid = int(row[0])
            sets = ["gewijzigd"] + (["omschrijving"] if omschrijving is not None else [])
            con.execute(f"UPDATE scenario SET {', '.join(f'{c} = {p}' for c in sets)} WHERE fid = {p}",
                        (now_iso(), *([omschrijving] if omschrijving is not None else []), sid))
        have = [int(r[0]) for r in con.execute(f"SELECT fid FROM scenario_wijziging WHERE scenario = {p} ORDER BY volgorde, fid",
                                                (sid,)).fetchall()]
        bad = [n for n in weg if not 1 <= n <= len(have)]
        if bad:
            raise StoreError(f"Scenario '{naam}': wijziging {bad[0]} bestaat niet (het heeft er {len(have)}); er is niets opgeslagen.")
        gone = set(have) if vervang else {have[n - 1] for n in weg}
        for f in gone:
            con.execute(f"DELETE FROM scenario_wijziging WHERE fid = {p}", (f,))
        kept = [f for f in have if f not in gone]
        for i, f in enumerate(kept):
            con.execute(f"UPDATE scenario_wijziging SET volgorde = {p} WHERE fid = {p}", (i + 1, f))
        rows = []
        for i, w in enumerate(wijzigingen):
            extra = {"locatie_naam": _naam_of(store, con, w.laag, w.locatie_fid)} if w.laag and w.locatie_fid is not None else {}
            rows.append({**w.row(), **extra, "scenario": sid, "volgorde": len(kept) + i + 1})
        if rows:
            store.insert_rows(con, "scenario_wijziging", rows)
    return scenario(store, naam)


def remove(store: Store, naam: str) -> int:
    """Remove a scenario and its changes (one transaction); returns the changes removed."""
    s = scenario(store, naam)
    p = store.param
    with store.transaction() as con:
        con.execute(f"DELETE FROM scenario_wijziging WHERE scenario = {p}", (s.fid,))
        con.execute(f"DELETE FROM scenario WHERE fid = {p}", (s.fid,))
    return len(s.wijzigingen)


__all__ = ["scenarios", "scenario", "save", "remove"]
