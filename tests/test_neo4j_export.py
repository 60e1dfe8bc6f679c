"""`vanban export --format neo4j-admin`: CSVs that `neo4j-admin database import full` takes."""
from __future__ import annotations

import csv
import json
import os
import re

import pytest

from tests.graph_helpers import CT33, QD23, cite, line, plan
from vanban.graph.export_neo4j_admin import ARRAY_DELIMITER, write_neo4j_admin_csv
from vanban.graph.neo4jstore import Neo4jStore, _dumps, _unpack
from vanban.graph.nxstore import NetworkxStore

HEADER = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_]*)?(?::(?:ID|START_ID|END_ID)(?:\([A-Za-z]+\))?|:LABEL|:TYPE|"
                    r":(?:string|long|int|boolean|double|float)(?:\[\])?)?$")


def _records():
    prov = plan("plans/p.txt", "34/KH-UBND", "2024-03-06", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình",
                title='Kế hoạch "dân vận", năm 2024\nđợt 1',
                citations=[cite(**CT33, relation="implements"), cite(**QD23)],
                reports=[line("UBND các huyện", "UBND tỉnh", "Sở Nội vụ", ["2024-11-30", "--06-15"])],
                units=["Sở Nội vụ", "Ban Dân vận Tỉnh ủy"])
    dist = plan("plans/d;1.txt", "7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "district",
                district="huyện Lạc Sơn",
                citations=[cite("34/KH-UBND", "2024-03-06", "UBND tỉnh", "implements"), cite(**CT33)],
                reports=[line("UBND các xã", "UBND huyện", "Phòng Nội vụ", ["2024-12-10"])])
    prov.sha256, dist.sha256 = "sha-p", "sha-d"
    return [prov, dist]


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def check_csv(out, store):
    g = store.whole_graph()
    header, nodes = _read(out / "nodes.csv")
    for h in header:
        assert HEADER.match(h), h
    assert header[0] == "id:ID(Node)" and ":LABEL" in header
    ids = [r[0] for r in nodes]
    assert len(ids) == len(set(ids)) == g.number_of_nodes()
    assert set(ids) == set(g.nodes)
    lab, data = header.index(":LABEL"), header.index("data")
    for r in nodes:
        attrs = json.loads(r[data])
        assert attrs == g.nodes[r[0]]
        labels = r[lab].split(ARRAY_DELIMITER)
        assert labels[0] == "Node" and labels[1].lower() == attrs["kind"]
    srcs = header.index("srcs:string[]")
    assert any(ARRAY_DELIMITER.join(g.nodes[r[0]].get("sources") or []) == r[srcs] and r[srcs] for r in nodes)
    rheader, rels = _read(out / "relationships.csv")
    for h in rheader:
        assert HEADER.match(h), h
    assert rheader[:3] == [":START_ID(Node)", ":END_ID(Node)", ":TYPE"]
    known = set(ids)
    for r in rels:
        assert r[0] in known and r[1] in known, r[:3]
    assert len(rels) == g.number_of_edges()
    # the key is written only where it is not the type (readers take coalesce(key, type))
    assert all(r[3] != r[2] for r in rels if r[3])
    got = sorted((r[0], r[1], r[3] or r[2], r[2]) for r in rels)
    want = sorted((a, b, k, d["type"]) for a, b, k, d in g.edges(keys=True, data=True))
    assert got == want
    dcol = rheader.index("data")
    assert all(json.loads(r[dcol]) == g.edges[r[0], r[1], r[3] or r[2]] for r in rels)
    hdr, recs = _read(out / "records.csv")
    assert hdr[0] == "rid"         # no :ID: nothing points at a record, no id mapping needed
    assert sorted(r[hdr.index("source")] for r in recs) == sorted(store.source_hashes())
    for r in recs:     # the record and its text, compressed, read back whole
        src = r[hdr.index("source")]
        want_rec = store.record(src)
        assert _unpack(r[hdr.index("zdata")]) == _dumps(want_rec.to_json())
        assert _unpack(r[hdr.index("ztext")]) == want_rec.text
    hdr, meta = _read(out / "meta.csv")
    assert hdr[0] == "id" and meta == [["meta", "VanbanMeta", "1", "1"]]


def test_neo4j_admin_csv_from_networkx(tmp_path):
    store = NetworkxStore(tmp_path / "home")
    store.replace(_records())
    files = write_neo4j_admin_csv(store, tmp_path / "out")
    assert {f.name for f in files} >= {"nodes.csv", "relationships.csv", "records.csv", "meta.csv"}
    check_csv(tmp_path / "out", store)
    assert "neo4j-admin database import full" in (tmp_path / "out" / "IMPORT.txt").read_text()
    args = (tmp_path / "out" / "neo4j-admin.args").read_text().splitlines()
    assert f"--array-delimiter={ARRAY_DELIMITER}" in args and "--multiline-fields=true" in args
    assert [a for a in args if a.startswith(("--nodes=", "--relationships="))] == [
        "--nodes=nodes.csv", "--nodes=records.csv", "--nodes=meta.csv", "--relationships=relationships.csv"]


