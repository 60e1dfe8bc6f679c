"""Stage 1: turn a file (or uploaded bytes) into text.

``read_source(path)`` and ``read_bytes(data, name)`` return a :class:`SourceText`
or raise :class:`~vanban.models.UnreadableFile` with a stable ``code``:

============== ==============================================================
code           meaning
============== ==============================================================
empty_file     zero bytes, or nothing but whitespace after decoding
bad_encoding   text file that is neither UTF-8 (with/without BOM) nor UTF-16/32 with a BOM
scanned_pdf    a PDF without a text layer (needs OCR)
unsupported_type  an extension we do not read (.doc, .xlsx, ...)
too_large      bigger than ``max_bytes`` (default 20 MB)
unreadable     missing, no permission, corrupt container (.docx/.pdf)
============== ==============================================================
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from vanban.models import UnreadableFile

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_EXTS = {".txt", ".md", ".markdown", ".text"}
SUPPORTED = TEXT_EXTS | {".docx", ".pdf"}


@dataclass
class SourceText:
    text: str
    sha256: str
    format: str          # "txt" | "md" | "docx" | "pdf"
    name: str = ""
    encoding: str | None = None


def _err(code: str, name: str, detail: str, vi: str) -> UnreadableFile:
    return UnreadableFile(f"{name}: {detail}", message_vi=f"{name}: {vi}", code=code)


def read_source(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read a plan file from disk (.txt, .md, .docx, .pdf)."""
    p = Path(path)
    name = str(path)
    ext = p.suffix.lower()
    if ext not in SUPPORTED:
        raise _err("unsupported_type", name, f"unsupported file type {ext or '(no extension)'!r}; "
                   "expected .txt, .md, .docx or .pdf" + (" (save .doc as .docx)" if ext == ".doc" else ""),
                   f"không hỗ trợ loại tệp {ext or '(không có phần mở rộng)'}")
    try:
        st = p.stat()
    except FileNotFoundError:
        raise _err("unreadable", name, "file not found", "không tìm thấy tệp") from None
    except OSError as exc:
        raise _err("unreadable", name, f"cannot access file ({exc.strerror or exc})", "không truy cập được tệp") from None
    if stat.S_ISDIR(st.st_mode):   # (the stat above already followed links, as is_dir() would)
        raise _err("unreadable", name, "is a directory, not a file", "là thư mục, không phải tệp")
    if st.st_size > max_bytes:
        raise _err("too_large", name, f"file is {st.st_size} bytes, over the limit of {max_bytes} bytes",
                   f"tệp quá lớn ({st.st_size} byte, giới hạn {max_bytes} byte)")
    try:
        with open(p, "rb", buffering=0) as fh:   # (unbuffered: one read of the whole file)
            data = fh.readall()
    except PermissionError:
        raise _err("unreadable", name, "permission denied", "không có quyền đọc tệp") from None
    except OSError as exc:
        raise _err("unreadable", name, f"cannot read file ({exc.strerror or exc})", "không đọc được tệp") from None
    return _decode(data, ext, name, max_bytes)


