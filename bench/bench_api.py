#!/usr/bin/env python3
"""Load benchmark of the query API on loopback.

Starts ``vanban serve`` (a subprocess) over a store holding a generated corpus,
then, from this process, sends a bounded number of requests to ``/healthz``
(the trivial endpoint), ``/trace`` and ``/search`` of the same server, and
reports requests/s, p50 and p99 per endpoint; then fires 1,000 requests at
once (one connection each) and counts errors.

    .venv/bin/python bench/bench_api.py --home /tmp/vbbench/home --plans 10000

The store under ``--home`` is reused when it exists; otherwise a corpus of
``--plans`` plans is generated (``vanban generate``) and loaded (``vanban load``)
first, which takes minutes for 10k plans. Installs nothing; needs only the
project's own dependencies (httpx is used for setup and the 1,000-request burst;
the timed runs use a minimal keep-alive HTTP/1.1 client so that the client's own
cost disturbs the server's figures as little as possible).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vanban(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "vanban.cli", *args], check=True, **kw)


def ensure_store(home: Path, plans: int, seed: int) -> None:
    if (home / "store.pickle").is_file():
        print(f"store: reusing {home}", flush=True)
        return
    corpus = home.parent / f"corpus-{plans}-{seed}"
    t = time.perf_counter()
    if not (corpus / "truth.json").is_file():
        vanban("generate", str(corpus), "--plans", str(plans), "--seed", str(seed))
    print(f"corpus: {corpus} ({time.perf_counter() - t:.0f}s)", flush=True)
    t = time.perf_counter()
    vanban("--home", str(home), "load", "--no-progress", str(corpus))
    print(f"load: {time.perf_counter() - t:.0f}s", flush=True)


class Server:
    def __init__(self, home: Path, port: int, log: Path):
        # VANBAN_LANG=en: the "serving on" line read below is a human line, printed in Vietnamese by default
        env = {**os.environ, "VANBAN_HOME": str(home), "PYTHONUNBUFFERED": "1", "VANBAN_LANG": "en"}
        env.pop("VANBAN_BACKEND", None)
        env.pop("VANBAN_API_READ_TOKEN_REQUIRED", None)
        self.log = open(log, "w")
        self.proc = subprocess.Popen([PY, "-m", "vanban.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                     env=env, stdout=subprocess.PIPE, stderr=self.log, text=True,
                                     start_new_session=True)
        line = self.proc.stdout.readline()
        if "serving on" not in line:
            self.stop()
            raise SystemExit(f"server did not start: {line!r}; see {log}")
        self.base = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.log.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- a minimal HTTP/1.1 client
class Conn:
    """One keep-alive connection sending GETs and reading Content-Length bodies."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        return self

    async def get(self, target: str) -> tuple[int, bytes]:
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for h in lines[1:]:
            k, _, v = h.partition(b":")
            if k.strip().lower() == b"content-length":
                length = int(v)
        body = await self.reader.readexactly(length) if length else b""
        return status, body

    async def close(self):
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except Exception:  # noqa: BLE001
            pass


async def run_load(base: str, targets: list[str], concurrency: int, keep: bool = False) -> dict:
    host, port = base.rsplit("/", 1)[-1].split(":")
    conns = [await Conn(host, int(port)).open() for _ in range(concurrency)]
    queue = list(reversed(targets))
    lat: list[float] = []
    errors = 0

    async def worker(c: Conn):
        nonlocal errors
        while queue:
            t = queue.pop()
            t0 = time.perf_counter()
            try:
                status, _ = await c.get(t)
            except Exception:  # noqa: BLE001
                errors += 1
                return
            lat.append(time.perf_counter() - t0)
            if status != 200:
                errors += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in conns))
    wall = time.perf_counter() - t0
    for c in conns:
        await c.close()
    out = summarise(lat, wall, errors, len(targets))
    if keep:
        out["latencies"] = lat
    return out


def summarise(lat: list[float], wall: float, errors: int, n: int) -> dict:
    lat = sorted(lat)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(round(p * (len(lat) - 1))))] * 1000 if lat else float("nan")

    return {"requests": n, "errors": errors, "seconds": round(wall, 3), "rps": round(n / wall, 1) if wall else None,
            "p50_ms": round(pct(0.50), 2), "p99_ms": round(pct(0.99), 2),
            "mean_ms": round(statistics.fmean(lat) * 1000, 2) if lat else None}


async def burst(base: str, targets: list[str]) -> dict:
    """All requests at once, one connection each (httpx)."""
    limits = httpx.Limits(max_connections=len(targets), max_keepalive_connections=len(targets))
    lat: list[float] = []
    errors: list[str] = []
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        start = asyncio.Event()

        async def one(t: str):
            await start.wait()
            t0 = time.perf_counter()
            try:
                r = await client.get(t)
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {t}")
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{type(exc).__name__} {t}")
                return
            lat.append(time.perf_counter() - t0)

        tasks = [asyncio.create_task(one(t)) for t in targets]
        await asyncio.sleep(0.05)
        t0 = time.perf_counter()
        start.set()
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - t0
    out = summarise(lat, wall, len(errors), len(targets))
    out["error_samples"] = errors[:5]
    return out


