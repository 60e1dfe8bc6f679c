"""The cyclic garbage collector and the store's millions of small, long-lived objects.

Records and graphs are plain data with no reference cycles: refcounting frees them. The
cyclic GC would only walk them again and again (a third of a 100k-plan build; 1.5-3 s
stalls in the first queries after loading a 10k store), so the store keeps it away.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection while a block makes millions of objects (a build, an unpickle)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def gc_frozen() -> Iterator[None]:
    """Leave the objects alive now (records, the built graph) out of full collections while
    a block allocates (a Neo4j convergence's rows). Left alone if someone else froze the heap."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def settle() -> None:
    """Move what is alive now (a store just loaded) out of the GC's way for good (`gc.freeze`)."""
    gc.freeze()
