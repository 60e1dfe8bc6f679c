"""/docs: the OpenAPI contract as a self-contained HTML page (no JavaScript, no
CDN, so it works on an offline machine). The interactive Swagger UI and ReDoc,
which load their scripts from a CDN, are at /docs/swagger and /redoc."""
from __future__ import annotations

import html
import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

_CSS = """body{font:15px/1.45 system-ui,sans-serif;max-width:68rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{margin-top:2.2rem;border-bottom:1px solid #ccc}code,pre{background:#f4f4f4;padding:.1rem .3rem}
.op{margin:1.2rem 0;padding:.6rem .9rem;border-left:4px solid #5a8}.m{font-weight:bold;text-transform:uppercase}
table{border-collapse:collapse;margin:.4rem 0}\
td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
.desc{white-space:pre-wrap}"""


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def _type(schema: dict[str, Any]) -> str:
    if not isinstance(schema, dict):
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return " | ".join(_type(s) for s in schema[key])
    t = schema.get("type", "")
    if t == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
    if "const" in schema:
        return json.dumps(schema["const"], ensure_ascii=False)
    return t + (f" ({schema['format']})" if schema.get("format") else "")


def render(spec: dict[str, Any]) -> str:
    info = spec.get("info", {})
    out = [f"<!doctype html><html lang=en><meta charset=utf-8><title>{_e(info.get('title'))} API</title>",
           f"<style>{_CSS}</style><h1>{_e(info.get('title'))} {_e(info.get('version'))}</h1>",
           f"<div class=desc>{_e(info.get('description', '').strip())}</div>",
           "<p>Machine-readable contract: <a href='openapi.json'>openapi.json</a>. "
           "Interactive pages (need internet for their scripts): <a href='docs/swagger'>Swagger UI</a>, "
           "<a href='redoc'>ReDoc</a>.</p><h2>Endpoints</h2>"]
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            out += _operation(path, method, op)
    out.append("<h2>Schemas</h2>")
    for name, schema in (spec.get("components", {}).get("schemas") or {}).items():
        out += _schema(name, schema)
    return "".join(out) + "</html>"


def _operation(path: str, method: str, op: dict[str, Any]) -> list[str]:
    """One endpoint: summary, description, parameters, request body and responses."""
    out = [f"<div class=op><span class=m>{_e(method)}</span> <code>{_e(path)}</code> — {_e(op.get('summary'))}"]
    if op.get("description"):
        out.append(f"<div class=desc>{_e(op['description'].strip())}</div>")
    out += _parameters(op.get("parameters") or [])
    body = (op.get("requestBody") or {}).get("content") or {}
    if body:
        out.append("<p>Body: " + ", ".join(f"<code>{_e(ct)}</code> {_e(_type(c.get('schema', {})))}"
                                          for ct, c in body.items()) + "</p>")
    out.append("<table><tr><th>status</th><th>meaning</th><th>body</th></tr>")
    for status, resp in (op.get("responses") or {}).items():
        kinds = ", ".join(f"{_e(ct)} {_e(_type(c.get('schema', {})))}"
                          for ct, c in (resp.get("content") or {}).items())
        out.append(f"<tr><td>{_e(status)}</td><td>{_e(resp.get('description'))}</td><td>{kinds}</td></tr>")
    out.append("</table></div>")
    return out


def _parameters(params: list[dict[str, Any]]) -> list[str]:
    """The parameter table of an endpoint (nothing when it has none)."""
    if not params:
        return []
    out = ["<table><tr><th>parameter</th><th>in</th><th>type</th><th>required</th><th>about</th></tr>"]
    for p in params:
        out.append(f"<tr><td><code>{_e(p.get('name'))}</code></td><td>{_e(p.get('in'))}</td>"
                   f"<td>{_e(_type(p.get('schema', {})))}</td><td>{'yes' if p.get('required') else ''}</td>"
                   f"<td>{_e(p.get('description') or (p.get('schema') or {}).get('description'))}</td>"
                   "</tr>")
    out.append("</table>")
    return out


def _schema(name: str, schema: dict[str, Any]) -> list[str]:
    """One component schema: its description and the table of its fields."""
    out = [f"<h3 id='{_e(name)}'>{_e(name)}</h3>"]
    if schema.get("description"):
        out.append(f"<div class=desc>{_e(schema['description'].strip())}</div>")
    props = schema.get("properties") or {}
    if props:
        req = set(schema.get("required") or [])
        out.append("<table><tr><th>field</th><th>type</th><th>required</th><th>about</th></tr>")
        for k, v in props.items():
            out.append(f"<tr><td><code>{_e(k)}</code></td><td>{_e(_type(v))}</td>"
                       f"<td>{'yes' if k in req else ''}</td><td>{_e(v.get('description'))}</td></tr>")
        out.append("</table>")
    return out


def install(app: FastAPI) -> None:
    """Replace FastAPI's /docs (a CDN-loaded page) by the offline page; keep Swagger at /docs/swagger."""
    cache: dict[str, str] = {}

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    async def docs(request: Request) -> HTMLResponse:
        if "page" not in cache:
            cache["page"] = render(app.openapi())
        base = request.scope.get("root_path") or ""
        page = cache["page"].replace("href='openapi.json'", f"href='{_e(base)}/openapi.json'") \
            .replace("href='docs/swagger'", f"href='{_e(base)}/docs/swagger'") \
            .replace("href='redoc'", f"href='{_e(base)}/redoc'")
        return HTMLResponse(page, headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})

    @app.get("/docs/swagger", include_in_schema=False, response_class=HTMLResponse)
    async def swagger(request: Request) -> HTMLResponse:
        base = request.scope.get("root_path") or ""
        return get_swagger_ui_html(openapi_url=f"{base}/openapi.json", title=f"{app.title} — Swagger UI")
