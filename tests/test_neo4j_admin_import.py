"""The bulk path, for real: `vanban export --format neo4j-admin`, then Neo4j 5.26's own
`neo4j-admin database import full` (``scripts/neo4j-import``, the real tool from the Maven
jars), then a Neo4j server on the imported database (``scripts/neo4j-local --data DIR``).

The imported store must answer exactly like the networkx store it was exported from
(every question of ``tests/test_neo4j_parity.py``), hold exactly what a transactional
``Neo4jStore.replace`` of the same records writes (labels, properties, relationships,
records, meta), and take later loads through ``Neo4jStore.replace``.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.graph_helpers import CT33, QD23, cite, line, plan
from tests.neo4j_server import REPO, LocalNeo4j
from tests.test_neo4j_parity import assert_parity, extract_records, generated_records
from vanban.graph.neo4jstore import Neo4jStore, _unpack
from vanban.graph.nxstore import NetworkxStore

pytestmark = pytest.mark.neo4j

IMPORT = REPO / "scripts" / "neo4j-import"
CORPUS_PLANS = 300
START_TIMEOUT = float(os.environ.get("VANBAN_NEO4J_START_TIMEOUT", "240"))
IMPORT_TIMEOUT = float(os.environ.get("VANBAN_NEO4J_IMPORT_TIMEOUT", "900"))


class ServedNeo4j(LocalNeo4j):
    """``scripts/neo4j-local --data DIR``: a server of its own on an imported database."""

    def start_on(self, data: Path, timeout: float = START_TIMEOUT) -> str:
        return self.start(timeout, data=data)


def cli_export(home: Path, out: Path) -> None:
    """`vanban --home HOME export --format neo4j-admin -o OUT`, as a user runs it."""
    env = {k: v for k, v in os.environ.items() if k not in ("VANBAN_BACKEND", "VANBAN_HOME")}
    p = subprocess.run([sys.executable, "-m", "vanban.cli", "--home", str(home), "export", "--format", "neo4j-admin",
                        "-o", str(out)], capture_output=True, text=True, env=env, cwd=REPO, timeout=600)
    assert p.returncode == 0, p.stderr
    assert (out / "nodes.csv").is_file() and (out / "neo4j-admin.args").is_file()


def admin_import(csv_dir: Path, data: Path, log_dir: Path) -> str:
    """The real `neo4j-admin database import full` into DATA; returns its report."""
    server = LocalNeo4j(log_dir)            # fails (never skips) with what to install when Java/Maven are missing
    server.prepare(float(os.environ.get("VANBAN_NEO4J_PREPARE_TIMEOUT", "1500")))
    p = subprocess.run([str(IMPORT), "--data", str(data), str(csv_dir)], capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, cwd=REPO, timeout=IMPORT_TIMEOUT)
    assert p.returncode == 0, f"neo4j-import exited {p.returncode}\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
    assert "IMPORT DONE" in p.stdout, p.stdout[-3000:]
    assert (data / "data" / "databases" / "neo4j").is_dir()
    return p.stdout


def imported_counts(report: str) -> dict[str, int]:
    """The ``Imported:`` block of neo4j-admin's report: {"nodes": n, "relationships": n, "properties": n}."""
    out = {}
    for ln in report.split("Imported:", 1)[1].splitlines():
        parts = ln.split()
        if len(parts) == 2 and parts[0].isdigit():
            out[parts[1]] = int(parts[0])
    return out


class Servers:
    """``servers(DATA)`` starts a server on an imported database and returns its URI."""

    def __init__(self, log_dir: Path):
        self.log_dir, self.running = log_dir, []

    def __call__(self, data: Path) -> str:
        s = ServedNeo4j(self.log_dir)
        self.running.append(s)
        return s.start_on(data)

    def stop(self) -> None:
        while self.running:
            self.running.pop().stop()


@pytest.fixture()
def served(tmp_path):
    """Start servers on imported databases; all stopped at the end of the test."""
    servers = Servers(tmp_path)
    yield servers
    servers.stop()


def bulk_load(recs, tmp: Path, start) -> tuple[NetworkxStore, Neo4jStore, str]:
    """networkx store from RECS -> CLI export -> real import -> server -> Neo4jStore on it."""
    nxs = NetworkxStore(tmp / "nx")
    nxs.replace(recs)
    cli_export(tmp / "nx", tmp / "csv")
    report = admin_import(tmp / "csv", tmp / "neo4j-home", tmp)
    g = nxs.graph
    counts = imported_counts(report)
    assert counts["nodes"] == g.number_of_nodes() + len(nxs.source_hashes()) + 1, counts   # + records + meta
    assert counts["relationships"] == g.number_of_edges(), counts
    return nxs, Neo4jStore(start(tmp / "neo4j-home")), report


