"""The extraction's fast paths give exactly what the plain formulations they replace give.

Each fast path (a literal search instead of a regex scan, a pattern that starts with a literal or a
character class and checks the original in a lookbehind, a string test instead of a regex) is
compared here with the plain formulation on generated texts made of the pieces that matter.
The texts are invented; no seed text is used.
"""
from __future__ import annotations

import re
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.loaders import clean as C
from vanban.loaders import find as F
from vanban.loaders import metadata as M
from vanban.loaders import reporting as R
from vanban.loaders.lexicon import alt, cased, load
from vanban.loaders.pipeline import _Sentences
from vanban.loaders.scan import finditer_at, search_line_start
from vanban.loaders.vocab import VOCAB


def texts(pieces, max_size=14):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


SPACES = [" ", "  ", "\n", "\n\n", "\t", " \n", "\u00a0"]
WORDS = ["x", "Ab", "các", "Các", "số", "Số", ":", ",", ";", ".", ". ", "(", ")", "-", "/", "1", "12", "2023", "0"]


def span(m):
    return None if m is None else m.span()


@settings(max_examples=400, deadline=None)
@given(texts(["mẫu", "phụ lục", "điều", "khoản", "tiêu chí", "chỉ", "tiêu", "số", "số:", ":", "lục", "s",
              "ố"] + SPACES + WORDS))
def test_not_doc_before_is_the_regex(s):
    s = s[-20:].lower()
    assert F._not_doc_before(s) == bool(F._NOT_DOC_BEFORE.search(s))


CODES = ["33/CT-TTg", "23-QĐ/TW", "04/2015/NĐ-CP", "2953/UBND-NC", "12/KH - UBND", "A12/KH", "5/KH–UBND",
         "Số: 45/KH-UBND",
         "01-ĐA/BDVTU-UBND", "１2/KH", "٣3/KH", "x/y", "12/", "-", "–"]


@settings(max_examples=400, deadline=None)
@given(texts(CODES + SPACES + WORDS), st.integers(0, 40))
def test_code_scan_is_code_re(text, pos):
    assert [span(m) for m in F.iter_codes(text, pos)] == [span(m) for m in F.CODE_RE.finditer(text, pos)]
    assert [m.group("code") for m in F.iter_codes(text)] == [m.group("code") for m in F.CODE_RE.finditer(text)]
    a, b = F.CODE_RE.search(text, pos), next(F.iter_codes(text, pos), None)
    assert (a is None) == (b is None) and (a is None or a.span() == b.span())


def _issuer_stop_reference() -> re.Pattern:
    lex = load("lexicon")
    return re.compile(r"\s*[;,.:()“\"”|\t]|\s*   |\s*\n(?=\s*(?:[-+•–]|\d{1,3}[.)]|[IVXL]{1,5}[.\-]|[a-zđ]\)"
                      r"|(?:Căn|Thực|Triển|Theo|Xét|Trên|Để|Nhằm|Qua|Tiếp)\s"
                      r"|(?:UBND|Ủy ban nhân dân|HĐND|Hội đồng nhân dân)\s+" + VOCAB.level_alternation() + r"\b))"
                      r"|\s+-\s|\s+(?:ngày|Ngày)\s*\d"
                      r"|\s+" + alt(cased(lex["issuer_stop_words"])) + r"(?![\w])|\s+"
                      + alt(lex["issuer_stop_capitalised"])
                      + r"(?![\w])|\s+và\s+(?!" + alt(lex["org_start"]) + r")")


@settings(max_examples=400, deadline=None)
@given(texts(["Bộ Chính trị", "Thực hiện", "thực hiện", "và", "và UBND", "về", "ngày", "- a", "1.", "I.", "a)", "•",
              "“", "”", "|", " | ", ")", " )", "\t", "   ",
              "\nCăn cứ", "\n", "Ngày 5", "2", "\nUBND huyện", "\nUBND", " huyện", "\nHĐND xã"]
             + SPACES + WORDS), st.integers(0, 10), st.integers(0, 140))
def test_issuer_stop_starts_as_the_alternation(text, pos, width):
    ref = _issuer_stop_reference()
    end = min(len(text), pos + width)
    a, b = ref.search(text, pos, end), F._patterns()["issuer_stop"].search(text, pos, end)
    assert (a is None) == (b is None) and (a is None or a.start() == b.start())


