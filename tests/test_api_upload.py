"""POST /documents: authenticated, limited, all-or-nothing uploads; hostile inputs."""
from __future__ import annotations

import os

from test_api_support import AUTH, TOKEN, assert_error, client, district_plan, make_client, province_plan, store  # noqa: F401
from vanban.graph.nxstore import NetworkxStore


def _files(*items):
    return [("files", (name, data, ctype)) for name, data, ctype in items]


def _txt(name, text):
    return (name, text.encode("utf-8"), "text/plain")


def _fresh(make_client, tmp_path, **kw):
    st = NetworkxStore(tmp_path / "fresh")
    return st, make_client(st, **kw)


def _tree(path):
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def test_upload_then_trace(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path)
    r = c.post("/documents", headers=AUTH,
               files=_files(_txt("tinh-12.txt", province_plan()), _txt("huyen-30.md", district_plan())))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["report"]["added"] == ["upload:tinh-12.txt", "upload:huyen-30.md"]
    plans = {p["name"]: p for p in body["plans"]}
    assert plans["huyen-30.md"]["code"] == "30/KH-UBND" and plans["huyen-30.md"]["status"] == "added"
    assert plans["tinh-12.txt"]["level"] == "province"
    assert set(st.loaded_plans()) == {p["id"] for p in body["plans"]}
    # trace by the uploaded file name
    r = c.get("/trace", params={"ref": "huyen-30.md"})
    assert r.status_code == 200, r.text
    codes = [e["code"] for e in r.json()[0]["chain"]]
    assert codes == ["30/KH-UBND", "12/KH-UBND", "33/CT-TTg"]
    # the document view has the text and the escaped annotated HTML
    d = c.get(f"/documents/{plans['huyen-30.md']['id']}").json()
    assert d["text"] == district_plan() and 'data-code="12/KH-UBND"' in d["annotated_html"]
    # same bytes again: nothing changes, 200
    r = c.post("/documents", headers=AUTH, files=_files(_txt("huyen-30.md", district_plan())))
    assert r.status_code == 200 and r.json()["report"]["unchanged"] == ["upload:huyen-30.md"]
    assert r.json()["plans"] == []
    # a new version under the same name: updated
    r = c.post("/documents", headers=AUTH, files=_files(_txt("huyen-30.md", district_plan(code="31/KH-UBND"))))
    assert r.status_code == 201 and r.json()["plans"][0]["status"] == "updated"
    assert [d["code"] for d in c.get("/documents", params={"loaded": True}).json()["items"]] == \
        ["12/KH-UBND", "31/KH-UBND"]


def test_writes_need_a_configured_token(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path, token=None)
    body = assert_error(c.post("/documents", headers=AUTH, files=_files(_txt("a.txt", province_plan()))),
                        403, "writes_disabled")
    assert "VANBAN_API_TOKEN" in body["detail"] and "VANBAN_API_TOKEN" in body["message"]
    assert st.loaded_plans() == []


def test_missing_or_wrong_token(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path)
    files = _files(_txt("a.txt", province_plan()))
    r = c.post("/documents", files=files)
    assert_error(r, 401, "auth_required")
    assert r.headers["www-authenticate"] == "Bearer"
    assert_error(c.post("/documents", files=files, headers={"Authorization": "Bearer " + TOKEN + "x"}), 401,
                 "bad_token")
    assert_error(c.post("/documents", files=files, headers={"Authorization": "Basic " + TOKEN}), 401, "bad_token")
    assert_error(c.post("/documents", files=files, headers={"Authorization": "Bearer"}), 401, "bad_token")
    assert_error(c.post("/documents", files=files, headers={"Authorization": ("Bearer " + "é" * 5).encode("latin-1")}),
                 401, "bad_token")
    assert st.loaded_plans() == []


