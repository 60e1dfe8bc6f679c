"""metadata.py's per-line and per-name fast paths give exactly what the plain formulations they replace give.

Each test writes the plain formulation out (as it stood before the fast path) and compares on generated
texts made of the pieces that matter. The texts are invented; no seed text is used.
"""
from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from vanban.loaders import metadata as M
from vanban.loaders.lexicon import normalise_org
from vanban.loaders.scan import capitals_share_at_least


def texts(pieces, min_size=0, max_size=14):
    return st.lists(st.sampled_from(pieces), min_size=min_size, max_size=max_size).map("".join)


SEPS = [" ", "  ", "   ", "\t", "|", " | ", "\u00a0"]
HEADER_PIECES = SEPS + [
    "ỦY BAN NHÂN DÂN", "ỦY", "BAN NHÂN DÂN", "NHÂN DÂN", "UBND", "HĐND", "TỈNH", "HUYỆN", "XÃ", "THỊ XÃ", "TP.",
    "LẠNG SƠN", "AN PHÚ", "SỞ", "NỘI VỤ", "PHÒNG", "BAN CHỈ ĐẠO", "BCĐ", "TỈNH ỦY", "ĐẢNG BỘ", "BAN THƯỜNG VỤ",
    "CỘNG HÒA", "CỘNG HOÀ", "Độc lập", "ĐỘC LẬP", "Số", "Số:", "5/KH", "---", "***", "*", "ngày ", "Lạng Sơn",
    "Hạnh phúc", "nông thôn", "a", "Đ", "-", ",", "Ⓐ", "1", "CHỦ TỊCH ", "Y BAN NHÂN DÂN", "\n",
    "ỦY BAN NHÂN", "DÂN", "UỶ", "HỘI ĐỒNG", "HỘI",
]
HEADER_LINES = st.lists(texts(HEADER_PIECES, max_size=8), max_size=6)
# several plans' headers share lines: draw lines from a small pool so that the caches are hit
POOL = st.lists(texts(HEADER_PIECES, max_size=8), min_size=1, max_size=4)


def as_lines(lines: list[str]) -> list[tuple[int, str]]:
    return M._lines("\n".join(lines))


def plain_header_capitals(lines):
    cand: list[str] = []
    for _, ln in lines:
        for c in (c.strip() for c in (M._CELL_SPLIT.split(ln) if M._CELL_SEP.search(ln) else (ln,))):
            if (motto := M._MOTTO_AFTER_BODY.search(c)) is not None:
                c = c[:motto.start()]
            if not c:
                continue
            if not (M._HEADER_SKIP_AT_START.match(c) or M._HEADER_SKIP_ANYWHERE(c)) and capitals_share_at_least(c, 0.8):
                cand.append(c)
    joined: list[str] = []
    for c in cand if M._SPLIT_NAME_HEADS.intersection(cand) else ():
        if joined and plain_goes_on_with_name(joined[-1], c):
            joined[-1] = f"{joined[-1]} {c}"
        else:
            joined.append(c)
    return joined or cand


def plain_goes_on_with_name(head: str, c: str) -> bool:
    # a name's beginning ("ỦY", "ỦY BAN NHÂN") that the cell goes on with: the two words' sequence is the name's
    # start, or the whole name then more
    head_words, words = head.split(), c.split()
    for full in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"):
        fw = full.split()
        if 0 < len(head_words) < len(fw) and fw[:len(head_words)] == head_words:
            both = head_words + words
            if both[:len(fw)] == fw or fw[:len(both)] == both:
                return True
    return False


def plain_title_case_place(s: str) -> str:
    s = " ".join(s.split())
    s = M._TP_DOT.sub("thành phố ", s)
    s = M._TX_DOT.sub("thị xã ", s)
    if M._LEVEL_ONLY.fullmatch(s):
        return s.lower()
    m = M._LEADING_LEVEL.match(s)
    if m:
        name = " ".join(w[:1].upper() + w[1:].lower() for w in m.group(2).split())
        return m.group(1).lower() + " " + name
    m = M._INNER_LEVEL.search(s)
    if m and s.isupper():
        head = s[:m.start()].strip()
        return head[:1] + head[1:].lower() + " " + plain_title_case_place(s[m.start(1):])
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())


