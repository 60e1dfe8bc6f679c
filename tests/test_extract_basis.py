"""The citation keeps why the plan implements it ("basis": can_cu | thuc_hien | title), and trace
never climbs to a law, decree or circular named only as legal basis when the plan names
something it carries out (issue 12, phenomenon 5)."""
from __future__ import annotations

from pathlib import Path

from vanban.graph.build import build_graph
from vanban.graph.queries import resolve_ref, trace
from vanban.loaders import extract_file, extract_text
from vanban.models import PlanRecord

FIX = Path(__file__).resolve().parent / "fixtures" / "real_phenomena"


def test_basis_kinds():
    rec = extract_file(FIX / "basis_law_and_directive.txt")
    got = {c.code: (c.relation, c.basis) for c in rec.citations}
    assert got == {"55/2024/QH15": ("implements", "can_cu"), "105/2025/NĐ-CP": ("implements", "can_cu"),
                   "19/CT-TTg": ("implements", "thuc_hien")}


def test_basis_from_title_and_none_for_cites():
    rec = extract_text("KẾ HOẠCH\nTriển khai thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị\n"
                       "Căn cứ Quyết định số 12/QĐ-UBND ngày 3/3/2024 của UBND tỉnh; UBND huyện ban hành Kế hoạch như "
                       "sau:\n"
                       "I. MỤC ĐÍCH\n1. Quán triệt Nghị quyết số 09-NQ/TU ngày 1/2/2024 của Tỉnh ủy.\n")
    got = {c.code: (c.relation, c.basis) for c in rec.citations}
    assert got == {"05-CT/TW": ("implements", "title"), "12/QĐ-UBND": ("implements", "can_cu"),
                   "09-NQ/TU": ("cites", None)}


def test_json_round_trip_and_old_records():
    rec = extract_file(FIX / "basis_law_and_directive.txt")
    j = rec.to_json()
    assert {c["basis"] for c in j["citations"]} == {"can_cu", "thuc_hien"}
    for c in j["citations"]:
        del c["basis"]          # a record saved before the field existed still loads
    assert PlanRecord.from_json(j).citations[0].basis is None


def test_trace_prefers_what_the_plan_carries_out_over_a_newer_law():
    rec = extract_file(FIX / "basis_law_and_directive.txt")
    g = build_graph([rec])
    (nid,) = resolve_ref(g, str(FIX / "basis_law_and_directive.txt"))
    chain = trace(g, nid)["chain"]
    # the law and the decree are newer than the directive: without the basis the trace took the decree
    assert [c["code"] for c in chain[1:]] == ["19/CT-TTg"]


def test_trace_still_climbs_to_a_law_the_plan_carries_out():
    rec = extract_text("ỦY BAN NHÂN DÂN\nTỈNH SÔNG LAM\nSố: 90/KH-UBND\nSông Lam, ngày 5 tháng 10 năm 2025\n"
                       "KẾ HOẠCH\nTriển khai thi hành Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ\n"
                       "Thực hiện Luật số 55/2024/QH15 ngày 29/11/2024 của Quốc hội; Ủy ban nhân dân tỉnh ban hành "
                       "Kế hoạch như sau:\nI. MỤC ĐÍCH\n", file="law_plan.txt")
    g = build_graph([rec])
    (nid,) = resolve_ref(g, "law_plan.txt")
    assert [c["code"] for c in trace(g, nid)["chain"][1:]] == ["55/2024/QH15"]


# --- a title that names several documents the plan carries out ------------------------------------------

def _title_plan(title: str) -> dict[str, tuple[str, str | None]]:
    rec = extract_text("ỦY BAN NHÂN DÂN\nTỈNH SÔNG LAM\nSố: 77/KH-UBND\nSông Lam, ngày 8 tháng 4 năm 2025\nKẾ HOẠCH\n"
                       + title + "\nĐể tổ chức thực hiện hiệu quả, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n"
                       "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao nhận thức của cán bộ, đảng viên.\n")
    return {c.code: (c.relation, c.basis) for c in rec.citations}


def test_every_document_of_the_titles_list_is_carried_out():
    both = {"41-NQ/TW": ("implements", "title"), "18/NQ-CP": ("implements", "title")}
    assert _title_plan("Triển khai Nghị quyết số 41-NQ/TW của Bộ Chính trị và Nghị quyết số 18/NQ-CP "
                       "của Chính phủ") == both
    assert _title_plan("TRIỂN KHAI NGHỊ QUYẾT SỐ 41-NQ/TW NGÀY 10/10/2024 CỦA BỘ CHÍNH TRỊ VÀ NGHỊ QUYẾT SỐ "
                       "18/NQ-CP NGÀY 02/02/2025 CỦA CHÍNH PHỦ") == both
    assert _title_plan("Thực hiện Kế hoạch số 25-KH/TU, Kế hoạch số 26/KH-UBND") == {
        "25-KH/TU": ("implements", "title"), "26/KH-UBND": ("implements", "title")}


def test_a_title_document_named_as_anothers_object_is_not_carried_out():
    got = _title_plan("Thực hiện Nghị quyết số 18/NQ-CP ngày 02/02/2025 của Chính phủ về việc ban hành Kế hoạch "
                      "thực hiện Kết luận số 90-KL/TW ngày 05/01/2025 của Bộ Chính trị và Chỉ thị số 21-CT/TW")
    assert got == {"18/NQ-CP": ("implements", "title"), "90-KL/TW": ("cites", None), "21-CT/TW": ("cites", None)}
