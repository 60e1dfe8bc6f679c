"""`vanban extract FILE... [--json]`: one PlanRecord per file.

With --json: ONE JSON array, one object per file in the order given (PlanRecord.to_json()).
A file that cannot be read is reported on stderr (its name and the problem); the others are
still processed and the exit code is 1.
"""
from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("extract", help="extract citations, metadata and reporting lines from plan files")
    p.add_argument("files", nargs="+", metavar="FILE", help=".txt, .md, .docx or .pdf plan files")
    p.add_argument("--json", action="store_true", help="print one JSON array (one object per file)")
    p.add_argument("--with-text", action="store_true", help="include the decoded text in the JSON (spans point into it)")
    p.add_argument("--max-bytes", type=int, default=None, help="size limit per file (default 20 MB)")
    p.set_defaults(func=run)


def _summary(rec) -> str:
    d = rec.document
    out = [f"== {rec.file}",
           f"  {d.type or '?'} {d.code or '(no number)'} | {d.date or '?'} | {d.issuer or '?'} | level {d.level or '?'}"
           + (f" | {d.place}" if d.place else ""),
           f"  title: {d.title or '?'}"]
    if d.signer:
        out.append(f"  signed: {d.signer} ({d.signer_position or '?'})")
    out.append(f"  citations ({len(rec.citations)}):")
    for c in rec.citations:
        extra = " [by title]" if c.resolved_by == "title" else ""
        out.append(f"    {c.relation:<10} {c.code:<20} {c.type or '':<16} {c.date or '-':<10} {c.issuer or '-'}"
                   f" x{len(c.spans)}{extra}")
    for r in rec.derived:
        out.append(f"  derived: {r.from_code} {r.relation} {r.to_code}")
    if rec.units:
        out.append("  units: " + "; ".join(rec.units))
    for r in rec.reports_to:
        via = f" (qua {r.via})" if r.via else ""
        dl = f" by {', '.join(r.deadlines)}" if r.deadlines else ""
        out.append(f"  reports: {r.from_ or '?'} -> {r.to}{via}{dl}")
    if rec.recipients:
        out.append("  recipients: " + "; ".join(rec.recipients))
    return "\n".join(out)


def run(args) -> int:
    from vanban.loaders import DEFAULT_MAX_BYTES, extract_file
    from vanban.models import UnreadableFile
    results = []
    failed = 0
    for f in args.files:
        try:
            rec = extract_file(f, max_bytes=args.max_bytes or DEFAULT_MAX_BYTES)
        except UnreadableFile as exc:
            failed += 1
            print(f"vanban extract: {exc.detail} [{exc.code}]", file=sys.stderr)
            continue
        if args.json:
            results.append(rec.to_json(with_text=args.with_text))
        else:
            print(_summary(rec))
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 1 if failed else 0
