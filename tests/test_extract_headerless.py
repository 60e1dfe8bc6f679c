"""A plan without a header never takes a cited document's date (or number) as its own (issue 18, row 5).

Generated corpora drop the header of a few plans ("no_header"); such a plan used to read the first
"…, ngày 09/01/2024" of its preamble as its own date line, so the plans below it cited a plan
"not loaded" and their traces stopped short."""
from __future__ import annotations

from pathlib import Path

from vanban.loaders import extract_file, extract_text

FIX = Path(__file__).resolve().parent / "fixtures" / "real_phenomena"


def test_headerless_plan_does_not_take_the_cited_date():
    rec = extract_file(FIX / "headerless_district.txt")
    doc = rec.document
    assert doc.date != "2024-01-09"
    assert doc.date == "2024"            # only the title's year is the plan's own
    assert doc.code is None
    assert doc.issuer == "UBND huyện Tân Phước" and doc.level == "district"
    (c,) = rec.citations
    assert (c.code, c.date, c.relation) == ("21/KH-UBND", "2024-01-09", "implements")


def test_header_date_line_still_read():
    rec = extract_text("ỦY BAN NHÂN DÂN\nHUYỆN TÂN PHƯỚC\nSố: 7/KH-UBND\nTân Phước, ngày 20 tháng 01 năm 2024\n"
                       + (FIX / "headerless_district.txt").read_text(encoding="utf-8"))
    assert (rec.document.code, rec.document.date) == ("7/KH-UBND", "2024-01-20")


def test_web_copy_without_title_line_ignores_dated_sentences():
    # no "KẾ HOẠCH" line at all: the first 800 characters are searched, but a sentence naming a
    # document is not a date line
    rec = extract_text("Thực hiện Quyết định số 45/QĐ-UBND, ngày 03/02/2023 của UBND huyện, UBND xã Hòa Bình "
                       "ban hành kế hoạch như sau:\n1. Mục đích\n")
    assert rec.document.date is None
