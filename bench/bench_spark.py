#!/usr/bin/env python3
"""The coverage audit of a province on Spark (local[2]) beside furong on one machine, same run.

Generates a synthetic province inside the executors (``furong.spark.generate``: DISTRICTS cities
sharing HOUSEHOLDS), then measures on the same Parquet dataset:

- one machine: ``furong.load(dir)`` (Parquet -> the CSV loader) and ``furong.reachability.audit``
  plus the policy gaps (what ``furong audit --json`` computes); households per second over load + audit;
- Spark: ``furong.spark.run(..., analyses=("audit",))`` wall time (both phases, the executors'
  load and audit per shard, the roll-up); households per second; the ratio to one machine;
- per shard: rows shipped, load and total seconds (median and max), the cost per household
  inside an executor, and the shuffle written (bytes, from Spark's status API);
- the same province from the generator spec (``furong.spark.run(spark, spec, keep=...)``: each
  district generated and audited whole in one task, no Parquet), against one machine loading
  the districts' CSV files merged (``furong.spark.merge_districts``): what the CI test runs;
- the model: the same per-household executor cost and shuffle per household scaled to a
  100-node cluster (16 cores each) and a country of 5 x 10^8 households (docs/scale.md).

Both sides must agree on every audit count (checked). Usage:
``python bench/bench_spark.py [--households N] [--districts K] [--tiny] [--json]``
(``--tiny``: 20,000 households in 2 districts, for CI).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, Tuple

import furong
from furong import reachability
from furong import spark as fs


def shuffle_bytes(spark: Any) -> int:
    """Shuffle bytes written by every stage so far (Spark's status REST API; 0 without a UI)."""
    url = spark.sparkContext.uiWebUrl
    if not url:
        return 0
    app = spark.sparkContext.applicationId
    try:
        with urllib.request.urlopen(f"{url}/api/v1/applications/{app}/stages", timeout=10) as f:
            stages = json.load(f)
    except OSError:
        return 0
    return int(sum(s.get("shuffleWriteBytes", 0) for s in stages))


def one_machine(location: Path, as_of: str) -> Tuple[Any, float, float]:
    """furong on one machine: load `location`, then the audit and the policy gaps.
    Returns the audit, the load's seconds and the analyses' seconds."""
    t = time.perf_counter()
    net = furong.load(location)
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    want = reachability.audit(net, as_of)
    furong.plan.policy_gaps(net, as_of=as_of)
    return want, t_load, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, default=1_000_000)
    ap.add_argument("--districts", type=int, default=4)
    ap.add_argument("--per-street", type=int, default=50_000, help="households per street (shard size)")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--tiny", action="store_true", help="20,000 households in 2 districts (CI)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--as-of", default="2025-06-30")
    ap.add_argument("--driver-memory", default="4g", help="the JVM's heap (local mode: executors included)")
    args = ap.parse_args()
    if args.tiny:
        args.households, args.districts, args.per_street = 20_000, 2, 5_000

    out: Dict[str, Any] = {"households": args.households, "districts": args.districts, "master": args.master}
    t = time.perf_counter()
    spark = fs.session(args.master, app="bench_spark", **{"spark.ui.enabled": "true", "spark.ui.showConsoleProgress": "false",
                                                          "spark.driver.memory": args.driver_memory})
    out["session_seconds"] = time.perf_counter() - t
    spec = fs.province_spec(args.districts, args.households, seed=1, ledger_items=0.02,
                            households_per_street=args.per_street)
    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp:
        d = Path(tmp) / "province"
        t = time.perf_counter()
        fs.generate(spark, spec, d)
        out["generate_seconds"] = time.perf_counter() - t

        want, t_load, t_audit = one_machine(d, args.as_of)
        out["one_machine"] = {"load_seconds": t_load, "audit_seconds": t_audit,
                              "households_per_second": args.households / (t_load + t_audit)}

        before = shuffle_bytes(spark)
        r = fs.run(spark, d, as_of=args.as_of, analyses=("audit",))
        shuffled = shuffle_bytes(spark) - before
        assert r["audit"]["summary"] == want["summary"], "Spark and one machine disagree"
        assert r["audit"]["households_without_contact"] == want["households_without_contact"]
        shards = list(r["shards"].values())
        busy = [s for s in shards if s["households"]]
        exec_seconds = sum(s["seconds"] for s in shards)
        out["spark"] = {
            "seconds": r["seconds"], "households_per_second": args.households / r["seconds"],
            "ratio_to_one_machine": (args.households / r["seconds"]) / out["one_machine"]["households_per_second"],
            "shards": len(shards), "cross_links": r["cross_links"], "shuffle_bytes": shuffled,
            "shuffle_bytes_per_household": shuffled / max(1, args.households),
            "shard_seconds_median": statistics.median(s["seconds"] for s in busy),
            "shard_seconds_max": max(s["seconds"] for s in busy),
            "shard_load_share": sum(s["load_seconds"] for s in shards) / max(exec_seconds, 1e-9),
            "executor_seconds_per_household": exec_seconds / args.households,
            "driver_and_spark_seconds": r["seconds"] - exec_seconds / 2,  # 2 cores run the shards
        }
        # The same size from the generator spec: each district generated and analysed whole in
        # one task (no Parquet), against one machine on the merged CSV files (what the CI test does).
        t = time.perf_counter()
        rs = fs.run(spark, spec, as_of=args.as_of, analyses=("audit",), keep=Path(tmp) / "kept")
        t_spec = time.perf_counter() - t
        want, t_load, t_audit = one_machine(fs.merge_districts(Path(tmp) / "kept", Path(tmp) / "one"), args.as_of)
        assert rs["audit"]["summary"] == want["summary"], "Spark (spec) and one machine disagree"
        assert rs["audit"]["households_without_contact"] == want["households_without_contact"]
        assert rs["audit"]["summary"] == r["audit"]["summary"], "the spec and its Parquet dataset disagree"
        ds = list(rs["shards"].values())
        out["spark_spec"] = {
            "seconds": t_spec, "districts": len(ds),
            "district_generate_seconds_max": max(x["generate_seconds"] for x in ds),
            "district_load_seconds_max": max(x["load_seconds"] for x in ds),
            "district_seconds_max": max(x["seconds"] for x in ds),
            "one_machine_load_seconds": t_load, "one_machine_audit_seconds": t_audit,
        }
    spark.stop()

    # The model: a country of 5 x 10^8 households on 100 nodes x 16 cores, shards of one street.
    # Everything here is per household: the shards are independent, the halo step's joins and
    # the shuffle grow with the rows. Upper bound: every core of the local run busy for the
    # whole job (Spark's own work included), spread over the cluster's cores.
    s = out["spark"]
    local_cores = int(args.master[6:-1]) if args.master.startswith("local[") and args.master[6:-1].isdigit() else 1
    country, cores = 500_000_000, 100 * 16
    out["model"] = {
        "households": country, "nodes": 100, "cores": cores, "local_cores": local_cores,
        "executor_seconds": s["executor_seconds_per_household"] * country / cores,
        "job_seconds_upper": s["seconds"] * local_cores / args.households * country / cores,
        "shuffle_gib": s["shuffle_bytes_per_household"] * country / 2 ** 30,
        "shuffle_gib_per_node": s["shuffle_bytes_per_household"] * country / 2 ** 30 / 100,
    }
    if args.json:
        json.dump(out, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        om = out["one_machine"]
        print(f"{args.households} households in {args.districts} districts, {s['shards']} shards, master {args.master}")
        print(f"one machine: load {om['load_seconds']:.1f} s + audit {om['audit_seconds']:.1f} s = "
              f"{om['households_per_second']:,.0f} households/s")
        print(f"spark:       {s['seconds']:.1f} s = {s['households_per_second']:,.0f} households/s "
              f"(ratio {s['ratio_to_one_machine']:.2f}); shard median {s['shard_seconds_median']:.2f} s, "
              f"max {s['shard_seconds_max']:.2f} s; shuffle {s['shuffle_bytes'] / 2**20:.1f} MiB "
              f"({s['shuffle_bytes_per_household']:.0f} B/household); {s['cross_links']} links across shards")
        sp = out["spark_spec"]
        print(f"spark, from the spec (generate + load + audit per district, {sp['districts']} tasks): "
              f"{sp['seconds']:.1f} s (slowest district {sp['district_seconds_max']:.1f} s, of which generate "
              f"{sp['district_generate_seconds_max']:.1f} s); one machine on the merged CSV: load "
              f"{sp['one_machine_load_seconds']:.1f} s + audit {sp['one_machine_audit_seconds']:.1f} s")
        m = out["model"]
        print(f"model: 5e8 households on 100 x 16 cores: executors {m['executor_seconds'] / 60:.1f} min, "
              f"whole job at most {m['job_seconds_upper'] / 60:.1f} min, shuffle {m['shuffle_gib']:.0f} GiB "
              f"({m['shuffle_gib_per_node']:.1f} GiB per node)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
