"""The coverage panel's data: which bodies below a document have a plan implementing it.

One function, :func:`coverage_rows`, is the panel's only data source, so the
two-level coverage of issue 13 can replace it without touching the page. It
reads the graph's ``implementers`` query: every plan implementing the document
(directly or through other plans), and, under each body that has such a plan,
the bodies known below it (PART_OF) without one.

A row: ``{"unit", "level", "parent", "plans": [{"id", "code", "date"}]}``;
``plans`` is empty for a body without a plan.

>>> rows = _rows_from_implementers({"document": {"id": "d", "code": "33/CT-TTg"}, "total": 1,
...     "groups": [{"level": "district", "place": "huyện A", "plans": [
...         {"id": "p1", "code": "5/KH-UBND", "date": "2024-01-02", "issuer": "UBND huyện A", "level": "district"}]}],
...     "coverage": [{"body": "UBND huyện A", "level": "district", "known_below": 2,
...                   "without_plan": ["UBND xã B"]}]})
>>> [(r["unit"], len(r["plans"])) for r in rows["rows"]]
[('UBND huyện A', 1), ('UBND xã B', 0)]
"""
from __future__ import annotations

from typing import Any

from vanban.graph import schema as S
from vanban.graph.store import GraphStore

LEVEL_BELOW = {"central": "province", "province": "district", "district": "commune"}


def eligible(node: dict[str, Any] | None) -> bool:
    """The panel is offered for a directive or a plan above the communes."""
    if not node:
        return False
    if node.get("kind") == S.DIRECTIVE:
        return True
    return node.get("kind") == S.PLAN and node.get("level") in ("province", "district")


def _bodies_with_plans(groups: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for g in groups:
        for p in g.get("plans") or []:
            body = p.get("issuer") or g.get("place") or "?"
            row = rows.setdefault(body, {"unit": body, "level": p.get("level") or g.get("level"), "parent": None,
                                         "plans": []})
            row["plans"].append({"id": p["id"], "code": p.get("code"), "date": p.get("date")})
    return rows


def _rows_from_implementers(imp: dict[str, Any]) -> dict[str, Any]:
    by_body = _bodies_with_plans(imp.get("groups") or [])
    for c in imp.get("coverage") or []:
        for name in c.get("without_plan") or []:
            if name and name not in by_body:
                by_body[name] = {"unit": name, "level": LEVEL_BELOW.get(c.get("level") or ""),
                                 "parent": c.get("body"), "plans": []}
    rows = sorted(by_body.values(), key=lambda r: (S.LEVEL_RANK.get(r["level"] or "", 9), r["unit"]))
    doc = imp.get("document") or {}
    return {"document": {"id": doc.get("id"), "code": doc.get("code")}, "rows": rows,
            "with_plan": sum(1 for r in rows if r["plans"]), "without_plan": sum(1 for r in rows if not r["plans"])}


def coverage_rows(store: GraphStore, nid: str) -> dict[str, Any]:
    """The bodies below document `nid` with and without a plan implementing it."""
    return _rows_from_implementers(store.implementers(nid))
