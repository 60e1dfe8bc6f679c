"""Score extraction output against a gold file (shared/gold/seeds.json format, see seeds.py).

* citations: numbered citations (``resolved_by == "code"``) matched one-to-one on (code, date)
  against gold ``citations``; precision, recall, F1. Title-only references are reported apart
  (gold lists them as free text in ``title_only``, not as citations).
* implements: over matched citations, the share whose relation equals gold's; also every
  gold ``implements`` that we missed and every extra ``implements`` we claimed.
* reporting: each gold line is right when a predicted line has the same target (``to``) and
  the same set of deadlines (names compared without case, spacing or dash differences);
  lines are matched one-to-one, preferring the same ``from``.
* derived: gold [from@date, relation, to] against predicted derived relations.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .pipeline import extract_file


def _key(s: str | None) -> str:
    return re.sub(r"[\W_]+", "", (s or "").lower().replace("ủy ban nhân dân", "ubnd"))


def _match_citations(pred: list[dict], gold: list[dict]):
    pairs, used = [], set()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            if p["code"] == g["code"] and p.get("date") == g.get("date"):
                pairs.append((pi, gi))
                used.add(pi)
                break
    return pairs


def _match_lines(pred: list[dict], gold: list[dict]):
    used: set[int] = set()
    out = []
    for g in gold:
        best = None
        for pi, p in enumerate(pred):
            if pi in used or _key(p["to"]) != _key(g["to"]):
                continue
            ok = sorted(p.get("deadlines", [])) == sorted(g.get("deadlines", []))
            score = (ok, _key(p.get("from")) == _key(g.get("from")), _key(p.get("via")) == _key(g.get("via")))
            if best is None or score > best[0]:
                best = (score, pi)
        if best is not None:
            used.add(best[1])
            out.append((g, pred[best[1]], best[0][0]))
        else:
            out.append((g, None, False))
    return out, len(pred) - len(used)


def score_file(rec: dict, gold: dict) -> dict[str, Any]:
    pred_c = [c for c in rec["citations"] if c.get("resolved_by", "code") == "code"]
    gold_c = gold.get("citations", [])
    pairs = _match_citations(pred_c, gold_c)
    matched_p = {p for p, _ in pairs}
    matched_g = {g for _, g in pairs}
    impl_ok = sum(1 for p, g in pairs if pred_c[p]["relation"] == gold_c[g]["relation"])
    missed_impl = [g["code"] for i, g in enumerate(gold_c) if g["relation"] == "implements"
                   and not any(gi == i and pred_c[pi]["relation"] == "implements" for pi, gi in pairs)]
    extra_impl = [p["code"] for i, p in enumerate(pred_c) if p["relation"] == "implements"
                  and not any(pi == i and gold_c[gi]["relation"] == "implements" for pi, gi in pairs)]
    lines, extra_lines = _match_lines(rec.get("reports_to", []), gold.get("reports_to", []))
    gd = {(f, t) for f, _, t in gold.get("derived", [])}
    pd = set()
    for d in rec.get("derived", []):
        pd.add((f"{d['from']}@{d['from_date']}" if any(x.startswith(d["from"] + "@") for x, _ in gd) else d["from"], d["to"]))
    issuer_ok = sum(1 for p, g in pairs if _key(pred_c[p].get("issuer")) == _key(gold_c[g].get("issuer")))
    return {
        "tp": len(pairs), "fp": len(pred_c) - len(pairs), "fn": len(gold_c) - len(pairs),
        "false_positives": [f"{pred_c[i]['code']}@{pred_c[i].get('date')}" for i in range(len(pred_c)) if i not in matched_p],
        "false_negatives": [f"{gold_c[i]['code']}@{gold_c[i].get('date')}" for i in range(len(gold_c)) if i not in matched_g],
        "implements_ok": impl_ok, "implements_total": len(pairs),
        "missed_implements": missed_impl, "extra_implements": extra_impl,
        "reporting_ok": sum(1 for _, _, ok in lines if ok), "reporting_total": len(lines),
        "reporting_wrong": [{"gold": g, "pred": p} for g, p, ok in lines if not ok],
        "reporting_extra": extra_lines,
        "derived_tp": len(gd & pd), "derived_gold": len(gd), "derived_pred": len(pd),
        "issuer_ok": issuer_ok,
        "title_refs": [c["code"] for c in rec["citations"] if c.get("resolved_by") == "title"],
        "title_refs_in_gold": sum(1 for c in rec["citations"] if c.get("resolved_by") == "title"
                                  and any(c["code"] == g["code"] and c.get("date") == g.get("date") for g in gold_c)),
    }


def evaluate(gold_path: str | Path, seeds_dir: str | Path) -> dict[str, Any]:
    gold_all = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    files: dict[str, Any] = {}
    tot = dict(tp=0, fp=0, fn=0, impl_ok=0, impl_tot=0, rep_ok=0, rep_tot=0, der_tp=0, der_gold=0, der_pred=0,
               iss_ok=0, missed_impl=0, extra_impl=0, title=0, title_in_gold=0)
    for name, gold in sorted(gold_all.items()):
        path = Path(seeds_dir) / name
        rec = extract_file(path).to_json()
        s = score_file(rec, gold)
        files[name] = s
        tot["tp"] += s["tp"]; tot["fp"] += s["fp"]; tot["fn"] += s["fn"]
        tot["impl_ok"] += s["implements_ok"]; tot["impl_tot"] += s["implements_total"]
        tot["missed_impl"] += len(s["missed_implements"]); tot["extra_impl"] += len(s["extra_implements"])
        tot["rep_ok"] += s["reporting_ok"]; tot["rep_tot"] += s["reporting_total"]
        tot["der_tp"] += s["derived_tp"]; tot["der_gold"] += s["derived_gold"]; tot["der_pred"] += s["derived_pred"]
        tot["iss_ok"] += s["issuer_ok"]
        tot["title"] += len(s["title_refs"]); tot["title_in_gold"] += s["title_refs_in_gold"]
    div = lambda a, b: (a / b) if b else 1.0
    p, r = div(tot["tp"], tot["tp"] + tot["fp"]), div(tot["tp"], tot["tp"] + tot["fn"])
    return {
        "precision": p, "recall": r, "f1": div(2 * p * r, p + r),
        # if title-only references were scored as citations too (gold lists them apart, as text)
        "precision_with_title_refs": div(tot["tp"] + tot["title_in_gold"], tot["tp"] + tot["fp"] + tot["title"]),
        "implements_accuracy": div(tot["impl_ok"], tot["impl_tot"]),
        "missed_implements": tot["missed_impl"], "extra_implements": tot["extra_impl"],
        "reporting_accuracy": div(tot["rep_ok"], tot["rep_tot"]),
        "derived_precision": div(tot["der_tp"], tot["der_pred"]), "derived_recall": div(tot["der_tp"], tot["der_gold"]),
        "issuer_accuracy": div(tot["iss_ok"], tot["tp"]),
        "counts": tot, "files": files,
    }


def default_paths(repo: Path | None = None) -> tuple[Path, Path]:
    import os
    env = os.environ.get("VANBAN_SHARED")
    base = Path(env) if env else (repo or Path(__file__).resolve().parents[1]).parent / "shared"
    return base / "gold" / "seeds.json", base / "seeds"
