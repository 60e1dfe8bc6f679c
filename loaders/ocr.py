"""OCR for scanned plans: PDFs without a text layer and images (.png, .jpg, .tif).

Tesseract with its Vietnamese model (Debian: tesseract-ocr, tesseract-ocr-vie) through pytesseract
(Apache-2.0), over pages rendered by pypdfium2 (Apache-2.0/BSD-3). Not ocrmypdf: it writes a new PDF
(we only need the text and word confidences), pulls in pikepdf/Ghostscript (AGPL) for some inputs,
and runs a pipeline per file that costs more than one Tesseract call per page.

Each page: the red channel only (a red stamp over the signature turns white, black text stays
black), deskewed by the projection-profile method (angles within ±5°), turned upright by Tesseract's
OSD when the text reads badly, then read word by word with confidences. The text is built from
the words (lines and paragraphs as Tesseract found them)
codes misread in the usual ways
(O/0, l/1/I, Ð/Đ, a space or a lost hyphen) are repaired only where the result is a valid code.
"""
from __future__ import annotations

import io
import os
import re
import shutil
from functools import cache

from vanban.models import UnreadableFile

DPI = 300
LANG = "vie"
MAX_PAGES = 200                 # a plan has 2-20 pages; OCR costs about a second a page
LOW_CONFIDENCE = 70             # a word Tesseract is less sure of than this (0-100) marks its citation

# Tesseract's OpenMP threads fight each other (and the other jobs) on a small machine.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _err(code: str, name: str, detail: str, vi: str) -> UnreadableFile:
    return UnreadableFile(f"{name}: {detail}", message_vi=f"{name}: {vi}", code=code)


@cache
def missing() -> str | None:
    """What OCR lacks on this machine, named so a user can install it; None when it is all there.

    >>> missing() is None or "tesseract" in missing().lower() or "pip install" in missing()
    True
    """
    lacks = []
    for module, pip_name in (("pytesseract", "pytesseract"), ("pypdfium2", "pypdfium2"), ("PIL", "Pillow")):
        try:
            __import__(module)
        except ImportError:
            lacks.append(pip_name)
    pip = f"the Python package(s) {', '.join(lacks)} (pip install 'vanban[ocr]')" if lacks else ""
    exe = shutil.which("tesseract")
    system = ""
    if not exe:
        system = "Tesseract (apt-get install tesseract-ocr tesseract-ocr-vie, or scripts/ensure-ocr)"
    elif not _has_language(exe, LANG):
        system = "Tesseract's Vietnamese model (apt-get install tesseract-ocr-vie, or scripts/ensure-ocr)"
    found = " and ".join(x for x in (pip, system) if x)
    return found or None


