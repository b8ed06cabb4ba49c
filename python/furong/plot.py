"""Plots for planners (matplotlib): the hierarchy of a street or community as a sunburst, the
co-building pairings as a bipartite diagram, coverage ratios by street, the ledger backlog
over time and the distribution of closure times.

Every function draws on the Axes it is given (or on a new figure's Axes) and returns that
Axes; nothing is shown on screen (``plt.show`` is never called), so the functions work
headless. Without ``ax``, the new figure is a pyplot figure when ``matplotlib.pyplot`` has
been imported (notebooks show it inline) and a standalone ``Figure`` otherwise (no GUI
backend involved). Save with ``ax.figure.savefig("out.png")``. The functions take plain pandas
DataFrames (or the result objects of :mod:`furong` that convert to them), so they plot
whatever produced the numbers.

Labels use organisation names (Chinese) when a CJK font is installed (Noto Sans CJK,
WenQuanYi...; ``apt-get install fonts-wqy-microhei``), and ids otherwise; pass
``labels="id"`` or ``labels="name"`` to choose.

Examples
--------
>>> import furong, furong.plot
>>> net = furong.datasets.furong()
>>> ax = furong.plot.coverage_by_street(net.audit("2025-10-24"))
>>> ax.figure.savefig(__import__("io").BytesIO(), format="png")
"""

from __future__ import annotations

import functools
import os as _os
import sys
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as _np
import pandas as _pd

try:
    import matplotlib
    import matplotlib.ticker
    from matplotlib import font_manager  # noqa: E402
    from matplotlib.axes import Axes  # noqa: E402
    from matplotlib.figure import Figure  # noqa: E402
    from matplotlib.patches import Patch, Wedge  # noqa: E402
except ImportError as _error:  # a runtime dependency, yet an environment may lack it
    raise ImportError(
        "furong.plot needs matplotlib, which is missing from this Python environment: "
        "install it with `python -m pip install matplotlib` (or `pip install 'furong[plot]'`)"
    ) from _error

from . import dot as _dot

if TYPE_CHECKING:  # pragma: no cover
    from .network import Network

__all__ = [
    "KIND_COLOURS",
    "cjk_font",
    "use_cjk_font",
    "burndown",
    "closure_times",
    "coverage_by_street",
    "hierarchy",
    "pairings",
]

#: One colour per organisation kind (defined once in :mod:`furong.dot`, which the DOT export
#: tints; the sunburst uses them as they are).
KIND_COLOURS: Dict[str, str] = _dot.KIND_COLOURS

#: Default kinds of the sunburst: the path every household hangs on.
HOUSEHOLD_PATH: Tuple[str, ...] = ("district", "street", "community", "compound", "building", "household")

_CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN", "SimHei",
    "Microsoft YaHei", "PingFang SC", "Heiti SC",
)


@functools.lru_cache(maxsize=1)
def cjk_font() -> Optional[str]:
    """The family name of an installed font with Chinese glyphs, or None.

    Looks in matplotlib's font list first, then registers system font files whose names
    look like CJK fonts (matplotlib's cache may predate the font's installation).

    Examples
    --------
    >>> from furong.plot import cjk_font
    >>> cjk_font() is None or isinstance(cjk_font(), str)
    True
    """
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in _CJK_FAMILIES:
        if family in known:
            return family
    hints = ("wqy", "notosanscjk", "notoserifcjk", "sourcehansans", "droidsansfallback", "uming", "simhei", "msyh")
    for path in font_manager.findSystemFonts():
        base = _os.path.basename(path).lower().replace("-", "").replace("_", "")
        if any(h in base for h in hints):
            try:
                font_manager.fontManager.addfont(path)
            except Exception:  # pragma: no cover - unreadable font file
                continue
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in _CJK_FAMILIES:
        if family in known:
            return family
    return None


