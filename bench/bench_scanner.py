"""Where the level words start in each plan, measured for each way of finding them (loaders/scan.py).

    .venv/bin/python bench/bench_scanner.py --dir bench/.corpus/1000-s7 [--sample 400]

Prints µs per plan (CPU time, best of 5) over the cleaned texts of the .txt/.md plans under DIR: the floor's
regex (bench_extract.FLOOR_CODE_RE), one regex per first character (the hand-written trick loaders/scan.py
replaced), one regex alternation, ``str.find`` per literal (PlainScanner), pyahocorasick (AhoCorasickScanner),
and google-re2 and Hyperscan when installed (Hyperscan scans UTF-8 bytes: its offsets are bytes, not mapped
back to characters here, so its figure is a lower bound).
"""
from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

from common import REPO  # noqa: F401  (puts the repository on sys.path)


def _texts(d: Path, sample: int | None) -> list[str]:
    from vanban.loaders.clean import clean
    files = sorted(p for p in d.rglob("*") if p.suffix in (".txt", ".md") and p.is_file())
    if sample:
        files = random.Random(1).sample(files, min(len(files), sample))
    return [clean(p.read_text(encoding="utf-8-sig")).text for p in files]


def _ways(words: tuple[str, ...]) -> dict:
    from bench_extract import FLOOR_CODE_RE

    from vanban.loaders.scan import PlainScanner, scanner
    firsts: dict[str, list[str]] = {}
    for w in words:
        firsts.setdefault(w[0], []).append(re.escape(w[1:]))
    per_first = [re.compile(re.escape(k) + "(?:" + "|".join(v) + ")") for k, v in firsts.items()]
    alternation = re.compile("|".join(map(re.escape, words)))
    ways = {
        "floor: FLOOR_CODE_RE.finditer": lambda t: sum(1 for _ in FLOOR_CODE_RE.finditer(t)),
        "a regex per first character": lambda t: sorted(m.start() for r in per_first for m in r.finditer(t)),
        "one regex alternation": lambda t: [m.start() for m in alternation.finditer(t)],
        "str.find per literal (PlainScanner)": PlainScanner(words).starts,
    }
    fast = scanner(words)
    if type(fast) is not PlainScanner:
        ways["pyahocorasick (AhoCorasickScanner)"] = fast.starts
    try:
        import re2
        r2 = re2.compile("|".join(map(re.escape, words)))
        ways["google-re2 alternation"] = lambda t: [m.start() for m in r2.finditer(t)]
    except ImportError:
        pass
    try:
        import hyperscan
        db = hyperscan.Database()
        db.compile(expressions=[w.encode() for w in words], ids=list(range(len(words))), elements=len(words),
                   flags=[hyperscan.HS_FLAG_SOM_LEFTMOST] * len(words))

        def hs(t: str) -> list[int]:
            out: list[int] = []
            db.scan(t.encode(), match_event_handler=lambda _i, start, _end, _f, _c: out.append(start))
            return out
        ways["hyperscan (byte offsets)"] = hs
    except ImportError:
        pass
    return ways


def main(argv=None) -> int:
    from vanban.loaders.vocab import VOCAB
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", type=Path, required=True)
    ap.add_argument("--sample", type=int, default=None)
    args = ap.parse_args(argv)
    texts = _texts(args.dir, args.sample)
    print(f"{len(texts)} plans; the literals: the {len(VOCAB.level_words)} level words")
    for name, fn in _ways(VOCAB.level_words).items():
        best = float("inf")
        for _ in range(5):
            t0 = time.process_time()
            for t in texts:
                fn(t)
            best = min(best, time.process_time() - t0)
        print(f"  {name:40s} {best * 1e6 / len(texts):8.1f} µs/plan")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