def plain_header_body(cu: str):
    if cu.startswith("CHỦ TỊCH "):
        cu = cu[len("CHỦ TỊCH "):]
    for up, short in M._ORG_UPPER:
        if cu.startswith(up + " ") or cu == up:
            rest = cu[len(up):].strip()
            if short == "Ban Chỉ đạo" and rest:
                pm = M._LEVEL_WORD_THEN_SPACE.search(rest)
                subject, place = (rest[:pm.start()], rest[pm.start():]) if pm else (rest, "")
                return f"{short} {M._lower_words(subject)}", plain_title_case_place(place) if place.strip() else None
            if short in ("Ban Thường vụ", "Ban Chấp hành") and (committee := plain_header_body(rest)) is not None:
                return f"{short} {committee[0]}", committee[1]
            if short == "Ban" and (cm := M._ENDS_WITH_COMMITTEE.search(rest)):
                return f"Ban {M._sentence_case(rest[:cm.start()].strip())} {plain_header_body(cm.group(1))[0]}", None
            if rest == "VIỆT NAM":
                return None
            return short, plain_title_case_place(rest) if rest else None
    return None


def plain_header_issuer(lines):
    cand = plain_header_capitals(lines)
    if not cand:
        return None
    found: list = []
    for c in cand:
        cu = " ".join(c.split())
        body = plain_header_body(cu)
        if body is not None:
            found.append(body)
        elif found and found[-1][1] is None and M._places_last_body(found[-1][0], cu):
            found[-1] = (found[-1][0], plain_title_case_place(cu))
        elif found and found[-1][1] in M.VOCAB.level_of and M._NAME_CELL.fullmatch(cu):
            found[-1] = (found[-1][0], plain_title_case_place(f"{found[-1][1]} {cu}"))
        if len(found) >= 2:
            break
    if not found:
        return None
    org, unit = M._issuing_body(found)   # (the bodies' combination is no fast path: the same function)
    if org in M._SUB_UNITS and unit and not M._LEVEL_AT.match(unit):
        unit = unit[:1].upper() + unit[1:].lower()
    return M._with_party_organisation(f"{org} {unit}" if unit else org, lines)


@settings(max_examples=500, deadline=None)
@given(POOL, st.lists(st.integers(0, 3), max_size=8))
def test_header_capitals_from_cached_line_cells_are_the_plain_loop(pool, picks):
    lines = as_lines([pool[i % len(pool)] for i in picks])
    assert M._header_capitals(lines) == plain_header_capitals(lines)
    assert M._header_capitals(lines) == plain_header_capitals(lines)   # (again, from the cache)


@settings(max_examples=500, deadline=None)
@given(POOL, st.lists(st.integers(0, 3), max_size=8))
def test_header_issuer_from_cached_cells_is_the_plain_reading(pool, picks):
    lines = as_lines([pool[i % len(pool)] for i in picks])
    assert M._header_issuer(lines) == plain_header_issuer(lines)
    assert M._header_issuer(lines) == plain_header_issuer(lines)


@settings(max_examples=400, deadline=None)
@given(texts(["TỈNH ", "HUYỆN ", "XÃ ", "THỊ XÃ ", "TP. ", "Tp.", "TX. ", "ĐẢNG BỘ ", "AN PHÚ", "Lạng sơn", " ", "  ",
              "\t", "x", "Đ"]))
def test_cached_title_case_place_is_the_plain_one(s):
    assert M._title_case_place(s) == plain_title_case_place(s)
    assert M._title_case_place(s) == plain_title_case_place(s)


SIGN_PIECES = SEPS + [
    "TM. ", "T/M ", "KT. ", "Q. ", "TL. ", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "BÍ THƯ", "GIÁM ĐỐC",
    "Nguyễn Văn An", "NGUYỄN VĂN AN", "(Đã ký)", "Nơi nhận:", "- Lưu: VT.", "TỈNH X", "x", "\n",
]


