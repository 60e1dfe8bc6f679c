"""docker-compose.yml and the Dockerfile agree with the code (env names, backend, port, commands)
and are safe by default (API and Neo4j on 127.0.0.1, no default password). Docker cannot run here;
this parses the files and interpolates variables the way compose does."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import uvicorn
import yaml

import docker_context
from vanban.api.deps import ENV_READ_TOKEN_REQUIRED, ENV_TOKEN, Settings
from vanban.cli import build_parser, main
from vanban.commands.serve import open_reads_warning
from vanban.graph.store import BACKENDS, ENV_BACKEND, ENV_NEO4J_PASSWORD, ENV_NEO4J_URI, ENV_NEO4J_USER

REPO = Path(__file__).resolve().parents[1]


def _compose():
    return yaml.safe_load((REPO / "docker-compose.yml").read_text("utf-8"))


def _dockerfile_cmd() -> list[str]:
    cmd = docker_context.parse(REPO / "Dockerfile").cmd
    assert cmd, "Dockerfile has no CMD"
    return cmd


class Refused(Exception):
    """compose refuses to start: a `${VAR:?message}` variable is unset or empty."""


_VAR = re.compile(r"\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}|\$(\w+)")


def interpolate(value, env: dict[str, str]):
    """Compose's variable substitution: ${VAR}, $VAR, ${VAR:-default}, ${VAR-default},
    ${VAR:?error}, ${VAR?error}, $$ for a literal $; applied to every string in the file."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def sub(m: re.Match) -> str:
        if m.group(0) == "$$":
            return "$"
        name, op, arg = m.group(1) or m.group(4), m.group(2), m.group(3)
        present = name in env if op in ("-", "?") else bool(env.get(name))
        if op in (":-", "-"):
            return env[name] if present else arg
        if op in (":?", "?"):
            if not present:
                raise Refused(f"{name}: {arg}")
            return env[name]
        return env.get(name, "")
    return _VAR.sub(sub, value)


def _published(ports: list[str]) -> list[tuple[str, str, str]]:
    """(host address, host port, container port) of each published port."""
    out = []
    for p in ports:
        parts = str(p).rsplit(":", 2)
        out.append(tuple(parts) if len(parts) == 3 else ("0.0.0.0", *parts))
    return out


def test_neo4j_service():
    neo = _compose()["services"]["neo4j"]
    assert neo["image"].split(":")[0] == "neo4j" and neo["image"].split(":")[1].startswith("5")
    assert any(v.endswith(":/data") for v in neo["volumes"])
    hc = neo["healthcheck"]
    assert "RETURN 1" in " ".join(hc["test"]) and hc["retries"] >= 1
    assert {host for host, _, _ in _published(neo["ports"])} == {"127.0.0.1"}


def test_compose_refuses_to_start_without_a_neo4j_password():
    raw = (REPO / "docker-compose.yml").read_text("utf-8")
    assert not re.search(r"\$\{NEO4J_PASSWORD:?-", raw), "NEO4J_PASSWORD must have no default"
    with pytest.raises(Refused, match="NEO4J_PASSWORD"):
        interpolate(_compose(), {})
    with pytest.raises(Refused, match="NEO4J_PASSWORD"):
        interpolate(_compose(), {"NEO4J_PASSWORD": ""})
    chosen = interpolate(_compose(), {"NEO4J_PASSWORD": "a-long-secret"})["services"]
    assert chosen["neo4j"]["environment"]["NEO4J_AUTH"] == "neo4j/a-long-secret"
    assert chosen["api"]["environment"][ENV_NEO4J_PASSWORD] == "a-long-secret"


def test_api_is_published_on_loopback_unless_the_user_says_otherwise():
    base = {"NEO4J_PASSWORD": "a-long-secret"}
    api = interpolate(_compose(), base)["services"]["api"]
    assert _published(api["ports"]) == [("127.0.0.1", "8000", "8000")]
    by_default = Settings.from_env(api["environment"])     # what the server makes of the defaults
    assert by_default.token is None and not by_default.read_token_required
    api = interpolate(_compose(), {**base, "VANBAN_PUBLISH": "0.0.0.0:9000"})["services"]["api"]
    assert _published(api["ports"]) == [("0.0.0.0", "9000", "8000")]
    # a user who opens it can also close reads: both settings reach the container
    closed = interpolate(_compose(), {**base, ENV_TOKEN: "t0ken-abc", ENV_READ_TOKEN_REQUIRED: "1"})
    env = closed["services"]["api"]["environment"]
    assert env[ENV_TOKEN] == "t0ken-abc" and env[ENV_READ_TOKEN_REQUIRED] == "1"
    assert Settings.from_env(env).read_token_required


