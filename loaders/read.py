"""Before the pipeline: turn a file (or uploaded bytes) into text.

``read_source(path)`` and ``read_bytes(data, name)`` return a :class:`SourceText`
or raise :class:`~vanban.models.UnreadableFile` with a stable ``code``:

================== ==========================================================
code               meaning
================== ==========================================================
empty_file         zero bytes, or no text (also: OCR found no text in an image)
bad_encoding       text file that is neither UTF-8 (with/without BOM), UTF-16/32 with a BOM,
                   nor 8-bit text in a legacy Vietnamese font (TCVN3, VNI)
scanned_pdf        a PDF without a text layer where OCR is not installed or found no text
missing_dependency a reader needs a program or package that is not installed (named in the message)
unsupported_type   an extension we do not read (.xlsx, ...)
too_large          bigger than ``max_bytes`` (default 20 MB), or expands past ``max_expanded``
                   (zip members, images, PDF pages) or ``max_text`` characters
unreadable         missing, no permission, corrupt container, password-protected PDF
================== ==========================================================

Formats: .txt/.md (UTF-8 ± BOM, UTF-16/32 with BOM, TCVN3/VNI 8-bit), .docx, .doc (LibreOffice or
antiword), .pdf (text layer, else OCR), .png/.jpg/.tif (OCR), .html/.htm (saved web pages).
Every reader converts text typed in a legacy font (TCVN3/ABC, VNI) to Unicode (``legacy.py``).
The container is told by its bytes, not its name: an old Word file renamed .docx is read as .doc.
"""
from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import logging
import os
import re
import shutil
import stat
import subprocess
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from vanban.models import UnreadableFile

from . import legacy

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# What a file may expand to once read: the members of a .docx zip together, the pixels of the
# pages OCR renders; and the characters of text a file may give. A 1.6 MB .docx whose
# document.xml inflates to 1.1 GB stops at DEFAULT_MAX_EXPANDED, read in chunks, whatever the
# zip's header claims.
DEFAULT_MAX_EXPANDED = 64 * 1024 * 1024
DEFAULT_MAX_TEXT = 10_000_000          # characters; a long plan has 50,000
TEXT_EXTS = {".txt", ".md", ".markdown", ".text"}
IMAGE_EXTS = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
HTML_EXTS = {".html", ".htm"}
SUPPORTED = TEXT_EXTS | {".docx", ".doc", ".pdf"} | IMAGE_EXTS | HTML_EXTS
_EXPECTED = ".txt, .md, .docx, .doc, .pdf, .html, .png, .jpg or .tif"

PageProgress = Callable[[int, int], None]   # (pages done, pages in the file), called during OCR


@dataclass
class SourceText:
    """What a reader gives: the text, the bytes' SHA-256, the format, the encoding or legacy font, notes, OCR facts.

    >>> src = read_bytes("Kế hoạch số 12/KH-UBND".encode("utf-16"), "kh.txt")
    >>> (src.format, src.encoding, src.text)
    ('txt', 'utf-16', 'Kế hoạch số 12/KH-UBND')
    """
    text: str
    sha256: str
    format: str          # "txt" | "md" | "docx" | "doc" | "pdf" | "html" | "image"
    name: str = ""
    encoding: str | None = None
    legacy_font: str | None = None   # "tcvn3" | "vni" when (some of) the text was typed in one
    ocr: dict | None = None          # {"pages", "mean_confidence", "low_confidence_spans"} when OCR read it
    notes: list[str] = field(default_factory=list)   # what the reader did that a user may want to know


@dataclass
class Limits:
    """Size limits of one read: zip members inflated and pixels rendered (``max_expanded``), characters of text.

    >>> Limits().max_text
    10000000
    """
    max_bytes: int = DEFAULT_MAX_BYTES
    max_expanded: int = DEFAULT_MAX_EXPANDED
    max_text: int = DEFAULT_MAX_TEXT


def _err(code: str, name: str, detail: str, vi: str) -> UnreadableFile:
    return UnreadableFile(f"{name}: {detail}", message_vi=f"{name}: {vi}", code=code)


