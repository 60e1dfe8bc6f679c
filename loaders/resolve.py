"""Stage of pipeline.extract_text: merge mentions into documents, decide relations, resolve titles and relative issuers.

* one document per (code, date, issuer): the same code with another date (or another level of
  issuer) is another document
  an undated mention joins the dated document with that code (the
  one whose issuer agrees, else the unique one, else the nearest one before it)
* ``implements`` for mentions in the preamble and for "Kế hoạch triển khai thực hiện <doc>" titles
  (with the documents listed after it: "… <doc> và <doc>")
* derived relations: "X ... về (tiếp tục|triển khai) thực hiện Y" between two cited documents
* title-only references to catalogue documents (rapidfuzz), unless the title is a local
  document's ("... của hệ thống chính trị tỉnh Lạng Sơn") or the subject of the citation before it
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import attrgetter

from rapidfuzz import fuzz

from .amend import governing_verbs, may_govern
from .find import Mention, SpanSet
from .lexicon import load
from .scan import finditer_at, triggers
from .vocab import CAP, CAPITAL, VOCAB, title_group

LEVEL_WORDS = VOCAB.level_words
_START_OF, _TAIL_OF, _FIRST_OF = attrgetter("start"), attrgetter("tail_end"), attrgetter("first")   # (sort keys)
_LEVEL_NAMES = "|".join(VOCAB.level_words)   # "tỉnh|huyện|…|đặc khu"


@dataclass
class Doc:
    """One cited document: its code, date, issuer and type, the mentions and clean spans naming it, and its relation.

    >>> from vanban.loaders.find import find_mentions
    >>> d = group_mentions(find_mentions("Theo Kế hoạch số 7/KH-UBND ngày 2/3/2023 của UBND huyện."))[0]
    >>> (d.code, d.date, d.issuer, d.relation, d.spans)
    ('7/KH-UBND', '2023-03-02', 'UBND huyện', 'cites', [(5, 26)])
    """
    code: str
    date: str | None
    issuer: str | None
    type: str | None
    mentions: list[Mention] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)   # clean spans
    relation: str = "cites"
    basis: str | None = None      # for "implements": "can_cu" | "thuc_hien" | "title"
    resolved_by: str = "code"
    title: str | None = None
    first: int = 0
    catalogue: dict | None = None


# "huyện ủy" -> "huyện": the level word of the unit a Party committee leads (lower case, as issuers are searched)
_COMMITTEE_LEVEL_WORDS = tuple((c.lower(), w) for c, w in VOCAB.every_party_committee.items())
_LEVEL_COMMITTEES = "|".join(VOCAB.party_committees)   # "Tỉnh ủy|…|Thị ủy": named after their level
CENTRAL_CITIES = frozenset(load("lexicon")["central_cities"])   # (metadata reads it too)
_OWN_LEVEL_CAPITALISED = re.compile(r"^((?:UBND|HĐND|Ủy ban nhân dân|Hội đồng nhân dân)\s+)"
                                    r"(Tỉnh|Thành phố|Huyện|Quận|Thị xã)(?![\w])(?!\s+[" + CAPITAL + r"\d])")
_LEVEL_RE = re.compile(r"(?<![\w])(" + _LEVEL_NAMES + r")(?![\w])")


@lru_cache(maxsize=4096)
def _issuer_levels(iss: str | None) -> frozenset[str]:
    if not iss:
        return frozenset()
    s = iss.lower()
    out = set(_LEVEL_RE.findall(s))
    for committee, lv in _COMMITTEE_LEVEL_WORDS:
        if committee in s:
            out.add(lv)
    return frozenset(out)


def compatible_issuers(a: str | None, b: str | None) -> bool:
    """May two issuers, as written, be the same body? Yes unless both name a level and share none.

    >>> compatible_issuers("UBND tỉnh", "UBND tỉnh Lạng Sơn"), compatible_issuers("UBND tỉnh", "UBND huyện")
    (True, False)
    >>> compatible_issuers(None, "UBND huyện")
    True
    """
    la, lb = _issuer_levels(a), _issuer_levels(b)
    return not la or not lb or bool(la & lb)


_compatible = compatible_issuers


def group_mentions(mentions: list[Mention]) -> list[Doc]:
    """One :class:`Doc` per cited document: dated mentions grouped by (code, date, compatible issuer),
    undated ones joined to the document of that code they most likely mean, short forms to their target.

    >>> from vanban.loaders.find import find_mentions
    >>> t = "Chỉ thị số 05/CT-TTg ngày 1/2/2024 của Thủ tướng. Thực hiện Chỉ thị số 05/CT-TTg, …"
    >>> [(d.code, d.date, len(d.spans)) for d in group_mentions(find_mentions(t))]
    [('05/CT-TTg', '2024-02-01', 2)]
    """
    docs: list[Doc] = []
    by_code: dict[str, list[Doc]] = {}
    code_ms = [m for m in mentions if m.kind == "code" and not m.own]
    # dated first, in text order
    for m in code_ms:
        if not m.date:
            continue
        _join(_dated_pick(m, by_code.get(m.code, ())) or _new_doc(m, m.date, by_code, docs), m)
    for m in code_ms:
        if m.date:
            continue
        pick = _undated_pick(m, by_code.get(m.code, []))
        _join(pick or _new_doc(m, None, by_code, docs), m)
    # alias / bare mentions follow their target
    holder = None
    for m in mentions:
        if m.kind == "code" or m.target is None:
            continue
        if holder is None:
            holder = _doc_index(docs)
        d = holder.get(id(m.target))
        if d is not None:
            d.mentions.append(m)
    for d in docs:
        _settle(d)
    docs.sort(key=_FIRST_OF)
    return docs


def _new_doc(m: Mention, date: str | None, by_code: dict[str, list[Doc]], docs: list[Doc]) -> Doc:
    d = Doc(code=m.code, date=date, issuer=m.issuer, type=m.type, first=m.start)
    by_code.setdefault(m.code, []).append(d)
    docs.append(d)
    return d


def _join(d: Doc, m: Mention) -> None:
    d.mentions.append(m)
    if not d.issuer and m.issuer:
        d.issuer = m.issuer
    if not d.title and m.title:
        d.title = m.title


def _dated_pick(m: Mention, cands) -> Doc | None:
    """The first document of ``cands`` with the dated mention's date and a compatible issuer, else None."""
    for d in cands:
        if d.date == m.date and _compatible(d.issuer, m.issuer):
            return d
    return None


