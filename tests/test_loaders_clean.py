"""loaders.clean: the cleaned text is matchable, and every clean span maps back into the original."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.loaders.clean import clean, fold


def _orig(original: str, pattern: str) -> list[str]:
    c = clean(original)
    out = []
    for m in re.finditer(pattern, c.text):
        s, e = c.to_orig(*m.span())
        out.append(original[s:e])
    return out


def test_nfd_is_matched_as_nfc_and_spans_cover_whole_clusters():
    nfc = "Kế hoạch số 58/KH-UBND của Ủy ban nhân dân huyện"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    c = clean(nfd)
    assert c.text == nfc
    for word in ("Kế hoạch", "Ủy ban nhân dân", "huyện"):
        m = c.text.index(word)
        s, e = c.to_orig(m, m + len(word))
        assert unicodedata.normalize("NFC", nfd[s:e]) == word


def test_old_style_tones_are_normalised_for_matching():
    c = clean("Ban Thường vụ Huyện uỷ, Thành Uỷ, hoà giải, thuỷ lợi, quý, hoàng")
    assert "Huyện ủy" in c.text and "Thành Ủy" in c.text and "hòa giải" in c.text and "thủy lợi" in c.text
    assert "quý" in c.text and "hoàng" in c.text          # not open oa/uy syllables: untouched
    assert fold("Huyện Uỷ") == fold("huyện ủy")


def test_markdown_and_footnotes_removed():
    src = "# **KẾ HOẠCH**\n**Căn cứ** *Chỉ thị số 12/CT-UBND* và _Đề án_ dân chủ<sup>2</sup> ở cơ sở"
    c = clean(src)
    assert "*" not in c.text and "#" not in c.text and "<sup>" not in c.text and "_" not in c.text
    assert "dân chủ ở cơ sở" in c.text
    assert _orig(src, r"12/CT-UBND") == ["12/CT-UBND"]


def test_codes_split_by_spaces_and_page_breaks():
    src = ("theo 49/KH- UBND, Đề án số 01- ĐA/BDVTU-UBND, Kế hoạch 48- KH/TU và 05-\n\nCT/TW, số 17 /QĐ-UBND, "
           "số 12/KH - UBND, số 35 - KL/TW")
    c = clean(src)
    for code in ("49/KH-UBND", "01-ĐA/BDVTU-UBND", "48-KH/TU", "05-CT/TW", "17/QĐ-UBND", "12/KH-UBND", "35-KL/TW"):
        assert code in c.text, code
    assert _orig(src, r"05-CT/TW") == ["05-\n\nCT/TW"]
    assert _orig(src, r"01-ĐA/BDVTU-UBND") == ["01- ĐA/BDVTU-UBND"]


def test_ordinary_hyphens_are_not_joined():
    c = clean("kinh tế- xã hội, giai đoạn 2021 - 2025, Văn phòng- Thống kê")
    assert "kinh tế- xã hội" in c.text and "2021 - 2025" in c.text and "Văn phòng- Thống kê" in c.text


def test_nbsp_and_soft_line_breaks():
    src = ("Thực hiện Chỉ thị số\u00a033/CT-TTg ngày 26/11/2021 của Thủ \n\ntướng Chính phủ \n\nvề công tác \n\n"
           "2024, tỉnh \n\n1. Mục đích\n\nII. Nội dung")
    c = clean(src)
    assert "Chỉ thị số 33/CT-TTg" in c.text
    assert "của Thủ tướng Chính phủ về công tác 2024, tỉnh" in c.text
    assert "\n1. Mục đích\nII. Nội dung" in c.text
    assert _orig(src, r"Thủ tướng") == ["Thủ \n\ntướng"]


def test_html_tags_and_entities():
    c = clean("a<script>alert(1)</script>b &amp; c&nbsp;d")
    assert "<script>" not in c.text and "& c d" in c.text


_pieces = st.sampled_from(["**", "*", "_", "<sup>3</sup>", "\u00a0", " \n\n", "\u200b", " "])


@settings(max_examples=150, deadline=None)
@given(pre=st.lists(_pieces, max_size=4), mid=st.sampled_from(["", " ", "\n\n", "- "]),
       nfd=st.booleans(), words=st.sampled_from(["Ủy ban nhân dân tỉnh", "Huyện uỷ", "Quyết định"]))
def test_property_spans_map_into_original(pre, mid, nfd, words):
    code_l, code_r = "23-", "QĐ/TW"
    src = "".join(pre) + f"{words} số {code_l}{mid.replace('- ', '')}{code_r}" + "".join(pre) + " về việc"
    if nfd:
        src = unicodedata.normalize("NFD", src)
    c = clean(src)
    m = re.search(r"23-QĐ/TW", c.text)
    assert m, c.text
    s, e = c.to_orig(*m.span())
    piece = unicodedata.normalize("NFC", src[s:e])
    assert piece.startswith("23") and piece.endswith("QĐ/TW")
    # every clean position maps inside the original, monotonically
    last = 0
    for i in range(len(c.text) + 1):
        p = c.orig_pos(i) if i < len(c.text) else len(src)
        assert 0 <= p <= len(src) and p >= last
        last = p


def test_hard_wrapped_text_joins_lines_even_before_capitals():
    body = ("Thực hiện Kế hoạch số 12/KH-UBND ngày 03/02/2025 của Ủy ban nhân dân huyện và Ban \n\n"
            "Thường vụ Huyện ủy về phối hợp công tác năm 2025, các cơ quan báo cáo kết quả về \n\n"
            "Ủy ban nhân dân huyện theo quy định của cấp trên và hướng dẫn của ngành dọc, bảo đảm \n\n"
            "đúng thời hạn, đầy đủ nội dung và số liệu theo biểu mẫu được giao cho từng \n\n"
            "cơ quan, đơn vị trong năm 2025 và các năm tiếp theo, tránh hình thức, lãng \n\n"
            "phí.\n\n")
    wrapped = "KẾ HOẠCH \n\nCông tác năm 2025 \n\n" + body * 9 + "1. Mục đích \n\nNơi nhận: \n\n- Lưu: VT."
    c = clean(wrapped)
    assert "và Ban Thường vụ Huyện ủy" in c.text and "kết quả về Ủy ban nhân dân huyện" in c.text
    assert "KẾ HOẠCH\nCông tác năm 2025\n" in c.text and "\n1. Mục đích\nNơi nhận:" in c.text
    # the same break in an ordinary (not hard-wrapped) text stays a paragraph break
    assert "Ban\nThường vụ" in clean("Một câu ngắn về Ban \n\nThường vụ Huyện ủy.").text


# a paragraph wrapped at 80 columns, and a numbered heading of 45 characters
_PARAGRAPH = ["Ủy ban nhân dân các xã, phường chủ động xây dựng kế hoạch tuyên truyền, vận",
              "động nhân dân tham gia giữ gìn vệ sinh môi trường, bảo đảm đúng thời hạn và",
              "nội dung theo hướng dẫn của Sở Tài nguyên và Môi trường tỉnh."]
_HEADING = "2. Phòng Văn hóa – Thông tin thành phố Hà Tĩnh"


def test_wrapped_with_one_newline_a_blank_line_ends_a_paragraph():
    # (as a copy of a PDF: lines broken by one newline, a blank line between paragraphs)
    text = "\n\n".join(["\n".join(_PARAGRAPH)] * 5 + [_HEADING, "\n".join(_PARAGRAPH)])
    c = clean(text).text
    assert f"\n{_HEADING}\nỦy ban" in c and "tuyên truyền, vận động nhân dân" in c


def test_wrapped_a_line_much_shorter_than_the_width_ends_its_paragraph():
    # every break a blank line: the heading ends its paragraph because it is short for lines of 80 columns
    text = " \n\n".join(_PARAGRAPH * 5 + [_HEADING] + _PARAGRAPH)
    c = clean(text).text
    assert f"\n{_HEADING}\nỦy ban" in c and "bảo đảm đúng thời hạn và nội dung" in c


def test_two_spaces_inside_a_sentence_are_one_and_header_cells_stay():
    src = "ỦY BAN NHÂN DÂN  Số: 12/KH-UBND\nNgày 24 tháng 8  năm 2024, ưu tiên đối  với xã   Tân Lập"
    c = clean(src)
    assert c.text == "ỦY BAN NHÂN DÂN  Số: 12/KH-UBND\nNgày 24 tháng 8 năm 2024, ưu tiên đối với xã   Tân Lập"
    s = c.text.index("với xã")
    assert src[slice(*c.to_orig(s, s + 6))] == "với xã"
