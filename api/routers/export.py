"""GET /export: the whole graph as GraphML, GEXF or node-link JSON."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ..deps import ReadStore
from ._common import READ_ERRORS

router = APIRouter(tags=["export"])

MEDIA = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml", "json": "application/json"}


@router.get("/export", response_class=Response, responses=READ_ERRORS | {
    200: {"description": "the graph file: GraphML or GEXF XML, or networkx node-link JSON",
          "content": {MEDIA["graphml"]: {"schema": {"type": "string"}}, MEDIA["gexf"]: {"schema": {"type": "string"}},
                      MEDIA["json"]: {"schema": {"type": "object"}}}}},
    summary="Export the whole graph (GraphML and GEXF open in Gephi)")
def export(store: ReadStore, format: Literal["graphml", "gexf", "json"] = Query("json")) -> Response:
    body = store.export(format)
    return Response(body.encode("utf-8"), media_type=MEDIA[format] + "; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="vanban.{format}"'})
