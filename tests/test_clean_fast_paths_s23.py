"""clean's fast paths (session 23) give exactly what the plain formulations they replace give.

Each test compares a fast path with its plain formulation on texts generated from the pieces that
matter to it. The texts are invented; no plan text is used.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.loaders import clean as C


def texts(pieces, max_size=20):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


# --- pass B: a run of stars is found from its literal first character ------------------------------

@settings(max_examples=300, deadline=None)
@given(texts(["*", "**", "***", "a", " ", "\n", "_", "\u200b", "x*y"]))
def test_star_run_pattern_is_the_plain_run(text):
    """``\\*(?P<drop>\\**)`` (led by a literal, so the engine skips to it) matches the runs ``(?P<drop>\\*+)``
    matches, each told by the group ``drop``."""
    plain = [(m.span(), m.lastgroup) for m in re.finditer(r"(?P<drop>\*+)", text)]
    assert [(m.span(), m.lastgroup) for m in C._MARKUP_ONE["*"].finditer(text)] == plain
