"""Plain data models shared by every stage (extraction, graph, API, viewer).

They are dataclasses with no behaviour beyond (de)serialisation, so that a
record can be written to JSON, stored, and rebuilt identically (eyecite's
"plain models" style). The JSON shape of :class:`PlanRecord` is the public
contract of ``vanban extract --json``.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields
from typing import Any

Span = tuple[int, int]  # [start, end) character offsets into the text the user gave

LEVELS = ("central", "province", "district", "commune")
RELATIONS = ("implements", "cites", "replaces", "amends")   # the graph's registry may add more


@dataclass
class DocumentMeta:
    """What a plan says about itself (header, title, signature block)."""

    type: str | None = None          # "Kế hoạch"
    code: str | None = None          # "45/KH-UBND"; None when the number is left blank
    title: str | None = None
    date: str | None = None          # ISO: "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    issuer: str | None = None        # "UBND huyện Chi Lăng" (as precise as the text allows)
    level: str | None = None         # one of LEVELS
    place: str | None = None         # "xã Y Tịch, huyện Chi Lăng, tỉnh Lạng Sơn"
    signer: str | None = None        # person's name
    signer_position: str | None = None  # "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    # Structured place, each None when the text does not say it.
    province: str | None = None      # "Lạng Sơn"
    district: str | None = None      # "huyện Chi Lăng"
    commune: str | None = None       # "xã Y Tịch"
    # the issuer with the place the plan names, when it has one to add: "Sở Y tế" -> "Sở Y tế tỉnh
    # Khánh Hòa", "UBND tỉnh" -> "UBND tỉnh Lạng Sơn" (None when unknown or nothing to add)
    issuer_resolved: str | None = None


@dataclass
class Citation:
    """One distinct document the plan refers to, with every place it occurs."""

    code: str                        # normalised, own separators kept: "23-QĐ/TW"
    type: str | None = None          # "Quyết định"
    date: str | None = None          # ISO or None
    issuer: str | None = None        # as written: "UBND tỉnh"
    relation: str = "cites"          # "implements" | "cites" | "replaces" | "amends" (graph/registry.py)
    spans: list[Span] = field(default_factory=list)
    resolved_by: str = "code"        # "code" | "title"
    issuer_resolved: str | None = None  # absolute form when the document allows: "UBND tỉnh Lạng Sơn"
    title: str | None = None         # subject after "về ..." when given
    sentence: str | None = None      # evidence: the sentence of the first mention
    central: bool = False            # issued by a central body (catalogue or issuer level)
    low_confidence: bool = False     # OCR read (part of) a mention of it unsure (loaders/ocr.py)
    # why the plan implements it (None for "cites"): "can_cu" (legal basis, "Căn cứ …"), "thuc_hien"
    # (what the plan carries out: "Thực hiện/Triển khai …"), "title" (the title names it)
    basis: str | None = None


@dataclass
class DerivedRelation:
    """A relation the text states between two cited documents."""

    from_code: str
    to_code: str
    relation: str = "implements"
    from_date: str | None = None
    to_date: str | None = None
    sentence: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"from": self.from_code, "relation": self.relation, "to": self.to_code,
                "from_date": self.from_date, "to_date": self.to_date, "sentence": self.sentence}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DerivedRelation:
        return cls(from_code=d["from"], to_code=d["to"], relation=d.get("relation", "implements"),
                   from_date=d.get("from_date"), to_date=d.get("to_date"), sentence=d.get("sentence"))


@dataclass
class ReportingLine:
    """"<from> báo cáo về <to> (qua <via>) trước ngày <deadlines>"."""

    from_: str
    to: str
    via: str | None = None
    # ISO dates ("2024-11-15"; a month "2024-11"), "--MM-DD" (yearly) or "---DD" (monthly)
    deadlines: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    sentence: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"from": self.from_, "to": self.to, "via": self.via, "deadlines": list(self.deadlines),
                "spans": [list(s) for s in self.spans], "sentence": self.sentence}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ReportingLine:
        return cls(from_=d["from"], to=d["to"], via=d.get("via"), deadlines=list(d.get("deadlines", [])),
                   spans=[tuple(s) for s in d.get("spans", [])], sentence=d.get("sentence"))


@dataclass
class PlanRecord:
    """Everything extracted from one file. Its JSON is the `vanban extract --json` contract."""

    file: str                                   # path as given
    document: DocumentMeta
    citations: list[Citation] = field(default_factory=list)
    derived: list[DerivedRelation] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    reports_to: list[ReportingLine] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    sha256: str | None = None                   # of the file's bytes
    text: str | None = None                     # the decoded text the spans point into
    source_format: str | None = None            # what the text was read from: txt, docx, doc, pdf, html, image
    ocr: dict[str, Any] | None = None           # {"pages", "mean_confidence"} when the text came from OCR
    legacy_font: str | None = None              # "tcvn3" | "vni" when converted from a legacy font

    def to_json(self, with_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.file,
            "document": {k: getattr(self.document, k) for k in _DOC_FIELDS},
            "citations": [_citation_json(c) for c in self.citations],
            "derived": [d.to_json() for d in self.derived],
            "units": list(self.units),
            "reports_to": [r.to_json() for r in self.reports_to],
            "recipients": list(self.recipients),
            "sha256": self.sha256,
        }
        for k in ("source_format", "ocr", "legacy_font"):   # (only when known: older stores lack them)
            if getattr(self, k) is not None:
                out[k] = getattr(self, k)
        if with_text:
            out["text"] = self.text
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PlanRecord:
        return cls(
            file=d["file"],
            document=DocumentMeta(**d["document"]),
            citations=[Citation(**{**c, "spans": [tuple(s) for s in c.get("spans", [])]})
                       for c in d.get("citations", [])],
            derived=[DerivedRelation.from_json(x) for x in d.get("derived", [])],
            units=list(d.get("units", [])),
            reports_to=[ReportingLine.from_json(x) for x in d.get("reports_to", [])],
            recipients=list(d.get("recipients", [])),
            sha256=d.get("sha256"),
            text=d.get("text"),
            source_format=d.get("source_format"),
            ocr=d.get("ocr"),
            legacy_font=d.get("legacy_font"),
        )


# Field names, once: `dataclasses.asdict` deep-copies and was most of the cost of
# saving a 100k-plan store; every field here is a scalar or a list of spans.
_DOC_FIELDS = tuple(f.name for f in fields(DocumentMeta))
_CITATION_FIELDS = tuple(f.name for f in fields(Citation))


def _citation_json(c: Citation) -> dict[str, Any]:
    d = {k: getattr(c, k) for k in _CITATION_FIELDS}
    d["spans"] = [list(s) for s in c.spans]
    return d


def compact(rec: PlanRecord) -> PlanRecord:
    """Intern the short strings a record repeats across a corpus (types, issuers, dates,
    units, places), in place, and return it.

    A record that crossed a process boundary has its own copy of every string; a
    100k-plan load keeps all records in memory while it builds the graph, and these
    copies were a large part of its peak.

    >>> a = compact(PlanRecord(file="a", document=DocumentMeta(type="".join(["Kế", " hoạch"]))))
    >>> b = compact(PlanRecord(file="b", document=DocumentMeta(type="Kế hoạch")))
    >>> a.document.type is b.document.type
    True
    """
    d = rec.document
    for k in _DOC_FIELDS:
        if k != "title":
            v = getattr(d, k)
            if v.__class__ is str:
                setattr(d, k, sys.intern(v))
    for c in rec.citations:
        c.code = sys.intern(c.code)
        for k in ("type", "date", "issuer", "relation", "resolved_by", "issuer_resolved"):
            v = getattr(c, k)
            if v.__class__ is str:
                setattr(c, k, sys.intern(v))
    for x in rec.derived:
        x.from_code, x.to_code, x.relation = sys.intern(x.from_code), sys.intern(x.to_code), sys.intern(x.relation)
    rec.units = [sys.intern(u) for u in rec.units]
    rec.recipients = [sys.intern(u) for u in rec.recipients]
    for ln in rec.reports_to:
        ln.from_, ln.to = sys.intern(ln.from_), sys.intern(ln.to)
        if ln.via is not None:
            ln.via = sys.intern(ln.via)
        ln.deadlines = [sys.intern(x) for x in ln.deadlines]
    return rec


class VanbanError(Exception):
    """An error the user can act on; `code` is stable, messages are bilingual."""

    code = "error"

    def __init__(self, detail: str, *, message_vi: str | None = None, code: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.message_vi = message_vi or detail
        if code:
            self.code = code


class UnreadableFile(VanbanError):
    """A file that cannot be turned into text (encoding, format, empty, scanned, too big)."""

    code = "unreadable_file"


class NotFound(VanbanError):
    code = "not_found"


class BadRequest(VanbanError):
    code = "bad_request"
