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
from ._errors import ArgumentError, FurongError, InputError, ModelError, UnknownIdError
from .network import Network, load

__version__ = "0.1.0"

__all__ = [
    "ArgumentError",
    "FurongError",
    "InputError",
    "ModelError",
    "Network",
    "UnknownIdError",
    "datasets",
    "load",
    "match",
    "plan",
    "synth",
    "__version__",
]
