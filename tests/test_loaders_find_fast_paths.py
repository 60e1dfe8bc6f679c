"""The fast paths of find.py (and of all_mentions) give exactly what the plain formulations they replace give.

Compared on generated texts made of the pieces that matter, as tests/test_loaders_fast_paths.py does for the
earlier ones. The texts are invented; no seed text is used.
"""
from __future__ import annotations

import copy
import re
from unittest.mock import patch

from hypothesis import example, given, settings
from hypothesis import strategies as st

from vanban.loaders import find as F
from vanban.loaders.lexicon import alt, normalise_org
from vanban.loaders.scan import WHITESPACE, runs_before, search_before, token_starts, trie_alt, word_starts_before


def texts(pieces, max_size=14):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


def span(m):
    return None if m is None else m.span()


SPACES = [" ", "  ", "\n", "\t", " \n", "\u00a0"]
WORDS = ["x", "Ab", "ă", "_", "số", "Số", ":", ",", ";", ".", "(", ")", "-", "–", "/", "&", "1", "12", "2023", "0",
         "１", "٣"]
CODES = ["33/CT-TTg", "23-QĐ/TW", "04/2015/NĐ-CP", "2953/UBND-NC", "12/KH - UBND", "A12/KH", "5/KH–UBND", "/KH",
         "01-ĐA/BDVTU-UBND", "１2/KH", "٣3/KH", "x/y", "12/", "/Đ", "TTr-STT&TT", "NN&12/KH",
         "7-NN&PT/TW", "–7/QĐ", "5/1/2024"]


def _token_starts_plain(text, marks, member, lead, pos, end):
    js = [m.start() for m in marks.finditer(text, pos, end)]
    return [i for i in range(pos, end) if lead(text[i]) and (i == pos or not lead(text[i - 1]))
            and any(j > i and all(map(member, text[i:j])) for j in js)]


@settings(max_examples=400, deadline=None)
@given(texts(CODES + SPACES + WORDS), st.floats(0, 1), st.floats(0, 1))
def test_token_starts_are_the_lead_runs_before_a_mark(text, a, b):
    pos, end = sorted((int(a * len(text)), int(b * len(text))))
    assert token_starts(text, F._CODE_MARK, F._code_char, str.isdecimal, pos, end) == _token_starts_plain(
        text, F._CODE_MARK, F._code_char, str.isdecimal, pos, end)
    assert token_starts(text, re.compile("a"), str.isalpha, str.isupper) == _token_starts_plain(
        text, re.compile("a"), str.isalpha, str.isupper, 0, len(text))


@settings(max_examples=500, deadline=None)
@given(texts(CODES + SPACES + WORDS), st.floats(0, 1), st.floats(0, 1))
def test_codes_in_a_window_are_code_re_there(text, a, b):
    pos, end = sorted((int(a * len(text)), int(b * len(text))))
    plain = [span(m) for m in F.CODE_RE.finditer(text, pos, end)]
    assert [span(m) for m in F.iter_codes(text, pos, end)] == plain
    # from the whole text's candidates, as find_mentions searches the subjects' windows
    assert [span(m) for m in F.iter_codes(text, pos, end, F.code_candidates(text))] == plain
    # _subject_after's "next code" is the first of them: where a search of the window starts
    first, ref = next(F.iter_codes(text, pos, end), None), F.CODE_RE.search(text, pos, end)
    assert (first and first.start()) == (ref and ref.start())


def _runs_before_plain(text, lits, run, gap):
    is_run, is_gap = re.compile("[" + run + "]").fullmatch, re.compile("[" + gap + "]").fullmatch
    out = []
    for s in range(len(text)):
        if not is_run(text[s]) or (s and is_run(text[s - 1])):
            continue
        e = s
        while e < len(text) and is_run(text[e]):
            e += 1
        k = e
        while k < len(text) and is_gap(text[k]):
            k += 1
        if any(text.startswith(w, k) for w in lits):
            out.append(s)
    return out


UNSYMBOLLED = ["Nghị quyết", "Kế hoạch", " ", "  ", ",", ", ", "của", "ngày", "01", "2", "12345", "/", "-", ".", "a",
               "\n", "số", "_", "–", "\u00a0", "ngà", "củ", "a của"]


