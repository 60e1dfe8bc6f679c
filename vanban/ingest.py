"""Load plan files into a store: walk folders, skip unchanged files, extract
the rest, and replace what each file contributed in one atomic write; take plans
out again (:func:`remove_refs`); sweep what a killed load left behind.

A bad file is reported and skipped; what is stored is never lost. Nothing is
skipped in silence: hidden files, unsupported types and texts that are not plans
are listed in the report's ``skipped``.
"""
from __future__ import annotations

import ctypes
import errno
import hashlib
import itertools
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vanban.formats import PLAN_SUFFIXES
from vanban.graph.store import GraphStore, LoadReport
from vanban.models import PlanRecord, VanbanError
from vanban.refs import Removal, removals_for, source_keys

SUFFIXES = PLAN_SUFFIXES   # what loaders/read.py reads (vanban/formats.py)


@dataclass
class IngestReport(LoadReport):
    """A LoadReport that also lists what was not loaded and why, and what was taken out.

    ``skipped`` rows: {"file", "code": hidden | hidden_folder | unsupported_type | not_a_plan,
    "reason"};
    ``removed``: source keys dropped (--prune); ``vanished``: stored files under a loaded
    folder that no longer exist and were kept (no --prune); ``swept``: leftovers deleted."""

    skipped: list[dict[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)
    swept: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {"skipped": self.skipped, "removed": self.removed,
                                    "vanished": self.vanished, "swept": self.swept}


def _skip(path: Path, code: str, reason: str) -> dict[str, str]:
    return {"file": str(path), "code": code, "reason": reason}


def iter_files(paths: Iterable[str | Path],
               skipped: list[dict[str, str]] | None = None) -> tuple[list[Path], list[dict[str, str]]]:
    """Files named, and the supported files under folders named (sorted).
    Paths that do not exist are returned as failures. What a folder holds but is not
    loaded (hidden files and folders, other file types) is appended to `skipped`."""
    files: list[Path] = []
    missing: list[dict[str, str]] = []
    skipped = [] if skipped is None else skipped
    for p in map(Path, paths):
        if p.is_dir():
            found: list[Path] = []
            for root, dirs, names in os.walk(p):
                here = Path(root)
                for d in sorted(dirs):
                    if d.startswith("."):   # one row for a hidden folder, not one per file in it
                        skipped.append(_skip(here / d, "hidden_folder", "hidden folder"))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    f = here / name
                    if name.startswith("."):
                        skipped.append(_skip(f, "hidden", "hidden file"))
                    elif f.suffix.lower() not in SUFFIXES:
                        skipped.append(_skip(f, "unsupported_type",
                                             f"unsupported file type {f.suffix.lower() or '(no extension)'}"))
                    elif f.is_file():
                        found.append(f)
            files.extend(sorted(found))
        elif p.exists():
            files.append(p)
        else:
            missing.append({"file": str(p), "code": "not_found", "error": f"{p}: no such file or folder",
                            "message_vi": f"{p}: không có tệp hoặc thư mục này"})
    return files, missing


# A line that opens with the name of an administrative document: a plan copied from a web
# page often keeps only its title ("Kế hoạch tổ chức ...") and loses the header.
_DOCUMENT_TITLE = re.compile(r"^\W{0,5}(kế hoạch|chỉ thị|quyết định|nghị quyết|chương trình|hướng dẫn|"
                             r"thông báo|công văn|báo cáo|tờ trình|đề án)\b", re.IGNORECASE | re.MULTILINE)


def looks_like_plan(rec: PlanRecord) -> bool:
    """False for a text with nothing of a plan: no header (issuer, date, place), no document
    type, no number, no citation, and no line of its beginning that opens with a document
    name. Such a file (notes, a README) is not stored unless forced.

    >>> from vanban.models import DocumentMeta
    >>> looks_like_plan(PlanRecord(file="n.txt", document=DocumentMeta(), text="Ghi chép buổi họp tổ"))
    False
    >>> web_copy = "Trang tin xã\\nKế hoạch tổ chức hội thi"
    >>> looks_like_plan(PlanRecord(file="w.txt", document=DocumentMeta(), text=web_copy))
    True
    """
    d = rec.document
    if d.type or d.code or d.issuer or d.date or d.place or rec.citations:
        return True
    return bool(rec.text and _DOCUMENT_TITLE.search(rec.text[:4000]))


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
        report.failed.append({"file": str(f), "code": "unreadable", "error": f"{f}: {exc.strerror or exc}",
                              "message_vi": f"{f}: không đọc được ({exc.strerror or exc})"})
        return None


def _vanished(paths: Iterable[str | Path], known: Iterable[str]) -> list[str]:
    """Stored source keys under the folders in `paths` (or named by them) whose file is gone."""
    prefixes, named = [], set()
    for p in map(Path, paths):
        key = source_key(p)
        if p.is_dir():
            prefixes.append(key.rstrip(os.sep) + os.sep)
        elif not p.exists():
            named.add(key)
    return sorted(k for k in known
                  if (k in named or any(k.startswith(pre) for pre in prefixes)) and not os.path.exists(k))


def load_paths(store: GraphStore, paths: Iterable[str | Path], progress: bool = False,
               extract: Callable[[Path], PlanRecord] | None = None, workers: int | None = None,
               force: bool = False, force_plan: bool = False, prune: bool = False) -> IngestReport:
    """Load files and folders into `store`. Same file twice changes nothing; a changed
    file replaces what it contributed; bad files are listed in the report's `failed`,
    files not loaded (hidden, other types, texts that are not plans) in `skipped`.

    `force` extracts unchanged files again (after upgrading vanban's extractor);
    `force_plan` stores texts that do not look like a plan (:func:`looks_like_plan`);
    `prune` drops stored files under the folders named that no longer exist (without it
    they are listed in `vanished` and kept: a folder on an unplugged drive must not
    empty the store). Extraction runs in `workers` processes (default: $VANBAN_WORKERS
    or the CPU count) when there are many files; the store is written once, atomically,
    at the end. Leftovers of a killed load are swept first (:func:`sweep_leftovers`)."""
    paths = list(paths)
    report = IngestReport()
    report.swept = sweep_leftovers(store)
    files, report.failed = iter_files(paths, report.skipped)
    known = store.source_hashes()
    gone = _vanished(paths, known)
    if prune:
        report.removed = gone
    else:
        report.vanished = gone
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
        for (f, key, digest), outcome in zip(todo, outcomes, strict=True):
            if isinstance(outcome, dict):
                report.failed.append(outcome)
                continue
            if not force_plan and not looks_like_plan(outcome):
                report.skipped.append(_skip(f, "not_a_plan", "not a plan: no header, type, number or citation"))
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
    if first is not None or report.removed:
        store.replace(itertools.chain([first], stream) if first is not None else [], removals=report.removed)
    if report.removed:      # their texts are now unreferenced
        for kind, n in sweep_leftovers(store).items():
            report.swept[kind] = report.swept.get(kind, 0) + n
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
        return {"file": str(path), "code": exc.code, "error": exc.detail, "message_vi": exc.message_vi}
    except Exception as exc:  # noqa: BLE001
        return {"file": str(path), "code": "extract_failed", "error": f"{path}: {type(exc).__name__}: {exc}",
                "message_vi": f"{path}: trích xuất thất bại ({type(exc).__name__}: {exc})"}


def _extract_all(files: list[Path], extract, workers: int | None, on_page=None):
    workers = workers or int(os.environ.get("VANBAN_WORKERS") or 0) or (os.cpu_count() or 1)
    if extract is not None or workers <= 1 or len(files) < 64:
        for f in files:
            yield _extract_one(f, extract, on_page)
        return
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent) as pool:
        yield from pool.map(_extract_one, files, chunksize=16)


