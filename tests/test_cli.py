"""The `vanban` command end to end: load, trace, check, implementers, search,
deadlines, export, on three small synthetic plans (province -> district -> commune)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from vanban.cli import main

CHAIN = Path(__file__).parent / "fixtures" / "chain"


@pytest.fixture(autouse=True)
def _vietnamese(monkeypatch):
    """The CLI's default language, whatever the machine running the tests has set."""
    monkeypatch.delenv("VANBAN_LANG", raising=False)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def loaded(tmp_path, vanban_home, capsys):
    plans = tmp_path / "plans"
    shutil.copytree(CHAIN, plans)
    code, out, err = run(capsys, "load", str(plans), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert len(report["added"]) == 3 and report["failed"] == []
    return plans


def test_trace_json_follows_the_chain(loaded, capsys):
    code, out, _ = run(capsys, "trace", str(loaded / "xa_kh_3.txt"), "--json")
    assert code == 0
    (res,) = json.loads(out)
    assert set(res) >= {"document", "chain", "central", "gaps"}
    assert [c["code"] for c in res["chain"]] == ["3/KH-UBND", "8/KH-UBND", "21/KH-UBND", "33/CT-TTg"]
    assert [c["level"] for c in res["chain"]] == ["commune", "district", "province", "central"]
    assert set(res["chain"][0]) == {"id", "code", "type", "date", "issuer", "level", "source", "unit", "succeeded_by"}
    assert res["chain"][0]["unit"] is None and res["chain"][0]["succeeded_by"] == []   # a made-up commune: no unit
    assert res["chain"][1]["issuer"] == "UBND huyện Đông Khê"
    assert res["chain"][2]["source"].endswith("tinh_kh_21.txt") and res["chain"][3]["source"] is None
    assert res["gaps"] == [] and res["central"][0]["code"] == "33/CT-TTg"


def test_trace_by_basename_code_and_all(loaded, capsys):
    _, by_name, _ = run(capsys, "trace", "huyen_kh_8.txt", "--json")
    _, by_code, _ = run(capsys, "trace", "8/KH-UBND", "--json")
    assert json.loads(by_name) == json.loads(by_code)
    _, every, _ = run(capsys, "trace", "--all", "--json")
    assert len(json.loads(every)) == 3


def test_trace_unknown_ref_is_an_error(loaded, capsys):
    code, out, err = run(capsys, "trace", "999/KH-XYZ", "--json")
    assert code == 1 and "Không tìm thấy văn bản '999/KH-XYZ'" in err
    assert json.loads(out) == [{"ref": "999/KH-XYZ", "error": "not_found", "candidates": []}]


def test_check_flags_the_commune_plan_without_23(loaded, capsys):
    code, out, _ = run(capsys, "check", "--json")
    assert code == 0
    found = [(Path(v["document"]["source"]).name, v["rule"], v["missing"]) for v in json.loads(out)["violations"]]
    assert found == [("xa_kh_3.txt", "dvcq-quy-che-23", ["23-QĐ/TW"])]


def test_check_with_a_bad_rule_file(loaded, tmp_path, capsys):
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - id: x\n    severity: violation\n    mesage: typo\n", "utf-8")
    code, _, err = run(capsys, "check", "--rules", str(bad), "--json")
    assert code == 1 and "khóa không hợp lệ" in err and "rules.yaml" in err
    code, _, err = run(capsys, "--lang", "en", "check", "--rules", str(bad), "--json")
    assert code == 1 and "unknown key" in err and "rules.yaml" in err


def test_implementers_and_search_and_deadlines(loaded, capsys):
    _, out, _ = run(capsys, "implementers", "33/CT-TTg", "--json")
    res = json.loads(out)
    assert res["total"] == 3 and [g["level"] for g in res["groups"]] == ["province", "district", "commune"]
    _, out, _ = run(capsys, "search", "chi thi 33", "--json")
    assert json.loads(out)[0]["code"] == "33/CT-TTg"
    _, out, _ = run(capsys, "deadlines", "--json")
    res = json.loads(out)
    assert {tuple(x["deadlines"]) for x in res["lines"]} >= {("2024-11-20",), ("2024-11-25",), ("2024-11-15",)}
    # The district reports on 25/11 though the province needs the figures by 20/11,
    # and the commune reports on 15/11 though the district needs them by 10/11.
    pairs = {(Path(c["plan"]["source"]).name, Path(c["parent"]["source"]).name) for c in res["cascades"]}
    assert pairs == {("huyen_kh_8.txt", "tinh_kh_21.txt"), ("xa_kh_3.txt", "huyen_kh_8.txt")}


def test_export_graphml_to_file(loaded, tmp_path, capsys):
    out_file = tmp_path / "g.graphml"
    code, _, _ = run(capsys, "export", "--format", "graphml", "-o", str(out_file))
    assert code == 0 and "<graphml" in out_file.read_text("utf-8")


def test_loading_twice_changes_nothing_and_a_change_replaces(loaded, capsys):
    _, before, _ = run(capsys, "trace", "--all", "--json")
    code, out, _ = run(capsys, "load", str(loaded), "--json")
    rep = json.loads(out)
    assert code == 0 and rep["added"] == [] and rep["updated"] == [] and len(rep["unchanged"]) == 3
    _, after, _ = run(capsys, "trace", "--all", "--json")
    assert json.loads(after) == json.loads(before)
    # The commune plan now implements another (unloaded) district plan.
    f = loaded / "xa_kh_3.txt"
    f.write_text(f.read_text("utf-8").replace("Kế hoạch số 8/KH-UBND ngày 15/3/2024",
                                              "Kế hoạch số 9/KH-UBND ngày 16/3/2024"), "utf-8")
    _, out, _ = run(capsys, "load", str(loaded), "--json")
    assert len(json.loads(out)["updated"]) == 1
    _, out, _ = run(capsys, "trace", str(f), "--json")
    (res,) = json.loads(out)
    assert [c["code"] for c in res["chain"]] == ["3/KH-UBND", "9/KH-UBND"]
    assert "referenced but not loaded" in res["gaps"][0]
    _, out, _ = run(capsys, "implementers", "8/KH-UBND", "--json")
    assert json.loads(out)["total"] == 0  # nothing left of the old contribution


def test_a_bad_file_is_reported_and_skipped_without_losing_the_store(loaded, tmp_path, capsys):
    _, before, _ = run(capsys, "trace", "--all", "--json")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "latin1.txt").write_bytes("Kế hoạch số 5/KH-UBND".encode().replace(b"\xe1\xba\xbf", b"\xe9"))
    (bad / "empty.txt").write_bytes(b"")
    shutil.copy(CHAIN / "xa_kh_3.txt", bad / "copy.txt")
    code, out, err = run(capsys, "load", str(bad), "--json")
    rep = json.loads(out)
    assert code == 1
    assert sorted(Path(f["file"]).name for f in rep["failed"]) == ["empty.txt", "latin1.txt"]
    assert "latin1.txt" in err and "empty.txt" in err
    assert len(rep["added"]) == 1
    _, after, _ = run(capsys, "trace", "--all", "--json")

    def ids(res):
        return sorted(r["document"]["id"] for r in json.loads(res))
    assert ids(after) == ids(before)  # the copy is the same document: one node, nothing duplicated
    _, out, _ = run(capsys, "trace", str(bad / "copy.txt"), "--json")
    assert json.loads(out)[0]["document"]["code"] == "3/KH-UBND"


