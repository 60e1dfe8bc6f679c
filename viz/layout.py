"""Precomputed positions for the viewer, so the browser never runs physics.

Rows by level, top to bottom: Trung ương, Tỉnh, Huyện, Xã, then "level
unknown". Each level is a band of two rows: its documents (plans,
directives), then the bodies (issuers, units) just below them, so an issuer
sits next to the documents it issued.

x comes from a cheap layered layout: an initial order by place and date,
then a few barycentric sweeps (each node moves towards the mean x of its
neighbours in the other rows), then a placement that keeps a minimum gap.
A row too long for the picture wraps into several lines, filled column by
column so that x still follows the order. Everything is O(sweeps * edges +
rows * n log n): 20k edges take a fraction of a second.

>>> out = layout([{"id": "a", "kind": "plan", "level": "commune"},
...               {"id": "b", "kind": "plan", "level": "district"},
...               {"id": "c", "kind": "directive", "level": "central"}],
...              [{"source": "a", "target": "b"}, {"source": "b", "target": "c"}])
>>> out["pos"]["c"][1] < out["pos"]["b"][1] < out["pos"]["a"][1]
True
>>> [b["label"] for b in out["bands"]]
['Trung ương', 'Huyện', 'Xã']
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from vanban.graph import schema as S

UNKNOWN_RANK = 4
RANK_LEVEL = {v: k for k, v in S.LEVEL_RANK.items()}
RANK_LABEL = {**{S.LEVEL_RANK[k]: v for k, v in S.LEVEL_VI.items()}, UNKNOWN_RANK: "Không rõ cấp"}

ASPECT = 1.7         # the picture's width / height we aim at (a landscape screen)
SPACING = 200        # minimum horizontal gap between two nodes of a row (px)
LINE_H = 95          # height of one line of a wrapped row
DOC_TO_BODY = 120    # from the documents row down to the bodies row of a level
BAND_GAP = 60        # between the last line of a level and the next level
EDGE_WEIGHT = {S.ISSUED_BY: 3.0, S.IMPLEMENTS: 2.0, S.PART_OF: 2.0}


def node_rank(n: dict[str, Any]) -> int | None:
    lvl = n.get("level")
    if lvl in S.LEVEL_RANK:
        return S.LEVEL_RANK[lvl]
    if n.get("central"):
        return 0
    return None


def per_line_for(row_sizes: list[int], n_bands: int, aspect: float = ASPECT) -> int:
    """How many nodes one line holds before a row wraps: the width that makes
    the whole picture closest to `aspect` (width / height), like a screen."""
    if not row_sizes:
        return 1
    best, best_err = max(row_sizes), float("inf")
    for k in range(4, max(row_sizes) + 1):
        width = min(k, max(row_sizes)) * SPACING
        height = sum(math.ceil(n / k) for n in row_sizes) * LINE_H + n_bands * BAND_GAP \
            + len(row_sizes) * (DOC_TO_BODY - LINE_H) / 2
        err = abs(math.log(width / max(height, 1.0)) - math.log(aspect))
        if err < best_err - 1e-9:
            best, best_err = k, err
    return best


def layout(nodes: list[dict[str, Any]], edges: Iterable[dict[str, Any]], *, sweeps: int = 4,
           per_line: int | None = None) -> dict[str, Any]:
    """Positions {id: [x, y]} and the level bands [{level, label, y0, y1}]."""
    ids = [n["id"] for n in nodes]
    index = {nid: i for i, nid in enumerate(ids)}
    nbrs: list[dict[int, float]] = [defaultdict(float) for _ in ids]
    for e in edges:
        a, b = index.get(e["source"]), index.get(e["target"])
        if a is None or b is None or a == b:
            continue
        nbrs[a][b] += EDGE_WEIGHT.get(e.get("type"), 1.0)
        nbrs[b][a] += EDGE_WEIGHT.get(e.get("type"), 1.0)

    # Level of each node; unknown levels follow the majority of the neighbours.
    rank = [node_rank(n) for n in nodes]
    for _ in range(2):
        for i, r in enumerate(rank):
            if r is None:
                votes = Counter(rank[j] for j in nbrs[i] if rank[j] is not None)
                if votes:
                    rank[i] = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    rank = [UNKNOWN_RANK if r is None else r for r in rank]
    # Neighbours on the next level pull hardest: a commune plan sits under its
    # district plan rather than under the central directive it also cites.
    for i, nb in enumerate(nbrs):
        for j in nb:
            if abs(rank[i] - rank[j]) > 1:
                nb[j] *= 0.15

    rows: dict[tuple[int, int], list[int]] = defaultdict(list)
    row_of: list[tuple[int, int]] = []
    for i, n in enumerate(nodes):
        key = (rank[i], 0 if n.get("kind") in S.DOCUMENT_KINDS else 1)
        rows[key].append(i)
        row_of.append(key)
    row_keys = sorted(rows)
    kind_order = {k: i for i, k in enumerate(S.NODE_KINDS)}
    for key in row_keys:
        rows[key].sort(key=lambda i: (str(nodes[i].get("place") or ""), kind_order.get(nodes[i].get("kind"), 9),
                                      str(nodes[i].get("date") or ""), ids[i]))
    per_line = per_line or per_line_for([len(rows[k]) for k in row_keys], len({k[0] for k in row_keys}))

    x = [0.0] * len(nodes)
    line = [0] * len(nodes)

    def place(order: list[int], desired: list[float] | None) -> None:
        n = len(order)
        if n > per_line:
            lines = int(math.ceil(n / per_line))
            cols = int(math.ceil(n / lines))
            for k, i in enumerate(order):
                x[i] = (k // lines - (cols - 1) / 2) * SPACING
                line[i] = k % lines
            return
        if desired is None:
            for k, i in enumerate(order):
                x[i] = (k - (n - 1) / 2) * SPACING
                line[i] = 0
            return
        half = (per_line - 1) * SPACING / 2   # a row never gets wider than a wrapped one
        desired = [min(max(d, -half), half) for d in desired]
        xs: list[float] = []
        for k in range(n):
            xs.append(desired[k] if k == 0 else max(desired[k], xs[-1] + SPACING))
        shift = sum(xs[k] - desired[k] for k in range(n)) / n
        xs = [v - shift for v in xs]
        if xs[-1] > half or xs[0] < -half:   # pushed past an edge: slide back inside
            over = max(xs[-1] - half, 0.0) - max(-half - xs[0], 0.0)
            xs = [v - over for v in xs]
        for k, i in enumerate(order):
            x[i] = xs[k]
            line[i] = 0

    for key in row_keys:
        place(rows[key], None)

    def sweep(keys: list[tuple[int, int]]) -> None:
        for key in keys:
            order = rows[key]
            bary = []
            for pos, i in enumerate(order):
                tot = wsum = 0.0
                for j, w in nbrs[i].items():
                    if row_of[j] != key:
                        tot += x[j] * w
                        wsum += w
                bary.append((tot / wsum if wsum else x[i], pos, i))
            bary.sort()
            rows[key] = [i for _, _, i in bary]
            place(rows[key], [b for b, _, _ in bary])

    for s in range(sweeps):
        sweep(row_keys if s % 2 == 0 else row_keys[::-1])
    # Centre the picture on x = 0.
    if x:
        mid = (min(x) + max(x)) / 2
        x = [v - mid for v in x]

    # y: bands per level, rows within a band, lines within a row.
    pos: dict[str, list[int]] = {}
    bands: list[dict[str, Any]] = []
    y = 0.0
    for r in sorted({k[0] for k in row_keys}):
        y0 = y
        for sub in (0, 1):
            order = rows.get((r, sub))
            if not order:
                continue
            if sub == 1 and y > y0:
                y += DOC_TO_BODY - LINE_H
            n_lines = max(line[i] for i in order) + 1
            for i in order:
                pos[ids[i]] = [int(round(x[i])), int(round(y + line[i] * LINE_H))]
            y += n_lines * LINE_H
        y += BAND_GAP
        bands.append({"level": RANK_LEVEL.get(r, "unknown"), "label": RANK_LABEL[r],
                      "y0": int(y0 - LINE_H / 2 - BAND_GAP / 2), "y1": int(y - LINE_H / 2 - BAND_GAP / 2)})
    return {"pos": pos, "bands": bands, "spacing": SPACING, "line_h": LINE_H}
