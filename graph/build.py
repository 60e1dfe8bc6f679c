"""Turn extracted plan records into one knowledge graph.

``build_graph(records)`` is a pure function: the same records, in any order,
give the same graph. Both storage backends use it, which is what makes their
answers identical. Steps:

1. learn each plan's place (from its own text, from the plan it implements,
   from signers shared with other plans) and resolve relative issuers;
2. gather every mention of a document (the plans themselves and everything
   they cite) and cluster mentions into documents: same code + compatible
   issuer + compatible date, never code alone;
3. emit nodes (plan, directive, issuer, unit) and edges with evidence.

>>> from vanban.models import PlanRecord, DocumentMeta, Citation
>>> r = PlanRecord(file="a.txt", document=DocumentMeta(type="Kế hoạch", code="5/KH-UBND",
...     date="2024-03-01", issuer="UBND huyện Hòa Sơn", level="district", district="huyện Hòa Sơn"),
...     citations=[Citation(code="33/CT-TTg", type="Chỉ thị", date="2021-11-26",
...     issuer="Thủ tướng Chính phủ", relation="implements", spans=[(0, 9)])])
>>> g = build_graph([r])
>>> sorted(d["type"] for _, _, d in g.edges(data=True))
['IMPLEMENTS', 'ISSUED_BY', 'ISSUED_BY']
"""
from __future__ import annotations

import calendar
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import networkx as nx

from vanban.loaders.vocab import VOCAB
from vanban.models import PlanRecord

from . import gazetteer as gz
from . import schema as S
from .catalogue import central_info
from .identity import (
    absolute_body,
    bodies_compatible,
    body_id,
    code_key,
    date_specificity,
    dates_compatible,
    document_id,
    expand,
    fold,
    parse_body,
    place_of,
)
from .memory import gc_paused
from .registry import ends_force_types, relation_for_citation

PLAN_TYPES = {fold(t) for t in VOCAB.plan_types}   # {"ke hoach"}
# Bump when build_graph's output changes: stores built by an older version rebuild
# their graph from the stored records when opened.
BUILD_VERSION = 10  # 10: numbered wards are distinct bodies; month-dated wards are post-reform
# 9: SUCCEEDED_BY edges between bodies (gazetteer); unit ids on issuers and plans
LEVEL_ABOVE = {"commune": "district", "district": "province", "province": "central"}


# ---------------------------------------------------------------- places
@dataclass
class Context:
    """Where a plan sits: its place and absolute issuer, with conflicting evidence kept."""

    level: str | None = None
    province: str | None = None
    district: str | None = None
    commune: str | None = None
    issuer: str | None = None
    conflicts: list[str] = field(default_factory=list)
    # the gazetteer unit the plan's issuer is, on the plan's date (graph/gazetteer.py): one id,
    # or the candidates when the place does not decide, or neither ("unplaced")
    unit_id: str | None = None
    unit_candidates: list[str] = field(default_factory=list)
    post_reform: bool = False      # dated from 1 July 2025: no district level any more

    def as_dict(self) -> dict[str, str | None]:
        return {"province": self.province, "district": self.district, "commune": self.commune,
                "level": self.level}

    def place(self) -> str | None:
        parts = [self.commune, self.district, f"tỉnh {self.province}" if self.province else None]
        parts = [p for p in parts if p]
        return ", ".join(parts) or None


def _earliest_day(r: PlanRecord) -> str:
    """The earliest day the plan can be of: its date's first day ("2025-08" -> 2025-08-01), or, for a
    plan dated by a year alone or not at all, the latest full date of a plan it implements (a plan is
    no older than what it carries out). "" when nothing tells.

    >>> from vanban.models import Citation, DocumentMeta
    >>> rec = PlanRecord(file="k.txt", sha256="", document=DocumentMeta(date="2025"),
    ...                  citations=[Citation(code="233/KH-UBND", date="2025-08-04", relation="implements")])
    >>> _earliest_day(rec)
    '2025-08-04'
    """
    d = r.document.date or ""
    if len(d) >= 7:
        return d if len(d) >= 10 else f"{d}-01"
    return max(f"{d}-01-01" if d else "", _latest_implemented_day(r))


def _latest_implemented_day(r: PlanRecord) -> str:
    """The latest full date of the documents a plan carries out; "" when none has one."""
    return max((c.date for c in r.citations if c.date and len(c.date) >= 10 and _climbs(c)), default="")


def _last_day(d: str) -> str:
    """The last day of a year or a month: "2025" -> "2025-12-31", "2024-02" -> "2024-02-29"."""
    if len(d) == 4:
        return f"{d}-12-31"
    y, m = int(d[:4]), int(d[5:7])
    return f"{d}-{calendar.monthrange(y, m)[1]:02d}"


def _initial_context(r: PlanRecord) -> Context:
    d = r.document
    ctx = Context(level=d.level, province=d.province, district=d.district, commune=d.commune,
                  post_reform=_earliest_day(r) >= _REFORM)
    if ctx.post_reform and ctx.level == "commune":
        ctx.district = None     # a reader may file a ward under the abolished city it cites
    lvl, pl = place_of(d.issuer)
    if ctx.province:
        ctx.province = canonical_province(ctx.province)
    if lvl is None and pl and (ctx.level == "province" or (ctx.level == "district" and not ctx.province)):
        _demote_district_city(ctx, pl, d.date)
    if ctx.district and (city := province_level_city(ctx.district)):
        ctx.district = None          # a reader filed the centrally run city as a district
        ctx.province = ctx.province or city
    if pl:
        _place_from_issuer(ctx, lvl, pl)
    return ctx


def _place_from_issuer(ctx: Context, lvl: str | None, pl: str) -> None:
    """Fill the one place field the plan's own issuer names ("UBND huyện X"), if still empty.
    "thành phố X" is a province-level city unless the plan is district-level."""
    if lvl is None:
        lvl, pl = ctx.level, (pl.replace("thành phố ", "") if ctx.level == "province" else pl)
        if lvl not in ("district", "province"):
            return
    if lvl in ("province", "district", "commune") and not getattr(ctx, lvl):
        setattr(ctx, lvl, pl)


@lru_cache(maxsize=4096)
def canonical_province(name: str) -> str:
    """A province name as the gazetteer writes it when a reader cut it at its dash
    ("Bà Rịa" -> "Bà Rịa - Vũng Tàu"); any other name unchanged."""
    if any(u.level == "province" for u in gz.resolve(f"tỉnh {name}")):
        return name
    key = fold(name)
    whole = {u.name for u in gz.gazetteer().units.values()
             if u.level == "province" and " - " in u.name and fold(u.name.split(" - ")[0]) == key}
    return next(iter(whole)) if len(whole) == 1 else name


@lru_cache(maxsize=4096)
def province_level_city(name: str) -> str | None:
    """The province name when a "district" name is a centrally run city ("thành phố Hồ Chí Minh"
    -> "Hồ Chí Minh"): every unit of that name in the gazetteer is a province. Else None
    ("thành phố Thủ Đức", "thành phố Huế" before 2025 are district level)."""
    if not fold(name).startswith("thanh pho "):
        return None
    cands = gz.resolve(name)
    return cands[0].name if cands and all(u.level == "province" for u in cands) else None


def _demote_district_city(ctx: Context, city: str, on: str | None) -> None:
    """A plan read as province level, or as a city's without its province, whose "thành phố X" is, on its
    date, no province but one district-level city ("thành phố Thủ Đức" of Hồ Chí Minh City) is that city's
    plan, in that city's province."""
    try:
        cands = gz.resolve(city, on=on)
    except ValueError:
        return
    if len(cands) == 1 and cands[0].level == "district" and (prov := gz.province_of(cands[0])) is not None:
        ctx.level, ctx.district, ctx.province = "district", cands[0].full_name, prov.name


