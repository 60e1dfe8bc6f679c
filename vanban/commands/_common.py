"""Helpers shared by the query commands: open the store, print JSON or text, report errors."""
from __future__ import annotations

import json
import sys
from typing import Any

from vanban.graph.store import GraphStore, open_store
from vanban.models import VanbanError


def store_from(args) -> GraphStore:
    return open_store(getattr(args, "backend", None), getattr(args, "home", None))


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def fail(exc: VanbanError) -> int:
    """Print a user error (English detail, Vietnamese message) and return the exit code."""
    print(f"vanban: {exc.detail}", file=sys.stderr)
    if exc.message_vi and exc.message_vi != exc.detail:
        print(f"        {exc.message_vi}", file=sys.stderr)
    cands = getattr(exc, "candidates", None)
    if cands:
        print("candidates:", file=sys.stderr)
        for c in cands:
            print(f"  {c['id']}  {c.get('code')}  {c.get('date')}  {c.get('issuer')}  {c.get('source') or ''}",
                  file=sys.stderr)
    return 1


def guarded(fn):
    """Wrap a command so VanbanError becomes a clear message and exit code 1."""
    def run(args) -> int:
        try:
            return int(fn(args) or 0)
        except VanbanError as exc:
            return fail(exc)
    return run


def doc_line(d: dict[str, Any]) -> str:
    parts = [d.get("code") or "(không số)", d.get("type") or "", d.get("date") or "", d.get("issuer") or ""]
    line = "  ".join(p for p in parts if p)
    if d.get("source"):
        line += f"  [{d['source']}]"
    return line