@settings(max_examples=500, deadline=None)
@given(texts(UNSYMBOLLED, max_size=16))
def test_runs_before_are_the_runs_followed_by_a_literal(text):
    for lits in (("của", "ngày"), ("a",), ("ngày", "của", "ngày")):
        assert runs_before(text, lits, "0123456789", WHITESPACE + ",") == _runs_before_plain(text, lits, "0-9", r"\s,")


@settings(max_examples=500, deadline=None)
@given(texts(UNSYMBOLLED, max_size=16))
def test_unsymbolled_numbers_are_the_one_pattern_scan(text):
    assert [m.span() for m in F._unsymbolled_numbers(text)] == [m.span() for m in F._UNSYMBOLLED_START.finditer(text)]


def _group_heads_plain(text, ms):
    # the former formulation: a search of the whole text first, the paragraphs read only when it finds a head
    if F._GROUP_HEAD.search(text) is None:
        return
    words = F._patterns()["type_words"]
    todo = [m for m in ms if not (m.own or (m.type_word and m.issuer))]
    for m in todo:
        para = text.rfind("\n", 0, m.start) + 1
        heads = [g for g in (F._GROUP_HEAD.match(text, k) for k in range(para, m.start) if text.startswith("các ", k))
                 if g and g.end() <= m.start and words.get(" ".join(g.group("tw").lower().split()))]
        # (the head found for a paragraph's first such mention serves its later ones)
        first = next(x for x in todo if text.rfind("\n", 0, x.start) + 1 == para)
        heads = [g for g in heads if g.end() <= first.start]
        if not heads or ". " in text[heads[0].end():m.start]:
            continue
        g = heads[0]
        if not m.type_word:
            m.type = words[" ".join(g.group("tw").lower().split())]
        if not m.issuer and g.group("iss"):
            m.issuer_raw = g.group("iss").strip()
            m.issuer = normalise_org(m.issuer_raw)


GROUPS = ["Căn cứ ", "các Quyết định của Thủ tướng Chính phủ:", "các Nghị quyết:",
          "các Chỉ thị do Ban Bí thư ban hành:", "các Quyết định", " của Thủ tướng Chính phủ", ":",
          " số 749/QĐ-TTg", " số 12/NQ-HĐND", " 5/CT-TW", " số 749/QĐ-TTg ngày 3/1/2024",
          " số 3/QĐ-UBND của UBND tỉnh", "; ", ". ", "\n", "các ", "xcác ", "Số: 1/KH-UBND", " x", " và"]


@settings(max_examples=800, deadline=None)
@given(texts(GROUPS, max_size=16))
def test_group_heads_without_the_whole_text_gate(text):
    with patch.object(F, "_group_heads", lambda t, ms: None):
        raw = F.find_mentions(text)
    a, b = copy.deepcopy(raw), copy.deepcopy(raw)
    F._group_heads(text, a)
    _group_heads_plain(text, b)
    assert a == b


def test_group_heads_still_give_the_list_its_type_and_issuer():
    t = "Căn cứ các Quyết định của Thủ tướng Chính phủ: số 749/QĐ-TTg ngày 3/6/2020; số 411/QĐ-TTg ngày 31/3/2022;"
    with patch.object(F, "_group_heads", lambda t, ms: None):
        raw = F.find_mentions(t)
    a, b = copy.deepcopy(raw), copy.deepcopy(raw)
    F._group_heads(t, a)
    _group_heads_plain(t, b)
    assert a == b != raw and [(m.type, m.issuer) for m in a] == [("Quyết định", "Thủ tướng Chính phủ")] * 2


def _parse_date_plain(m):
    d, mo, y = m.group("d") or m.group("d2"), m.group("m") or m.group("m2"), m.group("y") or m.group("y2")
    if y is not None and " " in y:   # a year split by a space: "20 21"
        y = y.replace(" ", "")
    if y is not None and len(y) == 2:
        y = "20" + y
    try:
        mo_i = int(mo)
        if not 1 <= mo_i <= 12:
            return None
        if d:
            d_i = int(d)
            if not 1 <= d_i <= 31:
                return None
            return f"{int(y):04d}-{mo_i:02d}-{d_i:02d}"
        return f"{int(y):04d}-{mo_i:02d}"
    except (TypeError, ValueError):
        return None


DATES = [" ngày ", "Ngày ", "ngày", "5", "05", "13", "0", "32", "/", ".", "-", " tháng ", "tháng", " năm ", "năm",
         "2024", "20 24", "2 0", "19", "202 4",
         "١٢", "２０２４", ",", " ", "…", "_", "(", ")", "ban hành ", "Căn cứ ", "UBND tỉnh ", "thông qua "]


