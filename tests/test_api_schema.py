"""Property-based tests of the OpenAPI contract with schemathesis, every check
(`--checks all`): no 5xx; responses match their documented schemas, status codes,
content types and headers; schema-valid requests are accepted and invalid ones
refused (422); undocumented methods get 405 with the right `Allow`; writes
without the token are refused. Examples, coverage and fuzzing phases, a bounded
number of examples per operation (about a minute in all).

tests/schemathesis.toml holds the one tuning (uploaded plans and rule packs are
validated by reading them) and the command for a run against a live server.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from test_api_support import AUTH, TOKEN, records
from vanban.api.app import create_app
from vanban.api.deps import Settings
from vanban.graph.nxstore import NetworkxStore

CONFIG = Path(__file__).with_name("schemathesis.toml")

_home = Path(tempfile.mkdtemp(prefix="vanban-api-schema-"))
atexit.register(shutil.rmtree, _home, ignore_errors=True)
_store = NetworkxStore(_home / "home")
_store.replace(records())
# Schemathesis sends wrong tokens on purpose (ignored_auth): a throttle at its
# default would turn the rest of the run into 429s.
app = create_app(_store, Settings(token=TOKEN, max_file_bytes=64 * 1024, max_request_bytes=256 * 1024,
                                  auth_max_failures=1_000_000))

schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=SchemathesisConfig.from_path(CONFIG))

SETTINGS = settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@schema.parametrize()
@SETTINGS
def test_every_check_with_the_token(case):
    case.call_and_validate(headers=AUTH)


@schema.parametrize()
@SETTINGS
def test_every_check_without_a_token(case):
    case.call_and_validate()