def pick_targets(base: str, n: int, seed: int) -> tuple[list[str], list[str]]:
    rnd = random.Random(seed)
    with httpx.Client(base_url=base, timeout=120) as c:
        docs = []
        offset = 0
        while offset < 5000:
            page = c.get("/documents", params={"kind": "plan", "loaded": "true", "limit": 1000,
                                               "offset": offset}).json()
            docs += page["items"]
            offset += 1000
            if offset >= page["total"]:
                break
    sample = [rnd.choice(docs) for _ in range(n)]
    trace = ["/trace?" + urlencode({"ref": d["id"]}) for d in sample]
    words = []
    for d in sample:
        title = d.get("title") or ""
        choice = rnd.random()
        if choice < 0.4 and d.get("code"):
            words.append(f"kế hoạch {d['code'].split('/')[0]} {(d.get('issuer') or '').split()[-1]}")
        elif choice < 0.7:
            words.append(" ".join(title.split()[:6]) or "dân vận")
        else:
            words.append(d.get("issuer") or "ủy ban nhân dân")
    search = ["/search?" + urlencode({"q": w, "limit": 20}) for w in words]
    return trace, search


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", default="/tmp/vbbench/home", help="store folder (reused when it holds a store)")
    ap.add_argument("--plans", type=int, default=10000, help="corpus size when the store must be built")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--requests", type=int, default=2000, help="timed requests per endpoint")
    ap.add_argument("--search-requests", type=int, default=300,
                    help="timed requests for /search (fuzzy search is slow on big graphs; default 300)")
    ap.add_argument("--concurrency", type=int, default=16, help="connections for the timed runs")
    ap.add_argument("--rounds", type=int, default=5, help="endpoints take turns in this many rounds")
    ap.add_argument("--only", default="healthz,trace,search,burst",
                    help="comma-separated parts to run (default: healthz,trace,search,burst)")
    ap.add_argument("--burst", type=int, default=1000, help="requests fired at once at the end")
    ap.add_argument("--out", default=None, help="also write the results as JSON here")
    args = ap.parse_args(argv)

    home = Path(args.home).resolve()
    ensure_store(home, args.plans, args.seed)
    server = Server(home, free_port(), home.parent / "bench-serve.log")
    results: dict = {"home": str(home)}
    try:
        t = time.perf_counter()
        with httpx.Client(base_url=server.base, timeout=300) as c:
            r = c.get("/readyz")
            assert r.status_code == 200, r.text
            stats = c.get("/documents", params={"kind": "plan", "loaded": "true", "limit": 1}).json()["total"]
        results["loaded_plans"] = stats
        print(f"server {server.base}: ready in {time.perf_counter() - t:.1f}s, {stats} loaded plans", flush=True)
        trace, search = pick_targets(server.base, args.requests, args.seed)
        health = ["/healthz"] * args.requests
        parts = set(args.only.split(","))
        plan = [(n, t) for n, t in (("healthz", health), ("trace", trace), ("search", search[:args.search_requests]))
                if n in parts]
        for _name, targets in plan:
            asyncio.run(run_load(server.base, targets[:50], args.concurrency))      # warm-up
        # Endpoints take turns, in `--rounds` rounds, so that load from other processes on
        # the machine hits them alike; each figure is the median of its rounds' rates.
        runs = {}
        per_round: dict[str, list[dict]] = {n: [] for n, _ in plan}
        for k in range(args.rounds):
            for name, targets in plan:
                size = len(targets) // args.rounds
                cpu0 = cpu_seconds(server.proc.pid)
                r = asyncio.run(run_load(server.base, targets[k * size:(k + 1) * size], args.concurrency, keep=True))
                r["server_cpu_s"] = cpu_seconds(server.proc.pid) - cpu0
                per_round[name].append(r)
        for name, rounds in per_round.items():
            lat = [x for r in rounds for x in r.pop("latencies")]
            runs[name] = summarise(lat, sum(r["seconds"] for r in rounds), sum(r["errors"] for r in rounds), len(lat))
            runs[name]["rps_rounds"] = [r["rps"] for r in rounds]
            # server CPU per request: what the rate would be bounded by on an idle core
            runs[name]["server_cpu_ms_per_req"] = round(sum(r["server_cpu_s"] for r in rounds) * 1000 / len(lat), 3)
            runs[name]["rps"] = round(statistics.median(r["rps"] for r in rounds), 1)
            print(f"{name:8s} {json.dumps(runs[name])}", flush=True)
        results["runs"] = runs
        for name in ("trace", "search"):
            if name in runs and "healthz" in runs:
                results[f"{name}_vs_healthz"] = round(runs[name]["rps"] / runs["healthz"]["rps"], 3)
                results[f"{name}_vs_healthz_by_server_cpu"] = round(
                    runs["healthz"]["server_cpu_ms_per_req"] / runs[name]["server_cpu_ms_per_req"], 3)
        if "burst" in parts:
            lists = (health, trace, search)
            mix = [lists[i % 3][(i // 3) % len(lists[i % 3])] for i in range(args.burst)]
            results["burst"] = asyncio.run(burst(server.base, mix))
            print(f"burst    {json.dumps(results['burst'])}", flush=True)
        results["server_alive"] = server.proc.poll() is None
    finally:
        server.stop()
    results["concurrency"] = args.concurrency
    print(json.dumps(results, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1))
    ok = results.get("burst", {}).get("errors", 0) == 0 and all(r["errors"] == 0 for r in results["runs"].values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
