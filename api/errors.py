"""Every error the API returns has one JSON shape::

    {"code": "<stable, machine-readable>", "message": "<Vietnamese>", "detail": "<English>"}

plus, for some codes, ``candidates`` (ambiguous references) or ``errors``
(which request fields were invalid). Status codes:

=====  =========================================================================
400    malformed input: bad_request, bad_rules, no_files, duplicate_name
401    auth_required (no bearer token), bad_token (wrong token)
403    writes_disabled (the server has no token configured)
404    not_found (unknown id, reference or route)
405    method_not_allowed (``Allow`` lists the path's methods; ``OPTIONS`` answers 204 with it)
409    ambiguous_ref: a code names several documents; ``candidates`` lists them
413    too_large / too_many_files (file, files per request or request body over the limit)
415    unsupported_type (not a plan file type: vanban/formats.py), unsupported_media_type (not multipart)
422    invalid_request (parameter validation: every invalid parameter), and unreadable
       uploads: empty_file, bad_encoding, scanned_pdf (no text layer), unreadable_file, ...
429    too_many_auth_failures (too many wrong tokens from one address; ``Retry-After``)
500    internal_error (a bug; the request id is in the log)
503    store_unavailable, store_corrupt
=====  =========================================================================
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from vanban.models import BadRequest, NotFound, UnreadableFile, VanbanError

from .public import public_path, public_text

log = logging.getLogger("vanban.api")

# Codes whose status is not implied by their class.
STATUS_BY_CODE = {
    "ambiguous_ref": 409,
    "auth_required": 401,
    "bad_token": 401,
    "writes_disabled": 403,
    "too_large": 413,
    "too_many_files": 413,
    "unsupported_type": 415,
    "unsupported_media_type": 415,
    "too_many_auth_failures": 429,
    "store_unavailable": 503,
    "store_corrupt": 503,
}

HTTP_CODES = {
    400: ("bad_request", "Yêu cầu không hợp lệ"),
    401: ("auth_required", "Cần xác thực"),
    403: ("forbidden", "Không được phép"),
    404: ("not_found", "Không tìm thấy"),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ"),
    406: ("not_acceptable", "Không đáp ứng được định dạng yêu cầu"),
    413: ("too_large", "Yêu cầu quá lớn"),
    415: ("unsupported_media_type", "Kiểu nội dung không được hỗ trợ"),
    422: ("invalid_request", "Dữ liệu gửi lên không hợp lệ"),
    429: ("too_many_requests", "Quá nhiều yêu cầu"),
}


class ApiError(VanbanError):
    """An error raised by the API layer itself, with its status."""

    def __init__(self, status: int, code: str, detail: str, message_vi: str, **extra: Any):
        super().__init__(detail, message_vi=message_vi, code=code)
        self.status = status
        self.extra = extra


def status_for(exc: VanbanError) -> int:
    if isinstance(exc, ApiError):
        return exc.status
    if exc.code in STATUS_BY_CODE:
        return STATUS_BY_CODE[exc.code]
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, UnreadableFile):
        return 422       # empty, bad encoding, scanned PDF, ...: the file is the problem
    if isinstance(exc, BadRequest):
        return 400
    return 400


def error_body(code: str, message: str, detail: str, server_error: bool = False, **extra: Any) -> dict[str, Any]:
    """The error shape. Messages are always strings, and show file names, not server
    paths (for a server error, no absolute path at all: e.g. the store's file)."""
    body = {"code": code, "message": public_text(str(message), any_path=server_error),
            "detail": public_text(str(detail), any_path=server_error)}
    if isinstance(extra.get("file"), str):
        extra["file"] = public_path(extra["file"])
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def error_response(status: int, code: str, message: str, detail: str, headers: dict | None = None,
                   **extra: Any) -> JSONResponse:
    body = error_body(code, message, detail, server_error=status >= 500, **extra)
    return JSONResponse(jsonable_encoder(body), status_code=status, headers=headers)


def vanban_error_response(exc: VanbanError) -> JSONResponse:
    status = status_for(exc)
    extra: dict[str, Any] = dict(getattr(exc, "extra", {}) or {})
    if getattr(exc, "candidates", None) is not None:
        extra["candidates"] = exc.candidates
    headers = dict(getattr(exc, "headers", None) or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if getattr(exc, "file", None) and "file" not in extra:
        extra["file"] = exc.file        # a per-file error names its file
    return error_response(status, exc.code, exc.message_vi, exc.detail, headers=headers or None, **extra)


async def _vanban_handler(request: Request, exc: VanbanError) -> JSONResponse:
    return vanban_error_response(exc)


async def _validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ())]
        errors.append({"loc": loc, "msg": str(e.get("msg")), "type": str(e.get("type"))})
    # The rejected value is never echoed back (it may be 10 kB of anything).
    where = "; ".join(f"{'.'.join(x['loc'])}: {x['msg']}" for x in errors) or "invalid request"
    # ["query", "ref", "0"] -> ref: the parameter, not where in it
    names = ", ".join(dict.fromkeys(x["loc"][1] if len(x["loc"]) > 1 else x["loc"][0]
                                    for x in errors if x["loc"])) or "?"
    return error_response(422, "invalid_request", f"Tham số không hợp lệ: {names}", where, errors=errors)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app takes at this request's path (FastAPI
    makes one route per method, so one route's own `Allow` would list only its own)."""
    methods: set[str] = set()

    def visit(routes) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)   # an included router (no prefix here)
            if inner is not None:
                visit(inner.routes)
            elif getattr(route, "methods", None):
                match, _ = route.matches(request.scope)
                if match != Match.NONE:
                    methods.update(route.methods)

    visit(request.app.router.routes)
    if methods:
        methods.add("OPTIONS")
    return sorted(methods)


async def _http_handler(request: Request, exc: StarletteHTTPException) -> Response:
    code, vi = HTTP_CODES.get(exc.status_code, ("http_error", "Lỗi yêu cầu"))
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no such endpoint: {request.method} {request.url.path}"
    if exc.status_code == 405:
        allow = ", ".join(allowed_methods(request))
        if request.method == "OPTIONS" and allow:
            return Response(status_code=204, headers={"Allow": allow})
        headers["Allow"] = allow
        detail = f"{request.method} is not allowed here; use {allow}"
    return error_response(exc.status_code, code, vi, detail, headers=headers or None)


async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    rid = request.scope.get("vanban.request_id")
    log.exception("unhandled error in %s %s (request %s)", request.method, request.url.path, rid)
    return error_response(500, "internal_error", "Lỗi máy chủ; hãy báo cho quản trị viên kèm mã yêu cầu",
                          f"internal server error (request id {rid})", request_id=rid)


def install(app: FastAPI) -> None:
    app.add_exception_handler(VanbanError, _vanban_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(Exception, _unhandled)