def _too_large(name: str, what: str, limit: int, vi: str) -> UnreadableFile:
    return _err("too_large", name, f"{what}, over the limit of {limit}", f"{vi} (giới hạn {limit})")


def _unsupported(name: str, ext: str) -> UnreadableFile:
    return _err("unsupported_type", name, f"unsupported file type {ext or '(no extension)'!r}; expected {_EXPECTED}",
                f"không hỗ trợ loại tệp {ext or '(không có phần mở rộng)'}")


def read_source(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES,
                max_expanded: int = DEFAULT_MAX_EXPANDED, max_text: int = DEFAULT_MAX_TEXT,
                on_page: PageProgress | None = None) -> SourceText:
    """Read a plan file from disk (see the module's docstring for the formats).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kh.md"; _ = p.write_bytes("\\ufeff# KẾ HOẠCH".encode("utf-8"))
    >>> src = read_source(p)
    >>> src.format, src.encoding, src.text
    ('md', 'utf-8-sig', '# KẾ HOẠCH')
    """
    p = Path(path)
    name = str(path)
    ext = p.suffix.lower()
    if ext not in SUPPORTED:
        raise _unsupported(name, ext)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise _err("unreadable", name, "file not found", "không tìm thấy tệp") from None
    except OSError as exc:
        raise _err(
            "unreadable", name, f"cannot access file ({exc.strerror or exc})", "không truy cập được tệp"
        ) from None
    if stat.S_ISDIR(st.st_mode):   # (the stat above already followed links, as is_dir() would)
        raise _err("unreadable", name, "is a directory, not a file", "là thư mục, không phải tệp")
    if st.st_size > max_bytes:
        raise _err("too_large", name, f"file is {st.st_size} bytes, over the limit of {max_bytes} bytes",
                   f"tệp quá lớn ({st.st_size} byte, giới hạn {max_bytes} byte)")
    try:
        with open(p, "rb", buffering=0) as fh:   # (unbuffered: one read of the whole file)
            # a buffer of the stat's size, not of the limit's: a read allocates its whole size first,
            # and 20 MB for a 10 kB plan costs more than reading it; a file that grew since the stat
            # is read on, up to just over the limit
            data = fh.read(min(st.st_size, max_bytes) + 1)
            if len(data) > st.st_size:
                data += fh.read(max_bytes + 1 - len(data))
    except PermissionError:
        raise _err("unreadable", name, "permission denied", "không có quyền đọc tệp") from None
    except OSError as exc:
        raise _err("unreadable", name, f"cannot read file ({exc.strerror or exc})", "không đọc được tệp") from None
    if len(data) > max_bytes:
        raise _err("too_large", name, f"file is over the limit of {max_bytes} bytes",
                   f"tệp quá lớn (giới hạn {max_bytes} byte)")
    return _decode(data, ext, name, Limits(max_bytes, max_expanded, max_text), on_page)


def read_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
               max_expanded: int = DEFAULT_MAX_EXPANDED, max_text: int = DEFAULT_MAX_TEXT,
               on_page: PageProgress | None = None) -> SourceText:
    """Decode uploaded bytes. ``name`` only gives the extension and the name in messages.

    >>> read_bytes(b"Ke hoach", "kh.txt").text
    'Ke hoach'
    >>> try:
    ...     read_bytes(b"", "kh.txt")
    ... except Exception as exc:
    ...     print(exc.code)
    ...
    empty_file
    """
    base = os.path.basename(str(name or "upload").replace("\\", "/")) or "upload"
    ext = os.path.splitext(base)[1].lower()
    if ext not in SUPPORTED:
        raise _unsupported(base, ext)
    if len(data) > max_bytes:
        raise _err("too_large", base, f"upload is {len(data)} bytes, over the limit of {max_bytes} bytes",
                   f"tệp quá lớn ({len(data)} byte, giới hạn {max_bytes} byte)")
    return _decode(bytes(data), ext, base, Limits(max_bytes, max_expanded, max_text), on_page)


# The container a file's first bytes announce, whatever its name says.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"    # Word 97-2003 (.doc), also .xls/.ppt
_ZIP = b"PK\x03\x04"


