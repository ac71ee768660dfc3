"""Times given by and shown to users: Dutch time (Europe/Amsterdam, summer and winter time); history stores UTC.

One parser for every face (command line, Processing, dock): `parse_peildatum`.
- A date alone (2021-01-01, 20210101 or 01-01-2021) means the end of that day in Amsterdam.
- A date and time (2021-01-01T14:45, '2021-01-01 14:45:30', '01-01-2021 14:45') is Amsterdam time, unless it
  carries Z or an offset (2021-01-01T13:45Z, …+02:00).
- A time that does not exist (the hour skipped when summer time starts) is refused; a time that occurs twice
  (the hour repeated when it ends) is the first of the two, in summer time.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Optional

try:
    from zoneinfo import ZoneInfo

    ZONE: _dt.tzinfo = ZoneInfo("Europe/Amsterdam")
except Exception:  # no tz database on this machine: Dutch winter time all year
    ZONE = _dt.timezone(_dt.timedelta(hours=1), "CET")

UTC = _dt.timezone.utc
_DMY = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})(.*)$")
_END_OF_DAY = _dt.timedelta(milliseconds=1)

__all__ = ["ZONE", "parse_datum", "parse_peildatum", "peildatum_label", "local_iso", "local_time"]


def _refuse(text: str, why: str = "is geen datum (JJJJ-MM-DD, JJJJMMDD of DD-MM-JJJJ) of datum-tijd "
                                     "(JJJJ-MM-DDTUU:MM, Nederlandse tijd)") -> Exception:
    from ..store.base import StoreError
    from .values import shown

    return StoreError(f"Peildatum {shown(text)} {why}.")


def _utc_text(t: _dt.datetime) -> str:
    t = t.astimezone(UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def _ymd(raw: str) -> str:
    """Dutch order (01-01-2021[ 14:45]) turned round; other text as it is."""
    s = raw.strip()
    m = _DMY.match(s)
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}{m.group(4)}" if m else s


def _date(s: str) -> Optional[_dt.date]:
    """A date alone (2021-01-01 or 20210101), None for other text; ValueError for a day that does not exist."""
    if not re.fullmatch(r"\d{4}-?\d{2}-?\d{2}", s):
        return None
    return _dt.date.fromisoformat(s if "-" in s else f"{s[:4]}-{s[4:6]}-{s[6:]}")


def parse_datum(text: str) -> str:
    """A date as users write it (2026-11-01, 20261101, 01-11-2026) → ISO '2026-11-01' (a source's stand)."""
    raw = text if isinstance(text, str) else ""
    try:
        d = _date(_ymd(raw))
    except ValueError:
        d = None
    if d is None:
        raise _refuse(raw, "is geen datum (JJJJ-MM-DD, JJJJMMDD of DD-MM-JJJJ)")
    return d.isoformat()


def parse_peildatum(text: str) -> str:
    """A peildatum as users write it → the UTC moment history times are compared with ('…T22:59:59.999Z')."""
    raw = text if isinstance(text, str) else ""
    s = _ymd(raw)
    try:
        d = _date(s)
        if d is not None:  # a date: the end of that day in Amsterdam
            start_next = _dt.datetime.combine(d + _dt.timedelta(days=1), _dt.time(), ZONE)
            return _utc_text(start_next.astimezone(UTC) - _END_OF_DAY)
        if not re.match(r"\d{4}-?\d{2}-?\d{2}[T ]\d", s):
            raise ValueError(s)
        t = _dt.datetime.fromisoformat(s.replace("z", "Z").replace("Z", "+00:00"))
        if t.tzinfo is None:
            local = t.replace(tzinfo=ZONE)
            if local.astimezone(UTC).astimezone(ZONE).replace(tzinfo=None) != t:
                raise _refuse(raw, "bestaat niet in Nederlandse tijd (de klok ging van 02:00 naar 03:00)")
            t = local
        return _utc_text(t)
    except (ValueError, OverflowError):
        raise _refuse(raw) from None


def _amsterdam(moment: str) -> _dt.datetime:
    """A stored UTC moment ('…Z') in Amsterdam time."""
    return _dt.datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(ZONE)


def local_iso(moment: str) -> str:
    """A UTC moment ('…Z') as ISO text in Amsterdam time with its offset ('2021-01-01T23:59:59.999+01:00')."""
    return _amsterdam(moment).isoformat(timespec="milliseconds")


def peildatum_label(moment: str) -> str:
    """For people: '01-01-2021' for the end of a day, else '01-01-2021 14:45' (Amsterdam time)."""
    t = _amsterdam(moment)
    if (t + _END_OF_DAY).time() == _dt.time():
        return f"{t:%d-%m-%Y}"
    return f"{t:%d-%m-%Y %H:%M}"


def local_time(value: Any, seconds: bool = True) -> str:
    """A stored history time (UTC text or a datetime) as 'DD-MM-JJJJ UU:MM[:SS]' in Amsterdam time."""
    t: Optional[_dt.datetime] = value if isinstance(value, _dt.datetime) else None
    if t is None:
        try:
            t = _dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return str(value)
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.astimezone(ZONE).strftime("%d-%m-%Y %H:%M:%S" if seconds else "%d-%m-%Y %H:%M")
