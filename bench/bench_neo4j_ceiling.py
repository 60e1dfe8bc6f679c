"""What one Neo4j server on this machine can take at best: the relationships of a generated
corpus created with the statement the transactional load uses (``UNWIND $rows … MATCH (a)
WHERE id(a) = r.a MATCH (b) WHERE id(b) = r.b CREATE (a)-[e:TYPE]->(b) SET e = r.p``), with
the properties vanban stores, with the JSON alone, and with no properties at all.

    .venv/bin/python bench/bench_neo4j_ceiling.py [--plans 10000] [--batch 10000] [--repeat 2]

Nodes are created once (id only); each variant deletes the relationships and writes them all
again, ``--repeat`` times. Wall time and this process's CPU time are printed per run: the
difference is the server's (and the wire's) share. Uses the records bench_neo4j.py caches.
"""
from __future__ import annotations

import argparse
import collections
import sys
import time

from bench_neo4j import records_for
from common import LocalNeo4j


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--pagecache", type=int, default=1024)
    args = ap.parse_args(argv)
    from vanban.graph.build import build_graph
    from vanban.graph.neo4jstore import Neo4jStore, edge_rows

    recs, _ = records_for(args.plans)
    g = build_graph(recs)
    rows = list(edge_rows(g))
    variants = {"as stored": lambda r: r["props"], "data only": lambda r: {"data": r["props"]["data"]},
                "no properties": lambda r: {}}
    srv = LocalNeo4j(pagecache_mb=args.pagecache, heap="2g")
    try:
        st = Neo4jStore(srv.uri)
        st._write("MATCH (n) DETACH DELETE n")
        ids, nodes = {}, list(g.nodes)
        for i in range(0, len(nodes), args.batch):
            for r in st._write("UNWIND $rows AS r CREATE (n:Bench {id: r}) RETURN r AS id, id(n) AS i",
                               rows=nodes[i:i + args.batch]):
                ids[r["id"]] = r["i"]
        print(f"{args.plans} plans: {len(rows)} relationships, {len(nodes)} nodes; batch {args.batch}")
        for _ in range(args.repeat):
            for name, props in variants.items():
                st._write("MATCH (:Bench)-[e]->() DELETE e")
                by = collections.defaultdict(list)
                for r in rows:
                    by[r["type"]].append({"a": ids[r["a"]], "b": ids[r["b"]], "p": props(r)})
                t, c = time.perf_counter(), time.process_time()
                for ty, rs in by.items():
                    for i in range(0, len(rs), args.batch):
                        st._write(f"UNWIND $rows AS r MATCH (a) WHERE id(a) = r.a MATCH (b) WHERE id(b) = r.b "
                                  f"CREATE (a)-[e:`{ty}`]->(b) SET e = r.p", rows=rs[i:i + args.batch])
                dt, cpu = time.perf_counter() - t, time.process_time() - c
                print(f"  {name:14s} {len(rows) / dt:8.0f} rels/s  ({dt:.2f} s wall, {cpu:.2f} s CPU here)", flush=True)
        st._write("MATCH (n:Bench) DETACH DELETE n")
        st.close()
    finally:
        srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
