"""Read endpoints, in process: same JSON as the query layer (with file names for
server paths: api/public.py), errors in one shape."""
from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET

from test_api_support import AUTH, SCRIPT_TITLE, assert_error, client, make_client, store  # noqa: F401
from vanban.api.public import public_data
from vanban.graph.nxstore import NetworkxStore
from vanban.graph.rules import load_rules

COMMUNE = "doc:3_kh-ubnd:ubnd-xa-tan-lac:2024-03-20"
DISTRICT = "doc:25_kh-ubnd:ubnd-huyen-an-phu:2024-03-05"
PROVINCE = "doc:10_kh-ubnd:ubnd-tinh-hoa-son:2024-02-01"
C33 = "doc:33_ct-ttg:thu-tuong-chinh-phu:2021-11-26"


def test_health_and_ready(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json() == {"status": "ready", "backend": "networkx"}


def test_readyz_is_503_when_the_store_is_unreachable(make_client, tmp_path):
    class Down(NetworkxStore):
        def ping(self):
            raise ConnectionError("neo4j is down")
    c = make_client(Down(tmp_path / "down"))
    assert c.get("/healthz").status_code == 200          # alive, but ...
    body = assert_error(c.get("/readyz"), 503, "store_unavailable")
    assert "neo4j is down" in body["detail"]


def test_readyz_is_503_when_the_store_file_is_corrupt(tmp_path):
    from fastapi.testclient import TestClient

    from vanban.api.app import create_app
    from vanban.api.deps import Settings
    home = tmp_path / "corrupt"
    home.mkdir()
    (home / "store.pickle").write_bytes(b"not a pickle")
    c = TestClient(create_app(settings=Settings(home=str(home))), raise_server_exceptions=False)
    assert c.get("/healthz").status_code == 200
    assert_error(c.get("/readyz"), 503, "store_unavailable")
    assert_error(c.get("/documents"), 503, "store_unavailable")


def test_trace_is_the_query_layer_json(client, store):
    r = client.get("/trace", params={"ref": "xa-kh-3.txt"})
    assert r.status_code == 200
    assert r.json() == [public_data(store.trace(COMMUNE))]
    chain = [e["id"] for e in r.json()[0]["chain"]]
    assert chain == [COMMUNE, DISTRICT, PROVINCE, C33]


def test_trace_several_refs_and_all(client, store):
    r = client.get("/trace", params=[("ref", "25/KH-UBND"), ("ref", COMMUNE)])
    assert [x["document"]["id"] for x in r.json()] == [DISTRICT, COMMUNE]
    r = client.get("/trace", params={"ref": COMMUNE, "all": "true"})
    ids = [x["document"]["id"] for x in r.json()]
    assert ids[0] == COMMUNE and sorted(ids) == sorted(store.loaded_plans()) and len(ids) == 5


def test_trace_ambiguous_code_is_409_with_candidates(client):
    body = assert_error(client.get("/trace", params={"ref": "7/KH-UBND"}), 409, "ambiguous_ref")
    ids = sorted(c["id"] for c in body["candidates"])
    assert ids == ["doc:7_kh-ubnd:ubnd-xa-binh-minh:2024-04-01", "doc:7_kh-ubnd:ubnd-xa-dong-hoa:2024-04-02"]
    assert {c["issuer"] for c in body["candidates"]} == {"UBND xã Bình Minh", "UBND xã Đông Hòa"}
    # ... and one of the candidates' ids works
    assert client.get("/trace", params={"ref": ids[0]}).status_code == 200


def test_trace_errors(client):
    r = client.get("/trace")                  # no ref, no all: nothing asked, nothing answered
    assert r.status_code == 200 and r.json() == []
    body = assert_error(client.get("/trace", params={"ref": "99/KH-XYZ"}), 404, "not_found")
    assert "99/KH-XYZ" in body["detail"] and "Không tìm thấy" in body["message"]
    assert_error(client.get("/trace", params={"ref": COMMUNE, "all": "maybe"}), 422, "invalid_request")


def test_documents_list_filters_and_pages(client, store):
    r = client.get("/documents", params={"kind": "plan", "loaded": "true", "limit": 2})
    body = r.json()
    assert body["total"] == 5 and body["limit"] == 2 and len(body["items"]) == 2
    assert body == public_data(store.documents(kind="plan", loaded=True, limit=2))
    page2 = client.get("/documents", params={"kind": "plan", "loaded": "true", "limit": 2, "offset": 2}).json()
    assert {i["id"] for i in page2["items"]}.isdisjoint({i["id"] for i in body["items"]})
    assert [i["id"] for i in client.get("/documents", params={"level": "district"}).json()["items"]] == [DISTRICT]
    assert [i["id"] for i in client.get("/documents", params={"issuer": "tan lac"}).json()["items"]] == [COMMUNE]
    assert client.get("/documents", params={"year": 2021}).json()["items"][0]["id"] == C33
    assert client.get("/documents", params={"loaded": "false"}).json()["total"] == 1
    assert client.get("/documents", params={"place": "Đông Hòa"}).json()["total"] == 1
    assert client.get("/documents", params={"type": "chi thi"}).json()["total"] == 1
    assert_error(client.get("/documents", params={"limit": 0}), 422, "invalid_request")
    assert_error(client.get("/documents", params={"level": "galaxy"}), 422, "invalid_request")
    assert_error(client.get("/documents", params={"offset": -1}), 422, "invalid_request")


def test_document_detail_has_citations_evidence_and_text(client, store):
    r = client.get(f"/documents/{DISTRICT}")
    assert r.status_code == 200
    body = r.json()
    expected = public_data(store.document(DISTRICT))
    assert {k: body[k] for k in expected} == expected
    cit = {c["document"]["id"]: c for c in body["citations"]}
    assert cit[PROVINCE]["relation"] == "implements"
    assert cit[PROVINCE]["evidence"][0]["sentence"].startswith("Thực hiện Kế hoạch số 10/KH-UBND")
    assert body["text"].startswith("KẾ HOẠCH 25/KH-UBND")
    assert 'data-code="10/KH-UBND" data-relation="implements"' in body["annotated_html"]
    assert body["reports_to"][0]["from"] == "Phòng Nội vụ"
    # an id with slashes and colons is one path parameter; a referenced-only document has no text
    r = client.get(f"/documents/{C33}")
    assert r.status_code == 200 and r.json()["text"] is None and r.json()["cited_by"]


def test_unknown_document_is_404(client):
    body = assert_error(client.get("/documents/doc:nope"), 404, "not_found")
    assert "doc:nope" in body["detail"]
    assert_error(client.get("/documents/../../etc/passwd"), 404)


def test_script_in_title_is_data_in_json_and_escaped_in_html(client):
    r = client.get(f"/documents/{COMMUNE}")
    body = r.json()
    assert body["title"] == SCRIPT_TITLE               # exactly the data, not altered
    assert r.headers["content-type"].startswith("application/json")
    html = body["annotated_html"]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert json.loads(r.text)["title"] == SCRIPT_TITLE
    hits = client.get("/search", params={"q": "alert"}).json()
    assert any(h["id"] == COMMUNE for h in hits)


def test_search(client, store):
    r = client.get("/search", params={"q": "chi thi 33", "limit": 3})
    assert r.status_code == 200 and r.json() == public_data(store.search("chi thi 33", 3))
    assert r.json()[0]["id"] == C33
    assert_error(client.get("/search", params={"q": ""}), 422, "invalid_request")
    assert_error(client.get("/search", params={"q": "   "}), 422, "invalid_request")
    r = client.get("/search", params={"q": "?!"})    # nothing searchable: no hits, not an error
    assert r.status_code == 200 and r.json() == []
    assert_error(client.get("/search", params={"q": "x", "limit": 0}), 422)
    assert_error(client.get("/search"), 422, "invalid_request")


def test_implementers(client, store):
    r = client.get("/implementers", params={"ref": "10/KH-UBND"})
    assert r.status_code == 200 and r.json() == public_data(store.implementers(PROVINCE))
    assert r.json()["total"] == 2
    assert_error(client.get("/implementers", params={"ref": "7/KH-UBND"}), 409, "ambiguous_ref")
    assert_error(client.get("/implementers", params={"ref": "nothing"}), 404, "not_found")


def test_deadlines(client, store):
    assert client.get("/deadlines").json() == public_data(store.deadlines())
    assert len(client.get("/deadlines", params={"unit": "noi vu"}).json()["lines"]) == 1
    assert client.get("/deadlines", params={"unit": "khong co"}).json()["lines"] == []


def test_subgraph(client, store):
    r = client.get("/subgraph", params={"center": DISTRICT, "depth": 1, "cap": 50})
    assert r.status_code == 200 and r.json() == public_data(store.subgraph(DISTRICT, 1, 50))
    ids = {n["id"] for n in r.json()["nodes"]}
    assert {DISTRICT, PROVINCE, COMMUNE} <= ids
    r = client.get("/subgraph", params=[("kind", "plan"), ("cap", "2")])
    body = r.json()
    assert len(body["nodes"]) == 2 and body["truncated"] and all(n["kind"] == "plan" for n in body["nodes"])
    assert_error(client.get("/subgraph", params={"center": "doc:none"}), 404, "not_found")
    assert_error(client.get("/subgraph", params={"kind": "planet"}), 422, "invalid_request")
    assert_error(client.get("/subgraph", params={"depth": -1}), 422, "invalid_request")


def test_check_default_and_posted(client, store):
    r = client.get("/check")
    assert r.status_code == 200 and r.json() == public_data(store.check(load_rules()))
    pack = "rules:\n  - id: need-99\n    severity: warning\n    message: must cite 99/QĐ-X\n" \
           "    applies_to: {levels: [district]}\n    require: {cites_all: ['99/QĐ-X']}\n"
    r = client.post("/check", content=pack.encode(), headers={"content-type": "application/yaml"})
    assert r.status_code == 200
    v = r.json()["violations"]
    assert [(x["document"]["id"], x["rule"], x["missing"]) for x in v] == [(DISTRICT, "need-99", ["99/QĐ-X"])]
    r = client.post("/check", files={"rules": ("pack.yaml", pack.encode(), "application/yaml")})
    assert r.status_code == 200 and r.json()["violations"] == v


def test_check_bad_yaml_is_400_with_the_rule_error(client):
    body = assert_error(client.post("/check", content=b"rules: [unclosed", headers={"content-type": "text/plain"}),
                        400, "bad_rules")
    assert "not valid YAML" in body["detail"]
    body = assert_error(client.post("/check", content=b"rules:\n  - id: a\n", headers={"content-type": "text/plain"}),
                        400, "bad_rules")
    assert "missing" in body["detail"]
    assert_error(client.post("/check", content=b""), 400, "bad_rules")
    assert_error(client.post("/check", content=b"\xff\xfe\x00", headers={"content-type": "text/plain"}), 400,
                 "bad_rules")


def test_export_formats(client):
    r = client.get("/export", params={"format": "graphml"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/graphml+xml")
    root = ET.fromstring(r.content)
    assert root.tag.endswith("graphml")
    r = client.get("/export", params={"format": "gexf"})
    assert ET.fromstring(r.content).tag.endswith("gexf")
    data = client.get("/export", params={"format": "json"}).json()
    assert any(n["id"] == COMMUNE and n["title"] == SCRIPT_TITLE for n in data["nodes"])
    assert_error(client.get("/export", params={"format": "pdf"}), 422, "invalid_request")


def test_unknown_route_and_method_have_the_error_shape(client):
    assert_error(client.get("/nope"), 404, "not_found")
    assert_error(client.delete("/trace"), 405, "method_not_allowed")


def test_reads_can_require_the_token(make_client):
    c = make_client(read_token_required=True)
    assert_error(c.get("/trace", params={"ref": COMMUNE}), 401, "auth_required")
    assert_error(c.get("/documents", headers={"Authorization": "Bearer wrong"}), 401, "bad_token")
    assert c.get("/documents", headers=AUTH).status_code == 200
    assert c.get("/trace", params={"ref": COMMUNE}, headers=AUTH).status_code == 200
    assert c.get("/healthz").status_code == 200            # probes stay open
    # reads are open by default
    assert make_client().get("/documents").status_code == 200
    # required but no token configured: refused, and the message says how to set one
    body = assert_error(make_client(token=None, read_token_required=True).get("/documents"), 403, "writes_disabled")
    assert "VANBAN_API_TOKEN" in body["detail"]


def test_request_log_is_one_json_line_per_request(client, caplog):
    with caplog.at_level(logging.INFO, logger="vanban.api"):
        r = client.get("/trace", params={"ref": COMMUNE}, headers={"X-Request-ID": "abc-123"})
        client.get("/documents/doc:nope")
    assert r.headers["x-request-id"] == "abc-123"
    lines = [json.loads(rec.getMessage()) for rec in caplog.records if rec.name == "vanban.api"]
    assert [(x["method"], x["path"], x["status"]) for x in lines] == [("GET", "/trace", 200),
                                                                     ("GET", "/documents/doc:nope", 404)]
    assert lines[0]["request_id"] == "abc-123" and len(lines[1]["request_id"]) == 32
    assert all(isinstance(x["duration_ms"], float) and x["duration_ms"] >= 0 for x in lines)


def test_bad_request_id_is_replaced(client):
    r = client.get("/healthz", headers={"X-Request-ID": "bad id\twith<junk>"})
    assert r.headers["x-request-id"] != "bad id\twith<junk>" and len(r.headers["x-request-id"]) == 32


def test_openapi_is_the_contract(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in ("/documents", "/documents/{doc_id}", "/trace", "/check", "/implementers", "/search", "/deadlines",
              "/subgraph", "/export", "/healthz", "/readyz"):
        assert p in paths, p
    up = paths["/documents"]["post"]
    assert "files" in up["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
    assert "409" in paths["/trace"]["get"]["responses"]
    assert client.get("/docs").status_code == 200


def test_every_read_needs_the_token_when_reads_require_it(make_client):
    """Guards against a new endpoint forgetting the read check."""
    c = make_client(read_token_required=True)
    spec = c.get("/openapi.json").json()
    open_paths = {"/healthz", "/readyz"}
    checked = 0
    for path, ops in spec["paths"].items():
        for method in ops:
            if path in open_paths:
                continue
            url = path.replace("{doc_id}", C33)
            r = c.request(method.upper(), url, params={"ref": COMMUNE, "q": "x"})
            assert r.status_code == 401, (method, path, r.status_code, r.text[:200])
            checked += 1
    assert checked >= 11


def test_hostile_ref_is_data_in_errors(client):
    ref = '<script>alert("x")</script>'
    r = client.get("/trace", params={"ref": ref})
    body = assert_error(r, 404, "not_found")
    assert ref in body["detail"]                               # echoed as JSON data, unchanged
    assert r.headers["x-content-type-options"] == "nosniff"    # and never sniffed into HTML
    r = client.get("/documents/" + ref)
    assert_error(r, 404, "not_found")
    assert r.headers["x-content-type-options"] == "nosniff"


def test_docs_page_works_offline(client):
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<script" not in page and "cdn" not in page.lower()        # self-contained
    assert "<code>/trace</code>" in page and "ambiguous_ref" in page and "TraceOut" in page
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert client.get("/docs/swagger").status_code == 200
