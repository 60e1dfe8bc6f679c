"""Load the DATA files under loaders/data/ once, and compile the regexes built from them."""
from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

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
    s = squash(s)   # (the patterns below are written with one space between words)
    for pat, rep in issuer_normalisers():
        s = pat.sub(rep, s)
    s = s.strip(" ,;:.-–")
    return s or None


def without_marks(s: str) -> str:
    """``s`` with no tone or vowel marks and Đ as D, its case kept: what two spellings of a word agree on
    whatever marks a scan, a font or a typist put on it (graph.identity's ``fold`` lowers it too).

    >>> without_marks("KÉ HOẶCH"), without_marks("Đề án"), without_marks("Uỷ ban")
    ('KE HOACH', 'De an', 'Uy ban')
    """
    decomposed = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


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
