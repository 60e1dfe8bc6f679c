"""The refactor safety net (issue 16): `vanban extract --json` gives the same JSON, file by file, as the
digests recorded in tests/fixtures/extract_snapshot.json (scripts/extract_snapshot.py --write records them).

A change of extraction output fails here, naming the files; when the change is a wanted fix, re-record the
digests in the same commit and say so in its message.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("extract_snapshot", REPO / "scripts" / "extract_snapshot.py")
snapshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot)

EXPECTED = json.loads(snapshot.SNAPSHOT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("corpus", snapshot.CORPORA)
def test_extraction_output_unchanged(corpus):
    got = snapshot.corpus_digests(corpus)
    if got is None:
        pytest.skip("../shared is absent; set VANBAN_SHARED to its path to compare the seeds and real-dev")
    expected = EXPECTED[corpus]
    assert len(expected) >= 5, "the snapshot should cover the corpus"
    diff = snapshot.compare(expected, got)
    assert not diff, f"{len(diff)} of {len(expected)} files extract differently: {diff[:20]}"


def test_digest_sees_a_change():
    a = {"file": "x.txt", "citations": [{"code": "12/KH-UBND"}]}
    b = {"file": "x.txt", "citations": [{"code": "13/KH-UBND"}]}
    assert snapshot.digest(a) != snapshot.digest(b)
    assert snapshot.compare({"x.txt": snapshot.digest(a)}, {"x.txt": snapshot.digest(b)}) == ["x.txt"]
    assert snapshot.compare({"x.txt": "0"}, {}) == ["x.txt"]
