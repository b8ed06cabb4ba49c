"""The network model, its CSV files and its Python API."""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import furong
from furong import datasets


def small() -> furong.Network:
    net = furong.Network()
    net.add_organisation("d", "district", "芙蓉區")
    net.add_organisation("s", "street", "文藝路", parent="d")
    net.add_organisation("c", "community", "識字里", parent="s")
    net.add_organisation("x", "compound", "X", parent="c", compound_type="old", households=120, party_members=4)
    net.add_organisation("b", "building", "B", parent="x", households=60)
    net.add_organisation("h", "household", parent="b")
    net.add_organisation("a", "agency", "A", parent="d", capacity=3)
    net.add_link("a", "x", "pairing", since=datetime.date(2024, 1, 1))
    net.add_person("p", "張三", party_member=1)
    net.add_role("p", "b", "building_leader", since="2024-03-01")
    net.add_offer("a", "fire_safety", 2.5)
    net.add_need("x", "fire_safety", 5)
    return net


def test_tables_are_dataframes_with_the_documented_columns() -> None:
    net = small()
    orgs = net.organisations()
    assert list(orgs.columns[:9]) == ["id", "kind", "name", "parent", "compound_type", "households",
                                      "party_members", "capacity", "unit_type"]
    assert orgs.set_index("id").loc["x", "households"] == 120
    assert pd.isna(orgs.set_index("id").loc["s", "households"])
    assert orgs.set_index("id").loc["c", "parent"] == "s"
    links = net.links()
    assert links.loc[0, "since"] == pd.Timestamp("2024-01-01")
    assert pd.isna(links.loc[0, "until"])
    roles = net.roles()
    assert roles.loc[0, "role"] == "building_leader"
    assert net.people().loc[0, "party_member"] == "1"
    assert net.offers().loc[0, "amount"] == 2.5
    assert net.needs().loc[0, "priority"] == 5


def test_round_trip_keeps_everything(tmp_path: Path) -> None:
    net = small()
    net.add_organisation("u", "unit", "U", parent="s", capacity=2, unit_type="university", ward="east")
    net.save(tmp_path)
    back = furong.load(tmp_path)
    for table in ("organisations", "links", "people", "roles", "offers", "needs"):
        pd.testing.assert_frame_equal(getattr(net, table)(), getattr(back, table)(), check_dtype=False)
    assert back.organisations().set_index("id").loc["u", "ward"] == "east"


def test_snapshot_survives_edits() -> None:
    net = small()
    snap = net.snapshot()
    net.add_organisation("x2", "compound", parent="c")
    assert len(snap) == 7 and len(net) == 8
    assert snap.is_ancestor("d", "h")
    with pytest.raises(KeyError):
        snap.index_of("x2")
    assert net.snapshot().index_of("x2") == 7


def test_errors_are_typed_and_specific() -> None:
    net = small()
    with pytest.raises(furong.UnknownIdError) as e:
        net.index_of("nowhere")
    assert isinstance(e.value, KeyError) and "nowhere" in str(e.value) and e.value.id == "nowhere"
    with pytest.raises(furong.ModelError, match="sits under community"):
        net.add_organisation("y", "compound", parent="s")
    with pytest.raises(furong.ModelError, match="duplicate"):
        net.add_organisation("x", "compound", parent="c")
    with pytest.raises(furong.ArgumentError, match="unknown organisation kind"):
        net.add_organisation("y", "village", parent="c")
    with pytest.raises(ValueError, match="no such day"):
        net.add_link("a", "x", "pairing", since="2025-02-30")
    with pytest.raises(ValueError):
        net.add_link("a", "x", "pairing", since=datetime.date(2025, 2, 1), until=datetime.date(2025, 1, 1))
    with pytest.raises(furong.ArgumentError):
        net.add_organisation("y", "compound", parent="c", households=-1)
    with pytest.raises(furong.ArgumentError):
        net.add_organisation("y", "street", parent="d", compound_type="old")
    with pytest.raises(TypeError):
        net.add_link("a", "x", "pairing", since=12345)  # type: ignore[arg-type]
    assert len(net) == 7  # nothing half-added