def _set(ctx: Context, attr: str, value: str | None, why: str) -> bool:
    if not value:
        return False
    if attr == "district" and (city := province_level_city(value)):
        attr, value = "province", city        # a ward under Hồ Chí Minh City, not under a "district"
    elif attr == "district" and ctx.post_reform and ctx.level == "commune":
        return False                          # after the reform a commune answers to its province
    if attr == "province":
        value = canonical_province(value)
    cur = getattr(ctx, attr)
    if cur is None:
        setattr(ctx, attr, value)
        return True
    if fold(cur) != fold(value):
        msg = f"{attr}: '{cur}' vs '{value}' ({why})"
        if msg not in ctx.conflicts:
            ctx.conflicts.append(msg)
    return False


def learn_contexts(records: list[PlanRecord]) -> list[Context]:
    """Learn each plan's place from its text, the plan it implements and shared signers."""
    ctxs = [_initial_context(r) for r in records]
    _learn_from_implemented_issuers(records, ctxs)
    _learn_from_reporting_lines(records, ctxs)
    _learn_from_gazetteer(records, ctxs)
    plans = _PlansByCode(records, ctxs)
    by_signer = _plans_by_signer(records, ctxs)
    for _ in range(3):  # a fixpoint: knowledge flows down chains a few levels deep
        changed = _learn_from_shared_local_documents(records, ctxs)
        changed |= _learn_from_parent_plans(records, ctxs, plans)
        changed |= _learn_from_shared_signers(records, ctxs, by_signer)
        changed |= _learn_from_gazetteer(records, ctxs)
        if not changed:
            break
    for r, ctx in zip(records, ctxs, strict=True):
        issuer = r.document.issuer
        ctx.issuer = absolute_body(issuer, ctx.as_dict()) if issuer else _default_issuer(ctx)
    return ctxs


def _own_unit_name(ctx: Context) -> str | None:
    """The plan's own place as the gazetteer writes it ("xã Chiến Thắng", "tỉnh Lạng Sơn")."""
    if ctx.level == "commune":
        return ctx.commune
    if ctx.level == "district":
        return ctx.district
    if ctx.level == "province" and ctx.province:
        return ctx.province if fold(ctx.province).startswith("thanh pho ") else ctx.province
    return None


def resolve_plan_unit(ctx: Context, on: str | None, written: str | None = None) -> list:
    """Gazetteer units the plan's own place can be on its date, narrowed by the province and
    (before the reform) the district its context knows. [] when the name is no unit.
    ``written``: the issuer as the header writes it, tried when the learnt name is no unit."""
    cands = _resolve_plan_unit(ctx, on, _own_unit_name(ctx))
    if not cands and written:
        lvl, pl = place_of(written)
        if pl and (lvl == ctx.level or lvl is None):
            cands = _resolve_plan_unit(ctx, on, pl if lvl != "province" else f"tỉnh {pl}")
    return cands


def _resolve_plan_unit(ctx: Context, on: str | None, name: str | None) -> list:
    if not name:
        return []
    try:
        cands = [u for u in gz.resolve(name, on=on) if u.level == ctx.level]
    except (ValueError, LookupError):      # a partial or odd date: the plan stays unplaced
        return []
    if ctx.level == "province":
        return cands
    if ctx.province and len(cands) > 1:
        cands = [u for u in cands if _in_province(u, ctx.province, on)] or cands
    if ctx.level == "commune" and ctx.district and len(cands) > 1:
        cands = [u for u in cands if _district_is(u, ctx.district)] or cands
    return cands


def _district_is(u, district: str) -> bool:
    p = gz.parent(u)
    return p is not None and p.level == "district" and fold(p.full_name) == fold(district)


def _in_province(u, province: str, on: str | None) -> bool:
    p = gz.province_of(u)
    return p is not None and fold(p.name) == fold(re.sub(r"^(tỉnh|thành phố)\s+", "", province, flags=re.I))


def _learn_from_gazetteer(records: list[PlanRecord], ctxs: list[Context]) -> bool:
    """A plan whose own place is one unit of the gazetteer on its date lies where that unit
    lies: a commune's district (before the reform) and province. A name the gazetteer does not
    know teaches nothing (synthetic and misspelt places keep what the text says)."""
    changed = False
    for r, ctx in zip(records, ctxs, strict=True):
        cands = _plan_units(r, ctx)
        ctx.unit_id = cands[0].id if len(cands) == 1 else None
        ctx.unit_candidates = sorted(u.id for u in cands) if len(cands) > 1 else []
        if len(cands) == 1:
            changed |= _learn_from_unit(ctx, cands[0])
    return changed


def _plan_units(r: PlanRecord, ctx: Context) -> list:
    """The gazetteer units a plan's own place can be. A plan dated by a year or a month can be of
    any unit of that name from the earliest day it can be of to the period's last day ("2025": the
    old or the new tỉnh Hưng Yên); it is no older than what it implements, so a parent dated from
    1 July 2025 makes it a post-reform unit's."""
    d = r.document.date
    if d and len(d) < 10:
        cands = list({u.id: u for on in (_earliest_day(r), _last_day(d))
                      for u in resolve_plan_unit(ctx, on, r.document.issuer)}.values())
    else:
        cands = resolve_plan_unit(ctx, d, r.document.issuer)
    if len(cands) > 1:
        after = _latest_implemented_day(r)
        if after:
            cands = [u for u in cands if u.valid_to is None or u.valid_to.isoformat() >= after] or cands
    return cands


def _learn_from_unit(ctx: Context, u) -> bool:
    """What the plan's one unit says of its province and district. A name alone may be a real unit
    elsewhere: before the reform, learn only inside the province the plan already knows."""
    if u.level != "province" and not ctx.post_reform and not (ctx.province and _in_province(u, ctx.province, None)):
        return False
    changed = False
    prov = gz.province_of(u)
    if prov is not None and u.level != "province":
        changed |= _set(ctx, "province", prov.name, "gazetteer")
    par = gz.parent(u)
    if u.level != "commune" or par is None:
        return changed
    if par.level == "province" and ctx.district:
        ctx.district = None      # after the reform a commune answers to its province
        return True
    if par.level == "district":
        changed |= _set(ctx, "district", par.full_name, "gazetteer")
    return changed


def _citing_context(ctx: Context, c) -> dict[str, str | None]:
    """The place a citation's relative issuer is read against. A district-level city's plan
    implements a plan of the level above: its "UBND thành phố" is then the centrally run city
    (Thủ Đức implementing Hồ Chí Minh City), not itself."""
    place = ctx.as_dict()
    if ctx.post_reform and ctx.level == "commune":
        place["level"] = None   # "UBND thành phố" above a ward is then the centrally run city
    if ctx.level == "district" and ctx.district and fold(ctx.district).startswith("thanh pho ") and \
            c.issuer and _climbs(c) and fold(c.issuer) in ("ubnd thanh pho", "uy ban nhan dan thanh pho"):
        place["district"] = None
    return place


def _climbs(c) -> bool:
    """Whether a citation is one trace climbs ("implements"); an unknown relation is an error."""
    return relation_for_citation(c.relation).trace


def _learn_from_implemented_issuers(records: list[PlanRecord], ctxs: list[Context]) -> None:
    """A district plan implementing "Kế hoạch … của UBND tỉnh Y" lies in tỉnh Y."""
    for r, ctx in zip(records, ctxs, strict=True):
        for c in r.citations:
            if not _climbs(c):
                continue
            lvl, pl = place_of(c.issuer_resolved or c.issuer)
            if lvl == "province":
                _set(ctx, "province", pl, f"implements {c.code}")
            elif lvl == "district" and ctx.level == "commune":
                _set(ctx, "district", pl, f"implements {c.code}")
            elif lvl is None and pl and ctx.level == "commune":
                _set(ctx, "district", pl, f"implements {c.code}")  # "thành phố X" above a phường
            elif lvl is None and pl and ctx.level == "district":
                _set(ctx, "province", pl.replace("thành phố ", ""), f"implements {c.code}")


