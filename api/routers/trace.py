"""GET /trace: plans up to their central directive (`vanban trace --json`)."""
from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from ..deps import ReadStore
from ..models import TraceOut
from ._common import READ_ERRORS, REF_HELP, Ref, errors, json_response, raw_reads, resolve_document

router = APIRouter(tags=["queries"])


@router.get("/trace", response_model=list[TraceOut], responses=READ_ERRORS | errors(404, 409),
            summary="Trace plans up to their central directive")
async def trace(request: Request, store: ReadStore,
          ref: list[Ref] = Query(default=[], max_length=200, description=REF_HELP + "; repeatable"),
          all: bool = Query(False, description="trace every loaded plan (after the refs given)")):
    """One result per plan, refs first in the order given, then (with `all=true`)
    every other loaded plan. An unknown ref is 404; a ref naming several documents
    (e.g. a code two issuers used) is **409** `ambiguous_ref` with `candidates`:
    ask again with one of their ids. No ref and no `all`: nothing asked, `[]`."""
    if not ref and not all:
        return json_response([])
    # A few traces take well under a millisecond each: answer on the event loop,
    # which saves a thread hop (the hop costs more than the trace itself). Not while
    # this server writes the store: a read then may have to reload it first.
    if all or len(ref) > INLINE_REFS or request.app.state.stores.write_lock.locked():
        return json_response(await run_in_threadpool(_trace, store, ref, all))
    return json_response(_trace(store, ref, all))


INLINE_REFS = 3


def _trace(store, ref: list[str], all: bool) -> list[dict]:
    ids: list[str] = []
    for r in ref:
        nid = resolve_document(store, r)
        if nid not in ids:
            ids.append(nid)
    if all:
        seen = set(ids)
        ids.extend(i for i in store.loaded_plans() if i not in seen)
    raw = raw_reads(store)
    return [raw.trace(i) for i in ids]
