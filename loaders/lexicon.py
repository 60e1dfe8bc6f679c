"""Load the DATA files under loaders/data/ once, and compile the regexes built from them."""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from functools import cache, lru_cache
from pathlib import Path

from .scan import scanner

DATA = Path(__file__).resolve().parent / "data"


@cache
def load(name: str) -> dict:
    """The data file ``loaders/data/<name>.json``, read once.

    >>> sorted(load("codes"))[:3]
    ['_doc', 'central_code_endings', 'central_issuer_codes']
    """
    with open(DATA / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


def alt(words) -> str:
    """Longest-first alternation of literal words, spaces matching any whitespace.

    >>> alt(["Sở", "Ban Chỉ đạo"])
    '(?:Ban\\\\s+Chỉ\\\\s+đạo|Sở)'
    """
    parts = sorted(set(words), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(t) for t in w.split()) for w in parts)
    return f"(?:{body})"


def cased(words) -> list[str]:
    """Case variants a document may use: as written, lower, Capitalised, UPPER (for case-sensitive,
    fast regexes instead of re.IGNORECASE, which disables the regex engine's prefix scan).

    >>> cased(["Ban Chỉ đạo"])
    ['Ban Chỉ đạo', 'ban chỉ đạo', 'Ban chỉ đạo', 'BAN CHỈ ĐẠO']
    """
    out = []
    for w in words:
        low = w.lower()
        for v in (w, low, low[:1].upper() + low[1:], w.upper()):
            if v not in out:
                out.append(v)
    return out


@cache
def issuer_normalisers() -> list[tuple[re.Pattern, str]]:
    """The (pattern, replacement) pairs of lexicon.json's ``issuer_normalise``, compiled once.

    >>> pat, rep = issuer_normalisers()[0]
    >>> isinstance(pat, re.Pattern), isinstance(rep, str)
    (True, True)
    """
    return [(re.compile(p), r) for p, r in load("lexicon")["issuer_normalise"]]


@lru_cache(maxsize=8192)
def normalise_org(s: str | None) -> str | None:
    """'Ủy ban nhân dân tỉnh' -> 'UBND tỉnh'; drops '(khóa XI)', fixes 'Huyện Ủy' -> 'Huyện ủy'.

    >>> normalise_org("Ủy ban nhân dân tỉnh"), normalise_org("Huyện Ủy Lâm Hà"), normalise_org(None)
    ('UBND tỉnh', 'Huyện ủy Lâm Hà', None)
    """
    if s is None:
        return None
    for pat, rep in issuer_normalisers():
        s = pat.sub(rep, s)
    s = s.strip(" ,;:.-–")
    return s or None


def find_all(text: str, lit: str, start: int = 0, end: int | None = None) -> list[int]:
    """Every start of ``lit`` in ``text[start:end]`` (overlapping ones too), by ``str.find``.

    >>> find_all("aaa", "aa"), find_all("số 1, số 2", "số", 1)
    ([0, 1], [6])
    """
    out = []
    find = text.find
    stop = len(text) if end is None else end
    i = find(lit, start, stop)
    while i != -1:
        out.append(i)
        i = find(lit, i + 1, stop)
    return out


def finditer_at(pattern: re.Pattern, text: str, firsts=(), start: int = 0, end: int | None = None, cands=None):
    """The matches of ``pattern.finditer(text, start, end)`` when every match starts with one of the
    literal strings ``firsts`` (the caller's promise) and none is empty.

    The regex engine scans a pattern that starts with a character class or an alternation one
    character at a time; the scanner (loaders/scan.py) finds the literals much faster. Candidates are tried
    in text order with ``pattern.match`` (lookbehinds still see the text before), and one inside
    the previous match is skipped, as ``finditer`` would. ``cands``: sorted candidate positions found
    by the caller (a superset of the match starts) instead of ``firsts``.

    >>> p = re.compile(r"Quy\\s+chế|quy\\s+chế")
    >>> [m.group(0) for m in finditer_at(p, "quy định, Quy  chế và quy chế", ("Quy", "quy"))]
    ['Quy  chế', 'quy chế']
    """
    stop = len(text) if end is None else end
    if cands is None:
        cands = scanner(tuple(firsts)).starts(text, start, stop)
    last = start
    match = pattern.match
    for i in cands:
        if i < last:
            continue
        m = match(text, i, stop)
        if m is not None:
            yield m
            last = m.end()


def search_line_start(
    pattern: re.Pattern, text: str, lits, pos: int = 0, occs: list[int] | None = None
) -> re.Match | None:
    """``pattern.search(text, pos)`` for a MULTILINE pattern of the form ``^\\s*(?:LIT|LIT…)…``
    (``lits``: the literals), found from the literals' occurrences instead of trying ``^`` at every
    position.

    A match of such a pattern starts at a line start L ≥ pos with only whitespace from L to a
    literal
    for each occurrence (in text order) the earliest such L is tried with ``pattern.match``.
    Later occurrences give later starts, so the first success is the leftmost match.

    >>> p = re.compile(r"^\\s*(?:Nơi nhận|NƠI NHẬN)\\b", re.M)
    >>> t = "a Nơi nhận\\n  \\n  Nơi nhận:"
    >>> search_line_start(p, t, ("Nơi nhận", "NƠI NHẬN")).span() == p.search(t).span()
    True
    """
    first = 0
    if occs is None:
        occs = scanner(tuple(lits)).starts(text, pos)
    else:   # the literals' occurrences in the whole text, sorted, found once by a caller searching repeatedly
        first = bisect_left(occs, pos)
    for j in range(first, len(occs)):
        occ = occs[j]
        w = occ
        while w > pos and text[w - 1].isspace():
            w -= 1
        if w == 0 or text[w - 1] == "\n":
            start = w
        else:
            k = text.find("\n", w, occ)
            if k == -1:
                continue
            start = k + 1
        m = pattern.match(text, start)
        if m is not None:
            return m
    return None


def squash(s: str) -> str:
    """``" ".join(s.split())``, without splitting when there is nothing to squash: the only printable
    whitespace is the space, so a printable text without a double space is its own answer.

    >>> squash("Kế  hoạch\\n số  12 ")
    'Kế hoạch số 12'
    """
    core = s.strip()
    if core.isprintable() and "  " not in core:
        return core
    return " ".join(core.split())