def _learn_from_reporting_lines(records: list[PlanRecord], ctxs: list[Context]) -> None:
    """Bodies the plan names where it reports and sends itself ("báo cáo về UBND huyện X")
    lie above it: one distinct name at a level is its place there."""
    for r, ctx in zip(records, ctxs, strict=True):
        named: dict[str, set[str]] = defaultdict(set)
        for name in [x for rl in r.reports_to for x in (rl.to, rl.via)] + list(r.recipients):
            lvl, pl = place_of(name)
            if lvl == "province":
                named["province"].add(pl)
            elif pl and ctx.level == "commune" and lvl in ("district", None):
                named["district"].add(pl)
        for attr, vals in named.items():
            if len({fold(v) for v in vals}) == 1 and not getattr(ctx, attr):
                _set(ctx, attr, next(iter(vals)), "reporting line")


class _PlansByCode:
    """Loaded plans by (code, month, level), so a child finds the plan it implements among
    plans of the level above it only; plans dated only by year (or not at all) sit under
    month None."""

    def __init__(self, records: list[PlanRecord], ctxs: list[Context]):
        self.by_code: dict[tuple[str, str | None, str | None], list[int]] = defaultdict(list)
        for i, r in enumerate(records):
            if r.document.code:
                d = r.document.date
                month = d[:7] if d and len(d) >= 7 else None
                self.by_code[(code_key(r.document.code), month, ctxs[i].level)].append(i)
        # plans whose own number is blank ("Số: /KH-UBND"), by their gazetteer unit
        self.blank_by_unit: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(records):
            if not r.document.code and ctxs[i].unit_id:
                self.blank_by_unit[ctxs[i].unit_id].append(i)
        self.by_ck: dict[tuple[str, str | None], list[tuple[str | None, list[int]]]] = defaultdict(list)
        for (k, mo, lvl), lst in self.by_code.items():
            self.by_ck[(k, lvl)].append((mo, lst))

    def near(self, ck: str, date: str, level: str | None) -> list[int]:
        """Plans of `level` numbered `ck` whose date can be `date`."""
        if len(date) >= 7:
            return self.by_code.get((ck, date[:7], level), []) + self.by_code.get((ck, None, level), [])
        return [j for mo, lst in self.by_ck.get((ck, level), ()) if mo is None or mo.startswith(date) for j in lst]


def _could_be_parent(ctx: Context, qc: Context, above: str | None) -> bool:
    """Place tests between a plan and a candidate parent: cheap tuple compares first."""
    if above != qc.level:
        return False
    if ctx.province and qc.province and fold(ctx.province) != fold(qc.province):
        return False
    return not (ctx.level == "commune" and ctx.district and qc.district and fold(ctx.district) != fold(qc.district))


def _parent_plan(records: list[PlanRecord], ctxs: list[Context], plans: _PlansByCode, i: int, c) -> int | None:
    """The one loaded plan the implemented citation `c` of plan `i` can be, or None
    (none, or several it could be: learn nothing rather than guess)."""
    if not c.date:
        return None
    ctx = ctxs[i]
    # after the reform a commune answers to its province: no district level in between
    level = "province" if ctx.post_reform and ctx.level == "commune" else LEVEL_ABOVE.get(ctx.level or "")
    parents = _parents_by_code(records, ctxs, plans, i, c, level) or _blank_parents(records, ctxs, plans, i, c, level)
    if parents and (ctx.unit_id or ctx.unit_candidates) and not _crosses_reform(c.date, ctx):
        parents = _parents_of_units_above(records, ctxs, plans, i, c, parents)
    return parents[0] if len(parents) == 1 else None


def _parents_by_code(records: list[PlanRecord], ctxs: list[Context], plans: _PlansByCode, i: int, c,
                     level: str | None) -> list[int]:
    """Loaded plans of the level above with the cited code, a date that fits and an issuer that fits."""
    ctx = ctxs[i]
    parents = []
    issuer = None
    # Cheap tests first: a common number ("1/KH-UBND") has hundreds of
    # plans per month nationwide, and the fuzzy issuer match is the dear one.
    for j in plans.near(code_key(c.code), c.date, level):
        if j == i or not _could_be_parent(ctx, ctxs[j], level) or \
                not dates_compatible(records[j].document.date, c.date):
            continue
        if issuer is None:
            issuer = absolute_body(c.issuer, _citing_context(ctx, c))
        if bodies_compatible(issuer, records[j].document.issuer):
            parents.append(j)
    return parents


def _blank_parents(records: list[PlanRecord], ctxs: list[Context], plans: _PlansByCode, i: int, c,
                   level: str | None) -> list[int]:
    """The plan above may have lost its number ("Số: /KH-UBND"): blank plans of the unit above this
    one's (candidate) units, of exactly the cited day."""
    if len(c.date) < 10:
        return []
    return [j for a in sorted(_units_above(ctxs[i])) for j in plans.blank_by_unit.get(a, ())
            if j != i and ctxs[j].level == level and records[j].document.date == c.date]


def _parents_of_units_above(records: list[PlanRecord], ctxs: list[Context], plans: _PlansByCode, i: int, c,
                            parents: list[int]) -> list[int]:
    """"Vĩnh Thái" is a commune of several provinces: of several parents, those of the unit above it
    (or above one of its candidates). A lone parent placed elsewhere, while a unit above left a plan
    without its number that may be the one cited, is no parent."""
    above = _units_above(ctxs[i])
    if len(parents) > 1:
        return [j for j in parents if ctxs[j].unit_id in above] or parents
    if ctxs[parents[0]].unit_id not in above and any(
            k != i and dates_compatible(records[k].document.date, c.date)
            for a in above for k in plans.blank_by_unit.get(a, ())):
        return []
    return parents


def _learn_from_parent_plans(records: list[PlanRecord], ctxs: list[Context], plans: _PlansByCode) -> bool:
    """A child inherits the province (and a commune its district) of the plan it implements."""
    changed = False
    for i, r in enumerate(records):
        ctx = ctxs[i]
        for c in r.citations:
            if not _climbs(c):
                continue
            j = _parent_plan(records, ctxs, plans, i, c)
            if j is None:
                continue
            q, qc = records[j], ctxs[j]
            changed |= _set(ctx, "province", qc.province, f"parent plan {q.file}")
            if ctx.level == "commune":
                changed |= _set(ctx, "district", qc.district, f"parent plan {q.file}")
    return changed


def _plans_by_signer(records: list[PlanRecord], ctxs: list[Context]) -> dict[tuple[str, str, str], list[int]]:
    by_signer: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        if r.document.signer:
            b = parse_body(r.document.issuer)
            by_signer[(fold(r.document.signer), b.body, ctxs[i].level or "")].append(i)
    return by_signer


def _learn_from_shared_signers(records: list[PlanRecord], ctxs: list[Context],
                               by_signer: dict[tuple[str, str, str], list[int]]) -> bool:
    """Plans signed by the same person for the same body share its place. Names
    repeat across the country, so only plans whose issuers can be the same
    body ("UBND tỉnh" and "UBND tỉnh X", not "UBND xã A" and "UBND xã B") count.
    A group shares signer, body and level; a plan whose issuer names no place
    may be any of them, one that names a place only those of that place."""
    changed = False
    for group in by_signer.values():
        if len(group) < 2:
            continue
        place = {j: parse_body(records[j].document.issuer).place for j in group}
        for attr in ("province", "district", "commune"):
            changed |= _share_within_group(ctxs, group, place, attr)
    return changed


