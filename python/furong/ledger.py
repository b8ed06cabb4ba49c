"""The ledger (台账): residents' demands with an owner, a due date, status events and return
visits; the meetings of the closed loop; the neighbour-leader evaluation.

``furong.load(dir)`` loads the ledger files of ``dir`` (``ledger.csv``, ``ledger_events.csv``,
``visits.csv``, ``sla.csv``, ``calendar.csv``, ``meetings.csv``, ``attendance.csv``,
``agreements.csv``, ``commitments.csv``; every one optional) together with the network, all
or nothing, and ``Network.save`` writes them back. ``net.ledger`` is a :class:`Ledger` over
them and ``net.ledger.meetings`` a :class:`Meetings`. A network without ledger files has an
empty ledger.

Every query about the state of the items takes the day it is asked on (``as_of``: a
``datetime.date`` or ``"YYYY-MM-DD"``) and runs in C++ over the columnar ledger, without the
GIL. That day is required: an item has a status only on a day, so there is no "whatever the
dates" answer to "what is overdue"; ``as_of=None`` raises :class:`furong.ArgumentError`
naming ``as_of`` (the rule is in C++, ``furong::require_as_of``). Queries over the meetings'
records (``agreements``, ``pairings``, ``four_party``, ``apply_agreements``) take an optional
``as_of`` with the meaning it has everywhere in furong: ``None`` = no date filter. Tables are
pandas DataFrames; their date columns are ``datetime64`` (``NaT`` for none); scalar dates
are ``datetime.date``. The rules (statuses, transitions, SLA and working days, visit_due,
the leader evaluation) are in docs/ledger.md.

Examples
--------
>>> import furong
>>> led = furong.datasets.furong().ledger
>>> len(led)
12000
>>> late = led.overdue("2025-12-31")
>>> list(late.columns[:4])
['id', 'compound', 'street', 'community']
"""

from __future__ import annotations

import datetime
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Mapping, NamedTuple, Optional, Sequence, Tuple, Union, overload

import numpy as _np
import pandas as _pd

from . import _core
from ._dates import as_date
from ._errors import ArgumentError, typed_errors

if TYPE_CHECKING:  # pragma: no cover
    from .network import DateLike, Network

__all__ = [
    "BY",
    "DEFAULT_THRESHOLDS",
    "STATUSES",
    "SOURCES",
    "Ledger",
    "LeaderEvaluation",
    "Meetings",
    "planned",
]

_L: Any = _core.ledger
#: Item statuses, in code order (the C++ table, ``furong::item_status``).
STATUSES: List[str] = list(_L.STATUSES)
#: Item sources.
SOURCES: List[str] = list(_L.SOURCES)
OUTCOMES: List[str] = list(_L.OUTCOMES)
PARTIES: List[str] = list(_L.PARTIES)
#: The family of every status (open, done, dismissed), from the C++ table ``furong::status_families``.
FAMILIES: Dict[str, str] = dict(zip(_L.STATUSES, _L.STATUS_FAMILY))
_FAMILY_NAMES: List[str] = list(_L.FAMILIES)
#: Groupings accepted by :meth:`Ledger.closure_stats` (``furong::ledger_grouping``).
BY = tuple(_L.GROUPINGS)
#: The documented default thresholds of the neighbour-leader evaluation (docs/ledger.md),
#: read from C++ (``furong::leader_thresholds``).
_E: Any = _core.evaluation
DEFAULT_THRESHOLDS: Dict[str, float] = dict(_E.Thresholds().to_dict())



def _day(value: DateLike, what: str = "as_of") -> datetime.date:
    return as_date(value, what)


def _as_of(value: Optional[DateLike], what: str = "as_of") -> Optional[datetime.date]:
    """The as-of argument for C++: None stays None (C++ decides: no date filter, or a clear
    error naming ``as_of`` where a ledger query needs its day)."""
    return None if value is None else as_date(value, what)


def _categorical(codes: Any, categories: Sequence[str]) -> _pd.Categorical[str]:
    return _pd.Categorical.from_codes(_np.asarray(codes, dtype=_np.int64), categories=_pd.Index(list(categories)))


