"""The self-contained HTML report of ``furong demo``: its building blocks (figures as embedded
PNG images, DataFrames as tables, the page around them) and its sections, one per area
(structure, coverage audit, planning, co-building matching, ledger), each calling the public
functions of its area module and returning ``(title, html, summary lines)``.

A report written with :func:`page` needs no other file: figures are ``data:`` URIs, the
style sheet is inline, and :func:`inline_images` folds any ``<img src="file.png">`` that a
section wrote beside the page into the page itself.

Examples
--------
>>> import pandas as pd
>>> from furong import report
>>> html = report.page("Demo", [("Numbers", report.table_html(pd.DataFrame({"a": [1, 2]})))])
>>> html.startswith("<!doctype html>") and "<table" in html
True
"""

from __future__ import annotations

import base64
import datetime
import html as _html
import io
import math
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import ledger as _ledger
from . import match as _match
from . import plan as _plan
from . import reachability as _reachability
from .datasets import furong_path
from .network import Network

__all__ = [
    "figure_html", "inline_images", "page", "table_html", "STYLE",
    "DEMO_AS_OF", "DEMO_STREET", "LEDGER_AS_OF",
    "structure_section", "audit_section", "planning_section", "matching_section", "ledger_section",
    "coverage_figure", "pairings_figure", "closure_figure",
]


def figure_html(fig: Any, caption: Optional[str] = None, *, alt: Optional[str] = None, dpi: int = 100,
                close: bool = True) -> str:
    """A matplotlib figure (or Axes) as an ``<figure>`` with an embedded PNG (base64).

    Parameters
    ----------
    fig : matplotlib.figure.Figure or matplotlib.axes.Axes
        What to draw (an Axes stands for its figure).
    caption : str, optional
        Text under the image (escaped); also the default ``alt`` text.
    alt : str, optional
        Alternative text.
    dpi : int
        Resolution of the PNG.
    close : bool
        Close the figure afterwards when pyplot manages it (frees its memory).

    Returns
    -------
    str
        ``<figure class="plot"><img src="data:image/png;base64,..."> ...</figure>``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from furong.report import figure_html
    >>> fig = Figure(figsize=(2, 1))
    >>> _ = fig.add_subplot().plot([0, 1], [1, 0])
    >>> figure_html(fig, "a line").startswith('<figure class="plot"><img src="data:image/png;base64,')
    True
    """
    figure = getattr(fig, "figure", None) if not hasattr(fig, "savefig") else fig
    if figure is None or not hasattr(figure, "savefig"):
        raise TypeError(f"expected a matplotlib Figure or Axes, got {type(fig).__name__}")
    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    if close:
        import sys

        if "matplotlib.pyplot" in sys.modules:
            import matplotlib.pyplot as plt

            plt.close(figure)  # a no-op for figures pyplot does not manage
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    text = _html.escape(alt if alt is not None else (caption or "figure"), quote=True)
    cap = f"<figcaption>{_html.escape(caption)}</figcaption>" if caption else ""
    return f'<figure class="plot"><img src="data:image/png;base64,{data}" alt="{text}">{cap}</figure>'


