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
  var DATA = JSON.parse(document.getElementById("vb-data").textContent);
  var API = DATA.api;                 // null: offline file; "" or a loopback URL: served
  var ONLINE = API !== null && API !== undefined;

  var KIND_VI = {plan: "Kế hoạch", directive: "Văn bản chỉ đạo", issuer: "Cơ quan ban hành", unit: "Đơn vị"};
  var LEVEL_VI = {central: "Trung ương", province: "Tỉnh", district: "Huyện", commune: "Xã"};
  var REL_VI = {IMPLEMENTS: "Thực hiện", CITES: "Viện dẫn", ISSUED_BY: "Ban hành bởi", ASSIGNED: "Giao nhiệm vụ",
                SENT_TO: "Gửi đến", REPORTS_TO: "Báo cáo về", PART_OF: "Trực thuộc", TRACE: "Truy vết"};
  var STYLE = {
    plan: {shape: "dot", bg: "#4e79a7", border: "#2b4a6f", size: 14},
    directive: {shape: "diamond", bg: "#f28e2b", border: "#a85a12", size: 16},
    issuer: {shape: "square", bg: "#59a14f", border: "#356b2f", size: 11},
    unit: {shape: "triangle", bg: "#b07aa1", border: "#74476a", size: 10}
  };
  var EDGE_STYLE = {
    IMPLEMENTS: {color: "#1f3b73", width: 2.2},
    CITES: {color: "#7f7f7f", width: 1.2, dashes: [6, 4]},
    ISSUED_BY: {color: "#8cc084", width: 1},
    ASSIGNED: {color: "#c9a9c0", width: 0.8},
    SENT_TO: {color: "#c9a9c0", width: 0.8},
    REPORTS_TO: {color: "#a678a0", width: 1},
    PART_OF: {color: "#b8c4b0", width: 1, dashes: [2, 4]},
    TRACE: {color: "#ffb000", width: 5, dashes: [10, 6]}
  };
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
  function status(msg) { document.getElementById("vb-status").textContent = msg || ""; }
  function apiUrl(path) { return String(API || "") + path; }
  function getJSON(path) {
    return fetch(apiUrl(path), {headers: {"Accept": "application/json"}, credentials: "same-origin"}).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) {
          var msg = (body && (body.message_vi || body.detail || body.message)) || ("HTTP " + r.status);
          if (typeof msg !== "string") msg = JSON.stringify(msg);
          throw new Error(msg);
        }
        return body;
      });
    });
  }
  function nodeLevel(n) { return n.level || (n.central ? "central" : "unknown"); }
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
    item.label = n.dl || n.id;
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
  // A crowded picture: "cites" lines fade so the implementation chains stand out.
  if (DATA.nodes.length > 150) {
    EDGE_STYLE.CITES = {color: "#c4c4c4", width: 0.8, dashes: [5, 4]};
    EDGE_STYLE.ISSUED_BY = {color: "#b9d9b3", width: 0.8};
  }
  function edgeItem(e, id) {
    var st = EDGE_STYLE[e.type] || EDGE_STYLE.CITES;
    // Selected or hovered, an edge keeps its type's colour and gets wider (selectionWidth).
    var item = {id: id, from: e.s, to: e.t, color: {color: st.color, highlight: st.color, hover: st.color},
                width: st.width};
    if (!BIG && st.dashes) item.dashes = st.dashes;
    if (BIG && e.type === "TRACE") {
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
    if (items.length) nodes.add(items);
    return items.length;
  }
  function addEdges(list) {
    var items = [];
    for (var i = 0; i < list.length; i++) {
      var e = list[i];
      var key = e.s + "|" + e.type + "|" + e.t;
      // Reporting lines of different plans between the same bodies stay apart (their deadlines differ).
      if (e.type === "REPORTS_TO") key += "|" + (e.via || "") + "|" + (e.deadlines || []).join(",");
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
  var filter = {year: "", place: "", level: "", kinds: {plan: true, directive: true, issuer: true, unit: true}, viol: false};
  function visible(item) {
    var n = byId[item.id];
    if (!n) return true;
    if (!filter.kinds[n.kind]) return false;
    var isDoc = n.kind === "plan" || n.kind === "directive";
    if (filter.year && isDoc && String(n.year || "") !== filter.year) return false;
    if (filter.level && nodeLevel(n) !== filter.level) return false;
    if (filter.place) {
      var hay = fold(n.place || (isDoc ? n.issuer : n.name) || "");
      if (hay.indexOf(filter.place) < 0) return false;
    }
    if (filter.viol && isDoc && !violations[n.id]) return false;
    return true;
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

  // Fit the picture, leaving a left margin for the level names drawn there.
  function fitWithMargin() {
    network.fit({animation: false});
    var W = container.clientWidth, margin = bands.length ? 120 : 20, right = 20;
    var span = (extent.x1 - extent.x0) + SPACING;           // node positions plus half a label each side
    if (!W || span <= 0) return;
    var s = Math.min(network.getScale(), (W - margin - right) / span);
    var cx = (extent.x0 + extent.x1) / 2;
    var view = network.getViewPosition();
    network.moveTo({scale: s, position: {x: cx - (margin - right) / 2 / s, y: view.y}, animation: false});
  }

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
    }
    var ev = firstSentence(n.id);
    if (ev) lines.push(["vb-tt-sentence", "“" + ev + "”"]);
    var v = violations[n.id] || [];
    for (var i = 0; i < v.length; i++) lines.push(["vb-tt-bad", "⚠ " + v[i].message]);
    return lines;
  }
  function firstSentence(id) {
    // The evidence sentence of the first citation that names this node (or that it makes).
    // A plan: what it says when it cites (its own sentence first); others: how they are cited.
    var ids = network.getConnectedEdges(id), fallback = null;
    for (var i = 0; i < ids.length; i++) {
      var e = edgeData[ids[i]];
      if (!e || !e.sentence || (e.type !== "IMPLEMENTS" && e.type !== "CITES")) continue;
      if (e.s === id && e.type === "IMPLEMENTS") return e.sentence;
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
    var lines = [["vb-tt-head", (REL_VI[e.type] || e.type) + (e.derived ? " (suy ra)" : "")],
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
    if (n.central) dlRow(dl, "Trung ương", "có");
    dlRow(dl, "Tệp", n.source);
    dlRow(dl, "Mã nút", n.id);
    add(body, dl);

    // Gaps: rule violations (from check) and what the last trace found.
    var v = violations[id] || [];
    var gaps = el("section", "vb-gaps");
    add(gaps, el("h3", null, "Thiếu sót"));
    var ul = el("ul");
    for (var i = 0; i < v.length; i++) {
      var li = el("li", v[i].severity === "warning" ? "vb-warn" : "vb-bad",
                  (v[i].severity === "warning" ? "Cảnh báo: " : "Vi phạm: ") + v[i].message);
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
      if (!e || e.type === "TRACE") continue;
      var citing = e.type === "IMPLEMENTS" || e.type === "CITES";
      if (isDoc !== citing) continue;
      var other = byId[e.s === id ? e.t : e.s] || {id: e.s === id ? e.t : e.s};
      var item = el("li", null, (REL_VI[e.type] || e.type) + (e.s === id ? " → " : " ← ") + docLabel(other) +
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
      if (ONLINE) {
        var a = el("a", "vb-doc-link", "Dữ liệu văn bản (JSON, /documents)");
        a.href = apiUrl("/documents/" + encodeURIComponent(id));
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        add(actions, el("br"), a);
      } else {
        add(actions, el("p", "vb-muted", "Tệp ngoại tuyến: mở bằng “vanban serve” (/viz) để xem văn bản có chú thích."));
      }
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

  function renderDocument(section, doc) {
    clear(section);
    add(section, el("h3", null, "Trích dẫn"));
    var ul = el("ul");
    var cits = doc.citations || [];
    for (var i = 0; i < cits.length; i++) {
      var c = cits[i];
      var li = el("li", null, (c.relation === "implements" ? "Thực hiện → " : "Viện dẫn → ") + docLabel(c.document || {}) +
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
      for (var j = 0; j < by.length; j++) add(ul2, el("li", null, (by[j].relation === "implements" ? "Thực hiện ← " : "Viện dẫn ← ") + docLabel(by[j].document || {})));
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
        el("p", "vb-muted", doc.source || ""));
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
      var m = el("mark", c.relation === "implements" ? "vb-mark-impl" : "vb-mark-cite", text.slice(a, b));
      m.title = (c.relation === "implements" ? "Thực hiện: " : "Viện dẫn: ") + docLabel(c.document || {});
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

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    if (!textBox.hidden) textBox.hidden = true;
    else if (!panel.hidden) { panel.hidden = true; current = null; network.unselectAll(); }
  });

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
      if (e.type === "TRACE") { rm.push(id); delete edgeData[id]; delete edgeKeys[e.s + "|TRACE|" + e.t]; }
      else {
        var st = EDGE_STYLE[e.type] || EDGE_STYLE.CITES;
        eu.push({id: id, color: {color: st.color, highlight: st.color, hover: st.color}, width: st.width});
      }
    }
    if (eu.length) edges.update(eu);
    if (rm.length) edges.remove(rm);
    highlighted = {nodes: [], edges: [], trace: null};
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
      var id = edgeKeys[a + "|IMPLEMENTS|" + b] || edgeKeys[a + "|CITES|" + b];
      if (id) eids.push(id);
      else newEdges.push({s: a, t: b, type: "TRACE"});
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
    for (var g = 0; g < (tr.gaps || []).length; g++) add(box, el("p", "vb-bad", "Đứt chuỗi: " + tr.gaps[g]));
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
  var LINE_H = (DATA.layout && DATA.layout.line_h) || 95, SPACING = (DATA.layout && DATA.layout.spacing) || 190;
  var RANK = {central: 0, province: 1, district: 2, commune: 3, unknown: 4};
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
  function placeNew(list, anchor) {
    // New nodes go to the row of their level, side by side around the anchor's x.
    var groups = {};
    var fresh = list.filter(function (n) { return !byId[n.id]; });
    for (var i = 0; i < fresh.length; i++) {
      var y = rowY(fresh[i]);
      (groups[y] = groups[y] || []).push(fresh[i]);
    }
    var ax = anchor ? (nodes.get(anchor.id) || anchor).x || 0 : 0;
    Object.keys(groups).forEach(function (k) {
      var g = groups[k], y = Number(k);
      for (var j = 0; j < g.length; j++) {
        var n = g[j];
        n.dl = n.dl || shortLabel(n);
        n.x = ax + (j - (g.length - 1) / 2) * SPACING * 0.8;
        n.y = y + ((j % 2) ? LINE_H * 0.45 : 0);
        if (n.x < extent.x0) extent.x0 = n.x;
        if (n.x > extent.x1) extent.x1 = n.x;
      }
    });
    return addNodes(fresh);
  }
  function shortLabel(n) {
    var isDoc = n.kind === "plan" || n.kind === "directive";
    if (isDoc) {
      var where = n.place ? String(n.place).split(",")[0] : (n.issuer || "");
      return (n.code || String(n.title || n.id).slice(0, 24)) + (where ? "\n" + where.slice(0, 26) : "");
    }
    var s = String(n.name || n.id);
    return s.length > 44 ? s.slice(0, 43) + "…" : s;
  }
  function loadCheck() {
    if (checkLoaded || !ONLINE) return Promise.resolve();
    checkLoaded = true;
    return getJSON("/check").then(function (res) {
      var vs = res.violations || [];
      for (var i = 0; i < vs.length; i++) {
        var id = vs[i].document && vs[i].document.id;
        if (!id || DATA.violations[id]) continue;
        (violations[id] = violations[id] || []).push({rule: vs[i].rule, severity: vs[i].severity, message: vs[i].message,
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
  Object.keys(years).sort().forEach(function (y) { var o = el("option", null, y); o.value = y; ysel.appendChild(o); });
  function applyFilters() {
    filter.year = ysel.value;
    filter.place = fold(document.getElementById("vb-f-place").value.trim());
    filter.level = document.getElementById("vb-f-level").value;
    filter.viol = document.getElementById("vb-f-viol").checked;
    var boxes = document.querySelectorAll("#vb-f-kinds input");
    for (var k = 0; k < boxes.length; k++) filter.kinds[boxes[k].value] = boxes[k].checked;
    nodeView.refresh();
    status("Đang hiện " + nodeView.length + "/" + nodes.length + " nút");
  }
  ["vb-f-year", "vb-f-level", "vb-f-viol"].forEach(function (id) { document.getElementById(id).addEventListener("change", applyFilters); });
  document.getElementById("vb-f-place").addEventListener("input", applyFilters);
  document.getElementById("vb-f-kinds").addEventListener("change", applyFilters);
  document.getElementById("vb-fit").addEventListener("click", fitWithMargin);

  // Find a node of the picture by code, name or title (accents ignored).
  document.getElementById("vb-find-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = fold(document.getElementById("vb-find").value.trim());
    if (!q) return;
    var hit = null;
    nodeView.forEach(function (item) {
      if (hit) return;
      var n = byId[item.id];
      if (fold([n.code, n.name, n.title, n.issuer].join(" ")).indexOf(q) >= 0) hit = n.id;
    });
    if (!hit) { status("Không thấy nút nào khớp trong hình."); return; }
    network.selectNodes([hit]);
    network.focus(hit, {scale: Math.max(network.getScale(), 1.0), animation: false});
    showDetails(hit);
  });

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
    visibleCount: function () { return nodeView.length; }
  };
  for (var hk in hooks) VB[hk] = hooks[hk];

  if (DATA.trace) highlightTrace(DATA.trace);
  fitWithMargin();
  var focus = DATA.focus && byId[DATA.focus] ? DATA.focus : null;
  if (focus) {
    network.selectNodes([focus]);
    showDetails(focus);
    network.redraw();          // the details panel took width: measure the canvas again
    fitWithMargin();
  }
})();
