"""`vanban viz -o FILE.html`: write the interactive viewer as one self-contained, offline HTML file."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vanban.atomic import atomic_file
from vanban.i18n import t, whole_number
from vanban.term import echo

from ._common import check_output_path, fail

LEVELS = ("central", "province", "district", "commune")
KINDS = ("plan", "directive", "issuer", "unit")


def _nonneg(s: str) -> int:
    n = whole_number(s)
    if n < 0:
        raise argparse.ArgumentTypeError(t("arg.at_least", n=0))
    return n


def _cap(s: str) -> int:
    from vanban.viz.page import MAX_CAP
    n = whole_number(s)
    if n < 1 or n > MAX_CAP:
        raise argparse.ArgumentTypeError(t("arg.between", lo=1, hi=MAX_CAP))
    return n


def register(subparsers) -> None:
    p = subparsers.add_parser("viz", help=t("viz.help"), description=t("viz.description"))
    p.add_argument("-o", "--output", metavar=t("metavar.html"), help=t("viz.output"))
    p.add_argument("--png", metavar=t("metavar.png"), help=t("viz.png"))
    p.add_argument("--focus", metavar=t("metavar.ref"), help=t("viz.focus"))
    p.add_argument("--depth", type=_nonneg, default=2, help=t("viz.depth"))
    p.add_argument("--year", type=int, default=None, help=t("viz.year"))
    p.add_argument("--place", default=None, help=t("viz.place"))
    p.add_argument("--level", choices=LEVELS, default=None, help=t("viz.level"))
    p.add_argument("--kind", action="append", choices=KINDS, default=None, help=t("viz.kind"))
    p.add_argument("--cap", type=_cap, default=None, help=t("viz.cap"))
    p.add_argument("--title", default=None, help=t("viz.title"))
    p.add_argument("--quiet", "-q", action="store_true", help=t("viz.quiet"))
    p.set_defaults(func=run)


def _write(path: str, text: str) -> None:
    if path == "-":
        sys.stdout.write(text)
        return
    with atomic_file(Path(path), "w", perms=0o644, make_parents=False) as fh:
        fh.write(text)


def run(args) -> int:
    from vanban.graph.store import open_store
    from vanban.models import VanbanError
    from vanban.viz.page import DEFAULT_CAP, build_view

    if not args.output and not args.png:
        echo(t("viz.no_output"), err=True)
        return 2
    try:
        for target in (args.output, args.png):
            if target and target != "-":
                check_output_path(target)   # before the work; never creates a folder
        store = open_store(args.backend, args.home)
        try:
            html, info = build_view(store, focus=args.focus, depth=args.depth, cap=args.cap or DEFAULT_CAP,
                                    year=args.year, place=args.place, level=args.level, kinds=args.kind,
                                    api_base=None, title=args.title)
        finally:
            store.close()
        if args.output:
            _write(args.output, html)   # an OSError is reported by the CLI in one line
        if args.png:
            from vanban.viz.png import html_to_png
            html_to_png(html, Path(args.png))
    except VanbanError as exc:
        return fail(exc)
    if not args.quiet and args.output != "-":
        more = t("viz.more", total=info["total_nodes"]) if info["truncated"] else ""
        wrote = " + ".join(x for x in (args.output, args.png) if x)
        echo(t("viz.wrote", path=wrote, nodes=info["nodes"], more=more, edges=info["edges"],
               violations=info["violations"]), err=True)
        if info.get("traces_left_out"):
            echo(t("viz.traces_left_out", n=info["traces_left_out"]), err=True)
    return 0
