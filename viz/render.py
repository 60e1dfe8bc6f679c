"""One self-contained, offline, safe HTML page for a graph view.

The page is our own template (``templates/page.html``), not pyvis's: pyvis
links Bootstrap from a CDN even "in line" (pyvis #229), fetches vis-network
in "local" mode (#228), inserts its heading raw and switches to an innerHTML
popup when a title contains "href". We only take from pyvis the copy of
vis-network it ships, and inline it, with our CSS and script.

Safety: every piece of document text reaches the page as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&`` and U+2028/9
escaped, and the script puts it in the DOM with ``textContent`` only (or draws
it on the canvas). A Content-Security-Policy with a fresh nonce allows no
script but ours, no inline event handler and no request to another host.

Scale: node and edge lists are built directly (no pyvis ``add_edge``), positions
are precomputed (:mod:`vanban.viz.layout`) and physics is off.
"""
from __future__ import annotations

import html
import json
import os
import re
import secrets
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from vanban.graph import registry as R
from vanban.graph import schema as S

from .layout import layout

HERE = Path(__file__).resolve().parent
EXPAND_CAP = 100
SENTENCE_MAX = 600   # characters of evidence kept per edge (the API gives the rest)
_SLOT = re.compile(r"\{\{(\w+)\}\}")
_KIND_VI = {S.PLAN: "Kế hoạch", S.DIRECTIVE: "Văn bản chỉ đạo", S.ISSUER: "Cơ quan ban hành", S.UNIT: "Đơn vị"}


# ---------------------------------------------------------------- assets
@cache
def vis_assets() -> tuple[str, str]:
    """(vis-network.min.js, vis-network.css) from the copy shipped inside pyvis."""
    lib = resources.files("pyvis") / "templates" / "lib"
    dirs = sorted((d for d in lib.iterdir() if d.name.startswith("vis-") and (d / "vis-network.min.js").is_file()),
                  key=lambda d: tuple(int(p) for p in re.findall(r"\d+", d.name)))
    if not dirs:  # pragma: no cover - depends on the installed pyvis
        raise RuntimeError("vis-network not found inside the pyvis package (templates/lib/vis-*/)")
    d = dirs[-1]
    return (d / "vis-network.min.js").read_text("utf-8"), (d / "vis-network.css").read_text("utf-8")


@cache
def _asset(rel: str) -> str:
    return (HERE / rel).read_text("utf-8")


def _safe_script(js: str) -> str:
    """JavaScript that can sit inside <script>...</script> (no end tag, no comment opener)."""
    return re.sub(r"<(/script|!--)", r"<\\\1", js, flags=re.I)


def _safe_style(css: str) -> str:
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.I)


# ---------------------------------------------------------------- escaping
_JSON_ESC = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESC_RE = re.compile("[<>&\u2028\u2029]")


