"""furong.match: the optimal plan against networkx min-cost flow and brute force, stable
matching against reference implementations, bad input, the CLI and apply."""

from __future__ import annotations

import datetime
import itertools
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import furong
from furong import match

DAY = datetime.date(2025, 6, 1)
RESOURCES = ["canteen", "fire", "reading", "legal", "parking"]


# ---- random instances -------------------------------------------------------------------

class Instance:
    """A random district plus the plain data the oracles read (never the network)."""

    def __init__(self, data: Any, n_providers: int, n_compounds: int, with_kept: bool) -> None:
        self.net = furong.Network()
        net = self.net
        net.add_organisation("d", "district", "D")
        for s in range(2):
            net.add_organisation(f"s{s}", "street", parent="d")
            net.add_organisation(f"m{s}", "community", parent=f"s{s}")
        self.providers: List[str] = []
        self.capacity: Dict[str, int] = {}
        self.street: Dict[str, Optional[int]] = {}
        self.offers: Dict[str, Dict[str, float]] = {}
        for i in range(n_providers):
            pid = f"p{i}"
            agency = data.draw(st.booleans())
            street = data.draw(st.integers(0, 1))
            cap = data.draw(st.one_of(st.none(), st.integers(0, 4)))
            net.add_organisation(pid, "agency" if agency else "unit", parent="d" if agency else f"s{street}",
                                 capacity=cap)
            self.providers.append(pid)
            self.capacity[pid] = 1 if cap is None else cap
            self.street[pid] = None if agency else street
            self.offers[pid] = {}
            for r in data.draw(st.sets(st.sampled_from(RESOURCES), max_size=3)):
                a = data.draw(st.integers(1, 6))
                net.add_offer(pid, r, a)
                self.offers[pid][r] = a
        self.compounds: List[str] = []
        self.needs: Dict[str, Dict[str, int]] = {}
        self.cstreet: Dict[str, int] = {}
        for j in range(n_compounds):
            cid = f"c{j}"
            street = data.draw(st.integers(0, 1))
            net.add_organisation(cid, "compound", parent=f"m{street}")
            self.compounds.append(cid)
            self.cstreet[cid] = street
            self.needs[cid] = {}
            for r in data.draw(st.sets(st.sampled_from(RESOURCES), max_size=3)):
                pr = data.draw(st.integers(1, 5))
                net.add_need(cid, r, pr)
                self.needs[cid][r] = pr
        self.kept: Set[Tuple[str, str]] = set()
        if with_kept and n_providers and n_compounds:
            for _ in range(data.draw(st.integers(0, max(1, n_compounds // 3)))):
                p = data.draw(st.sampled_from(self.providers))
                c = data.draw(st.sampled_from(self.compounds))
                if (p, c) in self.kept:
                    continue
                if data.draw(st.booleans()):
                    net.add_link(p, c, "pairing", since="2024-01-01")  # active on DAY
                    self.kept.add((p, c))
                else:
                    net.add_link(p, c, "pairing", since="2020-01-01", until="2021-01-01")  # expired

    def score(self, p: str, c: str) -> int:
        return sum(int(self.needs[c][r] * a) for r, a in self.offers[p].items() if r in self.needs[c])

    def eligible(self, same_street: bool = False) -> Dict[Tuple[str, str], int]:
        out = {}
        for p in self.providers:
            if self.capacity[p] == 0:
                continue
            for c in self.compounds:
                if same_street and self.street[p] is not None and self.street[p] != self.cstreet[c]:
                    continue
                w = self.score(p, c)
                if w > 0 and (p, c) not in self.kept:
                    out[(p, c)] = w
        return out


def nx_oracle(inst: Instance, mpc: int, cover_first: bool, same_street: bool = False) -> Tuple[int, int]:
    """(total score, compounds covered) of the optimum by networkx max_flow_min_cost."""
    el = inst.eligible(same_street)
    big = 1 + sum(el.values())
    kept_p = {p: 0 for p in inst.providers}
    kept_c = {c: 0 for c in inst.compounds}
    for p, c in inst.kept:
        kept_p[p] += 1
        kept_c[c] += 1
    g = nx.DiGraph()
    for c in inst.compounds:
        room = max(0, mpc - kept_c[c])
        if room == 0:
            continue
        g.add_edge("s", ("c", c), capacity=room, weight=0)
        if cover_first and kept_c[c] == 0:
            if room > 1:
                g.add_edge(("c", c), "t", capacity=room - 1, weight=0)
            g.add_edge(("c", c), ("b", c), capacity=1, weight=big)
            g.add_edge(("b", c), "t", capacity=1, weight=0)
        else:
            g.add_edge(("c", c), "t", capacity=room, weight=0)
    for p in inst.providers:
        room = max(0, inst.capacity[p] - kept_p[p])
        if room:
            g.add_edge(("p", p), "t", capacity=room, weight=0)
    for (p, c), w in el.items():
        if g.has_node(("c", c)) and g.has_node(("p", p)):
            g.add_edge(("c", c), ("p", p), capacity=1, weight=-w)
    if "s" not in g:
        return 0, sum(1 for c in inst.compounds if kept_c[c])
    flow = nx.max_flow_min_cost(g, "s", "t")
    total = 0
    covered = {c for c in inst.compounds if kept_c[c]}
    for (p, c), w in el.items():
        if flow.get(("c", c), {}).get(("p", p), 0):
            total += w
            covered.add(c)
    return total, len(covered)


def brute_force(inst: Instance, cover_first: bool) -> Tuple[int, int]:
    """Optimum with max_per_compound = 1 by enumerating every choice per compound."""
    el = inst.eligible()
    room = {p: inst.capacity[p] - sum(1 for q, _ in inst.kept if q == p) for p in inst.providers}
    has = {c: any(d == c for _, d in inst.kept) for c in inst.compounds}
    best = (-1, -1)
    options = [[None] + ([] if has[c] else [p for p in inst.providers if (p, c) in el]) for c in inst.compounds]
    for choice in itertools.product(*options):
        load: Dict[str, int] = {}
        ok = True
        for p in choice:
            if p is not None:
                load[p] = load.get(p, 0) + 1
                ok = ok and load[p] <= room[p]
        if not ok:
            continue
        score = sum(el[(p, c)] for p, c in zip(choice, inst.compounds) if p is not None)
        cov = sum(1 for p, c in zip(choice, inst.compounds) if p is not None or has[c])
        key = (cov, score) if cover_first else (0, score)
        best = max(best, key)
    return best[1], best[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), st.integers(0, 25), st.integers(0, 120), st.booleans(), st.booleans(), st.integers(1, 3),
       st.booleans())
def test_total_equals_networkx_min_cost_flow(data: Any, n_p: int, n_c: int, with_kept: bool, cover_first: bool,
                                             mpc: int, same_street: bool) -> None:
    inst = Instance(data, n_p, n_c, with_kept)
    plan = match.co_building(inst.net, as_of=DAY, max_per_compound=mpc, cover_first=cover_first,
                             same_street=same_street)
    total, covered = nx_oracle(inst, mpc, cover_first, same_street)
    assert math.isclose(plan.total_score, total, rel_tol=1e-9, abs_tol=1e-9)
    if cover_first:
        assert plan.compounds_covered == covered
    # The plan itself is feasible and its scores and reasons are right.
    assert set(zip(plan.kept["provider"], plan.kept["compound"])) == inst.kept
    el = inst.eligible(same_street)
    load: Dict[str, int] = {}
    per_c: Dict[str, int] = {}
    for p, c in inst.kept:
        load[p] = load.get(p, 0) + 1
        per_c[c] = per_c.get(c, 0) + 1
    for p, c, s, why in zip(plan.pairs["provider"], plan.pairs["compound"], plan.pairs["score"], plan.pairs["reasons"]):
        assert (p, c) in el and el[(p, c)] == s
        assert sum(r["priority"] * r["amount"] for r in why) == s
        assert {r["resource"] for r in why} == set(inst.offers[p]) & set(inst.needs[c])
        load[p] = load.get(p, 0) + 1
        per_c[c] = per_c.get(c, 0) + 1
    assert all(load[p] <= max(inst.capacity[p], sum(1 for q, _ in inst.kept if q == p)) for p in load)
    assert all(n <= max(mpc, sum(1 for _, d in inst.kept if d == c)) for c, n in per_c.items())
    # Unmatched compounds: exactly those without any partner, with the right reason.
    partnered = set(per_c)
    assert set(plan.unmatched["compound"]) == set(inst.compounds) - partnered
    for c, why in zip(plan.unmatched["compound"], plan.unmatched["why"]):
        has_eligible = any(d == c for _, d in el)
        assert why == ("providers_full" if has_eligible else "no_eligible_provider")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(1, 3), st.integers(1, 5), st.booleans(), st.booleans())
def test_tiny_instances_equal_brute_force(data: Any, n_p: int, n_c: int, with_kept: bool, cover_first: bool) -> None:
    inst = Instance(data, n_p, n_c, with_kept)
    plan = match.co_building(inst.net, as_of=DAY, cover_first=cover_first)
    score, covered = brute_force(inst, cover_first)
    assert plan.total_score == score
    if cover_first:
        assert plan.compounds_covered == covered


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(1, 10), st.integers(1, 30))
def test_score_table_forms_agree(data: Any, n_p: int, n_c: int) -> None:
    inst = Instance(data, n_p, n_c, False)
    ps, cs = match.providers(inst.net), match.compounds(inst.net)
    m = np.array([[inst.score(p, c) for c in cs] for p in ps], dtype=float)
    base = match.co_building(inst.net, as_of=DAY)
    by_matrix = match.co_building(inst.net, as_of=DAY, scores=m)
    by_frame = match.co_building(inst.net, as_of=DAY, scores=pd.DataFrame(m, index=ps, columns=cs))
    long = pd.DataFrame([(p, c, m[i, j]) for i, p in enumerate(ps) for j, c in enumerate(cs)],
                        columns=["provider", "compound", "score"])
    by_long = match.co_building(inst.net, as_of=DAY, scores=long)
    assert base.total_score == by_matrix.total_score == by_frame.total_score == by_long.total_score
    assert all(len(r) == 0 for r in by_long.pairs["reasons"])


def test_forbidden_pairs_are_never_proposed() -> None:
    net = furong.datasets.furong()
    plan = match.co_building(net, as_of="2025-10-24")
    ban = plan.pairs[["provider", "compound"]].head(20)
    again = match.co_building(net, as_of="2025-10-24", forbidden=ban)
    banned = set(zip(ban["provider"], ban["compound"]))
    assert not banned & set(zip(again.pairs["provider"], again.pairs["compound"]))
    assert again.total_score <= plan.total_score
    same = match.co_building(net, as_of="2025-10-24", forbidden=list(banned))
    assert same.total_score == again.total_score


def test_same_street_keeps_units_in_their_street() -> None:
    net = furong.datasets.furong()
    orgs = net.organisations().set_index("id")
    plan = match.co_building(net, as_of="2025-10-24", same_street=True)

    def street(i: str) -> Optional[str]:
        while i is not None and not pd.isna(i):
            if orgs.loc[i, "kind"] == "street":
                return i
            i = orgs.loc[i, "parent"]
        return None

    for p, c in zip(plan.pairs["provider"], plan.pairs["compound"]):
        if orgs.loc[p, "kind"] == "unit" and street(p) is not None:
            assert street(p) == street(c)
    assert plan.total_score <= match.co_building(net, as_of="2025-10-24").total_score


def test_bundled_district_and_apply() -> None:
    net = furong.datasets.furong()
    plan = match.co_building(net, as_of="2025-10-24")
    assert len(plan.pairs) > 0 and len(plan.kept) > 0
    assert plan.compounds_covered + len(plan.unmatched) == plan.compounds == 1173
    assert math.isclose(plan.total_score, float(plan.pairs["score"].sum()))
    before = len(net.links())
    assert plan.apply(net, "2025-11-01") == len(plan.pairs)
    links = net.links()
    assert len(links) == before + len(plan.pairs)
    new = links.iloc[before:]
    assert (new["kind"].astype(str) == "pairing").all()
    assert list(new["source"]) == list(plan.pairs["provider"])
    assert (pd.to_datetime(new["since"]) == pd.Timestamp("2025-11-01")).all()
    after = match.co_building(net, as_of="2025-11-01")
    kept = set(zip(after.kept["provider"], after.kept["compound"]))
    assert set(zip(plan.pairs["provider"], plan.pairs["compound"])) <= kept
    with pytest.raises(furong.ArgumentError, match="since"):
        plan.apply(net, None)


def test_as_of_none_is_no_date_filter() -> None:
    net = furong.datasets.furong()
    plan = match.co_building(net)
    assert plan.as_of is None
    links = net.links()
    pairing = links[links["kind"].astype(str) == "pairing"]
    every = set(zip(pairing["source"], pairing["target"]))
    assert set(zip(plan.kept["provider"], plan.kept["compound"])) == every
    dated = match.co_building(net, as_of="2025-10-24")
    assert dated.as_of == datetime.date(2025, 10, 24)
    day = pd.Timestamp("2025-10-24")
    active = pairing[(pairing["since"].isna() | (pd.to_datetime(pairing["since"]) <= day))
                     & (pairing["until"].isna() | (pd.to_datetime(pairing["until"]) >= day))]
    assert set(zip(dated.kept["provider"], dated.kept["compound"])) == set(zip(active["source"], active["target"]))
    assert len(dated.kept) < len(plan.kept)
    assert match.optimal_total(net) == plan.total_score
    with pytest.raises(furong.ArgumentError, match="as_of"):
        match.co_building(net, as_of="2025-13-01")


def test_refused_apply_changes_nothing(tmp_path: Path) -> None:
    net = furong.datasets.furong()
    plan = match.co_building(net, as_of="2025-10-24")
    assert len(plan.pairs) > 4
    links, revision = len(net.links()), net.revision
    bad = plan.pairs.copy()
    bad.loc[3, "compound"] = "no-such-compound"  # three good pairs come first
    plan.pairs = bad
    with pytest.raises(furong.UnknownIdError, match="no-such-compound"):
        plan.apply(net, "2025-11-01")
    assert len(net.links()) == links and net.revision == revision
    twice = pd.concat([plan.pairs.iloc[:2], plan.pairs.iloc[:1]], ignore_index=True)
    plan.pairs = twice
    with pytest.raises(furong.ArgumentError, match=r"pairs\[2\] .* repeats pairs\[0\]"):
        plan.apply(net, "2025-11-01")
    assert len(net.links()) == links and net.revision == revision
    # A pair already paired on the new links' days is refused too.
    kept = match.co_building(net, as_of="2025-10-24").kept.iloc[:1]
    plan.pairs = kept.assign(score=1.0, reasons=[[]])
    with pytest.raises(furong.ArgumentError, match="already pairs"):
        plan.apply(net, "2025-10-24")
    assert len(net.links()) == links and net.revision == revision


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_apply_is_all_or_nothing(data: Any) -> None:
    net = furong.Network()
    net.add_organisation("d", "district")
    net.add_organisation("s", "street", parent="d")
    net.add_organisation("m", "community", parent="s")
    net.add_organisation("a", "agency", parent="d")
    net.add_organisation("u", "unit", parent="s")
    for c in ("c1", "c2", "c3", "c4"):
        net.add_organisation(c, "compound", parent="m")
    net.add_link("u", "c4", "pairing", since="2025-01-01")
    ids = ["a", "u", "c1", "c2", "c3", "c4", "m", "ghost"]
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=6))
    # The rule restated: known ids, provider -> compound, no pair twice, not already paired.
    ok = (all(p in ("a", "u") and c in ("c1", "c2", "c3", "c4") for p, c in pairs)
          and len(set(pairs)) == len(pairs) and ("u", "c4") not in pairs)
    plan = match.co_building(net)
    plan.pairs = pd.DataFrame({"provider": [p for p, _ in pairs], "compound": [c for _, c in pairs],
                               "score": [1.0] * len(pairs), "reasons": [[] for _ in pairs]})
    before = net.links()
    if ok:
        assert plan.apply(net, "2025-11-01") == len(pairs)
        after = net.links()
        assert list(zip(after["source"], after["target"]))[len(before):] == pairs
    else:
        with pytest.raises((furong.ArgumentError, furong.UnknownIdError)):
            plan.apply(net, "2025-11-01")
        assert net.links().equals(before)


