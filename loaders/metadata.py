"""Stage of pipeline.extract_text: the plan's own metadata (header, title, preamble issuer, date, place, signature).

Works on the cleaned text (paragraphs separated by single "\\n"). Returns a
:class:`~vanban.models.DocumentMeta` plus layout facts the later stages need
(title and preamble regions, header end) as :class:`Layout`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, count
from operator import add, methodcaller

from vanban.models import DocumentMeta

from .find import SUBJECT_BREAK, Mention, canonical_spelling, code_type, find_mentions
from .lexicon import load, normalise_org, squash, without_marks
from .resolve import CENTRAL_CITIES, resolve_issuer
from .scan import capitals_share_at_least, class_of, led_search, line_led_search, per_text, triggers
from .vocab import CAP, PLACE_NAME, VOCAB

LEVEL_WORDS = VOCAB.level_alternation()
PLACE_RE = re.compile(r"(?P<lvl>" + LEVEL_WORDS + r")\s+(?P<name>" + PLACE_NAME + r")")


def place_matches(text: str) -> list[re.Match]:
    """The matches of ``PLACE_RE.finditer(text)``: PLACE_RE is matched only where the text's trigger table
    (scan.triggers) has a level word, keeping, in text order, those that start after the previous kept
    one's end, as finditer does (a level word inside a match, "xã" in "thị xã Sơn Tây", is skipped).

    >>> [m.group(0) for m in place_matches("UBND thị xã Sơn Tây, xã Đường Lâm và đặc khu Phú Quốc")]
    ['thị xã Sơn Tây', 'xã Đường Lâm', 'đặc khu Phú Quốc']
    """
    out: list[re.Match] = []
    last = 0
    match = PLACE_RE.match
    for s in triggers(text).starts("level"):
        if s >= last:
            m = match(text, s)
            if m is not None:
                out.append(m)
                last = m.end()
    return out


DOC_TYPES_UPPER = VOCAB.header_types   # "KẾ HOẠCH" -> "Kế hoạch" (type_words.json header_forms)
def _any_marks(form: str) -> str:
    """A regex for a header form in capitals whatever marks its letters carry ("KẾ HOẠCH": "KÉ HOẶCH", "KE HOACH").

    >>> re.fullmatch(_any_marks("KẾ HOẠCH"), "KÉ HOẶCH") is not None
    True
    """
    return "".join("[" + _CAPITALS_BY_BASE[b] + "]" if (b := without_marks(c)) in _CAPITALS_BY_BASE
                   else r"[ \t]+" if c == " " else re.escape(c) for c in form)


def _letters_by_base(upper: bool) -> dict[str, str]:
    # every capital (or small) letter up to the Vietnamese ones, grouped by the Latin letter it is written on
    # ("E": "EÈÉ…", "a": "aàá…")
    out: dict[str, str] = {}
    for c in map(chr, range(0x41, 0x1EFA)):
        b = without_marks(c)
        if (c.isupper() if upper else c.islower()) and len(b) == 1 and b.isascii() and b.isalpha():
            out[b] = out.get(b, "") + c
    return out


def _type_line_pattern(form_pattern) -> re.Pattern:
    """A title's type line: a header form (as ``form_pattern`` writes it as a regex), then the rest."""
    forms = sorted(DOC_TYPES_UPPER, key=len, reverse=True)
    return re.compile(r"^\s*(?P<t>" + "|".join(map(form_pattern, forms)) + r")\b(?P<rest>.*)$")


_CAPITALS_BY_BASE = _letters_by_base(upper=True)
# a header form's words parted by any run of spaces or tabs ("KẾ  HOẠCH" in justified or converted text)
_TYPE_LINE = _type_line_pattern(lambda form: r"[ \t]+".join(form.split()))
# the same as a scan may have misread its marks: tried when no line is one as written
_TYPE_LINE_MISREAD = _type_line_pattern(_any_marks)
_TYPES_WITHOUT_MARKS = {without_marks(form): t for form, t in DOC_TYPES_UPPER.items()}
_SENTENCE_TYPE_LINE = re.compile(
    r"^\s*(?P<t>" + "|".join(sorted(map(re.escape, VOCAB.title_line_types), key=len, reverse=True))
    + r")(?P<rest>\s+(?:[a-zđà-ỹ]|\d+\s*[/\-–]).*)$"
)
# a web post's title that opens with a number ("Kế hoạch số 45/KH-UBND ngày … về …", "Kế hoạch 45/KH-UBND năm
# 2025 …"): the plan's own when its type code is the line's type, else a sentence about another document
_POSTED_CODE = re.compile(r"\s+(?:số\s*:?\s*)?(?=\d)")
# a date line's comma and what follows it ("…, ngày 3 tháng 4 năm 2024")
_DATE_FROM_COMMA = (r",\s*ngày\s*(?P<d>\d{1,2})?[\s.…_/]*(?:tháng|/)\s*(?P<m>\d{1,2})?"
                    r"[\s.…_/]*(?:năm|/)\s*(?P<y>\d{4})")
# the place before it: a numbered ward writes its number alone ("7, ngày 10 tháng 4 năm 2025"); a place holds
# no run of three spaces (the cells of a header laid out with spaces: "Số: 12/KH-UBND     Hà Giang, ngày …")
_DATE_LINE = re.compile(r"(?:^|\|\s*|\t\s*|  \s*)(?P<place>[^\W\d_](?:(?!   )[^,\n|\t]){1,40}?|\d{1,3})\s*"
                        + _DATE_FROM_COMMA, re.M)
# led by the comma (which the engine skips to): every match of _DATE_LINE holds one
_DATE_COMMA = re.compile(_DATE_FROM_COMMA)
# a date line as typed or read otherwise, tried when no line is one as above: no comma after the place or one
# before "năm" ("Phù Cát ngày 16 tháng 5, năm 2023"), no "ngày" ("Phù Cát, 16 tháng 5 năm 2023"), dots or
# hyphens ("16.5.2023"), the words' marks misread by a scan ("ngảy", "thảng", "nãm"), and the place after the
# number's cell and one or two spaces ("Số: 88/KH-UBND Tân Châu, ngày …"); a place is never "ngày" (a cited
# document's date: "… số 88/KH-UBND ngày 02/3/2024")
_ANY_A = "[" + _letters_by_base(upper=False)["a"] + "]"   # "a" with any marks
# (nor "Ngày"/"NGÀY" starting a sentence: "Ngày 02/7/2018, UBND tỉnh X ban hành …" is news, no date line)
_DAY_WORD = "[Nn][Gg][" + _letters_by_base(upper=False)["a"] + _letters_by_base(upper=True)["A"] + "][Yy]"
_LOOSE_DATE_LINE = re.compile(
    r"(?:^|\|\s*|\t\s*|  \s*|^[ \t]*(?:Số|SỐ)[^\n/]{0,12}/[^\s|,;/]{1,20} {1,2})"
    r"(?!" + _DAY_WORD + r"\b)(?P<place>[^\W\d_](?:(?!   )[^,\n|\t/]){1,40}?|\d{1,3})\s*,?\s*"
    r"(?:ng" + _ANY_A + r"y\s*)?(?P<d>\d{1,2})?\s*,?[\s.…_]*(?:th" + _ANY_A + r"ng|[/.\-])\s*(?P<m>\d{1,2})?"
    r"\s*,?[\s.…_]*"
    r"(?:n" + _ANY_A + r"m|[/.\-])\s*(?P<y>\d{4})", re.M)
# "Số:" starts a line or a header cell; in hard-wrapped text the cleaner may have
# joined it to the motto line before it ("… Hạnh phúc Số: 12/KH-UBND").
_OWN_CODE = re.compile(
    r"(?:^|\||\t|  |(?<=[Pp]húc )|(?<=PHÚC ))[ \t|]*" + VOCAB.trigger_alternation("own_number")
    + r"\s*:?\s*(?P<num>\d{0,5}(?:(?<=\d)[A-Za-z])?)\s*(?P<sym>[/\-–—][^\s|,;]*)", re.M
)


def _own_code(text: str, end: int) -> re.Match | None:
    """``_OWN_CODE.search(text, 0, end)``, tried only just before each "Số"/"SỐ" (the trigger table's own_number): a
    match holds nothing but spaces, tabs and bars before its "Số", so it starts in the run of them before
    one (the first that starts one, in text order), instead of at every position of the header.

    >>> _own_code("ỦY BAN NHÂN DÂN\\n  Số: 5/KH-UBND", 40).span(), _own_code("Căn cứ Số liệu", 14)
    ((16, 31), None)
    """
    for q in triggers(text).starts("own_number", 0, end):
        w = q
        while w and text[w - 1] in " \t|":
            w -= 1
        for s in range(w, q + 1):
            m = _OWN_CODE.match(text, s, end)
            if m is not None:
                return m
    return None
# a header cell that names no body: the motto, a rule, the number, the date line, the Party's name. Its
# alternatives anchored at the cell's start are tried there only; the others from their first letters
_HEADER_SKIP_AT_START = re.compile(r"\s*-{2,}|\s*\*+\s*$|\s*Số\b|ĐẢNG BỘ", re.I)
_HEADER_SKIP_ANYWHERE = led_search(re.compile(r"CỘNG HÒA|CỘNG HOÀ|CỘNG SẢN|Độc lập|ĐỘC LẬP|ngày\s", re.I))
# the motto's cell after a body's, parted by one or two spaces only (a copy that flattened the header's table)
# (most cells hold no motto: told by a literal search first, the pattern led by a lookbehind being tried at
# every position)
_MOTTO_WORDS = led_search(re.compile("CỘNG|Độc lập|ĐỘC LẬP|ĐOÀN TNCS"))
_MOTTO_AFTER_BODY = re.compile(r"(?<=\S)(?<!ĐẢNG)\s{1,2}"
                               r"(?=(?:ĐẢNG )?CỘNG SẢN VIỆT NAM|CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐỘC LẬP|ĐOÀN TNCS)")
_CELL_SPLIT = re.compile(r"\s*(?:\||\t|\s{3,})\s*")
# whether _CELL_SPLIT splits a line at all (a "|", a tab, three spaces): led by a character class, so the
# engine skips to the spaces, where _CELL_SPLIT (led by "\s*") is tried at every position
_CELL_SEP = re.compile(r"[\s|](?:(?<=[|\t])|\s\s)")
# the Youth Union's committees, named after their level as the Party's are: "Tỉnh Đoàn" -> "tỉnh"
_YOUTH_UNIONS = load("lexicon")["youth_union_committees"]
_ORG_UPPER = [
    ("ỦY BAN NHÂN DÂN", "UBND"),
    ("UBND", "UBND"),
    # a copy that lost the first letter or its mark ("Y BAN NHÂN DÂN / TỈNH X", "UY BAN NHÂN DÂN")
    ("Y BAN NHÂN DÂN", "UBND"),
    ("UY BAN NHÂN DÂN", "UBND"),
    ("ỘI ĐỒNG NHÂN DÂN", "HĐND"),
    ("HỘI ĐỒNG NHÂN DÂN", "HĐND"),
    ("HĐND", "HĐND"),
    # the Front and the mass organisations, each named with its level and place ("… HUYỆN CHỢ MỚI")
    ("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM", "Ủy ban MTTQ Việt Nam"),
    ("ỦY BAN MTTQ VIỆT NAM", "Ủy ban MTTQ Việt Nam"),
    ("ỦY BAN MTTQ", "Ủy ban MTTQ Việt Nam"),
    ("HỘI NÔNG DÂN", "Hội Nông dân"),
    ("HỘI LIÊN HIỆP PHỤ NỮ", "Hội Liên hiệp Phụ nữ"),
    ("HỘI CỰU CHIẾN BINH", "Hội Cựu chiến binh"),
    *((c.upper(), c) for c in _YOUTH_UNIONS),   # "TỈNH ĐOÀN" -> "Tỉnh Đoàn", …
    ("BAN CHẤP HÀNH", "Ban Chấp hành"),
    ("BCH", "Ban Chấp hành"),
    ("BAN THƯỜNG VỤ", "Ban Thường vụ"),
    *((c.upper(), c) for c in VOCAB.every_party_committee),   # "TỈNH ỦY" -> "Tỉnh ủy", …
    ("BAN CHỈ ĐẠO", "Ban Chỉ đạo"),
    ("BCĐ", "Ban Chỉ đạo"),
    ("SỞ", "Sở"),
    ("PHÒNG", "Phòng"),
    ("BAN", "Ban"),
    ("VĂN PHÒNG", "Văn phòng"),
]
# an issuer that ends with a committee's name and no place ("Thành ủy", "Ban Dân vận Tỉnh ủy"), and the header's
# Party organisation ("ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG") that names the place
_BARE_COMMITTEES = tuple(VOCAB.every_party_committee)
_ENDS_WITH_BARE_COMMITTEE = re.compile("(?:" + "|".join(VOCAB.every_party_committee) + ")$")
_PARTY_ORG_LINE = re.compile(r"ĐẢNG BỘ\s+(?P<lvl>" + LEVEL_WORDS.upper()
                             + r")\s+(?P<name>[^|\t\n]+?)\s*(?:$|\||\t|\s{2,}|\s(?=ĐẢNG CỘNG SẢN|CỘNG HÒA))", re.M)
