"""Parquet datasets: every table of the model and the ledger, partitioned by district and street.

A furong Parquet dataset is a directory with one sub-directory per table (``organisations``,
``links``, ``ledger``...), each a hive-partitioned Parquet dataset (``district=D/street=S/``),
and a manifest ``_furong.json`` (format name, schema version, the tables with their columns
and row counts). Every column holds the CSV text of its field (empty fields are null), plus
``_row``: the row's number in the CSV file it came from (1 = the first row under the header),
so that an error found while loading names the Parquet file and the row. docs/data-format.md
("Parquet datasets") documents the layout.

:func:`load` converts the tables back to the C++ CSV loader's input (the rows in their
original order) and calls that loader, so one set of checks applies to both formats: loading
a Parquet directory gives the same Network as the CSV directory it came from.

Needs pyarrow (the ``parquet`` extra).

Examples
--------
>>> import furong, tempfile
>>> from furong import parquet
>>> net = furong.synth.city(households=2000, seed=7)
>>> d = tempfile.mkdtemp()
>>> parquet.export(net, d)["tables"]["organisations"]["rows"] == len(net)
True
>>> len(parquet.load(d)) == len(net)
True
"""

from __future__ import annotations

import json
import os as _os
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as _np
import pandas as _pd

from ._errors import ArgumentError, FileError, InputError, typed_errors
from ._files import write_atomic
from .match import load_preferences
from .network import Network
from .network import load as load_directory

__all__ = ["TABLES", "SCHEMA_VERSION", "MANIFEST", "NO_PARTITION", "export", "load", "is_parquet_dataset",
           "read_table", "locate", "table_to_csv"]

#: The tables of a dataset, in the order the manifest lists them (the CSV files' names).
TABLES: Tuple[str, ...] = ("organisations", "links", "people", "roles", "offers", "needs", "preferences",
                           "ledger", "ledger_events", "visits", "sla", "calendar", "meetings", "attendance",
                           "agreements", "commitments")

#: Version of the layout written in the manifest; :func:`load` refuses another one.
SCHEMA_VERSION = 1

#: The manifest's file name.
MANIFEST = "_furong.json"

#: The partition value of rows that belong to no district or no street (an agency, the SLA table).
NO_PARTITION = "_"

#: How each table's rows are placed: the column naming the organisation, ledger item, meeting
#: or person whose district and street the row takes (None: the table is global, ``_/_``).
_PLACED_BY: Dict[str, Tuple[Optional[str], str]] = {
    "organisations": ("id", "org"),
    "links": ("target", "link"),  # the target's street, else the source's
    "people": ("id", "person"),
    "roles": ("org", "org"),
    "offers": ("provider", "org"),
    "needs": ("compound", "org"),
    "preferences": ("from", "org"),
    "ledger": ("compound", "org"),
    "ledger_events": ("item", "item"),
    "visits": ("item", "item"),
    "sla": (None, "global"),
    "calendar": (None, "global"),
    "meetings": ("org", "org"),
    "attendance": ("meeting", "meeting"),
    "agreements": ("compound", "org"),
    "commitments": ("meeting", "meeting"),
}


def _pa() -> Any:
    try:
        import pyarrow  # type: ignore[import-untyped]  # noqa: F401
        import pyarrow.dataset  # type: ignore[import-untyped]  # noqa: F401
        import pyarrow.parquet  # type: ignore[import-untyped]  # noqa: F401
    except ModuleNotFoundError as e:  # pragma: no cover - the extra is missing
        raise ArgumentError("Parquet needs pyarrow: pip install 'furong[parquet]'") from e
    return pyarrow


def is_parquet_dataset(location: Union[str, _os.PathLike[str]]) -> bool:
    """True when ``location`` is a directory holding a furong Parquet manifest."""
    return (Path(_os.fspath(location)) / MANIFEST).is_file()


def _read_csv(path: Path) -> _pd.DataFrame:
    """A CSV file as text columns (empty fields null) with ``_row`` (1 = the first data row)."""
    df = _pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    df["_row"] = _np.arange(1, len(df) + 1, dtype=_np.int64)
    return df


