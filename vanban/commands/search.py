"""`vanban search TEXT [--json]`: fuzzy search, accents and case ignored."""
from __future__ import annotations

from vanban.i18n import date_text, kind_name, t
from vanban.term import echo

from ._common import emit_json, guarded, say_store_empty, store_from


def register(sub) -> None:
    p = sub.add_parser("search", help=t("search.help"), description=t("search.help"))
    p.add_argument("text", nargs="+", metavar=t("metavar.text"), help=t("search.text"))
    p.add_argument("--limit", type=int, default=20, help=t("search.limit"))
    p.add_argument("--json", action="store_true", help=t("opt.json"))
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    store = store_from(args)
    hits = store.search(" ".join(args.text), args.limit)
    if args.json:
        emit_json(hits)
        return 0
    if not hits:
        if not say_store_empty(store):
            echo(t("search.none"))
        return 0
    for h in hits:
        date = date_text(h["date"]) if h.get("date") else ""
        where = unit_text(h.get("unit"))
        echo(f"{h['score']:5.1f}  {kind_name(h['kind']):<9} {h['label']}{' ' + where if where else ''}  {date}  "
             f"{h.get('issuer') or ''}  {h['id']}")
    return 0


def unit_text(unit: dict | None) -> str:
    """The province and validity of a hit's unit, so the old and the new body of one name differ."""
    if not unit:
        return ""
    bits = [unit.get("district") or "", unit.get("province") or ""]
    if unit.get("valid_to"):
        bits.append(t("search.until", date=date_text(unit["valid_to"])))
    elif unit.get("valid_from"):
        bits.append(t("search.since", date=date_text(unit["valid_from"])))
    bits = [b for b in bits if b]
    return f"[{', '.join(bits)}]" if bits else ""