def use_cjk_font() -> Optional[str]:
    """Make every matplotlib plot (furong's, pandas' ``.plot``, the user's own) draw Chinese:
    the CJK font found by :func:`cjk_font` becomes the fallback of the sans-serif family
    (Latin glyphs stay DejaVu Sans). Called once when :mod:`furong.plot` is imported;
    returns the family, or None when no CJK font is installed (nothing changes then).

    Examples
    --------
    >>> import matplotlib, furong.plot
    >>> family = furong.plot.use_cjk_font()
    >>> family is None or family in matplotlib.rcParams["font.family"]
    True
    """
    family = cjk_font()
    if family is None:
        return None
    rc = matplotlib.rcParams
    rest = [f for f in rc["font.sans-serif"] if f not in ("DejaVu Sans", family)]
    rc["font.sans-serif"] = ["DejaVu Sans", family, *rest]
    # Named families, not the generic "sans-serif": matplotlib falls back glyph by glyph only
    # along a list of named families.
    rc["font.family"] = ["DejaVu Sans", family, "sans-serif"]
    return family


def _text_kw(labels: str) -> Dict[str, Any]:
    """Font keywords for text that may hold Chinese names."""
    if labels == "id":
        return {}
    family = cjk_font()
    return {"fontfamily": ["DejaVu Sans", family]} if family else {}


def _use_names(labels: str) -> bool:
    if labels not in ("auto", "name", "id"):
        raise ValueError(f"labels must be 'auto', 'name' or 'id', not {labels!r}")
    return labels == "name" or (labels == "auto" and cjk_font() is not None)


def _new_axes(ax: Optional[Axes], size: Tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    if "matplotlib.pyplot" in sys.modules:
        # The caller uses pyplot (a notebook, a script): a managed figure, shown inline.
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=size, layout="constrained")
    else:
        # Otherwise a standalone Figure: no GUI backend, no global state, nothing to close.
        fig = Figure(figsize=size, layout="constrained")
    return fig.add_subplot()


_MPL_VERSION = tuple(int(x) for x in matplotlib.__version__.split(".")[:2] if x.isdigit())


def _horizontal() -> Dict[str, Any]:
    return {"orientation": "horizontal"} if _MPL_VERSION >= (3, 10) else {"vert": False}


def _frame(obj: Any, attrs: Sequence[str] = ()) -> _pd.DataFrame:
    """A DataFrame from a DataFrame, a result object (``.to_frame()``, or an attribute in
    ``attrs`` holding a frame), a dict of columns or a list of records."""
    if isinstance(obj, _pd.DataFrame):
        return obj
    for name in attrs:
        if isinstance(obj, Mapping) and name in obj:
            return _frame(obj[name])
        value = getattr(obj, name, None)
        if value is not None and not callable(value):
            return _frame(value)
    to_frame = getattr(obj, "to_frame", None)
    if callable(to_frame):
        return _frame(to_frame())
    return _pd.DataFrame(obj)


def _column(df: _pd.DataFrame, wanted: Optional[str], candidates: Sequence[str], what: str) -> str:
    if wanted is not None:
        if wanted not in df.columns:
            raise KeyError(f"no column {wanted!r} for the {what} (columns: {', '.join(map(str, df.columns))})")
        return wanted
    for c in candidates:
        if c in df.columns:
            return c
    raise KeyError(f"no {what} column: expected one of {', '.join(candidates)} (columns: "
                   f"{', '.join(map(str, df.columns))})")


# ---- hierarchy -----------------------------------------------------------------------------

