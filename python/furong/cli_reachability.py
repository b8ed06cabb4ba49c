"""``furong reach`` and ``furong audit``: reachability and the coverage audit from the shell.

``furong reach DIR --from A --to B [--via hierarchy,pairing] [--max-hops K]
[--as-of YYYY-MM-DD] [--undirected] [--json]`` prints whether B is reachable from A, in how
many hops and by which path (``{"reachable": ..., "hops": ..., "path": ...}`` with --json).

``furong audit DIR [--as-of YYYY-MM-DD] [--json]`` prints every coverage gap on the date,
totals per street and a summary (the keys of ``furong.reachability.AUDIT_KEYS`` with --json).
``--publish [--threshold N]`` prints JSON fit for publication instead: no ids, counts of
households under N (default 5) suppressed (``furong.privacy.publish_audit``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Dict, List, Optional

from .cli_store import LOCATION_HELP, add_as_of, add_lang, as_of_of, labelled, meetings_of, messages_of, threshold_arg

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
        m = messages_of(args)
        print(m("cli.reach_no", dst=args.dst, src=args.src, via=args.via)
              + (m("cli.reach_within", k=args.max_hops) if args.max_hops is not None else ""))
    else:
        print(messages_of(args)("cli.reach_yes", dst=args.dst, src=args.src, hops=r.hops) + " -> ".join(r.path))
    return 0


def format_audit(report: Dict[str, Any], limit: int = 10, msg: Any = None,
                 labels: Optional[Dict[str, str]] = None) -> List[str]:
    """Text lines of an audit report: summary, per-street table (street names beside their
    ids), the first ids of each gap; in the language of ``msg`` (English by default)."""
    from ._messages import Messages

    m = msg if msg is not None else Messages("en")
    s = report["summary"]
    lines = [m("cli.audit_head", as_of=report["as_of"] or m("cli.any_date")),
             m("cli.audit_contact", n=s["households_without_contact"], of=s["households"],
               ratio=f"{s['contact_coverage']:.2%}"),
             m("cli.audit_branch", n=s["compounds_without_branch"], of=s["compounds"], ratio=f"{s['branch_coverage']:.2%}"),
             m("cli.audit_pairing", n=s["compounds_without_pairing"], ratio=f"{s['pairing_coverage']:.2%}"),
             m("cli.audit_leader", n=s["buildings_without_leader"], of=s["buildings"]),
             m("cli.audit_worker", n=s["grids_without_worker"], of=s["grids"]),
             m("cli.audit_three", n=s["three_party_gaps"], one=s["one_shoulder"]), ""]
    head = m("cli.audit_columns").split("|")
    rows = [[f"{st['street']} {st.get('name') or ''}".strip() or m("cli.no_street"), st["households"],
             st["households_without_contact"], st["compounds"], st["compounds_without_branch"],
             st["compounds_without_pairing"], st["three_party_gaps"]] for st in report["streets"]]
    lines.extend(_columns([head] + rows))
    for key in ("households_without_contact", "compounds_without_branch", "compounds_without_pairing",
                "buildings_without_leader", "grids_without_worker"):
        ids = report[key]
        if ids:
            more = m("cli.more", n=len(ids) - limit) if len(ids) > limit else ""
            label = labels or {}
            lines.append(f"  {m('cli.gap.' + key)}: " + ", ".join(label.get(i, i) for i in ids[:limit]) + more)
    return lines


def _width(text: str) -> int:
    """Columns a terminal gives the text: East Asian wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _columns(rows: List[List[Any]], left: int = 1) -> List[str]:
    """Rows as aligned text (the first ``left`` columns left-aligned, the others right),
    wide characters counted twice."""
    texts = [[str(v) for v in r] for r in rows]
    widths = [max(_width(r[i]) for r in texts) for i in range(len(texts[0]))]
    out = []
    for r in texts:
        cells = [v + " " * (widths[i] - _width(v)) if i < left else " " * (widths[i] - _width(v)) + v
                 for i, v in enumerate(r)]
        out.append("  " + "  ".join(cells).rstrip())
    return out


def _audit(args: argparse.Namespace) -> int:
    from .cli_store import load_location as load
    from .reachability import audit

    from .plan import policy_gaps

    net = load(args.dir)
    as_of = as_of_of(args)
    report = audit(net, as_of=as_of)
    if args.publish:
        # For publication (docs/privacy.md): no ids, small counts of households suppressed.
        from .privacy import publish_audit

        _print_json(publish_audit(report, args.threshold))
        return 0
    # One policy per compound type (一类一策): the failed checks per compound, beside the gaps.
    gaps = policy_gaps(net, as_of=as_of, meetings=meetings_of(args.dir, net))
    if args.json:
        out = dict(report)
        out["policy_gaps"] = gaps.to_dict(orient="records")
        _print_json(out)
    else:
        m = messages_of(args)
        from .reachability import AUDIT_KEYS

        gap_ids = [i for key in AUDIT_KEYS[1:6] for i in report[key][:10]]
        print("\n".join(format_audit(report, msg=m, labels=labelled(gap_ids, net))))
        failed = gaps[gaps["status"] == "failed"] if "status" in gaps else gaps
        print(m("cli.audit_policy", n=len(failed), compounds=failed["compound"].nunique() if len(failed) else 0))
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
    add_lang(p)
    p.set_defaults(run=_reach)

    p = sub.add_parser("audit", help="coverage gaps on a date: contacts, branches, pairings, leaders, three parties")
    p.add_argument("dir", metavar="LOCATION", help=LOCATION_HELP)
    add_as_of(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--publish", action="store_true",
                   help="JSON fit for publication: no ids, small counts suppressed (docs/privacy.md)")
    p.add_argument("--threshold", type=threshold_arg, default=5, metavar="N",
                   help="with --publish: counts under N are suppressed (default 5)")
    add_lang(p)
    p.set_defaults(run=_audit)