def json_for_script(data: Any) -> str:
    """JSON safe to embed in ``<script type="application/json">``: no ``<``, ``>``
    or ``&`` can close the element or open a comment, and no raw U+2028/2029."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESC_RE.sub(lambda m: _JSON_ESC[m.group(0)], text)


def esc(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


# ---------------------------------------------------------------- labels
def _short(s: str, n: int) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


# Short names of document types, as inspectors write them before a number ("KH 8/KH-UBND").
TYPE_ABBR = {"kế hoạch": "KH", "chỉ thị": "CT", "quyết định": "QĐ", "nghị quyết": "NQ", "công văn": "CV",
             "kết luận": "KL", "hướng dẫn": "HD", "thông báo": "TB", "thông tư": "TT", "nghị định": "NĐ",
             "luật": "Luật", "quy định": "QĐi", "quy chế": "QC", "chương trình": "CTr", "báo cáo": "BC",
             "đề án": "ĐA", "thông tri": "TTr", "văn bản": "VB"}
LABEL_SEP = " · "    # the page draws a label on two lines, split here


def _where(n: dict[str, Any]) -> str:
    """Who issued a document, briefly: its place ("xã Vĩnh Tùng") or else its issuer."""
    place = (n.get("place") or "").split(",")[0].strip()
    return _short(place or n.get("issuer") or "", 26)


def display_label(n: dict[str, Any]) -> str:
    """What the canvas writes beside a node: who and what, never the title
    ("KH 8/KH-UBND · xã Vĩnh Tùng"). Drawn as text, never parsed."""
    if n.get("kind") in S.DOCUMENT_KINDS:
        abbr = TYPE_ABBR.get(" ".join(str(n.get("type") or "").lower().split()), "")
        code = n.get("code") or "(không số)"
        head = f"{abbr} {code}" if abbr else code
        where = _where(n)
        return head + (LABEL_SEP + where if where else "")
    return _short(n.get("name") or n.get("label") or n.get("id") or "", 30)


def shown_sources(paths: list[str]) -> dict[str, str]:
    """Each loaded file's path as the page shows it: relative to the folder the
    files share (the loaded folder), never the server's absolute path."""
    absolute = [p for p in paths if p and os.path.isabs(p)]
    base = ""
    if absolute:
        try:
            base = os.path.commonpath([os.path.dirname(p) for p in absolute])
        except ValueError:      # pragma: no cover - paths on different drives (Windows)
            base = ""
    out = {}
    for p in paths:
        if not p:
            continue
        if os.path.isabs(p):
            rel = os.path.relpath(p, base) if base else os.path.basename(p)
            out[p] = rel if not rel.startswith("..") else os.path.basename(p)
        else:
            out[p] = p
    return out


# ---------------------------------------------------------------- payload
NODE_KEYS = ("id", "kind", "code", "type", "date", "year", "issuer", "level", "place", "central", "title",
             "source", "name", "unit")


_ABS_PATH = re.compile(r"(?<![\w.])/(?:[^\s/()'\"]+/)+([^\s/()'\"]+)")


def strip_paths(text: Any) -> Any:
    """A message with every absolute path cut to its file name (the page never
    shows where the server keeps its files)."""
    return _ABS_PATH.sub(r"\1", text) if isinstance(text, str) else text


def _violations_by_node(violations: Any, keep: set[str]) -> dict[str, list[dict[str, Any]]]:
    items = violations.get("violations", []) if isinstance(violations, dict) else (violations or [])
    out: dict[str, list[dict[str, Any]]] = {}
    for v in items:
        nid = (v.get("document") or {}).get("id")
        if nid in keep:
            out.setdefault(nid, []).append({"rule": v.get("rule"), "severity": v.get("severity"),
                                            "message": strip_paths(v.get("message")),
                                            "missing": list(v.get("missing") or [])})
    return out


def _compact_trace(t: dict[str, Any]) -> dict[str, Any]:
    """An offline trace: chain ids and gaps (chain details come from the nodes)."""
    return {"chain": [c["id"] for c in t.get("chain") or []], "gaps": [strip_paths(g) for g in t.get("gaps") or []],
            "central": [c.get("code") or c.get("id") for c in t.get("central") or []]}


def _trace_view(t: dict[str, Any] | None) -> dict[str, Any] | None:
    if not t:
        return None
    return {"id": (t.get("document") or {}).get("id") or (t.get("chain") or [{}])[0].get("id"),
            "chain": [dict((k, c.get(k)) for k in ("id", "code", "type", "date", "issuer", "level")) for c in
                      t.get("chain") or []],
            "central": [dict((k, c.get(k)) for k in ("id", "code", "title", "basis")) for c in t.get("central") or []],
            "gaps": [strip_paths(g) for g in t.get("gaps") or []]}


