"""Stage of pipeline.extract_text: find mentions of numbered documents in the cleaned text.

A mention is one occurrence: its code, the type word before it, the date and
issuer after it, and clean-text offsets. Positions here are CLEAN offsets
the
pipeline maps them back to the original text.

Forms found:
  * State ``number[/year]/TYPE-ISSUER`` ("33/CT-TTg", "04/2015/NĐ-CP", "10/2022/QH15")
  * Công văn ``number/ISSUER-UNIT`` ("2953/UBND-NC", "197/STTTT")
  * Party ``number-TYPE/ISSUER`` ("23-QĐ/TW", "01-ĐA/BDVTU-UBND")
  * short forms declared in the text "(gọi tắt là Chỉ thị số 33)" and later uses
  * bare "Chỉ thị số 33" when exactly one cited document has that type and number
"""
from __future__ import annotations

import heapq
import operator
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .lexicon import alt, cased, load, normalise_org
from .scan import (
    WHITESPACE,
    finditer_at,
    led_by_each,
    not_after,
    runs_before,
    search_before,
    starts_of,
    token_starts,
    trie_alt,
    word_starts_before,
)
from .vocab import PLACE_NAME_TAILS, VOCAB

SEG = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:&[A-ZĐ][A-Za-zĐđ0-9]*)*"   # "&" inside a symbol: TTr-STT&TT, NN&PTNT
DASH = r"[-–—]"   # an en dash or an em dash sometimes stands for the hyphen inside a code
NUM = r"\d{1,5}[A-Za-z]?"   # a number, with a letter after it: "12A/KH-UBND", "123a/QĐ-UBND"
# a symbol's further segments: after a dash, or after a dot or a colon a segment of capitals ("KH-UBND.VX",
# "TB-VP.UBND", "374/ĐK:HT"), never a sentence's next word ("… 163/KH-UBND. Các", "… KH-UBND.Các", "… KH-UBND:")
MORE = r"(?:" + DASH + SEG + r"|[.:][A-ZĐ][A-ZĐ0-9]+(?![\w&]))*"
# (a code starts after no letter, digit, "/", "." or "-"; or right after "số", glued: "số72/KH-UBND", "Số.72")
# (and a lone "s" left of a "số" whose "ố" a copy dropped: "; s45/QĐ-TTg"; not a capital "S": a header's "Số" read
# as "S6" by a scan holds a misread mark among the digits)
_GLUED_SO = "".join(r"|(?<=" + so + r")(?<![^\W\d_]" + so + ")" for so in ("[sS]ố", "SỐ", r"[sS]ố\.", r"SỐ\.", "s"))
CODE_RE = re.compile(
    r"(?:(?<![\w/.\-])" + _GLUED_SO + r")(?P<code>" + NUM + r"(?:"
    r"(?:/\d{4})?/" + SEG + MORE +      # state / Công văn
    r"|" + DASH + SEG + r"/" + SEG + MORE +    # party
    r"))(?![\w/]|[-–—][\w])"
)
# a code's number: its leading digits and the letter after them ("12A" of "12A/KH-UBND")
_NUMBER = re.compile(r"[0-9]*(?:(?<=[0-9])[A-Za-z](?=[/\-]))?")


def _code_char(c: str) -> bool:
    # a character a code may hold (and a few more: letters other than Latin's, "_")
    return c.isalnum() or c in "/&-–—"


# every code holds a "/" before a capital ("12/KH", "3-CT/TW"): found by a literal search
_CODE_MARK = re.compile(r"/[A-ZĐ]")


def code_candidates(text: str) -> list[int]:
    """Where a code may start in ``text``: each start of a run of digits in a word that holds a "/" before
    a capital (scan.token_starts, a literal search), sorted. Every match of ``CODE_RE`` in any window of
    the text starts at one of them (a code is such a word's digits onward), so that a text's windows
    can be searched from one list.

    >>> code_candidates("Số 12/KH-UBND, 35-CT/TW và 5/1/2024")
    [3, 15]
    """
    return token_starts(text, _CODE_MARK, _code_char, str.isdecimal)


def iter_codes(text: str, pos: int = 0, endpos: int | None = None, cands: list[int] | None = None):
    """The matches of ``CODE_RE.finditer(text, pos, endpos)``, tried only at the code candidates (those
    of :func:`code_candidates` in the window: ``cands``, the whole text's, when the caller has them).

    >>> [m.group("code") for m in iter_codes("Số 12/KH-UBND, 35-CT/TW và 2024")]
    ['12/KH-UBND', '35-CT/TW']
    """
    end = len(text) if endpos is None else endpos
    if cands is None:
        cands = token_starts(text, _CODE_MARK, _code_char, str.isdecimal, pos, end)
    else:
        cands = cands[bisect_left(cands, pos):bisect_left(cands, end)]
    return finditer_at(CODE_RE, text, start=pos, end=end, cands=cands) if cands else iter(())


@dataclass
class Mention:
    """One mention of a document in the cleaned text: where it is, its code, type, date, issuer, subject.

    >>> m = find_mentions("Kế hoạch số 12/KH-UBND ngày 5/1/2024 của UBND huyện")[0]
    >>> (m.code, m.type, m.date, m.issuer, m.start, m.end)
    ('12/KH-UBND', 'Kế hoạch', '2024-01-05', 'UBND huyện', 0, 22)
    """
    code: str
    start: int                 # clean offset: type word (or code) start
    end: int                   # clean offset: code end (or alias end)
    code_start: int
    type: str | None = None
    type_word: str | None = None
    date: str | None = None
    issuer: str | None = None
    issuer_raw: str | None = None
    tail_end: int = 0          # end of date/issuer part
    title: str | None = None
    kind: str = "code"         # "code" | "alias" | "bare"
    own: bool = False          # the plan's own number in the header ("Số: 45/KH-UBND")
    number: str = ""
    target: Mention | None = None  # alias/bare mentions: the mention they refer to
    extra_spans: list[tuple[int, int]] = field(default_factory=list)


def _body_name_pattern(body: dict) -> re.Pattern:
    """A known body's name: a head word ("Bộ", "Sở", …) and one of the names whose "và", dash or comma
    would end an issuer (lexicon "body_names"; in a name, " - " or ", " stands for any of those marks).

    >>> _body_name_pattern(load("lexicon")["body_names"]).search("của Sở Văn hóa – Thể thao và du lịch tỉnh").group()
    'Sở Văn hóa – Thể thao và du lịch'
    """
    def name(n: str) -> str:
        parts = re.split(r"\s*[-,]\s*", n)
        return r"\s*[-–—,]\s*".join(r"\s+".join(map(re.escape, part.split())) for part in parts)
    names = "|".join(map(name, sorted(body["names"], key=len, reverse=True)))
    return re.compile(r"(?<!\w)(?i:" + alt(body["heads"]) + r")\s+(?i:" + names + r")(?!\w)")


# a year of this century or the last split by one space (what follows is no digit): "20 21", "2 021", "202 1"
_SPLIT_YEAR = r"(?:2 0\d\d|20 \d\d|20\d \d|1 9\d\d|19 \d\d|19\d \d)(?!\d)"


# a verb by which one body has another act ("Sở X tham mưu UBND tỉnh ban hành …"; "Ban Chỉ đạo" is a body's
# name): the body before it does not issue (lexicon subject_breaks; metadata's news posts read it too)
SUBJECT_BREAK = re.compile(r"(?<!\w)(?<![Bb]an )(?:" + "|".join(map(re.escape, load("lexicon")["subject_breaks"]))
                           + r")(?!\w)")


