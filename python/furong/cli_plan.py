"""``furong plan`` and ``furong whatif``: the planning tools from the shell.

``furong plan branches DIR [--as-of D] [--json]``: joint party branches per community.
``furong plan property DIR [--min-households N] [--as-of D] [--json]``: district-wide
property areas per street. With ``--json`` both print exactly
``{"groups": [{"compounds": [ids], "weight": n}], "uncovered": [ids], "optimal": bool}``.

``furong plan policy DIR [--as-of D] [--policies FILE] [--months N] [--json]``: the failed
checks of each compound type's policy (the meetings of the location counted: ``meetings.csv`` of a directory, or those of a store).

``furong whatif DIR --remove ID[,ID...] [--as-of D] [--json]``: coverage audit, single points
of failure, plans and co-building total before and after the ids leave (``--as-of``
defaults to today).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Dict, List, Optional

from .cli_store import LOCATION_HELP, add_as_of, add_lang, as_of_of, labelled, meetings_of, messages_of

__all__ = ["register", "format_plan", "format_whatif"]


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _count(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None


def format_plan(plan: Any, what: str, limit: int = 20, msg: Any = None,
                labels: Optional[Dict[str, str]] = None) -> List[str]:
    """Text lines of a :class:`furong.plan.Plan`: totals, then the first groups; in the
    language of ``msg`` (English by default)."""
    from ._messages import Messages

    m = msg if msg is not None else Messages("en")
    g = plan.groups
    joint = int(g["joint"].sum())
    kind = m(f"cli.plan.{plan.kind}") if m.has(f"cli.plan.{plan.kind}") else plan.kind.replace("_", " ")
    lines = [m("cli.plan_head", kind=kind, as_of=plan.as_of or m("cli.any_date"), groups=len(g), single=len(g) - joint,
               joint=joint, uncovered=len(plan.uncovered),
               optimal=m("cli.plan_optimal") if plan.optimal else m("cli.plan_heuristic"))]
    label = labels or {}
    for scope, compounds, weight in zip(g["scope"][:limit], g["compounds"][:limit], g["weight"][:limit]):
        lines.append(f"  {label.get(str(scope), str(scope))}  {what} {int(weight)}:  "
                     + ", ".join(label.get(c, c) for c in compounds))
    if len(g) > limit:
        lines.append(m("cli.plan_more", n=len(g) - limit))
    if plan.uncovered:
        more = m("cli.more", n=len(plan.uncovered) - limit) if len(plan.uncovered) > limit else ""
        lines.append(m("cli.plan_uncovered") + ", ".join(plan.uncovered[:limit]) + more)
    return lines


def _labels(plan: Any, net: Any, limit: int = 20) -> Dict[str, str]:
    """Names beside the ids of the groups :func:`format_plan` shows."""
    g = plan.groups.head(limit)
    return labelled(list(g["scope"]) + [c for cs in g["compounds"] for c in cs], net)


def _branches(args: argparse.Namespace) -> int:
    from .cli_store import load_location as load
    from .plan import branches

    net = load(args.dir)
    plan = branches(net, as_of=as_of_of(args))
    if args.json:
        _print_json(plan.to_dict())
    else:
        m = messages_of(args)
        lines = format_plan(plan, m("cli.plan_party"), msg=m, labels=_labels(plan, net))
        if plan.uncovered:
            lines.append("  (uncovered compounds need the community party committee's direct coverage)")
        print("\n".join(lines))
    return 0


def _property(args: argparse.Namespace) -> int:
    from .cli_store import load_location as load
    from .plan import property_areas

    net = load(args.dir)
    plan = property_areas(net, as_of=as_of_of(args), min_households=args.min_households)
    if args.json:
        _print_json(plan.to_dict())
    else:
        m = messages_of(args)
        print("\n".join(format_plan(plan, m("cli.plan_households"), msg=m, labels=_labels(plan, net))))
    return 0


def _policy(args: argparse.Namespace) -> int:
    from .cli_store import load_location as load
    from .plan import policy_gaps

    net = load(args.dir)
    as_of = as_of_of(args)
    gaps = policy_gaps(net, as_of=as_of, policies=args.policies, meetings=meetings_of(args.dir, net),
                       meeting_months=args.months)
    if args.json:
        _print_json([{k: str(v) for k, v in row.items()} for row in gaps.to_dict(orient="records")])
        return 0
    from .cli_reachability import _columns

    m = messages_of(args)
    print(m("cli.policy_head", as_of=as_of or m("cli.any_date"), n=len(gaps)))
    counts = gaps.groupby(["compound_type", "check", "status"]).size().reset_index(name="n")
    rows = [[m.term("compound_type", str(t)), c, s, int(n), m("cli.policy_row")]
            for t, c, s, n in zip(counts["compound_type"], counts["check"], counts["status"], counts["n"])]
    if rows:
        print("\n".join(_columns(rows, left=3)))
    names = net.organisations().set_index("id")["name"]
    for compound, group in list(gaps.groupby("compound", sort=False))[:20]:
        name = names.get(compound, "")
        label = f"{compound} {name}" if isinstance(name, str) and name else str(compound)
        print(f"  {label}: " + ", ".join(f"{c} ({s})" for c, s in zip(group["check"], group["status"])))
    return 0


def format_whatif(r: Dict[str, Any], limit: int = 10, msg: Any = None) -> List[str]:
    """Text lines of a :func:`furong.plan.whatif` result, in the language of ``msg``
    (English by default)."""
    from ._messages import Messages
    from .cli_reachability import _width

    m = msg if msg is not None else Messages("en")

    def label(text: str, width: int = 34) -> str:
        return text + " " * max(2, width - _width(text))

    lines = [m("cli.whatif_head", removed=", ".join(r["removed"]), as_of=r["as_of"])]
    for key, v in r["audit"].items():
        delta = v["after"] - v["before"]
        name = m(f"cli.gap.{key}") if m.has(f"cli.gap.{key}") else key
        line = f"  {label(name, 28)} {v['before']:>7} -> {v['after']:>7} ({delta:+d})"
        if v["new"]:
            more = m("cli.more", n=len(v["new"]) - limit) if len(v["new"]) > limit else ""
            line += m("cli.whatif_newly") + ", ".join(v["new"][:limit]) + more
        if v.get("changed"):
            more = m("cli.more", n=len(v["changed"]) - limit) if len(v["changed"]) > limit else ""
            line += m("cli.whatif_changed") + ", ".join(v["changed"][:limit]) + more
        lines.append(line)
    s = r["single_points_of_failure"]
    lines.append(f"  {label(m('cli.whatif_single'))} {s['before']:>7} -> {s['after']:>7} ({s['after'] - s['before']:+d})"
                 + m("cli.whatif_critical", before=s["people_before"], after=s["people_after"]))
    for key in ("branch_plan", "property_plan"):
        b, a = r[key]["before"], r[key]["after"]
        lines.append(f"  {label(m('cli.whatif.' + key))} " + m("cli.whatif_plan", gb=b["groups"], ga=a["groups"],
                                                              jb=b["joint"], ja=a["joint"], ub=b["uncovered"],
                                                              ua=a["uncovered"]))
    c = r["co_building_total"]
    if c["before"] is None:
        lines.append(f"  {m('cli.whatif_total')}: {m('cli.whatif_no_total')}")
    else:
        lines.append(f"  {label(m('cli.whatif_total'))} {c['before']:.6g} -> {c['after']:.6g}")
    return lines


def _whatif(args: argparse.Namespace) -> int:
    from .cli_store import load_location as load
    from .plan import whatif

    ids = [i.strip() for i in args.remove.split(",") if i.strip()]
    if not ids:
        raise SystemExit("furong whatif: --remove needs at least one id")
    as_of = as_of_of(args)
    r = whatif(load(args.dir), ids, as_of)
    if args.json:
        _print_json(r)
    else:
        print("\n".join(format_whatif(r, msg=messages_of(args))))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``plan`` (``branches``, ``property``, ``policy``) and ``whatif`` subcommands."""
    plan = sub.add_parser("plan", help="planning: joint party branches, district-wide property areas, policy gaps")
    psub = plan.add_subparsers(dest="plan_command", required=True, metavar="PLAN")

    p = psub.add_parser("branches", help="which compounds build a party branch alone and which jointly")
    p.add_argument("dir", metavar="LOCATION", help=LOCATION_HELP)
    add_as_of(p)
    add_lang(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_branches)

    p = psub.add_parser("property", help="old compounds without property management grouped into district-wide areas")
    p.add_argument("dir", metavar="LOCATION", help=LOCATION_HELP)
    p.add_argument("--min-households", type=_count, default=300, metavar="N", help="households per area (300)")
    add_as_of(p)
    add_lang(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_property)

    p = psub.add_parser("policy", help="failed checks of each compound type's policy (one policy per type)")
    p.add_argument("dir", metavar="LOCATION", help=LOCATION_HELP + " (its meetings are counted)")
    add_as_of(p)
    p.add_argument("--policies", default=None, metavar="FILE", help="policy table CSV (default: the shipped one)")
    p.add_argument("--months", type=_count, default=3, metavar="N", help="months of joint meetings checked (3)")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_lang(p)
    p.set_defaults(run=_policy)

    p = sub.add_parser("whatif", help="what changes when organisations or people leave")
    p.add_argument("dir", metavar="LOCATION", help=LOCATION_HELP)
    p.add_argument("--remove", required=True, metavar="ID[,ID...]", help="organisation or person ids")
    add_as_of(p, all_dates=False, what="links and roles (the day they leave)")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_lang(p)
    p.set_defaults(run=_whatif)
