"""Layer-role keys: the custom properties that mark a project layer (or group) as part of an open atlas."""

from __future__ import annotations

from typing import Optional

ATLAS_PROPERTY = "almelo_atlas/store"  # the store's label: which atlas the layer belongs to
LAAG_PROPERTY = "almelo_atlas/laag"  # the layer's table (role) in the atlas: projecten, wijken, …
TABEL_PROPERTY = "almelo_atlas/tabel"  # the store table behind the layer ('' for a layer of no table)
TITLE_PROPERTY = "almelo_atlas/titel"  # the layer's own title (a peildatum adds a date to its name)
PEILDATUM_PROPERTY = "almelo_atlas/peildatum"  # the layer shows its table as it stood then (empty: now)
WIJK_VARIABLE = "atlas_wijk"  # layer variable on the wijken layer: the chosen wijk's code, read by the wijk style


def laag_of(layer) -> Optional[str]:
    """The atlas table a project layer shows, None for a layer of no atlas."""
    return layer.customProperty(LAAG_PROPERTY) if layer is not None else None
