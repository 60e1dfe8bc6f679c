"""What the benchmark scripts share: where things live, and how a percentile is read."""
from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# generated corpora, reused between runs (git-ignored)
CACHE = Path(os.environ.get("VANBAN_BENCH_CACHE") or REPO / "bench" / ".corpus")
# JSON and Markdown results (git-ignored); bench/run.py points each script it runs elsewhere
RESULTS = Path(os.environ.get("VANBAN_BENCH_RESULTS") or REPO / "bench" / "results")

if str(REPO) not in sys.path:           # the scripts run from a checkout, installed or not
    sys.path.insert(0, str(REPO))


def pct(xs: list[float], p: float) -> float:
    """The p-th percentile by nearest rank (nan for no samples).

    >>> pct([3, 1, 2], 50), pct([], 99) != pct([], 99)
    (2, True)
    """
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))
    return xs[k]
