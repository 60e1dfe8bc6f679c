"""Write a file so that readers see the old content or the new, never half of it."""
from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_file(target: Path, mode: str = "wb", *, durable: bool = False, perms: int | None = None,
                make_parents: bool = True) -> Iterator[IO]:
    """Yield a temporary file beside `target`; on success rename it over `target`.

    On any error the temporary file is removed and `target` is untouched. With
    `durable`, data and the directory entry are flushed to disk before returning,
    so a crash right after leaves the new file (not an empty one). With
    `make_parents=False` a missing folder is an error (FileNotFoundError naming
    `target`), for paths a user gave: vanban never creates folders they did not name.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_file(p, "w") as fh:
    ...     _ = fh.write("ok")
    >>> p.read_text()
    'ok'
    """
    target = Path(target)
    if make_parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    elif not target.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(target.parent))
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as fh:
            yield fh
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if perms is not None:
            os.chmod(tmp, perms)
        os.replace(tmp, target)
        if durable:
            dfd = os.open(target.parent, os.O_DIRECTORY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
