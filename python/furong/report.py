"""The HTML report of ``furong report LOCATION`` (and of ``furong demo``, the report of the
bundled dataset): structure, coverage audit, planning, co-building matching and the ledger of
any directory or store, in Simplified Chinese or English.

The page is rendered from a Jinja2 template (``templates/report.html.j2``, autoescaped: a
name holding ``<script>`` stays text). Every table is written in full beside the page
(``tables/<key>.csv``, UTF-8 with a byte-order mark so that Excel reads Chinese; ``.xlsx`` too
when openpyxl is importable) and linked from it; the page shows the first rows. Figures are
embedded PNGs (``data:`` URIs). Organisation names stand beside their ids; residents' names
only with ``names=True`` (privacy). Missing values are blank, counts are integers.

A section is a function ``(ctx) -> Section`` listed in :data:`SECTIONS`; it calls the public
functions of its area and returns text, tables (DataFrames) and figures, never HTML.

Examples
--------
>>> import tempfile, furong
>>> from furong.report import write_report
>>> net = furong.synth.city(households=300, seed=1)
>>> with tempfile.TemporaryDirectory() as out:
...     r = write_report(net, out, lang="en", as_of="2025-06-30", progress=False)
...     (r.page.name, (r.page.parent / "tables").is_dir())
('index.html', True)
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import io
import logging
import math
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as _np
import pandas as _pd

from . import ledger as _ledger
from . import match as _match
from . import plan as _plan
from . import reachability as _reachability
from ._core import __version__
from ._dates import as_date
from ._errors import FileError, UnknownIdError
from ._files import write_atomic
from ._messages import Messages
from ._progress import Progress
from .network import Network

__all__ = [
    "write_report", "ReportResult", "Context", "Section", "Table", "Figure", "SECTIONS", "STYLE_FILE",
    "DEMO_AS_OF", "LEDGER_AS_OF", "DEMO_STREET", "PREVIEW_ROWS", "cell_text", "figure_png",
]

_log = logging.getLogger(__name__)

#: The date the demo audits, plans and matches the bundled dataset on (the seed article's date).
DEMO_AS_OF = datetime.date(2025, 10, 24)
#: The date of the demo's ledger section (the end of the bundled ledger).
LEDGER_AS_OF = datetime.date(2025, 12, 31)
#: The street whose hierarchy the demo draws (文艺路街道, the first real street).
DEMO_STREET = "st-wenyilu"
#: Rows of each table shown on the page (the CSV beside it has all of them).
PREVIEW_ROWS = 30

#: The report's style sheet (``templates/report.css``, included in the page as it is: the
#: template's own text, never escaped, unlike every value it shows).
STYLE_FILE = Path(__file__).resolve().parent / "templates" / "report.css"


# ---- the pieces of a section ------------------------------------------------------------------

@dataclasses.dataclass
class Table:
    """A table of a section: ``frame`` holds every row (headers already in the report's
    language); the page shows the first :data:`PREVIEW_ROWS`, the CSV all."""
    key: str
    caption: str
    frame: _pd.DataFrame
    preview: int = PREVIEW_ROWS


@dataclasses.dataclass
class Figure:
    """A figure: its caption, the call that draws it, and the PNG (None when matplotlib is
    missing or the figure failed; the caption then says why)."""
    caption: str
    call: str = ""
    png: Optional[bytes] = None


@dataclasses.dataclass
class Section:
    """What a section returns: a title, paragraphs of text, figures, tables and the lines of
    the "at a glance" box (also printed by the command line)."""
    key: str
    title: str
    paragraphs: List[str] = dataclasses.field(default_factory=list)
    figures: List[Figure] = dataclasses.field(default_factory=list)
    tables: List[Table] = dataclasses.field(default_factory=list)
    summary: List[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Context:
    """What every section reads: the network, the language, the dates and the options."""
    net: Network
    msg: Messages
    as_of: datetime.date
    ledger_as_of: datetime.date
    names: bool = False
    street: Optional[str] = None
    meetings: Any = None
    preferences: Optional[Path] = None
    _org_names: Optional[_pd.Series[Any]] = dataclasses.field(default=None, init=False, repr=False)

    @property
    def org_names(self) -> _pd.Series[Any]:
        """Organisation id -> name (blank when the data has none)."""
        if self._org_names is None:
            orgs = self.net.organisations()
            self._org_names = orgs.set_index("id")["name"].fillna("")
        return self._org_names

    def name_of(self, ids: Any) -> _pd.Series[Any]:
        """Names of organisation ids (a Series, blank for unknown ids or missing names)."""
        s = _pd.Series(ids, dtype=object)
        return s.map(lambda i: self.org_names.get(i, "") if isinstance(i, str) else "").fillna("")

    def names_of(self, lists: Any) -> _pd.Series[Any]:
        """Comma-separated names of lists of organisation ids."""
        sep = "、" if self.msg.lang == "zh" else ", "
        return _pd.Series([sep.join(str(self.org_names.get(i, "")) or str(i) for i in ids) for ids in lists],
                          dtype=object)


# ---- cells, figures ------------------------------------------------------------------------------

def cell_text(value: Any, msg: Optional[Messages] = None) -> Tuple[str, bool]:
    """A value as the report shows it: (text, is numeric). Missing values are blank, whole
    numbers print as integers with thousands separators, dates as ISO dates, lists joined.

    Examples
    --------
    >>> cell_text(809.0), cell_text(float("nan")), cell_text(0.25), cell_text(["a", "b"])
    (('809', True), ('', False), ('0.25', True), ('a, b', False))
    """
    if value is None or value is _pd.NA or value is _pd.NaT:
        return "", False
    if isinstance(value, (bool, _np.bool_)):
        yes = msg("yes") if msg else "yes"
        no = msg("no") if msg else "no"
        return (yes if value else no), False
    if isinstance(value, (int, _np.integer)):
        return f"{int(value):,}", True
    if isinstance(value, (float, _np.floating)):
        v = float(value)
        if math.isnan(v):
            return "", False
        if v.is_integer() and abs(v) < 1e15:
            return f"{int(v):,}", True
        return f"{v:,.3g}" if abs(v) < 1000 else f"{v:,.1f}", True
    if isinstance(value, (_pd.Timestamp, datetime.datetime)):
        ts = _pd.Timestamp(value)
        return (ts.date().isoformat() if ts == ts.normalize() else ts.isoformat(sep=" ")), False
    if isinstance(value, datetime.date):
        return value.isoformat(), False
    if isinstance(value, (list, tuple, set, _np.ndarray)):
        sep = "、" if msg is not None and msg.lang == "zh" else ", "
        return sep.join(cell_text(v, msg)[0] for v in value), False
    return str(value), False


def _csv_frame(frame: _pd.DataFrame, msg: Messages) -> _pd.DataFrame:
    """The frame as written to CSV/xlsx: lists joined, whole-number float columns as integers
    (missing values stay blank), booleans in the report's language."""
    out = frame.copy()
    for c in out.columns:
        col = out[c]
        if col.dtype == object and col.map(lambda v: isinstance(v, (list, tuple, _np.ndarray))).any():
            out[c] = col.map(lambda v: cell_text(v, msg)[0] if isinstance(v, (list, tuple, _np.ndarray)) else v)
        elif col.dtype.kind == "f":
            vals = col.dropna()
            if len(vals) and bool((vals == vals.round()).all()):
                out[c] = col.astype("Int64")
        elif col.dtype.kind == "b":
            out[c] = col.map(lambda v: msg("yes") if v else msg("no"))
    return out


