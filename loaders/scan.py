"""Where literal triggers start in a text: one interface, a plain implementation and a fast one.

A stage that looks for a pattern led by one of a set of literal words (a level word before a place
name, the header's "Số", a section heading's words) reads where they start, then matches its own pattern
only there. The plan-wide trigger words (the vocabulary's groups) are found for every group in one pass,
the first time a stage asks for the text being read (:func:`triggers`); a search in a part of a text asks
:func:`scanner`, built from its words. Both implementations give the same starts
(``tests/test_loaders_scan.py`` checks it with hypothesis):

* :class:`PlainScanner`: ``str.find`` for each literal, the starts merged. No dependency.
* :class:`AhoCorasickScanner`: one pass of an Aho-Corasick automaton (pyahocorasick, BSD-3) over the
  text for all the literals at once; used by :func:`scanner` when pyahocorasick is installed and the
  literals are many enough for one pass to beat a ``str.find`` per literal (``AUTOMATON_FROM``).

Measured on 400 plans of the 1,000-plan generated corpus (``bench/bench_scanner.py``): for the nine
level words, per plan, Aho-Corasick 27 µs, ``str.find`` per literal 32 µs, a regex per first character
(the hand-written trick the scanner replaced) 24 µs, one regex alternation 37 µs, google-re2 111 µs;
Hyperscan 14 µs but on UTF-8 bytes, whose offsets must then be mapped back to characters.

The regex engine's two speed-ups for patterns that are not led by literal words are written here
too, once (:func:`led_by_each`, :func:`starts_of`).

>>> scanner(("xã", "thị xã")).starts("UBND thị xã Sơn Tây, xã Đường Lâm")
[5, 9, 21]
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .vocab import VOCAB

try:   # (optional: the plain scanner gives the same starts)
    import ahocorasick
except ImportError:   # pragma: no cover - exercised where pyahocorasick is not installed
    ahocorasick = None


class PlainScanner:
    """The starts of ``literals`` in a text, by ``str.find`` of each.

    >>> PlainScanner(("ab", "b")).starts("abab"), PlainScanner(("ab", "b")).first("xxab")
    ([0, 1, 2, 3], 2)
    """

    def __init__(self, literals):
        self.literals = tuple(dict.fromkeys(w for w in literals if w))

    def starts(self, text: str, pos: int = 0, endpos: int | None = None) -> list[int]:
        """Every position in ``[pos, endpos)`` where a literal starts and ends by ``endpos``, in order, once each.

        >>> PlainScanner(("xã", "thị xã")).starts("thị xã Sơn Tây, xã Đường Lâm", 1, 18)
        [4, 16]
        """
        end = len(text) if endpos is None else endpos
        found: set[int] = set()
        for w in self.literals:
            i = text.find(w, pos, end)
            while i != -1:
                found.add(i)
                i = text.find(w, i + 1, end)
        return sorted(found)

    def hits(self, text: str) -> list[tuple[int, str]]:
        """Every occurrence of a literal in ``text`` as (start, literal), overlapping ones too, in no set order.

        >>> sorted(PlainScanner(("xã", "thị xã")).hits("thị xã"))
        [(0, 'thị xã'), (4, 'xã')]
        """
        out = []
        for w in self.literals:
            out.extend((i, w) for i in find_all(text, w))
        return out

    def first(self, text: str) -> int | None:
        """Where the first literal in ``text`` starts; None when none is there.

        >>> PlainScanner(("KT.", "TM.")).first("Nơi nhận: … TM. ỦY BAN; KT. CHỦ TỊCH"), PlainScanner(("KT.",)).first("")
        (12, None)
        """
        best = None
        for w in self.literals:
            i = text.find(w) if best is None else text.find(w, 0, best + len(w) - 1)
            if i != -1 and (best is None or i < best):
                best = i
        return best


class AhoCorasickScanner(PlainScanner):
    """The same starts as :class:`PlainScanner`, found in one pass of an Aho-Corasick automaton.

    >>> AhoCorasickScanner(("ab", "b")).starts("abab")
    [0, 1, 2, 3]
    """

    def __init__(self, literals):
        super().__init__(literals)
        self._automaton = ahocorasick.Automaton()
        for w in self.literals:
            self._automaton.add_word(w, w)
        self._automaton.make_automaton()
        self._longest = max(map(len, self.literals), default=0)

    def starts(self, text: str, pos: int = 0, endpos: int | None = None) -> list[int]:
        """Every position in ``[pos, endpos)`` where a literal starts and ends by ``endpos``, in order, once each.

        >>> AhoCorasickScanner(("xã", "thị xã")).starts("thị xã Sơn Tây, xã Đường Lâm", 1, 18)
        [4, 16]
        """
        if not self.literals:
            return []
        end = len(text) if endpos is None else endpos
        # the automaton reports each occurrence at its last character, longer ones after shorter
        return sorted({e - len(w) + 1 for e, w in self._automaton.iter(text, pos, end)})

    def hits(self, text: str) -> list[tuple[int, str]]:
        """Every occurrence of a literal in ``text`` as (start, literal), in one pass.

        >>> sorted(AhoCorasickScanner(("xã", "thị xã")).hits("thị xã"))
        [(0, 'thị xã'), (4, 'xã')]
        """
        if not self.literals:
            return []
        return [(e - len(w) + 1, w) for e, w in self._automaton.iter(text)]

    def first(self, text: str) -> int | None:
        """Where the first literal in ``text`` starts; None when none is there.

        >>> AhoCorasickScanner(("KT.", "TM.")).first("Nơi nhận: … TM. ỦY BAN; KT. CHỦ TỊCH")
        12
        """
        best = None
        for e, w in self._automaton.iter(text) if self.literals else ():
            if best is not None and e - self._longest + 1 > best:
                break   # (no later occurrence can start before it)
            s = e - len(w) + 1
            if best is None or s < best:
                best = s
        return best


# below this many literals a few str.find calls (two-way search in C) beat one automaton pass: per plan,
# 2 literals 5 µs plain vs 12 µs Aho-Corasick, 5 literals 17 vs 21, 9 literals 32 vs 26, 20 literals 47 vs 28
AUTOMATON_FROM = 8


@lru_cache(maxsize=64)
def scanner(literals: tuple[str, ...]):
    """The scanner for these literals: Aho-Corasick for ``AUTOMATON_FROM`` literals or more when
    pyahocorasick is installed, else the plain one.

    >>> scanner(("TM.", "KT.")).first("Nơi nhận: … KT. CHỦ TỊCH")
    12
    """
    fast = ahocorasick is not None and len(set(literals)) >= AUTOMATON_FROM
    return (AhoCorasickScanner if fast else PlainScanner)(literals)


# --- a memo for the text being read ---------------------------------------------------------


def per_text(fn):
    """``fn(text)`` computed once for the text being read when several calls of one extraction ask for it:
    remembered for the last text only, keyed by the object itself (a hash + length key could mistake
    another text for it, and a re-read of the same file must not skip the work: benchmarks repeating
    files would measure less than one extraction's work).

    >>> calls = []
    >>> @per_text
    ... def words(text):
    ...     calls.append(text)
    ...     return text.split()
    >>> t = "a b"
    >>> words(t) is words(t), len(calls)
    (True, 1)
    """
    last: list = [(None, None)]   # one (text, result) pair, replaced whole: another thread (the API reads
    # uploads in a pool) never sees one text with another's result

    def run(text: str):
        seen, result = last[0]
        if seen is not text:
            result = fn(text)
            last[0] = (text, result)
        return result
    run.__name__, run.__doc__ = fn.__name__, fn.__doc__
    return run


# --- the trigger table: every group of trigger words, found in one pass over a plan -------------


class TriggerScanner:
    """Finds every group of trigger words in one scanner pass (``VOCAB.triggers``: level words before a
    place, the header's "Số", a basis heading's "Căn cứ", "Tổ chức thực hiện", "Nơi nhận", a signature's
    position words); built once from the groups, like the scanner it uses.

    >>> ts = TriggerScanner({"level": ("xã", "thị xã"), "own_number": ("Số",)})
    >>> t = ts.table("UBND thị xã Sơn Tây\\nSố: 12/KH-UBND")
    >>> t.starts("level"), t.starts("own_number"), t.starts("level", 6, 11)
    ([5, 9], [20], [9])
    """

    def __init__(self, groups, scan=None):
        self.groups = tuple(groups)
        groups_of: dict[str, list[str]] = {}
        for g, words in groups.items():
            for w in words:
                groups_of.setdefault(w, []).append(g)
        self._groups_of = {w: tuple(gs) for w, gs in groups_of.items()}
        self._scanner = scan or scanner(tuple(groups_of))

    def table(self, text: str) -> Triggers:
        """The :class:`Triggers` of ``text``: one pass of the scanner, each hit filed under its groups.

        >>> TriggerScanner({"a": ("ab",), "b": ("b", "ab")}).table("abab").starts("b")
        [0, 1, 2, 3]
        """
        shortest: dict[str, dict[int, int]] = {g: {} for g in self.groups}   # start -> its shortest word's length
        groups_of = self._groups_of
        for s, w in self._scanner.hits(text):
            n = len(w)
            for g in groups_of[w]:
                seen = shortest[g]
                if seen.get(s, n) >= n:
                    seen[s] = n
        return Triggers(shortest)


class Triggers:
    """Where each group of trigger words starts in one text (made by :meth:`TriggerScanner.table`); the
    stages that look for them read it instead of each scanning the text again.

    >>> t = Triggers({"recipients": {13: 8, 0: 8}})
    >>> t.starts("recipients"), t.starts("recipients", 1), t.starts("recipients", 0, 20)
    ([0, 13], [13], [0])
    """

    __slots__ = ("_starts", "_shortest")

    def __init__(self, shortest: dict[str, dict[int, int]]):
        self._shortest = shortest   # group -> {start: the shortest word's length there}
        self._starts: dict[str, list[int]] = {}

    def starts(self, group: str, pos: int = 0, endpos: int | None = None) -> list[int]:
        """Where the group's words start in ``[pos, endpos)`` (and end by ``endpos``), in order, once
        each: what ``scanner(words).starts(text, pos, endpos)`` gives.

        >>> ts = TriggerScanner({"recipients": ("Nơi nhận", "NƠI NHẬN")})
        >>> ts.table("Nơi nhận: …; NƠI NHẬN").starts("recipients", 1)
        [13]
        """
        found = self._starts.get(group)
        if found is None:   # (sorted when first asked: most plans ask for a few groups only)
            found = self._starts[group] = sorted(self._shortest[group])
        if pos == 0 and endpos is None:
            return found
        lo = bisect_left(found, pos)
        if endpos is None:
            return found[lo:]
        n = self._shortest[group]
        return [s for s in found[lo:bisect_left(found, endpos)] if s + n[s] <= endpos]


_VOCAB_TRIGGERS = TriggerScanner(VOCAB.triggers)


@per_text
def triggers(text: str) -> Triggers:
    """The trigger table of ``text`` for the vocabulary's groups (``VOCAB.triggers``), built once for the
    text being read: the first stage that asks scans, the later ones read the same table.

    >>> triggers("xã Đường Lâm; Nơi nhận:").starts("level"), triggers("Nơi nhận:").starts("recipients")
    ([0], [0])
    """
    return _VOCAB_TRIGGERS.table(text)


# --- literal-led searches: a pattern's matches found from its literals' occurrences -------------


def find_all(text: str, lit: str, start: int = 0, end: int | None = None) -> list[int]:
    """Every start of ``lit`` in ``text[start:end]`` (overlapping ones too), by ``str.find``.

    >>> find_all("aaa", "aa"), find_all("số 1, số 2", "số", 1)
    ([0, 1], [6])
    """
    out = []
    find = text.find
    stop = len(text) if end is None else end
    i = find(lit, start, stop)
    while i != -1:
        out.append(i)
        i = find(lit, i + 1, stop)
    return out


def finditer_at(pattern: re.Pattern, text: str, firsts=(), start: int = 0, end: int | None = None, cands=None):
    """The matches of ``pattern.finditer(text, start, end)`` when every match starts with one of the
    literal strings ``firsts`` (the caller's promise) and none is empty.

    The regex engine scans a pattern that starts with a character class or an alternation one
    character at a time; the scanner (above) finds the literals much faster. Candidates are tried
    in text order with ``pattern.match`` (lookbehinds still see the text before), and one inside
    the previous match is skipped, as ``finditer`` would. ``cands``: sorted candidate positions found
    by the caller (a superset of the match starts) instead of ``firsts``.

    >>> p = re.compile(r"Quy\\s+chế|quy\\s+chế")
    >>> [m.group(0) for m in finditer_at(p, "quy định, Quy  chế và quy chế", ("Quy", "quy"))]
    ['Quy  chế', 'quy chế']
    """
    stop = len(text) if end is None else end
    if cands is None:
        cands = scanner(tuple(firsts)).starts(text, start, stop)
    last = start
    match = pattern.match
    for i in cands:
        if i < last:
            continue
        m = match(text, i, stop)
        if m is not None:
            yield m
            last = m.end()


def search_line_start(
    pattern: re.Pattern, text: str, lits, pos: int = 0, occs: list[int] | None = None
) -> re.Match | None:
    """``pattern.search(text, pos)`` for a MULTILINE pattern of the form ``^\\s*(?:LIT|LIT…)…``
    (``lits``: the literals), found from the literals' occurrences instead of trying ``^`` at every
    position.

    A match of such a pattern starts at a line start L ≥ pos with only whitespace from L to a
    literal
    for each occurrence (in text order) the earliest such L is tried with ``pattern.match``.
    Later occurrences give later starts, so the first success is the leftmost match.

    >>> p = re.compile(r"^\\s*(?:Nơi nhận|NƠI NHẬN)\\b", re.M)
    >>> t = "a Nơi nhận\\n  \\n  Nơi nhận:"
    >>> search_line_start(p, t, ("Nơi nhận", "NƠI NHẬN")).span() == p.search(t).span()
    True
    """
    first = 0
    if occs is None:
        occs = scanner(tuple(lits)).starts(text, pos)
    else:   # the literals' occurrences in the whole text, sorted, found once by a caller searching repeatedly
        first = bisect_left(occs, pos)
    for j in range(first, len(occs)):
        occ = occs[j]
        w = occ
        while w > pos and text[w - 1].isspace():
            w -= 1
        if w == 0 or text[w - 1] == "\n":
            start = w
        else:
            k = text.find("\n", w, occ)
            if k == -1:
                continue
            start = k + 1
        m = pattern.match(text, start)
        if m is not None:
            return m
    return None


def class_of(pred) -> str:
    """A regex character class body of the BMP letters near Latin (Latin-1, Latin Extended, Vietnamese)
    and the typographic marks plans use, for which ``pred`` holds: for lookaheads that let a pattern
    skip the places its caller's Python code would reject anyway.

    >>> re.fullmatch("[" + class_of(str.isupper) + "]+", "ĐẮK") is not None, class_of(str.isdecimal)
    (True, '0123456789')
    """
    cands = [chr(c) for c in range(0x21, 0x250)] + [chr(c) for c in range(0x1E00, 0x1F00)] + list("–—•“”‘’…")
    return "".join(re.escape(c) for c in cands if pred(c))


# --- the regex engine's two speed-ups, written once ----------------------------------------------
# A pattern that starts with a character class, an alternation or a lookbehind is tried at every
# position; one that starts with a literal character is skipped to in a tight C loop (5-10x faster).


def led_by_each(chars: str, after: str) -> tuple[re.Pattern, ...]:
    r"""``"[chars]" + after`` as one pattern per leading character: their matches, merged in text order,
    are the class pattern's when no two of them overlap (the callers' patterns cannot).

    >>> [m.group() for p in led_by_each("-/", r"\s") for m in p.finditer("a- b/ c-d")]
    ['- ', '/ ']
    """
    return tuple(re.compile(re.escape(c) + after) for c in chars)


def not_after(before: str, first: str, rest: str, flags: int = 0) -> re.Pattern:
    r"""``(?<!before)`` + ``first`` + ``rest``, when ``first`` is one character (a class): written with the
    class first and the lookbehind after it, so that the engine skips to that character in C instead of
    trying the lookbehind at every position. The same matches.

    >>> p = not_after(r"[\w/]", "[0-9]", r"[0-9]*(?= của)")
    >>> [m.group() for m in p.finditer("Nghị quyết 01 của HĐND, số 3/01 của")]
    ['01']
    >>> print(p.pattern)
    [0-9](?<![\w/][0-9])[0-9]*(?= của)
    """
    return re.compile(first + "(?<!" + before + first + ")" + rest, flags)


def starts_of(pattern: re.Pattern, first: str) -> re.Pattern:
    r"""A pattern whose matches start where ``pattern``'s do (only their starts are meant), when every
    match of ``pattern`` starts with a character of the class ``first``: that character is taken, then a
    one-character lookbehind holding ``pattern`` as a lookahead checks the match from there.

    >>> code = re.compile(r"(?<!\w)\d+/KH")
    >>> starts_of(code, r"\d").search("số 12/KH").start() == code.search("số 12/KH").start()
    True
    """
    return re.compile(first + r"(?<=(?=" + pattern.pattern + r")[\s\S])", pattern.flags)


def led_by_each_or_after(chars: str, after: str, first: str, then: str, name: str) -> tuple[re.Pattern, ...]:
    r"""``led_by_each(chars, after)`` that also finds the matches of ``first + "[chars]" + then``, a pattern
    led by a frequent character or class ``first`` (a space) before one of ``chars``: each character's pattern takes it,
    then either ``after`` or, ``first`` standing before it (a lookbehind), ``then``. No scan of its own for
    the second pattern, and no stop at every space. A match of the second kind is told by its group
    ``name`` and starts one character after the plain pattern's match (at the character of ``chars``).
    The same matches when ``after`` and ``then`` cannot both match at one place and neither can match
    a character of ``chars``.

    >>> ps = led_by_each_or_after("-/", r"\s", " ", "[A-Z]", "sp")
    >>> [(m.start(), m.group(), m.lastgroup) for p in ps for m in p.finditer("a- b -C /D")]
    [(1, '- ', None), (5, '-C', 'sp'), (8, '/D', 'sp')]
    """
    return led_by_each(chars, "(?:" + after + "|(?P<" + name + ">(?<=" + first + "[" + re.escape(chars) + "])"
                       + then + "))")


# --- an alternation's match starts, from each branch's own search --------------------------------


def match_starts(patterns, text: str) -> list[int]:
    r"""Every position where one of ``patterns`` matches (overlapping matches too), in order, once each:
    where their alternation ``A|B|…`` matches, as ``cands`` for :func:`finditer_at`. Each pattern led by
    a literal is skipped to in C; the alternation would be tried at every position.

    >>> ps = [re.compile(r"Quy\s+chế"), re.compile(r"quy\s+chế")]
    >>> match_starts(ps, "quy định, Quy  chế và quy chế")
    [10, 22]
    """
    found: set[int] = set()
    for p in patterns:
        m = p.search(text)
        while m is not None:
            found.add(m.start())
            m = p.search(text, m.start() + 1)
    return sorted(found)