def _undated_pick(m: Mention, cands: list[Doc]) -> Doc | None:
    """The document an undated mention of a code means: the one whose issuer fits, else the only one,
    else the one mentioned last before it (else the first); None when the code is new."""
    if m.issuer:
        ok = [d for d in cands if _compatible(d.issuer, m.issuer)]
        if len(ok) == 1:
            return ok[0]
        if ok:
            cands = ok
    if len(cands) == 1:
        return cands[0]
    if not cands:
        return None
    before = [d for d in cands if d.first <= m.start]
    if not before:
        return cands[0]
    return max(before, key=lambda d: max((x.start for x in d.mentions if x.start <= m.start), default=-1))


def _settle(d: Doc) -> None:
    d.mentions.sort(key=_START_OF)
    d.first = d.mentions[0].start
    d.spans = [(x.start, x.end) for x in d.mentions]
    # the type word as written wins over the code's implied type ("Quy định số 124-QĐ/TW")
    for x in d.mentions:
        if x.kind == "code" and x.type_word:
            d.type = x.type
            break


def _doc_index(docs: list[Doc]) -> dict[int, Doc]:
    """id(mention) -> the first doc holding it: what doc_of finds, for every mention at once."""
    index: dict[int, Doc] = {}
    for d in docs:
        for x in d.mentions:
            index.setdefault(id(x), d)
    return index


def doc_of(docs: list[Doc], m: Mention) -> Doc | None:
    """The document a mention belongs to, or None.

    >>> from vanban.loaders.find import find_mentions
    >>> ms = find_mentions("Kế hoạch số 7/KH-UBND; Chỉ thị số 05/CT-TTg")
    >>> docs = group_mentions(ms)
    >>> doc_of(docs, ms[1]).code
    '05/CT-TTg'
    """
    for d in docs:
        for x in d.mentions:
            if x is m:
                return d
    return None


@cache
def _derived_gap_re() -> re.Pattern:
    verbs = load("lexicon")["derived_verbs"]
    return re.compile(
        r"\s*,?\s*\)?\s*(?:về|ban\s+hành|V/v|v/v|hướng\s+dẫn|triển\s+khai)\b[^;\n]{0,250}?" + verbs + r"\s*$"
        # "... của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết số ..." (no comma: X's own purpose)
        r"|\s+(?:để\s+)?(?:tiếp\s+tục\s+)?(?:triển\s+khai\s+)?" + verbs + r"\s*$"
    )


def issued_after(a: str | None, b: str | None) -> bool:
    """Is date ``a`` (ISO) later than date ``b``? Then the document of ``b`` cannot carry out the one of ``a``
    ("Tiếp tục thực hiện Nghị quyết X ngày 8/11/2011 về việc ban hành … và triển khai thực hiện Nghị quyết Y
    ngày 14/10/2015": Y is the plan's basis again, not X's object). False when either is unknown or partial.

    >>> issued_after("2015-10-14", "2011-11-08"), issued_after("2011-11-08", "2015-10-14"), issued_after(None, "2011")
    (True, False, False)
    """
    return bool(a) and bool(b) and len(a) == len(b) == 10 and a > b


_SENTENCE_END = re.compile(r"\.\s+" + CAP)
_NUMBER_NEXT = re.compile(r"\s*(?:số\s*)?\d")
_CODE_CHAR = re.compile(r"[\d/\-]")


@cache
def _derived_verb_ends() -> tuple[str, ...] | None:
    """The derived verbs as plain strings when the lexicon's alternation is of plain words (then both
    branches of _derived_gap_re need the gap, without its trailing spaces, to end with one)."""
    verbs = load("lexicon")["derived_verbs"]
    if not (verbs.startswith("(?:") and verbs.endswith(")")):
        return None
    alts = verbs[3:-1].split("|")
    if not all(re.fullmatch(r"[^\\.^$*+?{}\[\]|()]+", a) for a in alts):
        return None
    return tuple(alts)


def derived_gap(gap: str) -> bool:
    """Does the text between X's mention and Y's say that X implements Y?

    >>> derived_gap(" của UBND tỉnh thực hiện "), derived_gap(" và ")
    (False, False)
    """
    if len(gap) > 260 or ";" in gap or "\n" in gap or _SENTENCE_END.search(gap):
        return False
    ends = _derived_verb_ends()
    if ends is not None and not gap.rstrip().endswith(ends):
        return False
    return bool(_derived_gap_re().match(gap))


def derived_to_titles(text: str, mentions: list[Mention], docs: list[Doc], title_docs: list[Doc]):
    """'Kế hoạch số 5/KH-UBND ... về triển khai Đề án 06': X implements a document named by title.

    >>> from vanban.loaders.find import find_mentions
    >>> t = "Kế hoạch số 7/KH-UBND ngày 2/3/2023 của UBND tỉnh triển khai Luật Thực hiện dân chủ ở cơ sở"
    >>> ms = find_mentions(t); docs, tdocs = title_refs(t, ms, group_mentions(ms))
    >>> [(a.code, b.code) for a, b, _ma, _mb in derived_to_titles(t, ms, docs, tdocs)]
    [('7/KH-UBND', '10/2022/QH15')]
    """
    ms = sorted([m for m in mentions if not m.own], key=_TAIL_OF)
    tails = [m.tail_end for m in ms]
    starts = sorted(m.start for m in ms)
    owner = None
    out = []
    for td in title_docs:
        for s, _e in td.spans:
            k = bisect_right(tails, s)
            if not k:
                continue
            a = ms[k - 1]
            # another mention starting between a's end and the title: a is not the one naming it
            if bisect_left(starts, s) > bisect_left(starts, a.tail_end):
                continue
            if derived_gap(text[a.tail_end:s]):
                if owner is None:
                    owner = _doc_index(docs)
                da = owner.get(id(a))
                if da and da is not td:
                    out.append((da, td, a, None))
                    break
    return out


