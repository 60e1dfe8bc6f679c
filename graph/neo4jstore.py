"""The Neo4j backend: the same interface and the same answers as the networkx store.

Selected with ``--backend neo4j`` or ``VANBAN_BACKEND=neo4j``; the server is
``NEO4J_URI`` (default ``bolt://localhost:7687``) with ``NEO4J_USER`` /
``NEO4J_PASSWORD`` (no password: no auth), database ``NEO4J_DATABASE`` (default: the
server's default).

What is stored
--------------
- ``(:Record {rid, source, sha256, g0, deleted, zdata, ztext})``: what extraction made of
  each file (the truth: its JSON and its text, compressed by `_pack`), versioned by
  *generation* ``g0``. The record of a source at generation G is its record with the
  highest ``g0 <= G``; a removal writes a tombstone. (Stores written before compression
  hold plain ``data``/``text``; they are read as well.)
- ``(:VanbanMeta {id: "meta", gen, graph_gen, pending, pending_at})``: ``gen`` is the
  committed generation; ``graph_gen`` the generation the graph below was built from.
- The graph ``build_graph`` makes from the committed records: ``(:Node {id})`` with a
  kind label (``:Plan``/``:Directive`` plus ``:Document``, ``:Issuer``, ``:Unit``) and one
  relationship per networkx edge, typed by its ``type`` (``IMPLEMENTS``, ``CITES``, …)
  and keyed by ``key`` (stored only where it is not the type: `edge_row`). Every
  node/relationship keeps its full networkx attributes as JSON in ``data`` (Neo4j has no
  null or nested-map properties) and their 64-bit hash in ``h``; the fields queries look up
  (code, ckey, issuer, source, level, year, kind, plan) are also plain, indexed properties.

Writes: ``replace`` builds the new graph with the same pure ``build_graph`` as the
networkx store, then converges Neo4j to it with batched ``UNWIND $rows …`` transactions
(``BATCH`` rows each) that touch only what changed (hash diff against the stored ``h``), so
the same file loaded twice writes nothing and a changed file replaces what it contributed.
The diff knows what is new, changed or gone, so new nodes and relationships are CREATEd
(no MERGE look-up; the :Node(id) constraint still refuses a duplicate node), changed ones
SET and gone ones DELETEd by internal id, and a new relationship reaches its ends by
internal id (read with the stored state, or returned by the node's CREATE) instead of two
index look-ups. Internal ids never outlive one convergence under the write lock; a batch
that does not reach all of its rows fails the load (and so rolls it back).

All or nothing: records are written under the next generation G+1, invisible until the
last, one-node transaction sets ``gen = G+1``. The graph is a derived cache: it is
marked dirty (``graph_gen = -1``) before the first graph batch and clean in that same
commit. If any batch fails, the store deletes the G+1 records and converges the graph
back to the one built from generation G's records before re-raising; if even that
fails (server gone), the next store that opens it sees ``graph_gen != gen`` and rebuilds
the graph from the committed records. So a failed batch never leaves a half-loaded
plan behind. (Readers running *during* a load may see the graph mid-convergence.)

Reads: local questions (trace, implementers, node, document, resolve_ref, a subgraph
around a centre) fetch just the part of the graph they touch with Cypher (variable
length IMPLEMENTS paths, neighbourhoods) and run the pure functions of
``vanban.graph.queries`` on it; whole-corpus reports (check, deadlines, search,
documents, export, overview) materialise the graph once per committed generation.
Both ways the answers are those of the networkx store.
"""
from __future__ import annotations

import base64
import hashlib
import os
import time
import uuid
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx
import orjson

from vanban.models import PlanRecord, VanbanError

from . import registry as R
from . import schema as S
from .build import build_graph, index_graph
from .identity import code_key
from .memory import gc_frozen
from .store import (
    ENV_NEO4J_PASSWORD,
    ENV_NEO4J_URI,
    ENV_NEO4J_USER,
    GraphStore,
    StoreUnavailable,
)

ENV_NEO4J_DATABASE = "NEO4J_DATABASE"
DEFAULT_URI = "bolt://localhost:7687"
BATCH = 5000                 # rows per write transaction (1k–10k)
BATCH_BYTES = 8 << 20        # …and at most about this much JSON per transaction
LOCK_WAIT = 120.0            # seconds a writer waits for another process's load before giving up
STALE_AFTER = 900.0          # a load silent this long (no batch, no heartbeat) is taken for dead
HEARTBEAT = 60.0             # a load refreshes its lock with the first batch after this many seconds

KIND_LABEL = {S.PLAN: "Plan", S.DIRECTIVE: "Directive", S.ISSUER: "Issuer", S.UNIT: "Unit"}
ALL_LABELS = "Plan:Directive:Issuer:Unit:Document"

