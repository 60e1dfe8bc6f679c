"""`vanban remove FILE|ID...`: take plans out of the store, with everything only they contributed.

All references are resolved first; one that names nothing (or several documents) removes
nothing. The store is rewritten once, atomically.
"""
from __future__ import annotations

from vanban.i18n import t
from vanban.ingest import remove_refs
from vanban.term import echo

from ._common import emit_json, guarded, stats_line, store_from


def register(sub) -> None:
    p = sub.add_parser("remove", help=t("remove.help"), description=t("remove.help"))
    p.add_argument("refs", nargs="+", metavar=t("metavar.ref"), help=t("remove.refs"))
    p.add_argument("--json", action="store_true", help=t("opt.json"))
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    store = store_from(args)
    removed = remove_refs(store, args.refs)
    if args.json:
        emit_json({"removed": removed, "stats": store.stats()})
        return 0
    echo(t("remove.done", n=len(removed)))
    for key in removed:
        echo(f"  {key}")
    echo(stats_line(store.stats()))
    return 0
