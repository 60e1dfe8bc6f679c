"""Identity of documents and bodies across plans.

Pure functions: fold text for comparison, parse an issuer name into
(body, level, place), resolve relative issuers ("UBND tỉnh" inside a plan of
a district of tỉnh Y), decide whether two dates or two issuers are compatible,
and derive stable, readable node ids.

>>> parse_body("Ủy ban nhân dân huyện Hòa Sơn").key
'uy ban nhan dan|district|hoa son'
>>> dates_compatible("2024", "2024-03-10"), dates_compatible("2024-03-09", "2024-03-10")
(True, False)
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from vanban.loaders.lexicon import without_marks
from vanban.loaders.vocab import PLACE_NAME, VOCAB

# Abbreviations that stand for the same words: "UBND" = "Ủy ban nhân dân".
_ABBREV = [
    (r"\bUBMTTQ(?:VN)?\b", "Ủy ban Mặt trận Tổ quốc"),
    (r"\bUBND\b", "Ủy ban nhân dân"),
    (r"\bHĐND\b", "Hội đồng nhân dân"),
    (r"\bMTTQ\s*VN\b", "Mặt trận Tổ quốc"),
    (r"\bMTTQ\b", "Mặt trận Tổ quốc"),
    (r"\bMặt trận Tổ quốc Việt Nam\b", "Mặt trận Tổ quốc"),
    (r"\bBTV\b", "Ban Thường vụ"),
    (r"\bBDV\b", "Ban Dân vận"),
    (r"\bTTg\b", "Thủ tướng Chính phủ"),
]
_ABBREV_RE = [(re.compile(p), r) for p, r in _ABBREV]

# Administrative words in search order (two-word ones first: "thị xã" before "xã"); value: the level of a
# body named by them, the vocabulary's (loaders/data/lexicon.json), "thành phố" decided from context.
ADMIN_SEARCH_ORDER = ("thành phố", "thị trấn", "thị xã", "đặc khu", "tỉnh", "huyện", "quận", "phường", "xã")
_ADMIN_WORDS = [(w, None if VOCAB.level_of[w] == "city" else VOCAB.level_of[w]) for w in ADMIN_SEARCH_ORDER]
_ADMIN_LEVEL = dict(_ADMIN_WORDS)
# "<admin word> <Proper Name>" as written (abbreviations expanded), for display
_ADMIN_RE = re.compile(r"\b(" + "|".join(w for w, _ in _ADMIN_WORDS) + r")\s+(" + PLACE_NAME + ")")
# "Đảng ủy xã An Phú": the admin word after a committee's name, skipped to reach the place.
_ADMIN_LEAD = re.compile(r"^(?i:" + "|".join(w for w, _ in _ADMIN_WORDS) + r")\s+(?=\S)")


@lru_cache(maxsize=1 << 18)
def fold(text: str | None) -> str:
    """Lowercase, strip diacritics and collapse spaces, for comparison only.

    >>> fold("  Uỷ ban  nhân dân Tỉnh ")
    'uy ban nhan dan tinh'
    """
    if not text:
        return ""
    t = re.sub(r"[^\w]+", " ", without_marks(text).lower())
    return " ".join(t.split())


# Party committees, folded ("tinh uy"), with the level of the unit each leads ("thanh uy": a city, None)
_PARTY_COMMITTEES = {fold(c): _ADMIN_LEVEL[w] for c, w in VOCAB.every_party_committee.items()}


# The central bodies' canonical names, folded, from the vocabulary's central issuers (a ministry,
# "Bộ …", is told by its own rule in parse_body); longest first.
CENTRAL_BODIES = tuple(sorted({fold(w) for w in VOCAB.central_issuer_words if w.strip() != "Bộ"},
                              key=len, reverse=True))


@lru_cache(maxsize=1 << 17)
def slug(text: str | None) -> str:
    """Readable id fragment: folded, words joined by '-'.

    >>> slug("UBND huyện Hòa Sơn")
    'ubnd-huyen-hoa-son'
    """
    return fold(text).replace(" ", "-") or "x"


def code_key(code: str | None) -> str:
    """Compare codes ignoring case, diacritics and inner spaces, keeping separators.

    >>> code_key("23-QĐ/TW") == code_key("23-qđ/ tw")
    True
    """
    if not code:
        return ""
    t = unicodedata.normalize("NFC", code).replace(" ", "")
    t = t.replace("Đ", "D").replace("đ", "d")
    return t.upper()


def code_slug(code: str) -> str:
    """'33/CT-TTg' -> '33_ct-ttg' (url-safe, separators kept distinguishable)."""
    return code_key(code).lower().replace("/", "_")


def expand(text: str) -> str:
    """Expand the usual abbreviations so "UBND tỉnh" and "Ủy ban nhân dân tỉnh" fold alike."""
    t = unicodedata.normalize("NFC", text)
    for rx, rep in _ABBREV_RE:
        t = rx.sub(rep, t)
    return t


@dataclass(frozen=True)
class Body:
    """A parsed body name: what it is, at which level, where."""

    body: str            # folded kind of body: "uy ban nhan dan", "ban thuong vu tinh uy", "bo chinh tri"
    level: str | None    # central / province / district / commune / None
    place: str | None    # folded proper name of the place, None if not said (relative)
    admin: str | None    # folded admin word: "tinh", "huyen", "thanh pho", ...
    display: str         # as written, abbreviations kept

    @property
    def key(self) -> str:
        return f"{self.body}|{self.level or '-'}|{self.place or '-'}"

    @property
    def relative(self) -> bool:
        """True when the name says the level but not which one ("UBND tỉnh")."""
        return self.level != "central" and self.admin is not None and not self.place


# A proper name, or a number: "phường 7" and "phường 4" are different wards, never one unnamed body.
_PLACE_TAIL = re.compile(r"^(" + PLACE_NAME + r"|\d{1,3}(?![\w/]))")


@lru_cache(maxsize=65536)
def parse_body(name: str | None) -> Body:
    """Parse an issuer/unit name.

    >>> b = parse_body("UBND tỉnh"); (b.body, b.level, b.place, b.relative)
    ('uy ban nhan dan', 'province', None, True)
    >>> parse_body("Ban Thường vụ Tỉnh ủy").level
    'province'
    >>> parse_body("Thủ tướng Chính phủ").level
    'central'
    """
    if not name:
        return Body("", None, None, None, "")
    display = " ".join(unicodedata.normalize("NFC", name).split())
    text = expand(display)
    f = fold(text)
    for c in CENTRAL_BODIES:
        # "Ban Bí thư Trung ương Đảng", "Ban Chấp hành Trung ương (khóa XI)": one canonical body.
        if f == c or f.startswith(c + " "):
            return Body(c, "central", None, None, display)
    if re.match(r"^(bo|ban) [a-z]", f) and "trung uong" in f:
        return Body(f, "central", None, None, display)
    if re.match(r"^bo [a-z]", f) and not any(w in f.split() for w in ("tinh", "huyen", "xa")):
        return Body(f, "central", None, None, display)  # a ministry: "Bộ Nội vụ"
    # Party committee named by its level word: "(Ban Thường vụ) Tỉnh ủy (X)".
    for pc, lvl in _PARTY_COMMITTEES.items():
        m = re.search(rf"\b{pc}\b", f)
        if m:
            body = f[: m.end()]
            rest = _ADMIN_LEAD.sub("", text[_nth_word_end(text, len(body.split())):].strip())
            place = _place_name(rest)
            return Body(body, lvl, place, pc.split()[0], display)
    # "<body> <admin word> <Place Name>"
    for word, lvl in _ADMIN_WORDS:
        fw = fold(word)
        m = re.search(rf"(?:^| ){fw}(?: |$)", f)
        if not m:
            continue
        body = f[: m.start()].strip()
        n_words = len(f[: m.end()].split())
        rest = text[_nth_word_end(text, n_words):].strip()
        place = _place_name(rest)
        return Body(body or "uy ban nhan dan", lvl, place, fw, display)
    return Body(f, None, None, None, display)


def _nth_word_end(text: str, n: int) -> int:
    """Offset just after the n-th whitespace-separated word of `text`."""
    pos = 0
    for _ in range(n):
        m = re.compile(r"\s*\S+").match(text, pos)
        if not m:
            return len(text)
        pos = m.end()
    return pos


def _place_name(rest: str) -> str | None:
    m = _PLACE_TAIL.match(rest)
    if not m:
        return None
    words = m.group(1).split()
    # stop before words that start a new phrase ("về", "và"...) — they are lowercase anyway
    return fold(" ".join(words)) or None


def place_of(name: str | None) -> tuple[str | None, str | None]:
    """The level and the place a body's name gives, as written; (None, None) if none.

    >>> place_of("UBND huyện Hòa Sơn"), place_of("UBND tỉnh Hòa Bình"), place_of("UBND tỉnh")
    (('district', 'huyện Hòa Sơn'), ('province', 'Hòa Bình'), (None, None))
    >>> place_of("UBND tỉnh Bà Rịa - Vũng Tàu"), place_of("UBND huyện Ea H'Leo")
    (('province', 'Bà Rịa - Vũng Tàu'), ('district', "huyện Ea H'Leo"))
    """
    if not name:
        return None, None
    m = _ADMIN_RE.search(expand(name))
    if not m:
        return None, None
    # PLACE_NAME carries the names written with a spaced hyphen ("Bà Rịa - Vũng Tàu")
    word, proper = m.group(1), m.group(2)
    return _ADMIN_LEVEL[word], (proper if word == "tỉnh" else f"{word} {proper}")


def absolute_body(name: str | None, context: dict[str, str | None]) -> str | None:
    """Resolve a relative issuer against the plan's place.

    `context` has folded-or-plain ``province``, ``district``, ``commune`` names
    (``district`` may be "thành phố X" / "thị xã X" / "huyện X"). Returns the
    name with the place appended when it was relative and the place is known,
    else the name unchanged.

    >>> absolute_body("UBND tỉnh", {"province": "Hòa Bình"})
    'UBND tỉnh Hòa Bình'
    >>> absolute_body("Ban Thường vụ Huyện ủy", {"district": "huyện Hòa Sơn"})
    'Ban Thường vụ Huyện ủy Hòa Sơn'
    """
    if not name:
        return name
    b = parse_body(name)
    if not b.relative:
        return name
    target = {"province": context.get("province"), "district": context.get("district"),
              "commune": context.get("commune")}.get(b.level or "")
    if b.admin in ("thanh pho", "thanh"):
        # "UBND thành phố" / "Thành ủy": the district-level city the plan lies in when
        # it has one; in a commune plan whose district is not known yet it stays
        # relative (communes sit under districts); otherwise the province-level city.
        if _admin_of(context.get("district")) == "thanh pho":
            target = context.get("district")
        elif context.get("level") == "commune" or context.get("district"):
            target = None
        else:
            target = context.get("province")
    if not target:
        return name
    bare = _strip_admin(target)
    return f"{name} {bare}"


def _admin_of(place: str | None) -> str | None:
    if not place:
        return None
    f = fold(place)
    for word, _ in _ADMIN_WORDS:
        if f.startswith(fold(word) + " "):
            return fold(word)
    return None


def _strip_admin(place: str) -> str:
    p = " ".join(place.split())
    for word, _ in _ADMIN_WORDS:
        if fold(p).startswith(fold(word) + " "):
            return p[len(word):].strip()
    return p


@lru_cache(maxsize=262144)
def bodies_compatible(a: str | None, b: str | None, threshold: float = 90.0) -> bool:
    """Same body, as far as the two names tell.

    Unknown (None) is compatible with anything; a relative name ("UBND tỉnh")
    is compatible with any absolute name of the same body and level; absolute
    names are compared with rapidfuzz after expansion and folding.

    >>> bodies_compatible("UBND tỉnh", "Ủy ban nhân dân tỉnh Hòa Bình")
    True
    >>> bodies_compatible("UBND huyện Hòa Sơn", "UBND huyện Lạc Thủy")
    False
    """
    if not a or not b:
        return True
    pa, pb = parse_body(a), parse_body(b)
    verdict = _parsed_verdict(pa, pb, threshold)
    if verdict is not None:
        return verdict
    return fuzz.token_sort_ratio(fold(expand(a)), fold(expand(b))) >= threshold


def _parsed_verdict(pa: Body, pb: Body, threshold: float) -> bool | None:
    """What the parsed names alone decide (same key, levels, party family, places,
    a relative name of the same body), or None when only the fuzzy match can."""
    if pa.key == pb.key:
        return True
    if pa.level and pb.level and pa.level != pb.level and "thanh pho" not in (pa.admin, pb.admin):
        return False
    family = _party_family(pa)
    # "Tỉnh ủy" and "Ban Thường vụ Tỉnh ủy" issue under the same code series (…/TU).
    if family and family == _party_family(pb) and (not pa.place or not pb.place or pa.place == pb.place):
        return True
    if pa.place and pb.place and pa.place != pb.place and fuzz.ratio(pa.place, pb.place) < threshold:
        return False
    if (pa.relative or pb.relative) and _same_body(pa.body, pb.body):
        return True
    return None


def _party_family(b: Body) -> str | None:
    for pc in _PARTY_COMMITTEES:
        if b.body.endswith(pc):
            return pc
    return None


def _same_body(x: str, y: str) -> bool:
    return x == y or fuzz.ratio(x, y) >= 90


def dates_compatible(a: str | None, b: str | None) -> bool:
    """A date given as a year (or year-month) matches any date inside it; None matches all."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)


def date_specificity(d: str | None) -> int:
    return 0 if not d else {4: 1, 7: 2, 10: 3}.get(len(d), 1)


def document_id(code: str | None, issuer: str | None, date: str | None, fallback: str | None = None) -> str:
    """Stable, readable document id from code + issuer + date.

    >>> document_id("33/CT-TTg", "Thủ tướng Chính phủ", "2021-11-26")
    'doc:33_ct-ttg:thu-tuong-chinh-phu:2021-11-26'
    """
    parts = [code_slug(code) if code else "nocode", slug(issuer) if issuer else "x", date or "x"]
    if fallback:
        parts.append(slug(fallback))
    return "doc:" + ":".join(parts)


@lru_cache(maxsize=1 << 17)
def body_id(kind: str, name: str, scope: str | None = None) -> str:
    """'issuer:uy-ban-nhan-dan-huyen-hoa-son' / 'unit:phong-noi-vu@huyen-hoa-son'."""
    b = parse_body(name)
    base = slug(expand(name)) if kind == "unit" else slug(b.key.replace("|", " ").replace(" - ", " "))
    return f"{kind}:{base}" + (f"@{slug(scope)}" if scope else "")
