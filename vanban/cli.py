"""The `vanban` command. Each subcommand lives in its own module under
``vanban.commands`` (one owner per module), exposing ``register(subparsers)``."""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from vanban import __version__
from vanban.i18n import LANGS, Parser, language_in, set_language, t

# Order is the order shown in --help.
COMMANDS = ["extract", "eval", "load", "remove", "trace", "check", "implementers", "search",
            "deadlines", "export", "serve", "viz", "demo", "generate"]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="vanban", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"vanban {__version__}",
                        help=t("cli.version"))
    from vanban.graph.store import backend_names
    parser.add_argument("--backend", choices=backend_names(), default=None, help=t("cli.backend"))
    parser.add_argument("--home", default=None, metavar=t("metavar.folder"), help=t("cli.home"))
    parser.add_argument("--lang", choices=LANGS, default=None, help=t("cli.lang"))
    sub = parser.add_subparsers(dest="command", metavar=t("cli.metavar"))
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"vanban.commands.{name}")
        except ModuleNotFoundError as exc:  # a command not built yet must not break the others
            if exc.name != f"vanban.commands.{name}":
                raise
            continue
        mod.register(sub)
    for cmd in sub.choices.values():   # `--lang` after the command works too
        cmd.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=t("cli.lang"))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    set_language(language_in(argv))  # before the parser: its --help texts are in that language
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
    except Exception as exc:  # noqa: BLE001 - every error is one line, never a traceback
        from vanban.commands._common import report_error
        return report_error(exc)


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
