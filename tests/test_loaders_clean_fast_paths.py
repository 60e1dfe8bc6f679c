"""clean's fast paths give exactly what the plain formulations they replace give.

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
# (and a slash between single spaces after a capital, before two capitals: "21-NQ / TU"; the em dash as the en dash)
_SEP_AFTER_PLAIN = (r"(?<=[ \tA-Za-z0-9Đđ][-/–—])(?<![^A-Za-z0-9Đđ \t][ \t][-/–—])"
                    r"(?:(?<![ \t][-/–—])"
                    r"|(?<=[-–—])(?=[ \t]+[A-ZĐ])(?:(?<![A-Za-zĐđ][ \t][-–—])|(?=[ \t]+[A-ZĐ]{2}))"
                    r"|(?<=/)(?<![A-Za-zĐđ][ \t]/)(?=[ \t]+(?:\d{4}/)?[A-ZĐ])"
                    r"|(?<=[A-ZĐ][ \t]/)(?=[ \t]+[A-ZĐ]{2}))"
                    r"[ \t\n]")
SEP_PIECES = ["-", "/", "–", "—", " ", "  ", "\t", "\n", "a", "Đ", "đ", "KH", "UBND", "1", "12", "2023/", ".", ",", "(",
              "ý", "Ab", "21-NQ", "12A", "số", "Số", "SỐ", "ố", "số.", "ásố"]


@settings(max_examples=500, deadline=None)
@given(texts(SEP_PIECES))
def test_separator_trigger_is_the_plain_trigger(text):
    plain = [m.span() for m in re.finditer("[-/–—]" + _SEP_AFTER_PLAIN, text)]
    assert [m.span() for m in re.finditer("[-/–—]" + C._SEP_AFTER, text)] == plain
    plain_sp = sorted([(m.start(), m.group(), None) for m in re.finditer("[-/–—]" + _SEP_AFTER_PLAIN, text)]
                      + [(m.start() + 1, m.group()[1:], "space_sep") for m in re.finditer(r" [/\-–—][A-ZĐ]", text)])
    assert sorted((m.start(), m.group(), m.lastgroup) for p in C._SEP_ONE for m in p.finditer(text)) == plain_sp


# --- pass C: a line break after one space is replaced without a call ------------------------------


def _apply_plain(triggers, text, repl):
    """``_apply`` as written before fixed replacements: ``repl`` called at every match."""
    matches = sorted((m for p in triggers for m in p.finditer(text)), key=lambda m: m.start())
    parts, segs = [], []
    ps = po = 0
    changed = False
    for m in matches:
        r = repl(m, text)
        if r is None:
            continue
        start, end, new = r
        if end <= ps:
            continue
        start = max(start, ps)
        if start > ps:
            parts.append(text[ps:start])
            segs.append((po, ps, start - ps, start - ps, True))
            po += start - ps
            ps = start
        if text[start:end] == new:
            if end > ps:
                parts.append(text[ps:end])
                segs.append((po, ps, end - ps, end - ps, True))
                po += end - ps
            ps = max(ps, end)
            continue
        changed = True
        if new:
            parts.append(new)
            segs.append((po, start, len(new), end - start, False))
            po += len(new)
        ps = end
    if not changed:
        return text, None
    if len(text) > ps:
        parts.append(text[ps:])
        segs.append((po, ps, len(text) - ps, len(text) - ps, True))
        po += len(text) - ps
    return "".join(parts), (segs, po)


def _as_plain(result):
    text, mp = result
    return text, None if mp is None else (list(zip(mp.cs, mp.os, mp.cl, mp.ol, mp.cp, strict=True)), mp.out_len)


# pieces around a line break: what ends the line before it (a space or a tab among them), the break, what
# starts the next line; a text may start with a break
BEFORE = ["", "x", "x ", "x\t", "x  ", " ", "\t", "Ab ", "số ", "năm", "năm ", ". ", ".", ": ", "; ", "w" * 40 + " ",
          "w" * 40, "12 ", "KH- ", "a - ", "-", "–", "(", ", ", "72", "số 72", "73/KH", "21", "Điều 2", "21-NQ /", "số",
          "Số.", "—"]
BREAK = ["\n", "\n\n", "\n \n", "\n\t", " \n", "\n\u2028", "\n\n\n"]
# not wrapped; wrapped both ways, lines going on from 40 characters (the least) and from 41 (a line of 40
# before the break then falls on both sides)
WRAPS = [None, C.Wrap("blank", 40), C.Wrap("lines", 40), C.Wrap("lines", 41), C.Wrap("blank", 41)]


def _triggers(wrapped):
    return C._c_triggers(wrapped.join_at if wrapped else None, True)


AFTER = ["", "x", "các", "Hà", "ý", "Ý", "KẾ", "Thực hiện", "1. ", "2) ", "12", "7, ngày", "II. ", "a) ", "đ) ", "- ",
         "• ", ",", ";", ")", "(", ".", "٣", "Ω", "ǅ", "UBND", "CT/TW", "/KH-UBND", "-UBND", "-NQ/TU", "—UBND", " / TU",
         "/ TU", "-Ab"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(BEFORE), st.sampled_from(BREAK), st.sampled_from(AFTER)), min_size=1,
                max_size=8).map(lambda lines: "".join(map("".join, lines))), st.sampled_from(WRAPS))
def test_pass_c_is_the_plain_pass(text, wrapped):
    """Pass C (gated triggers, breaks after one space replaced without a call from the space before them)
    gives the text and map that calling ``_c_repl`` at every separator and every line break gives."""
    plain_c = (re.compile(r"[-/–—][ \t\n]"), re.compile(r" [/\-–—][A-ZĐ]"), re.compile("  "), re.compile(r"\n"))
    plain = _apply_plain(plain_c, text, lambda m, x: C._c_repl(m, x, wrapped))
    fast = C._apply(_triggers(wrapped), text,
                    lambda m, x: C._c_repl(m, x, wrapped), C._C_FIXED)
    assert _as_plain(fast) == plain


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(BEFORE), st.sampled_from(BREAK), st.sampled_from(AFTER)), min_size=1,
                max_size=6).map(lambda lines: "".join(map("".join, lines))), st.sampled_from(WRAPS))
def test_break_after_one_space_is_the_line_break_call(text, wrapped):
    """Every ``soft_sp``/``hard_sp`` match is the run ``_c_line_break`` replaces from the space before it,
    with the replacement ``_C_FIXED`` gives."""
    pattern = _triggers(wrapped)[-1]
    for m in pattern.finditer(text):
        if m.lastgroup in ("soft_sp", "hard_sp"):
            new, back = C._C_FIXED[m.lastgroup]
            assert C._c_line_break(text, m.start(), wrapped) == (m.start() - back, m.end(), new)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(BEFORE + SEP_PIECES), st.sampled_from(BREAK),
                          st.sampled_from(AFTER + SEP_PIECES)), max_size=6).map(
    lambda lines: "".join(map("".join, lines))), st.sampled_from(WRAPS))
def test_pass_c_without_the_en_dash_pattern_where_there_is_none(text, wrapped):
    """A text without "–" and "—" gives with the triggers that leave out their patterns what it gives with all of
    them."""
    text = text.replace("–", "-").replace("—", "-")
    join_at = wrapped.join_at if wrapped else None
    full, no_en = C._c_triggers(join_at, True), C._c_triggers(join_at, False)
    repl = lambda m, x: C._c_repl(m, x, wrapped)   # noqa: E731
    assert _as_plain(C._apply(no_en, text, repl, C._C_FIXED)) == _as_plain(C._apply(full, text, repl, C._C_FIXED))
    assert len(no_en) == len(full) - 2


def _break_runs_plain(hard_start, join_at):
    """``_break_runs`` without the whitespace test before a hard run's lookbehinds."""
    lst = C._LIST_MARKER.pattern
    hard = (r"\s++(?:(?=[" + hard_start + r"])|\Z)|(?<=[.:;!?]\n)\s++(?=[0-9])|(?<=" + C._NOT_NUM_WORD_END
            + r"\n)\s++(?=" + lst + ")")
    kept = (r"(?![" + hard_start + r"])(?!(?<=[.:;!?]\n)[0-9])(?!(?<=" + C._NOT_NUM_WORD_END + r"\n)" + lst
            + r")(?!\Z)")
    if join_at is not None:
        new_line = r"(?:(?<![^\n]{" + str(join_at) + r"}\n)|(?<=" + C._NOT_JOINING + r"\n))"
        hard += "|" + new_line + r"\s++(?=[" + class_of(str.isupper) + "])"
        kept += r"(?!" + new_line + "[" + class_of(str.isupper) + "])"
    lower = "[" + class_of(str.islower) + "]"
    return re.compile(r"\n(?:(?<=[^ \t]\n)(?:(?P<soft>\s*+(?=" + lower + r")(?!" + lst + r"))"
                      r"|(?P<hard>" + hard + r")|" + kept + r"\s*+)"
                      r"|(?<=[^ \t][ \t]\n)(?:(?P<soft_sp>\s*+(?=" + lower + r")(?!" + lst + r"))"
                      r"|(?P<hard_sp>\s*+(?:(?=[" + hard_start + r"])|\Z|(?=" + lower + r")(?=" + lst + r"))))"
                      r"|(?<=[ \t]\n)\s*+|(?<=\A\n)" + kept + r"\s*+)")


