"""The `vanban` command. Each subcommand lives in its own module under
``vanban.commands`` (one owner per module), exposing ``register(subparsers)``."""
from __future__ import annotations

import argparse
import importlib
import os
import sys

# Order is the order shown in --help.
COMMANDS = ["extract", "eval", "load", "trace", "check", "implementers", "search",
            "deadlines", "export", "serve", "viz", "demo", "generate"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vanban",
        description="Citation knowledge graph for Vietnamese local-government plans.")
    from vanban.graph.store import backend_names
    parser.add_argument("--backend", choices=backend_names(), default=None,
                        help="storage backend (default: $VANBAN_BACKEND or networkx)")
    parser.add_argument("--home", default=None, help="store folder (default: $VANBAN_HOME or ./.vanban)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"vanban.commands.{name}")
        except ModuleNotFoundError as exc:  # a command not built yet must not break the others
            if exc.name != f"vanban.commands.{name}":
                raise
            continue
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    """The console script: `main`, then exit without tearing the heap down.

    After a 100k-plan load the process holds millions of objects; freeing them one by
    one at interpreter exit took about a minute and served nobody. Everything the
    command writes is committed (atomic store writes) or flushed here first."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
