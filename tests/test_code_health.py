"""The code stays readable: no function or method of the package is rated D or worse for cyclomatic
complexity by radon (what `radon cc graph loaders api viz vanban -n D` would list)."""
from __future__ import annotations

from pathlib import Path

import pytest

radon_complexity = pytest.importorskip("radon.complexity")

REPO = Path(__file__).resolve().parents[1]
PACKAGE_FOLDERS = ("vanban", "graph", "loaders", "api", "viz")


def _too_complex(source: str) -> list[str]:
    """The functions, classes and methods of ``source`` radon rates D or worse, as "name (rank score)"."""
    blocks = [b for top in radon_complexity.cc_visit(source) for b in (top, *getattr(top, "methods", ()))]
    ranked = ((b, radon_complexity.cc_rank(b.complexity)) for b in blocks)
    return sorted({f"{b.fullname} ({rank} {b.complexity})" for b, rank in ranked if rank >= "D"})


def test_the_check_sees_a_complex_function():
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(25))
    assert _too_complex(f"def f(x):\n{branches}    return -1\n") == ["f (D 26)"]
    assert _too_complex("def g(x):\n    return x\n") == []


@pytest.mark.parametrize("folder", PACKAGE_FOLDERS)
def test_no_function_is_rated_d_or_worse(folder):
    found = {str(p.relative_to(REPO)): bad for p in sorted((REPO / folder).rglob("*.py"))
             if (bad := _too_complex(p.read_text(encoding="utf-8")))}
    assert found == {}
