"""Residents' data (docs/privacy.md): keyed pseudonyms, small-count suppression of published
tables and the key files of pseudonymised exports. Scoped views are :meth:`furong.Network.view`
and redacted saves ``Network.save(dir, redact=key)``; the rules are in C++
(``edit/view.hpp``, ``edit/redact.hpp``, ``domain/suppression.hpp``), called from here.

Examples
--------
>>> import pandas as pd
>>> from furong import privacy
>>> t = privacy.suppress(pd.DataFrame({"a": [12, 20], "b": [3, 9]}, index=["s1", "s2"]))
>>> t.loc["s1", "b"] is pd.NA, int(t.loc["total", "total"])
(True, 44)
"""

from __future__ import annotations

import os as _os
from typing import Any, Dict, Mapping, Sequence, Union

import numpy as _np
import pandas as _pd

from . import _core
from ._errors import ArgumentError, FileError, typed_errors

__all__ = ["DEFAULT_THRESHOLD", "SUPPRESSED", "MIN_KEY_BYTES", "OUTSIDE_PREFIX", "pseudonym", "read_key", "suppress",
           "suppression", "publish_parts", "publish_audit", "publish_ledger"]

#: Counts of people below this are not published (primary suppression).
DEFAULT_THRESHOLD = 5
#: What a published JSON value says in place of a suppressed count.
SUPPRESSED = "suppressed"
#: The id prefix of the placeholders of a view (an outside party: ``outside:<kind>:<n>``,
#: ``outside:person``).
OUTSIDE_PREFIX: str = str(_core.privacy.outside_prefix)
#: The shortest key accepted for pseudonyms, in bytes.
MIN_KEY_BYTES: int = int(_core.privacy.min_key_bytes)

PathLike = Union[str, _os.PathLike[str]]


def _key_bytes(key: Union[str, bytes]) -> bytes:
    if isinstance(key, str):
        return key.encode("utf-8")
    if isinstance(key, (bytes, bytearray)):
        return bytes(key)
    raise ArgumentError(f"a pseudonym key is bytes or str, not {type(key).__name__}")


def pseudonym(key: Union[str, bytes], id: str, prefix: str = "p-") -> str:
    """``prefix`` + 16 hex digits of HMAC-SHA256(key, id): what a redacted export writes for a
    person (``p-``) or a household (``h-``).

    Raises
    ------
    ArgumentError
        A key shorter than :data:`MIN_KEY_BYTES` bytes.

    Examples
    --------
    >>> from furong.privacy import pseudonym
    >>> pseudonym(b"sixteen byte key", "p00001") == pseudonym(b"sixteen byte key", "p00001")
    True
    >>> len(pseudonym(b"sixteen byte key", "p00001"))
    18
    """
    return str(_core.privacy.pseudonym(_key_bytes(key), str(id), str(prefix)))


def read_key(path: PathLike) -> bytes:
    """The key in a key file: its bytes without a trailing line break.

    Raises
    ------
    FileError
        The file cannot be read.
    ArgumentError
        The key is shorter than :data:`MIN_KEY_BYTES` bytes.
    """
    try:
        with open(_os.fspath(path), "rb") as f:
            key = f.read().rstrip(b"\r\n")
    except OSError as e:
        raise FileError(e.errno or 0, f"{_os.fspath(path)}: reading the key file: {e.strerror or e}",
                        _os.fspath(path)) from None
    if len(key) < MIN_KEY_BYTES:
        raise ArgumentError(f"{_os.fspath(path)}: a pseudonym key needs at least {MIN_KEY_BYTES} bytes, got {len(key)}")
    return key


def suppression(counts: Any, threshold: int = DEFAULT_THRESHOLD) -> Dict[str, _np.ndarray[Any, Any]]:
    """The table of ``counts`` (rows of counts >= 0) with its totals (last row and column) as
    ``values`` and what to hide as ``hidden`` (0 shown, 1 primary: 0 < count < threshold, 2
    secondary: hidden so that no hidden count can be recomputed from the totals).

    Raises
    ------
    ArgumentError
        Ragged rows, a negative count, a threshold < 1.
    """
    rows = [[int(v) for v in row] for row in _np.asarray(counts, dtype=_np.int64).reshape(len(counts), -1)] \
        if len(counts) else []
    out = _core.privacy.suppress(rows, int(threshold))
    return {"values": out["values"], "hidden": out["hidden"]}


