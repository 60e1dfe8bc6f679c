"""Extraction core: every plan file becomes a structured, evidenced PlanRecord.

Pipeline stages (one module each): read -> clean -> find -> metadata -> resolve -> reporting;
patterns and vocabularies live in loaders/data/*.json.
"""
from .annotate import annotate
from .pipeline import extract_bytes, extract_file, extract_text
from .read import DEFAULT_MAX_BYTES, SourceText, read_bytes, read_source

__all__ = ["annotate", "extract_bytes", "extract_file", "extract_text", "read_bytes", "read_source",
           "SourceText", "DEFAULT_MAX_BYTES"]
