"""Synthetic corpus of Vietnamese local-government plans, with ground truth.

``generate_corpus(out_dir, ...)`` writes a tree of plan files::

    OUT_DIR/
      truth.json
      tinh-hoa-son/
        2024_tinh-hoa-son_kh-34.txt            (province plan)
        huyen-an-phu/
          2024_huyen-an-phu_kh-12.md            (district plan)
          2024_xa-tan-lac_kh-5.txt              (commune plans of that district)

Shape (for each year): central directives (33/CT-TTg, 23-QĐ/TW, ...) ->
province plan "Thực hiện công tác dân vận chính quyền năm Y" implementing
33/CT-TTg -> one plan per district implementing the province plan of that
year -> one plan per commune implementing its district's plan.  A few plans
on other subjects (Đề án 06, cải cách hành chính, ...) implement a central
document directly.

Every sentence and every name here is invented for this generator; the
central documents (codes, dates, issuers, subjects) are the real ones listed
in ``shared/domain.md``.

Noise (``noise=True``) copies what real plans show; each kind has a rate in
:data:`NOISE_RATES` and is recorded per plan in ``truth.json`` (``noise``).
Each kind that can apply is also forced on the first eligible plans (at most
two kinds per plan) until it has occurred once, so that even a corpus of a
few dozen plans shows every kind.

``truth.json`` (one plan per line inside ``plans``)::

    {"seed": 0, "params": {...}, "central": [{"code","date","issuer","type","title"}],
     "plans": [{"file": "tinh-x/huyen-y/2024_huyen-y_kh-12.txt",   # relative, "/"-separated
                "code": "12/KH-UBND",        # the real number, even when the text leaves it blank
                "date": "2024-03-10",        # ISO, even when the text leaves the day blank
                "issuer": "UBND huyện Y",    # always absolute
                "level": "province|district|commune", "province": "X",
                "district": "huyện Y" | null, "commune": "xã Z" | null,
                "title": "...", "series": "dan_van" | "other",
                "implements": {"code","date","issuer"},          # the parent (a central doc for
                "also_implements": [{...}],                      #   province / off-series plans)
                "parent_file": "..." | null,   # null for province, off-series and orphan plans
                "chain": [{...}, ...],         # self, parent, ..., 33/CT-TTg (orphans: ends at the gap)
                "omitted": ["33/CT-TTg", ...], "cited_central": [...],   # by code
                "cited_by_title": ["23-QĐ/TW"] | [],   # named by title only, code absent
                "cited_other": [{...}],        # provincial/district Party docs, earlier own plans
                "derived": [{"from": {...}, "relation": "implements", "to": {...}}],
                "orphan": bool, "noise": [kinds],
                "units": [...], "reports_to": [{"from","to","via","deadlines"}],
                "signer": "...", "signer_position": "..."}],
     "missing": [{"code","date","issuer","level","file_not_written","implements"}],
     "stats": {"plans", "by_level", "noise": {kind: count}, "orphans", "missing", ...}}

``world="two-level"`` and ``world="mixed"`` write plans of real units taken from the gazetteer
(``vanban.graph.gazetteer``) instead: after 1 July 2025 (tỉnh -> xã), or before and after it in the same
provinces; their truth adds per-plan ``era`` and unit ids and a top-level ``coverage`` (see "Two-level
and mixed worlds" below). The three-level output is unchanged by them, byte for byte.

The output is deterministic for a seed: same seed, same bytes, same truth.
Text is written file by file and truth entries are streamed to
``truth.json``, so 100k plans need little memory.
"""
from __future__ import annotations

import json
import os
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from vanban.models import BadRequest

__all__ = ["generate_corpus", "Truth", "CorpusFolderError", "sizes_for", "NOISE_RATES", "NOISE_KINDS", "CENTRAL",
           "REQUIRED_CODES", "normalise_for_codes", "WORLDS", "REFORM_DATE", "MAX_YEAR_REFORM", "year_range"]

# --------------------------------------------------------------------------------------
# Central documents (facts from shared/domain.md)
# --------------------------------------------------------------------------------------

# code, ISO date, issuer, type, subject (None when not known for sure)
_CENTRAL_ROWS = [
    ("33/CT-TTg", "2021-11-26", "Thủ tướng Chính phủ", "Chỉ thị",
     "tiếp tục tăng cường và đổi mới công tác dân vận trong cơ quan hành chính nhà nước, "
     "chính quyền các cấp trong tình hình mới"),
    ("23-QĐ/TW", "2021-07-30", "Bộ Chính trị", "Quyết định",
     "ban hành Quy chế công tác dân vận của hệ thống chính trị"),
    ("114-KL/TW", "2015-07-14", "Ban Bí thư", "Kết luận",
     "nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp"),
    ("120-KL/TW", "2016-01-07", "Bộ Chính trị", "Kết luận", "quy chế dân chủ ở cơ sở"),
    ("25-NQ/TW", "2013-06-03", "Ban Chấp hành Trung ương (khóa XI)", "Nghị quyết", None),
    ("43-KL/TW", "2019-01-07", "Ban Bí thư", "Kết luận", None),
    ("217-QĐ/TW", "2013-12-12", "Bộ Chính trị", "Quyết định", "giám sát, phản biện xã hội"),
    ("218-QĐ/TW", "2013-12-12", "Bộ Chính trị", "Quyết định", "góp ý xây dựng Đảng, chính quyền"),
    ("43-NQ/TW", "2023-11-24", "Ban Chấp hành Trung ương", "Nghị quyết", None),
    ("18-CT/TW", "2022-10-26", "Ban Bí thư", "Chỉ thị", None),
    ("124-QĐ/TW", "2018-02-02", "Ban Bí thư", "Quyết định", None),
    ("05-CT/TW", "2016-05-15", "Bộ Chính trị", "Chỉ thị", None),
    ("01-KL/TW", "2021-05-18", "Bộ Chính trị", "Kết luận", None),
    ("76/NQ-CP", "2021-07-15", "Chính phủ", "Nghị quyết",
     "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030"),
    ("10/NQ-CP", "2022-01-28", "Chính phủ", "Nghị quyết", None),
    ("04/2015/NĐ-CP", "2015-01-09", "Chính phủ", "Nghị định", None),
    ("59/2023/NĐ-CP", "2023-08-14", "Chính phủ", "Nghị định",
     "quy định chi tiết Luật Thực hiện dân chủ ở cơ sở"),
    ("61/2023/NĐ-CP", "2023-08-16", "Chính phủ", "Nghị định", "hương ước, quy ước"),
    ("10/2022/QH15", "2022-11-10", "Quốc hội", "Luật", "Luật Thực hiện dân chủ ở cơ sở"),
    ("06/QĐ-TTg", "2022-01-06", "Thủ tướng Chính phủ", "Quyết định",
     "phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử "
     "phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030"),
]
CENTRAL: list[dict[str, Any]] = [
    {"code": c, "date": d, "issuer": i, "type": t, "title": s} for c, d, i, t, s in _CENTRAL_ROWS]
_C = {c["code"]: c for c in CENTRAL}
ROOT_CODE = "33/CT-TTg"
MIN_YEAR, MAX_YEAR = 2022, 2025
# The worlds `generate_corpus` writes: invented provinces with districts (the default), real units after
# the reform of 1 July 2025 (tỉnh -> xã), or both in the same provinces (see "Two-level and mixed" below).
WORLDS = ("three-level", "two-level", "mixed")
REFORM_DATE = date(2025, 7, 1)
MAX_YEAR_REFORM = 2026
REQUIRED_CODES = ("33/CT-TTg", "23-QĐ/TW")
# Optional central documents a dân vận plan may cite in II. NỘI DUNG.
_OPTIONAL_CENTRAL = ["114-KL/TW", "120-KL/TW", "43-KL/TW", "217-QĐ/TW", "43-NQ/TW", "18-CT/TW",
                     "124-QĐ/TW", "05-CT/TW", "01-KL/TW", "76/NQ-CP", "10/2022/QH15", "59/2023/NĐ-CP"]

# --------------------------------------------------------------------------------------
# Noise
# --------------------------------------------------------------------------------------

#: Probability that a plan (eligible for the kind) gets it.  "orphan" is the rate at
#: which a district plan is left out of the corpus (its commune plans become orphans);
#: "other_subject" the rate of extra off-series plans per district (communes: /10).
NOISE_RATES: dict[str, float] = {
    "nfd": 0.05,              # file stored in Unicode NFD
    "bom": 0.05,              # UTF-8 byte order mark
    "uy_variant": 0.15,       # old-style tone placement everywhere: "uỷ", "Uỷ", "hoà", "thuý" for "ủy", "hòa", "thúy"
    "markdown": 0.25,         # markdown bold/headings (**KẾ HOẠCH**); half of them saved as .md
    "split_code": 0.08,       # one code broken across lines: "23-\n\nQĐ/TW"
    "code_space": 0.08,       # stray space inside one code: "49/KH- UBND"
    "nbsp": 0.10,             # non-breaking spaces after "số"/"ngày"/"Số:"
    "relative_issuer": 0.30,  # parent named without its place: "của UBND tỉnh", "của UBND huyện"
    "blank_number": 0.05,     # "Số:      /KH-UBND"
    "blank_day": 0.08,        # "ngày    tháng 3 năm 2024"
    "omission": 0.06,         # a required citation (33/CT-TTg and/or 23-QĐ/TW) left out
    "no_header": 0.03,        # header (body, "Số:", place and date) lost, text starts at "KẾ HOẠCH"
    "hard_wrap": 0.05,        # body wrapped at ~80 columns as in PDF exports ("... công \n\ntác ...")
    "title_citation": 0.04,   # 23-QĐ/TW named by title only ("Quy chế công tác dân vận của hệ thống
                              #   chính trị"): not omitted, listed in cited_by_title, code absent
    "orphan": 0.03,           # (district plans) not written; its communes' chains end at a gap
    "other_subject": 0.08,    # extra plan on another subject (per district-year; communes 0.008)
}
NOISE_KINDS = tuple(NOISE_RATES)
# kinds applied to the text of one file, and which levels they apply to
_FILE_KINDS = {
    "nfd": {"province", "district", "commune"},
    "bom": {"province", "district", "commune"},
    "uy_variant": {"province", "district", "commune"},
    "markdown": {"province", "district", "commune"},
    "split_code": {"province", "district", "commune"},
    "code_space": {"province", "district", "commune"},
    "nbsp": {"province", "district", "commune"},
    "relative_issuer": {"district", "commune"},
    "blank_number": {"province", "district", "commune"},
    "blank_day": {"province", "district", "commune"},
    "omission": {"province", "district", "commune"},
    "no_header": {"province", "district", "commune"},
    "hard_wrap": {"province", "district", "commune"},
    "title_citation": {"province", "district", "commune"},
}
_MAX_FORCED_PER_PLAN = 2

# --------------------------------------------------------------------------------------
# Invented names
# --------------------------------------------------------------------------------------

_SYLLABLES = ["An", "Bình", "Phú", "Hòa", "Tân", "Long", "Thạnh", "Đông", "Tây", "Xuân", "Hưng",
              "Phước", "Mỹ", "Vĩnh", "Đức", "Minh", "Quang", "Hải", "Sơn", "Lâm", "Thủy", "Trung",
              "Kim", "Ngọc", "Phong", "Lạc", "Gia", "Hương", "Cẩm", "Thanh", "Lộc", "Tiên", "Văn",
              "Hồng", "Nghĩa", "Thái", "Tường", "Khê", "Đạo", "Mai", "Liên", "Bảo", "Cát", "Diên",
              "Hiệp", "Thịnh", "Vân", "Tùng", "Quỳnh", "Lương"]
