#!/usr/bin/env python3
"""Generated two-level and mixed corpora against their truth: traces, units and coverage (issue 13).

    .venv/bin/python scripts/reform_sweep.py mixed:3:1200 two-level:4:800     # WORLD:SEED:PLANS ...

For each corpus: `vanban generate` (vanban.synth) into a temporary folder, `vanban load` into a fresh
networkx store, then the share of plans whose trace (codes and dates above the plan) equals the truth,
the plans not on their own gazetteer unit, and the coverage rows (province, as-of date, fold-old)
equal to the truth. Exits 1 when any corpus is not exact. tests/test_reform_coverage.py asks the same
of two corpora; this runs as many as you like.
"""
from __future__ import annotations

import sys
import tempfile
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from vanban.graph.nxstore import NetworkxStore  # noqa: E402
from vanban.ingest import load_paths  # noqa: E402
from vanban.synth import ROOT_CODE, generate_corpus  # noqa: E402


def _nfc(s: str | None) -> str | None:
    return unicodedata.normalize("NFC", s) if s else s


def sweep(world: str, seed: int, plans: int) -> dict:
    """One corpus against its truth."""
    with tempfile.TemporaryDirectory() as tmp:
        root, home = Path(tmp) / "corpus", Path(tmp) / "home"
        truth = generate_corpus(root, seed=seed, plans=plans, world=world)
        store = NetworkxStore(home)
        load_paths(store, [root])
        g = store.whole_graph()
        wrong, misplaced = [], []
        for p in truth.plans:
            (nid,) = store.resolve_ref(str((root / p["file"]).resolve()))
            got = [(_nfc(c["code"]), c["date"]) for c in store.trace(nid)["chain"][1:]]
            if got != [(_nfc(c["code"]), c["date"]) for c in p["chain"][1:]]:
                wrong.append(p["file"])
            if g.nodes[nid].get("unit_id") != p["unit_id"]:
                misplaced.append(p["file"])
        ref = store.resolve_ref(ROOT_CODE)[0]
        rows_ok = 0
        for row in truth.coverage:
            got = store.implementers(ref, province=row["province_id"], as_of=row["as_of"],
                                     fold_old="fold_old" in row)["units"]
            keys = ("covered", "none", "ambiguous")
            rows_ok += [got[k] for k in keys] == [row[k] for k in keys]
        return {"world": world, "seed": seed, "plans": len(truth.plans), "wrong": wrong, "misplaced": misplaced,
                "coverage_rows": len(truth.coverage), "coverage_exact": rows_ok}


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    specs = []
    for spec in argv:
        parts = spec.split(":")
        if len(parts) != 3 or parts[0] not in ("mixed", "two-level") or not (parts[1].isdigit() and parts[2].isdigit()):
            print(f"reform_sweep: '{spec}' is not WORLD:SEED:PLANS (WORLD mixed or two-level, e.g. mixed:3:1200)",
                  file=sys.stderr)
            return 2
        specs.append((parts[0], int(parts[1]), int(parts[2])))
    exact = True
    for world, seed, plans in specs:
        r = sweep(world, seed, plans)
        ok = not r["wrong"] and not r["misplaced"] and r["coverage_exact"] == r["coverage_rows"]
        exact &= ok
        example = "" if ok else f"  e.g. {(r['wrong'] + r['misplaced'])[:3]}"
        print(f"{r['world']} seed {r['seed']}: {r['plans']} plans, trace = truth "
              f"{1 - len(r['wrong']) / r['plans']:.4f}, not on their unit {len(r['misplaced'])}, coverage rows "
              f"{r['coverage_exact']}/{r['coverage_rows']}{example}", flush=True)
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