def _share_within_group(ctxs: list[Context], group: list[int], place: dict[int, str | None], attr: str) -> bool:
    every: dict[str, str] = {}
    at: dict[str | None, dict[str, str]] = defaultdict(dict)
    for j in group:
        v = getattr(ctxs[j], attr)
        if v:
            every[fold(v)] = v
            at[place[j]][fold(v)] = v
    changed = False
    for k in group:
        if getattr(ctxs[k], attr):
            continue
        vals = every if place[k] is None else {**at.get(place[k], {}), **at.get(None, {})}
        if len(vals) == 1:
            changed |= _set(ctxs[k], attr, next(iter(vals.values())), "same signer")
    return changed


def _local_level(code: str, issuer: str | None) -> str | None:
    """The level of a local document's issuer: /HU (Huyện ủy) or a district body; /TU or a province body."""
    k = code_key(code)
    lvl = parse_body(issuer).level if issuer else None
    if k.endswith("/HU") or lvl == "district":
        return "district"
    if k.endswith("/TU") or lvl == "province":
        return "province"
    return None


def _learn_from_shared_local_documents(records: list[PlanRecord], ctxs: list[Context]) -> bool:
    """A plan that cites the same dated district (province) document as plans of a
    known district (province) lies there, when only one such place cites it: a
    commune quoting its Huyện ủy's "Quyết định số 1071-QĐ/HU ngày …" shares it with
    its district's own plan, even when it names its district nowhere."""
    where: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    for r, ctx in zip(records, ctxs, strict=True):
        for c in r.citations:
            lvl = _local_level(c.code, c.issuer)
            if not lvl or not c.date or len(c.date) < 10:
                continue
            place = ctx.district if lvl == "district" else ctx.province
            if place:
                where[(lvl, code_key(c.code), c.date)][fold(place)] = place
    changed = False
    for r, ctx in zip(records, ctxs, strict=True):
        for attr in ("district", "province"):
            if getattr(ctx, attr) or (attr == "district" and ctx.level != "commune"):
                continue
            found: dict[str, str] = {}
            for c in r.citations:
                if c.date and _local_level(c.code, c.issuer) == attr:
                    found.update(where.get((attr, code_key(c.code), c.date), {}))
            if len(found) == 1:
                changed |= _set(ctx, attr, next(iter(found.values())), "shared local document")
    return changed


@lru_cache(maxsize=4096)
def province_body(province: str) -> str:
    """ "tỉnh Lạng Sơn", or "thành phố Hồ Chí Minh" for a centrally run city (never "tỉnh Hồ Chí Minh")."""
    if not gz.resolve(f"tỉnh {province}") and any(u.level == "province" for u in gz.resolve(f"thành phố {province}")):
        return f"thành phố {province}"
    return f"tỉnh {province}"


@lru_cache(maxsize=1 << 16)
def _issuer_unit(name: str, on: str, province: str | None) -> str | None:
    """The one gazetteer unit a body's name ("UBND xã Chiến Thắng") is on a date, in the province
    when given; None when it is no unit or several."""
    lvl, pl = place_of(name)
    if not pl:
        return None
    try:
        cands = gz.resolve(pl if lvl != "province" else f"tỉnh {pl}", on=on)
        if lvl == "province" and not cands:
            cands = gz.resolve(f"thành phố {pl}", on=on)
    except ValueError:
        return None
    if len(cands) > 1 and province:
        cands = [u for u in cands if u.level == "province" or _in_province(u, province, on)] or cands
    return cands[0].id if len(cands) == 1 else None


@lru_cache(maxsize=1 << 16)
def _needs_own_node(unit_id: str, on: str | None) -> bool:
    """A unit created by the reform, or a commune whose name its province has twice."""
    if unit_id.startswith("post:"):
        return True
    u = gz.unit(unit_id)
    if u.level != "commune":
        return False
    prov = gz.province_of(u)
    try:
        return prov is not None and len(gz.resolve(u.full_name, on=on, province=prov.id)) > 1
    except ValueError:
        return False


def _default_issuer(ctx: Context) -> str | None:
    target = {"province": province_body(ctx.province) if ctx.province else None,
              "district": ctx.district, "commune": ctx.commune}.get(ctx.level or "")
    return f"UBND {target}" if target else None


# ---------------------------------------------------------------- mentions
@dataclass(kw_only=True)
class DocumentMention:
    """One mention of a document: a loaded plan's own header, or one of its citations.
    (Not the loaders' ``Mention``, which is one match in a text.)"""

    code: str | None
    ckey: str
    type: str | None
    date: str | None
    issuer: str | None          # absolute where the plan allows
    issuer_written: str | None
    level: str | None
    title: str | None
    central: bool
    record: int                 # index into records
    citation: int | None        # index into record.citations; None = the plan itself
    loaded: bool
    scope: tuple = (None, None)  # folded (province, district) the issuer lies in, when known
    unit: str | None = None      # a loaded plan's gazetteer unit (two units' plans are two documents)
    above: frozenset = frozenset()  # a climbing citation: the units above the citing plan's (candidates)

    @property
    def specificity(self) -> tuple:
        b = parse_body(self.issuer)
        return (self.loaded, date_specificity(self.date), not b.relative and bool(self.issuer), bool(self.issuer))


def _scope(level: str | None, ctx: Context) -> tuple:
    """Where a body of `level` named in a plan of `ctx` lies: commune and district
    names repeat across the country, so "xã Phong Văn" alone names nothing."""
    if level == "commune":
        return (fold(ctx.province) or None, fold(ctx.district) or None)
    if level == "district":
        return (fold(ctx.province) or None, None)
    return (None, None)


def scopes_compatible(a: tuple, b: tuple) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=False))


def _doc_level(issuer: str | None, code: str | None, central: bool, ctx: Context | None = None) -> str | None:
    if central:
        return "central"
    b = parse_body(issuer)
    if b.level:
        return b.level
    if (b.admin == "thanh pho" or b.admin == "thanh") and ctx is not None:
        # A city named in a commune plan is the district-level city above it; in a
        # district plan it is the plan's own city, else the province-level city above.
        if ctx.level == "commune":
            return "district"
        if ctx.level == "district":
            own = fold(ctx.district)
            return "district" if own and b.place and own.endswith(b.place) else "province"
        return ctx.level
    # what the number's issuer part says: "-TTg", "/TW" central, "/TU" a Tỉnh ủy's (loaders/vocab.py)
    return VOCAB.level_of_code(code)


@dataclass
class Cluster:
    ckey: str
    members: list[DocumentMention] = field(default_factory=list)
    ambiguous: list[int] = field(default_factory=list)   # other cluster indices it could be
    # Distinct (date, issuer) pairs seen: compatibility is checked against these,
    # not against every member (33/CT-TTg is mentioned by every plan).
    sigs: set = field(default_factory=set)
    scopes: set = field(default_factory=set)
    units: set = field(default_factory=set)

    def add(self, m: DocumentMention) -> None:
        self.members.append(m)
        self.sigs.add((m.date, m.issuer))
        self.scopes.add(m.scope)
        if m.unit:
            self.units.add(m.unit)

    def best(self, attr: str, key=lambda v: 0):
        vals = [getattr(m, attr) for m in self.members if getattr(m, attr)]
        if not vals:
            return None
        return max(vals, key=key)

    @property
    def loaded(self) -> DocumentMention | None:
        return next((m for m in self.members if m.loaded), None)

    def date(self) -> str | None:
        lm = self.loaded
        cands = [d for d, _ in self.sigs if d]
        if not cands:
            return None
        best = max(cands, key=lambda d: (date_specificity(d), d))
        if lm and lm.date and date_specificity(lm.date) >= date_specificity(best):
            return lm.date
        return best

    def issuer(self) -> str | None:
        lm = self.loaded
        if lm and lm.issuer and not parse_body(lm.issuer).relative:
            return lm.issuer
        cands = [i for _, i in self.sigs if i]
        if not cands:
            return None
        return max(cands, key=lambda s: (not parse_body(s).relative, len(s), s))

    def compatible(self, m: DocumentMention) -> bool:
        if m.unit and self.units and m.unit not in self.units:
            return False      # plans of two different units (a ward of Bà Rịa and one of quận 4)
        # Scopes first: a tuple comparison that rules out most clusters of a common
        # code before any fuzzy issuer match.
        return all(scopes_compatible(sc, m.scope) for sc in self.scopes) and \
            all(dates_compatible(d, m.date) and bodies_compatible(i, m.issuer) for d, i in self.sigs)

    def exact(self, m: DocumentMention) -> bool:
        return any(d == m.date and i and m.issuer and fold(i) == fold(m.issuer) for d, i in self.sigs)


