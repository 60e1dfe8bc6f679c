"""Compare the extraction speed of this checkout's ``loaders/`` with another revision's, paired in one process.

    .venv/bin/python bench/bench_paired.py --base HEAD~3 [--dir DIR [--sample N]] [--pairs 20] [--func clean.clean]

On a shared machine two separate runs of the same code can differ by 2x, so a speed change of 10% cannot be
seen by running a benchmark before and after. This script loads the base revision's ``loaders/`` (from
``git archive``) as a second package, beside the checkout's, and times the two on the same texts in
alternating rounds (the order swapped every pair), CPU time. A neighbour's load then falls on both sides of
a pair alike, and the ratio of each pair is what is reported: its median and quartiles.

``--func MODULE.NAME`` times one stage instead of ``pipeline.extract_text``: ``clean.clean`` and
``pipeline.extract_text`` are given the text as read, every other function the text as cleaned (by the
checkout's ``clean``). Before timing, the two sides' results are compared on every text: for
``extract_text`` the records' JSON, for a stage ``repr`` of the result; a difference is reported and the
exit status is 1 (the timing still runs, as a change of output may be intended). The value caches of
both packages are emptied before every run, as bench_extract does before every round.
"""
from __future__ import annotations

import argparse
import importlib
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from bench_extract import _files
from common import REPO, clear_value_caches

BASE_PACKAGE = "vanban_base_loaders"


def load_base(rev: str, into: Path):
    """Import revision ``rev``'s ``loaders/`` as the package ``vanban_base_loaders`` (extracted into ``into``)."""
    data = subprocess.run(["git", "-C", str(REPO), "archive", rev, "loaders"], check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    (into / "loaders").rename(into / BASE_PACKAGE)
    sys.path.insert(0, str(into))
    return importlib.import_module(BASE_PACKAGE)


def _function(package: str, dotted: str):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(f"{package}.{module}"), name)


def _plain(x):
    """A result as plain data (its objects' attributes, not their classes or addresses): the two packages'
    objects are of different classes, and some have no ``__eq__`` or ``__repr__`` of their own."""
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    slots = [a for c in type(x).__mro__ for a in getattr(c, "__slots__", ())]
    attrs = getattr(x, "__dict__", None) if not slots else {a: getattr(x, a) for a in slots if hasattr(x, a)}
    if attrs is not None and not isinstance(x, type):
        return {k: _plain(v) for k, v in attrs.items()}
    if hasattr(x, "span") and hasattr(x, "groupdict"):   # (a match: where it is and what it holds)
        return [x.span(), x.groupdict()]
    return x


def _result_key(func: str, result):
    return result.to_json() if func == "pipeline.extract_text" else _plain(result)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True, help="the git revision to compare with (e.g. HEAD, main, a commit)")
    ap.add_argument("--dir", type=Path, default=None, help="the .txt/.md plans under DIR instead of the seeds")
    ap.add_argument("--sample", type=int, default=None, help="with --dir: N files, picked as bench/run.py does")
    ap.add_argument("--pairs", type=int, default=20)
    ap.add_argument("--func", default="pipeline.extract_text", help="MODULE.NAME in loaders/ to time")
    args = ap.parse_args(argv)

    from vanban.loaders.clean import clean
    from vanban.loaders.read import read_source
    raw = [read_source(p).text for p in _files(args.dir, args.sample)]
    texts = raw if args.func in ("clean.clean", "pipeline.extract_text") else [clean(t).text for t in raw]
    with tempfile.TemporaryDirectory() as tmp:
        load_base(args.base, Path(tmp))
        new, old = _function("vanban.loaders", args.func), _function(BASE_PACKAGE, args.func)
        differ = sum(_result_key(args.func, new(t)) != _result_key(args.func, old(t)) for t in texts)
        print(f"{args.func}: {len(texts)} texts; results differ on {differ}")

        def run(fn) -> float:
            clear_value_caches("vanban.loaders")   # (each run a first reading: see bench_extract)
            clear_value_caches(BASE_PACKAGE)
            t0 = time.process_time()
            for t in texts:
                fn(t)
            return time.process_time() - t0

        ratios, best_new, best_old = [], float("inf"), float("inf")
        for i in range(args.pairs):
            if i % 2:
                b, a = run(old), run(new)
            else:
                a, b = run(new), run(old)
            best_new, best_old = min(best_new, a), min(best_old, b)
            ratios.append(a / b)
    q1, med, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    n = len(texts)
    print(f"best: checkout {best_new / n * 1e6:.1f} us/text, {args.base} {best_old / n * 1e6:.1f} us/text")
    print(f"checkout / {args.base}, median of {len(ratios)} pairs: {med:.3f} (quartiles {q1:.3f}-{q3:.3f})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