def _has_language(exe: str, lang: str) -> bool:
    import subprocess
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=30, check=False).stdout.decode(
            "utf-8", "replace"
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return lang in out.split()


def _require(name: str, code: str = "missing_dependency") -> None:
    lacks = missing()
    if lacks:
        raise _err(code, name, f"OCR needs {lacks}", f"cần cài {lacks} để nhận dạng ký tự (OCR)")


# --- inputs ----------------------------------------------------------------------------------
def pdf_text(data: bytes, name: str, src, max_pixels: int, on_page=None) -> str:
    """OCR every page of a PDF that has no text layer; ``src.ocr`` (when ``src`` is given) gets the pages
    read and their mean confidence, and ``on_page(done, total)`` is called after each page.

    >>> import io; from PIL import Image, ImageDraw, ImageFont
    >>> page = Image.new("RGB", (1200, 200), "white")
    >>> ImageDraw.Draw(page).text((40, 60), "Số: 12/KH-UBND", font=ImageFont.load_default(size=64), fill="black")
    >>> buf = io.BytesIO(); page.save(buf, "PDF", resolution=150)    # an image-only PDF, as a scanner makes
    >>> "12/KH-UBND" in pdf_text(buf.getvalue(), "scan.pdf", None, 10**8)
    True
    """
    _require(name, "scanned_pdf")
    import pypdfium2 as pdfium
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - pdfium.PdfiumError
        raise _err("unreadable", name, f"not a valid PDF ({exc})", "tệp PDF bị hỏng hoặc không hợp lệ") from None
    try:
        n = len(pdf)
        if n > MAX_PAGES:
            raise _err("too_large", name, f"scanned document of {n} pages, over the limit of {MAX_PAGES} pages for OCR",
                       f"văn bản scan quá dài ({n} trang, giới hạn {MAX_PAGES})")

        def pages():
            for i in range(n):
                page = pdf[i]
                w, h = page.get_size()   # points
                scale = DPI / 72
                if w * h * scale * scale > max_pixels:   # a huge page is rendered smaller, never bigger than allowed
                    scale = (max_pixels / (w * h)) ** 0.5
                yield page.render(scale=scale, grayscale=False).to_pil()
                page.close()

        text = _ocr_pages(pages(), n, name, src, on_page)
    finally:
        pdf.close()
    if not text.strip():
        raise _err("scanned_pdf", name, f"scanned document: OCR found no text in {n} page(s)",
                   "văn bản scan: không nhận dạng được chữ nào")
    return text


def image_text(data: bytes, name: str, src, max_pixels: int, on_page=None) -> str:
    """OCR an image (every frame of a multi-page TIFF); ``src`` and ``on_page`` as for :func:`pdf_text`.
    An image larger than ``max_pixels`` is refused before any OCR.

    >>> import io; from PIL import Image, ImageDraw, ImageFont
    >>> img = Image.new("L", (1200, 200), 255)
    >>> ImageDraw.Draw(img).text((40, 60), "Số: 12/KH-UBND", font=ImageFont.load_default(size=64), fill=0)
    >>> buf = io.BytesIO(); img.save(buf, "PNG")
    >>> "12/KH-UBND" in image_text(buf.getvalue(), "scan.png", None, 10**8)
    True
    >>> image_text(buf.getvalue(), "scan.png", None, 1000)
    Traceback (most recent call last):
    vanban.models.UnreadableFile: scan.png: image of 1200x200 pixels, over the limit of 1000 pixels
    """
    _require(name)
    from PIL import Image, ImageSequence
    Image.MAX_IMAGE_PIXELS = None    # (we check the size ourselves, against our own limit, below)
    try:
        img = Image.open(io.BytesIO(data))
        frames = getattr(img, "n_frames", 1)
        if img.width * img.height > max_pixels:
            raise _err(
                "too_large",
                name,
                f"image of {img.width}x{img.height} pixels, over the limit of {max_pixels} pixels",
                f"ảnh quá lớn (giới hạn {max_pixels} điểm ảnh)",
            )
        if frames > MAX_PAGES:
            raise _err("too_large", name, f"image of {frames} pages, over the limit of {MAX_PAGES}",
                       f"ảnh quá nhiều trang (giới hạn {MAX_PAGES})")

        def pages():
            for frame in ImageSequence.Iterator(img):
                frame.load()
                yield frame.copy()

        text = _ocr_pages(pages(), frames, name, src, on_page)
    except UnreadableFile:
        raise
    except Exception as exc:  # noqa: BLE001 - PIL.UnidentifiedImageError, OSError (truncated), ...
        raise _err("unreadable", name, f"not a readable image ({type(exc).__name__}: {exc})",
                   "tệp ảnh bị hỏng hoặc không đọc được") from None
    if not text.strip():
        raise _err("empty_file", name, "OCR found no text in the image", "không nhận dạng được chữ nào trong ảnh")
    return text


# --- one page --------------------------------------------------------------------------------
def prepare(img):
    """Grey page without red ink or specks: the red channel shows black text dark and a red stamp
    light, light greys become paper, and a 3x3 median takes out scanner specks (text strokes at
    300 dpi are thicker than that).

    >>> from PIL import Image
    >>> page = Image.new("RGB", (20, 20), "white"); page.putpixel((5, 5), (200, 30, 30))   # a red seal dot
    >>> grey = prepare(page); grey.mode, grey.getpixel((5, 5))
    ('L', 255)
    """
    from PIL import Image, ImageFilter
    if img.mode in ("1", "L", "I", "I;16", "F"):
        grey = img.convert("L")
    else:
        rgb = img.convert("RGB")
        if img.mode in ("RGBA", "LA", "P"):
            bg = Image.new("RGB", img.size, "white")   # transparency on white
            bg.paste(img.convert("RGBA"), mask=img.convert("RGBA").getchannel("A"))
            rgb = bg
        grey = rgb.getchannel("R")
    grey = grey.point(_PAPER)
    return grey.filter(ImageFilter.MedianFilter(3))


_PAPER = [v if v < 170 else 255 for v in range(256)]


def skew_angle(grey) -> float:
    """The small rotation that makes text lines horizontal: the angle whose row profile is sharpest
    (text rows dark, gaps white) on a downscaled, inverted page.

    >>> from PIL import Image, ImageDraw
    >>> page = Image.new("L", (600, 400), 255); draw = ImageDraw.Draw(page)
    >>> for y in range(40, 360, 30): draw.rectangle((50, y, 550, y + 8), fill=0)   # lines of "text"
    >>> skew_angle(page.rotate(-2, fillcolor=255, expand=False))   # turned 2° clockwise: turn it back
    2.0
    """
    from PIL import Image, ImageOps
    small = grey.copy()
    small.thumbnail((700, 700))
    ink = ImageOps.invert(small).point(lambda v: 255 if v > 90 else 0)

    def sharpness(angle: float) -> float:
        rot = ink.rotate(angle, resample=Image.NEAREST, expand=False, fillcolor=0)
        rows = rot.resize((1, rot.height), Image.BOX).tobytes()   # (mode L: one byte a row)
        mean = sum(rows) / len(rows)
        return sum((r - mean) ** 2 for r in rows)

    # whole degrees first, then quarter degrees around the best (19 rotations instead of 41)
    coarse = max(range(-5, 6), key=lambda a: (sharpness(a), -abs(a)))
    fine = [coarse + q / 4 for q in range(-3, 4) if abs(coarse + q / 4) <= 5]
    return max(fine, key=lambda a: (sharpness(a), -abs(a)))


def _deskew(grey):
    from PIL import Image
    angle = skew_angle(grey)
    if abs(angle) < 0.2:
        return grey
    return grey.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)


