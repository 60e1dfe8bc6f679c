"""Load the DATA files under loaders/data/ once, and compile the regexes built from them."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    with open(DATA / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


def alt(words) -> str:
    """Longest-first alternation of literal words, spaces matching any whitespace."""
    parts = sorted(set(words), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(t) for t in w.split()) for w in parts)
    return f"(?:{body})"


def cased(words) -> list[str]:
    """Case variants a document may use: as written, lower, Capitalised, UPPER (for case-sensitive,
    fast regexes instead of re.IGNORECASE, which disables the regex engine's prefix scan)."""
    out = []
    for w in words:
        low = w.lower()
        for v in (w, low, low[:1].upper() + low[1:], w.upper()):
            if v not in out:
                out.append(v)
    return out


@lru_cache(maxsize=None)
def issuer_normalisers() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(p), r) for p, r in load("lexicon")["issuer_normalise"]]


@lru_cache(maxsize=8192)
def normalise_org(s: str | None) -> str | None:
    """'Ủy ban nhân dân tỉnh' -> 'UBND tỉnh'; drops '(khóa XI)', fixes 'Huyện Ủy' -> 'Huyện ủy'."""
    if s is None:
        return None
    for pat, rep in issuer_normalisers():
        s = pat.sub(rep, s)
    s = s.strip(" ,;:.-–")
    return s or None
