"""The user's questions, as pure functions over a built graph.

Every function takes the ``networkx.MultiDiGraph`` made by
:func:`vanban.graph.build.build_graph` and returns plain JSON-able data, the
same shapes the CLI prints with ``--json`` and the API serves.

>>> from vanban.models import PlanRecord, DocumentMeta, Citation
>>> from vanban.graph.build import build_graph
>>> r = PlanRecord(file="h.txt", document=DocumentMeta(type="Kế hoạch", code="5/KH-UBND",
...     date="2024-03-01", issuer="UBND huyện Hòa Sơn", level="district", title="Dân vận 2024"),
...     citations=[Citation(code="33/CT-TTg", type="Chỉ thị", date="2021-11-26",
...     issuer="Thủ tướng Chính phủ", relation="implements", central=True)])
>>> g = build_graph([r])
>>> [e["code"] for e in trace(g, resolve_ref(g, "h.txt")[0])["chain"]]
['5/KH-UBND', '33/CT-TTg']
"""
from __future__ import annotations

import calendar
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx
from rapidfuzz import fuzz, process

from vanban.models import BadRequest, NotFound

from . import registry as R
from . import schema as S
from .identity import code_key, fold

if TYPE_CHECKING:   # rules.py imports this module for its checkers
    from .rules import Rule

CHAIN_KEYS = ("id", "code", "type", "date", "issuer", "level", "source")


# ---------------------------------------------------------------- helpers
def summary(g: nx.MultiDiGraph, nid: str) -> dict[str, Any]:
    """The chain-element view of a document node."""
    n = g.nodes[nid]
    return {k: n.get(k) for k in CHAIN_KEYS}


def document_view(g: nx.MultiDiGraph, nid: str) -> dict[str, Any]:
    n = g.nodes[nid]
    out = summary(g, nid)
    out.update(kind=n.get("kind"), title=n.get("title"), place=n.get("place"), central=bool(n.get("central")),
               signer=n.get("signer"), candidates=list(n.get("candidates") or []),
               conflicts=list(n.get("conflicts") or []))
    return out


def is_document(g: nx.MultiDiGraph, nid: str) -> bool:
    return g.nodes[nid].get("kind") in S.DOCUMENT_KINDS


def is_central(g: nx.MultiDiGraph, nid: str) -> bool:
    n = g.nodes[nid]
    return bool(n.get("central")) or n.get("level") == "central"


def loaded_plans(g: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, d in g.nodes(data=True) if d.get("kind") in S.DOCUMENT_KINDS and d.get("source"))


def _out(g: nx.MultiDiGraph, nid: str, types: Iterable[str]) -> list[tuple[str, dict]]:
    # Straight over the adjacency dicts ({v: {key: data}}): same edges, same order as
    # g.out_edges(nid, data=True), without the view machinery (hot in trace).
    types = set(types)
    return [(v, d) for v, kd in g._succ.get(nid, {}).items() for d in kd.values() if d.get("type") in types]


def _in(g: nx.MultiDiGraph, nid: str, types: Iterable[str]) -> list[tuple[str, dict]]:
    types = set(types)
    return [(u, d) for u, kd in g._pred.get(nid, {}).items() for d in kd.values() if d.get("type") in types]


out_edges, in_edges = _out, _in   # (neighbour, edge data) by edge type, for rule checkers


def level_above(level: str | None, date: str | None = None) -> str | None:
    """The level a plan of `level` implements; communes answer to provinces from 1 July 2025."""
    if level == "commune" and date and date >= "2025-07":
        return "province"
    return {"commune": "district", "district": "province", "province": "central"}.get(level or "")


def resolve_ref(g: nx.MultiDiGraph, ref: str) -> list[str]:
    """Node ids a user reference names: a node id, a loaded file path or basename, or a code."""
    if ref in g and is_document(g, ref):
        return [ref]
    sources: dict[str, str] = g.graph.get("by_source") or {
        d["source"]: n for n, d in g.nodes(data=True) if d.get("source")}
    if ref in sources:
        return [sources[ref]]
    norm = ref.replace("\\", "/")
    tail = "/" + norm.lstrip("./")
    by_source = [n for src, n in sources.items()
                 if src.replace("\\", "/").endswith(tail) or src.replace("\\", "/").rsplit("/", 1)[-1] == norm]
    if by_source:
        return sorted(by_source)
    ck = code_key(ref)
    if "by_code" in g.graph:
        return list(g.graph["by_code"].get(ck, []))
    return sorted(n for n, d in g.nodes(data=True) if d.get("kind") in S.DOCUMENT_KINDS and d.get("code")
                  and code_key(d["code"]) == ck)


class Ambiguous(BadRequest):
    code = "ambiguous_ref"

    def __init__(self, ref: str, candidates: list[dict]):
        super().__init__(f"'{ref}' names {len(candidates)} documents; use one of their ids",
                         message_vi=f"'{ref}' ứng với {len(candidates)} văn bản; hãy dùng id")
        self.candidates = candidates


# ---------------------------------------------------------------- trace
def _rank_next(g: nx.MultiDiGraph, cur: str, cand: str, edge: dict) -> tuple:
    n, c = g.nodes[cur], g.nodes[cand]
    want = level_above(n.get("level"), n.get("date"))
    is_plan = c.get("kind") == S.PLAN
    rank_cur = S.LEVEL_RANK.get(n.get("level") or "", 9)
    rank_c = S.LEVEL_RANK.get(c.get("level") or "", 9)
    if is_plan and c.get("level") == want and not is_central(g, cand):
        tier = 0                      # the plan of the level just above
    elif c.get("level") == want:
        tier = 1
    elif not is_central(g, cand) and rank_c < rank_cur:
        tier = 2                      # some other higher-level document
    elif is_central(g, cand):
        tier = 3
    else:
        tier = 4
    # a law, decree or circular the plan names only as its legal basis ("Căn cứ …") is never the parent
    # while the plan names something it carries out (extraction's citation "basis")
    legal = edge.get("basis") == "can_cu" and (c.get("type") in _LEGAL_TYPES
                                              or bool(_NORMATIVE.search(c.get("code") or "")))
    return (legal, tier, edge.get("derived", False), not bool(c.get("source")), _neg_date(c.get("date")), cand)


