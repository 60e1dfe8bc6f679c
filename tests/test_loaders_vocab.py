"""The vocabulary (loaders/vocab.py) is one consistent set of data entries that every stage reads."""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from vanban.loaders.vocab import VOCAB, load_vocabulary

DATA = Path(__file__).resolve().parents[1] / "loaders" / "data"
# the types a document number's type code may name that have no word before a number ("Giấy mời số 5/GM-…"
# is not a citation of a document a plan implements): office papers of Nghị định 30/2020, Phụ lục III
OFFICE_PAPERS = {"Hợp đồng", "Bản ghi nhớ", "Bản thỏa thuận", "Giấy ủy quyền", "Giấy mời", "Giấy giới thiệu",
                 "Giấy nghỉ phép", "Phiếu gửi", "Phiếu chuyển", "Phiếu báo"}


def test_every_type_code_names_a_type_word():
    canonical = set(VOCAB.type_words.values())
    for codes in (VOCAB.state_type_codes, VOCAB.party_type_codes):
        missing = {name for name in codes.values() if name not in canonical} - OFFICE_PAPERS
        assert not missing, f"type codes name types no type word gives: {missing}"


def test_header_forms_abbreviations_and_plan_types_are_canonical_types():
    canonical = set(VOCAB.type_words.values())
    for form, typ in VOCAB.header_types.items():
        assert form == form.upper(), form
        assert typ in canonical, (form, typ)
    for abbr, typ in VOCAB.type_abbreviations.items():
        assert typ in canonical, (abbr, typ)
        assert VOCAB.type_of_code(abbr) == typ, abbr   # "QĐ số …" reads like the code "QĐ"
    assert VOCAB.plan_types and VOCAB.plan_types <= canonical
    # every plan type can head a plan
    assert VOCAB.plan_types <= set(VOCAB.header_types.values())


def test_level_words_are_known_levels_and_none_is_a_prefix_of_another():
    assert set(VOCAB.level_of.values()) == {"province", "city", "district", "commune"}
    assert VOCAB.level_of["đặc khu"] == "commune"    # the 2025 special zones are communes (domain.md)
    words = VOCAB.level_words
    for a in words:
        assert not any(b != a and b.startswith(a) for b in words), a
    alt = re.compile(VOCAB.level_alternation())
    assert all(alt.fullmatch(w) for w in words)


def test_graph_identity_searches_every_level_word():
    from vanban.graph.identity import ADMIN_SEARCH_ORDER
    assert sorted(ADMIN_SEARCH_ORDER) == sorted(VOCAB.level_words)
    # a one-word level that ends a two-word one ("xã" in "thị xã") is searched after it
    for i, w in enumerate(ADMIN_SEARCH_ORDER):
        assert not any(v.endswith(" " + w) for v in ADMIN_SEARCH_ORDER[i + 1:]), w


def test_central_codes():
    assert VOCAB.is_central_code("15/NQ-CP") and VOCAB.is_central_code("35-CT/TW")
    assert VOCAB.is_central_code("12/2024/QH15") and VOCAB.is_central_code("3/CT-BYT")
    assert not VOCAB.is_central_code("45/KH-UBND") and not VOCAB.is_central_code("02-CTr/TU")


def test_every_data_key_is_read():
    """A key nothing reads is a second, silent version of a rule: each key is a Vocabulary field's
    source, or read by name in loaders/ or graph/."""
    code = "\n".join(p.read_text(encoding="utf-8") for d in ("loaders", "graph")
                     for p in (DATA.parents[1] / d).glob("*.py"))
    for name in ("codes", "type_words", "lexicon"):
        for key in json.loads((DATA / f"{name}.json").read_text(encoding="utf-8")):
            if key != "_doc":
                assert f'"{key}"' in code, f"{name}.json key {key!r} is read by nothing"


def test_vocabulary_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        VOCAB.copy_marks = ()   # type: ignore[misc]
    with pytest.raises(TypeError):
        VOCAB.level_of["làng"] = "commune"   # type: ignore[index]
    assert load_vocabulary() == VOCAB


def test_party_committees_lead_units_of_known_levels():
    committees = VOCAB.every_party_committee
    assert set(committees) == set(VOCAB.party_committees) | set(VOCAB.party_committee_without_level)
    assert not set(VOCAB.party_committees) & set(VOCAB.party_committee_without_level)
    for name, word in committees.items():
        assert word in VOCAB.level_of, (name, word)
        assert name.endswith(" ủy") and name[0].isupper(), name
    # a committee named after its level carries that level's word ("Huyện ủy" leads a huyện)
    for name, word in VOCAB.party_committees.items():
        assert name.split()[0].lower() == word.split()[0], name
    # every committee an issuer code names is one the vocabulary knows ("TU" -> "Tỉnh ủy")
    for code, body in VOCAB.issuer_codes.items():
        if body.endswith(" ủy") and " " not in body[:-3]:
            assert body in committees, (code, body)


def test_the_level_of_a_code_comes_from_its_issuer_code():
    assert VOCAB.level_of_code("05/CT-TTg") == "central" and VOCAB.level_of_code("12/2024/QH15") == "central"
    assert VOCAB.level_of_code("02-CTr/TU") == "province" and VOCAB.level_of_code("15-NQ/HU") == "district"
    assert VOCAB.level_of_code("45/KH-UBND") is None and VOCAB.level_of_code(None) is None
    for code, body in VOCAB.issuer_codes.items():
        if body in VOCAB.every_party_committee:
            level = VOCAB.level_of[VOCAB.every_party_committee[body]]
            assert VOCAB.level_of_code(f"1-NQ/{code}") == (None if level == "city" else level), code


