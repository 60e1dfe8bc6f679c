"""The benchmark suite keeps working: run every row at the smallest size (figures are not asserted)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.neo4j
@pytest.mark.browser
def test_bench_suite_runs_every_row_at_smoke_size(tmp_path, neo4j_uri):
    # neo4j_uri: the suite's own server, started only to fail clearly without Java or Maven;
    # the Neo4j rows start theirs.
    out = tmp_path / "results"
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "60", "--repeat", "1",
                           "--quick", "--out", str(out), "--cache", str(tmp_path / "corpus")],
                          capture_output=True, text=True, timeout=1200, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-5000:]
    (res,) = out.glob("bench-*.json")
    data = json.loads(res.read_text())
    row = data["sizes"]["60"]
    assert row["plans"] >= 50
    assert row["extraction"]["plans_per_s"] > 0 and row["extraction"]["ratio_to_floor"] > 0
    assert row["load"]["wall_s"] > 0 and "added" in row["load"]["output"]
    assert {"trace", "search", "check (whole corpus)", "implementers 33/CT-TTg"} <= set(row["queries"])
    other = data["other"]
    (neo,) = other["neo4j"]["results"]["rows"]
    assert neo["neo4j"]["relationships_per_s"] > 0 and neo["trace_answers_identical"] is True
    (imp,) = other["neo4j-import"]["results"]["rows"]
    assert imp["import"]["relationships"] == neo["relationships"]
    assert other["api"]["results"]["runs"]["trace"]["errors"] == 0
    assert other["viewer"]["results"]["edges"] > 0 and "first_draw_s" in other["viewer"]["results"]
    for needle in ("| 60 | trace |", "Neo4j load", "Neo4j bulk import", "API trace", "viewer first draw"):
        assert needle in proc.stdout


@pytest.mark.neo4j
def test_neo4j_ceiling_bench_runs_at_smoke_size(tmp_path, neo4j_uri):
    """bench/bench_neo4j_ceiling.py (the figures behind "≥ 50k rel/s is out of reach transactionally")."""
    import os
    import re

    env = dict(os.environ, VANBAN_BENCH_CACHE=str(tmp_path / "corpus"), VANBAN_BENCH_RESULTS=str(tmp_path / "r"))
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "bench_neo4j_ceiling.py"), "--plans", "60",
                           "--repeat", "1", "--batch", "200", "--pagecache", "64"],
                          capture_output=True, text=True, timeout=600, cwd=REPO, env=env)
    assert proc.returncode == 0, proc.stderr[-5000:]
    m = re.search(r"(\d+) relationships", proc.stdout)
    assert m and int(m.group(1)) > 0, proc.stdout
    for variant in ("as stored", "data only", "no properties"):
        got = re.search(rf"{variant}\s+(\d+) rels/s", proc.stdout)
        assert got and int(got.group(1)) > 0, proc.stdout


def test_extract_bench_runs_with_its_stage_and_size_reports(tmp_path):
    """bench/bench_extract.py (the figures behind issue 16's ratio): every report it prints, on the fixtures."""
    import re

    plans = tmp_path / "plans"
    plans.mkdir()
    for p in sorted((REPO / "tests" / "fixtures" / "plans").glob("*.txt"))[:4]:
        (plans / p.name).write_bytes(p.read_bytes())
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "bench_extract.py"), "--dir", str(plans),
                           "--rounds", "2", "--stages", "--fit"], capture_output=True, text=True, timeout=600, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert re.search(r"ratio full/floor: [\d.]+x best blocks", proc.stdout)
    assert re.search(r"find_mentions\s+[\d.]+%", proc.stdout)
    assert re.search(r"full: +[-\d.]+ us a plan \+ +[-\d.]+ us per 1,000 characters", proc.stdout)


def _from_bench(module: str, name: str):
    """``name`` from one of bench/'s scripts (they import each other as top-level modules)."""
    import importlib
    sys.path.insert(0, str(REPO / "bench"))
    try:
        return getattr(importlib.import_module(module), name)
    finally:
        sys.path.remove(str(REPO / "bench"))


def test_extract_bench_line_fit_is_exact_on_a_line():
    _line = _from_bench("bench_extract", "_line")
    a, b = _line([1.0, 2.0, 4.0], [5.0, 7.0, 11.0])
    assert (round(a, 9), round(b, 9)) == (3.0, 2.0)


def _fixture_plans(tmp_path, n=3) -> Path:
    plans = tmp_path / "plans"
    plans.mkdir()
    for p in sorted((REPO / "tests" / "fixtures" / "plans").glob("*.txt"))[:n]:
        (plans / p.name).write_bytes(p.read_bytes())
    return plans


def test_extract_bench_budget_splits_extract_file(tmp_path):
    import re

    plans = _fixture_plans(tmp_path)
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "bench_extract.py"), "--dir", str(plans),
                           "--rounds", "2", "--budget"], capture_output=True, text=True, timeout=600, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for label in ("reading the file", "pipeline on the text without digits", "codes, dates, numbers", "extract_file"):
        assert re.search(re.escape(label) + r".*\s[\d.]+\s+[\d.]+x", proc.stdout), (label, proc.stdout)


def test_value_caches_are_emptied_and_structures_kept():
    clear_value_caches = _from_bench("common", "clear_value_caches")
    from vanban.loaders import extract_text, find, scan
    extract_text("Căn cứ Chỉ thị số 05/CT-TTg ngày 1/2/2024 của Thủ tướng Chính phủ;")
    assert find._document_code.cache_info().currsize > 0 and scan.scanner.cache_info().currsize > 0
    assert clear_value_caches() > 0
    assert find._document_code.cache_info().currsize == 0        # a value read from plans: emptied
    assert scan.scanner.cache_info().currsize > 0                # a structure (functools.cache): kept


@pytest.mark.skipif(not (REPO / ".git").exists(), reason="compares with a git revision of this checkout")
@pytest.mark.parametrize("func", ["pipeline.extract_text", "clean.clean"])
def test_paired_bench_checks_results_then_times(tmp_path, func):
    import re

    proc = subprocess.run([sys.executable, str(REPO / "bench" / "bench_paired.py"), "--base", "HEAD", "--dir",
                           str(_fixture_plans(tmp_path)), "--pairs", "2", "--func", func],
                          capture_output=True, text=True, timeout=600, cwd=REPO)
    differ = re.search(rf"{re.escape(func)}: 3 texts; results differ on (\d+)", proc.stdout)
    assert differ, proc.stdout + proc.stderr[-3000:]
    assert proc.returncode == (1 if int(differ.group(1)) else 0)   # (the working tree may differ from HEAD)
    assert re.search(r"median of 2 pairs: [\d.]+ \(quartiles", proc.stdout)


def test_paired_bench_compares_results_as_plain_data():
    # the two packages' objects are of different classes, and a clean map (slots, no __eq__) compares by
    # identity: their attributes are compared instead
    _plain = _from_bench("bench_paired", "_plain")
    from vanban.loaders.clean import clean
    a, b = clean("Số: 49/KH- UBND"), clean("Số: 49/KH- UBND")
    assert a.maps and a.maps[0] is not b.maps[0]
    assert _plain(a) == _plain(b) and _plain(a) != _plain(clean("Số: 49/KH-  UBND"))
