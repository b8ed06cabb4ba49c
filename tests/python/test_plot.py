"""furong.plot and Network.to_dot: every plot renders to PNG headless and holds the expected
artists; the DOT text is valid Graphviz (checked with ``dot`` when installed) and names the
expected nodes."""

from __future__ import annotations

import html
import io
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

import matplotlib  # noqa: E402  (the plot extra: missing means failing)

matplotlib.use("Agg")

import furong  # noqa: E402
from furong import plot  # noqa: E402
from matplotlib.patches import PathPatch, Wedge  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_bytes(ax) -> bytes:
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=60)
    data = buf.getvalue()
    assert data.startswith(PNG_MAGIC) and len(data) > 1000
    return data


@pytest.fixture(scope="module")
def net() -> furong.Network:
    return furong.datasets.furong()


@pytest.fixture(scope="module")
def small() -> furong.Network:
    n = furong.Network()
    n.add_organisation("d", "district", "D")
    n.add_organisation("s", "street", 'Street "one"', parent="d")
    n.add_organisation("c", "community", "C\\1", parent="s")
    n.add_organisation("x", "compound", "X", parent="c", households=30, party_members=3)
    n.add_organisation("y", "compound", "Y", parent="c", households=10)
    n.add_organisation("bx", "branch", "BX", parent="x")
    n.add_organisation("a", "agency", "A", parent="d")
    n.add_link("a", "x", "pairing")
    return n


# ---- hierarchy ---------------------------------------------------------------------------

def test_hierarchy_one_wedge_per_organisation(small: furong.Network) -> None:
    ax = plot.hierarchy(small, "s", depth=2, labels="id")
    wedges = [p for p in ax.patches if isinstance(p, Wedge)]
    # s (centre), c, x, y: the branch has no households and is not a default kind
    assert sorted(w.get_gid() for w in wedges) == ["c", "s", "x", "y"]
    by_id = {w.get_gid(): w for w in wedges}
    # sized by households: x (30) takes three quarters of c's ring
    span = lambda w: (w.theta2 - w.theta1) % 360 or 360  # noqa: E731
    assert span(by_id["x"]) == pytest.approx(270)
    assert span(by_id["y"]) == pytest.approx(90)
    assert any("40 households" in t.get_text() for t in ax.texts)
    assert ax.get_legend() is not None
    png_bytes(ax)


def test_hierarchy_bundled_street_and_depth(net: furong.Network) -> None:
    ax = plot.hierarchy(net, "st-wenyilu", depth=2)
    kinds = {t.get_text() for t in ax.get_legend().get_texts()}
    assert kinds == {"street", "community", "compound"}
    orgs = net.organisations()
    communities = set(orgs["id"][(orgs["parent"] == "st-wenyilu") & (orgs["kind"] == "community")])
    compounds = set(orgs["id"][orgs["parent"].isin(communities) & (orgs["kind"] == "compound")])
    wedges = {p.get_gid() for p in ax.patches if isinstance(p, Wedge)}
    assert wedges == {"st-wenyilu"} | communities | compounds
    png_bytes(ax)


def test_hierarchy_unknown_root(net: furong.Network) -> None:
    with pytest.raises(furong.UnknownIdError):
        plot.hierarchy(net, "nowhere")
    with pytest.raises(ValueError):
        plot.hierarchy(net, "st-wenyilu", labels="both")


def test_hierarchy_on_given_axes(small: furong.Network) -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert plot.hierarchy(small, "d", ax=ax) is ax


# ---- pairings ----------------------------------------------------------------------------

def test_pairings_one_line_per_pair() -> None:
    pairs = pd.DataFrame({"provider": ["p1", "p1", "p2", "p3"], "compound": ["c1", "c2", "c2", "c3"],
                          "score": [1.0, 2.0, 3.0, 4.0]})
    ax = plot.pairings(pairs)
    assert len(ax.lines) == 4
    widths = [line.get_linewidth() for line in ax.lines]
    assert widths == sorted(widths) and widths[0] < widths[-1]  # wider = higher score
    providers, compounds = ax.collections
    assert len(providers.get_offsets()) == 3 and len(compounds.get_offsets()) == 3
    assert {t.get_text() for t in ax.texts} == {"p1", "p2", "p3", "c1", "c2", "c3"}
    # providers on the left, compounds on the right
    assert set(np.asarray(providers.get_offsets())[:, 0]) == {0} and set(np.asarray(compounds.get_offsets())[:, 0]) == {1}
    png_bytes(ax)