@settings(max_examples=300, deadline=None)
@given(texts(["Quy chế", "quy chế", "QUY CHẾ", "Quy  chế", "quy\nchế", "Đề án", "đề án", "Luật Thực", "İ", "Σ",
              "quy"] + SPACES
             + WORDS))
def test_finditer_at_is_finditer(text):
    p = re.compile(r"Quy\s+chế|quy\s+chế|QUY\s+CHẾ")
    assert [span(m) for m in finditer_at(p, text, ("Quy", "quy", "QUY"))] == [span(m) for m in p.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(texts(["Nơi nhận", "NƠI NHẬN", "Nơi nhậnx", "TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện", "I. ", "abcdefghijk",
              "- a", "TỔ CHỨC THỰC  HIỆN", "Tổ  chức\tthực hiện"]
             + SPACES + WORDS), st.integers(0, 60))
def test_line_start_searches_are_the_multiline_regexes(text, pos):
    assert span(R._section_search(text)) == span(R._SECTION.search(text) or R._SECTION_SPACED.search(text))
    assert span(search_line_start(R._END, text, R._NOI_NHAN_WORDS, pos)) == span(R._END.search(text, pos))
    got, p = [], 0
    while (m := search_line_start(R._NOI_NHAN, text, R._NOI_NHAN_WORDS, p)) is not None:
        got.append((m.span(), m.group("rest")))
        p = m.end()
    assert got == [(m.span(), m.group("rest")) for m in R._NOI_NHAN.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(texts(["Các sở", "các phòng", "Các xã", "chủ động", "báo cáo", "BÁO CÁO", "gửi kết quả", "gửi  số liệu",
              "Báo\ncáo",
              "căn cứ", "tổ chức", "định kỳ", "x"] + SPACES + WORDS))
def test_reporting_shortcuts_are_the_regexes(clause):
    assert span(R._subject(clause)) == span(R._SUBJECT.search(clause))
    if R._REPORT.search(clause):
        assert R._may_report(clause)


@settings(max_examples=400, deadline=None)
@given(texts(["TM.", "T.M.", "KT.", "Q.", "Q. CHỦ", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "TRƯỞNG", "BÍ THƯ",
              "CHÁNH VĂN PHÒNG",
              "T", "K", "P", "HỦ", "báo cáo UBND tỉnh", "về Ủy ban nhân dân huyện", "về  UBND thị xã", "tỉnh", "về"]
             + SPACES + WORDS))
def test_metadata_scans_are_the_regexes(text):   # (the signature words: test_loaders_meta_fast_paths)
    merged = sorted([*M._REPORT_UP_BC.finditer(text), *M._REPORT_UP_VE.finditer(text)], key=lambda m: m.start())
    assert [m.group(1) for m in merged] == M._REPORT_UP.findall(text)


@settings(max_examples=300, deadline=None)
@given(texts(["1", "12", "033", "0033", "2023", "x", "/", " / 5", "-a", "٣", "²"] + SPACES),
       st.sets(st.sampled_from(["1", "12", "33", "5", "0"])))
def test_digit_runs_per_first_digit_are_the_runs(text, nums):
    wanted = {v for n in nums for v in (n, "0" + n, "00" + n)}
    ref = [m.span() for m in F._NUM_RUN.finditer(text) if m.group(0) in wanted]
    got = sorted((m for d in {w[0] for w in wanted} for m in F._NUM_RUN_FROM[d].finditer(text)),
                 key=lambda m: m.start())
    assert [m.span() for m in got if m.group(0) in wanted] == ref


def _sentence_plain(text: str, pos: int) -> str:
    s = max(text.rfind(";", 0, pos), text.rfind("\n", 0, pos), text.rfind(". ", 0, pos))
    ends = [k for k in (text.find(";", pos), text.find("\n", pos), text.find(". ", pos)) if k != -1]
    e = min(ends) if ends else len(text)
    return " ".join(text[s + 1:e + 1].split()).strip()[:600]


@settings(max_examples=400, deadline=None)
@given(texts([";", "\n", ". ", ".", " ", "a", "b", ".\n", "xyz" * 30, " " * 200, "w " * 120], max_size=40),
       st.floats(0, 1))
def test_sentence_is_the_plain_search(text, where):
    pos = int(where * len(text))
    assert _Sentences(text).at(pos) == _sentence_plain(text, pos)


# --- clean: a trigger is only skipped where the replacer would have returned None -------------------

CLEAN_PIECES = ["\n", "\n\n", " \n", "\t\n", "- ", " - ", "-\n", "/ ", " / ", " /KH", "49/KH- UBND", "05-\n\nCT/TW",
                "12/KH - UBND",
                "35 - KL/TW", "21 –NQ/BCH", "01 -KH/BCĐ", "30– CT/TU", "\\r\\n", "\\n", "123 / QĐ-UBND", "hoà", "Hoà ",
                "thuỷ,", "quà ", "toàn", "a", "B", "1. ", "I. ", "a) ", "(", ",", ";",
                "Thực hiện", "2023", ".", ":", "ngày", "Đ", "“", "•", "–", "**", "_x_", "# ", "<b>", "&amp;", "\u200b",
                "2021 - 2025", "Độc lập - Tự do", "Tài chính – Kế", "tế – xã", "12 /KH", "a /B", "123 / 2023/QĐ",
                "ab  - KH", "đối  với", "8  năm", "A  B", "x  ở", "a  ²", "  ", "   ", "Số  12/KH",
                "36 /KH - UBND", "x - UBND", "12 -\nKH", "a\t- KH", "2 / A", "Ab - ĐK", "z – KH-UBND",
                "12 - Ct/TW", "5 –\tH/TU", "21-NQ / TU", "22 - KL/ TU", "21-NQ /TU", "72\n/KH-UBND", "73/KH\n-UBND",
                "21\n-NQ/TU", "150 — KH/TU", "152/QĐ—UBND", "số72/KH", "Số.7", "SỐ1", "ásố1", "—", "12A"]


def _same_pass(a, b):
    assert a[0] == b[0]
    if a[1] is None:
        assert b[1] is None
    else:
        assert (a[1].cs, a[1].os, a[1].cl, a[1].ol, a[1].cp, a[1].out_len, a[1].in_len) == (
            b[1].cs, b[1].os, b[1].cl, b[1].ol, b[1].cp, b[1].out_len, b[1].in_len)


# a line's end (after lines of 38 to 40 characters too: a hard-wrapped text joins lines of 40 or more), a line
# break, the next line's start
LINE_ENDS = [w + e for w in ("", "w" * 37, "w" * 38, "w" * 39, "Ww " * 13) for e in (
    "a", "Z", "1", "-", "–", ",", "(", ".", ":", "!", "ý", "tháng", "ngày", "số", "Quý", "điều", "KH", "x ", "\u2028",
    "Ω")]
BREAKS = ["\n", "\n\n", "\n \n", " \n", "\t\n", "\n\t", "\u2028\n", "\n\u2028", "\n\n\n", ""]
LINE_STARTS = ["x", "các", "Hà", "ý", "Ý", "Ab", "KẾ HOẠCH", "Thực hiện", "1. ", "2) ", "1.2. ", "12", "7, ngày", "1 ",
               "II. ", "V.", "a) ", "đ) ", "- ", "• ", ",", ";", ")", "(", ".", "٣", "²", "Ω", "ǅ", "ß", "49/KH- UBND"]


# not wrapped; wrapped both ways, joining from 40 characters (the least) and from 39 (the fixtures' lines of 37
# to 40 characters then fall on both sides)
WRAPS = [None, C.Wrap("blank", 40), C.Wrap("lines", 40), C.Wrap("lines", 39), C.Wrap("blank", 38)]


def _pass_c_both(text, wrapped):
    plain_c = (re.compile(r"[-/–—][ \t\n]"), re.compile(r" [/\-–—][A-ZĐ]"), re.compile("  "), re.compile(r"\n"))
    plain = C._apply(plain_c, text, lambda m, x: C._c_repl(m, x, wrapped))
    fast = C._apply(C._c_triggers(wrapped.join_at if wrapped else None, True), text,
                    lambda m, x: C._c_repl(m, x, wrapped), C._C_FIXED)
    return plain, fast


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LINE_ENDS + CLEAN_PIECES), st.sampled_from(BREAKS),
                          st.sampled_from(LINE_STARTS + CLEAN_PIECES)), max_size=10).map(
    lambda lines: "".join(map("".join, lines))), st.sampled_from(WRAPS))
