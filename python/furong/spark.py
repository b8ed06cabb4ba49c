"""A province on Apache Spark: the district's questions per street shard, rolled up.

The coverage audit (with its gap lists and policy gaps), single points of failure, the ledger
queues (overdue, return visits due, open and overdue per street, closure statistics) and the
joint-branch and property-area plans are local to a street, so they shard. :func:`run` reads a
Parquet dataset (:mod:`furong.parquet`, partitioned by district and street), builds one input
per shard with Spark, and runs furong itself on each shard inside the executors
(``groupBy(shard).applyInArrow``); the driver rolls the shards up per district and province
with the same code one machine uses (``_core.reach.summarise`` for the audit's totals).
:func:`generate` writes a synthetic province inside the executors (one city per district,
from its seed), so that no machine ever holds the whole province.

What crosses shards (the two-phase step, docs/scale.md):

1. A shard owns the organisations of its partition (a street, or ``_`` for the district's own
   agencies, units and alliance). Phase one joins the links with the owners of both ends and
   collects, for every shard, its *halo*: the other ends of links leaving the shard (a district
   agency pairing with compounds of several streets, a property company serving compounds of
   two streets, a contact to a neighbourhood across a street boundary), the ends of the
   links of those (the other compounds a joint branch covers: its party members decide
   whether it is valid), the organisations of meetings the shard's items cite, and the
   ancestors of all of them. Households never enter a halo: nothing about another
   organisation depends on one.
2. Phase two ships each shard its own rows, the halo's rows and every link and role among
   them, runs the queries, and keeps only what the shard owns (its street's row, gaps and
   plan groups of its organisations). No link is dropped: a link with ends in two shards is in
   both, and each shard answers only for its own end.

Results equal one machine's on the same data (tests/python/test_spark.py compares every count,
gap list and queue).

Needs pyspark and pyarrow (the ``spark`` extra) and Java 17.

Examples
--------
>>> from furong import spark as fs  # doctest: +SKIP
>>> s = fs.session("local[2]")  # doctest: +SKIP
>>> fs.generate(s, fs.province_spec(districts=3, households=100_000), "/data/province")  # doctest: +SKIP
>>> r = fs.run(s, "/data/province", as_of="2025-06-30")  # doctest: +SKIP
>>> r["audit"]["summary"]["contact_coverage"]  # doctest: +SKIP
0.98
"""

from __future__ import annotations

import datetime
import json
import os as _os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as _np
import pandas as _pd

from . import _core, parquet
from ._dates import DateLike, as_date
from ._errors import ArgumentError, InputError, typed_errors
from .network import Network
from .network import load as load_directory

__all__ = ["session", "province_spec", "generate", "shards", "run", "rollup", "audit", "ledger", "plans", "match",
           "merge_districts", "ANALYSES", "ShardError"]

#: What :func:`run` can compute per shard.
ANALYSES: Tuple[str, ...] = ("audit", "ledger", "plans", "critical")

#: The tables a shard needs. Offers, needs, preferences and agreements stay out (matching is
#: per district-city, not per street); so do attendance and commitments: no per-street
#: question reads them (the policy check of joint meetings reads the meetings table).
_SHARD_TABLES: Tuple[str, ...] = ("organisations", "links", "people", "roles", "ledger", "ledger_events", "visits",
                                  "sla", "calendar", "meetings")


class ShardError(InputError):
    """A shard's data is malformed: the Spark job failed with the Parquet file and row named
    (``file``, ``line`` = the row's ``_row``), as :func:`furong.parquet.load` names them."""


def _ensure_spark() -> Any:
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import functions  # noqa: F401
    except ModuleNotFoundError as e:  # pragma: no cover - the extra is missing
        raise ArgumentError("furong.spark needs pyspark and pyarrow: pip install 'furong[spark]' (and Java 17)") from e
    return pyspark


def _local_cores(master: str) -> Optional[str]:
    """N of ``local[N]`` (None for ``local[*]`` or a cluster)."""
    m = re.fullmatch(r"local\[(\d+)(,\d+)?\]", master)
    return m.group(1) if m else None


def session(master: str = "local[2]", app: str = "furong", **conf: str) -> Any:
    """A SparkSession for furong: Arrow on, partition values read as text (ids like ``1`` stay
    ids), executors running this Python with this furong (``PYTHONPATH``), one try per task
    so that a malformed shard fails the job at once. ``conf``: further Spark settings
    (``spark.executor.memory="4g"``, ``spark.driver.memory`` (2g by default; in local mode the
    executors live in the driver)...; underscores in keys are written as dots)."""
    _ensure_spark()
    from pyspark.sql import SparkSession

    # The workers run this interpreter (its venv has furong's dependencies) with this furong.
    _os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    _os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    package_root = str(Path(__file__).resolve().parent.parent)
    path = _os.pathsep.join(p for p in [package_root, _os.environ.get("PYTHONPATH", "")] if p)
    b = (SparkSession.builder.master(master).appName(app)
         .config("spark.sql.execution.arrow.pyspark.enabled", "true")
         .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
         # Small fixed plans: a shuffle partition per local core, and no adaptive execution
         # (it runs every exchange of the halo step as a job of its own; on a few cores the
         # dozens of concurrent jobs cost more than they save). Both can be set in ``conf``.
         .config("spark.sql.shuffle.partitions", conf.pop("spark.sql.shuffle.partitions", _local_cores(master) or "4"))
         .config("spark.sql.adaptive.enabled", conf.pop("spark.sql.adaptive.enabled", "false"))
         # Shards are joined with shards: no side is small enough to broadcast safely (a
         # province's broadcast would outgrow the driver), so joins shuffle.
         .config("spark.sql.autoBroadcastJoinThreshold", "-1")
         .config("spark.driver.memory", conf.pop("spark.driver.memory", "2g"))
         .config("spark.task.maxFailures", "1")
         .config("spark.ui.enabled", "false")
         .config("spark.pyspark.python", sys.executable)
         .config("spark.pyspark.driver.python", sys.executable)
         .config("spark.executorEnv.PYTHONPATH", path))
    for k, v in conf.items():
        b = b.config(k if "." in k else k.replace("_", "."), v)
    s = b.getOrCreate()
    s.sparkContext.setLogLevel("ERROR")
    return s


