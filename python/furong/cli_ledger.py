"""``furong ledger``: the ledger as of a date from the shell.

``furong ledger DIR --as-of YYYY-MM-DD [--interval N] [--json]`` loads the network and its
ledger files from DIR (all or nothing) and prints the items overdue on the date, the items due
for a return visit (``--interval`` days since the last contact, 30 by default) and the open and
overdue counts per street, and the open items whose due date is provisional (counted in working
days across a year beyond the official calendar's last, see ``furong.calendar``). With
``--json`` it prints exactly ``{"overdue": [ids], "visit_due": [ids], "by_street": {street:
{"open": n, "overdue": n}}, "provisional": [ids]}`` (every street of the network, zeros
included; ids in file order). ``--format text|json|csv|xlsx`` and ``--output FILE``
(furong.cli_output): csv prints the ``items`` table (``id, overdue, visit_due, provisional``),
xlsx writes it and ``by_street`` as two sheets. ``--publish [--threshold N]``
prints the counts per street fit for publication instead: no ids, counts under N (default 5)
suppressed (``furong.privacy.publish_ledger``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from typing import Any, Dict, List


from .cli_output import add_format_arguments
from .cli_store import LOCATION_HELP, add_as_of, add_lang, as_of_of, messages_of, threshold_arg

__all__ = ["register", "ledger_report", "JSON_KEYS"]

#: The keys of ``furong ledger --json``, in order.
JSON_KEYS = ("overdue", "visit_due", "by_street", "provisional")


def _interval(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of days >= 0, got {text!r}")
    return n


def ledger_report(dir: str, as_of: datetime.date, interval: int = 30, net: Any = None) -> Dict[str, Any]:
    """The ``--json`` report of ``furong ledger`` as a dict (keys :data:`JSON_KEYS`).

    Examples
    --------
    >>> import furong
    >>> from furong.cli_ledger import ledger_report
    >>> r = ledger_report(str(furong.datasets.furong_path()), datetime.date(2025, 12, 31))
    >>> list(r), len(r["by_street"])
    (['overdue', 'visit_due', 'by_street', 'provisional'], 13)
    """
    from .cli_store import load_location as load

    led = (net if net is not None else load(dir)).ledger
    overdue: List[str] = list(led.overdue(as_of, ids=True))
    visit_due: List[str] = list(led.visit_due(as_of, interval=interval, ids=True))
    by = led.open_overdue_by(as_of, by="street")
    by_street = {str(s): {"open": int(r["open"]), "overdue": int(r["overdue"])} for s, r in by.iterrows()}
    return {"overdue": overdue, "visit_due": visit_due, "by_street": by_street, "provisional": led.provisional_due(as_of)}


def _tables(report: Dict[str, Any]) -> Dict[str, Any]:
    """The report as tables: ``items`` (each listed id and the lists it is on) and ``by_street``."""
    import pandas as pd

    ids: List[str] = []
    for key in ("overdue", "visit_due", "provisional"):
        ids.extend(i for i in report[key] if i not in ids)
    on = {key: set(report[key]) for key in ("overdue", "visit_due", "provisional")}
    items = pd.DataFrame({"id": ids, **{key: [i in on[key] for i in ids] for key in on}})
    by = pd.DataFrame({"street": list(report["by_street"]),
                       "open": [c["open"] for c in report["by_street"].values()],
                       "overdue": [c["overdue"] for c in report["by_street"].values()]})
    return {"items": items, "by_street": by}


def _text(report: Dict[str, Any], args: argparse.Namespace, day: datetime.date, net: Any) -> str:
    from .cli_reachability import _columns

    m = messages_of(args)
    names = net.organisations().set_index("id")["name"]
    out = [m("cli.ledger_head", as_of=day, overdue=len(report["overdue"]), due=len(report["visit_due"]),
             interval=args.interval), ""]
    rows: List[List[Any]] = [m("cli.ledger_columns").split("|")]
    for street, c in report["by_street"].items():
        name = names.get(street, "") if street else ""
        label = f"{street} {name if isinstance(name, str) else ''}".strip() or m("cli.no_street")
        rows.append([label, c["open"], c["overdue"]])
    out += _columns(rows)
    for title, key in (("cli.ledger_overdue", "overdue"), ("cli.ledger_due", "visit_due"),
                       ("cli.ledger_provisional", "provisional")):
        ids = report[key]
        if ids:
            more = m("cli.more", n=len(ids) - 20) if len(ids) > 20 else ""
            out += ["", f"{m(title)}: " + ", ".join(ids[:20]) + more]
    return "\n".join(out) + "\n"


def _ledger(args: argparse.Namespace) -> int:
    from .cli_output import chosen_format, emit
    from .cli_store import load_location

    chosen_format(args)  # a contradictory --json --format fails before the ledger is loaded
    day = as_of_of(args)
    assert day is not None  # no --all-dates here: the state of an item needs a day
    net = load_location(args.dir)
    report = ledger_report(args.dir, day, args.interval, net=net)
    if args.publish:
        # For publication (docs/privacy.md): no item ids, small counts suppressed.
        from .privacy import publish_ledger

        json.dump(publish_ledger(report["by_street"], args.threshold), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    return emit(args, _text(report, args, day, net), report, _tables(report))


def register(sub: Any) -> None:
    """Add the ``ledger`` subcommand to the ``furong`` parser."""
    p = sub.add_parser("ledger", help="overdue items, return visits due and counts per street as of a date; "
                                      "ledger add|status|visit LOCATION ... record events in a store",
                       epilog="To record events in a store: furong ledger add|status|visit LOCATION --item ID ... "
                              "(see furong ledger add -h)")
    p.add_argument("dir", metavar="LOCATION", help=LOCATION_HELP)
    add_as_of(p, all_dates=False, what="ledger items (their state on DATE)")
    add_lang(p)
    p.add_argument("--interval", type=_interval, default=30,
                   help="days between return visits to an open item (default 30)")
    p.add_argument("--json", action="store_true", help="print JSON (the same as --format json)")
    p.add_argument("--publish", action="store_true",
                   help="JSON fit for publication: counts per street, no ids, small counts suppressed (docs/privacy.md)")
    p.add_argument("--threshold", type=threshold_arg, default=5, metavar="N",
                   help="with --publish: counts under N are suppressed (default 5)")
    add_format_arguments(p)
    p.set_defaults(run=_ledger)
