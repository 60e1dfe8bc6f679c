"""Issue 18 rows 3 and 6: rule packs validated by type before use (API and CLI), and
GEXF exports that keep parallel edges and their evidence."""
from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from tests.graph_helpers import CT33, cite, line, plan
from vanban.graph.build import build_graph
from vanban.graph.nxstore import NetworkxStore
from vanban.graph.queries import export
from vanban.graph.rules import RuleError, parse_rules

BASE = "{id: a, severity: info, message: m, %s require: %s}"


@pytest.mark.parametrize("applies, require, err", [
    ("applies_to: {title_contains: 5},", "{cites_all: [x]}", "applies_to.title_contains must be a non-empty text"),
    ("applies_to: {title_contains: [dân vận]},", "{cites_all: [x]}", "title_contains"),
    ("applies_to: {types: Kế hoạch},", "{cites_all: [x]}", "applies_to.types must be a list of texts"),
    ("applies_to: {levels: [1, 2]},", "{cites_all: [x]}", "applies_to.levels"),
    ("applies_to: {year_from: '2022'},", "{cites_all: [x]}", "year_from must be a whole year"),
    ("applies_to: {year_to: true},", "{cites_all: [x]}", "year_to must be a whole year"),
    ("", "{cites_all: 33/CT-TTg}", "cites_all must be a non-empty list of codes"),
    ("", "{cites_any: [5, null]}", "cites_any must be"),
    ("", "{implements_level_above: yes please}", "implements_level_above must be true"),
    ("", "{implements_in_force: 1}", "implements_in_force must be true"),
])
def test_values_of_the_wrong_type_are_named_errors(applies, require, err):
    with pytest.raises(RuleError, match=err) as e:
        parse_rules("rules: [" + BASE % (applies, require) + "]", "pack.yaml")
    assert "pack.yaml: rule #1" in e.value.detail
    assert e.value.message_vi.startswith("pack.yaml: rule #1") and "phải là" in e.value.message_vi


@pytest.mark.parametrize("rule", [
    "{id: a, severity: info, message: {x: 1}, require: {cites_all: [x]}}",
    "{id: [a], severity: info, message: m, require: {cites_all: [x]}}",
    "{id: a, severity: info, message: m, reason: 3, require: {cites_all: [x]}}",
])
def test_rule_fields_of_the_wrong_type_are_refused(rule):
    with pytest.raises(RuleError):
        parse_rules(f"rules: [{rule}]")


def test_a_valid_pack_still_parses_and_checks():
    rules = parse_rules("rules: [" + BASE % ("applies_to: {title_contains: dân vận, year_from: 2022},",
                                             "{cites_any: ['33/CT-TTg']}") + "]")
    assert rules[0].applies_to["title_contains"] == "dân vận"


BAD_PACK = "rules:\n  - id: a\n    severity: info\n    message: m\n    applies_to: {title_contains: 5}\n" \
           "    require: {cites_all: ['33/CT-TTg']}\n"


def test_post_check_with_a_wrongly_typed_pack_is_400_not_500(tmp_path):
    from fastapi.testclient import TestClient

    from vanban.api.app import create_app
    from vanban.api.deps import Settings

    c = TestClient(create_app(settings=Settings(home=str(tmp_path / "home"))), raise_server_exceptions=False)
    r = c.post("/check", content=BAD_PACK.encode(), headers={"content-type": "application/yaml"})
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["code"] == "bad_rules"
    assert "title_contains must be a non-empty text" in body["detail"]
    assert "phải là" in body["message"]


def test_cli_check_with_a_wrongly_typed_pack_is_a_message_not_a_traceback(tmp_path, vanban_home, capsys):
    from vanban.cli import main

    pack = tmp_path / "pack.yaml"
    pack.write_text(BAD_PACK, encoding="utf-8")
    code = main(["check", "--rules", str(pack)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "title_contains" in err and "Traceback" not in err + out


# ------------------------------------------------------------------ GEXF
def _parallel_records():
    """A district plan that both implements and cites the province plan (two edges between
    the same two nodes), and two reporting lines between the same bodies."""
    prov = plan("p.txt", "34/KH-UBND", "2024-03-06", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình",
                citations=[cite(**CT33, relation="implements")])
    dist = plan("d.txt", "7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn",
                citations=[cite("34/KH-UBND", "2024-03-06", "UBND tỉnh", "implements"),
                           cite(**CT33)],
                reports=[line("UBND huyện Lạc Sơn", "UBND tỉnh Hòa Bình", deadlines=["--06-15"])])
    dist2 = plan("d2.txt", "8/KH-UBND", "2024-04-02", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn",
                 citations=[cite("34/KH-UBND", "2024-03-06", "UBND tỉnh", "implements")],
                 reports=[line("UBND huyện Lạc Sơn", "UBND tỉnh Hòa Bình", deadlines=["--12-01"])])
    return [prov, dist, dist2]


def _edge_multiset(g, type_attr):
    return sorted((a, b, d[type_attr], d["evidence"] if isinstance(d["evidence"], str)
                   else json.dumps(d["evidence"], ensure_ascii=False, sort_keys=True))
                  for a, b, d in g.edges(data=True))


def test_gexf_keeps_parallel_edges_and_their_evidence(tmp_path):
    store = NetworkxStore(tmp_path)
    store.replace(_parallel_records())
    g = store.whole_graph()
    # the corpus really has parallel edges: two between the same ends
    pairs = [(a, b) for a, b in g.edges()]
    assert len(pairs) > len(set(pairs))
    h = nx.read_gexf(io.BytesIO(store.export("gexf").encode()))
    assert h.is_multigraph()
    assert h.number_of_edges() == g.number_of_edges() == sum(store.stats()["edges"].values())
    assert _edge_multiset(h, "relation") == _edge_multiset(g, "type")
    assert {d["label"] for _, _, d in h.edges(data=True)} >= {"IMPLEMENTS", "CITES", "REPORTS_TO"}


def test_gexf_of_a_generated_corpus_has_every_edge(tmp_path):
    from vanban.ingest import _extract_all, iter_files, source_key
    from vanban.synth import generate_corpus

    generate_corpus(tmp_path / "c", seed=3, plans=60)
    files, _ = iter_files([tmp_path / "c"])
    recs = []
    for f, rec in zip(files, _extract_all(files, None, None), strict=True):
        rec.file = source_key(f)
        recs.append(rec)
    g = build_graph(recs)
    h = nx.read_gexf(io.BytesIO(export(g, "gexf").encode()))
    assert h.number_of_edges() == g.number_of_edges()
    assert _edge_multiset(h, "relation") == _edge_multiset(g, "type")
