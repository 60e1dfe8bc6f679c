"""`GET /viz`: the viewer page, served by the API (``vanban serve``).

Same page as ``vanban viz -o``, but "online": the page calls the API on the
same origin for expansion (``/subgraph``), traces (``/trace``), details
(``/documents/{id}``) and the violations of nodes added later (``/check``).
"""
from __future__ import annotations

import secrets
from typing import Literal, Optional

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from vanban.api.deps import PublicStore
from vanban.api.routers._common import MAX_TEXT, resolve_node

from .page import DEFAULT_CAP, build_view
from .render import content_security_policy

router = APIRouter(tags=["viewer"])

Kind = Literal["plan", "directive", "issuer", "unit"]
Level = Literal["central", "province", "district", "commune"]


@router.get("/viz", response_class=HTMLResponse,
            summary="The interactive viewer (HTML): levels as rows, violations marked, click for details, "
                    "double-click to expand")
async def viz(request: Request, store: PublicStore,       # file names, never server paths
              focus: Optional[str] = Query(None, min_length=1, max_length=MAX_TEXT,
                                           description="node id, loaded file name or code to centre on"),
              depth: int = Query(2, ge=0, le=6),
              cap: int = Query(DEFAULT_CAP, ge=1, le=5000, description="at most this many nodes at first"),
              year: Optional[int] = Query(None, ge=1900, le=2200),
              place: Optional[str] = Query(None, max_length=MAX_TEXT),
              level: Optional[Level] = None,
              kind: list[Kind] = Query(default=[], description="node kinds to keep; repeatable")) -> HTMLResponse:
    base = request.scope.get("root_path") or ""
    nonce = secrets.token_urlsafe(18)
    if focus is not None:     # the API's one rule for references
        focus = await run_in_threadpool(resolve_node, store, focus)
    html, _ = await run_in_threadpool(
        build_view, store, focus=focus, depth=depth, cap=cap, year=year, place=place or None,
        level=level, kinds=kind or None, api_base=base, nonce=nonce)
    return HTMLResponse(html, headers={
        "Content-Security-Policy": content_security_policy(nonce, base),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    })
