"""Shared test fixtures.

`../shared` (the real seeds and their gold) is optional: tests that need it
use the `shared_dir` fixture and are skipped, with the reason, when it is absent.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Plugins other owners add (one line each): keep this list sorted.
pytest_plugins: list[str] = ["tests.neo4j_server"]


def _shared() -> Path | None:
    env = os.environ.get("VANBAN_SHARED")
    cand = Path(env) if env else REPO.parent / "shared"
    return cand if (cand / "seeds").is_dir() and (cand / "gold" / "seeds.json").is_file() else None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    d = _shared()
    if d is None:
        pytest.skip("../shared (real seed plans and gold) is absent; set VANBAN_SHARED to its path to run this test")
    return d


@pytest.fixture(scope="session")
def seed_files(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "seeds").glob("*.txt"))


@pytest.fixture()
def vanban_home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty store folder for one test."""
    home = tmp_path / "home"
    monkeypatch.setenv("VANBAN_HOME", str(home))
    monkeypatch.delenv("VANBAN_BACKEND", raising=False)
    return home