SCHEMA = [
    "CREATE CONSTRAINT vanban_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT vanban_record_rid IF NOT EXISTS FOR (r:Record) REQUIRE r.rid IS UNIQUE",
    "CREATE CONSTRAINT vanban_meta_id IF NOT EXISTS FOR (m:VanbanMeta) REQUIRE m.id IS UNIQUE",
    "CREATE INDEX vanban_doc_code IF NOT EXISTS FOR (d:Document) ON (d.code)",
    "CREATE INDEX vanban_doc_ckey IF NOT EXISTS FOR (d:Document) ON (d.ckey)",
    "CREATE INDEX vanban_doc_issuer IF NOT EXISTS FOR (d:Document) ON (d.issuer)",
    "CREATE INDEX vanban_doc_source IF NOT EXISTS FOR (d:Document) ON (d.source)",
    "CREATE INDEX vanban_node_kind IF NOT EXISTS FOR (n:Node) ON (n.kind)",
    "CREATE INDEX vanban_record_source IF NOT EXISTS FOR (r:Record) ON (r.source)",
    "CREATE INDEX vanban_record_g0 IF NOT EXISTS FOR (r:Record) ON (r.g0)",
    "CREATE INDEX vanban_reports_plan IF NOT EXISTS FOR ()-[e:REPORTS_TO]-() ON (e.plan)",
]


class LoadInProgress(VanbanError):
    code = "load_in_progress"


# ---------------------------------------------------------------- (de)serialisation
def _dumps(v: Any) -> str:
    """Compact JSON, non-ASCII kept (what ``json.dumps(v, ensure_ascii=False, separators=(",", ":"))``
    writes), with orjson: a load serialises every node and relationship, and the stdlib
    encoder was the biggest single cost of the bulk export. Key order is kept (not sorted):
    attribute order shows in GraphML/GEXF exports."""
    return orjson.dumps(v).decode()


_loads = orjson.loads


def _pack(s: str | None) -> str | None:
    """A record's JSON or text as stored: zlib (level 1) in base64. Records are only read
    back whole (never searched in Cypher), and their bytes were most of what a load wrote:
    compressed, the import's node stage and the transactional record writes move a third."""
    return None if s is None else base64.b64encode(zlib.compress(s.encode("utf-8"), 1)).decode("ascii")


def _unpack(z: str | None, raw: str | None = None) -> str | None:
    """The inverse of `_pack`; `raw`: the uncompressed property of a store written before."""
    return raw if z is None else zlib.decompress(base64.b64decode(z)).decode("utf-8")


# What a read takes of a relationship: its networkx key (absent = the type), rank, JSON.
_KEY = "coalesce(e.key, type(e))"
_EDGE = f"{_KEY} AS k, e.rank AS r, e.data AS data"


def _slim(rec: PlanRecord) -> dict[str, Any]:
    """A record's JSON without its text (kept in its own property)."""
    return rec.to_json()


def _h(s: str) -> int:
    """A 64-bit hash of a stored value (a long property: stored inline, unlike a hex string)."""
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def node_row(nid: str, d: dict[str, Any]) -> dict[str, Any]:
    """The properties a graph node is stored with."""
    data = _dumps(d)
    props: dict[str, Any] = {"id": nid, "kind": d.get("kind"), "data": data, "h": _h(data)}
    if d.get("kind") in S.DOCUMENT_KINDS:
        for k in ("code", "issuer", "level", "type"):
            if d.get(k) is not None:
                props[k] = d[k]
        if d.get("code"):
            props["ckey"] = code_key(d["code"])
        if d.get("source"):
            props["source"] = d["source"]
        if isinstance(d.get("year"), int):
            props["year"] = d["year"]
        srcs = d.get("sources") or ([d["source"]] if d.get("source") else [])
        if srcs:
            props["srcs"] = list(srcs)
    else:
        for k in ("name", "level", "place"):
            if d.get(k) is not None:
                props[k] = d[k]
    return {k: v for k, v in props.items() if v is not None}


def record_row(rec: PlanRecord | str, g0: int, data: str | None = None) -> dict[str, Any]:
    """The properties of a :Record: a record at generation `g0` (`data`: its JSON if already
    made), or a removal's tombstone when `rec` is a source name."""
    if isinstance(rec, str):
        return {"rid": f"{g0}:{rec}", "source": rec, "g0": g0, "deleted": True}
    row = {"rid": f"{g0}:{rec.file}", "source": rec.file, "sha256": rec.sha256, "g0": g0, "deleted": False,
           "zdata": _pack(data if data is not None else _dumps(_slim(rec))), "ztext": _pack(rec.text)}
    return {k: v for k, v in row.items() if v is not None}


def edge_row(a: str, b: str, key: Any, d: dict[str, Any], rank: int = 0) -> dict[str, Any]:
    """`rank`: the edge's place among the edges from `a` to `b` (networkx keeps insertion order).

    Only what a query looks up besides ``data`` is stored: ``key`` where it is not the type
    (reporting lines), ``rank`` where it is not 0, ``plan`` on reporting lines. Each
    property costs the server about as much as the JSON itself; readers take
    ``coalesce(e.key, type(e))`` and a missing rank as 0."""
    data = _dumps(d)
    props: dict[str, Any] = {"data": data, "h": _h(f"{rank}:{data}")}
    if str(key) != d["type"]:
        props["key"] = str(key)
    if rank:
        props["rank"] = rank
    if d.get("plan"):
        props["plan"] = d["plan"]
    return {"a": a, "b": b, "type": d["type"], "key": str(key), "props": props}


