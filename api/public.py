"""What the API shows of the server's file system: file names, never absolute paths.

The source key of a plan loaded from disk is its resolved path
(``/srv/plans/tinh/kh-10.txt``); answers show only the file name
(``kh-10.txt``), which is also a reference every endpoint accepts. Upload keys
(``upload:<name>``) hold no path and are shown as they are.

Every read goes through :class:`PublicReads`, which applies :func:`public_data`
to what the store answers: one place, for the JSON routes and the viewer alike.
The three hot reads (trace, search, subgraph) take the store's answer as it is
and serialise it with :func:`public_json`, the same result at a tenth of the cost.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import Any

import pydantic_core

from vanban.formats import PLAN_SUFFIXES

# Keys whose value is a source key (or a file as given by the user).
PATH_KEYS = frozenset({"source", "file"})
# Keys whose value is a list of source keys (a document loaded from several copies).
LIST_PATH_KEYS = frozenset({"sources"})
# Human-readable sentences the query layer writes; they may quote a source key.
TEXT_KEYS = frozenset({"message", "detail", "error", "gaps"})

_WIN_ABS = re.compile(r"^[A-Za-z]:[\\/]")
# An absolute POSIX path inside a sentence: no spaces (paths with spaces are
# caught by the exact replacement of the response's own source values), a
# bounded length (so a hostile title costs linear time), ending in a plan type.
# It opens with the literal '/' (then looks behind it) so that re can skip to the next '/'.
_EMBEDDED = re.compile(r"/(?<![\w/.\-]/)[^\s()'\"<>]{0,1024}?\.(?:"
                       + "|".join(s.lstrip(".") for s in sorted(PLAN_SUFFIXES, key=len, reverse=True))
                       + r")(?![\w])", re.IGNORECASE)


def is_server_path(value: str) -> bool:
    return value.startswith("/") or bool(_WIN_ABS.match(value))


def public_path(value: str) -> str:
    """The file name of an absolute path; anything else (``upload:x.txt``, an id) unchanged."""
    if not is_server_path(value):
        return value
    name = value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return name or value


# Any absolute path of two or more parts (a store file in a server error).
_ANY_PATH = re.compile(r"(?<![\w/.\-])/(?:[^\s/'\"()<>:]{1,255}/){1,64}[^\s/'\"()<>:]{0,255}")


def public_text(text: str, known: dict[str, str] | None = None, any_path: bool = False) -> str:
    """`text` with absolute plan paths replaced by their file names; with `any_path`
    (server errors, where a path is never the user's input) every absolute path."""
    if "/" not in text and "\\" not in text:
        return text
    for full, short in (known or {}).items():
        if full in text:
            text = text.replace(full, short)
    text = _EMBEDDED.sub(lambda m: public_path(m.group(0)), text)
    if any_path:
        text = _ANY_PATH.sub(lambda m: public_path(m.group(0)), text)
    return text


def public_data(data: Any) -> Any:
    """A query answer (JSON-like) whose paths are file names. Values under PATH_KEYS
    (and LIST_PATH_KEYS) and dict keys that are paths are mapped exactly; sentences
    under TEXT_KEYS get the paths seen so far in this answer replaced, then any
    absolute plan path. Copy on write: `data` is never changed, and a part without
    paths is returned as it is (answers may be cached by the store)."""
    return _public(data, {})


def _is_abs(v: str) -> bool:
    return v[:1] == "/" or (v[1:2] == ":" and _WIN_ABS.match(v) is not None)


_DEEP = (dict, list)
_STR_KEYS = PATH_KEYS | TEXT_KEYS   # string values that may hold a path


def _public(x: Any, known: dict[str, str]) -> Any:
    # The hot path of every read: type checks by identity, and a call only for what may
    # hold a path (a nested dict or list, a string under a path or text key).
    c = x.__class__
    if c is dict:
        return _public_dict(x, known)
    if c is list:
        return _public_list(x, known)
    return x


def _public_list(x: list, known: dict[str, str]) -> list:
    out = None
    for i, v in enumerate(x):
        c = v.__class__
        if c in _DEEP:
            nv = _public_dict(v, known) if c is dict else _public_list(v, known)
            if nv is not v:
                if out is None:
                    out = list(x)
                out[i] = nv
    return x if out is None else out


def _public_dict(x: dict, known: dict[str, str]) -> dict:
    # Keys in order: a sentence may quote a path that an earlier value taught `known`.
    changed: dict[Any, Any] | None = None
    renamed = False
    for k, v in x.items():
        c = v.__class__
        if c is str:
            nv = _public_value(k, v, known) if k in _STR_KEYS else None
        elif c is dict or c is list:
            nv = _public_member(k, v, known)
        else:
            nv = None
        if nv is not None:
            if changed is None:
                changed = {}
            changed[k] = nv
        if k.__class__ is str and (k[:1] == "/" or k[1:2] == ":"):
            renamed = renamed or _is_abs(k)
    if renamed:                              # an index by source (the export's by_source)
        return _keyed_by_file_name(x, changed)
    if changed is None:
        return x
    return {k: changed.get(k, v) for k, v in x.items()}


def _public_value(k: str, v: str, known: dict[str, str]) -> str | None:
    """The public form of the string `v` under the path or text key `k`, or None when it stays."""
    if k in PATH_KEYS:
        if (v[:1] == "/" or v[1:2] == ":") and _is_abs(v):
            return known.get(v) or known.setdefault(v, public_path(v))
        return None
    if "/" in v or "\\" in v:
        nv = public_text(v, known)
        if nv != v:
            return nv
    return None


def _public_member(k: Any, v: dict | list, known: dict[str, str]) -> dict | list | None:
    """The public form of the dict or list `v` under key `k`, or None when it stays."""
    if v.__class__ is dict:
        nv = _public_dict(v, known)
    elif k in LIST_PATH_KEYS or k in TEXT_KEYS:
        nv = _public_strings(v, known, k in LIST_PATH_KEYS)
    else:
        nv = _public_list(v, known)
    return None if nv is v else nv


def _keyed_by_file_name(x: dict, changed: dict[Any, Any] | None) -> dict:
    """`x` (with its `changed` values) whose path keys are file names, made unique by folders."""
    out: dict[Any, Any] = {}
    for k, v in x.items():
        v = changed.get(k, v) if changed else v
        out[_unique_key(k, out) if k.__class__ is str and _is_abs(k) else k] = v
    return out


def _public_strings(v: list, known: dict[str, str], paths: bool) -> list:
    if not any(p.__class__ is str and ("/" in p or "\\" in p) for p in v):
        return _public(v, known)
    if paths:
        return [known.setdefault(p, public_path(p)) if p.__class__ is str and _is_abs(p) else p for p in v]
    return [public_text(p, known) if p.__class__ is str else p for p in v]


def _unique_key(path: str, taken: dict) -> str:
    """The file name of `path`, or as many of its last folders as make it a new key."""
    parts = path.replace("\\", "/").strip("/").split("/")
    for n in range(1, len(parts) + 1):
        key = "/".join(parts[-n:])
        if key not in taken:
            return key
    return path


# ------------------------------------------------------------------ JSON, fast
# The hot reads (trace, search, subgraph) are serialised by pydantic_core (compact
# JSON, UTF-8, only '"', '\' and control characters escaped). The value of a
# "source" or "file" key is a whole JSON string right after the key, so one regex
# pass in C finds every source path of the answer; each is then replaced, wherever
# it occurs (in the messages that quote it too), by its file name. Only values of
# those keys are taken as paths: a code such as "/KH-UBND" stays as it is.
_JSON_PATH = re.compile(rb'"(?:source|file)":"((?:/|[A-Za-z]:\\\\)[^"\\]*(?:\\.[^"\\]*)*)"')


def public_json(data: Any) -> bytes:
    """`data` as JSON with file names for server paths: the same answer as
    ``to_json(public_data(data))``, about ten times faster. When an absolute plan
    path is left inside a sentence (no whole value to learn it from), the exact
    structural walk answers instead."""
    body = pydantic_core.to_json(data)
    tokens = set(_JSON_PATH.findall(body))
    for raw in sorted(tokens, key=len, reverse=True):      # a longer path before its prefix
        escaped = b"\\" in raw                             # else the JSON text is the path itself
        path = json.loads(b'"' + raw + b'"') if escaped else raw.decode("utf-8")
        name = public_path(path)
        if name != path:
            new = json.dumps(name, ensure_ascii=False)[1:-1] if escaped else name
            body = body.replace(raw, new.encode("utf-8"))
    if _EMBEDDED_BYTES.search(body):
        return pydantic_core.to_json(public_data(data))
    return body


_EMBEDDED_BYTES = re.compile(_EMBEDDED.pattern.encode(), re.IGNORECASE)


# ------------------------------------------------------------------ exports
# GraphML writes every attribute as <data key="dN">value</data>, GEXF as
# <attvalue for="N" value="value" />; structured values (evidence) are JSON
# strings inside them (see graph.queries.export).
_GRAPHML_DATA = re.compile(r'(<data key="[^"]*">)([^<]*)(</data>)')
_GEXF_VALUE = re.compile(r'(<attvalue for="[^"]*" value=")([^"]*)(")')


def _public_attr(raw: str, quote: bool) -> str:
    value = html.unescape(raw)
    if is_server_path(value):
        new = public_path(value)
    elif value[:1] in "[{":
        try:
            parsed = json.loads(value)
        except ValueError:
            return raw
        fixed = public_data(parsed)
        if isinstance(fixed, list):         # a flattened list of source keys ("sources")
            fixed = [public_path(x) if isinstance(x, str) else x for x in fixed]
        if fixed == parsed:
            return raw
        new = json.dumps(fixed, ensure_ascii=False, sort_keys=True)
    else:
        return raw
    return html.escape(new, quote=quote)


def public_export(fmt: str, body: str) -> str:
    """An export (graphml, gexf or json) with every source path replaced by its file name."""
    if fmt == "json":
        return json.dumps(public_data(json.loads(body)), ensure_ascii=False, sort_keys=True, indent=1)
    if fmt == "graphml":
        return _GRAPHML_DATA.sub(lambda m: m.group(1) + _public_attr(m.group(2), False) + m.group(3), body)
    if fmt == "gexf":
        return _GEXF_VALUE.sub(lambda m: m.group(1) + _public_attr(m.group(2), True) + m.group(3), body)
    return body


class PublicReads:
    """The store as a reader sees it: every query answer passes through
    :func:`public_data`. Writes and anything else go to the store itself."""

    _QUERIES = frozenset({"node", "trace", "check", "implementers", "search", "deadlines", "subgraph",
                          "documents", "document"})

    def __init__(self, store: Any):
        self.store = store

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.store, name)
        if name in self._QUERIES:
            return _public_call(attr)
        if name == "export":
            return lambda fmt: public_export(fmt, attr(fmt))
        return attr


def _public_call(fn: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return public_data(fn(*args, **kwargs))
    call.__name__ = getattr(fn, "__name__", "query")
    return call
