"""`vanban deadlines [--unit NAME] [--json]`: the reporting calendar and cascades."""
from __future__ import annotations

from vanban.i18n import deadline_text, t
from vanban.term import echo

from ._common import emit_json, guarded, say_store_empty, store_from


def register(sub) -> None:
    p = sub.add_parser("deadlines", help=t("deadlines.help"), description=t("deadlines.help"))
    p.add_argument("--unit", help=t("deadlines.unit"))
    p.add_argument("--json", action="store_true", help=t("opt.json"))
    p.set_defaults(func=guarded(run))


def _plan_label(p: dict) -> str:
    return p.get("code") or p.get("source") or p.get("id") or "?"


def run(args) -> int:
    store = store_from(args)
    result = store.deadlines(args.unit)
    if args.json:
        emit_json(result)
        return 0
    if say_store_empty(store):
        return 0
    if not result["lines"]:
        echo(t("deadlines.none"))
    for ln in result["lines"]:
        via = f" ({t('via', via=ln['via'])})" if ln["via"] else ""
        dl = ", ".join(map(deadline_text, ln["deadlines"])) or t("no_deadline")
        echo(f"{dl:<36} {ln['from']} → {ln['to']}{via}   [{_plan_label(ln['plan'])}]")
    for c in result["cascades"]:
        echo(t("deadlines.cascade", plan=_plan_label(c["plan"]), parent=_plan_label(c["parent"]),
               lower=deadline_text(c["lower_deadline"]), upper=deadline_text(c["upper_deadline"])))
    return 0
