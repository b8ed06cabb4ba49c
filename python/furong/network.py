"""The :class:`Network`: a district's organisations, links, people, roles, offers and needs.

The facade over the compiled network: it converts arguments (dates through
:func:`furong._dates.as_date`) and builds DataFrames, and hands every query to the area
modules (:mod:`furong.reachability`, :mod:`furong.plan`, :mod:`furong.ledger`,
:mod:`furong.dot`), which it imports; they never import this module at run time.
"""

from __future__ import annotations

import os as _os
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Union

import datetime

import numpy as _np
import pandas as _pd

from . import _core, dot, ledger, plan, reachability
from ._dates import DateLike, as_date, optional_date
from ._errors import ArgumentError, InputError, typed_errors
# The kind lists and `categories` stay importable from here under their old names (they
# live in furong._frames; import them from there).
from ._frames import COMPOUND_TYPES as COMPOUND_TYPES
from ._frames import LINK_KINDS as LINK_KINDS
from ._frames import ORG_KINDS as ORG_KINDS
from ._frames import ROLE_KINDS as ROLE_KINDS
from ._frames import UNIT_TYPES as UNIT_TYPES
from ._frames import categories as categories
from ._frames import day_column, nullable_counts, optional_categories

if TYPE_CHECKING:  # pragma: no cover
    import networkx

__all__ = ["Network", "load", "DateLike", "PathLike"]

PathLike = Union[str, _os.PathLike[str]]

