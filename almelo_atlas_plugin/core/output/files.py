"""Every file written for users is written whole or not at all: a temporary file in the target's folder, then a rename.

The temporary file is anonymous where the system allows it (Linux O_TMPFILE: nothing is left behind even after
kill -9), else a hidden name next to the target. On any failure the temporary file goes and the previous file
stays as it was; success is only reported after the rename.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
from pathlib import Path
from typing import Callable, Iterator, Optional

from ..store.base import StoreError
from ..store.geopackage import work_name

_AT_FDCWD = -100
_AT_EMPTY_PATH = 0x1000


class OutputError(StoreError):
    """An output file could not be written; nothing was changed."""


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return "schijf vol"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "geen schrijfrechten (alleen-lezen)"
    if exc.errno == errno.EISDIR:
        return "is een map"
    return exc.strerror or str(exc)


def failure(path: os.PathLike | str, reason: str) -> OutputError:
    """The one message for an output that was not written."""
    path = Path(path)
    kept = " (het bestaande bestand is ongewijzigd)" if path.is_file() else ""
    return OutputError(f"Uitvoer '{path}': {reason}; er is niets geschreven{kept}.")


def check_target(path: os.PathLike | str) -> Path:
    """The target as a Path, or a Dutch OutputError when it cannot be written (a folder, a missing or read-only folder)."""
    p = Path(path)
    if p.is_dir():
        raise failure(p, "is een map; geef een bestandsnaam")
    if not p.parent.is_dir():
        raise failure(p, f"map '{p.parent}' bestaat niet")
    if not os.access(p.parent, os.W_OK):
        raise failure(p, "geen schrijfrechten (alleen-lezen)")
    return p


def _anonymous(folder: Path) -> Optional[int]:
    """An unnamed file in `folder` (Linux O_TMPFILE), or None where the system has none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o666)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            return None
        raise


def _link(fd: int, name: Path) -> bool:
    """Give the anonymous file a name; False where the system does not allow it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.linkat(fd, b"", _AT_FDCWD, os.fsencode(name), _AT_EMPTY_PATH) == 0:
            return True
    except (OSError, AttributeError):
        pass
    try:
        os.link(f"/proc/self/fd/{fd}", name, follow_symlinks=True)
        return True
    except OSError:
        return False


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_output(target: os.PathLike | str) -> Iterator[str]:
    """Yield a path to write the whole output to; afterwards it replaces `target` in one rename.

    Raises OutputError (Dutch, naming the file) when the folder is read-only or full, the target is a folder, or the
    writer wrote nothing; the previous file at `target` is then untouched and no temporary file remains."""
    path = check_target(target)
    folder = path.parent
    named = work_name(path, "tmp")
    fd: Optional[int] = None
    try:
        fd = _anonymous(folder)
        if fd is None:
            fd = os.open(named, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
            write_path = str(named)
        else:
            write_path = f"/proc/self/fd/{fd}"
        yield write_path
        os.fsync(fd)
        if os.fstat(fd).st_size == 0:
            raise failure(path, "de uitvoer is leeg")
        os.fchmod(fd, _mode(path))
        if write_path != str(named) and not _link(fd, named):
            with open(named, "wb") as out:  # no way to name it: copy
                os.lseek(fd, 0, os.SEEK_SET)
                with os.fdopen(os.dup(fd), "rb") as src:
                    shutil.copyfileobj(src, out)
                out.flush()
                os.fsync(out.fileno())
        os.replace(named, path)
        _sync_folder(folder)
    except OSError as exc:
        raise failure(path, _reason(exc)) from exc
    finally:
        if fd is not None:
            os.close(fd)
        with contextlib.suppress(OSError):
            named.unlink()


def write_text(target: os.PathLike | str, text: str) -> None:
    """A text file (UTF-8), whole or not at all."""
    with atomic_output(target) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)


def write_with(target: os.PathLike | str, writer: Callable[[str], None]) -> None:
    """Call writer(path) on a temporary path, then put the result in place."""
    with atomic_output(target) as tmp:
        writer(tmp)


__all__ = ["OutputError", "atomic_output", "check_target", "failure", "write_text", "write_with"]
