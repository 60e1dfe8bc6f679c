"""The synthetic corpus generator (vanban.synth) and `vanban generate`."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from vanban.cli import main
from vanban.synth import (
    NOISE_KINDS,
    REQUIRED_CODES,
    Truth,
    generate_corpus,
    normalise_for_codes,
    sizes_for,
)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _text(root: Path, rel: str) -> str:
    """NFC text of a plan, BOM dropped, non-breaking spaces as spaces."""
    raw = (root / rel).read_bytes().decode("utf-8")
    return unicodedata.normalize("NFC", raw.lstrip("\ufeff")).replace("\u00a0", " ")


_NEW_TONE = {"uỷ": "ủy", "Uỷ": "Ủy", "UỶ": "ỦY", "oà": "òa", "Oà": "Òa", "OÀ": "ÒA", "uý": "úy", "oẻ": "ỏe"}


def _new_style(s: str) -> str:
    """Undo old-style tone placement (the uy_variant noise) for the names the generator uses."""
    return re.sub("|".join(_NEW_TONE) + r"(?!\w)", lambda m: _NEW_TONE[m.group(0)], s)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, Truth]:
    out = tmp_path_factory.mktemp("synth_small")
    return out, generate_corpus(out, seed=7, plans=80)


# ---------------------------------------------------------------- determinism

def test_same_seed_same_bytes_and_truth(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    ta = generate_corpus(a, seed=11, plans=60)
    tb = generate_corpus(b, seed=11, plans=60)
    fa, fb = _files(a), _files(b)
    assert fa.keys() == fb.keys()
    assert fa == fb
    assert ta.stats == tb.stats
    assert (a / "truth.json").read_bytes() == (b / "truth.json").read_bytes()


def test_three_level_output_is_pinned(tmp_path):
    """The default (three-level) world writes the same bytes as before the two-level and mixed worlds
    were added (digest taken from the generator as it was); tests and benchmarks rely on it."""
    import hashlib
    generate_corpus(tmp_path / "c", seed=0, provinces=2, districts_per_province=3, communes_per_district=4,
                    years=(2022, 2025))
    digest = hashlib.sha256()
    for rel, data in _files(tmp_path / "c").items():
        digest.update(rel.encode() + b"\0" + data + b"\0")
    assert digest.hexdigest() == "de9ec9c4600ec16bfe0bab10824619423175699a52a9e1235c0e1f6c08d7d0a3"


def test_regenerating_into_the_same_folder_leaves_no_stale_files(tmp_path):
    generate_corpus(tmp_path / "c", seed=1, plans=40)
    (tmp_path / "c" / "notes.txt").write_text("mine", encoding="utf-8")
    t = generate_corpus(tmp_path / "c", seed=2, plans=20)
    on_disk = {p.relative_to(tmp_path / "c").as_posix() for p in (tmp_path / "c").rglob("*") if p.is_file()}
    assert on_disk == {p["file"] for p in t.plans} | {"truth.json", "notes.txt"}
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="empty"):
        generate_corpus(other, plans=10)
    assert main(["generate", str(other), "--plans", "10"]) == 1
    assert (other / "x.txt").read_text(encoding="utf-8") == "x"
    assert sorted(p.name for p in other.iterdir()) == ["x.txt"]


def test_different_seed_differs(tmp_path):
    generate_corpus(tmp_path / "a", seed=1, plans=60)
    generate_corpus(tmp_path / "b", seed=2, plans=60)
    ta = json.loads((tmp_path / "a" / "truth.json").read_text("utf-8"))
    tb = json.loads((tmp_path / "b" / "truth.json").read_text("utf-8"))
    assert ta["plans"] != tb["plans"]
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


# ---------------------------------------------------------------- sizes

@pytest.mark.parametrize("n", [30, 250])
def test_plans_about_n(tmp_path, n):
    t = generate_corpus(tmp_path, seed=0, plans=n)
    assert abs(t.stats["plans"] - n) <= max(6, 0.08 * n), t.stats
    assert len(list(tmp_path.rglob("*.txt"))) + len(list(tmp_path.rglob("*.md"))) == t.stats["plans"]


@pytest.mark.parametrize("n", [1000, 10_000, 100_000])
def test_sizes_for_scales(n):
    p, d, c = sizes_for(n, 2)
    total = 2 * p * (1 + d + d * c)
    assert abs(total - n) / n < 0.05
    assert d <= 10 and c <= 12


def test_explicit_sizes_without_noise(tmp_path):
    t = generate_corpus(tmp_path, seed=3, provinces=2, districts_per_province=3, communes_per_district=4,
                        years=(2024,), noise=False)
    assert t.stats["by_level"] == {"province": 2, "district": 6, "commune": 24}
    assert t.params["years"] == [2024]
    for p in t.plans:
        assert p["noise"] == [] and p["omitted"] == [] and not p["orphan"]
        raw = (tmp_path / p["file"]).read_bytes().decode("utf-8")
        assert not raw.startswith("\ufeff") and unicodedata.is_normalized("NFC", raw) and "\u00a0" not in raw
        assert p["date"].startswith("2024-")
    assert t.missing == []


# ---------------------------------------------------------------- noise

def test_every_noise_kind_occurs_at_small_size(small):
    _, t = small
    seen = Counter(k for p in t.plans for k in p["noise"])
    assert set(NOISE_KINDS) <= set(seen), set(NOISE_KINDS) - set(seen)
    assert any(p["file"].endswith(".md") for p in t.plans)


def test_noise_is_visible_in_files(small):
    root, t = small
    parents = {(p["code"], p["date"], p["issuer"]): p for p in t.plans}
    parents.update({(m["code"], m["date"], m["issuer"]): m for m in t.missing})
    for p in t.plans:
        raw = (root / p["file"]).read_bytes()
        s = raw.decode("utf-8")
        txt = _text(root, p["file"])
        kinds = set(p["noise"])
        assert raw.startswith(b"\xef\xbb\xbf") == ("bom" in kinds), p["file"]
        assert (not unicodedata.is_normalized("NFC", s.lstrip("\ufeff"))) == ("nfd" in kinds), p["file"]
        assert ("\u00a0" in s) == ("nbsp" in kinds), p["file"]
        if "uy_variant" in kinds:
            assert "uỷ" in txt.lower() and "ủy" not in txt.lower() and not re.search(r"hòa\b", txt.lower())
        else:
            assert "uỷ" not in txt.lower() and not re.search(r"hoà\b", txt.lower())
        txt = _new_style(txt)
        assert ("**KẾ HOẠCH**" in txt) == ("markdown" in kinds)
        assert bool(re.search(r"Số:\s+/KH-UBND", txt)) == ("blank_number" in kinds)
        assert bool(re.search(r"ngày\s+tháng", txt)) == ("blank_day" in kinds)
        if "no_header" in kinds:
            assert txt.lstrip("*# ").startswith("KẾ HOẠCH") and "Số:" not in txt
            assert not {"blank_number", "blank_day"} & kinds
        elif "blank_number" not in kinds:
            assert f"Số: {p['code']}" in txt
        if "split_code" in kinds or "code_space" in kinds:
            flat = normalise_for_codes(txt)
            assert any(txt.count(c) < flat.count(c) for c in p["cited_central"] + [p["implements"]["code"]])
        if "relative_issuer" in kinds:
            par = parents[(p["implements"]["code"], p["implements"]["date"], p["implements"]["issuer"])]
            flat_txt = " ".join(txt.split())
            i = flat_txt.index("Thực hiện Kế hoạch số")
            line = flat_txt[i:flat_txt.index(p["issuer"].split(" ", 1)[1], i)]   # up to "UBND xã Z ban hành"
            name = par["issuer"].split(" ", 1)[1]          # "tỉnh Hòa Sơn"
            assert name not in line and ("UBND " + name.split(" ")[0] in line
                                         or "Ủy ban nhân dân " + name.split(" ")[0] in line
                                         or "Uỷ ban nhân dân " + name.split(" ")[0] in line), line
        if "other_subject" in kinds:
            assert p["series"] == "other" and "dân vận" not in txt and "dân vận" not in p["title"]
        else:
            assert p["series"] == "dan_van" and "dân vận" in p["title"]
        assert ("omission" in kinds) == bool(p["omitted"])
        assert ("title_citation" in kinds) == bool(p["cited_by_title"])
        assert ("orphan" in kinds) == p["orphan"]


def test_colliding_codes_identity_is_code_issuer_date(tmp_path):
    t = generate_corpus(tmp_path, seed=5, plans=150)
    by_code = Counter(p["code"] for p in t.plans)
    assert by_code.most_common(1)[0][1] >= 5          # "12/KH-UBND" for many issuers and years
    ids = [(p["code"], p["issuer"], p["date"]) for p in t.plans] + \
          [(m["code"], m["issuer"], m["date"]) for m in t.missing]
    assert len(ids) == len(set(ids))
    assert len({p["file"] for p in t.plans}) == len(t.plans)


# ---------------------------------------------------------------- truth consistency

def test_truth_consistent_with_files(small):
    root, t = small
    by_file = t.by_file()
    missing = {(m["code"], m["date"], m["issuer"]) for m in t.missing}
    assert t.missing and all(not (root / m["file_not_written"]).exists() for m in t.missing)
    for p in t.plans:
        assert (root / p["file"]).is_file()
        own = {"code": p["code"], "date": p["date"], "issuer": p["issuer"]}
        assert p["chain"][0] == own
        assert p["chain"][1] == p["implements"]
        if p["orphan"]:
            assert p["parent_file"] is None
            assert (p["implements"]["code"], p["implements"]["date"], p["implements"]["issuer"]) in missing
            assert p["chain"][-1] == p["implements"]                  # the chain ends at the gap
        elif p["level"] == "province" or p["series"] == "other":
            assert p["parent_file"] is None and len(p["chain"]) == 2
        else:
            par = by_file[p["parent_file"]]
            assert {"code": par["code"], "date": par["date"], "issuer": par["issuer"]} == p["implements"]
            assert p["chain"][1:] == par["chain"]
            assert par["level"] == {"district": "province", "commune": "district"}[p["level"]]
        if p["series"] == "dan_van" and not p["orphan"]:
            assert p["chain"][-1] == {"code": "33/CT-TTg", "date": "2021-11-26", "issuer": "Thủ tướng Chính phủ"}
            assert len(p["chain"]) == {"province": 2, "district": 3, "commune": 4}[p["level"]]
        assert p["issuer"].startswith("UBND ")


def test_cited_and_omitted_codes_against_text(small):
    root, t = small
    omitted_any = Counter()
    for p in t.plans:
        flat = normalise_for_codes((root / p["file"]).read_bytes().decode("utf-8"))
        for code in p["omitted"]:
            assert code.replace(" ", "") not in flat, (p["file"], code)
            omitted_any[code] += 1
        for code in p["cited_central"]:
            assert code in flat, (p["file"], code)
        assert p["implements"]["code"] in flat
        for o in p["cited_other"] + p["also_implements"]:
            assert o["code"] in flat
        for dv in p["derived"]:
            assert dv["from"] in p["cited_other"] and dv["to"]["code"] in p["cited_central"]
        for code in p["cited_by_title"]:
            assert code not in flat and code not in p["omitted"] and code not in p["cited_central"]
            assert "Quychếcôngtácdânvậncủahệthốngchínhtrị" in flat
        if p["series"] == "dan_van":
            assert set(REQUIRED_CODES) - set(p["omitted"]) <= set(p["cited_central"]) | set(p["cited_by_title"])
    assert omitted_any  # at least one omission in the small corpus


def test_no_citation_postdates_the_plan(small):
    _, t = small
    central = {c["code"]: c for c in t.central}
    for p in t.plans:
        for code in p["cited_central"]:
            assert central[code]["date"] < p["date"], (p["file"], code)
        for o in p["cited_other"] + p["also_implements"] + [p["implements"]]:
            assert o["date"] < p["date"], (p["file"], o)


def test_title_in_text(small):
    root, t = small
    for p in t.plans:
        txt = _new_style(_text(root, p["file"])).replace("**", "").replace("#", "")
        after = txt.split("KẾ HOẠCH", 1)[1]
        title_block = " ".join(ln.strip() for ln in after.strip().split("\n\n")[0].splitlines())
        assert title_block.startswith(p["title"]) or title_block.replace("\n", " ").startswith(p["title"]), \
            (p["file"], title_block[:200])


def test_truth_load_roundtrip(small):
    root, t = small
    t2 = Truth.load(root)
    assert t2.plans == t.plans and t2.stats == t.stats and t2.seed == 7
    assert t2.params["plans"] == 80


# ---------------------------------------------------------------- CLI

def test_cli_generate(tmp_path, capsys):
    out = tmp_path / "corpus"
    assert main(["--lang", "en", "generate", str(out), "--plans", "40", "--seed", "4"]) == 0
    msg = capsys.readouterr().out
    assert "plans" in msg and "truth.json" in msg
    t = Truth.load(out)
    assert t.seed == 4 and t.params["plans"] == 40
    out2 = tmp_path / "corpus2"
    assert main(["generate", str(out2), "--provinces", "1", "--districts", "2", "--communes", "3",
                 "--years", "2023", "--no-noise", "-q"]) == 0
    assert capsys.readouterr().out == ""
    t2 = Truth.load(out2)
    assert t2.stats["plans"] == 1 + 2 + 6 and t2.params["years"] == [2023]


def test_cli_plans_excludes_sizes(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["generate", str(tmp_path / "x"), "--plans", "40", "--provinces", "2"])
    assert e.value.code == 2 and "--plans" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("years", ["20x4", "2019", "2023,2026"])
def test_cli_rejects_bad_years(tmp_path, capsys, years):
    with pytest.raises(SystemExit) as e:
        main(["generate", str(tmp_path / "x"), "--years", years])
    assert e.value.code == 2
    assert "--years" in capsys.readouterr().err
    with pytest.raises(ValueError):
        generate_corpus(tmp_path / "y", years=(2021,))


# ---------------------------------------------------------------- extraction agrees with truth

@pytest.fixture(scope="module")
def corpus90(tmp_path_factory) -> tuple[Path, Truth]:
    out = tmp_path_factory.mktemp("synth_90") / "corpus"
    return out, generate_corpus(out, seed=21, plans=90)


@pytest.fixture(scope="module")
def extracted(corpus90):
    loaders = pytest.importorskip("vanban.loaders", reason="the extraction pipeline (loaders/) is absent")
    out, t = corpus90
    return t, {p["file"]: loaders.extract_file(out / p["file"]) for p in t.plans}


def test_extraction_own_metadata_matches_truth(extracted):
    t, recs = extracted
    for p in t.plans:
        m, nz = recs[p["file"]].document, set(p["noise"])
        if "hard_wrap" not in nz:       # see test_extraction_own_code_in_hard_wrapped_plans
            assert m.code == (None if nz & {"blank_number", "no_header"} else p["code"]), (p["file"], m.code)
        if "blank_day" in nz:
            assert m.date == p["date"][:7], (p["file"], m.date)      # "ngày    tháng 3 năm 2024"
        elif "no_header" not in nz:
            assert m.date == p["date"], (p["file"], m.date)
        assert m.issuer == p["issuer"], (p["file"], m.issuer)
        assert m.level == p["level"], (p["file"], m.level)
        assert m.title == p["title"], (p["file"], m.title)


def test_extraction_own_code_in_hard_wrapped_plans(extracted):
    t, recs = extracted
    wrapped = [p for p in t.plans if "hard_wrap" in p["noise"]]
    assert wrapped
    missed = [p["file"] for p in wrapped
              if recs[p["file"]].document.code != (None if {"blank_number", "no_header"} & set(p["noise"])
                                                   else p["code"])]
    assert not missed, missed


def test_extraction_implements_matches_truth(extracted):
    t, recs = extracted
    resolved_relative = 0
    for p in t.plans:
        r, imp = recs[p["file"]], p["implements"]
        cits = {c.code: c for c in r.citations}
        c = cits.get(imp["code"])
        assert c is not None and c.relation == "implements", (p["file"], imp)
        assert c.date == imp["date"], (p["file"], c.date)
        if "relative_issuer" in p["noise"]:
            # "của UBND tỉnh": the name is only recoverable when the text names the place elsewhere
            assert c.issuer_resolved in (imp["issuer"], None), (p["file"], c.issuer_resolved)
            assert c.issuer.split()[:2] == imp["issuer"].split()[:2] and len(c.issuer.split()) <= 3
            resolved_relative += c.issuer_resolved == imp["issuer"]
        else:
            assert c.issuer_resolved == imp["issuer"], (p["file"], c.issuer, c.issuer_resolved)
        implements = {x.code for x in r.citations if x.relation == "implements"}
        assert implements <= {imp["code"]} | {a["code"] for a in p["also_implements"]}, (p["file"], implements)
        for code in p["omitted"]:
            assert code not in cits, (p["file"], code)
        for code in p["cited_central"]:
            assert code in cits, (p["file"], code)
        for code in p["cited_by_title"]:
            found = code in cits and cits[code].resolved_by == "title"
            if not found:
                # Known limitation, reported: a title listed right after another citation and a comma
                # ("... của Ban Bí thư, Quy chế công tác dân vận ...") is read as that citation's subject.
                flat = " ".join(unicodedata.normalize("NFC", r.text).split())
                i = flat.find("Quy chế công tác dân vận của hệ thống chính trị", flat.find("II"))
                while i >= 0 and flat[i - 9:i] == "ban hành ":
                    i = flat.find("Quy chế công tác dân vận của hệ thống chính trị", i + 1)
                assert flat[i - 2:i] == ", ", (p["file"], code, flat[i - 80:i + 60])


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, corpus90):
    """A generated corpus loaded into a fresh store; the `check` and `trace --all` JSON reports."""
    pytest.importorskip("vanban.loaders", reason="the extraction pipeline (loaders/) is absent")
    pytest.importorskip("vanban.graph.rules", reason="the graph (graph/) is absent")
    import contextlib
    import io

    base = tmp_path_factory.mktemp("synth_loaded")
    out, t = corpus90
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VANBAN_HOME", str(base / "home"))
        mp.delenv("VANBAN_BACKEND", raising=False)
        reports = []
        for argv in (["load", str(out), "--no-progress", "--json"], ["check", "--json"], ["trace", "--all", "--json"]):
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                main(argv)
            reports.append(json.loads(buf.getvalue()))
    assert not reports[0]["failed"]
    return out, t, reports[1], reports[2]


def _rel(out: Path, source: str) -> str:
    return Path(source).resolve().relative_to(out.resolve()).as_posix()


def test_rule_pack_flags_exactly_the_truth_omissions(loaded):
    """End to end: the default dân vận rule pack flags exactly the omissions truth records."""
    out, t, check, _ = loaded
    flagged: dict[str, set[str]] = {}
    for v in check["violations"]:
        if v["rule"] in ("dvcq-can-cu-chi-thi-33", "dvcq-quy-che-23"):
            flagged.setdefault(_rel(out, v["document"]["source"]), set()).update(v["missing"])
    want = {p["file"]: set(p["omitted"]) for p in t.plans if p["omitted"]}
    assert want and flagged == want
    assert not {p["file"] for p in t.plans if p["series"] == "other"} & set(flagged)


def test_traced_chains_match_truth(loaded):
    """`vanban trace --all` rebuilds each plan's chain to 33/CT-TTg despite colliding codes.

    Strict for plans whose chain carries none of relative_issuer / blank_day / orphan; the
    rest are known graph limitations (reported) and only make the test xfail."""
    out, t, _, trace = loaded
    by_file = t.by_file()
    traced = {_rel(out, x["document"]["source"]): x for x in trace if x["document"].get("source")}
    hard_misses = []
    for p in t.plans:
        kinds, q = set(p["noise"]), p
        while q["parent_file"]:
            q = by_file[q["parent_file"]]
            kinds |= set(q["noise"])
        x = traced.get(p["file"])
        got = [(n["code"], n["date"], n["issuer"]) for n in x["chain"][1:]] if x else None
        want = [(r["code"], r["date"], r["issuer"]) for r in p["chain"][1:]]
        if kinds & {"relative_issuer", "blank_day", "orphan"}:
            if got != want:
                hard_misses.append((p["file"], sorted(kinds), got, want))
        else:
            assert got == want, (p["file"], got, want)
    if hard_misses:
        pytest.xfail(f"{len(hard_misses)} chains through relative issuers / blank days / gaps differ, "
                     f"e.g. {hard_misses[0]}")
