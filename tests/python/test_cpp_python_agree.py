"""A C++ program linking furong and the Python package give the same answers on the bundled data.

examples/cpp/district_answers.cpp prints the audit, the co-building plan, the joint-branch
and property-area plans, the ledger queues and the leader evaluation as JSON; the same questions asked through the
Python API must give the same ids. tools/test.sh builds the example (CTest,
examples_find_package) before pytest runs; FURONG_EXAMPLES_DIR names another build.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

import furong

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = Path(os.environ.get("FURONG_EXAMPLES_DIR", ROOT / "build" / "cpp" / "examples-find-package"))
DAYS = ["2025-10-24", "2025-06-30"]


@pytest.fixture(scope="module")
def net() -> furong.Network:
    return furong.datasets.furong()


def cpp_answers(day: str) -> Dict[str, Any]:
    binary = EXAMPLES / "district_answers"
    assert binary.exists(), (f"{binary} is missing: build the C++ examples first (bash tools/test.sh builds them; "
                             "or set FURONG_EXAMPLES_DIR)")
    out = subprocess.run([str(binary), str(furong.datasets.furong_path()), day], check=True,
                         capture_output=True, text=True)
    answers: Dict[str, Any] = json.loads(out.stdout)
    return answers


def groups(plan: Any) -> List[List[str]]:
    return [list(g["compounds"]) for g in plan.to_dict()["groups"]]


@pytest.mark.parametrize("day", DAYS)
def test_audit_agrees(net: furong.Network, day: str) -> None:
    cpp = cpp_answers(day)["audit"]
    py = net.audit(day)
    assert cpp["households"] == py["summary"]["households"]
    assert cpp["households_without_contact"] == py["summary"]["households_without_contact"]
    assert cpp["compounds_without_branch"] == py["compounds_without_branch"]
    assert cpp["compounds_without_pairing"] == py["compounds_without_pairing"]
    assert cpp["three_party_gaps"] == [g["compound"] for g in py["three_party_gaps"]]
    assert cpp["one_shoulder"] == py["summary"]["one_shoulder"]
    assert cpp["three_party_gaps"], "the bundled data has three-party gaps: an empty list would prove nothing"


@pytest.mark.parametrize("day", DAYS)
def test_matching_agrees(net: furong.Network, day: str) -> None:
    cpp = cpp_answers(day)["match"]
    py = furong.match.co_building(net, as_of=day)
    assert cpp["pairs"] == [[p, c] for p, c in zip(py.pairs["provider"], py.pairs["compound"])]
    assert cpp["total_score"] == pytest.approx(py.total_score, rel=1e-12)
    assert cpp["unmatched"] == list(py.unmatched["compound"])
    assert cpp["pairs"]


@pytest.mark.parametrize("day", DAYS)
def test_plans_agree(net: furong.Network, day: str) -> None:
    cpp = cpp_answers(day)["plan"]
    assert cpp["branches"] == groups(furong.plan.branches(net, as_of=day, threshold=3))
    assert cpp["property_areas"] == groups(furong.plan.property_areas(net, as_of=day, min_households=300))
    assert cpp["branches"] and cpp["property_areas"]


@pytest.mark.parametrize("day", DAYS)
def test_ledger_agrees(net: furong.Network, day: str) -> None:
    cpp = cpp_answers(day)["ledger"]
    assert cpp["overdue"] == net.ledger.overdue(day, ids=True)
    assert cpp["visit_due"] == net.ledger.visit_due(day, 30, ids=True)
    assert cpp["overdue"] and cpp["visit_due"]


@pytest.mark.parametrize("day", DAYS)
def test_leader_evaluation_agrees(net: furong.Network, day: str) -> None:
    cpp = cpp_answers(day)["ledger"]
    ev = net.ledger.evaluate_leaders(day)
    assert cpp["commend"] == list(ev.commend)
    assert cpp["adjust"] == list(ev.adjust)
