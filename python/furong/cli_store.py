"""``furong store``, ``furong export`` and the ledger writes: the governance store from the shell.

A LOCATION is a directory of CSV files or a store (a SQLite file or a ``postgresql://`` URL);
every subcommand that reads data takes either (:func:`load_location`).

- ``furong store init LOCATION --from DIR [--author A]``: a new store holding the dataset of
  DIR (all or nothing).
- ``furong store check LOCATION``: the integrity check; exit status 1 when it finds problems.
- ``furong store history LOCATION --item ID``: the changes of a ledger item, with author and time.
- ``furong store log LOCATION``: the committed transactions.
- ``furong export LOCATION TARGET [--recorded-by DATE] [--format csv|parquet|xlsx] [--redact --key-file K
  [--keep ATTR ...]]``: the CSV files of a store (or of another directory or workbook), as
  recorded now or at the end of DATE, into the directory TARGET, a Parquet dataset partitioned by district and street
  (``--format parquet``), or one Excel workbook
  (``--format xlsx``, the default for a TARGET ending in ``.xlsx``; :data:`EXPORT_FORMATS`);
  with ``--redact``, pseudonymised with the key in K (docs/privacy.md).

Every subcommand that reads a LOCATION also reads an Excel workbook (``district.xlsx``, one
sheet per CSV file) and takes ``--encoding`` for CSV files not in UTF-8 (``gb18030``: Excel
on Chinese Windows).
- ``furong ledger add LOCATION --item ID --compound C --category K --raised DATE --owner P
  [--summary T --source S --due DATE --meeting M]``
- ``furong ledger status LOCATION --item ID --to STATUS --on DATE [--note T] [--expect STATUS]``
- ``furong ledger visit LOCATION --item ID --on DATE --satisfied yes|no|no-answer``

Each write prints what it committed (``--json``: ``{"transaction", "author", "committed_at",
"summary", "event"}``) and exits with status 1 and a one-line reason when the event is refused.
The author is ``--author``, else ``$FURONG_AUTHOR``, else the login name.
"""

from __future__ import annotations

import argparse
import datetime
import getpass
import json
import os as _os
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Union

from ._dates import as_date
from ._errors import ArgumentError

__all__ = ["register", "load_location", "describe_location", "meetings_of", "date_arg", "threshold_arg", "add_as_of",
           "as_of_of", "add_lang", "messages_of", "LOCATION_HELP", "LEDGER_WRITES", "labelled", "EXPORT_FORMATS",
           "ENCODING_HELP", "set_encoding"]

#: How every subcommand describes its data argument.
LOCATION_HELP = "directory of CSV files or of a Parquet dataset, an Excel workbook (.xlsx), or a store: a SQLite file or a postgresql:// URL"
#: How ``--encoding`` is described (added to every subcommand taking a LOCATION, furong.cli).
ENCODING_HELP = "encoding of the CSV files (default UTF-8; gb18030 or gbk for CSV saved by Excel on Chinese Windows)"

# The --encoding of the running command (set once by furong.cli.main before it runs).
_encoding: Optional[str] = None


def set_encoding(encoding: Optional[str]) -> None:
    """Sets the encoding :func:`load_location` reads CSV directories with (``--encoding``)."""
    global _encoding
    _encoding = encoding

#: ``furong ledger <write> LOCATION ...``: the subcommands of ``ledger`` that write to a store.
LEDGER_WRITES = ("add", "status", "visit")


def describe_location(location: str) -> str:
    """A location as the report names it: a path as given; a URL without its password.

    Examples
    --------
    >>> describe_location("postgresql://planner:secret@db.example/furong")
    'postgresql://planner@db.example/furong'
    """
    if "://" not in location:
        return location
    from urllib.parse import urlsplit, urlunsplit

    u = urlsplit(location)
    host = (u.hostname or "") + (f":{u.port}" if u.port else "")
    netloc = f"{u.username}@{host}" if u.username else host
    return urlunsplit((u.scheme, netloc, u.path, "", ""))  # no query either: it may hold a password


