"""GET /implementers: every plan implementing a document (`vanban implementers --json`)."""
from __future__ import annotations

from fastapi import APIRouter, Query

from ..deps import ReadStore
from ..models import ImplementersOut
from ._common import MAX_TEXT, READ_ERRORS, REF_HELP, errors, resolve_document

router = APIRouter(tags=["queries"])


@router.get("/implementers", response_model=ImplementersOut, response_model_exclude_unset=True,
            responses=READ_ERRORS | errors(400, 404, 409),
            summary="Plans implementing a document, grouped by level and place")
def implementers(store: ReadStore,
                 ref: str = Query(..., min_length=1, max_length=MAX_TEXT, description=REF_HELP),
                 province: str | None = Query(None, min_length=1, max_length=MAX_TEXT,
                                              description="Province (name or gazetteer id, e.g. post:51): "
                                                          "list every unit of it on as_of"),
                 as_of: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                                           description="Date YYYY-MM-DD the map of units is taken on"),
                 fold_old: bool = Query(False, description="Credit a unit with its predecessors' plans")) -> dict:
    return store.implementers(resolve_document(store, ref), province=province, as_of=as_of, fold_old=fold_old)
