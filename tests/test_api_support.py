"""Synthetic plan records for the API tests (invented names; no real plan text)."""
from __future__ import annotations

import hashlib

from vanban.models import Citation, DocumentMeta, PlanRecord, ReportingLine

SCRIPT_TITLE = 'Dân vận <script>alert("x")</script> năm 2024'


def _rec(file: str, code: str | None, issuer: str, level: str, date: str, title: str, place: str,
         citations: list[Citation], text: str | None = None, reports=()) -> PlanRecord:
    text = text or f"KẾ HOẠCH {code}\n{title}\nCăn cứ các văn bản cấp trên.\n"
    return PlanRecord(file=file, document=DocumentMeta(type="Kế hoạch", code=code, title=title, date=date,
                                                      issuer=issuer, level=level, place=place),
                      citations=citations, reports_to=list(reports),
                      sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)


def records() -> list[PlanRecord]:
    def c33() -> Citation:
        return Citation(code="33/CT-TTg", type="Chỉ thị", date="2021-11-26", issuer="Thủ tướng Chính phủ",
                        relation="implements", central=True)

    prov = _rec("/corpus/tinh/kh-10.txt", "10/KH-UBND", "UBND tỉnh Hòa Sơn", "province", "2024-02-01",
                "Thực hiện công tác dân vận chính quyền năm 2024", "tỉnh Hòa Sơn", [c33()])
    dist_text = ("KẾ HOẠCH 25/KH-UBND\nThực hiện Kế hoạch số 10/KH-UBND ngày 01/02/2024 của UBND tỉnh.\n"
                 "Phòng Nội vụ báo cáo về UBND huyện trước ngày 15/6/2024.\n")
    a = dist_text.index("10/KH-UBND")
    dist = _rec("/corpus/tinh/huyen/kh-25.txt", "25/KH-UBND", "UBND huyện An Phú", "district", "2024-03-05",
                "Công tác dân vận chính quyền huyện An Phú năm 2024", "huyện An Phú, tỉnh Hòa Sơn",
                [Citation(code="10/KH-UBND", type="Kế hoạch", date="2024-02-01", issuer="UBND tỉnh",
                          issuer_resolved="UBND tỉnh Hòa Sơn", relation="implements", spans=[(a, a + 10)],
                          sentence="Thực hiện Kế hoạch số 10/KH-UBND ngày 01/02/2024 của UBND tỉnh."), c33()],
                text=dist_text,
                reports=[ReportingLine(from_="Phòng Nội vụ", to="UBND huyện An Phú", deadlines=["2024-06-15"])])
    com_text = f"KẾ HOẠCH 3/KH-UBND\n{SCRIPT_TITLE}\nThực hiện Kế hoạch 25/KH-UBND của UBND huyện.\n"
    b = com_text.index("25/KH-UBND")
    com = _rec("/corpus/tinh/huyen/xa-kh-3.txt", "3/KH-UBND", "UBND xã Tân Lạc", "commune", "2024-03-20",
               SCRIPT_TITLE, "xã Tân Lạc, huyện An Phú, tỉnh Hòa Sơn",
               [Citation(code="25/KH-UBND", type="Kế hoạch", date="2024-03-05", issuer="UBND huyện",
                         issuer_resolved="UBND huyện An Phú", relation="implements", spans=[(b, b + 10)])],
               text=com_text)
    # Two plans sharing one code (different issuers): "7/KH-UBND" is ambiguous.
    amb1 = _rec("/corpus/other/a-7.txt", "7/KH-UBND", "UBND xã Bình Minh", "commune", "2024-04-01",
                "Cải cách hành chính xã Bình Minh", "xã Bình Minh", [c33()])
    amb2 = _rec("/corpus/other/b-7.txt", "7/KH-UBND", "UBND xã Đông Hòa", "commune", "2024-04-02",
                "Cải cách hành chính xã Đông Hòa", "xã Đông Hòa", [c33()])
    return [prov, dist, com, amb1, amb2]


# ---------------------------------------------------------------- fixtures (imported by test_api_*.py)
import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from vanban.api.app import create_app  # noqa: E402
from vanban.api.deps import Settings  # noqa: E402
from vanban.graph.nxstore import NetworkxStore  # noqa: E402

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def store(tmp_path) -> NetworkxStore:
    s = NetworkxStore(tmp_path / "home")
    s.replace(records())
    return s


@pytest.fixture()
def make_client(store):
    """make_client(**settings) -> TestClient over the loaded store."""
    clients = []

    def make(st=None, **kw) -> TestClient:
        kw.setdefault("token", TOKEN)
        c = TestClient(create_app(st or store, Settings(**kw)), raise_server_exceptions=False)
        clients.append(c)
        return c
    yield make
    for c in clients:
        c.close()


@pytest.fixture()
def client(make_client) -> TestClient:
    return make_client()


def assert_error(r, status: int, code: str | None = None) -> dict:
    """The response is an error of `status` with the error shape (and `code`)."""
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert isinstance(body.get("code"), str) and body["code"]
    assert isinstance(body.get("message"), str) and body["message"]
    assert isinstance(body.get("detail"), str) and body["detail"]
    if code is not None:
        assert body["code"] == code, body
    return body


# ---------------------------------------------------------------- plan texts for uploads (invented)
def province_plan(code: str = "12/KH-UBND", title: str = "Thực hiện công tác dân vận chính quyền năm 2024") -> str:
    return f"""ỦY BAN NHÂN DÂN
TỈNH HÒA SƠN
Số: {code}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa Sơn, ngày 05 tháng 02 năm 2024

KẾ HOẠCH
{title}

Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về tiếp tục tăng cường và đổi mới \
công tác dân vận trong cơ quan hành chính nhà nước, chính quyền các cấp trong tình hình mới, \
Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao hiệu quả công tác dân vận.

II. TỔ CHỨC THỰC HIỆN
Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/11/2024.

Nơi nhận:
- UBND các huyện;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
"""


def district_plan(code: str = "30/KH-UBND", parent: str = "12/KH-UBND") -> str:
    return f"""ỦY BAN NHÂN DÂN
HUYỆN AN PHÚ
Số: {code}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Phú, ngày 10 tháng 3 năm 2024

KẾ HOẠCH
Công tác dân vận chính quyền năm 2024

Thực hiện Kế hoạch số {parent} ngày 05/02/2024 của Ủy ban nhân dân tỉnh Hòa Sơn về thực hiện công tác dân vận \
chính quyền năm 2024, Ủy ban nhân dân huyện ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
Tăng cường công tác dân vận ở cơ sở.

II. TỔ CHỨC THỰC HIỆN
Phòng Nội vụ tổng hợp, báo cáo Ủy ban nhân dân huyện trước ngày 01/11/2024.

Nơi nhận:
- UBND các xã;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Thị Bình
"""
