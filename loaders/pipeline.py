"""The extraction pipeline: its stages, in the order ``extract_text`` calls them (written there only).

Every span in the returned record is ``[start, end)`` into ``record.text`` (the decoded text
the user gave), whatever cleaning happened in between.
"""
from __future__ import annotations

import os
from dataclasses import replace
from operator import attrgetter

from vanban.models import Citation, DerivedRelation, DocumentMeta, PlanRecord, ReportingLine

from .amend import amendments_marked
from .clean import Cleaned, clean
from .find import Mention, find_aliases, find_bare, find_mentions, find_unsymbolled
from .lexicon import squash
from .metadata import extract_metadata
from .read import DEFAULT_MAX_BYTES, read_bytes, read_source, with_source
from .reporting import extract_recipients, extract_reporting
from .resolve import (
    Doc,
    compatible_issuers,
    derived_relations,
    derived_to_titles,
    group_mentions,
    implements_marked,
    is_central,
    resolve_issuer,
    title_refs,
)


class _Sentences:
    """The normalised sentence around a clean offset, each computed once per plan (the citations of one
    sentence share it)."""

    def __init__(self, text: str):
        self.text = text
        self._memo: dict[tuple[int, int], str] = {}

    def at(self, pos: int) -> str:
        # the paragraph around pos first; ";" and ". " are then looked for inside it only (a search
        # of the whole text before or after pos for each found the same nearest one, or none)
        text = self.text
        nl = text.rfind("\n", 0, pos)
        s = max(text.rfind(";", nl + 1, pos), nl, text.rfind(". ", nl + 1, pos))
        nl_e = text.find("\n", pos)
        stop = len(text) if nl_e == -1 else nl_e
        ends = [k for k in (text.find(";", pos, stop), nl_e, text.find(". ", pos, stop)) if k != -1]
        e = min(ends) if ends else len(text)
        got = self._memo.get((s, e))
        if got is None:
            got = self._memo[(s, e)] = _sentence_of(text, s, e)
        return got


def _sentence_of(text: str, s: int, e: int) -> str:
    if e - s > 700:
        # a long paragraph: the normalised form of a prefix is a prefix of the normalised whole,
        # so its first 650 characters give the same first 600 when they hold that many
        head = squash(text[s + 1:s + 651])
        if len(head) > 600:
            return head[:600]
    return squash(text[s + 1:e + 1]).strip()[:600]


def _orig_spans(cl: Cleaned, spans) -> list[tuple[int, int]]:
    if len(spans) == 1:   # (most documents are named once: nothing to merge or sort)
        return [tuple(cl.to_orig(*spans[0]))]
    out = sorted({cl.to_orig(s, e) for s, e in spans})
    return [tuple(x) for x in out]


_START = attrgetter("start")
_FIRST = attrgetter("first")
def own_marked(mentions: list[Mention], meta, lay) -> list[Mention]:
    """The mentions again, those that are the plan itself as new values marked ``own``: its header number,
    or its number in the body with its date (or none) and an issuer of its level.

    >>> t = "Số: 12/KH-UBND\\nKẾ HOẠCH\\nTổ chức thực hiện Kế hoạch số 12/KH-UBND và Kế hoạch số 3/KH-UBND."
    >>> meta, lay = extract_metadata(t)
    >>> [(m.code, m.own) for m in own_marked(find_mentions(t), meta, lay)]
    [('12/KH-UBND', True), ('12/KH-UBND', True), ('3/KH-UBND', False)]
    """
    # another document with the plan's number (a dated mention of another date): undated uses may be its
    other_with_own_code = bool(meta.code) and any(
        m.code == meta.code and m.date and m.date != meta.date for m in mentions
    )

    def is_own(m: Mention) -> bool:
        if lay.own_code_span and lay.own_code_span[0] <= m.code_start < lay.own_code_span[1] + 2:
            return True
        return bool(meta.code) and m.code == meta.code and (
            m.start < lay.header_end
            # the plan naming itself in its body ("tổ chức thực hiện Kế hoạch số 12/KH-UBND"): same
            # date or none, and an issuer of its level if any
            or (((not m.date and not other_with_own_code) or m.date == meta.date)
                and compatible_issuers(m.issuer, meta.issuer)))

    return [replace(m, own=True) if not m.own and is_own(m) else m for m in mentions]