class _DateIndex:
    """Clusters of one code by each date they carry (None: undated), so a dated mention
    only looks at clusters whose dates can match it; and the dates under a year or month
    prefix: "1/KH-UBND" names thousands of documents in a national corpus, and a
    month-dated mention must not scan them all."""

    def __init__(self) -> None:
        self.by_date: dict[str | None, set[int]] = defaultdict(set)
        self.under: dict[str, set[str]] = defaultdict(set)

    def file(self, ci: int, d: str | None) -> None:
        if d not in self.by_date and d:
            for n in (4, 7):
                if len(d) > n:
                    self.under[d[:n]].add(d)
        self.by_date[d].add(ci)

    def pool(self, d: str | None) -> set[int]:
        """Clusters whose dates can be `d`."""
        if d is None:
            return set().union(*self.by_date.values()) if self.by_date else set()
        keys = {d, d[:7], d[:4], None}
        if len(d) < 10:
            keys |= self.under.get(d, set()) if len(d) in (4, 7) else \
                {k for k in self.by_date if k and k.startswith(d)}
        return set().union(*(self.by_date.get(k, ()) for k in keys))


def _fits(clusters: list[Cluster], pool: set[int], m: DocumentMention) -> list[int]:
    """The clusters `m` can join; when several, the one it matches exactly if unique."""
    fits = sorted(ci for ci in pool if clusters[ci].compatible(m))
    if len(fits) > 1:
        exact = [ci for ci in fits if clusters[ci].exact(m)]
        if len(exact) > 1:
            # an earlier vague mention may have made a second cluster of the same signature:
            # the loaded plan it matches exactly is the document
            exact = [ci for ci in exact if clusters[ci].loaded] or exact
        if len(exact) == 1:
            return exact
        named = _clusters_of_named_unit(clusters, fits, m)
        if len(named) == 1:
            return named
        if m.above:
            # "UBND thành phố" cited by a ward the gazetteer places: the plan of the city above it
            above = [ci for ci in fits if m.above & clusters[ci].units]
            if len(above) == 1:
                return above
    return fits


def _clusters_of_named_unit(clusters: list[Cluster], fits: list[int], m: DocumentMention) -> list[int]:
    """The clusters whose loaded plan's gazetteer unit is the place the mention's issuer names
    ("UBND thành phố Biên Hòa": the plan of pre:731, not a plan of quận 11 with a vague header)."""
    _, pl = place_of(m.issuer)
    if not pl:
        return []
    key = fold(pl)
    return [ci for ci in fits if any(fold(gz.unit(u).full_name) == key or fold(gz.unit(u).name) == key
                                     for u in clusters[ci].units)]


def cluster_mentions(mentions: list[DocumentMention]) -> tuple[list[Cluster], dict[tuple[int, int | None], int]]:
    """Cluster mentions of the same code into documents.

    Most specific mentions first, so a vague one ("Kế hoạch số 5/KH-UBND" with
    no date) joins the unique document it can be; when it could be several it
    stays its own node, marked ambiguous with the candidates.
    """
    by_code: dict[str, list[DocumentMention]] = defaultdict(list)
    for m in mentions:
        by_code[m.ckey].append(m)
    clusters: list[Cluster] = []
    where: dict[tuple[int, int | None], int] = {}
    for ckey in sorted(by_code):
        group = sorted(by_code[ckey], key=lambda m: (m.specificity, m.date or "", m.issuer or "",
                                                     -m.record, -(m.citation or -1)), reverse=True)
        dates = _DateIndex()
        for m in group:
            fits = _fits(clusters, dates.pool(m.date), m)
            if len(fits) == 1:
                ci = fits[0]
            else:
                clusters.append(Cluster(ckey=ckey, ambiguous=list(fits)))
                ci = len(clusters) - 1
            clusters[ci].add(m)
            dates.file(ci, m.date)
            where[(m.record, m.citation)] = ci
    return clusters, where


# ---------------------------------------------------------------- graph
def build_graph(records: Iterable[PlanRecord]) -> nx.MultiDiGraph:
    """Build the knowledge graph from extracted records (order does not matter)."""
    # Millions of small objects and no cycles to collect: the cyclic GC only
    # rescans them again and again (a third of the time at 100k plans).
    with gc_paused():
        return _build(records)


def _build(records: Iterable[PlanRecord]) -> nx.MultiDiGraph:
    records = sorted(records, key=lambda r: r.file)
    ctxs = learn_contexts(records)
    b = _GraphBuilder(records, ctxs)
    b.collect()
    b.add_document_nodes()
    b.add_unnumbered_plans()
    for i in range(len(records)):
        b.add_plan_edges(i)
        b.add_place_hierarchy(i)
    b.add_succession()
    index_graph(b.g)
    return b.g


def _own_mention(i: int, r: PlanRecord, ctx: Context, code: str) -> DocumentMention:
    """A loaded plan's mention of itself, under `code` (its own or an inferred one)."""
    d = r.document
    return DocumentMention(code=code, ckey=code_key(code), type=d.type, date=d.date, issuer=ctx.issuer,
                           issuer_written=d.issuer, level=ctx.level, title=d.title, central=False, record=i,
                           citation=None, loaded=True, scope=_scope(ctx.level, ctx), unit=ctx.unit_id)


def _cited_mention(i: int, j: int, c, ctx: Context) -> DocumentMention:
    """Citation `j` of plan `i`, its issuer made absolute where the plan's place allows."""
    info = central_info(c.code) or {}
    issuer = _cited_issuer(c, ctx, info)
    central = bool(c.central or info)
    lvl = _doc_level(issuer, c.code, central, ctx)
    crossing = _crosses_reform(c.date, ctx)
    return DocumentMention(code=c.code, ckey=code_key(c.code), type=c.type or info.get("type"),
                           date=c.date or info.get("date"), issuer=issuer,
                           issuer_written=c.issuer, level=lvl, title=c.title or info.get("title"),
                           central=central, record=i, citation=j, loaded=False,
                           scope=(None, None) if crossing else _scope(lvl, ctx),
                           above=_units_above(ctx) if _climbs(c) and not crossing else frozenset())


def _cited_issuer(c, ctx: Context, info: dict) -> str | None:
    """A citation's issuer, absolute where the plan's place allows. The graph knows more of the
    place than one file (the chain, signers), so its resolution wins; the extractor's stands when
    the graph's is still relative (but not a lower body's for what a post-reform commune carries
    out: it answers to its province). A central document's issuer comes from the catalogue."""
    issuer = absolute_body(c.issuer, _citing_context(ctx, c))
    if c.issuer_resolved and (not issuer or parse_body(issuer).relative) and \
            not (ctx.post_reform and ctx.level == "commune" and place_of(c.issuer_resolved)[0] != "province"
                 and _climbs(c)):
        issuer = c.issuer_resolved
    if info and not issuer:
        issuer = info["issuer"]
    return issuer


_REFORM = gz.REFORM_DATE.isoformat()


def _units_above(ctx: Context) -> frozenset:
    """The units above the plan's unit, or above each unit its name can be."""
    ids = [ctx.unit_id] if ctx.unit_id else ctx.unit_candidates
    return frozenset(p for p in (gz.unit(u).parent_id for u in ids) if p)


