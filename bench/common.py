"""What the benchmark scripts share: where things live, and how a percentile is read."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# generated corpora, reused between runs (git-ignored)
CACHE = Path(os.environ.get("VANBAN_BENCH_CACHE") or REPO / "bench" / ".corpus")
# JSON and Markdown results (git-ignored); bench/run.py points each script it runs elsewhere
RESULTS = Path(os.environ.get("VANBAN_BENCH_RESULTS") or REPO / "bench" / "results")

if str(REPO) not in sys.path:           # the scripts run from a checkout, installed or not
    sys.path.insert(0, str(REPO))


def pct(xs: list[float], p: float) -> float:
    """The p-th percentile by nearest rank (nan for no samples).

    >>> pct([3, 1, 2], 50), pct([], 99) != pct([], 99)
    (2, True)
    """
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))
    return xs[k]


class LocalNeo4j:
    """A Neo4j started with scripts/neo4j-local (stopped by closing its stdin): on a fresh
    temporary database, or with `data` on a database folder (e.g. one just imported)."""

    def __init__(self, pagecache_mb: int = 64, heap: str | None = None, data: Path | None = None,
                 stderr=sys.stderr):
        env = dict(os.environ)
        if heap:
            env["NEO4J_LOCAL_JAVA_OPTS"] = (env.get("NEO4J_LOCAL_JAVA_OPTS", "") + f" -Xmx{heap}").strip()
        cmd = [str(REPO / "scripts" / "neo4j-local"), "--watch-stdin", "--pagecache", str(pagecache_mb)]
        if data is not None:
            cmd += ["--data", str(data)]
        self.proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=stderr)
        t = time.perf_counter()
        line = self.proc.stdout.readline().decode().strip()
        if not line.startswith("NEO4J_URI="):
            self.stop()
            raise SystemExit(f"{' '.join(cmd[:1] + cmd[2:])} did not start (got {line!r})")
        self.uri = line.split("=", 1)[1]
        self.start_s = time.perf_counter() - t

    def stop(self, timeout: float = 120):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                self.proc.wait()


def clear_value_caches(package: str = "vanban.loaders") -> int:
    """Empty every bounded ``functools.lru_cache`` of ``package``'s modules (the caches of values read from
    plans: codes, issuers, header lines); the unbounded ones (compiled patterns, data files) stay. A
    benchmark that repeats its files calls this before each round, so that a round costs what reading
    those plans once costs, not what re-reading them costs. Returns how many caches it emptied.

    >>> clear_value_caches("vanban.loaders") > 0
    True
    """
    import importlib
    import pkgutil
    root = importlib.import_module(package)
    names = [package] + [f"{package}.{m.name}" for m in pkgutil.iter_modules(root.__path__)]
    done = 0
    for name in names:
        module = sys.modules.get(name)
        for obj in vars(module).values() if module is not None else ():
            params = getattr(obj, "cache_parameters", None)
            if params is not None and params()["maxsize"] is not None:
                obj.cache_clear()
                done += 1
    return done
