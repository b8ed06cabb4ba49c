"""The ``furong`` command line: ``furong info DIR``, ``furong demo`` and one subcommand per area.

Each area adds its subcommands from its own module (``cli_<area>.py``) through a
``register(subparsers)`` function listed in ``_AREAS``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any, Callable, Dict, List, Optional

from ._core import __version__
from ._errors import FurongError
from .cli_store import LOCATION_HELP

__all__ = ["main"]

# Modules that add subcommands: each has register(subparsers) -> None.
_AREAS: List[str] = ["cli_reachability", "cli_plan", "cli_match", "cli_ledger", "cli_store", "cli_spark"]


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _info(args: argparse.Namespace) -> int:
    from .cli_store import load_location

    info = load_location(args.dir).info()
    if args.json:
        _print_json(info)
        return 0
    print(f"{args.dir}: {info['organisations']} organisations, {info['links']} links, "
          f"{info['people']} people, {info['roles']} roles, {info['offers']} offers, {info['needs']} needs")
    for title, key in (("organisations by kind", "by_kind"), ("links by kind", "by_link_kind"), ("roles", "by_role")):
        print(f"\n{title}:")
        for name, n in sorted(info[key].items(), key=lambda kv: -kv[1]):
            print(f"  {name:<20} {n:>9}")
    v = info["validation"]
    print("\nvalidation: the file set is consistent (ids, parents, nesting, links, roles, dates all checked)")
    if v["non_district_root_count"]:
        print(f"  note: {v['non_district_root_count']} organisations other than the district have no parent: "
              + ", ".join(v["non_district_roots"]))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(out=args.out, quiet=args.quiet, names=args.names)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``furong`` command (every subcommand registered)."""
    parser = argparse.ArgumentParser(prog="furong", description="Urban grassroots governance as a graph.")
    parser.add_argument("--version", action="version", version=f"furong {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("info", help="counts by kind and link kind, and a validation summary")
    p.add_argument("dir", metavar="LOCATION", help=LOCATION_HELP)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_info)

    p = sub.add_parser("demo", help="the main job on the bundled Furong dataset, with an HTML report")
    p.add_argument("--out", default=None, help="directory for the report (default: ./furong-report)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.add_argument("--names", action="store_true", help="show residents' names in the report (off by default)")
    p.set_defaults(run=_demo)

    for area in _AREAS:
        importlib.import_module(f".{area}", __package__).register(sub)
    _add_encoding(sub)
    _add_formats(sub)
    return parser


def _add_formats(sub: Any) -> None:
    """``--format text|json|csv|xlsx`` and ``--output`` on every subcommand that prints
    ``--json`` (furong.cli_output.adopt), except the ledger writes (they print a receipt)."""
    from .cli_output import adopt

    def walk(parsers: Any, skip: Any) -> None:
        for name, p in parsers.choices.items():
            if name in skip:
                continue
            opts = {o for a in p._actions for o in a.option_strings}
            if "--json" in opts and "--format" not in opts and p.get_default("run") is not None:
                adopt(p)
            for a in p._actions:
                if isinstance(a, argparse._SubParsersAction):
                    walk(a, ())

    from .cli_store import LEDGER_WRITES

    walk(sub, {"store", *(f"ledger-{w}" for w in LEDGER_WRITES)})


def _add_encoding(sub: Any) -> None:
    """``--encoding`` on every subcommand that reads a LOCATION (its loader: load_location)."""
    from .cli_store import ENCODING_HELP

    for p in sub.choices.values():
        if any(a.metavar == "LOCATION" for a in p._actions) and not any("--encoding" in a.option_strings
                                                                          for a in p._actions):
            p.add_argument("--encoding", default=None, metavar="ENC", help=ENCODING_HELP)
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                _add_encoding(a)  # plan branches|property|policy LOCATION


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 a furong error, 2 usage)."""
    from .cli_store import route

    from .cli_store import set_encoding

    args = build_parser().parse_args(route(list(sys.argv[1:] if argv is None else argv)))
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        set_encoding(getattr(args, "encoding", None))
        return run(args)
    except FurongError as e:
        print(f"furong: error: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `furong info DIR | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
