#!/usr/bin/env python3
"""Writes the notebooks under docs/notebooks from the cell lists below (outputs are never
committed: CI executes them, and the documentation site renders them executed).

Figures show inline (``%matplotlib inline``, whatever MPLBACKEND says) and draw Chinese
names: importing :mod:`furong.plot` sets the CJK font for every matplotlib plot, pandas'
``.plot`` included, so it comes before the first plot.

Usage: python tools/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import nbformat

OUT = Path(__file__).resolve().parent.parent / "docs" / "notebooks"

Cell = Tuple[str, str]  # ("md" | "py", source)

TOUR: List[Cell] = [
    ("md", """# A tour of the Furong District network

The bundled dataset models Furong District (芙蓉区), Changsha: the 13 real streets and the
known community names, with everything below street level synthetic but plausible (see
`docs/dataset.md`). This notebook looks at its structure and runs the coverage audit: does
every household reach a neighbour leader, is every compound covered by a party branch?"""),
    ("py", """%matplotlib inline
import datetime
import matplotlib.pyplot as plt
import pandas as pd

import furong
from furong import plot

net = furong.datasets.furong()
net"""),
    ("md", "## What is in it\n\nCounts by kind of organisation, and by kind of link."),
    ("py", """counts = pd.Series(net.counts()).sort_values(ascending=False)
counts[counts > 0]"""),
    ("py", """pd.Series(net.link_counts()).sort_values(ascending=False)"""),
    ("md", """## Streets and compounds

Compounds come in four types, one policy per type (一类一策). Households per street follow
the census proportions."""),
    ("py", """orgs = net.organisations()
compounds = orgs[orgs["kind"] == "compound"].copy()
parent_of = orgs.set_index("id")["parent"]
name_of = orgs.set_index("id")["name"]
compounds["street"] = compounds["parent"].map(parent_of).map(name_of)
by_street = compounds.pivot_table(index="street", columns="compound_type", values="households",
                                  aggfunc="sum", observed=True).fillna(0).astype(int)
by_street"""),
    ("py", """ax = by_street.plot.barh(stacked=True, figsize=(8, 5))
ax.set_xlabel("households")
ax.set_title("Households by street and compound type")
plt.tight_layout()"""),
    ("md", "## One street, top to bottom\n\nThe administrative hierarchy of one street: its communities and their compounds."),
    ("py", """street = orgs.loc[orgs["kind"] == "street", "id"].iloc[0]
ax = plot.hierarchy(net, street, depth=2)"""),
    ("md", """## Ancestors and reach

`is_ancestor` answers in constant time from interval labels; `reachable` finds a
fewest-hops path over chosen edge kinds on a date."""),
    ("py", """household = orgs.loc[orgs["kind"] == "household", "id"].iloc[100]
snap = net.snapshot()
snap.is_ancestor("furong", household), snap.is_ancestor(household, "furong")"""),
    ("py", """net.escalation_path(household, as_of=datetime.date(2025, 6, 30))"""),
    ("md", """## The coverage audit

On a given day: households without a contact, compounds without a branch or a pairing,
buildings without a leader, grids without a worker, and the three-party gaps."""),
    ("py", """report = net.audit(as_of=datetime.date(2025, 6, 30))
pd.Series(report["summary"])"""),
    ("py", """ax = plot.coverage_by_street(report)"""),
    ("py", """pd.DataFrame(report["streets"]).head(13)"""),
    ("md", """## Single points of failure

Whose absence cuts households off from the district over the hierarchy and the contact
links? Neighbour leaders who are the only contact of their households:"""),
    ("py", """people = net.critical_people(as_of=datetime.date(2025, 6, 30))
people.head(10) if hasattr(people, "head") else people"""),
]


MATCHING: List[Cell] = [
    ("md", """# Planning co-building pairings (精准结对共建)

District agencies and the 125 units of the Furong Pioneer Community pair with compounds.
Each compound needs things (an elderly canteen, fire-safety work, a reading corner...), each
provider offers things and can take only so many compounds. The score of a pair is the sum,
over the resources both share, of the compound's priority times the provider's amount; the
plan maximises the total score exactly (a min-cost flow), keeping the pairings already in force."""),
    ("py", """%matplotlib inline
import datetime
import matplotlib.pyplot as plt
import pandas as pd

import furong
from furong import match, plot

