"""Identity across plans: same code + compatible issuer + compatible date, never code alone."""
from __future__ import annotations

import pytest

from tests.graph_helpers import CT33, QD23, cite, plan
from vanban.graph import schema as S
from vanban.graph.build import build_graph
from vanban.graph.identity import bodies_compatible, dates_compatible, fold, parse_body
from vanban.graph.queries import resolve_ref, trace


def docs_with_code(g, code):
    return sorted(n for n, d in g.nodes(data=True) if d.get("code") == code)


@pytest.mark.parametrize("a,b,same", [
    ("UBND tỉnh Hòa Bình", "Ủy ban nhân dân tỉnh Hòa Bình", True),
    ("Uỷ ban nhân dân tỉnh Hòa Bình", "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH", True),
    ("UBND tỉnh", "UBND tỉnh Hòa Bình", True),                 # relative vs absolute
    ("UBND huyện Lạc Sơn", "UBND huyện Kim Bôi", False),
    ("UBND huyện Lạc Sơn", "UBND tỉnh Hòa Bình", False),      # another level
    ("Tỉnh ủy", "Ban Thường vụ Tỉnh ủy", True),               # one /TU series
])
def test_bodies_compatible(a, b, same):
    assert bodies_compatible(a, b) is same


def test_dates_compatible_year_matches_any_day_of_it():
    assert dates_compatible("2024", "2024-05-02")
    assert dates_compatible("2024-05", "2024-05-02")
    assert not dates_compatible("2023", "2024-05-02")
    assert not dates_compatible("2024-05-01", "2024-05-02")


def test_fold_ignores_case_accents_and_tone_mark_placement():
    assert fold("Uỷ Ban") == fold("ủy ban") == "uy ban"
    assert parse_body("UBND xã Tân Lạc").place == "tan lac"


def test_header_and_later_reference_become_one_node():
    district = plan("d.txt", "45/KH-UBND", "2024-03-10", "UBND huyện Lạc Sơn", "district",
                    district="huyện Lạc Sơn", citations=[cite(**CT33, relation="implements")])
    commune = plan("x.txt", None, "2024-04", "UBND xã Tân Lạc", "commune", commune="xã Tân Lạc",
                   citations=[cite("45/KH-UBND", "2024-03-10", "UBND huyện Lạc Sơn", "implements", "Kế hoạch")])
    g = build_graph([commune, district])
    assert len(docs_with_code(g, "45/KH-UBND")) == 1
    (nid,) = docs_with_code(g, "45/KH-UBND")
    assert g.nodes[nid]["source"] == "d.txt"
    chain = trace(g, resolve_ref(g, "x.txt")[0])["chain"]
    assert [c["code"] for c in chain] == [None, "45/KH-UBND", "33/CT-TTg"]


