"""`vanban export --format graphml|gexf|json|neo4j-admin [-o OUT]`."""
from __future__ import annotations

import sys
from pathlib import Path

from ._common import guarded, store_from


def register(sub) -> None:
    p = sub.add_parser("export", help="export the graph (GEXF opens in Gephi)")
    p.add_argument("--format", required=True, choices=["graphml", "gexf", "json", "neo4j-admin"])
    p.add_argument("-o", "--output", help="file (folder for neo4j-admin); default: standard output")
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    store = store_from(args)
    if args.format == "neo4j-admin":
        if not args.output:
            print("vanban export: --format neo4j-admin needs -o FOLDER", file=sys.stderr)
            return 2
        from vanban.graph.export_neo4j_admin import write_neo4j_admin_csv
        files = write_neo4j_admin_csv(store, Path(args.output))
        for f in files:
            print(f)
        return 0
    text = store.export(args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