def _crosses_reform(cited: str | None, citing: Context) -> bool:
    """A plan written after 1 July 2025 (by its date, or what it implements when it has only a
    year) citing one written before: its own province (merged) says nothing of where the older
    document's issuer lay."""
    return bool(cited and citing.post_reform and len(cited) >= 10 and cited < _REFORM)


def _loaded_facts(rec: PlanRecord | None, ctx: Context | None, cl: Cluster, issuer: str | None) -> tuple:
    """(place, title, source, sha256, signer, conflicts) of a document: its own file's
    when it is loaded, else what the citations tell."""
    if rec is None or ctx is None:
        return place_of(issuer)[1], cl.best("title", key=len), None, None, None, []
    return ctx.place(), rec.document.title, rec.file, rec.sha256, rec.document.signer, list(ctx.conflicts)


def _loaded_unit(ctx: Context, rec: PlanRecord, date: str | None) -> tuple[str | None, list[str]]:
    """(unit, candidates) of a loaded plan. When its header's date was lost or partial, the date
    the citations give the document decides the era of its candidates."""
    unit_id, cands = ctx.unit_id, list(ctx.unit_candidates)
    if not (cands and date and date != rec.document.date):
        return unit_id, cands
    try:
        cands = [u for u in cands if gz.unit(u).valid_on(date)]
    except ValueError:
        pass
    return (cands[0], []) if len(cands) == 1 else (None, cands)


def _unique_ids(ids: list[str]) -> list[str]:
    """Distinct clusters must not share an id (e.g. same code, issuer unknown, no date)."""
    seen: dict[str, int] = {}
    out = []
    for nid in ids:
        if nid in seen:
            seen[nid] += 1
            out.append(f"{nid}~{seen[nid]}")
        else:
            seen[nid] = 1
            out.append(nid)
    return out