def derived_relations(text: str, mentions: list[Mention], docs: list[Doc]) -> list[tuple[Doc, Doc, Mention, Mention]]:
    """(X, Y, mention of X, mention of Y) for "X … thực hiện Y": a cited document that itself implements another,
    and every document listed after Y ("X … về thực hiện Y, Z và W": X implements each of them).

    >>> from vanban.loaders.find import find_mentions
    >>> t = "Kế hoạch số 7/KH-UBND ngày 2/3/2023 của UBND tỉnh thực hiện Chỉ thị số 05/CT-TTg ngày 1/2/2023"
    >>> ms = find_mentions(t); docs = group_mentions(ms)
    >>> [(a.code, b.code) for a, b, _ma, _mb in derived_relations(t, ms, docs)]
    [('7/KH-UBND', '05/CT-TTg')]
    >>> t += " của Thủ tướng Chính phủ, Kết luận số 9-KL/TW ngày 3/1/2023 và Quyết định số 4/QĐ-TTg"
    >>> ms = find_mentions(t); docs = group_mentions(ms)
    >>> [(a.code, b.code) for a, b, _ma, _mb in derived_relations(t, ms, docs)]
    [('7/KH-UBND', '05/CT-TTg'), ('7/KH-UBND', '9-KL/TW'), ('7/KH-UBND', '4/QĐ-TTg')]
    """
    ms = sorted([m for m in mentions if not m.own], key=_START_OF)
    owner = None   # (built at the first derived relation: most plans state none)
    out = []
    seen = set()
    for i in range(len(ms) - 1):
        a, b = ms[i], ms[i + 1]
        if b.start < a.tail_end:
            continue
        if not derived_gap(text[a.tail_end:b.start]):
            continue
        if owner is None:
            owner = _doc_index(docs)
        da, db = owner.get(id(a)), owner.get(id(b))
        if not da or not db or da is db or issued_after(db.date, da.date):
            continue
        listed = _listed_after(text, ms, i + 1, owner, da) if _opens_clause(text, ms, i) else []
        for c, dc in ((b, db), *listed):
            key = (id(da), id(dc))
            if key not in seen:
                seen.add(key)
                out.append((da, dc, a, c))
    return out


# between two documents of a list a document carries out: the first one's date and issuer if its mention
# left them, the closing bracket of its short form, then "," or "và", and a type word the finder does not
# know ("Thông tri số 25-TT/TU": the mention starts at the code); no subject ("về …"), verb or ";"
_OBJECT_LIST_GAP = re.compile(
    r"\s*\)?\s*(?:,?\s*ngày\s*[\d/.\-]+\s*)?"
    r"(?:,?\s*của\s+(?:(?!(?:về|v/v|ban\s+hành|thực\s+hiện|triển\s+khai|hướng\s+dẫn)(?!\w))[^,;()\n])+?"
    r"(?:\s*\([^()\n;]{1,30}\))?)?\s*(?:,\s*và|,|và)\s*"
    r"(?:" + CAP + r"[^\W\d_]*(?:[ \t]+[^\W\d_]+){0,2}[ \t]+số\s*)?")


def _opens_clause(text: str, ms: list[Mention], i: int) -> bool:
    """Is ``ms[i]`` the first document its clause names ("Căn cứ Kế hoạch số …", not "…, Chỉ thị số …, Kế
    hoạch số …": there what follows its object may go on with the outer list)?"""
    if i == 0:
        return True
    at = ms[i].start
    lo = max(0, at - 400)
    cut = max(text.rfind(";", lo, at), text.rfind("\n", lo, at), text.rfind(". ", lo, at))
    return ms[i - 1].start < (lo if cut == -1 else cut) or ms[i - 1].start >= at


def _listed_after(text: str, ms: list[Mention], j: int, owner: dict[int, Doc], da: Doc) -> list[tuple[Mention, Doc]]:
    """(mention, document) of each document listed right after ``ms[j]`` (its short form skipped), in order;
    none when the list names ``ms[j]``'s document, or X's (``da``), again: then it is the clause's own list,
    which X's object only ends ("Bám sát Kế hoạch X về thực hiện Chỉ thị Y, Quyết định Z, Chỉ thị Y ngày …")."""
    prev_doc = owner.get(id(ms[j]))
    named = {id(da), id(prev_doc)}
    end = max(ms[j].tail_end, ms[j].end)
    out: list[tuple[Mention, Doc]] = []
    for c in ms[j + 1:]:
        dc = owner.get(id(c))
        if c.start < end or c.kind != "code" and dc is prev_doc:   # (its short form: "(sau đây gọi tắt là …)")
            end = max(end, c.end)
            continue
        if dc is None or not _OBJECT_LIST_GAP.fullmatch(text, end, c.start):
            break
        if id(dc) in named:
            return []
        if issued_after(dc.date, da.date):   # (not X's object: the clause's own list goes on)
            break
        named.add(id(dc))
        out.append((c, dc))
        prev_doc, end = dc, max(c.tail_end, c.end)
    return out if out and not _named_again(text, ms, end, owner, named) else []


def _named_again(text: str, ms: list[Mention], end: int, owner: dict[int, Doc], named: set[int]) -> bool:
    """Does the clause go on, after ``end``, to name one of the ``named`` documents again?"""
    stops = [k for k in (text.find(";", end), text.find("\n", end), text.find(". ", end)) if k != -1]
    stop = min(stops) if stops else len(text)
    k = bisect_left(ms, end, key=_START_OF)
    while k < len(ms) and ms[k].start < stop:
        d = owner.get(id(ms[k]))
        if d is not None and id(d) in named:
            return True
        k += 1
    return False


