"""Co-building matching (精准结对共建): which agency or Pioneer Community unit should pair with
which residential compound.

- :func:`co_building`: the **optimal plan**. Providers (agencies and units; an unset
  capacity means 1) pair with compounds; ``score(p, c)`` is the sum, over the resources both
  offered by ``p`` and needed by ``c``, of ``priority(c, r) * amount(p, r)``. Each provider
  takes at most its capacity, each compound at most ``max_per_compound`` providers; pairing
  links active on the as-of day are kept (they count against both limits and are never
  proposed again); ``as_of=None`` applies no date filter: every pairing link is kept
  whatever its dates. The total score of the new pairs is maximised exactly (min-cost flow),
  or, with ``cover_first``, the number of compounds with a partner first and the score
  second. Every pair comes with its reasons; every compound left without a partner with why.
- :func:`stable`: the stable matching of ``preferences.csv`` (hospitals/residents; one
  provider per compound, provider capacities), compound-optimal by default.
- :func:`blocking_pairs`: the pairs that would break the stability of any assignment.
- :func:`assign` and :func:`assign_sparse`: the linear assignment problem on plain numpy
  matrices or CSR arrays (exact Jonker-Volgenant solvers of the C++ core, the same that
  :func:`co_building` uses when every compound takes one provider), minimising costs or
  maximising scores; drop-in comparable with ``scipy.optimize.linear_sum_assignment`` and
  ``scipy.sparse.csgraph.min_weight_full_bipartite_matching``.

The rules (scores, eligibility, reasons, why a compound is unmatched, the checks of
preferences and assignments, applying a plan) live in the C++ core
(``include/furong/domain/co_building.hpp``, ``domain/stable_co_building.hpp``,
``edit/apply_pairings.hpp``); this module converts arguments and builds DataFrames.
See docs/matching.md.

Examples
--------
>>> import furong
>>> net = furong.datasets.furong()
>>> plan = furong.match.co_building(net, as_of="2025-10-24")
>>> list(plan.pairs.columns), list(plan.unmatched.columns)
(['provider', 'compound', 'score', 'reasons'], ['compound', 'why'])
>>> bool(plan.total_score == plan.pairs["score"].sum())
True
"""

from __future__ import annotations

import datetime
import json
import math
import os as _os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as _np
import pandas as _pd

from . import _core
from ._dates import as_date
from ._errors import ArgumentError, typed_errors

if TYPE_CHECKING:  # pragma: no cover
    from .network import DateLike, Network, PathLike

__all__ = [
    "MATCH_JSON_KEYS",
    "STABLE_JSON_KEYS",
    "UNMATCHED_WHY",
    "MatchPlan",
    "StableMatch",
    "assign",
    "assign_sparse",
    "blocking_pairs",
    "co_building",
    "compounds",
    "load_preferences",
    "optimal_total",
    "providers",
    "stable",
]

#: Keys of :meth:`MatchPlan.to_dict` (and of ``furong match DIR --json``), in order.
MATCH_JSON_KEYS: Tuple[str, ...] = ("total_score", "pairs", "unmatched")
#: Keys of :meth:`StableMatch.to_dict` (and of ``furong match DIR --stable --json``), in order.
STABLE_JSON_KEYS: Tuple[str, ...] = ("side", "pairs", "unmatched")
#: Why a compound is left without a partner: by :func:`co_building` (the first two:
#: ``no_eligible_provider``, nobody offers what it needs or every such pair is kept,
#: forbidden or filtered; ``providers_full``, every eligible provider has used up its
#: capacity on better pairs) and by :func:`stable` (the last two: ``no_acceptable_provider``,
#: no provider it ranks ranks it back with a capacity > 0; ``providers_prefer_others``, every
#: acceptable provider is full of compounds it prefers). The names come from the C++ core.
UNMATCHED_WHY: Tuple[str, ...] = tuple(str(w) for w in _core.match.UNMATCHED_WHY)

ScoresLike = Union[_pd.DataFrame, "_np.ndarray[Any, Any]", Sequence[Sequence[float]]]
PairsLike = Union[_pd.DataFrame, Iterable[Tuple[str, str]]]


def _day(value: DateLike, what: str) -> Optional[datetime.date]:
    """``None`` (no date) or the date ``value`` names."""
    return None if value is None else as_date(value, what)


def _whole(value: Any, name: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, _np.integer)):
        raise ArgumentError(f"{name} must be an integer >= {low}, got {value!r}")
    if int(value) < low:
        raise ArgumentError(f"{name} must be an integer >= {low}, got {value}")
    return int(value)


def providers(net: Network) -> List[str]:
    """The providers of ``net`` (agencies and units) in the order of a score matrix's rows.

    Examples
    --------
    >>> import furong
    >>> ps = furong.match.providers(furong.datasets.furong())
    >>> len(ps), ps[0]
    (159, 'ag-quwei-ban')
    """
    return [str(i) for i in _core.match.providers(net.core)]


