"""GET /subgraph: nodes and edges around a centre, for the viewer."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from vanban.graph import schema as S

from ..deps import ReadStore
from ..models import SubgraphOut
from ._common import (
    MAX_TEXT,
    READ_ERRORS,
    REF_HELP,
    errors,
    json_response,
    raw_reads,
    resolve_node,
)

router = APIRouter(tags=["queries"])

Kind = Literal["plan", "directive", "issuer", "unit"]
Level = Literal["central", "province", "district", "commune"]
assert set(Kind.__args__) == set(S.NODE_KINDS)


@router.get("/subgraph", response_model=SubgraphOut,
            responses=READ_ERRORS | errors(404, 409),
            summary="A capped neighbourhood of a node, or an overview of the graph")
def subgraph(store: ReadStore,
             center: str | None = Query(None, min_length=1, max_length=MAX_TEXT,
                                           description=REF_HELP + "; none: an overview of the graph"),
             depth: int = Query(1, ge=0, le=6),
             cap: int = Query(300, ge=1, le=5000, description="at most this many nodes, nearest first"),
             year: int | None = Query(None, ge=1900, le=2200),
             place: str | None = Query(None, max_length=MAX_TEXT),
             level: Level | None = None,
             kind: list[Kind] = Query(default=[], description="node kinds to keep; repeatable")):
    if center is not None:
        center = resolve_node(store, center)
    return json_response(raw_reads(store).subgraph(center, depth, cap, year=year, place=place or None, level=level,
                                        kinds=kind or None))
