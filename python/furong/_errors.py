"""The furong exception hierarchy, raised by the compiled core and the Python layer.

Every error is a :class:`FurongError`; each subclass is also the built-in exception a Python
user would expect (``ValueError`` or ``KeyError``), so ``except ValueError`` works too.
"""

from __future__ import annotations

__all__ = ["FurongError", "InputError", "UnknownIdError", "ArgumentError", "ModelError", "InternalError"]


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


class UnknownIdError(FurongError, KeyError):
    """An id that names no organisation, person or item; ``id`` holds it."""

    id: str = ""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0]) if self.args else ""


class ArgumentError(FurongError, ValueError):
    """An argument outside its domain (unknown kind, negative limit, bad date...)."""


class ModelError(FurongError, ValueError):
    """An edit that would make the network inconsistent (duplicate id, cycle, wrong nesting)."""


class InternalError(FurongError, RuntimeError):
    """A C++ exception furong does not expect: a bug in furong (please report it). furong's
    own errors are the classes above; anything else crossing from C++ lands here rather than
    passing for bad input."""
