"""Which citations a plan replaces, repeals or amends.

Vietnamese documents end or change others' force in a few set phrases, right before
the document they name:

- "Kế hoạch này thay thế Kế hoạch số 9/KH-UBND …", "… ban hành kèm theo … thay thế …"
- "Bãi bỏ Quyết định số 120/QĐ-UBND …", "hủy bỏ …"                 -> ``replaces``
- "Sửa đổi, bổ sung một số nội dung của Kế hoạch số 7/KH-UBND …"   -> ``amends``

The verb must govern the citation: only the document type, "số" and "một số điều/nội
dung … của" may stand between them, in the same sentence; a passive ("đã được thay thế
bởi …") says the opposite and is left alone. Documents listed after a marked one ("…, và
Kế hoạch số …") take the same relation. Only the plan's own verb counts: one said by the document named
just before it ("Căn cứ Thông tư số 6/2023/TT-BNV … sửa đổi, bổ sung Thông tư số 2/2021/TT-BNV") is that
document's, and the document it names keeps the relation extraction gave it (``cites`` unless the plan
names it as a basis of its own: resolve.py leaves such an object out of the basis). Relation names are
the graph registry's (``vanban/graph/registry.py``).

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
    r"""The text of the sentence before `start` (at most _WINDOW characters), NFC, one space for each run of
    whitespace: a line break inside the sentence (a legal site's wrap) is read as a space.

    >>> _sentence_before("Căn cứ Thông tư số 2/2022/TT-BXD sửa đổi,\n  bổ sung Thông tư số ", 64)
    'Căn cứ Thông tư số 2/2022/TT-BXD sửa đổi, bổ sung Thông tư số '
    >>> _sentence_before("Bãi bỏ các văn bản sau:\n- Kế hoạch số ", 38)
    '- Kế hoạch số '
    """
    lo = max(0, start - _WINDOW)
    # (the separators looked for in the text itself: the window is cut out once)
    cut = max(text.rfind(";", lo, start), text.rfind(". ", lo, start))
    floor = lo if cut == -1 else cut + 1
    nl = text.rfind("\n", floor, start)
    while nl != -1 and not _ends_sentence(text, nl):
        nl = text.rfind("\n", floor, nl)
    return _one_space(unicodedata.normalize("NFC", text[floor if nl == -1 else nl + 1:start]))


# A line break ends a sentence when the line before ends one, when a blank line stands before a line that
# does not go on in lower case, or when the next line opens a list item ("- ", "2. ", "b) ", "IV.") or a
# clause of its own ("Căn cứ …", "Thực hiện …", "Bãi bỏ …", "Điều 2.", an upper-case heading). Any other
# break is inside a sentence: legal sites wrap their lines at ~80 characters ("… sửa đổi,\nbổ sung …", "…
# của\nThông tư số …").
_LINE_OPENS = re.compile(
    r"[ \t]*(?:(?:\d{1,3}(?:\.\d{1,3})*[.)]|[IVXLC]{1,6}[.)\-]|[a-zđ][.)]|[-+•–—*])\s"
    r"|(?:[Cc]ăn\s+cứ|CĂN\s+CỨ|(?:[Tt]iếp\s+tục\s+)?[Tt]hực\s+hiện|THỰC\s+HIỆN|[Tt]riển\s+khai|[Tt]heo|[Xx]ét"
    r"|[Tt]rên\s+cơ\s+sở|[Qq]uán\s+triệt|Bãi\s+bỏ|H(?:ủy|uỷ)\s+bỏ|Thay\s+thế|Sửa\s+đổi|Bổ\s+sung|Điều\s+\d)(?!\w))")
_ENDS_LINE = frozenset(".;:!?")
_ITEM_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzđ")


def _ends_sentence(text: str, nl: int) -> bool:
    r"""Does the line break at ``text[nl]`` end a sentence (see _LINE_OPENS)?

    >>> _ends_sentence("sửa đổi,\nbổ sung", 8), _ends_sentence("của\nThông tư số", 3)
    (False, False)
    >>> _ends_sentence("của UBND tỉnh\nCăn cứ Luật", 13), _ends_sentence("tỉnh.\nThông tư", 5)
    (True, True)
    """
    p = nl
    while p > 0 and text[p - 1] in " \t\r":
        p -= 1
    if p == 0 or text[p - 1] in _ENDS_LINE:
        return True
    j, n = nl + 1, len(text)
    while j < n and text[j] in " \t\r\n":
        j += 1
    if j == n:
        return True
    c = text[j]
    if c.islower():   # (goes on, unless a lettered item: "b) …")
        return j + 2 < n and text[j + 1] in ".)" and text[j + 2].isspace() and c in _ITEM_LETTERS
    if text.count("\n", nl, j) > 1:
        return True
    if _LINE_OPENS.match(text, j) is not None:
        return True
    words = text[j:j + 40].split(None, 2)[:2]   # an upper-case heading: "QUYẾT ĐỊNH:", "II. NỘI DUNG" (above)
    return len(words) == 2 and all(len(w) > 1 and w.isupper() for w in words)


_SPACE_RUN = re.compile(r"\s*\n\s*|[ \t]{2,}|\t")


def _one_space(s: str) -> str:
    r"""``s`` with a run of spaces or tabs, or one holding a line break, as one space (the text read here is
    the original: "thay  thế", "sửa đổi,\nbổ sung").

    >>> _one_space("Kế hoạch này thay  thế\tKế hoạch số ")
    'Kế hoạch này thay thế Kế hoạch số '
    """
    return _SPACE_RUN.sub(" ", s) if "  " in s or "\t" in s or "\n" in s else s


def _gap(text: str, a: int, b: int) -> str | None:
    """``text[a:b]`` as :func:`_sentence_before` reads it, or None when a sentence ends in it."""
    gap = text[a:b]
    if ";" in gap or ". " in gap:
        return None
    nl = gap.find("\n")
    while nl != -1:
        if _ends_sentence(text, a + nl):
            return None
        nl = gap.find("\n", nl + 1)
    return _one_space(unicodedata.normalize("NFC", gap))


# every verb holds one of these (casefolded, and without "i", which re's IGNORECASE also matches to
# "ı"): a window without any cannot match _GOVERNS, told without its search, tried at every position
_VERB_STEMS = ("thay thế", "bỏ", "sửa đổ", "bổ sung")


def may_govern(text: str, start: int, end: int) -> bool:
    """Could a verb of replacing or amending govern a document named in ``text[start:end]`` of an NFC text
    (a cleaned one)? False when no verb stands there or in the window before it (a fast test: most basis
    sections hold none).

    >>> may_govern("Căn cứ Luật Y tế; Thông tư số 6/2023/TT-BNV sửa đổi Thông tư số 2/2021/TT-BNV;", 0, 80)
    True
    >>> may_govern("Căn cứ Chỉ thị số 05/CT-TTg ngày 1/2/2024 của Thủ tướng Chính phủ;", 0, 66)
    False
    """
    folded = text[max(0, start - _WINDOW):end].casefold()
    for stem in _VERB_STEMS:
        if stem in folded:
            return True
    return False


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


# Who does what the verb says: the document named just before it in the sentence ("Nghị định số 116/2024/NĐ-CP
# ngày 17/9/2024 của Chính phủ sửa đổi, bổ sung … Nghị định số 138/2020/NĐ-CP": that decree amended it, the
# plan did not), unless the words between name the plan ("Kế hoạch này thay thế …") or open a clause of
# their own after a comma ("…, UBND huyện bãi bỏ …"). A title word ("về việc sửa đổi …") keeps the document.
_PLAN_SUBJECT = re.compile(r"(?<!\w)này(?!\w)", re.IGNORECASE)
_TITLE_WORD = re.compile(r"(?<!\w)(?:về|v/v)(?!\w)", re.IGNORECASE)
_OWN_CLAUSE = re.compile(r",[^,]*\w[^,]*$")


def _subject_is_document(gap: str) -> bool:
    """Is the document whose mention ends where ``gap`` starts the subject of the verb at its end?"""
    m = _GOVERNS.search(gap)
    if m is None:   # (the verb stands before that document: it governs both)
        return False
    before = gap[:m.start()]
    if _PLAN_SUBJECT.search(before):
        return False
    return bool(_TITLE_WORD.search(before)) or not _OWN_CLAUSE.search(before)


def governing_verbs(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool] | None]:
    """For each of ``spans`` (sorted by start): ``(relation, by_document)`` when a verb of replacing or
    amending governs the document named there (or the one listed before it shares its verb), else None.
    ``by_document`` is True when the verb is another named document's (the one before it in the sentence:
    "Thông tư số 6/2023/TT-BNV … sửa đổi, bổ sung Thông tư số 2/2021/TT-BNV"), False when it is the plan's.

    >>> t = "Căn cứ Thông tư số 6/2023/TT-BNV của Bộ Nội vụ sửa đổi Thông tư số 2/2021/TT-BNV. Bãi bỏ Kế hoạch số 3/KH"
    >>> governing_verbs(t, [(7, 32), (55, 80), (89, 105)])
    [None, ('amends', True), ('replaces', False)]
    """
    out: list[tuple[str, bool] | None] = []
    prev_end, prev = -1, None   # the furthest end of the spans before, the previous span's verb
    for s, e in spans:
        rel = _governed(text, s)
        got = None
        if rel is not None:
            # (after a document the plan's own verb governs, "… và bãi bỏ …" goes on with the plan's)
            by_doc = prev_end >= 0 and (prev is None or prev[1]) and _verb_of_document(text, prev_end, s)
            got = (rel, by_doc)
        elif prev is not None and (gap := _gap(text, prev_end, s)) is not None and _LIST_GAP.match(gap):
            got = prev
        out.append(got)
        prev = got
        prev_end = max(prev_end, e)
    return out


def _verb_of_document(text: str, prev_end: int, start: int) -> bool:
    """Is the verb before ``start`` said by the document whose mention ends at ``prev_end``, in the same sentence?"""
    if not 0 <= start - prev_end <= _WINDOW:
        return False
    gap = _gap(text, prev_end, start)
    return gap is not None and _subject_is_document(gap)


def amend_relations(citations: list[Citation], text: str) -> list[str]:
    """The relation of each citation: ``replaces`` or ``amends`` where the text says the plan replaces or
    amends it, else the one extraction gave it (a document another cited one amends keeps its own).

    >>> from vanban.loaders import extract_text
    >>> rec = extract_text("Kế hoạch này thay thế Kế hoạch số 7/KH-UBND ngày 2/3/2023 của UBND huyện.")
    >>> amend_relations(rec.citations, rec.text)
    ['replaces']
    """
    out = [c.relation for c in citations]
    spans = sorted((s, e, k) for k, c in enumerate(citations) for s, e in c.spans)
    verbs = governing_verbs(text, [(s, e) for s, e, _k in spans])
    marked: dict[int, str] = {}
    for (_s, _e, k), got in zip(spans, verbs, strict=True):
        if got is not None and not got[1] and k not in marked:
            marked[k] = got[0]
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
