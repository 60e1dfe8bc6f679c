"""Settings (from the environment) and the dependencies every router uses:
the store, and the bearer-token checks for reads and writes.

Environment (all optional):

==================================  ==========================================
``VANBAN_API_TOKEN``                bearer token for writes (and for reads when
                                    required); unset: the server refuses writes
``VANBAN_API_READ_TOKEN_REQUIRED``  ``1``/``true``/``yes``: reads need the token too
``VANBAN_API_MAX_FILE_BYTES``       largest uploaded file (default 10 MB)
``VANBAN_API_MAX_FILES``            files per upload request (default 20)
``VANBAN_API_MAX_REQUEST_BYTES``    largest request body (default 50 MB)
``VANBAN_API_AUTH_MAX_FAILURES``    wrong tokens one client address may send (default 10)
``VANBAN_API_AUTH_WINDOW``          within this many seconds, before 429 (default 60)
``VANBAN_BACKEND`` / ``VANBAN_HOME`` which store to serve (see ``vanban.graph.store``)
==================================  ==========================================
"""
from __future__ import annotations

import hmac
import os
import threading
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPBearer

from vanban.graph.store import GraphStore, StoreUnavailable, open_store
from vanban.models import VanbanError

from .public import PublicReads
from .throttle import AuthThrottle

ENV_TOKEN = "VANBAN_API_TOKEN"
ENV_READ_TOKEN_REQUIRED = "VANBAN_API_READ_TOKEN_REQUIRED"
ENV_MAX_FILE_BYTES = "VANBAN_API_MAX_FILE_BYTES"
ENV_MAX_FILES = "VANBAN_API_MAX_FILES"
ENV_MAX_REQUEST_BYTES = "VANBAN_API_MAX_REQUEST_BYTES"
ENV_AUTH_MAX_FAILURES = "VANBAN_API_AUTH_MAX_FAILURES"
ENV_AUTH_WINDOW = "VANBAN_API_AUTH_WINDOW"

MB = 1024 * 1024


class AuthRequired(VanbanError):
    code = "auth_required"


class BadToken(VanbanError):
    code = "bad_token"


class WritesDisabled(VanbanError):
    code = "writes_disabled"


class TooManyFailures(VanbanError):
    """429: this client sent too many wrong tokens lately."""

    code = "too_many_auth_failures"

    def __init__(self, retry_after: int):
        super().__init__(f"too many wrong bearer tokens from this address; try again in {retry_after} s",
                         message_vi=f"Sai mã truy cập quá nhiều lần; hãy thử lại sau {retry_after} giây")
        self.headers = {"Retry-After": str(retry_after)}


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        n = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if n < 1:
        raise ValueError(f"{name} must be at least 1, got {n}")
    return n


@dataclass(frozen=True)
class Settings:
    """What the service is allowed to do; see the module docstring for the env names."""

    token: str | None = None
    read_token_required: bool = False
    max_file_bytes: int = 10 * MB
    max_files: int = 20
    max_request_bytes: int = 50 * MB
    auth_max_failures: int = 10
    auth_window: int = 60
    backend: str | None = None
    home: str | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = dict(
            token=env.get(ENV_TOKEN) or None,
            read_token_required=_flag(env.get(ENV_READ_TOKEN_REQUIRED)),
            max_file_bytes=_int(env, ENV_MAX_FILE_BYTES, 10 * MB),
            max_files=_int(env, ENV_MAX_FILES, 20),
            max_request_bytes=_int(env, ENV_MAX_REQUEST_BYTES, 50 * MB),
            auth_max_failures=_int(env, ENV_AUTH_MAX_FAILURES, 10),
            auth_window=_int(env, ENV_AUTH_WINDOW, 60),
        )
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


