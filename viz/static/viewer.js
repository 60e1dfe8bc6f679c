/* vanban viewer: click handlers, details panel, filters, trace and expand.
 *
 * Safety rule of this file: document text only ever reaches the DOM through
 * textContent (el() below) or the canvas (vis-network labels are drawn, not
 * parsed). No innerHTML, no HTML strings, no eval.
 */
(function () {
  "use strict";

  var T0 = performance.now();
  var VB = window.vbViz = {ready: false, firstDrawMs: null, drawMs: null};
  var INITIAL = JSON.parse(document.getElementById("vb-data").textContent);
  var API = INITIAL.api;              // null: offline file; "" or a loopback URL: served
  var ONLINE = API !== null && API !== undefined;
  // Read-token mode: the token the user typed, in memory only (never stored, never in a URL).
  var TOKEN = null;
  var app = null;                     // the running view (boot); replaced when the view is reloaded

  function apiUrl(path) { return String(API || "") + path; }
  function authHeaders() {
    var h = {"Accept": "application/json"};
    if (TOKEN) h.Authorization = "Bearer " + TOKEN;
    return h;
  }
  function getJSON(path) {
    return fetch(apiUrl(path), {headers: authHeaders(), credentials: "same-origin"}).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) {
          var msg = (body && (body.message_vi || body.detail || body.message)) || ("HTTP " + r.status);
          if (typeof msg !== "string") msg = JSON.stringify(msg);
          var err = new Error(msg);
          err.status = r.status;
          throw err;
        }
        return body;
      });
    });
  }
  function status(msg) { document.getElementById("vb-status").textContent = msg || ""; }

  // ------------------------------------------------------------ token mode
  function askToken(message) {
    var form = document.getElementById("vb-token-form"), input = document.getElementById("vb-token");
    form.hidden = false;
    document.getElementById("vb-token-msg").textContent = message || "";
    input.value = "";
    input.focus();
  }
  function loadWithToken(query) {
    status("Đang tải…");
    return getJSON("/viz/data" + query).then(function (data) {
      document.getElementById("vb-token-form").hidden = true;
      status("");
      start(data);
    }, function (err) {
      if (err.status === 401 || err.status === 403) { TOKEN = null; askToken(err.message); }
      else status("Không tải được dữ liệu: " + err.message);
    });
  }
  document.getElementById("vb-token-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var v = document.getElementById("vb-token").value.trim();
    if (!v) return;
    TOKEN = v;
    document.getElementById("vb-token").value = "";
    loadWithToken(window.location.search);
  });

  function start(data) {
    if (app) {
      // A new view replaces the old one: drop the network and every listener the old one
      // put on the panels (a clone has none), then build again.
      app.network.destroy();
      ["vb-side", "vb-details", "vb-text", "vb-coverage"].forEach(function (id) {
        var old = document.getElementById(id);
        old.parentNode.replaceChild(old.cloneNode(true), old);
      });
      VB.ready = false;
      document.body.removeAttribute("data-ready");
    }
    T0 = performance.now();
    app = boot(data);
  }
  document.addEventListener("keydown", function (ev) { if (app) app.onKey(ev); });

  if (INITIAL.token_required) {
    document.getElementById("vb-hint").textContent = "Máy chủ yêu cầu mã truy cập để đọc dữ liệu.";
    askToken("");
    return;
  }
  start(INITIAL);

