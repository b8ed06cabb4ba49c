"""Linear assignment beside scipy, on the same inputs in the same run.

Random instances of the sizes of the OR-Library linear assignment problems (Beasley):
- dense, as assign100 .. assign800: n x n, every pair eligible, integer costs uniform in
  1..100; furong.match.assign beside scipy.optimize.linear_sum_assignment;
- sparse, as assignp800 .. assignp5000: n x n with about 10% of the pairs eligible (drawn by
  bench_matching.instance, the generator of the matching benchmark: n/10 random columns per
  row, repeats dropped), integer costs 1..100; furong.match.assign_sparse beside
  scipy.sparse.csgraph.min_weight_full_bipartite_matching;
- co-building on the assign800 matrix: furong.match.co_building(net, scores=matrix) with 800
  providers of capacity 1 and 800 compounds (maximising the scores; network, checks, result
  DataFrames included) beside linear_sum_assignment(maximize=True).

Each time is the best of several runs (wall clock, time.perf_counter); every optimum is
checked equal to scipy's. ratio = scipy time / furong time (above 1: furong is faster; the
goal is at least 1/1.5 = 0.67). Usage::

    python3 bench/bench_assignment.py            # the sizes of docs/performance.md
    python3 bench/bench_assignment.py --tiny     # small sizes (CI)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any, Callable, List, Optional, Tuple

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_matching import instance  # noqa: E402  (the generator of the matching benchmark)

import furong  # noqa: E402


def best_of(fn: Callable[[], Any], repeat: int) -> Tuple[Any, float]:
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return out, best


def dense_costs(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(1, 101, size=(n, n)).astype(np.float64)


def sparse_costs(n: int, seed: int) -> sp.csr_matrix:
    _, _, cols, rows, _ = instance(n, n, max(1, n // 10), 1, seed)  # rows = "compounds", cols = "providers"
    costs = np.random.default_rng(seed + 1).integers(1, 101, size=len(rows)).astype(np.float64)
    return sp.csr_matrix((costs, (rows, cols)), shape=(n, n))


def row(name: str, ours: float, theirs: float, total: float, peer: str) -> None:
    print(f"{name:<34} furong {1000 * ours:9.2f} ms   {peer} {1000 * theirs:9.2f} ms   "
          f"ratio {theirs / ours:5.2f}   optimum {total:.0f} (equal)")


def dense_row(n: int, repeat: int) -> None:
    c = dense_costs(n, n)
    (r, k), t_ours = best_of(lambda: furong.match.assign(c), repeat)
    (r2, k2), t_scipy = best_of(lambda: linear_sum_assignment(c), repeat)
    ours, theirs = c[r, k].sum(), c[r2, k2].sum()
    if ours != theirs:
        raise SystemExit(f"dense {n}: furong {ours} != scipy {theirs}")
    row(f"dense {n} x {n} (assign{n})", t_ours, t_scipy, ours, "linear_sum_assignment")


def sparse_row(n: int, repeat: int) -> None:
    m = sparse_costs(n, n)
    (r, k), t_ours = best_of(lambda: furong.match.assign_sparse(m), repeat)
    (r2, k2), t_scipy = best_of(lambda: min_weight_full_bipartite_matching(m), repeat)
    ours, theirs = m[r, k].sum(), m[r2, k2].sum()
    if ours != theirs:
        raise SystemExit(f"sparse {n}: furong {ours} != scipy {theirs}")
    row(f"sparse {n} x {n}, {m.nnz} pairs (assignp{n})", t_ours, t_scipy, ours, "min_weight_full_bipartite")


def co_building_row(n: int, repeat: int) -> None:
    net = furong.Network()
    net.add_organisation("d", "district")
    net.add_organisation("s", "street", parent="d")
    net.add_organisation("m", "community", parent="s")
    for p in range(n):
        net.add_organisation(f"p{p:04d}", "unit", parent="s", capacity=1)
    for c in range(n):
        net.add_organisation(f"c{c:04d}", "compound", parent="m")
    scores = dense_costs(n, n)
    furong.match.co_building(net, scores=scores)  # the snapshot, once
    plan, t_ours = best_of(lambda: furong.match.co_building(net, scores=scores), repeat)
    (r2, k2), t_scipy = best_of(lambda: linear_sum_assignment(scores, maximize=True), repeat)
    if plan.total_score != scores[r2, k2].sum():
        raise SystemExit(f"co_building {n}: furong {plan.total_score} != scipy {scores[r2, k2].sum()}")
    row(f"co_building {n} x {n} score matrix", t_ours, t_scipy, plan.total_score, "linear_sum_assignment")


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiny", action="store_true", help="small sizes, for CI")
    ap.add_argument("--repeat", type=int, default=5, help="runs per timing (best kept)")
    args = ap.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    if args.tiny:
        dense_row(20, 1)
        sparse_row(60, 1)
        co_building_row(20, 1)
        return 0
    for n in range(100, 900, 100):
        dense_row(n, args.repeat)
    for n in (800, 1500, 3000, 5000):
        sparse_row(n, max(1, args.repeat // 2 if n >= 3000 else args.repeat))
    co_building_row(800, args.repeat)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
