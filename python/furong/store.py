"""The governance store: a district's network and ledger in a database, written by checked
transactions of domain events, with the author and time of every change.

A store lives in a SQLite file (``district.sqlite``, the embedded default) or a PostgreSQL
database (``postgresql://user@host/db``, for a district where many offices write at once).
Every rule is the C++ core's (``furong/store/store.hpp``): an event is checked by the same
ledger and network rules that check the CSV files, a refused event writes nothing, and a
committed transaction is durable when ``commit`` returns. docs/store.md describes the schema,
the backends and the contracts.

Examples
--------
>>> import furong, tempfile, os
>>> d = tempfile.mkdtemp()
>>> s = furong.store.create(os.path.join(d, "district.sqlite"), furong.datasets.furong_path())
>>> with s.transaction(author="p00155") as tx:
...     tx.change_status("lg-00001", "withdrawn", "2026-01-05", note="moved away")
Traceback (most recent call last):
...
furong._errors.ModelError: item 'lg-00001': forbidden transition from closed to withdrawn on 2026-01-05: nothing may follow a close
>>> len(s.network()) == len(furong.datasets.furong())
True
"""

from __future__ import annotations

import os as _os
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import pandas as _pd

from . import _core, parquet
from ._dates import DateLike, as_date
from ._errors import ArgumentError, typed_errors
from .network import Network
from .network import load as load_directory

__all__ = ["Store", "Transaction", "create", "open_store", "load", "is_store_location"]

PathLike = Union[str, _os.PathLike[str]]

_S = _core.store

#: The first bytes of every SQLite database file.
_SQLITE_MAGIC = b"SQLite format 3\x00"


def is_store_location(location: PathLike) -> bool:
    """True for a PostgreSQL URL or an existing SQLite file; False for a directory (CSV files).

    Examples
    --------
    >>> import furong
    >>> furong.store.is_store_location(furong.datasets.furong_path())
    False
    >>> furong.store.is_store_location("postgresql://planner@db.example/furong")
    True
    """
    text = _os.fspath(location)
    if text.startswith(("postgresql://", "postgres://")):
        return True
    p = Path(text)
    if p.is_dir():
        return False
    try:
        with open(p, "rb") as f:
            return f.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return p.suffix in (".sqlite", ".sqlite3", ".db")


def _day(value: DateLike, name: str) -> Any:
    return None if value is None else as_date(value, name)