@cache
def _patterns() -> dict:
    lex = load("lexicon")
    stop_words = trie_alt(cased(lex["issuer_stop_words"]))
    stop_caps = trie_alt(lex["issuer_stop_capitalised"])
    org = alt(lex["org_start"])
    p = {
        "own_before": re.compile(r"(?:^|\n|[Pp]húc |PHÚC )[ \t|]*" + VOCAB.trigger_alternation("own_number")
                                 + r"\s*:?\s*$"),
        "date_after": re.compile(
            # (a footnote mark glued to the code first: "10-NQ/TU(2) ngày …")
            r"(?:\(\d{1,2}\))?[\s,]*(?:\(\s*)?(?:được\s+)?(?:ban\s+hành\s+|ký\s+)?(?:ngày|Ngày|NGÀY)\s*"
            # (a year of two digits after "ngày d/m/": "18/3/24"; "năm" left out after a comma: "tháng 3, 2024")
            # (a year split by one space, typed so: "16/7/20 21", "năm 2 021")
            r"(?:(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4}|" + _SPLIT_YEAR + r"|\d\d(?![\d/.\-]))"
            r"|(?P<d2>\d{1,2})?[\s.…_]*(?:tháng|THÁNG)\s*(?P<m2>\d{1,2})\s*(?:,?\s*(?:năm|NĂM)|,)\s*"
            r"(?P<y2>\d{4}|" + _SPLIT_YEAR + "))"
            r"\s*\)?"),
        "issuer_after": re.compile(r"[\s,]*(?P<intro>của|giữa|do)\s+"),
        # where the issuer after "của/do/giữa" stops (only the start of the first match is used): a
        # punctuation mark (a closing bracket too: "(… của UBND tỉnh X)"), a table's "|", a tab or three
        # spaces (cells), a line break before a list item or a basis lead, " - ", a date, a stop word ("về",
        # "ban hành", …), "và" before something that is no organisation; every alternative starts with a
        # space or one of ;,.:()“"” (scan.starts_of)
        # (the alternatives after "\s*" and after "\s+" are grouped, and the stop words written as a tree
        # of prefixes, scan.trie_alt: the same starts, tried in fewer steps)
        "issuer_stop": starts_of(re.compile(
            r"\s*(?:[;,.:()“\"”|\t]|   |\n(?=\s*(?:[-+•–]|\d{1,3}[.)]|[IVXL]{1,5}[.\-]|[a-zđ]\)"
            r"|(?:Căn|Thực|Triển|Theo|Xét|Trên|Để|Nhằm|Qua|Tiếp)\s"
            # a line that starts with another body of a level ("… của UBND tỉnh" / "UBND huyện ban hành …")
            r"|(?:UBND|Ủy ban nhân dân|HĐND|Hội đồng nhân dân)\s+" + VOCAB.level_alternation() + r"\b)))"
            # a spaced hyphen ends the issuer, unless a hyphenated place name goes on ("Phan Rang - Tháp Chàm")
            r"|\s+(?:-\s(?!\s*" + PLACE_NAME_TAILS + r"(?!\w))|(?:ngày|Ngày)\s*\d"
            r"|" + stop_words + r"(?![\w])|" + stop_caps + r"(?![\w])|và\s+(?!" + org + r"))"),
            r"[\s;,.:()“\"”|]"),
        "issuer_before": re.compile(r"(?:của|theo chỉ đạo của)\s+(?P<iss>[^;,.()\n]{3,80}?)\s+(?:tại|theo)\s+$"),
        "subject": re.compile(r"\s*,?\s*(?:về\s+việc|về|V/v|v/v)\s+[“\"]?"),
        "alias_def": re.compile(
            r"\(\s*(?:sau\s+đây\s+)?(?:được\s+)?(?:gọi|viết)\s+tắt\s+(?:là\s*)?:?\s*[“\"]?(?P<alias>[^()“”\"]{2,60}?)[”\"]?\s*\)",
            re.I),
        "org": re.compile(org),
        "body_name": _body_name_pattern(lex["body_names"]),
        "body_head_letters": frozenset(c for h in lex["body_names"]["heads"] for c in (h[0], h[0].lower())),
        # a legal site's status note above the plan's header ("Văn bản này bị bãi bỏ, thay thế bởi …")
        "site_note": re.compile("|".join(map(re.escape, lex["site_status_notes"])), re.I),
        "subject_break": SUBJECT_BREAK,
    }
    # date_after and then issuer_after, each optional (the one a mention is most often followed by)
    p["date_issuer"] = re.compile("(?P<date>" + p["date_after"].pattern + ")?(?:" + p["issuer_after"].pattern + ")?")
    p["state_types"] = VOCAB.state_type_codes
    p["party_types"] = VOCAB.party_type_codes
    p["type_words"] = {k.lower(): v for k, v in VOCAB.type_words.items()}
    p["abbrev"] = VOCAB.type_abbreviations
    # the word counts of the type words ending in each last word, longest first: type_before joins
    # only those candidates (a word no type word ends with ends the search at once)
    ends: dict[str, set[int]] = {}
    for k in p["type_words"]:
        ks = k.split()
        ends.setdefault(ks[-1], set()).add(len(ks))
    p["type_lengths_by_last"] = {w: tuple(sorted(ns, reverse=True)) for w, ns in ends.items()}
    # Where type_before finds a type word, _not_doc_before cannot hold ("Mẫu số", "Phụ lục" …): the word
    # read last would end with a form's word, or be "số" or ":", and no type word or abbreviation does.
    # find_mentions then skips that test (were the vocabulary to change that, it would not).
    forms = tuple({w.split()[-1] for w in _NOT_DOC_WORDS} | {"số", ":"})
    p["type_word_is_no_form"] = not any(w.lower().endswith(forms) for w in [*ends, *p["abbrev"]])
    # the mixed-case symbols a text may write in capitals ("19/CT-TTG", "02-CTR/TU"): one spelling
    # per document, so that both group into one citation
    p["canonical_case"] = {w.upper(): w for words in (VOCAB.state_type_codes, VOCAB.party_type_codes,
                                                          VOCAB.issuer_codes, VOCAB.copy_marks)
                           for w in words if w != w.upper()}
    # the issuer codes a code's last segment may be split from by a space ("TT-BGD ĐT" for "TT-BGDĐT")
    p["whole_issuers"] = frozenset(VOCAB.issuer_codes) | VOCAB.central_issuer_codes
    p["canonical_re"] = re.compile(
        "|".join(map(re.escape, sorted(p["canonical_case"], key=len, reverse=True))) or "(?!)"
    )
    return p


_START = operator.methodcaller("start")
_START_ATTR = operator.attrgetter("start")
_WORD = re.compile(r"\w")
_PARTY_TYPE = re.compile(r"\d+(?:[A-Za-z]?-|(?=[A-ZĐ][A-Za-zĐ]))([^/]+)/")   # (the hyphen lost: "298KH/TWĐTN")
_TERM = re.compile(r"\s*\((?:khóa|khoá|nhiệm kỳ)[^)]{0,20}\)")
_SEP = re.compile(r"[/\-]")
_LIST_GAP = re.compile(r"\s*(?:,|và|,\s*và)?\s*")
_NOT_DOC_BEFORE = re.compile(r"(?:mẫu|biểu|phụ lục|điều|khoản|điểm|tiêu chí|chỉ tiêu)\s*(?:số\s*)?:?\s*$")
_NOT_DOC_WORDS = ("mẫu", "biểu", "phụ lục", "điều", "khoản", "điểm", "tiêu chí", "chỉ tiêu")


_DUP_SYMBOL = re.compile(r"[ \t]+([A-ZĐ][A-Za-zĐđ]*(?:[/\-][A-ZĐ][A-Za-zĐđ0-9]*)+)(?![\w/])")
_CODE_PARTS = re.compile(r"([/\-])")


# "Ngày 14/7/2016, UBND tỉnh ban hành Quyết định số …", "ngày 28 tháng 6 năm 2024, tại Kỳ họp thứ 7, Quốc hội
# đã thông qua Luật Thủ đô (Luật số …": a narrative that gives the date before the document
_DATE_BEFORE = re.compile(
    r"(?:^|[.;:\n]\s*|,\s+|\b(?:và|đến)\s+)[Nn]gày\s+(?:(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*,?\s+năm\s+(?P<y2>\d{4}))\s*,\s*"
    r"(?P<mid>[^;\n/]{0,160}?)\s+(?:đã\s+)?(?:ký\s+)?(?:ban\s+hành|thông\s+qua|phê\s+duyệt|ký)\s+"
    r"(?:[^;\n/()]{0,80}\(\s*)?$")


