"""The embedded default backend: networkx in memory, saved atomically on disk.

Layout of ``$VANBAN_HOME``::

    store.pickle      records (without text) + the built graph; replaced atomically
    texts/<sha256>    the decoded text of each file, content-addressed
    lock              taken while a write reads-modifies-writes the store

A crash mid-save leaves the previous ``store.pickle`` whole: the new one is
written to a temporary file, flushed to disk, then renamed over it.
"""
from __future__ import annotations

import dataclasses
import fcntl
import gc
import pickle
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from vanban.atomic import atomic_file
from vanban.models import PlanRecord, VanbanError

from . import queries as Q
from . import schema as S
from .build import BUILD_VERSION, build_graph
from .rules import Rule
from .store import GraphStore

FORMAT = 1


@contextmanager
def _no_gc():
    """Unpickling a large graph makes millions of objects: the cyclic GC would rescan them for nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class StoreCorrupt(VanbanError):
    code = "store_corrupt"


class NetworkxStore(GraphStore):
    backend = "networkx"

    def __init__(self, home: Path):
        self.home = Path(home)
        self.path = self.home / "store.pickle"
        self._records: dict[str, PlanRecord] = {}
        self._graph = nx.MultiDiGraph()
        self._stamp: tuple | None = None
        self._index: tuple | None = None
        self._holding_lock = False
        self._refresh()

    # -- persistence ----------------------------------------------------
    def _file_stamp(self) -> tuple | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _refresh(self) -> None:
        """Reload when another process (e.g. `vanban load`) replaced the store."""
        stamp = self._file_stamp()
        if stamp == self._stamp:
            return
        if stamp is None:
            self._records, self._graph = {}, nx.MultiDiGraph()
        else:
            try:
                with open(self.path, "rb") as fh, _no_gc():
                    data = pickle.load(fh)
            except Exception as exc:  # noqa: BLE001 - any unpickling failure means the same thing
                raise StoreCorrupt(f"{self.path}: cannot read the store ({exc}); "
                                   f"move it away and load the plans again",
                                   message_vi=f"Không đọc được kho dữ liệu {self.path}") from None
            if data.get("format") != FORMAT:
                raise StoreCorrupt(f"{self.path}: store format {data.get('format')} is not {FORMAT}",
                                   message_vi="Định dạng kho dữ liệu không khớp phiên bản")
            self._records = {k: PlanRecord.from_json(v) for k, v in data["records"].items()}
            self._graph = data["graph"]
            if data.get("build") != BUILD_VERSION:
                # Built by another version of vanban: the records are the truth, rebuild
                # and save (best effort: a read-only store is still answered from memory).
                self._graph = build_graph(self._records.values())
                if not self._holding_lock:
                    try:
                        with self._locked():
                            self._save(self._records, self._graph)
                        stamp = self._file_stamp()
                    except OSError:
                        pass
        self._stamp = stamp
        self._index = None

    @contextmanager
    def _locked(self):
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.home / "lock", "a+") as lk:
            fcntl.flock(lk, fcntl.LOCK_EX)
            self._holding_lock = True
            try:
                yield
            finally:
                self._holding_lock = False
                fcntl.flock(lk, fcntl.LOCK_UN)

    def _save(self, records: dict[str, PlanRecord], graph: nx.MultiDiGraph) -> None:
        data = {"format": FORMAT, "build": BUILD_VERSION, "records": {k: r.to_json() for k, r in records.items()},
                "graph": graph}
        with atomic_file(self.path, "wb", durable=True) as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)

    def _write_text(self, rec: PlanRecord) -> None:
        if rec.text is None or not rec.sha256:
            return
        tdir = self.home / "texts"
        tdir.mkdir(parents=True, exist_ok=True)
        target = tdir / rec.sha256
        if target.exists():
            return
        with atomic_file(target, "w") as fh:
            fh.write(rec.text)

    # -- writes ----------------------------------------------------------
    def replace(self, upserts: Iterable[PlanRecord], removals: Iterable[str] = ()) -> None:
        removals = list(removals)
        with self._locked():
            self._refresh()  # under the lock: reloads only if another process wrote meanwhile
            records = dict(self._records)
            for src in removals:
                records.pop(src, None)
            for rec in upserts:
                # The text goes to texts/<sha256>, not into memory: at 100k plans it is
                # about 2 GB. A shallow copy, so the caller's record keeps its text.
                self._write_text(rec)
                records[rec.file] = dataclasses.replace(rec, text=None)
            graph = build_graph(records.values())   # may raise: nothing has changed yet
            self._save(records, graph)
            self._records, self._graph = records, graph
            self._stamp = self._file_stamp()
            self._index = None

    def source_hashes(self) -> dict[str, str]:
        self._refresh()
        return {k: r.sha256 or "" for k, r in self._records.items()}

    def record(self, source: str) -> PlanRecord | None:
        self._refresh()
        rec = self._records.get(source)
        if rec is None:
            return None
        rec = PlanRecord.from_json(rec.to_json())
        if rec.sha256:
            p = self.home / "texts" / rec.sha256
            if p.exists():
                rec.text = p.read_text("utf-8")
        return rec

    # -- health ----------------------------------------------------------
    def ping(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self._refresh()

    def stats(self) -> dict[str, Any]:
        g = self.graph
        nodes: dict[str, int] = {k: 0 for k in S.NODE_KINDS}
        for _, d in g.nodes(data=True):
            nodes[d.get("kind", "?")] = nodes.get(d.get("kind", "?"), 0) + 1
        edges: dict[str, int] = {k: 0 for k in S.EDGE_TYPES}
        for _, _, d in g.edges(data=True):
            edges[d.get("type", "?")] = edges.get(d.get("type", "?"), 0) + 1
        return {"backend": self.backend, "sources": len(self._records), "nodes": nodes, "edges": edges}

    # -- queries ---------------------------------------------------------
    @property
    def graph(self) -> nx.MultiDiGraph:
        self._refresh()
        return self._graph

    def node(self, nid: str) -> dict[str, Any] | None:
        g = self.graph
        return Q.node_view(g, nid) if nid in g else None

    def resolve_ref(self, ref: str) -> list[str]:
        return Q.resolve_ref(self.graph, ref)

    def loaded_plans(self) -> list[str]:
        return Q.loaded_plans(self.graph)

    def trace(self, nid: str) -> dict[str, Any]:
        return Q.trace(self.graph, nid)

    def check(self, rules: list[Rule]) -> dict[str, Any]:
        return Q.check(self.graph, rules)

    def implementers(self, nid: str) -> dict[str, Any]:
        return Q.implementers(self.graph, nid)

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        g = self.graph
        if self._index is None:
            self._index = Q.search_index(g)
        return Q.search(g, text, limit, index=self._index)

    def deadlines(self, unit: str | None = None) -> dict[str, Any]:
        return Q.deadlines(self.graph, unit)

    def subgraph(self, center=None, depth=1, cap=300, *, year=None, place=None, level=None, kinds=None):
        return Q.subgraph(self.graph, center, depth, cap, year=year, place=place, level=level, kinds=kinds)

    def documents(self, **filters: Any) -> dict[str, Any]:
        return Q.documents(self.graph, **filters)

    def document(self, nid: str) -> dict[str, Any]:
        return Q.document_detail(self.graph, nid)

    def export(self, fmt: str) -> str:
        return Q.export(self.graph, fmt)
