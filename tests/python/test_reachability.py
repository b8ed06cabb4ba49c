"""Reachability, reach, dominators and critical organisations against networkx on random
networks (hypothesis): edge-kind filters, hop limits, dates and undirected mode; error types."""

from __future__ import annotations

import datetime
import random
from typing import Dict, List, Optional, Sequence, Set, Tuple

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import furong
from furong.reachability import ReachablePath

EDGE_KINDS = ["hierarchy"] + list(furong.network.LINK_KINDS)
D0 = datetime.date(2025, 1, 1)

# (source, target, kind, since, until): the reference edge list, built beside the network.
Edge = Tuple[str, str, str, Optional[datetime.date], Optional[datetime.date]]


def random_city(seed: int) -> Tuple[furong.Network, List[Edge]]:
    """A small random city with links of every kind and random dates, plus its edge list."""
    rng = random.Random(seed)
    net = furong.Network()
    edges: List[Edge] = []
    of: Dict[str, List[str]] = {}
    counter = [0]

    def add(kind: str, parent: Optional[str], **kw: int) -> str:
        counter[0] += 1
        oid = f"{kind[:3]}{counter[0]}"
        net.add_organisation(oid, kind, oid, parent, **kw)
        of.setdefault(kind, []).append(oid)
        if parent is not None:
            edges.append((parent, oid, "hierarchy", None, None))
        return oid

    d = add("district", None)
    for _ in range(rng.randint(1, 2)):
        add("agency", d)
    add("alliance", d)
    for _ in range(rng.randint(1, 2)):
        s = add("street", d)
        add("unit", rng.choice([s, d]))
        add("property_company", rng.choice([s, d]))
        for _ in range(rng.randint(1, 2)):
            c = add("community", s)
            add("grid", c)
            if rng.random() < 0.3:
                add("branch", c)
            if rng.random() < 0.3:
                add("team", c)
            a = add("area", c)
            for _ in range(rng.randint(1, 2)):
                g = add("group", a)
                for _ in range(rng.randint(1, 2)):
                    add("neighbourhood", g)
            for _ in range(rng.randint(1, 3)):
                k = add("compound", c, party_members=rng.randint(0, 4))
                if rng.random() < 0.5:
                    add("branch", k)
                if rng.random() < 0.5:
                    add("owners_committee", k)
                for _ in range(rng.randint(0, 2)):
                    b = add("building", k)
                    for _ in range(rng.randint(1, 3)):
                        add("household", b)
                for _ in range(rng.randint(0, 2)):
                    add("household", k)

    endpoints = {
        "pairing": (["agency", "unit"], ["compound"]), "member": (["unit", "agency"], ["alliance"]),
        "serves": (["property_company"], ["compound"]), "represents": (["owners_committee"], ["compound"]),
        "covers": (["branch"], ["compound"]), "in_grid": (["building"], ["grid"]),
        "contact": (["household"], ["neighbourhood"]), "adjacent": (["compound"], ["compound"]),
        "supports": (["team"], ["compound", "community"]), "liaison": (["agency"], ["street", "community"]),
    }

    def some_date() -> Optional[datetime.date]:
        return D0 + datetime.timedelta(days=rng.randint(0, 10)) if rng.random() < 0.35 else None

    for _ in range(rng.randint(5, 40)):
        kind = rng.choice(list(endpoints))
        sk, tk = endpoints[kind]
        srcs = [x for k in sk for x in of.get(k, [])]
        tgts = [x for k in tk for x in of.get(k, [])]
        if not srcs or not tgts:
            continue
        s, t = rng.choice(srcs), rng.choice(tgts)
        if s == t:
            continue
        since, until = some_date(), some_date()
        if since and until and since > until:
            since, until = until, since
        net.add_link(s, t, kind, since=since, until=until)
        edges.append((s, t, kind, since, until))
    return net, edges


def reference_graph(net: furong.Network, edges: Sequence[Edge], via: Set[str], as_of: Optional[datetime.date],
                    undirected: bool) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(net.organisations()["id"])
    for s, t, k, since, until in edges:
        if k not in via:
            continue
        if as_of is not None and ((since and as_of < since) or (until and as_of > until)):
            continue
        g.add_edge(s, t)
        if undirected:
            g.add_edge(t, s)
    return g


