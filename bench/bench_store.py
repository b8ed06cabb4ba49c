#!/usr/bin/env python3
"""The governance store from Python beside pandas.read_sql, in the same run.

The dataset: the bundled district's network files (organisations, links, people, roles,
offers, needs) with its SLA table and calendar, plus a generated ledger of N items (about 3
status events and 1 return visit each, compounds and owners of the district; the generator
of bench/bench_store.cpp, written here in Python). Measured on that directory:

- ``furong.store.create(db, dir)``: the batched import (items per second);
- ``furong.load(dir)``: the ready Network + ledger from the CSV files;
- ``furong.open_store(db).network()``: the same Network + ledger from the store;
- ``pandas.read_sql`` through Python's ``sqlite3`` module of the current rows
  (``removed_tx IS NULL``, in file order) of every table ``network()`` reads:
  organisations, links, people, roles, offers, needs, preferences, policies, calendar, sla,
  meetings, attendance, agreements, commitments, items, item_events, visits. This is raw
  DataFrames only (no checks, no Network, no ledger index).

Each time is the best of ``--repeat`` runs (wall clock, time.perf_counter; the page cache is
warm after the import). ratio = peer time / furong time (above 1: furong is faster). Usage::

    python3 bench/bench_store.py [--items N] [--repeat R] [--work DIR]   # N = 10^6 by default
    python3 bench/bench_store.py --tiny    # a town of 3,000 households, 2,000 items (CI)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, List, Optional, Tuple

import pandas as pd

import furong
from furong import datasets

NETWORK_FILES = ["organisations.csv", "links.csv", "people.csv", "roles.csv", "offers.csv", "needs.csv"]
TABLES = ["organisations", "links", "people", "roles", "offers", "needs", "preferences", "policies", "calendar",
          "sla", "meetings", "attendance", "agreements", "commitments", "items", "item_events", "visits"]
CATEGORIES = ["fire_safety", "facility_renovation", "noise", "property_dispute", "elderly_care", "environment", "parking"]
SOURCES = ["survey", "grid_patrol", "night_talk", "return_visit", "hotline", "other"]


def best_of(fn: Callable[[], Any], repeat: int) -> Tuple[Any, float]:
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return out, best


def generate(dir: Path, n: int, tiny: bool, seed: int = 42) -> None:
    """The bundled network files (--tiny: a synthetic town of 3,000 households), its SLA
    table and calendar, plus a ledger of n items."""
    dir.mkdir(parents=True, exist_ok=True)
    src = datasets.furong_path()
    if tiny:
        furong.synth.city(households=3000).save(dir)
    for f in ([] if tiny else NETWORK_FILES) + ["sla.csv", "calendar.csv"]:
        shutil.copyfile(src / f, dir / f)
    orgs = pd.read_csv(dir / "organisations.csv", dtype=str, keep_default_na=False)
    compounds = orgs.loc[orgs["kind"] == "compound", "id"].tolist()
    people = pd.read_csv(dir / "people.csv", dtype=str, keep_default_na=False)["id"].tolist()
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1).toordinal()
    iso = [dt.date.fromordinal(start + k).isoformat() for k in range(900)]  # every day the ledger can name
    with open(dir / "ledger.csv", "w", newline="") as fi, open(dir / "ledger_events.csv", "w", newline="") as fe, \
            open(dir / "visits.csv", "w", newline="") as fv:
        items, events, visits = csv.writer(fi, lineterminator="\n"), csv.writer(fe, lineterminator="\n"), \
            csv.writer(fv, lineterminator="\n")
        items.writerow(["id", "compound", "category", "summary", "source", "raised", "owner", "due", "meeting"])
        events.writerow(["item", "date", "status"])
        visits.writerow(["item", "date", "outcome"])
        r = rng.randrange
        for i in range(n):
            id = f"L{1000000 + i}"
            raised = r(730)
            due = iso[raised + 5 + r(40)] if r(4) == 0 else ""
            items.writerow([id, compounds[r(len(compounds))], CATEGORIES[r(7)], f"demand {i % 977}", SOURCES[r(6)],
                            iso[raised], people[r(len(people))], due, ""])
            a = raised + 1 + r(3)
            b = a + 1 + r(10)
            c = b + 1 + r(40)
            case = r(20)
            if case <= 2:
                ev, vi = [(a, "assigned"), (b, "in_progress"), (c, "assigned")], [(c + 10, "no_answer")]
            elif case <= 5:
                ev, vi = [(a, "assigned"), (b, "resolved"), (c, "closed")], [(b + (c - b) // 2, "satisfied")]
            elif case == 6:
                ev, vi = [(a, "assigned"), (b, "in_progress"), (c, "duplicate")], [(c + 5, "satisfied")]
            elif case == 7:
                ev, vi = [(a, "assigned"), (b, "in_progress"), (c, "resolved")], [(c + 7, "unsatisfied")]
            elif case == 8:
                ev, vi = [], []  # still open, never touched
            else:
                ev, vi = [(a, "assigned"), (b, "in_progress"), (c, "resolved")], [(c + 5, "satisfied")]
            events.writerows([id, iso[d], s] for d, s in ev)
            visits.writerows([id, iso[d], o] for d, o in vi)


def read_sql(db: Path) -> List[pd.DataFrame]:
    """The current rows of every table the store's network() reads, as DataFrames."""
    con = sqlite3.connect(str(db))
    try:
        return [pd.read_sql(f"SELECT * FROM {t} WHERE removed_tx IS NULL ORDER BY pos", con) for t in TABLES]
    finally:
        con.close()


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tiny", action="store_true", help="a town of 3,000 households, 2,000 items, one run each (CI)")
    ap.add_argument("--items", type=int, default=None, help="ledger items (default 10^6)")
    ap.add_argument("--repeat", type=int, default=None, help="runs of each measurement, the best is kept (default 3)")
    ap.add_argument("--work", default=None, help="work directory (default: a temporary directory)")
    args = ap.parse_args(argv)
    n = args.items if args.items is not None else (2000 if args.tiny else 1_000_000)
    repeat = args.repeat if args.repeat is not None else (1 if args.tiny else 3)

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="furong_bench_store_"))
    try:
        dir, db = work / "dataset", work / "district.sqlite"
        if db.exists():
            db.unlink()
        t0 = time.perf_counter()
        generate(dir, n, args.tiny)
        print(f"generate: {'a town of 3,000 households' if args.tiny else 'bundled district'} + {n:,} items: {time.perf_counter() - t0:.2f} s")

        t0 = time.perf_counter()
        furong.store.create(db, dir, author="bench")
        imp = time.perf_counter() - t0
        print(f"import (furong.store.create): {imp:.2f} s: {n / imp:,.0f} items/s; "
              f"store file {db.stat().st_size / 1e6:.1f} MB")

        csv_net, t_csv = best_of(lambda: furong.load(dir), repeat)
        store_net, t_store = best_of(lambda: furong.open_store(db).network(), repeat)
        frames, t_sql = best_of(lambda: read_sql(db), repeat)

        led_csv, led_store = csv_net.ledger, store_net.ledger
        rows = dict(zip(TABLES, (len(f) for f in frames)))
        if len(csv_net) != len(store_net) or not rows["items"] == len(led_store) == len(led_csv) == n:
            print("ERROR: the store's network or ledger differs from the CSV one")
            return 1
        print(f"read_sql rows: items {rows['items']:,}, item_events {rows['item_events']:,}, visits {rows['visits']:,}, "
              f"organisations {rows['organisations']:,}, links {rows['links']:,}, people {rows['people']:,}, "
              f"roles {rows['roles']:,}")
        print(f"furong.open_store(db).network(): {t_store:.3f} s")
        print(f"furong.load(dir) (CSV):          {t_csv:.3f} s  ratio {t_csv / t_store:.2f}")
        print(f"pandas.read_sql via sqlite3:     {t_sql:.3f} s  ratio {t_sql / t_store:.2f}")
        return 0
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
