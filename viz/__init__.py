"""The interactive viewer: one self-contained, offline, safe HTML page.

- :mod:`vanban.viz.render`: ``render_html(view, ...)`` builds the page from a
  ``subgraph``-shaped view (own template, vis-network inlined from pyvis,
  data as escaped JSON, a nonce-based Content-Security-Policy);
- :mod:`vanban.viz.layout`: precomputed positions (levels as rows, barycentric
  order within a row), so the browser never runs physics;
- :mod:`vanban.viz.page`: the page for a store (``vanban viz -o`` and ``/viz``);
- :mod:`vanban.viz.routes`: ``GET /viz`` for the API (``vanban serve``).
"""