net = furong.datasets.furong()
as_of = datetime.date(2025, 6, 30)
len(match.providers(net)), len(match.compounds(net))"""),
    ("md", "## The optimal plan"),
    ("py", """plan = match.co_building(net, as_of=as_of)
plan.total_score, len(plan.pairs), len(plan.unmatched)"""),
    ("py", """plan.pairs.sort_values("score", ascending=False).head(10)"""),
    ("md", "Why these pairs? Each pair carries the resources, priorities and amounts behind its score."),
    ("py", """for _, row in plan.pairs.sort_values("score", ascending=False).head(3).iterrows():
    print(row["provider"], "->", row["compound"], row["score"])
    for reason in row["reasons"]:
        print("    ", reason)"""),
    ("md", "## Compounds left without a partner, and why"),
    ("py", """plan.unmatched["why"].value_counts()"""),
    ("md", """## Compared with the existing pairings

`cover_first` first maximises the number of compounds with a partner, then the score;
`same_street` keeps units within their street (agencies count as district-wide)."""),
    ("py", """variants = {
    "optimal": plan,
    "cover_first": match.co_building(net, as_of=as_of, cover_first=True),
    "same_street": match.co_building(net, as_of=as_of, same_street=True),
}
pd.DataFrame({name: {"total score": p.total_score, "new pairs": len(p.pairs), "unmatched": len(p.unmatched)}
              for name, p in variants.items()}).T"""),
    ("md", "## The pairs of one street, drawn"),
    ("py", """orgs = net.organisations().set_index("id")
street = "st-wenyilu"
communities = set(orgs.index[(orgs["kind"] == "community") & (orgs["parent"] == street)])
in_street = plan.pairs[plan.pairs["compound"].map(orgs["parent"]).isin(communities)]
ax = plot.pairings(in_street.head(40), net=net)"""),
    ("md", """## Stable matching from stated preferences

Where compounds and providers rank each other (`preferences.csv`), the compound-optimal
stable matching (hospitals/residents); no pair would rather be together than with their match."""),
    ("py", """stable = match.stable(net, furong.datasets.furong_path() / "preferences.csv")
len(stable.assignment()), len(match.blocking_pairs(net, stable, furong.datasets.furong_path() / "preferences.csv"))"""),
]

LEDGER: List[Cell] = [
    ("md", """# Following up the ledger (台账)

"One compound, one street, one ledger": every resident demand is an item with a category, an
owner, a due date and return visits until it is closed. This notebook looks at what is overdue
or due for a return visit on a day, the backlog over two years, how fast each street closes
items, and the neighbour-leader evaluation (the district commended 374 leaders and adjusted 424)."""),
    ("py", """%matplotlib inline
import datetime
import matplotlib.pyplot as plt
import pandas as pd

import furong
from furong import plot

net = furong.datasets.furong()
ledger = net.ledger
as_of = datetime.date(2025, 6, 30)
len(ledger.items())"""),
    ("md", "## Overdue and due for a return visit"),
    ("py", """overdue = ledger.overdue(as_of)
visit_due = ledger.visit_due(as_of, interval=30)
len(overdue), len(visit_due)"""),
    ("py", """ledger.open_overdue_by(as_of, by="street")"""),
    ("md", "## The backlog, day by day"),
    ("py", """backlog = ledger.backlog(datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
ax = plot.burndown(backlog)"""),
    ("md", "## How fast each street closes items (days from raised to resolved)"),
    ("py", """ledger.closure_stats(as_of, by="street")"""),
    ("py", """ledger.closure_stats(as_of, by="category")"""),
    ("md", "## Items open for a long time, with the next step up the escalation path"),
    ("py", """ledger.open_longer_than(as_of, 60).head(10)"""),
    ("md", "## Night Talk sessions: agreed items and the closed-loop rate"),
    ("py", """ledger.meetings.night_talk_loop(as_of).head(10)"""),
    ("md", "## Neighbour-leader evaluation"),
    ("py", """evaluation = ledger.evaluate_leaders(as_of)
len(evaluation.commend), len(evaluation.adjust)"""),
]


def write(name: str, cells: List[Cell]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
                for kind, src in cells]
    OUT.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, OUT / name)
    print(f"wrote {OUT / name}")


def main() -> None:
    write("01_tour.ipynb", TOUR)
    write("02_matching.ipynb", MATCHING)
    write("03_ledger.ipynb", LEDGER)


if __name__ == "__main__":
    main()