@pytest.mark.parametrize(
    "files, where, text",
    [
        ({"links.csv": "source,target,kind\n"}, ("organisations.csv", 0, 0), "missing required file"),
        ({"organisations.csv": "id,kind,name\nd,district,D\n"}, ("organisations.csv", 1, 0), "missing required column"),
        ({"organisations.csv": "id,kind,name,parent\nd,planet,D,\n"}, ("organisations.csv", 2, 2), "unknown organisation kind"),
        ({"organisations.csv": "id,kind,name,parent\nd,district,D,\nd,district,E,\n"}, ("organisations.csv", 3, 1), "duplicate"),
        ({"organisations.csv": "id,kind,name,parent\ns,street,S,zz\n"}, ("organisations.csv", 2, 4), "unknown parent"),
        ({"organisations.csv": "id,kind,name,parent\nd,district,D,\nx,compound,X,d\n"}, ("organisations.csv", 3, 4), "sits under"),
        ({"organisations.csv": "id,kind,name,parent,households\nd,district,D,,-1\n"}, ("organisations.csv", 2, 5), "integer from 0"),
        ({"organisations.csv": "id,kind,name,parent,households\nd,district,D,,lots\n"}, ("organisations.csv", 2, 5), "expected an integer"),
        ({"organisations.csv": "id,kind,name,parent\nd,district\n"}, ("organisations.csv", 2, 3), "expected 4 fields"),
        ({"organisations.csv": ""}, ("organisations.csv", 1, 0), "empty file"),
        ({"organisations.csv": b"id,kind,name,parent\nd,district,\xff,\n"}, ("organisations.csv", 2, 12), "UTF-8"),
        ({"organisations.csv": "id,kind,name,parent\nd,district,D,\n", "people.csv": "id,name\np,P\n",
          "roles.csv": "person,org,role\np,d,emperor\n"}, ("roles.csv", 2, 3), "unknown role"),
        ({"organisations.csv": "id,kind,name,parent\nd,district,D,\na,agency,A,d\ns,street,S,d\n",
          "links.csv": "source,target,kind,since\na,s,liaison,2025-02-30\n"}, ("links.csv", 2, 4), "no such day"),
        ({"organisations.csv": "id,kind,name,parent\nd,district,D,\na,agency,A,d\n",
          "links.csv": "source,target,kind\na,ghost,liaison\n"}, ("links.csv", 2, 2), "unknown organisation id 'ghost'"),
    ],
)
def test_bad_files_name_file_line_and_column(tmp_path: Path, files: dict, where: tuple, text: str) -> None:
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (tmp_path / name).write_bytes(data)
    with pytest.raises(furong.InputError) as e:
        furong.load(tmp_path)
    assert isinstance(e.value, ValueError)
    assert (e.value.file, e.value.line, e.value.column) == where
    assert text in str(e.value)


def test_failed_load_leaves_the_existing_network_alone(tmp_path: Path) -> None:
    net = small()
    (tmp_path / "organisations.csv").write_text("id,kind,name,parent\nd,district,D,\n")
    (tmp_path / "links.csv").write_text("source,target,kind\nd,nowhere,pairing\n")
    with pytest.raises(furong.InputError):
        net = furong.load(tmp_path)
    assert len(net) == 7


def test_index_of_batches_and_to_networkx() -> None:
    net = small()
    idx = net.index_of(["d", "h", "a"])
    assert isinstance(idx, np.ndarray) and idx.tolist() == [0, 5, 6]
    g = net.to_networkx()
    assert g.number_of_nodes() == 7
    kinds = sorted(k for _, _, k in g.edges(data="kind"))
    assert kinds.count("hierarchy") == 6 and kinds.count("pairing") == 1
    assert net.to_networkx(as_of="2023-06-01").number_of_edges() == 6


def test_bundled_dataset_is_the_real_district() -> None:
    net = datasets.furong()
    counts = net.counts()
    assert counts["district"] == 1 and counts["street"] == 13
    assert counts["household"] > 100_000
    orgs = net.organisations()
    streets = set(orgs.loc[orgs["kind"] == "street", "name"])
    assert any("文藝路" in s or "文艺路" in s for s in streets)
    alliance = orgs.loc[orgs["kind"] == "alliance", "id"].tolist()
    assert len(alliance) == 1
    links = net.links()
    members = links[(links["kind"] == "member") & (links["target"] == alliance[0])]
    assert members["source"].nunique() == 125
    assert set(orgs.loc[orgs["kind"] == "compound", "compound_type"].dropna()) == {"old", "commercial", "work_unit", "resettlement"}
