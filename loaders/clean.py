"""Stage 2: clean text for matching while keeping a map back to the original.

Every later stage works on ``Cleaned.text``; every span it reports goes through
``Cleaned.to_orig(start, end)`` so that spans are ``[start, end)`` offsets into
the ORIGINAL decoded text the user gave.

The map is piecewise: each pass records segments ``(clean_start, orig_start,
clean_len, orig_len, is_copy)``. Copied runs map 1:1; a replaced chunk maps as a
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
     number that is not a list marker) becomes a space; any other break becomes
     one "\\n" (a paragraph boundary).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# Offset maps


class SegMap:
    """Map positions of an output string back to its input string."""

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
        if p >= self.out_len:
            return self.in_len
        k = bisect_right(self.cs, p) - 1
        if k < 0:
            return 0
        return self.os[k] + (p - self.cs[k]) if self.cp[k] else self.os[k]

    def end(self, e: int) -> int:
        if e <= 0:
            return 0
        if e > self.out_len:
            return self.in_len
        q = e - 1
        k = bisect_right(self.cs, q) - 1
        if k < 0:
            return 0
        return self.os[k] + (q - self.cs[k]) + 1 if self.cp[k] else self.os[k] + self.ol[k]


class _Builder:
    def __init__(self, src: str):
        self.src = src
        self.parts: list[str] = []
        self.map = SegMap(len(src))
        self.ps = 0   # position in src
        self.po = 0   # position in output
        self.changed = False

    def _rec(self, o: int, cl: int, ol: int, cp: bool) -> None:
        m = self.map
        m.cs.append(self.po)
        m.os.append(o)
        m.cl.append(cl)
        m.ol.append(ol)
        m.cp.append(cp)

    def copy_to(self, i: int) -> None:
        n = i - self.ps
        if n > 0:
            self.parts.append(self.src[self.ps:i])
            self._rec(self.ps, n, n, True)
            self.po += n
        self.ps = max(self.ps, i)

    def replace(self, start: int, end: int, new: str) -> None:
        self.copy_to(start)
        if self.src[start:end] == new:
            self.copy_to(end)
            return
        self.changed = True
        if new:
            self.parts.append(new)
            self._rec(start, len(new), end - start, False)
            self.po += len(new)
        self.ps = end

    def finish(self) -> tuple[str, SegMap | None]:
        if not self.changed:
            return self.src, None
        self.copy_to(len(self.src))
        self.map.out_len = self.po
        return "".join(self.parts), self.map


def _apply(pattern: re.Pattern, text: str, repl) -> tuple[str, SegMap | None]:
    b = _Builder(text)
    for m in pattern.finditer(text):
        new = repl(m, text)
        if new is None:
            continue
        b.replace(m.start(), m.end(), new)
    return b.finish()


# ---------------------------------------------------------------------------------------------
# Pass 0: same-length replacements

_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t\x0b\x0c"}
_SPACES[ord("\r")] = "\n"   # CRLF -> "\n\n" (a paragraph break either way); CR alone -> "\n"

# ---------------------------------------------------------------------------------------------
# Pass A: NFC

_COMBINING = re.compile(r"[^\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f][\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+", re.S)


def _nfc_repl(m: re.Match, text: str) -> str | None:
    s = m.group(0)
    n = unicodedata.normalize("NFC", s)
    return n if n != s else None


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

_PASS_B = re.compile(
    r"(?P<sup><sup>[^<]{0,12}</sup>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?>)"
    r"|(?P<ent>&(?:nbsp|amp|lt|gt|quot|apos|#\d{1,6});)"
    r"|(?P<star>\*+)"
    r"|(?P<us>(?:^|(?<=[\s(\[“\"]))_+(?=\S)|(?<=\S)_+(?=[\s.,;:!?)\]”\"]|$))"
    r"|(?P<head>^[ \t]*#{1,6}[ \t]*)"
    r"|(?P<quote>^[ \t]*>[ \t]?)"
    r"|(?P<esc>\\(?P<escc>[*_#\[\]().\-+!`]))"
    r"|(?P<zw>[\u200b\u200c\u200d\u2060\ufeff\u00ad]+)"
    r"|(?P<tone>(?<![qQ])[oOuU][" + _TONE_SECOND + r"](?![^\W\d_]))",
    re.M | re.I,
)
_ENT = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def _b_repl(m: re.Match, text: str) -> str | None:
    kind = m.lastgroup
    if kind in ("sup", "tag", "star", "us", "head", "quote", "zw"):
        if kind == "tag":
            # keep a break where block tags stood, so words do not glue together
            t = m.group(0).lower()
            if t.startswith(("<br", "<p", "</p", "<div", "</div", "<li", "</li", "<tr", "</tr")):
                return "\n"
            if t.startswith(("<td", "</td", "<th", "</th")):
                return " "
        return ""
    if kind == "ent":
        e = m.group(0)
        if e.lower() in _ENT:
            return _ENT[e.lower()]
        try:
            return chr(int(e[2:-1]))
        except ValueError:
            return None
    if kind == "esc":
        return m.group("escc")
    if kind == "tone":
        return _TONES.get(m.group(0))
    return None


# ---------------------------------------------------------------------------------------------
# Pass C: codes split by whitespace; soft line breaks

_PASS_C = re.compile(
    r"(?P<code>(?<=[0-9A-ZĐa-z])[-/][ \t]*(?:\n[ \t]*)*(?=[0-9A-ZĐ]))"
    r"|(?P<slash>(?<=\d)[ \t]+(?=/[A-ZĐ]))"
    r"|(?P<nl>[ \t]*\n\s*)"
)
_LIST_MARKER = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*[.)]|[IVXLC]{1,6}[.)\-]|[a-zđ][)]|[-+•–—*])\s")
_CODEISH = re.compile(r"[0-9A-ZĐa-zđ/\-]*\d[0-9A-ZĐa-zđ/\-]*$|[0-9A-ZĐ/\-]+$")


def _c_repl(m: re.Match, text: str) -> str | None:
    kind = m.lastgroup
    if kind == "code":
        s = m.group(0)
        if len(s) == 1:
            return None
        # the token before the separator must look like a code part: digits, or ALL CAPS
        i = m.start()
        j = i
        while j > 0 and not text[j - 1].isspace() and i - j < 40:
            j -= 1
        tok = text[j:i]
        if not tok or not (_CODEISH.match(tok) and (any(ch.isdigit() for ch in tok) or tok.isupper())):
            return None
        return s[0]
    if kind == "slash":
        i = m.start()
        j = i
        while j > 0 and text[j - 1].isdigit():
            j -= 1
        if j < i and (j == 0 or not text[j - 1].isalnum()):
            return ""
        return None
    # newline run
    end = m.end()
    nxt = text[end] if end < len(text) else ""
    prev = text[m.start() - 1] if m.start() > 0 else ""
    if not nxt or not prev or prev == "\n":
        return "\n" if m.group(0) != "\n" else None
    soft = False
    if nxt.islower():
        soft = not _LIST_MARKER.match(text, end)
    elif nxt.isdigit():
        soft = not _LIST_MARKER.match(text, end) and prev not in ".:;!?"
    elif nxt in ",;)":
        soft = True
    if soft:
        return " "
    return "\n" if m.group(0) != "\n" else None


# ---------------------------------------------------------------------------------------------


@dataclass
class Cleaned:
    text: str
    original: str
    maps: list[SegMap] = field(default_factory=list)   # applied first..last

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        s, e = start, end
        for mp in reversed(self.maps):
            s = mp.start(s)
            e = mp.end(e)
        if e < s:
            e = s
        return s, e

    def orig_pos(self, p: int) -> int:
        for mp in reversed(self.maps):
            p = mp.start(p)
        return p


def clean(original: str) -> Cleaned:
    maps: list[SegMap] = []
    t = original.translate(_SPACES)
    if not unicodedata.is_normalized("NFC", t):
        t, mp = _apply(_COMBINING, t, _nfc_repl)
        if mp:
            maps.append(mp)
        if not unicodedata.is_normalized("NFC", t):  # rare leftovers (e.g. singleton decompositions)
            t2 = unicodedata.normalize("NFC", t)
            if len(t2) == len(t):
                t = t2
    for pat, fn in ((_PASS_B, _b_repl), (_PASS_C, _c_repl)):
        t, mp = _apply(pat, t, fn)
        if mp:
            maps.append(mp)
    return Cleaned(text=t, original=original, maps=maps)


def fold(s: str) -> str:
    """A comparison key: NFC, new-style tones, lower case, single spaces."""
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"(?<![qQ])[oOuU][" + _TONE_SECOND + r"](?![^\W\d_])", lambda m: _TONES.get(m.group(0), m.group(0)), s)
    return " ".join(s.lower().split())