def edge_rows(g: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """`edge_row` of every edge of `g`, with its rank among the edges between the same ends."""
    for a, b, k, d in g.edges(keys=True, data=True):
        yield edge_row(a, b, k, d, list(g[a][b]).index(k) if len(g[a][b]) > 1 else 0)


class _Rows(list):
    """A parameter list with a short repr: the driver formats every RUN message's parameters
    for its debug log even when that log is off, which for a batch of a few MB of rows cost
    more CPU than packing them."""
    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _label(kind: str | None) -> str:
    lab = KIND_LABEL.get(kind or "", "Unit")
    return f"{lab}:Document" if kind in S.DOCUMENT_KINDS else lab


def _batches(rows: list[dict[str, Any]], size: int = BATCH, nbytes: int = BATCH_BYTES,
             weight=lambda r: 0) -> Iterator[list[dict[str, Any]]]:
    cur: list[dict[str, Any]] = []
    used = 0
    for r in rows:
        w = weight(r)
        if cur and (len(cur) >= size or used + w > nbytes):
            yield cur
            cur, used = [], 0
        cur.append(r)
        used += w
    if cur:
        yield cur


# ---------------------------------------------------------------- the store
class Neo4jStore(GraphStore):
    backend = "neo4j"

    def __init__(self, uri: str = DEFAULT_URI, user: str | None = None, password: str | None = None,
                 database: str | None = None, *, batch: int = BATCH):
        import neo4j

        self._neo4j = neo4j
        self.uri = uri
        self.database = database or None
        self.batch = int(batch)
        auth = (user or "neo4j", password) if password else None
        try:
            self.driver = neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        except Exception as exc:  # noqa: BLE001 - a bad URI is the user's to fix
            raise StoreUnavailable(f"cannot use Neo4j at {uri}: {exc}",
                                   message_vi=f"Không kết nối được Neo4j tại {uri}") from None
        self._cache_key: tuple | None = None
        self._records: dict[str, PlanRecord] | None = None   # committed records (no text) at _rec_gen
        self._rec_gen: int | None = None
        self._graph: nx.MultiDiGraph | None = None
        self._graph_key: tuple | None = None
        self._token: str | None = None     # the write lock held by this store, during a load
        self._beat = 0.0                   # when the lock was last refreshed (time.monotonic)
        self._ensure_schema()
        self._repair_if_needed()

    @classmethod
    def from_env(cls) -> Neo4jStore:
        return cls(os.environ.get(ENV_NEO4J_URI) or DEFAULT_URI, os.environ.get(ENV_NEO4J_USER),
                   os.environ.get(ENV_NEO4J_PASSWORD), os.environ.get(ENV_NEO4J_DATABASE))

    # -- plumbing ------------------------------------------------------
    def _session(self, mode: str | None = None):
        kw: dict[str, Any] = {"database": self.database} if self.database else {}
        if mode:
            kw["default_access_mode"] = mode
        return self.driver.session(**kw)

    def _unavailable(self, exc: Exception) -> StoreUnavailable:
        return StoreUnavailable(f"Neo4j at {self.uri} cannot be reached: {exc}",
                                message_vi=f"Không kết nối được Neo4j tại {self.uri}")

    def _read(self, query: str, **params) -> list:
        # One auto-commit query: a single round trip (a managed transaction adds BEGIN/COMMIT),
        # which is most of a local question's latency. Every read is one statement, so it sees
        # one consistent state; a transient failure is retried once, like a managed read.
        tries = 2
        while True:
            try:
                with self._session(self._neo4j.READ_ACCESS) as s:
                    return list(s.run(query, **params))
            except (self._neo4j.exceptions.ServiceUnavailable, self._neo4j.exceptions.AuthError) as exc:
                raise self._unavailable(exc) from None
            except (self._neo4j.exceptions.TransientError, self._neo4j.exceptions.SessionExpired):
                tries -= 1
                if not tries:
                    raise

    def _write(self, query: str, **params) -> list:
        if self._token is not None and "VanbanMeta" not in query and \
                time.monotonic() - self._beat > HEARTBEAT:
            # one statement per transaction, so the heartbeat rides along with a batch
            query = ("CALL () { MATCH (m:VanbanMeta {id: 'meta'}) WHERE m.pending = $__token "
                     "SET m.pending_at = timestamp() } " + query)
            params = dict(params, __token=self._token)
            self._beat = time.monotonic()
        params = {k: _Rows(v) if type(v) is list else v for k, v in params.items()}
        try:
            with self._session() as s:
                return s.execute_write(lambda tx: list(tx.run(query, **params)))
        except (self._neo4j.exceptions.ServiceUnavailable, self._neo4j.exceptions.AuthError) as exc:
            raise self._unavailable(exc) from None

    def _ensure_schema(self) -> None:
        try:
            with self._session() as s:
                for q in SCHEMA:
                    s.run(q).consume()
                s.run("MERGE (m:VanbanMeta {id: 'meta'}) ON CREATE SET m.gen = 0, m.graph_gen = 0").consume()
                s.run("CALL db.awaitIndexes(300)").consume()
        except (self._neo4j.exceptions.ServiceUnavailable, self._neo4j.exceptions.AuthError) as exc:
            raise self._unavailable(exc) from None

    def _meta(self) -> dict[str, Any]:
        rows = self._read("MATCH (m:VanbanMeta {id: 'meta'}) RETURN m.gen AS gen, m.graph_gen AS graph_gen, "
                          "m.pending AS pending, m.pending_at AS pending_at")
        return dict(rows[0]) if rows else {"gen": 0, "graph_gen": 0, "pending": None, "pending_at": None}

    def close(self) -> None:
        self.driver.close()

    # -- records ---------------------------------------------------------
    _VISIBLE = ("MATCH (r:Record) WHERE r.g0 <= $gen WITH r ORDER BY r.g0 DESC "
                "WITH r.source AS source, collect(r)[0] AS r WHERE NOT r.deleted ")

    def _load_records(self, gen: int) -> dict[str, PlanRecord]:
        if self._records is not None and self._rec_gen == gen:
            return self._records
        rows = self._read(self._VISIBLE + "RETURN source, r.zdata AS z, r.data AS data", gen=gen)
        recs = {row["source"]: PlanRecord.from_json(_loads(_unpack(row["z"], row["data"]))) for row in rows}
        self._records, self._rec_gen = recs, gen
        return recs

    def source_hashes(self) -> dict[str, str]:
        gen = self._meta()["gen"]
        rows = self._read(self._VISIBLE + "RETURN source, r.sha256 AS sha", gen=gen)
        return {row["source"]: row["sha"] or "" for row in rows}

    def record(self, source: str) -> PlanRecord | None:
        gen = self._meta()["gen"]
        rows = self._read("MATCH (r:Record {source: $source}) WHERE r.g0 <= $gen "
                          "RETURN r.deleted AS deleted, r.zdata AS z, r.data AS data, r.ztext AS zt, r.text AS text "
                          "ORDER BY r.g0 DESC LIMIT 1", source=source, gen=gen)
        if not rows or rows[0]["deleted"]:
            return None
        rec = PlanRecord.from_json(_loads(_unpack(rows[0]["z"], rows[0]["data"])))
        rec.text = _unpack(rows[0]["zt"], rows[0]["text"])
        return rec

    # -- writes ------------------------------------------------------------
    def replace(self, upserts: Iterable[PlanRecord], removals: Iterable[str] = ()) -> None:
        upserts = list({r.file: r for r in upserts}.values())
        removals = list(removals)
        token = uuid.uuid4().hex
        gen = self._acquire(token)
        try:
            old = self._load_records(gen)
            # The same record again (same bytes, same extraction) writes nothing.
            upserts = [r for r in upserts if r.file not in old or old[r.file].sha256 != r.sha256
                       or _slim(old[r.file]) != _slim(r)]
            removals = [s for s in removals if s in old]
            if not upserts and not removals:
                self._release(token)
                return
            new = dict(old)
            for src in removals:
                new.pop(src, None)
            data: dict[str, str] = {}           # each record serialised once, for its :Record
            for rec in upserts:
                j = _slim(rec)
                data[rec.file] = _dumps(j)
                new[rec.file] = PlanRecord.from_json(j)   # text is stored apart
            graph = build_graph(new.values())   # may raise: nothing has been written yet
        except BaseException:
            self._release(token)
            raise
        nxt = gen + 1
        self._token = token
        try:
            self._write_records(upserts, [s for s in removals if s not in {r.file for r in upserts}], nxt, data)
            self._write("MATCH (m:VanbanMeta {id: 'meta'}) SET m.graph_gen = -1")
            self._converge(graph)
            self._write("MATCH (m:VanbanMeta {id: 'meta'}) WHERE m.pending = $token "
                        "SET m.gen = $nxt, m.graph_gen = $nxt, m.pending = null, m.pending_at = null",
                        token=token, nxt=nxt)
        except BaseException:
            self._token = None
            self._rollback(token, gen, old)
            raise
        self._token = None
        self._records, self._rec_gen = new, nxt
        self._graph, self._graph_key = None, None
        self._gc(nxt, sorted({r.file for r in upserts} | set(removals)))

    def _acquire(self, token: str) -> int:
        """Take the write lock (the meta node's ``pending``); returns the committed generation."""
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            rows = self._write(
                "MATCH (m:VanbanMeta {id: 'meta'}) "
                "WITH m, (m.pending IS NULL OR m.pending_at < timestamp() - $stale) AS free "
                "FOREACH (_ IN CASE WHEN free THEN [1] ELSE [] END | "
                "  SET m.pending = $token, m.pending_at = timestamp()) "
                "RETURN free, m.gen AS gen, m.graph_gen AS graph_gen", token=token, stale=int(STALE_AFTER * 1000))
            if rows and rows[0]["free"]:
                self._beat = time.monotonic()
                gen = rows[0]["gen"]
                # leftovers of a load that died before committing
                self._delete_records_after(gen)
                return gen
            if time.monotonic() > deadline:
                raise LoadInProgress("another load is writing to this Neo4j store; try again later",
                                     message_vi="Đang có một lượt nạp khác ghi vào Neo4j; hãy thử lại sau")
            time.sleep(0.5)

    def _release(self, token: str) -> None:
        self._write("MATCH (m:VanbanMeta {id: 'meta'}) WHERE m.pending = $token "
                    "SET m.pending = null, m.pending_at = null", token=token)

    def _rollback(self, token: str, gen: int, old: dict[str, PlanRecord]) -> None:
        """Undo a failed load: drop its records and converge the graph back to `gen`."""
        try:
            self._delete_records_after(gen)
            self._converge(build_graph(old.values()))
            self._write("MATCH (m:VanbanMeta {id: 'meta'}) WHERE m.pending = $token "
                        "SET m.graph_gen = m.gen, m.pending = null, m.pending_at = null", token=token)
        except Exception:  # noqa: BLE001 - the original error is what the caller must see
            pass               # graph_gen stays -1: the next store to open repairs it
        self._graph, self._graph_key = None, None

    def _repair_if_needed(self) -> None:
        meta = self._meta()
        stale = meta["pending"] is not None and meta["pending_at"] is not None and \
            meta["pending_at"] < int(time.time() * 1000) - STALE_AFTER * 1000
        if meta["graph_gen"] == meta["gen"] or (meta["pending"] is not None and not stale):
            return
        token = uuid.uuid4().hex
        gen = self._acquire(token)
        self._token = token
        try:
            self._converge(build_graph(self._load_records(gen).values()))
            self._write("MATCH (m:VanbanMeta {id: 'meta'}) WHERE m.pending = $token "
                        "SET m.graph_gen = m.gen, m.pending = null, m.pending_at = null", token=token)
        except BaseException:
            self._release(token)
            raise
        finally:
            self._token = None

    def _delete_records_after(self, gen: int) -> None:
        while True:
            rows = self._write("MATCH (r:Record) WHERE r.g0 > $gen WITH r LIMIT $n DETACH DELETE r "
                               "RETURN count(*) AS n", gen=gen, n=self.batch)
            if not rows or rows[0]["n"] < self.batch:
                return

    def _write_records(self, upserts: list[PlanRecord], removals: list[str], g0: int,
                       data: dict[str, str] | None = None) -> None:
        rows = [record_row(rec, g0, data[rec.file] if data else None) for rec in upserts]
        rows += [record_row(src, g0) for src in removals]
        q = "UNWIND $rows AS r CREATE (x:Record) SET x = r"
        for chunk in _batches(rows, self.batch, weight=lambda r: len(r.get("zdata") or "") + len(r.get("ztext") or "")):
            self._write(q, rows=chunk)

    def _gc(self, gen: int, sources: list[str]) -> None:
        """Drop the records of `sources` no generation >= `gen` can see (best effort)."""
        try:
            for chunk in _batches(sources, self.batch):
                self._write(
                    "UNWIND $sources AS s MATCH (r:Record {source: s}) WHERE r.g0 <= $gen "
                    "WITH s, max(r.g0) AS top "
                    "MATCH (x:Record {source: s}) WHERE x.g0 < top OR (x.g0 = top AND x.deleted) "
                    "DETACH DELETE x", gen=gen, sources=chunk)
        except Exception:  # noqa: BLE001 - garbage stays invisible; the next load cleans its own
            pass

    # -- converging the stored graph to a built one ---------------------------
    def _stored_state(self) -> tuple[dict[str, tuple[str, int]], dict[tuple, tuple[str, int]]]:
        """What the graph holds now: node id -> (h, internal id), (a, b, type, key) -> (h, internal id).

        Internal ids are only used inside one convergence, under the write lock (no other
        vanban writer), to reach the nodes and relationships it just read or created."""
        nodes: dict[str, tuple[str, int]] = {}
        by_iid: dict[int, str] = {}
        for r in self._read("MATCH (n:Node) RETURN n.id AS id, n.h AS h, id(n) AS i"):
            nodes[r["id"]] = (r["h"], r["i"])
            by_iid[r["i"]] = r["id"]
        edges = {(by_iid[r["a"]], by_iid[r["b"]], r["t"], r["k"]): (r["h"], r["i"]) for r in self._read(
            "MATCH (a:Node)-[e]->(b:Node) RETURN id(a) AS a, id(b) AS b, type(e) AS t, " + _KEY + " AS k, "
            "e.h AS h, id(e) AS i")}
        return nodes, edges

    def _write_all(self, query: str, rows: list, weight=lambda r: 0, check: bool = False,
                   collect: bool = False) -> list:
        """`query` over `rows` in batches; `check`: each batch must touch every row (RETURN count(*) AS n)."""
        out = []
        for chunk in _batches(rows, self.batch, weight=weight):
            res = self._write(query, rows=chunk)
            if check and (not res or res[0]["n"] != len(chunk)):
                raise VanbanError(f"Neo4j write touched {res[0]['n'] if res else 0} of {len(chunk)} rows "
                                  "(the graph changed under the write lock?)")
            if collect:
                out += res
        return out

    def _converge(self, g: nx.MultiDiGraph) -> None:
        """Make the stored graph equal to `g`, writing only the difference.

        The diff against the stored state says which nodes and relationships are new (CREATE,
        no look-up of an existing one), changed (SET by internal id) or gone (DELETE by
        internal id). New relationships reach their ends by internal id too: the stored
        ones from the state read here, the new ones from their CREATE. A batch that does not
        touch exactly its rows raises, so the load rolls back rather than half-applies."""
        with gc_frozen():
            self._converge_frozen(g)

    def _converge_frozen(self, g: nx.MultiDiGraph) -> None:
        have_nodes, have_edges = self._stored_state()
        want_nodes = {n: node_row(n, d) for n, d in g.nodes(data=True)}
        want_edges: dict[tuple, dict] = {}
        for row in edge_rows(g):
            want_edges[(row["a"], row["b"], row["type"], row["key"])] = row
        del_edges = sorted(i for k, (_, i) in have_edges.items() if k not in want_edges)
        del_nodes = sorted(i for n, (_, i) in have_nodes.items() if n not in want_nodes)
        self._write_all("UNWIND $rows AS i MATCH ()-[e]->() WHERE id(e) = i DELETE e RETURN count(*) AS n",
                        del_edges, check=True)
        self._write_all("UNWIND $rows AS i MATCH (n:Node) WHERE id(n) = i DETACH DELETE n RETURN count(*) AS n",
                        del_nodes, check=True)
        iid = self._converge_nodes(have_nodes, want_nodes)
        self._converge_edges(have_edges, want_edges, iid)

    def _converge_nodes(self, have: dict[str, tuple[str, int]], want: dict[str, dict]) -> dict[str, int]:
        """Create the new nodes, SET the changed ones; node id -> internal id of every wanted node."""
        iid = {n: i for n, (_, i) in have.items() if n in want}
        by_label: dict[str, list] = defaultdict(list)
        for n, r in want.items():
            if n not in have:
                by_label[_label(r.get("kind"))].append(r)
        for lab, rows in sorted(by_label.items()):
            # the uniqueness constraint on :Node(id) refuses a node that exists after all
            for r in self._write_all(f"UNWIND $rows AS r CREATE (n:Node:{lab}) SET n = r RETURN r.id AS id, "
                                     "id(n) AS i", rows, weight=lambda r: len(r["data"]), collect=True):
                iid[r["id"]] = r["i"]
        by_label = defaultdict(list)
        for n, r in want.items():
            if n in have and have[n][0] != r["h"]:
                by_label[_label(r.get("kind"))].append({"i": have[n][1], "p": r})
        for lab, rows in sorted(by_label.items()):
            self._write_all(f"UNWIND $rows AS r MATCH (n:Node) WHERE id(n) = r.i SET n = r.p "
                            f"REMOVE n:{ALL_LABELS} SET n:{lab} RETURN count(*) AS n", rows,
                            weight=lambda r: len(r["p"]["data"]), check=True)
        return iid

    def _converge_edges(self, have: dict[tuple, tuple[str, int]], want: dict[tuple, dict],
                        iid: dict[str, int]) -> None:
        """SET the changed relationships, then CREATE the new ones between internal ids."""
        set_edges = [{"e": have[k][1], "p": r["props"]} for k, r in want.items()
                     if k in have and have[k][0] != r["props"]["h"]]
        self._write_all("UNWIND $rows AS r MATCH ()-[e]->() WHERE id(e) = r.e SET e = r.p RETURN count(*) AS n",
                        set_edges, weight=lambda r: len(r["p"]["data"]), check=True)
        by_type: dict[str, list] = defaultdict(list)
        for k, r in want.items():
            if k not in have:
                by_type[r["type"]].append({"a": iid[r["a"]], "b": iid[r["b"]], "p": r["props"]})
        for t, rows in sorted(by_type.items()):
            self._write_all(f"UNWIND $rows AS r MATCH (a:Node) WHERE id(a) = r.a MATCH (b:Node) WHERE id(b) = r.b "
                            f"CREATE (a)-[e:`{t}`]->(b) SET e = r.p RETURN count(*) AS n", rows,
                            weight=lambda r: len(r["p"]["data"]), check=True)

    # -- health --------------------------------------------------------------
    def ping(self) -> None:
        try:
            self.driver.verify_connectivity()
        except Exception as exc:  # noqa: BLE001
            raise self._unavailable(exc) from None

    def stats(self) -> dict[str, Any]:
        nodes: dict[str, int] = {k: 0 for k in R.node_kinds()}
        for r in self._read("MATCH (n:Node) RETURN n.kind AS k, count(*) AS n"):
            nodes[r["k"] or "?"] = nodes.get(r["k"] or "?", 0) + r["n"]
        edges: dict[str, int] = {k: 0 for k in R.edge_types()}
        for r in self._read("MATCH (:Node)-[e]->(:Node) RETURN type(e) AS t, count(*) AS n"):
            edges[r["t"]] = edges.get(r["t"], 0) + r["n"]
        return {"backend": self.backend, "sources": len(self.source_hashes()), "nodes": nodes, "edges": edges}

    # -- fetching parts of the graph ------------------------------------------
    @staticmethod
    def _add_nodes(g: nx.MultiDiGraph, rows: Iterable, id_key: str = "id", data_key: str = "data") -> None:
        for r in rows:
            nid, data = r[id_key], r[data_key]
            if nid is not None and nid not in g:
                g.add_node(nid, **_loads(data))

    @staticmethod
    def _finish(nodes: dict[str, str], edges: dict[tuple, tuple[int, str]]) -> nx.MultiDiGraph:
        """A networkx graph in canonical order: nodes by id, edges by (source, target, rank)."""
        g = nx.MultiDiGraph()
        for nid in sorted(nodes):
            g.add_node(nid, **_loads(nodes[nid]))
        for (a, b, k), (_, data) in sorted(edges.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[1][0] or 0,
                                                                          kv[0][2])):
            if a in g and b in g:
                g.add_edge(a, b, key=k, **_loads(data))
        return g

    def _fetch(self, node_query: str, edge_query: str | None = None, **params) -> nx.MultiDiGraph:
        """Nodes (columns id, data) and edges (a, b, k, data, plus the ends' ids/data) as a graph."""
        nodes: dict[str, str] = {}
        edges: dict[tuple, tuple[int, str]] = {}
        for r in self._read(node_query, **params):
            if r["id"] is not None:
                nodes[r["id"]] = r["data"]
        if edge_query:
            params = dict(params, ids=sorted(nodes))
            for r in self._read(edge_query, **params):
                if r["k"] is None:
                    continue
                for end in ("a", "b"):
                    if r[end] not in nodes and r.get(f"{end}_data") is not None:
                        nodes[r[end]] = r[f"{end}_data"]
                edges[(r["a"], r["b"], r["k"])] = (r["r"], r["data"])
        return self._finish(nodes, edges)

    def whole_graph(self) -> nx.MultiDiGraph:
        """The whole graph, fetched once per committed generation."""
        meta = self._meta()
        key = (meta["gen"], meta["graph_gen"])
        if self._graph is not None and self._graph_key == key:
            return self._graph
        nodes = {r["id"]: r["data"] for r in self._read("MATCH (n:Node) RETURN n.id AS id, n.data AS data")}
        edges = {(r["a"], r["b"], r["k"]): (r["r"], r["data"]) for r in self._read(
            "MATCH (a:Node)-[e]->(b:Node) RETURN a.id AS a, b.id AS b, " + _EDGE)}
        g = self._finish(nodes, edges)
        index_graph(g)
        self._graph, self._graph_key = g, key
        return g

    # -- the parts of the graph a local question reads (the questions are GraphStore's) --
    def node_graph(self, nid: str) -> nx.MultiDiGraph:
        return self._fetch("MATCH (n:Node {id: $id}) RETURN n.id AS id, n.data AS data", id=nid)

    def ref_graph(self, ref: str) -> nx.MultiDiGraph:
        g = self.node_graph(ref)
        norm = ref.replace("\\", "/")
        suffix = norm.lstrip("./")
        # Every source the pure function could accept ends with `suffix` (or equals `ref`).
        rows = self._read("MATCH (d:Document) WHERE d.srcs IS NOT NULL UNWIND d.srcs AS s "
                          "WITH d, s WHERE s = $ref OR replace(s, '\\\\', '/') ENDS WITH $suffix "
                          "RETURN s, d.id AS id", ref=ref, suffix=suffix)
        g.graph["by_source"] = {r["s"]: r["id"] for r in sorted(rows, key=lambda r: (r["s"], r["id"]))}
        ck = code_key(ref)
        ids = [r["id"] for r in self._read("MATCH (d:Document {ckey: $ck}) RETURN d.id AS id", ck=ck)]
        g.graph["by_code"] = {ck: sorted(ids)} if ids else {}
        return g

    def loaded_plans(self) -> list[str]:
        return sorted(r["id"] for r in self._read(
            "MATCH (d:Document) WHERE d.source IS NOT NULL RETURN d.id AS id"))

    def trace_graph(self, nid: str) -> nx.MultiDiGraph:
        # Everything reachable from the plan by the relations trace climbs, what those
        # documents link to, and what replaced them: one query, one round trip.
        climb = R.cypher_types(R.trace_types())
        links = R.cypher_types(R.document_link_types())
        ends = R.ends_force_types()
        replaced_by = (f"[(r:Node)-[e:{R.cypher_types(ends)}]->(x) | [r.id, {_KEY}, e.rank, e.data, r.data]]"
                       if ends else "[]")
        nodes: dict[str, str] = {}
        edges: dict[tuple, tuple[int, str]] = {}
        ends_data: dict[str, str] = {}
        for r in self._read(f"MATCH (:Node {{id: $id}})-[:{climb}*0..]->(x:Node) WITH DISTINCT x "
                            f"RETURN x.id AS id, x.data AS data, [(x)-[e:{links}]->(b:Node) | "
                            f"[b.id, {_KEY}, e.rank, e.data, b.data]] AS out, {replaced_by} AS inn", id=nid):
            nodes[r["id"]] = r["data"]
            for b, k, rank, data, b_data in r["out"]:
                ends_data[b] = b_data
                edges[(r["id"], b, k)] = (rank, data)
            for a, k, rank, data, a_data in r["inn"]:
                ends_data[a] = a_data
                edges[(a, r["id"], k)] = (rank, data)
        for b, b_data in ends_data.items():
            nodes.setdefault(b, b_data)
        return self._finish(nodes, edges)

    def implementers_graph(self, nid: str) -> nx.MultiDiGraph:
        climb = R.cypher_types(R.trace_types())
        g = self._fetch(
            f"MATCH (u:Node)-[:{climb}*0..]->(d:Node {{id: $id}}) RETURN DISTINCT u.id AS id, u.data AS data",
            f"MATCH (a:Node)-[e:{climb}]->(b:Node) WHERE b.id IN $ids "
            "RETURN a.id AS a, b.id AS b, " + _EDGE + ", a.data AS a_data", id=nid)
        # Coverage: the issuers of those plans and the bodies known to lie under them.
        iids = sorted({d.get("issuer_id") for _, d in g.nodes(data=True)
                       if d.get("kind") == S.PLAN and d.get("issuer_id")})
        if not iids:
            return g
        nodes = {n: _dumps(d) for n, d in g.nodes(data=True)}
        edges = {(a, b, k): (i, _dumps(d)) for i, (a, b, k, d) in enumerate(g.edges(keys=True, data=True))}
        for r in self._read("MATCH (p:Node) WHERE p.id IN $iids "
                            f"OPTIONAL MATCH (c:Node)-[e:{S.PART_OF}]->(p) "
                            "RETURN p.id AS p, p.data AS p_data, c.id AS c, c.data AS c_data, "
                            + _EDGE, iids=iids):
            nodes.setdefault(r["p"], r["p_data"])
            if r["c"] is not None:
                nodes.setdefault(r["c"], r["c_data"])
                edges[(r["c"], r["p"], r["k"])] = (r["r"], r["data"])
        return self._finish(nodes, edges)

    def neighbourhood_graph(self, center: str, depth: int) -> nx.MultiDiGraph:
        return self._fetch(
            f"MATCH (c:Node {{id: $id}})-[*0..{int(depth)}]-(x:Node) RETURN DISTINCT x.id AS id, x.data AS data",
            "MATCH (a:Node)-[e]->(b:Node) WHERE a.id IN $ids AND b.id IN $ids "
            "RETURN a.id AS a, b.id AS b, " + _EDGE, id=center)

    def document_graph(self, nid: str) -> nx.MultiDiGraph:
        nodes: dict[str, str] = {}
        edges: dict[tuple, tuple[int, str]] = {}
        for r in self._read("MATCH (d:Node {id: $id}) OPTIONAL MATCH (d)-[e]-(o:Node) "
                            "RETURN d.id AS d, d.data AS d_data, startNode(e).id AS a, endNode(e).id AS b, "
                            + _EDGE + ", o.id AS o, o.data AS o_data", id=nid):
            nodes[r["d"]] = r["d_data"]
            if r["o"] is not None:
                nodes[r["o"]] = r["o_data"]
                edges[(r["a"], r["b"], r["k"])] = (r["r"], r["data"])
        if nid in nodes:
            for r in self._read(f"MATCH (a:Node)-[e:{S.REPORTS_TO} {{plan: $id}}]->(b:Node) "
                                "RETURN a.id AS a, a.data AS a_data, b.id AS b, b.data AS b_data, "
                                + _EDGE, id=nid):
                nodes[r["a"]], nodes[r["b"]] = r["a_data"], r["b_data"]
                edges[(r["a"], r["b"], r["k"])] = (r["r"], r["data"])
            via = sorted({_loads(d).get("via") for _, d in edges.values()} - {None} - set(nodes))
            if via:
                for r in self._read("MATCH (n:Node) WHERE n.id IN $ids RETURN n.id AS id, n.data AS data", ids=via):
                    nodes[r["id"]] = r["data"]
        return self._finish(nodes, edges)
