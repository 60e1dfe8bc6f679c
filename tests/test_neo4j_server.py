"""The real Neo4j the suite starts (scripts/neo4j-local) answers over bolt."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.neo4j
def test_server_answers_return_1(neo4j_clean):
    records, _, _ = neo4j_clean.execute_query("RETURN 1 AS one")
    assert [r["one"] for r in records] == [1]


@pytest.mark.neo4j
def test_server_is_neo4j_5_26_community(neo4j_clean):
    records, _, _ = neo4j_clean.execute_query("CALL dbms.components() YIELD name, versions, edition "
                                              "RETURN name, versions, edition")
    (rec,) = records
    assert rec["name"] == "Neo4j Kernel"
    assert rec["edition"] == "community"
    assert rec["versions"][0].startswith("5.26.")


@pytest.mark.neo4j
def test_clean_fixture_empties_the_database(neo4j_clean):
    neo4j_clean.execute_query("UNWIND range(1, 50) AS i CREATE (:Probe {i: i})-[:NEXT]->(:Probe)")
    neo4j_clean.execute_query("CREATE CONSTRAINT probe_i IF NOT EXISTS FOR (p:Probe) REQUIRE p.i IS UNIQUE")
    from tests.neo4j_server import clear_database

    clear_database(neo4j_clean)
    records, _, _ = neo4j_clean.execute_query("MATCH (n) RETURN count(n) AS n")
    assert records[0]["n"] == 0
    records, _, _ = neo4j_clean.execute_query("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n")
    assert records[0]["n"] == 0


def test_script_says_what_to_install_without_java(tmp_path):
    """Without java/javac/mvn on PATH the script exits non-zero naming the packages."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("bash", "dirname"):
        os.symlink(shutil.which(tool), bindir / tool)
    env = {"PATH": str(bindir), "HOME": str(tmp_path)}
    proc = subprocess.run([str(bindir / "bash"), str(REPO / "scripts" / "neo4j-local")], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert "apt-get install" in proc.stderr and "openjdk-17" in proc.stderr and "maven" in proc.stderr
