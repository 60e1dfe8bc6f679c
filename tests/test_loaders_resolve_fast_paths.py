"""The fast paths of resolve.py, amend.py and the citation stage of pipeline.py give exactly what the plain
formulations they replace give.

Compared on generated values and texts made of the pieces that matter, as tests/test_loaders_fast_paths.py
does for the other stages. The texts are invented; no seed text is used.
"""
from __future__ import annotations

import sys
import unicodedata
from dataclasses import fields, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.loaders import amend as AM
from vanban.loaders import pipeline as PL
from vanban.loaders import resolve as RS
from vanban.loaders.clean import clean
from vanban.loaders.find import Mention, SpanSet, find_mentions
from vanban.loaders.scan import triggers


def texts(pieces, max_size=14):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


MENTION = Mention(code="7/KH-UBND", start=0, end=9, code_start=0)
SPANS = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=4)
OPT = st.one_of(st.none(), st.sampled_from(["a", "UBND tỉnh", "2024-01-02", "Luật"]))
DOCS = st.builds(RS.Doc, code=st.sampled_from(["7/KH-UBND", "05/CT-TTg"]), date=OPT, issuer=OPT, type=OPT,
                 mentions=st.lists(st.just(MENTION), max_size=2), spans=SPANS,
                 relation=st.sampled_from(["cites", "implements"]), basis=OPT,
                 resolved_by=st.sampled_from(["code", "title"]),
                 title=OPT, first=st.integers(0, 9), catalogue=st.one_of(st.none(), st.just({"code": "x"})))


@settings(max_examples=200, deadline=None)
@given(DOCS)
def test_doc_copy_is_replace(d):
    got, want = RS._doc_copy(d), replace(d, spans=list(d.spans))
    assert got == want and type(got) is RS.Doc
    assert all(getattr(got, f.name) is getattr(want, f.name) for f in fields(RS.Doc) if f.name != "spans")
    assert got.spans is not d.spans
    got.spans.append((1, 2))
    assert d.spans == want.spans


# --- title_refs: the catalogue heads found from the trigger table, windows lowered alone -------------

TITLE_PIECES = ["Quy chế", "quy  chế", "QUY\nCHẾ", "Quy", "quy", "chế", "công tác dân vận của hệ thống chính trị",
                "Luật Thực hiện dân chủ ở cơ sở", "luật thực", "LUẬT THỰC HIỆN", "Đề án 06", "đề án", "ĐỀ ÁN", "06",
                " số 5", "Kế hoạch số 7/KH-UBND ngày 2/3/2023 của UBND tỉnh", " về ", ", ", " tỉnh Lạng Sơn", "x",
                " ", "\n", "İ", "Σ", "Α", "σ"]


def plain_title_refs(text, mentions, docs):
    """title_refs as it was: the whole text lowered, each head searched as one alternation."""
    copies = RS._Copies()
    new = []
    code_ms = [m for m in mentions if not m.own]
    taken = SpanSet((m.start, m.end) for m in code_ms)
    owners = None
    lower = text.lower()
    for cat, alias, head, _variants in RS._catalogue():
        al = alias.lower()
        for h in head.finditer(text):
            span = RS._title_span(text, lower, h.start(), alias, al, taken)
            if span is None:
                continue
            if owners is None:
                owners = RS._TitleOwners(code_ms, docs, copies)
            if owners.add_span(cat["code"], *span, text):
                continue
            s, e = span
            d = copies.own(RS.Doc(code=cat["code"], date=cat.get("date"), issuer=cat.get("issuer"),
                                  type=cat.get("type"), resolved_by="title", first=s, title=cat.get("title"),
                                  catalogue=cat, spans=[(s, e)]))
            new.append(d)
            owners.first_by_code.setdefault(d.code, d)
            taken.add(s, e)
    return copies.instead_of(docs), new


@settings(max_examples=400, deadline=None)
@given(texts(TITLE_PIECES, max_size=10))
def test_title_refs_is_the_plain_search(text):
    ms = find_mentions(text)
    docs = RS.group_mentions(ms)
    assert RS.title_refs(text, ms, docs) == plain_title_refs(text, ms, docs)


@settings(max_examples=400, deadline=None)
@given(texts(TITLE_PIECES, max_size=10))
def test_a_heads_matches_start_where_its_trigger_group_does(text):
    # finditer_at's promise: the candidates (the trigger table's starts of the head's first words) hold
    # every start of a match
    table = triggers(text)
    for _cat, _alias, head, group in RS._catalogue():
        starts = set(table.starts(group))
        assert {i for i in range(len(text) + 1) if head.match(text, i)} <= starts


@settings(max_examples=400, deadline=None)
@given(texts(TITLE_PIECES + ["ΑΣΑ", "ΑΣ", "A"], max_size=10), st.integers(0, 40), st.integers(0, 40))
def test_a_window_lowered_alone_is_the_lowered_texts(text, at, n):
    assert RS._window(text, RS._lower_for_windows(text), at, n) == text.lower()[at:at + n]


