"""Compliance rules ("which citations must a plan carry"), kept as YAML data.

A pack::

    rules:
      - id: cite-33
        severity: violation          # violation | warning | info
        message: "..."
        reason: "..."                # optional: why the rule exists (Vietnamese)
        applies_to: {types: [Kế hoạch], levels: [district], title_contains: "dân vận",
                     year_from: 2022, year_to: 2025}
        require: {cites_all: ["33/CT-TTg"]}   # or cites_any: [...] or implements_level_above: true

>>> pack = parse_rules("rules: [{id: a, severity: warning, message: m, require: {cites_any: ['1/KH-UBND']}}]")
>>> pack[0].require
{'cites_any': ['1/KH-UBND']}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from vanban.models import BadRequest

SEVERITIES = ("violation", "warning", "info")
RULE_KEYS = {"id", "severity", "message", "reason", "applies_to", "require"}
APPLIES_KEYS = {"types", "levels", "title_contains", "year_from", "year_to"}
REQUIRE_FORMS = {"cites_all", "cites_any", "implements_level_above"}


class RuleError(BadRequest):
    code = "bad_rules"


@dataclass
class Rule:
    id: str
    severity: str
    message: str
    require: dict[str, Any]
    applies_to: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None


def parse_rules(text: str, origin: str = "rules") -> list[Rule]:
    """Parse and validate a YAML rule pack; any problem is a RuleError naming it."""
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
        where = f"{origin}: rule #{n}"
        if not isinstance(raw, dict):
            raise RuleError(f"{where}: must be a mapping", message_vi=f"{where}: phải là một ánh xạ")
        unknown = set(raw) - RULE_KEYS
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(RULE_KEYS)}",
                            message_vi=f"{where}: khóa không hợp lệ {sorted(unknown)}")
        for k in ("id", "severity", "message", "require"):
            if k not in raw:
                raise RuleError(f"{where}: missing '{k}'", message_vi=f"{where}: thiếu khóa '{k}'")
        for k in ("id", "message", "reason"):     # text, never a mapping shown as its Python repr
            if isinstance(raw.get(k), (dict, list)):
                raise RuleError(f"{where}: '{k}' must be text", message_vi=f"{where}: '{k}' phải là chuỗi")
        rid = str(raw["id"])
        if rid in seen:
            raise RuleError(f"{where}: duplicate id '{rid}'", message_vi=f"{where}: trùng id '{rid}'")
        seen.add(rid)
        if raw["severity"] not in SEVERITIES:
            raise RuleError(f"{where}: severity must be one of {SEVERITIES}",
                            message_vi=f"{where}: mức độ phải là một trong {SEVERITIES}")
        applies = raw.get("applies_to") or {}
        if not isinstance(applies, dict) or set(applies) - APPLIES_KEYS:
            raise RuleError(f"{where}: applies_to keys must be among {sorted(APPLIES_KEYS)}",
                            message_vi=f"{where}: applies_to có khóa không hợp lệ")
        for k in ("types", "levels"):
            if k in applies and not (isinstance(applies[k], list) and all(isinstance(x, str) for x in applies[k])):
                raise RuleError(f"{where}: applies_to.{k} must be a list of strings",
                                message_vi=f"{where}: applies_to.{k} phải là danh sách chuỗi")
        for k in ("year_from", "year_to"):
            if k in applies and not isinstance(applies[k], int):
                raise RuleError(f"{where}: applies_to.{k} must be a whole year",
                                message_vi=f"{where}: applies_to.{k} phải là một năm")
        req = raw["require"]
        if not isinstance(req, dict) or len(req) != 1 or set(req) - REQUIRE_FORMS:
            raise RuleError(f"{where}: require takes exactly one of {sorted(REQUIRE_FORMS)}",
                            message_vi=f"{where}: require phải là đúng một trong {sorted(REQUIRE_FORMS)}")
        form, arg = next(iter(req.items()))
        if form in ("cites_all", "cites_any") and not (isinstance(arg, list) and arg and all(isinstance(c, str) for c in arg)):
            raise RuleError(f"{where}: {form} takes a non-empty list of codes",
                            message_vi=f"{where}: {form} cần danh sách số hiệu văn bản")
        if form == "implements_level_above" and arg is not True:
            raise RuleError(f"{where}: implements_level_above takes true",
                            message_vi=f"{where}: implements_level_above chỉ nhận true")
        rules.append(Rule(id=rid, severity=raw["severity"], message=str(raw["message"]), require=req,
                          applies_to=applies, reason=raw.get("reason")))
    return rules


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
