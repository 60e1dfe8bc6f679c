"""GET /implementers: every plan implementing a document (`vanban implementers --json`)."""
from __future__ import annotations

from fastapi import APIRouter, Query

from vanban.graph.store import resolve_one

from ..deps import ReadStore
from ..models import ImplementersOut
from ._common import READ_ERRORS, errors

router = APIRouter(tags=["queries"])


@router.get("/implementers", response_model=ImplementersOut, responses=READ_ERRORS | errors(404, 409),
            summary="Plans implementing a document, grouped by level and place")
def implementers(store: ReadStore,
                 ref: str = Query(..., min_length=1, max_length=500,
                                  description="a node id, a loaded file or a code, e.g. 33/CT-TTg")) -> dict:
    return store.implementers(resolve_one(store, ref))
