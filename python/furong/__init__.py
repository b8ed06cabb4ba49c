"""furong: urban grassroots governance as a graph.

Organisations of a city district, the people holding roles in them, co-building pairings
between agencies, resident units and residential compounds, and the ledger of residents'
demands, with the queries planners ask of them.

Examples
--------
>>> import furong
>>> net = furong.datasets.furong()
>>> net.counts()["street"]
13
"""

from __future__ import annotations

from . import datasets, match, plan, synth
from ._core import __version__  # configured by CMake from project(VERSION), the one source
from ._errors import (ArgumentError, ArgumentOverflowError, ArgumentTypeError, FileError, FurongError, InputError,
                      InternalError, ModelError, OutOfMemoryError, UnknownIdError)
from .network import Network, load

__all__ = [
    "ArgumentError",
    "ArgumentOverflowError",
    "ArgumentTypeError",
    "FileError",
    "FurongError",
    "InputError",
    "InternalError",
    "ModelError",
    "Network",
    "OutOfMemoryError",
    "UnknownIdError",
    "datasets",
    "load",
    "match",
    "plan",
    "synth",
    "__version__",
]
