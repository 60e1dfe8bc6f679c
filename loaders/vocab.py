"""The extraction vocabulary, loaded once from ``loaders/data/*.json`` into one typed, frozen object.

Every stage (find, metadata, resolve, reporting, ocr) and the graph (identity, build) reads its words here,
so that adding a document type or a level of government is one data entry:

* ``codes.json``: type codes (state and Party), issuer codes, copy marks, central issuers;
* ``type_words.json``: type words before a number, their abbreviations, the header forms ("KẾ HOẠCH"),
  and which types are plans;
* ``lexicon.json``: the administrative-level words ("tỉnh", …, "đặc khu") and the other word lists;
* ``catalogue.json``: the central documents' aliases, a title a plan may name one by (their heads).

>>> VOCAB.level_of["đặc khu"], VOCAB.level_of["thị xã"]
('commune', 'district')
>>> VOCAB.type_of_code("KH")
'Kế hoạch'
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .lexicon import cased, load


@dataclass(frozen=True)
class Vocabulary:
    """The words extraction knows, as read-only mappings and tuples (see the module docstring).

    >>> VOCAB.header_types["KẾ HOẠCH HÀNH ĐỘNG"], sorted(VOCAB.plan_types)
    ('Kế hoạch', ['Kế hoạch'])
    """

    state_type_codes: Mapping[str, str]     # "KH" -> "Kế hoạch" (Nghị định 30/2020, Phụ lục III)
    party_type_codes: Mapping[str, str]     # "KL" -> "Kết luận" (Hướng dẫn 36-HD/VPTW)
    issuer_codes: Mapping[str, str]         # "UBND" -> "Ủy ban nhân dân"
    copy_marks: tuple[str, ...]             # "SY", "TrS", "SL": copies, not documents
    central_issuer_codes: frozenset[str]    # "TTg", "CP", "BYT", …
    central_issuer_words: tuple[str, ...]   # "Chính phủ", "Bộ ", …
    central_code_endings: re.Pattern        # a code ending like "/TW", "-TTg", "/QH15": a central document
    type_words: Mapping[str, str]           # "Quy chế phối hợp" -> "Quy chế" (as written -> canonical)
    type_abbreviations: Mapping[str, str]   # "QĐ" (before "số") -> "Quyết định"
    header_types: Mapping[str, str]         # "KẾ HOẠCH HÀNH ĐỘNG" -> "Kế hoạch" (a header's type line)
    plan_types: frozenset[str]              # canonical types that are plans ("Kế hoạch")
    level_of: Mapping[str, str]             # "tỉnh" -> "province", "thành phố" -> "city", "đặc khu" -> "commune"
    party_committees: Mapping[str, str]     # "Huyện ủy" -> "huyện": named after its unit's level ("Huyện ủy Lâm Hà")
    party_committee_without_level: Mapping[str, str]   # "Đảng ủy" -> "xã": its level written after it, if at all
    unsymbolled_types: tuple[str, ...]      # "Nghị quyết": cited by bare number with an issuer or date
    title_line_types: tuple[str, ...]       # "Kế hoạch": a plan's sentence-case type line under its header
    trigger_words: Mapping[str, tuple[str, ...]]   # "recipients" -> ("Nơi nhận", "NƠI NHẬN"): see ``triggers``
    title_heads: Mapping[str, tuple[str, ...]]     # a catalogue alias -> its first two words' case variants

    @property
    def level_words(self) -> tuple[str, ...]:
        """The administrative-level words, in the data's order.

        >>> "đặc khu" in VOCAB.level_words
        True
        """
        return tuple(self.level_of)

    @property
    def triggers(self) -> Mapping[str, tuple[str, ...]]:
        """The groups of trigger words the stages look for in a whole plan, the level words ("level")
        among them: ``scan.triggers`` finds them all in one pass.

        >>> VOCAB.triggers["recipients"], VOCAB.triggers["level"] == VOCAB.level_words
        (('Nơi nhận', 'NƠI NHẬN'), True)
        """
        return MappingProxyType({"level": self.level_words, **self.trigger_words, **{
            title_group(alias): tuple(dict.fromkeys(h.split()[0] for h in heads))
            for alias, heads in self.title_heads.items()}})

    def trigger_alternation(self, group: str) -> str:
        """A regex group matching any of a trigger group's words exactly as written (what the trigger
        table finds), longest first.

        >>> re.fullmatch(VOCAB.trigger_alternation("recipients"), "NƠI NHẬN") is not None
        True
        """
        return _literal_alternation(self.triggers[group])

    def level_alternation(self) -> str:
        """A regex group matching any level word (none is a prefix of another, so order is free).

        >>> re.fullmatch(VOCAB.level_alternation(), "thị trấn") is not None
        True
        """
        return "(?:" + "|".join(self.level_of) + ")"

    @property
    def every_party_committee(self) -> Mapping[str, str]:
        """Every Party committee's name -> the level word of the unit it leads, in the data's order.

        >>> dict(VOCAB.every_party_committee)["Đảng ủy"], VOCAB.level_of[VOCAB.every_party_committee["Thị ủy"]]
        ('xã', 'district')
        """
        return MappingProxyType({**self.party_committees, **self.party_committee_without_level})

    def names_central_issuer(self, issuer: str) -> bool:
        """Whether an issuer, as written, names a central body ("Thủ tướng Chính phủ", "Bộ Y tế", "Ban
        Tuyên giáo Trung ương"), whatever else it names.

        >>> VOCAB.names_central_issuer("Bộ Y tế"), VOCAB.names_central_issuer("UBND tỉnh")
        (True, False)
        """
        padded = " " + issuer
        return any(issuer.startswith(w) or (" " + w) in padded for w in self.central_issuer_words)

    def level_of_code(self, code: str | None) -> str | None:
        """The level a document number's issuer part gives: "central" ("-TTg", "/TW", a ministry), the
        level of the Party committee it names ("/TU": Tỉnh ủy, a province's), else None.

        >>> VOCAB.level_of_code("05/CT-TTg"), VOCAB.level_of_code("02-CTr/TU"), VOCAB.level_of_code("12/KH-UBND")
        ('central', 'province', None)
        """
        if not code:
            return None
        if self.is_central_code(code):
            return "central"
        committee = self.issuer_codes.get(code.split("/")[-1])
        level = self.level_of.get(self.every_party_committee.get(committee, ""))
        return None if level == "city" else level

    def type_word_alternation(self) -> str:
        """A regex group matching any type word as written ("Quyết định", "Công văn", …), longest first.

        >>> re.fullmatch(VOCAB.type_word_alternation(), "Thông tư liên tịch") is not None
        True
        """
        return _literal_alternation(self.type_words)

    def type_of_code(self, code: str) -> str | None:
        """The type a code segment names, state codes first ("NQ" -> "Nghị quyết"), else None.

        >>> VOCAB.type_of_code("KL"), VOCAB.type_of_code("XYZ")
        ('Kết luận', None)
        """
        return self.state_type_codes.get(code) or self.party_type_codes.get(code)

    def is_central_code(self, code: str) -> bool:
        """Whether a document number's issuer part is a central one ("-TTg", "/TW", a ministry code).

        >>> VOCAB.is_central_code("05/CT-TTg"), VOCAB.is_central_code("12/KH-UBND")
        (True, False)
        """
        if self.central_code_endings.search(code):
            return True
        tail = code.split("/")[-1].split("-")
        return any(t in self.central_issuer_codes for t in tail[1:] or tail)


def _literal_alternation(words) -> str:
    # the words exactly as written (spaces too), longest first: what an alternation of literals needs
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


def title_group(alias: str) -> str:
    """The name of a catalogue alias's trigger group (see ``Vocabulary.triggers``).

    >>> title_group("Đề án 06"), VOCAB.triggers[title_group("Đề án 06")]
    ('title:Đề án 06', ('Đề', 'đề', 'ĐỀ'))
    """
    return "title:" + alias


def _title_heads(catalogue: dict) -> dict[str, tuple[str, ...]]:
    # a title is looked for from its first two words, as a plan may write them (a fuzzy match then
    # reads the rest)
    return {a: tuple(cased([" ".join(a.split()[:2])])) for d in catalogue["documents"] for a in d.get("aliases") or []}


def _frozen(d: dict) -> Mapping:
    return MappingProxyType(dict(d))


def load_vocabulary() -> Vocabulary:
    """Read the data files into a :class:`Vocabulary` (``VOCAB`` is the one the stages share).

    >>> load_vocabulary() == VOCAB
    True
    """
    codes, types, lexicon, catalogue = load("codes"), load("type_words"), load("lexicon"), load("catalogue")
    return Vocabulary(
        state_type_codes=_frozen(codes["state_type_codes"]),
        party_type_codes=_frozen(codes["party_type_codes"]),
        issuer_codes=_frozen(codes["issuer_codes"]),
        copy_marks=tuple(codes["copy_marks"]),
        central_issuer_codes=frozenset(codes["central_issuer_codes"]),
        central_issuer_words=tuple(codes["central_issuer_words"]),
        central_code_endings=re.compile("(?:" + "|".join(codes["central_code_endings"]) + ")$"),
        type_words=_frozen(types["type_words"]),
        type_abbreviations=_frozen(types["abbreviations"]),
        header_types=_frozen(types["header_forms"]),
        plan_types=frozenset(types["plan_types"]),
        level_of=_frozen(lexicon["levels"]),
        party_committees=_frozen(lexicon["party_committees"]),
        party_committee_without_level=_frozen(lexicon["party_committee_without_level"]),
        unsymbolled_types=tuple(types["unsymbolled_types"]),
        title_line_types=tuple(types["title_line_types"]),
        trigger_words=_frozen({g: tuple(ws) for g, ws in lexicon["triggers"].items()}),
        title_heads=_frozen(_title_heads(catalogue)),
    )


VOCAB = load_vocabulary()


def _vietnamese_capitals() -> str:
    """Every capital letter a Vietnamese name can start with: A-Z, Đ and the accented ones
    ("Ân Thi", "Ứng Hòa", "Ô Diên"), as a regex class body. Built from Unicode, not typed out."""
    import unicodedata
    marks = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")   # 5 tones; â ê ô, ă, ơ ư
    def vietnamese(c: str) -> bool:
        d = unicodedata.normalize("NFD", c)
        return c.isupper() and d[0] in "AEIOUY" and len(d) > 1 and set(d[1:]) <= marks
    return "A-ZĐ" + "".join(c for c in map(chr, range(0x00C0, 0x1EFA)) if vietnamese(c))


# Where a proper name starts: CAP is the regex class, CAPITAL its body (to add "\d" or "-").
CAPITAL = _vietnamese_capitals()
CAP = f"[{CAPITAL}]"


def _place_name() -> tuple[str, str]:
    """(a place's proper name as written after its level word, the second halves written after a
    spaced hyphen). Words start with a capital and may hold an apostrophe ("Ea H'Leo", "M'Đrắk");
    a ward may be a number ("phường 7"); data lists the few lower-case lead phrases ("Nông trường")
    and hyphenated names ("Phan Rang - Tháp Chàm")."""
    lex = load("lexicon")
    word = CAP + r"[^\W\d_]*(?:['’][^\W\d_]+)*"
    part = r"(?:" + word + r"|\d{1,2})"

    def words(items: list[str]) -> str:
        return "(?i:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in items) + ")"
    tails = words(lex["place_name_tails"])
    lead = r"(?:" + words(lex["place_name_phrases"]) + r"\s+)?"
    return lead + part + r"(?:[ \t]+" + part + r")*" + r"(?:\s*[-–]\s*" + tails + r"(?!\w))?", tails


# PLACE_NAME: a regex (no groups) for a place's proper name; PLACE_NAME_TAILS: "Tháp Chàm"… alone.
PLACE_NAME, PLACE_NAME_TAILS = _place_name()