def test_clean_pass_c_is_the_plain_pass(text, wrapped):
    """Pass C's gated triggers and callback-free line-break runs give the text and map that calling
    ``_c_repl`` at every separator and every line break gives."""
    _same_pass(*_pass_c_both(text, wrapped))


@settings(max_examples=300, deadline=None)
@given(texts(CLEAN_PIECES, max_size=20))
def test_separator_patterns_also_find_the_space_led_one(text):
    plain = sorted([(m.start(), m.group(), None) for m in re.finditer("[-/–—]" + C._SEP_AFTER, text)]
                   + [(m.start() + 1, m.group()[1:], "space_sep") for m in re.finditer(r" [/\-–—][A-ZĐ]", text)])
    assert sorted((m.start(), m.group(), m.lastgroup) for p in C._SEP_ONE for m in p.finditer(text)) == plain


def test_clean_pass_c_every_line_break_is_the_plain_pass():
    # (every line end, break and line start once: the gates are about one character or one line each side)
    for end, brk, start, wrapped in product(LINE_ENDS, BREAKS, LINE_STARTS, WRAPS):
        _same_pass(*_pass_c_both("x\n" + end + brk + start + " y", wrapped))


@settings(max_examples=400, deadline=None)
@given(texts(CLEAN_PIECES + ["*", "***", "\u200c", "\u00ad", "\ufeff\u2060", "x*", "*y"], max_size=30))
def test_clean_pass_b_is_the_plain_pass(text):
    """Pass B's gated triggers, one per character, and runs dropped without a call give the text and map
    that calling ``_b_repl`` at every markup character and every o/u before a toned vowel gives."""
    plain_b = (re.compile(r"[<*_#\\&>\u200b\u200c\u200d\u2060\ufeff\u00ad]"),
               re.compile(r"[oOuU][" + C._TONE_SECOND + r"]"))
    fast_b = tuple(C._MARKUP_ONE[c] for c in C._MARKUP_CHARS if c in text) + C._TONE_ONE
    _same_pass(C._apply(plain_b, text, C._b_repl), C._apply(fast_b, text, C._b_repl, C._B_FIXED))


