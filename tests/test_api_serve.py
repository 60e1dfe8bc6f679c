"""A real `vanban serve` on a free loopback port: upload a plan over HTTP, then trace it."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from test_api_support import district_plan, province_plan

TOKEN = "serve-test-token-abcdef"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path):
    home = tmp_path / "home"
    port = _free_port()
    env = {**os.environ, "VANBAN_HOME": str(home), "VANBAN_API_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1",
           "VANBAN_LANG": "en"}
    env.pop("VANBAN_BACKEND", None)
    env.pop("VANBAN_API_READ_TOKEN_REQUIRED", None)
    log = open(tmp_path / "serve.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "vanban.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=log, text=True, cwd=tmp_path,
                            start_new_session=True)
    try:
        first = proc.stdout.readline()          # printed once uvicorn listens
        base = f"http://127.0.0.1:{port}"
        assert first.startswith(f"vanban: serving on {base}"), (first, Path(log.name).read_text())
        yield base, home, proc, Path(log.name)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        proc.stdout.close()
        log.close()


def _raw_post_headers_only(base: str, length: int) -> tuple[int, bytes]:
    host, port = base.rsplit("/", 1)[-1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall((f"POST /documents HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n"
                   f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {length}\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _clen(data):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def _clen(data: bytes) -> int:
    m = re.search(rb"(?i)content-length: *(\d+)", data.split(b"\r\n\r\n", 1)[0])
    return int(m.group(1)) if m else 0


def test_serve_upload_and_trace_over_http(server):
    base, home, proc, logfile = server
    with httpx.Client(base_url=base, timeout=30) as c:
        assert c.get("/healthz").json() == {"status": "ok"}
        assert c.get("/readyz").status_code == 200
        files = [("files", ("tinh-12.txt", province_plan().encode(), "text/plain")),
                 ("files", ("huyen-30.txt", district_plan().encode(), "text/plain"))]
        r = c.post("/documents", files=files)
        assert r.status_code == 401 and r.json()["code"] == "auth_required"
        r = c.post("/documents", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        assert r.json()["report"]["added"] == ["upload:tinh-12.txt", "upload:huyen-30.txt"]
        r = c.get("/trace", params={"ref": "huyen-30.txt"})
        assert r.status_code == 200, r.text
        assert [e["code"] for e in r.json()[0]["chain"]] == ["30/KH-UBND", "12/KH-UBND", "33/CT-TTg"]
    # a body over the limit (declared) is refused at once, before it is sent, and nothing is stored
    status, body = _raw_post_headers_only(base, 60 * 1024 * 1024)
    assert status == 413 and json.loads(body)["code"] == "too_large"
    assert (home / "store.pickle").is_file()
    # the CLI sees what the server stored (same home)
    out = subprocess.run([sys.executable, "-c", "from vanban.graph.store import open_store;"
                          f"print(open_store('networkx', {str(home)!r}).loaded_plans())"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "30_kh-ubnd" in out.stdout
    # structured request log: one JSON line per request
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=10)
    lines = [json.loads(x) for x in logfile.read_text().splitlines() if x.startswith("{")]
    assert [(x["method"], x["path"], x["status"]) for x in lines][:3] == [
        ("GET", "/healthz", 200), ("GET", "/readyz", 200), ("POST", "/documents", 401)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", x["request_id"]) for x in lines)
