"""Score extraction output against a gold file (shared/gold/seeds.json format, see seeds.py).

* citations: numbered citations (``resolved_by == "code"``) matched one-to-one on (code, date)
  against gold ``citations``
  precision, recall, F1. Title-only references are reported apart
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


def _implements_only_in(side: list[dict], other: list[dict], pairs: list[tuple[int, int]]) -> list[str]:
    """Codes ``side`` calls "implements" where its match in ``other`` (``pairs``: side index, other index)
    does not, or that have no match.

    >>> a = [{"code": "1/KH", "relation": "implements"}, {"code": "2/CT", "relation": "implements"}]
    >>> b = [{"code": "1/KH", "relation": "implements"}, {"code": "2/CT", "relation": "cites"}]
    >>> _implements_only_in(a, b, [(0, 0), (1, 1)])
    ['2/CT']
    """
    return [c["code"] for i, c in enumerate(side) if c["relation"] == "implements"
            and not any(si == i and other[oi]["relation"] == "implements" for si, oi in pairs)]


def _derived_pairs(rec: dict, gold: dict) -> tuple[set, set]:
    """(gold, predicted) derived relations as (from, to); a predicted "from" takes its date when the gold's does."""
    gd = {(f, t) for f, _, t in gold.get("derived", [])}
    pd = set()
    for d in rec.get("derived", []):
        dated = any(x.startswith(d["from"] + "@") for x, _ in gd)
        pd.add((f"{d['from']}@{d['from_date']}" if dated else d["from"], d["to"]))
    return gd, pd


def _unmatched(cites: list[dict], matched: set[int]) -> list[str]:
    """"code@date" of the citations not matched.

    >>> _unmatched([{"code": "1/KH", "date": None}, {"code": "2/CT"}], {0})
    ['2/CT@None']
    """
    return [f"{c['code']}@{c.get('date')}" for i, c in enumerate(cites) if i not in matched]


def score_file(rec: dict, gold: dict) -> dict[str, Any]:
    """Score one record's JSON against its seeds-gold entry: citations matched on code (and date), relations,
    reporting lines, derived relations, issuers.

    >>> s = score_file({"citations": [{"code": "1/KH", "date": None, "relation": "cites"}]},
    ...                {"citations": [{"code": "1/KH", "date": None, "relation": "cites"}]})
    >>> s["tp"], s["fp"], s["fn"], s["implements_ok"]
    (1, 0, 0, 1)
    """
    pred_c = [c for c in rec["citations"] if c.get("resolved_by", "code") == "code"]
    gold_c = gold.get("citations", [])
    pairs = _match_citations(pred_c, gold_c)
    matched_p = {p for p, _ in pairs}
    matched_g = {g for _, g in pairs}
    impl_ok = sum(1 for p, g in pairs if pred_c[p]["relation"] == gold_c[g]["relation"])
    missed_impl = _implements_only_in(gold_c, pred_c, [(g, p) for p, g in pairs])
    extra_impl = _implements_only_in(pred_c, gold_c, pairs)
    lines, extra_lines = _match_lines(rec.get("reports_to", []), gold.get("reports_to", []))
    gd, pd = _derived_pairs(rec, gold)
    issuer_ok = sum(1 for p, g in pairs if _key(pred_c[p].get("issuer")) == _key(gold_c[g].get("issuer")))
    title_refs = [c for c in rec["citations"] if c.get("resolved_by") == "title"]
    return {
        "tp": len(pairs),
        "fp": len(pred_c) - len(pairs),
        "fn": len(gold_c) - len(pairs),
        "false_positives": _unmatched(pred_c, matched_p),
        "false_negatives": _unmatched(gold_c, matched_g),
        "implements_ok": impl_ok,
        "implements_total": len(pairs),
        "missed_implements": missed_impl,
        "extra_implements": extra_impl,
        "reporting_ok": sum(1 for _, _, ok in lines if ok),
        "reporting_total": len(lines),
        "reporting_wrong": [{"gold": g, "pred": p} for g, p, ok in lines if not ok],
        "reporting_extra": extra_lines,
        "derived_tp": len(gd & pd),
        "derived_gold": len(gd),
        "derived_pred": len(pd),
        "issuer_ok": issuer_ok,
        "title_refs": [c["code"] for c in title_refs],
        "title_refs_in_gold": sum(1 for c in title_refs if _in_gold(c, gold_c)),
    }


