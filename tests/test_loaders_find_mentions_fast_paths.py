"""find.py's per-mention fast paths give exactly what the plain formulations they replace give.

The plain formulations below are the former code: the type word read back after two passes over every
"số" tail, the date and the issuer's "của" matched one after the other, the subject's window searched by
``iter_codes`` and the next code's type word read again, every date parsed anew. Compared on generated texts
made of the pieces that matter; the texts are invented, no seed text is used.
"""
from __future__ import annotations

import copy
import re
from unittest.mock import patch

from hypothesis import example, given, settings
from hypothesis import strategies as st

from test_loaders_find_fast_paths import _mention_code, _parse_date_plain, _runs_before_plain  # (once)
from vanban.loaders import find as F
from vanban.loaders.lexicon import normalise_org
from vanban.loaders.scan import WHITESPACE, runs_before


def texts(pieces, max_size=14):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


SPACES = [" ", "  ", "\n", "\t", " \n", "\u00a0"]


# --- the type word before a code ------------------------------------------------------------------

def _strip_so_plain(w):
    had_so = False
    for _ in range(2):
        if not w.endswith(F._SO_TAIL):
            break
        for t in F._SO_TAIL:
            if w.endswith(t) and (len(w) == len(t) or not w[-len(t) - 1].isalnum()):
                w = w[: -len(t)].rstrip()
                had_so = had_so or t != "("
                break
        else:
            break
    return w, had_so


def _type_before_plain(text, pos):
    p = F._patterns()
    lo = max(0, pos - 60)
    w = text[lo:pos].rstrip()
    if text[pos - 1:pos] == "s" and text[pos:pos + 1].isdigit() and w.endswith(" s"):   # "số" cut to "s": "s45/…"
        w, had_so = w[:-2].rstrip(), True
    else:
        w, had_so = _strip_so_plain(w)
    words = w.rsplit(None, 4)
    if "(" in w or "“" in w or '"' in w:
        words = [x.lstrip("(“\"") or x for x in words]
    if had_so and words and words[-1] in p["abbrev"]:
        return words[-1], lo + w.rfind(words[-1])
    if not words:
        return None
    for n in p["type_lengths_by_last"].get(words[-1].lower(), ()):
        if len(words) < n:
            continue
        cand = " ".join(words[-n:])
        if p["type_words"].get(cand.lower()):
            k = len(w)
            for word in reversed(words[-n:]):
                k = w.rfind(word, 0, k)
            return cand, lo + k
    return None


TYPE_PIECES = ["Chỉ thị", "chỉ thị", "Kế hoạch", "kế  hoạch", "Quyết định", "QĐ", "KH", "số", " số", "Số:", "SỐ",
               "số.", "(", "xsố", "“", '"', "Nghị quyết", "Luật", "luật", "Chương trình hành động", "liên tịch",
               "Kết luận", "Thông báo kết luận", "a", "(Luật", "“Chỉ thị", ":", "1", "x" * 30, " s", "s"] + SPACES


@settings(max_examples=1500, deadline=None)
@given(texts(TYPE_PIECES, max_size=14), st.integers(0, 3))
@example("Luật (  số", 0)
@example("Căn cứ QĐ  số:", 0)
def test_type_before_is_the_plain_reading(text, cut):
    pos = max(0, len(text) - cut)
    plain = _type_before_plain(text, pos)
    assert F.type_before(text, pos) == plain
    got = F._type_before(text, pos)
    # the third value: the type the word names, as find_mentions looked it up
    assert got == (None if plain is None else (*plain, F._patterns()["type_words"].get(
        " ".join(plain[0].lower().split()))))


@settings(max_examples=800, deadline=None)
@given(texts(["số", "Số", "SỐ", ":", ".", "(", "x", "ố", "s", "1", "_"] + SPACES, max_size=10), st.integers(1, 2))
def test_strip_so_is_the_plain_strip(w, rounds):
    w = w.rstrip()
    assert F._strip_so(w) == _strip_so_plain(w)
    if rounds == 1:   # one pass: what the plain strip gives when it strips at most one tail
        once = F._strip_so(w, 1)
        twice = _strip_so_plain(w)
        again = F._strip_so(once[0], 1)
        assert (again[0], once[1] or again[1]) == twice