def test_unsymbolled_types_are_canonical_type_words():
    for t in VOCAB.unsymbolled_types:
        assert VOCAB.type_words.get(t) == t, t   # written as the type's own name
    assert len(set(VOCAB.unsymbolled_types)) == len(VOCAB.unsymbolled_types)


def test_no_copy_of_the_party_committees_or_unsymbolled_types_in_code():
    """The committee names and the unsymbolled types are data: no module spells their list out."""
    root = DATA.parents[1]
    for path in [*(root / "loaders").glob("*.py"), *(root / "graph").glob("*.py")]:
        src = path.read_text(encoding="utf-8")
        assert "Tỉnh ủy|Huyện ủy" not in src and '"tinh uy": ' not in src, path
        assert '("Nghị quyết", "Quyết định", "Chỉ thị", "Kết luận"' not in src, path
        assert 'endswith(("/TW"' not in src, path


def test_title_line_types_are_types_with_a_header_form():
    """A plan's sentence-case type line ("Kế hoạch thực hiện …") names a canonical type that also has a
    capital header form, so the two readings of a header agree."""
    canonical = set(VOCAB.type_words.values())
    assert VOCAB.title_line_types and set(VOCAB.title_line_types) <= canonical
    assert set(VOCAB.title_line_types) <= set(VOCAB.header_types.values())


def test_type_words_and_central_bodies_are_read_from_the_data():
    """amend's and metadata's type-word lists and the graph's canonical central bodies come from the
    vocabulary: a type word or a central body added to the data reaches them."""
    from vanban.graph.identity import CENTRAL_BODIES, fold, parse_body
    from vanban.loaders import amend, metadata

    assert {fold(w) for w in VOCAB.central_issuer_words if w.strip() != "Bộ"} == set(CENTRAL_BODIES)
    assert parse_body("Thủ tướng Chính phủ").body == "thu tuong chinh phu"
    assert parse_body("Ban Tuyên giáo Trung ương Đảng").level == "central"
    assert re.search(amend._DOC_TYPES, "thông tư liên tịch", re.I)
    assert metadata._NOT_DATE_PLACE.search("Tờ trình") and metadata._SENTENCE_TYPE_LINE.match("Đề án phát triển")
    root = DATA.parents[1]
    for path in [*(root / "loaders").glob("*.py"), *(root / "graph").glob("*.py")]:
        src = path.read_text(encoding="utf-8")
        assert "kế hoạch|quyết định|chỉ thị" not in src and '"thu tuong chinh phu", "chinh phu"' not in src, path


def test_trigger_groups_are_literal_words_the_stages_patterns_match():
    from vanban.loaders import metadata as M
    from vanban.loaders import reporting as R
    from vanban.loaders import resolve as RS
    from vanban.loaders.vocab import title_group
    assert set(VOCAB.triggers) == {"level", "own_number", "basis_heading", "implementation_section", "recipients",
                                   "signature", *map(title_group, VOCAB.title_heads)}
    assert VOCAB.title_heads   # (the catalogue has titles)
    for g, words in VOCAB.triggers.items():
        assert words and len(set(words)) == len(words) and all(w.strip() == w and w for w in words), g
        assert all(re.fullmatch(VOCAB.trigger_alternation(g), w) for w in words), g
    # each word leads what its stage looks for
    for w in VOCAB.triggers["own_number"]:
        assert M._OWN_CODE.search(f"{w}: 12/KH-UBND").group("num") == "12"
        assert w.startswith("S")   # (find's own-number gate looks for an "S" before a code)
    for w in VOCAB.triggers["implementation_section"]:
        assert R._section_search(f"Mở đầu.\nIV. {w}\n1. Phòng Y tế") is not None
    for w in VOCAB.triggers["recipients"]:
        assert R.extract_recipients(f"KẾ HOẠCH\nNội dung.\n{w}:\n- UBND tỉnh;\n- Lưu: VT.") == ["UBND tỉnh"]
    for w in VOCAB.triggers["signature"]:
        t = f"Nơi nhận:\n- Lưu: VT.\n{w}\nNguyễn Văn An"   # the block, hence its signer, found from the word
        assert M._signature(t, M._lines(t))[1] == "Nguyễn Văn An", w
    assert M._signature("Nguyễn Văn An", [(0, "Nguyễn Văn An")]) == (None, None, None)
    for alias, heads in VOCAB.title_heads.items():   # each way of writing a title is found from its group
        for head in heads:
            written = head + alias[len(head):]
            _, found = RS.title_refs(f"Thực hiện {written}, năm 2025", [], [])
            assert [d.spans for d in found] == [[(10, 10 + len(written))]], written
            assert written.startswith(VOCAB.triggers[title_group(alias)]), written
    for w in VOCAB.triggers["basis_heading"]:
        heading = {"CĂN": "CĂN CỨ XÂY DỰNG KẾ HOẠCH", "Căn": "Căn cứ pháp lý", "CƠ SỞ": "CƠ SỞ PHÁP LÝ",
                   "Cơ sở": "Cơ sở pháp lý"}[w]
        assert heading.startswith(w) and M._basis_sections(f"I. MỤC ĐÍCH\nx\nII. {heading}\n- Luật.\nIII. NỘI DUNG\n")
