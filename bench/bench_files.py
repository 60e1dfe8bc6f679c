"""Extraction speed per file format, and OCR pages per second.

    .venv/bin/python bench/bench_files.py [--plans 20] [--scans 2] [--seed 7]

Takes ``--plans`` synthetic plans (vanban.synth), writes each as every format vanban reads (.txt, .md,
.docx, .doc, text-layer .pdf, .html, TCVN3 and VNI 8-bit .txt, and — for ``--scans`` of them — a scanned
.pdf and a .png made as tests/scan_helpers.py makes them), then times ``extract_file`` over each format:
plans/s per format, and for the scans OCR pages/s and the citations found against the text version.
.doc files are made once with LibreOffice (slow; cached under bench/.corpus). The machine is shared:
the load average is printed with the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from common import CACHE, REPO, RESULTS

sys.path.insert(0, str(REPO))


def _plans(n: int, seed: int) -> list[str]:
    from vanban.synth import generate_corpus
    out = CACHE / f"files-{n}-s{seed}"
    if not (out / "truth.json").is_file():
        generate_corpus(out, seed=seed, plans=n)
    files = sorted(p for p in out.rglob("*") if p.suffix in (".txt", ".md") and p.is_file())[:n]
    # (NFC and no BOM: the legacy encodings have one code per composed letter)
    return [unicodedata.normalize("NFC", p.read_text(encoding="utf-8-sig")) for p in files]


def _docx(text: str, path: Path) -> None:
    import docx
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    d.save(str(path))


def _pdf(text: str, path: Path) -> None:
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dejavu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("dejavu", size=10)
    pdf.multi_cell(0, 5, text)
    pdf.output(str(path))


def _html(text: str) -> str:
    import html
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n"))
    return (f"<html><head><meta charset='utf-8'></head><body><nav class='menu'><a>Trang chủ</a></nav>"
            f"<div id='content'>{body}</div><footer>Cổng thông tin</footer></body></html>")


def _first_page(text: str) -> str:
    """What surely fits one scanned page: the first 22 lines (header, title, preamble)."""
    return "\n".join(text.split("\n")[:22])


def build(texts: list[str], scans: int, seed: int) -> dict[str, list[Path]]:
    from tests.scan_helpers import scanned_image, scanned_pdf
    from vanban.loaders import legacy
    root = CACHE / f"files-formats-{len(texts)}-{scans}-s{seed}"
    done = root / ".done"
    fmts = ["txt", "md", "docx", "doc", "pdf", "html", "tcvn3", "vni", "scan-pdf", "png"]
    if not done.is_file():
        for f in fmts:
            (root / f).mkdir(parents=True, exist_ok=True)
        for i, t in enumerate(texts):
            (root / "txt" / f"{i:03}.txt").write_text(t, encoding="utf-8")
            (root / "md" / f"{i:03}.md").write_text(t, encoding="utf-8")
            _docx(t, root / "docx" / f"{i:03}.docx")
            _pdf(t, root / "pdf" / f"{i:03}.pdf")
            (root / "html" / f"{i:03}.html").write_text(_html(t), encoding="utf-8")
            (root / "tcvn3" / f"{i:03}.txt").write_bytes(legacy.encode(t, "tcvn3").encode("cp1252", "replace"))
            (root / "vni" / f"{i:03}.txt").write_bytes(legacy.encode(t, "vni").encode("cp1252", "replace"))
            if i < scans:
                (root / "scan-pdf" / f"{i:03}.pdf").write_bytes(scanned_pdf(t, seed=i))
                (root / "png" / f"{i:03}.png").write_bytes(scanned_image(_first_page(t), seed=i + 100))
        soffice = shutil.which("soffice")
        if soffice:   # one LibreOffice run converts them all
            with tempfile.TemporaryDirectory() as prof:
                subprocess.run([soffice, f"-env:UserInstallation={Path(prof).as_uri()}", "--headless", "--convert-to",
                                "doc", "--outdir", str(root / "doc"),
                                *map(str, sorted((root / "docx").glob("*.docx")))],
                               check=True, capture_output=True, timeout=1800)
        done.write_text("ok")
    return {f: sorted(p for p in (root / f).iterdir() if p.is_file()) for f in fmts}


def run(plans: int, scans: int, seed: int) -> dict:
    from vanban.loaders import extract_file
    texts = _plans(plans, seed)
    sets = build(texts, scans, seed)
    from vanban.loaders import extract_text
    want = {i: extract_file(p) for i, p in enumerate(sets["txt"])}
    want_png = {i: extract_text(_first_page(t)) for i, t in enumerate(texts)}
    rows = []
    for fmt, files in sets.items():
        if not files:
            continue
        pages = 0
        found = expected = right = 0
        t0 = time.perf_counter()
        recs = []
        for p in files:
            recs.append(extract_file(p))
        secs = time.perf_counter() - t0
        for i, rec in enumerate(recs):
            pages += (rec.ocr or {}).get("pages", 0)
            g = {c.code for c in rec.citations}
            w = {c.code for c in (want_png if fmt == "png" else want)[i].citations}
            found += len(g)
            expected += len(w)
            right += len(g & w)
        row = {"format": fmt, "files": len(files), "seconds": round(secs, 3),
               "plans_per_s": round(len(files) / secs, 2),
               "citation_recall": round(right / expected, 3) if expected else None,
               "citation_precision": round(right / found, 3) if found else None}
        if pages:
            row["ocr_pages"] = pages
            row["ocr_pages_per_s"] = round(pages / secs, 3)
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return {"plans": plans, "scans": scans, "seed": seed, "load_average": os.getloadavg(), "rows": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plans", type=int, default=20)
    ap.add_argument("--scans", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()}", flush=True)
    res = run(args.plans, args.scans, args.seed)
    print(f"load average after: {os.getloadavg()}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "files.json"
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, out)
    lines = ["| format | files | plans/s | OCR pages/s | citation recall | precision |", "|---|---|---|---|---|---|"]
    for r in res["rows"]:
        lines.append(f"| {r['format']} | {r['files']} | {r['plans_per_s']} | {r.get('ocr_pages_per_s', '')} | "
                     f"{r['citation_recall']} | {r['citation_precision']} |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