function boot(DATA) {
  var KIND_VI = {plan: "Kế hoạch", directive: "Văn bản chỉ đạo", issuer: "Cơ quan ban hành", unit: "Đơn vị"};
  var LEVEL_VI = {central: "Trung ương", province: "Tỉnh", district: "Huyện", commune: "Xã"};
  var STYLE = {
    plan: {shape: "dot", bg: "#4e79a7", border: "#2b4a6f", size: 14},
    directive: {shape: "diamond", bg: "#f28e2b", border: "#a85a12", size: 16},
    issuer: {shape: "square", bg: "#59a14f", border: "#356b2f", size: 11},
    unit: {shape: "triangle", bg: "#b07aa1", border: "#74476a", size: 10}
  };
  // Relations come from the payload (names, labels, styles, whether the trace follows them):
  // [{type, label_vi, label_en, style: {color, width, dashes}, trace, document_link}].
  var RELATIONS = DATA.relations || [];
  var REL = Object.create(null), EDGE_STYLE = Object.create(null), TRACE_TYPES = [], CITATION = Object.create(null);
  var TRACE_EDGE = "\u0000trace";     // the drawn link between two chain elements with no edge in the view
  var CROWDED = DATA.nodes.length > 150;
  function lighter(hex, k) {
    // A crowded picture: relations the trace does not follow step back (towards white, thinner).
    var m = /^#([0-9a-f]{6})$/i.exec(hex || "");
    if (!m) return hex;
    var v = parseInt(m[1], 16), out = "#";
    [16, 8, 0].forEach(function (sh) {
      var c = (v >> sh) & 255;
      c = Math.round(c + (255 - c) * k);
      out += (c < 16 ? "0" : "") + c.toString(16);
    });
    return out;
  }
  (DATA.node_kinds || []).forEach(function (k) { if (k.kind && k.label_vi) KIND_VI[k.kind] = k.label_vi; });
  RELATIONS.forEach(function (r) {
    var st = r.style || {};
    REL[r.type] = r;
    var fade = CROWDED && !r.trace;
    EDGE_STYLE[r.type] = {color: fade ? lighter(st.color, 0.45) : (st.color || "#999999"),
                          width: fade ? Math.min(st.width || 1, 0.8) : (st.width || 1), dashes: st.dashes || false};
    if (r.trace) TRACE_TYPES.push(r.type);
    if (r.document_link) CITATION[r.type] = true;
  });
  EDGE_STYLE[TRACE_EDGE] = {color: "#ffb000", width: 5, dashes: [10, 6]};
  var PLAIN_EDGE = {color: "#999999", width: 1, dashes: false};
  var LINE_H = (DATA.layout && DATA.layout.line_h) || 95, SPACING = (DATA.layout && DATA.layout.spacing) || 190;
  var RANK = {central: 0, province: 1, district: 2, commune: 3, unknown: 4};
  // The API names a citation's relation by the registry's `name` ("implements"), not its edge type.
  var BY_NAME = Object.create(null);
  RELATIONS.forEach(function (r) { if (r.name) BY_NAME[r.name] = r; });
  function citeLabel(name) { return (BY_NAME[name] && BY_NAME[name].label_vi) || String(name || ""); }
  function relLabel(type) { return type === TRACE_EDGE ? "Truy vết" : ((REL[type] && REL[type].label_vi) || type); }
  var BAD = "#d62728", GOLD = "#ffb000";

  var byId = Object.create(null);      // id -> node data (our JSON, not the vis item)
  var violations = DATA.violations || {};
  var edgeKeys = Object.create(null);  // "s|type|t" -> vis edge id
  var edgeData = Object.create(null);  // vis edge id -> our edge data
  var highlighted = {nodes: [], edges: [], trace: null};
  var checkLoaded = false;

  // ------------------------------------------------------------ helpers
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function fileLabel(p) {
    // A loaded file as the page shows it: an absolute path (the API's) becomes its file name.
    p = String(p || "");
    return /^(\/|[A-Za-z]:[\\/])/.test(p) ? p.split(/[\\/]/).pop() : p;
  }
  function stripPaths(msg) {
    // Messages from the server may name a file by its absolute path: keep the file name only.
    return String(msg || "").replace(/(^|[\s(“"'])\/(?:[^\s\/()'"”]+\/)+([^\s\/()'"”]+)/g, "$1$2");
  }
  function nodeLevel(n) { return n.level || (n.central ? "central" : "unknown"); }
  // A gazetteer unit (node.unit, /viz/body): its days, as inspectors write them ("đến 30/06/2025"),
  // so the old and the new body of one name are told apart.
  function dayVi(iso) { var p = String(iso || "").split("-"); return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : String(iso || ""); }
  function validity(u) {
    if (!u) return "";
    if (u.valid_to) return "đến " + dayVi(u.valid_to);
    if (u.valid_from) return "từ " + dayVi(u.valid_from);
    return "còn hiệu lực";
  }
  function unitNote(u) {
    if (!u) return "";
    return [u.district, u.province, validity(u)].filter(function (x) { return x; }).join(", ");
  }
  function worst(list) {
    if (!list || !list.length) return null;
    for (var i = 0; i < list.length; i++) if (list[i].severity !== "warning") return "violation";
    return "warning";
  }

  // ------------------------------------------------------------ vis items
  // Styles live in vis "groups" and global defaults, so each item carries only
  // its id, label, position and group: building 5k nodes / 20k edges stays cheap.
  var GROUPS = {};
  Object.keys(STYLE).forEach(function (k) {
    var st = STYLE[k], body = k === "issuer" || k === "unit";
    GROUPS[k] = {shape: st.shape, size: st.size,
                 color: {background: st.bg, border: st.border, highlight: {background: st.bg, border: "#111"},
                         hover: {background: st.bg, border: "#111"}},
                 font: body ? {size: 13, color: "#33402f", strokeWidth: 3, strokeColor: "#ffffff"}
                            : {size: 17, color: "#1d2433", strokeWidth: 4, strokeColor: "#ffffff"}};
  });
  function nodeStyle(n) {
    var st = STYLE[n.kind] || STYLE.unit;
    var bad = worst(violations[n.id]);
    var item = {id: n.id, group: STYLE[n.kind] ? n.kind : "unit"};
    if (bad) {
      item.color = {background: st.bg, border: BAD, highlight: {background: st.bg, border: BAD},
                    hover: {background: st.bg, border: BAD}};
      item.borderWidth = 4;
      item.borderWidthSelected = 5;
      if (bad === "warning") item.shapeProperties = {borderDashes: [4, 3]};
    }
    return item;
  }
  function nodeItem(n) {
    var item = nodeStyle(n);
    item.x = n.x;
    item.y = n.y;
    return item;
  }
  function restyle(n) {
    // Undo a highlight: every property it touched, explicitly (vis resets a null
    // to its own default, not to the group's).
    var kind = STYLE[n.kind] ? n.kind : "unit", g = GROUPS[kind], item = nodeStyle(n);
    var font = {};
    for (var f in g.font) font[f] = g.font[f];
    return {id: n.id, group: kind, size: g.size, shadow: {enabled: false}, font: font,
            color: item.color || {background: g.color.background, border: g.color.border,
                                  highlight: g.color.highlight, hover: g.color.hover},
            borderWidth: item.borderWidth || 1.5, borderWidthSelected: item.borderWidthSelected || 3,
            shapeProperties: item.shapeProperties || {borderDashes: false}};
  }
  // A big view draws plain lines: canvas dashes and arrow heads cost ~2 s per
  // frame at 20k edges; colour alone tells the edge types apart there.
  var BIG = DATA.nodes.length > 1500 || DATA.edges.length > 5000;
  function edgeItem(e, id) {
    var st = EDGE_STYLE[e.type] || PLAIN_EDGE;
    // Selected or hovered, an edge keeps its type's colour and gets wider (selectionWidth).
    var item = {id: id, from: e.s, to: e.t, color: {color: st.color, highlight: st.color, hover: st.color},
                width: st.width};
    if (!BIG && st.dashes) item.dashes = st.dashes;
    if (BIG && e.type === TRACE_EDGE) {
      item.dashes = st.dashes;
      item.arrows = {to: {enabled: true, scaleFactor: 0.5}};
    }
    return item;
  }

  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var nextEdge = 0;

  function addNodes(list) {
    var items = [];
    for (var i = 0; i < list.length; i++) {
      var n = list[i];
      if (byId[n.id]) continue;
      byId[n.id] = n;
      items.push(nodeItem(n));
    }
    if (items.length) { nodes.add(items); labelOrder = null; }
    return items.length;
  }
  function addEdges(list) {
    var items = [];
    for (var i = 0; i < list.length; i++) {
      var e = list[i];
      var key = e.s + "|" + e.type + "|" + e.t;
      // Reporting lines of different plans between the same bodies stay apart (their deadlines differ).
      if (e.via || (e.deadlines && e.deadlines.length)) key += "|" + (e.via || "") + "|" + (e.deadlines || []).join(",");
      if (edgeKeys[key]) continue;
      var id = "e" + (nextEdge++);
      edgeKeys[key] = id;
      edgeData[id] = e;
      items.push(edgeItem(e, id));
    }
    if (items.length) edges.add(items);
    return items.length;
  }

  // Edges arrive as arrays (see render.py): [source, target, type, sentence, derived, extra].
  var SENTENCES = DATA.sentences || [], ETYPES = DATA.edge_types || [];
  DATA.edges = DATA.edges.map(function (a) {
    var e = {s: DATA.nodes[a[0]].id, t: DATA.nodes[a[1]].id, type: ETYPES[a[2]]};
    if (a[3] >= 0) e.sentence = SENTENCES[a[3]];
    if (a[4]) e.derived = true;
    if (a[5]) { e.deadlines = a[5].deadlines; e.via = a[5].via; }
    return e;
  });
  addNodes(DATA.nodes);
  addEdges(DATA.edges);

  // ------------------------------------------------------------ filters
  // Kinds hide nodes of a kind. The document filters (year, level, place, violations) keep
  // only the matching documents and the chain above each (what it implements, up to the
  // central directive), and hide every other node; the view is then re-fitted on them.
  var filter = {year: "", place: "", level: "", kinds: {plan: true, directive: true, issuer: true, unit: true}, viol: false};
  var kept = null;                     // null: no document filter; else id -> "match" | "path"
  function isDoc(n) { return n.kind === "plan" || n.kind === "directive"; }
  function docMatches(n) {
    if (!isDoc(n)) return false;
    if (filter.year && String(n.year || "") !== filter.year) return false;
    if (filter.level && nodeLevel(n) !== filter.level) return false;
    if (filter.place && fold(n.place || n.issuer || "").indexOf(filter.place) < 0) return false;
    if (filter.viol && !violations[n.id]) return false;
    return true;
  }
  function computeKept() {
    if (!(filter.year || filter.level || filter.place || filter.viol)) { kept = null; return; }
    kept = Object.create(null);
    var stack = [];
    for (var id in byId) if (docMatches(byId[id])) { kept[id] = "match"; stack.push(id); }
    // Up the relations the trace follows, from every match.
    while (stack.length) {
      var cur = stack.pop(), conn = network.getConnectedEdges(cur);
      for (var i = 0; i < conn.length; i++) {
        var e = edgeData[conn[i]];
        if (!e || e.s !== cur || !REL[e.type] || !REL[e.type].trace) continue;
        if (!kept[e.t]) { kept[e.t] = "path"; stack.push(e.t); }
      }
    }
  }
  function visible(item) {
    var n = byId[item.id];
    if (!n) return true;
    if (!filter.kinds[n.kind]) return false;
    return kept === null || !!kept[item.id];
  }
  var nodeView = new vis.DataView(nodes, {filter: visible});

  // ------------------------------------------------------------ network
  var container = document.getElementById("vb-network");
  var options = {
    physics: {enabled: false},
    layout: {improvedLayout: false, hierarchical: {enabled: false}},
    groups: GROUPS,
    edges: {smooth: false, selectionWidth: 2, hoverWidth: 1, dashes: false,
            arrows: {to: {enabled: !BIG, scaleFactor: 0.5}},
            color: {inherit: false, highlight: "#111", hover: "#111", opacity: 1}},
    nodes: {borderWidth: 1.5, borderWidthSelected: 3, shadow: {enabled: false},
            scaling: {label: {drawThreshold: 6}}},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG,
                  multiselect: false, navigationButtons: false, keyboard: false, zoomView: true}
  };
  var network = new vis.Network(container, {nodes: nodeView, edges: edges}, options);

  // Fit the given nodes (default: all shown) on the canvas: every node and its label inside,
  // a left margin for the level names. Never zooms in past 1.2 (a few nodes stay a few nodes).
  var LABEL_W = 190, LABEL_BELOW = 46;
  var autoFit = {on: false, ids: null};   // re-fit on a resize until the user moves the view
  function fitTo(ids) {
    autoFit = {on: true, ids: ids};
    ids = ids || nodeView.getIds();
    if (!ids.length) return;
    var W = container.clientWidth, H = container.clientHeight;
    if (!W || !H) return;
    var pos = network.getPositions(ids), x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (var id in pos) {
      var p = pos[id];
      if (p.x < x0) x0 = p.x; if (p.x > x1) x1 = p.x;
      if (p.y < y0) y0 = p.y; if (p.y > y1) y1 = p.y;
    }
    var left = bands.length ? 110 : 16, right = 16, top = 24, bottom = 16;
    // Labels are drawn at a fixed screen size: reserve their room in pixels, not in graph units.
    var availW = W - left - right - LABEL_W, availH = H - top - bottom - LABEL_BELOW;
    var s = Math.min(1.2, availW / Math.max(x1 - x0, 1), availH / Math.max(y1 - y0, 1));
    if (!(s > 0)) s = 0.05;
    // The usable area's centre sits (left - right) / 2 right of the canvas centre, and labels need room below.
    var cx = (x0 + x1) / 2 - (left - right) / 2 / s;
    var cy = (y0 + y1) / 2 + (LABEL_BELOW / 2 - (top - bottom) / 2) / s;
    network.moveTo({scale: s, position: {x: cx, y: cy}, animation: false});
  }
  function fitWithMargin() { fitTo(null); }
  network.on("resize", function () { if (autoFit.on) fitTo(autoFit.ids); });
  network.on("dragStart", function () { autoFit.on = false; });
  network.on("zoom", function () { autoFit.on = false; });

  var firstDraw = null;
  network.once("afterDrawing", function () {
    firstDraw = performance.now();
    VB.firstDrawMs = firstDraw;           // since navigation start
    VB.drawMs = firstDraw - T0;           // since our script started
    VB.ready = true;
    document.body.setAttribute("data-ready", "1");
  });

  // Level bands: light rows in network space, their names in screen space.
  var bands = DATA.bands || [];
  var extent = DATA.extent || {x0: 0, x1: 0};
  network.on("beforeDrawing", function (ctx) {
    var pad = 1e6;  // bands run across the whole canvas
    for (var i = 0; i < bands.length; i++) {
      var b = bands[i];
      ctx.fillStyle = i % 2 ? "#f7f4ec" : "#eef3fa";
      ctx.fillRect(extent.x0 - pad, b.y0, (extent.x1 - extent.x0) + 2 * pad, b.y1 - b.y0);
    }
  });
  network.on("afterDrawing", function (ctx) {
    if (!bands.length) return;
    var dpr = window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = "bold 15px 'DejaVu Sans', Arial, sans-serif";
    ctx.textBaseline = "middle";
    var h = container.clientHeight;
    for (var i = 0; i < bands.length; i++) {
      var b = bands[i];
      var top = network.canvasToDOM({x: 0, y: b.y0}).y, bot = network.canvasToDOM({x: 0, y: b.y1}).y;
      if (bot < 0 || top > h) continue;
      var y = Math.max(top + 14, Math.min(bot - 14, Math.max(14, Math.min(h - 14, (top + bot) / 2))));
      if (bot - top < 16) y = (top + bot) / 2;
      var w = ctx.measureText(b.label).width + 14;
      ctx.fillStyle = "rgba(31,59,115,0.88)";
      ctx.fillRect(6, y - 11, w, 22);
      ctx.fillStyle = "#ffffff";
      ctx.fillText(b.label, 13, y + 1);
    }
    ctx.restore();
  });

  // ------------------------------------------------------------ labels
  // vis draws no label: labels are drawn here at a fixed screen size, most important first
  // (the trace, the selection, search hits, then by level and kind), and a label that would
  // overlap one already drawn is left out. Zooming in shows more of them. Text only: drawn
  // on the canvas, never parsed. Per node, the lines, font, width and rank are computed once;
  // the order by rank is kept until nodes are added, so a frame costs a pass over the nodes.
  var labelBoxes = [], emphasis = Object.create(null), labelInfo = Object.create(null), labelOrder = null;
  var LABEL_FONT = {doc: "bold 12px 'DejaVu Sans', Arial, sans-serif", body: "11px 'DejaVu Sans', Arial, sans-serif"};
  var LINE_PX = 14, MAX_LABELS = 900, dragging = false;
  function labelOf(ctx, id) {
    var li = labelInfo[id];
    if (li) return li;
    var n = byId[id], doc = isDoc(n), dl = n.dl || n.id;
    var lines = doc ? dl.split(" · ") : [dl], font = doc ? LABEL_FONT.doc : LABEL_FONT.body;
    if (ctx.font !== font) ctx.font = font;
    var w = 0;
    for (var i = 0; i < lines.length; i++) w = Math.max(w, ctx.measureText(lines[i]).width);
    li = labelInfo[id] = {lines: lines, font: font, doc: doc, w: w + 6, h: lines.length * LINE_PX + 2,
                          rank: (RANK[nodeLevel(n)] === undefined ? 4 : RANK[nodeLevel(n)]) * 2 + (doc ? 0 : 10)};
    return li;
  }
  network.on("dragStart", function () { dragging = true; });
  network.on("dragEnd", function () { dragging = false; });
  network.on("afterDrawing", function (ctx) {
    if (VB.labelsOff || (BIG && dragging)) { labelBoxes = []; return; }   // a big view pans without labels
    var dpr = window.devicePixelRatio || 1, W = container.clientWidth, H = container.clientHeight;
    var s = network.getScale(), view = network.getViewPosition(), bodyNodes = network.body.nodes;
    ctx.save();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (!labelOrder) {
      var all = Object.keys(byId);
      for (var q = 0; q < all.length; q++) labelOf(ctx, all[q]);
      all.sort(function (a, b) { return labelInfo[a].rank - labelInfo[b].rank || (a < b ? -1 : a > b ? 1 : 0); });
      labelOrder = all;
    }
    var first = Object.keys(emphasis).sort(function (a, b) { return emphasis[a] - emphasis[b]; });
    var grid = Object.create(null), CELL = 80, boxes = [];
    function free(x, y, w, h) {
      var gx0 = Math.floor(x / CELL), gx1 = Math.floor((x + w) / CELL), gy0 = Math.floor(y / CELL), gy1 = Math.floor((y + h) / CELL);
      for (var gx = gx0; gx <= gx1; gx++) for (var gy = gy0; gy <= gy1; gy++) {
        var cell = grid[gx * 100003 + gy];
        if (!cell) continue;
        for (var k = 0; k < cell.length; k++) {
          var o = cell[k];
          if (x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h) return false;
        }
      }
      return true;
    }
    function put(b) {
      var gx0 = Math.floor(b.x / CELL), gx1 = Math.floor((b.x + b.w) / CELL), gy0 = Math.floor(b.y / CELL), gy1 = Math.floor((b.y + b.h) / CELL);
      for (var gx = gx0; gx <= gx1; gx++) for (var gy = gy0; gy <= gy1; gy++) (grid[gx * 100003 + gy] = grid[gx * 100003 + gy] || []).push(b);
    }
    var chosen = [];
    function consider(id, strong) {
      var bn = bodyNodes[id];
      if (!bn || (!strong && emphasis[id] !== undefined)) return;
      var sx = (bn.x - view.x) * s + W / 2;
      if (sx < -100 || sx > W + 100) return;
      var sy = (bn.y - view.y) * s + H / 2 + (bn.options.size || 12) * s + 3;
      if (sy > H || sy < -40) return;
      var li = labelOf(ctx, id), x = sx - li.w / 2;
      if (x + li.w < 0 || x > W || !free(x, sy, li.w, li.h)) return;
      var box = {id: id, x: x, y: sy, w: li.w, h: li.h};
      put(box);
      boxes.push(box);
      chosen.push([li, sx, sy, strong]);
    }
    for (var f = 0; f < first.length; f++) consider(first[f], true);
    for (var c = 0; c < labelOrder.length && boxes.length < MAX_LABELS; c++) consider(labelOrder[c], false);
    // Draw: a light plate under each label (cheaper than a stroked halo), then the text.
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (var d = 0; d < chosen.length; d++) {
      var ch = chosen[d], b = boxes[d];
      ctx.fillStyle = ch[3] ? "rgba(255,245,214,0.95)" : "rgba(255,255,255,0.82)";
      ctx.fillRect(b.x + 1, b.y, b.w - 2, b.h);
    }
    var font = null;
    for (var e = 0; e < chosen.length; e++) {
      var it = chosen[e], info = it[0];
      if (font !== info.font) { ctx.font = font = info.font; }
      ctx.fillStyle = it[3] ? "#111111" : (info.doc ? "#1d2433" : "#33402f");
      for (var l = 0; l < info.lines.length; l++) ctx.fillText(info.lines[l], it[1], it[2] + 1 + l * LINE_PX);
    }
    ctx.restore();
    labelBoxes = boxes;
  });

  // ------------------------------------------------------------ tooltip
  var tip = document.getElementById("vb-tooltip");
  function showTip(lines, pointer) {
    clear(tip);
    for (var i = 0; i < lines.length; i++) {
      var t = lines[i] && lines[i][1];
      if (t) add(tip, el("div", lines[i][0], t.length > 420 ? t.slice(0, 419) + "…" : t));
    }
    var w = container.clientWidth;
    tip.hidden = false;
    var x = pointer.x + 14, y = pointer.y + 14;
    if (x + tip.offsetWidth > w) x = Math.max(0, pointer.x - tip.offsetWidth - 10);
    if (y + tip.offsetHeight > container.clientHeight) y = Math.max(0, pointer.y - tip.offsetHeight - 10);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; clear(tip); }
  function nodeTipLines(n) {
    var isDoc = n.kind === "plan" || n.kind === "directive";
    var lines = [["vb-tt-head", (KIND_VI[n.kind] || n.kind) + ": " + (isDoc ? (n.code || "(không số)") : (n.name || n.id))]];
    if (isDoc) {
      lines.push(["", n.type ? "Loại: " + n.type : ""]);
      lines.push(["", n.date ? "Ngày: " + n.date : ""]);
      lines.push(["", n.issuer ? "Cơ quan ban hành: " + n.issuer : ""]);
      lines.push(["", n.title ? "Trích yếu: " + n.title : ""]);
    } else {
      lines.push(["", n.level ? "Cấp: " + (LEVEL_VI[n.level] || n.level) : ""]);
      lines.push(["", n.place ? "Địa bàn: " + n.place : ""]);
      lines.push(["", n.unit ? "Đơn vị hành chính: " + (n.unit.name || n.unit.id) + " (" + unitNote(n.unit) + ")" : ""]);
    }
    var ev = firstSentence(n.id);
    if (ev) lines.push(["vb-tt-sentence", "“" + ev + "”"]);
    var v = violations[n.id] || [];
    for (var i = 0; i < v.length; i++) lines.push(["vb-tt-bad", "⚠ " + stripPaths(v[i].message)]);
    return lines;
  }
  function firstSentence(id) {
    // The evidence sentence of the first citation that names this node (or that it makes).
    // A plan: what it says when it cites (its own sentence first); others: how they are cited.
    var ids = network.getConnectedEdges(id), fallback = null;
    for (var i = 0; i < ids.length; i++) {
      var e = edgeData[ids[i]];
      if (!e || !e.sentence || !CITATION[e.type]) continue;
      if (e.s === id && REL[e.type].trace) return e.sentence;
      if (!fallback || e.s === id) fallback = e.sentence;
    }
    return fallback;
  }
  network.on("hoverNode", function (p) {
    var n = byId[p.node];
    if (n) showTip(nodeTipLines(n), p.pointer.DOM);
  });
  network.on("hoverEdge", function (p) {
    var e = edgeData[p.edge];
    if (!e) return;
    var a = byId[e.s] || {}, b = byId[e.t] || {};
    var lines = [["vb-tt-head", relLabel(e.type) + (e.derived ? " (suy ra)" : "")],
                 ["", (a.code || a.name || e.s) + " → " + (b.code || b.name || e.t)]];
    if (e.deadlines && e.deadlines.length) lines.push(["", "Hạn: " + e.deadlines.join(", ")]);
    if (e.sentence) lines.push(["vb-tt-sentence", "“" + e.sentence + "”"]);
    showTip(lines, p.pointer.DOM);
  });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // ------------------------------------------------------------ details
  var panel = document.getElementById("vb-details");
  var body = document.getElementById("vb-details-body");
  var current = null;
  document.getElementById("vb-details-close").addEventListener("click", function () {
    panel.hidden = true; current = null; network.unselectAll();
  });

  function dlRow(dl, k, v) {
    if (v === undefined || v === null || v === "") return;
    add(dl, el("dt", null, k), el("dd", null, v));
  }
  function docLabel(d) { return (d.code || d.name || d.id) + (d.issuer ? " — " + d.issuer : "") + (d.date ? " (" + d.date + ")" : ""); }

  function showDetails(id) {
    var n = byId[id];
    if (!n) return;
    current = id;
    panel.hidden = false;
    clear(body);
    var isDoc = n.kind === "plan" || n.kind === "directive";
    var badge = el("span", "vb-kind", KIND_VI[n.kind] || n.kind);
    badge.style.background = (STYLE[n.kind] || STYLE.unit).bg;
    add(body, badge, el("h2", null, isDoc ? (n.code || "(không số)") : (n.name || n.id)));
    var dl = el("dl");
    if (isDoc) {
      dlRow(dl, "Loại", n.type);
      dlRow(dl, "Số hiệu", n.code);
      dlRow(dl, "Ngày", n.date);
      dlRow(dl, "Cơ quan", n.issuer);
      dlRow(dl, "Trích yếu", n.title);
    } else {
      dlRow(dl, "Tên", n.name);
    }
    dlRow(dl, "Cấp", LEVEL_VI[nodeLevel(n)] || "Không rõ");
    dlRow(dl, "Địa bàn", n.place);
    if (n.unit && n.kind === "issuer") dlRow(dl, "Hiệu lực", unitNote(n.unit));
    if (n.central) dlRow(dl, "Trung ương", "có");
    dlRow(dl, "Tệp", n.source ? fileLabel(n.source) : null);
    dlRow(dl, "Mã nút", n.id);
    add(body, dl);
    var bodyBox = el("section", "vb-body");
    bodyBox.id = "vb-body-box";
    add(body, bodyBox);
    loadBody(id, bodyBox);

    // Gaps: rule violations (from check) and what the last trace found.
    var v = violations[id] || [];
    var gaps = el("section", "vb-gaps");
    add(gaps, el("h3", null, "Thiếu sót"));
    var ul = el("ul");
    for (var i = 0; i < v.length; i++) {
      var li = el("li", v[i].severity === "warning" ? "vb-warn" : "vb-bad",
                  (v[i].severity === "warning" ? "Cảnh báo: " : "Vi phạm: ") + stripPaths(v[i].message));
      if (v[i].missing && v[i].missing.length) add(li, el("span", "vb-sentence", "Thiếu: " + v[i].missing.join(", ")));
      add(ul, li);
    }
    if (!v.length) add(ul, el("li", "vb-muted", isDoc && n.source ? "Không vi phạm quy tắc nào." : "Không đánh giá (văn bản chưa nạp)."));
    add(body, add(gaps, ul));

    // Citations in the view; replaced by the full list from the API when served.
    // A body (issuer, unit) lists its links instead: documents issued, tasks, reports.
    var cit = el("section", "vb-citations");
    add(cit, el("h3", null, isDoc ? "Trích dẫn" : "Liên kết trong hình"));
    var outs = el("ul"), ins = el("ul");
    var conn = network.getConnectedEdges(id);
    for (var j = 0; j < conn.length; j++) {
      var e = edgeData[conn[j]];
      if (!e || e.type === TRACE_EDGE) continue;
      var citing = !!CITATION[e.type];
      if (isDoc !== citing) continue;
      var other = byId[e.s === id ? e.t : e.s] || {id: e.s === id ? e.t : e.s};
      var item = el("li", null, relLabel(e.type) + (e.s === id ? " → " : " ← ") + docLabel(other) +
                    (e.deadlines && e.deadlines.length ? " (hạn " + e.deadlines.join(", ") + ")" : ""));
      if (e.sentence) add(item, el("span", "vb-sentence", "“" + e.sentence + "”"));
      add(e.s === id || !isDoc ? outs : ins, item);
    }
    if (!outs.firstChild) add(outs, el("li", "vb-muted", "Không có trong khung nhìn."));
    add(cit, outs);
    if (ins.firstChild) add(cit, el("h3", null, "Được dẫn bởi"), ins);
    add(body, cit);

    var actions = el("section", "vb-actions");
    add(actions, el("h3", null, "Thao tác"));
    if (isDoc) {
      var btn = el("button", "vb-trace-btn", "Truy vết");
      btn.type = "button";
      btn.id = "vb-trace-btn";
      btn.addEventListener("click", function () { runTrace(id); });
      add(actions, btn);
      if (ONLINE && n.source) {
        var tb = el("button", "vb-text-btn", "Văn bản có chú thích");
        tb.type = "button";
        tb.id = "vb-text-btn";
        tb.addEventListener("click", function () { openText(id); });
        add(actions, tb);
      }
      if (ONLINE && !TOKEN) {            // a link cannot carry the token: only without one
        var a = el("a", "vb-doc-link", "Dữ liệu văn bản (JSON, /documents)");
        a.href = apiUrl("/documents/" + encodeURIComponent(id));
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        add(actions, el("br"), a);
      } else {
        add(actions, el("p", "vb-muted", "Tệp ngoại tuyến: mở bằng “vanban serve” (/viz) để xem văn bản có chú thích."));
      }
    }
    if (coverageFor(n)) {
      var cb = el("button", "vb-cov-btn", "Độ phủ (đơn vị có / chưa có kế hoạch)");
      cb.type = "button";
      cb.id = "vb-cov-btn";
      cb.addEventListener("click", function () { openCoverage(id); });
      add(actions, cb);
    }
    if (ONLINE) {
      var ex = el("button", null, "Mở rộng (hàng xóm)");
      ex.type = "button";
      ex.addEventListener("click", function () { expand(id); });
      add(actions, ex);
    }
    add(body, actions);
    var traceBox = el("section", "vb-trace");
    traceBox.id = "vb-trace-box";
    add(body, traceBox);
    if (highlighted.trace && highlighted.trace.id === id) renderTrace(highlighted.trace);

    if (ONLINE && isDoc) {
      getJSON("/documents/" + encodeURIComponent(id)).then(function (doc) {
        if (current !== id) return;
        renderDocument(cit, doc);
      }).catch(function (err) { status("Không tải được chi tiết: " + err.message); });
    }
  }

  // ------------------------------------------------------------ old and new bodies
  // The unit of a body (an issuer, or a document's issuer) and the bodies before and after it
  // along SUCCEEDED_BY (one source: queries.body_links; served at /viz/body, offline in DATA.bodies).
  function loadBody(id, box) {
    var n = byId[id];
    if (!n || !(n.kind === "issuer" || isDoc(n))) return;
    if (!ONLINE) {
      var bid = n.kind === "issuer" ? id : (DATA.body_of || {})[id];
      var info = bid && (DATA.bodies || {})[bid];
      if (info) renderBody(box, info, id);
      return;
    }
    getJSON("/viz/body?ref=" + encodeURIComponent(id)).then(function (info) {
      if (current === id) renderBody(box, info, id);
    }).catch(function (err) { status("Không tải được đơn vị: " + err.message); });
  }
  function bodyButton(b) {
    var btn = el("button", "vb-body-link", (b.name || b.id) + (b.unit ? " — " + unitNote(b.unit) : ""));
    btn.type = "button";
    btn.setAttribute("data-id", b.id);
    btn.title = "Xem cơ quan này trên hình";
    btn.addEventListener("click", function () { focusBody(b.id); });
    return btn;
  }
  function renderBody(box, info, id) {
    clear(box);
    var b = info.body;
    if (!b || (!b.unit && !info.successors.length && !info.predecessors.length)) return;
    add(box, el("h3", null, "Đơn vị hành chính"));
    if (b.id !== id) add(box, el("p", null, "Cơ quan ban hành: "), bodyButton(b));
    if (b.unit) add(box, el("p", "vb-unit", (b.unit.name || b.unit.id) + " — " + unitNote(b.unit)));
    function list(title, items, cls) {
      if (!items.length) return;
      add(box, el("h3", null, title));
      var ul = el("ul", cls);
      items.forEach(function (x) {
        var li = el("li");
        add(li, bodyButton(x));
        if (x.partial) add(li, el("span", "vb-partial", " (một phần: đơn vị cũ bị chia)"));
        add(ul, li);
      });
      add(box, ul);
    }
    list("Trước 1/7/2025 là", info.predecessors, "vb-body-before");
    list("Từ 1/7/2025 thuộc về", info.successors, "vb-body-after");
  }
  // a node that may not be drawn yet: fetched first when served (an offline file has what it has)
  function focusFetched(id, trace, offlineMissing) {
    if (byId[id]) { focusNode(id, trace); return; }
    if (!ONLINE) { status(offlineMissing); return; }
    ensureNodes([id]).then(function () {
      nodeView.refresh();
      if (byId[id]) focusNode(id, trace);
    });
  }
  function focusBody(bid) { focusFetched(bid, false, "Cơ quan này không có trong tệp ngoại tuyến."); }

  function renderDocument(section, doc) {
    clear(section);
    add(section, el("h3", null, "Trích dẫn"));
    var ul = el("ul");
    var cits = doc.citations || [];
    for (var i = 0; i < cits.length; i++) {
      var c = cits[i];
      var li = el("li", null, citeLabel(c.relation) + " → " + docLabel(c.document || {}) +
                  (c.derived ? " (suy ra)" : ""));
      var ev = c.evidence || [];
      for (var k = 0; k < ev.length && k < 2; k++) if (ev[k].sentence) add(li, el("span", "vb-sentence", "“" + ev[k].sentence + "”"));
      add(ul, li);
    }
    if (!cits.length) add(ul, el("li", "vb-muted", "Văn bản không viện dẫn văn bản nào."));
    add(section, ul);
    var by = doc.cited_by || [];
    if (by.length) {
      add(section, el("h3", null, "Được dẫn bởi"));
      var ul2 = el("ul");
      for (var j = 0; j < by.length; j++) add(ul2, el("li", null, citeLabel(by[j].relation) + " ← " + docLabel(by[j].document || {})));
      add(section, ul2);
    }
    var units = doc.units || [];
    if (units.length) {
      add(section, el("h3", null, "Đơn vị được giao"));
      var ul3 = el("ul");
      for (var u = 0; u < units.length; u++) add(ul3, el("li", null, units[u]));
      add(section, ul3);
    }
  }

  // ------------------------------------------------------------ annotated text
  // The stored text with its citations marked, built from text nodes and
  // <mark> elements (never from an HTML string).
  var textBox = document.getElementById("vb-text");
  document.getElementById("vb-text-close").addEventListener("click", function () { textBox.hidden = true; });
  function utf16Index(text) {
    // Python offsets count code points; JS strings count UTF-16 units.
    if (!/[\uD800-\uDBFF]/.test(text)) return function (i) { return i; };
    var map = [0], k = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.length) { i++; }
      k++;
      map[k] = i + 1;
    }
    return function (cp) { return map[Math.min(cp, map.length - 1)]; };
  }
  function renderText(doc) {
    var head = document.getElementById("vb-text-head"), pre = document.getElementById("vb-text-body");
    clear(head); clear(pre);
    add(head, el("h2", null, (doc.code || "(không số)") + (doc.issuer ? " — " + doc.issuer : "")),
        el("p", "vb-muted", fileLabel(doc.source || "")));
    var text = doc.text;
    if (typeof text !== "string" || !text.length) {
      add(pre, el("span", "vb-muted", "Kho dữ liệu không lưu văn bản của tài liệu này."));
      return 0;
    }
    var spans = [];
    (doc.citations || []).forEach(function (c) {
      (c.evidence || []).forEach(function (ev) {
        if (ev.source && doc.source && ev.source !== doc.source) return;
        (ev.spans || []).forEach(function (sp) {
          if (sp && sp.length === 2 && sp[0] < sp[1]) spans.push([sp[0], sp[1], c]);
        });
      });
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var at = utf16Index(text), pos = 0, marks = 0;
    for (var i = 0; i < spans.length; i++) {
      var a = at(spans[i][0]), b = at(spans[i][1]), c = spans[i][2];
      if (a < pos || b > text.length) continue;            // overlapping or out of range: left plain
      pre.appendChild(document.createTextNode(text.slice(pos, a)));
      var rel = BY_NAME[c.relation];
      var m = el("mark", rel && rel.trace ? "vb-mark-impl" : "vb-mark-cite", text.slice(a, b));
      m.title = citeLabel(c.relation) + ": " + docLabel(c.document || {});
      pre.appendChild(m);
      marks++;
      pos = b;
    }
    pre.appendChild(document.createTextNode(text.slice(pos)));
    return marks;
  }
  function openText(id) {
    status("Đang tải văn bản…");
    getJSON("/documents/" + encodeURIComponent(id)).then(function (doc) {
      var k = renderText(doc);
      textBox.hidden = false;
      status("Văn bản: " + k + " trích dẫn được đánh dấu");
    }).catch(function (err) { status("Không tải được văn bản: " + err.message); });
  }

  function onKey(ev) {
    if (ev.key !== "Escape") return;
    if (!textBox.hidden) textBox.hidden = true;
    else if (!covBox.hidden) covBox.hidden = true;
    else if (!panel.hidden) { panel.hidden = true; current = null; network.unselectAll(); }
  }

  network.on("click", function (p) {
    hideTip();
    if (!(p.nodes && p.nodes.length)) return;
    var id = p.nodes[0];
    showDetails(id);
    // Selecting a plan highlights its trace (a directive's trace is itself).
    if (byId[id] && byId[id].kind === "plan" && (!highlighted.trace || highlighted.trace.id !== id)) runTrace(id);
  });

  // ------------------------------------------------------------ trace
  function clearHighlight() {
    var upd = [];
    for (var i = 0; i < highlighted.nodes.length; i++) {
      var n = byId[highlighted.nodes[i]];
      if (n) upd.push(restyle(n));
    }
    if (upd.length) nodes.update(upd);
    var eu = [], rm = [];
    for (var j = 0; j < highlighted.edges.length; j++) {
      var id = highlighted.edges[j];
      var e = edgeData[id];
      if (!e) continue;
      if (e.type === TRACE_EDGE) { rm.push(id); delete edgeData[id]; delete edgeKeys[e.s + "|" + TRACE_EDGE + "|" + e.t]; }
      else {
        var st = EDGE_STYLE[e.type] || PLAIN_EDGE;
        eu.push({id: id, color: {color: st.color, highlight: st.color, hover: st.color}, width: st.width});
      }
    }
    if (eu.length) edges.update(eu);
    if (rm.length) edges.remove(rm);
    highlighted = {nodes: [], edges: [], trace: null};
    emphasis = Object.create(null);
  }
  function setEmphasis(ids, rank) {
    for (var i = 0; i < ids.length; i++) if (emphasis[ids[i]] === undefined || emphasis[ids[i]] > rank) emphasis[ids[i]] = rank;
  }

  function highlightTrace(tr) {
    clearHighlight();
    if (!tr || !tr.chain || !tr.chain.length) return;
    var ids = [];
    for (var i = 0; i < tr.chain.length; i++) if (byId[tr.chain[i].id]) ids.push(tr.chain[i].id);
    var upd = [];
    for (var k = 0; k < ids.length; k++) {
      var n = byId[ids[k]], st = STYLE[n.kind] || STYLE.unit;
      var bad = worst(violations[n.id]);
      upd.push({id: n.id, borderWidth: 5, borderWidthSelected: 6, size: st.size + 6,
                color: {background: st.bg, border: bad ? BAD : GOLD, highlight: {background: st.bg, border: "#111"},
                        hover: {background: st.bg, border: "#111"}},
                shadow: {enabled: true, color: "rgba(255,176,0,0.95)", size: 26, x: 0, y: 0},
                font: {size: 18, color: "#111", strokeWidth: 4, strokeColor: "#fff5d6"}});
    }
    nodes.update(upd);
    var eids = [], newEdges = [];
    for (var m = 0; m + 1 < tr.chain.length; m++) {
      var a = tr.chain[m].id, b = tr.chain[m + 1].id;
      if (!byId[a] || !byId[b]) continue;
      var id = null;
      for (var tt = 0; tt < TRACE_TYPES.length && !id; tt++) id = edgeKeys[a + "|" + TRACE_TYPES[tt] + "|" + b];
      for (var ct in CITATION) if (!id) id = edgeKeys[a + "|" + ct + "|" + b];
      if (id) eids.push(id);
      else newEdges.push({s: a, t: b, type: TRACE_EDGE});
    }
    var hl = [];
    for (var q = 0; q < eids.length; q++) {
      hl.push({id: eids[q], color: {color: GOLD, highlight: GOLD, hover: GOLD}, width: 6});
    }
    if (hl.length) edges.update(hl);
    for (var r = 0; r < newEdges.length; r++) {
      var before = nextEdge;
      addEdges([newEdges[r]]);
      if (nextEdge > before) eids.push("e" + before);
    }
    highlighted = {nodes: ids, edges: eids, trace: tr};
    setEmphasis(ids, 0);
  }

  function renderTrace(tr) {
    var box = document.getElementById("vb-trace-box");
    if (!box) return;
    clear(box);
    add(box, el("h3", null, "Truy vết"));
    var ol = el("ol");
    for (var i = 0; i < tr.chain.length; i++) {
      var c = tr.chain[i];
      add(ol, el("li", "vb-trace-step", (c.code || c.id) + (c.issuer ? " — " + c.issuer : "") +
                  (c.level ? " [" + (LEVEL_VI[c.level] || c.level) + "]" : "")));
    }
    add(box, ol);
    if (tr.central && tr.central.length) {
      add(box, el("p", null, "Văn bản Trung ương: " + tr.central.map(function (c) { return c.code || c.id; }).join(", ")));
    }
    for (var g = 0; g < (tr.gaps || []).length; g++) add(box, el("p", "vb-bad", "Đứt chuỗi: " + stripPaths(tr.gaps[g])));
  }

  function traceView(t) {
    // The API's trace (GET /trace answers a list, one per ref) -> the small shape the page keeps.
    if (Array.isArray(t)) t = t[0] || {};
    return {id: (t.document && t.document.id) || (t.chain && t.chain[0] && t.chain[0].id),
            chain: t.chain || [], central: t.central || [], gaps: t.gaps || []};
  }

  function ensureNodes(ids) {
    var missing = ids.filter(function (id) { return !byId[id]; });
    if (!ONLINE || !missing.length) return Promise.resolve();
    return Promise.all(missing.map(function (id) {
      return getJSON("/subgraph?center=" + encodeURIComponent(id) + "&depth=0&cap=1").then(function (sg) {
        placeNew(sg.nodes || [], byId[ids[0]] || null);
      }).catch(function () { /* a chain element that cannot be shown is skipped */ });
    }));
  }

  function offlineTrace(id) {
    // The compact traces of an offline file: chain ids, details from the nodes.
    var t = (DATA.traces || {})[id];
    if (!t) return null;
    var extra = DATA.trace_nodes || {};
    return {id: id, gaps: t.gaps || [], central: (t.central || []).map(function (c) { return {code: c}; }),
            chain: t.chain.map(function (cid) {
              var n = byId[cid] || extra[cid] || {id: cid};
              return {id: cid, code: n.code, issuer: n.issuer, level: n.level};
            })};
  }
  var traceTicket = 0;
  function runTrace(id) {
    if (!ONLINE) {
      var t = (DATA.trace && DATA.trace.id === id) ? DATA.trace : offlineTrace(id);
      if (!t) { status("Tệp ngoại tuyến không có sẵn truy vết cho văn bản này."); return; }
      highlightTrace(t); renderTrace(t); status("Truy vết: " + t.chain.length + " văn bản");
      return;
    }
    status("Đang truy vết…");
    var ticket = ++traceTicket;       // only the last request asked for is drawn
    getJSON("/trace?ref=" + encodeURIComponent(id)).then(function (res) {
      var t = traceView(res);
      return ensureNodes(t.chain.map(function (c) { return c.id; })).then(function () {
        if (ticket !== traceTicket) return;
        highlightTrace(t);
        if (current === id) renderTrace(t);
        status("Truy vết: " + t.chain.length + " văn bản" + (t.gaps.length ? ", đứt chuỗi" : ""));
      });
    }).catch(function (err) { status("Không truy vết được: " + err.message); });
  }

  // ------------------------------------------------------------ expand
  function rowY(n) {
    var lvl = nodeLevel(n), isDoc = n.kind === "plan" || n.kind === "directive";
    for (var i = 0; i < bands.length; i++) {
      if (bands[i].level === lvl) return bands[i].y0 + LINE_H / 2 + (isDoc ? 0 : Math.min(120, (bands[i].y1 - bands[i].y0) / 2));
    }
    // A level not in the view yet: a new band above or below the others.
    var rank = RANK[lvl] === undefined ? 4 : RANK[lvl];
    var y0 = bands.length ? (rank < (RANK[bands[0].level] || 0) ? bands[0].y0 - 300 : bands[bands.length - 1].y1 + 150) : 0;
    var nb = {level: lvl, label: LEVEL_VI[lvl] || "Không rõ cấp", y0: y0, y1: y0 + 260};
    bands.push(nb);
    bands.sort(function (a, b) { return a.y0 - b.y0; });
    return nb.y0 + LINE_H / 2 + (isDoc ? 0 : 120);
  }
  // Expansion never moves a node already drawn: each new node takes the free slot of its
  // level's row nearest the clicked node (a slot is free when no node sits within a column
  // and most of a line of it), trying the row's own line first, then extra lines below it.
  function occupancy() {
    var grid = Object.create(null), pos = network.getPositions();
    for (var id in pos) {
      var k = Math.round(pos[id].x / SPACING) + "," + Math.round(pos[id].y / LINE_H);
      (grid[k] = grid[k] || []).push(pos[id]);
    }
    return grid;
  }
  function isFree(grid, x, y) {
    var gx = Math.round(x / SPACING), gy = Math.round(y / LINE_H);
    for (var dx = -1; dx <= 1; dx++) for (var dy = -1; dy <= 1; dy++) {
      var cell = grid[(gx + dx) + "," + (gy + dy)];
      if (!cell) continue;
      for (var i = 0; i < cell.length; i++) {
        if (Math.abs(cell[i].x - x) < SPACING * 0.95 && Math.abs(cell[i].y - y) < LINE_H * 0.8) return false;
      }
    }
    return true;
  }
  function placeNew(list, anchor) {
    var fresh = [], seen = Object.create(null);
    for (var i = 0; i < list.length; i++) {
      if (byId[list[i].id] || seen[list[i].id]) continue;
      seen[list[i].id] = 1;
      fresh.push(list[i]);
    }
    if (!fresh.length) return 0;
    var grid = occupancy();
    var ax = 0;
    if (anchor && network.body.nodes[anchor.id]) ax = network.body.nodes[anchor.id].x;
    else if (anchor && anchor.x !== undefined) ax = anchor.x;
    // Nearest first: documents before bodies, then by level.
    fresh.sort(function (a, b) { return (isDoc(a) ? 0 : 1) - (isDoc(b) ? 0 : 1) || (RANK[nodeLevel(a)] || 0) - (RANK[nodeLevel(b)] || 0); });
    for (var j = 0; j < fresh.length; j++) {
      // A body of unknown level goes to the clicked node's level, not to a far band of its own.
      var n = fresh[j], best = null;
      var y = rowY(nodeLevel(n) === "unknown" && anchor ? {kind: n.kind, level: nodeLevel(anchor)} : n);
      for (var r = 0; r < 400 && !best; r++) {
        // Ring r: offsets r columns away (right first), on the row's line then one or two lines below.
        var offs = r === 0 ? [0] : [r, -r];
        for (var line = 0; line < 3 && !best; line++) {
          for (var o = 0; o < offs.length; o++) {
            var x = ax + offs[o] * SPACING, yy = y + line * LINE_H * 0.55 * (line ? 1 : 0);
            if (line && r > line * 3) continue;
            if (isFree(grid, x, yy)) { best = {x: x, y: yy}; break; }
          }
        }
      }
      if (!best) best = {x: ax, y: y};
      n.x = best.x; n.y = best.y;
      var k = Math.round(n.x / SPACING) + "," + Math.round(n.y / LINE_H);
      (grid[k] = grid[k] || []).push({x: n.x, y: n.y});
      n.dl = n.dl || shortLabel(n);
      if (n.source) n.source = fileLabel(n.source);
      if (n.x < extent.x0) extent.x0 = n.x;
      if (n.x > extent.x1) extent.x1 = n.x;
    }
    return addNodes(fresh);
  }
  var TYPE_ABBR = DATA.type_abbr || {};
  function shortLabel(n) {
    // The same "who and what" as render.display_label, for nodes the API adds later.
    if (isDoc(n)) {
      var abbr = TYPE_ABBR[String(n.type || "").toLowerCase().trim()] || "";
      var where = n.place ? String(n.place).split(",")[0].trim() : (n.issuer || "");
      if (where.length > 26) where = where.slice(0, 25) + "…";
      var head = (abbr ? abbr + " " : "") + (n.code || "(không số)");
      return head + (where ? " · " + where : "");
    }
    var s = String(n.name || n.label || n.id);
    return s.length > 30 ? s.slice(0, 29) + "…" : s;
  }
  function loadCheck() {
    if (checkLoaded || !ONLINE) return Promise.resolve();
    checkLoaded = true;
    return getJSON("/check").then(function (res) {
      var vs = res.violations || [];
      for (var i = 0; i < vs.length; i++) {
        var id = vs[i].document && vs[i].document.id;
        if (!id || DATA.violations[id]) continue;
        (violations[id] = violations[id] || []).push({rule: vs[i].rule, severity: vs[i].severity, message: stripPaths(vs[i].message),
                                                      missing: vs[i].missing || []});
      }
    }).catch(function () { checkLoaded = false; });
  }
  function expand(id) {
    if (!ONLINE) {
      status("Tệp ngoại tuyến: không mở rộng được. Hãy mở trang /viz qua “vanban serve”.");
      return;
    }
    status("Đang mở rộng…");
    var cap = DATA.expand_cap || 100;
    Promise.all([getJSON("/subgraph?center=" + encodeURIComponent(id) + "&depth=1&cap=" + cap), loadCheck()])
      .then(function (res) {
        var sg = res[0];
        var before = nodes.length;
        var added = placeNew(sg.nodes || [], byId[id]);
        var es = (sg.edges || []).map(function (e) {
          return {s: e.source, t: e.target, type: e.type, derived: e.derived, sentence: e.sentence,
                  deadlines: e.deadlines, via: e.via};
        });
        addEdges(es);
        // Newly known violations restyle nodes already on the canvas.
        var upd = [];
        nodes.forEach(function (item) { if (violations[item.id] && highlighted.nodes.indexOf(item.id) < 0) upd.push(restyle(byId[item.id])); });
        if (upd.length) nodes.update(upd);
        nodeView.refresh();
        status("Mở rộng: +" + added + " nút (" + nodes.length + " nút)" + (sg.truncated ? "; còn nữa (giới hạn " + cap + ")" : ""));
        return before;
      }).catch(function (err) { status("Không mở rộng được: " + err.message); });
  }
  network.on("doubleClick", function (p) {
    if (p.nodes && p.nodes.length) expand(p.nodes[0]);
  });

  // ------------------------------------------------------------ controls
  var years = {};
  for (var i = 0; i < DATA.nodes.length; i++) if (DATA.nodes[i].year) years[DATA.nodes[i].year] = 1;
  var ysel = document.getElementById("vb-f-year");
  while (ysel.options.length > 1) ysel.remove(1);
  Object.keys(years).sort().forEach(function (y) { var o = el("option", null, y); o.value = y; ysel.appendChild(o); });
  function applyFilters() {
    filter.year = ysel.value;
    filter.place = fold(document.getElementById("vb-f-place").value.trim());
    filter.level = document.getElementById("vb-f-level").value;
    filter.viol = document.getElementById("vb-f-viol").checked;
    var boxes = document.querySelectorAll("#vb-f-kinds input");
    for (var k = 0; k < boxes.length; k++) filter.kinds[boxes[k].value] = boxes[k].checked;
    computeKept();
    nodeView.refresh();
    var msg = "Đang hiện " + nodeView.length + "/" + nodes.length + " nút";
    if (kept) {
      var m = 0, pth = 0;
      for (var id in kept) if (nodeView.get(id)) { if (kept[id] === "match") m++; else pth++; }
      msg += ": " + m + " văn bản khớp" + (pth ? ", " + pth + " trên đường lên Trung ương" : "");
      if (!m) msg = "Không có văn bản nào khớp bộ lọc.";
    }
    status(msg);
    network.redraw();
    fitTo(null);                    // the hits on screen, not where the whole picture was
  }
  function resetFilters() {
    ysel.value = ""; document.getElementById("vb-f-place").value = ""; document.getElementById("vb-f-level").value = "";
    document.getElementById("vb-f-viol").checked = false;
    var boxes = document.querySelectorAll("#vb-f-kinds input");
    for (var k = 0; k < boxes.length; k++) boxes[k].checked = true;
    applyFilters();
  }
  ["vb-f-year", "vb-f-level", "vb-f-viol"].forEach(function (id) { document.getElementById(id).addEventListener("change", applyFilters); });
  document.getElementById("vb-f-place").addEventListener("input", applyFilters);
  document.getElementById("vb-f-kinds").addEventListener("change", applyFilters);
  document.getElementById("vb-fit").addEventListener("click", fitWithMargin);

  // ------------------------------------------------------------ coverage
  // For a directive or a plan above the communes: the bodies below with and without a plan
  // implementing it (one data source: viz/coverage.py, offline in DATA.coverage, served
  // at /viz/coverage). Sortable, exported as CSV; a row with a plan focuses that plan.
  var covBox = document.getElementById("vb-coverage"), covData = null, covSort = {key: "has", dir: -1};   // bodies without a plan first
  document.getElementById("vb-cov-close").addEventListener("click", function () { covBox.hidden = true; });
  document.getElementById("vb-cov-csv").addEventListener("click", function () { downloadCsv(); });
  function coverageFor(n) {
    if (!n || !(n.kind === "directive" || (n.kind === "plan" && (n.level === "province" || n.level === "district")))) return false;
    return ONLINE || !!(DATA.coverage || {})[n.id];
  }
  // Served: a province and a day list every unit of that province on that day (covered / none /
  // ambiguous); the provinces offered are those that existed on the day (/viz/provinces).
  var covDoc = null, covForm = document.getElementById("vb-cov-form");
  var covProv = document.getElementById("vb-cov-province"), covDate = document.getElementById("vb-cov-date");
  var covFold = document.getElementById("vb-cov-fold"), provincesDay = null;
  function todayIso() {
    var d = new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }
  function covDay() { return /^\d{4}-\d{2}-\d{2}$/.test(covDate.value) ? covDate.value : todayIso(); }
  function loadProvinces() {
    var day = covDay();
    if (provincesDay === day) return Promise.resolve();
    return getJSON("/viz/provinces?as_of=" + encodeURIComponent(day)).then(function (res) {
      var keep = covProv.value, found = false;
      while (covProv.options.length > 1) covProv.remove(1);
      (res.provinces || []).forEach(function (u) {
        var o = el("option", null, u.name || u.id);
        o.value = u.id;
        if (u.id === keep) found = true;
        covProv.appendChild(o);
      });
      covProv.value = found ? keep : "";     // a province that no longer existed on the day is dropped
      if (keep && !found) status("Tỉnh đã chọn không còn vào ngày " + dayVi(day) + "; hãy chọn lại.");
      provincesDay = day;
    }).catch(function (err) { status("Không tải được danh sách tỉnh: " + err.message); });
  }
  if (ONLINE) {
    covForm.hidden = false;
    covDate.value = todayIso();
    covDate.addEventListener("change", function () {
      loadProvinces().then(function () { if (covDoc) openCoverage(covDoc); });
    });
    covProv.addEventListener("change", function () { if (covDoc) openCoverage(covDoc); });
    covFold.addEventListener("change", function () { if (covDoc) openCoverage(covDoc); });
  }
  function openCoverage(id) {
    covDoc = id;
    var have = (DATA.coverage || {})[id];
    var province = ONLINE ? covProv.value : "";
    if (have && !province) { renderCoverage(have); return Promise.resolve(have); }
    status("Đang tính độ phủ…");
    var q = "/viz/coverage?ref=" + encodeURIComponent(id);
    if (province) {
      q += "&province=" + encodeURIComponent(province) + "&as_of=" + encodeURIComponent(covDay()) +
           (covFold.checked ? "&fold_old=true" : "");
    }
    return (ONLINE ? loadProvinces() : Promise.resolve()).then(function () {
      return getJSON(q);
    }).then(function (cov) {
      if (covDoc !== id) return cov;        // another document was asked for meanwhile
      status("");
      renderCoverage(cov);
      return cov;
    }).catch(function (err) { status("Không tính được độ phủ: " + err.message); });
  }
  // A row's status (province and day chosen): queries.unit_coverage's, in words and in sort order.
  var STATUS_VI = {covered: "có", folded: "có (qua đơn vị cũ)", partial: "một phần (qua đơn vị cũ bị chia)",
                   ambiguous: "chưa xác định", none: "chưa"};
  var STATUS_RANK = {covered: 0, folded: 1, partial: 2, ambiguous: 3, none: 4};
  var COV_COLS = [
    {key: "unit", label: "Đơn vị", get: function (r) { return r.unit || ""; }},
    {key: "level", label: "Cấp", get: function (r) { return LEVEL_VI[r.level] || r.level || ""; },
     order: function (r) { return RANK[r.level] === undefined ? 9 : RANK[r.level]; }},
    {key: "parent", label: "Thuộc", get: function (r) { return r.parent || ""; }},
    {key: "has", label: "Kế hoạch", get: function (r) {
      var codes = r.plans.map(function (p) { return p.code || "(không số)"; }).join(", ");
      if (r.status && r.status !== "covered") return STATUS_VI[r.status] + (codes ? ": " + codes : "");
      return r.plans.length ? codes : "chưa có";
    }, order: function (r) { return r.status ? STATUS_RANK[r.status] : (r.plans.length ? 0 : 1); }},
    {key: "date", label: "Ngày", get: function (r) { return r.plans.length ? (r.plans[0].date || "") : ""; }}
  ];
  function sortedRows() {
    var col = COV_COLS.filter(function (c) { return c.key === covSort.key; })[0] || COV_COLS[0];
    var key = col.order || col.get;
    return covData.rows.slice().sort(function (a, b) {
      var x = key(a), y = key(b);
      var c = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y), "vi");
      return c * covSort.dir || ((RANK[a.level] === undefined ? 9 : RANK[a.level]) - (RANK[b.level] === undefined ? 9 : RANK[b.level])) ||
             String(a.unit).localeCompare(String(b.unit), "vi");
    });
  }
  function renderCoverage(cov) {
    covData = cov;
    var head = document.getElementById("vb-cov-head"), table = document.getElementById("vb-cov-table");
    clear(head); clear(table);
    var code = (cov.document && (cov.document.code || cov.document.id)) || "";
    if (cov.province) {
      add(head, el("h2", null, "Độ phủ: " + code + " — " + cov.province + ", ngày " + dayVi(cov.as_of)),
          el("p", "vb-muted", "Đơn vị: " + cov.rows.length + " · Có kế hoạch thực hiện: " + cov.with_plan +
             " · Chưa có: " + cov.without_plan + " · Chưa xác định: " + (cov.ambiguous || 0)));
    } else {
      add(head, el("h2", null, "Độ phủ: " + code),
          el("p", "vb-muted", "Có kế hoạch thực hiện: " + cov.with_plan + " · Chưa có: " + cov.without_plan));
    }
    var thead = el("thead"), tr = el("tr");
    COV_COLS.forEach(function (c) {
      var th = el("th"), b = el("button", "vb-cov-sort", c.label + (covSort.key === c.key ? (covSort.dir > 0 ? " ▲" : " ▼") : ""));
      b.type = "button";
      b.setAttribute("data-key", c.key);
      b.addEventListener("click", function () {
        covSort = {key: c.key, dir: covSort.key === c.key ? -covSort.dir : 1};
        renderCoverage(covData);
      });
      th.appendChild(b);
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    var tbody = el("tbody");
    sortedRows().forEach(function (r) {
      var row = el("tr", r.plans.length ? "vb-cov-yes" : (r.status && r.status !== "none" ? "vb-cov-maybe" : "vb-cov-no"));
      if (r.unit_id) row.setAttribute("data-unit", r.unit_id);
      COV_COLS.forEach(function (c) { row.appendChild(el("td", null, c.get(r))); });
      if (r.plans.length) {
        row.setAttribute("data-plan", r.plans[0].id);
        row.tabIndex = 0;
        row.title = "Xem kế hoạch này trên hình";
        row.addEventListener("click", function () { focusPlan(r.plans[0].id); });
        row.addEventListener("keydown", function (ev) { if (ev.key === "Enter") focusPlan(r.plans[0].id); });
      }
      tbody.appendChild(row);
    });
    table.appendChild(thead);
    table.appendChild(tbody);
    if (!cov.rows.length) add(head, el("p", "vb-muted", "Chưa biết đơn vị nào dưới văn bản này."));
    covBox.hidden = false;
  }
  function focusPlan(pid) { focusFetched(pid, true, "Kế hoạch này không có trong tệp ngoại tuyến."); }
  function csvCell(v) {
    v = String(v === undefined || v === null ? "" : v);
    if (/^[=+\-@\t\r]/.test(v)) v = "'" + v;           // a spreadsheet must not read a cell as a formula
    return /[",\r\n;]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function coverageCsv() {
    if (!covData) return "";
    var lines = [["Đơn vị", "Cấp", "Thuộc", "Có kế hoạch", "Số hiệu", "Ngày"].map(csvCell).join(",")];
    sortedRows().forEach(function (r) {
      lines.push([r.unit, LEVEL_VI[r.level] || r.level || "", r.parent || "",
                  r.status ? STATUS_VI[r.status] : (r.plans.length ? "có" : "chưa"),
                  r.plans.map(function (p) { return p.code || ""; }).join("; "),
                  r.plans.map(function (p) { return p.date || ""; }).join("; ")].map(csvCell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  function downloadCsv() {
    var text = coverageCsv();
    if (!text) return;
    var url = URL.createObjectURL(new Blob(["\ufeff" + text], {type: "text/csv;charset=utf-8"}));
    var a = el("a");
    a.href = url;
    var name = String((covData.document && covData.document.code) || "van-ban") +
               (covData.province ? "-" + covData.province + "-" + covData.as_of : "");
    a.download = "do-phu-" + name.replace(/[^\w.-]+/g, "-") + ".csv";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // ------------------------------------------------------------ legend
  // The relations' legend, from the payload's list (no relation name in this file).
  (function () {
    var ul = document.getElementById("vb-legend-edges"), NS = "http://www.w3.org/2000/svg";
    clear(ul);
    RELATIONS.forEach(function (r) {
      var svg = document.createElementNS(NS, "svg"), line = document.createElementNS(NS, "line");
      svg.setAttribute("width", "26"); svg.setAttribute("height", "10"); svg.setAttribute("aria-hidden", "true");
      line.setAttribute("x1", "1"); line.setAttribute("y1", "5"); line.setAttribute("x2", "25"); line.setAttribute("y2", "5");
      var st = r.style || {};
      line.setAttribute("stroke", st.color || "#999999");
      line.setAttribute("stroke-width", String(Math.max(1.5, (st.width || 1) + 0.3)));
      if (st.dashes) line.setAttribute("stroke-dasharray", st.dashes.join(","));
      svg.appendChild(line);
      var li = el("li");
      li.appendChild(svg);
      li.appendChild(document.createTextNode(" " + r.label_vi));
      li.title = r.label_en;
      ul.appendChild(li);
    });
  })();

  // ------------------------------------------------------------ search
  // Ranked like `vanban search`: accents and case ignored, every word of the query must be
  // found; a word scores most in the code (a number equal to the code's number, "33" for
  // 33/CT-TTg), then in the type ("chi thi"), the issuer or place, then the title.
  var searchIndex = null;
  function words(s) { return fold(s).split(/[^a-z0-9]+/).filter(function (w) { return w; }); }
  function indexNode(n) {
    var code = n.code || "", num = (code.match(/\d+/) || [""])[0];
    return {code: words(code), num: num, codeFull: fold(code).replace(/\s+/g, ""),
            type: words((n.type || "") + " " + (TYPE_ABBR[String(n.type || "").toLowerCase().trim()] || "")),
            who: words([n.issuer, n.place, n.name].join(" ")), title: words(n.title)};
  }
  function wordScore(list, w, full, part) {
    var best = 0;
    for (var i = 0; i < list.length; i++) {
      if (list[i] === w) return full;
      if (w.length >= 3 && list[i].indexOf(w) === 0) best = part;
    }
    return best;
  }
  function searchNodes(text, limit) {
    var qf = fold(text).trim(), qw = words(text);
    if (!qw.length) return [];
    var qnums = qw.filter(function (w) { return /^\d+$/.test(w); });
    var out = [];
    nodeView.forEach(function (item) {
      var n = byId[item.id];
      if (!n) return;
      var ix = n.__ix || (n.__ix = indexNode(n)), score = 0;
      for (var i = 0; i < qw.length; i++) {
        var w = qw[i];
        var sc = Math.max(w === ix.num ? 40 : 0, wordScore(ix.code, w, 30, 15), wordScore(ix.type, w, 10, 5),
                          wordScore(ix.who, w, 8, 4), wordScore(ix.title, w, 4, 2));
        if (!sc) return;                 // every word must be found
        score += sc;
      }
      if (ix.codeFull && qf.replace(/\s+/g, "") === ix.codeFull) score += 100;
      if (qnums.length && ix.num && qnums.indexOf(ix.num) < 0) score -= 15;   // another number in the code
      out.push({id: n.id, score: score, n: n});
    });
    var kindOrder = {directive: 0, plan: 1, issuer: 2, unit: 3};
    out.sort(function (a, b) {
      return b.score - a.score || (RANK[nodeLevel(a.n)] || 0) - (RANK[nodeLevel(b.n)] || 0) ||
             (kindOrder[a.n.kind] || 0) - (kindOrder[b.n.kind] || 0) || (a.n.code || a.n.name || "").localeCompare(b.n.code || b.n.name || "");
    });
    return out.slice(0, limit || 8);
  }
  function focusNode(id, withTrace) {
    // Select a node, bring it to the middle of the screen (readable), show it and its trace.
    if (!byId[id]) return;
    if (!nodeView.get(id)) {                  // hidden by a filter: the user asked for it, show it
      resetFilters();
    }
    network.selectNodes([id]);
    setEmphasis([id], 1);
    showDetails(id);
    network.redraw();                         // the details panel took width: measure the canvas again
    network.moveTo({position: network.getPositions([id])[id], scale: Math.max(network.getScale(), 0.9), animation: false});
    autoFit.on = false;
    if (withTrace && byId[id].kind === "plan") runTrace(id);
    else if (withTrace && isDoc(byId[id])) highlightTrace({id: id, chain: [{id: id}], central: [], gaps: []});
  }
  var findMsg = document.getElementById("vb-find-msg"), findList = document.getElementById("vb-find-hits");
  document.getElementById("vb-find-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = document.getElementById("vb-find").value;
    findMsg.textContent = "";                  // a new search clears the last one's message
    clear(findList);
    status("");
    if (!fold(text).trim()) return;
    var hits = searchNodes(text, 8);
    if (!hits.length) {
      if (ONLINE) return searchServer(text);
      findMsg.textContent = "Không thấy nút nào khớp trong hình.";
      return;
    }
    hits.forEach(function (h, i) {
      var note = !isDoc(h.n) && h.n.unit ? " (" + unitNote(h.n.unit) + ")" : "";   // namesakes differ
      var b = el("button", i === 0 ? "vb-hit vb-hit-best" : "vb-hit", (h.n.dl || h.n.code || h.n.name || h.id) + note);
      b.type = "button";
      b.setAttribute("data-id", h.id);
      b.addEventListener("click", function () { focusNode(h.id, true); });
      var li = el("li");
      li.appendChild(b);
      findList.appendChild(li);
    });
    focusNode(hits[0].id, true);
  });
  function searchServer(text) {
    // Nothing in the picture: ask the store (GET /search), then bring the best hit in.
    findMsg.textContent = "Đang tìm trong kho…";
    getJSON("/search?limit=5&q=" + encodeURIComponent(text)).then(function (res) {
      var best = (res || [])[0];
      if (!best) { findMsg.textContent = "Không thấy văn bản nào khớp."; return; }
      return ensureNodes([best.id]).then(function () {
        if (!byId[best.id]) { findMsg.textContent = "Không thấy văn bản nào khớp."; return; }
        findMsg.textContent = "";
        nodeView.refresh();
        focusNode(best.id, true);
      });
    }).catch(function (err) { findMsg.textContent = "Không tìm được: " + err.message; });
  }

  // Served: ask the server for a new view of the whole store with these filters.
  if (ONLINE) {
    document.getElementById("vb-server-filter").hidden = false;
    var params = new URLSearchParams(window.location.search);
    document.getElementById("vb-f-cap").value = params.get("cap") || String(DATA.nodes.length > 300 ? DATA.nodes.length : 300);
    document.getElementById("vb-reload").addEventListener("click", function () {
      var q = new URLSearchParams();
      if (DATA.focus) q.set("focus", DATA.focus);
      if (params.get("depth")) q.set("depth", params.get("depth"));
      if (filter.year) q.set("year", filter.year);
      var place = document.getElementById("vb-f-place").value.trim();
      if (place) q.set("place", place);
      if (filter.level && filter.level !== "unknown") q.set("level", filter.level);
      Object.keys(filter.kinds).forEach(function (k) { if (filter.kinds[k]) q.append("kind", k); });
      if (q.getAll("kind").length === 4) q.delete("kind");
      var cap = parseInt(document.getElementById("vb-f-cap").value, 10);
      if (cap > 0) q.set("cap", String(Math.min(cap, 5000)));
      if (TOKEN) {                     // a page load would lose the token: fetch the new view in place
        window.history.replaceState(null, "", "?" + q.toString());
        loadWithToken("?" + q.toString());
        return;
      }
      window.location.search = q.toString();
    });
  }
  document.getElementById("vb-clear").addEventListener("click", function () { clearHighlight(); status(""); });
  document.getElementById("vb-hint").textContent = ONLINE
    ? "Nhấp vào một nút để xem chi tiết; nhấp đúp để mở rộng (tối đa " + (DATA.expand_cap || 100) + " nút kề)."
    : "Nhấp vào một nút để xem chi tiết. Tệp ngoại tuyến: không mở rộng được bằng nhấp đúp; hãy mở /viz qua “vanban serve”.";
  if (BIG) document.getElementById("vb-hint").textContent += " Khung nhìn lớn: cạnh vẽ bằng nét liền, không mũi tên (để vẽ nhanh); phóng to để đọc nhãn.";
  if (DATA.truncated) status("Đang hiện " + DATA.nodes.length + "/" + DATA.total_nodes + " nút" + (ONLINE ? " — nhấp đúp để mở rộng" : ""));

  // ------------------------------------------------------------ test/bench hooks
  var hooks = {
    network: network, nodes: nodes, edges: edges, view: nodeView,
    highlighted: function () { return highlighted.nodes.slice(); },
    highlightedEdges: function () { return highlighted.edges.map(function (id) { var e = edgeData[id]; return [e.s, e.t, e.type]; }); },
    fit: fitWithMargin, showDetails: showDetails, trace: runTrace, expand: expand, clearHighlight: clearHighlight, openText: openText,
    visibleCount: function () { return nodeView.length; },
    labelBoxes: function () { return labelBoxes.slice(); },
    search: searchNodes, focusNode: focusNode, openCoverage: openCoverage, coverageCsv: coverageCsv,
    applyFilters: applyFilters
  };
  for (var hk in hooks) VB[hk] = hooks[hk];

  if (DATA.trace) highlightTrace(DATA.trace);
  fitWithMargin();
  var focus = DATA.focus && byId[DATA.focus] ? DATA.focus : null;
  if (focus) {
    network.selectNodes([focus]);
    setEmphasis([focus], 0);
    showDetails(focus);
    network.redraw();          // the details panel took width: measure the canvas again
    fitWithMargin();
  }
  return {network: network, onKey: onKey};
}
})();
