"""Issue 13 items 2 and 4: places resolved against the dated gazetteer, and coverage of a province's
units as of a date, checked end to end (files -> extraction -> graph -> answers) against the truth
of generated two-level and mixed corpora (vanban.synth)."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from vanban.cli import main
from vanban.graph import gazetteer as gz
from vanban.graph.nxstore import NetworkxStore
from vanban.ingest import load_paths
from vanban.models import BadRequest
from vanban.synth import ROOT_CODE, generate_corpus


def _nfc(s):
    return unicodedata.normalize("NFC", s) if s else s


def _load(tmp_path_factory, name: str, **kw):
    root = tmp_path_factory.mktemp(name)
    truth = generate_corpus(root, **kw)
    store = NetworkxStore(tmp_path_factory.mktemp(name + "-home"))
    report = load_paths(store, [root])
    assert report.failed == []
    return root, truth, store


@pytest.fixture(scope="module", params=[5, 3])
def mixed(tmp_path_factory, request):
    """1,000+ plan mixed corpora (chains before and after the reform in the same provinces). Seed 3
    has an old and a new province of one name that both issued plans in 2025."""
    return _load(tmp_path_factory, f"mixed{request.param}", seed=request.param, plans=1200, world="mixed")


@pytest.fixture(scope="module")
def two_level(tmp_path_factory):
    return _load(tmp_path_factory, "two", seed=2, plans=200, world="two-level")


def _node(root: Path, store, p: dict) -> str:
    (nid,) = store.resolve_ref(str((root / p["file"]).resolve()))
    return nid


def _wrong_traces(root, truth, store) -> list[dict]:
    wrong = []
    for p in truth.plans:
        got = store.trace(_node(root, store, p))["chain"]
        if [(_nfc(c["code"]), c["date"]) for c in got[1:]] != [(_nfc(c["code"]), c["date"]) for c in p["chain"][1:]]:
            wrong.append(p)
    return wrong


def _coverage(store, row: dict) -> dict:
    ref = store.resolve_ref(ROOT_CODE)[0]
    return store.implementers(ref, province=row["province_id"], as_of=row["as_of"],
                              fold_old="fold_old" in row)["units"]


# ---------------------------------------------------------------- two-level world

def test_two_level_traces_and_coverage_equal_the_truth(two_level):
    root, truth, store = two_level
    assert _wrong_traces(root, truth, store) == []
    assert truth.coverage
    for row in truth.coverage:
        got = _coverage(store, row)
        assert (got["covered"], got["none"], got["ambiguous"]) == (row["covered"], row["none"], row["ambiguous"])
        assert got["units"] == row["units"] and got["province_id"] == row["province_id"]
        assert got["fold_old"] == row["fold_old"]


def test_two_level_plans_carry_their_unit_and_answer_to_the_province(two_level):
    root, truth, store = two_level
    g = store.whole_graph()
    for p in truth.plans:
        n = g.nodes[_node(root, store, p)]
        assert n["unit_id"] == p["unit_id"], p["file"]
        if p["level"] == "commune":
            # no district after the reform: the place is the commune and its province
            assert gz.unit(n["unit_id"]).parent_id == p["province_id"]
            assert "huyện" not in (n["place"] or "") and "quận" not in (n["place"] or "")


def test_cli_coverage_as_of_a_date(two_level, capsys, monkeypatch):
    root, truth, store = two_level
    row = truth.coverage[0]
    monkeypatch.setenv("VANBAN_LANG", "en")
    home = str(store.home) if hasattr(store, "home") else None
    args = ["--home", home] if home else []
    code = main(args + ["implementers", ROOT_CODE, "--province", row["province_id"], "--as-of", row["as_of"],
                        "--fold-old", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    units = json.loads(out)["units"]
    assert units["covered"] == row["covered"] and units["none"] == row["none"]
    code = main(args + ["implementers", ROOT_CODE, "--province", row["province_id"], "--as-of", row["as_of"]])
    out, _ = capsys.readouterr()
    assert code == 0
    assert f"{row['units']} unit(s), {len(row['covered'])} with a plan" in out
    first_none = gz.unit(row["none"][0]).full_name if row["none"] else None
    if first_none:
        assert f"none: {first_none} ({row['none'][0]})" in out


def test_coverage_refuses_an_unknown_province_or_a_bad_date(two_level):
    _, _, store = two_level
    ref = store.resolve_ref(ROOT_CODE)[0]
    with pytest.raises(BadRequest, match="no province"):
        store.implementers(ref, province="Quảng Ngãi 6", as_of="2025-09-01")
    with pytest.raises(BadRequest, match="YYYY-MM-DD"):
        store.implementers(ref, province="Quảng Ngãi", as_of="2025-13")
    with pytest.raises(BadRequest, match="both"):
        store.implementers(ref, province="Quảng Ngãi")
    # the old province did not exist after the reform
    with pytest.raises(BadRequest, match="no province"):
        store.implementers(ref, province="Kon Tum", as_of="2025-09-01")


# ---------------------------------------------------------------- mixed world (1,000+ plans)

def test_mixed_traces_equal_the_truth(mixed):
    """Every trace of a 1,000+ plan mixed corpus equals the truth: numbered wards ("phường 7"),
    wards dated by a month or a year only, and a ward name that is also a province's ("Phú Thọ")
    included."""
    root, truth, store = mixed
    assert len(truth.plans) >= 1000
    wrong = _wrong_traces(root, truth, store)
    assert wrong == [], [p["file"] for p in wrong[:5]]


def _wrong_units(root, truth, store) -> list[dict]:
    g = store.whole_graph()
    return [p for p in truth.plans if g.nodes[_node(root, store, p)].get("unit_id") != p["unit_id"]]


def test_mixed_plans_resolve_to_their_units_and_coverage_equals_the_truth(mixed):
    """Each plan resolves to its gazetteer unit, and coverage of every province as of every date
    equals the truth exactly; rows partition the units, ambiguous units are never 'none'."""
    root, truth, store = mixed
    misplaced = _wrong_units(root, truth, store)
    assert misplaced == [], [(p["file"], p["unit_id"]) for p in misplaced[:5]]
    assert truth.coverage
    for row in truth.coverage:
        got = _coverage(store, row)
        assert sorted(got["covered"] + got["none"] + got["ambiguous"]) == sorted(row["covered"] + row["none"])
        assert not set(got["ambiguous"]) & set(got["none"])
        assert (got["covered"], got["none"], got["ambiguous"]) == (row["covered"], row["none"], row["ambiguous"]), \
            (row["province"], row["as_of"])
        if "fold_old" in row:
            assert got["fold_old"] == row["fold_old"]


def test_mixed_old_and_new_units_of_one_name_are_told_apart(mixed):
    """A reused name (the old and the new "tỉnh Quảng Ngãi", an old and a new ward) and two old
    communes of one name in different districts resolve to their own gazetteer units."""
    root, truth, store = mixed
    g = store.whole_graph()
    same_name = [p for p in truth.plans if p["ambiguous_name"]]
    assert same_name
    right = sum(g.nodes[_node(root, store, p)].get("unit_id") == p["unit_id"] for p in same_name)
    assert right / len(same_name) >= 0.9
    eras = {}
    for p in truth.plans:
        if p["level"] == "province":
            eras.setdefault(gz.unit(p["unit_id"]).name, set()).add(g.nodes[_node(root, store, p)]["unit_id"])
    assert any(len(ids) == 2 and {i.split(":")[0] for i in ids} == {"pre", "post"} for ids in eras.values())


def test_api_coverage_as_of_a_date(two_level):
    from fastapi.testclient import TestClient

    from test_api_support import assert_error
    from vanban.api.app import create_app
    from vanban.api.deps import Settings
    from vanban.api.public import public_data

    _, truth, store = two_level
    row = truth.coverage[0]
    ref = store.resolve_ref(ROOT_CODE)[0]
    with TestClient(create_app(store, Settings(token="t" * 32)), raise_server_exceptions=False) as c:
        r = c.get("/implementers", params={"ref": ROOT_CODE, "province": row["province_id"], "as_of": row["as_of"],
                                           "fold_old": "true"})
        assert r.status_code == 200, r.text
        units = r.json()["units"]
        assert units == public_data(store.implementers(ref, province=row["province_id"], as_of=row["as_of"],
                                                       fold_old=True))["units"]
        assert (units["covered"], units["none"]) == (row["covered"], row["none"])
        assert "units" not in c.get("/implementers", params={"ref": ROOT_CODE}).json() or \
            c.get("/implementers", params={"ref": ROOT_CODE}).json()["units"] is None
        assert_error(c.get("/implementers", params={"ref": ROOT_CODE, "province": "Atlantis",
                                                    "as_of": "2025-09-01"}), 400)
        assert c.get("/implementers", params={"ref": ROOT_CODE, "province": "Lai Châu",
                                              "as_of": "2025-13-45"}).status_code in (400, 422)


def test_viewer_coverage_rows_list_every_unit_of_the_province(two_level):
    from vanban.viz.coverage import coverage_rows

    _, truth, store = two_level
    row = truth.coverage[0]
    ref = store.resolve_ref(ROOT_CODE)[0]
    got = coverage_rows(store, ref, province=row["province_id"], as_of=row["as_of"])
    assert len(got["rows"]) == row["units"] and got["with_plan"] == len(row["covered"])
    by_id = {r["unit_id"]: r for r in got["rows"]}
    assert {i for i, r in by_id.items() if r["status"] == "covered"} == set(row["covered"])
    assert all(r["plans"] for r in got["rows"] if r["status"] == "covered")
    assert all(not r["plans"] for r in got["rows"] if r["status"] == "none")
    # without a province the panel keeps its old rows (bodies known from the graph)
    assert "status" not in (coverage_rows(store, ref)["rows"] or [{}])[0]


def test_mixed_old_and_new_bodies_are_different_issuer_nodes(mixed):
    """The pre-reform and the post-reform "UBND tỉnh X" (a reused name) issue their plans as two
    nodes, each with its gazetteer unit."""
    root, truth, store = mixed
    g = store.whole_graph()
    issuers: dict[str, set[str]] = {}
    for p in truth.plans:
        if p["level"] != "province":
            continue
        iid = g.nodes[_node(root, store, p)]["issuer_id"]
        assert g.nodes[iid].get("unit_id") == p["unit_id"], p["file"]
        issuers.setdefault(p["issuer"], set()).add(iid)
    assert any(len(ids) == 2 for ids in issuers.values())     # the same name, two bodies


# ---------------------------------------------------------------- reform rules (check, deadlines)

def _reform_graph():
    from graph_helpers import CT33, cite, line, plan
    from vanban.graph.build import build_graph

    old_district = plan("tanlac.txt", "12/KH-UBND", "2025-01-29", "UBND huyện Tân Lạc", "district",
                        citations=[cite(**CT33, relation="implements")],
                        reports=[line("UBND huyện Tân Lạc", "UBND tỉnh Hòa Bình", deadlines=["2025-11-15"])],
                        province="Hòa Bình", district="huyện Tân Lạc")
    # a commune written after the reform that still implements, reports to and assigns tasks
    # to the abolished district
    ward = plan("muongbi.txt", "13/KH-UBND", "2025-09-10", "UBND xã Mường Bi", "commune",
                citations=[cite("12/KH-UBND", "2025-01-29", "UBND huyện Tân Lạc", relation="implements",
                                type="Kế hoạch")],
                reports=[line("UBND xã Mường Bi", "UBND huyện Tân Lạc", deadlines=["2025-12-01"])],
                units=["UBND huyện Tân Lạc"], province="Phú Thọ", commune="xã Mường Bi")
    # a commune written after the reform that answers to its (new) province: nothing to flag
    fine = plan("fine.txt", "14/KH-UBND", "2025-09-12", "UBND xã Mường Bi", "commune",
                citations=[cite("244/KH-UBND", "2025-07-17", "UBND tỉnh Phú Thọ", relation="implements",
                                type="Kế hoạch")],
                reports=[line("UBND xã Mường Bi", "UBND tỉnh Phú Thọ", deadlines=["2025-12-01"])],
                province="Phú Thọ", commune="xã Mường Bi")
    return build_graph([old_district, ward, fine])


def test_check_flags_a_post_reform_plan_answering_to_an_abolished_body():
    from vanban.graph import queries as Q

    g = _reform_graph()
    found = Q.reform_findings(g)
    assert {(f["document"]["source"], f["relation"]) for f in found} == {
        ("muongbi.txt", "implements"), ("muongbi.txt", "reports_to"), ("muongbi.txt", "assigns")}
    for f in found:
        assert f["unit_id"] == "pre:155" and f["ended"] == "2025-06-30"
        assert "huyện Tân Lạc" in f["message"] and "2025-06-30" in f["message"]
    assert Q.check(g, [])["reform"] == found


def test_deadlines_skip_bodies_that_have_ended():
    from vanban.graph import queries as Q

    g = _reform_graph()
    d = Q.deadlines(g)
    tos = {(x["plan"]["source"], x["to"]) for x in d["lines"]}
    assert ("muongbi.txt", "UBND huyện Tân Lạc") not in tos
    assert ("fine.txt", "UBND tỉnh Phú Thọ") in tos and ("tanlac.txt", "UBND tỉnh Hòa Bình") in tos
    assert [s["to"] for s in d["skipped_ended"]] == ["UBND huyện Tân Lạc"]
    assert not any(c["parent"]["source"] == "tanlac.txt" for c in d["cascades"])


def test_generated_corpora_raise_no_false_reform_findings(mixed):
    """In the generated mixed corpus post-reform plans only cite (never implement) abolished
    bodies' plans: check flags none of the plans it traces right (the few it traces wrong may
    land on an old body, and then the finding is the symptom worth seeing)."""
    root, truth, store = mixed
    from vanban.graph.rules import load_rules
    wrong = {str((root / p["file"]).resolve()) for p in _wrong_traces(root, truth, store)}
    found = store.check(load_rules())["reform"]
    assert [f["document"]["source"] for f in found if f["document"]["source"] not in wrong] == []


def test_cli_check_prints_reform_findings(tmp_path, capsys, monkeypatch):
    from graph_helpers import cite, line, plan

    ward = plan("muongbi.txt", "13/KH-UBND", "2025-09-10", "UBND xã Mường Bi", "commune",
                citations=[cite("12/KH-UBND", "2025-01-29", "UBND huyện Tân Lạc", relation="implements",
                                type="Kế hoạch")],
                reports=[line("UBND xã Mường Bi", "UBND huyện Tân Lạc", deadlines=["2025-12-01"])],
                province="Phú Thọ", commune="xã Mường Bi")
    NetworkxStore(tmp_path / "home").replace([ward])
    monkeypatch.setenv("VANBAN_LANG", "en")
    code = main(["--home", str(tmp_path / "home"), "check"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "[2025 reform] 13/KH-UBND (2025-09-10) reports to UBND huyện Tân Lạc: ended on 2025-06-30" in out
    assert "implements a plan of UBND huyện Tân Lạc" in out


def test_mixed_old_bodies_are_linked_to_their_successors(mixed):
    """SUCCEEDED_BY {partial} joins an old body's node to its successor's, per the gazetteer."""
    _, truth, store = mixed
    g = store.whole_graph()
    edges = [(a, b, d) for a, b, d in g.edges(data=True) if d["type"] == "SUCCEEDED_BY"]
    assert edges
    for a, b, d in edges:
        succ = {s.unit.id: s.partial for s in gz.successors(g.nodes[a]["unit_id"])} if g.nodes[a].get("unit_id") \
            else {}
        olds = [g.nodes[a]["unit_id"], *(g.nodes[a].get("other_unit_ids") or ())]
        news = [g.nodes[b]["unit_id"], *(g.nodes[b].get("other_unit_ids") or ())]
        assert any(n in {s.unit.id for o in olds for s in gz.successors(o)} for n in news)
        assert isinstance(d["partial"], bool) and succ is not None
    # every merged province of the corpus: its old bodies point to the new one
    for p in truth.plans:
        if p["level"] == "province" and p["era"] == "pre":
            new = [s.unit.id for s in gz.successors(p["unit_id"])]
            olds = [n for n, d in g.nodes(data=True) if d.get("unit_id") == p["unit_id"] and d["kind"] == "issuer"]
            assert any(g.nodes[b].get("unit_id") in new for o in olds for _, b, k in g.out_edges(o, keys=True)
                       if k == "SUCCEEDED_BY"), p["file"]


def test_trace_shows_both_worlds_and_the_link(mixed, capsys, monkeypatch):
    """A chain through bodies that ended on 30 June 2025 names each one's unit and what took it over
    (JSON and text); a post-reform chain shows units that still exist and no successors."""
    root, truth, store = mixed
    old = next(p for p in truth.plans if p["level"] == "commune" and p["unit_id"].startswith("pre:"))
    new = next(p for p in truth.plans if p["level"] == "commune" and p["unit_id"].startswith("post:"))
    chain = store.trace(_node(root, store, old))["chain"]
    el = chain[0]
    assert el["unit"]["id"] == old["unit_id"] and el["unit"]["valid_to"] == "2025-06-30"
    assert [s["unit"]["id"] for s in el["succeeded_by"]] == sorted(s.unit.id for s in gz.successors(old["unit_id"]))
    assert el["succeeded_by"]
    new_el = store.trace(_node(root, store, new))["chain"][0]
    assert new_el["unit"]["id"] == new["unit_id"] and new_el["unit"]["valid_to"] is None
    assert new_el["succeeded_by"] == []
    monkeypatch.setenv("VANBAN_LANG", "en")
    home = str(store.home)
    assert main(["--home", home, "trace", str((root / old["file"]).resolve())]) == 0
    out = capsys.readouterr().out
    first = el["succeeded_by"][0]["unit"]["name"]
    assert f"({el['unit']['name']} existed until 30 Jun 2025; now: {first}" in out


def test_the_sweep_script_reports_a_corpus_exact(capsys):
    """scripts/reform_sweep.py (the note's figures for many seeds) on one small corpus."""
    import importlib.util

    path = Path(__file__).parents[1] / "scripts" / "reform_sweep.py"
    spec = importlib.util.spec_from_file_location("reform_sweep", path)
    sweep = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sweep)
    assert sweep.main(["two-level:2:200"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("two-level seed 2: 200 plans, trace = truth 1.0000, not on their unit 0, coverage rows 4/4")
    assert sweep.main([]) == 2
    # a bad spec is refused before any corpus is generated
    assert sweep.main(["two-level:2:200", "mixed:x"]) == 2
    assert "'mixed:x' is not WORLD:SEED:PLANS" in capsys.readouterr().err


def test_trace_says_an_abolished_district_had_no_successor(mixed, capsys, monkeypatch):
    root, truth, store = mixed
    old = next(p for p in truth.plans if p["level"] == "commune" and p["unit_id"].startswith("pre:"))
    district = store.trace(_node(root, store, old))["chain"][1]
    assert district["level"] == "district" and district["unit"]["valid_to"] == "2025-06-30"
    assert district["succeeded_by"] == [] and gz.successors(district["unit"]["id"]) == []
    monkeypatch.setenv("VANBAN_LANG", "en")
    assert main(["--home", str(store.home), "trace", str((root / old["file"]).resolve())]) == 0
    assert f"({district['unit']['name']} existed until 30 Jun 2025; the district level was abolished)" in \
        capsys.readouterr().out