def test_referenced_then_loaded_is_the_same_node_and_nothing_duplicates():
    commune = plan("x.txt", None, "2024-04", "UBND xã Tân Lạc", "commune", commune="xã Tân Lạc",
                   citations=[cite("45/KH-UBND", "2024-03-10", "UBND huyện Lạc Sơn", "implements")])
    g1 = build_graph([commune])
    district = plan("d.txt", "45/KH-UBND", "2024-03", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn")
    g2 = build_graph([commune, district])
    assert len(docs_with_code(g1, "45/KH-UBND")) == len(docs_with_code(g2, "45/KH-UBND")) == 1
    (nid,) = docs_with_code(g2, "45/KH-UBND")
    assert g2.nodes[nid]["source"] == "d.txt"
    assert g2.nodes[nid]["date"] == "2024-03-10"  # the day the citation gives completes the header
    assert g2.number_of_nodes() == g1.number_of_nodes() + 0  # no second node for the same plan


def test_colliding_codes_never_merge_on_code_alone():
    recs = [plan(f"d{i}.txt", "12/KH-UBND", f"2024-03-0{i}", f"UBND huyện Huyện{i}", "district",
                 district=f"huyện Huyện{i}") for i in range(1, 4)]
    recs.append(plan("p.txt", "12/KH-UBND", "2023-02-01", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình"))
    g = build_graph(recs)
    assert len(docs_with_code(g, "12/KH-UBND")) == 4


def test_same_code_other_date_is_another_document():
    p = plan("d.txt", None, "2023", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn", citations=[
        cite("34/KH-UBND", "2023-03-06", "UBND tỉnh", "implements", "Kế hoạch"),
        cite("34/KH-UBND", "2022-02-15", "UBND huyện", "cites", "Kế hoạch")])
    g = build_graph([p])
    ids = docs_with_code(g, "34/KH-UBND")
    assert len(ids) == 2
    chain = trace(g, resolve_ref(g, "d.txt")[0])["chain"]
    assert chain[1]["date"] == "2023-03-06"


def test_relative_issuer_resolves_through_the_chain():
    # The district plan says only "của UBND tỉnh"; its parent is loaded and says which province.
    prov = plan("p.txt", "34/KH-UBND", "2024-03-06", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình",
                citations=[cite(**CT33, relation="implements")])
    other = plan("q.txt", "34/KH-UBND", "2024-03-06", "UBND tỉnh Sơn Hà", "province", province="Sơn Hà",
                 citations=[cite(**CT33, relation="implements")])
    dist = plan("d.txt", "7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn",
                citations=[cite("34/KH-UBND", "2024-03-06", "UBND tỉnh Hòa Bình", "implements")])
    commune = plan("x.txt", "3/KH-UBND", "2024-04-02", "UBND xã Tân Lạc", "commune", commune="xã Tân Lạc",
                   citations=[cite("7/KH-UBND", "2024-03-20", "UBND huyện", "implements")])
    g = build_graph([prov, other, dist, commune])
    x = resolve_ref(g, "x.txt")[0]
    assert g.nodes[x]["place"] == "xã Tân Lạc, huyện Lạc Sơn, tỉnh Hòa Bình"
    chain = trace(g, x)["chain"]
    assert [c["source"] for c in chain] == ["x.txt", "d.txt", "p.txt", None]


def test_ambiguous_reference_keeps_both_candidates_and_says_so():
    a = plan("a.txt", "5/KH-UBND", "2024-03-01", "UBND huyện An Phú", "district", district="huyện An Phú")
    b = plan("b.txt", "5/KH-UBND", "2024-03-01", "UBND huyện Bình Phú", "district", district="huyện Bình Phú")
    x = plan("x.txt", "2/KH-UBND", "2024-04-01", "UBND xã Tân Lạc", "commune", commune="xã Tân Lạc",
             citations=[cite("5/KH-UBND", "2024-03-01", "UBND huyện", "implements")])
    g = build_graph([a, b, x])
    t = trace(g, resolve_ref(g, "x.txt")[0])
    assert len(t["chain"]) == 2 and t["chain"][1]["source"] is None
    assert len(t["gap_details"]) == 1 and t["gap_details"][0]["kind"] == "ambiguous"
    assert sorted(t["gap_details"][0]["candidates"]) == sorted(resolve_ref(g, "a.txt") + resolve_ref(g, "b.txt"))


def test_build_is_independent_of_record_order():
    recs = [plan("p.txt", "34/KH-UBND", "2024-03-06", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình",
                 citations=[cite(**CT33, relation="implements"), cite(**QD23)]),
            plan("d.txt", "7/KH-UBND", "2024-03", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn",
                 citations=[cite("34/KH-UBND", "2024-03-06", "UBND tỉnh", "implements")])]
    g1, g2 = build_graph(recs), build_graph(list(reversed(recs)))
    assert sorted(g1.nodes(data="kind")) == sorted(g2.nodes(data="kind"))
    assert sorted(g1.edges(keys=True)) == sorted(g2.edges(keys=True))


def test_issued_by_and_part_of_edges():
    dist = plan("d.txt", "7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn",
                province="Hòa Bình")
    g = build_graph([dist])
    nid = resolve_ref(g, "d.txt")[0]
    issuers = [v for _, v, d in g.out_edges(nid, data=True) if d["type"] == S.ISSUED_BY]
    assert len(issuers) == 1 and g.nodes[issuers[0]]["level"] == "district"
    part_of = [(a, b) for a, b, d in g.edges(data=True) if d["type"] == S.PART_OF]
    assert [(g.nodes[a]["level"], g.nodes[b]["level"]) for a, b in part_of] == [("district", "province")]


def test_every_edge_keeps_evidence():
    prov = plan("p.txt", "34/KH-UBND", "2024-03-06", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình",
                citations=[cite(**CT33, relation="implements")])
    dist = plan("d.txt", "7/KH-UBND", "2024-03-20", "UBND huyện Lạc Sơn", "district", district="huyện Lạc Sơn",
                citations=[cite("34/KH-UBND", "2024-03-06", "UBND tỉnh", "implements")], units=["Phòng Nội vụ"])
    g = build_graph([prov, dist])
    for a, b, d in g.edges(data=True):
        assert d["evidence"], (a, b, d["type"])
        for ev in d["evidence"]:
            assert ev["source"] in ("p.txt", "d.txt") and ev["sha256"] == ev["source"]
    impl = [d for a, b, d in g.edges(data=True) if d["type"] == S.IMPLEMENTS and d["evidence"][0]["source"] == "d.txt"]
    assert impl[0]["evidence"][0]["spans"] == [[0, 1]] and "34/KH-UBND" in impl[0]["evidence"][0]["sentence"]


def test_same_commune_name_in_two_districts_is_two_documents():
    # "xã Phong Vân" exists in two districts; both number their plan 15 on the same day.
    a = plan("a.txt", "15/KH-UBND", "2023-03-18", "UBND xã Phong Vân", "commune", commune="xã Phong Vân",
             district="huyện An Lạc", province="Hòa Bình",
             citations=[cite("18/KH-UBND", "2023-03-09", "UBND huyện An Lạc", "implements")])
    b = plan("b.txt", "15/KH-UBND", "2023-03-18", "UBND xã Phong Vân", "commune", commune="xã Phong Vân",
             district="huyện Kim Sơn", province="Sơn Hà",
             citations=[cite("29/KH-UBND", "2023-03-21", "UBND huyện Kim Sơn", "implements")])
    g = build_graph([a, b])
    assert len(docs_with_code(g, "15/KH-UBND")) == 2
    assert [c["code"] for c in trace(g, resolve_ref(g, "a.txt")[0])["chain"]] == ["15/KH-UBND", "18/KH-UBND"]


def test_a_shared_signer_name_does_not_move_a_plan_to_another_place():
    known = plan("k.txt", "4/KH-UBND", "2023-03-01", "UBND xã Quảng Tây", "commune", commune="xã Quảng Tây",
                 province="Cát Phú", signer="Đinh Văn Long")
    other = plan("o.txt", "21/KH-UBND", "2024-03-28", "UBND phường Phú Mỹ", "commune", commune="phường Phú Mỹ",
                 signer="Đinh Văn Long")
    g = build_graph([known, other])
    assert g.nodes[resolve_ref(g, "o.txt")[0]]["place"] == "phường Phú Mỹ"


def test_a_shared_signer_places_the_same_body():
    named = plan("n.txt", None, "2022-01", "UBND tỉnh Hòa Bình", "province", province="Hòa Bình", signer="Lê Văn Hải")
    bare = plan("b.txt", None, "2024", "UBND tỉnh", "province", signer="Lê Văn Hải")
    g = build_graph([named, bare])
    assert g.nodes[resolve_ref(g, "b.txt")[0]]["place"] == "tỉnh Hòa Bình"


def test_the_reporting_line_names_the_district():
    from tests.graph_helpers import line
    x = plan("x.txt", "3/KH-UBND", "2024-04-02", "UBND xã Tân Lạc", "commune", commune="xã Tân Lạc",
             citations=[cite("7/KH-UBND", "2024-03-20", "UBND huyện", "implements")],
             reports=[line("Công chức Văn phòng - Thống kê", "UBND huyện Lạc Sơn", "Phòng Nội vụ", ["2024-11-15"])])
    g = build_graph([x])
    t = trace(g, resolve_ref(g, "x.txt")[0])
    assert t["chain"][1]["issuer"] == "UBND huyện Lạc Sơn"


def test_a_city_named_in_a_commune_plan_is_the_district_city_above_it():
    from tests.graph_helpers import line
    x = plan("x.txt", None, "2023", "UBND phường Tân An", "commune", commune="phường Tân An",
             citations=[cite("49/KH-UBND", "2023-03-08", "UBND thành phố Hòa Giang", "implements")],
             reports=[line("Văn phòng UBND phường", "UBND thành phố", None, ["2023-10-12"]),
                      line("UBND các xã, phường", "UBND thành phố", None, [])])
    g = build_graph([x])
    t = trace(g, resolve_ref(g, "x.txt")[0])
    assert t["chain"][1]["level"] == "district"
    names = {g.nodes[b]["name"] for a, b, d in g.edges(data=True) if d["type"] == S.REPORTS_TO}
    froms = {g.nodes[a]["name"] for a, b, d in g.edges(data=True) if d["type"] == S.REPORTS_TO}
    assert names == {"UBND thành phố Hòa Giang"} and "UBND các xã, phường" in froms


def test_a_shared_district_document_places_a_commune():
    # Two districts issued 5/KH-UBND on the same day; the commune names neither,
    # but quotes the Huyện ủy decision that only An Phú's own plan also quotes.
    hu = dict(code="1071-QĐ/HU", date="2021-09-09", issuer="Ban Thường vụ Huyện ủy", type="Quyết định")
    a = plan("a.txt", "5/KH-UBND", "2024-03-01", "UBND huyện An Phú", "district", district="huyện An Phú",
             citations=[cite(**hu)])
    b = plan("b.txt", "5/KH-UBND", "2024-03-01", "UBND huyện Bình Phú", "district", district="huyện Bình Phú",
             citations=[cite("880-QĐ/HU", "2021-10-01", "Ban Thường vụ Huyện ủy")])
    x = plan("x.txt", "2/KH-UBND", "2024-04-01", "UBND xã Tân Lạc", "commune", commune="xã Tân Lạc",
             citations=[cite("5/KH-UBND", "2024-03-01", "UBND huyện", "implements"), cite(**hu)])
    g = build_graph([a, b, x])
    t = trace(g, resolve_ref(g, "x.txt")[0])
    assert t["chain"][1]["source"] == "a.txt"
    assert g.nodes[resolve_ref(g, "x.txt")[0]]["place"] == "xã Tân Lạc, huyện An Phú"


# ---------------------------------------------------------------- numbered wards, committees, reform dates

def test_numbered_wards_and_committee_places_are_distinct_bodies():
    assert parse_body("UBND phường 7").place == "7"
    assert not bodies_compatible("UBND phường 7", "UBND phường 4")
    assert not bodies_compatible("UBND phường 7", "UBND phường Phú Thọ")
    assert bodies_compatible("UBND phường 7", "Ủy ban nhân dân phường 7")
    # a committee's admin word is skipped to reach its place
    assert parse_body("Đảng ủy xã An Phú").place == "an phu"
    assert not bodies_compatible("Đảng ủy xã An Phú", "Đảng ủy xã Bình Minh")
    assert bodies_compatible("Đảng ủy xã An Phú", "Đảng ủy xã")


def test_two_numbered_wards_plans_of_one_number_stay_two_plans():
    a = plan("a.txt", "8/KH-UBND", "2025", "UBND phường 7", "commune", commune="phường 7")
    b = plan("b.txt", "8/KH-UBND", "2025-09-05", "UBND phường 4", "commune", commune="phường 4")
    g = build_graph([a, b])
    assert resolve_ref(g, "a.txt") != resolve_ref(g, "b.txt")


HCM_233 = dict(code="233/KH-UBND", date="2025-08-04")


def _hcm_plan():
    return plan("hcm.txt", HCM_233["code"], HCM_233["date"], "UBND thành phố Hồ Chí Minh", "province",
                province="Hồ Chí Minh", citations=[cite(**CT33, relation="implements")])


def test_a_ward_name_shared_with_a_province_is_decided_by_the_plan_it_implements():
    # "phường Phú Thọ" is a ward of Hồ Chí Minh City and of tỉnh Phú Thọ after the reform; its
    # "UBND thành phố" above can only be the centrally run city's
    w = plan("w.txt", "8/KH-UBND", "2025-09-05", "UBND phường Phú Thọ", "commune", commune="phường Phú Thọ",
             citations=[cite(**HCM_233, issuer="UBND thành phố", relation="implements")])
    g = build_graph([_hcm_plan(), w])
    t = trace(g, resolve_ref(g, "w.txt")[0])
    assert [c["code"] for c in t["chain"]] == ["8/KH-UBND", "233/KH-UBND", "33/CT-TTg"]
    node = g.nodes[resolve_ref(g, "w.txt")[0]]
    assert node["unit_id"] == "post:27226" and node["unit_candidates"] == []


@pytest.mark.parametrize("date", ["2025-08", "2025"])
def test_a_ward_dated_by_a_month_or_a_year_after_the_reform_answers_to_its_province(date):
    # the day left blank ("ngày  tháng 8 năm 2025") or no date line at all: what it implements,
    # dated after 1 July 2025, makes it a post-reform ward
    w = plan("w.txt", "7/KH-UBND", date, "UBND phường Gò Vấp", "commune", commune="phường Gò Vấp",
             citations=[cite(**HCM_233, issuer="UBND thành phố", relation="implements")])
    # another centrally run city issued the same number on the same day
    dn = plan("dn.txt", HCM_233["code"], HCM_233["date"], "UBND thành phố Đà Nẵng", "province",
              province="Đà Nẵng", citations=[cite(**CT33, relation="implements")])
    g = build_graph([_hcm_plan(), dn, w])
    t = trace(g, resolve_ref(g, "w.txt")[0])
    assert [c["code"] for c in t["chain"]] == ["7/KH-UBND", "233/KH-UBND", "33/CT-TTg"]
    assert t["chain"][1]["source"] == "hcm.txt"


def test_a_blank_plan_takes_its_number_though_a_namesake_body_issued_a_numbered_plan_that_year():
    # the old tỉnh Lào Cai's plan lost its number ("Số: /KH-UBND", dated by its title's year); the new
    # tỉnh Lào Cai (same name, after the reform) issued 19/KH-UBND in 2025, which its wards cite
    old = plan("old.txt", None, "2025", "UBND tỉnh Lào Cai", "province", province="Lào Cai",
               citations=[cite(**CT33, relation="implements")])
    new = plan("new.txt", "19/KH-UBND", "2025-07-18", "UBND tỉnh Lào Cai", "province", province="Lào Cai",
               citations=[cite(**CT33, relation="implements")])
    district = plan("d.txt", "25/KH-UBND", "2025-01-27", "UBND huyện Bát Xát", "district", district="huyện Bát Xát",
                    province="Lào Cai",
                    citations=[cite("230/KH-UBND", "2025-01-17", "UBND tỉnh", "implements", type="Kế hoạch")])
    ward = plan("w.txt", "21/KH-UBND", "2025-07-28", "UBND phường Lào Cai", "commune", commune="phường Lào Cai",
                citations=[cite("19/KH-UBND", "2025-07-18", "UBND tỉnh Lào Cai", "implements", type="Kế hoạch")])
    g = build_graph([old, new, district, ward])
    t = trace(g, resolve_ref(g, "d.txt")[0])
    assert [c.get("source") for c in t["chain"][:2]] == ["d.txt", "old.txt"]
    assert t["chain"][-1]["code"] == "33/CT-TTg"
    assert trace(g, resolve_ref(g, "w.txt")[0])["chain"][1]["source"] == "new.txt"


def test_a_new_commune_dated_by_a_year_citing_an_abolished_district_does_not_split_its_plan():
    # "xã Mai Châu" (tỉnh Phú Thọ after the merger), dated only by its title's year, carries out a
    # plan of August 2025 and also cites the abolished huyện Mai Châu (tỉnh Hòa Bình)'s plan: its
    # new province says nothing of where that older plan's issuer lay
    new = plan("a-new.txt", None, "2025", "UBND xã Mai Châu", "commune", commune="xã Mai Châu", province="Phú Thọ",
               citations=[cite("168/KH-UBND", "2025-08-02", "UBND tỉnh", "implements", type="Kế hoạch"),
                          cite("5/KH-UBND", "2025-02-08", "UBND huyện Mai Châu", type="Kế hoạch")])
    # the district's own copy lost its number and day ("Số: /KH-UBND"): the plans below name it
    district = plan("b-district.txt", None, "2025", "UBND huyện Mai Châu", "district",
                    district="huyện Mai Châu", province="Hòa Bình", citations=[cite(**CT33, relation="implements")])
    old = plan("c-old.txt", "8/KH-UBND", "2025-02-26", "UBND xã Bao La", "commune", commune="xã Bao La",
               citations=[cite("5/KH-UBND", "2025-02-08", "UBND huyện Mai Châu", "implements", type="Kế hoạch")])
    g = build_graph([new, district, old])
    t = trace(g, resolve_ref(g, "c-old.txt")[0])
    assert [c.get("source") for c in t["chain"][:2]] == ["c-old.txt", "b-district.txt"]
    assert t["chain"][-1]["code"] == "33/CT-TTg"


def test_a_commune_the_gazetteer_places_implements_the_plan_of_its_own_district():
    # two districts of different provinces issued 7/KH-UBND on one day; "phường Liêm Chính" names
    # neither province nor city, but the gazetteer knows it lies in thành phố Phủ Lý
    phu_ly = plan("phu-ly.txt", "7/KH-UBND", "2024-02-23", "UBND thành phố Phủ Lý", "district",
                  district="thành phố Phủ Lý", province="Hà Nam", citations=[cite(**CT33, relation="implements")])
    gia_vien = plan("gia-vien.txt", "7/KH-UBND", "2024-02-23", "UBND huyện Gia Viễn", "district",
                    district="huyện Gia Viễn", province="Ninh Bình", citations=[cite(**CT33, relation="implements")])
    ward = plan("ward.txt", "5/KH-UBND", "2024-03-02", "UBND phường Liêm Chính", "commune", commune="phường Liêm Chính",
                citations=[cite("7/KH-UBND", "2024-02-23", "UBND thành phố", "implements", type="Kế hoạch")])
    g = build_graph([phu_ly, gia_vien, ward])
    nid = resolve_ref(g, "ward.txt")[0]
    assert trace(g, nid)["chain"][1]["source"] == "phu-ly.txt"
    assert g.nodes[nid]["place"] == "phường Liêm Chính, thành phố Phủ Lý, tỉnh Hà Nam"


def test_a_ward_of_a_shared_name_lies_under_the_unnumbered_plan_it_carries_out():
    # "phường Chi Lăng" was a ward of three provinces; the city plan it carries out lost its number
    # ("Số: /KH-UBND") and is found only by clustering the ward's citation with it
    city = plan("city.txt", None, "2025", "UBND thành phố Pleiku", "district", district="thành phố Pleiku",
                province="Gia Lai", citations=[cite(**CT33, relation="implements")])
    ward = plan("ward.txt", "15/KH-UBND", "2025-02-16", "UBND phường Chi Lăng", "commune", commune="phường Chi Lăng",
                citations=[cite("39/KH-UBND", "2025-02-04", "UBND thành phố", "implements", type="Kế hoạch")])
    # a ward whose header names its city gives the city plan its number
    other = plan("other.txt", "9/KH-UBND", "2025-02-10", "UBND phường Diên Hồng", "commune",
                 commune="phường Diên Hồng", district="thành phố Pleiku", province="Gia Lai",
                 citations=[cite("39/KH-UBND", "2025-02-04", "UBND thành phố", "implements", type="Kế hoạch")])
    g = build_graph([city, ward, other])
    nid = resolve_ref(g, "ward.txt")[0]
    assert trace(g, nid)["chain"][1]["source"] == "city.txt"
    assert (g.nodes[nid]["unit_id"], g.nodes[nid]["unit_candidates"]) == ("pre:23586", [])


@pytest.mark.parametrize("code, day, city, province, named, ward, unit", [
    # "phường Ngọc Châu" lies only in thành phố Hải Dương
    ("20/KH-UBND", "2025-02-18", "thành phố Hải Dương", "Hải Dương", "phường Tân Bình", "phường Ngọc Châu",
     "pre:10513"),
    # "phường Tây Sơn" was a ward of Tam Điệp and of two cities of Gia Lai
    ("23/KH-UBND", "2024-02-05", "thành phố Tam Điệp", "Ninh Bình", "phường Bắc Sơn", "phường Tây Sơn", "pre:14369"),
])
def test_a_wards_vague_citation_joins_the_plan_of_the_city_above_it(code, day, city, province, named, ward, unit):
    # two cities issued one number on one day, and the ward's own city's copy lost its number; the
    # ward writes only "UBND thành phố", but the gazetteer puts it (or one of its namesakes) there
    year = day[:4]
    other = plan("other.txt", code, day, "UBND thành phố Long Xuyên", "district", district="thành phố Long Xuyên",
                 province="An Giang", citations=[cite(**CT33, relation="implements")])
    own = plan("own.txt", None, year, f"UBND {city}", "district", district=city, province=province,
               citations=[cite(**CT33, relation="implements")])
    # a ward whose header names the city gives the city's plan its number
    named_plan = plan("named.txt", "3/KH-UBND", f"{year}-02-25", f"UBND {named}", "commune", commune=named,
                      district=city, province=province,
                      citations=[cite(code, day, f"UBND {city}", "implements", type="Kế hoạch")])
    vague = plan("ward.txt", "5/KH-UBND", f"{year}-02-24", f"UBND {ward}", "commune", commune=ward,
                 citations=[cite(code, day, "UBND thành phố", "implements", type="Kế hoạch")])
    g = build_graph([other, own, named_plan, vague])
    nid = resolve_ref(g, "ward.txt")[0]
    assert trace(g, nid)["chain"][1]["source"] == "own.txt"
    assert g.nodes[nid]["unit_id"] == unit


def test_two_namesake_bodies_blank_plans_take_their_numbers_by_elimination():
    # the old and the new tỉnh Lâm Đồng each left a plan without its number, both dated "2025". The
    # new one carries out a plan of July 2025, so a citation dated February can only be the old one;
    # once that one has 177, the citation of 201 (dated August, either could be) names the other
    old = plan("old.txt", None, "2025", "UBND tỉnh Lâm Đồng", "province", province="Lâm Đồng",
               citations=[cite(**CT33, relation="implements")])
    new = plan("new.txt", None, "2025", "UBND tỉnh Lâm Đồng", "province", province="Lâm Đồng",
               citations=[cite("39-KH/UBND-BDVTU", "2025-07-18", "UBND tỉnh và Ban Dân vận Tỉnh ủy", "implements",
                               type="Kế hoạch")])
    district = plan("d.txt", "19/KH-UBND", "2025-02-18", "UBND thành phố Đà Lạt", "district",
                    district="thành phố Đà Lạt", province="Lâm Đồng",
                    citations=[cite("177/KH-UBND", "2025-02-01", "UBND tỉnh Lâm Đồng", "implements", type="Kế hoạch")])
    ward = plan("w.txt", "8/KH-UBND", "2025-09-02", "UBND phường Cam Ly - Đà Lạt", "commune",
                commune="phường Cam Ly - Đà Lạt",
                citations=[cite("201/KH-UBND", "2025-08-06", "UBND tỉnh Lâm Đồng", "implements", type="Kế hoạch")])
    g = build_graph([old, new, district, ward])
    assert g.nodes[resolve_ref(g, "old.txt")[0]]["code"] == "177/KH-UBND"
    assert g.nodes[resolve_ref(g, "new.txt")[0]]["code"] == "201/KH-UBND"
    assert trace(g, resolve_ref(g, "w.txt")[0])["chain"][1]["source"] == "new.txt"