def sniff(data: bytes) -> str | None:
    """'doc', 'docx', 'pdf', 'rtf', 'html', 'png', 'jpg', 'tif' from the file's first bytes, or None.

    >>> sniff(b"PK\\x03\\x04...."), sniff(b"%PDF-1.7"), sniff(bytes.fromhex("d0cf11e0a1b11ae1")), sniff(b"plain")
    ('docx', 'pdf', 'doc', None)
    """
    if data.startswith(_OLE):
        return "doc"
    if data.startswith(_ZIP):
        return "docx"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tif"
    return None


def _decode(data: bytes, ext: str, name: str, limits: Limits, on_page: PageProgress | None = None) -> SourceText:
    if not data:
        raise _err("empty_file", name, "file is empty (0 bytes)", "tệp rỗng")
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff(data)
    src = SourceText(text="", sha256=sha, format="", name=name)
    # (a plain text file is decoded by Python itself: no library to quiet, and quieting costs a
    # tenth of a small plan's extraction, as each logger's level change clears every logger's cache)
    with contextlib.nullcontext() if ext in TEXT_EXTS else quiet_libraries():
        text = _container_text(data, ext, kind, name, limits, src, on_page)
    if len(text) > limits.max_text:
        raise _too_large(name, f"gives {len(text)} characters of text", limits.max_text, "văn bản quá dài")
    if src.legacy_font is None and src.ocr is None:   # (a docx's fonts or OCR already decided)
        text, src.legacy_font = legacy.fix_text(text)
    if not text or text.isspace():   # (as "not text.strip()", without copying the text)
        raise _err("empty_file", name, "file contains no text", "tệp không có nội dung")
    src.text = text
    return src


def _container_text(data: bytes, ext: str, kind: str | None, name: str, limits: Limits, src: SourceText,
                    on_page: PageProgress | None) -> str:
    """The text of ``data`` by its container (told by its bytes, ``kind``, over its extension); sets
    ``src.format`` (and encoding, legacy font, notes)."""
    if ext in TEXT_EXTS:
        text, enc = decode_text(data, name)
        src.format, src.encoding = ("md" if ext in (".md", ".markdown") else "txt"), enc
        if enc in ("tcvn3", "vni"):
            src.encoding, src.legacy_font = "cp1252", enc
    elif ext in (".docx", ".doc") and kind == "doc" or ext == ".doc" and kind == "rtf":
        if ext == ".docx":
            src.notes.append("old Word .doc file named .docx: read as .doc")
        text, src.format = _doc_text(data, name, limits, src), "doc"
    elif ext in (".docx", ".doc") and kind == "docx":
        if ext == ".doc":
            src.notes.append(".docx file named .doc: read as .docx")
        text, src.format = _docx_text(data, name, limits, src), "docx"
    elif ext in (".docx", ".doc"):
        raise _err(
            "unreadable",
            name,
            f"not a Word file (neither a .docx zip nor an old Word .doc){_looks_like(kind)}",
            "tệp Word bị hỏng hoặc không hợp lệ",
        )
    elif ext == ".pdf":
        text, src.format = _pdf_text(data, name, limits, src, on_page), "pdf"
    elif ext in HTML_EXTS:
        from .html import html_text
        text, src.format = html_text(data, name, max_text=limits.max_text), "html"
    else:
        from . import ocr
        text, src.format = ocr.image_text(data, name, src, limits.max_expanded, on_page), "image"
    return text


def _looks_like(kind: str | None) -> str:
    return f"; it looks like a {kind.upper()} file" if kind else ""


# --- library noise ----------------------------------------------------------------------------
_QUIET_LOGGERS = ("pypdf", "PIL", "pypdfium2", "docx", "pytesseract")
_quiet_lock = threading.Lock()
_quiet_depth = 0
_quiet_saved: dict[str, int] = {}


