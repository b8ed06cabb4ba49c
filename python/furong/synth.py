"""Synthetic cities of any size, for research scripts and benchmarks."""

from __future__ import annotations

from typing import Any

from . import _core
from .network import Network

__all__ = ["city"]


def city(households: int = 100_000, seed: int = 1, *, household_nodes: bool = True, progress: bool = False,
         **options: Any) -> Network:
    """Generate a consistent synthetic city, deterministic for ``seed``.

    Parameters
    ----------
    households : int
        Number of households (0 to 10 million).
    seed : int
        Random seed; the same seed gives the same city on every machine.
    household_nodes : bool
        Create households as nodes (with contact links) so that household queries are real.
    progress : bool
        Show a progress bar on stderr.
    **options
        Further knobs of the C++ ``furong::synth::city_options``.

    Examples
    --------
    >>> import furong
    >>> net = furong.synth.city(households=2000, seed=7)
    >>> net.counts()["household"]
    2000
    """
    return Network(_core.synth_city(households=households, seed=seed, household_nodes=household_nodes,
                                    progress=progress, **options))