def test_path_traversal_names_are_sanitised(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path)
    before = _tree(tmp_path)
    r = c.post("/documents", headers=AUTH, files=_files(_txt("../../x.txt", province_plan()),
                                                         _txt("..\\..\\evil\\y.txt", district_plan())))
    assert r.status_code == 201, r.text
    assert r.json()["report"]["added"] == ["upload:x.txt", "upload:y.txt"]
    assert {p["name"] for p in r.json()["plans"]} == {"x.txt", "y.txt"}
    # nothing was written outside the store's home, and no file named after the upload anywhere
    new = set(_tree(tmp_path)) - set(before)
    assert new and all(p.startswith("fresh") for p in new), new
    assert not any(os.path.basename(p) in ("x.txt", "y.txt") for p in new)
    assert not (tmp_path.parent / "x.txt").exists()


def test_one_bad_file_stores_nothing(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path)
    good = _txt("good.txt", province_plan())
    for bad, status, code in [(("virus.exe", b"MZ\x90\x00", "application/octet-stream"), 415, "unsupported_type"),
                              (("empty.txt", b"", "text/plain"), 422, "empty_file"),
                              (("blank.txt", b"   \n\n  ", "text/plain"), 422, "empty_file"),
                              (("latin.txt", "Kế hoạch".encode()[:-1] + b"\xff\xfe\xfd" * 50, "text/plain"),
                               422, "bad_encoding"),
                              (("scan.pdf", _scanned_pdf(), "application/pdf"), 422, "scanned_pdf")]:
        body = assert_error(c.post("/documents", headers=AUTH, files=_files(good, bad)), status, code)
        assert bad[0] in body["detail"], body
        assert body.get("file") == bad[0], body          # every per-file error names its file
        assert st.loaded_plans() == [] and st.source_hashes() == {}


