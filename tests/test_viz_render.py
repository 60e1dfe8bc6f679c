"""The viewer page without a browser: escaping, JSON embedding, offline assets,
layout levels, the CLI and the /viz route. Timing is reported, not asserted
(the benchmark is bench/bench_viz.py)."""
from __future__ import annotations

import json
import random
import re
import time
from html.parser import HTMLParser

import pytest

from vanban.graph import schema as S
from vanban.graph.nxstore import NetworkxStore
from vanban.models import Citation, DocumentMeta, PlanRecord
from vanban.viz.layout import layout
from vanban.viz.render import build_payload, content_security_policy, json_for_script, render_html

HOSTILE = ("Dân vận <script>window.__pwned=1</script>"
           "<img src=x onerror=\"window.__pwned=2\"> & </script><!-- \u2028\u2029")


# ---------------------------------------------------------------- helpers
class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.data: dict[str, str] = {}
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        self._in = a.get("id") if tag == "script" else None

    def handle_data(self, data):
        if self._in:
            self.data[self._in] = self.data.get(self._in, "") + data

    def handle_endtag(self, tag):
        self._in = None


def parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    return p


def small_view(title: str = "Kế hoạch dân vận") -> dict:
    nodes = [
        {"id": "d", "kind": "directive", "code": "33/CT-TTg", "level": "central", "central": True,
         "issuer": "Thủ tướng Chính phủ"},
        {"id": "p", "kind": "plan", "code": "34/KH-UBND", "level": "province", "place": "tỉnh Lạng Sơn",
         "title": title, "source": "/x/p.txt"},
        {"id": "h", "kind": "plan", "code": "5/KH-UBND", "level": "district", "place": "huyện Chi Lăng",
         "source": "/x/h.txt"},
        {"id": "x", "kind": "plan", "code": "7/KH-UBND", "level": "commune", "place": "xã Y Tịch",
         "source": "/x/x.txt"},
        {"id": "i", "kind": "issuer", "name": "UBND huyện Chi Lăng", "level": "district"},
        {"id": "u", "kind": "unit", "name": "Phòng Nội vụ", "level": None},
    ]
    edges = [
        {"source": "p", "target": "d", "type": "IMPLEMENTS", "sentence": title},
        {"source": "h", "target": "p", "type": "IMPLEMENTS", "sentence": "Thực hiện Kế hoạch số 34/KH-UBND"},
        {"source": "x", "target": "h", "type": "IMPLEMENTS"},
        {"source": "h", "target": "i", "type": "ISSUED_BY"},
        {"source": "h", "target": "u", "type": "ASSIGNED"},
    ]
    return {"center": None, "nodes": nodes, "edges": edges, "truncated": False, "total_nodes": 6}


def big_view(n_nodes: int = 5000, n_edges: int = 20000, seed: int = 1) -> dict:
    rng = random.Random(seed)
    levels = ["central"] * 2 + ["province"] * 8 + ["district"] * 30 + ["commune"] * 60
    kinds = [S.PLAN] * 5 + [S.DIRECTIVE] * 1 + [S.ISSUER] * 2 + [S.UNIT] * 2
    nodes = []
    for i in range(n_nodes):
        k = rng.choice(kinds)
        nodes.append({"id": f"n{i}", "kind": k, "level": rng.choice(levels), "code": f"{i}/KH-UBND",
                      "place": f"xã {i % 300}", "title": f"Kế hoạch {i}", "name": f"Đơn vị {i}",
                      "date": "2024-01-01", "year": 2024})
    edges = []
    for _ in range(n_edges):
        a, b = rng.randrange(n_nodes), rng.randrange(n_nodes)
        edges.append({"source": f"n{a}", "target": f"n{b}", "type": rng.choice(S.EDGE_TYPES),
                      "sentence": f"Căn cứ văn bản {b}"})
    return {"center": None, "nodes": nodes, "edges": edges, "truncated": False, "total_nodes": n_nodes}