def plain_signature_tail(text, last):
    start = last[0][0]
    hit = M._sign_first(text, start)
    if hit is None:
        return []
    tail: list[str] = []
    for _, ln in last[text.count("\n", start, hit):]:
        cells = M._CELL_SPLIT.split(ln) if ("|" in ln or "\t" in ln or "   " in ln) else (ln,)
        for cell in cells:
            tail.extend(M._split_signature_cell(cell.strip()))
    return tail


@settings(max_examples=500, deadline=None)
@given(texts(SIGN_PIECES, max_size=20), st.integers(1, 45))
def test_signature_tail_from_cached_line_cells_is_the_plain_split(text, keep):
    last = M._lines(text)[-keep:]
    assert M._signature_tail(text, last) == plain_signature_tail(text, last)
    assert M._signature_tail(text, last) == plain_signature_tail(text, last)


@settings(max_examples=300, deadline=None)
@given(texts(["Ủy ban nhân dân ", "UBND ", "TP. ", "TX. ", "TP.", "Huyện Ủy ", "tỉnh ", "An Phú", " (khóa XI)", ",",
              " ", "x", "Tỉnh", "Thành phố ", "Xã"]))
def test_cached_preamble_org_is_the_plain_normalisation(iss):
    plain = normalise_org(M._TP_TX.sub(M._expand_tp_tx, iss))
    levels = "Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn|Đặc khu"
    if plain and (cap := re.match(r"(UBND|HĐND) (" + levels + r")\b", plain)):
        plain = f"{cap.group(1)} {cap.group(2).lower()}{plain[cap.end():]}"   # "UBND Tỉnh": its own level word
    assert M._preamble_org(iss) == plain
    assert M._preamble_org(iss) == plain


@settings(max_examples=300, deadline=None)
@given(texts(["UBND ", "Sở Y tế ", "huyện ", "thành phố ", "xã ", "Huyện ủy ", "Tỉnh ủy ", "Đức Trọng", "Lâm Hà",
              "Bộ Y tế", "Phòng ", " ", "x"]))
def test_cached_issuer_level_is_the_plain_reading(iss):
    assert M._issuer_level(iss) == M._issuer_level.__wrapped__(iss)
    assert M._issuer_level(iss) == M._issuer_level.__wrapped__(iss)


def plain_signature(text, lines):
    tail = plain_signature_tail(text, lines[-40:])
    start = next((i for i, cell in enumerate(tail) if cell.startswith(M._SIGN_WORDS)), None)
    if start is None:
        return None, None, None
    pos_lines: list[str] = []
    org = None
    name = None
    for cell in tail[start:]:
        if M._SIGNED_FOR.match(cell):
            org = M._signed_for(cell) or org
            continue
        if M._is_type_heading(cell):
            break
        if cell.startswith(M._SIGN_WORDS) or (cell.isupper() and len(cell) < 40 and not M._PERSON.match(cell.title())):
            pos_lines.append(cell)
            continue
        if name is None or not cell.isupper():
            name = M._signer_name(cell, bool(pos_lines)) or name
    pos = " / ".join(pos_lines) if pos_lines else None
    return pos, name, org


@settings(max_examples=500, deadline=None)
@given(st.lists(texts(SIGN_PIECES, max_size=6), min_size=1, max_size=4), st.lists(st.integers(0, 3), max_size=10))
def test_signature_from_a_cached_block_is_the_plain_reading(pool, picks):
    text = "\n".join(pool[i % len(pool)] for i in picks)
    lines = M._lines(text)
    assert M._signature(text, lines) == plain_signature(text, lines)
    assert M._signature(text, lines) == plain_signature(text, lines)


