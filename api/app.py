"""The vanban query API: ``create_app()`` builds the FastAPI application.

Run it with ``vanban serve`` (or ``uvicorn --factory vanban.api.app:create_app``).
The OpenAPI document at ``/docs`` (``/openapi.json``) is the contract.
"""
from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from vanban.graph.store import GraphStore

from . import docs, errors
from .deps import Settings, StoreHolder
from .middleware import BodyLimit, RequestLog
from .routers import (
    check,
    deadlines,
    documents,
    export,
    health,
    implementers,
    search,
    subgraph,
    trace,
)
from .routers._common import json_errors
from .throttle import AuthThrottle

DESCRIPTION = """
Citation knowledge graph for Vietnamese local-government plans (kế hoạch).

* Reads are open unless the server sets `VANBAN_API_READ_TOKEN_REQUIRED=1`;
  uploads (`POST /documents`) always need `Authorization: Bearer <VANBAN_API_TOKEN>`.
* The JSON of each query is the same as the CLI's `--json` output.
* Every error is `{"code", "message" (Vietnamese), "detail" (English)}` (+ `file`
  when one uploaded file is the problem); an ambiguous reference is 409
  `ambiguous_ref` with `candidates`; every invalid parameter is 422.
* A reference (`ref`, `center`, `focus`, a document id in the path) is a node id,
  a loaded file's name or path, or a code, everywhere. Answers show the file name
  of a loaded plan, never a path on the server.
* Too many wrong tokens from one address: 429 with `Retry-After`.
"""


def create_app(store: GraphStore | None = None, settings: Settings | None = None) -> FastAPI:
    """The app over `store` (default: the configured store, opened on first use)."""
    settings = settings or Settings.from_env()
    holder = StoreHolder(settings, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if store is None:          # we opened it: we close it
            holder.close()

    app = FastAPI(title="vanban", version="0.1.0", description=DESCRIPTION, lifespan=lifespan, docs_url=None)
    app.state.settings = settings
    app.state.stores = holder
    app.state.auth_throttle = AuthThrottle(settings.auth_max_failures, settings.auth_window)
    errors.install(app)
    docs.install(app)                      # /docs works offline; Swagger UI at /docs/swagger

    app.include_router(health.router)
    # Read endpoints take `ReadStore` (checks the read token when required); the
    # upload takes `Store` + `require_write`. tests/test_api_queries.py checks
    # that every GET but the probes refuses a missing token when reads need one.
    for mod in (trace, check, implementers, search, deadlines, subgraph, export, documents):
        app.include_router(mod.router)

    # The viewer (vanban.viz) adds its own router under /viz when it is installed.
    try:
        from vanban.viz.routes import router as viz_router
    except ModuleNotFoundError as exc:
        if exc.name != "vanban.viz.routes":
            raise
    else:
        # No router-wide read check: /viz answers a token-less browser with a page asking for
        # the token (401, no data); its data routes take ReadStore.
        app.include_router(viz_router, responses=json_errors(400, 401, 403, 404, 409, 422, 429, 503))

    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(RequestLog)          # outermost: logs every request, even refused ones
    return app