def compounds(net: Network) -> List[str]:
    """The compounds of ``net`` in the order of a score matrix's columns.

    Examples
    --------
    >>> import furong
    >>> len(furong.match.compounds(furong.datasets.furong()))
    1173
    """
    return [str(i) for i in _core.match.compounds(net.core)]


def _pairs_arg(value: Optional[PairsLike], name: str) -> Tuple[List[str], List[str]]:
    if value is None:
        return [], []
    if isinstance(value, _pd.DataFrame):
        missing = [c for c in ("provider", "compound") if c not in value.columns]
        if missing:
            raise ArgumentError(f"{name}: a DataFrame needs the columns provider and compound (missing {missing})")
        rows: List[Tuple[Any, ...]] = list(zip(value["provider"], value["compound"]))
    else:
        try:
            rows = [tuple(r) for r in value]
        except TypeError as e:
            raise ArgumentError(f"{name}: expected (provider, compound) pairs or a DataFrame") from e
    ps, cs = [], []
    for k, r in enumerate(rows):
        if len(r) != 2 or not all(isinstance(x, str) for x in r):
            raise ArgumentError(f"{name}: row {k} is not a (provider id, compound id) pair of str: {r!r}")
        ps.append(str(r[0]))
        cs.append(str(r[1]))
    return ps, cs


def _scores_arg(net: Network, scores: ScoresLike
                ) -> Tuple[Optional[List[str]], Optional[List[str]], Optional[List[float]], Optional[_np.ndarray]]:
    """Either id columns (provider, compound, score) or a float64 matrix (providers x compounds,
    in the order of :func:`providers` and :func:`compounds`) that crosses to C++ without ids."""
    if isinstance(scores, _pd.DataFrame) and {"provider", "compound", "score"} <= set(scores.columns):
        ps = [str(x) for x in scores["provider"]]
        cs = [str(x) for x in scores["compound"]]
        try:
            vals = scores["score"].to_numpy(dtype=float)
        except (TypeError, ValueError) as e:
            raise ArgumentError("scores: the score column must hold numbers") from e
        return ps, cs, [float(v) for v in vals], None  # checked by the C++ core
    if isinstance(scores, _pd.DataFrame):  # a matrix: providers down, compounds across
        row_ids = [str(x) for x in scores.index]
        col_ids = [str(x) for x in scores.columns]
        try:
            m = scores.to_numpy(dtype=float)
        except (TypeError, ValueError) as e:
            raise ArgumentError("scores: a score matrix must hold numbers") from e
        if row_ids == providers(net) and col_ids == compounds(net):
            return None, None, None, _np.ascontiguousarray(m, dtype=_np.float64)
    else:
        try:
            m = _np.asarray(scores, dtype=float)
        except (TypeError, ValueError) as e:
            raise ArgumentError("scores: expected a DataFrame (provider, compound, score), "
                                "a DataFrame matrix or a numeric matrix") from e
        n_p, n_c = len(_core.match.providers(net.core)), len(_core.match.compounds(net.core))
        if m.shape != (n_p, n_c):
            raise ArgumentError(f"scores: a matrix must have the shape (providers, compounds) = "
                                f"({n_p}, {n_c}) (see furong.match.providers and compounds), "
                                f"got {m.shape}")
        # Rows = providers, columns = compounds, in index order: no ids, no strings; the C++
        # core checks the values (NaN, infinite or negative entries name their row and column).
        return None, None, None, _np.ascontiguousarray(m, dtype=_np.float64)
    # A DataFrame matrix in another order: every entry but the zeros (not eligible) by id.
    nz_i, nz_j = _np.nonzero(m != 0)
    return ([row_ids[int(k)] for k in nz_i], [col_ids[int(k)] for k in nz_j],
            [float(v) for v in m[nz_i, nz_j]], None)


