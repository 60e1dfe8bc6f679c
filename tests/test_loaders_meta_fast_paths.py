"""The fast paths of metadata.py and reporting.py give exactly what the plain formulations they replace give.

Compared on generated texts made of the pieces that matter, as tests/test_loaders_fast_paths.py does for
the other stages. The texts are invented; no seed text is used.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.loaders import metadata as M
from vanban.loaders import reporting as R
from vanban.loaders.scan import finditer_at
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
@given(texts(["Sở Nội vụ", ":", " :", " ", "  ", "\t", "chủ trì", "báo cáo", "tham mưu", "xx", "căn cứ", "căn"]))
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
