"""Datasets shipped with furong.

The Furong District network (Changsha, Hunan): the 13 real streets and known community names;
everything below street level is synthetic but plausible (see docs/dataset.md).
"""

from __future__ import annotations

from pathlib import Path

from ..network import Network, load

__all__ = ["furong", "furong_path"]


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
    return load(furong_path())
