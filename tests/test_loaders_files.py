"""Real files (issue 14): scans through OCR, old Word .doc, legacy Vietnamese fonts (TCVN3, VNI), saved
web pages; and bounded work for hostile files (issue 18 #1) and quiet libraries (issue 15 #6)."""
from __future__ import annotations

import io
import logging
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.loaders import extract_bytes, extract_file, legacy, ocr
from vanban.loaders.read import SUPPORTED, read_bytes, read_source
from vanban.models import UnreadableFile

FILES = Path(__file__).resolve().parent / "fixtures" / "files"
PLAN = (FILES / "plan.txt").read_text(encoding="utf-8")

needs_ocr = pytest.mark.skipif(ocr.missing() is not None, reason=f"OCR not installed: {ocr.missing()}")
needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) not installed")
needs_antiword = pytest.mark.skipif(not shutil.which("antiword"), reason="antiword not installed")


def _raises(code: str, fn, *a, **kw) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as ei:
        fn(*a, **kw)
    assert ei.value.code == code, (ei.value.code, ei.value.detail)
    return ei.value


def _meta(rec):
    d = rec.document
    return (d.type, d.code, d.date, d.issuer, d.level, d.place, d.signer, d.title)


def _key(rec):
    """What extraction yields, all of it that a reader could change."""
    return (_meta(rec), sorted((c.code, c.relation, c.date, c.issuer, c.type) for c in rec.citations),
            sorted(rec.units), sorted((x.from_, x.to, x.via, tuple(x.deadlines)) for x in rec.reports_to),
            sorted(rec.recipients))


@pytest.fixture(scope="module")
def unicode_record():
    return extract_bytes(PLAN.encode("utf-8"), "plan.txt")


# --- legacy fonts ------------------------------------------------------------------------------
def test_detection_leaves_every_real_unicode_plan_alone(shared_dir):
    files = sorted((shared_dir / "seeds").glob("*.txt")) + sorted((shared_dir / "real-dev").glob("*.txt"))
    assert len(files) >= 20
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert legacy.detect(text) == "unicode", f
        assert read_source(f).text == text and read_source(f).legacy_font is None, f


def test_real_plans_round_trip_through_vni_and_detect_tcvn3(shared_dir):
    import unicodedata
    for f in sorted((shared_dir / "real-dev").glob("*.txt")):
        text = unicodedata.normalize("NFC", f.read_text(encoding="utf-8"))
        vni = legacy.encode(text, "vni")
        assert legacy.detect(vni) == "vni", f
        assert legacy.to_unicode(vni, "vni") == text, f      # VNI writes every letter: exact
        assert legacy.detect(legacy.encode(text, "tcvn3")) == "tcvn3", f


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_8bit_text_file_extracts_as_its_unicode_version(tmp_path, unicode_record, encoding):
    data = legacy.encode(PLAN, encoding).encode("cp1252")    # the bytes an old editor saved
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    p = tmp_path / f"plan-{encoding}.txt"
    p.write_bytes(data)
    rec = extract_file(p)
    assert rec.legacy_font == encoding and rec.source_format == "txt"
    assert _key(rec) == _key(unicode_record)


def test_legacy_mojibake_saved_as_utf8_is_converted(unicode_record):
    rec = extract_bytes(legacy.encode(PLAN, "tcvn3").encode("utf-8"), "copied.txt")
    assert rec.legacy_font == "tcvn3"
    assert _key(rec) == _key(unicode_record)


def test_tcvn3_examples():
    assert legacy.fix_text("Uû ban nh©n d©n huyÖn Chi L¨ng") == ("Uỷ ban nhân dân huyện Chi Lăng", "tcvn3")
    assert legacy.fix_text("UÛY BAN NHAÂN DAÂN xaõ Taân Laïc") == ("ỦY BAN NHÂN DÂN xã Tân Lạc", "vni")
    # capitals: .VnTimeH draws small codes as capitals; in plain text a word of Latin capitals tells
    assert legacy.to_unicode("ñy ban", "tcvn3", capitals=True) == "ỦY BAN"
    assert legacy.to_unicode("KÕ HO¹CH\n", "tcvn3") == "KẾ HOẠCH\n"


def test_a_few_symbols_never_make_a_text_legacy():
    for text in ["© 2024 Cổng thông tin điện tử tỉnh", "Giá: 100.000 đ ± 5%; nhiệt độ 30°", "Café, naïve, São Paulo §3",
                 "Điều 5 ®"]:
        assert legacy.detect(text) == "unicode", text