def _subtree(net: Network, root: str, depth: int, kinds: Optional[Iterable[str]]) -> _pd.DataFrame:
    """Rows under ``root`` down to ``depth`` levels of shown kinds (the core's one subtree
    walk, ``Snapshot.subtree``), with ``level``, the shown ancestor (``shown_parent``) and
    ``weight`` (households in the subtree); rows without households are left out."""
    snap = net.snapshot()
    sub = snap.subtree(root, depth, None if kinds is None else [str(k) for k in kinds])
    orgs = net.organisations()
    kind = orgs["kind"].astype(str).to_numpy()
    # Households under each node: household rows count 1; a compound without household rows
    # counts its households attribute. A subtree is a slice [pre, end) of the pre-order, so
    # its sum is two lookups in a prefix sum.
    order = snap.preorder()
    every = snap.subtree()  # pre-order slices of every organisation
    own = (kind == "household").astype(_np.int64)

    def totals(values: _np.ndarray[Any, Any]) -> _np.ndarray[Any, Any]:
        prefix = _np.concatenate([[0], _np.cumsum(values[order])])
        out = _np.zeros(len(values), dtype=_np.int64)
        out[every.index] = prefix[every.end] - prefix[every.pre]
        return out

    total = totals(own)
    attr = _pd.to_numeric(orgs["households"], errors="coerce").fillna(0).to_numpy(dtype=_np.int64)
    fallback = (kind == "compound") & (total == 0) & (attr > 0)
    if fallback.any():
        total = totals(own + _np.where(fallback, attr, 0))
    idx = sub.index
    keep = (sub.level == 0) | (total[idx] > 0)
    idx, level, up = idx[keep], sub.level[keep], sub.shown_parent[keep]
    ids = orgs["id"].to_numpy(dtype=object)
    out = orgs.iloc[idx][["id", "kind", "name"] + (["compound_type"] if "compound_type" in orgs else [])].copy()
    out["level"] = level
    shown_parent = _np.full(len(idx), None, dtype=object)
    shown_parent[up >= 0] = ids[up[up >= 0]]
    out["shown_parent"] = shown_parent
    out["weight"] = total[idx]
    rows: _pd.DataFrame = out.reset_index(drop=True)
    return rows


def hierarchy(net: Network, root: str, depth: int = 2, ax: Optional[Axes] = None, *,
              kinds: Optional[Iterable[str]] = HOUSEHOLD_PATH, labels: str = "auto",
              min_label_degrees: float = 9.0) -> Axes:
    """A sunburst of the organisations under ``root``, coloured by kind, sized by households.

    The root is the centre disc; each ring is one level further down (only the ``kinds``
    shown count as levels: the others are looked through). A wedge's angle is the number of
    households under the organisation, so organisations without households (grids,
    branches...) only appear with ``kinds=None`` when they have households below them.

    Parameters
    ----------
    net : furong.Network
        The network.
    root : str
        Id of a street, community, compound... (or the district).
    depth : int
        Number of rings (default 2: communities and compounds of a street stay readable).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new 8 x 8 inch figure).
    kinds : iterable of str or None
        Kinds shown as rings (default: district, street, community, compound, building,
        household); None shows every kind.
    labels : {"auto", "name", "id"}
        Wedge and centre labels: names (needs a CJK font), ids, or names when a CJK font
        is installed.
    min_label_degrees : float
        Wedges narrower than this get no label.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, with one :class:`~matplotlib.patches.Wedge` per organisation shown (the
        centre is a full wedge) and a legend of the kinds.

    Raises
    ------
    UnknownIdError
        ``root`` names no organisation.

    Notes
    -----
    O(V) for the households per subtree (prefix sums over the hierarchy's pre-order) plus
    O(shown) for the walk, which the compiled core does (``Snapshot.subtree``).

    Examples
    --------
    >>> import furong, furong.plot
    >>> net = furong.datasets.furong()
    >>> ax = furong.plot.hierarchy(net, "cm-wenyilu-01", depth=2)
    >>> len(ax.patches) > 20
    True
    """
    if depth < 0:
        raise ValueError(f"depth must be >= 0, not {depth}")
    use_names = _use_names(labels)
    font = _text_kw(labels)
    sub = _subtree(net, root, depth, kinds)
    ax = _new_axes(ax, (8, 8))
    # Angles: each node splits its parent's span in proportion to its weight.
    span: Dict[str, Tuple[float, float]] = {}
    root_id = str(sub["id"].iloc[0])
    root_name: Any = sub["name"].iloc[0]
    span[root_id] = (0.0, 360.0)
    cursor: Dict[str, float] = {root_id: 0.0}
    child_weight: Dict[Any, Any] = sub.groupby("shown_parent", sort=False)["weight"].sum().to_dict()
    kinds_seen: List[str] = []
    rows: List[Tuple[Any, ...]] = list(zip(sub["id"].tolist(), sub["kind"].astype(str).tolist(),
                                           sub["name"].tolist(), sub["level"].tolist(),
                                           sub["shown_parent"].tolist(), sub["weight"].tolist()))
    for row_id, k, row_name, row_level, up, weight in rows:
        rid = str(row_id)
        level = int(row_level)
        if k not in kinds_seen:
            kinds_seen.append(k)
        if level == 0:
            a0, a1 = 0.0, 360.0
        else:
            p0, p1 = span[up]
            total = float(child_weight.get(up, 0) or 1)
            a0 = cursor[up]
            a1 = a0 + (p1 - p0) * float(weight) / total
            cursor[up] = a1
        span[rid] = (a0, a1)
        cursor[rid] = a0
        colour = KIND_COLOURS.get(k, "#999999")
        if level == 0:
            wedge = Wedge((0, 0), 1.0, 0, 360, facecolor=colour, edgecolor="white", linewidth=1.0)
        else:
            wedge = Wedge((0, 0), level + 1.0, 90 - a1, 90 - a0, width=1.0, facecolor=colour,
                          edgecolor="white", linewidth=0.6 if level < 3 else 0.2)
        wedge.set_gid(rid)
        ax.add_patch(wedge)
        text = row_name if use_names and isinstance(row_name, str) and row_name else rid
        if level == 0:
            ax.text(0, 0, f"{text}\n{int(weight):,} households", ha="center", va="center",
                    fontsize=9, color="white", **font)
        elif a1 - a0 >= min_label_degrees and level <= 2:
            mid = _np.deg2rad(90 - (a0 + a1) / 2)
            rad = level + 0.5
            rot = _np.rad2deg(mid)
            if 90 < rot % 360 < 270:
                rot += 180
            ax.text(rad * _np.cos(mid), rad * _np.sin(mid), text, ha="center", va="center",
                    rotation=rot % 360, rotation_mode="anchor", fontsize=7, **font)
    lim = depth + 1.05 if len(sub) else 1.05
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.legend(handles=[Patch(facecolor=KIND_COLOURS.get(k, "#999999"), label=k) for k in kinds_seen],
              loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)  # beside, not over, the rings
    title = root_name if use_names and isinstance(root_name, str) and root_name else root
    ax.set_title(f"{title}: organisations by kind, sized by households", fontsize=10, **font)
    return ax


