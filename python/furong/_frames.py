"""Conversion of the compiled core's columns into pandas: categoricals from integer codes,
nullable counts, dates from day numbers, and the kind-name lists of the core. Every module
that builds a DataFrame from ``furong._core`` columns uses these (none of them decides
anything: the rules stay in C++)."""

from __future__ import annotations

from typing import Any, List, Sequence

import numpy as np
import pandas as pd

from . import _core

__all__ = [
    "ORG_KINDS", "LINK_KINDS", "ROLE_KINDS", "COMPOUND_TYPES", "UNIT_TYPES",
    "categories", "optional_categories", "nullable_counts", "day_column",
]

#: Organisation kinds, in the core's code order (code i is ``ORG_KINDS[i]``).
ORG_KINDS: List[str] = list(_core.ORG_KINDS)
#: Link kinds, in code order.
LINK_KINDS: List[str] = list(_core.LINK_KINDS)
#: Role kinds, in code order.
ROLE_KINDS: List[str] = list(_core.ROLE_KINDS)
#: Compound types (code 0 of the core, "not set", left out).
COMPOUND_TYPES: List[str] = list(_core.COMPOUND_TYPES)[1:]
#: Unit types (code 0 of the core, "not set", left out).
UNIT_TYPES: List[str] = list(_core.UNIT_TYPES)[1:]


def categories(codes: Any, names: Sequence[str]) -> pd.Categorical[str]:
    """A categorical column from integer codes into ``names`` (code -1: missing).

    Examples
    --------
    >>> list(categories([1, -1, 0], ["a", "b"]))
    ['b', nan, 'a']
    """
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=pd.Index(list(names)))


def optional_categories(codes: Any, names: List[str]) -> pd.Categorical[str]:
    """A categorical column from codes where 0 means "not set" (a missing value) and code
    k > 0 is ``names[k - 1]``."""
    return categories(np.asarray(codes, dtype=np.int64) - 1, names)


def nullable_counts(values: Any) -> Any:
    """A nullable integer (``Int64``) column; -1 means "not known" (a missing value)."""
    out = pd.array(np.asarray(values, dtype=np.int64), dtype="Int64")
    out[np.asarray(values) < 0] = pd.NA
    return out


def day_column(days: Any) -> np.ndarray[Any, Any]:
    """``datetime64[D]`` values from days since 1970-01-01 (int64; the minimum is NaT)."""
    return np.asarray(days, dtype=np.int64).view("datetime64[D]")