def figure_png(fig: Any, dpi: int = 100) -> bytes:
    """A matplotlib Figure (or Axes) as PNG bytes; the figure is closed when pyplot manages it.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1))
    >>> _ = fig.add_subplot().plot([0, 1], [1, 0])
    >>> figure_png(fig)[:4]
    b'\\x89PNG'
    """
    figure = fig if hasattr(fig, "savefig") else getattr(fig, "figure", None)
    if figure is None or not hasattr(figure, "savefig"):
        raise TypeError(f"expected a matplotlib Figure or Axes, got {type(fig).__name__}")
    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    import sys

    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        plt.close(figure)  # a no-op for figures pyplot does not manage
    return buf.getvalue()


def _figure(ctx: Context, draw: Callable[[], Any], caption: str, call: str) -> Figure:
    """Draws a figure; a missing matplotlib or a failed figure leaves a note, never a crash
    of the section."""
    try:
        return Figure(caption, call, figure_png(draw()))
    except ImportError:
        return Figure(f"{caption} {ctx.msg('report.no_plots')}", call)
    except Exception as e:  # a figure never sinks its section
        return Figure(f"{caption} {ctx.msg('report.figure_failed', error=f'{type(e).__name__}: {e}')}", call)


def _relabel_kinds(ax: Any, m: Messages) -> None:
    """The legend of kinds in the report's language."""
    legend = ax.get_legend()
    if legend is not None:
        for text in legend.get_texts():
            text.set_text(m.term("org", text.get_text()))
    if m.lang == "zh":  # the centre says "N households"
        for text in ax.texts:
            label = text.get_text()
            if label.endswith(" households"):
                text.set_text(label[: -len(" households")] + " 户")


