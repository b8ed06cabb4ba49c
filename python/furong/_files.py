"""Atomic, durable file writes for the Python writers (the report), with the guarantee of
the C++ savers (docs/reliability.md, "Durability"): the file holds its old content or its
new content, never a part; every failure is a :class:`furong.FileError` naming the path."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Union

from ._errors import FileError

__all__ = ["write_atomic"]

#: Prefix of a temporary a write in progress uses (the same as the C++ savers').
TEMP_PREFIX = ".furong-tmp."


def _fail(e: OSError, path: Union[str, Path], doing: str) -> FileError:
    return FileError(e.errno or 0, f"{e.filename or path}: {doing}: {e.strerror or e}", str(e.filename or path))


def write_atomic(path: Union[str, Path], data: Union[str, bytes]) -> None:
    """Write ``data`` (``str`` as UTF-8) to ``path`` atomically and durably: a temporary in
    the same directory, every byte written and fsynced, renamed over ``path``, the directory
    fsynced. The directory is created if needed. O(len(data)).

    Raises
    ------
    FileError
        (an OSError) naming the path: full disk, read-only directory, permission, a file
        where a directory should be. ``path`` is then unchanged and no temporary is left.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _fail(e, path.parent, "cannot create directory") from e
    tmp = path.parent / (TEMP_PREFIX + path.name)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as e:
        raise _fail(e, tmp, "cannot create") from e
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise _fail(e, path, "cannot write") from e
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError as e:
        raise _fail(e, path.parent, "cannot sync directory") from e
