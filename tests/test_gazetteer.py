"""The dated gazetteer (graph/gazetteer.py) and its data file (graph/data/gazetteer.json.gz)."""
from __future__ import annotations

import doctest
import gzip
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import vanban.graph.gazetteer as gz
from vanban.graph.gazetteer import (
    DATA_FILE,
    AdminUnit,
    Gazetteer,
    GazetteerDataError,
    predecessors,
    province_of,
    resolve,
    successors,
    unit,
    units_valid_on,
)

BEFORE, AFTER = "2025-06-30", "2025-07-01"


def test_docstring_examples():
    result = doctest.testmod(gz, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 15


def test_the_data_file_records_its_source_and_stays_small():
    raw = json.loads(gzip.decompress(DATA_FILE.read_bytes()))
    assert raw["source"]["package"] == "vietnamadminunits"
    assert raw["source"]["license"] == "MIT"
    assert raw["source"]["version"] and raw["source"]["wheel_sha256"]
    assert raw["generated_by"] == "scripts/gen-gazetteer"
    assert DATA_FILE.stat().st_size < 2_000_000


def test_the_data_file_is_what_the_script_generates():
    wheel = os.environ.get("VANBAN_GAZETTEER_WHEEL")
    if not wheel:
        pytest.skip("set VANBAN_GAZETTEER_WHEEL to a vietnamadminunits 1.0.4 wheel (pip download) to check")
    script = Path(__file__).resolve().parent.parent / "scripts" / "gen-gazetteer"
    done = subprocess.run([sys.executable, str(script), "--wheel", wheel, "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_province_counts_before_and_after_the_reform():
    assert len(units_valid_on(BEFORE, level="province")) == 63
    assert len(units_valid_on(AFTER, level="province")) == 34
    # the 11 provinces whose territory did not change are one unit on both sides
    both = set(units_valid_on(BEFORE, level="province")) & set(units_valid_on(AFTER, level="province"))
    assert len(both) == 11 and {u.name for u in both} >= {"Hà Nội", "Lạng Sơn", "Huế", "Cao Bằng"}


def test_commune_counts_after_the_reform_by_kind():
    kinds = Counter(u.kind for u in units_valid_on(AFTER, level="commune"))
    assert kinds == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert sum(kinds.values()) == 3321


def test_old_districts_and_communes_are_present_and_end_on_30_june_2025():
    districts = units_valid_on(BEFORE, level="district")
    assert len(districts) == 696
    assert Counter(u.kind for u in districts).keys() == {"huyện", "quận", "thị xã", "thành phố"}
    assert all(u.valid_to == date(2025, 6, 30) for u in districts)
    assert units_valid_on(AFTER, level="district") == []
    communes = units_valid_on(BEFORE, level="commune")
    assert len(communes) == 10035 and {u.kind for u in communes} == {"xã", "phường", "thị trấn"}
    assert all(unit(u.parent_id).level == "district" for u in communes)


def test_after_the_reform_a_communes_parent_is_its_province():
    for u in units_valid_on(AFTER, level="commune"):
        assert unit(u.parent_id).level == "province"
        assert unit(u.parent_id).valid_on(AFTER)


def test_every_old_commune_has_a_successor_and_split_ones_are_partial():
    for u in units_valid_on(BEFORE, level="commune"):
        succ = successors(u)
        assert succ, u
        assert all(s.unit.valid_on(AFTER) and s.unit.level == "commune" for s in succ)
        # split between several successors <=> every edge partial, exactly one main
        if len(succ) > 1:
            assert all(s.partial for s in succ), u
            assert sum(s.main for s in succ) == 1, u
    split = [u for u in units_valid_on(BEFORE, level="commune") if any(s.partial for s in successors(u))]
    assert len(split) > 400


def test_merged_provinces_succeed_whole_into_the_new_one():
    kon_tum = resolve("tỉnh Kon Tum", on=BEFORE)
    assert [u.id for u in kon_tum] == ["pre:62"]
    [s] = successors(kon_tum[0])
    assert (s.unit.id, s.partial) == ("post:51", False)
    assert {p.unit.name for p in predecessors("post:51")} == {"Kon Tum", "Quảng Ngãi"}
    assert successors("both:20") == [] and predecessors("both:20") == []   # Lạng Sơn: one unit throughout


def test_island_districts_become_dac_khu():
    [s] = successors(resolve("huyện Lý Sơn", on=BEFORE)[0])
    assert s.unit.full_name == "đặc khu Lý Sơn" and s.unit.valid_on(AFTER)


def test_resolve_by_date_old_and_new_are_different_units():
    old, new = resolve("tỉnh Quảng Ngãi", on="2024-05-01"), resolve("tỉnh Quảng Ngãi", on="2025-08-01")
    assert [u.id for u in old] == ["pre:51"] and [u.id for u in new] == ["post:51"]
    # a partial date spanning the reform yields both
    provinces = [u.id for u in resolve("Quảng Ngãi", on="2025", within=None) if u.level == "province"]
    assert provinces == ["pre:51", "post:51"]
    # the abolished district-level city is not a unit after the reform
    assert resolve("thành phố Quảng Ngãi", on="2025-08-01") == []
    assert [u.kind for u in resolve("thành phố Quảng Ngãi", on="2024-01-01")] == ["thành phố"]


def test_resolve_ignores_accents_case_and_kind_spelling():
    want = resolve("xã Chiến Thắng", on="2024-01-01", province="Lạng Sơn")
    assert len(want) == 2
    assert resolve("XA CHIEN THANG", on="2024-01-01", province="lang son") == want
    assert resolve("UBND xã Chiến Thắng", on="2024-01-01", province="tỉnh Lạng Sơn") == want
    assert resolve("Chiến Thắng", on="2024-01-01", province="Lạng Sơn") == want


def test_same_name_in_two_districts_is_two_units_and_within_decides():
    pair = resolve("xã Chiến Thắng", on="2024-01-01", province="Lạng Sơn")
    assert {unit(u.parent_id).name for u in pair} == {"Bắc Sơn", "Chi Lăng"}
    [only] = resolve("xã Chiến Thắng", on="2024-01-01", within="huyện Chi Lăng")
    assert unit(only.parent_id).name == "Chi Lăng"


def test_ho_chi_minh_city_is_province_level():
    for written in ("Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "TP HCM", "tp.hcm", "TPHCM"):
        found = resolve(written, on="2025-09-01")
        assert [(u.id, u.kind) for u in found] == [("post:79", "thành phố trực thuộc trung ương")], written
    assert resolve("tỉnh Hồ Chí Minh", on="2025-09-01") == []
    wards = units_valid_on("2025-09-01", province="TP HCM", level="commune")
    assert len(wards) > 150 and all(w.parent_id == "post:79" for w in wards)


def test_hue_under_its_former_name():
    for written in ("tỉnh Thừa Thiên Huế", "Thừa Thiên Huế", "thành phố Huế"):
        assert [u.id for u in resolve(written, on="2024-06-01")] == ["both:46"], written


def test_a_name_that_is_no_unit_gives_nothing():
    assert resolve("Quảng Ngãi 6") == []
    assert resolve("tỉnh Quảng Ngãi 6", on="2025-09-01") == []
    assert resolve("") == [] and resolve("   ") == []
    assert resolve("xã Tân Lạc", on="2025-09-01", province="Lạng Sơn") == []


def test_a_reused_name_is_a_new_unit_succeeding_the_old_ones():
    [new] = resolve("xã Chiến Thắng", on="2025-09-01", province="Lạng Sơn")
    old = resolve("xã Chiến Thắng", on="2025-01-01", province="Lạng Sơn")
    assert new not in old and new.parent_id == "both:20"
    assert {p.unit for p in predecessors(new)} & set(old)


def test_units_valid_on_a_province_lists_its_units_not_itself():
    after = units_valid_on("2025-07-01", province="Quảng Ngãi")
    assert len(after) == 96 and all(u.level == "commune" for u in after)
    before = units_valid_on("2025-06-30", province="Quảng Ngãi")
    assert {u.level for u in before} == {"district", "commune"}
    with pytest.raises(LookupError):
        units_valid_on("2025-07-01", province="Kon Tum")   # no longer a province


def test_province_of_follows_succession_when_asked_for_a_later_date():
    kt_commune = units_valid_on(BEFORE, province="Kon Tum", level="commune")[0]
    assert province_of(kt_commune).id == "pre:62"
    assert province_of(kt_commune, on="2025-09-01").id == "post:51"
    assert province_of(kt_commune, on="2024-01-01").id == "pre:62"
    lang_son_commune = units_valid_on(BEFORE, province="Lạng Sơn", level="commune")[0]
    assert province_of(lang_son_commune, on="2025-09-01").id == "both:20"


def test_bad_dates_and_unknown_ids_are_clear_errors():
    with pytest.raises(ValueError, match="ISO date"):
        resolve("Lạng Sơn", on="30/6/2025")
    with pytest.raises(KeyError, match="no unit"):
        unit("pre:99999")


def test_a_corrupt_data_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "g.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(GazetteerDataError, match="gen-gazetteer"):
        Gazetteer.from_file(bad)
    broken = tmp_path / "h.json.gz"
    broken.write_bytes(gzip.compress(json.dumps({"unit_columns": ["id"], "units": [["x"]]}).encode()))
    with pytest.raises(GazetteerDataError):
        Gazetteer.from_file(broken)


def test_units_are_frozen():
    u = unit("both:20")
    assert isinstance(u, AdminUnit)
    with pytest.raises(AttributeError):
        u.name = "x"  # type: ignore[misc]


def test_the_lexicons_place_name_data_covers_the_gazetteers_names():
    """Extraction reads a place name from word shapes plus two data lists (loaders/data/lexicon.json):
    the second halves of names written with a spaced hyphen, and lower-case lead phrases. Every such
    name the gazetteer holds must be in them, and every gazetteer name must match the name pattern."""
    import re

    from vanban.loaders.lexicon import load
    from vanban.loaders.vocab import PLACE_NAME
    lex = load("lexicon")
    names = {u.name for u in gz.gazetteer().units.values()}
    tails = {n.split(" - ", 1)[1] for n in names if " - " in n}
    assert tails == set(lex["place_name_tails"])
    # a few source entries write a lower-case word that is a typing slip ("Mường é"); "Nông trường" is a name
    lower = {w for n in names for w in n.split()[1:] if w[:1].islower()}
    assert "trường" in lower and all(p.split()[-1] in lower for p in lex["place_name_phrases"])
    pattern = re.compile(PLACE_NAME)
    misread = sorted(n for n in names if not pattern.fullmatch(n) and not any(w[:1].islower() for w in n.split()))
    assert misread == []


def test_the_lexicons_province_names_are_the_gazetteers():
    """A bare header's date line ("Phú Yên, ngày …") names a province only when the name is one of the
    gazetteer's provinces, before or after 1 July 2025 (loaders/data/lexicon.json province_names; plus the
    old full name of Huế, which date lines before 2025 write)."""
    from vanban.loaders.lexicon import load
    names = {u.name for on in ("2024-01-01", "2025-08-01") for u in units_valid_on(on, level="province")}
    assert set(load("lexicon")["province_names"]) == names | {"Thừa Thiên Huế"}