@contextlib.contextmanager
def quiet_libraries():
    """Keep the readers' libraries from writing to stderr or the server log while a file is read
    (pypdf's "EOF marker not found", Pillow's decompression warnings): a bad file gets our error,
    with the library's words in its detail, and nothing else.

    >>> import logging
    >>> with quiet_libraries():
    ...     logging.getLogger("pypdf").warning("EOF marker not found")
    ...
    """
    global _quiet_depth
    with _quiet_lock:
        if _quiet_depth == 0:
            for lg in _QUIET_LOGGERS:   # (a level, unlike `disabled`, holds for the child loggers too)
                logger = logging.getLogger(lg)
                _quiet_saved[lg] = logger.level
                logger.setLevel(logging.CRITICAL + 1)
        _quiet_depth += 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                for lg, was in _quiet_saved.items():
                    logging.getLogger(lg).setLevel(was)


_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


def decode_text(data: bytes, name: str = "text") -> tuple[str, str]:
    """UTF-8 (BOM optional), UTF-16/32 with a BOM, or 8-bit text typed in a legacy Vietnamese font
    (returned converted, with the encoding 'tcvn3' or 'vni'); anything else is ``bad_encoding``.

    >>> decode_text("Kế hoạch".encode("utf-8-sig")), decode_text("Kế hoạch".encode("utf-16"))
    (('Kế hoạch', 'utf-8-sig'), ('Kế hoạch', 'utf-16'))
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise _err(
                    "bad_encoding",
                    name,
                    f"has a {enc} byte-order mark but invalid {enc} data at byte {exc.start}",
                    f"mã hóa {enc} không hợp lệ",
                ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" not in data[:4096]:
            converted = legacy.decode_legacy_bytes(data)
            if converted is not None:
                return converted
        problem = _guess_problem(data, exc.start)
        raise _err(
            "bad_encoding",
            name,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); {problem}",
            "tệp không phải UTF-8; hãy lưu lại với mã hóa UTF-8",
        ) from None
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
    return "looks like an 8-bit encoding (cp1258/latin-1) that is neither TCVN3 nor VNI; save it as UTF-8"


# --- zip containers ---------------------------------------------------------------------------
def check_zip(data: bytes, name: str, max_expanded: int) -> None:
    """Refuse a zip whose members inflate past ``max_expanded`` bytes together. Each member is
    inflated in chunks and counted, never trusted from its header
    a header that admits to more
    than the limit is refused before any inflating.

    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("word/document.xml", "0" * 100_000)
    ...
    >>> try:
    ...     check_zip(buf.getvalue(), "kh.docx", max_expanded=10_000)
    ... except Exception as exc:
    ...     print(exc.code)
    ...
    too_large
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _err("unreadable", name, f"not a valid .docx file (BadZipFile: {exc})",
                   "tệp .docx bị hỏng hoặc không hợp lệ") from None
    total = 0
    with zf:
        infos = zf.infolist()
        if sum(i.file_size for i in infos) > max_expanded:
            raise _too_large(name, f"its zip members expand to {sum(i.file_size for i in infos)} bytes",
                             max_expanded, "tệp nén giải ra quá lớn")
        for info in infos:
            try:
                with zf.open(info) as member:
                    while chunk := member.read(1 << 20):
                        total += len(chunk)
                        if total > max_expanded:
                            raise _too_large(name, f"its zip members expand to more than {max_expanded} bytes",
                                             max_expanded, "tệp nén giải ra quá lớn")
            except UnreadableFile:
                raise
            except Exception as exc:  # noqa: BLE001 - zlib.error, BadZipFile (CRC), NotImplementedError (method)...
                raise _err("unreadable", name, f"not a valid .docx file ({type(exc).__name__}: {exc})",
                           "tệp .docx bị hỏng hoặc không hợp lệ") from None


# --- .docx -------------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes, name: str, limits: Limits | None = None, src: SourceText | None = None) -> str:
    limits = limits or Limits()
    check_zip(data, name, limits.max_expanded)
    try:
        import docx  # python-docx
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - zipfile.BadZipFile, KeyError, lxml errors...
        raise _err("unreadable", name, f"not a valid .docx file ({type(exc).__name__}: {exc})",
                   "tệp .docx bị hỏng hoặc không hợp lệ") from None
    out: list[str] = []
    try:
        numbering = _Numbering(doc)
    except Exception:  # noqa: BLE001 - a damaged numbering part must not lose the text
        numbering = None
    fonts = _Fonts(doc) if _any_legacy_font(doc) else None   # (most files: no per-run work)
    _docx_block(doc.element.body, out, numbering, fonts)
    if src is not None and fonts is not None and fonts.used:
        src.legacy_font = min(fonts.used)
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
                    self.style_num[st.get(_W + "styleId")] = (
                        nid.get(_W + "val"),
                        int(il.get(_W + "val")) if il is not None else 0,
                    )

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
        _start, fmt, text = lv[ilvl]
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