# ---- pairings ------------------------------------------------------------------------------

def pairings(pairs: Any, ax: Optional[Axes] = None, *, net: Optional[Network] = None,
             provider: Optional[str] = None, compound: Optional[str] = None, score: Optional[str] = None,
             labels: str = "auto", max_labels: int = 40) -> Axes:
    """A bipartite diagram of co-building pairs: providers left, compounds right, one line per
    pair, its width growing with the score.

    Compounds are ordered by the mean position of their providers (the barycentre heuristic)
    so that lines cross less.

    Parameters
    ----------
    pairs : DataFrame or result
        One row per pair with provider, compound and (optional) score columns; a matching
        result with ``.pairs`` or ``.to_frame()`` works too.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    net : furong.Network, optional
        Used for names in the labels.
    provider, compound, score : str, optional
        Column names (default: ``provider``/``agency``/``unit``, ``compound``,
        ``score``/``weight``; without a score column every line has the same width).
    labels : {"auto", "name", "id"}
        Node labels (see :func:`hierarchy`).
    max_labels : int
        A side with more nodes than this gets no labels.

    Returns
    -------
    matplotlib.axes.Axes
        One :class:`~matplotlib.lines.Line2D` per pair in ``ax.lines`` (in row order) and two
        scatter collections (providers, compounds).

    Examples
    --------
    >>> import pandas as pd, furong.plot
    >>> pairs = pd.DataFrame({"provider": ["ag-a", "ag-a", "un-b"],
    ...                       "compound": ["cp-1", "cp-2", "cp-2"], "score": [3.0, 1.0, 2.0]})
    >>> ax = furong.plot.pairings(pairs)
    >>> len(ax.lines), len(ax.collections)
    (3, 2)
    """
    df = _frame(pairs, ("pairs",))
    pc = _column(df, provider, ("provider", "agency", "unit", "source"), "provider")
    cc = _column(df, compound, ("compound", "target"), "compound")
    sc = score if score is not None else next((c for c in ("score", "weight") if c in df.columns), None)
    if sc is not None and sc not in df.columns:
        raise KeyError(f"no column {sc!r} for the score")
    prov = df[pc].astype(str).to_numpy()
    comp = df[cc].astype(str).to_numpy()
    scores = _pd.to_numeric(df[sc], errors="coerce").fillna(0).to_numpy(dtype=float) if sc else _np.ones(len(df))
    ax = _new_axes(ax, (8, max(4.0, min(16.0, 0.18 * max(len(set(prov)), len(set(comp)), 1)))))
    providers = sorted(set(prov))
    py = {p: i for i, p in enumerate(providers)}
    # Providers spread over [0, 1]; compounds ordered by the barycentre of their providers.
    ypos = {p: (1 - i / (len(providers) - 1)) if len(providers) > 1 else 0.5 for p, i in py.items()}
    bary: Dict[str, List[float]] = {}
    for p, c in zip(prov, comp):
        bary.setdefault(c, []).append(ypos[p])
    compounds = sorted(bary, key=lambda c: (-float(_np.mean(bary[c])), c))
    cpos = {c: (1 - i / (len(compounds) - 1)) if len(compounds) > 1 else 0.5 for i, c in enumerate(compounds)}
    lo, hi = (float(scores.min()), float(scores.max())) if len(scores) else (0.0, 1.0)
    widths = 0.6 + 3.4 * ((scores - lo) / (hi - lo) if hi > lo else _np.full(len(scores), 0.5))
    cmap = matplotlib.colormaps["viridis"]
    shades = cmap(0.15 + 0.7 * ((scores - lo) / (hi - lo) if hi > lo else _np.full(len(scores), 0.5)))
    for p, c, w, col in zip(prov, comp, widths, shades):
        ax.plot([0, 1], [ypos[p], cpos[c]], color=col, linewidth=w, alpha=0.75, solid_capstyle="round")
    ax.scatter([0] * len(providers), [ypos[p] for p in providers], s=30, color="#17becf", zorder=3,
               edgecolor="black", linewidth=0.4, label="providers")
    ax.scatter([1] * len(compounds), [cpos[c] for c in compounds], s=30, color=KIND_COLOURS["compound"], zorder=3,
               edgecolor="black", linewidth=0.4, label="compounds")
    use_names = _use_names(labels) and net is not None
    font = _text_kw(labels) if use_names else {}
    names: Dict[str, str] = {}
    if use_names and net is not None:
        orgs = net.organisations()
        wanted = set(providers) | set(compounds)
        sel = orgs[orgs["id"].isin(wanted)]
        names = dict(zip(sel["id"], sel["name"].fillna("")))

    def label(i: str) -> str:
        return names.get(i) or i

    if len(providers) <= max_labels:
        for p in providers:
            ax.text(-0.03, ypos[p], label(p), ha="right", va="center", fontsize=7, **font)
    if len(compounds) <= max_labels:
        for c in compounds:
            ax.text(1.03, cpos[c], label(c), ha="left", va="center", fontsize=7, **font)
    ax.set_xlim(-0.45 if len(providers) <= max_labels else -0.1, 1.45 if len(compounds) <= max_labels else 1.1)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xticks([0, 1], [f"providers ({len(providers)})", f"compounds ({len(compounds)})"])
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    what = f"score {lo:.3g} to {hi:.3g}" if sc else "unscored"
    ax.set_title(f"Co-building pairs: {len(df)} ({what}; wider = higher score)", fontsize=10)
    return ax


