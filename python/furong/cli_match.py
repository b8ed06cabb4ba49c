"""``furong match``: the co-building matching from the shell.

``furong match DIR [--max-per-compound N] [--cover-first] [--same-street] [--as-of DATE]
[--json]``: the optimal plan, keeping the pairing links active on ``--as-of`` (default:
today, read once when the command starts; the library's ``as_of=None`` would keep every
pairing link whatever its dates). With ``--json`` it prints
exactly ``{"total_score": number, "pairs": [{"provider", "compound", "score", "reasons"}],
"unmatched": [{"compound", "why"}]}``.

``furong match DIR --stable [--provider-optimal] [--json]``: the stable matching of
``DIR/preferences.csv``; ``--json`` prints ``{"side", "pairs": [{"provider", "compound",
"compound_rank", "provider_rank"}], "unmatched": [{"compound", "why"}]}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Dict, List, Optional

from .cli_store import LOCATION_HELP, add_as_of, add_lang, as_of_of, labelled, messages_of

__all__ = ["register", "format_plan", "format_stable"]


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {n}")
    return n


def format_plan(plan: Any, limit: int = 20, msg: Any = None, labels: Optional[Dict[str, str]] = None) -> List[str]:
    """Text lines of a :class:`furong.match.MatchPlan`: totals, the best pairs, the unmatched;
    in the language of ``msg`` (English by default)."""
    from ._messages import Messages

    m = msg if msg is not None else Messages("en")
    whys = plan.unmatched["why"].value_counts()
    when = m("cli.match_when", as_of=plan.as_of) if plan.as_of is not None else m("cli.match_all")
    lines = [m("cli.match_head", when=when, pairs=len(plan.pairs), score=f"{plan.total_score:g}", kept=len(plan.kept),
               covered=plan.compounds_covered, compounds=plan.compounds),
             m("cli.match_unmatched", n=len(plan.unmatched), none=whys.get("no_eligible_provider", 0),
               full=whys.get("providers_full", 0))]
    top = plan.pairs.sort_values("score", ascending=False, kind="stable").head(limit)
    label = labels or {}
    for p, c, s, why in zip(top["provider"], top["compound"], top["score"], top["reasons"]):
        reasons = ", ".join(f"{r['resource']} {r['priority']}x{r['amount']:g}" for r in why)
        lines.append(f"  {label.get(p, p)} -> {label.get(c, c)}  {s:g}  {reasons}")
    if len(plan.pairs) > limit:
        lines.append(m("cli.match_more", n=len(plan.pairs) - limit))
    return lines


def format_stable(m: Any, limit: int = 20) -> List[str]:
    """Text lines of a :class:`furong.match.StableMatch`."""
    lines = [f"stable matching ({m.side}-optimal): {len(m.pairs)} pairs, {len(m.unmatched)} compounds unmatched, "
             f"{m.proposals} proposals"]
    for c, p, a, b in zip(m.pairs["compound"][:limit], m.pairs["provider"][:limit],
                          m.pairs["compound_rank"][:limit], m.pairs["provider_rank"][:limit]):
        lines.append(f"  {c:<22} <- {p:<20} (its choice {a}, provider's choice {b})")
    if len(m.pairs) > limit:
        lines.append(f"  ... (+{len(m.pairs) - limit} pairs; --json lists all)")
    return lines


def _match(args: argparse.Namespace) -> int:
    from . import match
    from .cli_store import load_location as load

    net = load(args.dir)
    if args.stable:
        m = match.stable(net, None, side="providers" if args.provider_optimal else "compounds")
        if args.json:
            _print_json(m.to_dict())
        else:
            print("\n".join(format_stable(m)))
        return 0
    as_of = as_of_of(args)
    plan = match.co_building(net, as_of=as_of, max_per_compound=args.max_per_compound,
                             cover_first=args.cover_first, same_street=args.same_street)
    if args.json:
        _print_json(plan.to_dict())
    else:
        shown = plan.pairs.sort_values("score", ascending=False, kind="stable").head(20)
        labels = labelled(list(shown["provider"]) + list(shown["compound"]), net)
        print("\n".join(format_plan(plan, msg=messages_of(args), labels=labels)))
    return 0


#: The help text of ``furong match`` (plain text: the module docstring is reStructuredText).
DESCRIPTION = """\
furong match LOCATION [--max-per-compound N] [--cover-first] [--same-street] [--as-of DATE] [--json]
  the optimal co-building plan, keeping the pairing links active on DATE (default: today).
  --json prints {"total_score", "pairs": [{"provider", "compound", "score", "reasons"}],
  "unmatched": [{"compound", "why"}]}.

furong match LOCATION --stable [--provider-optimal] [--json]
  the stable matching of LOCATION/preferences.csv; --json prints {"side", "pairs":
  [{"provider", "compound", "compound_rank", "provider_rank"}], "unmatched": [{"compound", "why"}]}.
"""


def register(sub: Any) -> None:
    """Add ``furong match`` to the ``furong`` command."""
    p = sub.add_parser("match", help="co-building matching: optimal pairing with reasons, or stable matching",
                       description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", metavar="LOCATION", help=LOCATION_HELP)
    p.add_argument("--max-per-compound", type=_positive, default=1, metavar="N",
                   help="providers per compound, kept pairs included (default 1)")
    p.add_argument("--cover-first", action="store_true", help="cover the most compounds first, then maximise the score")
    p.add_argument("--same-street", action="store_true", help="units pair only within their street")
    add_as_of(p, what="pairing links (kept)")
    p.add_argument("--stable", action="store_true", help="stable matching of DIR/preferences.csv instead")
    p.add_argument("--provider-optimal", action="store_true", help="with --stable: the provider-optimal one")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_lang(p)
    p.set_defaults(run=_match)