# real province-level names (and the seeds' places) that the combinations must not produce
_AVOID = {"Hòa Bình", "Long An", "Vĩnh Long", "Thái Bình", "Sơn La", "Lâm Đồng", "Bình Phước",
          "Bình Dương", "Gia Lai", "Thanh Hóa", "Phú Thọ", "Hải Dương", "Hưng Yên", "Phú Yên",
          "Tây Ninh", "Quảng Ninh", "Hải Phòng", "Bình Thuận", "Hà Nam", "Thái Nguyên",
          "Đông Hà", "Tân An", "Mỹ Tho", "Hồng Lĩnh", "Bảo Lộc", "Vĩnh Yên", "Thủy Nguyên"}
_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
             "Dương", "Lý", "Đinh", "Mai", "Tạ", "Lưu", "Quách", "Kiều", "Triệu"]
_MIDDLES = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Đức", "Ngọc", "Xuân", "Thu", "Kim",
            "Công", "Bá", "Thế", "Diệu"]
_GIVENS = ["Hải", "Lan", "Tuấn", "Hà", "Bình", "Khoa", "Nhung", "Thắng", "Phương", "Dũng", "Hiền",
           "Long", "Quyên", "Sơn", "Tâm", "Vinh", "Yến", "Toàn", "Hạnh", "Khánh", "Nghị", "Trâm",
           "Lực", "Huệ", "Định"]


def _slug(s: str) -> str:
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


