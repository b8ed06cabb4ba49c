"""Graphviz DOT export of a part of the network (:meth:`furong.Network.to_dot`).

Examples
--------
>>> import furong
>>> text = furong.datasets.furong().to_dot("cp-wenyilu-01-01", depth=1)
>>> text.splitlines()[0]
'digraph furong {'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as _np
import pandas as _pd

from ._dates import DateLike
from ._errors import typed_errors
from ._frames import ORG_KINDS

if TYPE_CHECKING:  # pragma: no cover
    from .network import Network

__all__ = ["to_dot", "subtree", "escape", "KIND_COLOURS"]

#: One colour per organisation kind, the one table: the sunburst of :mod:`furong.plot` fills
#: with it, the DOT export with a lighter tint of it (so that black labels stay readable).
KIND_COLOURS: Dict[str, str] = {
    "district": "#8c1c13",
    "street": "#c0392b",
    "community": "#e67e22",
    "compound": "#f1c40f",
    "building": "#27ae60",
    "household": "#a3d9a5",
    "branch": "#d62728",
    "grid": "#1f77b4",
    "owners_committee": "#9467bd",
    "property_company": "#8c564b",
    "agency": "#17becf",
    "unit": "#2c7fb8",
    "alliance": "#7f3c8d",
    "team": "#e377c2",
    "area": "#7f7f7f",
    "group": "#aaaaaa",
    "neighbourhood": "#cccccc",
}


def _tint(colour: str, white: float = 0.6) -> str:
    """``colour`` mixed with ``white`` parts of white (``#rrggbb``)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02x}" for c in rgb)


_FILL: Dict[str, str] = {k: _tint(v) for k, v in KIND_COLOURS.items()}

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
    s = "" if text is None or (isinstance(text, float) and _np.isnan(text)) else str(text)
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{s}"'


def subtree(net: Network, root: Optional[str] = None, depth: Optional[int] = None,
            kinds: Optional[Iterable[str]] = None) -> _pd.DataFrame:
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
        ``id, kind, name, level, shown_parent`` in hierarchy pre-order (children in index
        order), from the core's one subtree walk (``Snapshot.subtree``).

    Raises
    ------
    UnknownIdError
        ``root`` names no organisation.
    ArgumentError
        ``depth`` below 0 or an unknown kind.

    Examples
    --------
    >>> import furong
    >>> from furong.dot import subtree
    >>> sub = subtree(furong.datasets.furong(), "st-wenyilu", depth=1)
    >>> sorted(set(sub["kind"]))
    ['community', 'property_company', 'street', 'unit']
    """
    sub = net.snapshot().subtree(root, depth, None if kinds is None else [str(k) for k in kinds])
    c = net.core.organisation_columns()
    idx = sub.index
    ids = _np.array(c["id"], dtype=object)
    up = sub.shown_parent
    shown_parent = _np.full(len(idx), None, dtype=object)
    shown_parent[up >= 0] = ids[up[up >= 0]]
    return _pd.DataFrame({
        "id": ids[idx] if len(idx) else _np.array([], dtype=object),
        "kind": _np.array(ORG_KINDS, dtype=object)[_np.asarray(c["kind"], dtype=_np.int64)[idx]] if len(idx)
        else _np.array([], dtype=object),
        "name": _np.array(c["name"], dtype=object)[idx] if len(idx) else _np.array([], dtype=object),
        "level": sub.level,
        "shown_parent": shown_parent,
    })


def to_dot(net: Network, root: Optional[str] = None, depth: Optional[int] = None,
           kinds: Optional[Iterable[str]] = None, *, links: bool = True,
           link_kinds: Optional[Sequence[str]] = None, as_of: DateLike = None,
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
        Only links active on that day (None: every link whatever its dates).
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
        c = net.core.organisation_columns()
        ids = _np.array(c["id"], dtype=object)
        parent = _np.asarray(c["parent"], dtype=_np.int64)
        rows_parent = parent[_np.asarray(net.index_of(sub["id"].tolist()), dtype=_np.int64)]
        real_parent = {rid: (ids[p] if p >= 0 else None) for rid, p in zip(sub["id"].tolist(), rows_parent.tolist())}
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
        if up is None or (isinstance(up, float) and _np.isnan(up)):
            continue
        style = "" if real_parent.get(rid) == up else " [style=dotted]"
        out.append(f"  {escape(up)} -> {escape(rid)}{style};")
    if links and len(sub):
        lk = net.links(as_of)  # the links active on as_of (None: all), by the core's rule
        keep = lk["source"].isin(shown) & lk["target"].isin(shown)
        if link_kinds is not None:
            keep &= lk["kind"].astype(str).isin([str(k) for k in link_kinds])
        for s, t, k in zip(lk["source"][keep], lk["target"][keep], lk["kind"][keep].astype(str)):
            out.append(f"  {escape(s)} -> {escape(t)} [style=dashed, constraint=false, "
                       f"color=\"{_LINK_COLOUR.get(k, '#555555')}\", label={escape(k)}, fontsize=8];")
    out.append("}")
    return "\n".join(out) + "\n"


typed_errors(globals(), __all__)  # argument type errors leave as furong errors (furong._errors)