class _GraphBuilder:
    """The steps of :func:`build_graph`, in order: collect (mentions -> documents),
    document nodes, plans without a number, then per plan its edges and the place
    hierarchy its context states."""

    def __init__(self, records: list[PlanRecord], ctxs: list[Context]):
        self.records, self.ctxs = records, ctxs
        self.g = nx.MultiDiGraph()
        self.clusters: list[Cluster] = []
        self.where: dict[tuple[int, int | None], int] = {}
        self.cluster_ids: list[str] = []
        self.inferred: dict[int, str] = {}
        self.nocode_ids: dict[int, str] = {}

    # -- collect ---------------------------------------------------------------
    def collect(self) -> None:
        """Every mention of a document, clustered into documents, each with its node id."""
        mentions: list[DocumentMention] = []
        for i, (r, ctx) in enumerate(zip(self.records, self.ctxs, strict=True)):
            if r.document.code:
                mentions.append(_own_mention(i, r, ctx, r.document.code))
            mentions.extend(_cited_mention(i, j, c, ctx) for j, c in enumerate(r.citations))
        self.inferred = infer_blank_numbers(self.records, self.ctxs, mentions)
        for i, code in self.inferred.items():
            mentions.append(_own_mention(i, self.records[i], self.ctxs[i], code))
        self.clusters, self.where = cluster_mentions(mentions)
        # A loaded plan is named by what its own header says, so its id does not
        # move when other files that cite it are loaded.
        self.cluster_ids = _unique_ids([
            document_id(cl.members[0].code, cl.issuer(), (cl.loaded.date if cl.loaded and cl.loaded.date
                                                          else cl.date()))
            for cl in self.clusters])
        self.place_by_parent_plans()

    def place_by_parent_plans(self) -> None:
        """A plan whose name fits several gazetteer units ("phường Chi Lăng" is a ward of three
        provinces) is the one below the unit of the loaded plan it carries out, once clustering
        has found that plan (a parent without its own number is only found there)."""
        for i, (r, ctx) in enumerate(zip(self.records, self.ctxs, strict=True)):
            if not ctx.unit_candidates:
                continue
            above = set()
            for j, c in enumerate(r.citations):
                lm = self.clusters[self.where[(i, j)]].loaded if _climbs(c) else None
                if lm is not None and lm.record != i and self.ctxs[lm.record].unit_id:
                    above.add(self.ctxs[lm.record].unit_id)
            below = [u for u in ctx.unit_candidates if gz.unit(u).parent_id in above]
            if len(below) == 1:
                ctx.unit_id, ctx.unit_candidates = below[0], []

    def add_issuer(self, name: str | None, level: str | None = None, place: str | None = None, *,
                   on: str | None = None, province: str | None = None, unit_id: str | None = None) -> str | None:
        """The issuer node of a body. With the date it is named on (and the province), the body is
        resolved to its gazetteer unit: a body created by the reform, or one commune of a name its
        province has several of, is its own node (keyed by the unit), so the old and the new
        "UBND tỉnh Quảng Ngãi" never merge."""
        if not name:
            return None
        if unit_id is None and on:
            unit_id = _issuer_unit(name, on, province)
        nid = body_id(S.ISSUER, name)
        if unit_id and _needs_own_node(unit_id, on):
            nid = f"{nid}@{unit_id.replace(':', '-')}"
        if nid not in self.g:
            b = parse_body(name)
            lvl, pl = place_of(name)
            self.g.add_node(nid, id=nid, kind=S.ISSUER, name=name, label=name, level=level or b.level or lvl,
                            place=place or pl, unit_id=unit_id)
        elif unit_id:
            n = self.g.nodes[nid]
            if not n.get("unit_id"):
                n["unit_id"] = unit_id
            elif n["unit_id"] != unit_id and unit_id not in n.setdefault("other_unit_ids", []):
                # one name for two units ("UBND tỉnh X" and "UBND thành phố X" share a key): keep both
                n["other_unit_ids"].append(unit_id)
        return nid

    # -- document nodes --------------------------------------------------------
    def add_document_nodes(self) -> None:
        for k, cl in enumerate(self.clusters):
            self._add_document_node(self.cluster_ids[k], cl)
        for i in self.inferred:
            self.g.nodes[self.cluster_ids[self.where[(i, None)]]]["code_inferred"] = True

    def _add_document_node(self, nid: str, cl: Cluster) -> None:
        lm = cl.loaded
        rec, ctx = (self.records[lm.record], self.ctxs[lm.record]) if lm else (None, None)
        code = (lm or cl.members[0]).code
        typ = (lm.type if lm and lm.type else cl.best("type"))
        central = any(m.central for m in cl.members)
        issuer = cl.issuer()
        level = (ctx.level if ctx and ctx.level else
                 _doc_level(issuer, code, central, None) or cl.best("level"))
        kind = S.PLAN if fold(typ) in PLAN_TYPES or (rec is not None) else S.DIRECTIVE
        date = cl.date()
        place, title, source, sha256, signer, conflicts = _loaded_facts(rec, ctx, cl, issuer)
        attrs = dict(id=nid, kind=kind, code=code, type=typ, date=date, year=_year(date), issuer=issuer,
                     level=level, place=place, central=central, title=title, source=source, sha256=sha256,
                     # the same document loaded from several files (copies) stays one node
                     sources=sorted({self.records[m.record].file for m in cl.members if m.loaded}),
                     signer=signer, label=code or nid,
                     candidates=[self.cluster_ids[a] for a in cl.ambiguous], conflicts=conflicts)
        if ctx is not None:        # the gazetteer unit of a loaded plan's issuer (coverage reads it)
            unit_id, cands = _loaded_unit(ctx, rec, date)
            attrs.update(unit_id=unit_id, unit_candidates=cands)
        self.g.add_node(nid, **attrs)
        if ctx is not None:
            iid = self.add_issuer(issuer, level=level, on=date, province=ctx.province, unit_id=attrs["unit_id"])
        else:
            k = cl.members[0].record
            crossing = _crosses_reform(date, self.ctxs[k])
            iid = self.add_issuer(issuer, level=level, on=date, province=None if crossing else self.ctxs[k].province)
        self._issued_by(nid, iid, _issuer_evidence(cl, self.records))

    def _issued_by(self, nid: str, iid: str | None, evidence: list[dict[str, Any]]) -> None:
        if iid:
            self.g.nodes[nid]["issuer_id"] = iid
            self.g.add_edge(nid, iid, key=S.ISSUED_BY, type=S.ISSUED_BY, evidence=evidence)

    def add_unnumbered_plans(self) -> None:
        """Plans with no number of their own ("Số: /KH-UBND") that no citation names."""
        for i, (r, ctx) in enumerate(zip(self.records, self.ctxs, strict=True)):
            if r.document.code or i in self.inferred:
                continue
            d = r.document
            nid = document_id(None, ctx.issuer, d.date, fallback=_basename(r.file))
            self.nocode_ids[i] = nid
            self.g.add_node(nid, id=nid, kind=S.PLAN, code=None, type=d.type, date=d.date, year=_year(d.date),
                            issuer=ctx.issuer, level=ctx.level, place=ctx.place(), central=False, title=d.title,
                            source=r.file, sha256=r.sha256, signer=d.signer, label=_short_title(d, r.file),
                            candidates=[], conflicts=list(ctx.conflicts), unit_id=ctx.unit_id,
                            unit_candidates=list(ctx.unit_candidates))
            self._issued_by(nid, self.add_issuer(ctx.issuer, level=ctx.level, on=d.date, province=ctx.province,
                                                 unit_id=ctx.unit_id),
                            [{"source": r.file, "sha256": r.sha256, "spans": [], "sentence": d.issuer}])

    # -- plan edges ------------------------------------------------------------
    def plan_node(self, i: int) -> str:
        return self.nocode_ids[i] if i in self.nocode_ids else self.cluster_ids[self.where[(i, None)]]

    def add_plan_edges(self, i: int) -> None:
        """What plan `i` states: its citations (typed by the registry), the relations
        between two documents it cites, its units, recipients and reporting lines."""
        r, ctx, g = self.records[i], self.ctxs[i], self.g
        src = self.plan_node(i)
        ev_base = {"source": r.file, "sha256": r.sha256}
        for j, c in enumerate(r.citations):
            dst = self.cluster_ids[self.where[(i, j)]]
            if dst == src:
                continue  # a plan quoting its own number
            et = relation_for_citation(c.relation).type
            _add_evidence(g, src, dst, et, {**ev_base, "spans": [list(s) for s in c.spans],
                                            "sentence": c.sentence}, resolved_by=c.resolved_by,
                          basis=getattr(c, "basis", None))
        # Relations the text states between two cited documents.
        for dr in r.derived:
            a = _find_cited(r, self.where, self.cluster_ids, i, dr.from_code, dr.from_date)
            b = _find_cited(r, self.where, self.cluster_ids, i, dr.to_code, dr.to_date)
            if a and b and a != b:
                _add_evidence(g, a, b, relation_for_citation(dr.relation).type,
                              {**ev_base, "spans": [], "sentence": dr.sentence}, derived=True)
        # Units, recipients and reporting lines. Their evidence is just "this plan says
        # so": one dict per plan, shared by its edges (nothing mutates evidence, and a
        # 100k-plan graph has about a million such edges).
        ev_plan = {**ev_base, "spans": [], "sentence": None}
        add_issuer = self._issuer_on(i)
        for u in r.units:
            _add_evidence(g, src, _add_body(g, u, ctx, add_issuer), S.ASSIGNED, ev_plan)
        for u in r.recipients:
            _add_evidence(g, src, _add_body(g, u, ctx, add_issuer), S.SENT_TO, ev_plan)
        for rl in r.reports_to:
            self._add_reporting_line(src, rl, ctx, {**ev_base, "spans": [list(s) for s in rl.spans],
                                                    "sentence": rl.sentence}, add_issuer)

    def _issuer_on(self, i: int):
        """add_issuer for the bodies plan `i` names: resolved on its date, in its province."""
        on, province = self.records[i].document.date, self.ctxs[i].province
        return lambda name, level=None, place=None: self.add_issuer(name, level, place, on=on, province=province)

    def _add_reporting_line(self, src: str, rl, ctx: Context, ev: dict[str, Any], add_issuer) -> None:
        g = self.g
        a = _add_body(g, rl.from_, ctx, add_issuer)
        b = _add_body(g, rl.to, ctx, add_issuer)
        via = _add_body(g, rl.via, ctx, add_issuer) if rl.via else None
        key = f"{S.REPORTS_TO}:{src}:{b}"
        if g.has_edge(a, b, key):
            e = g.edges[a, b, key]
            e["deadlines"] = sorted(set(e["deadlines"]) | set(rl.deadlines))
            e["evidence"].append(ev)
        else:
            g.add_edge(a, b, key=key, type=S.REPORTS_TO, plan=src, via=via,
                       via_name=rl.via, deadlines=sorted(set(rl.deadlines)), evidence=[ev])

    # -- succession (the 2025 reform) -------------------------------------------
    def add_succession(self) -> None:
        """Bodies of the graph that the gazetteer says took over one another on 1 July 2025:
        old -SUCCEEDED_BY {partial}-> new, "partial" when the old unit was split."""
        by_unit: dict[str, list[str]] = defaultdict(list)
        for nid, d in self.g.nodes(data=True):
            if d.get("kind") == S.ISSUER and d.get("unit_id"):
                for u in [d["unit_id"], *(d.get("other_unit_ids") or ())]:
                    by_unit[u].append(nid)
        ev = {"source": "gazetteer", "sha256": None, "spans": [],
              "sentence": f"{gz.source().get('package')} {gz.source().get('version')}"}
        for uid in sorted(by_unit):
            for s in gz.successors(uid):
                for a in by_unit[uid]:
                    for b in by_unit.get(s.unit.id, ()):
                        if a != b and not self.g.has_edge(a, b, S.SUCCEEDED_BY):
                            self.g.add_edge(a, b, key=S.SUCCEEDED_BY, type=S.SUCCEEDED_BY, partial=s.partial,
                                            evidence=[ev])

    # -- place hierarchy -------------------------------------------------------
    def add_place_hierarchy(self, i: int) -> None:
        """Bodies of the plan's place, each PART_OF the one above (xã -> huyện -> tỉnh)."""
        r, ctx, g = self.records[i], self.ctxs[i], self.g
        on = r.document.date
        own = {ctx.level: ctx.unit_id} if ctx.unit_id else {}
        chain = []
        if ctx.commune:
            chain.append(self.add_issuer(f"UBND {ctx.commune}", "commune", ctx.commune, on=on, province=ctx.province,
                                         unit_id=own.get("commune")))
        if ctx.district:
            chain.append(self.add_issuer(f"UBND {ctx.district}", "district", ctx.district, on=on,
                                         province=ctx.province, unit_id=own.get("district")))
        if ctx.province:
            chain.append(self.add_issuer(f"UBND {province_body(ctx.province)}", "province", ctx.province, on=on,
                                         unit_id=own.get("province")))
        for lo, hi in itertools.pairwise(chain):
            if not (lo and hi and lo != hi):
                continue
            ev = {"source": r.file, "sha256": r.sha256, "spans": [], "sentence": ctx.place()}
            if not g.has_edge(lo, hi, S.PART_OF):
                g.add_edge(lo, hi, key=S.PART_OF, type=S.PART_OF, evidence=[ev])
            elif len(g.edges[lo, hi, S.PART_OF]["evidence"]) < EVIDENCE_CAP:
                g.edges[lo, hi, S.PART_OF]["evidence"].append(ev)


