"""The interactive viewer: one self-contained, offline, safe HTML page.

- :mod:`vanban.viz.render`: ``render_html(view, ...)`` builds the page from a
  ``subgraph``-shaped view (own template, vis-network inlined from pyvis,
  data as escaped JSON, a nonce-based Content-Security-Policy);
- :mod:`vanban.viz.layout`: precomputed positions (levels as rows, barycentric
  order within a row), so the browser never runs physics;
- :mod:`vanban.viz.page`: the page for a store (``vanban viz -o`` and ``/viz``):
  an overview, or a focus on one document (its chain up to the central
  directive, the plans implementing it, the documents it cites);
- :mod:`vanban.viz.coverage`: the coverage panel's one data source;
- :mod:`vanban.viz.png`: ``vanban viz --png`` (headless Chromium);
- :mod:`vanban.viz.routes`: ``GET /viz``, ``/viz/data``, ``/viz/coverage`` for
  the API (``vanban serve``); with ``VANBAN_API_READ_TOKEN_REQUIRED=1`` the
  page asks for the token once and keeps it in memory.

The page reads the relations it draws from its data, never from its script:
``payload["relations"] = [{"type", "label_vi", "label_en", "name", "style":
{"color", "width", "dashes"}, "trace", "document_link"}]`` (``trace``: the
trace follows it; ``name``: the citation relation the API reports, e.g.
"implements"), the shape of the graph's relation registry
(``vanban.graph.registry.payload()``), which also gives ``payload["node_kinds"]``.
"""
