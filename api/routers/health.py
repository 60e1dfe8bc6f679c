"""Liveness and readiness."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from ..models import HealthOut, ReadyOut
from ._common import errors

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthOut, summary="Liveness: the process answers")
async def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", response_model=ReadyOut, responses=errors(503),
            summary="Readiness: the store can be reached (503 when it cannot)")
async def readyz(request: Request) -> dict:
    def probe() -> str:
        store = request.app.state.stores.get()   # StoreUnavailable -> 503
        store.ping()
        return store.backend
    try:
        backend = await run_in_threadpool(probe)
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        from vanban.models import VanbanError

        from ..deps import StoreUnavailable
        detail = exc.detail if isinstance(exc, VanbanError) else f"{type(exc).__name__}: {exc}"
        raise StoreUnavailable(f"the store is not reachable: {detail}",
                               message_vi="Không kết nối được kho dữ liệu") from None
    return {"status": "ready", "backend": backend}
