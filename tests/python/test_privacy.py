"""Residents' data (issue 14): scoped views answer from their scope alone, pseudonymised exports
reload with the same counts, small-count suppression cannot be undone from the totals."""

from __future__ import annotations

import datetime
import gc
import itertools
import json
import os
import subprocess
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List, Set, Tuple

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import furong
from furong import match, plan, privacy

AS_OF = datetime.date(2025, 6, 30)
KEY = b"a secret key of 32 bytes, not 16"
#: Words of the kind tables: a name equal to one ("alliance") is no leak when it appears.
VOCABULARY = set(furong._core.ORG_KINDS) | set(furong._core.LINK_KINDS) | set(furong._core.ROLE_KINDS) | \
    set(furong._core.COMPOUND_TYPES) | set(furong._core.UNIT_TYPES)


@pytest.fixture(scope="module")
def bundled() -> furong.Network:
    return furong.datasets.furong()


def strings(value: Any) -> Iterator[str]:
    """Every string inside a query answer: dict keys and values, lists, DataFrame cells,
    index and column labels, numpy arrays, result objects with to_dict()."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, (pd.DataFrame, pd.Series)):
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        yield from strings(list(frame.columns))
        yield from strings(list(frame.index))
        for col in frame.columns:
            yield from strings(frame[col].astype(object).tolist())
    elif isinstance(value, np.ndarray):
        if value.dtype.kind in "OU":
            yield from strings(value.tolist())
    elif isinstance(value, (list, tuple, set)):
        for v in value:
            yield from strings(v)
    elif hasattr(value, "to_dict"):
        yield from strings(value.to_dict())


def scope_sets(net: furong.Network, root: str) -> Dict[str, Set[str]]:
    """What lies outside the scope of ``root`` in ``net``: organisation ids (not ancestors),
    person ids (no role inside), item and meeting ids, and names used only outside."""
    orgs = net.organisations()
    parent = dict(zip(orgs["id"], orgs["parent"]))
    # Inside: under the root or, for a grid, under a building linked to it by in_grid.
    starts = {root}
    if net.kind_of(root) == "grid":
        links = net.links()
        starts |= set(links.loc[(links["kind"] == "in_grid") & (links["target"] == root), "source"])
    inside: Set[str] = set()
    for oid in orgs["id"]:
        a = oid
        while isinstance(a, str):
            if a in starts:
                inside.add(oid)
                break
            a = parent.get(a)
    ancestors: Set[str] = set()
    for oid in inside:
        a = parent.get(oid)
        while isinstance(a, str) and a not in inside:
            ancestors.add(a)
            a = parent.get(a)
    roles = net.roles()
    holders = set(roles.loc[roles["org"].isin(inside), "person"])
    people = net.people()
    outside_orgs = set(orgs["id"]) - inside - ancestors
    outside_people = set(people["id"]) - holders
    names_inside = set(orgs.loc[orgs["id"].isin(inside), "name"]) | set(people.loc[people["id"].isin(holders), "name"])
    outside_names = (set(orgs.loc[orgs["id"].isin(outside_orgs), "name"]) |
                     set(people.loc[people["id"].isin(outside_people), "name"])) - names_inside - {""} - VOCABULARY
    out: Dict[str, Set[str]] = {"orgs": outside_orgs, "people": outside_people, "names": outside_names,
                                "inside": inside, "ancestors": ancestors, "holders": holders}
    if net.ledger.loaded:
        items = net.ledger.items()
        out["items"] = set(items.loc[~items["compound"].isin(inside), "id"])
        meetings = net.ledger.meetings.table()
        out["meetings"] = set(meetings.loc[~meetings["org"].isin(inside), "id"])
    return out


def answers(v: furong.Network, root: str) -> Dict[str, Any]:
    """Every query kind, asked of a view."""
    orgs = v.organisations()
    starts = orgs.loc[orgs["kind"].isin(["household", "building", "compound"]) &
                      ~orgs["id"].str.startswith(privacy.OUTSIDE_PREFIX), "id"]
    out: Dict[str, Any] = {
        "organisations": v.organisations(), "links": v.links(), "people": v.people(), "roles": v.roles(),
        "offers": v.offers(), "needs": v.needs(), "info": v.info(),
        "audit": v.audit(AS_OF), "audit_any": v.audit(),
        "reach": v.reach(root, via=("hierarchy", "pairing", "covers", "contact", "in_grid"), undirected=True),
        "escalation": v.escalation_path(starts.iloc[0], AS_OF) if len(starts) else None,
        "critical": v.critical(root, as_of=AS_OF), "critical_people": v.critical_people(AS_OF),
        "dominators": v.immediate_dominators(root, as_of=AS_OF),
        "branches": plan.branches(v, AS_OF), "property": plan.property_areas(v, AS_OF),
        "policy_gaps": v.policy_gaps(AS_OF),
        "match": match.co_building(v, AS_OF), "providers": match.providers(v), "compounds": match.compounds(v),
    }
    led = v.ledger
    if led.loaded:
        out.update({
            "items": led.items(), "events": led.events(), "visits": led.visits(),
            "overdue": led.overdue(AS_OF), "visit_due": led.visit_due(AS_OF),
            "by_street": led.open_overdue_by(AS_OF, by="street"),
            "by_community": led.open_overdue_by(AS_OF, by="community"),
            "closure": led.closure_stats(AS_OF), "backlog": led.backlog("2025-01-01", AS_OF),
            "old": led.open_longer_than(AS_OF, 30), "leaders": led.evaluate_leaders(AS_OF),
            "meetings": led.meetings.table(), "attendance": led.meetings.attendance(),
            "night_talk": led.meetings.night_talk_loop(AS_OF), "four_party": led.meetings.four_party(AS_OF),
            "agreements": led.meetings.agreements(), "pairings": led.meetings.pairings(),
            "commitments": led.meetings.commitments(), "late": led.meetings.late_commitments(AS_OF),
        })
    return out


def check_view(net: furong.Network, root: str) -> furong.Network:
    v = net.view(root)
    sets = scope_sets(net, root)
    forbidden = (sets["orgs"] | sets["people"] | sets["names"] | sets.get("items", set()) |
                 sets.get("meetings", set())) - VOCABULARY
    for kind, answer in answers(v, root).items():
        leaked = set(strings(answer)) & forbidden
        assert not leaked, f"{kind} on the view of {root} names outside data: {sorted(leaked)[:5]}"
    # What the view holds: the subtree with names, ancestors bare, placeholders, role holders.
    orgs = v.organisations()
    ids = set(orgs["id"])
    placeholders = {i for i in ids if i.startswith(privacy.OUTSIDE_PREFIX)}
    assert ids == sets["inside"] | sets["ancestors"] | placeholders
    assert (orgs.loc[orgs["id"].isin(sets["ancestors"] | placeholders), "name"] == "").all()
    assert set(v.people()["id"]) - {"outside:person"} == sets["holders"]
    # A query naming an outside id fails as for an unknown id.
    for oid in sorted(sets["orgs"])[:3]:
        with pytest.raises(furong.UnknownIdError):
            v.reach(oid)
        with pytest.raises(furong.UnknownIdError):
            v.escalation_path(oid)
    return v


@pytest.mark.parametrize("root", ["st-wenyilu", "cm-wenyilu-01", "cp-wenyilu-01-01"])
def test_views_of_the_bundled_data_hold_nothing_outside(bundled: furong.Network, root: str) -> None:
    v = check_view(bundled, root)
    # The view answers like the whole network, inside its scope.
    whole = bundled.ledger.overdue(AS_OF)
    inside = scope_sets(bundled, root)["inside"]
    assert sorted(v.ledger.overdue(AS_OF, ids=True)) == sorted(whole.loc[whole["compound"].isin(inside), "id"])
    a, b = bundled.audit(AS_OF), v.audit(AS_OF)
    for key in ("households_without_contact", "buildings_without_leader", "grids_without_worker"):
        assert sorted(b[key]) == sorted(set(a[key]) & inside), key


def test_views_of_a_grid_and_a_street_of_the_bundled_data(bundled: furong.Network) -> None:
    grid = next(i for i in bundled.organisations()["id"] if i.startswith("gd-"))
    check_view(bundled, grid)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_views_of_random_cities_hold_nothing_outside(seed: int) -> None:
    net = furong.synth.city(households=3000, seed=seed)
    orgs = net.organisations()
    rng = np.random.default_rng(seed)
    for kind in ("street", "community", "compound", "grid"):
        ids = orgs.loc[orgs["kind"] == kind, "id"].tolist()
        check_view(net, ids[int(rng.integers(len(ids)))])


def test_view_of_an_unknown_org(bundled: furong.Network) -> None:
    with pytest.raises(furong.UnknownIdError):
        bundled.view("nowhere")


def test_pseudonyms_stable_per_key_and_different_across_keys() -> None:
    a = privacy.pseudonym(KEY, "p00001")
    assert a == privacy.pseudonym(KEY, "p00001") and a.startswith("p-") and len(a) == 18
    assert a != privacy.pseudonym(KEY + b"!", "p00001")
    assert a != privacy.pseudonym(KEY, "p00002")
    assert privacy.pseudonym(KEY.decode(), "h1", "h-") == privacy.pseudonym(KEY, "h1", "h-")
    import hashlib
    import hmac
    assert a == "p-" + hmac.new(KEY, b"p00001", hashlib.sha256).hexdigest()[:16]
    with pytest.raises(furong.ArgumentError, match="16 bytes"):
        privacy.pseudonym(b"short", "p00001")


def counts(net: furong.Network) -> Dict[str, Any]:
    a = net.audit(AS_OF)
    led = net.ledger
    m = match.co_building(net, AS_OF).to_dict()
    b = plan.branches(net, AS_OF).to_dict()
    leaders = led.evaluate_leaders(AS_OF)
    return {
        "summary": {k: v for k, v in a["summary"].items()},
        "streets": [{k: v for k, v in s.items() if k != "street"} for s in a["streets"]],
        "overdue": len(led.overdue(AS_OF)), "visit_due": len(led.visit_due(AS_OF)),
        "by_street": led.open_overdue_by(AS_OF).to_dict(),
        "closure": led.closure_stats(AS_OF).to_dict(),
        "branches": (len(b["groups"]), len(b["uncovered"]), b["optimal"]),
        "property": json.dumps(plan.property_areas(net, AS_OF).to_dict(), sort_keys=True, default=str),
        "match_pairs": len(m["pairs"]), "match_total": m["total_score"], "unmatched": len(m["unmatched"]),
        "policy_gaps": len(net.policy_gaps(AS_OF)),
        "people": len(net.people()), "roles": len(net.roles()), "links": len(net.links()),
        "night_talk": len(led.meetings.night_talk_loop(AS_OF)),
        "leaders": (len(leaders.commend), len(leaders.adjust), len(leaders.scores)),
    }


def test_redacted_export_reloads_with_the_same_counts(bundled: furong.Network, tmp_path: Path) -> None:
    bundled.save(tmp_path / "a", redact=KEY, keep=["party_member"])
    r = furong.load(tmp_path / "a")
    assert counts(r) == counts(bundled)
    people = r.people()
    assert (people["name"] == "").all()
    assert people["id"].str.fullmatch(r"p-[0-9a-f]{16}").all()
    assert list(people.columns) == ["id", "name", "party_member"]
    orgs = r.organisations()
    hh = orgs[orgs["kind"] == "household"]
    assert hh["id"].str.fullmatch(r"h-[0-9a-f]{16}").all() and (hh["name"] == "").all()
    assert (r.ledger.items()["summary"] == "").all()
    # Same key, same pseudonyms: two exports join; another key gives others.
    bundled.save(tmp_path / "b", redact=KEY)
    assert set(furong.load(tmp_path / "b").people()["id"]) == set(people["id"])
    bundled.save(tmp_path / "c", redact=KEY + b"x")
    assert not set(furong.load(tmp_path / "c").people()["id"]) & set(people["id"])
    # No original person id, household id or person name remains in any file.
    text = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "a").glob("*.csv"))
    original = bundled.people()
    for pid, name in itertools.islice(zip(original["id"], original["name"]), 0, None, 997):
        assert f",{pid}," not in text and f"\n{pid}," not in text and name not in text
    assert "\nh1," not in text


def test_redacted_save_errors(bundled: furong.Network, tmp_path: Path) -> None:
    with pytest.raises(furong.ArgumentError, match="16 bytes"):
        bundled.save(tmp_path / "x", redact=b"short")
    with pytest.raises(furong.ArgumentError, match="no attribute 'nope'"):
        bundled.save(tmp_path / "x", redact=KEY, keep=["nope"])
    with pytest.raises(furong.ArgumentError):
        bundled.save(tmp_path / "x", keep=["party_member"])
    assert not (tmp_path / "x").exists()


def _cli(capsys: Any, *args: str) -> Tuple[int, str, str]:
    from furong.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_export_redact(tmp_path: Path, capsys: Any) -> None:
    key = tmp_path / "key"
    key.write_bytes(KEY + b"\n")
    src = str(furong.datasets.furong_path())
    code, _, err = _cli(capsys, "export", src, str(tmp_path / "out"), "--redact", "--key-file", str(key),
                        "--keep", "retired")
    assert code == 0, err
    people = furong.load(tmp_path / "out").people()
    assert list(people.columns) == ["id", "name", "retired"]
    assert people["id"].iloc[0] == privacy.pseudonym(KEY, furong.datasets.furong().people()["id"].iloc[0])
    short = tmp_path / "short"
    short.write_bytes(b"abc")
    code, _, err = _cli(capsys, "export", src, str(tmp_path / "o2"), "--redact", "--key-file", str(short))
    assert code == 1 and "16 bytes" in err
    code, _, err = _cli(capsys, "export", src, str(tmp_path / "o3"), "--redact")
    assert code == 1 and "--key-file" in err
    code, _, err = _cli(capsys, "export", src, str(tmp_path / "o4"), "--redact", "--key-file", str(tmp_path / "none"))
    assert code == 1 and "none" in err
    assert not any((tmp_path / d).exists() for d in ("o2", "o3", "o4"))


# ---- small-count suppression -------------------------------------------------------------------

def recoverable(values: "np.ndarray[Any, Any]", hidden: "np.ndarray[Any, Any]") -> List[tuple]:  # type: ignore[type-arg]
    """The hidden cells whose value the published ones determine: the minimum and maximum of
    each hidden cell over every non-negative table with the published values and sums agree.
    A linear program per cell (scipy), independent of the suppression code."""
    from scipy.optimize import linprog

    R, C = values.shape
    cells = [(r, c) for r in range(R) for c in range(C) if hidden[r, c]]
    if not cells:
        return []
    col = {rc: k for k, rc in enumerate(cells)}
    A, b = [], []
    # Each interior row sums to its total; each column (the totals column too) to its total.
    for r in range(R):
        row, rhs = np.zeros(len(cells)), 0.0
        for c in range(C):
            sign = -1.0 if c == C - 1 else 1.0
            if (r, c) in col:
                row[col[(r, c)]] += sign
            else:
                rhs -= sign * values[r, c]
        A.append(row), b.append(rhs)
    for c in range(C):
        row, rhs = np.zeros(len(cells)), 0.0
        for r in range(R):
            sign = -1.0 if r == R - 1 else 1.0
            if (r, c) in col:
                row[col[(r, c)]] += sign
            else:
                rhs -= sign * values[r, c]
        A.append(row), b.append(rhs)
    out = []
    for k, rc in enumerate(cells):
        obj = np.zeros(len(cells))
        obj[k] = 1.0
        lo = linprog(obj, A_eq=np.array(A), b_eq=np.array(b), bounds=(0, None), method="highs")
        hi = linprog(-obj, A_eq=np.array(A), b_eq=np.array(b), bounds=(0, None), method="highs")
        assert lo.status == 0 and hi.status in (0, 3)  # 3: unbounded above, so not determined
        if hi.status == 0 and abs(lo.fun + hi.fun) < 1e-6:
            out.append(rc)
    return out


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4).flatmap(lambda r: st.integers(1, 4).flatmap(
    lambda c: st.lists(st.lists(st.integers(0, 12), min_size=c, max_size=c), min_size=r, max_size=r))),
    st.integers(1, 8))
def test_no_suppressed_count_can_be_recovered(table: List[List[int]], threshold: int) -> None:
    t = privacy.suppression(table, threshold)
    values, hidden = t["values"], t["hidden"]
    arr = np.array(table)
    assert (values[:-1, :-1] == arr).all()
    assert (values[:-1, -1] == arr.sum(axis=1)).all() and values[-1, -1] == arr.sum()
    small = (values > 0) & (values < threshold)
    assert ((hidden == 1) == small).all()  # primary: exactly the small counts
    assert recoverable(values, hidden) == []


def test_suppress_frame() -> None:
    frame = pd.DataFrame({"without": [3, 40, 50], "with": [60, 2, 70]}, index=["s1", "s2", "s3"])
    t = privacy.suppress(frame)
    assert t.loc["s1", "without"] is pd.NA and t.loc["s2", "with"] is pd.NA
    assert int(t.loc["total", "total"]) == 225 or t.loc["total", "total"] is pd.NA
    assert t.isna().sum().sum() >= 4  # each hidden count has a partner in its row and column
    assert privacy.suppress(pd.DataFrame({"x": [40, 50]}))["x"].tolist() == [40, 50, 90]
    with pytest.raises(furong.ArgumentError):
        privacy.suppress(pd.DataFrame({"x": [-1, 5]}))
    with pytest.raises(furong.ArgumentError):
        privacy.suppress(frame, threshold=0)


def test_publish_parts() -> None:
    p = privacy.publish_parts({"a": [2, 30], "b": [40, 50], "c": [45, 60]}, ["no", "yes"], "all")
    assert p["rows"]["a"]["no"] == privacy.SUPPRESSED
    hidden = sum(v == privacy.SUPPRESSED for r in p["rows"].values() for v in r.values())
    assert hidden >= 4


def test_cli_audit_and_ledger_publish(capsys: Any) -> None:
    src = str(furong.datasets.furong_path())
    code, out, err = _cli(capsys, "audit", src, "--as-of", "2025-06-30", "--publish", "--threshold", "300")
    assert code == 0, err
    pub = json.loads(out)
    assert "households_without_contact" not in pub["summary"] or not isinstance(
        pub["summary"]["households_without_contact"], list)
    assert not any(s.startswith("h") and s[1:].isdigit() for s in strings(pub))  # no household ids
    col = [s["households_without_contact"] for s in pub["streets"]]
    hidden = sum(v == privacy.SUPPRESSED for v in col)
    assert hidden != 1  # a lone suppressed cell would follow from the total
    whole = furong.datasets.furong().audit("2025-06-30")
    for s, w in zip(pub["streets"], whole["streets"]):
        v = s["households_without_contact"]
        assert v == privacy.SUPPRESSED or v == w["households_without_contact"]
        if 0 < w["households_without_contact"] < 300:
            assert v == privacy.SUPPRESSED
    code, out, err = _cli(capsys, "ledger", src, "--as-of", "2025-06-30", "--publish", "--threshold", "50")
    assert code == 0, err
    pub = json.loads(out)
    assert set(pub) == {"threshold", "by_street", "totals"}
    assert sum(c["overdue"] == privacy.SUPPRESSED for c in pub["by_street"].values()) != 1
    with pytest.raises(SystemExit):
        _cli(capsys, "ledger", src, "--as-of", "2025-06-30", "--publish", "--threshold", "0")


# ---- output safety -----------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def test_report_escapes_every_name(bundled: furong.Network, tmp_path: Path) -> None:
    from furong import report

    bundled.save(tmp_path / "d")
    orgs = (tmp_path / "d" / "organisations.csv").read_text(encoding="utf-8").splitlines()
    # A street and a compound named like a script (quoted: the name holds no comma).
    orgs = [line.replace(",文艺路街道,", f",{SCRIPT},", 1) for line in orgs]
    k = next(i for i, line in enumerate(orgs) if line.startswith("cp-wenyilu-01-01,"))
    parts = orgs[k].split(",")
    parts[2] = SCRIPT
    orgs[k] = ",".join(parts)
    (tmp_path / "d" / "organisations.csv").write_text("\n".join(orgs) + "\n", encoding="utf-8")
    net = furong.load(tmp_path / "d")
    assert SCRIPT in set(net.organisations()["name"])
    kw = dict(as_of="2025-10-24", ledger_as_of="2025-12-31", sections=[report.audit_section, report.ledger_section],
              progress=False)
    r = report.write_report(net, tmp_path / "r", title=SCRIPT, source=SCRIPT, **kw)  # type: ignore[arg-type]
    page = r.page.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_report_shows_residents_names_only_when_asked(bundled: furong.Network, tmp_path: Path) -> None:
    from furong import report

    ev = bundled.ledger.evaluate_leaders(datetime.date(2025, 12, 31))
    names = bundled.people().set_index("id")["name"]
    top = [names[p] for p in ev.scores.head(10)["leader"]]
    kw = dict(as_of="2025-10-24", ledger_as_of="2025-12-31", sections=[report.ledger_section], progress=False)

    def written(out: Path, shown: bool) -> str:
        r = report.write_report(bundled, out, names=shown, **kw)  # type: ignore[arg-type]
        return r.page.read_text(encoding="utf-8") + "".join(
            f.read_text(encoding="utf-8-sig") for f in sorted((out / "tables").glob("*.csv")))

    hidden = written(tmp_path / "hidden", False)
    assert not [n for n in top if n in hidden]
    shown = written(tmp_path / "shown", True)
    assert all(n in shown for n in top)


def test_csv_formula_guard_round_trips(tmp_path: Path) -> None:
    net = furong.Network()
    net.add_organisation("d", "district", "=HYPERLINK(\"http://evil\",\"x\")")
    net.add_organisation("s", "street", "+cmd|' /C calc'!A0", parent="d")
    net.add_organisation("c", "community", "@SUM(1+1)", parent="s")
    net.add_organisation("k", "compound", "-2+3", parent="c", households=10)
    net.add_person("p1", "'apostrophe", note="\tTAB")
    net.save(tmp_path / "n")
    text = (tmp_path / "n" / "organisations.csv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        for field in line.split(","):
            assert not field.lstrip('"').startswith(("=", "+", "@", "\t", "\r")), line
    back = furong.load(tmp_path / "n")
    assert back.organisations()["name"].tolist() == net.organisations()["name"].tolist()
    assert back.people()["name"].tolist() == ["'apostrophe"]
    assert back.people()["note"].tolist() == ["\tTAB"]


# ---- store scopes ------------------------------------------------------------------------------

@pytest.fixture()
def two_streets(tmp_path: Path) -> Dict[str, Any]:
    """A store of a small city with two streets and a ledger item in a compound of each."""
    net = furong.synth.city(households=3000, seed=5, households_per_street=1500)
    orgs = net.organisations()
    streets = orgs.loc[orgs["kind"] == "street", "id"].tolist()[:2]
    assert len(streets) == 2
    parent = dict(zip(orgs["id"], orgs["parent"]))

    def street_of(o: str) -> str:
        while parent.get(o) not in (None, "") and o not in streets:
            o = parent[o]
        return o

    compounds = orgs.loc[orgs["kind"] == "compound", "id"].tolist()
    by_street = {s: [c for c in compounds if street_of(c) == s] for s in streets}
    net.save(tmp_path / "ds")
    location = str(tmp_path / "s.sqlite")
    s = furong.store.create(location, tmp_path / "ds", author="import")
    owner = net.people()["id"].iloc[0]
    with s.transaction(author="t") as tx:
        for st in streets:
            tx.add_item(f"L-{st}", by_street[st][0], "environment", "2025-05-01", owner, summary="x")
    return {"location": location, "streets": streets, "compounds": by_street, "owner": owner, "net": net}


def test_a_scoped_store_reads_and_writes_only_inside(two_streets: Dict[str, Any], tmp_path: Path) -> None:
    a, b = two_streets["streets"]
    ca, cb = two_streets["compounds"][a][0], two_streets["compounds"][b][0]
    s = furong.open_store(two_streets["location"], scope=a)
    net = s.network()
    assert a in net and b not in net and cb not in net
    assert list(net.ledger.items()["id"]) == [f"L-{a}"]
    assert sorted(net.organisations()["id"]) == sorted(two_streets["net"].view(a).organisations()["id"])
    # Items outside are unknown, as if they did not exist.
    assert s.item(f"L-{a}")["status"] == "open"
    with pytest.raises(furong.UnknownIdError):
        s.item(f"L-{b}")
    with pytest.raises(furong.UnknownIdError):
        s.history(f"L-{b}")
    # Writes outside are refused and change nothing; inside they commit.
    for write in (lambda tx: tx.add_item("L-new", cb, "environment", "2025-05-02", two_streets["owner"]),
                  lambda tx: tx.change_status(f"L-{b}", "assigned", "2025-05-03"),
                  lambda tx: tx.add_organisation("k-new", "compound", "new", parent=b),
                  lambda tx: tx.add_role(two_streets["owner"], cb, "volunteer"),
                  lambda tx: tx.add_link(ca, cb, "adjacent")):
        with pytest.raises((furong.StoreError, furong.UnknownIdError)) as e:
            with s.transaction(author="t") as tx:
                write(tx)
        assert "outside the scope" in str(e.value) or isinstance(e.value, furong.UnknownIdError)
    with s.transaction(author="t") as tx:
        tx.change_status(f"L-{a}", "assigned", "2025-05-03")
    whole = furong.open_store(two_streets["location"])
    assert whole.item(f"L-{a}")["status"] == "assigned" and whole.item(f"L-{b}")["status"] == "open"
    assert "L-new" not in set(whole.network().ledger.items()["id"])
    with pytest.raises(furong.StoreError, match="without a scope"):
        s.transactions()
    with pytest.raises(furong.StoreError, match="without a scope"):
        s.check()
    with pytest.raises(furong.UnknownIdError):
        furong.open_store(two_streets["location"], scope="nowhere")
    with pytest.raises(furong.StoreError, match="PostgreSQL"):
        whole.grant_scope(a, "street_a")
    # A scoped export writes the view.
    s.export(tmp_path / "out")
    assert set(furong.load(tmp_path / "out").organisations()["id"]) == set(net.organisations()["id"])


PG_URL = os.environ.get("FURONG_TEST_POSTGRESQL")


def _psql(url: str, sql: str) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-A", "-t", "-c", sql],
                          capture_output=True, text=True)


@pytest.mark.skipif(not PG_URL, reason="needs FURONG_TEST_POSTGRESQL (tools/postgres.sh start)")
def test_postgresql_roles_see_only_their_street_with_raw_sql(tmp_path: Path) -> None:
    assert PG_URL is not None
    net = furong.synth.city(households=3000, seed=5, households_per_street=1500)
    net.save(tmp_path / "ds")
    orgs = net.organisations()
    a, b = orgs.loc[orgs["kind"] == "street", "id"].tolist()[:2]
    sets_a, sets_b = scope_sets(net, a), scope_sets(net, b)
    suffix = uuid.uuid4().hex[:8]
    db, role_a, role_b = f"rls_{suffix}", f"street_a_{suffix}", f"street_b_{suffix}"
    assert _psql(PG_URL, f"CREATE DATABASE {db}").returncode == 0
    url = PG_URL.rpartition("/")[0] + "/" + db
    try:
        s = furong.store.create(url, tmp_path / "ds", author="import")
        owner = net.people()["id"].iloc[0]
        ca = sorted(sets_a["inside"] & set(orgs.loc[orgs["kind"] == "compound", "id"]))[0]
        cb = sorted(sets_b["inside"] & set(orgs.loc[orgs["kind"] == "compound", "id"]))[0]
        with s.transaction(author="t") as tx:
            tx.add_item("L-a", ca, "environment", "2025-05-01", owner, summary="in a")
            tx.add_item("L-b", cb, "environment", "2025-05-01", owner, summary="in b")
        s.grant_scope(a, role_a)
        s.grant_scope(b, role_b)
        as_a = url.replace("postgres@", f"{role_a}@", 1)

        def rows(sql: str, who: str = as_a) -> Set[str]:
            r = _psql(who, sql)
            assert r.returncode == 0, r.stderr
            return {line for line in r.stdout.splitlines() if line}

        assert rows("SELECT id FROM organisations") == sets_a["inside"]
        assert rows(f"SELECT id FROM organisations WHERE id = '{b}'") == set()
        assert rows("SELECT id FROM items") == {"L-a"}
        assert rows("SELECT summary FROM items") == {"in a"}
        assert rows("SELECT id FROM people") == sets_a["holders"]
        assert not rows("SELECT source FROM links UNION SELECT target FROM links") - sets_a["inside"]
        assert rows("SELECT count(*) FROM links WHERE source = ANY(SELECT id FROM organisations)") != set()
        assert rows("SELECT org FROM furong_scopes") == sets_a["inside"]  # not the other role's rows
        assert not rows("SELECT person FROM roles") - sets_a["holders"]
        assert _psql(as_a, "SELECT * FROM transactions").returncode != 0  # no grant at all
        as_b = url.replace("postgres@", f"{role_b}@", 1)
        assert rows("SELECT id FROM items", as_b) == {"L-b"}
        assert rows("SELECT id FROM organisations", as_b) == sets_b["inside"]
        # The owner, and the store itself, still see everything.
        assert rows("SELECT id FROM items", url) == {"L-a", "L-b"}
        assert set(furong.open_store(url).network().ledger.items()["id"]) == {"L-a", "L-b"}
        with pytest.raises(furong.ArgumentError):
            s.grant_scope(a, "Robert'); DROP TABLE items;--")
        del s
        gc.collect()
    finally:
        _psql(PG_URL, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        for role in (role_a, role_b):
            _psql(PG_URL, f"DROP ROLE IF EXISTS {role}")
