"""Response models: the API contract shown at /docs.

They describe the JSON of :mod:`vanban.graph.queries` (the same shapes as the
CLI's ``--json``). Models allow extra keys, so a key the query layer adds is
passed through rather than silently dropped.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vanban.graph import registry as _registry

# From the graph's registry of relations (graph/registry.py): a relation added there is in the contract.
RelationName = Literal[_registry.citation_names()]       # "implements", "cites", "replaces", …
EdgeType = Literal[_registry.edge_types()]               # "IMPLEMENTS", "CITES", "REPORTS_TO", …


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


# ---------------------------------------------------------------- errors
class ErrorOut(_Open):
    code: str = Field(description="stable machine-readable code, e.g. not_found, ambiguous_ref, too_large")
    message: str = Field(description="what went wrong, in Vietnamese")
    detail: str = Field(description="what went wrong, in English")
    candidates: list[dict[str, Any]] | None = Field(None,
                                                    description="for ambiguous_ref: the documents the reference names")
    errors: list[dict[str, Any]] | None = Field(None, description="for invalid_request: each invalid field")
    file: str | None = Field(None, description="the uploaded file the error is about")


# ---------------------------------------------------------------- documents
class DocRef(_Open):
    """A document as an element of a chain: ``queries.summary``."""

    id: str
    code: str | None = None
    type: str | None = None
    date: str | None = None
    issuer: str | None = None
    level: str | None = None
    source: str | None = Field(None, description="where the document was loaded from; null when only referenced")


class DocumentOut(DocRef):
    """``queries.document_view``."""

    kind: str | None = Field(None, description="plan | directive")
    title: str | None = None
    place: str | None = None
    central: bool = False
    signer: str | None = None
    candidates: list[str] = Field(default_factory=list, description="ids this document may be, when ambiguous")
    conflicts: list[str] = Field(default_factory=list)


class DocumentList(_Open):
    total: int
    offset: int
    limit: int
    items: list[DocumentOut]


class Evidence(_Open):
    source: str | None = None
    sha256: str | None = None
    spans: list[list[int]] = Field(default_factory=list, description="[start, end) offsets into the text")
    sentence: str | None = None


class CitationOut(_Open):
    relation: RelationName = Field(description="the relation, from the graph's registry: " +
                                   " | ".join(_registry.citation_names()))
    derived: bool = False
    document: DocRef
    evidence: list[Evidence] = Field(default_factory=list)


class CitedByOut(_Open):
    relation: RelationName
    document: DocRef


class PlanBrief(_Open):
    id: str
    code: str | None = None
    source: str | None = None


class ReportingLineOut(_Open):
    from_: str | None = Field(None, alias="from")
    from_id: str
    to: str | None = None
    to_id: str
    via: str | None = None
    deadlines: list[str] = Field(default_factory=list, description="ISO dates, or --MM-DD for every year")
    plan: PlanBrief
    level: str | None = None


class DocumentDetail(DocumentOut):
    """``queries.document_detail`` plus the document's text."""

    citations: list[CitationOut] = Field(default_factory=list)
    cited_by: list[CitedByOut] = Field(default_factory=list)
    units: list[str | None] = Field(default_factory=list)
    recipients: list[str | None] = Field(default_factory=list)
    reports_to: list[ReportingLineOut] = Field(default_factory=list)
    text: str | None = Field(None, description="the decoded text the evidence spans point into (loaded plans)")
    annotated_html: str | None = Field(
        None, description="the text as HTML with citations marked; all document text is escaped")


# ---------------------------------------------------------------- trace
class CentralOut(DocRef):
    title: str | None = None
    basis: str = Field(description="implements (reached by IMPLEMENTS) | cited (cited by a plan of the chain)")


class GapDetail(_Open):
    id: str
    kind: str = Field(description="ambiguous | no_basis | not_loaded | cycle")
    message: str
    candidates: list[str] | None = None


class ReplacedOut(_Open):
    id: str = Field(description="a chain element no longer in force")
    code: str | None = None
    by: list[DocRef] = Field(description="the documents that replace or repeal it")
    message: str


class TraceOut(_Open):
    document: DocumentOut
    chain: list[ChainElement] = Field(description="the plan first, then what each element implements")
    central: list[CentralOut]
    gaps: list[str]
    gap_details: list[GapDetail]
    replaced: list[ReplacedOut] = Field(default_factory=list)


# ---------------------------------------------------------------- check
class ViolationOut(_Open):
    document: PlanBrief
    rule: str
    severity: str
    missing: list[str]
    message: str
    evidence: dict[str, Any]


class CheckOut(_Open):
    violations: list[ViolationOut]


