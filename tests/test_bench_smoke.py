"""The benchmark suite keeps working: run it at the smallest size (figures are not asserted)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_bench_suite_runs_at_smoke_size(tmp_path):
    out = tmp_path / "results"
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "60", "--repeat", "1",
                           "--quick", "--out", str(out), "--cache", str(tmp_path / "corpus")],
                          capture_output=True, text=True, timeout=600, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    (res,) = out.glob("bench-*.json")
    data = json.loads(res.read_text())
    row = data["sizes"]["60"]
    assert row["plans"] >= 50
    assert row["extraction"]["plans_per_s"] > 0 and row["extraction"]["ratio_to_floor"] > 0
    assert row["load"]["wall_s"] > 0 and "added" in row["load"]["output"]
    assert {"trace", "search", "check (whole corpus)", "implementers 33/CT-TTg"} <= set(row["queries"])
    assert "| 60 | trace |" in proc.stdout