def _cell(value: Any, floatfmt: str) -> Tuple[str, bool]:
    """(escaped text, is numeric)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return "", False
    if isinstance(value, (bool, np.bool_)):
        return ("yes" if value else "no"), False
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}", True
    if isinstance(value, (float, np.floating)):
        return format(float(value), floatfmt), True
    if isinstance(value, (pd.Timestamp, datetime.datetime)):
        ts = pd.Timestamp(value)
        return (ts.date().isoformat() if ts == ts.normalize() else ts.isoformat(sep=" ")), False
    if isinstance(value, datetime.date):
        return value.isoformat(), False
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return _html.escape(", ".join(str(v) for v in value)), False
    try:
        if pd.isna(value):
            return "", False
    except (TypeError, ValueError):
        pass
    return _html.escape(str(value)), False


def table_html(df: Any, max_rows: Optional[int] = 20, *, caption: Optional[str] = None, index: bool = False,
               columns: Optional[Union[Sequence[str], Mapping[str, str]]] = None, floatfmt: str = ".3g",
               formatters: Optional[Mapping[str, Callable[[Any], str]]] = None) -> str:
    """A DataFrame (or anything ``pandas.DataFrame`` accepts) as an escaped HTML table.

    Numbers are right-aligned with thousands separators; dates print as ISO dates, lists as
    comma-separated text, missing values as empty cells. Rows past ``max_rows`` are cut with
    a note saying how many were left out.

    Parameters
    ----------
    df : DataFrame, dict or list of records
        The rows.
    max_rows : int or None
        Show at most this many rows (None: all).
    caption : str, optional
        Caption above the table.
    index : bool
        Include the index as the first column.
    columns : sequence or mapping, optional
        Columns to show, in order; a mapping renames them (``{"column": "header"}``).
    floatfmt : str
        Format of floats (``format`` spec).
    formatters : mapping, optional
        Per-column functions returning the (already escaped) cell HTML.

    Returns
    -------
    str
        ``<table class="data">...</table>`` (plus a ``<p class="more">`` note when cut).

    Examples
    --------
    >>> import pandas as pd
    >>> from furong.report import table_html
    >>> print(table_html(pd.DataFrame({"street": ["<b>"], "households": [25971]})))
    <table class="data"><thead><tr><th>street</th><th>households</th></tr></thead><tbody><tr><td>&lt;b&gt;</td><td class="num">25,971</td></tr></tbody></table>
    >>> "2 more rows" in table_html({"x": [1, 2, 3]}, max_rows=1)
    True
    """
    frame = df if isinstance(df, pd.DataFrame) else pd.DataFrame(df)
    if index:
        frame = frame.reset_index()
    headers: Dict[str, str]
    if columns is None:
        headers = {str(c): str(c) for c in frame.columns}
    elif isinstance(columns, Mapping):
        headers = {str(k): str(v) for k, v in columns.items()}
    else:
        headers = {str(c): str(c) for c in columns}
    frame = frame.rename(columns=str)
    missing = [c for c in headers if c not in frame.columns]
    if missing:
        raise KeyError(f"no column {missing[0]!r} (columns: {', '.join(map(str, frame.columns))})")
    total = len(frame)
    shown = frame if max_rows is None else frame.head(max_rows)
    formatters = formatters or {}
    parts = ['<table class="data">']
    if caption:
        parts.append(f"<caption>{_html.escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th>{_html.escape(h)}</th>" for h in headers.values()) + "</tr></thead><tbody>")
    cols = list(headers)
    values = [shown[c].tolist() for c in cols]
    for i in range(len(shown)):
        cells = []
        for c, col in zip(cols, values):
            if c in formatters:
                cells.append(f"<td>{formatters[c](col[i])}</td>")
                continue
            text, num = _cell(col[i], floatfmt)
            cells.append(f'<td class="num">{text}</td>' if num else f"<td>{text}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    if total > len(shown):
        parts.append(f'<p class="more">... and {total - len(shown):,} more rows ({total:,} in all).</p>')
    return "".join(parts)


_IMG_SRC = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(["'])([^"':]+?\.(png|jpe?g|gif|svg))\2""", re.IGNORECASE)
_MIME = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml"}


def inline_images(html: str, base_dir: Union[str, Path]) -> str:
    """Replace ``<img src="relative/file.png">`` (a file under ``base_dir``) by a ``data:``
    URI, so that the page needs nothing beside it. Other sources are left alone.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from furong.report import inline_images
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "x.png").write_bytes(b"\\x89PNG")
    >>> inline_images("<img src='x.png'><img src='https://a/b.png'>", d)
    "<img src='data:image/png;base64,iVBORw=='><img src='https://a/b.png'>"
    """
    root = Path(base_dir).resolve()

    def swap(m: "re.Match[str]") -> str:
        path = (root / m.group(3)).resolve()
        if root not in path.parents or not path.is_file():
            return m.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{m.group(1)}{m.group(2)}data:{_MIME[m.group(4).lower()]};base64,{data}{m.group(2)}"

    return _IMG_SRC.sub(swap, html)


