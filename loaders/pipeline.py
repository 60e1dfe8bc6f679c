"""The extraction pipeline: read -> clean -> find -> metadata -> resolve -> reporting -> PlanRecord.

Every span in the returned record is ``[start, end)`` into ``record.text`` (the decoded text
the user gave), whatever cleaning happened in between.
"""
from __future__ import annotations

import os
import re

from vanban.models import Citation, DerivedRelation, PlanRecord, ReportingLine

from .amend import mark_amendments
from .clean import Cleaned, clean
from .find import find_aliases, find_bare, find_mentions, find_unsymbolled
from .lexicon import squash
from .metadata import extract_metadata
from .read import DEFAULT_MAX_BYTES, apply_source, read_bytes, read_source
from .reporting import extract_recipients, extract_reporting
from .resolve import (
    compatible_issuers,
    derived_relations,
    derived_to_titles,
    group_mentions,
    is_central,
    mark_implements,
    resolve_issuer,
    title_refs,
)
from .vocab import VOCAB


def _sentence(text: str, pos: int, memo: dict | None = None) -> str:
    # the paragraph around pos first; ";" and ". " are then looked for inside it only (a search
    # of the whole text before or after pos for each found the same nearest one, or none)
    nl = text.rfind("\n", 0, pos)
    s = max(text.rfind(";", nl + 1, pos), nl, text.rfind(". ", nl + 1, pos))
    nl_e = text.find("\n", pos)
    stop = len(text) if nl_e == -1 else nl_e
    ends = [k for k in (text.find(";", pos, stop), nl_e, text.find(". ", pos, stop)) if k != -1]
    e = min(ends) if ends else len(text)
    if memo is not None:   # (citations of one sentence share it: normalised once per plan)
        key = (s, e)
        got = memo.get(key)
        if got is None:
            got = memo[key] = _sentence_of(text, s, e)
        return got
    return _sentence_of(text, s, e)


def _sentence_of(text: str, s: int, e: int) -> str:
    if e - s > 700:
        # a long paragraph: the normalised form of a prefix is a prefix of the normalised whole,
        # so its first 650 characters give the same first 600 when they hold that many
        head = squash(text[s + 1:s + 651])
        if len(head) > 600:
            return head[:600]
    return squash(text[s + 1:e + 1]).strip()[:600]


def _orig_spans(cl: Cleaned, spans) -> list[tuple[int, int]]:
    out = sorted({cl.to_orig(s, e) for s, e in spans})
    return [tuple(x) for x in out]


_UNIT_WORDS = ("Sở ", "Phòng ", "Ban Chỉ đạo ", "Văn phòng ")
_LEVEL_WORD = re.compile(r"\b" + VOCAB.level_alternation() + r"\b")


def own_issuer_resolved(meta) -> str | None:
    """The plan's issuer with its place: relative level words filled in ("UBND tỉnh" -> "UBND tỉnh Lạng
    Sơn"), and a department named with its body's place ("Sở Y tế" -> "Sở Y tế tỉnh Khánh Hòa").

    >>> from vanban.models import DocumentMeta
    >>> own_issuer_resolved(DocumentMeta(issuer="Sở Y tế", level="province", province="Khánh Hòa"))
    'Sở Y tế tỉnh Khánh Hòa'
    """
    iss = meta.issuer
    if not iss:
        return None
    out = resolve_issuer(iss, province=meta.province, district=meta.district, commune=meta.commune, central=False)
    if out and out != iss:
        return out
    if iss.startswith(_UNIT_WORDS) and not _LEVEL_WORD.search(iss):
        if meta.level == "province" and meta.province:
            city = meta.place and meta.place.startswith("thành phố ")
            return f"{iss} {'thành phố' if city else 'tỉnh'} {meta.province}"
        if meta.level == "district" and meta.district:
            return f"{iss} {meta.district}"
        if meta.level == "commune" and meta.commune:
            return f"{iss} {meta.commune}"
    return None