def _upright(grey):
    """Turn a page that lies on its side or upside down (Tesseract's OSD); unchanged when unsure."""
    import pytesseract
    try:
        osd = pytesseract.image_to_osd(grey, config="--psm 0", output_type=pytesseract.Output.DICT)
    except Exception:  # noqa: BLE001 - TesseractError: too few characters to tell
        return None
    rotate = int(osd.get("rotate", 0) or 0)
    if rotate and float(osd.get("orientation_conf", 0) or 0) > 1.0:
        return grey.rotate(-rotate, expand=True, fillcolor=255)
    return None


def _read_words(grey) -> list[tuple[tuple[int, int, int], str, float]]:
    import pytesseract
    d = pytesseract.image_to_data(grey, lang=LANG, config="--psm 3", output_type=pytesseract.Output.DICT)
    words = []
    for i, word in enumerate(d["text"]):
        conf = float(d["conf"][i])
        if conf < 0 or not word.strip():
            continue
        words.append(((d["block_num"][i], d["par_num"][i], d["line_num"][i]), word.strip(), conf))
    return words


def _mean(words) -> float:
    return sum(c for _, _, c in words) / len(words) if words else 0.0


def _ocr_pages(pages, total: int, name: str, src, on_page) -> str:
    out: list[str] = []
    low: list[tuple[int, int]] = []
    confs: list[float] = []
    pos = 0
    done = 0
    for img in pages:
        grey = _deskew(prepare(img))
        words = _read_words(grey)
        if len(words) < 5 or _mean(words) < 60:
            turned = _upright(grey)
            if turned is not None:
                again = _read_words(turned)
                if _mean(again) > _mean(words):
                    words = again
        page_text, page_low = _page_text(words)
        if out:
            out.append("\n\n")
            pos += 2
        out.append(page_text)
        low.extend((pos + s, pos + e) for s, e in page_low)
        pos += len(page_text)
        confs.extend(c for _, _, c in words)
        done += 1
        if on_page is not None:
            on_page(done, total)
    text, low = repair_codes("".join(out), low)
    if src is not None:
        src.ocr = {"pages": done, "mean_confidence": round(sum(confs) / len(confs), 1) if confs else 0.0,
                   "low_confidence_spans": low}
    return text


def _page_text(words) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    low: list[tuple[int, int]] = []
    pos = 0
    last = None
    for key, word, conf in words:
        if last is not None:
            sep = " " if key == last else ("\n" if key[:2] == last[:2] else "\n\n")
            parts.append(sep)
            pos += len(sep)
        if conf < LOW_CONFIDENCE:
            low.append((pos, pos + len(word)))
        parts.append(word)
        pos += len(word)
        last = key
    return "".join(parts), low


# --- repairing codes -------------------------------------------------------------------------
# A code as OCR may have garbled it: digits with O/o/l/I/| among them, then segments after "/" or
# "-", with spaces around the separators, Ð (Icelandic eth) for Đ.
_GARBLED_CODE = re.compile(
    r"(?<![\w/.\-])([0-9OolI|]{1,5})((?:\s?[/\-–]\s?[0-9A-Za-zĐđÐð]+)+)(?![\w/])")
_SEGMENT = re.compile(r"[0-9A-Za-zĐđÐð]+")


