"""``furong reach`` and ``furong audit``: reachability and the coverage audit from the shell.

``furong reach DIR --from A --to B [--via hierarchy,pairing] [--max-hops K]
[--as-of YYYY-MM-DD] [--undirected] [--json]`` prints whether B is reachable from A, in how
many hops and by which path (``{"reachable": ..., "hops": ..., "path": ...}`` with --json).

``furong audit DIR [--as-of YYYY-MM-DD] [--json]`` prints every coverage gap on the date,
totals per street and a summary (the keys of ``furong.reachability.AUDIT_KEYS`` with --json).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Dict, List

from .cli_store import LOCATION_HELP, add_as_of, as_of_of, meetings_of

__all__ = ["register", "format_audit"]


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _hops(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer number of hops, got {text!r}") from None


def _reach(args: argparse.Namespace) -> int:
    from .cli_store import load_location as load
    from .reachability import reachable

    net = load(args.dir)
    r = reachable(net, args.src, args.dst, via=args.via, max_hops=args.max_hops, as_of=as_of_of(args),
                  undirected=args.undirected)
    result: Dict[str, Any] = {"reachable": r is not None, "hops": None if r is None else r.hops,
                              "path": None if r is None else r.path}
    if args.json:
        _print_json(result)
    elif r is None:
        print(f"{args.dst} is not reachable from {args.src} over {args.via}"
              + (f" within {args.max_hops} hops" if args.max_hops is not None else ""))
    else:
        print(f"{args.dst} is reachable from {args.src} in {r.hops} hops: " + " -> ".join(r.path))
    return 0


def format_audit(report: Dict[str, Any], limit: int = 10) -> List[str]:
    """Text lines of an audit report: summary, per-street table, the first ids of each gap."""
    s = report["summary"]
    lines = [f"coverage audit as of {report['as_of'] or 'any date (all links and roles)'}",
             f"  households without a contact: {s['households_without_contact']} of {s['households']} "
             f"(contact coverage {s['contact_coverage']:.2%})",
             f"  compounds without a party branch: {s['compounds_without_branch']} of {s['compounds']} "
             f"(coverage {s['branch_coverage']:.2%})",
             f"  compounds without a pairing: {s['compounds_without_pairing']} (coverage {s['pairing_coverage']:.2%})",
             f"  buildings without a leader: {s['buildings_without_leader']} of {s['buildings']}",
             f"  grids without a worker: {s['grids_without_worker']} of {s['grids']}",
             f"  three-party gaps: {s['three_party_gaps']} compounds; one shoulder in {s['one_shoulder']}",
             "", f"  {'street':<22}{'households':>11}{'no contact':>11}{'compounds':>10}{'no branch':>10}"
             f"{'no pairing':>11}{'3-party':>8}"]
    for st in report["streets"]:
        name = st["street"] or "(no street)"
        lines.append(f"  {name:<22}{st['households']:>11}{st['households_without_contact']:>11}{st['compounds']:>10}"
                     f"{st['compounds_without_branch']:>10}{st['compounds_without_pairing']:>11}{st['three_party_gaps']:>8}")
    for key in ("households_without_contact", "compounds_without_branch", "compounds_without_pairing",
                "buildings_without_leader", "grids_without_worker"):
        ids = report[key]
        if ids:
            more = f" ... (+{len(ids) - limit})" if len(ids) > limit else ""
            lines.append(f"  {key}: " + ", ".join(ids[:limit]) + more)
    return lines


def _audit(args: argparse.Namespace) -> int:
    from .cli_store import load_location as load
    from .reachability import audit

    from .plan import policy_gaps

    net = load(args.dir)
    as_of = as_of_of(args)
    report = audit(net, as_of=as_of)
    # One policy per compound type (一类一策): the failed checks per compound, beside the gaps.
    gaps = policy_gaps(net, as_of=as_of, meetings=meetings_of(args.dir, net))
    if args.json:
        out = dict(report)
        out["policy_gaps"] = gaps.to_dict(orient="records")
        _print_json(out)
    else:
        print("\n".join(format_audit(report)))
        failed = gaps[gaps["status"] == "failed"] if "status" in gaps else gaps
        print(f"policy gaps (one policy per compound type): {len(failed)} failed checks on "
              f"{failed['compound'].nunique() if len(failed) else 0} compounds")
        for check, n in failed.groupby("check").size().sort_values(ascending=False).items():
            print(f"  {check:<26} {n:>6}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``reach`` and ``audit`` subcommands."""
    p = sub.add_parser("reach", help="is B reachable from A over chosen edge kinds, within k hops, on a date")
    p.add_argument("dir", metavar="LOCATION", help=LOCATION_HELP)
    p.add_argument("--from", dest="src", required=True, metavar="A", help="source organisation id")
    p.add_argument("--to", dest="dst", required=True, metavar="B", help="target organisation id")
    p.add_argument("--via", default="hierarchy",
                   help="comma-separated edge kinds: hierarchy and link kinds (default: hierarchy)")
    p.add_argument("--max-hops", type=_hops, default=None, metavar="K", help="at most K edges")
    add_as_of(p, what="links")
    p.add_argument("--undirected", action="store_true", help="follow edges both ways")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_reach)

    p = sub.add_parser("audit", help="coverage gaps on a date: contacts, branches, pairings, leaders, three parties")
    p.add_argument("dir", metavar="LOCATION", help=LOCATION_HELP)
    add_as_of(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_audit)
