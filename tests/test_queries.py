"""The user's questions over a graph built from records: check, implementers,
search, deadlines, subgraph, export."""
from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from tests.graph_helpers import CT33, QD23, cite, line, plan
from vanban.graph.build import build_graph
from vanban.graph.queries import (
    check,
    deadlines,
    document_detail,
    documents,
    export,
    implementers,
    resolve_ref,
    search,
    subgraph,
    trace,
)
from vanban.graph.rules import RuleError, load_rules, parse_rules
from vanban.models import BadRequest, NotFound


@pytest.fixture()
def g():
    prov = plan("p.txt", "34/KH-UBND", "2024-03-06", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình",
                citations=[cite(**CT33, relation="implements"), cite(**QD23)],
                reports=[line("UBND các huyện", "UBND tỉnh", "Sở Nội vụ", ["2024-11-20"])])
    d1 = plan("d1.txt", "7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn",
              citations=[cite("34/KH-UBND", "2024-03-06", "UBND tỉnh", "implements"), cite(**CT33),
                         cite(**QD23, resolved_by="title")],
              reports=[line("Phòng Nội vụ", "UBND tỉnh", None, ["2024-11-25"])])
    d2 = plan("d2.txt", "9/KH-UBND", "2024-03-21", "UBND huyện Kim Bôi", "district", district="huyện Kim Bôi",
              citations=[cite("34/KH-UBND", "2024-03-06", "UBND tỉnh Hòa Bình", "implements"), cite(**CT33)])
    x1 = plan("x1.txt", "3/KH-UBND", "2024-04-02", "UBND xã Tân Lạc", "commune", commune="xã Tân Lạc",
              citations=[cite("7/KH-UBND", "2024-03-20", "UBND huyện", "implements"), cite(**CT33), cite(**QD23)])
    other = plan("o.txt", "4/KH-UBND", "2024-05-02", "UBND huyện Kim Bôi", "district", district="huyện Kim Bôi",
                 title="Triển khai Đề án 06 năm 2024", citations=[cite("06/QĐ-TTg", "2022-01-06",
                                                                    "Thủ tướng Chính phủ", "implements",
                                                                    central=True)])
    return build_graph([prov, d1, d2, x1, other])


def test_check_finds_exactly_the_omission(g):
    found = check(g, load_rules())["violations"]
    # d2 cites 33 but not 23-QĐ/TW; d1 cites 23-QĐ/TW by title only, which counts.
    assert [(v["document"]["source"], v["rule"], v["missing"]) for v in found] == \
        [("d2.txt", "dvcq-quy-che-23", ["23-QĐ/TW"])]
    assert found[0]["severity"] == "violation" and "23-QĐ/TW" in found[0]["message"]


def test_implements_counts_as_citing_and_applies_to_filters(g):
    rules = parse_rules("""
rules:
  - {id: r33, severity: warning, message: m, require: {cites_all: ["33/CT-TTg"]}}
  - {id: commune-only, severity: info, message: m, applies_to: {levels: [commune]}, \
require: {cites_any: ["1/X-Y", "2/X-Y"]}}
  - {id: by-title, severity: info, message: m, applies_to: {title_contains: "DE AN 06"}, \
require: {cites_all: ["33/CT-TTg"]}}
  - {id: years, severity: info, message: m, applies_to: {year_from: 2025}, require: {cites_all: ["9/Z"]}}
""")
    found = {(v["document"]["source"], v["rule"]) for v in check(g, rules)["violations"]}
    assert found == {("o.txt", "r33"), ("x1.txt", "commune-only"), ("o.txt", "by-title")}


def test_implements_level_above(g):
    rules = parse_rules("rules: [{id: up, severity: warning, message: m, require: {implements_level_above: true}}]")
    found = [v["document"]["source"] for v in check(g, rules)["violations"]]
    assert found == ["o.txt"]  # a district plan implementing a central decision directly


@pytest.mark.parametrize("text,err", [
    ("rules: [", "not valid YAML"),
    ("rulez: []", "one key 'rules'"),
    ("rules: [{id: a, severity: bad, message: m, require: {cites_all: [x]}}]", "severity"),
    ("rules: [{id: a, severity: info, message: m, require: {cites_all: [x]}, colour: red}]", "unknown key"),
    ("rules: [{id: a, severity: info, message: m, applies_to: {kinds: [x]}, require: {cites_all: [x]}}]", "applies_to"),
    ("rules: [{id: a, severity: info, message: m, require: {cites_some: [x]}}]", "require"),
    ("rules: [{id: a, severity: info, message: m, require: {cites_all: []}}]", "non-empty"),
])
def test_bad_rule_files_are_clear_errors(text, err):
    with pytest.raises(RuleError, match=err):
        parse_rules(text)


def test_default_pack_has_reasons_in_vietnamese():
    for r in load_rules():
        assert r.reason and any(ch in r.reason for ch in "ăâđêôơư")


def test_implementers_transitive_grouped_by_level_and_place(g):
    ct33 = resolve_ref(g, "33/CT-TTg")[0]
    res = implementers(g, ct33)
    assert res["total"] == 4  # province, two districts, one commune
    levels = [grp["level"] for grp in res["groups"]]
    assert levels == sorted(levels, key=["province", "district", "commune"].index)
    commune = [p for grp in res["groups"] for p in grp["plans"] if p["level"] == "commune"][0]
    assert commune["depth"] == 3 and not commune["direct"]
    cov = {c["body"]: c for c in res["coverage"]}
    assert cov["UBND tỉnh Hòa Bình"]["known_below"] == 2