#: The report's style sheet (inline in every page).
STYLE = """
:root{--accent:#b0281e;--ink:#1f2328;--muted:#5b6470;--line:#d8dde3;--soft:#f6f8fa}
*{box-sizing:border-box}
body{font-family:-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans","Noto Sans CJK SC","WenQuanYi Micro Hei",
"PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);margin:0;background:#fff;line-height:1.5}
header{background:var(--accent);color:#fff;padding:1.6em 2em 1.2em}
header h1{margin:0;font-size:1.7em;font-weight:600}
header p{margin:.3em 0 0;opacity:.9}
nav{background:var(--soft);border-bottom:1px solid var(--line);padding:.5em 2em;position:sticky;top:0;z-index:2}
nav a{color:var(--accent);text-decoration:none;margin-right:1.4em;font-weight:500;white-space:nowrap}
nav a:hover{text-decoration:underline}
main{max-width:76em;margin:0 auto;padding:1em 2em 3em}
section{margin-top:2.2em}
h2{border-bottom:2px solid var(--accent);padding-bottom:.25em;margin-bottom:.6em;font-weight:600}
.summary{background:var(--soft);border:1px solid var(--line);border-left:4px solid var(--accent);
border-radius:4px;padding:.8em 1.2em;margin-top:1.5em}
.summary ul{margin:.3em 0;padding-left:1.2em}
.summary li{margin:.2em 0}
table{border-collapse:collapse;margin:1em 0;font-size:.9em;max-width:100%;display:block;overflow-x:auto}
caption{caption-side:top;text-align:left;font-weight:600;padding:.3em 0;color:var(--muted)}
td,th{border:1px solid var(--line);padding:.3em .7em;text-align:left;vertical-align:top;white-space:nowrap}
td.wrap{white-space:normal;min-width:22em}
th{background:var(--soft);font-weight:600;position:sticky;top:0}
tbody tr:nth-child(even){background:#fbfcfd}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
p.more{color:var(--muted);font-size:.85em;margin-top:-.6em}
figure.plot{margin:1.2em 0;text-align:center}
figure.plot img,img{max-width:min(100%,64em);height:auto}
figcaption{color:var(--muted);font-size:.88em;margin-top:.3em}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(24em,1fr));gap:1.2em;align-items:start}
footer{color:var(--muted);font-size:.85em;border-top:1px solid var(--line);margin-top:3em;padding-top:1em}
code{background:var(--soft);padding:.05em .3em;border-radius:3px}
"""


_NUMERIC_CELL = re.compile(r"<td>(\s*[-+]?[\d,]*\.?\d+\s*%?\s*)</td>")
_LONG_CELL = re.compile(r"<td>([^<]{60,})</td>")


def _polish(body: str) -> str:
    """Right-align plain numeric cells and let long text cells wrap, in any section's HTML."""
    return _LONG_CELL.sub(r'<td class="wrap">\1</td>', _NUMERIC_CELL.sub(r'<td class="num">\1</td>', body))


def _anchor(title: str, used: Dict[str, int]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
    n = used.get(base, 0)
    used[base] = n + 1
    return base if n == 0 else f"{base}-{n + 1}"


def page(title: str, sections: Sequence[Tuple[str, str]], *, subtitle: Optional[str] = None,
         summary: Optional[Sequence[str]] = None, footer: Optional[str] = None) -> str:
    """The whole HTML document: a header, a navigation bar, an optional summary box, then one
    ``<section>`` per ``(title, html)`` pair. Plain numeric cells of the sections' tables are
    right-aligned and long text cells wrap, whoever wrote the table.

    Parameters
    ----------
    title : str
        Page title (escaped).
    sections : sequence of (str, str)
        Section titles (escaped) and bodies (HTML, inserted as they are).
    subtitle : str, optional
        A line under the title (escaped).
    summary : sequence of str, optional
        Lines of the "at a glance" box (escaped).
    footer : str, optional
        Footer HTML.

    Returns
    -------
    str
        A UTF-8 HTML5 document with its style sheet inline.

    Examples
    --------
    >>> from furong.report import page
    >>> doc = page("R & D", [("One", "<p>1</p>"), ("One", "<p>2</p>")], summary=["a < b"])
    >>> 'href="#one-2"' in doc and "R &amp; D" in doc and "a &lt; b" in doc
    True
    """
    used: Dict[str, int] = {}
    anchors = [_anchor(t, used) for t, _ in sections]
    nav = "".join(f'<a href="#{a}">{_html.escape(t)}</a>' for a, (t, _) in zip(anchors, sections))
    box = ""
    if summary:
        box = ('<div class="summary"><strong>At a glance</strong><ul>'
               + "".join(f"<li>{_html.escape(s)}</li>" for s in summary) + "</ul></div>")
    body = "\n".join(f'<section id="{a}"><h2>{_html.escape(t)}</h2>\n{_polish(b)}\n</section>'
                     for a, (t, b) in zip(anchors, sections))
    sub = f"<p>{_html.escape(subtitle)}</p>" if subtitle else ""
    foot = f"<footer>{footer}</footer>" if footer else ""
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_html.escape(title)}</title><style>{STYLE}</style></head>\n<body>"
        f"<header><h1>{_html.escape(title)}</h1>{sub}</header>"
        f"<nav>{nav}</nav><main>{box}\n{body}\n{foot}</main></body></html>\n"
    )


