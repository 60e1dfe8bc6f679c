"""pytest plugin: ONE real Neo4j per test session, started by ``scripts/neo4j-local``.

Fixtures
- ``neo4j_uri`` (session): the bolt URI of the running server. The first use prepares the
  server (Maven downloads the jars into ~/.m2 on a cold machine, bounded by
  ``VANBAN_NEO4J_PREPARE_TIMEOUT``, default 1500 s), then starts it (bounded by
  ``VANBAN_NEO4J_START_TIMEOUT``, default 240 s). It is stopped at the end of the session by
  closing its stdin (the server also stops by itself if this process dies).
- ``neo4j_driver`` (session): a ``neo4j`` driver on it (auth disabled).
- ``neo4j_clean`` (function): empties the database (nodes, relationships, constraints,
  indexes) before the test and yields the driver.
- ``neo4j_env`` (function): ``neo4j_clean`` plus ``NEO4J_URI``/``NEO4J_USER``/
  ``NEO4J_PASSWORD`` in the environment and ``VANBAN_BACKEND=neo4j``.

If Java/Maven is missing or the server does not come up, every test that uses these
fixtures ERRORS with the reason (what to install): Neo4j tests never pass or skip silently.

``VANBAN_TEST_NEO4J_URI`` (with optional ``NEO4J_USER``/``NEO4J_PASSWORD``) points the suite
at an already running server instead; it is WIPED between tests, so never use a real one.
"""
from __future__ import annotations

import os
import selectors
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "neo4j-local"
INSTALL_HINT = "apt-get install -y openjdk-17-jdk-headless maven  (or: scripts/neo4j-local --install-deps, as root)"


def _tail(path: Path, n: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return ""


class LocalNeo4j:
    """A ``scripts/neo4j-local`` child process."""

    def __init__(self, log_dir: Path):
        self.log = log_dir / "neo4j-local.log"
        self.proc: subprocess.Popen | None = None
        self.uri: str | None = None

    def _fail(self, what: str, rc: int | None = None) -> None:
        msg = f"Neo4j test server: {what}"
        if rc == 3:
            msg += f"\nJava 17 (with javac) and Maven are needed. Install them: {INSTALL_HINT}"
        tail = _tail(self.log)
        if tail:
            msg += f"\n--- last lines of {self.log} ---\n{tail}"
        pytest.fail(msg, pytrace=False)

    def prepare(self, timeout: float) -> None:
        if not SCRIPT.is_file():
            self._fail(f"{SCRIPT} is missing")
        with self.log.open("ab") as log:
            try:
                rc = subprocess.run([str(SCRIPT), "--prepare"], stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=log, timeout=timeout, cwd=REPO).returncode
            except subprocess.TimeoutExpired:
                self._fail(f"preparing (Maven download + compile) took more than {timeout:.0f} s; "
                           "set VANBAN_NEO4J_PREPARE_TIMEOUT to wait longer")
        if rc != 0:
            self._fail(f"`scripts/neo4j-local --prepare` exited {rc}", rc)

    def start(self, timeout: float, data: Path | None = None) -> str:
        """Start it (on a fresh temporary database, or on the database folder `data`)."""
        log = self.log.open("ab")
        # stdin is a pipe we hold: when this process ends (even by SIGKILL) the server sees
        # end of file and stops, so no JVM outlives the test run.
        extra = ["--data", str(data)] if data is not None else []
        on = f" on {data}" if data is not None else ""
        self.proc = subprocess.Popen([str(SCRIPT), "--watch-stdin", *extra], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=log, cwd=REPO)
        log.close()
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        buf = b""
        try:
            while b"\n" not in buf:
                left = deadline - time.monotonic()
                if left <= 0:
                    self.stop()
                    self._fail(f"not ready{on} after {timeout:.0f} s; set VANBAN_NEO4J_START_TIMEOUT to wait longer")
                if sel.select(timeout=min(left, 1.0)):
                    chunk = os.read(self.proc.stdout.fileno(), 4096)
                    if not chunk:  # exited before printing its URI
                        rc = self.proc.wait()
                        self._fail(f"`scripts/neo4j-local{' '.join([''] + extra)}` exited {rc} before it was ready", rc)
                    buf += chunk
        finally:
            sel.close()
        line = buf.split(b"\n", 1)[0].decode().strip()
        if not line.startswith("NEO4J_URI="):
            self.stop()
            self._fail(f"unexpected first line from scripts/neo4j-local: {line!r}")
        self.uri = line.split("=", 1)[1]
        return self.uri

    def stop(self) -> None:
        p = self.proc
        if p is None or p.poll() is not None:
            return
        try:
            p.stdin.close()              # asks for a clean stop
            p.wait(timeout=60)
        except (subprocess.TimeoutExpired, OSError):
            p.terminate()
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        finally:
            if p.stdout:
                p.stdout.close()


def clear_database(driver) -> None:
    """Delete every node and relationship, then every constraint and index."""
    with driver.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        for rec in list(s.run("SHOW CONSTRAINTS YIELD name")):
            s.run(f"DROP CONSTRAINT `{rec['name']}` IF EXISTS").consume()
        for rec in list(s.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")):
            s.run(f"DROP INDEX `{rec['name']}` IF EXISTS").consume()


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory):
    external = os.environ.get("VANBAN_TEST_NEO4J_URI")
    if external:
        yield external
        return
    server = LocalNeo4j(tmp_path_factory.mktemp("neo4j-local"))
    server.prepare(float(os.environ.get("VANBAN_NEO4J_PREPARE_TIMEOUT", "1500")))
    try:
        yield server.start(float(os.environ.get("VANBAN_NEO4J_START_TIMEOUT", "240")))
    finally:
        server.stop()


def _auth():
    if os.environ.get("VANBAN_TEST_NEO4J_URI") and os.environ.get("NEO4J_PASSWORD"):
        return (os.environ.get("NEO4J_USER", "neo4j"), os.environ["NEO4J_PASSWORD"])
    return None


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_uri):
    import neo4j

    driver = neo4j.GraphDatabase.driver(neo4j_uri, auth=_auth(), notifications_min_severity="OFF")
    try:
        driver.verify_connectivity()
    except Exception as exc:  # noqa: BLE001 - report any failure with the URI
        driver.close()
        pytest.fail(f"Neo4j test server at {neo4j_uri} does not answer: {exc}", pytrace=False)
    yield driver
    driver.close()


@pytest.fixture()
def neo4j_clean(neo4j_driver):
    clear_database(neo4j_driver)
    return neo4j_driver


@pytest.fixture()
def neo4j_env(neo4j_clean, neo4j_uri, monkeypatch):
    monkeypatch.setenv("VANBAN_BACKEND", "neo4j")
    monkeypatch.setenv("NEO4J_URI", neo4j_uri)
    auth = _auth()
    if auth:
        monkeypatch.setenv("NEO4J_USER", auth[0])
        monkeypatch.setenv("NEO4J_PASSWORD", auth[1])
    else:
        monkeypatch.delenv("NEO4J_USER", raising=False)
        monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    return neo4j_clean