FORM_PIECES = ["mẫu", "Mẫu", "MẪU", "biểu", "phụ lục", "Phụ lục", "điều", "khoản", "điểm", "tiêu chí", "chỉ tiêu",
               "lục", "Kế hoạch", "Quyết định", "QĐ", "KH", "Luật", "số", "Số", "sỐ", "SỐ", ":", ".", "(", "“", "x",
               "1"] + SPACES


@settings(max_examples=2000, deadline=None)
@given(texts(FORM_PIECES, max_size=8))
@example("Mẫu số:")
@example("Phụ lục Kế hoạch số")
def test_a_type_word_before_a_code_is_no_form(text):
    """find_mentions tests the words before a code for a form ("Mẫu số") only when no type word stands there."""
    assert F._patterns()["type_word_is_no_form"]
    if F._type_before(text, len(text)) is not None:
        assert not F._not_doc_before(text[-20:].lower())


# --- the code candidates --------------------------------------------------------------------------

CODE_PIECES = ["33/CT-TTg", "23-QĐ/TW", "04/2015/NĐ-CP", "2953/UBND-NC", "A12/KH", "5/KH–UBND", "/KH", "12/",
               "01-ĐA/BDVTU-UBND", "１2/KH", "٣3/KH", "x/y", "/Đ", "TTr-STT&TT", "NN&12/KH", "7-NN&PT/TW", "–7/QĐ",
               "5/1/2024", "x", "_", "ă", ",", "(", "1", "12", ".", "-", "/", "12A/KH-UBND", "01b-NQ/HU", "a",
               "163/KH-UBND.VX", ".VX", "21—CT/TW", "—", "¹"] + SPACES


@settings(max_examples=1500, deadline=None)
@given(texts(CODE_PIECES, max_size=14))
def test_every_code_starts_at_a_candidate(text):
    # (the promise iter_codes relies on; code_candidates is scan.token_starts, no longer a copy of it)
    cands = set(F.code_candidates(text))
    assert all(m.start() in cands for i in range(len(text)) if (m := F.CODE_RE.match(text, i)))


# --- the date and the issuer after a code ---------------------------------------------------------

def _read_date_and_issuer_plain(text, mt, pos, p):
    dup = F._DUP_SYMBOL.match(text, pos)
    if dup and mt.code.endswith(dup.group(1)):
        pos = dup.end()
    dm = p["date_after"].match(text, pos)
    if dm:
        mt.date = _parse_date_plain(dm)
        pos = dm.end()
    iss, ipos = F._issuer_at(text, pos)
    if iss:
        mt.issuer_raw = iss
        mt.issuer = normalise_org(iss)
        pos = ipos
        if not mt.date:
            dm = p["date_after"].match(text, pos)
            if dm:
                mt.date = _parse_date_plain(dm)
                pos = dm.end()
    else:
        ib = p["issuer_before"].search(text, max(0, mt.start - 100), mt.start)
        if ib:
            mt.issuer_raw = ib.group("iss").strip()
            mt.issuer = normalise_org(mt.issuer_raw)
        elif text[:mt.start].endswith("hành "):   # "UBND tỉnh đã ban hành Kế hoạch số …": the verb's subject
            F._subject_issuer(text, mt, p)
    if not mt.date:
        with patch.object(F, "_parse_date", _parse_date_plain):
            F._date_before(text, mt)
    return pos


TAILS = [" ngày ", "Ngày ", "ngày", "5", "05", "13", "32", "/", ".", "-", " tháng ", " năm ", "2024", "٢٠٢٤", ",",
         " ", "  ", "\t", "(", ")", "được ", "ban hành ", "ký ", " của ", "của ", " do ", " giữa ", "UBND tỉnh",
         "Bộ Chính trị", " (khóa XI)", " về ", ";", "\n", "x", "các cơ quan", " NQ/TW", " QĐ/TW", "\tQĐ-UBND",
         " ĐA", "Căn cứ ", " thông qua ", " 20 21"]


@settings(max_examples=1500, deadline=None)
@given(texts(TAILS, max_size=16), st.sampled_from(["37-NQ/TW", "12/QĐ-UBND", "5/KH"]))
def test_date_and_issuer_are_the_plain_successive_reading(tail, code):
    p = F._patterns()
    for head in ("", "Căn cứ Nghị quyết số ", "Ngày 5/1/2024, UBND tỉnh ban hành Quyết định số ",
                 "Năm 2020, Sở Y tế tham mưu UBND tỉnh đã ban hành "):
        text = head + code + tail
        mt = F.Mention(code=code, start=len(head), end=len(head) + len(code), code_start=len(head))
        a, b = copy.deepcopy(mt), copy.deepcopy(mt)
        assert F._read_date_and_issuer(text, a, mt.end, p) == _read_date_and_issuer_plain(text, b, mt.end, p)
        assert a == b


