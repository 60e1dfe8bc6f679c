"""Legacy Vietnamese font encodings (TCVN3/ABC and VNI Windows) to Unicode.

Before Unicode, Vietnamese offices typed in 8-bit fonts (".VnTime", "VNI-Times") that draw
Vietnamese letters at Latin-1 code points: "Uû ban nh©n d©n" is TCVN3 for "Uỷ ban nhân dân",
"Uûy ban nhaân daân" is VNI. The tables are data (``data/legacy_fonts.json``).

``detect(text)`` says "unicode", "tcvn3" or "vni". It never calls a correct Unicode text legacy:
Vietnamese in Unicode always has letters outside Latin-1 (ạ, ư, ơ, đ, ế...), which an 8-bit font
can never produce, so any text holding a fair share of them is Unicode, whatever else it holds.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from .lexicon import load

# Letters only Unicode Vietnamese has (an 8-bit legacy text decoded as Latin-1 has none of them).
_VIET_UNICODE = re.compile("[\u1ea0-\u1ef9\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0]")
# TCVN3 codes that are symbols, not letters, in Latin-1 (0xA1-0xAE, 0xB5-0xBE): â ê ô ơ ư đ à á ả ã ạ
# ă and the capitals Ă Â Ê Ô Ơ Ư Đ, the commonest Vietnamese letters. Windows-1258, the other 8-bit
# Vietnamese, never uses them for letters, so its text is not taken for TCVN3.
_TCVN3_MARK_CHARS = "\u00a1-\u00ae\u00b5-\u00be"   # (a character class's body)
_TCVN3_MARKS = re.compile("[" + _TCVN3_MARK_CHARS + "]")
# VNI mark characters that Unicode Vietnamese never uses.
_VNI_MARK_CHARS = "øïåäëüöñæîØÏÅÄËÜÖÑÆÎ"
_VNI_MARKS = re.compile("[" + _VNI_MARK_CHARS + "]")
# VNI's circumflex/breve after a vowel ("nhaân", "ñeâm", "aê"): no Vietnamese word spells that in Unicode.
_VNI_PAIRS = re.compile("[aeoAEO][âÂêÊ]")

# the marks of both (no character is in both classes): one class scans about as fast as either
_EITHER_MARKS = re.compile("[" + _TCVN3_MARK_CHARS + _VNI_MARK_CHARS + "]")

MIN_MARKS = 3            # fewer legacy marks than this is a stray symbol, not an encoding


@cache
def _tables() -> dict[str, dict[str, str]]:
    data = load("legacy_fonts")
    return {"tcvn3": data["tcvn3"], "vni": data["vni"]}


@cache
def _pattern(encoding: str) -> re.Pattern:
    keys = sorted(_tables()[encoding], key=len, reverse=True)   # VNI: "oâ" before "ô"
    return re.compile("|".join(map(re.escape, keys)))


def detect(text: str) -> str:
    """'tcvn3', 'vni' or 'unicode' (also for text that is not Vietnamese at all).

    >>> detect("UÛy ban nhaân daân tænh ban haønh keá hoaïch phoøng choáng dòch beänh"), detect("Ủy ban nhân dân")
    ('vni', 'unicode')
    """
    if len(_EITHER_MARKS.findall(text)) + len(_VNI_PAIRS.findall(text)) < MIN_MARKS:
        return "unicode"   # (fewer marks of both kinds together: two passes instead of three, or four)
    return _detect_counted(text)


def _detect_counted(text: str) -> str:
    """``detect`` from the counts of each kind of mark (tests check ``detect`` against it)."""
    tcvn = len(_TCVN3_MARKS.findall(text))
    vni = len(_VNI_MARKS.findall(text)) + len(_VNI_PAIRS.findall(text))
    legacy = max(tcvn, vni)
    if legacy < MIN_MARKS:
        return "unicode"
    viet = len(_VIET_UNICODE.findall(text))
    if viet * 4 >= legacy or _utf8_misread(
        text
    ):  # real Unicode Vietnamese: its own letters far outnumber stray symbols
        return "unicode"
    # TCVN3's commonest letters (â ê ô ơ ư đ à á) are symbols VNI never produces; VNI's marks are
    # letters TCVN3 also uses (ọ=ä, ứ=ø), so a TCVN3 text scores on both and a VNI text on one.
    enc = "tcvn3" if tcvn * 3 >= vni else "vni"
    # and the encoding must explain the text: nearly every non-ASCII character one of its codes
    # (binary junk or another 8-bit encoding has many it cannot explain)
    odd = sum(1 for ch in text if ord(ch) > 127 and ch not in _explained(enc) and not 0x2000 <= ord(ch) <= 0x206F)
    wide = sum(1 for ch in text if ord(ch) > 127)
    return enc if odd <= 0.05 * wide else "unicode"


@cache
def _explained(encoding: str) -> frozenset[str]:
    chars = set("".join(_tables()[encoding]))
    chars.update("\u00a0°±×·«»“”‘’–—…•")   # punctuation and signs any Vietnamese text may hold
    return frozenset(chars)


def _utf8_misread(text: str) -> bool:
    """UTF-8 read as Latin-1/cp1252 ("Ká» hoáº¡ch"): its bytes are valid UTF-8 again, which a
    TCVN3 or VNI text's bytes almost never are (their marks stand alone, not in UTF-8 sequences)."""
    sample = text[:20000]
    for enc in ("latin-1", "cp1252"):
        try:
            sample.encode(enc).decode("utf-8")
            return True
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return False


