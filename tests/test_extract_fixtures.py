"""End-to-end extraction on the synthetic fixture plans (tests/fixtures/plans) and their variants."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from vanban.loaders import annotate, extract_bytes, extract_file, extract_text
from vanban.loaders.evaluate import evaluate
from vanban.loaders.lexicon import load

PLANS = Path(__file__).resolve().parent / "fixtures" / "plans"
GOLD = Path(__file__).resolve().parent / "fixtures" / "gold_plans.json"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _aliases() -> set[str]:
    from vanban.loaders.clean import fold
    return {fold(a) for d in load("catalogue")["documents"] for a in d.get("aliases") or []}


def assert_spans_valid(rec):
    """Every span is inside the original text and shows the number (or a catalogue alias)."""
    from vanban.loaders.clean import fold
    aliases = _aliases()
    for c in rec.citations:
        assert c.spans, c.code
        number = re.match(r"\d+", c.code).group(0)
        for s, e in c.spans:
            assert 0 <= s < e <= len(rec.text)
            piece = unicodedata.normalize("NFC", rec.text[s:e])
            assert number in piece or fold(piece) in aliases, (c.code, piece)
    for r in rec.reports_to:
        for s, e in r.spans:
            assert 0 <= s < e <= len(rec.text)


def keyset(rec):
    return sorted((c.code, c.date, c.relation, c.resolved_by) for c in rec.citations)


@pytest.fixture(scope="module")
def commune():
    return extract_file(PLANS / "commune_markdown.md")


def test_fixture_gold_scores_perfectly():
    rep = evaluate(GOLD, PLANS)
    assert rep["precision"] == 1.0 and rep["recall"] == 1.0, rep["files"]
    assert rep["implements_accuracy"] == 1.0 and rep["missed_implements"] == 0 and rep["extra_implements"] == 0
    assert rep["reporting_accuracy"] == 1.0, {k: v["reporting_wrong"] for k, v in rep["files"].items()}
    assert rep["derived_recall"] == 1.0 and rep["derived_precision"] == 1.0


def test_all_fixture_spans_valid():
    for p in sorted(PLANS.iterdir()):
        assert_spans_valid(extract_file(p))


def test_two_documents_sharing_a_code(commune):
    same = [c for c in commune.citations if c.code == "15/QĐ-UBND"]
    assert sorted(c.date for c in same) == ["2024-05-08", "2025-01-20"]
    assert {c.issuer for c in same} == {"UBND huyện", "UBND tỉnh Bắc Trà"}


def test_short_form_is_the_same_document(commune):
    (kh,) = [c for c in commune.citations if c.code == "58/KH-UBND"]
    texts = [commune.text[s:e] for s, e in kh.spans]
    assert len(kh.spans) == 3, texts       # full mention, "(gọi tắt là Kế hoạch số 58)", later "Kế hoạch số 58"
    assert sum(t == "Kế hoạch số 58" for t in texts) == 2
    assert kh.relation == "implements"


def test_undated_mention_joins_dated_document(commune):
    (ct,) = [c for c in commune.citations if c.code == "33/CT-TTg"]
    assert ct.date == "2021-11-26" and len(ct.spans) == 2 and ct.central


def test_title_only_refs_and_local_regulation(commune):
    by = {c.code: c for c in commune.citations}
    assert by["23-QĐ/TW"].resolved_by == "title" and len(by["23-QĐ/TW"].spans) == 1   # not the "huyện Sơn Mỹ" one
    assert by["10/2022/QH15"].resolved_by == "title" and by["10/2022/QH15"].relation == "cites"
    assert by["06/QĐ-TTg"].resolved_by == "title"
    s, e = by["23-QĐ/TW"].spans[0]
    after = commune.text[e:e + 30]
    assert "huyện" not in after


def test_relative_and_joint_issuers(commune):
    by = {(c.code, c.date): c for c in commune.citations}
    assert by[("58/KH-UBND", "2025-02-12")].issuer == "UBND huyện"
    assert by[("58/KH-UBND", "2025-02-12")].issuer_resolved == "UBND huyện Sơn Mỹ"
    joint = by[("07-KHLT/BDVHU-UBND", "2025-03-03")]
    assert joint.issuer == "Ban Dân vận Huyện ủy và UBND huyện"
    assert joint.issuer_resolved == "Ban Dân vận Huyện ủy Sơn Mỹ và UBND huyện Sơn Mỹ"
    assert by[("15/QĐ-UBND", "2024-05-08")].issuer_resolved == "UBND tỉnh Bắc Trà"
    assert not by[("58/KH-UBND", "2025-02-12")].central


def test_cong_van_codes_and_derived(commune):
    by = {c.code: c for c in commune.citations}
    assert by["412/UBND-VP"].type == "Công văn" and by["256/SNV-CCVC"].type == "Công văn"
    assert by["19/CĐ-TTg"].central and by["19/CĐ-TTg"].date is None
    assert [(d.from_code, d.to_code) for d in commune.derived] == [("412/UBND-VP", "19/CĐ-TTg")]


def test_codes_with_spaces_and_split_across_pages(commune):
    by = {c.code: c for c in commune.citations}
    for code, raw in (("21/KH-UBND", "21/KH- UBND"), ("03-ĐA/HU", "03- ĐA/HU"), ("12-NQ/ĐU", "12-\n\nNQ/ĐU")):
        s, e = by[code].spans[0]
        assert raw in commune.text[s:e], (code, commune.text[s:e])


def test_commune_metadata(commune):
    d = commune.document
    assert d.code is None and d.date == "2025-04" and d.level == "commune"
    assert d.issuer == "UBND xã Tân Phong"
    assert (d.commune, d.district, d.province) == ("xã Tân Phong", "huyện Sơn Mỹ", "Bắc Trà")
    assert d.signer == "Hoàng Thị Lựu" and d.signer_position == "CHỦ TỊCH"
    assert commune.recipients == ["UBND huyện Sơn Mỹ", "Phòng Nội vụ huyện", "Các ban, ngành, đoàn thể xã"]
    assert commune.units == ["Công chức Văn phòng - Thống kê", "Các ban, ngành, đoàn thể xã"]


def test_province_header_metadata():
    rec = extract_file(PLANS / "province_header.txt")
    d = rec.document
    assert (d.code, d.date, d.issuer, d.level, d.province) == ("215/KH-UBND", "2025-03-14", "UBND tỉnh Bắc Trà",
                                                               "province", "Bắc Trà")
    assert d.signer_position == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    assert not any(c.code == "215/KH-UBND" for c in rec.citations)   # its own number is not a citation
    (ct,) = [c for c in rec.citations if c.code == "33/CT-TTg"]
    assert ct.relation == "implements" and len(ct.spans) >= 4   # title, preamble, "Chỉ thị 33" short forms


def test_district_city_level_and_soft_breaks():
    rec = extract_file(PLANS / "city_softbreaks.txt")
    assert rec.document.level == "district"           # a "thành phố" reporting to UBND tỉnh
    assert rec.document.title == "Thực hiện chuyển đổi số năm 2025"
    (nq,) = [c for c in rec.citations if c.code == "76/NQ-CP"]
    assert nq.date == "2021-07-15"                      # date across a broken line


@pytest.mark.parametrize("variant", ["nfd", "bom", "utf16", "crlf", "nbsp"])
def test_encoding_and_layout_variants_give_the_same_citations(tmp_path, variant):
    src = (PLANS / "commune_markdown.md").read_text(encoding="utf-8")
    base = extract_text(src)
    if variant == "nfd":
        data = unicodedata.normalize("NFD", src).encode("utf-8")
    elif variant == "bom":
        data = b"\xef\xbb\xbf" + src.encode("utf-8")
    elif variant == "utf16":
        data = src.encode("utf-16")
    elif variant == "crlf":
        data = src.replace("\n", "\r\n").encode("utf-8")
    else:
        data = src.replace("số ", "số\u00a0").encode("utf-8")
    p = tmp_path / f"v_{variant}.md"
    p.write_bytes(data)
    rec = extract_file(p)
    assert keyset(rec) == keyset(base)
    assert [(r.to, r.deadlines) for r in rec.reports_to] == [(r.to, r.deadlines) for r in base.reports_to]
    assert_spans_valid(rec)


def test_extract_bytes_matches_extract_file():
    p = PLANS / "province_header.txt"
    a, b = extract_file(p), extract_bytes(p.read_bytes(), "some/dir/province_header.txt")
    assert a.to_json()["citations"] == b.to_json()["citations"] and a.sha256 == b.sha256
    assert b.file == "province_header.txt"


def test_docx_with_header_table(tmp_path):
    import docx
    lines = (PLANS / "province_header.txt").read_text(encoding="utf-8").split("\n")
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH BẮC TRÀ\nSố: 215/KH-UBND"
    t.cell(0, 1).text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                         "Bắc Trà, ngày 14 tháng 3 năm 2025")
    for ln in lines[6:]:
        d.add_paragraph(ln)
    p = tmp_path / "plan.docx"
    d.save(str(p))
    rec = extract_file(p)
    txt = extract_file(PLANS / "province_header.txt")
    assert keyset(rec) == keyset(txt)
    assert rec.document.issuer == "UBND tỉnh Bắc Trà" and rec.document.code == "215/KH-UBND"
    assert rec.document.date == "2025-03-14"
    assert_spans_valid(rec)


def test_pdf_with_text_layer(tmp_path):
    if not FONT.is_file():
        pytest.skip("DejaVuSans.ttf not installed")
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dv", "", str(FONT))
    pdf.set_font("dv", size=10)
    for ln in (PLANS / "province_header.txt").read_text(encoding="utf-8").split("\n"):
        pdf.multi_cell(0, 6, ln or " ", new_x="LMARGIN", new_y="NEXT")
    p = tmp_path / "plan.pdf"
    pdf.output(str(p))
    rec = extract_file(p)
    codes = {c.code for c in rec.citations if c.resolved_by == "code"}
    assert {"33/CT-TTg", "114-KL/TW", "23-QĐ/TW", "01/2025/TT-BNV", "10/2022/QH15"} <= codes
    assert_spans_valid(rec)


def test_annotate_escapes_hostile_text():
    text = ("<script>alert('x')</script>\nThực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ "
            "& <b>Quyết định số 7/QĐ-UBND</b>")
    rec = extract_text(text)
    out = annotate(text, rec)
    assert "<script>" not in out and "&lt;script&gt;" in out and "<b>" not in out
    assert '<mark data-code="33/CT-TTg"' in out and '<mark data-code="7/QĐ-UBND"' in out
    assert re.sub(r"<[^>]+>", "", out).replace("&lt;", "<").replace("&gt;", ">").replace("&#x27;", "'") \
        .replace("&quot;", '"').replace("&amp;", "&") == text


def test_cli_extract_json_order_and_errors(tmp_path, capsys):
    from vanban.cli import main
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    files = [str(PLANS / "province_header.txt"), str(bad), str(PLANS / "commune_markdown.md")]
    rc = main(["--lang", "en", "extract", "--json", *files])
    out, err = capsys.readouterr()
    assert rc != 0
    arr = json.loads(out)
    assert [o["file"] for o in arr] == [files[0], files[2]]
    assert set(arr[0]) >= {"file", "document", "citations", "derived", "units", "reports_to", "recipients"}
    assert "bad.txt" in err and "empty" in err
    rc = main(["--lang", "en", "extract", str(PLANS / "province_header.txt")])
    out, _ = capsys.readouterr()
    assert rc == 0 and "33/CT-TTg" in out and "implements" in out


def test_cli_eval_json(capsys):
    from vanban.cli import main
    rc = main(["eval", "--gold", str(GOLD), "--seeds", str(PLANS), "--json"])
    rep = json.loads(capsys.readouterr().out)
    assert rc == 0 and rep["precision"] == 1.0 and set(rep["files"]) == {p.name for p in PLANS.iterdir()}


def test_tabbed_header_department_and_lookalike_characters():
    rec = extract_file(PLANS / "department_tabs.txt")
    d = rec.document
    assert (d.code, d.date, d.issuer, d.level, d.province) == ("37/KH-SNV", "2025-06-02", "Sở Nội vụ", "province",
                                                               "Bắc Trà")
    assert d.signer == "Trịnh Bảo Ngân" and d.signer_position == "GIÁM ĐỐC"
    by = {c.code: c for c in rec.citations}
    assert "81/QĐ-UBND" in by            # written with an Icelandic eth "QÐ"
    assert "05/CT-UBND" in by            # written with an en dash "CT–UBND"
    assert "37/KH-SNV" not in by         # own number on a tabbed header line
    # the preamble has no "như sau": it ends at the first heading, so the body's "nội dung sau:" is not preamble
    assert by["81/QĐ-UBND"].relation == "implements" and by["05/CT-UBND"].relation == "cites"
    yearly = [r for r in rec.reports_to if r.to == "Sở Nội vụ"]
    assert yearly and yearly[0].deadlines == ["--10-30"]   # "trước ngày 30/10 hằng năm"


def test_markdown_table_header_and_one_line_signature():
    rec = extract_file(PLANS / "district_mdtable.md")
    d = rec.document
    assert (d.code, d.date, d.issuer, d.level) == ("88/KH-UBND", "2024-02-10", "UBND huyện Lộc Xuyên", "district")
    assert (d.signer, d.signer_position) == ("Nông Văn Tâm", "CHỦ TỊCH")
    (nq,) = [c for c in rec.citations if c.code == "12-NQ/HU"]
    assert nq.relation == "implements" and len(nq.spans) == 3   # title, preamble, "Nghị quyết 12"
    vias = {r.to: r.via for r in rec.reports_to}
    assert "Sở Văn hóa, Thể thao và Du lịch" in vias            # a name with a comma and "và"
    assert any(r.via == "Phòng Văn hóa và Thông tin" for r in rec.reports_to)   # "qua ..." without brackets
