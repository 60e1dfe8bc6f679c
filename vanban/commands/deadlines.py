"""`vanban deadlines [--unit NAME] [--json]`: the reporting calendar and cascades."""
from __future__ import annotations

from ._common import emit_json, guarded, store_from


def register(sub) -> None:
    p = sub.add_parser("deadlines", help="who reports to whom, by when; late cascades flagged")
    p.add_argument("--unit", help="only lines naming this unit (accents and case ignored)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    result = store_from(args).deadlines(args.unit)
    if args.json:
        emit_json(result)
        return 0
    for ln in result["lines"]:
        via = f" (qua {ln['via']})" if ln["via"] else ""
        dl = ", ".join(ln["deadlines"]) or "không hạn"
        print(f"{dl:<36} {ln['from']} → {ln['to']}{via}   [{ln['plan']['code'] or ln['plan']['source']}]")
    for c in result["cascades"]:
        print(f"! {c['message']}")
    return 0
