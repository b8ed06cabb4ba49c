"""Co-building matching beside its Python peers, on the same inputs in the same run.

Optimal pairing (max-weight capacitated bipartite matching; unmatched allowed):
- furong: ``furong._core.match.optimal_pairing`` (exact min-cost flow in C++), and the full
  ``furong.match.co_building`` on a Furong-scale network (scores from offers x needs);
- networkx ``max_flow_min_cost`` on s -> compound -> provider -> t with a zero-cost bypass
  compound -> t, integer costs (scores scaled by 10^6);
- scipy ``min_weight_full_bipartite_matching`` with providers replicated by capacity and one
  dummy column per compound: costs M - score on real edges and M on the dummy, so a full
  matching of the compounds minimises C*M - score, i.e. maximises the score with "unmatched"
  allowed (max_per_compound = 1).
Stable matching: furong ``stable_pairing`` beside the ``matching`` package's HospitalResident.

Every total is checked against furong's. Usage::

    python3 bench/bench_matching.py            # the sizes of docs/performance.md
    python3 bench/bench_matching.py --tiny     # small sizes (CI)
"""

from __future__ import annotations

import argparse
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

import furong
from furong import _core

Instance = Tuple[List[int], int, np.ndarray, np.ndarray, np.ndarray]


def instance(P: int, C: int, per_compound: int, cap: int, seed: int) -> Instance:
    """P providers of capacity cap, C compounds with about per_compound eligible providers."""
    rng = np.random.default_rng(seed)
    prov = rng.integers(0, P, size=(C, per_compound))
    comp = np.repeat(np.arange(C), per_compound)
    prov = prov.ravel()
    key = np.unique(comp.astype(np.int64) * P + prov)  # drop repeats
    comp, prov = (key // P).astype(np.int32), (key % P).astype(np.int32)
    score = np.round(rng.uniform(0.01, 1.0, size=len(key)), 6)
    return [cap] * P, C, prov, comp, score


def timed(fn: Callable[[], Any]) -> Tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def run_networkx(inst: Instance) -> float:
    import networkx as nx

    cap, C, prov, comp, score = inst
    g = nx.DiGraph()
    for c in range(C):
        g.add_edge("s", ("c", c), capacity=1, weight=0)
        g.add_edge(("c", c), "t", capacity=1, weight=0)
    for p, k in enumerate(cap):
        g.add_edge(("p", p), "t", capacity=k, weight=0)
    w = np.rint(score * 1e6).astype(np.int64)
    for p, c, x in zip(prov.tolist(), comp.tolist(), w.tolist()):
        g.add_edge(("c", c), ("p", p), capacity=1, weight=-x)
    flow = nx.max_flow_min_cost(g, "s", "t")
    total = 0.0
    for p, c, s in zip(prov.tolist(), comp.tolist(), score.tolist()):
        if flow[("c", c)].get(("p", p), 0):
            total += s
    return total


def run_scipy(inst: Instance) -> float:
    cap, C, prov, comp, score = inst
    first = np.concatenate([[0], np.cumsum(cap)])  # provider p's copies: first[p] .. first[p+1]
    slots = int(first[-1])
    big = 2.0 * float(score.max(initial=1.0))
    reps = np.asarray(cap)[prov]
    rows = np.repeat(comp, reps)
    cols = np.concatenate([np.arange(first[p], first[p + 1]) for p in prov]) if len(prov) else np.array([], int)
    vals = np.repeat(big - score, reps)
    # Dummy column slots + c for compound c: "leave it unpaired", cost big.
    rows = np.concatenate([rows, np.arange(C)])
    cols = np.concatenate([cols, slots + np.arange(C)])
    vals = np.concatenate([vals, np.full(C, big)])
    m = sp.csr_matrix((vals, (rows, cols)), shape=(C, slots + C))
    r, c = min_weight_full_bipartite_matching(m)
    real = c < slots
    provider_of_slot = np.repeat(np.arange(len(cap)), cap)
    pairs = set(zip(r[real].tolist(), provider_of_slot[c[real]].tolist()))
    return float(sum(s for p, cc, s in zip(prov.tolist(), comp.tolist(), score.tolist()) if (cc, p) in pairs))


def pairing_row(name: str, inst: Instance, peers: Dict[str, bool]) -> None:
    cap, C, prov, comp, score = inst
    r, wall = timed(lambda: _core.match.optimal_pairing(cap, C, prov, comp, score))
    ours = float(r.total_score)
    print(f"{name}: {len(cap)} providers, {C} compounds, {len(prov)} eligible pairs")
    print(f"  furong optimal_pairing   {1000 * r.seconds:9.1f} ms solve ({1000 * wall:.1f} ms with the call)"
          f"  total {ours:.6f}")
    for peer, fn in (("networkx max_flow_min_cost", run_networkx), ("scipy full matching (replicated)", run_scipy)):
        key = peer.split()[0]
        if not peers.get(key, False):
            print(f"  {peer:<32} not run at this size (see docs/performance.md)")
            continue
        total, t = timed(lambda: fn(inst))
        ok = abs(total - ours) <= 1e-6 * max(1.0, abs(ours))
        print(f"  {peer:<32} {1000 * t:9.1f} ms  total {total:.6f} {'(equal)' if ok else '(DIFFERENT!)'}"
              f"  ratio {t / max(r.seconds, 1e-9):.0f}x")
        if not ok:
            raise SystemExit(f"{peer} disagrees with furong: {total} != {ours}")


def furong_network(P: int, C: int, seed: int) -> furong.Network:
    """A Furong-scale district: P providers offering 10 of 30 resources, C compounds needing 5."""
    rng = np.random.default_rng(seed)
    net = furong.Network()
    net.add_organisation("d", "district")
    for s in range(13):
        net.add_organisation(f"s{s}", "street", parent="d")
        net.add_organisation(f"m{s}", "community", parent=f"s{s}")
    for p in range(P):
        net.add_organisation(f"p{p}", "agency" if p % 4 == 0 else "unit",
                             parent="d" if p % 4 == 0 else f"s{rng.integers(13)}", capacity=5)
        for r in rng.choice(30, size=10, replace=False):
            net.add_offer(f"p{p}", f"r{r}", float(rng.integers(1, 10)))
    for c in range(C):
        net.add_organisation(f"c{c}", "compound", parent=f"m{rng.integers(13)}")
        for r in rng.choice(30, size=5, replace=False):
            net.add_need(f"c{c}", f"r{r}", int(rng.integers(1, 6)))
    return net


def stable_instance(P: int, C: int, length: int, cap: int, seed: int
                    ) -> Tuple[List[List[int]], List[List[int]], List[int]]:
    rng = np.random.default_rng(seed)
    cprefs = [rng.choice(P, size=min(length, P), replace=False).tolist() for _ in range(C)]
    pprefs: List[List[int]] = [[] for _ in range(P)]
    for c, l in enumerate(cprefs):
        for p in l:
            pprefs[p].append(c)
    for l in pprefs:
        rng.shuffle(l)
    return cprefs, pprefs, [cap] * P


def stable_row(P: int, C: int, length: int, cap: int, peer: bool) -> None:
    cprefs, pprefs, caps = stable_instance(P, C, length, cap, 5)
    r, wall = timed(lambda: _core.match.stable_pairing(cprefs, pprefs, caps))
    print(f"stable {C} compounds x lists of {length}, {P} providers of capacity {cap}:")
    print(f"  furong stable_pairing    {1000 * r.seconds:9.1f} ms solve ({1000 * wall:.1f} ms with the call)")
    if not peer:
        print("  matching HospitalResident        not run at this size")
        return
    from matching.games import HospitalResident

    def solve() -> Dict[str, str]:
        game = HospitalResident.create_from_dictionaries(
            {f"c{c}": [f"p{p}" for p in l] for c, l in enumerate(cprefs)},
            {f"p{p}": [f"c{c}" for c in l] for p, l in enumerate(pprefs)},
            {f"p{p}": k for p, k in enumerate(caps)})
        return {str(x): str(h) for h, rs in game.solve(optimal="resident").items() for x in rs}

    # The package deep-copies its linked player objects recursively: give it a deep stack.
    import sys
    import threading

    box: Dict[str, Any] = {}
    sys.setrecursionlimit(10**7)
    threading.stack_size(1 << 30)
    worker = threading.Thread(target=lambda: box.update(result=timed(solve)))
    worker.start()
    worker.join()
    theirs, t = box["result"]
    ours = {f"c{c}": f"p{p}" for c, p in enumerate(r.provider_of.tolist()) if p >= 0}
    same = theirs == ours
    print(f"  matching HospitalResident {1000 * t:9.1f} ms  {'(same matching)' if same else '(DIFFERENT!)'}"
          f"  ratio {t / max(r.seconds, 1e-9):.0f}x")
    if not same:
        raise SystemExit("the matching package disagrees with furong")


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiny", action="store_true", help="small sizes, for CI")
    ap.add_argument("--stable-only", action="store_true", help="only the stable-matching rows")
    args = ap.parse_args(argv)
    both = {"networkx": True, "scipy": True}
    if args.tiny:
        pairing_row("tiny", instance(20, 200, 5, 5, 1), both)
        net = furong_network(20, 100, 2)
        plan, t = timed(lambda: furong.match.co_building(net, as_of="2025-01-01"))
        print(f"co_building network 20 x 100: {1000 * t:.1f} ms, {len(plan.pairs)} pairs")
        stable_row(20, 500, 5, 30, True)
        return 0
    if args.stable_only:
        stable_row(1000, 10000, 10, 10, True)
        stable_row(1000, 100000, 10, 100, True)
        return 0
    net = furong_network(200, 1000, 2)
    furong.match.co_building(net, as_of="2025-01-01")  # warm up (snapshot)
    plan, t = timed(lambda: furong.match.co_building(net, as_of="2025-01-01"))
    print(f"co_building network 200 providers x 1000 compounds x 5 needs (offers x needs scoring, DataFrames "
          f"and reasons included): {1000 * t:.1f} ms, {len(plan.pairs)} pairs, {plan.eligible} eligible")
    pairing_row("Furong scale", instance(200, 1000, 5, 5, 1), both)
    pairing_row("medium", instance(1000, 10000, 20, 10, 3), both)
    pairing_row("large", instance(1000, 100000, 20, 100, 3), {"networkx": False, "scipy": False})
    stable_row(1000, 10000, 10, 10, True)
    stable_row(1000, 100000, 10, 100, True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