def _forks(monkeypatch):
    """Count the export's forks; let it fork even if some earlier test left a thread running."""
    import types

    import vanban.graph.export_neo4j_admin as E

    calls = []
    real = E.os.fork

    def fork():
        calls.append(1)
        pid = real()
        if pid:
            _forks.pids.append(pid)
        return pid
    monkeypatch.setattr(E.os, "fork", fork)
    monkeypatch.setattr(E, "threading", types.SimpleNamespace(active_count=lambda: 1))
    return E, calls


def test_records_written_in_a_child_are_the_same_files(tmp_path, monkeypatch):
    E, forks = _forks(monkeypatch)
    store = NetworkxStore(tmp_path / "home")
    store.replace(_records())
    write_neo4j_admin_csv(store, tmp_path / "aside")
    assert forks == [1]
    monkeypatch.setattr(E, "PARALLEL", False)
    write_neo4j_admin_csv(store, tmp_path / "inline")
    assert forks == [1]
    for name in ("nodes.csv", "relationships.csv", "records.csv", "meta.csv", "neo4j-admin.args"):
        assert (tmp_path / "aside" / name).read_bytes() == (tmp_path / "inline" / name).read_bytes(), name


def test_a_failing_child_fails_the_export(tmp_path, monkeypatch):
    from vanban.models import VanbanError

    E, forks = _forks(monkeypatch)
    store = NetworkxStore(tmp_path / "home")
    store.replace(_records())

    def broken(src):
        raise OSError(f"cannot read the text of {src}")
    monkeypatch.setattr(store, "record", broken)
    with pytest.raises(VanbanError, match="records.csv"):
        write_neo4j_admin_csv(store, tmp_path / "out")
    assert forks == [1]


_forks.pids = []


def test_a_failing_parent_stops_and_reaps_its_child(tmp_path, monkeypatch):
    E, forks = _forks(monkeypatch)
    store = NetworkxStore(tmp_path / "home")
    store.replace(_records())

    def broken(g):
        raise OSError("disk full while writing relationships.csv")
        yield
    monkeypatch.setattr(E, "edge_rows", broken)
    with pytest.raises(OSError, match="disk full"):
        write_neo4j_admin_csv(store, tmp_path / "out")
    assert forks == [1]
    with pytest.raises(ChildProcessError):          # already waited for: no zombie left behind
        os.waitpid(_forks.pids[-1], os.WNOHANG)


def test_cli_export_neo4j_admin(tmp_path, monkeypatch):
    from vanban.cli import main

    home = tmp_path / "home"
    NetworkxStore(home).replace(_records())
    assert main(["--home", str(home), "export", "--format", "neo4j-admin", "-o", str(tmp_path / "out")]) == 0
    check_csv(tmp_path / "out", NetworkxStore(home))


@pytest.mark.neo4j
def test_neo4j_admin_csv_from_neo4j(neo4j_env, tmp_path):
    store = Neo4jStore.from_env()
    store.replace(_records())
    write_neo4j_admin_csv(store, tmp_path / "a")
    check_csv(tmp_path / "a", store)
    nxs = NetworkxStore(tmp_path / "home")
    nxs.replace(_records())
    write_neo4j_admin_csv(nxs, tmp_path / "b")
    for name in ("nodes.csv", "relationships.csv", "records.csv", "meta.csv"):
        ra, rb = _read(tmp_path / "a" / name), _read(tmp_path / "b" / name)
        assert ra[0] == rb[0] and sorted(ra[1]) == sorted(rb[1]), name
    store.close()


def test_stored_json_is_what_the_stdlib_writes():
    """orjson writes what json.dumps(..., ensure_ascii=False, separators=(",", ":")) writes, keys in order."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    leaves = st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.text()
    values = st.recursive(leaves,
                          lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(), kids, max_size=4),
                          max_leaves=20)

    @settings(max_examples=300, deadline=None)
    @given(values)
    def same(v):
        assert _dumps(v) == json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    same()
    assert _dumps({"z": 1, "a": "Ủy ban\u2028\x00\"\\"}) == '{"z":1,"a":"Ủy ban\u2028\\u0000\\"\\\\"}'


def test_records_pack_and_unpack():
    from vanban.graph.neo4jstore import _pack

    for s in ("", "Kế hoạch số 34/KH-UBND\r\n" * 500, "\x00\ud7ff\U0001F600"):
        z = _pack(s)
        assert z.isascii() and _unpack(z) == s
    assert len(_pack("Kế hoạch số 34/KH-UBND\n" * 500)) < 400        # 13 KB of repeated text
    assert _pack(None) is None and _unpack(None) is None
    assert _unpack(None, "a text stored before compression") == "a text stored before compression"