def _table(ctx: Context, key: str, caption: str, frame: _pd.DataFrame, columns: Mapping[str, str]) -> Table:
    """A table of the columns of ``frame`` named in ``columns`` (message keys of their headers)."""
    headers = [ctx.msg(k) for k in columns.values()]
    if len(set(headers)) != len(headers):  # a bug of the catalogue: CSV readers need unique headers
        raise AssertionError(f"table {key}: repeated headers {headers}")
    out = frame[list(columns)].reset_index(drop=True)
    out.columns = headers
    return Table(key, caption, out)


def _n(value: Any) -> str:
    return f"{int(value):,}"


# ---- the sections --------------------------------------------------------------------------------

def structure_section(ctx: Context) -> Section:
    """Counts by organisation kind, link kind and role (with their Chinese terms), and the
    sunburst of one street."""
    m = ctx.msg
    info = ctx.net.info()
    s = Section("structure", m("structure.title"))
    s.paragraphs.append(m("structure.text", organisations=_n(info["organisations"]), links=_n(info["links"]),
                          people=_n(info["people"]), roles=_n(info["roles"]), offers=_n(info["offers"]),
                          needs=_n(info["needs"])))
    from ._messages import kind_term

    for key, caption, table, counts, header in (
            ("organisation_kinds", "structure.kinds", "org", info["by_kind"], "col.count"),
            ("link_kinds", "structure.links", "link", info["by_link_kind"], "col.links"),
            ("roles", "structure.roles", "role", info["by_role"], "col.people")):
        frame = _pd.DataFrame({"kind": list(counts), "term": [kind_term(table, k) for k in counts],
                               "n": [int(v) for v in counts.values()]})
        s.tables.append(_table(ctx, key, m(caption), frame, {"kind": "col.kind", "term": "col.term", "n": header}))
    orgs = ctx.net.organisations()
    streets = orgs.loc[orgs["kind"].astype(str) == "street", "id"].tolist()
    street = ctx.street or (DEMO_STREET if DEMO_STREET in streets else (streets[0] if streets else None))
    if street is not None:
        name = str(ctx.org_names.get(street, "")) or street

        def sunburst() -> Any:
            from . import plot

            ax = plot.hierarchy(ctx.net, street, depth=2)
            _relabel_kinds(ax, m)
            ax.set_title(m("structure.sunburst", name=name), fontsize=10)
            return ax

        s.figures.append(_figure(ctx, sunburst, m("structure.sunburst", name=name),
                                 f'furong.plot.hierarchy(net, "{street}", depth=2)'))
    by = info["by_kind"]
    s.summary.append(m("structure.summary", organisations=_n(info["organisations"]), streets=_n(by.get("street", 0)),
                       communities=_n(by.get("community", 0)), compounds=_n(by.get("compound", 0)),
                       households=_n(by.get("household", 0)), links=_n(info["links"]), people=_n(info["people"])))
    return s