# ---- coverage ------------------------------------------------------------------------------

#: Coverage ratios of :func:`coverage_by_street`: name -> (gaps column, total column).
COVERAGE_RATIOS: Dict[str, Tuple[str, str]] = {
    "contact": ("households_without_contact", "households"),
    "branch": ("compounds_without_branch", "compounds"),
    "pairing": ("compounds_without_pairing", "compounds"),
    "building_leader": ("buildings_without_leader", "buildings"),
    "grid_worker": ("grids_without_worker", "grids"),
    "three_party": ("three_party_gaps", "compounds"),
}


def coverage_frame(audit_or_df: Any, measures: Sequence[str] = tuple(COVERAGE_RATIOS)) -> _pd.DataFrame:
    """Coverage ratios per street (1 - gaps / total; 1 when there is nothing to cover).

    Parameters
    ----------
    audit_or_df : dict, DataFrame or result
        The result of :func:`furong.reachability.audit` (its ``streets``), or a frame of
        per-street counts with the audit's column names, or one that already has
        ``<measure>_coverage`` columns.
    measures : sequence of str
        Names from ``COVERAGE_RATIOS``.

    Returns
    -------
    pandas.DataFrame
        ``street``, ``name`` and one ``<measure>_coverage`` column per measure; the row of
        organisations under no street is dropped when it covers nothing.

    Examples
    --------
    >>> import pandas as pd
    >>> from furong.plot import coverage_frame
    >>> df = pd.DataFrame({"street": ["s1"], "households": [10], "households_without_contact": [1]})
    >>> coverage_frame(df, ["contact"])["contact_coverage"].tolist()
    [0.9]
    """
    df = _frame(audit_or_df, ("streets",)).copy()
    if "street" not in df.columns:
        df["street"] = [f"row {i}" for i in range(len(df))]
    if "name" not in df.columns:
        df["name"] = df["street"]
    out = df[["street", "name"]].copy()
    out["street"] = out["street"].where(out["street"].notna(), "(no street)")
    keep = _np.zeros(len(df), dtype=bool)
    for m in measures:
        col = f"{m}_coverage"
        if col in df.columns:
            out[col] = _pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)
            keep |= True
            continue
        if m not in COVERAGE_RATIOS:
            raise KeyError(f"unknown coverage measure {m!r}: expected one of {', '.join(COVERAGE_RATIOS)}")
        gaps, total = COVERAGE_RATIOS[m]
        if gaps not in df.columns or total not in df.columns:
            raise KeyError(f"coverage {m!r} needs the columns {gaps!r} and {total!r}")
        g = _pd.to_numeric(df[gaps], errors="coerce").fillna(0).to_numpy(dtype=float)
        t = _pd.to_numeric(df[total], errors="coerce").fillna(0).to_numpy(dtype=float)
        with _np.errstate(divide="ignore", invalid="ignore"):
            out[col] = _np.where(t > 0, 1.0 - g / _np.where(t > 0, t, 1), 1.0)
        keep |= t > 0
    return out[keep].reset_index(drop=True)


