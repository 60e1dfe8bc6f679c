"""docker-compose.yml and the Dockerfile agree with the code (env names, backend, port, commands).
Docker cannot run here; this parses the files."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from vanban.cli import build_parser
from vanban.graph.store import (BACKENDS, ENV_BACKEND, ENV_NEO4J_PASSWORD, ENV_NEO4J_URI, ENV_NEO4J_USER)

REPO = Path(__file__).resolve().parents[1]


def _compose():
    return yaml.safe_load((REPO / "docker-compose.yml").read_text("utf-8"))


def _dockerfile_cmd() -> list[str]:
    text = (REPO / "Dockerfile").read_text("utf-8")
    m = re.search(r"^CMD\s+(\[.*\])\s*$", text, re.M)
    assert m, "Dockerfile has no exec-form CMD"
    return yaml.safe_load(m.group(1))


def test_neo4j_service():
    neo = _compose()["services"]["neo4j"]
    assert neo["image"].split(":")[0] == "neo4j" and neo["image"].split(":")[1].startswith("5")
    assert any(v.endswith(":/data") for v in neo["volumes"])
    auth = neo["environment"]["NEO4J_AUTH"]
    assert f"${{{ENV_NEO4J_USER}:-" in auth and f"${{{ENV_NEO4J_PASSWORD}:-" in auth
    default_pw = re.search(r"\$\{NEO4J_PASSWORD:-([^}]*)\}", auth).group(1)
    assert len(default_pw) >= 8          # Neo4j 5 refuses shorter passwords
    hc = neo["healthcheck"]
    assert "RETURN 1" in " ".join(hc["test"]) and hc["retries"] >= 1


def test_api_service_matches_the_code():
    compose = _compose()
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
    assert env[ENV_NEO4J_USER] == "${NEO4J_USER:-neo4j}"
    assert compose["services"]["neo4j"]["environment"]["NEO4J_AUTH"] == \
        f"{env[ENV_NEO4J_USER]}/{env[ENV_NEO4J_PASSWORD]}"
    # port: the one `vanban serve` listens on in the container
    cmd = api.get("command") or _dockerfile_cmd()
    args = build_parser().parse_args(cmd[1:])
    assert cmd[0] == "vanban" and args.command == "serve" and args.host == "0.0.0.0"
    assert f"{args.port}:{args.port}" in [str(p).split(":", 1)[-1] if str(p).count(":") == 2 else str(p)
                                          for p in api["ports"]]


def test_dockerfile():
    text = (REPO / "Dockerfile").read_text("utf-8")
    assert re.search(r"^FROM python:3\.11-slim", text, re.M)
    cmd = _dockerfile_cmd()
    args = build_parser().parse_args(cmd[1:])
    assert args.command == "serve" and args.host == "0.0.0.0" and args.port == 8000
    assert re.search(r"^EXPOSE 8000$", text, re.M)
    # every package dir pyproject maps is copied in before `pip install .`
    pyproject = (REPO / "pyproject.toml").read_text("utf-8")
    dirs = set(re.findall(r'"vanban(?:\.\w+)?" = "(\w+)"', pyproject))
    for d in dirs | {"vanban"}:
        assert re.search(rf"^COPY {d} \./{d}$", text, re.M), d
    assert "COPY pyproject.toml README.md" in text


def test_documented_load_command_parses():
    doc = (REPO / "docs" / "neo4j.md").read_text("utf-8")
    m = re.search(r"docker compose run --rm (.*?) api (vanban load [^\n`]*)", doc)
    assert m, "docs/neo4j.md shows how to load a folder"
    args = build_parser().parse_args(shlex.split(m.group(2))[1:])
    assert args.command == "load" and args.paths == ["/plans"]
