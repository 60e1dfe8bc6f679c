"""loaders.read: every supported format decodes; every bad input fails with a clear, coded UnreadableFile."""
from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from vanban.loaders.read import read_bytes, read_source
from vanban.models import UnreadableFile

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
VI = "Thực hiện Kế hoạch số 58/KH-UBND ngày 12/02/2025 của Ủy ban nhân dân huyện Sơn Mỹ"


def _cp1258(s: str) -> bytes:
    """Vietnamese in Windows-1258 (base letters + combining tone marks), as old Word files are."""
    import unicodedata
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in unicodedata.normalize("NFC", s):
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        out.append(base + "".join(c for c in d if c in tones))
    return "".join(out).encode("cp1258")


def _raises(code: str, fn, *a, **kw) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as ei:
        fn(*a, **kw)
    assert ei.value.code == code, (ei.value.code, ei.value.detail)
    return ei.value


def test_utf8_plain_and_sha(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(VI.encode("utf-8"))
    s = read_source(p)
    assert s.text == VI and s.format == "txt"
    assert s.sha256 == hashlib.sha256(VI.encode("utf-8")).hexdigest()


def test_utf8_bom_is_stripped_but_hashed(tmp_path):
    data = b"\xef\xbb\xbf" + VI.encode("utf-8")
    p = tmp_path / "bom.md"
    p.write_bytes(data)
    s = read_source(p)
    assert s.text == VI and s.format == "md"
    assert s.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-be-bom", "utf-32"])
def test_utf16_and_32_with_bom(tmp_path, enc):
    data = (b"\xfe\xff" + VI.encode("utf-16-be")) if enc == "utf-16-be-bom" else VI.encode(enc)
    p = tmp_path / "u.txt"
    p.write_bytes(data)
    assert read_source(p).text == VI


def test_legacy_8bit_is_bad_encoding_naming_file(tmp_path):
    p = tmp_path / "cu.txt"
    p.write_bytes(_cp1258("Kế hoạch số 5/KH-UBND của Ủy ban nhân dân tỉnh"))
    err = _raises("bad_encoding", read_source, p)
    assert "cu.txt" in err.detail and "UTF-8" in err.detail


def test_binary_is_bad_encoding(tmp_path):
    p = tmp_path / "bin.txt"
    p.write_bytes(bytes(range(256)) * 4)
    err = _raises("bad_encoding", read_source, p)
    assert "bin.txt" in err.detail


def test_nul_in_valid_utf8_is_bad_encoding(tmp_path):
    p = tmp_path / "nul.txt"
    p.write_bytes(b"a\x00b\x00c")
    _raises("bad_encoding", read_source, p)


def test_empty_and_blank(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    (tmp_path / "w.txt").write_bytes(b" \n\t\n")
    assert "e.txt" in _raises("empty_file", read_source, tmp_path / "e.txt").detail
    _raises("empty_file", read_source, tmp_path / "w.txt")


def test_unknown_extension_missing_dir_too_large(tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"abc")
    _raises("unsupported_type", read_source, tmp_path / "x.xlsx")
    _raises("unsupported_type", read_source, tmp_path / "sheet.xls")
    _raises("unreadable", read_source, tmp_path / "old.doc")     # (.doc is read now: this one is missing)
    _raises("unreadable", read_source, tmp_path / "missing.txt")
    (tmp_path / "d.txt").mkdir()
    _raises("unreadable", read_source, tmp_path / "d.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    err = _raises("too_large", read_source, big, max_bytes=1000)
    assert "2000" in err.detail
    assert read_source(big, max_bytes=5000).text == "a" * 2000


def _fifo_fed(path: Path, data: bytes) -> threading.Thread:
    """A named pipe at ``path`` that a thread fills with ``data``: its stat says 0 bytes, like a file
    that grew after the stat."""
    os.mkfifo(path)

    def feed():
        with open(path, "wb") as fh:
            fh.write(data)

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    return t


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_file_longer_than_its_stat_is_read_whole_and_still_limited(tmp_path):
    # the read buffer is sized by the stat; what comes after it must still be read, and counted
    t = _fifo_fed(tmp_path / "grows.txt", "Kế hoạch ".encode() * 300)
    assert read_source(tmp_path / "grows.txt", max_bytes=10_000).text == "Kế hoạch " * 300
    t.join(5)
    t = _fifo_fed(tmp_path / "over.txt", b"a" * 3000)
    _raises("too_large", read_source, tmp_path / "over.txt", max_bytes=1000)
    t.join(5)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files regardless of permissions")
def test_permission_denied(tmp_path):
    p = tmp_path / "locked.txt"
    p.write_text("x")
    p.chmod(0)
    try:
        _raises("unreadable", read_source, p)
    finally:
        p.chmod(0o644)


def test_read_bytes_uses_name_only_for_extension(tmp_path):
    s = read_bytes(VI.encode("utf-8"), "../../etc/passwd.txt")
    assert s.text == VI and s.name == "passwd.txt"
    _raises("unsupported_type", read_bytes, b"abc", "upload.exe")
    _raises("empty_file", read_bytes, b"", "x.txt")
    _raises("too_large", read_bytes, b"a" * 100, "x.txt", max_bytes=10)
    err = _raises("bad_encoding", read_bytes, _cp1258("Tỉnh ủy"), "c/d/legacy.txt")
    assert "legacy.txt" in err.detail


def _make_docx(path: Path) -> None:
    import docx
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Trước bảng: Kế hoạch số 11/KH-UBND ngày 02/01/2025 của UBND huyện")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "Nhiệm vụ"
    t.cell(0, 1).text = "Căn cứ"
    t.cell(1, 0).text = "Rà soát"
    t.cell(1, 1).text = "Quyết định số 44/QĐ-UBND ngày 09/4/2024"
    d.add_paragraph("Sau bảng: Công văn số 9/UBND-VP")
    d.save(str(path))


def test_docx_body_order_with_table(tmp_path):
    p = tmp_path / "plan.docx"
    _make_docx(p)
    s = read_source(p)
    assert s.format == "docx"
    i_before, i_table, i_after = (s.text.index("Trước bảng"), s.text.index("44/QĐ-UBND"), s.text.index("Sau bảng"))
    assert i_before < i_table < i_after
    assert "Rà soát | Quyết định số 44/QĐ-UBND" in s.text


def test_corrupt_docx(tmp_path):
    p = tmp_path / "bad.docx"
    p.write_bytes(b"PK\x03\x04 not really a zip")
    err = _raises("unreadable", read_source, p)
    assert "bad.docx" in err.detail


def _font() -> Path:
    if not FONT.is_file():
        pytest.skip("DejaVuSans.ttf not installed")
    return FONT


def test_pdf_with_text(tmp_path):
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dv", "", str(_font()))
    pdf.set_font("dv", size=11)
    pdf.multi_cell(0, 8, "KẾ HOẠCH\nThực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ")
    p = tmp_path / "t.pdf"
    pdf.output(str(p))
    s = read_source(p)
    assert s.format == "pdf"
    assert "33/CT-TTg" in s.text and "Thủ tướng" in s.text


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")   # a "scan": graphics, no text
    p = tmp_path / "scan.pdf"
    pdf.output(str(p))
    err = _raises("scanned_pdf", read_source, p)
    # with OCR installed it found no text; without, the message names what to install
    assert "scan.pdf" in err.detail and ("OCR found no text" in err.detail or "OCR needs" in err.detail)


def test_corrupt_pdf(tmp_path):
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.4 garbage")
    _raises("unreadable", read_source, p)


def test_docx_automatic_numbering_is_rendered(tmp_path):
    import docx
    d = docx.Document()
    d.add_paragraph("TỔ CHỨC THỰC HIỆN")
    d.add_paragraph("Phòng Nội vụ: theo dõi, báo cáo.", style="List Number")
    d.add_paragraph("Phòng Tư pháp: phối hợp.", style="List Number")
    d.add_paragraph("ghi chú", style="List Bullet")
    p = tmp_path / "numbered.docx"
    d.save(str(p))
    text = read_source(p).text
    assert "1. Phòng Nội vụ" in text and "2. Phòng Tư pháp" in text and "- ghi chú" in text
