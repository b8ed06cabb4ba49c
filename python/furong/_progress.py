"""Progress bars for long steps (tqdm), shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from typing import Any, Optional, TextIO

__all__ = ["Progress"]


class Progress:
    """Progress over ``total`` steps; ``update(n)`` advances (``label`` names the current
    step), ``close()`` finishes the bar. A thin wrapper over tqdm, so that every long step of
    furong shows the same bar and none shows one when stderr is not a terminal.

    Examples
    --------
    >>> with Progress(3, "demo", enabled=False) as bar:
    ...     for _ in range(3):
    ...         bar.update()
    >>> bar.done
    3
    """

    def __init__(self, total: int, label: str, enabled: Optional[bool] = None, stream: Optional[TextIO] = None) -> None:
        self.total = max(int(total), 1)
        self.label = label
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = (bool(isatty()) if callable(isatty) else False) if enabled is None else enabled
        self._bar: Any = None
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=self.total, desc=label, file=self.stream, leave=False, dynamic_ncols=True)

    def update(self, n: int = 1, label: Optional[str] = None) -> None:
        self.done = min(self.total, self.done + n)
        if label is not None:
            self.label = label
        if self._bar is not None:
            if label is not None:
                self._bar.set_description_str(label, refresh=False)
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
