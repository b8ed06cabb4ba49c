"""Excel workbooks and GBK/GB18030 CSV files, converted to the UTF-8 CSV the C++ loader reads.

There is one parser and one set of checks (the C++ loader): an ``.xlsx`` workbook (one sheet
per CSV file of the format, named after it: ``organisations``, ``links``, ``ledger``...) or a
directory of CSV files in another encoding is first written as UTF-8 CSV text into a
temporary directory, the loader reads that, and an :class:`furong.InputError` it raises is
mapped back to the original place: the workbook, the sheet (``InputError.sheet``), the row and
the column of the sheet, or the original CSV file (lines and columns are the same there).

Writing (``Network.save("district.xlsx")``): the CSV files the C++ writer produces become
one sheet each, every cell written as text (so ids such as ``007`` and dates stay what they
are, and a cell starting with ``=`` is a string, never a formula), atomically (a temporary
file in the same directory, flushed, then renamed over the target).

openpyxl (the ``excel`` extra) is needed only for workbooks.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

from ._errors import ArgumentError, FileError, InputError

__all__ = ["TABLES", "is_xlsx", "prepared", "write_xlsx", "write_sheets", "check_encoding"]

#: The CSV files of the format (docs/data-format.md), in the order sheets are written.
TABLES = ("organisations", "links", "people", "roles", "offers", "needs", "preferences",
          "ledger", "ledger_events", "visits", "sla", "calendar", "meetings", "attendance",
          "agreements", "commitments")


def is_xlsx(location: Any) -> bool:
    """True when ``location`` names an Excel workbook (by its ``.xlsx`` suffix)."""
    return isinstance(location, (str, os.PathLike)) and os.fspath(location).lower().endswith(".xlsx")


def check_encoding(encoding: Optional[str]) -> Optional[str]:
    """The codec name of ``encoding`` (None and UTF-8 mean UTF-8: no conversion)."""
    if encoding is None:
        return None
    try:
        name = codecs.lookup(encoding).name
    except (LookupError, TypeError):
        raise ArgumentError(f"unknown encoding {encoding!r} (expected e.g. 'utf-8', 'gbk' or 'gb18030')") from None
    return None if name in ("utf-8", "utf-8-sig") else name


def _openpyxl() -> Any:
    try:
        import openpyxl  # type: ignore[import-untyped, unused-ignore]  # no stubs needed: used as Any
    except ImportError:  # pragma: no cover - depends on the environment
        raise ArgumentError("reading or writing .xlsx needs openpyxl: pip install 'furong[excel]'") from None
    return openpyxl


def _column_letter(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell_text(v: Any) -> str:
    """A cell's value as the CSV field the loader expects."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime.datetime):
        return v.date().isoformat() if v.time() == datetime.time(0) else v.isoformat(sep=" ")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


class _Origin:
    """Where the text of each temporary CSV file came from, to put errors back in place."""

    def __init__(self, source: str) -> None:
        self.source = source
        # temporary file name -> (sheet or None, CSV line -> sheet row)
        self.files: Dict[str, Tuple[Optional[str], List[int]]] = {}

    def remap(self, e: InputError) -> InputError:
        name = os.path.basename(getattr(e, "file", "") or "")
        if name not in self.files:
            return e
        sheet, rows = self.files[name]
        line, col, reason = int(getattr(e, "line", 0)), int(getattr(e, "column", 0)), str(getattr(e, "reason", ""))
        if sheet is None:  # a re-encoded CSV file: the same lines and columns
            where = f"{os.path.join(self.source, name)}:{line}:{col}"
            out = InputError(f"{where}: {reason}")
            out.file, out.line, out.column, out.reason = os.path.join(self.source, name), line, col, reason
            return out
        row = rows[line - 1] if 0 < line <= len(rows) else line
        cell = f", column {_column_letter(col)}" if col > 0 else ""
        rowtxt = f", row {row}" if line > 0 else ""
        out = InputError(f"{self.source}, sheet '{sheet}'{rowtxt}{cell}: {reason}")
        out.file, out.line, out.column, out.reason = self.source, row if line > 0 else 0, col, reason
        out.sheet = sheet
        return out


def _fail(source: str, sheet: Optional[str], row: int, col: int, reason: str) -> InputError:
    if sheet is None:
        e = InputError(f"{source}:{row}:{col}: {reason}")
    else:
        cell = f", column {_column_letter(col)}" if col > 0 else ""
        e = InputError(f"{source}, sheet '{sheet}'" + (f", row {row}" if row else "") + f"{cell}: {reason}")
        e.sheet = sheet
    e.file, e.line, e.column, e.reason = source, row, col, reason
    return e


