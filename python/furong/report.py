"""Building blocks of the self-contained HTML report of ``furong demo``: figures as embedded
PNG images, DataFrames as tables, and the page around them.

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

__all__ = ["figure_html", "inline_images", "page", "table_html", "STYLE"]


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