def read_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Decode uploaded bytes. ``name`` only gives the extension and the name in messages."""
    base = os.path.basename(str(name or "upload").replace("\\", "/")) or "upload"
    ext = os.path.splitext(base)[1].lower()
    if ext not in SUPPORTED:
        raise _err("unsupported_type", base, f"unsupported file type {ext or '(no extension)'!r}; "
                   "expected .txt, .md, .docx or .pdf", f"không hỗ trợ loại tệp {ext or '(không có phần mở rộng)'}")
    if len(data) > max_bytes:
        raise _err("too_large", base, f"upload is {len(data)} bytes, over the limit of {max_bytes} bytes",
                   f"tệp quá lớn ({len(data)} byte, giới hạn {max_bytes} byte)")
    return _decode(bytes(data), ext, base, max_bytes)


def _decode(data: bytes, ext: str, name: str, max_bytes: int) -> SourceText:
    if not data:
        raise _err("empty_file", name, "file is empty (0 bytes)", "tệp rỗng")
    sha = hashlib.sha256(data).hexdigest()
    if ext in TEXT_EXTS:
        text, enc = decode_text(data, name)
        fmt = "md" if ext in (".md", ".markdown") else "txt"
    elif ext == ".docx":
        text, enc, fmt = _docx_text(data, name), None, "docx"
    else:
        text, enc, fmt = _pdf_text(data, name), None, "pdf"
    if not text or text.isspace():   # (as "not text.strip()", without copying the text)
        raise _err("empty_file", name, "file contains no text", "tệp không có nội dung")
    return SourceText(text=text, sha256=sha, format=fmt, name=name, encoding=enc)


_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


def decode_text(data: bytes, name: str = "text") -> tuple[str, str]:
    """UTF-8 (BOM optional) or UTF-16/32 with a BOM; anything else is ``bad_encoding``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise _err("bad_encoding", name, f"has a {enc} byte-order mark but invalid {enc} data at byte {exc.start}",
                           f"mã hóa {enc} không hợp lệ") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = _guess_problem(data, exc.start)
        raise _err("bad_encoding", name, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); {problem}",
                   "tệp không phải UTF-8; hãy lưu lại với mã hóa UTF-8") from None
    if "\x00" in text:
        raise _err("bad_encoding", name, "contains NUL bytes: binary data or UTF-16 without a byte-order mark",
                   "tệp nhị phân hoặc UTF-16 không có BOM")
    return text, "utf-8"


def _guess_problem(data: bytes, pos: int) -> str:
    sample = data[:4096]
    if b"\x00" in sample:
        return "looks like binary data or UTF-16 without a byte-order mark"
    if data[:4] == b"PK\x03\x04":
        return "looks like a zip container (.docx/.xlsx) with a text extension"
    if data[:5] == b"%PDF-":
        return "looks like a PDF with a text extension"
    ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if ctrl > len(sample) // 20:
        return "looks like binary data"
    return "looks like a legacy 8-bit encoding (TCVN3/VNI/cp1258/latin-1); save it as UTF-8"


# --- .docx -------------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes, name: str) -> str:
    try:
        import docx  # python-docx
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # zipfile.BadZipFile, KeyError, lxml errors...
        raise _err("unreadable", name, f"not a valid .docx file ({type(exc).__name__}: {exc})",
                   "tệp .docx bị hỏng hoặc không hợp lệ") from None
    out: list[str] = []
    try:
        numbering = _Numbering(doc)
    except Exception:  # a damaged numbering part must not lose the text
        numbering = None
    _docx_block(doc.element.body, out, numbering)
    return "\n\n".join(out)


def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, r in vals:
        while n >= v:
            out += r
            n -= v
    return out


