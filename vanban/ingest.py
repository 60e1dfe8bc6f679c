"""Load plan files into a store: walk folders, skip unchanged files, extract
the rest, and replace what each file contributed in one atomic write.

A bad file is reported and skipped; what is stored is never lost.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Callable, Iterable

from vanban.graph.store import GraphStore, LoadReport
from vanban.models import PlanRecord, VanbanError

SUFFIXES = (".txt", ".md", ".docx", ".pdf")


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


def load_paths(store: GraphStore, paths: Iterable[str | Path], progress: bool = False,
               extract: Callable[[Path], PlanRecord] | None = None) -> LoadReport:
    """Load files and folders into `store`. Same file twice changes nothing; a changed
    file replaces what it contributed; bad files are listed in the report's `failed`."""
    if extract is None:
        from vanban.loaders import extract_file as extract
    files, failed = iter_files(paths)
    report = LoadReport(failed=failed)
    known = store.source_hashes()
    upserts: list[PlanRecord] = []
    seen: set[str] = set()
    bar = _progress(files, progress)
    for f in bar:
        key = source_key(f)
        if key in seen:
            continue
        seen.add(key)
        try:
            digest = sha256_file(f)
        except OSError as exc:
            report.failed.append({"file": str(f), "code": "unreadable", "error": f"{f}: {exc.strerror or exc}"})
            continue
        if known.get(key) == digest:
            report.unchanged.append(key)
            continue
        try:
            rec = extract(f)
        except VanbanError as exc:
            report.failed.append({"file": str(f), "code": exc.code, "error": exc.detail})
            continue
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the load
            report.failed.append({"file": str(f), "code": "extract_failed", "error": f"{f}: {type(exc).__name__}: {exc}"})
            continue
        rec.file = key
        rec.sha256 = rec.sha256 or digest
        upserts.append(rec)
        (report.updated if key in known else report.added).append(key)
    if upserts:
        store.replace(upserts)
    return report


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


def _progress(files: list[Path], enabled: bool):
    if not enabled:
        return files
    from tqdm import tqdm
    return tqdm(files, desc="Đang nạp / loading", unit="file", file=sys.stderr, disable=not files)