PR_SET_PDEATHSIG = 1   # <linux/prctl.h>


def _die_with_parent(poll_seconds: float = 0.5) -> None:
    """Pool initializer: end this worker as soon as the process that started it dies.

    A SIGKILLed `vanban load` gives its pool no chance to stop the workers, which then
    wait on their queue for ever (orphaned, PPID 1). On Linux the kernel sends them
    SIGKILL (prctl PR_SET_PDEATHSIG); everywhere, a daemon thread also watches for the
    worker being re-parented, which covers the race before prctl and other systems."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):   # no libc symbol: the thread below still works
            pass
    if os.getppid() != parent:              # died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os._exit(1)

    threading.Thread(target=watch, name="vanban-parent-watch", daemon=True).start()


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


MAX_NAME = 200


def safe_name(name: str) -> str:
    """The last path component of an uploaded name, stripped of anything path-like, at
    most MAX_NAME characters; a long name is cut before its extension, which is kept
    (the extension decides how the file is read).

    >>> safe_name("../../etc/passwd"), safe_name("C:\\\\x\\\\kh.txt"), safe_name("")
    ('passwd', 'kh.txt', 'upload')
    >>> n = safe_name("k" * 197 + ".txt"); len(n), n[-7:]
    (200, 'kkk.txt')
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in "\x00/\\:")
    base = base.lstrip(".").strip()
    if len(base) > MAX_NAME:
        stem, dot, ext = base.rpartition(".")
        if dot and stem and 0 < len(ext) <= 16:
            base = stem[:MAX_NAME - len(ext) - 1].rstrip() + "." + ext
        else:
            base = base[:MAX_NAME]
    return base or "upload"