def plain_place_counts(text):
    from collections import Counter
    c: Counter = Counter()
    for m in M.PLACE_RE.finditer(text):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        name = m.group("name")
        if name.split()[0] in ("Ủy", "UBND", "Ban", "Nhà", "Đảng", "Việt", "Trung"):
            continue
        c[(m.group("lvl"), " ".join(name.split()))] += 1   # ("Tiền  Giang": one space)
    return c


@settings(max_examples=500, deadline=None)
@given(texts(["xã ", "thị xã ", "huyện ", "tỉnh ", "thành phố ", "Xã ", "Sơn Tây", "An Phú", "Ủy ban", "UBND ",
              "Đảng bộ", "Việt Nam", "Ban Mai", "Nhà Bè", "Trung Sơn", "a", "1", ", ", " ", "\n", "các "], max_size=20))
@example("1xã An Phú, Bxã An Phú; thị xã Sơn Tây")
def test_place_counts_are_the_plain_count_in_order(text):
    fast, plain = M._place_counts(text), plain_place_counts(text)
    assert fast == plain and list(fast.items()) == list(plain.items())   # (most_common breaks ties by this order)


def test_preamble_start_words_are_the_lexicon_s():
    from vanban.loaders.lexicon import load
    assert tuple(load("lexicon")["preamble_start"]) == M._PREAMBLE_START


DATE_PIECES = [
    "Hà Nội", "An Phú", "7", "12", "xã A", ", ", ",", " ", "  ", "   ", "\t", "|", "\n", "\n\n", "ngày ", "ngày", " 3",
    " tháng ", "tháng", " năm ", "năm", "2024", "/", "…", ".", "số 12/KH", "Kế hoạch", "UBND", "_", "a" * 30, "Đ",
]


@settings(max_examples=800, deadline=None)
@given(texts(DATE_PIECES, max_size=24), st.integers(0, 40), st.integers(0, 200))
@example("|" + "Ê" * 41 + ", ngày 3 tháng 4 năm 2024", 0, 80)   # (the longest place, after a bar)
@example("|   " + "Ê" * 41 + " , ngày 3 tháng 4 năm 2024", 0, 80)
@example("x |   An Phú   , ngày 3/4/2024", 0, 80)
def test_date_search_from_its_comma_is_the_search(text, pos, end):
    def span(m):
        return None if m is None else (m.span(), m.group("place", "d", "m", "y"))
    assert span(M._date_search(text, pos, end)) == span(M._DATE_LINE.search(text, pos, end))


@settings(max_examples=500, deadline=None)
@given(texts(DATE_PIECES, max_size=24), st.integers(0, 200))
def test_date_line_is_the_first_finditer_match_with_a_place(text, end):
    plain = next((dl for dl in M._DATE_LINE.finditer(text, 0, end) if not M._NOT_DATE_PLACE.search(dl.group("place"))),
                 None)
    fast = M._written_date_line(text, end)
    assert (fast and fast.span()) == (plain and plain.span())


HEADING_PIECES = ["\n", " ", "\t", "  ", "I", "II", "A", "1", ".", ")", "-", ":", " ", "PHẦN", "PHẦN I", "THỨ NHẤT",
                  "MỤC ĐÍCH", "Mục đích", "MỤC TIÊU", "x", "KẾ HOẠCH CHUNG", ","]


@settings(max_examples=800, deadline=None)
@given(texts(HEADING_PIECES, max_size=20), st.integers(-2, 45), st.none() | st.integers(-1, 60), st.booleans())
@example("a\nI. x", 2, None, False)
def test_headings_searched_from_the_newlines_are_the_search(text, pos, end, at_a_line_start):
    if at_a_line_start and "\n" in text:   # (from a line start: where ^ holds at pos itself)
        pos = text.index("\n", min(max(pos, 0), len(text) - 1) if "\n" in text[max(pos, 0):] else 0) + 1
    for plain, fast in ((M._FIRST_HEADING, M._FIRST_HEADING_SEARCH), (M._SECTION_END, M._SECTION_END_SEARCH)):
        assert start(fast(text, pos, end)) == start(plain.search(text, pos, len(text) if end is None else end))


def start(m):
    return None if m is None else m.start()
