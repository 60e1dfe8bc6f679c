"""`vanban load PATH... [--prune] [--force-plan]`: extract plans and merge them into the store.

Every file of a folder that is not loaded is reported with the reason (hidden, another
file type, not a plan, unreadable). Files once loaded from a folder and since deleted are
reported; `--prune` takes them out of the store.
"""
from __future__ import annotations

import sys

from vanban.i18n import t
from vanban.ingest import load_paths
from vanban.term import echo

from ._common import emit_json, guarded, stats_line, store_from


def register(sub) -> None:
    p = sub.add_parser("load", help=t("load.help"), description=t("load.help"))
    p.add_argument("paths", nargs="+", metavar=t("metavar.path"), help=t("load.paths"))
    p.add_argument("--json", action="store_true", help=t("load.json"))
    p.add_argument("--no-progress", action="store_true", help=t("load.no_progress"))
    p.add_argument("--force", action="store_true", help=t("load.force"))
    p.add_argument("--force-plan", action="store_true", help=t("load.force_plan"))
    p.add_argument("--prune", action="store_true", help=t("load.prune"))
    p.set_defaults(func=guarded(run))


def skip_reason(row: dict) -> str:
    code = row.get("code")
    if code == "unsupported_type":
        from pathlib import Path
        return t("skip.unsupported_type", ext=Path(row["file"]).suffix.lower() or "?")
    if code in ("hidden", "hidden_folder", "not_a_plan"):
        return t(f"skip.{code}")
    return row.get("reason") or str(code)


def failure_text(row: dict) -> str:
    """A failed file's problem in the current language (rows carry both)."""
    from vanban.i18n import language
    return (row.get("message_vi") if language() == "vi" else None) or row.get("error") or row["file"]


def run(args) -> int:
    store = store_from(args)
    report = load_paths(store, args.paths, progress=not args.no_progress and sys.stderr.isatty() or False,
                        force=args.force, force_plan=args.force_plan, prune=args.prune)
    if args.json:
        emit_json(report.to_json() | {"stats": store.stats()})
    else:
        echo(t("load.summary", added=len(report.added), updated=len(report.updated),
               unchanged=len(report.unchanged), removed=len(report.removed), failed=len(report.failed),
               skipped=len(report.skipped)))
        echo(stats_line(store.stats()))
    for f in report.failed:
        echo(t("load.failed", message=failure_text(f)), err=True)
    for s in report.skipped:
        echo(t("load.skipped", file=s["file"], reason=skip_reason(s)), err=True)
    if any(report.swept.values()):
        echo(t("load.swept", temp_files=report.swept.get("temp_files", 0), texts=report.swept.get("texts", 0)),
             err=True)
    if report.vanished:
        echo(t("load.vanished", n=len(report.vanished), example=report.vanished[0]), err=True)
    return 1 if report.failed else 0