def index_graph(g: nx.MultiDiGraph) -> None:
    """Counts and look-up tables the queries need at every call, computed once."""
    impl: dict[str, set] = defaultdict(set)
    cites: dict[str, set] = defaultdict(set)
    replaced: dict[str, set] = defaultdict(set)
    ends_force = set(ends_force_types())
    for a, b, d in g.edges(data=True):
        if d["type"] == S.IMPLEMENTS:
            impl[b].add(a)
        elif d["type"] == S.CITES:
            cites[b].add(a)
        elif d["type"] in ends_force and a != b:
            replaced[b].add(a)
    by_source: dict[str, str] = {}
    by_code: dict[str, list[str]] = defaultdict(list)
    for nid, d in g.nodes(data=True):
        if d.get("kind") not in S.DOCUMENT_KINDS:
            continue
        d["n_implemented_by"] = len(impl.get(nid, ()))
        d["n_cited_by"] = len(cites.get(nid, ()))
        for src in d.get("sources") or ([d["source"]] if d.get("source") else []):
            by_source[src] = nid
        if d.get("code"):
            by_code[code_key(d["code"])].append(nid)
    g.graph["by_source"] = by_source
    g.graph["by_code"] = {k: sorted(v) for k, v in by_code.items()}
    # what replaced a document: trace asks it of every chain element, and a central
    # directive has thousands of predecessors to scan otherwise
    g.graph["replaced_by"] = {k: sorted(v) for k, v in sorted(replaced.items())}
    reports: dict[str, list] = defaultdict(list)
    for a, b, k, d in g.edges(keys=True, data=True):
        if d["type"] == S.REPORTS_TO:
            reports[d["plan"]].append((a, b, k))
    g.graph["reports_by_plan"] = dict(reports)


def infer_blank_numbers(records: list[PlanRecord], ctxs: list[Context],
                        mentions: list[DocumentMention]) -> dict[int, str]:
    """Numbers for loaded plans whose own number is blank ("Số: /KH-UBND").

    A draft gets its number when it is signed, and the plans below then cite
    it by that number. A citation of a Kế hoạch by an absolute issuer and a date
    that fits exactly one number-less loaded plan of that issuer names that
    plan; the number is taken only when every such citation agrees on it. A
    plan cannot be cited as dated before what it carries out; and once a blank
    plan has its number, the citations of other numbers are not about it (the
    old and the new "UBND tỉnh Lâm Đồng" each left a blank plan in 2025).
    """
    blank: dict[str, list[int]] = defaultdict(list)
    for i, (r, ctx) in enumerate(zip(records, ctxs, strict=True)):
        if not r.document.code and ctx.issuer and not parse_body(ctx.issuer).relative and r.document.date:
            blank[fold(expand(ctx.issuer))].append(i)
    if not blank:
        return {}
    return _numbers_by_elimination(_blank_candidates(records, mentions, blank))


def _blank_candidates(records: list[PlanRecord], mentions: list[DocumentMention],
                      blank: dict[str, list[int]]) -> list[tuple[str, list[int]]]:
    """(code, the blank plans it can name) for each citation of a plan by an absolute issuer that
    names no loaded, numbered plan (the old and the new "UBND tỉnh Lào Cai" both issued plans in
    2025: a citation of the numbered one is never about the other's blank one)."""
    earliest = {i: _earliest_day(records[i]) for ids in blank.values() for i in ids}
    numbered: dict[tuple[str, str], list[str | None]] = defaultdict(list)
    for m in mentions:
        if m.loaded and m.issuer:
            numbered[(code_key(m.code), fold(expand(m.issuer)))].append(m.date)
    wanted: list[tuple[str, list[int]]] = []
    for m in mentions:
        if m.loaded or not m.date or not m.issuer or fold(m.type) not in PLAN_TYPES:
            continue
        body = fold(expand(m.issuer))
        if any(dates_compatible(d, m.date) for d in numbered.get((code_key(m.code), body), ())):
            continue
        cands = [i for i in blank.get(body, ()) if i != m.record and dates_compatible(records[i].document.date, m.date)
                 and not (len(m.date) >= 10 and earliest[i] > m.date)]
        if cands:
            wanted.append((m.code, cands))
    return wanted


def _numbers_by_elimination(wanted: list[tuple[str, list[int]]]) -> dict[int, str]:
    """A blank plan takes a code every citation naming it alone agrees on; a plan given a code is
    no longer a candidate for other codes, which may leave another citation one candidate. Repeated
    until nothing changes (a plan once given a code keeps it, so this ends)."""
    found: dict[int, str] = {}
    while True:
        votes: dict[int, set[str]] = defaultdict(set)
        for code, cands in wanted:
            left = [i for i in cands if code_key(found.get(i, code)) == code_key(code)]
            if len(left) == 1:
                votes[left[0]].add(code)
        more = {i: next(iter(codes)) for i, codes in votes.items() if len({code_key(c) for c in codes}) == 1}
        if more == found:
            return found
        found = more


EVIDENCE_CAP = 20  # facts restated by thousands of plans keep this many witnesses


def _issuer_evidence(cl: Cluster, records: list[PlanRecord]) -> list[dict[str, Any]]:
    """Who says this body issued the document: the plan itself, or the plans citing it."""
    out = []
    for m in cl.members[:EVIDENCE_CAP]:
        r = records[m.record]
        if m.citation is None:
            out.append({"source": r.file, "sha256": r.sha256, "spans": [], "sentence": r.document.issuer})
        else:
            c = r.citations[m.citation]
            out.append({"source": r.file, "sha256": r.sha256, "spans": [list(s) for s in c.spans[:1]],
                        "sentence": c.sentence})
    return out


def _find_cited(r: PlanRecord, where, cluster_ids, i: int, code: str, date: str | None) -> str | None:
    ck = code_key(code)
    hits = [j for j, c in enumerate(r.citations) if code_key(c.code) == ck and dates_compatible(c.date, date)]
    if len(hits) > 1 and date:
        hits = [j for j in hits if r.citations[j].date == date] or hits
    return cluster_ids[where[(i, hits[0])]] if hits else None


def _add_evidence(g: nx.MultiDiGraph, a: str, b: str, et: str, ev: dict[str, Any], **attrs) -> None:
    if g.has_edge(a, b, et):
        e = g.edges[a, b, et]
        e["evidence"].append(ev)
        for k, v in attrs.items():
            if k == "derived":
                e[k] = e.get(k, True) and v
            else:
                e.setdefault(k, v)
    else:
        g.add_edge(a, b, key=et, type=et, evidence=[ev], **({"derived": False} | attrs))


_UNIT_LEVEL_WORDS = [("sở ", "province"), ("bộ ", "central"), ("phòng ", "district"),
                     ("ban dân vận tỉnh", "province"), ("ban dân vận huyện", "district")]


def _add_body(g: nx.MultiDiGraph, name: str, ctx: Context, add_issuer) -> str:
    """A unit or an issuer named in a plan, scoped to the place it belongs to."""
    text = " ".join(name.split())
    b = parse_body(text)
    # One body ("UBND huyện"), not a group of them ("UBND các xã, thị trấn").
    if b.body.startswith(("uy ban nhan dan", "hoi dong nhan dan")) and (b.level or b.admin) and \
            not re.search(r"\bcác\b", text.lower()):
        absolute = absolute_body(text, ctx.as_dict())
        if not parse_body(absolute).relative:
            return add_issuer(absolute)
    low = text.lower()
    level = next((lvl for w, lvl in _UNIT_LEVEL_WORDS if low.startswith(w)), None) or b.level
    scope = {"central": None, "province": ctx.province, "district": ctx.district,
             "commune": ctx.commune}.get(level or "", None)
    if level is None:
        scope = ctx.commune or ctx.district or ctx.province or ctx.issuer
    nid = body_id(S.UNIT, text, scope)
    if nid not in g:
        g.add_node(nid, id=nid, kind=S.UNIT, name=text, label=text, level=level, place=scope)
    return nid


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _basename(path: str) -> str:
    return re.split(r"[\\/]", path)[-1].rsplit(".", 1)[0]


def _short_title(d, file: str) -> str:
    return (d.title or _basename(file))[:60]
