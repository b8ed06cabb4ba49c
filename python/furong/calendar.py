"""Working days: China's official calendar, the district's calendar.csv, Monday to Friday.

The status of a day, first rule that applies (the rule is in C++, ``furong::working_calendar``):

1. a row of the ledger's ``calendar.csv`` (``net=``), a holiday or a make-up workday;
2. the official calendar: the public holidays and make-up workdays of the State Council's
   notices, shipped for every year from :data:`FIRST_YEAR` to :data:`LAST_YEAR`;
3. Monday to Friday.

A day outside the official years is not silently an ordinary year: an answer that depends on
such a day is *provisional* (the year's notice may move it), and ``provisional=`` decides what
happens: ``"warn"`` (the default) emits a :class:`ProvisionalWarning`, ``"raise"`` raises
:class:`ProvisionalError`, ``"ignore"`` does neither. The ledger marks such due dates in its
``due_provisional`` column.

Every function takes a single date (``datetime.date`` or ``"YYYY-MM-DD"``; the answer is a
scalar) or an array of them (a list, a numpy ``datetime64`` array, a pandas Series or
DatetimeIndex; the answer is a numpy array, broadcast like numpy).

Examples
--------
>>> from furong import calendar
>>> calendar.is_workday("2026-01-01"), calendar.is_workday("2026-01-04")
(False, True)
>>> calendar.add_workdays("2025-12-11", 15)
datetime.date(2026, 1, 4)
>>> calendar.workdays_between("2025-09-30", "2025-10-09")
1
>>> calendar.is_workday(["2025-10-01", "2025-10-11"]).tolist()
[False, True]
"""

from __future__ import annotations

import datetime
import warnings
from typing import TYPE_CHECKING, Any, Literal, Optional, Tuple

import numpy as _np

from . import _core
from ._dates import as_date
from ._errors import ArgumentError, FurongError

if TYPE_CHECKING:  # pragma: no cover
    from .network import Network

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "Calendar",
    "ProvisionalError",
    "ProvisionalWarning",
    "add_workdays",
    "calendar_of",
    "covers",
    "is_workday",
    "workdays_between",
]

_C = _core.calendar
#: The compiled calendar type (``calendar.csv`` rows over the official calendar).
Calendar = _C.Calendar
#: First and last year of the shipped State Council notices.
FIRST_YEAR: int = int(_C.OFFICIAL_FIRST_YEAR)
LAST_YEAR: int = int(_C.OFFICIAL_LAST_YEAR)

Provisional = Literal["warn", "raise", "ignore"]
_EPOCH = datetime.date(1970, 1, 1)
_OFFICIAL = _C.Calendar(True)


class ProvisionalWarning(UserWarning):
    """An answer depends on a day outside the official calendar's years (assumed Monday-Friday)."""


class ProvisionalError(FurongError, ValueError):
    """Raised instead of :class:`ProvisionalWarning` with ``provisional="raise"``."""


def calendar_of(net: Optional[Network] = None) -> Any:
    """The calendar of ``net``'s ledger (its ``calendar.csv`` over the official calendar), or
    the official calendar alone when ``net`` is None."""
    return _OFFICIAL if net is None else _C.calendar_of(net.core)


def _pick(net: Optional[Network], calendar: Any) -> Any:
    if net is not None and calendar is not None:
        raise ArgumentError("pass net= or calendar=, not both")
    if calendar is not None:
        if not isinstance(calendar, _C.Calendar):
            raise ArgumentError(f"calendar= needs a furong.calendar.Calendar, got {type(calendar).__name__}")
        return calendar
    return calendar_of(net)


def _days(value: Any, what: str) -> Tuple[_np.ndarray[Any, Any], bool]:
    """``value`` as int64 days since 1970 and whether it was a scalar."""
    if isinstance(value, (str, datetime.date)):
        return _np.array([(as_date(value, what) - _EPOCH).days], dtype=_np.int64), True
    arr = _np.asarray(value)
    if arr.ndim == 0 and arr.dtype.kind in "MOU":
        return _days(arr.astype("datetime64[D]").item() if arr.dtype.kind == "M" else arr.item(), what)
    if arr.dtype.kind == "M":
        d = arr.astype("datetime64[D]")
        if _np.isnat(d).any():
            raise ArgumentError(f"{what} needs dates, got NaT at position {int(_np.flatnonzero(_np.isnat(d).ravel())[0])}")
        return d.view(_np.int64), False
    if arr.dtype.kind in "OU":
        flat = [(as_date(v, what) - _EPOCH).days for v in arr.ravel()]
        return _np.array(flat, dtype=_np.int64).reshape(arr.shape), False
    got = repr(value) if arr.ndim == 0 else f"an array of {arr.dtype}"
    raise ArgumentError(f"{what} needs dates (datetime.date, 'YYYY-MM-DD' or datetime64), got {got}")