@dataclass
class _Unit:
    kind: str      # "tỉnh" | "huyện" | "thị xã" | "thành phố" | "xã" | "phường" | "thị trấn"
    name: str      # "Hòa Sơn"

    @property
    def full(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def issuer(self) -> str:
        return f"UBND {self.kind} {self.name}"


@dataclass
class _District:
    unit: _Unit
    communes: list[_Unit]
    hu_decision: tuple[str, str] | None = None   # ("70-QĐ/HU", "2021-12-30") for a huyện


@dataclass
class _Province:
    unit: _Unit
    districts: list[_District]
    tu_decision: tuple[str, str]              # ("407-QĐ/TU", "2021-09-30")


# --------------------------------------------------------------------------------------
# Sizes
# --------------------------------------------------------------------------------------

def sizes_for(plans: int, n_years: int = 2) -> tuple[int, int, int]:
    """(provinces, districts per province, communes per district) giving about `plans` plans."""
    per_year = max(1, round(plans / max(1, n_years)))
    best = None
    p0 = max(1, round(per_year / 131))
    for p in range(max(1, p0 - 2), p0 + 3):
        for d in range(0, 11):
            for c in range(0, 13):
                if d == 0 and c:
                    continue
                total = p * (1 + d + d * c)
                key = (abs(total - per_year), -d * c, -d, p)
                if best is None or key < best[0]:
                    best = (key, (p, d, c))
    assert best is not None
    return best[1]


# --------------------------------------------------------------------------------------
# Dates and citations
# --------------------------------------------------------------------------------------

def _iso(d: date) -> str:
    return d.isoformat()


def _d(s: str) -> date:
    return date.fromisoformat(s)


def _fmt_date(d: date, rng: random.Random) -> str:
    """The date after "ngày": "26/11/2021", "06/3/2024", "26 tháng 11 năm 2021"."""
    r = rng.random()
    if r < 0.45:
        return f"{d.day:02d}/{d.month}/{d.year}"
    if r < 0.6:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if r < 0.9:
        return f"{d.day:02d} tháng {d.month} năm {d.year}"
    return f"{d.day:02d} tháng {d.month:02d} năm {d.year}"


def _ngay(d: date, rng: random.Random) -> str:
    return (", ngày " if rng.random() < 0.15 else " ngày ") + _fmt_date(d, rng)


def _cite_central(code: str, rng: random.Random) -> str:
    c = _C[code]
    d = _d(c["date"])
    typ = c["type"]
    issuer = c["issuer"]
    if issuer == "Ban Bí thư" and rng.random() < 0.3:
        issuer = "Ban Bí thư Trung ương Đảng"
    if code == "10/2022/QH15":
        return f"Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15{_ngay(d, rng)} của Quốc hội"
    s = f"{typ} số {code}{_ngay(d, rng)} của {issuer}"
    if c["title"]:
        t = c["title"]
        if code == "33/CT-TTg" and rng.random() < 0.4:
            s += f" về “{t[0].upper()}{t[1:]}”"
        elif t.startswith("ban hành") or t.startswith("phê duyệt") or t.startswith("quy định"):
            s += f" {t}" if rng.random() < 0.5 else f" về việc {t}"
        else:
            s += f" về {t}"
    return s


# --------------------------------------------------------------------------------------
# Sentence pools (all written for this generator)
# --------------------------------------------------------------------------------------

_PURPOSE = [
    "Nâng cao nhận thức, trách nhiệm của cán bộ, công chức, viên chức {scope} về vị trí, vai trò của công tác dân vận chính quyền trong giai đoạn hiện nay.",
    "Gắn việc thực hiện công tác dân vận với nhiệm vụ chính trị của từng cơ quan, đơn vị; lấy sự hài lòng của người dân làm thước đo hiệu quả hoạt động của bộ máy hành chính.",
    "Phát huy quyền làm chủ của Nhân dân, tạo đồng thuận xã hội trong thực hiện các mục tiêu phát triển kinh tế - xã hội năm {year} {scope}.",
    "Xác định cụ thể nhiệm vụ, thời gian thực hiện và trách nhiệm của từng cơ quan, đơn vị; bảo đảm việc triển khai thống nhất, thiết thực, tránh hình thức.",
    "Người đứng đầu cơ quan, đơn vị chịu trách nhiệm trực tiếp trong chỉ đạo thực hiện công tác dân vận chính quyền tại cơ quan, đơn vị mình.",
    "Tăng cường sự phối hợp giữa chính quyền với Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội trong vận động Nhân dân thực hiện chủ trương, chính sách.",
    "Kịp thời nắm bắt tâm tư, nguyện vọng của Nhân dân; giải quyết dứt điểm những kiến nghị chính đáng ngay từ cơ sở, không để phát sinh điểm nóng.",
    "Đổi mới cách tiếp cận, lắng nghe ý kiến của người dân và doanh nghiệp qua các kênh trực tiếp cũng như trên môi trường số.",
]

_CITE_TASK = [
    "Tiếp tục quán triệt, tổ chức thực hiện nghiêm túc {cites}; gắn với việc xây dựng đội ngũ cán bộ, công chức, viên chức gần dân, trọng dân, có trách nhiệm với dân.",
    "Chỉ đạo các cơ quan, đơn vị tổ chức học tập, quán triệt và cụ thể hóa {cites} thành nhiệm vụ thường xuyên trong chương trình công tác năm {year}.",
    "Bám sát {cites} để xây dựng chương trình, kế hoạch công tác dân vận phù hợp với điều kiện thực tế {scope}.",
    "Đẩy mạnh tuyên truyền và thực hiện có hiệu quả {cites}, tạo chuyển biến rõ nét về nhận thức và hành động trong cơ quan hành chính nhà nước.",
]

_TASKS = [
    "Đẩy mạnh cải cách hành chính, trọng tâm là rà soát, cắt giảm thủ tục không cần thiết; nâng cao chất lượng tiếp nhận và trả kết quả tại Bộ phận Một cửa, phấn đấu không để hồ sơ trễ hạn.",
    "Thực hiện nghiêm việc tiếp công dân định kỳ và đột xuất của người đứng đầu; giải quyết đơn thư khiếu nại, tố cáo đúng thẩm quyền, đúng thời hạn, công khai kết quả giải quyết.",
    "Xây dựng văn hóa công sở, chấn chỉnh lề lối làm việc; xử lý nghiêm cán bộ, công chức có biểu hiện hách dịch, gây khó khăn cho người dân khi giải quyết công việc.",
    "Tiếp tục phát động và nhân rộng phong trào thi đua “Dân vận khéo”, lựa chọn các mô hình tiêu biểu để biểu dương, khen thưởng kịp thời.",
    "Thực hiện tốt phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng” trong các chương trình, dự án triển khai tại địa phương.",
    "Ứng dụng công nghệ thông tin trong chỉ đạo, điều hành; mở rộng các kênh tiếp nhận phản ánh, kiến nghị của người dân qua cổng dịch vụ công và mạng xã hội.",
    "Phối hợp chặt chẽ với Ủy ban Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội cùng cấp trong giám sát, phản biện xã hội, góp ý xây dựng chính quyền.",
    "Quan tâm thực hiện chính sách đối với đồng bào dân tộc thiểu số, người có công, hộ nghèo; bảo đảm hỗ trợ đúng đối tượng, công khai, minh bạch.",
    "Tổ chức kiểm tra, giám sát việc thực hiện công tác dân vận chính quyền tại các cơ quan, đơn vị trực thuộc; kịp thời chấn chỉnh những hạn chế, thiếu sót.",
    "Làm tốt công tác thông tin, tuyên truyền trên hệ thống truyền thanh và trang thông tin điện tử về các chủ trương lớn, các công trình, dự án có ảnh hưởng đến đời sống Nhân dân.",
    "Chú trọng công tác hòa giải ở cơ sở; vận động Nhân dân xây dựng và thực hiện hương ước, quy ước phù hợp với quy định của pháp luật.",
]

_CLOSING = [
    "Trên đây là Kế hoạch thực hiện công tác dân vận chính quyền năm {year} của {issuer_long}; yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời phản ánh về {self_short} (qua {lead}) để xem xét, giải quyết./.",
    "Yêu cầu thủ trưởng các cơ quan, đơn vị có liên quan căn cứ nhiệm vụ được giao tổ chức triển khai thực hiện có hiệu quả Kế hoạch này./.",
]

_UNITS = {
    "province": [
        ("Sở Nội vụ", ["Là cơ quan thường trực, tham mưu UBND tỉnh theo dõi, đôn đốc, hướng dẫn các cơ quan, đơn vị triển khai Kế hoạch này.",
                       "Chủ trì xây dựng kế hoạch kiểm tra công tác dân vận chính quyền; tổng hợp kết quả, tham mưu báo cáo theo quy định."]),
        ("Sở Tư pháp", ["Hướng dẫn các địa phương tổ chức phổ biến, giáo dục pháp luật và thực hiện tốt công tác hòa giải ở cơ sở."]),
        ("Sở Thông tin và Truyền thông", ["Chỉ đạo các cơ quan báo chí, hệ thống thông tin cơ sở tuyên truyền về công tác dân vận chính quyền và các mô hình “Dân vận khéo”."]),
        ("Sở Tài chính", ["Tham mưu bố trí kinh phí thực hiện Kế hoạch trong dự toán ngân sách hằng năm của các cơ quan, đơn vị."]),
        ("Thanh tra tỉnh", ["Hướng dẫn, kiểm tra việc tiếp công dân, giải quyết khiếu nại, tố cáo của các sở, ngành và địa phương."]),
        ("Các sở, ban, ngành tỉnh", ["Căn cứ chức năng, nhiệm vụ, xây dựng kế hoạch thực hiện công tác dân vận chính quyền của cơ quan, đơn vị mình."]),
        ("{subs_name}", ["Ban hành kế hoạch thực hiện công tác dân vận chính quyền năm {year} phù hợp với tình hình của địa phương; chỉ đạo UBND cấp xã triển khai thực hiện."]),
    ],
    "district": [
        ("Phòng Nội vụ", ["Tham mưu UBND {dkind} hướng dẫn, theo dõi, đôn đốc các cơ quan, đơn vị và UBND cấp xã thực hiện Kế hoạch này.",
                          "Tổng hợp kết quả thực hiện, tham mưu UBND {dkind} báo cáo theo quy định."]),
        ("Phòng Tư pháp", ["Hướng dẫn công tác phổ biến, giáo dục pháp luật, hòa giải ở cơ sở; theo dõi việc xây dựng và thực hiện hương ước, quy ước."]),
        ("Phòng Văn hóa và Thông tin", ["Chủ trì tuyên truyền về công tác dân vận chính quyền trên trang thông tin điện tử và hệ thống truyền thanh của {dkind}."]),
        ("Phòng Tài chính - Kế hoạch", ["Tham mưu bố trí kinh phí bảo đảm cho việc triển khai Kế hoạch."]),
        ("Thanh tra {dkind}", ["Theo dõi, kiểm tra việc tiếp công dân, giải quyết đơn thư khiếu nại, tố cáo tại các xã, thị trấn."]),
        ("Các phòng, ban, ngành thuộc UBND {dkind}", ["Căn cứ chức năng, nhiệm vụ, cụ thể hóa nội dung Kế hoạch vào chương trình công tác của đơn vị."]),
        ("UBND các {ckinds}", ["Xây dựng kế hoạch thực hiện công tác dân vận chính quyền năm {year} ở địa phương; chú trọng giải quyết kịp thời kiến nghị của Nhân dân."]),
    ],
    "commune": [
        ("Công chức Văn phòng – Thống kê", ["Tham mưu Chủ tịch UBND {ckind} theo dõi, đôn đốc các bộ phận thực hiện Kế hoạch; tổng hợp kết quả, dự thảo báo cáo."]),
        ("Công chức Tư pháp – Hộ tịch", ["Tổ chức phổ biến pháp luật, củng cố tổ hòa giải ở thôn, tổ dân phố; hướng dẫn rà soát hương ước, quy ước."]),
        ("Công chức Văn hóa – Xã hội", ["Tuyên truyền trên hệ thống loa truyền thanh về công tác dân vận; thực hiện đúng, đủ chính sách an sinh xã hội."]),
        ("Công chức Địa chính – Xây dựng", ["Công khai quy hoạch, kế hoạch sử dụng đất; giải quyết kịp thời các vướng mắc về đất đai của Nhân dân."]),
        ("Công chức Tài chính – Kế toán", ["Tham mưu bố trí kinh phí thực hiện Kế hoạch; công khai các khoản thu, chi ngân sách theo quy định."]),
        ("Công an {ckind}", ["Nắm chắc tình hình an ninh trật tự trên địa bàn; phối hợp tuyên truyền, vận động Nhân dân tham gia phong trào toàn dân bảo vệ an ninh Tổ quốc."]),
        ("Ban Chỉ huy Quân sự {ckind}", ["Phối hợp vận động thanh niên thực hiện nghĩa vụ quân sự, công khai các bước tuyển quân."]),
    ],
}

_LEAD = {"province": "Sở Nội vụ", "district": "Phòng Nội vụ", "commune": "công chức Văn phòng – Thống kê"}

_OTHER_SUBJECTS = [
    ("06/QĐ-TTg", "Triển khai Đề án 06 trên địa bàn {self_full} năm {year}",
     "phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử"),
    ("76/NQ-CP", "Cải cách hành chính năm {year}", "cải cách hành chính"),
    ("59/2023/NĐ-CP", "Thực hiện dân chủ ở cơ sở trên địa bàn {self_full} năm {year}", "thực hiện dân chủ ở cơ sở"),
    ("61/2023/NĐ-CP", "Rà soát, sửa đổi hương ước, quy ước năm {year}", "xây dựng và thực hiện hương ước, quy ước"),
]
_OTHER_TASKS = [
    "Rà soát các nhiệm vụ được giao, xác định rõ tiến độ, sản phẩm và cơ quan chủ trì từng nhiệm vụ.",
    "Bố trí đủ nhân lực, kinh phí và trang thiết bị để hoàn thành các chỉ tiêu đề ra trong năm {year}.",
    "Định kỳ hằng quý kiểm tra, đánh giá tiến độ thực hiện; kịp thời đề xuất tháo gỡ khó khăn, vướng mắc.",
    "Tuyên truyền sâu rộng để người dân, doanh nghiệp hiểu và chủ động tham gia thực hiện.",
]


# --------------------------------------------------------------------------------------
# Truth
# --------------------------------------------------------------------------------------

@dataclass
class Truth:
    """Ground truth of a generated corpus (the content of ``truth.json``).

    ``plans`` is read from ``truth.json`` on first access, so generating 100k plans
    does not keep their records in memory.
    """

    out_dir: Path
    seed: int
    params: dict[str, Any]
    central: list[dict[str, Any]]
    stats: dict[str, Any] = field(default_factory=dict)
    missing: list[dict[str, Any]] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)   # two-level and mixed worlds only
    _plans: list[dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.out_dir / "truth.json"

    @property
    def plans(self) -> list[dict[str, Any]]:
        if self._plans is None:
            self._plans = json.loads(self.path.read_text(encoding="utf-8"))["plans"]
        return self._plans

    def by_file(self) -> dict[str, dict[str, Any]]:
        return {p["file"]: p for p in self.plans}

    def __len__(self) -> int:
        return int(self.stats.get("plans", 0))

    @classmethod
    def load(cls, out_dir: str | os.PathLike[str]) -> Truth:
        out = Path(out_dir)
        d = json.loads((out / "truth.json").read_text(encoding="utf-8"))
        return cls(out_dir=out, seed=d["seed"], params=d["params"], central=d["central"],
                   stats=d.get("stats", {}), missing=d.get("missing", []), coverage=d.get("coverage", []),
                   _plans=d["plans"])


def _ref(code: str, iso: str, issuer: str) -> dict[str, str]:
    return {"code": code, "date": iso, "issuer": issuer}


_CENTRAL_REF = {c["code"]: _ref(c["code"], c["date"], c["issuer"]) for c in CENTRAL}


def normalise_for_codes(text: str) -> str:
    """Text with BOM, NFD, non-breaking spaces and all whitespace removed: a code such as
    "23-QĐ/TW" occurs in it iff the plan mentions it (even split across lines)."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------------------

class _Gen:
    def __init__(self, out_dir: Path, seed: int, noise: bool):
        self.out = out_dir
        self.rng = random.Random(f"vanban-synth:{seed}")
        self.noise = noise
        self.seen: dict[str, int] = {k: 0 for k in NOISE_KINDS}
        self.written: set[str] = set()

    # ---- geography -------------------------------------------------------------------
    def _name(self, used: set[str]) -> str:
        """An invented two-syllable place name whose file slug is not in `used` (slugs)."""
        rng = self.rng
        for _ in range(1000):
            a, b = rng.sample(_SYLLABLES, 2)
            n = f"{a} {b}"
            key = _slug(n)             # "Thanh Khê" and "Thạnh Khê" would share a file name
            if key not in used and n not in _AVOID:
                used.add(key)
                return n
        raise RuntimeError("ran out of invented place names")

    def geography(self, P: int, D: int, C: int) -> list[_Province]:
        rng = self.rng
        used_prov: set[str] = set()
        provinces = []
        for _ in range(P):
            pname = self._name(used_prov)
            used_d: set[str] = {_slug(pname)}
            districts = []
            has_city = False
            for _ in range(D):
                r = rng.random()
                if r < 0.12 and not has_city:
                    kind, has_city = "thành phố", True
                elif r < 0.22:
                    kind = "thị xã"
                else:
                    kind = "huyện"
                dname = self._name(used_d)
                used_c: set[str] = {_slug(dname)}
                communes = []
                for k in range(C):
                    if kind == "huyện":
                        ck = "thị trấn" if k == 0 and rng.random() < 0.7 else "xã"
                    else:
                        ck = "phường" if k < max(1, C * 2 // 3) else "xã"
                    communes.append(_Unit(ck, self._name(used_c)))
                hu = None
                if kind == "huyện":
                    hu = (f"{rng.randint(40, 1900)}-QĐ/HU",
                          _iso(date(2021, 8, 15) + timedelta(days=rng.randint(0, 200))))
                districts.append(_District(_Unit(kind, dname), communes, hu))
            tu = (f"{rng.randint(150, 1200)}-QĐ/TU", _iso(date(2021, 7, 1) + timedelta(days=rng.randint(20, 300))))
            provinces.append(_Province(_Unit("tỉnh", pname), districts, tu))
        return provinces

    def person(self) -> str:
        r = self.rng
        return f"{r.choice(_SURNAMES)} {r.choice(_MIDDLES)} {r.choice(_GIVENS)}"

    # ---- noise selection ---------------------------------------------------------------
    def pick_noise(self, level: str, extra_exclude: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
        if not self.noise:
            return set()
        rng = self.rng
        kinds = set()
        forced = 0
        for k, levels in _FILE_KINDS.items():
            if level not in levels or k in extra_exclude:
                continue
            if rng.random() < NOISE_RATES[k]:
                kinds.add(k)
            elif self.seen[k] == 0 and forced < _MAX_FORCED_PER_PLAN:
                kinds.add(k)
                forced += 1
        if "no_header" in kinds:
            kinds -= {"blank_number", "blank_day"}
        return kinds


def _title_lines(title: str, rng: random.Random) -> list[str]:
    """Split a long title over two or three lines, as printed plans do."""
    words = title.split(" ")
    if len(words) < 9 or rng.random() < 0.4:
        return [title]
    # printed titles break at phrase boundaries, never inside a name
    cuts = [i for i in range(3, len(words) - 1) if words[i] in ("chính", "trên", "năm", "các")]
    if not cuts:
        return [title]
    cut = rng.choice(cuts)
    return [" ".join(words[:cut]), " ".join(words[cut:])]


def _apply_split(text: str, code: str, rng: random.Random, after: int) -> tuple[str, bool]:
    """Break one occurrence of `code` (searching from `after`) across lines."""
    i = text.find(code, after)
    if i < 0:
        return text, False
    if "-" in code.split("/")[0]:          # party: "23-QĐ/TW" -> "23-\n\nQĐ/TW"
        j = code.index("-") + 1
    else:                                  # state: "33/CT-TTg" -> "33/CT-\nTTg" or "33/\nCT-TTg"
        j = code.rindex("-") + 1 if "-" in code and rng.random() < 0.5 else code.index("/") + 1
    brk = "\n\n" if rng.random() < 0.5 else " \n"
    return text[:i] + code[:j] + brk + code[j:] + text[i + len(code):], True


def _apply_space(text: str, code: str, after: int) -> tuple[str, bool]:
    i = text.find(code, after)
    if i < 0:
        return text, False
    j = code.rindex("-") + 1 if "-" in code else code.index("/") + 1
    return text[:i] + code[:j] + " " + code[j:] + text[i + len(code):], True


def generate_corpus(out_dir: str | os.PathLike[str], *, seed: int = 0, plans: int | None = None,
                    provinces: int = 1, districts_per_province: int = 10,
                    communes_per_district: int = 12, years: tuple[int, ...] | list[int] | None = None,
                    noise: bool = True, world: str = "three-level") -> Truth:
    """Write a synthetic corpus under `out_dir` and return its :class:`Truth`.

    `plans=N` overrides the three size parameters with sizes giving about N plans
    (dân vận plans: years x provinces x (1 + D + D x C); off-series plans add ~1%).
    `world` is "three-level" (default: invented names, years 2023,2024), "two-level" or "mixed" (real
    units from the gazetteer; see :func:`_generate_reform`).
    """
    if world not in WORLDS:
        raise ValueError(f"world must be one of {', '.join(WORLDS)}; got {world!r}")
    if world != "three-level":
        return _generate_reform(out_dir, world=world, seed=seed, plans=plans, provinces=provinces,
                                districts_per_province=districts_per_province,
                                communes_per_district=communes_per_district, years=years, noise=noise)
    out = Path(out_dir)
    years = tuple(int(y) for y in ((2023, 2024) if years is None else years))
    if not years:
        raise ValueError("years must not be empty")
    if any(y < MIN_YEAR or y > MAX_YEAR for y in years):
        raise ValueError(f"years must lie in {MIN_YEAR}..{MAX_YEAR}: plans implement 33/CT-TTg "
                         f"(26/11/2021) and districts were abolished on 1 July 2025")
    if plans is not None:
        provinces, districts_per_province, communes_per_district = sizes_for(int(plans), len(years))
    if provinces < 1 or districts_per_province < 0 or communes_per_district < 0:
        raise ValueError("sizes must be positive")
    _clear_previous(out)
    out.mkdir(parents=True, exist_ok=True)
    params = {"plans": plans, "provinces": provinces, "districts_per_province": districts_per_province,
              "communes_per_district": communes_per_district, "years": list(years), "noise": noise}
    g = _Gen(out, seed, noise)
    geo = g.geography(provinces, districts_per_province, communes_per_district)
    stats: dict[str, Any] = {"plans": 0, "by_level": {"province": 0, "district": 0, "commune": 0},
                             "noise": {}, "orphans": 0, "missing": 0, "omissions": 0, "other_subject": 0}
    missing: list[dict[str, Any]] = []
    tpath = out / "truth.json"
    with open(tpath, "w", encoding="utf-8", newline="\n") as tf:
        tf.write("{\n")
        tf.write(f'"seed": {json.dumps(seed)},\n"params": {json.dumps(params, ensure_ascii=False)},\n')
        tf.write('"central": [\n' + ",\n".join(json.dumps(c, ensure_ascii=False) for c in CENTRAL) + "\n],\n")
        tf.write('"plans": [\n')
        first = True
        for rec in _plans(g, geo, years, missing):
            tf.write(("" if first else ",\n") + json.dumps(rec, ensure_ascii=False))
            first = False
            stats["plans"] += 1
            stats["by_level"][rec["level"]] += 1
            for k in rec["noise"]:
                stats["noise"][k] = stats["noise"].get(k, 0) + 1
            stats["orphans"] += rec["orphan"]
            stats["omissions"] += bool(rec["omitted"])
            stats["other_subject"] += rec["series"] != "dan_van"
        stats["missing"] = len(missing)
        stats["noise"] = dict(sorted(stats["noise"].items()))
        tf.write("\n],\n")
        tf.write('"missing": [\n' + ",\n".join(json.dumps(m, ensure_ascii=False) for m in missing) + "\n],\n")
        tf.write(f'"stats": {json.dumps(stats, ensure_ascii=False)}\n}}\n')
    return Truth(out_dir=out, seed=seed, params=params, central=CENTRAL, stats=stats, missing=missing)


class CorpusFolderError(BadRequest, ValueError):
    """OUT_DIR cannot take a corpus (a file, or a folder with other content)."""


def _clear_previous(out: Path) -> None:
    """Make `out` ready: absent, empty, or a previous corpus whose listed files are removed.

    Anything else is refused, so that a stray folder is never mixed into (or deleted by) a corpus.
    """
    if not out.exists():
        return
    if not out.is_dir():
        raise CorpusFolderError(f"{out} exists and is not a folder",
                                message_vi=f"{out} đã tồn tại và không phải là thư mục")
    if not any(out.iterdir()):
        return
    truth = out / "truth.json"
    if not truth.is_file():
        raise CorpusFolderError(f"{out} is not empty and holds no truth.json: choose an empty or new folder",
                                message_vi=f"{out} không trống và không phải kho dữ liệu tổng hợp cũ "
                                           f"(không có truth.json): hãy chọn thư mục trống hoặc mới")
    dirs: set[str] = set()
    with open(truth, encoding="utf-8") as f:
        for line in f:                        # one plan per line: no need to load 100k records
            if not line.startswith('{"file": '):
                continue
            rel = json.loads(line.rstrip().rstrip(","))["file"]
            parts = rel.split("/")
            if rel.startswith("/") or ".." in parts or "\\" in rel or ":" in rel:
                continue                       # only plain relative paths inside `out`
            try:
                os.unlink(out / rel)
            except FileNotFoundError:
                pass
            for i in range(1, len(parts)):
                dirs.add("/".join(parts[:i]))
    truth.unlink()
    for d in sorted(dirs, key=lambda x: x.count("/"), reverse=True):
        try:
            os.rmdir(out / d)                  # only if now empty
        except OSError:
            pass


# --------------------------------------------------------------------------------------
# Plans
# --------------------------------------------------------------------------------------

def _plans(g: _Gen, geo: list[_Province], years: tuple[int, ...],
           missing: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    rng = g.rng
    forced_orphan_done = False
    forced_other_done = False
    for year in years:
        for prov in geo:
            pdir = _slug(prov.unit.full)
            pdate = date(year, 1, 8) + timedelta(days=rng.randint(0, 60))
            pcode = f"{rng.randint(15, 260)}/KH-UBND"
            pref = _ref(pcode, _iso(pdate), prov.unit.issuer)
            prec = _write_plan(g, level="province", year=year, unit=prov.unit, prov=prov, dist=None,
                               code=pcode, d=pdate, parent=None, parent_unit=None,
                               folder=pdir, chain_up=[_CENTRAL_REF[ROOT_CODE]], parent_file=None)
            yield prec
            for dist in prov.districts:
                ddir = f"{pdir}/{_slug(dist.unit.full)}"
                ddate = pdate + timedelta(days=rng.randint(4, 30))
                used_nums: set[int] = set()
                dnum = rng.randint(1, 40)
                used_nums.add(dnum)
                dcode = f"{dnum}/KH-UBND"
                dref = _ref(dcode, _iso(ddate), dist.unit.issuer)
                dchain = [dref, pref, _CENTRAL_REF[ROOT_CODE]]
                drop = False
                if g.noise and dist.communes:
                    drop = rng.random() < NOISE_RATES["orphan"] or not forced_orphan_done
                    forced_orphan_done = True
                if drop:
                    fname = _fname(year, dist.unit, dcode)
                    missing.append({**dref, "level": "district", "file_not_written": f"{ddir}/{fname}.txt",
                                    "implements": pref})
                    dfile = None
                else:
                    drec = _write_plan(g, level="district", year=year, unit=dist.unit, prov=prov, dist=dist,
                                       code=dcode, d=ddate, parent=pref, parent_unit=prov.unit,
                                       folder=ddir, chain_up=[pref, _CENTRAL_REF[ROOT_CODE]],
                                       parent_file=prec["file"])
                    dfile = drec["file"]
                    yield drec
                if g.noise and (rng.random() < NOISE_RATES["other_subject"] or not forced_other_done):
                    forced_other_done = True
                    num = _fresh(rng, used_nums, 1, 60)
                    yield _write_other(g, year=year, unit=dist.unit, level="district", prov=prov, dist=dist,
                                       code=f"{num}/KH-UBND", d=ddate + timedelta(days=rng.randint(10, 200)),
                                       folder=ddir)
                for com in dist.communes:
                    cdate = ddate + timedelta(days=rng.randint(3, 25))
                    cnums: set[int] = set()
                    cnum = _fresh(rng, cnums, 1, 25)
                    ccode = f"{cnum}/KH-UBND"
                    yield _write_plan(g, level="commune", year=year, unit=com, prov=prov, dist=dist,
                                      code=ccode, d=cdate, parent=dref, parent_unit=dist.unit, folder=ddir,
                                      chain_up=dchain if dfile else [dref], parent_file=dfile)
                    if g.noise and rng.random() < NOISE_RATES["other_subject"] / 10:
                        num = _fresh(rng, cnums, 1, 40)
                        yield _write_other(g, year=year, unit=com, level="commune", prov=prov, dist=dist,
                                           code=f"{num}/KH-UBND", d=cdate + timedelta(days=rng.randint(10, 200)),
                                           folder=ddir)


def _fresh(rng: random.Random, used: set[int], lo: int, hi: int) -> int:
    while True:
        n = rng.randint(lo, hi)
        if n not in used:
            used.add(n)
            return n


def _fname(year: int, unit: _Unit, code: str, suffix: str = "") -> str:
    return f"{year}_{_slug(unit.full)}_kh-{code.split('/')[0]}{suffix}"


def _long(unit: _Unit, rng: random.Random, relative: bool = False) -> str:
    """How a text names a People's Committee: "UBND huyện X" / "Ủy ban nhân dân huyện X"."""
    head = "UBND" if rng.random() < 0.55 else "Ủy ban nhân dân"
    return f"{head} {unit.kind}" if relative else f"{head} {unit.kind} {unit.name}"


def _header(unit: _Unit, place: str, code_num: str, d: date, kinds: set[str], rng: random.Random) -> list[str]:
    lines = []
    body = ["ỦY BAN NHÂN DÂN", unit.full.upper()]
    if rng.random() < 0.6:
        motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        if rng.random() < 0.5:
            lines += [body[0] + "    " + motto[0], body[1] + "    " + motto[1]]
        else:
            lines += body + [""] + motto
    else:
        lines += body
    lines.append("")
    if "blank_number" in kinds:
        lines.append("Số:" + " " * rng.randint(1, 8) + "/KH-UBND")
    else:
        lines.append(f"Số: {code_num}/KH-UBND")
    lines.append("")
    mon = f"{d.month:02d}" if rng.random() < 0.4 else str(d.month)
    if "blank_day" in kinds:
        lines.append(f"{place}, ngày" + " " * rng.randint(1, 6) + f"tháng {mon} năm {d.year}")
    else:
        day = f"{d.day:02d}" if rng.random() < 0.8 else str(d.day)
        lines.append(f"{place}, ngày {day} tháng {mon} năm {d.year}")
    return lines


_PREAMBLE_RE = re.compile(r"^(Thực hiện|Căn cứ) [^\n]*(Chỉ thị|Kế hoạch|Luật|Nghị quyết|Quyết định)", re.M)


def _hard_wrap(text: str, rng: random.Random) -> str:
    """Wrap every long line at about 80 columns, as text copied out of a PDF."""
    width = rng.randint(70, 90)
    joiner = " \n\n" if rng.random() < 0.6 else "\n"
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        parts, cur = [], ""
        for w in line.split(" "):
            if cur and len(cur) + 1 + len(w) > width:
                parts.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}" if cur else w
        parts.append(cur)
        out.append(joiner.join(parts))
    return "\n".join(out)


