"""`vanban remove` on the Neo4j backend (issue 18 row 8): the shared ref rule of
vanban/refs.py finds a document's files from its node (one query, not one per
stored file), and removing them leaves the store a store of the rest alone."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from vanban.cli import main
from vanban.graph.neo4jstore import Neo4jStore
from vanban.graph.nxstore import NetworkxStore
from vanban.ingest import load_paths
from vanban.models import NotFound
from vanban.refs import removal_for

pytestmark = pytest.mark.neo4j

CHAIN = Path(__file__).parent / "fixtures" / "chain"


def _same(nxs: NetworkxStore, neo: Neo4jStore) -> None:
    assert nxs.source_hashes() == neo.source_hashes()
    a, b = nxs.stats(), neo.stats()
    a.pop("backend"), b.pop("backend")
    assert a == b
    for p in nxs.loaded_plans():
        assert nxs.trace(p) == neo.trace(p)
        assert nxs.document(p) == neo.document(p)


def test_vanban_remove_on_neo4j(neo4j_env, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("VANBAN_LANG", raising=False)
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copy(CHAIN / "tinh_kh_21.txt", a)
    shutil.copy(CHAIN / "huyen_kh_8.txt", a)
    shutil.copy(CHAIN / "xa_kh_3.txt", b)
    shutil.copy(CHAIN / "xa_kh_3.txt", b / "copy.txt")       # the same plan, twice
    assert main(["load", str(a), str(b)]) == 0
    capsys.readouterr()
    alone = NetworkxStore(tmp_path / "alone")
    load_paths(alone, [a])

    neo = Neo4jStore.from_env()
    try:
        assert len(neo.source_hashes()) == 4
        both = sorted(str((b / n).resolve()) for n in ("copy.txt", "xa_kh_3.txt"))
        nid = neo.resolve_ref("3/KH-UBND")[0]
        reads = []
        real = neo._read
        monkeypatch.setattr(neo, "_read", lambda q, **kw: reads.append(q) or real(q, **kw))
        plan = removal_for(neo, "3/KH-UBND")
        # resolve the ref (3 queries), read the node's files (1), list the stored keys (2):
        # a fixed number, where the per-file way asked resolve_ref (3 queries) of every file
        assert len(reads) <= 6, reads
        assert plan.sources == both and plan.document == nid
        with pytest.raises(NotFound):
            removal_for(neo, both[0])                         # the API's mode takes no paths
        assert removal_for(neo, both[0], local_paths=True).sources == [both[0]]
        with pytest.raises(NotFound) as only_cited:
            removal_for(neo, "33/CT-TTg")
        assert only_cited.value.code == "not_loaded"
    finally:
        neo.close()

    code = main(["remove", "3/KH-UBND", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["removed"] == both                 # both copies, one write
    neo = Neo4jStore.from_env()
    try:
        _same(alone, neo)
        assert main(["remove", "3/KH-UBND"]) == 1             # gone: nothing left to name
        assert "Không tìm thấy văn bản" in capsys.readouterr().err
        _same(alone, neo)
    finally:
        neo.close()
