"""Issue 18 (API rows) and issue 15 item 4: removal, throttling of wrong tokens,
one rule for references, length caps, Allow headers, no server paths in answers."""
from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from test_api_support import AUTH, TOKEN, _rec, assert_error, records
from vanban.api.app import create_app
from vanban.api.deps import Settings
from vanban.api.public import public_data, public_export, public_path, public_text
from vanban.api.throttle import AuthThrottle
from vanban.graph.nxstore import NetworkxStore

PROVINCE = "doc:10_kh-ubnd:ubnd-tinh-hoa-son:2024-02-01"
DISTRICT = "doc:25_kh-ubnd:ubnd-huyen-an-phu:2024-03-05"
COMMUNE = "doc:3_kh-ubnd:ubnd-xa-tan-lac:2024-03-20"
C33 = "doc:33_ct-ttg:thu-tuong-chinh-phu:2021-11-26"


def _by_file(name: str):
    return next(r for r in records() if r.file.endswith("/" + name))


def _store(tmp_path, name: str, recs) -> NetworkxStore:
    s = NetworkxStore(tmp_path / name)
    s.replace(recs)
    return s


def _client(store, **kw) -> TestClient:
    kw.setdefault("token", TOKEN)
    return TestClient(create_app(store, Settings(**kw)), raise_server_exceptions=False)


def _same_store(a: NetworkxStore, b: NetworkxStore) -> None:
    assert a.source_hashes() == b.source_hashes()
    assert json.loads(a.export("json")) == json.loads(b.export("json"))
    assert a.stats() == b.stats()


