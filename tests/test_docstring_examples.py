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


# examples that read a page with Tesseract: run by the test below, skipped where OCR is not installed
# (scripts/setup goes on without it when it cannot install it), as the OCR tests are
NEEDS_TESSERACT = {"vanban.loaders.ocr.pdf_text", "vanban.loaders.ocr.image_text"}


def _run_examples(name: str, keep) -> doctest.TestResults:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(importlib.import_module(name)):
        if keep(test.name):
            runner.run(test)
    return runner.summarize(verbose=False)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = _run_examples(name, lambda test: test not in NEEDS_TESSERACT)
    assert result.failed == 0
    assert result.attempted > 0


def test_docstring_examples_that_read_with_tesseract():
    from vanban.loaders import ocr
    if ocr.missing():
        pytest.skip(f"OCR not installed: {ocr.missing()}")
    result = _run_examples("vanban.loaders.ocr", lambda test: test in NEEDS_TESSERACT)
    assert result.failed == 0
    assert result.attempted >= len(NEEDS_TESSERACT)


def _public_callables(module):
    """The module's own public functions and classes, and the public methods of those classes."""
    import inspect
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj) or inspect.isclass(obj):
            yield name, obj
        if inspect.isclass(obj):
            for meth, fn in vars(obj).items():
                if not meth.startswith("_") and inspect.isfunction(fn):
                    yield f"{name}.{meth}", fn


def test_every_public_function_of_loaders_has_an_example():
    """Issue 16: each public function of the extraction core shows a short example (run above)."""
    import inspect
    import pkgutil

    import vanban.loaders
    lacking = [f"{info.name}.{name}"
               for info in pkgutil.iter_modules(vanban.loaders.__path__)
               for name, obj in _public_callables(importlib.import_module(f"vanban.loaders.{info.name}"))
               if ">>>" not in (inspect.getdoc(obj) or "")]
    assert lacking == []
    listed = {m.rsplit(".", 1)[-1] for m in MODULES if m.startswith("vanban.loaders.")}
    with_examples = {info.name for info in pkgutil.iter_modules(vanban.loaders.__path__)
                     if ">>>" in inspect.getsource(importlib.import_module(f"vanban.loaders.{info.name}"))}
    assert with_examples <= listed    # every module with examples has them run by test_docstring_examples
