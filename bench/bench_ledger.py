#!/usr/bin/env python3
"""The ledger through Python at the issue's scale, with pandas beside it in the same run.

Writes a dataset directory with 10^6 ledger items, each with 3 status events and 1 return
visit (the mix of bench/bench_ledger.cpp's generator: still open, resolved and closed,
dismissed, reopened by an unsatisfied visit, resolved and visited). It adds a small network
with 1,500 compounds and 20,000 people, so that furong.load checks every reference. Then it
measures:

- ``furong.load(dir)``: network and ledger, parsed, checked, with timelines built (wall time).
- ``overdue(d)`` and ``visit_due(d)``: the compiled query (``_core``, numpy indices out) and
  ``net.ledger.overdue(d, ids=True)`` (a list of ids out). Median of repeated runs.
- ``overdue_scan_ms``: numpy filtering the same columns (``_core.ledger.open_spans``: due day
  and the first two open spans) the same way, the scan limit; ``overdue_scan_ratio`` =
  overdue_core_ms / overdue_scan_ms. The items are checked equal (items that enter the open
  family a third time, which only the core handles, left out of the check).
- bytes per item: the library's accounting of the ledger (``Ledger.memory_bytes``), and the
  growth of the process's resident memory during the load.
- pandas answering the same two queries on the same files: ``read_csv`` of the three files,
  then per query the status of every item on d, recomputed from the events and visits. The
  due dates computed by furong (SLA + working days) are given to pandas, as
  bench_ledger.cpp does with computed_due.csv. Both sides must return the same items.

Usage: python bench/bench_ledger.py [--items N] [--dir DIR] [--keep] [--tiny] [--json]
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import numpy as np
import pandas as pd

import furong
from furong import _core

AS_OF = datetime.date(2025, 6, 30)
CATEGORIES = ["fire_safety", "facility_renovation", "noise", "property_dispute", "elderly_care", "environment",
              "parking"]
SOURCES = ["survey", "grid_patrol", "night_talk", "return_visit", "hotline", "other"]
COMPOUNDS = 1500
PEOPLE = 20000


def _iso(days: "np.ndarray[Any, Any]") -> "np.ndarray[Any, Any]":
    return np.datetime_as_string(days.astype("datetime64[D]"), unit="D")


def generate(d: Path, n: int, seed: int = 42) -> None:
    """Write the network and ledger files of the benchmark into ``d``."""
    d.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    # The network: district, 3 streets, 30 communities, 1,500 compounds, 20,000 people.
    rows = ["id,kind,name,parent", "furong,district,Furong,"]
    rows += [f"s{s},street,S{s},furong" for s in range(3)]
    rows += [f"m{c},community,M{c},s{c % 3}" for c in range(30)]
    rows += [f"C{k},compound,C{k},m{k % 30}" for k in range(COMPOUNDS)]
    (d / "organisations.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (d / "people.csv").write_text("id,name\n" + "".join(f"P{p},P{p}\n" for p in range(PEOPLE)), encoding="utf-8")
    (d / "sla.csv").write_text("category,days,unit\nfire_safety,3,working\nnoise,10,calendar\n"
                               "property_dispute,30,working\n*,15,working\n", encoding="utf-8")
    (d / "calendar.csv").write_text("date,kind\n2024-10-01,holiday\n2024-10-02,holiday\n2024-10-03,holiday\n"
                                    "2024-09-29,workday\n2025-10-01,holiday\n2025-10-02,holiday\n"
                                    "2025-09-28,workday\n", encoding="utf-8")
    start = np.datetime64("2024-01-01", "D").astype(np.int64)
    ids = np.char.add("L", (1000000 + np.arange(n)).astype(str))
    raised = start + rng.integers(0, 730, n)
    explicit = rng.integers(0, 4, n) == 0
    due = np.where(explicit, _iso(raised + 5 + rng.integers(0, 40, n)), "")
    items = pd.DataFrame({
        "id": ids, "compound": np.char.add("C", rng.integers(0, COMPOUNDS, n).astype(str)),
        "category": np.array(CATEGORIES)[rng.integers(0, len(CATEGORIES), n)],
        "summary": np.char.add("demand ", (np.arange(n) % 977).astype(str)),
        "source": np.array(SOURCES)[rng.integers(0, len(SOURCES), n)], "raised": _iso(raised),
        "owner": np.char.add("P", rng.integers(0, PEOPLE, n).astype(str)), "due": due, "meeting": "",
    })
    items.to_csv(d / "ledger.csv", index=False)
    a = raised + 1 + rng.integers(0, 3, n)
    b = a + 1 + rng.integers(0, 10, n)
    c = b + 1 + rng.integers(0, 40, n)
    case = rng.integers(0, 20, n)
    open_, closed, dismissed, reopened = case <= 2, (case >= 3) & (case <= 5), case == 6, case == 7
    second = np.where(closed, "resolved", "in_progress")
    third = np.select([open_, closed, dismissed], ["assigned", "closed", "duplicate"], "resolved")
    ev_status = np.stack([np.full(n, "assigned"), second, third], axis=1).ravel()
    ev_day = np.stack([a, b, c], axis=1).ravel()
    pd.DataFrame({"item": np.repeat(ids, 3), "date": _iso(ev_day), "status": ev_status}).to_csv(
        d / "ledger_events.csv", index=False)
    v_day = np.select([open_, closed, dismissed, reopened], [c + 10, b + (c - b) // 2, c + 5, c + 7], c + 5)
    v_out = np.select([open_, reopened], ["no_answer", "unsatisfied"], "satisfied")
    pd.DataFrame({"item": ids, "date": _iso(v_day), "outcome": v_out}).to_csv(d / "visits.csv", index=False)


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def timed(f: Callable[[], Any], runs: int) -> Tuple[float, Any]:
    """Median wall time in ms over ``runs`` calls, and the last result."""
    t: List[float] = []
    out: Any = None
    for _ in range(runs):
        s = time.perf_counter()
        out = f()
        t.append((time.perf_counter() - s) * 1000)
    return statistics.median(t), out


class PandasLedger:
    """The two queries in pandas, on the same files (items mapped to positions once)."""

    OPEN = ["open", "assigned", "in_progress", "reopened"]

    def __init__(self, d: Path, due: "np.ndarray[Any, Any]") -> None:
        self.items = pd.read_csv(d / "ledger.csv", usecols=["id", "raised"], parse_dates=["raised"])
        self.items["due"] = due
        pos = pd.Series(np.arange(len(self.items)), index=self.items["id"])
        ev = pd.read_csv(d / "ledger_events.csv", parse_dates=["date"])
        vi = pd.read_csv(d / "visits.csv", parse_dates=["date"])
        ev["pos"] = pos.reindex(ev["item"]).to_numpy()
        vi["pos"] = pos.reindex(vi["item"]).to_numpy()
        ev["status"] = ev["status"].astype("category")
        self.ev, self.vi = ev.sort_values(["pos", "date"], kind="stable"), vi

    def _status(self, day: pd.Timestamp) -> Tuple[pd.DataFrame, "pd.Series[Any]"]:
        it = self.items
        ev = self.ev[self.ev["date"] <= day]
        last = ev.drop_duplicates("pos", keep="last")
        status = pd.Series("open", index=it.index, dtype=object)
        status.iloc[last["pos"].to_numpy()] = last["status"].astype(str).to_numpy()
        status[it["raised"] > day] = None
        res = ev[ev["status"] == "resolved"].drop_duplicates("pos", keep="last")
        res_day = pd.Series(pd.NaT, index=it.index, dtype="datetime64[ns]")
        res_day.iloc[res["pos"].to_numpy()] = res["date"].to_numpy()
        vi = self.vi[self.vi["date"] <= day]
        uns = vi[vi["outcome"] == "unsatisfied"]
        hit = uns["pos"][(status.iloc[uns["pos"]].to_numpy() == "resolved")
                         & (uns["date"].to_numpy() >= res_day.iloc[uns["pos"]].to_numpy())]
        status.iloc[hit.to_numpy()] = "reopened"
        return vi, status.to_frame("status").assign(res=res_day)

    def overdue(self, day: pd.Timestamp) -> "np.ndarray[Any, Any]":
        _, s = self._status(day)
        return np.flatnonzero(s["status"].isin(self.OPEN).to_numpy() & (self.items["due"] < day).to_numpy())

    def visit_due(self, day: pd.Timestamp, interval: int = 30) -> "np.ndarray[Any, Any]":
        vi, s = self._status(day)
        last = vi.groupby("pos")["date"].max()
        contact = self.items["raised"].copy()
        contact.iloc[last.index.to_numpy()] = np.maximum(contact.iloc[last.index.to_numpy()].to_numpy(),
                                                         last.to_numpy())
        is_open = s["status"].isin(self.OPEN) & (contact <= day - pd.Timedelta(days=interval))
        since = vi[vi["date"].to_numpy() >= s["res"].iloc[vi["pos"]].to_numpy()]
        visited = np.zeros(len(s), dtype=bool)
        visited[since["pos"].to_numpy()] = True
        is_res = (s["status"] == "resolved").to_numpy() & ~visited
        return np.flatnonzero(is_open.to_numpy() | is_res)


def main(argv: "List[str] | None" = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None, help="dataset directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--tiny", action="store_true", help="2,000 items, only to check that the program works")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    n = 2000 if args.tiny else args.items
    runs = 3 if args.tiny else args.runs
    d = args.dir or Path(tempfile.mkdtemp(prefix="furong_bench_ledger_"))
    fig: Dict[str, Any] = {"items": n}
    try:
        t = time.perf_counter()
        if not (d / "ledger.csv").exists():
            generate(d, n)
        fig["generate_s"] = time.perf_counter() - t
        fig["csv_mb"] = sum((d / f).stat().st_size for f in ("ledger.csv", "ledger_events.csv", "visits.csv")) / 1e6

        gc.collect()
        rss0 = rss_bytes()
        t, c = time.perf_counter(), time.process_time()
        net = furong.load(d)
        fig["furong_load_s"] = time.perf_counter() - t
        fig["furong_load_cpu_s"] = time.process_time() - c
        fig["rss_growth_mb"] = (rss_bytes() - rss0) / 1e6
        led = net.ledger
        assert len(led) == n
        fig["bytes_per_item"] = led.memory_bytes() / n

        core = net.core
        fig["overdue_core_ms"], od = timed(lambda: _core.ledger.overdue_items(core, AS_OF), runs)
        fig["visit_due_core_ms"], vd = timed(lambda: _core.ledger.visit_due_items(core, AS_OF, 30), runs)
        fig["overdue_ids_ms"], _ = timed(lambda: led.overdue(AS_OF, ids=True), max(3, runs // 4))
        fig["visit_due_ids_ms"], _ = timed(lambda: led.visit_due(AS_OF, ids=True), max(3, runs // 4))
        fig["overdue_items"], fig["visit_due_items"] = int(len(od)), int(len(vd))
        due = led.items()["due"].to_numpy()

        # The scan limit: numpy over the very columns overdue() reads (due and the first two
        # open spans, int32 day numbers), the same filter, without the rare third-span items.
        cols = _core.ledger.open_spans(core)
        cdue, leave, back, leave2 = cols["due"], cols["leave"], cols["back"], cols["leave2"]
        jd = AS_OF.toordinal() + 1721425  # the core's day numbers (Julian day numbers)

        def scan() -> "np.ndarray[Any, Any]":
            return np.flatnonzero((cdue < jd) & ((jd < leave) | ((back <= jd) & (jd < leave2))))

        fig["overdue_scan_ms"], sc = timed(scan, runs)
        more = np.flatnonzero(cols["more"] != 0)
        fig["scan_same"] = bool(np.array_equal(np.setdiff1d(np.asarray(od, dtype=np.int64), more),
                                               np.setdiff1d(sc, more)))
        fig["overdue_scan_ratio"] = fig["overdue_core_ms"] / fig["overdue_scan_ms"]
        del cols, cdue, leave, back, leave2

        t, c = time.perf_counter(), time.process_time()
        pl = PandasLedger(d, due)
        fig["pandas_read_s"] = time.perf_counter() - t
        fig["pandas_read_cpu_s"] = time.process_time() - c
        day = pd.Timestamp(AS_OF)
        pruns = 1 if n >= 100_000 else 3
        fig["overdue_pandas_ms"], pod = timed(lambda: pl.overdue(day), pruns)
        fig["visit_due_pandas_ms"], pvd = timed(lambda: pl.visit_due(day), pruns)
        same = np.array_equal(pod, np.asarray(od, dtype=np.int64)) and np.array_equal(pvd, np.asarray(vd, dtype=np.int64))
        fig["same_answers"] = bool(same)
        fig["overdue_ratio"] = fig["overdue_pandas_ms"] / fig["overdue_core_ms"]
        fig["visit_due_ratio"] = fig["visit_due_pandas_ms"] / fig["visit_due_core_ms"]
        fig["load_ratio"] = fig["pandas_read_s"] / fig["furong_load_s"]
    finally:
        if args.dir is None and not args.keep:
            shutil.rmtree(d, ignore_errors=True)
    if args.json:
        print(json.dumps(fig, indent=2))
    else:
        print(f"ledger benchmark: {n} items x (3 events + 1 visit), {fig['csv_mb']:.0f} MB of CSV, as of {AS_OF}")
        print(f"  generate                     {fig['generate_s']:8.2f} s")
        print(f"  furong.load (network+ledger) {fig['furong_load_s']:8.2f} s ({fig['furong_load_cpu_s']:.2f} s cpu)"
              f"   pandas read_csv x3 "
              f"{fig['pandas_read_s']:.2f} s  (pandas/furong {fig['load_ratio']:.2f})")
        print(f"  memory                       {fig['bytes_per_item']:8.1f} B/item (library), "
              f"RSS +{fig['rss_growth_mb']:.0f} MB during load")
        print(f"  overdue(d)    {fig['overdue_items']:>8} items  _core {fig['overdue_core_ms']:8.2f} ms  "
              f"ids {fig['overdue_ids_ms']:8.2f} ms  pandas {fig['overdue_pandas_ms']:9.1f} ms  "
              f"ratio {fig['overdue_ratio']:.0f}x")
        print(f"  visit_due(d)  {fig['visit_due_items']:>8} items  _core {fig['visit_due_core_ms']:8.2f} ms  "
              f"ids {fig['visit_due_ids_ms']:8.2f} ms  pandas {fig['visit_due_pandas_ms']:9.1f} ms  "
              f"ratio {fig['visit_due_ratio']:.0f}x")
        print(f"  overdue(d) beside a numpy scan of the same columns: _core {fig['overdue_core_ms']:.2f} ms, "
              f"numpy {fig['overdue_scan_ms']:.2f} ms (core/scan {fig['overdue_scan_ratio']:.2f}, "
              f"same items {fig['scan_same']})")
        print(f"  same answers as pandas: {fig['same_answers']}")
    return 0 if fig["same_answers"] and fig["scan_same"] else 1


if __name__ == "__main__":
    sys.exit(main())
