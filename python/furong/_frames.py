"""Conversion helpers shared by the area modules: compiled results -> pandas columns.

Imports only numpy and pandas (never an area module or the Network facade).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd


def categories(codes: Any, names: Sequence[str]) -> "pd.Categorical[str]":
    """A categorical column from integer codes into ``names`` (code -1: missing)."""
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=pd.Index(list(names)))