def load_location(location: str) -> Any:
    """The network (with its ledger) of a directory, a workbook, a Parquet dataset or a store location."""
    import logging
    import time

    from .store import load

    t0 = time.perf_counter()
    net = load(location, encoding=_encoding)
    logging.getLogger("furong").info("loaded %s: %d organisations, %d ledger items in %.1f s",
                                     describe_location(location), len(net),
                                     len(net.ledger), time.perf_counter() - t0)
    return net


def meetings_of(location: str, net: Any) -> Union[None, Path, Any]:
    """The meetings to count for ``net`` loaded from ``location``: ``meetings.csv`` of a
    directory (when present), the meetings of a store or a Parquet dataset (when any)."""
    from .parquet import is_parquet_dataset
    from .store import is_store_location

    if not is_store_location(location) and not is_parquet_dataset(location):
        p = Path(location) / "meetings.csv"
        return p if p.exists() else None
    table = net.ledger.meetings.table()  # a store's or a Parquet dataset's meetings table
    return table if len(table) else None


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def threshold_arg(text: str) -> int:
    """An argparse type for a suppression threshold (``--threshold N``): a whole number >= 1."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return n


def date_arg(text: str) -> datetime.date:
    """An argparse type for a DATE argument (YYYY-MM-DD), through the package's one date
    conversion (furong._dates.as_date), with argparse's error type."""
    try:
        return as_date(text, "date")
    except ArgumentError:
        raise argparse.ArgumentTypeError(f"expected a real date YYYY-MM-DD, got {text!r}") from None


def add_as_of(p: argparse.ArgumentParser, *, all_dates: bool = True, what: str = "links and roles") -> None:
    """``--as-of DATE`` with its one meaning across subcommands: count only the {what} active
    on DATE, by default today; with ``all_dates``, ``--all-dates`` counts every one whatever
    its dates (the library's ``as_of=None``). Read back with :func:`as_of_of`."""
    g = p.add_mutually_exclusive_group()
    g.add_argument("--as-of", dest="as_of", type=date_arg, default=None, metavar="DATE",
                   help=f"count only {what} active on DATE, YYYY-MM-DD (default: today)")
    if all_dates:
        g.add_argument("--all-dates", action="store_true",
                       help=f"count every one of the {what}, whatever its dates (no date filter)")


def add_lang(p: argparse.ArgumentParser) -> None:
    """``--lang zh|en``: the language of the text output (default: the locale's)."""
    from ._messages import LANGS

    p.add_argument("--lang", choices=LANGS, default=None,
                   help="language of the text output: zh (Simplified Chinese) or en (default: from the locale)")


def messages_of(args: argparse.Namespace) -> Any:
    """The message catalogue in the language of ``--lang`` (or the locale's)."""
    from ._messages import Messages

    return Messages(getattr(args, "lang", None))


def labelled(ids: Any, net: Any) -> Dict[str, str]:
    """``{id: "id name"}`` for organisation ids (the id alone when it has no name): how the
    text output shows an organisation, its name beside its id."""
    names = net.organisations().set_index("id")["name"]
    out: Dict[str, str] = {}
    for i in ids:
        name = names.get(i, "")
        out[str(i)] = f"{i} {name}" if isinstance(name, str) and name else str(i)
    return out


def as_of_of(args: argparse.Namespace) -> Optional[datetime.date]:
    """The day of ``--as-of`` (today when not given; read once), None with ``--all-dates``."""
    if getattr(args, "all_dates", False):
        return None
    day: Optional[datetime.date] = args.as_of
    return day if day is not None else datetime.date.today()


def _author(args: argparse.Namespace) -> str:
    if args.author:
        return str(args.author)
    env = _os.environ.get("FURONG_AUTHOR")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"


# ---- store ---------------------------------------------------------------------------------
def _init(args: argparse.Namespace) -> int:
    from .store import create

    s = create(args.location, args.from_dir, author=_author(args))
    net = s.network()
    print(f"{s.location}: store created from {args.from_dir}: {len(net)} organisations, "
          f"{len(net.ledger)} ledger items (schema version {s.schema_version})")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .store import open_store

    problems = open_store(args.location, read_only=True).check()
    if args.json:
        _print_json({"ok": not problems, "problems": problems})
    elif problems:
        print(f"{args.location}: {len(problems)} problems")
        for p in problems:
            print(f"  {p}")
    else:
        print(f"{args.location}: ok")
    return 1 if problems else 0


