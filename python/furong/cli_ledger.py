"""``furong ledger``: the ledger as of a date from the shell.

``furong ledger DIR --as-of YYYY-MM-DD [--interval N] [--json]`` loads the network and its
ledger files from DIR (all or nothing) and prints the items overdue on the date, the items due
for a return visit (``--interval`` days since the last contact, 30 by default) and the open and
overdue counts per street. With ``--json`` it prints exactly
``{"overdue": [ids], "visit_due": [ids], "by_street": {street: {"open": n, "overdue": n}}}``
(every street of the network, zeros included; ids in file order).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from typing import Any, Dict, List


from .cli_store import LOCATION_HELP, add_as_of, add_lang, as_of_of, messages_of

__all__ = ["register", "ledger_report", "JSON_KEYS"]

#: The keys of ``furong ledger --json``, in order.
JSON_KEYS = ("overdue", "visit_due", "by_street")


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
    (['overdue', 'visit_due', 'by_street'], 13)
    """
    from .cli_store import load_location as load

    led = (net if net is not None else load(dir)).ledger
    overdue: List[str] = list(led.overdue(as_of, ids=True))
    visit_due: List[str] = list(led.visit_due(as_of, interval=interval, ids=True))
    by = led.open_overdue_by(as_of, by="street")
    by_street = {str(s): {"open": int(r["open"]), "overdue": int(r["overdue"])} for s, r in by.iterrows()}
    return {"overdue": overdue, "visit_due": visit_due, "by_street": by_street}


def _ledger(args: argparse.Namespace) -> int:
    day = as_of_of(args)
    assert day is not None  # no --all-dates here: the state of an item needs a day
    from .cli_reachability import _columns
    from .cli_store import load_location

    net = load_location(args.dir)
    report = ledger_report(args.dir, day, args.interval, net=net)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    m = messages_of(args)
    names = net.organisations().set_index("id")["name"]
    print(m("cli.ledger_head", as_of=day, overdue=len(report["overdue"]), due=len(report["visit_due"]),
            interval=args.interval))
    print()
    rows: List[List[Any]] = [m("cli.ledger_columns").split("|")]
    for street, c in report["by_street"].items():
        name = names.get(street, "") if street else ""
        label = f"{street} {name if isinstance(name, str) else ''}".strip() or m("cli.no_street")
        rows.append([label, c["open"], c["overdue"]])
    print("\n".join(_columns(rows)))
    for title, key in (("cli.ledger_overdue", "overdue"), ("cli.ledger_due", "visit_due")):
        ids = report[key]
        if ids:
            more = m("cli.more", n=len(ids) - 20) if len(ids) > 20 else ""
            print(f"\n{m(title)}: " + ", ".join(ids[:20]) + more)
    return 0


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
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_ledger)
