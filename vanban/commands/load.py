"""`vanban load PATH...`: extract plans and merge them into the store."""
from __future__ import annotations

import sys

from vanban.ingest import load_paths

from ._common import emit_json, guarded, store_from


def register(sub) -> None:
    p = sub.add_parser("load", help="load plan files or folders into the store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print the load report as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--force", action="store_true",
                   help="extract unchanged files again (after upgrading vanban: the store keeps what the old "
                        "extractor made of them)")
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    store = store_from(args)
    report = load_paths(store, args.paths, progress=not args.no_progress and sys.stderr.isatty() or False,
                        force=args.force)
    if args.json:
        emit_json(report.to_json() | {"stats": store.stats()})
    else:
        print(f"added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
              f"failed {len(report.failed)}")
        st = store.stats()
        print("store: " + ", ".join(f"{k} {v}" for k, v in st["nodes"].items()) + f" ({st['backend']})")
    for f in report.failed:
        print(f"vanban: skipped {f['error']}", file=sys.stderr)
    return 1 if report.failed else 0