def _date_before(text: str, mt: Mention) -> None:
    lo = max(0, mt.start - 300)
    k = text.rfind("gày", lo, mt.start)   # (no "ngày" before it: nothing to look at)
    if k == -1:
        return
    near = text[max(k, mt.start - 100):mt.start]   # the verb stands at most ~90 characters before the mention
    if "ban" not in near and "thông" not in near and "duyệt" not in near and "ký" not in near:
        return
    # (its "[Nn]gày" stands after a punctuation mark, "và" or "đến" and a whitespace run, or at the start)
    m = search_before(_DATE_BEFORE, text, ("ngày", "Ngày"), 3, "\n", max(lo, k - 40), mt.start)
    if not m:
        return
    mt.date = _parse_date(m)
    if not mt.issuer:
        mid = m.group("mid").rsplit(",", 1)[-1].strip()
        if mid[:1].isupper() and len(mid) < 90:
            mt.issuer_raw = mid
            mt.issuer = normalise_org(mid)


def _canonical_code(code: str, canon: dict[str, str]) -> str:
    """'19/CT-TTG' -> '19/CT-TTg': a segment written in capitals takes the symbol's usual spelling."""
    parts = _CODE_PARTS.split(code)
    if not canon.keys().isdisjoint(parts):
        return "".join(canon.get(seg, seg) for seg in parts)
    return code


def _not_doc_before(before: str) -> bool:
    """``_NOT_DOC_BEFORE.search(before)`` with string operations (the regex tries every position):
    the text ends with one of the words, then optional "số", optional ":", spaces anywhere between.
    (No word ends in "số", so an "số" before the end is never part of the word.)"""
    b = before.rstrip()
    if b.endswith(":"):
        b = b[:-1].rstrip()
    if b.endswith("số"):
        b = b[:-2].rstrip()
    return b.endswith(_NOT_DOC_WORDS)
_SO_TAIL = ("số:", "số", "Số:", "Số", "SỐ:", "SỐ", "số.", "(")
# the tails by their last character: no tail is a suffix of another, so a string ends with at most one
_SO_BY_LAST = {c: tuple(t for t in _SO_TAIL if t[-1] == c) for c in dict.fromkeys(t[-1] for t in _SO_TAIL)}
_SO_LASTS = "".join(_SO_BY_LAST)


def _strip_so(w: str, rounds: int = 2) -> tuple[str, bool]:
    """``w`` without up to two (``rounds``) trailing "số"/"(" marks, and whether a "số" was among them.

    >>> _strip_so("Quyết định số"), _strip_so("Luật (")
    (('Quyết định', True), ('Luật', False))
    """
    had_so = False
    for _ in range(rounds):
        for t in _SO_BY_LAST.get(w[-1:], ()):
            if w.endswith(t):
                if len(w) != len(t) and w[-len(t) - 1].isalnum():
                    return w, had_so   # (the one tail it ends with is inside a word: nothing more to strip)
                w = w[: -len(t)].rstrip()
                had_so = had_so or t != "("
                break
        else:   # nothing stripped: a second pass would strip nothing either
            break
    return w, had_so


def type_before(text: str, pos: int) -> tuple[str, int] | None:
    """The type word ending just before ``pos`` ("Quyết định số |23-QĐ/TW"): (word, start) or None.

    Pure string work on the last few words (much faster than a regex alternation scanning back).

    >>> type_before("Căn cứ Quyết định số 23-QĐ/TW", 21), type_before("QĐ số 12/QĐ-UBND", 6)
    (('Quyết định', 7), ('QĐ', 0))
    """
    got = _type_before(text, pos)
    return None if got is None else got[:2]


def _without_so(w: str, glued: bool) -> tuple[str, bool]:
    """``w`` without its trailing "số" marks (``_strip_so``), and whether it had one; ``glued``: a number
    follows ``w`` with no space (a "số" cut to "s" counts then: "Quyết định s45/QĐ-TTg").

    >>> _without_so("Quyết định số", False), _without_so("Quyết định s", True), _without_so("Kế hoạch", False)
    (('Quyết định', True), ('Quyết định', True), ('Kế hoạch', False))
    """
    if w.endswith(" số"):   # the common "… số 12/KH": its first tail stripped here, a second one looked for
        w = w[:-3].rstrip()
        if w[-1:] in _SO_LASTS:
            w = _strip_so(w, 1)[0]
        return w, True
    if glued and w.endswith(" s"):
        return w[:-2].rstrip(), True
    if w[-1:] in _SO_LASTS:   # (most other words end in no tail: no call)
        return _strip_so(w)
    return w, False


def _type_before(text: str, pos: int) -> tuple[str, int, str | None] | None:
    # type_before's (word, start) and the type the word names (None for an abbreviation: "QĐ số")
    p = _patterns()
    lo = pos - 60 if pos > 60 else 0
    w, had_so = _without_so(text[lo:pos].rstrip(), text[pos - 1:pos] == "s" and text[pos:pos + 1].isdigit())
    words = w.rsplit(None, 4)   # (only the last four words are looked at)
    if not words:
        return None
    if "(" in w or "“" in w or '"' in w:   # "(Luật số 39/2024/QH15)": the bracket is not part of the word
        words = [x.lstrip("(“\"") or x for x in words]
    last = words[-1]
    if had_so and last in p["abbrev"]:      # "QĐ số 12/QĐ-UBND"
        return last, lo + w.rfind(last), p["type_words"].get(last.lower())
    type_words = p["type_words"]
    for n in p["type_lengths_by_last"].get(last.lower(), ()):
        if len(words) < n:
            continue
        cand = " ".join(words[-n:]) if n > 1 else last
        canon = type_words.get(cand.lower())
        if canon:
            if w.endswith(cand):   # (single spaces between the words: the first one starts there)
                return cand, lo + len(w) - len(cand), canon
            # start offset: find the first of those n words from the right
            k = len(w)
            for word in reversed(words[-n:]):
                k = w.rfind(word, 0, k)
            return cand, lo + k, canon
    return None


def _valid_segment(seg: str) -> bool:
    lower = sum(map(str.islower, seg))
    if lower > 1 and lower > sum(map(str.isupper, seg)) + 1 and seg not in ("TTg", "CTr", "QĐi", "QyĐ", "TTr", "TrS"):
        return False
    return seg.isascii() or all(ch.isascii() or ch in "Đđ" for ch in seg)


def code_type(code: str) -> str | None:
    """The document type a code implies: '23-QĐ/TW' -> 'Quyết định', '2953/UBND-NC' -> 'Công văn'.

    >>> code_type("12/KH-UBND"), code_type("35-CT/TW"), code_type("12/2024/QH15")
    ('Kế hoạch', 'Chỉ thị', 'Luật')
    """
    p = _patterns()
    m = _PARTY_TYPE.match(code)
    if m:
        return p["party_types"].get(m.group(1))
    parts = code.split("/")
    rest = parts[-1]
    if len(parts) == 3:  # number/year/...
        first = rest.split("-")[0]
        if first.startswith("QH"):
            return "Luật"
        return p["state_types"].get(first) or None
    first = rest.split("-")[0]
    if first in p["state_types"] and "-" in rest:
        return p["state_types"][first]
    return "Công văn"


def _parse_date(m: re.Match) -> str | None:
    # (the two forms' groups are in two alternatives: the first form's month is there or none of its groups)
    d, mo, y = m.group("d", "m", "y")
    if mo is None:
        d, mo, y = m.group("d2", "m2", "y2")
    if y is not None and len(y) == 5:   # (a year split by a space: _SPLIT_YEAR)
        y = y.replace(" ", "")
    return _date_text(d, mo, y)