def _in_gold(c: dict, gold_c: list[dict]) -> bool:
    return any(c["code"] == g["code"] and c.get("date") == g.get("date") for g in gold_c)


def evaluate(gold_path: str | Path, seeds_dir: str | Path) -> dict[str, Any]:
    """Extract each seed plan the gold (shared/gold/seeds.json format) names and score it: citations,
    relations, reporting lines, derived relations, issuers.

    >>> import json, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Theo Chỉ thị số 05/CT-TTg ngày 1/2/2024.", encoding="utf-8")
    >>> g = {"a.txt": {"citations": [{"code": "05/CT-TTg", "date": "2024-02-01", "relation": "cites"}]}}
    >>> _ = (d / "gold.json").write_text(json.dumps(g), encoding="utf-8")
    >>> evaluate(d / "gold.json", d)["f1"]
    1.0
    """
    gold_all = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    files: dict[str, Any] = {}
    tot = dict(tp=0, fp=0, fn=0, impl_ok=0, impl_tot=0, rep_ok=0, rep_tot=0, der_tp=0, der_gold=0, der_pred=0,
               iss_ok=0, missed_impl=0, extra_impl=0, title=0, title_in_gold=0)
    for name, gold in sorted(gold_all.items()):
        path = Path(seeds_dir) / name
        rec = extract_file(path).to_json()
        s = score_file(rec, gold)
        files[name] = s
        tot["tp"] += s["tp"]
        tot["fp"] += s["fp"]
        tot["fn"] += s["fn"]
        tot["impl_ok"] += s["implements_ok"]
        tot["impl_tot"] += s["implements_total"]
        tot["missed_impl"] += len(s["missed_implements"])
        tot["extra_impl"] += len(s["extra_implements"])
        tot["rep_ok"] += s["reporting_ok"]
        tot["rep_tot"] += s["reporting_total"]
        tot["der_tp"] += s["derived_tp"]
        tot["der_gold"] += s["derived_gold"]
        tot["der_pred"] += s["derived_pred"]
        tot["iss_ok"] += s["issuer_ok"]
        tot["title"] += len(s["title_refs"])
        tot["title_in_gold"] += s["title_refs_in_gold"]
    def div(a, b):
        return (a / b) if b else 1.0
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
    """The seeds gold and the seeds folder: $VANBAN_SHARED, else the ``shared`` folder next to the repository.

    >>> gold, seeds = default_paths()
    >>> (gold.name, seeds.name)
    ('seeds.json', 'seeds')
    """
    import os
    env = os.environ.get("VANBAN_SHARED")
    base = Path(env) if env else (repo or Path(__file__).resolve().parents[1]).parent / "shared"
    return base / "gold" / "seeds.json", base / "seeds"


# ------------------------------------------------------------------------------------------------
# Gold in the real-plans format (shared/real-dev/gold.jsonl: one object per file, with the plan's
# own metadata under "doc"), scored as shared/tools/score_extract.py scores `vanban extract --json`.

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-"})
# a source typo the gold accepts either way
_CODE_ALTERNATIVES = {"33/TT-TTg": ("33/CT-TTg",)}
META_FIELDS = ("type", "code", "date", "level", "place", "issuer")
_NOTE = re.compile(r"\s*\(.*?\)")


def code_key(code: str | None) -> str:
    """A code as the gold compares it: NFC, no whitespace, en/em dashes read as "-", case-folded.

    >>> code_key("12/KH–UBND"), code_key(" 12 / kh-ubnd ")
    ('12/kh-ubnd', '12/kh-ubnd')
    """
    import unicodedata
    return "".join(unicodedata.normalize("NFC", code or "").translate(_DASHES).split()).casefold()