# ---------------------------------------------------------------- implementers
class ImplementingPlan(DocRef):
    depth: int
    direct: bool
    title: str | None = None


class ImplementerGroup(_Open):
    level: str
    place: str
    count: int
    plans: list[ImplementingPlan]


class CoverageOut(_Open):
    body: str | None = None
    level: str | None = None
    known_below: int
    without_plan: list[str | None]


class FoldOldOut(_Open):
    covered: list[str]
    partial: list[str]


class UnitCoverageOut(_Open):
    """Every gazetteer unit of a province on a date: covered / none / ambiguous (unit ids)."""
    ref: str | None = None
    document: str
    province_id: str | None = None
    province: str
    as_of: str
    units: int
    covered: list[str]
    none: list[str]
    ambiguous: list[str]
    names: dict[str, str]
    plans: dict[str, list[str]] = {}
    fold_old: FoldOldOut | None = None


class ImplementersOut(_Open):
    document: DocumentOut
    total: int
    groups: list[ImplementerGroup]
    coverage: list[CoverageOut]
    units: UnitCoverageOut | None = None


# ---------------------------------------------------------------- search
class UnitInfo(_Open):
    """``queries.unit_info``: a gazetteer unit, told apart from a namesake by province and validity."""

    id: str = Field(description="gazetteer id, e.g. pre:842 (ended 30 June 2025) or post:27226")
    name: str | None = None
    level: str | None = None
    district: str | None = Field(None, description="its district, for a commune before 1 July 2025")
    province: str | None = Field(None, description="its province (null for a province)")
    valid_from: str | None = Field(None, description="first day (null: before the records begin)")
    valid_to: str | None = Field(None, description="last day (null: still exists)")


class SuccessorOut(_Open):
    unit: UnitInfo | None = None
    partial: bool = Field(False, description="the old unit was split: this successor took over part of it")


class ChainElement(DocRef):
    """``queries.chain_element``: a chain element with its issuer's gazetteer unit."""

    unit: UnitInfo | None = Field(None, description="the unit of a loaded plan's issuer")
    succeeded_by: list[SuccessorOut] = Field(
        default_factory=list, description="for a unit that ended on 30 June 2025, the units that took it over")


class SearchHit(_Open):
    id: str
    kind: str | None = None
    label: str | None = None
    code: str | None = None
    type: str | None = None
    date: str | None = None
    issuer: str | None = None
    unit: UnitInfo | None = Field(None, description="the body's (or issuing body's) unit, when the gazetteer knows it")
    score: float


# ---------------------------------------------------------------- deadlines
class CascadeOut(_Open):
    plan: PlanBrief
    parent: PlanBrief
    lower_deadline: str
    upper_deadline: str
    message: str


class DeadlinesOut(_Open):
    lines: list[ReportingLineOut]
    cascades: list[CascadeOut]


# ---------------------------------------------------------------- subgraph
class NodeOut(_Open):
    """``queries.node_view``: only the keys a node has are present."""

    id: str
    kind: str | None = None
    label: str | None = None
    code: str | None = None
    type: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    level: str | None = None
    place: str | None = None
    central: bool | None = None
    title: str | None = None
    source: str | None = None
    name: str | None = None
    unit: UnitInfo | None = Field(None, description="the gazetteer unit of a body or of a plan's issuer")


class EdgeOut(_Open):
    source: str
    target: str
    type: EdgeType | None = None
    derived: bool = False
    deadlines: list[str] | None = None
    via: str | None = None
    sentence: str | None = None


class SubgraphOut(_Open):
    center: str | None = None
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    truncated: bool
    total_nodes: int


# ---------------------------------------------------------------- upload / health
class LoadReportOut(_Open):
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    failed: list[dict[str, str]]


class UploadedPlan(_Open):
    file: str = Field(description="the store's source key: upload:<sanitised name>")
    name: str = Field(description="the sanitised file name")
    id: str | None = Field(None, description="the document id of the plan in the graph")
    code: str | None = None
    type: str | None = None
    date: str | None = None
    issuer: str | None = None
    level: str | None = None
    title: str | None = None
    citations: int = Field(description="how many documents the plan cites")
    status: str = Field(description="added | updated")


class UploadOut(_Open):
    plans: list[UploadedPlan] = Field(description="the new or updated plans")
    report: LoadReportOut


class RemoveOut(_Open):
    id: str = Field(description="the document id of the removed plan")
    removed: list[str] = Field(description="every file the plan was loaded from (all its copies), as file names")


class HealthOut(_Open):
    status: str


class ReadyOut(_Open):
    status: str
    backend: str


TraceOut.model_rebuild()   # its chain's model is defined below it