def _old_tone_table() -> dict[str, str]:
    """New-style -> old-style tone placement in open syllables: ủy -> uỷ, hòa -> hoà, thúy -> thuý."""
    marks = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
    table = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for mk in marks:
            for up in (False, True):
                a, b = (first.upper(), second.upper()) if up else (first, second)
                new = unicodedata.normalize("NFC", a + mk) + b
                old = a + unicodedata.normalize("NFC", b + mk)
                table[new] = old
                if not up:   # "Ủy" -> "Uỷ"
                    table[unicodedata.normalize("NFC", a.upper() + mk) + b] = a.upper() + unicodedata.normalize("NFC", b + mk)
    return table


_OLD_TONE = _old_tone_table()
_OLD_TONE_RE = re.compile("(?:" + "|".join(sorted(_OLD_TONE, key=len, reverse=True)) + r")(?![^\W\d_])")

_NBSP_RE = re.compile(r"\b(số|Số:|ngày) (?=\S)")


def _finish(g: _Gen, text: str, kinds: set[str], level: str, folder: str, fname: str,
            split_targets: list[str], space_targets: list[str], body_start: int) -> tuple[str, list[str]]:
    """Apply the text-level noise kinds, write the file, return (relative path, applied kinds)."""
    rng = g.rng
    applied = set(kinds) - {"split_code", "code_space", "nfd", "bom", "uy_variant", "nbsp", "hard_wrap"}
    if "split_code" in kinds and split_targets:
        text, ok = _apply_split(text, rng.choice(split_targets), rng, body_start)
        if ok:
            applied.add("split_code")
    if "code_space" in kinds and space_targets:
        text, ok = _apply_space(text, rng.choice(space_targets), body_start)
        if ok:
            applied.add("code_space")
    if "hard_wrap" in kinds:
        m = _PREAMBLE_RE.search(text)
        if m:
            text = text[:m.start()] + _hard_wrap(text[m.start():], rng)
            applied.add("hard_wrap")
    if "uy_variant" in kinds:
        text = _OLD_TONE_RE.sub(lambda m: _OLD_TONE[m.group(0)], text)
        applied.add("uy_variant")
    if "nbsp" in kinds:
        text = _NBSP_RE.sub("\\1\u00a0", text)
        applied.add("nbsp")
    ext = ".txt"
    if "markdown" in kinds and rng.random() < 0.5:
        ext = ".md"
    if "nfd" in kinds:
        text = unicodedata.normalize("NFD", text)
        applied.add("nfd")
    data = text.encode("utf-8")
    if "bom" in kinds:
        data = b"\xef\xbb\xbf" + data
        applied.add("bom")
    rel = f"{folder}/{fname}{ext}"
    key = f"{folder}/{fname}"
    if key in g.written:
        raise RuntimeError(f"synth: two plans would share the file name {rel}")
    g.written.add(key)
    path = g.out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    for k in applied:
        g.seen[k] += 1
    return rel, sorted(applied)


