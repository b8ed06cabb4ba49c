"""The thread-safety contract (docs/reliability.md): one Network edited by one thread while
others save it, snapshot it, copy it and query it. Calls that release the GIL work on a
snapshot or a copy taken while holding it, so every answer is the answer for one state the
network went through; each is checked against a single-threaded replay of the same edits."""

from __future__ import annotations

import datetime
import filecmp
import os
import threading
import time
from typing import Any, Callable, Dict, FrozenSet, List, Tuple

import furong


def _calls(net: furong.Network, n: int) -> List[Callable[[furong.Network], None]]:
    """The editor's calls, in order: a household, a person and a role, again and again."""
    compounds = net.organisations().query("kind == 'compound'").id.tolist()
    role = net.roles().iloc[0]
    out: List[Callable[[furong.Network], None]] = []
    for j in range(n):
        cp = compounds[j % len(compounds)]
        out.append(lambda x, j=j, cp=cp: x.add_organisation(f"extra-{j}", "household", f"household {j}", cp))
        out.append(lambda x, j=j: x.add_person(f"px-{j}", f"person {j}"))
        out.append(lambda x, j=j: x.add_role(f"px-{j}", str(role.org), str(role.role)))
    return out


def _state(net: furong.Network) -> int:
    """How many editor calls a network (or a copy of it) has seen: the calls add one row each."""
    c = net.counts()
    return (sum(c.values()) - _BASE[0]) + (len(net.people()) - _BASE[1]) + (len(net.roles()) - _BASE[2])


_BASE = [0, 0, 0]


def _run(threads: List[threading.Thread]) -> None:
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_threads_save_copy_query_while_one_edits(tmp_path: Any) -> None:
    base = furong.synth.city(3000, seed=3)
    _BASE[:] = [sum(base.counts().values()), len(base.people()), len(base.roles())]
    net = base.copy()
    calls = _calls(base, 150)
    root_id = base.organisations().query("kind == 'district'").id.iloc[0]
    done = threading.Event()
    errors: List[BaseException] = []
    saved: List[Tuple[str, int]] = []
    copies: List[Tuple[furong.Network, int]] = []
    reached: List[FrozenSet[str]] = []
    removed: List[Tuple[furong.Network, int]] = []

    def guard(f: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                f()
            except BaseException as e:  # pragma: no cover - reported below
                errors.append(e)
                done.set()
        return run

    def editor() -> None:
        for c in calls:
            c(net)
            time.sleep(0.0005)  # lets the other threads run between edits
        done.set()

    def saver() -> None:
        k = 0
        while not done.is_set() or k < 3:
            d = tmp_path / f"save{k}"
            net.save(d)
            saved.append((str(d), -1))
            k += 1
            time.sleep(0.02)

    def copier() -> None:
        while not done.is_set() or len(copies) < 3:
            c = net.copy()
            copies.append((c, _state(c)))
            net.snapshot()
            time.sleep(0.02)

    def querier() -> None:
        k = 0
        while not done.is_set() or k < 3:
            reached.append(frozenset(net.reach(root_id).id))
            w = net.without([], datetime.date(2025, 1, 1))
            removed.append((w, _state(w)))
            k += 1
            time.sleep(0.02)

    _run([threading.Thread(target=guard(f)) for f in (editor, saver, copier, querier)])
    assert not errors, errors
    assert _state(net) == len(calls)

    # The single-threaded replay: the state after each number of calls.
    replay = base.copy()
    states: Dict[int, furong.Network] = {0: replay.copy()}
    for k, c in enumerate(calls, 1):
        c(replay)
        states[k] = replay.copy()
    for d, _ in saved:  # each saved directory is exactly one state, files and all
        got = furong.load(d)
        k = _state(got)
        ref = tmp_path / f"ref{k}"
        if not ref.exists():
            states[k].save(ref)
        names = sorted(os.listdir(ref))
        assert sorted(os.listdir(d)) == names
        match, mismatch, errs = filecmp.cmpfiles(ref, d, names, shallow=False)
        assert mismatch == [] and errs == [], (d, k, mismatch, errs)
    for c, k in copies + removed:  # a copy keeps the state it was taken in
        assert _state(c) == k
        for table in ("organisations", "people", "roles"):
            assert getattr(c, table)().equals(getattr(states[k], table)()), (table, k)
    base_ids = frozenset(base.organisations().id)
    for r in reached:  # the hierarchy below the root: the base and the first m households added
        m = len(r) - len(base_ids)
        assert r == base_ids | {f"extra-{j}" for j in range(m)}
    assert len(copies) >= 3 and len(removed) >= 3 and len(saved) >= 3


def test_leader_evaluation_while_roles_are_added() -> None:
    """The issue's reproduction: evaluate_leaders on a network whose roles grow meanwhile
    raised a spurious "no role row" error; now each answer is the answer for one state,
    known by the new leaders it lists (every neighbour leader is listed)."""
    net = furong.datasets.furong()
    base = net.copy()
    leader = net.roles().query("role == 'neighbour_leader'").iloc[0]
    day = "2025-12-31"
    n = 300

    def edit(x: furong.Network, j: int) -> None:
        x.add_person(f"px-{j}", f"person {j}")
        x.add_role(f"px-{j}", str(leader.org), "neighbour_leader")

    answers: List[Any] = []
    errors: List[BaseException] = []
    done, started = threading.Event(), threading.Event()

    def editor() -> None:
        started.wait(60)  # the first evaluation starts before the edits
        for j in range(n):
            edit(net, j)
            time.sleep(0.002)  # lets the evaluations overlap the edits
        done.set()

    def evaluator() -> None:
        try:
            while not done.is_set() or len(answers) < 2:
                started.set()
                answers.append(net.ledger.evaluate_leaders(day).scores)
                answers.append(net.copy().ledger.evaluate_leaders(day).scores)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    _run([threading.Thread(target=editor), threading.Thread(target=evaluator)])
    assert not errors, errors
    cache: Dict[int, Any] = {}
    for scores in answers:
        k = int(scores.leader.str.startswith("px-").sum())
        if k not in cache:
            x = base.copy()
            for j in range(k):
                edit(x, j)
            cache[k] = x.ledger.evaluate_leaders(day).scores
        assert scores.equals(cache[k]), k
    assert len(cache) >= 2  # the evaluations saw the network at different states
