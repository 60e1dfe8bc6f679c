"""`GET /viz`: the viewer page, served by the API (``vanban serve``).

Same page as ``vanban viz -o``, but "online": the page calls the API on the
same origin for expansion (``/subgraph``), traces (``/trace``), details
(``/documents/{id}``), the violations of nodes added later (``/check``), the
coverage panel (``/viz/coverage``, with the provinces of a day from ``/viz/provinces``)
and a body's old and new bodies (``/viz/body``).

When reads need the token (``VANBAN_API_READ_TOKEN_REQUIRED=1``), a browser
cannot send it with a page load: ``/viz`` without it answers 401 with a page
that holds no data and asks for the token once; the page keeps it in memory and
sends it as ``Authorization: Bearer`` with every request, the view itself
coming from ``/viz/data``.
"""
from __future__ import annotations

import secrets
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from vanban.api.deps import AuthRequired, BadToken, PublicStore, ReadStore, _check_token
from vanban.api.errors import ApiError
from vanban.api.routers._common import MAX_TEXT, resolve_node

from .coverage import coverage_rows, provinces
from .page import DEFAULT_CAP, build_view, view_payload
from .render import content_security_policy, token_page

router = APIRouter(tags=["viewer"])

Kind = Literal["plan", "directive", "issuer", "unit"]
Level = Literal["central", "province", "district", "commune"]


def _day_query(description: str) -> Any:
    # format: date tells clients (and the schema tests) that only real calendar days are valid
    return Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description=description, json_schema_extra={"format": "date"})


def _day(value: str | None, name: str = "as_of") -> str | None:
    """A real calendar day: the pattern lets 2025-02-30 through; refused like any invalid parameter (422).
    Not a ``date`` parameter: pydantic would read "0" as 1970-01-01."""
    if value is None:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, "invalid_request", f"query.{name}: not a calendar day: {value}",
                       f"Tham số không hợp lệ: {name}",
                       errors=[{"loc": ["query", name], "msg": "not a calendar day", "type": "value_error"}]) from None
    return value


def _headers(nonce: str, base: str) -> dict[str, str]:
    return {"Content-Security-Policy": content_security_policy(nonce, base), "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


@router.get("/viz", response_class=HTMLResponse,
            summary="The interactive viewer (HTML): levels as rows, violations marked, click for details, "
                    "double-click to expand")
async def viz(request: Request, store: PublicStore,       # file names, never server paths
              focus: str | None = Query(None, min_length=1, max_length=MAX_TEXT,
                                           description="node id, loaded file name or code to centre on"),
              depth: int = Query(2, ge=0, le=6),
              cap: int = Query(DEFAULT_CAP, ge=1, le=5000, description="at most this many nodes at first"),
              year: int | None = Query(None, ge=1900, le=2200),
              place: str | None = Query(None, max_length=MAX_TEXT),
              level: Level | None = None,
              kind: list[Kind] = Query(default=[], description="node kinds to keep; repeatable")) -> HTMLResponse:
    base = request.scope.get("root_path") or ""
    nonce = secrets.token_urlsafe(18)
    settings = request.app.state.settings
    if settings.read_token_required:
        try:
            _check_token(request, settings, "reads")
        except (AuthRequired, BadToken):
            # 401 with a page holding no data: it asks for the token, then reads /viz/data with it.
            return HTMLResponse(token_page(api_base=base, nonce=nonce), status_code=401,
                                headers={**_headers(nonce, base), "WWW-Authenticate": "Bearer"})
    if focus is not None:     # the API's one rule for references
        focus = await run_in_threadpool(resolve_node, store, focus)
    html, _ = await run_in_threadpool(
        build_view, store, focus=focus, depth=depth, cap=cap, year=year, place=place or None,
        level=level, kinds=kind or None, api_base=base, nonce=nonce)
    return HTMLResponse(html, headers=_headers(nonce, base))


@router.get("/viz/data", summary="The viewer's data for a view (what /viz embeds), as JSON")
async def viz_data(request: Request, store: ReadStore,
                   focus: str | None = Query(None, min_length=1, max_length=MAX_TEXT),
                   depth: int = Query(2, ge=0, le=6),
                   cap: int = Query(DEFAULT_CAP, ge=1, le=5000),
                   year: int | None = Query(None, ge=1900, le=2200),
                   place: str | None = Query(None, max_length=MAX_TEXT),
                   level: Level | None = None,
                   kind: list[Kind] = Query(default=[])) -> dict[str, Any]:
    base = request.scope.get("root_path") or ""
    if focus is not None:
        focus = await run_in_threadpool(resolve_node, store, focus)
    payload, _ = await run_in_threadpool(
        view_payload, store, focus=focus, depth=depth, cap=cap, year=year, place=place or None,
        level=level, kinds=kind or None, api_base=base)
    return payload


@router.get("/viz/coverage", summary="The coverage panel of a document: bodies below it with and without a plan "
                                     "implementing it")
async def viz_coverage(store: ReadStore, ref: str = Query(..., min_length=1, max_length=MAX_TEXT,
                                                          description="node id, loaded file name or code"),
                       province: str | None = Query(None, min_length=1, max_length=MAX_TEXT),
                       as_of: str | None = _day_query("day YYYY-MM-DD the units are taken on"),
                       fold_old: bool = False) -> dict[str, Any]:
    day = _day(as_of)

    def run() -> dict[str, Any]:
        return coverage_rows(store, resolve_node(store, ref), province=province, as_of=day, fold_old=fold_old)
    return await run_in_threadpool(run)


@router.get("/viz/provinces", summary="The provinces that existed on a day (the coverage panel's province list)")
async def viz_provinces(store: ReadStore,            # reads need the token when the server asks for it
                        as_of: str | None = _day_query("day YYYY-MM-DD (default: today)")) -> dict[str, Any]:
    return provinces(_day(as_of) or date.today().isoformat())


@router.get("/viz/body", summary="A body's unit and validity, and the bodies before and after it (SUCCEEDED_BY)")
async def viz_body(store: ReadStore, ref: str = Query(..., min_length=1, max_length=MAX_TEXT,
                                                      description="node id of an issuer or a document")
                   ) -> dict[str, Any]:
    def run() -> dict[str, Any]:
        return store.body_links(resolve_node(store, ref))
    return await run_in_threadpool(run)
