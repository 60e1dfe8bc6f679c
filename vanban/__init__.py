"""vanban: a citation knowledge graph for Vietnamese local-government plans (kế hoạch)."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("vanban")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
