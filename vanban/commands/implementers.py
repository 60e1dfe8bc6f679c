"""`vanban implementers CODE [--json]`: every plan implementing a document."""
from __future__ import annotations

from vanban.graph.store import resolve_one
from vanban.i18n import level_name, t
from vanban.term import echo

from ._common import doc_line, emit_json, guarded, store_from


def register(sub) -> None:
    p = sub.add_parser("implementers", help=t("implementers.help"), description=t("implementers.help"))
    p.add_argument("ref", metavar=t("metavar.code"), help=t("implementers.ref"))
    p.add_argument("--province", help=t("implementers.province"))
    p.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help=t("implementers.as_of"))
    p.add_argument("--fold-old", dest="fold_old", action="store_true", help=t("implementers.fold_old"))
    p.add_argument("--json", action="store_true", help=t("opt.json"))
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    store = store_from(args)
    result = store.implementers(resolve_one(store, args.ref), province=args.province, as_of=args.as_of,
                                fold_old=args.fold_old)
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
    if "units" in result:
        _echo_units(result["units"])
    return 0


def _echo_units(u: dict) -> None:
    """Every unit of the province on the date, with its status (the table the viewer shows)."""
    echo(t("implementers.units", province=u["province"], as_of=u["as_of"], units=u["units"],
           covered=len(u["covered"]), none=len(u["none"]), ambiguous=len(u["ambiguous"])))
    folded = set((u.get("fold_old") or {}).get("covered", ())) - set(u["covered"])
    partial = set((u.get("fold_old") or {}).get("partial", ()))
    for status in ("covered", "ambiguous", "none"):
        for uid in u[status]:
            st = status
            if uid in folded:
                st = "partial" if uid in partial else "folded"
            echo(t("implementers.unit_row", status=t(f"implementers.status.{st}"), name=u["names"][uid], id=uid))
