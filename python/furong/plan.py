"""Planning: joint party branches, district-wide property areas, one policy per compound type
and what-if.

Both plans are one algorithm, the *threshold connected partition*: split every connected
group of candidate compounds (joined by active ``adjacent`` links, either direction) whose
total weight reaches a threshold into connected groups that each reach it, as many groups as
possible and, among those, with the lightest heaviest group. Components of up to 20
compounds are solved exactly; larger ones by a heuristic that still returns a valid
partition (``Plan.optimal`` says whether every component was proven optimal).

- :func:`branches`: per community, weight = party members, threshold 3 (a branch needs three
  full party members). A one-compound group builds its own branch (单独建), a larger group a
  joint branch (联合建); ``uncovered`` compounds need the community party committee's
  direct coverage.
- :func:`property_areas`: per street, old compounds with no active ``serves`` link, weight =
  households, threshold ``min_households``: each group is one district-wide property area
  (片区大物业).
- :func:`partition`: the algorithm itself on any weights and adjacency.
- :func:`policy_gaps`: the checks of each compound type's policy (一类一策) that fail, from
  the editable table ``furong/data/policies.csv`` (:func:`load_policies`).
- :func:`whatif`: the coverage audit, single points of failure and the plans before and after
  removing organisations or people (:meth:`furong.Network.without`).

``as_of`` is a ``datetime.date`` or ``"YYYY-MM-DD"``; ``None`` keeps every link whatever its
dates. See docs/planning.md.
"""

from __future__ import annotations

import datetime
import json
import os as _os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as _np
import pandas as _pd

from . import _core
from ._dates import as_date
from ._errors import ArgumentError, UnknownIdError, typed_errors

if TYPE_CHECKING:  # pragma: no cover
    from .network import DateLike, Network, PathLike

__all__ = [
    "PLAN_JSON_KEYS",
    "POLICY_CHECKS",
    "Plan",
    "branches",
    "default_policies_path",
    "load_policies",
    "load_meetings",
    "partition",
    "policy_gaps",
    "property_areas",
    "whatif",
]

#: Keys of :meth:`Plan.to_dict` (and of ``furong plan ... --json``), in order.
PLAN_JSON_KEYS = ("groups", "uncovered", "optimal")

#: Names of the checks a policy table may use.
POLICY_CHECKS: Tuple[str, ...] = tuple(_core.plan.CHECKS)


def _core_net(net: Network) -> Any:
    return net.core


