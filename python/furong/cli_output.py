"""Output formats of the table-printing subcommands: ``--format text|json|csv|xlsx`` and
``--output FILE``.

Subcommands that print ``--json`` get these options from :func:`adopt` (furong.cli applies it
to each): the tables then come from their JSON (:func:`json_tables`). A subcommand can also
hand :func:`emit` its answer three ways: the text it prints for people, the
JSON value (its documented ``--json`` output; ``--json`` stays as an alias of ``--format
json``), and its tables (name -> DataFrame). Then:

- ``text``: the text, to stdout or ``--output``;
- ``json``: the JSON value (UTF-8, indented);
- ``csv``: the first table as CSV (UTF-8 with a byte order mark when written to a file, so
  that Excel on Chinese Windows shows the Chinese names right);
- ``xlsx``: every table as one sheet of a workbook, cells as text; needs ``--output`` (a
  workbook is no terminal output) and openpyxl (``furong[excel]``).

Examples
--------
>>> import argparse, pandas as pd
>>> from furong.cli_output import add_format_arguments, emit
>>> p = argparse.ArgumentParser(); add_format_arguments(p)
>>> args = p.parse_args(["--format", "csv"])
>>> _ = emit(args, text="hello", value={"n": 1}, tables={"t": pd.DataFrame({"a": [1, 2]})})
a
1
2
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import os as _os
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Optional

import pandas as _pd

from ._errors import ArgumentError, FileError

__all__ = ["FORMATS", "add_format_arguments", "adopt", "chosen_format", "emit", "json_tables"]

#: The output formats, in the order ``--help`` lists them.
FORMATS = ("text", "json", "csv", "xlsx")


def add_format_arguments(p: argparse.ArgumentParser) -> None:
    """``--format`` and ``--output`` on a subcommand (its ``--json``, if any, stays an alias)."""
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="text (default), json, csv (the main table) or xlsx (every table, one sheet each; "
                        "needs --output)")
    p.add_argument("--output", "-o", default=None, metavar="FILE", help="write to FILE instead of stdout")


def chosen_format(args: argparse.Namespace) -> str:
    """The format asked for: ``--format``, else ``json`` for ``--json``, else ``text``."""
    fmt: Optional[str] = getattr(args, "format", None)
    as_json = bool(getattr(args, "json", False))
    if fmt is not None and as_json and fmt != "json":
        raise ArgumentError(f"--json and --format {fmt} ask for two formats: give one")
    return fmt or ("json" if as_json else "text")


def _write_text(text: str, output: Optional[str], bom: bool = False) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        with open(output, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            f.write(text)
    except OSError as e:
        raise FileError(e.errno or 0, f"cannot write the output: {e.strerror or e}", output) from None


def emit(args: argparse.Namespace, text: str, value: Any, tables: Dict[str, _pd.DataFrame],
         fmt: Optional[str] = None) -> int:
    """Writes the answer in ``fmt`` (default: the format ``args`` ask for); returns 0."""
    fmt = fmt or chosen_format(args)
    output: Optional[str] = getattr(args, "output", None)
    if fmt == "text":
        _write_text(text if text.endswith("\n") else text + "\n", output)
    elif fmt == "json":
        _write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", output)
    elif fmt == "csv":
        name, frame = next(iter(tables.items()))
        buf = io.StringIO()
        frame.to_csv(buf, index=False, lineterminator="\n")
        _write_text(buf.getvalue(), output, bom=output is not None)
    else:
        if output is None:
            raise ArgumentError("--format xlsx writes a workbook: give --output FILE.xlsx")
        if not output.lower().endswith(".xlsx"):
            raise ArgumentError(f"--format xlsx writes a workbook: --output must end in .xlsx, got {output!r}")
        from ._tables import write_sheets

        sheets = {name: [list(map(str, frame.columns))] + [["" if _pd.isna(v) else str(v) for v in row]
                                                           for row in frame.itertuples(index=False)]
                  for name, frame in tables.items()}
        write_sheets(sheets, Path(_os.fspath(output)))
    if output is not None and fmt != "text":
        print(f"wrote {output} ({fmt})", file=sys.stderr)
    return 0


# ---- subcommands that print --json: the same formats without rewriting them ----------------
_SHEET_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _scalar(x: Any) -> Any:
    return json.dumps(x, ensure_ascii=False) if isinstance(x, (dict, list)) else x


def _cells(frame: _pd.DataFrame) -> _pd.DataFrame:
    # lists left inside rows become JSON text (Series.map: pandas 1.5 has no DataFrame.map)
    return frame.apply(lambda col: col.map(_scalar)) if len(frame.columns) else frame


def json_tables(value: Any) -> Dict[str, _pd.DataFrame]:
    """The tables of a command's JSON answer, in its key order: a list of objects is a table
    (nested objects flattened to ``a.b`` columns), an object of objects a table with a ``key``
    column, a list of values or an object of values a one- or two-column table, and the
    top-level values that are none of these one ``summary`` table (last)."""
    tables: Dict[str, _pd.DataFrame] = {}
    summary: Dict[str, Any] = {}

    def add(name: str, v: Any) -> None:
        if isinstance(v, list):
            if v and all(isinstance(x, dict) for x in v):
                tables[name] = _cells(_pd.json_normalize(v))
            else:
                tables[name] = _pd.DataFrame({name: [_scalar(x) for x in v]})
        elif isinstance(v, dict):
            if v and all(isinstance(x, dict) for x in v.values()):
                tables[name] = _cells(_pd.json_normalize([{"key": k, **x} for k, x in v.items()]))
            elif all(not isinstance(x, (dict, list)) for x in v.values()):
                tables[name] = _pd.DataFrame({"key": list(v), "value": list(v.values())})
            else:
                for k, x in v.items():
                    add(f"{name}.{k}", x)
        else:
            summary[name] = v

    if isinstance(value, dict):
        for k, v in value.items():
            add(str(k), v)
    else:
        add("rows", value)
    if summary:
        tables["summary"] = _pd.DataFrame({"key": list(summary), "value": [_scalar(x) for x in summary.values()]})
    # sheet names: at most 31 characters, none of []:*?/\, unique
    out: Dict[str, _pd.DataFrame] = {}
    for name, frame in tables.items():
        short = name.translate(_SHEET_BAD)[:31]
        k = 2
        while short in out:
            short = f"{name.translate(_SHEET_BAD)[:28]}~{k}"
            k += 1
        out[short] = frame
    return out


def _run_formatted(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    fmt = chosen_format(args)
    output: Optional[str] = getattr(args, "output", None)
    if fmt == "text" and output is None:
        return run(args)
    args.json = fmt != "text"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = run(args)
    if fmt == "text":
        _write_text(buf.getvalue(), output)
        return code
    value = json.loads(buf.getvalue())
    tables = json_tables(value)
    if fmt in ("csv", "xlsx") and not tables:
        raise ArgumentError(f"--format {fmt}: this answer has no table")
    emit(args, "", value, tables, fmt)
    return code


def adopt(p: argparse.ArgumentParser) -> None:
    """Gives a subcommand that prints ``--json`` the options ``--format`` and ``--output``: text
    is its own output, json its ``--json``, csv and xlsx the tables of that JSON
    (:func:`json_tables`)."""
    add_format_arguments(p)
    run = p.get_default("run")
    p.set_defaults(run=functools.partial(_run_formatted, run))