# ---- stable matching ----------------------------------------------------------------------

def ref_stable(cprefs: Dict[str, List[str]], pprefs: Dict[str, List[str]], cap: Dict[str, int],
               compounds_propose: bool) -> Dict[str, str]:
    """Textbook deferred acceptance for hospitals/residents (compounds = residents)."""
    prank = {p: {c: k for k, c in enumerate(l)} for p, l in pprefs.items()}
    crank = {c: {p: k for k, p in enumerate(l)} for c, l in cprefs.items()}

    def ok(c: str, p: str) -> bool:
        return p in crank.get(c, {}) and c in prank.get(p, {}) and cap.get(p, 0) > 0

    if compounds_propose:
        held: Dict[str, List[str]] = {p: [] for p in pprefs}
        nxt = {c: 0 for c in cprefs}
        free = list(cprefs)
        while free:
            c = free.pop()
            while nxt[c] < len(cprefs[c]):
                p = cprefs[c][nxt[c]]
                nxt[c] += 1
                if not ok(c, p):
                    continue
                if len(held[p]) < cap[p]:
                    held[p].append(c)
                    break
                worst = max(held[p], key=lambda x: prank[p][x])
                if prank[p][c] < prank[p][worst]:
                    held[p].remove(worst)
                    held[p].append(c)
                    free.append(worst)
                    break
        return {c: p for p, cs in held.items() for c in cs}
    assigned: Dict[str, str] = {}
    load = {p: 0 for p in pprefs}
    pnext = {p: 0 for p in pprefs}
    active = [p for p in pprefs if cap.get(p, 0) > 0]
    while active:
        p = active.pop()
        while load[p] < cap[p] and pnext[p] < len(pprefs[p]):
            c = pprefs[p][pnext[p]]
            pnext[p] += 1
            if not ok(c, p):
                continue
            cur = assigned.get(c)
            if cur is None or crank[c][p] < crank[c][cur]:
                assigned[c] = p
                load[p] += 1
                if cur is not None:
                    load[cur] -= 1
                    if cur not in active:
                        active.append(cur)
        # p is done: full or out of compounds
    return assigned