def test_no_command_prints_help(capsys):
    code, out, _ = run(capsys)
    assert code == 2 and "trace" in out


def test_force_extracts_unchanged_files_again(loaded, capsys):
    code, out, _ = run(capsys, "load", str(loaded), "--force", "--json")
    rep = json.loads(out)
    assert code == 0 and len(rep["updated"]) == 3 and rep["unchanged"] == []


def test_demo_generates_loads_and_is_repeatable(vanban_home, capsys):
    assert main(["demo", "--plans", "30", "--no-serve"]) == 0
    first = capsys.readouterr().err
    import re
    assert int(re.search(r"thêm (\d+),", first).group(1)) >= 25 and "lỗi 0" in first
    assert main(["demo", "--plans", "30", "--no-serve"]) == 0
    again = capsys.readouterr().err
    assert "thêm 0," in again and "lỗi 0" in again
    code, out, _ = run(capsys, "trace", "--all", "--json")
    chains = json.loads(out)
    assert chains and any(c["chain"][-1]["code"] == "33/CT-TTg" for c in chains)


def test_an_ambiguous_code_lists_its_candidates(loaded, capsys):
    # another district numbers its plan 8/KH-UBND on the same day
    other = (CHAIN / "huyen_kh_8.txt").read_text("utf-8").replace("ĐÔNG KHÊ", "TÂY KHÊ").replace(
        "Đông Khê", "Tây Khê")
    (loaded / "huyen_tay_khe.txt").write_text(other, "utf-8")
    assert run(capsys, "load", str(loaded))[0] == 0
    code, out, err = run(capsys, "trace", "8/KH-UBND", "--json")
    (res,) = json.loads(out)
    assert code == 1 and res["error"] == "ambiguous" and "các văn bản ứng với tên này:" in err
    loaded_ones = sorted(c["issuer"] for c in res["candidates"] if c["source"])
    assert loaded_ones == ["UBND huyện Tây Khê", "UBND huyện Đông Khê"]
    # the commune's "8/KH-UBND … của UBND huyện" can be either: kept as its own, unresolved node
    assert [c["issuer"] for c in res["candidates"] if not c["source"]] == ["UBND huyện"]
    code, _, err = run(capsys, "implementers", "8/KH-UBND")
    assert code == 1 and "ứng với 3 văn bản" in err
    code, out, _ = run(capsys, "trace", "huyen_tay_khe.txt", "--json")
    assert code == 0 and json.loads(out)[0]["chain"][0]["issuer"] == "UBND huyện Tây Khê"


def test_demo_refuses_a_size_below_one(vanban_home, capsys):
    with pytest.raises(SystemExit) as ei:
        main(["demo", "--plans", "0", "--no-serve"])
    assert ei.value.code == 2 and "phải ít nhất là 1" in capsys.readouterr().err
