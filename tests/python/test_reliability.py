"""Nothing lost, nothing crashes: atomic durable saves, every I/O failure a typed error naming
the path, bounded inputs, every exception a FurongError (docs/reliability.md)."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict

import pytest

import furong
from furong import _core

PYTHON_DIR = Path(furong.__file__).resolve().parents[1]
DATA_FILES = ("organisations.csv", "links.csv", "people.csv", "roles.csv", "offers.csv", "needs.csv")
LEDGER_FILES = ("calendar.csv", "sla.csv", "meetings.csv", "attendance.csv", "agreements.csv",
                "commitments.csv", "ledger.csv", "ledger_events.csv", "visits.csv")


def digest(d: Path) -> Dict[str, str]:
    """The content of the data files of a directory (hidden temporaries left out)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(d.iterdir()) if p.is_file() and not p.name.startswith(".")}


def small() -> furong.Network:
    net = furong.Network()
    net.add_organisation("d", "district", "D")
    net.add_organisation("s", "street", "S", parent="d")
    return net


def child_env() -> Dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PYTHON_DIR) + os.pathsep + env.get("PYTHONPATH", "")
    return env


# ---- every failure is a FileError (an OSError) naming the path; the old files stay -------------

def test_save_into_a_file_is_a_file_error(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(furong.FileError) as e:
        small().save(tmp_path / "f")
    assert isinstance(e.value, OSError) and isinstance(e.value, furong.FurongError)
    assert e.value.filename == str(tmp_path / "f")


def test_save_below_a_file_is_not_a_directory(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(furong.FileError) as e:
        small().save(tmp_path / "f" / "sub")
    assert e.value.errno == errno.ENOTDIR
    assert "f" in str(e.value)


def test_save_where_the_system_refuses_is_a_file_error() -> None:
    with pytest.raises(furong.FileError) as e:
        small().save("/sys/furong-test")  # read-only for every user, root included
    assert e.value.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
    assert "/sys/furong-test" in str(e.value)


def save_as_nobody(d: Path) -> int:
    """Saves a network into ``d`` in a forked child that drops root (root ignores file modes);
    the child's exit code: 0 for a FileError with EACCES/EPERM, 1 when the save returned."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 2
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            net = furong.Network()
            net.add_organisation("d", "district", "D2")
            try:
                net.save(d)
                code = 1
            except furong.FileError as e:
                code = 0 if e.errno in (errno.EACCES, errno.EPERM) and str(d) in str(e) else 3
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_save_into_a_read_only_directory_is_a_file_error(tmp_path: Path) -> None:
    d = Path(os.path.realpath("/tmp")) / f"furong-ro-{os.getpid()}-{random.randrange(10**9)}"
    d.mkdir()
    try:
        small().save(d)
        before = digest(d)
        d.chmod(0o555)
        assert save_as_nobody(d) == 0
        assert digest(d) == before
    finally:
        d.chmod(0o755)
        for p in d.iterdir():
            p.unlink()
        d.rmdir()


FULL_DISK = """
import resource, signal, sys, furong
net = furong.synth.city(households=5000, seed=3)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))  # every write past 20 kB fails (EFBIG)
try:
    net.save(sys.argv[1])
except furong.FileError as e:
    print("FileError", e.errno, e.filename); sys.exit(0)