class MatchPlan:
    """The optimal co-building plan returned by :func:`co_building`.

    Attributes
    ----------
    pairs : pandas.DataFrame
        The new pairs: ``provider, compound, score, reasons``, sorted by compound. ``reasons``
        is a list of ``{"resource", "priority", "amount"}`` dicts, largest contribution
        (``priority * amount``) first; their contributions add up to ``score`` (empty when
        a user score table was given).
    unmatched : pandas.DataFrame
        Compounds left without any partner, kept or new: ``compound, why`` (why is
        ``no_eligible_provider`` or ``providers_full``).
    kept : pandas.DataFrame
        Pairing links active on ``as_of``: ``provider, compound``.
    total_score : float
        Sum of the scores of the new pairs (the optimum).
    compounds_covered : int
        Compounds with at least one partner, kept or new.
    as_of : datetime.date or None
        The day whose active pairing links were kept; None: every pairing link was kept
        whatever its dates.
    """

    def __init__(self, raw: Any, as_of: Optional[datetime.date], options: Dict[str, Any]) -> None:
        first = _np.asarray(raw.reason_first, dtype=_np.int64)
        resource, priority, amount = list(raw.reason_resource), raw.reason_priority, raw.reason_amount
        reasons = [[{"resource": resource[k], "priority": int(priority[k]), "amount": float(amount[k])}
                    for k in range(int(first[i]), int(first[i + 1]))] for i in range(len(first) - 1)]
        self.pairs: _pd.DataFrame = _pd.DataFrame({
            "provider": _pd.Series(list(raw.provider), dtype=object),
            "compound": _pd.Series(list(raw.compound), dtype=object),
            "score": _np.asarray(raw.score, dtype=float),
            "reasons": _pd.Series(reasons, dtype=object),
        })
        self.unmatched: _pd.DataFrame = _pd.DataFrame({
            "compound": _pd.Series(list(raw.unmatched_compound), dtype=object),
            "why": _pd.Series(list(raw.unmatched_why), dtype=object),
        })
        self.kept: _pd.DataFrame = _pd.DataFrame({
            "provider": _pd.Series(list(raw.kept_provider), dtype=object),
            "compound": _pd.Series(list(raw.kept_compound), dtype=object),
        })
        self.total_score: float = float(raw.total_score)
        self.compounds_covered: int = int(raw.compounds_covered)
        self.providers: int = int(raw.providers)
        self.compounds: int = int(raw.compounds)
        self.eligible: int = int(raw.eligible)
        self.as_of: Optional[datetime.date] = as_of
        self.options: Dict[str, Any] = options

    def __repr__(self) -> str:
        return (f"MatchPlan({len(self.pairs)} new pairs, total score {self.total_score:g}, "
                f"{len(self.kept)} kept, {self.compounds_covered} of {self.compounds} compounds covered, "
                f"{len(self.unmatched)} unmatched)")

    def to_dict(self) -> Dict[str, Any]:
        """The plan as plain JSON-ready data: ``{"total_score", "pairs", "unmatched"}``.

        Examples
        --------
        >>> import furong
        >>> d = furong.match.co_building(furong.datasets.furong(), as_of="2025-10-24").to_dict()
        >>> list(d), sorted(d["pairs"][0])
        (['total_score', 'pairs', 'unmatched'], ['compound', 'provider', 'reasons', 'score'])
        """
        return {
            "total_score": self.total_score,
            "pairs": [{"provider": p, "compound": c, "score": float(s), "reasons": list(r)}
                      for p, c, s, r in zip(self.pairs["provider"], self.pairs["compound"], self.pairs["score"],
                                            self.pairs["reasons"])],
            "unmatched": [{"compound": c, "why": w} for c, w in zip(self.unmatched["compound"], self.unmatched["why"])],
        }

    def to_json(self, indent: Optional[int] = None) -> str:
        """:meth:`to_dict` as a JSON string (ids kept as UTF-8 text)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def apply(self, net: Network, since: DateLike) -> int:
        """Write the new pairs into ``net`` (edited in place) as ``pairing`` links from ``since`` on.

        All or nothing: every pair is checked before any link is added, and a refused apply
        leaves ``net`` unchanged (the rule: ``include/furong/edit/apply_pairings.hpp``).

        Returns
        -------
        int
            The number of links added.

        Raises
        ------
        ArgumentError
            ``since`` missing or not a date; a pair that does not join an agency or unit to a
            compound, listed twice, or already joined by a pairing link active from ``since``.
        UnknownIdError
            A pair names an organisation ``net`` does not have.

        Examples
        --------
        >>> import furong
        >>> net = furong.datasets.furong()
        >>> plan = furong.match.co_building(net, as_of="2025-10-24")
        >>> plan.apply(net, "2025-11-01") == len(plan.pairs)
        True
        >>> after = furong.match.co_building(net, as_of="2025-11-01")
        >>> len(after.kept) == len(plan.kept) + len(plan.pairs)
        True
        """
        day = _day(since, "since")
        if day is None:
            raise ArgumentError("apply: since is required (the day the new pairings begin)")
        return int(_core.match.apply_pairings(net.core, [str(p) for p in self.pairs["provider"]],
                                              [str(c) for c in self.pairs["compound"]], day))


def co_building(
    net: Network,
    as_of: DateLike = None,
    max_per_compound: int = 1,
    cover_first: bool = False,
    same_street: bool = False,
    forbidden: Optional[PairsLike] = None,
    scores: Optional[ScoresLike] = None,
) -> MatchPlan:
    """The optimal co-building plan: new provider-compound pairs of maximum total score.

    Parameters
    ----------
    net : Network
        The district.
    as_of : datetime.date or str, optional
        Pairing links active on this day are kept. None (the default): no date filter, every
        pairing link is kept whatever its dates (the meaning of ``as_of=None`` everywhere in
        furong); pass ``datetime.date.today()`` for today's pairings.
    max_per_compound : int
        At most this many providers per compound, kept pairs included (default 1).
    cover_first : bool
        First maximise the number of compounds with at least one partner (kept or new),
        then the total score.
    same_street : bool
        Pair a unit only with compounds under its own street; agencies, and units directly
        under the district, are district-wide.
    forbidden : DataFrame (provider, compound) or iterable of (provider, compound), optional
        Pairs never to propose.
    scores : DataFrame or matrix, optional
        Replaces offers x needs. A DataFrame with columns ``provider, compound, score``
        (pairs not listed score 0), a DataFrame matrix (index: provider ids, columns:
        compound ids), or a numeric matrix of shape ``(len(providers(net)),
        len(compounds(net)))``. Scores are finite and >= 0; 0 means not eligible.

    Returns
    -------
    MatchPlan
        ``pairs`` (with scores and reasons), ``unmatched`` (with why), ``kept``,
        ``total_score``; ``apply(net, since)`` writes the pairs back.

    Raises
    ------
    ArgumentError
        A bad argument, named in the message: ``max_per_compound`` < 1, a forbidden pair or
        score entry that does not join a provider and a compound or names an unknown id, a
        score that is NaN, infinite or negative, a matrix of the wrong shape.

    Notes
    -----
    Exact, not a heuristic. With ``max_per_compound=1`` and no ``cover_first``, a problem in
    which every compound is eligible with every provider with room (a full score matrix), or
    in which every provider has one place, is solved as a linear assignment problem
    (Jonker-Volgenant, as :func:`assign`); otherwise by a min-cost flow (successive shortest
    paths with potentials). Both reach the same optimum; when several plans reach it, the
    one returned is deterministic but not specified. A numeric score matrix crosses to the
    C++ core as one float64 array (no ids). About 5 ms on the bundled district
    (docs/performance.md).

    Examples
    --------
    >>> import furong
    >>> net = furong.datasets.furong()
    >>> plan = furong.match.co_building(net, as_of="2025-10-24")
    >>> r = plan.pairs.iloc[0]
    >>> bool(r["score"] == sum(x["priority"] * x["amount"] for x in r["reasons"]))
    True
    >>> set(plan.unmatched["why"]) <= {"no_eligible_provider", "providers_full"}
    True
    >>> furong.match.co_building(net, max_per_compound=0)
    Traceback (most recent call last):
    ...
    furong._errors.ArgumentError: max_per_compound must be an integer >= 1, got 0
    """
    day = _day(as_of, "as_of")
    mpc = _whole(max_per_compound, "max_per_compound", 1)
    fp, fc = _pairs_arg(forbidden, "forbidden")
    sp: Optional[List[str]] = None
    sc: Optional[List[str]] = None
    sv: Optional[List[float]] = None
    sm: Optional[_np.ndarray] = None
    if scores is not None:
        sp, sc, sv, sm = _scores_arg(net, scores)
    raw = _core.match.co_building(net.core, day, mpc, bool(cover_first), bool(same_street), fp, fc, sp, sc, sv, sm)
    options = {"max_per_compound": mpc, "cover_first": bool(cover_first), "same_street": bool(same_street),
               "forbidden": len(fp), "scores": scores is not None}
    return MatchPlan(raw, day, options)


def optimal_total(net: Network, as_of: DateLike = None, **options: Any) -> float:
    """The total score of the optimal plan, :func:`co_building` ``(net, as_of, **options).total_score``
    (``as_of=None``: every pairing link kept, no date filter).

    Used by :func:`furong.plan.whatif` to compare a network before and after a change.

    Examples
    --------
    >>> import furong
    >>> furong.match.optimal_total(furong.datasets.furong(), "2025-10-24") > 0
    True
    """
    return co_building(net, as_of, **options).total_score


# ---- stable matching ----------------------------------------------------------------------


class StableMatch:
    """A stable matching returned by :func:`stable`.

    Attributes
    ----------
    pairs : pandas.DataFrame
        ``compound, provider, compound_rank, provider_rank``: each rank is the position
        (1 = first) of the partner in the other's list.
    unmatched : pandas.DataFrame
        Compounds that rank somebody but got nobody: ``compound, why`` (why is
        ``no_acceptable_provider`` or ``providers_prefer_others``).
    side : str
        ``"compounds"`` (compound-optimal) or ``"providers"`` (provider-optimal).
    proposals : int
        Proposals made by deferred acceptance.
    """

    def __init__(self, raw: Any) -> None:
        self.pairs: _pd.DataFrame = _pd.DataFrame({
            "compound": _pd.Series(list(raw.compound), dtype=object),
            "provider": _pd.Series(list(raw.provider), dtype=object),
            "compound_rank": _np.asarray(raw.compound_rank, dtype=_np.int64),
            "provider_rank": _np.asarray(raw.provider_rank, dtype=_np.int64),
        })
        self.unmatched: _pd.DataFrame = _pd.DataFrame({
            "compound": _pd.Series(list(raw.unmatched_compound), dtype=object),
            "why": _pd.Series(list(raw.unmatched_why), dtype=object),
        })
        self.side: str = str(raw.side)
        self.proposals: int = int(raw.proposals)

    def __repr__(self) -> str:
        return f"StableMatch({self.side}-optimal, {len(self.pairs)} pairs, {len(self.unmatched)} unmatched)"

    def assignment(self) -> Dict[str, str]:
        """Compound id -> provider id."""
        return {str(c): str(p) for c, p in zip(self.pairs["compound"], self.pairs["provider"])}

    def to_dict(self) -> Dict[str, Any]:
        """``{"side", "pairs": [{"provider", "compound", "compound_rank", "provider_rank"}], "unmatched"}``."""
        return {
            "side": self.side,
            "pairs": [{"provider": p, "compound": c, "compound_rank": int(a), "provider_rank": int(b)}
                      for c, p, a, b in zip(self.pairs["compound"], self.pairs["provider"],
                                            self.pairs["compound_rank"], self.pairs["provider_rank"])],
            "unmatched": [{"compound": c, "why": w} for c, w in zip(self.unmatched["compound"], self.unmatched["why"])],
        }

    def to_json(self, indent: Optional[int] = None) -> str:
        """:meth:`to_dict` as a JSON string."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def load_preferences(net: Network, path: PathLike) -> _pd.DataFrame:
    """Read and check ``preferences.csv`` (``from,to,rank``) against ``net``.

    Parameters
    ----------
    net : Network
        The network whose ids the file uses.
    path : str or os.PathLike
        The file, or a network directory holding ``preferences.csv``.

    Returns
    -------
    pandas.DataFrame
        ``from, to, rank`` in file order.

    Raises
    ------
    InputError
        With ``file``, ``line`` and ``column``: a missing file or column, an unknown id, a
        ``from`` that is neither a compound nor a provider, a ``to`` of the wrong side, a rank
        that is not an integer >= 1, a rank or a ``to`` given twice by one ``from``.

    Notes
    -----
    Ranks of one ``from`` are unique integers >= 1; gaps are allowed (only the order counts,
    so deleting a row in a spreadsheet keeps the file valid).

    Examples
    --------
    >>> import furong
    >>> net = furong.datasets.furong()
    >>> prefs = furong.match.load_preferences(net, furong.datasets.furong_path())
    >>> list(prefs.columns), len(prefs) > 1000
    (['from', 'to', 'rank'], True)
    """
    p = Path(_os.fspath(path))
    if p.is_dir():
        p = p / "preferences.csv"
    raw = _core.match.load_preferences(net.core, str(p))
    return _pd.DataFrame({
        "from": _pd.Series(list(raw.from_), dtype=object),
        "to": _pd.Series(list(raw.to), dtype=object),
        "rank": _np.asarray(raw.rank, dtype=_np.int64),
    })