@settings(max_examples=800, deadline=None)
@given(texts(TAILS, max_size=12), st.integers(0, 6))
def test_date_issuer_match_is_the_two_matches(text, pos):
    p = F._patterns()
    di = p["date_issuer"].match(text, pos)
    dm = p["date_after"].match(text, pos)
    assert (di.end("date") if di.end("date") != -1 else None) == (dm.end() if dm else None)
    im = p["issuer_after"].match(text, dm.end() if dm else pos)
    assert (di.end() if di.end("intro") != -1 else None) == (im.end() if im else None)
    if dm:
        assert F._parse_date(di) == F._parse_date(dm) == _parse_date_plain(dm)


@settings(max_examples=600, deadline=None)
@given(texts(["", "1", "5", "05", "12", "13", "31", "32", "0", "2024", "٢", "１"], max_size=3),
       texts(["1", "05", "12", "13", "0", "٢"], max_size=2), texts(["2024", "1999", "٢٠٢٤", "x"], max_size=1))
def test_date_text_is_the_plain_parse(d, mo, y):
    m = re.match(r"(?P<d>.*)\|(?P<m>.*)\|(?P<y>.*)(?P<d2>)?(?P<m2>)?(?P<y2>)?", f"{d}|{mo}|{y}")
    assert F._date_text(d or None, mo or None, y or None) == _parse_date_plain(m)


# --- the subject and the next code's type word ---------------------------------------------------

def _subject_after_plain(text, pos, p, cands=None):
    # (the title; and where the next code starts, when it ended the subject)
    sm = p["subject"].match(text, pos)
    if not sm:
        return None, None
    e = len(text)
    for stop in (";", "\n", ". "):
        k = text.find(stop, sm.end(), sm.end() + 400)
        if k != -1:
            e = min(e, k)
    e = min(e, sm.end() + 300)
    nxt = next(F.iter_codes(text, sm.end(), e, cands), None)
    if nxt:
        tb2 = _type_before_plain(text, nxt.start())
        e = max(sm.end(), tb2[1]) if tb2 else nxt.start()
    title = text[sm.end():e].strip(" ,;:“”\".")
    return title or None, nxt and nxt.start()


SUBJECTS = [" về ", " về việc ", ", V/v ", "về", "“", "phòng chống dịch", "x" * 50, "y" * 120, ";", "\n", ". ",
            ".", " ", "Quyết định số ", "Kế hoạch ", "12/KH-UBND", "5/QĐ-TTg", "35-CT/TW", "1/2/2024", "số "]


@settings(max_examples=1500, deadline=None)
@given(texts(SUBJECTS, max_size=16), st.integers(0, 4), st.integers(0, 320), st.sampled_from([". ", ";", "\n"]))
def test_subject_is_the_plain_window_reading(text, pos, n, stop):
    p = F._patterns()
    # (a stop near the window's end, 300 characters after the subject's start)
    _same_subject(text, pos, p)
    _same_subject("12/KH về " + "x" * n + stop + text, 0, p)


def _same_subject(text, pos, p):
    for cands in (None, F.code_candidates(text)):
        title, nxt = F._subject_after(text, pos, p, cands)
        plain_title, plain_nxt = _subject_after_plain(text, pos, p, cands)
        assert title == plain_title
        # the next code's start, and the type word read there
        assert (nxt and nxt[0]) == plain_nxt and (nxt is None or nxt[1] == F._type_before(text, nxt[0]))


# --- the whole stage -----------------------------------------------------------------------------