def _ints(value: Any, what: str) -> Tuple[_np.ndarray[Any, Any], bool]:
    if isinstance(value, (bool, _np.bool_)):
        raise ArgumentError(f"{what} needs an integer, got {value!r}")
    arr = _np.asarray(value)
    if arr.dtype.kind not in "iu":
        raise ArgumentError(f"{what} needs integers, got {value!r}" if arr.ndim == 0 else
                            f"{what} needs integers, got an array of {arr.dtype}")
    return arr.astype(_np.int64), arr.ndim == 0


def _policy(provisional: str, flags: _np.ndarray[Any, Any], days: _np.ndarray[Any, Any], what: str) -> None:
    if provisional not in ("warn", "raise", "ignore"):
        raise ArgumentError(f"provisional must be 'warn', 'raise' or 'ignore', got {provisional!r}")
    if provisional == "ignore" or not flags.any():
        return
    where = _np.flatnonzero(flags.ravel())
    first = _EPOCH + datetime.timedelta(days=int(days.ravel()[where[0]]))
    msg = (f"{what}: {len(where)} answer(s) depend on days outside the official calendar "
           f"({FIRST_YEAR}-{LAST_YEAR}), counted as Monday-Friday (first: {first.isoformat()}); "
           f"they are provisional until that year's State Council notice is added")
    if provisional == "raise":
        raise ProvisionalError(msg)
    warnings.warn(msg, ProvisionalWarning, stacklevel=3)


def _out_dates(days: _np.ndarray[Any, Any], scalar: bool) -> Any:
    if scalar:
        return _EPOCH + datetime.timedelta(days=int(days.ravel()[0]))
    return days.astype(_np.int64).view("datetime64[D]")


def is_workday(day: Any, *, net: Optional[Network] = None, calendar: Any = None,
               provisional: Provisional = "warn") -> Any:
    """Whether each day is a working day.

    Parameters
    ----------
    day : date-like or array of date-like
    net : Network, optional
        Use this network's ``calendar.csv`` over the official calendar (default: official only).
    calendar : Calendar, optional
        An explicit calendar instead of ``net``.
    provisional : {"warn", "raise", "ignore"}
        What to do for days outside the official years.

    Returns
    -------
    bool or numpy.ndarray of bool
    """
    days, scalar = _days(day, "day")
    work, prov = _pick(net, calendar).is_workday(days.ravel())
    _policy(provisional, prov, days, "is_workday")
    return bool(work[0]) if scalar else _np.asarray(work).reshape(days.shape)


def add_workdays(day: Any, n: Any, *, net: Optional[Network] = None, calendar: Any = None,
                 provisional: Provisional = "warn") -> Any:
    """The ``n``-th working day after ``day`` (before it when ``n < 0``; ``day`` itself when 0).

    The day itself does not count: Friday + 1 is the next working day after Friday. This is
    the ledger's SLA rule ("raised + N working days"). ``day`` and ``n`` broadcast.

    Returns
    -------
    datetime.date, or numpy.ndarray of datetime64[D]
    """
    days, s1 = _days(day, "day")
    steps, s2 = _ints(n, "n")
    b_days, b_steps = _np.broadcast_arrays(days, steps)
    out, prov = _pick(net, calendar).add_workdays(_np.ascontiguousarray(b_days).ravel(),
                                                   _np.ascontiguousarray(b_steps).ravel())
    _policy(provisional, prov, b_days, "add_workdays")
    return _out_dates(_np.asarray(out).reshape(b_days.shape), s1 and s2)


def workdays_between(start: Any, end: Any, *, net: Optional[Network] = None, calendar: Any = None,
                     provisional: Provisional = "warn") -> Any:
    """Working days ``d`` with ``start < d <= end``; when ``end < start``, minus the number with
    ``end <= d < start``. So ``add_workdays(start, workdays_between(start, end)) == end`` for a
    working day ``end``. O(1) per pair (prefix counts in C++).

    Returns
    -------
    int, or numpy.ndarray of int64
    """
    a, s1 = _days(start, "start")
    b, s2 = _days(end, "end")
    ba, bb = _np.broadcast_arrays(a, b)
    out, prov = _pick(net, calendar).workdays_between(_np.ascontiguousarray(ba).ravel(), _np.ascontiguousarray(bb).ravel())
    _policy(provisional, prov, ba, "workdays_between")
    res = _np.asarray(out).reshape(ba.shape)
    return int(res.ravel()[0]) if s1 and s2 else res


def covers(day: Any, *, net: Optional[Network] = None, calendar: Any = None) -> Any:
    """Whether the official calendar knows each day (its year is one of the shipped notices).

    Returns
    -------
    bool or numpy.ndarray of bool
    """
    days, scalar = _days(day, "day")
    res = _np.asarray(_pick(net, calendar).covers(days.ravel()))
    return bool(res[0]) if scalar else res.reshape(days.shape)