# ---- the sections of furong demo ----------------------------------------------------------
# Each takes the network and the report directory and returns (title, html, summary lines);
# furong.demo.SECTIONS lists them in order. They only call public functions of the areas.

#: The date the demo audits, plans and matches the bundled dataset on (the seed article's date).
DEMO_AS_OF = "2025-10-24"
#: The date of the ledger section (the end of the bundled ledger).
LEDGER_AS_OF = datetime.date(2025, 12, 31)
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
        return figure_html(draw(), caption)
    except ImportError:  # matplotlib is optional
        return "<p><i>(install matplotlib for the plots)</i></p>"


def structure_section(net: Network, out: Path) -> Tuple[str, str, List[str]]:
    """Counts by kind, link kind and role, with the sunburst of :data:`DEMO_STREET`."""
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
        + '<div class="grid2">' + table_html(kinds, None, caption="Organisations by kind")
        + "<div>" + table_html(links, None, caption="Links by kind")
        + table_html(roles, None, caption="Roles") + "</div></div>"
        + _plot_html(sunburst, f'One street: furong.plot.hierarchy(net, "{DEMO_STREET}", depth=3) '
                               "(rings: communities, compounds, buildings; angle = households)")
    )
    by = info["by_kind"]
    summary = [f"structure: {info['organisations']:,} organisations ({by.get('street', 0)} streets, "
               f"{by.get('community', 0)} communities, {by.get('compound', 0):,} compounds, "
               f"{by.get('household', 0):,} households), {info['links']:,} links, {info['people']:,} people"]
    return "Structure", body, summary


def audit_section(net: Network, out: Path) -> Tuple[str, str, List[str]]:
    """The coverage audit of the network on :data:`DEMO_AS_OF`, per street."""
    result = _reachability.audit(net, as_of=DEMO_AS_OF)
    s = result["summary"]
    rows = "".join(
        f"<tr><td>{_html.escape(str(st['street']))}</td><td>{_html.escape(str(st['name']))}</td>"
        f"<td>{st['households']}</td><td>{st['households_without_contact']}</td><td>{st['compounds']}</td>"
        f"<td>{st['compounds_without_branch']}</td><td>{st['compounds_without_pairing']}</td>"
        f"<td>{st['buildings_without_leader']}</td><td>{st['grids_without_worker']}</td>"
        f"<td>{st['three_party_gaps']}</td><td>{st['one_shoulder']}</td></tr>"
        for st in result["streets"]
    )
    ratios = "".join(
        f"<tr><td>{k}</td><td>{s[k]:.2%}</td></tr>"
        for k in ("contact_coverage", "branch_coverage", "pairing_coverage", "building_leader_coverage",
                  "grid_worker_coverage", "three_party_coverage")
    )
    people = _reachability.critical_people(net, as_of=DEMO_AS_OF)
    body = (
        f"<p>As of {DEMO_AS_OF}: {s['households_without_contact']} of {s['households']} households have no active "
        f"contact with a neighbourhood that has a neighbour leader; {s['compounds_without_branch']} of "
        f"{s['compounds']} compounds have no party branch (with at least 3 party members); "
        f"{s['compounds_without_pairing']} have no co-building pairing; {s['three_party_gaps']} lack one of the "
        f"three parties (one shoulder in {s['one_shoulder']}). {len(people)} neighbour leaders are the only "
        f"contact of {people.attrs['single_contact_households']} households.</p>"
        f"<table><tr><th>coverage</th><th>ratio</th></tr>{ratios}</table>"
        "<table><tr><th>street</th><th>name</th><th>households</th><th>no contact</th><th>compounds</th>"
        "<th>no branch</th><th>no pairing</th><th>buildings w/o leader</th><th>grids w/o worker</th>"
        f"<th>3-party gaps</th><th>one shoulder</th></tr>{rows}</table>"
    )
    lines = [
        f"audit ({DEMO_AS_OF}): contact coverage {s['contact_coverage']:.2%} "
        f"({s['households_without_contact']} households without a contact), branch coverage "
        f"{s['branch_coverage']:.2%}, pairing coverage {s['pairing_coverage']:.2%}, "
        f"{s['three_party_gaps']} three-party gaps"
    ]
    return "Coverage audit", body, lines