class Network:
    """A district's governance network.

    Organisations sit in one administrative hierarchy (district > street > community >
    compound > building > household, and the other kinds of ``furong.ORG_KINDS``); dated,
    typed links join them (pairing, serves, covers, contact...); people hold dated roles.
    Every edit is checked, so a network is always consistent. Build one with
    :func:`furong.load`, :func:`furong.datasets.furong`, :func:`furong.synth.city`, or
    edit by hand.

    Examples
    --------
    >>> import furong
    >>> net = furong.Network()
    >>> net.add_organisation("furong", "district", "芙蓉区")
    >>> net.add_organisation("wenyilu", "street", "文艺路街道", parent="furong")
    >>> orgs = net.organisations()
    >>> list(orgs["id"]), orgs.loc[1, "parent"]
    (['furong', 'wenyilu'], 'furong')
    """

    def __init__(self, _core_network: Optional[Any] = None, source: Optional[PathLike] = None) -> None:
        self._net: Any = _core_network if _core_network is not None else _core.Network()
        #: The directory this network was loaded from (None when built otherwise); files
        #: beside the network files, such as preferences.csv, are found there.
        self.source: Optional[str] = _os.fspath(source) if source is not None else None
        #: The stable-matching preferences stored with the network (``from, to, rank``), when
        #: it came from a store holding them; a network from a directory reads
        #: ``preferences.csv`` beside its files instead (see :attr:`source`).
        self.preferences: Optional[_pd.DataFrame] = None

    # ---- editing ---------------------------------------------------------------------
    def add_organisation(
        self,
        id: str,
        kind: str,
        name: str = "",
        parent: Optional[str] = None,
        *,
        compound_type: Optional[str] = None,
        households: Optional[int] = None,
        party_members: Optional[int] = None,
        capacity: Optional[int] = None,
        unit_type: Optional[str] = None,
        **attributes: str,
    ) -> None:
        """Add an organisation under ``parent``.

        Parameters
        ----------
        id : str
            Unique, stable id.
        kind : str
            One of ``furong.network.ORG_KINDS``.
        name : str
            Display name.
        parent : str, optional
            Id of the parent; it must exist and its kind must admit ``kind``.
        compound_type, households, party_members, capacity, unit_type
            Kind-specific attributes (see docs/data-format.md).
        **attributes
            Free-form extra attributes, saved as extra CSV columns.

        Raises
        ------
        ModelError
            Duplicate id or wrong nesting.
        UnknownIdError
            Unknown parent.

        Examples
        --------
        >>> import furong
        >>> net = furong.Network()
        >>> net.add_organisation("d", "district", "D")
        >>> net.add_organisation("x", "compound", parent="d")
        Traceback (most recent call last):
        ...
        furong._errors.ModelError: a compound sits under community, not under district 'd' ('x')
        """
        self._net.add_organisation(
            id, kind, name, parent, compound_type, households, party_members, capacity, unit_type,
            {k: str(v) for k, v in attributes.items()},
        )

    def set_parent(self, child: str, parent: Optional[str]) -> None:
        """Move ``child`` under ``parent`` (``None`` makes it a root); cycles are refused.

        Examples
        --------
        >>> import furong
        >>> net = furong.datasets.furong()
        >>> net.set_parent("furong", "st-wenyilu")
        Traceback (most recent call last):
        ...
        furong._errors.ModelError: a district sits under none (a root), not under street 'st-wenyilu' ('furong')
        """
        self._net.set_parent(child, parent)

    def add_link(self, source: str, target: str, kind: str, since: DateLike = None, until: DateLike = None) -> None:
        """Add a dated link (``since``/``until`` inclusive; ``None`` is an open bound).

        Examples
        --------
        >>> import furong, datetime
        >>> net = furong.Network()
        >>> net.add_organisation("d", "district")
        >>> net.add_organisation("a", "agency", parent="d")
        >>> net.add_organisation("s", "street", parent="d")
        >>> net.add_link("a", "s", "liaison", since=datetime.date(2024, 1, 1))
        >>> len(net.links())
        1
        """
        self._net.add_link(source, target, kind, since, until)

    def add_person(self, id: str, name: str = "", **attributes: Any) -> None:
        """Add a person; extra keyword attributes are kept (``party_member=1``...).

        Examples
        --------
        >>> import furong
        >>> net = furong.Network()
        >>> net.add_person("p1", "张三", party_member=1)
        >>> net.people().loc[0, "party_member"]
        '1'
        """
        self._net.add_person(id, name, {k: str(v) for k, v in attributes.items()})

    def add_role(self, person: str, org: str, role: str, since: DateLike = None, until: DateLike = None) -> None:
        """Give ``person`` a dated role in ``org`` (the role must fit the organisation's kind).

        Examples
        --------
        >>> import furong
        >>> net = furong.Network()
        >>> net.add_organisation("d", "district")
        >>> net.add_person("p", "李四")
        >>> net.add_role("p", "d", "grid_worker")
        Traceback (most recent call last):
        ...
        furong._errors.ModelError: the role grid_worker is held in grid, not in district 'd'
        """
        self._net.add_role(person, org, role, since, until)

    def add_offer(self, provider: str, resource: str, amount: float) -> None:
        """Record that ``provider`` (an agency or unit) offers ``amount`` of ``resource``."""
        self._net.add_offer(provider, resource, float(amount))

    def add_need(self, compound: str, resource: str, priority: int) -> None:
        """Record that ``compound`` needs ``resource`` with ``priority`` 1..5."""
        self._net.add_need(compound, resource, int(priority))

    # ---- lookups ---------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self._net.organisation_count())

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and bool(self._net.has(id))

    def __repr__(self) -> str:
        return (
            f"<furong.Network: {len(self)} organisations, {self._net.link_count()} links, "
            f"{self._net.person_count()} people, {self._net.role_count()} roles>"
        )

    @property
    def core(self) -> Any:
        """The compiled network (``furong._core.Network``) behind this facade.

        Area modules (``furong.reachability``, ``furong.match``...) pass it to the compiled
        core; they read it through this property and never import this module at run time.
        """
        return self._net

    @property
    def revision(self) -> int:
        """A counter bumped by every edit."""
        return int(self._net.revision)

    def index_of(self, ids: Union[str, Sequence[str], _np.ndarray[Any, Any]]) -> Any:
        """Dense index of an id (an ``int``) or of many (a numpy ``int64`` array).

        Raises
        ------
        UnknownIdError
            An id names no organisation (also a ``KeyError``).

        Examples
        --------
        >>> import furong
        >>> net = furong.datasets.furong()
        >>> net.index_of("furong")
        0
        """
        return self._net.index_of(ids)

    def id_of(self, index: int) -> str:
        """The id of the organisation at ``index``."""
        return str(self._net.id_of(int(index)))

    def kind_of(self, id: str) -> str:
        """The kind of organisation ``id``."""
        return str(self._net.kind_of(id))

    def snapshot(self) -> Any:
        """The immutable snapshot queries read (cached; rebuilt after an edit).

        A snapshot held across later edits keeps answering for the state it was taken from.
        """
        return self._net.snapshot()

    def copy(self) -> Network:
        """An independent copy (cheap: tables are shared until one side edits)."""
        out = Network(self._net.copy(), source=self.source)
        out.preferences = self.preferences
        return out

    # ---- tables ----------------------------------------------------------------------
    def organisations(self) -> _pd.DataFrame:
        """Every organisation, one row each, in index order.

        Columns: ``id, kind, name, parent, compound_type, households, party_members,
        capacity, unit_type`` and any extra attribute columns.

        Examples
        --------
        >>> import furong
        >>> df = furong.datasets.furong().organisations()
        >>> int((df["kind"] == "street").sum())
        13
        """
        c = self._net.organisation_columns()
        ids = _np.array(c["id"], dtype=object)
        parent_idx = _np.asarray(c["parent"])
        parent = _np.where(parent_idx >= 0, ids[_np.maximum(parent_idx, 0)], None) if len(ids) else ids
        df = _pd.DataFrame(
            {
                "id": ids,
                "kind": categories(c["kind"], ORG_KINDS),
                "name": _np.array(c["name"], dtype=object),
                "parent": parent,
                "compound_type": optional_categories(c["compound_type"], COMPOUND_TYPES),
                "households": nullable_counts(c["households"]),
                "party_members": nullable_counts(c["party_members"]),
                "capacity": nullable_counts(c["capacity"]),
                "unit_type": optional_categories(c["unit_type"], UNIT_TYPES),
            }
        )
        for name, values in c["extra"].items():
            df[name] = values
        return df

    def _ids(self) -> _np.ndarray[Any, Any]:
        return _np.array(self._net.organisation_columns()["id"], dtype=object)

    def links(self, as_of: DateLike = None) -> _pd.DataFrame:
        """Every link: ``source, target, kind, since, until`` (dates; NaT = open bound).

        With ``as_of``, only the links active on that day (``since <= as_of <= until``, the
        core's one rule); ``None`` means no date filter: every link whatever its dates.

        Examples
        --------
        >>> import furong
        >>> links = furong.datasets.furong().links()
        >>> set(links["kind"]) >= {"pairing", "contact"}
        True
        """
        c = self._net.link_columns(optional_date(as_of, "as_of"))
        ids = self._ids()
        df = _pd.DataFrame(
            {
                "source": ids[c["source"]] if len(c["source"]) else _np.array([], dtype=object),
                "target": ids[c["target"]] if len(c["target"]) else _np.array([], dtype=object),
                "kind": categories(c["kind"], LINK_KINDS),
                "since": day_column(c["since"]),
                "until": day_column(c["until"]),
            }
        )
        for name, values in c["extra"].items():
            df[name] = values
        return df

    def people(self) -> _pd.DataFrame:
        """Every person: ``id, name`` and extra attribute columns (``party_member``...)."""
        c = self._net.people_columns()
        df = _pd.DataFrame({"id": _np.array(c["id"], dtype=object), "name": _np.array(c["name"], dtype=object)})
        for name, values in c["extra"].items():
            df[name] = values
        return df

    def roles(self) -> _pd.DataFrame:
        """Every role: ``person, org, role, since, until``.

        Examples
        --------
        >>> import furong
        >>> roles = furong.datasets.furong().roles()
        >>> "neighbour_leader" in set(roles["role"])
        True
        """
        c = self._net.role_columns()
        people = _np.array(self._net.people_columns()["id"], dtype=object)
        ids = self._ids()
        df = _pd.DataFrame(
            {
                "person": people[c["person"]] if len(c["person"]) else _np.array([], dtype=object),
                "org": ids[c["org"]] if len(c["org"]) else _np.array([], dtype=object),
                "role": categories(c["kind"], ROLE_KINDS),
                "since": day_column(c["since"]),
                "until": day_column(c["until"]),
            }
        )
        for name, values in c["extra"].items():
            df[name] = values
        return df

    def offers(self) -> _pd.DataFrame:
        """What providers offer: ``provider, resource, amount``."""
        c = self._net.offer_columns()
        ids = self._ids()
        df = _pd.DataFrame(
            {
                "provider": ids[c["provider"]] if len(c["provider"]) else _np.array([], dtype=object),
                "resource": _np.array(c["resource"], dtype=object),
                "amount": c["amount"],
            }
        )
        for name, values in c["extra"].items():
            df[name] = values
        return df

    def needs(self) -> _pd.DataFrame:
        """What compounds need: ``compound, resource, priority`` (1..5)."""
        c = self._net.need_columns()
        ids = self._ids()
        df = _pd.DataFrame(
            {
                "compound": ids[c["compound"]] if len(c["compound"]) else _np.array([], dtype=object),
                "resource": _np.array(c["resource"], dtype=object),
                "priority": c["priority"],
            }
        )
        for name, values in c["extra"].items():
            df[name] = values
        return df

    # ---- summaries and conversion ----------------------------------------------------
    def counts(self) -> Dict[str, int]:
        """Number of organisations of each kind (every kind listed, zeros included).

        Examples
        --------
        >>> import furong
        >>> furong.Network().counts()["household"]
        0
        """
        codes = self._net.organisation_columns()["kind"]
        found = _np.bincount(codes.astype(_np.int64), minlength=len(ORG_KINDS))
        return {k: int(n) for k, n in zip(ORG_KINDS, found)}

    def link_counts(self) -> Dict[str, int]:
        """Number of links of each kind (every kind listed, zeros included)."""
        codes = self._net.link_columns()["kind"]
        found = _np.bincount(codes.astype(_np.int64), minlength=len(LINK_KINDS))
        return {k: int(n) for k, n in zip(LINK_KINDS, found)}

    def role_counts(self) -> Dict[str, int]:
        """Number of roles of each kind (every kind listed, zeros included)."""
        codes = self._net.role_columns()["kind"]
        found = _np.bincount(codes.astype(_np.int64), minlength=len(ROLE_KINDS))
        return {k: int(n) for k, n in zip(ROLE_KINDS, found)}

    def info(self) -> Dict[str, Any]:
        """Counts by kind, link kind and role, plus a validation summary.

        Examples
        --------
        >>> import furong
        >>> furong.datasets.furong().info()["validation"]["roots"]
        1
        """
        orgs = self.organisations()
        roots = orgs[orgs["parent"].isna()]
        orphans = roots[roots["kind"] != "district"]
        return {
            "organisations": len(self),
            "links": int(self._net.link_count()),
            "people": int(self._net.person_count()),
            "roles": int(self._net.role_count()),
            "offers": len(self.offers()),
            "needs": len(self.needs()),
            "by_kind": {k: v for k, v in self.counts().items() if v},
            "by_link_kind": {k: v for k, v in self.link_counts().items() if v},
            "by_role": {k: v for k, v in self.role_counts().items() if v},
            "validation": {
                "roots": int(len(roots)),
                "non_district_roots": sorted(orphans["id"].tolist())[:20],
                "non_district_root_count": int(len(orphans)),
                "households": int(self.counts()["household"]),
            },
        }

    def view(self, org: str) -> Network:
        """The network restricted to the subtree of ``org`` (a street, a community, a grid...):
        what an office whose duty is that organisation may see (docs/privacy.md, "Scopes").

        It holds the organisations of the subtree, the bare ids of their ancestors, the links
        touching the subtree (an outside end shows as a placeholder ``outside:<kind>:<n>``,
        without id or attributes), the people holding roles inside and the ledger of the
        compounds inside. Every query on it answers from the view alone; an id outside is
        unknown to it.

        Raises
        ------
        UnknownIdError
            ``org`` is not an organisation of this network.

        Examples
        --------
        >>> import furong
        >>> v = furong.datasets.furong().view("cm-wenyilu-01")
        >>> "cm-wenyilu-02" in v, "cm-wenyilu-01" in v
        (False, True)
        """
        return Network(_core.privacy.view(self._net, str(org)), source=self.source)

    def save(self, dir: PathLike, redact: Union[None, str, bytes] = None, keep: Sequence[str] = ()) -> None:
        """Write the network CSV files (and the ledger files, when the network has a ledger)
        into ``dir`` (created if needed), atomically and durably: a save interrupted at any
        moment leaves the old complete directory or the new one; ledger files of an older save
        are removed when the network has no ledger (docs/reliability.md, "Durability").

        A path ending in ``.xlsx`` writes one Excel workbook instead, one sheet per CSV file,
        every cell as text (a value starting with ``=`` stays text, never a formula), written
        to a temporary file and renamed over the target. Needs openpyxl (``furong[excel]``).

        Raises
        ------
        FileError
            (an OSError) naming the path: full disk, read-only directory, permission, a file
            where the directory should be. The directory then keeps its old content.

        Examples
        --------
        >>> import furong, tempfile
        >>> net = furong.datasets.furong()
        >>> with tempfile.TemporaryDirectory() as d:
        ...     net.save(d)
        ...     len(furong.load(d)) == len(net)
        True

        With ``redact=key`` (bytes or str, at least 16 bytes) the files are pseudonymised
        (docs/privacy.md): people's and households' names and ledger summaries removed,
        person and household ids replaced by ``p-``/``h-`` + HMAC-SHA256(key, id), person,
        household and role attributes dropped unless named in ``keep``. The result loads and
        gives the same counts.

        >>> with tempfile.TemporaryDirectory() as d:
        ...     net.save(d, redact=b"a key of 16 bytes", keep=["party_member"])
        ...     bool(furong.load(d).people()["name"].eq("").all())
        True
        """
        if redact is None:
            if keep:
                raise ArgumentError("keep applies to a redacted save (redact=key)")
            core = self._net
        else:
            key = redact.encode("utf-8") if isinstance(redact, str) else bytes(redact)
            core = _core.privacy.redact(self._net, key, [str(k) for k in keep])
        from . import _tables

        if _tables.is_xlsx(dir):
            import tempfile
            from pathlib import Path

            with tempfile.TemporaryDirectory(prefix="furong-xlsx-") as tmp:
                core.save(tmp)
                if self.preferences is not None and not _os.path.exists(_os.path.join(tmp, "preferences.csv")):
                    self.preferences.to_csv(_os.path.join(tmp, "preferences.csv"), index=False)
                _tables.write_xlsx(Path(tmp), Path(_os.fspath(dir)))
            return
        core.save(_os.fspath(dir))

    def to_networkx(self, as_of: DateLike = None, hierarchy: bool = True) -> networkx.MultiDiGraph[str]:
        """The network as a ``networkx.MultiDiGraph``.

        Nodes are organisation ids with ``kind`` and ``name``; edges carry ``kind``
        ("hierarchy" for parent -> child, else the link kind), ``since`` and ``until``.

        Parameters
        ----------
        as_of : date or str, optional
            Keep only links active on that day (None: every link whatever its dates).
        hierarchy : bool
            Include the parent -> child edges.

        Examples
        --------
        >>> import furong
        >>> g = furong.datasets.furong().to_networkx()
        >>> g.nodes["furong"]["kind"]
        'district'
        """
        import networkx as nx

        g: networkx.MultiDiGraph[str] = nx.MultiDiGraph()
        orgs = self.organisations()
        g.add_nodes_from(
            (i, {"kind": k, "name": n}) for i, k, n in zip(orgs["id"], orgs["kind"].astype(str), orgs["name"])
        )
        if hierarchy:
            has_parent = orgs["parent"].notna()
            g.add_edges_from(
                (p, c, {"kind": "hierarchy"}) for p, c in zip(orgs["parent"][has_parent], orgs["id"][has_parent])
            )
        links = self.links(as_of)
        g.add_edges_from(
            (s, t, {"kind": k, "since": _py_date(a), "until": _py_date(b)})
            for s, t, k, a, b in zip(links["source"], links["target"], links["kind"].astype(str), links["since"], links["until"])
        )
        return g

    def to_dot(self, root: Optional[str] = None, depth: Optional[int] = None, kinds: Optional[Sequence[str]] = None,
               **options: Any) -> str:
        """Graphviz DOT text of the subtree under ``root`` with the links among the shown nodes.
        See :func:`furong.dot.to_dot` (options: ``links``, ``link_kinds``, ``as_of``, ``rankdir``).

        Examples
        --------
        >>> import furong
        >>> lines = furong.datasets.furong().to_dot("st-wenyilu", depth=0).splitlines()
        >>> lines[0], lines[-1]
        ('digraph furong {', '}')
        >>> lines[-2].startswith('  "st-wenyilu" [label="文艺路街道')
        True
        """
        return dot.to_dot(self, root, depth, kinds, **options)

    # ---- reachability and coverage (furong.reachability) -----------------------------
    def is_ancestor(self, a: Any, b: Any) -> Any:
        """Whether ``a`` lies strictly above ``b``; arrays give a batch. See :func:`furong.reachability.is_ancestor`."""
        return reachability.is_ancestor(self, a, b)

    def reachable(self, src: str, dst: str, via: Any = ("hierarchy",), max_hops: Optional[int] = None,
                  as_of: DateLike = None, undirected: bool = False) -> Any:
        """A fewest-hops path or None. See :func:`furong.reachability.reachable`."""
        return reachability.reachable(self, src, dst, via, max_hops, as_of, undirected)

    def reach(self, src: str, via: Any = ("hierarchy",), max_hops: Optional[int] = None, as_of: DateLike = None,
              undirected: bool = False) -> _pd.DataFrame:
        """Everything reachable from ``src`` with hop counts. See :func:`furong.reachability.reach`."""
        return reachability.reach(self, src, via, max_hops, as_of, undirected)

    def escalation_path(self, org: str, as_of: DateLike = None) -> Dict[str, Any]:
        """The chain a demand climbs. See :func:`furong.reachability.escalation_path`."""
        return reachability.escalation_path(self, org, as_of)

    def critical(self, source: str, via: Any = ("hierarchy",), target_kind: str = "household",
                 as_of: DateLike = None, undirected: bool = False) -> _pd.DataFrame:
        """Single points of failure. See :func:`furong.reachability.critical`."""
        return reachability.critical(self, source, via, target_kind, as_of, undirected)

    def immediate_dominators(self, source: str, via: Any = ("hierarchy",), as_of: DateLike = None,
                             undirected: bool = False) -> Dict[str, str]:
        """Dominator tree as a dict. See :func:`furong.reachability.immediate_dominators`."""
        return reachability.immediate_dominators(self, source, via, as_of, undirected)

    def critical_people(self, as_of: DateLike = None) -> _pd.DataFrame:
        """Sole neighbour leaders. See :func:`furong.reachability.critical_people`."""
        return reachability.critical_people(self, as_of)

    def audit(self, as_of: DateLike = None) -> reachability.Audit:
        """The coverage audit. See :func:`furong.reachability.audit`."""
        return reachability.audit(self, as_of)

    # ---- ledger (furong.ledger) -----------------------------------------------------------
    @property
    def ledger(self) -> ledger.Ledger:
        """The ledger loaded with the network (empty without ledger files). See :class:`furong.ledger.Ledger`."""
        return ledger.Ledger(self)

    # ---- planning (furong.plan) ----------------------------------------------------------
    def policy_gaps(self, as_of: DateLike = None, policies: Any = None, meetings: Any = None,
                    meeting_months: int = 3) -> _pd.DataFrame:
        """Failed checks of each compound type's policy (一类一策). See :func:`furong.plan.policy_gaps`."""
        return plan.policy_gaps(self, as_of, policies, meetings, meeting_months)

    def without(self, ids: Union[str, Sequence[str]], as_of: DateLike) -> Network:
        """A copy where organisations or people leave on ``as_of``: every link touching a removed
        organisation and every role in it or of a removed person ends the day before.

        Raises
        ------
        UnknownIdError
            An id names neither an organisation nor a person (nothing is changed).
        ArgumentError
            ``as_of`` missing or malformed.

        Examples
        --------
        >>> import furong
        >>> net = furong.datasets.furong()
        >>> after = net.without(["pc-01"], "2025-06-01")
        >>> len(after) == len(net), after.revision != net.revision
        (True, True)
        >>> net.without(["nobody"], "2025-06-01")
        Traceback (most recent call last):
        ...
        furong._errors.UnknownIdError: unknown organisation or person id 'nobody'
        """
        if as_of is None:
            raise ArgumentError("without needs the date the removal takes effect (as_of)")
        day: Any = as_date(as_of, "as_of")
        return Network(_core.plan.without(self._net, [ids] if isinstance(ids, str) else [str(i) for i in ids], day))


