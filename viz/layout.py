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
    nbrs = _weighted_neighbours(ids, edges)
    rank = _levels(nodes, nbrs)
    _weaken_distant_levels(nbrs, rank)
    rows, row_of = _rows(nodes, ids, rank)
    row_keys = sorted(rows)
    per_line = per_line or per_line_for([len(rows[k]) for k in row_keys], len({k[0] for k in row_keys}))

    rp = _RowPlacer(len(nodes), per_line)
    for key in row_keys:
        rp.place(rows[key], None)
    for s in range(sweeps):
        for key in (row_keys if s % 2 == 0 else row_keys[::-1]):
            _sweep_row(rows, key, row_of, nbrs, rp)
    x = rp.x
    # Centre the picture on x = 0.
    if x:
        mid = (min(x) + max(x)) / 2
        x = [v - mid for v in x]
    pos, bands = _bands(rows, row_keys, ids, x, rp.line)
    return {"pos": pos, "bands": bands, "spacing": SPACING, "line_h": LINE_H}


def _weighted_neighbours(ids: list[str], edges: Iterable[dict[str, Any]]) -> list[dict[int, float]]:
    """For each node (by index), its neighbours' indexes and the summed weight of the edges between them."""
    index = {nid: i for i, nid in enumerate(ids)}
    nbrs: list[dict[int, float]] = [defaultdict(float) for _ in ids]
    for e in edges:
        a, b = index.get(e["source"]), index.get(e["target"])
        if a is None or b is None or a == b:
            continue
        nbrs[a][b] += EDGE_WEIGHT.get(e.get("type"), 1.0)
        nbrs[b][a] += EDGE_WEIGHT.get(e.get("type"), 1.0)
    return nbrs


def _levels(nodes: list[dict[str, Any]], nbrs: list[dict[int, float]]) -> list[int]:
    """The level rank of each node; unknown levels follow the majority of the neighbours
    (two rounds, so a level can pass on one more step), else UNKNOWN_RANK."""
    rank = [node_rank(n) for n in nodes]
    for _ in range(2):
        for i, r in enumerate(rank):
            if r is None:
                votes = Counter(rank[j] for j in nbrs[i] if rank[j] is not None)
                if votes:
                    rank[i] = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return [UNKNOWN_RANK if r is None else r for r in rank]


def _weaken_distant_levels(nbrs: list[dict[int, float]], rank: list[int]) -> None:
    """Neighbours on the next level pull hardest: a commune plan sits under its
    district plan rather than under the central directive it also cites."""
    for i, nb in enumerate(nbrs):
        for j in nb:
            if abs(rank[i] - rank[j]) > 1:
                nb[j] *= 0.15


def _rows(nodes: list[dict[str, Any]], ids: list[str],
          rank: list[int]) -> tuple[dict[tuple[int, int], list[int]], list[tuple[int, int]]]:
    """The rows {(level rank, 0 documents / 1 bodies): node indexes} in their initial order
    (place, kind, date, id), and the row of each node."""
    rows: dict[tuple[int, int], list[int]] = defaultdict(list)
    row_of: list[tuple[int, int]] = []
    for i, n in enumerate(nodes):
        key = (rank[i], 0 if n.get("kind") in S.DOCUMENT_KINDS else 1)
        rows[key].append(i)
        row_of.append(key)
    kind_order = {k: i for i, k in enumerate(S.NODE_KINDS)}
    for key in sorted(rows):
        rows[key].sort(key=lambda i: (str(nodes[i].get("place") or ""), kind_order.get(nodes[i].get("kind"), 9),
                                      str(nodes[i].get("date") or ""), ids[i]))
    return rows, row_of


class _RowPlacer:
    """x and line (within a wrapped row) of every node, set one row at a time."""

    def __init__(self, n: int, per_line: int):
        self.x = [0.0] * n
        self.line = [0] * n
        self.per_line = per_line

    def place(self, order: list[int], desired: list[float] | None) -> None:
        """Place a row in `order`: wrapped when too long, else evenly spaced (no `desired`)
        or as close to `desired` as the minimum gap allows."""
        if len(order) > self.per_line:
            self._wrap(order)
        elif desired is None:
            n = len(order)
            for k, i in enumerate(order):
                self.x[i] = (k - (n - 1) / 2) * SPACING
                self.line[i] = 0
        else:
            for i, xi in zip(order, self._near(desired), strict=True):
                self.x[i] = xi
                self.line[i] = 0

    def _wrap(self, order: list[int]) -> None:
        """Several lines filled column by column, so that x still follows the order."""
        n = len(order)
        lines = int(math.ceil(n / self.per_line))
        cols = int(math.ceil(n / lines))
        for k, i in enumerate(order):
            self.x[i] = (k // lines - (cols - 1) / 2) * SPACING
            self.line[i] = k % lines

    def _near(self, desired: list[float]) -> list[float]:
        """x of one line as close to `desired` (in order) as a gap of SPACING allows."""
        n = len(desired)
        half = (self.per_line - 1) * SPACING / 2   # a row never gets wider than a wrapped one
        desired = [min(max(d, -half), half) for d in desired]
        xs: list[float] = []
        for k in range(n):
            xs.append(desired[k] if k == 0 else max(desired[k], xs[-1] + SPACING))
        shift = sum(xs[k] - desired[k] for k in range(n)) / n
        xs = [v - shift for v in xs]
        if xs[-1] > half or xs[0] < -half:   # pushed past an edge: slide back inside
            over = max(xs[-1] - half, 0.0) - max(-half - xs[0], 0.0)
            xs = [v - over for v in xs]
        return xs


def _sweep_row(rows: dict[tuple[int, int], list[int]], key: tuple[int, int], row_of: list[tuple[int, int]],
               nbrs: list[dict[int, float]], rp: _RowPlacer) -> None:
    """One barycentric step for row `key`: order its nodes by the mean x of their
    neighbours in the other rows (weighted; a node without any keeps its x), then place them there."""
    x = rp.x
    bary = []
    for pos, i in enumerate(rows[key]):
        tot = wsum = 0.0
        for j, w in nbrs[i].items():
            if row_of[j] != key:
                tot += x[j] * w
                wsum += w
        bary.append((tot / wsum if wsum else x[i], pos, i))
    bary.sort()
    rows[key] = [i for _, _, i in bary]
    rp.place(rows[key], [b for b, _, _ in bary])


def _bands(rows: dict[tuple[int, int], list[int]], row_keys: list[tuple[int, int]], ids: list[str],
           x: list[float], line: list[int]) -> tuple[dict[str, list[int]], list[dict[str, Any]]]:
    """y: bands per level, rows within a band, lines within a row; the positions and the bands."""
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
    return pos, bands
