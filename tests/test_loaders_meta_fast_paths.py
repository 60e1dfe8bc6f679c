"""The fast paths of metadata.py and reporting.py give exactly what the plain formulations they replace give.

Compared on generated texts made of the pieces that matter, as tests/test_loaders_fast_paths.py does for
the other stages. The texts are invented; no seed text is used.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.loaders import metadata as M
from vanban.loaders import reporting as R
from vanban.loaders.scan import capitals_share_at_least, finditer_at, led_search
from vanban.loaders.vocab import VOCAB


def texts(pieces, max_size=14):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


def start(m):
    return None if m is None else m.start()


SPACES = [" ", "  ", "   ", "\n", "\t", " \n", "\u00a0", "\u3000", "\r", "|", " | "]


@settings(max_examples=400, deadline=None)
@given(texts(SPACES + ["a", "ỦY BAN", "Số:", ",", "x"]))
def test_cell_separator_test_is_the_split(line):
    assert bool(M._CELL_SEP.search(line)) == bool(M._CELL_SPLIT.search(line))


@settings(max_examples=400, deadline=None)
@given(texts(["TM.", "T.M.", "KT.", "K/T", "Q.", "Q. ", "CHỦ TỊCH", "PHÓ ", "TRƯỞNG", "BÍ THƯ", "T", "K", "Q", ".",
              "/", "M", "Các", "Tổ", "x"] + SPACES), st.integers(0, 20))
def test_signature_word_from_a_position_is_the_search(text, pos):
    # the plain formulation: a search for any of the vocabulary's signature words from pos
    sign_any = re.compile(VOCAB.trigger_alternation("signature"))
    assert M._sign_first(text, pos) == start(sign_any.search(text, pos))


@settings(max_examples=300, deadline=None)
@given(texts(["a", "Ab", "\n", "\n\n", "ngày", ""]))
def test_lines_are_the_offsets_of_the_split(text):
    out, pos = [], 0
    for ln in text.split("\n"):
        out.append((pos, ln))
        pos += len(ln) + 1
    assert M._lines(text) == out


@settings(max_examples=400, deadline=None)
@given(texts(["Sở Nội vụ", ":", " :", ";", " ;", "; UBND", ";đăng",
              " ", "  ", "\t", "chủ trì", "báo cáo", "tham mưu", "xx", "căn cứ", "căn"]))
def test_unit_cut_start_is_the_search(body):
    assert start(R._UNIT_CUT_AT.search(body)) == start(R._UNIT_CUT.search(body))


ORG_PIECES = ["UBND", "Ủy ban nhân dân", "Sở", "Phòng", "Nội vụ", " ", "  ", "\n", ",", "(", ".", "tỉnh", "huyện",
              "theo", "về", "và", "các", "các xã", "quý", "Văn", "x", "trước"]


@settings(max_examples=400, deadline=None)
@given(texts(ORG_PIECES, max_size=20), st.integers(0, 30))
def test_name_patterns_read_what_the_lookahead_form_read(text, pos):
    org, org_re, name_re = R._org_patterns()
    stop = org_re.pattern[org_re.pattern.index(".{0,70}?)") + len(".{0,70}?)"):]
    plain_org = re.compile(r"(?P<org>" + org + r"(?:(?!" + stop + r").){0,70}?)" + stop)
    plain_name = re.compile(name_re.pattern.replace(".{0,50}?)", "(?:(?!" + stop + r").){0,50}?)", 1))
    for fast, plain in ((org_re, plain_org), (name_re, plain_name)):
        a, b = fast.match(text, pos), plain.match(text, pos)
        assert (a and (a.span(), a.group("org"))) == (b and (b.span(), b.group("org")))


CLAUSE_PIECES = ["báo cáo", "Báo cáo", "BÁO CÁO", "gửi", "về", "lên", " ", ",", "UBND huyện", "Sở Nội vụ", "(qua",
                 "(qua Phòng Nội vụ)", ")", "kết quả", "trước ngày 5/6", "xvề", "và", "các"]


@settings(max_examples=400, deadline=None)
@given(texts(CLAUSE_PIECES, max_size=16))
def test_report_words_and_skipped_clauses(clause):
    assert [m.span() for m in finditer_at(R._TO_WORD, clause, R._TO_WORDS)] == [
        m.span() for m in R._TO_WORD.finditer(clause)]
    first = R._REPORT.search(clause)
    if first is not None and clause[first.start():].islower():
        assert R._targets(clause, first) == []   # what _paragraph_lines skips has no target


@settings(max_examples=400, deadline=None)
@given(texts(["1", "12", "٣", ".", ")", " ", "\u00a0", "\t", "Trên đây", "Quá trình", "Thủ trưởng", "Sở", "x", "-"]))
def test_paragraph_leads_rule_out_only_non_matches(para):
    lead = para.lstrip()[:1]
    assert R._UNIT_HEAD.match(para) is None or lead.isdecimal()
    assert R._CLOSING.match(para) is None or lead in "TQ"


def test_every_body_name_starts_with_a_capital():
    # _paragraph_lines skips a clause with no capital after its report verb: every name _targets reads
    # starts with one of lexicon org_start's words
    from vanban.loaders.lexicon import load
    assert all(w[:1].isupper() for w in load("lexicon")["org_start"])


@settings(max_examples=400, deadline=None)
@given(texts(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An", "T/M", "|", " | ", "\t", "   ",
              "\n", " ", "(Đã ký)", "CHỦ TỊCH Nông Văn Tâm", "x"], max_size=20))
def test_signature_cells_are_stripped_and_split_at_each_bar(text):
    # _signature reads each cell of the tail whole: none is blank, padded or holds a "|"
    for cell in M._signature_tail(text, M._lines(text)[-40:]):
        assert cell and cell == cell.strip() and "|" not in cell


@settings(max_examples=500, deadline=None)
@given(texts(["Số", "SỐ", "Số:", "số", " ", "  ", "\t", "|", "\n", "phúc ", "Hạnh phúc ", "PHÚC ", "12", "/KH-UBND",
              "-UBND", ":", "x", "Sở"], max_size=16), st.integers(0, 60))
def test_own_code_is_the_search(text, end):
    end = min(end, len(text))
    a, b = M._own_code(text, end), M._OWN_CODE.search(text, 0, end)
    assert (a and (a.span(), a.group("num"), a.group("sym"))) == (b and (b.span(), b.group("num"), b.group("sym")))


# _header_capitals' plain test of a cell: one case-insensitive search, then the share of capitals counted
_HEADER_SKIP = re.compile(
    r"CỘNG HÒA|CỘNG HOÀ|CỘNG SẢN|Độc lập|ĐỘC LẬP|^\s*-{2,}|^\s*\*+\s*$|^\s*Số\b|ngày\s|^ĐẢNG BỘ", re.I
)
SKIP_PIECES = ["CỘNG HÒA", "cộng hoà", "Cộng sản", "CỘNG", "độc LẬP", "Độc lập", "ngày", "NGÀY", "ngày ", "Số", "SỐ",
               "sỐ", "ſố", "Sốx", "--", "-", "*", "**", "ĐẢNG BỘ", "đảng bộ", "ĐẢNG", "C", "n", "đ", "x", "UBND"]


@settings(max_examples=500, deadline=None)
@given(texts(SKIP_PIECES + SPACES, max_size=8))
def test_header_skip_is_the_one_search(cell):
    fast = bool(M._HEADER_SKIP_AT_START.match(cell) or M._HEADER_SKIP_ANYWHERE(cell))
    assert fast == bool(_HEADER_SKIP.search(cell))


LETTER_PIECES = ["ỦY BAN", "Ủy", "ủy", "A", "a", "Ā", "ā", "ǅ", "ª", "ʔ", "Ⓐ", "ⓐ", "Ⅻ", "中", "ß", "ẞ", "1", "/", ":",
                 " ", "\t", "-", "Số", "KH-UBND", "source: http://x.vn", "Đ", "đ"]


@settings(max_examples=800, deadline=None)
@given(texts(LETTER_PIECES, max_size=10), st.sampled_from([0.5, 0.8, 1.0]))
def test_capitals_share_is_the_count(cell, share):
    letters = list(filter(str.isalpha, cell))
    plain = bool(letters) and sum(map(str.isupper, letters)) >= share * len(letters)
    assert capitals_share_at_least(cell, share) == plain


def _same_match(a, b):
    return (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


PREAMBLE_PIECES = ["UBND", "Ủy ban nhân dân", "ủy ban nhân dân", "Sở", "Phòng", "Huyện ủy", "Đảng ủy", "Ban Chỉ đạo",
                   "HĐND", "tỉnh", "huyện", "xã", "TP.", "An Phú", "Lâm Hà", "ban hành", "xây dựng", "lập", "đề ra",
                   "thực hiện", "Kế hoạch", "kế hoạch", "bản", "như sau", "cụ thể", "nội dung sau", "sau đây", ":",
                   " ", "  ", "\n", ",", ".", "x", "B", "b", "n", "s"]


@settings(max_examples=600, deadline=None)
@given(texts(PREAMBLE_PIECES, max_size=18), st.integers(0, 20), st.integers(0, 200))
def test_preamble_searches_are_the_searches(text, pos, end):
    for fast, plain in ((M._PREAMBLE_END_SEARCH, M._PREAMBLE_END), (M._PREAMBLE_ISSUER_SEARCH, M._PREAMBLE_ISSUER)):
        assert _same_match(fast(text, pos, end), plain.search(text, pos, end))
        assert _same_match(fast(text, pos), plain.search(text, pos))


@pytest.mark.parametrize("flags", [0, re.I])
@pytest.mark.parametrize("source", [r"ab|c", r"(?:ab|b)+c", r"(?i)ab|k", r"(?i:a)b|c", r"[a-c]x|^b", r"a?b",
                                    r"(?P<g>[^a]b)", r"\s*b", r"(?:x|s)b", r"[Kk]b|a"])
@settings(max_examples=200, deadline=None)
@given(text=texts(["ab", "Ab", "aB", "a", "b", "c", "C", "A", "B", "x", " ", "\n", "ſ", "K", "k", "K"], max_size=12))
def test_led_search_is_the_search(text, source, flags):
    p = re.compile(source, flags)
    for pos, end in ((0, None), (1, 5), (2, len(text))):
        plain = p.search(text, pos) if end is None else p.search(text, pos, end)
        assert _same_match(led_search(p)(text, pos, end), plain)


# --- reporting's patterns read in place (pos/endpos) instead of from a slice copy ---------------------

VIA_PIECES = [" ", "  ", "\n", ",", "(", ")", "qua", "qua ", "thông ", "Phòng Nội vụ", "UBND huyện", "x", " và ", ".",
              "Sở Văn hóa, Thể thao và Du lịch", "công chức Văn phòng – Thống kê", " " * 9, "x" * 30]


def _plain_via(text, pos):
    m = R._VIA_PAREN.match(text[pos:pos + 120])
    if m:
        return " ".join(m.group(1).split()), pos + m.end()
    m = R._VIA_QUA.match(text[pos:pos + 20])
    if m:
        r = R._parse_org(text, pos + m.end())
        if r:
            return " ".join(r[0].split()), r[1]
    return None, pos


WS = st.text(" \n", min_size=8, max_size=40)


@settings(max_examples=800, deadline=None)
@given(texts(VIA_PIECES, max_size=40), st.integers(0, 9),
       st.tuples(WS, st.sampled_from(["(", "( ", ",", ", ", ""]),
                 st.sampled_from(["qua ", "thông qua ", "thông  qua\n"]),
                 texts(VIA_PIECES[6:], max_size=8), WS, st.sampled_from([")", "", "("])))
def test_via_reads_its_window_in_place(text, pos, parts):
    # the windows' edges (120 and 20 characters) are reached by the spaces and the names of the second text
    for t in (text, "".join(parts) + text):
        assert R._via(t, pos) == _plain_via(t, pos)
        assert R._via(t, 0) == _plain_via(t, 0)


def _plain_clauses(text, start, end):
    pos = start
    for m in R._CLAUSE_END.finditer(text[start:end]):
        e = start + m.start()
        if e > pos:
            yield pos, text[pos:e]
        pos = start + m.end()
    if pos < end:
        yield pos, text[pos:end]


@settings(max_examples=500, deadline=None)
@given(texts([";", ".", ". ", " ", "\n", "Sở", "-", "a", "x.", "Ủy", ". Ủy", ".\n"], max_size=20),
       st.integers(0, 40), st.integers(0, 40))
def test_clauses_are_read_in_place(text, a, b):
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    assert list(R._clauses(text, a, b)) == list(_plain_clauses(text, a, b))


def _plain_targets(clause, first_report):
    """_targets as it read before: separators and "(qua" from slices, the org words by re.finditer."""
    out, seen, parsed = [], set(), {}

    def parse(pos):
        if pos not in parsed:
            parsed[pos] = R._parse_org(clause, pos)
        return parsed[pos]

    def add(pos):
        r = parse(pos)
        if not r:
            return None
        name, e = r
        if pos in seen:
            return e
        seen.add(pos)
        via, e2 = _plain_via(clause, e)
        out.append((R.normalise_org(name) or name, R.normalise_org(via) if via else None, (pos, e)))
        return e2

    for m in R._BAO_CAO.finditer(clause):
        pos = m.end()
        while True:
            e = add(pos)
            if e is None:
                break
            n = R._LIST_SEP.match(clause[e:])
            if not n:
                break
            pos = e + n.end()
    after = clause[first_report.end():]
    for m in R._TO_WORD.finditer(after):
        add(first_report.end() + m.end())
    for m in R._QUA_PAREN.finditer(after):
        k = first_report.end() + m.start()
        for om in re.finditer(R._org_patterns()[0], clause[first_report.end():k]):
            s = first_report.end() + om.start()
            r = parse(s)
            if r and abs(r[1] - k) <= 1:
                add(s)
                break
    return out


TARGET_PIECES = CLAUSE_PIECES + [", ", " và ", "và", "Sở Văn hóa, Thể thao và Du lịch", "(thông qua Sở Nội vụ)",
                                 " qua ", "Ủy ban nhân dân tỉnh", "báo cáo về", "UBND xã, UBND huyện"]


@settings(max_examples=500, deadline=None)
@given(texts(TARGET_PIECES, max_size=18))
def test_targets_read_in_place_are_the_plain_reading(clause):
    first = R._REPORT.search(clause)
    if first is not None:
        assert R._targets(clause, first) == _plain_targets(clause, first)


@settings(max_examples=300, deadline=None)
@given(texts(["1. ", "Sở Nội vụ", "Giao ", "Các ", "Nhiệm vụ", "Kinh phí", "Báo cáo", "Trên đây", ":", " chủ trì",
              "ab", " ", "-"], max_size=8))
def test_heading_unit_tests_not_unit_once(body):
    cut = R._UNIT_CUT.search(body)
    name = R._GIAO.sub("", (body[:cut.start()] if cut else body).strip()).strip(" .:;-")
    if 2 < len(name) <= 160 and not R._not_unit().match(name):
        n = R.normalise_org(name) or name
        assert R._heading_unit(body) == (n[0].upper() + n[1:], True)
    else:
        assert R._heading_unit(body) == (None, bool(R._not_unit().match(name)))