def ref_blocking(cprefs: Dict[str, List[str]], pprefs: Dict[str, List[str]], cap: Dict[str, int],
                 a: Dict[str, str]) -> Set[Tuple[str, str]]:
    out = set()
    held: Dict[str, List[str]] = {}
    for c, p in a.items():
        held.setdefault(p, []).append(c)
    for c, l in cprefs.items():
        for p in l:
            if a.get(c) == p:
                break
            if c not in pprefs.get(p, []) or cap.get(p, 0) == 0:
                continue
            hs = held.get(p, [])
            if len(hs) < cap[p] or any(pprefs[p].index(c) < pprefs[p].index(h) for h in hs):
                out.add((c, p))
    return out


def random_prefs(data: Any, n_p: int, n_c: int) -> Tuple[furong.Network, pd.DataFrame, Dict[str, List[str]],
                                                        Dict[str, List[str]], Dict[str, int]]:
    net = furong.Network()
    net.add_organisation("d", "district")
    net.add_organisation("s", "street", parent="d")
    net.add_organisation("m", "community", parent="s")
    cap: Dict[str, int] = {}
    for i in range(n_p):
        c = data.draw(st.one_of(st.none(), st.integers(0, 3)))
        net.add_organisation(f"p{i}", "unit", parent="s", capacity=c)
        cap[f"p{i}"] = 1 if c is None else c
    for j in range(n_c):
        net.add_organisation(f"c{j}", "compound", parent="m")
    ps, cs = [f"p{i}" for i in range(n_p)], [f"c{j}" for j in range(n_c)]
    cprefs = {c: data.draw(st.permutations(ps).map(lambda l: l[: data.draw(st.integers(0, len(l)))])) for c in cs}
    pprefs = {p: data.draw(st.permutations(cs).map(lambda l: l[: data.draw(st.integers(0, len(l)))])) for p in ps}
    rows = []
    for who, l in list(cprefs.items()) + list(pprefs.items()):
        gaps = data.draw(st.booleans())
        for k, x in enumerate(l):
            rows.append((who, x, 2 * k + 3 if gaps else k + 1))
    order = data.draw(st.permutations(range(len(rows)))) if rows else []
    df = pd.DataFrame([rows[k] for k in order], columns=["from", "to", "rank"])
    return net, df, cprefs, pprefs, cap


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(1, 6), st.integers(1, 12), st.sampled_from(["compounds", "providers"]))
def test_stable_equals_reference_and_has_no_blocking_pairs(data: Any, n_p: int, n_c: int, side: str) -> None:
    net, df, cprefs, pprefs, cap = random_prefs(data, n_p, n_c)
    if df.empty:
        df = pd.DataFrame({"from": pd.Series([], dtype=object), "to": pd.Series([], dtype=object),
                           "rank": pd.Series([], dtype=np.int64)})
    m = match.stable(net, df, side=side)
    got = m.assignment()
    assert got == ref_stable(cprefs, pprefs, cap, side == "compounds")
    assert match.blocking_pairs(net, m, df).empty
    # Ranks are positions in each list; an unmatched compound that ranks somebody is listed
    # with why (an independent statement of the rule of domain/stable_co_building.hpp).
    for c, p, a, b in zip(m.pairs["compound"], m.pairs["provider"], m.pairs["compound_rank"], m.pairs["provider_rank"]):
        assert a == cprefs[c].index(p) + 1 and b == pprefs[p].index(c) + 1
    ref_why = {c: ("providers_prefer_others" if any(c in pprefs[p] and cap[p] > 0 for p in l)
                   else "no_acceptable_provider")
               for c, l in cprefs.items() if l and c not in got}
    assert dict(zip(m.unmatched["compound"], m.unmatched["why"])) == ref_why
    assert not ref_blocking(cprefs, pprefs, cap, got)
    # An arbitrary feasible assignment: blocking pairs equal the reference's.
    arbitrary: Dict[str, str] = {}
    load: Dict[str, int] = {}
    for c, l in cprefs.items():
        for p in l:
            if c in pprefs[p] and load.get(p, 0) < cap[p] and data.draw(st.booleans()):
                arbitrary[c] = p
                load[p] = load.get(p, 0) + 1
                break
    bp = match.blocking_pairs(net, arbitrary, df)
    assert set(zip(bp["compound"], bp["provider"])) == ref_blocking(cprefs, pprefs, cap, arbitrary)


