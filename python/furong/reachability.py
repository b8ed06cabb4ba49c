"""Reachability and coverage: ancestor tests, k-hop reach on a date, escalation paths,
single points of failure and the household coverage audit.

Every function takes a :class:`furong.Network` first; :class:`~furong.Network` has the same
functions as methods (``net.reachable(...)`` is ``reachability.reachable(net, ...)``).
The work runs in C++ on the network's immutable snapshot, without the GIL.

Edge kinds (``via``): ``"hierarchy"`` (parent -> child) and the link kinds of
``furong.LINK_KINDS`` (followed from source to target); ``undirected=True``
follows every chosen edge both ways. ``via`` is a sequence of names or one comma-separated
string. ``as_of`` (a ``datetime.date`` or ``"YYYY-MM-DD"``) keeps only links and roles
active on that day; ``None`` keeps all of them whatever their dates.

Errors: an unknown id raises :class:`furong.UnknownIdError` (a ``KeyError`` naming the id);
an unknown edge kind, a negative hop limit or a malformed date raise
:class:`furong.ArgumentError` (a ``ValueError``).
"""

from __future__ import annotations

import datetime
import weakref
from typing import TYPE_CHECKING, Any, Dict, List, NamedTuple, Optional, Sequence, Union

import numpy as _np
import pandas as _pd

from . import _core
from ._dates import as_date
from ._errors import ArgumentError, typed_errors
from ._frames import categories

if TYPE_CHECKING:  # pragma: no cover
    from .network import DateLike, Network

__all__ = [
    "AUDIT_KEYS",
    "Audit",
    "ReachablePath",
    "Via",
    "audit",
    "critical",
    "critical_people",
    "escalation_path",
    "immediate_dominators",
    "is_ancestor",
    "reach",
    "reachable",
]

Via = Union[str, Sequence[str]]
IdsOrIndices = Union[str, int, Sequence[str], "_np.ndarray[Any, Any]"]

#: Top-level keys of :func:`audit` (and of ``furong audit --json``), in order.
AUDIT_KEYS = (
    "as_of",
    "households_without_contact",
    "compounds_without_branch",
    "compounds_without_pairing",
    "buildings_without_leader",
    "grids_without_worker",
    "three_party_gaps",
    "streets",
    "summary",
)


class Audit(Dict[str, Any]):
    """The result of :func:`audit`: the plain dict of :data:`AUDIT_KEYS` (lists of ids, one
    dict per street, the summary; what ``furong audit --json`` prints), with DataFrames as
    attributes, like the results of the other areas.

    Attributes
    ----------
    as_of : datetime.date or None
        The day audited (None: every link and role).
    streets : DataFrame
        One row per street: ``street``, ``name`` and the counts.
    gaps : DataFrame
        One row per gap: ``gap`` (``households_without_contact``, ``compounds_without_branch``,
        ``compounds_without_pairing``, ``buildings_without_leader``, ``grids_without_worker``)
        and ``id``.
    three_party : DataFrame
        One row per compound missing a party: ``compound``, ``missing`` (list of kinds),
        ``one_shoulder``.
    ratios : pandas.Series
        The summary's counts and coverage ratios.

    Examples
    --------
    >>> import furong
    >>> r = furong.synth.city(households=500, seed=3).audit("2025-06-30")
    >>> bool(r["summary"]["households"] == r.streets["households"].sum() == r.ratios["households"])
    True
    >>> set(r.gaps["gap"]) <= set(AUDIT_KEYS[1:6]) and len(r.gaps) == sum(len(r[k]) for k in AUDIT_KEYS[1:6])
    True
    """

    @property
    def as_of(self) -> Optional[datetime.date]:
        day = self["as_of"]
        return None if day is None else datetime.date.fromisoformat(day)

    @property
    def streets(self) -> _pd.DataFrame:
        return _pd.DataFrame(self["streets"], columns=None if self["streets"] else ["street", "name"])

    @property
    def gaps(self) -> _pd.DataFrame:
        rows = [(key, i) for key in AUDIT_KEYS[1:6] for i in self[key]]
        return _pd.DataFrame(rows, columns=["gap", "id"]).astype({"gap": "category"})

    @property
    def three_party(self) -> _pd.DataFrame:
        return _pd.DataFrame(self["three_party_gaps"], columns=["compound", "missing", "one_shoulder"])

    @property
    def ratios(self) -> "_pd.Series[Any]":
        return _pd.Series(self["summary"])

    def to_dict(self) -> Dict[str, Any]:
        """The plain dict (a copy)."""
        return dict(self)

    def __repr__(self) -> str:
        s = self["summary"]
        return (f"<furong audit as of {self['as_of'] or 'any date'}: {s['households_without_contact']} of "
                f"{s['households']} households without a contact, {s['three_party_gaps']} three-party gaps>")


