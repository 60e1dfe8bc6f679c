"""`vanban trace REF... [--all] [--json]`: from a plan up to its central directive."""
from __future__ import annotations

import sys

from vanban.graph.queries import CHAIN_KEYS, Ambiguous
from vanban.graph.store import resolve_one
from vanban.models import NotFound

from ._common import doc_line, emit_json, fail, guarded, store_from


def register(sub) -> None:
    p = sub.add_parser("trace", help="trace plans up to their central directive")
    p.add_argument("refs", nargs="*", metavar="REF", help="file path or basename, node id, or code")
    p.add_argument("--all", action="store_true", help="trace every loaded plan")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    store = store_from(args)
    if not args.refs and not args.all:
        print("vanban trace: give at least one REF, or --all", file=sys.stderr)
        return 2
    ids: list[str] = []
    problems: list[dict] = []
    for ref in args.refs:
        try:
            ids.append(resolve_one(store, ref))
        except Ambiguous as exc:
            fail(exc)
            problems.append({"ref": ref, "error": "ambiguous",
                             "candidates": [{k: c.get(k) for k in CHAIN_KEYS} for c in exc.candidates]})
        except NotFound as exc:
            fail(exc)
            problems.append({"ref": ref, "error": "not_found", "candidates": []})
    if args.all:
        ids.extend(i for i in store.loaded_plans() if i not in ids)
    results = [store.trace(i) for i in ids]
    if args.json:
        emit_json(results + problems)
    else:
        for r in results:
            print(doc_line(r["document"]))
            for i, el in enumerate(r["chain"][1:], 1):
                print("  " * i + "└─ thực hiện " + doc_line(el))
            for gap in r["gaps"]:
                print("  ! " + gap)
            if r["central"]:
                print("  Trung ương: " + ", ".join(c["code"] or c["id"] for c in r["central"][:5]))
            print()
    return 1 if problems else 0
