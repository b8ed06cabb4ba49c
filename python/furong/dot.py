"""Graphviz DOT export of a part of the network (:meth:`furong.Network.to_dot`).

Examples
--------
>>> import furong
>>> text = furong.datasets.furong().to_dot("cp-wenyilu-01-01", depth=1)
>>> text.splitlines()[0]
'digraph furong {'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from .network import DateLike, Network

__all__ = ["to_dot", "subtree", "escape"]

#: Fill colour per organisation kind (kept in step with ``furong.plot.KIND_COLOURS``,
#: without importing matplotlib).
_FILL: Dict[str, str] = {
    "district": "#e8b4ae", "street": "#f2b8b0", "community": "#f8cfa0", "compound": "#fbe8a0",
    "building": "#b9e3c6", "household": "#e0f3e1", "branch": "#f4a6a6", "grid": "#a9cbe8",
    "owners_committee": "#d5c4e8", "property_company": "#d9c2b8", "agency": "#a8e6ee",
    "unit": "#a9c9e4", "alliance": "#d8b6e0", "team": "#f4c6e6", "area": "#dddddd",
    "group": "#e6e6e6", "neighbourhood": "#f0f0f0",
}

#: Colour per link kind.
_LINK_COLOUR: Dict[str, str] = {
    "pairing": "#d62728", "contact": "#2ca02c", "serves": "#8c564b", "covers": "#e377c2",
    "represents": "#9467bd", "supports": "#17becf", "member": "#7f7f7f", "liaison": "#1f77b4",
    "in_grid": "#bcbd22", "adjacent": "#aaaaaa",
}


def escape(text: Any) -> str:
    """A DOT double-quoted string (quotes included) for any text.

    Examples
    --------
    >>> from furong.dot import escape
    >>> print(escape('a "b"\\\\c\\nd'))
    "a \\"b\\"\\\\c\\nd"
    """
    s = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{s}"'


def subtree(net: "Network", root: Optional[str] = None, depth: Optional[int] = None,
            kinds: Optional[Iterable[str]] = None) -> pd.DataFrame:
    """The organisations under ``root`` (itself included), down to ``depth`` levels of the
    ``kinds`` shown, each with its nearest shown ancestor.

    Parameters
    ----------
    net : furong.Network
        The network.
    root : str, optional
        Where to start (default: every root of the hierarchy).
    depth : int, optional
        Levels below the root (counting shown kinds only); None: no limit.
    kinds : iterable of str, optional
        Kinds shown; the others are looked through (their children still appear, joined to
        the nearest shown ancestor). The root is always shown. None: every kind.

    Returns
    -------
    pandas.DataFrame
        ``id, kind, name, level, shown_parent`` in depth-first order.

    Raises
    ------
    UnknownIdError
        ``root`` names no organisation.

    Examples
    --------
    >>> import furong
    >>> from furong.dot import subtree
    >>> sub = subtree(furong.datasets.furong(), "st-wenyilu", depth=1)
    >>> sorted(set(sub["kind"]))
    ['community', 'property_company', 'street', 'unit']
    """
    orgs = net.organisations()
    ids = orgs["id"].to_numpy(dtype=object)
    pos = pd.Index(ids)
    parent = pos.get_indexer(orgs["parent"].to_numpy(dtype=object))
    kind = orgs["kind"].astype(str).to_numpy()
    n = len(ids)
    if root is not None and root not in pos:
        from ._errors import UnknownIdError

        raise UnknownIdError(f"unknown organisation id '{root}'")
    if depth is not None and depth < 0:
        from ._errors import ArgumentError

        raise ArgumentError(f"depth must be >= 0, not {depth}")
    show: Optional[Set[str]] = None if kinds is None else {str(k) for k in kinds}
    has_parent = np.flatnonzero(parent >= 0)
    order = np.argsort(parent[has_parent], kind="stable")
    sorted_children = has_parent[order]
    starts = np.searchsorted(parent[has_parent][order], np.arange(n + 1))
    starts_from = [int(pos.get_loc(root))] if root is not None else [int(i) for i in np.flatnonzero(parent < 0)]
    limit = depth if depth is not None else n
    rows: List[Tuple[int, int, int]] = []
    stack: List[Tuple[int, int, int]] = [(r, 0, -1) for r in reversed(starts_from)]
    while stack:
        v, level, up = stack.pop()
        rows.append((v, level, up))
        if level >= limit:
            continue
        found: List[int] = []
        frontier = [v]
        while frontier:  # look through hidden kinds
            u = frontier.pop()
            for c in sorted_children[starts[u]:starts[u + 1]]:
                c = int(c)
                (found if show is None or kind[c] in show else frontier).append(c)
        stack.extend((c, level + 1, v) for c in sorted(found, reverse=True))
    idx = np.array([r[0] for r in rows], dtype=np.int64)
    return pd.DataFrame({
        "id": ids[idx] if len(idx) else np.array([], dtype=object),
        "kind": kind[idx] if len(idx) else np.array([], dtype=object),
        "name": orgs["name"].to_numpy(dtype=object)[idx] if len(idx) else np.array([], dtype=object),
        "level": np.array([r[1] for r in rows], dtype=np.int64),
        "shown_parent": np.array([ids[r[2]] if r[2] >= 0 else None for r in rows], dtype=object),
    })


def to_dot(net: "Network", root: Optional[str] = None, depth: Optional[int] = None,
           kinds: Optional[Iterable[str]] = None, *, links: bool = True,
           link_kinds: Optional[Sequence[str]] = None, as_of: "DateLike" = None,
           rankdir: str = "TB") -> str:
    """Graphviz DOT text of the subtree under ``root``, with the links among the shown nodes.

    Hierarchy edges are solid and grey (dotted when they skip hidden kinds); link edges are
    dashed, coloured and labelled by link kind. Node labels are the name and the id, filled
    by kind; every string is escaped. Render with ``dot -Tsvg out.dot -o out.svg``.

    Parameters
    ----------
    net : furong.Network
        The network.
    root, depth, kinds
        What to show; see :func:`subtree`.
    links : bool
        Draw the links whose two ends are both shown.
    link_kinds : sequence of str, optional
        Only these link kinds (default: all).
    as_of : date or str, optional
        Only links active on that day.
    rankdir : str
        Graphviz ``rankdir`` (``"TB"`` top to bottom, ``"LR"`` left to right).

    Returns
    -------
    str
        A ``digraph``.

    Examples
    --------
    >>> import furong
    >>> net = furong.datasets.furong()
    >>> dot = net.to_dot("cm-wenyilu-01", depth=1, kinds=["community", "compound"])
    >>> '"cm-wenyilu-01" -> "cp-wenyilu-01-01"' in dot
    True
    """
    sub = subtree(net, root, depth, kinds)
    shown = set(sub["id"])
    real_parent: Dict[str, Any] = {}
    if len(sub):
        orgs = net.organisations()
        real_parent = dict(zip(orgs["id"], orgs["parent"]))
    out = [
        "digraph furong {",
        f"  graph [rankdir={rankdir}, fontname=\"Helvetica\", charset=\"UTF-8\", overlap=false];",
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];",
        "  edge [color=\"#888888\", arrowsize=0.6];",
    ]
    rows: List[Tuple[Any, ...]] = list(zip(sub["id"].tolist(), sub["kind"].tolist(), sub["name"].tolist(),
                                           sub["shown_parent"].tolist()))
    for rid, kind, name, _ in rows:
        name = name if isinstance(name, str) and name else ""
        label = f"{name}\n{rid}" if name and name != rid else str(rid)
        out.append(f"  {escape(rid)} [label={escape(label)}, fillcolor=\"{_FILL.get(str(kind), '#ffffff')}\", "
                   f"tooltip={escape(kind)}];")
    for rid, _, _, up in rows:
        if up is None or (isinstance(up, float) and np.isnan(up)):
            continue
        style = "" if real_parent.get(rid) == up else " [style=dotted]"
        out.append(f"  {escape(up)} -> {escape(rid)}{style};")
    if links and len(sub):
        lk = net.links()
        keep = lk["source"].isin(shown) & lk["target"].isin(shown)
        if link_kinds is not None:
            keep &= lk["kind"].astype(str).isin([str(k) for k in link_kinds])
        if as_of is not None:
            from .network import _as_date

            day = np.datetime64(_as_date(as_of), "D")
            keep &= (lk["since"].isna() | (lk["since"] <= day)) & (lk["until"].isna() | (lk["until"] >= day))
        for s, t, k in zip(lk["source"][keep], lk["target"][keep], lk["kind"][keep].astype(str)):
            out.append(f"  {escape(s)} -> {escape(t)} [style=dashed, constraint=false, "
                       f"color=\"{_LINK_COLOUR.get(k, '#555555')}\", label={escape(k)}, fontsize=8];")
    out.append("}")
    return "\n".join(out) + "\n"