class ReachablePath(NamedTuple):
    """A fewest-hops path: ``hops`` edges, ``path`` the ``hops + 1`` ids from source to target."""

    hops: int
    path: List[str]


def _core_net(net: Network) -> Any:
    return net.core


def _date_arg(as_of: DateLike) -> Any:
    # None: no as-of filter (every link and role whatever its dates).
    return None if as_of is None else as_date(as_of, "as_of")


def _hops_arg(max_hops: Optional[int]) -> Optional[int]:
    if max_hops is None:
        return None
    if isinstance(max_hops, bool) or not isinstance(max_hops, (int, _np.integer)):
        raise ArgumentError(f"max_hops must be an int >= 0 or None, got {max_hops!r}")
    return int(max_hops)


def _ids(net: Network, indices: _np.ndarray[Any, Any]) -> List[str]:
    return list(_core.reach.ids(_core_net(net), _np.asarray(indices, dtype=_np.int64)))


# Per network: (revision, the categorical dtype whose categories are every id in index order).
# One string array per network revision; results hold integer codes into it.
_ID_DTYPES: "weakref.WeakKeyDictionary[Any, Any]" = weakref.WeakKeyDictionary()


def _id_dtype(net: Network) -> Any:
    """``(revision, dtype)``: the cached ``CategoricalDtype`` of every organisation id of ``net``
    (category i is the id of index i) and the revision it belongs to, rebuilt after an edit.
    With pyarrow the categories are an Arrow string array made from the core's buffers, so no
    Python ``str`` is created per id."""
    cached = _ID_DTYPES.get(net)
    if cached is not None and cached[0] == net.revision:
        return cached
    revision, offsets, utf8 = _core.reach.id_table(_core_net(net))
    try:
        import pyarrow as pa  # type: ignore[import-untyped]

        strings = pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(utf8))
        values: Any = _pd.array(strings, dtype=_pd.ArrowDtype(pa.large_string()))
    except ImportError:  # pragma: no cover - pyarrow is optional
        raw = bytes(utf8)
        values = _np.array([raw[a:b].decode() for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist())], dtype=object)
    # Ids are unique by construction (the core's id table): skip pandas' uniqueness check (a
    # hash of every id) where this pandas has the fast path, else let it check.
    index = _pd.Index(values, copy=False)
    fast = getattr(_pd.CategoricalDtype, "_from_fastpath", None)
    dtype = fast(index, ordered=False) if fast is not None else _pd.CategoricalDtype(index, ordered=False)
    entry = (int(revision), dtype)
    _ID_DTYPES[net] = entry
    return entry


def _id_column(net: Network, result: Any) -> Any:
    """The ``id`` column of a result holding indices: a categorical whose codes are the indices
    (``pandas.Categorical``; ids become Python strings only when read)."""
    revision, dtype = _id_dtype(net)
    if revision != int(result.revision):  # the network was edited meanwhile (another thread)
        return _np.array(_ids(net, result.index), dtype=object)
    return _pd.Categorical.from_codes(_np.asarray(result.index), dtype=dtype, validate=False)


def is_ancestor(net: Network, a: IdsOrIndices, b: IdsOrIndices) -> Any:
    """Whether ``a`` lies strictly above ``b`` in the hierarchy.

    Parameters
    ----------
    a, b : str, int, sequence of str, or numpy array
        Two ids (or indices) for one test, or two equally long arrays of ids or of indices
        (from ``net.index_of(ids)``) for a batch.

    Returns
    -------
    bool or numpy.ndarray of bool
        One answer, or one per pair.

    Notes
    -----
    O(1) per pair: pre-order interval labels of the hierarchy. The batch runs in C++ without
    the GIL; pass integer index arrays for the fastest path (ids are looked up first).

    Examples
    --------
    >>> import furong
    >>> net = furong.synth.city(households=500, seed=3)
    >>> net.is_ancestor("furong", "h1"), net.is_ancestor("h1", "furong")
    (True, False)
    >>> net.is_ancestor(["furong", "h1"], ["h1", "h1"]).tolist()
    [True, False]
    """
    def one(x: Any) -> Any:
        return [x] if isinstance(x, str) else _np.array([x], dtype=_np.int64)

    scalar = isinstance(a, (str, int, _np.integer)) and isinstance(b, (str, int, _np.integer))
    out = _core.reach.is_ancestor(_core_net(net), one(a) if scalar else a, one(b) if scalar else b)
    return bool(out[0]) if scalar else out


