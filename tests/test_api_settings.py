"""Settings from the environment, the app factory over the configured store, the viewer hook."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from test_api_support import AUTH, TOKEN, province_plan, records, store  # noqa: F401
from vanban.api.app import create_app
from vanban.api.deps import MB, Settings
from vanban.graph.nxstore import NetworkxStore


def test_settings_defaults_and_env():
    s = Settings.from_env({})
    assert (s.token, s.read_token_required, s.max_file_bytes, s.max_files, s.max_request_bytes) == \
        (None, False, 10 * MB, 20, 50 * MB)
    s = Settings.from_env({"VANBAN_API_TOKEN": "t", "VANBAN_API_READ_TOKEN_REQUIRED": "yes",
                           "VANBAN_API_MAX_FILE_BYTES": "1000", "VANBAN_API_MAX_FILES": "3",
                           "VANBAN_API_MAX_REQUEST_BYTES": "5000"}, home="/x")
    assert (s.token, s.read_token_required, s.max_file_bytes, s.max_files, s.max_request_bytes, s.home) == \
        ("t", True, 1000, 3, 5000, "/x")
    assert Settings.from_env({"VANBAN_API_READ_TOKEN_REQUIRED": "0"}).read_token_required is False
    assert Settings.from_env({"VANBAN_API_TOKEN": ""}).token is None
    with pytest.raises(ValueError, match="VANBAN_API_MAX_FILES"):
        Settings.from_env({"VANBAN_API_MAX_FILES": "many"})
    with pytest.raises(ValueError, match="at least 1"):
        Settings.from_env({"VANBAN_API_MAX_FILE_BYTES": "0"})


def test_factory_serves_the_configured_store(vanban_home, monkeypatch):
    NetworkxStore(vanban_home).replace(records())
    monkeypatch.setenv("VANBAN_API_TOKEN", TOKEN)
    with TestClient(create_app()) as c:           # store and settings from the environment
        assert c.get("/documents", params={"loaded": True}).json()["total"] == 5
        r = c.post("/documents", headers=AUTH, files=[("files", ("p.txt", province_plan().encode(), "text/plain"))])
        assert r.status_code == 201, r.text
    # written where the environment said
    assert "upload:p.txt" in NetworkxStore(vanban_home).source_hashes()


def test_server_sees_writes_by_another_process(vanban_home):
    """The CLI (`vanban load`) and the server share the store folder."""
    c = TestClient(create_app(settings=Settings(home=str(vanban_home))))
    assert c.get("/documents").json()["total"] == 0
    NetworkxStore(vanban_home).replace(records())          # "another process"
    assert c.get("/documents", params={"loaded": True}).json()["total"] == 5


def test_viewer_router_is_included_when_present(store):
    try:
        import vanban.viz.routes  # noqa: F401
    except ModuleNotFoundError:
        pytest.skip("vanban.viz.routes is not there yet")
    app = create_app(store, Settings())
    assert "/viz" in app.openapi()["paths"]
    r = TestClient(app).get("/viz", params={"focus": "nothing-here"})
    # the viewer's own answer; errors keep the API's JSON shape
    if r.status_code >= 400:
        body = r.json()
        assert {"code", "message", "detail"} <= set(body)
