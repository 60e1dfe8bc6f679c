"""What the API shows of the server's file system: file names, never absolute paths.

The source key of a plan loaded from disk is its resolved path
(``/srv/plans/tinh/kh-10.txt``); answers show only the file name
(``kh-10.txt``), which is also a reference every endpoint accepts. Upload keys
(``upload:<name>``) hold no path and are shown as they are.

Every read goes through :class:`PublicReads`, which applies :func:`public_data`
to what the store answers: one place, for the JSON routes and the viewer alike.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any, Callable

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
_EMBEDDED = re.compile(r"(?<![\w/.\-])/[^\s()'\"<>]{0,1024}?\.(?:txt|md|docx|pdf)(?![\w])", re.IGNORECASE)


def is_server_path(value: str) -> bool:
    return value.startswith("/") or bool(_WIN_ABS.match(value))


def public_path(value: str) -> str:
    """The file name of an absolute path; anything else (``upload:x.txt``, an id) unchanged."""
    if not is_server_path(value):
        return value
    name = value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return name or value


def public_text(text: str, known: dict[str, str] | None = None) -> str:
    """`text` with absolute plan paths replaced by their file names."""
    if "/" not in text and "\\" not in text:
        return text
    for full, short in (known or {}).items():
        if full in text:
            text = text.replace(full, short)
    return _EMBEDDED.sub(lambda m: public_path(m.group(0)), text)


def public_data(data: Any) -> Any:
    """A copy of a query answer (JSON-like) whose paths are file names. Keys in
    PATH_KEYS are mapped exactly; sentences under TEXT_KEYS get the same
    replacements (the paths seen in this answer, then any absolute plan path)."""
    known: dict[str, str] = {}

    def paths(x: Any) -> Any:
        if isinstance(x, dict):
            out = {}
            for k, v in x.items():
                if isinstance(k, str) and is_server_path(k):   # an index by source (the export's by_source)
                    k = _unique_key(k, out)
                if k in PATH_KEYS and isinstance(v, str) and is_server_path(v):
                    out[k] = known.setdefault(v, public_path(v))
                elif k in LIST_PATH_KEYS and isinstance(v, list):
                    out[k] = [known.setdefault(p, public_path(p)) if isinstance(p, str) and is_server_path(p)
                              else p for p in v]
                else:
                    out[k] = paths(v)
            return out
        if isinstance(x, list):
            return [paths(v) for v in x]
        if isinstance(x, tuple):
            return tuple(paths(v) for v in x)
        return x

    def sentences(x: Any) -> Any:
        if isinstance(x, dict):
            for k, v in x.items():
                if k in TEXT_KEYS and isinstance(v, str):
                    x[k] = public_text(v, known)
                elif k in TEXT_KEYS and isinstance(v, list) and all(isinstance(t, str) for t in v):
                    x[k] = [public_text(t, known) for t in v]
                elif isinstance(v, (dict, list)):
                    sentences(v)
        elif isinstance(x, list):
            for v in x:
                if isinstance(v, (dict, list)):
                    sentences(v)
        return x

    return sentences(paths(data))


def _unique_key(path: str, taken: dict) -> str:
    """The file name of `path`, or as many of its last folders as make it a new key."""
    parts = path.replace("\\", "/").strip("/").split("/")
    for n in range(1, len(parts) + 1):
        key = "/".join(parts[-n:])
        if key not in taken:
            return key
    return path


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
