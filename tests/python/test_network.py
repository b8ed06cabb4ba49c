"""The network model, its CSV files and its Python API."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import furong
from furong import datasets


def small() -> furong.Network:
    net = furong.Network()
    net.add_organisation("d", "district", "芙蓉区")
    net.add_organisation("s", "street", "文艺路", parent="d")
    net.add_organisation("c", "community", "识字里", parent="s")
    net.add_organisation("x", "compound", "X", parent="c", compound_type="old", households=120, party_members=4)
    net.add_organisation("b", "building", "B", parent="x", households=60)
    net.add_organisation("h", "household", parent="b")
    net.add_organisation("a", "agency", "A", parent="d", capacity=3)
    net.add_link("a", "x", "pairing", since=datetime.date(2024, 1, 1))
    net.add_person("p", "张三", party_member=1)
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
    assert any("文艺路" in s for s in streets)
    alliance = orgs.loc[orgs["kind"] == "alliance", "id"].tolist()
    assert len(alliance) == 1
    links = net.links()
    members = links[(links["kind"] == "member") & (links["target"] == alliance[0])]
    assert members["source"].nunique() == 125
    assert set(orgs.loc[orgs["kind"] == "compound", "compound_type"].dropna()) == {"old", "commercial", "work_unit", "resettlement"}


# ---- one source per fact, one converter for dates, one rule per error class -------------------

ROOT = Path(__file__).resolve().parents[2]


def test_the_version_is_the_one_of_cmakelists() -> None:
    import re

    import tomllib

    cmake = re.search(r"project\(furong\s+VERSION\s+([0-9.]+)", (ROOT / "CMakeLists.txt").read_text()).group(1)
    assert furong.__version__ == furong._core.__version__ == cmake
    from furong.cli import main

    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    rule = project["tool"]["scikit-build"]["metadata"]["version"]
    assert rule["input"] == "CMakeLists.txt"
    assert re.search(rule["regex"], (ROOT / "CMakeLists.txt").read_text(), re.MULTILINE).group("value") == cmake


def test_bootstrap_reads_the_dependencies_from_pyproject() -> None:
    text = (ROOT / "tools" / "bootstrap.sh").read_text()
    assert "pyproject.toml" in text and "tomllib" in text
    for name in ("hypothesis", "sphinx", "nbsphinx", "rustworkx"):  # no list of its own
        assert name not in text, name
    extras = __import__("tomllib").loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert {"test", "docs", "plot"} <= set(extras)


@pytest.mark.parametrize("text, reason", [
    ("20250630", "expected a date YYYY-MM-DD"),
    ("2025-02-30", "no such day in that month"),
    ("2025-6-30", "expected a date YYYY-MM-DD"),
    ("1399-01-01", "year before 1400"),
    (" 2025-06-30", "expected a date YYYY-MM-DD"),
    ("2025-06-30T00:00", "expected a date YYYY-MM-DD"),
])
def test_python_and_cpp_refuse_the_same_date_strings(text: str, reason: str) -> None:
    from furong._dates import as_date

    with pytest.raises(furong.ArgumentError, match=reason) as e:
        as_date(text, "as_of")
    assert isinstance(e.value, ValueError) and f"'{text}'" in str(e.value) and "as_of" in str(e.value)
    with pytest.raises(furong.ArgumentError, match=reason):
        furong._core.parse_date(text)
    net = small()
    with pytest.raises(furong.ArgumentError, match=reason):  # the type caster: the same parser
        net.add_link("a", "x", "pairing", since=text)


def test_dates_accepted_alike() -> None:
    from furong._dates import as_date, optional_date

    day = datetime.date(2025, 6, 30)
    for value in ("2025-06-30", day, datetime.datetime(2025, 6, 30, 13, 5), pd.Timestamp("2025-06-30 08:00")):
        assert as_date(value) == day
    assert optional_date(None) is None
    with pytest.raises(furong.ArgumentError, match="needs a date"):
        as_date(None, "since")
    with pytest.raises(furong.ArgumentError, match="needs a date"):
        as_date(20250630, "since")
    with pytest.raises(furong.ArgumentError):
        as_date(pd.NaT, "since")


@pytest.mark.parametrize("what, cls, text", [
    ("argument_error", furong.ArgumentError, "bad argument"),
    ("input_error", furong.InputError, "f.csv:2:3"),
    ("bad_day_of_month", furong.ArgumentError, "impossible date"),
    ("out_of_range", furong.InternalError, "internal error (a bug"),
    ("invalid_argument", furong.InternalError, "internal error (a bug"),
    ("bad_alloc", MemoryError, None),
])
def test_cpp_exceptions_map_by_class(what: str, cls: type, text: str) -> None:
    with pytest.raises(cls, match=None if text is None else re.escape(text)) as e:
        furong._core._throw(what)
    assert not isinstance(e.value, IndexError)
    if cls is furong.InternalError:
        assert isinstance(e.value, RuntimeError) and not isinstance(e.value, ValueError)


def test_pybind11_errors_pass_through() -> None:
    with pytest.raises(TypeError):
        furong._core.parse_date(12)  # type: ignore[arg-type]


def test_links_as_of_uses_the_cores_rule() -> None:
    net = small()
    net.add_link("a", "s", "liaison", since="2025-01-01", until="2025-01-31")
    assert len(net.links()) == 2
    assert len(net.links("2025-01-31")) == 2 and len(net.links("2025-02-01")) == 1
    assert len(net.links(datetime.date(2023, 12, 31))) == 0
    with pytest.raises(furong.ArgumentError, match="as_of"):
        net.links("2025-13-01")


def test_synth_options_are_bound_once() -> None:
    opts = furong._core.synth.CityOptions()
    assert set(furong.synth.OPTIONS) == set(furong._core.synth.CityOptions.OPTIONS)
    assert {"households", "share_old", "first_date", "ended_share", "units_per_250k_households"} <= set(furong.synth.OPTIONS)
    for name in furong.synth.OPTIONS:
        getattr(opts, name)  # every listed option is a field
    net = furong.synth.city(households=400, seed=5, agencies=3, people=False, last_date="2024-12-31")
    assert net.counts()["agency"] == 3 and len(net.roles()) == 0
    assert net.links()["since"].max() <= pd.Timestamp("2024-12-31")
    with pytest.raises(furong.ArgumentError, match="unknown synth.city option.*colour"):
        furong.synth.city(households=100, colour="red")
    with pytest.raises(furong.ArgumentError, match="share"):
        furong.synth.city(households=100, share_old=2.0)


def test_date_objects_follow_the_same_range() -> None:
    from furong._dates import as_date

    with pytest.raises(furong.ArgumentError, match="year before 1400"):
        as_date(datetime.date(1399, 12, 31), "since")
    with pytest.raises(furong.ArgumentError, match="1400"):
        small().add_link("a", "x", "pairing", since=datetime.date(1399, 12, 31))
