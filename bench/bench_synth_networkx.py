#!/usr/bin/env python3
"""Peer benchmark: the same synthetic city as a networkx.DiGraph.

For each size, runs ``bench_synth --dump-edges FILE N`` (the C++ benchmark), which times
furong::synth::city and furong::snapshot and writes the snapshot's edges (hierarchy
parent -> child and every link). This script then loads the edges with numpy, builds a
``networkx.DiGraph`` with the same nodes and edges, and measures the build time and the
memory it takes (growth of this process's resident set, or tracemalloc with --tracemalloc).
It prints one machine-readable line per size::

    bench_synth_networkx households=... nodes=... edges=... nx_edges=... load_s=...
      nx_build_s=... nx_bytes_per_node=... furong_snapshot_s=... furong_total_s=...
      furong_bytes_per_node=... time_ratio_snapshot=... time_ratio_total=... memory_ratio=...

``nx_edges`` may be below ``edges``: a DiGraph keeps one edge per ordered pair (a household
whose contact moved back and forth, a pairing renewed with the same provider). Ratios are
networkx / furong: memory against furong's own accounting (derived + table bytes per node),
time against the snapshot build alone and against generation + snapshot.

Usage::

    python bench/bench_synth_networkx.py [--binary PATH] [--tiny] [--tracemalloc] [N ...]

Default size 100000 households (networkx needs about 1 kB per edge); --tiny runs 1000 for CI.
"""

from __future__ import annotations

import argparse
import gc
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np


def find_binary(given: str | None) -> str:
    if given:
        return given
    env = os.environ.get("FURONG_BENCH_SYNTH")
    if env:
        return env
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    candidates = [
        os.path.join(root, "build", "bench", "bench_synth"),
        os.path.join(root, "build", "bench_synth"),
        *sorted(glob.glob(os.path.join(root, "build*", "**", "bench_synth"), recursive=True)),
        "/tmp/bench_synth",
    ]
    for c in candidates:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    on_path = shutil.which("bench_synth")
    if on_path:
        return on_path
    sys.exit("bench_synth_networkx: cannot find the bench_synth binary; build it or pass --binary")


def parse_line(text: str, tag: str) -> dict[str, str]:
    for line in text.splitlines():
        if line.startswith(tag + " "):
            return dict(part.split("=", 1) for part in line.split()[1:])
    raise RuntimeError(f"no '{tag}' line in bench_synth output:\n{text}")


def rss_bytes() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource  # fallback: peak, not current (macOS reports bytes, Linux kB)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def load_edges(path: str) -> tuple[int, np.ndarray]:
    with open(path, "rb") as f:
        nodes, edges = (int(x) for x in np.fromfile(f, dtype="<u8", count=2))
        pairs = np.fromfile(f, dtype="<u4", count=2 * edges).reshape(edges, 2)
    return nodes, pairs


def bench(binary: str, households: int, use_tracemalloc: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "edges.bin")
        out = subprocess.run([binary, "--dump-edges", dump, str(households)], check=True,
                             capture_output=True, text=True).stdout
        furong = parse_line(out, "bench_synth")
        t0 = time.perf_counter()
        nodes, pairs = load_edges(dump)
        load_s = time.perf_counter() - t0

    import networkx as nx

    gc.collect()
    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    g = nx.DiGraph()
    g.add_nodes_from(range(nodes))
    g.add_edges_from(zip(pairs[:, 0].tolist(), pairs[:, 1].tolist()))
    build_s = time.perf_counter() - t0
    gc.collect()
    if use_tracemalloc:
        used, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    else:
        used = rss_bytes() - rss0
    nx_edges = g.number_of_edges()
    del g

    f_bpn = float(furong["model_bytes_per_node"])
    f_snap = float(furong["snapshot_s"])
    f_total = float(furong["generate_s"]) + f_snap
    nx_bpn = used / nodes
    return {
        "households": households,
        "nodes": nodes,
        "edges": len(pairs),
        "nx_edges": nx_edges,
        "load_s": round(load_s, 3),
        "nx_build_s": round(build_s, 3),
        "nx_bytes_per_node": round(nx_bpn, 1),
        "furong_snapshot_s": f_snap,
        "furong_total_s": round(f_total, 3),
        "furong_bytes_per_node": f_bpn,
        "time_ratio_snapshot": round(build_s / max(f_snap, 1e-6), 1),
        "time_ratio_total": round(build_s / max(f_total, 1e-6), 1),
        "memory_ratio": round(nx_bpn / f_bpn, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, help="households per city (default 100000)")
    ap.add_argument("--binary", help="path of bench_synth (default: build dirs, $FURONG_BENCH_SYNTH)")
    ap.add_argument("--tiny", action="store_true", help="one city of 1000 households (for CI)")
    ap.add_argument("--tracemalloc", action="store_true", help="measure with tracemalloc instead of RSS (slower)")
    args = ap.parse_args(argv)
    sizes = [1000] if args.tiny else (args.sizes or [100000])
    binary = find_binary(args.binary)
    for n in sizes:
        r = bench(binary, n, args.tracemalloc)
        print("bench_synth_networkx " + " ".join(f"{k}={v}" for k, v in r.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
