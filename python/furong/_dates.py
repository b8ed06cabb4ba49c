"""The one conversion of a date argument (``datetime.date``, ``datetime.datetime`` or an ISO
``'YYYY-MM-DD'`` string) used by every module of the package."""

from __future__ import annotations

import datetime
from typing import Union

from ._errors import ArgumentError

DateValue = Union[datetime.date, str]


def as_date(value: object, what: str = "date") -> datetime.date:
    """``value`` as a ``datetime.date``; ``what`` names the argument in the error.

    Examples
    --------
    >>> as_date("2025-06-30")
    datetime.date(2025, 6, 30)
    >>> as_date("2025-02-30", "as_of")
    Traceback (most recent call last):
    ...
    furong._errors.ArgumentError: bad date '2025-02-30' for as_of: expected YYYY-MM-DD
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ArgumentError(f"bad date '{value}' for {what}: expected YYYY-MM-DD") from None
    raise ArgumentError(f"{what} needs a date (datetime.date or 'YYYY-MM-DD'), got {value!r}")