_PLAIN_BREAKS = {w: _break_runs_plain(C._HARD_START_WRAPPED if w else C._HARD_START, w.join_at if w else None)
                 for w in WRAPS}


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(BEFORE), st.sampled_from(BREAK), st.sampled_from(AFTER)), min_size=1,
                max_size=8).map(lambda lines: "".join(map("".join, lines))), st.sampled_from(WRAPS))
def test_break_runs_are_the_plain_runs(text, wrapped):
    """The break pattern (a hard run's whitespace tested first) gives the matches and groups of the one
    that tries the hard run's lookbehinds first."""
    fast = _triggers(wrapped)[-1]
    assert [(m.span(), m.lastgroup) for m in fast.finditer(text)] == [
        (m.span(), m.lastgroup) for m in _PLAIN_BREAKS[wrapped].finditer(text)]


# --- pass B: "#" and ">" are triggers only where a line may start --------------------------------------

MARKUP_PIECES = ["#", "##", "###", "####### ", "# ", ">", "> ", ">>", "\n", "\n\n", " ", "\t", "a", "Kế", "<b>", "</b>",
                 "*", "**", "_x_", "\\", "\\n", "&amp;", "\u200b", "1", ".", "<", "&", "hoà", "\\r", "\\r\\n", "\\.",
                 "\\-", "r", "n", "N", "\\\\", "[1]", "[12]", "[^3]", "[", "]", ")", "¹", "²³", "km", "m", "m²"]