def planning_section(net: Network, out: Path) -> Tuple[str, str, List[str]]:
    """The branch plan and the property areas on :data:`DEMO_AS_OF`, with the policy gaps
    by compound type."""
    day = DEMO_AS_OF
    b = _plan.branches(net, day)
    p = _plan.property_areas(net, day)
    gaps = _plan.policy_gaps(net, day, meetings=furong_path())

    def table(groups: pd.DataFrame, what: str, limit: int = 15) -> str:
        rows = "".join(
            f"<tr><td>{_html.escape(str(s))}</td><td>{_html.escape(', '.join(c))}</td><td>{w}</td></tr>"
            for s, c, w in zip(groups["scope"][:limit], groups["compounds"][:limit], groups["weight"][:limit])
        )
        more = f"<p>... and {len(groups) - limit} more groups.</p>" if len(groups) > limit else ""
        return f"<table><tr><th>scope</th><th>compounds</th><th>{what}</th></tr>{rows}</table>{more}"

    joint = b.groups[b.groups["joint"]].reset_index(drop=True)
    by_check = gaps.groupby(["compound_type", "check", "status"]).size().reset_index(name="compounds")
    check_rows = "".join(f"<tr><td>{_html.escape(str(t))}</td><td>{_html.escape(str(c))}</td><td>{s}</td><td>{n}</td></tr>"
                         for t, c, s, n in by_check.itertuples(index=False))
    body = (
        f"<p>As of {day}. <b>Joint branches</b> (per community, a branch needs 3 party members): "
        f"{len(b.groups)} branches, {len(b.groups) - len(joint)} built alone and {len(joint)} joint "
        f"({int(joint['size'].sum())} compounds); {len(b.uncovered)} compounds need the community party "
        f"committee's direct coverage; optimal: {b.optimal}.</p>"
        + table(joint, "party members")
        + f"<p><b>District-wide property areas</b> (old compounds without a property company, per street, "
          f"at least 300 households): {p.stats.get('candidates', 0)} candidates, {len(p.groups)} areas covering "
          f"{int(p.groups['size'].sum())} compounds; {len(p.uncovered)} remain in clusters too small; "
          f"optimal: {p.optimal}.</p>"
        + table(p.groups, "households")
        + "<p><b>One policy per compound type</b> (failed or unknown checks):</p>"
          "<table><tr><th>type</th><th>check</th><th>status</th><th>compounds</th></tr>" + check_rows + "</table>"
    )
    summary = [
        f"planning: {len(b.groups)} branches ({len(joint)} joint), {len(b.uncovered)} compounds for direct coverage; "
        f"{len(p.groups)} district-wide property areas for {int(p.groups['size'].sum())} of "
        f"{p.stats.get('candidates', 0)} old compounds without property; {len(gaps)} policy gaps",
    ]
    return "Planning", body, summary