def test_search_ignores_accents_and_case(g):
    assert search(g, "chi thi 33")[0]["code"] == "33/CT-TTg"
    assert search(g, "KẾ HOẠCH 7")[0]["code"] == "7/KH-UBND"
    assert search(g, "kim boi")[0]["issuer"].endswith("Kim Bôi")
    with pytest.raises(BadRequest):
        search(g, "   ")


def test_deadlines_and_cascades(g):
    res = deadlines(g)
    assert [ln["deadlines"] for ln in res["lines"]] == [["2024-11-20"], ["2024-11-25"]]
    assert [(c["plan"]["source"], c["parent"]["source"]) for c in res["cascades"]] == [("d1.txt", "p.txt")]
    only = deadlines(g, unit="phong noi vu")["lines"]
    assert [ln["from"] for ln in only] == ["Phòng Nội vụ"]


@pytest.mark.parametrize(("lower", "upper", "cascade"), [
    (["---25"], ["2024-11-20"], ("2024-12-25", "2024-11-20")),   # every month: last met in December
    (["---15"], ["---20"], None),                                # every month, before the level above
    (["---25"], ["---20"], ("2024-12-25", "2024-12-20")),
    (["2024-11"], ["2024-11-20"], ("2024-11-30", "2024-11-20")),  # "trong tháng 11/2024": by its end
    (["2024-10"], ["2024-11-20"], None),
    (["--12-05"], ["--11-30"], ("2024-12-05", "2024-11-30")),     # every year's day, in the plans' year
])
def test_a_cascade_reads_monthly_and_whole_month_deadlines(lower, upper, cascade):
    prov = plan("p.txt", "34/KH-UBND", "2024-03-06", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình",
                reports=[line("UBND các huyện", "UBND tỉnh", None, upper)])
    dist = plan("d.txt", "7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn",
                citations=[cite("34/KH-UBND", "2024-03-06", "UBND tỉnh", "implements")],
                reports=[line("Phòng Nội vụ", "UBND huyện", None, lower)])
    res = deadlines(build_graph([prov, dist]))
    got = [(c["lower_deadline"], c["upper_deadline"]) for c in res["cascades"]]
    assert got == ([cascade] if cascade else [])


def test_subgraph_caps_and_filters(g):
    x1 = resolve_ref(g, "x1.txt")[0]
    view = subgraph(g, x1, depth=2, cap=5)
    assert view["nodes"][0]["id"] == x1 and len(view["nodes"]) == 5 and view["truncated"]
    ids = {n["id"] for n in view["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in view["edges"])
    overview = subgraph(g, None, cap=1000, kinds=["plan"], level="district")
    assert {n["level"] for n in overview["nodes"]} == {"district"}
    with pytest.raises(NotFound):
        subgraph(g, "doc:nope")
    with pytest.raises(BadRequest):
        subgraph(g, None, kinds=["planet"])


def test_documents_filters_and_pagination(g):
    res = documents(g, kind="plan", loaded=True, limit=2)
    assert res["total"] == 5 and len(res["items"]) == 2
    rest = documents(g, kind="plan", loaded=True, offset=2, limit=10)
    assert len(rest["items"]) == 3
    assert {i["id"] for i in res["items"]}.isdisjoint({i["id"] for i in rest["items"]})
    assert documents(g, place="Kim Bôi")["total"] == 2
    assert {i["code"] for i in documents(g, year=2021)["items"]} == {"33/CT-TTg", "23-QĐ/TW"}


def test_document_detail_has_evidence(g):
    d1 = resolve_ref(g, "d1.txt")[0]
    det = document_detail(g, d1)
    assert det["citations"][0]["relation"] == "implements"
    assert det["citations"][0]["evidence"][0]["source"] == "d1.txt"
    assert any(c["document"]["source"] == "x1.txt" for c in det["cited_by"])
    with pytest.raises(NotFound):
        document_detail(g, "doc:missing")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_round_trips(g, fmt):
    text = export(g, fmt)
    if fmt == "graphml":
        h = nx.read_graphml(io.BytesIO(text.encode()))
    elif fmt == "gexf":
        h = nx.read_gexf(io.BytesIO(text.encode()))
    else:
        h = nx.node_link_graph(json.loads(text), edges="edges")
    assert set(h.nodes) == set(g.nodes)
    with pytest.raises(BadRequest):
        export(g, "dot")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_reads_back_when_some_values_are_missing(fmt):
    # a document with a year next to one without (no date): the attribute type must hold
    a = plan("a.txt", "1/KH-UBND", None, "UBND huyện Kim Bôi", "district", district="huyện Kim Bôi",
             citations=[cite("2/KH-UBND", "2024-01-02", "UBND tỉnh Hòa Bình", "implements")])
    g = build_graph([a])
    text = export(g, fmt)
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    h = reader(io.BytesIO(text.encode()))
    years = {n: d.get("year") for n, d in h.nodes(data=True) if d.get("kind") in ("plan", "directive")}
    assert sorted(map(str, years.values())) == ["2024", "None"]


def test_trace_unknown_id(g):
    with pytest.raises(NotFound):
        trace(g, "doc:missing")