def test_only_two_characters_lower_otherwise_alone():
    # what _lower_for_windows relies on: every other character lowers to one character, whatever its neighbours
    longer = [c for c in map(chr, range(sys.maxunicode + 1)) if len(c.lower()) != 1]
    by_neighbours = [c for c in map(chr, range(sys.maxunicode + 1))
                     if ("A" + c).lower()[1:] != c.lower() or ("A" + c + "A").lower()[1:-1] != c.lower()]
    assert longer == ["İ"] and by_neighbours == ["Σ"]


# --- amend: the sentence before a citation cut out once; the verb stems tested in a loop -------------

AMEND_PIECES = ["\n", ";", ". ", ".", " ", "  ", "\t", "x", "Kế hoạch", "thay thế",
                "thay  thế", "THAY THẾ", "thay the\u0302\u0301", "bãi bỏ",
                "sửa đổi, bổ sung", "được ", "các điều của ", "Quyết định số ", "a" * 70, "ſửa đổi", "İ", "ﬁ",
                ",\n", "của\n", "\nCăn cứ ", "\n- ", "\n\n", "\nBãi bỏ ", "\nII. NỘI DUNG"]


def plain_sentence_before(text, start):
    lo = max(0, start - AM._WINDOW)
    head = text[lo:start]
    # (a line break cuts only where it ends a sentence: not a wrap inside one)
    ends = [k for k, c in enumerate(head) if c == "\n" and AM._ends_sentence(text, lo + k)]
    cut = max(max(ends, default=-1), head.rfind(";"), head.rfind(". "))
    return AM._one_space(unicodedata.normalize("NFC", head[cut + 1:]))   # (runs of spaces read as one)


@settings(max_examples=500, deadline=None)
@given(texts(AMEND_PIECES, max_size=12), st.integers(0, 400))
def test_sentence_before_is_the_cut_head(text, start):
    start = min(start, len(text))
    assert AM._sentence_before(text, start) == plain_sentence_before(text, start)


@settings(max_examples=500, deadline=None)
@given(texts(AMEND_PIECES, max_size=12), st.integers(0, 400))
def test_governed_is_the_plain_test(text, start):
    start = min(start, len(text))
    window = plain_sentence_before(text, start)
    folded = window.casefold()
    want = AM._governing_verb(window) if any(stem in folded for stem in AM._VERB_STEMS) else None
    assert AM._governed(text, start) == want


# --- pipeline: a document named once has its one span mapped back, nothing merged --------------------

@settings(max_examples=300, deadline=None)
@given(texts(["Số: 49/KH- UBND", "  ", "\n", "x", "Kế hoạch", "\u200b", "**", " - "], max_size=10),
       st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), min_size=1, max_size=3))
def test_orig_spans_are_the_sorted_set(text, spans):
    cl = clean(text)
    assert PL._orig_spans(cl, spans) == [tuple(x) for x in sorted({cl.to_orig(s, e) for s, e in spans})]


# --- group_mentions and implements_marked: loops instead of lists and generators -------------------

KH7 = "Kế hoạch số 7/KH-UBND ngày 2/3/2023"
GROUP_PIECES = [KH7, KH7 + " của UBND tỉnh", KH7 + " của UBND huyện", KH7 + " của Tỉnh ủy", "Kế hoạch số 7/KH-UBND",
                "Kế hoạch số 7/KH-UBND của UBND huyện", "Kế hoạch số 7/KH-UBND ngày 5/6/2024 của UBND tỉnh",
                "Chỉ thị số 05/CT-TTg", "Kế hoạch 7", "; ", ". Thực hiện ", ", ", "\n", " và ",
                " (sau đây gọi tắt là Kế hoạch 7)"]


def plain_group_mentions(mentions):
    """group_mentions as it was: every dated candidate listed, the first taken."""
    docs, by_code = [], {}
    code_ms = [m for m in mentions if m.kind == "code" and not m.own]
    for m in code_ms:
        if not m.date:
            continue
        cands = [d for d in by_code.get(m.code, []) if d.date == m.date and RS._compatible(d.issuer, m.issuer)]
        RS._join(cands[0] if cands else RS._new_doc(m, m.date, by_code, docs), m)
    for m in code_ms:
        if not m.date:
            RS._join(RS._undated_pick(m, by_code.get(m.code, [])) or RS._new_doc(m, None, by_code, docs), m)
    holder = RS._doc_index(docs)
    for m in mentions:
        if m.kind != "code" and m.target is not None and holder.get(id(m.target)) is not None:
            holder[id(m.target)].mentions.append(m)
    for d in docs:
        RS._settle(d)
    return sorted(docs, key=lambda d: d.first)


@settings(max_examples=300, deadline=None)
@given(texts(GROUP_PIECES, max_size=10))
def test_group_mentions_is_the_plain_grouping(text):
    ms = PL.all_mentions(text, find_mentions(text))
    assert RS.group_mentions(ms) == plain_group_mentions(ms)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), max_size=4), st.integers(0, 20))
def test_region_of_is_the_first_holding_it(regions, pos):
    assert RS._region_of(regions, pos) == next((r for r in regions if r[0] <= pos < r[1]), None)