def _sheets_to_csv(path: Path, out: Path, origin: _Origin) -> None:
    openpyxl = _openpyxl()
    source = os.fspath(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise FileError(2, "no such workbook", source) from None
    except Exception as e:  # zipfile.BadZipFile, KeyError, ...: not a workbook
        raise _fail(source, None, 0, 0, f"not an Excel .xlsx workbook ({type(e).__name__}: {e})") from None
    try:
        seen: Dict[str, str] = {}
        for ws in wb.worksheets:
            name = ws.title.strip().lower()  # "Organisations" is organisations.csv too
            if name not in TABLES:
                raise _fail(source, ws.title, 0, 0, f"unknown sheet (expected sheets named after the CSV files: "
                                                    f"{', '.join(TABLES)})")
            if name in seen:
                raise _fail(source, ws.title, 0, 0, f"a second sheet for {name}.csv (the first: '{seen[name]}')")
            seen[name] = ws.title
            # A cell's text is the field's value; the CSV loader strips one leading apostrophe
            # (the formula guard, docs/data-format.md), so a leading apostrophe is doubled.
            rows = [[_csv_field(_cell_text(v)) for v in r] for r in ws.iter_rows(values_only=True)]
            while rows and not any(rows[-1]):
                rows.pop()  # trailing empty rows (formatting left by Excel)
            if not rows:
                raise _fail(source, ws.title, 1, 0, "empty sheet: expected a header row")
            header = rows[0]
            width = len(header)
            while width and not header[width - 1]:
                width -= 1
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            line_rows: List[int] = []
            for k, r in enumerate(rows, start=1):
                while len(r) > width and not r[-1]:
                    r.pop()  # empty cells right of the header
                if k > 1 and not any(r):
                    r = [""] * max(width, 1)  # keep the line (the loader reports blank rows itself)
                w.writerow(r[:width] if len(r) <= width else r)
                # a cell holding line breaks spans several CSV lines: each maps to this row
                line_rows.extend([k] * (1 + sum(c.count("\n") for c in r)))
            (out / f"{name}.csv").write_text(buf.getvalue(), encoding="utf-8")
            origin.files[f"{name}.csv"] = (ws.title, line_rows)
    finally:
        wb.close()


def _reencode(src: Path, out: Path, encoding: str, origin: _Origin) -> None:
    if not src.is_dir():
        raise FileError(2, "no such directory", os.fspath(src))
    for p in sorted(src.iterdir()):
        if not p.is_file():
            continue
        if p.suffix.lower() != ".csv":
            shutil.copy2(p, out / p.name)
            continue
        data = p.read_bytes()
        text: Optional[str]
        try:
            # A file that is valid UTF-8 is UTF-8 (real GBK Chinese text is never valid UTF-8):
            # a directory where only some files went through Excel loads.
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        try:
            if text is None:
                text = data.decode(encoding)
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1  # bytes, as near as a bad byte allows
            raise _fail(os.fspath(p), None, line, col, f"not valid {encoding} text (expected the encoding given)") from None
        (out / p.name).write_text(text[1:] if text.startswith("\ufeff") else text, encoding="utf-8")
        origin.files[p.name] = (None, [])


@contextlib.contextmanager
def prepared(location: Any, encoding: Optional[str] = None) -> Iterator[Tuple[str, _Origin]]:
    """A directory of UTF-8 CSV files holding ``location`` (a workbook, or a directory in
    ``encoding``), and the origin that maps loader errors back (``origin.remap``)."""
    enc = check_encoding(encoding)
    path = Path(os.fspath(location))
    with tempfile.TemporaryDirectory(prefix="furong-tables-") as tmp:
        out = Path(tmp)
        origin = _Origin(os.fspath(location))
        if is_xlsx(location):
            if enc is not None:
                raise ArgumentError("encoding applies to CSV files, not to an .xlsx workbook")
            _sheets_to_csv(path, out, origin)
        else:
            assert enc is not None
            _reencode(path, out, enc, origin)
        yield tmp, origin


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _csv_field(text: str) -> str:
    """A value as a CSV field the loader reads back unchanged (one apostrophe more when it starts with one)."""
    return "'" + text if text.startswith("'") else text


def _cell_value(field: str) -> str:
    """The value of a CSV field written by the C++ writer (one leading apostrophe less)."""
    return field[1:] if field.startswith("'") else field


def write_xlsx(csv_dir: Path, target: Path) -> None:
    """Writes the CSV files of ``csv_dir`` as the sheets of the workbook ``target``, atomically."""
    sheets: Dict[str, List[List[str]]] = {}
    for t in TABLES:
        if (csv_dir / f"{t}.csv").exists():
            with open(csv_dir / f"{t}.csv", encoding="utf-8", newline="") as f:
                # The C++ writer's formula guard is for spreadsheets opening CSV; a workbook's
                # cells are text already, so each holds the value itself.
                sheets[t] = [[_cell_value(c) for c in r] for r in csv.reader(f)]
    write_sheets(sheets, target)


def write_sheets(sheets: Dict[str, List[List[str]]], target: Path) -> None:
    """Writes one sheet per entry (rows of text cells) into the workbook ``target``, atomically:
    a temporary file in the same directory, flushed and synced, renamed over the target."""
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name[:31])  # Excel's limit on sheet names
        for r in rows:
            ws.append([str(v) for v in r])
        # every cell is text: a string that looks like a formula stays a string
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and _FORMULA.match(c.value):
                    c.data_type = "s"
    target = Path(os.fspath(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=os.fspath(target.parent) or ".")
    except OSError as e:
        raise FileError(e.errno or 0, f"cannot write the workbook: {e.strerror or e}", os.fspath(target)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            wb.save(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise FileError(e.errno or 0, f"cannot write the workbook: {e.strerror or e}", os.fspath(target)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
