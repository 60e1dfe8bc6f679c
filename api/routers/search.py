"""GET /search: fuzzy search over codes, titles, issuers and units."""
from __future__ import annotations

from fastapi import APIRouter, Query

from vanban.models import BadRequest

from ..deps import ReadStore
from ..models import SearchHit
from ._common import MAX_TEXT, READ_ERRORS, json_response, raw_reads

router = APIRouter(tags=["queries"])


@router.get("/search", response_model=list[SearchHit], responses=READ_ERRORS,
            summary="Fuzzy search, ignoring accents and case")
def search(store: ReadStore,
           q: str = Query(..., min_length=1, max_length=MAX_TEXT, pattern=r"\S",
                          description="text, e.g. 'chi thi 33' (at least one non-space character)"),
           limit: int = Query(20, ge=1, le=200)):
    """Text with nothing searchable in it (only punctuation, say) finds nothing: `[]`."""
    try:
        hits = raw_reads(store).search(q, limit)
    except BadRequest:       # the query layer's "empty search text" once accents and signs are gone
        hits = []
    return json_response(hits)