def coverage_by_street(audit_or_df: Any, ax: Optional[Axes] = None, *,
                       measures: Sequence[str] = ("contact", "branch", "pairing", "three_party"),
                       labels: str = "auto") -> Axes:
    """Grouped horizontal bars of coverage ratios per street, from the audit's per-street totals.

    Parameters
    ----------
    audit_or_df : dict, DataFrame or result
        See :func:`coverage_frame`.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    measures : sequence of str
        Which ratios (``contact``, ``branch``, ``pairing``, ``building_leader``,
        ``grid_worker``, ``three_party``), one bar per street each.
    labels : {"auto", "name", "id"}
        Street labels (see :func:`hierarchy`).

    Returns
    -------
    matplotlib.axes.Axes
        One bar container per measure, each with one bar per street.

    Examples
    --------
    >>> import furong, furong.plot
    >>> audit = furong.synth.city(households=500, seed=3).audit("2025-06-30")
    >>> ax = furong.plot.coverage_by_street(audit, measures=["contact"])
    >>> len(ax.containers[0]) == len([s for s in audit["streets"] if s["households"]])
    True
    """
    cov = coverage_frame(audit_or_df, measures)
    use_names = _use_names(labels)
    font = _text_kw(labels) if use_names else {}
    streets = [str(n) if use_names and isinstance(n, str) and n else str(s) for s, n in zip(cov["street"], cov["name"])]
    ax = _new_axes(ax, (9, max(3.5, 0.13 * len(streets) * max(len(measures), 1) + 1.5)))
    h = 0.8 / max(len(measures), 1)
    y = _np.arange(len(streets))
    palette = ["#2c7fb8", "#d62728", "#f1a340", "#7fbf7b", "#9467bd", "#8c564b"]
    for j, m in enumerate(measures):
        values = cov[f"{m}_coverage"].to_numpy(dtype=float)
        bars = ax.barh(y - 0.4 + h * (j + 0.5), values, height=h, label=m.replace("_", " "),
                       color=palette[j % len(palette)])
        if len(measures) * len(streets) <= 80:
            ax.bar_label(bars, labels=[f"{v:.0%}" for v in values], fontsize=6, padding=2)
    ax.set_yticks(y, streets, fontsize=8, **font)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.12)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel("coverage")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)  # beside the bars, never over them
    ax.set_title("Coverage by street", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return ax


# ---- ledger --------------------------------------------------------------------------------

def backlog_frame(ledger: Any, start: Any = None, end: Any = None, *, freq: str = "7D") -> _pd.DataFrame:
    """The backlog over time of a ledger, sampled every ``freq``: items open and overdue.

    The counts come from the ledger's one backlog rule in the compiled core
    (:meth:`furong.ledger.Ledger.backlog`: items in the open family that day, and of them
    those past their due date), so the plot and the ledger agree.

    Parameters
    ----------
    ledger : furong.ledger.Ledger or furong.Network
        The ledger (or a network, for its ``ledger``).
    start, end : date-like, optional
        Range (default: the first day an item was raised to the last day of an event).
    freq : str
        Sampling step (a pandas frequency: ``"D"``, ``"7D"``, ``"MS"``...).

    Returns
    -------
    pandas.DataFrame
        ``day``, ``open`` and ``overdue``, one row per sampled day.

    Examples
    --------
    >>> import furong
    >>> from furong.plot import backlog_frame
    >>> b = backlog_frame(furong.datasets.furong().ledger, "2025-01-01", "2025-01-31", freq="D")
    >>> len(b), bool((b["overdue"] <= b["open"]).all())
    (31, True)
    """
    led = getattr(ledger, "ledger", ledger)
    if isinstance(led, _pd.DataFrame) or not callable(getattr(led, "backlog", None)):
        raise TypeError("backlog_frame takes a furong ledger (net.ledger) or a network; the backlog of a "
                        f"ledger is computed once, by the compiled core (got {type(ledger).__name__})")
    if start is None:
        start = _pd.to_datetime(led.items()["raised"]).min().date()
    if end is None:
        end = _pd.to_datetime(led.events()["date"]).max().date()
    daily = led.backlog(start, end)
    days = _pd.date_range(_pd.Timestamp(daily["day"].iloc[0]), _pd.Timestamp(daily["day"].iloc[-1]), freq=freq)
    sampled: _pd.DataFrame = daily.set_index("day").loc[days.to_numpy(dtype="datetime64[ns]")]
    return sampled.rename_axis("day").reset_index()


def burndown(backlog_df: Any, ax: Optional[Axes] = None, *, day: Optional[str] = None,
             open: Optional[str] = None, overdue: Optional[str] = None) -> Axes:
    """The ledger backlog over time: open items as a filled area, overdue items as a line.

    Parameters
    ----------
    backlog_df : DataFrame or result
        Columns ``day``, ``open`` and (optional) ``overdue``, as made by
        :func:`backlog_frame`; an object with ``.to_frame()`` or ``.backlog`` works too.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    day, open, overdue : str, optional
        Column names, if not the defaults.

    Returns
    -------
    matplotlib.axes.Axes
        One line per series in ``ax.lines`` (open, then overdue) and the filled area.

    Examples
    --------
    >>> import pandas as pd, furong.plot
    >>> df = pd.DataFrame({"day": pd.date_range("2025-01-01", periods=4, freq="7D"),
    ...                    "open": [10, 8, 5, 2], "overdue": [0, 1, 2, 1]})
    >>> ax = furong.plot.burndown(df)
    >>> [l.get_label() for l in ax.lines]
    ['open', 'overdue']
    """
    df = _frame(backlog_df, ("backlog",))
    dc = _column(df, day, ("day", "date"), "day")
    oc = _column(df, open, ("open", "open_items", "backlog"), "open-count")
    vc = overdue if overdue is not None else ("overdue" if "overdue" in df.columns else None)
    x = _pd.to_datetime(df[dc])
    ax = _new_axes(ax, (9, 4))
    ax.fill_between(x, df[oc].to_numpy(dtype=float), color="#2c7fb8", alpha=0.2, linewidth=0)
    ax.plot(x, df[oc].to_numpy(dtype=float), color="#2c7fb8", linewidth=1.6, label="open")
    if vc is not None:
        ax.plot(x, df[vc].to_numpy(dtype=float), color="#d62728", linewidth=1.6, label="overdue")
    ax.set_ylabel("items")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)  # beside the curves, never over them
    ax.set_title("Ledger backlog", fontsize=10)
    if ax.figure is not None:
        for t in ax.get_xticklabels():
            t.set_rotation(30)
            t.set_horizontalalignment("right")
    return ax