def test_pairings_accepts_results_and_other_columns(net: furong.Network) -> None:
    links = net.links()
    pairing = links[links["kind"] == "pairing"][["source", "target"]]

    class Result:  # a matching result as the wiring may shape it
        def __init__(self, df: pd.DataFrame) -> None:
            self.pairs = df

    ax = plot.pairings(Result(pairing.head(50)), net=net)  # no score: equal widths
    assert len(ax.lines) == 50
    assert len({line.get_linewidth() for line in ax.lines}) == 1
    png_bytes(ax)

    class Framed:
        def to_frame(self) -> pd.DataFrame:
            return pd.DataFrame({"agency": ["a"], "compound": ["c"], "weight": [2.0]})

    assert len(plot.pairings(Framed()).lines) == 1
    with pytest.raises(KeyError):
        plot.pairings(pd.DataFrame({"x": [1]}))


# ---- coverage ----------------------------------------------------------------------------

def test_coverage_by_street_bars_per_street(net: furong.Network) -> None:
    audit = net.audit("2025-10-24")
    ax = plot.coverage_by_street(audit, measures=["contact"])
    assert len(ax.containers) == 1
    assert len(ax.containers[0]) == 13 == len(ax.patches)
    ratios = [bar.get_width() for bar in ax.containers[0]]
    expected = [1 - s["households_without_contact"] / s["households"] for s in audit["streets"] if s["households"]]
    assert ratios == pytest.approx(expected)
    png_bytes(ax)

    ax = plot.coverage_by_street(audit)  # four measures
    assert len(ax.containers) == 4 and all(len(c) == 13 for c in ax.containers)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["contact", "branch", "pairing", "three party"]
    png_bytes(ax)


def test_coverage_from_frame() -> None:
    df = pd.DataFrame({"street": ["s1", "s2", None], "name": ["S1", "S2", None],
                       "compounds": [4, 0, 0], "compounds_without_pairing": [1, 0, 0]})
    cov = plot.coverage_frame(df, ["pairing"])
    assert cov["street"].tolist() == ["s1"] and cov["pairing_coverage"].tolist() == [0.75]
    ax = plot.coverage_by_street(pd.DataFrame({"street": ["a", "b"], "contact_coverage": [0.5, 1.0]}),
                                 measures=["contact"], labels="id")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    with pytest.raises(KeyError):
        plot.coverage_frame(df, ["nonsense"])


# ---- ledger ------------------------------------------------------------------------------

def ledger_items() -> pd.DataFrame:
    d = furong.datasets.furong_path()
    items = pd.read_csv(f"{d}/ledger.csv")
    events = pd.read_csv(f"{d}/ledger_events.csv")
    closed = events[events["status"] == "closed"].groupby("item")["date"].max()
    items["closed"] = items["id"].map(closed)
    items["days"] = (pd.to_datetime(items["closed"]) - pd.to_datetime(items["raised"])).dt.days
    return items


def test_backlog_frame_is_the_ledgers_backlog(net: furong.Network) -> None:
    # One backlog rule (the core's): the plot samples it, never recomputes it.
    daily = net.ledger.backlog("2025-01-01", "2025-03-31")
    weekly = plot.backlog_frame(net.ledger, "2025-01-01", "2025-03-31", freq="7D")
    assert list(weekly.columns) == ["day", "open", "overdue"]
    assert len(weekly) == 13 and weekly["day"].iloc[1] - weekly["day"].iloc[0] == pd.Timedelta(days=7)
    expected = daily.set_index("day").loc[weekly["day"]]
    assert weekly["open"].tolist() == expected["open"].tolist()
    assert weekly["overdue"].tolist() == expected["overdue"].tolist()
    pd.testing.assert_frame_equal(plot.backlog_frame(net, "2025-01-01", "2025-01-31", freq="D"),
                                  net.ledger.backlog("2025-01-01", "2025-01-31"), check_dtype=False)
    with pytest.raises(TypeError, match="ledger"):
        plot.backlog_frame(ledger_items())


def test_burndown_lines(net: furong.Network) -> None:
    b = plot.backlog_frame(net.ledger)
    assert (b["open"] >= b["overdue"]).all() and (b["overdue"] >= 0).all()
    ax = plot.burndown(b)
    assert [line.get_label() for line in ax.lines] == ["open", "overdue"]
    assert len(ax.lines[0].get_xdata()) == len(b)
    assert len(ax.collections) == 1  # the filled area
    png_bytes(ax)
    ax = plot.burndown(b[["day", "open"]])
    assert [line.get_label() for line in ax.lines] == ["open"]


