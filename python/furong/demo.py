"""``furong demo``: the main job on the bundled Furong dataset.

Loads the district, runs every analysis section registered in ``SECTIONS`` and writes a
self-contained HTML report (tables and PNG plots embedded as ``data:`` URIs, see
:mod:`furong.report`) to a directory it prints, with a short text summary on the terminal.
"""

from __future__ import annotations

import html
import inspect
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from . import report
from ._core import __version__
from ._errors import FileError
from ._files import write_atomic
from ._progress import Progress
from .datasets import furong
from .network import Network
from .report import DEMO_STREET

__all__ = ["run_demo", "SECTIONS", "Section", "FIGURES", "DEMO_STREET"]

# A section takes the network and the report directory and returns (title, html, summary lines).
Section = Callable[[Network, Path], Tuple[str, str, List[str]]]

#: The sections of the report, in order (written in :mod:`furong.report`).
SECTIONS: List[Section] = [
    report.structure_section,
    report.audit_section,
    report.planning_section,
    report.matching_section,
    report.ledger_section,
]

#: Extra figures appended to a section, keyed by the section's function name: each takes the
#: network and returns HTML. A figure that fails is left out (with a note), never the section.
FIGURES: Dict[str, Callable[[Network], str]] = {
    "audit_section": report.coverage_figure,
    "matching_section": report.pairings_figure,
    "ledger_section": report.closure_figure,
}


def run_demo(out: Optional[str] = None, quiet: bool = False, names: bool = False) -> int:
    """Run the demo and write the report; returns 0.

    Every section of ``SECTIONS`` runs on the bundled network; the page (tables and PNG
    plots, all embedded) goes to ``OUT/index.html`` and a short summary to the terminal.

    Parameters
    ----------
    out : str, optional
        Report directory (default ``./furong-report``).
    quiet : bool
        Never show progress bars (they show only when stderr is a terminal anyway).
    names : bool
        Show residents' names beside their person ids (off by default: docs/privacy.md).

    Examples
    --------
    >>> import tempfile
    >>> from furong.demo import run_demo
    >>> with tempfile.TemporaryDirectory() as out:
    ...     run_demo(out=out, quiet=True)  # doctest: +ELLIPSIS
    furong demo: the Furong District network...
    0
    """
    out_dir = Path(out if out is not None else "furong-report").resolve()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise FileError(e.errno or 0, f"{out_dir}: cannot create the report directory: {e.strerror or e}",
                        str(out_dir)) from e
    print("furong demo: the Furong District network (bundled dataset)")
    parts: List[Tuple[str, str]] = []
    summary: List[str] = []
    timings: List[str] = []
    with Progress(len(SECTIONS) + 1, "loading", enabled=False if quiet else None) as bar:
        t0 = time.perf_counter()
        net = furong()
        timings.append(f"loading {time.perf_counter() - t0:.1f} s")
        bar.update()
        for section in SECTIONS:
            name = section.__name__
            bar.update(0, label=name.replace("_section", ""))
            t0 = time.perf_counter()
            # Residents' names only when asked, to the sections that can show them.
            wants_names = "names" in inspect.signature(section).parameters
            title, body, lines = section(net, out_dir, names=names) if wants_names else section(net, out_dir)  # type: ignore[call-arg]
            extra = FIGURES.get(name)
            if extra is not None:
                try:
                    body += extra(net)
                except Exception as e:  # a figure never sinks its section
                    body += f"<p><i>(figure left out: {html.escape(type(e).__name__)}: {html.escape(str(e))})</i></p>"
            body = report.inline_images(body, out_dir)
            parts.append((title, body))
            summary.extend(lines)
            timings.append(f"{title.lower()} {time.perf_counter() - t0:.1f} s")
            bar.update()
    doc = report.page(
        "Furong District: governance network report",
        parts,
        subtitle="芙蓉區 · the bundled dataset (13 real streets, synthetic below them) · furong demo",
        summary=summary,
        footer=(f"Made by <code>furong demo</code> (furong {html.escape(__version__)}); "
                f"{html.escape('; '.join(timings))}. Every figure says the call that draws it."),
    )
    write_atomic(out_dir / "index.html", doc)  # old page or new page, never half (FileError on failure)
    for line in summary:
        print("  " + line)
    print(f"report: {out_dir / 'index.html'}")
    return 0