# ------------------------------------------------------------------ DELETE /documents/{id}
@pytest.mark.parametrize("keep,drop,ref", [
    ("kh-10.txt", "kh-25.txt", "25/KH-UBND"),          # B cites A: remove B by its code
    ("kh-25.txt", "kh-10.txt", "kh-10.txt"),           # B is cited by A: remove B by its file name
])
def test_delete_leaves_the_store_of_the_other_plan_alone(tmp_path, keep, drop, ref):
    a, b = _by_file(keep), _by_file(drop)
    both = _store(tmp_path, "both", [a, b])
    alone = _store(tmp_path, "alone", [a])
    c = _client(both)
    r = c.delete(f"/documents/{ref}", headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["removed"] == [drop]                 # a file name, not the server path
    assert set(r.json()) == {"id", "removed"}
    _same_store(both, alone)
    # and it is saved: a fresh open of the same home agrees
    _same_store(NetworkxStore(tmp_path / "both"), alone)
    assert_error(c.get(f"/documents/{drop}"), 404, "not_found")


def test_delete_a_plan_loaded_from_two_copies_removes_both(tmp_path):
    """A copy of a plan is the same document: "remove this plan" takes every copy,
    by id, code or either file name alike, and leaves the store of the other plans."""
    other = _by_file("kh-25.txt")
    alone = _store(tmp_path, "alone", [other])
    for i, ref in enumerate([PROVINCE, "10/KH-UBND", "kh-10-copy.txt", "kh-10.txt"]):
        a = _by_file("kh-10.txt")
        copy = _by_file("kh-10.txt")
        copy.file = "/corpus/ban-sao/kh-10-copy.txt"
        st = _store(tmp_path, f"s{i}", [a, copy, other])
        r = _client(st).delete(f"/documents/{ref}", headers=AUTH)
        assert r.status_code == 200, (ref, r.text)
        assert r.json() == {"id": PROVINCE, "removed": ["kh-10-copy.txt", "kh-10.txt"]}, ref
        _same_store(st, alone)


def test_delete_never_takes_a_server_path(tmp_path):
    """A ref is a name, never a path on the server: a remote client must not learn
    (or remove) what lies where. Paths of loaded files, of their folder and of
    nothing at all answer the same 404 and change nothing; the file name works."""
    st = _store(tmp_path, "s", records())
    loaded = "/corpus/tinh/huyen/kh-25.txt"
    assert st.record(loaded) is not None
    before = st.export("json")
    c = _client(st)
    bodies = []
    for ref in [loaded, "/corpus/tinh/huyen", "/corpus", "corpus/tinh/huyen/kh-25.txt", "tinh/huyen/kh-25.txt",
                "huyen/kh-25.txt", "../huyen/kh-25.txt", "~/kh-25.txt", "C:\\corpus\\kh-25.txt",
                "/nowhere/kh-25.txt", str(tmp_path), str(tmp_path / "s")]:
        body = assert_error(c.delete("/documents/" + quote(ref, safe=""), headers=AUTH), 404, "not_found")
        bodies.append(re.sub(r"'[^']*'", "REF", body["detail"]))
    assert len(set(bodies)) == 1, bodies                 # loaded or not, folder or file: the same answer
    assert st.export("json") == before and st.record(loaded) is not None
    # the reads take the same rule: a stored path is not a way to name (or find) a plan
    for path, name in [("/trace", "ref"), ("/implementers", "ref"), ("/subgraph", "center"), ("/viz", "focus")]:
        for ref in (loaded, "huyen/kh-25.txt"):         # nor a folder's name (was accepted by the reads)
            assert_error(c.get(path, params={name: ref}), 404, "not_found")
        assert c.get(path, params={name: "kh-25.txt"}).status_code == 200
    assert_error(c.get("/documents/" + quote(loaded, safe="")), 404, "not_found")
    assert c.delete("/documents/kh-25.txt", headers=AUTH).json()["removed"] == ["kh-25.txt"]


def test_delete_needs_the_token_and_a_loaded_plan(tmp_path):
    st = _store(tmp_path, "s", records())
    before = st.export("json")
    c = _client(st)
    assert_error(c.delete(f"/documents/{DISTRICT}"), 401, "auth_required")
    assert_error(c.delete(f"/documents/{DISTRICT}", headers={"Authorization": "Bearer nope"}), 401, "bad_token")
    assert_error(_client(st, token=None).delete(f"/documents/{DISTRICT}", headers=AUTH), 403, "writes_disabled")
    assert_error(c.delete("/documents/doc:nope", headers=AUTH), 404, "not_found")
    assert_error(c.delete(f"/documents/{C33}", headers=AUTH), 404, "not_loaded")     # only referenced
    body = assert_error(c.delete("/documents/7/KH-UBND", headers=AUTH), 409, "ambiguous_ref")
    assert len(body["candidates"]) == 2
    assert_error(c.delete("/documents/" + "x" * 600, headers=AUTH), 422, "invalid_request")
    assert st.export("json") == before                   # nothing refused changed anything


# ------------------------------------------------------------------ throttling
def test_wrong_tokens_are_throttled_with_retry_after(tmp_path):
    st = _store(tmp_path, "s", records())
    c = _client(st, auth_max_failures=3, auth_window=60)
    bad = {"Authorization": "Bearer wrong"}
    for _ in range(3):
        assert_error(c.delete(f"/documents/{DISTRICT}", headers=bad), 401, "bad_token")
    r = c.delete(f"/documents/{DISTRICT}", headers=bad)
    body = assert_error(r, 429, "too_many_auth_failures")
    assert 1 <= int(r.headers["retry-after"]) <= 60 and body["message"]
    # while locked, even the right token waits (or guessing would go on)
    assert_error(c.delete(f"/documents/{DISTRICT}", headers=AUTH), 429)
    assert st.record("/corpus/tinh/huyen/kh-25.txt") is not None
    # another address is not affected, and reads without a token never count
    other = TestClient(create_app(st, Settings(token=TOKEN, auth_max_failures=3)), client=("10.0.0.9", 5000))
    assert other.get("/trace", params={"ref": COMMUNE}).status_code == 200
    assert other.delete(f"/documents/{DISTRICT}", headers=AUTH).status_code == 200


def test_a_right_token_clears_the_count_and_reads_are_throttled_too(tmp_path):
    st = _store(tmp_path, "s", records())
    c = _client(st, auth_max_failures=3, read_token_required=True)
    bad = {"Authorization": "Bearer wrong"}
    for _ in range(5):                                   # 2 wrong, 1 right: never 3 in a row
        assert c.get("/documents", headers=bad).status_code == 401
        assert c.get("/documents", headers=bad).status_code == 401
        assert c.get("/documents", headers=AUTH).status_code == 200
    for _ in range(3):
        c.get("/documents", headers=bad)
    assert_error(c.get("/trace", params={"ref": COMMUNE}, headers=bad), 429)


def test_throttle_window_and_bounded_memory():
    now = [0.0]
    t = AuthThrottle(max_failures=2, window=10, max_clients=100, clock=lambda: now[0])
    t.failed("a")
    t.failed("a")
    assert t.retry_after("a") == 10 and t.retry_after("b") is None
    now[0] = 9.5
    assert t.retry_after("a") == 1
    now[0] = 10.0
    assert t.retry_after("a") is None                     # the window is over
    for i in range(10_000):                               # a flood of addresses
        t.failed(f"10.0.{i // 256}.{i % 256}")
    assert len(t) == 100
    with pytest.raises(ValueError):
        AuthThrottle(max_failures=0)
    with pytest.raises(ValueError):
        Settings.from_env({"VANBAN_API_AUTH_MAX_FAILURES": "zero"})
    assert Settings.from_env({"VANBAN_API_AUTH_MAX_FAILURES": "5", "VANBAN_API_AUTH_WINDOW": "30"}).auth_window == 30


# ------------------------------------------------------------------ one rule for references
@pytest.fixture()
def c(tmp_path) -> TestClient:
    return _client(_store(tmp_path, "s", records()))


@pytest.mark.parametrize("ref", ["33/CT-TTg", C33])
def test_subgraph_centre_takes_a_code_as_trace_does(c, ref):
    r = c.get("/subgraph", params={"center": ref, "cap": 5})
    assert r.status_code == 200, r.text
    assert r.json()["center"] == C33


def test_every_ref_parameter_takes_code_id_and_file_name(c):
    for ref, nid in [("10/KH-UBND", PROVINCE), (PROVINCE, PROVINCE), ("kh-10.txt", PROVINCE)]:
        assert c.get("/trace", params={"ref": ref}).json()[0]["document"]["id"] == nid
        assert c.get("/implementers", params={"ref": ref}).json()["document"]["id"] == nid
        assert c.get("/subgraph", params={"center": ref}).json()["center"] == nid
        assert c.get(f"/documents/{ref}").json()["id"] == nid
        assert c.get("/viz", params={"focus": ref}).status_code == 200
    # a unit or issuer node id is a centre too (not a document: /trace says 404)
    unit = next(n["id"] for n in c.get("/subgraph").json()["nodes"] if n["kind"] == "unit")
    assert c.get("/subgraph", params={"center": unit}).json()["center"] == unit
    assert_error(c.get("/trace", params={"ref": unit}), 404)
    for path, name in [("/trace", "ref"), ("/implementers", "ref"), ("/subgraph", "center"), ("/viz", "focus")]:
        assert_error(c.get(path, params={name: "7/KH-UBND"}), 409, "ambiguous_ref")
        assert_error(c.get(path, params={name: "99/KH-XYZ"}), 404, "not_found")


@pytest.mark.parametrize("path,name", [("/trace", "ref"), ("/implementers", "ref"), ("/subgraph", "center"),
                                       ("/viz", "focus"), ("/search", "q"), ("/deadlines", "unit"),
                                       ("/documents", "place"), ("/documents", "issuer"), ("/documents", "type"),
                                       ("/subgraph", "place")])
def test_string_parameters_are_capped_and_not_echoed(c, path, name):
    long = "Q" * 10_000
    r = c.get(path, params={name: long})
    body = assert_error(r, 422, "invalid_request")
    assert "Q" * 600 not in r.text and name in body["message"]
    assert c.get(path, params={name: "Q" * 512}).status_code in (200, 404)


@pytest.mark.parametrize("path,name", [("/trace", "ref"), ("/implementers", "ref"), ("/subgraph", "center"),
                                       ("/viz", "focus"), ("/search", "q")])
def test_an_empty_ref_is_422_like_any_invalid_parameter(c, path, name):
    assert_error(c.get(path, params={name: ""}), 422, "invalid_request")


def test_document_id_is_capped(c):
    assert_error(c.get("/documents/" + "d" * 513), 422, "invalid_request")


@pytest.mark.parametrize("path,allow", [("/documents", "GET, OPTIONS, POST"), ("/check", "GET, OPTIONS, POST"),
                                        (f"/documents/{DISTRICT}", "DELETE, GET, OPTIONS"),
                                        ("/trace", "GET, OPTIONS")])
def test_options_and_405_carry_the_right_allow(c, path, allow):
    r = c.options(path)
    assert r.status_code == 204 and r.headers["allow"] == allow
    r = c.put(path)
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["allow"] == allow


def test_posted_rules_never_show_a_python_repr(c):
    pack = "rules: [{id: r1, severity: warning, message: {x: 1}, require: {cites_any: ['33/CT-TTg']}}]"
    body = assert_error(c.post("/check", content=pack, headers={"content-type": "application/yaml"}), 400, "bad_rules")
    assert "{'x'" not in body["message"] + body["detail"]
    ok = pack.replace("{x: 1}", "thiếu căn cứ")
    r = c.post("/check", content=ok.encode(), headers={"content-type": "application/yaml"})
    assert r.status_code == 200 and all(isinstance(v["message"], str) for v in r.json()["violations"])


# ------------------------------------------------------------------ no server paths (issue 15 item 4)
SECRET = "/srv/bí mật/kho"


@pytest.fixture()
def leaky(tmp_path) -> TestClient:
    # a plan with no basis, in a folder with a space: its gap message quotes its source
    lone = _rec(f"{SECRET}/kh-77.txt", "77/KH-UBND", "UBND xã Tân Lạc", "commune", "2024-05-01",
                "Kế hoạch không căn cứ", "xã Tân Lạc", [])
    return _client(_store(tmp_path, "s", records() + [lone]))


def test_answers_show_file_names_never_server_paths(leaky):
    c = leaky
    lone = c.get("/documents/kh-77.txt").json()
    assert lone["source"] == "kh-77.txt" and lone["code"] == "77/KH-UBND"
    bodies = {
        "trace": c.get("/trace", params={"all": "true"}).text,
        "documents": c.get("/documents", params={"limit": 1000}).text,
        "document": c.get(f"/documents/{DISTRICT}").text,
        "subgraph": c.get("/subgraph", params={"cap": 5000}).text,
        "check": c.get("/check").text,
        "deadlines": c.get("/deadlines").text,
        "implementers": c.get("/implementers", params={"ref": "33/CT-TTg"}).text,
        "search": c.get("/search", params={"q": "ke hoach"}).text,
        "ambiguous": c.get("/trace", params={"ref": "7/KH-UBND"}).text,
        "viz": c.get("/viz").text,
        "viz-focus": c.get("/viz", params={"focus": "kh-77.txt"}).text,
    }
    for fmt in ("json", "graphml", "gexf"):
        bodies["export-" + fmt] = c.get("/export", params={"format": fmt}).text
    for name, text in bodies.items():
        assert "/corpus/" not in text and "/srv/" not in text and "bí mật" not in text, name
    assert "kh-77.txt" in bodies["trace"]              # the gap message names the file
    assert "kh-25.txt" in bodies["export-gexf"] and "kh-25.txt" in bodies["export-graphml"]
    # the file name shown is a reference that works
    assert c.get("/trace", params={"ref": "kh-77.txt"}).json()[0]["document"]["code"] == "77/KH-UBND"


def test_public_helpers():
    assert public_path("/a/b/kh.txt") == "kh.txt" and public_path("C:\\x\\kh.docx") == "kh.docx"
    assert public_path("upload:kh.txt") == "upload:kh.txt" and public_path("doc:1_kh:x") == "doc:1_kh:x"
    assert public_text("Kế hoạch 5 (/srv/p/kh-5.txt) thiếu căn cứ; số 5/KH-UBND") == \
        "Kế hoạch 5 (kh-5.txt) thiếu căn cứ; số 5/KH-UBND"
    data = {"source": "/a/x.txt", "target": "doc:1", "chain": [{"source": "/b/y c/z.pdf"}],
            "message": "see /b/y c/z.pdf", "text": "/keep/this.txt"}
    assert public_data(data) == {"source": "x.txt", "target": "doc:1", "chain": [{"source": "z.pdf"}],
                                 "message": "see z.pdf", "text": "/keep/this.txt"}
    gexf = '<attvalue for="3" value="[{&quot;source&quot;: &quot;/a/b &amp; c/k.txt&quot;}]" />'
    assert public_export("gexf", gexf) == '<attvalue for="3" value="[{&quot;source&quot;: &quot;k.txt&quot;}]" />'
    # a hostile title costs linear time
    import time
    t = time.perf_counter()
    public_text("(/" * 200_000)
    assert time.perf_counter() - t < 5


def test_a_server_error_shows_no_path_of_the_store(tmp_path):
    home = tmp_path / "srv-home" / "vanban"
    home.mkdir(parents=True)
    (home / "store.pickle").write_bytes(b"not a pickle")
    c = TestClient(create_app(settings=Settings(home=str(home))), raise_server_exceptions=False)
    for r in (c.get("/readyz"), c.get("/documents")):
        body = assert_error(r, 503)
        assert str(tmp_path) not in r.text and "srv-home" not in r.text, body
    assert public_text("no such endpoint: GET /documents/a/b") == "no such endpoint: GET /documents/a/b"
    assert public_text("cannot read /var/lib/vanban/store.pickle: bad", any_path=True) == \
        "cannot read store.pickle: bad"


def test_fast_json_is_the_structural_walk(tmp_path):
    """public_json (hot reads) gives the answer public_data gives, on every trace,
    the overview and a search; a code that opens with '/' is not a path."""
    from vanban.api.public import public_json
    lone = _rec(f"{SECRET}/kh-77.txt", "77/KH-UBND", "UBND xã Tân Lạc", "commune", "2024-05-01",
                "Kế hoạch không căn cứ", "xã Tân Lạc", [])
    st = _store(tmp_path, "s", records() + [lone])
    answers = [st.trace(i) for i in st.loaded_plans()] + [st.subgraph(None, 1, 5000), st.search("ke hoach", 50)]
    for a in answers:
        assert json.loads(public_json(a)) == public_data(a)
    odd = {"source": "/srv/x/kh.txt", "code": "/KH-UBND", "message": "kh (/srv/x/kh.txt)", "gaps": ["/srv/y/z.md"]}
    assert json.loads(public_json(odd)) == public_data(odd) == \
        {"source": "kh.txt", "code": "/KH-UBND", "message": "kh (kh.txt)", "gaps": ["z.md"]}
