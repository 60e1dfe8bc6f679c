"""`vanban implementers CODE [--json]`: every plan implementing a document."""
from __future__ import annotations

from vanban.graph.store import resolve_one

from ._common import doc_line, emit_json, guarded, store_from


def register(sub) -> None:
    p = sub.add_parser("implementers", help="plans implementing a directive or plan, by level and place")
    p.add_argument("ref", metavar="CODE", help="code, node id or loaded file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    store = store_from(args)
    result = store.implementers(resolve_one(store, args.ref))
    if args.json:
        emit_json(result)
        return 0
    print(doc_line(result["document"]))
    print(f"{result['total']} plan(s) implement it")
    for grp in result["groups"]:
        print(f"  {grp['level']} — {grp['place']} ({grp['count']})")
        for p in grp["plans"]:
            print("    " + ("" if p["direct"] else f"(qua {p['depth']} bậc) ") + doc_line(p))
    for cov in result["coverage"]:
        if cov["without_plan"]:
            print(f"  chưa có kế hoạch dưới {cov['body']}: {', '.join(cov['without_plan'])}")
    return 0