def locate(orgs: _pd.DataFrame) -> Tuple[_pd.Series, _pd.Series]:
    """The district and street of every organisation (``id``, ``kind``, ``parent`` columns):
    its own id when it is one, else its nearest ancestor's; :data:`NO_PARTITION` when it lies
    under none. O(V x depth), vectorised."""
    ids = _pd.Index(orgs["id"].astype(str))
    parent = ids.get_indexer(_pd.Index(orgs["parent"].fillna("").astype(str)))  # -1: root or unknown
    kind = orgs["kind"].astype(str).to_numpy()
    n = len(ids)
    out = {}
    for want in ("district", "street"):
        found = _np.full(n, -1, dtype=_np.int64)
        cur = _np.arange(n, dtype=_np.int64)
        alive = _np.ones(n, dtype=bool)
        for _ in range(64):  # deeper than any nesting the kind table allows
            if not alive.any():
                break
            hit = alive & (kind[_np.maximum(cur, 0)] == want)
            found[hit] = cur[hit]
            alive &= ~hit
            cur = _np.where(alive, parent[_np.maximum(cur, 0)], -1)
            alive &= cur >= 0
        names = _np.asarray(ids, dtype=object)
        out[want] = _pd.Series(_np.where(found >= 0, names[_np.maximum(found, 0)], NO_PARTITION), index=orgs.index)
    return out["district"], out["street"]


def _placements(tables: Dict[str, _pd.DataFrame]) -> Dict[str, Tuple[_pd.Series, _pd.Series]]:
    orgs = tables["organisations"]
    district, street = locate(orgs)
    where = _pd.DataFrame({"district": district.to_numpy(), "street": street.to_numpy()}, index=orgs["id"].to_numpy())

    def by_org(col: _pd.Series) -> Tuple[_pd.Series, _pd.Series]:
        got = where.reindex(col.fillna("").astype(str).to_numpy())
        return (got["district"].fillna(NO_PARTITION).reset_index(drop=True),
                got["street"].fillna(NO_PARTITION).reset_index(drop=True))

    item_where = _pd.DataFrame(columns=["district", "street"])
    if "ledger" in tables:
        d, s = by_org(tables["ledger"]["compound"])
        item_where = _pd.DataFrame({"district": d.to_numpy(), "street": s.to_numpy()}, index=tables["ledger"]["id"].to_numpy())
    meeting_where = _pd.DataFrame(columns=["district", "street"])
    if "meetings" in tables:
        d, s = by_org(tables["meetings"]["org"])
        meeting_where = _pd.DataFrame({"district": d.to_numpy(), "street": s.to_numpy()}, index=tables["meetings"]["id"].to_numpy())
    person_where = _pd.DataFrame(columns=["district", "street"])
    if "roles" in tables and len(tables["roles"]):
        first = tables["roles"].drop_duplicates("person")
        d, s = by_org(first["org"])
        person_where = _pd.DataFrame({"district": d.to_numpy(), "street": s.to_numpy()}, index=first["person"].to_numpy())

    def by(frame: _pd.DataFrame, col: _pd.Series) -> Tuple[_pd.Series, _pd.Series]:
        got = frame[~frame.index.duplicated()].reindex(col.fillna("").astype(str).to_numpy())
        return (got["district"].fillna(NO_PARTITION).reset_index(drop=True),
                got["street"].fillna(NO_PARTITION).reset_index(drop=True))

    out: Dict[str, Tuple[_pd.Series, _pd.Series]] = {}
    for name, df in tables.items():
        column, how = _PLACED_BY[name]
        if how == "global" or column is None or column not in df:
            n = len(df)
            out[name] = (_pd.Series([NO_PARTITION] * n, dtype=object), _pd.Series([NO_PARTITION] * n, dtype=object))
        elif how == "org":
            out[name] = by_org(df[column])
        elif how == "link":
            td, ts = by_org(df["target"])
            sd, ss = by_org(df["source"])
            use_source = (ts == NO_PARTITION).to_numpy()
            out[name] = (_pd.Series(_np.where(use_source, sd, td)), _pd.Series(_np.where(use_source, ss, ts)))
        elif how == "item":
            out[name] = by(item_where, df[column])
        elif how == "meeting":
            out[name] = by(meeting_where, df[column])
        else:  # person
            out[name] = by(person_where, df[column])
    return out