def test_api_service_matches_the_code():
    compose = interpolate(_compose(), {"NEO4J_PASSWORD": "a-long-secret"})
    api = compose["services"]["api"]
    assert api["build"] in (".", {"context": "."})
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    env = api["environment"]
    assert set(env) >= {ENV_BACKEND, ENV_NEO4J_URI, ENV_NEO4J_USER, ENV_NEO4J_PASSWORD}
    assert env[ENV_BACKEND] == "neo4j" and "neo4j" in BACKENDS
    uri = env[ENV_NEO4J_URI]
    host, port = re.fullmatch(r"bolt://([\w.-]+):(\d+)", uri).groups()
    assert host in compose["services"] and port == "7687"
    # the same credentials the neo4j service was given
    neo4j_auth = compose["services"]["neo4j"]["environment"]["NEO4J_AUTH"]
    assert neo4j_auth == f"{env[ENV_NEO4J_USER]}/{env[ENV_NEO4J_PASSWORD]}"
    # port: the one `vanban serve` listens on in the container
    cmd = api.get("command") or _dockerfile_cmd()
    args = build_parser().parse_args(cmd[1:])
    assert cmd[0] == "vanban" and args.command == "serve" and args.host == "0.0.0.0"
    assert [c for _, _, c in _published(api["ports"])] == [str(args.port)]


def test_dockerfile():
    text = (REPO / "Dockerfile").read_text("utf-8")
    assert re.search(r"^FROM python:3\.11-slim", text, re.M)
    cmd = _dockerfile_cmd()
    args = build_parser().parse_args(cmd[1:])
    assert args.command == "serve" and args.host == "0.0.0.0" and args.port == 8000
    assert re.search(r"^EXPOSE 8000$", text, re.M)
    # what the build needs is copied before `pip install .` (tests/test_packaging.py installs it)
    image = docker_context.parse(REPO / "Dockerfile")
    copied = {s for c in image.copies for s in c.sources}
    needed = {"pyproject.toml", "setup.py", "README.md", "LICENSE", "THIRD_PARTY_NOTICES.md",
              "vanban", "graph", "loaders", "api", "viz"}
    assert needed <= copied, needed - copied
    assert image.pip_installs and image.final_workdir != "/app"


@pytest.mark.parametrize("host, read_token_required, warns", [
    ("0.0.0.0", False, True), ("::", False, True), ("192.168.1.20", False, True), ("vanban.example", False, True),
    ("127.0.0.1", False, False), ("::1", False, False), ("[::1]", False, False), ("localhost", False, False),
    ("0.0.0.0", True, False),
])
def test_open_reads_warning(host, read_token_required, warns):
    text = open_reads_warning(host, read_token_required)
    assert bool(text) == warns
    if warns:
        assert ENV_READ_TOKEN_REQUIRED in text and ENV_TOKEN in text


def test_serve_on_every_address_warns_on_stderr(monkeypatch, capsys, vanban_home):
    """`vanban serve --host 0.0.0.0` with open reads: the warning is printed before the server
    starts (uvicorn is not run here: no socket is opened beyond loopback)."""
    started = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, *a, **k: started.append(self.config.host))
    monkeypatch.delenv(ENV_READ_TOKEN_REQUIRED, raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 0
    assert started == ["0.0.0.0"] and ENV_READ_TOKEN_REQUIRED in capsys.readouterr().err
    assert main(["serve", "--host", "127.0.0.1", "--port", "0"]) == 0
    assert ENV_READ_TOKEN_REQUIRED not in capsys.readouterr().err


def test_documented_load_command_parses():
    doc = (REPO / "docs" / "neo4j.md").read_text("utf-8")
    m = re.search(r"docker compose run --rm (.*?) api (vanban load [^\n`]*)", doc)
    assert m, "docs/neo4j.md shows how to load a folder"
    args = build_parser().parse_args(shlex.split(m.group(2))[1:])
    assert args.command == "load" and args.paths == ["/plans"]