# a Ban named after its committee ("BAN DÂN VẬN TỈNH ỦY"): the committee's name in capitals at the end
_ENDS_WITH_COMMITTEE = re.compile(r"\s(" + "|".join(c.upper() for c in VOCAB.every_party_committee) + r")$")
_HAS_VOWEL = re.compile(r"[AEIOUY]", re.I)   # (of a word without its marks)
# units under a parent: "UBND TỈNH X / SỞ NỘI VỤ" -> the second line is the issuer
_SUB_UNITS = ("Sở", "Phòng", "Ban", "Văn phòng")
# every Party committee's name ("Tỉnh ủy|…|Đảng ủy"), and those named after their unit's level
_COMMITTEES = "(?:" + "|".join(VOCAB.every_party_committee) + ")"
_LEVEL_COMMITTEES = "(?:" + "|".join(VOCAB.party_committees) + ")"
_COMMITTEE_HEADS = "(?:" + "|".join(c.split()[0] for c in VOCAB.every_party_committee) + ")"   # "Tỉnh", … (+ " ủy")
_YOUTH_UNION_HEADS = "(?:" + "|".join(sorted({c.split()[0] for c in _YOUTH_UNIONS})) + ")"   # "Thành", … (+ " Đoàn")
_YOUTH_UNION_LOWER = re.compile(r"\b(" + _YOUTH_UNION_HEADS + r") đoàn\b")
# what follows an issuing body's head in a sentence: its level and place ("xã Tân Phú", "Huyện ủy Ân Thi"), and the
# ")" that closes the issuer's group
_ISSUER_NAME_REST = (
    r"(?:\s+(?:"
    + LEVEL_WORDS
    + r"|TP\.|TX\.)(?:\s*"
    + PLACE_NAME
    + r")?|\s+" + _COMMITTEE_HEADS + r"\s+ủy(?:\s+"
    + PLACE_NAME
    + r")?"
    # a Youth Union committee, "đoàn" in either case ("Ban Chấp hành Thành đoàn Hà Nội ban hành …")
    r"|\s+" + _YOUTH_UNION_HEADS + r"\s+[Đđ]oàn(?:\s+" + PLACE_NAME + r")?"
    r"|\s+" + PLACE_NAME + r")?)"
)
# … then, in "<issuer> ban hành Kế hoạch …", the verb and the type it issues (also read alone: _ISSUED_TYPE)
_ISSUABLE_TYPES = r"(?:Kế hoạch|kế hoạch|Chương trình|chương trình|Đề án|Phương án)"
_PREAMBLE_ISSUER_REST = (
    _ISSUER_NAME_REST
    + r"(?:\s*\((?:khóa|Khóa|KHÓA)[^()\n]{0,20}\))?"   # the Party committee's term: "(Khóa XVIII)"
    # (a web copy may write the verb with a capital: "Ủy ban nhân dân huyện Xây dựng Kế hoạch …")
    + r"\s+(?:[Bb]an hành|[Xx]ây dựng|triển khai|lập|đề ra|thực hiện)\s+(?:bản\s+)?" + _ISSUABLE_TYPES
)
_ISSUER_HEADS = (r"(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Ban Thường vụ|Ban Chấp hành Đảng bộ|Ban Chấp hành"
                 r"|Ban Chỉ đạo|Sở|Phòng"
                 r"|" + _COMMITTEES + ")")
_ISSUED_TYPE = re.compile(_ISSUABLE_TYPES + "$")
_PREAMBLE_ISSUER = re.compile(r"(?P<iss>" + _ISSUER_HEADS + _PREAMBLE_ISSUER_REST)
# a title that names its issuer ("Kế hoạch của UBND phường An Lạc về …"; "KẾ HOẠCH / CỦA ỦY BAN NHÂN DÂN XÃ TÂN PHÚ
# / về …": in capitals up to the first word in lower case)
_TITLE_ISSUER = re.compile(
    r"^(?:(?:" + "|".join(sorted(map(re.escape, VOCAB.title_line_types), key=len, reverse=True)) + r")\s+)?"
    r"(?:của\s+(?P<iss>" + _ISSUER_HEADS + _ISSUER_NAME_REST + r"(?![^\W\d_])"
    r"|CỦA\s+(?P<caps>[^" + class_of(str.islower) + r",;:()]+?)(?=\s+[^\W\d_]*[" + class_of(str.islower)
    + r"]|\s*$))"
)
_PREAMBLE_ISSUER_LOWER = re.compile("(?P<iss>ủy ban nhân dân" + _PREAMBLE_ISSUER_REST)
# (led by an alternation of names, tried at every position of the preamble: searched from their capitals)
_PREAMBLE_ISSUER_SEARCH = led_search(_PREAMBLE_ISSUER)
# a signature block's position words ("TM.", "KT.", "CHỦ TỊCH"): a trigger group of the vocabulary
_SIGN_WORDS = VOCAB.triggers["signature"]


def _sign_first(s: str, pos: int = 0) -> int | None:
    """Where the first position word at or after ``pos`` starts (None: nowhere), read from the text's
    trigger table: what a search for ``VOCAB.trigger_alternation("signature")`` from ``pos`` finds.

    >>> _sign_first("Nơi nhận: … KT. CHỦ TỊCH"), _sign_first("Ký: Q. CHỦ TỊCH", 6)
    (12, 7)
    """
    found = triggers(s).starts("signature", pos)
    return found[0] if found else None


# a person's name: two to six words in capitals, a word of the Central Highlands' names with an apostrophe
# ("H' Yim Niê", "Siu H’Nguyên")
_PERSON_WORD = CAP + r"[^\W\d_]*(?:['’][^\W\d_]*)?"
_PERSON = re.compile(r"^" + _PERSON_WORD + r"(?:\s+" + _PERSON_WORD + r"){1,5}$")
# what a copy writes around a signer's name: "Đã ký: Đỗ Văn Hương", "Đỗ Văn Hương (Ký, đóng dấu)"
_AROUND_NAME = re.compile(r"^\(?(?:Đã ký|đã ký|ĐÃ KÝ)\)?\s*:?\s*|\s*\((?:[Kk]ý|[Đđ]ã ký)[^()]*\)$")


_BASIS_HEADING = re.compile(
    r"^[ \t]*(?:(?:[IVX]{1,4}|\d{1,2}|[A-ZĐ])[ \t]*[.\-:)][ \t]*)?(?:(?:CÁC[ \t]+)?CĂN[ \t]+CỨ\b[^\n]{0,70}"
    r"|CƠ[ \t]+SỞ[ \t]+(?:PHÁP[ \t]+LÝ|XÂY[ \t]+DỰNG|LẬP|BAN[ \t]+HÀNH)\b[^\n]{0,60}"
    r"|(?:Căn[ \t]+cứ|Cơ[ \t]+sở)[ \t]+(?:pháp[ \t]+lý|xây[ \t]+dựng|lập|ban[ \t]+hành|để[ \t]+xây[ \t]+dựng)\b"
    r"[^\n;]{0,60})$",
    re.M,
)
# what ends a basis section: the next top-level heading (roman numeral, capital letter, PHẦN, an all-caps line)
_SECTION_END = re.compile(r"^[ \t]*(?:[IVX]{1,4}\s*[.\-:)]|[A-ZĐ]\s*[.)]\s|PHẦN\b|MỤC\s+(?:ĐÍCH|TIÊU)\b|Mục\s+đích\b"
                          r"|[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ,]{8,}$)", re.M)
_SECTION_END_SEARCH = line_led_search(_SECTION_END)