def _scanned_pdf() -> bytes:
    """A valid one-page PDF with no text layer."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
            b"<< /Length 0 >>\nstream\n\nendstream"]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_wrong_content_types(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path)
    assert_error(c.post("/documents", headers=AUTH, json={"files": ["a.txt"]}), 415, "unsupported_media_type")
    assert_error(c.post("/documents", headers={**AUTH, "content-type": "text/plain"}, content=b"hello"), 415,
                 "unsupported_media_type")
    assert_error(c.post("/documents", headers=AUTH, data={"x": "1"}), 415, "unsupported_media_type")
    body = assert_error(c.post("/documents", headers=AUTH,
                               files=_files(("setup.exe", b"MZ" + b"\0" * 100, "application/x-msdownload"))),
                        415, "unsupported_type")
    assert ".txt" in body["detail"] and "setup.exe" in body["detail"]
    assert st.source_hashes() == {}


def test_empty_bodies(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path)
    assert_error(c.post("/documents", headers=AUTH), 415, "unsupported_media_type")
    r = c.post("/documents", headers={**AUTH, "content-type": "multipart/form-data; boundary=xyz"}, content=b"")
    assert 400 <= r.status_code < 500
    assert_error(r, r.status_code)
    # a form without the files field
    assert_error(c.post("/documents", headers=AUTH, files={"other": ("a.txt", b"x", "text/plain")}), 400, "no_files")
    # files given as plain values, not files
    r = c.post("/documents", headers=AUTH, data={"files": "a.txt"}, files={"other": ("a.txt", b"x", "text/plain")})
    assert_error(r, 400, "not_a_file")
    assert_error(c.post("/documents", headers=AUTH, files=_files(("a.txt", b"", "text/plain"))), 422, "empty_file")
    assert st.source_hashes() == {}


def test_limits_file_size_files_and_total(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path, max_file_bytes=4000, max_files=2, max_request_bytes=20_000)
    body = assert_error(c.post("/documents", headers=AUTH,
                               files=_files(_txt("a.txt", province_plan() + "x" * 4000))), 413, "too_large")
    assert "a.txt" in body["detail"] and "4000" in body["detail"]
    assert_error(c.post("/documents", headers=AUTH, files=_files(*[_txt(f"{i}.txt", province_plan(f"{i}/KH-UBND"))
                                                                   for i in range(3)])), 413, "too_many_files")
    # total over the limit, declared by Content-Length: refused before reading
    big = _files(*[_txt(f"{i}.txt", "a" * 3000) for i in range(2)]) + [("pad", (None, "p" * 30_000))]
    assert_error(c.post("/documents", headers=AUTH, files=big), 413, "too_large")
    assert st.source_hashes() == {}


def test_total_limit_is_enforced_while_reading_not_only_by_header(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path, max_request_bytes=20_000)
    boundary = "b0undary"
    part = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n").encode() + province_plan().encode() + b"\r\n"
    body = part + (f"--{boundary}\r\nContent-Disposition: form-data; name=\"pad\"\r\n\r\n").encode() + \
        b"z" * 50_000 + f"\r\n--{boundary}--\r\n".encode()

    def chunks():                      # no Content-Length: chunked transfer
        for i in range(0, len(body), 4096):
            yield body[i:i + 4096]
    r = c.post("/documents", headers={**AUTH, "content-type": f"multipart/form-data; boundary={boundary}"},
               content=chunks())
    assert_error(r, 413, "too_large")
    # a lying Content-Length (smaller than the body) is not trusted either
    r = c.post("/documents", headers={**AUTH, "content-type": f"multipart/form-data; boundary={boundary}",
                                      "content-length": "100"}, content=chunks())
    assert 400 <= r.status_code < 500
    assert st.source_hashes() == {}
    # and a small chunked upload under the limit works
    r = c.post("/documents", headers={**AUTH, "content-type": f"multipart/form-data; boundary={boundary}"},
               content=iter([part + f"--{boundary}--\r\n".encode()]))
    assert r.status_code == 201, r.text


def test_huge_body_over_default_limit_stores_nothing(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path)
    huge = b"x" * (51 * 1024 * 1024)
    r = c.post("/documents", headers=AUTH, files=_files(("big.txt", huge, "text/plain")))
    assert_error(r, 413, "too_large")
    assert st.source_hashes() == {}


def test_duplicate_names_in_one_upload(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path)
    r = c.post("/documents", headers=AUTH,
               files=_files(_txt("a/k.txt", province_plan()), _txt("b/k.txt", district_plan())))
    assert_error(r, 400, "duplicate_name")
    assert st.source_hashes() == {}


def test_script_in_uploaded_title_is_data(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path)
    title = 'Dân vận <script>alert(1)</script> & <img src=x onerror=alert(2)>'
    r = c.post("/documents", headers=AUTH, files=_files(_txt("<script>.txt", province_plan(title=title))))
    assert r.status_code == 201, r.text
    plan = r.json()["plans"][0]
    d = c.get(f"/documents/{plan['id']}").json()
    # extraction may clean markup out of the title; whatever it kept is served as is
    assert d["title"] == plan["title"] == st.node(plan["id"])["title"]
    assert "alert(1)" in d["title"]
    # the raw text keeps the markup as data; the HTML view escapes it
    assert "<script>alert(1)</script>" in d["text"]
    assert "<script>" not in d["annotated_html"] and "<img" not in d["annotated_html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in d["annotated_html"]


def test_corrupt_docx_and_pdf_are_422_not_500(make_client, tmp_path):
    st, c = _fresh(make_client, tmp_path)
    for name, data in [("broken.docx", b"PK\x03\x04 not really a zip"), ("broken.pdf", b"%PDF-1.4\n garbage"),
                       ("random.pdf", os.urandom(3000)), ("random.docx", os.urandom(3000))]:
        r = c.post("/documents", headers=AUTH, files=_files((name, data, "application/octet-stream")))
        body = assert_error(r, 422)
        assert name in body["detail"], body
    assert st.source_hashes() == {}
