"""One rule for what a reference names when a plan is taken out of the store.

A reference names a **document**: its node id, a code (``3/KH-UBND``), the
base name of a file it was loaded from (``kh-3.txt``) or an upload's name.
Removing a document removes every file it was loaded from: the same plan
loaded from two copies is one node, and "remove this plan" means all of it.

The CLI (``vanban remove``) also takes what is on the user's own disk
(``local_paths=True``): a stored source key as it is, a file path (that one
file only, e.g. a copy the user deleted) or a folder (every stored file under
it). The API never does: a remote client's ref is never looked up as a server
path or folder (that would let it probe the server's file system), and a ref
written as a path is refused as naming nothing.

The files of a document are read from the document node itself (its
``sources``, or ``source`` for a plan without copies), in one look-up, rather
than by resolving every stored file back to its node.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from vanban.formats import PLAN_SUFFIXES
from vanban.graph.store import GraphStore, resolve_one
from vanban.models import NotFound

_PLAN_SUFFIXES = frozenset(PLAN_SUFFIXES)
_WIN_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass(frozen=True)
class Removal:
    """What one reference takes out: the document it names (None when the CLI was
    given a file or folder, which names files, not a document) and the stored
    source keys of the records to drop."""

    ref: str
    document: str | None
    sources: list[str] = field(default_factory=list)


def is_path_ref(ref: str) -> bool:
    """True when `ref` is written as a file-system path rather than a name: absolute
    (``/srv/x``, ``C:\\x``, ``~/x``), with a ``..`` part, or folders followed by a
    plan file (``tinh/kh-10.txt``). Codes (``33/CT-TTg``), node ids
    (``doc:3_kh-ubnd:...``), file names and ``upload:<name>`` are not paths.

    >>> [is_path_ref(r) for r in ("/srv/plans", "tinh/kh-10.txt", "kh-10.txt", "33/CT-TTg", "upload:a.txt")]
    [True, True, False, False, False]
    """
    if ref.startswith(("/", "\\", "~")) or _WIN_DRIVE.match(ref):
        return True
    parts = re.split(r"[\\/]", ref)
    if ".." in parts:
        return True
    return len(parts) > 1 and PurePosixPath(parts[-1]).suffix.lower() in _PLAN_SUFFIXES


def document_sources(store: GraphStore, nid: str) -> list[str]:
    """Every stored source key whose record made document `nid` a loaded plan (all its
    copies), sorted; [] for a document that is only cited. Read from the node's own
    attributes (one look-up whatever the store's size)."""
    seam = getattr(store, "document_sources", None)    # a backend that answers it itself
    srcs = seam(nid) if callable(seam) else _node_sources(store, nid)
    if srcs is None:
        return _sources_by_resolving(store, nid)
    known = store.source_hashes()
    return sorted({s for s in srcs if s in known})


def _node_sources(store: GraphStore, nid: str) -> list[str] | None:
    """The node's `sources` (or its one `source`) as the graph build recorded them
    (graph/build.py); None when the backend gives no direct way to read them."""
    backend = getattr(store, "backend", None)
    try:
        if backend == "networkx":
            g = store.graph
            if nid not in g:
                return []
            attrs = g.nodes[nid]
            return list(attrs.get("sources") or ([attrs["source"]] if attrs.get("source") else []))
        if backend == "neo4j":
            # `srcs` is the node's `sources` (or [source]), indexed for resolve_ref.
            rows = store._read("MATCH (d:Document {id: $id}) RETURN d.srcs AS srcs", id=nid)
            return [s for r in rows for s in (r["srcs"] or [])]
    except AttributeError:          # a backend refactored under us: the generic way still works
        return None
    return None


def _sources_by_resolving(store: GraphStore, nid: str) -> list[str]:
    """The generic fallback: every stored key that resolves to `nid` (one query per file)."""
    return sorted(k for k in store.source_hashes() if store.resolve_ref(k) == [nid])


def _local_files(store: GraphStore, ref: str) -> list[str] | None:
    """CLI only: the stored keys `ref` names on the user's disk (a stored key, a file, a
    folder), or None when it names none of those."""
    from vanban.ingest import source_key

    known = store.source_hashes()
    if ref in known:
        return [ref]
    p = Path(ref)
    key = source_key(p)
    if key in known:
        return [key]
    if p.is_dir():
        prefix = key.rstrip(os.sep) + os.sep
        under = sorted(k for k in known if k.startswith(prefix))
        if not under:
            raise NotFound(f"no loaded file under '{ref}'", message_vi=f"Không có tệp nào đã nạp trong '{ref}'")
        return under
    return None


def resolve_remote(store: Any, ref: str) -> str:
    """The one document a remote client's `ref` names (the API's rule for every
    endpoint): like :func:`vanban.graph.store.resolve_one`, but a ref written as a
    path names nothing, with the same answer whether or not such a file is loaded,
    so that no client learns where plans lie on the server."""
    if is_path_ref(ref):
        raise NotFound(f"no document matches '{ref}': name a plan by its id, code or file name, not a path",
                       message_vi=f"Không tìm thấy văn bản '{ref}': hãy dùng id, số hiệu hoặc tên tệp, "
                                  f"không dùng đường dẫn")
    return resolve_one(store, ref)


def removal_for(store: Any, ref: str, *, local_paths: bool = False) -> Removal:
    """What `ref` takes out of `store` (see the module's rule). `store` may be a wrapper
    of the store (the API's PublicReads) so that errors show what the caller may see.

    Raises NotFound when `ref` names nothing, names a document that is only cited (no
    file to remove) or, without `local_paths`, is written as a path; Ambiguous (with
    candidates) when a name or code names several documents."""
    if local_paths:
        files = _local_files(store, ref)
        if files is not None:
            return Removal(ref, None, files)
    nid = resolve_one(store, ref) if local_paths else resolve_remote(store, ref)
    keys = document_sources(store, nid)
    if not keys:
        raise NotFound(f"'{ref}' is only cited, not loaded: there is no file to remove",
                       message_vi=f"'{ref}' chỉ được viện dẫn, chưa được nạp: không có tệp nào để bỏ",
                       code="not_loaded")
    return Removal(ref, nid, keys)


def removals_for(store: Any, refs: Iterable[str], *, local_paths: bool = False) -> list[Removal]:
    """`removal_for` of every ref: all resolve before anything is written, so one bad
    ref removes nothing."""
    return [removal_for(store, r, local_paths=local_paths) for r in refs]


def source_keys(removals: Iterable[Removal]) -> list[str]:
    """The source keys of `removals`, each once, in order."""
    return list(dict.fromkeys(k for r in removals for k in r.sources))