@lru_cache(maxsize=4096)
def _date_text(d: str | None, mo: str | None, y: str | None) -> str | None:
    """A date's day, month and year as written, as "YYYY-MM-DD" ("YYYY-MM" without a day); None when not
    a date. Cached: a plan repeats its dates, and the same dates recur from plan to plan.

    >>> _date_text("5", "1", "2024"), _date_text(None, "12", "2023"), _date_text("32", "1", "2024")
    ('2024-01-05', '2023-12', None)
    >>> _date_text("18", "3", "24")
    '2024-03-18'

    """
    if y is not None and len(y) == 2:   # ("18/3/24": this century)
        y = "20" + y
    try:
        mo_i = int(mo)
        if not 1 <= mo_i <= 12:
            return None
        if d:
            d_i = int(d)
            if not 1 <= d_i <= 31:
                return None
            return f"{int(y):04d}-{mo_i:02d}-{d_i:02d}"
        return f"{int(y):04d}-{mo_i:02d}"
    except (TypeError, ValueError):
        return None


def _issuer_at(text: str, pos: int) -> tuple[str | None, int]:
    p = _patterns()
    m = p["issuer_after"].match(text, pos)
    if not m:
        return None, pos
    return _issuer_from(text, m.end(), pos, p)


def _issuer_from(text: str, s: int, pos: int, p: dict) -> tuple[str | None, int]:
    # _issuer_at's issuer when its "của/giữa/do" ends at ``s``
    limit = min(len(text), s + 140)
    stop = p["issuer_stop"].search(text, s, limit)
    e = stop.start() if stop else limit
    if stop is not None and _may_cut_a_name(text, e):
        e = _past_body_names(text, s, e, limit, p)
    # "giữa A và B": keep the "và"
    raw = text[s:e].strip()
    if not raw or len(raw) < 2 or not (raw[0].isupper() or raw.startswith(("các", "cơ quan"))):
        return None, pos
    # a trailing "(khóa XI)" belongs to the issuer
    k = _TERM.match(text, e, e + 30)
    if k:
        e = k.end()
    return raw, e


def _may_cut_a_name(text: str, e: int) -> bool:
    # an issuer's stop that a body's name may hold ("và", a dash, a comma, a capitalised stop word: "Bộ Kế
    # hoạch và Đầu tư", "Bộ Văn hóa, Thể thao và Du lịch"); most issuers stop at "về", "ngày", ";", "."
    nxt = text[e:e + 4].lstrip()
    return nxt[:1] in _NAME_STOPS or nxt.startswith("và") or nxt[:1].isupper()


_NAME_STOPS = frozenset(",-–—")


def _past_body_names(text: str, s: int, e: int, limit: int, p: dict) -> int:
    """Where an issuer read from ``s`` ends when its stop at ``e`` falls inside a known body's name
    (lexicon "body_names"): the next stop after that name ("của Bộ Kế hoạch và Đầu tư về …").

    >>> t = "của Bộ Lao động - Thương binh và Xã hội về việc"
    >>> p = _patterns(); t[4:_past_body_names(t, 4, 15, len(t), p)]
    'Bộ Lao động - Thương binh và Xã hội'
    """
    for _ in range(4):   # (a few names in a row at most: "Bộ Tài chính và Bộ Kế hoạch và Đầu tư")
        name = _body_name_across(text, s, e, limit, p)
        if name is None:
            return e
        stop = p["issuer_stop"].search(text, name.end(), limit)
        e = stop.start() if stop else limit
        if stop is None:
            return e
    return e


def _body_name_across(text: str, s: int, e: int, limit: int, p: dict) -> re.Match | None:
    # the known body's name that starts in [s, e) and ends after e: matched only at the words that start
    # with a head word's first letter, from the nearest (a name is some 50 characters at most)
    heads = p["body_head_letters"]
    k = e
    lo = max(s, e - 80)
    while k > lo:
        k = text.rfind(" ", lo, k)
        if k < 0:
            break
        if text[k + 1:k + 2] in heads:
            b = p["body_name"].match(text, k + 1, limit)
            if b is not None and b.end() > e:
                return b
    if text[lo:lo + 1] in heads and (lo == 0 or not text[lo - 1].isalnum()):
        b = p["body_name"].match(text, lo, limit)
        if b is not None and b.end() > e:
            return b
    return None


def find_mentions(text: str) -> list[Mention]:
    """Every numbered mention of a document ("Chỉ thị số 05/CT-TTg ngày 1/2/2024 của Thủ tướng Chính phủ
    về …"): code, type, date, issuer, subject; forms and annexes ("Mẫu số 01/KH") left out.

    >>> [(m.code, m.type, m.date, m.issuer, m.title) for m in find_mentions(
    ...     "Căn cứ Chỉ thị số 05/CT-TTg ngày 01/02/2024 của Thủ tướng Chính phủ về phòng chống dịch;")]
    [('05/CT-TTg', 'Chỉ thị', '2024-02-01', 'Thủ tướng Chính phủ', 'phòng chống dịch')]
    """
    p = _patterns()
    out: list[Mention] = []
    cands = code_candidates(text)   # (the subjects' windows are searched from them too)
    nxt = None   # (position, _type_before there) of the code a subject stopped at: most often the next mention
    no_form = p["type_word_is_no_form"]   # (a type word before a code: no "Mẫu số" there)
    for m in _with_spaced_party(text, iter_codes(text, cands=cands), p):
        cs, ce = m.span("code")
        got = _number_of(text[cs:ce].replace(" ", ""))
        if got is None:
            continue
        code, number = got
        if text[ce:ce + 1] == " " and (split := _split_issuer(text, ce, code, out, p)):
            code, ce = split
        tb = nxt[1] if nxt is not None and nxt[0] == cs else _type_before(text, cs)
        if (not tb or not no_form) and _not_doc_before(text[max(0, cs - 20):cs].lower()):
            continue
        tword, start, typ = tb if tb else (None, cs, None)
        # (every word of the vocabulary's own_number group starts with "S": a test checks it)
        own = text.find("S", max(0, cs - 12), cs) != -1 and bool(p["own_before"].search(text, max(0, cs - 12), cs))
        # (positional, half the cost of keywords; a test pins Mention's field order)
        mt = Mention(code, start, ce, cs, typ or code_type(code), tword, None, None, None, 0, None, "code", own, number)
        pos = _read_date_and_issuer(text, mt, ce, p)
        mt.tail_end = pos
        mt.title, nxt = _subject_after(text, pos, p, cands)
        # (a list's last number stands after "," or "và": tested on the few characters before it first)
        if cs > 2 and not mt.own and text[max(0, cs - 5):cs].rstrip().endswith((",", "và")):
            out.extend(_shared_symbol(text, mt))
        out.append(mt)
    if out and _ONLY_SPACE.match(text, out[-1].end):
        _drop_cut_code(out)
    if out:
        out = _without_site_notes(text, out, p)
    _share_issuers(text, out)
    _group_heads(text, out)
    return out


_ONLY_SPACE = re.compile(r"\s*\Z")
# a Party code with a space for its hyphen: "298 KH/TWĐTN" (read where a type word or "số" stands before it)
_SPACED_PARTY = re.compile(r"(?P<code>\d{1,5} (?P<type>[A-ZĐ][A-Za-zĐ]{1,3})/" + SEG + MORE + r")(?![\w/]|[-–—][\w])")
_SO_BEFORE = re.compile(r"(?<![^\W\d_])(?<![Tt]ổng )[sS]ố:? $")