def mark_own_mentions(mentions: list, meta, lay) -> None:
    """Mark (``own = True``) the mentions that are the plan itself: its header number, or its number in the
    body with its date (or none) and an issuer of its level.

    >>> from vanban.loaders.find import find_mentions
    >>> t = "Số: 12/KH-UBND\\nKẾ HOẠCH\\nTổ chức thực hiện Kế hoạch số 12/KH-UBND và Kế hoạch số 3/KH-UBND."
    >>> meta, lay = extract_metadata(t)
    >>> ms = find_mentions(t); mark_own_mentions(ms, meta, lay)
    >>> [(m.code, m.own) for m in ms]
    [('12/KH-UBND', True), ('12/KH-UBND', True), ('3/KH-UBND', False)]
    """
    # another document with the plan's number (a dated mention of another date): undated uses may be its
    other_with_own_code = bool(meta.code) and any(
        m.code == meta.code and m.date and m.date != meta.date for m in mentions
    )
    for m in mentions:
        if lay.own_code_span and lay.own_code_span[0] <= m.code_start < lay.own_code_span[1] + 2:
            m.own = True
        elif meta.code and m.code == meta.code and (
                m.start < lay.header_end
                # the plan naming itself in its body ("tổ chức thực hiện Kế hoạch số 12/KH-UBND"): same
                # date or none, and an issuer of its level if any
                or (((not m.date and not other_with_own_code) or m.date == meta.date)
                    and compatible_issuers(m.issuer, meta.issuer))):
            m.own = True


def all_mentions(t: str, mentions: list) -> list:
    """The numbered mentions with their short forms, bare uses and unsymbolled documents, in text order.

    >>> t = "Chỉ thị số 33-CT/TW ngày 3/1/2019 (sau đây gọi tắt là Chỉ thị 33). Thực hiện Chỉ thị 33, …"
    >>> [(m.code, m.start) for m in all_mentions(t, find_mentions(t))]
    [('33-CT/TW', 0), ('33-CT/TW', 54), ('33-CT/TW', 77)]
    """
    mentions = list(mentions)
    mentions += find_aliases(t, mentions)
    mentions += find_bare(t, mentions)
    unsymbolled = find_unsymbolled(t, mentions)
    if unsymbolled:   # their later short uses ("Hướng dẫn 09"), as for symbolled documents
        mentions += unsymbolled
        mentions += find_bare(t, mentions)
    mentions.sort(key=lambda m: m.start)
    return mentions


def _citation(d, cl: Cleaned, meta, sentences: dict) -> Citation:
    central = is_central(d.code, d.issuer)
    first = min(s for s, _ in d.spans)
    return Citation(code=d.code, type=d.type, date=d.date, issuer=d.issuer, relation=d.relation,
                    spans=_orig_spans(cl, d.spans), resolved_by=d.resolved_by,
                    issuer_resolved=resolve_issuer(d.issuer, province=meta.province, district=meta.district,
                                                   commune=meta.commune, central=central),
                    title=d.title, sentence=_sentence(cl.text, first, sentences), central=central,
                    basis=d.basis if d.relation == "implements" else None)


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
    t = cl.text
    meta, lay = extract_metadata(t)
    meta.issuer_resolved = lay.issuer_full or own_issuer_resolved(meta)
    mentions = find_mentions(t)
    mark_own_mentions(mentions, meta, lay)
    mentions = all_mentions(t, mentions)
    docs = group_mentions(mentions)
    derived = derived_relations(t, mentions, docs)
    mark_implements(t, mentions, docs, derived,
                    preamble=(lay.preamble_start, lay.preamble_end), title=(lay.title_start, lay.title_end),
                    sections=lay.basis_sections)
    tdocs = title_refs(t, mentions, docs)
    derived += derived_to_titles(t, mentions, docs, tdocs)
    docs += tdocs
    docs.sort(key=lambda d: d.first)
    sentences: dict = {}
    citations = [_citation(d, cl, meta, sentences) for d in docs]
    mark_amendments(citations, text)   # "thay thế / bãi bỏ / sửa đổi, bổ sung Kế hoạch số …"
    drel = [DerivedRelation(from_code=a.code, to_code=b.code, relation="implements", from_date=a.date, to_date=b.date,
                            sentence=_sentence(t, ma.start, sentences)) for a, b, ma, _mb in derived]
    units, lines, _sec = extract_reporting(t, lay.year)
    reports: list[ReportingLine] = []
    for ln, spans in lines:
        ln.spans = _orig_spans(cl, spans)
        reports.append(ln)
    return PlanRecord(file=file, document=meta, citations=citations, derived=drel, units=units,
                      reports_to=reports, recipients=extract_recipients(t), text=text)


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
    rec = extract_text(src.text, file=str(path))
    rec.sha256 = src.sha256
    apply_source(rec, src)
    return rec


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
    rec = extract_text(src.text, file=src.name)
    rec.sha256 = src.sha256
    apply_source(rec, src)
    return rec