def _preference_columns(net: Network, preferences: Union[_pd.DataFrame, PathLike, None]
                        ) -> Tuple[List[str], List[str], List[int]]:
    if preferences is None and getattr(net, "preferences", None) is not None:
        preferences = net.preferences  # stored with the network (a store)
    if preferences is None:
        # Default: the preferences.csv beside the files the network was loaded from.
        source = getattr(net, "source", None)
        if source is None or not (Path(source) / "preferences.csv").exists():
            raise ArgumentError("preferences: pass a DataFrame (from, to, rank) or a preferences.csv path (this "
                                "network was not loaded from a directory holding preferences.csv)")
        preferences = Path(source) / "preferences.csv"
    if not isinstance(preferences, _pd.DataFrame):
        preferences = load_preferences(net, preferences)
    missing = [c for c in ("from", "to", "rank") if c not in preferences.columns]
    if missing:
        raise ArgumentError(f"preferences: a DataFrame needs the columns from, to and rank (missing {missing})")
    ranks: List[int] = []
    for k, v in enumerate(preferences["rank"]):
        if isinstance(v, (bool, _np.bool_)) or not isinstance(v, (int, float, _np.integer, _np.floating))\
                or not math.isfinite(v) or v != int(v):
            raise ArgumentError(f"preferences: row {k}, column 'rank': expected an integer >= 1, got {v!r}")
        ranks.append(int(v))
    fr: List[str] = []
    to: List[str] = []
    for col, out in (("from", fr), ("to", to)):
        for k, v in enumerate(preferences[col]):
            if not isinstance(v, str):
                raise ArgumentError(f"preferences: row {k}, column '{col}': expected an organisation id (str), got {v!r}")
            out.append(v)
    return fr, to, ranks


