"""The viewer page for a store: what `vanban viz` writes and `GET /viz` serves."""
from __future__ import annotations

import time
from typing import Any, Iterable

from vanban.graph import schema as S
from vanban.graph.queries import Ambiguous
from vanban.graph.store import GraphStore
from vanban.models import NotFound, VanbanError

from .render import render_html

DEFAULT_CAP = 300          # "show at most ~300 nodes at first"
MAX_CAP = 20000
OFFLINE_TRACES = 3000      # plans whose trace an offline file carries...
OFFLINE_TRACE_SECONDS = 10.0   # ...computed within this time (a Neo4j store answers one query at a time)


def resolve_focus(store: GraphStore, ref: str) -> str:
    """A node id for `ref`: a node id (any kind), a loaded file path/basename or a code."""
    if store.node(ref) is not None:
        return ref
    ids = store.resolve_ref(ref)
    if not ids:
        raise NotFound(f"no document matches '{ref}'", message_vi=f"Không tìm thấy văn bản '{ref}'")
    if len(ids) > 1:
        raise Ambiguous(ref, [store.node(i) or {"id": i} for i in ids])
    return ids[0]


def build_view(store: GraphStore, *, focus: str | None = None, depth: int = 2, cap: int = DEFAULT_CAP,
               year: int | None = None, place: str | None = None, level: str | None = None,
               kinds: Iterable[str] | None = None, api_base: str | None = None, rules: list | None = None,
               title: str | None = None, nonce: str | None = None) -> tuple[str, dict[str, Any]]:
    """(html, info) for the view; ``info`` says what it holds (for the CLI's message)."""
    from vanban.graph.rules import load_rules

    center = resolve_focus(store, focus) if focus else None
    view = store.subgraph(center, depth, cap, year=year, place=place, level=level, kinds=kinds)
    center_node = store.node(center) if center else None
    is_doc = bool(center_node and center_node.get("kind") in S.DOCUMENT_KINDS)

    trace = None
    if is_doc:
        try:
            trace = store.trace(center)
        except VanbanError:
            trace = None
    if trace:  # the chain is always on the picture, even beyond `depth`
        have = {n["id"] for n in view["nodes"]}
        for c in trace.get("chain") or []:
            if c["id"] not in have:
                n = store.node(c["id"])
                if n:
                    view["nodes"].append(n)
                    have.add(c["id"])

    violations = store.check(rules if rules is not None else load_rules())
    traces: dict[str, dict[str, Any]] | None = None
    missing_traces = 0
    if api_base is None:  # offline: the "Truy vết" action reads precomputed traces
        traces = {}
        plans = [n["id"] for n in view["nodes"] if n.get("kind") in S.DOCUMENT_KINDS and n.get("source")]
        if center in plans:          # the focus first
            plans.remove(center)
            plans.insert(0, center)
        t0 = time.monotonic()
        for nid in plans[:OFFLINE_TRACES]:
            if time.monotonic() - t0 > OFFLINE_TRACE_SECONDS:
                break
            try:
                traces[nid] = store.trace(nid)
            except VanbanError:
                continue
        missing_traces = len(plans) - len(traces)
    if title is None:
        if center_node:
            name = center_node.get("code") or center_node.get("name") or center_node.get("title") or center
            title = f"Mạng trích dẫn quanh {name}"
        else:
            title = "Toàn cảnh mạng trích dẫn"
        bits = [f"năm {year}" if year else "", place or "", S.LEVEL_VI.get(level or "", "")]
        bits = [b for b in bits if b]
        if bits:
            title += " (" + ", ".join(bits) + ")"
    html = render_html(view, title=title, api_base=api_base, focus=center, violations=violations, trace=trace,
                       traces=traces, nonce=nonce)
    shown = {n["id"] for n in view["nodes"]}
    info = {"nodes": len(view["nodes"]), "edges": len(view["edges"]), "total_nodes": view.get("total_nodes"),
            "traces_left_out": missing_traces,
            "truncated": bool(view.get("truncated")), "center": center,
            "violations": sum(1 for v in violations.get("violations", [])
                              if (v.get("document") or {}).get("id") in shown)}
    return html, info
