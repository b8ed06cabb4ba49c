"""The coverage audit on a hand-built network with known gaps, its JSON keys, per-street
totals on a synthetic city, and the ``furong reach`` / ``furong audit`` commands."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import furong
from furong.cli import main
from furong.reachability import AUDIT_KEYS


def city() -> furong.Network:
    """Street s1: k1 fully covered, k2 (joint branch jb, too few members alone), k3 (jb covers it
    from 2025-04-01); street s2: k4 with nothing. n2's leader leaves on 2025-03-31."""
    net = furong.Network()
    add = net.add_organisation
    add("d", "district")
    add("ag", "agency", parent="d")
    add("s1", "street", "S1", parent="d")
    add("s2", "street", "S2", parent="d")
    add("pc", "property_company", parent="s1")
    add("c1", "community", parent="s1")
    add("c2", "community", parent="s2")
    add("g1", "grid", parent="c1")
    add("g2", "grid", parent="c2")
    add("a1", "area", parent="c1")
    add("gr1", "group", parent="a1")
    add("n1", "neighbourhood", parent="gr1")
    add("n2", "neighbourhood", parent="gr1")
    add("jb", "branch", parent="c1")
    add("k1", "compound", parent="c1", party_members=5)
    add("br1", "branch", parent="k1")
    add("oc1", "owners_committee", parent="k1")
    add("b1", "building", parent="k1")
    add("h1", "household", parent="b1")
    add("h2", "household", parent="b1")
    add("k2", "compound", parent="c1", party_members=1)
    add("b2", "building", parent="k2")
    add("h3", "household", parent="b2")
    add("k3", "compound", parent="c1", party_members=2)
    add("h4", "household", parent="k3")
    add("k4", "compound", parent="c2")
    add("h5", "household", parent="k4")
    link = net.add_link
    link("h1", "n1", "contact")
    link("h2", "n2", "contact")
    link("h3", "n2", "contact", since="2025-01-01")
    link("jb", "k2", "covers")
    link("jb", "k3", "covers", since="2025-04-01")
    link("ag", "k1", "pairing")
    link("ag", "k3", "pairing", since="2024-01-01", until="2024-12-31")
    link("oc1", "k1", "represents")
    link("pc", "k1", "serves")
    link("pc", "k2", "serves")
    for p in ("p1", "p2", "p3", "p4", "p5"):
        net.add_person(p)
    net.add_role("p1", "n1", "neighbour_leader")
    net.add_role("p2", "n2", "neighbour_leader", until="2025-03-31")
    net.add_role("p3", "b1", "building_leader")
    net.add_role("p4", "g1", "grid_worker")
    net.add_role("p5", "br1", "branch_secretary")
    net.add_role("p5", "oc1", "owners_chair", since="2025-02-01")
    return net


def test_known_gaps_mid_2025() -> None:
    r = city().audit(as_of=datetime.date(2025, 6, 1))
    assert list(r) == list(AUDIT_KEYS)
    assert r["as_of"] == "2025-06-01"
    assert r["households_without_contact"] == ["h2", "h3", "h4", "h5"]
    assert r["compounds_without_branch"] == ["k4"]
    assert r["compounds_without_pairing"] == ["k2", "k3", "k4"]
    assert r["buildings_without_leader"] == ["b2"]
    assert r["grids_without_worker"] == ["g2"]
    assert r["three_party_gaps"] == [
        {"compound": "k2", "missing": ["owners_committee"], "one_shoulder": False},
        {"compound": "k3", "missing": ["owners_committee", "property_company"], "one_shoulder": False},
        {"compound": "k4", "missing": ["branch", "owners_committee", "property_company"], "one_shoulder": False},
    ]
    s = r["summary"]
    assert (s["households"], s["households_without_contact"], s["compounds"], s["one_shoulder"]) == (5, 4, 4, 1)
    assert s["contact_coverage"] == pytest.approx(0.2)
    assert s["branch_coverage"] == pytest.approx(0.75)
    assert s["three_party_coverage"] == pytest.approx(0.25)
    streets = {x["street"]: x for x in r["streets"]}
    assert streets["s1"]["households"] == 4 and streets["s1"]["households_without_contact"] == 3
    assert streets["s2"]["compounds_without_branch"] == 1 and streets["s2"]["name"] == "S2"
    json.dumps(r)  # JSON-ready as it is


