"""`vanban eval`: score extraction against the hand-made gold (default ../shared/gold/seeds.json).

``--gold X.jsonl --dir DIR``: real plans in the shared/real-dev format (each file's 3-line source header
skipped), printed as shared/tools/score_extract.py prints; ``--min X`` fails below X."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def register(subparsers) -> None:
    from vanban.i18n import t
    p = subparsers.add_parser("eval", help=t("eval.help"))
    p.add_argument("--gold", default=None, help="gold JSON (default: ../shared/gold/seeds.json next to the repo)")
    p.add_argument("--seeds", "--dir", dest="seeds", default=None,
                   help="folder with the plan files the gold names (default: ../shared/seeds)")
    p.add_argument("--min", type=float, default=None, metavar="X",
                   help="exit 1 when precision, recall or relation accuracy is below X")
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from vanban.loaders.evaluate import default_paths, evaluate
    gold, seeds = default_paths()
    if args.gold:
        gold = Path(args.gold)
        seeds = gold.parent.parent / "seeds"   # shared/gold/x.json -> shared/seeds
        if gold.suffix == ".jsonl":
            seeds = gold.parent                # shared/real-dev/gold.jsonl sits with its plans
    if args.seeds:
        seeds = Path(args.seeds)
    if not gold.is_file():
        print(f"vanban eval: gold file not found: {gold}", file=sys.stderr)
        return 2
    if not seeds.is_dir():
        print(f"vanban eval: seeds folder not found: {seeds} (use --seeds DIR)", file=sys.stderr)
        return 2
    if gold.suffix == ".jsonl":
        # real-plans gold (shared/real-dev): the files' 3-line source header skipped, scored per field
        from vanban.loaders.evaluate import evaluate_real, report_real
        if not args.seeds:
            seeds = gold.parent
        rep = evaluate_real(gold, seeds)
        if args.json:
            print(json.dumps(rep, ensure_ascii=False, indent=1))
        else:
            print(report_real(rep))
        low = args.min is not None and min(rep["precision"], rep["recall"], rep["relation_accuracy"]) < args.min
        return 1 if low else 0
    rep = evaluate(gold, seeds)
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=1))
        return 0
    print(f"gold: {gold}\nseeds: {seeds}")
    print(f"citations   precision {rep['precision']:.3f}  recall {rep['recall']:.3f}  F1 {rep['f1']:.3f}"
          f"  (tp {rep['counts']['tp']}, fp {rep['counts']['fp']}, fn {rep['counts']['fn']})")
    print(f"            title-only refs resolved: {rep['counts']['title']}"
          f" (precision if they were scored as citations: {rep['precision_with_title_refs']:.3f})")
    print(f"implements  accuracy {rep['implements_accuracy']:.3f}"
          f"  (missed {rep['missed_implements']}, extra {rep['extra_implements']})")
    print(f"reporting   target+deadlines accuracy {rep['reporting_accuracy']:.3f}"
          f"  ({rep['counts']['rep_ok']}/{rep['counts']['rep_tot']})")
    print(f"derived     precision {rep['derived_precision']:.3f}  recall {rep['derived_recall']:.3f}")
    print(f"issuer      accuracy {rep['issuer_accuracy']:.3f} (informational)")
    for name, s in rep["files"].items():
        probs = []
        if s["false_positives"]:
            probs.append("FP " + ", ".join(s["false_positives"]))
        if s["false_negatives"]:
            probs.append("FN " + ", ".join(s["false_negatives"]))
        if s["missed_implements"] or s["extra_implements"]:
            probs.append(f"implements missed {s['missed_implements']} extra {s['extra_implements']}")
        if s["reporting_wrong"]:
            probs.append(f"reporting wrong {len(s['reporting_wrong'])}")
        print(f"  {name}: " + ("; ".join(probs) if probs else "ok") +
              (f"  [title refs: {', '.join(s['title_refs'])}]" if s["title_refs"] else ""))
    return 0
