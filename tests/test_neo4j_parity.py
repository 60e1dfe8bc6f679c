"""The Neo4j backend gives exactly the networkx backend's answers.

Both stores get the same records (the real seeds when ../shared is there, and a generated
corpus of 2,000+ plans); every query is asked of both and the answers compared. Lists whose
order is not part of the contract (exports) are compared after sorting.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from vanban.graph.neo4jstore import Neo4jStore
from vanban.graph.nxstore import NetworkxStore
from vanban.graph.rules import load_rules
from vanban.ingest import iter_files, sha256_file, source_key
from vanban.models import VanbanError

pytestmark = pytest.mark.neo4j

CORPUS_PLANS = 2000


def extract_records(paths):
    from vanban.ingest import _extract_all

    files, _ = iter_files(paths)
    out = []
    for f, rec in zip(files, _extract_all(files, None, None), strict=True):
        assert not isinstance(rec, dict), rec
        rec.file = source_key(f)
        rec.sha256 = rec.sha256 or sha256_file(f)
        out.append(rec)
    return out


def answer(fn, *args, **kw):
    """The result, or the error a user would see (code and message)."""
    try:
        return fn(*args, **kw)
    except VanbanError as exc:
        return {"error": type(exc).__name__, "code": exc.code, "detail": exc.detail,
                "candidates": getattr(exc, "candidates", None)}


def canonical_export(text: str, fmt: str):
    """An export with the order of its nodes, edges and attribute declarations taken out."""
    if fmt == "json":
        d = json.loads(text)
        d["nodes"] = sorted(d["nodes"], key=lambda n: n["id"])
        d["edges"] = sorted(d["edges"], key=lambda e: (e["source"], e["target"], str(e.get("key"))))
        # graph-level look-up tables list edges in iteration order: compare them as sets
        d["graph"] = {k: ({kk: sorted(vv, key=json.dumps) if isinstance(vv, list) else vv for kk, vv in v.items()}
                          if isinstance(v, dict) else v) for k, v in d.get("graph", {}).items()}
        return d
    import xml.etree.ElementTree as ET

    root = ET.fromstring(text)
    decl: dict[tuple[str, str], tuple[str, str]] = {}
    items = []
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "key":                                       # GraphML
            decl[("", el.get("id"))] = (el.get("attr.name"), el.get("attr.type"))
        elif tag == "attributes":                              # GEXF
            for a in el:
                decl[(el.get("class"), a.get("id"))] = (a.get("title"), a.get("type"))
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag not in ("node", "edge"):
            continue
        attrs = sorted((k, v) for k, v in el.attrib.items() if not (tag == "edge" and k == "id"))
        vals = []
        for sub in el.iter():
            st = sub.tag.rsplit("}", 1)[-1]
            if st == "data":
                vals.append((*decl[("", sub.get("key"))], sub.text or ""))
            elif st == "attvalue":
                vals.append((*decl[(tag, sub.get("for"))], sub.get("value") or ""))
        items.append((tag, attrs, sorted(vals)))
    return sorted(items)


def assert_parity(nxs: NetworkxStore, neo: Neo4jStore, seed: int = 0, sample: int | None = None,
                  trace_all: bool = True) -> int:
    """Ask both stores every question; return how many answers were compared."""
    rng = random.Random(seed)
    n = 0

    def same(what, a, b):
        nonlocal n
        n += 1
        assert a == b, f"{what}: networkx and neo4j differ"

    def pick(items, k):
        items = list(items)
        return items if sample is None or len(items) <= k else rng.sample(items, k)

    st_a, st_b = nxs.stats(), neo.stats()
    st_a.pop("backend"), st_b.pop("backend")
    same("stats", st_a, st_b)
    assert nxs.source_hashes() == neo.source_hashes()
    plans = nxs.loaded_plans()
    same("loaded_plans", plans, neo.loaded_plans())
    docs = nxs.documents(limit=1000)
    total = docs["total"]
    all_docs = []
    for off in range(0, total, 1000):
        page_a = nxs.documents(offset=off, limit=1000)
        same(f"documents@{off}", page_a, neo.documents(offset=off, limit=1000))
        all_docs += [d["id"] for d in page_a["items"]]
    for p in plans if trace_all else pick(plans, sample or 0):   # every plan's chain
        same(f"trace {p}", answer(nxs.trace, p), answer(neo.trace, p))
    for p in pick(plans, sample or 0):
        same(f"document {p}", answer(nxs.document, p), answer(neo.document, p))
        same(f"node {p}", nxs.node(p), neo.node(p))
        same(f"subgraph {p} 1", answer(nxs.subgraph, p, 1, 300), answer(neo.subgraph, p, 1, 300))
        src = nxs.node(p)["source"]
        for ref in (src, Path(src).name, nxs.node(p)["code"] or p):
            same(f"resolve {ref}", nxs.resolve_ref(ref), neo.resolve_ref(ref))
    # Two hops from a plan reach the central directive and every plan citing it: few of those.
    for p in pick(plans, 8 if trace_all else 2):
        same(f"subgraph {p} 2", answer(nxs.subgraph, p, 2, 300), answer(neo.subgraph, p, 2, 300))
    directives = [d for d in all_docs if d not in set(plans)]
    for d in pick(directives, sample or 0) + pick(plans, sample or 0):
        same(f"implementers {d}", answer(nxs.implementers, d), answer(neo.implementers, d))
        same(f"document {d}", answer(nxs.document, d), answer(neo.document, d))
    for bad in ("nope", "doc:nope", "33/CT-TTg", "KH", "./", "x.txt"):
        same(f"resolve {bad}", nxs.resolve_ref(bad), neo.resolve_ref(bad))
        same(f"trace {bad}", answer(nxs.trace, bad), answer(neo.trace, bad))
        same(f"implementers {bad}", answer(nxs.implementers, bad), answer(neo.implementers, bad))
        same(f"node {bad}", nxs.node(bad), neo.node(bad))
    rules = load_rules()
    same("check", nxs.check(rules), neo.check(rules))
    same("deadlines", nxs.deadlines(), neo.deadlines())
    for unit in ("UBND tỉnh", "phòng nội vụ", "xa"):
        same(f"deadlines {unit}", nxs.deadlines(unit), neo.deadlines(unit))
    for q in ("33/CT-TTg", "chi thi 33", "ke hoach dan van 2024", "UBND huyện", "23-QĐ/TW", "phong noi vu"):
        same(f"search {q}", answer(nxs.search, q, 20), answer(neo.search, q, 20))
    same("search empty", answer(nxs.search, "  "), answer(neo.search, "  "))
    for kw in ({}, {"kind": "plan", "level": "district"}, {"year": 2024, "loaded": True},
               {"place": "huyện", "offset": 10, "limit": 7}, {"issuer": "Thủ tướng"}, {"type": "chỉ thị"},
               {"limit": 0}):
        same(f"documents {kw}", answer(nxs.documents, **kw), answer(neo.documents, **kw))
    for kw in ({}, {"cap": 50}, {"year": 2024, "cap": 80}, {"level": "province"}, {"kinds": ["plan", "issuer"]},
               {"place": "xã", "cap": 40}, {"kinds": ["bogus"]}, {"depth": -1, "center": plans[0] if plans else None}):
        same(f"subgraph {kw}", answer(nxs.subgraph, **kw), answer(neo.subgraph, **kw))
    for fmt in ("json", "graphml", "gexf"):
        same(f"export {fmt}", canonical_export(nxs.export(fmt), fmt), canonical_export(neo.export(fmt), fmt))
    same("export bad", answer(nxs.export, "dot"), answer(neo.export, "dot"))
    return n


def generated_records(tmp_path_factory, name: str, seed: int, plans: int) -> list:
    """Extracted records of a corpus generated (vanban.synth) into a fresh folder."""
    from vanban.synth import generate_corpus

    root = tmp_path_factory.mktemp(name)
    generate_corpus(root, seed=seed, plans=plans)
    recs = extract_records([root])
    assert len(recs) >= plans
    return recs


@pytest.fixture(scope="module")
def corpus_records(tmp_path_factory):
    return generated_records(tmp_path_factory, "parity-corpus", 7, CORPUS_PLANS)


@pytest.fixture(scope="module")
def loaded(corpus_records, neo4j_driver, neo4j_uri, tmp_path_factory):
    from tests.neo4j_server import clear_database

    clear_database(neo4j_driver)
    nxs = NetworkxStore(tmp_path_factory.mktemp("nx-home"))
    nxs.replace(corpus_records)
    neo = Neo4jStore(neo4j_uri)
    neo.replace(corpus_records)
    yield nxs, neo
    neo.close()


def test_generated_corpus_same_answers(loaded):
    nxs, neo = loaded
    assert len(nxs.loaded_plans()) >= CORPUS_PLANS
    compared = assert_parity(nxs, neo, seed=1, sample=100)
    assert compared > CORPUS_PLANS


def test_reopened_store_same_answers(loaded, neo4j_uri):
    """A fresh connection (no cached graph) answers the same."""
    nxs, _ = loaded
    again = Neo4jStore(neo4j_uri)
    try:
        assert_parity(nxs, again, seed=2, sample=15, trace_all=False)
    finally:
        again.close()


def test_changed_and_removed_files_same_answers(loaded, corpus_records):
    """Incremental replace: a changed file replaces what it contributed, a removal drops it."""
    nxs, neo = loaded
    rng = random.Random(5)
    changed = []
    for rec in rng.sample(corpus_records, 25):
        r = type(rec).from_json(rec.to_json())
        r.citations = r.citations[:-1]            # the new version cites one document less
        r.document.title = (r.document.title or "") + " (sửa đổi)"
        r.sha256 = "changed-" + (r.sha256 or "")
        changed.append(r)
    removed = sorted({r.file for r in rng.sample(corpus_records, 10)} - {r.file for r in changed})
    for s in (nxs, neo):
        s.replace(changed, removals=removed)
    assert_parity(nxs, neo, seed=3, sample=25, trace_all=False)
    for s in (nxs, neo):
        s.replace([r for r in corpus_records if r.file in {c.file for c in changed} | set(removed)])
    assert_parity(nxs, neo, seed=4, sample=10, trace_all=False)


def _replacing_records(corpus_records, n: int, seed: int) -> list:
    """New plans that replace (or amend) loaded ones: same issuer and level, a later date and
    a new number, implementing what the old one implemented. The old plans' children then
    trace to a replaced parent and break the in-force rule."""
    from vanban.models import Citation

    rng = random.Random(seed)
    parents = [r for r in corpus_records if r.document.code and r.document.date and r.document.level != "commune"
               and any(c.relation == "implements" for c in r.citations)]
    out = []
    for k, old in enumerate(rng.sample(parents, min(n, len(parents)))):
        new = type(old).from_json(old.to_json())
        new.file = old.file.rsplit(".", 1)[0] + f"-thay-the-{k}.txt"
        new.sha256 = f"replacing-{k}"
        new.document.code = f"{900 + k}/KH-UBND"
        new.document.date = old.document.date[:4] + "-12-30"
        relation = "amends" if k % 3 == 2 else "replaces"
        new.citations = [c for c in new.citations if c.relation == "implements"] + [
            Citation(code=old.document.code, type=old.document.type, date=old.document.date,
                     issuer=old.document.issuer, relation=relation, spans=[(0, 1)],
                     sentence=f"Kế hoạch này thay thế Kế hoạch số {old.document.code}")]
        new.derived, new.reports_to = [], []
        out.append(new)
    return out


def test_replaced_and_amended_documents_same_answers(loaded, corpus_records):
    """The registry's new relations: trace's replaced marks, the in-force rule, details."""
    nxs, neo = loaded
    extra = _replacing_records(corpus_records, 30, seed=9)
    for s in (nxs, neo):
        s.replace(extra)
    try:
        assert nxs.stats()["edges"]["REPLACES"] > 0 and nxs.stats()["edges"]["AMENDS"] > 0
        marked = [p for p in nxs.loaded_plans() if nxs.trace(p)["replaced"]]
        assert marked, "no trace reaches a replaced parent"
        assert any(v["rule"] == "thuc-hien-van-ban-con-hieu-luc" for v in nxs.check(load_rules())["violations"])
        for p in marked[:40]:
            assert nxs.trace(p) == neo.trace(p)
        assert_parity(nxs, neo, seed=6, sample=25, trace_all=False)
    finally:
        for s in (nxs, neo):
            s.replace([], removals=[r.file for r in extra])


def test_seeds_same_answers(shared_dir, seed_files, neo4j_clean, neo4j_uri, tmp_path):
    recs = extract_records(seed_files)
    assert recs
    nxs = NetworkxStore(tmp_path / "nx")
    nxs.replace(recs)
    neo = Neo4jStore(neo4j_uri)
    try:
        neo.replace(recs)
        assert_parity(nxs, neo)
    finally:
        neo.close()


def test_mixed_reform_corpus_same_answers(tmp_path_factory, neo4j_driver, neo4j_uri):
    """Issue 13: on a mixed corpus (chains before and after the 2025 reform) both stores give the
    same traces, coverage of every province as of each truth date (with and without fold_old),
    reform findings and deadlines."""
    from tests.neo4j_server import clear_database
    from vanban.synth import ROOT_CODE, generate_corpus

    root = tmp_path_factory.mktemp("parity-mixed")
    truth = generate_corpus(root, seed=2, plans=200, world="mixed")
    recs = extract_records([root])
    clear_database(neo4j_driver)
    nxs = NetworkxStore(tmp_path_factory.mktemp("nx-mixed"))
    nxs.replace(recs)
    neo = Neo4jStore(neo4j_uri)
    try:
        neo.replace(recs)
        assert_parity(nxs, neo, seed=2, sample=20)
        ref = nxs.resolve_ref(ROOT_CODE)[0]
        assert neo.resolve_ref(ROOT_CODE) == [ref]
        for row in truth.coverage:
            for fold_old in (False, True):
                a = answer(nxs.implementers, ref, province=row["province_id"], as_of=row["as_of"], fold_old=fold_old)
                b = answer(neo.implementers, ref, province=row["province_id"], as_of=row["as_of"], fold_old=fold_old)
                assert json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(b, sort_keys=True,
                                                                                     ensure_ascii=False)
        assert nxs.check(load_rules())["reform"] == neo.check(load_rules())["reform"]
        # old and new bodies with their link (viewer details) and namesakes told apart (search)
        g = nxs.whole_graph()
        linked = sorted({n for e in g.edges(keys=True) if e[2] == "SUCCEEDED_BY" for n in e[:2]})
        plans = sorted(n for n, d in g.nodes(data=True) if d.get("kind") == "plan")[:10]
        assert linked
        for nid in linked[:30] + plans:
            a, b = answer(nxs.body_links, nid), answer(neo.body_links, nid)
            assert json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(b, sort_keys=True,
                                                                                 ensure_ascii=False), nid
        for text in ("UBND phường 1", "UBND tỉnh Quảng Ngãi", "UBND thành phố"):
            assert answer(nxs.search, text) == answer(neo.search, text)
    finally:
        neo.close()