_LEGAL_TYPES = frozenset({"Luật", "Bộ luật", "Nghị định", "Thông tư", "Thông tư liên tịch", "Pháp lệnh", "Hiến pháp"})
_NORMATIVE = re.compile(r"^\d+/\d{4}/")   # legal normative documents carry their year: 72/2025/QH15, 47/2024/NĐ-CP


def choose_parent(g: nx.MultiDiGraph, cur: str, candidates: list[tuple[str, dict]]) -> str:
    """The next element of a chain: of the documents `cur` carries out (each with its edge),
    the plan of the level just above first (see `_rank_next`). The one place trace picks a
    parent, so a rule about which citations may be parents plugs in here."""
    return min(candidates, key=lambda vd: _rank_next(g, cur, vd[0], vd[1]))[0]


def _neg_date(d: str | None) -> str:
    # later dates first when sorting ascending
    return "".join(chr(0x10FFFF - ord(ch)) for ch in (d or ""))


def _label(g: nx.MultiDiGraph, nid: str) -> str:
    n = g.nodes[nid]
    return n.get("code") or n.get("title") or nid


def chain_element(g: nx.MultiDiGraph, nid: str) -> dict[str, Any]:
    """A chain element: its summary, the gazetteer unit of a loaded plan's issuer (``unit``) and,
    for a unit that ended on 30 June 2025, the units that took it over (``succeeded_by``), so a
    chain through an abolished district shows both worlds and the link.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(); g.add_node("d", kind="plan", code="5/KH-UBND", unit_id="pre:62")
    >>> el = chain_element(g, "d")
    >>> el["unit"]["valid_to"], [(s["unit"]["name"], s["partial"]) for s in el["succeeded_by"]]
    ('2025-06-30', [('tỉnh Quảng Ngãi', False)])
    """
    from . import gazetteer as gz

    out = summary(g, nid)
    unit = unit_info(g.nodes[nid].get("unit_id"))
    out["unit"] = unit
    out["succeeded_by"] = []
    if unit and unit.get("valid_to") and unit.get("name"):
        out["succeeded_by"] = [{"unit": unit_info(s.unit.id), "partial": s.partial}
                               for s in sorted(gz.successors(unit["id"]), key=lambda s: s.unit.id)]
    return out


def trace(g: nx.MultiDiGraph, nid: str) -> dict[str, Any]:
    """Follow IMPLEMENTS from a plan up to a central directive, or to a gap.

    ``chain[0]`` is the plan; each next element is what the previous one
    implements, preferring the plan of the level just above. ``central`` lists
    the central directives the chain leads to, best first: those reached by
    IMPLEMENTS edges, then central documents the chain's plans cite, ranked by
    how many documents in the whole graph implement, then cite, them.
    """
    if nid not in g or not is_document(g, nid):
        raise NotFound(f"unknown document id '{nid}'", message_vi=f"Không có văn bản với id '{nid}'")
    chain = [nid]
    gaps: list[str] = []
    details: list[dict] = []
    seen = {nid}
    cur = nid
    while not is_central(g, cur):
        n = g.nodes[cur]
        nxt = [(v, d) for v, d in _out(g, cur, R.trace_types()) if v != cur]
        if not nxt:
            if n.get("candidates"):
                msg = f"{_label(g, cur)} of {n.get('issuer') or 'an unknown issuer'} is ambiguous: it may be " + \
                      ", ".join(n["candidates"])
                details.append({"id": cur, "kind": "ambiguous", "candidates": list(n["candidates"]), "message": msg})
            elif n.get("source"):
                msg = f"{_label(g, cur)} ({n['source']}) names no document it implements"
                details.append({"id": cur, "kind": "no_basis", "message": msg})
            else:
                msg = f"{_label(g, cur)} of {n.get('issuer') or 'an unknown issuer'} is referenced but not loaded"
                details.append({"id": cur, "kind": "not_loaded", "message": msg})
            gaps.append(msg)
            break
        best = choose_parent(g, cur, nxt)
        if best in seen:
            msg = f"{_label(g, cur)} and {_label(g, best)} implement each other (a cycle)"
            gaps.append(msg)
            details.append({"id": best, "kind": "cycle", "message": msg})
            break
        chain.append(best)
        seen.add(best)
        cur = best
    return {"document": document_view(g, nid), "chain": [chain_element(g, c) for c in chain],
            "central": _central_for(g, chain), "gaps": gaps, "gap_details": details,
            "replaced": replaced_in(g, chain)}


def replacements(g: nx.MultiDiGraph, nid: str) -> list[str]:
    """Documents that state `nid` is no longer in force (they replace or repeal it)."""
    if "replaced_by" in g.graph:          # the whole graph, indexed by build.index_graph
        return list(g.graph["replaced_by"].get(nid, ()))
    return sorted({u for u, _ in _in(g, nid, R.ends_force_types()) if u != nid})


def replaced_in(g: nx.MultiDiGraph, chain: list[str]) -> list[dict[str, Any]]:
    """Elements of a chain that a later document replaced: the chain still shows what the
    plan says it carries out, and this says which of those are no longer in force."""
    out = []
    for c in chain:
        by = replacements(g, c)
        if by:
            names = ", ".join(_label(g, u) for u in by)
            out.append({"id": c, "code": g.nodes[c].get("code"), "by": [summary(g, u) for u in by],
                        "message": f"{_label(g, c)} was replaced by {names}"})
    return out


