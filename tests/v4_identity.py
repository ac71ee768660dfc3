"""What migrating a store made before schema 5 must keep: every row and history entry of schema 4, the new columns at
their defaults, one bouw block per non-zero segment, and every roll-up figure schema 4 knew (both backends)."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

from almelo_atlas_plugin.core.model.blokken import blocks_from_programme
from almelo_atlas_plugin.core.model.schema import BLOCK_SUM_FIELDS, LOCATION_LAYERS, TABLES, TABLES_BY_NAME

V4_TABLES = [t.name for t in TABLES if t.name not in ("woningblokken", "realisatiekans_norm", "atlas_meta")]
Rows = Dict[str, List[Dict[str, Any]]]


def kept(before: Rows, after: Rows) -> List[str]:
    """Differences in what schema 4 held (its columns, its rows, in fid order); new columns not at their default."""
    out = []
    for name, rows in before.items():
        new = after[name]
        if name == "atlas_lagen":  # the catalogue gains the layers of this version
            new = [r for r in new if r["laag"] in {o["laag"] for o in rows}]
        if len(rows) != len(new):
            out.append(f"{name}: {len(rows)} rijen, nu {len(new)}")
            continue
        t = TABLES_BY_NAME[name]
        for old, now in zip(rows, new):
            out += [f"{name} {old.get(t.fid_column)} {k}: {v!r} ≠ {now.get(k)!r}" for k, v in old.items()
                    if now.get(k) != v and not (k == "geom" and made_multi(v, now[k]))]
            for f in t.fields:
                if f.name in old or f.name in BLOCK_SUM_FIELDS:
                    continue
                default = None if f.default is None else json.loads(f.default.replace("'", '"'))
                if now[f.name] != default and not (f.type == "BOOLEAN" and bool(now[f.name]) == bool(default)):
                    out.append(f"{name} {old.get(t.fid_column)} {f.name}: {now[f.name]!r}, verwacht {default!r}")
            if name in LOCATION_LAYERS and (now["won_onbekend"], now["won_sloop"], now["won_netto"]) != (0, 0, now["won_totaal"]):
                out.append(f"{name} {old['fid']}: onbekend/sloop/netto {now['won_onbekend']}/{now['won_sloop']}/{now['won_netto']}")
    return out


def made_multi(old: Any, new: Any) -> bool:
    """A Polygon of before kept exactly as the MultiPolygon of its one part (schema 6's leefbaarheid): PostGIS rows
    come as GeoJSON, GeoPackage rows as blobs (their header, with the envelope, unchanged)."""
    if isinstance(old, dict):
        return old.get("type") == "Polygon" and new == {**old, "type": "MultiPolygon", "coordinates": [old["coordinates"]]}
    from shapely import wkb

    from almelo_atlas_plugin.core.store.blobs import header_length, to_wkb

    was, now = wkb.loads(to_wkb(old)), wkb.loads(to_wkb(new))
    n = header_length(old)
    return (was.geom_type == "Polygon" and now.geom_type == "MultiPolygon" and len(now.geoms) == 1
            and now.geoms[0].equals_exact(was, 0) and new[:n] == old[:n])


def blocks_made(before: Rows, after: Rows) -> List[str]:
    """One bouw block per non-zero segment of each location (blokken.blocks_from_programme), nothing else."""
    want = sorted((laag, r["fid"], b["segment"], b["aantal"], b["jaar"], bool(b["gerealiseerd"]))
                  for laag in LOCATION_LAYERS for r in before[laag] for b in blocks_from_programme(r))
    have = sorted((b["laag"], b["locatie_fid"], b["segment"], b["aantal"], b["jaar"], bool(b["gerealiseerd"]))
                  for b in after["woningblokken"] if b["soort"] == "bouw")
    return [] if want == have and len(have) == len(after["woningblokken"]) else [f"blokken: {len(have)} gemaakt, {len(want)} verwacht"]


NEW_FIGURES = ("won_onbekend_", "won_sloop_", "won_netto_", "won_eengezins_", "won_meergezins_", "won_woningtype_onbekend_",
               "won_verwacht")


# figures whose meaning changed on purpose since schema 4: the mean Leefbaarometer class weighs the dwellings in its
# cells (#16), no longer every cell alike
MEANING_CHANGED = ("schema_versie", "leefbaarheid_gem")


def figures_kept(old: Any, new: Any, path: str = "") -> Tuple[List[str], List[Tuple[str, str, Any]]]:
    """(every figure of the schema-4 roll-up `old` that `new` gives otherwise, the names `new` adds with their values)."""
    diffs: List[str] = []
    added: List[Tuple[str, str, Any]] = []
    if isinstance(old, dict) and isinstance(new, dict):
        for k, v in old.items():
            if k in MEANING_CHANGED:
                continue
            if k not in new:
                diffs.append(f"{path}.{k}: ontbreekt")
                continue
            d, a = figures_kept(v, new[k], f"{path}.{k}")
            diffs += d
            added += a
        added += [(path, k, v) for k, v in new.items() if k not in old]
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (u, v) in enumerate(zip(old, new)):
            d, a = figures_kept(u, v, f"{path}[{i}]")
            diffs += d
            added += a
    elif old != new:
        diffs.append(f"{path}: {old!r} ≠ {new!r}")
    return diffs, added


def new_figures_follow(added: List[Tuple[str, str, Any]]) -> List[str]:
    """The figures schema 5 adds, on a migrated store: sloop and segment onbekend 0, netto = bouw, every block's
    woningtype onbekend (eengezins/meergezins 0)."""
    out = []
    for path, k, v in added:
        if not k.startswith(NEW_FIGURES) or isinstance(v, (dict, list)):
            continue
        if k.startswith(("won_onbekend_", "won_sloop_", "won_eengezins_", "won_meergezins_")) and v != 0:
            out.append(f"{path}.{k} = {v}, verwacht 0")
    return out
