"""Extraction time per MB as a plan grows: it must stay flat (issue 18, row 2).

    .venv/bin/python bench/bench_linear.py [--sizes 0.1 1 5 20] [--plan FILE]

Each plan (by default every seed in ../shared/seeds, else tests/fixtures/plans) is repeated,
blank-line separated, up to each size, and ``extract_text`` is timed once per size (CPU time).
A quadratic stage shows as seconds per MB growing with the size; a linear pipeline keeps it
within noise. The largest sizes take a few seconds each: run it on a quiet machine.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from common import REPO


def _plans(given: list[Path]) -> list[Path]:
    if given:
        return given
    env = os.environ.get("VANBAN_SHARED")
    shared = Path(env) if env else REPO.parent / "shared"
    if (shared / "seeds").is_dir():
        return sorted((shared / "seeds").glob("*.txt"))
    return sorted(p for p in (REPO / "tests" / "fixtures" / "plans").iterdir() if p.suffix == ".txt")


def grown(text: str, mb: float) -> str:
    """``text`` repeated (blank-line separated) to about ``mb`` megabytes of UTF-8."""
    n = max(1, round(mb * 1e6 / len(text.encode("utf-8"))))
    return "\n\n".join([text] * n)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.5, 1, 2, 5, 10, 20])
    ap.add_argument("--plan", type=Path, action="append", default=[], help="a plan to grow (repeatable)")
    args = ap.parse_args(argv)
    from vanban.loaders import extract_text
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    worst = 0.0
    for p in _plans(args.plan):
        text = p.read_text(encoding="utf-8-sig")
        extract_text(text)   # warm the compiled patterns and data files
        rates = []
        for mb in args.sizes:
            t = grown(text, mb)
            size = len(t.encode("utf-8")) / 1e6
            t0 = time.process_time()
            rec = extract_text(t)
            dt = time.process_time() - t0
            rates.append(dt / size)
            print(f"{p.name}: {size:6.2f} MB  {dt:7.2f} s  {dt / size:5.2f} s/MB  ({len(rec.citations)} citations)",
                  flush=True)
        spread = max(rates) / min(rates)
        worst = max(worst, spread)
        print(f"{p.name}: s/MB max/min over the sizes {spread:.2f}")
    print(f"worst max/min of s/MB: {worst:.2f} (flat: close to 1; quadratic: grows with the largest size)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
