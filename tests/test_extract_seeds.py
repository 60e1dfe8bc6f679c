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
        assert d.issuer.startswith(g["issuer"]), (f.name, d.issuer)