def reachable(
    net: Network,
    src: str,
    dst: str,
    via: Via = ("hierarchy",),
    max_hops: Optional[int] = None,
    as_of: DateLike = None,
    undirected: bool = False,
) -> Optional[ReachablePath]:
    """A fewest-hops path from ``src`` to ``dst`` over the edge kinds in ``via``, or None.

    Parameters
    ----------
    src, dst : str
        Organisation ids.
    via : sequence of str or str
        Edge kinds to follow: ``"hierarchy"`` (parent -> child) and link kinds.
    max_hops : int, optional
        At most this many edges (``None``: no limit).
    as_of : date or str, optional
        Follow only links active on that day (``None``: every link).
    undirected : bool
        Follow every chosen edge both ways.

    Returns
    -------
    ReachablePath or None
        ``(hops, path)`` with the ids from ``src`` to ``dst``; ``None`` when unreachable.

    Notes
    -----
    Bidirectional breadth-first search, time and memory proportional to what the two
    searches touch (at worst O(V + E)).

    Examples
    --------
    >>> import furong
    >>> net = furong.synth.city(households=500, seed=3)
    >>> net.reachable("h1", "furong") is None      # the hierarchy runs downwards
    True
    >>> net.reachable("h1", "furong", undirected=True).hops > 0
    True
    """
    r = _core.reach.reachable(_core_net(net), src, dst, via, _hops_arg(max_hops), _date_arg(as_of), bool(undirected))
    return None if r is None else ReachablePath(int(r.hops), list(r.path))


def reach(
    net: Network,
    src: str,
    via: Via = ("hierarchy",),
    max_hops: Optional[int] = None,
    as_of: DateLike = None,
    undirected: bool = False,
) -> _pd.DataFrame:
    """Every organisation reachable from ``src``, with its hop distance.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, kind, hops`` by hop count (``src`` first, at 0). ``id`` is a categorical
        whose codes are the organisation indices and whose categories are every id of the
        network (one array per network revision, shared by all results): no Python string is
        made per row until a value is read (``df["id"].cat.codes`` are the indices).

    Notes
    -----
    Direction-optimising breadth-first search (levels expanded top-down, or bottom-up when
    the frontier is large; within a level, discovery order top-down and index order
    bottom-up): O(V' + E') for what is reached.

    Examples
    --------
    >>> import furong
    >>> net = furong.synth.city(households=500, seed=3)
    >>> df = net.reach("furong", max_hops=1)
    >>> df["id"].iloc[0], sorted(set(df["hops"].tolist()))
    ('furong', [0, 1])
    """
    r = _core.reach.reach(_core_net(net), src, via, _hops_arg(max_hops), _date_arg(as_of), bool(undirected))
    return _pd.DataFrame(
        {
            "id": _id_column(net, r),
            "kind": categories(r.kind, _core.ORG_KINDS),
            "hops": r.hops.astype(_np.int64),
        }
    )


def escalation_path(net: Network, org: str, as_of: DateLike = None) -> Dict[str, Any]:
    """The chain a resident's demand climbs from a household, building or compound.

    A household with an active contact link climbs its neighbour team: household ->
    neighbourhood -> group -> area -> community -> street -> district; without one, and for
    buildings and compounds, it climbs the hierarchy with the compound's party branch after
    the compound. Each step lists the people holding its responsible role on ``as_of``.

    Returns
    -------
    dict
        ``org``; ``steps`` (each ``org, kind, name, role, holders, via``); ``compound``;
        ``providers`` (agencies and units paired with the compound, holders = their
        ``unit_contact``); ``via_contact``; ``staffed`` (every role on the chain is held).

    Raises
    ------
    ArgumentError
        ``org`` is not a household, building or compound.

    Examples
    --------
    >>> import furong
    >>> net = furong.synth.city(households=500, seed=3)
    >>> [s["kind"] for s in net.escalation_path("h1")["steps"]]
    ['household', 'neighbourhood', 'group', 'area', 'community', 'street', 'district']
    """
    return dict(_core.reach.escalation_path(_core_net(net), org, _date_arg(as_of)).to_dict())


def critical(
    net: Network,
    source: str,
    via: Via = ("hierarchy",),
    target_kind: str = "household",
    as_of: DateLike = None,
    undirected: bool = False,
) -> _pd.DataFrame:
    """Single points of failure: organisations whose loss cuts targets off from ``source``.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, kind, cut_off`` (targets every path to which passes through it), most
        first; ``id`` is a categorical over the network's ids, as in :func:`reach`. ``df.attrs`` holds ``targets_reachable`` and ``targets_unreachable``. The
        source is never listed; a target is listed only when other targets depend on it.

    Notes
    -----
    Dominator tree (Lengauer-Tarjan, O(E log V)) of the graph reachable from ``source``
    over the chosen edges; counts are subtree sizes.

    Examples
    --------
    >>> import furong
    >>> net = furong.synth.city(households=500, seed=3)
    >>> df = net.critical("furong")
    >>> int(df["cut_off"].iloc[0]) == df.attrs["targets_reachable"]  # a street of a 1-street city
    True
    """
    r = _core.reach.critical(_core_net(net), source, via, target_kind, _date_arg(as_of), bool(undirected))
    df = _pd.DataFrame(
        {
            "id": _id_column(net, r),
            "kind": categories(r.kind, _core.ORG_KINDS),
            "cut_off": r.cut_off.astype(_np.int64),
        }
    )
    df.attrs["targets_reachable"] = int(r.targets_reachable)
    df.attrs["targets_unreachable"] = int(r.targets_unreachable)
    return df


