"""The Neo4j backend's own guarantees: schema, batched idempotent loads, replace-by-source,
all-or-nothing loads, repair after a crash, selection from the CLI/env."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.graph_helpers import CT33, QD23, cite, line, plan
from vanban.graph.neo4jstore import Neo4jStore
from vanban.graph.nxstore import NetworkxStore
from vanban.graph.store import open_store

pytestmark = pytest.mark.neo4j


def _prov(file="p.txt", code="34/KH-UBND", year="2024"):
    return plan(file, code, f"{year}-03-06", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình",
                citations=[cite(**CT33, relation="implements")],
                reports=[line("UBND các huyện", "UBND tỉnh", "Sở Nội vụ", [f"{year}-11-30"])],
                units=["Sở Nội vụ"])


def _dist(file="d.txt", parent_date="2024-03-06", code="7/KH-UBND", district="huyện Lạc Sơn"):
    return plan(file, code, "2024-03-20", f"UBND {district}", "district", district=district,
                citations=[cite("34/KH-UBND", parent_date, "UBND tỉnh", "implements"), cite(**CT33)],
                reports=[line("UBND các xã", "UBND huyện", "Phòng Nội vụ", ["2024-12-10"])])


def _count(driver, q, **kw):
    records, _, _ = driver.execute_query(q, **kw)
    return records[0][0]


def _same(nxs, neo):
    a, b = nxs.stats(), neo.stats()
    a.pop("backend"), b.pop("backend")
    assert a == b
    for p in nxs.loaded_plans():
        assert nxs.trace(p) == neo.trace(p)
        assert nxs.document(p) == neo.document(p)
    assert nxs.deadlines() == neo.deadlines()


def test_schema_is_created_idempotently(neo4j_env):
    driver = neo4j_env
    Neo4jStore.from_env().close()
    Neo4jStore.from_env().close()          # a second start changes nothing
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
                                         "RETURN name, type, labelsOrTypes, properties")
    cons = {(r["labelsOrTypes"][0], tuple(r["properties"])) for r in records if r["type"] == "UNIQUENESS"}
    assert ("Node", ("id",)) in cons and ("Record", ("rid",)) in cons
    records, _, _ = driver.execute_query("SHOW INDEXES YIELD labelsOrTypes, properties, type "
                                         "WHERE type = 'RANGE' RETURN labelsOrTypes, properties")
    idx = {(r["labelsOrTypes"][0], r["properties"][0]) for r in records}
    for want in [("Document", "code"), ("Document", "issuer"), ("Document", "source"), ("Record", "source")]:
        assert want in idx, want


def test_open_store_selects_neo4j_from_env(neo4j_env):
    s = open_store()
    try:
        assert s.backend == "neo4j"
        s.ping()
        assert s.stats()["sources"] == 0
    finally:
        s.close()


def test_load_is_idempotent_and_batched(neo4j_env, tmp_path):
    driver = neo4j_env
    recs = [_prov(), _dist()]
    nxs = NetworkxStore(tmp_path)
    nxs.replace(recs)
    neo = Neo4jStore.from_env()
    neo.batch = 3     # several transactions per kind of row
    neo.replace(recs)
    _same(nxs, neo)
    before = driver.execute_query("MATCH (n) RETURN count(n) AS n")[0][0]["n"]
    rels = _count(driver, "MATCH ()-[e]->() RETURN count(e)")
    neo.replace(recs)                                # the same files again
    _same(nxs, neo)
    assert driver.execute_query("MATCH (n) RETURN count(n) AS n")[0][0]["n"] == before
    assert _count(driver, "MATCH ()-[e]->() RETURN count(e)") == rels
    assert _count(driver, "MATCH (r:Record) RETURN count(r)") == 2   # superseded versions collected
    assert neo.record("p.txt").text == "text of p.txt"
    assert neo.source_hashes() == {"p.txt": "p.txt", "d.txt": "d.txt"}
    neo.close()


def test_changed_file_replaces_what_it_contributed(neo4j_env, tmp_path):
    driver = neo4j_env
    nxs, neo = NetworkxStore(tmp_path), Neo4jStore.from_env()
    for s in (nxs, neo):
        s.replace([_prov(), _dist()])
    old_id = neo.resolve_ref("d.txt")[0]
    changed = _dist(code="8/KH-UBND", district="huyện Kim Bôi")
    changed.sha256 = "v2"
    for s in (nxs, neo):
        s.replace([changed])
    _same(nxs, neo)
    assert neo.resolve_ref("d.txt") != [old_id]
    assert _count(driver, "MATCH (n:Node {id: $id}) RETURN count(n)", id=old_id) == 0
    assert _count(driver, "MATCH (n:Node) WHERE n.name CONTAINS 'Lạc Sơn' RETURN count(n)") == 0
    for s in (nxs, neo):
        s.replace([], removals=["d.txt"])
    _same(nxs, neo)
    assert neo.record("d.txt") is None and "d.txt" not in neo.source_hashes()
    neo.clear()
    assert neo.stats()["sources"] == 0
    assert _count(driver, "MATCH (n:Node) RETURN count(n)") == 0
    neo.close()


def test_failed_batch_leaves_no_half_loaded_plan(neo4j_env, tmp_path):
    """A real server-side failure in the middle of a load (a constraint the new plans break,
    hit after several batches have committed) leaves the store exactly as it was."""
    driver = neo4j_env
    nxs = NetworkxStore(tmp_path)
    neo = Neo4jStore.from_env()
    neo.batch = 2
    first = [_prov()]
    nxs.replace(first)
    neo.replace(first)
    before = {"stats": neo.stats(), "hashes": neo.source_hashes(), "trace": neo.trace(neo.loaded_plans()[0]),
              "nodes": _count(driver, "MATCH (n) RETURN count(n)"),
              "rels": _count(driver, "MATCH ()-[e]->() RETURN count(e)")}
    # Plans of one year must have distinct levels: the second load breaks it on its Plan batch,
    # after its records, issuers and directives have been written in earlier transactions.
    driver.execute_query("CREATE CONSTRAINT test_plan_year_level IF NOT EXISTS "
                         "FOR (n:Plan) REQUIRE (n.year, n.level) IS UNIQUE")
    more = [_dist(), _dist("d2.txt", code="9/KH-UBND", district="huyện Kim Bôi")]
    with pytest.raises(Exception) as info:
        neo.replace(more)
    assert "already exists" in str(info.value) or "Constraint" in type(info.value).__name__ or \
        "constraint" in str(info.value).lower()
    again = Neo4jStore.from_env()
    for s in (neo, again):
        assert s.stats() == before["stats"]
        assert s.source_hashes() == before["hashes"]
        assert s.record("d.txt") is None
        assert s.resolve_ref("d.txt") == []
        assert s.trace(s.loaded_plans()[0]) == before["trace"]
    assert _count(driver, "MATCH (n) RETURN count(n)") == before["nodes"]
    assert _count(driver, "MATCH ()-[e]->() RETURN count(e)") == before["rels"]
    meta = driver.execute_query("MATCH (m:VanbanMeta) RETURN m.gen AS gen, m.graph_gen AS gg, m.pending AS p")[0][0]
    assert meta["gen"] == meta["gg"] and meta["p"] is None
    # Without the constraint the same load goes through and matches networkx.
    driver.execute_query("DROP CONSTRAINT test_plan_year_level")
    neo.replace(more)
    nxs.replace(more)
    _same(nxs, neo)
    neo.close()
    again.close()


def _edges(driver):
    rows = driver.execute_query("MATCH (a:Node)-[e]->(b:Node) RETURN a.id AS a, b.id AS b, type(e) AS t, "
                                "coalesce(e.key, type(e)) AS k, e.h AS h, elementId(e) AS eid")[0]
    out = {(r["a"], r["b"], r["t"], r["k"]): (r["h"], r["eid"]) for r in rows}
    assert len(out) == len(rows), "two relationships with the same ends, type and key"
    return out


def test_a_changed_file_creates_only_new_and_updates_changed_in_place(neo4j_env, tmp_path):
    """Convergence writes the difference: relationships that did not change are not touched
    (same element id), changed ones are updated in place, new ones created once, gone ones deleted."""
    driver = neo4j_env
    nxs, neo = NetworkxStore(tmp_path), Neo4jStore.from_env()
    neo.batch = 2
    for s in (nxs, neo):
        s.replace([_prov(), _dist()])
    before = _edges(driver)
    changed = plan("d.txt", "7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn",
                   citations=[cite("34/KH-UBND", "2024-03-06", "UBND tỉnh", "implements"), cite(**QD23)],
                   reports=[line("UBND các xã", "UBND huyện", "Phòng Nội vụ", ["2024-12-15"])],
                   units=["Phòng Tư pháp"])
    changed.sha256 = "v2"
    for s in (nxs, neo):
        s.replace([changed])
    _same(nxs, neo)
    after = _edges(driver)
    kept = [k for k in before if k in after and before[k][0] == after[k][0]]
    updated = [k for k in before if k in after and before[k][0] != after[k][0]]
    assert kept and updated and set(after) - set(before) and set(before) - set(after)
    for k in kept + updated:
        assert after[k][1] == before[k][1], k        # the same relationship, not deleted and re-created
    assert any(k[2] == "CITES" and "23" in k[1] for k in set(after) - set(before))
    neo.close()


def test_a_batch_that_misses_rows_rolls_back(neo4j_env, tmp_path, monkeypatch):
    """Relationships are created from the internal ids of their ends; a batch that does not
    reach every row (the graph changed under the lock) fails the load, which rolls back."""
    driver = neo4j_env
    nxs, neo = NetworkxStore(tmp_path), Neo4jStore.from_env()
    for s in (nxs, neo):
        s.replace([_prov()])
    before = {"stats": neo.stats(), "edges": set(_edges(driver)), "hashes": neo.source_hashes()}
    real = Neo4jStore._stored_state
    calls = []

    def stale(self):
        nodes, edges = real(self)
        if not calls:        # the load's own read: one node "moved" (an id no node has)
            pid = next(n for n in nodes if n.startswith("doc:34"))
            nodes[pid] = (nodes[pid][0], 10 ** 12)
        calls.append(1)
        return nodes, edges

    monkeypatch.setattr(Neo4jStore, "_stored_state", stale)
    with pytest.raises(Exception, match="touched 0 of"):
        neo.replace([_dist()])
    assert len(calls) == 2                       # the rollback read the real state again
    monkeypatch.setattr(Neo4jStore, "_stored_state", real)
    assert neo.stats() == before["stats"] and set(_edges(driver)) == before["edges"]
    assert neo.source_hashes() == before["hashes"] and neo.record("d.txt") is None
    _same(nxs, neo)
    meta = driver.execute_query("MATCH (m:VanbanMeta) RETURN m.gen AS gen, m.graph_gen AS gg, m.pending AS p")[0][0]
    assert meta["gen"] == meta["gg"] and meta["p"] is None
    for s in (nxs, neo):
        s.replace([_dist()])
    _same(nxs, neo)
    neo.close()


def test_a_store_left_dirty_is_repaired_on_open(neo4j_env, tmp_path):
    """If a load died between batches and could not roll back (server gone, process killed),
    the next store to open rebuilds the graph from the committed records."""
    driver = neo4j_env
    nxs, neo = NetworkxStore(tmp_path), Neo4jStore.from_env()
    for s in (nxs, neo):
        s.replace([_prov(), _dist()])
    neo.close()
    # what a dead load leaves: some graph written, graph marked dirty, uncommitted records
    driver.execute_query("MATCH (n:Plan) DETACH DELETE n")
    driver.execute_query("CREATE (:Node:Plan:Document {id: 'doc:half', kind: 'plan', data: '{}', h: 'x'})")
    driver.execute_query("CREATE (:Record {rid: '99:x.txt', source: 'x.txt', g0: 99, deleted: false, data: '{}'})")
    driver.execute_query("MATCH (m:VanbanMeta) SET m.graph_gen = -1")
    again = Neo4jStore.from_env()
    _same(nxs, again)
    assert _count(driver, "MATCH (n {id: 'doc:half'}) RETURN count(n)") == 0
    assert "x.txt" not in again.source_hashes()
    again.replace([_prov("p2.txt", "35/KH-UBND", "2025")])
    nxs.replace([_prov("p2.txt", "35/KH-UBND", "2025")])
    assert _count(driver, "MATCH (r:Record {source: 'x.txt'}) RETURN count(r)") == 0
    _same(nxs, again)
    again.close()


def test_cli_backend_neo4j(neo4j_env, tmp_path):
    """`vanban --backend neo4j load` then `trace --json` answers like the default backend."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "kh.txt").write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\n\nSố: 34/KH-UBND\n\nHòa Bình, ngày 06 tháng 3 năm 2024\n\n"
        "KẾ HOẠCH\nThực hiện công tác dân vận chính quyền năm 2024\n\n"
        "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ, "
        "UBND tỉnh ban hành Kế hoạch thực hiện như sau.\n", encoding="utf-8")
    env = dict(os.environ)
    outs = {}
    for backend in ("networkx", "neo4j"):
        env["VANBAN_HOME"] = str(tmp_path / "home")
        cmd = [sys.executable, "-m", "vanban.cli", "--backend", backend]
        r = subprocess.run(cmd + ["load", str(folder), "--json"], env=env, capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["stats"]["backend"] == backend
        r = subprocess.run(cmd + ["trace", str(folder / "kh.txt"), "--json"], env=env, capture_output=True,
                           text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        outs[backend] = json.loads(r.stdout)
    assert outs["networkx"] == outs["neo4j"]


def test_a_store_in_the_previous_layout_is_read_and_converged(neo4j_env, tmp_path):
    """Stores written before records were compressed and relationships slimmed (records with
    plain data/text, hex-string h, key/derived on every relationship) still answer, and the
    next load rewrites them in the current layout."""
    from vanban.graph.neo4jstore import _unpack

    driver = neo4j_env
    nxs, neo = NetworkxStore(tmp_path), Neo4jStore.from_env()
    for s in (nxs, neo):
        s.replace([_prov(), _dist()])
    neo.close()
    rows, _, _ = driver.execute_query("MATCH (r:Record) RETURN elementId(r) AS e, r.zdata AS z, r.ztext AS t")
    for r in rows:
        driver.execute_query("MATCH (r:Record) WHERE elementId(r) = $e SET r.data = $d, r.text = $t "
                             "REMOVE r.zdata, r.ztext", e=r["e"], d=_unpack(r["z"]), t=_unpack(r["t"]))
    driver.execute_query("MATCH (n:Node) SET n.h = 'sha1-hex'")
    driver.execute_query("MATCH ()-[e]->() SET e.key = coalesce(e.key, type(e)), e.rank = coalesce(e.rank, 0), "
                         "e.h = 'sha1-hex', e.derived = false")
    old = Neo4jStore.from_env()
    _same(nxs, old)
    assert old.record("p.txt").text == nxs.record("p.txt").text
    more = [_prov("p2.txt", "35/KH-UBND", "2025")]
    old.replace(more)
    nxs.replace(more)
    _same(nxs, old)
    assert _count(driver, "MATCH (n:Node) WHERE n.h = 'sha1-hex' RETURN count(n)") == 0
    assert _count(driver, "MATCH ()-[e]->() WHERE e.h = 'sha1-hex' OR e.derived IS NOT NULL "
                          "OR e.key = type(e) OR e.rank = 0 RETURN count(e)") == 0
    assert _count(driver, "MATCH (r:Record) WHERE r.zdata IS NULL AND NOT r.deleted RETURN count(r)") == 2
    assert old.record("p2.txt").text == nxs.record("p2.txt").text
    old.close()
