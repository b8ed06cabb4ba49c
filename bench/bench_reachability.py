"""Reachability through the Python API, beside networkx and rustworkx.

    python bench/bench_reachability.py [--tiny] [--pairs N] [--nx-sample K] [households ...]

Default sizes: 1000000 and 10000000 households (--tiny: 2000). For each size it prints one
machine-readable line ``bench_reachability_py households=... key=value ...``:

- ``batch_ns``: ``net.is_ancestor(a, b)`` on ``pairs`` random pairs of index arrays (int64
  numpy, from ``net.index_of``), best of 5, per query. Pairs: b uniform over organisations;
  a is, half the time, an ancestor of b 1..8 levels up, else uniform (as bench_reachability.cpp).
- ``nx_ns``: networkx answering a sample of the same queries (``a != b and
  nx.has_path(tree, a, b)``, a bidirectional search), per query; ``ratio`` = nx_ns / batch_ns.
  Up to 2 million households networkx holds the whole hierarchy; above, to stay in memory, it
  holds the union of the root paths of the sampled nodes, which gives the same answers (in a
  tree every path into b runs along b's root path) and only makes networkx faster.
- ``gather_ns``: the two-load limit from numpy on the same pairs: the interval labels as one
  (n, 2) int32 array, ``la = lab[a]; pb = lab[b, 0]; (la[:, 0] < pb) & (pb < la[:, 1])``, best
  of 5, per query (answers checked equal); ``gather_ratio`` = batch_ns / gather_ns;
  ``batch_cpu_ns``, ``gather_cpu_ns``: the same as this thread's CPU time.
- ``reach_core_s``: BFS from the district over every edge kind through ``_core`` (numpy
  arrays out); ``scipy_s``: ``scipy.sparse.csgraph.breadth_first_order`` on a CSR matrix of the
  same edges (built outside the timing; same number of nodes checked), best of 3;
  ``scipy_ratio`` = scipy_s / reach_core_s (above 1: faster than scipy);
  ``reach_df_first_s``: ``net.reach`` the first time on a network (it builds the network's
  categorical id dtype once); ``reach_df_s``: the same again (best of 3; the id column is a
  categorical of the indices, no Python string per node); ``rx_s``: ``rustworkx.descendants`` on a PyDiGraph with the same edges; ``rx_ratio`` =
  reach_core_s / rx_s.
- ``audit_s``: ``net.audit("2025-06-30")`` (ids of every gap included), best of 3.
- ``snapshot_bytes_per_node``: the snapshot's own accounting (``memory_bytes()`` / nodes).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Callable, List

import numpy as np

import furong
from furong import _core

ALL_KINDS = ["hierarchy"] + list(furong.network.LINK_KINDS)


def best_of(runs: int, f: Callable[[], Any], clock: Callable[[], float] = time.perf_counter) -> float:
    """Best time of `runs` calls by `clock` (wall time by default)."""
    best = float("inf")
    for _ in range(runs):
        t0 = clock()
        f()
        best = min(best, clock() - t0)
    return best


def best_cpu_of(runs: int, f: Callable[[], Any]) -> float:
    """Best thread CPU time of `runs` calls (leaves out time the scheduler gives to other jobs)."""
    return best_of(runs, f, time.thread_time)


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int)
    ap.add_argument("--tiny", action="store_true")
    ap.add_argument("--pairs", type=int, default=1_000_000)
    ap.add_argument("--nx-sample", type=int, default=3000)
    ap.add_argument("--no-rustworkx", action="store_true")
    args = ap.parse_args(argv)
    sizes = [2000] if args.tiny else (args.sizes or [1_000_000, 10_000_000])
    pairs = 10_000 if args.tiny else args.pairs

    for households in sizes:
        t0 = time.perf_counter()
        net = furong.synth.city(households=households, seed=1, resources=False)
        generate_s = time.perf_counter() - t0
        snap = net.snapshot()
        n = len(net)
        cols = net.core.organisation_columns()
        parent = np.asarray(cols["parent"], dtype=np.int64)
        del cols

        rng = np.random.default_rng(1)
        b = rng.integers(0, n, pairs)
        a = rng.integers(0, n, pairs)
        up = rng.random(pairs) < 0.5
        steps = rng.integers(1, 9, pairs)
        x = b.copy()
        for k in range(8):
            move = up & (steps > k) & (parent[x] >= 0)
            x = np.where(move, parent[x], x)
        a = np.where(up & (x != b), x, a)

        ours = net.is_ancestor(a, b)  # warm-up and the answers to check
        batch = best_of(5, lambda: net.is_ancestor(a, b)) / pairs * 1e9

        sub = snap.subtree()
        lab = np.zeros((n, 2), dtype=np.int32)
        lab[sub.index, 0] = sub.pre
        lab[sub.index, 1] = sub.end
        del sub

        def gather() -> Any:
            la = lab[a]
            pb = lab[b, 0]
            return (la[:, 0] < pb) & (pb < la[:, 1])

        assert np.array_equal(gather(), ours), "the numpy gather disagrees"
        gather_ns = best_of(5, gather) / pairs * 1e9
        batch_cpu = best_cpu_of(5, lambda: net.is_ancestor(a, b)) / pairs * 1e9
        gather_cpu = best_cpu_of(5, gather) / pairs * 1e9
        del lab

        import networkx as nx

        k = min(args.nx_sample, pairs)
        sample = rng.choice(pairs, k, replace=False)
        tree = nx.DiGraph()
        if households <= 2_000_000:
            child = np.flatnonzero(parent >= 0)
            tree.add_edges_from(zip(parent[child].tolist(), child.tolist()))
            tree.add_nodes_from(range(n))
        else:
            nodes = set()
            for v in np.concatenate([a[sample], b[sample]]).tolist():
                while v >= 0 and v not in nodes:
                    nodes.add(v)
                    p = int(parent[v])
                    if p >= 0:
                        tree.add_edge(p, v)
                    v = p
            tree.add_nodes_from(nodes)
        qa, qb = a[sample].tolist(), b[sample].tolist()
        t0 = time.perf_counter()
        nx_answers = [x != y and nx.has_path(tree, x, y) for x, y in zip(qa, qb)]
        nx_ns = (time.perf_counter() - t0) / k * 1e9
        assert nx_answers == ours[sample].tolist(), "networkx disagrees"
        del tree

        reach_core = best_of(3, lambda: _core.reach.reach(net.core, "furong", ALL_KINDS, None, None, False))
        reached = len(_core.reach.reach(net.core, "furong", ALL_KINDS, None, None, False).index)
        reach_df_first = best_of(1, lambda: net.reach("furong", via=ALL_KINDS))
        reach_df = best_of(3, lambda: net.reach("furong", via=ALL_KINDS))
        root = int(net.index_of("furong"))
        child = np.flatnonzero(parent >= 0)
        links = net.core.link_columns()
        src = np.concatenate([parent[child], np.asarray(links["source"], dtype=np.int64)])
        dst = np.concatenate([child, np.asarray(links["target"], dtype=np.int64)])
        del links

        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import breadth_first_order

        csr = csr_matrix((np.ones(len(src), dtype=np.int8), (src.astype(np.int32), dst.astype(np.int32))), shape=(n, n))
        assert len(breadth_first_order(csr, root, directed=True, return_predecessors=False)) == reached
        scipy_s = best_of(3, lambda: breadth_first_order(csr, root, directed=True, return_predecessors=False))
        del csr

        rx_s = float("nan")
        if not args.no_rustworkx:
            try:
                import rustworkx as rx
            except ImportError:  # pragma: no cover
                rx = None
            if rx is not None:
                g = rx.PyDiGraph()
                g.add_nodes_from(range(n))
                g.extend_from_edge_list(list(zip(src.tolist(), dst.tolist())))
                rx_reached = len(rx.descendants(g, root)) + 1
                assert rx_reached == reached, (rx_reached, reached)
                rx_s = best_of(3, lambda: rx.descendants(g, root))
                del g

        audit_s = best_of(3, lambda: net.audit("2025-06-30"))
        print(
            f"bench_reachability_py households={households} nodes={n} generate_s={generate_s:.1f} "
            f"pairs={pairs} batch_ns={batch:.1f} gather_ns={gather_ns:.1f} gather_ratio={batch / gather_ns:.2f} "
            f"batch_cpu_ns={batch_cpu:.1f} gather_cpu_ns={gather_cpu:.1f} "
            f"nx_sample={k} nx_ns={nx_ns:.0f} ratio={nx_ns / batch:.0f} "
            f"reach_core_s={reach_core:.4f} scipy_s={scipy_s:.4f} scipy_ratio={scipy_s / reach_core:.2f} "
            f"reach_df_first_s={reach_df_first:.4f} reach_df_s={reach_df:.4f} reached={reached} rx_s={rx_s:.3f} "
            f"rx_ratio={reach_core / rx_s:.2f} audit_s={audit_s:.3f} "
            f"snapshot_bytes_per_node={snap.memory_bytes() / n:.1f}",
            flush=True,
        )
        del net, snap, src, dst
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