@settings(max_examples=600, deadline=None)
@given(texts(DATES, max_size=16), st.integers(0, 10))
def test_dates_read_as_the_plain_group_reading(text, pos):
    p = F._patterns()
    for m in (p["date_after"].match(text, pos), *F._DATE_BEFORE.finditer(text)):
        if m is not None:
            assert F._parse_date(m) == _parse_date_plain(m)


def _issuer_at_plain(text, pos):
    p = F._patterns()
    m = p["issuer_after"].match(text, pos)
    if not m:
        return None, pos
    s = m.end()
    limit = min(len(text), s + 140)
    stop = p["issuer_stop"].search(text, s, limit)
    e = stop.start() if stop else limit
    # a stop inside a known body's name: the next stop after the name
    while stop is not None and (inside := [b for b in p["body_name"].finditer(text, s, limit)
                                           if b.start() < e < b.end()]):
        stop = p["issuer_stop"].search(text, inside[0].end(), limit)
        e = stop.start() if stop else limit
    raw = text[s:e].strip()
    if not raw or len(raw) < 2 or not (raw[0].isupper() or raw.startswith(("các", "cơ quan"))):
        return None, pos
    k = F._TERM.match(text[e:e + 30])
    if k:
        e += k.end()
    return raw, e


ISSUERS = [" của ", "của ", " do ", "UBND tỉnh", "Bộ Chính trị", " (khóa XI)", " (nhiệm kỳ 2020-2025)", "(khoá", ")",
           " về ", ";", ",", " ", "  ", "\n", "x", "Ban Chấp hành Trung ương", " ngày 5/1/2024", "các cơ quan",
           "Bộ Kế hoạch", " và Đầu tư", "Sở Lao động", " - Thương binh", " và Xã hội", "Bộ Văn hóa", ", Thể thao",
           " và Du lịch", " và Bộ", "Bộ trưởng "]


@settings(max_examples=600, deadline=None)
@given(texts(ISSUERS, max_size=14), st.integers(0, 12))
def test_issuer_reading_as_the_plain_one(text, pos):
    assert F._issuer_at(text, pos) == _issuer_at_plain(text, pos)


def _mention_code(text, m):
    """A code match's code when it is a document's number (find_mentions' test, written plainly)."""
    code = F._document_code(m.group("code"))
    cs = m.start("code")
    return None if code is None or F._not_doc_before(text[max(0, cs - 20):cs].lower()) else code


OWN = ["Số", "SỐ", "So", "Sô", "SỔ", "Sở", "số", ":", " ", "\n", "\t", "|", "Phúc ", "phúc ", "PHÚC ", "x", "S",
       "12/KH-UBND"]


@settings(max_examples=600, deadline=None)
@given(texts(OWN, max_size=10))
def test_own_number_mark_as_the_search(text):
    own_before = F._patterns()["own_before"]
    with patch.object(F, "_group_heads", lambda t, ms: None), \
            patch.object(F, "_drop_cut_code", lambda ms: None):
        got = [(m.code_start, m.own) for m in F.find_mentions(text)]
    assert got == [(m.start(), bool(own_before.search(text, max(0, m.start() - 12), m.start())))
                   for m in F.CODE_RE.finditer(text) if _mention_code(text, m)]


NUMBERS = ["1", "12", "033", "0033", "2023", "x", "/", " / 5", "-a", "٣", "²", " ", "\n", "5", "05", "005", "0"]


@settings(max_examples=400, deadline=None)
@given(texts(NUMBERS), st.sets(st.sampled_from(["1", "12", "33", "5", "0"]), min_size=1))
def test_wanted_number_runs_are_the_runs(text, nums):
    wanted = {v for n in nums for v in (n, "0" + n, "00" + n)}
    plain = [m.span() for m in F._NUM_RUN.finditer(text)
             if m.group(0) in wanted and not (m.start() and text[m.start() - 1].isdigit())]
    assert [m.span() for m in F._number_runs(text, wanted)] == plain


WORD_LISTS = st.lists(texts(list("vềa/ b.") + ["ban", "hành", " "], max_size=6).filter(str.strip), max_size=8)


