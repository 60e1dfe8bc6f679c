"""Builders of plan records for graph tests (no extraction involved)."""
from __future__ import annotations

from vanban.models import Citation, DocumentMeta, PlanRecord, ReportingLine


def cite(code, date=None, issuer=None, relation="cites", type=None, central=False, resolved_by="code"):
    return Citation(code=code, type=type, date=date, issuer=issuer, relation=relation, spans=[(0, 1)],
                    central=central, resolved_by=resolved_by, sentence=f"… {code} …")


def plan(file, code, date, issuer, level, *, title="Thực hiện công tác dân vận chính quyền năm 2024",
         citations=(), reports=(), units=(), signer=None, **place):
    return PlanRecord(file=file, sha256=file, text=f"text of {file}",
                      document=DocumentMeta(type="Kế hoạch", code=code, date=date, issuer=issuer, level=level,
                                            title=title, signer=signer, **place),
                      citations=list(citations), reports_to=list(reports), units=list(units))


CT33 = dict(code="33/CT-TTg", date="2021-11-26", issuer="Thủ tướng Chính phủ", type="Chỉ thị", central=True)
QD23 = dict(code="23-QĐ/TW", date="2021-07-30", issuer="Bộ Chính trị", type="Quyết định", central=True)


def line(frm, to, via=None, deadlines=()):
    return ReportingLine(from_=frm, to=to, via=via, deadlines=list(deadlines))
