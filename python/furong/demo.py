"""``furong demo``: the main job on the bundled Furong dataset.

Loads the district, runs every analysis section registered in ``SECTIONS`` and writes a
self-contained HTML report (tables and PNG plots embedded as ``data:`` URIs, see
:mod:`furong.report`) to a directory it prints, with a short text summary on the terminal.
"""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import pandas as pd

from . import report
from ._progress import Progress
from .network import Network

__all__ = ["run_demo", "SECTIONS", "Section", "FIGURES", "DEMO_STREET"]

# A section takes the network and the report directory and returns (title, html, summary lines).
Section = Callable[[Network, Path], Tuple[str, str, List[str]]]

#: The street whose hierarchy the report draws (文藝路街道, the first real street).
DEMO_STREET = "st-wenyilu"

#: Chinese terms of the organisation kinds (docs/domain.md), for the structure table.
_TERMS = {
    "district": "區", "agency": "區直機關黨組織", "street": "街道", "community": "社區", "compound": "小區",
    "branch": "小區黨支部", "grid": "網格", "building": "樓棟", "household": "戶", "owners_committee": "業主委員會",
    "property_company": "物業公司", "unit": "駐區單位", "alliance": "芙蓉先鋒共同體", "team": "志願隊伍",
    "area": "片", "group": "組", "neighbourhood": "鄰",
}


def _plot_html(draw: Callable[[], Any], caption: str) -> str:
    """A figure drawn by ``draw`` as embedded PNG HTML, or a note when it cannot be drawn."""
    try:
        return report.figure_html(draw(), caption)
    except ImportError:  # matplotlib is optional
        return "<p><i>(install matplotlib for the plots)</i></p>"


def _structure(net: Network, out: Path) -> Tuple[str, str, List[str]]:
    info = net.info()
    kinds = pd.DataFrame([(k, _TERMS.get(k, ""), v) for k, v in info["by_kind"].items()],
                         columns=["kind", "term", "organisations"])
    links = pd.DataFrame(list(info["by_link_kind"].items()), columns=["link kind", "links"])
    roles = pd.DataFrame(list(info["by_role"].items()), columns=["role", "people holding it"])

    def sunburst() -> Any:
        from . import plot

        return plot.hierarchy(net, DEMO_STREET, depth=3)

    body = (
        f"<p>{info['organisations']:,} organisations, {info['links']:,} links, {info['people']:,} people holding "
        f"{info['roles']:,} dated roles; {info['offers']:,} offers and {info['needs']:,} needs for co-building.</p>"
        + '<div class="grid2">' + report.table_html(kinds, None, caption="Organisations by kind")
        + "<div>" + report.table_html(links, None, caption="Links by kind")
        + report.table_html(roles, None, caption="Roles") + "</div></div>"
        + _plot_html(sunburst, f'One street: furong.plot.hierarchy(net, "{DEMO_STREET}", depth=3) '
                               "(rings: communities, compounds, buildings; angle = households)")
    )
    by = info["by_kind"]
    summary = [f"structure: {info['organisations']:,} organisations ({by.get('street', 0)} streets, "
               f"{by.get('community', 0)} communities, {by.get('compound', 0):,} compounds, "
               f"{by.get('household', 0):,} households), {info['links']:,} links, {info['people']:,} people"]
    return "Structure", body, summary


def _coverage_figure(net: Network) -> str:
    from . import plot
    from .reachability import DEMO_AS_OF

    return _plot_html(lambda: plot.coverage_by_street(net.audit(DEMO_AS_OF)),
                      f'furong.plot.coverage_by_street(net.audit("{DEMO_AS_OF}"))')


def _pairings_figure(net: Network) -> str:
    from . import match, plot

    as_of = getattr(match, "DEMO_AS_OF", "2025-10-24")
    plan = match.co_building(net, as_of=as_of)
    pairs = plan.pairs.sort_values("score", ascending=False).head(40)
    return _plot_html(lambda: plot.pairings(pairs, net=net),
                      f'The 40 best new pairs: furong.plot.pairings(furong.match.co_building(net, as_of="{as_of}")'
                      ".pairs.nlargest(40, 'score'), net=net)")


def _closure_figure(net: Network) -> str:
    from . import plot

    led = net.ledger
    items = led.items()
    ev = led.events()
    done = ev[ev["status"].astype(str).isin(["resolved", "closed"])].groupby("item")["date"].max()
    items = items.assign(days=(pd.to_datetime(items["id"].map(done)) - pd.to_datetime(items["raised"])).dt.days)
    names = net.organisations().set_index("id")["name"]
    use_names = plot.cjk_font() is not None
    items["street"] = items["street"].map(lambda s: names.get(s, s) if use_names else s)
    return _plot_html(lambda: plot.closure_times(items.dropna(subset=["days"]), by="street"),
                      "Days from raised to the last resolution or closure, per street: furong.plot.closure_times(items, by='street')")


#: Extra figures appended to a section, keyed by the module of the section's function: each
#: takes the network and returns HTML. A figure that fails is left out (with a note), never
#: the section.
FIGURES: Dict[str, Callable[[Network], str]] = {
    "furong.reachability": _coverage_figure,
    "furong.match": _pairings_figure,
    "furong.ledger": _closure_figure,
}


# Later areas append their sections here (audit, matching, ledger, planning).
SECTIONS: List[Section] = [_structure]

from .reachability import demo_section as _audit  # noqa: E402

SECTIONS.append(_audit)
from .plan import demo_section as _planning  # noqa: E402

SECTIONS.append(_planning)
from .match import demo_section as _matching  # noqa: E402

SECTIONS.append(_matching)
from .ledger import demo_section as _ledger  # noqa: E402

SECTIONS.append(_ledger)


def run_demo(out: Optional[str] = None, quiet: bool = False) -> int:
    """Run the demo and write the report; returns 0.

    Every section of ``SECTIONS`` runs on the bundled network; the page (tables and PNG
    plots, all embedded) goes to ``OUT/index.html`` and a short summary to the terminal.

    Parameters
    ----------
    out : str, optional
        Report directory (default ``./furong-report``).
    quiet : bool
        Never show progress bars (they show only when stderr is a terminal anyway).

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
    parts: List[Tuple[str, str]] = []
    summary: List[str] = []
    timings: List[str] = []
    with Progress(len(SECTIONS) + 1, "loading", enabled=False if quiet else None) as bar:
        t0 = time.perf_counter()
        net = furong()
        timings.append(f"loading {time.perf_counter() - t0:.1f} s")
        bar.update()
        for section in SECTIONS:
            name = section.__name__.strip("_")
            if name == "demo_section":
                name = section.__module__.rsplit(".", 1)[-1]
            bar.update(0, label=name)
            t0 = time.perf_counter()
            title, body, lines = section(net, out_dir)
            extra = FIGURES.get(section.__module__)
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
    from . import __version__

    doc = report.page(
        "Furong District: governance network report",
        parts,
        subtitle="芙蓉區 · the bundled dataset (13 real streets, synthetic below them) · furong demo",
        summary=summary,
        footer=(f"Made by <code>furong demo</code> (furong {html.escape(__version__)}); "
                f"{html.escape('; '.join(timings))}. Every figure says the call that draws it."),
    )
    (out_dir / "index.html").write_text(doc, encoding="utf-8")
    for line in summary:
        print("  " + line)
    print(f"report: {out_dir / 'index.html'}")
    return 0
