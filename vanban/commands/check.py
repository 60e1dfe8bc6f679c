"""`vanban check [--rules FILE] [--json]`: plans that omit required citations.

A rule's message is shown as the rule pack states it (the shipped pack is in Vietnamese)."""
from __future__ import annotations

from vanban.graph.rules import load_rules
from vanban.i18n import severity_name, t
from vanban.term import echo

from ._common import emit_json, guarded, say_store_empty, store_from


def register(sub) -> None:
    p = sub.add_parser("check", help=t("check.help"), description=t("check.help"))
    p.add_argument("--rules", metavar=t("metavar.file"), help=t("check.rules"))
    p.add_argument("--json", action="store_true", help=t("opt.json"))
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    rules = load_rules(args.rules)
    store = store_from(args)
    result = store.check(rules)
    if args.json:
        emit_json(result)
        return 0
    if say_store_empty(store):
        return 0
    vs = result["violations"]
    for v in vs:
        d = v["document"]
        echo(f"[{severity_name(v['severity'])}] {d['code'] or d['id']}  {d['source'] or ''}")
        echo(f"    {v['rule']}: {v['message']}")
        echo(t("check.missing", codes=", ".join(v["missing"])))
    for f in result.get("reform") or []:
        d = f["document"]
        succ = ", ".join(x["name"] for x in f["successors"]) or t("check.reform.no_successor")
        echo(t("check.reform", doc=d["code"] or d["id"], date=d["date"],
               relation=t(f"check.reform.{f['relation']}"), body=f["body"], ended=f["ended"], successors=succ))
    echo(t("check.summary", n=len(vs), rules=len(rules)))
    return 0