queries = st.fixed_dictionaries({
    "seed": st.integers(0, 10_000),
    "via": st.sets(st.sampled_from(EDGE_KINDS), min_size=1),
    "max_hops": st.one_of(st.none(), st.integers(0, 6)),
    "as_of": st.one_of(st.none(), st.integers(-1, 11).map(lambda d: D0 + datetime.timedelta(days=d))),
    "undirected": st.booleans(),
    "pick": st.randoms(use_true_random=False),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries)
def test_reachable_and_reach_match_networkx(q: Dict) -> None:  # type: ignore[type-arg]
    net, edges = random_city(q["seed"])
    via = q["via"] | ({"hierarchy"} if q["seed"] % 2 else set())
    g = reference_graph(net, edges, via, q["as_of"], q["undirected"])
    ids = list(net.organisations()["id"])
    rng = q["pick"]
    src = rng.choice(ids[:3] + ids)
    dist = nx.single_source_shortest_path_length(g, src, cutoff=q["max_hops"])

    df = net.reach(src, via=sorted(via), max_hops=q["max_hops"], as_of=q["as_of"], undirected=q["undirected"])
    assert dict(zip(df["id"], df["hops"])) == dist
    assert list(df["hops"]) == sorted(df["hops"])
    assert df["id"].iloc[0] == src

    for dst in rng.sample(ids, min(6, len(ids))):
        r = net.reachable(src, dst, via=",".join(sorted(via)), max_hops=q["max_hops"], as_of=q["as_of"],
                          undirected=q["undirected"])
        if dst not in dist:
            assert r is None
            continue
        assert isinstance(r, ReachablePath)
        assert r.hops == dist[dst]
        assert r.path[0] == src and r.path[-1] == dst and len(r.path) == r.hops + 1
        assert all(g.has_edge(a, b) for a, b in zip(r.path, r.path[1:]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries)
def test_dominators_and_critical_match_networkx(q: Dict) -> None:  # type: ignore[type-arg]
    net, edges = random_city(q["seed"])
    via = q["via"] | {"hierarchy"}
    g = reference_graph(net, edges, via, q["as_of"], q["undirected"])
    ids = list(net.organisations()["id"])
    src = ids[0] if q["seed"] % 3 else q["pick"].choice(ids)
    kw = dict(via=sorted(via), as_of=q["as_of"], undirected=q["undirected"])
    expected_idom = {v: d for v, d in nx.immediate_dominators(g, src).items() if v != src}  # nx < 3.5 kept src
    assert net.immediate_dominators(src, **kw) == expected_idom

    target_kind = q["pick"].choice(["household", "compound", "neighbourhood"])
    kinds = dict(zip(net.organisations()["id"], net.organisations()["kind"].astype(str)))
    reached = nx.descendants(g, src)
    expected: Dict[str, int] = {}
    for v in reached:  # brute force: remove v, count targets lost
        h = g.copy()
        h.remove_node(v)
        lost = reached - {v} - nx.descendants(h, src)
        n = sum(1 for t in lost if kinds[t] == target_kind)
        if n:
            expected[v] = n
    df = net.critical(src, target_kind=target_kind, **kw)
    assert dict(zip(df["id"], df["cut_off"])) == expected
    assert list(df["cut_off"]) == sorted(df["cut_off"], reverse=True)
    assert df.attrs["targets_reachable"] == sum(1 for t in reached if kinds[t] == target_kind)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.randoms(use_true_random=False))
def test_is_ancestor_batch_matches_networkx(seed: int, rng: random.Random) -> None:
    net, edges = random_city(seed)
    tree = nx.DiGraph([(s, t) for s, t, k, _, _ in edges if k == "hierarchy"])
    ids = list(net.organisations()["id"])
    a = [rng.choice(ids) for _ in range(200)]
    b = [rng.choice(ids) for _ in range(200)]
    expected = np.array([y in nx.descendants(tree, x) if x in tree else False for x, y in zip(a, b)])
    by_id = net.is_ancestor(np.array(a, dtype=object), np.array(b, dtype=object))
    by_index = net.is_ancestor(net.index_of(a), net.index_of(b))
    assert by_id.dtype == np.bool_
    assert (by_id == expected).all() and (by_index == expected).all()
    assert net.is_ancestor(a[0], b[0]) == bool(expected[0])


def small() -> furong.Network:
    net = furong.Network()
    net.add_organisation("d", "district")
    net.add_organisation("ag", "agency", parent="d")
    net.add_organisation("s", "street", parent="d")
    net.add_organisation("c", "community", parent="s")
    net.add_organisation("k", "compound", parent="c")
    net.add_organisation("b", "building", parent="k")
    net.add_organisation("h", "household", parent="b")
    net.add_link("ag", "k", "pairing", since="2025-01-01", until="2025-06-30")
    return net


def test_hand_built_paths_and_dates() -> None:
    net = small()
    assert net.reachable("d", "h") == ReachablePath(5, ["d", "s", "c", "k", "b", "h"])
    assert net.reachable("h", "d") is None
    assert net.reachable("h", "d", undirected=True).hops == 5  # type: ignore[union-attr]
    assert net.reachable("d", "h", max_hops=4) is None
    assert net.reachable("ag", "h", via=["hierarchy", "pairing"], as_of="2025-03-01").hops == 3  # type: ignore[union-attr]
    assert net.reachable("ag", "h", via="hierarchy,pairing", as_of=datetime.date(2025, 7, 1)) is None
    assert net.reachable("h", "h", max_hops=0) == ReachablePath(0, ["h"])
    df = net.reach("d", max_hops=2)
    assert list(df["id"]) == ["d", "ag", "s", "c"] and list(df["hops"]) == [0, 1, 1, 2]
    assert list(df["kind"]) == ["district", "agency", "street", "community"]
    crit = net.critical("d")
    assert list(crit["id"]) == ["s", "c", "k", "b"] and set(crit["cut_off"]) == {1}


def test_escalation_path() -> None:
    net = small()
    net.add_organisation("a", "area", parent="c")
    net.add_organisation("g", "group", parent="a")
    net.add_organisation("n", "neighbourhood", parent="g")
    net.add_organisation("br", "branch", parent="k")
    net.add_link("h", "n", "contact")
    net.add_person("p1", "Leader")
    net.add_person("p2", "Secretary")
    net.add_person("p3", "Contact")
    net.add_role("p1", "n", "neighbour_leader", since="2025-01-01")
    net.add_role("p2", "br", "branch_secretary")
    net.add_role("p3", "ag", "unit_contact")
    e = net.escalation_path("h", as_of="2025-03-01")
    assert [s["org"] for s in e["steps"]] == ["h", "n", "g", "a", "c", "s", "d"]
    assert e["steps"][1]["role"] == "neighbour_leader" and e["steps"][1]["holders"] == ["p1"]
    assert e["providers"][0]["org"] == "ag" and e["providers"][0]["holders"] == ["p3"]
    assert e["via_contact"] and e["compound"] == "k" and not e["staffed"]  # group/area leaders missing
    e2 = net.escalation_path("b")
    assert [s["org"] for s in e2["steps"]] == ["b", "k", "br", "c", "s", "d"]
    assert e2["steps"][2]["holders"] == ["p2"]
    with pytest.raises(furong.ArgumentError):
        net.escalation_path("d")


def test_errors() -> None:
    net = small()
    with pytest.raises(KeyError, match="nowhere"):
        net.reachable("d", "nowhere")
    with pytest.raises(furong.UnknownIdError) as info:
        net.reach("ghost")
    assert info.value.id == "ghost"
    with pytest.raises(KeyError, match="ghost"):
        net.is_ancestor(["d", "ghost"], ["h", "h"])
    with pytest.raises(KeyError, match="ghost"):
        net.critical("ghost")
    with pytest.raises(KeyError, match="ghost"):
        net.escalation_path("ghost")
    for bad in (["hierarchy", "teleport"], "teleport", [], ""):
        with pytest.raises(ValueError):
            net.reachable("d", "h", via=bad)
        with pytest.raises(furong.ArgumentError):
            net.reach("d", via=bad)
    with pytest.raises(ValueError, match="max_hops"):
        net.reachable("d", "h", max_hops=-1)
    with pytest.raises(furong.ArgumentError):
        net.reach("d", max_hops=-2)
    for bad_date in ("2025-02-30", "2025/01/01", "yesterday", "2025-13-01"):
        with pytest.raises(furong.ArgumentError):
            net.reachable("d", "h", as_of=bad_date)
        with pytest.raises(ValueError):
            net.audit(as_of=bad_date)
    with pytest.raises(ValueError):
        net.critical("d", target_kind="planet")
    with pytest.raises(ValueError):
        net.is_ancestor(np.array([0, 1]), np.array([1]))
    with pytest.raises(ValueError):
        net.is_ancestor(np.array([0, 99]), np.array([1, 1]))


def test_synthetic_city_consistency() -> None:
    net = furong.synth.city(households=3000, seed=5)
    idx = net.index_of(["furong", "h1", "h2"])
    assert net.is_ancestor(idx[[0, 1]], idx[[1, 2]]).tolist() == [True, False]
    df = net.reach("furong")
    assert len(df) == len(net)  # the whole hierarchy hangs from the district
    hh = net.reach("furong", via="hierarchy,contact", max_hops=3, undirected=True)
    assert hh["hops"].max() <= 3
    crit = net.critical_people("2025-06-30")
    assert crit.attrs["single_contact_households"] == int(crit["households"].sum())


def test_id_column_is_a_categorical_equal_to_the_ids() -> None:
    import pandas as pd

    from furong import _core
    from furong.reachability import _ids

    net = furong.synth.city(households=800, seed=7)
    df = net.reach("furong", via="hierarchy,contact", undirected=True)
    r = _core.reach.reach(net.core, "furong", "hierarchy,contact", None, None, True)
    old = np.array(_ids(net, r.index), dtype=object)  # the column as it was built before
    assert isinstance(df["id"].dtype, pd.CategoricalDtype)
    assert df["id"].astype(object).tolist() == old.tolist()
    assert df["id"].iloc[0] == "furong" and isinstance(df["id"].iloc[0], str)
    assert list(df.columns) == ["id", "kind", "hops"]
    assert (df["id"] == "h1").sum() == 1
    # One categories array per network revision, shared by every result.
    again = net.reach("h1", via="hierarchy,contact", undirected=True, max_hops=2)
    assert again["id"].cat.categories is df["id"].cat.categories
    assert len(df["id"].cat.categories) == len(net)
    crit = net.critical("furong")
    assert crit["id"].cat.categories is df["id"].cat.categories
    # An edit makes new categories (ids of the new revision), old frames keep theirs.
    net.add_organisation("zz-new", "agency", parent="furong")
    after = net.reach("furong", max_hops=1)
    assert "zz-new" in set(after["id"]) and len(after["id"].cat.categories) == len(net)
    assert df["id"].astype(object).tolist() == old.tolist()


def test_is_ancestor_batches_in_place_and_checks_bounds() -> None:
    net = small()
    n = len(net)
    rng = np.random.default_rng(3)
    a, b = rng.integers(0, n, 500), rng.integers(0, n, 500)
    expect = [net.is_ancestor(net.id_of(x), net.id_of(y)) for x, y in zip(a.tolist(), b.tolist())]
    assert net.is_ancestor(a, b).tolist() == expect                                        # int64, in place
    assert net.is_ancestor(a.astype(np.int32), b.astype(np.int32)).tolist() == expect      # int32, in place
    assert net.is_ancestor(a.astype(np.uint16), b.astype(np.uint16)).tolist() == expect    # converted copy
    assert net.is_ancestor(np.repeat(a, 2)[::2], b).tolist() == expect                     # strided: copy
    assert net.is_ancestor(a[:0], b[:0]).tolist() == []
    for bad in (np.array([0, -1]), np.array([0, n]), np.array([0, -1], dtype=np.int32)):
        with pytest.raises(furong.ArgumentError, match="out of range"):
            net.is_ancestor(bad, np.array([0, 0], dtype=bad.dtype))
        with pytest.raises(furong.ArgumentError, match="out of range"):
            net.is_ancestor(np.array([0, 0], dtype=bad.dtype), bad)
    with pytest.raises(furong.ArgumentError):
        net.is_ancestor(np.zeros((2, 2), dtype=np.int64), np.zeros((2, 2), dtype=np.int64))
    with pytest.raises(furong.ArgumentError, match="differ in length"):
        net.is_ancestor(np.array([0, 1], dtype=np.int32), np.array([1], dtype=np.int32))


def test_benchmark_runs_at_a_tiny_size(capsys: pytest.CaptureFixture) -> None:
    """CI runs bench/bench_reachability.py --tiny (reach beside scipy's breadth_first_order,
    is_ancestor beside a numpy gather; answers checked equal inside the benchmark)."""
    import importlib.util
    from pathlib import Path

    pytest.importorskip("scipy")
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_reachability.py"
    spec = importlib.util.spec_from_file_location("bench_reachability", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--tiny", "--no-rustworkx"]) == 0
    out = capsys.readouterr().out
    assert "scipy_ratio=" in out and "gather_ratio=" in out