def _ns(days: Any) -> _pd.Series[Any]:
    """A datetime64[D] column from C++ (NaT: none) as datetime64[ns]."""
    return _pd.Series(_np.asarray(days).astype("datetime64[ns]"), dtype="datetime64[ns]")


def _objects(values: Any) -> _np.ndarray[Any, Any]:
    return _np.array(list(values), dtype=object)


def planned(rule: str, start: DateLike, end: DateLike) -> List[datetime.date]:
    """Planned meeting dates of a schedule rule in [start, end].

    Parameters
    ----------
    rule : str
        ``"second tuesday"`` (optionally ``"... of every month"``), ``"2nd tue"``,
        ``"last friday"``, ``"every week from 2025-01-07"``, ``"every 2 weeks from 2025-01-07"``.
    start, end : date or str
        The range, both included.

    Returns
    -------
    list of datetime.date
        Ascending. A "fifth" weekday gives no date in months without one.

    Examples
    --------
    >>> from furong.ledger import planned
    >>> [d.isoformat() for d in planned("second Tuesday of every month", "2025-01-01", "2025-03-31")]
    ['2025-01-14', '2025-02-11', '2025-03-11']
    """
    return [d for d in _L.schedule(rule, _day(start, "start"), _day(end, "end")).dates if d is not None]


class LeaderEvaluation(NamedTuple):
    """Result of :meth:`Ledger.evaluate_leaders`: ``scores`` (one row per neighbour leader,
    best first, with the decision and its reasons), the leaders to ``commend`` and to
    ``adjust`` (person ids, sorted)."""

    scores: _pd.DataFrame
    commend: List[str]
    adjust: List[str]