def all_mentions(t: str, mentions: list[Mention]) -> list[Mention]:
    """The numbered mentions with their short forms, bare uses and unsymbolled documents, in text order.

    >>> t = "Chỉ thị số 33-CT/TW ngày 3/1/2019 (sau đây gọi tắt là Chỉ thị 33). Thực hiện Chỉ thị 33, …"
    >>> [(m.code, m.start) for m in all_mentions(t, find_mentions(t))]
    [('33-CT/TW', 0), ('33-CT/TW', 54), ('33-CT/TW', 77)]
    """
    with_aliases = [*mentions, *find_aliases(t, mentions)]
    symbolled = [*with_aliases, *find_bare(t, with_aliases)]
    unsymbolled = find_unsymbolled(t, symbolled)
    if not unsymbolled:
        return sorted(symbolled, key=_START)
    # their later short uses ("Hướng dẫn 09"), as for symbolled documents
    every = [*symbolled, *unsymbolled]
    return sorted([*every, *find_bare(t, every)], key=_START)


def _citation(d: Doc, cl: Cleaned, meta: DocumentMeta, sentences: _Sentences) -> Citation:
    central = is_central(d.code, d.issuer)
    first = min(s for s, _ in d.spans)
    return Citation(code=d.code, type=d.type, date=d.date, issuer=d.issuer, relation=d.relation,
                    spans=_orig_spans(cl, d.spans), resolved_by=d.resolved_by,
                    issuer_resolved=resolve_issuer(d.issuer, province=meta.province, district=meta.district,
                                                   commune=meta.commune, central=central),
                    title=d.title, sentence=sentences.at(first), central=central,
                    basis=d.basis if d.relation == "implements" else None)


def citations_of(docs: list[Doc], cl: Cleaned, meta: DocumentMeta) -> list[Citation]:
    """One Citation per document, in the order the text first names them, its spans in the original text.

    >>> t = "Theo Kế hoạch số 7/KH-UBND ngày 2/3/2023 của UBND tỉnh."
    >>> meta, _lay = extract_metadata(t)
    >>> [(c.code, c.spans, c.sentence) for c in citations_of(group_mentions(find_mentions(t)), clean(t), meta)]
    [('7/KH-UBND', [(5, 26)], 'Theo Kế hoạch số 7/KH-UBND ngày 2/3/2023 của UBND tỉnh.')]
    """
    sentences = _Sentences(cl.text)
    return [_citation(d, cl, meta, sentences) for d in sorted(docs, key=_FIRST)]


def derived_records(t: str, derived: list[tuple[Doc, Doc, Mention, Mention | None]]) -> list[DerivedRelation]:
    """The relations the text states between cited documents ("X … thực hiện Y"), as records with
    the sentence of X's mention.

    >>> t = "Kế hoạch số 7/KH-UBND ngày 2/3/2023 của UBND tỉnh thực hiện Chỉ thị số 05/CT-TTg ngày 1/2/2023"
    >>> ms = find_mentions(t)
    >>> [(r.from_code, r.relation, r.to_code) for r in derived_records(t, derived_relations(t, ms, group_mentions(ms)))]
    [('7/KH-UBND', 'implements', '05/CT-TTg')]
    """
    sentences = _Sentences(t)
    return [DerivedRelation(from_code=a.code, to_code=b.code, relation="implements", from_date=a.date,
                            to_date=b.date, sentence=sentences.at(ma.start)) for a, b, ma, _mb in derived]


def reporting_lines(cl: Cleaned, year: int | None) -> tuple[list[str], list[ReportingLine]]:
    """(units, reporting lines) of the plan's "Tổ chức thực hiện" section, the lines' spans in the
    original text.

    >>> t = "IV. TỔ CHỨC THỰC HIỆN\\n1. Phòng Y tế\\n- Báo cáo kết quả về UBND huyện trước ngày 15/12/2024."
    >>> units, lines = reporting_lines(clean(t), 2024)
    >>> units, [(ln.from_, ln.to, ln.spans) for ln in lines]
    (['Phòng Y tế'], [('Phòng Y tế', 'UBND huyện', [(57, 67)])])
    """
    units, lines, _section = extract_reporting(cl.text, year)
    return units, [ReportingLine(from_=ln.from_, to=ln.to, via=ln.via, deadlines=ln.deadlines,
                                 spans=_orig_spans(cl, spans), sentence=ln.sentence) for ln, spans in lines]


