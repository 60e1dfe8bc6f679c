"""Load plan files into a store: walk folders, skip unchanged files, extract
the rest, and replace what each file contributed in one atomic write.

A bad file is reported and skipped; what is stored is never lost.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator

from vanban.graph.store import GraphStore, LoadReport
from vanban.models import PlanRecord, VanbanError

# what loaders/read.py reads (kept equal to its SUPPORTED by a test; not imported, to keep start-up light)
SUFFIXES = (".txt", ".md", ".markdown", ".text", ".docx", ".doc", ".pdf", ".html", ".htm",
            ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def iter_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[dict[str, str]]]:
    """Files named, and the supported files under folders named (sorted).
    Paths that do not exist are returned as failures."""
    files: list[Path] = []
    missing: list[dict[str, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                                and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        elif p.exists():
            files.append(p)
        else:
            missing.append({"file": str(p), "code": "not_found", "error": f"{p}: no such file or folder"})
    return files, missing


def source_key(path: Path) -> str:
    return str(path.resolve())


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _hash_or_report(f: Path, report: LoadReport) -> str | None:
    """The file's sha256, or None with the file listed as unreadable in `report`."""
    try:
        return sha256_file(f)
    except OSError as exc:
        report.failed.append({"file": str(f), "code": "unreadable", "error": f"{f}: {exc.strerror or exc}"})
        return None


def load_paths(store: GraphStore, paths: Iterable[str | Path], progress: bool = False,
               extract: Callable[[Path], PlanRecord] | None = None, workers: int | None = None,
               force: bool = False) -> LoadReport:
    """Load files and folders into `store`. Same file twice changes nothing; a changed
    file replaces what it contributed; bad files are listed in the report's `failed`.

    `force` extracts unchanged files again (after upgrading vanban's extractor).
    Extraction runs in `workers` processes (default: $VANBAN_WORKERS or the CPU count)
    when there are many files; the store is written once, atomically, at the end."""
    files, failed = iter_files(paths)
    report = LoadReport(failed=failed)
    known = store.source_hashes()
    todo: list[tuple[Path, str, str | None]] = []
    seen: set[str] = set()
    for f in files:
        key = source_key(f)
        if key in seen:
            continue
        seen.add(key)
        digest = None
        if key in known and not force:
            # Only a file already stored is hashed here, to skip it when unchanged; a
            # new one is hashed by its extraction worker, from the bytes it reads anyway.
            digest = _hash_or_report(f, report)
            if digest is None:
                continue
            if known[key] == digest:
                report.unchanged.append(key)
                continue
        todo.append((f, key, digest))

    def upserts() -> Iterator[PlanRecord]:
        bar: list = []   # the progress bar, once made: OCR shows its pages on it
        outcomes = _progress(_extract_all([t[0] for t in todo], extract, workers, _page_shower(bar)), progress,
                             len(todo), bar)
        for (f, key, digest), outcome in zip(todo, outcomes):
            if isinstance(outcome, dict):
                report.failed.append(outcome)
                continue
            outcome.file = key
            if not (outcome.sha256 or digest):      # an `extract` that does not hash
                digest = _hash_or_report(f, report)
                if digest is None:
                    continue
            outcome.sha256 = outcome.sha256 or digest
            (report.updated if key in known else report.added).append(key)
            yield outcome

    # The store takes the records as the workers finish them, so a big load never
    # holds every text at once (the networkx store writes each to disk and keeps the
    # rest). Nothing is committed until the last one is in.
    stream = upserts()
    first = next(stream, None)
    if first is not None:
        store.replace(itertools.chain([first], stream))
    return report


def _extract_one(path: Path, extract: Callable[[Path], PlanRecord] | None = None,
                 on_page: Callable[[int, int], None] | None = None) -> PlanRecord | dict[str, str]:
    """A record, or the failure as a report row: one broken file must not stop the load."""
    try:
        if extract is None:
            from vanban.loaders import extract_file
            return extract_file(path, on_page=on_page)
        return extract(path)
    except VanbanError as exc:
        return {"file": str(path), "code": exc.code, "error": exc.detail}
    except Exception as exc:  # noqa: BLE001
        return {"file": str(path), "code": "extract_failed", "error": f"{path}: {type(exc).__name__}: {exc}"}


def _extract_all(files: list[Path], extract, workers: int | None, on_page=None):
    workers = workers or int(os.environ.get("VANBAN_WORKERS") or 0) or (os.cpu_count() or 1)
    if extract is not None or workers <= 1 or len(files) < 64:
        for f in files:
            yield _extract_one(f, extract, on_page)
        return
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_extract_one, files, chunksize=16)


def load_bytes(store: GraphStore, items: list[tuple[str, bytes]]) -> tuple[list[PlanRecord], LoadReport]:
    """Load uploaded files (name, content) all or nothing: any unreadable file raises
    UnreadableFile and the store is left as it was. Names are never used as paths."""
    from vanban.loaders import extract_bytes
    report = LoadReport()
    known = store.source_hashes()
    records: list[PlanRecord] = []
    for name, data in items:
        safe = safe_name(name)
        rec = extract_bytes(data, safe)  # raises UnreadableFile naming `safe`
        digest = hashlib.sha256(data).hexdigest()
        rec.file = f"upload:{safe}"
        rec.sha256 = rec.sha256 or digest
        if known.get(rec.file) == rec.sha256:
            report.unchanged.append(rec.file)
            continue
        (report.updated if rec.file in known else report.added).append(rec.file)
        records.append(rec)
    if records:
        store.replace(records)
    return records, report


def safe_name(name: str) -> str:
    """The last path component of an uploaded name, stripped of anything path-like.

    >>> safe_name("../../etc/passwd"), safe_name("C:\\\\x\\\\kh.txt"), safe_name("")
    ('passwd', 'kh.txt', 'upload')
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in "\x00/\\:")
    base = base.lstrip(".").strip()
    return base[:200] or "upload"


def _progress(items, enabled: bool, total: int, bar: list | None = None):
    if not enabled:
        return items
    from tqdm import tqdm
    made = tqdm(items, total=total, desc="Đang nạp / loading", unit="file", file=sys.stderr, disable=not total)
    if bar is not None:
        bar.append(made)
    return made


def _page_shower(bar: list):
    """OCR's page count on the progress bar ("OCR trang 3/12"), while a scan is read."""
    def on_page(done: int, total: int) -> None:
        if bar:
            bar[0].set_postfix_str(f"OCR trang {done}/{total}", refresh=True)
    return on_page