class Ledger:
    """The ledger of a network (``net.ledger``).

    Items keep their file order; the ledger is immutable, loaded and saved with the network.

    Examples
    --------
    >>> import furong
    >>> led = furong.datasets.furong().ledger
    >>> int(led.status_on("2025-12-31")["status"].value_counts()["closed"])
    10785
    """

    def __init__(self, net: Network) -> None:
        self._network = net

    @property
    def _c(self) -> Any:
        return self._network.core

    # ---- basics ----------------------------------------------------------------------
    def __len__(self) -> int:
        return int(_L.size(self._c))

    def __repr__(self) -> str:
        return f"<furong.Ledger: {len(self)} items>"

    @property
    def loaded(self) -> bool:
        """True when ledger files were loaded with the network (else the ledger is empty)."""
        return bool(_L.loaded(self._c))

    @property
    def meetings(self) -> Meetings:
        """The meetings, attendance, agreements and commitments (:class:`Meetings`)."""
        return Meetings(self)

    def memory_bytes(self) -> int:
        """Bytes held by the items, their events and visits (arrays, string pools, interners).

        Examples
        --------
        >>> import furong
        >>> led = furong.datasets.furong().ledger
        >>> led.memory_bytes() / len(led) < 200
        True
        """
        return int(_L.memory_bytes(self._c))

    def _frame(self, rows: Optional[_np.ndarray[Any, Any]] = None) -> _pd.DataFrame:
        c = _L.items(self._c, None if rows is None else _np.asarray(rows, dtype=_np.int64))
        compounds = _objects(c.compounds)
        streets = _objects(_L.compound_groups(self._c, "street"))
        communities = _objects(_L.compound_groups(self._c, "community"))
        code = _np.asarray(c.compound, dtype=_np.int64)
        meeting = _np.asarray(c.meeting, dtype=_np.int64)
        meetings = _np.array(list(c.meetings) + [None], dtype=object)
        empty = _np.array([], dtype=object)
        return _pd.DataFrame(
            {
                "id": _objects(c.id),
                "compound": compounds[code] if len(code) else empty,
                "street": streets[code] if len(code) else empty,
                "community": communities[code] if len(code) else empty,
                "category": _objects(c.categories)[c.category] if len(code) else empty,
                "summary": _objects(c.summary),
                "source": _categorical(c.source, categories=SOURCES),
                "raised": c.raised,
                "owner": _objects(c.owners)[c.owner] if len(code) else empty,
                "due": c.due,
                "due_from_sla": _np.asarray(c.due_from_sla, dtype=bool),
                "due_provisional": _np.asarray(c.due_provisional, dtype=bool),
                "meeting": meetings[meeting] if len(code) else empty,
            }
        )

    def items(self) -> _pd.DataFrame:
        """Every item, in file order.

        Returns
        -------
        pandas.DataFrame
            ``id, compound, street, community, category, summary, source, raised, owner,
            due, due_from_sla, due_provisional, meeting``: ``street`` and ``community`` are the
            organisations above the compound in the network; ``due`` is the written due date
            or, when ``due_from_sla``, raised + the category's SLA (working days by the
            calendar: calendar.csv over the official calendar, :mod:`furong.calendar`);
            ``due_provisional`` marks SLA due dates counted across days beyond the official
            calendar's last year (assumed Monday-Friday until that year's notice is added);
            ``meeting`` is the meeting that agreed the item (missing when none).

        Examples
        --------
        >>> import furong
        >>> df = furong.datasets.furong().ledger.items()
        >>> df.loc[0, ["id", "street"]].tolist()
        ['lg-00001', 'st-chaoyangjie']
        """
        return self._frame()

    def ids(self, rows: _np.ndarray[Any, Any]) -> List[str]:
        """Ids of item indices (positions in :meth:`items`)."""
        return list(_L.ids(self._c, _np.asarray(rows, dtype=_np.int64)))

    def events(self) -> _pd.DataFrame:
        """Status events: ``item, date, status``, by item (file order) then date."""
        c = _L.events(self._c)
        return _pd.DataFrame({
            "item": self.ids(c.item),
            "date": c.date,
            "status": _categorical(c.status, categories=STATUSES),
        })

    def visits(self) -> _pd.DataFrame:
        """Return visits: ``item, date, outcome``, by item (file order) then date."""
        c = _L.visits(self._c)
        return _pd.DataFrame({
            "item": self.ids(c.item),
            "date": c.date,
            "outcome": _categorical(c.outcome, categories=OUTCOMES),
        })

    # ---- as-of queries ---------------------------------------------------------------
    def status_on(self, as_of: DateLike) -> _pd.DataFrame:
        """Every item raised on or before ``as_of`` with its status on that day.

        Returns
        -------
        pandas.DataFrame
            :meth:`items` columns plus ``status``, ``family`` (open, done, dismissed) and
            ``overdue`` (open family and due before ``as_of``).

        Examples
        --------
        >>> import furong
        >>> df = furong.datasets.furong().ledger.status_on("2024-01-01")
        >>> len(df) > 0, set(df["family"]) <= {"open", "done", "dismissed"}
        (True, True)
        """
        r = _L.status_on(self._c, _as_of(as_of))
        df = self._frame(r.item)
        df["status"] = _categorical(r.status, categories=STATUSES)
        df["family"] = _categorical(r.family, categories=_FAMILY_NAMES)
        df["overdue"] = _np.asarray(r.overdue, dtype=bool)
        return df

    @overload
    def overdue(self, as_of: DateLike, ids: Literal[False] = ...) -> _pd.DataFrame: ...
    @overload
    def overdue(self, as_of: DateLike, ids: Literal[True]) -> List[str]: ...

    def overdue(self, as_of: DateLike, ids: bool = False) -> Union[_pd.DataFrame, List[str]]:
        """Items overdue on ``as_of``: status in the open family and due date before ``as_of``.

        Parameters
        ----------
        as_of : date or str
            The day asked about.
        ids : bool
            Return the list of item ids only (fastest).

        Returns
        -------
        pandas.DataFrame or list of str
            In file order: :meth:`items` columns plus ``status`` and ``days_overdue``
            (``as_of - due``).

        Notes
        -----
        One branch-free pass over three int32 arrays (O(n)); about 4 ms for 10^6 items.

        Examples
        --------
        >>> import furong
        >>> led = furong.datasets.furong().ledger
        >>> late = led.overdue("2025-12-31")
        >>> bool((late["due"] < "2025-12-31").all()), len(late) == len(led.overdue("2025-12-31", ids=True))
        (True, True)
        """
        day = _as_of(as_of)
        if ids:
            return self.ids(_L.overdue_items(self._c, day))
        r = _L.overdue(self._c, day)
        df = self._frame(r.item)
        df["status"] = _categorical(r.status, categories=STATUSES)
        df["days_overdue"] = _np.asarray(r.days_overdue, dtype=_np.int64)
        return df

    def provisional_due(self, as_of: DateLike) -> List[str]:
        """Ids (in file order) of the items open on ``as_of`` whose due date is provisional:
        counted in working days across a day beyond the official calendar (``furong.calendar``).

        Examples
        --------
        >>> import furong
        >>> furong.datasets.furong().ledger.provisional_due("2025-12-31")
        []
        """
        return self.ids(_L.provisional_due_items(self._c, _as_of(as_of)))

    @overload
    def visit_due(self, as_of: DateLike, interval: int = ..., ids: Literal[False] = ...) -> _pd.DataFrame: ...
    @overload
    def visit_due(self, as_of: DateLike, interval: int = ..., *, ids: Literal[True]) -> List[str]: ...

    def visit_due(self, as_of: DateLike, interval: int = 30, ids: bool = False) -> Union[_pd.DataFrame, List[str]]:
        """Items due for a return visit on ``as_of``.

        An item is due when its status on ``as_of`` is in the open family and its last contact
        (the last visit on or before ``as_of``, else the raised date) is ``interval`` days or
        more ago; or when it is ``resolved`` with no visit since the resolution.

        Parameters
        ----------
        as_of : date or str
        interval : int
            Days between visits to an open item (>= 0), 30 by default.
        ids : bool
            Return the list of item ids only.

        Returns
        -------
        pandas.DataFrame or list of str
            In file order: :meth:`items` columns plus ``status`` and ``last_visit`` (NaT: none).

        Examples
        --------
        >>> import furong
        >>> led = furong.datasets.furong().ledger
        >>> df = led.visit_due("2025-12-31")
        >>> set(df["status"].astype(str)) <= {"open", "assigned", "in_progress", "reopened", "resolved"}
        True
        """
        if isinstance(interval, bool) or not isinstance(interval, (int, _np.integer)):
            raise ArgumentError(f"interval must be an int >= 0, got {interval!r}")
        day = _as_of(as_of)
        if ids:
            return self.ids(_L.visit_due_items(self._c, day, int(interval)))
        r = _L.visit_due(self._c, day, int(interval))
        df = self._frame(r.item)
        df["status"] = _categorical(r.status, categories=STATUSES)
        df["last_visit"] = r.last_visit
        return df

    def open_overdue_by(self, as_of: DateLike, by: str = "street") -> _pd.DataFrame:
        """Open and overdue counts on ``as_of`` per street, community or compound.

        Returns
        -------
        pandas.DataFrame
            Index: the group ids (for streets and communities every one of the network,
            zeros included, plus ``""`` for compounds outside any); columns ``open, overdue``.

        Examples
        --------
        >>> import furong
        >>> df = furong.datasets.furong().ledger.open_overdue_by("2025-12-31")
        >>> len(df), list(df.columns)
        (13, ['open', 'overdue'])
        """
        r = _L.open_overdue_by(self._c, _as_of(as_of), by)
        counts = {g: (int(o), int(v)) for g, o, v in zip(r.group, r.open, r.overdue)}
        groups: List[str] = []
        if by != "compound":
            orgs = self._network.organisations()
            groups = orgs.loc[orgs["kind"] == by, "id"].tolist()
        groups += [g for g in sorted(counts) if g not in set(groups)]
        df = _pd.DataFrame(
            {"open": [int(counts.get(g, (0, 0))[0]) for g in groups],
             "overdue": [int(counts.get(g, (0, 0))[1]) for g in groups]},
            index=_pd.Index(groups, name=by, dtype=object),
        )
        return df

    def closure_stats(self, as_of: DateLike, by: str = "street") -> _pd.DataFrame:
        """How fast items close, per group: days from raised to the last resolution of every
        item resolved or closed on ``as_of``.

        Parameters
        ----------
        as_of : date or str
        by : str
            ``street``, ``community`` (of the item's compound, from the network),
            ``compound``, ``category``, ``owner``, ``source`` or ``meeting``.

        Returns
        -------
        pandas.DataFrame
            Index: the groups with at least one closure (sorted); columns ``count, median,
            p90, mean, min, max`` (days; percentiles interpolate linearly, as numpy does).

        Examples
        --------
        >>> import furong
        >>> st = furong.datasets.furong().ledger.closure_stats("2025-12-31", by="category")
        >>> list(st.columns), bool((st["median"] <= st["p90"]).all())
        (['count', 'median', 'p90', 'mean', 'min', 'max'], True)
        """
        r = _L.closure_stats(self._c, _as_of(as_of), by)
        return _pd.DataFrame({k: _np.asarray(getattr(r, k)) for k in ("count", "median", "p90", "mean", "min", "max")},
                            index=_pd.Index(list(r.group), name=by, dtype=object)).astype({"count": _np.int64})

    def backlog(self, start: DateLike, end: DateLike) -> _pd.DataFrame:
        """The backlog per day over [start, end], for a burndown plot.

        Returns
        -------
        pandas.DataFrame
            ``day`` (datetime64), ``open`` (items in the open family that day) and
            ``overdue`` (of them, past their due date).

        Notes
        -----
        O(n + transitions + days) with difference arrays over each item's open intervals.

        Examples
        --------
        >>> import furong
        >>> b = furong.datasets.furong().ledger.backlog("2025-01-01", "2025-01-31")
        >>> len(b), bool((b["overdue"] <= b["open"]).all())
        (31, True)
        """
        c = _L.backlog(self._c, _day(start, "start"), _day(end, "end"))
        return _pd.DataFrame({"day": c.day, "open": c.open, "overdue": c.overdue})

    def open_longer_than(self, as_of: DateLike, days: int) -> _pd.DataFrame:
        """Items in the open family on ``as_of`` for more than ``days`` days, longest first,
        each with the next step of its escalation path.

        The next step comes from ``net.escalation_path(compound, as_of)`` (compound ->
        branch -> community -> street -> district): the step after the highest one whose
        responsible people include the item's owner; when the owner holds none of them (a
        grid worker, an owners' chair), the step after the compound. (One rule, in C++:
        ``furong/domain/ledger_escalation.hpp``.)

        Returns
        -------
        pandas.DataFrame
            :meth:`items` columns plus ``status``, ``days_open``, ``next_step`` (organisation
            id, None at the top), ``next_kind``, ``next_role`` and ``next_holders`` (person ids
            holding that role on ``as_of``).

        Examples
        --------
        >>> import furong
        >>> old = furong.datasets.furong().ledger.open_longer_than("2025-12-31", 90)
        >>> bool((old["days_open"] > 90).all()), bool(old["next_kind"].isin(["branch", "community", "street"]).all())
        (True, True)
        """
        if isinstance(days, bool) or not isinstance(days, (int, _np.integer)):
            raise ArgumentError(f"days must be an int >= 0, got {days!r}")
        day = _as_of(as_of)
        c = _L.open_longer_than(self._c, day, int(days))
        df = self._frame(c.item)
        df["status"] = _categorical(c.status, categories=STATUSES)
        df["days_open"] = _np.asarray(c.days_open, dtype=_np.int64)
        df["next_step"] = list(c.next_step)
        df["next_kind"] = list(c.next_kind)
        df["next_role"] = list(c.next_role)
        df["next_holders"] = [list(h) for h in c.next_holders]
        return df

    def items_of_meeting(self, meeting: str) -> List[str]:
        """Ids of the items agreed at ``meeting`` (the ``meeting`` column), in file order."""
        return self.ids(_L.items_of_meeting(self._c, str(meeting)))

    # ---- neighbour-leader evaluation ---------------------------------------------------
    def evaluate_leaders(
        self,
        as_of: Optional[DateLike] = None,
        thresholds: Optional[Mapping[str, float]] = None,
    ) -> LeaderEvaluation:
        """Evaluate the neighbour leaders on ``as_of``: whom to commend, whom to adjust.

        The rule is written once in C++ (``include/furong/domain/leader_evaluation.hpp``,
        docs/ledger.md); this method converts its arguments and its result. The numbers of
        leaders commended and adjusted come out of the ledger: no threshold is a count.

        Attribution: the leaders are the people holding a ``neighbour_leader`` role active on
        ``as_of``; an item counts for its owner when the owner is such a leader (raised on or
        before ``as_of``); households reached are those with an active ``contact`` link to a
        neighbourhood the leader leads.

        Decision: fewer than ``min_items`` items (dismissed ones left out): none. Else
        ``adjust`` when any adjust threshold is breached (closure rate by the due date, return
        visits within ``visit_days`` of resolution, households reached, overdue rate,
        complaint rate); else ``commend`` when every commend threshold is met; else none.

        Parameters
        ----------
        as_of : date or str, optional
            The day of the evaluation. ``None`` means no date filter: every
            ``neighbour_leader`` role and contact link counts whatever its dates, and the
            ledger is read on its last day (the last raised date, event or visit).
        thresholds : mapping, optional
            Overrides of :data:`DEFAULT_THRESHOLDS` by name.

        Returns
        -------
        LeaderEvaluation
            ``scores``: one row per leader, best first (``leader, score, households, items,
            due_items, closed_on_time, resolved_items, visited_on_time, overdue_items,
            complaints, closure_rate, visit_rate, overdue_rate, complaint_rate, decision,
            reasons``; ``score`` is the number of the five commend criteria met, ``decision``
            is ``"commend"``, ``"adjust"`` or ``""``, ``reasons`` names the breached or unmet
            criteria); ``commend`` and ``adjust``: person ids, sorted.

        Examples
        --------
        >>> import furong
        >>> ev = furong.datasets.furong().ledger.evaluate_leaders("2025-12-31")
        >>> len(ev.commend), len(ev.adjust), set(ev.commend) & set(ev.adjust)
        (374, 424, set())
        >>> len(furong.datasets.furong().ledger.evaluate_leaders(
        ...     "2025-12-31", thresholds={"commend_households": 30}).commend) < 374
        True
        """
        t = _E.Thresholds()
        for name, value in dict(thresholds or {}).items():
            if name not in DEFAULT_THRESHOLDS:
                raise ArgumentError(f"unknown threshold {name!r} (expected one of {', '.join(DEFAULT_THRESHOLDS)})")
            integral = isinstance(DEFAULT_THRESHOLDS[name], int)
            if isinstance(value, bool) or not isinstance(value, (int, float, _np.integer, _np.floating)) or (
                    integral and (float(value) != int(value) or value < 0)):
                raise ArgumentError(f"threshold {name!r}: expected {'an int >= 0' if integral else 'a number'}, "
                                    f"got {value!r}")
            setattr(t, name, int(value) if integral else float(value))
        r = _E.evaluate(self._c, _as_of(as_of), t)
        scores = _pd.DataFrame(r.to_dict())
        return LeaderEvaluation(scores, list(r.commend), list(r.adjust))


