"""clean's fast paths (session 23) give exactly what the plain formulations they replace give.

Each test compares a fast path with its plain formulation on texts generated from the pieces that
matter to it. The texts are invented; no plan text is used.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.loaders import clean as C
from vanban.loaders.scan import class_of


def texts(pieces, max_size=20):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


# --- pass B: a run of stars is found from its literal first character ------------------------------

@settings(max_examples=300, deadline=None)
@given(texts(["*", "**", "***", "a", " ", "\n", "_", "\u200b", "x*y"]))
def test_star_run_pattern_is_the_plain_run(text):
    """``\\*(?P<drop>\\**)`` (led by a literal, so the engine skips to it) matches the runs ``(?P<drop>\\*+)``
    matches, each told by the group ``drop``."""
    plain = [(m.span(), m.lastgroup) for m in re.finditer(r"(?P<drop>\*+)", text)]
    assert [(m.span(), m.lastgroup) for m in C._MARKUP_ONE["*"].finditer(text)] == plain


# --- pass B: a toned vowel after o/u is tested before "q" is read back -----------------------------

TONE_PIECES = ["o", "O", "u", "U", "q", "Q", "qu", "Qu", "à", "á", "ạ", "é", "È", "ỷ", "ý", "Ỳ", "a", "y", "n", " ",
               "\n", ",", "1", "hoà", "thuỷ", "quà", "toàn", "HOÀ"]


@settings(max_examples=400, deadline=None)
@given(texts(TONE_PIECES))
def test_tone_trigger_is_the_plain_trigger(text):
    """The tone triggers (one per first letter, the toned vowel tested first) match what the class-led
    pattern with "q" read back before the toned vowel matches."""
    plain = re.compile(r"[oOuU](?<![qQ][oOuU])[" + C._TONE_SECOND + r"](?![" + class_of(str.isalpha) + "])")
    fast = sorted(m.span() for p in C._TONE_ONE for m in p.finditer(text))
    assert fast == [m.span() for m in plain.finditer(text)]


# --- pass C: the whitespace after a separator is looked at before what stands before it ---------------

# _SEP_AFTER as it was written before the leading lookahead
_SEP_AFTER_PLAIN = (r"(?<=[ \tA-Za-z0-9Đđ][-/–])(?<![^A-Za-z0-9Đđ \t][ \t][-/–])"
                    r"(?:(?<![ \t][-/–])"
                    r"|(?<=[-–])(?=[ \t]+[A-ZĐ])(?:(?<![A-Za-zĐđ][ \t][-–])|(?=[ \t]+[A-ZĐ]{2}))"
                    r"|(?<=/)(?<![A-Za-zĐđ][ \t]/)(?=[ \t]+(?:\d{4}/)?[A-ZĐ]))"
                    r"[ \t\n]")
SEP_PIECES = ["-", "/", "–", " ", "  ", "\t", "\n", "a", "Đ", "đ", "KH", "UBND", "1", "12", "2023/", ".", ",", "(",
              "ý", "Ab"]


@settings(max_examples=500, deadline=None)
@given(texts(SEP_PIECES))
def test_separator_trigger_is_the_plain_trigger(text):
    plain = [m.span() for m in re.finditer("[-/–]" + _SEP_AFTER_PLAIN, text)]
    assert [m.span() for m in re.finditer("[-/–]" + C._SEP_AFTER, text)] == plain
    plain_sp = sorted([(m.start(), m.group(), None) for m in re.finditer("[-/–]" + _SEP_AFTER_PLAIN, text)]
                      + [(m.start() + 1, m.group()[1:], "space_sep") for m in re.finditer(r" [/\-–][A-ZĐ]", text)])
    assert sorted((m.start(), m.group(), m.lastgroup) for p in C._SEP_ONE for m in p.finditer(text)) == plain_sp
