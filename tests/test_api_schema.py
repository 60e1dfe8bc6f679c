"""Property-based tests of the OpenAPI contract with schemathesis: no 5xx, and
responses match their documented schemas, status codes and content types."""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_schema_conformance,
                                 status_code_conformance)

from test_api_support import AUTH, TOKEN, records

from vanban.api.app import create_app
from vanban.api.deps import Settings
from vanban.graph.nxstore import NetworkxStore

_home = Path(tempfile.mkdtemp(prefix="vanban-api-schema-"))
atexit.register(shutil.rmtree, _home, ignore_errors=True)
_store = NetworkxStore(_home / "home")
_store.replace(records())
app = create_app(_store, Settings(token=TOKEN, max_file_bytes=64 * 1024, max_request_bytes=256 * 1024))

schema = schemathesis.openapi.from_asgi("/openapi.json", app)

SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


@schema.parametrize()
@SETTINGS
def test_no_server_errors_with_token(case):
    case.call_and_validate(headers=AUTH, checks=[not_a_server_error])


@schema.parametrize()
@SETTINGS
def test_responses_follow_the_contract(case):
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                   response_schema_conformance])
