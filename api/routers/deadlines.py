"""GET /deadlines: the reporting calendar and cascades (`vanban deadlines --json`)."""
from __future__ import annotations

from fastapi import APIRouter, Query

from ..deps import ReadStore
from ..models import DeadlinesOut
from ._common import MAX_TEXT, READ_ERRORS

router = APIRouter(tags=["queries"])


@router.get("/deadlines", response_model=DeadlinesOut, responses=READ_ERRORS,
            summary="Reporting lines with their deadlines, and late cascades")
def deadlines(store: ReadStore,
              unit: str | None = Query(None, max_length=MAX_TEXT,
                                          description="only lines from, to or via a unit whose name contains this")
              ) -> dict:
    return store.deadlines(unit or None)
