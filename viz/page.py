"""The viewer page for a store: what `vanban viz` writes and `GET /viz` serves."""
from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from vanban.graph import schema as S
from vanban.graph.queries import Ambiguous, node_matches
from vanban.graph.store import GraphStore
from vanban.models import NotFound, VanbanError

from .coverage import coverage_rows, eligible
from .render import build_payload, page_html, summary_line

DEFAULT_CAP = 300          # "show at most ~300 nodes at first"
MAX_CAP = 20000
OFFLINE_TRACES = 3000      # plans whose trace an offline file carries...
OFFLINE_TRACE_SECONDS = 10.0   # ...computed within this time (a Neo4j store answers one query at a time)
OFFLINE_COVERAGE = 8           # documents whose coverage panel an offline file carries
OFFLINE_COVERAGE_SECONDS = 3.0
OFFLINE_BODIES_SECONDS = 3.0   # issuers whose unit and old/new bodies an offline file carries


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


def _chain_of(store: GraphStore, nid: str) -> list[str]:
    try:
        return [c["id"] for c in store.trace(nid).get("chain") or []]
    except VanbanError:
        return [nid]


def _plans_below(store: GraphStore, nid: str, depth: int) -> list[tuple[int, str]]:
    """(levels down, id) of the plans implementing `nid` down `depth` levels, nearest and highest first."""
    if depth <= 0:
        return []
    try:
        groups = store.implementers(nid).get("groups") or []
    except VanbanError:
        return []
    found = [p for g in groups for p in g.get("plans") or [] if p.get("depth", 1) <= depth]
    found.sort(key=lambda p: (p.get("depth", 1), S.LEVEL_RANK.get(p.get("level") or "", 9), str(p.get("date") or ""),
                              p["id"]))
    return [(p.get("depth", 1), p["id"]) for p in found]


def _direct_links(edges: list[dict[str, Any]], nid: str) -> tuple[list[str], list[str]]:
    """(documents `nid` cites or implements, its issuer)."""
    cited = sorted(e["target"] for e in edges if e["source"] == nid and e["type"] in (S.IMPLEMENTS, S.CITES))
    issuer = [e["target"] for e in edges if e["source"] == nid and e["type"] == S.ISSUED_BY]
    return cited, issuer


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
    chain = _chain_of(store, center)
    below = _plans_below(store, center, depth)
    # One neighbourhood wide enough to hold every chosen node gives the edges between them.
    reach = max(len(chain) - 1, max((d for d, _ in below), default=0), 1)
    around = store.subgraph(center, reach, MAX_CAP)
    by_id = {n["id"]: n for n in around["nodes"]}
    cited, issuer = _direct_links(around["edges"], center)
    order: dict[str, None] = {}             # insertion-ordered set

    def take(ids: Iterable[str], filtered: bool) -> None:
        for nid in ids:
            n = None if nid in order else by_id.get(nid) or store.node(nid)
            if n is not None and not (filtered and not node_matches(n, year, place, level, kinds)):
                by_id[nid] = n
                order[nid] = None

    take(chain, False)                      # the focus and its chain, whatever the filters
    if depth > 0:
        take(cited + issuer + [nid for _, nid in below], True)
    ordered = list(order)
    chosen = ordered[:cap]
    keep = set(chosen)
    edges = [e for e in around["edges"] if e["source"] in keep and e["target"] in keep]
    return {"center": center, "nodes": [by_id[i] for i in chosen], "edges": edges,
            "truncated": len(ordered) > len(chosen), "total_nodes": len(ordered)}


def _add_chain(store: GraphStore, view: dict[str, Any], trace: dict[str, Any] | None) -> None:
    """The focus's chain is always on the picture, even beyond `depth` or the cap."""
    have = {n["id"] for n in view["nodes"]}
    for c in (trace or {}).get("chain") or []:
        n = None if c["id"] in have else store.node(c["id"])
        if n:
            view["nodes"].append(n)
            have.add(c["id"])


def _within(seconds: float, ids: list[str], compute) -> dict[str, Any]:
    """compute(id) for each id, as many as fit in `seconds`; ids it refuses are left out."""
    out: dict[str, Any] = {}
    t0 = time.monotonic()
    for nid in ids:
        if time.monotonic() - t0 > seconds:
            break
        try:
            out[nid] = compute(nid)
        except VanbanError:
            continue
    return out


