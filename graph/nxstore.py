"""The embedded default backend: networkx in memory, saved atomically on disk.

Layout of ``$VANBAN_HOME``::

    store.pickle      records (without text) + the built graph; replaced atomically.
                      A sequence of pickles (format 2): a header, then the records,
                      nodes, successors and predecessor order in chunks. One pickle of
                      everything needed a memo entry per object (about 1.3 GB more
                      at 100k plans); chunks keep the memo, and the peak, small.
    texts/<sha256>    the decoded text of each file, content-addressed
    lock              taken while a write reads-modifies-writes the store

A crash mid-save leaves the previous ``store.pickle`` whole: the new one is
written to a temporary file, flushed to disk, then renamed over it.
"""
from __future__ import annotations

import dataclasses
import fcntl
import pickle
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx

from vanban.atomic import atomic_file
from vanban.models import PlanRecord, VanbanError, compact

from .build import BUILD_VERSION, build_graph
from .memory import gc_paused, settle
from .store import GraphStore

FORMAT = 2
CHUNK = 2000           # records / nodes per pickle in store.pickle


class StoreCorrupt(VanbanError):
    code = "store_corrupt"


def _chunks(items, n: int | None = None):
    n = n or CHUNK
    chunk = []
    for x in items:
        chunk.append(x)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_store(fh, records: dict[str, PlanRecord], g: nx.MultiDiGraph) -> None:
    """Write records and graph to `fh` as a header and chunked pickles (see the module doc).

    The graph's internal dicts are written as they are (successors with their edge keys
    and attributes, and the order of each node's predecessors), so the graph read back
    iterates nodes, out- and in-edges in exactly the order of the one built.
    """
    def dump(obj):
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)

    dump({"format": FORMAT, "build": BUILD_VERSION, "records": len(records),
          "nodes": g.number_of_nodes(), "graph": g.graph})
    for chunk in _chunks(records.values()):
        dump([r.to_json() for r in chunk])
    for chunk in _chunks(g._node.items()):
        dump(chunk)
    for chunk in _chunks(g._succ.items()):
        dump(chunk)
    for chunk in _chunks((v, list(us)) for v, us in g._pred.items()):
        dump(chunk)


def read_store(fh) -> dict[str, Any]:
    """Read what :func:`write_store` wrote (or a format-1 single pickle):
    ``{"format", "build", "records": {source: PlanRecord}, "graph": MultiDiGraph}``."""
    head = pickle.load(fh)
    fmt = head.get("format") if isinstance(head, dict) else None
    if fmt == 1:      # vanban before the chunked layout: one pickle of everything
        return {"format": 1, "build": head.get("build"), "graph": head["graph"],
                "records": {k: PlanRecord.from_json(v) for k, v in head["records"].items()}}
    if fmt != FORMAT:
        raise StoreCorrupt(f"store format {fmt} is not {FORMAT}",
                           message_vi="Định dạng kho dữ liệu không khớp phiên bản")
    records: dict[str, PlanRecord] = {}
    while len(records) < head["records"]:
        for j in pickle.load(fh):
            rec = PlanRecord.from_json(j)
            records[rec.file] = rec
    g = nx.MultiDiGraph()
    g.graph.update(head["graph"])
    node, succ, pred = g._node, g._succ, g._pred
    while len(node) < head["nodes"]:
        for n, d in pickle.load(fh):
            node[n] = d
            succ[n] = {}
            pred[n] = {}
    canon = {n: n for n in node}     # one string object per node id, however often it is named
    done = 0
    while done < len(node):
        chunk = pickle.load(fh)
        done += len(chunk)
        for u, nbrs in chunk:
            succ[canon[u]] = {canon[v]: keys for v, keys in nbrs.items()}
    done = 0
    while done < len(node):
        chunk = pickle.load(fh)
        done += len(chunk)
        for v, us in chunk:
            v = canon[v]
            pred[v] = {canon[u]: succ[canon[u]][v] for u in us}
    if fh.read(1):
        raise StoreCorrupt("store.pickle has data after its end",
                           message_vi="Kho dữ liệu có dữ liệu thừa ở cuối")
    return {"format": FORMAT, "build": head.get("build"), "records": records, "graph": g}


class NetworkxStore(GraphStore):
    backend = "networkx"

    def __init__(self, home: Path):
        self.home = Path(home)
        self.path = self.home / "store.pickle"
        self._records: dict[str, PlanRecord] = {}
        self._graph = nx.MultiDiGraph()
        self._stamp: tuple | None = None
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
                with open(self.path, "rb") as fh, gc_paused():
                    data = read_store(fh)
            except StoreCorrupt:
                raise
            except Exception as exc:  # noqa: BLE001 - any unpickling failure means the same thing
                raise StoreCorrupt(f"{self.path}: cannot read the store ({exc}); "
                                   f"move it away and load the plans again",
                                   message_vi=f"Không đọc được kho dữ liệu {self.path}") from None
            self._records = data["records"]
            self._graph = data["graph"]
            if data.get("build") != BUILD_VERSION or data.get("format") != FORMAT:
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
        settle()

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
        with atomic_file(self.path, "wb", durable=True) as fh:
            write_store(fh, records, graph)

    def _write_text(self, rec: PlanRecord) -> None:
        if rec.text is None or not rec.sha256:
            return
        tdir = self.home / "texts"
        tdir.mkdir(parents=True, exist_ok=True)
        target = tdir / rec.sha256
        if target.exists():
            return
        with atomic_file(target, "wb") as fh:
            fh.write(rec.text.encode("utf-8"))

    # -- writes ----------------------------------------------------------
    def replace(self, upserts: Iterable[PlanRecord], removals: Iterable[str] = ()) -> None:
        removals = list(removals)
        with self._locked():
            self._refresh()  # under the lock: reloads only if another process wrote meanwhile
            records = dict(self._records)
            for src in removals:
                records.pop(src, None)
            for rec in upserts:
                # The text goes to texts/<sha256> as each record arrives (`upserts` may be
                # a generator fed by the extraction workers), never all into memory. A
                # shallow copy, so the caller's record keeps its text.
                self._write_text(rec)
                records[rec.file] = compact(dataclasses.replace(rec, text=None))
            graph = build_graph(records.values())   # may raise: nothing has changed yet
            self._save(records, graph)
            self._records, self._graph = records, graph
            self._stamp = self._file_stamp()
            settle()

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
                # bytes, not read_text: universal newlines would turn CR/LF into LF
                # and shift every span of a Windows-made file
                rec.text = p.read_bytes().decode("utf-8")
        return rec

    # -- health ----------------------------------------------------------
    def ping(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self._refresh()

    # -- the graph -------------------------------------------------------
    @property
    def graph(self) -> nx.MultiDiGraph:
        self._refresh()
        return self._graph

    def whole_graph(self) -> nx.MultiDiGraph:
        return self.graph