# ---------------------------------------------------------------- escaping
def test_json_for_script_escapes_and_round_trips():
    data = {"t": HOSTILE, "list": ["</script>", "<!--", "&amp;"]}
    text = json_for_script(data)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == data


def test_hostile_title_never_becomes_markup():
    page = render_html(small_view(HOSTILE), title=HOSTILE, violations={"violations": [
        {"document": {"id": "p"}, "rule": "r<1>", "severity": "violation", "missing": ["<b>x</b>"],
         "message": "<img src=x onerror=alert(1)>"}]})
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page
    assert "onerror=\"window" not in page
    tags = parse(page)
    names = [t for t, _ in tags.tags]
    assert names.count("script") == 3          # data, vis-network, ours: nothing injected
    assert "img" not in names and "link" not in names and "iframe" not in names
    # The title is escaped in <title> and the heading.
    assert "<title>Dân vận &lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    # The data element holds the exact text, once parsed as JSON.
    payload = json.loads(tags.data["vb-data"])
    assert payload["title"] == HOSTILE
    assert next(n for n in payload["nodes"] if n["id"] == "p")["title"] == HOSTILE
    assert payload["violations"]["p"][0]["message"] == "<img src=x onerror=alert(1)>"


def test_our_script_never_uses_html_sinks():
    from vanban.viz.render import _asset
    js = _asset("static/viewer.js")
    code = re.sub(r"/\*.*?\*/", "", js, flags=re.S)         # the header comment names the rule
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in code, sink


