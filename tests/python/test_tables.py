"""Excel workbooks and GBK/GB18030 CSV: loading through the one C++ loader, errors put back in
their sheet / row / column, atomic and formula-safe xlsx saves, round trips. Small networks
only: openpyxl writes about 15k cells a second."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import furong
from furong import _tables

openpyxl = pytest.importorskip("openpyxl")

NETWORK_FILES = ["organisations.csv", "links.csv", "people.csv", "roles.csv", "offers.csv", "needs.csv"]
LEDGER_FILES = ["ledger.csv", "ledger_events.csv", "visits.csv", "sla.csv", "calendar.csv", "meetings.csv",
                "attendance.csv", "agreements.csv", "commitments.csv"]


def small_dir(tmp: Path) -> Path:
    """A tiny valid network with Chinese names and every ledger file."""
    net = furong.Network()
    net.add_organisation("d", "district", "芙蓉区")
    net.add_organisation("s", "street", "文艺路街道", parent="d")
    net.add_organisation("c", "community", "识字岭社区", parent="s")
    net.add_organisation("k1", "compound", "=SUM(A1:A9)", parent="c")  # a formula-looking name
    net.add_organisation("k2", "compound", "007 小区", parent="c")
    net.add_organisation("a", "agency", "区直机关", parent="d", capacity=3)
    net.add_person("p1", "王芳")
    net.add_person("p2", "李强")
    tmp.mkdir(parents=True, exist_ok=True)
    net.save(tmp)
    files = {
        "ledger.csv": "id,compound,category,summary,source,raised,owner,due,meeting\n"
                      "L1,k1,noise,楼上噪音,survey,2025-12-11,p1,,\n"
                      "L2,k2,fire_safety,\"消防通道, 堵塞\",night_talk,2025-03-04,p2,2025-03-20,M1\n",
        "ledger_events.csv": "item,date,status\nL1,2025-12-12,assigned\nL2,2025-03-05,in_progress\n",
        "visits.csv": "item,date,outcome\nL2,2025-03-12,satisfied\n",
        "sla.csv": "category,days,unit\nnoise,15,working\n*,10,calendar\n",
        "calendar.csv": "date,kind\n2025-03-07,holiday\n",
        "meetings.csv": "id,kind,date,org,theme\nM1,night_talk,2025-03-04,s,消防\nAM,annual,2025-01-10,d,co_building\n",
        "attendance.csv": "meeting,party,attendee\nM1,resident,p1\nM1,street,s\n",
        "agreements.csv": "meeting,provider,compound,since,until\nAM,a,k1,2025-01-10,2026-01-09\n",
        "commitments.csv": "meeting,provider,summary,due,delivered\nAM,a,阅读角,2025-06-30,\n",
    }
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8")
    return tmp


def same_files(a: Path, b: Path) -> None:
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for n in names:
        assert (a / n).read_bytes() == (b / n).read_bytes(), n


def test_xlsx_round_trip(tmp_path: Path) -> None:
    src = small_dir(tmp_path / "src")
    net = furong.load(src)
    book = tmp_path / "district.xlsx"
    net.save(book)
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == [n for n in _tables.TABLES if (src / f"{n}.csv").exists()]
    # every cell is text; the formula-looking name stayed a string
    cell = next(c for row in wb["organisations"].iter_rows() for c in row if c.value == "=SUM(A1:A9)")
    assert cell.data_type == "s"
    assert all(c.data_type == "s" for row in wb["organisations"].iter_rows() for c in row if c.value is not None)
    back = furong.load(book)
    assert back.source is None
    assert back.organisations().equals(net.organisations())
    assert back.ledger.items().equals(net.ledger.items())
    assert back.ledger.items().set_index("id").loc["L1", "due"].date().isoformat() == "2026-01-04"
    # CSV -> xlsx -> CSV is byte-identical
    back.save(tmp_path / "again")
    net.save(tmp_path / "direct")
    same_files(tmp_path / "direct", tmp_path / "again")
    # and through furong.load (the store-or-directory entry point)
    assert len(furong.load(book)) == len(net)


def test_xlsx_edited_in_excel_numbers_and_dates(tmp_path: Path) -> None:
    # What Excel gives back after editing: numbers as numbers, dates as dates, empty rows.
    import datetime

    src = small_dir(tmp_path / "src")
    book = tmp_path / "d.xlsx"
    furong.load(src).save(book)
    wb = openpyxl.load_workbook(book)
    ws = wb["organisations"]
    head = [c.value for c in ws[1]]
    cap = head.index("capacity") + 1
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "a":
            row[cap - 1].value = 3.0  # a float in the cell
    ws = wb["ledger"]
    head = [c.value for c in ws[1]]
    raised = head.index("raised") + 1
    ws.cell(row=2, column=raised).value = datetime.datetime(2025, 12, 11)
    ws.append([])  # trailing empty rows, as Excel leaves them
    ws.append([None, None])
    wb.save(book)
    net = furong.load(book)
    orgs = net.organisations().set_index("id")
    assert orgs.loc["a", "capacity"] == 3
    assert net.ledger.items().set_index("id").loc["L1", "raised"].date() == datetime.date(2025, 12, 11)


def test_xlsx_errors_name_sheet_row_column(tmp_path: Path) -> None:
    src = small_dir(tmp_path / "src")
    book = tmp_path / "d.xlsx"
    furong.load(src).save(book)
    wb = openpyxl.load_workbook(book)
    ws = wb["ledger"]
    head = [c.value for c in ws[1]]
    ws.cell(row=3, column=head.index("raised") + 1).value = "2025-02-30"
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(furong.InputError) as e:
        furong.load(tmp_path / "bad.xlsx")
    assert e.value.sheet == "ledger"
    assert e.value.line == 3 and e.value.column == head.index("raised") + 1
    assert "sheet 'ledger', row 3, column F" in str(e.value)
    assert e.value.file == os.fspath(tmp_path / "bad.xlsx")

    wb = openpyxl.load_workbook(book)
    wb["organisations"].title = "tmp"
    wb["tmp"].title = "Organisations"  # the sheet name's case does not matter
    wb.save(tmp_path / "caps.xlsx")
    assert openpyxl.load_workbook(tmp_path / "caps.xlsx").sheetnames[0] == "Organisations"
    assert len(furong.load(tmp_path / "caps.xlsx")) == len(furong.load(book))

    wb = openpyxl.load_workbook(book)
    wb.create_sheet("notes")
    wb.save(tmp_path / "extra.xlsx")
    with pytest.raises(furong.InputError, match="sheet 'notes'.*unknown sheet"):
        furong.load(tmp_path / "extra.xlsx")

    (tmp_path / "junk.xlsx").write_bytes(b"not a zip")
    with pytest.raises(furong.InputError, match="not an Excel .xlsx workbook"):
        furong.load(tmp_path / "junk.xlsx")
    with pytest.raises(furong.FileError):
        furong.load(tmp_path / "missing.xlsx")
    with pytest.raises(furong.ArgumentError, match="encoding applies to CSV"):
        furong.load(book, encoding="gbk")


def test_gbk_csv(tmp_path: Path) -> None:
    src = small_dir(tmp_path / "src")
    gbk = tmp_path / "gbk"
    shutil.copytree(src, gbk)
    for p in gbk.glob("*.csv"):
        p.write_bytes(p.read_text(encoding="utf-8").encode("gb18030"))
    # UTF-8 by default: the error says how to load it
    with pytest.raises(furong.InputError, match="--encoding gb18030") as e:
        furong.load(gbk)
    assert "encoding='gb18030'" in str(e.value)
    for enc in ("gb18030", "gbk", "GB18030"):
        net = furong.load(gbk, encoding=enc)
        assert net.organisations().equals(furong.load(src).organisations())
        assert net.ledger.items().equals(furong.load(src).ledger.items())
        assert net.source == os.fspath(gbk)
    assert furong.load(src, encoding="utf-8").organisations().equals(furong.load(src).organisations())
    # a directory where only some files went through Excel: the UTF-8 ones stay UTF-8
    mixed = tmp_path / "mixed"
    shutil.copytree(src, mixed)
    (mixed / "organisations.csv").write_bytes((gbk / "organisations.csv").read_bytes())
    assert furong.load(mixed, encoding="gb18030").ledger.items().equals(furong.load(src).ledger.items())
    # an error in a GBK file names the original file, line and column
    text = (gbk / "ledger.csv").read_bytes().replace(b"2025-03-04,p2", b"2025-13-04,p2")
    (gbk / "ledger.csv").write_bytes(text)
    with pytest.raises(furong.InputError) as e:
        furong.load(gbk, encoding="gb18030")
    assert e.value.file == os.fspath(gbk / "ledger.csv") and e.value.line == 3 and e.value.column == 6
    # bytes that are not GB18030 either
    (gbk / "people.csv").write_bytes(b"id,name\np1,\x81\x20\n")
    with pytest.raises(furong.InputError, match="not valid gb18030") as e:
        furong.load(gbk, encoding="gb18030")
    assert e.value.line == 2
    with pytest.raises(furong.ArgumentError, match="unknown encoding"):
        furong.load(src, encoding="klingon")


def test_xlsx_save_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    net = furong.load(small_dir(tmp_path / "src"))
    book = tmp_path / "d.xlsx"
    net.save(book)
    before = book.read_bytes()

    def boom(*a: object, **k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(furong.FileError, match="No space left"):
        net.save(book)
    assert book.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".d.xlsx")] == []
    monkeypatch.undo()
    with pytest.raises(furong.FileError):
        net.save(tmp_path / "no-such-dir" / "d.xlsx")


def test_xlsx_cells_hold_values_not_the_csv_formula_guard(tmp_path: Path) -> None:
    # The CSV files guard formulas and leading apostrophes with one apostrophe; a workbook's
    # cells are text, so they hold the values themselves, and both read back unchanged.
    net = furong.Network()
    net.add_organisation("d", "district", "'quoted")
    net.add_organisation("s", "street", "=1+1", parent="d")
    net.add_organisation("c", "community", "''two", parent="s")
    book = tmp_path / "n.xlsx"
    net.save(book)
    cells = {c.value for row in openpyxl.load_workbook(book)["organisations"].iter_rows() for c in row}
    assert {"'quoted", "=1+1", "''two"} <= cells
    back = furong.load(book)
    assert back.organisations()["name"].tolist() == net.organisations()["name"].tolist()
