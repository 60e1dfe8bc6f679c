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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from vanban.models import BadRequest, NotFound, PlanRecord

from .rules import Rule

ENV_BACKEND = "VANBAN_BACKEND"
ENV_HOME = "VANBAN_HOME"
ENV_NEO4J_URI = "NEO4J_URI"
ENV_NEO4J_USER = "NEO4J_USER"
ENV_NEO4J_PASSWORD = "NEO4J_PASSWORD"
BACKENDS = ("networkx", "neo4j")


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
    """What every backend offers. Reads return plain JSON-able data."""

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

    @abstractmethod
    def stats(self) -> dict[str, Any]:
        """{"backend", "sources", "nodes": {kind: n}, "edges": {type: n}}."""

    def close(self) -> None:  # pragma: no cover - trivial
        pass

    # -- queries (same JSON shapes as the CLI's --json) ----------------
    @abstractmethod
    def node(self, nid: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def resolve_ref(self, ref: str) -> list[str]:
        """Document ids named by a node id, a loaded file path/basename or a code."""

    @abstractmethod
    def loaded_plans(self) -> list[str]: ...

    @abstractmethod
    def trace(self, nid: str) -> dict[str, Any]: ...

    @abstractmethod
    def check(self, rules: list[Rule]) -> dict[str, Any]: ...

    @abstractmethod
    def implementers(self, nid: str) -> dict[str, Any]: ...

    @abstractmethod
    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]: ...

    @abstractmethod
    def deadlines(self, unit: str | None = None) -> dict[str, Any]: ...

    @abstractmethod
    def subgraph(self, center: str | None = None, depth: int = 1, cap: int = 300, *, year: int | None = None,
                 place: str | None = None, level: str | None = None,
                 kinds: Iterable[str] | None = None) -> dict[str, Any]: ...

    @abstractmethod
    def documents(self, **filters: Any) -> dict[str, Any]: ...

    @abstractmethod
    def document(self, nid: str) -> dict[str, Any]: ...

    @abstractmethod
    def export(self, fmt: str) -> str: ...


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


def open_store(backend: str | None = None, home: str | os.PathLike | None = None) -> GraphStore:
    """The configured store: `backend` or $VANBAN_BACKEND (default networkx)."""
    name = backend or os.environ.get(ENV_BACKEND) or "networkx"
    if name == "networkx":
        from .nxstore import NetworkxStore
        return NetworkxStore(home_dir(home))
    if name == "neo4j":
        from .neo4jstore import Neo4jStore  # noqa: WPS433 - optional backend
        return Neo4jStore.from_env()
    raise BadRequest(f"unknown backend '{name}' (choose from {', '.join(BACKENDS)})",
                     message_vi=f"Không có backend '{name}'")
