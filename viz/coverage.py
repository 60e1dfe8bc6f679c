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


def coverage_rows(store: GraphStore, nid: str, province: str | None = None, as_of: str | None = None,
                  fold_old: bool = False) -> dict[str, Any]:
    """The bodies below document `nid` with and without a plan implementing it. With a
    province and a date, every gazetteer unit of that province on that date (issue 13), each
    row with its ``status``: covered, none, ambiguous (or, with ``fold_old``, folded / partial)."""
    if province is None and as_of is None:
        return _rows_from_implementers(store.implementers(nid))
    return _rows_from_units(store, store.implementers(nid, province=province, as_of=as_of, fold_old=fold_old))


def _rows_from_units(store: GraphStore, imp: dict[str, Any]) -> dict[str, Any]:
    u = imp["units"]
    summaries = {p["id"]: p for grp in imp.get("groups") or [] for p in grp.get("plans") or []}
    folded = set((u.get("fold_old") or {}).get("covered", ())) - set(u["covered"])
    partial = set((u.get("fold_old") or {}).get("partial", ()))
    rows = []
    for status in ("covered", "ambiguous", "none"):
        for uid in u[status]:
            st = ("partial" if uid in partial else "folded") if uid in folded else status
            plans = [{"id": pid, "code": summaries.get(pid, {}).get("code"), "date": summaries.get(pid, {}).get("date")}
                     for pid in (u.get("plans") or {}).get(uid, ())] if status == "covered" else []
            # the unit's own parent: namesakes in one province (two "xã Chiến Thắng") differ by district
            rows.append({"unit": u["names"][uid], "unit_id": uid, "level": _unit_level(uid),
                         "parent": _unit_parent(uid) or u["province"], "status": st, "plans": plans})
    rows.sort(key=lambda r: (S.LEVEL_RANK.get(r["level"] or "", 9), r["unit"], r["unit_id"]))
    doc = imp.get("document") or {}
    return {"document": {"id": doc.get("id"), "code": doc.get("code")}, "province": u["province"],
            "as_of": u["as_of"], "rows": rows, "with_plan": len(u["covered"]), "without_plan": len(u["none"]),
            "ambiguous": len(u["ambiguous"])}


def _unit_level(uid: str) -> str:
    from vanban.graph import gazetteer as gz
    return gz.unit(uid).level


def _unit_parent(uid: str) -> str | None:
    from vanban.graph import gazetteer as gz
    p = gz.parent(uid)
    return p.full_name if p is not None else None


def provinces(as_of: str) -> dict[str, Any]:
    """The provinces that existed on ``as_of`` (the panel's province list), by name.

    >>> len(provinces("2025-06-30")["provinces"]), len(provinces("2025-07-01")["provinces"])
    (63, 34)
    """
    from vanban.graph import gazetteer as gz
    from vanban.graph.identity import fold
    from vanban.graph.queries import unit_info

    units = sorted(gz.units_valid_on(as_of, level="province"), key=lambda u: (fold(u.name), u.id))
    return {"as_of": as_of, "provinces": [unit_info(u.id) for u in units]}