def _trace_nodes(traces: dict[str, dict[str, Any]] | None, keep: set[str]) -> dict[str, dict[str, Any]]:
    """Chain elements of offline traces that are not nodes of the view."""
    out: dict[str, dict[str, Any]] = {}
    for t in (traces or {}).values():
        for c in t.get("chain") or []:
            if c["id"] not in keep and c["id"] not in out:
                out[c["id"]] = {k: c.get(k) for k in ("id", "code", "issuer", "level") if c.get(k) is not None}
    return out


def build_payload(view: dict[str, Any], *, title: str, api_base: str | None = None, focus: str | None = None,
                  violations: Any = None, trace: dict[str, Any] | None = None,
                  traces: dict[str, dict[str, Any]] | None = None,
                  coverage: dict[str, Any] | None = None, bodies: dict[str, Any] | None = None) -> dict[str, Any]:
    nodes_in = view.get("nodes") or []
    edges_in = view.get("edges") or []
    lay = layout(nodes_in, edges_in)
    pos = lay["pos"]
    nodes = _payload_nodes(nodes_in, pos)
    index = {n["id"]: i for i, n in enumerate(nodes_in)}
    keep = set(index)
    edges, types, sentences = _compact_edges(edges_in, index)
    xs = [p[0] for p in pos.values()] or [0]
    return {
        "title": title,
        "api": api_base,
        "focus": focus,
        "center": view.get("center"),
        "total_nodes": view.get("total_nodes", len(nodes)),
        "truncated": bool(view.get("truncated")),
        "nodes": nodes,
        "edges": edges,
        "edge_types": list(types),
        # relation labels, styles and roles, node kind labels: see vanban/graph/registry.py
        **R.payload(),
        "type_abbr": TYPE_ABBR,
        "coverage": coverage or {},
        "bodies": (bodies or {}).get("bodies") or {},
        "body_of": (bodies or {}).get("body_of") or {},
        "violations": _violations_by_node(violations, keep),
        "sentences": sentences,
        "trace": _trace_view(trace),
        "traces": {k: _compact_trace(v) for k, v in (traces or {}).items() if k in keep},
        "trace_nodes": _trace_nodes(traces, keep),
        "bands": lay["bands"],
        "extent": {"x0": min(xs), "x1": max(xs)},
        "layout": {"spacing": lay["spacing"], "line_h": lay["line_h"]},
        "expand_cap": EXPAND_CAP,
    }


def _payload_nodes(nodes_in: list[dict[str, Any]], pos: dict[str, list[int]]) -> list[dict[str, Any]]:
    """The nodes as the page shows them: NODE_KEYS that are set, the source as shown, the label and position."""
    nodes = []
    sources = shown_sources([n.get("source") or "" for n in nodes_in])
    for n in nodes_in:
        d = {k: n[k] for k in NODE_KEYS if n.get(k) is not None}
        d["id"] = n["id"]
        if d.get("source"):
            d["source"] = sources[d["source"]]
        d["dl"] = display_label(n)
        d["x"], d["y"] = pos[n["id"]]
        nodes.append(d)
    return nodes


def _compact_edges(edges_in: list[dict[str, Any]],
                   index: dict[str, int]) -> tuple[list[list[Any]], dict[str, int], list[str]]:
    """Edges as small arrays: [source index, target index, type index, sentence index or -1,
    derived 0/1, {deadlines, via} when a reporting line has them]. At 20k edges the
    page is half the size it would be with ids and keys repeated on every edge.
    Returns the edges, the edge types (in order of their index) and the sentences."""
    edges: list[list[Any]] = []
    types: dict[str, int] = {}
    sentences: list[str] = []          # each evidence sentence once: a plan's "Căn cứ ..." names many documents
    sentence_no: dict[str, int] = {}
    for e in edges_in:
        a, b = index.get(e["source"]), index.get(e["target"])
        if a is None or b is None:
            continue
        t = types.setdefault(e.get("type") or "?", len(types))
        si = -1
        if e.get("sentence"):
            text = _short(e["sentence"], SENTENCE_MAX)
            si = sentence_no.get(text, -1)
            if si < 0:
                si = sentence_no[text] = len(sentences)
                sentences.append(text)
        row: list[Any] = [a, b, t, si, 1 if e.get("derived") else 0]
        if e.get("deadlines") or e.get("via"):
            row.append({"deadlines": list(e.get("deadlines") or []), "via": e.get("via")})
        edges.append(row)
    return edges, types, sentences