# ---- a synthetic province, generated inside the executors ----------------------------------
def province_spec(districts: int = 3, households: int = 100_000, seed: int = 1, ledger_items: float = 0.02,
                  **options: Any) -> Dict[str, Any]:
    """A generator spec: ``districts`` synthetic cities (furong.synth.city) sharing
    ``households`` between them, city k from seed ``seed + k``, ids prefixed ``d<k>.``, and
    ``ledger_items`` ledger items per household. ``options``: further city options."""
    if districts < 1:
        raise ArgumentError(f"districts must be >= 1, got {districts}")
    per = [households // districts + (1 if k < households % districts else 0) for k in range(districts)]
    return {"districts": [{"prefix": f"d{k + 1}.", "households": n, "seed": seed + k} for k, n in enumerate(per)],
            "ledger_items": float(ledger_items), "options": dict(options)}


_ID_COLUMNS: Dict[str, Tuple[str, ...]] = {
    "organisations": ("id", "parent"), "links": ("source", "target"), "people": ("id",), "roles": ("person", "org"),
    "offers": ("provider",), "needs": ("compound",), "preferences": ("from", "to"),
    "ledger": ("id", "compound", "owner", "meeting"), "ledger_events": ("item",), "visits": ("item",),
    "meetings": ("id", "org"), "attendance": ("meeting",), "agreements": ("meeting", "provider", "compound"),
    "commitments": ("meeting", "provider"),
}

_CATEGORIES = ("fire_safety", "facility_renovation", "noise", "property_dispute", "elderly_care", "environment")
_SOURCES = ("survey", "grid_patrol", "night_talk", "return_visit", "hotline", "other")


def _synth_ledger(d: Path, n_items: int, seed: int) -> None:
    """Ledger files for the city saved in ``d``: items on its compounds owned by its people,
    with status events and return visits (deterministic for ``seed``)."""
    orgs = _pd.read_csv(d / "organisations.csv", dtype=str, usecols=["id", "kind"])
    people = _pd.read_csv(d / "people.csv", dtype=str, usecols=["id"])["id"].to_numpy()
    compounds = orgs.loc[orgs["kind"] == "compound", "id"].to_numpy()
    if n_items == 0 or len(compounds) == 0 or len(people) == 0:
        return
    rng = _np.random.default_rng(seed)
    n = n_items

    def iso(days: Any) -> Any:
        return _np.datetime_as_string(days.astype("datetime64[D]"), unit="D")

    start = _np.datetime64("2024-01-01", "D").astype(_np.int64)
    raised = start + rng.integers(0, 700, n)
    ids = _np.char.add("L", _np.arange(1, n + 1).astype(str))
    explicit = rng.integers(0, 4, n) == 0
    _pd.DataFrame({
        "id": ids, "compound": compounds[rng.integers(0, len(compounds), n)],
        "category": _np.array(_CATEGORIES)[rng.integers(0, len(_CATEGORIES), n)],
        "summary": _np.char.add("demand ", (_np.arange(n) % 97).astype(str)),
        "source": _np.array(_SOURCES)[rng.integers(0, len(_SOURCES), n)], "raised": iso(raised),
        "owner": people[rng.integers(0, len(people), n)],
        "due": _np.where(explicit, iso(raised + 5 + rng.integers(0, 40, n)), ""), "meeting": "",
    }).to_csv(d / "ledger.csv", index=False)
    a = raised + 1 + rng.integers(0, 3, n)
    b = a + 1 + rng.integers(0, 10, n)
    c = b + 1 + rng.integers(0, 60, n)
    # The mix of bench/bench_ledger.py (valid transitions): open, closed, dismissed, resolved.
    case = rng.integers(0, 20, n)
    open_, closed, dismissed, reopened = case <= 2, (case >= 3) & (case <= 5), case == 6, case == 7
    second = _np.where(closed, "resolved", "in_progress")
    third = _np.select([open_, closed, dismissed], ["assigned", "closed", "duplicate"], "resolved")
    _pd.DataFrame({"item": _np.repeat(ids, 3), "date": iso(_np.stack([a, b, c], axis=1).ravel()),
                  "status": _np.stack([_np.full(n, "assigned"), second, third], axis=1).ravel()}).to_csv(
        d / "ledger_events.csv", index=False)
    v_day = _np.select([open_, closed, dismissed, reopened], [c + 10, b + (c - b) // 2, c + 5, c + 7], c + 5)
    v_out = _np.select([open_, reopened], ["no_answer", "unsatisfied"], "satisfied")
    _pd.DataFrame({"item": ids, "date": iso(v_day), "outcome": v_out}).to_csv(d / "visits.csv", index=False)
    (d / "sla.csv").write_text("category,days,unit\nfire_safety,3,working\nnoise,10,calendar\n"
                               "property_dispute,30,working\n*,15,working\n", encoding="utf-8")
    (d / "calendar.csv").write_text("date,kind\n2024-10-01,holiday\n2024-10-02,holiday\n2024-09-29,workday\n"
                                    "2025-10-01,holiday\n2025-10-02,holiday\n2025-09-28,workday\n", encoding="utf-8")


def _district_csv(d: Path, district: Dict[str, Any], ledger_items: float, options: Dict[str, Any]) -> None:
    """One district of a spec as a CSV directory (ids prefixed)."""
    city = _core.synth.city(households=int(district["households"]), seed=int(district["seed"]), household_nodes=True,
                            progress=False, **options)
    Network(city).save(d)
    _synth_ledger(d, int(round(ledger_items * int(district["households"]))), int(district["seed"]))
    prefix = str(district["prefix"])
    import csv

    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]
    import pyarrow.csv as pcsv  # type: ignore[import-untyped]

    for name, cols in _ID_COLUMNS.items():
        p = d / f"{name}.csv"
        if not p.exists():
            continue
        with p.open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        # Arrow, not pandas: the ids of a 250,000-household city are rewritten in a fraction
        # of a second (text stays text, an empty field stays empty).
        t = pcsv.read_csv(str(p), parse_options=pcsv.ParseOptions(newlines_in_values=True),
                          convert_options=pcsv.ConvertOptions(column_types={c: pa.string() for c in header},
                                                              strings_can_be_null=False))
        for c in cols:
            if c in header:
                col = t.column(c)
                t = t.set_column(header.index(c), c, pc.if_else(pc.equal(col, ""), col,
                                                                pc.binary_join_element_wise(prefix, col, "")))
        parquet.arrow_to_csv(t, header, p)


#: Rows of district k of a generated province get ``_row = k * _ROW_STRIDE + their row``, so
#: that the province's tables keep one order (district by district).
_ROW_STRIDE = 10 ** 10


def _write_district(out: str, k: int, district: Dict[str, Any], ledger_items: float,
                    options: Dict[str, Any]) -> Dict[str, Any]:
    """Executor side of :func:`generate`: one city written into the province's partitions."""
    import pyarrow as pa
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    with tempfile.TemporaryDirectory(prefix="furong-synth-") as tmp:
        _district_csv(Path(tmp), district, ledger_items, options)
        tables = {}
        for name in parquet.TABLES:
            p = Path(tmp) / f"{name}.csv"
            if p.exists() and name not in ("sla", "calendar"):  # global tables: written once
                tables[name] = parquet._read_csv(p)
        placed = parquet._placements(tables)
        columns: Dict[str, Any] = {}
        for name, df in tables.items():
            cols = [c for c in df.columns if c != "_row"]
            frame = df.reset_index(drop=True)
            frame["_row"] = frame["_row"] + (k + 1) * _ROW_STRIDE
            frame["district"], frame["street"] = placed[name][0].to_numpy(), placed[name][1].to_numpy()
            schema = pa.schema([(c, pa.string()) for c in cols] + [("_row", pa.int64()), ("district", pa.string()),
                                                                  ("street", pa.string())])
            t = pa.Table.from_pandas(frame[cols + ["_row", "district", "street"]], schema=schema, preserve_index=False)
            pq.write_to_dataset(t, root_path=_os.path.join(out, name), partition_cols=["district", "street"],
                                basename_template=f"part-d{k}-{{i}}.parquet", existing_data_behavior="overwrite_or_ignore")
            columns[name] = {"columns": cols, "rows": int(len(df))}
        if (Path(tmp) / "sla.csv").exists() and k == 0:
            for name in ("sla", "calendar"):
                df = parquet._read_csv(Path(tmp) / f"{name}.csv")
                cols = [c for c in df.columns if c != "_row"]
                df["district"] = df["street"] = parquet.NO_PARTITION
                schema = pa.schema([(c, pa.string()) for c in cols] + [("_row", pa.int64()),
                                                                      ("district", pa.string()), ("street", pa.string())])
                t = pa.Table.from_pandas(df[cols + ["_row", "district", "street"]], schema=schema, preserve_index=False)
                pq.write_to_dataset(t, root_path=_os.path.join(out, name), partition_cols=["district", "street"],
                                    basename_template="part-{i}.parquet", existing_data_behavior="overwrite_or_ignore")
                columns[name] = {"columns": cols, "rows": int(len(df))}
    return columns


def generate(spark: Any, spec: Dict[str, Any], out: Union[str, _os.PathLike[str]]) -> Dict[str, Any]:
    """Write the synthetic province of ``spec`` (:func:`province_spec`) as a Parquet dataset:
    each district is generated, given its ledger and written to its partitions by one Spark
    task; the driver writes only the manifest. ``out`` must be a path every executor can
    write (local in ``local[*]`` mode, a shared file system on a cluster). Returns the manifest."""
    _ensure_spark()
    root = _os.path.abspath(_os.fspath(out))
    if _os.path.exists(root) and _os.listdir(root):
        raise ArgumentError(f"{root}: generate needs a new or empty directory")
    _os.makedirs(root, exist_ok=True)
    districts = list(spec["districts"])
    ledger_items = float(spec.get("ledger_items", 0.0))
    options = dict(spec.get("options", {}))
    rdd = spark.sparkContext.parallelize(list(enumerate(districts)), max(1, len(districts)))
    parts = rdd.map(lambda kd: _write_district(root, kd[0], kd[1], ledger_items, options)).collect()
    tables: Dict[str, Any] = {}
    for part in parts:
        for name, meta in part.items():
            t = tables.setdefault(name, {"columns": meta["columns"], "rows": 0})
            t["columns"] = list(dict.fromkeys(t["columns"] + meta["columns"]))
            t["rows"] += meta["rows"]
    manifest = {"format": "furong-parquet", "schema_version": parquet.SCHEMA_VERSION,
                "partitioning": ["district", "street"], "no_partition": parquet.NO_PARTITION,
                "tables": {n: tables[n] for n in parquet.TABLES if n in tables},
                "generated": {"spec": spec}}
    Path(root, parquet.MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _chains(pdf: _pd.DataFrame) -> _pd.DataFrame:
    """Executor side of :func:`shards`: (id, ancestor) for every organisation of one partition
    (its ancestors inside the partition, then the partition's district)."""
    ids = pdf["id"].astype(str).to_numpy()
    pos = {x: k for k, x in enumerate(ids)}
    parent = pdf["parent"].to_numpy()
    district = str(pdf["district"].iat[0]) if len(pdf) else parquet.NO_PARTITION
    out_id: List[str] = []
    out_anc: List[str] = []
    for k, x in enumerate(ids):
        p = parent[k]
        seen = 0
        while isinstance(p, str) and p in pos and seen < 64:
            out_id.append(x)
            out_anc.append(p)
            p = parent[pos[p]]
            seen += 1
        if district != parquet.NO_PARTITION and x != district:
            out_id.append(x)
            out_anc.append(district)
    return _pd.DataFrame({"id": out_id, "ancestor": out_anc})


# ---- phase one: shards and their halos -----------------------------------------------------
def _read(spark: Any, root: str, name: str) -> Any:
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    path = _os.path.join(root, name)
    # The schema from the manifest (every column text, ``_row`` a number): Spark need not
    # open the files to infer it (a job per table), and a column some parts lack reads null.
    columns = parquet._manifest(Path(root))["tables"][name]["columns"]
    schema = StructType([StructField(c, StringType()) for c in columns] +
                        [StructField("_row", LongType()), StructField("district", StringType()),
                         StructField("street", StringType())])
    return (spark.read.schema(schema).option("basePath", path).parquet(path)
            .withColumn("_file", F.input_file_name())
            .withColumn("shard", F.concat_ws("/", "district", "street")))


def shards(spark: Any, dataset: Union[str, _os.PathLike[str]]) -> Dict[str, Any]:
    """The two-phase step's first phase, as Spark DataFrames: ``orgs`` (every organisation with
    its shard), ``cross`` (the links whose ends lie in two shards, with both shards),
    ``members`` (shard, id, own: the organisations each shard loads) and the manifest."""
    from pyspark.sql import functions as F

    root = _os.path.abspath(_os.fspath(dataset))
    manifest = parquet._manifest(Path(root))
    orgs = _read(spark, root, "organisations").cache()
    loc = orgs.select("id", "kind", "shard")
    links = _read(spark, root, "links") if "links" in manifest["tables"] else None
    halo = None
    cross = None
    if links is not None:
        ends = (links.select("source", "target")
                .join(loc.select(F.col("id").alias("source"), F.col("shard").alias("s_shard"),
                                 F.col("kind").alias("s_kind")), "source")
                .join(loc.select(F.col("id").alias("target"), F.col("shard").alias("t_shard"),
                                 F.col("kind").alias("t_kind")), "target"))
        both = (ends.select(F.col("source").alias("a"), F.col("s_shard").alias("a_shard"), F.col("target").alias("b"),
                            F.col("t_shard").alias("b_shard"), F.col("t_kind").alias("b_kind"),
                            F.col("s_kind").alias("a_kind"))
                .unionByName(ends.select(F.col("target").alias("a"), F.col("t_shard").alias("a_shard"),
                                         F.col("source").alias("b"), F.col("s_shard").alias("b_shard"),
                                         F.col("s_kind").alias("b_kind"), F.col("t_kind").alias("a_kind"))))
        cross = ends.where(F.col("s_shard") != F.col("t_shard")).select("source", "target", "s_shard", "t_shard").cache()
        # Ring one: the other ends of links leaving a shard (households excepted).
        h1 = (both.where((F.col("a_shard") != F.col("b_shard")) & (F.col("b_kind") != "household"))
              .select(F.col("a_shard").alias("shard"), F.col("b").alias("id")).distinct())
        # Ring two: the ends of the links of ring one (a joint branch's other compounds).
        nh = both.where((F.col("a_kind") != "household") & (F.col("b_kind") != "household"))
        h2 = (h1.join(nh.select(F.col("a").alias("id"), "b", "b_shard"), "id")
              .where(F.col("b_shard") != F.col("shard")).select("shard", F.col("b").alias("id")))
        halo = h1.unionByName(h2)
    # Organisations of meetings cited by a shard's items or held in it.
    if "meetings" in manifest["tables"]:
        meetings = _read(spark, root, "meetings").select(F.col("id").alias("meeting"), F.col("org").alias("id"),
                                                         F.col("shard").alias("m_shard"))
        cited = meetings.select("id", F.col("m_shard").alias("shard"))
        if "ledger" in manifest["tables"]:
            items = _read(spark, root, "ledger").where(F.col("meeting").isNotNull()).select("meeting", "shard")
            cited = cited.unionByName(items.join(meetings, "meeting").select("id", "shard"))
        halo = cited if halo is None else halo.unionByName(cited)
    # Every shard also needs its own street's ancestors (the district root).
    streets = orgs.where(F.col("kind") == "street").select("shard", "id")
    seed = streets if halo is None else halo.unionByName(streets)
    # Ancestors in one pass: an organisation's ancestors up to its street lie in its own
    # partition (they have the same street), above it only the district (the partition value),
    # so each partition computes its chains alone (households excepted: never in a halo).
    chains = (orgs.where(F.col("kind") != "household").select("id", "parent", "district", "street")
              .groupBy("district", "street").applyInPandas(_chains, schema="id string, ancestor string"))
    allh = seed.unionByName(seed.join(chains, "id").select("shard", F.col("ancestor").alias("id"))).distinct()
    own = orgs.select("shard", "id", F.lit(True).alias("own"))
    halo_members = (allh.distinct().join(loc.select("id", F.col("shard").alias("home")), "id")
                    .where(F.col("home") != F.col("shard")).select("shard", "id", F.lit(False).alias("own")))
    members = own.unionByName(halo_members).localCheckpoint()
    return {"root": root, "manifest": manifest, "orgs": orgs, "cross": cross, "members": members}


# ---- phase two: one long frame of rows per shard -------------------------------------------
def _long_frame(spark: Any, ph: Dict[str, Any], tables: Sequence[str]) -> Tuple[Any, Dict[str, List[str]]]:
    """Every row each shard needs, as (shard, table, _row, _file, own, c0..cN) text columns."""
    from pyspark.sql import functions as F

    root, manifest = ph["root"], ph["manifest"]
    members = ph["members"]
    present = [t for t in tables if t in manifest["tables"]]
    columns = {t: list(manifest["tables"][t]["columns"]) for t in present}
    width = max(len(c) for c in columns.values())
    shard_ids = ph["orgs"].select("shard").distinct()

    def shaped(df: Any, name: str, own: Any = None) -> Any:
        cols = columns[name]
        sel = [F.col("shard"), F.lit(name).alias("table"), F.col("_row"), F.col("_file"),
               (own if own is not None else F.lit(True)).alias("own")]
        sel += [(F.col(f"`{c}`") if c in df.columns else F.lit(None).cast("string")).alias(f"c{i}")
                for i, c in enumerate(cols)]
        sel += [F.lit(None).cast("string").alias(f"c{i}") for i in range(len(cols), width)]
        return df.select(*sel)

    parts = []
    orgs = ph["orgs"].drop("shard")
    parts.append(shaped(orgs.join(members, "id"), "organisations", F.col("own")))
    m = members.select(F.col("shard").alias("m_shard"), F.col("id").alias("m_id"))
    if "links" in present:
        links = _read(spark, root, "links").drop("shard")
        ls = (links.join(m, links["source"] == m["m_id"]).drop("m_id").withColumnRenamed("m_shard", "shard"))
        ls = ls.join(m, (ls["target"] == m["m_id"]) & (ls["shard"] == m["m_shard"])).drop("m_id", "m_shard")
        parts.append(shaped(ls, "links"))
    persons = None
    if "roles" in present:
        roles = _read(spark, root, "roles").drop("shard")
        rs = roles.join(m, roles["org"] == m["m_id"]).drop("m_id").withColumnRenamed("m_shard", "shard")
        parts.append(shaped(rs, "roles"))
        persons = rs.select("shard", F.col("person").alias("pid"))
    if "ledger" in present:
        items = _read(spark, root, "ledger")
        parts.append(shaped(items, "ledger"))
        owners = items.where(F.col("owner").isNotNull()).select("shard", F.col("owner").alias("pid"))
        persons = owners if persons is None else persons.unionByName(owners)
        for name in ("ledger_events", "visits"):
            if name in present:
                parts.append(shaped(_read(spark, root, name), name))
    if "people" in present and persons is not None:
        people = _read(spark, root, "people").drop("shard")
        ps = people.join(persons.distinct(), people["id"] == persons["pid"]).drop("pid")
        parts.append(shaped(ps, "people"))
    for name in ("sla", "calendar"):  # global: every shard gets them
        if name in present:
            g = _read(spark, root, name).drop("shard")
            parts.append(shaped(g.crossJoin(shard_ids), name))
    if "meetings" in present:
        meetings = _read(spark, root, "meetings")
        held = meetings
        if "ledger" in present:
            cited = (_read(spark, root, "ledger").where(F.col("meeting").isNotNull())
                     .select(F.col("shard").alias("c_shard"), F.col("meeting").alias("mid")).distinct())
            cited_rows = (meetings.drop("shard").join(cited, meetings["id"] == cited["mid"])
                          .drop("mid").withColumnRenamed("c_shard", "shard"))
            held = held.unionByName(cited_rows).dropDuplicates(["shard", "_row"])
        parts.append(shaped(held, "meetings"))
        if "attendance" in present:
            att = _read(spark, root, "attendance").drop("shard")
            hm = held.select(F.col("shard"), F.col("id").alias("mid"))
            parts.append(shaped(att.join(hm, att["meeting"] == hm["mid"]).drop("mid"), "attendance"))
    long = parts[0]
    for p in parts[1:]:
        long = long.unionByName(p)
    return long, columns


# ---- inside an executor: one shard -----------------------------------------------------------
def _row_of(t: Any, mask: Any = None) -> Dict[str, int]:
    """``id`` to ``_row`` of an Arrow table's rows (those where ``mask`` holds)."""
    if mask is not None:
        t = t.filter(mask)
    return dict(zip(t.column("id").to_pylist(), t.column("_row").to_pylist()))


def _shard_network(tbl: Any, columns: Dict[str, List[str]], tmp: Path) -> Tuple[Network, Dict[str, Any]]:
    """The network of one shard's rows (an Arrow table: table, _row, _file, own, c0..cN):
    each table's rows in their original order written as the CSV loader's input straight
    from Arrow, loaded by furong (every check of the format), an error re-aimed at the
    Parquet file and row. Returns the network and per table its rows (Arrow, named columns)."""
    import pyarrow.compute as pc

    tables: Dict[str, Any] = {}
    where: Dict[str, Any] = {}
    with_table = tbl.column("table")
    for name, cols in columns.items():
        part = tbl.filter(pc.equal(with_table, name))
        if not part.num_rows and name != "organisations":
            continue
        part = part.sort_by([("_row", "ascending")])
        r = part.column("_row").to_numpy()
        if len(r) > 1 and bool((r[1:] == r[:-1]).any()):  # a row shipped twice (held and cited)
            part = part.take(_np.flatnonzero(_np.concatenate([[True], r[1:] != r[:-1]])))
        part = part.rename_columns([{f"c{i}": c for i, c in enumerate(cols)}.get(c, c) for c in part.column_names])
        starts = parquet.arrow_to_csv(part, cols, tmp / f"{name}.csv")
        tables[name] = part
        where[name] = parquet._Rows(part.column("_file"), part.column("_row").to_numpy(), starts)
    try:
        net = Network(load_directory(tmp).core)
    except InputError as e:
        raise parquet._positioned(e, where) from None
    return net, tables


def _analyse(net: Network, out: Dict[str, Any], street: Optional[str], own: Dict[str, int],
             prow: Dict[str, int], irow: Dict[str, int], analyses: Sequence[str], as_of: Optional[str],
             interval: int, min_households: int) -> None:
    """The analyses of one shard's network into ``out``, keeping what the shard owns: the
    organisations in ``own`` (id to ``_row``), the people of ``prow`` and the items of
    ``irow``, the audit's rows of ``street`` (None: of every street, for a shard that is a
    whole district-city), each with its original ``_row`` so that the driver restores one
    machine's order."""
    from . import plan as fplan
    from . import reachability

    def mine(ids: Any) -> List[List[Any]]:
        return [[i, own[i]] for i in ids if i in own]

    if "audit" in analyses:
        r = reachability.audit(net, as_of=as_of)
        st_rows = [s for s in r["streets"] if (street is None or (s["street"] or parquet.NO_PARTITION) == street) and
                   (s["street"] is not None or any(s[k] for k in ("households", "compounds", "buildings", "grids")))]
        out["audit"] = {key: mine(r[key]) for key in reachability.AUDIT_KEYS[1:6]}
        out["audit"]["three_party_gaps"] = [[g, own[g["compound"]]] for g in r["three_party_gaps"]
                                            if g["compound"] in own]
        out["audit"]["streets"] = [[s, own.get(s["street"], -1)] for s in st_rows]
        table = net.ledger.meetings.table()  # as furong.cli_store.meetings_of counts them
        gaps = fplan.policy_gaps(net, as_of=as_of, meetings=table if len(table) else None)
        recs = gaps.to_dict(orient="records")
        out["audit"]["policy_gaps"] = [[g, own[g["compound"]], k] for k, g in enumerate(recs) if g["compound"] in own]
    if "critical" in analyses:
        c = reachability.critical_people(net, as_of=as_of)
        out["critical"] = {"people": [[p, int(h), prow.get(p, -1)] for p, h in zip(c["person"], c["households"])],
                           "single_contact_households": int(c.attrs["single_contact_households"])}
    if "plans" in analyses:
        out["plans"] = {}
        for name, p in (("branches", fplan.branches(net, as_of=as_of)),
                        ("property", fplan.property_areas(net, as_of=as_of, min_households=min_households))):
            d = p.to_dict()
            groups = [[g, own[g["compounds"][0]], k] for k, g in enumerate(d["groups"])
                      if all(x in own for x in g["compounds"])]
            out["plans"][name] = {"groups": groups, "uncovered": mine(d["uncovered"]), "optimal": bool(d["optimal"]),
                                  "scope_rows": {str(sc): own.get(str(sc), -1) for sc in set(p.groups["scope"])}}
    if "ledger" in analyses and as_of is not None:
        led = net.ledger
        day = as_date(as_of, "as_of")
        by = led.open_overdue_by(day, by="street")
        cs = led.closure_stats(day, by="street")
        out["ledger"] = {
            "overdue": [[i, irow[i]] for i in led.overdue(day, ids=True) if i in irow],
            "visit_due": [[i, irow[i]] for i in led.visit_due(day, interval=interval, ids=True) if i in irow],
            "provisional": [[i, irow[i]] for i in led.provisional_due(day) if i in irow],
            "by_street": [[str(s), int(r["open"]), int(r["overdue"]), own.get(str(s), -1)]
                          for s, r in by.iterrows() if str(s) in own],
            "closure": [[str(s), {k: (int(v) if k == "count" else float(v)) for k, v in r.items()}]
                        for s, r in cs.iterrows() if str(s) in own],
            "items": int(len(irow)),
        }


def _shard_task(pdf: Any, columns: Dict[str, List[str]], analyses: Sequence[str], as_of: Optional[str],
                interval: int, min_households: int) -> Dict[str, Any]:
    import pyarrow.compute as pc

    t0 = time.perf_counter()
    shard = str(pdf.column("shard")[0].as_py())
    street = shard.split("/", 1)[1] if "/" in shard else parquet.NO_PARTITION
    with tempfile.TemporaryDirectory(prefix="furong-shard-") as tmp:
        net, rows = _shard_network(pdf, columns, Path(tmp))
    t_load = time.perf_counter() - t0
    orgs = rows["organisations"]
    own = _row_of(orgs, orgs.column("own"))
    out: Dict[str, Any] = {"shard": shard, "street": street}
    _analyse(net, out, street, own, _row_of(rows["people"]) if "people" in rows else {},
             _row_of(rows["ledger"]) if "ledger" in rows else {}, analyses, as_of, interval, min_households)
    out["timing"] = {"load_seconds": t_load, "seconds": time.perf_counter() - t0, "rows": int(pdf.num_rows),
                     "organisations": int(len(orgs)), "own": len(own),
                     "households": int(pc.sum(pc.equal(orgs.column("kind"), "household")).as_py() or 0)}
    return out


# ---- a generator spec: district-cities generated and analysed in the executors --------------
def _csv_ids(path: Path, base: int) -> Dict[str, int]:
    """``id`` to ``_row`` of a CSV file's rows (``base`` + the row's number, 1 = the first)."""
    if not path.exists():
        return {}
    import pyarrow as pa
    import pyarrow.csv as pcsv

    t = pcsv.read_csv(str(path), convert_options=pcsv.ConvertOptions(include_columns=["id"],
                                                                      column_types={"id": pa.string()}))
    return {i: base + k + 1 for k, i in enumerate(t.column("id").to_pylist())}


def _district_task(k: int, district: Dict[str, Any], ledger_items: float, options: Dict[str, Any],
                   analyses: Sequence[str], as_of: Optional[str], interval: int, min_households: int,
                   keep: Optional[str]) -> Dict[str, Any]:
    """Executor side of :func:`run` on a spec: district ``k`` generated as :func:`generate`
    writes it (same ids, same rows: ``_row`` = ``(k + 1) * _ROW_STRIDE`` + the CSV row),
    loaded by furong from the generator's CSV files (no Parquet round trip) and analysed
    whole: a generated district links to no other, so the district-city is its own shard.
    ``keep``: a directory to leave the district's CSV files in (``d<k>``), for
    :func:`merge_districts`."""
    t0 = time.perf_counter()
    name = f"{district['prefix']}furong"
    with tempfile.TemporaryDirectory(prefix="furong-district-") as tmp:
        _district_csv(Path(tmp), district, ledger_items, options)
        t_gen = time.perf_counter() - t0
        net = load_directory(tmp)
        base = (k + 1) * _ROW_STRIDE
        own = _csv_ids(Path(tmp) / "organisations.csv", base)
        prow = _csv_ids(Path(tmp) / "people.csv", base)
        irow = _csv_ids(Path(tmp) / "ledger.csv", base)
        if keep is not None:
            shutil.copytree(tmp, _os.path.join(keep, f"d{k}"))
    t_load = time.perf_counter() - t0
    out: Dict[str, Any] = {"shard": name, "street": None}
    _analyse(net, out, None, own, prow, irow, analyses, as_of, interval, min_households)
    out["timing"] = {"generate_seconds": t_gen, "load_seconds": t_load - t_gen, "seconds": time.perf_counter() - t0,
                     "rows": len(own), "organisations": len(own), "own": len(own),
                     "households": int(net.counts().get("household", 0))}
    return out


def merge_districts(kept: Union[str, _os.PathLike[str]], out: Union[str, _os.PathLike[str]]) -> Path:
    """One CSV directory of the whole province from the district directories that :func:`run`
    on a spec left in ``kept`` (``keep=``): every table's rows district by district, in the
    order of the rows' ``_row``; the global SLA and calendar once. ``furong.load(out)`` is the
    province on one machine (how the tests check Spark against one machine)."""
    src = Path(_os.fspath(kept))
    dst = Path(_os.fspath(out))
    dst.mkdir(parents=True, exist_ok=True)
    parts = sorted((d for d in src.iterdir() if d.is_dir() and re.fullmatch(r"d\d+", d.name)), key=lambda d: int(d.name[1:]))
    if not parts:
        raise ArgumentError(f"{src}: no district directories (d0, d1...) to merge")
    for name in parquet.TABLES:
        files = [d / f"{name}.csv" for d in parts if (d / f"{name}.csv").exists()]
        if not files:
            continue
        if name in ("sla", "calendar"):  # global: the same in every district
            files = files[:1]
        headers = [f.open("rb").readline() for f in files]
        if len(set(headers)) != 1:
            raise ArgumentError(f"{name}.csv: the districts' columns differ: {sorted(set(h.decode().strip() for h in headers))}")
        with (dst / f"{name}.csv").open("wb") as w:
            w.write(headers[0])
            for f in files:
                with f.open("rb") as r:
                    r.readline()
                    shutil.copyfileobj(r, w, 1 << 20)
    return dst


def _run_spec(spark: Any, spec: Dict[str, Any], analyses: Tuple[str, ...], day: Optional[str], interval: int,
              min_households: int, keep: Optional[str]) -> Dict[str, Any]:
    t0 = time.perf_counter()
    # Checked here, not in the executors: a bad spec is an ArgumentError, not a failed job.
    districts = spec.get("districts")
    if not isinstance(districts, list) or not districts or not all(
            isinstance(d, dict) and isinstance(d.get("prefix"), str) and isinstance(d.get("households"), int)
            and d["households"] >= 0 and isinstance(d.get("seed"), int) for d in districts):
        raise ArgumentError("a generator spec needs 'districts': a list of {prefix, households >= 0, seed} "
                            "(furong.spark.province_spec makes one)")
    ledger_items = float(spec.get("ledger_items", 0.0))
    options = dict(spec.get("options", {}))
    if keep is not None:
        keep = _os.path.abspath(_os.fspath(keep))
        if _os.path.exists(keep) and _os.listdir(keep):
            raise ArgumentError(f"{keep}: keep needs a new or empty directory")
        _os.makedirs(keep, exist_ok=True)

    def task(kd: Tuple[int, Dict[str, Any]]) -> str:
        return json.dumps(_district_task(kd[0], kd[1], ledger_items, options, analyses, day, interval, min_households,
                                         keep), default=str)

    rdd = spark.sparkContext.parallelize(list(enumerate(districts)), max(1, len(districts)))
    try:
        results = [json.loads(x) for x in rdd.map(task).collect()]
    except Exception as e:
        err = _spark_error(e)
        if err is e:
            raise
        raise err from None
    out = rollup(results, day, analyses)
    out["cross_links"] = 0
    out["seconds"] = time.perf_counter() - t0
    return out


# ---- the driver: run, then roll up -------------------------------------------------------------
def _spark_error(e: BaseException) -> BaseException:
    """A failed job's error as the furong error raised in the executor: a malformed row's
    ``InputError`` (its message names the Parquet file, the row and the column) becomes a
    :class:`ShardError` with those fields; anything else is returned unchanged."""
    tag = "furong._errors.InputError: "
    text = str(e)
    if tag not in text:
        return e
    msg = text.split(tag, 1)[1].strip().splitlines()[0]
    err = ShardError(msg)
    err.file = msg.split(": ", 1)[0]
    m = re.search(r" row (\d+) ", msg)
    err.line = int(m.group(1)) if m else 0
    m = re.search(r", column (\d+): ", msg)
    err.column = int(m.group(1)) if m else 0
    err.reason = msg
    return err


def run(spark: Any, dataset: Union[str, _os.PathLike[str], Dict[str, Any]], as_of: DateLike = None,
        analyses: Sequence[str] = ANALYSES, interval: int = 30, min_households: int = 300,
        keep: Union[str, _os.PathLike[str], None] = None) -> Dict[str, Any]:
    """Run the analyses per shard on the executors and roll them up.

    ``dataset`` is a Parquet dataset (shards: its streets, with the two-phase step for the
    links between them), or a generator spec (:func:`province_spec`): then every district is
    generated by one task, exactly as :func:`generate` would write it, and analysed there
    whole (a generated district links to no other), without a Parquet round trip; ``keep``
    (a new or empty directory every executor can write, as :func:`generate`'s ``out``)
    leaves each district's CSV files there for :func:`merge_districts`.

    Returns
    -------
    dict
        ``audit`` (the keys of ``furong audit --json``: the gap lists, three-party
        gaps, streets, summary, policy gaps), ``critical`` (``people``: person, households;
        ``single_contact_households``), ``plans`` (``branches``, ``property``: groups,
        uncovered, optimal), ``ledger`` (overdue, visit_due, provisional, by_street, closure per street,
        ``districts``: items, open and overdue per district),
        ``districts`` (the audit summary per district), and ``shards`` (per shard: rows,
        organisations, load and total seconds) with ``seconds`` (wall time of the job) and
        ``cross_links`` (links with ends in two shards).

    Raises
    ------
    ShardError
        A shard's data is malformed (the Parquet file and row named); the job stops.
    """
    _ensure_spark()
    bad = [a for a in analyses if a not in ANALYSES]
    if bad:
        raise ArgumentError(f"unknown analyses {bad}; expected some of {list(ANALYSES)}")
    day = None if as_of is None else as_date(as_of, "as_of").isoformat()
    if "ledger" in analyses and day is None:
        raise ArgumentError("the ledger queues need a day (as_of)")
    if isinstance(dataset, dict):
        return _run_spec(spark, dataset, tuple(analyses), day, interval, min_households,
                         None if keep is None else _os.fspath(keep))
    if keep is not None:
        raise ArgumentError("keep applies to a generator spec, not to a Parquet dataset")
    t0 = time.perf_counter()
    ph = shards(spark, dataset)
    long, columns = _long_frame(spark, ph, _SHARD_TABLES)
    analyses = tuple(analyses)

    def task(tbl: Any) -> Any:
        import pyarrow as pa

        res = _shard_task(tbl, columns, analyses, day, interval, min_households)
        return pa.table({"shard": [res["shard"]], "result": [json.dumps(res, default=str)]})

    try:
        collected = long.groupBy("shard").applyInArrow(task, schema="shard string, result string").collect()
    except Exception as e:  # a py4j / PySpark error carrying the executor's traceback
        err = _spark_error(e)
        if err is e:
            raise
        raise err from None
    results = [json.loads(r["result"]) for r in collected]
    cross = ph["cross"].count() if ph["cross"] is not None else 0
    out = rollup(results, day, analyses)
    out["cross_links"] = int(cross)
    out["seconds"] = time.perf_counter() - t0
    return out


def _by_row(pairs: List[Any]) -> List[Any]:
    return [p[0] for p in sorted(pairs, key=lambda p: p[1])]


def rollup(results: List[Dict[str, Any]], as_of: Optional[str], analyses: Sequence[str]) -> Dict[str, Any]:
    """Shards' results to the province's: lists merged in the rows' original order, counts
    summed by ``_core.reach.summarise`` (the audit) or added (the rest)."""
    out: Dict[str, Any] = {"as_of": as_of}
    results = sorted(results, key=lambda r: r["shard"])
    if "audit" in analyses:
        a: Dict[str, Any] = {"as_of": as_of}
        for key in ("households_without_contact", "compounds_without_branch", "compounds_without_pairing",
                    "buildings_without_leader", "grids_without_worker", "three_party_gaps"):
            a[key] = _by_row([p for r in results for p in r["audit"][key]])
        rows = [p for r in results for p in r["audit"]["streets"]]
        named = sorted([p for p in rows if p[0]["street"] is not None], key=lambda p: p[1])
        nostreet = [p[0] for p in rows if p[0]["street"] is None]
        streets = [p[0] for p in named]
        if nostreet:
            total = {k: sum(s[k] for s in nostreet) for k in nostreet[0] if k not in ("street", "name")}
            total.update({"street": None, "name": ""})
            streets.append({k: total[k] for k in nostreet[0]})
        a["streets"] = streets
        a["summary"] = {k: (float(v) if isinstance(v, float) else int(v))
                        for k, v in dict(_core.reach.summarise(streets)).items()}
        a["policy_gaps"] = [p[0] for p in sorted((p for r in results for p in r["audit"]["policy_gaps"]),
                                                  key=lambda p: (p[1], p[2]))]
        out["audit"] = a
        districts: Dict[str, List[Dict[str, Any]]] = {}
        for r in results:
            districts.setdefault(r["shard"].split("/", 1)[0], []).extend(p[0] for p in r["audit"]["streets"])
        out["districts"] = {d: {k: (float(v) if isinstance(v, float) else int(v))
                                for k, v in dict(_core.reach.summarise(rows_)).items()}
                            for d, rows_ in sorted(districts.items())}
    if "critical" in analyses:
        per: Dict[str, List[int]] = {}
        for r in results:
            for p, h, row in r["critical"]["people"]:
                got = per.setdefault(p, [0, row])
                got[0] += h
        ordered = sorted(per.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
        out["critical"] = {"people": [{"person": p, "households": v[0]} for p, v in ordered],
                           "single_contact_households": sum(r["critical"]["single_contact_households"] for r in results)}
    if "plans" in analyses:
        out["plans"] = {}
        for name in ("branches", "property"):
            scope_row: Dict[str, int] = {}
            for r in results:
                scope_row.update({k: v for k, v in r["plans"][name]["scope_rows"].items() if v >= 0})
            groups = [(g, scope_row.get(str(g.get("scope", "")), row), row, k)
                      for r in results for g, row, k in r["plans"][name]["groups"]]
            out["plans"][name] = {
                "groups": [g for g, *_ in sorted(groups, key=lambda x: (x[1], x[3]))],
                "uncovered": _by_row([p for r in results for p in r["plans"][name]["uncovered"]]),
                "optimal": all(r["plans"][name]["optimal"] for r in results),
            }
    if "ledger" in analyses:
        led = [r["ledger"] for r in results if "ledger" in r]
        by = sorted((s for x in led for s in x["by_street"]), key=lambda s: s[3])
        out["ledger"] = {
            "overdue": _by_row([p for x in led for p in x["overdue"]]),
            "visit_due": _by_row([p for x in led for p in x["visit_due"]]),
            "by_street": {s: {"open": o, "overdue": d} for s, o, d, _ in by},
            "provisional": _by_row([p for x in led for p in x.get("provisional", [])]),
            "closure": {s: c for x in led for s, c in x["closure"]},
        }
        per_district: Dict[str, Dict[str, int]] = {}
        for r in results:
            if "ledger" not in r:
                continue
            d = per_district.setdefault(r["shard"].split("/", 1)[0], {"items": 0, "open": 0, "overdue": 0})
            d["items"] += r["ledger"]["items"]
            d["open"] += sum(x[1] for x in r["ledger"]["by_street"])
            d["overdue"] += sum(x[2] for x in r["ledger"]["by_street"])
        out["ledger"]["districts"] = dict(sorted(per_district.items()))
    out["shards"] = {r["shard"]: r["timing"] for r in results}
    return out


def _district_frame(spark: Any, dataset: Union[str, _os.PathLike[str]]) -> Tuple[Any, Dict[str, List[str]]]:
    """Every row a district-city's matching needs, keyed by district: its organisations but
    the households, the links among them (contacts need households: left out), offers and
    needs. Links to another district are left out (matching is per city)."""
    from pyspark.sql import functions as F

    root = _os.path.abspath(_os.fspath(dataset))
    manifest = parquet._manifest(Path(root))
    present = [t for t in ("organisations", "links", "offers", "needs") if t in manifest["tables"]]
    columns = {t: list(manifest["tables"][t]["columns"]) for t in present}
    width = max(len(c) for c in columns.values())

    def shaped(df: Any, name: str) -> Any:
        cols = columns[name]
        sel = [F.col("district").alias("shard"), F.lit(name).alias("table"), F.col("_row"), F.col("_file"),
               F.lit(True).alias("own")]
        sel += [(F.col(f"`{c}`") if c in df.columns else F.lit(None).cast("string")).alias(f"c{i}")
                for i, c in enumerate(cols)]
        sel += [F.lit(None).cast("string").alias(f"c{i}") for i in range(len(cols), width)]
        return df.select(*sel)

    orgs = _read(spark, root, "organisations").where(F.col("kind") != "household")
    long = shaped(orgs, "organisations")
    where = orgs.select(F.col("id").alias("e_id"), F.col("district").alias("e_district"))
    if "links" in present:
        links = _read(spark, root, "links").where(F.col("kind") != "contact").drop("district")
        a = links.join(where, links["source"] == where["e_id"]).drop("e_id").withColumnRenamed("e_district", "district")
        b = a.join(where, (a["target"] == where["e_id"]) & (a["district"] == where["e_district"]))
        long = long.unionByName(shaped(b.drop("e_id", "e_district"), "links"))
    for name in ("offers", "needs"):
        if name in present:
            long = long.unionByName(shaped(_read(spark, root, name), name))
    return long, columns


def match(spark: Any, dataset: Union[str, _os.PathLike[str]], as_of: DateLike = None,
          **options: Any) -> Dict[str, Any]:
    """The co-building matching per district-city, on the executors: providers serve
    compounds of several streets and share their capacity, so matching does not shard by
    street; each district is matched whole (its households left out: matching reads the
    compounds' counts, not the household nodes). Returns ``{district: furong.match
    .co_building(...).to_dict()}`` plus ``spark`` (seconds per district). ``options``: those of
    :func:`furong.match.co_building` (``max_per_compound``, ``cover_first``, ``same_street``)."""
    _ensure_spark()
    day = None if as_of is None else as_date(as_of, "as_of").isoformat()
    t0 = time.perf_counter()
    long, columns = _district_frame(spark, dataset)

    def task(pdf: Any) -> Any:
        import pyarrow as pa

        from . import match as fmatch

        t = time.perf_counter()
        district = str(pdf.column("shard")[0].as_py())
        with tempfile.TemporaryDirectory(prefix="furong-district-") as tmp:
            net, _ = _shard_network(pdf, columns, Path(tmp))
            plan = fmatch.co_building(net, as_of=day, **options).to_dict()
        res = {"district": district, "plan": plan, "seconds": time.perf_counter() - t}
        return pa.table({"shard": [district], "result": [json.dumps(res, default=str)]})

    try:
        rows = long.groupBy("shard").applyInArrow(task, schema="shard string, result string").collect()
    except Exception as e:
        err = _spark_error(e)
        if err is e:
            raise
        raise err from None
    results = sorted((json.loads(r["result"]) for r in rows), key=lambda r: r["district"])
    out: Dict[str, Any] = {r["district"]: r["plan"] for r in results if r["district"] != parquet.NO_PARTITION}
    out["spark"] = {"seconds": time.perf_counter() - t0, "districts": {r["district"]: r["seconds"] for r in results}}
    return out


def audit(spark: Any, dataset: Union[str, _os.PathLike[str]], as_of: DateLike = None) -> Dict[str, Any]:
    """The coverage audit (and policy gaps) of a Parquet dataset per shard, rolled up: the
    dict of ``furong audit --json``."""
    return dict(run(spark, dataset, as_of, ("audit",))["audit"])


def ledger(spark: Any, dataset: Union[str, _os.PathLike[str]], as_of: DateLike, interval: int = 30) -> Dict[str, Any]:
    """The ledger queues per shard, rolled up: the dict of ``furong ledger --json`` plus
    ``closure`` (closure statistics per street)."""
    return dict(run(spark, dataset, as_of, ("ledger",), interval=interval)["ledger"])


def plans(spark: Any, dataset: Union[str, _os.PathLike[str]], as_of: DateLike = None,
          min_households: int = 300) -> Dict[str, Any]:
    """The joint-branch and property-area plans per shard, rolled up (``branches``,
    ``property``: the dicts of ``furong plan branches|property --json``)."""
    return dict(run(spark, dataset, as_of, ("plans",), min_households=min_households)["plans"])


typed_errors(globals(), ["session", "province_spec", "generate", "run", "audit", "ledger", "plans", "match",
                         "merge_districts"])
