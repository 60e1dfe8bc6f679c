"""`vanban viz -o FILE.html`: write the interactive viewer as one self-contained, offline HTML file."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vanban.atomic import atomic_file

LEVELS = ("central", "province", "district", "commune")
KINDS = ("plan", "directive", "issuer", "unit")


def _nonneg(s: str) -> int:
    n = int(s)
    if n < 0:
        raise argparse.ArgumentTypeError("must be at least 0")
    return n


def _cap(s: str) -> int:
    from vanban.viz.page import MAX_CAP
    n = int(s)
    if n < 1 or n > MAX_CAP:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_CAP}")
    return n


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "viz", help="write the interactive graph viewer as one offline HTML file",
        description="Write the citation network as one self-contained HTML page (no network access needed): "
                    "levels as rows, rule violations marked, click a node for details and its trace. "
                    "Double-click expansion needs the served page (vanban serve, then /viz).")
    p.add_argument("-o", "--output", metavar="FILE.html", help="where to write the page ('-' for stdout)")
    p.add_argument("--png", metavar="FILE.png", help="also (or only) write the same view as a PNG image, drawn by "
                                                      "headless Chromium (for reports)")
    p.add_argument("--focus", metavar="REF", help="centre on a document: node id, file name or code (default: overview)")
    p.add_argument("--depth", type=_nonneg, default=2, help="hops around --focus (default 2)")
    p.add_argument("--year", type=int, default=None, help="only documents of this year")
    p.add_argument("--place", default=None, help="only nodes of this place (accents and case ignored)")
    p.add_argument("--level", choices=LEVELS, default=None, help="only nodes of this level")
    p.add_argument("--kind", action="append", choices=KINDS, default=None,
                   help="only these node kinds (repeatable; default all)")
    p.add_argument("--cap", type=_cap, default=None, help="at most this many nodes (default 300)")
    p.add_argument("--title", default=None, help="page title")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    p.set_defaults(func=run)


def _write(path: str, text: str) -> None:
    if path == "-":
        sys.stdout.write(text)
        return
    with atomic_file(Path(path), "w", perms=0o644) as fh:
        fh.write(text)


def run(args) -> int:
    from vanban.graph.store import open_store
    if not args.output and not args.png:
        print("vanban viz: give -o FILE.html, --png FILE.png, or both", file=sys.stderr)
        return 2
    from vanban.models import VanbanError
    from vanban.viz.page import DEFAULT_CAP, build_view

    try:
        store = open_store(args.backend, args.home)
        try:
            html, info = build_view(store, focus=args.focus, depth=args.depth, cap=args.cap or DEFAULT_CAP,
                                    year=args.year, place=args.place, level=args.level, kinds=args.kind,
                                    api_base=None, title=args.title)
        finally:
            store.close()
    except VanbanError as exc:
        print(f"vanban viz: {exc.detail}", file=sys.stderr)
        cands = getattr(exc, "candidates", None)
        for c in cands or []:
            print(f"  {c.get('id')}  {c.get('code') or ''}  {c.get('issuer') or ''}  {c.get('date') or ''}",
                  file=sys.stderr)
        return 1
    for is_png, target in ((False, args.output), (True, args.png)):
        if not target:
            continue
        try:
            if is_png:
                from vanban.viz.png import html_to_png
                html_to_png(html, Path(target))
            else:
                _write(target, html)
        except OSError as exc:
            print(f"vanban viz: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        except VanbanError as exc:
            print(f"vanban viz: {exc.detail}", file=sys.stderr)
            return 1
    if not args.quiet and args.output != "-":
        more = f" of {info['total_nodes']} (raise --cap to see more)" if info["truncated"] else ""
        wrote = " and ".join(x for x in (args.output, args.png) if x)
        print(f"wrote {wrote}: {info['nodes']} nodes{more}, {info['edges']} edges, "
              f"{info['violations']} rule violations marked", file=sys.stderr)
        if info.get("traces_left_out"):
            print(f"note: {info['traces_left_out']} plans have no precomputed trace in this file (time budget); "
                  f"use --focus, a smaller --cap, or the served page (/viz)", file=sys.stderr)
    return 0
