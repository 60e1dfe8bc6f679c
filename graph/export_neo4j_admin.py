"""``vanban export --format neo4j-admin OUT_DIR``: CSVs for ``neo4j-admin database import full``.

The bulk path for very large corpora: build the graph once (networkx store or any store),
write it as CSV, and import it offline into an empty database, far faster than
transactional loading. The files use the same layout as the Neo4j backend
(:mod:`vanban.graph.neo4jstore`): every node, relationship and record carries exactly the
properties and labels a transactional ``Neo4jStore.replace`` would have written, so the
imported database IS a vanban store (``VANBAN_BACKEND=neo4j`` answers from it right away;
the backend creates its constraints and indexes on first open, and later loads go through
``Neo4jStore.replace`` as usual)::

    nodes.csv           id:ID(Node), :LABEL, kind, name, code, …, srcs:string[], data (JSON of every attribute), h
    records.csv         rid:ID(Record), :LABEL, source, sha256, g0:long, deleted:boolean, data, text
    meta.csv            id:ID(Meta), :LABEL, gen:long, graph_gen:long
    relationships.csv   :START_ID(Node), :END_ID(Node), :TYPE, key, rank:long, data, h, plan, derived:boolean
    neo4j-admin.args    the import's arguments, one per line (what ``scripts/neo4j-import`` passes)
    IMPORT.txt          the same as one ``neo4j-admin`` command line

Import (Neo4j stopped, from inside the folder; ``--overwrite-destination`` replaces an
existing database)::

    neo4j-admin database import full neo4j --overwrite-destination \\
        --multiline-fields=true --array-delimiter='|' \\
        --nodes=nodes.csv --nodes=records.csv --nodes=meta.csv \\
        --relationships=relationships.csv

CSV rules (checked by importing for real, ``tests/test_neo4j_admin_import.py``): an absent
value is an empty *unquoted* field (no property), an empty string is ``""`` (an empty
string property); a field with a comma, quote, CR/LF or edge whitespace is quoted with its
quotes doubled (texts span lines, hence ``--multiline-fields=true``); several labels and
the items of ``srcs`` are separated by the array delimiter, ``|`` unless some value
contains one (then U+001F, written into the arguments); ``--read-buffer-size`` is raised
when one value (a long text) would not fit the default 4 MiB buffer.
"""
from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from .neo4jstore import KIND_LABEL, S, _dumps, _slim, edge_row, node_row

ARRAY_DELIMITER = "|"          # between labels and the items of `srcs:string[]` (paths may contain ';')
FALLBACK_DELIMITER = "\x1f"    # U+001F, when some label or array item contains '|'
READ_BUFFER = 4 << 20          # neo4j-admin's default --read-buffer-size; one value must fit in it

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
FILES = (("nodes", "nodes.csv"), ("nodes", "records.csv"), ("nodes", "meta.csv"),
         ("relationships", "relationships.csv"))

_QUOTE_IF = (",", '"', "\n", "\r")


def _graph_of(store) -> nx.MultiDiGraph:
    g = getattr(store, "graph", None)           # networkx store
    if isinstance(g, nx.MultiDiGraph):
        return g
    whole = getattr(store, "_whole", None)      # neo4j store
    if whole is not None:
        return whole()
    data = json.loads(store.export("json"))     # any other store
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


def _quote(s: str) -> str:
    if (not s or '"' in s or "," in s or "\n" in s or "\r" in s
            or s[0].isspace() or s[-1].isspace()):
        return '"' + s.replace('"', '""') + '"'
    return s


