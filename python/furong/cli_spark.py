"""``furong spark``: the province's questions per street shard on Apache Spark.

``furong spark audit PARQUET_DIR [--master local[2]] [--as-of DATE | --all-dates] [--json]``,
``furong spark ledger PARQUET_DIR [--as-of DATE] [--interval N] [--json]`` and
``furong spark plan branches|property PARQUET_DIR [--as-of DATE | --all-dates] [--min-households N] [--json]``
print the same JSON as ``furong audit``, ``furong ledger`` and ``furong plan branches|property``
on the same data, plus the key ``spark``: the job's wall time, the links crossing shards and
per shard its rows, organisations, load and total seconds. ``furong spark generate OUT
--districts K --households N [--seed S]`` writes a synthetic province (generated inside the
executors). Needs the ``spark`` extra and Java 17.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Dict

from .cli_store import add_as_of, as_of_of

__all__ = ["register"]


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return n


def _session(args: argparse.Namespace) -> Any:
    from .spark import session

    return session(args.master)


def _timings(r: Dict[str, Any]) -> Dict[str, Any]:
    return {"seconds": r["seconds"], "cross_links": r["cross_links"], "shards": r["shards"]}


def _audit(args: argparse.Namespace) -> int:
    from .cli_reachability import format_audit
    from .spark import run

    r = run(_session(args), args.dir, as_of=as_of_of(args), analyses=("audit",))
    out = dict(r["audit"])
    if args.json:
        out["spark"] = _timings(r)
        _print_json(out)
        return 0
    print("\n".join(format_audit(out)))
    print(f"\n{len(r['shards'])} shards, {r['cross_links']} links across shards, {r['seconds']:.1f} s")
    for d, s in r["districts"].items():
        print(f"  {d:<24} households {s['households']:>10}  contact coverage {s['contact_coverage']:.2%}")
    return 0


def _ledger(args: argparse.Namespace) -> int:
    from .cli_ledger import JSON_KEYS
    from .spark import run

    day = as_of_of(args)
    r = run(_session(args), args.dir, as_of=day, analyses=("ledger",), interval=args.interval)
    out: Dict[str, Any] = {k: r["ledger"][k] for k in JSON_KEYS}
    if args.json:
        out["spark"] = _timings(r)
        out["spark"]["closure"] = r["ledger"]["closure"]
        out["spark"]["districts"] = r["ledger"]["districts"]
        _print_json(out)
        return 0
    print(f"ledger as of {day}: {len(out['overdue'])} overdue, {len(out['visit_due'])} due for a return visit")
    print(f"\n{'street':<24} {'open':>7} {'overdue':>8}")
    for street, c in out["by_street"].items():
        print(f"{street or '(no street)':<24} {c['open']:>7} {c['overdue']:>8}")
    print(f"\n{len(r['shards'])} shards, {r['seconds']:.1f} s")
    return 0


def _plan(args: argparse.Namespace) -> int:
    from .spark import run

    r = run(_session(args), args.dir, as_of=as_of_of(args), analyses=("plans",), min_households=args.min_households)
    plan = r["plans"][args.which]
    if args.json:
        out = dict(plan)
        out["spark"] = _timings(r)
        _print_json(out)
        return 0
    joint = sum(1 for g in plan["groups"] if len(g["compounds"]) > 1)
    print(f"{args.which} plan: {len(plan['groups'])} groups ({joint} joint), {len(plan['uncovered'])} uncovered, "
          f"{'proven optimal' if plan['optimal'] else 'not proven optimal'}; {len(r['shards'])} shards, "
          f"{r['seconds']:.1f} s")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from .spark import generate, province_spec

    m = generate(_session(args), province_spec(args.districts, args.households, args.seed, args.ledger_items), args.out)
    print(f"{args.out}: {args.districts} districts, {m['tables']['organisations']['rows']} organisations")
    return 0


def register(sub: Any) -> None:
    """Add ``spark audit|ledger|plan|generate`` to the ``furong`` parser."""
    sp = sub.add_parser("spark", help="the province per street shard on Apache Spark: audit, ledger, plan, generate")
    ssub = sp.add_subparsers(dest="spark_command", required=True, metavar="SPARK")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--master", default="local[2]", help="Spark master URL (default local[2])")
        p.add_argument("--json", action="store_true", help="print JSON (timings under the key 'spark')")

    p = ssub.add_parser("audit", help="the coverage audit and policy gaps, per shard, rolled up")
    p.add_argument("dir", metavar="PARQUET_DIR", help="a furong Parquet dataset (furong export --format parquet)")
    add_as_of(p)
    common(p)
    p.set_defaults(run=_audit)
    p = ssub.add_parser("ledger", help="overdue, return visits due and counts per street, per shard, rolled up")
    p.add_argument("dir", metavar="PARQUET_DIR", help="a furong Parquet dataset")
    add_as_of(p, all_dates=False, what="ledger items (their state on DATE)")
    p.add_argument("--interval", type=_count, default=30, help="days between return visits (default 30)")
    common(p)
    p.set_defaults(run=_ledger)
    p = ssub.add_parser("plan", help="joint-branch or property-area plans, per shard, rolled up")
    p.add_argument("which", choices=["branches", "property"], help="which plan")
    p.add_argument("dir", metavar="PARQUET_DIR", help="a furong Parquet dataset")
    add_as_of(p)
    p.add_argument("--min-households", type=_count, default=300, metavar="N", help="households per area (300)")
    common(p)
    p.set_defaults(run=_plan)
    p = ssub.add_parser("generate", help="a synthetic province, generated inside the executors, as a Parquet dataset")
    p.add_argument("out", metavar="OUT", help="new directory")
    p.add_argument("--districts", type=_count, default=3, help="districts (cities), default 3")
    p.add_argument("--households", type=_count, default=100_000, help="households in all, default 100000")
    p.add_argument("--seed", type=_count, default=1, help="seed of the first district (default 1)")
    p.add_argument("--ledger-items", dest="ledger_items", type=float, default=0.02,
                   help="ledger items per household (default 0.02)")
    p.add_argument("--master", default="local[2]", help="Spark master URL (default local[2])")
    p.set_defaults(run=_generate)