print("returned"); sys.exit(1)
"""


def test_a_full_disk_is_a_file_error_and_keeps_the_old_files(tmp_path: Path) -> None:
    small().save(tmp_path)
    before = digest(tmp_path)
    r = subprocess.run([sys.executable, "-c", FULL_DISK, str(tmp_path)], env=child_env(), capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.split()[1] == str(errno.EFBIG)
    assert str(tmp_path) in r.stdout
    assert digest(tmp_path) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".furong")]


def test_a_symlink_to_dev_full_is_replaced_not_written_through(tmp_path: Path) -> None:
    (tmp_path / "organisations.csv").symlink_to("/dev/full")
    small().save(tmp_path)
    assert not (tmp_path / "organisations.csv").is_symlink()
    assert furong.load(tmp_path).counts()["street"] == 1


def test_the_report_writer_is_atomic_and_typed(tmp_path: Path) -> None:
    from furong._files import write_atomic
    write_atomic(tmp_path / "index.html", "<p>old</p>")
    write_atomic(tmp_path / "index.html", "<p>new</p>")
    assert (tmp_path / "index.html").read_text() == "<p>new</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
    (tmp_path / "f").write_text("x")
    with pytest.raises(furong.FileError) as e:
        write_atomic(tmp_path / "f" / "index.html", "x")
    assert isinstance(e.value, OSError) and "f" in str(e.value)
    with pytest.raises(furong.FileError):
        write_atomic("/sys/furong-test.html", "x")
    assert (tmp_path / "index.html").read_text() == "<p>new</p>"


# ---- stale files ------------------------------------------------------------------------------

def test_saving_without_a_ledger_removes_the_old_ledger_files(tmp_path: Path) -> None:
    furong.datasets.furong().save(tmp_path)
    assert all((tmp_path / f).exists() for f in LEDGER_FILES)
    small().save(tmp_path)
    assert not [f for f in LEDGER_FILES if (tmp_path / f).exists()]
    net = furong.load(tmp_path)
    assert net.counts()["street"] == 1 and len(net.ledger) == 0


# ---- a kill at any moment leaves the old or the new directory --------------------------------

SAVER = """
import sys, furong
net = furong.load(sys.argv[1])
print("ready", flush=True)
net.save(sys.argv[2])
print("saved", flush=True)
"""


def test_a_killed_save_leaves_the_old_or_the_new_network(tmp_path: Path) -> None:
    old, new = furong.synth.city(households=100_000, seed=1), furong.synth.city(households=100_000, seed=2)
    ref_old, ref_new, src = tmp_path / "old", tmp_path / "new", tmp_path / "src"
    old.save(ref_old)
    new.save(src)
    t0 = time.perf_counter()
    new.save(ref_new)
    save_seconds = time.perf_counter() - t0
    want_old, want_new = digest(ref_old), digest(ref_new)
    assert want_old != want_new
    rng = random.Random(11)
    seen = {"old": 0, "new": 0}
    for run in range(8):
        target = tmp_path / f"target{run}"
        old.save(target)
        p = subprocess.Popen([sys.executable, "-c", SAVER, str(src), str(target)], env=child_env(),
                             stdout=subprocess.PIPE, text=True)
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, save_seconds * 1.2))
        p.send_signal(signal.SIGKILL)
        p.wait()
        loaded = furong.load(target)  # completes a committed save, ignores an uncommitted one
        got = digest(target)
        assert got in (want_old, want_new), f"run {run}: a mixture of files"
        assert loaded.counts() == (old if got == want_old else new).counts()
        seen["old" if got == want_old else "new"] += 1
    print("killed saves left", seen)
    assert sum(seen.values()) == 8, seen


# ---- bounded inputs ---------------------------------------------------------------------------

def test_a_header_of_100000_columns_fails_fast(tmp_path: Path) -> None:
    header = ",".join(f"c{i}" for i in range(100_000))
    (tmp_path / "organisations.csv").write_text(header + "\n")
    t0 = time.perf_counter()
    with pytest.raises(furong.InputError) as e:
        furong.load(tmp_path)
    assert time.perf_counter() - t0 < 1.0
    assert e.value.file == "organisations.csv" and e.value.line == 1 and "columns" in str(e.value)


def test_a_1_gib_one_line_file_fails_early_without_memory(tmp_path: Path) -> None:
    p = tmp_path / "organisations.csv"
    with open(p, "wb") as f:
        f.write(b"id,kind,name,parent\n")
        f.truncate(1 << 30)  # sparse: no disk used
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    with pytest.raises(furong.InputError) as e:
        furong.load(tmp_path)
    assert time.perf_counter() - t0 < 1.0
    assert "limit" in str(e.value) and e.value.file == "organisations.csv"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # kB: under 100 MB


def test_a_long_field_names_its_position(tmp_path: Path) -> None:
    (tmp_path / "organisations.csv").write_text("id,kind,name,parent\nd,district," + "x" * (2 << 20) + ",\n")
    with pytest.raises(furong.InputError) as e:
        furong.load(tmp_path)
    assert (e.value.line, e.value.column) == (2, 3) and "field longer" in str(e.value)


def test_a_double_bom_is_named(tmp_path: Path) -> None:
    (tmp_path / "organisations.csv").write_bytes(b"\xef\xbb\xbf\xef\xbb\xbfid,kind,name,parent\nd,district,D,\n")
    with pytest.raises(furong.InputError) as e:
        furong.load(tmp_path)
    assert "BOM" in str(e.value) and (e.value.line, e.value.column) == (1, 1)


def test_a_due_date_past_9999_is_an_error(tmp_path: Path) -> None:
    furong.datasets.furong().save(tmp_path)
    (tmp_path / "sla.csv").write_text("category,days,unit\n*,3650,calendar\n")
    (tmp_path / "ledger_events.csv").write_text("item,date,status\n")
    (tmp_path / "visits.csv").write_text("item,date,outcome\n")
    lines = (tmp_path / "ledger.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("raised")] = "9999-12-31"
    row[header.index("due")] = ""
    (tmp_path / "ledger.csv").write_text("\n".join([lines[0], ",".join(row)]) + "\n", encoding="utf-8")
    with pytest.raises(furong.InputError) as e:
        furong.load(tmp_path)
    assert "9999-12-31" in str(e.value) and e.value.file == "ledger.csv" and e.value.line == 2


def test_a_bad_preferences_file_fails_the_load(tmp_path: Path) -> None:
    furong.datasets.furong().save(tmp_path)
    (tmp_path / "preferences.csv").write_text("from,to,rank\nnobody,nothing,1\n")
    with pytest.raises(furong.InputError) as e:
        furong.load(tmp_path)
    assert e.value.file == "preferences.csv" and e.value.line == 2


# ---- every exception is a FurongError and the matching built-in ------------------------------

@pytest.mark.parametrize("what, cls, builtin", [
    ("io_error", furong.FileError, OSError),
    ("filesystem_error", furong.FileError, OSError),
    ("cast_error", furong.ArgumentTypeError, TypeError),
    ("bad_alloc", furong.OutOfMemoryError, MemoryError),
    ("input_error", furong.InputError, ValueError),
])
def test_each_cpp_exception_maps_to_a_furong_error(what: str, cls: type, builtin: type) -> None:
    with pytest.raises(cls) as e:
        _core._throw(what)
    assert isinstance(e.value, furong.FurongError) and isinstance(e.value, builtin)


def test_io_error_keeps_errno_and_path() -> None:
    with pytest.raises(furong.FileError) as e:
        _core._throw("io_error")
    assert e.value.errno == errno.ENOSPC and e.value.filename == "/x/y.csv"


@pytest.mark.parametrize("call", [
    lambda net: net.escalation_path(2**63),
    lambda net: net.escalation_path(["d"]),
    lambda net: net.add_organisation(5, "street", "S"),
    lambda net: net.reach("d", max_hops=2**70),
    lambda net: furong.synth.city(households="many"),
    lambda net: furong.match.co_building(net, as_of=3.5),
    lambda net: furong.load(12.5),
])
def test_wrong_argument_types_are_furong_errors(call) -> None:  # type: ignore[no-untyped-def]
    net = small()
    with pytest.raises(furong.FurongError) as e:
        call(net)
    assert isinstance(e.value, (TypeError, ValueError, OverflowError, KeyError)), repr(e.value)
    assert not isinstance(e.value, furong.InternalError)


# ---- every edit reachable from Python is all or nothing --------------------------------------

def state(net: furong.Network, d: Path) -> Dict[str, str]:
    """Every table of the network (and its ledger), as the bytes a save writes."""
    if net.counts().get("household", 0) > 50_000:
        net.save(d)
        return digest(d)
    frames = (net.organisations(), net.links(), net.people(), net.roles(), net.offers(), net.needs())
    return {str(i): hashlib.sha256(f.to_csv(index=False).encode()).hexdigest() for i, f in enumerate(frames)}


def test_refused_edits_change_nothing(tmp_path: Path) -> None:
    net = furong.datasets.furong()
    org = net.organisations()
    compound = org.loc[org["kind"] == "compound", "id"].iloc[0]
    street = org.loc[org["kind"] == "street", "id"].iloc[0]
    before = state(net, tmp_path / "before")
    refused = [
        lambda: net.add_organisation("new-c", "compound", "C", parent=street),      # wrong nesting
        lambda: net.add_organisation(compound, "compound", "C", parent=None),      # duplicate id
        lambda: net.add_organisation("x1", "building", "B", parent=compound, households=-1),
        lambda: net.add_organisation("x2", "planet", "P"),
        lambda: net.set_parent(street, compound),                                  # a cycle / nesting
        lambda: net.add_link(compound, "nowhere", "pairing"),
        lambda: net.add_link(compound, street, "pairing", since="2025-02-01", until="2025-01-01"),
        lambda: net.add_role("nobody", compound, "volunteer"),
        lambda: net.add_offer(compound, "library", 1.0),                          # not a provider
        lambda: net.add_need("nowhere", "library", 1),
        lambda: net.add_person(net.people()["id"].iloc[0], "again"),
    ]
    for edit in refused:
        with pytest.raises(furong.FurongError):
            edit()
        assert state(net, tmp_path / "after") == before, edit


def test_a_refused_match_plan_apply_changes_nothing(tmp_path: Path) -> None:
    net = furong.datasets.furong()
    plan = furong.match.co_building(net, as_of="2025-10-24")
    assert len(plan.pairs) > 3
    last = plan.pairs.iloc[-1]
    # The last pair already joined from that day: every earlier pair is valid, the last is
    # refused, and none may be added (the partial apply of the issue).
    net.add_link(last["provider"], last["compound"], "pairing", since="2025-11-01")
    before = state(net, tmp_path / "before")
    with pytest.raises(furong.ArgumentError):
        plan.apply(net, "2025-11-01")
    assert state(net, tmp_path / "after") == before
    with pytest.raises(furong.UnknownIdError):
        plan.apply(small(), "2025-11-01")
