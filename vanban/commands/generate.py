"""`vanban generate OUT_DIR`: write a synthetic corpus of plans with its truth.json."""
from __future__ import annotations

import argparse
import time

from vanban.i18n import t, whole_number
from vanban.term import echo

from ._common import guarded


def _years(s: str) -> tuple[int, ...]:
    try:
        ys = tuple(int(x) for x in s.replace(" ", "").split(",") if x)
    except ValueError:
        raise argparse.ArgumentTypeError(t("arg.years_form", got=s)) from None
    from vanban.synth import MAX_YEAR_REFORM, MIN_YEAR
    if not ys or any(y < MIN_YEAR or y > MAX_YEAR_REFORM for y in ys):
        raise argparse.ArgumentTypeError(t("arg.years_range", lo=MIN_YEAR, hi=MAX_YEAR_REFORM, got=s))
    return ys


def _positive(s: str) -> int:
    n = whole_number(s)
    if n < 1:
        raise argparse.ArgumentTypeError(t("arg.at_least", n=1))
    return n


def _nonneg(s: str) -> int:
    n = whole_number(s)
    if n < 0:
        raise argparse.ArgumentTypeError(t("arg.at_least", n=0))
    return n


def register(subparsers) -> None:
    p = subparsers.add_parser("generate", help=t("generate.help"), description=t("generate.description"))
    p.add_argument("out_dir", metavar=t("metavar.out_dir"))
    p.add_argument("--seed", type=int, default=0, help=t("generate.seed"))
    p.add_argument("--plans", type=_positive, default=None, help=t("generate.plans"))
    p.add_argument("--provinces", type=_positive, default=None, help=t("generate.provinces"))
    p.add_argument("--districts", type=_nonneg, default=None, help=t("generate.districts"))
    p.add_argument("--communes", type=_nonneg, default=None, help=t("generate.communes"))
    p.add_argument("--years", type=_years, default=None, help=t("generate.years"))
    p.add_argument("--world", choices=("three-level", "two-level", "mixed"), default="three-level",
                   help=t("generate.world"))
    p.add_argument("--no-noise", dest="noise", action="store_false", help=t("generate.no_noise"))
    p.add_argument("--quiet", "-q", action="store_true", help=t("generate.quiet"))
    p.set_defaults(func=guarded(run), _parser=p)


def run(args) -> int:
    from vanban.synth import generate_corpus

    sizes = (args.provinces, args.districts, args.communes)
    if args.plans is not None and any(x is not None for x in sizes):
        args._parser.error(t("arg.plans_or_sizes"))
    from vanban.synth import year_range
    lo, hi = year_range(args.world)
    if args.years is not None and any(y < lo or y > hi for y in args.years):
        args._parser.error(t("arg.years_world", lo=lo, hi=hi, world=args.world,
                             got=",".join(map(str, args.years))))
    t0 = time.perf_counter()
    truth = generate_corpus(args.out_dir, seed=args.seed, plans=args.plans,
                            provinces=1 if args.provinces is None else args.provinces,
                            districts_per_province=10 if args.districts is None else args.districts,
                            communes_per_district=12 if args.communes is None else args.communes,
                            years=args.years, noise=args.noise, world=args.world)
    dt = time.perf_counter() - t0
    if not args.quiet:
        s = truth.stats
        lv = s["by_level"]
        echo(t("generate.done", plans=s["plans"], province=lv["province"], district=lv["district"],
               commune=lv["commune"], orphans=s["orphans"], missing=s["missing"],
               other_subject=s["other_subject"], seconds=dt, path=truth.path))
    return 0