class _Writer:
    """CSV in neo4j-admin's dialect: None -> empty unquoted field (no property), '' -> ``""``."""

    def __init__(self, delimiter: str):
        self.delimiter = delimiter
        self.longest = 0            # bytes of the longest field, for --read-buffer-size

    def cell(self, v: Any) -> str:
        t = type(v)
        if t is str:
            s = _quote(v)
        elif v is None:
            return ""
        elif t is bool:
            return "true" if v else "false"
        elif t is int:
            return str(v)
        elif t is list or t is tuple:
            items = [str(x) for x in v]
            if any(self.delimiter in x or not x for x in items):     # neo4j-admin drops [""]
                raise ValueError(f"array item empty or holding the delimiter {self.delimiter!r}: {items!r}")
            s = _quote(self.delimiter.join(items))
        else:
            s = _quote(str(v))
        if len(s) * 4 > self.longest:            # cheap bound first; exact bytes only when it matters
            self.longest = max(self.longest, len(s.encode("utf-8")))
        return s

    def write(self, path: Path, columns: list[tuple[str, str]], rows: Iterable[dict[str, Any]]) -> int:
        n = 0
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(",".join(h for _, h in columns) + "\n")
            for r in rows:
                fh.write(",".join(self.cell(r.get(k)) for k, _ in columns) + "\n")
                n += 1
        return n


def _labels(kind: str | None) -> list[str]:
    lab = KIND_LABEL.get(kind or "", "Unit")
    return ["Node", lab, "Document"] if kind in S.DOCUMENT_KINDS else ["Node", lab]


def import_args(delimiter: str = ARRAY_DELIMITER, read_buffer: int | None = None) -> list[str]:
    """The arguments after ``neo4j-admin database import full neo4j`` (file names relative to the folder)."""
    spelled = delimiter if delimiter == ARRAY_DELIMITER else f"U+{ord(delimiter):04X}"
    args = ["--overwrite-destination", "--multiline-fields=true", f"--array-delimiter={spelled}"]
    if read_buffer:
        args.append(f"--read-buffer-size={read_buffer}")
    return args + [f"--{kind}={name}" for kind, name in FILES]


def write_neo4j_admin_csv(store, out_dir: Path) -> list[Path]:
    """Write the store's graph and records as neo4j-admin import CSVs; returns the files."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    g = _graph_of(store)

    delimiter = ARRAY_DELIMITER
    if any(ARRAY_DELIMITER in str(s) for _, d in g.nodes(data=True)
           for s in [*(d.get("sources") or ()), d.get("source") or ""]):
        delimiter = FALLBACK_DELIMITER
    w = _Writer(delimiter)

    def nodes():
        for nid, d in g.nodes(data=True):
            row = node_row(nid, d)
            row[":LABEL"] = _labels(d.get("kind"))
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
            yield {"rid": f"1:{src}", ":LABEL": "Record", "source": src, "sha256": rec.sha256, "g0": 1,
                   "deleted": False, "data": _dumps(_slim(rec)), "text": rec.text}

    tables = {"nodes.csv": (NODE_COLUMNS, nodes()), "records.csv": (RECORD_COLUMNS, records()),
              "meta.csv": (META_COLUMNS, [{"id": "meta", ":LABEL": "VanbanMeta", "gen": 1, "graph_gen": 1}]),
              "relationships.csv": (REL_COLUMNS, rels())}
    written = []
    for name, (cols, rows) in tables.items():
        w.write(out / name, cols, rows)
        written.append(out / name)
    # one value must fit the read buffer: round up to whole MiB with room to spare
    need = w.longest * 2 + (1 << 20)
    read_buffer = ((need + (1 << 20) - 1) >> 20 << 20) if need > READ_BUFFER else None
    args = import_args(delimiter, read_buffer)
    (out / "neo4j-admin.args").write_text("".join(a + "\n" for a in args), encoding="utf-8")
    (out / "IMPORT.txt").write_text(
        "# Neo4j stopped; run from this folder (or give the files' full paths):\n"
        "neo4j-admin database import full neo4j " + " \\\n    ".join(shlex.quote(a) for a in args) + "\n",
        encoding="utf-8")
    written += [out / "neo4j-admin.args", out / "IMPORT.txt"]
    return written