# The words that open a basis clause (a line, a list item, or after ";"): "Căn cứ" gives a legal basis,
# the others what the plan carries out. The last one before a mention, in its region, says which.
_BASIS_LEAD = re.compile(r"(?:^|;)[ \t\-+•*–]*(?:(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)\-:]\s*)?"
                         r"(?P<w>[Cc]ăn\s+cứ|(?:CÁC\s+)?CĂN\s+CỨ|CƠ\s+SỞ|[Cc]ơ\s+sở\s+(?:pháp\s+lý|xây\s+dựng)"
                         r"|(?:[Tt]iếp\s+tục\s+)?[Tt]hực\s+hiện|THỰC\s+HIỆN|[Tt]riển\s+khai|TRIỂN\s+KHAI"
                         r"|[Tt]hi\s+hành|[Tt]rên\s+cơ\s+sở|[Tt]heo|[Qq]uán\s+triệt|[Hh]ưởng\s+ứng)\b", re.M)
_BASIS_RANK = {"title": 3, "thuc_hien": 2, "can_cu": 1}
_LEGAL_BASIS = ("căn", "các căn", "cơ sở")   # (the leads, in lower case, of a legal basis: "can_cu")


def basis_at(text: str, pos: int, region: tuple[int, int], cache: dict | None = None, *,
             fallback: str = "thuc_hien") -> str:
    """"can_cu" when the last basis clause opened in ``text[region[0]:pos]`` is a "Căn cứ …" one (or the
    heading "CĂN CỨ …" above a list), "thuc_hien" when it is another, ``fallback`` when none is.
    ``cache``: region -> its lead matches, found once.

    >>> t = "Căn cứ Luật Y tế;\\nThực hiện Chỉ thị số 05/CT-TTg;"
    >>> basis_at(t, 6, (0, len(t))), basis_at(t, 28, (0, len(t)))
    ('can_cu', 'thuc_hien')
    """
    lo = region[0]
    # leads open clauses, so the last one is the mention's own clause's when it has one ("Căn cứ Quyết
    # định số …"): tried first, the region's leads read only for items without ("1. Quyết định số …")
    cs = max(text.rfind(";", lo, pos), text.rfind("\n", lo, pos) + 1, lo)
    own = _BASIS_LEAD.match(text, cs, pos)
    if own is not None:
        return "can_cu" if own.group("w").lower().startswith(_LEGAL_BASIS) else "thuc_hien"
    leads = cache.get(region) if cache is not None else None
    if leads is None:
        leads = basis_leads(text, lo, region[1])
        if cache is not None:
            cache[region] = leads
    k = bisect_right([m.end() for m in leads], pos)
    if not k:
        return fallback
    return "can_cu" if leads[k - 1].group("w").lower().startswith(_LEGAL_BASIS) else "thuc_hien"


def basis_leads(text: str, start: int, end: int) -> list:
    """The basis leads ("Căn cứ", "Thực hiện", …) at line starts between ``start`` and ``end``.

    >>> basis_leads("Căn cứ Luật Y tế;\\nThực hiện Chỉ thị số 05/CT-TTg;", 0, 48)
    [<re.Match object; span=(0, 6), match='Căn cứ'>, <re.Match object; span=(18, 27), match='Thực hiện'>]
    """
    return list(_BASIS_LEAD.finditer(text, start, end))


# a numbered item at a line's start ("1. ", "2) "), its number in group 1; a heading of a higher rank
# ("I. MỤC ĐÍCH", "A. ", "PHẦN I") or a line in capitals ends a list of such items
_ITEM = re.compile(r"[ \t]*(\d{1,2})\s*[.)]\s")
_ABOVE_ITEM = re.compile(r"[ \t]*(?:[IVX]{1,4}\s*[.\-:)]\s|[A-Đ]\s*[.)]\s|PHẦN\b)")
_ITEM_BASIS = re.compile(r"[ \t]*\d{1,2}\s*[.)]\s*(?:[Cc]ăn\s+cứ|CĂN\s+CỨ)\b")


def headless_basis_list(text: str, start: int) -> tuple[int, int] | None:
    """The span of a numbered list that opens the text at ``start`` (right after the header, where a site
    dropped the type line, the title and the "I. CĂN CỨ" heading) when it is a basis list: its items run
    1, 2, 3 …, and one of them opens with "Căn cứ". A list without that word (a dropped "I. MỤC ĐÍCH" over
    "1. Mục đích") is not read as one; None then, or when no list opens there.

    >>> t = ("Số: 4/KH-UBND\\n1. Quy chế thi, kèm theo Thông tư số 3/2020/TT-BGDĐT;\\n"
    ...      "2. Căn cứ Quyết định số 5/QĐ-UBND;\\nI. MỤC ĐÍCH\\n")
    >>> s, e = headless_basis_list(t, 14); t[s:e].count("\\n")
    2
    >>> headless_basis_list("1. Mục đích\\nNâng cao nhận thức.\\n2. Yêu cầu\\n", 0) is None
    True
    """
    pos = start
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    begin, expected, said_basis = pos, 1, False
    while pos < len(text) and pos - begin < 8000:
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        item = _ITEM.match(text, pos, end)
        if item is not None:
            if int(item.group(1)) != expected:
                break
            expected += 1
            said_basis = said_basis or _ITEM_BASIS.match(text, pos, end) is not None
        elif expected == 1 or _ABOVE_ITEM.match(text, pos, end) or _in_capitals(text[pos:end]):
            break
        pos = end + 1
    return (begin, min(pos, len(text))) if said_basis and expected > 2 else None


def _in_capitals(line: str) -> bool:
    """A heading in capitals ("MỤC ĐÍCH, YÊU CẦU")?"""
    return line.isupper() and sum(c.isalpha() for c in line) >= 6


