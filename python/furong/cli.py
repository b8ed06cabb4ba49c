"""The ``furong`` command line: ``furong info DIR``, ``furong demo`` and one subcommand per area.

Each area adds its subcommands from its own module (``cli_<area>.py``) through a
``register(subparsers)`` function listed in ``_AREAS``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from typing import Any, Callable, Dict, List, Optional

from ._core import __version__
from ._errors import FurongError
from .cli_store import LOCATION_HELP, add_as_of, add_lang, as_of_of, date_arg

__all__ = ["main", "build_parser"]

_log = logging.getLogger("furong")

# Modules that add subcommands: each has register(subparsers) -> None.
_AREAS: List[str] = ["cli_reachability", "cli_plan", "cli_match", "cli_ledger", "cli_store", "cli_spark"]


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _info(args: argparse.Namespace) -> int:
    from .cli_store import load_location, messages_of

    info = load_location(args.dir).info()
    if args.json:
        _print_json(info)
        return 0
    m = messages_of(args)
    print(m("cli.info", location=args.dir, organisations=info["organisations"], links=info["links"],
            people=info["people"], roles=info["roles"], offers=info["offers"], needs=info["needs"]))
    for title, key, table in (("cli.info_kinds", "by_kind", "org"), ("cli.info_links", "by_link_kind", "link"),
                              ("cli.info_roles", "by_role", "role")):
        print(f"\n{m(title)}:")
        for name, n in sorted(info[key].items(), key=lambda kv: -kv[1]):
            term = m.term(table, name)
            label = name if term == name else f"{name} {term}"
            print(f"  {label:<20} {n:>9}")
    v = info["validation"]
    print("\n" + m("cli.info_valid"))
    if v["non_district_root_count"]:
        print(m("cli.info_roots", n=v["non_district_root_count"]) + ", ".join(v["non_district_roots"]))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(out=args.out, quiet=args.quiet, lang=args.lang, names=args.names)


def _report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ._messages import Messages
    from .cli_store import describe_location, load_location, meetings_of
    from .report import write_report
    from .store import is_store_location

    msg = Messages(args.lang)
    net = load_location(args.location)
    as_of = as_of_of(args)
    prefs = None if is_store_location(args.location) else Path(args.location)
    result = write_report(net, args.out, lang=msg.lang, as_of=as_of, ledger_as_of=args.ledger_as_of, names=args.names,
                          source=describe_location(str(args.location)), street=args.street,
                          meetings=meetings_of(args.location, net),
                          preferences=prefs, progress=False if args.quiet else None)
    for line in result.summary:
        print("  " + line)
    print(msg("report.written", path=result.page))
    return 0


def _report_options(p: argparse.ArgumentParser) -> None:
    add_lang(p)
    p.add_argument("--names", action="store_true",
                   help="show residents' names beside their ids (hidden by default, for privacy)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")


def bash_completion(parser: Optional[argparse.ArgumentParser] = None) -> str:
    """A bash completion script for ``furong`` (``eval "$(furong completion bash)"``), made
    from the parser itself: subcommands, their options, and the choices of options such as
    ``--lang``; other words complete as file names."""
    root = parser if parser is not None else build_parser()
    subs: Dict[str, List[str]] = {}
    opts: Dict[str, List[str]] = {}
    choices: Dict[str, List[str]] = {}
    todo: List[Any] = [("furong", root)]
    while todo:
        key, p = todo.pop()
        opts[key] = sorted(o for a in p._actions for o in a.option_strings)
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                for n, sp in a.choices.items():
                    # "ledger-add" is how route() spells "ledger add": complete the spelling users type.
                    head, _, tail = n.partition("-")
                    parent = key if not tail or head not in a.choices else f"{key} {head}"
                    subs.setdefault(parent, []).append(tail if parent != key else n)
                    todo.append((f"{parent} {tail if parent != key else n}", sp))
            elif a.choices and a.option_strings:
                for o in a.option_strings:
                    choices[f"{key}|{o}"] = [str(c) for c in a.choices]

    def table(name: str, d: Dict[str, List[str]]) -> str:
        return "\n".join(f'  {name}["{k}"]="{" ".join(sorted(v))}"' for k, v in sorted(d.items()))

    return f"""# bash completion for furong (furong completion bash)