def extract_text(text: str, file: str = "<text>") -> PlanRecord:
    """Extract a PlanRecord from already-decoded text (spans point into ``text``).

    The stages, in order: clean -> metadata -> mentions (own marked, short forms added) -> documents
    (grouped, relations, title-only references) -> citations (amendments) -> reporting lines.

    >>> rec = extract_text("UBND TỈNH LẠNG SƠN\\nSố: 5/KH-UBND\\nKẾ HOẠCH\\nPhòng chống dịch năm 2024\\n"
    ...                    "Căn cứ Chỉ thị số 05/CT-TTg ngày 1/2/2024 của Thủ tướng Chính phủ;\\n"
    ...                    "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\\nI. MỤC ĐÍCH")
    >>> rec.document.code, rec.document.issuer, [(c.code, c.relation, c.central) for c in rec.citations]
    ('5/KH-UBND', 'UBND tỉnh Lạng Sơn', [('05/CT-TTg', 'implements', True)])
    """
    cl = clean(text)
    meta, lay = extract_metadata(cl.text)
    mentions = all_mentions(cl.text, own_marked(find_mentions(cl.text), meta, lay))
    docs = group_mentions(mentions)
    # (X, Y, mention of X, of Y): later stages read only the documents' code and date, which no stage changes
    derived = derived_relations(cl.text, mentions, docs)
    docs = implements_marked(cl.text, mentions, docs, derived, preamble=(lay.preamble_start, lay.preamble_end),
                             title=(lay.title_start, lay.title_end), sections=lay.basis_sections)
    docs, title_docs = title_refs(cl.text, mentions, docs)
    derived = [*derived, *derived_to_titles(cl.text, mentions, docs, title_docs)]
    citations = amendments_marked(citations_of([*docs, *title_docs], cl, meta), text)
    units, reports = reporting_lines(cl, lay.year)
    return PlanRecord(file=file, document=meta, citations=citations, derived=derived_records(cl.text, derived),
                      units=units, reports_to=reports, recipients=extract_recipients(cl.text), text=text)


def extract_file(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES, on_page=None) -> PlanRecord:
    """Read a plan file (any format read.py reads) and extract it. Raises UnreadableFile.
    ``on_page(done, total)`` is called after each page OCR reads.

    >>> PLAN_TEXT = ("UBND HUYỆN AN BÌNH\\nSố: 12/KH-UBND\\nKẾ HOẠCH\\nPhòng chống thiên tai năm 2024\\n"
    ...              "Căn cứ Quyết định số 45/QĐ-UBND ngày 3/1/2024 của UBND tỉnh;\\n"
    ...              "Ủy ban nhân dân huyện ban hành Kế hoạch như sau:\\nI. MỤC ĐÍCH")
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kh.txt"; _ = p.write_text(PLAN_TEXT, encoding="utf-8")
    >>> rec = extract_file(p)
    >>> (rec.document.code, len(rec.sha256), [(c.code, c.relation) for c in rec.citations])
    ('12/KH-UBND', 64, [('45/QĐ-UBND', 'implements')])
    """
    src = read_source(path, max_bytes=max_bytes, on_page=on_page)
    return with_source(extract_text(src.text, file=str(path)), src)


def extract_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> PlanRecord:
    """Extract uploaded bytes; ``name`` gives only the extension and the name shown.

    >>> PLAN_TEXT = ("UBND HUYỆN AN BÌNH\\nSố: 12/KH-UBND\\nKẾ HOẠCH\\nPhòng chống thiên tai năm 2024\\n"
    ...              "Căn cứ Quyết định số 45/QĐ-UBND ngày 3/1/2024 của UBND tỉnh;\\n"
    ...              "Ủy ban nhân dân huyện ban hành Kế hoạch như sau:\\nI. MỤC ĐÍCH")
    >>> rec = extract_bytes(PLAN_TEXT.encode("utf-8"), "kh.txt")
    >>> (rec.file, rec.document.code, rec.document.level)
    ('kh.txt', '12/KH-UBND', 'district')
    """
    src = read_bytes(data, name, max_bytes=max_bytes)
    return with_source(extract_text(src.text, file=src.name), src)
