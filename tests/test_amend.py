"""Detection of "thay thế / bãi bỏ / sửa đổi, bổ sung" on invented sentences."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vanban.loaders.amend import amend_relations
from vanban.models import Citation


def _cites(text: str, *quoted: str) -> list[Citation]:
    """Citations of the quoted phrases as they occur in `text`, with their spans."""
    out = []
    for q in quoted:
        s = text.index(q)
        out.append(Citation(code=q.split()[-1], spans=[(s, s + len(q))]))
    return out


@pytest.mark.parametrize("sentence, quoted, want", [
    ("Kế hoạch này thay thế Kế hoạch số 12/KH-UBND ngày 02/02/2023 của UBND xã Tân Lạc.",
     "Kế hoạch số 12/KH-UBND", "replaces"),
    ("UBND huyện ban hành Kế hoạch thay thế Kế hoạch số 40/KH-UBND ngày 05/3/2023.",
     "Kế hoạch số 40/KH-UBND", "replaces"),
    ("Bãi bỏ Quyết định số 118/QĐ-UBND ngày 10/01/2022 của Chủ tịch UBND huyện.",
     "Quyết định số 118/QĐ-UBND", "replaces"),
    ("Sửa đổi, bổ sung một số nội dung của Kế hoạch số 7/KH-UBND ngày 03/01/2024 như sau:",
     "Kế hoạch số 7/KH-UBND", "amends"),
    ("Sửa đổi, bổ sung các điểm a, b khoản 2 mục II của Kế hoạch số 8/KH-UBND ngày 03/01/2024.",
     "Kế hoạch số 8/KH-UBND", "amends"),
    # the passive says the opposite: the cited plan replaced something, not this one
    ("Kế hoạch số 5/KH-UBND đã được thay thế bởi Kế hoạch số 6/KH-UBND ngày 05/6/2022.",
     "Kế hoạch số 6/KH-UBND", "cites"),
    # the verb governs something else
    ("Các phòng rà soát, sửa đổi, bổ sung quy chế làm việc theo Kế hoạch số 3/KH-UBND.",
     "Kế hoạch số 3/KH-UBND", "cites"),
    ("Thay thế cán bộ phụ trách. Thực hiện Kế hoạch số 4/KH-UBND ngày 01/4/2024.",
     "Kế hoạch số 4/KH-UBND", "cites"),
])
def test_the_verb_must_govern_the_citation(sentence, quoted, want):
    assert amend_relations(_cites(sentence, quoted), sentence) == [want]


def test_a_list_after_the_verb_shares_it_and_other_citations_keep_theirs():
    text = ("Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ.\n"
            "Kế hoạch này thay thế Kế hoạch số 9/KH-UBND ngày 01/02/2024 của UBND huyện Kim Bôi "
            "và Kế hoạch số 11/KH-UBND ngày 03/02/2024 của UBND huyện Kim Bôi.")
    cs = _cites(text, "Chỉ thị số 33/CT-TTg", "Kế hoạch số 9/KH-UBND", "Kế hoạch số 11/KH-UBND")
    cs[0].relation = "implements"
    assert amend_relations(cs, text) == ["implements", "replaces", "replaces"]


def test_decomposed_text_is_read_as_composed():
    text = unicodedata.normalize("NFD", "Bãi bỏ Kế hoạch số 2/KH-UBND ngày 01/01/2024.")
    s = text.index("K")
    assert amend_relations([Citation(code="2/KH-UBND", spans=[(s, len(text) - 1)])], text) == ["replaces"]


def test_extraction_marks_the_relation():
    from vanban.loaders.pipeline import extract_text

    text = ("ỦY BAN NHÂN DÂN\nHUYỆN KIM BÔI\nSố: 15/KH-UBND\nKim Bôi, ngày 10 tháng 5 năm 2024\nKẾ HOẠCH\n"
            "Thực hiện công tác dân vận chính quyền năm 2024\n"
            "Thực hiện Kế hoạch số 34/KH-UBND ngày 06/3/2024 của UBND tỉnh Hòa Bình, UBND huyện ban hành "
            "Kế hoạch như sau:\n"
            "Kế hoạch này thay thế Kế hoạch số 9/KH-UBND ngày 01/02/2024 của UBND huyện Kim Bôi.\n")
    rels = {c.code: c.relation for c in extract_text(text, "x.txt").citations}
    assert rels == {"34/KH-UBND": "implements", "9/KH-UBND": "replaces"}


def test_every_verb_holds_a_stem_the_gate_looks_for():
    from vanban.loaders import amend
    assert all(any(stem in verb.casefold() for stem in amend._VERB_STEMS) for verb in amend._VERBS)


_AMEND_PIECES = ["thay thế", "THAY THẾ", "Thay Thế", "bãi bỏ", "BÃI BỎ", "hủy bỏ", "huỷ bỏ", "Sửa đổi", "SỬA ĐỔI",
                 "bổ sung", "BỔ SUNG", ", ", "được ", "bị ", "một số điều của ", "Kế hoạch ", "Quyết định số ",
                 "số ", "và ", ". ", "\n", "ſửa đổi ", "ı", "này "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_AMEND_PIECES), max_size=8).map("".join))
@example("ſửa đổi ")   # (IGNORECASE matches the long s: the relation was then looked up by the text, a KeyError)
def test_the_verb_gate_only_skips_windows_the_pattern_would_refuse(text):
    """``_governed``'s stem test never changes its answer (the pattern's own answer on the window)."""
    from vanban.loaders import amend
    assert amend._governed(text, len(text)) == amend._governing_verb(amend._sentence_before(text, len(text)))


# --- who says the verb: the plan, or a document it names ------------------------------------------------

_HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH HÀ TRUNG\nSố: 31/KH-UBND\nHà Trung, ngày 14 tháng 3 năm 2025\nKẾ HOẠCH\n"
         "Cải cách thủ tục hành chính năm 2025\n")
_END = "\nỦy ban nhân dân tỉnh ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\nNâng cao chất lượng phục vụ.\n"


def _relations(text: str) -> dict[str, str]:
    from vanban.loaders.pipeline import extract_text
    return {c.code: c.relation for c in extract_text(text, "x.txt").citations}


def test_a_basis_document_that_amends_another_is_no_amendment_by_the_plan():
    # the amended decree is a basis item of its own: both are the plan's basis
    text = (_HEAD + "Căn cứ Nghị định số 45/2021/NĐ-CP ngày 02/4/2021 của Chính phủ; Nghị định số 88/2024/NĐ-CP "
            "ngày 05/8/2024 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 45/2021/NĐ-CP;" + _END)
    assert _relations(text) == {"45/2021/NĐ-CP": "implements", "88/2024/NĐ-CP": "implements"}


@pytest.mark.parametrize("clause", [
    "Căn cứ Thông tư số 09/2023/TT-BTC ngày 11/5/2023 của Bộ Tài chính sửa đổi, bổ sung Thông tư số 17/2020/TT-BTC;",
    "Căn cứ Thông tư số 09/2023/TT-BTC ngày 11/5/2023 của Bộ Tài chính, thay thế Thông tư số 17/2020/TT-BTC "
    "ngày 03/3/2020 của Bộ Tài chính;",
    "Căn cứ Thông tư số 09/2023/TT-BTC ngày 11/5/2023 của Bộ Tài chính về việc bãi bỏ Thông tư số 17/2020/TT-BTC;",
])
def test_what_a_basis_document_amends_or_repeals_is_only_cited(clause):
    assert _relations(_HEAD + clause + _END) == {"09/2023/TT-BTC": "implements", "17/2020/TT-BTC": "cites"}


def test_a_list_after_a_basis_documents_verb_is_its_too():
    text = (_HEAD + "Căn cứ Nghị quyết số 12/2024/NQ-HĐND ngày 10/7/2024 của HĐND tỉnh bãi bỏ Nghị quyết số "
            "05/2019/NQ-HĐND ngày 01/8/2019 và Nghị quyết số 06/2019/NQ-HĐND ngày 01/8/2019 của HĐND tỉnh;" + _END)
    assert _relations(text) == {"12/2024/NQ-HĐND": "implements", "05/2019/NQ-HĐND": "cites",
                                "06/2019/NQ-HĐND": "cites"}


def test_the_plans_own_verbs_and_the_passive_keep_their_relations():
    text = (_HEAD + "Căn cứ Nghị định số 45/2021/NĐ-CP ngày 02/4/2021 của Chính phủ được sửa đổi, bổ sung bởi "
            "Nghị định số 88/2024/NĐ-CP ngày 05/8/2024 của Chính phủ;" + _END
            + "Kế hoạch này thay thế Kế hoạch số 20/KH-UBND ngày 02/02/2024 của UBND tỉnh và bãi bỏ Kế hoạch số "
              "21/KH-UBND ngày 03/02/2024 của UBND tỉnh.\n"
              "Thực hiện Quyết định số 7/QĐ-UBND ngày 05/3/2025 của UBND tỉnh, Ủy ban nhân dân tỉnh sửa đổi "
              "Kế hoạch số 22/KH-UBND ngày 04/02/2024.\n"
              "Áp dụng Thông tư số 09/2023/TT-BTC ngày 11/5/2023 của Bộ Tài chính sửa đổi Thông tư số "
              "17/2020/TT-BTC ngày 03/3/2020.\n")
    assert _relations(text) == {"45/2021/NĐ-CP": "implements", "88/2024/NĐ-CP": "implements",
                                "20/KH-UBND": "replaces", "21/KH-UBND": "replaces", "7/QĐ-UBND": "cites",
                                "22/KH-UBND": "amends", "09/2023/TT-BTC": "cites", "17/2020/TT-BTC": "cites"}


@pytest.mark.parametrize("sentence, want", [
    ("Kế hoạch số 3/KH-UBND ngày 2/2/2024 của UBND huyện sửa đổi Kế hoạch số 1/KH-UBND.", ("amends", True)),
    ("Kế hoạch số 3/KH-UBND này sửa đổi Kế hoạch số 1/KH-UBND.", ("amends", False)),
    ("Kế hoạch số 3/KH-UBND ngày 2/2/2024 của UBND huyện. Sửa đổi Kế hoạch số 1/KH-UBND.", ("amends", False)),
    ("Theo Kế hoạch số 3/KH-UBND, UBND xã bãi bỏ Kế hoạch số 1/KH-UBND.", ("replaces", False)),
])
def test_the_subject_of_the_verb(sentence, want):
    from vanban.loaders.amend import governing_verbs
    quoted = ("Kế hoạch số 3/KH-UBND", "Kế hoạch số 1/KH-UBND")
    spans = [(sentence.index(q), sentence.index(q) + len(q)) for q in quoted]
    assert governing_verbs(sentence, spans) == [None, want]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_AMEND_PIECES), max_size=8).map("".join), st.integers(0, 40))
def test_may_govern_never_refuses_a_window_a_verb_governs(text, cut):
    """resolve's gate: where ``may_govern`` says no, no verb governs a document named there."""
    from vanban.loaders import amend
    text = unicodedata.normalize("NFC", text)
    start = min(cut, len(text))
    if not amend.may_govern(text, start, len(text)):
        assert all(amend._governed(text, k) is None for k in range(start, len(text) + 1))
