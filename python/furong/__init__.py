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

from . import datasets, match, plan, store, synth
from . import calendar, privacy
from ._core import __version__  # configured by CMake from project(VERSION), the one source
from ._errors import (ArgumentError, ArgumentOverflowError, ArgumentTypeError, ConflictError, FileError, FurongError,
                      InputError, InternalError, ModelError, OutOfMemoryError, StoreBusyError, StoreError,
                      StoreVersionError, UnknownIdError)
from .network import Network
from .store import Store, load, open_store

__all__ = [
    "ArgumentError",
    "ArgumentOverflowError",
    "ArgumentTypeError",
    "ConflictError",
    "FileError",
    "FurongError",
    "InputError",
    "InternalError",
    "ModelError",
    "Network",
    "OutOfMemoryError",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreVersionError",
    "UnknownIdError",
    "datasets",
    "load",
    "open_store",
    "match",
    "plan",
    "store",
    "synth",
    "privacy",
    "__version__",
    "calendar",
]
