"""Make scans of synthetic plans for the OCR tests and the benchmark: the text printed on an A4 page at
300 dpi, turned by a slight angle, with speckle noise and a red stamp over the signature, saved as an
image-only PDF (no text layer) or an image."""
from __future__ import annotations

import io
import random
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
DPI = 300
A4 = (2480, 3508)          # pixels at 300 dpi


def _wrap(draw, line: str, font, width: int) -> list[str]:
    words, out, cur = line.split(" "), [], ""
    for w in words:
        cand = f"{cur} {w}" if cur else w
        if draw.textlength(cand, font=font) <= width or not cur:
            cur = cand
        else:
            out.append(cur)
            cur = w
    out.append(cur)
    return out


def render_pages(text: str, *, angle: float = 1.2, noise: float = 0.002, stamp: bool = True, seed: int = 7,
                 size_pt: float = 12.0) -> list:
    """The plan's text as scanned pages (PIL images, RGB)."""
    from PIL import Image, ImageDraw, ImageFont
    rng = random.Random(seed)
    px = int(size_pt / 72 * DPI)
    font = ImageFont.truetype(str(FONT), px)
    bold = ImageFont.truetype(str(FONT_BOLD), px)
    margin_l, margin_t, width = 240, 200, A4[0] - 240 - 180
    pages, page, draw, y = [], None, None, 0
    signature_at = None

    def new_page():
        nonlocal page, draw, y
        page = Image.new("RGB", A4, "white")
        draw = ImageDraw.Draw(page)
        y = margin_t
        pages.append(page)

    new_page()
    for raw in text.split("\n"):
        f = bold if raw.strip() and raw.strip().upper() == raw.strip() and any(c.isalpha() for c in raw) else font
        for line in _wrap(draw, raw, f, width) if raw.strip() else [""]:
            if y + px * 1.5 > A4[1] - margin_t:
                new_page()
            draw.text((margin_l, y), line, font=f, fill=(20, 20, 20))
            if line.strip() and line.strip()[0].isupper() and signature_at is None and line.startswith("TM."):
                signature_at = (len(pages) - 1, y)
            y += int(px * 1.45)
    if stamp:
        idx, sy = signature_at if signature_at else (len(pages) - 1, y - 4 * px)
        _stamp(pages[idx], (margin_l + 260, sy + px), px)
    out = []
    for pg in pages:
        if noise:
            d = ImageDraw.Draw(pg)
            for _ in range(int(A4[0] * A4[1] * noise / 50)):
                x, yy = rng.randrange(A4[0]), rng.randrange(A4[1])
                d.rectangle((x, yy, x + rng.randint(0, 1), yy + rng.randint(0, 1)), fill=(60, 60, 60))
        out.append(pg.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor="white"))
    return out


def _stamp(page, at: tuple[int, int], px: int) -> None:
    """A round red seal over the signature block; ink on ink, so the text under it stays dark."""
    from PIL import Image, ImageChops, ImageDraw, ImageFont
    layer = Image.new("RGB", page.size, "white")
    d = ImageDraw.Draw(layer)
    cx, cy = at
    r = int(px * 4.5)
    red = (205, 30, 35)
    for k in range(3):
        d.ellipse((cx - r + k * 9, cy - r + k * 9, cx + r - k * 9, cy + r - k * 9), outline=red, width=6)
    f = ImageFont.truetype(str(FONT_BOLD), int(px * 0.8))
    d.text((cx - r + 40, cy - px // 2), "ỦY BAN NHÂN DÂN", font=f, fill=red)
    d.regular_polygon((cx, cy + px * 2, px), 5, fill=red)
    page.paste(ImageChops.multiply(page, layer))


def scanned_pdf(text: str, **kw) -> bytes:
    pages = render_pages(text, **kw)
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def scanned_image(text: str, fmt: str = "PNG", **kw) -> bytes:
    pages = render_pages(text, **kw)
    buf = io.BytesIO()
    if fmt.upper() in ("TIFF", "TIF"):
        pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate", dpi=(DPI, DPI))
    else:
        pages[0].convert("RGB").save(buf, fmt, dpi=(DPI, DPI))
    return buf.getvalue()
