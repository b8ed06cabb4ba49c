"""Output formats of the table-printing subcommands: ``--format text|json|csv|xlsx`` and
``--output FILE``.

A subcommand hands :func:`emit` its answer three ways: the text it prints for people, the
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
import io
import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, Optional

import pandas as pd

from ._errors import ArgumentError, FileError

__all__ = ["FORMATS", "add_format_arguments", "chosen_format", "emit"]

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


def emit(args: argparse.Namespace, text: str, value: Any, tables: Dict[str, pd.DataFrame]) -> int:
    """Writes the answer in the chosen format; returns the exit status (0)."""
    fmt = chosen_format(args)
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

        sheets = {name: [list(map(str, frame.columns))] + [["" if pd.isna(v) else str(v) for v in row]
                                                           for row in frame.itertuples(index=False)]
                  for name, frame in tables.items()}
        write_sheets(sheets, Path(os.fspath(output)))
    if output is not None and fmt != "text":
        print(f"wrote {output} ({fmt})", file=sys.stderr)
    return 0