def _find_mentions_plain(text):
    p = F._patterns()
    out = []
    cands = F.code_candidates(text)
    for m in F.iter_codes(text, cands=cands):
        code = _mention_code(text, m)
        if code is None:
            continue
        cs, ce = m.span("code")
        start, tword = cs, None
        tb = _type_before_plain(text, cs)
        if tb:
            tword, start = tb
        own = bool(p["own_before"].search(text, max(0, cs - 12), cs))
        mt = F.Mention(code=code, start=start, end=ce, code_start=cs, type_word=tword, own=own,
                       number=code[:len(code) - len(code.lstrip("0123456789"))])
        mt.type = (p["type_words"].get(" ".join(tword.lower().split())) if tword else None) or F.code_type(code)
        pos = _read_date_and_issuer_plain(text, mt, ce, p)
        mt.tail_end = pos
        mt.title = _subject_after_plain(text, pos, p, cands)[0]
        out.append(mt)
    # the text's end cutting a code that is the start of a longer one named before
    if out and not text[out[-1].end:].strip() and any(
            m.code != out[-1].code and m.code.startswith(out[-1].code) for m in out[:-1]):
        out.pop()
    F._share_issuers(text, out)
    F._group_heads(text, out)
    return out


PLAN = ["Căn cứ ", "Thực hiện ", "Quyết định số ", "Phụ lục ", "mẫu:",
        "Kế hoạch ", "QĐ số ", "(Luật số ", "Chỉ thị ", "Số: ",
        "12/KH-UBND", "5/QĐ-TTg", "35-CT/TW", "04/2015/NĐ-CP", " NQ/TW", "37-NQ/TW", " ngày 1/2/2024",
        " ngày 5 tháng 3 năm 2023", " của UBND tỉnh", " của Bộ Chính trị", " do Ban Bí thư", " về ", "phòng chống dịch",
        ", ", "; ", ". ", "\n", " ", ")", "Mẫu số ", "5/KH", " 01/KH", "các Quyết định của Thủ tướng Chính phủ:",
        " và "]


@settings(max_examples=1500, deadline=None)
@given(texts(PLAN, max_size=20))
@example("12/KH-UBND về Kế hoạch 5/KH và 35-CT/TW")   # (the subject stops at a code that is no mention)
def test_find_mentions_is_the_plain_loop(text):
    plain = _find_mentions_plain(text)
    assert F.find_mentions(text) == plain
    with patch.dict(F._patterns(), type_word_is_no_form=False):   # (the form test at every code)
        assert F.find_mentions(text) == plain


# --- the numbers before "của"/"ngày" (find_unsymbolled) ---------------------------------------------

def test_whitespace_is_every_space():
    import sys
    assert WHITESPACE == "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert re.fullmatch(r"[\s,]*", F._UNSYMBOLLED_GAP) and not re.search(r"[\s,]", re.sub(
        "[" + re.escape(F._UNSYMBOLLED_GAP) + "]", "", "".join(map(chr, range(0x3100)))))


UNSYMBOLLED = ["Nghị quyết", " ", "  ", ",", ", ", "của", "ngày", "01", "2", "12345", "/", "-", ".", "a", "\n", "số",
               "_", "–", "\u00a0", "\u3000", "ngà", "củ", "a của", "٣", "0" * 20, " " * 20, ", " * 8]


@settings(max_examples=1500, deadline=None)
@given(texts(UNSYMBOLLED, max_size=16), st.integers(1, 40))
def test_runs_before_read_back_over_any_reach_are_the_plain_runs(text, reach):
    for lits in (("của", "ngày"), ("a",)):
        plain = _runs_before_plain(text, lits, "0-9", r"\s,")
        assert runs_before(text, lits, "0123456789", F._UNSYMBOLLED_GAP, reach) == plain
        assert runs_before(text, lits, "0123456789", F._UNSYMBOLLED_GAP) == plain


def test_mention_fields_in_the_order_find_mentions_gives_them():
    from dataclasses import fields
    assert [f.name for f in fields(F.Mention)][:14] == [
        "code", "start", "end", "code_start", "type", "type_word", "date", "issuer", "issuer_raw", "tail_end",
        "title", "kind", "own", "number"]


@settings(max_examples=400, deadline=None)
@given(texts(CODE_PIECES, max_size=6))
def test_number_of_is_the_code_and_its_leading_digits(written):
    code = F._document_code(written)
    if code is None:
        assert F._number_of(written) is None
        return
    number = re.match(r"[0-9]*", code).group()
    k = len(number)
    if number and code[k:k + 1].isascii() and code[k:k + 1].isalpha() and code[k + 1:k + 2] in ("/", "-"):
        number = code[:k + 1]   # "12A/KH-UBND": the letter after the digits is the number's
    assert F._number_of(written) == (code, number)
