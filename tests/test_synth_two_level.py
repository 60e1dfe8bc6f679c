"""Two-level and mixed synthetic corpora (vanban.synth, world="two-level" | "mixed") and their truth."""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from vanban.cli import main
from vanban.graph import gazetteer as gz
from vanban.graph.identity import fold
from vanban.synth import REFORM_DATE, ROOT_CODE, Truth, generate_corpus

REFORM = REFORM_DATE.isoformat()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _text(root: Path, rel: str) -> str:
    raw = (root / rel).read_bytes().decode("utf-8")
    return unicodedata.normalize("NFC", raw.lstrip("\ufeff")).replace("\u00a0", " ")


def _coverage(out: Path) -> list[dict]:
    rows = json.loads((out / "truth.json").read_text(encoding="utf-8"))["coverage"]
    assert Truth.load(out).coverage == rows
    return rows


@pytest.fixture(scope="module")
def two_level(tmp_path_factory) -> tuple[Path, Truth]:
    out = tmp_path_factory.mktemp("two_level")
    return out, generate_corpus(out, seed=3, plans=300, world="two-level")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> tuple[Path, Truth]:
    out = tmp_path_factory.mktemp("mixed")
    return out, generate_corpus(out, seed=5, plans=1200, world="mixed")


# ---------------------------------------------------------------- both worlds

@pytest.mark.parametrize("world", ["two-level", "mixed"])
def test_same_seed_same_bytes(tmp_path, world):
    a = generate_corpus(tmp_path / "a", seed=9, provinces=1, districts_per_province=2,
                        communes_per_district=3, world=world)
    b = generate_corpus(tmp_path / "b", seed=9, provinces=1, districts_per_province=2,
                        communes_per_district=3, world=world)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert a.stats == b.stats and a.params["world"] == world
    assert a.params["gazetteer"]["package"] == "vietnamadminunits"


def test_unknown_world_and_bad_years_are_refused(tmp_path):
    with pytest.raises(ValueError, match="world"):
        generate_corpus(tmp_path / "x", world="four-level")
    with pytest.raises(ValueError, match="2025"):
        generate_corpus(tmp_path / "y", world="two-level", years=(2024,))
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


@pytest.mark.parametrize("fixture", ["two_level", "mixed"])
def test_every_plan_is_issued_by_a_real_unit_valid_on_its_date(request, fixture):
    out, t = request.getfixturevalue(fixture)
    for p in t.plans:
        u = gz.unit(p["unit_id"])
        assert u.valid_on(p["date"]), p["file"]
        assert (p["date"] >= REFORM) == (p["era"] == "post"), p["file"]
        assert p["issuer"].endswith(u.name) and p["level"] == u.level
        assert gz.province_of(u).id == p["province_id"]
        if p["parent_unit_id"]:
            assert gz.unit(p["unit_id"]).parent_id == p["parent_unit_id"]
        # the file names the unit as the header does (unless the header was lost)
        if "no_header" not in p["noise"]:
            assert fold(u.name) in fold(_text(out, p["file"])[:400])   # folded: old-style tones ("Hoà")


@pytest.mark.parametrize("fixture", ["two_level", "mixed"])
def test_chains_are_consistent_with_the_parent_plans(request, fixture):
    _, t = request.getfixturevalue(fixture)
    by_file = t.by_file()
    for p in t.plans:
        assert p["chain"][0] == {"code": p["code"], "date": p["date"], "issuer": p["issuer"]}
        assert p["chain"][-1]["code"] == ROOT_CODE and not p["orphan"]
        if p["parent_file"]:
            parent = by_file[p["parent_file"]]
            assert p["chain"][1:] == parent["chain"]
            assert p["implements"] == parent["chain"][0]
            assert parent["date"] < p["date"]
            assert gz.unit(p["unit_id"]).parent_id == parent["unit_id"]