def _with_spaced_party(text: str, codes, p: dict):
    """The code matches ``codes`` with, in text order, the Party codes written with a space for their hyphen
    ("Kế hoạch số 298 KH/TWĐTN"): the type is a Party type code, a type word or "số" stands right before the
    number (so that "tổ 3 KH/…" or "năm 2020 CT/TW" is none).

    >>> [m.group("code") for m in _with_spaced_party("Kế hoạch số 31 KH/TWĐTN, 2 CT/TW", iter(()), _patterns())]
    ['31 KH/TWĐTN']
    """
    extra = []
    for mark in _CODE_MARK.finditer(text):
        t = mark.start()
        while t > 0 and text[t - 1].isalpha() and mark.start() - t < 4:
            t -= 1
        if t < 2 or text[t - 1] != " " or not text[t - 2].isdecimal():
            continue
        d = t - 2
        while d > 0 and text[d - 1].isdecimal() and t - d < 6:
            d -= 1
        if d > 0 and (text[d - 1].isalnum() or text[d - 1] in "/.-"):
            continue
        m = _SPACED_PARTY.match(text, d)
        if m is None or m.group("type") not in p["party_types"]:
            continue
        if _type_before(text, d) is not None or _SO_BEFORE.search(text, max(0, d - 5), d):
            extra.append(m)
    # (no generator of its own around ``codes``: most texts have no such code, and each layer costs per code)
    return heapq.merge(codes, extra, key=_START) if extra else codes
# the national motto that opens a printed header (a site's notes come before it)
_MOTTO = re.compile(r"CỘNG\s+H[OÒ]A\s+XÃ\s+HỘI|Cộng\s+hòa\s+xã\s+hội")


def _without_site_notes(text: str, out: list[Mention], p: dict) -> list[Mention]:
    """The mentions but those in a legal site's status note above the plan's header: a line that says what
    repeals, replaces or amends the document or that it is no longer in force ("bị bãi bỏ, thay thế bởi Kế
    hoạch số …", "Tình trạng: Hết hiệu lực"), before the national motto the header opens with. A plan's own
    "Kế hoạch này thay thế …" stands after its header and is kept; so is everything in a text without one.

    >>> t = "Văn bản này bị thay thế bởi Kế hoạch số 9/KH-UBND.\\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\n"
    >>> [m.code for m in find_mentions(t + "Căn cứ Kế hoạch số 9/KH-UBND của UBND tỉnh;")]
    ['9/KH-UBND']
    """
    if out[0].start > 6000:
        return out   # (a site's notes stand at the top of the page)
    motto = _MOTTO.search(text, 0, 10000)   # (the first: a note after it is the plan's own wording)
    if motto is None or out[0].start >= motto.start():
        return out
    top = motto.start()
    noted = {id(m) for m in out if m.start < top and p["site_note"].search(
        text, text.rfind("\n", 0, m.start) + 1, min(top, _line_end(text, m.end)))}
    return [m for m in out if id(m) not in noted] if noted else out


def _line_end(text: str, pos: int) -> int:
    e = text.find("\n", pos)
    return len(text) if e == -1 else e


# the rest of an issuer code after a space: a few capitals that end a word ("BGD ĐT" of "TT-BGD ĐT")
_ISSUER_REST = re.compile(r" ([A-ZĐ]{1,4})(?![\w/&]|[-–—]\w)")


def _split_issuer(text: str, ce: int, code: str, out: list[Mention], p: dict) -> tuple[str, int] | None:
    """The code and its end when a space splits its last segment ("01/2016/TT-BGD ĐT"): the segment and the
    capitals after the space make a known issuer code, or the code joined is one named before; else None.

    >>> [m.code for m in find_mentions("Thông tư 02/2019/TT-BGD ĐT ngày 3/1/2019 của Bộ Giáo dục và Đào tạo")]
    ['02/2019/TT-BGDĐT']
    """
    m = _ISSUER_REST.match(text, ce)
    if m is None:
        return None
    joined = code + m.group(1)
    last = _CODE_PARTS.split(joined)[-1]
    if last in p["whole_issuers"] or any(o.code == joined for o in out):
        return joined, m.end()
    return None


def _drop_cut_code(out: list[Mention]) -> None:
    """Drop the last mention when the text's end cuts its code: the text ends with it, and it is the start
    of a longer code named before ("… Quyết định số 77/QĐ-T" where 77/QĐ-TTg is cited). A code the end
    touches that is no such start is kept: a complete code may end a short text, and nothing tells it cut.

    >>> [m.code for m in find_mentions("Quyết định số 77/QĐ-TTg của Thủ tướng; Quyết định số 77/QĐ-T")]
    ['77/QĐ-TTg']
    """
    last = out[-1].code
    if any(m.code != last and m.code.startswith(last) for m in out[:-1]):
        out.pop()


# numbers listed after "số" before the one that carries the symbol: "các Quyết định số 1234, 1235/QĐ-UBND"
_NUMBER_LIST = re.compile(r"(?<![^\W\d_])[sS]ố:?\s+((?:\d{1,5}[A-Za-z]?\s*(?:,|và|,\s*và)\s+)+)$")
_LISTED = re.compile(r"\d{1,5}[A-Za-z]?")


def _shared_symbol(text: str, mt: Mention) -> list[Mention]:
    """The documents numbered before ``mt`` in a list that shares its symbol, date and issuer ("các Quyết định
    số 1234, 1235/QĐ-UBND ngày 20/3/2024": 1234/QĐ-UBND too), as mentions of their own number.

    >>> t = "Căn cứ các Quyết định số 1234, 1235/QĐ-UBND ngày 20/3/2024 của UBND tỉnh"
    >>> [(m.code, m.date, m.issuer, t[m.start:m.end]) for m in find_mentions(t)]
    [('1234/QĐ-UBND', '2024-03-20', 'UBND tỉnh', '1234'), ('1235/QĐ-UBND', '2024-03-20', 'UBND tỉnh', '1235/QĐ-UBND')]
    """
    cs = mt.code_start
    lst = _NUMBER_LIST.search(text, max(0, cs - 80), cs)
    if lst is None or _type_before(text, lst.start(1)) is None:   # (a type word before "số": "tổng số 5, 12/KH")
        return []
    symbol = mt.code[len(mt.number):]
    out = []
    for n in _LISTED.finditer(text, lst.start(1), lst.end(1)):
        got = _number_of(n.group() + symbol)
        if got is None:
            return []
        out.append(Mention(got[0], n.start(), n.end(), n.start(), mt.type, None, mt.date, mt.issuer, mt.issuer_raw,
                           mt.tail_end, mt.title, "code", False, got[1]))
    return out


def canonical_spelling(written: str) -> str:
    """A code as written, spelled as codes are compared: an en or em dash as a hyphen, a symbol written in
    capitals as it is usually spelled ("TTG" -> "TTg").

    >>> canonical_spelling("19/CT–TTG"), canonical_spelling("21–NQ/BCH"), canonical_spelling("152/QĐ—UBND")
    ('19/CT-TTg', '21-NQ/BCH', '152/QĐ-UBND')
    """
    p = _patterns()
    code = written.replace("–", "-").replace("—", "-")
    if p["canonical_re"].search(code) is not None:   # (a capitalised mixed-case symbol is rare)
        code = _canonical_code(code, p["canonical_case"])
    return code


@lru_cache(maxsize=4096)
def _number_of(written: str) -> tuple[str, str] | None:
    """_document_code's code and the number it starts with; None when no document has such a number.

    >>> _number_of("19/CT–TTG"), _number_of("01/KH")
    (('19/CT-TTg', '19'), None)
    """
    code = _document_code(written)
    return None if code is None else (code, _NUMBER.match(code).group())


@lru_cache(maxsize=4096)
def _document_code(written: str) -> str | None:
    """A code as written, in its canonical spelling; None when no document has such a number (its
    symbol's segments, or a form's or an annex's "01/KH"). Cached: a plan repeats its codes, and the
    same symbols recur from plan to plan.

    >>> _document_code("19/CT–TTG"), _document_code("01/KH"), _document_code("3/Abcdef")
    ('19/CT-TTg', None, None)
    """
    p = _patterns()
    code = canonical_spelling(written)
    segs = [s for s in _SEP.split(code)[1:] if not s.isdigit()]
    if not segs or not all(_valid_segment(s) for s in segs):
        return None
    # "Mẫu số 01/KH", "Phụ lục 02/BC": a form or an annex, not a document
    if len(segs) == 1 and "/" in code and code.count("/") == 1 and segs[0] in p["state_types"]:
        return None
    return code