def export(source: Union[Network, str, _os.PathLike[str]], dir: Union[str, _os.PathLike[str]]) -> Dict[str, Any]:
    """Write a network with its ledger (a :class:`Network`, or a directory of CSV files) as a
    Parquet dataset into ``dir``: one hive-partitioned dataset per table (``district=``,
    ``street=``), text columns plus ``_row``, and the manifest (returned as a dict).

    The tables are what :meth:`Network.save` writes (plus ``preferences.csv`` beside the
    source directory, when there is one), so a CSV directory and its Parquet export load to
    the same network. O(rows) time and memory.

    Raises
    ------
    FileError
        ``dir`` exists and is not empty, or cannot be written.
    """
    pa = _pa()
    import pyarrow.parquet as pq

    out = Path(_os.fspath(dir))
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileError(17, f"{out}: the Parquet export needs a new or empty directory", str(out))
    with tempfile.TemporaryDirectory(prefix="furong-parquet-") as tmp:
        if isinstance(source, Network):
            src_dir: Optional[Path] = Path(source.source) if source.source else None
            source.save(tmp)
            csv_dir = Path(tmp)
        else:
            src_dir = csv_dir = Path(_os.fspath(source))
        tables: Dict[str, _pd.DataFrame] = {}
        for name in TABLES:
            p = csv_dir / f"{name}.csv"
            if not p.exists() and src_dir is not None and name == "preferences":
                p = src_dir / f"{name}.csv"
            if p.exists():
                tables[name] = _read_csv(p)
        if "organisations" not in tables:
            raise FileError(2, f"{csv_dir}: no organisations.csv", str(csv_dir / "organisations.csv"))
        if isinstance(source, Network) and source.preferences is not None and "preferences" not in tables:
            pref = source.preferences.astype(str).reset_index(drop=True)
            pref["_row"] = _np.arange(1, len(pref) + 1, dtype=_np.int64)
            tables["preferences"] = pref
        placed = _placements(tables)
        manifest: Dict[str, Any] = {"format": "furong-parquet", "schema_version": SCHEMA_VERSION,
                                    "partitioning": ["district", "street"], "no_partition": NO_PARTITION,
                                    "tables": {}}
        try:
            out.mkdir(parents=True, exist_ok=True)
            for name, df in tables.items():
                columns = [c for c in df.columns if c != "_row"]
                frame = df.reset_index(drop=True).copy()
                frame["district"], frame["street"] = placed[name][0].to_numpy(), placed[name][1].to_numpy()
                schema = pa.schema([(c, pa.string()) for c in columns] + [("_row", pa.int64()),
                                                                          ("district", pa.string()),
                                                                          ("street", pa.string())])
                table = pa.Table.from_pandas(frame[columns + ["_row", "district", "street"]], schema=schema,
                                             preserve_index=False)
                pq.write_to_dataset(table, root_path=str(out / name), partition_cols=["district", "street"],
                                    basename_template="part-{i}.parquet", existing_data_behavior="overwrite_or_ignore")
                manifest["tables"][name] = {"columns": columns, "rows": int(len(df))}
            write_atomic(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        except OSError as e:
            if isinstance(e, FileError):
                raise
            raise FileError(e.errno or 0, f"{e.filename or out}: cannot write the Parquet dataset: {e.strerror or e}",
                            str(e.filename or out)) from e
    return manifest


def _manifest(dir: Path) -> Dict[str, Any]:
    path = dir / MANIFEST
    try:
        manifest: Dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise FileError(2, f"{path}: not a furong Parquet dataset (no {MANIFEST})", str(path)) from e
    except (OSError, ValueError) as e:
        err = InputError(f"{path}: cannot read the manifest: {e}")
        err.file, err.reason = str(path), str(e)
        raise err from e
    if manifest.get("format") != "furong-parquet" or manifest.get("schema_version") != SCHEMA_VERSION:
        err = InputError(f"{path}: expected format 'furong-parquet' schema version {SCHEMA_VERSION}, got "
                         f"{manifest.get('format')!r} version {manifest.get('schema_version')!r}")
        err.file, err.reason = str(path), "unsupported format or schema version"
        raise err
    return manifest


def read_table(dir: Union[str, _os.PathLike[str]], name: str, columns: Optional[List[str]] = None,
               filter: Any = None) -> _pd.DataFrame:
    """One table of a dataset as text columns with ``_row``, ``district``, ``street`` and
    ``_file`` (the Parquet file of each row), in the rows' original order. ``filter``: a
    pyarrow.dataset expression (for example on ``district``/``street``) to read part of it."""
    _pa()
    import pyarrow.dataset as ds

    root = Path(_os.fspath(dir)) / name
    dataset = ds.dataset(str(root), format="parquet", partitioning="hive")
    if columns is not None:
        columns = list(dict.fromkeys(list(columns) + ["_row", "district", "street"]))
    frames = []
    for fragment in dataset.get_fragments(filter=filter):
        t = fragment.to_table(columns=columns, filter=filter, schema=dataset.schema)
        f = t.to_pandas()
        f["_file"] = fragment.path
        frames.append(f)
    if not frames:
        return _pd.DataFrame({c: _pd.Series(dtype=object) for c in (columns or [])})
    df: _pd.DataFrame = _pd.concat(frames, ignore_index=True)
    return df.sort_values("_row", kind="stable").reset_index(drop=True)


def _dataset(dir: Path, name: str, columns: List[str]) -> Any:
    """A table as a pyarrow dataset with the manifest's columns (text; a column a part lacks
    reads as null) plus ``_row`` and the partition columns."""
    pa = _pa()
    import pyarrow.dataset as ds

    schema = pa.schema([(c, pa.string()) for c in columns] + [("_row", pa.int64()), ("district", pa.string()),
                                                             ("street", pa.string())])
    part = ds.partitioning(pa.schema([("district", pa.string()), ("street", pa.string())]), flavor="hive")
    return ds.dataset(str(dir / name), format="parquet", partitioning=part, schema=schema)


def _read_arrow(dir: Path, name: str, columns: List[str], filter: Any = None) -> Any:
    """One table as a pyarrow Table: ``columns``, ``_row`` and ``_file`` (the Parquet file of
    each row), in the rows' original order. One multi-threaded scan, no pandas."""
    t = _dataset(dir, name, columns).to_table(columns=list(columns) + ["_row", "__filename"], filter=filter)
    t = t.rename_columns(list(columns) + ["_row", "_file"])
    return t.sort_by([("_row", "ascending")]) if t.num_rows else t


def arrow_to_csv(table: Any, columns: List[str], path: Path) -> _np.ndarray:
    """Write the ``columns`` of a pyarrow Table as a CSV file the C++ loader reads (nulls as
    empty fields, a field quoted only when it holds a comma, a quote or a line break); returns
    the line each row starts on (a quoted line break moves the rows after it down)."""
    pa = _pa()
    import pyarrow.compute as pc  # type: ignore[import-untyped]
    import pyarrow.csv as pcsv  # type: ignore[import-untyped]

    names = list(columns)
    body = pa.table([table.column(c).cast(pa.string()) if c in table.column_names else
                     pa.nulls(table.num_rows, pa.string()) for c in names], names=names)
    breaks = _np.zeros(table.num_rows, dtype=_np.int64)
    special = False
    for c in names:
        col = body.column(c)
        if col.null_count == len(col):
            continue
        n = pc.count_substring(col, "\n")
        if pc.max(n).as_py():
            breaks += n.fill_null(0).to_numpy(zero_copy_only=False).astype(_np.int64)
        special = special or bool(pc.any(pc.match_substring_regex(col, '[,"\r\n]')).as_py())
    # Unquoted text is what pandas wrote and the reader's fast path; quotes only where needed.
    style = "needed" if special else "none"
    pcsv.write_csv(body, str(path), pcsv.WriteOptions(include_header=True, quoting_style=style))
    return 2 + _np.concatenate([[0], _np.cumsum(breaks + 1)])[:len(breaks)].astype(_np.int64)


def table_to_csv(df: _pd.DataFrame, columns: List[str], path: Path) -> _np.ndarray:
    """Write rows as a CSV file the C++ loader reads; returns the line each row starts on."""
    pa = _pa()

    names = list(columns)
    # Text as the loader reads it: null (None, NaN, NA) an empty field, anything else its str.
    def text(c: str) -> Any:
        values: Any = df[c].astype(str).to_numpy(dtype=object)
        values[df[c].isna().to_numpy()] = None
        return pa.array(values, type=pa.string())

    table = pa.table({c: text(c) for c in names})
    return arrow_to_csv(table, names, path)


class _Rows:
    """Where the rows of one CSV file came from: the Parquet file and ``_row`` of each, and
    the line each starts on (:func:`arrow_to_csv`); enough to re-aim a loader error."""

    def __init__(self, files: Any, rows: Any, starts: _np.ndarray) -> None:
        self.files, self.rows, self.starts = files, rows, starts

    def at(self, k: int) -> Tuple[str, int]:
        f = self.files[k]
        f = f.as_py() if hasattr(f, "as_py") else f
        return str(f).removeprefix("file://"), int(self.rows[k].as_py() if hasattr(self.rows[k], "as_py") else self.rows[k])


def _positioned(e: InputError, rows: Dict[str, Any]) -> InputError:
    """The loader's error about a CSV line, re-aimed at the Parquet file and row it came from.
    ``rows``: per table a :class:`_Rows`, or (a DataFrame with ``_file`` and ``_row``, starts)."""
    table = Path(e.file).stem if e.file else ""
    if table not in rows or not e.line:
        return e
    got = rows[table]
    if not isinstance(got, _Rows):
        got = _Rows(got[0]["_file"].to_numpy(), got[0]["_row"].to_numpy(), got[1])
    k = int(_np.searchsorted(got.starts, e.line, side="right")) - 1
    if k < 0 or k >= len(got.starts):
        return e
    part, row = got.at(k)
    reason = e.reason or str(e)
    err = InputError(f"{part}: {table} row {row} (line {row + 1} of {table}.csv), column {e.column}: {reason}")
    err.file, err.line, err.column, err.reason = part, row, e.column, reason
    return err


def load(dir: Union[str, _os.PathLike[str]], filter: Any = None) -> Network:
    """Load a Parquet dataset (all or nothing): the same network, ledger and preferences as the
    CSV directory it was exported from. ``filter``: a pyarrow.dataset expression on
    ``district``/``street`` to load a part (a shard, as furong.spark does).

    Raises
    ------
    InputError
        A malformed row: ``file`` is the Parquet file, ``line`` the row (``_row``), ``column``
        the field, as the C++ loader found it.
    FileError
        ``dir`` is not a furong Parquet dataset.
    """
    root = Path(_os.fspath(dir))
    manifest = _manifest(root)
    rows: Dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="furong-parquet-") as tmp:
        # Arrow from the Parquet files to the CSV text: no pandas objects on the way.
        for name, meta in manifest["tables"].items():
            columns = list(meta["columns"])
            t = _read_arrow(root, name, columns, filter)
            starts = arrow_to_csv(t, columns, Path(tmp) / f"{name}.csv")
            rows[name] = _Rows(t.column("_file"), t.column("_row").to_numpy(), starts)
        try:
            net = Network(load_directory(tmp).core)
            if "preferences" in rows:  # checked against the network, as beside a CSV directory
                net.preferences = load_preferences(net, Path(tmp) / "preferences.csv")
        except InputError as e:
            raise _positioned(e, rows) from None
    net.source = str(root)
    return net


typed_errors(globals(), __all__)