def _scope(unit: _Unit) -> str:
    return f"trên địa bàn {unit.kind}"


def _write_plan(g: _Gen, *, level: str, year: int, unit: _Unit, prov: _Province, dist: _District | None,
                code: str, d: date, parent: dict[str, str] | None, parent_unit: _Unit | None,
                folder: str, chain_up: list[dict[str, str]], parent_file: str | None,
                era: str | None = None, extra_cites: list[tuple[str, dict[str, str]]] = ()) -> dict[str, Any]:
    """One dân vận plan. ``era`` None is the invented three-level world (its bytes must not change);
    "pre" / "post" are plans of real units before / after 1 July 2025 (``post``: communes answer to the
    province, which assigns to "UBND các xã, phường, đặc khu"). ``extra_cites`` are (phrase, ref) pairs
    cited (not implemented) in II. NỘI DUNG.

    The helpers below draw from ``g.rng`` in the order the text is written: calling them in
    another order (or drawing once more) changes every later plan of the corpus."""
    rng = g.rng
    post = era == "post"
    subs_name = "UBND các xã, phường, đặc khu" if post else "UBND các huyện, thị xã, thành phố"
    kinds = g.pick_noise(level)
    md = "markdown" in kinds
    B = (lambda s: f"**{s}**") if md else (lambda s: s)
    H = (lambda s, n: f"{'#' * n} **{s}**" if rng.random() < 0.4 else f"**{s}**") if md else (lambda s, n: s)
    sep = "\n\n" if rng.random() < 0.7 else "\n"
    omitted, by_title = _omissions(kinds, level, rng)
    title = _plan_title(unit, year, rng)
    lines = _plan_head(unit, code, d, kinds, title, B, rng)
    head_len = len("\n".join(lines))

    # preamble
    self_long = _long(unit, rng)
    relative = "relative_issuer" in kinds
    if level == "province":
        implements_ref = _CENTRAL_REF[ROOT_CODE]
        pre, also_implements = _province_preamble(unit, year, d, rng)
        space_targets = [ROOT_CODE]
    else:
        assert parent is not None and parent_unit is not None
        implements_ref = parent
        pre, also_implements = [_implementing_preamble(parent, parent_unit, relative, year, rng)], []
        space_targets = [parent["code"]]
    _end_preamble(pre, self_long, title, rng)
    lines.append(sep.join(pre))
    lines.append("")

    # I. purpose
    roman = rng.choice([("I. ", "II. ", "III. "), ("I- ", "II- ", "III- "), ("I. ", "II. ", "III. ")])
    lines.append(H(roman[0] + "MỤC ĐÍCH, YÊU CẦU", 2))
    scope = _scope(unit)
    lines += _purposes(scope, year, rng)
    lines.append("")

    # II. content
    lines.append(H(roman[1] + rng.choice(["NỘI DUNG", "NỘI DUNG NHIỆM VỤ", "NỘI DUNG THỰC HIỆN"]), 2))
    cite_codes = _central_cite_codes(omitted, by_title, d, rng)
    parts = _cite_parts(cite_codes, by_title, rng)
    cited_other, derived = _cite_local(parts, level=level, unit=unit, prov=prov, dist=dist, era=era,
                                       omitted=omitted, extra_cites=extra_cites, rng=rng)
    lines += _tasks(parts, scope, year, rng)
    lines.append("")

    # III. organisation
    lines.append(H(roman[2] + "TỔ CHỨC THỰC HIỆN", 2))
    chosen = _chosen_units(level, rng)
    dkind = dist.unit.kind if dist else "huyện"
    ckinds = _commune_kinds(dist)
    fmt = {"year": year, "dkind": dkind, "ckinds": ckinds, "ckind": unit.kind, "subs_name": subs_name}
    units_out = _unit_assignments(lines, chosen, fmt, B, rng)
    lead = _LEAD[level]
    self_short = f"UBND {unit.kind}"
    reports = _reporting_lines(lines, level=level, year=year, unit=unit, parent_unit=parent_unit, post=post,
                               relative=relative, subs_name=subs_name, ckinds=ckinds, lead=lead,
                               self_short=self_short, n_units=len(chosen), rng=rng)
    lines.append("")
    lines.append(rng.choice(_CLOSING).format(year=year, issuer_long=self_long, self_short=self_short, lead=lead))
    lines.append("")

    # recipients and signature
    lines.append(B("Nơi nhận:") if rng.random() < 0.7 else "Nơi nhận:")
    lines += _recipient_lines(_recipients(level, era=era, subs_name=subs_name, dkind=dkind, ckinds=ckinds,
                                          ckind=unit.kind, parent_unit=parent_unit, dist=dist))
    lines.append("")
    signer, pos = _signature(lines, g, B)

    split_targets = [c for c in cite_codes]
    space_tgts = [c for c in space_targets if c not in omitted]
    fname = _fname(year, unit, code)
    rel, applied = _finish(g, _plan_text(lines, sep), kinds, level, folder, fname, split_targets, space_tgts,
                           head_len - 2)
    own = _ref(code, _iso(d), unit.issuer)
    orphan = level != "province" and parent_file is None
    if orphan:
        applied = sorted(set(applied) | {"orphan"})
        g.seen["orphan"] += 1
    cited_central = sorted({c for c in cite_codes} | ({ROOT_CODE} if level == "province" else set()))
    return {
        "file": rel, "code": code, "date": _iso(d), "issuer": unit.issuer, "level": level,
        "province": prov.unit.name, "district": dist.unit.full if dist else None,
        "commune": unit.full if level == "commune" else None,
        "title": title, "series": "dan_van",
        "implements": implements_ref, "also_implements": also_implements, "parent_file": parent_file,
        "chain": [own] + chain_up, "omitted": sorted(omitted), "cited_central": cited_central,
        "cited_by_title": by_title, "cited_other": cited_other, "derived": derived, "orphan": orphan, "noise": applied,
        "units": units_out, "reports_to": reports, "signer": signer, "signer_position": pos,
    }


def _plan_head(unit: _Unit, code: str, d: date, kinds: set[str], title: str, B: Any,
               rng: random.Random) -> list[str]:
    """The lines above the preamble: the header (unless the "no_header" noise), "KẾ HOẠCH" and the title."""
    lines = [] if "no_header" in kinds else _header(unit, unit.name, code.split("/")[0], d, kinds, rng)
    lines += ["", B("KẾ HOẠCH")]
    lines += [B(x) for x in _title_lines(title, rng)]
    lines.append("")
    return lines


def _omissions(kinds: set[str], level: str, rng: random.Random) -> tuple[list[str], list[str]]:
    """(central documents the plan leaves out, documents it cites by title only); the "title_citation"
    noise is dropped from `kinds` when the document it would cite by title is left out."""
    omitted: list[str] = []
    if "omission" in kinds:
        if level == "province":
            omitted = ["23-QĐ/TW"]
        else:
            omitted = rng.choice([["33/CT-TTg"], ["23-QĐ/TW"], ["23-QĐ/TW", "33/CT-TTg"]])
    by_title: list[str] = []
    if "title_citation" in kinds:
        if "23-QĐ/TW" in omitted:
            kinds.discard("title_citation")
        else:
            by_title = ["23-QĐ/TW"]
    return omitted, by_title


def _plan_title(unit: _Unit, year: int, rng: random.Random) -> str:
    t = rng.random()
    if t < 0.4:
        return f"Thực hiện công tác dân vận chính quyền năm {year}"
    if t < 0.7:
        return f"Thực hiện công tác dân vận chính quyền năm {year} trên địa bàn {unit.full}"
    if t < 0.85:
        return f"Thực hiện công tác dân vận chính quyền các cấp trên địa bàn {unit.full} năm {year}"
    return f"Triển khai công tác dân vận chính quyền năm {year}"