class Transaction:
    """A write transaction of domain events (``with store.transaction(author=...) as tx:``).

    Leaving the ``with`` block normally commits (durably); leaving it by an exception rolls
    back everything of the transaction. Each event is checked when it is called: a refused
    event raises (:class:`ModelError`, :class:`UnknownIdError`, :class:`ArgumentError`,
    :class:`ConflictError`), writes nothing, and leaves the transaction usable. After
    ``commit``, :attr:`committed` holds what was committed.
    """

    def __init__(self, core: Any) -> None:
        self._tx = core
        #: ``{"transaction", "author", "committed_at", "summary"}`` once committed.
        self.committed: Optional[Dict[str, Any]] = None

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.rollback()

    @property
    def author(self) -> str:
        return str(self._tx.author)

    # ---- ledger ----------------------------------------------------------------------------
    def add_item(self, id: str, compound: str, category: str, raised: DateLike, owner: str, summary: str = "",
                 source: str = "other", due: DateLike = None, meeting: str = "") -> None:
        """Add a ledger item (no ``due``: raised + the category's SLA in working days)."""
        self._tx.add_item(id, compound, category, as_date(raised, "raised"), owner, summary, source,
                          _day(due, "due"), meeting)

    def change_status(self, item: str, to: str, on: DateLike, note: str = "", expect_status: Optional[str] = None,
                      expect_version: Optional[int] = None) -> None:
        """Record a status event, allowed only as the ledger's transition table says.

        ``expect_status`` / ``expect_version``: what this writer saw (see :meth:`Store.item`);
        when another writer changed the item since, :class:`ConflictError` and nothing is written.
        """
        self._tx.change_status(item, to, as_date(on, "on"), note, expect_status, expect_version)

    def record_visit(self, item: str, on: DateLike, outcome: str, expect_status: Optional[str] = None,
                     expect_version: Optional[int] = None) -> None:
        """Record a return visit (``satisfied``, ``unsatisfied`` or ``no_answer``); an
        unsatisfied visit reopens a resolved item."""
        self._tx.record_visit(item, as_date(on, "on"), outcome, expect_status, expect_version)

    # ---- network ---------------------------------------------------------------------------
    def add_organisation(self, id: str, kind: str, name: str = "", parent: Optional[str] = None) -> None:
        self._tx.add_organisation(id, kind, name, parent or "")

    def add_person(self, id: str, name: str = "", **attributes: Any) -> None:
        self._tx.add_person(id, name, [(str(k), str(v)) for k, v in attributes.items()])

    def add_link(self, source: str, target: str, kind: str, since: DateLike = None, until: DateLike = None) -> None:
        self._tx.add_link(source, target, kind, _day(since, "since"), _day(until, "until"))

    def end_link(self, source: str, target: str, kind: str, last_day: DateLike) -> None:
        """End every such link still active after ``last_day`` (it stays active that day)."""
        self._tx.end_link(source, target, kind, as_date(last_day, "last_day"))

    def add_role(self, person: str, org: str, role: str, since: DateLike = None, until: DateLike = None) -> None:
        self._tx.add_role(person, org, role, _day(since, "since"), _day(until, "until"))

    def end_role(self, person: str, org: str, role: str, last_day: DateLike) -> None:
        self._tx.end_role(person, org, role, as_date(last_day, "last_day"))

    def record_meeting(self, id: str, kind: str, date: DateLike, org: str, theme: str = "",
                       attendance: Sequence[Tuple[str, str]] = ()) -> None:
        """Record a meeting (``joint``, ``night_talk`` or ``annual``) with its attendance, a
        list of ``(party, attendee id)``."""
        self._tx.record_meeting(id, kind, as_date(date, "date"), org, theme, [(str(p), str(a)) for p, a in attendance])

    # ---- end -------------------------------------------------------------------------------
    def commit(self) -> Dict[str, Any]:
        """Commit durably; returns ``{"transaction", "author", "committed_at", "summary"}``."""
        self.committed = dict(self._tx.commit())
        return self.committed

    def rollback(self) -> None:
        self._tx.rollback()


