"""Compliance rules ("which citations must a plan carry"), kept as YAML data.

A pack::

    rules:
      - id: cite-33
        severity: violation          # violation | warning | info
        message: "..."
        reason: "..."                # optional: why the rule exists (Vietnamese)
        applies_to: {types: [Kế hoạch], levels: [district], title_contains: "dân vận",
                     year_from: 2022, year_to: 2025}
        require: {cites_all: ["33/CT-TTg"]}   # or cites_any: [...], implements_level_above: true,
                                              # implements_in_force: true (RULE_FORMS)

>>> pack = parse_rules("rules: [{id: a, severity: warning, message: m, require: {cites_any: ['1/KH-UBND']}}]")
>>> pack[0].require
{'cites_any': ['1/KH-UBND']}
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from vanban.models import BadRequest

from . import queries as Q
from . import registry as R
from .identity import code_key

SEVERITIES = ("violation", "warning", "info")
RULE_KEYS = {"id", "severity", "message", "reason", "applies_to", "require"}


class RuleError(BadRequest):
    code = "bad_rules"


# ---------------------------------------------------------------- value types
@dataclass(frozen=True)
class ValueType:
    """What a value of a rule pack must be, said in English and Vietnamese."""

    ok: Callable[[Any], bool]
    en: str
    vi: str


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)     # YAML's true is no year


TEXT = ValueType(lambda v: isinstance(v, str) and bool(v.strip()), "a non-empty text", "một chuỗi khác rỗng")
TEXTS = ValueType(lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
                  "a list of texts", "danh sách chuỗi")
CODES = ValueType(lambda v: isinstance(v, list) and bool(v) and all(isinstance(x, str) and x.strip() for x in v),
                  "a non-empty list of codes", "danh sách số hiệu văn bản")
YEAR = ValueType(lambda v: _is_int(v) and 1900 <= v <= 2200, "a whole year", "một năm")
TRUE = ValueType(lambda v: v is True, "true", "true")
SCALAR = ValueType(lambda v: isinstance(v, (str, int, float)) and not isinstance(v, bool),
                   "a text or a number", "một chuỗi hoặc một số")

RULE_VALUES = {"id": SCALAR, "message": TEXT, "reason": TEXT}
APPLIES_TO = {"types": TEXTS, "levels": TEXTS, "title_contains": TEXT, "year_from": YEAR, "year_to": YEAR}
APPLIES_KEYS = set(APPLIES_TO)


# ---------------------------------------------------------------- rule forms
@dataclass(frozen=True)
class RuleForm:
    """One form of ``require``: what its argument must be, and the checker that judges a
    loaded plan. ``check(g, nid, arg)`` returns ``(missing, evidence)`` (nothing missing:
    the plan complies) or None when there is nothing to judge."""

    takes: ValueType
    check: Callable[[nx.MultiDiGraph, str, Any], Any]


def _cites(g: nx.MultiDiGraph, nid: str, codes: list[str], need_all: bool):
    have = Q.cited_codes(g, nid)
    lacking = [c for c in codes if code_key(c) not in have]
    missing = lacking if need_all else (list(codes) if len(lacking) == len(codes) else [])
    cited = sorted(g.nodes[v]["code"] for v, _ in Q.out_edges(g, nid, R.document_link_types())
                   if g.nodes[v].get("code"))
    return missing, {"cited": cited}


def check_cites_all(g: nx.MultiDiGraph, nid: str, codes: list[str]):
    return _cites(g, nid, codes, need_all=True)


def check_cites_any(g: nx.MultiDiGraph, nid: str, codes: list[str]):
    return _cites(g, nid, codes, need_all=False)


def check_implements_level_above(g: nx.MultiDiGraph, nid: str, _arg: bool):
    node = g.nodes[nid]
    want = Q.level_above(node.get("level"), node.get("date"))
    if want is None:
        return None  # the plan's own level is unknown: nothing to judge
    impl = [v for v, _ in Q.out_edges(g, nid, R.trace_types())]
    missing = [] if any(g.nodes[v].get("level") == want for v in impl) else [f"level:{want}"]
    return missing, {"implements": [Q.summary(g, v) for v in sorted(impl)]}


def check_implements_in_force(g: nx.MultiDiGraph, nid: str, _arg: bool):
    """A plan that carries out a document a later one replaced or repealed."""
    replaced = [(v, Q.replacements(g, v)) for v, _ in Q.out_edges(g, nid, R.trace_types())]
    replaced = sorted((v, by) for v, by in replaced if by)
    missing = [f"in_force:{g.nodes[v].get('code') or v}" for v, _ in replaced]
    return missing, {"replaced": [{"document": Q.summary(g, v), "by": [Q.summary(g, u) for u in by]}
                                  for v, by in replaced]}


RULE_FORMS: dict[str, RuleForm] = {
    "cites_all": RuleForm(CODES, check_cites_all),
    "cites_any": RuleForm(CODES, check_cites_any),
    "implements_level_above": RuleForm(TRUE, check_implements_level_above),
    "implements_in_force": RuleForm(TRUE, check_implements_in_force),
}
REQUIRE_FORMS = set(RULE_FORMS)     # the names, for messages


@dataclass
class Rule:
    id: str
    severity: str
    message: str
    require: dict[str, Any]
    applies_to: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None

    @property
    def form(self) -> RuleForm:
        return RULE_FORMS[next(iter(self.require))]


# ---------------------------------------------------------------- parsing
def _fail(where: str, en: str, vi: str):
    raise RuleError(f"{where}: {en}", message_vi=f"{where}: {vi}")


# YAML's names for what was given instead (never the value's Python repr)
_YAML_KIND = {dict: "a mapping", list: "a list", str: "a text", int: "a number", float: "a number",
              bool: "true/false", type(None): "nothing"}


def _check_value(where: str, key: str, value: Any, vt: ValueType) -> None:
    if not vt.ok(value):
        _fail(where, f"{key} must be {vt.en}, not {_YAML_KIND.get(type(value), 'a ' + type(value).__name__)}",
              f"{key} phải là {vt.vi}")


def parse_rules(text: str, origin: str = "rules") -> list[Rule]:
    """Parse and validate a YAML rule pack; any problem (a key, a value of the wrong
    type, an unknown form) is a RuleError naming the rule and the key."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleError(f"{origin}: not valid YAML: {exc}",
                        message_vi=f"{origin}: tệp quy tắc không phải YAML hợp lệ") from None
    if not isinstance(data, dict) or set(data) != {"rules"} or not isinstance(data["rules"], list):
        raise RuleError(f"{origin}: expected a mapping with one key 'rules' holding a list",
                        message_vi=f"{origin}: cần một khóa 'rules' chứa danh sách quy tắc")
    rules: list[Rule] = []
    seen: set[str] = set()
    for n, raw in enumerate(data["rules"], 1):
        rule = _parse_rule(raw, f"{origin}: rule #{n}")
        if rule.id in seen:
            _fail(f"{origin}: rule #{n}", f"duplicate id '{rule.id}'", f"trùng id '{rule.id}'")
        seen.add(rule.id)
        rules.append(rule)
    return rules


