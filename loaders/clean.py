"""Stage of pipeline.extract_text: clean text for matching while keeping a map back to the original.

Every later stage works on ``Cleaned.text``
every span it reports goes through
``Cleaned.to_orig(start, end)`` so that spans are ``[start, end)`` offsets into
the ORIGINAL decoded text the user gave.

The map is piecewise: each pass records segments ``(clean_start, orig_start,
clean_len, orig_len, is_copy)``. Copied runs map 1:1
a replaced chunk maps as a
whole (its inner positions go to the chunk's start/end). Only the changes are
visited in Python, so cleaning costs O(number of changes), not O(characters).

Passes:
  0. same-length: non-breaking/odd spaces and tabs -> ' '
  A. NFC (only when the text is not already NFC): each base char + its combining
     marks is composed
  B. markup and typography: markdown ``**``/``*``/``_`` emphasis, ``#`` headings,
     backslash escapes, ``<sup>..</sup>`` footnote markers, other HTML tags,
     a few HTML entities, zero-width characters and soft hyphens, and old-style
     tone placement ("uỷ" -> "ủy", "hoà" -> "hòa") in open syllables
  C. layout: whitespace inside document codes ("49/KH- UBND", "05-\\n\\nCT/TW"),
     and line breaks: a soft break (next line starts in lower case, or with a
     number that is not a list marker) becomes a space
     any other break becomes
     one "\\n" (a paragraph boundary).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, repeat
from operator import methodcaller
from typing import NamedTuple

from .scan import class_of, led_by_each, led_by_each_or_after

# ---------------------------------------------------------------------------------------------
# Offset maps


class SegMap:
    """Map positions of an output string back to its input string.

    >>> cl = clean("Số: 49/KH- UBND")
    >>> mp = cl.maps[-1]
    >>> (mp.start(11), mp.end(15))
    (12, 15)
    """

    __slots__ = ("cs", "os", "cl", "ol", "cp", "out_len", "in_len")

    def __init__(self, in_len: int):
        self.cs: list[int] = []
        self.os: list[int] = []
        self.cl: list[int] = []
        self.ol: list[int] = []
        self.cp: list[bool] = []
        self.out_len = 0
        self.in_len = in_len

    def start(self, p: int) -> int:
        """The input position of output position ``p`` (a span's start).

        >>> clean("Số: 49/KH- UBND").maps[-1].start(11)   # "U" of UBND: after the dropped space
        12
        """
        if p >= self.out_len:
            return self.in_len
        k = bisect_right(self.cs, p) - 1
        if k < 0:
            return 0
        return self.os[k] + (p - self.cs[k]) if self.cp[k] else self.os[k]

    def end(self, e: int) -> int:
        """The input position of output end ``e`` (a span's end, exclusive).

        >>> clean("Số: 49/KH- UBND").maps[-1].end(15)
        15
        """
        if e <= 0:
            return 0
        if e > self.out_len:
            return self.in_len
        q = e - 1
        k = bisect_right(self.cs, q) - 1
        if k < 0:
            return 0
        return self.os[k] + (q - self.cs[k]) + 1 if self.cp[k] else self.os[k] + self.ol[k]


_START = methodcaller("start")


def _close_segments(text, parts, cs, os_, cl, ol, cp, po: int, ps: int):
    """Copy the rest of `text` from `ps` and make the segment map of a rewrite pass."""
    n = len(text) - ps
    if n > 0:
        parts.append(text[ps:])
        cs.append(po)
        os_.append(ps)
        cl.append(n)
        ol.append(n)
        cp.append(True)
        po += n
    mp = SegMap(len(text))
    mp.cs, mp.os, mp.cl, mp.ol, mp.cp, mp.out_len = cs, os_, cl, ol, cp, po
    return "".join(parts), mp


def _apply(trigger, text: str, repl, fixed: dict[str, str | tuple[str, int]] | None = None
           ) -> tuple[str, SegMap | None]:
    """Scan with cheap ``trigger`` regexes (each starts with a literal or a small character class,
    so the regex engine skips ahead in C
    several are merged in text order)
    ``repl(m, text)``
    returns None or ``(start, end, replacement)`` (a span of ``text``). A match whose last named group is a
    key of ``fixed`` is replaced whole by its value, without the call; a value ``(replacement, back)``
    replaces from ``back`` characters before the match (characters its lookbehind has seen).

    The segments are built with local lists (this loop runs for every change in every plan):
    copied runs, and one segment per replaced chunk."""
    if isinstance(trigger, (list, tuple)):
        matches = [m for p in trigger for m in p.finditer(text)]
        matches.sort(key=_START)
    else:
        matches = trigger.finditer(text)
    parts: list[str] = []
    cs: list[int] = []
    os_: list[int] = []
    cl: list[int] = []
    ol: list[int] = []
    cp: list[bool] = []
    ps = po = 0
    changed = False
    for m in matches:
        if fixed is not None and (new := fixed.get(m.lastgroup)) is not None:
            start, end = m.span()
            if new.__class__ is tuple:
                new, back = new
                start -= back
        else:
            r = repl(m, text)
            if r is None:
                continue
            start, end, new = r
        if end <= ps:          # already consumed by the previous replacement
            continue
        if start < ps:
            start = ps
        n = start - ps         # copy up to the change
        if n > 0:
            parts.append(text[ps:start])
            cs.append(po)
            os_.append(ps)
            cl.append(n)
            ol.append(n)
            cp.append(True)
            po += n
            ps = start
        if len(new) == end - start and text.startswith(new, start):   # no change: copied as it is (no slice)
            n = end - ps
            if n > 0:
                parts.append(text[ps:end])
                cs.append(po)
                os_.append(ps)
                cl.append(n)
                ol.append(n)
                cp.append(True)
                po += n
            ps = max(ps, end)
            continue
        changed = True
        if new:
            parts.append(new)
            cs.append(po)
            os_.append(start)
            cl.append(len(new))
            ol.append(end - start)
            cp.append(False)
            po += len(new)
        ps = end
    if not changed:
        return text, None
    return _close_segments(text, parts, cs, os_, cl, ol, cp, po, ps)


# ---------------------------------------------------------------------------------------------
# Pass 0: same-length replacements

_SPACES = {
    ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\x0b\x0c"
}
_SPACES[ord("\r")] = "\n"   # CRLF -> "\n\n" (a paragraph break either way); CR alone -> "\n"
# look-alikes met in converted documents: Icelandic eth for Đ, Unicode hyphens/minus, fullwidth slash
_SPACES.update({0xD0: "Đ", 0xF0: "đ", 0x2010: "-", 0x2011: "-", 0x2212: "-", 0xFF0F: "/", 0x2044: "/"})

_ODD_SPACE = re.compile("[" + "".join(chr(k) for k in _SPACES) + "]")
# the same characters for ``str`` tests: "c in text" is a fast C search (much faster than the
# character-class regex), and chained ``str.replace`` of the few present is much faster than
# ``str.translate`` on a non-Latin-1 text; no replacement is itself a key, so the result is the same
_ODD_CHARS = tuple((chr(k), v) for k, v in _SPACES.items())


def _fix_odd(text: str) -> str:
    for c, r in _ODD_CHARS:
        if c in text:
            text = text.replace(c, r)
    return text

# ---------------------------------------------------------------------------------------------
# Pass A: NFC

_MARKS = "\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"   # combining marks
_COMBINING = re.compile("[^" + _MARKS + "][" + _MARKS + "]+", re.S)   # a character and the marks on it
# (kept by split; "[marks][marks]*", not "[marks]+": a group led by a class, not by a repeat, lets the engine
# skip to a mark in C)
_MARK_RUNS = re.compile("([" + _MARKS + "][" + _MARKS + "]*)")


def _nfc_repl(m: re.Match, text: str):
    s = m.group(0)
    n = unicodedata.normalize("NFC", s)
    return (m.start(), m.end(), n) if n != s else None


def _apply_nfc(text: str) -> tuple[str, SegMap | None]:
    """``_apply(_COMBINING, text, _nfc_repl)`` in bulk: a decomposed text has a sequence to compose
    in nearly every word, so the chunks are normalised by one ``map`` and the segments built in
    one loop (the same segments: a copied run before each changed chunk, the chunk replaced).

    The chunks are told by one ``split`` on runs of marks (C work, no match object per chunk): a
    chunk is a run with the character before it, as ``_COMBINING`` matches it (runs are maximal, so
    that character is never a mark; a run at the very start has none and is no chunk).

    >>> t, mp = _apply_nfc("Ke\u0302\u0301 hoa\u0323ch"); t, mp.start(1), mp.end(2), mp.start(6)
    ('Kế hoạch', 1, 4, 9)
    """
    pieces = _MARK_RUNS.split(text)   # text, run, text, run, …, text
    if len(pieces) == 1:
        return text, None
    bounds = list(accumulate(map(len, pieces)))
    # run k is pieces[2k + 1]; its chunk starts one character before it, where the text before it ends
    spans = [(s - 1, e) for s, e in zip(bounds[0:-1:2], bounds[1::2], strict=True) if s]
    olds = [text[s:e] for s, e in spans]
    news = list(map(unicodedata.normalize, repeat("NFC", len(olds)), olds))
    parts: list[str] = []
    cs: list[int] = []
    os_: list[int] = []
    cl: list[int] = []
    ol: list[int] = []
    cp: list[bool] = []
    ps = po = 0
    changed = False
    for (start, end), old, new in zip(spans, olds, news, strict=True):
        if new == old:
            continue
        changed = True
        if start > ps:
            n = start - ps
            parts.append(text[ps:start])
            cs.append(po)
            os_.append(ps)
            cl.append(n)
            ol.append(n)
            cp.append(True)
            po += n
        parts.append(new)   # (never empty: NFC of a base character and its marks)
        cs.append(po)
        os_.append(start)
        cl.append(len(new))
        ol.append(end - start)
        cp.append(False)
        po += len(new)
        ps = end
    if not changed:
        return text, None
    return _close_segments(text, parts, cs, os_, cl, ol, cp, po, ps)


# ---------------------------------------------------------------------------------------------
# Pass B: markup, zero-width, tone placement


def _tone_table() -> dict[str, str]:
    """'oà' -> 'òa', 'uỷ' -> 'ủy', ... (old-style tone on the 2nd vowel of oa/oe/uy)."""
    marks = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    table: dict[str, str] = {}
    for first, seconds in (("o", "ae"), ("u", "y")):
        for second in seconds:
            for mk in marks:
                for up1 in (False, True):
                    for up2 in (False, True):
                        f = first.upper() if up1 else first
                        s = second.upper() if up2 else second
                        old = f + unicodedata.normalize("NFC", s + mk)
                        new = unicodedata.normalize("NFC", f + mk) + s
                        table[old] = new
    return table


_TONES = _tone_table()
_TONE_SECOND = "".join(sorted({k[1] for k in _TONES}))



# the tone trigger skips what ``_b_repl`` rejects: after "q"/"Q", or followed by a letter (a closed syllable)
_ZW_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"   # zero-width characters and the soft hyphen: dropped
_SUPERSCRIPTS = "¹²³⁰⁴⁵⁶⁷⁸⁹"   # a footnote's number after a word: "90/KH-UBND¹", "Chính phủ²"
_MARKUP_CHARS = "<*_#\\&>[" + _ZW_CHARS + _SUPERSCRIPTS
# the characters looked for in every text ("c in t"); the superscripts from "⁰" on only in a text that has one
# of "¹²³" (footnotes are numbered from 1; the search for those four times slower characters is left out of
# most plans)
_MARKUP_FIRST = _MARKUP_CHARS[:-7]
# (after o/u; the toned vowel is tested first and "q" read back after it: most o/u have no toned vowel after them)
_OLD_TONE_AFTER = ("[" + _TONE_SECOND + r"](?<![qQ][oOuU][" + _TONE_SECOND + r"])(?![" + class_of(str.isalpha)
                   + r"])")
# the same triggers split by their first character (scan.led_by_each), merged in text order by _apply
_MARKUP_ONE = dict(zip(_MARKUP_CHARS, led_by_each(_MARKUP_CHARS, ""), strict=True))
# a run of stars ("**bold**") and one of zero-width characters go whole, as ``_b_repl`` takes them: one match
# each, replaced without a call (``_B_FIXED``). The character stands before the group: a pattern whose first
# item is a repeat ("(\*+)") has no literal prefix, and the engine would try it at every position
_MARKUP_ONE.update({c: re.compile(re.escape(c) + "(?P<drop>" + (r"\**" if c == "*" else "[" + _ZW_CHARS + "]*") + ")")
                    for c in "*" + _ZW_CHARS})
_B_FIXED = {"drop": "", "footnote": ""}
# a footnote's mark right after a word, a code or a closing mark: "500/QĐ-TTg[1] ngày", "[12]", "[^3]"
_FOOTNOTE = re.compile(r"\[(?:(?<=[^\W_]\[)|(?<=[).”\"*]\[))\^?\d{1,3}\](?P<footnote>)")   # ("**…**[1]": after bold)
_MARKUP_ONE["["] = _FOOTNOTE
# a heading's "#" and a quote's ">" count only at a line's start (``_line_start``): none after a character other
# than a space, a tab or a line break is a trigger ("###": only the first "#")
_MARKUP_ONE.update({c: re.compile(re.escape(c) + r"(?<![^ \t\n]" + re.escape(c) + ")") for c in "#>"})
_TONE_ONE = led_by_each("oOuU", _OLD_TONE_AFTER)
_SUP = re.compile(r"<sup>[^<]{0,12}</sup>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?>")
_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|apos|#\d{1,6});", re.I)
_ONE_BREAK = r"(?:\\r\\n|\\r(?!\\n)|\\n(?![A-Za-z]))"    # (a lone "\n" before a letter may be a path: "C:\new")
_LITERAL_BREAKS = re.compile(_ONE_BREAK + r"(?:[ \t]*" + _ONE_BREAK + r")*")
# a run of literal breaks is one trigger, replaced without a call (``_b_backslash`` gives "\n" for it; each
# backslash inside it would call it again for nothing); another backslash is a trigger of its own
_MARKUP_ONE["\\"] = re.compile(r"\\(?:(?P<lit_break>(?:r\\n|r(?!\\n)|n(?![A-Za-z]))(?:[ \t]*" + _ONE_BREAK
                                + r")*)|)")
_B_FIXED["lit_break"] = "\n"
_ESC = re.compile(r"\\([*_#\[\]().\-+!`])")
_ZW = re.compile("[" + _ZW_CHARS + "]+")
_ENT = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}
_BLOCK_TAGS = ("<br", "<p", "</p", "<div", "</div", "<li", "</li", "<tr", "</tr")


def _line_start(text: str, i: int) -> bool:
    j = i
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j == 0 or text[j - 1] == "\n"


def _b_repl(m: re.Match, text: str):
    """Pass B's replacement at a trigger: (start, end, new text) or None to keep the text. Markup goes
    (tags, "**", "#", "> ", entities, escapes, zero-width characters), old-style tones move ("oà" -> "òa").

    >>> t = "<b>Kế hoạch</b> số **12**, ho&#224;"
    >>> _b_repl(re.compile("<").search(t), t), _b_repl(re.compile("&").search(t), t)
    ((0, 3, ''), (29, 35, 'à'))
    """
    i = m.start()
    ch = text[i]
    markup = _MARKUP_BY_CHAR.get(ch)
    if markup is not None:
        return markup(text, i)
    if ch in _ZW_CHARS:
        return i, _ZW.match(text, i).end(), ""
    # tone placement: "oà" -> "òa" in an open syllable, not after "q"
    if i > 0 and text[i - 1] in "qQ":
        return None
    e = m.end()
    if e < len(text) and text[e].isalpha():
        return None
    new = _TONES.get(m.group(0))
    return (i, e, new) if new else None


def _b_tag(text: str, i: int):
    s = _SUP.match(text, i)
    if s:
        return i, s.end(), ""
    t = _TAG.match(text, i)
    if t:
        low = t.group(0).lower()
        if low.startswith(_BLOCK_TAGS):
            return i, t.end(), "\n"
        if low.startswith(("<td", "</td", "<th", "</th")):
            return i, t.end(), " "
        return i, t.end(), ""
    return None


def _b_stars(text: str, i: int):
    j = i
    while j < len(text) and text[j] == "*":
        j += 1
    return i, j, ""


def _b_underscores(text: str, i: int):
    j = i
    while j < len(text) and text[j] == "_":
        j += 1
    before = text[i - 1] if i else " "
    after = text[j] if j < len(text) else " "
    if (before.isspace() or before in "([“\"") and not after.isspace():
        return i, j, ""
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]”\""):
        return i, j, ""
    return None


def _b_heading(text: str, i: int):
    if not _line_start(text, i):
        return None
    j = i
    while j < len(text) and text[j] == "#" and j - i < 6:
        j += 1
    k = i
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    while j < len(text) and text[j] in " \t":
        j += 1
    return k, j, ""


def _b_quote(text: str, i: int):
    if not _line_start(text, i):
        return None
    j = i + 1
    if j < len(text) and text[j] in " \t":
        j += 1
    return i, j, ""


def _b_backslash(text: str, i: int):
    # literal "\r\n" / "\n" escape sequences left by a scraper: line breaks
    lit = _LITERAL_BREAKS.match(text, i)
    if lit:
        return i, lit.end(), "\n"
    e = _ESC.match(text, i)
    return (i, e.end(), e.group(1)) if e else None


def _b_entity(text: str, i: int):
    e = _ENTITY.match(text, i)
    if not e:
        return None
    ent = e.group(0).lower()
    if ent in _ENT:
        return i, e.end(), _ENT[ent]
    try:
        return i, e.end(), chr(int(ent[2:-1]))
    except ValueError:
        return None


def _b_footnote(text: str, i: int):
    # "[1]", "[12]", "[^3]" right after a word, a code or a closing mark: a footnote's mark
    f = _FOOTNOTE.match(text, i)
    return (i, f.end(), "") if f else None


def _b_superscript(text: str, i: int):
    # superscript digits after a word or a code: a footnote's number ("90/KH-UBND¹ ngày"), not a unit's
    # power ("50 km²")
    j = i
    while j < len(text) and text[j] in _SUPERSCRIPTS:
        j += 1
    if i == 0 or text[i - 1].isspace() or text[i - 1] in _SUPERSCRIPTS or _UNIT.search(text, max(0, i - 3), i):
        return None
    return i, j, ""


_UNIT = re.compile(r"(?<![^\W\d_])[kcdmh]?m$")
_MARKUP_BY_CHAR = {"<": _b_tag, "*": _b_stars, "_": _b_underscores, "#": _b_heading, ">": _b_quote,
                   "\\": _b_backslash, "&": _b_entity, "[": _b_footnote, **dict.fromkeys(_SUPERSCRIPTS, _b_superscript)}


# ---------------------------------------------------------------------------------------------
# Pass C: codes split by whitespace; soft line breaks



# Characters that, right after a lone "\n", make the break a hard one that is kept as it is (not lower
# case, not a digit, not ",;()", not whitespace): ``_c_repl`` returns None for them unless the text is
# hard-wrapped. Checked with the same str predicates ``_c_repl`` uses.
_HARD_START = class_of(lambda c: not c.isspace() and not c.islower() and not c.isdigit() and c not in ",;)(")
_HARD_START_WRAPPED = class_of(lambda c: not c.isspace() and not c.islower() and not c.isdigit() and c not in ",;)("
                                and not c.isupper())   # in a hard-wrapped text a capital may continue a line
_LIST_MARKER = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*[.)]|[IVXLC]{1,6}[.)\-]|[a-zđ][)]|[-+•–—*])\s")
_NUM_WORDS = ("tháng", "ngày", "năm", "số", "Số", "khoản", "điều", "Điều", "quý", "Quý")
_NUM_WORD_END = re.compile("(?:" + "|".join(_NUM_WORDS) + ")$")
# a character before a line break that no number word ends with (so "\n1. " after it is a list item)
_NOT_NUM_WORD_END = "[^" + "".join(sorted({w[-1] for w in _NUM_WORDS})) + r"\s]"
# a character before a line break after which a capital starts a new line even in a hard-wrapped text
_NOT_JOINING = "[" + class_of(lambda c: not c.isalnum() and c not in "-–,(" and not c.isspace()) + "]"
# Triggers that ``_c_repl`` would reject are skipped by the patterns themselves (a Python call each
# is most of the cost of this pass):
#  * a separator after anything but a space, a tab or an ASCII letter/digit/Đ/đ ("\n- ..." bullets);
#    one after a single space that follows anything but such a letter or digit ("kinh tế - xã hội");
#  * a lone line break kept as it is (``_break_runs``).
# (separate simple patterns: the regex engine skips ahead to a literal or a character class in C,
# an alternation of them scans much more slowly)
#  * a separator between spaces (``_c_spaced_separator``) before anything but a capital, or one after a
#    single space that follows a letter (no number before it) unless two capitals (an issuer) follow:
#    "2021 - 2025", "Độc lập - Tự do", "Tài chính – Kế toán"
# (the whitespace after the separator is looked at first: most separators, in dates and codes, have none)
#  * a slash between single spaces after a capital goes on only before two capitals: "21-NQ / TU"
#    (``_c_spaced_separator``: a Party code's number and type before it)
_SEP_AFTER = (r"(?=[ \t\n])(?<=[ \tA-Za-z0-9Đđ][-/–—])(?<![^A-Za-z0-9Đđ \t][ \t][-/–—])"
              r"(?:(?<![ \t][-/–—])"
              r"|(?<=[-–—])(?=[ \t]+[A-ZĐ])(?:(?<![A-Za-zĐđ][ \t][-–—])|(?=[ \t]+[A-ZĐ]{2}))"
              r"|(?<=/)(?<![A-Za-zĐđ][ \t]/)(?=[ \t]+(?:\d{4}/)?[A-ZĐ])"
              r"|(?<=[A-ZĐ][ \t]/)(?=[ \t]+[A-ZĐ]{2}))"
              r"[ \t\n]")   # after a separator
# "[-/–—]" + _SEP_AFTER split by first character, each also finding " [/\-–—][A-ZĐ]" (group "space_sep"; a space
# is too frequent a first character to scan for): matches start at the separator
_SEPARATORS = "-/–—"   # (the em dash, like the en dash, sometimes stands for a code's hyphen: "152/QĐ—UBND")
_SEP_ONE = led_by_each_or_after(_SEPARATORS, _SEP_AFTER, " ", "[A-ZĐ]", "space_sep")


@cache   # (one pattern per join length a text is wrapped at: a few dozen at most)
def _break_runs(hard_start: str, join_at: int | None) -> re.Pattern:
    r"""One match per run of whitespace holding a line break, from its first "\n" (the run
    ``_c_line_break`` replaces). The runs whose replacement is certain are told by a named group, replaced
    without a Python call (``_C_FIXED``); a lone "\n" that ``_c_line_break`` would keep is no match:

    * ``soft``: a break before a lower-case letter that starts no list item: " "
    * ``hard``: a run longer than "\n" before a hard line start, the end, a digit after ".:;!?", a list
      item after a character no number word ends with, or (hard-wrapped text) a capital after a short
      line or after a character that ends no joined line: one "\n"

    (each after a character other than a space or a tab: ``_c_line_break`` starts a run at those)

    * ``soft_sp``, ``hard_sp``: a break after one space or tab that follows another character, before a
      lower-case letter that starts no list item (" "), or before a hard line start, the end or a
      lower-case list item ("\n"): the run replaced starts at that space (``_C_FIXED`` steps back one;
      what comes before it does not matter then)

    The rest goes to ``_c_repl``.

    >>> [(m.lastgroup, m.group()) for m in _break_runs(_HARD_START, None).finditer("hoạch\n\nthực.\n \nI.\nII")]
    [('soft', '\n\n'), ('hard', '\n \n')]
    >>> [(m.lastgroup, m.group()) for m in _break_runs(_HARD_START, None).finditer("hoạch \n\nthực. \nII")]
    [('soft_sp', '\n\n'), ('hard_sp', '\n')]
    """
    lst = _LIST_MARKER.pattern
    hard = (r"\s++(?:(?=[" + hard_start + r"])|\Z)|(?<=[.:;!?]\n)\s++(?=[0-9])|(?<=" + _NOT_NUM_WORD_END
            + r"\n)\s++(?=" + lst + ")")
    kept = r"(?![" + hard_start + r"])(?!(?<=[.:;!?]\n)[0-9])(?!(?<=" + _NOT_NUM_WORD_END + r"\n)" + lst + r")(?!\Z)"
    if join_at is not None:   # (hard-wrapped: a line of ``join_at`` characters or more may go on)
        # a capital after it starts a line
        new_line = r"(?:(?<![^\n]{" + str(join_at) + r"}\n)|(?<=" + _NOT_JOINING + r"\n))"
        hard += "|" + new_line + r"\s++(?=[" + class_of(str.isupper) + "])"
        kept += r"(?!" + new_line + "[" + class_of(str.isupper) + "])"
    lower = "[" + class_of(str.islower) + "]"
    # one lookbehind per kind of character before the break (not a space or a tab, one space or tab
    # after such a character, any space or tab, none: the text's start), each tried once at every "\n";
    # a hard run has whitespace after its "\n", looked at before its lookbehinds (most breaks are lone)
    return re.compile(r"\n(?:(?<=[^ \t]\n)(?:(?P<soft>\s*+(?=" + lower + r")(?!" + lst + r"))"
                      r"|(?P<hard>(?=\s)(?:" + hard + r"))|" + kept + r"\s*+)"
                      r"|(?<=[^ \t][ \t]\n)(?:(?P<soft_sp>\s*+(?=" + lower + r")(?!" + lst + r"))"
                      r"|(?P<hard_sp>\s*+(?:(?=[" + hard_start + r"])|\Z|(?=" + lower + r")(?=" + lst + r"))))"
                      r"|(?<=[ \t]\n)\s*+|(?<=\A\n)" + kept + r"\s*+)")


# two spaces inside a sentence (justified or converted text: "tháng 8  năm", "đối  với"), told by what
# follows: a lower-case letter or a digit. Three or more stay (a header's cells), and so do two before a
# capital ("ỦY BAN NHÂN DÂN  Số: 12/KH-UBND": header cells too, the motto's or the number's).
_IN_SENTENCE = class_of(lambda c: c.islower() or c.isdigit())
# (led by its two spaces, which the engine skips to; a pattern led by a lookbehind is tried at every position)
_DOUBLE_SPACE = re.compile(r"(?P<space2>  )(?<=\S  )(?=[" + _IN_SENTENCE + "])")
# (a pair: the replacement, and how many characters before the match its run starts)
_C_FIXED = {"soft": " ", "hard": "\n", "soft_sp": (" ", 1), "hard_sp": ("\n", 1), "space2": " "}
# the separator patterns without the en and em dashes', for a text that has neither (most plans): not scanned
# for them
_SEP_NO_EN = tuple(p for c, p in zip(_SEPARATORS, _SEP_ONE, strict=True) if c not in "–—")
# a line break inside a code, before its separator: "72\n/KH-UBND", "73/KH\n-UBND" (``_c_code_break``)
# (one blank line and indentation may stand there too: a copy with CRLF line ends, an indented one)
_CODE_BREAK = re.compile(r"\n(?<=[0-9A-Za-zĐđ]\n)(?:[ \t]*\n)?[ \t]*(?=[/\-–—][A-ZĐ])")


@cache
def _c_triggers(join_at: int | None, en_dash: bool) -> tuple[re.Pattern, ...]:
    """Pass C's triggers for a text wrapped with lines that go on from ``join_at`` characters (None: not
    wrapped, see :class:`Wrap`), and holding an en or em dash or not."""
    return (*(_SEP_ONE if en_dash else _SEP_NO_EN), _DOUBLE_SPACE, _CODE_BREAK,
            _break_runs(_HARD_START if join_at is None else _HARD_START_WRAPPED, join_at))


_C_TRIGGERS = _c_triggers(None, True)


_CODEISH = re.compile(r"[0-9A-ZĐa-zđ/\-]*\d[0-9A-ZĐa-zđ/\-]*$|[0-9A-ZĐ/\-]+$")


# a line with a line break after it: the line, the blank lines after it, and the next line's first character
# (from a line's start: a pattern led by "[^\n]*" tried at every position is quadratic where it fails)
_BREAK = re.compile(r"^([^\n]*)\n((?:[^\S\n]*\n)*)(?=[^\S\n]*(\S))", re.M)
_BREAK_FIRST = re.compile(r"\n\s*(\S)")
_NO_JOIN_START = re.compile(r"(?:Thực hiện|Căn cứ|Triển khai|Trên cơ sở|Nơi nhận|NƠI NHẬN|TM\.|KT\.|TL\.|Q\.|Số\s*:|"
                            r"Trên đây|Để|Nhằm|Xét|Theo|Phần|PHẦN)\b")


_CODE_HEAD = re.compile(r"\d{1,5}[A-Za-z]?(?:/\d{4})?[-/][A-ZĐ][A-Za-zĐđ]{0,5}(?:/[A-ZĐ][A-Za-zĐđ0-9]*)?")
_ISSUER_TOKEN = re.compile(r"[A-ZĐ]{2,}[A-Za-zĐđ0-9]*(?![^\W\d_])|[A-ZĐ]{2,}(?=[-\s.,;)])")
_PARTY_TAIL = re.compile(r"[A-ZĐ][A-Za-zĐđ]{0,5}/[ \t]?[A-ZĐ]")   # (the space of "22 - KL/ TU" goes too)
_PARTY_HEAD = re.compile(r"\d{1,5}[A-Za-z]?[-–—][A-ZĐ][A-Za-zĐđ]{0,4}[A-ZĐ]")   # "21-NQ" of "21-NQ / TU"
_NUMBER = re.compile(r"\d{1,5}[A-Za-z]?")
_STATE_TAIL = re.compile(r"(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ]{0,5}(?:-[A-ZĐ]|[\s.,;)])")



class Wrap(NamedTuple):
    """How a hard-wrapped text is wrapped: ``mode`` "lines" (a line break inside a sentence is one newline,
    so a blank line ends a paragraph, as in a copy of a PDF) or "blank" (every break is a blank line,
    " \\n\\n", so a blank line may be inside a sentence too); ``join_at``: the length from which a line
    may go on before a capital (a shorter one ended its paragraph: most of a wrapped line's width).

    >>> _hard_wrapped("Ủy ban nhân dân huyện ban hành kế hoạch thực hiện công tác dân\\nvận.\\n" * 8)
    Wrap(mode='lines', join_at=46)
    """
    mode: str
    join_at: int


MIN_JOIN = 40   # (a line shorter than this never goes on before a capital, however narrow the wrapping)
MAX_WIDTH = 120   # (no page or converter wraps wider)


def _hard_wrapped(text: str) -> Wrap | None:
    """Whether a text is wrapped at a fixed width (every line broken, mid-sentence ones included), and
    how (see :class:`Wrap`); None when it is not.

    >>> _hard_wrapped("Kế hoạch hành động\\nthực hiện\\n\\nII.\\n" * 8)
    Wrap(mode='lines', join_at=40)
    >>> _hard_wrapped(("Ủy ban nhân dân huyện ban hành kế hoạch thực hiện công tác dân " + " \\n\\nvận\\n") * 8)
    Wrap(mode='blank', join_at=46)
    """
    firsts = _BREAK_FIRST.findall(text)          # the first character after each break
    n_soft = sum(map(str.islower, firsts))
    if n_soft < 8 or n_soft < 0.25 * len(firsts):
        return None   # (most texts: told without reading their lines)
    soft = [(line, blank) for line, blank, first in _BREAK.findall(text) if first.islower()]
    soft_lines = [len(line.rstrip()) for line, _blank in soft]   # the length of each line a soft break ends
    one_newline = sum(not blank for _line, blank in soft)
    width = sorted(soft_lines)[len(soft_lines) // 2]   # (the median: most soft breaks end a full line)
    if width > MAX_WIDTH:
        return None   # (lines that long are paragraphs broken by hand, not a page's width)
    return Wrap("lines" if one_newline * 2 > len(soft_lines) else "blank", max(MIN_JOIN, width * 3 // 4))


def _c_repl(m: re.Match, text: str, wrapped: Wrap | None = None):
    """Pass C's replacement at a trigger: (start, end, new text) or None to keep the text.

    Spaces inside a document number go ("49/KH- UBND" -> "49/KH-UBND"), a soft line break inside a
    sentence becomes a space, a run of blank lines one "\\n", two spaces inside a sentence one.

    >>> t = "Kế hoạch số 49/KH- UBND"
    >>> _c_repl(re.compile("-").search(t), t)     # "- " -> "-"
    (17, 19, '-')
    """
    i = m.start()
    if m.lastgroup == "space_sep":   # (" -X" found from its separator: the match starts at the space)
        i -= 1
    ch = text[i]
    if ch == " " and text[i + 1] == " ":
        return _c_double_space(text, i)
    if ch == " " and text[i + 1] in "-–—":
        return _c_space_dash(text, i)
    if ch in "-/–—":
        if i > 0 and text[i - 1] in " \t":
            return _c_spaced_separator(text, i, ch)
        return _c_separator_then_space(text, i, ch)
    nl = m.group(0).find("\n")
    if nl > 0:
        i += nl
        ch = "\n"
    if ch != "\n":
        return _c_space_before_slash(text, i)
    return _c_line_break(text, i, wrapped)


def _c_double_space(text: str, i: int):
    # two spaces (no more) between words of a sentence: one
    n = len(text)
    if i > 0 and not text[i - 1].isspace() and i + 2 < n and (text[i + 2].islower() or text[i + 2].isdigit()):
        return i, i + 2, " "
    return None


def _c_space_dash(text: str, i: int):
    # "Số: 01 -KH/BCĐ", "số 21 –NQ/BCH": spaces between a number and a Party code's dash
    if not _PARTY_TAIL.match(text, i + 2):
        return None
    k = i
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    d = k
    while d > 0 and text[d - 1].isdigit() and k - d < 5:
        d -= 1
    if d < k and (d == 0 or not text[d - 1].isalnum()):
        return k, i + 1, ""
    return None


def _c_spaced_separator(text: str, i: int, ch: str):
    # spaces on both sides of a separator: "35 - KL/TW", "123 / QĐ-UBND"
    n = len(text)
    k0 = i
    while k0 > 0 and text[k0 - 1] in " \t":
        k0 -= 1
    j = i + 1
    while j < n and text[j] in " \t":
        j += 1
    if ch in "-–—" and _ISSUER_TOKEN.match(text, j) and _code_before_issuer(text, k0):
        return k0, j, ch
    if ch == "/" and k0 == i - 1 and _ISSUER_TOKEN.match(text, j) and _party_head_before(text, k0):
        return k0, j, ch   # "21-NQ / TU"
    d = k0
    while d > 0 and text[d - 1].isdigit() and k0 - d < 5:
        d -= 1
    if d == k0 or (d > 0 and not text[d - 1].isspace()):
        return None
    nxt_re = _PARTY_TAIL if ch in "-–—" else _STATE_TAIL
    if not nxt_re.match(text, j):
        return None
    return k0, j, ch


def _code_before_issuer(text: str, k0: int) -> bool:
    # "12/KH - UBND": the left part (ending at k0) is already a code, the right one an issuer code
    t0 = k0
    while t0 > 0 and not text[t0 - 1].isspace() and k0 - t0 < 30:
        t0 -= 1
    if _CODE_HEAD.fullmatch(text, t0, k0):
        return True
    if text[t0:t0 + 1] == "/":
        # "36 /KH - UBND": the number stands before the slash, spaces between
        t1 = t0
        while t1 > 0 and text[t1 - 1] in " \t":
            t1 -= 1
        while t1 > 0 and text[t1 - 1].isdigit() and t0 - t1 < 12:
            t1 -= 1
        if (t1 == 0 or text[t1 - 1].isspace() or text[t1 - 1] in ":(") and \
                _CODE_HEAD.fullmatch("".join(text[t1:k0].split())):
            return True
    return False


def _c_separator_then_space(text: str, i: int, ch: str):
    # whitespace after a separator inside a code: "49/KH- UBND", "05-\n\nCT/TW"
    n = len(text)
    if i == 0 or not (text[i - 1].isascii() and text[i - 1].isalnum() or text[i - 1] in "Đđ"):
        return None
    j = i + 1
    while j < n and text[j] in " \t\n":
        j += 1
    if j >= n or not (text[j].isdigit() or text[j].isupper()):
        return None
    k = i
    while k > 0 and not text[k - 1].isspace() and i - k < 40:
        k -= 1
    tok = text[k:i]
    if not tok or not _CODEISH.match(tok) or not (any(c.isdigit() for c in tok) or tok.isupper()):
        return None
    return i, j, ch


def _party_head_before(text: str, k0: int) -> bool:
    # a Party code's number and type ("21-NQ") end at k0, after a space or at the text's start
    t0 = k0
    while t0 > 0 and not text[t0 - 1].isspace() and k0 - t0 < 14:
        t0 -= 1
    return (t0 == 0 or text[t0 - 1].isspace()) and _PARTY_HEAD.fullmatch(text, t0, k0) is not None


def _c_code_break(text: str, i: int, end: int | None = None) -> bool:
    r"""Whether the line break at ``i`` (its run of whitespace up to ``end``, the separator) is inside a code,
    before its separator: "72\n/KH-UBND", "73/KH\n-UBND", "21\n-NQ/TU", "72\n\n  /KH-UBND" (the break goes).

    >>> _c_code_break("số 72\n/KH-UBND", 5), _c_code_break("73/KH\n-UBND", 5), _c_code_break("Điều 2\n-NQ", 6)
    (True, True, False)
    >>> _c_code_break("số 72\n\n  /KH-UBND", 5, 9)
    True
    """
    e = i + 1 if end is None else end
    k = i
    while k > 0 and not text[k - 1].isspace() and i - k < 30:
        k -= 1
    if k > 0 and not text[k - 1].isspace() and text[k - 1] not in "(:":
        return False
    if text[e] == "/":
        return _NUMBER.fullmatch(text, k, i) is not None and _STATE_TAIL.match(text, e + 1) is not None
    if _NUMBER.fullmatch(text, k, i):
        return _PARTY_TAIL.match(text, e + 1) is not None
    return _CODE_HEAD.fullmatch(text, k, i) is not None and _ISSUER_TOKEN.match(text, e + 1) is not None


def _c_space_before_slash(text: str, i: int):
    # "49 /KH-UBND": spaces before the slash after a number ("21-NQ /TU": after a Party code's number and type)
    k = i
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    if _party_head_before(text, k) and _ISSUER_TOKEN.match(text, i + 2):
        return k, i + 1, ""
    d = k
    while d > 0 and text[d - 1].isdigit():
        d -= 1
    if d < k and (d == 0 or not text[d - 1].isalnum()):
        return k, i + 1, ""
    return None


def _c_line_break(text: str, i: int, wrapped: Wrap | None):
    # a run of whitespace containing a newline (at i)
    n = len(text)
    end = i + 1
    while end < n and text[end].isspace():
        end += 1
    if (0 < i and end < n - 1 and text[end] in "/-–—" and text[end + 1] in _CAPITAL_AZ and text[i - 1] in _ALNUM_AZ
            and text.count("\n", i, end) <= 2 and not text[i:end].strip(" \t\n") and _c_code_break(text, i, end)):
        return i, end, ""
    s = i
    while s > 0 and text[s - 1] in " \t":
        s -= 1
    nxt = text[end] if end < n else ""
    prev = text[s - 1] if s > 0 else ""
    run = text[s:end]
    if not nxt or not prev:
        return (s, end, "\n") if run != "\n" else None
    if _soft_break(text, s, end, prev, nxt, wrapped):
        return s, end, " "
    return (s, end, "\n") if run != "\n" else None


_CAPITAL_AZ = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")
_ALNUM_AZ = frozenset("0123456789abcdefghijklmnopqrstuvwxyzđ") | _CAPITAL_AZ
_NUMBERED_DATE_LINE = re.compile(r"\d{1,3}\s*,\s*ngày\b")


def _soft_break(text: str, s: int, end: int, prev: str, nxt: str, wrapped: Wrap | None) -> bool:
    """Whether the line break text[s:end] (between ``prev`` and ``nxt``) is inside a sentence."""
    if nxt.islower():
        return not _LIST_MARKER.match(text, end)
    if nxt.isdigit():
        # "7, ngày 10 tháng 4 năm 2025": a numbered ward's date line starts with its number
        return prev not in ".:;!?" and not _NUMBERED_DATE_LINE.match(text, end) and (
            not _LIST_MARKER.match(text, end) or bool(_NUM_WORD_END.search(text, max(0, s - 12), s))
        )
    if nxt in ",;)":
        return True
    if nxt == "(":
        ls = text.rfind("\n", 0, s) + 1
        return prev not in ".:;!?" and not text[ls:s].isupper()
    if wrapped and nxt.isupper() and (prev.isalnum() or prev in "-–,(") and not _LIST_MARKER.match(text, end):
        if wrapped.mode == "lines" and text.count("\n", s, end) > 1:
            return False   # (a blank line, where a break inside a sentence is one newline: a new paragraph)
        ls = text.rfind("\n", 0, s) + 1
        le = text.find("\n", end)
        prev_line = text[ls:s]
        next_line = text[end:le if le != -1 else len(text)]
        return (len(prev_line) >= wrapped.join_at and not prev_line.isupper() and not next_line.isupper()
                and not _NO_JOIN_START.match(next_line))
    return False


# ---------------------------------------------------------------------------------------------


@dataclass
class Cleaned:
    """The cleaned text, the original, and the maps (one per pass) that take a clean span back.

    >>> cl = clean("Kế hoạch số 49/KH- UBND")
    >>> cl.text, cl.to_orig(12, 22), cl.original[12:23]
    ('Kế hoạch số 49/KH-UBND', (12, 23), '49/KH- UBND')
    """
    text: str
    original: str
    maps: list[SegMap] = field(default_factory=list)   # applied first..last

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """A clean span ``[start, end)`` as a span of the original text.

        >>> cl = clean("Số: 49/KH- UBND"); cl.text[4:14], cl.to_orig(4, 14), cl.original[4:15]
        ('49/KH-UBND', (4, 15), '49/KH- UBND')
        """
        s, e = start, end
        for mp in reversed(self.maps):
            s = mp.start(s)
            e = mp.end(e)
        if e < s:
            e = s
        return s, e

    def orig_pos(self, p: int) -> int:
        """The original position of clean position ``p``.

        >>> clean("Số: 49/KH- UBND").orig_pos(10)
        11
        """
        for mp in reversed(self.maps):
            p = mp.start(p)
        return p


def clean(original: str) -> Cleaned:
    """Clean a plan's text for the finders; ``Cleaned.to_orig`` takes a span back to ``original``.

    >>> cl = clean("<p>Ủy ban nhân dân tỉnh</p>\\nCăn cứ Kế hoạch số 49/KH- UBND")
    >>> cl.text
    '\\nỦy ban nhân dân tỉnh\\nCăn cứ Kế hoạch số 49/KH-UBND'
    """
    maps: list[SegMap] = []
    t = _fix_odd(original)
    if not unicodedata.is_normalized("NFC", t):
        t, mp = _apply_nfc(t)
        if mp:
            maps.append(mp)
        if not unicodedata.is_normalized("NFC", t):  # rare leftovers (e.g. singleton decompositions)
            t2 = unicodedata.normalize("NFC", t)
            if len(t2) == len(t):
                t = t2
    # the markup trigger's characters are each found by a fast C search ("c in t", memchr for
    # ASCII); a plain text has none of them and is scanned for tones only
    present = [c for c in _MARKUP_FIRST if c in t]
    if "¹" in present or "²" in present or "³" in present:
        present += [c for c in _SUPERSCRIPTS[3:] if c in t]
    t, mp = _apply(tuple(map(_MARKUP_ONE.__getitem__, present)) + _TONE_ONE, t, _b_repl, _B_FIXED)
    if mp:
        maps.append(mp)
    wrapped = _hard_wrapped(t)
    triggers = _c_triggers(wrapped.join_at if wrapped else None, "–" in t or "—" in t)
    if wrapped:  # (a soft break may then precede a capital)
        t, mp = _apply(triggers, t, lambda m, x: _c_repl(m, x, wrapped), _C_FIXED)
    else:
        t, mp = _apply(triggers, t, _c_repl, _C_FIXED)
    if mp:
        maps.append(mp)
    return Cleaned(text=t, original=original, maps=maps)


def fold(s: str) -> str:
    """A comparison key: NFC, new-style tones, lower case, single spaces.

    >>> fold("Ủy ban Nhân dân TỈNH Đắk Lắk")
    'ủy ban nhân dân tỉnh đắk lắk'
    """
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"(?<![qQ])[oOuU][" + _TONE_SECOND + r"](?![^\W\d_])", lambda m: _TONES.get(m.group(0), m.group(0)), s)
    return " ".join(s.lower().split())
