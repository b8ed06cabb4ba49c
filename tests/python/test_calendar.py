"""furong.calendar: the official calendar against the PyPI package chinesecalendar, every day of
every shipped year; calendar.csv precedence; vectorised answers against scalar loops; the
provisional policy; the ledger's due_provisional column."""

from __future__ import annotations

import datetime
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import furong
from furong import calendar

chinese_calendar = pytest.importorskip("chinese_calendar")

D = datetime.date
ONE = datetime.timedelta(days=1)

# Days where chinesecalendar disagrees with the State Council's notice; each was checked
# against the notice's text.
# - 2005-12-31 (Saturday): the 2006 notice (国务院办公厅关于2006年部分节假日安排的通知)
#   gives 1-3 January 2006 off and makes Saturday 31 December 2005 a workday in exchange for
#   Tuesday 3 January; chinesecalendar 1.11.0 has it as a rest day. (python-holidays lists
#   the same swap: 3 January 2006 substituted from 31 December 2005.)
REFERENCE_WRONG = {D(2005, 12, 31): True}


def every_day(first: int, last: int) -> list[datetime.date]:
    d, out = D(first, 1, 1), []
    while d <= D(last, 12, 31):
        out.append(d)
        d += ONE
    return out


def test_years_shipped() -> None:
    assert calendar.FIRST_YEAR == 2005
    assert calendar.LAST_YEAR >= 2026
    # The reference must know every shipped year, or the comparison below proves nothing.
    assert max(d.year for d in chinese_calendar.holidays) >= calendar.LAST_YEAR


def test_every_day_against_chinesecalendar() -> None:
    days = every_day(calendar.FIRST_YEAR, calendar.LAST_YEAR)
    ours = calendar.is_workday(np.array(days, dtype="datetime64[D]"), provisional="raise")
    theirs = np.array([REFERENCE_WRONG.get(d, chinese_calendar.is_workday(d)) for d in days])
    diff = [days[i] for i in np.flatnonzero(ours != theirs)]
    assert diff == []
    # The documented exceptions are real disagreements with the reference (else drop them).
    for d, ours_day in REFERENCE_WRONG.items():
        assert chinese_calendar.is_workday(d) != ours_day
        assert calendar.is_workday(d) == ours_day
    assert len(days) == sum(366 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 365
                            for y in range(calendar.FIRST_YEAR, calendar.LAST_YEAR + 1))


def test_working_days_per_year_against_chinesecalendar() -> None:
    for y in range(calendar.FIRST_YEAR, calendar.LAST_YEAR + 1):
        ref = sum(REFERENCE_WRONG.get(d, chinese_calendar.is_workday(d)) for d in every_day(y, y))
        assert calendar.workdays_between(D(y - 1, 12, 31), D(y, 12, 31), provisional="ignore") == ref, y


def test_issue_example_and_scalars() -> None:
    # Raised 2025-12-11 with 15 working days: New Year 2026 is off, Sunday 4 January is worked.
    assert calendar.add_workdays("2025-12-11", 15) == D(2026, 1, 4)
    assert calendar.add_workdays(D(2026, 1, 4), -15) == D(2025, 12, 11)
    assert calendar.add_workdays("2026-01-01", 0) == D(2026, 1, 1)
    assert calendar.is_workday("2026-01-01") is False
    assert calendar.workdays_between("2025-12-11", "2026-01-04") == 15
    assert calendar.workdays_between("2026-01-04", "2025-12-11") == -15
    assert calendar.covers("2026-12-31") is True and calendar.covers("2027-01-01") is False
    assert calendar.covers(D(2004, 12, 31)) is False


