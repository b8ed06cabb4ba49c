"""Planning: brute force against every partition of small candidate sets, validity of the
heuristic on large synthetic cities, policies, what-if, writing plans back, CLI and bad input."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import furong
from furong import plan
from furong.cli import main

# ---- brute force ------------------------------------------------------------------------

Edge = Tuple[int, int]


def set_partitions(items: Sequence[int]) -> Iterator[List[List[int]]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for p in set_partitions(rest):
        for i in range(len(p)):
            yield p[:i] + [[first] + p[i]] + p[i + 1:]
        yield [[first]] + p


def connected(block: Sequence[int], adj: Dict[int, Set[int]]) -> bool:
    seen = {block[0]}
    stack = [block[0]]
    inside = set(block)
    while stack:
        u = stack.pop()
        for v in adj[u] & inside:
            if v not in seen:
                seen.add(v)
                stack.append(v)
    return len(seen) == len(inside)


def components(n: int, adj: Dict[int, Set[int]]) -> List[List[int]]:
    seen: Set[int] = set()
    out = []
    for s in range(n):
        if s in seen:
            continue
        comp = [s]
        seen.add(s)
        for u in comp:
            for v in sorted(adj[u]):
                if v not in seen:
                    seen.add(v)
                    comp.append(v)
        out.append(sorted(comp))
    return out


def best_of_component(comp: List[int], w: List[int], adj: Dict[int, Set[int]], t: int) -> Optional[Tuple[int, int]]:
    """(max groups, min heaviest group) over every valid partition, None when below t."""
    if sum(w[v] for v in comp) < t:
        return None
    best: Optional[Tuple[int, int]] = None
    for p in set_partitions(comp):
        if all(sum(w[v] for v in b) >= t and connected(b, adj) for b in p):
            key = (len(p), -max(sum(w[v] for v in b) for b in p))
            if best is None or key > best:
                best = key
    assert best is not None  # the whole component is valid
    return best[0], -best[1]


@st.composite
def instances(draw: st.DrawFn) -> Tuple[List[int], List[Edge], int]:
    n = draw(st.integers(1, 8))
    w = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    edges = draw(st.lists(st.sampled_from(pairs), max_size=len(pairs), unique=True)) if pairs else []
    # either direction, as adjacent links may run
    edges = [(b, a) if draw(st.booleans()) else (a, b) for a, b in edges]
    t = draw(st.integers(0, 9))
    return w, edges, t


@settings(max_examples=250, deadline=None)
@given(instances())
def test_partition_matches_brute_force(inst: Tuple[List[int], List[Edge], int]) -> None:
    w, edges, t = inst
    n = len(w)
    ids = {f"c{i}": w[i] for i in range(n)}
    p = plan.partition(ids, [(f"c{a}", f"c{b}") for a, b in edges], t)
    assert p.optimal
    adj: Dict[int, Set[int]] = {i: set() for i in range(n)}
    for a, b in edges:
        adj[a].add(b)
        adj[b].add(a)
    groups = [[int(c[1:]) for c in g] for g in p.groups["compounds"]]
    uncovered = {int(c[1:]) for c in p.uncovered}
    # a partition of the covered candidates into connected groups reaching the threshold
    flat = [v for g in groups for v in g]
    assert len(flat) == len(set(flat)) and set(flat) | uncovered == set(range(n)) and not set(flat) & uncovered
    for g, weight in zip(groups, p.groups["weight"]):
        assert connected(g, adj) and sum(w[v] for v in g) == weight >= t
    for comp in components(n, adj):
        best = best_of_component(comp, w, adj, t)
        mine = [g for g in groups if g[0] in comp]
        if best is None:
            assert set(comp) <= uncovered and not mine
        else:
            assert (len(mine), max(sum(w[v] for v in g) for g in mine)) == best


def test_partition_through_a_network_matches_the_plain_partition() -> None:
    net = small_district()
    b = plan.branches(net)
    assert b.groups["compounds"].tolist() == [["k1", "k2"], ["k3", "k4"], ["k5"], ["k8", "k9"]]
    assert b.uncovered == ["k6", "k7"]
    assert b.groups["scope"].tolist() == ["c1", "c1", "c1", "c3"]
    assert b.groups["joint"].tolist() == [True, True, False, True]


# ---- hand-built network -------------------------------------------------------------------

def small_district() -> furong.Network:
    """furong > s1 > c1 (k1..k5), c2 (k6, k7); s2 > c3 (k8, k9)."""
    net = furong.Network()
    net.add_organisation("furong", "district", "D")
    net.add_organisation("s1", "street", "S1", parent="furong")
    net.add_organisation("s2", "street", "S2", parent="furong")
    net.add_organisation("c1", "community", "C1", parent="s1")
    net.add_organisation("c2", "community", "C2", parent="s1")
    net.add_organisation("c3", "community", "C3", parent="s2")
    party = [2, 1, 1, 2, 5, 1, 1, 0, 4]
    households = [100, 150, 120, 200, 90, 300, 50, 310, 20]
    types = ["old", "old", "old", "commercial", "old", "old", "work_unit", "old", "resettlement"]
    parents = ["c1"] * 5 + ["c2"] * 2 + ["c3"] * 2
    for i in range(9):
        net.add_organisation(f"k{i + 1}", "compound", f"K{i + 1}", parent=parents[i], compound_type=types[i],
                             households=households[i], party_members=party[i])
    for a, b in [("k1", "k2"), ("k3", "k2"), ("k3", "k4"), ("k4", "k6"), ("k6", "k7"), ("k8", "k9")]:
        net.add_link(a, b, "adjacent")
    return net


def test_property_areas_and_dates() -> None:
    net = small_district()
    net.add_organisation("pc1", "property_company", "PC", parent="s1")
    net.add_link("pc1", "k5", "serves")
    net.add_link("pc1", "k2", "serves", since="2020-01-01", until="2023-12-31")
    p = plan.property_areas(net, as_of="2025-01-01", min_households=300)
    assert p.to_dict() == {"groups": [{"compounds": ["k1", "k2", "k3"], "weight": 370},
                                      {"compounds": ["k6"], "weight": 300}, {"compounds": ["k8"], "weight": 310}],
                           "uncovered": [], "optimal": True}
    early = plan.property_areas(net, as_of="2022-01-01", min_households=300)
    assert early.uncovered == ["k1", "k3"]
    assert list(early.to_dict()) == list(plan.PLAN_JSON_KEYS)


def test_bad_input_is_a_clear_error() -> None:
    net = small_district()
    with pytest.raises(furong.ArgumentError, match="threshold"):
        plan.branches(net, threshold=-1)
    with pytest.raises(ValueError, match="min_households"):
        plan.property_areas(net, min_households=-300)
    with pytest.raises(furong.ArgumentError, match="negative"):
        plan.partition({"a": -1, "b": 2}, [("a", "b")], 1)
    with pytest.raises(furong.ArgumentError, match="threshold"):
        plan.partition({"a": 1}, [], -2)
    with pytest.raises(furong.UnknownIdError) as e:
        plan.partition({"a": 1, "b": 2}, [("a", "outside")], 1)
    assert e.value.id == "outside" and isinstance(e.value, KeyError)
    with pytest.raises(furong.ArgumentError):
        plan.branches(net, exact_limit=40)
    with pytest.raises(furong.ArgumentError, match="bad date"):
        plan.branches(net, as_of="2025-02-30")
    with pytest.raises(furong.UnknownIdError) as e2:
        net.without(["k1", "ghost"], "2025-01-01")
    assert e2.value.id == "ghost" and "ghost" in str(e2.value)
    with pytest.raises(furong.ArgumentError):
        net.without(["k1"], None)


def test_without_ends_links_and_roles_from_the_date() -> None:
    net = small_district()
    net.add_organisation("pc1", "property_company", "PC", parent="s1")
    net.add_link("pc1", "k1", "serves")
    net.add_person("p1", "P")
    net.add_role("p1", "pc1", "property_manager")
    after = net.without("pc1", "2025-06-01")
    serves = after.links()
    serves = serves[serves["kind"] == "serves"]
    assert str(serves["until"].iloc[0])[:10] == "2025-05-31"
    assert str(after.roles()["until"].iloc[0])[:10] == "2025-05-31"
    assert net.links()["until"].isna().all()  # the original is untouched
    before = plan.property_areas(net, "2025-06-01").stats["candidates"]
    assert plan.property_areas(after, "2025-06-01").stats["candidates"] == before + 1
    assert plan.property_areas(after, "2025-05-31").stats["candidates"] == before


def test_policy_gaps_per_type() -> None:
    net = small_district()
    net.add_organisation("br4", "branch", "B", parent="k4")
    net.add_organisation("oc4", "owners_committee", "OC", parent="k4")
    net.add_organisation("pc1", "property_company", "PC", parent="s1")
    for s, t, k in [("br4", "k4", "covers"), ("oc4", "k4", "represents"), ("pc1", "k4", "serves"),
                    ("pc1", "k1", "serves")]:
        net.add_link(s, t, k)
    net.add_organisation("ag", "agency", "A", parent="furong")
    net.add_link("ag", "k7", "pairing", since="2024-01-01")
    net.add_organisation("t9", "team", "K9自治委员会", parent="k9")
    net.add_person("p1")
    net.add_role("p1", "t9", "team_member", since="2024-03-01")
    gaps = net.policy_gaps("2025-06-15")
    assert list(gaps.columns) == ["compound", "compound_type", "check", "status", "description"]
    got = set(zip(gaps["compound"], gaps["check"], gaps["status"]))
    # br4 serves k4 alone, 2 party members: too few for a valid branch (the one three-party
    # rule of domain/three_party.hpp, the audit's too), so three_party_complete fails.
    assert {g["compound"] for g in net.audit("2025-06-15")["three_party_gaps"]} >= {"k4"}
    assert got == {("k2", "property_coverage", "failed"), ("k3", "property_coverage", "failed"),
                   ("k4", "three_party_complete", "failed"),
                   ("k4", "monthly_joint_meetings", "unknown"), ("k5", "property_coverage", "failed"),
                   ("k6", "property_coverage", "failed"), ("k7", "public_income_plan", "failed"),
                   ("k8", "property_coverage", "failed")}
    assert all(gaps["description"].str.len() > 0)
    early = set(zip(net.policy_gaps("2023-06-15")["compound"], net.policy_gaps("2023-06-15")["check"]))
    assert ("k7", "responsible_unit_paired") in early and ("k9", "self_governance_team") in early
    # meetings: March..May for 2025-06-15
    import pandas as pd

    m = pd.DataFrame({"kind": ["joint", "joint", "night_talk"], "date": ["2025-03-02", "2025-04-09", "2025-05-02"],
                      "org": ["k4", "k4", "k4"]})
    g = net.policy_gaps("2025-06-15", meetings=m)
    assert ("k4", "monthly_joint_meetings", "failed") in set(zip(g["compound"], g["check"], g["status"]))
    g = net.policy_gaps("2025-06-15", meetings=m, meeting_months=2)
    assert ("k4", "monthly_joint_meetings", "failed") in set(zip(g["compound"], g["check"], g["status"]))
    m.loc[2, "kind"] = "joint"
    g = net.policy_gaps("2025-06-15", meetings=m)
    assert "monthly_joint_meetings" not in set(g["check"])


def test_policy_table_is_editable(tmp_path: Path) -> None:
    net = small_district()
    own = tmp_path / "mine.csv"
    own.write_text("compound_type,check,description\nold,self_governance_team,teams everywhere\n", encoding="utf-8")
    gaps = net.policy_gaps(policies=own)
    assert set(gaps["check"]) == {"self_governance_team"} and set(gaps["compound_type"]) == {"old"}
    bad = tmp_path / "bad.csv"
    bad.write_text("compound_type,check,description\nold,has_garden,x\n", encoding="utf-8")
    with pytest.raises(furong.InputError) as e:
        plan.load_policies(bad)
    assert e.value.line == 2 and e.value.column == 2 and "has_garden" in str(e.value)
    bad.write_text("compound_type,check\nvilla,property_coverage\n", encoding="utf-8")
    with pytest.raises(furong.InputError, match="villa"):
        net.policy_gaps(policies=bad)
    shipped = plan.load_policies()
    assert set(shipped["check"]) == set(plan.POLICY_CHECKS)


def test_apply_branch_plan_covers_every_planned_compound() -> None:
    net = small_district()
    net.add_organisation("brj", "branch", "BJ", parent="c1")
    for c in ("k1", "k2", "k3"):
        net.add_link("brj", c, "covers")
    p = plan.branches(net)
    added = p.apply(net, "2026-01-01")
    assert added == ["br-c1-joint", "br-c1-joint-2", "br-k5", "br-c3-joint"]
    assert plan.branches(net, "2026-01-01").apply(net, "2026-01-01") == []  # idempotent
    audit = net.audit("2026-01-01")
    assert sorted(audit["compounds_without_branch"]) == ["k6", "k7"]
    with pytest.raises(furong.ArgumentError):
        p.apply(net, None)
    with pytest.raises(furong.ArgumentError):
        plan.partition([1], [], 1).apply(net, "2026-01-01")


def test_apply_property_plan() -> None:
    net = small_district()
    p = plan.property_areas(net, "2025-01-01", min_households=300)
    added = p.apply(net, "2025-01-01")
    assert added == ["pc-area-s1", "pc-area-s1-2", "pc-area-s2"]
    again = plan.property_areas(net, "2025-01-01", min_households=300)
    assert again.stats["candidates"] == 1 and again.uncovered == ["k5"]  # 90 households, alone
    gaps = net.policy_gaps("2025-01-01")
    assert gaps.loc[gaps["check"] == "property_coverage", "compound"].tolist() == ["k5"]


def test_refused_apply_changes_nothing() -> None:
    import pandas as pd

    net = small_district()
    net.add_organisation("brj", "branch", "BJ", parent="c1")
    net.add_link("brj", "k1", "covers")
    before = (net.revision, len(net.organisations()), net.links().to_dict("list"))
    for kind, groups, error in [("branches", [["k1", "k2"], ["c1"]], furong.ModelError),
                                ("branches", [["k1"], ["k2", "k1"]], furong.ModelError),
                                ("branches", [["k1"], ["ghost"]], furong.UnknownIdError),
                                ("property_areas", [["k1", "k2"], ["c1"]], furong.ModelError)]:
        p = plan.branches(net) if kind == "branches" else plan.property_areas(net)
        p.groups = pd.DataFrame({"compounds": pd.Series(groups, dtype=object), "weight": [0] * len(groups)})
        with pytest.raises(error):
            p.apply(net, "2026-01-01")
        assert (net.revision, len(net.organisations()), net.links().to_dict("list")) == before, (kind, groups)


# ---- bundled district and synthetic cities ------------------------------------------------

@pytest.fixture(scope="module")
def district() -> furong.Network:
    return furong.datasets.furong()


def check_valid(net: furong.Network, p: plan.Plan, as_of: Optional[str], candidates: Set[str]) -> None:
    links = net.links()
    adj = links[links["kind"] == "adjacent"]
    if as_of is not None:
        import numpy as np

        day = np.datetime64(as_of, "D")
        adj = adj[(adj["since"].isna() | (adj["since"] <= day)) & (adj["until"].isna() | (adj["until"] >= day))]
    nbrs: Dict[str, Set[str]] = {}
    for a, b in zip(adj["source"], adj["target"]):
        nbrs.setdefault(a, set()).add(b)
        nbrs.setdefault(b, set()).add(a)
    seen: Set[str] = set()
    for members, weight in zip(p.groups["compounds"], p.groups["weight"]):
        assert weight >= p.threshold
        assert not seen & set(members)
        seen |= set(members)
        inside, reached, stack = set(members), {members[0]}, [members[0]]
        while stack:
            for v in nbrs.get(stack.pop(), set()) & inside:
                if v not in reached:
                    reached.add(v)
                    stack.append(v)
        assert reached == inside
    assert seen.isdisjoint(p.uncovered) and seen | set(p.uncovered) == candidates


def test_bundled_district_plans(district: furong.Network) -> None:
    orgs = district.organisations()
    compounds = set(orgs.loc[orgs["kind"] == "compound", "id"])
    b = plan.branches(district, "2025-06-01")
    check_valid(district, b, "2025-06-01", compounds)
    assert b.stats["candidates"] == 1173
    # every compound of a community with >= 3 party members in all is covered
    p = plan.property_areas(district, "2025-06-01")
    assert p.stats["candidates"] == 495
    assert p.optimal
    old = orgs[(orgs["kind"] == "compound") & (orgs["compound_type"] == "old")]
    served = set(district.links().query("kind == 'serves'")["target"])
    check_valid(district, p, "2025-06-01", set(old["id"]) - served)


@pytest.mark.parametrize("seed", [1, 2])
def test_heuristic_is_valid_on_large_synthetic_cities(seed: int) -> None:
    # Big communities make components beyond the exact limit.
    net = furong.synth.city(households=60_000, seed=seed, household_nodes=False, households_per_community=15_000)
    b = plan.branches(net)
    assert b.stats["heuristic_components"] > 0 and not b.optimal
    orgs = net.organisations()
    check_valid(net, b, None, set(orgs.loc[orgs["kind"] == "compound", "id"]))
    p = plan.property_areas(net, min_households=200)
    old = orgs[(orgs["kind"] == "compound") & (orgs["compound_type"] == "old")]
    served = set(net.links().query("kind == 'serves'")["target"])
    check_valid(net, p, None, set(old["id"]) - served)


def test_whatif_reports_lost_contacts(district: furong.Network) -> None:
    leader = district.roles().query("org == 'nb-wenyilu-01-001' and role == 'neighbour_leader'")["person"].iloc[-1]
    r = plan.whatif(district, [leader], "2025-06-01")
    lost = r["audit"]["households_without_contact"]
    assert lost["after"] - lost["before"] == len(lost["new"]) > 0
    links = district.links()
    joint = links[(links["kind"] == "covers") & links["source"].str.contains("-j")]
    branch = joint["source"].iloc[0]
    covered = set(joint.loc[joint["source"] == branch, "target"])
    r2 = plan.whatif(district, [branch], "2025-06-01")
    assert covered <= set(r2["audit"]["compounds_without_branch"]["new"])
    with pytest.raises(furong.UnknownIdError, match="ghost"):
        plan.whatif(district, ["ghost"], "2025-06-01")


def test_whatif_matches_an_independent_comparison(district: furong.Network) -> None:
    """The C++ what-if (domain/whatif.hpp) against the comparison written out in Python from
    the public functions it combines."""
    from furong import match, reachability

    links = district.links()
    joint = links.loc[(links["kind"] == "covers") & links["source"].str.contains("-j"), "source"].iloc[0]
    leader = district.roles().query("role == 'neighbour_leader'")["person"].iloc[3]
    company = links.loc[links["kind"] == "serves", "source"].iloc[0]
    ids, day = [joint, leader, company], "2025-06-01"
    r = plan.whatif(district, ids, day)
    after = district.without(ids, day)
    a0, a1 = reachability.audit(district, day), reachability.audit(after, day)
    for key in ("households_without_contact", "compounds_without_branch", "compounds_without_pairing",
                "buildings_without_leader", "grids_without_worker"):
        b, a = set(a0[key]), set(a1[key])
        assert r["audit"][key] == {"before": len(b), "after": len(a), "new": [i for i in a1[key] if i not in b],
                                   "restored": [i for i in a0[key] if i not in a]}, key
    t0 = {g["compound"]: g["missing"] for g in a0["three_party_gaps"]}
    t1 = {g["compound"]: g["missing"] for g in a1["three_party_gaps"]}
    assert r["audit"]["three_party_gaps"] == {"before": len(t0), "after": len(t1), "new": [c for c in t1 if c not in t0],
                                              "changed": [c for c in t1 if c in t0 and t1[c] != t0[c]],
                                              "restored": [c for c in t0 if c not in t1]}
    assert r["audit"]["compounds_without_branch"]["new"]  # the comparison sees something
    c0, c1 = reachability.critical_people(district, day), reachability.critical_people(after, day)
    assert r["single_points_of_failure"] == {
        "before": c0.attrs["single_contact_households"], "after": c1.attrs["single_contact_households"],
        "people_before": len(c0), "people_after": len(c1), "new_people": sorted(set(c1["person"]) - set(c0["person"]))}
    for key, fn in (("branch_plan", plan.branches), ("property_plan", plan.property_areas)):
        for side, net in (("before", district), ("after", after)):
            p = fn(net, day)
            assert r[key][side] == {"groups": len(p.groups), "joint": int(p.groups["joint"].sum()),
                                    "uncovered": len(p.uncovered), "optimal": p.optimal}, (key, side)
    assert r["co_building_total"] == {"before": match.optimal_total(district, day),
                                      "after": match.optimal_total(after, day)}


# ---- CLI ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def city_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    d = tmp_path_factory.mktemp("city")
    furong.synth.city(households=3000, seed=5).save(d)
    return str(d)


@pytest.mark.parametrize("args", [["plan", "branches"], ["plan", "property", "--min-households", "200"]])
def test_cli_json_keys(city_dir: str, args: List[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args[:2] + [city_dir] + args[2:] + ["--json", "--as-of", "2025-06-30"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["groups", "uncovered", "optimal"]
    assert all(list(g) == ["compounds", "weight"] for g in out["groups"])
    assert isinstance(out["optimal"], bool)


def test_cli_text_and_whatif(city_dir: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "branches", city_dir]) == 0
    assert "groups" in capsys.readouterr().out
    assert main(["plan", "policy", city_dir, "--as-of", "2025-06-30"]) == 0
    assert "policy gaps" in capsys.readouterr().out
    assert main(["whatif", city_dir, "--remove", "pc1,n1", "--as-of", "2025-06-30", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["removed"] == ["pc1", "n1"] and "households_without_contact" in r["audit"]
    assert main(["whatif", city_dir, "--remove", "pc1", "--as-of", "2025-06-30"]) == 0
    assert "what if pc1" in capsys.readouterr().out


def test_cli_bad_input(city_dir: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["whatif", city_dir, "--remove", "pc1,nobody-here", "--as-of", "2025-06-30"]) == 1
    assert "nobody-here" in capsys.readouterr().err
    assert main(["plan", "property", city_dir, "--min-households", "-5"]) == 1
    assert "min_households" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["plan", "property", city_dir, "--min-households", "lots"])