def _central_for(g: nx.MultiDiGraph, chain: list[str]) -> list[dict[str, Any]]:
    found: dict[str, tuple] = {}
    # 1. directive edges: central documents reached by IMPLEMENTS from the chain
    frontier = list(chain)
    seen = set(chain)
    depth = 0
    while frontier and depth < 6:
        nxt = []
        for u in frontier:
            for v, _edge in _out(g, u, R.trace_types()):
                if is_central(g, v) and v not in found:
                    found[v] = (0, depth, "implements")
                if v not in seen:
                    seen.add(v)
                    nxt.append(v)
        frontier = nxt
        depth += 1
    # 2. central documents the chain's loaded plans cite
    for u in chain:
        if not g.nodes[u].get("source"):
            continue
        for v, _edge in _out(g, u, [S.CITES]):
            if is_central(g, v) and v not in found:
                found[v] = (1, 0, "cited")

    own_title = fold(g.nodes[chain[0]].get("title"))

    def weight(v: str) -> tuple:
        # Corpus evidence first (how many documents implement it), then how close
        # its subject is to the plan's title, then how often it is cited.
        tier, depth, _ = found[v]
        n = g.nodes[v]
        impl = n["n_implemented_by"] if "n_implemented_by" in n else len({u for u, _ in _in(g, v, [S.IMPLEMENTS])})
        cites = n["n_cited_by"] if "n_cited_by" in n else len({u for u, _ in _in(g, v, [S.CITES])})
        title = fold(g.nodes[v].get("title"))
        sim = round(fuzz.token_set_ratio(own_title, title)) if own_title and title else 0
        return (tier, depth, -impl, -sim, -cites, g.nodes[v].get("code") or v)

    out = []
    for v in sorted(found, key=weight):
        item = summary(g, v)
        item["title"] = g.nodes[v].get("title")
        item["basis"] = found[v][2]
        out.append(item)
    return out


# ---------------------------------------------------------------- check
def cited_codes(g: nx.MultiDiGraph, nid: str) -> set[str]:
    """Codes a document names (cites, implements, replaces, …; title-resolved references included)."""
    return {code_key(g.nodes[v].get("code")) for v, _ in _out(g, nid, R.document_link_types())
            if g.nodes[v].get("code")}


def applies(rule: Rule, node: dict[str, Any]) -> bool:
    a = rule.applies_to
    if "types" in a and fold(node.get("type")) not in {fold(t) for t in a["types"]}:
        return False
    if "levels" in a and node.get("level") not in a["levels"]:
        return False
    if "title_contains" in a and fold(a["title_contains"]) not in fold(node.get("title")):
        return False
    year = node.get("year")
    if "year_from" in a and (year is None or year < a["year_from"]):
        return False
    if "year_to" in a and (year is None or year > a["year_to"]):
        return False
    return True


def check(g: nx.MultiDiGraph, rules: list[Rule]) -> dict[str, Any]:
    """Loaded plans that break a rule, each with what is missing and the evidence.
    What a rule requires is judged by its form's checker (``rules.RULE_FORMS``)."""
    violations = []
    for nid in loaded_plans(g):
        node = g.nodes[nid]
        for rule in rules:
            if not applies(rule, node):
                continue
            arg = next(iter(rule.require.values()))
            verdict = rule.form.check(g, nid, arg)
            if verdict is None or not verdict[0]:
                continue
            missing, found = verdict
            violations.append({"document": {"id": nid, "code": node.get("code"), "source": node.get("source")},
                               "rule": rule.id, "severity": rule.severity, "missing": missing,
                               "message": rule.message, "evidence": {"title": node.get("title"), **found}})
    violations.sort(key=lambda v: (v["document"]["source"] or "", v["rule"]))
    return {"violations": violations, "reform": reform_findings(g)}


# ---------------------------------------------------------------- the reform of 1 July 2025
REFORM_DAY = "2025-07-01"


def ended_body(g: nx.MultiDiGraph, body: str, on: str | None) -> dict[str, Any] | None:
    """When the body (an issuer node) no longer existed on ``on``: the unit it is, the day it
    ended and its successors. None when it existed, or the gazetteer cannot say (a name that is
    no unit, an undated plan)."""
    from . import gazetteer as gz
    from .identity import place_of

    if not on or len(on) < 10 or body not in g:
        return None
    n = g.nodes[body]
    if n.get("kind") != S.ISSUER:
        return None
    if n.get("unit_id"):
        units = [gz.unit(u) for u in [n["unit_id"], *(n.get("other_unit_ids") or ())]]
    else:
        lvl, pl = place_of(n.get("name"))
        if not pl:
            return None
        units = gz.resolve(pl if lvl != "province" else f"tỉnh {pl}")
    if not units or any(u.valid_on(on) for u in units):
        return None
    u = max(units, key=lambda x: x.valid_to or x.valid_from)
    succ = gz.successors(u)
    return {"unit_id": u.id, "name": u.full_name, "ended": u.valid_to.isoformat() if u.valid_to else None,
            "successors": [{"unit_id": x.unit.id, "name": x.unit.full_name, "partial": x.partial} for x in succ]}


