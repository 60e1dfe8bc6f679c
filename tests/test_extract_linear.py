"""Extraction work grows linearly with the text (issue 18, row 2), checked without timing.

The short-form search used to test every use against a list of every span taken so far, so a
plan of N uses cost N² comparisons (a seed repeated to 1 MB took seconds, 20 MB hours). Here the
comparisons are counted: they must stay proportional to the spans held, whatever the length.
"""
from __future__ import annotations

import re

from vanban.loaders import extract_text
from vanban.loaders.clean import clean
from vanban.loaders.find import SpanSet, find_aliases, find_mentions

PLAN = (
    "Thực hiện Chỉ thị số 33/CT-TTg ngày 12/4/2024 của Thủ tướng Chính phủ về tăng cường quản lý "
    "(sau đây gọi tắt là Chỉ thị số 33), UBND xã ban hành Kế hoạch như sau:\n"
    "1. Quán triệt Chỉ thị số 33 đến cán bộ; các thôn triển khai Chỉ thị 33 kịp thời.\n"
    "2. Báo cáo kết quả thực hiện Chỉ thị số 33 trước ngày 15/12/2024.\n"
)


def _plain_aliases(text, mentions):
    """The former formulation (a list of taken spans, scanned per use): the reference."""
    from vanban.loaders.find import _alias_pattern, _patterns
    full = [m for m in mentions if not m.own]
    taken = [(m.start, m.end) for m in full]
    out = []
    for d in _patterns()["alias_def"].finditer(text):
        alias = d.group("alias").strip()
        prev = [m for m in full if m.end <= d.start() and d.start() - m.tail_end < 400]
        if not prev or not re.search(r"\w", alias):
            continue
        target = prev[-1]
        for u in re.compile(_alias_pattern(alias), re.I).finditer(text):
            if u.start() < target.end or any(s < u.end() and u.start() < e for s, e in taken):
                continue
            out.append((u.start(), u.end(), target.code))
            taken.append(u.span())
    return sorted(out)


def _aliases(copies: int):
    text = clean("\n".join([PLAN] * copies)).text
    ms = find_mentions(text)
    spans = SpanSet((m.start, m.end) for m in ms if not m.own)
    got = find_aliases(text, ms, spans)
    return text, ms, got, spans


def test_short_forms_same_as_plain_formulation():
    text, ms, got, _ = _aliases(6)
    assert [(a.start, a.end, a.code) for a in got] == _plain_aliases(text, ms)
    # four uses a copy (the definition's own words, then three), all bound to the first directive
    assert len(got) == 6 * 4


def test_short_form_comparisons_linear_in_uses():
    small = _aliases(20)
    big = _aliases(320)
    for _, ms, got, spans in (small, big):
        held = len(ms) + len(got)
        # a bounded number of comparisons per use (the quadratic list made ~uses²/2: 25,000+ at 320 copies)
        assert spans.compared <= 4 * held, (spans.compared, held)
    assert len(big[2]) == 16 * len(small[2])


def test_spanset_overlap_matches_plain_scan():
    spans = [(i * 7, i * 7 + 5) for i in range(500)] + [(10_000, 10_900)]
    ss = SpanSet(spans)
    for s, e in [(0, 1), (5, 7), (4, 6), (6, 7), (3499, 3500), (10_500, 10_501), (10_900, 11_000), (9_999, 10_000)]:
        assert ss.overlaps(s, e) == any(a < e and s < b for a, b in spans), (s, e)
    before = ss.compared
    for i in range(500):
        ss.overlaps(i * 7 + 5, i * 7 + 7)
    # each test looks at one or two buckets of at most ~40 short spans, never at all 501
    assert ss.compared - before <= 500 * 80


def test_repeated_plan_keeps_every_use():
    rec = extract_text("\n".join([PLAN] * 50))
    (c,) = rec.citations
    assert c.code == "33/CT-TTg" and len(c.spans) == 50 + 50 * 4


def test_recipients_search_finds_the_words_once(monkeypatch):
    # the last "Nơi nhận" block was found by a fresh scan from each match on: quadratic in a long text
    from vanban.loaders import reporting, scan
    from vanban.loaders.scan import scanner
    calls = []

    class Counting:
        def __init__(self, literals):
            self.real = scanner(literals)

        def starts(self, *args):
            calls.append(args[1:])
            return self.real.starts(*args)

        def hits(self, text):
            calls.append("one pass")
            return self.real.hits(text)

    monkeypatch.setattr(scan, "scanner", Counting)    # (search_line_start's)
    monkeypatch.setattr(scan._VOCAB_TRIGGERS, "_scanner", Counting(scan._VOCAB_TRIGGERS._scanner.literals))
    block = "Nơi nhận:\n- UBND huyện;\n- Lưu: VT.\nKT. CHỦ TỊCH\n"
    assert reporting.extract_recipients(block * 300) == ["UBND huyện"]
    assert calls == ["one pass"]   # the trigger table's one scan, for both words, not one per block