# a report or a submission informs a plan, it is not what the plan carries out
_NEVER_BASIS = frozenset({"Báo cáo", "Tờ trình"})
# the clause a mention sits in opens with a proposal ("Theo đề nghị của … tại Tờ trình số …", "Xét đề nghị …")
_PROPOSAL = re.compile(
    r"^[\W\d]*(?:(?:[Tt]heo|[Xx]ét|[Qq]ua\s+xem\s+xét|[Tt]rên\s+cơ\s+sở)\s+(?:các\s+)?(?:đề\s+nghị|đề\s+xuất|tờ\s+trình|ý\s+kiến\s+đề\s+xuất)"
    r"|[Qq]ua\s+xem\s+xét)"
)
# "…, ngay từ đầu năm UBND Thành phố đã ban hành Chương trình số …": an earlier document told as background
_ALREADY_ISSUED = re.compile(r"\bđã\s+(?:ban\s+hành|xây\s+dựng|triển\s+khai)\s*$"
                             # "Trên cơ sở kết quả thực hiện Kế hoạch số …": last round's results, not its basis
                             r"|\bkết\s+quả\s+(?:\d+\s+năm\s+)?(?:thực\s+hiện|triển\s+khai)\s*$")


# "(sau đây gọi tắt là Kết luận số 132-KL/TW …)": the short form repeats a document, it names no new basis
_SHORT_FORM_BEFORE = re.compile(r"(?i)\(\s*(?:sau\s+đây\s+)?(?:được\s+)?(?:gọi|viết)\s+tắt\s+(?:là\s*)?:?\s*[“\"]?\s*$")


def not_basis(text: str, m: Mention) -> bool:
    """A preamble mention that is not a basis: a report or submission, a document named in a proposal,
    one the issuer "đã ban hành" (background told as a story), or a short form's definition.

    >>> from vanban.loaders.find import find_mentions
    >>> t = "Căn cứ Tờ trình số 15/TTr-SYT ngày 2/2/2024 của Sở Y tế;"
    >>> not_basis(t, find_mentions(t)[0])
    True
    """
    if (m.type or "") in _NEVER_BASIS:
        return True
    if text.find("tắt", max(0, m.start - 50), m.start) != -1 and _SHORT_FORM_BEFORE.search(
        text, max(0, m.start - 50), m.start
    ):
        return True
    lo = max(0, m.start - 400)
    cut = max(text.rfind(";", lo, m.start), text.rfind("\n", lo, m.start), text.rfind(". ", lo, m.start))
    clause = text[max(lo, cut + 1):m.start]
    # (anchored at the clause's end, 60 characters hold any match of the second)
    return bool(("ề" in clause or "xét" in clause or "trình" in clause) and _PROPOSAL.match(clause)
                or ("đã" in clause or "kết" in clause) and _ALREADY_ISSUED.search(clause[-60:])
                or "(" in clause and _in_aside(clause))


# a document's number before the bracket: "… số 12/2020/QĐ-TTg … (", "… số 3-KH/TU … ("
_CODE_BEFORE = re.compile(r"\d\s*[/\-]\s*" + CAP)


def _in_aside(clause: str) -> bool:
    """Is the end of ``clause`` inside a bracket opened after another document's number ("Căn cứ Quyết định
    số 12/QĐ-UBND … (Chương trình … theo Quyết định số …": an aside about that document, not a basis of its
    own)? A number in a bracket after a name ("Luật Đất đai (Luật số …)") or opening a list ("các văn bản
    (Chỉ thị số …") is no aside.

    >>> _in_aside("Căn cứ Quyết định số 5/QĐ-UBND ngày 2/2/2024 (kèm theo Quyết định số ")
    True
    >>> _in_aside("Căn cứ Luật Y tế (Luật số ")
    False
    """
    p = clause.rfind("(")
    return p != -1 and clause.find(")", p) == -1 and _CODE_BEFORE.search(clause, 0, p) is not None


# an issuer an upper-case title gives after the date ("… NGÀY 16/4/2025 CỦA CHÍNH PHỦ VỀ VIỆC …"), which
# the mention's own issuer search (lower-case "của") leaves in the gap
_TITLE_ISSUER = re.compile(r"^\s*,?\s*của\s+.{2,80}?"
                           r"(?=\s+(?:về|ban\s+hành|v/v|hướng\s+dẫn|triển\s+khai|thực\s+hiện)\b)")


def _title_nested(gap: str) -> bool:
    """Does the title text between two documents make the second one the first's object?"""
    # (a space before the gap, as derived_gap reads it: a mention's tail may have taken the one after the date)
    g = _TITLE_ISSUER.sub("", " " + " ".join(gap.lower().split()))
    return derived_gap(g + " ")


# "… đã thông qua Luật Đất đai (Luật số 31/2024/QH15)": a law named by its title, its number in brackets
_NAME_BEFORE_BRACKET = re.compile(
    r"(?:Luật|Bộ\s+luật|Pháp\s+lệnh|Đề\s+án|Chương\s+trình)\s+(?P<name>[^()\n;:]{3,100}?)\s*\(\s*$"
)


def _named_in_title(text: str, m: Mention, title: tuple[int, int]) -> bool:
    """Is the document before its bracketed number the one the plan's title names ("TRIỂN KHAI THI HÀNH
    LUẬT ĐẤT ĐAI")? Then the plan carries it out, whatever clause names it."""
    if text.rfind("(", max(0, m.start - 3), m.start) == -1:
        return False
    nb = _NAME_BEFORE_BRACKET.search(text, max(0, m.start - 120), m.start)
    if not nb:
        return False
    name = " ".join(nb.group(0).rstrip(" (").split()).lower()
    return name in " ".join(text[title[0]:title[1]].split()).lower()


def _set_basis(d: Doc, basis: str) -> None:
    if _BASIS_RANK[basis] > _BASIS_RANK.get(d.basis or "", 0):
        d.basis = basis