def _history(args: argparse.Namespace) -> int:
    from .store import open_store

    h = open_store(args.location, read_only=True).history(args.item)
    rows: List[Dict[str, Any]] = []
    for rec in h.to_dict(orient="records"):
        rows.append({"transaction": int(rec["transaction"]), "author": str(rec["author"]),
                     "committed_at": rec["committed_at"].isoformat(), "change": str(rec["change"]),
                     "date": rec["date"].date().isoformat(),
                     "status": rec["status"] if isinstance(rec["status"], str) else None,
                     "outcome": rec["outcome"] if isinstance(rec["outcome"], str) else None, "note": str(rec["note"])})
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        what = r["status"] if r["change"] == "status" else r["outcome"] if r["change"] == "visit" else "raised"
        note = f"  ({r['note']})" if r["note"] else ""
        print(f"{r['date']}  {r['change']:<6} {what or '':<16} by {r['author']} "
              f"(transaction {r['transaction']}, {r['committed_at']}){note}")
    return 0


def _log(args: argparse.Namespace) -> int:
    from .store import open_store

    t = open_store(args.location, read_only=True).transactions()
    rows = [{"transaction": int(rec["transaction"]), "author": str(rec["author"]),
             "committed_at": rec["committed_at"].isoformat(), "summary": str(rec["summary"])}
            for rec in t.to_dict(orient="records")]
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        first = r["summary"].splitlines()[0] if r["summary"] else ""
        print(f"{r['transaction']:>6}  {r['committed_at']}  {r['author']:<16} {first}")
    return 0


def _no_encoding_for_a_store() -> None:
    if _encoding is not None:
        raise ArgumentError("--encoding applies to CSV files, not to a store")


def _redaction(args: argparse.Namespace) -> Dict[str, Any]:
    """The ``redact``/``keep`` arguments of ``Network.save`` that ``--redact`` asks for (docs/privacy.md)."""
    if args.keep and not args.redact:
        raise ArgumentError("--keep applies to a redacted export (--redact)")
    if not args.redact:
        if args.key_file:
            raise ArgumentError("--key-file applies to a redacted export (--redact)")
        return {}
    from .privacy import read_key

    if not args.key_file:
        raise ArgumentError("--redact needs --key-file K (a file holding a secret key of at least 16 bytes)")
    return {"redact": read_key(args.key_file), "keep": args.keep or ()}


def _export_csv(args: argparse.Namespace) -> None:
    from .store import is_store_location, open_store

    redaction = _redaction(args)
    if is_store_location(args.location) and not redaction:
        _no_encoding_for_a_store()
        open_store(args.location, read_only=True).export(args.dir, args.recorded_by)
    else:
        _export_network(args).save(args.dir, **redaction)


def _export_network(args: argparse.Namespace) -> Any:
    from .store import is_store_location, open_store

    if is_store_location(args.location):
        _no_encoding_for_a_store()
        return open_store(args.location, read_only=True).network(args.recorded_by)
    if args.recorded_by is not None:
        raise ArgumentError("--recorded-by applies to a store, not to a directory of CSV files")
    return load_location(args.location)


def _export_xlsx(args: argparse.Namespace) -> None:
    if not str(args.dir).lower().endswith(".xlsx"):
        raise ArgumentError(f"--format xlsx writes a workbook: TARGET must end in .xlsx, got {args.dir!r}")
    redaction = _redaction(args)
    _export_network(args).save(args.dir, **redaction)


def _export_parquet(args: argparse.Namespace) -> None:
    from . import parquet

    redaction = _redaction(args)
    net = _export_network(args)
    if redaction:  # the one C++ redaction, then the Parquet writer over its files
        import tempfile

        from .network import load as load_directory

        with tempfile.TemporaryDirectory(prefix="furong-redacted-") as tmp:
            net.save(tmp, **redaction)
            parquet.export(load_directory(tmp), args.dir)
        return
    parquet.export(net, args.dir)


#: ``furong export --format``: name -> writer of TARGET (another format adds one row).
EXPORT_FORMATS: Dict[str, Callable[[argparse.Namespace], None]] = {
    "csv": _export_csv,
    "parquet": _export_parquet,
    "xlsx": _export_xlsx,
}