def to_unicode(text: str, encoding: str, *, capitals: bool = False) -> str:
    """Convert text typed in a legacy font. ``capitals``: the font draws every letter as a capital
    (TCVN3's ".VnTimeH" family). Without it, a TCVN3 word written in capitals gets capital
    Vietnamese letters too (TCVN3 "ABC" has no code for Ầ, so "TØNH" means "TỈNH").

    >>> to_unicode("KÕ ho¹ch", "tcvn3")
    'Kế hoạch'
    """
    if encoding not in ("tcvn3", "vni"):
        return text
    table = _tables()[encoding]
    out = _pattern(encoding).sub(lambda m: table[m.group(0)], text)
    if capitals:
        return out.upper()
    if encoding == "tcvn3":
        out = _capitalise_words(text, out)
    return out


_WORD = re.compile(r"\S+")


def _capitalise_words(original: str, converted: str) -> str:
    """TCVN3 is one character per code, so words line up: a word whose Latin letters are all capitals
    (two or more, or one in a line of capitals) is written in capitals."""
    if len(original) != len(converted):
        return converted
    table = _tables()["tcvn3"]
    capitals = {u for u in table.values() if u.isupper()}
    parts = []
    prev_line = ""
    last = 0
    for line_start, line in _lines(original):
        words = [(m, [c for c in m.group(0) if c.isascii() and c.isalpha()]) for m in _WORD.finditer(line)]
        line_caps = _line_in_capitals(words)
        for i, (m, letters) in enumerate(words):
            upper = all(c.isupper() for c in letters)
            s, e = line_start + m.start(), line_start + m.end()
            if upper and (len(letters) >= 2 or line_caps):
                parts.append(converted[last:s])
                parts.append(converted[s:e].upper())
                last = e
            elif (original[s] in table and converted[s].islower() and converted[s].upper() not in capitals
                  and _sentence_start(prev_line, words, i)):
                # ABC has no capital Ủ, Ấ...: a sentence that starts with one was typed with the small one
                parts.append(converted[last:s])
                parts.append(converted[s].upper())
                last = s + 1
        prev_line = line
    parts.append(converted[last:])
    return "".join(parts)


def _line_in_capitals(words: list) -> bool:
    """A line in capitals: some word of two or more Latin capitals, and no small Latin letter (codes such as
    "12/KH-UBND" do not count: they are capitals in any line). ``words``: (match, its Latin letters)."""
    plain = [letters for m, letters in words if not any(ch in "0123456789/" for ch in m.group(0))]
    return (any(len(ls) >= 2 and all(c.isupper() for c in ls) for ls in plain)
            and not any(c.islower() for ls in plain for c in ls))