@settings(max_examples=200, deadline=None)
@given(texts(CLEAN_PIECES + ["o\u0300", "u\u0309y", "e\u0301\u0323", "\u0301x"], max_size=30))
def test_clean_bulk_nfc_is_the_generic_pass(text):
    _same_pass(C._apply(C._COMBINING, text, C._nfc_repl), C._apply_nfc(text))


def _type_before_plain(text: str, pos: int):
    p = F._patterns()
    lo = max(0, pos - 60)
    w = text[lo:pos].rstrip()
    had_so = False
    for _ in range(2):
        for t in F._SO_TAIL:
            if w.endswith(t) and (len(w) == len(t) or not w[-len(t) - 1].isalnum()):
                w = w[: -len(t)].rstrip()
                had_so = had_so or t != "("
                break
    words = w.split()
    if had_so and words and (last := words[-1].lstrip("(“\"") or words[-1]) in p["abbrev"]:   # "(QĐ số"
        return last, lo + w.rfind(last)
    for n in (4, 3, 2, 1):
        if len(words) < n:
            continue
        cand = " ".join(x.lstrip("(“\"") or x for x in words[-n:])   # "(Luật số …": no bracket in the word
        if p["type_words"].get(cand.lower()):
            k = len(w)
            for word in reversed(words[-n:]):
                k = w.rfind(word.lstrip("(“\"") or word, 0, k)
            return cand, lo + k
    return None


@settings(max_examples=400, deadline=None)
@given(texts(["Chỉ thị", "chỉ thị", "Kế hoạch", "kế  hoạch", "Quyết định", "QĐ", "số", "Số:", "số.", "(", "xsố",
              "Nghị quyết",
              "Chương trình hành động", "liên tịch", "a", "(Luật", "“Chỉ thị"] + SPACES, max_size=12))
def test_type_before_keeps_its_answers(text):
    assert F.type_before(text, len(text)) == _type_before_plain(text, len(text))


@settings(max_examples=400, deadline=None)
@given(texts(["tỉnh", "huyện", "thị xã", "xã", "thị trấn", "thành phố", "quận", "phường", "đặc khu", "Lạng Sơn",
              "Quangxã", "Thuyện",
              "12", "Tây", "hội", "x"] + SPACES + WORDS))
