"""GET /implementers: every plan implementing a document (`vanban implementers --json`)."""
from __future__ import annotations

from fastapi import APIRouter, Query

from ..deps import ReadStore
from ..models import ImplementersOut
from ._common import MAX_TEXT, READ_ERRORS, REF_HELP, errors, resolve_document

router = APIRouter(tags=["queries"])


@router.get("/implementers", response_model=ImplementersOut, responses=READ_ERRORS | errors(404, 409),
            summary="Plans implementing a document, grouped by level and place")
def implementers(store: ReadStore,
                 ref: str = Query(..., min_length=1, max_length=MAX_TEXT, description=REF_HELP)) -> dict:
    return store.implementers(resolve_document(store, ref))
