"""``vanban export --format neo4j-admin OUT_DIR``: CSVs for ``neo4j-admin database import full``.

The bulk path for very large corpora: build the graph once (networkx store or any store),
write it as CSV, and import it offline into an empty database, far faster than
transactional loading. The files use the same layout as the Neo4j backend
(:mod:`vanban.graph.neo4jstore`): every node, relationship and record carries exactly the
properties and labels a transactional ``Neo4jStore.replace`` would have written, so the
imported database IS a vanban store (``VANBAN_BACKEND=neo4j`` answers from it right away;
the backend creates its constraints and indexes on first open, and later loads go through
``Neo4jStore.replace`` as usual)::

    nodes.csv           id:ID(Node), :LABEL, kind, name, code, …, srcs:string[],
                        data (JSON of every attribute), h:long
    records.csv         rid, :LABEL, source, sha256, g0:long, deleted:boolean, zdata, ztext
                        (rid is a plain property: nothing points at a record, so no id mapping;
                        zdata/ztext are the record's JSON and text, zlib + base64)
    meta.csv            id, :LABEL, gen:long, graph_gen:long
    relationships.csv   :START_ID(Node), :END_ID(Node), :TYPE, key, rank:long, data, h:long, plan
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

import os
import shlex
import signal
import threading
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vanban.models import VanbanError

from .neo4jstore import KIND_LABEL, S, edge_rows, node_row, record_row

ARRAY_DELIMITER = "|"          # between labels and the items of `srcs:string[]` (paths may contain ';')
FALLBACK_DELIMITER = "\x1f"    # U+001F, when some label or array item contains '|'
READ_BUFFER = 4 << 20          # neo4j-admin's default --read-buffer-size; one value must fit in it

NODE_COLUMNS = [("id", "id:ID(Node)"), (":LABEL", ":LABEL"), ("kind", "kind"), ("name", "name"),
                ("code", "code"), ("ckey", "ckey"), ("type", "type"), ("issuer", "issuer"),
                ("level", "level"), ("place", "place"), ("year", "year:long"), ("source", "source"),
                ("srcs", "srcs:string[]"), ("data", "data"), ("h", "h:long")]
REL_COLUMNS = [("a", ":START_ID(Node)"), ("b", ":END_ID(Node)"), ("type", ":TYPE"), ("key", "key"),
               ("rank", "rank:long"), ("data", "data"), ("h", "h:long"), ("plan", "plan")]
RECORD_COLUMNS = [("rid", "rid"), (":LABEL", ":LABEL"), ("source", "source"), ("sha256", "sha256"),
                  ("g0", "g0:long"), ("deleted", "deleted:boolean"), ("zdata", "zdata"), ("ztext", "ztext")]
META_COLUMNS = [("id", "id"), (":LABEL", ":LABEL"), ("gen", "gen:long"), ("graph_gen", "graph_gen:long")]
FILES = (("nodes", "nodes.csv"), ("nodes", "records.csv"), ("nodes", "meta.csv"),
         ("relationships", "relationships.csv"))

_QUOTE_IF = (",", '"', "\n", "\r")


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
        return self._measured(s)

    def _measured(self, s: str) -> str:
        """`s`, its size in bytes kept when it is the longest field so far."""
        if len(s) * 4 > self.longest:            # cheap bound first; exact bytes only when it matters
            self.longest = max(self.longest, len(s.encode("utf-8")))
        return s

    def _long(self, v: Any) -> str:
        return "" if v is None else str(int(v))

    def _json(self, v: Any) -> str:
        # a JSON object or array: never empty, always holds a quote
        return "" if v is None else self._measured('"' + v.replace('"', '""') + '"')

    def _ascii(self, v: Any) -> str:
        # base64: no character that needs quoting, never empty when present
        return "" if v is None else self._measured(v)

    def _formatter(self, key: str, header: str):
        """The cell writer of one column: the generic `cell`, or a faster one where the
        column's values are known (longs, JSON, base64): most of an export's time is cells."""
        if header.endswith(":long"):
            return self._long
        if key == "data":
            return self._json
        if key in ("zdata", "ztext"):
            return self._ascii
        return self.cell

    def write(self, path: Path, columns: list[tuple[str, str]], rows: Iterable[dict[str, Any]]) -> int:
        n = 0
        fmt = [(k, self._formatter(k, h)) for k, h in columns]
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(",".join(h for _, h in columns) + "\n")
            lines = []
            for r in rows:
                get = r.get
                lines.append(",".join([f(get(k)) for k, f in fmt]))
                n += 1
                if len(lines) >= 4096:
                    fh.write("\n".join(lines) + "\n")
                    lines = []
            if lines:
                fh.write("\n".join(lines) + "\n")
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


PARALLEL = True       # records.csv in a forked child (networkx store, single-threaded caller)


class _Aside:
    """``fn()`` (it returns an int) run in a forked child while the caller goes on; `result()`
    waits for it, `cancel()` stops it. Only for the networkx store (a Neo4j store's driver
    sockets must not be shared with a child) and a single-threaded process (fork copies no
    other thread); otherwise ``fn`` runs right here, at once. Records are a third of an
    export's work on 2 cores: compressing them beside the relationships saves that third."""

    def __init__(self, store, fn):
        self.pid = None
        if not (PARALLEL and hasattr(os, "fork") and getattr(store, "backend", None) == "networkx"
                and threading.active_count() == 1):
            self.value = fn()
            return
        rfd, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:                                # the child: write, report, leave at once
            code = 1
            try:
                os.close(rfd)
                os.write(wfd, str(fn()).encode())
                code = 0
            except BaseException:                   # noqa: BLE001 - reported to the parent by the exit code
                traceback.print_exc()
            finally:
                os._exit(code)
        os.close(wfd)
        self.pid, self.fd = pid, rfd

    def _reap(self) -> tuple[int, bytes]:
        with os.fdopen(self.fd, "rb") as fh:
            out = fh.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return os.waitstatus_to_exitcode(status), out

    def result(self) -> int:
        if self.pid is None:
            return self.value
        code, out = self._reap()
        if code != 0 or not out:
            raise VanbanError("writing records.csv failed (the error is printed above)")
        return int(out)

    def cancel(self) -> None:
        if self.pid is not None:
            os.kill(self.pid, signal.SIGTERM)
            self._reap()


def write_neo4j_admin_csv(store, out_dir: Path) -> list[Path]:
    """Write the store's graph and records as neo4j-admin import CSVs; returns the files."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    g = store.whole_graph()

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
        for r in edge_rows(g):
            yield {"a": r["a"], "b": r["b"], "type": r["type"], **r["props"]}

    def records():
        for src in sorted(store.source_hashes()):
            rec = store.record(src)
            if rec is None:
                continue
            yield {**record_row(rec, 1), ":LABEL": "Record"}

    def write_records() -> int:
        wr = _Writer(delimiter)
        wr.write(out / "records.csv", RECORD_COLUMNS, records())
        return wr.longest

    tables = {"nodes.csv": (NODE_COLUMNS, nodes()),
              "meta.csv": (META_COLUMNS, [{"id": "meta", ":LABEL": "VanbanMeta", "gen": 1, "graph_gen": 1}]),
              "relationships.csv": (REL_COLUMNS, rels())}
    aside = _Aside(store, write_records)
    try:
        for name, (cols, rows) in tables.items():
            w.write(out / name, cols, rows)
    except BaseException:
        aside.cancel()
        raise
    w.longest = max(w.longest, aside.result())
    written = [out / n for n in ("nodes.csv", "records.csv", "meta.csv", "relationships.csv")]
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