def _letter(n: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26] * ((n - 1) // 26 + 1)


class _Numbering:
    """Render Word's automatic list numbers ("I.", "1.", "a)") that python-docx leaves out of the text:
    plans number their sections and the units of "Tổ chức thực hiện" this way."""

    def __init__(self, doc):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}   # numId -> ilvl -> (start, fmt, text)
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        part = doc.part.numbering_part
        root = part.element
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for an in root.iterchildren(_W + "abstractNum"):
            lv: dict[int, tuple[int, str, str]] = {}
            for lvl in an.iterchildren(_W + "lvl"):
                il = int(lvl.get(_W + "ilvl", "0"))
                start = lvl.find(_W + "start")
                fmt = lvl.find(_W + "numFmt")
                txt = lvl.find(_W + "lvlText")
                lv[il] = (int(start.get(_W + "val", "1")) if start is not None else 1,
                          fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
                          txt.get(_W + "val", "") if txt is not None else "")
            abstract[an.get(_W + "abstractNumId")] = lv
        for num in root.iterchildren(_W + "num"):
            a = num.find(_W + "abstractNumId")
            if a is not None:
                self.levels[num.get(_W + "numId")] = abstract.get(a.get(_W + "val"), {})
        for st in doc.styles.element.iterchildren(_W + "style"):
            ppr = st.find(_W + "pPr")
            npr = ppr.find(_W + "numPr") if ppr is not None else None
            if npr is not None:
                nid = npr.find(_W + "numId")
                il = npr.find(_W + "ilvl")
                if nid is not None:
                    self.style_num[st.get(_W + "styleId")] = (nid.get(_W + "val"), int(il.get(_W + "val")) if il is not None else 0)

    def label(self, p) -> str:
        ppr = p.find(_W + "pPr")
        if ppr is None:
            return ""
        npr = ppr.find(_W + "numPr")
        num_id, ilvl = None, 0
        if npr is not None:
            nid = npr.find(_W + "numId")
            il = npr.find(_W + "ilvl")
            num_id = nid.get(_W + "val") if nid is not None else None
            ilvl = int(il.get(_W + "val")) if il is not None else 0
        else:
            ps = ppr.find(_W + "pStyle")
            if ps is not None and ps.get(_W + "val") in self.style_num:
                num_id, ilvl = self.style_num[ps.get(_W + "val")]
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        lv = self.levels[num_id]
        if ilvl not in lv:
            return ""
        cnt = self.counters.setdefault(num_id, {})
        cnt[ilvl] = cnt.get(ilvl, lv[ilvl][0] - 1) + 1
        for deeper in [k for k in cnt if k > ilvl]:
            del cnt[deeper]
        start, fmt, text = lv[ilvl]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""

        def render(k: int) -> str:
            n = cnt.get(k, lv.get(k, (1, "decimal", ""))[0])
            f = lv.get(k, (1, "decimal", ""))[1]
            if f == "upperRoman":
                return _roman(n)
            if f == "lowerRoman":
                return _roman(n).lower()
            if f == "upperLetter":
                return _letter(n).upper()
            if f == "lowerLetter":
                return _letter(n)
            return str(n)

        return re.sub(r"%(\d)", lambda m: render(int(m.group(1)) - 1), text).strip()


def _para_text(p) -> str:
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == _W + "t":
            parts.append(el.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _docx_block(parent, out: list[str], numbering: "_Numbering | None" = None) -> None:
    """Paragraphs and tables in body order; a table row becomes one line, cells split by ' | '."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _W + "p":
            text = _para_text(child)
            lab = numbering.label(child) if numbering is not None else ""
            out.append(f"{lab} {text}" if lab and text.strip() else text)
        elif tag == _W + "tbl":
            for tr in child.iterchildren(_W + "tr"):
                cells: list[str] = []
                for tc in tr.iterchildren(_W + "tc"):
                    inner: list[str] = []
                    _docx_block(tc, inner, numbering)
                    cell = "\n".join(s for s in inner if s.strip())
                    if cell:
                        cells.append(cell)
                if cells:
                    out.append("\n".join(cells) if any("\n" in c for c in cells) else " | ".join(cells))
        elif tag == _W + "sdt":  # content controls wrap paragraphs/tables
            content = child.find(_W + "sdtContent")
            if content is not None:
                _docx_block(content, out, numbering)


# --- .pdf --------------------------------------------------------------------------------
def _pdf_text(data: bytes, name: str) -> str:
    try:
        from pypdf import PdfReader
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise _err("unreadable", name, "PDF is encrypted", "tệp PDF bị mã hóa") from None
        pages = [(pg.extract_text() or "") for pg in reader.pages]
    except UnreadableFile:
        raise
    except Exception as exc:
        raise _err("unreadable", name, f"not a valid PDF ({type(exc).__name__}: {exc})",
                   "tệp PDF bị hỏng hoặc không hợp lệ") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise _err("scanned_pdf", name, f"scanned document, needs OCR (no text layer in {len(pages)} page(s))",
                   "văn bản scan, cần nhận dạng ký tự (OCR)")
    return text
