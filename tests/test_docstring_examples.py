"""The examples in the library's docstrings are run, so they stay true."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["vanban.graph.build", "vanban.graph.catalogue", "vanban.graph.identity", "vanban.graph.queries",
           "vanban.graph.rules", "vanban.atomic", "vanban.ingest", "vanban.viz.layout",
           # the extraction core (issue 16): its public functions carry examples
           "vanban.loaders.vocab", "vanban.loaders.resolve", "vanban.loaders.pipeline", "vanban.loaders.evaluate",
           "vanban.loaders.clean", "vanban.loaders.find", "vanban.loaders.legacy", "vanban.loaders.metadata",
           "vanban.loaders.reporting", "vanban.loaders.amend", "vanban.loaders.annotate", "vanban.loaders.html",
           "vanban.loaders.lexicon", "vanban.loaders.ocr", "vanban.loaders.read", "vanban.loaders.scan"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
