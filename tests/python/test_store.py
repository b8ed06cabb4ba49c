"""The governance store from Python and the shell: round trips, checked events, history,
conflicts, concurrent writer processes and writers killed with SIGKILL, on SQLite and (when
``FURONG_TEST_POSTGRESQL`` names a throw-away server, as the test command arranges) on
PostgreSQL with the same tests."""

from __future__ import annotations

import filecmp
import gc
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Iterator, List

import pytest

import furong
from furong.cli import main as cli_main

DATASET = furong.datasets.furong_path()
PG_URL = os.environ.get("FURONG_TEST_POSTGRESQL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True, capture_output=True)


def _new_database(name: str, template: str = "") -> str:
    assert PG_URL is not None
    _psql(PG_URL, f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    return PG_URL.rpartition("/")[0] + "/" + name


def _drop_database(name: str) -> None:
    assert PG_URL is not None
    _psql(PG_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session", params=BACKENDS)
def template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """The bundled dataset imported once per backend; each test works on a copy of it."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("template") / "district.sqlite"
        furong.store.create(path, DATASET, author="import")
        yield ("sqlite", str(path))
        return
    name = "tmpl_" + uuid.uuid4().hex[:12]
    furong.store.create(_new_database(name), DATASET, author="import")  # closed when collected
    gc.collect()
    try:
        yield ("postgresql", name)
    finally:
        _drop_database(name)


@pytest.fixture
def location(template: tuple, tmp_path: Path) -> Iterator[str]:
    """A store holding the bundled dataset, this test's own copy."""
    backend, where = template
    if backend == "sqlite":
        copy = tmp_path / "district.sqlite"
        shutil.copy(where, copy)
        yield str(copy)
        return
    name = "t_" + uuid.uuid4().hex[:12]
    try:
        yield _new_database(name, template=where)
    finally:
        _drop_database(name)


@pytest.fixture
def empty_location(template: tuple, tmp_path: Path) -> Iterator[str]:
    """An empty store location of the template's backend."""
    if template[0] == "sqlite":
        yield str(tmp_path / "new.sqlite")
        return
    name = "e_" + uuid.uuid4().hex[:12]
    try:
        yield _new_database(name)
    finally:
        _drop_database(name)


@pytest.fixture
def store(location: str) -> furong.Store:
    return furong.open_store(location)


def _first_item(net: furong.Network, status: str, as_of: str = "2025-12-31") -> str:
    s = net.ledger.status_on(as_of)
    return str(s[s["status"] == status]["id"].iloc[0])


# ---- same data as the CSV files -------------------------------------------------------------
def test_round_trip_is_byte_for_byte(store: furong.Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    store.export(out)
    names = sorted(p.name for p in DATASET.iterdir() if p.suffix == ".csv")
    match, mismatch, errors = filecmp.cmpfiles(DATASET, out, names, shallow=False)
    assert mismatch == [] and errors == [], (mismatch, errors)
    assert sorted(match) == names


def test_network_equals_the_csv_load(store: furong.Store) -> None:
    a, b = store.network(), furong.load(DATASET)
    for table in ("organisations", "links", "people", "roles", "offers", "needs"):
        assert getattr(a, table)().equals(getattr(b, table)()), table
    assert a.ledger.status_on("2025-12-31").equals(b.ledger.status_on("2025-12-31"))
    assert a.audit("2025-06-30") == b.audit("2025-06-30")


def test_stored_preferences_drive_stable_matching(store: furong.Store) -> None:
    a = furong.match.stable(store.network())
    b = furong.match.stable(furong.load(DATASET))
    assert a.pairs.equals(b.pairs)


def test_load_dispatches_on_the_location(store: furong.Store) -> None:
    if store.location.startswith("postgres"):
        assert furong.store.is_store_location(store.location)
    net = furong.load(store.location)
    assert len(net) == len(furong.load(DATASET))


# ---- checked events -------------------------------------------------------------------------
def test_events_are_checked_by_the_ledger_rules(store: furong.Store, tmp_path: Path) -> None:
    net = store.network()
    closed = _first_item(net, "closed")
    before = tmp_path / "before"
    store.export(before)
    with pytest.raises(furong.ModelError, match="forbidden transition from closed"):
        with store.transaction(author="p1") as tx:
            tx.change_status(closed, "withdrawn", "2026-01-05")
    with pytest.raises(furong.UnknownIdError):
        with store.transaction(author="p1") as tx:
            tx.change_status("no-such-item", "assigned", "2026-01-05")
    after = tmp_path / "after"
    store.export(after)
    names = [p.name for p in before.iterdir()]
    assert filecmp.cmpfiles(before, after, names, shallow=False)[1] == []


def test_a_refused_event_leaves_the_transaction_usable(store: furong.Store) -> None:
    net = store.network()
    item = _first_item(net, "closed")
    compound = str(net.ledger.items()["compound"].iloc[0])
    owner = str(net.ledger.items()["owner"].iloc[0])
    with store.transaction(author="p2") as tx:
        with pytest.raises(furong.ModelError):
            tx.change_status(item, "assigned", "2026-01-05")
        tx.add_item("new-1", compound, "noise", "2026-01-05", owner, summary="karaoke")
        tx.change_status("new-1", "assigned", "2026-01-06", note="to the grid worker")
    assert tx.committed is not None and tx.committed["author"] == "p2"
    h = store.history("new-1")
    assert list(h["change"]) == ["raised", "status"]
    assert list(h["author"]) == ["p2", "p2"]
    assert h["note"].iloc[1] == "to the grid worker"
    assert store.item("new-1") == {"id": "new-1", "status": "assigned", "version": 1}


def test_an_exception_in_the_block_rolls_everything_back(store: furong.Store) -> None:
    net = store.network()
    compound = str(net.ledger.items()["compound"].iloc[0])
    owner = str(net.ledger.items()["owner"].iloc[0])
    with pytest.raises(RuntimeError):
        with store.transaction(author="p3") as tx:
            tx.add_item("new-2", compound, "noise", "2026-01-05", owner)
            raise RuntimeError("the planner changed their mind")
    with pytest.raises(furong.UnknownIdError):
        store.history("new-2")


def test_expected_status_makes_a_conflict(store: furong.Store) -> None:
    net = store.network()
    compound = str(net.ledger.items()["compound"].iloc[0])
    owner = str(net.ledger.items()["owner"].iloc[0])
    with store.transaction(author="a") as tx:
        tx.add_item("c-1", compound, "noise", "2026-01-05", owner)
    seen = store.item("c-1")
    with store.transaction(author="office A") as tx:
        tx.change_status("c-1", "assigned", "2026-01-06", expect_status=seen["status"], expect_version=seen["version"])
    with pytest.raises(furong.ConflictError, match="c-1"):
        with store.transaction(author="office B") as tx:
            tx.change_status("c-1", "withdrawn", "2026-01-06", expect_version=seen["version"])
    assert store.item("c-1")["status"] == "assigned"


def test_recorded_by_shows_a_past_day(store: furong.Store) -> None:
    today = time.strftime("%Y-%m-%d", time.gmtime())
    net = store.network()
    compound = str(net.ledger.items()["compound"].iloc[0])
    owner = str(net.ledger.items()["owner"].iloc[0])
    with store.transaction(author="a") as tx:
        tx.add_item("h-1", compound, "noise", "2026-01-05", owner)
    assert "h-1" in set(store.network(recorded_by=today).ledger.items()["id"])
    assert "h-1" not in set(store.network(recorded_by="2000-01-01").ledger.items()["id"])


def test_check_passes_on_a_fresh_store(store: furong.Store) -> None:
    assert store.check() == []


# ---- bad stores ------------------------------------------------------------------------------
def test_a_file_that_is_no_store(tmp_path: Path) -> None:
    p = tmp_path / "random.sqlite"
    p.write_bytes(os.urandom(8192))
    with pytest.raises(furong.StoreError) as e:
        furong.open_store(p)
    assert str(p) in str(e.value)


def test_a_truncated_store(tmp_path: Path) -> None:
    p = tmp_path / "d.sqlite"
    furong.store.create(p, DATASET)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 3])
    with pytest.raises(furong.StoreError):
        s = furong.open_store(p)
        problems = s.check()
        assert problems, "a truncated store must not pass the check"
        raise furong.StoreError(problems[0])


def test_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(furong.StoreError):
        furong.open_store(tmp_path / "nothing-here.sqlite")


def test_create_refuses_a_bad_dataset_and_leaves_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(DATASET, bad)
    (bad / "links.csv").write_text("source,target,kind\nnobody,furong,pairing\n", encoding="utf-8")
    with pytest.raises(furong.InputError, match="links.csv"):
        furong.store.create(tmp_path / "d.sqlite", bad)
    assert not (tmp_path / "d.sqlite").exists()


# ---- the shell -------------------------------------------------------------------------------
def test_cli_init_write_check_export(empty_location: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    location = empty_location
    assert cli_main(["store", "init", location, "--from", str(DATASET), "--author", "importer"]) == 0
    net = furong.open_store(location).network()
    item = _first_item(net, "closed")
    compound = str(net.ledger.items()["compound"].iloc[0])
    owner = str(net.ledger.items()["owner"].iloc[0])
    capsys.readouterr()
    assert cli_main(["ledger", "add", location, "--item", "cli-1", "--compound", compound, "--category", "noise",
                     "--raised", "2026-01-05", "--owner", owner, "--author", "grid", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["author"] == "grid" and out["event"]["item"] == "cli-1"
    assert cli_main(["ledger", "status", location, "--item", "cli-1", "--to", "resolved", "--on", "2026-01-07",
                     "--note", "fixed", "--author", "grid"]) == 0
    assert "cli-1" in capsys.readouterr().out
    assert cli_main(["ledger", "visit", location, "--item", "cli-1", "--on", "2026-01-09", "--satisfied", "yes"]) == 0
    capsys.readouterr()
    # Refused: one line on stderr, status 1, nothing written.
    assert cli_main(["ledger", "status", location, "--item", item, "--to", "assigned", "--on", "2026-01-05"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("furong: error:") and "forbidden transition" in err and "\n" not in err
    assert cli_main(["store", "check", location]) == 0
    capsys.readouterr()
    assert cli_main(["store", "history", location, "--item", "cli-1", "--json"]) == 0
    h = json.loads(capsys.readouterr().out)
    assert [r["change"] for r in h] == ["raised", "status", "visit"]
    assert cli_main(["export", location, str(tmp_path / "out")]) == 0
    again = furong.load(tmp_path / "out")
    assert "cli-1" in set(again.ledger.items()["id"])
    # Every reading subcommand takes the store too.
    assert cli_main(["info", location, "--json"]) == 0
    assert cli_main(["ledger", location, "--as-of", "2026-01-10", "--json"]) == 0
    assert cli_main(["audit", location, "--as-of", "2025-06-30", "--json"]) == 0


# ---- several writer processes, and writers killed ---------------------------------------------
WRITER = r"""
import sys, furong
location, prefix, n, compound, owner = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
s = furong.open_store(location, busy_timeout=60)
for k in range(n):
    item = f"{prefix}-{k}"
    while True:
        try:
            with s.transaction(author=prefix) as tx:
                tx.add_item(item, compound, "noise", "2026-01-05", owner)
                tx.change_status(item, "assigned", "2026-01-06")
            break
        except furong.StoreBusyError:
            continue
    print(item, flush=True)  # acknowledged: committed before this line is written
"""


def _compound_owner(location: str):
    items = furong.open_store(location).network().ledger.items()
    return str(items["compound"].iloc[0]), str(items["owner"].iloc[0])


def test_concurrent_writer_processes_lose_nothing(store: furong.Store, tmp_path: Path) -> None:
    compound, owner = _compound_owner(store.location)
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    procs = [subprocess.Popen([sys.executable, str(script), store.location, f"w{k}", "15", compound, owner],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in range(4)]
    acked: List[str] = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        acked += out.split()
    assert len(acked) == 60
    s = furong.open_store(store.location)
    ids = set(s.network().ledger.items()["id"])
    assert set(acked) <= ids
    assert all(s.item(i)["status"] == "assigned" for i in acked[:10])
    assert s.check() == []


@pytest.mark.parametrize("rounds", [8])
def test_writers_killed_with_sigkill_lose_nothing_acknowledged(store: furong.Store, tmp_path: Path,
                                                               rounds: int) -> None:
    compound, owner = _compound_owner(store.location)
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(7)
    acked: List[str] = []
    for r in range(rounds):
        p = subprocess.Popen([sys.executable, str(script), store.location, f"k{r}", "100000", compound, owner],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        # Let it import and commit a few, then kill it at a random moment.
        first = p.stdout.readline()
        assert first, "the writer committed nothing"
        time.sleep(rng.uniform(0.0, 0.4))
        p.send_signal(signal.SIGKILL)
        out, _ = p.communicate()
        acked += [first.strip()] + out.split()
    s = furong.open_store(store.location)
    assert s.check() == []
    ids = set(s.network().ledger.items()["id"])
    missing = [i for i in acked if i not in ids]
    assert missing == []


def test_benchmark_runs_at_a_tiny_size(capsys: pytest.CaptureFixture) -> None:
    """CI runs bench/bench_store.py --tiny (the store beside furong.load and pandas.read_sql)."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "bench" / "bench_store.py"
    spec = importlib.util.spec_from_file_location("bench_store", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--tiny"]) == 0
    out = capsys.readouterr().out
    assert "pandas.read_sql" in out and out.count("ratio") == 2