def audit_section(ctx: Context) -> Section:
    """The coverage audit on the report's date: ratios, gaps per street, the three-party gaps
    and the compounds without a branch, compound by compound."""
    m = ctx.msg
    day = ctx.as_of.isoformat()
    result = _reachability.audit(ctx.net, as_of=ctx.as_of)
    sm = result["summary"]
    people = _reachability.critical_people(ctx.net, as_of=ctx.as_of)
    s = Section("audit", m("audit.title"))
    s.paragraphs.append(m("audit.text", as_of=day, households=_n(sm["households"]),
                          no_contact=_n(sm["households_without_contact"]), compounds=_n(sm["compounds"]),
                          no_branch=_n(sm["compounds_without_branch"]), no_pairing=_n(sm["compounds_without_pairing"]),
                          gaps=_n(sm["three_party_gaps"]), one_shoulder=_n(sm["one_shoulder"]),
                          critical=_n(len(people)), single=_n(people.attrs.get("single_contact_households", 0))))
    measures = ("contact_coverage", "branch_coverage", "pairing_coverage", "building_leader_coverage",
                "grid_worker_coverage", "three_party_coverage")
    ratios = _pd.DataFrame({"measure": [m(f"measure.{k}") for k in measures],
                            "ratio": [m.percent(sm[k]) for k in measures]})
    s.tables.append(_table(ctx, "coverage_ratios", m("audit.ratios"), ratios,
                           {"measure": "col.measure", "ratio": "col.ratio"}))
    streets = result.streets
    if len(streets):
        streets["name"] = ctx.name_of(streets["street"]).where(streets["name"].notna() & (streets["name"] != ""),
                                                               ctx.name_of(streets["street"]))
        s.tables.append(_table(ctx, "audit_by_street", m("audit.streets"), streets, {
            "street": "col.street", "name": "col.street_name", "households": "col.households",
            "households_without_contact": "col.no_contact", "compounds": "col.compounds",
            "compounds_without_branch": "col.no_branch", "compounds_without_pairing": "col.no_pairing",
            "buildings_without_leader": "col.no_leader", "grids_without_worker": "col.no_worker",
            "three_party_gaps": "col.three_party_gaps", "one_shoulder": "col.one_shoulder"}))
    gaps = result.three_party
    gaps.insert(1, "name", ctx.name_of(gaps["compound"]))
    gaps["missing"] = [[m.term("org", k) for k in ks] for ks in gaps["missing"]]
    s.tables.append(_table(ctx, "three_party_gaps", m("audit.gaps"), gaps, {
        "compound": "col.compound", "name": "col.compound_name", "missing": "col.missing",
        "one_shoulder": "col.one_shoulder"}))
    nob = _pd.DataFrame({"compound": result["compounds_without_branch"]})
    nob["name"] = ctx.name_of(nob["compound"])
    s.tables.append(_table(ctx, "compounds_without_branch", m("audit.no_branch"), nob,
                           {"compound": "col.compound", "name": "col.compound_name"}))

    def draw() -> Any:
        from . import plot

        drawn = ("contact", "branch", "pairing", "three_party")
        ax = plot.coverage_by_street(result, measures=drawn)
        ax.set_title(m("audit.figure"), fontsize=10)
        ax.set_xlabel(m("col.ratio"))
        legend = ax.get_legend()
        if legend is not None:  # the measures drawn, in the report's language
            for text, key in zip(legend.get_texts(), drawn):
                text.set_text(m(f"measure.{key}_coverage"))
        return ax

    s.figures.append(_figure(ctx, draw, m("audit.figure"), f'furong.plot.coverage_by_street(net.audit("{day}"))'))
    s.summary.append(m("audit.summary", as_of=day, contact=m.percent(sm["contact_coverage"]),
                       no_contact=_n(sm["households_without_contact"]), branch=m.percent(sm["branch_coverage"]),
                       pairing=m.percent(sm["pairing_coverage"]), gaps=_n(sm["three_party_gaps"])))
    return s


def planning_section(ctx: Context) -> Section:
    """Joint branches, district-wide property areas and the policy gaps by compound type, on
    the report's date; every group and every gap in the downloadable tables."""
    m = ctx.msg
    day = ctx.as_of.isoformat()
    b = _plan.branches(ctx.net, ctx.as_of)
    p = _plan.property_areas(ctx.net, ctx.as_of)
    gaps = _plan.policy_gaps(ctx.net, ctx.as_of, meetings=ctx.meetings)
    s = Section("planning", m("planning.title"))
    joint = b.groups[b.groups["joint"]].reset_index(drop=True)
    s.paragraphs.append(m("planning.branches", as_of=day, groups=_n(len(b.groups)), alone=_n(len(b.groups) - len(joint)),
                          joint=_n(len(joint)), joint_compounds=_n(joint["size"].sum() if len(joint) else 0),
                          uncovered=_n(len(b.uncovered))))

    def groups(frame: _pd.DataFrame, weight: str) -> _pd.DataFrame:
        out = frame.assign(scope_name=ctx.name_of(frame["scope"]).to_numpy(),
                           compound_names=ctx.names_of(frame["compounds"]).to_numpy())
        return out[["scope", "scope_name", "size", "weight", "compounds", "compound_names"]].rename(
            columns={"weight": weight})

    s.tables.append(_table(ctx, "joint_branches", m("planning.joint"), groups(joint, "party"), {
        "scope": "col.scope", "scope_name": "col.scope_name", "size": "col.size", "party": "col.party_members",
        "compounds": "col.compounds", "compound_names": "col.compound_names"}))
    covered = int(p.groups["size"].sum()) if len(p.groups) else 0
    s.paragraphs.append(m("planning.property", candidates=_n(p.stats.get("candidates", 0)), groups=_n(len(p.groups)),
                          covered=_n(covered), uncovered=_n(len(p.uncovered))))
    s.tables.append(_table(ctx, "property_areas", m("planning.areas"), groups(p.groups, "households"), {
        "scope": "col.scope", "scope_name": "col.scope_name", "size": "col.size", "households": "col.households",
        "compounds": "col.compounds", "compound_names": "col.compound_names"}))
    typed = gaps.assign(compound_type=gaps["compound_type"].map(lambda t: m.term("compound_type", str(t))))
    by_check = typed.groupby(["compound_type", "check", "status"]).size().reset_index(name="compounds")
    s.tables.append(_table(ctx, "policy_gaps_by_check", m("planning.policy"), by_check, {
        "compound_type": "col.type", "check": "col.check", "status": "col.status", "compounds": "col.count"}))
    typed = typed.assign(name=ctx.name_of(typed["compound"]).to_numpy())
    s.tables.append(_table(ctx, "policy_gaps", m("planning.policy_all"), typed, {
        "compound": "col.compound", "name": "col.compound_name", "compound_type": "col.type", "check": "col.check",
        "status": "col.status"}))
    s.summary.append(m("planning.summary", groups=_n(len(b.groups)), joint=_n(len(joint)), uncovered=_n(len(b.uncovered)),
                       areas=_n(len(p.groups)), covered=_n(covered), gaps=_n(len(gaps))))
    return s


