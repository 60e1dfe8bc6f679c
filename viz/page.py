"""The viewer page for a store: what `vanban viz` writes and `GET /viz` serves."""
from __future__ import annotations

import time
from typing import Any, Iterable

from vanban.graph import schema as S
from vanban.graph.queries import Ambiguous
from vanban.graph.store import GraphStore
from vanban.models import NotFound, VanbanError

from .coverage import coverage_rows, eligible
from .render import build_payload, page_html

DEFAULT_CAP = 300          # "show at most ~300 nodes at first"
MAX_CAP = 20000
OFFLINE_TRACES = 3000      # plans whose trace an offline file carries...
OFFLINE_TRACE_SECONDS = 10.0   # ...computed within this time (a Neo4j store answers one query at a time)
OFFLINE_COVERAGE = 8           # documents whose coverage panel an offline file carries
OFFLINE_COVERAGE_SECONDS = 3.0


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


def _matches(n: dict[str, Any], year: int | None, place: str | None, level: str | None,
             kinds: set[str] | None) -> bool:
    from vanban.graph.identity import fold
    if kinds and n.get("kind") not in kinds:
        return False
    if year is not None and n.get("kind") in S.DOCUMENT_KINDS and n.get("year") != year:
        return False
    if level and n.get("level") != level:
        return False
    if place and fold(place) not in fold(n.get("place") or n.get("issuer") or n.get("name") or ""):
        return False
    return True


def focus_view(store: GraphStore, center: str, depth: int = 2, cap: int = DEFAULT_CAP, *,
               year: int | None = None, place: str | None = None, level: str | None = None,
               kinds: Iterable[str] | None = None) -> dict[str, Any]:
    """The picture around one document, as an inspector reads it: its chain up
    to the central directive, the plans implementing it down `depth` levels, the
    documents it cites and its issuer. Not its siblings: two commune plans that
    both cite 33/CT-TTg are not each other's context. Same shape as ``subgraph``.
    A node that is not a document gets the plain ``subgraph`` neighbourhood."""
    node = store.node(center)
    if not node or node.get("kind") not in S.DOCUMENT_KINDS:
        return store.subgraph(center, depth, cap, year=year, place=place, level=level, kinds=kinds)
    kinds = set(kinds) if kinds else None
    try:
        chain = [c["id"] for c in store.trace(center).get("chain") or []]
    except VanbanError:
        chain = [center]
    below: list[tuple[int, str, str, str]] = []
    if depth > 0:
        try:
            imp = store.implementers(center)
        except VanbanError:
            imp = {"groups": []}
        for g in imp.get("groups") or []:
            for p in g.get("plans") or []:
                if p.get("depth", 1) <= depth:
                    below.append((p.get("depth", 1), str(p.get("level") or ""), str(p.get("date") or ""), p["id"]))
    below.sort(key=lambda t: (t[0], S.LEVEL_RANK.get(t[1], 9), t[2], t[3]))
    # One neighbourhood wide enough to hold every chosen node gives the edges between them.
    reach = max(len(chain) - 1, max((t[0] for t in below), default=0), 1)
    around = store.subgraph(center, reach, MAX_CAP)
    by_id = {n["id"]: n for n in around["nodes"]}
    cited, issuer = [], []
    for e in around["edges"]:
        if e["source"] != center:
            continue
        if e["type"] in (S.IMPLEMENTS, S.CITES):
            cited.append(e["target"])
        elif e["type"] == S.ISSUED_BY:
            issuer.append(e["target"])
    order: list[str] = []
    seen: set[str] = set()

    def take(ids: Iterable[str], filtered: bool) -> None:
        for nid in ids:
            if nid in seen:
                continue
            n = by_id.get(nid) or store.node(nid)
            if n is None or (filtered and not _matches(n, year, place, level, kinds)):
                continue
            seen.add(nid)
            by_id.setdefault(nid, n)
            order.append(nid)

    take(chain, False)                      # the focus and its chain, whatever the filters
    if depth > 0:
        take(sorted(cited), True)
        take(issuer, True)
        take([t[3] for t in below], True)
    chosen = order[:cap]
    keep = set(chosen)
    edges = [e for e in around["edges"] if e["source"] in keep and e["target"] in keep]
    return {"center": center, "nodes": [by_id[i] for i in chosen], "edges": edges,
            "truncated": len(order) > len(chosen), "total_nodes": len(order)}


def view_payload(store: GraphStore, *, focus: str | None = None, depth: int = 2, cap: int = DEFAULT_CAP,
                 year: int | None = None, place: str | None = None, level: str | None = None,
                 kinds: Iterable[str] | None = None, api_base: str | None = None, rules: list | None = None,
                 title: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(payload, info): the data of the page (what ``/viz/data`` answers) and what it holds."""
    from vanban.graph.rules import load_rules

    center = resolve_focus(store, focus) if focus else None
    if center:
        view = focus_view(store, center, depth, cap, year=year, place=place, level=level, kinds=kinds)
    else:
        view = store.subgraph(None, depth, cap, year=year, place=place, level=level, kinds=kinds)
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
    coverage: dict[str, Any] = {}
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
        # ... and the coverage panel, for the focus and the central directives / province plans shown.
        wanted = [center] if center and eligible(center_node) else []
        wanted += [n["id"] for n in view["nodes"] if n["id"] != center and eligible(n)
                   and (n.get("central") or n.get("level") == "province")]
        t0 = time.monotonic()
        for nid in wanted[:OFFLINE_COVERAGE]:
            if time.monotonic() - t0 > OFFLINE_COVERAGE_SECONDS:
                break
            try:
                coverage[nid] = coverage_rows(store, nid)
            except VanbanError:
                continue
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
    payload = build_payload(view, title=title, api_base=api_base, focus=center, violations=violations,
                            trace=trace, traces=traces, coverage=coverage)
    shown = {n["id"] for n in view["nodes"]}
    info = {"nodes": len(view["nodes"]), "edges": len(view["edges"]), "total_nodes": view.get("total_nodes"),
            "traces_left_out": missing_traces, "title": title,
            "truncated": bool(view.get("truncated")), "center": center,
            "violations": sum(1 for v in violations.get("violations", [])
                              if (v.get("document") or {}).get("id") in shown)}
    return payload, info


def build_view(store: GraphStore, *, focus: str | None = None, depth: int = 2, cap: int = DEFAULT_CAP,
               year: int | None = None, place: str | None = None, level: str | None = None,
               kinds: Iterable[str] | None = None, api_base: str | None = None, rules: list | None = None,
               title: str | None = None, nonce: str | None = None) -> tuple[str, dict[str, Any]]:
    """(html, info) for the view; ``info`` says what it holds (for the CLI's message)."""
    payload, info = view_payload(store, focus=focus, depth=depth, cap=cap, year=year, place=place, level=level,
                                 kinds=kinds, api_base=api_base, rules=rules, title=title)
    n, m = len(payload["nodes"]), len(payload["edges"])
    summary = f"{n} nút, {m} cạnh" + (f" (trên tổng {payload['total_nodes']} nút)" if payload["truncated"] else "")
    html = page_html(payload, title=info["title"], summary=summary, api_base=api_base, nonce=nonce)
    return html, info
