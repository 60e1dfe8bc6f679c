"""What the benchmark scripts share: where things live, and how a percentile is read."""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "bench" / ".corpus"      # generated corpora, reused between runs (git-ignored)
RESULTS = REPO / "bench" / "results"    # JSON and Markdown results (git-ignored)

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
