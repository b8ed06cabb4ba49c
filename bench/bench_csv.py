#!/usr/bin/env python3
"""Loading the 10^6-item ledger: furong.load beside pandas, pyarrow and polars in the same run.

The files are those of bench/bench_ledger.py (its generator: 10^6 items, each with 3 status
events and 1 return visit, 189 MB of CSV, and a small network of 1,500 compounds and 20,000
people). Measured, best of ``--repeat`` runs, wall and CPU time of this process:

- ``furong.load(dir)``: every network and ledger file read, every field typed and checked
  (RFC 4180, UTF-8, references, dates, transitions), the ledger built; all-or-nothing.
- the peers read only the three ledger files into tables, checking nothing beyond the CSV
  syntax: ``pandas.read_csv`` (C engine), ``pyarrow.csv.read_csv`` (multi-threaded) and
  ``polars.read_csv`` (multi-threaded). polars is optional (``pip install .[bench]``); its
  column is skipped with a note when it is not installed.

The ratio printed for each peer is peer time / furong time (above 1: furong is faster).
With ``--binary build/cpp/bench/bench_csv`` the C++ reader alone is run on the same files
(MB/s per file on one core) and its lines are printed too.

Usage: python bench/bench_csv.py [--items N] [--dir DIR] [--keep] [--repeat R] [--binary PATH] [--tiny] [--json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import furong

FILES = ("ledger.csv", "ledger_events.csv", "visits.csv")


def _generator() -> Callable[[Path, int], None]:
    """bench_ledger.generate, loaded from beside this file (one generator for both benches)."""
    path = Path(__file__).resolve().parent / "bench_ledger.py"
    spec = importlib.util.spec_from_file_location("bench_ledger", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate  # type: ignore[no-any-return]


def best_of(repeat: int, f: Callable[[], Any]) -> Tuple[float, float, Any]:
    """Best wall time, the CPU time of that run (this process, every thread) and its result."""
    best: Tuple[float, float, Any] = (float("inf"), 0.0, None)
    for _ in range(repeat):
        out = None  # the previous run's result is freed before the clock starts, not inside it
        t, c = time.perf_counter(), time.process_time()
        out = f()
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        if wall < best[0]:
            best = (wall, cpu, out)
    return best


def peers(d: Path) -> Dict[str, Optional[Callable[[], int]]]:
    """Each peer reads the three files and returns the number of rows it read."""
    import pandas as pd
    import pyarrow.csv as pacsv

    def with_pandas() -> int:
        return sum(len(pd.read_csv(d / f)) for f in FILES)

    def with_pyarrow() -> int:
        return sum(pacsv.read_csv(d / f).num_rows for f in FILES)

    out: Dict[str, Optional[Callable[[], int]]] = {"pandas": with_pandas, "pyarrow": with_pyarrow, "polars": None}
    try:
        import polars as pl
    except ImportError:
        return out

    def with_polars() -> int:
        return sum(pl.read_csv(d / f).height for f in FILES)

    out["polars"] = with_polars
    return out


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None, help="dataset directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--binary", type=Path, default=None, help="build/cpp/bench/bench_csv, to run it too")
    parser.add_argument("--tiny", action="store_true", help="2,000 items, once: checks that the program works")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    n = 2000 if args.tiny else args.items
    repeat = 1 if args.tiny else args.repeat
    d = args.dir or Path(tempfile.mkdtemp(prefix="furong_bench_csv_"))
    fig: Dict[str, Any] = {"items": n}
    try:
        if not (d / "ledger.csv").exists():
            _generator()(d, n)
        fig["csv_mb"] = sum((d / f).stat().st_size for f in FILES) / 1e6
        fig["all_csv_mb"] = sum(p.stat().st_size for p in d.glob("*.csv")) / 1e6
        wall, cpu, net = best_of(repeat, lambda: furong.load(d))
        rows = len(net.ledger)
        fig["furong_s"], fig["furong_cpu_s"] = wall, cpu
        fig["furong_mb_per_s"] = fig["all_csv_mb"] / wall
        expected = sum(sum(1 for _ in open(d / f, encoding="utf-8")) - 1 for f in FILES) if args.tiny else None
        for name, f in peers(d).items():
            if f is None:
                fig[f"{name}_s"] = None
                continue
            wall, cpu, got = best_of(repeat, f)
            if expected is not None and got != expected:
                raise SystemExit(f"{name} read {got} rows, expected {expected}")
            fig[f"{name}_s"], fig[f"{name}_cpu_s"] = wall, cpu
            fig[f"{name}_ratio"] = wall / fig["furong_s"]
        if args.binary:
            out = subprocess.run([str(args.binary), "--repeat", str(repeat), str(d)], check=True,
                                 capture_output=True, text=True).stdout
            fig["cpp"] = out.strip().splitlines()
    finally:
        if args.dir is None and not args.keep:
            shutil.rmtree(d, ignore_errors=True)
    if rows != n:
        raise SystemExit(f"furong loaded {rows} items, expected {n}")
    if args.json:
        print(json.dumps(fig, indent=2))
        return 0
    print(f"CSV benchmark: {n} items x (3 events + 1 visit), {fig['csv_mb']:.0f} MB of ledger CSV "
          f"({fig['all_csv_mb']:.0f} MB with the network), best of {repeat}")
    print(f"  furong.load (network + ledger, checked) {fig['furong_s']:7.3f} s  cpu {fig['furong_cpu_s']:6.2f} s"
          f"  {fig['furong_mb_per_s']:5.0f} MB/s")
    for name in ("pandas", "pyarrow", "polars"):
        if fig.get(f"{name}_s") is None:
            print(f"  {name:<8} read_csv x3                    (not installed: skipped)")
            continue
        print(f"  {name:<8} read_csv x3                 {fig[f'{name}_s']:7.3f} s  cpu {fig[f'{name}_cpu_s']:6.2f} s"
              f"  {name}/furong {fig[f'{name}_ratio']:.2f}")
    for line in fig.get("cpp", []):
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