@cache
def _known_segments() -> frozenset[str]:
    from .vocab import VOCAB
    return frozenset().union(VOCAB.state_type_codes, VOCAB.party_type_codes, VOCAB.issuer_codes,
                             VOCAB.central_issuer_codes, VOCAB.copy_marks)


def _valid(code: str) -> bool:
    from .find import CODE_RE
    m = CODE_RE.fullmatch(code)
    if not m:
        return False
    known = _known_segments()
    letters = _letter_segments(code)
    # every letter segment a known type/issuer code (or a place/unit abbreviation of capitals)
    return bool(letters) and all(s in known or (s.isupper() and s.isalpha() and len(s) <= 6) for s in letters) \
        and any(s in known for s in letters)


def _letter_segments(code: str) -> list[str]:
    return [s for s in _SEGMENT.findall(code) if not s.isdigit()]


def _all_known(code: str) -> bool:
    known = _known_segments()
    return all(s in known for s in _letter_segments(code))


def repair_code(raw: str) -> str | None:
    """The valid code OCR garbled into ``raw``, or None when no repair gives one.

    >>> repair_code("l2/KH-UBND"), repair_code("05/CT-TTG"), repair_code("hello")
    ('12/KH-UBND', '05/CT-TTg', None)
    """
    m = _GARBLED_CODE.fullmatch(raw)
    if not m:
        return None
    if _valid(raw) and _all_known(raw):
        return raw
    digits = str.maketrans("OolI|", "00111")
    number = m.group(1).translate(digits)
    rest = re.sub(r"\s", "", m.group(2)).replace("Ð", "Đ").replace("ð", "đ")
    rest = re.sub(r"(?<=/)[0-9Ool]{4}(?=/)", lambda y: y.group(0).translate(digits), rest)   # the year
    known = {k.upper(): k for k in _known_segments()}

    def letters(seg: re.Match) -> str:
        # inside letter segments 0 is O, 1 is I, VV is W, and a known code keeps its own case (TTG -> TTg)
        s = seg.group(0)
        if s.isdigit():
            return s
        s = s.replace("0", "O").replace("1", "I").replace("VV", "W")
        if s.upper() not in known:   # a letter read twice ("QĐĐ")
            for i in range(len(s) - 1):
                if s[i] == s[i + 1] and (s[:i] + s[i + 1:]).upper() in known:
                    return known[(s[:i] + s[i + 1:]).upper()]
        return known.get(s.upper(), s)

    candidates = [number + rest, number + re.sub(r"[0-9A-Za-zĐđ]+", letters, rest)]
    for cand in list(candidates):   # a lost hyphen: "KHUBND" -> "KH-UBND"
        candidates.extend(_split_joined(cand))
    valid = [c for c in candidates if _valid(c)]
    # a candidate made only of known codes first ("TTG" -> "TTg"), then any valid one
    valid.sort(key=lambda c: not _all_known(c))
    return valid[0] if valid else None


def _split_joined(code: str) -> list[str]:
    known = _known_segments()
    out = []
    head, sep, rest = code.partition("/")
    if not sep:
        return out
    segs = rest.split("-")
    for i, seg in enumerate(segs):
        for k in range(1, len(seg)):
            a, b = seg[:k], seg[k:]
            if a in known and b in known:
                out.append(head + "/" + "-".join(segs[:i] + [a, b] + segs[i + 1:]))
    return out


def repair_codes(text: str, low: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Repair garbled codes in OCR text; the low-confidence spans move with the text.

    >>> low = [(17, 29)]
    >>> repair_codes("Theo Kế hoạch số l2 / KH-UBND ngày", low), low
    (('Theo Kế hoạch số 12/KH-UBND ngày', [(17, 27), (17, 27)]), [(17, 29)])
    """
    low = list(low)   # (the caller's list is left as it was)
    pieces: list[str] = []
    shifts: list[tuple[int, int]] = []    # (position in the old text, change of length after it)
    last = 0
    delta = 0
    for m in _GARBLED_CODE.finditer(text):
        raw = m.group(0)
        fixed = repair_code(raw)
        if fixed is None or fixed == raw:
            continue
        pieces.append(text[last:m.start()])
        pieces.append(fixed)
        last = m.end()
        delta += len(fixed) - len(raw)
        shifts.append((m.end(), delta))
        # the repaired code was read unsure: mark it so its citation says so
        low.append((m.start(), m.end()))
    if not shifts:
        return text, sorted(low)
    pieces.append(text[last:])

    def move(p: int) -> int:
        d = 0
        for at, dd in shifts:
            if p >= at:
                d = dd
        return p + d

    return "".join(pieces), sorted((move(s), max(move(s), move(e))) for s, e in low)