def _export(args: argparse.Namespace) -> int:
    fmt = args.format or ("xlsx" if str(args.dir).lower().endswith(".xlsx") else "csv")
    EXPORT_FORMATS[fmt](args)
    print(f"{args.location}: exported{' (pseudonymised)' if args.redact else ''} to {args.dir}"
          + (f" ({fmt})" if fmt != "csv" else ""))
    return 0


# ---- ledger writes -------------------------------------------------------------------------
def _commit_event(args: argparse.Namespace, event: Dict[str, Any], write: Any) -> int:
    from .store import open_store

    s = open_store(args.location, busy_timeout=args.wait)
    with s.transaction(author=_author(args)) as tx:
        write(tx)
    assert tx.committed is not None
    out = dict(tx.committed)
    out["event"] = event
    if args.json:
        _print_json(out)
    else:
        print(f"committed transaction {out['transaction']} by {out['author']} at {out['committed_at']}: "
              f"{out['summary']}")
    return 0


def _ledger_add(args: argparse.Namespace) -> int:
    event = {"kind": "add_item", "item": args.item, "compound": args.compound, "category": args.category,
             "raised": args.raised.isoformat(), "owner": args.owner, "summary": args.summary, "source": args.source,
             "due": args.due.isoformat() if args.due else None, "meeting": args.meeting}
    return _commit_event(args, event, lambda tx: tx.add_item(
        args.item, args.compound, args.category, args.raised, args.owner, summary=args.summary, source=args.source,
        due=args.due, meeting=args.meeting))


def _ledger_status(args: argparse.Namespace) -> int:
    event = {"kind": "status", "item": args.item, "to": args.to, "on": args.on.isoformat(), "note": args.note}
    return _commit_event(args, event, lambda tx: tx.change_status(
        args.item, args.to, args.on, note=args.note, expect_status=args.expect))


_OUTCOMES = {"yes": "satisfied", "no": "unsatisfied", "no-answer": "no_answer"}


def _ledger_visit(args: argparse.Namespace) -> int:
    outcome = _OUTCOMES[args.satisfied]
    event = {"kind": "visit", "item": args.item, "on": args.on.isoformat(), "outcome": outcome}
    return _commit_event(args, event, lambda tx: tx.record_visit(args.item, args.on, outcome))