def reform_findings(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Plans dated from 1 July 2025 that implement a plan of, report to, or assign tasks to a body
    that no longer existed on their date (an abolished district, a merged province or commune)."""
    out = []
    reports = g.graph.get("reports_by_plan") or {}
    for nid in loaded_plans(g):
        node = g.nodes[nid]
        on = node.get("date")
        if not on or len(on) < 10 or on < REFORM_DAY:
            continue
        named: list[tuple[str, str]] = []
        for v, _ in _out(g, nid, R.trace_types()):
            if g.nodes[v].get("issuer_id"):
                named.append(("implements", g.nodes[v]["issuer_id"]))
        for _, b, _k in reports.get(nid, ()):
            named.append(("reports_to", b))
        for v, _ in _out(g, nid, [S.ASSIGNED]):
            named.append(("assigns", v))
        seen = set()
        own = set()
        if node.get("unit_id"):
            from . import gazetteer as gz
            own = {s.unit.id for s in gz.predecessors(node["unit_id"])}
        for why, body in named:
            if (why, body) in seen:
                continue
            seen.add((why, body))
            ended = ended_body(g, body, on)
            # its own former body ("báo cáo về UBND xã" read with the old name) is no finding
            if ended and ended["unit_id"] not in own:
                succ = ", ".join(x["name"] for x in ended["successors"]) or "none (the district level was abolished)"
                out.append({"document": {"id": nid, "code": node.get("code"), "source": node.get("source"),
                                         "date": on},
                            "relation": why, "body": g.nodes[body].get("name"), **ended,
                            "message": f"{_label(g, nid)} ({on}) {why.replace('_', ' ')} "
                                       f"{g.nodes[body].get('name')}, which ended on {ended['ended']}; "
                                       f"successors: {succ}"})
    out.sort(key=lambda f: (f["document"]["source"] or "", f["relation"], f["body"] or ""))
    return out


def unit_info(unit_id: str | None) -> dict[str, Any] | None:
    """A gazetteer unit as people tell it apart from a namesake: its full name, its province and
    the days it existed (ISO; None: before the records begin / still exists). None for no unit.

    >>> unit_info("pre:62")["valid_to"], unit_info("post:51")["valid_from"], unit_info(None)
    ('2025-06-30', '2025-07-01', None)
    """
    from . import gazetteer as gz

    if not unit_id:
        return None
    try:
        u = gz.unit(unit_id)
    except KeyError:      # an id from an older gazetteer: shown as it is, never a failure
        return {"id": unit_id, "name": None, "level": None, "district": None, "province": None, "valid_from": None,
                "valid_to": None}
    prov, up = gz.province_of(u), gz.parent(u)
    return {"id": u.id, "name": u.full_name, "level": u.level,
            # two "phường 1" of one province differ by their district (before the reform)
            "district": up.full_name if up is not None and up.level == "district" else None,
            "province": prov.full_name if prov is not None and prov.id != u.id else None,
            "valid_from": u.valid_from.isoformat() if u.valid_from else None,
            "valid_to": u.valid_to.isoformat() if u.valid_to else None}


def body_of(g: nx.MultiDiGraph, nid: str) -> str | None:
    """The body a node stands for: itself for an issuer, its issuer for a document."""
    if nid not in g:
        raise NotFound(f"unknown node id '{nid}'", message_vi=f"Không có nút với id '{nid}'")
    n = g.nodes[nid]
    if n.get("kind") == S.ISSUER:
        return nid
    if n.get("kind") in S.DOCUMENT_KINDS:
        return n.get("issuer_id") or next((v for v, _ in _out(g, nid, [S.ISSUED_BY])), None)
    return None


def body_links(g: nx.MultiDiGraph, nid: str) -> dict[str, Any]:
    """The old and new bodies around a node (an issuer, or a document through its issuer): the
    body's unit with its validity, and the bodies before and after it along SUCCEEDED_BY (old ->
    new, ``partial`` when the old unit was split). ``g`` holds the body and its neighbours."""
    body = body_of(g, nid)

    def side(pairs: list[tuple[str, dict]]) -> list[dict[str, Any]]:
        out = [{"id": v, "name": g.nodes[v].get("name"), "partial": bool(d.get("partial")),
                "unit": unit_info(g.nodes[v].get("unit_id"))} for v, d in pairs]
        return sorted(out, key=lambda x: (x["name"] or "", x["id"]))

    if body is None or body not in g:
        return {"id": nid, "body": None, "successors": [], "predecessors": []}
    b = g.nodes[body]
    return {"id": nid,
            "body": {"id": body, "name": b.get("name"), "unit": unit_info(b.get("unit_id")),
                     "other_units": [unit_info(u) for u in b.get("other_unit_ids") or ()]},
            "successors": side(_out(g, body, [S.SUCCEEDED_BY])),
            "predecessors": side(_in(g, body, [S.SUCCEEDED_BY]))}


# ---------------------------------------------------------------- implementers
def implementers(g: nx.MultiDiGraph, nid: str, province: str | None = None, as_of: str | None = None,
                 fold_old: bool = False) -> dict[str, Any]:
    """Every plan implementing a document, directly or through other documents,
    grouped by level and place; coverage lists known bodies below with no plan.
    With ``province`` and ``as_of``, ``units`` is :func:`unit_coverage` of that province then."""
    if nid not in g or not is_document(g, nid):
        raise NotFound(f"unknown document id '{nid}'", message_vi=f"Không có văn bản với id '{nid}'")
    depth = _implements_closure(g, nid)
    plans = [u for u in depth if u != nid and g.nodes[u].get("kind") == S.PLAN]
    out = {"document": document_view(g, nid), "total": len(plans), "groups": _implementer_groups(g, plans, depth),
           "coverage": _coverage(g, plans)}
    if province is not None or as_of is not None:
        out["units"] = unit_coverage(g, nid, province, as_of, fold_old=fold_old, plans=plans)
    return out


def unit_coverage(g: nx.MultiDiGraph, nid: str, province: str | None, as_of: str | None,
                  fold_old: bool = False, plans: list[str] | None = None) -> dict[str, Any]:
    """Which units of ``province`` that existed on ``as_of`` have a plan dated on or before it
    implementing ``nid`` (directly or down the chain): ``covered``; which have none; and which
    may have one (``ambiguous``: a plan whose issuer the gazetteer could not tell apart among
    several units; never counted as "none"). ``fold_old`` credits a unit with the plans of the
    units it was formed from (``partial``: only through units split between several successors).
    Unit ids are the gazetteer's (graph/gazetteer.py)."""
    from . import gazetteer as gz

    units, prov = _province_units(province, as_of)
    if plans is None:
        plans = [u for u in _implements_closure(g, nid) if u != nid and g.nodes[u].get("kind") == S.PLAN]
    dated, by_unit, maybe = _plans_by_unit(g, plans, as_of)
    covered = [u for u in units if u in dated]
    ambiguous = [u for u in units if u not in dated and u in maybe]
    none = [u for u in units if u not in dated and u not in maybe]
    out = {"ref": g.nodes[nid].get("code"), "document": nid,
           "province_id": prov[0].id if len(prov) == 1 else None,
           "province": prov[0].full_name if len(prov) == 1 else province, "as_of": as_of,
           "units": len(units), "covered": covered, "none": none, "ambiguous": ambiguous,
           "names": {u: gz.unit(u).full_name for u in units},
           "plans": {u: by_unit[u] for u in units if u in by_unit}}
    if fold_old:
        out["fold_old"] = _folded(covered, none, dated)
    return out