@settings(max_examples=500, deadline=None)
@given(WORD_LISTS, texts(list("vềa/ b.\n") + ["ban", "hành", "  "], max_size=14))
def test_trie_alternation_matches_what_the_alternation_matches(words, s):
    tree, flat = re.compile(trie_alt(words)), re.compile(alt(words))
    assert bool(tree.fullmatch(s)) == bool(flat.fullmatch(s))
    # where they match first, with a lookahead after them (as the issuer's stop words are written)
    a, b = re.compile(trie_alt(words) + r"(?!\w)").search(s), re.compile(alt(words) + r"(?!\w)").search(s)
    assert (a and a.start()) == (b and b.start())


NARRATIVES = st.tuples(
    texts(["x", "a b", "  ", "\n", ".", "ngày ", "và"], max_size=4),
    st.sampled_from(["", ". ", ".", ";\n  ", ":", ",", ", ", "x\n ", "\n\n", "và ", "đến ", "xvà ", " \t", "\u00a0"]),
    st.sampled_from(["Ngày ", "ngày ", "ngày  ", "Ngày"]),
    st.sampled_from(["14/7/2016", "28 tháng 6 năm 2024", "5", "1 tháng 2,  năm 2020"]),
    st.sampled_from([", ", ",", " "]),
    texts(["UBND tỉnh", " ", ",", "tại Kỳ họp thứ 7", ";", "Quốc hội"], max_size=3),
    st.sampled_from([" ban hành ", " đã thông qua ", " ký ", " phê duyệt ", "ban hành"]),
    texts(["Luật Thủ đô ", "(", "x", " "], max_size=2),
).map("".join)


@settings(max_examples=800, deadline=None)
@given(NARRATIVES, st.floats(0, 1), st.sampled_from([None, 0.0, 0.5, 0.9]))
def test_date_before_found_from_its_day_words(text, a, b):
    pos = int(a * len(text))
    end = len(text) if b is None else max(pos, int(b * len(text)))
    plain = F._DATE_BEFORE.search(text, pos, end)
    got = search_before(F._DATE_BEFORE, text, ("ngày", "Ngày"), 3, "\n", pos, end)
    assert (got and (got.span(), got.groupdict())) == (plain and (plain.span(), plain.groupdict()))


def _word_starts_plain(text, lit, words_back):
    """Each occurrence's whitespace-delimited word and the ``words_back`` before it: their starts, and every
    place in them (up to the occurrence, in its own word; up to the end, in the others) after a character
    that is no word character."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    out = set()
    for q in (i for i in range(len(text)) if text.startswith(lit, i)):
        k = next(j for j, (s, e) in enumerate(spans) if s <= q < e)
        for j in range(max(0, k - words_back), k + 1):
            s, e = spans[j]
            out.add(s)
            out.update(p for p in range(s + 1, (q if j == k else e) + 1) if not re.match(r"\w", text[p - 1]))
    return sorted(out)


@settings(max_examples=500, deadline=None)
@given(texts(["33", "3", "x", "Chỉ", " ", "  ", "\n", "\u00a0", "3x3", "33 33", "(", "/", "“", "_", "²"], max_size=16),
       st.integers(0, 3))
def test_word_starts_before_are_the_words_read_back(text, back):
    for lit in ("33", "3", "3x"):
        assert word_starts_before(text, lit, back) == _word_starts_plain(text, lit, back)


ALIASES = ["Chỉ thị 33", "Chỉ thị số 33", "Nghị quyết số 35/2023/UBTVQH15", "Đề án", "Kết luận số 132-KL/TW của Bộ",
           "số 5", "33"]
ALIAS_TEXT = ["(", "“", "Chỉ thị", "chỉ THỊ", "CHỈ THỊ", "thị", "số", "SỐ", "33", "333", "35/2023/UBTVQH15",
              "132-KL/TW", "Đề án", "đề ÁN", "của bộ", "của Bộ", "Kết luận", " ", "  ", "\n", "x", "/", "-", "5", "K",
              "\u212a", "ſ", "İ"]


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(ALIASES), texts(ALIAS_TEXT, max_size=16))
@example("33", "/33").via("a use after a slash: found inside the written word")
@example("Chỉ thị 33", "(Chỉ thị 33)").via("in brackets")
def test_alias_uses_are_the_case_blind_pattern_matches(alias, text):
    rx = F._alias_pattern(alias)
    assert [u.span() for u in F._alias_uses(text, alias, rx)] == [u.span() for u in re.compile(rx, re.I).finditer(text)]