_LIST_MARK = re.compile(r"^(?:[-+*•]|\d+[.)]|[a-zđ][.)]|[IVX]+\.)$")


def _sentence_start(prev_line: str, words: list, i: int) -> bool:
    """The i-th word of a line begins a sentence: the line's first word (after a list mark) when the
    line before ended one (or was blank), or a word after a full stop."""
    if i == 0 or (i == 1 and _LIST_MARK.match(words[0][0].group(0))):
        end = prev_line.rstrip()
        return not end or end.endswith((".", ":", ";", "!", "?"))
    prev = words[i - 1][0].group(0)
    return prev.endswith((".", "!", "?")) and not prev[:-1].replace(".", "").isdigit()


def _lines(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, line
        pos += len(line)


def fix_text(text: str) -> tuple[str, str | None]:
    """The text in Unicode, and the legacy encoding it was in (None when it already was Unicode).

    >>> fix_text("UÛy ban nhaân daân tænh ban haønh keá hoaïch phoøng choáng dòch beänh naêm nay")
    ('Ủy ban nhân dân tỉnh ban hành kế hoạch phòng chống dịch bệnh năm nay', 'vni')
    >>> fix_text("Kế hoạch")
    ('Kế hoạch', None)
    """
    enc = detect(text)
    if enc == "unicode":
        return text, None
    return to_unicode(text, enc), enc


def font_encoding(font: str | None) -> tuple[str | None, bool]:
    """The legacy encoding a font name implies, and whether it draws capitals only:
    ".VnTime" -> ("tcvn3", False), ".VnTimeH" -> ("tcvn3", True), "VNI-Times" -> ("vni", False).

    >>> font_encoding(".VnTimeH"), font_encoding("VNI-Times"), font_encoding("Times New Roman")
    (('tcvn3', True), ('vni', False), (None, False))
    """
    if not font:
        return None, False
    name = font.strip()
    low = name.lower()
    if low.startswith(".vn"):
        return "tcvn3", name.endswith("H")
    if low.startswith(("vni-", "vni ")):
        return "vni", False
    return None, False


def decode_legacy_bytes(data: bytes) -> tuple[str, str] | None:
    """An 8-bit text file typed in a legacy font: (Unicode text, 'tcvn3'|'vni'), or None when the
    bytes do not look like one (then the caller reports a bad encoding).

    >>> vni = encode("Ủy ban nhân dân tỉnh ban hành kế hoạch phòng chống dịch bệnh", "vni")
    >>> decode_legacy_bytes(vni.encode("cp1252"))
    ('Ủy ban nhân dân tỉnh ban hành kế hoạch phòng chống dịch bệnh', 'vni')
    """
    try:
        raw = data.decode("cp1252")
    except UnicodeDecodeError:
        raw = data.decode("latin-1")
    enc = detect(raw)
    if enc == "unicode":
        return None
    return to_unicode(raw, enc), enc


def encode(text: str, encoding: str) -> str:
    """Unicode -> the legacy font's characters (to make test files; capitals TCVN3 cannot write
    become the small letter's code, as a .VnTimeH font would draw them).

    >>> encode("Kế hoạch", "tcvn3"), encode("Kế hoạch", "vni")
    ('KÕ ho¹ch', 'Keá hoaïch')
    """
    table = _tables()[encoding]
    text = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3":
        text = text.replace("Ủy", "Uỷ")   # ABC has no capital Ủ: typists wrote "Uû ban"
    reverse: dict[str, str] = {}
    for code, uni in table.items():
        reverse.setdefault(uni, code)
    out = []
    for ch in text:
        if ch in reverse:
            out.append(reverse[ch])
        elif ch.lower() in reverse and not ch.isascii():
            out.append(reverse[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)