def test_8bit_bytes_no_legacy_font_explains_stay_bad_encoding():
    # UTF-8 cut short, then junk: a few bytes look like TCVN3 codes, most are none of its codes
    junk = "Kế hoạch".encode()[:-1] + b"\xff\xfe\xfd" * 50
    err = _raises("bad_encoding", read_bytes, junk, "latin.txt")
    assert "latin.txt" in err.detail


def _text_pdf(text: str) -> bytes:
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dejavu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("dejavu", size=4)
    for i, line in enumerate(text.split("\n")):   # (one text call a line: multi_cell would drop 0xAD, TCVN3's "ư")
        pdf.text(5, 5 + i * 2, line)
    return bytes(pdf.output())


def test_pdf_text_layer_typed_in_tcvn3_is_converted():
    want = extract_bytes(_text_pdf(PLAN), "new.pdf")
    rec = extract_bytes(_text_pdf(legacy.encode(PLAN, "tcvn3")), "old.pdf")   # as printed from a .VnTime file
    assert rec.legacy_font == "tcvn3" and rec.source_format == "pdf" and want.legacy_font is None
    assert _key(rec) == _key(want) and len(rec.citations) == 6


def test_docx_named_doc_is_read_as_docx():
    data = _docx_with_fonts([("Kế hoạch số 12/KH-UBND", None)])
    s = read_bytes(data, "misnamed.doc")
    assert s.format == "docx" and s.text == "Kế hoạch số 12/KH-UBND" and s.notes


def _docx_with_fonts(runs: list[tuple[str, str | None]]) -> bytes:
    import docx
    from docx.oxml.ns import qn
    d = docx.Document()
    for text, font in runs:
        r = d.add_paragraph().add_run(text)
        if font:
            r.font.name = font
            r._element.rPr.rFonts.set(qn("w:hAnsi"), font)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_runs_in_legacy_fonts_are_converted_run_by_run():
    data = _docx_with_fonts([("ñy ban nh©n d©n", ".VnTimeH"), ("Uû ban nh©n d©n huyÖn", ".VnTime"),
                             ("Uûy ban nhaân daân", "VNI-Times"), ("Ủy ban nhân dân © 2024", "Times New Roman")])
    s = read_bytes(data, "mixed.docx")
    assert s.text.split("\n\n") == ["ỦY BAN NHÂN DÂN", "Uỷ ban nhân dân huyện", "Ủy ban nhân dân",
                                    "Ủy ban nhân dân © 2024"]
    assert s.legacy_font in ("tcvn3", "vni")


# --- .doc ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["plan.doc", "plan-vntime.doc", "plan-vni.doc"])
def test_doc_fixture_extracts_as_its_unicode_version(name, unicode_record):
    needs = {"plan.doc": shutil.which("antiword") or shutil.which("soffice"),
             "plan-vntime.doc": shutil.which("soffice"),
             "plan-vni.doc": shutil.which("soffice")}[name]
    if not needs:
        pytest.skip("no .doc converter for this fixture installed")
    rec = extract_file(FILES / name)
    assert rec.source_format == "doc"
    assert rec.legacy_font == {"plan.doc": None, "plan-vntime.doc": "tcvn3", "plan-vni.doc": "vni"}[name]
    assert _key(rec) == _key(unicode_record)


@needs_antiword
def test_doc_tables_become_rows_in_body_order():
    text = read_source(FILES / "plan.doc").text
    assert text.index("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") < text.index("KẾ HOẠCH") \
        < text.index("Thực hiện Chỉ thị") < text.index("Hoàng Văn Minh")


def test_old_word_file_named_docx_is_read_as_doc(tmp_path):
    p = tmp_path / "renamed.docx"
    shutil.copy(FILES / "plan.doc", p)
    if shutil.which("antiword") or shutil.which("soffice"):
        s = read_source(p)
        assert s.format == "doc" and "47/KH-UBND" in s.text
        assert any("old Word .doc" in n for n in s.notes)
    else:   # without a converter: the message says what the file is, never "BadZipFile"
        err = _raises("missing_dependency", read_source, p)
        assert "BadZipFile" not in err.detail


def test_doc_without_converters_names_them(tmp_path, monkeypatch):
    from vanban.loaders import read
    monkeypatch.setattr(read.shutil, "which", lambda name: None)
    err = _raises("missing_dependency", read_source, FILES / "plan.doc")
    assert "antiword" in err.detail and "libreoffice" in err.detail.lower()
    # everything else still reads
    assert read_source(FILES / "plan.txt").text == PLAN