def test_arrays_agree_with_scalar_loops() -> None:
    rng = np.random.default_rng(3)
    start = np.datetime64("2004-06-01") + rng.integers(0, 23 * 365, 400).astype("timedelta64[D]")
    n = rng.integers(-40, 41, 400)
    got = calendar.add_workdays(start, n, provisional="ignore")
    assert got.dtype == np.dtype("datetime64[D]")
    end = start + rng.integers(-50, 51, 400).astype("timedelta64[D]")
    between = calendar.workdays_between(start, end, provisional="ignore")
    work = calendar.is_workday(start, provisional="ignore")
    for i in range(400):
        s = start[i].astype(datetime.date)
        # loop reference over the scalar is_workday
        d, left, step = s, abs(int(n[i])), 1 if n[i] >= 0 else -1
        while left:
            d += step * ONE
            left -= calendar.is_workday(d, provisional="ignore")
        assert got[i].astype(datetime.date) == d
        e = end[i].astype(datetime.date)
        lo, hi, sign = (s, e, 1) if e >= s else (e - ONE, s - ONE, -1)
        count, x = 0, lo + ONE
        while x <= hi:
            count += calendar.is_workday(x, provisional="ignore")
            x += ONE
        assert between[i] == sign * count
        assert work[i] == calendar.is_workday(s, provisional="ignore")
    # broadcasting and containers
    assert calendar.add_workdays("2025-09-30", [0, 1, 2]).tolist() == [D(2025, 9, 30), D(2025, 10, 9), D(2025, 10, 10)]
    assert calendar.is_workday(pd.Series(pd.to_datetime(["2025-10-01", "2025-10-11"]))).tolist() == [False, True]
    assert calendar.is_workday(pd.DatetimeIndex(["2025-10-08"])).tolist() == [False]
    assert calendar.covers(["2026-05-01", "2027-05-01"]).tolist() == [True, False]
    assert calendar.is_workday(np.array([], dtype="datetime64[D]")).shape == (0,)


def test_provisional_policy() -> None:
    with pytest.warns(calendar.ProvisionalWarning, match="2027-01-01"):
        assert calendar.is_workday("2027-01-01") is True  # a Friday, assumed Monday-Friday
    with pytest.raises(calendar.ProvisionalError, match="official calendar"):
        calendar.add_workdays("2026-12-28", 5, provisional="raise")
    with pytest.raises(furong.FurongError):
        calendar.workdays_between("2026-12-01", "2027-01-05", provisional="raise")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert calendar.add_workdays("2026-12-28", 3, provisional="ignore") == D(2026, 12, 31)
        assert calendar.add_workdays("2026-12-28", 3) == D(2026, 12, 31)  # inside: no warning
        assert calendar.workdays_between("2027-01-01", "2027-01-01") == 0  # nothing counted
        calendar.covers("2030-01-01")  # covers never warns
    with pytest.raises(furong.ArgumentError, match="provisional"):
        calendar.is_workday("2025-01-01", provisional="maybe")  # type: ignore[arg-type]


def test_bad_input() -> None:
    with pytest.raises(furong.ArgumentError, match="2025-02-30"):
        calendar.is_workday("2025-02-30")
    with pytest.raises(furong.ArgumentError, match="NaT"):
        calendar.is_workday(np.array(["2025-01-01", "NaT"], dtype="datetime64[D]"))
    with pytest.raises(furong.ArgumentError, match="integer"):
        calendar.add_workdays("2025-01-01", 1.5)
    with pytest.raises(furong.ArgumentError, match="integer"):
        calendar.add_workdays("2025-01-01", True)
    with pytest.raises(furong.ArgumentError):
        calendar.add_workdays("9999-12-30", 10)
    with pytest.raises(furong.ArgumentError, match="dates"):
        calendar.is_workday(np.array([1.0, 2.0]))
    with pytest.raises(ValueError):
        calendar.add_workdays(["2025-01-01", "2025-01-02"], [1, 2, 3])
    with pytest.raises(furong.ArgumentError, match="not both"):
        calendar.is_workday("2025-01-01", net=furong.datasets.furong(), calendar=calendar.Calendar())


def test_calendar_csv_takes_precedence(tmp_path: Path) -> None:
    src = furong.datasets.furong_path()
    dst = tmp_path / "d"
    shutil.copytree(src, dst)
    with open(dst / "calendar.csv", "a", encoding="utf-8") as f:
        f.write("2026-01-01,workday\n2026-01-05,holiday\n2027-02-10,holiday\n")
    net = furong.load(dst)
    assert calendar.is_workday("2026-01-01", net=net) is True
    assert calendar.is_workday("2026-01-01") is False
    assert calendar.is_workday("2026-01-05", net=net) is False
    assert calendar.is_workday("2027-02-10", net=net, provisional="ignore") is False
    cal = calendar.calendar_of(net)
    assert "2026-01-01" in cal.workdays and "2027-02-10" in cal.holidays
    assert calendar.add_workdays("2025-12-31", 1, calendar=cal) == D(2026, 1, 1)
    plain = calendar.Calendar(official=False)
    assert calendar.is_workday("2026-01-01", calendar=plain) is True
    assert calendar.covers("2040-01-01", calendar=plain) is True


