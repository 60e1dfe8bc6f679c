"""`vanban check [--rules FILE] [--json]`: plans that omit required citations."""
from __future__ import annotations

from vanban.graph.rules import load_rules

from ._common import emit_json, guarded, store_from


def register(sub) -> None:
    p = sub.add_parser("check", help="find plans that break citation rules")
    p.add_argument("--rules", metavar="FILE", help="YAML rule pack (default: the shipped dân vận pack)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    rules = load_rules(args.rules)
    result = store_from(args).check(rules)
    if args.json:
        emit_json(result)
        return 0
    vs = result["violations"]
    for v in vs:
        d = v["document"]
        print(f"[{v['severity']}] {d['code'] or d['id']}  {d['source'] or ''}")
        print(f"    {v['rule']}: {v['message']}")
        print(f"    thiếu / missing: {', '.join(v['missing'])}")
    print(f"{len(vs)} finding(s) from {len(rules)} rule(s)")
    return 0
