"""`vanban extract FILE... [--json]`: one PlanRecord per file.

With --json: ONE JSON array, one object per file in the order given (PlanRecord.to_json()).
A file that cannot be read is reported on stderr (its name and the problem); the others are
still processed and the exit code is 1.
"""
from __future__ import annotations

from vanban.i18n import date_text, deadline_text, level_name, relation_name, t
from vanban.term import echo

from ._common import emit_json, error_text


def register(subparsers) -> None:
    p = subparsers.add_parser("extract", help=t("extract.help"), description=t("extract.help"))
    p.add_argument("files", nargs="+", metavar=t("metavar.file"), help=t("extract.files"))
    p.add_argument("--json", action="store_true", help=t("extract.json"))
    p.add_argument("--with-text", action="store_true", help=t("extract.with_text"))
    p.add_argument("--max-bytes", type=int, default=None, help=t("extract.max_bytes"))
    p.set_defaults(func=run)


def _summary(rec) -> list[str]:
    d = rec.document
    unknown = t("unknown")
    head = t("extract.head", type=d.type or unknown, code=d.code or t("no_code"),
             date=date_text(d.date), issuer=d.issuer or unknown, level=level_name(d.level))
    out = [f"== {rec.file}", head + (f" | {d.place}" if d.place else ""),
           t("extract.title", title=d.title or unknown)]
    if d.signer:
        out.append(t("extract.signed", signer=d.signer, position=d.signer_position or unknown))
    out.append(t("extract.citations", n=len(rec.citations)))
    for c in rec.citations:
        extra = t("extract.by_title") if c.resolved_by == "title" else ""
        date = date_text(c.date) if c.date else "-"
        out.append(f"    {relation_name(c.relation):<10} {c.code:<20} {c.type or '':<16} {date:<10} "
                   f"{c.issuer or '-'} x{len(c.spans)}{extra}")
    for r in rec.derived:
        out.append(t("extract.derived", frm=r.from_code, relation=relation_name(r.relation), to=r.to_code))
    if rec.units:
        out.append(t("extract.units", units="; ".join(rec.units)))
    for r in rec.reports_to:
        via = f" ({t('via', via=r.via)})" if r.via else ""
        dl = t("extract.by", deadlines=", ".join(map(deadline_text, r.deadlines))) if r.deadlines else ""
        out.append(t("extract.reports", frm=r.from_ or unknown, to=r.to, via=via, deadlines=dl))
    if rec.recipients:
        out.append(t("extract.recipients", recipients="; ".join(rec.recipients)))
    return out


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
            echo(t("extract.failed", message=error_text(exc), code=exc.code), err=True)
            continue
        if args.json:
            results.append(rec.to_json(with_text=args.with_text))
        else:
            for line in _summary(rec):
                echo(line)
    if args.json:
        emit_json(results, indent=1)
    return 1 if failed else 0