def _read_date_and_issuer(text: str, mt: Mention, pos: int, p: dict) -> int:
    """Set the mention's date and issuer from what follows its code (or precedes it); return where its
    tail ends."""
    # (the symbol written again starts with a space or a tab and then one more or a capital)
    if text.startswith((" ", "\t"), pos) and not text[pos + 1:pos + 2].islower():
        dup = _DUP_SYMBOL.match(text, pos)
        if dup and mt.code.endswith(dup.group(1)):   # "37-NQ/TW NQ/TW ngày …": the symbol written twice
            pos = dup.end()
    # the date and the issuer's "của/giữa/do" after it, or either: one match
    di = p["date_issuer"].match(text, pos)
    iss = None
    if di.end("date") != -1:
        mt.date = _parse_date(di)
        pos = di.end("date")
    if di.end("intro") != -1:
        iss, ipos = _issuer_from(text, di.end(), pos, p)
    if iss:
        mt.issuer_raw = iss
        mt.issuer = normalise_org(iss)
        pos = ipos
        if not mt.date:  # "... của Bộ Chính trị ngày 30/7/2021"
            dm = p["date_after"].match(text, pos)
            if dm:
                mt.date = _parse_date(dm)
                pos = dm.end()
    else:
        ib = p["issuer_before"].search(text, max(0, mt.start - 100), mt.start)
        if ib:
            mt.issuer_raw = ib.group("iss").strip()
            mt.issuer = normalise_org(mt.issuer_raw)
        elif text.endswith("hành ", max(0, mt.start - 12), mt.start):
            _subject_issuer(text, mt, p)
    if not mt.date:
        _date_before(text, mt)
    return pos


# "UBND tỉnh X đã ban hành Kế hoạch số …": the issuing verb right before the mention, its subject before it
_ISSUING_VERB = re.compile(r"\s+(?:đã\s+|vừa\s+)?(?:ký\s+)?ban\s+hành\s+$")
_CLAUSE_END = re.compile(r"[.;:\n(]")


def _subject_issuer(text: str, mt: Mention, p: dict) -> None:
    """Set the issuer of a mention written as the object of an issuing verb whose subject is a body
    ("…, UBND tỉnh X đã ban hành Kế hoạch số 8/KH-UBND"): the first body named in the clause whose
    name, read as an issuer is read, runs up to the verb, with no verb of another body's between
    ("Sở X tham mưu UBND tỉnh ban hành …": UBND tỉnh's).

    >>> m = find_mentions("Năm 2020, Ban Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 5-CT/TU về việc")[0]
    >>> m.issuer
    'Ban Thường vụ Tỉnh ủy'
    """
    lo = max(0, mt.start - 160)
    v = _ISSUING_VERB.search(text, lo, mt.start)
    if v is None:
        return
    vs = v.start()
    c0 = lo
    for c0m in _CLAUSE_END.finditer(text, lo, vs):
        c0 = c0m.end()
    for o in p["org"].finditer(text, c0, vs):
        c = o.start()
        if (c and text[c - 1].isalnum()) or p["subject_break"].search(text, c, vs):
            continue
        iss, e = _issuer_from(text, c, c, p)
        if iss and vs <= e < v.end():   # (up to the verb: "đã" stops an issuer, "vừa" does not)
            mt.issuer_raw = text[c:vs].strip()
            mt.issuer = normalise_org(mt.issuer_raw)
            return


def _subject_after(text: str, pos: int, p: dict, cands: list[int] | None = None):
    """The subject after a mention's tail ("về phòng chống dịch"), up to the sentence's end or the next
    code; and (the next code's start, ``_type_before`` there) when that code ended it, else None."""
    sm = p["subject"].match(text, pos)
    if not sm:
        return None, None
    se = sm.end()
    # (a stop at or after se + 300 changes nothing: the windows end there, one more for ". ")
    e = min(len(text), se + 300)
    for stop in (";", "\n", ". "):
        k = text.find(stop, se, e + 1)
        if k != -1 and k < e:
            e = k
    nxt = None
    code = next(iter_codes(text, se, e, cands), None)   # (only its start is used)
    if code is not None:
        c = code.start()
        tb2 = _type_before(text, c)
        nxt = c, tb2
        e = max(se, tb2[1]) if tb2 else c
    title = text[se:e].strip(" ,;:“”\".")
    return title or None, nxt


# "Căn cứ các Quyết định của Thủ tướng Chính phủ: số 749/QĐ-TTg …; số 411/QĐ-TTg …": the type and the
# issuer before the list are each item's
_GROUP_HEAD = re.compile(
    r"các\b(?<!\wcác)\s+(?P<tw>[A-ZĐa-zđ][^\W\d_]*(?:\s+[^\W\d_]+){0,3}?)\s+(?:(?:của|do)\s+(?P<iss>[^:;\n]{3,100}?)\s*)?:"
)


def _group_heads(text: str, ms: list[Mention]) -> None:
    # (no search of the whole text first: only the paragraphs of mentions lacking a type word or an
    # issuer are read, and most plans have few or none)
    p = _patterns()
    memo: dict[int, re.Match | None] = {}
    for m in ms:
        if m.own or (m.type_word and m.issuer):
            continue
        para = text.rfind("\n", 0, m.start) + 1
        if para not in memo:
            head = None
            k = text.find("các ", para, m.start)
            while k != -1 and head is None:
                g = _GROUP_HEAD.match(text, k)
                if g and g.end() <= m.start and p["type_words"].get(" ".join(g.group("tw").lower().split())):
                    head = g
                k = text.find("các ", k + 4, m.start)
            memo[para] = head
        g = memo[para]
        if g is None or g.end() > m.start or ". " in text[g.end():m.start]:
            continue
        if not m.type_word:
            m.type = p["type_words"][" ".join(g.group("tw").lower().split())]
        if not m.issuer and g.group("iss"):
            m.issuer_raw = g.group("iss").strip()
            m.issuer = normalise_org(m.issuer_raw)


def _share_issuers(text: str, ms: list[Mention]) -> None:
    """'Quyết định số 217-QĐ/TW, Quyết định số 218-QĐ/TW của Bộ Chính trị': both are the Bộ Chính trị's."""
    for i in range(len(ms) - 2, -1, -1):
        a, b = ms[i], ms[i + 1]
        if a.issuer or a.own:
            continue
        # Only a list of documents of one issuer shares it: "33/CT-TTg, Kết luận số
        # 114-KL/TW … của Ban Bí thư" must not make the Prime Minister's directive the Ban Bí thư's.
        if _issuer_code(a.code) != _issuer_code(b.code):
            continue
        gap = text[a.tail_end:b.start]
        if _LIST_GAP.fullmatch(gap):
            a.issuer, a.issuer_raw = b.issuer, b.issuer_raw
            a.date = a.date or b.date


_PARTY_LEAD = re.compile(r"^\d+[A-Za-z]?-")


def _issuer_code(code: str) -> str:
    """The issuer part of a code: 'TW' of '23-QĐ/TW', 'TTg' of '33/CT-TTg', 'UBND-NC' of '2953/UBND-NC'."""
    c = code.replace("–", "-").replace("—", "-")
    if _PARTY_LEAD.match(c):          # Party: number-TYPE/ISSUER
        return c.split("/", 1)[-1].upper()
    tail = c.split("/")[-1]             # State: number[/year]/TYPE-ISSUER or number/ISSUER-UNIT
    return (tail.split("-", 1)[-1] if "-" in tail else tail).upper()


