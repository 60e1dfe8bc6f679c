"""What the routers share: error responses for /docs, string limits, and the one
rule for references."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi.responses import Response
from pydantic import StringConstraints

from vanban.refs import resolve_remote

from ..models import ErrorOut
from ..public import public_json


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for error statuses, all with the error shape."""
    text = {400: "Malformed input", 401: "Missing or wrong bearer token", 403: "Not allowed (no token configured)",
            404: "Unknown id or reference", 409: "Ambiguous reference (candidates listed)",
            429: "Too many wrong tokens from this address (Retry-After)",
            413: "Too large", 415: "Unsupported file or content type", 422: "Invalid parameters or unreadable file",
            503: "Store unavailable"}
    return {s: {"model": ErrorOut, "description": text.get(s, "Error")} for s in statuses}


READ_ERRORS = errors(401, 403, 422, 429, 503)

# Every string parameter is capped (422 beyond), so nothing unbounded is
# resolved, searched or echoed back in an error.
MAX_TEXT = 512
Ref = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
REF_HELP = "a node id, a loaded file's name or a code, e.g. 33/CT-TTg (never a path)"


def resolve_document(store: Any, ref: str) -> str:
    """The document `ref` names (node id, loaded file name, code, upload name; never
    a server path: `vanban.refs.resolve_remote`): 404 when none, 409 ambiguous_ref
    with candidates when several."""
    return resolve_remote(store, ref)


def resolve_node(store: Any, ref: str) -> str:
    """Like resolve_document, but a node id of any kind (issuer, unit) is taken as it is."""
    if store.node(ref) is not None:
        return ref
    return resolve_remote(store, ref)


def json_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Like `errors`, for routes whose success is not JSON (e.g. the HTML viewer):
    the error body is still JSON, so say so explicitly."""
    ref = {"schema": {"$ref": "#/components/schemas/ErrorOut"}}
    return {s: {"description": d["description"], "content": {"application/json": ref}}
            for s, d in errors(*statuses).items()}


def json_response(data: Any, status_code: int = 200) -> Response:
    """Serialise a query answer straight to JSON (Rust encoder), skipping the
    response-model round trip, with file names for server paths
    (`public.public_json`). Used by the hot read paths (trace, search, subgraph),
    which take the store's answer as it is (`raw_reads`); their response models
    still document the shape in /docs, and the schemathesis tests check the
    responses against them."""
    return Response(public_json(data), status_code=status_code, media_type="application/json")


def raw_reads(store: Any) -> Any:
    """The store behind a `ReadStore` (PublicReads), for an answer that json_response
    makes public. References are still resolved through `store` itself, so the
    candidates of an ambiguous one show file names too."""
    return getattr(store, "store", store)
