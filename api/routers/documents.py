"""Documents: list, one document with citations, evidence and text, and upload."""
from __future__ import annotations

import html
import logging
from pathlib import PurePosixPath
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from vanban.graph.store import GraphStore, LoadReport
from vanban.ingest import SUFFIXES, load_bytes, remove, safe_name
from vanban.models import PlanRecord, UnreadableFile
from vanban.refs import removal_for

from ..deps import ReadStore, Settings, SettingsDep, Store, StoreHolder, require_write
from ..errors import ApiError
from ..models import DocumentDetail, DocumentList, RemoveOut, UploadOut
from ..public import PublicReads, public_data, public_path
from ._common import MAX_TEXT, READ_ERRORS, REF_HELP, errors, resolve_document

log = logging.getLogger("vanban.api")

router = APIRouter(tags=["documents"])

Level = Literal["central", "province", "district", "commune"]


@router.get("/documents", response_model=DocumentList, responses=READ_ERRORS,
            summary="Documents (plans and directives), filtered and paginated")
def list_documents(store: ReadStore,
                   type: str | None = Query(None, max_length=MAX_TEXT, description="document type, e.g. Kế hoạch"),
                   level: Level | None = None,
                   place: str | None = Query(None, max_length=MAX_TEXT, description="place contains (accents ignored)"),
                   year: int | None = Query(None, ge=1900, le=2200),
                   issuer: str | None = Query(None, max_length=MAX_TEXT,
                                              description="issuer contains (accents ignored)"),
                   kind: Literal["plan", "directive"] | None = None,
                   loaded: bool | None = Query(None, description="true: loaded files only; false: only referenced"),
                   offset: int = Query(0, ge=0, le=10_000_000),
                   limit: int = Query(50, ge=1, le=1000)) -> dict:
    return store.documents(type=type or None, level=level, place=place or None, year=year,
                           issuer=issuer or None, kind=kind, loaded=loaded, offset=offset, limit=limit)


DocId = Path(..., min_length=1, max_length=MAX_TEXT,
             description="the document: " + REF_HELP + " (an id may hold '/' and ':')")


@router.get("/documents/{doc_id:path}", response_model=DocumentDetail, responses=READ_ERRORS | errors(404, 409),
            summary="One document: citations with evidence, and its text")
def get_document(store: ReadStore, doc_id: str = DocId) -> dict:
    raw: GraphStore = store.store           # the record is found by its source key, a server path
    out = dict(raw.document(resolve_document(store, doc_id)))
    out["text"], out["annotated_html"] = _text_and_html(raw, out)
    return public_data(out)


@router.delete("/documents/{doc_id:path}", response_model=RemoveOut, dependencies=[Depends(require_write)],
               responses=errors(401, 403, 404, 409, 422, 429, 503),
               summary="Remove a loaded plan and everything only it contributed; needs the bearer token")
async def remove_document(request: Request, store: Store, doc_id: str = DocId) -> dict:
    """Takes the plan out of the store in one atomic write: the records of every file
    it was loaded from (a plan loaded from several copies is one document, and all
    its copies go), its node, citations, evidence and reporting lines, and the
    documents, issuers and units that no other plan mentions. What other plans say
    stays (a document they cite stays as "referenced"). `removed` lists the file
    names. A document that is only referenced, never loaded, has nothing to remove:
    **404** `not_loaded`. The ref names a document (id, code, file name, upload
    name), never a server path: a ref written as a path is **404** `not_found`."""
    holder = request.app.state.stores

    def work() -> dict:
        with holder.write_lock:
            # Resolved through PublicReads: an ambiguous ref lists file names, not paths.
            plan = removal_for(PublicReads(store), doc_id)
            remove(store, [plan])
        return {"id": plan.document, "removed": [public_path(s) for s in plan.sources]}

    return await run_in_threadpool(work)


