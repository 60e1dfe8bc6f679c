"""The Neo4j bulk path: ``vanban export --format neo4j-admin`` + the real ``neo4j-admin database
import full`` (``scripts/neo4j-import``), then a server on the imported database.

    .venv/bin/python bench/bench_neo4j_import.py                         # 10k plans
    .venv/bin/python bench/bench_neo4j_import.py --sizes 10000,100000 --heap 2g --max-off-heap-memory 4G

For each size: the extracted records (``bench/.corpus/records-N-7.pickle``, as
``bench/bench_neo4j.py`` caches them; sizes up to 10,000 are generated when missing, larger
ones never), a networkx store built from them (``NetworkxStore.replace``), then
- ``export``: ``write_neo4j_admin_csv`` (what ``vanban export --format neo4j-admin`` runs);
- ``import``: ``scripts/neo4j-import`` (Neo4j 5.26 community from the Maven jars), wall time
  of the whole process (JVM start included) and the tool's own ``IMPORT DONE in`` time;
  relationships/s and items (nodes + relationships)/s from both;
- ``serve``: ``scripts/neo4j-local --data DIR`` until it answers, then the first
  ``Neo4jStore`` open (creates the constraints and indexes, waits for them), stats equal to
  networkx's, and trace p50/p99 over a fixed sample, answers compared with networkx's.
The machine's load (load average, the busiest other processes) is recorded before and
after, since the development machine has 2 shared cores. Results: JSON + Markdown in
bench/results/ (``neo4j-import-STAMP.*``).
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CACHE, REPO, RESULTS, LocalNeo4j, pct


def machine_load(exclude: tuple[int, ...] = ()) -> dict:
    """Load average and the busiest processes (other than this one and EXCLUDE) right now."""
    la = os.getloadavg()
    ps = subprocess.run(["ps", "-eo", "pid,pcpu,rss,etime,args", "--sort=-pcpu"], capture_output=True, text=True)
    busy = []
    for ln in ps.stdout.splitlines()[1:]:
        parts = ln.split(None, 4)
        if len(parts) < 5 or int(parts[0]) in (os.getpid(), *exclude) or parts[4].startswith("ps "):
            continue
        if float(parts[1]) < 5 and len(busy) >= 3:
            break
        busy.append({"pid": int(parts[0]), "cpu_pct": float(parts[1]), "rss_mb": int(parts[2]) // 1024,
                     "elapsed": parts[3], "cmd": parts[4][:160]})
        if len(busy) >= 8:
            break
    return {"loadavg": [round(x, 2) for x in la], "busiest": busy}


def records(plans: int, seed: int = 7):
    pkl = CACHE / f"records-{plans}-{seed}.pickle"
    if pkl.exists():
        return pickle.loads(pkl.read_bytes())
    if plans > 10_000:
        raise SystemExit(f"{pkl} is missing; generate it first (bench/bench_neo4j.py --sizes {plans})")
    from bench_neo4j import records_for  # generates and caches the corpus and its records

    return records_for(plans, seed)[0]


def parse_report(text: str) -> dict:
    out: dict = {}
    m = re.search(r"IMPORT DONE in ([\dhms ]+)", text)       # e.g. "1m 6s 386ms", "17s 610ms", "950ms"
    if m:
        unit = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
        out["tool_s"] = round(sum(int(n) * unit[u] for n, u in re.findall(r"(\d+)(ms|h|m|s)\b", m.group(1))), 3)
    if "Imported:" in text:
        for ln in text.split("Imported:", 1)[1].splitlines():
            parts = ln.split()
            if len(parts) == 2 and parts[0].isdigit():
                out[parts[1]] = int(parts[0])
    m = re.search(r"Peak memory usage: ([\d.]+)(\w+)", text)
    if m:
        out["peak_memory"] = m.group(1) + " " + m.group(2)
    return out


def bench_size(plans: int, args, work: Path) -> dict:
    from vanban.graph.export_neo4j_admin import write_neo4j_admin_csv
    from vanban.graph.neo4jstore import Neo4jStore
    from vanban.graph.nxstore import NetworkxStore

    row: dict = {"plans": plans, "load_at_start": machine_load()}
    t = time.perf_counter()
    recs = records(plans)
    row["records_read_s"] = round(time.perf_counter() - t, 1)
    home, csv_dir, data = work / f"nx-{plans}", work / f"csv-{plans}", work / f"neo4j-{plans}"
    t = time.perf_counter()
    nxs = NetworkxStore(home)
    nxs.replace(recs)
    row["networkx_build_s"] = round(time.perf_counter() - t, 1)
    del recs
    g = nxs.graph
    row.update(nodes=g.number_of_nodes(), relationships=g.number_of_edges(), sources=len(nxs.source_hashes()))

    t = time.perf_counter()
    write_neo4j_admin_csv(nxs, csv_dir)
    row["export_s"] = round(time.perf_counter() - t, 1)
    row["csv_mb"] = round(sum(f.stat().st_size for f in csv_dir.glob("*.csv")) / 2**20, 1)
    print(f"bench_neo4j_import: {plans} plans exported in {row['export_s']} s ({row['csv_mb']} MB); importing …",
          file=sys.stderr)

    cmd = [str(REPO / "scripts" / "neo4j-import"), "--data", str(data), "--heap", args.heap,
           "--max-off-heap-memory", args.max_off_heap_memory, str(csv_dir)]
    if args.threads:
        cmd[1:1] = ["--threads", str(args.threads)]
    subprocess.run([str(REPO / "scripts" / "neo4j-local"), "--prepare"], check=True, stderr=subprocess.DEVNULL)
    # Stream the tool's report: when each stage ends (seconds since the process started),
    # and the machine's load every 15 s while it runs.
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    stages, report, samples, last = {}, [], [], t
    for ln in p.stdout:
        report.append(ln)
        now = time.perf_counter()
        m = re.match(r"(Neo4j version|Import starting|[\w ]+ COMPLETED|IMPORT DONE)", ln)
        if m:
            stages[m.group(1).replace(" COMPLETED", "")] = round(now - t, 1)
        if now - last > 15:
            samples.append(machine_load(exclude=(p.pid,)))
            last = now
    err = p.stderr.read()
    wall = time.perf_counter() - t
    if p.wait() != 0:
        raise SystemExit(f"neo4j-import exited {p.returncode}:\n{''.join(report)[-2000:]}\n{err[-2000:]}")
    rep = parse_report("".join(report))
    rels, items = rep.get("relationships", 0), rep.get("relationships", 0) + rep.get("nodes", 0)
    assert rels == row["relationships"], (rels, row["relationships"])
    row["import"] = {"wall_s": round(wall, 1), **rep,
                     "relationships_per_s_tool": round(rels / rep["tool_s"]),
                     "relationships_per_s_wall": round(rels / wall),
                     "items_per_s_tool": round(items / rep["tool_s"]),
                     "items_per_s_wall": round(items / wall),
                     "relationships_per_s_export_plus_import": round(rels / (wall + row["export_s"]))}
    row["import"]["stage_ends_s"] = stages
    samples.append(machine_load())
    row["load_during_import"] = {"loadavg_1min_max": max(x["loadavg"][0] for x in samples),
                                 "busiest": {b["cmd"]: b for x in samples for b in x["busiest"]
                                             if b["cpu_pct"] >= 10}}
    row["load_during_import"]["busiest"] = sorted(row["load_during_import"]["busiest"].values(),
                                                  key=lambda b: -b["cpu_pct"])[:8]
    shutil.rmtree(csv_dir, ignore_errors=True)
    print(f"bench_neo4j_import: imported {rels} relationships in {wall:.1f} s; serving …", file=sys.stderr)

    server = LocalNeo4j(args.pagecache, data=data, stderr=subprocess.DEVNULL)
    try:
        t = time.perf_counter()
        neo = Neo4jStore(server.uri)
        open_s = time.perf_counter() - t
        a, b = nxs.stats(), neo.stats()
        a.pop("backend"), b.pop("backend")
        rng = random.Random(1)
        ids = nxs.loaded_plans()
        pick = rng.sample(ids, min(args.sample, len(ids)))
        neo.trace(pick[0])
        lat = []
        for pid in pick:
            t = time.perf_counter()
            neo.trace(pid)
            lat.append((time.perf_counter() - t) * 1000)
        same = all(nxs.trace(pid) == neo.trace(pid) for pid in pick[:50])
        row["serve"] = {"server_start_s": round(server.start_s, 1), "first_open_s": round(open_s, 1),
                        "stats_identical": a == b, "trace_answers_identical": same,
                        "trace_p50_ms": round(pct(lat, 50), 2), "trace_p99_ms": round(pct(lat, 99), 2),
                        "traces": len(lat)}
        neo.close()
    finally:
        server.stop()
    row["load_after"] = machine_load()
    if not args.keep:
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000", help="comma-separated plan counts (default 10000)")
    ap.add_argument("--heap", default="2g", help="JVM -Xmx of the import tool (default 2g)")
    ap.add_argument("--max-off-heap-memory", default="2G", help="the import tool's off-heap limit (default 2G)")
    ap.add_argument("--threads", type=int, default=None, help="import threads (default: the tool's, = cores)")
    ap.add_argument("--pagecache", type=int, default=256, help="page cache MB of the server afterwards (default 256)")
    ap.add_argument("--sample", type=int, default=300, help="plans traced on the imported store (default 300)")
    ap.add_argument("--work", default=None, help="working folder (default: a temp dir, deleted)")
    ap.add_argument("--keep", action="store_true", help="keep the networkx store and the imported database")
    args = ap.parse_args(argv)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bench-neo4j-import-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for size in [int(s) for s in args.sizes.split(",") if s]:
            print(f"bench_neo4j_import: {size} plans …", file=sys.stderr)
            rows.append(bench_size(size, args, work))
            print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr)
    finally:
        if not args.work and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = {"when": stamp, "command": " ".join(["bench/bench_neo4j_import.py"] + (argv or sys.argv[1:])),
           "cpus": os.cpu_count(), "neo4j": "5.26 community, neo4j-admin database import full via scripts/neo4j-import",
           "rows": rows}
    (RESULTS / f"neo4j-import-{stamp}.json").write_text(json.dumps(out, indent=1, ensure_ascii=False), "utf-8")
    lines = ["| plans | nodes | rels | nx build s | export s | CSV MB | import wall s | import tool s "
             "| rels/s (tool) | rels/s (wall) | rels/s export+import | first open s | trace p50/p99 ms | same answers "
             "| load avg (1 min) start / max during import / end |", "|" + "---|" * 15]
    for r in rows:
        i, s = r["import"], r["serve"]
        lines.append(f"| {r['plans']} | {r['nodes']} | {r['relationships']} | {r['networkx_build_s']} | "
                     f"{r['export_s']} | {r['csv_mb']} | {i['wall_s']} | {i['tool_s']} | "
                     f"{i['relationships_per_s_tool']} | {i['relationships_per_s_wall']} | "
                     f"{i['relationships_per_s_export_plus_import']} | {s['first_open_s']} | "
                     f"{s['trace_p50_ms']}/{s['trace_p99_ms']} | "
                     f"{s['stats_identical'] and s['trace_answers_identical']} | "
                     f"{r['load_at_start']['loadavg'][0]} / {r['load_during_import']['loadavg_1min_max']} / "
                     f"{r['load_after']['loadavg'][0]} |")
    lines.append("")
    for r in rows:
        st = r["import"]["stage_ends_s"]
        lines.append(f"Import of {r['plans']} plans, seconds since the process started, at the end of each stage: "
                     + ", ".join(f"{k} {v}" for k, v in st.items()) + ".")
        lines.append(f"Other processes using ≥ 10% CPU during the import ({r['plans']} plans):")
        lines += [f"- {p['cpu_pct']}% CPU, {p['rss_mb']} MB, running {p['elapsed']}: `{p['cmd']}`"
                  for p in r["load_during_import"]["busiest"]]
    md = "\n".join(lines) + "\n"
    (RESULTS / f"neo4j-import-{stamp}.md").write_text(md, "utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
