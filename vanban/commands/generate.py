"""`vanban generate OUT_DIR`: write a synthetic corpus of plans with its truth.json."""
from __future__ import annotations

import argparse
import sys
import time


def _years(s: str) -> tuple[int, ...]:
    try:
        ys = tuple(int(x) for x in s.replace(" ", "").split(",") if x)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--years wants years separated by commas, e.g. 2023,2024; got {s!r}")
    from vanban.synth import MAX_YEAR_REFORM, MIN_YEAR
    if not ys or any(y < MIN_YEAR or y > MAX_YEAR_REFORM for y in ys):
        raise argparse.ArgumentTypeError(
            f"--years wants years from {MIN_YEAR} to {MAX_YEAR_REFORM} (after 33/CT-TTg; three-level "
            f"corpora end in 2025, when districts were abolished); got {s!r}")
    return ys


def _positive(s: str) -> int:
    n = int(s)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _nonneg(s: str) -> int:
    n = int(s)
    if n < 0:
        raise argparse.ArgumentTypeError("must be at least 0")
    return n


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "generate", help="write a synthetic corpus of plans with ground truth (truth.json)",
        description="Write synthetic dân vận plans (province -> district -> commune) under OUT_DIR, "
                    "one folder per province and district, plus OUT_DIR/truth.json.")
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes); default 0")
    p.add_argument("--plans", type=_positive, default=None,
                   help="about this many plans (instead of --provinces/--districts/--communes)")
    p.add_argument("--provinces", type=_positive, default=None, help="provinces (default 1)")
    p.add_argument("--districts", type=_nonneg, default=None, help="districts per province (default 10)")
    p.add_argument("--communes", type=_nonneg, default=None, help="communes per district (default 12)")
    p.add_argument("--years", type=_years, default=None,
                   help="comma-separated years: 2022-2025 for three-level (default 2023,2024), 2025-2026 for "
                        "two-level (default 2025,2026), 2022-2026 for mixed (default 2024,2025)")
    p.add_argument("--world", choices=("three-level", "two-level", "mixed"), default="three-level",
                   help="three-level: invented tỉnh -> huyện -> xã (default); two-level: real units after "
                        "1 July 2025 (tỉnh -> xã); mixed: both, in the same real provinces")
    p.add_argument("--no-noise", dest="noise", action="store_false", help="clean text, no orphans/omissions")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    p.set_defaults(func=run, _parser=p)


def run(args) -> int:
    from vanban.models import VanbanError
    from vanban.synth import generate_corpus

    sizes = (args.provinces, args.districts, args.communes)
    if args.plans is not None and any(x is not None for x in sizes):
        args._parser.error("give either --plans or --provinces/--districts/--communes, not both")
    from vanban.synth import year_range
    lo, hi = year_range(args.world)
    if args.years is not None and any(y < lo or y > hi for y in args.years):
        args._parser.error(f"--years wants years from {lo} to {hi} for a {args.world} corpus; "
                           f"got {','.join(map(str, args.years))}")
    t0 = time.perf_counter()
    try:
        truth = generate_corpus(args.out_dir, seed=args.seed, plans=args.plans,
                                provinces=1 if args.provinces is None else args.provinces,
                                districts_per_province=10 if args.districts is None else args.districts,
                                communes_per_district=12 if args.communes is None else args.communes,
                                years=args.years, noise=args.noise, world=args.world)
    except VanbanError as exc:
        print(f"vanban: {exc.detail}", file=sys.stderr)
        if exc.message_vi != exc.detail:
            print(f"        {exc.message_vi}", file=sys.stderr)
        return 1
    dt = time.perf_counter() - t0
    if not args.quiet:
        s = truth.stats
        lv = s["by_level"]
        print(f"{s['plans']} plans ({lv['province']} province, {lv['district']} district, "
              f"{lv['commune']} commune; {s['orphans']} orphans, {s['missing']} parents left out, "
              f"{s['other_subject']} off-series) in {dt:.1f}s -> {truth.path}", file=sys.stdout)
    return 0