def test_stable_matches_the_matching_package() -> None:
    from matching.games import HospitalResident as hr  # the test extra: missing means failing
    net = furong.datasets.furong()
    prefs = match.load_preferences(net, furong.datasets.furong_path())
    m = match.stable(net, prefs)
    orgs = net.organisations().set_index("id")
    comp = set(orgs.index[orgs["kind"].astype(str) == "compound"])
    ordered = prefs.sort_values(["from", "rank"])
    cprefs: Dict[str, List[str]] = {}
    pprefs: Dict[str, List[str]] = {}
    for f, t in zip(ordered["from"], ordered["to"]):
        (cprefs if f in comp else pprefs).setdefault(f, []).append(t)
    caps = {p: (1 if pd.isna(orgs.loc[p, "capacity"]) else int(orgs.loc[p, "capacity"])) for p in pprefs}
    # The package wants every resident/hospital to rank only mutually acceptable partners.
    cprefs = {c: [p for p in l if p in pprefs and c in pprefs[p] and caps[p] > 0] for c, l in cprefs.items()}
    pprefs = {p: [c for c in l if c in cprefs and p in cprefs[c]] for p, l in pprefs.items() if caps[p] > 0}
    cprefs = {c: l for c, l in cprefs.items() if l}
    pprefs = {p: l for p, l in pprefs.items() if l}
    game = hr.create_from_dictionaries(cprefs, pprefs, {p: caps[p] for p in pprefs}, clean=True)
    ref = {str(r): str(h) for h, rs in game.solve(optimal="resident").items() for r in rs}
    assert m.assignment() == ref


