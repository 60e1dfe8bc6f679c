"""Helpers shared by the commands: open the store, print JSON or lines for people, report errors.

Every line meant for people goes through :func:`vanban.term.echo` (control characters escaped)
and every sentence through :func:`vanban.i18n.t` (Vietnamese by default, English with --lang en).
"""
from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from vanban.graph.store import GraphStore, open_store
from vanban.i18n import date_text, language, os_error_text, t
from vanban.models import VanbanError
from vanban.term import echo, shown


def store_from(args) -> GraphStore:
    return open_store(getattr(args, "backend", None), getattr(args, "home", None))


def emit_json(data: Any, indent: int = 2) -> None:
    """`data` as JSON on stdout: readable UTF-8, or all-ASCII escapes when a string cannot be
    encoded (a file name with bytes that are not UTF-8): valid JSON either way."""
    try:
        text = json.dumps(data, ensure_ascii=False, indent=indent)
        text.encode(sys.stdout.encoding or "utf-8")
    except UnicodeEncodeError:
        text = json.dumps(data, ensure_ascii=True, indent=indent)
    sys.stdout.write(text + "\n")


def error_text(exc: VanbanError) -> str:
    """The error's message in the current language."""
    return exc.message_vi if language() == "vi" else exc.detail


def fail(exc: VanbanError) -> int:
    """Print a user error (and the candidates of an ambiguous ref) and return the exit code."""
    echo(f"vanban: {error_text(exc)}", err=True)
    cands = getattr(exc, "candidates", None)
    if cands:
        echo(t("err.candidates"), err=True)
        for c in cands:
            echo(f"  {c['id']}  {c.get('code') or ''}  {date_text(c.get('date')) if c.get('date') else ''}  "
                 f"{c.get('issuer') or ''}  {c.get('source') or ''}", err=True)
    return 1


def report_error(exc: BaseException) -> int:
    """One line on stderr for any error a command raised, and the exit code: never a traceback
    (unless $VANBAN_DEBUG is set, for bug reports)."""
    if os.environ.get("VANBAN_DEBUG"):
        traceback.print_exception(exc)
    if isinstance(exc, VanbanError):
        return fail(exc)
    if isinstance(exc, OSError):
        echo(f"vanban: {os_error_text(exc)}", err=True)
    elif isinstance(exc, ValueError):
        echo(f"vanban: {t('err.value', detail=exc)}", err=True)
    else:
        echo(f"vanban: {t('err.internal', kind=type(exc).__name__, detail=exc)}", err=True)
    return 1


def guarded(fn):
    """Wrap a command so that any error becomes a clear one-line message and exit code 1."""
    def run(args) -> int:
        try:
            return int(fn(args) or 0)
        except (KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as exc:  # noqa: BLE001 - see report_error
            return report_error(exc)
    return run


def check_output_path(path: str | os.PathLike, *, folder: bool = False) -> Path:
    """`-o PATH` as given, refused (with a clear error) when its parent folder does not exist
    or, for a file, when it names a folder: vanban never creates folders the user did not name."""
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise VanbanError(_en("err.no_parent", path=p, parent=parent),
                          message_vi=_vi("err.no_parent", path=p, parent=parent), code="no_such_folder")
    if not folder and p.is_dir():
        raise VanbanError(_en("err.is_dir", path=p), message_vi=_vi("err.is_dir", path=p), code="is_a_folder")
    return p


def _en(msg_id: str, **kw) -> str:
    from vanban.i18n import MESSAGES
    return MESSAGES[msg_id]["en"].format(**kw)


def _vi(msg_id: str, **kw) -> str:
    from vanban.i18n import MESSAGES
    return MESSAGES[msg_id]["vi"].format(**kw)


def doc_line(d: dict[str, Any]) -> str:
    parts = [d.get("code") or t("no_code"), d.get("type") or "", date_text(d["date"]) if d.get("date") else "",
             d.get("issuer") or ""]
    line = "  ".join(p for p in parts if p)
    if d.get("source"):
        line += f"  [{d['source']}]"
    return line


def say_store_empty(store: GraphStore) -> bool:
    """Print "the store has no plans yet" and return True when it has none."""
    if store.loaded_plans():
        return False
    echo(t("store.empty"))
    return True


__all__ = ["store_from", "emit_json", "fail", "report_error", "guarded", "check_output_path", "doc_line",
           "say_store_empty", "echo", "shown", "t"]


def stats_line(st: dict[str, Any]) -> str:
    """The store's counts in one line: plans, cited documents, issuers, units."""
    n = st.get("nodes") or {}
    return t("store.stats", backend=st.get("backend", "?"), plan=n.get("plan", 0), directive=n.get("directive", 0),
             issuer=n.get("issuer", 0), unit=n.get("unit", 0))