def test_not_a_word_file(tmp_path):
    err = _raises("unreadable", read_bytes, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "fake.doc")
    assert "PNG" in err.detail


# --- web pages -------------------------------------------------------------------------------
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Cổng thông tin</title>
<style>.x{color:red}</style><script>var menu = "Trang chủ";</script></head><body>
<header><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></header>
<nav class="menu"><ul><li>Giới thiệu</li><li>Văn bản</li></ul></nav>
<div class="breadcrumb">Trang chủ &gt; Văn bản</div>
<div id="content"><table><tr><td>ỦY BAN NHÂN DÂN<br>HUYỆN BẮC SƠN<br>Số: 47/KH-UBND</td>
<td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</td></tr>
<tr><td></td><td><i>Bắc Sơn, ngày 14 tháng 3 năm 2024</i></td></tr></table>
<p align="center"><b>KẾ HOẠCH</b><br><b>Triển khai công tác dân vận chính quyền năm 2024</b></p>
<p>Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;\\r\\nKế hoạch số 112/KH-UBND
ngày 20/02/2024 của Ủy ban nhân dân tỉnh Lạng Sơn, Ủy ban nhân dân huyện ban hành Kế hoạch thực hiện như sau:</p>
<table><tr><th>TT</th><th>Nội dung</th><th>Căn cứ</th></tr>
<tr><td>1</td><td>Quán triệt</td><td>Quy định số 23-QĐ/TW ngày 30/7/2021 của Bộ Chính trị</td></tr></table>
</div>
<aside class="sidebar">Văn bản mới: Kế hoạch số 999/KH-UBND</aside>
<footer>Bản quyền © Cổng thông tin điện tử huyện</footer></body></html>"""


def test_saved_web_page_gives_the_document_without_the_portal():
    s = read_bytes(PAGE.encode("utf-8"), "ke-hoach.html")
    assert s.format == "html"
    t = s.text
    for furniture in ("Trang chủ", "Giới thiệu", "999/KH-UBND", "Bản quyền", "var menu", "color:red", "Cổng thông tin"):
        assert furniture not in t, furniture
    assert "\\r\\n" not in t and "Thủ tướng Chính phủ;\nKế hoạch số 112/KH-UBND" in t
    assert "1 | Quán triệt | Quy định số 23-QĐ/TW ngày 30/7/2021 của Bộ Chính trị" in t    # a table row, in order
    assert t.index("Số: 47/KH-UBND") < t.index("KẾ HOẠCH") < t.index("Thực hiện") < t.index("Quán triệt")
    rec = extract_bytes(PAGE.encode("utf-8"), "ke-hoach.htm")
    assert rec.document.code == "47/KH-UBND" and rec.document.date == "2024-03-14"
    assert {c.code for c in rec.citations} == {"33/CT-TTg", "112/KH-UBND", "23-QĐ/TW"}


def test_web_page_in_a_legacy_charset_and_font():
    html = ("<html><head><meta charset='windows-1252'></head><body><p>" + legacy.encode(PLAN, "tcvn3")
            .replace("\n", "<br>") + "</p></body></html>").encode("cp1252")
    s = read_bytes(html, "old.htm")
    assert s.legacy_font == "tcvn3" and "KẾ HOẠCH" in s.text and "Chỉ thị số 33/CT-TTg" in s.text


# --- bounded work (issue 18 #1) ----------------------------------------------------------------
def _docx_bomb(expanded: int) -> bytes:
    import docx
    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("BOMB")
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:t>BOMB</w:t>", b"<w:t>" + b"a" * expanded + b"</w:t>")
            z.writestr(info, data)
    return out.getvalue()


def test_docx_bomb_is_refused_before_inflating():
    bomb = _docx_bomb(40 * 1024 * 1024)
    assert len(bomb) < 200_000
    err = _raises("too_large", read_bytes, bomb, "bomb.docx", max_expanded=4 * 1024 * 1024)
    assert "bomb.docx" in err.detail and "expand" in err.detail


def test_docx_bomb_with_lying_sizes_is_stopped_while_inflating():
    """The zip's headers claim small members; the inflated bytes are counted, never trusted."""
    bomb = bytearray(_docx_bomb(6 * 1024 * 1024))
    zf = zipfile.ZipFile(io.BytesIO(bytes(bomb)))
    info = zf.getinfo("word/document.xml")
    real = info.file_size
    small = (1000).to_bytes(4, "little")
    # the uncompressed size in the local header (offset 22) and the central directory entry (offset 24)
    bomb[info.header_offset + 22:info.header_offset + 26] = small
    pos = 0
    while (pos := bytes(bomb).find(b"PK\x01\x02", pos)) != -1:
        name_len = int.from_bytes(bomb[pos + 28:pos + 30], "little")
        if bytes(bomb[pos + 46:pos + 46 + name_len]) == b"word/document.xml":
            bomb[pos + 24:pos + 28] = small
        pos += 4
    assert real > 5_000_000
    err = _raises_any(read_bytes, bytes(bomb), "liar.docx", max_expanded=2 * 1024 * 1024)
    assert err.code in ("too_large", "unreadable") and "liar.docx" in err.detail