def stable(net: Network, preferences: Union[_pd.DataFrame, PathLike, None] = None,
           side: str = "compounds") -> StableMatch:
    """The stable co-building matching of ranked preferences (hospitals/residents).

    Compounds rank providers and providers rank compounds; a pair is acceptable when each
    ranks the other. Each compound gets at most one provider, each provider at most its
    capacity (unset = 1). No compound and provider both prefer each other to what they get.

    Parameters
    ----------
    net : Network
        Supplies ids, kinds and capacities.
    preferences : DataFrame (from, to, rank), path or directory
        The preferences: a DataFrame, a ``preferences.csv`` file, or a network directory
        holding one (see :func:`load_preferences`). Default: the ``preferences.csv`` beside the
        files the network was loaded from (``net.source``).
    side : {"compounds", "providers"}
        Whose optimal stable matching to return (default: compound-optimal, by
        compound-proposing deferred acceptance).

    Returns
    -------
    StableMatch

    Raises
    ------
    ArgumentError
        Bad DataFrame rows (naming row and column): unknown ids, wrong sides, ranks that are
        not integers >= 1, duplicate ranks; a bad ``side``.
    InputError
        A bad ``preferences.csv`` (naming file, line and column).

    Examples
    --------
    >>> import furong
    >>> net = furong.datasets.furong()
    >>> m = furong.match.stable(net, furong.datasets.furong_path())
    >>> len(m.pairs) > 0, m.side
    (True, 'compounds')
    >>> furong.match.blocking_pairs(net, m, furong.datasets.furong_path()).empty
    True
    """
    if not isinstance(side, str):
        raise ArgumentError(f"side must be 'compounds' or 'providers', not {side!r}")
    fr, to, ranks = _preference_columns(net, preferences)
    return StableMatch(_core.match.stable(net.core, fr, to, ranks, side))