def test_closure_times_box_and_violin() -> None:
    items = ledger_items()
    ax = plot.closure_times(items, by="category")
    groups = items.dropna(subset=["days"])["category"].nunique()
    boxes = [p for p in ax.patches if isinstance(p, PathPatch)]
    assert len(boxes) == groups == len(ax.get_yticklabels())
    medians = items.dropna(subset=["days"]).groupby("category")["days"].median()
    assert ax.get_yticklabels()[0].get_text() == medians.idxmax()  # slowest on top
    png_bytes(ax)
    ax = plot.closure_times(items, by="category", kind="violin")
    assert len(ax.collections) >= groups
    png_bytes(ax)
    ax = plot.closure_times(items.rename(columns={"days": "days_to_close"}), by=None)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["all"]
    with pytest.raises(ValueError):
        plot.closure_times(items, kind="pie")


# ---- DOT ---------------------------------------------------------------------------------

def test_to_dot_names_nodes_and_escapes(small: furong.Network) -> None:
    dot = small.to_dot()
    for node in ("d", "s", "c", "x", "y", "bx", "a"):
        assert f'"{node}" [label=' in dot
    assert '"d" -> "s";' in dot and '"x" -> "bx";' in dot
    assert '"a" -> "x" [style=dashed' in dot and 'label="pairing"' in dot
    assert 'label="Street \\"one\\"\\ns"' in dot  # quotes escaped, newline as \n
    assert 'label="C\\\\1\\nc"' in dot  # backslash escaped
    only = small.to_dot("s", depth=1)
    assert '"c" [label=' in only and '"x" [label=' not in only
    skip = small.to_dot("s", kinds=["community", "branch"])  # compound hidden: dotted edge
    assert '"c" -> "bx" [style=dotted];' in skip
    assert small.to_dot("d", links=False).count("->") == 6
    with pytest.raises(furong.UnknownIdError):
        small.to_dot("nowhere")


def test_to_dot_parses_with_graphviz(net: furong.Network, small: furong.Network) -> None:
    assert shutil.which("dot"), "graphviz 'dot' is needed (tools/bootstrap.sh installs it)"
    for text in (small.to_dot(), net.to_dot("cm-wenyilu-01", depth=2, as_of="2025-10-24")):
        r = subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True, timeout=120)
        assert r.returncode == 0, r.stderr.decode()
        assert b"<svg" in r.stdout
    svg = subprocess.run(["dot", "-Tsvg"], input=net.to_dot("cp-wenyilu-01-01").encode(), capture_output=True,
                         timeout=60).stdout.decode()
    svg = html.unescape(svg)  # graphviz writes '-' as &#45;
    assert "cp-wenyilu-01-01" in svg and "br-wenyilu-01-01" in svg


# ---- subtrees: one walk (the core's Snapshot.subtree) behind dot.subtree and the sunburst ----

def _naive_subtree(net: furong.Network, root: str, depth, kinds) -> list:
    """The rule written the obvious way: recursive descent in index order."""
    orgs = net.organisations()
    ids = orgs["id"].tolist()
    kind = dict(zip(orgs["id"], orgs["kind"].astype(str)))
    children: dict = {}
    for i, p in zip(orgs["id"], orgs["parent"]):
        if isinstance(p, str):
            children.setdefault(p, []).append(i)
    order = {i: k for k, i in enumerate(ids)}
    rows = []

    def walk(v, up, level, start):
        row = start or kinds is None or kind[v] in kinds
        if row:
            rows.append((v, level, up))
            if depth is not None and level >= depth:
                return
        for c in sorted(children.get(v, []), key=order.get):
            walk(c, v if row else up, level + 1 if row else level, False)

    walk(root, None, 0, True)
    return rows


@pytest.mark.parametrize("root, depth, kinds", [
    ("st-wenyilu", 1, None),
    ("st-wenyilu", 2, ["community", "compound", "branch"]),
    ("cm-wenyilu-01", None, ["compound", "household"]),
    ("furong", 2, ["street", "compound"]),
])
def test_dot_subtree_agrees_with_a_recursive_walk(net: furong.Network, root, depth, kinds) -> None:
    from furong.dot import subtree

    sub = subtree(net, root, depth, kinds)
    got = [(i, level, None if pd.isna(up) else up)
           for i, level, up in zip(sub["id"], sub["level"].tolist(), sub["shown_parent"])]
    assert got == _naive_subtree(net, root, depth, None if kinds is None else set(kinds))


