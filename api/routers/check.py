"""GET/POST /check: plans that break the citation rules (`vanban check --json`)."""
from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from vanban.graph.rules import Rule, RuleError, load_rules, parse_rules

from ..deps import ReadStore, SettingsDep
from ..errors import ApiError
from ..models import CheckOut
from ._common import READ_ERRORS, errors

router = APIRouter(tags=["queries"])


@lru_cache(maxsize=1)
def default_rules() -> tuple[Rule, ...]:
    return tuple(load_rules())


@router.get("/check", response_model=CheckOut, responses=READ_ERRORS,
            summary="Check every loaded plan against the default rule pack")
def check_default(store: ReadStore) -> dict:
    return store.check(list(default_rules()))


_YAML_BODY = {"schema": {"type": "string"}}


@router.post("/check", response_model=CheckOut, responses=READ_ERRORS | errors(400, 413, 415),
             summary="Check every loaded plan against a posted YAML rule pack",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/yaml": _YAML_BODY, "text/plain": _YAML_BODY,
                 "multipart/form-data": {"schema": {"type": "object", "required": ["rules"], "properties": {
                     "rules": {"type": "string", "format": "binary", "description": "the YAML rule file"}}}}}}})
async def check_posted(request: Request, store: ReadStore, settings: SettingsDep) -> dict:
    """The body is the YAML rule pack itself (`application/yaml` or `text/plain`), or a
    multipart form with the file in field `rules`. A pack that does not parse or
    validate is **400** `bad_rules`, with the parser's message. Reading only: no token
    needed unless reads require one."""
    ctype = (request.headers.get("content-type") or "").lower()
    if ctype.startswith("multipart/form-data"):
        try:
            form = await request.form(max_files=1, max_fields=5)
        except StarletteHTTPException as exc:
            raise ApiError(400, "bad_request", f"cannot read the form: {exc.detail}",
                           "Không đọc được biểu mẫu gửi lên") from None
        try:
            part = form.get("rules")
            if part is None:
                raise ApiError(400, "bad_request", "the form has no field 'rules' holding the rule file",
                               "Thiếu trường 'rules' chứa tệp quy tắc")
            data = await part.read() if isinstance(part, UploadFile) else part.encode("utf-8")
        finally:
            await form.close()
    elif ctype.startswith("application/x-www-form-urlencoded"):
        raise ApiError(415, "unsupported_media_type", "post the YAML itself (application/yaml) or a multipart form",
                       "Hãy gửi tệp YAML (application/yaml) hoặc biểu mẫu multipart")
    else:
        data = await request.body()
    if len(data) > settings.max_file_bytes:
        raise ApiError(413, "too_large", f"the rule file is larger than {settings.max_file_bytes} bytes",
                       "Tệp quy tắc quá lớn")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleError("posted rules: not UTF-8 text", message_vi="Tệp quy tắc không phải văn bản UTF-8") from None
    if not text.strip():
        raise RuleError("posted rules: the rule file is empty", message_vi="Tệp quy tắc trống")
    rules = parse_rules(text, "posted rules")
    return await run_in_threadpool(store.check, rules)