def _province_preamble(unit: _Unit, year: int, d: date,
                       rng: random.Random) -> tuple[list[str], list[dict[str, str]]]:
    """A province plan's "Căn cứ / Thực hiện" lines (33/CT-TTg, sometimes the law and a joint plan with
    the Ban Dân vận), and the joint plan it also implements."""
    pre: list[str] = []
    also_implements: list[dict[str, str]] = []
    if rng.random() < 0.3:
        pre.append("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
    pre.append(f"Thực hiện {_cite_central(ROOT_CODE, rng)};")
    if rng.random() < 0.3:
        jd = d - timedelta(days=rng.randint(3, 25))
        jcode = f"{rng.randint(10, 90)}-KH/UBND-BDVTU"
        pre.append(f"Thực hiện Kế hoạch số {jcode}{_ngay(jd, rng)} giữa Ủy ban nhân dân tỉnh và "
                   f"Ban Dân vận Tỉnh ủy về phối hợp thực hiện công tác dân vận năm {year},")
        also_implements.append(_ref(jcode, _iso(jd), f"{unit.issuer} và Ban Dân vận Tỉnh ủy"))
    return pre, also_implements


def _implementing_preamble(parent: dict[str, str], parent_unit: _Unit, relative: bool, year: int,
                           rng: random.Random) -> str:
    """The "Thực hiện Kế hoạch số ..." line of a district or commune plan: the parent plan it implements."""
    pdate = _d(parent["date"])
    pl = _long(parent_unit, rng, relative=relative)
    what = rng.choice(["về thực hiện công tác dân vận chính quyền năm {y}",
                       "về việc thực hiện công tác dân vận chính quyền năm {y}",
                       "thực hiện công tác dân vận chính quyền năm {y}",
                       ""]).format(y=year)
    cite = f"Kế hoạch số {parent['code']}{_ngay(pdate, rng)} của {pl}" + (f" {what}" if what else "")
    return f"Thực hiện {cite};" if rng.random() < 0.6 else f"Thực hiện {cite},"


def _end_preamble(pre: list[str], self_long: str, title: str, rng: random.Random) -> None:
    """Close the preamble with "<issuer> ban hành Kế hoạch <title> như sau:", run on after a line ending in a comma."""
    verb = rng.choice(["ban hành", "xây dựng", "ban hành"])
    tail = rng.choice(["như sau:", "cụ thể như sau:", "với các nội dung sau:"])
    pre_last = f"{self_long} {verb} Kế hoạch {title[0].lower() + title[1:]} {tail}"
    if pre[-1].endswith(","):
        pre[-1] = pre[-1] + " " + pre_last
    else:
        pre.append(pre_last)


def _purposes(scope: str, year: int, rng: random.Random) -> list[str]:
    """The numbered lines of I. MỤC ĐÍCH, YÊU CẦU."""
    purposes = rng.sample(_PURPOSE, rng.randint(2, 4))
    return [f"{i}. " + p.format(scope=scope, year=year) for i, p in enumerate(purposes, 1)]


def _central_cite_codes(omitted: list[str], by_title: list[str], d: date, rng: random.Random) -> list[str]:
    """The central documents cited by code in II. NỘI DUNG: 23-QĐ/TW and 33/CT-TTg unless left out or
    cited by title, and up to three optional ones issued before the plan, shuffled."""
    cite_codes = [c for c in ("23-QĐ/TW", "33/CT-TTg") if c not in omitted and c not in by_title]
    extra = [c for c in rng.sample(_OPTIONAL_CENTRAL, rng.randint(0, 3)) if _C[c]["date"] < _iso(d)]
    cite_codes += extra
    rng.shuffle(cite_codes)
    return cite_codes


def _cite_parts(cite_codes: list[str], by_title: list[str], rng: random.Random) -> list[str]:
    """The central documents as II. NỘI DUNG cites them: by code, and 23-QĐ/TW by its title when so chosen."""
    parts = [_cite_central(c, rng) for c in cite_codes]
    if by_title:
        parts.insert(rng.randint(0, len(parts)), rng.choice([
            "Quy chế công tác dân vận của hệ thống chính trị ban hành kèm theo Quyết định của Bộ Chính trị",
            "Quy chế công tác dân vận của hệ thống chính trị"]))
    return parts


def _cite_local(parts: list[str], *, level: str, unit: _Unit, prov: _Province, dist: _District | None,
                era: str | None, omitted: list[str], extra_cites: list[tuple[str, dict[str, str]]],
                rng: random.Random) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """Insert the local documents cited in II. NỘI DUNG at random places of `parts`: the Party committees'
    rules on dân vận (23-QĐ/TW's local counterparts), `extra_cites`, and sometimes the unit's own plan of
    2021 implementing 33/CT-TTg. Returns (cited_other, derived): that 2021 plan implements 33/CT-TTg."""
    cited_other: list[dict[str, str]] = []
    derived: list[dict[str, Any]] = []
    tu_code, tu_date = prov.tu_decision
    if rng.random() < 0.6:
        city = era is not None and prov.unit.kind == "thành phố"
        tu_issuer = "Ban Thường vụ Thành ủy" if city else "Ban Thường vụ Tỉnh ủy"
        parts.insert(rng.randint(0, len(parts)), f"Quyết định số {tu_code}{_ngay(_d(tu_date), rng)} của "
                     f"{tu_issuer} ban hành Quy chế công tác dân vận của hệ thống chính trị {prov.unit.full}")
        cited_other.append(_ref(tu_code, tu_date, f"{tu_issuer} {prov.unit.full}"))
    if dist is not None and dist.hu_decision and rng.random() < 0.4:
        hu_code, hu_date = dist.hu_decision
        parts.insert(rng.randint(0, len(parts)), f"Quyết định số {hu_code}{_ngay(_d(hu_date), rng)} của Ban "
                     f"Thường vụ Huyện ủy ban hành Quy chế công tác dân vận của hệ thống chính trị {dist.unit.full}")
        cited_other.append(_ref(hu_code, hu_date, f"Ban Thường vụ Huyện ủy {dist.unit.full}"))
    for phrase, ref in extra_cites:
        parts.insert(rng.randint(0, len(parts)), phrase)
        cited_other.append(ref)
    if level != "province" and ROOT_CODE not in omitted and era != "post" and rng.random() < 0.2:
        od = date(2021, 12, 1) + timedelta(days=rng.randint(0, 29))
        ocode = f"{rng.randint(120, 260)}/KH-UBND"
        parts.insert(rng.randint(0, len(parts)), f"Kế hoạch số {ocode}{_ngay(od, rng)} của UBND {unit.kind} "
                     f"về triển khai thực hiện Chỉ thị số {ROOT_CODE}")
        oref = _ref(ocode, _iso(od), unit.issuer)
        cited_other.append(oref)
        derived.append({"from": oref, "relation": "implements", "to": _CENTRAL_REF[ROOT_CODE]})
    return cited_other, derived


def _tasks(parts: list[str], scope: str, year: int, rng: random.Random) -> list[str]:
    """The numbered tasks of II. NỘI DUNG: the first cites `parts` (or the documents in general), then three
    to six common ones."""
    if not parts:
        parts = ["các văn bản của Trung ương và của tỉnh về công tác dân vận"]
    joiner = rng.choice(["; ", ", "])
    tasks = [rng.choice(_CITE_TASK).format(cites=joiner.join(parts), year=year, scope=f"{scope}")]
    tasks += rng.sample(_TASKS, rng.randint(3, 6))
    return [f"{i}. {tsk}" for i, tsk in enumerate(tasks, 1)]


def _chosen_units(level: str, rng: random.Random) -> list[tuple[str, list[str]]]:
    """The units given tasks in III.: the first of the level's list, some of the middle ones (in list
    order), and the last one except in a commune."""
    units_all = _UNITS[level]
    return [units_all[0]] + sorted(rng.sample(units_all[1:-1], rng.randint(2, len(units_all) - 2)),
                                   key=units_all.index) + ([units_all[-1]] if level != "commune" else [])


def _commune_kinds(dist: _District | None) -> str:
    """"xã, phường" etc.: the kinds of commune-level units of `dist`, in the usual order."""
    if dist and dist.communes:
        return ", ".join(sorted({c.kind for c in dist.communes}, key=["xã", "phường", "thị trấn"].index))
    return "xã, thị trấn"


def _unit_assignments(lines: list[str], chosen: list[tuple[str, list[str]]], fmt: dict[str, Any],
                      B: Any, rng: random.Random) -> list[str]:
    """Append III.'s numbered units and their tasks to `lines`; return the units' names."""
    units_out = []
    for i, (uname, utasks) in enumerate(chosen, 1):
        un = uname.format(**fmt)
        units_out.append(un)
        lines.append(B(f"{i}. {un}") if rng.random() < 0.7 else f"{i}. {un}")
        for ut in utasks:
            lines.append(f"- {ut.format(**fmt)}")
    return units_out


def _reporting_lines(lines: list[str], *, level: str, year: int, unit: _Unit, parent_unit: _Unit | None,
                     post: bool, relative: bool, subs_name: str, ckinds: str, lead: str, self_short: str,
                     n_units: int, rng: random.Random) -> list[dict[str, Any]]:
    """Append the "Chế độ báo cáo" lines to `lines`: the subordinates report to the unit, which (below
    the province) reports to its parent. Returns the reporting lines as the truth records them."""
    dl_txt, dl_iso = _report_deadline(level, year, rng)
    subs = {"province": f"Các sở, ban, ngành; {subs_name}",
            "district": f"Các phòng, ban, ngành; UBND các {ckinds}",
            "commune": f"Các bộ phận chuyên môn thuộc UBND {unit.kind}"}[level]
    lines.append(f"{n_units + 1}. Chế độ báo cáo" if rng.random() < 0.5 else "")
    lines.append(f"{subs} báo cáo kết quả thực hiện về {self_short} (qua {lead}) {dl_txt} để tổng hợp.")
    reports: list[dict[str, Any]] = [{"from": subs, "to": unit.issuer, "via": lead, "deadlines": [dl_iso]}]
    if level != "province":
        assert parent_unit is not None
        up_lead = "Sở Nội vụ" if level == "district" or post else "Phòng Nội vụ"
        up_dl = date(year, 11, 25 if level == "district" else 15)
        up_txt = f"trước ngày {up_dl.day:02d}/{up_dl.month}/{year}"
        up_name = f"UBND {parent_unit.kind}" if relative or rng.random() < 0.5 else parent_unit.issuer
        lines.append(f"{lead[0].upper() + lead[1:]} tổng hợp, báo cáo kết quả về {up_name} (qua {up_lead}) {up_txt}.")
        reports.append({"from": lead[0].upper() + lead[1:], "to": parent_unit.issuer, "via": up_lead,
                        "deadlines": [_iso(up_dl)]})
    return reports


def _report_deadline(level: str, year: int, rng: random.Random) -> tuple[str, str]:
    """(as written, as the truth records it): a date this year, or a yearly day ("--MM-DD")."""
    if rng.random() < 0.5:
        dl_self = date(year, 11, rng.choice([5, 10, 15]) if level != "province" else 25)
        if level == "commune":
            dl_self = date(year, 11, 5)
        elif level == "district":
            dl_self = date(year, 11, 15)
        return f"trước ngày {dl_self.day:02d}/{dl_self.month}/{year}", _iso(dl_self)
    dl_self = date(year, 11, {"province": 25, "district": 15, "commune": 5}[level])
    return (f"hằng năm (trước ngày {dl_self.day:02d} tháng {dl_self.month})",
            f"--{dl_self.month:02d}-{dl_self.day:02d}")


def _recipients(level: str, *, era: str | None, subs_name: str, dkind: str, ckinds: str, ckind: str,
                parent_unit: _Unit | None, dist: _District | None) -> list[str]:
    """The "Nơi nhận" list (without "Lưu: VT")."""
    if level == "province":
        return ["Bộ Nội vụ", "TT Tỉnh ủy", "TT HĐND tỉnh", "CT, các PCT UBND tỉnh", "Ban Dân vận Tỉnh ủy",
                "Các sở, ban, ngành tỉnh", subs_name]
    if level == "district":
        committee = {"huyện": "Huyện", "thị xã": "Thị", "quận": "Quận" if era else "Thành"}.get(dkind, "Thành")
        return ["Sở Nội vụ", f"TT {committee} ủy",
                f"TT HĐND {dkind}", f"CT, các PCT UBND {dkind}", "Các phòng, ban, ngành", f"UBND các {ckinds}"]
    if era == "post":
        return [f"UBND {parent_unit.kind}" if parent_unit else "UBND tỉnh", "Sở Nội vụ", f"TT Đảng ủy {ckind}",
                f"TT HĐND {ckind}", f"UBMTTQ và các đoàn thể {ckind}"]
    return [f"UBND {dist.unit.kind if dist else 'huyện'}", "Phòng Nội vụ", f"TT Đảng ủy {ckind}",
            f"TT HĐND {ckind}", f"UBMTTQ và các đoàn thể {ckind}"]


def _recipient_lines(rec: list[str]) -> list[str]:
    """The "Nơi nhận" list as written: one "- ...;" line each, then "- Lưu: VT."."""
    rec = rec + ["Lưu: VT"]
    return [f"- {r}{'.' if i == len(rec) - 1 else ';'}" for i, r in enumerate(rec)]


def _signature(lines: list[str], g: _Gen, B: Any) -> tuple[str, str]:
    """Append the signature block to `lines` (the chair, or a vice-chair for the chair); return
    (signer, the signer's position)."""
    signer = g.person()
    if g.rng.random() < 0.6:
        sig = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        pos = "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    else:
        sig = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        pos = "CHỦ TỊCH"
    lines += [B(s) for s in sig] + ["", B(signer), ""]
    return signer, pos


def _plan_text(lines: list[str], sep: str) -> str:
    """The plan's lines as one text: at most one blank line in a row, none when paragraphs are separated by "\\n"."""
    text = "\n".join(lines).lstrip("\n")
    text = text.replace("\n\n\n", "\n\n")
    if sep == "\n":
        text = text.replace("\n\n", "\n")
    return text


def _write_other(g: _Gen, *, year: int, unit: _Unit, level: str, prov: _Province, dist: _District,
                 code: str, d: date, folder: str) -> dict[str, Any]:
    """A plan on another subject, implementing a central document directly."""
    rng = g.rng
    if d.year != year:
        d = date(year, 12, 20)
    ccode, ttl, subject = rng.choice([o for o in _OTHER_SUBJECTS if _C[o[0]]["date"] < _iso(d)])
    title = ttl.format(self_full=unit.full, year=year)
    kinds = g.pick_noise(level, extra_exclude={"omission", "relative_issuer", "split_code", "code_space",
                                               "title_citation"})
    md = "markdown" in kinds
    B = (lambda s: f"**{s}**") if md else (lambda s: s)
    lines = [] if "no_header" in kinds else _header(unit, unit.name, code.split("/")[0], d, kinds, rng)
    lines += ["", B("KẾ HOẠCH")] + [B(x) for x in _title_lines(title, rng)] + [""]
    head_len = len("\n".join(lines))
    lines.append(f"Thực hiện {_cite_central(ccode, rng)};")
    lines.append(f"{_long(unit, rng)} ban hành Kế hoạch {subject} năm {year} như sau:")
    lines.append("")
    lines.append(B("I. MỤC ĐÍCH, YÊU CẦU"))
    lines.append(f"1. Tổ chức thực hiện đầy đủ, đúng tiến độ các nhiệm vụ về {subject} trên địa bàn {unit.kind}.")
    lines.append("2. Phân công rõ trách nhiệm của từng bộ phận, gắn với kiểm tra, đánh giá kết quả.")
    lines.append("")
    lines.append(B("II. NỘI DUNG"))
    for i, t in enumerate(rng.sample(_OTHER_TASKS, 3), 1):
        lines.append(f"{i}. {t.format(year=year)}")
    lines.append("")
    lines.append(B("III. TỔ CHỨC THỰC HIỆN"))
    lead = _LEAD[level]
    lines.append(f"Giao {lead} theo dõi, tổng hợp kết quả, báo cáo UBND {unit.kind} trước ngày 30/11/{year}.")
    reports = [{"from": lead[0].upper() + lead[1:], "to": unit.issuer, "via": None, "deadlines": [f"{year}-11-30"]}]
    lines.append("")
    lines.append("Nơi nhận:")
    up = f"UBND tỉnh {prov.unit.name}" if level == "district" else f"UBND {dist.unit.full}"
    lines += [f"- {up} (b/c);", "- Như mục III;", "- Lưu: VT."]
    lines.append("")
    signer = g.person()
    lines += [B("TM. ỦY BAN NHÂN DÂN"), B("CHỦ TỊCH"), "", B(signer), ""]
    text = "\n".join(lines).lstrip("\n")
    rel, applied = _finish(g, text, kinds, level, folder, _fname(year, unit, code, "_khac"), [], [], head_len)
    applied = sorted(set(applied) | {"other_subject"})
    g.seen["other_subject"] += 1
    own = _ref(code, _iso(d), unit.issuer)
    return {
        "file": rel, "code": code, "date": _iso(d), "issuer": unit.issuer, "level": level,
        "province": prov.unit.name, "district": dist.unit.full,
        "commune": unit.full if level == "commune" else None,
        "title": title, "series": "other",
        "implements": _CENTRAL_REF[ccode], "also_implements": [], "parent_file": None,
        "chain": [own, _CENTRAL_REF[ccode]], "omitted": [], "cited_central": [ccode],
        "cited_by_title": [], "cited_other": [], "derived": [], "orphan": False, "noise": applied,
        "units": [lead[0].upper() + lead[1:]], "reports_to": reports, "signer": signer,
        "signer_position": "CHỦ TỊCH",
    }


# --------------------------------------------------------------------------------------
# Two-level and mixed worlds (real units from the gazetteer)
# --------------------------------------------------------------------------------------
#
# "two-level": plans written after 1 July 2025 by real provinces and communes (UBND tỉnh -> UBND xã /
# phường / đặc khu, no district), one chain per province and year.
# "mixed": in the same real provinces, three-level chains before the reform (old province -> old district
# -> old commune, dated January-May) and two-level chains after it (dated from July 2025), so that an
# old and a new body can share a name (a reused name), a new commune's name is often a merged one, two
# old communes of one province can share a name in different districts (the chain decides), and some new
# communes cite (not implement) the plan of an abolished district or city they were carved from.
#
# Extra truth (reform worlds only): each plan has "world", "era" ("pre" | "post"), "unit_id" (the
# gazetteer id of its issuer), "province_id", "parent_unit_id" and "ambiguous_name" (its issuer's name
# alone gives several units of its province on its date). Top-level "coverage" lists, for each province
# and date, the units valid then and which have a dân vận plan whose chain reaches 33/CT-TTg issued on or
# before that date ("covered") or not ("none"); "ambiguous" is always empty here (the chain always
# decides); after the reform "fold_old" credits a unit with its predecessors' plans ("covered"), and lists
# those credited only through split predecessors ("partial").


@dataclass
class _GUnit(_Unit):
    gid: str = ""          # gazetteer id ("post:21025")


@dataclass
class _ReformProvince:
    new: _Province                     # the post-reform province (its districts list stays empty)
    communes: list[_GUnit]             # post-reform communes that write plans
    old: list[_Province]               # pre-reform provinces (mixed world), with real districts/communes


def _gunit(u: Any) -> _GUnit:
    kind = "thành phố" if u.kind == "thành phố trực thuộc trung ương" else u.kind
    return _GUnit(kind, u.name, u.id)


def _reform_geography(g: _Gen, world: str, n_prov: int, D: int, C: int) -> list[_ReformProvince]:
    from vanban.graph import gazetteer as gz

    rng = g.rng
    news = sorted(gz.units_valid_on(REFORM_DATE, level="province"), key=lambda u: u.id)
    if world == "mixed":
        # prefer merged provinces (more than one predecessor); then the rest
        merged = [p for p in news if len(gz.predecessors(p)) > 1]
        rest = [p for p in news if p not in merged]
        chosen = rng.sample(merged, min(n_prov, len(merged)))
        chosen += rng.sample(rest, max(0, min(n_prov - len(chosen), len(rest))))
    else:
        chosen = rng.sample(news, min(n_prov, len(news)))
    out = []
    for p in chosen:
        tu = (f"{rng.randint(1, 90)}-QĐ/TU", _iso(date(2025, 7, 2) + timedelta(days=rng.randint(0, 5))))
        olds: list[_Province] = []
        if world == "mixed":
            post_ids: list[str] = []
            for o in sorted((s.unit for s in gz.predecessors(p)), key=lambda u: u.id) or [p]:
                old, ids = _old_province(gz, rng, o, p, D, C)
                olds.append(old)
                post_ids += ids
            post = sorted({i: gz.unit(i) for i in post_ids}.values(), key=lambda u: u.id)
        else:
            kids = sorted(gz.children(p, on=REFORM_DATE), key=lambda u: u.id)
            post = sorted(rng.sample(kids, min(D * C, len(kids))), key=lambda u: u.id)
        out.append(_ReformProvince(_Province(_gunit(p), [], tu), [_gunit(c) for c in post], olds))
    return out


def _old_province(gz: Any, rng: random.Random, o: Any, new: Any, D: int, C: int) -> tuple[_Province, list[str]]:
    """Pre-reform province `o` with D of its districts and C communes in each, and the ids of the
    post-reform communes of `new` that succeeded those communes."""
    before = REFORM_DATE - timedelta(days=1)
    picked, forced = _old_districts(gz, rng, o, D, C)
    dists, post_ids = [], []
    for d in picked:
        kids = sorted(gz.children(d, on=before), key=lambda u: u.id)
        must = [k for k in kids if k.id in forced.get(d.id, ())]
        others = [k for k in kids if k not in must]
        coms = sorted(must + rng.sample(others, max(0, min(C - len(must), len(others)))), key=lambda u: u.id)
        hu = (f"{rng.randint(40, 1900)}-QĐ/HU",
              _iso(date(2021, 8, 15) + timedelta(days=rng.randint(0, 200)))) if d.kind == "huyện" else None
        dists.append(_District(_gunit(d), [_gunit(c) for c in coms], hu))
        for c in coms:
            post_ids += [s.unit.id for s in gz.successors(c) if gz.province_of(s.unit) == new]
    otu = (f"{rng.randint(150, 1200)}-QĐ/TU", _iso(date(2021, 7, 1) + timedelta(days=rng.randint(20, 300))))
    return _Province(_gunit(o), dists, otu), post_ids


def _old_districts(gz: Any, rng: random.Random, o: Any, D: int, C: int) -> tuple[list[Any], dict[str, set[str]]]:
    """D districts of `o` (sorted), including, when the province has them, two districts holding
    communes of one name (returned in `forced`: district id -> commune ids) and a district-level city."""
    before = REFORM_DATE - timedelta(days=1)
    districts = [d for d in sorted(gz.children(o, on=before), key=lambda u: u.id) if gz.children(d, on=before)]
    picked = rng.sample(districts, min(D, len(districts)))
    forced: dict[str, set[str]] = {}
    pair = _same_name_pair(gz, o, before, rng)
    if pair and D >= 2 and C >= 1:
        # two communes of one name in two districts: only the chain tells them apart
        for c in pair:
            forced.setdefault(c.parent_id, set()).add(c.id)
        keep = [d for d in picked if d.id not in forced][:max(0, D - len(forced))]
        picked = [gz.unit(i) for i in forced] + keep
    # an abolished city (district-level "thành phố") when the province had one; it replaces the last
    # district that is not forced
    cities = [d for d in districts if d.kind == "thành phố" and d not in picked]
    if cities and D >= 1 and not any(d.kind == "thành phố" for d in picked):
        picked[-1 if len(picked) > len(forced) else len(picked):] = [cities[0]]
    return sorted(picked, key=lambda u: u.id), forced


def _same_name_pair(gz: Any, province: Any, on: date, rng: random.Random) -> list[Any] | None:
    """Two communes of `province` with the same full name in different districts, if any."""
    by_name: dict[str, list[Any]] = {}
    for c in gz.units_valid_on(on, province=province, level="commune"):
        by_name.setdefault(c.full_name, []).append(c)
    pairs = sorted((sorted(v, key=lambda u: u.id)[:2] for v in by_name.values()
                    if len({c.parent_id for c in v}) > 1), key=lambda v: v[0].id)
    return rng.choice(pairs) if pairs else None


def _reform_sizes(plans: int, years: tuple[int, ...], world: str) -> tuple[int, int, int]:
    """(provinces, districts per old province, communes per district) for about `plans` plans."""
    pre_years = sum(y < REFORM_DATE.year or (world == "mixed" and y == REFORM_DATE.year) for y in years)
    post_years = sum(y >= REFORM_DATE.year for y in years)
    if world == "two-level":
        per_prov = max(1, post_years) * 60          # 1 + D*C with D=5, C=12 (capped by the province)
        return max(1, round(plans / per_prov)), 5, 12
    # mixed: ~2 old provinces x (1 + 4 + 4x8) per pre year + ~45 new communes per post year
    per_prov = pre_years * 2 * 37 + post_years * 46
    return max(1, round(plans / max(1, per_prov))), 4, 8


def year_range(world: str) -> tuple[int, int]:
    """The years a corpus of `world` may have (first, last)."""
    if world == "three-level":
        return MIN_YEAR, MAX_YEAR
    return (REFORM_DATE.year if world == "two-level" else MIN_YEAR), MAX_YEAR_REFORM


def _generate_reform(out_dir: str | os.PathLike[str], *, world: str, seed: int, plans: int | None,
                     provinces: int, districts_per_province: int, communes_per_district: int,
                     years: tuple[int, ...] | list[int] | None, noise: bool) -> Truth:
    out = Path(out_dir)
    years = _reform_years(world, years)
    if plans is not None:
        provinces, districts_per_province, communes_per_district = _reform_sizes(int(plans), years, world)
    if provinces < 1 or districts_per_province < 0 or communes_per_district < 0:
        raise ValueError("sizes must be positive")
    _clear_previous(out)
    out.mkdir(parents=True, exist_ok=True)
    params = {"plans": plans, "provinces": provinces, "districts_per_province": districts_per_province,
              "communes_per_district": communes_per_district, "years": list(years), "noise": noise,
              "world": world}
    g = _Gen(out, seed, noise)
    geo = _reform_geography(g, world, provinces, districts_per_province, communes_per_district)
    from vanban.graph import gazetteer as gz
    params["gazetteer"] = {k: gz.source().get(k) for k in ("package", "version")}
    stats: dict[str, Any] = {"plans": 0, "by_level": {"province": 0, "district": 0, "commune": 0},
                             "by_era": {"pre": 0, "post": 0}, "noise": {}, "orphans": 0, "missing": 0,
                             "omissions": 0, "other_subject": 0, "ambiguous_names": 0, "cites_abolished": 0}
    plan_dates: dict[str, list[str]] = {}       # unit id -> dates of its dân vận plans reaching 33/CT-TTg
    tpath = out / "truth.json"
    with open(tpath, "w", encoding="utf-8", newline="\n") as tf:
        tf.write("{\n")
        tf.write(f'"seed": {json.dumps(seed)},\n"params": {json.dumps(params, ensure_ascii=False)},\n')
        tf.write('"central": [\n' + ",\n".join(json.dumps(c, ensure_ascii=False) for c in CENTRAL) + "\n],\n")
        tf.write('"plans": [\n')
        first = True
        for rec in _reform_plans(g, geo, years, world):
            tf.write(("" if first else ",\n") + json.dumps(rec, ensure_ascii=False))
            first = False
            _count_reform_plan(stats, plan_dates, rec)
        stats["noise"] = dict(sorted(stats["noise"].items()))
        coverage = _coverage_truth(geo, years, plan_dates)
        tf.write("\n],\n")
        tf.write('"missing": [\n],\n')
        tf.write('"coverage": [\n' + ",\n".join(json.dumps(c, ensure_ascii=False) for c in coverage) + "\n],\n")
        tf.write(f'"stats": {json.dumps(stats, ensure_ascii=False)}\n}}\n')
    return Truth(out_dir=out, seed=seed, params=params, central=CENTRAL, stats=stats, missing=[], coverage=coverage)


def _reform_years(world: str, years: tuple[int, ...] | list[int] | None) -> tuple[int, ...]:
    """The years of a reform-world corpus, sorted (the world's two default years when None); refused
    outside the world's range."""
    default_years = (2025, 2026) if world == "two-level" else (2024, 2025)
    years = tuple(sorted(int(y) for y in (default_years if years is None else years)))
    if not years:
        raise ValueError("years must not be empty")
    lo, hi = year_range(world)
    if any(y < lo or y > hi for y in years):
        raise ValueError(f"years of a {world} corpus must lie in {lo}..{hi}"
                         + (" (two-level plans are dated from 1 July 2025)" if world == "two-level" else ""))
    return years


def _count_reform_plan(stats: dict[str, Any], plan_dates: dict[str, list[str]], rec: dict[str, Any]) -> None:
    """Add one written plan to the truth's `stats`, and its date to `plan_dates` when its chain reaches
    33/CT-TTg (what the coverage truth counts as covering its unit)."""
    stats["plans"] += 1
    stats["by_level"][rec["level"]] += 1
    stats["by_era"][rec["era"]] += 1
    for k in rec["noise"]:
        stats["noise"][k] = stats["noise"].get(k, 0) + 1
    stats["omissions"] += bool(rec["omitted"])
    stats["ambiguous_names"] += rec["ambiguous_name"]
    stats["cites_abolished"] += any(c.get("abolished") for c in rec["cited_other"])
    if rec["chain"][-1]["code"] == ROOT_CODE and not rec["orphan"]:
        plan_dates.setdefault(rec["unit_id"], []).append(rec["date"])


def _reform_plans(g: _Gen, geo: list[_ReformProvince], years: tuple[int, ...], world: str) -> Iterator[dict[str, Any]]:
    from vanban.graph import gazetteer as gz

    rng = g.rng
    root = _CENTRAL_REF[ROOT_CODE]
    district_plans: dict[str, dict[str, str]] = {}     # old district id -> its latest plan (ref)
    forced_abolished = False

    def extra(rec: dict[str, Any], u: _GUnit, level: str, prov_id: str, parent_id: str | None, era: str) -> dict[str, Any]:
        on = rec["date"]
        candidates = gz.resolve(u.full, on=on, province=prov_id)
        rec.update({"world": world, "era": era, "unit_id": u.gid, "province_id": prov_id,
                    "parent_unit_id": parent_id, "ambiguous_name": len(candidates) > 1})
        return rec

    for year in years:
        if world == "mixed" and year <= REFORM_DATE.year:
            for rp in geo:
                for op in rp.old:
                    pdir = f"truoc-sap-xep/{_slug(op.unit.full)}"
                    pdate = date(year, 1, 8) + timedelta(days=rng.randint(0, 60))
                    pcode = f"{rng.randint(15, 260)}/KH-UBND"
                    pref = _ref(pcode, _iso(pdate), op.unit.issuer)
                    prec = _write_plan(g, level="province", year=year, unit=op.unit, prov=op, dist=None, code=pcode,
                                       d=pdate, parent=None, parent_unit=None, folder=pdir, chain_up=[root],
                                       parent_file=None, era="pre")
                    yield extra(prec, op.unit, "province", op.unit.gid, None, "pre")
                    for dist in op.districts:
                        ddir = f"{pdir}/{_slug(dist.unit.full)}"
                        ddate = pdate + timedelta(days=rng.randint(4, 30))
                        dcode = f"{rng.randint(1, 40)}/KH-UBND"
                        dref = _ref(dcode, _iso(ddate), dist.unit.issuer)
                        district_plans[dist.unit.gid] = dref
                        drec = _write_plan(g, level="district", year=year, unit=dist.unit, prov=op, dist=dist,
                                           code=dcode, d=ddate, parent=pref, parent_unit=op.unit, folder=ddir,
                                           chain_up=[pref, root], parent_file=prec["file"], era="pre")
                        yield extra(drec, dist.unit, "district", op.unit.gid, op.unit.gid, "pre")
                        for com in dist.communes:
                            cdate = ddate + timedelta(days=rng.randint(3, 25))
                            ccode = f"{rng.randint(1, 25)}/KH-UBND"
                            crec = _write_plan(g, level="commune", year=year, unit=com, prov=op, dist=dist,
                                               code=ccode, d=cdate, parent=dref, parent_unit=dist.unit,
                                               folder=f"{ddir}/{_slug(com.full)}-{com.gid.split(':')[1]}",
                                               chain_up=[dref, pref, root], parent_file=drec["file"], era="pre")
                            yield extra(crec, com, "commune", op.unit.gid, dist.unit.gid, "pre")
        if year < REFORM_DATE.year:
            continue
        for rp in geo:
            prov = rp.new
            pdir = f"sau-sap-xep/{_slug(prov.unit.full)}"
            start = date(year, 7, 8) if year == REFORM_DATE.year else date(year, 1, 8)
            pdate = start + timedelta(days=rng.randint(0, 60))
            pcode = f"{rng.randint(15, 260)}/KH-UBND"
            pref = _ref(pcode, _iso(pdate), prov.unit.issuer)
            prec = _write_plan(g, level="province", year=year, unit=prov.unit, prov=prov, dist=None, code=pcode,
                               d=pdate, parent=None, parent_unit=None, folder=pdir, chain_up=[root],
                               parent_file=None, era="post")
            yield extra(prec, prov.unit, "province", prov.unit.gid, None, "post")
            for com in rp.communes:
                cdate = pdate + timedelta(days=rng.randint(3, 40))
                ccode = f"{rng.randint(1, 25)}/KH-UBND"
                cites: list[tuple[str, dict[str, str]]] = []
                old_d = _abolished_parent(gz, com.gid, district_plans)
                if old_d is not None and (rng.random() < 0.3 or not forced_abolished):
                    forced_abolished = True
                    d_unit, d_ref = old_d
                    phrase = (f"Kế hoạch số {d_ref['code']}{_ngay(_d(d_ref['date']), rng)} của UBND "
                              f"{d_unit.full_name} (trước khi sắp xếp đơn vị hành chính)")
                    cites.append((phrase, {**d_ref, "abolished": True}))
                    while ccode == d_ref["code"]:      # never the same number as the plan it cites
                        ccode = f"{rng.randint(1, 25)}/KH-UBND"
                crec = _write_plan(g, level="commune", year=year, unit=com, prov=prov, dist=None, code=ccode,
                                   d=cdate, parent=pref, parent_unit=prov.unit,
                                   folder=f"{pdir}/{_slug(com.full)}-{com.gid.split(':')[1]}",
                                   chain_up=[pref, root], parent_file=prec["file"], era="post", extra_cites=cites)
                yield extra(crec, com, "commune", prov.unit.gid, prov.unit.gid, "post")


def _abolished_parent(gz: Any, new_id: str, district_plans: dict[str, dict[str, str]]) -> tuple[Any, dict[str, str]] | None:
    """The old district (a city first) of one of `new_id`'s predecessors that wrote a plan here, if any."""
    found = []
    for s in gz.predecessors(new_id):
        d = gz.parent(s.unit)
        if d is not None and d.level == "district" and d.id in district_plans:
            found.append((d.kind != "thành phố", d.id, d))
    if not found:
        return None
    d = min(found)[2]
    return d, district_plans[d.id]


def _coverage_truth(geo: list[_ReformProvince], years: tuple[int, ...],
                    plan_dates: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Which units of each province had a plan reaching 33/CT-TTg by each date (see the section header)."""
    from vanban.graph import gazetteer as gz

    def covered_by(uid: str, as_of: str) -> bool:
        return any(d <= as_of for d in plan_dates.get(uid, ()))

    rows: list[dict[str, Any]] = []
    for year in years:
        for rp in geo:
            if rp.old and year <= REFORM_DATE.year:
                as_of = _iso(min(date(year, 12, 31), REFORM_DATE - timedelta(days=1)))
                for op in rp.old:
                    units = sorted(u.id for u in gz.units_valid_on(as_of, province=op.unit.gid))
                    rows.append(_coverage_row(op.unit, as_of, units, covered_by))
            if year >= REFORM_DATE.year:
                as_of = f"{year}-12-31"
                units = sorted(u.id for u in gz.units_valid_on(as_of, province=rp.new.unit.gid))
                row = _coverage_row(rp.new.unit, as_of, units, covered_by)
                credited, partial = [], []
                for uid in row["none"]:
                    edges = [s for s in gz.predecessors(uid) if covered_by(s.unit.id, as_of)]
                    if edges:
                        credited.append(uid)
                        if all(s.partial for s in edges):
                            partial.append(uid)
                row["fold_old"] = {"covered": sorted(row["covered"] + credited), "partial": partial}
                rows.append(row)
    return rows


def _coverage_row(prov: _GUnit, as_of: str, units: list[str], covered_by: Any) -> dict[str, Any]:
    covered = [u for u in units if covered_by(u, as_of)]
    return {"ref": ROOT_CODE, "province_id": prov.gid, "province": prov.full, "as_of": as_of,
            "units": len(units), "covered": covered, "none": [u for u in units if u not in set(covered)],
            "ambiguous": []}