def test_snapshot_subtree_is_a_preorder_slice(net: furong.Network) -> None:
    snap = net.snapshot()
    whole = snap.subtree("cm-wenyilu-01")
    order = snap.preorder()
    assert whole.index.tolist() == order[whole.pre[0]:whole.end[0]].tolist()
    assert (whole.end - whole.pre >= 1).all()
    with pytest.raises(furong.ArgumentError, match="depth"):
        snap.subtree("cm-wenyilu-01", -1)
    with pytest.raises(furong.ArgumentError, match="organisation kind"):
        snap.subtree("cm-wenyilu-01", None, ["planet"])
    with pytest.raises(furong.UnknownIdError):
        snap.subtree("nowhere")


def test_sunburst_weights_are_households_under_each_wedge(net: furong.Network) -> None:
    sub = plot._subtree(net, "cm-wenyilu-01", 2, plot.HOUSEHOLD_PATH)
    orgs = net.organisations()
    parent = dict(zip(orgs["id"], orgs["parent"]))
    households = orgs.loc[orgs["kind"] == "household", "id"]
    under: dict = {}
    for h in households:
        v = h
        while isinstance(v, str):
            under[v] = under.get(v, 0) + 1
            v = parent.get(v)
    for rid, w in zip(sub["id"], sub["weight"]):
        assert w == under.get(rid, 0), rid
    assert (sub["weight"].iloc[1:] > 0).all()


# ---- the report's sections (tests/python/test_report.py tests the page) ---------------------

def test_report_sections(net: furong.Network) -> None:
    from furong import demo, report
    from furong._messages import Messages

    assert demo.SECTIONS is report.SECTIONS
    ctx = report.Context(net, Messages("en"), report.DEMO_AS_OF, report.LEDGER_AS_OF,
                         preferences=furong.datasets.furong_path(), meetings=furong.datasets.furong_path())
    s = report.matching_section(ctx)
    assert s.title == "Co-building matching" and s.summary[0].startswith("matching")
    assert any("0 blocking pairs" in p for p in s.paragraphs)
    pairs = {t.key: t for t in s.tables}["new_pairs"].frame
    assert len(pairs) == len(furong.match.co_building(net, as_of=report.DEMO_AS_OF).pairs)
    s = report.audit_section(ctx)
    assert s.title == "Coverage audit" and s.summary[0].startswith(f"audit ({report.DEMO_AS_OF})")
    assert all(f.png is not None and f.png[:4] == b"\x89PNG" for f in s.figures)


def test_import_without_matplotlib_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """An environment without matplotlib: ``import furong.plot`` fails with the command to run."""
    import builtins
    import importlib
    import sys

    real_import = builtins.__import__

    def no_matplotlib(name: str, *args: object, **kwargs: object) -> object:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    for mod in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, mod)
    monkeypatch.delitem(sys.modules, "furong.plot")
    monkeypatch.delattr(furong, "plot")
    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(ImportError, match=r"furong\.plot needs matplotlib.*pip install matplotlib") as info:
        importlib.import_module("furong.plot")
    assert isinstance(info.value.__cause__, ModuleNotFoundError)
    assert "furong.plot" not in sys.modules


def test_legends_stand_beside_the_data(net: furong.Network) -> None:
    """No legend covers data: each sits right of its Axes."""
    audit = net.audit("2025-10-24")
    backlog = net.ledger.backlog("2025-01-01", "2025-12-31")
    for ax in (plot.coverage_by_street(audit), plot.burndown(backlog), plot.hierarchy(net, "st-wenyilu")):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = FigureCanvasAgg(ax.figure)  # a standalone Figure has no renderer of its own
        canvas.draw()
        renderer = canvas.get_renderer()
        legend = ax.get_legend().get_window_extent(renderer)
        assert legend.x0 >= ax.get_window_extent(renderer).x1 - 1, ax.get_title()


def test_cjk_font_for_every_plot() -> None:
    import warnings

    import matplotlib
    from matplotlib.figure import Figure

    family = plot.cjk_font()
    if family is None:
        pytest.skip("no CJK font installed")
    assert family in matplotlib.rcParams["font.family"]
    fig = Figure()
    fig.add_subplot().set_title("文艺路街道 芙蓉区")  # a plain matplotlib title, not one of furong's
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise
        fig.savefig(__import__("io").BytesIO(), format="png")