def matching_section(net: Network, out: Path) -> Tuple[str, str, List[str]]:
    """The optimal co-building plan on :data:`DEMO_AS_OF` (plain and cover-first) and the
    stable matching of the bundled preferences."""
    import time

    t0 = time.perf_counter()
    plan = _match.co_building(net, as_of=DEMO_AS_OF)
    ms = 1000 * (time.perf_counter() - t0)
    cover = _match.co_building(net, as_of=DEMO_AS_OF, cover_first=True)
    prefs = _match.load_preferences(net, furong_path())
    st = _match.stable(net, prefs)
    blocking = _match.blocking_pairs(net, st, prefs)
    top = plan.pairs.sort_values("score", ascending=False).head(15)
    rows = "".join(
        f"<tr><td>{_html.escape(str(p))}</td><td>{_html.escape(str(c))}</td><td>{s:g}</td><td>"
        + _html.escape(", ".join(f"{r['resource']} ({r['priority']}×{r['amount']:g})" for r in why))
        + "</td></tr>"
        for p, c, s, why in zip(top["provider"], top["compound"], top["score"], top["reasons"]))
    whys = plan.unmatched["why"].value_counts()
    body = (
        f"<p>As of {DEMO_AS_OF}: {plan.providers} providers (agencies and Pioneer units), {plan.compounds} compounds, "
        f"{len(plan.kept)} active pairings kept. The optimal plan proposes <b>{len(plan.pairs)} new pairs</b> of total "
        f"score {plan.total_score:g} (score = Σ priority × amount over shared resources), leaving "
        f"{len(plan.unmatched)} compounds without a partner ({whys.get('no_eligible_provider', 0)} with no eligible "
        f"provider, {whys.get('providers_full', 0)} whose eligible providers are full). Cover-first covers "
        f"{cover.compounds_covered} compounds (score {cover.total_score:g}) against {plan.compounds_covered}.</p>"
        f"<table><tr><th>provider</th><th>compound</th><th>score</th><th>reasons</th></tr>{rows}</table>"
        f"<p>Stable matching of preferences.csv (compound-optimal): {len(st.pairs)} pairs, "
        f"{len(st.unmatched)} compounds unmatched, {st.proposals} proposals, {len(blocking)} blocking pairs.</p>"
    )
    summary = [f"matching ({DEMO_AS_OF}): {len(plan.pairs)} new pairs, score {plan.total_score:g}, "
               f"{plan.compounds_covered}/{plan.compounds} compounds covered ({cover.compounds_covered} cover-first), "
               f"{ms:.0f} ms; stable: {len(st.pairs)} pairs"]
    return "Co-building matching", body, summary


def ledger_section(net: Network, out: Path, names: bool = False) -> Tuple[str, str, List[str]]:
    """Overdue items, return visits, closure times, the backlog, night talks, commitments
    and the neighbour-leader evaluation of the ledger on :data:`LEDGER_AS_OF`. Leaders are
    shown by person id; their names only with ``names=True`` (docs/privacy.md)."""
    as_of = LEDGER_AS_OF
    led = net.ledger
    if not len(led):
        return "Ledger", "<p>No ledger files.</p>", ["ledger: no ledger files"]
    overdue = led.overdue(as_of)
    due = led.visit_due(as_of)
    by_street = led.open_overdue_by(as_of)
    org_names = net.organisations().set_index("id")["name"]
    stats = led.closure_stats(as_of, by="category")
    old = led.open_longer_than(as_of, 60)
    mt = led.meetings
    loop = mt.night_talk_loop(as_of)
    fp = mt.four_party(as_of)
    late = mt.late_commitments(as_of)
    missed = mt.missed_joint_meetings(2025, 12)
    ev = led.evaluate_leaders(as_of)

    def burndown() -> Any:
        from . import plot

        return plot.burndown(led.backlog("2024-01-01", as_of))

    img = _plot_html(burndown, f'The backlog: furong.plot.burndown(net.ledger.backlog("2024-01-01", "{as_of}"))')
    street_rows = "".join(
        f"<tr><td>{_html.escape(str(s))}</td><td>{_html.escape(str(org_names.get(s, '')))}</td>"
        f"<td>{r.open}</td><td>{r.overdue}</td></tr>" for s, r in by_street.iterrows())
    stat_rows = "".join(
        f"<tr><td>{_html.escape(str(c))}</td><td>{r['count']}</td><td>{r['median']:.1f}</td><td>{r['p90']:.1f}</td></tr>"
        for c, r in stats.iterrows())
    old_rows = "".join(
        f"<tr><td>{_html.escape(str(r.id))}</td><td>{_html.escape(str(r.compound))}</td><td>{_html.escape(str(r.status))}</td>"
        f"<td>{r.days_open}</td><td>{_html.escape(str(r.next_step))} ({_html.escape(str(r.next_role))})</td></tr>"
        for r in old.head(15).itertuples())
    rate = float(loop["closed"].sum()) / max(1, int(loop["agreed"].sum()))
    people = net.people()
    commended = set(people.loc[people["commended"] == "1", "id"]) if "commended" in people.columns else set()
    overlap = len(commended & set(ev.commend))
    person_names = people.set_index("id")["name"] if names else None
    top = "".join(
        f"<tr><td>{_html.escape(str(r.leader))}</td>"
        + (f"<td>{_html.escape(str(person_names.get(r.leader, '')))}</td>" if person_names is not None else "")
        + f"<td>{r.score:.3f}</td><td>{r.households}</td><td>{r.items}</td>"
        f"<td>{_html.escape(str(r.decision))}</td></tr>" for r in ev.scores.head(10).itertuples())
    body = (
        f"<p>As of {as_of}: {len(led)} items; {len(overdue)} overdue, {len(due)} due for a return visit "
        f"(30 days), {len(old)} open for more than 60 days. Night talks: {len(loop)} sessions, closed-loop rate "
        f"{rate:.1%}; {int((~fp['four_party']).sum())} without all four parties. Commitments late: "
        f"{int(late['was_delivered'].sum())} delivered late, {int((~late['was_delivered']).sum())} not delivered. "
        f"Compounds that missed their joint meeting in 2025-12: {len(missed)}.</p>{img}"
        "<table><tr><th>street</th><th>name</th><th>open</th><th>overdue</th></tr>" + street_rows + "</table>"
        "<table><tr><th>category</th><th>closed</th><th>median days</th><th>p90 days</th></tr>" + stat_rows
        + "</table><p>Open longest, with the next escalation step:</p>"
        "<table><tr><th>item</th><th>compound</th><th>status</th><th>days open</th><th>next step</th></tr>"
        + old_rows + "</table>"
        f"<p>Neighbour-leader evaluation (docs/ledger.md): {len(ev.scores)} leaders scored, {len(ev.commend)} "
        f"to commend and {len(ev.adjust)} to adjust (seed: 374 and 424). {overlap} of the commended are among "
        f"the {len(commended)} flagged in people.csv (the dataset plants their records: docs/dataset.md).</p>"
        "<table><tr><th>leader</th>" + ("<th>name</th>" if names else "")
        + "<th>score</th><th>households</th><th>items</th><th>decision</th></tr>"
        + top + "</table>"
    )
    lines = [
        f"ledger ({as_of}): {len(led)} items, {len(overdue)} overdue, {len(due)} due for a return visit, "
        f"night-talk closed-loop rate {rate:.1%}, {int((~fp['four_party']).sum())} night talks without four parties, "
        f"{len(late)} late commitments; leaders: {len(ev.commend)} to commend, {len(ev.adjust)} to adjust"
    ]
    return "Ledger", body, lines