@pytest.mark.parametrize("fixture", ["two_level", "mixed"])
def test_coverage_truth_partitions_the_units_valid_on_the_date(request, fixture):
    out, t = request.getfixturevalue(fixture)
    dates: dict[str, list[str]] = {}
    for p in t.plans:
        dates.setdefault(p["unit_id"], []).append(p["date"])
    rows = _coverage(out)
    assert rows
    for row in rows:
        valid = {u.id for u in gz.units_valid_on(row["as_of"], province=row["province_id"])}
        assert row["units"] == len(valid)
        assert set(row["covered"]) | set(row["none"]) == valid
        assert not set(row["covered"]) & set(row["none"]) and row["ambiguous"] == []
        for uid in row["covered"]:
            assert any(d <= row["as_of"] for d in dates[uid])
        for uid in row["none"]:
            assert not any(d <= row["as_of"] for d in dates.get(uid, ()))
        if row["as_of"] >= REFORM:
            fold = row["fold_old"]
            assert set(row["covered"]) <= set(fold["covered"]) <= valid
            for uid in set(fold["covered"]) - set(row["covered"]):
                credit = [s for s in gz.predecessors(uid)
                          if any(d <= row["as_of"] for d in dates.get(s.unit.id, ()))]
                assert credit
                assert (uid in fold["partial"]) == all(s.partial for s in credit)


# ---------------------------------------------------------------- two-level

def test_two_level_communes_answer_to_the_province(two_level):
    out, t = two_level
    levels = Counter(p["level"] for p in t.plans)
    assert levels["district"] == 0 and levels["province"] >= 2 and levels["commune"] > 100
    by_file = t.by_file()
    for p in t.plans:
        assert p["era"] == "post" and p["date"] >= REFORM
        if p["level"] == "commune":
            parent = by_file[p["parent_file"]]
            assert parent["level"] == "province" and len(p["chain"]) == 3
            assert p["reports_to"][-1]["to"] == parent["issuer"] and p["reports_to"][-1]["via"] == "Sở Nội vụ"
            assert "huyện" not in _text(out, p["file"]).split("Nơi nhận")[-1]
    province_text = _text(out, next(p["file"] for p in t.plans if p["level"] == "province"))
    assert "UBND các xã, phường, đặc khu" in province_text
    assert "UBND các huyện, thị xã, thành phố" not in province_text


def test_two_level_covers_some_but_not_all_units_of_a_province(two_level):
    out, _ = two_level
    for row in _coverage(out):
        assert row["covered"] and row["as_of"].endswith("-12-31")
        assert all(gz.unit(u).level == "commune" for u in row["covered"] + row["none"])