def _fold(s) -> str:
    import unicodedata
    t = unicodedata.normalize("NFC", str(s or "")).replace("Uỷ", "Ủy").replace("uỷ", "ủy")
    return " ".join(t.split()).casefold()


def meta_field_ok(name: str, gold: dict, doc: dict) -> bool:
    """Is the plan's own ``name`` right? (code/type/level exact; date: the gold a prefix; place: the
    gold's first component inside ours; issuer: the gold without its bracketed note, equal to ours or
    a prefix of the resolved one).

    >>> meta_field_ok("issuer", {"issuer": "UBND xã An Bình"}, {"issuer": "Ủy ban nhân dân xã An Bình"})
    False
    """
    g, p = gold.get(name), doc.get(name)
    if name == "code":
        return code_key(g) == code_key(p)
    if name == "date":
        return (g is None and p is None) or (g is not None and str(p or "").startswith(g))
    if name in ("type", "level"):
        return _fold(g) == _fold(p)
    if name == "place":
        if not g:
            return not p
        if "(" in g and not p:   # a place the gold infers from other documents
            return True
        return _fold(_NOTE.sub("", g).split(",")[0]) in _fold(p)
    if name == "issuer":
        if not g:
            return True
        core = _fold(_NOTE.sub("", g))
        resolved = _fold(doc.get("issuer_resolved"))
        return core in (_fold(p), resolved) or resolved.startswith(core)
    raise ValueError(name)


