"""The embedded store: atomic saves, reopening, concurrent writers, clear errors."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from vanban.graph import nxstore
from vanban.graph.nxstore import NetworkxStore, StoreCorrupt
from vanban.graph.store import open_store
from vanban.models import BadRequest, PlanRecord

from tests.graph_helpers import CT33, cite, plan


def _prov(file="p.txt", code="34/KH-UBND"):
    return plan(file, code, "2024-03-06", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình",
                citations=[cite(**CT33, relation="implements")])


def _dist(file="d.txt", parent_date="2024-03-06"):
    return plan(file, "7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn",
                citations=[cite("34/KH-UBND", parent_date, "UBND tỉnh", "implements")])


def test_store_survives_reopen(tmp_path):
    s = NetworkxStore(tmp_path)
    s.replace([_prov(), _dist()])
    again = NetworkxStore(tmp_path)
    assert again.stats() == s.stats()
    assert again.trace(again.resolve_ref("d.txt")[0]) == s.trace(s.resolve_ref("d.txt")[0])
    assert again.record("p.txt").text == "text of p.txt"


def test_replacing_a_source_replaces_what_it_contributed(tmp_path):
    s = NetworkxStore(tmp_path)
    s.replace([_prov(), _dist()])
    before = s.stats()
    s.replace([_dist(parent_date="2024-03-07")])  # the district plan changed its citation
    dist_id = s.resolve_ref("d.txt")[0]
    chain = s.trace(dist_id)["chain"]
    assert chain[1]["date"] == "2024-03-07" and chain[1]["source"] is None
    assert s.stats()["sources"] == before["sources"]
    s.replace([_dist()])
    assert s.stats() == before


def test_crash_mid_save_leaves_previous_store_readable(tmp_path, monkeypatch):
    s = NetworkxStore(tmp_path)
    s.replace([_prov()])
    before = NetworkxStore(tmp_path).stats()

    def dying_dump(obj, fh, protocol=None):
        fh.write(b"half a pickle")
        raise OSError("disk full")

    monkeypatch.setattr(nxstore.pickle, "dump", dying_dump)
    with pytest.raises(OSError):
        s.replace([_dist()])
    monkeypatch.undo()
    reopened = NetworkxStore(tmp_path)
    assert reopened.stats() == before
    assert not list(tmp_path.glob(".store-*.tmp"))  # no temp file left behind


def test_failed_build_changes_nothing(tmp_path, monkeypatch):
    s = NetworkxStore(tmp_path)
    s.replace([_prov()])
    before = s.stats()

    def broken(records):
        raise RuntimeError("boom")

    monkeypatch.setattr(nxstore, "build_graph", broken)
    with pytest.raises(RuntimeError):
        s.replace([_dist()])
    assert s.stats() == before
    monkeypatch.undo()
    assert NetworkxStore(tmp_path).stats() == before


def test_a_write_by_another_process_is_seen(tmp_path):
    reader = NetworkxStore(tmp_path)
    assert reader.stats()["sources"] == 0
    NetworkxStore(tmp_path).replace([_prov()])
    assert reader.stats()["sources"] == 1


def test_corrupt_store_is_a_clear_error(tmp_path):
    (tmp_path / "store.pickle").write_bytes(b"not a pickle")
    with pytest.raises(StoreCorrupt) as ei:
        NetworkxStore(tmp_path)
    assert "store.pickle" in ei.value.detail


def test_store_format_mismatch_is_a_clear_error(tmp_path):
    (tmp_path / "store.pickle").write_bytes(pickle.dumps({"format": 999}))
    with pytest.raises(StoreCorrupt, match="format"):
        NetworkxStore(tmp_path)


def test_open_store_uses_env(tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_HOME", str(tmp_path / "h"))
    monkeypatch.delenv("VANBAN_BACKEND", raising=False)
    s = open_store()
    assert isinstance(s, NetworkxStore) and s.home == tmp_path / "h"
    with pytest.raises(BadRequest, match="unknown backend"):
        open_store("sqlite")


def test_a_store_built_by_another_version_is_rebuilt_from_its_records(tmp_path):
    s = NetworkxStore(tmp_path)
    recs = [_prov(), _dist()]
    s.replace(recs)
    want = s.trace(s.resolve_ref("d.txt")[0])
    # What vanban wrote before the chunked layout (format 1: one pickle), by an older
    # builder whose graph is of no use (here, nothing): the records are the truth.
    old = {"format": 1, "build": -1, "graph": type(s.graph)(),
           "records": {r.file: PlanRecord.from_json(r.to_json()).to_json() for r in recs}}
    (tmp_path / "store.pickle").write_bytes(pickle.dumps(old))
    again = NetworkxStore(tmp_path)
    assert again.trace(again.resolve_ref("d.txt")[0]) == want
    head = pickle.loads((tmp_path / "store.pickle").read_bytes())   # the first pickle: the header
    assert (head["format"], head["build"]) == (nxstore.FORMAT, nxstore.BUILD_VERSION)


def test_the_saved_graph_reads_back_identical_in_every_order(tmp_path, monkeypatch):
    # Small chunks, so records, nodes and adjacency each span several pickles.
    monkeypatch.setattr(nxstore, "CHUNK", 3)
    from vanban.synth import generate_corpus
    from vanban.ingest import load_paths
    generate_corpus(tmp_path / "c", seed=3, plans=40)
    s = NetworkxStore(tmp_path / "h")
    load_paths(s, [tmp_path / "c"], workers=1)
    g = s.graph
    back = NetworkxStore(tmp_path / "h").graph
    assert back is not g
    assert list(back.nodes(data=True)) == list(g.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))
    assert list(back.in_edges(keys=True, data=True)) == list(g.in_edges(keys=True, data=True))
    assert back.graph == g.graph
    # in- and out-views share one attribute dict per edge, as in a built graph
    a, b, k = next(iter(back.edges(keys=True)))
    assert back._succ[a][b][k] is back._pred[b][a][k]


def test_a_truncated_store_is_reported_not_half_read(tmp_path):
    s = NetworkxStore(tmp_path)
    s.replace([_prov(), _dist()])
    data = (tmp_path / "store.pickle").read_bytes()
    (tmp_path / "store.pickle").write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(nxstore.StoreCorrupt, match="cannot read the store"):
        NetworkxStore(tmp_path)


def test_replace_keeps_the_callers_records_whole(tmp_path):
    recs = [_prov(), _dist()]
    NetworkxStore(tmp_path).replace(recs)
    assert [r.text for r in recs] == ["text of p.txt", "text of d.txt"]


def test_replace_takes_a_generator(tmp_path):
    s = NetworkxStore(tmp_path)
    s.replace(r for r in [_prov(), _dist()])
    assert s.stats()["sources"] == 2 and s.record("d.txt").text == "text of d.txt"


def test_new_files_are_hashed_by_extraction_and_skipped_when_loaded_again(tmp_path):
    from vanban.ingest import load_paths, sha256_file
    from vanban.synth import generate_corpus
    generate_corpus(tmp_path / "c", seed=2, plans=12)
    s = NetworkxStore(tmp_path / "h")
    first = load_paths(s, [tmp_path / "c"], workers=1)
    hashes = s.source_hashes()
    assert first.added and sorted(first.added) == sorted(hashes)
    assert all(h == sha256_file(Path(k)) for k, h in hashes.items())
    again = load_paths(s, [tmp_path / "c"], workers=1)
    assert not again.added and not again.updated and sorted(again.unchanged) == sorted(hashes)


def test_record_gives_back_the_text_byte_for_byte(tmp_path):
    rec = _prov()
    rec.text = "dòng một\r\ndòng hai\rba\n"
    rec.sha256 = "crlf-text"
    s = NetworkxStore(tmp_path)
    s.replace([rec])
    assert NetworkxStore(tmp_path).record(rec.file).text == "dòng một\r\ndòng hai\rba\n"
