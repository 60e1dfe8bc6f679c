"""Neo4j ingestion and trace latency, next to networkx on the same corpus, in the same run.

    .venv/bin/python bench/bench_neo4j.py                      # 10k plans, a Neo4j it starts itself
    .venv/bin/python bench/bench_neo4j.py --sizes 10000,100000
    .venv/bin/python bench/bench_neo4j.py --uri bolt://127.0.0.1:7687 --sizes 2000

For each size: generate a corpus (vanban.synth, seed 7), extract it once (records cached in
bench/.corpus/), then for each backend
- load all records with ``store.replace`` (Neo4j: into an empty database, batched UNWIND+CREATE
  of ``BATCH`` rows per transaction) and report relationships/s and items (nodes +
  relationships)/s; ``build`` is the pure graph build both backends share, ``write`` the rest;
- reload the same records (idempotent: nothing to write) and one changed file;
- trace a fixed sample of plans with a fresh store (no cache), p50/p99, after 50 traces of
  other plans (warm-up).
``--warmup N`` loads (and wipes) the first N plans before the measured Neo4j load, so the
figure is that of a server whose JIT has compiled the write path, not of its first load.
Without ``--uri`` it starts ``scripts/neo4j-local`` (embedded 5.26, -Xmx512m, 64 MB page
cache) and stops it at the end. Results: JSON + Markdown in bench/results/.

The machine is often shared, so next to wall times it records the CPU seconds the load took
in this process and (for the server it started) in the JVM, the load average around each
size, and whether the driver packs with ``neo4j-rust-ext``.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import sys
import tempfile
import time
from pathlib import Path

from common import CACHE, RESULTS, LocalNeo4j, pct


def records_for(plans: int, seed: int = 7):
    from vanban.ingest import _extract_all, iter_files, sha256_file, source_key
    from vanban.synth import generate_corpus

    CACHE.mkdir(parents=True, exist_ok=True)
    pkl = CACHE / f"records-{plans}-{seed}.pickle"
    if pkl.exists():
        return pickle.loads(pkl.read_bytes()), None
    root = CACHE / f"neo4j-{plans}-{seed}"
    t = time.perf_counter()
    generate_corpus(root, seed=seed, plans=plans)
    files, _ = iter_files([root])
    recs = []
    for f, rec in zip(files, _extract_all(files, None, None), strict=True):
        if isinstance(rec, dict):
            continue
        rec.file = source_key(f)
        rec.sha256 = rec.sha256 or sha256_file(f)
        recs.append(rec)
    took = time.perf_counter() - t
    pkl.write_bytes(pickle.dumps(recs))
    return recs, took


def timed(fn, *a, **kw):
    t = time.perf_counter()
    out = fn(*a, **kw)
    return out, time.perf_counter() - t


JVM_PID: int | None = None      # the server's process when this script started it


def cpu_s(pid: int | None = None) -> float | None:
    """CPU seconds (user + system) used so far by this process, or by process `pid`."""
    if pid is None:
        t = os.times()
        return t.user + t.system
    try:
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def rust_packing() -> bool:
    try:
        from neo4j._codec.packstream import v1
    except ImportError:
        return False
    return getattr(v1, "_rust_pack", None) is not None


def wipe(uri: str) -> None:
    import neo4j

    auth = (os.environ.get("NEO4J_USER") or "neo4j", os.environ["NEO4J_PASSWORD"]) \
        if os.environ.get("NEO4J_PASSWORD") else None
    with neo4j.GraphDatabase.driver(uri, auth=auth) as d, d.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def bench_size(plans: int, uri: str, sample: int, batch: int, warmup: int = 0) -> dict:
    from vanban.graph.build import build_graph
    from vanban.graph.neo4jstore import Neo4jStore
    from vanban.graph.nxstore import NetworkxStore

    recs, extract_s = records_for(plans)
    row: dict = {"plans": len(recs), "extract_s": extract_s, "loadavg_before": os.getloadavg()}
    g, build_s = timed(build_graph, recs)
    row.update(nodes=g.number_of_nodes(), relationships=g.number_of_edges(), build_s=round(build_s, 2))
    del g

    # networkx
    home = tempfile.mkdtemp(prefix="bench-nx-")
    nxs = NetworkxStore(Path(home))
    _, nx_load = timed(nxs.replace, recs)
    # Neo4j, into an empty database
    wipe(uri)
    if warmup:
        # The server's JIT compiles the write path during its first load; a warm-up load of
        # the first `warmup` plans (then wiped) measures a server that has loaded before.
        w = Neo4jStore(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"), batch=batch)
        _, row["warmup_load_s"] = timed(w.replace, recs[:warmup])
        w.close()
        wipe(uri)
    row["warmup_plans"] = warmup
    neo = Neo4jStore(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"), batch=batch)
    py0, jvm0 = cpu_s(), cpu_s(JVM_PID) if JVM_PID else None
    _, neo_load = timed(neo.replace, recs)
    py_cpu = cpu_s() - py0
    jvm_cpu = cpu_s(JVM_PID) - jvm0 if jvm0 is not None else None
    _, neo_reload = timed(neo.replace, recs)
    _, nx_reload = timed(nxs.replace, recs)
    one = type(recs[0]).from_json(recs[len(recs) // 2].to_json())
    one.citations = one.citations[:-1]
    one.sha256 = "bench-changed"
    _, neo_one = timed(neo.replace, [one])
    _, nx_one = timed(nxs.replace, [one])
    st = neo.stats()
    rels = sum(st["edges"].values())
    items = rels + sum(st["nodes"].values())
    row.update({
        "networkx": {"load_s": round(nx_load, 2), "reload_same_s": round(nx_reload, 2),
                     "reload_one_changed_s": round(nx_one, 2)},
        "neo4j": {"load_s": round(neo_load, 2), "write_s": round(neo_load - build_s, 2),
                  "reload_same_s": round(neo_reload, 2), "reload_one_changed_s": round(neo_one, 2),
                  "relationships_per_s": round(rels / neo_load), "items_per_s": round(items / neo_load),
                  "relationships_per_s_write": round(rels / max(neo_load - build_s, 1e-9)),
                  "items_per_s_write": round(items / max(neo_load - build_s, 1e-9)),
                  "load_cpu_s_python": round(py_cpu, 1),
                  "load_cpu_s_jvm": round(jvm_cpu, 1) if jvm_cpu is not None else None,
                  "batch": batch, "rust_packing": rust_packing()},
    })
    # trace latency: the same plans, fresh stores
    neo.close()
    plans_ids = nxs.loaded_plans()
    rng = random.Random(1)
    pick = rng.sample(plans_ids, min(sample, len(plans_ids)))
    nxs2 = NetworkxStore(Path(home))
    neo2 = Neo4jStore(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"))
    others = [p for p in plans_ids if p not in set(pick)]
    warm = rng.sample(others, min(50, len(others)))
    for name, store in (("networkx", nxs2), ("neo4j", neo2)):
        for p in warm or pick[:1]:                # warm-up on other plans (networkx: loads the pickle)
            store.trace(p)
        lat = []
        for p in pick:
            t = time.perf_counter()
            store.trace(p)
            lat.append((time.perf_counter() - t) * 1000)
        row[name].update(trace_p50_ms=round(pct(lat, 50), 2), trace_p99_ms=round(pct(lat, 99), 2),
                         traces=len(lat))
    same = all(nxs2.trace(p) == neo2.trace(p) for p in pick[:50])
    row["trace_answers_identical"] = same
    row["loadavg_after"] = os.getloadavg()
    neo2.close()
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000", help="comma-separated plan counts (default 10000)")
    ap.add_argument("--uri", default=None, help="an existing Neo4j (it is WIPED); default: start scripts/neo4j-local")
    ap.add_argument("--sample", type=int, default=300, help="plans traced per backend (default 300)")
    ap.add_argument("--batch", type=int, default=5000, help="rows per write transaction (default 5000)")
    ap.add_argument("--pagecache", type=int, default=64, help="page cache MB of the Neo4j it starts (default 64)")
    ap.add_argument("--heap", default=None, help="JVM -Xmx of the Neo4j it starts (default 512m)")
    ap.add_argument("--warmup", type=int, default=0,
                    help="before each Neo4j load, load this many of the plans and wipe them (JIT warm-up; "
                         "default 0: the first load of a cold server)")
    args = ap.parse_args(argv)
    server = None
    uri = args.uri
    started = None
    if uri is None:
        global JVM_PID
        server = LocalNeo4j(args.pagecache, args.heap)
        uri, started = server.uri, round(server.start_s, 1)
        JVM_PID = server.proc.pid        # scripts/neo4j-local execs the JVM
    try:
        rows = []
        for size in [int(s) for s in args.sizes.split(",") if s]:
            print(f"bench_neo4j: {size} plans …", file=sys.stderr)
            rows.append(bench_size(size, uri, args.sample, args.batch, min(args.warmup, size)))
            print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr)
    finally:
        if server:
            server.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = {"when": stamp, "neo4j": uri if args.uri else
           f"scripts/neo4j-local (embedded 5.26, -Xmx{args.heap or '512m'}, page cache {args.pagecache} MB)",
           "server_start_s": started, "command": " ".join(["bench/bench_neo4j.py"] + (argv or sys.argv[1:])),
           "cpus": os.cpu_count(), "python": sys.executable, "rust_packing": rust_packing(), "rows": rows}
    (RESULTS / f"neo4j-{stamp}.json").write_text(json.dumps(out, indent=1, ensure_ascii=False), "utf-8")
    lines = ["| plans | nodes | rels | backend | load s | rels/s | items/s | reload same s | reload 1 changed s "
             "| trace p50 ms | trace p99 ms |", "|" + "---|" * 11]
    for r in rows:
        for b in ("networkx", "neo4j"):
            x = r[b]
            lines.append(f"| {r['plans']} | {r['nodes']} | {r['relationships']} | {b} | {x['load_s']} | "
                         f"{x.get('relationships_per_s', '')} | {x.get('items_per_s', '')} | {x['reload_same_s']} | "
                         f"{x['reload_one_changed_s']} | {x['trace_p50_ms']} | {x['trace_p99_ms']} |")
        n = r["neo4j"]
        warm = f"warm-up load of {r['warmup_plans']} plans first; " if r.get("warmup_plans") else "cold server; "
        lines.append(f"|  |  |  | ({warm}shared graph build: {r['build_s']} s; Neo4j write only: "
                     f"{n['relationships_per_s_write']} rels/s, {n['items_per_s_write']} items/s; load CPU: "
                     f"Python {n['load_cpu_s_python']} s, JVM {n['load_cpu_s_jvm']} s; rust packing: "
                     f"{n['rust_packing']}; load average {r['loadavg_before'][0]:.1f} → {r['loadavg_after'][0]:.1f}) "
                     f"|  |  |  |  |  |  |  |")
    md = "\n".join(lines) + "\n"
    (RESULTS / f"neo4j-{stamp}.md").write_text(md, "utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
