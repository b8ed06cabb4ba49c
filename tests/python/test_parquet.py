"""Parquet datasets (furong.parquet): a CSV directory and its Parquet export load to the same
network, ledger and preferences; the layout is partitioned by district and street; a malformed
row names its Parquet file and row; the CLI exports and reads them."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path
from typing import Any, List

import pytest

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

import furong  # noqa: E402
from furong import parquet  # noqa: E402
from furong.cli import main  # noqa: E402

DATA = furong.datasets.furong_path()


def _same_dirs(a: Path, b: Path) -> None:
    cmp = filecmp.dircmp(a, b)
    assert sorted(cmp.left_list) == sorted(cmp.right_list)
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    assert not mismatch and not errors, (mismatch, errors)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("pq") / "furong"
    parquet.export(DATA, d)
    return d


def test_roundtrip_gives_the_same_network(exported: Path, tmp_path: Path) -> None:
    # The saved CSV files of both networks are byte-identical: organisations, links, people,
    # roles, offers, needs and every ledger table.
    parquet.load(exported).save(tmp_path / "a")
    furong.load(DATA).save(tmp_path / "b")
    _same_dirs(tmp_path / "a", tmp_path / "b")
    # furong.load (and so every CLI subcommand) recognises the dataset by its manifest.
    net = furong.load(exported)
    assert net.audit("2025-06-30") == furong.load(DATA).audit("2025-06-30")
    # preferences.csv beside the CSV files travels as a table and is checked like it.
    expect = furong.match.load_preferences(furong.load(DATA), DATA)
    assert net.preferences is not None
    assert net.preferences.reset_index(drop=True).equals(expect.reset_index(drop=True))


def test_layout_and_manifest(exported: Path) -> None:
    m = json.loads((exported / parquet.MANIFEST).read_text(encoding="utf-8"))
    assert m["format"] == "furong-parquet" and m["schema_version"] == parquet.SCHEMA_VERSION
    assert set(m["tables"]) == {p.stem for p in DATA.glob("*.csv") if p.stem in parquet.TABLES}
    for name, meta in m["tables"].items():
        rows = sum(pq.read_metadata(p).num_rows for p in (exported / name).rglob("*.parquet"))
        assert rows == meta["rows"], name
    streets = {p.name for p in (exported / "organisations" / "district=furong").iterdir()}
    orgs = furong.load(DATA).organisations()
    assert streets == {f"street={s}" for s in orgs[orgs["kind"] == "street"]["id"]} | {"street=_"}
    # Every household sits in its street's partition (an independent walk up the parents).
    parent = dict(zip(orgs["id"], orgs["parent"]))
    kind = dict(zip(orgs["id"], orgs["kind"].astype(str)))
    t = parquet.read_table(exported, "organisations", ["id", "_row"])
    for i, street in zip(t["id"][::997], t["street"][::997]):
        x = i
        while x is not None and isinstance(x, str) and kind[x] != "street":
            x = parent[x]
        assert street == (x if isinstance(x, str) else parquet.NO_PARTITION)
    # _row is the CSV row: the rows in _row order are the CSV file's rows.
    assert list(t["_row"]) == list(range(1, len(orgs) + 1))


def test_a_part_is_a_shard(exported: Path) -> None:
    import pyarrow.dataset as ds

    f = (ds.field("street") == "st-wenyilu") | (ds.field("street") == parquet.NO_PARTITION)
    part = parquet.read_table(exported, "organisations", ["id", "kind", "_row"], f)
    assert set(part["street"]) == {"st-wenyilu", parquet.NO_PARTITION}
    assert (part["kind"] == "household").sum() > 0


def _break_row(exported: Path, tmp_path: Path, table: str, column: str, value: str) -> Any:
    """A copy of the dataset with one field of the middle row of one Parquet file changed."""
    import shutil

    d = tmp_path / "bad"
    shutil.copytree(exported, d)
    files = sorted((d / table).rglob("*.parquet"))
    path = files[len(files) // 2]
    t = pq.read_table(path, partitioning=None)
    rows = t.to_pylist()
    k = len(rows) // 2
    rows[k][column] = value
    pq.write_table(pa.Table.from_pylist(rows, schema=t.schema), path)
    return d, path, rows[k]["_row"]


@pytest.mark.parametrize("table, column, value, why", [
    ("organisations", "kind", "planet", "kind"),
    ("organisations", "parent", "nobody-here", "nobody-here"),
    ("links", "since", "2025-02-30", "2025-02-30"),
    ("ledger", "raised", "yesterday", "yesterday"),
])
def test_malformed_row_names_file_and_row(exported: Path, tmp_path: Path, table: str, column: str, value: str,
                                          why: str) -> None:
    d, path, row = _break_row(exported, tmp_path, table, column, value)
    with pytest.raises(furong.InputError) as e:
        parquet.load(d)
    assert e.value.file == str(path)
    assert e.value.line == row
    assert str(path) in str(e.value) and f"row {row}" in str(e.value) and why in str(e.value)


def test_refusals(exported: Path, tmp_path: Path) -> None:
    with pytest.raises(furong.FileError):
        parquet.export(DATA, exported)  # not empty: never mixed with an older export
    with pytest.raises(furong.FileError):
        parquet.load(tmp_path)  # no manifest
    bad = tmp_path / "v99"
    bad.mkdir()
    (bad / parquet.MANIFEST).write_text(json.dumps({"format": "furong-parquet", "schema_version": 99}))
    with pytest.raises(furong.InputError, match="schema version"):
        parquet.load(bad)


def test_synthetic_city_with_several_streets_roundtrips(tmp_path: Path) -> None:
    net = furong.synth.city(households=3000, seed=5)
    parquet.export(net, tmp_path / "pq")
    net.save(tmp_path / "a")
    parquet.load(tmp_path / "pq").save(tmp_path / "b")
    _same_dirs(tmp_path / "a", tmp_path / "b")


def _cli(args: List[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 0
    return capsys.readouterr().out


def test_cli_export_and_read(exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli"
    assert "(parquet)" in _cli(["export", str(DATA), str(out), "--format", "parquet"], capsys)
    for cmd in (["audit", "--as-of", "2025-06-30", "--json"], ["ledger", "--as-of", "2025-12-31", "--json"],
                ["plan", "branches", "--json"], ["info", "--json"]):
        a = _cli([cmd[0], str(out)] + cmd[1:], capsys) if cmd[0] != "plan" else _cli(cmd[:2] + [str(out)] + cmd[2:], capsys)
        b = _cli([cmd[0], str(DATA)] + cmd[1:], capsys) if cmd[0] != "plan" else _cli(cmd[:2] + [str(DATA)] + cmd[2:], capsys)
        assert a == b, cmd
    # Back to CSV from the Parquet dataset.
    assert main(["export", str(out), str(tmp_path / "csv")]) == 0
    furong.load(DATA).save(tmp_path / "ref")
    _same_dirs(tmp_path / "csv", tmp_path / "ref")
