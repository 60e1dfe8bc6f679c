"""The graph on the five real seed plans (skipped when ../shared is absent)."""
from __future__ import annotations

import pytest

from vanban.graph.nxstore import NetworkxStore
from vanban.graph.rules import load_rules
from vanban.ingest import load_paths


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory, shared_dir):
    store = NetworkxStore(tmp_path_factory.mktemp("home"))
    report = load_paths(store, [shared_dir / "seeds"])
    assert report.failed == [] and len(report.added) == 5
    return store


def _trace(store, prefix):
    (nid,) = store.resolve_ref(next(s for s in store.source_hashes() if s.rsplit("/", 1)[-1].startswith(prefix)))
    return store.trace(nid)


def test_002_traces_to_chi_lang_67_then_33(seeds_store):
    t = _trace(seeds_store, "002_")
    assert t["chain"][1]["code"] == "67/KH-UBND"
    assert t["chain"][1]["date"] == "2024-02-23"
    assert "Chi Lăng" in t["chain"][1]["issuer"]
    assert t["gaps"] == ["67/KH-UBND of " + t["chain"][1]["issuer"] + " is referenced but not loaded"]
    assert t["central"][0]["code"] == "33/CT-TTg"


def test_000_traces_to_the_2023_34_not_the_2022_one(seeds_store):
    t = _trace(seeds_store, "000_")
    assert t["chain"][1]["code"] == "34/KH-UBND" and t["chain"][1]["date"] == "2023-03-06"
    assert t["central"][0]["code"] == "33/CT-TTg"


def test_province_plans_reach_33_directly(seeds_store):
    for prefix in ("001_", "004_"):
        t = _trace(seeds_store, prefix)
        assert t["chain"][-1]["code"] == "33/CT-TTg" and t["gaps"] == []


def test_003_is_the_seed_that_lacks_23(seeds_store):
    found = [v for v in seeds_store.check(load_rules())["violations"] if "23-QĐ/TW" in v["missing"]]
    assert [v["document"]["source"].rsplit("/", 1)[-1][:4] for v in found] == ["003_"]


def test_004_is_placed_in_the_province_of_001_by_its_signer(seeds_store):
    a, b = _trace(seeds_store, "001_"), _trace(seeds_store, "004_")
    assert a["document"]["place"] and a["document"]["place"] == b["document"]["place"]