class _Fonts:
    """The font of each run, as Word resolves it (run, then character style, then paragraph style
    with its basedOn chain, then the document default), to convert runs typed in legacy fonts."""

    def __init__(self, doc):
        self.used: set[str] = set()
        self.style_font: dict[str, str | None] = {}
        default = None
        try:
            styles = doc.styles.element
        except Exception:  # noqa: BLE001 - no styles part: only run fonts count
            self.default, self.based, self.own = None, {}, {}
            return
        dd = styles.find(_W + "docDefaults")
        if dd is not None:
            default = _rfonts(dd.find(f"{_W}rPrDefault/{_W}rPr"))
        self.default = default
        self.based: dict[str, str] = {}
        self.own: dict[str, str | None] = {}
        for st in styles.iterchildren(_W + "style"):
            sid = st.get(_W + "styleId")
            b = st.find(_W + "basedOn")
            if b is not None:
                self.based[sid] = b.get(_W + "val")
            self.own[sid] = _rfonts(st.find(_W + "rPr"))

    def of_style(self, sid: str | None) -> str | None:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            f = self.own.get(sid)
            if f:
                return f
            sid = self.based.get(sid)
        return None

    def of_run(self, r, para_style: str | None) -> str | None:
        rpr = r.find(_W + "rPr")
        if rpr is not None:
            f = _rfonts(rpr)
            if f:
                return f
            rs = rpr.find(_W + "rStyle")
            if rs is not None:
                f = self.of_style(rs.get(_W + "val"))
                if f:
                    return f
        return self.of_style(para_style) or self.default


def _any_legacy_font(doc) -> bool:
    """Does any run, style or default name a TCVN3/VNI font?"""
    roots = [doc.element.body]
    with contextlib.suppress(Exception):   # (no styles part)
        roots.append(doc.styles.element)
    for root in roots:
        for rf in root.iter(_W + "rFonts"):
            for attr in ("ascii", "hAnsi"):
                if legacy.font_encoding(rf.get(_W + attr))[0]:
                    return True
    return False


def _rfonts(rpr) -> str | None:
    if rpr is None:
        return None
    rf = rpr.find(_W + "rFonts")
    if rf is None:
        return None
    return rf.get(_W + "ascii") or rf.get(_W + "hAnsi")


def _para_text(p, fonts: _Fonts | None = None) -> str:
    if fonts is None:
        return _plain_text(p)
    ppr = p.find(_W + "pPr")
    ps = ppr.find(_W + "pStyle") if ppr is not None else None
    para_style = ps.get(_W + "val") if ps is not None else None
    parts: list[str] = []
    for r in p.iter(_W + "r"):
        enc, capitals = legacy.font_encoding(fonts.of_run(r, para_style))
        text = _plain_text(r, enc is not None)
        if not text:
            continue
        if enc:
            fonts.used.add(enc)
            text = legacy.to_unicode(text, enc, capitals=capitals)
        parts.append(text)
    return "".join(parts)


