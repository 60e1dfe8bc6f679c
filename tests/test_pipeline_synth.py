"""End to end on a generated corpus: files -> extraction -> graph -> answers,
compared with the generator's ground truth (truth.json)."""
from __future__ import annotations

import json
import unicodedata

import pytest

from vanban.graph.nxstore import NetworkxStore
from vanban.graph.rules import load_rules
from vanban.ingest import load_paths
from vanban.synth import generate_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    generate_corpus(root, seed=11, plans=400)
    truth = json.loads((root / "truth.json").read_text("utf-8"))
    store = NetworkxStore(tmp_path_factory.mktemp("home"))
    report = load_paths(store, [root])
    return root, truth, store, report


def _nfc(s):
    return unicodedata.normalize("NFC", s) if s else s


def test_every_file_loads(corpus):
    root, truth, store, report = corpus
    assert report.failed == []
    assert len(report.added) == len(truth["plans"])


def test_every_chain_is_right(corpus):
    root, truth, store, _ = corpus
    wrong = []
    for p in truth["plans"]:
        src = str((root / p["file"]).resolve())
        (nid,) = store.resolve_ref(src)
        got = store.trace(nid)["chain"]
        want = p["chain"]
        got_pairs = [(_nfc(c["code"]), c["date"]) for c in got[1:]]
        want_pairs = [(_nfc(c["code"]), c["date"]) for c in want[1:]]
        if got_pairs != want_pairs or got[0]["source"] != src:
            wrong.append((p["file"], got_pairs, want_pairs))
    assert wrong == [], f"{len(wrong)} of {len(truth['plans'])} chains differ; first: {wrong[:3]}"


def test_orphans_end_at_a_named_gap(corpus):
    root, truth, store, _ = corpus
    orphans = [p for p in truth["plans"] if p["orphan"]]
    assert orphans
    for p in orphans:
        (nid,) = store.resolve_ref(str((root / p["file"]).resolve()))
        t = store.trace(nid)
        assert t["gaps"] and "referenced but not loaded" in t["gaps"][0]
        assert p["implements"]["code"] in t["gaps"][0] or p["chain"][-1]["code"] in t["gaps"][0]


def test_every_omission_found_and_nothing_else(corpus):
    root, truth, store, _ = corpus
    want = {(str((root / p["file"]).resolve()), c) for p in truth["plans"] for c in p["omitted"]}
    got = {(v["document"]["source"], m) for v in store.check(load_rules())["violations"] for m in v["missing"]}
    assert got == want


def test_reloading_the_same_corpus_changes_nothing(corpus):
    root, truth, store, _ = corpus
    before = store.stats()
    again = load_paths(store, [root])
    assert again.added == [] and again.updated == [] and len(again.unchanged) == len(truth["plans"])
    assert store.stats() == before