def blocking_pairs(net: Network, assignment: Union[StableMatch, MatchPlan, _pd.DataFrame, Mapping[str, str]],
                   preferences: Union[_pd.DataFrame, PathLike, None] = None) -> _pd.DataFrame:
    """The pairs that block ``assignment``: a compound and a provider that rank each other,
    the compound unmatched or preferring that provider to its own, the provider with a free
    place or preferring that compound to its worst one.

    Parameters
    ----------
    net : Network
        Supplies ids, kinds and capacities.
    assignment : StableMatch, MatchPlan, DataFrame (compound, provider) or mapping
        Compound -> provider (one provider per compound).
    preferences : DataFrame (from, to, rank), path or directory
        As for :func:`stable`.

    Returns
    -------
    pandas.DataFrame
        ``compound, provider`` sorted; empty when the assignment is stable.

    Raises
    ------
    ArgumentError
        A compound assigned twice, a pair that does not rank each other, a provider over
        its capacity, bad preferences.

    Examples
    --------
    >>> import furong
    >>> net = furong.datasets.furong()
    >>> prefs = furong.match.load_preferences(net, furong.datasets.furong_path())
    >>> len(furong.match.blocking_pairs(net, {}, prefs)) > 0
    True
    """
    if isinstance(assignment, (StableMatch, MatchPlan)):
        frame = assignment.pairs
        ac, ap = [str(x) for x in frame["compound"]], [str(x) for x in frame["provider"]]
    elif isinstance(assignment, _pd.DataFrame):
        if not {"compound", "provider"} <= set(assignment.columns):
            raise ArgumentError("assignment: a DataFrame needs the columns compound and provider")
        ac, ap = [str(x) for x in assignment["compound"]], [str(x) for x in assignment["provider"]]
    elif isinstance(assignment, Mapping):
        ac, ap = [str(k) for k in assignment], [str(v) for v in assignment.values()]
    else:
        raise ArgumentError("assignment: expected a StableMatch, a MatchPlan, a DataFrame or a mapping compound -> provider")
    fr, to, ranks = _preference_columns(net, preferences)
    raw = _core.match.blocking_pairs(net.core, fr, to, ranks, ac, ap)
    return _pd.DataFrame({"compound": _pd.Series(list(raw.compound), dtype=object),
                         "provider": _pd.Series(list(raw.provider), dtype=object)})


# ---- linear assignment on plain arrays -----------------------------------------------------


