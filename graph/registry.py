"""The one registry of the graph's relations (edge types) and node kinds.

Everything that needs to know what a relation *is* reads it from here: the graph build
(a citation's ``relation`` -> edge type; an unknown one is an error, never a silent
CITES), the queries (which edges trace climbs, which link two documents, which end a
document's force), the Cypher the Neo4j store generates, the API's models (a ``Literal``
of the names) and the viewer's payload. Adding a relation is one :func:`register` call
(or one entry in :data:`BUILTIN_RELATIONS`); extraction then only has to emit its name.

Viewer payload (``viz.render.build_payload``), for the viewer's script:

``payload["relations"]``: a list, in display order, of ::

    {"type": "IMPLEMENTS",          # the edge type, as in payload["edge_types"] / edge rows
     "name": "implements",          # the citation relation / document-detail "relation"; null
                                    # for structural edges (ISSUED_BY, REPORTS_TO, …)
     "label_vi": "Thực hiện", "label_en": "implements",
     "inverse_vi": "Được thực hiện bởi", "inverse_en": "implemented by",
     "style": {"color": "#1f3b73", "width": 2.2, "dashes": false | [6, 4]},
     "trace": true,                 # trace climbs it (the implementation chain)
     "document_link": true,         # links two documents (citations / cited_by in details)
     "ends_force": false}           # its target is no longer in force (replaced, repealed)

``payload["node_kinds"]``: a list of ``{"kind", "label_vi", "label_en", "document"}``.

>>> relation_for_citation("implements").type
'IMPLEMENTS'
>>> relation_for_citation("cities")
Traceback (most recent call last):
...
vanban.graph.registry.UnknownRelation: unknown relation 'cities' (known: implements, cites, replaces, amends)
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from vanban.models import BadRequest


class UnknownRelation(BadRequest):
    code = "unknown_relation"


@dataclass(frozen=True)
class Relation:
    """One edge type of the graph."""

    type: str                       # edge type, also the Neo4j relationship type: [A-Z_]+
    label_vi: str
    label_en: str
    name: str | None = None         # the citation relation extraction emits ("implements"); None: structural
    inverse_vi: str = ""
    inverse_en: str = ""
    style: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    trace: bool = False             # trace climbs it: plan -> what it carries out
    document_link: bool = False     # document -> document (a citation of some kind)
    ends_force: bool = False        # the target is no longer in force once the source exists

    def view(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class NodeKind:
    kind: str
    label_vi: str
    label_en: str
    neo4j_label: str
    document: bool = False          # a document (plan or directive), not a body

    def view(self) -> dict[str, Any]:
        return {"kind": self.kind, "label_vi": self.label_vi, "label_en": self.label_en, "document": self.document}


BUILTIN_NODE_KINDS = (
    NodeKind("plan", "Kế hoạch", "plan", "Plan", document=True),
    NodeKind("directive", "Văn bản chỉ đạo", "directive", "Directive", document=True),
    NodeKind("issuer", "Cơ quan ban hành", "issuer", "Issuer"),
    NodeKind("unit", "Đơn vị", "unit", "Unit"),
)

BUILTIN_RELATIONS = (
    Relation("IMPLEMENTS", "Thực hiện", "implements", name="implements",
             inverse_vi="Được thực hiện bởi", inverse_en="implemented by",
             style={"color": "#1f3b73", "width": 2.2, "dashes": False}, trace=True, document_link=True),
    Relation("CITES", "Viện dẫn", "cites", name="cites", inverse_vi="Được viện dẫn bởi", inverse_en="cited by",
             style={"color": "#7f7f7f", "width": 1.2, "dashes": [6, 4]}, document_link=True),
    # "Kế hoạch này thay thế Kế hoạch số …", "bãi bỏ …": the target is no longer in force.
    Relation("REPLACES", "Thay thế", "replaces", name="replaces", inverse_vi="Bị thay thế bởi",
             inverse_en="replaced by", style={"color": "#b03a2e", "width": 1.8, "dashes": [2, 3]},
             document_link=True, ends_force=True),
    # "sửa đổi, bổ sung Kế hoạch số …": the target stays in force, changed.
    Relation("AMENDS", "Sửa đổi, bổ sung", "amends", name="amends", inverse_vi="Được sửa đổi bởi",
             inverse_en="amended by", style={"color": "#c27c0e", "width": 1.6, "dashes": [8, 3, 2, 3]},
             document_link=True),
    Relation("REPORTS_TO", "Báo cáo về", "reports to", style={"color": "#2e8b57", "width": 1.4, "dashes": False}),
    Relation("ISSUED_BY", "Ban hành bởi", "issued by", style={"color": "#b9b9b9", "width": 0.8, "dashes": False}),
    Relation("ASSIGNED", "Giao nhiệm vụ", "assigned", style={"color": "#8a6d3b", "width": 0.9, "dashes": [2, 4]}),
    Relation("SENT_TO", "Gửi đến", "sent to", style={"color": "#9e9e9e", "width": 0.7, "dashes": [1, 4]}),
    Relation("PART_OF", "Thuộc", "part of", style={"color": "#6a5acd", "width": 1.0, "dashes": [4, 4]}),
    # body -> the body that took it over on 1 July 2025 (gazetteer); attr partial: it got a part
    Relation("SUCCEEDED_BY", "Được kế thừa bởi", "succeeded by", inverse_vi="Kế thừa", inverse_en="succeeds",
             style={"color": "#c0392b", "width": 1.2, "dashes": [6, 3]}),
)

RELATIONS: dict[str, Relation] = {}       # edge type -> Relation, in registration (display) order
NODE_KINDS: dict[str, NodeKind] = {}
_BY_NAME: dict[str, Relation] = {}


def register(rel: Relation) -> Relation:
    """Add a relation. Its type must be a valid Neo4j relationship type and both its type
    and its name must be new."""
    if not rel.type or not rel.type.replace("_", "").isalnum() or not rel.type.isupper():
        raise ValueError(f"relation type must be upper case letters, digits and '_': {rel.type!r}")
    if rel.type in RELATIONS or (rel.name and rel.name in _BY_NAME):
        raise ValueError(f"relation {rel.type}/{rel.name} is already registered")
    if rel.name and not rel.document_link:
        raise ValueError(f"{rel.type}: a relation extraction emits links two documents (document_link=True)")
    RELATIONS[rel.type] = rel
    if rel.name:
        _BY_NAME[rel.name] = rel
    return rel


def register_node_kind(kind: NodeKind) -> NodeKind:
    if kind.kind in NODE_KINDS:
        raise ValueError(f"node kind {kind.kind} is already registered")
    NODE_KINDS[kind.kind] = kind
    return kind


for _r in BUILTIN_RELATIONS:
    register(_r)
for _k in BUILTIN_NODE_KINDS:
    register_node_kind(_k)


# ---------------------------------------------------------------- look-ups
def relation_for_citation(name: str) -> Relation:
    """The relation a citation's ``relation`` field names; UnknownRelation when none."""
    rel = _BY_NAME.get(name)
    if rel is None:
        raise UnknownRelation(f"unknown relation '{name}' (known: {', '.join(citation_names())})",
                              message_vi=f"Quan hệ '{name}' không có trong danh mục quan hệ")
    return rel