def _parse_rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, dict):
        _fail(where, "must be a mapping", "phải là một ánh xạ")
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(RULE_KEYS)}",
                        message_vi=f"{where}: khóa không hợp lệ {sorted(unknown)}")
    for k in ("id", "severity", "message", "require"):
        if k not in raw:
            _fail(where, f"missing '{k}'", f"thiếu khóa '{k}'")
    for k, vt in RULE_VALUES.items():
        if k in raw:
            _check_value(where, k, raw[k], vt)
    if raw["severity"] not in SEVERITIES:
        _fail(where, f"severity must be one of {SEVERITIES}", f"mức độ phải là một trong {SEVERITIES}")
    applies = raw.get("applies_to") or {}
    if not isinstance(applies, dict) or set(applies) - APPLIES_KEYS:
        _fail(where, f"applies_to keys must be among {sorted(APPLIES_KEYS)}", "applies_to có khóa không hợp lệ")
    for k, value in applies.items():
        _check_value(where, f"applies_to.{k}", value, APPLIES_TO[k])
    req = raw["require"]
    if not isinstance(req, dict) or len(req) != 1 or set(req) - set(RULE_FORMS):
        _fail(where, f"require takes exactly one of {sorted(RULE_FORMS)}",
              f"require phải là đúng một trong {sorted(RULE_FORMS)}")
    form, arg = next(iter(req.items()))
    _check_value(where, form, arg, RULE_FORMS[form].takes)
    return Rule(id=str(raw["id"]), severity=raw["severity"], message=str(raw["message"]), require=req,
                applies_to=applies, reason=raw.get("reason"))


def load_rules(path: str | Path | None = None) -> list[Rule]:
    """The rule pack at `path`, or the default pack shipped with vanban."""
    if path is None:
        text = resources.files("vanban.graph").joinpath("data/rules.yaml").read_text("utf-8")
        return parse_rules(text, "default rules")
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{p}: cannot read rule file: {exc}", message_vi=f"{p}: không đọc được tệp quy tắc") from None
    return parse_rules(text, str(p))
