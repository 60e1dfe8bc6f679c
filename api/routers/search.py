"""GET /search: fuzzy search over codes, titles, issuers and units."""
from __future__ import annotations

from fastapi import APIRouter, Query

from ..deps import ReadStore
from ..models import SearchHit
from ._common import READ_ERRORS, errors, json_response

router = APIRouter(tags=["queries"])


@router.get("/search", response_model=list[SearchHit], responses=READ_ERRORS | errors(400),
            summary="Fuzzy search, ignoring accents and case")
def search(store: ReadStore,
           q: str = Query(..., min_length=1, max_length=500, description="text, e.g. 'chi thi 33'"),
           limit: int = Query(20, ge=1, le=200)):
    return json_response(store.search(q, limit))