def _progress(items, enabled: bool, total: int, bar: list | None = None):
    if not enabled:
        return items
    from tqdm import tqdm

    from vanban.i18n import t
    made = tqdm(items, total=total, desc=t("load.progress"), unit=t("load.unit"), file=sys.stderr, disable=not total)
    if bar is not None:
        bar.append(made)
    return made


def _page_shower(bar: list):
    """OCR's page count on the progress bar ("OCR trang 3/12"), while a scan is read."""
    def on_page(done: int, total: int) -> None:
        if bar:
            from vanban.i18n import t
            bar[0].set_postfix_str(t("load.ocr_pages", done=done, total=total), refresh=True)
    return on_page


# ---------------------------------------------------------------- removal
def remove(store: GraphStore, removals: list[Removal]) -> list[str]:
    """Take the records of `removals` (see :mod:`vanban.refs`) out of `store`, with
    everything only they contributed, in one atomic write; then sweep the texts no
    record refers to any more. Returns the source keys removed. The one removal path
    of the CLI (`vanban remove`) and the API (`DELETE /documents/{ref}`)."""
    keys = source_keys(removals)
    if keys:
        store.replace([], removals=keys)
        sweep_leftovers(store)
    return keys


def remove_refs(store: GraphStore, refs: Iterable[str], *, local_paths: bool = True) -> list[str]:
    """Take the plans `refs` name out of `store` (`local_paths`: the CLI's files and
    folders too). All refs resolve first: one bad ref removes nothing."""
    return remove(store, removals_for(store, refs, local_paths=local_paths))


# ---------------------------------------------------------------- clean-up
_SHA256_NAME = re.compile(r"[0-9a-f]{64}")


def sweep_leftovers(store: GraphStore) -> dict[str, int]:
    """Delete what an interrupted or superseded write left in a networkx store folder:
    temp files of a save or a text write that was killed (``.store.pickle-*.tmp``,
    ``texts/.*.tmp``) and texts (``texts/<sha256>``) no stored record refers to.

    Done only while holding the store's write lock (taken without waiting: when another
    process is writing, nothing is swept this time), and only when the store read is
    the one on disk, so a text a concurrent load just committed is never taken.
    Returns how many files of each kind were deleted; other backends: nothing to do."""
    home = getattr(store, "home", None)
    swept = {"temp_files": 0, "texts": 0}
    if home is None or store.backend != "networkx" or not Path(home).is_dir():
        return swept
    home = Path(home)
    import fcntl

    def stamp() -> tuple | None:
        try:
            st = (home / "store.pickle").stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    before = stamp()
    referenced = set(store.source_hashes().values())
    with open(home / "lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return swept
            raise
        try:
            if stamp() != before:           # another process wrote in between: next time
                return swept
            texts = home / "texts"
            temps = list(home.glob(".store.pickle-*.tmp")) + list(texts.glob(".*.tmp"))
            for f in temps:
                swept["temp_files"] += _unlink(f)
            if texts.is_dir():
                for f in texts.iterdir():
                    if _SHA256_NAME.fullmatch(f.name) and f.name not in referenced:
                        swept["texts"] += _unlink(f)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return swept


def _unlink(f: Path) -> int:
    try:
        f.unlink()
        return 1
    except FileNotFoundError:
        return 0