def _raises_any(fn, *a, **kw) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as ei:
        fn(*a, **kw)
    return ei.value


def test_many_members_together_over_the_limit():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for i in range(6):
            z.writestr(f"word/media/pad{i}.bin", b"\0" * (1024 * 1024))
    _raises("too_large", read_bytes, out.getvalue(), "pads.docx", max_expanded=4 * 1024 * 1024)


def test_text_per_file_is_bounded(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text(PLAN * 20, encoding="utf-8")
    err = _raises("too_large", read_source, p, max_text=len(PLAN) * 5)
    assert "characters" in err.detail
    assert read_source(p).text == PLAN * 20
    html = ("<html><body>" + "<p>Kế hoạch</p>" * 2000 + "</body></html>").encode()
    _raises("too_large", read_bytes, html, "big.html", max_text=1000)


@needs_ocr
def test_image_bomb_is_refused_by_its_pixels():
    from PIL import Image
    buf = io.BytesIO()
    Image.new("1", (6000, 6000), 1).save(buf, "PNG")        # 36 Mpx of white in a small file
    assert len(buf.getvalue()) < 100_000
    err = _raises("too_large", read_bytes, buf.getvalue(), "huge.png", max_expanded=10_000_000)
    assert "pixels" in err.detail


# --- quiet libraries (issue 15 #6) --------------------------------------------------------------
def test_pdf_library_noise_stays_out_of_stderr_and_logs(tmp_path, capfd, caplog):
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Ke hoach so 12/KH-UBND")
    good = bytes(pdf.output())
    damaged = good.replace(b"startxref", b"startxref\n999999\n%") [: -6]   # wrong xref pointer, no EOF marker
    caplog.set_level(logging.DEBUG)
    for data in (damaged, b"%PDF-1.4 garbage", good[: len(good) // 2]):
        try:
            read_bytes(data, "damaged.pdf")
        except UnreadableFile as exc:
            assert exc.detail.startswith("damaged.pdf: ")
    out, err = capfd.readouterr()
    assert err == "" and out == ""
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


def test_password_protected_pdf_is_a_clear_error(tmp_path):
    from pypdf import PdfWriter
    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.encrypt(user_password="matkhau", owner_password="chu")
    buf = io.BytesIO()
    w.write(buf)
    err = _raises("unreadable", read_bytes, buf.getvalue(), "secret.pdf")
    assert "password" in err.detail


# --- OCR -------------------------------------------------------------------------------------
def test_repairs_only_into_valid_codes():
    assert ocr.repair_code("1O/KH-UBND") == "10/KH-UBND"
    assert ocr.repair_code("12/KHUBND") == "12/KH-UBND"
    assert ocr.repair_code("23-QÐ/TW") == "23-QĐ/TW"
    assert ocr.repair_code("12 /KH- UBND") == "12/KH-UBND"
    assert ocr.repair_code("59/2O23/NĐ-CP") == "59/2023/NĐ-CP"
    assert ocr.repair_code("33/CT-TTG") == "33/CT-TTg"
    assert ocr.repair_code("l14-KL/TW") == "114-KL/TW"
    assert ocr.repair_code("23-QĐĐ/TW") == "23-QĐ/TW"
    assert ocr.repair_code("12/XYZQ") is None          # nothing known: left as read
    text, low = ocr.repair_codes("theo Kế hoạch số 1O/KH- UBND ngày 3/4; Điều 5", [(0, 4), (40, 44)])
    assert text == "theo Kế hoạch số 10/KH-UBND ngày 3/4; Điều 5"
    assert (17, 27) in low and (39, 43) in low          # the repaired code is unsure; later spans moved


@pytest.mark.parametrize("angle", [2.0, -1.5, 0.0])
def test_skew_is_measured(angle):
    pytest.importorskip("PIL")
    from tests.scan_helpers import render_pages
    page = render_pages(_first_part(PLAN), angle=angle, stamp=False, noise=0)[0]
    assert abs(ocr.skew_angle(ocr.prepare(page)) + angle) <= 0.25


def test_citations_touched_by_unsure_words_are_marked():
    from vanban.loaders import extract_text
    from vanban.loaders.read import SourceText, with_source
    rec = extract_text(PLAN)
    at = PLAN.index("23-QĐ/TW")
    src = SourceText(text=PLAN, sha256="", format="pdf",
                     ocr={"pages": 1, "mean_confidence": 88.0, "low_confidence_spans": [(at + 3, at + 5)]})
    rec = with_source(rec, src)
    assert {c.code for c in rec.citations if c.low_confidence} == {"23-QĐ/TW"}
    assert rec.ocr == {"pages": 1, "mean_confidence": 88.0} and rec.source_format == "pdf"


@needs_ocr
def test_too_many_pages_to_ocr_is_refused_before_reading(monkeypatch):
    from pypdf import PdfWriter
    w = PdfWriter()
    for _ in range(3):
        w.add_blank_page(595, 842)
    buf = io.BytesIO()
    w.write(buf)
    monkeypatch.setattr(ocr, "MAX_PAGES", 2)
    err = _raises("too_large", read_bytes, buf.getvalue(), "long-scan.pdf")
    assert "3 pages" in err.detail


def _scores(got, want) -> tuple[float, float]:
    g = {c.code for c in got.citations}
    w = {c.code for c in want.citations}
    return len(g & w) / len(w), (len(g & w) / len(g) if g else 0.0)


@pytest.fixture(scope="module")
def scan_pdf() -> bytes:
    from tests.scan_helpers import scanned_pdf
    return scanned_pdf(PLAN, angle=1.2, size_pt=10.5)    # (one page)


@needs_ocr
def test_scanned_pdf_extracts_as_its_text_version(scan_pdf, unicode_record, tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(scan_pdf)
    pages = []
    rec = extract_file(p, on_page=lambda done, total: pages.append((done, total)))
    recall, precision = _scores(rec, unicode_record)
    assert recall >= 0.95 and precision >= 0.95, ([c.code for c in rec.citations], recall, precision)
    assert _meta(rec) == _meta(unicode_record)
    assert rec.source_format == "pdf" and rec.ocr["pages"] == len(pages) >= 1
    assert pages[-1] == (len(pages), len(pages))
    assert 60 <= rec.ocr["mean_confidence"] <= 100
    assert all(isinstance(c.low_confidence, bool) for c in rec.citations)
    j = rec.to_json()
    assert j["ocr"]["pages"] == len(pages) and j["source_format"] == "pdf"


@needs_ocr
def test_scanned_image_rotated_the_other_way(unicode_record):
    from tests.scan_helpers import scanned_image
    first_page = _first_part(PLAN)
    want = extract_bytes(first_page.encode("utf-8"), "p.txt")
    rec = extract_bytes(scanned_image(first_page, angle=-1.5, seed=3), "scan.png")
    recall, precision = _scores(rec, want)
    assert recall >= 0.95 and precision >= 0.95, [c.code for c in rec.citations]
    assert _meta(rec)[:6] == _meta(want)[:6] and rec.source_format == "image"


@needs_ocr
def test_bad_scans_get_clear_errors():
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), "white").save(buf, "PNG")
    err = _raises("empty_file", read_bytes, buf.getvalue(), "blank.png")
    assert "no text" in err.detail
    err = _raises("unreadable", read_bytes, buf.getvalue()[:60], "truncated.png")
    assert "truncated.png" in err.detail
    _raises("unreadable", read_bytes, b"\xff\xd8\xff\xe0 not really a jpeg", "broken.jpg")


def test_missing_ocr_is_named_and_the_rest_still_reads(monkeypatch, tmp_path):
    from vanban.loaders import read
    monkeypatch.setattr(ocr, "missing", lambda: "Tesseract (apt-get install tesseract-ocr tesseract-ocr-vie)")
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    err = _raises("scanned_pdf", read_bytes, bytes(pdf.output()), "scan.pdf")
    assert "tesseract-ocr" in err.detail
    err = _raises("missing_dependency", read_bytes, b"\x89PNG\r\n\x1a\n0000", "scan.png")
    assert "tesseract-ocr" in err.detail
    assert read.read_bytes(PLAN.encode(), "plan.txt").text == PLAN


def test_load_progress_bar_counts_ocr_pages(tmp_path, vanban_home, monkeypatch, capsys):
    from vanban import loaders
    from vanban.graph.store import open_store
    from vanban.ingest import load_paths
    real = loaders.extract_file

    def extract_as_if_scanned(path, on_page=None, **kw):   # (OCR itself is tested above: here the hook)
        for k in range(1, 4):
            on_page(k, 3)
        return real(path, **kw)

    monkeypatch.setattr(loaders, "extract_file", extract_as_if_scanned)
    (tmp_path / "scan.txt").write_text(PLAN, encoding="utf-8")
    report = load_paths(open_store(), [tmp_path / "scan.txt"], progress=True)
    assert report.failed == [] and len(report.added) == 1
    err = capsys.readouterr().err
    assert "OCR trang 1/3" in err and "OCR trang 3/3" in err


def test_ingest_walks_every_readable_suffix():
    from vanban.ingest import SUFFIXES
    assert set(SUFFIXES) == SUPPORTED


# --- a mixed folder through `vanban load` ---------------------------------------------------------
@needs_ocr
@needs_antiword
def test_vanban_load_a_mixed_folder(tmp_path, vanban_home, capsys):
    import docx
    from fpdf import FPDF

    from tests.scan_helpers import scanned_image, scanned_pdf
    folder = tmp_path / "ho-so"
    folder.mkdir()

    def variant(n: int) -> str:   # one plan per file: its own number
        return PLAN.replace("47/KH-UBND", f"{40 + n}/KH-UBND")

    (folder / "a.txt").write_text(variant(1), encoding="utf-8")
    (folder / "b.md").write_text(variant(2), encoding="utf-8")
    d = docx.Document()
    for line in variant(3).split("\n"):
        d.add_paragraph(line)
    d.save(str(folder / "c.docx"))
    shutil.copy(FILES / "plan.doc", folder / "d.doc")    # 47/KH-UBND
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dejavu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("dejavu", size=10)
    pdf.multi_cell(0, 5, variant(5))
    pdf.output(str(folder / "e.pdf"))
    (folder / "f-scan.pdf").write_bytes(scanned_pdf(_first_part(variant(6)), angle=0.8, seed=11))
    (folder / "g.png").write_bytes(scanned_image(_first_part(variant(7))))
    (folder / "h.html").write_text("<html><body><pre>" + variant(8) + "</pre></body></html>", encoding="utf-8")
    (folder / "i-tcvn3.txt").write_bytes(legacy.encode(variant(9), "tcvn3").encode("cp1252"))

    import json

    from vanban.cli import main
    code = main(["load", str(folder), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    report = json.loads(out)
    assert report["failed"] == [] and len(report["added"]) == 9, report
    from vanban.graph.store import open_store
    store = open_store()
    got = {Path(f).name: store.record(f) for f in report["added"]}
    assert {n: r.document.code for n, r in got.items()} == {
        "a.txt": "41/KH-UBND", "b.md": "42/KH-UBND", "c.docx": "43/KH-UBND", "d.doc": "47/KH-UBND",
        "e.pdf": "45/KH-UBND",
        "f-scan.pdf": "46/KH-UBND", "g.png": "47/KH-UBND", "h.html": "48/KH-UBND", "i-tcvn3.txt": "49/KH-UBND"}
    assert {n: r.source_format for n, r in got.items()}["g.png"] == "image"
    assert got["f-scan.pdf"].ocr["pages"] == 1 and got["i-tcvn3.txt"].legacy_font == "tcvn3"


def _first_part(text: str) -> str:
    """Header, title and preamble: a short page, for quick OCR."""
    return text[:text.index("II. NHIỆM VỤ")]


# characters that move the legacy detector: its marks, VNI's vowel pairs' parts, Unicode Vietnamese letters
_DETECT_ALPHABET = ("¡¢£¤¥¦§¨©ª«¬®µ¶·¸¹º»¼½¾øïåäëüöñæîØÏÅÄËÜÖÑÆÎaeoAEOâÂêÊ"
                    "ạắằẳẵặấầẩẫậđĐơưƠƯếềểễệ ủy ban nhân dân tỉnh\n–“”")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_DETECT_ALPHABET, max_size=60))
def test_legacy_detect_gate_agrees_with_the_counts(text):
    """``detect``'s one-pass gate ("fewer marks in all than MIN_MARKS") never changes its answer."""
    assert legacy.detect(text) == legacy._detect_counted(text)
