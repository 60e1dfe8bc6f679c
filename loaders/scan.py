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
from functools import cache

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


@cache   # (a structure, built once: see loaders/README.md on caches)
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


# --- starts read back from a literal: where a match must hold a literal found in C -----------------


def token_starts(text: str, marks: re.Pattern, member, lead, pos: int = 0, end: int | None = None) -> list[int]:
    r"""Where a token holding a mark may start: for each match of ``marks`` (a literal-led pattern, found
    in C) in ``text[pos:end]``, the run of ``member`` characters that ends at it is read back, and every
    start of a run of ``lead`` characters inside it is given (sorted, each once, none before ``pos``).

    A superset of the starts of any pattern whose matches are made of ``member`` characters, start with
    a ``lead`` character not after another (or at ``pos``) and hold a match of ``marks`` after their
    start: a class-led pattern tried only there is tried at a few places instead of at every position
    (the engine's per-position loop costs ~10 ns a character, a literal search ~1).

    >>> token_starts("Số 12/KH-UBND, 3-CT/TW, 5/1/2024", re.compile("/[A-Z]"),
    ...              lambda c: c.isalnum() or c in "/-", str.isdecimal)
    [3, 15]
    """
    stop = len(text) if end is None else end
    out: list[int] = []
    floor = pos   # (a run read back stops at the previous mark: what lies before it was read then)
    for m in marks.finditer(text, pos, stop):
        j = m.start()
        got = []
        i = j
        while i > floor and member(text[i - 1]):
            i -= 1
            if lead(text[i]) and (i == pos or not lead(text[i - 1])):
                got.append(i)
        out.extend(reversed(got))
        floor = j
    return out


@cache
def _before_gates(lits: tuple[str, ...], run: str, gap: str):
    # each literal (found in C), kept when the two characters before it may end "run gap*" (one
    # after a letter, or after a letter and a space, the common case, is dropped in C too); ``run`` and
    # ``gap``: the bodies of two character classes
    def gate(lit):
        e = re.escape(lit)
        return re.compile(e + "(?<![^" + run + gap + "]" + e + ")(?<![^" + run + gap + "][" + gap + "]" + e + ")")
    return tuple(map(gate, dict.fromkeys(lits)))


# --- an alternation of many words as a tree of their prefixes --------------------------------------


def trie_alt(words) -> str:
    r"""The alternation of ``lexicon.alt(words)`` (the same strings: each word, its spaces matching any
    whitespace run) written as a tree of common prefixes: the engine tries the alternatives of an
    alternation one after another, so that a long list costs a test per word at each place it is tried;
    in a tree a wrong first character rules out all the words under it at once. Where only whether (or
    where) it matches counts: at one place it may prefer another of the words than ``alt``'s longest-first.

    >>> trie_alt(["về", "v/v", "ban hành", "ban"])
    '(?:ban(?:\\s+hành)?|v(?:/v|ề))'
    """
    def body(tails: list[str]) -> str:
        groups: dict[str, list[str]] = {}
        for t in tails:
            groups.setdefault(t[:1], []).append(t[1:])
        ends = groups.pop("", None) is not None
        alts = [(r"\s+" if c == " " else re.escape(c)) + body(rest) for c, rest in groups.items()]
        if not alts:
            return ""
        inner = alts[0] if len(alts) == 1 and not ends else "(?:" + "|".join(alts) + ")"
        return inner + ("?" if ends else "")
    # (body never leaves a "|" outside a group: what it gives can be written before or after anything)
    return body(sorted({" ".join(w.split()) for w in words}))


# --- more starts read back from a literal --------------------------------------------------------


def search_before(pattern: re.Pattern, text: str, lits, reach: int, inside: str = "", pos: int = 0,
                  endpos: int | None = None) -> re.Match | None:
    r"""``pattern.search(text, pos, endpos)`` for a pattern every match of which starts at most ``reach``
    characters before the whitespace run that ends at one of the literals ``lits`` (or at that run's
    start), or at one of the characters ``inside`` in that run: tried only there (a pattern led by an
    alternation is tried at every position).

    >>> p = re.compile(r"(?:^|[.;\n]\s*|,\s+|\bvà\s+)[Nn]gày \d+")
    >>> t = "Kỳ họp, và  ngày 5; ngày 6"
    >>> search_before(p, t, ("ngày", "Ngày"), 2, "\n").span() == p.search(t).span()
    True
    """
    end = len(text) if endpos is None else endpos
    cands: set[int] = set()
    for g in scanner(tuple(lits)).starts(text, pos, end):
        w = g
        while w > pos and text[w - 1].isspace():
            w -= 1
        cands.update(range(max(pos, w - reach), w + 1))
        cands.update(i for i in range(w, g) if text[i] in inside)
    match = pattern.match
    for c in sorted(cands):
        m = match(text, c, end)
        if m is not None:
            return m
    return None