_furong() {{
  local -A subs opts choices
{table("subs", subs)}
{table("opts", opts)}
{table("choices", choices)}
  local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}" key="furong" w i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${{COMP_WORDS[i]}}"
    if [[ " ${{subs[$key]}} " == *" $w "* ]]; then key="$key $w"; fi
  done
  if [[ -n "${{choices[$key|$prev]}}" ]]; then
    COMPREPLY=($(compgen -W "${{choices[$key|$prev]}}" -- "$cur"))
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "${{opts[$key]}}" -- "$cur"))
  elif [[ -n "${{subs[$key]}}" ]]; then
    COMPREPLY=($(compgen -W "${{subs[$key]}}" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}}
complete -o filenames -F _furong furong
"""


def _completion(args: argparse.Namespace) -> int:
    sys.stdout.write(bash_completion())
    return 0


def _configure_logging(verbose: int) -> None:
    """Diagnostics go through :mod:`logging` (logger ``furong``) to stderr: warnings by
    default, info with ``-v``, debug with ``-vv``. Results go to stdout."""
    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logger = logging.getLogger("furong")
    logger.setLevel(level)
    if not any(getattr(h, "_furong_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("furong: %(message)s"))
        setattr(handler, "_furong_cli", True)
        logger.addHandler(handler)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``furong`` command (every subcommand registered)."""
    parser = argparse.ArgumentParser(prog="furong", description="Urban grassroots governance as a graph.")
    parser.add_argument("--version", action="version", version=f"furong {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="diagnostics on stderr: -v what is being done and how long it takes, -vv debugging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("info", help="counts by kind and link kind, and a validation summary")
    p.add_argument("dir", metavar="LOCATION", help=LOCATION_HELP)
    p.add_argument("--json", action="store_true", help="print JSON")
    add_lang(p)
    p.set_defaults(run=_info)

    p = sub.add_parser("demo", help="the report of the bundled Furong dataset (furong report of it)")
    p.add_argument("--out", default=None, help="directory for the report (default: ./furong-report)")
    _report_options(p)
    p.set_defaults(run=_demo)

    p = sub.add_parser("report", help="an HTML report of any directory or store, with every table as CSV",
                       description="Write LOCATION's report to OUT/index.html: structure, coverage audit, "
                                   "planning, co-building matching and the ledger, each table in full in "
                                   "OUT/tables (CSV, and xlsx when openpyxl is installed).")
    p.add_argument("location", metavar="LOCATION", help=LOCATION_HELP)
    p.add_argument("--out", required=True, metavar="DIR", help="directory for the report")
    add_as_of(p, all_dates=False, what="links and roles (the audit, the plans, the matching)")
    p.add_argument("--ledger-as-of", type=date_arg, default=None, metavar="DATE",
                   help="the day of the ledger section, YYYY-MM-DD (default: --as-of)")
    p.add_argument("--street", default=None, metavar="ID", help="the organisation the sunburst draws "
                                                                 "(default: the first street)")
    _report_options(p)
    p.set_defaults(run=_report)

    for area in _AREAS:
        importlib.import_module(f".{area}", __package__).register(sub)
    _add_encoding(sub)
    _add_formats(sub)

    p = sub.add_parser("completion", help="print a shell completion script: eval \"$(furong completion bash)\"")
    p.add_argument("shell", choices=["bash"], help="the shell (bash)")
    p.set_defaults(run=_completion)
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
    _configure_logging(args.verbose)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        set_encoding(getattr(args, "encoding", None))
        return run(args)
    except FurongError as e:
        _log.debug("the error's traceback", exc_info=True)
        print(f"furong: error: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `furong info DIR | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