class Plan:
    """The result of :func:`branches`, :func:`property_areas` or :func:`partition`.

    Attributes
    ----------
    kind : str
        ``"branches"``, ``"property_areas"`` or ``"partition"``.
    groups : pandas.DataFrame
        One row per group: ``compounds`` (list of ids, ascending index order), ``size``,
        ``weight`` (party members or households), ``scope`` (community or street id; None
        for :func:`partition`) and ``joint`` (more than one compound).
    uncovered : list of str
        Candidates in connected components lighter than the threshold.
    optimal : bool
        True when every component was solved exactly (proven optimal).
    threshold : int
        The minimum group weight.
    as_of : datetime.date or None
        The date whose links were read.
    stats : dict
        ``candidates``, ``components``, ``heuristic_components``, ``largest_component``.

    Examples
    --------
    >>> import furong
    >>> p = furong.plan.partition({"a": 2, "b": 1, "c": 1, "d": 2}, [("a", "b"), ("b", "c"), ("c", "d")], 3)
    >>> p.groups["compounds"].tolist(), p.optimal
    ([['a', 'b'], ['c', 'd']], True)
    >>> p.to_dict()
    {'groups': [{'compounds': ['a', 'b'], 'weight': 3}, {'compounds': ['c', 'd'], 'weight': 3}], 'uncovered': [], 'optimal': True}
    """

    def __init__(self, kind: str, result: Any, as_of: Optional[datetime.date] = None) -> None:
        if not isinstance(result, Mapping):  # a bound _core.plan.PlanResult
            result = {k: getattr(result, k) for k in ("groups", "weights", "scopes", "uncovered", "optimal", "threshold",
                                                      "candidates", "components", "heuristic_components",
                                                      "largest_component")}
        self.kind = kind
        groups: List[List[str]] = [list(g) for g in result["groups"]]
        weights = [int(w) for w in result["weights"]]
        scopes: List[Optional[str]] = list(result.get("scopes", [None] * len(groups)))
        self.groups: _pd.DataFrame = _pd.DataFrame(
            {
                "compounds": _pd.Series(groups, dtype=object),
                "size": _pd.Series([len(g) for g in groups], dtype=_np.int64),
                "weight": _pd.Series(weights, dtype=_np.int64),
                "scope": _pd.Series(scopes, dtype=object),
                "joint": _pd.Series([len(g) > 1 for g in groups], dtype=bool),
            }
        )
        self.uncovered: List[str] = [str(c) for c in result["uncovered"]]
        self.optimal: bool = bool(result["optimal"])
        self.threshold: int = int(result.get("threshold", 0))
        self.as_of = as_of
        self.stats: Dict[str, int] = {
            k: int(result[k]) for k in ("candidates", "components", "heuristic_components", "largest_component")
            if k in result
        }

    def __repr__(self) -> str:
        joint = int(self.groups["joint"].sum())
        return (f"<furong.plan.Plan {self.kind}: {len(self.groups)} groups ({joint} joint), "
                f"{len(self.uncovered)} uncovered, optimal={self.optimal}>")

    def group_of(self) -> Dict[str, int]:
        """Map every grouped compound id to its group number (row of :attr:`groups`).

        Examples
        --------
        >>> import furong
        >>> furong.plan.partition({"a": 3, "b": 3}, [("a", "b")], 3).group_of()
        {'a': 0, 'b': 1}
        """
        return {c: i for i, members in enumerate(self.groups["compounds"]) for c in members}

    def to_dict(self) -> Dict[str, Any]:
        """``{"groups": [{"compounds": [ids], "weight": n}], "uncovered": [ids], "optimal": bool}``.

        Exactly these keys (:data:`PLAN_JSON_KEYS`), as ``furong plan ... --json`` prints.
        """
        return {
            "groups": [{"compounds": list(c), "weight": int(w)}
                       for c, w in zip(self.groups["compounds"], self.groups["weight"])],
            "uncovered": list(self.uncovered),
            "optimal": self.optimal,
        }

    def to_json(self, indent: Optional[int] = None) -> str:
        """:meth:`to_dict` as a JSON string (ids kept as UTF-8 text).

        Examples
        --------
        >>> import furong
        >>> furong.plan.partition({"a": 1}, [], 3).to_json()
        '{"groups": [], "uncovered": ["a"], "optimal": true}'
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def apply(self, net: Network, since: DateLike, replace: bool = True) -> List[str]:
        """Write the plan into ``net`` (edited in place) from ``since`` on.

        Branch plans: a branch whose active covers links on ``since`` are exactly a group's
        compounds is kept; every other group gets a new branch (under the compound when
        alone, id ``br-<compound>``; under the community when joint, id
        ``br-<community>-joint``; suffixed ``-2``... when taken) with a ``covers`` link to
        each compound. With ``replace``, other covers links to planned compounds end the day
        before ``since``. Property plans: a new ``property_company`` per group under its
        street (id ``pc-area-<street>``, named ``<street>片区大物业``) with ``serves`` links.

        Returns
        -------
        list of str
            Ids of the organisations added.

        Raises
        ------
        ArgumentError
            ``since`` missing, or a :func:`partition` plan (nothing to write back).
        UnknownIdError
            A planned compound is not in ``net``.

        Examples
        --------
        >>> import furong
        >>> net = furong.datasets.furong()
        >>> plan = furong.plan.property_areas(net, "2025-06-01")
        >>> added = plan.apply(net, "2026-01-01")
        >>> len(added) == len(plan.groups), furong.plan.property_areas(net, "2026-01-01").groups.empty
        (True, True)
        """
        if since is None:
            raise ArgumentError("apply needs the date the plan takes effect (since)")
        groups = [list(g) for g in self.groups["compounds"]]
        if self.kind == "branches":
            return [str(i) for i in _core.plan.apply_branch_plan(_core_net(net), groups, _date_arg(since), bool(replace))]
        if self.kind == "property_areas":
            return [str(i) for i in _core.plan.apply_property_plan(_core_net(net), groups, _date_arg(since))]
        raise ArgumentError(f"a {self.kind} plan has nothing to write back into a network")


def _day(as_of: DateLike) -> Optional[datetime.date]:
    return None if as_of is None else as_date(as_of, "as_of")


def _date_arg(as_of: DateLike) -> Any:
    # The caster takes a date or None (no as-of filter); strings are parsed here first so
    # that a malformed date is an ArgumentError naming it.
    return _day(as_of)


def branches(net: Network, as_of: DateLike = None, threshold: int = 3, exact_limit: int = 20) -> Plan:
    """Joint party branches: which compounds build a branch alone and which jointly.

    Parameters
    ----------
    net : Network
        The district.
    as_of : date or str, optional
        Read the ``adjacent`` links active on that day (``None``: all of them).
    threshold : int
        Party members a branch needs (3).
    exact_limit : int
        Largest connected group of compounds solved exactly (at most 22).

    Returns
    -------
    Plan
        One group per planned branch (``scope`` = community); ``uncovered`` compounds need
        the community party committee's direct coverage.

    Raises
    ------
    ArgumentError
        Negative threshold, exact limit above 22, malformed date.

    Notes
    -----
    Per community: O(k + m) to gather k compounds and m adjacent links, then the exact
    search (O(k 3^k) worst case, milliseconds for k <= 20) or the linear heuristic.

    Examples
    --------
    >>> import furong
    >>> plan = furong.plan.branches(furong.datasets.furong(), as_of="2025-06-01")
    >>> bool((plan.groups["weight"] >= 3).all()), len(plan.uncovered)
    (True, 0)
    >>> plan.stats["largest_component"] > 20, plan.optimal  # big communities: heuristic, not proven
    (True, False)
    """
    r = _core.plan.branches(_core_net(net), _date_arg(as_of), int(threshold), int(exact_limit))
    return Plan("branches", r, _day(as_of))


def property_areas(net: Network, as_of: DateLike = None, min_households: int = 300,
                   exact_limit: int = 20) -> Plan:
    """District-wide property areas: adjacent old compounds without property management that
    share one professional provider (片区大物业).

    Parameters
    ----------
    net : Network
        The district.
    as_of : date or str, optional
        Read ``adjacent`` and ``serves`` links active on that day (``None``: all of them).
    min_households : int
        Households an area needs to sustain a provider.
    exact_limit : int
        Largest connected group solved exactly.

    Returns
    -------
    Plan
        One group per area (``scope`` = street); ``uncovered`` old compounds sit in clusters
        too small for one.

    Raises
    ------
    ArgumentError
        Negative ``min_households``.

    Examples
    --------
    >>> import furong
    >>> plan = furong.plan.property_areas(furong.datasets.furong(), as_of="2025-06-01", min_households=300)
    >>> plan.stats["candidates"], bool((plan.groups["weight"] >= 300).all())
    (495, True)
    """
    r = _core.plan.property_areas(_core_net(net), _date_arg(as_of), int(min_households), int(exact_limit))
    return Plan("property_areas", r, _day(as_of))


def partition(weights: Union[Mapping[str, int], Sequence[int]], edges: Sequence[Tuple[Any, Any]], threshold: int,
              exact_limit: int = 20) -> Plan:
    """The threshold connected partition on plain inputs.

    Parameters
    ----------
    weights : mapping id -> int, or sequence of int
        Candidates and their weights (>= 0). With a sequence the ids are the positions
        (as ``str``).
    edges : sequence of (id, id)
        Undirected adjacency between candidates (with a sequence of weights: positions).
    threshold : int
        Minimum group weight (>= 0).
    exact_limit : int
        Largest component solved exactly (at most 22).

    Returns
    -------
    Plan
        ``kind == "partition"``; groups list candidate ids in the order of ``weights``.

    Raises
    ------
    ArgumentError
        A negative weight or threshold, or a non-integer weight.
    UnknownIdError
        An edge names an id that is not a candidate (``.id`` holds it).

    Examples
    --------
    >>> import furong
    >>> furong.plan.partition([5, 5, 1], [(0, 1), (1, 2)], 5).groups["compounds"].tolist()
    [['0'], ['1', '2']]
    >>> furong.plan.partition({"a": 1}, [("a", "z")], 1)
    Traceback (most recent call last):
    ...
    furong._errors.UnknownIdError: adjacency names 'z', which is not a candidate
    """
    if isinstance(weights, Mapping):
        ids = [str(k) for k in weights.keys()]
        values = list(weights.values())
        pos: Dict[Any, int] = {k: i for i, k in enumerate(weights.keys())}
    else:
        values = list(weights)
        ids = [str(i) for i in range(len(values))]
        pos = {i: i for i in range(len(values))}
    w: List[int] = []
    for i, v in zip(ids, values):
        if isinstance(v, bool) or not isinstance(v, (int, _np.integer)):
            raise ArgumentError(f"weight of '{i}' must be an integer, got {v!r}")
        if v < 0:
            raise ArgumentError(f"weight of '{i}' is negative ({int(v)})")
        w.append(int(v))
    if threshold < 0:
        raise ArgumentError(f"threshold must be >= 0, got {threshold}")
    e: List[Tuple[int, int]] = []
    for a, b in edges:
        for x in (a, b):
            if x not in pos:
                err = UnknownIdError(f"adjacency names '{x}', which is not a candidate")
                err.id = str(x)
                raise err
        e.append((pos[a], pos[b]))
    r = _core.plan.partition(w, e, int(threshold), int(exact_limit))
    result = {
        "groups": [[ids[m] for m in g] for g in r.groups],
        "weights": r.weights,
        "uncovered": [ids[m] for m in r.uncovered],
        "optimal": r.optimal,
        "threshold": threshold,
    }
    return Plan("partition", result)


# ---- one policy per compound type ---------------------------------------------------------

def default_policies_path() -> Path:
    """The policy table shipped with the package (``furong/data/policies.csv``).

    Examples
    --------
    >>> import furong
    >>> furong.plan.default_policies_path().name
    'policies.csv'
    """
    return Path(__file__).resolve().parent / "data" / "policies.csv"


def load_policies(path: Optional[PathLike] = None) -> _pd.DataFrame:
    """Read a policy table: CSV ``compound_type,check,description``, one check per row.

    Parameters
    ----------
    path : str or path, optional
        A planner's own table; ``None`` reads the shipped one.

    Raises
    ------
    InputError
        Missing columns, an unknown compound type or check (file, line and column named).

    Examples
    --------
    >>> import furong
    >>> t = furong.plan.load_policies()
    >>> t.groupby("compound_type")["check"].apply(list).to_dict()["old"]
    ['property_coverage']
    """
    p = Path(_os.fspath(path)) if path is not None else default_policies_path()
    f = _core.plan.read_policies(p)  # InputError with file, line and column from the C++ reader
    return _pd.DataFrame({"compound_type": _pd.Series(list(f.compound_type), dtype=object),
                         "check": _pd.Series(list(f.check), dtype=object),
                         "description": _pd.Series(list(f.description), dtype=object)})


def load_meetings(source: Union[PathLike, _pd.DataFrame]) -> _pd.DataFrame:
    """Joint meetings (``kind == "joint"``) from ``meetings.csv``, a directory holding it, or
    a DataFrame with columns ``kind, date, org``: columns ``org`` (compound id) and ``date``.

    Files are read by the C++ meetings reader of the ledger (positioned
    :class:`furong.InputError`); meetings of organisations that are not compounds of a
    network are kept here (:func:`policy_gaps` ignores them).

    Examples
    --------
    >>> import furong
    >>> m = furong.plan.load_meetings(furong.datasets.furong_path())
    >>> len(m) > 6000, list(m.columns)
    (True, ['org', 'date'])
    """
    kinds, orgs, days = _meeting_columns(source)
    keep = [k == "joint" for k in kinds]
    return _pd.DataFrame({"org": _np.array([o for o, x in zip(orgs, keep) if x], dtype=object),
                         "date": _np.array([d for d, x in zip(days, keep) if x], dtype=object)})


def _meeting_columns(source: Union[PathLike, _pd.DataFrame]) -> Tuple[List[str], List[str], List[datetime.date]]:
    """(kind, org, date) of every meeting of a DataFrame or a meetings file, dates as dates."""
    if isinstance(source, _pd.DataFrame):
        for c in ("kind", "date", "org"):
            if c not in source.columns:
                raise ArgumentError(f"meetings need the columns kind, date, org (missing '{c}')")
        return ([str(k) for k in source["kind"]], [str(o) for o in source["org"]],
                [as_date(d, "meeting date") for d in source["date"]])
    t = _core.ledger.read_meetings(Path(_os.fspath(source)))
    return list(t.kind), list(t.org), list(_np.asarray(t.date, dtype="datetime64[D]").tolist())


def policy_gaps(net: Network, as_of: DateLike = None,
                policies: Union[None, PathLike, _pd.DataFrame] = None,
                meetings: Union[None, PathLike, _pd.DataFrame] = None,
                meeting_months: int = 3) -> _pd.DataFrame:
    """The checks of its type's policy (一类一策) that each compound fails on ``as_of``.

    Checks (all links "active on ``as_of``"; ``as_of=None``: every link and role counts
    whatever its dates):

    - ``three_party_complete``: its three-party linkage is complete - a valid party branch (its
      own, or one covering it, whose compounds have at least 3 party members), an owners'
      committee representing it and a property company serving it: the one rule of
      ``domain/three_party.hpp``, so exactly the compounds :func:`furong.reachability.audit`
      lists without a three-party gap;
    - ``monthly_joint_meetings``: a joint meeting of the compound in each of the
      ``meeting_months`` whole months before the month of ``as_of``; status ``unknown`` when
      no ``meetings`` are given or ``as_of`` is None;
    - ``responsible_unit_paired``: an active pairing from an agency or a unit;
    - ``public_income_plan``: the compound attribute (extra column) ``public_income_plan`` is
      not empty;
    - ``property_coverage``: an active serves link (own company or a district-wide area);
    - ``self_governance_team``: a team whose name contains 自治 or whose attribute
      ``team_type`` is ``self_governance`` supports it (active supports link), or sits under
      it with at least one active member.

    Parameters
    ----------
    net : Network
        The district.
    as_of : date or str, optional
        The day of the audit (``None``: every link whatever its dates).
    policies : path or DataFrame, optional
        A policy table (:func:`load_policies`); ``None``: the shipped one.
    meetings : path or DataFrame, optional
        ``meetings.csv`` (or its directory, or a DataFrame) for the meeting check.
    meeting_months : int
        Months the meeting check looks back (1..24).

    Returns
    -------
    pandas.DataFrame
        Columns ``compound, compound_type, check, status`` (``failed`` or ``unknown``),
        ``description``; one row per failed check, by compound index.

    Examples
    --------
    >>> import furong
    >>> net = furong.datasets.furong()
    >>> gaps = net.policy_gaps("2025-06-01")
    >>> sorted(set(gaps["check"]))[:2]
    ['monthly_joint_meetings', 'property_coverage']
    >>> with_meetings = furong.plan.policy_gaps(net, "2025-06-01", meetings=furong.datasets.furong_path())
    >>> set(with_meetings["status"])
    {'failed'}
    """
    table = policies if isinstance(policies, _pd.DataFrame) else load_policies(policies)
    for c in ("compound_type", "check"):
        if c not in table.columns:
            raise ArgumentError(f"a policy table needs the columns compound_type, check (missing '{c}')")
    checks: Dict[str, List[str]] = {}
    for t, c in zip(table["compound_type"].astype(str), table["check"].astype(str)):
        checks.setdefault(t, []).append(c)
    descriptions = {(str(t), str(c)): str(d) for t, c, d in
                    zip(table["compound_type"], table["check"],
                        table["description"] if "description" in table.columns else [""] * len(table))}
    kinds: Optional[List[str]] = None
    orgs: Optional[List[str]] = None
    days: Optional[List[datetime.date]] = None
    if meetings is not None:
        kinds, orgs, days = _meeting_columns(meetings)
    r = _core.plan.policy_gaps(_core_net(net), _date_arg(as_of), list(checks.items()), int(meeting_months),
                               None, kinds, orgs, days)
    df = _pd.DataFrame({
        "compound": _np.array(list(r.compound), dtype=object),
        "compound_type": _np.array(list(r.compound_type), dtype=object),
        "check": _np.array(list(r.check), dtype=object),
        "status": _np.array(list(r.status), dtype=object),
    })
    df["description"] = [descriptions.get((t, c), "") for t, c in zip(df["compound_type"], df["check"])]
    return df


# ---- what-if ----------------------------------------------------------------------------

def whatif(net: Network, remove: Union[str, Sequence[str]], as_of: DateLike) -> Dict[str, Any]:
    """What changes when organisations or people leave on ``as_of``.

    Compares the network with :meth:`furong.Network.without` ``(remove, as_of)`` on
    ``as_of``: the coverage audit (households that lose their contact, compounds that lose
    their branch or their pairing, three-party gaps), single points of failure (households
    whose contacts hang on one neighbour leader), the joint-branch plan and the property
    plan, and the optimal co-building total (:func:`furong.match.co_building` with its
    defaults). The comparison is one C++ function (``domain/whatif.hpp``).

    Parameters
    ----------
    net : Network
        The district.
    remove : str or sequence of str
        Organisation or person ids.
    as_of : date or str
        The day they leave (their links and roles end the day before); required.

    Returns
    -------
    dict
        ``as_of``, ``removed``, ``audit`` (per gap: ``before``, ``after``, ``new``: ids that
        lose coverage, ``restored``; for ``three_party_gaps`` also ``changed``: compounds
        already in a gap that now miss another party), ``single_points_of_failure`` (``before``, ``after``,
        ``people_before``, ``people_after``, ``new_people``), ``branch_plan`` and
        ``property_plan`` (groups, joint groups, uncovered, optimal; before/after),
        ``co_building_total`` (``before``, ``after``).

    Raises
    ------
    UnknownIdError
        An id names neither an organisation nor a person (``.id`` holds it).
    ArgumentError
        ``as_of`` missing or malformed.

    Examples
    --------
    >>> import furong
    >>> net = furong.datasets.furong()
    >>> r = furong.plan.whatif(net, ["nb-wenyilu-01-001"], "2025-06-01")
    >>> r["audit"]["households_without_contact"]["after"] > r["audit"]["households_without_contact"]["before"]
    True
    """
    ids = [remove] if isinstance(remove, str) else [str(i) for i in remove]
    if as_of is None:
        raise ArgumentError("whatif needs the date the removal takes effect (as_of)")
    return dict(_core.plan.whatif(_core_net(net), ids, _date_arg(as_of)).to_dict())


typed_errors(globals(), __all__)  # argument type errors leave as furong errors (furong._errors)