def test_ledger_due_provisional(tmp_path: Path) -> None:
    net = furong.datasets.furong()
    items = net.ledger.items()
    assert items["due_provisional"].dtype == bool
    # SLA due dates agree with furong.calendar, and none of the bundled ones is provisional.
    sla = items[items["due_from_sla"]]
    assert not items["due_provisional"].any()
    # A ledger with items raised late in the last official year: provisional where the count
    # of working days crosses into the next year.
    dst = tmp_path / "d"
    shutil.copytree(furong.datasets.furong_path(), dst)
    y = calendar.LAST_YEAR
    rows = (dst / "ledger.csv").read_text(encoding="utf-8").splitlines()
    header, first = rows[0], rows[1].split(",")
    cols = header.split(",")
    new = []
    for k, raised in enumerate([f"{y}-12-01", f"{y}-12-24", f"{y}-12-31"]):
        r = list(first)
        r[cols.index("id")] = f"prov-{k}"
        r[cols.index("raised")] = raised
        r[cols.index("due")] = ""
        r[cols.index("category")] = "noise"  # 7 working days in the bundled sla.csv
        r[cols.index("meeting")] = ""
        new.append(",".join(r))
    (dst / "ledger.csv").write_text("\n".join(rows + new) + "\n", encoding="utf-8")
    led = furong.load(dst).ledger.items().set_index("id")
    assert led.loc["prov-0", "due_provisional"] == False  # noqa: E712 - numpy bool
    assert led.loc["prov-1", "due_provisional"] == True  # noqa: E712
    assert led.loc["prov-2", "due_provisional"] == True  # noqa: E712
    assert not led.drop(index=["prov-0", "prov-1", "prov-2"])["due_provisional"].any()
    with pytest.warns(calendar.ProvisionalWarning):
        expect = calendar.add_workdays(f"{y}-12-24", 7)
    assert led.loc["prov-1", "due"].date() == expect
    # provisional_due (C++) is the open items of status_on with a provisional due date.
    ledger = furong.load(dst).ledger
    for as_of in [f"{y}-12-20", f"{y}-12-24", f"{y}-12-31", f"{y + 1}-01-05", f"{y + 1}-03-01"]:
        st = ledger.status_on(as_of)
        want = [str(i) for i in st.loc[st["due_provisional"].to_numpy() & (st["family"] == "open").to_numpy(), "id"]]
        assert ledger.provisional_due(as_of) == want, as_of
    assert ledger.provisional_due(f"{y}-12-31") == ["prov-1", "prov-2"]
    with pytest.raises(furong.ArgumentError, match="as_of"):
        ledger.provisional_due(None)  # type: ignore[arg-type]
    # the SLA due dates of the bundled ledger are the working-day rule of furong.calendar
    working = sla[sla["category"] == "noise"]
    got = calendar.add_workdays(working["raised"].to_numpy(), 7)
    assert (got == working["due"].to_numpy().astype("datetime64[D]")).all()


def test_bundled_due_dates_follow_the_official_calendar() -> None:
    # Written and computed due dates of working-day SLAs alike: the n-th working day after
    # raised by furong.calendar (the written ones across New Year 2026 were regenerated).
    d = furong.datasets.furong_path()
    sla = pd.read_csv(d / "sla.csv")
    items = furong.datasets.furong().ledger.items()
    for cat, n in zip(sla.loc[sla["unit"] == "working", "category"], sla.loc[sla["unit"] == "working", "days"]):
        sub = items[items["category"] == cat]
        want = calendar.add_workdays(sub["raised"].to_numpy(), int(n), provisional="raise")
        assert (want == sub["due"].to_numpy().astype("datetime64[D]")).all(), cat
    assert (items["due"] >= "2026-01-01").sum() > 100  # the New Year 2026 case is exercised