def _text_and_html(store: GraphStore, doc: dict[str, Any]) -> tuple[str | None, str | None]:
    """The stored text of a loaded document, and that text as HTML with its citations marked."""
    source = doc.get("source")
    if not source:
        return None, None
    rec = store.record(source)
    if rec is None or rec.text is None:
        return None, None
    try:
        from vanban.loaders import annotate
    except ImportError:      # extraction package without the HTML view: mark the graph's evidence spans
        spans = [(int(s[0]), int(s[1]), c["document"]["id"]) for c in doc.get("citations") or []
                 for ev in c.get("evidence") or [] if ev.get("source") == source
                 for s in ev.get("spans") or [] if len(s) == 2]
        return rec.text, mark_spans(rec.text, spans)
    # annotate() escapes everything outside its marks and every attribute value.
    return rec.text, annotate(rec.text, rec)


def mark_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Escape `text` and wrap each non-overlapping span in <mark data-ref="id">."""
    out: list[str] = []
    pos = 0
    for a, b, ref in sorted({s for s in spans if 0 <= s[0] < s[1] <= len(text)}):
        if a < pos:
            continue
        out.append(html.escape(text[pos:a]))
        out.append(f'<mark class="citation" data-ref="{html.escape(ref, quote=True)}">{html.escape(text[a:b])}</mark>')
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


# ------------------------------------------------------------------ upload
_UPLOAD_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"},
                             "description": ("one or more plan files (.txt, .md, .docx, .doc, .pdf, .html, "
                                             "scanned images)")}}}}}}


@router.post("/documents", response_model=UploadOut, status_code=201,
             dependencies=[Depends(require_write)],
             responses=errors(400, 401, 403, 413, 415, 422, 429, 503) | {
                 200: {"model": UploadOut, "description": "every file was already stored, unchanged"}},
             openapi_extra={"requestBody": _UPLOAD_BODY},
             summary="Upload plans (multipart field `files`); needs the bearer token")
async def upload(request: Request, response: Response, store: Store, settings: SettingsDep) -> dict:
    """Parses every file and merges them into the store, **all or nothing**: if any
    file is refused (unsupported type 415, scanned PDF / empty / bad encoding 422,
    too large 413), nothing is stored. File names are sanitised to their last
    component and never used as paths; a plan is stored as `upload:<name>`, so
    uploading the same name again replaces it. 201 when something was added or
    updated, 200 when every file was already stored unchanged."""
    _require_multipart(request)
    form = await _read_form(request, settings)
    try:
        items = await _uploaded_files(form, settings)
    finally:
        await form.close()

    records, report = await run_in_threadpool(_load_uploaded, request.app.state.stores, store, items)
    plans = []
    for rec in records:
        ids = await run_in_threadpool(store.resolve_ref, rec.file)
        plans.append(_uploaded_plan(rec, ids, report))
    response.status_code = 201 if records else 200
    return {"plans": plans, "report": report.to_json()}


def _require_multipart(request: Request) -> None:
    ctype = (request.headers.get("content-type") or "").lower()
    if not ctype.startswith("multipart/form-data"):
        raise ApiError(415, "unsupported_media_type",
                       f"upload plans as multipart/form-data with the files in field 'files' (got "
                       f"{ctype.split(';')[0] or 'no content type'})",
                       "Hãy gửi tệp dạng multipart/form-data, trường 'files'")


async def _read_form(request: Request, settings: Settings) -> FormData:
    """The multipart form, read within the limits (one file over the limit, so that too many is seen)."""
    try:
        return await request.form(max_files=settings.max_files + 1, max_fields=100,
                                  max_part_size=settings.max_file_bytes)
    except StarletteHTTPException as exc:
        if "too many files" in str(exc.detail).lower():
            raise _too_many(settings.max_files) from None
        raise ApiError(400, "bad_request", f"cannot read the multipart form: {exc.detail}",
                       "Không đọc được biểu mẫu gửi lên") from None


async def _uploaded_files(form: FormData, settings: Settings) -> list[tuple[str, bytes]]:
    """(safe name, bytes) of every file in field 'files', each checked in turn; the first refusal raises."""
    parts = [v for k, v in form.multi_items() if k == "files"]
    if not parts:
        raise ApiError(400, "no_files", "the form has no files in field 'files'",
                       "Chưa có tệp nào trong trường 'files'")
    if not all(isinstance(p, UploadFile) for p in parts):
        raise ApiError(400, "not_a_file", "field 'files' must hold files, not plain text values",
                       "Trường 'files' phải chứa tệp")
    if len(parts) > settings.max_files:
        raise _too_many(settings.max_files)
    items: list[tuple[str, bytes]] = []
    names: set[str] = set()
    for p in parts:
        name = _new_upload_name(p, names)
        items.append((name, await _upload_bytes(p, name, settings.max_file_bytes)))
    return items


def _new_upload_name(part: UploadFile, names: set[str]) -> str:
    """The safe name of `part`, refused when its type cannot be read or an earlier file has it; added to `names`."""
    name = safe_name(part.filename or "")
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ApiError(415, "unsupported_type",
                       f"{name}: only {', '.join(SUFFIXES)} files can be uploaded",
                       f"{name}: chỉ nhận tệp {', '.join(SUFFIXES)}", file=name)
    if name in names:
        raise ApiError(400, "duplicate_name", f"{name}: two files in one upload have the same name",
                       f"{name}: có hai tệp trùng tên", file=name)
    names.add(name)
    return name


async def _upload_bytes(part: UploadFile, name: str, limit: int) -> bytes:
    """The content of `part`, refused when larger than `limit` (never reading more than one byte past it) or empty."""
    if part.size is not None and part.size > limit:
        raise _file_too_large(name, limit)
    data = await part.read(limit + 1)
    if len(data) > limit:
        raise _file_too_large(name, limit)
    if not data:
        raise ApiError(422, "empty_file", f"{name}: the file is empty", f"{name}: tệp trống", file=name)
    return data


def _load_uploaded(holder: StoreHolder, store: GraphStore,
                   items: list[tuple[str, bytes]]) -> tuple[list[PlanRecord], LoadReport]:
    """load_bytes under the store's write lock (run in a worker thread)."""
    with holder.write_lock:
        try:
            return load_bytes(store, items)
        except UnreadableFile as exc:     # name the file, as every per-file error does
            if not getattr(exc, "file", None):
                exc.file = _file_named(exc.detail, [n for n, _ in items])
            raise