def _py_date(value: Any) -> Optional[datetime.date]:
    return None if _pd.isna(value) else _pd.Timestamp(value).date()


def load(dir: PathLike, encoding: Optional[str] = None) -> Network:
    """Load a directory of network CSV files (``organisations.csv`` required), or an Excel
    workbook ``*.xlsx`` with one sheet per CSV file (named after it: ``organisations``...).

    All-or-nothing: any problem raises :class:`furong.InputError` naming the file, line and
    column (for a workbook: the sheet, in ``InputError.sheet``, its row and column), and
    nothing is half loaded. ``encoding`` reads CSV files in another encoding, such as
    ``"gb18030"`` (or ``"gbk"``) for CSV saved by Excel on Chinese Windows; the default is
    UTF-8 (with or without a byte order mark).

    Examples
    --------
    >>> import furong
    >>> net = furong.load(furong.datasets.furong_path())
    >>> net.kind_of("furong")
    'district'
    """
    from . import _tables

    if not _tables.is_xlsx(dir) and _tables.check_encoding(encoding) is None:
        return Network(_core.network.load(_os.fspath(dir)), source=dir)
    # A workbook or another encoding: UTF-8 CSV in a temporary directory, read by the same
    # C++ loader, its errors put back in the sheet / file they came from.
    with _tables.prepared(dir, encoding) as (tmp, origin):
        try:
            net = Network(_core.network.load(tmp))
            prefs = _os.path.join(tmp, "preferences.csv")
            if _os.path.exists(prefs):  # net.source cannot point at a temporary directory
                from .match import load_preferences

                net.preferences = load_preferences(net, prefs)
        except InputError as e:
            raise origin.remap(e) from None
    if not _tables.is_xlsx(dir):
        net.source = _os.fspath(dir)
    return net


typed_errors(globals(), __all__)  # argument type errors leave as furong errors (furong._errors)