def word_starts_before(text: str, lit: str, words_back: int) -> list[int]:
    r"""For each occurrence of the literal ``lit``: where the whitespace-delimited word holding it starts,
    and where each of the ``words_back`` words before that one starts, and every place inside those words
    after a character that is not a word character; sorted, each once.

    A superset of the starts of any pattern whose matches are at most ``words_back`` words joined by
    whitespace runs and then a word holding ``lit`` (at any place in it), the first word perhaps starting
    inside a written one, after a bracket, a quote or a slash ("(Chỉ thị 33)"): found from a literal
    search, where a pattern led by a case-insensitive letter or a lookbehind is tried at every position.

    >>> word_starts_before("Căn cứ Chỉ thị  số 33, (Chỉ thị 33)", "33", 2)
    [11, 16, 19, 23, 24, 28, 32]
    """
    found: set[int] = set()
    prev = -1   # (a walk that reaches the previous occurrence would go on as that one's did: it stops there)
    for q in find_all(text, lit):
        i = q
        for k in range(words_back + 1):
            while i > 0 and i > prev and not text[i - 1].isspace():
                c = text[i - 1]
                if not (c.isalnum() or c == "_"):
                    found.add(i)   # (after a character that is no word character: "(", "“", "/")
                i -= 1
            if i <= prev:
                break
            found.add(i)
            if k == words_back:
                break
            while i > 0 and text[i - 1].isspace():
                i -= 1
            if i == 0:
                break
        prev = q
    return sorted(found)


# --- a pattern searched from the characters its matches can start with --------------------------


def first_chars(pattern: re.Pattern) -> str | None:
    r"""A character class body holding the first character of every match of ``pattern``, read from its
    parse (literals, classes of literals and ranges, alternations, groups, repeats of at least one); None
    when the parse does not say (a match may be empty, or start with an anchor, a lookaround, a category).
    Read with the pattern's flags (``IGNORECASE``: the letters' other cases too).

    >>> first_chars(re.compile(r"(?:ban hành|lập)\s|như sau:|[x-z]+")), first_chars(re.compile(r"^\s*Số"))
    ('blnx-z', None)
    """
    try:   # (the stdlib's own parser, private: where it is not as this reads it, a plain search)
        from re import _constants as c
        from re import _parser
    except ImportError:   # pragma: no cover
        return None

    def firsts(items) -> str | None:
        if not len(items):
            return None
        op, av = items[0]
        if op is c.LITERAL:
            return re.escape(chr(av))
        if op is c.IN:
            out = []
            for o, a in av:
                if o is c.LITERAL:
                    out.append(re.escape(chr(a)))
                elif o is c.RANGE:
                    out.append(re.escape(chr(a[0])) + "-" + re.escape(chr(a[1])))
                else:
                    return None
            return "".join(out)
        if op is c.BRANCH:
            alts = [firsts(alt) for alt in av[1]]
            return None if None in alts else "".join(dict.fromkeys(alts))
        if op is c.SUBPATTERN:   # (a group with inline flags changes how its letters match: not read)
            return firsts(av[3]) if not av[1] and not av[2] else None
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            return firsts(av[2])
        return None

    try:
        return firsts(_parser.parse(pattern.pattern, pattern.flags))
    except (AttributeError, TypeError, ValueError, IndexError):   # pragma: no cover - another parse shape
        return None


