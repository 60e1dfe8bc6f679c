"""`vanban search TEXT [--json]`: fuzzy search, accents and case ignored."""
from __future__ import annotations

from ._common import emit_json, guarded, store_from


def register(sub) -> None:
    p = sub.add_parser("search", help="fuzzy search over codes, titles, issuers and units")
    p.add_argument("text", nargs="+")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    hits = store_from(args).search(" ".join(args.text), args.limit)
    if args.json:
        emit_json(hits)
        return 0
    for h in hits:
        print(f"{h['score']:5.1f}  {h['kind']:<9} {h['label']}  {h.get('date') or ''}  {h.get('issuer') or ''}  {h['id']}")
    return 0
