"""The fast paths of find.py (and of all_mentions) give exactly what the plain formulations they replace give.

Compared on generated texts made of the pieces that matter, as tests/test_loaders_fast_paths.py does for the
earlier ones. The texts are invented; no seed text is used.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.loaders import find as F
from vanban.loaders.scan import runs_before, token_starts


def texts(pieces, max_size=14):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


def span(m):
    return None if m is None else m.span()


SPACES = [" ", "  ", "\n", "\t", " \n", "\u00a0"]
WORDS = ["x", "Ab", "ă", "_", "số", "Số", ":", ",", ";", ".", "(", ")", "-", "–", "/", "&", "1", "12", "2023", "0",
         "１", "٣"]
CODES = ["33/CT-TTg", "23-QĐ/TW", "04/2015/NĐ-CP", "2953/UBND-NC", "12/KH - UBND", "A12/KH", "5/KH–UBND", "/KH",
         "01-ĐA/BDVTU-UBND", "１2/KH", "٣3/KH", "x/y", "12/", "/Đ", "TTr-STT&TT", "NN&12/KH",
         "7-NN&PT/TW", "–7/QĐ", "5/1/2024"]


def _token_starts_plain(text, marks, member, lead, pos, end):
    js = [m.start() for m in marks.finditer(text, pos, end)]
    return [i for i in range(pos, end) if lead(text[i]) and (i == pos or not lead(text[i - 1]))
            and any(j > i and all(map(member, text[i:j])) for j in js)]


@settings(max_examples=400, deadline=None)
@given(texts(CODES + SPACES + WORDS), st.floats(0, 1), st.floats(0, 1))
def test_token_starts_are_the_lead_runs_before_a_mark(text, a, b):
    pos, end = sorted((int(a * len(text)), int(b * len(text))))
    assert token_starts(text, F._CODE_MARK, F._code_char, str.isdecimal, pos, end) == _token_starts_plain(
        text, F._CODE_MARK, F._code_char, str.isdecimal, pos, end)
    assert token_starts(text, re.compile("a"), str.isalpha, str.isupper) == _token_starts_plain(
        text, re.compile("a"), str.isalpha, str.isupper, 0, len(text))


@settings(max_examples=500, deadline=None)
@given(texts(CODES + SPACES + WORDS), st.floats(0, 1), st.floats(0, 1))
def test_codes_in_a_window_are_code_re_there(text, a, b):
    pos, end = sorted((int(a * len(text)), int(b * len(text))))
    plain = [span(m) for m in F.CODE_RE.finditer(text, pos, end)]
    assert [span(m) for m in F.iter_codes(text, pos, end)] == plain
    # from the whole text's candidates, as find_mentions searches the subjects' windows
    assert [span(m) for m in F.iter_codes(text, pos, end, F.code_candidates(text))] == plain
    # _subject_after's "next code" is the first of them: the former one-pattern search's start
    first, ref = next(F.iter_codes(text, pos, end), None), F._CODE_START.search(text, pos, end)
    assert (first and first.start()) == (ref and ref.start())


def _runs_before_plain(text, lits, run, gap):
    is_run, is_gap = re.compile("[" + run + "]").fullmatch, re.compile("[" + gap + "]").fullmatch
    out = []
    for s in range(len(text)):
        if not is_run(text[s]) or (s and is_run(text[s - 1])):
            continue
        e = s
        while e < len(text) and is_run(text[e]):
            e += 1
        k = e
        while k < len(text) and is_gap(text[k]):
            k += 1
        if any(text.startswith(w, k) for w in lits):
            out.append(s)
    return out


UNSYMBOLLED = ["Nghị quyết", "Kế hoạch", " ", "  ", ",", ", ", "của", "ngày", "01", "2", "12345", "/", "-", ".", "a",
               "\n", "số", "_", "–", "\u00a0", "ngà", "củ", "a của"]


@settings(max_examples=500, deadline=None)
@given(texts(UNSYMBOLLED, max_size=16))
def test_runs_before_are_the_runs_followed_by_a_literal(text):
    for lits in (("của", "ngày"), ("a",), ("ngày", "của", "ngày")):
        assert runs_before(text, lits, "0-9", r"\s,") == _runs_before_plain(text, lits, "0-9", r"\s,")


@settings(max_examples=500, deadline=None)
@given(texts(UNSYMBOLLED, max_size=16))
def test_unsymbolled_numbers_are_the_one_pattern_scan(text):
    assert [m.span() for m in F._unsymbolled_numbers(text)] == [m.span() for m in F._UNSYMBOLLED_START.finditer(text)]