class SpanSet:
    """Half-open ``[start, end)`` spans with an overlap test whose cost does not grow with the number
    of spans held: each span is filed under the fixed-size buckets of text it touches, and a test
    looks only at the spans filed under its own buckets. The spans held here (mentions, short-form
    uses) do not overlap one another and are short, so a bucket holds a bounded number of them and
    a whole plan is checked in time linear in its length (a list of spans, scanned per test, made
    the short forms of a long text quadratic). ``compared`` counts the span comparisons made.

    >>> s = SpanSet([(0, 5)]); s.add(300, 310)
    >>> s.overlaps(4, 6), s.overlaps(5, 300), s.overlaps(309, 400)
    (True, False, True)
    """

    BUCKET = 256
    __slots__ = ("_buckets", "_pending", "compared")

    def __init__(self, spans=()):
        self._buckets: dict[int, list[tuple[int, int]]] = {}
        self.compared = 0
        # filed on first use: most plans never test an overlap (no short form, no bare number)
        self._pending = spans

    def _file_pending(self) -> None:
        pending, self._pending = self._pending, None
        buckets = self._buckets
        for start, end in pending:
            k0, k1 = start >> 8, (end - 1) >> 8       # (BUCKET = 256)
            if k1 <= k0:
                got = buckets.get(k0)
                if got is None:
                    buckets[k0] = [(start, end)]
                else:
                    got.append((start, end))
            else:
                for k in range(k0, k1 + 1):
                    buckets.setdefault(k, []).append((start, end))

    def add(self, start: int, end: int) -> None:
        """Hold ``[start, end)`` too.

        >>> s = SpanSet(); s.add(10, 20); s.overlaps(19, 30), s.overlaps(20, 30)
        (True, False)
        """
        if self._pending is not None:
            self._file_pending()
        k0, k1 = start >> 8, (end - 1) >> 8       # (BUCKET = 256)
        span = (start, end)
        if k1 <= k0:
            self._buckets.setdefault(k0, []).append(span)
            return
        for k in range(k0, k1 + 1):
            self._buckets.setdefault(k, []).append(span)

    def overlaps(self, start: int, end: int) -> bool:
        """Does a held span share a position with ``[start, end)`` (``s < end and start < e``)?

        >>> SpanSet([(0, 300)]).overlaps(299, 600), SpanSet([(0, 300)]).overlaps(300, 600)
        (True, False)
        """
        if self._pending is not None:
            self._file_pending()
        get = self._buckets.get
        k0, k1 = start >> 8, (end - 1) >> 8
        for k in (k0,) if k1 <= k0 else range(k0, k1 + 1):
            for s, e in get(k, ()):
                self.compared += 1
                if s < end and start < e:
                    return True
        return False


def _alias_pattern(alias: str) -> str:
    words = alias.split()
    rx = r"\s+".join(re.escape(w) if w.lower() != "số" else r"(?:số)" for w in words)
    rx = rx.replace(r"\s+(?:số)\s+", r"\s+(?:số\s+)?")
    return r"(?<![\w])" + rx + r"(?![\w]|/\w|-\w)"


_ASCII_DIGITS = re.compile(r"[0-9]+")


def _alias_uses(text: str, alias: str, rx: str):
    """The matches of ``re.compile(rx, re.I).finditer(text)`` (``rx``: ``_alias_pattern(alias)``).

    A short form with a number ("Chỉ thị 33") is looked for where its digits are: digits have no case,
    so every use holds them, and its words before them can be read back (scan.word_starts_before); a
    case-insensitive pattern led by a lookbehind is otherwise tried at every position.

    >>> [u.span() for u in _alias_uses("Chỉ thị 33; chỉ  THỊ 33", "Chỉ thị 33", _alias_pattern("Chỉ thị 33"))]
    [(0, 10), (12, 23)]
    """
    pattern = re.compile(rx, re.I)
    words = alias.split()
    runs = [(len(d), -k, d) for k, w in enumerate(words) for d in _ASCII_DIGITS.findall(w)]
    if not runs:
        return pattern.finditer(text)
    _n, k, digits = max(runs)   # (the longest run of digits, the first such: the fewest places to try)
    return finditer_at(pattern, text, cands=word_starts_before(text, digits, -k))


# the date/issuer part of a mention is a few hundred characters at most: a short form's target
# (a mention ending at most 400 characters before it) starts within this distance of it
_TARGET_REACH = 1500


def find_aliases(text: str, mentions: list[Mention], spans: SpanSet | None = None) -> list[Mention]:
    """Short forms: '(gọi tắt là Chỉ thị số 33)' binds to the mention just before; later uses are mentions too.

    Linear in the text: each distinct short form is searched for once
    a use goes to the first
    definition (in text order) whose target it follows and overlaps no mention or earlier use.
    ``spans``: the taken spans to check and extend (by default those of ``mentions``).

    >>> t = "Chỉ thị số 33-CT/TW ngày 3/1/2019 (sau đây gọi tắt là Chỉ thị 33). Thực hiện Chỉ thị 33, …"
    >>> [(m.kind, t[m.start:m.end]) for m in find_aliases(t, find_mentions(t))]
    [('alias', 'Chỉ thị 33'), ('alias', 'Chỉ thị 33')]
    """
    if "tắt" not in text:    # every definition says "gọi tắt" or "viết tắt"
        return []
    p = _patterns()
    out: list[Mention] = []
    full = sorted((m for m in mentions if not m.own), key=_START_ATTR)
    starts = [m.start for m in full]
    taken = spans if spans is not None else SpanSet((m.start, m.end) for m in full)
    uses: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}   # pattern -> (use starts, use spans)
    done_from: dict[str, int] = {}   # pattern -> first use index an earlier definition has examined
    for d in p["alias_def"].finditer(text):
        alias = d.group("alias").strip()
        if not _WORD.search(alias):
            continue
        ds = d.start()
        target = None
        for i in range(bisect_right(starts, ds) - 1, -1, -1):
            m = full[i]
            if m.start < ds - _TARGET_REACH:
                break
            if m.end <= ds and ds - m.tail_end < 400:
                target = m
                break
        if target is None:
            continue
        rx = _alias_pattern(alias)
        got = uses.get(rx)
        if got is None:
            spans_ = [u.span() for u in _alias_uses(text, alias, rx)]
            got = uses[rx] = ([s for s, _ in spans_], spans_)
            done_from[rx] = len(spans_)
        use_starts, use_spans = got
        # uses from done_from on were examined by an earlier definition: each was taken then, or
        # overlapped a taken span (taken spans are never released), so it would be refused again
        j = bisect_left(use_starts, target.end)
        for s, e in use_spans[j:done_from[rx]]:
            if taken.overlaps(s, e):
                continue
            out.append(Mention(code=target.code, start=s, end=e, code_start=s, type=target.type,
                               kind="alias", number=target.number, target=target, tail_end=e))
            taken.add(s, e)
        done_from[rx] = min(done_from[rx], j)
    out.sort(key=_START_ATTR)
    return out


# A maximal run of ASCII digits followed by what may end a document number. Scanning for every
# run and testing it against the wanted numbers (a set) gives the same matches as a per-document
# alternation of the numbers, without compiling a regex per document: the alternation's lookahead
# forbids a following digit, so it can only ever match a whole run (or a suffix of one, which the
# caller drops as it follows a digit). No leading lookbehind: the engine then skips to digits in C
# (twice as fast); when the lookahead fails at a run's end it fails for every suffix of the run too,
# so a match is always a whole run.
_NUM_RUN = re.compile(r"[0-9]+(?![\d\w/]|-\w|\s*/\s*\d)")
# The same runs, one pattern per first digit (scan.led_by_each; the lookbehind keeps to runs' starts,
# where a suffix would fail the lookahead anyway): only the first digits of the wanted numbers are scanned.
_NUM_RUN_FROM = dict(zip("0123456789", led_by_each("0123456789", r"(?<![0-9].)[0-9]*(?![\d\w/]|-\w|\s*/\s*\d)"),
                         strict=True))