def immediate_dominators(
    net: Network, source: str, via: Via = ("hierarchy",), as_of: DateLike = None, undirected: bool = False
) -> Dict[str, str]:
    """Immediate dominator of every organisation reachable from ``source``.

    A dict id -> id of every organisation reachable from ``source``, the source itself and
    unreachable organisations left out (the convention of ``networkx.immediate_dominators``
    since networkx 3.5; older versions also mapped the source to itself).

    Examples
    --------
    >>> import furong
    >>> net = furong.synth.city(households=500, seed=3)
    >>> idom = net.immediate_dominators("furong")
    >>> "furong" in idom, net.kind_of(idom["h1"])
    (False, 'building')
    """
    idom = _core.reach.immediate_dominators(_core_net(net), source, via, _date_arg(as_of), bool(undirected))
    nodes = _np.flatnonzero(idom >= 0)
    keys = _ids(net, nodes)
    values = _ids(net, idom[nodes])
    return dict(zip(keys, values))


def critical_people(net: Network, as_of: DateLike = None) -> _pd.DataFrame:
    """People who are the only active neighbour leader of some households' contacts.

    Returns
    -------
    pandas.DataFrame
        Columns ``person, households`` (households whose contact neighbourhoods have, taken
        together, exactly this one active neighbour leader), most first.
        ``df.attrs["single_contact_households"]`` is the total.

    Examples
    --------
    >>> import furong
    >>> net = furong.synth.city(households=500, seed=3)
    >>> df = net.critical_people("2025-06-30")
    >>> int(df["households"].sum()) == df.attrs["single_contact_households"]
    True
    """
    r = _core.reach.critical_people(_core_net(net), _date_arg(as_of))
    df = _pd.DataFrame({"person": _np.array(list(r.person), dtype=object), "households": r.households.astype(_np.int64)})
    df.attrs["single_contact_households"] = int(r.single_contact_households)
    return df


def audit(net: Network, as_of: DateLike = None) -> Audit:
    """The coverage audit: every gap by id on ``as_of``, totals per street, a summary.

    Returns
    -------
    Audit
        A dict (keys ``AUDIT_KEYS``, below) with DataFrames as attributes (``.streets``,
        ``.gaps``, ``.three_party``, ``.ratios``). Keys: ``as_of`` (ISO date or None);
        ``households_without_contact`` (no active contact link to a neighbourhood with an
        active neighbour_leader); ``compounds_without_branch`` (no branch, child or through an
        active covers link, whose compounds have >= 3 party members together);
        ``compounds_without_pairing``; ``buildings_without_leader``;
        ``grids_without_worker``: lists of ids. ``three_party_gaps``: one dict per compound
        missing any of branch / owners' committee (represents link) / property company
        (serves link): ``compound``, ``missing`` (names), ``one_shoulder``. ``streets``: one
        dict of counts per street (``street`` id, ``name``). ``summary``: counts and
        coverage ratios (``contact_coverage``...).

    Notes
    -----
    O(V + E + roles) in C++, without the GIL.

    Examples
    --------
    >>> import furong
    >>> net = furong.synth.city(households=500, seed=3)
    >>> r = net.audit("2025-06-30")
    >>> list(r) == list(furong.reachability.AUDIT_KEYS)
    True
    >>> 0 <= r["summary"]["contact_coverage"] <= 1
    True
    """
    r = _core.reach.audit(_core_net(net), _date_arg(as_of))
    compounds = _ids(net, r.three_party_compound)
    parties = (("branch", r.missing_branch), ("owners_committee", r.missing_owners_committee),
               ("property_company", r.missing_property_company))
    gaps = [{"compound": c, "missing": [name for name, col in parties if col[k]], "one_shoulder": bool(r.one_shoulder[k])}
            for k, c in enumerate(compounds)]
    day = r.as_of
    out = Audit(as_of=None if day is None else day.isoformat())
    for key in AUDIT_KEYS[1:6]:
        out[key] = _ids(net, getattr(r, key))
    out["three_party_gaps"] = gaps
    out["streets"] = [{k: (int(v) if isinstance(v, (int, _np.integer)) and not isinstance(v, bool) else v)
                       for k, v in dict(s).items()} for s in r.streets]
    out["summary"] = {k: (float(v) if isinstance(v, float) else int(v)) for k, v in dict(r.summary).items()}
    return out


typed_errors(globals(), __all__)  # argument type errors leave as furong errors (furong._errors)
