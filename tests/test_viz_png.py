"""`vanban viz --png`: the viewer's picture drawn by headless Chromium (Debian's chromium)."""
from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from vanban.models import Citation, DocumentMeta, PlanRecord

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    from vanban.graph.store import open_store
    root = tmp_path_factory.mktemp("png")
    store = open_store("networkx", root / "home")
    store.replace([PlanRecord(
        file=str(root / "plans" / "kh-5.txt"), sha256="x",
        document=DocumentMeta(type="Kế hoạch", code="5/KH-UBND", date="2024-03-02", issuer="UBND xã An Phú",
                              level="commune", title="Thực hiện công tác dân vận năm 2024", place="xã An Phú"),
        citations=[Citation(code="33/CT-TTg", type="Chỉ thị", date="2021-11-26", issuer="Thủ tướng Chính phủ",
                            relation="implements", central=True, sentence="Thực hiện Chỉ thị số 33/CT-TTg")])])
    store.close()
    return root / "home"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_is_the_view_as_an_image(home, tmp_path):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail("vanban viz --png needs Debian's chromium (scripts/ensure-chromium)", pytrace=False)
    from vanban.cli import main
    out, page = tmp_path / "view.png", tmp_path / "view.html"
    assert main(["--home", str(home), "viz", "-o", str(page), "--png", str(out), "-q"]) == 0
    data = out.read_bytes()
    assert png_size(data) == (1600, 1000)
    assert len(data) > 20_000                      # a drawn picture, not a blank page
    assert "5/KH-UBND" in page.read_text("utf-8")  # -o still writes the page alongside


def test_png_without_chromium_fails_clearly_and_writes_nothing(home, tmp_path, monkeypatch, capsys):
    from vanban.cli import main
    monkeypatch.setenv("VANBAN_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "view.png"
    assert main(["--home", str(home), "viz", "--png", str(out)]) == 1
    assert "VANBAN_CHROMIUM" in capsys.readouterr().err
    assert not out.exists()


def test_viz_needs_an_output(home, capsys):
    from vanban.cli import main
    assert main(["--home", str(home), "viz"]) == 2
    assert "--png" in capsys.readouterr().err
