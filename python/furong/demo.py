"""``furong demo``: the main job on the bundled Furong dataset.

Loads the district, runs every analysis section registered in ``SECTIONS`` and writes a
self-contained HTML report (tables and PNG plots) to a directory it prints, with a short
text summary on the terminal.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from ._progress import Progress
from .network import Network

__all__ = ["run_demo", "SECTIONS", "Section"]

# A section takes the network and the report directory and returns (title, html, summary lines).
Section = Callable[[Network, Path], Tuple[str, str, List[str]]]


def _structure(net: Network, out: Path) -> Tuple[str, str, List[str]]:
    info = net.info()
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>" for k, v in info["by_kind"].items())
    links = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>" for k, v in info["by_link_kind"].items())
    body = (f"<p>{info['organisations']} organisations, {info['links']} links, {info['people']} people, "
            f"{info['roles']} roles.</p><table><tr><th>kind</th><th>count</th></tr>{rows}</table>"
            f"<table><tr><th>link kind</th><th>count</th></tr>{links}</table>")
    summary = [f"structure: {info['organisations']} organisations ({info['by_kind'].get('street', 0)} streets, "
               f"{info['by_kind'].get('community', 0)} communities, {info['by_kind'].get('compound', 0)} compounds, "
               f"{info['by_kind'].get('household', 0)} households), {info['links']} links, {info['people']} people"]
    return "Structure", body, summary


# Later areas append their sections here (audit, matching, ledger, planning).
SECTIONS: List[Section] = [_structure]

from .reachability import demo_section as _audit  # noqa: E402

SECTIONS.append(_audit)
from .plan import demo_section as _planning  # noqa: E402

SECTIONS.append(_planning)

_STYLE = """body{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
th{background:#f3f3f3}img{max-width:100%}h2{border-bottom:2px solid #c33;padding-bottom:.2em}"""


def run_demo(out: Optional[str] = None, quiet: bool = False) -> int:
    """Run the demo and write the report; returns 0.

    Parameters
    ----------
    out : str, optional
        Report directory (default ``./furong-report``).
    quiet : bool
        Never show progress bars.

    Examples
    --------
    >>> import tempfile
    >>> from furong.demo import run_demo
    >>> run_demo(out=tempfile.mkdtemp(), quiet=True)  # doctest: +ELLIPSIS
    furong demo: the Furong District network...
    0
    """
    from .datasets import furong

    out_dir = Path(out if out is not None else "furong-report").resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    print("furong demo: the Furong District network (bundled dataset)")
    parts: List[str] = []
    summary: List[str] = []
    with Progress(len(SECTIONS) + 1, "loading", enabled=False if quiet else None) as bar:
        net = furong()
        bar.update()
        for section in SECTIONS:
            bar.update(0, label=section.__name__.strip("_"))
            title, body, lines = section(net, out_dir)
            parts.append(f"<h2>{html.escape(title)}</h2>\n{body}")
            summary.extend(lines)
            bar.update()
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>furong report</title>"
            f"<style>{_STYLE}</style></head><body><h1>Furong District: governance network report</h1>"
            + "\n".join(parts) + "</body></html>")
    (out_dir / "index.html").write_text(page, encoding="utf-8")
    for line in summary:
        print("  " + line)
    print(f"report: {out_dir / 'index.html'}")
    return 0