def test_page_is_self_contained_and_locked_down():
    page = render_html(small_view(), title="t", nonce="NONCE123")
    tags = parse(page)
    for tag, attrs in tags.tags:
        assert "src" not in attrs or tag == "svg", (tag, attrs)     # no external script, image or frame
        assert tag != "link"
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)   # no inline handlers
    scripts = [a for t, a in tags.tags if t == "script"]
    assert scripts[0].get("type") == "application/json"
    assert all(a.get("nonce") == "NONCE123" for a in scripts[1:])
    csp = next(a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "script-src 'nonce-NONCE123'" in csp and "connect-src 'none'" in csp and "default-src 'none'" in csp
    assert "vis.Network" in page and "vis-network" in page    # the library is inlined
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", page)


def test_csp_connect_for_served_page():
    assert "connect-src 'self';" in content_security_policy("n", "")
    assert "connect-src 'self' http://127.0.0.1:8123;" in content_security_policy("n", "http://127.0.0.1:8123")


def test_payload_keeps_violations_and_traces_of_the_view_only():
    trace = {"document": {"id": "x"}, "chain": [{"id": "x", "code": "7/KH-UBND"}, {"id": "h"}, {"id": "p"},
                                                {"id": "d"}], "central": [{"id": "d", "code": "33/CT-TTg"}],
             "gaps": []}
    p = build_payload(small_view(), title="t", violations={"violations": [
        {"document": {"id": "x"}, "rule": "a", "severity": "warning", "message": "m", "missing": []},
        {"document": {"id": "elsewhere"}, "rule": "a", "severity": "violation", "message": "m"}]},
        trace=trace, traces={"x": trace, "gone": trace})
    assert list(p["violations"]) == ["x"]
    assert p["trace"]["chain"][0]["id"] == "x" and [c["id"] for c in p["trace"]["chain"]] == ["x", "h", "p", "d"]
    assert p["traces"]["x"] == {"chain": ["x", "h", "p", "d"], "gaps": [], "central": ["33/CT-TTg"]}
    assert list(p["traces"]) == ["x"] and p["trace_nodes"] == {}
    assert all("x" in n and "y" in n and n["dl"] for n in p["nodes"])


def test_evidence_sentences_are_stored_once_and_capped():
    v = small_view()
    long = "Căn cứ " + "x" * 5000
    v["edges"] = [dict(e, sentence=long) for e in v["edges"]]
    p = build_payload(v, title="t")
    assert len(p["sentences"]) == 1 and len(p["sentences"][0]) <= 600 and p["sentences"][0].endswith("…")
    assert all(e[3] == 0 for e in p["edges"])
    ids = [n["id"] for n in p["nodes"]]
    assert [(ids[e[0]], ids[e[1]], p["edge_types"][e[2]]) for e in p["edges"]] == \
        [(e["source"], e["target"], e["type"]) for e in v["edges"]]


# ---------------------------------------------------------------- layout
def test_layout_levels_are_rows_top_down():
    v = small_view()
    pos = layout(v["nodes"], v["edges"])["pos"]
    y = {k: p[1] for k, p in pos.items()}
    assert y["d"] < y["p"] < y["h"] < y["x"]
    assert y["h"] < y["i"] < y["x"]          # the issuer sits just under its level's documents
    assert y["i"] == y["u"]                  # a unit of unknown level joins its plan's level


def test_layout_is_deterministic_and_separates_nodes():
    v = big_view(800, 2500)
    a = layout(v["nodes"], v["edges"])
    b = layout(v["nodes"], v["edges"])
    assert a == b
    seen = set()
    for p in a["pos"].values():
        assert tuple(p) not in seen
        seen.add(tuple(p))
    ranks = [b_["level"] for b_ in a["bands"]]
    assert ranks == ["central", "province", "district", "commune"]


def test_layout_empty_view():
    assert layout([], []) == {"pos": {}, "bands": [], "spacing": layout([], [])["spacing"],
                              "line_h": layout([], [])["line_h"]}
    page = render_html({"nodes": [], "edges": []}, title="trống")
    assert "vb-data" in page


def test_build_time_for_20k_edges_is_reported(record_property, capsys):
    v = big_view(5000, 20000)
    t0 = time.perf_counter()
    page = render_html(v, title="bench")
    dt = time.perf_counter() - t0
    record_property("viz_html_20k_edges_seconds", round(dt, 3))
    with capsys.disabled():
        print(f"\n[viz] HTML for 5000 nodes / 20000 edges built in {dt:.2f}s ({len(page) / 1e6:.1f} MB)")
    assert len(parse(page).data["vb-data"]) > 0


# ---------------------------------------------------------------- store, CLI, route
def _rec(file, code, date, issuer, level, title, place, cits):
    return PlanRecord(file=file, document=DocumentMeta(type="Kế hoạch", code=code, date=date, issuer=issuer,
                      level=level, title=title, place=place), citations=cits, sha256=file)


def small_records() -> list[PlanRecord]:
    ct33 = Citation(code="33/CT-TTg", type="Chỉ thị", date="2021-11-26", issuer="Thủ tướng Chính phủ",
                    relation="implements", central=True, sentence="Thực hiện Chỉ thị số 33/CT-TTg")
    return [
        _rec("/c/t.txt", "34/KH-UBND", "2023-03-06", "UBND tỉnh Lạng Sơn", "province",
             "Công tác dân vận chính quyền năm 2023", "tỉnh Lạng Sơn", [ct33]),
        _rec("/c/h.txt", "50/KH-UBND", "2023-03-20", "UBND huyện Chi Lăng", "district", HOSTILE,
             "huyện Chi Lăng, tỉnh Lạng Sơn",
             [Citation(code="34/KH-UBND", type="Kế hoạch", date="2023-03-06", issuer="UBND tỉnh Lạng Sơn",
                       relation="implements", sentence="Thực hiện Kế hoạch số 34/KH-UBND")]),
    ]


@pytest.fixture()
def store(tmp_path):
    s = NetworkxStore(tmp_path / "home")
    s.replace(small_records())
    return s


def test_cli_writes_an_offline_page(store, tmp_path, capsys):
    from vanban.cli import main
    out = tmp_path / "v" / "g.html"
    out.parent.mkdir()   # -o creates no folder (issue 18 row 4)
    assert main(["--lang", "en", "--home", str(store.home), "viz", "-o", str(out), "--focus", "/c/h.txt"]) == 0
    page = out.read_text("utf-8")
    payload = json.loads(parse(page).data["vb-data"])
    assert payload["api"] is None
    ids = {n["id"] for n in payload["nodes"]}
    plan = store.resolve_ref("/c/h.txt")[0]
    assert payload["focus"] == plan
    chain = [c["id"] for c in store.trace(plan)["chain"]]
    assert [c["id"] for c in payload["trace"]["chain"]] == chain and set(chain) <= ids
    assert plan in payload["traces"]
    assert "violations marked" in capsys.readouterr().err
    assert main(["--lang", "en", "--home", str(store.home), "viz", "-o", str(out), "--focus", "no-such-plan"]) == 1
    assert "no document matches" in capsys.readouterr().err


def test_route_serves_the_page_with_a_matching_csp(store):
    from fastapi.testclient import TestClient

    from vanban.api.app import create_app
    client = TestClient(create_app(store=store))
    r = client.get("/viz", params={"cap": 50})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert f'nonce="{nonce}"' in r.text and "connect-src 'self'" in csp
    payload = json.loads(parse(r.text).data["vb-data"])
    assert payload["api"] == "" and len(payload["nodes"]) == len(store.subgraph(None, 2, 50)["nodes"])
    assert client.get("/viz", params={"focus": "nothing-like-this"}).status_code == 404


@pytest.mark.neo4j
def test_same_page_data_on_neo4j(neo4j_env, store):
    """The viewer only uses the store interface: both backends give the same picture."""
    from vanban.graph.store import open_store
    from vanban.viz.page import build_view

    neo = open_store("neo4j")
    try:
        neo.replace(small_records())
        for focus in (None, "/c/h.txt"):
            pages = [build_view(s, focus=focus, nonce="n")[0] for s in (store, neo)]
            a, b = (json.loads(parse(p).data["vb-data"]) for p in pages)
            assert sorted(n["id"] for n in a["nodes"]) == sorted(n["id"] for n in b["nodes"])
            assert len(a["edges"]) == len(b["edges"])
            assert a["violations"] == b["violations"] and a["trace"] == b["trace"] and a["traces"] == b["traces"]
    finally:
        neo.close()


# ---------------------------------------------------------------- issue 19
def test_labels_say_who_and_what_not_the_title():
    from vanban.viz.render import display_label
    plan = {"kind": "plan", "type": "Kế hoạch", "code": "8/KH-UBND", "title": "Thực hiện công tác dân vận",
            "place": "xã Vĩnh Tùng, huyện Hòa Sơn, tỉnh Lạng Sơn", "issuer": "UBND xã Vĩnh Tùng"}
    assert display_label(plan) == "KH 8/KH-UBND · xã Vĩnh Tùng"
    central = {"kind": "directive", "type": "Chỉ thị", "code": "33/CT-TTg", "issuer": "Thủ tướng Chính phủ"}
    assert display_label(central) == "CT 33/CT-TTg · Thủ tướng Chính phủ"
    assert display_label({"kind": "plan", "type": "Kế hoạch", "title": "Kế hoạch không số"}) == "KH (không số)"
    assert display_label({"kind": "unit", "name": "Phòng Nội vụ"}) == "Phòng Nội vụ"


def test_sources_and_messages_never_show_absolute_paths():
    from vanban.viz.render import shown_sources, strip_paths
    got = shown_sources(["/srv/data/kh/a/x.txt", "/srv/data/kh/b/y.docx", "rel/z.txt", ""])
    assert got == {"/srv/data/kh/a/x.txt": "a/x.txt", "/srv/data/kh/b/y.docx": "b/y.docx", "rel/z.txt": "rel/z.txt"}
    assert shown_sources(["/srv/one/only.txt"]) == {"/srv/one/only.txt": "only.txt"}
    msg = "8/KH-UBND (/srv/data/kh/a/x.txt) names no document it implements; 33/CT-TTg"
    assert strip_paths(msg) == "8/KH-UBND (x.txt) names no document it implements; 33/CT-TTg"
    payload = build_payload({"nodes": [{"id": "p", "kind": "plan", "source": "/srv/data/kh/a/x.txt"}], "edges": []},
                            title="t", violations={"violations": [{"document": {"id": "p"}, "message": msg}]})
    assert payload["nodes"][0]["source"] == "x.txt" and "/srv" not in json.dumps(payload)


def test_relations_come_from_the_payload_not_the_script():
    from vanban.graph import registry
    from vanban.viz.render import HERE
    payload = build_payload(small_view(), title="t")
    relations = payload["relations"]
    assert [r["type"] for r in relations] == list(registry.RELATIONS)       # the registry, in its order
    assert set(S.EDGE_TYPES) <= {r["type"] for r in relations}
    assert all({"label_vi", "label_en", "style", "trace", "document_link"} <= set(r) for r in relations)
    assert all({"color", "width", "dashes"} <= set(r["style"]) for r in relations)
    assert S.IMPLEMENTS in [r["type"] for r in relations if r["trace"]]     # the trace follows IMPLEMENTS
    assert payload["node_kinds"]
    js = (HERE / "static" / "viewer.js").read_text("utf-8")
    for t in S.EDGE_TYPES:
        assert f'"{t}"' not in js and f"'{t}'" not in js and f".{t}" not in js, t


def test_focus_view_is_the_chain_the_citations_and_the_children(store):
    from vanban.viz.page import focus_view
    district = store.resolve_ref("/c/h.txt")[0]
    province = store.resolve_ref("/c/t.txt")[0]
    c33 = store.resolve_ref("33/CT-TTg")[0]
    got = {n["id"] for n in focus_view(store, district, 2)["nodes"]}
    assert {district, province, c33} <= got
    assert all(n.startswith(("doc:", "issuer:")) for n in got)              # no units, no siblings
    # From the province plan: its child comes in below it; depth 0 is the chain only.
    assert district in {n["id"] for n in focus_view(store, province, 1)["nodes"]}
    assert [n["id"] for n in focus_view(store, province, 0)["nodes"]] == [province, c33]


def test_coverage_rows_come_from_implementers(store):
    from vanban.viz.coverage import coverage_rows, eligible
    c33 = store.resolve_ref("33/CT-TTg")[0]
    cov = coverage_rows(store, c33)
    units = {r["unit"]: r for r in cov["rows"]}
    assert {"UBND tỉnh Lạng Sơn", "UBND huyện Chi Lăng"} <= set(units)
    assert units["UBND tỉnh Lạng Sơn"]["plans"][0]["code"] == "34/KH-UBND"
    assert cov["with_plan"] == sum(1 for r in cov["rows"] if r["plans"])
    assert eligible(store.node(c33)) and not eligible({"kind": "plan", "level": "commune"})


def test_read_token_mode_serves_a_page_without_data_then_the_data_with_the_token(store):
    from fastapi.testclient import TestClient

    from vanban.api.app import create_app
    from vanban.api.deps import Settings
    client = TestClient(create_app(store=store, settings=Settings(token="t0ken", read_token_required=True)))
    r = client.get("/viz")
    assert r.status_code == 401 and r.headers["content-type"].startswith("text/html")
    payload = json.loads(parse(r.text).data["vb-data"])
    assert payload["token_required"] is True and payload["nodes"] == [] and "34/KH-UBND" not in r.text
    assert 'id="vb-token-form"' in r.text
    assert client.get("/viz/data").status_code == 401
    assert client.get("/viz/coverage", params={"ref": "33/CT-TTg"}).status_code == 401
    auth = {"Authorization": "Bearer t0ken"}
    data = client.get("/viz/data", params={"cap": 50}, headers=auth).json()
    assert len(data["nodes"]) == len(store.subgraph(None, 2, 50)["nodes"]) and data["relations"]
    assert client.get("/viz/coverage", params={"ref": "33/CT-TTg"}, headers=auth).json()["rows"]
    assert client.get("/viz", headers=auth).status_code == 200
