"""`vanban export --format graphml|gexf|json|neo4j-admin [-o OUT]`.

A file is written atomically (readers see the old one or the new one); its folder must
exist: vanban creates no folder the user did not name (neo4j-admin creates the one named)."""
from __future__ import annotations

import sys
from pathlib import Path

from vanban.atomic import atomic_file
from vanban.i18n import t
from vanban.term import echo

from ._common import check_output_path, guarded, store_from


def register(sub) -> None:
    p = sub.add_parser("export", help=t("export.help"), description=t("export.help"))
    p.add_argument("--format", required=True, choices=["graphml", "gexf", "json", "neo4j-admin"],
                   help=t("export.format"))
    p.add_argument("-o", "--output", help=t("export.output"))
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    if args.format == "neo4j-admin":
        if not args.output:
            echo(t("export.need_output"), err=True)
            return 2
        out_dir = check_output_path(args.output, folder=True)
        from vanban.graph.export_neo4j_admin import write_neo4j_admin_csv
        for f in write_neo4j_admin_csv(store_from(args), out_dir):
            echo(f)
        return 0
    target = check_output_path(args.output) if args.output else None   # before the work, not after
    text = store_from(args).export(args.format)
    if target is None:
        sys.stdout.write(text)
        return 0
    with atomic_file(Path(target), "w", perms=0o644, make_parents=False) as fh:
        fh.write(text)
    echo(t("export.wrote", path=target), err=True)
    return 0