def _uploaded_plan(rec: PlanRecord, ids: list[str], report: LoadReport) -> dict[str, Any]:
    """The answer's entry for one stored plan."""
    d = rec.document
    return {"file": rec.file, "name": rec.file.split(":", 1)[-1], "id": ids[0] if ids else None,
            "code": d.code, "type": d.type, "date": d.date, "issuer": d.issuer, "level": d.level,
            "title": d.title, "citations": len(rec.citations),
            "status": "updated" if rec.file in report.updated else "added"}


def _file_named(detail: str, names: list[str]) -> str | None:
    """The uploaded file an extraction error is about (its message starts with the name)."""
    if len(names) == 1:
        return safe_name(names[0])
    hits = [safe_name(n) for n in names if detail.startswith(safe_name(n) + ":")]
    return max(hits, key=len) if hits else None


def _too_many(limit: int) -> ApiError:
    return ApiError(413, "too_many_files", f"at most {limit} files per upload (VANBAN_API_MAX_FILES)",
                    f"Tối đa {limit} tệp mỗi lần tải lên")


def _file_too_large(name: str, limit: int) -> ApiError:
    return ApiError(413, "too_large", f"{name}: larger than the limit of {limit} bytes per file "
                                      f"(VANBAN_API_MAX_FILE_BYTES)",
                    f"{name}: tệp quá lớn (tối đa {limit} byte)", file=name)
