"""Central documents known as fact (the catalogue kept as data by the loaders).

>>> central_info("33/CT-TTg")["date"]
'2021-11-26'
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .identity import code_key


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict]:
    try:
        raw = json.loads(resources.files("vanban.loaders").joinpath("data/catalogue.json").read_text("utf-8"))
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    docs = raw.get("documents", raw) if isinstance(raw, dict) else raw
    return {code_key(d["code"]): d for d in docs if isinstance(d, dict) and d.get("code")}


def central_info(code: str | None) -> dict | None:
    """The catalogue entry for a code, or None when the code is not a known central document."""
    return _catalogue().get(code_key(code)) if code else None


def catalogue() -> list[dict]:
    return list(_catalogue().values())
