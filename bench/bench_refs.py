#!/usr/bin/env python3
"""What finding a document's files costs for removal (vanban/refs.py), against the
per-file way it replaced (resolve every stored key back to its node), on the
networkx store.

    .venv/bin/python bench/bench_refs.py --plans 300

Generates a synthetic corpus of about `--plans` plans in a temporary folder,
loads it (extraction: most of the run time), then times, for a sample of loaded
plans named by code, `removal_for(store, code)` and the old
`[k for k in source_hashes() if store.resolve_ref(k) == [nid]]`. Nothing is
removed. Prints the median per plan of each and checks both find the same files.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vanban.graph.nxstore import NetworkxStore  # noqa: E402
from vanban.ingest import load_paths  # noqa: E402
from vanban.refs import removal_for  # noqa: E402
from vanban.synth import generate_corpus  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=300)
    ap.add_argument("--sample", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="vb-refs-") as tmp:
        corpus = Path(tmp) / "corpus"
        generate_corpus(corpus, plans=args.plans)
        store = NetworkxStore(Path(tmp) / "home")
        t0 = time.perf_counter()
        load_paths(store, [corpus], workers=1)
        print(f"loaded {len(store.source_hashes())} files in {time.perf_counter() - t0:.1f} s")
        plans = store.loaded_plans()
        sample = plans[:: max(1, len(plans) // args.sample)][: args.sample]
        new, old = [], []
        for nid in sample:
            t = time.perf_counter()
            keys = removal_for(store, nid).sources
            new.append(time.perf_counter() - t)
            t = time.perf_counter()
            per_file = sorted(k for k in store.source_hashes() if store.resolve_ref(k) == [nid])
            old.append(time.perf_counter() - t)
            assert keys == per_file, (nid, keys, per_file)
        print(f"{len(sample)} plans named by id; median per plan: refs.removal_for "
              f"{statistics.median(new) * 1e3:.2f} ms, per-file resolve_ref {statistics.median(old) * 1e3:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