def _province_units(province: str | None, as_of: str | None) -> tuple[list[str], list]:
    """(ids of the units of ``province`` valid on ``as_of``, the province's unit(s)); BadRequest when
    either is missing or malformed, or no such province existed that day."""
    from . import gazetteer as gz

    if not province or not as_of:
        raise BadRequest("coverage needs both a province and a date (as_of)",
                         message_vi="cần cả tỉnh (province) và ngày (as_of)")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
        raise BadRequest(f"as_of must be a date YYYY-MM-DD, not '{as_of}'",
                         message_vi=f"as_of phải là ngày YYYY-MM-DD, không phải '{as_of}'")
    try:
        units = sorted(u.id for u in gz.units_valid_on(as_of, province=province))
        prov = [p for p in gz.gazetteer()._places(province, as_of, levels=("province",)) if p.valid_on(as_of)]
    except (LookupError, ValueError) as exc:
        raise BadRequest(f"no province '{province}' on {as_of}",
                         message_vi=f"không có tỉnh '{province}' vào ngày {as_of}") from exc
    return units, prov


def _plans_by_unit(g: nx.MultiDiGraph, plans: list[str], as_of: str) -> tuple[dict, dict, set]:
    """(unit -> dates of its plans dated on or before ``as_of``, unit -> its plans or the plans it
    may have, the units some plan may be of)."""
    dated: dict[str, list[str]] = defaultdict(list)
    by_unit: dict[str, list[str]] = defaultdict(list)
    maybe: set[str] = set()
    for p in sorted(plans):
        n = g.nodes[p]
        d = n.get("date")
        if not d or d[:len(as_of)] > as_of[:len(d)]:
            continue
        if n.get("unit_id"):
            dated[n["unit_id"]].append(d)
            by_unit[n["unit_id"]].append(p)
        for u in n.get("unit_candidates") or ():
            maybe.add(u)
            by_unit[u].append(p)
    return dated, by_unit, maybe


def _folded(covered: list[str], none: list[str], dated: dict) -> dict[str, list[str]]:
    """Coverage crediting a unit with none with its predecessors' plans; ``partial`` when every such
    predecessor was split between several successors."""
    from . import gazetteer as gz

    credited, partial = [], []
    for u in none:
        edges = [s for s in gz.predecessors(u) if s.unit.id in dated]
        if edges:
            credited.append(u)
            if all(s.partial for s in edges):
                partial.append(u)
    return {"covered": sorted(covered + credited), "partial": partial}


def _implements_closure(g: nx.MultiDiGraph, nid: str) -> dict[str, int]:
    """Every document that climbs to `nid`, with its distance."""
    depth = {nid: 0}
    frontier = [nid]
    while frontier:
        nxt = []
        for v in frontier:
            for u, _ in _in(g, v, R.trace_types()):
                if u not in depth:
                    depth[u] = depth[v] + 1
                    nxt.append(u)
        frontier = sorted(nxt)
    return depth


