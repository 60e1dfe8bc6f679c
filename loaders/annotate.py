"""HTML view of the original text with every citation span marked.

Document text is hostile input: everything outside the marks is HTML-escaped, and attribute
values are escaped too, so a "<script>" in a plan comes out as text.
"""
from __future__ import annotations

import html

from vanban.models import PlanRecord


def annotate(text: str, record: PlanRecord) -> str:
    """The text as escaped HTML with a ``<mark>`` per citation span (``data-code``, ``data-relation``).

    >>> from vanban.loaders import extract_text
    >>> t = "Theo Chỉ thị số 05/CT-TTg ngày 1/2/2024 <của> Thủ tướng."
    >>> html = annotate(t, extract_text(t))
    >>> html.count("<mark"), 'data-code="05/CT-TTg"' in html, "&lt;của&gt;" in html
    (1, True, True)
    """
    marks: list[tuple[int, int, str, str, str]] = []
    for c in record.citations:
        for s, e in c.spans:
            if 0 <= s < e <= len(text):
                marks.append((s, e, c.code, c.relation, c.resolved_by))
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out: list[str] = []
    pos = 0
    for s, e, code, rel, by in marks:
        if s < pos:          # overlapping spans: keep the first
            continue
        out.append(html.escape(text[pos:s]))
        out.append(f'<mark data-code="{html.escape(code, quote=True)}" data-relation="{html.escape(rel, quote=True)}"'
                   f' data-resolved-by="{html.escape(by, quote=True)}">{html.escape(text[s:e])}</mark>')
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)
