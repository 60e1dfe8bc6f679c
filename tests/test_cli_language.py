"""One language per run (issue 15 item 5): every line the CLI prints for people is in
Vietnamese by default and in English with --lang en / VANBAN_LANG=en; --json is the same
in both. Each command is run and its output searched for words of the other language.

Words that are data (titles, issuers, file paths, option names, choice values) are not
sentences of the CLI: paths under the test folder, `--options`, `{choices}` and `$VARS`
are blanked before the search. A rule pack's messages are data too (the shipped pack is in
Vietnamese), so the English run of `check` uses a pack written in English.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from vanban.cli import COMMANDS, main
from vanban.i18n import MESSAGES, deadline_text, set_language

CHAIN = Path(__file__).parent / "fixtures" / "chain"
# Not "eval": its texts belong to the extraction engineer (reported).
HELP_COMMANDS = [c for c in COMMANDS if c != "eval"]

ENGLISH = re.compile(r"\b(the|not|loaded|plans?|error|files?|folders?|found|skipped|added|failed|store|wrote|"
                     r"usage|options|show|help|message|exit|arguments|missing|every|given|no|and|with|from|"
                     r"required|invalid|nothing|yet|unknown)\b")
VIETNAMESE = re.compile(r"\b(tệp|kho|nạp|bỏ qua|lỗi|chưa có|hằng năm|thiếu|tùy chọn|cách dùng|trích yếu|"
                        r"viện dẫn|đã ghi|mặc định|thư mục|không tìm thấy|phát hiện|quy tắc|bậc|ẩn)\b",
                        re.IGNORECASE)


@pytest.fixture(autouse=True)
def _no_language_set(monkeypatch):
    monkeypatch.delenv("VANBAN_LANG", raising=False)
    yield
    set_language("en")      # argparse's own sentences back to English for the rest of the session
    set_language(None)


def _human(text: str, tmp_path: Path) -> str:
    """What is left of the output once data that is not a CLI sentence is blanked."""
    text = text.replace(str(tmp_path), "<tmp>")
    text = re.sub(r"\{[^}]*\}", " ", text)                # choices: {networkx,neo4j}
    text = re.sub(r"(?<![\w])--?[\w-]+", " ", text)       # option names: --no-progress
    text = re.sub(r"\$\w+", " ", text)                    # $VANBAN_HOME
    return re.sub(r"<tmp>\S*", " ", text)


def _run(capsys, *argv) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:         # --help and usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out + err


def _session(tmp_path: Path, capsys, lang: list[str], rules_en: bool = False) -> list[tuple[list[str], int, str]]:
    """Run every command once (help, success, empty store, errors); return (argv, code, output)."""
    plans = tmp_path / "plans"
    if not plans.exists():
        shutil.copytree(CHAIN, plans)
        (plans / "notes.txt").write_text("ghi chép linh tinh sau buổi họp\n", "utf-8")
        (plans / "truth.json").write_text("{}", "utf-8")
        (plans / ".an.txt").write_text("x", "utf-8")
    home = tmp_path / f"home-{lang[1] if lang else 'vi'}"
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: needs-23\n    severity: violation\n"
                     "    message: " + ("\"The plan does not cite 23-QĐ/TW.\"" if rules_en else
                                        "\"Kế hoạch không viện dẫn 23-QĐ/TW.\"") +
                     "\n    require: {cites_any: ['23-QĐ/TW']}\n", "utf-8")
    g = [*lang, "--home", str(home)]
    runs: list[list[str]] = [[*lang], [*lang, "--help"]]
    runs += [[*lang, c, "--help"] for c in HELP_COMMANDS]
    runs += [
        [*g, "trace", "--all"], [*g, "check"], [*g, "deadlines"], [*g, "search", "chi thi"],  # empty store
        [*g, "extract", str(plans / "huyen_kh_8.txt")],
        [*g, "extract", str(plans / "truth.json")],
        [*g, "load", str(plans)],
        [*g, "load", str(tmp_path / "no-such-folder")],
        [*g, "trace", "--all"], [*g, "trace", "999/KH-XYZ"], [*g, "trace"],
        [*g, "check", "--rules", str(rules)],
        [*g, "implementers", "33/CT-TTg"], [*g, "implementers", "8/KH-UBND"],
        [*g, "search", "chi thi 33"], [*g, "search", "zzzqqq"],
        [*g, "deadlines"],
        [*g, "export", "--format", "json", "-o", str(tmp_path / "g.json")],
        [*g, "export", "--format", "graphml", "-o", str(tmp_path / "nope" / "g.graphml")],
        [*g, "export", "--format", "json", "-o", str(tmp_path)],
        [*g, "export", "--format", "neo4j-admin"],
        [*g, "viz", "-o", str(tmp_path / "v.html")],
        [*g, "viz", "-o", str(tmp_path / "nope" / "v.html")],
        [*g, "viz", "-o", str(tmp_path / "v.html"), "--focus", "999/KH-XYZ"],
        [*g, "remove", "xa_kh_3.txt"], [*g, "remove", "33/CT-TTg"], [*g, "remove", "999/KH-XYZ"],
        [*g, "generate", str(tmp_path / "gen"), "--provinces", "1", "--districts", "1", "--communes", "1"],
        [*g, "generate", str(tmp_path / "gen2"), "--plans", "0"],
        [*g, "demo", "--plans", "4", "--no-serve", "--corpus", str(tmp_path / "demo")],
    ]
    return [(argv, *_run(capsys, *argv)) for argv in runs]


def test_vietnamese_by_default_has_no_english_sentence(tmp_path, capsys):
    seen = set()
    for argv, _code, out in _session(tmp_path, capsys, []):
        seen.add(argv[2] if argv[:1] == ["--home"] else (argv[0] if argv else ""))
        found = ENGLISH.findall(_human(out, tmp_path))
        assert not found, (argv, found, out)
        assert out.strip(), argv          # every command says something, an empty result included
    assert seen >= {"", "--help", "trace", "check", "load", "remove", "export", "viz", "generate", "demo"}


def test_lang_en_has_no_vietnamese_word(tmp_path, capsys):
    for argv, _code, out in _session(tmp_path, capsys, ["--lang", "en"], rules_en=True):
        found = VIETNAMESE.findall(_human(out, tmp_path))
        assert not found, (argv, found, out)


def test_vanban_lang_env_chooses_english(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("VANBAN_LANG", "en")
    code, out = _run(capsys, "--home", str(tmp_path / "h"), "trace", "--all")
    assert code == 0 and out.strip() == "The store has no plans yet"
    code, out = _run(capsys, "--lang", "vi", "--home", str(tmp_path / "h"), "trace", "--all")
    assert code == 0 and out.strip() == "Kho chưa có kế hoạch nào"


def test_empty_store_says_so_with_exit_code_0(tmp_path, capsys):
    for cmd in (["trace", "--all"], ["check"], ["deadlines"], ["search", "x"]):
        code, out = _run(capsys, "--home", str(tmp_path / "h"), *cmd)
        assert (code, out.strip()) == (0, "Kho chưa có kế hoạch nào"), cmd


def test_json_is_the_same_in_both_languages(tmp_path, capsys):
    shutil.copytree(CHAIN, tmp_path / "plans")
    home = str(tmp_path / "h")
    assert _run(capsys, "--home", home, "load", str(tmp_path / "plans"), "--json")[0] == 0
    for cmd in (["trace", "--all", "--json"], ["deadlines", "--json"], ["check", "--json"]):
        vi = json.loads(_run(capsys, "--home", home, *cmd)[1])
        en = json.loads(_run(capsys, "--lang", "en", "--home", home, *cmd)[1])
        assert vi == en, cmd


def test_yearly_deadlines_read_as_dates(capsys):
    set_language("vi")
    assert deadline_text("--11-25") == "25/11 hằng năm" and deadline_text("2024-11-20") == "20/11/2024"
    set_language("en")
    assert deadline_text("--11-25") == "25 Nov every year" and deadline_text("2024-11-20") == "20 Nov 2024"


def test_every_message_has_both_languages_and_the_same_fields():
    field = re.compile(r"\{(\w+)")
    for mid, texts in MESSAGES.items():
        assert set(texts) == {"vi", "en"} and all(texts.values()), mid
        assert set(field.findall(texts["vi"])) <= set(field.findall(texts["en"])) | {"month"}, mid


def test_a_yearly_deadline_prints_as_a_day_and_month(tmp_path, capsys):
    plan = tmp_path / "xa.txt"
    plan.write_text((CHAIN / "xa_kh_3.txt").read_text("utf-8").replace(
        "trước ngày 15/11/2024", "trước ngày 15 tháng 11 hằng năm"), "utf-8")
    home = str(tmp_path / "h")
    assert _run(capsys, "--home", home, "load", str(plan))[0] == 0
    code, out = _run(capsys, "--home", home, "deadlines")
    assert code == 0 and out.startswith("15/11 hằng năm ") and "--11-15" not in out
    code, out = _run(capsys, "--lang", "en", "extract", str(plan))
    assert "by 15 Nov every year" in out and "--11-15" not in out
    code, out = _run(capsys, "--home", home, "deadlines", "--json")
    assert json.loads(out)["lines"][0]["deadlines"] == ["--11-15"]      # JSON keeps the ISO form


@pytest.mark.parametrize("name", ["vanban.i18n", "vanban.term"])
def test_docstring_examples(name):
    import doctest
    import importlib
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted and not result.failed
