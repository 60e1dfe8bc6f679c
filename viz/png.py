"""`vanban viz --png`: the viewer's picture as a PNG, drawn by headless Chromium.

The page is the offline one (no request leaves the machine: its CSP allows
none), written to a private temporary folder and opened from there; Chromium's
``--screenshot`` takes the picture after a virtual-time budget long enough for
the first draw. The PNG replaces the target atomically.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from vanban.atomic import atomic_file
from vanban.models import VanbanError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ENV_BROWSER = "VANBAN_CHROMIUM"
DEFAULT_SIZE = (1600, 1000)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class PictureFailed(VanbanError):
    """Chromium is missing or did not draw the picture."""


def find_browser() -> str:
    """The Chromium to run: $VANBAN_CHROMIUM, else the first of BROWSERS on PATH."""
    forced = os.environ.get(ENV_BROWSER)
    if forced:
        if os.access(forced, os.X_OK):
            return forced
        raise PictureFailed(f"{ENV_BROWSER}={forced} is not an executable file",
                            message_vi=f"{ENV_BROWSER}={forced} không phải tệp chạy được")
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    raise PictureFailed("a PNG needs Chromium (headless); install it (Debian: apt-get install chromium) "
                        f"or set {ENV_BROWSER} to its path",
                        message_vi="Cần Chromium để vẽ ảnh PNG (Debian: apt-get install chromium)")


def html_to_png(html: str, target: Path, *, size: tuple[int, int] = DEFAULT_SIZE, budget_ms: int = 8000,
                timeout: float = 120.0) -> int:
    """Draw `html` (an offline viewer page) with headless Chromium into `target`; its size in bytes."""
    browser = find_browser()
    width, height = size
    with tempfile.TemporaryDirectory(prefix="vanban-png-") as tmp:
        page, shot = Path(tmp) / "page.html", Path(tmp) / "shot.png"
        # Chromium resizes the viewport to the picture's size only when it takes it (its window
        # frame counts during the run): a page of fixed size keeps the view it fitted.
        fixed = (f"<style>html, body {{ width: {width}px !important; height: {height}px !important; "
                 "overflow: hidden !important; }</style></head>")
        page.write_text(html.replace("</head>", fixed, 1), encoding="utf-8")
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-default-apps", "--disable-sync", "--disable-extensions",
               "--no-first-run", "--hide-scrollbars", "--force-device-scale-factor=1",
               f"--user-data-dir={Path(tmp) / 'profile'}", f"--window-size={width},{height}",
               f"--virtual-time-budget={budget_ms}", f"--screenshot={shot}", page.as_uri()]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PictureFailed(f"Chromium did not finish the picture within {timeout:.0f} s",
                                message_vi="Chromium không vẽ xong ảnh") from exc
        except OSError as exc:
            raise PictureFailed(f"cannot run {browser}: {exc}", message_vi=f"Không chạy được {browser}") from exc
        data = shot.read_bytes() if shot.is_file() else b""
        if not data.startswith(PNG_MAGIC):
            tail = (r.stderr or "").strip().splitlines()[-3:]
            raise PictureFailed(f"Chromium wrote no picture (exit {r.returncode}): " + " | ".join(tail),
                                message_vi="Chromium không tạo được ảnh")
    with atomic_file(Path(target), "wb", perms=0o644) as fh:
        fh.write(data)
    return len(data)
