"""What the routers share: error responses for /docs and reference resolution."""
from __future__ import annotations

from typing import Any

import pydantic_core
from fastapi.responses import Response


from ..models import ErrorOut


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for error statuses, all with the error shape."""
    text = {400: "Malformed input", 401: "Missing or wrong bearer token", 403: "Not allowed (no token configured)",
            404: "Unknown id or reference", 409: "Ambiguous reference (candidates listed)",
            413: "Too large", 415: "Unsupported file or content type", 422: "Invalid parameters or unreadable file",
            503: "Store unavailable"}
    return {s: {"model": ErrorOut, "description": text.get(s, "Error")} for s in statuses}


READ_ERRORS = errors(401, 403, 422, 503)


def json_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Like `errors`, for routes whose success is not JSON (e.g. the HTML viewer):
    the error body is still JSON, so say so explicitly."""
    ref = {"schema": {"$ref": "#/components/schemas/ErrorOut"}}
    return {s: {"description": d["description"], "content": {"application/json": ref}}
            for s, d in errors(*statuses).items()}


def json_response(data: Any, status_code: int = 200) -> Response:
    """Serialise query output straight to JSON (Rust encoder), skipping the
    response-model round trip. Used by the hot read paths (trace, search,
    subgraph); their response models still document the shape in /docs, and the
    schemathesis tests check the responses against them."""
    return Response(pydantic_core.to_json(data), status_code=status_code, media_type="application/json")
