"""vanban.api: the query API service (FastAPI), started by ``vanban serve``.

``create_app(store=None, settings=None)`` in :mod:`vanban.api.app` builds the app;
the OpenAPI document at ``/docs`` is the contract. Endpoints (JSON unless said):

=======  ==========================  =====================================================
GET      /healthz                    liveness (200)
GET      /readyz                     readiness: 200 when the store answers, else 503
GET      /documents                  filtered, paginated document list
GET      /documents/{ref}            one document: citations + evidence, text, annotated HTML
POST     /documents                  upload plans (multipart ``files``; bearer token)
DELETE   /documents/{ref}            remove a loaded plan, atomically (bearer token)
GET      /trace?ref=..&all=         ``vanban trace --json``; ambiguous ref -> 409 + candidates
GET      /check                      default rule pack; POST /check with a YAML pack
GET      /implementers?ref=          plans implementing a document
GET      /search?q=&limit=           fuzzy search
GET      /deadlines?unit=            reporting calendar and cascades
GET      /subgraph?center=&depth=..  neighbourhood / overview for the viewer
GET      /export?format=             graphml | gexf | json (a file)
GET      /viz                        the viewer, when ``vanban.viz.routes`` is installed
=======  ==========================  =====================================================

A reference (``ref``, ``center``, ``focus``, ``{ref}``) is a node id, a loaded
file's name or a code everywhere (``routers/_common.py``). Answers show file
names, never server paths (:mod:`vanban.api.public`). Errors:
:mod:`vanban.api.errors`. Settings and their environment variables:
:mod:`vanban.api.deps`; throttling of wrong tokens: :mod:`vanban.api.throttle`.
"""
