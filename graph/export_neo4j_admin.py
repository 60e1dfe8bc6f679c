"""``vanban export --format neo4j-admin OUT_DIR``: CSVs for ``neo4j-admin database import full``.

The bulk path for very large corpora: build the graph once (networkx store or any store),
write it as CSV, and import it offline into an empty database, far faster than
transactional loading. The files use the same layout as the Neo4j backend
(:mod:`vanban.graph.neo4jstore`), so the imported database IS a vanban store
(``VANBAN_BACKEND=neo4j`` answers from it right away; the backend creates its indexes on
first open)::

    nodes.csv           id:ID(Node), :LABEL, kind, data (JSON of every attribute), h, …
    records.csv         rid:ID(Record), :LABEL, source, sha256, g0:long, deleted:boolean, data, text
    meta.csv            id:ID(Meta), :LABEL, gen:long, graph_gen:long
    relationships.csv   :START_ID(Node), :END_ID(Node), :TYPE, key, rank:long, data, h, plan, derived:boolean

Import (Neo4j stopped, database empty or ``--overwrite-destination``)::

    neo4j-admin database import full neo4j --overwrite-destination \\
        --multiline-fields=true --array-delimiter='|' \\
        --nodes=nodes.csv --nodes=records.csv --nodes=meta.csv \\
        --relationships=relationships.csv
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from .neo4jstore import KIND_LABEL, S, _dumps, edge_row, node_row

ARRAY_DELIMITER = "|"   # between the items of `srcs:string[]` (file paths may contain ';')

NODE_COLUMNS = [("id", "id:ID(Node)"), (":LABEL", ":LABEL"), ("kind", "kind"), ("name", "name"),
                ("code", "code"), ("ckey", "ckey"), ("type", "type"), ("issuer", "issuer"),
                ("level", "level"), ("place", "place"), ("year", "year:long"), ("source", "source"),
                ("srcs", "srcs:string[]"), ("data", "data"), ("h", "h")]
REL_COLUMNS = [("a", ":START_ID(Node)"), ("b", ":END_ID(Node)"), ("type", ":TYPE"), ("key", "key"),
               ("rank", "rank:long"), ("data", "data"), ("h", "h"), ("plan", "plan"),
               ("derived", "derived:boolean")]
RECORD_COLUMNS = [("rid", "rid:ID(Record)"), (":LABEL", ":LABEL"), ("source", "source"), ("sha256", "sha256"),
                  ("g0", "g0:long"), ("deleted", "deleted:boolean"), ("data", "data"), ("text", "text")]
META_COLUMNS = [("id", "id:ID(Meta)"), (":LABEL", ":LABEL"), ("gen", "gen:long"), ("graph_gen", "graph_gen:long")]


def _graph_of(store) -> nx.MultiDiGraph:
    g = getattr(store, "graph", None)           # networkx store
    if isinstance(g, nx.MultiDiGraph):
        return g
    whole = getattr(store, "_whole", None)      # neo4j store
    if whole is not None:
        return whole()
    data = json.loads(store.export("json"))     # any other store
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return ARRAY_DELIMITER.join(str(x) for x in v)
    return str(v)


# Absent values are left as empty *unquoted* fields (neo4j-admin stores no property), while
# fields with a comma, quote or newline are quoted with inner quotes doubled.
def _write(path: Path, columns: list[tuple[str, str]], rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        w.writerow([h for _, h in columns])
        for r in rows:
            w.writerow([_cell(r.get(k)) for k, _ in columns])
            n += 1
    return n


def _label(kind: str | None) -> str:
    lab = KIND_LABEL.get(kind or "", "Unit")
    return f"Node;{lab};Document" if kind in S.DOCUMENT_KINDS else f"Node;{lab}"


def write_neo4j_admin_csv(store, out_dir: Path) -> list[Path]:
    """Write the store's graph and records as neo4j-admin import CSVs; returns the files."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    g = _graph_of(store)

    def nodes():
        for nid, d in g.nodes(data=True):
            row = node_row(nid, d)
            row[":LABEL"] = _label(d.get("kind"))
            yield row

    def rels():
        for a, b, k, d in g.edges(keys=True, data=True):
            r = edge_row(a, b, k, d, list(g[a][b]).index(k) if len(g[a][b]) > 1 else 0)
            yield {"a": a, "b": b, "type": r["type"], **r["props"]}

    def records():
        for src in sorted(store.source_hashes()):
            rec = store.record(src)
            if rec is None:
                continue
            text = rec.text
            slim = rec.to_json()
            slim["text"] = None
            yield {"rid": f"1:{src}", ":LABEL": "Record", "source": src, "sha256": rec.sha256, "g0": 1,
                   "deleted": False, "data": _dumps(slim), "text": text}

    files = {"nodes.csv": (NODE_COLUMNS, nodes()), "records.csv": (RECORD_COLUMNS, records()),
             "meta.csv": (META_COLUMNS, [{"id": "meta", ":LABEL": "VanbanMeta", "gen": 1, "graph_gen": 1}]),
             "relationships.csv": (REL_COLUMNS, rels())}
    written = []
    for name, (cols, rows) in files.items():
        _write(out / name, cols, rows)
        written.append(out / name)
    (out / "IMPORT.txt").write_text(
        "neo4j-admin database import full neo4j --overwrite-destination \\\n"
        f"    --multiline-fields=true --array-delimiter='{ARRAY_DELIMITER}' \\\n"
        "    --nodes=nodes.csv --nodes=records.csv --nodes=meta.csv \\\n"
        "    --relationships=relationships.csv\n", encoding="utf-8")
    written.append(out / "IMPORT.txt")
    return written