def closure_times(df: Any, by: Optional[str] = "category", ax: Optional[Axes] = None, *,
                  days: Optional[str] = None, kind: str = "box", max_groups: int = 30,
                  labels: str = "auto") -> Axes:
    """Distribution of closure times (days from raised to closed), one box or violin per group.

    Groups are sorted by median, slowest at the top.

    Parameters
    ----------
    df : DataFrame or result
        One row per closed item with a column of days (``days``, ``days_to_close``,
        ``closure_days``...) and the group column.
    by : str or None
        Group column (``category``, ``street``, ``compound_type``...); None: one group.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    days : str, optional
        The days column, if not one of the defaults.
    kind : {"box", "violin"}
        Box plots (one patch per group) or violins (one body per group).
    max_groups : int
        Only the slowest ``max_groups`` groups by median are drawn.
    labels : {"auto", "name", "id"}
        Fonts for group labels that may be Chinese (see :func:`hierarchy`).

    Returns
    -------
    matplotlib.axes.Axes
        With ``kind="box"``, one :class:`~matplotlib.patches.PathPatch` per group in
        ``ax.patches``.

    Examples
    --------
    >>> import pandas as pd, furong.plot
    >>> df = pd.DataFrame({"days": [1, 3, 5, 10, 12, 2], "category": list("aabbbc")})
    >>> ax = furong.plot.closure_times(df, by="category")
    >>> len(ax.patches), [t.get_text() for t in ax.get_yticklabels()]
    (3, ['b', 'a', 'c'])
    """
    if kind not in ("box", "violin"):
        raise ValueError(f"kind must be 'box' or 'violin', not {kind!r}")
    frame = _frame(df, ("closures", "closed"))
    dc = _column(frame, days, ("days", "days_to_close", "closure_days", "closure_time", "duration_days"), "days")
    values = _pd.to_numeric(frame[dc], errors="coerce")
    if by is None:
        groups = {"all": values.dropna().to_numpy(dtype=float)}
    else:
        if by not in frame.columns:
            raise KeyError(f"no column {by!r} to group by (columns: {', '.join(map(str, frame.columns))})")
        g = frame[by].astype(str)
        groups = {str(k): v.dropna().to_numpy(dtype=float) for k, v in values.groupby(g, sort=True, observed=True)}
    groups = {k: v for k, v in groups.items() if len(v)}
    order = sorted(groups, key=lambda k: (-float(_np.median(groups[k])), k))[:max_groups]
    data = [groups[k] for k in order]
    ax = _new_axes(ax, (8, max(3.0, 0.35 * len(order) + 1.2)))
    pos = _np.arange(1, len(order) + 1)
    if data:
        if kind == "box":
            bp = ax.boxplot(data, positions=pos, **_horizontal(), patch_artist=True, widths=0.6,
                            showfliers=True, flierprops={"markersize": 2, "alpha": 0.4},
                            medianprops={"color": "black"})
            for patch in bp["boxes"]:
                patch.set_facecolor("#9ecae1")
        else:
            vp = ax.violinplot(data, positions=pos, **_horizontal(), showmedians=True, widths=0.8)
            for body in list(vp["bodies"]):  # type: ignore[call-overload]
                body.set_facecolor("#9ecae1")
                body.set_alpha(0.8)
    ax.set_yticks(pos, order, fontsize=8, **_text_kw(labels))
    ax.invert_yaxis()
    ax.set_xlabel("days to close")
    ax.grid(axis="x", alpha=0.3)
    n = sum(len(v) for v in data)
    ax.set_title(f"Closure times{'' if by is None else ' by ' + by} ({n:,} closed items)", fontsize=10)
    return ax



# Chinese names in every plot, once, when furong.plot is imported (no "Glyph missing" warnings).
use_cjk_font()