def _offline_bodies(store: GraphStore, view: dict[str, Any]) -> dict[str, Any]:
    """The details panel's old and new bodies, offline: ``bodies`` (issuer id -> body_links, only
    bodies with a unit or a SUCCEEDED_BY link) and ``body_of`` (document id -> its issuer shown)."""
    issuers = [n["id"] for n in view["nodes"] if n.get("kind") == S.ISSUER]
    found = _within(OFFLINE_BODIES_SECONDS, issuers, store.body_links)
    bodies = {k: v for k, v in found.items()
              if v.get("body") and (v["body"].get("unit") or v["successors"] or v["predecessors"])}
    body_of = {e["source"]: e["target"] for e in view["edges"]
               if e.get("type") == S.ISSUED_BY and e["target"] in bodies}
    return {"bodies": bodies, "body_of": body_of}


def _offline_extras(store: GraphStore, view: dict[str, Any], center: str | None,
                    center_node: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any], int]:
    """An offline file answers without a server: (traces, coverage panels, plans left without a trace)."""
    plans = [n["id"] for n in view["nodes"] if n.get("kind") in S.DOCUMENT_KINDS and n.get("source")]
    if center in plans:          # the focus first
        plans.remove(center)
        plans.insert(0, center)
    traces = _within(OFFLINE_TRACE_SECONDS, plans[:OFFLINE_TRACES], store.trace)
    # The coverage panel, for the focus and the central directives / province plans shown.
    wanted = [center] if center and eligible(center_node) else []
    wanted += [n["id"] for n in view["nodes"] if n["id"] != center and eligible(n)
               and (n.get("central") or n.get("level") == "province")]
    coverage = _within(OFFLINE_COVERAGE_SECONDS, wanted[:OFFLINE_COVERAGE], lambda nid: coverage_rows(store, nid))
    return traces, coverage, len(plans) - len(traces)


def default_title(center: str | None, center_node: dict[str, Any] | None, year: int | None, place: str | None,
                  level: str | None) -> str:
    if center_node:
        name = center_node.get("code") or center_node.get("name") or center_node.get("title") or center
        title = f"Mạng trích dẫn quanh {name}"
    else:
        title = "Toàn cảnh mạng trích dẫn"
    bits = [b for b in (f"năm {year}" if year else "", place or "", S.LEVEL_VI.get(level or "", "")) if b]
    return title + (" (" + ", ".join(bits) + ")" if bits else "")


def view_payload(store: GraphStore, *, focus: str | None = None, depth: int = 2, cap: int = DEFAULT_CAP,
                 year: int | None = None, place: str | None = None, level: str | None = None,
                 kinds: Iterable[str] | None = None, api_base: str | None = None, rules: list | None = None,
                 title: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(payload, info): the data of the page (what ``/viz/data`` answers) and what it holds."""
    from vanban.graph.rules import load_rules

    center = resolve_focus(store, focus) if focus else None
    filters = {"year": year, "place": place, "level": level, "kinds": kinds}
    view = focus_view(store, center, depth, cap, **filters) if center else \
        store.subgraph(None, depth, cap, **filters)
    center_node = store.node(center) if center else None
    trace = None
    if center_node and center_node.get("kind") in S.DOCUMENT_KINDS:
        trace = _within(float("inf"), [center], store.trace).get(center)
        _add_chain(store, view, trace)
    violations = store.check(rules if rules is not None else load_rules())
    traces, coverage, missing_traces = (None, {}, 0) if api_base is not None else \
        _offline_extras(store, view, center, center_node)
    bodies = None if api_base is not None else _offline_bodies(store, view)
    title = title if title is not None else default_title(center, center_node, year, place, level)
    payload = build_payload(view, title=title, api_base=api_base, focus=center, violations=violations,
                            trace=trace, traces=traces, coverage=coverage, bodies=bodies)
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
    html = page_html(payload, title=info["title"], summary=summary_line(payload), api_base=api_base, nonce=nonce)
    return html, info
