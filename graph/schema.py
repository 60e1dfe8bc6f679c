"""Node and edge vocabulary of the vanban graph, shared by both backends,
the API and the viewer.

Nodes (attribute ``kind``):

- ``plan``: a kế hoạch, loaded (``source`` set) or only referenced;
- ``directive``: any other referenced document; ``central`` flags central ones;
- ``issuer``: a body that issues documents (``level``, ``place``);
- ``unit``: a body assigned tasks, receiving reports or the plan.

Every document node carries: ``id, kind, code, type, date, year, issuer,
issuer_id, level, place, central, title, source, sha256, signer, label``.
Every issuer/unit node carries: ``id, kind, name, level, place, label``.

Edges (attribute ``type``) carry ``evidence``: a list of
``{"source", "sha256", "spans", "sentence"}``, one per file that states it.

What each relation and node kind means (labels, style, whether trace follows it) is
kept once, in :mod:`vanban.graph.registry`; the names below are shorthands for code
that means one relation in particular. Ask the registry for "every relation that …".
"""
from __future__ import annotations

from . import registry as _registry

PLAN, DIRECTIVE, ISSUER, UNIT = "plan", "directive", "issuer", "unit"
NODE_KINDS = _registry.node_kinds()          # as registered when vanban starts
DOCUMENT_KINDS = _registry.document_kinds()

IMPLEMENTS = "IMPLEMENTS"   # document -> document it implements
CITES = "CITES"             # document -> document it cites
REPLACES = "REPLACES"       # document -> document it replaces or repeals (no longer in force)
AMENDS = "AMENDS"           # document -> document it amends
REPORTS_TO = "REPORTS_TO"   # unit/issuer -> issuer/unit; attrs: via, deadlines, plan
ISSUED_BY = "ISSUED_BY"     # document -> issuer
ASSIGNED = "ASSIGNED"       # plan -> unit given tasks
SENT_TO = "SENT_TO"         # plan -> recipient unit ("Nơi nhận")
PART_OF = "PART_OF"         # issuer -> issuer of the level above (xã -> huyện -> tỉnh)
SUCCEEDED_BY = "SUCCEEDED_BY"  # issuer -> issuer that took it over on 1 July 2025; attr: partial
EDGE_TYPES = _registry.edge_types()          # as registered when vanban starts

LEVEL_RANK = {"central": 0, "province": 1, "district": 2, "commune": 3}
LEVEL_VI = {"central": "Trung ương", "province": "Tỉnh", "district": "Huyện", "commune": "Xã"}