# ---------------------------------------------------------------- page
def content_security_policy(nonce: str, api_base: str | None) -> str:
    connect = "'none'"
    if api_base is not None:
        connect = "'self'"
        parts = urlsplit(api_base)
        if parts.scheme in ("http", "https") and parts.netloc:
            connect += f" {parts.scheme}://{parts.netloc}"
    return ("default-src 'none'; "
            f"script-src 'nonce-{nonce}'; "
            "style-src 'unsafe-inline'; "
            "img-src data: blob:; font-src data:; "
            f"connect-src {connect}; "
            "base-uri 'none'; form-action 'none'; object-src 'none'")


def render_html(view: dict[str, Any], *, title: str, api_base: str | None = None, focus: str | None = None,
                violations: Any = None, trace: dict[str, Any] | None = None,
                traces: dict[str, dict[str, Any]] | None = None, nonce: str | None = None,
                coverage: dict[str, Any] | None = None) -> str:
    """The page for `view` (the shape of ``subgraph``), as one HTML string.

    ``api_base``: None for an offline file (no expansion, traces from
    ``traces``), "" when served by the API on the same origin, or a loopback
    URL. ``violations``: the output of ``check`` (or its list). ``trace``: the
    trace of the focused plan, highlighted at load. ``traces``: plan id ->
    trace, for the offline "Truy vết" action.
    """
    payload = build_payload(view, title=title, api_base=api_base, focus=focus, violations=violations,
                            trace=trace, traces=traces, coverage=coverage)
    return page_html(payload, title=title, summary=summary_line(payload), api_base=api_base, nonce=nonce)


def summary_line(payload: dict[str, Any]) -> str:
    """The header's "N nút, M cạnh (trên tổng T nút)"."""
    n, m = len(payload["nodes"]), len(payload["edges"])
    return f"{n} nút, {m} cạnh" + (f" (trên tổng {payload['total_nodes']} nút)" if payload.get("truncated") else "")


def token_page(*, api_base: str, nonce: str | None = None) -> str:
    """The page for a server whose reads need the token: no data, only a form
    asking for the token; the page then fetches the view from ``/viz/data``
    with it (kept in memory only)."""
    payload = {"token_required": True, "api": api_base, "title": "Mạng trích dẫn", "nodes": [], "edges": []}
    return page_html(payload, title="Mạng trích dẫn", summary="Cần mã truy cập", api_base=api_base, nonce=nonce)


def page_html(payload: dict[str, Any], *, title: str, summary: str, api_base: str | None,
              nonce: str | None = None) -> str:
    nonce = nonce or secrets.token_urlsafe(18)
    vis_js, vis_css = vis_assets()
    slots = {
        "LANG": "vi",
        "CSP": esc(content_security_policy(nonce, api_base)),
        "NONCE": esc(nonce),
        "TITLE": esc(title),
        "SUMMARY": esc(summary),
        "MODE": "trực tuyến" if api_base is not None else "ngoại tuyến",
        "VIS_CSS": _safe_style(vis_css),
        "APP_CSS": _safe_style(_asset("static/viewer.css")),
        "VIS_JS": _safe_script(vis_js),
        "APP_JS": _safe_script(_asset("static/viewer.js")),
        "DATA": json_for_script(payload),
    }
    template = _asset("templates/page.html")
    # One pass: text put into a slot is never scanned for other slots.
    return _SLOT.sub(lambda m_: slots[m_.group(1)], template)

