"""The scanner (loaders/scan.py): the fast implementation gives the plain one's starts, and the plain one
gives what a character-by-character reading gives."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.loaders import metadata as M
from vanban.loaders.scan import PlainScanner, scanner

ALPHABET = st.sampled_from(list("axã ịt.Tthịx") + ["thị xã", "xã ", "T.M.", "TM."])
LITERALS = st.lists(st.text(st.sampled_from(list("axã ịt.T")), min_size=1, max_size=4), min_size=0, max_size=6)
TEXTS = st.lists(ALPHABET, max_size=40).map("".join)


def _reference(literals, text, pos=0, end=None):
    end = len(text) if end is None else end
    return [i for i in range(pos, end) if any(text.startswith(w, i) and i + len(w) <= end for w in literals)]


@settings(max_examples=400, deadline=None)
@given(LITERALS, TEXTS, st.floats(0, 1), st.floats(0, 1))
def test_plain_scanner_finds_every_start(literals, text, a, b):
    pos, end = sorted((int(a * len(text)), int(b * len(text))))
    plain = PlainScanner(literals)
    assert plain.starts(text, pos, end) == _reference(literals, text, pos, end)
    ref = _reference(literals, text)
    assert plain.first(text) == (ref[0] if ref else None)


@settings(max_examples=400, deadline=None)
@given(LITERALS, TEXTS, st.floats(0, 1), st.floats(0, 1))
def test_fast_scanner_is_the_plain_one(literals, text, a, b):
    pytest.importorskip("ahocorasick")
    from vanban.loaders.scan import AhoCorasickScanner
    pos, end = sorted((int(a * len(text)), int(b * len(text))))
    fast, plain = AhoCorasickScanner(literals), PlainScanner(literals)
    assert fast.starts(text, pos, end) == plain.starts(text, pos, end)
    assert fast.starts(text) == plain.starts(text)
    assert fast.first(text) == plain.first(text)


def test_scanner_picks_the_fast_one_for_many_literals_when_installed():
    from vanban.loaders.scan import AUTOMATON_FROM
    many = tuple(f"w{i}" for i in range(AUTOMATON_FROM))
    assert type(scanner(many[:2])) is PlainScanner
    try:
        import ahocorasick  # noqa: F401
    except ImportError:
        assert type(scanner(many)) is PlainScanner
    else:
        assert type(scanner(many)).__name__ == "AhoCorasickScanner"


PLACES = st.lists(st.sampled_from(["thị xã ", "xã ", "Sơn ", "Tây", "huyện ", "đặc khu ", ", ", "7 ", "tỉnh",
                                   "thành phố ", "Đ", "x"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(PLACES)
def test_place_matches_are_finditer(text):
    assert [m.span() for m in M.place_matches(text)] == [m.span() for m in M.PLACE_RE.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("a1/ 2.-x") + ["12 của", "3/4", "đ5"]), max_size=20).map("".join),
       st.sampled_from([r"[\w/]", r"[\w/.,\-–]", r"[a-z]"]))
def test_not_after_is_the_lookbehind_first_pattern(text, before):
    import re

    from vanban.loaders.scan import not_after
    rest = r"[0-9]{0,3}(?![\w/])"
    plain = re.compile("(?<!" + before + ")[0-9]" + rest)
    assert [m.span() for m in not_after(before, "[0-9]", rest).finditer(text)] == \
        [m.span() for m in plain.finditer(text)]


# --- the trigger table: one pass for every group, the same starts as a scan per group ---------------

GROUPS = st.dictionaries(st.sampled_from(["a", "b", "c"]), LITERALS, max_size=3)


@settings(max_examples=400, deadline=None)
@given(GROUPS, TEXTS, st.floats(0, 1))
def test_trigger_table_gives_each_groups_own_scan(groups, text, a):
    from vanban.loaders.scan import TriggerScanner
    pos = int(a * len(text))
    words = tuple(dict.fromkeys(w for ws in groups.values() for w in ws if w))
    tables = [TriggerScanner(groups, PlainScanner(words)).table(text)]
    try:
        from vanban.loaders.scan import AhoCorasickScanner
        tables.append(TriggerScanner(groups, AhoCorasickScanner(words)).table(text))
    except ImportError:   # pragma: no cover
        pass
    for t in tables:
        for g, ws in groups.items():
            one = PlainScanner(ws)
            assert t.starts(g) == one.starts(text), g
            assert t.starts(g, pos) == one.starts(text, pos), g
            for end in range(pos, len(text) + 1):   # (every end: a word may cross it)
                assert t.starts(g, pos, end) == one.starts(text, pos, end), (g, end)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Số", "SỐ", "Căn cứ", "CĂN CỨ", "Nơi nhận", "NƠI NHẬN", "Tổ chức thực hiện",
                                 "TỔ CHỨC THỰC HIỆN", "thị xã", "xã", "đặc khu", " ", "\n", "x"]),
                max_size=20).map("".join))
def test_the_vocabularys_trigger_table_is_each_words_scan(text):
    from vanban.loaders.scan import triggers
    from vanban.loaders.vocab import VOCAB
    table = triggers(text)
    assert table is triggers(text)   # built once for the text being read
    for g, ws in VOCAB.triggers.items():
        assert table.starts(g) == _reference(ws, text), g


def test_hits_name_each_occurrence():
    text = "thị xã Sơn Tây, xã Đường Lâm"
    words = ("xã", "thị xã", "Tây")
    want = sorted((i, w) for w in words for i in range(len(text)) if text.startswith(w, i))
    assert sorted(PlainScanner(words).hits(text)) == want
    ac = pytest.importorskip("ahocorasick")
    assert ac and sorted(scanner(words + ("a", "b", "c", "d", "e")).hits(text)) == sorted(
        PlainScanner(words + ("a", "b", "c", "d", "e")).hits(text))