def suppress(frame: _pd.DataFrame, threshold: int = DEFAULT_THRESHOLD, total: str = "total") -> _pd.DataFrame:
    """A table of counts of people ready for publication: ``frame`` with a ``total`` row and
    column, counts under ``threshold`` and the complementary counts that would give them away
    as ``pd.NA`` (nullable ``Int64``).

    Parameters
    ----------
    frame : DataFrame
        Counts >= 0 (rows and columns are the cells of one partition, such as streets by
        category).
    threshold : int
        Counts c with 0 < c < threshold are hidden (default 5).
    total : str
        Label of the totals row and column.

    Examples
    --------
    >>> import pandas as pd
    >>> from furong.privacy import suppress
    >>> suppress(pd.DataFrame({"x": [40, 50]}, index=["a", "b"]))["x"].tolist()
    [40, 50, 90]
    """
    if not isinstance(frame, _pd.DataFrame):
        raise ArgumentError(f"suppress expects a DataFrame, not {type(frame).__name__}")
    if frame.isna().to_numpy().any():
        raise ArgumentError("suppress expects counts, found missing values")
    t = suppression(frame.to_numpy(dtype=_np.int64) if frame.size else [[]] * len(frame), threshold)
    values = _pd.DataFrame(t["values"], index=list(frame.index) + [total], columns=list(frame.columns) + [total])
    out = values.astype("Int64")
    return out.mask(_pd.DataFrame(t["hidden"] != 0, index=values.index, columns=values.columns))


def publish_parts(rows: Mapping[str, Sequence[int]], parts: Sequence[str], total: str,
                  threshold: int = DEFAULT_THRESHOLD) -> Dict[str, Any]:
    """Suppress a table whose rows (keyed by label) split a total into ``parts`` (e.g. households
    without and with a contact, per street) and return it as JSON-ready dicts: ``rows``
    ({label: {part: count or SUPPRESSED, total: ...}}) and ``totals`` (the same for the totals
    row). A count hidden by suppression reads :data:`SUPPRESSED`.
    """
    labels = list(rows)
    frame = _pd.DataFrame([list(rows[k]) for k in labels], index=labels, columns=list(parts), dtype=_np.int64) \
        if labels else _pd.DataFrame(columns=list(parts), dtype=_np.int64)
    t = suppress(frame, threshold, total="__total__")

    def cell(v: Any) -> Any:
        return SUPPRESSED if v is _pd.NA else int(v)

    def row(label: Any) -> Dict[str, Any]:
        out = {p: cell(t.loc[label, p]) for p in parts}
        out[total] = cell(t.loc[label, "__total__"])
        return out

    return {"rows": {str(k): row(k) for k in labels}, "totals": row("__total__")}




def publish_audit(report: Mapping[str, Any], threshold: int = DEFAULT_THRESHOLD) -> Dict[str, Any]:
    """The coverage audit (:func:`furong.reachability.audit`) as a table fit for publication:
    no ids (the gap lists are left out), the households per street split into without / with
    a contact and suppressed (:func:`suppress`), the organisation counts as they are. A
    suppressed count reads :data:`SUPPRESSED`; a coverage ratio computed from one reads None.

    Examples
    --------
    >>> import furong
    >>> p = publish_audit(furong.datasets.furong().audit("2025-06-30"))
    >>> sorted(p)
    ['as_of', 'streets', 'summary', 'threshold']
    """
    streets = list(report["streets"])
    rows = {str(st["street"] or ""): [int(st["households_without_contact"]),
                                      int(st["households"]) - int(st["households_without_contact"])]
            for st in streets}
    t = publish_parts(rows, ["households_without_contact", "households_with_contact"], "households", threshold)
    out_streets = []
    for st in streets:
        row = {k: v for k, v in st.items() if k not in ("households", "households_without_contact")}
        cells = t["rows"][str(st["street"] or "")]
        row["households"] = cells["households"]
        row["households_without_contact"] = cells["households_without_contact"]
        out_streets.append(row)
    summary = dict(report["summary"])
    summary["households"] = t["totals"]["households"]
    summary["households_without_contact"] = t["totals"]["households_without_contact"]
    if SUPPRESSED in (summary["households"], summary["households_without_contact"]):
        summary["contact_coverage"] = None
    return {"as_of": report.get("as_of"), "threshold": int(threshold), "streets": out_streets, "summary": summary}


def publish_ledger(by_street: Mapping[str, Mapping[str, int]], threshold: int = DEFAULT_THRESHOLD) -> Dict[str, Any]:
    """Open and overdue ledger items per street (``{street: {"open", "overdue"}}``) fit for
    publication: split into overdue / open and not overdue, suppressed (:func:`suppress`),
    with the district totals. A suppressed count reads :data:`SUPPRESSED`.

    Examples
    --------
    >>> publish_ledger({"s1": {"open": 40, "overdue": 2}, "s2": {"open": 50, "overdue": 20}})["by_street"]["s1"]
    {'open': 40, 'overdue': 'suppressed'}
    """
    rows = {str(s): [int(c["overdue"]), int(c["open"]) - int(c["overdue"])] for s, c in by_street.items()}
    t = publish_parts(rows, ["overdue", "open_not_overdue"], "open", threshold)

    def cells(c: Mapping[str, Any]) -> Dict[str, Any]:
        return {"open": c["open"], "overdue": c["overdue"]}

    return {"threshold": int(threshold), "by_street": {s: cells(c) for s, c in t["rows"].items()},
            "totals": cells(t["totals"])}


typed_errors(globals(), __all__)  # argument type errors leave as furong errors (furong._errors)
