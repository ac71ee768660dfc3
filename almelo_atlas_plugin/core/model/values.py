"""Numbers and ids that users give (command line, Processing): parsed and bounded here, refused in one Dutch line.

Every face calls these; a bound lives only here (years: schema.YEAR_RANGE).
"""

from __future__ import annotations

import math
from typing import Dict, Iterable, List, Tuple

from ..store.base import StoreError
from .schema import YEAR_RANGE

FID_RANGE = (1, 2**63 - 1)  # a feature id: a positive 64-bit integer (GeoPackage and PostgreSQL)
SEED_RANGE = (0, 2**32 - 1)
WONINGEN_RANGE = (0, 2_000_000)  # synthetic sample sizes
LOCATIES_RANGE = (0, 100_000)
NORM_RANGE = (0.5, 5.0)  # planoverschot: 1,30 = 130 % of the demand
PORT_RANGE = (0, 65535)  # `serve --port` (0: a free port)
SURPLUS_NORM = 1.30  # the default norm (agenda: plan capacity 130 % of the demand)
JAAR_RANGE = YEAR_RANGE

__all__ = ["ArgumentError", "FID_RANGE", "SEED_RANGE", "WONINGEN_RANGE", "LOCATIES_RANGE", "NORM_RANGE", "PORT_RANGE", "SURPLUS_NORM", "JAAR_RANGE",
           "one_line", "shown", "bounded_int", "bounded_float", "parse_fids"]


class ArgumentError(StoreError):
    """A number or id outside its bounds, or no number at all; nothing was done."""


def one_line(text: str) -> str:
    """Text for a one-line message: newlines, NUL and other control characters escaped (\\n, \\x00)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def shown(text: object, limit: int = 40) -> str:
    """User text quoted for a one-line message: control characters escaped, long text cut."""
    s = str(text)
    return f"'{one_line(s[:limit])}{'…' if len(s) > limit else ''}'"


def _nl(x: float) -> str:
    """Dutch notation: 1.000.000 and 0,5 (years stay 2050)."""
    return (f"{x:,}" if abs(x) >= 10_000 else f"{x}").replace(",", "_").replace(".", ",").replace("_", ".")


def _refuse(text: object, what: str, bounds: Tuple[float, float], naam: str) -> ArgumentError:
    lo, hi = bounds
    prefix = f"{naam} " if naam else ""
    return ArgumentError(f"{prefix}{shown(text)} is geen {what} van {_nl(lo)} tot en met {_nl(hi)}.")


def bounded_int(text: object, bounds: Tuple[int, int], naam: str = "") -> int:
    """A whole number within `bounds` (inclusive), from text or a number."""
    try:
        value = int(text.strip() if isinstance(text, str) else text)  # type: ignore[call-overload]
        ok = bounds[0] <= value <= bounds[1] and not (isinstance(text, float) and text != value)
    except (ValueError, TypeError, OverflowError):
        ok = False
    if not ok:
        raise _refuse(text, "geheel getal", bounds, naam)
    return value


def bounded_float(text: object, bounds: Tuple[float, float], naam: str = "") -> float:
    """A finite number within `bounds` (inclusive), from text ('1.3' or '1,3') or a number."""
    try:
        value = float(text.strip().replace(",", ".")) if isinstance(text, str) else float(text)  # type: ignore[arg-type]
        ok = math.isfinite(value) and bounds[0] <= value <= bounds[1]
    except (ValueError, TypeError, OverflowError):
        ok = False
    if not ok:
        raise _refuse(text, "getal", bounds, naam)
    return value


def parse_fids(text: str) -> List[int]:
    """'3,7, 12' → [3, 7, 12]: feature ids, each a positive 64-bit integer."""
    return [bounded_int(part, FID_RANGE, "feature-id") for part in str(text).split(",") if part.strip()]


def parse_pairs(pairs: Iterable[str], what: str, vorm: str) -> Dict[str, str]:
    """'A=B' pairs → {a: b}; a pair without '=' refused naming it (`what` with {m}) and the form it takes (`vorm`)."""
    out = {}
    for m in pairs:
        if "=" not in m:
            raise ArgumentError(f"{what.format(m=m)}: gebruik {vorm}")
        a, b = m.split("=", 1)
        out[a.strip()] = b.strip()
    return out
