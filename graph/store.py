"""The one storage interface, and the factory that picks a backend.

Records (what extraction made of each file) are the truth; the graph is
derived from them by :func:`vanban.graph.build.build_graph`. A backend keeps
both and answers the user's questions. Two backends give the same answers:

- ``networkx`` (default): in memory, saved atomically under ``$VANBAN_HOME``;
- ``neo4j``: a Neo4j server (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``).

The source key of a record is ``record.file``: the resolved path of a loaded
file, or ``upload:<name>`` for an upload.
"""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from vanban.models import BadRequest, NotFound, PlanRecord, VanbanError

from . import queries as Q
from . import registry as R
from .rules import Rule

ENV_BACKEND = "VANBAN_BACKEND"
ENV_HOME = "VANBAN_HOME"
ENV_NEO4J_URI = "NEO4J_URI"
ENV_NEO4J_USER = "NEO4J_USER"
ENV_NEO4J_PASSWORD = "NEO4J_PASSWORD"


class StoreUnavailable(VanbanError):
    """The store cannot be reached or opened (a server down, a refused connection)."""

    code = "store_unavailable"


@dataclass
class LoadReport:
    """What one load did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)   # {"file", "code", "error"}

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged, "failed": self.failed}


class GraphStore(ABC):
    """What every backend offers. Reads return plain JSON-able data.

    A backend implements the writes, :meth:`whole_graph` and :meth:`ping`; every query
    runs the pure function of :mod:`vanban.graph.queries` on a graph. By default that
    graph is the whole one; a backend that can fetch just the part a question touches
    (Neo4j) overrides the ``*_graph`` fetches, never the questions, so every backend
    answers with the same code."""

    backend: str = "?"

    # -- writes -------------------------------------------------------
    @abstractmethod
    def replace(self, upserts: Iterable[PlanRecord], removals: Iterable[str] = ()) -> None:
        """Put records (keyed by ``record.file``) and drop sources, all or nothing.

        `upserts` may be a generator: a backend consumes it once, so a caller can hand
        over records (and their texts) one by one instead of holding them all."""

    @abstractmethod
    def source_hashes(self) -> dict[str, str]:
        """source key -> sha256 of the file's bytes, for every stored record."""

    @abstractmethod
    def record(self, source: str) -> PlanRecord | None:
        """The stored record of a source, with its text when kept."""

    def clear(self) -> None:
        self.replace([], removals=list(self.source_hashes()))

    # -- health -------------------------------------------------------
    @abstractmethod
    def ping(self) -> None:
        """Raise if the store cannot be reached."""

    def stats(self) -> dict[str, Any]:
        """{"backend", "sources", "nodes": {kind: n}, "edges": {type: n}}."""
        g = self.whole_graph()
        nodes: dict[str, int] = {k: 0 for k in R.node_kinds()}
        for _, d in g.nodes(data=True):
            nodes[d.get("kind", "?")] = nodes.get(d.get("kind", "?"), 0) + 1
        edges: dict[str, int] = {k: 0 for k in R.edge_types()}
        for _, _, d in g.edges(data=True):
            edges[d.get("type", "?")] = edges.get(d.get("type", "?"), 0) + 1
        return {"backend": self.backend, "sources": len(self.source_hashes()), "nodes": nodes, "edges": edges}

    def close(self) -> None:  # noqa: B027 - optional hook: backends without a connection keep this no-op
        return None

    # -- the graph, whole or in part -----------------------------------
    @abstractmethod
    def whole_graph(self) -> nx.MultiDiGraph:
        """The whole graph as :func:`vanban.graph.build.build_graph` made it (do not mutate)."""

    def node_graph(self, nid: str) -> nx.MultiDiGraph:
        """A graph holding node `nid` (when it exists)."""
        return self.whole_graph()

    def ref_graph(self, ref: str) -> nx.MultiDiGraph:
        """A graph on which ``queries.resolve_ref(g, ref)`` gives the whole graph's answer."""
        return self.whole_graph()

    def trace_graph(self, nid: str) -> nx.MultiDiGraph:
        """What trace reads: every document reachable from `nid` by the relations trace
        climbs, their document links, and what replaced them."""
        return self.whole_graph()

    def implementers_graph(self, nid: str) -> nx.MultiDiGraph:
        """What implementers reads: everything that climbs to `nid`, and the place hierarchy
        under their issuers."""
        return self.whole_graph()

    def neighbourhood_graph(self, center: str, depth: int) -> nx.MultiDiGraph:
        """The nodes within `depth` hops of `center` (either direction) and the edges among them."""
        return self.whole_graph()

    def document_graph(self, nid: str) -> nx.MultiDiGraph:
        """A document, its neighbours, and the reporting lines its plan sets (with via bodies)."""
        return self.whole_graph()

    # -- queries (same JSON shapes as the CLI's --json) ----------------
    def node(self, nid: str) -> dict[str, Any] | None:
        g = self.node_graph(nid)
        return Q.node_view(g, nid) if nid in g else None

    def resolve_ref(self, ref: str) -> list[str]:
        """Document ids named by a node id, a loaded file path/basename or a code."""
        return Q.resolve_ref(self.ref_graph(ref), ref)

    def loaded_plans(self) -> list[str]:
        return Q.loaded_plans(self.whole_graph())

    def trace(self, nid: str) -> dict[str, Any]:
        return Q.trace(self.trace_graph(nid), nid)

    def check(self, rules: list[Rule]) -> dict[str, Any]:
        return Q.check(self.whole_graph(), rules)

    def implementers(self, nid: str, province: str | None = None, as_of: str | None = None,
                     fold_old: bool = False) -> dict[str, Any]:
        return Q.implementers(self.implementers_graph(nid), nid, province=province, as_of=as_of,
                              fold_old=fold_old)

    def body_links(self, nid: str) -> dict[str, Any]:
        """The unit of a body (an issuer, or a document's issuer) and its old/new bodies (SUCCEEDED_BY)."""
        body = Q.body_of(self.node_graph(nid), nid)
        return Q.body_links(self.neighbourhood_graph(body, 1) if body else self.node_graph(nid), nid)

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        g = self.whole_graph()
        cached = getattr(self, "_search_cache", None)
        if cached is None or cached[0] is not g:      # the index of this very graph
            cached = self._search_cache = (g, Q.search_index(g))
        return Q.search(g, text, limit, index=cached[1])

    def deadlines(self, unit: str | None = None) -> dict[str, Any]:
        return Q.deadlines(self.whole_graph(), unit)

    def subgraph(self, center: str | None = None, depth: int = 1, cap: int = 300, *, year: int | None = None,
                 place: str | None = None, level: str | None = None,
                 kinds: Iterable[str] | None = None) -> dict[str, Any]:
        bad = depth < 0 or cap < 1 or bool(kinds and set(kinds) - set(R.node_kinds()))
        if center is None:
            g = self.whole_graph()
        elif bad:
            g = nx.MultiDiGraph()        # the pure function refuses the arguments before any look-up
        else:
            g = self.neighbourhood_graph(center, depth)
        return Q.subgraph(g, center, depth, cap, year=year, place=place, level=level, kinds=kinds)

    def documents(self, **filters: Any) -> dict[str, Any]:
        return Q.documents(self.whole_graph(), **filters)

    def document(self, nid: str) -> dict[str, Any]:
        return Q.document_detail(self.document_graph(nid), nid)

    def export(self, fmt: str) -> str:
        return Q.export(self.whole_graph(), fmt)


