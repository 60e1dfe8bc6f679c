"""The fast paths of resolve.py, amend.py and the citation stage of pipeline.py give exactly what the plain
formulations they replace give.

Compared on generated values and texts made of the pieces that matter, as tests/test_loaders_fast_paths.py
does for the other stages. The texts are invented; no seed text is used.
"""
from __future__ import annotations

from dataclasses import fields, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.loaders import resolve as RS
from vanban.loaders.find import Mention


def texts(pieces, max_size=14):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


MENTION = Mention(code="7/KH-UBND", start=0, end=9, code_start=0)
SPANS = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=4)
OPT = st.one_of(st.none(), st.sampled_from(["a", "UBND tỉnh", "2024-01-02", "Luật"]))
DOCS = st.builds(RS.Doc, code=st.sampled_from(["7/KH-UBND", "05/CT-TTg"]), date=OPT, issuer=OPT, type=OPT,
                 mentions=st.lists(st.just(MENTION), max_size=2), spans=SPANS,
                 relation=st.sampled_from(["cites", "implements"]), basis=OPT,
                 resolved_by=st.sampled_from(["code", "title"]),
                 title=OPT, first=st.integers(0, 9), catalogue=st.one_of(st.none(), st.just({"code": "x"})))


@settings(max_examples=200, deadline=None)
@given(DOCS)
def test_doc_copy_is_replace(d):
    got, want = RS._doc_copy(d), replace(d, spans=list(d.spans))
    assert got == want and type(got) is RS.Doc
    assert all(getattr(got, f.name) is getattr(want, f.name) for f in fields(RS.Doc) if f.name != "spans")
    assert got.spans is not d.spans
    got.spans.append((1, 2))
    assert d.spans == want.spans
