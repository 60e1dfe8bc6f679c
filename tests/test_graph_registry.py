"""The registry of relations: one place feeds the build, the queries, the API's
contract and the viewer; REPLACES/AMENDS ride on it end to end."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.graph_helpers import CT33, cite, plan
from vanban.graph import registry as R
from vanban.graph.build import build_graph
from vanban.graph.queries import check, document_detail, resolve_ref, trace
from vanban.graph.registry import UnknownRelation
from vanban.graph.rules import load_rules, parse_rules
from vanban.models import DerivedRelation

HB = "UBND tỉnh Hòa Bình"


def _province(file, code, date, citations):
    return plan(file, code, date, HB, "province", province="Hòa Bình", citations=citations)


def _district(parent_code="34/KH-UBND", parent_date="2024-03-06"):
    return plan("d.txt", "7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn",
                citations=[cite(parent_code, parent_date, "UBND tỉnh", "implements")])


@pytest.fixture()
def replaced_chain():
    """A district plan implements a province plan that a later province plan replaces."""
    old = _province("p-old.txt", "34/KH-UBND", "2024-03-06", [cite(**CT33, relation="implements")])
    new = _province("p-new.txt", "90/KH-UBND", "2024-06-01",
                    [cite(**CT33, relation="implements"), cite("34/KH-UBND", "2024-03-06", HB, "replaces")])
    amender = _province("p-amend.txt", "95/KH-UBND", "2024-07-01",
                        [cite("90/KH-UBND", "2024-06-01", HB, "amends")])
    return build_graph([old, new, amender, _district()])


def test_unknown_relation_is_an_error_never_a_silent_cites():
    bad = _province("p.txt", "34/KH-UBND", "2024-03-06", [cite(**CT33, relation="implement")])
    with pytest.raises(UnknownRelation) as e:
        build_graph([bad])
    assert "implement" in e.value.detail and "implements" in e.value.detail
    derived = _province("q.txt", "35/KH-UBND", "2024-03-06", [cite(**CT33), cite("1/KH-UBND", "2024-01-01", HB)])
    derived.derived = [DerivedRelation("1/KH-UBND", "33/CT-TTg", relation="obeys")]
    with pytest.raises(UnknownRelation):
        build_graph([derived])


def test_every_relation_a_citation_can_name_is_a_document_link_with_labels_and_style():
    assert set(R.citation_names()) >= {"implements", "cites", "replaces", "amends"}
    for name in R.citation_names():
        rel = R.relation_for_citation(name)
        assert rel.document_link and rel.label_vi and rel.label_en and rel.style.get("color")
    assert R.trace_types() == ("IMPLEMENTS",)
    assert R.ends_force_types() == ("REPLACES",)
    with pytest.raises(ValueError):
        R.register(R.Relation("IMPLEMENTS", "x", "x"))
    with pytest.raises(ValueError):
        R.register(R.Relation("bad type", "x", "x"))


def test_replaces_and_amends_become_edges_and_show_in_details(replaced_chain):
    g = replaced_chain
    types = {(g.nodes[a].get("code"), g.nodes[b].get("code"), d["type"]) for a, b, d in g.edges(data=True)}
    assert ("90/KH-UBND", "34/KH-UBND", "REPLACES") in types
    assert ("95/KH-UBND", "90/KH-UBND", "AMENDS") in types
    new = resolve_ref(g, "p-new.txt")[0]
    det = document_detail(g, new)
    assert [c["relation"] for c in det["citations"]] == ["implements", "replaces"]
    old = resolve_ref(g, "p-old.txt")[0]
    assert sorted(c["relation"] for c in document_detail(g, old)["cited_by"]) == ["implements", "replaces"]


def test_trace_marks_a_parent_that_a_later_document_replaced(replaced_chain):
    g = replaced_chain
    t = trace(g, resolve_ref(g, "d.txt")[0])
    assert [c["code"] for c in t["chain"]] == ["7/KH-UBND", "34/KH-UBND", "33/CT-TTg"]
    assert [(r["code"], [b["code"] for b in r["by"]]) for r in t["replaced"]] == [("34/KH-UBND", ["90/KH-UBND"])]
    assert t["gaps"] == []
    # amended is still in force: nothing to mark
    amended = trace(g, resolve_ref(g, "p-new.txt")[0])
    assert amended["replaced"] == []


def test_check_flags_a_plan_that_implements_a_replaced_document(replaced_chain):
    g = replaced_chain
    found = [v for v in check(g, load_rules())["violations"] if v["rule"] == "thuc-hien-van-ban-con-hieu-luc"]
    assert [(v["document"]["source"], v["missing"]) for v in found] == [("d.txt", ["in_force:34/KH-UBND"])]
    assert found[0]["evidence"]["replaced"][0]["by"][0]["code"] == "90/KH-UBND"
    # the plan that implements what replaced it is fine, and so is a graph without replacements
    fine = build_graph([_province("p.txt", "34/KH-UBND", "2024-03-06", [cite(**CT33, relation="implements")]),
                        _district()])
    rules = parse_rules("rules: [{id: f, severity: info, message: m, require: {implements_in_force: true}}]")
    assert check(fine, rules)["violations"] == []


# ------------------------------------------------------------------ a throwaway relation
THROWAWAY = textwrap.dedent('''
    import json
    from vanban.graph import registry as R
    R.register(R.Relation("ENDORSES", "Tán thành", "endorses", name="endorses", document_link=True,
                          style={"color": "#123456", "width": 1, "dashes": False}))
    from tests.graph_helpers import CT33, cite, plan
    from vanban.graph.build import build_graph
    from vanban.graph.queries import document_detail, resolve_ref, subgraph
    g = build_graph([plan("p.txt", "34/KH-UBND", "2024-03-06", "UBND tỉnh Hòa Bình", "province",
                          province="Hòa Bình", citations=[cite(**CT33, relation="endorses")])])
    edges = sorted(d["type"] for _, _, d in g.edges(data=True))
    det = document_detail(g, resolve_ref(g, "p.txt")[0])
    from api.app import create_app
    schema = create_app().openapi()["components"]["schemas"]
    from vanban.viz.render import build_payload
    payload = build_payload(subgraph(g), title="t")
    print(json.dumps({"edges": edges, "relations": [c["relation"] for c in det["citations"]],
                      "api_relation": schema["CitationOut"]["properties"]["relation"],
                      "api_edge": schema["EdgeOut"]["properties"]["type"],
                      "viewer": [r for r in payload["relations"] if r["type"] == "ENDORSES"],
                      "viewer_edge_types": payload["edge_types"]}))
''')


def test_a_relation_added_through_the_registry_alone_reaches_graph_api_and_viewer(tmp_path):
    from tests.conftest import REPO

    out = subprocess.run([sys.executable, "-c", THROWAWAY], cwd=REPO, capture_output=True, text=True, timeout=120,
                         check=False,
                         env={"VANBAN_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["edges"] == ["ENDORSES", "ISSUED_BY", "ISSUED_BY"]
    assert got["relations"] == ["endorses"]
    assert "endorses" in json.dumps(got["api_relation"])
    assert "ENDORSES" in json.dumps(got["api_edge"])
    assert got["viewer"][0]["label_vi"] == "Tán thành" and got["viewer"][0]["style"]["color"] == "#123456"
    assert "ENDORSES" in got["viewer_edge_types"]


def test_the_viewer_payload_and_the_api_contract_list_every_registered_relation():
    from api.app import create_app
    from vanban.viz.render import build_payload

    payload = build_payload({"nodes": [], "edges": []}, title="t")
    assert [r["type"] for r in payload["relations"]] == list(R.edge_types())
    assert {k["kind"] for k in payload["node_kinds"]} == set(R.node_kinds())
    schema = json.dumps(create_app().openapi()["components"]["schemas"]["CitationOut"])
    assert all(name in schema for name in R.citation_names())