def _seconds(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        v = -1.0
    if not 0 <= v <= 86400:
        raise argparse.ArgumentTypeError(f"expected seconds 0..86400, got {text!r}")
    return v


def _writer(sub: Any, name: str, prog: str, description: str) -> argparse.ArgumentParser:
    # Registered without help=: argparse lists only subcommands with a help text, and these
    # are reached as `furong ledger add|status|visit` (cli.main rewrites the first words).
    p: argparse.ArgumentParser = sub.add_parser(name, prog=prog, description=description)
    p.add_argument("location", metavar="LOCATION", help="the store: a SQLite file or a postgresql:// URL")
    p.add_argument("--item", required=True, metavar="ID", help="ledger item id")
    p.add_argument("--author", default=None, help="who records the event (default: $FURONG_AUTHOR or the login name)")
    p.add_argument("--wait", type=_seconds, default=30.0, metavar="SECONDS",
                   help="how long to wait for another writer's lock (default 30)")
    p.add_argument("--json", action="store_true", help="print JSON")
    return p


def register(sub: Any) -> None:
    """Add ``store``, ``export`` and the ledger writes to the ``furong`` parser."""
    store = sub.add_parser("store", help="governance store: create from CSV files, check, history, log")
    ssub = store.add_subparsers(dest="store_command", required=True, metavar="STORE")
    p = ssub.add_parser("init", help="a new store holding the dataset of a directory (all or nothing)")
    p.add_argument("location", metavar="LOCATION", help="the new store: a SQLite file or a postgresql:// URL")
    p.add_argument("--from", dest="from_dir", required=True, metavar="DIR", help="directory of CSV files")
    p.add_argument("--author", default=None, help="who imports (default: $FURONG_AUTHOR or the login name)")
    p.set_defaults(run=_init)
    p = ssub.add_parser("check", help="integrity check (exit status 1 when it finds problems)")
    p.add_argument("location", metavar="LOCATION", help="the store")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_check)
    p = ssub.add_parser("history", help="the changes of a ledger item, with author and time")
    p.add_argument("location", metavar="LOCATION", help="the store")
    p.add_argument("--item", required=True, metavar="ID", help="ledger item id")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_history)
    p = ssub.add_parser("log", help="the committed transactions, oldest first")
    p.add_argument("location", metavar="LOCATION", help="the store")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_log)

    p = sub.add_parser("export", help="write the CSV files (a Parquet dataset or an .xlsx workbook) of a store, directory or workbook, "
                                      "optionally as of a past day")
    p.add_argument("location", metavar="LOCATION", help=LOCATION_HELP)
    p.add_argument("dir", metavar="TARGET", help="directory to write (created if needed), or a .xlsx workbook; "
                                                 "written atomically")
    p.add_argument("--format", choices=sorted(EXPORT_FORMATS), default=None,
                   help="csv: a directory of CSV files; parquet: a Parquet dataset partitioned by district and street "
                        "(docs/data-format.md); xlsx: one workbook, a sheet per file "
                        "(default: xlsx for a TARGET ending in .xlsx, else csv)")
    p.add_argument("--recorded-by", dest="recorded_by", type=date_arg, default=None, metavar="DATE",
                   help="the state as recorded at the end of DATE (YYYY-MM-DD, UTC)")
    p.add_argument("--redact", action="store_true",
                   help="pseudonymise: no names or notes, person and household ids keyed pseudonyms (docs/privacy.md)")
    p.add_argument("--key-file", dest="key_file", default=None, metavar="K",
                   help="file holding the secret key of the pseudonyms (at least 16 bytes); with --redact")
    p.add_argument("--keep", action="append", default=None, metavar="ATTR",
                   help="a person, household or role attribute to keep in a redacted export (repeatable)")
    p.set_defaults(run=_export)

    p = _writer(sub, "ledger-add", "furong ledger add", "Add a ledger item to a store.")
    p.add_argument("--compound", required=True, metavar="C", help="compound id")
    p.add_argument("--category", required=True, metavar="K", help="category (its SLA gives the due date)")
    p.add_argument("--raised", required=True, type=date_arg, metavar="DATE", help="day raised, YYYY-MM-DD")
    p.add_argument("--owner", required=True, metavar="P", help="person id of the owner")
    p.add_argument("--summary", default="", metavar="T", help="what the resident asked")
    p.add_argument("--source", default="other", metavar="S",
                   help="survey, grid_patrol, night_talk, return_visit, hotline or other (default)")
    p.add_argument("--due", type=date_arg, default=None, metavar="DATE", help="due date (default: raised + SLA)")
    p.add_argument("--meeting", default="", metavar="M", help="the meeting that agreed the item")
    p.set_defaults(run=_ledger_add)
    p = _writer(sub, "ledger-status", "furong ledger status", "Record a status change of a ledger item.")
    p.add_argument("--to", required=True, metavar="STATUS",
                   help="the new status (assigned, in_progress, resolved, reopened, closed, duplicate, "
                        "not_responsible, withdrawn)")
    p.add_argument("--on", required=True, type=date_arg, metavar="DATE", help="day of the change, YYYY-MM-DD")
    p.add_argument("--note", default="", metavar="T", help="a note kept in the history")
    p.add_argument("--expect", default=None, metavar="STATUS",
                   help="refuse (conflict) unless the item still has this status")
    p.set_defaults(run=_ledger_status)
    p = _writer(sub, "ledger-visit", "furong ledger visit", "Record a return visit of a ledger item.")
    p.add_argument("--on", required=True, type=date_arg, metavar="DATE", help="day of the visit, YYYY-MM-DD")
    p.add_argument("--satisfied", required=True, choices=sorted(_OUTCOMES), help="the resident's answer")
    p.set_defaults(run=_ledger_visit)


def route(argv: List[str]) -> List[str]:
    """``ledger add|status|visit ...`` -> ``ledger-add|...`` (the parser's names for them)."""
    if len(argv) >= 2 and argv[0] == "ledger" and argv[1] in LEDGER_WRITES:
        return [f"ledger-{argv[1]}"] + argv[2:]
    return argv