class Meetings:
    """Meetings of the closed loop (``net.ledger.meetings``): monthly three-party joint
    meetings of compounds, Furong Night Talk sessions, the Pioneer Community's annual meeting
    with its co-building agreements and service commitments.

    Examples
    --------
    >>> import furong
    >>> mt = furong.datasets.furong().ledger.meetings
    >>> mt.table()["kind"].value_counts().to_dict()
    {'joint': 6013, 'night_talk': 151, 'annual': 2}
    """

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger

    @property
    def _c(self) -> Any:
        return self._ledger._c

    def table(self) -> _pd.DataFrame:
        """Every meeting: ``id, kind, date, org, theme``, in file order."""
        r = _L.meetings(self._c)
        return _pd.DataFrame({"id": list(r.id), "kind": list(r.kind), "date": _ns(r.date), "org": list(r.org),
                             "theme": list(r.theme)})

    def attendance(self) -> _pd.DataFrame:
        """Who attended: ``meeting, party, attendee``."""
        r = _L.attendance(self._c)
        return _pd.DataFrame({"meeting": list(r.meeting), "party": list(r.party), "attendee": list(r.attendee)},
                            columns=["meeting", "party", "attendee"])

    @staticmethod
    def planned(rule: str, start: DateLike, end: DateLike) -> List[datetime.date]:
        """Planned dates of a schedule rule (see :func:`furong.ledger.planned`).

        Examples
        --------
        >>> from furong.ledger import Meetings
        >>> Meetings.planned("last friday", "2025-01-01", "2025-02-28")
        [datetime.date(2025, 1, 31), datetime.date(2025, 2, 28)]
        """
        return planned(rule, start, end)

    def missed_planned(self, rule: str, kind: str, org: str, start: DateLike, end: DateLike,
                       tolerance: int = 0) -> List[datetime.date]:
        """Planned dates of ``rule`` with no ``kind`` meeting at ``org`` within ``tolerance`` days."""
        found = _L.missed_planned(self._c, rule, kind, org, _day(start, "start"), _day(end, "end"), int(tolerance))
        return [d for d in found if d is not None]

    def missed_joint_meetings(self, year: int, month: int, compounds: Optional[Sequence[str]] = None) -> List[str]:
        """Compounds that held no three-party joint meeting in the month.

        Parameters
        ----------
        year, month : int
        compounds : sequence of str, optional
            The compounds expected to meet; by default every compound whose three-party
            linkage is complete (a valid party branch of its own or covering it, an owners'
            committee representing it, a property company serving it) on the first and the
            last day of the month: the one rule of ``furong/domain/three_party.hpp`` that the
            coverage audit and the ``three_party_complete`` policy use too.

        Returns
        -------
        list of str
            In network order (or the order given).

        Examples
        --------
        >>> import furong
        >>> missed = furong.datasets.furong().ledger.meetings.missed_joint_meetings(2025, 6)
        >>> 0 < len(missed) < 100
        True
        """
        return list(_L.missed_joint(self._c, int(year), int(month),
                                    None if compounds is None else [str(c) for c in compounds]))

    def night_talk_loop(self, as_of: DateLike) -> _pd.DataFrame:
        """Per night-talk session: items agreed there and raised by ``as_of``, how many are done
        and closed on ``as_of``, and the closed-loop rate (closed / agreed).

        Returns
        -------
        pandas.DataFrame
            ``meeting, date, org, theme, agreed, done, closed, rate``, by date then id.

        Examples
        --------
        >>> import furong
        >>> loop = furong.datasets.furong().ledger.meetings.night_talk_loop("2025-12-31")
        >>> len(loop), int(loop["agreed"].sum())
        (151, 1191)
        """
        r = _L.night_talk_loop(self._c, _as_of(as_of))
        return _pd.DataFrame({"meeting": list(r.meeting), "date": _ns(r.date), "org": list(r.org),
                             "theme": list(r.theme), "agreed": _np.asarray(r.agreed, dtype=_np.int64),
                             "done": _np.asarray(r.done, dtype=_np.int64), "closed": _np.asarray(r.closed, dtype=_np.int64),
                             "rate": _np.asarray(r.rate, dtype=float)})

    def four_party(self, as_of: DateLike = None) -> _pd.DataFrame:
        """Per night talk held by ``as_of`` (None: all): parties present, the four parties
        (department, street, community, resident) missing, and ``four_party`` (none missing).

        Examples
        --------
        >>> import furong
        >>> fp = furong.datasets.furong().ledger.meetings.four_party()
        >>> int((~fp["four_party"]).sum())
        15
        """
        r = _L.four_party(self._c, _as_of(as_of))
        return _pd.DataFrame({"meeting": list(r.meeting), "date": _ns(r.date), "org": list(r.org),
                             "theme": list(r.theme), "present": [list(p) for p in r.present],
                             "missing": [list(m) for m in r.missing],
                             "four_party": _np.asarray(r.four_party, dtype=bool)})

    def agreements(self, as_of: DateLike = None) -> _pd.DataFrame:
        """Co-building agreements valid on ``as_of`` (None: all): ``meeting, provider, compound,
        since, until`` (NaT: open-ended)."""
        r = _L.agreements(self._c, _as_of(as_of))
        return _pd.DataFrame({"meeting": list(r.meeting), "provider": list(r.provider), "compound": list(r.compound),
                             "since": _ns(r.since), "until": _ns(r.until)})

    def pairings(self, as_of: DateLike = None) -> _pd.DataFrame:
        """Pairing spans made by the agreements signed at meetings held by ``as_of`` (None: all).

        Per (provider, compound), agreements sorted by ``since``: one starting on or before
        the day after the current span ends renews it, a later one starts a new span.

        Returns
        -------
        pandas.DataFrame
            ``provider, compound, since, until, meetings, renewals``.
        """
        return _spans(_L.pairings(self._c, _as_of(as_of)))

    def commitments(self) -> _pd.DataFrame:
        """Service commitments: ``meeting, provider, summary, due, delivered`` (NaT: not yet)."""
        r = _L.commitments(self._c)
        return _pd.DataFrame({"meeting": list(r.meeting), "provider": list(r.provider), "summary": list(r.summary),
                             "due": _ns(r.due), "delivered": _ns(r.delivered)})

    def late_commitments(self, as_of: DateLike) -> _pd.DataFrame:
        """Commitments late on ``as_of``: due before it and not delivered by then, or delivered
        (by then) after the due date.

        Returns
        -------
        pandas.DataFrame
            ``meeting, provider, summary, due, delivered, was_delivered, days_late``.

        Examples
        --------
        >>> import furong
        >>> late = furong.datasets.furong().ledger.meetings.late_commitments("2025-12-31")
        >>> late["was_delivered"].value_counts().to_dict()
        {False: 30, True: 21}
        """
        r = _L.late_commitments(self._c, _as_of(as_of))
        return _pd.DataFrame({"meeting": list(r.meeting), "provider": list(r.provider), "summary": list(r.summary),
                             "due": _ns(r.due), "delivered": _ns(r.delivered),
                             "was_delivered": _np.asarray(r.was_delivered, dtype=bool),
                             "days_late": _np.asarray(r.days_late, dtype=_np.int64)})

    def apply_agreements(self, net: Optional[Network] = None, as_of: DateLike = None) -> _pd.DataFrame:
        """Create or renew pairing links from the agreements signed by ``as_of``.

        For each span of :meth:`pairings`: when no pairing link of the same provider and
        compound overlaps or touches it, a link is ``created``; when links cover part of it,
        links for the uncovered days are added (``renewed``); when links cover it all, it is
        ``kept``. All or nothing: ``net`` (by default the network this ledger belongs to) is
        changed only when every link could be added. The rule is in C++
        (``furong/domain/agreements.hpp``; the edit in ``furong/edit/agreements.hpp``).
        ``as_of=None``: no date filter (every agreement counts).

        Returns
        -------
        pandas.DataFrame
            :meth:`pairings` columns plus ``action`` and ``added`` (links added).

        Examples
        --------
        >>> import furong
        >>> net = furong.datasets.furong()
        >>> report = net.ledger.meetings.apply_agreements(net, "2025-12-31")
        >>> report["action"].value_counts().to_dict()   # the bundled links match the agreements
        {'kept': 114}
        """
        target = net if net is not None else self._ledger._network
        r = _L.apply_agreements(self._c, target.core, _as_of(as_of))
        df = _spans(r)
        df["action"] = list(r.action)
        df["added"] = [int(a) for a in r.added]
        return df


def _spans(r: Any) -> _pd.DataFrame:
    """The pairing-span columns of a C++ Pairings or AgreementChanges result."""
    return _pd.DataFrame({"provider": list(r.provider), "compound": list(r.compound), "since": _ns(r.since),
                         "until": _ns(r.until), "meetings": [list(m) for m in r.meetings],
                         "renewals": [int(x) for x in r.renewals]})


typed_errors(globals(), __all__)  # argument type errors leave as furong errors (furong._errors)