# ---- extra figures of the sections (furong.demo.FIGURES) ----------------------------------

def coverage_figure(net: Network) -> str:
    """Coverage ratios per street of the audit on :data:`DEMO_AS_OF`."""
    def draw() -> Any:
        from . import plot

        return plot.coverage_by_street(_reachability.audit(net, DEMO_AS_OF))

    return _plot_html(draw, f'furong.plot.coverage_by_street(net.audit("{DEMO_AS_OF}"))')


def pairings_figure(net: Network) -> str:
    """The 40 best new co-building pairs on :data:`DEMO_AS_OF`."""
    result = _match.co_building(net, as_of=DEMO_AS_OF)
    pairs = result.pairs.sort_values("score", ascending=False).head(40)

    def draw() -> Any:
        from . import plot

        return plot.pairings(pairs, net=net)

    return _plot_html(draw, f'The 40 best new pairs: furong.plot.pairings(furong.match.co_building(net, '
                            f'as_of="{DEMO_AS_OF}").pairs.nlargest(40, \'score\'), net=net)')


def closure_figure(net: Network) -> str:
    """Days from raised to the last resolution or closure, per street."""
    led = net.ledger
    items = led.items()
    ev = led.events()
    done_statuses = [s for s, family in _ledger.FAMILIES.items() if family == "done"]
    done = ev[ev["status"].astype(str).isin(done_statuses)].groupby("item")["date"].max()
    items = items.assign(days=(pd.to_datetime(items["id"].map(done)) - pd.to_datetime(items["raised"])).dt.days)

    def draw() -> Any:
        from . import plot

        names = net.organisations().set_index("id")["name"]
        use_names = plot.cjk_font() is not None
        frame = items.assign(street=items["street"].map(lambda s: names.get(s, s) if use_names else s))
        return plot.closure_times(frame.dropna(subset=["days"]), by="street")

    return _plot_html(draw, "Days from raised to the last resolution or closure, per street: "
                            "furong.plot.closure_times(items, by='street')")
