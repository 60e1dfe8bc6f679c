"""Issue 13 in the viewer and in search, without a browser: old and new bodies told apart (a body's
unit, its validity, its successors and predecessors along SUCCEEDED_BY), and the coverage panel's
province and day (the provinces of a day, the units of a province on it). Built from a generated
mixed corpus (chains before and after 1 July 2025 in the same provinces: vanban.synth)."""
from __future__ import annotations

import json
from collections import defaultdict

import pytest
from fastapi.testclient import TestClient

from test_viz_render import parse
from vanban.api.app import create_app
from vanban.cli import main
from vanban.graph import gazetteer as gz
from vanban.graph import schema as S
from vanban.graph.nxstore import NetworkxStore
from vanban.ingest import load_paths
from vanban.synth import ROOT_CODE, generate_corpus


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    truth = generate_corpus(root / "corpus", seed=5, plans=150, world="mixed")
    store = NetworkxStore(root / "home")
    assert load_paths(store, [root / "corpus"]).failed == []
    return truth, store


@pytest.fixture(scope="module")
def client(mixed):
    return TestClient(create_app(store=mixed[1]))


def _succeeded(store) -> list[tuple[str, str, bool]]:
    g = store.whole_graph()
    return sorted((a, b, bool(d.get("partial"))) for a, b, d in g.edges(data=True) if d["type"] == S.SUCCEEDED_BY)


def _namesakes(store) -> dict[str, list[str]]:
    """Issuer names held by several nodes (the old and the new body of one name)."""
    by_name = defaultdict(list)
    for n, d in store.whole_graph().nodes(data=True):
        if d.get("kind") == S.ISSUER and d.get("unit_id"):
            by_name[d["name"]].append(n)
    return {k: sorted(v) for k, v in by_name.items() if len(v) > 1}


# ---------------------------------------------------------------- search
def test_search_tells_same_named_bodies_apart(mixed, client, capsys):
    _, store = mixed
    namesakes = _namesakes(store)
    g = store.whole_graph()
    # every group of namesakes is told apart: district (before the reform), province, days of validity
    for name, ids in namesakes.items():
        hits = {h["id"]: h for h in store.search(name, 50) if h["kind"] == S.ISSUER}
        assert set(ids) <= set(hits), name
        units = [hits[i]["unit"] for i in ids]
        assert [u["id"] for u in units] == [g.nodes[i]["unit_id"] for i in ids]
        assert len({(u["district"], u["province"], u["valid_from"], u["valid_to"]) for u in units}) == len(ids)
    # an old and a new body of one name
    name, ids = next((k, v) for k, v in sorted(namesakes.items())
                     if {g.nodes[i]["unit_id"][:4] for i in v} == {"pre:", "post"})
    hits = {h["id"]: h for h in store.search(name, 50) if h["kind"] == S.ISSUER}
    units = [hits[i]["unit"] for i in ids]
    old = next(u for u in units if u["id"].startswith("pre:"))
    assert old["valid_to"] == "2025-06-30" and old["province"] == gz.province_of(old["id"]).full_name
    # the API and the CLI answer from the same function
    api = {h["id"]: h for h in client.get("/search", params={"q": name, "limit": 50}).json()}
    assert [api[i]["unit"] for i in ids] == units
    old_id = next(i for i in ids if hits[i]["unit"] is old)
    new_id = next(i for i in ids if hits[i]["unit"]["id"].startswith("post:"))
    for lang, until, since in (("en", "until 30 Jun 2025", "since 1 Jul 2025"), ("vi", "đến 30/6/2025", "từ 1/7/2025")):
        assert main(["--lang", lang, "--home", str(store.home), "search", name, "--limit", "50"]) == 0
        lines = {ln.rsplit(None, 1)[-1]: ln for ln in capsys.readouterr().out.splitlines() if ln.strip()}
        assert until in lines[old_id] and old["province"] in lines[old_id] and since not in lines[old_id]
        assert since in lines[new_id] and until not in lines[new_id]


# ---------------------------------------------------------------- old and new bodies
def test_body_links_follow_succeeded_by_both_ways(mixed):
    _, store = mixed
    edges = _succeeded(store)
    assert edges
    for a, b, partial in edges:
        after = store.body_links(a)
        before = store.body_links(b)
        assert (b, partial) in {(x["id"], x["partial"]) for x in after["successors"]}
        assert (a, partial) in {(x["id"], x["partial"]) for x in before["predecessors"]}
        assert after["body"]["unit"]["id"] == store.whole_graph().nodes[a]["unit_id"]
    # every link of a body is an edge of the graph, nothing more
    for nid in {a for a, _, _ in edges}:
        got = {(nid, x["id"], x["partial"]) for x in store.body_links(nid)["successors"]}
        assert got == {e for e in edges if e[0] == nid}