def _assignment_pairs(raw: Any, rows: int, cols: int, what: str) -> Tuple[_np.ndarray, _np.ndarray]:
    if not raw.feasible:
        side, other = ("column", "row") if rows > cols else ("row", "column")

        def some(a: Any) -> str:
            v = [int(x) for x in a]
            return ", ".join(str(x) for x in v[:10]) + (", ..." if len(v) > 10 else "")

        hr, hc = _np.asarray(raw.hall_rows), _np.asarray(raw.hall_cols)
        raise ArgumentError(f"{what}: no full assignment exists: the {len(hr)} {side}(s) [{some(hr)}] can reach only "
                            f"the {len(hc)} {other}(s) [{some(hc)}]")
    col_of_row = _np.array(raw.col_of_row, dtype=_np.int64)  # writeable (scipy indexing wants it)
    if rows <= cols:  # feasible: every row has its column
        return _np.arange(rows, dtype=_np.int64), col_of_row
    row_ind = _np.flatnonzero(col_of_row >= 0).astype(_np.int64)
    return row_ind, col_of_row[row_ind]


def assign(costs: Any, maximize: bool = False) -> Tuple[_np.ndarray, _np.ndarray]:
    """The linear assignment problem of a dense matrix, solved exactly.

    Assigns each row to a distinct column (each column to a distinct row when there are more
    rows than columns) so that the total cost is minimal, or the total score maximal with
    ``maximize=True``: the problem of ``scipy.optimize.linear_sum_assignment``, with the same
    answer format. Solved by the Jonker-Volgenant shortest augmenting path algorithm of the
    C++ core (``include/furong/algorithm/assignment.hpp``); the matrix crosses as one array,
    without any per-entry Python object.

    Parameters
    ----------
    costs : array_like, shape (n_rows, n_cols)
        Costs (or scores with ``maximize``). Rows are whatever the caller assigns (e.g.
        compounds), columns what they are assigned to (e.g. providers). Integer matrices are
        solved in exact 64-bit integer arithmetic, others as float64. ``+inf`` marks a
        forbidden pair when minimising, ``-inf`` when maximising; NaN is refused.
    maximize : bool
        Maximise the total instead of minimising it.

    Returns
    -------
    row_ind, col_ind : numpy.ndarray of int64
        The assigned pairs, ``row_ind`` increasing; the optimum is
        ``costs[row_ind, col_ind].sum()``. When several assignments reach it, the one
        returned is deterministic.

    Raises
    ------
    ArgumentError
        A matrix that is not 2-d or not numeric, a NaN, an infinity of the wrong sign, an
        integer too large to add up safely, or forbidden entries that leave no full
        assignment (the message names rows that together reach fewer columns).

    Notes
    -----
    Worst case O(n^2 m) for n = min(n_rows, n_cols), m = max; square matrices first run
    column reduction, reduction transfer and augmenting row reduction, which leave few rows
    to augment. A matrix with forbidden entries is solved by :func:`assign_sparse` over its
    finite entries. Timings beside scipy: docs/performance.md.

    Examples
    --------
    >>> import numpy as np
    >>> import furong
    >>> cost = np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
    >>> rows, cols = furong.match.assign(cost)
    >>> rows.tolist(), cols.tolist(), int(cost[rows, cols].sum())
    ([0, 1, 2], [1, 0, 2], 5)
    >>> furong.match.assign(cost, maximize=True)[1].tolist()
    [0, 2, 1]
    >>> furong.match.assign(np.array([[1.5, 2.0, 0.5]]))[1].tolist()
    [2]
    >>> furong.match.assign([[1.0, np.inf], [2.0, np.inf]])
    Traceback (most recent call last):
    ...
    furong._errors.ArgumentError: assign: no full assignment exists: the 2 row(s) [0, 1] can reach only the 1 column(s) [0]
    """
    try:
        m = _np.asarray(costs)
    except (TypeError, ValueError) as e:  # pragma: no cover - ragged input
        raise ArgumentError("assign: costs must be a numeric matrix") from e
    if m.ndim != 2:
        raise ArgumentError(f"assign: costs must be a 2-d matrix, got {m.ndim} dimension(s)")
    kind = m.dtype.kind
    if kind in "iub":  # exact integers
        raw = _core.match.linear_assignment_int(_np.ascontiguousarray(m, dtype=_np.int64), bool(maximize))
    elif kind == "f":
        raw = _core.match.linear_assignment(_np.ascontiguousarray(m, dtype=_np.float64), bool(maximize))
    else:
        raise ArgumentError(f"assign: costs must be a numeric matrix, got dtype {m.dtype}")
    return _assignment_pairs(raw, m.shape[0], m.shape[1], "assign")


