"""The real seeds against the hand-made gold (skips when ../shared is absent)."""
from __future__ import annotations

import re

import pytest

from vanban.loaders import extract_file
from vanban.loaders.evaluate import evaluate

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def report(shared_dir):
    return evaluate(shared_dir / "gold" / "seeds.json", shared_dir / "seeds")


def test_citation_precision_recall(report):
    assert report["precision"] >= 0.98, report["counts"]
    assert report["recall"] >= 0.98, report["counts"]


def test_every_implements_right(report):
    assert report["missed_implements"] == 0
    assert report["extra_implements"] == 0
    assert report["implements_accuracy"] == 1.0


def test_every_reporting_line_target_and_deadlines(report):
    wrong = {n: s["reporting_wrong"] for n, s in report["files"].items() if s["reporting_wrong"]}
    assert not wrong


def test_derived_relations(report):
    assert report["derived_recall"] == 1.0
    assert report["derived_precision"] == 1.0


def _aliases():
    from vanban.loaders.clean import fold
    from vanban.loaders.lexicon import load
    return {fold(a) for d in load("catalogue")["documents"] for a in d.get("aliases") or []}


def test_spans_point_into_original_text(seed_files):
    from vanban.loaders.clean import fold
    aliases = _aliases()
    for f in seed_files:
        rec = extract_file(f)
        for c in rec.citations:
            assert c.spans
            for s, e in c.spans:
                piece = rec.text[s:e]
                number = re.match(r"\d+", c.code).group(0)
                # a numbered mention shows the number; a title mention shows a catalogue alias
                assert number in piece or fold(piece) in aliases, (f.name, c.code, piece)


def test_metadata_against_gold(seed_files, shared_dir):
    import json
    gold = json.loads((shared_dir / "gold" / "seeds.json").read_text(encoding="utf-8"))
    for f in seed_files:
        g = gold[f.name]["doc"]
        d = extract_file(f).document
        assert d.type == g["type"]
        assert d.code == g["code"]
        assert d.date == g["date"], f.name
        assert d.level == g["level"], f.name
        assert d.signer == g["signer"], f.name
        assert d.title == g["title"], f.name
        assert d.issuer == g["issuer"], (f.name, d.issuer)
        if g["place"] is None or "(" not in g["place"]:      # one gold place is a note, not a place
            assert d.place == g["place"], (f.name, d.place)


def _variant_bytes(text: str, kind: str, tmp_path):
    import textwrap
    import unicodedata
    if kind == "nfd":
        return "x.txt", unicodedata.normalize("NFD", text).encode("utf-8")
    if kind == "wrapped":     # every line broken at 85 columns, " \n\n" style
        paras = text.split("\n\n")
        out = "\n\n".join(" \n\n".join(textwrap.wrap(p, 85)) if len(p) > 85 and not p.lstrip().startswith("-") else p
                          for p in paras)
        return "x.txt", out.encode("utf-8")
    if kind == "utf16_crlf":
        return "x.txt", text.replace("\n", "\r\n").encode("utf-16")
    if kind == "old_tones":
        return "x.md", (text.replace("ủy", "uỷ").replace("Ủy", "Uỷ").replace("hòa", "hoà")
                        .replace("hóa", "hoá").encode("utf-8"))
    if kind == "docx":
        import docx
        d = docx.Document()
        for para in text.split("\n\n"):
            d.add_paragraph(para.replace("\n", " "))
        p = tmp_path / "x.docx"
        d.save(str(p))
        return "x.docx", p.read_bytes()
    if kind == "pdf":
        from pathlib import Path
        font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
        if not font.is_file():
            pytest.skip("DejaVuSans.ttf not installed")
        from fpdf import FPDF
        pdf = FPDF()
        pdf.add_page()
        pdf.add_font("dv", "", str(font))
        pdf.set_font("dv", size=10)
        for para in text.split("\n\n"):
            pdf.multi_cell(0, 5, para.replace("**", "") or " ", new_x="LMARGIN", new_y="NEXT")
        p = tmp_path / "x.pdf"
        pdf.output(str(p))
        return "x.pdf", p.read_bytes()
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["nfd", "wrapped", "utf16_crlf", "old_tones", "docx", "pdf"])
def test_seed_variants_score_like_the_originals(seed_files, shared_dir, tmp_path, kind):
    """The same real plans, re-encoded or re-laid-out: the gold still holds."""
    import json

    from vanban.loaders import extract_bytes
    from vanban.loaders.evaluate import score_file
    gold = json.loads((shared_dir / "gold" / "seeds.json").read_text(encoding="utf-8"))
    for f in seed_files:
        name, data = _variant_bytes(f.read_text(encoding="utf-8"), kind, tmp_path)
        s = score_file(extract_bytes(data, name).to_json(), gold[f.name])
        assert s["fp"] == 0 and s["fn"] == 0, (f.name, s["false_positives"], s["false_negatives"])
        assert not s["missed_implements"] and not s["extra_implements"], f.name
        assert s["reporting_ok"] == s["reporting_total"], (f.name, s["reporting_wrong"])