def relation(edge_type: str) -> Relation:
    rel = RELATIONS.get(edge_type)
    if rel is None:
        raise UnknownRelation(f"unknown edge type '{edge_type}'", message_vi=f"Không có loại cạnh '{edge_type}'")
    return rel


def edge_types() -> tuple[str, ...]:
    return tuple(RELATIONS)


def citation_names() -> tuple[str, ...]:
    """Relation names extraction may put in ``Citation.relation``."""
    return tuple(_BY_NAME)


def trace_types() -> tuple[str, ...]:
    """Edge types trace climbs (and implementers descends)."""
    return tuple(t for t, r in RELATIONS.items() if r.trace)


def document_link_types() -> tuple[str, ...]:
    """Edge types between two documents, in display order."""
    return tuple(t for t, r in RELATIONS.items() if r.document_link)


def ends_force_types() -> tuple[str, ...]:
    return tuple(t for t, r in RELATIONS.items() if r.ends_force)


def name_of(edge_type: str) -> str:
    """The lower-case name a document detail shows for an edge type."""
    rel = RELATIONS.get(edge_type)
    return rel.name if rel and rel.name else edge_type.lower()


def node_kinds() -> tuple[str, ...]:
    return tuple(NODE_KINDS)


def document_kinds() -> tuple[str, ...]:
    return tuple(k for k, v in NODE_KINDS.items() if v.document)


def cypher_types(types: tuple[str, ...] | list[str]) -> str:
    """``A|B`` for a Cypher relationship pattern (types are checked by :func:`register`)."""
    return "|".join(types)


def payload() -> dict[str, Any]:
    """What the viewer reads (see the module docstring for the shape)."""
    return {"relations": [r.view() for r in RELATIONS.values()],
            "node_kinds": [k.view() for k in NODE_KINDS.values()]}