@settings(max_examples=600, deadline=None)
@given(texts(MARKUP_PIECES, max_size=25))
def test_pass_b_is_the_plain_pass(text):
    """Pass B's triggers give the text and map that calling ``_b_repl`` at every markup character and every
    o/u before a toned vowel gives (the former ``_apply`` loop)."""
    plain_b = (re.compile("[" + re.escape(C._MARKUP_CHARS) + "]"), re.compile(r"[oOuU][" + C._TONE_SECOND + r"]"))
    fast_b = tuple(C._MARKUP_ONE[c] for c in C._MARKUP_CHARS if c in text) + C._TONE_ONE
    assert _as_plain(C._apply(fast_b, text, C._b_repl, C._B_FIXED)) == _apply_plain(plain_b, text, C._b_repl)


@settings(max_examples=600, deadline=None)
@given(texts(MARKUP_PIECES, max_size=25))
def test_heading_and_quote_triggers_skip_only_what_b_repl_rejects(text):
    for c in "#>":
        found = {m.start() for m in C._MARKUP_ONE[c].finditer(text)}
        for m in re.finditer(re.escape(c), text):
            if m.start() not in found:
                assert C._b_repl(m, text) is None


# --- _apply: a replacement equal to the text it replaces is told without a slice ---------------------

@settings(max_examples=500, deadline=None)
@given(st.text("ab c", max_size=30), st.lists(st.tuples(st.integers(-2, 3), st.integers(0, 4),
                                                         st.sampled_from(["", "a", "b", "ab", "ba", " ", "aa"])),
                                              min_size=30, max_size=30))
def test_apply_is_the_plain_loop(text, table):
    """``_apply`` with replacements (spans of the text) that start before their match, overlap, are empty or
    equal the text they replace gives the text and map of the former loop."""
    def repl(m, _):
        back, length, new = table[m.start()]
        return None if back < 0 else (max(0, m.start() - back), min(len(text), m.start() + length), new)
    trigger = re.compile("[ab]")
    assert _as_plain(C._apply(trigger, text, repl)) == _apply_plain((trigger,), text, repl)


@settings(max_examples=600, deadline=None)
@given(texts(["\\", "\\r", "\\n", "\\r\\n", "r", "n", "\\.", " ", "\t", "\n", "a", "N", "x"], max_size=25))
def test_literal_break_run_is_the_plain_run(text):
    """The backslash trigger takes a run of literal breaks whole, as ``_LITERAL_BREAKS`` matches it where
    the backslash starts it, and any other backslash alone."""
    p = C._MARKUP_ONE["\\"]
    got = [(m.span(), m.lastgroup) for m in p.finditer(text)]
    want, i = [], text.find("\\")
    while i != -1:
        lit = C._LITERAL_BREAKS.match(text, i)
        want.append(((i, lit.end()), "lit_break") if lit else ((i, i + 1), None))
        i = text.find("\\", lit.end() if lit else i + 1)
    assert got == want


# --- pass A: runs of combining marks found from their first mark ------------------------------------

NFC_PIECES = ["a", "e", "o", "u", "y", "K", " ", "\n", "\u0300", "\u0301", "\u0302", "\u0303", "\u0309", "\u0323",
              "\u031b", "\u0308", "\u20d0", "\ufe20", "\u1dc0", "ê", "ư", "1", "\u00e9"]


@settings(max_examples=500, deadline=None)
@given(texts(NFC_PIECES, max_size=30))
def test_mark_runs_split_is_the_plain_split(text):
    assert C._MARK_RUNS.split(text) == re.split("([" + C._MARKS + "]+)", text)


@settings(max_examples=500, deadline=None)
@given(texts(NFC_PIECES, max_size=30))
def test_bulk_nfc_is_the_plain_pass(text):
    """``_apply_nfc`` gives the text and map of the former loop calling ``_nfc_repl`` at every base character
    and the marks on it."""
    assert _as_plain(C._apply_nfc(text)) == _apply_plain((C._COMBINING,), text, C._nfc_repl)
