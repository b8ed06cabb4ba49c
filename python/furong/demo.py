"""``furong demo``: the report (:mod:`furong.report`) of the bundled Furong dataset, on the
seed article's date (2025-10-24; the ledger on its last day, 2025-12-31), with a short text
summary on the terminal. ``furong report LOCATION`` writes the same report for any
directory or store.
"""

from __future__ import annotations

import time
from typing import Optional

from ._messages import Messages
from .datasets import furong, furong_path
from .report import DEMO_AS_OF, DEMO_STREET, LEDGER_AS_OF, SECTIONS, write_report

__all__ = ["run_demo", "SECTIONS", "DEMO_STREET"]


def run_demo(out: Optional[str] = None, quiet: bool = False, lang: Optional[str] = None,
             names: bool = False) -> int:
    """Write the report of the bundled dataset to ``OUT/index.html`` (tables beside it in
    ``OUT/tables``) and print its summary; returns 0.

    Parameters
    ----------
    out : str, optional
        Report directory (default ``./furong-report``).
    quiet : bool
        Never show progress bars (they show only when stderr is a terminal anyway).
    lang : {"zh", "en"}, optional
        Language (default: the locale's).
    names : bool
        Show residents' names.

    Examples
    --------
    >>> import tempfile
    >>> from furong.demo import run_demo
    >>> with tempfile.TemporaryDirectory() as out:
    ...     run_demo(out=out, quiet=True, lang="en")  # doctest: +ELLIPSIS
    furong demo: the Furong District network...
    0
    """
    msg = Messages(lang)
    print("furong demo: the Furong District network (bundled dataset)" if msg.lang == "en"
          else "furong demo：芙蓉区基层治理网络（内置数据集）")
    t0 = time.perf_counter()
    net = furong()
    loaded = time.perf_counter() - t0
    result = write_report(net, out if out is not None else "furong-report", lang=msg.lang, as_of=DEMO_AS_OF,
                          ledger_as_of=LEDGER_AS_OF, names=names, title=msg("report.title"),
                          source=msg("report.bundled"), street=DEMO_STREET, meetings=furong_path(),
                          preferences=furong_path(), progress=False if quiet else None, command="furong demo")
    for line in result.summary:
        print("  " + line)
    print(f"  ({'loading' if msg.lang == 'en' else '加载'} {loaded:.1f} s)")
    print(msg("report.written", path=result.page))
    return 0
