"""Tag and untag locations with stadsopgaven; wijk assignment of locations."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from .model import blokken, geo
from .model.schema import COMPUTED_FIELDS, LOCATION_LAYERS, TABLES_BY_NAME, quote_ident
from .store.base import DbError, Store, StoreError, current_user, now_iso
from .store.messages import LOCATION_NOUN
from .store.snapshot import blocks_of_then, history_wkb

# a project's own fields, not taken from the potloodplan it comes from
PROMOTE_OWN = ("status", "planstatus", "start_jaar", "oplever_jaar", "potloodplan_fid", "bijgewerkt_door", "bijgewerkt_op",
               "versie", "versie_gezien")


class TagError(StoreError):
    """Bad tagging input (unknown layer, feature or opgave); nothing was written."""


def _chunks(values: Sequence[int], size: int = 500) -> Iterator[Sequence[int]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def check_tag_input(store: Store, con, laag: str, fids: Sequence[int], codes: Sequence[str]) -> None:
    if laag not in LOCATION_LAYERS:
        raise TagError(f"Laag '{laag}' kan niet worden getagd; kies uit: {', '.join(LOCATION_LAYERS)}.")
    if not fids:
        raise TagError(f"Laag {laag}: geen locaties opgegeven.")
    if not codes:
        raise TagError("Geen opgave opgegeven (--opgave CODE).")
    known = {r[0] for r in con.execute("SELECT code FROM opgaven")}
    bad = [c for c in codes if c not in known]
    if bad:
        raise TagError(f"Onbekende opgave(n): {', '.join(map(str, bad))}; bekend zijn {', '.join(sorted(known))}.")
    present = set()
    uniq = sorted(set(int(f) for f in fids))
    for chunk in _chunks(uniq):  # SQLite limits the parameters of one statement
        q = ",".join([store.param] * len(chunk))
        present |= {r[0] for r in con.execute(f'SELECT fid FROM "{laag}" WHERE fid IN ({q})', chunk)}
    missing = [f for f in uniq if f not in present]
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        raise TagError(f"Laag {laag}: feature(s) {shown} bestaan niet.")


def tag(store: Store, laag: str, fids: Sequence[int], codes: Sequence[str], remove: bool = False,
        user: Optional[str] = None) -> int:
    """Add (or remove) opgave tags on locations in one transaction; returns rows changed."""
    user = user or current_user()
    p = store.param
    with store.transaction() as con:
        check_tag_input(store, con, laag, fids, codes)
        n = 0
        for fid in sorted(set(int(f) for f in fids)):
            for code in codes:
                if remove:  # who removes the tag is who the history names (the delete records the row's last editor)
                    where = f"WHERE laag = {p} AND locatie_fid = {p} AND opgave_code = {p}"
                    con.execute(f"UPDATE locatie_opgaven SET bijgewerkt_door = {p} {where}", (user, laag, fid, code))
                    n += con.execute(f"DELETE FROM locatie_opgaven {where}", (laag, fid, code)).rowcount
                else:
                    n += con.execute(
                        "INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code, bijgewerkt_door)"
                        f" SELECT {p}, {p}, {p}, {p} WHERE NOT EXISTS (SELECT 1 FROM locatie_opgaven"
                        f" WHERE laag = {p} AND locatie_fid = {p} AND opgave_code = {p})",
                        (laag, fid, code, user, laag, fid, code)).rowcount
        return n


def write_wijk_codes(store: Store, con, laag: str, fids: Optional[Sequence[int]] = None) -> Dict[int, Optional[str]]:
    """Store in `wijk_code` the wijk of each location (all, or `fids`) by the rule of geo.assign_largest
    (None outside every wijk), in the open transaction `con`; returns fid → wijk_code."""
    codes, polys = store.read_geometries("wijken", key="wijk_code", con=con)
    p = store.param
    chunks: List[Sequence[int]] = [[]] if fids is None else [list(c) for c in _chunks(sorted({int(f) for f in fids}))]  # only what changed
    pairs: List[Tuple[int, Any]] = []
    stored: Dict[int, Optional[str]] = {}
    for chunk in chunks:
        where = f"fid IN ({','.join([p] * len(chunk))})" if chunk else ""
        keys, geoms = store.read_geometries(laag, where, chunk, con=con)
        pairs += zip(keys, geoms)
        stored.update(con.execute(f"SELECT fid, wijk_code FROM {quote_ident(laag)}" + (f" WHERE {where}" if where else ""),
                                  chunk).fetchall())
    assigned = geo.assign_largest([g for _, g in pairs], polys, codes)
    changed = [(w, fid) for (fid, _), w in zip(pairs, assigned) if w != stored.get(fid)]
    if changed:
        con.executemany(f"UPDATE {quote_ident(laag)} SET wijk_code = {p} WHERE fid = {p}", changed)
    return {fid: w for (fid, _), w in zip(pairs, assigned)}


def assign_wijken(store: Store, laag: str, fids: Optional[Sequence[int]] = None) -> Dict[int, Optional[str]]:
    """`write_wijk_codes` in a transaction of its own."""
    with store.transaction() as con:
        return write_wijk_codes(store, con, laag, fids)


def wijk_at(store: Store, x: float, y: float) -> Optional[str]:
    """Code of the wijk containing the point (EPSG:28992), None outside every wijk."""
    import numpy as np

    with store.reading() as con:
        codes, polys = store.read_geometries("wijken", key="wijk_code", con=con)
    return geo.assign_points(polys, codes, np.array([x]), np.array([y]))[0]


def locations_in(store: Store, laag: str, gebied: Optional[str] = None, wijk: Optional[str] = None) -> List[int]:
    """fids of the locations of a layer in a gebied (at least half of their area) and/or a wijk (their wijk_code)."""
    if laag not in LOCATION_LAYERS:
        raise TagError(f"Laag '{laag}' heeft geen locaties; kies uit: {', '.join(LOCATION_LAYERS)}.")
    p = store.param
    with store.reading() as con:
        wijk_codes = dict(con.execute(f'SELECT fid, wijk_code FROM "{laag}"').fetchall())
        fids, geoms = store.read_geometries(laag, con=con)
        poly = None
        if gebied is not None:
            found = store.read_geometries("gebieden", f"naam = {p}", (gebied,), con=con)[1]
            if not found:
                names = [r[0] for r in con.execute("SELECT naam FROM gebieden ORDER BY naam")]
                raise TagError(f"Gebied '{gebied}' bestaat niet; bekend zijn: {', '.join(names)}.")
            poly = found[0]
        if wijk is not None and not con.execute(f"SELECT 1 FROM wijken WHERE wijk_code = {p}", (wijk,)).fetchone():
            raise TagError(f"Wijk '{wijk}' bestaat niet.")
    out = []
    inside = set(range(len(fids)))
    if poly is not None:
        inside = {i for i, _, share in geo.overlap_pairs(geoms, [poly]) if share >= geo.GEBIED_MIN_SHARE}
    for i, fid in enumerate(fids):
        if i in inside and (wijk is None or wijk_codes[fid] == wijk):
            out.append(int(fid))
    return out


def _refused(exc: DbError, noun: str, naam: Optional[str], fid: int, what: str, blok: Any = None) -> StoreError:
    """A guard's refusal inside an edit that carries blocks, naming the location (its naam), the block (its fid of then, or
    its segment) and what was not done."""
    text = str(exc)
    if blok is not None:
        text = text.replace("Laag woningblokken, veld", f"Laag woningblokken, blok {blok}, veld")
    return StoreError(f"{noun.capitalize()} {naam or ''} (feature {fid}) {what}: {text}; er is niets gewijzigd.".replace("  ", " "))


BLOCK_COLUMNS = [f for f in TABLES_BY_NAME["woningblokken"].field_names if f not in ("laag", "locatie_fid", "bijgewerkt_door")]


def promote(store: Store, fid: int, planstatus: str = "zacht", status: str = "initiatief", start_jaar: Optional[int] = None,
            oplever_jaar: Optional[int] = None, user: Optional[str] = None) -> int:
    """Potloodplan → project in one transaction: plan fields, programme, blocks, geometry, wijk and tags move along (the
    project is made with zero sums, then its blocks are copied: the database keeps the sums); the project keeps
    `potloodplan_fid` as the link to the potloodplan's history. Returns the new project's fid."""
    user = user or current_user()
    p = store.param
    carried = [f for f in TABLES_BY_NAME["potloodplannen"].field_names
               if f in TABLES_BY_NAME["projecten"].field_names and f not in COMPUTED_FIELDS and f not in PROMOTE_OWN]
    with store.transaction() as con:
        row = con.execute(f"SELECT {', '.join(carried)}, {store.geometry_sql()} FROM potloodplannen WHERE fid = {p}",
                          (int(fid),)).fetchone()
        if row is None:
            raise TagError(f"Laag potloodplannen: feature {fid} bestaat niet.")
        values = dict(zip(carried, row[:-1]))
        values.update(status=status, planstatus=planstatus, start_jaar=start_jaar, oplever_jaar=oplever_jaar,
                      geom=None if row[-1] is None else bytes(row[-1]), potloodplan_fid=int(fid), bijgewerkt_door=user,
                      bijgewerkt_op=now_iso())
        try:
            new = store.insert_rows(con, "projecten", [values])[0]
            cols = ", ".join(BLOCK_COLUMNS)
            copied = cols.replace("jaar", f"COALESCE(jaar, {p})")  # a block without a year: the project's opleverjaar
            con.execute(f"INSERT INTO woningblokken (laag, locatie_fid, {cols}, bijgewerkt_door) SELECT 'projecten', {p}, {copied}, {p}"
                        f" FROM woningblokken WHERE laag = 'potloodplannen' AND locatie_fid = {p} ORDER BY fid",
                        (new, oplever_jaar, user, int(fid)))
        except DbError as exc:
            raise _refused(exc, "potloodplan", values.get("naam"), fid, "is niet omgezet in een project") from None
        con.execute("INSERT INTO locatie_opgaven (laag, locatie_fid, opgave_code, bijgewerkt_door)"
                    f" SELECT 'projecten', {p}, opgave_code, {p} FROM locatie_opgaven WHERE laag = 'potloodplannen' AND locatie_fid = {p}",
                    (new, user, int(fid)))
        con.execute(f"UPDATE potloodplannen SET bijgewerkt_door = {p} WHERE fid = {p}", (user, int(fid)))
        for table in ("locatie_opgaven", "woningblokken"):  # its tags and blocks go with it: the history names who promoted
            con.execute(f"UPDATE {table} SET bijgewerkt_door = {p} WHERE laag = 'potloodplannen' AND locatie_fid = {p}", (user, int(fid)))
        con.execute(f"DELETE FROM potloodplannen WHERE fid = {p}", (int(fid),))
        return int(new)


def blocks_at(store: Store, con, laag: str, fid: int, upto: int) -> List[Dict[str, Any]]:
    """The blocks of location (laag, fid) as they stood right after history row `upto` (blocks without history, made by the
    migration to schema 5, as they are now); each with its fid."""
    from .store.snapshot import states_at

    states = states_at(store, con, "woningblokken", upto, by="wijziging_id")
    p = store.param
    cur = con.execute(f"SELECT fid, {', '.join(BLOCK_COLUMNS)} FROM woningblokken WHERE laag = {p} AND locatie_fid = {p} ORDER BY fid",
                      (laag, int(fid))).fetchall()
    out = [dict(zip(["fid", *BLOCK_COLUMNS], r)) for r in cur if int(r[0]) not in states]
    for bfid, st in sorted(states.items()):
        if st is not None and st.get("laag") == laag and int(st.get("locatie_fid") or -1) == int(fid):
            out.append({"fid": bfid, **{c: st.get(c) for c in BLOCK_COLUMNS}})
    return out


def restore(store: Store, laag: str, fid: int, wijziging_id: int, user: Optional[str] = None) -> None:
    """Bring a location back to the state recorded by one history row (its new values; for a delete, the old ones), with
    its blocks of then (for a row from before schema 5: the blocks its programme makes). The restore is itself a new change
    in the history, in one transaction."""
    if laag not in LOCATION_LAYERS:
        raise TagError(f"Laag '{laag}' heeft geen historie om te herstellen.")
    user = user or current_user()
    table = TABLES_BY_NAME[laag]
    p = store.param
    with store.transaction() as con:
        row = con.execute(f"SELECT actie, oud, nieuw FROM wijzigingen WHERE wijziging_id = {p} AND laag = {p} AND fid = {p}",
                          (int(wijziging_id), laag, int(fid))).fetchone()
        if row is None:
            raise TagError(f"Laag {laag}, feature {fid}: wijziging {wijziging_id} bestaat niet.")
        actie, oud, nieuw = row
        state = json.loads(oud if actie == "delete" else nieuw)
        upto = int(wijziging_id)
        if actie == "delete":  # the blocks just before the delete that took them along (PostGIS records theirs first)
            upto -= 1
            while _deleted_block_of(store, con, upto, laag, fid):
                upto -= 1
        blocks = blocks_of_then(state)  # a state of before schema 5: the blocks of its programme (as at a peildatum)
        if blocks is None:
            blocks = blocks_at(store, con, laag, fid, upto) or blokken.blocks_from_programme(state)
        state.update(bijgewerkt_door=user, bijgewerkt_op=now_iso())
        cols = [f for f in table.field_names if f in state and f not in COMPUTED_FIELDS]
        blok = None
        try:
            con.execute(f"DELETE FROM woningblokken WHERE laag = {p} AND locatie_fid = {p}", (laag, int(fid)))
            if con.execute(f'SELECT 1 FROM "{laag}" WHERE fid = {p}', (int(fid),)).fetchone():
                # a claimed save (versie_gezien = the current versie): an editor who loaded the old version is refused later
                sets = ", ".join([f"{c} = {p}" for c in cols] + [f"geom = {store.geometry_param()}"])
                con.execute(f'UPDATE "{laag}" SET {sets}, versie_gezien = versie WHERE fid = {p}',
                            [*(state[c] for c in cols), store.geometry_value(history_wkb(state.get("geom"))), int(fid)])
            else:  # with zero sums: its blocks follow
                store.insert_rows(con, laag, [{"fid": int(fid), **{c: state[c] for c in cols}, "geom": history_wkb(state.get("geom"))}])
            taken = {r[0] for r in con.execute("SELECT fid FROM woningblokken")}
            for b in blocks:
                blok = b.get("fid") or b["segment"]
                keep = {"fid": b["fid"]} if b.get("fid") is not None and b["fid"] not in taken else {}
                store.insert_rows(con, "woningblokken", [{**keep, "laag": laag, "locatie_fid": int(fid),
                                                          **{c: b.get(c) for c in BLOCK_COLUMNS}, "bijgewerkt_door": user}])
        except DbError as exc:
            raise _refused(exc, LOCATION_NOUN[laag], state.get("naam"), fid, f"is niet hersteld (wijziging {wijziging_id})", blok) from None


def _deleted_block_of(store: Store, con, wid: int, laag: str, fid: int) -> bool:
    """History row `wid` is the delete of a block of location (laag, fid)."""
    row = con.execute(f"SELECT laag, actie, oud FROM wijzigingen WHERE wijziging_id = {store.param}", (wid,)).fetchone()
    if row is None or row[0] != "woningblokken" or row[1] != "delete":
        return False
    old = json.loads(row[2])
    return old.get("laag") == laag and int(old.get("locatie_fid") or -1) == int(fid)