def resolve_one(store: GraphStore, ref: str) -> str:
    """The one document id `ref` names: NotFound when none, Ambiguous (with the
    candidates) when several. An upload's bare file name names it too."""
    from .queries import CHAIN_KEYS, Ambiguous

    ids = store.resolve_ref(ref)
    if not ids and not ref.startswith("upload:"):
        from vanban.ingest import safe_name  # uploads are keyed "upload:<name>"
        ids = store.resolve_ref("upload:" + safe_name(ref))
    if not ids:
        raise NotFound(f"no document matches '{ref}'", message_vi=f"Không tìm thấy văn bản '{ref}'")
    if len(ids) > 1:
        cands = []
        for i in ids:
            n = store.node(i) or {"id": i}
            cands.append({k: n.get(k) for k in CHAIN_KEYS} | {"title": n.get("title")})
        raise Ambiguous(ref, cands)
    return ids[0]


def home_dir(home: str | os.PathLike | None = None) -> Path:
    return Path(home or os.environ.get(ENV_HOME) or ".vanban")


# ---------------------------------------------------------------- backends
BACKENDS: dict[str, Callable[[Path], GraphStore]] = {}


def register_backend(name: str, opener: Callable[[Path], GraphStore]) -> None:
    """A backend `opener(home)`: one registry for open_store, the CLI's --backend and the API."""
    BACKENDS[name] = opener


def backend_names() -> list[str]:
    return list(BACKENDS)


def _open_networkx(home: Path) -> GraphStore:
    from .nxstore import NetworkxStore
    return NetworkxStore(home)


def _open_neo4j(home: Path) -> GraphStore:
    from .neo4jstore import (
        Neo4jStore,  # optional backend: its driver loads only when used
    )
    return Neo4jStore.from_env()


register_backend("networkx", _open_networkx)
register_backend("neo4j", _open_neo4j)


def open_store(backend: str | None = None, home: str | os.PathLike | None = None) -> GraphStore:
    """The configured store: `backend` or $VANBAN_BACKEND (default networkx)."""
    name = backend or os.environ.get(ENV_BACKEND) or "networkx"
    opener = BACKENDS.get(name)
    if opener is None:
        raise BadRequest(f"unknown backend '{name}' (choose from {', '.join(BACKENDS)})",
                         message_vi=f"Không có backend '{name}'")
    return opener(home_dir(home))