def assign_sparse(costs: Any, shape: Optional[Tuple[int, int]] = None,
                  maximize: bool = False) -> Tuple[_np.ndarray, _np.ndarray]:
    """The linear assignment problem over the eligible pairs only (a sparse matrix), exactly.

    The problem of ``scipy.sparse.csgraph.min_weight_full_bipartite_matching``: each row gets
    a distinct column among its listed entries (each column a distinct row when there are
    more rows than columns), total cost minimal (or maximal with ``maximize``). Pairs not
    listed are forbidden. Solved by the sparse Jonker-Volgenant algorithm of the C++ core.

    Parameters
    ----------
    costs : scipy.sparse matrix or array, or tuple (indptr, indices, data)
        Anything with ``tocsr()`` (its stored entries are the eligible pairs, explicit zeros
        included: unlike scipy's function, a stored 0 is a pair of cost 0), or CSR arrays:
        row ``i`` lists the columns ``indices[indptr[i]:indptr[i+1]]`` (any order, each at
        most once) with their costs in ``data`` at the same positions. Integer ``data`` is
        solved exactly in 64-bit integers, other data as float64.
    shape : (int, int), optional
        ``(n_rows, n_cols)``; required with CSR arrays, taken from a sparse matrix otherwise.
    maximize : bool
        Maximise the total instead of minimising it.

    Returns
    -------
    row_ind, col_ind : numpy.ndarray of int64
        The assigned pairs, ``row_ind`` increasing.

    Raises
    ------
    ArgumentError
        Malformed CSR arrays (lengths, offsets, a column out of range or listed twice in a
        row), a NaN or infinite cost, or no full assignment (the message names rows, or
        columns when rows outnumber columns, that together reach fewer partners).

    Notes
    -----
    LAPJVsp: column reduction, reduction transfer and augmenting row reduction over the
    listed entries (square problems), then one shortest augmenting path search per row
    still free, stopped at the first free column: worst case O(n (E + m^2)), in practice a
    small part of the graph per search. Timings beside scipy: docs/performance.md.

    Examples
    --------
    >>> import numpy as np
    >>> import furong
    >>> indptr = np.array([0, 2, 3, 5])
    >>> indices = np.array([0, 1, 0, 1, 2])
    >>> data = np.array([3.0, 1.0, 2.0, 4.0, 8.0])
    >>> rows, cols = furong.match.assign_sparse((indptr, indices, data), shape=(3, 3))
    >>> cols.tolist(), float(data[[1, 2, 4]].sum())
    ([1, 0, 2], 11.0)
    >>> furong.match.assign_sparse((np.array([0, 1, 2]), np.array([0, 0]), np.array([1, 2])), shape=(2, 2))
    Traceback (most recent call last):
    ...
    furong._errors.ArgumentError: assign_sparse: no full assignment exists: the 2 row(s) [0, 1] can reach only the 1 column(s) [0]
    """
    if hasattr(costs, "tocsr"):
        csr = costs.tocsr()
        n_rows, n_cols = (int(x) for x in csr.shape)
        if shape is not None and tuple(shape) != (n_rows, n_cols):
            raise ArgumentError(f"assign_sparse: shape {tuple(shape)} differs from the matrix's {(n_rows, n_cols)}")
        indptr, indices, data = csr.indptr, csr.indices, csr.data
    else:
        try:
            indptr, indices, data = costs
        except (TypeError, ValueError) as e:
            raise ArgumentError("assign_sparse: costs must be a sparse matrix or a tuple (indptr, indices, data)") from e
        if shape is None or len(shape) != 2:
            raise ArgumentError("assign_sparse: shape=(n_rows, n_cols) is required with CSR arrays")
        n_rows, n_cols = _whole(shape[0], "shape[0]", 0), _whole(shape[1], "shape[1]", 0)
    indptr = _np.asarray(indptr)
    indices = _np.asarray(indices)
    data = _np.asarray(data)
    for name, a in (("indptr", indptr), ("indices", indices)):
        if a.size and not _np.issubdtype(a.dtype, _np.integer):
            raise ArgumentError(f"assign_sparse: {name} must hold integers, got dtype {a.dtype}")
    ip = _np.ascontiguousarray(indptr, dtype=_np.int64)
    if indices.size and (indices.dtype.itemsize > 4 and (indices.min() < -2**31 or indices.max() >= 2**31)):
        raise ArgumentError("assign_sparse: a column index is out of range")
    ix = _np.ascontiguousarray(indices, dtype=_np.int32)  # the C++ core checks each against n_cols
    if data.dtype == bool or _np.issubdtype(data.dtype, _np.integer):
        raw = _core.match.sparse_assignment_int(n_rows, n_cols, ip, ix, _np.ascontiguousarray(data, dtype=_np.int64),
                                                bool(maximize))
    elif data.size == 0 or _np.issubdtype(data.dtype, _np.floating):
        raw = _core.match.sparse_assignment(n_rows, n_cols, ip, ix, _np.ascontiguousarray(data, dtype=_np.float64),
                                            bool(maximize))
    else:
        raise ArgumentError(f"assign_sparse: data must be numeric, got dtype {data.dtype}")
    return _assignment_pairs(raw, n_rows, n_cols, "assign_sparse")


typed_errors(globals(), __all__)  # argument type errors leave as furong errors (furong._errors)