def test_dates_change_the_gaps() -> None:
    net = city()
    feb = net.audit("2025-02-15")
    assert feb["households_without_contact"] == ["h4", "h5"]
    assert feb["compounds_without_branch"] == ["k2", "k3", "k4"]  # jb covers only k2 (1 member)
    old = net.audit("2024-06-01")
    assert old["households_without_contact"] == ["h3", "h4", "h5"]
    assert old["compounds_without_pairing"] == ["k2", "k4"]
    assert old["summary"]["one_shoulder"] == 0
    undated = net.audit()
    assert undated["as_of"] is None
    assert undated["households_without_contact"] == ["h4", "h5"]


def test_synthetic_city_totals_add_up() -> None:
    net = furong.synth.city(households=5000, seed=11)
    r = net.audit("2025-06-30")
    s = r["summary"]
    for key in ("households_without_contact", "compounds_without_branch", "compounds_without_pairing",
                "buildings_without_leader", "grids_without_worker"):
        assert s[key] == len(r[key]) == sum(x[key] for x in r["streets"])
    assert s["three_party_gaps"] == len(r["three_party_gaps"])
    assert s["households"] == net.counts()["household"]
    kinds = net.organisations().set_index("id")["kind"]
    assert all(kinds[h] == "household" for h in r["households_without_contact"])
    assert all(kinds[c] == "compound" for c in r["compounds_without_branch"])
    # The people-level variant: every household counted there has a contact.
    crit = net.critical_people("2025-06-30")
    assert crit.attrs["single_contact_households"] <= s["households"] - s["households_without_contact"]


def run(args: List[str], capsys: Any) -> Any:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_reach_and_audit(tmp_path: Path, capsys: Any) -> None:
    d = tmp_path / "net"
    city().save(d)
    code, out, _ = run(["reach", str(d), "--from", "d", "--to", "h1", "--json"], capsys)
    assert code == 0
    assert json.loads(out) == {"reachable": True, "hops": 5, "path": ["d", "s1", "c1", "k1", "b1", "h1"]}
    code, out, _ = run(["reach", str(d), "--from", "h1", "--to", "d", "--max-hops", "2", "--undirected", "--json"], capsys)
    assert json.loads(out) == {"reachable": False, "hops": None, "path": None}
    code, out, _ = run(["reach", str(d), "--from", "ag", "--to", "h4", "--via", "hierarchy,pairing",
                        "--as-of", "2024-06-01", "--json"], capsys)
    assert json.loads(out)["hops"] == 2
    code, out, _ = run(["reach", str(d), "--from", "d", "--to", "h1"], capsys)
    assert "5 hops" in out

    code, out, _ = run(["audit", str(d), "--as-of", "2025-06-01", "--json"], capsys)
    assert code == 0
    r: Dict[str, Any] = json.loads(out)
    # The audit's own keys, exactly, then the failed policy checks per compound (一类一策).
    assert list(r) == list(AUDIT_KEYS) + ["policy_gaps"]
    assert all(set(g) >= {"compound", "check", "status"} for g in r["policy_gaps"])
    assert r["households_without_contact"] == ["h2", "h3", "h4", "h5"]
    code, out, _ = run(["audit", str(d), "--as-of", "2025-06-01"], capsys)
    assert "households without a contact: 4 of 5" in out


def test_cli_errors(tmp_path: Path, capsys: Any) -> None:
    d = tmp_path / "net"
    city().save(d)
    code, _, err = run(["reach", str(d), "--from", "d", "--to", "ghost"], capsys)
    assert code == 1 and "ghost" in err
    code, _, err = run(["reach", str(d), "--from", "d", "--to", "h1", "--via", "teleport"], capsys)
    assert code == 1 and "teleport" in err
    code, _, err = run(["reach", str(d), "--from", "d", "--to", "h1", "--max-hops", "-1"], capsys)
    assert code == 1 and "max_hops" in err
    with pytest.raises(SystemExit) as exit:  # a usage error, like every DATE of every subcommand
        run(["audit", str(d), "--as-of", "2025-02-30"], capsys)
    assert exit.value.code == 2 and "2025-02-30" in capsys.readouterr().err


