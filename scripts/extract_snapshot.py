#!/usr/bin/env python3
"""Snapshot of `vanban extract --json`: one digest per file, to show a refactor of loaders/ changes nothing.

    .venv/bin/python scripts/extract_snapshot.py --check          # compare with tests/fixtures/extract_snapshot.json
    .venv/bin/python scripts/extract_snapshot.py --write          # record the digests of the code as it stands

Corpora: ``fixtures`` (tests/fixtures/plans, real_phenomena and other_provinces), ``generated`` (`vanban
generate --plans 1000 --seed 7`, written to a temporary folder), and when ../shared is there ``seeds`` and
``real-dev`` (its 3-line "# source:" header stripped, as `vanban eval` does). A digest is the SHA-256 (first
16 hex) of the record's JSON exactly as `vanban extract --json` prints it (ensure_ascii=False, indent=1), with
``file`` set to the name relative to its corpus so that the folder does not matter.

Recorded from commit 0a403e4 (main with issue 12 merged), before the refactor of issue 16.
Re-recorded for one bug fix since (issue 13): a proper name may start with an accented capital
("Ủy ban …", "Ân Thi"), which moved the start of one reporting-line sentence in the fixtures; and for one
in session 24: a footnote mark after a word ("sự kiện[1]") is no longer in real-dev 15's citation 210/KH-UBND
(its title and sentence). The plans of tests/fixtures/other_provinces were recorded when they were added.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SNAPSHOT = REPO / "tests" / "fixtures" / "extract_snapshot.json"
GENERATED_SEED = 7
GENERATED_PLANS = 1000

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def shared_dir() -> Path | None:
    """../shared (or $VANBAN_SHARED) when it holds the seeds, else None."""
    env = os.environ.get("VANBAN_SHARED")
    cand = Path(env) if env else REPO.parent / "shared"
    return cand if (cand / "seeds").is_dir() else None


def digest(record_json: dict) -> str:
    """The first 16 hex of the SHA-256 of a record's JSON as `vanban extract --json` prints it."""
    text = json.dumps(record_json, ensure_ascii=False, indent=1)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _plans(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".txt", ".md"))


def digests_of_files(root: Path, files: list[Path], *, strip_header: bool = False) -> dict[str, str]:
    """name (relative to ``root``) -> digest of its extraction."""
    from vanban.loaders import extract_file, extract_text
    from vanban.loaders.evaluate import strip_source_header
    from vanban.loaders.read import read_source
    out: dict[str, str] = {}
    for p in files:
        name = p.relative_to(root).as_posix()
        if strip_header:
            src = read_source(p)
            rec = extract_text(strip_source_header(src.text), file=name).to_json()
        else:
            rec = extract_file(p).to_json()
            rec["file"] = name
        out[name] = digest(rec)
    return out


def generated_digests(seed: int = GENERATED_SEED, plans: int = GENERATED_PLANS) -> dict[str, str]:
    """Digests of a corpus `vanban generate --plans N --seed S` writes (in a temporary folder)."""
    from vanban.synth import generate_corpus
    with tempfile.TemporaryDirectory(prefix="vanban-snapshot-") as tmp:
        generate_corpus(tmp, seed=seed, plans=plans)
        root = Path(tmp)
        return digests_of_files(root, _plans(root))


def corpus_digests(name: str) -> dict[str, str] | None:
    """The digests of one corpus (None when it needs ../shared and that is absent)."""
    if name == "generated":
        return generated_digests()
    if name == "fixtures":
        root = REPO / "tests" / "fixtures"
        return digests_of_files(root, _plans(root / "plans") + _plans(root / "real_phenomena")
                                + _plans(root / "other_provinces"))
    shared = shared_dir()
    if shared is None:
        return None
    if name == "seeds":
        return digests_of_files(shared / "seeds", sorted((shared / "seeds").glob("*.txt")))
    if name == "real-dev":
        root = shared / "real-dev"
        return digests_of_files(root, sorted(root.glob("*.txt")), strip_header=True)
    raise ValueError(f"unknown corpus {name!r}")


CORPORA = ("fixtures", "seeds", "real-dev", "generated")


def compare(expected: dict[str, str], got: dict[str, str]) -> list[str]:
    """Names whose digest differs, or that are in one side only."""
    return sorted(n for n in expected.keys() | got.keys() if expected.get(n) != got.get(n))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    ap.add_argument("--corpus", action="append", choices=CORPORA, help="only this corpus (repeatable)")
    args = ap.parse_args(argv)
    names = args.corpus or list(CORPORA)
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.is_file() else {}
    bad = 0
    for name in names:
        got = corpus_digests(name)
        if got is None:
            print(f"{name}: skipped (../shared absent)")
            continue
        if args.write:
            stored[name] = got
            print(f"{name}: {len(got)} files recorded")
            continue
        diff = compare(stored.get(name, {}), got)
        bad += len(diff)
        print(f"{name}: {len(got)} files, {len(diff)} differ" + (": " + ", ".join(diff[:20]) if diff else ""))
    if args.write:
        tmp = SNAPSHOT.with_suffix(".tmp")
        tmp.write_text(json.dumps(stored, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(SNAPSHOT)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
