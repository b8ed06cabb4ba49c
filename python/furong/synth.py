"""Synthetic cities of any size, for research scripts and benchmarks."""

from __future__ import annotations

from typing import Any, Tuple

from . import _core
from ._errors import typed_errors
from .network import Network

__all__ = ["city", "OPTIONS"]

#: Names of the generator's options (the fields of C++ ``furong::synth::city_options``),
#: each a keyword of :func:`city`.
OPTIONS: Tuple[str, ...] = tuple(_core.synth.CityOptions.OPTIONS)


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
        Further knobs of the C++ ``furong::synth::city_options`` (names in :data:`OPTIONS`).

    Raises
    ------
    ArgumentError
        An unknown option, or a value out of range (named in the message).

    Examples
    --------
    >>> import furong
    >>> net = furong.synth.city(households=2000, seed=7)
    >>> net.counts()["household"]
    2000
    """
    return Network(_core.synth.city(households=households, seed=seed, household_nodes=household_nodes,
                                    progress=progress, **options))


typed_errors(globals(), __all__)  # argument type errors leave as furong errors (furong._errors)