def matching_section(ctx: Context) -> Section:
    """The optimal co-building plan (plain and cover-first) on the report's date, every new
    pair and every compound left without a partner; the stable matching when the location
    has preferences."""
    m = ctx.msg
    day = ctx.as_of.isoformat()
    plan = _match.co_building(ctx.net, as_of=ctx.as_of)
    cover = _match.co_building(ctx.net, as_of=ctx.as_of, cover_first=True)
    whys = plan.unmatched["why"].value_counts()
    s = Section("matching", m("matching.title"))
    s.paragraphs.append(m("matching.text", as_of=day, providers=_n(plan.providers), compounds=_n(plan.compounds),
                          kept=_n(len(plan.kept)), pairs=_n(len(plan.pairs)), score=cell_text(plan.total_score)[0],
                          unmatched=_n(len(plan.unmatched)), no_provider=_n(whys.get("no_eligible_provider", 0)),
                          full=_n(whys.get("providers_full", 0)), cover=_n(cover.compounds_covered),
                          covered=_n(plan.compounds_covered)))
    pairs = plan.pairs.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
    pairs = pairs.assign(provider_name=ctx.name_of(pairs["provider"]).to_numpy(),
                         compound_name=ctx.name_of(pairs["compound"]).to_numpy(),
                         why=["; ".join(f"{r['resource']}: {r['priority']}×{cell_text(r['amount'])[0]}" for r in rs)
                              for rs in pairs["reasons"]])
    s.tables.append(_table(ctx, "new_pairs", m("matching.pairs"), pairs, {
        "provider": "col.provider", "provider_name": "col.provider_name", "compound": "col.compound",
        "compound_name": "col.compound_name", "score": "col.score", "why": "col.reasons"}))
    un = plan.unmatched.assign(name=ctx.name_of(plan.unmatched["compound"]).to_numpy(),
                               reason=plan.unmatched["why"].map(
                                   lambda w: m(f"why.{w}") if m.has(f"why.{w}") else str(w)).to_numpy())
    s.tables.append(_table(ctx, "unmatched_compounds", m("matching.unmatched"), un,
                           {"compound": "col.compound", "name": "col.compound_name", "reason": "col.why"}))
    if ctx.preferences is not None:
        prefs = _match.load_preferences(ctx.net, ctx.preferences)
        st = _match.stable(ctx.net, prefs)
        blocking = _match.blocking_pairs(ctx.net, st, prefs)
        s.paragraphs.append(m("matching.stable", pairs=_n(len(st.pairs)), unmatched=_n(len(st.unmatched)),
                              proposals=_n(st.proposals), blocking=_n(len(blocking))))
    best = pairs.head(40)

    def draw() -> Any:
        from . import plot

        ax = plot.pairings(best, net=ctx.net)
        ax.set_title(m("matching.figure"), fontsize=10)
        return ax

    if len(best):
        s.figures.append(_figure(ctx, draw, m("matching.figure"),
                                 f'furong.plot.pairings(furong.match.co_building(net, as_of="{day}")'
                                 ".pairs.nlargest(40, 'score'), net=net)"))
    s.summary.append(m("matching.summary", as_of=day, pairs=_n(len(plan.pairs)), score=cell_text(plan.total_score)[0],
                       covered=_n(plan.compounds_covered), compounds=_n(plan.compounds)))
    return s


