"""The CLI's output formats (furong.cli_output), the export formats and --encoding."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import List, Tuple

import pandas as pd
import pytest

import furong
from furong.cli import main as cli_main

DATA = furong.datasets.furong_path()
DAY = "2025-12-31"


def run(argv: List[str]) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(argv)
    return code, out.getvalue(), err.getvalue()


def test_ledger_formats_agree() -> None:
    code, js, _ = run(["ledger", str(DATA), "--as-of", DAY, "--format", "json"])
    assert code == 0
    report = json.loads(js)
    code, alias, _ = run(["ledger", str(DATA), "--as-of", DAY, "--json"])
    assert json.loads(alias) == report  # --json is --format json
    code, text, _ = run(["ledger", str(DATA), "--as-of", DAY])
    assert text.startswith(f"ledger as of {DAY}: {len(report['overdue'])} overdue")
    code, csv_text, _ = run(["ledger", str(DATA), "--as-of", DAY, "--format", "csv"])
    items = pd.read_csv(io.StringIO(csv_text))
    assert list(items.columns) == ["id", "overdue", "visit_due", "provisional"]
    assert items.loc[items["overdue"], "id"].tolist() == report["overdue"]
    assert sorted(items.loc[items["visit_due"], "id"]) == sorted(report["visit_due"])
    assert set(items["id"]) == set(report["overdue"]) | set(report["visit_due"]) | set(report["provisional"])


def test_ledger_xlsx_and_output_file(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "ledger.xlsx"
    code, out, err = run(["ledger", str(DATA), "--as-of", DAY, "--format", "xlsx", "--output", str(book)])
    assert code == 0 and out == "" and "wrote" in err
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["items", "by_street"]
    rows = list(wb["by_street"].iter_rows(values_only=True))
    assert rows[0] == ("street", "open", "overdue") and len(rows) == 14
    _, js, _ = run(["ledger", str(DATA), "--as-of", DAY, "--json"])
    report = json.loads(js)
    assert {r[0]: int(r[1]) for r in rows[1:]} == {s: c["open"] for s, c in report["by_street"].items()}
    # csv to a file: UTF-8 with a BOM (Excel), the same table as on stdout
    f = tmp_path / "items.csv"
    assert run(["ledger", str(DATA), "--as-of", DAY, "--format", "csv", "-o", str(f)])[0] == 0
    assert f.read_bytes().startswith(b"\xef\xbb\xbf")
    assert f.read_text(encoding="utf-8-sig") == run(["ledger", str(DATA), "--as-of", DAY, "--format", "csv"])[1]
    t = tmp_path / "report.txt"
    assert run(["ledger", str(DATA), "--as-of", DAY, "--output", str(t)])[0] == 0
    assert t.read_text(encoding="utf-8").startswith("ledger as of")


def test_format_errors(tmp_path: Path) -> None:
    code, _, err = run(["ledger", str(DATA), "--as-of", DAY, "--format", "xlsx"])
    assert code == 1 and "--output" in err
    code, _, err = run(["ledger", str(DATA), "--as-of", DAY, "--format", "xlsx", "-o", str(tmp_path / "x.csv")])
    assert code == 1 and ".xlsx" in err
    code, _, err = run(["ledger", str(DATA), "--as-of", DAY, "--format", "csv", "--json"])
    assert code == 1 and "two formats" in err
    with pytest.raises(SystemExit):
        run(["ledger", str(DATA), "--as-of", DAY, "--format", "html"])
    code, _, err = run(["ledger", str(DATA), "--as-of", DAY, "--format", "csv", "-o", str(tmp_path / "no" / "x.csv")])
    assert code == 1 and "cannot write" in err


def small_network_dir(tmp: Path) -> Path:
    net = furong.Network()
    net.add_organisation("d", "district", "芙蓉区")
    net.add_organisation("s", "street", "文艺路街道", parent="d")
    net.add_organisation("c", "community", "识字岭社区", parent="s")
    net.add_organisation("k", "compound", "=1+1 小区", parent="c")
    net.save(tmp)
    return tmp


def test_export_xlsx_and_encoding(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    src = small_network_dir(tmp_path / "src")
    book = tmp_path / "out.xlsx"
    code, out, _ = run(["export", str(src), str(book)])  # xlsx from the suffix
    assert code == 0 and "(xlsx)" in out
    assert furong.load(book).organisations().equals(furong.load(src).organisations())
    code, _, _ = run(["export", str(book), str(tmp_path / "back"), "--format", "csv"])
    assert code == 0
    for name in ("organisations.csv", "links.csv"):
        assert (tmp_path / "back" / name).read_bytes() == (src / name).read_bytes()
    code, _, err = run(["export", str(src), str(tmp_path / "dir"), "--format", "xlsx"])
    assert code == 1 and "must end in .xlsx" in err
    # a GBK directory: refused with the hint, then read with --encoding
    gbk = tmp_path / "gbk"
    shutil.copytree(src, gbk)
    for p in gbk.glob("*.csv"):
        p.write_bytes(p.read_text(encoding="utf-8").encode("gbk"))
    code, _, err = run(["info", str(gbk)])
    assert code == 1 and "--encoding gb18030" in err
    code, out, _ = run(["info", str(gbk), "--encoding", "gb18030", "--json"])
    assert code == 0 and json.loads(out)["by_kind"]["compound"] == 1
    code, _, _ = run(["export", str(gbk), str(tmp_path / "utf8"), "--encoding", "gbk"])
    assert code == 0
    assert (tmp_path / "utf8" / "organisations.csv").read_bytes() == (src / "organisations.csv").read_bytes()
    code, _, err = run(["info", str(gbk), "--encoding", "nope"])
    assert code == 1 and "unknown encoding" in err


def test_json_commands_get_every_format(tmp_path: Path) -> None:
    # info, audit, plan ...: --format json is their --json; csv and xlsx are the JSON's tables.
    src = small_network_dir(tmp_path / "src")
    for argv in (["info", str(src)], ["audit", str(src)], ["plan", "branches", str(src)]):
        code, js, _ = run(argv + ["--json"])
        assert code == 0, argv
        code2, js2, _ = run(argv + ["--format", "json"])
        assert (code2, json.loads(js2)) == (code, json.loads(js))
        code3, text, _ = run(argv)
        code4, _, _ = run(argv + ["--format", "text", "-o", str(tmp_path / "t.txt")])
        assert code4 == code3 and (tmp_path / "t.txt").read_text(encoding="utf-8") == text
    code, csv_text, _ = run(["info", str(src), "--format", "csv"])
    by_kind = pd.read_csv(io.StringIO(csv_text))
    assert list(by_kind.columns) == ["key", "value"]
    info = json.loads(run(["info", str(src), "--json"])[1])
    assert dict(zip(by_kind["key"], by_kind["value"])) == info["by_kind"]
    pytest.importorskip("openpyxl")
    import openpyxl

    book = tmp_path / "audit.xlsx"
    code, _, _ = run(["audit", str(src), "--format", "xlsx", "-o", str(book)])
    assert code in (0, 1) and book.exists()
    assert len(openpyxl.load_workbook(book).sheetnames) >= 1
    code, _, err = run(["plan", "branches", str(tmp_path / "gbk-missing"), "--encoding", "gb18030"])
    assert code == 1


def test_json_tables_shapes() -> None:
    from furong.cli_output import json_tables

    t = json_tables({"n": 3, "rows": [{"a": 1, "b": {"c": 2}}], "by": {"x": {"k": 1}}, "ids": ["p", "q"],
                     "counts": {"u": 1}, "nested": {"l": [1], "d": {"z": {"k": 2}}}})
    assert list(t) == ["rows", "by", "ids", "counts", "nested.l", "nested.d", "summary"]
    assert list(t["rows"].columns) == ["a", "b.c"]
    assert t["by"].to_dict("records") == [{"key": "x", "k": 1}]
    assert t["summary"].to_dict("records") == [{"key": "n", "value": 3}]
    assert list(json_tables([{"a": 1}])) == ["rows"]
    long = json_tables({"x" * 40: [1], "x" * 40 + "y": [2]})
    assert all(len(k) <= 31 for k in long) and len(long) == 2


def test_export_store_to_xlsx(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    src = small_network_dir(tmp_path / "src")
    db = tmp_path / "d.sqlite"
    assert run(["store", "init", str(db), "--from", str(src), "--author", "t"])[0] == 0
    book = tmp_path / "d.xlsx"
    code, out, _ = run(["export", str(db), str(book), "--format", "xlsx"])
    assert code == 0 and "(xlsx)" in out
    assert furong.load(book).organisations().equals(furong.load(src).organisations())
    code, _, err = run(["export", str(db), str(tmp_path / "e.xlsx"), "--encoding", "gbk"])
    assert code == 1 and "not to a store" in err