class Store:
    """An open governance store. Make one with :func:`open_store` or :func:`create`.

    One Store object may be shared by threads (they take turns); processes and offices
    coordinate through the database.
    """

    def __init__(self, core: Any) -> None:
        self._s = core

    def __repr__(self) -> str:
        return f"<furong.Store {self.location}>"

    @property
    def location(self) -> str:
        """The path or URL (without a password)."""
        return str(self._s.location)

    @property
    def schema_version(self) -> int:
        return int(self._s.schema_version())

    def network(self, recorded_by: DateLike = None) -> Network:
        """The network with its ledger, as recorded now or at the end of day ``recorded_by``
        (UTC): the same data :func:`furong.load` gives for the exported directory."""
        core, prefs = self._s.load(_day(recorded_by, "recorded_by"))
        net = Network(core)
        if prefs is not None:
            net.preferences = _pd.DataFrame({"from": prefs["from"], "to": prefs["to"],
                                            "rank": _pd.Series(prefs["rank"], dtype="int64")})
        return net

    def transaction(self, author: str) -> Transaction:
        """A write transaction by ``author`` (a person id or a name), for a ``with`` block.

        Raises
        ------
        StoreBusyError
            Another writer held the store past the busy timeout.
        """
        return Transaction(self._s.begin(author))

    def history(self, item: str) -> _pd.DataFrame:
        """The changes of a ledger item in the order they were recorded: ``transaction,
        author, committed_at, change (raised|status|visit), date, status, outcome, note``."""
        cols = self._s.history(item)
        frame = _pd.DataFrame(cols)
        frame["date"] = _pd.to_datetime(frame["date"])
        frame["committed_at"] = _pd.to_datetime(frame["committed_at"], utc=True)
        return frame

    def item(self, item: str) -> Dict[str, Any]:
        """``{"id", "status", "version"}`` of an item as recorded now (for ``expect_*``)."""
        return dict(self._s.item(item))

    def transactions(self) -> _pd.DataFrame:
        """Every committed transaction, oldest first: ``transaction, author, committed_at, summary``."""
        rows = self._s.transactions()
        frame = _pd.DataFrame(rows, columns=["transaction", "author", "committed_at", "summary"])
        frame["committed_at"] = _pd.to_datetime(frame["committed_at"], utc=True)
        return frame

    def export(self, dir: PathLike, recorded_by: DateLike = None) -> None:
        """Write the CSV files (atomically) as recorded now or at the end of ``recorded_by``."""
        self._s.export(_os.fspath(dir), _day(recorded_by, "recorded_by"))

    def grant_scope(self, org: str, role: str) -> None:
        """PostgreSQL row-level security (docs/privacy.md): the login role ``role`` (created
        when missing) may SELECT the store's tables but sees only the rows inside the subtree
        of ``org`` as it is now (call again after the subtree changes). Other roles and the
        store's owner are not affected.

        Raises
        ------
        StoreError
            A SQLite store (no roles there), or a scoped handle.
        UnknownIdError
            ``org`` is no organisation of the store.
        """
        self._s.grant_scope(str(org), str(role))

    def check(self) -> List[str]:
        """Integrity check: the problems found (an empty list: the store is sound)."""
        return [str(p) for p in self._s.check()]


def open_store(location: PathLike, busy_timeout: float = 5.0, read_only: bool = False,
               create_if_missing: bool = False, scope: Optional[str] = None) -> Store:
    """Open a store (a SQLite path or a ``postgresql://`` URL), migrating an older schema
    after a backup copy.

    With ``scope=ORG`` the handle reads and writes only inside the subtree of that
    organisation (docs/privacy.md): :meth:`Store.network` gives ``Network.view(ORG)``, an
    event outside is refused with :class:`furong.StoreError`, items outside are unknown, and
    the transaction list and the integrity check need an unscoped handle.

    Raises
    ------
    StoreError
        Missing, corrupt or truncated file; refused connection.
    StoreVersionError
        A schema newer than this furong, or not a furong store.
    """
    return Store(_S.open(_os.fspath(location), float(busy_timeout), bool(read_only), bool(create_if_missing),
                         "" if scope is None else str(scope)))


def create(location: PathLike, from_dir: PathLike, author: str = "import", busy_timeout: float = 5.0) -> Store:
    """Import a dataset directory into a new store, all or nothing (the directory is checked
    by the CSV readers first)."""
    return Store(_S.create(_os.fspath(location), _os.fspath(from_dir), author, float(busy_timeout)))


def load(location: PathLike, recorded_by: DateLike = None, encoding: Optional[str] = None) -> Network:
    """Load a network with its ledger from a directory of CSV files, a Parquet dataset
    (:mod:`furong.parquet`), an Excel workbook (``*.xlsx``, one sheet per CSV file) or a store
    location. ``encoding`` reads CSV files in another encoding (``"gb18030"`` for CSV saved by
    Excel on Chinese Windows).

    Examples
    --------
    >>> import furong
    >>> len(furong.load(furong.datasets.furong_path())) > 0
    True
    """
    if is_store_location(location):
        if encoding is not None:
            raise ArgumentError("encoding applies to CSV files, not to a store")
        return open_store(location, read_only=True).network(recorded_by)
    if recorded_by is not None:
        raise ArgumentError("recorded_by applies to a store, not to a directory of CSV files")
    if parquet.is_parquet_dataset(location):  # a directory with a furong Parquet manifest
        return parquet.load(location)
    return load_directory(location, encoding)


typed_errors(globals(), __all__)
