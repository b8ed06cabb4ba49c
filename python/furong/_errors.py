"""The furong exception hierarchy, raised by the compiled core and the Python layer.

Every error is a :class:`FurongError`; each subclass is also the built-in exception a Python
user would expect (``ValueError``, ``KeyError``, ``TypeError``, ``OverflowError``, ``OSError``,
``MemoryError``), so ``except ValueError`` works too. The full map: docs/reliability.md, "Errors".
"""

from __future__ import annotations

import functools
import sys
import types
from typing import Any, Dict, Iterable, Optional

__all__ = ["FurongError", "InputError", "UnknownIdError", "ArgumentError", "ArgumentTypeError",
           "ArgumentOverflowError", "ModelError", "FileError", "OutOfMemoryError", "InternalError",
           "StoreError", "StoreBusyError", "ConflictError", "StoreVersionError"]


class FurongError(Exception):
    """Root of every error furong raises."""


class InputError(FurongError, ValueError):
    """Bad input read from a file: ``file``, ``line`` and ``column`` say where (1-based; 0 when
    not known) and ``reason`` says what was expected.

    Examples
    --------
    >>> import furong, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "organisations.csv").write_text("id,kind,name,parent\\nx,planet,X,\\n")
    >>> try:
    ...     furong.load(d)
    ... except furong.InputError as e:
    ...     print(e.file, e.line, e.column)
    organisations.csv 2 2
    """

    file: str = ""
    line: int = 0
    column: int = 0
    reason: str = ""
    #: The sheet, when ``file`` is an Excel workbook (``line`` is then the sheet's row).
    sheet: str = ""


class UnknownIdError(FurongError, KeyError):
    """An id that names no organisation, person or item; ``id`` holds it."""

    id: str = ""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0]) if self.args else ""


class ArgumentError(FurongError, ValueError):
    """An argument outside its domain (unknown kind, negative limit, bad date...)."""


class ArgumentTypeError(FurongError, TypeError):
    """An argument of the wrong type (a number where an id is expected, a list for a date...)."""


class ArgumentOverflowError(FurongError, OverflowError):
    """A number too large for the C++ type that receives it (an index or count past 2**63)."""


class FileError(FurongError, OSError):
    """The system refused a read or a write: full disk, read-only or missing directory,
    permission, a file where a directory should be. ``filename`` names the path, ``errno`` and
    ``strerror`` say why (as for any OSError). A save that raises it changed nothing."""


class StoreError(FurongError, OSError):
    """A governance store failed: a missing, corrupt or truncated file, a full disk, a
    read-only store, a refused connection. ``location`` names the store (a path, or a URL
    without its password). Nothing of the failed call was written."""


class StoreBusyError(StoreError):
    """The store stayed locked by another writer past the busy timeout; nothing was written
    and retrying is safe."""


class ConflictError(StoreError):
    """Another writer changed the same item after this transaction read it (the event's
    expected status or version no longer holds); nothing of the event was written."""


class StoreVersionError(StoreError):
    """The store's schema is newer than this furong, or the file is no furong store."""


class OutOfMemoryError(FurongError, MemoryError):
    """Memory ran out during a call; nothing was changed."""


class ModelError(FurongError, ValueError):
    """An edit that would make the network inconsistent (duplicate id, cycle, wrong nesting)."""


class InternalError(FurongError, RuntimeError):
    """A C++ exception furong does not expect: a bug in furong (please report it). furong's
    own errors are the classes above; anything else crossing from C++ lands here rather than
    passing for bad input."""


# ---- one translation for the whole public API ---------------------------------------------
# pybind11 rejects an argument of the wrong type (or an integer too large for its C++ type)
# with a bare TypeError/OverflowError before any C++ code runs, so the C++ translator in
# bindings/register_errors.cpp never sees it. The public functions of the area modules and the
# methods of furong.Network are wrapped once, at import, by typed_errors(): such an error (and
# MemoryError) leaves furong as the matching FurongError subclass, which is still the built-in.

_BUILTIN_TO_FURONG = ((TypeError, ArgumentTypeError), (OverflowError, ArgumentOverflowError),
                      (MemoryError, OutOfMemoryError))


def _translated(e: BaseException) -> BaseException:
    for builtin, ours in _BUILTIN_TO_FURONG:
        if isinstance(e, builtin):
            return ours(str(e))
    return e


def _wrap(fn: Any, globals_: Dict[str, Any]) -> Any:
    translated = _translated
    caught = (TypeError, OverflowError, MemoryError)
    furong_error = FurongError

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except caught as e:
            if isinstance(e, furong_error):
                raise
            raise translated(e) from e

    # Built in the globals of fn's module, so that doctest (which checks __globals__) still
    # finds the docstring examples of the wrapped function.
    out = types.FunctionType(wrapper.__code__, globals_, fn.__name__, None, wrapper.__closure__)
    functools.update_wrapper(out, fn)
    return out


def typed_errors(target: Any, names: Optional[Iterable[str]] = None) -> Any:
    """Wrap the public functions of a module namespace (``globals()``, with the names to wrap)
    or the public methods of a class, so that the built-in errors pybind11 raises on argument
    conversion become :class:`ArgumentTypeError` / :class:`ArgumentOverflowError` (and
    MemoryError :class:`OutOfMemoryError`). Returns ``target``. O(names)."""
    if isinstance(target, dict):
        for name in names if names is not None else list(target):
            value = target.get(name)
            if isinstance(value, types.FunctionType) and not getattr(value, "_furong_typed", False):
                wrapped = _wrap(value, target)
                setattr(wrapped, "_furong_typed", True)
                target[name] = wrapped
            elif (isinstance(value, type) and not issubclass(value, BaseException)
                  and value.__module__ == target.get("__name__") and not vars(value).get("_furong_typed")):
                typed_errors(value)
                setattr(value, "_furong_typed", True)
        return target
    globals_ = sys.modules[target.__module__].__dict__
    for name, value in list(vars(target).items()):
        if name.startswith("_") and name not in ("__init__", "__getitem__", "__contains__", "__eq__"):
            continue
        if isinstance(value, types.FunctionType):
            setattr(target, name, _wrap(value, globals_))
        elif isinstance(value, (staticmethod, classmethod)) and isinstance(value.__func__, types.FunctionType):
            setattr(target, name, type(value)(_wrap(value.__func__, globals_)))
    return target
