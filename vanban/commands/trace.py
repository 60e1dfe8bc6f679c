"""`vanban trace REF... [--all] [--json]`: from a plan up to its central directive."""
from __future__ import annotations

from vanban.graph.queries import CHAIN_KEYS, Ambiguous
from vanban.graph.store import resolve_one
from vanban.i18n import date_text, t
from vanban.models import NotFound
from vanban.term import echo

from ._common import doc_line, emit_json, fail, guarded, say_store_empty, store_from


def register(sub) -> None:
    p = sub.add_parser("trace", help=t("trace.help"), description=t("trace.help"))
    p.add_argument("refs", nargs="*", metavar=t("metavar.ref"), help=t("trace.refs"))
    p.add_argument("--all", action="store_true", help=t("trace.all"))
    p.add_argument("--json", action="store_true", help=t("opt.json"))
    p.set_defaults(func=guarded(run))


def gap_line(gap: dict, chain: list[dict]) -> str:
    """A gap of the chain (trace's `gap_details`), said in the current language."""
    node = next((c for c in chain if c.get("id") == gap.get("id")), {})
    label = node.get("code") or gap.get("id")
    issuer = node.get("issuer") or t("unknown_issuer")
    kind = gap.get("kind")
    if kind == "ambiguous":
        return t("gap.ambiguous", label=label, issuer=issuer, candidates=", ".join(gap.get("candidates") or []))
    if kind in ("not_loaded", "no_basis", "cycle"):
        return t(f"gap.{kind}", label=label, issuer=issuer)
    return t("gap.other", label=label)


def succession_line(el: dict) -> str | None:
    """A chain element's unit that ended on 30 June 2025 and the units that took it over; None for
    a unit that still exists (or none known)."""
    unit = el.get("unit") or {}
    if not unit.get("valid_to") or not unit.get("name"):
        return None
    names = [t("trace.partial", name=s["unit"]["name"]) if s["partial"] else s["unit"]["name"]
             for s in el.get("succeeded_by") or () if s.get("unit")]
    if not names:
        return t("trace.ended_district", name=unit["name"], date=date_text(unit["valid_to"])) \
            if unit.get("level") == "district" else None
    return t("trace.succeeded", name=unit["name"], date=date_text(unit["valid_to"]), successors=", ".join(names))


def run(args) -> int:
    store = store_from(args)
    if not args.refs and not args.all:
        echo(t("trace.need_ref"), err=True)
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
        return 1 if problems else 0
    if args.all and not args.refs and say_store_empty(store):
        return 0
    for r in results:
        print_trace(r)
    return 1 if problems else 0


def print_trace(r: dict) -> None:
    """One trace, as the terminal shows it: the chain (with bodies that ended on 30 June 2025),
    its gaps and the central documents it reaches."""
    echo(doc_line(r["document"]))
    for i, el in enumerate(r["chain"]):
        if i:
            echo("  " * i + t("trace.implements") + doc_line(el))
        line = succession_line(el)
        if line:
            echo("  " * (i + 1) + line)
    details = r.get("gap_details")
    if details is None:   # a backend without details: its own sentences
        details = [{"kind": "?", "message": g} for g in r["gaps"]]
    for gap in details:
        echo(gap_line(gap, r["chain"]) if gap.get("kind") != "?" else "  ! " + gap["message"])
    if r["central"]:
        echo(t("trace.central", codes=", ".join(c["code"] or c["id"] for c in r["central"][:5])))
    echo()