def ledger_section(ctx: Context) -> Section:
    """Overdue items, return visits, closure times, the items open longest with their next
    escalation step, night talks, commitments and the neighbour-leader evaluation."""
    m = ctx.msg
    led = ctx.net.ledger
    s = Section("ledger", m("ledger.title"))
    if not len(led):
        s.paragraphs.append(m("ledger.none"))
        s.summary.append(f"{m('ledger.title')}{'：' if m.lang == 'zh' else ': '}{m('ledger.none')}")
        return s
    as_of = ctx.ledger_as_of
    day = as_of.isoformat()
    overdue = led.overdue(as_of)
    due = led.visit_due(as_of)
    old = led.open_longer_than(as_of, 60)
    mt = led.meetings
    loop = mt.night_talk_loop(as_of)
    fp = mt.four_party(as_of)
    late = mt.late_commitments(as_of)
    missed = mt.missed_joint_meetings(as_of.year, as_of.month)
    ev = led.evaluate_leaders(as_of)
    rate = float(loop["closed"].sum()) / max(1, int(loop["agreed"].sum())) if len(loop) else 0.0
    s.paragraphs.append(m("ledger.text", as_of=day, items=_n(len(led)), overdue=_n(len(overdue)), due=_n(len(due)),
                          old=_n(len(old)), talks=_n(len(loop)), rate=m.percent(rate),
                          not_four=_n((~fp["four_party"]).sum()) if len(fp) else "0",
                          late_delivered=_n(late["was_delivered"].sum()) if len(late) else "0",
                          late_missing=_n((~late["was_delivered"]).sum()) if len(late) else "0",
                          month=f"{as_of.year}-{as_of.month:02d}", missed=_n(len(missed))))
    by_street = led.open_overdue_by(as_of).reset_index()
    by_street.insert(1, "name", ctx.name_of(by_street["street"]).to_numpy())
    s.tables.append(_table(ctx, "ledger_by_street", m("ledger.by_street"), by_street, {
        "street": "col.street", "name": "col.street_name", "open": "col.open", "overdue": "col.overdue"}))
    stats = led.closure_stats(as_of, by="category").reset_index()
    s.tables.append(_table(ctx, "closure_by_category", m("ledger.closure"), stats, {
        "category": "col.category", "count": "col.closed", "median": "col.median_days", "p90": "col.p90_days"}))

    def items(frame: _pd.DataFrame) -> _pd.DataFrame:
        out = frame.assign(compound_name=ctx.name_of(frame["compound"]).to_numpy())
        if ctx.names:
            people = ctx.net.people().set_index("id")["name"]
            out = out.assign(owner_name=out["owner"].map(people).fillna(""))
        return out

    owner_cols = {"owner": "col.owner", **({"owner_name": "col.owner_name"} if ctx.names else {})}
    s.tables.append(_table(ctx, "overdue_items", m("ledger.overdue"), items(overdue), {
        "id": "col.item", "compound": "col.compound", "compound_name": "col.compound_name", "category": "col.category",
        "summary": "col.summary", "raised": "col.raised", "due": "col.due", "status": "col.status",
        "days_overdue": "col.days_overdue", **owner_cols}))
    old = items(old).assign(next_role=old["next_role"].map(lambda r: m.term("role", str(r)) if isinstance(r, str) else "")
                            .to_numpy())
    old = old.assign(next_name=ctx.name_of(old["next_step"]).to_numpy())
    s.tables.append(_table(ctx, "open_longest", m("ledger.old"), old.sort_values("days_open", ascending=False), {
        "id": "col.item", "compound": "col.compound", "compound_name": "col.compound_name", "status": "col.status",
        "days_open": "col.days_open", "next_step": "col.next_step", "next_name": "col.name",
        "next_role": "col.next_role"}))
    s.paragraphs.append(m("ledger.leaders", scored=_n(len(ev.scores)), commend=_n(len(ev.commend)),
                          adjust=_n(len(ev.adjust))))
    scores = ev.scores.assign(decision_text=ev.scores["decision"].map(
        lambda d: m(f"decision.{d}") if m.has(f"decision.{d}") else str(d)).to_numpy())
    leader_cols = {"leader": "col.leader"}
    if ctx.names:
        people = ctx.net.people().set_index("id")["name"]
        scores = scores.assign(leader_name=scores["leader"].map(people).fillna("").to_numpy())
        leader_cols["leader_name"] = "col.leader_name"
    s.tables.append(_table(ctx, "leader_scores", m("ledger.scores"), scores, {
        **leader_cols, "score": "col.score", "households": "col.households", "items": "col.items",
        "decision_text": "col.decision"}))
    if not ctx.names:
        s.paragraphs.append(m("report.names_hidden"))

    def burndown() -> Any:
        from . import plot

        ax = plot.burndown(led.backlog(as_of - datetime.timedelta(days=730), as_of))
        ax.set_title(m("ledger.burndown"), fontsize=10)
        return ax

    start = (as_of - datetime.timedelta(days=730)).isoformat()
    s.figures.append(_figure(ctx, burndown, m("ledger.burndown"),
                             f'furong.plot.burndown(net.ledger.backlog("{start}", "{day}"))'))

    def closure() -> Any:
        from . import plot

        it = led.items()
        ev_ = led.events()
        done_statuses = [st for st, family in _ledger.FAMILIES.items() if family == "done"]
        done = ev_[ev_["status"].astype(str).isin(done_statuses)].groupby("item")["date"].max()
        it = it.assign(days=(_pd.to_datetime(it["id"].map(done)) - _pd.to_datetime(it["raised"])).dt.days)
        frame = it.assign(street=ctx.name_of(it["street"]).where(ctx.name_of(it["street"]) != "", it["street"])
                          .to_numpy())
        ax = plot.closure_times(frame.dropna(subset=["days"]), by="street")
        ax.set_title(m("ledger.closure_figure"), fontsize=10)
        return ax

    s.figures.append(_figure(ctx, closure, m("ledger.closure_figure"), "furong.plot.closure_times(items, by='street')"))
    s.summary.append(m("ledger.summary", as_of=day, items=_n(len(led)), overdue=_n(len(overdue)), due=_n(len(due)),
                       rate=m.percent(rate), commend=_n(len(ev.commend)), adjust=_n(len(ev.adjust))))
    return s


