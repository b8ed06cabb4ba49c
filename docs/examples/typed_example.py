"""A small planner script, type-checked with ``mypy --strict`` in the test suite."""

from __future__ import annotations

import datetime

import pandas as pd

import furong


def busiest_streets(net: furong.Network, top: int = 3) -> pd.DataFrame:
    """Streets with the most compounds."""
    orgs = net.organisations()
    compounds = orgs[orgs["kind"] == "compound"]
    communities = orgs.set_index("id")["parent"]
    streets = compounds["parent"].map(communities)
    counts = streets.value_counts().head(top)
    return counts.rename_axis("street").reset_index(name="compounds")


def main() -> None:
    net: furong.Network = furong.datasets.furong()
    print(busiest_streets(net))
    snap = net.snapshot()
    print(snap.is_ancestor("furong", net.id_of(len(net) - 1)))
    day: datetime.date = datetime.date(2025, 6, 30)
    small = furong.synth.city(households=500, seed=3)
    print(len(small), day)


if __name__ == "__main__":
    main()