def implements_marked(text: str, mentions: list[Mention], docs: list[Doc], derived, *,
                      preamble: tuple[int, int], title: tuple[int, int], sections: tuple = ()) -> list[Doc]:
    """The documents again, new values, ``relation = "implements"`` (and ``basis``) on those the preamble
    (or a basis section) names, except one named there only as another's target, and on those the title
    says it carries out. ``docs`` are left as they are.

    >>> from vanban.loaders.find import find_mentions
    >>> t = ("KẾ HOẠCH\\nCăn cứ Chỉ thị số 05/CT-TTg ngày 1/2/2024;\\nban hành Kế hoạch như sau:\\n"
    ...      "I. Theo Luật số 5/2020/QH14.")
    >>> ms = find_mentions(t); docs = group_mentions(ms)
    >>> [(d.code, d.relation, d.basis) for d in implements_marked(t, ms, docs, [], preamble=(9, 70), title=(0, 8))]
    [('05/CT-TTg', 'implements', 'can_cu'), ('5/2020/QH14', 'cites', None)]
    >>> [d.relation for d in docs]
    ['cites', 'cites']
    """
    # the stage decides on its own copies (a document's basis may be raised by a later mention of it)
    copies = _Copies()
    regions = [preamble, *sections]
    # (an empty preamble: the list's "1." was taken for the first section heading)
    headless = headless_basis_list(text, preamble[0]) if text[preamble[0]:preamble[1]].isspace() \
        or preamble[1] <= preamble[0] else None
    if headless is not None:
        regions.append(headless)
    targets_in_preamble = {id(b) for _da, _db, a, b in derived
                           if any(lo <= a.start < hi and lo <= b.start < hi for lo, hi in regions)}
    targets_in_preamble |= _amended_by_cited(text, mentions, regions)
    owner = _doc_index(docs)
    region_leads: dict = {}
    carried = carried_out_by_title(text, mentions, title)
    for m in mentions:
        if m.own:
            continue
        d = owner.get(id(m))   # doc_of(docs, m), looked up
        if d is None:
            continue
        region = _region_of(regions, m.start)
        if region is not None:
            if id(m) in targets_in_preamble or not_basis(text, m):
                continue
            d = copies.of(d)
            d.relation = "implements"
            if _BASIS_RANK.get(d.basis or "", 0) < _BASIS_RANK["thuc_hien"]:   # (only "thuc_hien" can raise it)
                _set_basis(d, basis_at(text, m.start, region, region_leads,
                                       fallback="can_cu" if region is headless else "thuc_hien"))
            if title[1] > title[0] and _named_in_title(text, m, title):
                _set_basis(d, "title")
        elif id(m) in carried:
            d = copies.of(d)
            d.relation = "implements"
            _set_basis(d, "title")
    return copies.instead_of(docs)


def _amended_by_cited(text: str, mentions: list[Mention], regions: list[tuple[int, int]]) -> set[int]:
    """ids of the basis regions' mentions that another named document replaces or amends ("Căn cứ Thông tư số
    6/2023/TT-BNV … sửa đổi, bổ sung Thông tư số 2/2021/TT-BNV"): what the basis does, not the plan's basis."""
    # (only the regions a verb may stand in are read: most hold none)
    live = [(lo, hi) for lo, hi in regions if hi > lo and may_govern(text, lo, hi)]
    if not live:
        return set()
    ms = sorted((m for m in mentions if not m.own and _region_of(live, m.start) is not None), key=_START_OF)
    if not ms:
        return set()
    verbs = governing_verbs(text, [(m.start, m.end) for m in ms])
    return {id(m) for m, v in zip(ms, verbs, strict=True) if v is not None and v[1]}


def _doc_copy(d: Doc) -> Doc:
    """``replace(d, spans=list(d.spans))``: the same fields (the same mentions list), spans a list of its
    own; copied by the instance dict (``replace`` re-runs ``__init__`` over every field, 5x slower)."""
    got = object.__new__(Doc)
    got.__dict__.update(d.__dict__)
    got.spans = list(d.spans)
    return got