def test_stable_bundled_both_sides() -> None:
    net = furong.datasets.furong()
    path = furong.datasets.furong_path()
    c = match.stable(net, path)
    p = match.stable(net, path, side="providers")
    assert len(c.pairs) == len(p.pairs)  # the same compounds are matched in every stable matching
    assert match.blocking_pairs(net, p, path).empty
    # Compound-optimal: every compound likes its partner at least as much as in the provider-optimal one.
    pc = dict(zip(p.pairs["compound"], p.pairs["compound_rank"]))
    assert all(r <= pc[k] for k, r in zip(c.pairs["compound"], c.pairs["compound_rank"]))
    assert set(c.unmatched["why"]) <= {"no_acceptable_provider", "providers_prefer_others"}


# ---- bad input ----------------------------------------------------------------------------

ORGS = ("id,kind,name,parent,capacity\nd,district,D,,\ns,street,S,d,\nm,community,M,s,\n"
        "c1,compound,C1,m,\nc2,compound,C2,m,\na,agency,A,d,2\nu,unit,U,s,\n")


def write(tmp: Path, **files: str) -> Path:
    (tmp / "organisations.csv").write_text(ORGS, encoding="utf-8")
    for name, text in files.items():
        (tmp / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp


@pytest.mark.parametrize("file,text,line,column,reason", [
    ("organisations", ORGS.replace("a,agency,A,d,2", "a,agency,A,d,-1"), 7, 5, "capacity"),
    ("organisations", ORGS.replace("a,agency,A,d,2", "a,agency,A,d,1.5"), 7, 5, "integer"),
    ("needs", "compound,resource,priority\nc1,canteen,6\n", 2, 3, "from 1 to 5"),
    ("needs", "compound,resource,priority\nc1,canteen,0\n", 2, 3, "from 1 to 5"),
    ("needs", "compound,resource,priority\nc1,canteen,2.5\n", 2, 3, "integer"),
    ("offers", "provider,resource,amount\na,canteen,nan\n", 2, 3, "finite"),
    ("offers", "provider,resource,amount\na,canteen,inf\n", 2, 3, "finite"),
    ("offers", "provider,resource,amount\na,canteen,-2\n", 2, 3, "at least"),
    ("offers", "provider,resource,amount\na,canteen,0\n", 2, 3, "> 0"),
])
def test_bad_network_files_name_file_and_line(tmp_path: Path, file: str, text: str, line: int, column: int,
                                              reason: str) -> None:
    files = {file: text} if file != "organisations" else {}
    write(tmp_path, **files)
    if file == "organisations":
        (tmp_path / "organisations.csv").write_text(text, encoding="utf-8")
    with pytest.raises(furong.InputError) as e:
        furong.load(tmp_path)
    assert (e.value.file, e.value.line, e.value.column) == (f"{file}.csv", line, column)
    assert reason in str(e.value)


@pytest.mark.parametrize("text,line,column,reason", [
    ("from,to,rank\nc1,a,1\nc1,u,1\n", 3, 3, "gives rank 1 twice (first on line 2)"),
    ("from,to,rank\nc1,a,1\nc1,a,2\n", 3, 2, "ranks 'a' twice"),
    ("from,to,rank\nc1,zz,1\n", 2, 2, "unknown organisation id 'zz'"),
    ("from,to,rank\nnobody,a,1\n", 2, 1, "unknown organisation id 'nobody'"),
    ("from,to,rank\nc1,a,x\n", 2, 3, "integer"),
    ("from,to,rank\nc1,a,0\n", 2, 3, "from 1"),
    ("from,to,rank\nc1,c2,1\n", 2, 2, "may only rank providers"),
    ("from,to,rank\nm,a,1\n", 2, 1, "only compounds and providers"),
    ("from,rank\nc1,1\n", 1, 0, "missing required column 'to'"),
])
def test_bad_preferences_name_file_line_and_column(tmp_path: Path, text: str, line: int, column: int,
                                                   reason: str) -> None:
    write(tmp_path, preferences=text)
    with pytest.raises(furong.InputError) as e:  # the load checks preferences.csv too
        furong.load(tmp_path)
    assert (e.value.file, e.value.line, e.value.column) == ("preferences.csv", line, column)
    (tmp_path / "preferences.csv").rename(tmp_path / "later.csv")
    net = furong.load(tmp_path)
    (tmp_path / "later.csv").rename(tmp_path / "preferences.csv")
    for call in (lambda: match.load_preferences(net, tmp_path), lambda: match.stable(net, tmp_path)):
        with pytest.raises(furong.InputError) as e:
            call()
        assert (e.value.file, e.value.line, e.value.column) == ("preferences.csv", line, column)
        assert reason in str(e.value)


def test_missing_preferences_file(tmp_path: Path) -> None:
    write(tmp_path)
    net = furong.load(tmp_path)
    with pytest.raises(furong.InputError, match="cannot open"):
        match.stable(net, tmp_path)
    with pytest.raises(furong.ArgumentError, match="preferences"):
        match.stable(net)


@pytest.mark.parametrize("frame,text", [
    (pd.DataFrame({"from": ["c1", "c1"], "to": ["a", "u"], "rank": [1, 1]}), "row 1, column 'rank'"),
    (pd.DataFrame({"from": ["c1"], "to": ["a"], "rank": [1.5]}), "row 0, column 'rank'"),
    (pd.DataFrame({"from": ["c1"], "to": ["a"], "rank": [float("nan")]}), "row 0, column 'rank'"),
    (pd.DataFrame({"from": ["c1"], "to": ["zz"], "rank": [1]}), "row 0, column 'to': unknown organisation id 'zz'"),
    (pd.DataFrame({"from": ["c1"], "to": ["a"]}), "missing ['rank']"),
    (pd.DataFrame({"from": [3], "to": ["a"], "rank": [1]}), "row 0, column 'from'"),
])
def test_bad_preference_frames_are_argument_errors(tmp_path: Path, frame: pd.DataFrame, text: str) -> None:
    net = furong.load(write(tmp_path))
    with pytest.raises(furong.ArgumentError) as e:
        match.stable(net, frame)
    assert text in str(e.value)


def test_bad_arguments(tmp_path: Path) -> None:
    net = furong.load(write(tmp_path, offers="provider,resource,amount\na,x,1\n",
                            needs="compound,resource,priority\nc1,x,2\n"))
    bad: List[Tuple[Dict[str, Any], str]] = [
        ({"max_per_compound": 0}, "max_per_compound"),
        ({"max_per_compound": 1.5}, "max_per_compound"),
        ({"max_per_compound": True}, "max_per_compound"),
        ({"scores": np.ones((3, 3))}, "shape (providers, compounds) = (2, 2)"),
        ({"scores": np.array([[1.0, np.nan], [0, 0]])}, "finite"),
        ({"scores": np.array([[1.0, np.inf], [0, 0]])}, "finite"),
        ({"scores": np.array([[1.0, -1], [0, 0]])}, "finite number >= 0"),
        ({"scores": pd.DataFrame({"provider": ["a"], "compound": ["c1"], "score": [-1.0]})},
         "scores[0] (a, c1): a score must be a finite number >= 0"),
        ({"scores": pd.DataFrame({"provider": ["a", "a"], "compound": ["c1", "c1"], "score": [1.0, 2.0]})},
         "scores[1]"),
        ({"scores": pd.DataFrame({"provider": ["zz"], "compound": ["c1"], "score": [1.0]})},
         "scores: row 0, column 'provider': unknown organisation id 'zz'"),
        ({"scores": pd.DataFrame({"provider": ["c1"], "compound": ["c1"], "score": [1.0]})}, "not a provider"),
        ({"forbidden": [("a", "m")]}, "forbidden[0]"),
        ({"forbidden": [("a",)]}, "forbidden: row 0"),
        ({"forbidden": [("a", "nope")]}, "forbidden: row 0, column 'compound'"),
        ({"as_of": 12}, "as_of"),
    ]
    for kwargs, text in bad:
        with pytest.raises(furong.ArgumentError) as e:
            match.co_building(net, **kwargs)
        assert text in str(e.value), (kwargs, str(e.value))
    with pytest.raises(furong.ArgumentError, match="side"):
        match.stable(net, pd.DataFrame({"from": ["c1"], "to": ["a"], "rank": [1]}), side="both")
    prefs = pd.DataFrame({"from": ["c1", "a"], "to": ["a", "c1"], "rank": [1, 1]})
    with pytest.raises(furong.ArgumentError, match="do not both rank"):
        match.blocking_pairs(net, {"c2": "a"}, prefs)
    with pytest.raises(furong.ArgumentError, match="not a compound"):
        match.blocking_pairs(net, {"m": "a"}, prefs)


# ---- the command line ----------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "furong.cli", *args], capture_output=True, text=True)


def test_cli_json_keys_exact() -> None:
    d = str(furong.datasets.furong_path())
    r = run_cli("match", d, "--as-of", "2025-10-24", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert list(out) == ["total_score", "pairs", "unmatched"]
    assert set(out["pairs"][0]) == {"provider", "compound", "score", "reasons"}
    assert set(out["pairs"][0]["reasons"][0]) == {"resource", "priority", "amount"}
    assert all(set(u) == {"compound", "why"} for u in out["unmatched"])
    plan = match.co_building(furong.datasets.furong(), as_of="2025-10-24")
    assert math.isclose(out["total_score"], plan.total_score)
    r = run_cli("match", d, "--as-of", "2025-10-24", "--cover-first", "--max-per-compound", "2", "--same-street",
                "--json")
    assert r.returncode == 0, r.stderr
    r = run_cli("match", d, "--stable", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert list(out) == ["side", "pairs", "unmatched"] and out["side"] == "compounds"
    r = run_cli("match", d, "--as-of", "2025-10-24")
    assert r.returncode == 0 and "new pairs" in r.stdout


def test_cli_errors(tmp_path: Path) -> None:
    write(tmp_path, preferences="from,to,rank\nc1,a,1\nc1,u,1\n")
    r = run_cli("match", str(tmp_path), "--stable")
    assert r.returncode == 1 and "preferences.csv:3:3" in r.stderr
    r = run_cli("match", str(tmp_path), "--max-per-compound", "0")
    assert r.returncode == 2


def test_stable_reads_the_preferences_beside_the_loaded_files(tmp_path: Path) -> None:
    net = furong.datasets.furong()
    assert net.source is not None and net.copy().source == net.source
    default = furong.match.stable(net)
    explicit = furong.match.stable(net, furong.datasets.furong_path() / "preferences.csv")
    assert default.assignment() == explicit.assignment()
    with pytest.raises(furong.ArgumentError, match="preferences"):
        furong.match.stable(furong.synth.city(households=300, seed=2))