def changed(rec, suffix=" (sửa đổi)"):
    r = type(rec).from_json(rec.to_json(with_text=True))
    r.citations = r.citations[:-1]                  # the new version cites one document less
    r.document.title = (r.document.title or "") + suffix
    r.sha256 = hashlib.sha256(("changed-" + (r.sha256 or "")).encode()).hexdigest()
    return r


def replace_both(nxs, neo, upserts, removals=()):
    for s in (nxs, neo):
        s.replace(upserts, removals=removals)


# ------------------------------------------------------------------ generated corpus
@pytest.fixture(scope="module")
def corpus_records(tmp_path_factory):
    return generated_records(tmp_path_factory, "admin-corpus", 11, CORPUS_PLANS)


@pytest.fixture(scope="module")
def imported(corpus_records, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("admin-import")
    server = ServedNeo4j(tmp)
    nxs = NetworkxStore(tmp / "nx")
    nxs.replace(corpus_records)
    cli_export(tmp / "nx", tmp / "csv")
    assert "--array-delimiter=|" in (tmp / "csv" / "neo4j-admin.args").read_text().splitlines()
    report = admin_import(tmp / "csv", tmp / "neo4j-home", tmp)
    counts = imported_counts(report)
    assert counts["relationships"] == nxs.graph.number_of_edges() > CORPUS_PLANS
    state = {"nxs": nxs, "server": server, "data": tmp / "neo4j-home",
             "neo": Neo4jStore(server.start_on(tmp / "neo4j-home"))}
    try:
        yield state
    finally:
        state["neo"].close()
        server.stop()


def test_generated_corpus_imported_same_answers(imported):
    nxs, neo = imported["nxs"], imported["neo"]
    assert len(neo.loaded_plans()) >= CORPUS_PLANS
    assert neo._meta()["gen"] == neo._meta()["graph_gen"] == 1     # a clean store: no repair, no rebuild
    compared = assert_parity(nxs, neo, seed=1, sample=60)
    assert compared > CORPUS_PLANS


def test_imported_store_takes_later_loads(imported, corpus_records):
    """Neo4jStore.replace into the imported database: one changed file, then more, a removal, a new one."""
    nxs, neo, server = imported["nxs"], imported["neo"], imported["server"]
    rng = random.Random(3)
    one = changed(rng.choice(corpus_records))
    replace_both(nxs, neo, [one])
    assert neo._meta()["gen"] == neo._meta()["graph_gen"] == 2
    assert nxs.record(one.file).document.title == neo.record(one.file).document.title
    assert_parity(nxs, neo, seed=4, sample=20, trace_all=False)

    more = [changed(r, " (lần 2)") for r in rng.sample(corpus_records, 10)]
    gone = sorted({r.file for r in rng.sample(corpus_records, 5)} - {r.file for r in more} - {one.file})
    new = type(one).from_json(one.to_json(with_text=True))
    new.file = str(Path(one.file).with_name("them-moi.txt"))
    replace_both(nxs, neo, more + [new], removals=gone)
    assert_parity(nxs, neo, seed=5, sample=20, trace_all=False)
    # the same load again writes nothing new and changes no answer
    replace_both(nxs, neo, more + [new])
    assert_parity(nxs, neo, seed=6, sample=10, trace_all=False)

    # and a fresh connection, after a restart of the server on the same folder, answers the same
    neo.close()
    server.stop()
    imported["neo"] = again = Neo4jStore(server.start_on(imported["data"]))
    assert_parity(nxs, again, seed=7, sample=10, trace_all=False)


# ------------------------------------------------------------------ the real seeds
def test_seeds_imported_same_answers(shared_dir, seed_files, tmp_path, served):
    recs = extract_records(seed_files)
    assert recs
    nxs, neo, _ = bulk_load(recs, tmp_path, served)
    try:
        assert_parity(nxs, neo)
        one = changed(random.Random(8).choice(recs))
        replace_both(nxs, neo, [one])
        assert_parity(nxs, neo)
    finally:
        neo.close()


# ------------------------------------------------------------------ hostile values
def hostile_records(big_text: bool = True):
    """Values that break naive CSV: quotes, commas, CR/LF, edge spaces, '|' and ';' in paths, a huge text."""
    weird_title = 'Kế hoạch "dân vận", năm 2024\nđợt 1\r\nvà "đợt 2" ,,, ""'
    text = 'id:ID(Node),:LABEL\n"\n,,\r\nCăn cứ Chỉ thị 33/CT-TTg |a|b; c\\"d\\\n  '
    prov = plan("plans/tỉnh|a, \"b\".txt", "34/KH-UBND", "2024-03-06", "UBND tỉnh Hòa Bình", "province",
                province="Hòa Bình", title=weird_title,
                citations=[cite(**CT33, relation="implements"), cite(**QD23)],
                reports=[line("UBND các huyện", "UBND tỉnh", "Sở Nội vụ", ["2024-11-30", "--06-15"])],
                units=['Phòng "Nội vụ", huyện', " Ban  Dân vận ", "Sở|Tư pháp;"])
    dist = plan("plans/d;1 .txt", "7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "district",
                district="huyện Lạc Sơn", title="  khoảng trắng ở hai đầu  ", signer="",
                citations=[cite("34/KH-UBND", "2024-03-06", "UBND tỉnh", "implements"), cite(**CT33)],
                reports=[line("UBND các xã", "UBND huyện", "Phòng Nội vụ", ["2024-12-10"])])
    xa = plan(" plans/xã\tTân Lạc.md", "", "2024-04-02", "UBND xã Tân Lạc", "commune", title="",
              citations=[cite("7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "implements")])
    recs = [prov, dist, xa]
    for r in recs:
        r.text = text + r.file
        r.sha256 = hashlib.sha256(r.file.encode()).hexdigest()
    if big_text:    # > neo4j-admin's default 4 MiB read buffer even compressed: random letters
        rng = random.Random(3)
        letters = [chr(c) for c in range(0x1EA0, 0x1EFA)] + [chr(c) for c in range(0x4E00, 0x5200)]
        prov.text = weird_title + "".join(rng.choices(letters, k=3_000_000)) + " Trung ương, \"chỉ thị\"\n"
    return recs


def dump(driver) -> dict:
    """Everything in a database, in a comparable form."""
    with driver.session() as s:
        nodes = sorted(json.dumps([sorted(r["l"]), r["p"]], sort_keys=True, ensure_ascii=False) for r in s.run(
            "MATCH (n) WHERE NOT n:VanbanMeta RETURN labels(n) AS l, properties(n) AS p"))
        rels = sorted(json.dumps([r["a"], r["t"], r["b"], r["p"]], sort_keys=True, ensure_ascii=False) for r in s.run(
            "MATCH (a)-[e]->(b) RETURN a.id AS a, type(e) AS t, b.id AS b, properties(e) AS p"))
        meta = [dict(r["m"]) for r in s.run("MATCH (m:VanbanMeta) RETURN properties(m) AS m")]
    return {"nodes": nodes, "relationships": rels, "meta": meta}


def test_hostile_values_import_like_a_transactional_load(tmp_path, served, neo4j_clean, neo4j_uri):
    import neo4j

    recs = hostile_records()
    nxs, imp, _ = bulk_load(recs, tmp_path, served)
    args = (tmp_path / "csv" / "neo4j-admin.args").read_text().splitlines()
    assert "--array-delimiter=U+001F" in args            # a path holds '|'
    assert any(a.startswith("--read-buffer-size=") for a in args)   # one text is larger than 4 MiB
    # The same records, as the networkx store holds them, loaded transactionally on the suite's server.
    trans = Neo4jStore(neo4j_uri)
    try:
        trans.replace([nxs.record(src) for src in sorted(nxs.source_hashes())])
        drivers = [neo4j.GraphDatabase.driver(imp.uri, auth=None), neo4j_clean]
        try:
            got, want = (dump(d) for d in drivers)
        finally:
            drivers[0].close()
        assert got["meta"] == [{"id": "meta", "gen": 1, "graph_gen": 1}]
        assert want["meta"][0]["gen"] == want["meta"][0]["graph_gen"] == 1
        assert got["nodes"] == want["nodes"]
        assert got["relationships"] == want["relationships"]
        for r in recs:
            assert imp.record(r.file).to_json(with_text=True) == trans.record(r.file).to_json(with_text=True)
        assert_parity(nxs, imp)
        assert_parity(nxs, trans)
        replace_both(nxs, imp, [changed(recs[1])], removals=[recs[2].file])
        assert_parity(nxs, imp)
    finally:
        trans.close()
        imp.close()


def test_crlf_text_survives_the_export(tmp_path):
    import csv

    recs = hostile_records(big_text=False)
    assert "\r\n" in recs[0].text
    nxs = NetworkxStore(tmp_path / "nx")
    nxs.replace(recs)
    cli_export(tmp_path / "nx", tmp_path / "csv")
    csv.field_size_limit(1 << 30)
    with open(tmp_path / "csv" / "records.csv", encoding="utf-8", newline="") as fh:
        texts = {r["source"]: _unpack(r["ztext"]) for r in csv.DictReader(fh)}
    assert texts[recs[0].file] == recs[0].text


def test_csv_dialect_through_the_real_importer(tmp_path, served):
    """Absent vs empty string, quotes, commas, line breaks, edge spaces, arrays and labels, as written."""
    import neo4j

    from vanban.graph.export_neo4j_admin import FALLBACK_DELIMITER, _Writer, import_args

    cols = [("id", "id:ID(Node)"), (":LABEL", ":LABEL"), ("s", "s"), ("n", "n:long"), ("b", "b:boolean"),
            ("a", "a:string[]")]
    rows = [
        {"id": "absent", ":LABEL": ["Node", "Unit"]},
        {"id": "empty", ":LABEL": ["Node"], "s": ""},
        {"id": "quotes", ":LABEL": ["Node", "Plan", "Document"], "s": '"," ""\n\r\n,', "n": -7, "b": False,
         "a": ['x, "y"', " z ", "a;b"]},
        {"id": " spaced id ", ":LABEL": ["Node"], "s": "  hai đầu\t", "n": 2 ** 40, "b": True, "a": ["|"]},
    ]
    csv_dir = tmp_path / "csv"
    csv_dir.mkdir()
    w = _Writer(FALLBACK_DELIMITER)
    for bad in ([""], ["a", ""], ["a" + FALLBACK_DELIMITER]):      # not representable: refused, never mangled
        with pytest.raises(ValueError):
            w.cell(bad)
    w.write(csv_dir / "nodes.csv", cols, rows)
    w.write(csv_dir / "relationships.csv", [("a", ":START_ID(Node)"), ("b", ":END_ID(Node)"), ("t", ":TYPE"),
                                            ("s", "s")],
            [{"a": "quotes", "b": " spaced id ", "t": "CITES", "s": ""}, {"a": "empty", "b": "absent", "t": "PART_OF"}])
    args = [a for a in import_args(FALLBACK_DELIMITER) if not a.startswith(("--nodes=", "--relationships="))]
    args += ["--nodes=nodes.csv", "--relationships=relationships.csv"]
    (csv_dir / "neo4j-admin.args").write_text("\n".join(args))
    admin_import(csv_dir, tmp_path / "home", tmp_path)
    driver = neo4j.GraphDatabase.driver(served(tmp_path / "home"), auth=None)
    try:
        with driver.session() as s:
            got = {r["p"]["id"]: (sorted(r["l"]), r["p"]) for r in
                   s.run("MATCH (n) RETURN labels(n) AS l, properties(n) AS p")}
            rels = sorted((r["a"], r["t"], r["b"], r["p"]) for r in
                          s.run("MATCH (a)-[e]->(b) RETURN a.id AS a, type(e) AS t, b.id AS b, properties(e) AS p"))
    finally:
        driver.close()
    want = {}
    for r in rows:
        props = {k: v for k, v in r.items() if k != ":LABEL"}
        want[r["id"]] = (sorted(r[":LABEL"]), props)
    assert got == want
    assert rels == [("empty", "PART_OF", "absent", {}), ("quotes", "CITES", " spaced id ", {"s": ""})]

    # Importing again over a database that has been served (its system database knows it):
    # --overwrite-destination replaces it, and the server starts on the new one.
    served.stop()
    w.write(csv_dir / "nodes.csv", cols, rows[:2])
    w.write(csv_dir / "relationships.csv", [("a", ":START_ID(Node)"), ("b", ":END_ID(Node)"), ("t", ":TYPE")],
            [{"a": "empty", "b": "absent", "t": "IMPLEMENTS"}])
    admin_import(csv_dir, tmp_path / "home", tmp_path)
    driver = neo4j.GraphDatabase.driver(served(tmp_path / "home"), auth=None)
    try:
        with driver.session() as s:
            assert sorted(r["id"] for r in s.run("MATCH (n) RETURN n.id AS id")) == ["absent", "empty"]
            assert [r["t"] for r in s.run("MATCH ()-[e]->() RETURN type(e) AS t")] == ["IMPLEMENTS"]
    finally:
        driver.close()
