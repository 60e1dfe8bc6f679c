"""`vanban implementers CODE [--json]`: every plan implementing a document."""
from __future__ import annotations

from vanban.graph.store import resolve_one
from vanban.i18n import level_name, t
from vanban.term import echo

from ._common import doc_line, emit_json, guarded, store_from


def register(sub) -> None:
    p = sub.add_parser("implementers", help=t("implementers.help"), description=t("implementers.help"))
    p.add_argument("ref", metavar=t("metavar.code"), help=t("implementers.ref"))
    p.add_argument("--json", action="store_true", help=t("opt.json"))
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    store = store_from(args)
    result = store.implementers(resolve_one(store, args.ref))
    if args.json:
        emit_json(result)
        return 0
    echo(doc_line(result["document"]))
    echo(t("implementers.total", n=result["total"]))
    for grp in result["groups"]:
        echo(f"  {level_name(grp['level'])} — {grp['place']} ({grp['count']})")
        for p in grp["plans"]:
            echo("    " + ("" if p["direct"] else t("implementers.indirect", depth=p["depth"])) + doc_line(p))
    for cov in result["coverage"]:
        if cov["without_plan"]:
            echo(t("implementers.uncovered", body=cov["body"], names=", ".join(cov["without_plan"])))
    return 0
