"""The stores: what every backend must do (run over each registered backend: the Neo4j
ones start a real server), then the embedded store's own guarantees (atomic saves,
concurrent writers, clear errors)."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from tests.graph_helpers import CT33, cite, plan
from vanban.graph import nxstore
from vanban.graph import queries as Q
from vanban.graph.nxstore import NetworkxStore, StoreCorrupt
from vanban.graph.rules import load_rules
from vanban.graph.store import BACKENDS, GraphStore, open_store, register_backend
from vanban.models import BadRequest, PlanRecord


def _prov(file="p.txt", code="34/KH-UBND"):
    return plan(file, code, "2024-03-06", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình",
                citations=[cite(**CT33, relation="implements")])


def _dist(file="d.txt", parent_date="2024-03-06"):
    return plan(file, "7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn",
                citations=[cite("34/KH-UBND", parent_date, "UBND tỉnh", "implements")])


@pytest.fixture(params=[pytest.param(name, marks=[pytest.mark.neo4j] if name == "neo4j" else [])
                        for name in BACKENDS])
def opener(request, tmp_path):
    """`opener()` opens (again) one empty store of the backend under test."""
    opened: list[GraphStore] = []
    if request.param == "neo4j":
        from vanban.graph.neo4jstore import Neo4jStore
        request.getfixturevalue("neo4j_clean")
        uri = request.getfixturevalue("neo4j_uri")

        def make() -> GraphStore:
            return Neo4jStore(uri)
    else:
        def make() -> GraphStore:
            return open_store(request.param, tmp_path / "home")

    def open_again() -> GraphStore:
        opened.append(make())
        return opened[-1]

    yield open_again
    for s in opened:
        s.close()


def test_store_survives_reopen(opener):
    s = opener()
    s.replace([_prov(), _dist()])
    again = opener()
    assert again.stats() == s.stats()
    assert again.trace(again.resolve_ref("d.txt")[0]) == s.trace(s.resolve_ref("d.txt")[0])
    assert again.record("p.txt").text == "text of p.txt"


def test_replacing_a_source_replaces_what_it_contributed(opener):
    s = opener()
    s.replace([_prov(), _dist()])
    before = s.stats()
    s.replace([_dist(parent_date="2024-03-07")])  # the district plan changed its citation
    dist_id = s.resolve_ref("d.txt")[0]
    chain = s.trace(dist_id)["chain"]
    assert chain[1]["date"] == "2024-03-07" and chain[1]["source"] is None
    assert s.stats()["sources"] == before["sources"]
    s.replace([_dist()])
    assert s.stats() == before


def test_every_question_is_the_pure_query_on_the_stores_graph(opener):
    """The seam: whatever a backend fetches, its answers are queries.* on its whole graph."""
    s = opener()
    replacing = plan("p2.txt", "90/KH-UBND", "2024-06-01", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình",
                     citations=[cite(**CT33, relation="implements"),
                                cite("34/KH-UBND", "2024-03-06", "UBND tỉnh Hòa Bình", "replaces")])
    s.replace([_prov(), _dist(), replacing])
    g = s.whole_graph()
    dist, prov = s.resolve_ref("d.txt")[0], s.resolve_ref("p.txt")[0]
    assert s.trace(dist) == Q.trace(g, dist)
    assert [r["code"] for r in s.trace(dist)["replaced"]] == ["34/KH-UBND"]     # fetched with the chain
    assert s.implementers(prov) == Q.implementers(g, prov)
    assert s.document(prov) == Q.document_detail(g, prov)
    assert s.node(dist) == Q.node_view(g, dist)
    assert s.subgraph(dist, 2) == Q.subgraph(g, dist, 2)
    assert s.subgraph() == Q.subgraph(g)
    assert s.check(load_rules()) == Q.check(g, load_rules())
    assert any(v["missing"] == ["in_force:34/KH-UBND"] for v in s.check(load_rules())["violations"])
    assert s.search("34/KH-UBND") == Q.search(g, "34/KH-UBND")
    assert s.documents() == Q.documents(g)
    assert s.loaded_plans() == Q.loaded_plans(g)
    assert s.export("graphml") == Q.export(g, "graphml")
    assert s.stats()["edges"]["REPLACES"] == 1


def test_a_write_by_another_process_is_seen(opener):
    reader = opener()
    assert reader.stats()["sources"] == 0
    opener().replace([_prov()])
    assert reader.stats()["sources"] == 1


def test_replace_keeps_the_callers_records_whole(opener):
    recs = [_prov(), _dist()]
    opener().replace(recs)
    assert [r.text for r in recs] == ["text of p.txt", "text of d.txt"]


def test_replace_takes_a_generator(opener):
    s = opener()
    s.replace(r for r in [_prov(), _dist()])
    assert s.stats()["sources"] == 2 and s.record("d.txt").text == "text of d.txt"


def test_record_gives_back_the_text_byte_for_byte(opener):
    rec = _prov()
    rec.text = "dòng một\r\ndòng hai\rba\n"
    rec.sha256 = "crlf-text"
    opener().replace([rec])
    assert opener().record(rec.file).text == "dòng một\r\ndòng hai\rba\n"


def test_one_backend_registry_serves_open_store_and_the_cli(tmp_path, monkeypatch):
    from vanban.cli import build_parser

    monkeypatch.setitem(BACKENDS, "elsewhere", lambda home: NetworkxStore(home / "elsewhere"))
    s = open_store("elsewhere", tmp_path)
    assert isinstance(s, NetworkxStore) and s.home == tmp_path / "elsewhere"
    assert build_parser().parse_args(["--backend", "elsewhere", "search", "x"]).backend == "elsewhere"
    register_backend("elsewhere", lambda home: NetworkxStore(home / "again"))
    assert open_store("elsewhere", tmp_path).home == tmp_path / "again"


# ---------------------------------------------------------------- the embedded store
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
    from vanban.ingest import load_paths
    from vanban.synth import generate_corpus
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
