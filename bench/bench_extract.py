"""Benchmark the extraction core against a floor.

    .venv/bin/python bench/bench_extract.py [--rounds 1000] [--dir DIR [--sample N]]

Processes every plan in ../shared/seeds (or tests/fixtures/plans when ../shared is absent)
``rounds`` times with ``extract_file`` and reports plans/s next to the floor: the same files
read from disk, decoded, NFC-normalised and scanned once with the document-code regex.

``--dir``: the .txt/.md plans under DIR (recursively, like bench/run.py); ``--sample N`` takes
N of them as bench/run.py does (random.Random(1)), so that

    .venv/bin/python bench/bench_extract.py --dir bench/.corpus/1000-s7 --sample 1000 --rounds 3

measures the files of bench/run.py's extraction row. ``--stages`` adds each pipeline stage's share of
``extract_text`` (in multiples of the floor, to show where a ratio above the goal goes); ``--fit`` fits each
side's time per plan as a fixed part plus a part per 1,000 characters (the floor is nearly all per character;
extraction also pays per plan for its header, preamble and signature whatever the plan's length).
``--budget`` splits ``extract_file``'s time into reading the file, the pipeline on the same texts with every
digit and "/" removed (no code, date or number is left: what remains is the passes over the text and the
work on its header, sections and signature), and the rest (the codes, dates and numbers, and everything
found from them), each in multiples of the floor.

Each round reads the files as for the first time: the loaders' value caches (codes, issuers, header and
signature lines: bounded ``lru_cache`` functions) are emptied before it, outside the timing, so that
repeating a small corpus does not turn every lookup into a hit (``--warm`` keeps them, as before).
A value that recurs from plan to plan within a round still hits, as it would in a real corpus.

The machine is shared: the load average is printed before and after, and the ratio is given per block
(median) besides best and mean.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

from common import REPO, clear_value_caches


def _files(d: Path | None, sample: int | None = None) -> list[Path]:
    if d:
        files = sorted(p for p in d.rglob("*") if p.suffix in (".txt", ".md") and p.is_file())
        return random.Random(1).sample(files, min(len(files), sample)) if sample else files
    env = os.environ.get("VANBAN_SHARED")
    shared = Path(env) if env else REPO.parent / "shared"
    if (shared / "seeds").is_dir():
        return sorted((shared / "seeds").glob("*.txt"))
    return sorted(p for p in (REPO / "tests" / "fixtures" / "plans").iterdir() if p.is_file())


# The floor's document-code regex, fixed as it stood when issue 16 set the goal (find.CODE_RE at 01ecd77): a
# yardstick that moves with the code is none. find.CODE_RE has since learnt glued "số", letters and dots, and
# its lookbehinds leave it no literal to skip to; find never runs it over a whole text (iter_codes starts at
# each "/"), but the floor did, and grew threefold with it.
_SEG = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:&[A-ZĐ][A-Za-zĐđ0-9]*)*"
FLOOR_CODE_RE = re.compile(
    r"(?<![\w/.\-])(?P<code>\d{1,5}(?:(?:/\d{4})?/" + _SEG + r"(?:[-–]" + _SEG + r")*"
    r"|[-–]" + _SEG + r"/" + _SEG + r"(?:[-–]" + _SEG + r")*))(?![\w/]|[-–][\w])")


def floor_once(p: Path) -> int:
    """The floor: read, decode, NFC-normalise and scan once with the document-code regex (:data:`FLOOR_CODE_RE`)."""
    text = unicodedata.normalize("NFC", p.read_bytes().decode("utf-8-sig"))
    return sum(1 for _ in FLOOR_CODE_RE.finditer(text))


def _rounds(fn, files: list[Path], per: int, warm: bool) -> float:
    """CPU seconds of ``per`` rounds of ``fn`` over ``files``; the loaders' value caches emptied before each
    round (not timed) unless ``warm``: a round costs what reading those plans once costs."""
    spent = 0.0
    for _ in range(per):
        if not warm:
            clear_value_caches()
        t0 = time.process_time()
        for p in files:
            fn(p)
        spent += time.process_time() - t0
    return spent


def measure(files: list[Path], rounds: int, warm: bool = False) -> dict:
    """CPU seconds per plan of the floor and of `extract_file` over `files`, `rounds` times.

    Blocks of floor and full runs are interleaved and each side keeps its best block:
    the machine is shared, and a noisy neighbour should not count against either side."""
    from vanban.loaders import extract_file
    for p in files:  # warm caches (compiled patterns, data files)
        floor_once(p)
        extract_file(p)
    blocks = max(1, min(10, rounds))
    per = max(1, rounds // blocks)
    best_floor = best_full = float("inf")
    tot_floor = tot_full = 0.0
    ratios = []
    for _ in range(blocks):
        for fn, side in ((floor_once, "floor"), (extract_file, "full")):
            dt = _rounds(fn, files, per, warm)
            if side == "floor":
                tot_floor, best_floor, last_floor = tot_floor + dt, min(best_floor, dt), dt
            else:
                tot_full, best_full = tot_full + dt, min(best_full, dt)
                ratios.append(dt / last_floor)
    nb = per * len(files)
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files), "blocks": blocks,
            "rounds": blocks * per, "floor_s_per_plan": best_floor / nb, "full_s_per_plan": best_full / nb,
            "mean_ratio": tot_full / tot_floor, "median_ratio": statistics.median(ratios)}


# the stage functions extract_text calls (loaders/pipeline.py), in its order
STAGES = ("clean", "extract_metadata", "find_mentions", "own_marked", "all_mentions", "group_mentions",
          "derived_relations", "implements_marked", "title_refs", "derived_to_titles", "_citation",
          "amendments_marked", "extract_reporting", "extract_recipients")


def stage_shares(files: list[Path], rounds: int) -> dict[str, float]:
    """CPU seconds per stage of ``extract_text`` over the files' texts (read once, outside the timing), and
    ``"total"``: each stage function of loaders/pipeline.py is wrapped with a timer for the run."""
    from vanban.loaders import pipeline
    from vanban.loaders.read import read_source
    texts = [read_source(p).text for p in files]
    spent: dict[str, float] = dict.fromkeys(STAGES, 0.0)
    saved = {name: getattr(pipeline, name) for name in STAGES}

    def timed(name, fn):
        def run(*a, **k):
            t0 = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.process_time() - t0
        return run

    for t in texts:   # warm caches
        pipeline.extract_text(t)
    try:
        for name, fn in saved.items():
            setattr(pipeline, name, timed(name, fn))
        total = 0.0
        for _ in range(rounds):
            clear_value_caches()   # (as measure does: each round a first reading; cleared outside the timing)
            t0 = time.process_time()
            for t in texts:
                pipeline.extract_text(t)
            total += time.process_time() - t0
        spent["total"] = total
    finally:
        for name, fn in saved.items():
            setattr(pipeline, name, fn)
    return spent


def _line(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least squares ``y = a + b * x``: (a, b)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0
    return my - b * mx, b


def size_fit(files: list[Path], rounds: int = 7) -> dict[str, tuple[float, float]]:
    """CPU seconds per plan as ``fixed + per_1k * (characters / 1000)``, fitted over the files (each file's
    best of ``rounds``), for the floor and for ``extract_file``: whether the ratio comes from work per
    character or from work every plan costs whatever its length (its header, preamble, signature)."""
    from vanban.loaders import extract_file
    from vanban.loaders.read import read_source
    sizes = [len(read_source(p).text) / 1000 for p in files]

    def best(fn, p):
        fn(p)
        out = float("inf")
        for _ in range(rounds):
            clear_value_caches()
            t0 = time.process_time()
            fn(p)
            out = min(out, time.process_time() - t0)
        return out

    return {side: _line(sizes, [best(fn, p) for p in files])
            for side, fn in (("floor", floor_once), ("full", extract_file))}


def code_free(text: str) -> str:
    """``text`` without a digit or a "/": no document code, date or number is left in it.

    >>> code_free("Số: 12/KH-UBND ngày 3/1/2024")
    'Số: KH-UBND ngày '
    """
    return text.translate(_CODE_FREE)


_CODE_FREE = {ord(c): None for c in "0123456789/"}


def budget(files: list[Path], rounds: int) -> dict[str, float]:
    """CPU seconds per plan (best of ``rounds``): ``floor``; ``read`` (read_source); ``code_free`` (extract_text
    of the texts without digits or "/"); ``full_text`` (extract_text of the texts); ``file`` (extract_file)."""
    from vanban.loaders import extract_file, extract_text
    from vanban.loaders.read import read_source
    texts = [read_source(p).text for p in files]
    bare = [code_free(t) for t in texts]
    sides = {"floor": (floor_once, files), "read": (read_source, files), "code_free": (extract_text, bare),
             "full_text": (extract_text, texts), "file": (extract_file, files)}
    best = dict.fromkeys(sides, float("inf"))
    for fn, xs in sides.values():   # warm
        for x in xs:
            fn(x)
    for _ in range(rounds):
        for name, (fn, xs) in sides.items():   # interleaved: a busy moment falls on every side alike
            clear_value_caches()
            t0 = time.process_time()
            for x in xs:
                fn(x)
            best[name] = min(best[name], (time.process_time() - t0) / len(xs))
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument("--dir", type=Path, default=None, help="the .txt/.md plans under DIR instead of the seeds")
    ap.add_argument("--sample", type=int, default=None, help="with --dir: N files, picked as bench/run.py does")
    ap.add_argument("--stages", action="store_true", help="also: the share of each pipeline stage")
    ap.add_argument("--fit", action="store_true",
                    help="also: time per plan fitted as fixed + per 1,000 characters, floor and full")
    ap.add_argument("--warm", action="store_true",
                    help="keep the loaders' value caches between rounds (a re-read costs less than a first reading)")
    ap.add_argument("--budget", action="store_true",
                    help="also: reading, the text's passes and structure, and the codes' work (x floor)")
    args = ap.parse_args(argv)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    m = measure(_files(args.dir, args.sample), args.rounds, warm=args.warm)
    n = m["files"] * m["rounds"]
    t_floor, t_full = m["floor_s_per_plan"] * n, m["full_s_per_plan"] * n
    kb = m["bytes"] / 1024
    print(f"files: {m['files']} ({kb:.0f} KB) x {m['rounds']} rounds = {n} plans; "
          f"CPU time, best of {m['blocks']} blocks; value caches {'kept' if args.warm else 'emptied'} between rounds")
    print(f"floor (read + NFC + one regex pass): {n / t_floor:10.0f} plans/s  ({t_floor / n * 1e3:.3f} ms/plan)")
    print(f"extract_file (full pipeline):        {n / t_full:10.0f} plans/s  ({t_full / n * 1e3:.3f} ms/plan)")
    print(f"ratio full/floor: {t_full / t_floor:.1f}x best blocks, {m['median_ratio']:.1f}x median of the blocks' "
          f"ratios, {m['mean_ratio']:.1f}x over all blocks")
    if args.stages:
        files = _files(args.dir, args.sample)
        spent = stage_shares(files, max(1, min(args.rounds, 10)))
        floor_plan = m["floor_s_per_plan"]
        plans = len(files) * max(1, min(args.rounds, 10))
        print("stage (extract_text of texts already read)   share   x floor")
        for name in sorted(STAGES, key=lambda k: -spent[k]):
            print(f"  {name:<22} {spent[name] / spent['total'] * 100:5.1f}%  {spent[name] / plans / floor_plan:5.2f}x")
    if args.fit:
        fit = size_fit(_files(args.dir, args.sample))
        for side, (a, b) in fit.items():
            print(f"{side:>5}: {a * 1e6:7.1f} us a plan + {b * 1e6:6.1f} us per 1,000 characters")
        (fa, fb), (xa, xb) = fit["floor"], fit["full"]
        fixed = f"{xa / fa:.1f}x" if fa > 0 and xa > 0 else "n/a (too few or too alike files)"
        per_char = f"{xb / fb:.1f}x" if fb > 0 and xb > 0 else "n/a"
        print(f"ratio full/floor: {fixed} of the fixed part, {per_char} of the part per character")
    if args.budget:
        b = budget(_files(args.dir, args.sample), max(3, min(args.rounds, 30)))
        fl = b["floor"]
        print(f"budget of extract_file (best of rounds, us a plan; x floor of {fl * 1e6:.0f} us):")
        for label, v in (("reading the file (read_source)", b["read"]),
                         ("pipeline on the text without digits or '/'", b["code_free"]),
                         ("codes, dates, numbers and what is found from them", b["full_text"] - b["code_free"]),
                         ("extract_file", b["file"])):
            print(f"  {label:<52} {v * 1e6:8.1f}  {v / fl:5.2f}x")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
