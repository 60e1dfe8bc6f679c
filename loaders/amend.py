"""Which citations a plan replaces, repeals or amends.

Vietnamese documents end or change others' force in a few set phrases, right before
the document they name:

- "Kế hoạch này thay thế Kế hoạch số 9/KH-UBND …", "… ban hành kèm theo … thay thế …"
- "Bãi bỏ Quyết định số 120/QĐ-UBND …", "hủy bỏ …"                 -> ``replaces``
- "Sửa đổi, bổ sung một số nội dung của Kế hoạch số 7/KH-UBND …"   -> ``amends``

The verb must govern the citation: only the document type, "số" and "một số điều/nội
dung … của" may stand between them, in the same sentence; a passive ("đã được thay thế
bởi …") says the opposite and is left alone. Documents listed after a marked one ("…, và
Kế hoạch số …") take the same relation. Relation names are the graph registry's
(``vanban/graph/registry.py``).

>>> from vanban.models import Citation
>>> text = "Kế hoạch này thay thế Kế hoạch số 9/KH-UBND ngày 01/02/2024."
>>> c = Citation(code="9/KH-UBND", spans=[(22, 43)])
>>> amend_relations([c], text)
['replaces']
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from vanban.models import Citation

from .vocab import VOCAB

REPLACES, AMENDS = "replaces", "amends"
_VERBS = {"thay thế": REPLACES, "bãi bỏ": REPLACES, "hủy bỏ": REPLACES, "huỷ bỏ": REPLACES,
          "sửa đổi, bổ sung": AMENDS, "sửa đổi bổ sung": AMENDS, "sửa đổi": AMENDS, "bổ sung": AMENDS}
_DOC_TYPES = VOCAB.type_word_alternation()


def _verbs_of(relation: str) -> str:
    """One named group (the relation) of the verbs that give it, longest first: the relation is told by
    which group matched, whatever case folding the pattern's IGNORECASE allowed ("ſửa đổi")."""
    verbs = sorted((v for v, r in _VERBS.items() if r == relation), key=len, reverse=True)
    return f"(?P<{relation}>" + "|".join(map(re.escape, verbs)) + ")"


   # matched case-insensitively below
# verb, then only what may stand between it and the document it governs, up to the end
_GOVERNS = re.compile(
    r"(?<!\w)(?:(?P<passive>được|bị)\s+)?(?:" + "|".join(_verbs_of(rel) for rel in (REPLACES, AMENDS))
    + r")\s+(?:(?:một số|các|toàn bộ)\s+(?:điều|nội dung|điểm|khoản|mục|phần)\b[^.;:\n]{0,60}?\s(?:của|tại)\s+)?"
    r"(?:(?:" + _DOC_TYPES + r")\s+(?:số\s*)?)?$", re.IGNORECASE)
# between a marked document and the next one of the same list: its date/issuer, then "," or "và"
_LIST_GAP = re.compile(r"^[^.;:\n]{0,120}?(?:,|\bvà)\s*$", re.IGNORECASE)
_WINDOW = 160


def _sentence_before(text: str, start: int) -> str:
    """The text of the sentence before `start` (at most _WINDOW characters), NFC."""
    lo = max(0, start - _WINDOW)
    # (the separators looked for in the text itself: the window is cut out once)
    cut = max(text.rfind("\n", lo, start), text.rfind(";", lo, start), text.rfind(". ", lo, start))
    return unicodedata.normalize("NFC", text[lo if cut == -1 else cut + 1:start])


# every verb holds one of these (casefolded, and without "i", which re's IGNORECASE also matches to
# "ı"): a window without any cannot match _GOVERNS, told without its search, tried at every position
_VERB_STEMS = ("thay thế", "bỏ", "sửa đổ", "bổ sung")


def _governed(text: str, start: int) -> str | None:
    window = _sentence_before(text, start)
    folded = window.casefold()
    for stem in _VERB_STEMS:   # (a loop, not any() over a generator: this runs for every span)
        if stem in folded:
            return _governing_verb(window)
    return None


def _governing_verb(window: str) -> str | None:
    """The relation the verb at the end of ``window`` gives the document after it, if any."""
    m = _GOVERNS.search(window)
    if m is None or m.group("passive"):
        return None
    return REPLACES if m.group(REPLACES) else AMENDS


def amend_relations(citations: list[Citation], text: str) -> list[str]:
    """The relation of each citation: ``replaces`` or ``amends`` where the text says so,
    else the one extraction gave it.

    >>> from vanban.loaders import extract_text
    >>> rec = extract_text("Kế hoạch này thay thế Kế hoạch số 7/KH-UBND ngày 2/3/2023 của UBND huyện.")
    >>> amend_relations(rec.citations, rec.text)
    ['replaces']
    """
    out = [c.relation for c in citations]
    spans = sorted((s, e, k) for k, c in enumerate(citations) for s, e in c.spans)
    marked: dict[int, str] = {}
    prev: tuple[int, str | None] = (0, None)        # end of the previous span, its relation
    for s, e, k in spans:
        rel = _governed(text, s)
        if rel is None and prev[1] and _LIST_GAP.match(unicodedata.normalize("NFC", text[prev[0]:s])):
            rel = prev[1]
        if rel and k not in marked:
            marked[k] = rel
        prev = (e, rel)
    for k, rel in marked.items():
        out[k] = rel
    return out


def amendments_marked(citations: list[Citation], text: str) -> list[Citation]:
    """The citations again, new values, ``relation`` set on those the text replaces, repeals or amends.

    >>> c = Citation(code="7/KH-UBND", spans=[(7, 28)])
    >>> [x.relation for x in amendments_marked([c], "Bãi bỏ Kế hoạch số 7/KH-UBND ngày 2/3/2023 của UBND huyện.")]
    ['replaces']
    >>> c.relation
    'cites'
    """
    return [c if c.relation == rel else replace(c, relation=rel)
            for c, rel in zip(citations, amend_relations(citations, text), strict=True)]
