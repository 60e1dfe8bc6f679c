"""The file types a plan is loaded from: one list for ingest, uploads, references and path hiding.

It equals what ``vanban.loaders.read`` reads (``read.SUPPORTED``, checked by a test) but is kept
here, in a module that imports nothing, so that the CLI and the API can use it without loading
the extraction code.

>>> ".doc" in PLAN_SUFFIXES and ".html" in PLAN_SUFFIXES
True
"""
from __future__ import annotations

PLAN_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".text", ".docx", ".doc", ".pdf", ".html", ".htm",
                                  ".png", ".jpg", ".jpeg", ".tif", ".tiff")