def load_gold(path: str | Path) -> dict[str, dict]:
    """file name -> gold object, from a .jsonl (one object a line, each with "file") or a JSON object.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
    >>> _ = p.write_text('{"file": "01.txt", "citations": []}\\n', encoding="utf-8")
    >>> load_gold(p)
    {'01.txt': {'file': '01.txt', 'citations': []}}
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        rows = [json.loads(ln) for ln in text.splitlines() if ln.strip()]
        return {r["file"]: r for r in rows}
    return json.loads(text)


def strip_source_header(text: str) -> str:
    """A real-dev file opens with "# source: URL", "# excerpt: …" and a blank line: drop those three.

    >>> strip_source_header("# source: https://example.org/kh\\n# excerpt: full\\n\\nKẾ HOẠCH\\n")
    'KẾ HOẠCH\\n'
    """
    if text.startswith("# source:"):
        return "".join(text.splitlines(keepends=True)[3:])
    return text


def _real_hit(gc: dict, preds: list[dict], used: set[int]) -> int | None:
    """The first unused prediction matching a gold citation: its code (or a known alternative) and the gold
    date a prefix of its date (a null gold date matches on the code)."""
    codes = {code_key(gc["code"])} | {code_key(a) for a in _CODE_ALTERNATIVES.get(gc["code"], ())}
    gd = gc.get("date")
    return next((i for i, pc in enumerate(preds) if i not in used and code_key(pc.get("code")) in codes
                 and (not gd or str(pc.get("date") or "").startswith(gd))), None)


def _score_real_citations(name: str, g: dict, rec: dict, lines: list[str]) -> tuple[int, int, int, int]:
    """(tp, fp, fn, relations right) of one file; what differs is told in ``lines``."""
    tp = fp = fn = rel_ok = 0
    preds = [c for c in rec.get("citations", []) if c.get("resolved_by", "code") != "title"]
    used: set[int] = set()
    for gc in g.get("citations", []):
        hit = _real_hit(gc, preds, used)
        if hit is None:
            fn += 1
            lines.append(f"missed   {name}: {gc['code']} {gc.get('date')}")
            continue
        used.add(hit)
        tp += 1
        if preds[hit].get("relation") == gc["relation"]:
            rel_ok += 1
        else:
            lines.append(f"relation {name}: {gc['code']} gold {gc['relation']}, got {preds[hit].get('relation')}")
    for i, pc in enumerate(preds):
        if i not in used:
            fp += 1
            lines.append(f"extra    {name}: {pc.get('code')} {pc.get('date')}")
    return tp, fp, fn, rel_ok


def score_real(records: dict[str, dict], gold: dict[str, dict]) -> dict[str, Any]:
    """Score extraction JSON (file name -> record) against real-plans gold: citations matched one to one
    on (code, date) with the gold date a prefix of ours (a null gold date matches on the code), title-only
    references left out; relation accuracy over the matched ones; the plan's metadata per field.

    >>> gold = {"a.txt": {"citations": [{"code": "5/CT-TTg", "date": "2024", "relation": "implements"}],
    ...                   "doc": {}}}
    >>> rec = {"citations": [{"code": "5/CT-TTg", "date": "2024-02-01", "relation": "cites"}], "document": {}}
    >>> r = score_real({"a.txt": rec}, gold)
    >>> r["precision"], r["recall"], r["relation_accuracy"], r["lines"][-1]
    (1.0, 1.0, 0.0, 'relation a.txt: 5/CT-TTg gold implements, got cites')
    """
    tp = fp = fn = rel_ok = 0
    lines: list[str] = []
    meta = dict.fromkeys(META_FIELDS, 0)
    for name, g in gold.items():
        rec = records.get(name) or {}
        counts = _score_real_citations(name, g, rec, lines)
        tp, fp, fn, rel_ok = (a + b for a, b in zip((tp, fp, fn, rel_ok), counts, strict=True))
        doc = rec.get("document") or {}
        for f in META_FIELDS:
            if meta_field_ok(f, g.get("doc", {}), doc):
                meta[f] += 1
            else:
                lines.append(f"doc.{f:<7}{name}: gold {g.get('doc', {}).get(f)!r}, got {doc.get(f)!r}")
    n = len(gold)
    return {"precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn) if tp + fn else 0.0,
            "relation_accuracy": rel_ok / tp if tp else 0.0, "tp": tp, "fp": fp, "fn": fn, "docs": n,
            "metadata": meta, "lines": sorted(lines)}


def evaluate_real(gold_path: str | Path, plans_dir: str | Path) -> dict[str, Any]:
    """Extract every file the gold names from ``plans_dir`` (its source header skipped) and score it.

    >>> import json, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "01.txt").write_text("# source: x\\n# excerpt: full\\n\\nTheo Chỉ thị số 05/CT-TTg.", encoding="utf-8")
    >>> gold = {"file": "01.txt", "citations": [{"code": "05/CT-TTg", "date": None, "relation": "cites"}], "doc": {}}
    >>> _ = (d / "gold.jsonl").write_text(json.dumps(gold) + "\\n", encoding="utf-8")
    >>> r = evaluate_real(d / "gold.jsonl", d)
    >>> r["precision"], r["recall"]
    (1.0, 1.0)
    """
    from .pipeline import extract_text
    from .read import read_source
    gold = load_gold(gold_path)
    records: dict[str, dict] = {}
    for name in gold:
        path = Path(plans_dir) / name
        if not path.is_file():
            continue          # scored as all missed, like a file the extraction left out
        src = read_source(path)
        records[name] = extract_text(strip_source_header(src.text), file=str(path)).to_json()
    return score_real(records, gold)


def report_real(rep: dict[str, Any]) -> str:
    """The scorer's printout: each miss, extra, wrong relation and field, then the totals.

    >>> rep = score_real({}, {"a.txt": {"citations": [{"code": "5/KH", "date": None, "relation": "cites"}]}})
    >>> print(report_real(rep))
    missed   a.txt: 5/KH None
    metadata: type 1/1, code 1/1, date 1/1, level 1/1, place 1/1, issuer 1/1
    precision 0.000 recall 0.000 relation-accuracy 0.000 (tp 0 fp 0 fn 1) over 1 docs
    """
    n = rep["docs"]
    out = list(rep["lines"])
    out.append("metadata: " + ", ".join(f"{f} {rep['metadata'][f]}/{n}" for f in META_FIELDS))
    out.append(f"precision {rep['precision']:.3f} recall {rep['recall']:.3f} relation-accuracy "
               f"{rep['relation_accuracy']:.3f} (tp {rep['tp']} fp {rep['fp']} fn {rep['fn']}) over {n} docs")
    return "\n".join(out)
