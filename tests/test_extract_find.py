"""Mention finding on small invented sentences: forms, dates, issuers, non-documents."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanban.loaders import extract_text


def cites(text):
    rec = extract_text(text)
    return rec, {c.code: c for c in rec.citations}


@pytest.mark.parametrize("sentence, code, date", [
    ("theo Kết luận số 35 - KL/TW ngày 5/5/2022 của Bộ Chính trị.", "35-KL/TW", "2022-05-05"),
    ("theo Quyết định số 123 / QĐ-UBND ngày 01/02/2023 của UBND tỉnh.", "123/QĐ-UBND", "2023-02-01"),
    ("theo Nghị định số 47/2024/NĐ-CP ngày 9 tháng 5 năm 2024 của Chính phủ.", "47/2024/NĐ-CP", "2024-05-09"),
    ("theo Luật số 11/2023/QH15 ngày 20/6/2023.", "11/2023/QH15", "2023-06-20"),
    ("theo Quy định số 08-QĐi/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương.", "08-QĐi/TW", "2021-10-25"),
    ("theo Văn bản số 318/STTTT ngày 3-4-2024 của Sở Thông tin.", "318/STTTT", "2024-04-03"),
    ("theo Kế hoạch số 12/KH-UBND (ngày 17.01.2025) của UBND xã.", "12/KH-UBND", "2025-01-17"),
])
def test_forms_and_dates(sentence, code, date):
    rec, by = cites(sentence)
    assert code in by, [c.code for c in rec.citations]
    assert by[code].date == date
    s, e = by[code].spans[0]
    assert code.split("/")[0].split("-")[0] in rec.text[s:e]


def test_not_documents():
    rec, by = cites("Lập theo Mẫu số 01/KH và Phụ lục 02/BC-UBND, Điều 5/QĐ; giai đoạn 2021 - 2025; ngày 26/11/2021; "
                    "COVID-19.")
    assert by == {}


def test_types_issuers_and_central():
    rec, by = cites("Thực hiện Quy định số 124-QĐ/TW ngày 02/02/2018 của Ban Bí thư Trung ương Đảng khóa XII; "
                    "Công văn số 77/BNV-CQĐP ngày 5/1/2024 của Bộ Nội vụ; Nghị quyết số 03/NQ-HĐND ngày 7/7/2023 "
                    "của Hội đồng nhân dân tỉnh về giao biên chế.")
    assert by["124-QĐ/TW"].type == "Quy định" and by["124-QĐ/TW"].issuer == "Ban Bí thư" and by["124-QĐ/TW"].central
    assert by["77/BNV-CQĐP"].type == "Công văn" and by["77/BNV-CQĐP"].central
    assert by["03/NQ-HĐND"].issuer == "HĐND tỉnh" and not by["03/NQ-HĐND"].central
    assert by["03/NQ-HĐND"].title == "giao biên chế"


def test_issuer_stops_before_what_the_plan_makes_of_the_document():
    # Found on a generated corpus: "của Bộ Chính trị thành nhiệm vụ thường xuyên" had
    # made "Bộ Chính trị thành nhiệm vụ thường xuyên" an issuer (and a node of its own).
    rec, by = cites("Quán triệt và cụ thể hóa Kết luận số 12-KL/TW ngày 3/4/2021 của Bộ Chính trị thành nhiệm vụ "
                    "thường xuyên của cơ quan; Kế hoạch số 8/KH-UBND ngày 2/3/2023 của UBND thành phố Hòa Vân.")
    assert by["12-KL/TW"].issuer == "Bộ Chính trị"
    assert by["8/KH-UBND"].issuer == "UBND thành phố Hòa Vân"


def test_list_shares_issuer_and_date():
    rec, by = cites("theo các Quyết định số 41-QĐ/TW, 42-QĐ/TW ngày 9/9/2022 của Bộ Chính trị.")
    assert by["41-QĐ/TW"].date == "2022-09-09" and by["41-QĐ/TW"].issuer == "Bộ Chính trị"
    assert by["41-QĐ/TW"].type == "Quyết định"


def test_bare_number_needs_a_unique_document():
    rec, by = cites("Thực hiện Chỉ thị số 07/CT-UBND ngày 2/3/2024 của UBND tỉnh. Quán triệt Chỉ thị 07 tới cơ sở; "
                    "Kế hoạch số 5/KH-UBND ngày 1/1/2024 của UBND huyện và Kế hoạch số 5/KH-UBND ngày 2/2/2024 "
                    "của UBND xã; rà soát Kế hoạch số 5 đã giao.")
    assert len(by["07/CT-UBND"].spans) == 2
    five = [c for c in rec.citations if c.code == "5/KH-UBND"]
    assert len(five) == 2 and all(len(c.spans) == 1 for c in five)   # "Kế hoạch số 5" is ambiguous: not attached


_atoms = st.sampled_from([
    "Quyết định số ", "23-QĐ/TW", " ngày 30/7/2021", " của Bộ Chính trị", "Kế hoạch số 5/KH- UBND", "\n\n", " \n",
    "**", "<sup>1</sup>", "(gọi tắt là Kế hoạch 5)", "Kế hoạch 5", "Luật Thực hiện dân chủ ở cơ sở", "; ", ", ",
    "KẾ HOẠCH\n", "Số: /KH-UBND\n", "TỔ CHỨC THỰC HIỆN\n",
    "1. Sở Nội vụ: báo cáo UBND tỉnh (qua Sở Nội vụ) trước ngày 5/6",
    "Nơi nhận:\n- Lưu: VT.\n", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn A", "uỷ", "05-\n\nCT/TW", "\u00a0", "<script>",
    "giữa Ủy ban nhân dân tỉnh và Ban Dân vận Tỉnh ủy", " về triển khai thực hiện ", "Chỉ thị số 33/CT-TTg",
])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_atoms, max_size=30), st.booleans())
def test_never_crashes_and_spans_stay_inside(parts, nfd):
    import unicodedata

    from vanban.loaders import annotate
    text = "".join(parts)
    if nfd:
        text = unicodedata.normalize("NFD", text)
    rec = extract_text(text)
    for c in rec.citations:
        for s, e in c.spans:
            assert 0 <= s < e <= len(text)
    html = annotate(text, rec)
    assert "<script>" not in html


def test_title_ref_after_a_list_comma_is_its_own_reference():
    rec, by = cites("Quán triệt Quyết định số 90-QĐ/TU ngày 3/3/2022 của Ban Thường vụ Tỉnh ủy, Quy chế công tác dân "
                    "vận "
                    "của hệ thống chính trị ban hành kèm theo quyết định của Bộ Chính trị; Quyết định số 11-QĐ/HU ngày "
                    "4/4/2022 của Huyện ủy về việc ban hành Quy chế công tác dân vận của hệ thống chính trị.")
    t = by["23-QĐ/TW"]
    assert t.resolved_by == "title" and len(t.spans) == 1     # the second one is 11-QĐ/HU's own subject
    s, e = t.spans[0]
    assert rec.text[s - 2:s] == ", "


def test_abbreviated_type_word_and_derived_without_ve():
    rec, by = cites("Căn cứ QĐ số 45/QĐ-UBND ngày 3/3/2023 của UBND tỉnh; Kế hoạch số 12-KH/TU ngày 4/4/2023 "
                    "của Ban Thường vụ Tỉnh ủy thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị; "
                    "Quyết định số 9/QĐ-UBND ngày 1/1/2023 của UBND huyện, thực hiện Chỉ thị số 07/CT-UBND.")
    s, e = by["45/QĐ-UBND"].spans[0]
    assert rec.text[s:e] == "QĐ số 45/QĐ-UBND"
    pairs = {(d.from_code, d.to_code) for d in rec.derived}
    assert ("12-KH/TU", "05-CT/TW") in pairs
    assert ("9/QĐ-UBND", "07/CT-UBND") not in pairs       # after a comma: the plan's own task, not 9/QĐ's


def test_derived_relation_to_a_title_only_document():
    rec, by = cites("Thực hiện Kế hoạch số 31/KH-UBND ngày 2/2/2024 của UBND tỉnh về triển khai thực hiện Đề án 06 "
                    "trên địa bàn tỉnh.")
    assert by["06/QĐ-TTg"].resolved_by == "title"
    assert [(d.from_code, d.to_code) for d in rec.derived] == [("31/KH-UBND", "06/QĐ-TTg")]


def test_abbreviated_city_in_header_and_preamble():
    text = ("ỦY BAN NHÂN DÂN\nTP. HÒA VÂN\nSố: 5/KH-UBND\nHòa Vân, ngày 3 tháng 4 năm 2024\nKẾ HOẠCH\n"
            "Cải cách hành chính năm 2024\nThực hiện Kế hoạch số 9/KH-UBND ngày 1/2/2024 của UBND tỉnh Bắc Trà, "
            "UBND TP. Hòa Vân ban hành Kế hoạch như sau:\nI. NỘI DUNG\n1. Rà soát thủ tục.")
    d = extract_text(text).document
    assert (d.issuer, d.level, d.district, d.province) == ("UBND thành phố Hòa Vân", "district", "thành phố Hòa Vân",
                                                           "Bắc Trà")
    assert extract_text(text.split("KẾ HOẠCH\n", 1)[1]).document.issuer == "UBND thành phố Hòa Vân"


def test_reporting_without_the_word_and_title_verbs():
    t = ("KẾ HOẠCH\nTuyên truyền Nghị quyết số 14-NQ/TU ngày 2/2/2024 của Ban Chấp hành Đảng bộ tỉnh\n"
         "Căn cứ tình hình thực tế, UBND huyện ban hành Kế hoạch như sau:\nI. NỘI DUNG\n1. Rà soát.\n"
         "III. TỔ CHỨC THỰC HIỆN\n1. Phòng Tư pháp: định kỳ gửi kết quả về Phòng Nội vụ trước ngày 10/12 hằng năm.\n")
    rec = extract_text(t)
    assert [(c.code, c.relation) for c in rec.citations] == [("14-NQ/TU", "implements")]
    assert [(r.from_, r.to, r.deadlines) for r in rec.reports_to] == [("Phòng Tư pháp", "Phòng Nội vụ", ["--12-10"])]
