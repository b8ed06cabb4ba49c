"""A dependency-free progress bar for long steps, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import Optional, TextIO


class Progress:
    """Progress over ``total`` steps; ``update(n)`` advances, ``close()`` finishes the line.

    Examples
    --------
    >>> with Progress(3, "demo", enabled=False) as bar:
    ...     for _ in range(3):
    ...         bar.update()
    """

    def __init__(self, total: int, label: str, enabled: Optional[bool] = None, stream: Optional[TextIO] = None) -> None:
        self.total = max(int(total), 1)
        self.label = label
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.start = time.perf_counter()
        self._draw()

    def update(self, n: int = 1, label: Optional[str] = None) -> None:
        self.done = min(self.total, self.done + n)
        if label is not None:
            self.label = label
        self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.done / self.total)
        elapsed = time.perf_counter() - self.start
        self.stream.write(f"\r{self.label:<28} [{'#' * filled}{'.' * (width - filled)}] "
                          f"{self.done}/{self.total} {elapsed:5.1f}s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
