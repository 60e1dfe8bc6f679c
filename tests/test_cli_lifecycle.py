"""The store's lifecycle from the CLI (issue 18 rows 4, 7, 8, 9, 11; issue 15 item 6):
remove, prune, nothing skipped in silence, leftovers swept, workers that die with their
parent, errors as one line, -o that creates no folder, escaped terminal output."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from vanban.cli import main
from vanban.graph.store import open_store
from vanban.ingest import load_bytes, safe_name
from vanban.refs import removal_for

CHAIN = Path(__file__).parent / "fixtures" / "chain"


@pytest.fixture(autouse=True)
def _vietnamese(monkeypatch):
    monkeypatch.delenv("VANBAN_LANG", raising=False)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(home: Path) -> dict:
    """Everything a store holds: records (with texts), the exported graph, the texts folder."""
    store = open_store("networkx", home)
    hashes = store.source_hashes()
    return {"hashes": hashes,
            "records": {k: store.record(k).to_json(with_text=True) for k in sorted(hashes)},
            "graph": json.loads(store.export("json")),
            "texts": sorted(p.name for p in (home / "texts").iterdir()) if (home / "texts").is_dir() else []}


@pytest.fixture()
def two_folders(tmp_path):
    """A = the province and district plans, B = the commune plan (it implements A's district plan)."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copy(CHAIN / "tinh_kh_21.txt", a)
    shutil.copy(CHAIN / "huyen_kh_8.txt", a)
    shutil.copy(CHAIN / "xa_kh_3.txt", b)
    return a, b


# ---------------------------------------------------------------- remove (row 8)
@pytest.mark.parametrize("ref", ["FILE", "xa_kh_3.txt", "3/KH-UBND", "ID", "FOLDER"])
def test_remove_b_leaves_the_store_of_a_alone(two_folders, tmp_path, capsys, ref):
    a, b = two_folders
    both, alone = tmp_path / "both", tmp_path / "alone"
    assert run(capsys, "--home", str(both), "load", str(a), str(b))[0] == 0
    assert run(capsys, "--home", str(alone), "load", str(a))[0] == 0
    store = open_store("networkx", both)
    ref = {"FILE": str(b / "xa_kh_3.txt"), "FOLDER": str(b),
           "ID": store.resolve_ref("3/KH-UBND")[0]}.get(ref, ref)
    assert snapshot(both) != snapshot(alone)
    code, out, err = run(capsys, "--home", str(both), "remove", ref)
    assert code == 0, err
    assert "đã bỏ 1 tệp khỏi kho" in out and str((b / "xa_kh_3.txt").resolve()) in out
    assert snapshot(both) == snapshot(alone)


def test_remove_refuses_what_it_cannot_name_and_changes_nothing(two_folders, tmp_path, capsys):
    a, b = two_folders
    home = tmp_path / "h"
    run(capsys, "--home", str(home), "load", str(a), str(b))
    before = snapshot(home)
    pickle_bytes = (home / "store.pickle").read_bytes()
    code, _, err = run(capsys, "--home", str(home), "remove", "xa_kh_3.txt", "999/KH-XYZ")
    assert code == 1 and "Không tìm thấy văn bản '999/KH-XYZ'" in err and "Traceback" not in err
    code, _, err = run(capsys, "--home", str(home), "remove", "33/CT-TTg")   # only cited: no file
    assert code == 1 and "chỉ được viện dẫn" in err
    assert snapshot(home) == before and (home / "store.pickle").read_bytes() == pickle_bytes


def test_one_rule_names_every_file_of_a_document(two_folders, tmp_path, monkeypatch):
    """The rule the CLI and DELETE /documents/{ref} share (vanban.refs): a copy of a plan
    is the same document, so its id, code or either file name names both files; only
    the CLI takes paths, where a file names itself and a folder every file under it."""
    from vanban.ingest import load_paths
    from vanban.models import NotFound
    a, b = two_folders
    shutil.copy(b / "xa_kh_3.txt", b / "copy.txt")
    store = open_store("networkx", tmp_path / "h")
    load_paths(store, [a, b])
    nid = store.resolve_ref("3/KH-UBND")[0]
    both = sorted(str((b / n).resolve()) for n in ("copy.txt", "xa_kh_3.txt"))
    calls = []
    real = store.resolve_ref
    monkeypatch.setattr(store, "resolve_ref", lambda ref: calls.append(ref) or real(ref))
    for ref in (nid, "3/KH-UBND", "copy.txt", "xa_kh_3.txt"):
        for local in (True, False):
            calls.clear()
            assert removal_for(store, ref, local_paths=local).sources == both, (ref, local)
            assert len(calls) <= 2, calls            # the ref itself, not one look-up per stored file
        assert removal_for(store, ref).document == nid
    assert removal_for(store, str(b / "copy.txt"), local_paths=True).sources == [both[0]]
    assert removal_for(store, str(b), local_paths=True).sources == both
    for path in (str(b / "copy.txt"), str(b), both[0]):
        with pytest.raises(NotFound):
            removal_for(store, path)                 # the API's mode: a path names nothing


# ---------------------------------------------------------------- load: prune (row 8)
def test_a_deleted_file_is_reported_then_pruned(two_folders, tmp_path, capsys):
    a, b = two_folders
    shutil.copy(b / "xa_kh_3.txt", a)
    home, alone = tmp_path / "h", tmp_path / "alone"
    run(capsys, "--home", str(home), "load", str(a))
    (a / "xa_kh_3.txt").unlink()
    code, out, err = run(capsys, "--home", str(home), "load", str(a), "--json")
    rep = json.loads(out)
    assert code == 0 and rep["vanished"] == [str((a / "xa_kh_3.txt").resolve())] and rep["removed"] == []
    assert len(open_store("networkx", home).source_hashes()) == 3          # kept without --prune
    code, _, err = run(capsys, "--home", str(home), "load", str(a))
    assert "1 tệp đã nạp trong thư mục này nay không còn" in err and "--prune" in err
    code, out, _ = run(capsys, "--home", str(home), "load", str(a), "--prune", "--json")
    assert code == 0 and json.loads(out)["removed"] == [str((a / "xa_kh_3.txt").resolve())]
    run(capsys, "--home", str(alone), "load", str(a))
    assert snapshot(home) == snapshot(alone)


# ---------------------------------------------------------------- nothing skipped in silence (issue 15 #6)
def test_every_file_not_loaded_is_reported_with_its_reason(tmp_path, capsys):
    d = tmp_path / "d"
    shutil.copytree(CHAIN, d)
    (d / "notes.txt").write_text("Ghi chép sau buổi họp tổ: mang theo sổ, đến sớm.\n", "utf-8")
    # a plan copied from a web page: no header, number or citation, but its title line
    (d / "trang_tin.txt").write_text("Trang thông tin điện tử xã\n\nKế hoạch tổ chức hội thi nấu ăn "
                                     "năm 2024\n\nI. MỤC ĐÍCH\n1. Tạo không khí vui tươi.\n", "utf-8")
    (d / "bang.xlsx").write_bytes(b"PK\x03\x04")
    (d / ".nhap.txt").write_text("x", "utf-8")
    (d / ".git").mkdir()
    (d / ".git" / "HEAD").write_text("ref", "utf-8")
    home = tmp_path / "h"
    code, out, err = run(capsys, "--home", str(home), "load", str(d), "--json")
    rep = json.loads(out)
    assert code == 0 and len(rep["added"]) == 4 and rep["failed"] == []
    assert str((d / "trang_tin.txt").resolve()) in rep["added"]
    assert sorted((Path(s["file"]).name, s["code"]) for s in rep["skipped"]) == [
        (".git", "hidden_folder"), (".nhap.txt", "hidden"), ("bang.xlsx", "unsupported_type"),
        ("notes.txt", "not_a_plan")]
    assert str(d / "notes.txt") not in open_store("networkx", home).source_hashes()
    for line in ("bỏ qua " + str(d / "notes.txt") + ": không phải kế hoạch",
                 "bỏ qua " + str(d / "bang.xlsx") + ": loại tệp không hỗ trợ (.xlsx)",
                 "bỏ qua " + str(d / ".nhap.txt") + ": tệp ẩn", "bỏ qua " + str(d / ".git") + ": thư mục ẩn"):
        assert line in err, (line, err)
    code, out, _ = run(capsys, "--home", str(home), "load", str(d / "notes.txt"), "--force-plan", "--json")
    assert code == 0 and json.loads(out)["added"] == [str((d / "notes.txt").resolve())]


# ---------------------------------------------------------------- sweep (row 9)
def test_leftovers_of_a_killed_load_are_swept_at_the_next(tmp_path, capsys):
    home = tmp_path / "h"
    shutil.copytree(CHAIN, tmp_path / "d")
    run(capsys, "--home", str(home), "load", str(tmp_path / "d"))
    kept = sorted(p.name for p in (home / "texts").iterdir())
    assert len(kept) == 3
    stale = [home / ".store.pickle-k1ll3d.tmp", home / "texts" / ".abc-123.tmp", home / "texts" / ("e" * 64)]
    for f in stale:
        f.write_bytes(b"left by a SIGKILL")
    (home / "texts" / "notes-of-the-user").write_text("not ours: kept", "utf-8")
    code, out, _ = run(capsys, "--home", str(home), "load", str(tmp_path / "d"), "--json")
    assert code == 0 and json.loads(out)["swept"] == {"temp_files": 2, "texts": 1}
    assert not any(f.exists() for f in stale)
    for f in stale:
        f.write_bytes(b"again")
    code, _, err = run(capsys, "--home", str(home), "load", str(tmp_path / "d"))
    assert code == 0 and "đã dọn 2 tệp tạm của lần ghi bị ngắt và 1 văn bản không còn dùng" in err
    assert sorted(p.name for p in (home / "texts").iterdir()) == sorted([*kept, "notes-of-the-user"])


# ---------------------------------------------------------------- workers die with their parent (row 9)
def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(x) for x in (task / "children").read_text().split()]
    return kids


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"     # a zombie has exited


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to find the workers")
def test_sigkill_of_a_load_leaves_no_worker_behind(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    for i in range(80):       # enough for the process pool (64+)
        (plans / f"kh_{i}.txt").write_text(f"Kế hoạch số {i}/KH-UBND\n", "utf-8")
    script = tmp_path / "slow_load.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        import vanban.ingest as ingest
        from vanban.graph.store import open_store

        def slow(path, extract=None):   # the workers are busy when the parent is killed
            time.sleep(120)

        ingest._extract_one = slow
        ingest.load_paths(open_store("networkx", {str(tmp_path / 'h')!r}), [{str(plans)!r}], workers=2)
    """), "utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], cwd=Path(__file__).resolve().parents[1],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.2)
            workers = [p for p in _children(proc.pid) if _alive(p)]
        assert len(workers) == 2, "the load never started its two workers"
        time.sleep(0.5)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(map(_alive, workers)):
            time.sleep(0.1)
        survivors = [p for p in workers if _alive(p)]
        assert not survivors, f"workers {survivors} outlived their parent"
    finally:   # never leave a process of this test behind, whatever failed
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        for p in workers:
            if _alive(p):
                os.kill(p, signal.SIGKILL)


# ---------------------------------------------------------------- upload name (row 7)
def test_a_long_upload_name_keeps_its_extension(tmp_path):
    name = "k" * 197 + ".txt"
    assert safe_name(name) == "k" * 196 + ".txt"
    assert safe_name("x" * 300) == "x" * 200 and safe_name("a" * 250 + ".docx").endswith("a.docx")
    assert len(safe_name("đ" * 250 + ".pdf")) == 200
    store = open_store("networkx", tmp_path / "h")
    records, report = load_bytes(store, [(name, (CHAIN / "xa_kh_3.txt").read_bytes())])
    assert report.added == ["upload:" + "k" * 196 + ".txt"] and records[0].document.code == "3/KH-UBND"


# ---------------------------------------------------------------- errors are one line (row 4)
@pytest.mark.parametrize("argv", [
    ["export", "--format", "graphml", "-o", "{tmp}/nope/x.graphml"],
    ["export", "--format", "json", "-o", "{tmp}"],
    ["export", "--format", "neo4j-admin", "-o", "{tmp}/nope/deeper/dir"],
    ["viz", "-o", "{tmp}/nope/x.html"],
    ["viz", "-o", "{tmp}"],
])
def test_cli_errors_are_one_line_and_create_no_folder(tmp_path, capsys, argv):
    home = tmp_path / "h"
    shutil.copytree(CHAIN, tmp_path / "d")
    run(capsys, "--home", str(home), "load", str(tmp_path / "d"))
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, out, err = run(capsys, "--home", str(home), *argv)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("vanban: ") and "Traceback" not in err
    assert not (tmp_path / "nope").exists()


def test_an_os_error_from_the_store_is_one_line(tmp_path, capsys):
    home = tmp_path / "not-a-folder"
    home.write_text("x", "utf-8")
    shutil.copytree(CHAIN, tmp_path / "d")
    code, _, err = run(capsys, "--home", str(home), "load", str(tmp_path / "d"))
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_an_unexpected_failure_is_one_line(tmp_path, capsys, monkeypatch):
    from vanban.graph import nxstore

    def broken(self, nid):
        raise RuntimeError("boom")
    monkeypatch.setattr(nxstore.NetworkxStore, "trace", broken)
    shutil.copytree(CHAIN, tmp_path / "d")
    run(capsys, "--home", str(tmp_path / "h"), "load", str(tmp_path / "d"))
    code, _, err = run(capsys, "--home", str(tmp_path / "h"), "trace", "--all")
    assert code == 1 and err.strip() == ("vanban: lỗi ngoài dự kiến (RuntimeError: boom); "
                                         "đặt VANBAN_DEBUG=1 để xem chi tiết")


# ---------------------------------------------------------------- terminal injection (row 11)
def test_control_characters_never_reach_the_terminal(tmp_path, capsys):
    d = tmp_path / "d"
    d.mkdir()
    red, newline = "\x1b[31mred.txt", "a\nb.txt"
    (d / red).write_bytes((CHAIN / "xa_kh_3.txt").read_bytes())
    (d / newline).write_bytes((CHAIN / "huyen_kh_8.txt").read_bytes())
    (d / "\x1b]0;title\x07.md").write_text("nothing of a plan here\n", "utf-8")
    (d / "tinh.txt").write_text((CHAIN / "tinh_kh_21.txt").read_text("utf-8").replace(
        "KẾ HOẠCH\n", "KẾ HOẠCH\n\x1b[2J\x1b[H\u202e").replace("Thủ tướng", "Thủ\x1b[5m tướng"), "utf-8")
    home = str(tmp_path / "h")
    outputs = [run(capsys, "--home", home, "load", str(d))]
    outputs += [run(capsys, "--home", home, *cmd) for cmd in (
        ["trace", "--all"], ["check"], ["implementers", "33/CT-TTg"], ["deadlines"], ["search", "phu thinh"],
        ["trace", str(d / red)], ["extract", str(d / red), str(d / "tinh.txt")], ["remove", str(d / newline)])]
    for _code, out, err in outputs:
        for stream in (out, err):
            assert "\x1b" not in stream and "\x07" not in stream and "a\nb.txt" not in stream
            assert "\u202e" not in stream
    text = "".join(o + e for _, o, e in outputs)
    assert "\\x1b[31mred.txt" in text and "a\\x0ab.txt" in text and "\\x1b]0;title\\x07.md" in text
    code, out, _ = run(capsys, "--home", home, "trace", "--all", "--json")
    assert code == 0 and any(r["document"]["source"].endswith(red) for r in json.loads(out))


def test_a_file_name_that_is_not_utf8_is_escaped_not_a_crash(tmp_path, capsys):
    d = tmp_path / "d"
    d.mkdir()
    name = os.fsdecode(b"kh-\xff\xfe.txt")       # bytes that are not UTF-8 in a file name
    (d / name).write_bytes((CHAIN / "xa_kh_3.txt").read_bytes())
    home = str(tmp_path / "h")
    assert run(capsys, "--home", home, "load", str(d))[0] == 0
    code, out, err = run(capsys, "--home", home, "trace", "--all")
    assert code == 0 and "kh-\\udcff\\udcfe.txt" in out, err
    code, out, _ = run(capsys, "--home", home, "trace", "--all", "--json")
    assert code == 0 and json.loads(out)[0]["document"]["source"].endswith(name)