class StoreHolder:
    """The one store of an app, opened on first use (so a server whose store is
    down still starts, answers /healthz, and says 503 on /readyz)."""

    def __init__(self, settings: Settings, store: GraphStore | None = None):
        self.settings = settings
        self._store = store
        self._public: PublicReads | None = None
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()   # one upload at a time in this process

    def get(self) -> GraphStore:
        if self._store is not None:
            return self._store
        with self._lock:
            if self._store is None:
                try:
                    self._store = open_store(self.settings.backend, self.settings.home)
                except VanbanError as exc:
                    raise StoreUnavailable(f"the store cannot be opened: {exc.detail}",
                                           message_vi="Không mở được kho dữ liệu") from None
                except Exception as exc:  # noqa: BLE001 - e.g. a Neo4j driver error
                    raise StoreUnavailable(f"the store cannot be opened: {type(exc).__name__}: {exc}",
                                           message_vi="Không mở được kho dữ liệu") from None
        return self._store

    def public(self) -> PublicReads:
        """The store as readers see it (file names, no server paths)."""
        store = self.get()
        if self._public is None or self._public.store is not store:
            self._public = PublicReads(store)
        return self._public

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


# Dependencies are `async def` so that FastAPI runs them on the event loop, not
# one thread-pool hop each (they are trivial; opening the store is not, so that
# first open goes to a worker thread).
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_store(request: Request) -> GraphStore:
    holder: StoreHolder = request.app.state.stores
    if holder._store is not None:
        return holder._store
    return await run_in_threadpool(holder.get)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return ""
    return value.strip()


def _check_token(request: Request, settings: Settings, action: str) -> None:
    if not settings.token:
        raise WritesDisabled(
            f"this server has no API token, so it refuses {action}; start it with the environment "
            f"variable {ENV_TOKEN} set to a long random secret (e.g. "
            f"`{ENV_TOKEN}=$(python -c 'import secrets; print(secrets.token_urlsafe(32))') vanban serve`) "
            f"and send it as 'Authorization: Bearer <token>'",
            message_vi=f"Máy chủ chưa cấu hình mã truy cập nên từ chối "
                       f"{'ghi dữ liệu' if action == 'writes' else 'đọc dữ liệu'}; "
                       f"hãy đặt biến môi trường {ENV_TOKEN} rồi khởi động lại")
    given = _bearer(request)
    if given is None:
        raise AuthRequired("this request needs 'Authorization: Bearer <token>' (the server's "
                           f"{ENV_TOKEN})", message_vi="Cần gửi mã truy cập (Authorization: Bearer <token>)")
    throttle: AuthThrottle = request.app.state.auth_throttle
    client = request.client.host if request.client else "?"
    wait = throttle.retry_after(client)
    if wait is not None:
        raise TooManyFailures(wait)
    if not hmac.compare_digest(given.encode("utf-8"), settings.token.encode("utf-8")):
        throttle.failed(client)
        raise BadToken("the bearer token is wrong", message_vi="Mã truy cập không đúng")
    throttle.succeeded(client)


# Declares the bearer scheme in /openapi.json (the lock in /docs); the header is
# checked by _check_token, so this only documents (auto_error=False never refuses).
bearer_scheme = HTTPBearer(auto_error=False, scheme_name="bearer",
                           description=f"the server's {ENV_TOKEN}, as 'Authorization: Bearer <token>'")


async def require_write(request: Request, _: Any = Security(bearer_scheme)) -> None:
    _check_token(request, request.app.state.settings, "writes")


async def require_read(request: Request) -> None:
    settings: Settings = request.app.state.settings
    if settings.read_token_required:
        _check_token(request, settings, "reads")


async def public_store(request: Request) -> PublicReads:
    """The store as readers see it (no token check: pair it with require_read)."""
    holder: StoreHolder = request.app.state.stores
    if holder._public is not None and holder._public.store is holder._store:
        return holder._public
    return await run_in_threadpool(holder.public)


async def read_store(request: Request) -> PublicReads:
    """The store, for a read: checks the token first when reads require it, and
    shows file names, never server paths (``api/public.py``). One dependency
    instead of two keeps the per-request cost of the hot reads down."""
    settings: Settings = request.app.state.settings
    if settings.read_token_required:
        _check_token(request, settings, "reads")
    return await public_store(request)


Store = Annotated[GraphStore, Depends(get_store)]            # no auth check: pair it with require_*
ReadStore = Annotated[GraphStore, Depends(read_store)]        # PublicReads, after the read check
PublicStore = Annotated[GraphStore, Depends(public_store)]    # PublicReads, no auth check (viewer)
SettingsDep = Annotated[Settings, Depends(get_settings)]