# ---- one rule: the audit's three-party gaps are the three_party_complete failures ----------

def _every_type_three_party() -> "Any":
    import pandas as pd

    types = ["commercial", "work_unit", "old", "resettlement"]
    return pd.DataFrame({"compound_type": types, "check": ["three_party_complete"] * 4, "description": [""] * 4})


def _three_party_sets(net: furong.Network, as_of: Any) -> "Any":
    audit = {g["compound"] for g in net.audit(as_of)["three_party_gaps"]}
    gaps = net.policy_gaps(as_of, policies=_every_type_three_party())
    assert set(gaps["check"]) <= {"three_party_complete"}
    return audit, set(gaps["compound"])


def test_audit_and_policy_agree_on_the_bundled_dataset() -> None:
    net = furong.datasets.furong()
    for as_of in ("2025-06-01", "2025-10-24", "2023-01-01", None):
        audit, policy = _three_party_sets(net, as_of)
        assert audit == policy
    assert len(audit) > 0  # some gaps: the comparison can fail


def test_audit_and_policy_agree_on_random_networks() -> None:
    import random

    rng = random.Random(20251024)
    seen_gaps = seen_complete = 0
    for seed in range(12):
        net = furong.synth.city(households=400, seed=seed)
        orgs = net.organisations()
        # Random extra covers links (joint branches, weak or strong) and departures of branches,
        # committees and companies, so that every party is sometimes missing.
        compounds = orgs.loc[orgs["kind"] == "compound", "id"].tolist()
        parties = orgs.loc[orgs["kind"].isin(["branch", "owners_committee", "property_company"]), "id"].tolist()
        branches = orgs.loc[orgs["kind"] == "branch", "id"].tolist()
        for _ in range(len(compounds) // 2):
            since = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
            net.add_link(rng.choice(branches), rng.choice(compounds), "covers", since=since)
        gone = rng.sample(parties, k=len(parties) // 3)
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
        after = net.without(gone, day)
        for as_of in (day, day - datetime.timedelta(days=1), None):
            audit, policy = _three_party_sets(after, as_of)
            assert audit == policy, (seed, as_of)
            seen_gaps += len(audit)
            seen_complete += len(compounds) - len(audit)
    assert seen_gaps > 0 and seen_complete > 0


def test_summarise_adds_streets_and_shards_as_the_audit_does() -> None:
    # _core.reach.summarise is the audit's own sum (furong.spark adds its shards with it):
    # over the streets it gives the summary; over streets audited apart, the same sum.
    import furong
    from furong import _core

    net = furong.synth.city(households=6000, seed=9, households_per_street=1500)
    r = furong.reachability.audit(net, "2025-06-30")
    assert len(r["streets"]) >= 4
    assert dict(_core.reach.summarise(r["streets"])) == r["summary"]
    halves = [_core.reach.summarise(r["streets"][:2]), _core.reach.summarise(r["streets"][2:])]
    counts = [{k: v for k, v in dict(h).items() if not k.endswith("_coverage")} for h in halves]
    assert dict(_core.reach.summarise(counts)) == r["summary"]
    empty = dict(_core.reach.summarise([]))
    assert empty["households"] == 0 and empty["contact_coverage"] == 1.0
    bad = {k: v for k, v in r["streets"][0].items() if k != "grids"}
    with pytest.raises(furong.ArgumentError, match="grids"):
        _core.reach.summarise([bad])


def test_the_audit_is_a_result_with_frames() -> None:
    net = furong.synth.city(households=2000, seed=4)
    r = net.audit("2025-06-30")
    assert isinstance(r, furong.reachability.Audit) and isinstance(r, dict)
    assert r.as_of == datetime.date(2025, 6, 30) and net.audit().as_of is None
    assert r.streets.to_dict(orient="records") == r["streets"]
    assert r.three_party["compound"].tolist() == [g["compound"] for g in r["three_party_gaps"]]
    for key in AUDIT_KEYS[1:6]:
        assert r.gaps.loc[r.gaps["gap"] == key, "id"].tolist() == r[key]
    assert r.ratios.to_dict() == r["summary"]
    assert json.loads(json.dumps(r)) == r.to_dict()  # still what furong audit --json prints
    assert "households without a contact" in repr(r)
