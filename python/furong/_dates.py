"""The one conversion of a date argument, used by every module of the package.

One rule, the same as the compiled core's type caster: a ``datetime.date`` (a
``datetime.datetime`` or ``pandas.Timestamp`` counts as its day), or an ISO ``'YYYY-MM-DD'``
string parsed by the C++ parser that reads every file (``furong._core.parse_date``), so
Python and C++ accept exactly the same strings (``'20250630'`` and ``'2025-02-30'`` are
refused by both). A bad value raises :class:`furong.ArgumentError` (a ``ValueError``) naming
the value and the argument. ``None`` is accepted only where the argument is optional
(:func:`optional_date`), where it means "no date filter".
"""

from __future__ import annotations

import datetime
from typing import Optional, Union

from . import _core
from ._errors import ArgumentError

__all__ = ["DateLike", "DateValue", "as_date", "optional_date"]

#: A date argument.
DateValue = Union[datetime.date, str]
#: An optional date argument (None: no date filter).
DateLike = Union[datetime.date, str, None]


def as_date(value: object, what: str = "date") -> datetime.date:
    """``value`` as a ``datetime.date``; ``what`` names the argument in the error.

    Examples
    --------
    >>> as_date("2025-06-30")
    datetime.date(2025, 6, 30)
    >>> as_date("2025-02-30", "as_of")
    Traceback (most recent call last):
    ...
    furong._errors.ArgumentError: bad date '2025-02-30' for as_of: no such day in that month
    >>> as_date("20250630", "as_of")
    Traceback (most recent call last):
    ...
    furong._errors.ArgumentError: bad date '20250630' for as_of: expected a date YYYY-MM-DD
    """
    if isinstance(value, datetime.datetime):
        if value != value:  # pandas.NaT is a datetime that equals nothing
            raise ArgumentError(f"{what} needs a date, got {value!r}")
        value = value.date()
    if isinstance(value, datetime.date):
        text = value.isoformat()  # through the same parser: the same range (years 1400..9999)
    elif isinstance(value, str):
        text = value
    else:
        raise ArgumentError(f"{what} needs a date (datetime.date or 'YYYY-MM-DD'), got {value!r}")
    try:
        parsed: Optional[datetime.date] = _core.parse_date(text)
    except ArgumentError as e:
        reason = str(e).rsplit(": ", 1)[-1]  # the parser's reason (it holds no ": ")
        raise ArgumentError(f"bad date '{value}' for {what}: {reason}") from None
    if parsed is None:  # the parser returns a day for every string it accepts
        raise ArgumentError(f"bad date '{value}' for {what}")
    return parsed


def optional_date(value: object, what: str = "as_of") -> Optional[datetime.date]:
    """Like :func:`as_date`, with ``None`` passed through (it means "no date filter").

    Examples
    --------
    >>> optional_date(None) is None, optional_date("2025-01-31")
    (True, datetime.date(2025, 1, 31))
    """
    return None if value is None else as_date(value, what)