def test_a_plan_shows_its_issuers_unit_and_links(mixed):
    _, store = mixed
    g = store.whole_graph()
    olds = {a for a, _, _ in _succeeded(store)}
    plan = next(p for p in store.loaded_plans() if g.nodes[p].get("issuer_id") in olds)
    info = store.body_links(plan)
    issuer = g.nodes[plan]["issuer_id"]
    assert info["id"] == plan and info["body"]["id"] == issuer
    assert info["successors"] == store.body_links(issuer)["successors"] != []
    assert info["body"]["unit"]["valid_to"] == gz.unit(g.nodes[issuer]["unit_id"]).valid_to.isoformat()


def test_viz_body_route(mixed, client):
    _, store = mixed
    a, _, _ = _succeeded(store)[0]
    r = client.get("/viz/body", params={"ref": a})
    assert r.status_code == 200 and r.json() == json.loads(json.dumps(store.body_links(a)))
    r = client.get("/viz/body", params={"ref": "no-such-body"})
    assert r.status_code == 404 and set(r.json()) >= {"code", "message", "detail"}
    assert client.get("/viz/body").status_code == 422


# ---------------------------------------------------------------- coverage by province and day
def test_provinces_of_a_day(client):
    for day, n in (("2025-06-30", 63), ("2025-07-01", 34)):
        got = client.get("/viz/provinces", params={"as_of": day}).json()
        assert got["as_of"] == day and len(got["provinces"]) == n
        assert {p["id"] for p in got["provinces"]} == {u.id for u in gz.units_valid_on(day, level="province")}
    today = client.get("/viz/provinces").json()
    assert len(today["as_of"]) == 10 and len(today["provinces"]) == 34
    for bad in ("2025-02-30", "30/06/2025", "2025-6-1"):
        r = client.get("/viz/provinces", params={"as_of": bad})
        body = r.json()
        assert r.status_code == 422 and body["code"] == "invalid_request" and body["message"] and body["detail"]
        assert body["errors"][0]["loc"] == ["query", "as_of"]


def test_coverage_panel_lists_every_unit_of_the_province_on_the_day(mixed, client):
    truth, store = mixed
    ref = store.resolve_ref(ROOT_CODE)[0]
    assert truth.coverage
    for row in truth.coverage:
        params = {"ref": ref, "province": row["province_id"], "as_of": row["as_of"]}
        cov = client.get("/viz/coverage", params=params).json()
        units = store.implementers(ref, province=row["province_id"], as_of=row["as_of"])["units"]
        by_status = defaultdict(list)
        for r in cov["rows"]:
            by_status[r["status"]].append(r["unit_id"])
        assert {k: sorted(v) for k, v in by_status.items() if v} == \
            {k: sorted(units[k]) for k in ("covered", "none", "ambiguous") if units[k]}
        assert (cov["with_plan"], cov["without_plan"], cov["ambiguous"]) == \
            (len(units["covered"]), len(units["none"]), len(units["ambiguous"])) and cov["with_plan"]
        assert all(gz.unit(r["unit_id"]).valid_on(row["as_of"]) for r in cov["rows"])
        # a row's parent is its own (a district before the reform), so namesakes differ
        assert all(r["parent"] == gz.parent(r["unit_id"]).full_name for r in cov["rows"])
        folded = client.get("/viz/coverage", params={**params, "fold_old": "true"}).json()
        fold = store.implementers(ref, province=row["province_id"], as_of=row["as_of"], fold_old=True)["units"]
        assert sorted(r["unit_id"] for r in folded["rows"] if r["status"] in ("covered", "folded", "partial")) \
            == fold["fold_old"]["covered"]
        assert sorted(r["unit_id"] for r in folded["rows"] if r["status"] == "partial") == fold["fold_old"]["partial"]
    r = client.get("/viz/coverage", params={"ref": ref, "province": truth.coverage[0]["province_id"],
                                            "as_of": "2025-02-29"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_request"


# ---------------------------------------------------------------- the page
def test_page_carries_units_controls_and_offline_bodies(mixed):
    from vanban.viz.page import build_view
    _, store = mixed
    a, b, _ = _succeeded(store)[0]
    page, _ = build_view(store, focus=a, depth=1, nonce="n")
    doc = parse(page)
    ids = {a_.get("id") for _, a_ in doc.tags}
    assert {"vb-cov-province", "vb-cov-date", "vb-cov-fold", "vb-cov-form"} <= ids
    payload = json.loads(doc.data["vb-data"])
    nodes = {n["id"]: n for n in payload["nodes"]}
    assert nodes[a]["unit"]["valid_to"] == "2025-06-30"
    # offline: the details panel's data comes with the file, from the same function as /viz/body
    assert payload["bodies"][a] == json.loads(json.dumps(store.body_links(a)))
    issued = payload["edge_types"].index(S.ISSUED_BY)
    docs = [payload["nodes"][e[0]]["id"] for e in payload["edges"]
            if e[2] == issued and payload["nodes"][e[1]]["id"] == a]
    assert docs and all(payload["body_of"][d] == a for d in docs)
    served, _ = build_view(store, focus=a, depth=1, nonce="n", api_base="")
    assert json.loads(parse(served).data["vb-data"])["bodies"] == {}     # served: asked for at /viz/body