#: The sections of the report, in order.
SECTIONS: List[Callable[[Context], Section]] = [
    structure_section, audit_section, planning_section, matching_section, ledger_section,
]


# ---- the page ------------------------------------------------------------------------------------

@dataclasses.dataclass
class ReportResult:
    """What :func:`write_report` wrote: the page, the table files, the summary lines."""
    page: Path
    tables: List[Path]
    summary: List[str]
    timings: Dict[str, float]


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
        autoescape=True,  # every value is text: a name holding <script> stays text
        undefined=jinja2.StrictUndefined, trim_blocks=False, lstrip_blocks=False)


def _xlsx_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("openpyxl") is not None  # pandas writes xlsx through it


def write_report(net: Network, out: Union[str, Path], *, lang: Optional[str] = None, as_of: Any = None,
                 ledger_as_of: Any = None, names: bool = False, title: Optional[str] = None,
                 source: Optional[str] = None, street: Optional[str] = None, meetings: Any = None,
                 preferences: Any = None, sections: Optional[Sequence[Callable[[Context], Section]]] = None,
                 progress: Optional[bool] = None, command: str = "furong report") -> ReportResult:
    """Write the report of ``net`` to ``out/index.html`` with every table in full beside it.

    Parameters
    ----------
    net : furong.Network
        The network (with its ledger).
    out : str or Path
        The report directory (created).
    lang : {"zh", "en"}, optional
        Language of the page (default: the locale's, :func:`furong._messages.default_lang`).
    as_of : date or str, optional
        The day of the audit, the plans and the matching (default: today).
    ledger_as_of : date or str, optional
        The day of the ledger section (default: ``as_of``).
    names : bool
        Show residents' names beside their ids (off by default: privacy). Organisation
        names are always shown.
    title, source : str, optional
        The page title and the data's description in the subtitle.
    street : str, optional
        The street (or any organisation) of the sunburst (default: the first street).
    meetings : path or DataFrame, optional
        The meetings counted by the policy checks (see :func:`furong.plan.policy_gaps`).
    preferences : path, optional
        A directory with ``preferences.csv`` (or the file): adds the stable matching.
    sections : sequence, optional
        The sections (default :data:`SECTIONS`).
    progress : bool, optional
        Show a progress bar (default: when stderr is a terminal).
    command : str
        The command named in the footer.

    Returns
    -------
    ReportResult

    Raises
    ------
    FileError
        The directory or a file cannot be written (the page is written last, atomically).
    """
    msg = Messages(lang)
    day = as_date(as_of, "as_of") if as_of is not None else datetime.date.today()
    lday = as_date(ledger_as_of, "ledger_as_of") if ledger_as_of is not None else day
    prefs: Optional[Path] = None
    if preferences is not None:
        pp = Path(preferences)
        prefs = pp if pp.is_dir() or pp.name == "preferences.csv" else None
        if pp.is_dir() and not (pp / "preferences.csv").exists():
            prefs = None
    if street is not None and street not in set(net.organisations()["id"]):
        error = UnknownIdError(f"--street {street!r}: no organisation has this id")
        error.id = street
        raise error  # before anything is written
    ctx = Context(net, msg, day, lday, names=names, street=street, meetings=meetings, preferences=prefs)
    out_dir = Path(out).resolve()
    tables_dir = out_dir / "tables"
    try:
        tables_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise FileError(e.errno or 0, f"{out_dir}: cannot create the report directory: {e.strerror or e}",
                        str(out_dir)) from e
    done: List[Section] = []
    timings: Dict[str, float] = {}
    todo = list(SECTIONS if sections is None else sections)
    with Progress(len(todo), "report", enabled=progress) as bar:
        for section in todo:
            bar.update(0, label=section.__name__.replace("_section", ""))
            t0 = time.perf_counter()
            done.append(section(ctx))
            timings[done[-1].key] = time.perf_counter() - t0
            _log.info("report: %s in %.1f s", section.__name__, timings[done[-1].key])
            bar.update()
    xlsx = _xlsx_available()
    written: List[Path] = []
    views = []
    for s in done:
        tables = []
        for tab in s.tables:
            frame = _csv_frame(tab.frame, msg)
            csv_path = tables_dir / f"{tab.key}.csv"
            try:
                # UTF-8 with a byte-order mark: Excel on a Chinese Windows reads it as UTF-8.
                write_atomic(csv_path, frame.to_csv(index=False, lineterminator="\n").encode("utf-8-sig"))
                written.append(csv_path)
                xlsx_rel = None
                if xlsx:
                    xlsx_path = tables_dir / f"{tab.key}.xlsx"
                    buf = io.BytesIO()
                    frame.to_excel(buf, index=False, sheet_name=tab.key[:31])
                    write_atomic(xlsx_path, buf.getvalue())
                    written.append(xlsx_path)
                    xlsx_rel = f"tables/{tab.key}.xlsx"
            except OSError as e:
                raise FileError(e.errno or 0, f"{csv_path}: cannot write the table: {e.strerror or e}",
                                str(csv_path)) from e
            rows = [[cell_text(v, msg) for v in row] for row in tab.frame.head(tab.preview).itertuples(index=False)]
            tables.append({"key": f"table-{tab.key}", "caption": tab.caption, "headers": [str(c) for c in tab.frame.columns],
                           "rows": rows, "total": len(tab.frame), "csv": f"tables/{tab.key}.csv", "xlsx": xlsx_rel})
        figures = [{"caption": f.caption, "call": f.call,
                    "src": None if f.png is None else "data:image/png;base64," + base64.b64encode(f.png).decode("ascii")}
                   for f in s.figures]
        views.append({"key": s.key, "title": s.title, "paragraphs": s.paragraphs, "figures": figures, "tables": tables})
    summary = [line for s in done for line in s.summary]
    sep = "；" if msg.lang == "zh" else "; "
    notes = [msg("report.footer", version=__version__, command=command,
                 timings=sep.join(f"{k} {v:.1f} s" for k, v in timings.items()))]
    src = source if source is not None else ""
    page = _environment().get_template("report.html.j2").render(
        lang=msg.lang, t=msg, title=title or (msg("report.title_of", source=src) if src else msg("report.title")),
        subtitle=msg("report.subtitle", source=src or "-", as_of=day.isoformat()), sections=views, summary=summary,
        notes=notes, workbook=None)
    path = out_dir / "index.html"
    _log.info("report: %d tables written to %s", len(written), tables_dir)
    write_atomic(path, page)  # old page or new page, never half (FileError on failure)
    return ReportResult(path, written, summary, timings)
