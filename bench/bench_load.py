#!/usr/bin/env python3
"""Loading the bundled Furong dataset: furong against pandas + networkx on the same files.

furong reads and checks every network file (organisations, links, people, roles, offers,
needs) and builds its snapshot; the peer reads organisations.csv and links.csv with pandas
and builds a networkx.DiGraph with the same nodes and edges (no checks at all). Both run in
the same process on the same files; the line printed ends with the ratio peer / furong.

Usage::

    python bench/bench_load.py [--repeat N] [--tiny]

--tiny loads once each and skips nothing (for CI, so that the benchmark cannot rot).
"""

from __future__ import annotations

import argparse
import time

import furong
from furong import datasets


def best_of(repeat: int, f):  # type: ignore[no-untyped-def]
    best = float("inf")
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = f()
        best = min(best, time.perf_counter() - t)
    return best, result


def load_furong():  # type: ignore[no-untyped-def]
    net = furong.load(datasets.furong_path())
    snap = net.snapshot()
    return net, snap


def load_networkx():  # type: ignore[no-untyped-def]
    import networkx as nx
    import pandas as pd

    d = datasets.furong_path()
    orgs = pd.read_csv(d / "organisations.csv", dtype=str, keep_default_na=False)
    links = pd.read_csv(d / "links.csv", dtype=str, keep_default_na=False)
    g = nx.DiGraph()
    g.add_nodes_from(zip(orgs["id"], ({"kind": k} for k in orgs["kind"])))
    has_parent = orgs["parent"] != ""
    g.add_edges_from(zip(orgs["parent"][has_parent], orgs["id"][has_parent]), kind="hierarchy")
    g.add_edges_from((s, t, {"kind": k}) for s, t, k in zip(links["source"], links["target"], links["kind"]))
    return g


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tiny", action="store_true")
    args = parser.parse_args()
    repeat = 1 if args.tiny else args.repeat
    t_furong, (net, snap) = best_of(repeat, load_furong)
    t_nx, g = best_of(repeat, load_networkx)
    print(f"bench_load organisations={len(net)} nx_nodes={g.number_of_nodes()} nx_edges={g.number_of_edges()} "
          f"furong_load_snapshot_s={t_furong:.3f} pandas_networkx_s={t_nx:.3f} ratio={t_nx / t_furong:.2f} "
          f"furong_bytes_per_node={snap.memory_bytes() / len(net):.0f}")


if __name__ == "__main__":
    main()
