"""Pure ASGI middleware: structured request logs and the request-size limit."""
from __future__ import annotations

import json
import logging
import re
import time
import uuid

from .errors import ApiError, error_body

log = logging.getLogger("vanban.api")

_RID_OK = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestLog:
    """One JSON line per request on the ``vanban.api`` logger (INFO):
    method, path, status, duration_ms, request_id. The request id is taken
    from a well-formed ``X-Request-ID`` header or made up, and sent back.
    Every response also gets ``X-Content-Type-Options: nosniff``."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = None
        for k, v in scope.get("headers") or ():
            if k == b"x-request-id":
                cand = v.decode("latin-1")
                rid = cand if _RID_OK.match(cand) else None
                break
        rid = rid or uuid.uuid4().hex
        scope["vanban.request_id"] = rid
        start = time.perf_counter()
        status = 500
        extra_headers = [(b"x-request-id", rid.encode("ascii")),
                         # never let a browser sniff JSON (which may hold "<script>" as data) into HTML
                         (b"x-content-type-options", b"nosniff")]

        async def send_with_id(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers") or ())
                if any(k.lower() == b"x-content-type-options" for k, _ in headers):
                    headers += extra_headers[:1]
                else:
                    headers += extra_headers
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if log.isEnabledFor(logging.INFO):
                log.info(json.dumps({
                    "event": "request", "method": scope.get("method"), "path": scope.get("path"),
                    "status": status, "duration_ms": round((time.perf_counter() - start) * 1000, 3),
                    "request_id": rid}, ensure_ascii=False))


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "too_large", f"the request body is larger than the limit of {limit} bytes "
                                      f"(VANBAN_API_MAX_REQUEST_BYTES)",
                    f"Yêu cầu quá lớn: tối đa {limit} byte")


class BodyLimit:
    """Refuse request bodies over `max_bytes`: at once when Content-Length says
    so, and while reading when it lies or is absent (chunked)."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for k, v in scope.get("headers") or ():
            if k == b"content-length":
                try:
                    declared = int(v)
                except ValueError:
                    await _send_error(send, 400, error_body("bad_request", "Content-Length không hợp lệ",
                                                            "the Content-Length header is not a number"))
                    return
                if declared > self.max_bytes:
                    exc = _too_large(self.max_bytes)
                    await _send_error(send, 413, error_body(exc.code, exc.message_vi, exc.detail),
                                      close=True)
                    return
                break
        seen = 0
        limit = self.max_bytes

        async def counting_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body") or b"")
                if seen > limit:
                    raise _too_large(limit)
            return message

        await self.app(scope, counting_receive, send)


async def _send_error(send, status: int, body: dict, close: bool = False) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