def _basis_sections(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the basis sections: ``_BASIS_HEADING`` tried only at the starts of the lines that hold
    "CĂN", "Căn", "CƠ SỞ" or "Cơ sở" (the trigger table's basis_heading), each up to the next top-level heading.

    >>> t = "I. CƠ SỞ PHÁP LÝ\\n- Nghị quyết số 6-NQ/TW;\\nII. MỤC ĐÍCH\\n"
    >>> [t[s:e] for s, e in _basis_sections(t)]
    ['I. CƠ SỞ PHÁP LÝ\\n- Nghị quyết số 6-NQ/TW;\\n']
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for k in triggers(text).starts("basis_heading"):
        if k < pos:
            continue
        ls = text.rfind("\n", 0, k) + 1
        h = _BASIS_HEADING.match(text, ls)
        if h is None:
            continue
        e = _SECTION_END_SEARCH(text, h.end() + 1)
        end = e.start() if e else min(len(text), h.end() + 3000)
        out.append((h.start(), end))
        pos = max(end, h.end() + 1)
    return tuple(out)


_FIRST_HEADING = re.compile(
    r"^[ \t]*(?:PHẦN\s+(?:I|THỨ NHẤT)\b|(?:I|A)\s*[.\-:)]\s|1\s*[.)]\s|MỤC ĐÍCH|Mục đích)", re.M
)
_FIRST_HEADING_SEARCH = line_led_search(_FIRST_HEADING)


@dataclass
class Layout:
    """Where the plan's parts are in the cleaned text (title, preamble, header end, own number), for the later stages.

    >>> meta, lay = extract_metadata("Số: 5/KH-UBND\\nKẾ HOẠCH\\nPhòng chống dịch\\nCăn cứ Luật Y tế;\\nI. MỤC ĐÍCH")
    >>> (lay.title_start, lay.title_end, lay.preamble_end, lay.own_code_span)
    (23, 39, 58, (0, 13))
    """
    header_end: int = 0          # clean offset where the title anchor ("KẾ HOẠCH") starts
    title_start: int = 0
    title_end: int = 0
    preamble_start: int = 0
    preamble_end: int = 0
    year: int | None = None
    own_code_span: tuple[int, int] | None = None
    # "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH" / "Căn cứ pháp lý": the heading and the items under it
    basis_sections: tuple[tuple[int, int], ...] = ()
    issuer_full: str | None = None   # the issuing board in full when the header splits it


# what a date line's place never holds, and a sentence citing a dated document does
# ("Thực hiện Kế hoạch số 16/KH-UBND, ngày 08/01/2024 ..."): a code, "số", a type word
_NOT_DATE_PLACE = re.compile(r"\d\s*[-/–]|[-/–]\s*\d|\b(?:số|Số|của|" + VOCAB.type_word_alternation() + r")\b")


def _date_line(text: str, end: int) -> re.Match | None:
    """The plan's own "Place, ngày … tháng … năm …" line in ``text[:end]`` (the header), else one written
    loosely (:data:`_LOOSE_DATE_LINE`). A plan without a header (``end`` 0) has none: the first dated
    sentence is then a cited document's date, never the plan's own (issue 18, row 5).

    >>> _date_line("Số: 88/KH-UBND Tân Châu ngày 08 tháng 3, năm 2024\\nKẾ HOẠCH", 50).group("place", "d", "y")
    ('Tân Châu', '08', '2024')
    """
    return _written_date_line(text, end) or next(
        (dl for dl in _LOOSE_DATE_LINE.finditer(text, 0, end) if not _NOT_DATE_PLACE.search(dl.group("place"))),
        None) or (_NEWS_DATE.search(text, 0, end) if "gày" in text[:end] else None)


# a portal's news post: "Ngày 02/7/2018, Ủy ban nhân dân tỉnh X ban hành Kế hoạch số …" opens a line; its date is
# the plan's, and it names no place (the sentence's subject is the issuer)
_NEWS_DATE = re.compile(r"^[ \t]*Ngày\s+(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})\s*,(?P<place>)"
                        r"(?=[^\n]{0,150}?\b(?:ban hành|xây dựng)\s+(?:Kế hoạch|kế hoạch|Chương trình|chương trình)\b)",
                        re.M)


def _written_date_line(text: str, end: int) -> re.Match | None:
    """The first match of :data:`_DATE_LINE` in ``text[:end]`` whose place is one, each searched from its comma."""
    pos = 0
    while (dl := _date_search(text, pos, end)) is not None:   # (finditer's matches: each from the last's end)
        if not _NOT_DATE_PLACE.search(dl.group("place")):
            return dl
        pos = dl.end()   # (never empty: a year ends it)
    return None


def _date_search(text: str, pos: int, end: int) -> re.Match | None:
    """``_DATE_LINE.search(text, pos, end)``, searched from a little before the first comma from ``pos`` that
    the date after "ngày" follows, instead of from ``pos``: a match's place (at most 41 characters, on one
    line) ends before the first comma after its start, with only whitespace between, and what starts the
    match ("|", a tab, two spaces, a line start) is at most whitespace and one "|" before the place. So no
    match starts before that comma's place window; one using a later comma starts after this comma.

    >>> _date_search("UBND XÃ A   |  An Phú, ngày 3 tháng 4 năm 2024", 0, 60).group("place", "y")
    ('An Phú', '2024')
    """
    c = _DATE_COMMA.search(text, pos, end)
    if c is None:
        return None
    w = c.start()
    while w > pos and text[w - 1].isspace():
        w -= 1
    lo = max(w - 41, pos)
    while lo > pos and text[lo - 1].isspace():
        lo -= 1
    return _DATE_LINE.search(text, max(lo - 2, pos), end)


def _lines(text: str) -> list[tuple[int, str]]:
    """(start, line) of each line of ``text``, built in C: line k starts at the lengths of the lines
    before it plus k newlines.

    >>> _lines("ab\\n\\ncd")
    [(0, 'ab'), (3, ''), (4, 'cd')]
    """
    lines = text.split("\n")
    # (the starts run one past the last line)
    return list(zip(map(add, accumulate(map(len, lines), initial=0), count()), lines, strict=False))


# (the patterns run on every plan's header and signature, compiled once here)
_TP_DOT = re.compile(r"^(?:TP|Tp)\.\s*")
_TX_DOT = re.compile(r"^(?:TX|Tx)\.\s*")
_LEADING_LEVEL = re.compile(r"(?i)(" + LEVEL_WORDS + r")\s+(.*)$")
_INNER_LEVEL = re.compile(r"(?i)\s(" + LEVEL_WORDS + r")\s+(\S.*)$")


@lru_cache(maxsize=4096)   # (a plan's places, and its body's, recur from plan to plan)
def _title_case_place(s: str) -> str:
    """'HUYỆN CHI LĂNG' -> 'huyện Chi Lăng'.

    >>> _title_case_place("HUYỆN CHI LĂNG"), _title_case_place("TỈNH")
    ('huyện Chi Lăng', 'tỉnh')
    """
    s = " ".join(s.split())
    s = _TP_DOT.sub("thành phố ", s)
    s = _TX_DOT.sub("thị xã ", s)
    if _LEVEL_ONLY.fullmatch(s):   # "HĐND TỈNH": the level word alone
        return s.lower()
    m = _LEADING_LEVEL.match(s)
    if m:
        name = " ".join(w[:1].upper() + w[1:].lower() for w in m.group(2).split())
        return m.group(1).lower() + " " + name
    m = _INNER_LEVEL.search(s)
    if m and s.isupper():   # "ĐẢNG BỘ XÃ AN PHÚ" -> "Đảng bộ xã An Phú"
        head = s[:m.start()].strip()
        return head[:1] + head[1:].lower() + " " + _title_case_place(s[m.start(1):])
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())


_LEVEL_AT = re.compile(LEVEL_WORDS)
_LEVEL_ONLY = re.compile(r"(?i)" + LEVEL_WORDS)
_LEVEL_THEN_SPACE = re.compile(r"(?i)(?:" + LEVEL_WORDS + r")\s")
_LEVEL_WORD_THEN_SPACE = re.compile(r"(?i)\b(?:" + LEVEL_WORDS + r")\s")
_PLACE_LINE = re.compile(r"(?i)(?:" + LEVEL_WORDS + r"\s|TP\.|TX\.)")
_LEVEL_WORD_AT = re.compile(r"(?i)(" + LEVEL_WORDS + r")\b")
# a body's name a narrow header cell broke over lines ("ỦY" / "BAN NHÂN DÂN", "ỦY BAN NHÂN" / "DÂN"): the names,
# and each one's beginnings that a line may hold alone (the next line going on with the name)
_SPLIT_NAMES = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
_SPLIT_NAME_HEADS = frozenset(" ".join(n.split()[:k]) for n in _SPLIT_NAMES for k in range(1, len(n.split())))


def _header_issuer(lines: list[tuple[int, str]]) -> str | None:
    """The issuer the header names in capitals ("UBND TỈNH X / SỞ NỘI VỤ" -> "Sở Nội vụ tỉnh X"-like forms).

    >>> _header_issuer([(0, "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), (20, "HUYỆN ĐỨC TRỌNG")])
    'UBND huyện Đức Trọng'
    """
    cand = _header_capitals(lines)
    return _with_party_organisation(_cells_issuer(tuple(cand)) if cand else None, lines)


def _with_party_organisation(issuer: str | None, lines: list[tuple[int, str]]) -> str | None:
    """A committee's name without its place completed from the header's Party organisation.

    >>> _with_party_organisation("Thành ủy", [(0, "ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG"), (26, "THÀNH ỦY")])
    'Thành ủy Đà Nẵng'
    """
    if issuer and issuer.endswith(_BARE_COMMITTEES) and (bare := _ENDS_WITH_BARE_COMMITTEE.search(issuer)):
        # "ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG / THÀNH ỦY": the committee of the Party organisation the header names
        org = next((m for _, ln in lines if (m := _PARTY_ORG_LINE.search(ln))), None)
        if org is not None:   # ("Đảng ủy" names no level: "Đảng ủy xã An Phú"; "Tỉnh ủy" does: "Tỉnh ủy Gia Lai")
            name = _title_case_place(org.group("name"))
            level_named = bare.group() not in VOCAB.party_committee_without_level
            issuer += f" {name}" if level_named else f" {org.group('lvl').lower()} {name}"
    return issuer


@lru_cache(maxsize=4096)   # (a body's header cells recur in each of its plans)
def _cells_issuer(cand: tuple[str, ...]) -> str | None:
    """The issuer the header's capital cells name (:func:`_header_capitals`).

    >>> _cells_issuer(("UBND TỈNH X", "SỞ NỘI VỤ")), _cells_issuer(("CỘNG HÒA",))
    ('Sở Nội vụ', None)
    """
    found = _header_bodies(cand)
    if not found:
        return None
    org, unit = _issuing_body(found)
    if org in _SUB_UNITS and unit and not _LEVEL_AT.match(unit):
        unit = _sentence_case(unit)   # "Sở Nội vụ"
    return f"{org} {unit}" if unit else org


def _sentence_case(s: str) -> str:
    """'Quản Lý Các Khu Công Nghiệp' -> 'Quản lý các khu công nghiệp'."""
    return s[:1].upper() + s[1:].lower()


def _issuing_body(found: list[tuple[str, str | None]]) -> tuple[str, str | None]:
    """(body, place) of the issuer among the header's first two bodies: the lower of two alike, a unit under
    its parent ("UBND TỈNH X / SỞ NỘI VỤ": the Sở; "TỈNH ỦY X / BAN DÂN VẬN": the committee's Ban), a steering
    board under its People's Committee (with the committee's place).

    >>> _issuing_body([("Tỉnh ủy", "Bình Thuận"), ("Ban", "Dân Vận")])
    ('Ban Dân vận Tỉnh ủy', 'Bình Thuận')
    >>> _issuing_body([("UBND", "huyện Đầm Dơi"), ("Ban Chỉ đạo các chương trình MTQG", None)])
    ('Ban Chỉ đạo các chương trình MTQG', 'huyện Đầm Dơi')
    """
    org, unit = found[0]
    if len(found) < 2:
        return org, unit
    sub, sub_place = found[1]
    if sub == "Ban" and sub_place and not _LEVEL_AT.match(sub_place) and org not in _SUB_UNITS:
        ban = f"Ban {_sentence_case(sub_place)}"
        # a committee's or an organisation's Ban is named after it; a People's Committee's, after its place
        return (ban, unit) if org == "UBND" else (f"{ban} {org}", unit)
    if sub in _SUB_UNITS:   # "UBND TỈNH X / SỞ NỘI VỤ"
        return sub, sub_place
    if sub.startswith("Ban Chỉ đạo") and not sub_place and org in ("UBND", *VOCAB.every_party_committee):
        return sub, unit
    if sub == org and sub_place and unit and _level_rank(sub_place) > _level_rank(unit):
        return sub, sub_place   # "UBND TỈNH X / UBND HUYỆN Y": the lower body
    if sub == org and sub_place and not unit:
        return sub, sub_place   # "ỦY BAN NHÂN DÂN | … / CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X": the same body, placed
    return org, unit


def _header_capitals(lines: list[tuple[int, str]]) -> list[str]:
    """The header's cells in (mostly) capitals, a name broken over two lines joined ("ỦY" / "BAN NHÂN DÂN")."""
    cand = [c for _, ln in lines for c in _capital_cells(ln)]
    joined: list[str] = []
    for c in cand if _SPLIT_NAME_HEADS.intersection(cand) else ():
        if joined and _goes_on_with_name(joined[-1], c):
            joined[-1] = f"{joined[-1]} {c}"
        else:
            joined.append(c)
    return joined or cand


def _goes_on_with_name(head: str, c: str) -> bool:
    """Whether the cell ``c`` goes on with the beginning of a body's name ``head`` a line broke.

    >>> _goes_on_with_name("ỦY", "BAN NHÂN DÂN"), _goes_on_with_name("ỦY BAN NHÂN", "DÂN TỈNH X")
    (True, True)
    >>> _goes_on_with_name("ỦY BAN", "NHÂN"), _goes_on_with_name("HỘI ĐỒNG", "BAN NHÂN DÂN")
    (True, False)
    """
    head = " ".join(head.split())
    if head not in _SPLIT_NAME_HEADS:
        return False
    name = f"{head} {' '.join(c.split())} "
    return any(name.startswith(full + " ") or (full + " ").startswith(name) for full in _SPLIT_NAMES)


@lru_cache(maxsize=4096)   # (the same header lines, the motto's above all, recur from plan to plan)
def _capital_cells(ln: str) -> tuple[str, ...]:
    """The cells of one header line that may name a body: stripped, not empty, not a motto, number or
    date cell, mostly capitals.

    >>> _capital_cells("ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), _capital_cells("Số: 5/KH-UBND")
    (('ỦY BAN NHÂN DÂN',), ())
    >>> _capital_cells("HUYỆN TÂN CHÂU Độc lập - Tự do - Hạnh phúc")
    ('HUYỆN TÂN CHÂU',)
    """
    out: list[str] = []
    for c in (c.strip() for c in (_CELL_SPLIT.split(ln) if _CELL_SEP.search(ln) else (ln,))):
        # "ỦY BAN NHÂN DÂN CỘNG HÒA …": two cells parted by one space
        if _MOTTO_WORDS(c) and (motto := _MOTTO_AFTER_BODY.search(c)) is not None:
            c = c[:motto.start()]
        # not a motto/number/date line, then mostly capitals
        if c and not (_HEADER_SKIP_AT_START.match(c) or _HEADER_SKIP_ANYWHERE(c)) and capitals_share_at_least(c, 0.8):
            out.append(c)
    return tuple(out)


def _header_bodies(cand: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """The first two (body, place) the capital cells name; a place alone on the next line joins its body."""
    found: list[tuple[str, str | None]] = []
    for c in cand:
        cu = " ".join(c.split())
        body = _header_body(cu)
        if body is not None:
            found.append(body)
        elif found and found[-1][1] is None and _places_last_body(found[-1][0], cu):
            found[-1] = (found[-1][0], _title_case_place(cu))
        elif found and found[-1][1] in _LEVEL_WORDS_ALONE and _NAME_CELL.fullmatch(cu):
            # the level word and the name on lines of their own ("ỦY BAN NHÂN DÂN / TỈNH / LÀO CAI")
            found[-1] = (found[-1][0], _title_case_place(f"{found[-1][1]} {cu}"))
        if len(found) >= 2:
            break
    return found


# a level word alone where a body's place was (its name on the next line), and a cell that is only a name
_LEVEL_WORDS_ALONE = frozenset(VOCAB.level_of)
_NAME_CELL = re.compile(r"[A-ZĐÀ-Ỹ]+(?:[ -]+[A-ZĐÀ-Ỹ]+){0,4}")


_ORG_UPPER_HEADS = tuple(up for up, _short in _ORG_UPPER)


_CHAIRMAN_OF = "CHỦ TỊCH "


def _header_body(cu: str) -> tuple[str, str | None] | None:
    if cu.startswith(_CHAIRMAN_OF):   # a decision's authority line: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X"
        cu = cu[len(_CHAIRMAN_OF):]
    if not cu.startswith(_ORG_UPPER_HEADS):   # (one test in C for the lines that name no body)
        return None
    for up, short in _ORG_UPPER:
        if cu.startswith(up + " ") or cu == up:
            rest = cu[len(up):].strip()
            if short == "Ban Chỉ đạo" and rest:
                # "BCĐ XÂY DỰNG NÔNG THÔN MỚI [XÃ X]": a subject in lower case (its acronyms kept), then the place
                pm = _LEVEL_WORD_THEN_SPACE.search(rest)
                subject, place = (rest[:pm.start()], rest[pm.start():]) if pm else (rest, "")
                return f"{short} {_lower_words(subject)}", _title_case_place(place) if place.strip() else None
            if short in ("Ban Thường vụ", "Ban Chấp hành") and (committee := _header_body(rest)) is not None:
                return f"{short} {committee[0]}", committee[1]   # "BAN THƯỜNG VỤ HUYỆN ỦY": the committee's board
            if short == "Ban" and (cm := _ENDS_WITH_COMMITTEE.search(rest)):   # "BAN DÂN VẬN TỈNH ỦY"
                return f"Ban {_sentence_case(rest[:cm.start()].strip())} {_header_body(cm.group(1))[0]}", None
            if rest == "VIỆT NAM":   # "HỘI NÔNG DÂN VIỆT NAM": the national organisation's name, above its branch
                return None
            return short, _title_case_place(rest) if rest else None
    return None


def _lower_words(s: str) -> str:
    """Words in lower case, but an acronym (a word without a vowel: "MTQG").

    >>> _lower_words("CÁC CHƯƠNG TRÌNH MTQG")
    'các chương trình MTQG'
    """
    return " ".join(w if not _HAS_VOWEL.search(without_marks(w)) else w.lower() for w in s.split())


def _places_last_body(body: str, cu: str) -> bool:
    # a line that is only a place ("TỈNH X", "TP. Y") or a level word ("TỈNH", its name below) names the body above
    if _PLACE_LINE.match(cu) or _LEVEL_ONLY.fullmatch(cu):
        return True
    if body.startswith("Ban Chỉ đạo ") and _LEVEL_THEN_SPACE.match(cu):
        return True
    return body in _SUB_UNITS


def _level_rank(place: str) -> int:
    """0 province … 2 commune, from the place's level word ("huyện Mỹ Tú" -> 1); -1 when none."""
    m = _LEVEL_WORD_AT.match(place)
    return {"province": 0, "city": 0, "district": 1, "commune": 2}.get(_level_of(m.group(1)) or "", -1) if m else -1


def _level_of(word: str) -> str | None:
    return VOCAB.level_of.get(word.lower())


_ENDS_TINH = re.compile(r"tỉnh$")


def extract_metadata(text: str) -> tuple[DocumentMeta, Layout]:
    """The plan's own metadata from its cleaned text, and the layout later stages need.

    In order: the title anchor ("KẾ HOẠCH") and title, the preamble's end, the plan's number, its date
    line, its issuer (header, preamble, signature), level and place.

    >>> meta, lay = extract_metadata("UBND TỈNH LẠNG SƠN\\nSố: 5/KH-UBND\\nLạng Sơn, ngày 3 tháng 4 năm 2024\\n"
    ...                              "KẾ HOẠCH\\nPhòng chống dịch năm 2024\\nCăn cứ Luật Y tế;\\nI. MỤC ĐÍCH")
    >>> meta.type, meta.code, meta.date, meta.title, meta.issuer, meta.level
    ('Kế hoạch', '5/KH-UBND', '2024-04-03', 'Phòng chống dịch năm 2024', 'UBND tỉnh Lạng Sơn', 'province')
    """
    meta = DocumentMeta()
    lay = Layout()
    lines = _lines(text)
    anchor, meta.type = _title_anchor(lines)
    if anchor is not None:
        meta.title = _read_title(lines, anchor, lay)
    lay.preamble_start = lay.title_end
    header_lines, block = _header_lines(text, lines, anchor, lay)
    lay.preamble_end = _preamble_end(text, lay.preamble_start)
    lay.basis_sections = _basis_sections(text)
    posted = _posted_number(text, lines, anchor, meta, lay, block is not None)
    meta.type = meta.type or _untitled_type(text, meta, lay)
    date_place = _read_date(text, meta, lay.header_end if anchor is not None or block else min(len(text), 800))
    if posted and posted.date and (not meta.date or len(meta.date) == 4):   # (not a title's bare year)
        meta.date = posted.date
    lay.year = _plan_year(meta)
    issuer = _plan_issuer(text, lines, header_lines, lay, meta, date_place)
    if posted and posted.issuer and (not issuer or posted.issuer.startswith(issuer)):
        issuer = posted.issuer
    meta.issuer = issuer
    hp = _header_province(header_lines)
    _level_and_place(text, meta, header_province=hp or (date_place if issuer and _ENDS_TINH.search(issuer) else None))
    meta.issuer_resolved = lay.issuer_full or own_issuer_resolved(meta)
    return meta, lay


def _posted_number(text: str, lines: list, anchor: int | None, meta: DocumentMeta, lay: Layout,
                   buried_header: bool) -> Mention | None:
    """The plan's own number (set in ``meta``), or the mention that gives it where no header does: a web
    post's title, the decision a plan is annexed to, a news story's "… đã ban hành Kế hoạch số …"."""
    return _own_number(text, lines, anchor, meta, lay, buried_header) \
        or _issuing_decision(text, lines, anchor, lay) or _news_post_number(text, lines, anchor, meta, lay)


def _untitled_type(text: str, meta: DocumentMeta, lay: Layout) -> str | None:
    """The type of a plan whose title line gives none: its number's ("5/KH-UBND"), else what it says it issues."""
    return (code_type(meta.code) if meta.code else None) or _type_issued(text, lay)


_UNIT_WORDS = ("Sở ", "Phòng ", "Ban Chỉ đạo ", "Văn phòng ")
_LEVEL_WORD = re.compile(r"\b" + VOCAB.level_alternation() + r"\b")


def own_issuer_resolved(meta) -> str | None:
    """The plan's issuer with its place: relative level words filled in ("UBND tỉnh" -> "UBND tỉnh Lạng
    Sơn"), and a department named with its body's place ("Sở Y tế" -> "Sở Y tế tỉnh Khánh Hòa").

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


def _title_anchor(lines: list) -> tuple[int | None, str | None]:
    """(index of the title's type line, its type): "KẾ HOẠCH" among the first 80 lines (as written, else as a
    scan may have misread its marks: "KÉ HOẶCH"), else a web copy's title line in sentence case among the
    first three non-blank ones."""
    for pattern in (_TYPE_LINE, _TYPE_LINE_MISREAD):
        found = _type_line(lines, pattern)
        if found is not None:
            return found
    # a web copy without the printed header: the post's title line, in sentence case
    # ("Kế hoạch tổ chức phát động … năm 2020"), among the first lines
    seen = 0
    for i, (_pos, ln) in enumerate(lines[:12]):
        if not ln.strip():
            continue
        seen += 1
        m = _SENTENCE_TYPE_LINE.match(ln)
        if m and len(ln) < 300:
            t = DOC_TYPES_UPPER[m.group("t").upper()]
            # (a code later in the line is what the plan carries out: "Kế hoạch … thực hiện Chỉ thị số 33/CT-TTg")
            code = _posted_code(ln, m.end("t"))
            if code is None or code_type(code.code) == t:
                return i, t
        if seen >= 3:
            break
    return None, None


def _header_lines(text: str, lines: list, anchor: int | None, lay: Layout) -> tuple[list, bool]:
    """The header's lines (those before the type line), and whether they are a printed header that no type
    line bounds (:func:`_header_block`), below a site's title line, list or table: then the header and the
    preamble's start are moved to the line after it."""
    header_lines = lines[:anchor] if anchor is not None else []
    block = _header_block(text, lines, anchor) if anchor is None or _web_title(lines[anchor][1]) else None
    if block is None:
        return header_lines, False
    lay.header_end = lay.preamble_start = lines[block[1]][0] if block[1] < len(lines) else len(text)
    return lines[block[0]:block[1]], True


def _web_title(line: str) -> bool:
    """Whether the title anchor ``line`` is a web copy's title line in sentence case, no printed type line."""
    return _TYPE_LINE.match(line) is None and _TYPE_LINE_MISREAD.match(line) is None


def _header_block(text: str, lines: list, anchor: int | None) -> tuple[int, int] | None:
    """(first line, line after it) of a printed header that no type line bounds: the first line among the 60
    after ``anchor`` (a web copy's title line; None: the text's start) that names a body in capitals, up to
    its number's or date line's line, one of which comes within the next 15 lines. Above it a site may have
    put its title line, a table of the plan's facts or a list of related documents.

    >>> t = ("- 1Nghị định 5/2020/NĐ-CP về …\\nỦY BAN NHÂN DÂN | CỘNG HÒA … |\\n"
    ...      "Số: 7/KH-UBND | Phú Yên, ngày 2 tháng 3 năm 2020 |\\nCăn cứ …")
    >>> _header_block(t, _lines(t), None)
    (1, 3)
    """
    start = 0 if anchor is None else anchor + 1
    for i in range(start, min(len(lines), start + 60)):
        ln = lines[i][1]
        first = _body_line(lines, i, start) if ln.strip() else None
        if first is None:
            continue
        i = first
        last = min(len(lines), i + 16) - 1
        pos, end = lines[i][0], lines[last][0] + len(lines[last][1])
        head = text[pos:end]
        found = [m.end() for m in (_own_code_in(head), _date_line(head, len(head))) if m is not None]
        if not found:   # (a body named by the site's furniture, or in the text: the header may come later)
            continue
        stop = pos + max(found)
        return i, next(j for j in range(i, last + 1) if lines[j][0] + len(lines[j][1]) >= stop) + 1
    return None


def _body_line(lines: list, i: int, start: int) -> int | None:
    """The line a header's body starts on, when line ``i`` names one in capitals, or goes on with a name the
    line above began ("ỦY" / "BAN NHÂN DÂN |", "ỦY BAN NHÂN" / "DÂN"): that line then; None when it names none.

    >>> ls = _lines("ỦY\\nBAN NHÂN DÂN |\\nSố: 5/KH-UBND")
    >>> _body_line(ls, 1, 0), _body_line(ls, 0, 0), _body_line(_lines("ỦY BAN NHÂN\\nDÂN"), 1, 0)
    (0, None, 0)
    """
    cells = _capital_cells(lines[i][1])
    above = _capital_cells(lines[i - 1][1]) if i > start and cells else ()
    if above and _goes_on_with_name(above[-1], cells[0]):
        return i - 1
    return i if any(_header_body(" ".join(c.split())) for c in cells) else None


def _own_code_in(s: str) -> re.Match | None:
    return _OWN_CODE.search(s)


def _posted_code(line: str, after_type: int) -> Mention | None:
    """The numbered document a sentence-case title line names right after its type word (``after_type``):
    a web post's title that opens with the plan's own number, or a line about another document.

    >>> m = _posted_code("Kế hoạch số 45/KH-UBND ngày 3/2/2025 của UBND xã Tân Phú về dân vận", 8)
    >>> m.code, m.date, m.issuer
    ('45/KH-UBND', '2025-02-03', 'UBND xã Tân Phú')
    >>> _posted_code("Kế hoạch tổ chức thực hiện Chỉ thị số 33/CT-TTg", 8) is None
    True
    """
    pc = _POSTED_CODE.match(line, after_type)
    if pc is None:
        return None
    return next((m for m in find_mentions(line) if m.code_start == pc.end()), None)


def _issuing_decision(text: str, lines: list, anchor: int | None, lay: Layout) -> Mention | None:
    """The decision a plan is an annex to, named on a line after its title ("(Ban hành kèm theo Quyết định số …
    ngày … của …)"), when the plan has no date line of its own: its date and issuer are the plan's. The
    decision stays a document the plan cites (it has its own number; the plan has none).

    >>> t = "KẾ HOẠCH\\nPhòng chống thiên tai\\n(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 2/3/2023 của UBND X)"
    >>> m = _issuing_decision(t, _lines(t), 0, Layout()); m.date, m.issuer
    ('2023-03-02', 'UBND X')
    """
    if anchor is None:
        return None
    for _pos, ln in lines[anchor + 1:anchor + 7]:
        # ("kèm theo" tested first: few plans are annexes, and the date line is searched again only for those)
        if "èm theo" in ln and (note := _ANNEX_NOTE.search(ln)) is not None and not _date_line(text, lay.header_end):
            m = next(iter(find_mentions(ln[note.start():])), None)
            if m is not None and m.issuer:   # (the Chairman signs for his People's Committee)
                m = replace(m, issuer=_CHAIRMAN.sub("", m.issuer), code=None)
            return m
    return None


def _own_number(text: str, lines: list, anchor: int | None, meta: DocumentMeta, lay: Layout,
                has_header: bool = False) -> Mention | None:
    """Set the plan's number and its span: the header's "Số: 12/KH-UBND", else the number a web post's title
    line (the anchor) opens with; return the latter's mention (its date and issuer are the plan's too)."""
    oc = _own_code(text, lay.header_end if anchor is not None or has_header else min(len(text), 600))
    if oc:
        num, sym = oc.group("num"), oc.group("sym")
        if num and sym:   # (spelled as the mentions' codes are: "Số: 12/KH–UBND" is the 12/KH-UBND cited)
            meta.code = canonical_spelling(num + sym.rstrip("."))
        lay.own_code_span = oc.span()
        return None
    if anchor is None:
        return None
    pos, ln = lines[anchor]
    m = _SENTENCE_TYPE_LINE.match(ln)
    posted = _posted_code(ln, m.end("t")) if m else None
    if posted is not None:   # "Kế hoạch số 45/KH-UBND ngày … của UBND xã …" (a web post's title, no header)
        meta.code = posted.code
        lay.own_code_span = (pos + posted.code_start, pos + posted.end)
    return posted


# a news post's sentence about the plan it reports: "Ngày 2/11/2021, Sở X đã ban hành Kế hoạch số 6/KH-SX …", "UBND
# tỉnh vừa ban hành Kế hoạch số …" (led by "ban hành"; the subject is read back to the sentence's start)
_REPORTED_ISSUE = re.compile(r"ban hành\s+(?P<t>" + _ISSUABLE_TYPES + r")(?:\s+hành động)?\s+(?:số\s*:?\s*)?(?=\d)")
_REPORTED_SUBJECT = re.compile(
    r"^\s*(?:(?:Ngày|ngày)\s+\d{1,2}\s*[/\-.]\s*\d{1,2}(?:\s*[/\-.]\s*\d{4})?\s*,\s*)?(?P<iss>" + _ISSUER_HEADS
    + r"[^.;:\n]{0,80}?)\s+(?:(?:đã|vừa|mới|chính thức)\s+)*(?:ký\s+)?$")
_REPORTED_WINDOW = 2000
_LEADING_ISSUER_HEAD = re.compile(_ISSUER_HEADS + r"\s")


def _acting_body(subject: str) -> str | None:
    """The body that issues in a news sentence's subject: the one after the last verb by which another body
    has it act ("Sở Tư pháp tham mưu UBND huyện X" -> "UBND huyện X"); None when no body is named there.

    >>> _acting_body("Sở Tư pháp tham mưu UBND huyện Đông Lâm"), _acting_body("Sở Y tế chỉ đạo các bệnh viện")
    ('UBND huyện Đông Lâm', None)
    """
    breaks = list(SUBJECT_BREAK.finditer(subject))
    if not breaks:
        return subject
    rest = subject[breaks[-1].end():].lstrip()
    return rest if _LEADING_ISSUER_HEAD.match(rest + " ") else None


def _news_post_number(text: str, lines: list, anchor: int | None, meta: DocumentMeta, lay: Layout) -> Mention | None:
    """:func:`_reported_number` for a text without header number and without header (no anchor, or a web
    post's title line for one)."""
    if meta.code or (anchor is not None and lay.title_start != lines[anchor][0]):
        return None
    return _reported_number(text, meta, lay)   # "… vừa ban hành Kế hoạch số …"


def _reported_number(text: str, meta: DocumentMeta, lay: Layout) -> Mention | None:
    """A news post's plan, named only in its story near the top ("Ngày 2/11/2021, Sở X đã ban hành Kế hoạch số
    6/KH-SX về …"): its number, date and issuer (the sentence's subject) are the plan's own, when the text has
    no header number and no preamble of its own ("… ban hành Kế hoạch … như sau:").

    >>> t = "Hội thi an toàn\\nNgày 3/4/2023, Sở Giao thông vận tải đã ban hành Kế hoạch số 8/KH-SGTVT về hội thi."
    >>> m = _reported_number(t, DocumentMeta(), Layout()); m.code, m.date, m.issuer
    ('8/KH-SGTVT', '2023-04-03', 'Sở Giao thông vận tải')
    """
    if _PREAMBLE_END_SEARCH(text, lay.title_end, min(len(text), max(lay.preamble_end, lay.title_end) + 10)):
        return None   # (a plan's own preamble: a plan it names as issued is an earlier one)
    end = min(len(text), _REPORTED_WINDOW)
    pos = 0
    while (v := _REPORTED_ISSUE.search(text, pos, end)) is not None:
        pos = v.end()
        t = DOC_TYPES_UPPER.get(v.group("t").upper())
        ls = max(text.rfind(c, 0, v.start()) for c in ".;\n") + 1
        while ls < v.start() and text[ls].isspace():
            ls += 1
        subject = _REPORTED_SUBJECT.match(text[ls:v.start()])
        if subject is None or (meta.type and t != meta.type):
            continue
        iss = _acting_body(subject.group("iss"))
        if iss is None:
            continue
        le = text.find("\n", v.end())
        sentence = text[ls:le if le >= 0 else len(text)]
        m = next((m for m in find_mentions(sentence) if m.code_start == v.end() - ls), None)
        if m is None or code_type(m.code) != t:
            continue
        meta.code = m.code
        lay.own_code_span = (ls + m.code_start, ls + m.end)
        return replace(m, issuer=_preamble_org(iss))
    return None


def _type_line(lines: list, pattern: re.Pattern) -> tuple[int, str] | None:
    """The first of the first 80 lines that ``pattern`` (a type line) matches as a title's type line, and its type."""
    for i, (_pos, ln) in enumerate(lines[:80]):
        m = pattern.match(ln)
        if m and (
            not m.group("rest").strip() or not m.group("rest").strip()[0].isupper() or m.group("rest")[:1] == " "
        ):
            rest = m.group("rest").strip()
            if rest and rest.isupper() and len(rest) > 3:
                continue  # e.g. "QUYẾT ĐỊNH BAN HÀNH ..." style header lines are rare; skip all-caps sentences
            return i, _TYPES_WITHOUT_MARKS[squash(without_marks(m.group("t")))]
    return None


_RULE_LINE = re.compile(r"[-_=*.\s]+")
_NUMBERED_LINE = re.compile(r"^(?:[IVX]+|\d+)[.\-)]\s")
_ABOUT = re.compile(r"^(?:V/v|v/v|Về việc)\s*")


# "(Ban hành kèm theo Quyết định số 1205/QĐ-UBND ngày 20/11/2023 của Chủ tịch UBND tỉnh …)": the plan is an annex
# to the decision that issued it, on the line after its title
_CHAIRMAN = re.compile(r"^(?:Chủ tịch|CHỦ TỊCH)\s+")
_ANNEX_NOTE = re.compile(r"(?:^|\()\s*(?:[Bb]an hành\s+)?[Kk]èm theo\s")
_PREAMBLE_START = tuple(load("lexicon")["preamble_start"])   # (load reads the file once: the same list each time)


def _read_title(lines: list, anchor: int, lay: Layout) -> str | None:
    """The title after the type line (up to four lines); sets the layout's header end and title span."""
    apos, aln = lines[anchor]
    lay.header_end = apos
    title_parts: list[str] = []
    tm = _TYPE_LINE.match(aln) or _SENTENCE_TYPE_LINE.match(aln) or _TYPE_LINE_MISREAD.match(aln)
    sentence = tm.re is _SENTENCE_TYPE_LINE
    if sentence:   # the whole line is the title; the text after it is not
        rest = aln.strip()
        tstart = apos + len(aln) - len(aln.lstrip())
    else:
        rest = tm.group("rest").strip(" :-")
        tstart = apos + len(aln) - len(aln.lstrip()) + len(tm.group("t"))
    j = anchor + 1
    if rest:
        title_parts.append(rest)
    # "QUYẾT ĐỊNH:" before "Điều 1.": a decision's enacting words (its title dropped by the site), no title after
    enacting = not sentence and tm.group("rest").strip() == ":"
    while j < len(lines) and not sentence and not enacting:
        pos, ln = lines[j]
        s = ln.strip()
        if not s or _RULE_LINE.fullmatch(s):
            # (a blank line after a title line: the title may continue only if it clearly does)
            j += 1
            continue
        if title_parts and _ends_title(s, title_parts[-1]):
            break
        if not title_parts:
            tstart = pos
        title_parts.append(s)
        j += 1
        if len(title_parts) >= 4:
            break
    lay.title_start = tstart
    lay.title_end = lines[j - 1][0] + len(lines[j - 1][1]) if j - 1 > anchor else apos + len(aln)
    return _title_text(title_parts)


_LIST_ITEM = ("- ", "+ ", "• ", "– ")
# a part, chapter or article heading ("Phần I", "PHẦN THỨ NHẤT", "Chương II", "Điều 1."), never a title's line
_PART_HEADING = re.compile(r"(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:[IVX]+\b|\d+\b|THỨ\b|thứ\b)|Điều\s+\d+\s*[.:]")
# a decision's authority line after its title: "ỦY BAN NHÂN DÂN TỈNH X", "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN Y", "BAN
# THƯỜNG VỤ HUYỆN ỦY", "GIÁM ĐỐC SỞ …" (in capitals; a level or a committee after the body, if anything)
_AUTHORITY_LINE = re.compile(
    r"(?:(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|TRƯỞNG\s+BAN|BÍ\s+THƯ)\s+)?"
    r"(?:[ỦU][YỶ]\s+BAN\s+NHÂN\s+DÂN|UBND|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|HĐND|BAN\s+THƯỜNG\s+VỤ|BAN\s+CHẤP\s+HÀNH)"
    r"(?:\s+(?:" + LEVEL_WORDS.upper() + "|" + "|".join(c.upper() for c in VOCAB.every_party_committee)
    + r"|ĐẢNG\s+BỘ)\b[^:;.]*)?\s*:?"
    r"|(?:PHÓ\s+)?GIÁM\s+ĐỐC\s+SỞ\b[^:;.]*:?")
_OPEN_ENDED = re.compile(r"(?:CỦA|VÀ|VỀ|của|và|về|,)$")


def _ends_title(s: str, last: str) -> bool:
    """Whether the stripped line ``s`` after the title line ``last`` is no part of the title: the preamble,
    a numbered section, an annex note, a paragraph, after a sentence's end, a list item, a basis heading,
    a part or article heading, a decision's authority line.

    >>> _ends_title("CƠ SỞ XÂY DỰNG KẾ HOẠCH", "Chuyển đổi số"), _ends_title("NĂM 2024", "CHUYỂN ĐỔI SỐ")
    (True, False)
    >>> _ends_title("ỦY BAN NHÂN DÂN HUYỆN AN LÃO", "VỀ VIỆC BAN HÀNH KẾ HOẠCH PHÒNG CHỐNG DỊCH")
    True
    >>> _ends_title("- 2025", "GIAI ĐOẠN 2021"), _ends_title("- Căn cứ Luật Y tế;", "GIAI ĐOẠN 2021")
    (False, True)
    """
    return (s.lstrip("-+•*–— \t").startswith(_PREAMBLE_START) or _NUMBERED_LINE.match(s) is not None
            or _ANNEX_NOTE.match(s) is not None or len(s) > 160 or last.endswith((".", ":", ";"))
            or (s.startswith(_LIST_ITEM) and not _wrapped_after_hyphen(s, last))
            or _BASIS_HEADING.match(s) is not None or _PART_HEADING.match(s) is not None
            or (s.isupper() and _AUTHORITY_LINE.fullmatch(s) is not None and not _OPEN_ENDED.search(last)))


def _wrapped_after_hyphen(s: str, last: str) -> bool:
    """Whether a line opening with a hyphen goes on with the title line ``last`` wrapped before a spaced hyphen:
    a range's end ("… GIAI ĐOẠN 2021" / "- 2025") or a name's second half ("… TỈNH BÀ RỊA" / "- VŨNG TÀU"), the
    line without small letters as a title in capitals (a list item is written in sentence case).
    """
    rest = s[2:].lstrip()
    if not rest or any(c.islower() for c in s):
        return False
    return (rest[0].isdigit() and last[-1:].isdigit()) or (last.isupper() and s.isupper())


def _title_text(parts: list[str]) -> str | None:
    """The title's lines as one, without "V/v" and without an annex note the cleaning joined to it.

    >>> _title_text(["V/v phòng chống dịch", "năm 2024 (Ban hành kèm theo Quyết định số 5/QĐ-UBND)"])
    'phòng chống dịch năm 2024'
    """
    title = " ".join(" ".join(parts).split())
    if (note := _ANNEX_NOTE.search(title)) is not None and note.start():
        title = title[:note.start()]
    return _ABOUT.sub("", title).strip(" .") or None


_PREAMBLE_END = re.compile(load("lexicon")["preamble_end"])
# (an alternation: searched from the letters its words start with)
_PREAMBLE_END_SEARCH = led_search(_PREAMBLE_END)


def _preamble_end(text: str, start: int) -> int:
    """"... ban hành Kế hoạch ... như sau:", but never past the first section heading."""
    head = _FIRST_HEADING_SEARCH(text, start)
    limit = head.start() if head else min(len(text), start + 3000)
    pe = _PREAMBLE_END_SEARCH(text, start, min(len(text), limit + 200))
    if pe and pe.start() <= limit:
        return pe.end()
    return limit if head else min(len(text), start + 1500)


_TITLE_YEAR = re.compile(r"năm\s+(\d{4})\b")
_A_YEAR = re.compile(r"\b(20\d\d)\b")
# a title's year that is its horizon or a period's end, not the plan's own year: "đến năm 2030", "tầm nhìn đến
# năm 2045", "từ năm 2021 đến năm 2025", "giai đoạn năm 2021 - 2025", "nhiệm kỳ 2020 - 2025" (before it a word of
# reach or span; after it a range's other end)
_HORIZON_BEFORE = re.compile(r"(?:đến|tới|từ|hết|sau|trước|nhìn|đoạn|kỳ)\s+$")
_RANGE_AFTER = re.compile(r"\s*(?:[-–—]|đến|tới)\s*(?:năm\s+)?\d{4}")


def _own_title_year(title: str) -> str | None:
    """The year a title names as the plan's own ("… năm 2024"), not a horizon or a period ("đến năm 2030",
    "giai đoạn năm 2021 - 2025").

    >>> _own_title_year("Chuyển đổi số năm 2024"), _own_title_year("Du lịch đến năm 2030, tầm nhìn đến năm 2045")
    ('2024', None)
    """
    for ym in _TITLE_YEAR.finditer(title):
        if not _HORIZON_BEFORE.search(title, max(0, ym.start() - 12), ym.start()) \
                and not _RANGE_AFTER.match(title, ym.end()):
            return ym.group(1)
    return None


def _read_date(text: str, meta: DocumentMeta, end: int) -> str | None:
    """Set the plan's date from its date line ("Lạng Sơn, ngày 3 tháng 4 năm 2024") before ``end``, or from
    its title's "năm 2024"; return the date line's place."""
    dl = _date_line(text, end)
    date_place = None
    if dl:
        y, mth, d = dl.group("y"), dl.group("m"), dl.group("d")
        if mth and d:
            meta.date = f"{int(y):04d}-{int(mth):02d}-{int(d):02d}"
        elif mth:
            meta.date = f"{int(y):04d}-{int(mth):02d}"
        else:
            meta.date = y
        date_place = " ".join(dl.group("place").split()).strip("*_ ")
    # No date line: the title's "năm 2024" stands for the date (a year), as plans below cite it by
    # then; the real-plans gold counts it wrong (null), but the graph needs it to find a number-less
    # plan its plans below cite (infer_blank_numbers).
    # (a horizon, "đến năm 2030", or a period, "giai đoạn 2021 - 2025", is no date: issue of the central probe)
    if not meta.date and meta.title:
        meta.date = _own_title_year(meta.title)
    return date_place


def _plan_year(meta: DocumentMeta) -> int | None:
    if meta.date:
        return int(meta.date[:4])
    if meta.title:
        ym = _TITLE_YEAR.search(meta.title) or _A_YEAR.search(meta.title)
        return int(ym.group(1)) if ym else None
    return None


_COMMITTEE_AT = re.compile(_COMMITTEES + r"\b")
_BOARD_OF_ORGANISATION = re.compile(r"(?:Ban Thường vụ|Ban Chấp hành|Ban Thường trực)\s+(?=" + _COMMITTEES
                                    + r"|Hội |Ủy ban MTTQ|Đoàn |" + "|".join(_YOUTH_UNIONS) + ")")
_STANDING_HDND_CELL = re.compile(r"(?:^|\|)\s*THƯỜNG TRỰC\s*(?:\||$)")
_STANDING_BOARD_CELL = re.compile(r"(?:^|\|)\s*BAN THƯỜNG VỤ\s*(?:\||$)")
_BODY_OF_LEVEL_ONLY = re.compile(r"(?:UBND|HĐND|Ban Thường vụ|Đảng ủy)\s+(" + LEVEL_WORDS + r")$")
_ENDS_WITH_LEVEL = re.compile(r"(?i)\b" + LEVEL_WORDS + r"\s*$")


def _plan_issuer(text: str, lines: list, header_lines: list, lay: Layout, meta: DocumentMeta,
                 date_place: str | None) -> str | None:
    """The plan's issuer: the header's, a longer one the preamble names, else the signature's; with the
    date line's place when it names only a level ("UBND tỉnh" + "Bình Định, ngày …"). Sets the signer."""
    issuer = _header_issuer(header_lines) if header_lines else None
    title_iss = _title_issuer(meta.title)
    if issuer and (board := _standing_board(issuer, header_lines, title_iss)):
        lay.issuer_full = f"{board} {issuer}"
    issuer = _longer(issuer, title_iss)
    # (blank lines before the title are no header: a web copy's text may start with them)
    issuer = _longer(issuer, _preamble_issuer(text, lay, any(ln.strip() for _, ln in header_lines)))
    if not issuer or issuer in _BARE_BODIES:   # (no header, or one that lost its place line)
        issuer = _longer(issuer, _authority_issuer(lines, lay))
    sig_pos, signer, sig_org = _signature(text, lines)
    if not issuer and sig_org:
        issuer = sig_org
    if issuer and not lay.issuer_full and (committee := _party_board_committee(issuer)):
        lay.issuer_full, issuer = issuer, committee   # "Ban Chấp hành Đảng bộ tỉnh X": its committee, "Tỉnh ủy X"
    if issuer and not lay.issuer_full and (board := _BOARD_OF_ORGANISATION.match(issuer)):
        # "Ban Chấp hành Hội Nông dân huyện X": the organisation issues, through its board
        lay.issuer_full, issuer = issuer, issuer[board.end():]
    meta.signer = signer
    meta.signer_position = sig_pos
    return _placed_issuer(issuer, text, lay, date_place, meta.title)


def _placed_issuer(issuer: str | None, text: str, lay: Layout, date_place: str | None,
                   title: str | None = None) -> str | None:
    """The issuer with the place its header or sentence left out: a level word alone completed from the date
    line ("UBND tỉnh" + "Bình Định, ngày …"), else from the title's place of that level ("… trên địa bàn huyện
    X"), a bare body placed by :func:`_placed_body`.

    >>> _placed_issuer("UBND tỉnh", "", Layout(), "Bình Định")
    'UBND tỉnh Bình Định'
    >>> _placed_issuer("UBND huyện", "", Layout(), None, "Giảm nghèo năm 2021 trên địa bàn huyện Tà Lùng")
    'UBND huyện Tà Lùng'
    """
    if issuer and date_place and _BODY_OF_LEVEL_ONLY.search(issuer):
        # "UBND tỉnh" + "Bình Định, ngày ..." -> "UBND tỉnh Bình Định" ("Thành phố Hồ Chí Minh, ngày …": the name)
        if not _ENDS_WITH_LEVEL.search(date_place):
            issuer = f"{issuer} {_LEADING_LEVEL_OR_TP.sub('', date_place) or date_place}"
    elif issuer and title and (lvl := _BODY_OF_LEVEL_ONLY.search(issuer)) is not None:
        # no date line (a web copy): the title's place of the body's own level word ("… huyện X")
        word = lvl.group(1).lower()
        named = [m for m in PLACE_RE.finditer(title) if m.group("lvl").lower() == word]
        if named:
            issuer = f"{issuer} {named[-1].group('name')}"
    elif issuer in _BARE_BODIES:   # "ỦY BAN NHÂN DÂN |": the header lost its place line
        issuer = _placed_body(issuer, text, lay, date_place) or issuer
    return issuer


_BARE_BODIES = frozenset(("UBND", "HĐND"))


def _authority_issuer(lines: list, lay: Layout) -> str | None:
    """The body a decision's authority line names right after its title ("QUYẾT ĐỊNH / Ban hành Kế hoạch … /
    ỦY BAN NHÂN DÂN TỈNH X / Căn cứ …"; "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN Y:"): the issuer of a copy that has no
    header (an official database's print) or whose header lost its place.

    >>> t = "QUYẾT ĐỊNH\\nBan hành Kế hoạch phòng chống dịch\\n_____\\nỦY BAN NHÂN DÂN TỈNH HÀ LAM\\nCăn cứ …"
    >>> lay = Layout(); _ = _read_title(_lines(t), 0, lay); _authority_issuer(_lines(t), lay)
    'UBND tỉnh Hà Lam'
    """
    if not lay.title_end:
        return None
    i = bisect_left(lines, lay.title_end, key=_line_start)
    for _pos, ln in lines[i:i + 4]:
        s = ln.strip()
        if not s or _RULE_LINE.fullmatch(s):
            continue
        if s.isupper() and _AUTHORITY_LINE.fullmatch(s) is not None:
            return _cells_issuer((" ".join(s.rstrip(" :").split()),))
        return None
    return None


def _line_start(line: tuple[int, str]) -> int:
    return line[0]
_LEADING_LEVEL_OR_TP = re.compile(r"^(?:(?i:" + LEVEL_WORDS + r")\s+|(?:TP|Tp|TX|Tx)\.\s*)")
_PROVINCE_NAMES = frozenset(load("lexicon")["province_names"])
# the body named as a sentence's subject in the preamble ("…; UBND tỉnh X đánh giá …"), not after "của"
_SUBJECT_BODY = {
    body: re.compile(r"(?:^|[.;:,]\s+)[ \t]*(?P<iss>" + heads + r")\s+(?P<lvl>" + LEVEL_WORDS + r")\s+(?P<name>"
                     + PLACE_NAME + ")", re.M)
    for body, heads in (("UBND", "Ủy ban nhân dân|UBND"), ("HĐND", "Hội đồng nhân dân|HĐND"))
}


def _placed_body(body: str, text: str, lay: Layout, date_place: str | None) -> str | None:
    """A header's body without its place ("UBND") placed from what the text still says: the date line's
    place with its level word, a province's name there ("Phú Yên, ngày …": the gazetteer's provinces), the
    level the text writes that name with, else the body as the preamble's subject ("UBND tỉnh X đánh giá …").

    >>> _placed_body("UBND", "", Layout(), "Phú Yên"), _placed_body("UBND", "", Layout(), "Thành phố Đà Nẵng")
    ('UBND tỉnh Phú Yên', 'UBND thành phố Đà Nẵng')
    >>> t = "UBND huyện Tân Châu giao …"
    >>> _placed_body("UBND", t, Layout(), "Tân Châu"), _placed_body("UBND", "", Layout(), "Tân Châu")
    ('UBND huyện Tân Châu', None)
    """
    if date_place and not date_place[:1].isdigit():
        lead = _LEADING_LEVEL_OR_TP.match(date_place)
        name = date_place[lead.end():] if lead else date_place
        if lead and name:
            word = lead.group().strip().lower()
            lvl = {"tp.": "thành phố", "tx.": "thị xã"}.get(word, word)
            return f"{body} {lvl} {name}"
        if name in _PROVINCE_NAMES:
            return f"{body} {'thành phố' if name in CENTRAL_CITIES else 'tỉnh'} {name}"
        said = _most_common_level_of(text, name)
        if said:
            return f"{body} {said} {name}"
    sm = _SUBJECT_BODY[body].search(text, lay.preamble_start, max(lay.preamble_end, lay.preamble_start) + 10)
    return f"{body} {sm.group('lvl')} {sm.group('name')}" if sm else None


def _most_common_level_of(text: str, name: str) -> str | None:
    """The level word the text writes most often before ``name`` ("huyện Tân Châu"), None when it never does."""
    return next((lvl for (lvl, n), _k in _place_counts(text).most_common() if n == name), None)


_PARTY_BOARD = re.compile(r"Ban Chấp hành Đảng bộ\s+(?P<lvl>" + LEVEL_WORDS + r")\s+(?P<name>" + PLACE_NAME + r")$")
# the committee a Party organisation's executive board is, by the organisation's level word ("tỉnh" -> "Tỉnh ủy")
_COMMITTEE_OF_LEVEL_WORD = {w: c for c, w in VOCAB.party_committees.items()}


def _party_board_committee(issuer: str) -> str | None:
    """The committee a Party organisation's executive board names ("Ban Chấp hành Đảng bộ tỉnh X" is the
    Tỉnh ủy X; a commune's or ward's is its Đảng ủy); None for another issuer.

    >>> [_party_board_committee(f"Ban Chấp hành Đảng bộ {p}") for p in ("tỉnh Hà Lam", "xã Tân An")]
    ['Tỉnh ủy Hà Lam', 'Đảng ủy xã Tân An']
    """
    m = _PARTY_BOARD.match(issuer) if issuer.startswith("Ban Chấp hành Đảng bộ") else None
    if m is None:
        return None
    lvl, name = m.group("lvl").lower(), m.group("name")
    committee = _COMMITTEE_OF_LEVEL_WORD.get(lvl)
    return f"{committee} {name}" if committee else f"Đảng ủy {lvl} {name}"


def _longer(issuer: str | None, other: str | None) -> str | None:
    """``other`` where it names the issuer more fully ("UBND xã" -> "UBND xã Tân Phú") or names one at all.

    >>> _longer("UBND xã", "UBND xã Tân Phú"), _longer("UBND xã Tân Phú", "UBND huyện")
    ('UBND xã Tân Phú', 'UBND xã Tân Phú')
    """
    if other and (not issuer or (len(other) > len(issuer) and other.startswith(issuer))):
        return other
    return issuer


def _standing_board(issuer: str, header_lines: list, title_iss: str | None) -> str | None:
    """The standing board that issues for the body: a committee's ("TỈNH ỦY BẾN TRE / BAN THƯỜNG VỤ" in the
    header, or a title "… CỦA BAN THƯỜNG VỤ TỈNH ỦY"), a People's Council's ("HĐND TỈNH X / THƯỜNG TRỰC")."""
    if issuer.startswith("HĐND"):
        return "Thường trực" if any(_STANDING_HDND_CELL.search(ln) for _, ln in header_lines) else None
    cm = _COMMITTEE_AT.match(issuer)
    if cm is not None and (any(_STANDING_BOARD_CELL.search(ln) for _, ln in header_lines)
                           or title_iss == f"Ban Thường vụ {cm.group()}"):
        return "Ban Thường vụ"
    return None


def _type_issued(text: str, lay: Layout) -> str | None:
    """The type an excerpt without a title says it issues: "… ban hành Kế hoạch … như sau:".

    >>> _type_issued("Căn cứ …;\\nỦy ban nhân dân phường X ban hành Kế hoạch thực hiện … như sau:", Layout())
    'Kế hoạch'
    """
    end = lay.preamble_end + 10 if lay.preamble_end else min(len(text), 1500)
    m = _issuing(_PREAMBLE_ISSUER_SEARCH, text, lay.preamble_start, end) or _issuing(
        _PREAMBLE_ISSUER_LOWER.search, text, 0, end)
    t = _ISSUED_TYPE.search(m.group()) if m else None
    return DOC_TYPES_UPPER.get(t.group().upper()) if t else None


_OF_BEFORE = re.compile(r"(?:của|CỦA)\s+$")


def _issuing(search, text: str, start: int, end: int) -> re.Match | None:
    """The first match of ``search`` (an issuer and what it issues) in ``text[start:end]`` that is no cited
    document's issuer: "… Kế hoạch số 5/KH-UBND của UBND tỉnh thực hiện Chương trình …" tells what that plan
    does, not what this one is.

    >>> t = "Kế hoạch số 5/KH-UBND của UBND tỉnh thực hiện Chương trình X; UBND huyện ban hành Kế hoạch như sau:"
    >>> _issuing(_PREAMBLE_ISSUER_SEARCH, t, 0, len(t)).group("iss")
    'UBND huyện'
    """
    while (m := search(text, start, end)) is not None:
        if not _OF_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            return m
        start = m.start() + 1
    return None


def _title_issuer(title: str | None) -> str | None:
    """The issuer a title names after "của" (sentence case) or "CỦA" (capitals).

    >>> _title_issuer("Kế hoạch của UBND phường An Lạc về thực hiện Chỉ thị số 33/CT-TTg")
    'UBND phường An Lạc'
    >>> _title_issuer("CỦA ỦY BAN NHÂN DÂN XÃ TÂN PHÚ về công tác dân vận"), _title_issuer("Phòng chống dịch")
    ('UBND xã Tân Phú', None)
    """
    m = _TITLE_ISSUER.match(title) if title else None
    if m is None:
        return None
    return _preamble_org(m.group("iss")) if m.group("iss") else _cells_issuer((m.group("caps"),))


def _preamble_issuer(text: str, lay: Layout, has_header: bool) -> str | None:
    pi = _issuing(_PREAMBLE_ISSUER_SEARCH, text, lay.preamble_start, max(lay.preamble_end, lay.preamble_start) + 10)
    if pi is None and not has_header:
        # a web copy's body in lower case: "…, ủy ban nhân dân xã xây dựng kế hoạch …" (a literal-led search)
        pi = _issuing(_PREAMBLE_ISSUER_LOWER.search, text, lay.preamble_start,
                      max(lay.preamble_end, lay.preamble_start) + 10)
    if not pi:
        return None
    return _preamble_org(pi.group("iss"))


@lru_cache(maxsize=4096)   # (a body names itself alike in each of its plans)
def _preamble_org(iss: str) -> str | None:
    """The preamble's issuer as written, normalised ("TP." and "TX." written out).

    >>> _preamble_org("Ủy ban nhân dân TP. Huế")
    'UBND thành phố Huế'
    """
    org = normalise_org(_YOUTH_UNION_LOWER.sub(r"\1 Đoàn", _TP_TX.sub(_expand_tp_tx, iss)))
    # "Ủy ban nhân dân Tỉnh ban hành …", "UBND Thành phố …": the body's own level word, capitalised
    cap = _CAPITALISED_LEVEL.match(org) if org else None
    return f"{cap.group(1)} {cap.group(2).lower()}{org[cap.end():]}" if cap else org


_TP_TX = re.compile(r"\b(TP|TX)\.\s*")
_CAPITALISED_LEVEL = re.compile(r"(UBND|HĐND) (" + "|".join(w[:1].upper() + w[1:] for w in VOCAB.level_of) + r")\b")


def _expand_tp_tx(m: re.Match) -> str:
    return "thành phố " if m.group(1) == "TP" else "thị xã "


def _header_province(header_lines: list) -> str | None:
    for _, ln in header_lines:
        m = _HEADER_PROVINCE.search(ln) if "TỈNH" in ln else None
        if m:
            return " ".join(w[:1].upper() + w[1:].lower() for w in m.group(1).split())
    return None


_POS_SPLIT = re.compile(
    r"\s+(?=(?:KT\.|K/T|TL\.|TUQ\.|Q\.|PHÓ CHỦ TỊCH|CHỦ TỊCH|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|PHÓ BÍ THƯ|BÍ THƯ|"
    r"PHÓ TRƯỞNG BAN|TRƯỞNG BAN|CHÁNH VĂN PHÒNG)\b)"
)
_TRAILING_NAME = re.compile(r"^(?P<head>.*[A-ZĐÀ-Ỹ.)])\s+(?P<name>[A-ZĐÀ-Ỹ][a-zđà-ỹ]+(?:\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ]+){1,4})$")


_POS_PREFIX = re.compile(r"KT\.|K/T|TL\.|TUQ\.|Q\.|PHÓ|TM\.|T/M")
_SIGNED_FOR = re.compile(r"^(?:TM\.|T\.M\.|T/M)\s*")   # "TM. ỦY BAN NHÂN DÂN": for whom it is signed
_REMARK = re.compile(r"^\(.*\)$")


def _split_signature_cell(cell: str) -> list[str]:
    """'T/M ỦY BAN NHÂN DÂN CHỦ TỊCH Nông Văn Tâm' (one table cell) -> its three lines."""
    if not cell or not cell.startswith(_SIGN_WORDS) or len(cell) < 12:
        return [cell] if cell else []
    out: list[str] = []
    m = _TRAILING_NAME.match(cell)
    head, name = (m.group("head"), m.group("name")) if m else (cell, None)
    parts = _POS_SPLIT.split(head)
    # "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH": the split keeps "PHÓ CHỦ TỊCH" whole thanks to the order above
    for p in (p.strip() for p in parts if p.strip()):
        if out and _POS_PREFIX.fullmatch(out[-1]):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    if name:
        out.append(name)
    return out


def _signature(text: str, lines: list[tuple[int, str]]) -> tuple[str | None, str | None, str | None]:
    """Scan the last lines of ``text`` (its ``lines``) for 'TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH /
    Name': (position, signer, body for whom it is signed).

    >>> t = "TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH\\nNguyễn Văn An"
    >>> _signature(t, _lines(t))
    ('KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', 'Nguyễn Văn An', 'UBND')
    """
    # the tail's cells are stripped, not empty and hold no "|" (_signature_tail split its lines at each)
    tail = _signature_tail(text, lines[-40:])
    start = next((i for i, cell in enumerate(tail) if cell.startswith(_SIGN_WORDS)), None)
    if start is None:
        return None, None, None
    return _signature_block(tuple(tail[start:]))


@lru_cache(maxsize=4096)   # (a signer's block recurs in each of the plans they sign)
def _signature_block(cells: tuple[str, ...]) -> tuple[str | None, str | None, str | None]:
    """(position, signer, body for whom it is signed) from a signature block's cells, the first a position word.

    >>> _signature_block(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Đã ký)", "Nguyễn Văn An"))
    ('CHỦ TỊCH', 'Nguyễn Văn An', 'UBND')
    """
    pos_lines: list[str] = []
    org = None
    name = None
    for cell in cells:
        if _SIGNED_FOR.match(cell):
            org = _signed_for(cell) or org
            continue
        if _is_type_heading(cell):   # "KẾ HOẠCH": the document the decision signed above issues, no signer
            break
        if cell.startswith(_SIGN_WORDS) or (cell.isupper() and len(cell) < 40 and not _PERSON.match(cell.title())):
            pos_lines.append(cell)
            continue
        if name is None or not cell.isupper():   # (capitals after the name: a heading cut short, "KẾ HOẠ")
            name = _signer_name(cell, bool(pos_lines)) or name
    pos = " / ".join(pos_lines) if pos_lines else None
    return pos, name, org


def _is_type_heading(cell: str) -> bool:
    """Whether a cell is a document's type line alone ("KẾ HOẠCH"): an attached document starts there.

    >>> _is_type_heading("KẾ HOẠCH"), _is_type_heading("PHÓ CHỦ TỊCH")
    (True, False)
    """
    m = _TYPE_LINE.match(cell) if cell[:1].isupper() else None
    return m is not None and not m.group("rest").strip()


def _signer_name(cell: str, after_position: bool) -> str | None:
    """A person's name in a signature cell ("Nguyễn Văn An"; in capitals only after a position line).

    >>> _signer_name("Đã ký: Đỗ Văn Hương", True), _signer_name("H' Yim Niê (Ký, đóng dấu)", True)
    ('Đỗ Văn Hương', "H' Yim Niê")
    """
    if _REMARK.match(cell):  # "(Đã ký)"
        return None
    cell = _AROUND_NAME.sub("", cell)
    if _PERSON.match(cell) and not cell.isupper():
        return squash(cell)   # (one space between the words of a name)
    if cell.isupper() and _PERSON.match(cell.title()) and after_position:
        return squash(cell.title())
    return None


def _signature_tail(text: str, last: list[tuple[int, str]]) -> list[str]:
    # Lines before the first one containing a position word cannot hold the start of the block (a
    # cell of such a line is a part of it, and one that does not start with a position word is kept
    # whole), and only the tail from that start is read: skip them. One search over the last lines,
    # which are the text from the first one's start.
    start = last[0][0]
    hit = _sign_first(text, start)
    if hit is None:
        return []
    tail: list[str] = []
    for _, ln in last[text.count("\n", start, hit):]:
        tail.extend(_signature_cells(ln))
    return tail


@lru_cache(maxsize=4096)   # (a signature block's lines, "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", recur from plan to plan)
def _signature_cells(ln: str) -> tuple[str, ...]:
    """One line of a signature block as its cells, each split at its position words (stripped, none empty).

    >>> _signature_cells("Nơi nhận:   TM. ỦY BAN NHÂN DÂN CHỦ TỊCH")
    ('Nơi nhận:', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH')
    """
    cells = _CELL_SPLIT.split(ln) if ("|" in ln or "\t" in ln or "   " in ln) else (ln,)
    return tuple(part for cell in cells for part in _split_signature_cell(cell.strip()))


def _signed_for(cell: str) -> str | None:
    """"TM. ỦY BAN NHÂN DÂN TỈNH X" -> "UBND tỉnh X"-like short form (None for a body not known)."""
    o = _SIGNED_FOR.sub("", cell)
    o_upper = o.upper()
    for up, short in _ORG_UPPER:
        if o_upper.startswith(up):
            return short + (" " + _title_case_place(o[len(up):]) if o[len(up):].strip() else "")
    return None


@per_text   # (the counts of the text being read, for its several _most_common calls)
def _place_counts(text: str) -> Counter:
    keys: list[tuple[str, str]] = []
    for m in place_matches(text):
        s = m.start()
        if s and text[s - 1].isalnum():
            continue
        lvl, name = m.group("lvl", "name")
        if name.split(None, 1)[0] not in _NOT_PLACE_HEADS:
            keys.append((lvl, name if "  " not in name and "\t" not in name else squash(name)))   # ("Tiền  Giang")
    return Counter(keys)   # (counted in C, in the order of first occurrence as one by one)


_NOT_PLACE_HEADS = frozenset(("Ủy", "UBND", "Ban", "Nhà", "Đảng", "Việt", "Trung"))


def _most_common(text: str, levels: tuple[str, ...], exclude: str | None = None) -> tuple[str, str] | None:
    best = None
    for (lvl, name), _n in _place_counts(text).most_common():
        if lvl in levels and not (exclude and name == exclude):
            best = (lvl, name)
            break
    return best


# "báo cáo UBND tỉnh": reporting upward. Scanned as two literal-led patterns (much faster than the
# alternation); their matches cannot overlap (each holds one "UBND"/"Ủy ban nhân dân" right after its
# verb), so merged in text order they are _REPORT_UP's.
# the levels a plan can report up to (all but communes), and the district-level words (a city may be one)
_ABOVE_COMMUNE = tuple(w for w, lv in VOCAB.level_of.items() if lv != "commune")
_DISTRICT_LEVEL_WORDS = tuple(w for w, lv in VOCAB.level_of.items() if lv in ("district", "city"))
_UP_TO_BODY = r"\s+(?:Ủy ban nhân dân|UBND)\s+(" + "|".join(_ABOVE_COMMUNE) + r")\b"
_REPORT_UP = re.compile(r"(?:báo cáo|về)" + _UP_TO_BODY)
_REPORT_UP_BC = re.compile(r"báo cáo" + _UP_TO_BODY)
_REPORT_UP_VE = re.compile(r"về" + _UP_TO_BODY)
_START = methodcaller("start")
_HEADER_PROVINCE = re.compile(r"(?:^|[\s|])TỈNH\s+((?:[A-ZĐÀ-Ỹ]+)(?:[ ]+[A-ZĐÀ-Ỹ]+){0,3})(?=\s*(?:$|\||\t|\s{2,}))")


_PARTY_COMMITTEE = re.compile(r"\b(" + _LEVEL_COMMITTEES + r")\s+(" + PLACE_NAME + ")")
# the Youth Union's committees are named after their level as the Party's are ("Tỉnh Đoàn Lâm Đồng")
_YOUTH_UNION = re.compile(r"\b(" + "|".join(_YOUTH_UNIONS) + r")\s+(" + PLACE_NAME + ")")
_COMMITTEE_LEVEL_WORD = {**VOCAB.party_committees, **_YOUTH_UNIONS}
# a committee named after its level without the unit's name: "Huyện ủy" is a district's
_COMMITTEE_OF_LEVEL = {lv: "|".join(c for c, w in VOCAB.party_committees.items() if VOCAB.level_of[w] == lv)
                       for lv in ("province", "district")}


_PROVINCE_BODY_NAMED = re.compile(r"(?:UBND|Ủy ban nhân dân)\s+tỉnh|Tỉnh ủy")


# a task given to a province's department: "Sở …" leading a line or a list item
_ASSIGNS_DEPARTMENTS = re.compile(r"^[ \t]*(?:[-+•*][ \t]*|\d{1,2}[.)][ \t]*)?Sở[ \t]+" + CAP, re.M)


def _city_level(name: str | None, date: str | None, text: str) -> str:
    """The level of a "thành phố": a centrally-run city's (from the day it became one) is the province's,
    another named city's the district's; an unnamed one's is told by what the plan reports up to.

    >>> _city_level("Thủ Đức", "2023-05-02", ""), _city_level("Huế", "2022-03-01", ""), _city_level("Huế", None, "")
    ('district', 'district', 'province')
    """
    if name in CENTRAL_CITIES:
        since = load("lexicon")["central_city_since"].get(name)
        return "district" if since and date and date < since else "province"
    if name:
        return "district"
    if "tỉnh" in _reported_up_to(text) or _PROVINCE_BODY_NAMED.search(text):
        return "district"
    return "province"


def _reported_up_to(text: str) -> list[str]:
    """The level words of the bodies the text reports up to ("báo cáo UBND tỉnh" -> "tỉnh"), in text order."""
    return [m.group(1) for m in sorted([*_REPORT_UP_BC.finditer(text), *_REPORT_UP_VE.finditer(text)], key=_START)]


def _level_and_place(text: str, meta: DocumentMeta, header_province: str | None = None) -> None:
    """Set the plan's level (from its issuer, else the level it reports up to), province, district, commune
    and place."""
    iss = meta.issuer or ""
    lvl_word, own_name, level = _issuer_level(iss)
    # reporting upward tells us the level (the two scans of the whole text only when the issuer does not)
    if level == "city":
        level = _city_level(own_name, meta.date, text)
    elif level is None and _ASSIGNS_DEPARTMENTS.search(text):
        level = "province"   # (a headerless plan that gives its tasks to the Sở is the province's)
    elif level is None and (up := _reported_up_to(text)):
        first = Counter(up).most_common(1)[0][0]
        level = {"tỉnh": "district", "huyện": "commune", "thị xã": "commune", "quận": "commune",
                 "thành phố": "commune"}.get(first)
    meta.level = level
    province, district, commune = _places(text, level, lvl_word, own_name, header_province)
    meta.province, meta.district, meta.commune = province, district, commune
    parts = [x for x in (commune, district, f"tỉnh {province}" if province else None) if x]
    # a province's own plan: just its name ("Bình Định"), as the seed gold writes it; a city at province
    # level keeps its word ("thành phố Hồ Chí Minh": the city is called so, and the name alone matches too)
    if level == "province" and province:
        meta.place = (
            f"thành phố {province}" if province in CENTRAL_CITIES and lvl_word == "thành phố" else province
        )
    else:
        meta.place = ", ".join(parts) if parts else None


_LEVEL_ALONE = re.compile(r"(?<![\w])(?P<lvl>" + LEVEL_WORDS + r")(?![\w])(?P<name>)")
_PROVINCE_BODY = re.compile(r"\b(?:" + _COMMITTEE_OF_LEVEL["province"] + r"|Sở)\b")
_DISTRICT_BODY = re.compile(r"\b(?:" + _COMMITTEE_OF_LEVEL["district"] + r"|Phòng)\b")


@lru_cache(maxsize=4096)   # (an issuer recurs in each of its plans)
def _issuer_level(iss: str) -> tuple[str | None, str | None, str | None]:
    """(level word, place name, level) the issuer names; "city" for a "thành phố" decided later.

    >>> _issuer_level("UBND huyện Đức Trọng"), _issuer_level("Huyện ủy Lâm Hà"), _issuer_level("Bộ Y tế")
    (('huyện', 'Đức Trọng', 'district'), ('huyện', 'Lâm Hà', 'district'), (None, None, 'central'))
    """
    m = PLACE_RE.search(iss) or _LEVEL_ALONE.search(iss)
    lvl_word = m.group("lvl") if m else None
    own_name = (m.group("name") or None) if m else None
    pc = (_PARTY_COMMITTEE.search(iss) or _YOUTH_UNION.search(iss)) if not own_name else None
    if pc:   # "Huyện ủy Đức Trọng", "Tỉnh Đoàn Lâm Đồng": the committee of huyện Đức Trọng, of tỉnh Lâm Đồng
        lvl_word, own_name = _COMMITTEE_LEVEL_WORD[pc.group(1)], pc.group(2)
    level = _level_of(lvl_word) if lvl_word else None
    if level is None and VOCAB.names_central_issuer(iss):
        level = "central"
    if level is None:
        if _PROVINCE_BODY.search(iss):
            level = "province"
        elif _DISTRICT_BODY.search(iss):
            level = "district"
    return lvl_word, own_name, level


def _places(text: str, level: str | None, lvl_word: str | None, own_name: str | None,
            header_province: str | None) -> tuple[str | None, str | None, str | None]:
    """(province, district, commune) of a plan of ``level``: its own name, else the names its body uses most."""
    province = own_name if level == "province" and lvl_word in ("tỉnh", "thành phố") else None
    district, commune = _district_and_commune(text, level, lvl_word, own_name)
    if not province and header_province and level in ("province", "district", "commune"):
        province = header_province
    if level in ("district", "commune", "province") and not province:
        p = _most_common(text, ("tỉnh",))
        if p:
            province = p[1]
    return province, district, commune


def _district_and_commune(text: str, level: str | None, lvl_word: str | None,
                          own_name: str | None) -> tuple[str | None, str | None]:
    district = commune = None
    if level == "district" and own_name:
        district = f"{lvl_word} {own_name}"
    if not own_name and lvl_word and level in ("district", "commune"):
        # "Ủy ban nhân dân xã xây dựng kế hoạch …": the body names it ("trên địa bàn xã Phú Mỹ")
        named = _most_common(text, (lvl_word,))
        if named:
            own_name = named[1]
            if level == "district":
                district = f"{lvl_word} {own_name}"
    if level == "commune" and own_name:
        commune = f"{lvl_word} {own_name}"
    if level == "commune" and not district:
        d = _most_common(text, _DISTRICT_LEVEL_WORDS)
        if d:
            district = f"{d[0]} {d[1]}"
    return district, commune