def find_bare(text: str, mentions: list[Mention]) -> list[Mention]:
    """'Chỉ thị số 33' (no symbol) naming exactly one cited document of that type and number.

    >>> t = "Chỉ thị số 33-CT/TW ngày 03/01/2019. Thực hiện Chỉ thị số 33, …"
    >>> [(m.code, m.kind, t[m.start:m.end]) for m in find_bare(t, find_mentions(t))]
    [('33-CT/TW', 'bare', 'Chỉ thị số 33')]
    """
    p = _patterns()
    index: dict[tuple[str, str], set[tuple[str, str | None]]] = {}
    first: dict[tuple[str, str], Mention] = {}
    for m in mentions:
        if m.own or m.kind != "code":
            continue
        key = ((m.type or "").lower(), m.number.lstrip("0") or "0")
        index.setdefault(key, set()).add((m.code, m.date))
        first.setdefault(key, m)
    if not index:
        return []
    taken = SpanSet((m.start, m.end) for m in mentions)
    out: list[Mention] = []
    wanted = {v for k in index for v in (k[1], "0" + k[1], "00" + k[1])}
    for nm in _number_runs(text, wanted):
        bs, key = _bare_use(text, nm, p) or (None, None)
        if key is None or not _names_one_document(index.get(key)) or taken.overlaps(bs, nm.end()):
            continue
        tgt = first[key]
        out.append(Mention(code=tgt.code, start=bs, end=nm.end(), code_start=nm.start(), type=tgt.type,
                           kind="bare", number=tgt.number, target=tgt, tail_end=nm.end()))
        taken.add(bs, nm.end())
    return out


def _number_runs(text: str, wanted: set[str]):
    """Whole digit runs that are ``wanted`` numbers, in text order (a digit-led regex per first digit: fast)."""
    firsts = {w[0] for w in wanted}
    # (the wanted ones kept before sorting: most runs are dates' and list items' numbers)
    runs = [nm for d in firsts for nm in _NUM_RUN_FROM[d].finditer(text) if nm.group(0) in wanted]
    if len(firsts) > 1:
        runs.sort(key=_START)
    return [nm for nm in runs if not (nm.start() and text[nm.start() - 1].isdigit())]


def _bare_use(text: str, nm: re.Match, p: dict) -> tuple[int, tuple[str, str]] | None:
    """(start, (type, number)) when a type word stands right before the number ``nm``."""
    b = type_before(text, nm.start())
    if not b or "(" in text[b[1]:nm.start()]:
        return None
    bs = b[1]
    if bs and text[bs - 1].isalnum():
        return None
    typ = p["type_words"].get(" ".join(b[0].lower().split()), "").lower()
    return bs, (typ, nm.group(0).lstrip("0") or "0")


def _names_one_document(docs: set[tuple[str, str | None]] | None) -> bool:
    # one code, and at most one date among its mentions
    return bool(docs) and len({c for c, _ in docs}) == 1 and len({d for _, d in docs if d}) <= 1


# "Nghị quyết 01 của HĐND xã", "nghị quyết số 05 ngày 12/3/2024": a number without a symbol, named with its
# type (VOCAB.unsymbolled_types) and an issuer or a date. Such a document's code is its number.
# a number of at most 4 digits (not inside a code, a date or a decimal) followed by "của" or "ngày": the
# regex engine skips to digits in C; the type word before it is then read by type_before
_UNSYMBOLLED_AFTER = ("của", "ngày")   # the words a bare number stands before (through "\s*,?\s*")
_UNSYMBOLLED_GAP = WHITESPACE + ","     # (what may stand between, as characters: scan.runs_before)
_UNSYMBOLLED_TAIL = r"(?![\w/\-–]|[.,]\d)(?=\s*,?\s*(?:" + "|".join(_UNSYMBOLLED_AFTER) + r")\s)"
_UNSYMBOLLED_NUM = re.compile(r"\d{1,4}" + _UNSYMBOLLED_TAIL)
# the same runs when they start a number (not after a letter, a digit or "/.,-–": a date's year, a code):
# the test after the first digit keeps most date years from reaching Python
_UNSYMBOLLED_START = not_after(r"[\w/.,\-–]", "[0-9]", r"[0-9]{0,3}" + _UNSYMBOLLED_TAIL)
_UNSYMBOLLED_TYPES_LOWER = frozenset(t.lower() for t in VOCAB.unsymbolled_types)


def _unsymbolled_numbers(text: str):
    """The matches of ``_UNSYMBOLLED_NUM.finditer(text)`` that start a number (the character before is not
    a letter, a digit or one of "/.,-–"): those of ``_UNSYMBOLLED_START``, tried only at the digit runs that
    end, through spaces and commas, just before "của" or "ngày" (scan.runs_before: a literal search).

    >>> [m.group() for m in _unsymbolled_numbers("Nghị quyết 01 của HĐND, năm 2024, ngày 5/1/2024")]
    ['01', '2024']
    """
    cands = runs_before(text, _UNSYMBOLLED_AFTER, "0123456789", _UNSYMBOLLED_GAP)
    return finditer_at(_UNSYMBOLLED_START, text, cands=cands) if cands else iter(())


def find_unsymbolled(text: str, mentions: list[Mention]) -> list[Mention]:
    """Documents named by type and bare number with an issuer or a date ("Nghị quyết 01 của HĐND xã").

    Not when a mention with a full symbol already covers the place, nor when a symbolled document of that
    type and number is cited (then "Nghị quyết số 01" is its short use, find_bare's business).

    >>> [(m.code, m.type, m.issuer) for m in find_unsymbolled("Thực hiện Nghị quyết 01 của HĐND xã An Bình;", [])]
    [('01', 'Nghị quyết', 'HĐND xã An Bình')]
    """
    p = _patterns()
    taken = symbolled = None   # (built for the first number that has a type word before it: most plans have none)
    out: list[Mention] = []
    for u in _unsymbolled_numbers(text):
        ns = u.start()
        num = u.group(0)
        if not _could_be_unsymbolled(text, ns, num):
            continue
        tb = type_before(text, ns)
        if tb is None or " ".join(tb[0].lower().split()) not in _UNSYMBOLLED_TYPES_LOWER:
            continue
        s = tb[1]
        if s and (text[s - 1].isalnum() or "(" in text[s:ns]):
            continue
        typ = p["type_words"].get(" ".join(tb[0].lower().split()))
        if taken is None:
            taken = SpanSet((m.start, m.end) for m in mentions)
            symbolled = {((m.type or "").lower(), m.number.lstrip("0")) for m in mentions if m.kind == "code"}
        if not typ or (typ.lower(), num.lstrip("0")) in symbolled or taken.overlaps(s, u.end()):
            continue
        mt = Mention(code=num, start=s, end=u.end(), code_start=ns, type=typ, type_word=tb[0], number=num)
        pos = _unsymbolled_tail(text, mt, u.end(), p)
        if not (mt.date or mt.issuer):
            continue
        mt.tail_end = pos
        out.append(mt)
        taken.add(s, u.end())
    return out


def _could_be_unsymbolled(text: str, ns: int, num: str) -> bool:
    if ns and (text[ns - 1].isalnum() or text[ns - 1] in "/-–.,"):
        return False
    return not (len(num) == 4 and num[:2] in ("19", "20"))   # "Kế hoạch 2024 của …": a year


def _unsymbolled_tail(text: str, mt: Mention, pos: int, p: dict) -> int:
    """Set an unsymbolled mention's date and issuer from what follows it; return where its tail ends."""
    dm = p["date_after"].match(text, pos)
    if dm:
        mt.date = _parse_date(dm)
        pos = dm.end()
    iss, ipos = _issuer_at(text, pos)
    if iss:
        mt.issuer_raw, mt.issuer = iss, normalise_org(iss)
        pos = ipos
        if not mt.date:
            dm = p["date_after"].match(text, pos)
            if dm:
                mt.date = _parse_date(dm)
                pos = dm.end()
    return pos