def test_a_centrally_run_city_is_written_as_thanh_pho(tmp_path):
    # Every province once: the corpus includes Hà Nội, Hồ Chí Minh, Hải Phòng, Huế, Đà Nẵng, Cần Thơ.
    t = generate_corpus(tmp_path / "c", seed=1, provinces=34, districts_per_province=1, communes_per_district=1,
                        years=(2025,), world="two-level", noise=False)
    cities = {p["issuer"] for p in t.plans if p["level"] == "province" and p["issuer"].startswith("UBND thành phố")}
    assert cities == {"UBND thành phố " + n
                      for n in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Huế", "Đà Nẵng", "Cần Thơ")}
    assert not any("tỉnh Hồ Chí Minh" in p["issuer"] for p in t.plans)
    hcm_wards = [p for p in t.plans if p["level"] == "commune" and p["province_id"] == "post:79"]
    assert hcm_wards and all(p["implements"]["issuer"] == "UBND thành phố Hồ Chí Minh" for p in hcm_wards)


# ---------------------------------------------------------------- mixed

def test_mixed_has_a_thousand_plans_in_both_eras_of_the_same_provinces(mixed):
    _, t = mixed
    assert len(t.plans) >= 1000
    assert t.stats["by_era"]["pre"] > 100 and t.stats["by_era"]["post"] > 100
    post_provinces = {p["province_id"] for p in t.plans if p["era"] == "post"}
    for p in t.plans:
        if p["era"] == "pre":
            assert gz.province_of(p["unit_id"], on="2025-09-01").id in post_provinces
    assert {p["level"] for p in t.plans if p["era"] == "pre"} == {"province", "district", "commune"}


def test_mixed_has_reused_names_old_and_new(mixed):
    _, t = mixed
    pre = {(p["province_id"], p["issuer"]): p["unit_id"] for p in t.plans if p["era"] == "pre"}
    reused = [p for p in t.plans if p["era"] == "post" and p["level"] == "commune"
              and any(gz.unit(s.unit.id).full_name == gz.unit(p["unit_id"]).full_name
                      for s in gz.predecessors(p["unit_id"]))]
    assert reused, "no new commune reuses a predecessor's name"
    for p in reused:
        assert p["unit_id"].startswith("post:")
    assert pre


def test_mixed_has_same_name_communes_told_apart_by_the_chain(mixed):
    _, t = mixed
    by_file = t.by_file()
    ambiguous = [p for p in t.plans if p["ambiguous_name"]]
    assert ambiguous
    for p in ambiguous:
        written = gz.unit(p["unit_id"]).full_name
        assert len(gz.resolve(written, on=p["date"], province=p["province_id"])) > 1
        parent = by_file[p["parent_file"]]
        assert [u.id for u in gz.resolve(written, on=p["date"], within=parent["unit_id"])] == [p["unit_id"]]
    # two pre-reform communes of one name in one province, both in the corpus
    names = Counter((p["province_id"], p["issuer"], p["date"][:4]) for p in t.plans
                    if p["era"] == "pre" and p["level"] == "commune")
    assert any(n > 1 for n in names.values())


def test_mixed_new_communes_cite_an_abolished_districts_plan(mixed):
    out, t = mixed
    plans = {(p["code"], p["date"], p["issuer"]): p for p in t.plans}
    citing = [p for p in t.plans if any(c.get("abolished") for c in p["cited_other"])]
    assert citing and t.stats["cites_abolished"] == len(citing)
    for p in citing:
        assert p["era"] == "post"
        [c] = [c for c in p["cited_other"] if c.get("abolished")]
        cited = plans[(c["code"], c["date"], c["issuer"])]
        assert cited["level"] == "district" and cited["era"] == "pre"
        assert gz.unit(cited["unit_id"]).valid_to is not None and c["date"] < REFORM
        assert cited["unit_id"] in {gz.parent(s.unit).id for s in gz.predecessors(p["unit_id"])}
        assert c["code"] != p["code"]
        assert c["code"] in _text(out, p["file"]).replace("\n", " ").replace("- ", "-")
    assert any(gz.unit(plans[(c["code"], c["date"], c["issuer"])]["unit_id"]).kind == "thành phố"
               for p in citing for c in p["cited_other"] if c.get("abolished"))


def test_mixed_coverage_credits_predecessors_when_folding(mixed):
    out, _ = mixed
    post_rows = [r for r in _coverage(out) if r["as_of"] >= REFORM]
    pre_rows = [r for r in _coverage(out) if r["as_of"] < REFORM]
    assert post_rows and pre_rows
    assert any(len(r["fold_old"]["covered"]) >= len(r["covered"]) for r in post_rows)
    assert {gz.unit(u).level for r in pre_rows for u in r["covered"]} == {"district", "commune"}


# ---------------------------------------------------------------- CLI

def test_cli_generate_world(tmp_path, capsys):
    out = tmp_path / "c"
    assert main(["generate", str(out), "--world", "two-level", "--provinces", "1", "--districts", "1",
                 "--communes", "4", "--years", "2026", "-q"]) == 0
    t = Truth.load(out)
    assert t.params["world"] == "two-level" and t.stats["plans"] == 5 and t.params["years"] == [2026]
    with pytest.raises(SystemExit) as e:
        main(["generate", str(tmp_path / "d"), "--world", "two-level", "--years", "2024"])
    assert e.value.code == 2 and "--years" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["generate", str(tmp_path / "e"), "--world", "flat"])
