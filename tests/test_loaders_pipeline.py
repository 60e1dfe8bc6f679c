"""The pipeline of loaders/pipeline.extract_text: written once in the code, shown as it is in loaders/README.md,
and no stage changes what an earlier stage returned (issue 16, item 3)."""
from __future__ import annotations

import ast
import dataclasses
import inspect
import re
from pathlib import Path

import pytest

from vanban.loaders import pipeline

REPO = Path(__file__).resolve().parents[1]
FIXTURES = sorted((REPO / "tests" / "fixtures" / "plans").glob("*")) + sorted(
    (REPO / "tests" / "fixtures" / "real_phenomena").glob("*.txt"))
# the stage functions extract_text calls, each looked up in loaders/pipeline.py when called
STAGES = ("clean", "extract_metadata", "find_mentions", "own_marked", "all_mentions", "group_mentions",
          "derived_relations", "implements_marked", "title_refs", "derived_to_titles", "citations_of",
          "amendments_marked", "reporting_lines", "derived_records", "extract_recipients")


def _readme_lines() -> list[str]:
    text = (REPO / "loaders" / "README.md").read_text(encoding="utf-8")
    block = text.split("## The pipeline", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    return [ln.split("  #", 1)[0].strip() for ln in block.splitlines() if ln.strip()]


def _code_statements() -> list[str]:
    fn = ast.parse(inspect.getsource(pipeline.extract_text)).body[0]
    body = fn.body[1:] if isinstance(fn.body[0], ast.Expr) else fn.body   # (the docstring)
    src = inspect.getsource(pipeline.extract_text)
    return [" ".join(ast.get_source_segment(src, st).split()) for st in body]


def test_readme_pipeline_is_the_code():
    readme, code = _readme_lines(), _code_statements()
    assert len(readme) == len(code), (readme, code)
    for shown, stmt in zip(readme, code, strict=True):
        # "..." in the README stands for arguments left out
        rx = r"\s*".join(re.escape(part) for part in shown.split()).replace(re.escape("..."), ".*?")
        assert re.fullmatch(rx, stmt), f"README: {shown}\ncode:   {stmt}"


def test_every_stage_is_called_by_extract_text():
    called = {n.func.id for n in ast.walk(ast.parse(inspect.getsource(pipeline.extract_text)))
              if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert set(STAGES) <= called | {"_citation"}


def _state(x, seen=None):
    """A value's whole content as nested tuples, to compare before and after a call."""
    seen = set() if seen is None else seen
    if isinstance(x, str | int | float | bool | type(None) | bytes):
        return x
    if id(x) in seen:
        return ("<seen>", type(x).__name__)
    seen = seen | {id(x)}
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return (type(x).__name__, tuple((f.name, _state(getattr(x, f.name), seen)) for f in dataclasses.fields(x)))
    if isinstance(x, list | tuple):
        return (type(x).__name__, tuple(_state(v, seen) for v in x))
    if isinstance(x, dict):
        return ("dict", tuple((_state(k, seen), _state(v, seen)) for k, v in x.items()))
    if isinstance(x, set | frozenset):
        return ("set", tuple(sorted(repr(_state(v, seen)) for v in x)))
    if isinstance(x, re.Match):
        return ("match", x.span(), x.group(0))
    if hasattr(x, "__dict__"):
        return (type(x).__name__, tuple((k, _state(v, seen)) for k, v in sorted(vars(x).items())))
    return repr(x)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_no_stage_changes_what_it_is_given(path, monkeypatch):
    calls: list[str] = []

    def checked(name, fn):
        def run(*args, **kwargs):
            before = _state((args, kwargs))
            out = fn(*args, **kwargs)
            assert _state((args, kwargs)) == before, f"{name} changed what it was given"
            calls.append(name)
            return out
        return run

    for name in STAGES:
        monkeypatch.setattr(pipeline, name, checked(name, getattr(pipeline, name)))
    text = path.read_text(encoding="utf-8")
    rec = pipeline.extract_text(text)
    assert rec.text == text
    assert set(calls) == set(STAGES)
