"""Datasets shipped with furong.

The Furong District network (Changsha, Hunan): the 13 real streets and known community names;
everything below street level is synthetic but plausible (see docs/dataset.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..network import Network, load

__all__ = ["furong", "furong_path"]

_cached: Optional[Network] = None


def furong_path() -> Path:
    """The directory holding the bundled Furong CSV files.

    Examples
    --------
    >>> from furong import datasets
    >>> (datasets.furong_path() / "organisations.csv").exists()
    True
    """
    return Path(__file__).resolve().parent / "furong"


def furong() -> Network:
    """Load the bundled Furong District network.

    Returns
    -------
    Network
        Organisations, links, people, roles, offers and needs (and the ledger, when the
        bundled files include it).

    Examples
    --------
    >>> from furong import datasets
    >>> net = datasets.furong()
    >>> len(net) > 1000
    True
    """
    global _cached
    if _cached is None:
        _cached = load(furong_path())
    # A copy shares the loaded tables until either side is edited, so this is cheap and
    # callers may edit what they get without touching the next caller's network.
    return _cached.copy()