def test_place_matches_are_place_re(text):
    assert [(m.span(), m.group("lvl"), m.group("name")) for m in M.place_matches(text)] == [
        (m.span(), m.group("lvl"), m.group("name")) for m in M.PLACE_RE.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(texts(["về", "ban hành", "triển khai", "thực hiện", "thực  hiện", "cụ thể hóa", "để", "tiếp tục", "của", ",",
              ")", "x", "Ab"]
             + [" ", "  ", "\t"], max_size=10))
def test_derived_gap_precheck_keeps_the_answer(gap):
    from vanban.loaders import resolve as RS
    plain = not (len(gap) > 260 or ";" in gap or "\n" in gap or RS._SENTENCE_END.search(gap)) and bool(
        RS._derived_gap_re().match(gap))
    assert RS.derived_gap(gap) == plain


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "Ư", " ", "  ", "\n", "\t", "\u00a0", "\u3000", "\u2028", "\x85", "\x1f", ".",
                                 "\u200b"]),
                max_size=12).map("".join))
def test_squash_is_split_join(s):
    from vanban.loaders.lexicon import squash
    assert squash(s) == " ".join(s.split())


def _basis_sections_plain(text):
    out, pos = [], 0
    while True:
        h = M._BASIS_HEADING.search(text, pos)
        if h is None:
            return tuple(out)
        e = M._SECTION_END.search(text, h.end() + 1)
        end = e.start() if e else min(len(text), h.end() + 3000)
        out.append((h.start(), end))
        pos = max(end, h.end() + 1)


@settings(max_examples=300, deadline=None)
@given(texts(["CĂN CỨ XÂY DỰNG KẾ HOẠCH", "Căn cứ pháp lý", "CĂN  CỨ", "Căn\tcứ lập", "\t", "Căn cứ Luật", "I. ",
              "II. ", "1. ", "\n", "\n", " ", "a",
              "MỤC ĐÍCH", "Quyết định số 1/QĐ-TTg", ";"], max_size=14))
def test_basis_sections_same_as_plain_search(text):
    assert M._basis_sections(text) == _basis_sections_plain(text)


@settings(max_examples=300, deadline=None)
@given(texts(["Nghị quyết", "Kế hoạch", " ", "  ", ",", "của", "ngày", "01", "2", "12345", "/", "-", ".", "a", "\n",
              "số", "_", "–"],
             max_size=14))
def test_unsymbolled_numbers_are_the_pattern_matches(text):
    plain = [m.span() for m in F._UNSYMBOLLED_NUM.finditer(text)
             if m.group(0).isascii()
             and not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "/.,-–_"))]
    assert [m.span() for m in F._unsymbolled_numbers(text)] == plain


def plain_hard_wrapped(text):
    """clean._hard_wrapped written plainly: each whitespace run holding a line break, the line before it."""
    soft_lines, one_newline, breaks = [], 0, 0
    for m in re.finditer(r"\n(\s*)(\S)", text):
        breaks += 1
        if m.group(2).islower():
            ls = text.rfind("\n", 0, m.start()) + 1
            soft_lines.append(len(text[ls:m.start()].rstrip()))
            one_newline += "\n" not in m.group(1)
    if len(soft_lines) < 8 or len(soft_lines) < 0.25 * breaks:
        return None
    width = sorted(soft_lines)[len(soft_lines) // 2]
    if width > C.MAX_WIDTH:
        return None
    return C.Wrap("lines" if one_newline * 2 > len(soft_lines) else "blank", max(C.MIN_JOIN, width * 3 // 4))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LINE_ENDS + CLEAN_PIECES + ["w" * 60, "Ww " * 25, ""]),
                          st.sampled_from(BREAKS + ["\n\u2028\n", " \n\n", "\n  \t\n"]),
                          st.sampled_from(LINE_STARTS + ["  các", "\tx", "   Hà"])), max_size=30).map(
    lambda lines: "".join(map("".join, lines))))
def test_hard_wrapped_is_the_plain_reading(text):
    assert C._hard_wrapped(text) == plain_hard_wrapped(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 160), st.sampled_from(["\n", "\n\n", " \n\n", "\n \n", "\t\n"]),
                          st.sampled_from(["các", "Hà", "  x", "1. ", "ý"])), min_size=8, max_size=40).map(
    lambda lines: "".join("Ab cd " * (n // 6) + brk + start for n, brk, start in lines)))
def test_hard_wrapped_is_the_plain_reading_of_wrapped_paragraphs(text):
    # (lines of every length: the width read from them decides where a line may go on)
    assert C._hard_wrapped(text) == plain_hard_wrapped(text)