def _plain_text(el, legacy_font: bool = False) -> str:
    parts: list[str] = []
    for e in el.iter():
        tag = e.tag
        if tag == _W + "t":
            parts.append(e.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "softHyphen" and legacy_font:
            parts.append("\u00ad")   # TCVN3's code for "ư" (0xAD), which converters save as a soft hyphen
    return "".join(parts)


def _docx_block(parent, out: list[str], numbering: _Numbering | None = None, fonts: _Fonts | None = None) -> None:
    """Paragraphs and tables in body order; a table row becomes one line, cells split by ' | '."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _W + "p":
            text = _para_text(child, fonts)
            lab = numbering.label(child) if numbering is not None else ""
            out.append(f"{lab} {text}" if lab and text.strip() else text)
        elif tag == _W + "tbl":
            for tr in child.iterchildren(_W + "tr"):
                cells: list[str] = []
                for tc in tr.iterchildren(_W + "tc"):
                    inner: list[str] = []
                    _docx_block(tc, inner, numbering, fonts)
                    cell = "\n".join(s for s in inner if s.strip())
                    if cell:
                        cells.append(cell)
                if cells:
                    out.append("\n".join(cells) if any("\n" in c for c in cells) else " | ".join(cells))
        elif tag == _W + "sdt":  # content controls wrap paragraphs/tables
            content = child.find(_W + "sdtContent")
            if content is not None:
                _docx_block(content, out, numbering, fonts)


# --- .pdf --------------------------------------------------------------------------------
def _pdf_text(data: bytes, name: str, limits: Limits | None = None, src: SourceText | None = None,
              on_page: PageProgress | None = None) -> str:
    limits = limits or Limits()
    try:
        from pypdf import PdfReader
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))   # (an empty user password opens many "protected" PDFs)
            except Exception:  # noqa: BLE001 - any failure to decrypt is "protected"
                opened = False
            if not opened:
                raise _err("unreadable", name, "PDF is password-protected", "tệp PDF có mật khẩu")
        pages: list[str] = []
        total = 0
        for pg in reader.pages:
            page_text = pg.extract_text() or ""
            total += len(page_text)
            if total > limits.max_text:
                raise _too_large(name, f"its text layer holds more than {limits.max_text} characters",
                                 limits.max_text, "văn bản quá dài")
            pages.append(page_text)
    except UnreadableFile:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise _err("unreadable", name, f"not a valid PDF ({type(exc).__name__}: {exc})",
                   "tệp PDF bị hỏng hoặc không hợp lệ") from None
    text = "\n\n".join(pages)
    if text.strip():
        return text
    from . import ocr  # a scan: no text layer
    missing = ocr.missing()
    if missing:
        raise _err("scanned_pdf", name, f"scanned document without a text layer ({len(pages)} page(s)); "
                   f"OCR needs {missing}", f"văn bản scan, cần nhận dạng ký tự (OCR): hãy cài {missing}")
    return ocr.pdf_text(data, name, src, limits.max_expanded, on_page)


# --- .doc (Word 97-2003) ------------------------------------------------------------------
_lo_lock = threading.Lock()
DOC_TIMEOUT = 120    # seconds for one conversion


def _doc_text(data: bytes, name: str, limits: Limits, src: SourceText | None = None) -> str:
    """Old Word files. antiword first: it keeps body order and tables and takes milliseconds. A text
    typed in a legacy font goes through LibreOffice instead, converted to .docx and read as one: only
    it keeps each run's font (".VnTimeH" draws capitals from small letters' codes, which plain text
    loses). LibreOffice also reads what antiword cannot (Word 6/95, RTF saved as .doc)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    antiword = shutil.which("antiword")
    if not soffice and not antiword:
        raise _err("missing_dependency", name, "reading old Word .doc files needs antiword (apt-get install antiword) "
                   "or LibreOffice (apt-get install libreoffice-writer-nogui)",
                   "cần cài antiword hoặc LibreOffice (libreoffice-writer-nogui) để đọc tệp Word .doc")
    with tempfile.TemporaryDirectory(prefix="vanban-doc-") as tmp:
        doc_path = Path(tmp) / "in.doc"
        doc_path.write_bytes(data)
        failure = None
        if antiword:
            try:
                text = _antiword(antiword, doc_path, name, limits)
            except UnreadableFile as exc:
                if exc.code == "too_large" or not soffice:
                    raise
                failure = exc
            else:
                if not soffice or legacy.detect(text) == "unicode":
                    return text
        try:
            out = _soffice_to_docx(soffice, doc_path, name, limits)
        except UnreadableFile:
            if failure is not None:
                raise failure from None
            raise
        return _docx_text(out, name, limits, src)


_lo_profile_dir: Path | None = None