def _region_of(regions: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The first region holding ``pos``, or None (a loop: a generator per mention cost more than the test)."""
    for r in regions:
        if r[0] <= pos < r[1]:
            return r
    return None


class _Copies:
    """A stage's own copies of the documents it changes, made at the first change (most are left as
    they are), each with its own list of spans."""

    def __init__(self):
        self._copy: dict[int, Doc] = {}

    def of(self, d: Doc) -> Doc:
        got = self._copy.get(id(d))
        if got is None:
            got = self._copy[id(d)] = _doc_copy(d)
        return got

    def own(self, d: Doc) -> Doc:
        """A document the stage made itself: changed in place."""
        self._copy[id(d)] = d
        return d

    def instead_of(self, docs: list[Doc]) -> list[Doc]:
        return [self._copy.get(id(d), d) for d in docs]


# between two documents of the title's list: the first one's date and issuer if its mention left them
# (an upper-case title: "… CỦA BỘ CHÍNH TRỊ VÀ …"), then "," / ";" / "và"; no subject ("về …") or verb
_TITLE_LIST_GAP = re.compile(
    r"\s*(?:,?\s*ngày\s*[\d/.\-]+\s*)?(?:,?\s*của\s+(?:(?!(?:về|v/v|ban\s+hành|thực\s+hiện|triển\s+khai)(?!\w))"
    r"[^,;()\n])+?)?\s*(?:,\s*và|[,;]|và)\s*", re.IGNORECASE)


def carried_out_by_title(text: str, mentions: list[Mention], title: tuple[int, int]) -> set[int]:
    """ids of the title's mentions the title says the plan carries out: one right after a verb of carrying
    out ("Kế hoạch triển khai Nghị quyết số …") and those listed after it ("… và Nghị quyết số …"); not a
    document named as another's object ("… Nghị quyết X về việc ban hành Kế hoạch thực hiện Kết luận Y").

    >>> from vanban.loaders.find import find_mentions
    >>> t = "Triển khai Nghị quyết số 57-NQ/TW của Bộ Chính trị và Nghị quyết số 03/NQ-CP của Chính phủ"
    >>> ms = find_mentions(t)
    >>> [m.code for m in ms if id(m) in carried_out_by_title(t, ms, (0, len(t)))]
    ['57-NQ/TW', '03/NQ-CP']
    """
    if title[1] <= title[0]:
        return set()
    in_title = [m for m in mentions if not m.own and title[0] <= m.start < title[1]]
    verbs = load("lexicon")["implements_title_verbs"] + r"\s*$"
    out: set[int] = set()
    prev = None
    for m in in_title:
        follows = prev is not None and m.start >= prev.tail_end
        # "… thực hiện Nghị quyết X về việc ban hành Kế hoạch thực hiện Kết luận Y": only X
        nested = follows and _title_nested(text[prev.tail_end:m.start]) and not issued_after(m.date, prev.date)
        if not nested and (m.type or "") not in _NEVER_BASIS and (
                re.search(verbs, text[title[0]:m.start], re.I)
                or follows and id(prev) in out and _TITLE_LIST_GAP.fullmatch(text, prev.tail_end, m.start)):
            out.add(id(m))
        prev = m
    return out


@cache
def _catalogue():
    docs = load("catalogue")["documents"]
    entries = []
    for d in docs:
        for a in d.get("aliases") or []:
            heads = [r"\s+".join(re.escape(w) for w in h.split()) for h in VOCAB.title_heads[a]]
            # (the head's first words are a group of the trigger table: its matches are tried there only)
            entries.append((d, a, re.compile("|".join(heads)), title_group(a)))
    return entries


@cache
def catalogue_by_code() -> dict[str, dict]:
    """The catalogue's central documents by code (loaders/data/catalogue.json).

    >>> catalogue_by_code()["10/2022/QH15"]["type"]
    'Luật'
    """
    return {d["code"]: d for d in load("catalogue")["documents"]}


_LOCAL_AFTER = re.compile(r"\s+(?:của\s+)?(?:(?:" + _LEVEL_NAMES + r")(?:\s+" + CAP + r"|\s*[,;.)]|\s*$)"
                          r"|" + CAP + r"[^\W\d_]+\s+" + CAP + r")")
# the title is the cited document's own subject: "... của Bộ Chính trị (về việc) ban hành Quy chế ...",
# "... về “Quy chế ...”"; a bare comma is a list separator, not a subject
_SUBJECT_GAP = re.compile(
    r"\s*,?\s*(?:về\s+(?:việc\s+)?(?:ban\s+hành\s+)?|ban\s+hành\s+|V/v\s+)[“\"]?\s*$|\s*[“\"]?\s*$"
)


def title_refs(text: str, mentions: list[Mention], docs: list[Doc]) -> tuple[list[Doc], list[Doc]]:
    """Catalogue documents named by title only: (``docs`` again, new values with the spans of their
    titles added, the new Docs ``resolved_by='title'``). ``docs`` are left as they are.

    A title right after a numbered mention of the same document ("Nghị quyết số 18-NQ/TW về …") adds
    a span to it; a title of a document already cited adds a span to that one.

    >>> _, new = title_refs("Thực hiện Luật Thực hiện dân chủ ở cơ sở, …", [], [])
    >>> [(d.code, d.resolved_by) for d in new]
    [('10/2022/QH15', 'title')]
    """
    copies = _Copies()   # (of the documents a title adds a span to)
    new: list[Doc] = []
    code_ms = [m for m in mentions if not m.own]
    taken = SpanSet((m.start, m.end) for m in code_ms)
    # built at the first hit that survives the fuzzy test (most plans have none)
    owners = None
    lower = _lower_for_windows(text)
    table = triggers(text)
    for cat, alias, head, group in _catalogue():
        al = alias.lower()
        for h in finditer_at(head, text, cands=table.starts(group)):
            span = _title_span(text, lower, h.start(), alias, al, taken)
            if span is None:
                continue
            if owners is None:
                owners = _TitleOwners(code_ms, docs, copies)
            if owners.add_span(cat["code"], *span, text):
                continue
            s, e = span
            d = copies.own(Doc(code=cat["code"], date=cat.get("date"), issuer=cat.get("issuer"),
                               type=cat.get("type"), resolved_by="title", first=s, title=cat.get("title"),
                               catalogue=cat, spans=[(s, e)]))
            new.append(d)
            owners.first_by_code.setdefault(d.code, d)
            taken.add(s, e)
    return copies.instead_of(docs), new


def _lower_for_windows(text: str) -> str | None:
    """``text.lower()`` where a window of it differs from the window lowered alone, else None: a few
    windows are lowered, not the whole text. Only an "İ" (lower case two characters: the lower text is
    shifted) or a "Σ" (lower case told by its neighbours) makes them differ."""
    return None if "İ" not in text and "Σ" not in text else text.lower()


def _window(text: str, lower: str | None, at: int, n: int) -> str:
    """``text.lower()[at:at + n]``, given ``lower = _lower_for_windows(text)``."""
    return lower[at:at + n] if lower is not None else text[at:at + n].lower()


def _title_span(text: str, lower: str | None, at: int, alias: str, al: str, taken: SpanSet) -> tuple[int, int] | None:
    """The span of a catalogue title ``alias`` whose head was found at ``at``, when it is one: close enough
    (rapidfuzz), not inside a numbered mention, not followed by its number or a local level. ``lower``:
    what :func:`_lower_for_windows` gives."""
    if at and text[at - 1].isalnum():
        return None
    window = _window(text, lower, at, len(al) + 12)
    res = fuzz.partial_ratio_alignment(al, window, score_cutoff=90)
    if res is None or res.dest_start > 2:
        return None
    s = at + res.dest_start
    e = at + res.dest_end
    # extend to the end of a word
    while e < len(text) and text[e].isalnum():
        e += 1
    if taken.overlaps(s, e):
        return None
    if _NUMBER_NEXT.match(text[e:e + 8]) and not alias[-1].isdigit():
        return None
    if alias[-1].isdigit() and _CODE_CHAR.match(text[e:e + 1]):
        return None
    if _LOCAL_AFTER.match(text, e):
        return None
    return s, e


class _TitleOwners:
    """Who already holds a title found in a plan: the numbered mention it follows ("… số 18-NQ/TW về …"), or
    the first document of its code. The mentions are kept by end (stable: text order among equal ends)."""

    def __init__(self, code_ms: list[Mention], docs: list[Doc], copies: _Copies):
        self.copies = copies   # (a span is added to the stage's copy of a document)
        self.by_tail = sorted(sorted(code_ms, key=_START_OF), key=_TAIL_OF)
        self.code_tails = [m.tail_end for m in self.by_tail]
        self.first_by_code: dict[str, Doc] = {}
        for d in docs:
            self.first_by_code.setdefault(d.code, d)
        self.docs = docs
        self.owner_doc: dict[int, Doc] | None = None

    def add_span(self, code: str, s: int, e: int, text: str) -> bool:
        """Add (s, e) to the document that holds it and say so; False when it is a new document."""
        k = bisect_right(self.code_tails, s)
        owner = None
        if k and _SUBJECT_GAP.fullmatch(text[self.by_tail[k - 1].tail_end:s]):
            owner = self.by_tail[k - 1]
        if owner is not None:
            if owner.code == code:
                if self.owner_doc is None:
                    self.owner_doc = _doc_index(self.docs)
                d = self.owner_doc.get(id(owner))
                if d:
                    self.copies.of(d).spans.append((s, e))
            return True
        same = self.first_by_code.get(code)
        if same is not None:
            self.copies.of(same).spans.append((s, e))
            return True
        return False


@lru_cache(maxsize=4096)
def is_central(code: str, issuer: str | None) -> bool:
    """Whether a cited document is central: in the catalogue, a central code, or a central issuer
    named without a local level.

    >>> is_central("05/CT-TTg", None), is_central("12/KH-UBND", "UBND tỉnh"), is_central("3/KH", "Bộ Y tế")
    (True, False, True)
    """
    if code in catalogue_by_code() or VOCAB.is_central_code(code):
        return True
    return bool(issuer) and not _issuer_levels(issuer) and VOCAB.names_central_issuer(issuer)


@lru_cache(maxsize=4096)
def _resolve_issuer_cached(issuer, province, district, commune, central):
    return _resolve_issuer(issuer, province=province, district=district, commune=commune, central=central)


def resolve_issuer(issuer: str | None, *, province: str | None, district: str | None, commune: str | None,
                   central: bool) -> str | None:
    """'UBND tỉnh' -> 'UBND tỉnh Lạng Sơn' when the plan says which province; None when unknown.

    >>> resolve_issuer("UBND tỉnh", province="Lạng Sơn", district=None, commune=None, central=False)
    'UBND tỉnh Lạng Sơn'
    >>> resolve_issuer("UBND huyện", province="Lạng Sơn", district=None, commune=None, central=False) is None
    True
    """
    return _resolve_issuer_cached(issuer, province, district, commune, central)


def _resolve_issuer(issuer: str | None, *, province: str | None, district: str | None, commune: str | None,
                   central: bool) -> str | None:
    """'UBND tỉnh' -> 'UBND tỉnh Lạng Sơn' when the plan says which province; None when unknown."""
    if not issuer:
        return None
    if central:
        return issuer
    # a body's own level word written with a capital ("UBND Tỉnh", "UBND Thành phố": Hà Nội's, Đồng Tháp's
    # house style) is the relative one
    out = _OWN_LEVEL_CAPITALISED.sub(lambda m: m.group(1) + m.group(2).lower(), issuer)
    names = {"tỉnh": province}
    if province in CENTRAL_CITIES:   # "UBND thành phố" in a plan of a centrally run city: the city
        names["thành phố"] = province
    if district:
        lvl, _, name = district.partition(" ")
        if district.startswith("thành phố "):
            lvl, name = "thành phố", district[len("thành phố "):]
        elif district.startswith("thị xã "):
            lvl, name = "thị xã", district[len("thị xã "):]
        names[lvl] = name
    if commune:
        for lv in (w for w, level in VOCAB.level_of.items() if level == "commune"):
            if commune.startswith(lv + " "):
                names[lv] = commune[len(lv) + 1:]
    changed = False

    def fill(m: re.Match) -> str:
        nonlocal changed
        lv = m.group(1)
        nm = names.get(lv)
        if nm:
            changed = True
            return f"{m.group(0)} {nm}"
        return m.group(0)

    out = re.sub(r"(?<![\w])(" + _LEVEL_NAMES + r")(?![\w])(?!\s+[" + CAPITAL + r"\d])", fill, out)
    party = {c: {**names, "tỉnh": province}.get(w) for c, w in VOCAB.party_committees.items()}
    # a Huyện ủy leads any unit of district level; a Thành ủy a centrally run city, at province level
    party["Huyện ủy"] = party["Huyện ủy"] or names.get("quận") or names.get("thị xã")
    party["Thành ủy"] = party["Thành ủy"] or (province if province in CENTRAL_CITIES else None)

    def fill_p(m: re.Match) -> str:
        nonlocal changed
        nm = party.get(m.group(1))
        if nm:
            changed = True
            return f"{m.group(1)} {nm}"
        return m.group(0)

    out = re.sub(r"(" + _LEVEL_COMMITTEES + r")(?!\s+" + CAP + ")", fill_p, out)
    if changed:
        return out
    if re.search(r"(?<![\w])(?:" + _LEVEL_NAMES + "|" + _LEVEL_COMMITTEES + ")"
                 r"(?![\w])(?!\s+[" + CAPITAL + r"\d])", out):
        return None
    return issuer