def _implementer_groups(g: nx.MultiDiGraph, plans: list[str], depth: dict[str, int]) -> list[dict[str, Any]]:
    """Implementing plans by level (Trung ương first) and place, each group by date."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for u in plans:
        n = g.nodes[u]
        item = summary(g, u)
        item.update(depth=depth[u], direct=depth[u] == 1, title=n.get("title"))
        groups[(n.get("level") or "unknown", n.get("place") or n.get("issuer") or "unknown")].append(item)
    return [{"level": lv, "place": pl, "count": len(items),
             "plans": sorted(items, key=lambda x: (x["date"] or "", x["id"]))}
            for (lv, pl), items in sorted(groups.items(), key=lambda kv: (S.LEVEL_RANK.get(kv[0][0], 9), kv[0][1]))]


def _coverage(g: nx.MultiDiGraph, plans: list[str]) -> list[dict[str, Any]]:
    """Bodies known (from the place hierarchy) to lie under an implementing body, and
    which of them have no implementing plan."""
    with_plan = {g.nodes[u].get("issuer_id") for u in plans}
    coverage = []
    for parent in sorted({i for i in with_plan if i}):
        children = sorted(u for u, _ in _in(g, parent, [S.PART_OF]))
        if not children:
            continue
        missing = [g.nodes[c].get("name") for c in children if c not in with_plan]
        coverage.append({"body": g.nodes[parent].get("name"), "level": g.nodes[parent].get("level"),
                         "known_below": len(children), "without_plan": missing})
    return coverage


# ---------------------------------------------------------------- search
def search_text(node: dict[str, Any]) -> str:
    if node.get("kind") in S.DOCUMENT_KINDS:
        code = node.get("code") or ""
        return fold(" ".join(x for x in (node.get("type"), code, code.split("/")[0].split("-")[0],
                                          node.get("title"), node.get("issuer"), node.get("date")) if x))
    return fold(node.get("name") or node.get("label"))


def search(g: nx.MultiDiGraph, text: str, limit: int = 20,
           index: tuple | None = None) -> list[dict[str, Any]]:
    """Fuzzy search over codes, titles, issuers and units, ignoring accents and case.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(); g.add_node("d", id="d", kind="directive", code="33/CT-TTg", type="Chỉ thị")
    >>> search(g, "chi thi 33")[0]["id"]
    'd'
    """
    q = fold(text)
    if not q:
        raise BadRequest("empty search text", message_vi="Chưa nhập nội dung tìm kiếm")
    if limit < 1:
        raise BadRequest("limit must be at least 1", message_vi="limit phải lớn hơn 0")
    ids, texts, tokens = index if index is not None else search_index(g)
    numbers = set(re.findall(r"\d+", q))
    pool = _search_pool(q, len(ids), tokens)
    hits = process.extract(q, [texts[i] for i in pool], scorer=fuzz.token_set_ratio,
                           limit=max(limit * 5, 50), score_cutoff=50)
    scored = []
    for _, score, k in hits:
        nid = ids[pool[k]]
        n = g.nodes[nid]
        code_num = set(re.findall(r"\d+", n.get("code") or "")[:1])
        bonus = 10 if numbers and numbers & code_num else 0
        scored.append((-(score + bonus), S.NODE_KINDS.index(n.get("kind", S.UNIT)), nid, score + bonus))
    scored.sort()
    out = []
    for _, _, nid, score in scored[:limit]:
        n = g.nodes[nid]
        # `unit` tells same-named bodies apart (the old and the new "UBND xã An Qui"): province, validity
        out.append({"id": nid, "kind": n.get("kind"), "label": n.get("label"), "code": n.get("code"),
                    "type": n.get("type"), "date": n.get("date"), "issuer": n.get("issuer") or n.get("name"),
                    "unit": unit_info(n.get("unit_id")), "score": round(float(score), 1)})
    return out


SEARCH_POOL = 2000


def _search_pool(q: str, n_nodes: int, tokens: dict[str, set[int]]) -> list[int]:
    """Positions worth scoring: the nodes that share a word (or a word's first 3 letters,
    for typos) with the query; rapidfuzz over every node costs ~100 ms at 10k plans."""
    postings = {w: tokens.get(w) or tokens.get(w[:3], set()) for w in set(q.split())}
    # Words as common as "kế hoạch" select nothing; when the query also has a rarer
    # word ("33", a place name), candidates come from the rare words only.
    rare = {w: p for w, p in postings.items() if len(p) <= max(SEARCH_POOL, n_nodes // 20)}
    hits_per: Counter[int] = Counter()
    for w in sorted(rare or postings):
        hits_per.update((rare or postings)[w])
    if len(hits_per) <= SEARCH_POOL:
        return sorted(hits_per)
    # Those sharing the most query words first; a bounded pool keeps common words cheap.
    best = max(hits_per.values())
    top = [p for p, n in hits_per.items() if n == best]
    return sorted(top if len(top) >= SEARCH_POOL // 4 else [p for p, _ in hits_per.most_common(SEARCH_POOL)])


def search_index(g: nx.MultiDiGraph) -> tuple[list[str], list[str], dict[str, set[int]]]:
    """Node ids, their folded search texts, and word (and 3-letter prefix) -> positions."""
    ids = sorted(g.nodes)
    texts = [search_text(g.nodes[i]) for i in ids]
    tokens: dict[str, set[int]] = defaultdict(set)
    for pos, t in enumerate(texts):
        for w in set(t.split()):
            tokens[w].add(pos)
            if len(w) > 3:
                tokens[w[:3]].add(pos)
    return ids, texts, dict(tokens)


# ---------------------------------------------------------------- deadlines
def _deadline_key(d: str) -> str:
    """Calendar order: every year's ("--11-25") and every month's ("---25") deadlines before dated ones.

    >>> sorted(["2024-11-20", "---25", "--06-30", "2024-11"], key=_deadline_key)
    ['---25', '--06-30', '2024-11', '2024-11-20']
    """
    if d.startswith("---"):
        return "0000-00-" + d[3:]
    return "0000" + d[1:] if d.startswith("--") else d


def _last_in_year(d: str, year: int | None) -> str | None:
    """The last day in ``year`` a deadline falls on (ISO), None when it names no day of that year: an
    every-year deadline falls on that year's day, a month ("2024-11") ends on its last day, and an
    every-month one ("---25") is last met in December.

    >>> [_last_in_year(d, 2024) for d in ("2024-11-20", "--06-30", "2024-02", "---25", "2023-12-01")]
    ['2024-11-20', '2024-06-30', '2024-02-29', '2024-12-25', None]
    """
    if d.startswith("---"):
        return f"{year}-12-{d[3:]}" if year else None
    if d.startswith("--"):
        return f"{year}{d[1:]}" if year else None
    if len(d) == 7:   # "YYYY-MM": the whole month
        y, m = int(d[:4]), int(d[5:])
        d = f"{d}-{calendar.monthrange(y, m)[1]:02d}"
    return d if not year or d.startswith(str(year)) else None


def _line(g: nx.MultiDiGraph, a: str, b: str, d: dict[str, Any]) -> dict[str, Any]:
    return {"from": g.nodes[a].get("name"), "from_id": a, "to": g.nodes[b].get("name"), "to_id": b,
            "via": g.nodes[d["via"]].get("name") if d.get("via") else None,
            "deadlines": list(d.get("deadlines") or []),
            "plan": {"id": d["plan"], "code": g.nodes[d["plan"]].get("code"),
                     "source": g.nodes[d["plan"]].get("source")},
            "level": g.nodes[d["plan"]].get("level")}


def reporting_lines(g: nx.MultiDiGraph, plan: str) -> list[dict[str, Any]]:
    """The reporting lines one plan states, in calendar order."""
    if "reports_by_plan" in g.graph:
        edges = [(a, b, g.edges[a, b, k]) for a, b, k in g.graph["reports_by_plan"].get(plan, [])]
    else:
        edges = [(a, b, d) for a, b, d in g.edges(data=True) if d.get("type") == S.REPORTS_TO and d["plan"] == plan]
    items = [_line(g, a, b, d) for a, b, d in edges]
    items.sort(key=lambda x: (min((_deadline_key(d) for d in x["deadlines"]), default="9999"), x["from_id"],
                              x["to_id"]))
    return items


def deadlines(g: nx.MultiDiGraph, unit: str | None = None) -> dict[str, Any]:
    """The reporting calendar, and cascades where a lower level must report
    after the level above it needs the figures."""
    lines = []
    by_plan: dict[str, list[dict]] = defaultdict(list)
    f = fold(unit) if unit else None
    skipped = []
    for a, b, d in g.edges(data=True):
        if d.get("type") != S.REPORTS_TO:
            continue
        ended = ended_body(g, b, g.nodes[d["plan"]].get("date")) if d.get("plan") in g else None
        if ended:
            # a body abolished by the 2025 reform has no deadline left to meet
            skipped.append({"plan": d["plan"], "to": g.nodes[b].get("name"), "ended": ended["ended"]})
            continue
        item = _line(g, a, b, d)
        by_plan[d["plan"]].append(item)
        if f is None or any(f in fold(x) for x in (item["from"], item["to"], item["via"]) if x):
            lines.append(item)
    lines.sort(key=lambda x: (min((_deadline_key(d) for d in x["deadlines"]), default="9999"), x["plan"]["id"],
                              x["from_id"], x["to_id"]))
    cascades = []
    for child in sorted(by_plan):
        for parent, _ in _out(g, child, R.trace_types()):
            if parent in by_plan:
                if ended_body(g, g.nodes[parent].get("issuer_id"), g.nodes[child].get("date")):
                    continue    # the parent's issuer was abolished before the child was written
                found = _cascade(g, child, parent, by_plan)
                if found:
                    cascades.append(found)
    skipped.sort(key=lambda x: (x["plan"], x["to"] or ""))
    return {"lines": lines, "cascades": cascades, "skipped_ended": skipped}


def _cascade(g: nx.MultiDiGraph, child: str, parent: str, by_plan: dict[str, list[dict]]) -> dict | None:
    """A child plan whose last report falls after the last one its parent needs (same year)."""
    year = g.nodes[child].get("year")
    p_issuer = g.nodes[parent].get("issuer_id")
    p_lines = [x for x in by_plan[parent] if x["to_id"] == p_issuer] or by_plan[parent]
    p_year = g.nodes[parent].get("year") or year
    # (compared, and shown, by the last day each falls on in the child's year)
    need = max(((day, d) for x in p_lines for d in x["deadlines"]
                if (day := _last_in_year(d, p_year)) and (not year or day.startswith(str(year)))), default=None)
    have = max(((day, d) for x in by_plan[child] for d in x["deadlines"]
                if (day := _last_in_year(d, year))), default=None)
    if not (need and have and have[0] > need[0]):
        return None
    have, need = have[0], need[0]
    return {"plan": {"id": child, "code": g.nodes[child].get("code"), "source": g.nodes[child].get("source")},
            "parent": {"id": parent, "code": g.nodes[parent].get("code"), "source": g.nodes[parent].get("source")},
            "lower_deadline": have, "upper_deadline": need,
            "message": f"{_label(g, child)} sets its last report for {have}, after {need}, "
                       f"when {_label(g, parent)} needs the figures"}


# ---------------------------------------------------------------- subgraph / lists
def node_view(g: nx.MultiDiGraph, nid: str) -> dict[str, Any]:
    n = g.nodes[nid]
    keep = ("id", "kind", "label", "code", "type", "date", "year", "issuer", "level", "place", "central",
            "title", "source", "name")
    out = {k: n.get(k) for k in keep if k in n}
    if n.get("unit_id"):
        out["unit"] = unit_info(n["unit_id"])
    return out


def edge_view(a: str, b: str, d: dict[str, Any]) -> dict[str, Any]:
    ev = d.get("evidence") or []
    return {"source": a, "target": b, "type": d.get("type"), "derived": bool(d.get("derived")),
            "deadlines": d.get("deadlines"), "via": d.get("via"),
            "sentence": next((e.get("sentence") for e in ev if e.get("sentence")), None)}


def node_matches(n: dict[str, Any], year: int | None, place: str | None, level: str | None,
                 kinds: set[str] | None) -> bool:
    """Whether a node passes the subgraph/viewer filters (kind, a document's year, level, place).

    >>> node_matches({"kind": "plan", "year": 2024, "place": "xã Tân Lạc"}, 2024, "tan lac", None, None)
    True
    """
    if kinds and n.get("kind") not in kinds:
        return False
    if year is not None and n.get("kind") in S.DOCUMENT_KINDS and n.get("year") != year:
        return False
    if level and n.get("level") != level:
        return False
    if place and fold(place) not in fold(n.get("place") or n.get("issuer") or n.get("name")):
        return False
    return True


def subgraph(g: nx.MultiDiGraph, center: str | None = None, depth: int = 1, cap: int = 300,
             year: int | None = None, place: str | None = None, level: str | None = None,
             kinds: Iterable[str] | None = None) -> dict[str, Any]:
    """Nodes around `center` (both directions, up to `depth` hops, at most `cap`
    nodes, nearest first), or an overview of the whole graph when no centre is given."""
    if depth < 0 or cap < 1:
        raise BadRequest("depth must be ≥ 0 and cap ≥ 1", message_vi="depth phải ≥ 0 và cap ≥ 1")
    kinds = set(kinds) if kinds else None
    if kinds and kinds - set(S.NODE_KINDS):
        raise BadRequest(f"unknown node kind(s) {sorted(kinds - set(S.NODE_KINDS))}",
                         message_vi="loại nút không hợp lệ")
    order: list[str] = []
    total = 0
    if center is not None:
        if center not in g:
            raise NotFound(f"unknown node id '{center}'", message_vi=f"Không có nút với id '{center}'")
        dist = {center: 0}
        frontier = [center]
        order = [center]
        for dpt in range(1, depth + 1):
            nxt = []
            for u in frontier:
                nb = set(g.successors(u)) | set(g.predecessors(u))
                for v in sorted(nb, key=lambda v: (S.NODE_KINDS.index(g.nodes[v].get("kind", S.UNIT)), v)):
                    if v not in dist:
                        dist[v] = dpt
                        nxt.append(v)
                        if node_matches(g.nodes[v], year, place, level, kinds):
                            order.append(v)
            frontier = nxt
        total = len(order)
    else:
        cand = [n for n, d in g.nodes(data=True) if node_matches(d, year, place, level, kinds)]
        total = len(cand)
        # Overview: documents first, most connected first, so a capped view still shows the backbone.
        order = sorted(cand, key=lambda n: (S.NODE_KINDS.index(g.nodes[n].get("kind", S.UNIT)) > 1,
                                            -g.degree(n), n))
    chosen = order[:cap]
    keep = set(chosen)
    edges = [edge_view(a, b, d) for a, b, d in g.edges(data=True) if a in keep and b in keep]
    edges.sort(key=lambda e: (e["source"], e["target"], e["type"]))
    return {"center": center, "nodes": [node_view(g, n) for n in chosen], "edges": edges,
            "truncated": total > len(chosen), "total_nodes": total}


def documents(g: nx.MultiDiGraph, *, kind: str | None = None, type: str | None = None, level: str | None = None,
              place: str | None = None, year: int | None = None, issuer: str | None = None,
              loaded: bool | None = None, offset: int = 0, limit: int = 50) -> dict[str, Any]:
    """A filtered, paginated list of document nodes, ordered by id."""
    if offset < 0 or limit < 1 or limit > 1000:
        raise BadRequest("offset must be ≥ 0 and 1 ≤ limit ≤ 1000", message_vi="offset/limit không hợp lệ")
    tests = _document_filters(kind=kind, type=type, level=level, place=place, year=year, issuer=issuer,
                              loaded=loaded)
    items = [nid for nid in sorted(g.nodes)
             if g.nodes[nid].get("kind") in S.DOCUMENT_KINDS and all(t(g.nodes[nid]) for t in tests)]
    return {"total": len(items), "offset": offset, "limit": limit,
            "items": [document_view(g, i) for i in items[offset: offset + limit]]}


def _document_filters(*, kind, type, level, place, year, issuer, loaded) -> list:
    """One test per filter given (folded text where the user types it)."""
    tests = []
    if kind:
        tests.append(lambda n: n.get("kind") == kind)
    if type:
        tests.append(lambda n: fold(type) == fold(n.get("type")))
    if level:
        tests.append(lambda n: n.get("level") == level)
    if year is not None:
        tests.append(lambda n: n.get("year") == year)
    if place:
        tests.append(lambda n: fold(place) in fold(n.get("place")))
    if issuer:
        tests.append(lambda n: fold(issuer) in fold(n.get("issuer")))
    if loaded is not None:
        tests.append(lambda n: bool(n.get("source")) == loaded)
    return tests


def document_detail(g: nx.MultiDiGraph, nid: str) -> dict[str, Any]:
    """A document with what it cites (with evidence), what cites it, units and reporting lines."""
    if nid not in g or not is_document(g, nid):
        raise NotFound(f"unknown document id '{nid}'", message_vi=f"Không có văn bản với id '{nid}'")
    out = document_view(g, nid)
    links = R.document_link_types()
    order = {R.name_of(t): k for k, t in enumerate(links)}     # registry order: implements first
    out["citations"] = sorted(({"relation": R.name_of(d["type"]), "derived": bool(d.get("derived")),
                                "document": summary(g, v), "evidence": list(d.get("evidence") or [])}
                               for v, d in _out(g, nid, links)),
                              key=lambda c: (order[c["relation"]] > 0, c["document"]["id"], order[c["relation"]]))
    out["cited_by"] = sorted(({"relation": R.name_of(d["type"]), "document": summary(g, u)}
                              for u, d in _in(g, nid, links)),
                             key=lambda c: c["document"]["id"])
    out["units"] = sorted(g.nodes[v].get("name") for v, _ in _out(g, nid, [S.ASSIGNED]))
    out["recipients"] = sorted(g.nodes[v].get("name") for v, _ in _out(g, nid, [S.SENT_TO]))
    out["reports_to"] = reporting_lines(g, nid)
    return out


# ---------------------------------------------------------------- export
def _flat(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, (str, int, float, bool)):
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def export(g: nx.MultiDiGraph, fmt: str) -> str:
    """The whole graph as GraphML, GEXF (opens in Gephi) or node-link JSON.

    Every edge is kept, parallel ones too (a plan that implements and cites the same
    document, two reporting lines between the same bodies): GraphML keys them, GEXF 1.3
    gives each its own id."""
    if fmt == "json":
        data = nx.node_link_data(g, edges="edges")
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    if fmt not in ("graphml", "gexf"):
        raise BadRequest(f"unknown export format '{fmt}' (graphml, gexf, json)",
                         message_vi=f"Định dạng xuất '{fmt}' không được hỗ trợ")
    h = nx.MultiDiGraph()
    # A missing value is left out, not written as "": GEXF and GraphML type an
    # attribute by its first value, and "" is no valid year.
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: _flat(v) for k, v in d.items() if v is not None})
    for a, b, k, d in g.edges(keys=True, data=True):
        attrs = {kk: _flat(v) for kk, v in d.items() if v is not None}
        if fmt == "gexf":
            # GEXF's own edge "type" means directed/undirected: the relation goes in the
            # label (what Gephi shows) and an attribute; networkx numbers the edge ids
            # and keeps our key as the "key" attribute.
            attrs["relation"] = attrs.pop("type", "")
            attrs["label"] = attrs["relation"]
        h.add_edge(a, b, key=k, **attrs)
    lines = nx.generate_graphml(h) if fmt == "graphml" else nx.generate_gexf(h, version="1.3")
    return "\n".join(lines) + "\n"