def _lo_profile() -> Path:
    """This process's own LibreOffice profile: a user's running LibreOffice, or a conversion in another
    worker, would hold the default one locked. Made by the first conversion (the slow part of it),
    reused by the next ones, removed at exit."""
    global _lo_profile_dir
    if _lo_profile_dir is None or os.getpid() != int(_lo_profile_dir.name.rsplit("-", 1)[1]):
        _lo_profile_dir = Path(tempfile.mkdtemp(prefix="vanban-lo-")) / f"profile-{os.getpid()}"
        atexit.register(shutil.rmtree, _lo_profile_dir.parent, True)
    return _lo_profile_dir


def _soffice_to_docx(soffice: str, doc_path: Path, name: str, limits: Limits) -> bytes:
    out_dir = doc_path.parent / "out"
    profile = _lo_profile().as_uri()
    cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "docx",
           "--outdir", str(out_dir), str(doc_path)]
    with _lo_lock:
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=DOC_TIMEOUT, stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise _err("unreadable", name, f"LibreOffice did not convert the .doc file in {DOC_TIMEOUT} s",
                       "không chuyển đổi được tệp Word .doc") from None
    result = out_dir / "in.docx"
    if proc.returncode != 0 or not result.is_file():
        why = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
        raise _err("unreadable", name, "not a readable Word .doc file (LibreOffice: "
                   f"{why[-1] if why else 'no output'})", "tệp Word .doc bị hỏng hoặc không hợp lệ")
    if result.stat().st_size > limits.max_expanded:
        raise _too_large(name, f"converts to {result.stat().st_size} bytes of .docx", limits.max_expanded,
                         "tệp Word .doc quá lớn")
    return result.read_bytes()


def _antiword(antiword: str, doc_path: Path, name: str, limits: Limits) -> str:
    try:
        proc = subprocess.run([antiword, "-m", "UTF-8.txt", "-w", "0", str(doc_path)], capture_output=True,
                              timeout=DOC_TIMEOUT, stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        raise _err("unreadable", name, f"antiword did not read the .doc file in {DOC_TIMEOUT} s",
                   "không đọc được tệp Word .doc") from None
    if proc.returncode != 0:
        why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _err("unreadable", name, f"not a readable Word .doc file (antiword: {why[-1] if why else 'failed'})",
                   "tệp Word .doc bị hỏng hoặc không hợp lệ")
    if len(proc.stdout) > 4 * limits.max_text:
        raise _too_large(name, "gives too much text", limits.max_text, "văn bản quá dài")
    text = proc.stdout.decode("utf-8", "replace")
    return _ANTIWORD_ROW.sub(_table_row, text)


# antiword draws a table row as "|cell   |cell   |": one line "cell | cell", as the .docx reader gives
_ANTIWORD_ROW = re.compile(r"^\|(.*)\|[ \t]*$", re.MULTILINE)


def _table_row(m: re.Match) -> str:
    return " | ".join(c.strip() for c in m.group(1).split("|") if c.strip())


# --- what the reader tells the record ---------------------------------------------------------
def with_source(rec, src: SourceText):
    """The record again, a new value with what the reader knows: the bytes' sha256, the format, the legacy
    font, and for OCR the pages and mean confidence, with every citation a low-confidence word touches
    marked. ``rec`` is left as it is.

    >>> from vanban.loaders.pipeline import extract_text
    >>> src = read_bytes("KẾ HOẠCH".encode("utf-16"), "kh.txt")
    >>> rec = with_source(extract_text(src.text), src)
    >>> rec.source_format, rec.legacy_font, len(rec.sha256)
    ('txt', None, 64)
    """
    out = replace(rec, sha256=src.sha256, source_format=src.format, legacy_font=src.legacy_font)
    if src.ocr is None:
        return out
    out = replace(out, ocr={"pages": src.ocr["pages"], "mean_confidence": src.ocr["mean_confidence"]})
    low = sorted(src.ocr.get("low_confidence_spans") or [])
    if not low:
        return out
    import bisect
    starts = [s for s, _ in low]

    def touched(c) -> bool:
        for s, e in c.spans:
            i = bisect.bisect_left(starts, e)   # low spans starting before this span ends
            if any(ls < e and le > s for ls, le in low[max(0, i - 8):i]):
                return True
        return False

    return replace(out, citations=[replace(c, low_confidence=True) if touched(c) else c for c in out.citations])