def led_search(pattern: re.Pattern):
    r"""``pattern.search`` (text, pos, endpos), the engine skipping to the characters its matches can start with
    (:func:`first_chars`, then :func:`starts_of`) when the pattern starts with an alternation or a group,
    which it would otherwise try at every position; the match is then ``pattern.match`` there. A plain search
    when its first characters are not known. ``endpos`` None: the text's end.

    >>> p = re.compile(r"(?:ban hành|lập)\s+(?:Kế hoạch|kế hoạch)")
    >>> led_search(p)("UBND xã lập kế hoạch", 0).span() == p.search("UBND xã lập kế hoạch").span()
    True
    """
    first = first_chars(pattern)
    try:
        gate = pattern.search if first is None else starts_of(pattern, "[" + first + "]").search
    except re.error:   # global inline flags ("(?i)…") cannot stand inside starts_of's lookahead
        first, gate = None, pattern.search
    match = pattern.match

    def search(text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        end = len(text) if endpos is None else endpos
        if first is None:
            return gate(text, pos, end)
        s = gate(text, pos, end)
        return None if s is None else match(text, s.start(), end)
    return search


# --- the share of a string's letters that are capitals -------------------------------------------

# near-Latin characters (scan.class_of) where str.isupper() says all: no letter without case, no capital
# that is not a letter (Ⓐ, Ⅻ are capitals but not letters; ʔ, ǂ letters without case)
_CAPITALS_TELL = re.compile(r"[\s" + class_of(
    lambda ch: not (ch.isalpha() and not (ch.isupper() or ch.islower() or ch.istitle()))
    and not (ch.isupper() and not ch.isalpha())) + "]*")


def capitals_share_at_least(s: str, share: float) -> bool:
    """Whether ``s`` has a letter and at least ``share`` (0 < share ≤ 1) of its letters are capitals: what
    ``letters = [c for c in s if c.isalpha()]; letters and sum(map(str.isupper, letters)) >= share * len(letters)``
    says, without a Python call per character when ``str.islower`` (no capital) or ``str.isupper`` (every
    letter one, the characters near-Latin) decides.

    >>> capitals_share_at_least("ỦY BAN NHÂN DÂN", 0.8), capitals_share_at_least("Số: 5/KH-UBND", 0.8)
    (True, True)
    >>> capitals_share_at_least("source: http://x.vn", 0.8), capitals_share_at_least("Ⓐ", 0.8)
    (False, False)
    """
    if s.islower():   # cased characters, none a capital
        return False
    if s.isupper() and _CAPITALS_TELL.fullmatch(s):
        return True
    letters = list(filter(str.isalpha, s))
    return bool(letters) and sum(map(str.isupper, letters)) >= share * len(letters)


# --- a pattern anchored at line starts, searched from the newlines -------------------------------


def line_led_search(pattern: re.Pattern):
    r"""``pattern.search`` (text, pos, endpos) for a MULTILINE pattern that starts with ``^``: the engine
    tries ``^`` at every position, but the same pattern led by ``"\n"`` instead is skipped to each
    newline in C. ``^`` holds only at the text's start and after a newline (not at ``pos`` itself
    otherwise), so the first match is at ``pos`` when a line starts there, else one line start after
    the first newline from ``pos`` where the rest matches; it is then ``pattern.match`` there.

    >>> p = re.compile(r"^[ \t]*(?:I|1)\s*[.)]\s", re.M)
    >>> t = "a I. b\n  1) c\nI. d"
    >>> [line_led_search(p)(t, i).start() for i in (0, 7, 8)] == [p.search(t, i).start() for i in (0, 7, 8)]
    True
    """
    if not (pattern.flags & re.MULTILINE and pattern.pattern.startswith("^")):
        raise ValueError("line_led_search: a MULTILINE pattern starting with ^")
    after_newline = re.compile("\n" + pattern.pattern[1:], pattern.flags)
    match = pattern.match

    def search(text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        end = len(text) if endpos is None else endpos
        pos = min(max(pos, 0), len(text))   # (as the engine clamps it)
        if pos == 0 or text[pos - 1] == "\n":
            m = match(text, pos, end)
            if m is not None:
                return m
        n = after_newline.search(text, pos, end)
        return None if n is None else match(text, n.start() + 1, end)
    return search


# --- runs before a literal, read back by str.rstrip ----------------------------------------------

# every character str.isspace() holds (and \s matches): none lies above U+3000
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def runs_before(text: str, lits: tuple[str, ...], run: str, gap: str, reach: int = 32) -> list[int]:
    r"""Where a run of ``run`` characters starts that ends where a stretch of ``gap`` characters (maybe none)
    ends just before one of the literals ``lits``: sorted, each once. ``run`` and ``gap``: two disjoint
    strings of characters, as ``str.rstrip`` takes them (``WHITESPACE``: the characters ``\s`` matches).

    A superset of the starts of any pattern whose matches are a whole such run (not after a ``run``
    character) followed, through ``gap`` characters, by one of the literals: the literals are found by a
    literal search, where a class-led pattern is tried at every position. Each literal a gate keeps is read
    back by two ``str.rstrip`` calls over the ``reach`` characters before it (in C); only where those are
    all gap and run characters is the text read on, a character at a time.

    >>> runs_before("Nghị quyết 01 của HĐND, số 12, ngày 3; của 5", ("của", "ngày"), "0123456789",
    ...             WHITESPACE + ",")
    [11, 27]
    """
    gates = _before_gates(lits, re.escape(run), re.escape(gap))
    found = set()
    for gate in gates:
        for m in gate.finditer(text):
            i = m.start()
            lo = i - reach if i > reach else 0
            g = text[lo:i].rstrip(gap)
            r = g.rstrip(run)
            if not r and lo:   # (the window is all gap and run: read on before it)
                e = i
                while e and text[e - 1] in gap:
                    e -= 1
                s = e
                while s and text[s - 1] in run:
                    s -= 1
                if s < e:
                    found.add(s)
            elif len(r) < len(g):
                found.add(lo + len(r))
    return sorted(found)
